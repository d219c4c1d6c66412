"""Index stage: passages -> a Chroma collection (dense) beside a BM25 index (lexical).

    from index import ensure_index
    idx = ensure_index()                      # opens, or builds once with a notice
    idx.dense_search("circRNA anti-PD1", k=10)   # [(passage_id, cosine), ...]
    idx.lexical_search("circRNA-SORE", k=10)     # [(passage_id, bm25), ...]
    idx.passages["table1/row-01"]                # the Passage record

CLI: ``python -m index build [--rebuild] | info | search "query"``.
"""

from __future__ import annotations

from index.build import BuildReport, build_index
from index.embeddings import SentenceTransformerEmbeddings, default_model_path, model_identity
from index.errors import (
    EmbeddingModelError,
    IndexBusyError,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    IndexReadOnlyError,
    IndexStageError,
    IndexUnavailableError,
)
from index.fusion import hybrid_rank, reciprocal_rank_fusion
from index.lexical import LexicalIndex, tokenize
from index.manifest import Corpus, compute_fingerprint, passage_document
from index.reading import Index, IndexStatus, ensure_index, index_status

__all__ = [
    "BuildReport",
    "Corpus",
    "EmbeddingModelError",
    "Index",
    "IndexBusyError",
    "IndexCorruptError",
    "IndexMismatchError",
    "IndexMissingError",
    "IndexReadOnlyError",
    "IndexStageError",
    "IndexStatus",
    "IndexUnavailableError",
    "LexicalIndex",
    "SentenceTransformerEmbeddings",
    "build_index",
    "compute_fingerprint",
    "default_model_path",
    "ensure_index",
    "hybrid_rank",
    "index_status",
    "model_identity",
    "passage_document",
    "reciprocal_rank_fusion",
    "tokenize",
]
