"""The index: passages embedded into a Chroma collection (cosine) beside a BM25 index.

Layout of ``QA_INDEX_DIR``::

    manifest.json   what was built, from what, with which model (written last)
    passages.json   the Passage records, so answering needs no re-parse
    bm25/           the lexical index (bm25s files + ids.json)
    chroma/         the Chroma PersistentClient (absent when QA_CHROMA_URL is set)
    .build.lock     held by the one process that builds

The fingerprint hashes the source, the parser version, every passage record and
its rendering, the tokenizer and the model identity. A build whose fingerprint
matches a complete manifest does nothing; otherwise it rebuilds, re-embedding only
texts whose vectors it does not already hold for this model. ``Index.open`` never
builds: it raises an error that says what to run. ``ensure_index`` (the app's
entry) rebuilds with a notice instead.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np
from filelock import FileLock, Timeout
from langchain_core.embeddings import Embeddings

from index.embeddings import (
    default_embeddings,
    embedder_identity,
    encode_query,
    encode_texts,
)
from index.errors import (
    BUILD_COMMAND,
    REBUILD_COMMAND,
    IndexBusyError,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    IndexReadOnlyError,
    IndexStageError,
    IndexUnavailableError,
)
from index.fusion import hybrid_rank
from index.lexical import TOKENIZER_VERSION, LexicalIndex
from settings import Settings, get_settings
from source.model import Passage

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

FORMAT_VERSION = "1"  # bump when the directory layout or passage_document() changes
MANIFEST_FILE = "manifest.json"
PASSAGES_FILE = "passages.json"
BM25_DIR = "bm25"
CHROMA_DIR = "chroma"
LOCK_FILE = ".build.lock"
_QUERY_CACHE_SIZE = 256

Notify = Callable[[str], None]


# -- pure helpers ------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """The passages to index and where they came from (hash of the source, parser version)."""

    passages: tuple[Passage, ...]
    source_sha256: str
    parser_version: str

    @classmethod
    def from_source(cls, settings: Settings | None = None) -> Corpus:
        """Parse the configured review (``QA_SOURCE`` or the bundled article)."""
        from source import PARSER_VERSION, build_passages, load_review

        settings = settings or get_settings()
        review = load_review(settings.source)
        return cls(tuple(build_passages(review)), review.source_sha256, PARSER_VERSION)


def passage_document(passage: Passage) -> str:
    """The text that is embedded and BM25-indexed for a passage.

    A paragraph is prefixed with its own section heading, which names its topic
    ("Exosomal circRNAs") more plainly than its sentences do; table rows and captions
    already carry their table or figure label.
    """
    if passage.kind == "paragraph" and passage.section:
        return f"{passage.section[-1]}\n{passage.text}"
    return passage.text


def passage_to_json(passage: Passage) -> dict[str, Any]:
    """A Passage as JSON-ready dict (tuples become lists)."""
    return dataclasses.asdict(passage)


def passage_from_json(data: dict[str, Any]) -> Passage:
    """Inverse of :func:`passage_to_json`."""
    names = {f.name for f in dataclasses.fields(Passage)}
    kwargs: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names
    }
    return Passage(**kwargs)


def compute_fingerprint(corpus: Corpus, model_identity: str) -> str:
    """sha256 over everything the index is derived from; any change means a rebuild."""
    payload = {
        "format": FORMAT_VERSION,
        "tokenizer": TOKENIZER_VERSION,
        "source_sha256": corpus.source_sha256,
        "parser_version": corpus.parser_version,
        "model": model_identity,
        "passages": [[passage_to_json(p), passage_document(p)] for p in corpus.passages],
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def content_hash(model_identity: str, document: str) -> str:
    """Key of one stored vector: the same text under the same model has the same vector."""
    return hashlib.sha256(f"{model_identity}\0{document}".encode()).hexdigest()[:32]


def chroma_metadata(passage: Passage, content: str) -> dict[str, str | int]:
    """Chroma metadata of a passage: scalars only, so lists are joined into strings."""
    return {
        "kind": passage.kind,
        "section": " > ".join(passage.section),
        "order": passage.order,
        "refs": ",".join(str(r) for r in passage.refs),
        "content": content,
    }


# -- the manifest ------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` records; ``complete`` is False while a build runs."""

    complete: bool
    fingerprint: str = ""
    model: str = ""
    model_path: str = ""
    dimensions: int = 0
    passages: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    source_sha256: str = ""
    parser_version: str = ""
    tokenizer_version: str = ""
    format_version: str = ""
    collection: str = ""
    chroma_url: str | None = None
    built_at: str = ""
    build_seconds: float = 0.0
    embedded: int = 0
    reused: int = 0

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def read_manifest(index_dir: Path) -> Manifest | None:
    """The manifest in ``index_dir``; None if there is none; IndexCorruptError if unreadable."""
    path = index_dir / MANIFEST_FILE
    if not path.exists():
        return None
    try:
        return Manifest.from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise IndexCorruptError(
            f"The index manifest {path} cannot be read ({exc}). Run: {REBUILD_COMMAND}"
        ) from exc


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the index is not a secret
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    _write_atomic(index_dir / MANIFEST_FILE, json.dumps(manifest.to_json(), indent=2))


# -- Chroma ------------------------------------------------------------------------


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    # Identical settings every time: Chroma refuses a second client on one path
    # with different settings.
    return ChromaSettings(anonymized_telemetry=False)


def store_location(settings: Settings) -> str:
    """Where the dense index lives, for messages: a server URL or a directory."""
    return settings.chroma_url or str(settings.index_dir / CHROMA_DIR)


def connect(settings: Settings) -> ClientAPI:
    """A Chroma client: HttpClient when ``chroma_url`` is set, else a PersistentClient."""
    import chromadb

    if settings.chroma_url:
        url = urlsplit(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise IndexUnavailableError(
                f"QA_CHROMA_URL={settings.chroma_url!r} is not a URL like http://127.0.0.1:8000"
            )
        port = url.port or (443 if url.scheme == "https" else 8000)
        try:
            client = chromadb.HttpClient(
                host=url.hostname, port=port, ssl=url.scheme == "https", settings=_chroma_settings()
            )
            client.heartbeat()
        except Exception as exc:  # httpx/connection errors of many kinds: one message
            raise IndexUnavailableError(
                f"Cannot reach the Chroma server at {settings.chroma_url} ({exc}). Start it "
                "(`chroma run --path DIR --host 127.0.0.1 --port PORT`) or unset QA_CHROMA_URL "
                "to use the local index directory."
            ) from exc
        return client
    path = settings.index_dir / CHROMA_DIR
    try:
        return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    except (KeyboardInterrupt, SystemExit):
        raise
    # Chroma raises InternalError, sqlite errors, OSError ... and a damaged database can
    # make its Rust layer panic: pyo3's PanicException derives from BaseException.
    except BaseException as exc:
        from chromadb.api.shared_system_client import SharedSystemClient

        # Chroma caches the system of a path before starting it; a failed start would stay
        # cached and the next attempt would report that instead of the real cause.
        SharedSystemClient._identifier_to_system.pop(str(path), None)
        raise IndexCorruptError(
            f"The Chroma store in {path} cannot be opened ({exc}). Run: {REBUILD_COMMAND}"
        ) from exc


def _close(client: ClientAPI | None) -> None:
    close = getattr(client, "close", None)
    if callable(close):
        close()


def _get_collection(client: ClientAPI, name: str) -> Collection | None:
    from chromadb.errors import NotFoundError

    try:
        return client.get_collection(name, embedding_function=None)
    except NotFoundError:
        return None
    except ValueError:  # older clients say "does not exist" with a ValueError
        return None


def _delete_collection(client: ClientAPI, name: str) -> None:
    if _get_collection(client, name) is not None:
        client.delete_collection(name)


# -- directory checks and the lock ---------------------------------------------------


def _prepare_dir(index_dir: Path) -> None:
    """Create ``index_dir`` and check that it can be written."""
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexCorruptError(
            f"QA_INDEX_DIR={index_dir} is a file, not a directory. "
            "Point QA_INDEX_DIR at a directory (it is created if missing)."
        )
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        _probe_write(index_dir)
    except OSError as exc:
        raise IndexReadOnlyError(
            f"The index directory {index_dir} cannot be written ({exc.strerror or exc}). "
            "Set QA_INDEX_DIR to a writable directory, then run: " + BUILD_COMMAND
        ) from exc


def _probe_write(index_dir: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=index_dir, prefix=".write-probe.")
    os.close(fd)
    os.unlink(tmp)


def build_lock(index_dir: Path) -> FileLock:
    """The one-writer lock of an index directory (non-blocking: ``timeout=0``)."""
    return FileLock(str(index_dir / LOCK_FILE), timeout=0)


def build_running(index_dir: Path) -> bool:
    """True when another process holds the build lock of ``index_dir``.

    The OS drops the lock when its holder dies, so a killed build never leaves the
    directory locked.
    """
    if not (index_dir / LOCK_FILE).exists():
        return False
    lock = build_lock(index_dir)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:  # a read-only directory cannot be built in, so nobody is building
        return False
    lock.release()
    return False


def _busy_error(index_dir: Path) -> IndexBusyError:
    return IndexBusyError(
        f"Another process is building the index in {index_dir} (it holds "
        f"{index_dir / LOCK_FILE}). Wait for that build to finish and try again."
    )


def _wipe(index_dir: Path, settings: Settings) -> None:
    """Remove what the index stage wrote (never anything else in the directory)."""
    (index_dir / MANIFEST_FILE).unlink(missing_ok=True)
    (index_dir / PASSAGES_FILE).unlink(missing_ok=True)
    for name in (BM25_DIR, BM25_DIR + ".tmp"):
        shutil.rmtree(index_dir / name, ignore_errors=True)
    if not settings.chroma_url:
        from chromadb.api.shared_system_client import SharedSystemClient

        shutil.rmtree(index_dir / CHROMA_DIR, ignore_errors=True)
        # Chroma caches one "system" per path in-process; it would point at deleted files.
        SharedSystemClient.clear_system_cache()


def dir_size(path: Path) -> int:
    """Bytes of all files under ``path``."""
    if not path.exists():
        return 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- building ----------------------------------------------------------------------


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


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_vectors(collection: Collection | None) -> dict[str, np.ndarray]:
    """content hash -> vector of what the collection holds (for reuse across rebuilds)."""
    if collection is None:
        return {}
    got = collection.get(include=["embeddings", "metadatas"])
    vectors: dict[str, np.ndarray] = {}
    embeddings = got.get("embeddings")
    metadatas = got.get("metadatas") or []
    if embeddings is None:
        return {}
    for meta, vec in zip(metadatas, embeddings, strict=False):
        key = (meta or {}).get("content")
        if isinstance(key, str):
            vectors[key] = np.asarray(vec, dtype=np.float32)
    return vectors


def _up_to_date(
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
    collection = _get_collection(client, settings.collection)
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
    notify = notify or _stderr
    _prepare_dir(index_dir)
    lock = build_lock(index_dir)
    try:
        lock.acquire()
    except Timeout:
        raise _busy_error(index_dir) from None
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
    index_dir = settings.index_dir
    embeddings = embeddings or default_embeddings(settings.model_path, settings.embed_batch_size)
    identity = embedder_identity(embeddings)
    corpus = corpus or Corpus.from_source(settings)
    passages = corpus.passages
    if not passages:
        raise IndexStageError("The review produced no passages: nothing to index.")
    ids = [p.id for p in passages]
    if len(set(ids)) != len(ids):
        dupes = sorted(pid for pid, n in Counter(ids).items() if n > 1)
        raise IndexStageError(f"Passage ids must be unique; repeated: {', '.join(dupes[:5])}")
    fingerprint = compute_fingerprint(corpus, identity)
    location = store_location(settings)

    try:
        client = connect(settings)
    except IndexCorruptError as exc:
        notify(f"{exc}\nWiping the damaged index and building it again.")
        _wipe(index_dir, settings)
        client = connect(settings)
        reason = "the store was damaged"
    else:

        def drop_or_wipe(client: ClientAPI) -> ClientAPI:
            try:  # dropping the collection (not the directory) keeps open readers sane
                _delete_collection(client, settings.collection)
            except Exception as exc:  # the store opens but its collection is damaged
                notify(f"Cannot drop the old collection ({exc}); wiping the index directory.")
                _close(client)
                _wipe(index_dir, settings)
                client = connect(settings)
            return client

        if rebuild:
            reason = "--rebuild"
            client = drop_or_wipe(client)
        else:
            try:
                reason = _up_to_date(index_dir, settings, client, fingerprint, len(passages))
            except Exception as exc:  # a damaged collection: rebuild it below
                reason = f"the stored index cannot be read ({exc})"
                client = drop_or_wipe(client)
            if not reason:
                _close(client)
                return BuildReport(
                    fingerprint=fingerprint,
                    passages=len(passages),
                    embedded=0,
                    reused=len(passages),
                    skipped=True,
                    seconds=time.perf_counter() - started,
                    reason="up to date",
                    location=location,
                )
    try:
        return _write_index(
            settings,
            client,
            corpus,
            embeddings,
            identity,
            fingerprint,
            rebuild,
            progress,
            reason,
            started,
            notify,
        )
    finally:
        _close(client)


def _write_index(
    settings: Settings,
    client: ClientAPI,
    corpus: Corpus,
    embeddings: Embeddings,
    identity: str,
    fingerprint: str,
    rebuild: bool,
    progress: bool,
    reason: str,
    started: float,
    notify: Notify,
) -> BuildReport:
    from tqdm import tqdm

    index_dir = settings.index_dir
    passages = corpus.passages
    write_manifest(index_dir, Manifest(complete=False, fingerprint=fingerprint, model=identity))
    (index_dir / PASSAGES_FILE).unlink(missing_ok=True)

    have: dict[str, np.ndarray] = {}
    if not rebuild:
        try:
            have = _existing_vectors(_get_collection(client, settings.collection))
        except Exception as exc:  # a damaged old collection only costs us the reuse
            notify(f"Cannot reuse the stored vectors ({exc}); embedding every passage.")
    _delete_collection(client, settings.collection)
    collection = client.create_collection(
        settings.collection,
        configuration={"hnsw": {"space": "cosine"}},
        metadata={"fingerprint": "building", "model": identity},
        embedding_function=None,
    )

    documents = [passage_document(p) for p in passages]
    keys = [content_hash(identity, d) for d in documents]
    reused = [i for i, key in enumerate(keys) if key in have]
    missing = [i for i, key in enumerate(keys) if key not in have]
    max_batch = max(1, client.get_max_batch_size())

    def add(indices: Sequence[int], vectors: np.ndarray) -> None:
        for start in range(0, len(indices), max_batch):
            part = indices[start : start + max_batch]
            collection.add(
                ids=[passages[i].id for i in part],
                embeddings=vectors[start : start + len(part)],
                documents=[passages[i].text for i in part],
                metadatas=[chroma_metadata(passages[i], keys[i]) for i in part],
            )

    dims = 0
    if reused:
        vectors = np.stack([have[keys[i]] for i in reused])
        dims = vectors.shape[1]
        add(reused, vectors)
    # Longest first, like SentenceTransformer.encode sorts, so batches pad little.
    missing.sort(key=lambda i: -len(documents[i]))
    if missing and hasattr(embeddings, "model"):
        _ = embeddings.model  # load before the progress bar starts, so the bar measures encoding
    batch = max(1, settings.embed_batch_size)
    with tqdm(
        total=len(missing),
        desc="Embedding passages",
        unit="passage",
        file=sys.stderr,
        disable=not progress or not missing,
        leave=False,
    ) as bar:
        for part in _chunks(missing, batch):
            vectors = encode_texts(embeddings, [documents[i] for i in part])
            if dims and vectors.shape[1] != dims:
                raise IndexStageError(
                    f"The model returned {vectors.shape[1]}-d vectors, the store holds {dims}-d."
                )
            dims = vectors.shape[1]
            add(part, vectors)  # added as we go: a killed build keeps what it embedded
            bar.update(len(part))

    LexicalIndex.build([p.id for p in passages], documents).save(index_dir / BM25_DIR)
    _write_atomic(
        index_dir / PASSAGES_FILE,
        json.dumps([passage_to_json(p) for p in passages], ensure_ascii=False),
    )
    collection.modify(
        metadata={"fingerprint": fingerprint, "model": identity, "passages": len(passages)}
    )
    seconds = time.perf_counter() - started
    write_manifest(
        index_dir,
        Manifest(
            complete=True,
            fingerprint=fingerprint,
            model=identity,
            model_path=str(getattr(embeddings, "model_path", "")),
            dimensions=int(dims),
            passages=len(passages),
            kinds=dict(Counter(p.kind for p in passages)),
            source_sha256=corpus.source_sha256,
            parser_version=corpus.parser_version,
            tokenizer_version=TOKENIZER_VERSION,
            format_version=FORMAT_VERSION,
            collection=settings.collection,
            chroma_url=settings.chroma_url,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=round(seconds, 3),
            embedded=len(missing),
            reused=len(reused),
        ),
    )
    return BuildReport(
        fingerprint=fingerprint,
        passages=len(passages),
        embedded=len(missing),
        reused=len(reused),
        skipped=False,
        seconds=seconds,
        reason=reason,
        location=store_location(settings),
    )


# -- reading -----------------------------------------------------------------------


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
            raise _busy_error(index_dir)
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
            _close(client)
            raise

    @classmethod
    def _load(
        cls, settings: Settings, manifest: Manifest, client: ClientAPI, embeddings: Embeddings
    ) -> Index:
        index_dir = settings.index_dir
        where = store_location(settings)
        try:
            collection = _get_collection(client, settings.collection)
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
            raw = json.loads((index_dir / PASSAGES_FILE).read_text("utf-8"))
            passages = {p.id: p for p in (passage_from_json(d) for d in raw)}
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
        _close(self._client)

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
    changed = []
    if manifest.source_sha256 != corpus.source_sha256:
        changed.append("the review text")
    if manifest.parser_version != corpus.parser_version:
        changed.append(f"the parser ({manifest.parser_version} -> {corpus.parser_version})")
    if manifest.model != embedder_identity(embeddings):
        changed.append(f"the model ({manifest.model} -> {embedder_identity(embeddings)})")
    if manifest.tokenizer_version != TOKENIZER_VERSION or manifest.format_version != FORMAT_VERSION:
        changed.append("the index format")
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
    notify = notify or _stderr
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
