"""The BM25 tokenizer keeps this field's names whole and lets their spellings meet."""

from __future__ import annotations

import pytest

from index.lexical import LexicalIndex, normalize_text, stem, tokenize


def shares(a: str, b: str) -> bool:
    return bool(set(tokenize(a)) & set(tokenize(b)))


# -- names are kept whole, lowercased ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "token"),
    [
        ("miR-21", "mir-21"),
        ("miR-135a-5p", "mir-135a-5p"),
        ("circRNA-SORE", "circrna-sore"),
        ("PD-L1", "pd-l1"),
        ("5-FU", "5-fu"),
        ("β-catenin", "β-catenin"),
        ("14-3-3ζ", "14-3-3ζ"),
        ("CD8+", "cd8+"),
        ("TIM-1+", "tim-1+"),
        ("NF-κB", "nf-κb"),
        ("lincRNA-ROR", "lincrna-ror"),
        ("ZFPM2-AS1", "zfpm2-as1"),
        ("P-gp", "p-gp"),
    ],
)
def test_name_is_one_token(name: str, token: str) -> None:
    assert tokenize(name)[0] == token


def test_name_inside_a_sentence_is_whole() -> None:
    assert "mir-135a-5p" in tokenize("Exosomal miR-135a-5p promoted resistance.")


def test_first_token_is_the_whole_name_then_parts() -> None:
    assert tokenize("PD-L1") == ["pd-l1", "pd", "l1", "pdl1"]


def test_plus_suffix_also_matches_bare_marker() -> None:
    assert tokenize("CD8+") == ["cd8+", "cd8"]


def test_case_is_folded() -> None:
    assert tokenize("MIR-21") == tokenize("miR-21")


# -- spellings that should meet ------------------------------------------------------


def test_pd_l1_matches_pd_space_l1() -> None:
    assert {"pd", "l1"} <= set(tokenize("PD-L1"))


def test_pd_l1_matches_pdl1() -> None:
    assert shares("PD-L1", "PDL1")


def test_anti_pd1_matches_anti_pd_1() -> None:
    assert "antipd1" in set(tokenize("anti-PD1")) & set(tokenize("anti-PD-1"))


def test_pd_1_inside_anti_pd_1_matches_pd1() -> None:
    assert "pd1" in tokenize("anti-PD-1")


def test_mir_135a_prefix_matches_full_name() -> None:
    assert "mir135a" in set(tokenize("miR-135a")) & set(tokenize("miR-135a-5p"))


def test_a_name_before_a_suffix_word_matches_the_name() -> None:
    # "miR-21-enriched exosomes" are about miR-21
    assert "mir-21" in tokenize("the release of miR-21-enriched exosomes")
    assert "mir-21" in tokenize("What releases miR-21?")


def test_beta_catenin_written_out_matches_greek() -> None:
    assert "beta-catenin" in tokenize("β-catenin")


def test_greek_zeta_written_out() -> None:
    assert "14-3-3zeta" in tokenize("14-3-3ζ")


def test_nf_kappa_b_latin_k_matches() -> None:
    assert "nf-kb" in tokenize("NF-κB")


def test_non_breaking_hyphen_is_a_hyphen() -> None:
    assert tokenize("miR\u201121") == tokenize("miR-21")


def test_unicode_hyphen_is_a_hyphen() -> None:
    assert tokenize("PD\u2010L1") == tokenize("PD-L1")


def test_en_dash_separates_two_names() -> None:
    tokens = tokenize("β1-integrin\u2013NF-κB")
    assert "β1-integrin" in tokens and "nf-κb" in tokens


def test_slash_separates_axis_members() -> None:
    tokens = tokenize("miR-449c-5p/TIM-3")
    assert "mir-449c-5p" in tokens and "tim-3" in tokens


def test_plural_meets_singular() -> None:
    assert tokenize("circRNAs") == tokenize("circRNA") == ["circrna"]


def test_plural_exosomes() -> None:
    assert tokenize("exosomes") == ["exosome"]


def test_plural_ies() -> None:
    assert tokenize("therapies") == ["therapy"]


# -- what is dropped -----------------------------------------------------------------


def test_citation_markers_are_not_tokens() -> None:
    assert tokenize("resistance[14,15]") == ["resistance"]


def test_citation_range_removed() -> None:
    assert normalize_text("cells[2–5].") == "cells ."


def test_stopwords_dropped() -> None:
    assert tokenize("the role of the exosomes") == ["role", "exosome"]


def test_single_letters_dropped() -> None:
    assert tokenize("a B") == []
    assert tokenize("a cell in vitro") == ["cell", "vitro"]  # "a" is no cell type


@pytest.mark.parametrize("text", ["a T cell", "T cells", "t cells", "T-cell"])
def test_a_one_letter_cell_type_is_its_own_token(text: str) -> None:
    tokens = tokenize(text)
    assert "tcell" in tokens and "cell" in tokens
    assert "bcell" in tokenize("regulatory B cells") and "tcell" not in tokenize("B cells")


def test_stopword_part_keeps_whole_compound() -> None:
    assert tokenize("in-depth")[0] == "in-depth"


def test_possessive() -> None:
    assert tokenize("HCC's") == ["hcc"]


def test_empty_text() -> None:
    assert tokenize("") == []


def test_punctuation_only() -> None:
    assert tokenize("(), ; . -") == []


def test_decimal_number_whole() -> None:
    assert "3.5" in tokenize("an IC50 of 3.5 uM")


def test_repeats_kept_for_term_frequency() -> None:
    assert tokenize("HCC and HCC") == ["hcc", "hcc"]


def test_underscore_splits() -> None:
    assert tokenize("foo_bar") == ["foo", "bar"]


# -- the stemmer -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("cells", "cell"),
        ("studies", "study"),
        ("analysis", "analysis"),
        ("virus", "virus"),
        ("mass", "mass"),
        ("genes", "gene"),
        ("ras", "ras"),
        ("pd-l1", "pd-l1"),
        ("β-cells", "β-cells"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


# -- the BM25 index over these tokens ----------------------------------------------------


@pytest.fixture()
def small_index() -> LexicalIndex:
    return LexicalIndex.build(
        ["pdl1", "mir21", "mir210", "sore", "empty"],
        [
            "Atezolizumab is a PD-L1 monoclonal antibody.",
            "Exosomal miR-21 induced cisplatin resistance.",
            "miR-210 was enriched in hypoxic exosomes.",
            "circRNA-SORE sequesters YBX1 in sorafenib-resistant cells.",
            "",
        ],
    )


def test_bm25_pd_space_l1_finds_pd_l1(small_index: LexicalIndex) -> None:
    assert small_index.search("PD L1", 3)[0][0] == "pdl1"


def test_bm25_exact_mirna_ranks_first(small_index: LexicalIndex) -> None:
    assert small_index.search("miR-21", 3)[0][0] == "mir21"


def test_bm25_plural_query(small_index: LexicalIndex) -> None:
    assert small_index.search("circRNAs binding YBX1", 3)[0][0] == "sore"


def test_bm25_unknown_words_return_nothing(small_index: LexicalIndex) -> None:
    assert small_index.search("zebrafish telomerase", 3) == []


def test_bm25_only_positive_scores(small_index: LexicalIndex) -> None:
    assert [pid for pid, _ in small_index.search("sorafenib", 10)] == ["sore"]


def test_bm25_save_load_round_trip(small_index: LexicalIndex, tmp_path) -> None:
    small_index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert loaded.search("miR-21", 3) == small_index.search("miR-21", 3)


def test_bm25_load_rejects_other_tokenizer(small_index: LexicalIndex, tmp_path) -> None:
    small_index.save(tmp_path / "bm25")
    meta = tmp_path / "bm25" / "ids.json"
    meta.write_text(meta.read_text().replace('"tokenizer_version": "', '"tokenizer_version": "old'))
    with pytest.raises(ValueError, match="tokenizer"):
        LexicalIndex.load(tmp_path / "bm25")


def test_bm25_ids_and_texts_must_align() -> None:
    with pytest.raises(ValueError):
        LexicalIndex.build(["a", "b"], ["only one"])


@pytest.mark.parametrize(("text", "label"), [
    ("Figure 1. Representative mechanisms", "figure1"), ("what does fig. 2 show", "figure2"),
    ("see Table 1", "table1"), ("tables 3", "table3"),
])
def test_a_numbered_figure_or_table_is_one_token(text: str, label: str) -> None:
    # "what does figure 1 show?" finds its caption, not every sentence saying "figures"
    assert label in tokenize(text)
    assert not any(t.startswith(("figure", "table")) and t[-1].isdigit()
                   for t in tokenize("all figures were made; the table lists rows"))
