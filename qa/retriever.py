"""Hybrid retrieval as a LangChain retriever: dense (Chroma) + lexical (BM25), fused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from index.fusion import (
    DENSE_WEIGHT,
    DEPTH,
    LEXICAL_WEIGHT,
    MAX_PER_SECTION,
    RRF_K,
    FusionParams,
    hybrid_rank,
)
from index.lexical import tokenize
from qa.types import Retrieved
from source.passages import ARTICLE_FIELDS

PRIOR_WEIGHT = 0.5  # a follow-up's previous citations: half a ranker's vote for first place

__all__ = ["DENSE_WEIGHT", "DEPTH", "LEXICAL_WEIGHT", "MAX_PER_SECTION", "RRF_K",
           "HybridRetriever"]


class HybridRetriever(BaseRetriever):
    """Reciprocal rank fusion of a dense and a lexical ranking, diversified by section."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any  # index.store.Index
    k: int = 10
    depth: int = DEPTH
    rrf_k: float = RRF_K
    dense_weight: float = DENSE_WEIGHT
    lexical_weight: float = LEXICAL_WEIGHT
    max_per_section: int = MAX_PER_SECTION
    prior_weight: float = PRIOR_WEIGHT

    def retrieve(
        self,
        query: str,
        dense_query: str | None = None,
        pinned: Sequence[str] = (),
        k: int | None = None,
        prior: Sequence[str] = (),
    ) -> list[Retrieved]:
        """Fused passages, best first, with each ranker's rank.

        `pinned` ids (rows a structured table filter selected) come first, in order.
        `prior` ids (the passages a follow-up's previous answer quoted) count as ranked
        first by one more ranker of weight `prior_weight`: they rise, they do not lead.
        """
        k = k or self.k  # per call: concurrent questions may ask for different k
        params = FusionParams(depth=self.depth, rrf_k=self.rrf_k,
                              dense_weight=self.dense_weight,
                              lexical_weight=self.lexical_weight,
                              max_per_section=self.max_per_section)
        ranking = hybrid_rank(self.index, query, dense_query=dense_query, k=k, params=params)
        passages = self.index.passages
        ranked = ranking.ranked
        if prior and self.prior_weight > 0:
            bonus = self.prior_weight / (self.rrf_k + 1)
            scores = dict(ranked)
            for pid in prior:
                if pid in passages:
                    scores[pid] = scores.get(pid, 0.0) + bonus
            ranked = sorted(scores.items(), key=lambda x: -x[1])
        if pinned:
            top = max((sc for _, sc in ranked), default=1.0)
            pinned_set = set(pinned)
            ranked = [(pid, top + 1.0 / (1 + i)) for i, pid in enumerate(pinned)] + [
                (pid, sc) for pid, sc in ranked if pid not in pinned_set]
        # The article's own record (its publication line, keywords, special issue) is
        # ranked for a question naming one of its fields ("which special issue ...?"),
        # not for the topic words its keywords or issue title share with every question.
        asked = set(tokenize(f"{query} {dense_query or ''}"))
        ranked = [(pid, sc) for pid, sc in ranked
                  if pid not in ARTICLE_FIELDS or asked & set(tokenize(ARTICLE_FIELDS[pid]))]
        ranked = ranked[: max(k, len(pinned))]
        d_rank = {pid: i for i, pid in enumerate(ranking.dense, start=1)}
        l_rank = {pid: i for i, pid in enumerate(ranking.lexical, start=1)}
        return [
            Retrieved(passage=passages[pid], score=score, dense_rank=d_rank.get(pid),
                      lexical_rank=l_rank.get(pid))
            for pid, score in ranked
        ]

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        """``retriever.invoke(query, k=3)``: the best ``k`` (default: the retriever's own)."""
        return [
            Document(
                page_content=r.passage.text,
                metadata={"passage_id": r.passage.id, "score": r.score,
                          "kind": r.passage.kind, "section": r.passage.section_path},
            )
            for r in self.retrieve(query, k=k)
        ]
