"""Questions typed the way people type them, through the real model and index: each test
stands for a failure class of issue 17 (examples are ours, not from any eval set)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qa import ABSTAIN_TEXT, Answer, Assistant
from settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    a = Assistant(Settings(index_dir=tmp_path_factory.mktemp("user-style-index")),
                  notify=lambda _msg: None)
    try:
        yield a
    finally:
        a.index.close()


def ask(assistant: Assistant, question: str) -> Answer:
    return assistant.ask(question)


@pytest.mark.parametrize(("question", "read_as", "expected"), [
    ("how does regorafinib resistance come about", "regorafenib", "Nanog"),
    ("lenvatanib resistance circrna", "lenvatinib", "circPAK1"),
    ("what does circrna-sor stabilise", "circRNA-SORE", "YBX1"),
])
def test_a_misspelled_name_is_read_not_taken_for_absent(assistant: Assistant, question: str,
                                                        read_as: str, expected: str) -> None:
    answer = ask(assistant, question)
    assert not answer.abstained, answer.notice
    assert expected.lower() in answer.text.lower()
    assert read_as in [r.read_as for r in answer.readings]
    assert read_as in answer.standalone_question
    assert answer.to_json()["read_as"][0]["read_as"] == read_as


def test_a_name_the_review_never_uses_still_abstains(assistant: Assistant) -> None:
    answer = ask(assistant, "does nivolumab-XR42 overcome sorafenib resistance?")
    assert answer.abstained and answer.text == ABSTAIN_TEXT


@pytest.mark.parametrize("question", [
    "what daily dose of lenvatinib do patients get?",
    "by how much did the curcumin exosomes shrink tumours in mice?",
])
def test_a_figure_the_review_does_not_give_gets_a_partial_answer(assistant: Assistant,
                                                                question: str) -> None:
    answer = ask(assistant, question)
    assert answer.abstained
    assert answer.text.startswith("The review does not give")
    assert answer.citations, "what the review does say is cited"
    assert all(c.quote in c.passage.text for c in answer.citations)


def test_a_comparison_answers_both_names(assistant: Assistant) -> None:
    answer = ask(assistant, "circUHRF1 vs circPAK1")
    assert not answer.abstained
    assert "circuhrf1" in answer.text.lower() and "circpak1" in answer.text.lower()
    assert len(answer.citations) >= 2


def test_a_difference_of_two_years_is_worked_out(assistant: Assistant) -> None:
    answer = ask(assistant, "how many years apart are the miR-21 and miR-494-3p studies?")
    assert answer.text.startswith("7 years apart (2015 and 2022)"), answer.text


def test_a_year_bound_filters_table_rows(assistant: Assistant) -> None:
    answer = ask(assistant, "list the studies before 2016")
    cited = {c.passage.cells.get("Year") for c in answer.citations}
    assert cited and all(y is not None and int(y) < 2016 for y in cited), answer.text
    assert len(answer.citations) == 4


def test_a_row_answer_gets_the_detail_of_its_study_from_the_text(assistant: Assistant) -> None:
    answer = ask(assistant, "circZFR cisplatin mechanism")
    kinds = [c.passage.kind for c in answer.citations]
    assert kinds[:2] == ["table_row", "paragraph"], answer.text
    assert "circZFR" in answer.citations[1].quote
    assert set(answer.citations[0].passage.refs) & set(answer.citations[1].passage.refs)


def test_a_yes_no_question_relating_what_the_review_never_relates(assistant: Assistant) -> None:
    answer = ask(assistant, "is circPAK1 involved in cisplatin resistance?")
    assert answer.abstained
    assert answer.text.startswith("The review does not give a link between circPAK1 and "
                                  "cisplatin"), answer.text
    assert answer.citations and "circPAK1" in answer.citations[0].quote


def test_a_yes_no_question_the_review_answers_is_answered(assistant: Assistant) -> None:
    answer = ask(assistant, "is circPAK1 involved in lenvatinib resistance?")
    assert not answer.abstained and "lenvatinib" in answer.text.lower()


def test_years_between_two_drugs_approvals(assistant: Assistant) -> None:
    answer = ask(assistant, "how long between the FDA approval of sorafenib and of lenvatinib?")
    assert answer.text.startswith("10 years apart (2008 and 2018)"), answer.text
