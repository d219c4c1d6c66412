"""Pure ranking helpers: reciprocal rank fusion and a per-section diversity cap."""

from __future__ import annotations

from collections.abc import Callable, Sequence


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
