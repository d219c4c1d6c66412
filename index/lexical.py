"""Lexical retrieval: a BM25 index (bm25s) with a tokenizer for this field's names.

Dense embeddings alone miss exact names (``circRNA-SORE``, ``miR-135a-5p``), so
BM25 runs beside them. The tokenizer keeps such names whole and lowercased, and
adds their parts and hyphen-free joins so ``PD-L1``, ``PD L1`` and ``PDL1`` meet.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from index.inflection import plural_stem as stem  # (the index's stemmer, re-exported)

TOKENIZER_VERSION = "4"  # bump when tokenize() changes: it is part of the index fingerprint
# "T cells", "B lymphocytes", "t cell" (not "a cell", "I cells")
_LETTER_CELL = re.compile(r"(?<![\w-])([A-Z]|[b-hj-z])\s+(?=(?:cells?|lymphocytes?)\b)")

STOPWORDS = frozenset(
    """a an and are as at be but by for from if in into is it its no not of on or such that
    the their then there these they this to was were will with which what who whom whose how
    why when where does do did can could has have had been being also than""".split()
)

# Greek letters are written out in names as often as not (β-catenin, beta-catenin).
GREEK_NAMES = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
GREEK_LATIN = {"κ": "k"}  # NF-κB is printed NF-kB at least as often

# Hyphen look-alikes become "-". The en dash stays a separator: it joins two names
# ("β1-integrin–NF-κB") or a range, never a name's own parts.
_HYPHENS = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-", "\ufe63": "-", "\uff0d": "-"}
)
_CITATION = re.compile(r"\[\d+(?:\s*[,\u2013-]\s*\d+)*\]")
# The project's one word: a dotted number ("1.5"), or letters and digits with inner
# hyphens and trailing plus signs ("miR-135a-5p", "5-FU", "CD8+"). Everything that splits
# text into words uses it (the tokenizer here, the answerer, the load test's check).
WORD_RE = re.compile(r"\d+(?:\.\d+)+|[^\W_]+(?:-[^\W_]+)*\+*")
_MAX_JOIN_PARTS = 6  # longer compounds get only their full join, not every sub-span
_IDS_FILE = "ids.json"


def normalize_text(text: str) -> str:
    """NFKC, hyphen look-alikes to '-', bracketed citation markers ([14], [2,3]) removed,
    a one-letter cell type joined to its noun ("T cells" as "T-cells": the letter alone
    is no token, and "T cell" must not read as any cell)."""
    text = unicodedata.normalize("NFKC", text).translate(_HYPHENS)
    return _LETTER_CELL.sub(r"\1-", _CITATION.sub(" ", text))


def _expand(word: str) -> list[str]:
    """Tokens of one lowercased word: whole, parts, and joins of adjacent parts."""
    plus = len(word) - len(word.rstrip("+"))
    parts = [stem(p) for p in word.rstrip("+").split("-")]
    whole = "-".join(parts)
    out: list[str] = []
    if len(parts) == 1:
        if plus:
            out.append(whole + "+" * plus)  # CD8+ stays CD8+, and matches CD8 too
        if whole not in STOPWORDS:
            out.append(whole)
    else:
        if plus:
            out.append(whole + "+" * plus)
        out.append(whole)
        out.extend(p for p in parts if p not in STOPWORDS)
        n = len(parts)
        # the name before a suffix word: "mir-21" of "mir-21-enriched"
        out.extend("-".join(parts[:j]) for j in range(2, n))
        if n <= _MAX_JOIN_PARTS:
            out.extend("".join(parts[i:j]) for i in range(n) for j in range(i + 2, n + 1))
        else:
            out.append("".join(parts))
    return [t for t in out if len(t) >= 2]


def word_tokens(word: str) -> list[str]:
    """Tokens of one word as matched by the tokenizer (already lowercased), without repeats."""
    variants = [word]
    if any(ch in GREEK_NAMES for ch in word):
        variants.append("".join(GREEK_NAMES.get(ch, ch) for ch in word))
        if any(ch in GREEK_LATIN for ch in word):
            variants.append("".join(GREEK_LATIN.get(ch, ch) for ch in word))
    seen: dict[str, None] = {}
    for variant in variants:
        for token in _expand(variant):
            seen.setdefault(token)
    return list(seen)


def tokenize(text: str) -> list[str]:
    """BM25 tokens of a passage or a query, in order (repeats kept: they are term frequency).

    >>> tokenize("PD-L1 on CD8+ T cells")
    ['pd-l1', 'pd', 'l1', 'pdl1', 'cd8+', 'cd8', 't-cell', 'cell', 'tcell']
    """
    tokens: list[str] = []
    low = normalize_text(text).lower()
    for match in WORD_RE.finditer(low):
        tokens.extend(word_tokens(match.group()))
    # a numbered figure or table is one token ("Figure 1", "fig. 1", "table 2" ->
    # "figure1", "table2"): "what does figure 1 show?" finds its caption, not "figures"
    tokens += [f"{'table' if m.group(1).startswith('tab') else 'figure'}{m.group(2)}"
               for m in _LABEL_RE.finditer(low)]
    return tokens


_LABEL_RE = re.compile(r"\b(fig(?:ure)?s?\.?|tables?)\s*(\d{1,2})\b")


class LexicalIndex:
    """BM25 over passages; ``search`` returns ``(passage_id, score)``, best first."""

    def __init__(self, ids: Sequence[str], retriever: bm25s.BM25) -> None:
        self.ids = list(ids)
        self._bm25 = retriever

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str]) -> LexicalIndex:
        """Index ``texts`` (one per id) with :func:`tokenize`."""
        if len(ids) != len(texts):
            raise ValueError(f"{len(ids)} ids but {len(texts)} texts")
        retriever = bm25s.BM25()
        corpus = [tokenize(t) or [""] for t in texts]  # an empty passage must still take a row
        retriever.index(corpus, show_progress=False)
        return cls(ids, retriever)

    def search(self, query: str, k: int = 10) -> list[tuple[str, float]]:
        """Up to ``k`` passages with a positive score; ties keep passage order."""
        token_ids = self._bm25.get_tokens_ids(tokenize(query))
        if not token_ids or k <= 0:
            return []
        scores = self._bm25.get_scores(token_ids)
        if k < len(scores):
            # Select the top k before sorting them (measured at 100k passages: a full
            # sort 10 ms, this 1 ms); ties still keep passage order.
            top = np.argpartition(-scores, k - 1)[:k]
            kth = scores[top].min()
            top = np.flatnonzero(scores >= kth)
            order = top[np.lexsort((top, -scores[top]))][:k]
        else:
            order = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[i], float(scores[i])) for i in order if scores[i] > 0]

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` (replaced whole, via a temporary sibling)."""
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        self._bm25.save(str(tmp), show_progress=False)
        (tmp / _IDS_FILE).write_text(
            json.dumps({"tokenizer_version": TOKENIZER_VERSION, "ids": self.ids}), "utf-8"
        )
        if directory.exists():
            shutil.rmtree(directory)
        os.replace(tmp, directory)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        """Read an index written by :meth:`save` (raises ``OSError``/``ValueError`` if damaged)."""
        meta = json.loads((directory / _IDS_FILE).read_text("utf-8"))
        if meta.get("tokenizer_version") != TOKENIZER_VERSION:
            raise ValueError(
                f"BM25 index was built with tokenizer {meta.get('tokenizer_version')!r}, "
                f"this code has {TOKENIZER_VERSION!r}"
            )
        retriever = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        ids = meta["ids"]
        if retriever.scores["num_docs"] != len(ids):
            raise ValueError("BM25 index and its id list disagree on the number of passages")
        return cls(ids, retriever)


def lexical_text(parts: Iterable[str]) -> str:
    """Join the fields that are indexed lexically for one passage."""
    return "\n".join(p for p in parts if p)
