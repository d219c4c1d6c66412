"""Records the answering stage hands to the app and the eval runner."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from source.model import Passage
from source.passages import passage_refs, quote_refs


@dataclass(frozen=True)
class Retrieved:
    """A passage the retriever returned, with its fused score and per-ranker ranks (1-based)."""

    passage: Passage
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass(frozen=True)
class Citation:
    """One citation marker of an answer.

    `quote` is an exact span of the cited passage's text (checked before it is shown);
    `refs` are the review's references for the quoted span (`source.passages.quote_refs`),
    `passage_refs` all the passage's; `references` maps each `[n]` the passage cites to
    its reference-list entry; `note` says how a table row prints a name otherwise than
    the text ("printed as cricTMEM181 in Table 1").
    """

    marker: str  # "[1]"
    passage_id: str
    quote: str
    passage: Passage
    references: dict[int, str] = field(default_factory=dict, hash=False)
    note: str = ""

    @property
    def section(self) -> str:
        return self.passage.section_path

    @property
    def refs(self) -> tuple[int, ...]:
        """The references the review gives for the quoted span."""
        return quote_refs(self.passage, self.quote)

    @property
    def passage_refs(self) -> tuple[int, ...]:
        """Every reference of the passage (the span's among them)."""
        return passage_refs(self.passage)

    def to_json(self) -> dict[str, Any]:
        return {
            "marker": self.marker,
            "passage_id": self.passage_id,
            "quote": self.quote,
            "text": self.passage.text,
            "kind": self.passage.kind,
            "section": self.passage.section_path,
            "refs": list(self.refs),
            "passage_refs": list(self.passage_refs),
            "references": {str(n): t for n, t in self.references.items()},
            "cells": dict(self.passage.cells),
            **({"note": self.note} if self.note else {}),
        }


@dataclass(frozen=True)
class Answer:
    """What the assistant says to one question."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    retrieved: tuple[Retrieved, ...]
    standalone_question: str = ""
    timings: dict[str, float] = field(default_factory=dict, hash=False)
    notice: str = ""  # e.g. "answered by the extractive answerer: the LLM was unreachable"
    readings: tuple[Any, ...] = ()  # qa.normalise.Reading: "regorafinib" read as regorafenib
    support: dict[str, float] = field(default_factory=dict, hash=False)  # qa/support.py

    @property
    def latency_ms(self) -> float:
        return self.timings.get("total_ms", 0.0)

    def to_json(self, qid: str | None = None) -> dict[str, Any]:
        """The results format of DESIGN.md (one line of results.jsonl)."""
        out: dict[str, Any] = {}
        if qid is not None:
            out["id"] = qid
        out.update(
            {
                "question": self.question,
                "standalone_question": self.standalone_question or self.question,
                "answer": self.text,
                "abstained": self.abstained,
                "citations": [c.to_json() for c in self.citations],
                "retrieved": [
                    {
                        "passage_id": r.passage.id,
                        "text": r.passage.text,
                        "score": round(r.score, 6),
                        "kind": r.passage.kind,
                        "section": r.passage.section_path,
                    }
                    for r in self.retrieved
                ],
                "latency_ms": round(self.latency_ms, 2),
                "timings": {k: round(v, 2) for k, v in self.timings.items()},
            }
        )
        if self.readings:
            out["read_as"] = [{"typed": r.typed, "read_as": r.read_as, "how": r.how}
                              for r in self.readings]
        if self.support:
            out["support"] = {k: round(v, 4) for k, v in self.support.items()}
        if self.notice:
            out["notice"] = self.notice
        return out
