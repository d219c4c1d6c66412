"""Questions typed the way people type them, through the real model and index: each test
stands for a failure class of issue 17 (examples are ours, not from any eval set)."""

from __future__ import annotations

import re
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
    # an everyday word a letter off is no name the review lacks
    ("which year did lenvatinib get its aproval", "approval", "2018"),
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


def test_a_name_the_review_never_uses_in_an_aside_leaves_the_rest_asked(
        assistant: Assistant) -> None:
    # "(and miR-10b)" is an aside: the question is still about miR-21, which the review
    # discusses; the answer says the aside's name is not in the review.
    answer = ask(assistant, "what does miR-21 (and miR-10b) do in sorafenib resistance?")
    assert not answer.abstained, answer.notice
    assert answer.text.startswith("The review does not mention miR-10b.")
    assert "miR-21" in answer.text or "MiR-21" in answer.text
    # the same name outside brackets is what is asked about: not answered
    plain = ask(assistant, "what does miR-10b do in sorafenib resistance?")
    assert plain.abstained
    # brackets naming the phrase before them, or giving examples of what is asked, are
    # what is asked
    assert ask(assistant, "exosomes in fatty liver (NAFLD) related hcc resistance").abstained


@pytest.mark.parametrize(("question", "expected"), [
    ("when was this review published?", "29 Oct 2023"),
    ("which journal published this review?", "Hepatoma Res 2023;9:46"),
    ("what is the doi of this review", "10.20517/2394-5079.2023.85"),
    # the record names no field ("journal", "volume"): it states them
    ("what journal is this review in", "Hepatoma Res 2023;9:46"),
    ("journal and volume of this review?", "Hepatoma Res 2023;9:46"),
])
def test_questions_about_the_article_itself_cite_what_its_page_prints(
        assistant: Assistant, question: str, expected: str) -> None:
    answer = ask(assistant, question)
    assert not answer.abstained, answer.notice
    assert expected in answer.text
    assert answer.citations[0].passage_id == "article-information/p1"


@pytest.mark.parametrize(("question", "lead"), [
    # a year from the text ("In 2014, ...") and one from a study's reference entry
    ("how many years passed between Takahashi's lincRNA-ROR report and the Tian paper?",
     "5 years apart (2014 and 2019):"),
    # "this review" is dated by the article's own information
    ("how long before this review came out was lenvatinib approved?",
     "5 years apart (2018 and 2023):"),
])
def test_the_time_between_two_dated_things_is_worked_out_and_both_cited(
        assistant: Assistant, question: str, lead: str) -> None:
    answer = ask(assistant, question)
    assert answer.text.startswith(lead), answer.text
    assert len(answer.citations) == 2
    assert all(c.quote in c.passage.text for c in answer.citations)


def test_the_values_a_table_column_takes_are_listed_each_cited(assistant: Assistant) -> None:
    answer = ask(assistant, "what study types appear in table 1?")
    assert answer.text.startswith("Table 1 gives 2 different values of Study type:")
    assert "In vitro and in vivo" in answer.text and len(answer.citations) == 2
    assert all(c.quote in c.passage.text for c in answer.citations)


@pytest.mark.parametrize("question", ["TKI meaning", "what does TKI stand for?",
                                      "what is a TKI"])
def test_a_singular_abbreviation_is_spelled_out_by_its_plurals_definition(
        assistant: Assistant, question: str) -> None:
    # the review writes "tyrosine kinase inhibitors (TKIs)" once and "TKI" elsewhere
    answer = ask(assistant, question)
    assert "tyrosine kinase inhibitors (TKIs)" in answer.text


def test_the_span_of_years_of_table_rows_is_their_first_and_last_year(
        assistant: Assistant) -> None:
    answer = ask(assistant, "what range of years do the studies in table 1 cover?")
    assert answer.text.startswith("From 2014 to 2023 (9 years):"), answer.text
    assert len(answer.citations) == 2
    assert all(c.quote in c.passage.text for c in answer.citations)


def test_a_kind_asked_for_is_named_by_a_member_no_table_row_files(
        assistant: Assistant) -> None:
    # "lncRNAs": the review's sentence names lnc-FAM72D-3 (an lncRNA by its form), never
    # the word, and no Table 1 row files it under lncRNAs
    answer = ask(assistant, "what lncRNAs in serum exosomes could diagnose HCC?")
    assert "lnc-FAM72D-3" in answer.text, answer.text


def test_a_name_before_a_participle_is_a_name_of_a_list(assistant: Assistant) -> None:
    # "miR-199a-loaded exosomes", "siGRP78-modified cells": the names a list gathers
    names = assistant.answerer.names_in_order(
        "Exosomes from siGRP78-modified cells and miR-199a-loaded exosomes both worked.")
    assert "siGRP78" in names and "miR-199a" in names
    assert "siGRP78-modified" not in names


def test_a_wh_word_with_a_plural_noun_asks_for_several_things() -> None:
    # (several things asked for: a second sentence saying as much of another belongs)
    from qa.extractive import _asks_plural
    assert _asks_plural("which checkpoint inhibitors are approved for hcc?")
    assert _asks_plural("what drugs does it affect")
    assert not _asks_plural("what causes resistance to sorafenib?")  # a verb
    assert not _asks_plural("which drug is it?")
    assert not _asks_plural("what does it do?")


@pytest.mark.parametrize("question", [
    "what daily dose of lenvatinib do patients get?",
    "by how much did the curcumin exosomes shrink tumours in mice?",
    # a unit or a ratio asked for: "nano-sized" gives no size, "marked overexpression"
    # no fold change
    "exosome size range in nm according to the review",
    "By what fold was circCCAR1 elevated in plasma exosomes of HCC patients?",
    "what % of pts get resistance to sorafenib",
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


def test_each_side_of_a_comparison_brings_the_sentence_going_on_about_it(
        assistant: Assistant) -> None:
    # "Lou et al. revealed that miR-122 could be packaged ..." says what was done; the
    # sentence after it ("These miR-122-enriched exosomes ...") says what it did
    answer = ask(assistant, "how do miR-199a AMSC exosomes differ from miR-122 ones")
    assert "mTOR" in answer.text and "sorafenib" in answer.text, answer.text
    # its reference is Lou et al.'s (21), not the next study's (102)
    assert re.search(r"These miR-122[^\[]*\[\d\] \(ref\. 21\)", answer.text), answer.text
    assert len(answer.text.split()) <= assistant.settings.answer.max_words


def test_an_everyday_word_weighs_as_the_review_word_of_its_stem(assistant: Assistant) -> None:
    # "treat" is a word the review never uses, but "treatment" is common in it: it must
    # not weigh as much as the rare "macrophage" and lift a sentence on treating cancers
    answerer = assistant.answerer
    assert answerer._weight("treat") < answerer._weight("macrophage") / 1.5
    answer = ask(assistant, "can macrophage exosomes make liver cancer harder to treat?")
    assert "macrophage" in answer.text.split("[1]")[0], answer.text


@pytest.mark.parametrize(("question", "heading"), [
    ("what does the abstract say exosomes transfer?", "Abstract"),
    ("what does the abstract say about biomarkers?", "Abstract"),
    ("in the conclusions, what is said about combination strategies?",
     "CONCLUSIONS AND PERSPECTIVES"),
    ("according to the intro, what do exosomes mediate?", "INTRODUCTION"),
    ("what challenges are named in the conclusions section?", "CONCLUSIONS AND PERSPECTIVES"),
])
def test_a_section_the_question_names_is_where_the_answer_comes_from(
        assistant: Assistant, question: str, heading: str) -> None:
    answer = ask(assistant, question)
    assert not answer.abstained and answer.citations
    assert all(heading in c.passage.section for c in answer.citations), \
        [c.passage.section for c in answer.citations]


def test_two_sections_named_scope_nothing(assistant: Assistant) -> None:
    named = assistant.answerer._section_named
    assert named("what is cited both in the introduction and in the conclusions?") == ("", "")
    assert named("what does the biomarker section say?")[0].startswith("Exosomes as predictive")
    assert named("what does the review say in the text?") == ("", "")  # no section's name
    # without a preposition, only "the ... section" names one
    assert named("how long is the abstract text?") == ("", "")


def test_a_section_named_by_where_it_stands_or_as_the_subject_of_saying(
        assistant: Assistant) -> None:
    named = assistant.answerer._section_named
    # the body's last section, before the declarations and references
    assert named("what do the authors recommend at the end of the review?")[0] == \
        "CONCLUSIONS AND PERSPECTIVES"
    assert named("which strategies does the conclusion mention?")[0] == \
        "CONCLUSIONS AND PERSPECTIVES"
    assert named("what the intro lists as causes of failure")[0] == "INTRODUCTION"
    # a compound of one heading word's start and another word: "chemotherapy resistance"
    assert named("which pumps are named in the chemoresistance part?")[0] == \
        "Exosomes promote chemotherapy resistance in HCC"
    assert named("what happens at the end of treatment?") == ("", "")  # not the review's end


def test_a_sentence_listing_things_of_the_plural_asked_for_is_preferred(
        assistant: Assistant) -> None:
    # "mechanisms such as A, B, C and D" answers "which mechanisms", over sentences that
    # only speak of mechanisms
    answer = ask(assistant, "by which mechanisms does the conclusion say exosomes regulate "
                            "drug resistance?")
    first = answer.text.split("[1]")[0]
    assert "such as promoting drug efflux" in first, answer.text


def test_a_description_that_names_its_thing_is_what_the_pronoun_means(
        assistant: Assistant) -> None:
    # "the ... drug known as lenvatinib - ... it?": no first step to find the drug, and the
    # answer starts from the sentence on lenvatinib, not from another "multikinase" one
    answer = ask(assistant, "the multikinase drug known as lenvatinib - which circRNA makes "
                            "hcc resistant to it?")
    assert answer.text.split("[1]")[0].count("lenvatinib") >= 1 and "circPAK1" in \
        answer.text.split("[1]")[0], answer.text
    answer = ask(assistant, "the scavenger cells named macrophages - what do their "
                            "exosomes do to CD8+ T cells?")
    assert "macrophage" in answer.text.split("[1]")[0] and "exhaustion" in answer.text, \
        answer.text


def test_a_how_question_is_answered_by_the_sentence_saying_by_what_means(
        assistant: Assistant) -> None:
    # several sentences say that exosomes drive sorafenib resistance; one says how
    answer = ask(assistant, "how do exosomes from hcc cells drive sorafenib resistance?")
    assert "by activating" in answer.text.split("[1]")[0], answer.text


def test_a_drug_named_without_its_salt_is_the_abbreviation_of_both(
        assistant: Assistant) -> None:
    # "doxorubicin hydrochloride (DOX)": "doxorubicin" matches the row's "Dox-induced"
    terms = assistant.answerer.terms("doxorubicin resistance", "", ())
    assert "§dox" in terms.own
    answer = ask(assistant, "was the miR-135a-5p doxorubicin finding shown in animals?")
    assert "In vitro" in answer.text.split("[1]")[0], answer.text


@pytest.mark.parametrize("question", [
    "The oncoprotein GOLPH3 raises one exosomal miRNA. What study type and year does "
    "Table 1 record for that miRNA?",
    "GOLPH3 pushes up one exosomal miRNA. Which year and study type does Table 1 give for "
    "that miRNA?",
])
def test_that_thing_of_a_kind_is_the_one_the_first_step_found(
        assistant: Assistant, question: str) -> None:
    # "that miRNA" is the miRNA the premise describes (miR-494-3p), not every miRNA row
    answer = ask(assistant, question)
    rows = [c for c in answer.citations if c.passage.kind == "table_row"]
    assert [c.passage.cells.get("Exosomal contents") for c in rows] == ["miR-494-3p"], \
        answer.text
    assert "2022" in answer.text


@pytest.mark.parametrize(("question", "lead"), [
    ("is the anti-pIgR antibody being tested in clinical trials?",
     "The review does not give any clinical trial of it."),
    ("what are the side effects of regorafenib?", "The review does not give its side effects."),
    ("are any exosome inhibitors already fda approved?",
     "The review does not give an approval of it."),
    # (in lay words)
    ("has mir-122 exosome therapy been tested in humans",
     "The review does not give any clinical trial of it."),
])
def test_a_clinical_status_the_evidence_does_not_give_for_the_thing_is_said_to_be_missing(
        assistant: Assistant, question: str, lead: str) -> None:
    # the nearest sentence on trials or approval is about other drugs: not an answer
    answer = ask(assistant, question)
    assert answer.abstained and answer.text.startswith(lead), answer.text


@pytest.mark.parametrize("question", [
    "do exosomes from hepatitis C related liver cancer cause chemoresistance?",
    "does the same happen in hep c related liver cancer",
])
def test_a_lettered_disease_the_review_never_names_is_said_not_given(
        assistant: Assistant, question: str) -> None:
    # the review speaks of hepatitis B (HBV) only: its HBV study is no answer for C
    answer = ask(assistant, question)
    assert answer.abstained, answer.text
    assert answer.text.startswith("The review does not give anything on hepatitis C."), \
        answer.text
    b = ask(assistant, "do exosomes from hepatitis b related liver cancer cause chemoresistance")
    assert not b.abstained and "HBV-associated" in b.text, b.text


@pytest.mark.parametrize("question", [
    "which checkpoint inhibitors are in clinical trials?",
    "was lenvatinib approved by the FDA?",
    "first fda approved combo of a targeted drug plus immunotherapy for hcc?",
    "so which was approved first, sorafenib or lenvatinib?",
    "is sorafenib used in patients",  # (used, not tried: no status asked)
    "which trial is cited for atezolizumab plus bevacizumab",  # (a reference asked)
])
def test_a_clinical_status_the_evidence_gives_is_answered(assistant: Assistant,
                                                          question: str) -> None:
    assert not ask(assistant, question).abstained


@pytest.mark.parametrize("question", [
    "circPAK1 takes a protein away from YAP. When HCC exosomes carry that same protein, "
    "what does it do to T cells?",
    "circPAK1 competitively binds a protein with YAP. When exosomes carry that same protein, "
    "what does it do to T cells?",
])
def test_that_same_thing_named_in_an_earlier_ask_is_bridged_with_its_greek_letter(
        assistant: Assistant, question: str) -> None:
    # the first step finds "14-3-3 ζ" (the letter set apart ends the name); the second
    # reads the ask for it and finds what 14-3-3ζ in HCC exosomes does to T cells
    assert "tumor-infiltrating T lymphocytes" in ask(assistant, question).text


def test_a_question_of_one_name_alone_asks_what_it_is(assistant: Assistant) -> None:
    # "circrna-sore?" is "what is circRNA-SORE?": the sentence introducing it leads (its
    # partner YBX1), not a later one saying it can be transferred
    assert assistant.answerer._bare_name("circRNA-SORE?") == "circrna-sore"
    assert assistant.answerer._bare_name("what about it?") == ""
    answer = ask(assistant, "circrna-sore?")
    assert "YBX1" in answer.text.split("[1]")[0], answer.text


def test_a_section_named_scopes_a_question_of_several_asks(assistant: Assistant) -> None:
    understood = assistant.answerer._understand(
        "according to the introduction, what are exosomes and what do they carry?", "", (),
        None)
    assert understood.section == "INTRODUCTION" and len(understood.asks) == 2
    # named inside one of the asks, the section is where that ask looks, not the others
    understood = assistant.answerer._understand(
        "what does ABCG2 stand for in the chemotherapy section, and which drugs lose "
        "efficacy?", "", (), None)
    assert understood.section == "" and len(understood.asks) == 2


@pytest.mark.parametrize("question", [
    "what challenges does the review see for future research?",
    "what future directions do the authors propose?",
    "list the open problems for exosome research in hcc",
    # (its lead "The review lists 4:" counts against the cap: all four items still show)
    "what future challenges do the authors list",
])
def test_a_numbered_list_of_the_text_is_answered_item_by_item(assistant: Assistant,
                                                               question: str) -> None:
    # the conclusions number four challenges "(1) ...; (2) ..." across three passage
    # parts; each item is given from its number on, shortened to fit the word cap; the
    # fourth by the sentence turning on its first ("(4) The utilization of exosomes as
    # drug delivery vehicles ... offers a promising avenue ... Despite recent advances
    # ..., these techniques often fall short in terms of yield ..."): its point
    answer = ask(assistant, question)
    assert answer.text.startswith("The review lists 4: (1) "), answer.text
    for k in range(1, 5):
        assert f"({k})" in answer.text
    assert "(4) Despite recent advances" in answer.text \
        or "(4) These techniques often fall short" in answer.text, answer.text
    for word in ("stromal", "lipids", "mechanisms", "yield"):
        assert word in answer.text, answer.text
    assert len(answer.text.split()) <= assistant.settings.answer.max_words
    texts = {p.id: p.text for p in assistant.answerer._passages}
    assert all(c.quote in texts[c.passage_id] for c in answer.citations)


def test_an_item_is_shortened_by_its_opening_clause_only() -> None:
    from qa.extractive import ExtractiveAnswerer, Unit
    from source.model import Passage
    text = ("(2) Although RNAs in exosomes, including miRNA and circRNA, have been studied, "
            "other cargos such as lipids remain inadequately investigated.")
    passage = Passage(id="s/p1", kind="paragraph", section=("S",), text=text, order=0)
    short = ExtractiveAnswerer._shortened_item(Unit(text, passage, text))
    assert short.display == "(2) Other cargos such as lipids remain inadequately investigated."
    assert short.quote in text and short.quote.startswith("other cargos")
    plain = "(3) The utilization of exosomes as vehicles offers a promising avenue, the end."
    assert ExtractiveAnswerer._shortened_item(Unit(plain, passage, plain)).display == plain


def test_a_list_goes_on_into_the_next_part_of_the_paragraph(assistant: Assistant) -> None:
    # the examples after "... identified as promising biomarker candidates" run into the
    # paragraph's next passage part (ZFPM2-AS1)
    answer = ask(assistant, "name all the candidate exosomal biomarkers given in the "
                            "biomarkers section")
    assert answer.text.startswith("The review names:")
    for name in ("miR-4669", "lnc-FAM72D-3", "ZFPM2-AS1"):
        assert name in answer.text, answer.text


def test_cause_asked_is_said_by_any_causal_verb_not_by_the_noun_cause(
        assistant: Assistant) -> None:
    # "a major cause of the failure of chemotherapy" names no way exosomes bring
    # resistance about; the review says that with "leads to", "mediate", "induce" ...
    answer = ask(assistant, "overall how do exosomes cause drug resistance")
    assert not answer.text.startswith("Resistance to clinically used"), answer.text
    assert "exosomes" in answer.text.split(". ")[0].lower(), answer.text


def test_a_keyword_query_for_a_figure_the_review_never_gives_gets_a_partial_answer(
        assistant: Assistant) -> None:
    answer = ask(assistant, "lenvatinib dose for hcc?")
    assert answer.abstained
    assert answer.text.startswith("The review does not give the dose."), answer.text
    assert answer.citations and all(c.quote in c.passage.text for c in answer.citations)
    # ... while a sentence saying "low response rates", read back as a claim, asks none
    from qa.extractive import _QUANTITY_ASK_RE
    assert _QUANTITY_ASK_RE.search("objective response rate of atezolizumab plus "
                                   "bevacizumab in hcc")
    assert _QUANTITY_ASK_RE.search("overall survival benefit of sorafenib?")
    assert not _QUANTITY_ASK_RE.search(
        "targeted therapy still faces challenges including adverse events, low response "
        "rates, and the presence of drug resistance")
    assert not _QUANTITY_ASK_RE.search("sorafenib dose-dependent effects")


def test_a_list_of_a_kind_takes_every_name_of_that_kind_however_common(
        assistant: Assistant) -> None:
    # cisplatin and doxorubicin are named all over the review, and 5-fluorouracil has a
    # number before it: each is a drug of "oxaliplatin, cisplatin, gemcitabine,
    # doxorubicin, and 5-fluorouracil (5-FU)"
    answer = ask(assistant, "list all the chemo drugs the review says hcc becomes "
                            "resistant to")
    assert answer.text.startswith("The review names:"), answer.text
    for name in ("oxaliplatin", "cisplatin", "gemcitabine", "doxorubicin", "5-fluorouracil"):
        assert name in answer.text, answer.text


def test_the_words_listed_with_a_drug_are_items_of_a_drug_list() -> None:
    from qa.extractive import _conjuncts
    text = ("exosomes are also being developed as carriers for therapeutic drugs such as "
            "curcumin, doxorubicin, and paclitaxel to increase drug efficacy")
    assert _conjuncts(text, "doxorubicin") == ["curcumin", "paclitaxel"]
    # a run without "and"/"or" lists nothing; an item of two words is not cut in half
    assert _conjuncts("resistance to sorafenib, thereby inducing", "sorafenib") == []
    assert _conjuncts("exosomes encapsulating asiatic acid or sorafenib", "sorafenib") == []
    assert _conjuncts("with sorafenib or asiatic acid have", "sorafenib") == []


def test_a_list_takes_the_examples_before_the_best_sentence_in_its_paragraph(
        assistant: Assistant) -> None:
    # the paragraph on exosomes as carriers runs through Lou et al.'s miR-122, then
    # miR-199a, siGRP78 and CD38 siRNA; the best sentence (miR-199a-loaded) is the second
    answer = ask(assistant, "list all the mesenchymal stem cell exosome approaches for "
                            "reversing resistance")
    assert answer.text.startswith("The review names:"), answer.text
    for name in ("miR-122", "miR-199a", "siGRP78", "CD38"):
        assert name in answer.text, answer.text
    assert "-enriched" not in answer.text  # (a name without its participle)


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


def test_a_short_answer_goes_on_with_the_sentences_that_continue_its_names(
        assistant: Assistant) -> None:
    # The first sentence naming miR-21 only says it is upregulated; the sentences after
    # it in the paragraph give the mechanism (autophagy, Akt/PTEN).
    answer = ask(assistant, "mir-21 and sorafenib resistance, how")
    assert not answer.abstained, answer.notice
    assert "autophagy" in answer.text and "PTEN" in answer.text
    assert all(c.quote in c.passage.text for c in answer.citations)
    assert len(answer.text.split()) <= 110  # the word cap (plus markers) still holds


def test_a_sentence_opening_on_these_brings_the_one_it_follows_on_from(
        assistant: Assistant) -> None:
    # "These exosomes could induce Nanog ..." does not say which exosomes: the
    # sentence before it (RAB27A-dependent exosomes of liver CSCs) comes along.
    answer = ask(assistant, "nanog induction regorafenib")
    assert not answer.abstained, answer.notice
    assert "Nanog" in answer.text and "RAB27A" in answer.text


def test_which_drugs_is_answered_by_a_sentence_naming_a_drug(assistant: Assistant) -> None:
    # "drug resistance" says no drug; "... the sensitivity of HCC cells to sorafenib" does.
    answer = ask(assistant, "what drugs does pigr make hcc cells resistant to")
    assert not answer.abstained, answer.notice
    assert "sorafenib" in answer.text.lower()


def test_two_names_side_by_side_each_get_their_own_sentences(assistant: Assistant) -> None:
    # Each name is compared first by its own Table 1 row (the rows describe both alike,
    # column by column), then by its own sentence where the word cap leaves room.
    answer = ask(assistant, "s100a10 vs pigr, which drugs are they linked to")
    assert not answer.abstained, answer.notice
    assert "Table 1 lists S100A10 (Functions: Enhance chemoresistance" in answer.text
    # (the table prints it "plgR": the row says so)
    assert "Table 1 lists pIgR, printed “plgR” (" in answer.text
    assert "Functions: Promote sorafenib resistance" in answer.text
    assert "S100A10-enriched exosomes" in answer.text  # S100A10's own sentence


def test_a_rare_name_is_read_whatever_the_ranking_does_with_common_words(
        assistant: Assistant) -> None:
    # "exosomal ... in HCC" are in nearly every passage; HMGB1 in one.
    answer = ask(assistant, "exosomal hmgb1 in hcc patients what is its effect")
    assert not answer.abstained, answer.notice
    assert "TIM-1" in answer.text


def test_a_cancer_the_review_never_names_gets_a_partial_answer(assistant: Assistant) -> None:
    # what the review says of circZFR in HCC is no answer for another cancer
    answer = ask(assistant, "does circzfr do the same in kidney cancer")
    assert answer.abstained
    assert answer.text.startswith("The review does not give anything on kidney cancer")
    assert answer.citations and all(c.quote in c.passage.text for c in answer.citations)
    # ... while a cancer the review does name, and a cancer's cells, are asked as usual
    # ... and so is one only the reference list names ("Global cancer statistics 2020")
    # ... and a verb before "cancer" names no cancer ("the article compares cancer drug
    # resistance to ...": "compares cancer" had been taken for one)
    for question in ("does circzfr matter in liver cancer", "how do exosomes make cancer "
                     "cells resist cisplatin", "which reference gives global cancer statistics",
                     "the article compares cancer drug resistance to some other kind of "
                     "resistance, which one?"):
        assert not ask(assistant, question).abstained, question


def test_a_name_only_listed_in_passing_gets_a_partial_answer(assistant: Assistant) -> None:
    # The review names gemcitabine only in "drugs such as oxaliplatin, cisplatin,
    # gemcitabine, ...": that sentence is not an answer to how resistance to it arises.
    answer = ask(assistant, "what mechanism makes hcc resistant to gemcitabine")
    assert answer.abstained
    assert answer.text.startswith("The review does not give anything on gemcitabine")
    assert answer.citations and all(c.quote in c.passage.text for c in answer.citations)
    # ... while a drug a table row also names is answered by that row ("5-FU" is in the
    # same list, and in the S100A10 row's functions)
    row = ask(assistant, "5fu resistance exosomes hcc")
    assert not row.abstained, row.notice
    assert "S100A10" in row.text and row.citations[0].passage.kind == "table_row"
    # ... while asking which drugs it names is answered by that list
    listed = ask(assistant, "which chemo drugs does the review name")
    assert not listed.abstained, listed.notice
    # ... and so is a question restating the list's own claim
    claim = ask(assistant, "who says gemcitabine resistance makes chemotherapy fail in "
                           "advanced hcc")
    assert not claim.abstained, claim.notice
    assert "gemcitabine" in claim.text


def test_a_kind_of_thing_no_passage_names_gets_a_partial_answer(assistant: Assistant) -> None:
    # Table 1's miR-27a-3p row says "Drug resistance" and names no drug.
    answer = ask(assistant, "the mir-27a-3p m2 macrophage study, which drug exactly?")
    assert answer.abstained
    assert answer.text.startswith("The review does not give")
    assert answer.citations and all(c.quote in c.passage.text for c in answer.citations)


def test_a_number_inside_a_name_is_no_count(assistant: Assistant) -> None:
    # "anti-PD1 ... in HCC patients" gives no number of patients.
    answer = ask(assistant, "how many patients took part in the circUHRF1 work")
    assert answer.abstained
    assert answer.text.startswith("The review does not give the number of patients")


def test_an_answer_goes_on_into_the_next_part_of_its_paragraph(assistant: Assistant) -> None:
    # "Lou et al. revealed ... post-transfection[21]." closes one passage part; the
    # paragraph goes on in the next: "These miR-122-enriched exosomes ... sorafenib ...".
    answer = ask(assistant, "lou et al and mir-122, what did they do")
    assert not answer.abstained, answer.notice
    assert "sorafenib" in answer.text
    assert len({c.passage.id for c in answer.citations}) >= 2
    assert all(c.quote in c.passage.text for c in answer.citations)


def test_a_table_answer_names_a_row_as_the_text_spells_it(assistant: Assistant) -> None:
    # Table 1 prints "plgR"; the text (and the answer) say pIgR, the card says how it
    # was printed.
    answer = ask(assistant, "table 1 rows with protein cargo")
    assert "pIgR" in answer.text and "plgR" not in answer.text
    assert any(c.note == "printed as plgR in Table 1" for c in answer.citations)


def test_a_row_described_by_where_its_exosomes_come_from(assistant: Assistant) -> None:
    # "from macrophages" is a condition on the origin column: the row whose mechanism
    # merely mentions M2 macrophage polarization (miR-4669) is not one of them.
    answer = ask(assistant, "which table entry has exosomes from macrophages")
    assert "miR-27a-3p" in answer.text and "miR-4669" not in answer.text


def test_a_topic_before_a_dash_describes_the_row_asked_about(assistant: Assistant) -> None:
    answer = ask(assistant, "the one table row whose exosomes come from a macrophage - "
                            "what gene does its cargo turn down?")
    assert not answer.abstained, answer.notice
    assert "TXNIP" in answer.text


def test_a_two_step_question_is_read_again_for_the_thing_found(assistant: Assistant) -> None:
    # Step one finds linc-VLDLR (its row names no drug); step two asks for the drugs of
    # linc-VLDLR itself, which its sentence in the text gives.
    answer = ask(assistant, "the lncRNA that raises ABCG2 - which drugs does it affect?")
    assert not answer.abstained, answer.notice
    assert "linc-VLDLR" in answer.text
    assert "doxorubicin" in answer.text and "camptothecin" in answer.text


def test_of_two_names_asked_the_rarer_one_leads(assistant: Assistant) -> None:
    # circTMEM181 is in two passages, anti-PD1 in several: a sentence on another circRNA
    # and anti-PD1 must not come first.
    answer = ask(assistant, "how does circtmem181 bring about anti-pd1 resistance?")
    first = answer.text.split(". [1]")[0]
    assert "TMEM181" in first and "UHRF1" not in first and "miR-488-3p" in answer.text


def test_a_keyword_query_for_a_class_of_rows_lists_them_all(assistant: Assistant) -> None:
    answer = ask(assistant, "lncrna rows of table 1, tested in animals?")
    assert "linc-VLDLR" in answer.text and "linc-ROR" in answer.text
    assert answer.text.count("In vitro only") == 2  # the column "animals" points at


def test_years_apart_of_the_tables_oldest_and_newest_rows(assistant: Assistant) -> None:
    answer = ask(assistant, "how many years between the oldest and the newest table 1 rows?")
    assert answer.text.startswith("9 years apart (2014 and 2023).")


def test_everything_of_a_kind_is_gathered_across_sentences(assistant: Assistant) -> None:
    answer = ask(assistant, "list all the circrnas in the immunotherapy resistance part")
    assert answer.text.startswith("The review names:")
    for name in ("circUHRF1", "circTMEM181", "circCCAR1"):
        assert name in answer.text
    assert len(answer.citations) >= 2 and "miR" not in answer.text


def test_a_list_of_examples_follows_its_summary_sentence(assistant: Assistant) -> None:
    answer = ask(assistant, "list all exosomal biomarker examples given for hcc diagnosis")
    for name in ("miR-4669", "lnc-FAM72D-3", "ZFPM2-AS1"):
        assert name in answer.text, answer.text


def test_the_same_question_gets_the_same_answer_in_every_process(assistant: Assistant) -> None:
    """Nothing in answering may hang on the order of a set (Python salts its string
    hashes per process): two processes with other salts answer alike."""
    import json
    import os
    import subprocess
    import sys

    questions = ["mir-122 exosomes vs mir-199a exosomes from amscs",
                 "how does circtmem181 bring about anti-pd1 resistance?",
                 "list all the circrnas in the immunotherapy resistance part",
                 "compare circzfr and s100a10"]
    script = ("import json, sys\nfrom qa import Assistant\na = Assistant(notify=lambda m: None)\n"
              "print(json.dumps([a.ask(q).text for q in json.loads(sys.argv[1])]))")
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed,
               "QA_INDEX_DIR": str(assistant.settings.index_dir)}
        done = subprocess.run([sys.executable, "-c", script, json.dumps(questions)], env=env,
                              capture_output=True, text=True, timeout=600, check=True)
        outs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert outs[0] == outs[1]
    assert outs[0] == [ask(assistant, q).text for q in questions]


def test_chat_filler_words_do_not_make_the_review_silent(assistant: Assistant) -> None:
    # ("keep talking about", "actually": words of the chat, not of what is asked)
    answer = ask(assistant, "why do the doctors keep talking about cancer stem cells")
    assert not answer.abstained and "Cancer stem cells (CSCs)" in answer.text, answer.text


@pytest.mark.parametrize("question", [
    "which table 1 rows just give 'exosomes' as their contents",
    "which table 1 entries just say exosomes with no specific cargo",  # unquoted
])
def test_a_quoted_value_selects_the_rows_whose_cell_is_exactly_it(assistant: Assistant,
                                                                   question: str) -> None:
    answer = ask(assistant, question)
    assert answer.text.startswith("Table 1 lists 4 entries")
    for drug in ("sorafenib", "regorafenib", "cisplatin", "everolimus"):
        assert drug in answer.text or drug.upper() in answer.text, answer.text


def test_a_yes_no_question_is_answered_yes_only_when_its_sentence_says_it_plainly(
        assistant: Assistant) -> None:
    plain = ask(assistant, "is circpak1 transferred by exosomes?")
    assert plain.text.startswith("Yes. ") and "circPAK1" in plain.text
    # the review only hypothesises this: what it says, with no yes
    hedged = ask(assistant, "does mir-21 suppress autophagy")
    assert not hedged.abstained and not hedged.text.startswith("Yes")
    assert "hypothesize" in hedged.text


def test_what_a_name_does_brings_its_tables_summary(assistant: Assistant) -> None:
    answer = ask(assistant, "what does exosomal pigr do?")
    assert "PDK1/Akt" in answer.text and "Table 1 lists pIgR" in answer.text
    assert any(c.passage_id.startswith("table1/") for c in answer.citations)


def test_an_answer_over_the_word_cap_ends_at_a_marker_within_it(assistant: Assistant) -> None:
    from qa.assistant import _within_cap
    answer = ask(assistant, "which circRNA competes for 14-3-3ζ binding, and which drug "
                            "does it make cells resistant to?")
    assert len(answer.citations) >= 2, answer.text
    words = len(re.sub(r"\[\d+\]", " ", answer.text).split())
    assert words <= assistant.settings.answer.max_words
    cut = _within_cap(answer, words - 1)
    assert len(cut.citations) == len(answer.citations) - 1
    assert answer.text.startswith(cut.text) and cut.text.rstrip().endswith(")")
    assert _within_cap(answer, words) is answer


def test_t_cells_typed_in_lower_case_are_t_cells(assistant: Assistant) -> None:
    # "t" alone is no token: without the cell type joined, "t cells" read as any cells
    answer = ask(assistant, "how do exosomes affect t cells?")
    assert "T cell" in answer.text.split("[1]")[0], answer.text


@pytest.mark.parametrize("question", [
    "compare the two exosomal proteins in table 1",
    "the two exosomal proteins in table 1: how do they differ?",
])
def test_comparing_the_rows_of_a_kind_lists_them(assistant: Assistant, question: str) -> None:
    answer = ask(assistant, question)
    assert answer.text.startswith("Table 1 lists 2 entries"), answer.text
    assert "pIgR" in answer.text and "S100A10" in answer.text
    assert {c.passage_id for c in answer.citations} == {"table1/row-16", "table1/row-17"}


def test_asking_whether_a_claim_is_proven_brings_the_reviews_hedge(
        assistant: Assistant) -> None:
    # the review only hypothesises that exosomes pass miR-21 on: that is the answer to
    # "is it proven?", ahead of the findings it rests on
    answer = ask(assistant, "is it actually proven that exosomal mir-21 spreads sorafenib "
                            "resistance between cells")
    assert not answer.abstained, answer.notice
    assert answer.citations[0].quote.startswith("Based on these findings, we hypothesize")
    # the same claim asked plainly leads with the finding, not the hedge
    plain = ask(assistant, "how does mir-21 cause sorafenib resistance")
    assert "hypothesize" not in plain.citations[0].quote


def test_rows_a_word_selects_show_the_cells_holding_it(assistant: Assistant) -> None:
    # "stemness" selects four rows by their mechanisms: each shows how it qualifies
    # (all columns would run past the word cap; names alone would say nothing)
    answer = ask(assistant, "which table rows explain resistance through cancer stemness?")
    assert answer.text.startswith("Table 1 lists 4 entries"), answer.text
    assert "Nanog" in answer.text and "TXNIP" in answer.text
    assert len(answer.citations) == 4


def test_a_kind_asked_for_is_found_in_a_sentence_saying_it_in_other_words(
        assistant: Assistant) -> None:
    # "deliver" is not in the sentence naming the drugs ("carriers for therapeutic drugs
    # such as curcumin, ..."): it answers all the same, the review is not silent
    answer = ask(assistant, "which drugs can exosomes deliver")
    assert not answer.abstained, answer.text
    assert "curcumin" in answer.text


def test_how_much_research_is_answered_in_words(assistant: Assistant) -> None:
    # "a noticeable scarcity of research" says how much; no figure is wanted
    answer = ask(assistant, "how much research is there on exosomes and radioresistance "
                            "in liver cancer")
    assert not answer.abstained, answer.text
    assert "scarcity" in answer.text
    # ... while an amount of a drug still wants a figure the review does not give
    assert ask(assistant, "how much sorafenib do patients take").abstained


def test_a_two_step_question_reads_on_with_the_thing_of_the_kind_asked(
        assistant: Assistant) -> None:
    # the first ask finds sorafenib (a "pill": a drug), not the FDA that approved it;
    # "what does it do?" is then asked of sorafenib
    answer = ask(assistant, "What was the first pill approved for advanced liver cancer and "
                            "what does it do?")
    assert not answer.abstained, answer.notice
    assert "Sorafenib" in answer.text and "angiogenesis" in answer.text


def test_a_keyword_query_naming_a_row_gets_all_the_row_says(assistant: Assistant) -> None:
    # no column asked for: the row's mechanism is part of what it says ("exosomes", a
    # word nearly every passage uses, points at no "Origin of exosome" column)
    answer = ask(assistant, "pIgR hcc exosomes sorafenib")
    assert not answer.abstained, answer.notice
    assert "PDK1" in answer.text


def test_rows_a_condition_keeps_show_how_they_differ_in_it(assistant: Assistant) -> None:
    # "not cancer cells" keeps fibroblast, stem-cell and macrophage rows: which is which
    # is shown; "before 2018" keeps rows of three years: each row's year is shown
    answer = ask(assistant, "table 1 - which exosomes come from non cancer cells")
    assert "Cancer-associated fibroblast" in answer.text and "M2 macrophage" in answer.text
    years = ask(assistant, "table rows from before 2018")
    assert "Year: 2014" in years.text and "Year: 2016" in years.text


def test_a_sentence_said_of_the_ones_just_named_follows_the_best_one(
        assistant: Assistant) -> None:
    # "Intriguingly, exosomes from these HCC cells contained FN1 ...": said of the Slug
    # cells the best sentence names, it goes with it (class 4: background, then answer)
    answer = ask(assistant, "slug overexpressing hcc cells, what's in their exosomes")
    assert "Slug" in answer.text and "FN1" in answer.text, answer.text


def test_a_numbered_figure_is_what_the_question_names(assistant: Assistant) -> None:
    # "figure 1" is one term: the sentences on Figure 1, not "All figures were created
    # with BioRender.com"
    answer = ask(assistant, "what does figure 1 show")
    assert "Figure 1" in answer.text and "BioRender" not in answer.text, answer.text


@pytest.mark.parametrize(("question", "lead"), [
    # a year asked, a sentence naming none: no year is given (class 2, nearby is no answer)
    ("what year did the FDA approve nivolumab for hcc", "The review does not give the year."),
    # a keyword question opening on a figure
    ("sensitivity and specificity of lnc-FAM72D-3 as an hcc marker?",
     "The review does not give the sensitivity and specificity."),
    # a test's accuracy asked in lay words is a figure too
    ("how accurate is ZFPM2-AS1 as a blood test", "The review does not give the diagnostic "
                                                  "accuracy."),
    ("how good are lnc-FAM72D-3 and lnc-EPC1-4 as markers, like sensitivity specificity",
     "The review does not give the sensitivity specificity."),
    # a price: "one of the most promising research fields" gives no amount of money
    ("how much does exosome therapy cost?", "The review does not give the cost."),
    # a figure given for neither side of a comparison
    ("compare overall survival on sorafenib vs lenvatinib",
     "The review does not give the overall survival."),
])
def test_a_year_or_figure_the_evidence_lacks_is_said_not_given(
        assistant: Assistant, question: str, lead: str) -> None:
    answer = ask(assistant, question)
    assert answer.abstained and answer.text.startswith(lead), answer.text
    assert answer.citations  # what the review does say follows


def test_a_year_the_evidence_gives_is_answered(assistant: Assistant) -> None:
    answer = ask(assistant, "what year was sorafenib approved")
    assert not answer.abstained and "2008" in answer.text, answer.text


def test_a_named_member_of_a_drug_class_the_review_only_names_as_a_class(
        assistant: Assistant) -> None:
    # "which CTLA-4 antibody": the review names CTLA-4 as a checkpoint, no antibody to it
    answer = ask(assistant, "which CTLA-4 antibody is in HCC trials per the review")
    assert answer.abstained, answer.text
    assert answer.text.startswith("The review does not give the CTLA-4 antibody"), answer.text
    # a class the review does name members of is answered by them
    named = ask(assistant, "which PD-L1 antibody was combined with bevacizumab")
    assert not named.abstained and "Atezolizumab" in named.text, named.text
    generic = ask(assistant, "which antibodies can overcome drug resistance")
    assert not generic.abstained and "Neutralizing antibodies" in generic.text, generic.text


@pytest.mark.parametrize(("question", "lead"), [
    ("which study type is most common in table 1",
     "The most common study type in Table 1 is In vitro and in vivo: 14 of its 21 entries"),
    ("Which content classification has the largest number of entries in Table 1?",
     "The most common contents classification in Table 1 is miRNAs: 7 of its 21 entries"),
    # "cell type" points at no "Study type": the source is asked
    ("which cell type is the most common exosome source in table 1",
     "The most common origin of exosome in Table 1 is HCC cells: 14 of its 21 entries"),
    # a tie is said as one
    ("which contents classification is least common in table 1",
     "The least common contents classifications in Table 1 are lncRNAs and Protein: 2 of "
     "its 21 entries each"),
    # rows counted name a table: "which category has the most rows?" after a turn on it
    ("which category has the most rows?",
     "The most common contents classification in Table 1 is miRNAs: 7 of its 21 entries"),
])
def test_the_commonest_value_of_a_column_is_counted(assistant: Assistant, question: str,
                                                    lead: str) -> None:
    answer = ask(assistant, question)
    assert answer.text.startswith(lead), answer.text
    assert answer.citations and all(c.passage.kind == "table_row" for c in answer.citations)


def test_a_columns_values_are_listed_for_the_column_most_words_point_at(
        assistant: Assistant) -> None:
    # "content" names "Exosomal contents" too; "categories" only "Contents classification"
    answer = ask(assistant, "what content categories does table 1 use")
    assert answer.text.startswith("Table 1 gives 5 different values of Contents "
                                  "classification: miRNAs (7 rows)"), answer.text
    # ... but a word picking rows asks for those rows, not for a column's values
    rows = ask(assistant, "Which exosomal cargos listed in Table 1 are associated with "
                          "anti-PD1 resistance?")
    assert "circUHRF1" in rows.text and "different values" not in rows.text, rows.text


def test_a_word_setting_some_values_of_a_column_apart_picks_their_rows(
        assistant: Assistant) -> None:
    # "vivo" is in "In vitro and in vivo", not in "In vitro only", and in no other column
    answer = ask(assistant, "how many table 1 studies include in vivo experiments")
    assert answer.text.startswith("Table 1 has 14 entries with study type In vitro and in "
                                  "vivo"), answer.text
    both = ask(assistant, "which table 1 items concern sorafenib and were also tested in vivo")
    assert both.text.startswith("Table 1 lists 6 entries"), both.text
    assert "miR-1247-3p" not in both.text  # (sorafenib, in vitro only)


def test_a_count_of_something_the_review_never_counts_is_said_not_given(
        assistant: Assistant) -> None:
    # "new" of "new HCC cases" counts nothing: a list of "new approaches" is no count
    answer = ask(assistant, "how many new HCC cases are there each year?")
    assert answer.text.startswith("The review does not give the number of new HCC cases"), \
        answer.text
    named = ask(assistant, "How many immune checkpoint targets does the introduction list?")
    assert "3" in named.text or "three" in named.text.lower(), named.text


def test_how_much_research_there_is_is_answered_in_words_of_amount(
        assistant: Assistant) -> None:
    # "is there much data on it?": the sentence saying how much research there is goes first
    _, follow = (assistant.ask(q, history=h) for q, h in (
        ("can exosomes be biomarkers for radiotherapy response", []),
        ("is there much hcc data on it", [("can exosomes be biomarkers for radiotherapy "
                                           "response", "Exosomes could serve as biomarkers "
                                           "for monitoring radiation response. [1]")])))
    assert "scarcity of research" in follow.text, follow.text


def test_one_sentence_listing_three_names_is_a_list_of_them(assistant: Assistant) -> None:
    # PD-L1 is named often in the review, yet it is an item here by its shape
    answer = ask(assistant, "list all the immune checkpoints the review names as drug targets")
    assert answer.text.startswith("The review names:"), answer.text
    assert all(n in answer.text for n in ("PD-1", "PD-L1", "CTLA-4")), answer.text


@pytest.mark.parametrize("question", ["what are exosomes and what is inside them",
                                      "what is inside exosomes"])
def test_a_preposition_the_review_never_uses_is_no_reason_to_say_it_is_silent(
        assistant: Assistant, question: str) -> None:
    # ("inside" is in no passage; it frames the question, as "within" does)
    assert not ask(assistant, question).abstained


def test_a_best_sentence_that_lists_the_things_asked_answers_a_list_all_question(
        assistant: Assistant) -> None:
    # "pro-EMT proteins such as fibronectin 1 (FN1), collagen type II alpha 1 (COL2A1),
    # and native fibrinogen gamma chain (FGG)": that sentence, not names gathered from
    # its section (mTOR, miR-1247-3p, IL-6 ...)
    answer = ask(assistant, "list all the pro-EMT proteins in exosomes from Slug-"
                            "overexpressing HCC cells")
    assert not answer.text.startswith("The review names:"), answer.text
    assert all(n in answer.text for n in ("FN1", "COL2A1", "FGG")), answer.text
    # ... while a kind the names' form tells is still gathered from the whole review
    answer = ask(assistant, "list all the chemo drugs the review says hcc becomes resistant to")
    assert answer.text.startswith("The review names:"), answer.text


def test_a_row_the_table_misprints_is_found_by_the_text_s_spelling(
        assistant: Assistant) -> None:
    # Table 1 prints "cricTMEM181": asked as the text spells it, the row answers, and says
    # how the table prints it
    answer = ask(assistant, "what does table 1 say about circTMEM181")
    assert answer.text.startswith("Table 1 lists circTMEM181, printed “cricTMEM181”"), \
        answer.text
    assert answer.citations[0].passage.kind == "table_row"


def test_a_trial_tells_whether_a_drug_is_approved(assistant: Assistant) -> None:
    # "an mTOR inhibitor currently under phase III trials" answers "approved yet?": the
    # review gives its status, so it does not say it gives none
    answer = ask(assistant, "has everolimus been approved yet for liver cancer")
    assert not answer.abstained, answer.text
    assert "phase III" in answer.text, answer.text


def test_the_authors_own_work_is_the_review_s_first_person(assistant: Assistant) -> None:
    answer = ask(assistant, "which exosome protein did the authors' own lab work on before")
    assert "Our previous study" in answer.text, answer.text
    assert "S100A10" in answer.text


def test_a_sentence_saying_the_mechanism_is_unknown_does_not_answer_what_it_is(
        assistant: Assistant) -> None:
    # "... but the potential mechanisms remain to be further clarified" names the
    # mechanism only to say it is unknown; the row and the study's sentence give it
    for question in ("whats the mechanism of exosomal circUHRF1", "how does circUHRF1 act"):
        answer = ask(assistant, question)
        assert "TIM-3" in answer.text, answer.text
        unknown = answer.text.find("remain to be further clarified")
        assert unknown == -1 or answer.text.index("TIM-3") < unknown, answer.text
    # asked whether it is known, that sentence is the answer
    known = ask(assistant, "is circUHRF1's mechanism in anti-PD1 resistance fully known?")
    assert "remain to be further clarified" in known.text, known.text


def test_journals_for_both_name_each_study_just_said(assistant: Assistant) -> None:
    first = "what do miR-122 and miR-199a loaded exosomes do"
    said = assistant.ask(first)
    follow = assistant.ask("journals for both?", history=[(first, said.text)])
    lead = follow.text.split(" for this:")[0]
    assert "J Hematol Oncol" in lead and "J Exp Clin Cancer Res" in lead, follow.text
    assert lead.count("ref.") == 2, lead  # the two studies, no further one


def test_a_list_of_drugs_goes_on_in_the_next_sentence(assistant: Assistant) -> None:
    # "... such as curcumin, doxorubicin, and paclitaxel ..." then "In HCC, exosomes
    # encapsulating asiatic acid or sorafenib ...": the second sentence shares no word
    # with the question but names further drugs
    answer = ask(assistant, "which drugs have exosomes been loaded with")
    assert "paclitaxel" in answer.text and "asiatic acid" in answer.text, answer.text


def test_a_general_claim_brings_the_example_after_it(assistant: Assistant) -> None:
    # "An effective approach ... involves impeding the production of exosomes ..." is
    # followed by "For example, the knocking-down of ... RAB27A or RAB27B ...": the
    # example says what the approach is
    answer = ask(assistant, "what approach could stop exosomes from spreading drug resistance")
    assert "An effective approach" in answer.text and "RAB27A" in answer.text, answer.text
    assert len(answer.text.split()) <= assistant.settings.answer.max_words


def test_three_rows_a_word_selects_show_what_they_say(assistant: Assistant) -> None:
    # three rows mention cisplatin: each with its functions and mechanisms, within the cap
    answer = ask(assistant, "which table 1 entries have to do with cisplatin")
    assert answer.text.startswith("Table 1 lists 3 entries"), answer.text
    assert answer.text.count("Mechanisms:") == 3 and "P-gp" in answer.text, answer.text
    assert len(answer.text.split()) <= assistant.settings.answer.max_words


def test_which_of_two_came_first_is_answered_from_their_years(assistant: Assistant) -> None:
    # each dated by its Table 1 row (the text also cites later work on linc-ROR)
    answer = ask(assistant, "which came first, linc-ROR or miR-21")
    assert answer.text.startswith("linc-ROR (2014) came before miR-21 (2015):"), answer.text
    asked = ask(assistant, "was lenvatinib approved before sorafenib?")
    assert asked.text.startswith("No. Sorafenib (2008) came before Lenvatinib (2018):"), \
        asked.text
    # a question about papers is an order of dates, not a literature question
    papers = ask(assistant, "circCCAR1 vs circZFR - which paper came out first?")
    assert papers.text.startswith("circZFR (2022) came before circCCAR1 (2023):"), papers.text


def test_a_two_step_question_finds_the_thing_of_the_kind_described(
        assistant: Assistant) -> None:
    # the description names a drug ("the first targeted drug ..."): sorafenib is the
    # thing found, not the TKI class its sentence also names; the second step reads
    # "which pathway did Qu et al. link to resistance to sorafenib?"
    answer = ask(assistant, "the first targeted drug approved by the FDA for advanced HCC - "
                            "which pathway did Qu et al. link to resistance against it?")
    assert "Sorafenib" in answer.text and "HGF/c-Met/Akt" in answer.text, answer.text
    assert len(answer.text.split()) <= assistant.settings.answer.max_words


def test_a_thing_described_in_a_statement_is_found_then_asked_about(
        assistant: Assistant) -> None:
    # "that protein" is named in a statement before the ask, not in the ask: the first
    # step finds it (14-3-3 ζ), the statement and the ask are read again for it
    answer = ask(assistant, "circPAK1 pushes a protein away from YAP. that protein is also "
                            "carried by HCC exosomes - what does it do to immune cells?")
    assert "14-3-3" in answer.text and "T lymphocytes" in answer.text, answer.text


def test_a_yes_no_link_is_read_under_the_sentence_s_heading(assistant: Assistant) -> None:
    # "... exosomal miR-4669 ... potentially predicting therapeutic response ..." stands
    # under "Exosomes as predictive biomarkers ...": the review links the two
    answer = ask(assistant, "could exosomal miR-4669 serve as a biomarker in hcc")
    assert not answer.abstained, answer.text
    assert "miR-4669" in answer.text and "predicting" in answer.text, answer.text


def test_a_name_led_by_its_rna_class_matches_its_other_form(assistant: Assistant) -> None:
    # asked as "linc-ROR", the sentence giving the mechanism spells it "LincRNA-ROR"
    from qa.extractive import _class_forms
    assert _class_forms("linc-ror") == ["lincrna-ror"]
    assert _class_forms("circrna-sore") == ["circ-sore"] and _class_forms("mir-21") == []
    answer = ask(assistant, "how does linc-ROR make hcc cells less sensitive to sorafenib")
    assert "miR-876-5p" in answer.text, answer.text


def test_a_yes_no_question_on_a_name_given_only_in_a_list_says_so(
        assistant: Assistant) -> None:
    # oxaliplatin is named only in "drugs such as oxaliplatin, cisplatin, gemcitabine ...":
    # asked whether something specific holds of it, the review gives nothing beyond that
    answer = ask(assistant, "is oxaliplatin resistance tied to a particular exosomal cargo?")
    assert answer.abstained, answer.text
    assert answer.text.startswith(
        "The review does not give anything on oxaliplatin beyond naming it in a list."), \
        answer.text
    # asked whether it is named, the list answers
    named = ask(assistant, "is oxaliplatin among the drugs hcc becomes resistant to")
    assert not named.abstained and "oxaliplatin" in named.text, named.text


def test_the_source_for_that_stat_is_the_reference_behind_it(assistant: Assistant) -> None:
    # "stat" is chat shorthand, not a misspelt "status"; "source for that ..." asks which
    # reference backs what was just said ("the sources of exosomes" asks no such thing)
    first = "what share of primary liver cancers is hcc"
    said = assistant.ask(first)
    follow = assistant.ask("whats the source for that stat", history=[(first, said.text)])
    assert follow.text.startswith("The review cites Sung H et al. (2021"), follow.text
    assert not [r for r in follow.readings if r.typed.lower() == "stat"]
    from qa.literature import read_question
    assert read_question("what are the sources of exosomes in the tme") is None


def test_an_analogy_asked_for_is_the_review_s_comparison(assistant: Assistant) -> None:
    # the review draws it as "Similar to the antibiotic resistance developed by bacteria,
    # tumor cells inevitably acquire drug resistance ..."
    answer = ask(assistant, "which analogy does the review offer for cancer cells becoming "
                            "drug resistant")
    assert not answer.abstained and "antibiotic" in answer.text, answer.text


def test_the_asker_s_pronouns_frame_a_question_and_bubbles_are_vesicles(
        assistant: Assistant) -> None:
    # "you" names no subject of the review; "bubbles" alone is the lay word for vesicles
    ask_ = assistant.answerer._understand(
        "if you stop cells releasing bubbles do your drugs work better", "", (), None)
    assert "you" not in ask_.terms.own and "your" not in ask_.terms.own
    assert "≈bubbles" in ask_.terms.own
    assert "vesicle" in ask_.terms.groups["≈bubbles"][1]


def test_an_identifier_s_letters_ask_for_the_identifier(assistant: Assistant) -> None:
    # the review writes "(NCT01761266)" and never "NCT" alone: asked for "the NCT number",
    # the letters head that identifier, neither an unknown name nor a gene's "STAT3"
    for question in ("nct number given for lenvatinib", "lenvatinib NCT number?"):
        answer = ask(assistant, question)
        assert "NCT01761266" in answer.text, answer.text
    from qa.terms import TermStats
    stats = TermStats(["NCT01761266 and STAT3 and GSE12345"])
    assert stats.identifiers("nct") == ["nct01761266"] and stats.identifiers("stat") == []


def test_a_rare_kind_asked_for_is_answered_by_its_members(assistant: Assistant) -> None:
    # the review's sentence names nivolumab and pembrolizumab, never "ICIs": asked for
    # which ICIs are approved, the sentence need not name the kind (nor is the approval
    # "not given" for want of the kind's name)
    answer = ask(assistant, "which ICIs are approved second line for hcc")
    assert not answer.abstained, answer.text
    assert "Nivolumab" in answer.text and "second-line" in answer.text


def test_of_those_which_put_first_chooses_among_the_listed_rows(
        assistant: Assistant) -> None:
    first = "which table 1 studies were in vitro only"
    said = assistant.ask(first)
    follow = assistant.ask("of those which isnt from hcc cells", history=[(first, said.text)])
    assert follow.standalone_question.startswith("which of the Table 1 rows in the earlier")
    assert "miR-27a-3p" in follow.text and "M2 macrophage" in follow.text


def test_the_drug_most_table_rows_name_is_counted(assistant: Assistant) -> None:
    # a name of a kind inside the cells (drug-name stems), counted over the rows
    answer = ask(assistant, "which drug shows up the most in table 1")
    assert answer.text.startswith("Sorafenib is the drug named by the most entries of "
                                  "Table 1: 9 of the"), answer.text
    assert all(c.passage_id.startswith("table1/") for c in answer.citations)
    assert all("sorafenib" in c.quote.lower() for c in answer.citations)
    least = ask(assistant, "which drug appears least often in table 1")
    assert "are the drugs named by the fewest entries" in least.text and \
        "lenvatinib" in least.text.lower()
    # a quality asked of a drug is no count
    assert "named by the most" not in ask(assistant, "which drug is most promising").text


def test_a_list_runs_through_the_paragraph_of_its_best_sentence_in_subsections(
        assistant: Assistant) -> None:
    # the engineered exosomes are told in a subsection, one example a sentence, and
    # "sgRNAs/Cas9" are named together
    for question in ("list every engineered or loaded exosome approach the review gives for "
                     "overcoming resistance in HCC",
                     "list everything that has been loaded into exosomes to treat hcc"):
        answer = ask(assistant, question)
        assert answer.text.startswith("The review names:"), answer.text
        for name in ("miR-122", "miR-199a", "siGRP78", "CD38", "Cas9"):
            assert name in answer.text, (question, answer.text)


def test_which_one_of_listed_rows_is_chosen_by_a_condition(assistant: Assistant) -> None:
    # the rows listed are offered by their names as the text spells them ("pIgR", not the
    # table's "plgR"); "came" is a verb; "it" next is the row chosen
    first = "which proteins are listed as exosomal cargo in table 1?"
    said = assistant.ask(first)
    second = "which one came from patient sera?"
    chose = assistant.ask(second, history=[(first, said.text)])
    assert chose.standalone_question == "which of pIgR and S100A10 came from patient sera?"
    assert chose.text.startswith("Of those, pIgR:"), chose.text
    then = assistant.ask("what pathway does it activate?",
                         history=[(first, said.text), (second, chose.text)])
    assert "PDK1" in then.text, then.text


def test_in_what_ways_asks_how_and_ways_is_no_content(assistant: Assistant) -> None:
    ask_ = assistant.answerer._understand("in what ways do exosomes cause drug resistance",
                                          "", (), None)
    assert ask_.how and "way" not in ask_.terms.own and "ways" not in ask_.terms.own


def test_rows_sharing_a_name_are_told_apart_by_what_they_do(assistant: Assistant) -> None:
    # four rows are named "exosomes": each listed with a cell of its own and its function,
    # so a list of rows "not about sorafenib" still names the drugs they concern
    names = [n for n in assistant.tables.row_names.values() if n.startswith("exosomes")]
    assert len(names) == 4 and len(set(names)) == 4
    answer = ask(assistant, "table 1: anything that isn't about sorafenib or anti-PD1?")
    for drug in ("regorafenib", "cisplatin", "everolimus"):
        assert drug in answer.text, answer.text
    assert "HepG2 cells" in answer.text and answer.text.count("Transfer cisplatin") == 1


def test_who_paid_for_the_review_is_its_funding(assistant: Assistant) -> None:
    # "paid for" is the lay word for the review's "Financial support and sponsorship"
    answer = ask(assistant, "Who paid for this review to be written?")
    assert "Liaoning University" in answer.text, answer.text


def test_whether_a_treatment_works_for_everyone_is_the_subset_that_benefits(
        assistant: Assistant) -> None:
    # "work for everyone" is the lay way of asking who benefits: "only a subset of HCC
    # patients derive benefits from ICIs"
    answer = ask(assistant, "do ICIs work for everybody")
    assert "only a subset of HCC patients" in answer.text, answer.text


def test_whether_a_thing_worked_in_patients_is_a_clinical_status(assistant: Assistant) -> None:
    # a result in people is told by a trial or an approval; exosomes tested in mice only
    # are a partial answer, an approved drug an answer
    partial = ask(assistant, "did cd38 sirna exosomes work in real patients")
    assert partial.text.startswith("The review does not give any result of it in patients")
    assert "in vivo" in partial.text
    approved = ask(assistant, "does lenvatinib work in patients?")
    assert not approved.abstained and "approved" in approved.text, approved.text


@pytest.mark.parametrize("question", [
    "is chloroquine actually given to liver cancer patients now",
    "has anyone tested blocking S100A10 in actual patients",
    "do patients with high circPAK1 do worse on lenvatinib?",
])
def test_a_yes_no_question_set_in_patients_needs_evidence_on_patients(
        assistant: Assistant, question: str) -> None:
    # the review says these things of cells or mice: the nearest sentence is what it
    # does say, not a yes for patients
    answer = ask(assistant, question)
    assert answer.abstained, answer.text
    assert answer.text.startswith("The review does not give any result of it in patients. "
                                  "What it does say:"), answer.text


@pytest.mark.parametrize(("question", "said"), [
    ("is the circCCAR1 finding from patient samples?", "plasma exosomes of HCC patients"),
    ("do patients stay responsive to sorafenib", "patients with HCC usually develop"),
    ("is circUHRF1 linked to anti-PD1 resistance in patients?", "in HCC patients"),
])
def test_a_yes_no_question_set_in_patients_is_answered_by_a_sentence_on_them(
        assistant: Assistant, question: str, said: str) -> None:
    answer = ask(assistant, question)
    assert not answer.abstained and said in answer.text, answer.text


@pytest.mark.parametrize(("question", "places"), [
    ("linc-ror", ["miR-876-5p"]),
    ("m2 macrophage exosomes", ["miR-21-5p", "miR-27a-3p"]),
    ("foxm1?", ["miR-876-5p", "IQGAP1"]),
])
def test_a_topic_typed_as_keywords_gets_what_each_place_says_of_it(
        assistant: Assistant, question: str, places: list[str]) -> None:
    # the review speaks of each topic in several paragraphs or rows: one sentence from
    # one of them leaves the rest out
    answer = ask(assistant, question)
    assert not answer.abstained and all(p in answer.text for p in places), answer.text
    assert len({c.passage.id.rsplit("-", 1)[0] for c in answer.citations}) >= 2, answer.text
    assert len(answer.text.split()) <= 100


def test_a_question_asked_in_words_is_not_made_a_digest(assistant: Assistant) -> None:
    # ("what does linc-ROR do to sorafenib?" asks one thing: no sentences from elsewhere)
    answer = ask(assistant, "which miRNA does lincRNA-ROR sponge?")
    assert not answer.abstained and "miR-876-5p" in answer.text, answer.text
    assert len(answer.citations) <= 2, answer.text


def test_an_example_of_a_short_answers_last_sentence_follows_it(assistant: Assistant) -> None:
    # "An effective approach ... impeding the production of exosomes ..." is followed by
    # "For example, the knocking-down of ... RAB27A ...": the example says what it is
    answer = ask(assistant, "strategies to target exosomes to beat resistance")
    assert "impeding the production" in answer.text and "RAB27A" in answer.text, answer.text


def test_asked_what_a_listed_name_is_its_glossed_item_answers(assistant: Assistant) -> None:
    # "breast cancer resistance protein (BCRP/ABCG2)" is an item of a list, but it says
    # what BCRP is; a name listed bare still gets "named only in a list"
    answer = ask(assistant, "which ABC gene is BCRP?")
    assert not answer.abstained and "ABCG2" in answer.text, answer.text
    bare = ask(assistant, "which exosomal cargo drives gemcitabine resistance?")
    assert "beyond naming it in a list" in bare.text, bare.text


def test_a_word_the_review_uses_only_derived_is_matched_by_that_form(
        assistant: Assistant) -> None:
    # "packed": the review says "packaged"; "can ...?" is answered by "could be ...".
    answer = ask(assistant, "can PD-L1 be packed into exosomes by tumour cells?")
    assert answer.text.startswith("Yes."), answer.text
    assert "packaged" in answer.text


def test_what_is_known_frames_a_question_and_outweighs_nothing(assistant: Assistant) -> None:
    answer = ask(assistant, "exosomes and sorafenib, what is known?")
    assert not answer.abstained, answer.notice
    assert "sorafenib" in answer.text.lower()  # not "radiation treatment known to ..."


def test_a_figure_asked_of_a_named_measure_needs_that_measure(assistant: Assistant) -> None:
    # "75% to 85% of primary liver cancers" is a figure, but of no survival.
    first = ask(assistant, "how common is hcc among primary liver cancers")
    assert "75%" in first.text
    answer = assistant.ask("and the overall survival rate?", history=[
        ("how common is hcc among primary liver cancers", first.text)])
    assert answer.text.startswith("The review does not give the overall survival rate"), \
        answer.text


def test_a_row_answering_what_a_thing_does_shows_how_it_does_it(assistant: Assistant) -> None:
    answer = ask(assistant, "whats circZFR do")
    assert "Mechanisms: Promote HCC development" in answer.text, answer.text


def test_who_did_it_frames_a_question_and_outweighs_nothing(assistant: Assistant) -> None:
    # "somebody", "people", "researchers": the agents of any finding, not what is asked
    answer = ask(assistant, "which drugs did somebody put in exosomes")
    assert not answer.abstained, answer.notice
    assert "curcumin" in answer.text


def test_members_singled_out_after_their_kind_answer_which_of_the_kind(
        assistant: Assistant) -> None:
    # "... immune checkpoint inhibitors ... have been developed. Notably, Nivolumab and
    # Pembrolizumab ... have been approved by the FDA": the kind is the sentence before's
    answer = ask(assistant, "what checkpoint inhibitors have been approved in hcc?")
    assert answer.text.startswith("Notably, Nivolumab and Pembrolizumab"), answer.text


def test_how_one_name_differs_from_another_is_a_comparison(assistant: Assistant) -> None:
    answer = ask(assistant, "how does circZFR differ from circPAK1")
    assert not answer.abstained, answer.notice
    assert "circZFR" in answer.text and "circPAK1" in answer.text


@pytest.mark.parametrize(("question", "lead"), [
    ("was miR-4669 tested in mice?", "No."),  # Study type: In vitro
    ("was circPAK1 tested in animals?", "Yes."),  # In vitro and in vivo
])
def test_tested_in_animals_is_answered_by_the_rows_study_type(
        assistant: Assistant, question: str, lead: str) -> None:
    answer = ask(assistant, question)
    assert answer.text.startswith(f"{lead} Table 1 lists"), answer.text


def test_a_choice_of_where_it_was_tested_gets_no_yes_or_no(assistant: Assistant) -> None:
    answer = ask(assistant, "was circPAK1 tested in animals or only in cells?")
    assert not answer.text.startswith(("Yes.", "No.")), answer.text
    assert "In vitro and in vivo" in answer.text


def test_the_review_telling_of_itself_does_not_answer_what_it_says(
        assistant: Assistant) -> None:
    # "Here, ... we conducted a detailed review of research exploring the roles of
    # exosomes in resistance to ... radiotherapy" names the topic; the answer is the
    # sentence on how much research there is
    answer = ask(assistant, "exosome research on radiotherapy resistance in liver cancer: "
                            "is it extensive?")
    assert answer.text.lstrip("YesNo. ").startswith("However, based on our literature review")
    # asked what the review covers, its telling of itself is the answer
    scope = ask(assistant, "what does this review cover?")
    assert "this review" in scope.text.split("[1]")[0].lower(), scope.text


def test_how_much_is_known_asks_for_words_not_a_figure(assistant: Assistant) -> None:
    answer = ask(assistant, "how much is known about exosomes in hcc radioresistance")
    assert not answer.abstained and "figure" not in answer.text
    assert "scarcity" in answer.text


def test_a_row_found_by_keywords_says_all_it_records(assistant: Assistant) -> None:
    # "resistance" hints at the Functions column, but keywords ask no column: the
    # row shows its Mechanisms too (Nanog), not its function alone
    answer = ask(assistant, "stem cells regorafenib resistance exosomes")
    row = next(c for c in answer.citations if c.passage.kind == "table_row")
    assert "Mechanisms:" in row.quote and "Nanog" in row.quote


def test_a_name_the_question_gives_as_an_example_is_answered_by_a_list_of_examples(
        assistant: Assistant) -> None:
    # "drugs such as curcumin, doxorubicin, and paclitaxel" names paclitaxel in a list;
    # asked of it as an example ("like paclitaxel"), that list is the answer
    answer = ask(assistant, "are exosomes used to deliver drugs like paclitaxel?")
    assert not answer.abstained and "beyond naming it" not in answer.text
    assert "carriers" in answer.text
    # asked of it alone, the list still says only that it is named
    alone = ask(assistant, "which exosomal cargo mediates oxaliplatin resistance?")
    assert "beyond naming it in a list" in alone.text


def test_a_definition_says_what_kind_of_thing_and_keeps_what_its_sentence_leans_on(
        assistant: Assistant) -> None:
    # "These nano-sized vesicles mediate intercellular communication ..." says what
    # exosomes are; it follows the sentence naming the exosomes it speaks of
    answer = ask(assistant, "what are exosomes?")
    text = answer.text
    assert "nano-sized vesicles mediate intercellular communication" in text
    assert text.index("exosomes, which are secreted") < text.index("These nano-sized vesicles")


@pytest.mark.parametrize(("question", "lead"), [
    # the row: "rendering cancer cells sensitive to chemotherapeutic agents"
    ("is exosomal miR-122 a cause of drug resistance in liver cancer cells?", "No."),
    # the text: "resulting in reduced sensitivity of HCC cells to sorafenib"
    ("does linc-VLDLR sensitize cells to sorafenib?", "No."),
    # "... in HCC patients, but the potential mechanisms remain to be further clarified"
    ("has the mechanism by which circUHRF1 causes anti-PD1 resistance been worked out?",
     "No."),
])
def test_a_yes_no_question_on_an_effect_the_review_records_the_other_way_is_answered_no(
        assistant: Assistant, question: str, lead: str) -> None:
    assert ask(assistant, question).text.startswith(lead)


@pytest.mark.parametrize("question", [
    "is autophagy always good for liver cancer cells?",
    # before: an example of one side (Shi et al.'s inhibitor study) led
    "is autophagy always bad for treatment according to the review?",
    "is autophagy good or bad for hcc drug resistance",
])
def test_asked_whether_a_thing_always_holds_the_sentence_saying_it_depends_answers(
        assistant: Assistant, question: str) -> None:
    answer = ask(assistant, question)
    first = answer.text.split("[1]")[0]
    assert re.search(r"double-edged|dual role", first), answer.text
    # "is X always ...?" is a yes/no question, answered no; "good or bad" asks no yes/no
    assert answer.text.startswith("No.") == (" always " in question), answer.text


def test_chat_fillers_are_no_words_of_the_question(assistant: Assistant) -> None:
    # "btw" asks about nothing; counted as a word the review lacks, it left "figures"
    # too small a share for the acknowledgment to be asked of
    answer = ask(assistant, "btw what did they make the figures with")
    assert "BioRender" in answer.text, answer.text


def test_an_ellipsis_with_an_article_takes_the_place_of_the_kind(assistant: Assistant) -> None:
    first = "which circrnas are listed"
    answer = assistant.ask("and the lncRNAs?", history=[(first, ask(assistant, first).text)])
    assert answer.standalone_question == "which lncRNAs are listed", answer.standalone_question
    assert "linc-VLDLR" in answer.text


def test_a_runner_up_as_good_as_the_best_sentence_is_said_too(assistant: Assistant) -> None:
    # "the mechanisms remain to be clarified" scores first; the table row, within
    # `runner_up_margin` of it, says what the study did find (NK cells)
    answer = ask(assistant, "do we know exactly how circUHRF1 causes anti-PD1 resistance?")
    assert "clarified" in answer.text and "NK cell" in answer.text, answer.text
    assert len(answer.citations) == 2


def test_a_runner_up_saying_nothing_new_is_left_out(assistant: Assistant) -> None:
    # "Lenvatinib is another first-line ... drug approved by the FDA in 2018 ..." scores
    # within the margin, but says again what the answer says
    answer = ask(assistant, "lenva fda approval yr")
    assert "2018" in answer.text and len(answer.citations) == 1, answer.text


def test_a_runner_up_joins_a_two_sentence_answer_too(assistant: Assistant) -> None:
    # two sentences on circRNA-SORE passing resistance on; the third, within the margin,
    # says how it keeps it (YBX1)
    answer = ask(assistant, "how does circRNA-SORE cause sorafenib resistence")
    assert "transferred between tumor cells" in answer.text and "YBX1" in answer.text, \
        answer.text


@pytest.mark.parametrize(("question", "what"), [
    ("which cell lines did the mir-4669 study use", "the cell lines"),
    ("what passage number were the HepG2 cells?", "the passage number"),
])
def test_a_method_detail_the_review_does_not_give_is_said_not_given(
        assistant: Assistant, question: str, what: str) -> None:
    answer = ask(assistant, question)
    assert answer.abstained and answer.text.startswith(f"The review does not give {what}"), \
        answer.text


def test_a_method_detail_the_evidence_names_by_its_form_is_answered(
        assistant: Assistant) -> None:
    # "HepG2 cells" is a cell line by its form, though the sentence never says "line"
    answer = ask(assistant, "In Tang et al.'s work, exosomes from which cisplatin-resistant "
                            "cell line raised P-gp levels?")
    assert not answer.abstained and "HepG2" in answer.text, answer.text


def test_the_earliest_study_of_a_finding_is_answered_with_its_year(
        assistant: Assistant) -> None:
    # of the sentences of one study, the one saying its year ("As early as 2011, ...")
    answer = ask(assistant, "what was the earliest study on autophagy and sorafenib?")
    assert answer.text.startswith("The earliest of the"), answer.text
    assert "As early as 2011" in answer.text


def test_what_is_approved_is_a_drug_not_the_class_it_belongs_to(assistant: Assistant) -> None:
    first = "which first-line targeted drugs for advanced hcc does the review mention"
    answer = assistant.ask("when was it approved by fda",
                           history=[(first, ask(assistant, first).text)])
    assert answer.standalone_question in ("when was Lenvatinib approved by FDA",
                                          "when was Sorafenib approved by FDA"), \
        answer.standalone_question


@pytest.mark.parametrize(("question", "lead"), [
    ("was the miR-4669 finding only in vitro?", "Yes."),      # "Study type: In vitro only"
    ("is the circUHRF1 evidence just cell culture?", "No."),  # "In vitro and in vivo"
    # a sentence telling of patients' tissues and plasma: not only cell lines (it had
    # said "Yes." for covering the question's words)
    ("was circCCAR1 shown only in cell lines?", "No."),
])
def test_only_in_vitro_is_answered_from_where_it_was_tested(assistant: Assistant,
                                                            question: str, lead: str) -> None:
    answer = ask(assistant, question)
    assert answer.text.startswith(lead), answer.text


def test_an_inhibitor_of_a_thing_is_not_any_drug_that_inhibits(assistant: Assistant) -> None:
    # "Sorafenib, the first FDA-approved ... inhibits tumor angiogenesis" covers the words
    # of the question but names no exosome inhibitor: no "Yes."
    answer = ask(assistant, "has the fda approved any exosome inhibitor")
    assert not answer.text.startswith("Yes"), answer.text


def test_keywords_naming_the_table_and_a_class_list_its_rows(assistant: Assistant) -> None:
    answer = ask(assistant, "protein cargos in table 1 and their years")
    assert "pIgR" in answer.text and "S100A10" in answer.text
    assert "2022" in answer.text and "2023" in answer.text


def test_what_a_section_is_about_is_answered_from_that_section(assistant: Assistant) -> None:
    # the section's name is all the question asks about: no "no content words" abstention
    answer = ask(assistant, "whats the autophagy section about")
    assert not answer.abstained, answer.notice
    assert all("autophagy" in c.passage.section_path.lower() for c in answer.citations)


def test_a_family_named_by_its_stem_is_its_numbered_members(assistant: Assistant) -> None:
    answer = ask(assistant, "Which two RAB proteins that regulate exosome secretion are "
                            "mentioned?")
    assert not answer.abstained, answer.notice
    assert "RAB27A" in answer.text and "RAB27B" in answer.text
    # a lower-case word is a word: "stat" is no STAT3
    said = ask(assistant, "how common is HCC among primary liver cancers")
    follow = assistant.ask("source for that stat", history=[(said.question, said.text)])
    assert "STAT3" not in follow.text and "ref. 1)" in follow.text, follow.text


def test_a_yes_no_link_between_two_names_no_sentence_joins_is_not_given(
        assistant: Assistant) -> None:
    # CAFs and oxaliplatin share a paragraph but no sentence: no link is claimed
    unlinked = ask(assistant, "do CAF exosomes cause oxaliplatin resistance?")
    assert unlinked.abstained and unlinked.text.startswith(
        "The review does not give a link between oxaliplatin and CAF"), unlinked.text
    linked = ask(assistant, "do CAF exosomes cause cisplatin resistance?")
    assert not linked.abstained and "circZFR" in linked.text


def test_a_paraphrase_naming_things_is_matched_by_their_names(assistant: Assistant) -> None:
    # the glossary's "atezolizumab plus bevacizumab" group had been covered by any
    # "combination" ("the combination of exosome inhibitors and anticancer drugs ...")
    answer = ask(assistant, "why is atezolizumab plus bevacizumab a big deal")
    assert answer.text.startswith("For example, the combination of Atezolizumab"), answer.text


def test_a_second_step_asks_of_the_thing_of_the_kind_it_names(assistant: Assistant) -> None:
    # "what other gene ... with it": it is a gene (FOXM1), not the miRNA the premise also
    # names, nor the year the first sentence opens on ("In 2019, ...")
    answer = ask(assistant, "linc-ROR sponges a miRNA to switch on a transcription factor. "
                            "which one, and what other gene is co-targeted with it by the "
                            "crispr exosomes?")
    assert "FOXM1" in answer.text and "IQGAP1" in answer.text, answer.text


def test_a_sentence_opening_on_a_change_told_before_brings_that_sentence(
        assistant: Assistant) -> None:
    # "The increased CD39 levels in macrophages ..." tells of an increase the sentence
    # before gives the cause of (circTMEM181 sponging miR-488-3p): that one comes too
    answer = ask(assistant, "cd39 cd73 adenosine anti-pd1 resistance, what's going on")
    assert not answer.abstained, answer.notice
    text = answer.text
    assert "The increased CD39" in text and "circTMEM181" in text, text
    assert text.index("miR-488-3p sponge") < text.index("The increased CD39"), text


@pytest.mark.parametrize("question", [
    "is it known exactly how circUHRF1 causes anti-PD1 resistance in patients?",
    "do all hcc patients benefit from checkpoint inhibitors?",
    "is circulating exosomal pd-l1 an established predictor of anti-pd-1 response?",
])
def test_a_settled_thing_asked_of_a_hedged_sentence_is_answered_no(
        assistant: Assistant, question: str) -> None:
    # "remain to be further clarified", "only a subset", "may serve as a potential
    # predictor": asked whether it is known, true of all, established: no
    answer = ask(assistant, question)
    assert answer.text.startswith("No. "), answer.text
    # ... a possibility asked of the same kind of sentence is no such question
    other = ask(assistant, "can exosomes be biomarkers for radiotherapy response")
    assert not other.text.startswith("No."), other.text


def test_two_things_compared_need_not_meet_in_one_passage(assistant: Assistant) -> None:
    # CAFs and M2 macrophages never share a paragraph; compared, each is told on its own
    answer = ask(assistant, "difference between how CAF exosomes and M2 macrophage exosomes "
                            "drive resistance")
    assert not answer.abstained and "circZFR" in answer.text and "miR-27a-3p" in answer.text, \
        answer.text


def test_is_there_much_data_gets_no_yes_from_a_finding_that_tells_no_amount(
        assistant: Assistant) -> None:
    # "is there much HCC data on that?" asks how much research there is; a summary of a
    # finding ("In summary, exosomes facilitate ...") says no amount: no "Yes." before it
    first = "how do exosomes transfer drug resistance between HCC cells?"
    said = assistant.ask(first)
    follow = assistant.ask("is there much data on that in hcc", history=[(first, said.text)])
    assert not follow.text.startswith("Yes."), follow.text


def test_a_line_of_treatment_the_review_gives_otherwise_is_answered_no(
        assistant: Assistant) -> None:
    # the review calls regorafenib second-line and sorafenib first-line: "No." to the
    # other line, never "Yes." from the line word the sentence shares
    for question in ("does the review call regorafenib a first-line therapy?",
                     "is sorafenib a second-line drug for hcc?"):
        answer = assistant.ask(question)
        assert answer.text.startswith("No."), answer.text
    assert assistant.ask("is lenvatinib a first-line drug for advanced hcc?").text.startswith(
        "Yes.")
