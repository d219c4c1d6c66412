"""Run a question set through the assistant (and the baseline), write the run folder, and
compare two runs.

A run folder holds ``results.jsonl`` (one results-format line per question),
``metrics.json`` (overall + per type), ``report.md`` and the PNG plots; with the
baseline, ``baseline/`` holds the baseline's own ``results.jsonl`` and ``metrics.json``,
so ``python -m eval compare RUN RUN/baseline`` works too.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from eval.dataset import DEFAULT_QUESTIONS, GoldQuestion, file_sha256, load_questions
from eval.errors import EvalError
from eval.metrics import DEFAULT_MAX_WORDS
from eval.results import RESULTS_FILE, ResultRecord, read_results, record_from_json
from eval.scoring import ScoredRun, SystemResult, score_run

METRICS_FILE = "metrics.json"
REPORT_FILE = "report.md"
BASELINE_DIR = "baseline"


class AnswerLike(Protocol):
    """What ``ask`` returns: anything with the results-format ``to_json`` of qa.types.Answer."""

    def to_json(self, qid: str | None = None) -> dict[str, Any]: ...


class AskLike(Protocol):
    """The assistant interface the runner needs (``qa.Assistant`` and the baseline)."""

    def ask(self, question: str, history: list[tuple[str, str]] | None = None) -> Any: ...


def default_out_dir() -> Path:
    """eval/runs/<timestamp>/ under the current directory."""
    return Path("eval") / "runs" / datetime.now().strftime("%Y%m%d-%H%M%S")


def _add_printed(line: dict[str, Any], answer: Any) -> None:
    """Carry each table row's printed (flattened) text into its retrieved/cited item, so
    table_row evidence is matched however the row is rendered."""
    for key, attr in (("retrieved", "retrieved"), ("citations", "citations")):
        items = line.get(key) or []
        objects = getattr(answer, attr, None) or ()
        if len(items) != len(objects):
            continue
        for item, obj in zip(items, objects, strict=True):
            printed = getattr(getattr(obj, "passage", None), "printed", "")
            if printed and isinstance(item, dict):
                item.setdefault("printed", printed)


def answer_one(system: AskLike, q: GoldQuestion, answerer: str | None = None,
               history: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """Ask one question (a conversation's turn with `history`, the earlier turns and the
    system's own answers); return its results line. A failing ask becomes an `error`
    line (scored wrong and listed in the report) rather than ending a long run."""
    t0 = time.perf_counter()
    ask: Any = system.ask  # the baseline's ask takes no answerer: pass it only when asked
    kwargs: dict[str, Any] = {"history": history} if history else {}
    if answerer:
        kwargs["answerer"] = answerer
    try:
        answer = ask(q.question, **kwargs)
    except Exception as exc:  # recorded per question, shown in the report and on stderr
        return {
            "id": q.id,
            "question": q.question,
            "answer": "",
            "abstained": False,
            "citations": [],
            "retrieved": [],
            "latency_ms": round((time.perf_counter() - t0) * 1000, 2),
            "error": f"{type(exc).__name__}: {exc}",
        }
    wall_ms = (time.perf_counter() - t0) * 1000
    line = answer.to_json(q.id)
    line["id"] = q.id
    _add_printed(line, answer)
    if not line.get("latency_ms"):
        line["latency_ms"] = round(wall_ms, 2)
    return line


def answer_all(
    system: AskLike,
    questions: Sequence[GoldQuestion],
    results_file: Path,
    *,
    desc: str,
    progress: bool = True,
    answerer: str | None = None,
) -> tuple[list[ResultRecord], float]:
    """Answer every question, writing results.jsonl as it goes; return records and seconds."""
    from tqdm import tqdm

    results_file.parent.mkdir(parents=True, exist_ok=True)
    records: list[ResultRecord] = []
    t0 = time.perf_counter()
    history: list[tuple[str, str]] = []
    with results_file.open("w", encoding="utf-8") as fh:
        for q in tqdm(questions, desc=desc, unit="q", disable=not progress, file=sys.stderr):
            if q.turn <= 1:
                history = []
            line = answer_one(system, q, answerer, history)
            if q.turn:
                history.append((q.question, str(line.get("answer", ""))))
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            fh.flush()
            records.append(record_from_json(line))
    return records, time.perf_counter() - t0


def llm_support(results_file: Path) -> dict[str, Any]:
    """LLM answerer figures from the results lines' timings (qa/llm.py):
    llm_supported_share = sum(llm_supported) / sum(llm_sentences) over the run (sentences
    supported by the passages their own markers cite); llm_recited_share likewise for
    sentences cited to another given passage that supports them; llm_fallbacks =
    questions answered extractively because the LLM failed."""
    sums = {"llm_sentences": 0.0, "llm_supported": 0.0, "llm_recited": 0.0, "llm_failed": 0.0}
    for raw in results_file.read_text(encoding="utf-8").splitlines():
        timings = (json.loads(raw).get("timings") or {}) if raw.strip() else {}
        for key in sums:
            sums[key] += timings.get(key, 0.0)
    n = sums["llm_sentences"]
    return {
        "llm_sentences": int(n),
        "llm_supported_share": sums["llm_supported"] / n if n else None,
        "llm_recited_share": sums["llm_recited"] / n if n else None,
        "llm_fallbacks": int(sums["llm_failed"]),
    }


def make_assistant() -> AskLike:
    """The real assistant (``qa.Assistant``)."""
    try:
        from qa import Assistant  # type: ignore[attr-defined]
    except ImportError as exc:
        raise EvalError(f"cannot import qa.Assistant ({exc}); is the qa stage installed?") from exc
    return Assistant()


def _describe(system: Any) -> str:
    """A system's class, plus its index fingerprint when it has one."""
    text = f"{type(system).__module__}.{type(system).__name__}"
    fingerprint = str(getattr(system, "fingerprint", "") or "")
    return f"{text} (index {fingerprint[:12]})" if fingerprint else text


def _metrics_doc(meta: dict[str, Any], scored: ScoredRun) -> dict[str, Any]:
    return {"meta": meta, "overall": scored.overall, "per_type": scored.per_type}


def _write_json(path: Path, doc: dict[str, Any]) -> None:
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class RunOutcome:
    """What `run_eval` wrote and computed."""

    out_dir: Path
    questions: tuple[GoldQuestion, ...]
    systems: tuple[SystemResult, ...]  # the assistant, then the baseline if run
    meta: dict[str, Any]

    @property
    def assistant(self) -> SystemResult:
        return self.systems[0]

    @property
    def baseline(self) -> SystemResult | None:
        return self.systems[1] if len(self.systems) > 1 else None


def _settings_snapshot() -> dict[str, Any]:
    try:
        from settings import get_settings

        return get_settings().model_dump(mode="json")
    except Exception as exc:  # the snapshot is informative only; say why it is absent
        return {"unavailable": f"{type(exc).__name__}: {exc}"}


def run_eval(
    questions_path: str | Path = DEFAULT_QUESTIONS,
    out_dir: str | Path | None = None,
    *,
    assistant: AskLike | None = None,
    baseline: bool = False,
    baseline_system: AskLike | None = None,
    max_words: int = DEFAULT_MAX_WORDS,
    limit: int | None = None,
    progress: bool = True,
    answerer: str | None = None,
) -> RunOutcome:
    """Validate the questions, answer them, and write the run folder.

    `assistant` defaults to ``qa.Assistant()``; with `baseline`, `baseline_system`
    defaults to :class:`eval.baseline.BaselineRAG`. Nothing runs on a broken questions file.
    """
    if max_words < 1:
        raise EvalError(f"--max-words must be at least 1, got {max_words}")
    if limit is not None and limit < 1:
        raise EvalError(f"--limit must be at least 1, got {limit}")
    qpath = Path(questions_path)
    questions = load_questions(qpath)
    if limit is not None:
        questions = questions[:limit]
    out = Path(out_dir) if out_dir is not None else default_out_dir()
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.now().isoformat(timespec="seconds")
    t_start = time.perf_counter()
    systems = [_run_system("assistant", make_assistant, assistant, out, questions, max_words,
                           progress, answerer)]
    if baseline:
        from eval.baseline import BaselineRAG

        systems.append(_run_system("baseline", BaselineRAG, baseline_system,
                                   out / BASELINE_DIR, questions, max_words, progress))
    meta: dict[str, Any] = {
        "questions": str(qpath.resolve()),
        "questions_sha256": file_sha256(qpath),
        "n_questions": len(questions),
        "limit": limit,
        "answerer": answerer or "extractive",
        "max_words": max_words,
        "started_at": started,
        "duration_s": round(time.perf_counter() - t_start, 2),
        "systems": {
            s.name: {
                "description": s.description,
                "setup_s": round(s.setup_s, 2),
                "answer_s": round(s.answer_s, 2),
            }
            for s in systems
        },
        "settings": _settings_snapshot(),
    }
    _write_run(out, meta, systems, questions)
    return RunOutcome(out_dir=out, questions=tuple(questions), systems=tuple(systems), meta=meta)


def _run_system(name: str, factory: Any, system: AskLike | None, folder: Path,
                questions: Sequence[GoldQuestion], max_words: int, progress: bool,
                answerer: str | None = None) -> SystemResult:
    """Build (or take) one system, answer every question, and score its answers."""
    t0 = time.perf_counter()
    built = system if system is not None else factory()
    setup_s = time.perf_counter() - t0
    try:
        records, answer_s = answer_all(
            built, questions, folder / RESULTS_FILE, desc=name, progress=progress,
            answerer=answerer,
        )
    finally:
        close = getattr(built, "close", None)
        if system is None and callable(close):
            close()
    description = getattr(built, "description", "") or _describe(built)
    scored = score_run(questions, records, max_words)
    if answerer == "llm":
        scored.overall.update(llm_support(folder / RESULTS_FILE))
    return SystemResult(name=name, description=description, records=tuple(records),
                        scored=scored, setup_s=setup_s, answer_s=answer_s)


def _write_run(out: Path, meta: dict[str, Any], systems: Sequence[SystemResult],
               questions: Sequence[GoldQuestion]) -> None:
    """metrics.json (and the baseline's), the plots and report.md of a run."""
    doc = _metrics_doc(meta, systems[0].scored)
    if len(systems) > 1:
        doc["baseline"] = {
            "overall": systems[1].scored.overall,
            "per_type": systems[1].scored.per_type,
        }
        _write_json(out / BASELINE_DIR / METRICS_FILE, _metrics_doc(meta, systems[1].scored))
    _write_json(out / METRICS_FILE, doc)

    from eval.plots import write_plots
    from eval.report import render_report

    plots = write_plots(out, systems)
    golds = {q.id: q for q in questions}
    (out / REPORT_FILE).write_text(render_report(meta, systems, golds, plots), encoding="utf-8")


# -- compare -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Flip:
    """A question whose verdict changed between two runs."""

    id: str
    type: str
    question: str
    why_a: str
    why_b: str


@dataclass(frozen=True)
class Comparison:
    """Two runs scored against the same questions file."""

    run_a: str
    run_b: str
    questions: str
    max_words: int
    n_common: int
    right_a: int
    right_b: int
    to_wrong: tuple[Flip, ...]  # right in A, wrong in B
    to_right: tuple[Flip, ...]  # wrong in A, right in B
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    not_in_questions: tuple[str, ...]
    note: str = ""


def _run_meta(run: Path) -> dict[str, Any]:
    folder = run if run.is_dir() else run.parent
    path = folder / METRICS_FILE
    if not path.is_file():
        return {}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {}
    meta = doc.get("meta") if isinstance(doc, dict) else None
    return meta if isinstance(meta, dict) else {}


def compare_runs(
    run_a: str | Path,
    run_b: str | Path,
    questions_path: str | Path | None = None,
    max_words: int | None = None,
) -> Comparison:
    """Score both runs against one questions file and list the questions that flipped.

    The questions file and word cap default to those recorded in RUN_A's metrics.json,
    then to eval/questions.jsonl and 100 words.
    """
    a, b = Path(run_a), Path(run_b)
    recs_a, recs_b = read_results(a), read_results(b)
    meta = _run_meta(a)
    note = ""
    if questions_path is None:
        recorded = meta.get("questions")
        questions_path = (
            Path(recorded)
            if isinstance(recorded, str) and Path(recorded).is_file()
            else DEFAULT_QUESTIONS
        )
    qpath = Path(questions_path)
    questions = load_questions(qpath)
    if meta.get("questions_sha256") and meta["questions_sha256"] != file_sha256(qpath):
        note = f"{qpath} changed since {a} was run; verdicts use the current file"
    cap = max_words if max_words is not None else int(meta.get("max_words") or DEFAULT_MAX_WORDS)
    sa, sb = score_run(questions, recs_a, cap), score_run(questions, recs_b, cap)
    by_a = {s.id: s for s in sa.scores}
    by_b = {s.id: s for s in sb.scores}
    common = [q for q in questions if q.id in by_a and q.id in by_b]
    to_wrong: list[Flip] = []
    to_right: list[Flip] = []
    for q in common:
        x, y = by_a[q.id], by_b[q.id]
        if x.correct != y.correct:
            flip = Flip(q.id, q.type, q.question, x.why, y.why)
            (to_wrong if x.correct else to_right).append(flip)
    return Comparison(
        run_a=str(a),
        run_b=str(b),
        questions=str(qpath),
        max_words=cap,
        n_common=len(common),
        right_a=sum(by_a[q.id].correct for q in common),
        right_b=sum(by_b[q.id].correct for q in common),
        to_wrong=tuple(to_wrong),
        to_right=tuple(to_right),
        only_a=tuple(i for i in by_a if i not in by_b),
        only_b=tuple(i for i in by_b if i not in by_a),
        not_in_questions=tuple(sorted(set(sa.unknown) | set(sb.unknown))),
        note=note,
    )


def format_comparison(c: Comparison) -> str:
    """The text `python -m eval compare` prints."""

    def pct(n: int) -> str:
        return f"{n}/{c.n_common} ({100 * n / c.n_common:.1f}%)" if c.n_common else "0/0"

    lines = [
        f"A: {c.run_a}  right {pct(c.right_a)}",
        f"B: {c.run_b}  right {pct(c.right_b)}",
        f"questions: {c.questions}  (word cap {c.max_words})",
    ]
    if c.note:
        lines.append(f"note: {c.note}")
    for title, flips, why in (
        ("right → wrong", c.to_wrong, "why_b"),
        ("wrong → right", c.to_right, "why_a"),
    ):
        lines.append("")
        lines.append(f"{title} ({len(flips)}):")
        for f in flips:
            lines.append(f"  {f.id} [{f.type}] {f.question}")
            reason = getattr(f, why)
            if reason:
                lines.append(f"      {'now' if why == 'why_b' else 'was'}: {reason}")
    unchanged = c.n_common - len(c.to_wrong) - len(c.to_right)
    lines += ["", f"unchanged: {unchanged}"]
    if c.only_a:
        lines.append(f"only in A: {', '.join(c.only_a)}")
    if c.only_b:
        lines.append(f"only in B: {', '.join(c.only_b)}")
    if c.not_in_questions:
        lines.append(f"not in the questions file (ignored): {', '.join(c.not_in_questions)}")
    return "\n".join(lines)
