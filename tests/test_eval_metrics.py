"""Each eval metric on hand-made cases; recall@k and MRR cross-checked against ranx."""

from __future__ import annotations

import random

import numpy as np
import pytest

from eval import metrics as m

ROW_PRINTED = (
    "HCC cellscircPAK1Drive resistance to lenvatinibCircPAK1 competitively binds 14-3-3 ζ "
    "with YAPIn vitro and in vivo2022[18]"
)
ROW_RENDERED = (
    "Origin of exosome: HCC cells | Exosomal contents: circPAK1 | "
    "Functions: Drive resistance to lenvatinib"
)


# -- evidence_found ----------------------------------------------------------------------


def test_section_quote_found_as_substring():
    assert m.evidence_found(
        "section", "exosomal circUHRF1", "HCC-derived exosomal circUHRF1 inhibits"
    )


def test_section_quote_found_across_different_whitespace():
    assert m.evidence_found(
        "section", "exosomal  circUHRF1\ninhibits", "exosomal circUHRF1 inhibits"
    )


def test_section_quote_not_found_when_absent():
    assert not m.evidence_found("section", "circPAK1", "exosomal circUHRF1 inhibits")


def test_section_quote_is_case_sensitive():
    assert not m.evidence_found("section", "Exosomal CircUHRF1", "exosomal circUHRF1")


def test_empty_quote_is_never_found():
    assert not m.evidence_found("section", "  ", "anything")


def test_table_row_quote_found_in_printed_row_though_rendered_text_differs():
    quote = "HCC cellscircPAK1Drive resistance to lenvatinib"
    assert quote not in ROW_RENDERED
    assert m.evidence_found("table_row", quote, ROW_RENDERED, printed=ROW_PRINTED)


def test_table_row_quote_found_in_raw_chunk_without_printed():
    chunk = "intro text\n" + ROW_PRINTED + "\nnext row"
    assert m.evidence_found("table_row", "HCC cellscircPAK1Drive", chunk)


def test_table_row_quote_ignores_whitespace_between_cells():
    assert m.evidence_found("table_row", "HCC cellscircPAK1", "HCC cells circPAK1 Drive")


def test_table_row_quote_not_found_in_other_row():
    other = "HCC cellscircCCAR1Promote CD8 + T-cell dysfunction"
    assert not m.evidence_found("table_row", "HCC cellscircPAK1", other, printed=other)


# -- ranks, recall, MRR --------------------------------------------------------------------


def test_evidence_rank_is_first_matching_position():
    retrieved = [("a b c", ""), ("circPAK1 here", ""), ("circPAK1 again", "")]
    assert m.evidence_rank("section", "circPAK1", retrieved) == 2


def test_evidence_rank_none_when_not_retrieved():
    assert m.evidence_rank("section", "circPAK1", [("a", ""), ("b", "")]) is None


def test_evidence_rank_uses_printed_for_table_rows():
    retrieved = [("paragraph", ""), (ROW_RENDERED, ROW_PRINTED)]
    assert m.evidence_rank("table_row", "lenvatinibCircPAK1", retrieved) == 2


def test_recall_at_k_counts_evidence_within_k():
    assert m.recall_at_k([1, 4, None], 1) == pytest.approx(1 / 3)
    assert m.recall_at_k([1, 4, None], 3) == pytest.approx(1 / 3)
    assert m.recall_at_k([1, 4, None], 5) == pytest.approx(2 / 3)


def test_recall_at_k_boundary_is_inclusive():
    assert m.recall_at_k([3], 3) == 1.0


def test_recall_at_k_without_evidence_is_zero():
    assert m.recall_at_k([], 5) == 0.0


def test_reciprocal_rank_uses_best_rank():
    assert m.reciprocal_rank([4, 2, None]) == 0.5


def test_reciprocal_rank_zero_when_nothing_found():
    assert m.reciprocal_rank([None, None]) == 0.0


def _ranx_case(rng: random.Random) -> tuple[list[str], set[str]]:
    docs = [f"d{i}" for i in range(15)]
    ranking = rng.sample(docs, 10)
    relevant = set(rng.sample(docs, rng.randint(1, 3)))
    return ranking, relevant


@pytest.mark.filterwarnings("ignore:unsafe cast")  # inside ranx's numba code
def test_recall_and_mrr_agree_with_ranx():
    """One evidence quote per relevant passage: our recall@k / MRR are the IR textbook ones."""
    from ranx import Qrels, Run, evaluate

    rng = random.Random(7)
    qrels: dict[str, dict[str, int]] = {}
    run: dict[str, dict[str, float]] = {}
    ours: dict[str, list[float]] = {f"recall@{k}": [] for k in m.RECALL_KS} | {"mrr": []}
    for qi in range(60):
        ranking, relevant = _ranx_case(rng)
        qid = f"q{qi}"
        qrels[qid] = {d: 1 for d in relevant}
        run[qid] = {d: 1.0 - i / 100 for i, d in enumerate(ranking)}
        # each relevant passage holds one unique quote, e.g. "<<d3>>"
        retrieved = [(f"text of <<{d}>> here", "") for d in ranking]
        ranks = [m.evidence_rank("section", f"<<{d}>>", retrieved) for d in sorted(relevant)]
        for k in m.RECALL_KS:
            ours[f"recall@{k}"].append(m.recall_at_k(ranks, k))
        ours["mrr"].append(m.reciprocal_rank(ranks))
    names = [f"recall@{k}" for k in m.RECALL_KS] + ["mrr"]
    theirs = evaluate(Qrels(qrels), Run(run), names)
    for name in names:
        assert m.mean(ours[name]) == pytest.approx(theirs[name], abs=1e-9), name


# -- answers -------------------------------------------------------------------------------


def test_answer_words_ignores_citation_markers():
    assert m.answer_words("circPAK1 drives resistance [1] to lenvatinib [2,3] [4-6].") == 5


def test_answer_words_of_empty_text():
    assert m.answer_words("") == 0


def test_answer_correct_needs_every_must_include():
    assert m.answer_correct("circPAK1 and YAP", ["circPAK1", "YAP"], [])
    assert not m.answer_correct("circPAK1 only", ["circPAK1", "YAP"], [])


def test_answer_correct_is_case_insensitive():
    assert m.answer_correct("CIRCPAK1 drives it", ["circPAK1"], [])


def test_answer_correct_needs_one_of_each_any_of_group():
    groups = [["pIgR", "plgR"], ["lenvatinib", "Lenvima"]]
    assert m.answer_correct("plgR and lenvima", [], groups)
    assert not m.answer_correct("plgR only", [], groups)


def test_answer_correct_normalises_unicode_forms():
    # a full-width letter folds to ASCII under NFKC
    assert m.answer_correct("ｃircPAK1", ["circPAK1"], [])


def test_answer_over_word_cap_is_wrong():
    long = "circPAK1 " + "word " * 100
    assert m.answer_words(long) == 101
    assert not m.answer_correct(long, ["circPAK1"], [], max_words=100)
    assert m.answer_correct(long, ["circPAK1"], [], max_words=None)


def test_answer_at_word_cap_is_allowed():
    text = "circPAK1 " + "word " * 99
    assert m.answer_correct(text, ["circPAK1"], [], max_words=100)


def test_missing_strings_lists_what_is_absent():
    assert m.missing_strings("circPAK1", ["circPAK1", "YAP"], [["a1", "b1"]]) == ["YAP", "a1 | b1"]


def test_question_correct_unanswerable_needs_abstention():
    assert m.question_correct(False, True, "The review does not say.", [], [])
    assert not m.question_correct(False, False, "A guess.", [], [])


def test_question_correct_answerable_abstention_is_wrong():
    assert not m.question_correct(True, True, "circPAK1 maybe", ["circPAK1"], [])


def test_rate_of_flags_and_empty():
    assert m.rate([True, False, True, True]) == 0.75
    assert m.rate([]) is None


def test_mean_and_empty():
    assert m.mean([1.0, 2.0]) == 1.5
    assert m.mean([]) is None


# -- citations -----------------------------------------------------------------------------


def test_citation_valid_exact_span():
    assert m.citation_valid("circUHRF1 inhibits", "exosomal circUHRF1 inhibits NK cells")


def test_citation_invalid_when_paraphrased_or_recased():
    assert not m.citation_valid("circUHRF1 blocks", "exosomal circUHRF1 inhibits NK cells")
    assert not m.citation_valid("CircUHRF1 inhibits", "exosomal circUHRF1 inhibits NK cells")


def test_citation_with_empty_quote_is_invalid():
    assert not m.citation_valid("", "text")


def test_cites_gold_evidence_when_a_cited_passage_holds_a_quote():
    evidence = [("section", "circUHRF1 inhibits"), ("table_row", "HCC cellscircPAK1")]
    assert m.cites_gold_evidence(evidence, [("other", ""), (ROW_RENDERED, ROW_PRINTED)])
    assert not m.cites_gold_evidence(evidence, [("other", "")])
    assert not m.cites_gold_evidence(evidence, [])


# -- distributions -------------------------------------------------------------------------


def test_percentile_matches_numpy_linear():
    values = [12.0, 3.0, 7.5, 40.0, 41.0, 9.0, 1.0]
    for q in (0, 5, 50, 90, 95, 100):
        assert m.percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_hand_case():
    assert m.percentile([10, 20, 30, 40], 50) == 25
    assert m.percentile([5.0], 95) == 5.0


def test_percentile_empty_and_out_of_range():
    assert m.percentile([], 50) is None
    with pytest.raises(ValueError):
        m.percentile([1.0], 101)


def test_median_of_odd_and_even():
    assert m.median([3, 1, 2]) == 2
    assert m.median([1, 2, 3, 4]) == 2.5


# -- report formatting and plot bins -------------------------------------------------------


def test_report_formats_rates_and_differences():
    from eval.report import fmt, fmt_delta

    assert fmt(0.6578, "rate") == "65.8%"
    assert fmt(None, "rate") == "—"
    assert fmt_delta(0.658, 0.034, "rate") == "+62.4 pp"
    assert fmt_delta(18.1, 12.8, "ms") == "+5.3"
    assert fmt_delta(None, 0.5, "rate") == "—"


def test_latency_bins_go_logarithmic_for_long_tails():
    from eval.plots import latency_bins

    edges, log = latency_bins([10.0, 12.0, 800.0])
    assert log and edges[0] < 10.0 and edges[-1] > 800.0
    edges, log = latency_bins([10.0, 12.0, 30.0])
    assert not log and edges[0] == 0.0
