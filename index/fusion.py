"""The one hybrid ranking: dense and lexical rankings fused by weighted reciprocal rank,
then diversified by section.

The assistant's retriever (``qa.retriever.HybridRetriever``) and ``python -m index search
--mode hybrid`` (``Index.hybrid_search``) both rank with :func:`hybrid_rank`, so the
debugging tool shows the ranking the answers are built from (the assistant adds only
what it knows about the question: its expansions for the lexical ranker, and the table
rows a structured filter pins in front).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Tuned on eval/questions.jsonl (see README "Retrieval"): lexical evidence weighs more
# than dense, since all-MiniLM-L6-v2 is weak on this field's names.
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 1.5
RRF_K = 10.0
DEPTH = 40  # candidates taken from each ranker before fusion
MAX_PER_SECTION = 4  # passages of one section before others get a turn


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]],
    weights: Sequence[float] | None = None,
    k: float = 60.0,
) -> list[tuple[str, float]]:
    """Fuse ranked id lists: score(d) = sum_i w_i / (k + rank_i(d)), rank 1-based.

    Ids missing from a ranking contribute nothing from it. Ties keep the order in
    which ids were first seen (first ranking first).
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[str, float] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        for rank, doc in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + w / (k + rank)
    order = {doc: i for i, doc in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def diversify(
    ranked: Sequence[tuple[str, float]],
    group_of: Callable[[str], str],
    max_per_group: int,
) -> list[tuple[str, float]]:
    """Keep the ranking but push the (max_per_group+1)-th and later items of any one
    group behind every other item, so one section cannot fill every slot."""
    if max_per_group < 1:
        raise ValueError("max_per_group must be at least 1")
    seen: dict[str, int] = {}
    head: list[tuple[str, float]] = []
    tail: list[tuple[str, float]] = []
    for doc, score in ranked:
        g = group_of(doc)
        seen[g] = seen.get(g, 0) + 1
        (head if seen[g] <= max_per_group else tail).append((doc, score))
    return head + tail


@dataclass(frozen=True)
class FusionParams:
    """How the two rankings are fused; the defaults are the assistant's."""

    depth: int = DEPTH
    rrf_k: float = RRF_K
    dense_weight: float = DENSE_WEIGHT
    lexical_weight: float = LEXICAL_WEIGHT
    max_per_section: int = MAX_PER_SECTION


@dataclass(frozen=True)
class HybridRanking:
    """Every fused candidate, best first, and the two rankings it was fused from."""

    ranked: list[tuple[str, float]]
    dense: list[str]
    lexical: list[str]


def hybrid_rank(
    index: Any,
    query: str,
    *,
    dense_query: str | None = None,
    k: int = 10,
    params: FusionParams = FusionParams(),  # noqa: B008 - frozen, shared safely
) -> HybridRanking:
    """Fuse ``index``'s dense ranking of ``dense_query`` (default: ``query``) with its
    BM25 ranking of ``query``, each ``max(params.depth, k)`` deep, and diversify by
    section. ``index`` is an ``index.store.Index`` (or anything with its searches and
    ``passages``)."""
    passages = index.passages
    depth = min(len(passages), max(params.depth, k))
    dense = [pid for pid, _ in index.dense_search(dense_query or query, depth)]
    lexical = [pid for pid, _ in index.lexical_search(query, depth)]
    fused = reciprocal_rank_fusion(
        [dense, lexical], weights=[params.dense_weight, params.lexical_weight],
        k=params.rrf_k)

    def section(pid: str) -> str:
        return str(passages[pid].section_path)

    return HybridRanking(diversify(fused, section, params.max_per_section), dense, lexical)
