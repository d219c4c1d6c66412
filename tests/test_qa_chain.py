"""The assistant's wiring over a small real Chroma + BM25 index with a deterministic fake
embedding (no model): the LCEL chain, the LangChain retriever, bad input, table rows,
abstention on names the corpus lacks, and the results-format JSON.

The fake embedding gives meaningless similarities, so these tests assert only what does
not depend on them: structure, table filters (structural), and unknown-word abstention.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fakes import CountingEmbedding, sample_corpus
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable

from index.store import ensure_index
from qa import ABSTAIN_TEXT, Answer, Assistant, QuestionError
from qa.retriever import HybridRetriever
from settings import Settings
from source import load_review


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    settings = Settings(index_dir=tmp_path_factory.mktemp("fake-index"), k=5)
    index = ensure_index(
        settings,
        corpus=sample_corpus(),
        embeddings=CountingEmbedding(size=32),
        progress=False,
        notify=lambda _msg: None,
    )
    try:
        yield Assistant(settings, index=index, review=load_review())
    finally:
        index.close()


# -- the chain ---------------------------------------------------------------------


def test_chain_is_an_lcel_runnable(assistant: Assistant) -> None:
    assert isinstance(assistant.chain, Runnable)
    assert callable(assistant.chain.invoke) and callable(assistant.chain.stream)


def test_chain_steps_run_in_pipeline_order(assistant: Assistant) -> None:
    names = [step.name for step in assistant.chain.steps]  # type: ignore[attr-defined]
    assert names == ["literature_question", "standalone_question", "follow_up_literature",
                     "retrieve", "compose_answer", "verify_citations"]


def test_chain_invoke_returns_an_answer(assistant: Assistant) -> None:
    answer = assistant.chain.invoke(
        {"question": "How many rows of Table 1 are in vitro only?", "history": [], "k": 5}
    )
    assert isinstance(answer, Answer)
    assert answer.question == "How many rows of Table 1 are in vitro only?"


def test_chain_batch_answers_each_question(assistant: Assistant) -> None:
    qs = ["Which rows of Table 1 were published in 2021?", "What about pembrolizumab?"]
    answers = assistant.chain.batch([{"question": q, "history": [], "k": 5} for q in qs])
    assert [a.question for a in answers] == qs


# -- the retriever -------------------------------------------------------------------


def test_retriever_is_a_langchain_base_retriever(assistant: Assistant) -> None:
    assert isinstance(assistant.retriever, BaseRetriever)


def test_retriever_returns_documents_with_passage_ids(assistant: Assistant) -> None:
    docs = HybridRetriever(index=assistant.index, k=4).invoke("circUHRF1 anti-PD1 resistance")
    assert len(docs) == 4 and all(isinstance(d, Document) for d in docs)
    ids = [d.metadata["passage_id"] for d in docs]
    assert len(set(ids)) == 4
    for d in docs:
        assert d.page_content == assistant.index.passages[d.metadata["passage_id"]].text
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)


def test_retriever_pinned_rows_come_first_in_order(assistant: Assistant) -> None:
    got = HybridRetriever(index=assistant.index, k=3).retrieve(
        "anything", pinned=["table1/row-03", "table1/row-01"]
    )
    assert [r.passage.id for r in got[:2]] == ["table1/row-03", "table1/row-01"]
    assert len({r.passage.id for r in got}) == len(got)


def test_retriever_returns_all_pinned_even_beyond_k(assistant: Assistant) -> None:
    pinned = ["table1/row-01", "table1/row-02", "table1/row-03"]
    got = HybridRetriever(index=assistant.index, k=2).retrieve("x", pinned=pinned)
    assert [r.passage.id for r in got] == pinned


@pytest.mark.parametrize("query", ["circUHRF1 anti-PD1 resistance", "sorafenib", "Table 1 row"])
def test_index_hybrid_search_is_the_assistants_ranking(assistant: Assistant, query: str) -> None:
    """`python -m index search --mode hybrid` shows what the answers are built from."""
    for k in (3, 8):
        shown = assistant.index.hybrid_search(query, k)
        used = assistant.retriever.retrieve(query, k=k)
        assert [(pid, score) for pid, score in shown] == [(r.passage.id, r.score) for r in used]


# -- ask: bad input ------------------------------------------------------------------


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "\x00\x01"])
def test_ask_refuses_empty_questions(assistant: Assistant, question: str) -> None:
    with pytest.raises(QuestionError, match="Please type a question"):
        assistant.ask(question)


def test_ask_refuses_over_2000_chars_saying_the_limit(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="2,000"):
        assistant.ask("What is HCC? " + "x" * 2000)


def test_ask_k_sets_how_many_passages_are_retrieved(assistant: Assistant) -> None:
    assert len(assistant.ask("exosome secretion and lenvatinib", k=3).retrieved) == 3


# -- ask: tables and abstention (independent of the fake similarities) ----------------


def test_table_filter_cites_exactly_the_matching_rows(assistant: Assistant) -> None:
    answer = assistant.ask("Which rows of Table 1 are in vitro only?")
    assert not answer.abstained
    cited = [c.passage_id for c in answer.citations]
    assert cited == ["table1/row-02", "table1/row-03"]
    assert all(c.passage.cells["Study type"] == "In vitro" for c in answer.citations)


def test_unknown_drug_abstains_and_shows_closest_evidence(assistant: Assistant) -> None:
    answer = assistant.ask("What does the review say about pembrolizumab?")
    assert answer.abstained and answer.text == ABSTAIN_TEXT
    assert answer.citations == ()
    assert len(answer.retrieved) > 0
    assert "pembrolizumab" in answer.notice


# -- the results format --------------------------------------------------------------


def test_answer_json_has_the_results_format(assistant: Assistant) -> None:
    out = assistant.ask("How many rows of Table 1 are in vitro only?").to_json("q1")
    assert {"id", "question", "answer", "abstained", "citations", "retrieved", "latency_ms"} <= set(
        out
    )
    assert out["id"] == "q1" and isinstance(out["abstained"], bool)
    for c in out["citations"]:
        assert {"marker", "passage_id", "quote", "text"} <= set(c)
        assert c["quote"] in c["text"]
        assert re.fullmatch(r"\[\d+\]", c["marker"])
    for r in out["retrieved"]:
        assert {"passage_id", "text", "score"} <= set(r)
        assert isinstance(r["score"], float)
    assert out["latency_ms"] > 0


def test_citations_carry_the_reference_entries_they_cite(assistant: Assistant) -> None:
    answer = assistant.ask("Which rows of Table 1 are in vitro only?")
    row2 = next(c for c in answer.citations if c.passage_id == "table1/row-02")
    assert set(row2.references) == {20}  # the sample row cites [20]
    assert row2.references[20] == assistant.review.references[20].text
