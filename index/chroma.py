"""The Chroma side of the index: the client (a local PersistentClient, or a server when
``QA_CHROMA_URL`` is set), its collection, and what each stored vector carries.

Chroma 1.5: telemetry off, never an embedding function (vectors are always passed), one
writer process per directory (two PersistentClients on one path can hang for minutes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np

from index.errors import REBUILD_COMMAND, IndexCorruptError, IndexUnavailableError
from index.manifest import CHROMA_DIR
from settings import Settings
from source.model import Passage

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection


def chroma_metadata(passage: Passage, content: str) -> dict[str, str | int]:
    """Chroma metadata of a passage: scalars only, so lists are joined into strings."""
    return {
        "kind": passage.kind,
        "section": " > ".join(passage.section),
        "order": passage.order,
        "refs": ",".join(str(r) for r in passage.refs),
        "content": content,
    }



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


def close(client: ClientAPI | None) -> None:
    close = getattr(client, "close", None)
    if callable(close):
        close()


def get_collection(client: ClientAPI, name: str) -> Collection | None:
    from chromadb.errors import NotFoundError

    try:
        return client.get_collection(name, embedding_function=None)
    except NotFoundError:
        return None
    except ValueError:  # older clients say "does not exist" with a ValueError
        return None


def delete_collection(client: ClientAPI, name: str) -> None:
    if get_collection(client, name) is not None:
        client.delete_collection(name)


def existing_vectors(collection: Collection | None) -> dict[str, np.ndarray]:
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
