"""Building the index: passages embedded into Chroma beside a BM25 index, under the lock.

A build whose fingerprint matches a complete manifest does nothing; otherwise it
rebuilds, re-embedding only texts whose vectors it does not already hold for this
model. The manifest is written first as incomplete and last as complete, so an
interrupted build is seen as one.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
from filelock import Timeout
from langchain_core.embeddings import Embeddings

from index.chroma import (
    chroma_metadata,
    close,
    connect,
    delete_collection,
    existing_vectors,
    get_collection,
    store_location,
)
from index.embeddings import default_embeddings, embedder_identity, encode_texts
from index.errors import IndexCorruptError, IndexStageError
from index.lexical import TOKENIZER_VERSION, LexicalIndex
from index.lock import build_lock, busy_error, prepare_dir, wipe
from index.manifest import (
    BM25_DIR,
    FORMAT_VERSION,
    PASSAGES_FILE,
    Corpus,
    Manifest,
    compute_fingerprint,
    content_hash,
    passage_document,
    read_manifest,
    write_manifest,
    write_passages,
)
from settings import Settings, get_settings
from source.model import Passage

if TYPE_CHECKING:
    from pathlib import Path

    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

Notify = Callable[[str], None]


@dataclass(frozen=True)
class BuildReport:
    """What a build did: ``embedded`` texts were encoded, ``reused`` came from the store."""

    fingerprint: str
    passages: int
    embedded: int
    reused: int
    skipped: bool
    seconds: float
    reason: str
    location: str

    def summary(self) -> str:
        if self.skipped:
            return (
                f"Index is up to date ({self.passages} passages, fingerprint "
                f"{self.fingerprint[:12]}); nothing re-embedded ({self.seconds:.2f}s)."
            )
        return (
            f"Built the index: {self.passages} passages, {self.embedded} embedded, "
            f"{self.reused} reused, in {self.seconds:.1f}s ({self.reason}). "
            f"Fingerprint {self.fingerprint[:12]}, stored in {self.location}."
        )


def stderr_notify(message: str) -> None:
    """The default notice: one line on stderr."""
    print(message, file=sys.stderr, flush=True)


def build_index(
    settings: Settings | None = None,
    *,
    corpus: Corpus | None = None,
    embeddings: Embeddings | None = None,
    rebuild: bool = False,
    progress: bool = True,
    notify: Notify | None = None,
) -> BuildReport:
    """Build (or confirm) the index where settings point; the one writer, via a lock.

    Nothing changed -> nothing is re-embedded. ``rebuild=True`` wipes everything and
    re-embeds every passage. A second build while one runs raises IndexBusyError at
    once. The manifest is written last, so an interrupted build is seen as one.
    """
    settings = settings or get_settings()
    index_dir = settings.index_dir
    notify = notify or stderr_notify
    prepare_dir(index_dir)
    lock = build_lock(index_dir)
    try:
        lock.acquire()
    except Timeout:
        raise busy_error(index_dir) from None
    try:
        return _build_locked(settings, corpus, embeddings, rebuild, progress, notify)
    finally:
        lock.release()


def _build_locked(
    settings: Settings,
    corpus: Corpus | None,
    embeddings: Embeddings | None,
    rebuild: bool,
    progress: bool,
    notify: Notify,
) -> BuildReport:
    started = time.perf_counter()
    embeddings = embeddings or default_embeddings(settings.model_path, settings.embed_batch_size)
    identity = embedder_identity(embeddings)
    corpus = corpus or Corpus.from_source(settings)
    for warning in corpus.warnings:  # the parser's ("row 3 could not be split")
        notify(f"source warning: {warning}")
    _check_ids(corpus.passages)
    job = _Build(settings, corpus, embeddings, identity, compute_fingerprint(corpus, identity),
                 rebuild, progress, notify, started)
    client, reason = job.connect()
    if not reason:
        close(client)
        return job.report(embedded=0, reused=len(corpus.passages), reason="up to date",
                          skipped=True)
    try:
        return job.write(client, reason)
    finally:
        close(client)


def _check_ids(passages: Sequence[Passage]) -> None:
    if not passages:
        raise IndexStageError("The review produced no passages: nothing to index.")
    ids = [p.id for p in passages]
    if len(set(ids)) != len(ids):
        dupes = sorted(pid for pid, n in Counter(ids).items() if n > 1)
        raise IndexStageError(f"Passage ids must be unique; repeated: {', '.join(dupes[:5])}")


@dataclass(frozen=True)
class _Build:
    """One build under the lock: what it builds from, and its steps."""

    settings: Settings
    corpus: Corpus
    embeddings: Embeddings
    identity: str
    fingerprint: str
    rebuild: bool
    progress: bool
    notify: Notify
    started: float

    def connect(self) -> tuple[ClientAPI, str]:
        """A client ready to write, and why a build is needed ('' when up to date)."""
        settings = self.settings
        try:
            client = connect(settings)
        except IndexCorruptError as exc:
            self.notify(f"{exc}\nWiping the damaged index and building it again.")
            wipe(settings.index_dir, settings)
            return connect(settings), "the store was damaged"
        if self.rebuild:
            return self._drop_or_wipe(client), "--rebuild"
        try:
            reason = up_to_date(settings.index_dir, settings, client, self.fingerprint,
                                len(self.corpus.passages))
        except Exception as exc:  # a damaged collection: rebuild it
            return self._drop_or_wipe(client), f"the stored index cannot be read ({exc})"
        return client, reason

    def _drop_or_wipe(self, client: ClientAPI) -> ClientAPI:
        settings = self.settings
        try:  # dropping the collection (not the directory) keeps open readers sane
            delete_collection(client, settings.collection)
        except Exception as exc:  # the store opens but its collection is damaged
            self.notify(f"Cannot drop the old collection ({exc}); wiping the index directory.")
            close(client)
            wipe(settings.index_dir, settings)
            client = connect(settings)
        return client

    def write(self, client: ClientAPI, reason: str) -> BuildReport:
        """Embed what the store lacks, then BM25, passages.json and the manifest."""
        settings, passages = self.settings, self.corpus.passages
        index_dir = settings.index_dir
        write_manifest(index_dir, Manifest(complete=False, fingerprint=self.fingerprint,
                                           model=self.identity))
        (index_dir / PASSAGES_FILE).unlink(missing_ok=True)
        have = {} if self.rebuild else self._reusable(client)
        delete_collection(client, settings.collection)
        collection = client.create_collection(
            settings.collection,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"fingerprint": "building", "model": self.identity},
            embedding_function=None,
        )
        documents = [passage_document(p) for p in passages]
        keys = [content_hash(self.identity, d) for d in documents]
        reused = [i for i, key in enumerate(keys) if key in have]
        missing = [i for i, key in enumerate(keys) if key not in have]
        add = _Adder(collection, passages, keys, max(1, client.get_max_batch_size()))
        dims = 0
        if reused:
            vectors = np.stack([have[keys[i]] for i in reused])
            dims = vectors.shape[1]
            add(reused, vectors)
        dims = self._embed(add, documents, missing, dims)
        LexicalIndex.build([p.id for p in passages], documents).save(index_dir / BM25_DIR)
        write_passages(index_dir, passages)
        collection.modify(metadata={"fingerprint": self.fingerprint, "model": self.identity,
                                    "passages": len(passages)})
        seconds = time.perf_counter() - self.started
        write_manifest(index_dir, self._manifest(dims, len(missing), len(reused), seconds))
        return self.report(embedded=len(missing), reused=len(reused), reason=reason,
                           seconds=seconds)

    def _reusable(self, client: ClientAPI) -> dict[str, np.ndarray]:
        try:
            return existing_vectors(get_collection(client, self.settings.collection))
        except Exception as exc:  # a damaged old collection only costs us the reuse
            self.notify(f"Cannot reuse the stored vectors ({exc}); embedding every passage.")
            return {}

    def _embed(self, add: _Adder, documents: list[str], missing: list[int], dims: int) -> int:
        """Encode the missing documents in batches, adding each batch as it is done."""
        from tqdm import tqdm

        # Longest first, like SentenceTransformer.encode sorts, so batches pad little.
        missing.sort(key=lambda i: -len(documents[i]))
        if missing and hasattr(self.embeddings, "model"):
            _ = self.embeddings.model  # load first, so the progress bar measures encoding
        batch = max(1, self.settings.embed_batch_size)
        with tqdm(total=len(missing), desc="Embedding passages", unit="passage",
                  file=sys.stderr, disable=not self.progress or not missing,
                  leave=False) as bar:
            for part in _chunks(missing, batch):
                vectors = encode_texts(self.embeddings, [documents[i] for i in part])
                if dims and vectors.shape[1] != dims:
                    raise IndexStageError(
                        f"The model returned {vectors.shape[1]}-d vectors, the store holds "
                        f"{dims}-d.")
                dims = vectors.shape[1]
                add(part, vectors)  # added as we go: a killed build keeps what it embedded
                bar.update(len(part))
        return dims

    def _manifest(self, dims: int, embedded: int, reused: int, seconds: float) -> Manifest:
        settings, passages = self.settings, self.corpus.passages
        return Manifest(
            complete=True,
            fingerprint=self.fingerprint,
            model=self.identity,
            model_path=str(getattr(self.embeddings, "model_path", "")),
            dimensions=int(dims),
            passages=len(passages),
            kinds=dict(Counter(p.kind for p in passages)),
            source_sha256=self.corpus.source_sha256,
            parser_version=self.corpus.parser_version,
            tokenizer_version=TOKENIZER_VERSION,
            format_version=FORMAT_VERSION,
            collection=settings.collection,
            chroma_url=settings.chroma_url,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=round(seconds, 3),
            embedded=embedded,
            reused=reused,
        )

    def report(self, *, embedded: int, reused: int, reason: str, skipped: bool = False,
               seconds: float | None = None) -> BuildReport:
        return BuildReport(
            fingerprint=self.fingerprint,
            passages=len(self.corpus.passages),
            embedded=embedded,
            reused=reused,
            skipped=skipped,
            seconds=time.perf_counter() - self.started if seconds is None else seconds,
            reason=reason,
            location=store_location(self.settings),
        )


class _Adder:
    """Adds vectors of passages (by position) to the collection, in Chroma-sized batches."""

    def __init__(self, collection: Collection, passages: Sequence[Passage], keys: list[str],
                 max_batch: int) -> None:
        self.collection = collection
        self.passages = passages
        self.keys = keys
        self.max_batch = max_batch

    def __call__(self, indices: Sequence[int], vectors: np.ndarray) -> None:
        passages, keys = self.passages, self.keys
        for start in range(0, len(indices), self.max_batch):
            part = indices[start : start + self.max_batch]
            self.collection.add(
                ids=[passages[i].id for i in part],
                embeddings=vectors[start : start + len(part)],
                documents=[passages[i].text for i in part],
                metadatas=[chroma_metadata(passages[i], keys[i]) for i in part],
            )


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def up_to_date(
    index_dir: Path, settings: Settings, client: ClientAPI, fingerprint: str, count: int
) -> str:
    """Empty string when the stored index matches ``fingerprint``; else why it does not."""
    try:
        manifest = read_manifest(index_dir)
    except IndexCorruptError:
        return "the manifest is unreadable"
    if manifest is None:
        return "no index yet"
    if not manifest.complete:
        return "an earlier build did not finish"
    if manifest.fingerprint != fingerprint:
        return "the source, parser or model changed"
    if manifest.collection != settings.collection or manifest.chroma_url != settings.chroma_url:
        return "the collection setting changed"
    collection = get_collection(client, settings.collection)
    if collection is None:
        return f"the Chroma collection {settings.collection!r} is missing"
    if (collection.metadata or {}).get("fingerprint") != fingerprint:
        return "the Chroma collection holds another build"
    if collection.count() != count:
        return "the Chroma collection is incomplete"
    if not (index_dir / PASSAGES_FILE).is_file():
        return "passages.json is missing"
    try:
        LexicalIndex.load(index_dir / BM25_DIR)
    except (OSError, ValueError, KeyError) as exc:
        return f"the BM25 index is unreadable ({exc})"
    return ""


