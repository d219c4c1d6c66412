"""Hybrid retrieval as a LangChain retriever: dense (Chroma) + lexical (BM25), fused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from qa.fusion import diversify, reciprocal_rank_fusion
from qa.types import Retrieved

# Tuned on eval/questions.jsonl (see README "Retrieval"): lexical evidence weighs more
# than dense, since all-MiniLM-L6-v2 is weak on this field's names; the dense ranker
# reads the question as asked, BM25 the question with its expansions.
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 1.5
RRF_K = 10.0
DEPTH = 40  # candidates taken from each ranker before fusion
MAX_PER_SECTION = 4  # passages of one section before others get a turn


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

    def retrieve(
        self,
        query: str,
        dense_query: str | None = None,
        pinned: Sequence[str] = (),
        k: int | None = None,
    ) -> list[Retrieved]:
        """Fused passages, best first, with each ranker's rank.

        `pinned` ids (rows a structured table filter selected) come first, in order.
        """
        k = k or self.k  # per call: concurrent questions may ask for different k
        n = len(self.index.passages)
        depth = min(n, max(self.depth, k))
        dense = [pid for pid, _ in self.index.dense_search(dense_query or query, depth)]
        lexical = [pid for pid, _ in self.index.lexical_search(query, depth)]
        fused = reciprocal_rank_fusion(
            [dense, lexical], weights=[self.dense_weight, self.lexical_weight], k=self.rrf_k
        )
        passages = self.index.passages

        def section(pid: str) -> str:
            return passages[pid].section_path

        ranked = diversify(fused, section, self.max_per_section)
        if pinned:
            top = max((sc for _, sc in ranked), default=1.0)
            pinned_set = set(pinned)
            ranked = [(pid, top + 1.0 / (1 + i)) for i, pid in enumerate(pinned)] + [
                (pid, sc) for pid, sc in ranked if pid not in pinned_set]
        ranked = ranked[: max(k, len(pinned))]
        d_rank = {pid: i for i, pid in enumerate(dense, start=1)}
        l_rank = {pid: i for i, pid in enumerate(lexical, start=1)}
        return [
            Retrieved(passage=passages[pid], score=score, dense_rank=d_rank.get(pid),
                      lexical_rank=l_rank.get(pid))
            for pid, score in ranked
        ]

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(
                page_content=r.passage.text,
                metadata={"passage_id": r.passage.id, "score": r.score,
                          "kind": r.passage.kind, "section": r.passage.section_path},
            )
            for r in self.retrieve(query)
        ]
