"""HybridRetriever as a LangChain retriever: LangChain's standard retriever tests
(langchain-tests), offline, over an index built in a temporary directory with the
deterministic fake embeddings; and `k` given to `invoke`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fakes import CountingEmbedding, sample_corpus
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import RetrieversIntegrationTests

from index.store import Index, ensure_index
from qa.retriever import HybridRetriever
from settings import Settings


@pytest.fixture(scope="module")
def fake_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    settings = Settings(index_dir=tmp_path_factory.mktemp("retriever-index"), k=4)
    index = ensure_index(settings, corpus=sample_corpus(), embeddings=CountingEmbedding(size=32),
                         progress=False, notify=lambda _message: None)
    try:
        yield index
    finally:
        index.close()


class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    """LangChain's contract for a retriever: k in the constructor and in invoke, sync and
    async, a list of Documents."""

    index: Index | None = None

    @pytest.fixture(autouse=True)
    def _the_index(self, fake_index: Index) -> None:
        type(self).index = fake_index

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"index": self.index}

    @property
    def retriever_query_example(self) -> str:
        return "Which circRNA binds YBX1 in sorafenib resistance?"


def test_invoke_k_overrides_the_retrievers_own(fake_index: Index) -> None:
    retriever = HybridRetriever(index=fake_index, k=5)
    assert len(retriever.invoke("circRNA-SORE sorafenib", k=1)) == 1
    assert len(retriever.invoke("circRNA-SORE sorafenib", k=3)) == 3
    assert len(retriever.invoke("circRNA-SORE sorafenib")) == 5
    one = retriever.invoke("circRNA-SORE sorafenib", k=1)[0]
    assert one.metadata["passage_id"] == retriever.retrieve("circRNA-SORE sorafenib")[0].passage.id
