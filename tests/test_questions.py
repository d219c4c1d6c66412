"""Checks the gold question set `eval/questions.jsonl` against the review it is about.

Format (DESIGN.md, "Eval set format"): one JSON object per line with id, question,
answer, must_include, any_of, evidence, refs and type. Beyond the format, these tests
prove that the gold data is true to the review:

- every evidence quote is an exact substring of the review, and it stands under the
  heading it names (for ``section`` evidence: after that heading line and before the
  next heading-like line) or inside exactly one printed row of Table 1 (``table_row``);
- every ``refs`` number is cited by a passage that holds one of the evidence quotes;
- every ``must_include`` string and at least one string of each ``any_of`` group occur
  in the review (the gold answer never requires wording the review lacks);
- unanswerable questions carry no gold strings and no evidence;
- ``table_aggregate`` questions that carry ``table_filter`` + ``count`` agree with the
  parsed table (``source.load_review().tables[0]``).

Optional keys used by counting questions (ignored by the eval runner):

``table_filter``  ``{column: substring, ...}``: a row matches when every named cell
                  contains its substring (case-insensitive); ``{}`` matches every row.
``table_exclude`` ``{column: substring, ...}``: a matching row is dropped when any named
                  cell contains its substring (e.g. study type "in vivo" to keep the
                  in-vitro-only rows).
``count``         the number of rows the filter selects; the question lists each of
                  those rows as one ``table_row`` evidence.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS_PATH = ROOT / "eval" / "questions.jsonl"
REVIEW_PATH = ROOT / "source" / "data" / "hepatoma-res-2023-9-46.txt"

TYPES = (
    "factoid",
    "table_lookup",
    "table_aggregate",
    "multi_hop",
    "definition",
    "numeric",
    "unanswerable",
    "paraphrase",
)
REQUIRED_KEYS = ("id", "question", "answer", "must_include", "any_of", "evidence", "refs", "type")
MIN_PER_TYPE = 8
MIN_TOTAL = 100
TABLE_LABEL = "Table 1"
MAX_HEADING_CHARS = 150
COPIED_WORDS = 7  # a question sharing this many consecutive words with the review copies it

REVIEW_TEXT = REVIEW_PATH.read_text(encoding="utf-8")
REVIEW_LINES = REVIEW_TEXT.split("\n")


# ----------------------------------------------------------------------------- helpers
def _load_questions() -> tuple[list[tuple[int, Any]], list[str]]:
    """Decode every non-blank line; return (line number, object) pairs and JSON errors."""
    items: list[tuple[int, Any]] = []
    errors: list[str] = []
    if not QUESTIONS_PATH.exists():
        return items, [f"{QUESTIONS_PATH} does not exist"]
    for lineno, raw in enumerate(QUESTIONS_PATH.read_text(encoding="utf-8").split("\n"), 1):
        if not raw.strip():
            continue
        try:
            items.append((lineno, json.loads(raw)))
        except json.JSONDecodeError as exc:
            errors.append(f"line {lineno}: invalid JSON ({exc})")
    return items, errors


_ITEMS, _JSON_ERRORS = _load_questions()
QUESTIONS: list[dict[str, Any]] = [obj for _, obj in _ITEMS if isinstance(obj, dict)]
_IDS = [str(q.get("id", f"line{n}")) for n, q in _ITEMS if isinstance(q, dict)]


def by_type(*types: str) -> list[dict[str, Any]]:
    return [q for q in QUESTIONS if q.get("type") in types]


def _param(questions: list[dict[str, Any]]):
    return pytest.mark.parametrize("q", questions, ids=[str(q.get("id")) for q in questions])


_REF_ENTRY = re.compile(r"^\d+\.\s")  # "12. Wang X, Tian L, ..." in the reference list


def is_heading_line(lines: list[str], i: int) -> bool:
    """A heading in this page dump is a short bare line with blank lines on both sides.

    It does not end with a period and is not a numbered reference-list entry.
    """
    s = lines[i].strip()
    if not s or len(s) > MAX_HEADING_CHARS or s.endswith(".") or _REF_ENTRY.match(s):
        return False
    prev_blank = i == 0 or not lines[i - 1].strip()
    next_blank = i == len(lines) - 1 or not lines[i + 1].strip()
    return prev_blank and next_blank


def section_bodies(heading: str, lines: list[str] = REVIEW_LINES) -> list[list[str]]:
    """The body lines under each occurrence of `heading`, up to the next heading-like line."""
    bodies: list[list[str]] = []
    for i, line in enumerate(lines):
        if line.strip() == heading and is_heading_line(lines, i):
            j = i + 1
            while j < len(lines) and not is_heading_line(lines, j):
                j += 1
            bodies.append([ln for ln in lines[i + 1 : j] if ln.strip()])
    return bodies


_ROW_END = re.compile(r"\[\d+(?:\s*[-–,]\s*\d+)*\]\s*$")


def table_row_lines(label: str = TABLE_LABEL, lines: list[str] = REVIEW_LINES) -> list[str]:
    """The printed (flattened) rows of the table headed `label`.

    After the label come its caption (a heading-like line), the header row, then the
    rows as consecutive non-blank lines; a row ends with its bracketed reference. Lines
    without one (a group label broken over two lines) are not rows.
    """
    start = next(i for i, ln in enumerate(lines) if ln.strip() == label)
    i = start + 1
    while i < len(lines) and (not lines[i].strip() or is_heading_line(lines, i)):
        i += 1
    i += 1  # the header row
    rows: list[str] = []
    while i < len(lines) and lines[i].strip():
        if _ROW_END.search(lines[i]):
            rows.append(lines[i])
        i += 1
    return rows


TABLE_ROWS = table_row_lines()

_REF_GROUP = re.compile(r"\[(\d+(?:\s*[-–,]\s*\d+)*)\]")


def cited_refs(passage: str) -> set[int]:
    """Bracketed reference numbers cited in a passage: [14], [2,3], [56-58]."""
    out: set[int] = set()
    for group in _REF_GROUP.findall(passage):
        for part in group.split(","):
            bounds = [int(x) for x in re.split(r"\s*[-–]\s*", part.strip())]
            out.update(range(bounds[0], bounds[-1] + 1))
    return out


def evidence_passages(ev: dict[str, Any]) -> list[str]:
    """The paragraphs (or table rows) under the named heading that contain the quote."""
    quote = ev["quote"]
    if ev["kind"] == "table_row":
        return [row for row in TABLE_ROWS if quote in row]
    return [ln for body in section_bodies(ev["section"]) for ln in body if quote in ln]


# ----------------------------------------------------------------------------- the file
def test_review_copy_and_table_are_as_expected():
    assert (
        "The role of exosomes in therapeutic resistance of hepatocellular carcinoma" in REVIEW_TEXT
    )
    assert len(TABLE_ROWS) == 21, (
        f"expected 21 printed rows in {TABLE_LABEL}, found {len(TABLE_ROWS)}"
    )


def test_every_line_is_a_json_object():
    assert not _JSON_ERRORS, "\n".join(_JSON_ERRORS)
    bad = [f"line {n}: {type(obj).__name__}" for n, obj in _ITEMS if not isinstance(obj, dict)]
    assert not bad, "lines that are not JSON objects:\n" + "\n".join(bad)


def test_size_and_type_coverage():
    counts = Counter(q.get("type") for q in QUESTIONS)
    assert len(QUESTIONS) >= MIN_TOTAL, f"{len(QUESTIONS)} questions, need at least {MIN_TOTAL}"
    short = {t: counts.get(t, 0) for t in TYPES if counts.get(t, 0) < MIN_PER_TYPE}
    assert not short, f"types with fewer than {MIN_PER_TYPE} questions: {short}"


def test_ids_are_unique():
    dupes = [i for i, n in Counter(_IDS).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"


@_param(QUESTIONS)
def test_keys_and_field_types(q):
    missing = [k for k in REQUIRED_KEYS if k not in q]
    assert not missing, f"missing keys: {missing}"
    assert isinstance(q["id"], str) and q["id"].strip()
    assert isinstance(q["question"], str) and q["question"].strip()
    assert isinstance(q["answer"], str) and q["answer"].strip()
    assert q["type"] in TYPES, f"unknown type {q['type']!r}"
    assert isinstance(q["must_include"], list)
    assert all(isinstance(s, str) and s.strip() for s in q["must_include"])
    assert isinstance(q["any_of"], list)
    assert all(
        isinstance(g, list) and g and all(isinstance(s, str) and s.strip() for s in g)
        for g in q["any_of"]
    ), "any_of must be a list of non-empty lists of non-empty strings"
    assert isinstance(q["refs"], list)
    assert all(isinstance(r, int) and not isinstance(r, bool) for r in q["refs"])
    assert isinstance(q["evidence"], list)
    for ev in q["evidence"]:
        assert isinstance(ev, dict) and set(ev) == {"kind", "section", "quote"}, ev
        assert ev["kind"] in ("section", "table_row"), ev
        assert isinstance(ev["section"], str) and ev["section"].strip(), ev
        assert isinstance(ev["quote"], str) and ev["quote"].strip(), ev
    if "table_filter" in q or "count" in q or "table_exclude" in q:
        assert q["type"] == "table_aggregate", "table_filter/count belong to table_aggregate"
        assert "table_filter" in q and "count" in q, "table_filter and count go together"
        for key in ("table_filter", "table_exclude"):
            flt = q.get(key, {})
            assert isinstance(flt, dict), f"{key} must be an object"
            assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in flt.items())
        assert isinstance(q["count"], int) and q["count"] >= 0


@_param(by_type("unanswerable"))
def test_unanswerable_has_no_gold(q):
    assert q["must_include"] == [] and q["any_of"] == [], "unanswerable: no gold strings"
    assert q["evidence"] == [], "unanswerable: no evidence"
    assert q.get("refs", []) == [], "unanswerable: no refs"


@_param([q for q in QUESTIONS if q.get("type") != "unanswerable"])
def test_answerable_has_gold_and_evidence(q):
    assert q["must_include"] or q["any_of"], "an answerable question needs gold strings"
    assert q["evidence"], "an answerable question needs at least one evidence quote"


@_param([q for q in QUESTIONS if q.get("type") != "unanswerable"])
def test_gold_strings_occur_in_review(q):
    """A right answer quoting the review can contain them: no wording the review lacks."""
    text = REVIEW_TEXT.lower()
    absent = [s for s in q["must_include"] if s.lower() not in text]
    assert not absent, f"must_include strings not in the review: {absent}"
    dead = [g for g in q["any_of"] if not any(s.lower() in text for s in g)]
    assert not dead, f"any_of groups with no string in the review: {dead}"


@_param([q for q in QUESTIONS if q.get("evidence")])
def test_evidence_quotes_are_exact_and_in_named_place(q):
    problems = []
    for ev in q["evidence"]:
        quote = ev["quote"]
        if quote not in REVIEW_TEXT:
            problems.append(f"not an exact substring of the review: {quote!r}")
            continue
        if ev["kind"] == "table_row":
            if ev["section"] != TABLE_LABEL:
                problems.append(f"table_row evidence must name {TABLE_LABEL!r}: {ev['section']!r}")
            hits = [row for row in TABLE_ROWS if quote in row]
            if len(hits) != 1:
                problems.append(f"table_row quote matches {len(hits)} rows (need 1): {quote!r}")
        else:
            bodies = section_bodies(ev["section"])
            if not bodies:
                problems.append(f"no heading line {ev['section']!r} in the review")
            elif not any(quote in "\n".join(body) for body in bodies):
                problems.append(f"quote is not under heading {ev['section']!r}: {quote!r}")
    assert not problems, "\n".join(problems)


@_param([q for q in QUESTIONS if q.get("refs")])
def test_refs_are_cited_by_the_evidence_passages(q):
    cited: set[int] = set()
    for ev in q["evidence"]:
        for passage in evidence_passages(ev):
            cited |= cited_refs(passage)
    extra = sorted(set(q["refs"]) - cited)
    assert not extra, f"refs {extra} are not cited by any evidence passage (cited: {sorted(cited)})"


_WORDS = re.findall(r"[\w\-+/%]+", REVIEW_TEXT.lower())
_GRAMS = {tuple(_WORDS[i : i + COPIED_WORDS]) for i in range(len(_WORDS) - COPIED_WORDS + 1)}


@_param(QUESTIONS)
def test_questions_do_not_copy_the_review(q):
    qw = re.findall(r"[\w\-+/%]+", q["question"].lower())
    copied = [
        " ".join(qw[i : i + COPIED_WORDS])
        for i in range(len(qw) - COPIED_WORDS + 1)
        if tuple(qw[i : i + COPIED_WORDS]) in _GRAMS
    ]
    assert not copied, f"question copies the review verbatim: {copied[0]!r}"


# ----------------------------------------------------------------------------- Table 1
COUNTED = [q for q in by_type("table_aggregate") if "count" in q]


@_param(COUNTED)
def test_count_matches_listed_rows(q):
    """Each row a counting question selects is listed as one table_row evidence."""
    rows = [ev for ev in q["evidence"] if ev["kind"] == "table_row"]
    assert len(rows) == q["count"], f"count {q['count']} but {len(rows)} table_row evidences"
    matched = {i for ev in rows for i, row in enumerate(TABLE_ROWS) if ev["quote"] in row}
    assert len(matched) == len(rows), "two evidences point at the same row"


def test_counting_questions_exist():
    assert len(COUNTED) >= 8, "expected at least 8 table_aggregate questions with a count"


def _resolve_column(columns: tuple[str, ...], name: str) -> str:
    lookup = {c.strip().lower(): c for c in columns}
    assert name.strip().lower() in lookup, (
        f"column {name!r} not in the parsed table's columns {list(columns)}"
    )
    return lookup[name.strip().lower()]


def _cell(row: Any, column: str) -> str:
    return str(row.cells.get(column, "") or "")


@pytest.fixture(scope="module")
def parsed_table():
    try:
        from source import load_review
    except ImportError as exc:
        pytest.skip(f"source.load_review is not importable yet ({exc}); counts not checked")
    review = load_review()
    assert review.tables, "load_review() returned no tables"
    return review.tables[0]


@_param(COUNTED)
def test_aggregate_count_agrees_with_parsed_table(q, parsed_table):
    columns = tuple(parsed_table.columns)
    include = {_resolve_column(columns, k): v.lower() for k, v in q["table_filter"].items()}
    exclude = {
        _resolve_column(columns, k): v.lower() for k, v in q.get("table_exclude", {}).items()
    }
    matched = [
        row
        for row in parsed_table.rows
        if all(v in _cell(row, c).lower() for c, v in include.items())
        and not any(v in _cell(row, c).lower() for c, v in exclude.items())
    ]
    assert len(matched) == q["count"], (
        f"filter {q['table_filter']} (exclude {q.get('table_exclude', {})}) selects "
        f"{len(matched)} parsed rows, gold count is {q['count']}: "
        + "; ".join(r.printed[:40] for r in matched)
    )
    quotes = [ev["quote"] for ev in q["evidence"] if ev["kind"] == "table_row"]
    unlisted = [row.printed for row in matched if not any(qt in row.printed for qt in quotes)]
    assert not unlisted, f"selected rows missing from the evidence: {unlisted}"
