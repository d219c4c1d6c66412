"""The index stage's domain exceptions: each message says what to run or change.

The CLI prints ``str(error)`` and exits non-zero; the app shows it. Nothing here
is meant to surface as a traceback.
"""

from __future__ import annotations

REBUILD_COMMAND = "python -m index build --rebuild"
BUILD_COMMAND = "python -m index build"


class IndexStageError(Exception):
    """Base class of every error the index stage raises on purpose."""


class IndexMissingError(IndexStageError):
    """No finished index where settings point (never built, or a build was interrupted)."""


class IndexMismatchError(IndexStageError):
    """The index was built from another source, parser, chunking or model: it is stale."""


class IndexCorruptError(IndexStageError):
    """The index directory exists but cannot be read (damaged or foreign files)."""


class IndexBusyError(IndexStageError):
    """Another process is building the index right now (the lock file is held)."""


class IndexReadOnlyError(IndexStageError):
    """The index directory cannot be written, so the index cannot be built there."""


class IndexUnavailableError(IndexStageError):
    """The Chroma server named by QA_CHROMA_URL cannot be reached."""


class EmbeddingModelError(IndexStageError):
    """The embedding model folder is missing or is not a sentence-transformers model."""
