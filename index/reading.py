"""Reading the index: open it (checked against the source and model), search it, or
say what is wrong with it.

``Index.open`` never builds: it raises an error that says what to run.
``ensure_index`` (the app's entry) rebuilds with a notice instead; ``index_status`` is
what ``python -m index info`` shows.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from index.build import Notify, build_index, stderr_notify
from index.chroma import close, connect, get_collection, store_location
from index.embeddings import default_embeddings, embedder_identity, encode_query
from index.errors import (
    BUILD_COMMAND,
    REBUILD_COMMAND,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    IndexStageError,
)
from index.fusion import hybrid_rank
from index.lexical import LexicalIndex
from index.lock import build_running, busy_error, dir_size
from index.manifest import (
    BM25_DIR,
    Corpus,
    Manifest,
    changed_since,
    compute_fingerprint,
    read_manifest,
    read_passages,
)
from settings import Settings, get_settings
from source.model import Passage

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

_QUERY_CACHE_SIZE = 256


class Index:
    """An opened, checked index: dense (Chroma) and lexical (BM25) search over passages.

    Open it with :meth:`Index.open` (raises when missing or stale) or
    :func:`ensure_index` (rebuilds when needed). Searches return
    ``(passage_id, score)`` lists, best first; ``passages`` maps id -> Passage.
    """

    def __init__(
        self,
        *,
        settings: Settings,
        manifest: Manifest,
        client: ClientAPI,
        collection: Collection,
        lexical: LexicalIndex,
        passages: dict[str, Passage],
        embeddings: Embeddings,
    ) -> None:
        self.settings = settings
        self.manifest = manifest
        self.passages = passages
        self.embeddings = embeddings
        self._client = client
        self._collection = collection
        self._lexical = lexical
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @classmethod
    def open(
        cls,
        settings: Settings | None = None,
        *,
        corpus: Corpus | None = None,
        embeddings: Embeddings | None = None,
        check: bool = True,
    ) -> Index:
        """Open the index where settings point.

        With ``check`` (default) the stored fingerprint is compared with the current
        source, parser and model; a mismatch raises IndexMismatchError. Missing,
        interrupted or damaged indexes raise IndexMissingError / IndexCorruptError;
        a build in progress raises IndexBusyError. Each message says what to run.
        """
        settings = settings or get_settings()
        index_dir = settings.index_dir
        if index_dir.exists() and not index_dir.is_dir():
            raise IndexCorruptError(
                f"QA_INDEX_DIR={index_dir} is a file, not a directory. "
                "Point QA_INDEX_DIR at a directory and run: " + BUILD_COMMAND
            )
        if build_running(index_dir):
            raise busy_error(index_dir)
        manifest = read_manifest(index_dir) if index_dir.is_dir() else None
        if manifest is None:
            raise IndexMissingError(f"No index in {index_dir}. Run: {BUILD_COMMAND}")
        if not manifest.complete:
            raise IndexMissingError(
                f"The index in {index_dir} is incomplete: an earlier build did not finish. "
                f"Run: {REBUILD_COMMAND}"
            )
        embeddings = embeddings or default_embeddings(
            settings.model_path, settings.embed_batch_size
        )
        if check:
            corpus = corpus or Corpus.from_source(settings)
            current = compute_fingerprint(corpus, embedder_identity(embeddings))
            if current != manifest.fingerprint:
                raise IndexMismatchError(_mismatch_message(index_dir, manifest, corpus, embeddings))
        if manifest.chroma_url != settings.chroma_url or manifest.collection != settings.collection:
            raise IndexMismatchError(
                f"The index in {index_dir} was built for collection {manifest.collection!r} at "
                f"{manifest.chroma_url or 'the local directory'}; settings now name "
                f"{settings.collection!r} at {settings.chroma_url or 'the local directory'}. "
                f"Run: {BUILD_COMMAND}"
            )
        client = connect(settings)
        try:
            return cls._load(settings, manifest, client, embeddings)
        except BaseException:
            close(client)
            raise

    @classmethod
    def _load(
        cls, settings: Settings, manifest: Manifest, client: ClientAPI, embeddings: Embeddings
    ) -> Index:
        index_dir = settings.index_dir
        where = store_location(settings)
        try:
            collection = get_collection(client, settings.collection)
        except Exception as exc:  # a damaged store: Chroma's InternalError and kin
            raise IndexCorruptError(
                f"The Chroma store in {where} cannot be read ({exc}). Run: {REBUILD_COMMAND}"
            ) from exc
        if collection is None:
            raise IndexCorruptError(
                f"The Chroma collection {settings.collection!r} is missing from {where}. "
                f"Run: {REBUILD_COMMAND}"
            )
        if (collection.metadata or {}).get("fingerprint") != manifest.fingerprint:
            raise IndexMismatchError(
                f"The Chroma collection {settings.collection!r} in {where} holds another build "
                f"than the manifest in {index_dir}. Run: {REBUILD_COMMAND}"
            )
        try:
            count = collection.count()
        except Exception as exc:
            raise IndexCorruptError(
                f"The Chroma collection in {where} cannot be read ({exc}). Run: {REBUILD_COMMAND}"
            ) from exc
        try:
            lexical = LexicalIndex.load(index_dir / BM25_DIR)
            passages = read_passages(index_dir)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise IndexCorruptError(
                f"The index in {index_dir} is damaged ({exc}). Run: {REBUILD_COMMAND}"
            ) from exc
        if not (count == len(passages) == manifest.passages) or set(lexical.ids) != set(passages):
            raise IndexCorruptError(
                f"The index in {index_dir} is inconsistent ({count} vectors, {len(passages)} "
                f"passages, {manifest.passages} in the manifest). Run: {REBUILD_COMMAND}"
            )
        return cls(
            settings=settings,
            manifest=manifest,
            client=client,
            collection=collection,
            lexical=lexical,
            passages=passages,
            embeddings=embeddings,
        )

    def close(self) -> None:
        """Release the Chroma client."""
        close(self._client)

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def fingerprint(self) -> str:
        return self.manifest.fingerprint

    def __len__(self) -> int:
        return len(self.passages)

    def embed_query(self, text: str) -> np.ndarray:
        """Unit-length query vector (cached: a repeated question costs no model call)."""
        with self._cache_lock:
            hit = self._query_cache.get(text)
            if hit is not None:
                self._query_cache.move_to_end(text)
                return hit
        vector = encode_query(self.embeddings, text)
        vector.setflags(write=False)
        with self._cache_lock:
            self._query_cache[text] = vector
            if len(self._query_cache) > _QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vector

    def clear_query_cache(self) -> None:
        """Forget the cached query vectors (a benchmark times each question's embedding)."""
        with self._cache_lock:
            self._query_cache.clear()

    def dense_search(
        self, query: str | Sequence[float] | np.ndarray, k: int = 10
    ) -> list[tuple[str, float]]:
        """Nearest passages by cosine similarity (score = 1 - cosine distance)."""
        from chromadb.errors import NotFoundError

        vector = (
            self.embed_query(query) if isinstance(query, str) else np.asarray(query, np.float32)
        )
        n = min(k, len(self.passages))
        if n <= 0:
            return []
        try:
            result = self._collection.query(
                query_embeddings=vector.reshape(1, -1), n_results=n, include=["distances"]
            )
        except NotFoundError as exc:
            raise IndexMismatchError(
                "The index was rebuilt by another process after it was opened; "
                "open it again (restart the app)."
            ) from exc
        ids = result["ids"][0]
        distances = (result.get("distances") or [[]])[0]
        return [(pid, 1.0 - float(d)) for pid, d in zip(ids, distances, strict=True)]

    def vectorstore(self) -> Any:
        """The same collection as a LangChain ``Chroma`` vector store (for LangChain chains)."""
        from langchain_chroma import Chroma

        return Chroma(
            client=self._client,
            collection_name=self.settings.collection,
            embedding_function=self.embeddings,
        )

    def lexical_search(self, text: str, k: int = 10) -> list[tuple[str, float]]:
        """BM25 matches with a positive score, best first (may be fewer than ``k``)."""
        return self._lexical.search(text, k)

    def hybrid_search(self, text: str, k: int = 10) -> list[tuple[str, float]]:
        """The assistant's ranking of ``text`` (``index.fusion.hybrid_rank``), best ``k``."""
        return hybrid_rank(self, text, k=k).ranked[:k]

    def search(self, text: str, k: int = 10, mode: str = "hybrid") -> list[tuple[str, float]]:
        """``mode`` is dense, lexical or hybrid."""
        if mode == "dense":
            return self.dense_search(text, k)
        if mode == "lexical":
            return self.lexical_search(text, k)
        if mode == "hybrid":
            return self.hybrid_search(text, k)
        raise ValueError(f"unknown search mode {mode!r} (dense, lexical or hybrid)")


def _mismatch_message(
    index_dir: Path, manifest: Manifest, corpus: Corpus, embeddings: Embeddings
) -> str:
    changed = changed_since(manifest, corpus, embedder_identity(embeddings))
    what = ", ".join(changed) or "the passages"
    return (
        f"The index in {index_dir} is stale: {what} changed since it was built. "
        f"Run: {BUILD_COMMAND}"
    )


def ensure_index(
    settings: Settings | None = None,
    *,
    corpus: Corpus | None = None,
    embeddings: Embeddings | None = None,
    notify: Notify | None = None,
    progress: bool = True,
) -> Index:
    """Open the index, building or rebuilding it first (with a notice) when needed.

    This is what the app and ``qa`` call at start-up. A build running elsewhere
    (IndexBusyError), an unwritable directory or an unreachable server still raise.
    """
    settings = settings or get_settings()
    notify = notify or stderr_notify
    embeddings = embeddings or default_embeddings(settings.model_path, settings.embed_batch_size)
    corpus = corpus or Corpus.from_source(settings)
    try:
        return Index.open(settings, corpus=corpus, embeddings=embeddings)
    except (IndexMissingError, IndexMismatchError, IndexCorruptError) as exc:
        damaged = isinstance(exc, IndexCorruptError)
        problem = str(exc).split(" Run:")[0]
        notify(f"{problem} Building the index now (this happens once)...")
        report = build_index(
            settings,
            corpus=corpus,
            embeddings=embeddings,
            rebuild=damaged,
            progress=progress,
            notify=notify,
        )
        notify(report.summary())
    return Index.open(settings, corpus=corpus, embeddings=embeddings)


# -- status for `index info` -----------------------------------------------------------


@dataclass(frozen=True)
class IndexStatus:
    """What ``python -m index info`` shows; ``problem`` is empty when the index is usable."""

    index_dir: Path
    location: str
    manifest: Manifest | None
    problem: str
    size_bytes: int
    current_fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def index_status(
    settings: Settings | None = None,
    *,
    corpus: Corpus | None = None,
    embeddings: Embeddings | None = None,
) -> IndexStatus:
    """Inspect the index without building anything and without raising for its problems."""
    settings = settings or get_settings()
    index_dir = settings.index_dir
    manifest: Manifest | None = None
    problem = ""
    current = ""
    try:
        manifest = read_manifest(index_dir) if index_dir.is_dir() else None
    except IndexCorruptError as exc:
        problem = str(exc)
    if not problem:
        try:
            embeddings = embeddings or default_embeddings(
                settings.model_path, settings.embed_batch_size
            )
            corpus = corpus or Corpus.from_source(settings)
            current = compute_fingerprint(corpus, embedder_identity(embeddings))
            Index.open(settings, corpus=corpus, embeddings=embeddings).close()
        except IndexStageError as exc:
            problem = str(exc)
    return IndexStatus(
        index_dir=index_dir,
        location=store_location(settings),
        manifest=manifest,
        problem=problem,
        size_bytes=dir_size(index_dir) if index_dir.is_dir() else 0,
        current_fingerprint=current,
    )
