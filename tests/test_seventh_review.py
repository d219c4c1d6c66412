"""A seventh review (tests/data/glioma-ev: vesicles in temozolomide and radiotherapy
resistance of glioblastoma, written in the same page-dump form by a helper who never saw
this code, with a Table 1 of its own columns that leaves its class out where it repeats;
its questions and conversations by two others who saw only the review and the format).
Its `*_untouched` sets are never read while the answering code is worked on, only
scored; its `*_tune` sets may be read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from other_review import accuracy, review_assistant

from qa import Assistant

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "glioma-ev"
# Measured 0.65 when it arrived, on the code before this session's changes
# (`QA_SOURCE=tests/data/glioma-ev/glioma-ev-review.txt python -m eval run
# --questions tests/data/glioma-ev/questions_untouched.jsonl`); the floor leaves room
# for a few questions.
ACCURACY_FLOOR = 0.575


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from review_assistant(tmp_path_factory, DATA / "glioma-ev-review.txt", "glioma")


def test_the_seventh_reviews_untouched_questions_are_answered(assistant: Assistant) -> None:
    share, n = accuracy(assistant, DATA / "questions_untouched.jsonl")
    assert share >= ACCURACY_FLOOR, f"accuracy {share:.3f} on {n} questions"


def test_a_definition_said_in_passing_answers_what_is(assistant: Assistant) -> None:
    # "... chemoradiotherapy produces pseudoprogression, a treatment-related increase in
    # contrast enhancement that mimics tumor growth, ...": an appositive defines it; "what's"
    # asks as "what is" does
    for question in ("what is pseudoprogression", "what's pseudoprogression?"):
        answer = assistant.ask(question)
        assert answer.text.startswith("Moreover, chemoradiotherapy produces pseudoprogression, "
                                      "a treatment-related increase"), answer.text
    # ... and a thing by what it is called: "..., commonly referred to as the Stupp protocol,"
    answer = assistant.ask("what is the Stupp protocol?")
    assert answer.text.startswith("The current standard of care for newly diagnosed GBM"), \
        answer.text


def test_sizes_set_against_each_other_are_both_given(assistant: Assistant) -> None:
    # "exosomes" is too common to be a name, but set against "microvesicles" it is one side
    # of the comparison; each side's sentence giving a size leads its side
    answer = assistant.ask("what size are exosomes vs microvesicles?")
    assert "30-150 nm" in answer.text and "100-1,000 nm" in answer.text, answer.text
    assert not answer.abstained
    answer = assistant.ask("what size are exosomes?")
    assert answer.text.startswith("Exosomes, typically 30-150 nm in diameter"), answer.text


def test_the_opposite_superlative_after_a_question_between(assistant: Assistant) -> None:
    # "and the most recent one?" two turns after "what's the earliest study in table 1?":
    # the table's most recent study, not the most recent of the studies just cited
    first = "what's the earliest study in table 1?"
    said = assistant.ask(first)
    # (a study asked for is named as the reference list names it, before its row)
    assert said.text.startswith("Marchetti et al. (2014; ref. 40): Table 1 lists"), said.text
    second = "what control showed the effect depended on EV release?"
    then = assistant.ask(second, history=[(first, said.text)])
    answer = assistant.ask("and the most recent one?",
                           history=[(first, said.text), (second, then.text)])
    assert "circWDR62" in answer.text and "2024" in answer.text, answer.text


def test_which_of_a_listed_four_then_the_most_recent_of_the_four(assistant: Assistant) -> None:
    # "involved hypoxia" picks the row whose cells say "Hypoxic" (one word, other form);
    # "most recent of the four" is of the list of four, though an answer citing two rows
    # came after it
    turns = ["which table 1 studies looked at radiotherapy?", "which of them involved hypoxia?",
             "what does it bind?", "most recent of the four?"]
    history: list[tuple[str, str]] = []
    answers = []
    for question in turns:
        answer = assistant.ask(question, history=history)
        history.append((question, answer.text))
        answers.append(answer)
    assert answers[1].text.startswith("Table 1 lists HIF1A-AS2"), answers[1].text
    assert "IGF2BP2" in answers[2].text, answers[2].text
    assert "circCDK14" in answers[3].text and "2022" in answers[3].text, answers[3].text


def test_a_sentence_pointing_further_on_does_not_answer(assistant: Assistant) -> None:
    # "EV-based biomarkers that might help to distinguish true progression from
    # pseudoprogression are discussed below." tells of the review, not of the finding
    answer = assistant.ask("can EVs tell pseudoprogression from true progression?")
    assert not answer.text.startswith(("Yes. EV-based", "EV-based")), answer.text


def test_which_study_is_a_described_cohort_is_answered_from_the_reference_list(
        assistant: Assistant) -> None:
    answer = assistant.ask("which study is the 142-patient prospective plasma EV MGMT mRNA "
                           "cohort?")
    assert answer.text.startswith("The review cites Baldini F et al. (2023, Cancer Res; "
                                  "ref. 72)"), answer.text


def test_a_study_called_by_a_name_only_its_title_says_is_that_study(
        assistant: Assistant) -> None:
    # "LINC00470 and GPX4 therefore protect GBM cells ..." closes ref. 39's run, but
    # "the LINC00470 study" is ref. 28, whose title alone names LINC00470
    answer = assistant.ask("who were the authors of the LINC00470 study?")
    assert answer.text.startswith("Ref. 28 is Nakashima Y"), answer.text
    answer = assistant.ask("which journal published the SNHG12 study?")
    assert "Mol Cancer 2023" in answer.text and "Kowalczyk" in answer.text, answer.text


def test_a_definition_in_square_brackets_inside_parentheses_is_read(
        assistant: Assistant) -> None:
    # "(hazard ratio [HR] 2.14, ...)": HR is the hazard ratio, so the sentence saying
    # "(HR 2.14)" of SNHG12's paragraph holds what is asked
    assert assistant.abbreviations.get("HR") == "hazard ratio"
    answer = assistant.ask("what was the hazard ratio for pfs with high snhg12?")
    assert "SNHG12" in answer.text, answer.text
