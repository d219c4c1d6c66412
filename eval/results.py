"""Typed records for one line of ``results.jsonl`` (the results format of DESIGN.md).

The runner writes a line per question from ``Answer.to_json(qid)``; everything that scores
a run reads the lines back through :func:`record_from_json`, so a results file written by
any other system in the same format can be scored the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.errors import EvalError

RESULTS_FILE = "results.jsonl"


@dataclass(frozen=True)
class RetrievedItem:
    """A passage the system retrieved; `printed` is a table row as the source printed it."""

    passage_id: str
    text: str
    score: float | None = None
    kind: str = ""
    printed: str = ""


@dataclass(frozen=True)
class CitedItem:
    """One citation of an answer: the quote, and the whole text of the cited passage."""

    marker: str
    passage_id: str
    quote: str
    text: str
    kind: str = ""
    printed: str = ""


@dataclass(frozen=True)
class ResultRecord:
    """What a system answered to one question, as read back from results.jsonl."""

    id: str
    question: str
    answer: str
    abstained: bool
    citations: tuple[CitedItem, ...]
    retrieved: tuple[RetrievedItem, ...]
    latency_ms: float
    error: str = ""
    standalone_question: str = ""  # the question as the system read it (a follow-up's rewrite)


def _str(obj: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = obj.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a string")
    return value


def record_from_json(obj: Any) -> ResultRecord:
    """Build a ResultRecord from one decoded results line; ValueError names a bad field."""
    if not isinstance(obj, dict):
        raise ValueError("expected a JSON object")
    if "id" not in obj:
        raise ValueError("missing key 'id'")
    abstained = obj.get("abstained", False)
    if not isinstance(abstained, bool):
        raise ValueError("'abstained' must be true or false")
    latency = obj.get("latency_ms", 0.0)
    if isinstance(latency, bool) or not isinstance(latency, int | float):
        raise ValueError("'latency_ms' must be a number")
    citations = []
    for c in obj.get("citations") or []:
        if not isinstance(c, dict):
            raise ValueError("each citation must be an object")
        citations.append(
            CitedItem(
                marker=_str(c, "marker", ""),
                passage_id=_str(c, "passage_id", ""),
                quote=_str(c, "quote", ""),
                text=_str(c, "text", ""),
                kind=_str(c, "kind", ""),
                printed=_str(c, "printed", ""),
            )
        )
    retrieved = []
    for r in obj.get("retrieved") or []:
        if not isinstance(r, dict):
            raise ValueError("each retrieved item must be an object")
        score = r.get("score")
        retrieved.append(
            RetrievedItem(
                passage_id=_str(r, "passage_id", ""),
                text=_str(r, "text"),
                score=float(score) if isinstance(score, int | float) else None,
                kind=_str(r, "kind", ""),
                printed=_str(r, "printed", ""),
            )
        )
    return ResultRecord(
        id=_str(obj, "id"),
        question=_str(obj, "question", ""),
        standalone_question=_str(obj, "standalone_question", ""),
        answer=_str(obj, "answer", ""),
        abstained=abstained,
        citations=tuple(citations),
        retrieved=tuple(retrieved),
        latency_ms=float(latency),
        error=_str(obj, "error", ""),
    )


def results_path(run: str | Path) -> Path:
    """The results.jsonl of a run folder (or the file itself when given a file)."""
    p = Path(run)
    return p / RESULTS_FILE if p.is_dir() else p


def read_results(run: str | Path) -> list[ResultRecord]:
    """Read a run's results.jsonl; EvalError lists every bad line with its number."""
    path = results_path(run)
    if not path.is_file():
        raise EvalError(f"{run}: no {RESULTS_FILE} there; give a folder written by `eval run`")
    records: list[ResultRecord] = []
    problems: list[str] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            records.append(record_from_json(json.loads(raw)))
        except (json.JSONDecodeError, ValueError) as exc:
            problems.append(f"{path}:{lineno}: {exc}")
    if problems:
        raise EvalError("\n  ".join([f"{path}: unreadable results:", *problems]))
    return records
