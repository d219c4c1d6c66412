"""The index as one import: passages embedded into a Chroma collection (cosine) beside a
BM25 index, fingerprinted.

The code lives in modules along its seams; this module re-exports their public names so
that ``from index.store import ...`` keeps working:

- ``index.manifest``: the corpus, each passage's indexed text, the fingerprint, manifest.json
- ``index.chroma``: the Chroma client and collection
- ``index.lock``: the directory checks and the one-writer build lock
- ``index.build``: ``build_index``
- ``index.reading``: ``Index`` (open, search), ``ensure_index``, ``index_status``
"""

from __future__ import annotations

from index.build import BuildReport, Notify, build_index
from index.chroma import chroma_metadata, connect, store_location
from index.lock import build_lock, build_running, dir_size
from index.manifest import (
    BM25_DIR,
    CHROMA_DIR,
    FORMAT_VERSION,
    LOCK_FILE,
    MANIFEST_FILE,
    PASSAGES_FILE,
    Corpus,
    Manifest,
    compute_fingerprint,
    content_hash,
    passage_document,
    passage_from_json,
    passage_to_json,
    read_manifest,
    write_manifest,
)
from index.reading import Index, IndexStatus, ensure_index, index_status

__all__ = [
    "BM25_DIR",
    "CHROMA_DIR",
    "FORMAT_VERSION",
    "LOCK_FILE",
    "MANIFEST_FILE",
    "PASSAGES_FILE",
    "BuildReport",
    "Corpus",
    "Index",
    "IndexStatus",
    "Manifest",
    "Notify",
    "build_index",
    "build_lock",
    "build_running",
    "chroma_metadata",
    "compute_fingerprint",
    "connect",
    "content_hash",
    "dir_size",
    "ensure_index",
    "index_status",
    "passage_document",
    "passage_from_json",
    "passage_to_json",
    "read_manifest",
    "store_location",
    "write_manifest",
]
