"""A fifth review (tests/data/er-ev: vesicles in endocrine and CDK4/6-inhibitor resistance
in breast cancer, written in the same page-dump form by a helper who never saw this code;
its questions by another who saw only the review and the format). Its `*_untouched`
sets are never read while the answering code is worked on, only scored; its `*_tune`
sets may be read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from other_review import accuracy, review_assistant

from qa import Assistant

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "er-ev"
# Measured 0.729 when it arrived (`QA_SOURCE=tests/data/er-ev/er-ev-review.txt python -m
# eval run --questions tests/data/er-ev/questions_untouched.jsonl`); the floor leaves
# room for a few questions.
ACCURACY_FLOOR = 0.66


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from review_assistant(tmp_path_factory, DATA / "er-ev-review.txt", "er-ev")


def test_the_fifth_reviews_untouched_questions_are_answered(assistant: Assistant) -> None:
    share, n = accuracy(assistant, DATA / "questions_untouched.jsonl")
    assert share >= ACCURACY_FLOOR, f"accuracy {share:.3f} on {n} questions"


def test_its_table_is_read_cell_by_cell(assistant: Assistant) -> None:
    # 21 rows of eight cells run together, the class cell left out where it repeats
    rows = [p for p in assistant.passages if p.kind == "table_row"]
    assert len(rows) == 21
    assert all(len([v for v in p.cells.values() if v]) >= 7 for p in rows)


def test_a_word_asked_said_in_its_negative_form_answers_no(assistant: Assistant) -> None:
    # "tamoxifen itself is inactive in vitro": "active" asked, "inactive" said; and "It
    # should also be kept in mind that ..." leans on no sentence before it
    answer = assistant.ask("is tamoxifen itself active in cell culture?")
    assert answer.text.startswith("No. It should also be kept in mind"), answer.text


def test_a_yes_no_question_after_its_setting_is_answered_yes(assistant: Assistant) -> None:
    # "In the miR-27a-3p xenografts, did ...?": the setting before the question; the
    # sentence saying it ("... depletion of macrophages ... restored the response") comes
    # after the one naming miR-27a-3p, which counts as said
    answer = assistant.ask("In the miR-27a-3p xenografts, did depleting macrophages restore "
                           "palbociclib response?")
    assert answer.text.startswith("Yes. In xenografts of MCF-7 cells"), answer.text


def test_a_kind_word_used_as_a_modifier_is_not_the_kind_asked_for(
        assistant: Assistant) -> None:
    # "which drug efflux transporter": a transporter is asked for, not a drug; the review
    # names it (BCRP), so it is no partial answer saying the review gives none
    answer = assistant.ask("Which drug efflux transporter did EVs from abemaciclib-resistant "
                           "MCF-7 cells transfer?")
    assert not answer.text.startswith("The review does not give"), answer.text
    assert "BCRP" in answer.text


def test_name_every_one_of_a_class_lists_the_tables_rows(assistant: Assistant) -> None:
    answer = assistant.ask("name every lncRNA linked to EV-mediated resistance")
    assert answer.text.startswith("Table 1 lists 4 lncRNAs"), answer.text
    assert all(n in answer.text for n in ("DSCAM-AS1", "H19", "GAS5", "PVT1"))


def test_a_thing_asked_for_that_nobody_has_studied_is_not_given(
        assistant: Assistant) -> None:
    # "No study has yet examined the relationship between EVs and elacestrant": the
    # review gives no such microRNA, and says why
    answer = assistant.ask("which EV microRNA causes elacestrant resistance?")
    assert answer.abstained and answer.text.startswith("The review does not give this"), \
        answer.text
    assert "No study has yet examined" in answer.text
    # ... while whether there is anything on a drug is answered by that
    history = [("anything on EVs and fulvestrant resistance?", "")]
    asked = assistant.ask("and elacestrant?", history=history)
    assert not asked.abstained, asked.text
    assert "No study has yet examined" in asked.text


def test_a_sentence_announcing_studies_by_number_gives_way_to_them(
        assistant: Assistant) -> None:
    # "Two miRNA studies linked EVs to the cyclin E-CDK2 axis." names neither; the
    # sentences after it that tell each study do
    answer = assistant.ask("which EV cargos push palbociclib resistance through the "
                           "cyclin E-CDK2 route?")
    assert "miR-27a-3p" in answer.text and "miR-20b-5p" in answer.text, answer.text


def test_what_a_study_found_is_not_given_while_the_review_says_it_is_to_come(
        assistant: Assistant) -> None:
    # the review's only word on the cohort's RNA cargo: "Prospective cohorts such as
    # CYCLE-EV and EVOLVE-HR should clarify whether EV cargos can guide treatment"
    answer = assistant.ask("what did the EVOLVE-HR cohort's RNA cargo analysis find?")
    assert answer.abstained and answer.text.startswith("The review does not give this"), \
        answer.text
    assert "should clarify" in answer.text


def test_whether_a_finding_holds_where_the_review_says_that_is_not_known(
        assistant: Assistant) -> None:
    # "Most patients in the TAMARIND cohort were premenopausal, and it is not known whether
    # the association also applies to women treated with AIs."
    answer = assistant.ask("would the TAMARIND result apply to women on aromatase "
                           "inhibitors?")
    assert answer.abstained and answer.text.startswith("The review does not give this"), \
        answer.text
    assert "not known whether" in answer.text
    # ... while "has it been studied?" is answered by the review saying no study has
    answer = assistant.ask("Has EV-mediated resistance to elacestrant been studied?")
    assert not answer.abstained and "elacestrant" in answer.text, answer.text


def test_a_sentence_telling_a_named_study_on_is_about_its_name(assistant: Assistant) -> None:
    # "Nakashima et al. ... miR-27a-3p ...[42]. Uptake ... In xenografts ..., depletion of
    # macrophages with clodronate liposomes restored the response to palbociclib[42]."
    answer = assistant.ask("In the miR-27a-3p xenografts, did depleting macrophages "
                           "restore palbociclib response?")
    assert "clodronate" in answer.text, answer.text


def test_the_first_study_of_a_finding_is_the_earliest_dated_one(assistant: Assistant) -> None:
    # three studies show the transfer (2015, 2019, 2021); the best-scored is not the first
    answer = assistant.ask("first paper showing EVs pass on tamoxifen resistance?")
    assert answer.text.startswith("The earliest of the 3 studies the review gives for this "
                                  "is Hartley et al. (2015; ref. 39)"), answer.text
    assert "miR-221/222" in answer.text


def test_an_abbreviations_meaning_asked_in_a_setting_is_the_sentence_spelling_it_out(
        assistant: Assistant) -> None:
    # "ceRNA" (a capital after its first letter) asked with a setting after it: before,
    # a sentence only using "ceRNA" answered
    answer = assistant.ask("what does ceRNA mean in these lncRNA papers")
    assert answer.text.startswith("In recipient cells, DSCAM-AS1 acted as a competing "
                                  "endogenous RNA (ceRNA)"), answer.text


def test_who_found_a_thing_first_is_the_earliest_dated_study_named_from_its_reference(
        assistant: Assistant) -> None:
    # before: the literature reading named the study behind the best sentence (2019)
    answer = assistant.ask("who first showed EVs pass on tamoxifen resistance and in what "
                           "journal")
    assert answer.text.startswith("The review cites Hartley J et al. (2015, Mol Cancer Ther; "
                                  "ref. 39) for this:"), answer.text


def test_a_method_a_named_study_s_next_sentence_gives_is_answered_from_it(
        assistant: Assistant) -> None:
    # the xenograft sentence cites the Nakashima study without naming it again
    answer = assistant.ask("what mouse model did the Nakashima et al. study use")
    assert not answer.abstained, answer.notice
    assert answer.text.startswith("In xenografts of MCF-7 cells"), answer.text


def test_a_finding_not_tested_in_animals_is_answered_no(assistant: Assistant) -> None:
    # "The miR-18a-5p findings have not been tested in vivo" had been read as "Yes."; and
    # "ever" had been read as a clipped "everolimus"
    answer = assistant.ask("was the miR-18a-5p letrozole finding ever tested in mice?")
    assert answer.text.startswith("No. The miR-18a-5p findings have not been tested in vivo"), \
        answer.text


def test_a_name_versioned_by_a_year_is_that_name(assistant: Assistant) -> None:
    # "MISEV" asked, "MISEV2023 recommends ... (less than 200 nm)" said: before, "The
    # review does not give the size"
    answer = assistant.ask("what size cutoff does MISEV use for small EVs")
    assert not answer.abstained, answer.text
    assert "200 nm" in answer.text


def test_a_figure_asked_in_lay_words_comes_from_a_sentence_as_close(
        assistant: Assistant) -> None:
    # naming nothing, the question had no name to hold the figure's sentence to; one as
    # well covered and as close in meaning gives it
    answer = assistant.ask("how long does the cdk4/6 pill usually keep working before the "
                           "cancer starts growing again?")
    assert not answer.abstained, answer.text
    assert "median of about 2 years" in answer.text


def test_an_opposite_effect_is_a_no_only_of_the_thing_asked(assistant: Assistant) -> None:
    # another study's vesicles "conferring cross-resistance to palbociclib" had made
    # "can engineered vesicles overcome palbociclib resistance?" a "No."
    answer = assistant.ask("can engineered vesicles overcome palbociclib resistance?")
    assert not answer.text.startswith("No."), answer.text


def test_a_study_still_to_report_is_told_by_what_the_review_says_of_it(
        assistant: Assistant) -> None:
    # "Prospective cohorts such as CYCLE-EV ... should clarify ..." had made "what's the
    # CYCLE-EV study" a "does not give this"; the review tells the cohort and its finding
    answer = assistant.ask("what's the CYCLE-EV study")
    assert not answer.abstained, answer.text
    assert answer.text.startswith("In the prospective CYCLE-EV cohort, Szabo et al."), \
        answer.text
    assert "miR-301a-3p" in answer.text


def test_which_trials_of_a_class_are_the_trials_its_paragraph_tells(
        assistant: Assistant) -> None:
    # The introduction's paragraph opens on CDK4/6 inhibitors and goes on to ASTER-1,
    # MERIDIAN-3 and KESTREL: "which trials tested them?" is answered by one of those,
    # not "the review does not give any clinical trial of it"
    answer = assistant.ask("which trials tested cdk4/6 inhibitors")
    assert not answer.abstained and "trial" in answer.text, answer.text
    assert any(t in answer.text for t in ("ASTER-1", "MERIDIAN-3", "KESTREL")), answer.text
    # ... asked whether there is any, the review's word on it still stands
    ev = assistant.ask("has any EV-based therapy been tested in a clinical trial?")
    assert "no clinical trial" in ev.text, ev.text


def test_what_a_section_cites_asks_of_that_section(assistant: Assistant) -> None:
    # "the intro cite": a section named as what cites, and "cite" frames the question;
    # before, "intro" and "cite" were asked words no sentence says, and it abstained.
    first = "what trials does the intro cite for cdk4/6 inhibitors"
    said = assistant.ask(first)
    assert not said.abstained, said.notice
    assert "MERIDIAN-3" in said.text and "KESTREL" in said.text
    # "which one was published most recently": the adverb asks as "most recent" does
    answer = assistant.ask("which one was published most recently",
                           history=[(first, said.text)])
    assert "KESTREL" in answer.text and "2023" in answer.text, answer.text


def test_a_figure_asked_of_what_was_just_said_comes_from_that_answer(
        assistant: Assistant) -> None:
    # "and the AUC?" two answers after the one giving it (0.74, the ANVIL-EV substudy),
    # not another study's AUC (0.71, 0.81)
    history: list[tuple[str, str]] = []
    for q in ("which EV marker predicted Ki-67 response to neoadjuvant anastrozole",
              "how many women were in that substudy"):
        history.append((q, assistant.ask(q, history=history).text))
    assert "68 postmenopausal women" in history[-1][1]
    answer = assistant.ask("and the AUC?", history=history)
    assert "0.74" in answer.text and "0.71" not in answer.text, answer.text


def test_a_figure_of_another_thing_is_no_figure_of_the_thing_asked(
        assistant: Assistant) -> None:
    # "... consistent with the limited half-life of the transferred molecules" (after
    # "less than 96 hours") gives no half-life of fulvestrant
    answer = assistant.ask("whats the half life of fulvestrant")
    assert answer.abstained and answer.text.startswith("The review does not give the half life")


def test_names_asked_for_where_only_the_kind_is_spoken_of(assistant: Assistant) -> None:
    answer = assistant.ask("name the non-anticoagulant heparin derivatives being developed")
    assert answer.text.startswith(
        "The review does not give the names of the non-anticoagulant heparin derivatives"), \
        answer.text
    assert "in development for other indications" in answer.text


def test_an_abbreviation_the_review_spells_out_only(assistant: Assistant) -> None:
    answer = assistant.ask("KESTREL 4y iDFS numbers?")
    assert not answer.abstained and "85.8%" in answer.text, answer.text
