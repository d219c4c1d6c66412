"""Deterministic stand-ins for the tests: a counting fake embedder and a small corpus.

Tests import them as ``from fakes import ...`` (pytest puts ``tests/`` on the path).
"""

from __future__ import annotations

import time

from langchain_core.embeddings import DeterministicFakeEmbedding

from index.store import Corpus
from source.model import Passage


class CountingEmbedding(DeterministicFakeEmbedding):
    """``DeterministicFakeEmbedding`` that counts the texts it embeds (and can be slowed).

    ``identity`` names the "model" in the fingerprint, so a test can swap models.
    """

    identity: str = "fake-model-v1"
    texts_embedded: int = 0
    calls: int = 0
    delay_s: float = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.texts_embedded += len(texts)
        if self.delay_s:
            time.sleep(self.delay_s)
        return super().embed_documents(texts)


def sample_passages() -> tuple[Passage, ...]:
    """Eight hand-made passages of all three kinds, with the field's names in them."""
    sec = ("EXOSOMES-MEDIATED THERAPEUTIC RESISTANCE IN HCC",)
    imm = (*sec, "Exosomes induce immunotherapy resistance in HCC")
    tgt = (*sec, "Exosomes induce molecular targeted therapy resistance in HCC")
    tab = (*sec, "Table 1")
    rows = [
        (
            "circRNAs",
            "HCC cells",
            "circUHRF1",
            "Drive anti-PD1 resistance",
            "In vitro and in vivo",
            "2020",
            14,
        ),
        ("miRNAs", "HCC cells", "miR-21", "Promote 5-FU resistance", "In vitro", "2021", 20),
        (
            "proteins",
            "HCC cells",
            "14-3-3ζ",
            "Inhibit CD8+ T cell function",
            "In vitro",
            "2019",
            22,
        ),
    ]
    passages = [
        Passage(
            "introduction/p1",
            "paragraph",
            "Several inhibitors against immune checkpoints, such as PD-1, PD-L1 and CTLA-4, "
            "are under clinical trials[6].",
            ("INTRODUCTION",),
            0,
            (6,),
        ),
        Passage(
            "immunotherapy/p1",
            "paragraph",
            "Exosomal circUHRF1 inhibits NK cell function and may drive resistance to "
            "anti-PD1 immunotherapy[14].",
            imm,
            1,
            (14,),
        ),
        Passage(
            "targeted/p1",
            "paragraph",
            "Exosomal circRNA-SORE binds YBX1 and sustains sorafenib resistance[15]; "
            "miR-135a-5p and β-catenin signalling are also involved.",
            tgt,
            2,
            (15,),
        ),
        Passage(
            "targeted/p2",
            "paragraph",
            "Lenvatinib resistance was linked to exosome secretion by drug-resistant cells.",
            tgt,
            3,
            (),
        ),
        Passage(
            "figure1/caption",
            "caption",
            "Figure 1. Mechanisms of exosome-mediated drug resistance in HCC.",
            sec,
            4,
            (),
        ),
    ]
    columns = (
        "Contents classification",
        "Origin of exosome",
        "Exosomal contents",
        "Functions",
        "Study type",
        "Year",
    )
    for n, (*cells, ref) in enumerate(rows, start=1):
        cell_map = dict(zip(columns, cells, strict=True))
        text = f"Table 1, row {n}. " + "; ".join(f"{k}: {v}" for k, v in cell_map.items())
        passages.append(
            Passage(
                f"table1/row-{n:02d}",
                "table_row",
                text,
                tab,
                4 + n,
                (int(ref),),
                cell_map,
                "".join(cells) + f"[{ref}]",
            )
        )
    return tuple(passages)


def sample_corpus(**changes: object) -> Corpus:
    """A Corpus over :func:`sample_passages`; keyword arguments replace its fields."""
    corpus = Corpus(sample_passages(), source_sha256="sha-sample-1", parser_version="test-1")
    return Corpus(**{**corpus.__dict__, **changes})  # type: ignore[arg-type]
