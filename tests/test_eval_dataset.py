"""The questions-file validator: good files load, every problem of a bad file is reported
with its line number, and nothing is returned from a broken file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import GoldEvidence, load_questions, parse_lines
from eval.errors import QuestionFileError


def good(**over) -> dict:
    q = {
        "id": "q001",
        "question": "Which exosomal circRNA drives lenvatinib resistance?",
        "answer": "circPAK1",
        "must_include": ["circPAK1"],
        "any_of": [["lenvatinib", "Lenvima"]],
        "evidence": [
            {"kind": "table_row", "section": "Table 1", "quote": "HCC cellscircPAK1Drive"}
        ],
        "refs": [18],
        "type": "table_lookup",
    }
    q.update(over)
    return q


def write(tmp_path: Path, lines: list) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    return path


def problems_of(tmp_path: Path, lines: list) -> list[str]:
    with pytest.raises(QuestionFileError) as err:
        load_questions(write(tmp_path, lines))
    return err.value.problems


def test_good_file_loads_into_records(tmp_path):
    unans = good(id="q002", type="unanswerable", must_include=[], any_of=[], evidence=[])
    qs = load_questions(write(tmp_path, [good(), "", unans]))
    assert [q.id for q in qs] == ["q001", "q002"]
    assert qs[0].evidence == (GoldEvidence("table_row", "Table 1", "HCC cellscircPAK1Drive"),)
    assert qs[0].any_of == (("lenvatinib", "Lenvima"),)
    assert qs[0].refs == (18,)
    assert qs[0].answerable and not qs[1].answerable
    assert qs[1].line == 3  # blank line 2 skipped, numbering kept


def test_refs_is_optional_and_extra_keys_are_accepted(tmp_path):
    q = good(note="written by hand")
    del q["refs"]
    assert load_questions(write(tmp_path, [q]))[0].refs == ()


def test_bad_json_reported_with_line_number(tmp_path):
    probs = problems_of(tmp_path, [good(), '{"id": "q002", "question": '])
    assert len(probs) == 1
    assert ":2: not valid JSON" in probs[0]


def test_non_object_line_reported(tmp_path):
    probs = problems_of(tmp_path, [[1, 2]])
    assert ":1: expected a JSON object, got array" in probs[0]


def test_missing_keys_named(tmp_path):
    q = good()
    del q["question"], q["type"]
    probs = problems_of(tmp_path, [q])
    assert probs == [f"{tmp_path / 'q.jsonl'}:1: missing key(s): question, type"]


def test_optional_keys_may_be_left_out(tmp_path):
    q = good()
    del q["answer"], q["evidence"], q["any_of"], q["refs"]
    [loaded] = load_questions(write(tmp_path, [q]))
    assert loaded.answer == "" and loaded.evidence == () and loaded.any_of == ()
    assert loaded.answerable


def test_a_type_is_a_free_label(tmp_path):
    [q] = load_questions(write(tmp_path, [good(type="yes_no")]))
    assert q.type == "yes_no"
    probs = problems_of(tmp_path, [good(type="  ")])
    assert "'type' must be a non-empty string" in probs[0]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("id", 7, "'id' must be a non-empty string, got int"),
        ("id", "  ", "'id' must be a non-empty string"),
        ("question", None, "'question' must be a non-empty string, got null"),
        ("answer", ["x"], "'answer' must be a string, got array"),
        ("must_include", "circPAK1", "'must_include' must be an array of non-empty strings"),
        ("must_include", ["ok", ""], "'must_include' must be an array of non-empty strings"),
        ("any_of", ["pIgR"], "'any_of' must be an array of non-empty arrays"),
        ("any_of", [[]], "'any_of' must be an array of non-empty arrays"),
        ("refs", ["18"], "'refs' must be an array of integers"),
        ("refs", [True], "'refs' must be an array of integers"),
        ("evidence", {"quote": "x"}, "'evidence' must be an array of objects, got object"),
        ("evidence", ["x"], "evidence[0] must be an object, got string"),
        (
            "evidence",
            [{"kind": "figure", "section": "S", "quote": "x"}],
            "evidence[0].kind must be one of section, table_row, reference, got 'figure'",
        ),
        (
            "evidence",
            [{"kind": "section", "section": "S", "quote": ""}],
            "evidence[0].quote must be a non-empty string",
        ),
        (
            "evidence",
            [{"kind": "section", "quote": "x"}],
            "evidence[0].section must be a string, got null",
        ),
    ],
)
def test_wrong_field_types_reported(tmp_path, field, value, expected):
    probs = problems_of(tmp_path, [good(**{field: value})])
    assert any(expected in p and ":1:" in p for p in probs), probs


def test_duplicate_id_names_both_lines(tmp_path):
    probs = problems_of(tmp_path, [good(), good(id="q002"), good()])
    assert probs == [f"{tmp_path / 'q.jsonl'}:3: duplicate id 'q001' (first on line 1)"]


def test_unanswerable_type_with_strings_is_inconsistent(tmp_path):
    probs = problems_of(tmp_path, [good(type="unanswerable")])
    assert "type 'unanswerable' must have empty must_include and any_of" in probs[0]


def test_any_label_without_strings_is_unanswerable(tmp_path):
    [q] = load_questions(write(tmp_path, [good(type="yes_no", must_include=[], any_of=[])]))
    assert not q.answerable


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    lines = [good(), "not json", good(id="q003", type=""), good(id=""), good()]
    with pytest.raises(QuestionFileError) as err:
        load_questions(write(tmp_path, lines))
    prefix = f"{tmp_path / 'q.jsonl'}:"
    lines_named = [p.removeprefix(prefix).split(":")[0] for p in err.value.problems]
    assert lines_named == ["2", "3", "4", "5"]
    message = str(err.value)
    assert "4 problem(s); nothing was run" in message
    assert all(p in message for p in err.value.problems)


def test_empty_file_is_an_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match="no questions"):
        load_questions(path)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(QuestionFileError, match="no such file"):
        load_questions(tmp_path / "nope.jsonl")


def test_non_utf8_file_is_an_error(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"id": "q\xe9"}\n')
    with pytest.raises(QuestionFileError, match="not UTF-8"):
        load_questions(path)


def test_parse_lines_names_the_source():
    with pytest.raises(QuestionFileError) as err:
        parse_lines(["{bad"], name="mine.jsonl")
    assert err.value.problems[0].startswith("mine.jsonl:1: not valid JSON")
