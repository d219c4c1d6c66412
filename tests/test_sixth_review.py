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


def test_a_class_asked_in_the_tables_own_topic_lists_the_class(assistant: Assistant) -> None:
    # Table 1 is of "EV cargos involved in resistance to androgen receptor pathway
    # inhibitors ...": "linked to ARPI resistance" is every row's topic, no condition
    answer = assistant.ask("which ev circrnas are linked to arpi resistance in the review?")
    assert answer.text.startswith("Table 1 lists 4 circRNAs"), answer.text
    for name in ("circZMIZ1", "circHIPK3", "circFNDC3B", "circ_0044516"):
        assert name in answer.text


def test_a_not_yet_examined_sentence_under_the_asked_heading_is_no_gap(
        assistant: Assistant) -> None:
    # "Osteoclasts ... also release EVs, but their role in ARPI resistance has not been
    # examined" stands under "Bone marrow stromal cells and osteoblasts" and names no
    # stromal cell itself: it says nothing is known of them
    answer = assistant.ask("what do bone marrow stromal cell evs do?")
    assert not answer.abstained, answer.text
    assert not answer.text.startswith("The review does not give"), answer.text


def test_a_drug_by_its_stem_is_swapped_into_the_last_question(assistant: Assistant) -> None:
    # "abiraterone" is a drug by its name's stem (-terone, as -lutamide): "abiraterone?"
    # asks the last question of it, not "What abiraterone does the review give for ...?"
    first = "does enzalutamide change how many evs lncap cells release?"
    said = assistant.ask(first)
    answer = assistant.ask("abiraterone?", history=[(first, said.text)])
    assert answer.standalone_question == "does abiraterone change how many EVs LNCaP cells release?"
    second = assistant.ask("docetaxel?", history=[(first, said.text), ("abiraterone?", answer.text)])
    assert "2.4-fold" in second.text, second.text


def test_it_after_an_answer_naming_the_thing_asked_for_and_its_cell_line(
        assistant: Assistant) -> None:
    # "is there an EV circRNA that ...?" asks for a circRNA: "it" is circHIPK3, the one the
    # answer gives, not VCaP, the cells it came from ("VCaP cells (VCaP/AbiR)"), nor the
    # question's own abiraterone
    first = "is there an ev circrna that drives abiraterone resistance?"
    said = assistant.ask(first)
    answer = assistant.ask("what does it sponge?", history=[(first, said.text)])
    assert answer.standalone_question == "what does circHIPK3 sponge?"
    assert "miR-338-3p" in answer.text


def test_a_name_two_letters_off_is_read(assistant: Assistant) -> None:
    # "HOTARE": two edits from HOTAIR (one more than a six-letter word is allowed), its
    # first four letters kept and no other review word as near
    answer = assistant.ask(
        "what does HOTARE from cancer associated fibroblast vesicles do to the androgen receptor?")
    assert not answer.abstained and "HOTAIR" in answer.text, answer.text
