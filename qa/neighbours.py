"""The review's own words nearest to an everyday word the review never uses.

Researchers paraphrase with words a glossary cannot foresee ("medicines", "undo",
"irradiating"). Each word of the review's vocabulary is embedded once (cached beside
the index, like the sentence vectors); the question words the review lacks are embedded
together, in one call, and matched to their nearest review words ("medicines" ->
"drug", "undo" -> "reverse"), which then count as forms of them, at the weight an
unknown word has.
"""

from __future__ import annotations

import hashlib
import sys
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from threading import Lock

import numpy as np
from langchain_core.embeddings import Embeddings

from index.embeddings import encode_texts
from qa.sentences import _save

MIN_COSINE = 0.6  # a neighbour at least this close to the word ...
MAX_NEIGHBOURS = 2  # ... and at most this many of them
CACHE_SIZE = 4096  # words whose neighbours are remembered


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


class WordNeighbours:
    """Nearest review words by embedding cosine."""

    def __init__(self, vocabulary: list[str], vectors: np.ndarray,
                 embeddings: Embeddings) -> None:
        self.vocabulary = vocabulary
        self.vectors = _unit(np.asarray(vectors, np.float32)) if len(vocabulary) else vectors
        self.embeddings = embeddings
        self._cache: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._lock = Lock()  # the app answers several questions at once

    @classmethod
    def build(cls, words: Iterable[str], embeddings: Embeddings, cache_dir: Path | None,
              fingerprint: str) -> WordNeighbours:
        vocabulary = sorted(set(words))
        key = hashlib.sha256(
            (fingerprint + "\n" + "\n".join(vocabulary)).encode("utf-8")).hexdigest()[:16]
        path = cache_dir / f"words-{key}.npy" if cache_dir is not None else None
        if path is not None and path.is_file():
            try:
                vectors = np.load(path)
                if vectors.shape[0] == len(vocabulary):
                    return cls(vocabulary, vectors, embeddings)
            except (OSError, ValueError):
                pass  # a damaged cache is recomputed below
        if vocabulary:
            print(f"Embedding {len(vocabulary)} review words for paraphrases (once per index)...",
                  file=sys.stderr)
        vectors = (encode_texts(embeddings, vocabulary) if vocabulary
                   else np.zeros((0, 1), np.float32))
        if path is not None:
            _save(path, vectors, "words-*.npy")
        return cls(vocabulary, vectors, embeddings)

    def near_many(self, words: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """Each word's nearest review words (at most MAX_NEIGHBOURS, cosine >= MIN_COSINE);
        the words not seen before are embedded in one call."""
        with self._lock:
            out = {w: self._cache[w] for w in words if w in self._cache}
        todo = list(dict.fromkeys(w for w in words if w not in out))
        if todo and self.vectors.shape[0]:
            sims = _unit(encode_texts(self.embeddings, todo)) @ self.vectors.T
            for word, row in zip(todo, sims, strict=True):
                top = np.argsort(-row)[:MAX_NEIGHBOURS]
                out[word] = tuple(self.vocabulary[i] for i in top
                                  if row[i] >= MIN_COSINE and self.vocabulary[i] != word)
        with self._lock:
            for word in todo:
                self._cache[word] = out.get(word, ())
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return {w: out.get(w, ()) for w in words}

    def nearest(self, word: str) -> tuple[str, float]:
        """The review word nearest to `word` and its cosine (("", 0.0) when there are no
        review words)."""
        if not self.vectors.shape[0] or not self.vocabulary:
            return "", 0.0
        row = (_unit(encode_texts(self.embeddings, [word])) @ self.vectors.T)[0]
        i = int(np.argmax(row))
        return self.vocabulary[i], float(row[i])

    def near(self, word: str) -> tuple[str, ...]:
        """One word's nearest review words."""
        return self.near_many([word])[word]


__all__ = ["MAX_NEIGHBOURS", "MIN_COSINE", "WordNeighbours"]
