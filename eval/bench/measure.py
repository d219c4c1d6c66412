"""Small measuring tools of the benchmark: timers, distributions, the machine, the console."""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eval.bench.config import ROOT
from eval.metrics import percentile

DEFAULT_QUESTIONS = ROOT / "eval" / "questions.jsonl"
FALLBACK_QUESTIONS = [
    "Which exosomal circRNAs drive anti-PD1 resistance in HCC?",
    "What does circRNA-SORE bind?",
    "How do exosomes mediate sorafenib resistance?",
    "Which miRNAs in Table 1 concern cisplatin?",
    "What is the role of PD-L1 on exosomes?",
    "How does miR-21 affect 5-FU response?",
]


def summarize(values: Sequence[float]) -> dict[str, float]:
    """p50, p95, mean, min, max and n of a list of milliseconds (NaN when empty)."""
    if not values:
        return {"n": 0, "p50": math.nan, "p95": math.nan, "mean": math.nan,
                "min": math.nan, "max": math.nan}
    return {
        "n": len(values),
        "p50": statistics.median(values),
        "p95": _p95(values),
        "mean": statistics.fmean(values),
        "min": min(values),
        "max": max(values),
    }


def _p95(values: Sequence[float]) -> float:
    p = percentile(values, 95)
    return math.nan if p is None else p


def timed(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of ``fn()``."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def timed_both(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of ``fn()``.

    CPU time is what other processes on a shared machine disturb least, so the
    build/plain ratio is given on both clocks.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def latencies_ms(fn: Callable[[Any], object], queries: Sequence[Any]) -> list[float]:
    """Milliseconds of ``fn(q)`` for each query."""
    out = []
    for q in queries:
        started = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - started) * 1000)
    return out


def load_questions(path: Path | None) -> list[str]:
    """The 'question' of each line of a JSONL file (default: eval/questions.jsonl)."""
    path = path or DEFAULT_QUESTIONS
    if not path.is_file():
        return FALLBACK_QUESTIONS
    return [
        json.loads(line)["question"]
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]


def loadavg() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:  # pragma: no cover - not on Linux
        return (math.nan, math.nan, math.nan)


def load_note() -> str:
    one, five, fifteen = loadavg()
    return f"load {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min)"


def mem_total_mb() -> tuple[float, float]:
    total = avail = math.nan
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                total = int(line.split()[1]) / 1024
            elif line.startswith("MemAvailable:"):
                avail = int(line.split()[1]) / 1024
    except OSError:
        pass
    return total, avail


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "-"


def machine_info() -> dict[str, Any]:
    """Cores, memory, load and the versions that matter for these figures."""
    total, avail = mem_total_mb()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        usable = os.cpu_count() or 0
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": usable,
        "memory_total_mb": round(total),
        "memory_available_mb": round(avail),
        "loadavg_start": [round(x, 2) for x in loadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {d: version(d) for d in (
            "torch", "sentence-transformers", "chromadb", "bm25s", "langchain-core", "gradio",
            "pyinstrument")},
        "env": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")
                if k in os.environ},
    }


class Console:
    """Prints a line at once and keeps it, so RESULTS.md holds exactly what was printed."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str = "") -> None:
        for line in text.split("\n"):
            self.lines.append(line)
        print(text, flush=True)

    def stage(self, title: str) -> None:
        self(f"\n== {title}  [{load_note()}]")


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) \
        else f"{value:.{digits}f}"


def torch_threads() -> int:
    import torch

    return int(torch.get_num_threads())


def set_threads(n: int) -> None:
    import torch

    torch.set_num_threads(n)
