"""Follow-up questions read against the conversation (qa/conversation.py): pronouns,
definite references, ellipsis, choices among a listed set, superlatives, an ambiguous
"it", a topic switch; and the check that every rewrite is a grammatical question."""

from __future__ import annotations

import numpy as np
import pytest

from qa.conversation import (
    Lexicon,
    asked_kind,
    beside,
    mentions,
    resolve,
    rewrite_problems,
    standalone_question,
    switches_topic,
    without_discourse,
)
from qa.prompts import ABSTAIN_TEXT

PREV_SORAFENIB = (
    "Which exosomal circRNA drives sorafenib resistance?",
    "Exosomal circRNA-SORE sustains sorafenib resistance. [1]",
)
PREV_LENVATINIB = (
    "Which exosomal circRNA drives lenvatinib resistance?",
    "Exosomal circPAK1 drives lenvatinib resistance. [1]",
)
ROWS = {"circZFR": "table1/row-01", "S100A10": "table1/row-02", "miR-21": "table1/row-03",
        "circPAK1": "table1/row-04"}
KINDS = {"circZFR": "circRNA", "circPAK1": "circRNA", "S100A10": "gene", "miR-21": "miRNA"}
TABLE_LEX = Lexicon(rows=ROWS, row_kinds=KINDS)
CISPLATIN_LIST = (
    "which Table 1 entries concern cisplatin?",
    "Table 1 lists 2 entries: circZFR (Functions: Enhance cisplatin resistance) [1]; "
    "S100A10 (Functions: Promote resistance to cisplatin) [2]",
)


def _drug_embed(word: str) -> np.ndarray:
    """Tiny deterministic embedding: kinase-inhibitor names (-nib) point one way, all else
    another, so "lenvatinib" is most similar to "sorafenib" and to nothing else."""
    return np.array([1.0, 0.0]) if word.lower().endswith("nib") else np.array([0.0, 1.0])


# -- the state: names and kinds -----------------------------------------------------------


def test_a_two_word_cell_line_is_one_name_and_never_it() -> None:
    # "MIA PaCa-2": capitals then a mixed-case code, one cell line (no "MIA")
    text = "Varga et al. compared exosomes of drug-resistant MIA PaCa-2 cells. [1]"
    assert [m.text for m in mentions(text, Lexicon())] == ["Varga et al.", "MIA PaCa-2"]
    prev = ("what protein came out of the proteomic comparison?",
            "Exosomes of resistant MIA PaCa-2 cells were enriched in EphA2. [1]")
    assert resolve("has it been used as a biomarker?", [prev]).question == \
        "has EphA2 been used as a biomarker?"


def test_mentions_carry_kinds_from_form_and_table() -> None:
    found = {m.text: m.kind for m in mentions(
        "Exosomal circPAK1 and miR-21 drive lenvatinib resistance, as Hao et al. found; "
        "S100A10 too.", TABLE_LEX)}
    assert found["circPAK1"] == "circRNA" and found["miR-21"] == "miRNA"
    assert found["lenvatinib"] == "drug" and found["S100A10"] == "gene"
    assert found["Hao et al."] == "study"


def test_a_long_forms_capitals_are_not_a_name() -> None:
    names = [m.text for m in mentions("circular RNA PAK1 (circPAK1) binds YAP", Lexicon())]
    assert "RNA" not in names and "circPAK1" in names


def test_a_name_inside_a_chemical_name_is_no_name() -> None:
    # "poly(ADP-ribose) polymerase": "ADP" is part of a word, not a thing "it" may be
    names = [m.text for m in mentions(
        "inhibition of poly(ADP-ribose) polymerase (PARP) by olaparib", Lexicon())]
    assert "ADP" not in names and "PARP" in names


def test_a_name_glossing_another_in_parentheses_is_marked_so() -> None:
    found = {m.text: m.gloss for m in mentions(
        "the combination of Atezolizumab (a PD-L1 monoclonal antibody) and Bevacizumab "
        "(a VEGF antagonist); polymeric immunoglobulin receptor (pIgR) rose. Table 1 lists "
        "circPAK1 (Mechanisms: binds YAP)", Lexicon())}
    assert found["PD-L1"] and found["VEGF"]
    assert not found["Atezolizumab"] and not found["pIgR"]  # (the name itself)
    assert not found["YAP"]  # (a row's cells say what it does)


def test_it_is_the_name_a_parenthesis_glosses_not_the_gloss() -> None:
    # "it" after "Atezolizumab (a PD-L1 monoclonal antibody) and Bevacizumab (...)": a
    # drug of the answer, not PD-L1, which the answer names only to say what it is
    history = [("what was the first approved combo of a targeted drug plus immunotherapy?",
                "For example, the combination of Atezolizumab (a PD-L1 monoclonal antibody) "
                "and Bevacizumab (a VEGF antagonist) became the first FDA-approved combined "
                "therapy. [1]")]
    # (the FDA, an institution, is no antecedent either)
    out = resolve("what does it target", history, Lexicon(institutions=frozenset({"FDA"})))
    assert out.question in ("what does Atezolizumab target", "what does Bevacizumab target")
    assert resolve("what does it target", history).question == "what does FDA target"


def test_a_species_with_its_genus_cut_to_a_letter_is_its_row() -> None:
    lex = Lexicon(rows={"Akkermansia muciniphila": "table1/row-01"})
    assert [m.text for m in mentions("Oral A. muciniphila is being evaluated", lex)] == [
        "Akkermansia muciniphila"]


def test_it_is_what_the_answer_gave_not_what_the_question_named() -> None:
    # "which microbe ... anti-PD-1 ...?" answered "... anti-PD-1 ... Akkermansia
    # muciniphila": "it" is the microbe the answer gave, not PD-1, which the question named
    lex = Lexicon(rows={"Akkermansia muciniphila": "table1/row-01"})
    history = [("which microbe rescued anti-PD-1 after antibiotics in mice",
                "the efficacy of anti-PD-1 therapy could be restored by oral gavage with "
                "Akkermansia muciniphila. [1]")]
    assert resolve("and is it being tried in people?", history, lex).question == \
        "is Akkermansia muciniphila being tried in people?"


def test_two_names_are_a_pair_only_when_set_side_by_side() -> None:
    from qa.conversation import _pair, turn_state

    both = turn_state("compare circZFR and circPAK1", "compare circZFR and circPAK1", "", TABLE_LEX)
    assert [m.text for m in _pair(both)] == ["circZFR", "circPAK1"]
    acting = turn_state("how does S100A10 help YBX1", "how does S100A10 help YBX1", "",
                        Lexicon())
    assert _pair(acting) == []  # (one acts on the other: the later is no likelier "it")


@pytest.mark.parametrize(("question", "kind"), [
    ("Which circRNAs drive resistance?", "circRNA"),
    ("what drug is used first?", "drug"),
    ("Which proteins are listed?", "gene"),
    ("What is the mechanism of circPAK1?", ""),
    ("What kind of stuff do exosomes carry?", "any"),
    ("which chemo drugs does it say hcc becomes resistant to", "drug"),  # a word later
    ("which exosomal miRNAs are listed?", "miRNA"),
])
def test_the_kind_a_question_asks_for(question: str, kind: str) -> None:
    assert asked_kind(question) == kind


# -- ellipsis ----------------------------------------------------------------------------


def test_ellipsis_swaps_a_name_of_the_same_kind() -> None:
    out = standalone_question("and lenvatinib?", [PREV_SORAFENIB], embed=_drug_embed)
    assert out == "Which exosomal circRNA drives lenvatinib resistance?"
    # the kind alone tells: no embedding needed
    assert standalone_question("and lenvatinib?", [PREV_SORAFENIB]) == \
        "Which exosomal circRNA drives lenvatinib resistance?"


@pytest.mark.parametrize("follow_up", ["and lenvatinib?", "And lenvatinib", "what about lenvatinib?",
                                       "And what about lenvatinib?", "also lenvatinib?"])
def test_ellipsis_forms_are_all_resolved(follow_up: str) -> None:
    out = standalone_question(follow_up, [PREV_SORAFENIB], embed=_drug_embed)
    assert "lenvatinib" in out and "sorafenib" not in out and "circRNA" in out


@pytest.mark.parametrize(("first", "follow_up", "expected"), [
    ("which category has the most rows?", "and the fewest?",
     "which category has the fewest rows?"),
    ("Which Table 1 column has the longest entries?", "the shortest one?",
     "Which Table 1 column has the shortest entries?"),
    ("which drug shows up least in table 1", "and the most?",
     "which drug shows up most in table 1"),
])
def test_an_extreme_asked_the_other_way_round_turns_the_last_question(
        first: str, follow_up: str, expected: str) -> None:
    assert standalone_question(follow_up, [(first, "miRNAs.")]) == expected


def test_an_extreme_with_nothing_to_turn_round_is_no_such_rewrite() -> None:
    # "the biggest?" after a question with no extreme is not that question turned round
    out = standalone_question("and the biggest?", [PREV_SORAFENIB])
    assert out != PREV_SORAFENIB[0]


def test_ellipsis_with_a_name_of_another_kind_asks_about_it() -> None:
    out = standalone_question("what about miR-21?", [PREV_SORAFENIB])
    assert out == "What does the review say about miR-21?"
    assert not rewrite_problems(out)


def test_a_fragment_asking_its_own_thing_of_its_own_name_stands_alone() -> None:
    # "sensitivity ... for X?" after a question on Y asks its own thing of X: not "what
    # does the review say about X?" (the asked figure would be lost); a bare name still
    # swaps in ("and anti-pd1?" keeps the name whole, "anti-" and all)
    history = [("Which exosomal lncRNAs are diagnostic biomarkers?", "lnc-AB1 and lnc-CD2 [1]"),
               ("What does the review say about lnc-XY3?", "lnc-XY3 helps [1]")]
    out = resolve("sensitivity and specificity for lnc-AB1?", history)
    assert out.question == "sensitivity and specificity for lnc-AB1?"
    out = resolve("and lnc-AB1?", history)
    assert out.question == "What does the review say about lnc-AB1?"


def test_ellipsis_uses_the_latest_turn() -> None:
    out = standalone_question("and regorafenib?", [PREV_LENVATINIB, PREV_SORAFENIB],
                              embed=_drug_embed)
    assert out == "Which exosomal circRNA drives regorafenib resistance?"


def test_ellipsis_after_a_pronoun_question_swaps_in_the_question_before() -> None:
    history = [PREV_LENVATINIB, ("What is its mechanism?", "It binds 14-3-3 ζ. [1]")]
    out = standalone_question("And for sorafenib?", history, embed=_drug_embed)
    assert out == "Which exosomal circRNA drives sorafenib resistance?"


def test_a_prepositional_ellipsis_narrows_the_last_question() -> None:
    out = resolve("and in vivo?", [("Which circRNAs drive sorafenib resistance?", "x [1]")])
    assert out.question == "Which circRNAs drive sorafenib resistance, in vivo?"
    assert out.how == "ellipsis" and not rewrite_problems(out.question)


def test_their_follow_up_work_is_the_authors() -> None:
    history = [("what did lou et al do with mir-122", "Lou et al. packaged miR-122. [1]")]
    out = standalone_question("and their follow up work?", history)
    assert "Lou et al." in out and not rewrite_problems(out)


# -- pronouns ----------------------------------------------------------------------------


@pytest.mark.parametrize(("follow_up", "expected"), [
    ("what is its mechanism?", "what is circPAK1's mechanism?"),
    ("What is its mechanism?", "What is circPAK1's mechanism?"),
    ("How does it work?", "How does circPAK1 work?"),
    ("and how does it work?", "how does circPAK1 work?"),
])
def test_pronoun_becomes_the_previous_answers_entity(follow_up: str, expected: str) -> None:
    assert standalone_question(follow_up, [PREV_LENVATINIB]) == expected


def test_pronoun_skips_common_entities() -> None:
    history = [("Which circRNA drives lenvatinib resistance?",
                "HCC cells pass circPAK1 to neighbours. [1]")]
    out = standalone_question("what is its mechanism?", history, common=lambda w: w == "HCC")
    assert out == "what is circPAK1's mechanism?"


def test_it_is_not_the_cell_line_a_finding_was_made_in() -> None:
    # (a study's own name asked of: the answer's names are the candidates, and the cell
    # line named first is where the work was done, not what "it" means)
    history = [("what did Tanaka et al show",
                "Tanaka et al. reported that EVs from erlotinib-resistant HCC827 cells carried "
                "AXL, which induced erlotinib resistance. [1] The AXL inhibitor bemcentinib "
                "reversed this effect in xenografts. [1]")]
    common = lambda w: w == "EVs"  # noqa: E731
    assert standalone_question("what inhibitor blocked it?", history, common=common) \
        == "what inhibitor blocked AXL?"
    # (a code not followed by "cells" is a name like any other)
    history = [("what did Tanaka et al show", "Tanaka et al. showed that PC9 carries "
                "AXL. [1]")]
    assert standalone_question("what inhibitor blocked it?", history, common=common) \
        == "what inhibitor blocked PC9?"


def test_pronoun_falls_back_to_the_previous_question_when_answer_has_no_entity() -> None:
    history = [("What does circZFR do?", ABSTAIN_TEXT)]
    assert standalone_question("what is its mechanism?", history) == "what is circZFR's mechanism?"


def test_it_is_the_previous_question_s_entity_when_that_question_named_one() -> None:
    history = [("What does circZFR target?", "It targets the STAT3/NF-κB pathway. [1]")]
    assert "circZFR" in standalone_question("How many rows concern it?", history)
    assert "circPAK1" in standalone_question("How many rows concern it?", [PREV_LENVATINIB])


def test_earlier_questions_are_read_as_they_were_understood() -> None:
    history = [PREV_LENVATINIB, ("What does it bind?", "14-3-3 ζ with YAP. [1]")]
    assert standalone_question("What is its year?", history) == "What is circPAK1's year?"


def test_resistant_to_it_means_the_drug() -> None:
    history = [("what is regorafenib used for in hcc",
                "RAB27A-dependent exosomes confer regorafenib resistance. [1]")]
    out = standalone_question("how do exosomes make tumors resistant to it?", history)
    assert out == "how do exosomes make tumors resistant to regorafenib?"


def test_they_of_a_plural_subject() -> None:
    history = [("what kind of stuff do exosomes carry between cells?",
                "They transfer nucleic acids such as RNA, lipids and proteins. [1]")]
    assert standalone_question("and where do they come from?", history) == \
        "where do exosomes come from?"


def test_they_who_did_the_work_are_the_researchers() -> None:
    out = standalone_question("what lenvatinib dose did they use?", [PREV_LENVATINIB])
    assert out == "what lenvatinib dose did the researchers use in the circPAK1 study?"
    out = standalone_question("which gene did they knock out?", [PREV_LENVATINIB])
    assert out == "which gene did the researchers knock out in the circPAK1 study?"
    # (lab work told in the past: not "when circPAK1 got rid of RAB27A")
    out = standalone_question("what worked better when they got rid of RAB27A?",
                              [PREV_LENVATINIB])
    assert out.startswith("what worked better when the researchers got rid of RAB27A"), out
    # what things do as well is theirs: "they" are what the talk named
    out = standalone_question("how did they block sorafenib killing?", [PREV_SORAFENIB])
    assert "researchers" not in out


def test_they_after_who_did_it_are_the_researchers_the_answer_named() -> None:
    # ("increases" in the question is a verb, no plural noun "they" could mean)
    history = [("Who reported that blocking autophagy increases sorafenib killing?",
                "The review cites Shi YH et al. (2011, Autophagy; ref. 84) for this: As "
                "early as 2011, Shi et al. reported that inhibiting autophagy ... [1]")]
    out = standalone_question("what inhibitor did they pair with it", history)
    assert "increases" not in out and "Shi" in out and not rewrite_problems(out)


def test_they_after_two_names_of_a_kind_are_both_not_a_contraction() -> None:
    # ("whats" is "what's" typed without its apostrophe, no plural noun)
    history = [("atezolizumab + bevacizumab, whats special about that combo",
                "The combination of Atezolizumab and Bevacizumab was approved. [1]")]
    out = standalone_question("what do they each target", history)
    assert out == "what do atezolizumab and bevacizumab each target"


def test_that_before_the_authors_is_the_study_and_the_authors_stay_the_reviews() -> None:
    history = [("what did the Wang et al. study find about S100A10?",
                "Wang et al. found S100A10 in exosomes. [1]")]
    out = standalone_question("was that the authors' own work?", history)
    assert out == "was the Wang et al. study the authors' own work?"
    assert not rewrite_problems(out)


def test_an_ambiguous_it_takes_the_later_name_and_says_so() -> None:
    history = [("tell me about circZFR and circPAK1", "circZFR ... [1] circPAK1 ... [2]")]
    out = resolve("which pathway does it work through?", history)
    assert out.question == "which pathway does circPAK1 work through?"
    assert "circPAK1" in out.note and "circZFR" in out.note
    # "the other one" is then the other name, in the question just answered
    history.append(("which pathway does it work through?", "YAP and Hippo. [1]"))
    assert standalone_question("and the other one?", history) == \
        "which pathway does circZFR work through?"


def test_that_one_after_two_names_takes_the_later_as_it_does() -> None:
    history = [("compare circZFR and circPAK1", "circZFR ... [1] circPAK1 ... [2]")]
    out = resolve("which pathway does that one act on?", history)
    assert out.question == "which pathway does circPAK1 act on?"
    assert out.others == ("circZFR",)


def test_a_number_joined_to_its_noun_is_no_reference_to_that_many() -> None:
    # "the Lindahl three-miRNA panel" is a panel, not "the three" names last said
    history = [("and the AUC?", "The decrease in miR-375-3p identified patients with a "
                "Ki-67 index above 10%, with an AUC of 0.74 in ANVIL-EV. [1]")]
    out = resolve("which did better, that or the Lindahl three-miRNA panel?", history)
    assert "the Lindahl three-miRNA panel" in out.question, out.question
    assert resolve("what do the three circRNAs target?", [(
        "which circRNAs drive anti-PD1 resistance?", "circUHRF1 [1], circTMEM181 [2] "
        "and circCCAR1 [3].")]).question == \
        "what do circUHRF1, circTMEM181 and circCCAR1 target?"


def _said_of(sentences: list[str]):  # type: ignore[no-untyped-def]
    """A `together` reading review sentences: the share of words a sentence naming the
    name also holds (plain tokens; the app's reads word forms and rarity)."""
    def together(name: str, words: list[str]) -> float:
        held = [s.lower().split() for s in sentences if name.lower() in s.lower()]
        return max((sum(w in h for w in words) / len(words) for h in held), default=0.0)
    return together


def test_it_is_the_name_the_review_says_the_question_of() -> None:
    history = [("how do exosomes make hcc resistant to sorafenib and lenvatinib",
                "HGF/c-Met signalling mediates sorafenib resistance. [1] circPAK1 drives "
                "lenvatinib resistance. [2]")]
    lex = Lexicon(together=_said_of(["sorafenib was approved in 2008",
                                     "lenvatinib was approved in 2018",
                                     "HGF activates c-Met"]))
    out = resolve("when was it approved", history, lex)
    # (both drugs were approved: the later of the pair, the other named in the note)
    assert out.question == "when was lenvatinib approved"
    assert "sorafenib" in out.note
    # what the user's last question was about stays "it", though another name's sentence
    # ("long intergenic non-protein coding RNA") says the question's word
    lex = Lexicon(together=_said_of(["lincRNA-ROR is a non-coding protein sponge",
                                     "FOXM1 is a transcription factor"]))
    history = [("foxm1?", "lincRNA-ROR sponges miR-876-5p to raise FOXM1. [1]")]
    assert resolve("what kind of protein is it", history, lex).question == \
        "what kind of protein is foxm1"  # (as typed: this lexicon knows no spelling)
    # a name none of whose sentences says all the question's words keeps the likeliest
    lex = Lexicon(together=_said_of(["sorafenib blocking kinases"]))
    history = [("what signalling does pIgR activate", "pIgR activates PDK1/Akt. [1]")]
    assert resolve("how could you block it therapeutically", history, lex).question == \
        "how could you block pIgR therapeutically"


@pytest.mark.parametrize(("follow_up", "expected"), [
    ("how do the inhibitors work", "how do the immune checkpoint inhibitors work"),
    ("what is that pathway?", "what is the chaperone-mediated autophagy pathway?"),
])
def test_a_bare_noun_is_the_last_answers_qualified_one(follow_up: str, expected: str) -> None:
    history = [("what are immune checkpoints",
                "Immune checkpoint inhibitors (ICIs) can block the interactions. [1] They "
                "act through the chaperone-mediated autophagy pathway. [2]")]
    assert standalone_question(follow_up, history) == expected
    # a noun the last turn qualified two ways is left as it is
    history = [("which pathways", "the Akt pathway [1] and the Hippo pathway [2]")]
    assert standalone_question("what is that pathway?", history) == "what is that pathway?"


def test_what_they_stand_for_are_the_short_names_the_last_answer_spelled_out() -> None:
    history = [("doxorubicin resistance mirna",
                "miR-135a-5p raises resistance to doxorubicin hydrochloride (DOX) through "
                "the VAMP2 (vesicle-associated membrane protein 2) axis. [1]")]
    # (DOX spells out what the question said; VAMP2 is new)
    assert standalone_question("what does that target stand for?", history) == \
        "what does VAMP2 stand for?"
    history = [("slug exosome proteins", "proteins such as fibronectin 1 (FN1) and "
                "collagen type II alpha 1 (COL2A1). [1]")]
    assert standalone_question("what are they short for", history) == \
        "what are FN1 and COL2A1 short for"
    # a question naming its own short name is left as it is
    assert standalone_question("what does EMT stand for", history) == "what does EMT stand for"


def test_which_one_after_an_answer_of_sentences_may_choose_among_them() -> None:
    history = [("bmmsc exosomes", "BMMSC exosomes sensitize cells to sorafenib. [1] CD38 "
                "siRNA-loaded exosomes reverse resistance to PD-1 inhibitors. [1]")]
    out = resolve("which one is about immunotherapy?", history)
    assert len(out.among) == 2 and out.among[1].startswith("CD38")
    assert out.criterion == "is about immunotherapy"
    # a choice by date is the superlative's, not a choice by words
    assert resolve("which of those is the most recent?", history).among == ()
    # one sentence offers no choice
    assert resolve("which one is about immunotherapy?", history[:0] + [
        ("bmmsc exosomes", "CD38 siRNA-loaded exosomes reverse resistance. [1]")]).among == ()


def test_they_who_suggest_are_the_authors() -> None:
    history = [("they compare tumors to bacteria?",
                "Like bacteria, tumor cells acquire drug resistance. [1]")]
    assert standalone_question("so what do they suggest", history) == \
        "what do the authors suggest"


def test_the_older_one_is_the_earlier_of_the_studies_cited() -> None:
    lex = Lexicon(years={84: 2011, 85: 2018}, study_names={84: "Shi et al.", 85: "Zhang et al."})
    history = [("what did the 2011 shi paper and the 2018 zhang paper show",
                "Shi and colleagues inhibited autophagy. [1] (ref. 84) Zhang et al. found "
                "miR-142-3p. [2] (ref. 85)")]
    out = resolve("and what drug did the older one pair with sorafenib", history, lex)
    assert out.question == "what drug did the Shi et al. study pair with sorafenib"
    assert out.note == "Read as about Shi et al.; the conversation also named Zhang et al."
    assert resolve("what did the newer one find", history, lex).question == \
        "what did the Zhang et al. study find"


def test_the_three_of_a_kind_are_three_names_of_that_kind_or_none() -> None:
    history = [("what cells was it enriched in",
                "circ_0002130 was enriched in exosomes from osimertinib-resistant HCC827 "
                "cells and sponged miR-498. [1]")]
    # (one circRNA named: "the three circRNA studies" are not the drug, the cell line and
    # the miRNA that answer set side by side)
    rewrite = standalone_question("which of the three circRNA studies is the most recent?",
                                  history)
    assert "osimertinib" not in rewrite and "HCC827" not in rewrite, rewrite
    # ... while three of them named are those three
    history = [("which circrnas?", "circZFR, circPAK1 and circUHRF1 drive resistance. [1]")]
    assert standalone_question("what do the three circRNAs target?", history) == \
        "what do circZFR, circPAK1 and circUHRF1 target?"


def test_that_noun_is_the_name_set_beside_it() -> None:
    history = [("linc-vldlr drugs?", "linc-VLDLR raises the transporter ABCG2. [1]")]
    assert standalone_question("what is that transporter?", history) == "what is ABCG2?"
    # ... or the name the review calls so, when the answer does not
    history = [("linc-vldlr drugs?", "linc-VLDLR raises ABCG2 and P-gp. [1]")]
    lex = Lexicon(beside=lambda noun, name: name == "ABCG2")
    assert resolve("what is that transporter?", history, lex).question == "what is ABCG2?"


def test_a_noun_put_first_is_the_thing_of_that_kind_and_the_question_asks_of_it() -> None:
    # (a kind word: the last name of that kind; its pronoun then stands for it)
    history = [("how do exosomes cause everolimus resistance",
                "Exosomes from HCC cells resistant to everolimus (an mTOR inhibitor) "
                "transmit EMT. [1]")]
    assert standalone_question("the drug — what type of inhibitor is it?", history) == \
        "what type of inhibitor is everolimus?"
    # (another noun: the name the answer calls so, set after it as an apposition)
    history = [("and its microRNA partner?",
                "Linc-ROR sponges miR-876-5p to upregulate FOXM1, a potent transcription "
                "factor with oncogenic functions. [1]")]
    assert standalone_question(
        "that transcription factor - has anyone targeted it with engineered exosomes?",
        history) == "has anyone targeted FOXM1 with engineered exosomes?"
    # (the apposition's head only: TME is no "tumor")
    assert not beside("tumor", "TME", "linked with TME, a critical factor influencing tumor "
                      "progression")
    # (nothing called so: left as asked)
    assert standalone_question("that enzyme - what does it make?", history) == \
        "that enzyme - what does it make?"


# -- definite references -------------------------------------------------------------------


def test_that_kind_is_the_last_name_of_that_kind() -> None:
    history = [("how do exosomes cause lenvatinib resistance?",
                "Exosomes transfer circPAK1 to sensitive cells. [1]")]
    assert standalone_question("what pathway does that circRNA mess with?", history) == \
        "what pathway does circPAK1 mess with?"


def test_that_study_is_the_study_of_the_name() -> None:
    out = standalone_question("when was that study published?", [PREV_LENVATINIB])
    assert out == "when was the circPAK1 study published?"


def test_the_two_are_the_last_two_names_of_one_kind() -> None:
    history = [("what did lou et al do with miR-122", "Lou et al. packaged miR-122. [1]"),
               ("and their follow up work?", "miR-199a-loaded exosomes act on mTOR. [1]")]
    out = standalone_question("which of the two works through mTOR?", history)
    assert out == "which of miR-199a and miR-122 works through mTOR?"


# -- choices and superlatives over a listed set --------------------------------------------------


def test_which_of_them_picks_among_the_listed_rows() -> None:
    out = resolve("which of them comes from fibroblasts?", [CISPLATIN_LIST], TABLE_LEX)
    assert out.how == "choice"
    assert out.scope == ("table1/row-01", "table1/row-02")
    assert not rewrite_problems(out.question)
    # a few rows are named, so the rewrite reads (and retrieves) as a question of its own
    assert out.question == "which of circZFR and S100A10 comes from fibroblasts?"


@pytest.mark.parametrize("follow_up", ["which of those two comes from fibroblasts?",
                                       "which of these 2 comes from fibroblasts?"])
def test_a_count_after_those_is_part_of_the_choice(follow_up: str) -> None:
    # ("which of miR-21 and miR-122 two came ...": the count is the names' number, gone)
    out = resolve(follow_up, [CISPLATIN_LIST], TABLE_LEX)
    assert out.how == "choice" and out.scope == ("table1/row-01", "table1/row-02")
    assert out.question == "which of circZFR and S100A10 comes from fibroblasts?"
    assert not rewrite_problems(out.question)
    assert rewrite_problems("which of miR-21 and miR-122 two came from stem cells") == [
        "a count left after the names it stood for"]


def test_the_two_are_not_a_list_of_another_size() -> None:
    # The last answer listed three rows; "the two" are the two the question named.
    history = [("compare circZFR and S100A10", "circZFR ... [1] S100A10 ... [2]"),
               ("which rows mention cisplatin?", "Table 1 lists 3 entries: circZFR [1]; "
                "S100A10 [2]; circPAK1 [3]")]
    out = resolve("which of the two was reported first?", history, TABLE_LEX)
    assert out.question == "which of circZFR and S100A10 was reported first?"


@pytest.mark.parametrize("follow_up", ["and the newest one?", "newest?", "the most recent?",
                                       "and the oldest?"])
def test_a_superlative_after_a_list_picks_among_its_rows(follow_up: str) -> None:
    out = resolve(follow_up, [CISPLATIN_LIST], TABLE_LEX)
    assert out.how == "superlative" and out.scope == ("table1/row-01", "table1/row-02")
    assert not rewrite_problems(out.question)
    assert "Which of the Table 1 rows" in out.question


def test_a_superlative_after_a_follow_up_still_uses_the_list() -> None:
    history = [CISPLATIN_LIST, ("which of them comes from fibroblasts?",
                                "Table 1 lists 1 entry: circZFR (Origin: CAFs) [1]")]
    out = resolve("and the newest one?", history, TABLE_LEX)
    assert out.scope == ("table1/row-01", "table1/row-02")


STUDY_LEX = Lexicon(years={7: 2015, 8: 2018, 9: 2023, 10: 2023},
                    study_names={7: "Lou et al.", 8: "Li et al.", 9: "Wang et al.",
                                 10: "Zhou et al."})
STUDIES_CITED = ("which engineered exosomes restore drug sensitivity?",
                 "AMSC exosomes carrying a miRNA raise sensitivity. [1] (ref. 7) siGRP78 "
                 "exosomes reverse resistance. [2] (refs. 8, 9)")


@pytest.mark.parametrize(("follow_up", "n", "word"), [
    ("which of those was earliest", 7, "earliest"),
    ("and the oldest?", 7, "oldest"),
    ("which of them is the most recent", 9, "most recent"),
])
def test_a_superlative_after_cited_studies_picks_among_them_by_year(
        follow_up: str, n: int, word: str) -> None:
    out = resolve(follow_up, [STUDIES_CITED], STUDY_LEX)
    assert out.how == "superlative"
    assert out.question == f"What is reference {n} about?"
    assert not rewrite_problems(out.question)
    assert f"the {word} is {STUDY_LEX.study_names[n]} ({STUDY_LEX.years[n]}; ref. {n})" \
        in out.note


def test_a_tie_for_the_year_reads_nothing() -> None:
    tied = (STUDIES_CITED[0], "One thing. [1] (ref. 9) Another. [2] (ref. 10)")
    assert resolve("which of those is the newest", [tied], STUDY_LEX).how != "superlative"


def test_reference_ranges_shown_in_an_answer_are_read_whole() -> None:
    from qa.conversation import _cited_refs
    lex = Lexicon(years={n: 2000 + n for n in range(1, 20)})
    assert _cited_refs("A. [1] (refs. 3-5) B. [2] (ref. 12) C. (refs. 1, 12)", lex) == \
        [3, 4, 5, 12, 1]


# -- what stays as it is ---------------------------------------------------------------------


@pytest.mark.parametrize("question", [
    "What is the role of exosomal PD-L1 in immunotherapy?",
    "Which miRNAs in Table 1 concern sorafenib?",
    "How many rows of Table 1 are circRNAs?",
    "What is circZFR's mechanism?",
    "Andrographolide and HCC: what is known?",  # starts with "And" but is no ellipsis
    "Does this review discuss radiotherapy?",
    "Which study showed that exosomes transfer circZFR?",
    "Which protein cargo in Table 1 was found in HCC patient sera?",
    "circZFR vs S100A10",  # a fragment naming two things of its own: a keyword question
])
def test_a_question_that_stands_alone_is_not_rewritten(question: str) -> None:
    out = resolve(question, [PREV_LENVATINIB], Lexicon(embed=_drug_embed))
    assert out.question == question and out.how == "standalone"
    assert out.prior == ()  # a topic switch gets no retrieval prior


@pytest.mark.parametrize("question", ["what is its mechanism?", "and lenvatinib?", ""])
def test_no_history_means_no_rewrite(question: str) -> None:
    assert standalone_question(question, None) == question
    assert standalone_question(question, []) == question


def test_a_follow_up_gets_the_last_answers_passages_as_a_prior() -> None:
    lex = Lexicon(cited=lambda text: ("sec-a/p1",) if "circPAK1" in text else ())
    out = resolve("how does it work?", [PREV_LENVATINIB], lex)
    assert out.prior == ("sec-a/p1",) and out.context


# -- the grammar check -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "which Table 1 rows are the the most recent?",
    "what is circPAK1's?",
    "and where do RNA come from?",
    "which of circZFR comes from fibroblasts the newest one?",
    "what did lou et al do with miR-122 their follow up work?",
    "circPAK1 mechanism",
    "which circRNAs drive resistance?, in vivo?",
])
def test_bad_rewrites_are_caught(text: str) -> None:
    assert rewrite_problems(text)


@pytest.mark.parametrize("text", [
    "what is circPAK1's mechanism?",
    "Which of the Table 1 rows in the earlier answer is the newest?",
    "besides causing resistance, what else could exosomes be used for?",
    "how does circPAK1 work?",
    "What does the review say about miR-21?",
])
def test_good_rewrites_pass(text: str) -> None:
    assert rewrite_problems(text) == []


def test_the_other_one_when_the_history_holds_the_questions_as_understood() -> None:
    # (python -m qa chat keeps each question as it was understood)
    history = [("tell me about circZFR and circPAK1", "circZFR ... [1] circPAK1 ... [2]"),
               ("which pathway does circPAK1 work through?", "YAP and Hippo. [1]")]
    assert standalone_question("and the other one?", history) == \
        "which pathway does circZFR work through?"


def test_those_two_after_a_table_list_are_its_rows() -> None:
    history = [("whats the oldest study in table 1?",
                "Table 1 lists 2 entries from 2014: circZFR (raises ABCG2) [1]; S100A10 [2]")]
    out = resolve("what kind of resistance did those two deal with?", history, TABLE_LEX)
    assert out.question == "what kind of resistance did circZFR and S100A10 deal with?"


def test_a_pronoun_after_a_noun_phrase_of_its_own_question_is_left() -> None:
    history = [("what do exosomal HMGB1 and 14-3-3ζ do", "HMGB1 expands TIM-1+ Bregs. [1]")]
    assert standalone_question("those breg cells, what cytokine do they make", history) == \
        "those breg cells, what cytokine do they make"


def test_a_name_paired_with_itself_is_caught() -> None:
    assert rewrite_problems("are circZFR and circZFR both from 2022?")


def test_only_what_the_rewrite_introduced_counts() -> None:
    from qa.conversation import introduced_problems

    asked = "circZFR and circPAK1 are both from 2022 right"  # the user's own phrasing
    assert rewrite_problems(asked) and introduced_problems(asked, asked) == []
    assert introduced_problems("and the newest?", "which rows are the the newest?")


def test_what_drug_is_it_linked_to_asks_of_a_name_not_a_drug() -> None:
    history = [("circZFR and circPAK1 are both from 2022 right",
                "circZFR [1] circPAK1 [2] cisplatin lenvatinib")]
    assert standalone_question("what drug is it linked to", history) == \
        "what drug is circPAK1 linked to"
    history.append(("what drug is it linked to", "lenvatinib [1]"))
    assert standalone_question("and circZFR?", history) == "what drug is circZFR linked to"


def test_the_first_of_listed_rows_is_the_earliest() -> None:
    out = resolve("which of the two came first?", [CISPLATIN_LIST], TABLE_LEX)
    assert out.how == "superlative" and out.scope == ("table1/row-01", "table1/row-02")
    assert out.question == "Which of the Table 1 rows in the earlier answer is the earliest?"


@pytest.mark.parametrize(("follow_up", "expected"), [
    ("what year?", "What year does the review give for circPAK1?"),
    ("which pathway?", "Which pathway does the review give for circPAK1?"),
    ("when?", "When was the circPAK1 study reported?"),
])
def test_a_bare_wh_fragment_asks_about_the_last_answers_thing(follow_up: str,
                                                             expected: str) -> None:
    out = resolve(follow_up, [PREV_LENVATINIB])
    assert out.question == expected and not rewrite_problems(out.question)


def test_ellipsis_does_not_put_a_noun_in_the_verbs_place() -> None:
    prev = ("Why does the review favor multi-target drugs?", "Single-target therapies ... [1]")
    embed = lambda w: np.array([1.0, 0.0]) if w.lower() in {"favor", "combos", "drugs"} \
        else np.array([0.0, 1.0])  # noqa: E731
    out = standalone_question("and combos?", [prev], embed=embed)
    assert "favor" in out and not rewrite_problems(out)


@pytest.mark.parametrize(("follow_up", "n", "word"), [
    ("which of the two studies is more recent?", 8, "latest"),
    ("which of the two was reported earlier?", 7, "earliest"),
])
def test_of_two_studies_cited_one_per_answer_the_comparative_picks_by_year(
        follow_up: str, n: int, word: str) -> None:
    history = [("which AMSC exosomes raise drug sensitivity?", "AMSC exosomes ... [1] (ref. 7)"),
               ("and siGRP78 ones?", "siGRP78 exosomes reverse resistance. [1] (ref. 8)")]
    out = resolve(follow_up, history, STUDY_LEX)
    assert out.question == f"What is reference {n} about?" and out.how == "superlative"
    assert f"the {word} is {STUDY_LEX.study_names[n]}" in out.note


def test_a_qualified_superlative_picks_among_the_studies_of_sentences_naming_it() -> None:
    # "of those ROR papers": the ROR sentences of every earlier answer, not only the
    # last answer's studies (which miss the first answer's 2015 study)
    history = [("what did Lou find about ROR?",
                "Lou et al. found ROR in exosomes. [1] (ref. 7) Other work on YAP. [2] (ref. 8)"),
               ("and adriamycin?", "ROR drives adriamycin resistance. [1] (ref. 9) "
                                   "ROR sponges a miRNA. [2] (ref. 10)")]
    out = resolve("of those ror papers which came first", history, STUDY_LEX)
    assert out.how == "superlative" and out.question == "What is reference 7 about?"
    assert "Li et al." not in out.note  # ref. 8 does not name ROR


def test_a_superlative_with_words_of_its_own_asks_anew() -> None:
    # "the first approved targeted drug + ICI combo" is a question of its own, not the
    # earliest of the studies the last answer cites
    out = resolve("and the first approved targeted drug + ici combo?", [STUDIES_CITED],
                  STUDY_LEX)
    assert out.how != "superlative"


def test_a_superlative_heading_a_noun_phrase_asks_anew_even_when_its_words_were_said(
) -> None:
    # the answer said "approved", "targeted drug" and "ICIs": still a question of its own
    said = ("which checkpoint inhibitors are approved?",
            "Several inhibitors (ICIs) are approved. [1] (ref. 7) A targeted drug and an "
            "immune inhibitor were combined. [2] (refs. 8, 9)")
    out = resolve("and the first approved targeted drug + ici combo?", [said], STUDY_LEX)
    assert out.how != "superlative"
    # a bare superlative still picks among the studies
    assert resolve("and the first one?", [said], STUDY_LEX).how == "superlative"


def test_they_after_an_answer_naming_things_of_the_kind_asked_are_those_things() -> None:
    history = [("which checkpoint inhibitors are approved for hcc?",
                "The combination of atezolizumab (a PD-L1 antibody) and bevacizumab (a VEGF "
                "antagonist) was approved. [1]")]
    assert standalone_question("what do they target?", history) == \
        "what do atezolizumab and bevacizumab target?"


def test_the_earlier_answers_studies_when_the_last_cites_one() -> None:
    history = [STUDIES_CITED, ("the siGRP78 one, what cells?", "BMMSCs. [1] (ref. 8)")]
    out = resolve("which of those was earliest", history, STUDY_LEX)
    assert out.question == "What is reference 7 about?"


def test_a_rewrite_without_a_verb_is_not_made() -> None:
    # a single-row answer gives nothing to be the earliest "of those"; "earliest of
    # cargo?" would be no question
    out = resolve("earliest of those?", [("which entries have no cargo?",
                                          "Table 1 lists circZFR (Year: 2022). [1]")], TABLE_LEX)
    assert out.question == "earliest of those?"


@pytest.mark.parametrize(("question", "expected"), [
    ("ok then, which chemo drugs does it say hcc becomes resistant to",
     "which chemo drugs does the review say hcc becomes resistant to"),
    ("what do they mention about cisplatin?", "what do the authors mention about cisplatin?"),
])
def test_the_subject_of_a_verb_of_saying_is_the_review(question: str, expected: str) -> None:
    # ("it" is no name of the conversation when "it says" something: the review does)
    out = resolve(question, [PREV_SORAFENIB])
    assert out.question == expected and not rewrite_problems(out.question)


def test_a_topic_put_first_is_what_its_pronoun_stands_for() -> None:
    history = [("mir-21 sorafenib autophagy link", "MiR-21 suppresses autophagy. [1] (ref. 20)")]
    for q in ("the acidic environment study, what did it find",
              "the acidic environment study - what did it find?"):
        assert standalone_question(q, history) == q


def test_a_described_study_is_not_replaced_by_the_last_name() -> None:
    # "that same study" is the last one; "the acidic environment study" says which itself
    history = [("how does circPAK1 work?", "Hao et al. found circPAK1 binds YAP. [1]")]
    assert resolve("when was the acidic environment study published?", history,
                   Lexicon()).how == "standalone"
    assert resolve("when was that same study published?", history,
                   Lexicon()).question == "when was the Hao et al. study published?"


def test_an_it_that_stands_for_nothing_is_left_and_the_next_one_resolved() -> None:
    out = resolve("so is it proven that it gets passed in exosomes?", [PREV_SORAFENIB])
    assert out.question == "is it proven that circRNA-SORE gets passed in exosomes?"


def test_an_aspect_phrase_may_take_the_last_parts_place() -> None:
    # "and on t cells?" after "X and stemness": one reading is X on T cells (the reading
    # whose evidence rates best is kept, in qa/assistant.py)
    out = resolve("and on t cells?", [("m2 macrophage exosomes and stemness",
                                        "miR-27a-3p promotes stemness. [1]")])
    readings = (out.question, *out.alternatives)
    assert "What does the review say about m2 macrophage exosomes on t cells?" in readings
    assert all(not rewrite_problems(r) for r in readings)


def test_a_narrowing_phrase_never_stands_in_for_a_word() -> None:
    lex = Lexicon(embed=lambda w: np.array([1.0, 0.0]))  # every word alike
    out = resolve("and in vivo?", [("how do exosomes cause sorafenib resistance",
                                     "Cargo is linked to sorafenib resistance. [1]")], lex)
    assert "exosomes" in out.question or "sorafenib" in out.question
    assert "how do in vivo" not in out.question


@pytest.mark.parametrize(("question", "expected"), [
    ("switching topic - what actually is EMT", "what actually is EMT"),
    ("ok, new question: what is TME?", "what is TME?"),
    ("ok different question: what's the cutoff", "what's the cutoff"),  # (no comma)
    ("ok what is EMT", "ok what is EMT"),  # (no words of a new topic after "ok")
    ("btw, what is PD-L1", "what is PD-L1"),
    ("btw what's the doi", "what's the doi"),  # (chat's own fillers need no comma)
    ("thanks! and lenvatinib?", "and lenvatinib?"),
    ("now, what about lenvatinib?", "what about lenvatinib?"),
    ("so is it proven?", "so is it proven?"),  # ("so" without a comma may ask)
    ("okay", "okay"),  # nothing left: the question as typed
])
def test_opening_words_that_ask_nothing_are_dropped(question: str, expected: str) -> None:
    assert without_discourse(question) == expected


def test_a_bare_plural_asks_which_of_those_the_topic_has() -> None:
    history = [("S100A10 role in chemoresistance",
                "Table 1 lists S100A10 (Functions: Enhance chemoresistance). [1]")]
    out = resolve("drugs?", history)
    assert out.question == "Which drugs does the review give for S100A10?"


@pytest.mark.parametrize("more", ["any others?", "anything else?", "what else?", "others?",
                                  "and are there other ones?"])
def test_any_others_asks_the_last_question_past_its_answer(more: str) -> None:
    history = [("mir-4669 as a biomarker?", "Exosomal miR-4669 predicts recurrence. [1]")]
    out = resolve(more, history)
    assert out.how == "more" and out.avoid == history[0][1]
    assert out.question == "Which others does the review give as a biomarker?"
    which = resolve(more, [("which exosomal circRNA drives lenvatinib resistance?",
                            "Exosomal circPAK1 drives it. [1]")])
    assert which.question == "which other exosomal circRNA drives lenvatinib resistance?"
    assert not rewrite_problems(out.question) and not rewrite_problems(which.question)


COMBO = ("first approved combo of targeted drug plus immunotherapy?",
         "The combination of Atezolizumab (a PD-L1 monoclonal antibody) and Bevacizumab "
         "(a VEGF antagonist) became the first approved combined therapy. [1]")


def test_which_one_of_those_takes_the_kind_the_choice_names() -> None:
    # the first question asked for no kind of thing; "the checkpoint antibody" names one
    out = resolve("which one of those is the checkpoint antibody", [COMBO])
    assert out.question == "which of Atezolizumab and Bevacizumab is the checkpoint antibody"


def test_the_other_one_inside_a_question_is_the_name_not_chosen() -> None:
    chose = ("which of Atezolizumab and Bevacizumab is the checkpoint antibody",
             "Of those, Atezolizumab: The combination of Atezolizumab (a PD-L1 monoclonal "
             "antibody) and Bevacizumab (a VEGF antagonist) ... [1]")
    out = resolve("and what does the other one block", [COMBO, chose])
    assert out.question == "what does Bevacizumab block"
    # (an answer choosing neither leaves "the other one" unread)
    neither = (chose[0], "Of those, the review does not say. [1]")
    assert resolve("and what does the other one block", [COMBO, neither]).question == \
        "and what does the other one block"


@pytest.mark.parametrize(("follow_up", "expected"), [
    ("paper for it?", "What paper does the review give for circZFR?"),
    ("journal?", "What journal does the review give for the circZFR study?"),
    ("the mechanism behind that?", "What mechanism does the review give for circZFR?"),
])
def test_a_bare_noun_asks_that_thing_of_the_topic(follow_up: str, expected: str) -> None:
    prev = ("which table 1 circRNA is tied to cisplatin",
            "Table 1 lists circZFR (Functions: Enhance cisplatin (DDP) resistance). [1]")
    assert resolve(follow_up, [prev], TABLE_LEX).question == expected


def test_a_bare_those_is_the_plural_the_last_question_asked_about() -> None:
    prev = ("strategies to target exosomes to beat resistance",
            "Targeting exosomes emerges as a promising strategy. [1]")
    out = resolve("what are the limitations of those", [prev])
    assert out.question == "what are the limitations of those strategies"


@pytest.mark.parametrize(("follow_up", "expected"), [
    ("who were the authors", "who were the authors of the circPAK1 study"),
    ("what journal was it in", "what journal was the circPAK1 study in"),
])
def test_a_literature_follow_up_asks_of_the_study_of_the_name(follow_up: str,
                                                             expected: str) -> None:
    prev = ("how does circPAK1 cause lenvatinib resistance",
            "Hao et al. reported that exosomes transfer circPAK1. [1]")
    assert resolve(follow_up, [prev], TABLE_LEX).question == expected


@pytest.mark.parametrize(("follow_up", "expected"), [
    ("how was that shown", "how was that shown for S100A10?"),
    ("has this been tested in animals?", "has this been tested in animals for S100A10?"),
])
def test_that_of_a_claim_is_asked_of_the_last_topic(follow_up: str, expected: str) -> None:
    prev = ("what does S100A10 do",
            "S100A10-enriched exosomes promote the stemness of HCC cells. [1]")
    assert resolve(follow_up, [prev], TABLE_LEX).question == expected


def test_a_short_question_naming_nothing_may_go_on_with_the_last_topic() -> None:
    prev = ("how do hcc cells resist cisplatin via exosomes",
            "Exosomes from HepG2 cells upregulate P-gp. [1]")
    out = resolve("which transporter is involved", [prev])
    assert out.question == "which transporter is involved"  # as asked, first
    assert out.alternatives == ("which transporter is involved, for cisplatin?",)
    # a question about the review itself, or with words of its own, is no continuation
    for question in ("what analogy does the review use?",
                     "which cells secrete exosomes in the tumour microenvironment",
                     # (nor one saying it asks in general)
                     "how do exosomes get into cells anyway",
                     "which transporter is involved in general?"):
        assert resolve(question, [prev]).alternatives == ()


def test_a_short_question_naming_the_last_topic_already_is_not_asked_for_it_again() -> None:
    prev = ("what does Nanog expression do?",
            "These exosomes could induce Nanog expression in their progenies. [1]")
    # ("Nanog's" is no name by its shape, but the topic's own word)
    assert resolve("what's Nanog's molecular weight", [prev]).alternatives == ()
    assert resolve("what's its molecular weight", [prev]).question \
        != "what's its molecular weight"


def test_a_page_range_in_a_reference_names_nothing() -> None:
    names = [m.text for m in mentions("Oncotarget 2017;8:57707-22. circPAK1 binds YAP",
                                      Lexicon())]
    assert "57707-22" not in names and "circPAK1" in names


def test_those_before_a_noun_of_no_kind_keeps_the_question_and_the_last_passages() -> None:
    prev = ("strategies to target exosomes", "Targeting exosomes is promising. [1]")
    out = resolve("the main obstacles for those strategies?", [prev])
    assert out.how == "reference" and out.question == "the main obstacles for those strategies?"
    # "that" opening a clause is no demonstrative
    assert resolve("is it proven that exosomes carry pumps?", [prev]).how == "standalone"


def test_that_one_asked_for_a_year_is_the_study_the_last_answer_told_of() -> None:
    prev = ("what makes cells release miR-21 in exosomes",
            "Furthermore, in 2019, Tian et al. discovered that the acidic microenvironment "
            "induces the release of miR-21-enriched exosomes. [1]")
    out = resolve("what year was that one", [prev], TABLE_LEX)
    assert out.question == "what year was the Tian et al. study"


def test_the_first_one_after_a_list_is_the_row_at_that_place() -> None:
    listed = ("which table 1 entries concern cisplatin?", CISPLATIN_LIST[1])
    out = resolve("what does the first one do?", [listed], TABLE_LEX)
    assert out.question == "what does circZFR do?" and out.chosen == "circZFR"
    # ... and "and the last one?" a turn later asks that question of the last row
    first = ("what does circZFR do?", "circZFR enhances cisplatin resistance. [1]")
    later = resolve("and the last one?", [listed, first], TABLE_LEX)
    assert later.question == "what does S100A10 do?"


def test_the_one_of_a_kind_after_a_list_is_the_lists_one_row_of_that_kind() -> None:
    listed = ("which table 1 entries concern cisplatin?",
              "Table 1 lists 3 entries: circZFR (Functions: Enhance cisplatin resistance) [1]; "
              "S100A10 (Functions: Promote resistance to cisplatin) [2]; miR-21 (Functions: "
              "Cisplatin resistance) [3]")
    out = resolve("the mirna one, what does it target?", [listed], TABLE_LEX)
    assert out.question == "what does miR-21 target?" and out.chosen == "miR-21"
    assert resolve("what does the mirna one target?", [listed],
                   TABLE_LEX).question == "what does miR-21 target?"
    # ... and "and the circrna?" a turn later asks that question of the list's circRNA
    then = ("what does miR-21 target?", "miR-21 targets PTEN. [1]")
    later = resolve("and the circrna?", [listed, then], TABLE_LEX)
    assert later.question == "what does circZFR target?"
    # (a kind the list holds twice, or not at all, picks none)
    two = ("which table 1 entries are circRNAs?",
           "Table 1 lists 2 entries: circZFR (Functions: x) [1]; circPAK1 (Functions: y) [2]")
    assert resolve("the circrna one, what does it target?", [two], TABLE_LEX).chosen \
        not in {"circZFR", "circPAK1"}


@pytest.mark.parametrize("follow_up", ["any other strategy besides that",
                                       "those exosomes - used to deliver anything else?"])
def test_anything_else_inside_a_question_asks_past_the_last_answer(follow_up: str) -> None:
    prev = ("why push multi-target drugs", "Multi-target drugs work longer. [1]")
    out = resolve(follow_up, [prev])
    assert out.how == "more" and out.avoid == prev[1]


def test_that_noun_asked_for_before_is_the_one_name_its_answer_gave() -> None:
    asked = ("which protein do S100A10 exosomes activate?",
             "S100A10 exosomes activate EGFR signaling in tumour cells. [1]")
    out = resolve("what does that protein do in resistance", [asked], TABLE_LEX)
    assert out.question == "what does EGFR do in resistance"
    # ... so is a noun of no kind ("enzyme"); an answer giving two new names leaves it
    enzyme = ("what enzyme does circTMEM181 raise?", "circTMEM181 raises CD39. [1]")
    assert resolve("what does that enzyme make", [enzyme],
                   TABLE_LEX).question == "what does CD39 make"
    two = (enzyme[0], "circTMEM181 sponges miR-488-3p, raising CD39. [1]")
    assert resolve("what does that enzyme make", [two],
                   TABLE_LEX).question == "what does that enzyme make"


def test_a_prepositional_wh_fragment_narrows_the_last_question() -> None:
    prev = ("what enzyme does circTMEM181 raise", "circTMEM181 raises CD39. [1]")
    assert resolve("in which cells", [prev], TABLE_LEX).question == \
        "what enzyme does circTMEM181 raise, in which cells?"


def test_the_authors_speaking_are_the_review_s_own() -> None:
    prev = ("is there an fda-approved exosome test for hcc",
            "Sorafenib, the first FDA-approved TKI, inhibits angiogenesis. [1]")
    question = "what do the authors say is still needed before exosomal biomarkers reach the clinic"
    assert resolve(question, [prev], TABLE_LEX).question == question


def test_their_after_a_question_framed_by_roles_is_its_subject_in_the_plural_possessive() -> None:
    prev = ("what clinical roles could exosomes have in hcc therapy resistance",
            "The review discusses exosomes as biomarkers and therapeutic targets. [1]")
    out = resolve("which of their cargos look most promising as markers", [prev])
    assert out.question == "which of exosomes' cargos look most promising as markers"


@pytest.mark.parametrize(("question", "switches"), [
    ("unrelated, what did they use to make the figures", True),
    ("new question: who funded it", True),
    ("switching topics - what is EMT", True),
    ("ok so what did they use", False),
    ("what about unrelated cancers", False),
])
def test_a_question_saying_it_starts_anew(question: str, switches: bool) -> None:
    assert switches_topic(question) is switches


def test_an_irregular_past_verb_is_no_topic_for_it() -> None:
    history = [("who wrote this review", "Wrote the manuscript: Wang J, Yang Y [1]")]
    assert standalone_question("who initiated it?", history) == "who initiated it?"


def test_they_who_checked_are_the_researchers_of_no_topic_word_study() -> None:
    history = [("did they have any conflicts of interest",
                "All authors declared that there are no conflicts of interest. [1]")]
    assert standalone_question("did they check those proteins in patient serum", history) \
        == "did the researchers check those proteins in patient serum"


def test_that_noun_after_a_question_on_one_name_is_also_read_as_that_name_s() -> None:
    prev = ("any crispr approach for circPAK1",
            "Engineered exosomes carrying sgRNAs/Cas9 targeting circPAK1 were developed. [1]")
    out = resolve("which cell population did that approach suppress", [prev], TABLE_LEX)
    assert out.question == "which cell population did that approach suppress"
    assert out.alternatives == ("which cell population did the circPAK1 approach suppress",)


def test_is_that_linked_to_asks_of_the_last_topic_s_noun_phrase() -> None:
    prev = ("what do exosomes from highly metastatic hcc cells do",
            "Exosomes derived from highly metastatic HCC cells induce EMT. [1]")
    out = resolve("is that directly linked to drug resistance?", [prev])
    assert out.question.startswith("is that directly linked to drug resistance for highly "
                                   "metastatic hcc cells"), out.question


def test_the_newest_of_many_cited_studies_is_told_without_every_other() -> None:
    from qa.conversation import _superlative_study
    lex = Lexicon(years={n: 2010 + n for n in range(1, 9)},
                  study_names={n: f"Author{n} et al." for n in range(1, 9)})
    many = " ".join(f"Claim {n}. [{n}] (ref. {n})" for n in range(1, 9))
    out = _superlative_study("most recent", many, lex)
    assert out is not None and out.question == "What is reference 8 about?"
    assert out.told.endswith("Author8 et al. (2018; ref. 8), of 8.")
    few = _superlative_study("earliest", "A. [1] (ref. 2) B. [2] (ref. 3)", lex)
    assert few is not None and few.told.endswith("the others: Author3 et al. (2013).")


def test_a_name_is_not_swapped_into_a_question_on_one_study() -> None:
    # "what did Shi et al. find about chloroquine?" asks of that study's own drug:
    # "bevacizumab?" after it is asked anew, not of Shi et al.'s study
    history = [("What did Shi et al. find about chloroquine?", "Chloroquine helps [1] (ref. 84)")]
    out = resolve("bevacizumab?", history)
    assert "Shi" not in out.question and "bevacizumab" in out.question


def test_it_after_a_choice_is_the_name_chosen() -> None:
    # "which of A and B ...?" answered "Of those, A: ..." -> "it" is A, not the later B
    history = [("Which of pIgR and S100A10 came from patient sera?",
                "Of those, pIgR: Table 1 lists pIgR (Origin of exosome: HCC patient sera). [1]")]
    out = resolve("what pathway does it activate?", history)
    assert out.question == "what pathway does pIgR activate?"


def test_an_rna_class_prefix_before_a_capitalised_name_is_part_of_it() -> None:
    # "linc-ror" typed, read as "Linc-ROR": "it" after it is Linc-ROR, not the fragment ROR
    assert [m.text for m in mentions("what does Linc-ROR do", Lexicon())] == ["Linc-ROR"]
    assert [m.text for m in mentions("circ-SORE and miR-21", Lexicon())] == ["circ-SORE", "miR-21"]


def test_a_topic_of_words_apart_is_the_phrase_one_opens_not_the_words_glued() -> None:
    history = [("how common is hcc among primary liver cancers",
                "HCC, accounting for approximately 75% to 85% of primary liver cancers. [1]")]
    out = resolve("and the overall survival rate?", history, Lexicon())
    assert out.question == ("What does the review say about the overall survival rate for "
                            "primary liver cancers?")
    assert not rewrite_problems(out.question)


def test_which_one_after_a_question_about_a_kind_is_one_of_that_kind() -> None:
    history = [("what are lncRNAs?", "lncRNAs are long transcripts that encode no protein. [1]")]
    out = resolve("which one drives cisplatin resistance?", history, Lexicon())
    assert out.question == "which lncRNA drives cisplatin resistance?"
    assert not rewrite_problems(out.question)


@pytest.mark.parametrize(("follow_up", "what"), [
    ("and the other HBV one?", "HBV"),
    ("any other autophagy studies?", "autophagy"),
])
def test_the_other_one_so_marked_is_asked_past_the_last_answer(follow_up: str,
                                                               what: str) -> None:
    prev = ("hbv liver cancer exosomes and chemo",
            "Wei et al. identified that exosomal miR-135a-5p derived from HCC with HBV "
            "infection promotes resistance to doxorubicin. [1]")
    out = resolve(follow_up, [prev])
    assert out.question == f"What else does the review say about {what}?"
    assert out.avoid == prev[1]
    # "the other one" alone is the other of a pair, not this
    assert resolve("and the other one?", [prev]).avoid != prev[1]


def test_they_after_an_answer_listing_table_rows_are_those_rows() -> None:
    out = resolve("are they all from tumour cells", [CISPLATIN_LIST], TABLE_LEX)
    assert out.question == "are circZFR and S100A10 all from tumour cells"


@pytest.mark.parametrize(("prev", "follow_up", "expected"), [
    # the first "it" is the sentence's dummy subject; the second is circUHRF1
    (("how do exosomes tire out nk cells",
      "Exosomal circUHRF1 inhibits NK cells, suppressing IFN-γ. [1]"),
     "is it known how it causes anti pd1 resistance",
     "is it known how circUHRF1 causes anti pd1 resistance"),
    # what is called a drug is the drug, not its trial number
    (("nct number for lenvatinib",
      "Notably, Lenvatinib was approved by the FDA in 2018 (NCT01761266). [1]"),
     "is it a single target drug", "is lenvatinib a single target drug"),
    # the last question named nothing; its answer named Shi et al. by their year (the
    # review cites two Shi et al.): "it" is that study
    (("earliest autophagy study they cite",
      "Of the studies the earlier answers cite, the earliest is Shi et al. (2011; ref. 84); "
      "the others: Wu et al. (2021). As early as 2011, Ying-Hong Shi and colleagues "
      "reported that inhibiting autophagy enhanced cell death in sorafenib-treated HCC "
      "cells. [1]"),
     "which journal was it in", "which journal was the Shi et al. (2011) study in"),
])
def test_it_is_read_as_the_name_the_question_s_words_fit(
        prev: tuple[str, str], follow_up: str, expected: str) -> None:
    out = resolve(follow_up, [prev], Lexicon(institutions=frozenset({"FDA"})))
    assert out.question == expected


def test_a_two_letter_abbreviation_is_a_topic_a_short_follow_up_may_go_on_with() -> None:
    history = [("how do tumour exosomes tire out NK cells",
                "Exosomal circUHRF1 inhibits NK cells. [1]")]
    out = resolve("which cytokines drop", history, Lexicon())
    assert out.alternatives == ("which cytokines drop, for NK cells?",)


@pytest.mark.parametrize(("text", "ok"), [
    ("what's a biomarker", True),  # (the verb in a contraction)
    ("who's the author", True),
    ("a biomarker", False),
])
def test_a_rewrite_needs_a_verb_a_contraction_counts(text: str, ok: bool) -> None:
    assert ("has no verb" not in rewrite_problems(text)) is ok


def test_a_possessive_qualifies_nothing_by_its_s() -> None:
    # "what year was the follow-up" after "... Lou et al.'s follow-up study?" was read
    # as "what year was the s follow-up"
    from qa.conversation import _qualified

    assert _qualified("follow-up", "What does the review say about Lou et al.'s "
                                   "follow-up study?") == []
    assert _qualified("inhibitors", "Immune checkpoint inhibitors (ICIs) can block") == [
        "immune checkpoint inhibitors"]


def test_that_noun_the_last_question_asked_of_a_name_is_that_names() -> None:
    # "which drug targets that mutation" had stayed as asked (the PIK3CA reading only a
    # second one) and got RB1 mutations
    history = [("how common are PIK3CA mutations in hr+ breast cancer",
                "Activating mutations in PIK3CA, which encodes the p110 alpha catalytic "
                "subunit of PI3K, are present in about 40% of HR+ breast cancers. [1]")]
    out = resolve("which drug targets that mutation", history)
    assert out.question == "which drug targets the PIK3CA mutation"
    assert out.how == "reference"


def test_the_earliest_approved_of_two_drugs_is_their_approvals_order() -> None:
    # "the earliest approved of the two?" had been read as the earliest study the last
    # answer cites ("What is reference 18 about?")
    history = [("why is sorafenib such a big deal for hcc",
                "FDA approved Sorafenib as the first-line molecularly targeted therapy for "
                "advanced HCC in 2008. [1]"),
               ("what about lenvatinib?", "Lenvatinib is another first-line molecular "
                "targeted drug approved by the FDA in 2018. [1] (ref. 18)")]
    out = resolve("the earliest approved of the two?", history)
    assert out.question == "Which of sorafenib and lenvatinib was approved earliest?"


def test_ones_in_a_fragment_are_the_last_topics_things() -> None:
    # "approved ones for hcc?" after "what are ICIs" had been "What does the review say
    # about approved ones for HCC?"
    history = [("what are ICIs", "Immune checkpoint inhibitors (ICIs) can block the "
                "interactions between checkpoint molecules and their ligands. [1]")]
    out = resolve("approved ones for hcc?", history)
    assert out.question == "What does the review say about approved ICIs for hcc?"
    # ... but a name of its own says which ones
    history = [("mir-122 msc exosomes hcc", "Lou et al. revealed that miR-122 could be "
                "packaged into exosomes. [1]")]
    assert resolve("and the mir-199a ones", history).question == "mir-199a msc exosomes hcc"


def test_a_superlative_swapped_in_replaces_the_graded_word_whole() -> None:
    # "and the earliest?" after "which one was published most recently": not "most
    # earliest"
    def embed(text: str) -> np.ndarray:
        dates = {"recently", "earliest", "recent", "latest"}
        return np.array([1.0, 0.0]) if text.lower() in dates else np.array([0.0, 1.0])

    history = [("which trial was published most recently",
                "KESTREL was published in 2023. [1] (ref. 8)")]
    out = resolve("and the earliest?", history, Lexicon(embed=embed))
    assert out.question == "which trial was published earliest", out.question
    assert rewrite_problems("which one was published most earliest") == [
        "a superlative graded twice"]


def test_a_contraction_is_no_dangling_possessive() -> None:
    assert rewrite_problems("what's the most recent study in table 1?") == []
    assert rewrite_problems("what is the drug's?") != []


def test_the_opposite_date_superlative_reads_the_question_before_the_last() -> None:
    # "and the most recent one?" after the earliest study and a question about it
    history = [("what's the earliest study in table 1?",
                "Table 1 lists EVs (whole population) (Year: 2014). [1] (ref. 40)"),
               ("what control showed the effect depended on EV release?",
                "Sorensen et al. showed that EVs from T98G cells carried MGMT. [1] (ref. 35)")]
    out = resolve("and the most recent one?", history)
    assert out.question == "what's the most recent study in table 1?"
    # ... but not one asked of an earlier answer's rows, which the superlative step scopes
    history = [("which circrnas are in table 1", "Table 1 lists 3 circRNAs: circNOLC1 [1]; "
                "CDR1as [2]; circMYBL2 [3]."),
               ("the most recent one?", "Table 1 lists circMYBL2 (Year: 2024). [1]")]
    assert "table 1?" not in resolve("and the earliest?", history).question.lower()


def test_a_drug_named_by_its_stem_takes_the_place_of_the_last_questions_drug() -> None:
    # "-terone" (abiraterone) is an antiandrogen's name stem, as "-lutamide" is
    history = [("does enzalutamide change how many EVs LNCaP cells release?",
                "Enzalutamide at 10 μM increased release 1.7-fold. [1]")]
    out = resolve("abiraterone?", history)
    assert out.question == "does abiraterone change how many EVs LNCaP cells release?"


def test_it_is_the_thing_of_the_kind_a_there_is_question_asked_for() -> None:
    history = [("is there an EV circRNA that drives abiraterone resistance?",
                "Park et al. studied abiraterone-resistant VCaP cells (VCaP/AbiR) and "
                "reported that their EVs were enriched in circHIPK3. [1] EV-delivered "
                "circHIPK3 sponged miR-338-3p in recipient VCaP and LNCaP cells. [1]")]
    assert resolve("what does it sponge?", history).question == "what does circHIPK3 sponge?"


def test_who_were_the_authors_after_an_answer_citing_a_study_asks_of_that_study() -> None:
    history = [("was GPX4 tested in vivo?",
                "Yes. Table 1 lists GPX4 (Evidence level: In vitro and in vivo). [1] (ref. 39)")]
    out = resolve("who were the authors?", history)
    assert out.question == "who were the authors of the GPX4 study?"
    # ("the authors" doing something are the review's own, as before)
    said = "what do the authors compare GPX4 to?"
    assert resolve(said, history).question == said
