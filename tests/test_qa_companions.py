"""Companion passages (a table row and the text discussing the same primary study) and
the definition forms of the extractive answerer: the real review's passages, no model."""

from __future__ import annotations

import pytest

from qa.assistant import rerank_by_citations
from qa.companions import Companions
from qa.extractive import _DEF_RE, _describes_subject, _names_class
from qa.types import Retrieved
from qa.vocabulary import SpellingVariants
from source import build_passages, load_review
from source.model import Passage


@pytest.fixture(scope="module")
def passages() -> list[Passage]:
    return build_passages(load_review())


@pytest.fixture(scope="module")
def companions(passages: list[Passage]) -> Companions:
    variants = SpellingVariants(p.text for p in passages)
    return Companions(passages, lambda p: p.cells.get("Exosomal contents", ""),
                      variants.canonical)


def row(passages: list[Passage], label: str) -> Passage:
    return next(p for p in passages if p.kind == "table_row"
                and p.cells.get("Exosomal contents") == label)


def test_a_row_s_companion_cites_its_reference_and_names_it(
        passages: list[Passage], companions: Companions) -> None:
    pak1 = row(passages, "circPAK1")
    found = companions.of_row(pak1)
    assert found, "circPAK1's study is discussed in the text"
    assert set(found[0].refs) & set(pak1.refs)
    assert "circPAK1" in found[0].text
    assert all(p.kind != "table_row" for p in found)


def test_the_passage_naming_the_label_comes_before_one_that_only_cites_it(
        passages: list[Passage], companions: Companions) -> None:
    uhrf1 = row(passages, "circUHRF1")
    sharing = [p for p in passages if p.kind != "table_row" and set(p.refs) & set(uhrf1.refs)]
    assert len(sharing) >= 2 and not all("circUHRF1" in p.text for p in sharing)
    assert "circUHRF1" in companions.of_row(uhrf1)[0].text


def test_rows_in_finds_the_rows_a_text_names_even_in_another_spelling(
        passages: list[Passage], companions: Companions) -> None:
    quote = "Neutralizing antibodies that target exosomal S100A10 or pIgR"
    labels = {p.cells["Exosomal contents"] for p in companions.rows_in(quote)}
    assert labels == {"S100A10", "plgR"}  # the table spells pIgR with a lower-case l


def test_a_label_several_rows_share_is_no_name(
        passages: list[Passage], companions: Companions) -> None:
    shared = [p for p in passages if p.cells.get("Exosomal contents") == "exosomes"]
    assert len(shared) > 1
    assert not set(companions.rows_in("exosomes mediate resistance")) & set(shared)


def test_companions_take_turns_and_skip_the_cited(
        passages: list[Passage], companions: Companions) -> None:
    rows = [row(passages, name) for name in ("circUHRF1", "circCCAR1")]
    out = companions.of_cited(rows)
    firsts = [companions.of_row(r)[0] for r in rows]
    assert out[0] == firsts[0]
    # circCCAR1's first companion comes before circUHRF1's second (unless they coincide)
    assert firsts[1] in out[:2] or firsts[1] == firsts[0]
    assert not {p.id for p in out} & {r.id for r in rows}
    assert len({p.id for p in out}) == len(out)


def test_rerank_lists_companions_after_the_cited() -> None:
    ps = [Passage(f"p{i}", "paragraph", "t", ("S",), i) for i in range(6)]
    got = [Retrieved(p, score=1.0 - i / 10) for i, p in enumerate(ps[:5])]
    out = rerank_by_citations(got, [ps[3]], [ps[5], ps[3], ps[0]])
    assert [r.passage.id for r in out] == ["p3", "p5", "p0", "p1", "p2"]  # still 5
    scores = [r.score for r in out]
    assert scores == sorted(scores, reverse=True)


# -- definition questions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What are exosomes?", "exosomes"),
        ("How does the review describe exosomes?", "exosomes"),
        ("How does the article characterise MDR?", "MDR"),
        ("Define sorafenib.", "sorafenib"),
        ("Explain EMT", "EMT"),
    ],
)
def test_definition_questions_name_their_subject(question: str, subject: str) -> None:
    m = _DEF_RE.match(question)
    assert m is not None and m.group(1) == subject


def test_a_these_sentence_describes_the_subject_the_one_before_made_a_subject() -> None:
    before = "Evidence shows that exosomes, which are secreted by cells in the TME, matter."
    assert _describes_subject("exosomes", before, "These nano-sized vesicles carry RNA.")
    # number must agree, and "This review ..." speaks of the review, not the subject
    assert not _describes_subject("exosomes", before, "This vesicle carries RNA.")
    assert not _describes_subject("exosomes", before, "These findings show much.")
    # a subject named only inside another phrase is not what "These ..." goes on about
    assert not _describes_subject(
        "tumor microenvironment", "cells in the tumor microenvironment (TME), are key.",
        "These nano-sized vesicles carry RNA.")


@pytest.mark.parametrize(
    ("sentence", "says"),
    [
        ("Sorafenib, the first FDA-approved multiple-target TKI, inhibits growth.", True),
        ("EMT is a biological process characterized by the loss of features.", True),
        ("MDR (multidrug resistance) is one of the obstacles.", True),
        ("Exosomes represent a significant environmental stressor for cells.", False),
        ("Sorafenib resistance is common.", False),
    ],
)
def test_a_sentence_saying_what_kind_of_thing_the_subject_is(sentence: str, says: bool) -> None:
    subject = sentence.split()[0].rstrip(",").lower()
    assert _names_class(subject, sentence) is says


# -- everyday words are not names the review lacks ---------------------------------------


@pytest.mark.parametrize(
    ("word", "stem"),
    [("cripples", "cripple"), ("mopping", "mop"), ("irradiating", "irradiate"),
     ("studies", "study"), ("couriers", "courier")],
)
def test_stems_undo_inflections(word: str, stem: str) -> None:
    from qa.english import stems

    assert stem in stems(word)


def test_dictionary_words_are_everyday_and_drug_names_are_not() -> None:
    from qa.english import is_everyday

    for word in ("cripples", "couriers", "mopping", "medicines", "liken"):
        assert is_everyday(word), word
    for word in ("cabozantinib", "pembrolizumab", "ferroptosis", "gw4869", "IMbrave150",
                 "chemoembolisation", "tremelimumab"):
        assert not is_everyday(word), word


def test_an_everyday_word_the_review_lacks_does_not_stop_the_answer(
        passages: list[Passage]) -> None:
    from qa.extractive import unknown_technical_words
    from qa.terms import TermStats

    stats = TermStats(p.text for p in passages)

    def technical(w: str) -> bool:  # as the assistant's is: many pieces look technical
        return len(w) >= 8

    q = "Which enzyme does it raise, as the adenosine build-up cripples cabozantinib uptake?"
    assert unknown_technical_words(q, stats, technical) == ["cabozantinib"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [("which NK-derived cytokines end up secreted less?", {"cytokine"}),
     ("Which exosomal proteins were found?", {"protein"}),
     ("which miRNA does it sponge", {"mirna"})],
)
def test_the_kind_asked_for_is_the_head_noun(text: str, kinds: set[str]) -> None:
    from qa.extractive import _asked_kinds

    assert _asked_kinds(text) == kinds


@pytest.mark.parametrize(
    ("ask", "refers"),
    [("which effector does that circRNA act on?", True), ("what is the role of that drug", True),
     ("which protein that binds YAP?", False), ("the one that is listed", False),
     ("what happened when it was knocked down?", True)],
)
def test_a_demonstrative_that_refers_back_but_a_relative_that_does_not(
        ask: str, refers: bool) -> None:
    from qa.extractive import _PRONOUN_RE

    assert bool(_PRONOUN_RE.search(ask)) is refers


# -- "rather than", "other than": negated table values ------------------------------------


def test_a_value_after_rather_than_is_excluded_as_a_whole(passages: list[Passage]) -> None:
    from qa.tables import TableQA

    plan = TableQA(passages, lambda w: len(w) >= 9).plan(
        "Which Table 1 rows have an origin other than HCC cells?")
    assert plan is not None
    origins = {p.cells["Origin of exosome"] for p in plan.rows}
    assert not any("HCC cells" in o for o in origins)
    # "HCC" is excluded with "cells", not "cells" alone: stem cells stay
    assert "Adipose tissue-derived mesenchymal stem cells" in origins
    assert "M2 macrophage" in origins


def test_immune_cells_rather_than_hcc_cells_are_the_immune_ones(
        passages: list[Passage]) -> None:
    from qa.tables import TableQA

    plan = TableQA(passages, lambda w: len(w) >= 9).plan(
        "Which Table 1 cargos come from immune cells rather than HCC cells?")
    assert plan is not None
    assert {p.cells["Origin of exosome"] for p in plan.rows} == {"M2 macrophage"}


def test_drugs_other_than_one_exclude_its_rows(passages: list[Passage]) -> None:
    from qa.tables import TableQA

    plan = TableQA(passages, lambda w: len(w) >= 9).plan(
        "Which Table 1 rows concern drugs other than sorafenib?")
    assert plan is not None and plan.rows
    assert not any("sorafenib" in p.text.lower() for p in plan.rows)


def test_the_table_files_each_name_under_its_kind(passages: list[Passage]) -> None:
    from qa.tables import TableQA

    members = TableQA(passages, lambda w: len(w) >= 9).class_members()
    assert set(members["Protein"]) == {"plgR", "S100A10"}
    assert "circPAK1" in members["circRNAs"] and "miR-21" in members["miRNAs"]
    assert not any("exosomes" in names for names in members.values())  # "No classification"


def test_a_word_the_review_uses_only_inside_a_compound_finds_the_compound() -> None:
    from index.lexical import tokenize
    from qa.terms import TermStats

    stats = TermStats(["Exosomes serve as biomarkers.", "A biomarker panel.", "Unmarked."])
    assert "biomarker" in stats.ending_with("marker")
    assert all(len(w) - len("marker") <= 4 for w in stats.ending_with("marker"))
    assert stats.ending_with(tokenize("zebrafish")[0]) == []


def test_two_quotes_of_one_passage_become_one_exact_span() -> None:
    from qa.assistant import _spanning

    text = "One. Two three [4]. Four."
    assert _spanning(text, "Four.", "One.") == text
    assert _spanning(text, "Two three [4].", "Two three [4].") == "Two three [4]."
    assert _spanning(text, "Four.", "missing") == "Four."


def test_a_label_is_not_read_inside_a_longer_name(companions: Companions) -> None:
    # miR-21 has a row; miR-21-5p (another miRNA) does not, but "miR-21-enriched" is miR-21.
    assert [p.cells["Exosomal contents"] for p in companions.rows_in("miR-21-5p")] == []
    assert [p.cells["Exosomal contents"] for p in companions.rows_in("miR-21-enriched")] \
        == ["miR-21"]
