"""One question and its answer in a conversation, as the app keeps it per session."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qa.types import Answer

EXTRACTIVE = "extractive"


@dataclass(frozen=True)
class Turn:
    """An answered question with what the page and the exports need besides the Answer.

    `references` maps a passage id (cited or only retrieved) to the reference-list
    entries of the `[n]` numbers that passage cites, so uncited and "closest evidence"
    passages can show their primary studies too.
    """

    number: int  # 1-based position in the conversation
    answer: Answer
    k: int
    answerer: str = EXTRACTIVE
    references: dict[str, dict[int, str]] = field(default_factory=dict, hash=False)

    def refs_of(self, passage_id: str) -> dict[int, str]:
        for c in self.answer.citations:
            if c.passage_id == passage_id and c.references:
                return dict(c.references)
        return dict(self.references.get(passage_id, {}))

    def to_json(self) -> dict[str, Any]:
        """The results format of DESIGN.md, plus the turn's place and settings."""
        return {"turn": self.number, "k": self.k, "answerer": self.answerer,
                **self.answer.to_json()}
