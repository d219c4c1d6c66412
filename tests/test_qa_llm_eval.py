"""`python -m eval run --answerer llm`: the answerer reaches `ask`, and the run reports the
share of LLM sentences supported by their citations (from each answer's timings)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.__main__ import build_parser
from eval.runner import llm_support, run_eval
from qa.types import Answer, Citation, Retrieved
from source.model import Passage

P = Passage("immunotherapy/p03", "paragraph",
            "Exosomal circUHRF1 inhibits the activity of NK cells[14].",
            ("EXOSOMES AND IMMUNOTHERAPY RESISTANCE",), 3, (14,))
QUESTIONS = [
    {"id": "q1", "question": "Which circRNA inhibits NK cells?", "answer": "circUHRF1",
     "must_include": ["circUHRF1"], "any_of": [],
     "evidence": [{"kind": "section", "section": "EXOSOMES AND IMMUNOTHERAPY RESISTANCE",
                   "quote": "circUHRF1 inhibits"}], "refs": [14], "type": "factoid"},
    {"id": "q2", "question": "What does circUHRF1 do?", "answer": "inhibits NK cells",
     "must_include": ["NK"], "any_of": [], "evidence": [], "refs": [], "type": "factoid"},
]


class FakeLLMAssistant:
    """Answers like the LLM answerer would: 3 sentences, 2 supported; or 1 of 1."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def ask(self, question: str, history: Any = None, answerer: str | None = None) -> Answer:
        self.calls.append((question, answerer))
        n, ok = (3.0, 2.0) if len(self.calls) == 1 else (1.0, 1.0)
        timings = {"total_ms": 5.0}
        if answerer == "llm":
            timings.update(llm_sentences=n, llm_supported=ok, llm_unsupported=n - ok)
        cite = Citation("[1]", P.id, "circUHRF1 inhibits the activity of NK cells", P)
        return Answer(question, "circUHRF1 inhibits NK cells [1]", (cite,), False,
                      (Retrieved(P, 0.9),), timings=timings)


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    return path


def test_answerer_reaches_ask_and_share_is_reported(questions: Path, tmp_path: Path) -> None:
    fake = FakeLLMAssistant()
    out = run_eval(questions, tmp_path / "run", assistant=fake, answerer="llm", progress=False)
    assert [a for _, a in fake.calls] == ["llm", "llm"]
    overall = out.assistant.scored.overall
    assert overall["llm_sentences"] == 4
    assert overall["llm_supported_share"] == pytest.approx(3 / 4)
    assert overall["llm_fallbacks"] == 0
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["overall"]["llm_supported_share"] == pytest.approx(0.75)
    assert metrics["meta"]["answerer"] == "llm"
    report = (tmp_path / "run" / "report.md").read_text()
    assert "| LLM sentences supported by their citations | 75.0% |" in report


def test_without_answerer_ask_gets_no_answerer_argument(questions: Path, tmp_path: Path) -> None:
    class Plain:  # the baseline's interface: no answerer parameter
        def __init__(self) -> None:
            self.inner = FakeLLMAssistant()

        def ask(self, question: str, history: Any = None) -> Answer:
            return self.inner.ask(question)

    out = run_eval(questions, tmp_path / "run", assistant=Plain(), progress=False)
    assert "llm_supported_share" not in out.assistant.scored.overall
    assert json.loads((tmp_path / "run" / "metrics.json").read_text())["meta"]["answerer"] \
        == "extractive"


def test_llm_support_counts_fallbacks(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    lines = [{"timings": {"llm_sentences": 2, "llm_supported": 1}},
             {"timings": {"llm_failed": 1}}, {"timings": {}}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert llm_support(path) == {"llm_sentences": 2, "llm_supported_share": 0.5,
                                 "llm_recited_share": 0.0, "llm_fallbacks": 1}


def test_cli_accepts_answerer() -> None:
    args = build_parser().parse_args(["run", "--answerer", "llm", "--limit", "20"])
    assert args.answerer == "llm" and args.limit == 20
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "--answerer", "gpt"])
