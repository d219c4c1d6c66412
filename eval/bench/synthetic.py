"""The synthetic corpora of the scale runs: passages recombined from the review's own
sentences and table rows, with vectors derived from the real ones (no model needed)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from eval.bench.config import NOISE, SEED


@dataclass(frozen=True)
class Unit:
    """A piece of the review the generator recombines, with its real (model) vector row.

    A ``sentence`` of a paragraph or caption (its exact text), or a table ``row`` (its
    cells and the table's heading, as the passages render it).
    """

    kind: str
    text: str
    section: tuple[str, ...]
    refs: tuple[int, ...] = ()
    cells: tuple[tuple[str, str], ...] = ()
    table: str = ""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Unit:
        return cls(kind=data["kind"], text=data["text"], section=tuple(data["section"]),
                   refs=tuple(data["refs"]), cells=tuple(tuple(c) for c in data["cells"]),
                   table=data["table"])


def units_from_sentences(passages: dict[str, Any], sentences: Any) -> tuple[list[Unit],
                                                                            np.ndarray]:
    """The review's sentences and table rows with the vectors the assistant embedded.

    ``sentences`` is the assistant's ``SentenceVectors`` (one unit per sentence of a
    paragraph or caption, one per table row), so no extra embedding is needed.
    """
    units: list[Unit] = []
    rows: list[int] = []
    seen_rows: set[str] = set()
    for i, ref in enumerate(sentences.refs):
        p = passages[ref.passage_id]
        if p.kind == "table_row":
            if p.id in seen_rows:
                continue
            seen_rows.add(p.id)
            cut = p.text.find(", row ")
            table = p.text[:cut] if cut > 0 else p.section[-1]
            units.append(Unit("row", "", tuple(p.section), tuple(p.refs),
                              tuple((c, v) for c, v in p.cells.items()), table))
        else:
            from source.text import find_refs

            units.append(Unit("sentence", ref.quote, tuple(p.section), find_refs(ref.quote)))
        rows.append(i)
    return units, np.asarray(sentences.vectors, dtype=np.float32)[rows]


def synthetic_corpus(units: Sequence[Unit], n: int, *, seed: int = SEED,
                     row_share: float = 0.2) -> tuple[Any, list[tuple[int, ...]]]:
    """``n`` passages recombined from ``units``, and for each the units it was made of.

    A paragraph joins 2-5 sentences (the first at random, the others mostly from its
    section); a table row takes each column's value from a random row of the same table.
    The same (units, n, seed) always gives the same corpus.
    """
    from index.store import Corpus
    from source.model import Passage
    from source.text import find_refs

    rng = random.Random(f"{seed}:{n}")
    sentences = [i for i, u in enumerate(units) if u.kind == "sentence"]
    rows = [i for i, u in enumerate(units) if u.kind == "row"]
    if not sentences:
        raise ValueError("the review has no sentences to recombine")
    by_section: dict[tuple[str, ...], list[int]] = {}
    for i in sentences:
        by_section.setdefault(units[i].section, []).append(i)
    rows_of: dict[str, list[int]] = {}
    for i in rows:
        rows_of.setdefault(units[i].table, []).append(i)
    passages: list[Passage] = []
    recipes: list[tuple[int, ...]] = []
    for i in range(n):
        if rows and rng.random() < row_share:
            model = units[rng.choice(rows)]
            pool = rows_of[model.table]
            cells: dict[str, str] = {}
            used: list[int] = []
            for col, _ in model.cells:
                r = rng.choice(pool)
                cells[col] = dict(units[r].cells).get(col, "")
                used.append(r)
            body = "; ".join(f"{c}: {v}" for c, v in cells.items() if v)
            text = f"{model.table}, row {i + 1}. {body}"
            passages.append(Passage(f"synthetic/row-{i:06d}", "table_row", text, model.section,
                                    i, find_refs(text), cells, "".join(cells.values())))
            recipes.append(tuple(sorted(set(used))))
        else:
            first = rng.choice(sentences)
            section = units[first].section
            local = by_section[section]
            picked = [first]
            for _ in range(rng.randint(2, 5) - 1):
                picked.append(rng.choice(local) if rng.random() < 0.7 else rng.choice(sentences))
            text = " ".join(units[j].text for j in picked)
            passages.append(Passage(f"synthetic/p-{i:06d}", "paragraph", text, section, i,
                                    find_refs(text)))
            recipes.append(tuple(picked))
    digest = hashlib.sha256(
        json.dumps([u.to_json() for u in units], sort_keys=True).encode()).hexdigest()
    corpus = Corpus(tuple(passages), f"synthetic:{seed}:{n}:{digest[:16]}", "synthetic-1")
    return corpus, recipes


class PrecomputedEmbeddings(Embeddings):
    """Vectors that need no model: for the scale runs only.

    A synthetic passage's vector is the normalised mean of the real vectors of the review
    units it was recombined from, plus Gaussian noise (std ``noise`` per dimension,
    seeded by passage), normalised again. So the store sees vectors distributed like real
    ones (clustered by topic), not uniform noise. Queries pass vectors directly.
    """

    def __init__(self, base: np.ndarray, documents: Sequence[str],
                 recipes: Sequence[tuple[int, ...]], *, seed: int = SEED,
                 noise: float = NOISE) -> None:
        self.base = base
        self.recipes = recipes
        self.seed = seed
        self.noise = noise
        self.row_of = {d: i for i, d in enumerate(documents)}
        self.identity = f"precomputed:mean-of-review-units+noise{noise}:seed{seed}"

    def encode(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        out = np.empty((len(texts), self.base.shape[1]), dtype=np.float32)
        for j, text in enumerate(texts):
            i = self.row_of[text]
            v = self.base[list(self.recipes[i])].mean(axis=0)
            if self.noise:
                rng = np.random.default_rng((self.seed, i))
                v = v + self.noise * rng.standard_normal(v.shape[0]).astype(np.float32)
            out[j] = v / np.linalg.norm(v)
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        raise NotImplementedError("the scale runs query with precomputed vectors")
