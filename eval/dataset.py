"""Load and validate a gold questions file (JSON Lines, the format of DESIGN.md).

Every line is checked before anything runs: bad JSON, missing keys, an unknown type,
wrong field types and duplicate ids are all collected and raised together as one
:class:`~eval.errors.QuestionFileError`, each problem with its line number.
Any file in the format is accepted, not only the project's own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from eval.errors import QuestionFileError

QUESTION_TYPES: tuple[str, ...] = (
    "factoid",
    "table_lookup",
    "table_aggregate",
    "multi_hop",
    "definition",
    "numeric",
    "unanswerable",
    "paraphrase",
)
EVIDENCE_KINDS: tuple[str, ...] = ("section", "table_row", "reference")
# Evidence a retrieved passage can hold; a "reference" quote is of the reference list,
# which is not cut into passages (literature questions name its entries), so it is
# accepted but left out of retrieval recall and of "answers citing gold evidence".
PASSAGE_EVIDENCE_KINDS: tuple[str, ...] = ("section", "table_row")
REQUIRED_KEYS: tuple[str, ...] = ("id", "question", "type")
# (a question with neither must_include nor any_of is unanswerable)
OPTIONAL_KEYS: tuple[str, ...] = ("answer", "must_include", "any_of", "evidence", "refs")

DEFAULT_QUESTIONS = Path(__file__).resolve().parent / "questions.jsonl"


@dataclass(frozen=True)
class GoldEvidence:
    """Where the review answers a question: an exact quote, in a section or a Table row."""

    kind: str  # "section" | "table_row" | "reference"
    section: str
    quote: str


@dataclass(frozen=True)
class GoldQuestion:
    """One gold question; `line` is its 1-based line in the questions file."""

    id: str
    question: str
    answer: str
    type: str
    must_include: tuple[str, ...]
    any_of: tuple[tuple[str, ...], ...]
    evidence: tuple[GoldEvidence, ...]
    refs: tuple[int, ...] = ()
    line: int = 0
    conversation: str = ""  # the conversation's id, for a turn of one
    turn: int = 0  # 1-based position in its conversation (0: a single question)

    @property
    def answerable(self) -> bool:
        """False when the right response is an abstention (neither must_include nor any_of)."""
        return bool(self.must_include or self.any_of)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "object", list: "array", str: "string", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


def _is_str_list(value: Any, *, nonempty_items: bool = True) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, str) and (v.strip() or not nonempty_items) for v in value
    )


def _parse_evidence(items: Any, where: str, problems: list[str]) -> list[GoldEvidence]:
    """A question's evidence items, each checked; problems are appended to `problems`."""
    evidence: list[GoldEvidence] = []
    if not isinstance(items, list):
        problems.append(f"{where}: 'evidence' must be an array of objects, got "
                        f"{_type_name(items)}")
        return evidence
    for i, item in enumerate(items):
        at = f"{where}: evidence[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{at} must be an object, got {_type_name(item)}")
            continue
        kind, section, quote = item.get("kind"), item.get("section"), item.get("quote")
        ok = True
        if kind not in EVIDENCE_KINDS:
            problems.append(f"{at}.kind must be one of {', '.join(EVIDENCE_KINDS)}, got {kind!r}")
            ok = False
        if not isinstance(section, str):
            problems.append(f"{at}.section must be a string, got {_type_name(section)}")
            ok = False
        if not (isinstance(quote, str) and quote.strip()):
            problems.append(f"{at}.quote must be a non-empty string, got {_type_name(quote)}")
            ok = False
        if ok:
            evidence.append(GoldEvidence(kind=str(kind), section=str(section), quote=str(quote)))
    return evidence


def parse_question(obj: Any, where: str) -> tuple[GoldQuestion | None, list[str]]:
    """Check one decoded line; return the question (None if broken) and its problems.

    `where` prefixes every problem (e.g. ``"questions.jsonl:7"``).
    """
    if not isinstance(obj, dict):
        return None, [f"{where}: expected a JSON object, got {_type_name(obj)}"]
    problems: list[str] = []
    missing = [k for k in REQUIRED_KEYS if k not in obj]
    if missing:
        problems.append(f"{where}: missing key(s): {', '.join(missing)}")

    def bad(key: str, expected: str) -> None:
        problems.append(f"{where}: '{key}' must be {expected}, got {_type_name(obj[key])}")

    for key in ("id", "question"):
        if key in obj and not (isinstance(obj[key], str) and obj[key].strip()):
            bad(key, "a non-empty string")
    if "answer" in obj and not isinstance(obj["answer"], str):
        bad("answer", "a string")
    if "type" in obj and not (isinstance(obj["type"], str) and obj["type"].strip()):
        bad("type", "a non-empty string (a free label: known types get their own report "
            "rows, others are reported under their own name)")
    if "must_include" in obj and not _is_str_list(obj["must_include"]):
        bad("must_include", "an array of non-empty strings")
    if "any_of" in obj:
        groups = obj["any_of"]
        if not isinstance(groups, list) or not all(_is_str_list(g) and g for g in groups):
            bad("any_of", "an array of non-empty arrays of non-empty strings")
    if "refs" in obj:
        refs = obj["refs"]
        if not isinstance(refs, list) or not all(
            isinstance(r, int) and not isinstance(r, bool) for r in refs
        ):
            bad("refs", "an array of integers")
    evidence = _parse_evidence(obj["evidence"], where, problems) if "evidence" in obj else []
    if problems:
        return None, problems

    must = tuple(obj.get("must_include", ()))
    any_of = tuple(tuple(g) for g in obj.get("any_of", ()))
    qtype = obj["type"]
    if qtype == "unanswerable" and (must or any_of):
        problems.append(
            f"{where}: type 'unanswerable' must have empty must_include and any_of "
            "(an unanswerable question is scored by abstention)"
        )
    if problems:
        return None, problems
    return (
        GoldQuestion(
            id=obj["id"],
            question=obj["question"],
            answer=obj.get("answer", ""),
            type=qtype,
            must_include=must,
            any_of=any_of,
            evidence=tuple(evidence),
            refs=tuple(obj.get("refs", ())),
        ),
        [],
    )


def parse_conversation(obj: dict[str, Any], where: str) -> tuple[list[GoldQuestion], list[str]]:
    """A conversation item: its turns as gold questions ("c01.t2"), asked in order with
    the assistant's own earlier answers as history. A turn's "kind" (pronoun, ellipsis,
    ...) is its type in the report; its position is `turn`."""
    cid = obj.get("id")
    if not (isinstance(cid, str) and cid.strip()):
        return [], [f"{where}: 'id' must be a non-empty string"]
    turns = obj.get("turns")
    if not isinstance(turns, list) or not turns:
        return [], [f"{where}: a conversation needs 'turns', a non-empty array of questions"]
    out: list[GoldQuestion] = []
    problems: list[str] = []
    for i, turn in enumerate(turns, start=1):
        if not isinstance(turn, dict):
            problems.append(f"{where}: turns[{i - 1}] must be an object")
            continue
        kind = turn.get("kind") if isinstance(turn.get("kind"), str) else ""
        item = {**turn, "id": f"{cid}.t{i}", "type": kind or "conversation"}
        q, found = parse_question(item, f"{where}: turns[{i - 1}]")
        problems += found
        if q is not None:
            out.append(replace(q, conversation=cid, turn=i))
    return out, problems


def parse_lines(lines: Iterable[str], name: str = "<questions>") -> list[GoldQuestion]:
    """Validate JSON Lines text; return the questions or raise one QuestionFileError.

    Blank lines are skipped. Problems carry ``name:line:`` so an editor can jump there.
    """
    questions: list[GoldQuestion] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    n_lines = 0
    for lineno, raw in enumerate(lines, start=1):
        n_lines = lineno
        if not raw.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if isinstance(obj, dict) and obj.get("type") == "conversation":
            turns, found = parse_conversation(obj, where)
            problems.extend(found)
            qid = obj.get("id")
            if isinstance(qid, str) and qid.strip():
                if qid in first_line:
                    problems.append(f"{where}: duplicate id {qid!r} (first on line "
                                    f"{first_line[qid]})")
                    continue
                first_line[qid] = lineno
            questions += [replace(t, line=lineno) for t in turns]
            continue
        q, found = parse_question(obj, where)
        problems.extend(found)
        qid = obj.get("id") if isinstance(obj, dict) else None
        if isinstance(qid, str) and qid.strip():
            if qid in first_line:
                problems.append(f"{where}: duplicate id {qid!r} (first on line {first_line[qid]})")
                continue
            first_line[qid] = lineno
        if q is not None:
            questions.append(replace(q, line=lineno))
    if not problems and not questions:
        problems.append(f"{name}: no questions (read {n_lines} line(s))")
    if problems:
        raise QuestionFileError(name, problems)
    return questions


def load_questions(path: str | Path) -> list[GoldQuestion]:
    """Read and validate a questions file; raise QuestionFileError listing every problem."""
    p = Path(path)
    if not p.is_file():
        raise QuestionFileError(str(p), [f"{p}: no such file"])
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QuestionFileError(str(p), [f"{p}: not UTF-8 text ({exc.reason})"]) from exc
    return parse_lines(text.splitlines(), name=str(p))


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file, recorded in a run so a later compare can tell the set changed."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
