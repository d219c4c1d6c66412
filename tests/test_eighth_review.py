"""An eighth review (tests/data/pdac-ev: exosomes in gemcitabine and FOLFIRINOX
resistance of pancreatic cancer, written in the same page-dump form by a helper who never
saw this code, with a Table 1 that carries its second column, the cargo type, where it
repeats; its questions and conversations by two others who saw only the review and the
format). Its `*_untouched` sets are never read while the answering code is worked on,
only scored; its `*_tune` sets may be read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from other_review import accuracy, review_assistant

from qa import Assistant

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "pdac-ev"
# Measured 0.725 when it arrived, on the code before the session that added it
# (`QA_SOURCE=tests/data/pdac-ev/pdac-ev-review.txt python -m eval run
# --questions tests/data/pdac-ev/questions_untouched.jsonl`); the floor leaves room
# for a few questions.
ACCURACY_FLOOR = 0.65


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from review_assistant(tmp_path_factory, DATA / "pdac-ev-review.txt", "pdac")


def _talk(assistant: Assistant, turns: list[str]) -> list[str]:
    history: list[tuple[str, str]] = []
    for question in turns:
        history.append((question, assistant.ask(question, history=history).text))
    return [text for _, text in history]


def test_the_eighth_reviews_untouched_questions_are_answered(assistant: Assistant) -> None:
    share, n = accuracy(assistant, DATA / "questions_untouched.jsonl")
    assert share >= ACCURACY_FLOOR, f"accuracy {share:.3f} on {n} questions"


def test_which_of_the_listed_rows_came_from_a_source_the_donor_column_names(
        assistant: Assistant) -> None:
    # "Donor cells" is the column a source is asked of ("came from"), though its name
    # is not the bundled table's "Origin"; "fibroblasts" are the CAFs it prints; the
    # sentence saying where the study is discussed does not answer
    said = _talk(assistant, ["which circrnas are in table 1?", "which of them came from fibroblasts?",
                             "mechanism?"])
    assert said[1].startswith("Of those, circRAPGEF5: In 2023, Moreau et al."), said[1]
    assert "IGF2BP1" in said[2], said[2]


def test_the_two_are_the_two_rows_listed_not_a_rows_neighbour_named_in_passing(
        assistant: Assistant) -> None:
    # the second answer is one row (H19) beside a sentence naming MALAT1: "the two" are
    # still the first answer's two rows, whose units hold cells with their own "; "
    # ("Effect on resistance: Increases; represses FGFRL1 ..."); "its" is then the row
    # the answer gave, not one of its cells (CSCs)
    said = _talk(assistant, ["which exosomal cargos from cancer stem cells promote gem resistance?",
                             "the lncrna, what does it sponge?", "which of the two is more recent?",
                             "what reversed its effect?"])
    assert said[2].startswith("Table 1 lists miR-210") and "2020" in said[2], said[2]
    assert "rapamycin" in said[3], said[3]


def test_a_sentence_counting_of_those_before_brings_the_one_before(assistant: Assistant) -> None:
    # "None of these patients received ICIs, ..." is read with the sentence naming them
    answer = assistant.ask("Does exosomal PD-L1 predict who responds to checkpoint inhibitors "
                           "in PDAC patients?")
    assert answer.text.startswith("In 84 patients with PDAC"), answer.text


def test_a_qualifying_name_no_paragraph_gives_with_the_rarest_is_not_answered(
        assistant: Assistant) -> None:
    # NALIRIFOX meets OS in a paragraph, never G12D: its median OS is the whole trial's
    answer = assistant.ask("What median OS did NALIRIFOX give in patients whose tumors carry "
                           "KRAS G12D specifically?")
    assert answer.abstained, answer.text
    answer = assistant.ask("What median OS did NALIRIFOX give?")
    assert not answer.abstained and "11.1 months" in answer.text, answer.text


def test_a_thing_of_a_kind_asked_comes_from_the_sentence_naming_one(
        assistant: Assistant) -> None:
    # "In 2018, Varga et al. performed a proteomic comparison ..." names no protein; the
    # next sentence does (EphA2)
    answer = assistant.ask("what protein came out of the proteomic comparison of "
                           "gem-resistant mia paca-2 exosomes?")
    assert "EphA2 was the most enriched" in answer.text, answer.text
    # a yes/no question relating a name to a word its section's heading says is answered
    # by the sentence naming it there ("... predicted a radiological and pathological
    # response with an AUC of 0.79" under "... LIQUID-BIOPSY BIOMARKERS ...")
    answer = assistant.ask("has EphA2 been used as a biomarker?")
    assert "AUC of 0.79" in answer.text, answer.text


def test_a_follow_up_read_as_a_claim_says_no_reading_of_a_name_in_it(
        assistant: Assistant) -> None:
    # "journal?" after an answer quoting "Low dCK, low hENT1, high RRM1/RRM2 and high CDA
    # ..." is the journal of that claim's study; it is no choice of RRM2 over RRM1
    # (as `python -m qa chat` keeps the talk: each question as it was understood)
    history: list[tuple[str, str]] = []
    for question in ["what does dCK do in GEM resistance?", "who showed that?"]:
        said = assistant.ask(question, history=history)
        history.append((said.standalone_question or question, said.text))
    answer = assistant.ask("journal?", history=history)
    assert "Read as about" not in answer.notice, answer.notice
    assert "the study behind" in answer.standalone_question, answer.standalone_question
