"""The review's own words nearest to an everyday word the review never uses.

Researchers paraphrase with words a glossary cannot foresee ("medicines", "undo",
"irradiating"). Each word of the review's vocabulary is embedded once (cached beside
the index, like the sentence vectors); a question word the review lacks is embedded
and matched to its nearest review words ("medicines" -> "drug", "undo" -> "reverse"),
which then count as forms of it, at the weight an unknown word has.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from index.embeddings import encode_texts
from qa.sentences import _save

MIN_COSINE = 0.6  # a neighbour at least this close to the word ...
MAX_NEIGHBOURS = 2  # ... and at most this many of them


class WordNeighbours:
    """Nearest review words by embedding cosine."""

    def __init__(self, vocabulary: list[str], vectors: np.ndarray,
                 embed: Callable[[str], np.ndarray]) -> None:
        self.vocabulary = vocabulary
        self.vectors = vectors
        self._embed = embed
        self.near = lru_cache(maxsize=4096)(self._near)

    @classmethod
    def build(cls, words: Iterable[str], embeddings: Embeddings, embed: Callable[[str], np.ndarray],
              cache_dir: Path | None, fingerprint: str) -> WordNeighbours:
        vocabulary = sorted(set(words))
        key = hashlib.sha256(
            (fingerprint + "\n" + "\n".join(vocabulary)).encode("utf-8")).hexdigest()[:16]
        path = cache_dir / f"words-{key}.npy" if cache_dir is not None else None
        if path is not None and path.is_file():
            try:
                vectors = np.load(path)
                if vectors.shape[0] == len(vocabulary):
                    return cls(vocabulary, vectors, embed)
            except (OSError, ValueError):
                pass  # a damaged cache is recomputed below
        if vocabulary:
            print(f"Embedding {len(vocabulary)} review words for paraphrases (once per index)...",
                  file=sys.stderr)
        vectors = (encode_texts(embeddings, vocabulary) if vocabulary
                   else np.zeros((0, 1), np.float32))
        if path is not None:
            _save(path, vectors, "words-*.npy")
        return cls(vocabulary, vectors, embed)

    def _near(self, word: str) -> tuple[str, ...]:
        if self.vectors.shape[0] == 0:
            return ()
        sims = self.vectors @ np.asarray(self._embed(word), np.float32)
        top = np.argsort(-sims)[:MAX_NEIGHBOURS]
        return tuple(self.vocabulary[i] for i in top
                     if sims[i] >= MIN_COSINE and self.vocabulary[i] != word)


__all__ = ["MAX_NEIGHBOURS", "MIN_COSINE", "WordNeighbours"]
