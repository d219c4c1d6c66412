"""Stage 6: a profile of the question path (pyinstrument when installed, else cProfile)."""

from __future__ import annotations

import contextlib
import math
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from eval.bench.config import shown, without_root
from eval.bench.measure import torch_threads, version

_FLAT_LINE = re.compile(r"^\s*(\d+\.\d+)\s+(.+?)\s*$")


def profile_questions(assistant: Any, questions: Sequence[str], out_dir: Path) -> dict[str, Any]:
    """Profile ``ask`` over the questions (cache cleared each time); top entries and a file."""
    idx = assistant.index

    def one_pass() -> None:
        for q in questions:
            idx.clear_query_cache()
            with contextlib.suppress(Exception):
                assistant.ask(q)

    path = out_dir / "profile.txt"
    try:
        from pyinstrument import Profiler
        from pyinstrument.renderers import ConsoleRenderer
    except ImportError:
        return {**_cprofile(one_pass, path), "questions": len(questions)}
    profiler = Profiler(interval=0.0005)
    profiler.start()
    one_pass()
    session = profiler.stop()
    total = session.duration or 1e-9

    def flat(mode: Literal["self", "total"]) -> list[tuple[float, str]]:
        text = profiler.output(ConsoleRenderer(flat=True, flat_time=mode, unicode=False,
                                               color=False))
        rows = []
        for line in text.splitlines():
            m = _FLAT_LINE.match(line)
            if m:
                rows.append((float(m.group(1)), m.group(2)))
        return rows

    tree = profiler.output_text(unicode=False, color=False, show_all=False)
    self_rows, total_rows = flat("self"), flat("total")
    path.write_text(without_root(
        f"pyinstrument profile of Assistant.ask over {len(questions)} questions "
        f"(query cache cleared before each)\n\n== call tree\n{tree}\n"
        + "== by own time\n" + "\n".join(f"{s:8.3f}s  {name}" for s, name in self_rows)
        + "\n\n== by total time\n" + "\n".join(f"{s:8.3f}s  {name}" for s, name in total_rows)
        + "\n"), "utf-8")
    project = ("qa/", "index/", "source/", "eval/")
    return {
        "tool": f"pyinstrument {version('pyinstrument')}",
        "seconds": total,
        "cpu_seconds": float(getattr(session, "cpu_time", math.nan) or math.nan),
        "threads": torch_threads(),
        "questions": len(questions),
        "top_self": [(s, s / total, name) for s, name in self_rows[:15]],
        "top_total_project": [(s, s / total, name) for s, name in total_rows
                              if any(p in name for p in project)
                              and "eval/bench/" not in name][:15],
        "file": shown(path),
    }


def _cprofile(one_pass: Callable[[], None], path: Path) -> dict[str, Any]:
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.runcall(one_pass)
    total = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(60)
    path.write_text(without_root("cProfile (pyinstrument is not installed)\n" + buf.getvalue()),
                    "utf-8")
    entries = stats.stats  # type: ignore[attr-defined]
    by_self = sorted(entries.items(), key=lambda kv: -kv[1][2])[:15]
    by_total = sorted(entries.items(), key=lambda kv: -kv[1][3])

    def name(key: tuple[str, int, str]) -> str:
        file, line, fn = key
        return f"{fn}  {file}:{line}"

    project = ("/qa/", "/index/", "/source/", "/eval/")
    return {
        "tool": "cProfile (install pyinstrument for a sampling profile)",
        "seconds": total,
        "top_self": [(v[2], v[2] / total, name(k)) for k, v in by_self],
        "top_total_project": [(v[3], v[3] / total, name(k)) for k, v in by_total
                              if any(p in k[0] for p in project)
                              and "/eval/bench/" not in k[0]][:15],
        "file": shown(path),
    }
