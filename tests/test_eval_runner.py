"""End-to-end `eval run` with a deterministic fake assistant, `eval compare`, and the CLI's
handling of user errors."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from eval.__main__ import main
from eval.runner import compare_runs, run_eval
from qa.types import Answer, Citation, Retrieved
from source.model import Passage

PROJECT = Path(__file__).resolve().parents[1]

P_CIRC = Passage(
    id="immunotherapy/p03",
    kind="paragraph",
    text="Zhang et al. demonstrated that HCC-derived exosomal circUHRF1 inhibits the activity "
    "of NK cells by upregulating the expression of TIM-3[14].",
    section=("EXOSOMES AND IMMUNOTHERAPY RESISTANCE",),
    order=3,
    refs=(14,),
)
P_ROW = Passage(
    id="table1/row-05",
    kind="table_row",
    text="Origin of exosome: HCC cells; Exosomal contents: circPAK1; "
    "Functions: Drive resistance to lenvatinib",
    section=("Table 1",),
    order=5,
    refs=(18,),
    cells={"Exosomal contents": "circPAK1"},
    printed="HCC cellscircPAK1Drive resistance to lenvatinibCircPAK1 competitively binds 14-3-3 "
    "ζ with YAPIn vitro and in vivo2022[18]",
)
P_OTHER = Passage(
    id="intro/p01",
    kind="paragraph",
    text="HCC, accounting for approximately 75% to 85% of primary liver cancers, ranks as one "
    "of the most lethal malignancies worldwide[1].",
    section=("INTRODUCTION",),
    order=1,
    refs=(1,),
)

QUESTIONS = [
    {
        "id": "q1",
        "question": "Which exosomal circRNA inhibits NK cells?",
        "answer": "circUHRF1",
        "must_include": ["circUHRF1"],
        "any_of": [],
        "evidence": [
            {
                "kind": "section",
                "section": "EXOSOMES AND IMMUNOTHERAPY RESISTANCE",
                "quote": "exosomal circUHRF1 inhibits the activity of NK cells",
            }
        ],
        "refs": [14],
        "type": "factoid",
    },
    {
        "id": "q2",
        "question": "Which circRNA in Table 1 drives lenvatinib resistance?",
        "answer": "circPAK1",
        "must_include": ["circPAK1"],
        "any_of": [],
        "evidence": [
            {
                "kind": "table_row",
                "section": "Table 1",
                "quote": "HCC cellscircPAK1Drive resistance",
            }
        ],
        "refs": [18],
        "type": "table_lookup",
    },
    {
        "id": "q3",
        "question": "What did the review's authors eat for lunch?",
        "answer": "",
        "must_include": [],
        "any_of": [],
        "evidence": [],
        "refs": [],
        "type": "unanswerable",
    },
    {
        "id": "q4",
        "question": "What are exosomes?",
        "answer": "nano-sized vesicles",
        "must_include": [],
        "any_of": [["nano-sized vesicles", "nanovesicles"]],
        "evidence": [
            {"kind": "section", "section": "Abstract", "quote": "These nano-sized vesicles mediate"}
        ],
        "refs": [],
        "type": "definition",
    },
    {
        "id": "q5",
        "question": "What share of primary liver cancers is HCC?",
        "answer": "75% to 85%",
        "must_include": ["75%", "85%"],
        "any_of": [],
        "evidence": [
            {"kind": "section", "section": "INTRODUCTION", "quote": "approximately 75% to 85%"}
        ],
        "refs": [1],
        "type": "numeric",
    },
]


def _answer(question: str, text: str, retrieved, citations=(), abstained=False, ms=0.0) -> Answer:
    return Answer(
        question=question,
        text=text,
        citations=tuple(citations),
        abstained=abstained,
        retrieved=tuple(Retrieved(p, 1.0 - i / 10) for i, p in enumerate(retrieved)),
        timings={"total_ms": ms},
    )


class FakeAssistant:
    """Answers the five questions above in known ways (right, wrong, abstain, too long, crash)."""

    description = "fake assistant for tests"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def ask(self, question: str, history=None) -> Answer:
        self.asked.append(question)
        if question.startswith("Which exosomal circRNA"):  # right, valid citation, rank 1
            cite = Citation("[1]", P_CIRC.id, "exosomal circUHRF1 inhibits", P_CIRC)
            return _answer(question, "circUHRF1 [1].", [P_CIRC, P_OTHER], [cite], ms=10)
        if question.startswith("Which circRNA in Table 1"):  # wrong; quote not exact; rank 2
            cite = Citation("[1]", P_ROW.id, "circPAK1 drives resistance", P_ROW)
            return _answer(question, "circUHRF1 [1].", [P_OTHER, P_ROW], [cite], ms=20)
        if question.startswith("What did"):  # right abstention
            return _answer(question, "The review does not say.", [P_OTHER], abstained=True, ms=30)
        if question.startswith("What are exosomes"):  # right words, but 121 of them
            text = "Exosomes are nano-sized vesicles " + "that carry cargo " * 39
            return _answer(question, text, [P_OTHER], ms=40)
        raise RuntimeError("index exploded")


@pytest.fixture
def qfile(tmp_path) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    return path


def test_run_writes_every_output_file(tmp_path, qfile):
    out = tmp_path / "run"
    run_eval(qfile, out, assistant=FakeAssistant(), progress=False)
    for name in (
        "results.jsonl",
        "metrics.json",
        "report.md",
        "accuracy_per_type.png",
        "recall_at_k.png",
        "latency.png",
    ):
        assert (out / name).is_file(), name
    assert (out / "accuracy_per_type.png").read_bytes()[:4] == b"\x89PNG"
    assert not (out / "baseline").exists()


def test_results_lines_follow_the_results_format(tmp_path, qfile):
    out = tmp_path / "run"
    run_eval(qfile, out, assistant=FakeAssistant(), progress=False)
    lines = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    assert [x["id"] for x in lines] == ["q1", "q2", "q3", "q4", "q5"]
    q1 = lines[0]
    for key in ("question", "answer", "abstained", "citations", "retrieved", "latency_ms"):
        assert key in q1
    assert q1["citations"][0]["passage_id"] == P_CIRC.id
    assert q1["citations"][0]["text"] == P_CIRC.text
    assert q1["retrieved"][0] == {
        **q1["retrieved"][0],
        "passage_id": P_CIRC.id,
        "text": P_CIRC.text,
    }
    # table rows carry their printed row so table_row evidence can be matched
    assert lines[1]["retrieved"][1]["printed"] == P_ROW.printed
    assert lines[4]["error"] == "RuntimeError: index exploded"


def test_metrics_are_what_the_fake_deserves(tmp_path, qfile):
    out = tmp_path / "run"
    outcome = run_eval(qfile, out, assistant=FakeAssistant(), progress=False)
    doc = json.loads((out / "metrics.json").read_text())
    o = doc["overall"]
    assert o == outcome.assistant.scored.overall
    assert o["n_questions"] == 5 and o["n_answerable"] == 4 and o["n_unanswerable"] == 1
    assert o["accuracy"] == pytest.approx(2 / 5)  # q1 right, q3 abstained
    assert o["accuracy_uncapped"] == pytest.approx(3 / 5)  # + q4 without the cap
    assert o["answer_accuracy"] == pytest.approx(1 / 4)
    assert o["abstention_rate"] == 1.0
    assert o["false_abstention_rate"] == 0.0
    # evidence ranks: q1 → 1, q2 → 2 (via the printed row), q4 → none, q5 → none (crashed)
    assert o["recall@1"] == pytest.approx(1 / 4)
    assert o["recall@3"] == pytest.approx(2 / 4)
    assert o["recall@10"] == pytest.approx(2 / 4)
    assert o["mrr"] == pytest.approx((1 + 0.5) / 4)
    assert o["n_citations"] == 2 and o["citation_validity"] == 0.5
    assert o["cites_gold_evidence"] == pytest.approx(2 / 3)  # q1, q2 yes; q4 cites nothing
    assert o["median_answer_words"] == 1  # q1 1 word, q2 1 word, q4 121 words
    assert o["over_word_cap"] == pytest.approx(1 / 3)
    # latencies 10, 20, 30, 40 ms and the crash (≈0 ms, measured by the runner)
    assert o["latency_p50_ms"] == 20
    assert o["latency_p95_ms"] == pytest.approx(38, abs=0.5)
    assert o["n_errors"] == 1
    per = doc["per_type"]
    assert list(per) == ["factoid", "table_lookup", "definition", "numeric", "unanswerable"]
    assert per["factoid"]["accuracy"] == 1.0
    assert per["table_lookup"]["accuracy"] == 0.0
    assert per["definition"]["accuracy"] == 0.0 and per["definition"]["accuracy_uncapped"] == 1.0
    assert per["unanswerable"]["abstention_rate"] == 1.0
    assert doc["meta"]["n_questions"] == 5 and doc["meta"]["max_words"] == 100


def test_report_lists_every_failure_with_its_reason_and_evidence_rank(tmp_path, qfile):
    out = tmp_path / "run"
    run_eval(qfile, out, assistant=FakeAssistant(), progress=False)
    report = (out / "report.md").read_text()
    assert "## Summary" in report and "## Per question type" in report
    assert "## Failures: assistant (3 of 5)" in report
    assert "#### q2 · table_lookup — missing “circPAK1”" in report
    assert "rank 2 of 2 (`table1/row-05`)" in report
    assert "#### q4 · definition — 121 words > cap of 100" in report
    assert "not in the 1 retrieved" in report
    assert "#### q5 · numeric — error: RuntimeError: index exploded" in report
    assert "#### q1" not in report and "#### q3" not in report
    assert "- gold answer: circPAK1 (must include `circPAK1`)" in report
    assert "![recall_at_k.png](recall_at_k.png)" in report


def test_word_cap_option_changes_the_verdict(tmp_path, qfile):
    outcome = run_eval(
        qfile, tmp_path / "r", assistant=FakeAssistant(), max_words=200, progress=False
    )
    assert outcome.assistant.scored.overall["accuracy"] == pytest.approx(3 / 5)


def test_limit_runs_only_the_first_questions(tmp_path, qfile):
    fake = FakeAssistant()
    outcome = run_eval(qfile, tmp_path / "r", assistant=fake, limit=2, progress=False)
    assert len(fake.asked) == 2
    assert [s.id for s in outcome.assistant.scored.scores] == ["q1", "q2"]


def test_nothing_runs_on_a_broken_questions_file(tmp_path, qfile):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(qfile.read_text() + "{oops\n", encoding="utf-8")
    fake = FakeAssistant()
    from eval.errors import QuestionFileError

    with pytest.raises(QuestionFileError, match=":6: not valid JSON"):
        run_eval(bad, tmp_path / "r", assistant=fake, progress=False)
    assert fake.asked == []
    assert not (tmp_path / "r").exists()


# -- compare -------------------------------------------------------------------------------


def _line(qid: str, answer: str, abstained: bool = False) -> str:
    return json.dumps(
        {
            "id": qid,
            "question": "?",
            "answer": answer,
            "abstained": abstained,
            "citations": [],
            "retrieved": [],
            "latency_ms": 1.0,
        }
    )


def _run_dir(root: Path, name: str, lines: list[str]) -> Path:
    d = root / name
    d.mkdir()
    (d / "results.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


@pytest.fixture
def two_runs(tmp_path):
    a = _run_dir(
        tmp_path,
        "a",
        [
            _line("q1", "circUHRF1"),  # right
            _line("q2", "circUHRF1"),  # wrong
            _line("q3", "lunch", abstained=True),  # right
            _line("q4", "nothing"),  # wrong
        ],
    )
    b = _run_dir(
        tmp_path,
        "b",
        [
            _line("q1", "no idea"),  # wrong  (right → wrong)
            _line("q2", "circPAK1"),  # right  (wrong → right)
            _line("q3", "lunch", abstained=True),  # right
            _line("q4", "nothing"),  # wrong
            _line("q9", "stray"),  # not in the questions
        ],
    )
    return a, b


def test_compare_lists_flips_both_ways(qfile, two_runs):
    a, b = two_runs
    c = compare_runs(a, b, qfile)
    assert [f.id for f in c.to_wrong] == ["q1"]
    assert [f.id for f in c.to_right] == ["q2"]
    assert c.n_common == 4 and c.right_a == 2 and c.right_b == 2
    assert c.not_in_questions == ("q9",)
    assert c.to_wrong[0].why_b == "missing “circUHRF1”"


def test_compare_defaults_to_the_questions_file_recorded_in_run_a(tmp_path, qfile):
    a = tmp_path / "runa"
    run_eval(qfile, a, assistant=FakeAssistant(), progress=False)
    b = _run_dir(tmp_path, "b", [_line("q2", "circPAK1"), _line("q1", "circUHRF1")])
    c = compare_runs(a, b)
    assert c.questions == str(qfile.resolve())
    assert [f.id for f in c.to_right] == ["q2"]
    assert c.only_a == ("q3", "q4", "q5")


def test_compare_cli_prints_the_flips(qfile, two_runs, capsys):
    a, b = two_runs
    assert main(["compare", str(a), str(b), "--questions", str(qfile)]) == 0
    out = capsys.readouterr().out
    assert "right → wrong (1):\n  q1 [factoid] Which exosomal circRNA inhibits NK cells?" in out
    assert "wrong → right (1):\n  q2 [table_lookup]" in out
    assert "right 2/4 (50.0%)" in out


def test_compare_cli_missing_run_is_a_user_error(tmp_path, qfile, capsys):
    assert main(["compare", str(tmp_path / "nope"), str(tmp_path), "--questions", str(qfile)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "no results.jsonl" in err


def test_compare_cli_unreadable_results_names_the_line(tmp_path, qfile, capsys):
    a = _run_dir(tmp_path, "a", [_line("q1", "x"), '{"id": "q2", "abstained": "yes"}'])
    assert main(["compare", str(a), str(a), "--questions", str(qfile)]) == 2
    assert "results.jsonl:2: 'abstained' must be true or false" in capsys.readouterr().err


# -- CLI -----------------------------------------------------------------------------------


def test_run_cli_on_a_bad_questions_file_lists_problems_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "q1"}\nnot json\n', encoding="utf-8")
    assert main(["run", "--questions", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "2 problem(s); nothing was run" in err
    assert f"{bad}:1: missing key(s)" in err and f"{bad}:2: not valid JSON" in err
    assert not (tmp_path / "o").exists()


def test_run_cli_rejects_a_bad_word_cap(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["run", "--max-words", "0"])
    assert exc.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_cli_subprocess_shows_no_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "eval", "run", "--questions", str(tmp_path / "missing.jsonl")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "no such file" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_results_reader_fills_optional_fields_and_rejects_bad_shapes():
    from eval.results import record_from_json

    rec = record_from_json({"id": "q1", "answer": "x", "retrieved": [{"text": "t"}]})
    assert rec.abstained is False and rec.citations == () and rec.retrieved[0].printed == ""
    with pytest.raises(ValueError, match="'latency_ms' must be a number"):
        record_from_json({"id": "q1", "latency_ms": "fast"})
    with pytest.raises(ValueError, match="missing key 'id'"):
        record_from_json({"answer": "x"})


def test_compare_notes_a_questions_file_changed_since_the_run(tmp_path, qfile):
    a = tmp_path / "runa"
    run_eval(qfile, a, assistant=FakeAssistant(), progress=False)
    qfile.write_text(qfile.read_text().replace("circUHRF1", "circUHRF-one"), encoding="utf-8")
    c = compare_runs(a, a)
    assert "changed since" in c.note
    assert c.to_wrong == () and c.to_right == ()


class HistoryEcho:
    """Answers with what it was given: the number of history turns and the last answer."""

    description = "echoes its history"

    def __init__(self) -> None:
        self.histories: list[list[tuple[str, str]]] = []

    def ask(self, question: str, history=None) -> Answer:
        self.histories.append(list(history or []))
        return _answer(question, f"turn {len(history or []) + 1} answer to {question}",
                       [P_OTHER])


def test_a_conversation_is_asked_turn_by_turn_with_its_own_answers(tmp_path):
    conv = {"id": "c01", "type": "conversation", "turns": [
        {"question": "what is circPAK1", "must_include": ["turn 1"], "kind": "first"},
        {"question": "and what does it do", "must_include": ["turn 2"], "kind": "pronoun"},
        {"question": "what dose was used", "kind": "unanswerable_followup"}]}
    single = {"id": "q9", "question": "a single question", "must_include": ["turn 1"],
              "type": "yes_no"}
    qfile = tmp_path / "q.jsonl"
    qfile.write_text(json.dumps(conv) + "\n" + json.dumps(single) + "\n", encoding="utf-8")
    echo = HistoryEcho()
    outcome = run_eval(qfile, tmp_path / "run", assistant=echo, progress=False)
    assert [len(h) for h in echo.histories] == [0, 1, 2, 0]  # a new conversation starts anew
    assert echo.histories[2][1] == ("and what does it do",
                                    "turn 2 answer to and what does it do")
    by_id = {s.id: s for s in outcome.assistant.scored.scores}
    assert by_id["c01.t1"].correct and by_id["c01.t2"].correct
    assert not by_id["c01.t3"].correct  # unanswerable, and the echo did not abstain
    assert set(outcome.assistant.scored.per_type) >= {"first", "pronoun", "yes_no"}
    report = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "## Conversations: accuracy by turn" in report and "| 2 | 1 | 100.0% |" in report


def test_a_broken_conversation_is_reported_with_its_line(tmp_path):
    from eval.errors import QuestionFileError

    qfile = tmp_path / "q.jsonl"
    qfile.write_text(json.dumps({"id": "c1", "type": "conversation", "turns": []}) + "\n",
                     encoding="utf-8")
    with pytest.raises(QuestionFileError, match="q.jsonl:1: a conversation needs 'turns'"):
        run_eval(qfile, tmp_path / "run", assistant=HistoryEcho(), progress=False)


class Rewriter(HistoryEcho):
    """Reads a follow-up as a fixed rewrite: one grammatical, one not."""

    REWRITES = {"and what does it do": "what does circPAK1 do?",
                "and the newest": "which rows are the the newest?"}

    def ask(self, question: str, history=None) -> Answer:
        answer = super().ask(question, history)
        return replace(answer, standalone_question=self.REWRITES.get(question, question))


def test_the_report_counts_follow_up_rewrites_that_are_not_questions(tmp_path):
    conv = {"id": "c01", "type": "conversation", "turns": [
        {"question": "what is circPAK1", "must_include": ["turn 1"], "kind": "first"},
        {"question": "and what does it do", "must_include": ["turn 2"], "kind": "pronoun"},
        {"question": "and the newest", "must_include": ["turn 3"], "kind": "superlative"}]}
    qfile = tmp_path / "q.jsonl"
    qfile.write_text(json.dumps(conv) + "\n", encoding="utf-8")
    run_eval(qfile, tmp_path / "run", assistant=Rewriter(), progress=False)
    report = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "Follow-ups rewritten: 2; not a grammatical question: 1." in report
    assert "c01.t3: “which rows are the the newest?” ('the' doubled)" in report
