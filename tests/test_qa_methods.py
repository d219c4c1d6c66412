"""qa/methods.py: which questions ask for a detail of a study's methods, and what names it."""

from __future__ import annotations

import pytest

from qa.methods import method_asked


@pytest.mark.parametrize(("question", "what", "kind"), [
    ("which hcc cell lines did Hao et al use", "cell lines", "cell"),
    ("what mouse model did they use?", "mouse model", "animal"),
    ("Which mouse strain was used in vivo?", "mouse strain", "strain"),
    ("which strain of the bacterium was given?", "strain", "animal"),
    ("which sequencing platform did they use", "sequencing platform", "platform"),
    ("Which company supplies the GW4869?", "company", "supplier"),
    ("what was the editing efficiency", "editing efficiency", "efficiency"),
    ("What is the seed sequence of miR-493-5p?", "seed sequence", "sequence"),
    ("which purification method did they use for the serum vesicles", "purification method",
     "isolation"),
    ("what qPCR machine was used", "machine", "instrument"),
    ("which brand of ultracentrifuge rotor did the lab use", "brand", "instrument"),
    ("which size-exclusion columns did they use?", "size-exclusion columns", "instrument"),
    ("what reporter construct did they transfect?", "reporter construct", "reporter"),
])
def test_a_method_detail_is_read_from_the_question(question: str, what: str, kind: str) -> None:
    asked = method_asked(question)
    assert asked is not None and (asked.what, asked.kind) == (what, kind)


@pytest.mark.parametrize("question", [
    "what line of therapy is regorafenib?",          # a line of treatment, not a cell line
    "What models do they suggest for future work?",  # models of any kind
    "which drugs did they test?",
    "which columns does table 1 have",               # the table's columns
])
def test_other_questions_ask_no_method_detail(question: str) -> None:
    assert method_asked(question) is None


@pytest.mark.parametrize(("question", "text", "given"), [
    ("which cell line", "exosomes from cisplatin-resistant HepG2 cells", True),
    ("which cell line", "exosomes from MCF-7/TamR cells", True),
    ("which cell line", "Origin of exosome: HCC cells", False),
    ("which cell line", "CD8+ T cells", False),
    ("what mouse model", "in humanized NSG mice engrafted with PBMCs", True),
    ("what mouse model", "Study type: In vitro and in vivo", False),
    # (a strain is a named kind of mice: "in mice" or "mouse studies" names none)
    ("what mouse strain", "in humanized NSG mice engrafted with PBMCs", True),
    ("what mouse strain", "in nude mice bearing xenografts", True),
    ("what mouse strain", "The first evidence came from mouse studies in mice", False),
    ("what seed sequence", "its seed region UGCUGCA pairs with", True),
    ("which isolation method", "EVs isolated by differential ultracentrifugation", True),
    ("which isolation method", "Reports should specify the isolation method", False),
    ("what reporter", "a luciferase reporter assay showed", True),
    ("what reporter", "EpCAM-positive EVs were captured", False),
])
def test_what_names_a_method_detail(question: str, text: str, given: bool) -> None:
    asked = method_asked(question)
    assert asked is not None and asked.given_by(text) is given
