"""qa/members.py: which questions ask for the names of a kind's members, and which
sentences name one rather than speaking of the kind."""

from __future__ import annotations

import pytest

from qa.members import members_asked, names_members


@pytest.mark.parametrize(("question", "phrase", "names"), [
    ("name the non-anticoagulant heparin derivatives being developed",
     "non-anticoagulant heparin derivatives", "the names of the non-anticoagulant heparin derivatives"),
    ("which specific oncogenic fusions cause resistance after osimertinib", "oncogenic fusions",
     "the names of the oncogenic fusions"),
    ("what's the name of the commercial urine EV test for high-grade prostate cancer?",
     "commercial urine EV test", "the name of the commercial urine EV test"),
    ("what's the exact sequence motif hnRNPA2B1 recognizes?", "sequence motif",
     "the name of the sequence motif"),
    ("which 21 species make up the score?", "species", "the names of the species"),
    ("name every lncRNA linked to EV-mediated resistance", "lncRNA", "the name of the lncRNA"),
])
def test_a_question_asking_for_names_is_read(question: str, phrase: str, names: str) -> None:
    asked = members_asked(question)
    assert asked is not None and asked.phrase == phrase and asked.names == names


@pytest.mark.parametrize("question", [
    "which oncogenic fusions cause resistance?",  # (no names asked in so many words)
    "What is the full name of pIgR?",             # a name's long form
    "name one of them",                           # a follow-up: the conversation reads it
    "what is the name",
    "what are the 4 challenges listed at the end?",  # a list asked, not names
    "name the mechanisms behind radioresistance",    # described, not named
])
def test_other_questions_ask_for_no_names(question: str) -> None:
    assert members_asked(question) is None


@pytest.mark.parametrize(("sentence", "named"), [
    ("but non-anticoagulant derivatives are in development for other indications", False),
    ("examples include a consortium of 9 bacterial strains isolated from healthy donors", False),
    # (a name a comma away names what comes before it: "termed the IMI" names the score)
    ("a score comprising 21 species, termed the immunotherapy microbiome index (IMI)", False),
    ("followed by HER2 amplification (2% to 5%), oncogenic fusions and mutations", False),
    ("ABC transporters such as P-gp, ABCG2 and MRP1 pump drugs out", True),
    ("the derivatives: roneparstat and necuparanib", True),
    ("the BRCA1 and BRCA2 genes", True),
    ("Exosomes carry proteins and nucleic acids.", None),  # (not the kind asked)
])
def test_what_names_a_member(sentence: str, named: bool | None) -> None:
    kinds = {"derivatives": "name the derivatives", "strains": "name the 9 strains",
             "species": "which 21 species", "fusions": "which specific fusions",
             "transporters": "name the transporters", "genes": "name the genes"}
    question = next((q for k, q in kinds.items() if k in sentence), "name the derivatives")
    asked = members_asked(question)
    assert asked is not None
    assert names_members(sentence, asked, set(question.lower().split())) is named
