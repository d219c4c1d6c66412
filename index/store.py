"""The index as one import: passages embedded into a Chroma collection (cosine) beside a
BM25 index, fingerprinted.

The code lives in modules along its seams; this module re-exports what the other
stages import from it (the app's ``ensure_index``, the benchmark's build and layout), so
that ``from index.store import ...`` keeps working:

- ``index.manifest``: the corpus, each passage's indexed text, the fingerprint, manifest.json
- ``index.chroma``: the Chroma client and collection
- ``index.lock``: the directory checks and the one-writer build lock
- ``index.build``: ``build_index``
- ``index.reading``: ``Index`` (open, search), ``ensure_index``, ``index_status``
"""

from __future__ import annotations

from index.build import BuildReport, build_index
from index.lock import dir_size
from index.manifest import BM25_DIR, CHROMA_DIR, PASSAGES_FILE, Corpus, passage_document
from index.reading import Index, IndexStatus, ensure_index, index_status

__all__ = [
    "BM25_DIR",
    "CHROMA_DIR",
    "PASSAGES_FILE",
    "BuildReport",
    "Corpus",
    "Index",
    "IndexStatus",
    "build_index",
    "dir_size",
    "ensure_index",
    "index_status",
    "passage_document",
]
