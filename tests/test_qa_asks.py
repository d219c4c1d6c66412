"""Questions with several asks, counts of what a sentence lists, look-alike spellings and
the lay-wording glossary: pure functions and a stub index, no model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.lexical import tokenize
from qa.asks import split_question
from qa.counting import counted_noun, inline_enumeration, numbered_run
from qa.vocabulary import (
    GLOSSARY,
    PARAPHRASES,
    Binomials,
    SpellingVariants,
    expand_query_parts,
    load_glossary,
    paraphrase_pairs,
)
from source import build_passages, load_review

# -- splitting a question into its asks ------------------------------------------------


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        # ", and what ..." / "; which ..." (as before)
        ("Which gene is it, and what happened next?", ["Which gene is it", "what happened next?"]),
        # ", which NOUN ..." is an ask of its own
        ("X sponges which miRNA to raise CD39, which molecule cooperates with CD39, and what "
         "metabolite results?",
         ["X sponges which miRNA to raise CD39", "which molecule cooperates with CD39",
          "what metabolite results?"]),
        # ", and <verb> which ..." starts an ask too
        ("Liver CSC exosomes induce which factor, and knocking down which regulators helped?",
         ["Liver CSC exosomes induce which factor", "knocking down which regulators helped?"]),
        # a question mark ends an ask even when the next one is typed in lower case
        ("is it like germs and antibiotics? what can be done?",
         ["is it like germs and antibiotics?", "what can be done?"]),
    ],
)
def test_split_question_finds_each_ask(question: str, asks: list[str]) -> None:
    assert [t for t, premise in split_question(question) if not premise] == asks


@pytest.mark.parametrize(
    "question",
    ["Sorafenib, which is a kinase inhibitor, acts how?",
     "What does circPAK1, which was found in 2022, bind?"],
)
def test_split_question_keeps_a_relative_clause_in_its_ask(question: str) -> None:
    assert split_question(question) == [(question, False)]


def test_split_question_text_before_a_colon_is_what_is_known() -> None:
    parts = split_question("The same group later loaded another miRNA: which miRNA, and via "
                           "which pathway?")
    assert parts[0] == ("The same group later loaded another miRNA", True)
    assert [t for t, p in parts if not p] == ["which miRNA", "via which pathway?"]


# -- counting what a sentence lists ----------------------------------------------------


@pytest.mark.parametrize(
    ("question", "noun"),
    [("How many ABC transporters does the review name?", "ABC transporters"),
     ("how many pivotal challenges are enumerated?", "pivotal challenges"),
     ("how many patients took part in it", "patients"),  # no auxiliary after the noun
     ("Which transporters are named?", "")],
)
def test_counted_noun(question: str, noun: str) -> None:
    assert counted_noun(question) == noun


@pytest.mark.parametrize(
    ("sentence", "items"),
    [
        ("Inhibitors against immune checkpoints, such as PD-1, PD-L1, and CTLA-4, are in "
         "clinical trials.", ["PD-1", "PD-L1", "CTLA-4"]),
        # commas inside parentheses do not split items
        ("The ABC transporters, including P-glycoprotein (P-gp/ABCB1), protein 2 (MRP2, ABCC2), "
         "and BCRP (ABCG2), use ATP.",
         ["P-glycoprotein (P-gp/ABCB1)", "protein 2 (MRP2, ABCC2)", "BCRP (ABCG2)"]),
        # no serial comma
        ("Drugs such as curcumin, doxorubicin and paclitaxel were loaded.",
         ["curcumin", "doxorubicin", "paclitaxel"]),
        # a pair
        ("Cargos such as miR-21 and miR-122 were studied.", ["miR-21", "miR-122"]),
        ("Short-chain fatty acids, chiefly acetate, propionate, and butyrate, are made by "
         "bacteria.", ["acetate", "propionate", "butyrate"]),
        # a pair, then the clause goes on after a comma (its "or" is no third item)
        ("Surgery, including resection and ablation, remains the option for early or "
         "small tumours.", ["resection", "ablation"]),
    ],
)
def test_inline_enumeration_reads_the_items(sentence: str, items: list[str]) -> None:
    got = inline_enumeration(sentence)
    assert got is not None and list(got.items) == items
    assert sentence[got.start:].lower().startswith(("such as", "including", "chiefly"))


@pytest.mark.parametrize(
    "sentence",
    ["Exosomes promote resistance in HCC.",
     "Exosomes, such as those from CSCs, promote resistance.",  # no closing and/or item
     # a clause after a colon lists nothing
     "Capture can enrich the fraction: in one study, capture with antibodies against "
     "EpCAM and CD24 increased detection.",
     ""],
)
def test_inline_enumeration_none_without_a_list(sentence: str) -> None:
    assert inline_enumeration(sentence) is None


def test_numbered_run_counts_across_texts_and_says_where_it_ends() -> None:
    texts = ["Several challenges remain. (1) First one; (2) second one.",
             "More: (3) third one; (4) fourth one.", "Unrelated (7) text."]
    assert numbered_run(texts) == (4, 1)


@pytest.mark.parametrize(
    "texts",
    [["(1) only one item."], ["(2) starts late; (3) then."], ["No numbers at all."]],
)
def test_numbered_run_none_without_a_run_from_one(texts: list[str]) -> None:
    assert numbered_run(texts) is None


def test_numbered_run_stops_at_a_second_list() -> None:
    assert numbered_run(["(1) a; (2) b.", "(1) other list; (2) c; (3) d."]) == (2, 0)


def test_numbered_run_needs_consecutive_numbers() -> None:
    assert numbered_run(["(1) a; (2) b; (4) d."]) == (2, 0)


# -- look-alike spellings --------------------------------------------------------------


def test_spelling_variants_group_a_lowercase_l_with_a_capital_i() -> None:
    v = SpellingVariants(["pIgR was found; pIgR again.", "Table: plgR"])
    assert v.canonical("Where was plgR-containing anti-PLGR found?") == \
        "Where was pIgR-containing anti-pIgR found?"
    assert v.others("the pIgR exosomes") == ["plgR"]


def test_spelling_variants_leave_other_words_alone() -> None:
    v = SpellingVariants(["pIgR and plgR", "IL-6 and il-6 and lL-6"])
    assert v.canonical("Exosomes like pigs and the plan.") == "Exosomes like pigs and the plan."
    assert v.canonical("circRNA-SORE") == "circRNA-SORE"


def test_spelling_variants_without_variants_are_the_identity() -> None:
    v = SpellingVariants(["HCC cells and miR-21"])
    assert v.canonical("HCC cells and miR-21?") == "HCC cells and miR-21?"
    assert v.others("miR-21") == []


def test_the_review_spells_pigr_two_ways() -> None:
    passages = build_passages(load_review())
    v = SpellingVariants(p.text for p in passages)
    row = next(p for p in passages if p.kind == "table_row" and "plgR" in p.text)
    assert "pIgR" in v.canonical(row.text) and "plgR" not in v.canonical(row.text)


def test_a_species_with_its_genus_cut_to_the_initial_names_that_genus() -> None:
    b = Binomials(["Akkermansia muciniphila restores it.", "Later, A. muciniphila and "
                   "E. hirae and B. longum.", "Enterococcus hirae primes T cells."])
    assert b.genera_in("detection of A. muciniphila in stool and E. hirae") == \
        ["Akkermansia", "Enterococcus"]
    assert b.others("is more akkermansia always better?") == ["A. muciniphila"]
    # (a short form never written in full, "B. longum", names no genus; nor does a
    # capitalised word before a lower-case one that is no species)
    assert b.genera_in("B. longum") == [] and b.others("Later, the") == []


def test_a_species_a_question_cuts_to_its_initial_is_read_in_full() -> None:
    # the text never writes "B. fragilis"; a question may
    b = Binomials(["Moretti et al. showed it depends on Bacteroides fragilis."])
    assert b.others("difference between the B. fragilis and B. longum studies") == \
        ["Bacteroides fragilis"]


def test_a_short_form_two_genera_could_stand_for_names_neither() -> None:
    b = Binomials(["Bacteroides fragilis and Bifidobacterium fragilis", "B. fragilis"])
    assert b.genera_in("B. fragilis") == []


# -- the glossary ----------------------------------------------------------------------


def _review_body() -> str:
    """The passages and their section headings: the words the assistant can match."""
    return " ".join(" ".join(p.section) + " " + p.text for p in build_passages(load_review()))


def test_glossary_ships_and_loads() -> None:
    glossary = load_glossary()
    assert GLOSSARY.is_file() and len(glossary) >= 300
    assert all(k == k.lower() and v for k, v in glossary.items())


def test_glossary_values_use_the_reviews_words() -> None:
    """A value none of whose words the review uses would hide a name the review lacks
    (the question's word counts as translated, so the abstention check skips it). A value
    may also hold words another review uses ("in mice" is "in vivo" here, "xenografts"
    or "mice" in another), which match nothing here."""
    known = set(tokenize(_review_body()))
    bad = {k: v for k, v in load_glossary().items()
           if not any(t in known for t in tokenize(v))}
    assert bad == {}


def test_glossary_keys_are_not_the_reviews_own_wording() -> None:
    body = _review_body().lower()
    used = [k for k in load_glossary()
            if re.search(r"(?<![\w-])" + re.escape(k) + r"(?![\w-])", body)]
    assert used == []


def test_core_paraphrases_win_over_the_glossary() -> None:
    assert PARAPHRASES["self-eating"] == "autophagy"
    assert set(load_glossary()) <= set(PARAPHRASES)


@pytest.mark.parametrize("phrase", ["little packages", "small packages",
                                    "microscopic packages"])
def test_a_size_word_is_read_as_any_other(phrase: str) -> None:
    # the glossary says "tiny packages"; people also write little, small, ...
    expanded, replaced = expand_query_parts(f"what is in those {phrase}?", {})
    assert PARAPHRASES["tiny packages"] in expanded
    assert replaced == [phrase]


def test_glossary_phrase_expands_a_question() -> None:
    expanded, replaced = expand_query_parts("Which ring-shaped RNA is it?", {})
    assert "circRNA" in expanded and replaced == ["ring-shaped RNA"]


def test_load_glossary_names_a_bad_line(tmp_path: Path) -> None:
    f = tmp_path / "g.tsv"
    f.write_text("# comment\nself eating\tautophagy\nno tab here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        load_glossary(f)


# -- the rerank step and "No X" table values --------------------------------------------


def test_rerank_puts_cited_passages_first_in_citation_order() -> None:
    from qa.assistant import rerank_by_citations
    from qa.types import Retrieved
    from source.model import Passage

    ps = [Passage(f"p{i}", "paragraph", "t", ("S",), i) for i in range(6)]
    got = [Retrieved(p, score=1.0 - i / 10) for i, p in enumerate(ps[:5])]
    # p5 is cited but was not retrieved (a table row a listing added): it joins the list
    out = rerank_by_citations(got, [ps[3], ps[1], ps[3], ps[5]])
    assert [r.passage.id for r in out] == ["p3", "p1", "p5", "p0", "p2", "p4"]
    scores = [r.score for r in out]
    assert scores == sorted(scores, reverse=True)
    assert out[0].dense_rank == got[3].dense_rank
    assert rerank_by_citations(got, []) == got


def test_a_no_value_is_selected_by_a_negated_question() -> None:
    from qa.tables import TableQA

    passages = build_passages(load_review())
    plan = TableQA(passages, lambda w: False).plan(
        "How many Table 1 rows have no specific cargo classification?")
    assert plan is not None and plan.count
    assert {p.cells["Contents classification"] for p in plan.rows} == {"No classification"}


@pytest.mark.parametrize("question", [
    "which table 1 rows are unclassified",
    "Table 1 rows where the exosomes aren't classified by cargo - which drugs are they about?",
    "table 1 entries that are not classified",
])
def test_a_no_value_is_selected_by_another_form_of_its_word_negated(question: str) -> None:
    from qa.tables import TableQA, describe_condition

    plan = TableQA(build_passages(load_review()), lambda w: False).plan(question)
    assert plan is not None
    assert {p.cells["Contents classification"] for p in plan.rows} == {"No classification"}
    assert describe_condition("Contents classification", "No classification") == \
        "whose contents classification is “No classification”"


def test_a_greek_letter_set_apart_joins_its_name() -> None:
    v = SpellingVariants([])
    assert v.canonical("circPAK1 binds 14-3-3 ζ with YAP") == "circPAK1 binds 14-3-3ζ with YAP"
    assert v.canonical("Figure 5 α-SMA and TGF β") == "Figure 5 α-SMA and TGF β"


def test_a_glossary_phrase_is_found_with_a_word_of_degree_inside_it() -> None:
    from qa.vocabulary import paraphrase_pairs

    # "found so late" is "found late": before, "so" broke the phrase and the lay
    # question "why is liver cancer usually found so late" abstained
    pairs = dict(paraphrase_pairs("why is liver cancer usually found so late"))
    assert pairs["found so late"] == PARAPHRASES["found late"]
    assert dict(paraphrase_pairs("caught very late"))["caught very late"] == \
        PARAPHRASES["caught late"]
    assert "so late" not in dict(paraphrase_pairs("so late"))  # no phrase, no filler


def test_a_glossary_phrase_heading_a_compound_is_translated() -> None:
    from qa.vocabulary import paraphrase_pairs

    assert ("CRISPR", PARAPHRASES["crispr"]) in paraphrase_pairs("CRISPR-carrying vesicles")
    # ... and so the compound is not a name the review lacks
    from qa.extractive import unknown_technical_words
    from qa.terms import TermStats, make_is_technical

    stats = TermStats(["exosomes carrying sgRNAs/Cas9 reverse resistance"])
    _, replaced = expand_query_parts("Which CRISPR-carrying vesicles?", {})
    assert unknown_technical_words("Which CRISPR-carrying vesicles?", stats,
                                   make_is_technical(None), replaced) == []


# -- nearest review words for everyday words ---------------------------------------------


class _AxisEmbeddings:
    """Each known word on its own axis; documents embedded by the same table."""

    AXES = {"drug": 0, "reverse": 1, "tumor": 2}

    def vector(self, word: str) -> list[float]:
        v = [0.0, 0.0, 0.0]
        if word in self.AXES:
            v[self.AXES[word]] = 1.0
        elif word == "medicines":  # close to "drug", a little to "tumor"
            v = [0.9, 0.0, 0.43]
        elif word == "undo":  # too far from everything
            v = [0.5, 0.5, 0.5]
        return v

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.vector(t) for t in texts]


def test_word_neighbours_find_the_close_review_word_and_cache(tmp_path: Path) -> None:
    from qa.neighbours import WordNeighbours

    emb = _AxisEmbeddings()
    n = WordNeighbours.build(["tumor", "drug", "reverse"], emb, tmp_path, "fp")  # type: ignore[arg-type]
    calls: list[list[str]] = []
    real = emb.embed_documents

    def counting(texts: list[str]) -> list[list[float]]:
        calls.append(list(texts))
        return real(texts)

    emb.embed_documents = counting  # type: ignore[method-assign]
    got = n.near_many(["medicines", "undo", "drug", "medicines"])
    assert got == {"medicines": ("drug",), "undo": (), "drug": ()}  # undo: cosine 0.5 < 0.6
    assert calls == [["medicines", "undo", "drug"]]  # the new words, once, in one call
    assert n.near("medicines") == ("drug",) and len(calls) == 1  # remembered
    assert len(list(tmp_path.glob("words-*.npy"))) == 1
    again = WordNeighbours.build(["drug", "reverse", "tumor"], emb, tmp_path, "fp")  # type: ignore[arg-type]
    assert again.vocabulary == n.vocabulary and again.vectors.shape == (3, 3)
    assert len(calls) == 1  # the vocabulary came from the cache


def test_everyday_words_joined_by_a_hyphen_are_no_unknown_name() -> None:
    from qa.extractive import unknown_technical_words
    from qa.terms import TermStats

    stats = TermStats(["fibroblasts release exosomes"])

    def is_technical(word: str) -> bool:  # a compound is as technical as its parts
        return any(p in {"ferroptosis", "scar-forming"} for p in [word.lower(),
                                                               *word.lower().split("-")])

    assert unknown_technical_words("Do scar-forming cells release vesicles?", stats,
                                   is_technical) == []
    assert unknown_technical_words("Does ferroptosis-driving stress matter?", stats,
                                   is_technical) == ["ferroptosis-driving"]


@pytest.mark.parametrize(
    ("question", "keep"),
    [
        # a negated categorical value: rows whose cell lacks it
        ("Which miRNA entries in Table 1 lack in vivo validation?",
         lambda c: c["Contents classification"] == "miRNAs" and "vivo" not in c["Study type"]),
        ("How many Table 1 rows were not tested in vivo?",
         lambda c: "vivo" not in c["Study type"]),
        # a negated name: rows that do not mention it
        ("Which Table 1 rows are not about sorafenib?",
         lambda c: not any("sorafenib" in v.lower() for v in c.values())),
    ],
)
def test_negated_table_filters_keep_the_rows_without_it(question: str, keep: object) -> None:
    from qa.tables import TableQA, describe_filters

    passages = build_passages(load_review())
    rows = [p for p in passages if p.kind == "table_row"]
    plan = TableQA(passages, lambda w: w.lower() == "sorafenib").plan(question)
    assert plan is not None
    assert [p.id for p in plan.rows] == [p.id for p in rows if keep(p.cells)]  # type: ignore[operator]
    assert "not" in describe_filters(plan.filters)


def test_a_table_named_only_in_a_premise_asks_for_no_rows() -> None:
    from qa.asks import asks
    from qa.tables import TableQA

    q = ("Beyond the TGFβ-dependent chemoresistance listed in Table 1, which other drug "
         "resistance has linc-ROR been linked to?")
    assert asks(q) == ["which other drug resistance has linc-ROR been linked to?"]
    tables = TableQA(build_passages(load_review()), lambda w: "ror" in w.lower())
    assert tables.plan(q) is None
    assert tables.plan("Which Table 1 row concerns linc-ROR?") is not None


@pytest.mark.parametrize(
    ("question", "subject"),
    [("What do immune checkpoint inhibitors do, according to the review?",
      "immune checkpoint inhibitors"),
     ("What does circPAK1 do?", "circPAK1"),
     ("What is MDR?", "MDR"),
     ("What do exosomes carry?", None),
     ("What did knocking it down do to drugs?", None),
     ("What does the review say about sorafenib?", None)],
)
def test_definition_questions_name_their_subject(question: str, subject: str | None) -> None:
    from qa.extractive import _DEF_RE

    m = _DEF_RE.match(question)
    assert (m.group(1) if m else None) == subject


def test_the_reviews_own_long_form_wins_over_a_paraphrase_of_its_word() -> None:
    from qa.extractive import ExtractiveAnswerer
    from qa.terms import TermStats, make_is_technical

    a = ExtractiveAnswerer(
        TermStats(["cancer-associated fibroblasts (CAFs) transfer circZFR", "fibroblasts"]),
        make_is_technical(None), {"CAFs": "cancer-associated fibroblasts"})
    terms = a.terms("How do cancer-associated fibroblasts cause chemoresistance?", "", [])
    assert "§caf" in terms.own
    assert not any(h.startswith("≈") for h in terms.own)  # "fibroblasts" is not paraphrased
    # ... so a sentence about some other "cancer"-"associated" thing does not cover it
    assert terms.coverage("HBV-associated liver cancer") < terms.coverage("CAFs do it")


# -- two names set side by side (comparisons) -------------------------------------------
from qa.asks import side_by_side  # noqa: E402
from qa.tables import year_range  # noqa: E402


def _is_name(word: str) -> bool:
    return any(c.isdigit() or c.isupper() for c in word[1:])


@pytest.mark.parametrize(("question", "expected"), [
    ("linc-VLDLR vs linc-ROR in chemoresistance",
     ["linc-VLDLR in chemoresistance", "linc-ROR in chemoresistance"]),
    ("compare circUHRF1 with circCCAR1", ["circUHRF1", "circCCAR1"]),
    ("how many years apart are the miR-21 and miR-494-3p studies?",
     ["how many years apart are the miR-21 studies?",
      "how many years apart are the miR-494-3p studies?"]),
    ("what does HMGB1 do with TIM-1", []),       # "with" relates, it does not compare
    # the pair's pronoun stands for each name in turn
    ("circZFR vs miR-32-5p, which pathways do they act on",
     ["which pathways do circZFR act on", "which pathways do miR-32-5p act on"]),
    ("does sorafenib and lenvatinib matter", []),  # not names by the test given
    # "X, for Y" (a follow-up read with its topic) asks of Y; it sets nothing side by side
    ("what do we know of circZFR, for miR-21?", []),
])
def test_side_by_side(question: str, expected: list[str]) -> None:
    assert side_by_side(question, _is_name) == expected


@pytest.mark.parametrize(("question", "sign", "year"), [
    ("studies before 2018", "<", 2018), ("rows since 2021", ">=", 2021),
    ("published after 2019", ">", 2019), ("2020 or later entries", ">=", 2020),
    ("up to 2016", "<=", 2016)])
def test_year_bounds(question: str, sign: str, year: int) -> None:
    found = year_range(question)
    assert found is not None and found[:2] == (sign, year)


@pytest.mark.parametrize("question", ["entries that date from 2021", "what happened in 2018"])
def test_a_year_alone_is_no_bound(question: str) -> None:
    assert year_range(question) is None


@pytest.mark.parametrize(("n", "filters", "expected"), [
    (3, [("Contents classification", "circRNAs"), ("any", "anti-PD1")],
     "3 circRNAs mentioning anti-PD1"),
    (1, [("Contents classification", "circRNAs")], "1 circRNA"),
    (7, [("Study type", "In vitro")], "7 entries with study type In vitro"),
    (5, [("Year", "< 2018")], "5 entries from before 2018"),
    (8, [("Year", "≥ 2022")], "8 entries from 2022 on"),
    (12, [("none", "sorafenib")], "12 entries not mentioning sorafenib"),
    (9, [("none", "sorafenib"), ("none", "anti-PD1")],
     "9 entries not mentioning sorafenib or anti-PD1"),
    (2, [("Origin of exosome", "not HCC cells")], "2 entries whose origin of exosome is not HCC cells"),
])
def test_rows_described_in_words(n: int, filters: list, expected: str) -> None:
    from qa.tables import describe_rows

    assert describe_rows(n, filters, "Contents classification") == expected


def test_an_empty_name_cell_does_not_make_the_group_the_label() -> None:
    from dataclasses import replace as dc_replace
    from pathlib import Path

    from qa.tables import TableQA
    from source import load_review
    from source.passages import build_passages

    path = Path(__file__).parent / "data" / "gut-microbiota" / "gut-microbiota-review.txt"
    passages = build_passages(load_review(path))
    rows = [p for p in passages if p.kind == "table_row"]
    blank = dc_replace(rows[3], cells={**rows[3].cells, "Microbe": ""})
    changed = [blank if p.id == rows[3].id else p for p in passages]
    assert TableQA(passages, lambda w: True).label_column["table1"] == "Microbe"
    assert TableQA(changed, lambda w: True).label_column["table1"] == "Microbe"


@pytest.mark.parametrize(("what", "asked", "sentence", "gives"), [
    ("dose", "what dose", "in a trial of 30 patients with RCC", False),
    ("dose", "what dose", "mice received 5 mg/kg sorafenib daily", True),
    ("rate", "objective response rate", "the response rate was 27%", True),
    ("rate", "objective response rate", "approved by the FDA in 2018", False),
    ("median os", "what median OS", "median OS was 19.2 months", True),
    ("", "by how much", "tumours shrank by half in 3 of 5 mice", True),
    ("fold change", "by what fold", "a marked overexpression of circCCAR1", False),
    ("fold change", "by what fold", "circCCAR1 rose 3.5-fold in plasma", True),
    ("size", "in nm", "these nano-sized vesicles", False),
    ("size", "in nm", "vesicles of 30-150 nm", True),
    # (a range is a number: "how big" names no unit of its own)
    ("", "how big", "Exosomes, which measure 30-150 nm in diameter, form ...", True),
    ("", "how big", "IL-6 and miR-21 are carried by exosomes", False),
    # a price wants an amount of money: a grant's number or a count of patients is none
    ("cost", "how much", "Dutch Cancer Society (KWF grant 14872)", False),
    ("cost", "how much", "EV-DNA from the BALF of 62 patients", False),
    ("cost", "how much", "each test costs about $300", True),
    ("cost", "how much", "a course costs 4,000 euros", True),
])
def test_a_figure_of_the_kind_asked(what: str, asked: str, sentence: str, gives: bool) -> None:
    from qa.extractive import _gives_figure

    assert _gives_figure(what, asked, sentence) is gives


@pytest.mark.parametrize(("noun", "sentence", "counts"), [
    ("patients", "a cohort of 158 patients with melanoma", True),
    ("patients", "six patients experienced clinical benefit", True),
    ("patients", "published in 2021 in Science", False),
    ("grams of inulin", "inulin was given to mice", False),
])
def test_a_number_of_the_thing_counted(noun: str, sentence: str, counts: bool) -> None:
    from qa.extractive import _counts

    assert _counts(noun, sentence) is counts


def test_a_dash_parts_a_premise_from_its_ask() -> None:
    assert split_question("the circRNA that blocks YBX1 degradation - what drug is it "
                          "linked to?") == [("the circRNA that blocks YBX1 degradation", True),
                                            ("what drug is it linked to?", False)]
    assert split_question("Is miR-21 anti-PD1-related?") == [
        ("Is miR-21 anti-PD1-related?", False)]  # a hyphen inside a word parts nothing


@pytest.mark.parametrize("question", ["whats the dose of sorafenib?",
                                      "what's the response rate", "what daily dose is used"])
def test_a_quantity_ask_typed_with_a_contraction(question: str) -> None:
    from qa.extractive import _QUANTITY_ASK_RE

    assert _QUANTITY_ASK_RE.search(question)


@pytest.mark.parametrize("question", ["how much does the BALF EV test cost?",
                                      "how expensive is sorafenib", "what's the price of it"])
def test_a_price_is_a_quantity_asked(question: str) -> None:
    from qa.extractive import _QUANTITY_ASK_RE

    assert _QUANTITY_ASK_RE.search(question)


@pytest.mark.parametrize("question", ["what's the 5 year overall survival for hgsoc",
                                      "exosome diameter nm range"])
def test_a_survival_or_a_size_is_a_quantity_asked(question: str) -> None:
    from qa.extractive import _QUANTITY_ASK_RE

    assert _QUANTITY_ASK_RE.search(question)


def test_the_form_a_figure_is_given_in_is_no_figure() -> None:
    from qa.extractive import _QUANTITY_ASK_RE

    # (its answer is "as micrograms of protein", not a dose)
    assert not _QUANTITY_ASK_RE.search("what units were EV doses usually given in?")
    assert _QUANTITY_ASK_RE.search("what EV doses were usually given?")


@pytest.mark.parametrize(("question", "asks_amount"), [
    ("which of these drugs have the most EV resistance data and which the least?", True),
    ("which has the least research on it?", True),
    ("anything on EVs and afatinib resistance?", True),
    ("which EV microRNA causes elacestrant resistance?", False),
])
def test_how_much_work_there_is_is_asked(question: str, asks_amount: bool) -> None:
    """That no study has looked answers a question on how much work there is; it is not
    a thing the review fails to give."""
    from qa.extractive import _ANYTHING_ASK_RE

    assert bool(_ANYTHING_ASK_RE.search(question)) is asks_amount


def test_a_name_with_its_noun_set_against_another() -> None:
    from qa.asks import side_by_side

    names = {"circZFR", "S100A10"}
    assert side_by_side("circZFR exosomes versus S100A10 in cisplatin resistance",
                        lambda w: w in names) == [
        "circZFR in cisplatin resistance", "S100A10 in cisplatin resistance"]


def test_an_imperative_clause_asks() -> None:
    from qa.asks import asks

    assert asks("find the first FDA-approved targeted drug for advanced HCC; what types of "
                "exosome cargo cause resistance to it?") == [
        "find the first FDA-approved targeted drug for advanced HCC",
        "what types of exosome cargo cause resistance to it?"]
    # a statement before a question is still its premise
    assert asks("linc-VLDLR raises one transporter. Under what other name is it known?") == [
        "Under what other name is it known?"]


@pytest.mark.parametrize(("question", "noun"), [
    ("how many new hcc cases per year in china?", "new hcc cases"),
    ("how many patients took part", "patients"),
])
def test_a_bare_how_many_counts_its_noun_phrase(question: str, noun: str) -> None:
    assert counted_noun(question) == noun


def test_a_table_misprint_added_as_a_variant_is_read_as_the_text_s_name() -> None:
    v = SpellingVariants(["circTMEM181 sponges miR-488-3p.", "Table: cricTMEM181"])
    v.add({"cricTMEM181": "circTMEM181"})
    assert v.canonical("what does cricTMEM181 do") == "what does circTMEM181 do"
    assert v.others("circTMEM181 exosomes") == ["cricTMEM181"]


def test_a_drug_working_better_is_the_reviews_improved() -> None:
    # "does knocking down RAB27A help HCC drugs work better?": the review says the
    # knock-down "improved the therapeutic effects of drugs" (only "improved": "efficacy"
    # or "enhanced" would match most sentences of a review on drug resistance)
    assert paraphrase_pairs("do the drugs work better then?") == [("work better", "improved")]
    assert paraphrase_pairs("the medicine works better") == [("works better", "improved")]
