"""A third review (tests/data/parp-ev: extracellular vesicles in PARP-inhibitor resistance,
written in the same page-dump form by a helper who never saw this code) answered through
the same code and default settings: its gold questions scored by the eval scorer, and the
mechanisms its form brought out, each asked in our own words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from other_review import accuracy, review_assistant

from qa import Assistant

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "parp-ev"
# Measured 0.717 (`QA_SOURCE=tests/data/parp-ev/parp-ev-review.txt python -m eval run
# --questions tests/data/parp-ev/questions.jsonl`); the floor leaves room for a question
# or two.
ACCURACY_FLOOR = 0.65


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    yield from review_assistant(tmp_path_factory, DATA / "parp-ev-review.txt", "parp-ev")


def test_the_third_reviews_questions_are_answered(assistant: Assistant) -> None:
    share, n = accuracy(assistant, DATA / "questions.jsonl")
    assert share >= ACCURACY_FLOOR, f"accuracy {share:.3f} on {n} questions"


def test_a_figure_asked_is_found_beyond_the_best_sentence(assistant: Assistant) -> None:
    # The best-covering sentence names GW4869 but gives no figure; another gives "60%".
    answer = assistant.ask("gw4869, by how much did it lower vesicle release")
    assert not answer.abstained, answer.notice
    assert "about 60%" in answer.text


def test_a_trial_named_in_the_text_is_the_claims_own_study(assistant: Assistant) -> None:
    # "These observations ... in the MOSAIC-OV trial, niraparib plus pembrolizumab ...":
    # the study behind the claim is that sentence's (ref. 58), not the one before's.
    answer = assistant.ask("which trial looked at niraparib plus pembrolizumab?")
    assert "MOSAIC-OV" in answer.text
    assert "ref. 58" in answer.text and "ref. 56" not in answer.text


def test_a_row_whose_label_carries_its_class_gets_its_studys_sentence(
        assistant: Assistant) -> None:
    # Row "lncRNA MALAT1"; the text writes "... transcript 1 (MALAT1)" with the figures.
    answer = assistant.ask("PFS with high vs low serum EV-MALAT1 on olaparib maintenance?")
    assert "11.2" in answer.text and "19.7" in answer.text


def test_a_sentence_telling_of_xenografts_says_yes_to_tested_in_animals(
        assistant: Assistant) -> None:
    history = [("what does miR-223-3p do?", assistant.ask("what does miR-223-3p do?").text)]
    answer = assistant.ask("did they try it in animals?", history=history)
    assert answer.text.startswith("Yes."), answer.text


def test_a_name_defined_after_a_word_or_two_is_its_definition(assistant: Assistant) -> None:
    # "The prospective EVOLVE-PARP cohort is monitoring ..." defines it; "Prospective
    # cohorts such as EVOLVE-PARP should clarify ..." does not.
    answer = assistant.ask("what is evolve-parp")
    assert answer.text.startswith("The prospective EVOLVE-PARP cohort"), answer.text


def test_a_sentence_saying_but_gets_no_plain_yes(assistant: Assistant) -> None:
    # "approved for breast and prostate cancer but remains investigational in ovarian"
    answer = assistant.ask("is talazoparib approved in ovarian cancer?")
    assert "remains investigational" in answer.text
    assert not answer.text.startswith("Yes."), answer.text


def test_how_solid_a_finding_is_brings_the_sentence_that_weighs_it(
        assistant: Assistant) -> None:
    # The circHIPK3 study is told, then weighed: "However, because this study was
    # retrospective ..., its findings should be regarded as preliminary."
    answer = assistant.ask("circHIPK3 in ascites vesicles and niraparib: how reliable is that?")
    assert not answer.abstained, answer.notice
    assert "retrospective" in answer.text and "preliminary" in answer.text
    # a question not weighing the finding is answered without it
    plain = assistant.ask("what does circHIPK3 sponge?")
    assert "miR-338-3p" in plain.text and "preliminary" not in plain.text


def test_two_names_joined_by_a_slash_in_one_finding_are_one_thing_asked_of(
        assistant: Assistant) -> None:
    # "miR-210-3p / talazoparib" is the finding one row records, not two things compared:
    # its study-type cell answers ("In vitro" -> No), for the row, not side by side
    answer = assistant.ask("the miR-210-3p / talazoparib result, was it done in mice?")
    assert answer.text.startswith("No."), answer.text
    assert "approved for breast" not in answer.text


def test_the_opposite_effect_recorded_answers_no(assistant: Assistant) -> None:
    # miR-182-5p's row: "Restore olaparib sensitivity"; asked whether it makes cells
    # resistant, the answer is no, with what the review records
    answer = assistant.ask("do miR-182-5p loaded vesicles make cancer cells resist olaparib?")
    assert answer.text.startswith("No."), answer.text
    assert "sensiti" in answer.text.lower()


def test_a_glossary_phrase_this_review_uses_is_matched_as_its_own_word(
        assistant: Assistant) -> None:
    # The glossary reads "microvesicles" as the bundled review's "nano-sized vesicles"
    # (that review never says it); this one does, and its own sentence answers
    answer = assistant.ask("what are microvesicles?")
    assert answer.text.startswith("Microvesicles, 100-1,000 nm in size"), answer.text


def test_the_third_reviews_untouched_questions_are_answered(assistant: Assistant) -> None:
    # A second set on this review, written later by another helper and never read:
    # measured 0.700 when it arrived; the floor leaves room for a few questions
    share, n = accuracy(assistant, DATA / "questions2_untouched.jsonl")
    assert share >= 0.63, f"accuracy {share:.3f} on {n} questions"


def test_a_list_told_in_order_answers_what_its_announcing_sentence_names(
        assistant: Assistant) -> None:
    # "Several knowledge gaps need to be addressed. First, ... Second, ... Finally, ...":
    # the items answer, not the sentence in which the review says it will highlight gaps
    answer = assistant.ask("what knowledge gaps do the authors highlight?")
    assert answer.text.startswith("The review lists 5"), answer.text
    assert "co-isolated" in answer.text and "talazoparib" in answer.text
    assert "we highlight" not in answer.text


def test_the_declarations_answer_only_what_is_asked_of_them(assistant: Assistant) -> None:
    # "Supervised the work and revised the manuscript" shares "work" with the question;
    # the authors' contributions are not asked about, the review's own suggestion is
    answer = assistant.ask("what do the authors suggest for future work?")
    assert "Supervised" not in answer.text and "honoraria" not in answer.text, answer.text
    funded = assistant.ask("any conflicts of interest?")
    assert "honoraria" in funded.text, funded.text


def test_a_fold_figure_asked_for_comes_from_a_sentence_as_close_in_meaning(
        assistant: Assistant) -> None:
    # "Ascites offers a more concentrated source ... than blood" gives no figure; "...
    # approximately 10-fold higher than in matched plasma" does ("10-fold" is a figure)
    answer = assistant.ask("How much more concentrated are EVs in ascites than in blood?")
    assert not answer.abstained, answer.text
    assert "10-fold" in answer.text


@pytest.mark.parametrize(("question", "what"), [
    ("Which company supplies the GW4869 used in the OVCAR-8 xenograft study?", "the company"),
    ("What is the seed sequence of miR-493-5p?", "the seed sequence"),
])
def test_a_method_detail_no_passage_names_is_said_not_given(
        assistant: Assistant, question: str, what: str) -> None:
    answer = assistant.ask(question)
    assert answer.abstained and answer.text.startswith(f"The review does not give {what}"), \
        answer.text


@pytest.mark.parametrize(("question", "figure"), [
    # the figure is in the sentence after the one naming the thing, which goes on
    # about it without naming it ("The effect lasted ...", "Interim results ..."):
    # before, "The review does not give this figure."
    ("how long did the RAD51 transfer via EVs last?", "less than 72 hours"),
    ("how long is the EVOLVE-PARP lead time?", "2.8 months"),
])
def test_a_figure_told_in_the_sentence_going_on_about_a_named_thing_is_given(
        assistant: Assistant, question: str, figure: str) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained and figure in answer.text, answer.text


@pytest.mark.parametrize(("question", "figure"), [
    # a share in words ("Around half of HGSOC tumors display HRD")
    ("what share of HGSOC has HRD?", "Around half"),
    # a share of them doing what is asked ("... approximately 70% to 80% relapse ...")
    ("how many patients relapse after first-line chemo", "70% to 80% relapse"),
])
def test_a_share_answers_how_many_or_what_share(assistant: Assistant, question: str,
                                                figure: str) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained and figure in answer.text, answer.text
    # ... but a response rate is no number of patients in a trial
    trial = assistant.ask("how many patients were in the MOSAIC-OV trial")
    assert trial.text.startswith("The review does not give the number of patients"), \
        trial.text


def test_a_cells_acronym_is_read_in_its_long_form(assistant: Assistant) -> None:
    # Table 1 gives the source as "M2-like TAMs", "TAMs", "CAFs"; the review spells out
    # TAMs (tumor-associated macrophages) and CAFs (cancer-associated fibroblasts)
    answer = assistant.ask("list the table 1 cargos that come from macrophages")
    assert "miR-223-3p" in answer.text and "circUBAP2" in answer.text, answer.text
    assert "miR-210-3p" not in answer.text  # (its EVs polarize macrophages, from tumor cells)
    # ... and "vesicles" is the table's own frame ("Origin of EVs"), picking no rows
    rows = assistant.ask("table 1 rows where the vesicles come from fibroblasts")
    assert rows.text.startswith("Table 1 lists 3 entries"), rows.text
    assert all(n in rows.text for n in ("miR-493-5p", "NEAT1", "TGF")), rows.text


def test_a_choice_the_table_says_both_rows_fit_is_answered_both(assistant: Assistant) -> None:
    first = "list the table 1 cargos that come from macrophages"
    listed = assistant.ask(first)
    answer = assistant.ask("which of them had in vivo work",
                           history=[(first, listed.text)])
    assert answer.text.startswith("Both:"), answer.text
    assert "miR-223-3p" in answer.text and "circUBAP2" in answer.text, answer.text


def test_a_yes_no_question_on_a_setting_the_sentence_denies_after_a_but_is_answered_no(
        assistant: Assistant) -> None:
    # "approved for breast and prostate cancer but remains investigational in ovarian
    # cancer": asked of ovarian cancer, no; asked of breast cancer, no plain "No."
    answer = assistant.ask("Is talazoparib approved for ovarian cancer?")
    assert answer.text.startswith("No. Talazoparib"), answer.text
    other = assistant.ask("is talazoparib approved for breast cancer?")
    assert not other.text.startswith("No."), other.text


def test_a_bare_literature_follow_up_is_of_the_claim_that_answered(
        assistant: Assistant) -> None:
    # "journal?" after an answer is asked of the study behind the sentence that answered
    # the question (the table row of platinum-resistant cells' EVs, ref. 52), whichever
    # sentence the answer happened to lead with
    first = "what do EVs from platinum resistant cells do to niraparib response"
    said = assistant.ask(first)
    answer = assistant.ask("journal?", history=[(first, said.text)])
    assert "Clin Cancer Res" in answer.text and "ref. 52" in answer.text, answer.text


def test_a_qualified_word_is_not_covered_by_another_kind_of_it(assistant: Assistant) -> None:
    # "survival" alone is covered by "PFS" (progression-free survival); "overall survival"
    # is not: the HELIOS-OV sentence giving median PFS "in the overall population" gives
    # no overall survival, and the answer says the review does not give it.
    answer = assistant.ask("what overall survival did HELIOS-OV show")
    assert answer.abstained
    assert answer.text.startswith("The review does not give the overall survival.")


def test_a_contrast_in_a_sentence_saying_little_of_the_question_is_no_denial(
        assistant: Assistant) -> None:
    # "... biomarkers ... but they ... do not capture the dynamic changes ..." names
    # PARPi before its "but" and "changes" after it, yet says nothing of EV secretion: no
    # "No." (a verdict either way needs the sentence to say nearly all that is asked)
    answer = assistant.ask("do PARP inhibitors themselves change how EVs are secreted?")
    assert not answer.text.startswith("No.")
    # (the talazoparib sentence says all that is asked and denies it of ovarian cancer)
    assert assistant.ask("is talazoparib approved in ovarian cancer?").text.startswith("No.")


def test_the_reviews_own_count_of_its_table_answers_how_many_of_its_studies(
        assistant: Assistant) -> None:
    # "Of the 18 studies summarized in Table 1, 10 included in vivo experiments, and only
    # two analyzed patient samples.": the review counts what no column names (animals),
    # and both asks of the question get their count; the two rows counted are named.
    answer = assistant.ask("of the studies in table 1 how many had animal experiments "
                           "and how many used patient samples")
    assert answer.text.startswith("Of the 18 studies summarized in Table 1, 10 included")
    assert "MALAT1" in answer.text and "circHIPK3" in answer.text
    # a count no sentence states is the table's own: 6 miRNA rows
    assert assistant.ask("how many table 1 entries are miRNAs?").text.startswith(
        "Table 1 has 6 miRNAs")


def test_a_mirna_asked_of_a_thing_is_given_only_by_a_mirnas_name(assistant: Assistant) -> None:
    # The MALAT1 sentences give PFS and VEGFA signaling, no miRNA: a miRNA's name tells
    # its kind (miR-338-3p), so "which miRNA" is answered only by one named.
    answer = assistant.ask("which miRNA does MALAT1 sponge?")
    assert answer.abstained and answer.text.startswith("The review does not give the miRNA")
    assert "miR-338-3p" in assistant.ask("which miRNA does circHIPK3 sponge?").text


def test_how_many_patients_that_was_is_the_figure_the_answer_gave(assistant: Assistant) -> None:
    # "that" is the finding the last answer told ("... ascites EVs from 38 patients ..."),
    # not a name read into the question ("how many patients was PARPi")
    first = "what ascites EV markers are there for PARPi resistance"
    said = assistant.ask(first)
    assert "38 patients" in said.text
    answer = assistant.ask("how many patients was that", history=[(first, said.text)])
    assert not answer.abstained and "38 patients" in answer.text, answer.text
    # a figure the last answer does not give is looked for as before
    other = assistant.ask("what was its hazard ratio", history=[(first, said.text)])
    assert "38 patients" not in other.text


def test_a_sentence_naming_the_thing_asked_only_in_a_list_yields_to_one_about_it(
        assistant: Assistant) -> None:
    # "EVs released by PARPi-resistant tumor cells, CAFs, TAMs, omental adipocytes and
    # hypoxic tumor cells transfer ..." names adipocytes in passing; "Omental adipocytes,
    # which are in direct contact with metastatic deposits, released EVs containing
    # miR-1246 ..." is about them, and comes before the other list naming them in
    # passing ("Stromal cells, including CAFs, TAMs and adipocytes, ...").
    answer = assistant.ask("can fat cells near the tumour help it resist the parp drug?")
    assert "Omental adipocytes, which are in direct contact" in answer.text, answer.text
    assert "Stromal cells, including" not in answer.text


def test_a_year_asked_of_a_drug_is_given_only_by_a_sentence_naming_it(
        assistant: Assistant) -> None:
    # "Olaparib was first approved by the U.S. FDA in 2014 ..." dates olaparib, not
    # rucaparib; a Table 1 row's year dates its study, not an approval.
    answer = assistant.ask("when did the FDA approve rucaparib for ovarian cancer")
    assert answer.abstained and answer.text.startswith("The review does not give the year.")
    assert assistant.ask("what year was niraparib approved?").abstained
    answer = assistant.ask("when was olaparib approved")
    assert not answer.abstained and "2014" in answer.text


def test_a_kind_or_origin_asked_in_the_tables_own_topic_lists_those_rows(
        assistant: Assistant) -> None:
    # Table 1 is of "EV contents involved in resistance to PARP inhibitors ...": "tied to
    # PARPi resistance" is every row's topic, so "what lncRNAs ...?" asks for the class and
    # "what EV cargos from CAFs ...?" for the rows of that origin
    answer = assistant.ask("what lncrnas in evs have been tied to parpi resistance")
    assert answer.text.startswith("Table 1 lists 3 lncRNAs"), answer.text
    answer = assistant.ask("what ev cargos from cafs have been linked to parpi resistance?")
    assert answer.text.startswith("Table 1 lists"), answer.text
    assert "NEAT1" in answer.text, answer.text
