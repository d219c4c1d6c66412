"""Sentence-level vectors: every sentence (and table row) of the review, embedded once.

Passages are what is retrieved and cited; sentences are what the extractive answerer
picks. Their vectors let it recognise a paraphrased question's answer ("drug pumps" ->
"efflux transporters") that shares few words with it. They are computed once per
index fingerprint and cached beside the index.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from index.embeddings import encode_texts
from qa.verify import strip_ref_brackets
from source.model import Passage
from source.text import split_sentences


@dataclass(frozen=True)
class SentenceRef:
    """One sentence of a passage: its exact text (quote) and where it stands."""

    passage_id: str
    quote: str
    display: str


def passage_sentences(p: Passage) -> list[SentenceRef]:
    """The answer units of a passage: its sentences, or a table row's cells as one unit."""
    if p.kind == "table_row":
        text = "; ".join(f"{c}: {v}" for c, v in p.cells.items() if v)
        return [SentenceRef(p.id, text, text)]
    out = []
    for s in split_sentences(p.text):
        display = strip_ref_brackets(s)
        if len(display.split()) >= 4 and display.count(":") < 3:
            out.append(SentenceRef(p.id, s, display))
    return out


class SentenceVectors:
    """Unit vectors of all sentences; `similarities(q)` scores them against a query."""

    def __init__(self, refs: Sequence[SentenceRef], vectors: np.ndarray) -> None:
        self.refs = list(refs)
        self.vectors = vectors
        self.by_passage: dict[str, list[int]] = {}
        for i, r in enumerate(self.refs):
            self.by_passage.setdefault(r.passage_id, []).append(i)
        self.index_of = {(r.passage_id, r.quote): i for i, r in enumerate(self.refs)}

    @classmethod
    def build(
        cls,
        passages: Sequence[Passage],
        embeddings: Embeddings,
        cache_dir: Path | None,
        fingerprint: str,
    ) -> SentenceVectors:
        """Embed every sentence, or load the vectors cached for this fingerprint."""
        refs = [r for p in passages for r in passage_sentences(p)]
        texts = [r.display for r in refs]
        key = hashlib.sha256(
            (fingerprint + "\n" + "\n".join(texts)).encode("utf-8")
        ).hexdigest()[:16]
        path = cache_dir / f"sentences-{key}.npy" if cache_dir is not None else None
        if path is not None and path.is_file():
            try:
                vectors = np.load(path)
                if vectors.shape[0] == len(refs):
                    return cls(refs, vectors)
            except (OSError, ValueError):
                pass  # a damaged cache is recomputed below
        if texts:
            print(f"Embedding {len(texts)} sentences for the answerer (once per index)...",
                  file=sys.stderr)
        vectors = encode_texts(embeddings, texts) if texts else np.zeros((0, 1), np.float32)
        if path is not None:
            _save(path, vectors)
        return cls(refs, vectors)

    def similarities(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of each sentence with the (unit) query vector."""
        if self.vectors.shape[0] == 0:
            return np.zeros(0, np.float32)
        return self.vectors @ np.asarray(query_vector, np.float32)


def _save(path: Path, vectors: np.ndarray, pattern: str = "sentences-*.npy") -> None:
    """Write atomically; an unwritable index directory only costs the cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npy.tmp")
        with os.fdopen(fd, "wb") as fh:
            np.save(fh, vectors)
        os.replace(tmp, path)
        for old in path.parent.glob(pattern):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


__all__ = ["SentenceRef", "SentenceVectors", "passage_sentences"]
