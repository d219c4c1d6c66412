"""The naive baseline: what a newcomer following LangChain's RAG tutorial would build.

``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`` over the raw review
text, the same embedding model as the assistant, an in-memory Chroma collection searched
by similarity for the top 4 chunks, and the answer is the top chunk. No abstention, no
citations. Its answers are written in the results format, so the same metrics apply.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from eval.errors import EvalError

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4
DESCRIPTION = (
    "LangChain tutorial RAG: RecursiveCharacterTextSplitter(chunk_size=1000, "
    "chunk_overlap=200) over the raw text, same embedding model, Chroma similarity top-4; "
    "answer = the top chunk"
)


def default_source() -> Path:
    """The review the assistant reads: settings.source, else the bundled article."""
    from settings import PROJECT_ROOT, get_settings

    configured = get_settings().source
    if configured is not None:
        return Path(configured)
    return PROJECT_ROOT / "source" / "data" / "hepatoma-res-2023-9-46.txt"


def load_embeddings() -> Embeddings:
    """The assistant's embedding model (``QA_MODEL_PATH`` or the packaged all-MiniLM-L6-v2),
    loaded by the index stage's loader, offline; in one process both share the model."""
    from index.embeddings import default_embeddings
    from settings import get_settings

    settings = get_settings()
    return default_embeddings(settings.model_path, settings.embed_batch_size)


@dataclass(frozen=True)
class Chunk:
    """A retrieved chunk with its similarity (1 - cosine distance)."""

    id: str
    text: str
    score: float


@dataclass(frozen=True)
class BaselineAnswer:
    """The baseline's answer: the top chunk; serialises like ``qa.types.Answer``."""

    question: str
    text: str
    retrieved: tuple[Chunk, ...]
    latency_ms: float
    abstained: bool = False
    citations: tuple[Any, ...] = ()
    timings: dict[str, float] = field(default_factory=dict, hash=False)

    def to_json(self, qid: str | None = None) -> dict[str, Any]:
        """The results format of DESIGN.md (one line of results.jsonl)."""
        out: dict[str, Any] = {} if qid is None else {"id": qid}
        out.update(
            {
                "question": self.question,
                "answer": self.text,
                "abstained": self.abstained,
                "citations": [],
                "retrieved": [
                    {
                        "passage_id": c.id,
                        "text": c.text,
                        "score": round(c.score, 6),
                        "kind": "chunk",
                    }
                    for c in self.retrieved
                ],
                "latency_ms": round(self.latency_ms, 2),
            }
        )
        return out


class BaselineRAG:
    """The tutorial pipeline, built in memory at construction (a few seconds on 2 cores)."""

    name = "baseline"
    description = DESCRIPTION

    def __init__(
        self,
        source: Path | None = None,
        embeddings: Embeddings | None = None,
        k: int = TOP_K,
        chunk_size: int = CHUNK_SIZE,
        chunk_overlap: int = CHUNK_OVERLAP,
    ) -> None:
        import chromadb
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        path = Path(source) if source is not None else default_source()
        if not path.is_file():
            raise EvalError(f"baseline: review text not found: {path}")
        self.k = k
        self.embeddings = embeddings if embeddings is not None else load_embeddings()
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=chunk_size, chunk_overlap=chunk_overlap, add_start_index=True
        )
        doc = Document(
            page_content=path.read_text(encoding="utf-8"), metadata={"source": str(path)}
        )
        self.chunks = splitter.split_documents([doc])
        self._client = chromadb.EphemeralClient(
            settings=chromadb.config.Settings(anonymized_telemetry=False)
        )
        # A unique name: in-memory clients of one process share their collections.
        self._collection = f"baseline-{uuid.uuid4().hex[:12]}"
        self.store = Chroma(
            collection_name=self._collection,
            embedding_function=self.embeddings,
            client=self._client,
            collection_metadata={"hnsw:space": "cosine"},
        )
        ids = [f"chunk-{i:03d}" for i in range(len(self.chunks))]
        self.store.add_documents(self.chunks, ids=ids)

    def ask(self, question: str, history: list[tuple[str, str]] | None = None) -> BaselineAnswer:
        """Retrieve the top-k chunks by similarity; the answer is the first one's text."""
        t0 = time.perf_counter()
        hits = self.store.similarity_search_with_score(question, k=self.k)
        chunks = tuple(
            Chunk(id=str(doc.id or ""), text=doc.page_content, score=1.0 - float(dist))
            for doc, dist in hits
        )
        ms = (time.perf_counter() - t0) * 1000
        return BaselineAnswer(
            question=question,
            text=chunks[0].text if chunks else "",
            retrieved=chunks,
            latency_ms=ms,
            timings={"total_ms": ms},
        )

    def close(self) -> None:
        """Drop the in-memory collection."""
        self._client.delete_collection(self._collection)
