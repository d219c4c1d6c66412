"""Companion passages: a table row and the text that discusses the same primary study.

Table 1 summarises primary studies that the review's text also discusses. A row and a
text passage are companions when they cite the same reference [n]; a text passage that
also names the row's label ("circPAK1") comes before one that only shares the number.

The assistant lists the companions of the table rows an answer cites right after the
cited passages in the evidence list, so a user who reads a cited row also sees the
study's discussion. Companions are evidence to inspect, never citations: the answer's
sentences and markers are untouched. (The other way, the rows a cited sentence names,
was measured too: it pushed better evidence out of the top five on an unseen question
set, so only `rows_in` remains, for a text answer asked about the table as well.)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from source.model import Passage

MAX_PER_ROW = 2  # text passages listed for one cited row


def _names(label: str, text: str) -> bool:
    """True when `text` names `label` as a whole word (either case)."""
    # (not the start or end of a longer name: "miR-21" is not in "miR-21-5p", but it is
    # in "miR-21-enriched")
    return re.search(rf"(?<![^\W_])(?<![^\W_]-){re.escape(label)}(?![^\W_]|-\d)", text,
                     re.I) is not None


class Companions:
    """Rows and text passages linked by a shared reference number."""

    def __init__(self, passages: Sequence[Passage], label_of: Callable[[Passage], str],
                 canonical: Callable[[str], str] = lambda s: s) -> None:
        self._canonical = canonical
        rows = [p for p in passages if p.kind == "table_row"]
        self._rows = {p.id: p for p in rows}
        texts = [p for p in passages if p.kind != "table_row"]
        labels = {p.id: canonical(label_of(p).strip()) for p in rows}
        # A label several rows share ("exosomes") is a class word, not a name.
        shared = Counter(v.lower() for v in labels.values())
        self._label = {pid: v for pid, v in labels.items() if v and shared[v.lower()] == 1}
        self._of_row: dict[str, tuple[Passage, ...]] = {}
        for row in rows:
            linked = [p for p in texts if set(p.refs) & set(row.refs)]
            label = self._label.get(row.id)
            if label:  # the passages that name the row's label first (stable order)
                linked.sort(key=lambda p: not _names(label, canonical(p.text)))
            self._of_row[row.id] = tuple(linked[:MAX_PER_ROW])

    def of_row(self, row: Passage) -> tuple[Passage, ...]:
        """The text passages discussing a row's study, most specific first."""
        return self._of_row.get(row.id, ())

    def rows_in(self, text: str) -> list[Passage]:
        """The rows whose label `text` names, in table order."""
        text = self._canonical(text)
        return [row for pid, row in self._rows.items()
                if pid in self._label and _names(self._label[pid], text)]

    def of_cited(self, cited: Sequence[Passage]) -> list[Passage]:
        """The companions of the cited rows, without the cited passages themselves or
        repeats: each row's first companion in citation order, then each one's second
        (three cited rows show three studies' discussions before a second passage of
        any one)."""
        lists = [self.of_row(p) for p in cited if p.kind == "table_row"]
        seen = {p.id for p in cited}
        out: list[Passage] = []
        for rank in range(max((len(found) for found in lists), default=0)):
            for found in lists:
                if rank < len(found) and found[rank].id not in seen:
                    seen.add(found[rank].id)
                    out.append(found[rank])
        return out
