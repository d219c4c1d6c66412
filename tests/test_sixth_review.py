"""A sixth review (tests/data/prostate-ev: vesicles in resistance to androgen receptor
pathway inhibitors in prostate cancer, written in the same page-dump form by a helper who
never saw this code, with its own Table 1 columns; its questions and conversations by two
others who saw only the review and the format). Its `*_untouched` sets are never read
while the answering code is worked on, only scored; its `*_tune` sets may be read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from other_review import accuracy, review_assistant

from qa import Assistant

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "prostate-ev"
# Measured 0.625 when it arrived, on the code before this session's changes
# (`QA_SOURCE=tests/data/prostate-ev/prostate-ev-review.txt python -m eval run
# --questions tests/data/prostate-ev/questions_untouched.jsonl`); the floor leaves room
# for a few questions.
ACCURACY_FLOOR = 0.55


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from review_assistant(tmp_path_factory, DATA / "prostate-ev-review.txt", "prostate")


def test_the_sixth_reviews_untouched_questions_are_answered(assistant: Assistant) -> None:
    share, n = accuracy(assistant, DATA / "questions_untouched.jsonl")
    assert share >= ACCURACY_FLOOR, f"accuracy {share:.3f} on {n} questions"


def test_its_table_is_read_with_its_own_columns(assistant: Assistant) -> None:
    # 20 rows under eight columns of its own names ("Cargo type", "Model"), the class
    # cell left out where it repeats and "No classification" printed across two lines
    rows = [p for p in assistant.passages if p.kind == "table_row"]
    assert len(rows) == 20
    assert all(len([v for v in p.cells.values() if v]) >= 7 for p in rows)
    assert sum(1 for p in rows if p.cells.get("Cargo type") == "No classification") == 2


def test_the_reviews_own_count_of_its_table_answers(assistant: Assistant) -> None:
    answer = assistant.ask("how many of the table 1 studies used patient samples?")
    assert answer.text.startswith("Of the 20 studies summarized in Table 1, 11 included"), \
        answer.text


def test_a_figure_fragment_after_an_answer_is_that_studys_figure(assistant: Assistant) -> None:
    # "ic50 change?" after an answer telling of the MALAT1 study: its paragraph gives the
    # figure a sentence further on (3.4-fold), not another study's change
    first = "how do vesicles with malat1 make cells resistant to enzalutamide?"
    said = assistant.ask(first)
    assert "MALAT1" in said.text
    answer = assistant.ask("ic50 change?", history=[(first, said.text)])
    assert "3.4-fold" in answer.text, answer.text
    # "and its hazard ratio for os?": the hazard ratio the last answer gave (2.02)
    first = "what share of mcrpc biopsies show neuroendocrine disease after arpis?"
    said = assistant.ask(first)
    assert "17%" in said.text and "2.02" in said.text, said.text
    answer = assistant.ask("and its hazard ratio for os?", history=[(first, said.text)])
    assert "2.02" in answer.text and "0.54" not in answer.text, answer.text
