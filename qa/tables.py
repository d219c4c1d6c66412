"""Answering questions over a table from its structured rows: filter, count, list.

General over any parsed table: the filters come from the question's words matched
against the table's own cells and column names, never from a list of questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.lexical import STOPWORDS, stem, tokenize
from source.model import Passage
from source.table import column_role

_COUNT_RE = re.compile(r"\b(how many|number of|count|how often|how frequently)\b", re.I)
_LIST_RE = re.compile(r"\b(which|list|what are|what were|name all|enumerate|all the)\b", re.I)
_TABLE_RE = re.compile(r"\b(table|tables|rows?|entries|listed|tabulated)\b", re.I)
_ONLY_RE = re.compile(r"\b(only|exclusively|solely|alone|just)\b", re.I)

# Everyday words that point at a column without naming it.
COLUMN_HINTS: dict[str, tuple[str, ...]] = {
    "origin": ("origin", "derived", "source", "sources", "secreted", "released", "produced",
               "come", "comes", "donor", "originate", "originates", "originating"),
    "mechanism": ("mechanism", "mechanisms", "how", "pathway", "pathways", "via", "through",
                  "axis", "signaling"),
    "function": ("function", "functions", "effect", "effects", "role", "do", "does"),
    "year": ("year", "years", "when", "published", "date"),
    "study": ("study", "evidence", "model", "models", "vitro", "vivo", "experimental",
              "experiments", "design"),
    "classification": ("classification", "class", "classes", "category", "categories",
                       "group", "groups"),
    "reference": ("reference", "references", "cited", "citation", "source study"),
}


def _toks(text: str) -> set[str]:
    return {t for t in tokenize(text) if t not in STOPWORDS}


@dataclass(frozen=True)
class TableAnswerPlan:
    """Which rows of which table answer the question, and how to present them."""

    table_id: str
    rows: tuple[Passage, ...]
    filters: tuple[tuple[str, str], ...]  # (column, matched text)
    count: bool
    label_column: str
    show_columns: tuple[str, ...]
    total_rows: int


class TableQA:
    """Structured access to the table rows among the passages."""

    def __init__(self, passages: Sequence[Passage], is_technical: Callable[[str], bool]) -> None:
        self.is_technical = is_technical
        self.tables: dict[str, list[Passage]] = {}
        self.captions: dict[str, Passage] = {}
        for p in passages:
            tid = p.id.split("/", 1)[0]
            if p.kind == "table_row" and p.cells:
                self.tables.setdefault(tid, []).append(p)
            elif p.kind == "caption" and tid.startswith("table"):
                self.captions[tid] = p
        self.columns: dict[str, list[str]] = {
            tid: list(rows[0].cells) for tid, rows in self.tables.items()
        }
        # Words that describe the whole table (caption, column names) filter nothing.
        self.frame: dict[str, set[str]] = {}
        for tid, cols in self.columns.items():
            words = " ".join(cols)
            if tid in self.captions:
                words += " " + self.captions[tid].text
            self.frame[tid] = _toks(words)
        self.label_column = {tid: self._label_column(tid) for tid in self.tables}

    def _label_column(self, tid: str) -> str:
        """The column naming each row: short values, as many distinct ones as possible."""
        rows = self.tables[tid]
        best, best_score = self.columns[tid][0], -1.0
        for col in self.columns[tid]:
            values = [r.cells.get(col, "") for r in rows]
            if not all(values):
                continue
            avg_words = sum(len(v.split()) for v in values) / len(values)
            if avg_words > 3 or column_role(col) != "text":
                continue
            score = len(set(values)) / len(values) - 0.05 * avg_words
            if score > best_score:
                best, best_score = col, score
        return best

    def _column_for_hint(self, tid: str, words: set[str]) -> list[str]:
        cols = []
        for col in self.columns[tid]:
            col_toks = _toks(col)
            for key, hints in COLUMN_HINTS.items():
                if stem(key) in col_toks or key in col.lower():
                    if words & {stem(h) for h in hints} | (words & set(hints)):
                        cols.append(col)
                        break
            else:
                if col_toks & words:
                    cols.append(col)
        return cols

    def plan(self, question: str, expanded: str | None = None) -> TableAnswerPlan | None:
        """Rows answering a filter/count/list question, or None if it is not one."""
        if not self.tables:
            return None
        q = expanded or question
        qtoks = _toks(q)
        count = bool(_COUNT_RE.search(question))
        listing = bool(_LIST_RE.search(question))
        mentions_table = bool(_TABLE_RE.search(question))
        only = bool(_ONLY_RE.search(question))
        best: TableAnswerPlan | None = None
        for tid, rows in self.tables.items():
            filters: list[tuple[str, str]] = []
            keep = set(range(len(rows)))
            # 1. Whole-value matches in short columns ("miRNAs", "HepG2 cells", "2022").
            for col in self.columns[tid]:
                values = sorted({r.cells.get(col, "") for r in rows}, key=len, reverse=True)
                if sum(len(v.split()) for v in values) / max(1, len(values)) > 6:
                    continue
                matched = [v for v in values if v and _toks(v) and _toks(v) <= qtoks
                           and not _toks(v) <= self.frame[tid]]
                if not matched:
                    continue
                # Prefer the most specific value; "only" asks for the exact value.
                top = matched[0]
                if only:
                    sel = {i for i, r in enumerate(rows) if r.cells.get(col) == top}
                else:
                    sel = {i for i, r in enumerate(rows) if _toks(top) <= _toks(r.cells.get(col, ""))}
                if 0 < len(sel) < len(rows):
                    keep &= sel
                    filters.append((col, top))
                    qtoks = qtoks - _toks(top)
            # 2. Technical words found in some rows' cells ("sorafenib", "autophagy").
            for tok in sorted(qtoks - self.frame[tid]):
                if not self.is_technical(tok):
                    continue
                sel = {i for i, r in enumerate(rows)
                       if tok in _toks(" ".join(r.cells.values()))}
                if 0 < len(sel) < len(rows):
                    keep &= sel
                    filters.append(("any", tok))
            if not keep:
                continue
            asks_table = count or (mentions_table and (listing or filters)) or (
                listing and len(filters) >= 1 and len(keep) >= 2
                and any(c != "any" for c, _ in filters)
            )
            if not asks_table:
                continue
            if not filters and not (count and mentions_table):
                continue
            label = self.label_column[tid]
            shown = [c for c in self._column_for_hint(tid, _toks(question)) if c != label]
            plan = TableAnswerPlan(
                table_id=tid,
                rows=tuple(rows[i] for i in sorted(keep)),
                filters=tuple(filters),
                count=count,
                label_column=label,
                show_columns=tuple(dict.fromkeys(shown)),
                total_rows=len(rows),
            )
            if best is None or len(plan.filters) > len(best.filters):
                best = plan
        return best
