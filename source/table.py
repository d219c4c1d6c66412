"""Splitting flattened table rows back into cells.

A page dump prints a table row with its cells run together ("HCC cellscircPAK1Drive
resistance to lenvatinibCircPAK1 competitively binds ...In vitro and in vivo2022[18]").
The splitter recovers the cells with general evidence only, never a list of this
table's rows:

- the tail: a column named like "References" is a bracketed citation, one named like
  "Year" a four-digit year;
- glue points inside whitespace-free tokens: a case change ("resistanceInhibit",
  "SORESorafenib") counts when a word of the article's running text ends before it or
  starts after it, and does not count inside a word the article uses whole
  ("CircPAK1", "mTOR", "HepG2");
- lower-case glue ("cellscircUHRF1") splits after the longest prefix that is a word of
  the article's running text;
- the number of cells: a row that yields one cell fewer than the text columns carries
  the first column down from the row above;
- the vocabulary of the other rows: a row that still does not fit peels values seen in
  the same column of other rows off its ends ("... mRNA In vitro").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from source.text import CITATION_RE, find_refs

_YEAR_RE = re.compile(r"(1[89]\d\d|20\d\d)\s*$")
_REFS_RE = re.compile(r"\s*(" + CITATION_RE.pattern + r")\s*$")
_ALNUM = re.compile(r"[0-9A-Za-zα-ωΑ-Ω]")


def split_header(line: str) -> list[str]:
    """Split a flattened header at lower-to-upper case changes.

    "Contents classificationOrigin of exosomeYear" -> ["Contents classification",
    "Origin of exosome", "Year"]. A header printed with tabs or pipes is split on those.
    """
    if "\t" in line or "|" in line:
        return [c.strip() for c in re.split(r"[\t|]", line) if c.strip()]
    parts = re.split(r"(?<=[a-z)\]])(?=[A-Z])", line.strip())
    return [p.strip() for p in parts if p.strip()]


def column_role(name: str) -> str:
    """'refs', 'year' or 'text', from a column's name."""
    low = name.lower()
    if low.startswith("ref") or "citation" in low:
        return "refs"
    if low in {"year", "date", "year of publication", "publication year"}:
        return "year"
    return "text"


def split_tail(text: str, roles: Sequence[str]) -> tuple[str, list[str]] | None:
    """Peel the trailing refs/year columns off a row; None when they are not there.

    Returns the remaining head and the tail values in column order.
    """
    tail: list[str] = []
    head = text.rstrip()
    for role in reversed(roles):
        if role == "refs":
            m = _REFS_RE.search(head)
        elif role == "year":
            m = _YEAR_RE.search(head)
        else:
            break
        if not m:
            return None
        tail.insert(0, m.group(1) if role == "refs" else m.group(1))
        head = head[: m.start()].rstrip() if role == "refs" else head[: m.start()]
    return head, tail


def _is_word(fragment: str, lexicon: frozenset[str], min_len: int) -> bool:
    return (
        len(fragment) >= min_len
        and not fragment.isdigit()
        and fragment.lower() in lexicon
    )


def _camel_positions(tok: str) -> list[int]:
    """Positions i in tok where a case change could glue two cells: aB, 1B, )B, ABc."""
    out = []
    for i in range(1, len(tok)):
        a, b = tok[i - 1], tok[i]
        if not b.isupper():
            continue
        if a.islower() or a.isdigit() or a in ")]":
            out.append(i)
        elif a.isupper() and i + 1 < len(tok) and tok[i + 1].islower():
            out.append(i)
    return out


def _protected(tok: str, i: int, lexicon: frozenset[str], cands: Sequence[int]) -> bool:
    """True when a word of the lexicon (3+ chars) spans position i of tok.

    The word must start and end where a word can: at the token's ends, next to
    - / ( ), or at another case change ("CircPAK1" in "lenvatinibCircPAK1Drive").
    """
    for j in range(0, i):
        j_natural = j == 0 or tok[j - 1] in "-/([" or j in cands
        for k in range(i + 1, len(tok) + 1):
            k_natural = k == len(tok) or tok[k] in "-/)]," or k in cands
            min_len = 3 if (j_natural and k_natural) else 5
            if _is_word(tok[j:k], lexicon, min_len):
                return True
    return False


def _run_before(tok: str, i: int) -> str:
    """The alphanumeric run of tok that ends at i (stops at - / and similar)."""
    j = i
    while j > 0 and (tok[j - 1].isalnum() or tok[j - 1] in "αβγδεζκ"):
        j -= 1
    return tok[j:i]


def _word_ends_at(tok: str, start: int, i: int, lexicon: frozenset[str]) -> bool:
    return any(_is_word(tok[j:i], lexicon, 4) for j in range(start, i - 3))


def _word_starts_at(tok: str, i: int, end: int, lexicon: frozenset[str]) -> bool:
    return _is_word(tok[i:end], lexicon, 2)


def glue_cuts(tok: str, lexicon: frozenset[str]) -> list[int]:
    """Positions inside a whitespace-free token where two table cells were glued."""
    core = tok.strip("()[],;:.")
    if not core or _is_word(core, lexicon, 2):
        return []
    cands = _camel_positions(tok)
    cuts: list[int] = []
    last = 0
    for n, i in enumerate(cands):
        if _protected(tok, i, lexicon, cands):
            continue
        if tok[i - 1] in ")]":  # "(5-fluorouracil)Communicate": a bracket glued to a word
            cuts.append(i)
            last = i
            continue
        if len(_run_before(tok, i)) < 2 and tok[i - 1] not in ")]":
            continue
        nxt = cands[n + 1] if n + 1 < len(cands) else len(tok)
        right_end = nxt
        for m in re.finditer(r"[^0-9A-Za-zα-ωΑ-Ω+\-]", tok[i:]):
            right_end = min(right_end, i + m.start())
            break
        if _word_ends_at(tok, last, i, lexicon) or _word_starts_at(tok, i, right_end, lexicon):
            cuts.append(i)
            last = i
    # Lower-case glue: within each segment that is not a word, split after the longest
    # prefix that is one ("cellscircUHRF1" -> "cells" | "circUHRF1").
    bounds = [0, *cuts, len(tok)]
    extra: list[int] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        start = a
        while start < b:
            seg = tok[start:b].strip("()[],;:.")
            if _is_word(seg, lexicon, 2):
                break
            best = None
            for k in range(b - 2, start + 3, -1):
                if not (tok[k - 1].isalnum() and tok[k].isalnum()):
                    continue
                if tok[k].isupper() and tok[k - 1].isupper():
                    continue
                if _is_word(tok[start:k], lexicon, 4):
                    best = k
                    break
            if best is None:
                # No known word at the front: try a known word at the back
                # ("fibroblastcircZFR" -> "fibroblast" | "circZFR").
                for k in range(start + 2, b - 3):
                    if not (tok[k - 1].isalnum() and tok[k].isalnum()):
                        continue
                    if _is_word(tok[k:b].strip("()[],;:."), lexicon, 4):
                        best = k
                        break
            if best is None:
                break
            extra.append(best)
            start = best
    return sorted(set(cuts + extra))


def cut_cells(text: str, lexicon: frozenset[str]) -> list[str]:
    """Split a row's text (tail already removed) at every glue point."""
    pieces: list[str] = []
    start = 0
    for m in re.finditer(r"\S+", text):
        for c in glue_cuts(m.group(), lexicon):
            pos = m.start() + c
            pieces.append(text[start:pos])
            start = pos
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


@dataclass
class SplitRow:
    cells: list[str] | None  # text cells (first column possibly carried), None if unsplit
    tail: list[str]
    carried: bool = False


class RowSplitter:
    """Splits the rows of one flattened table; see the module docstring for the method."""

    def __init__(self, columns: Sequence[str], lexicon: frozenset[str]) -> None:
        self.columns = list(columns)
        self.roles = [column_role(c) for c in self.columns]
        self.n_text = sum(1 for r in self.roles if r == "text")
        self.lexicon = lexicon

    def tail(self, printed: str) -> tuple[str, list[str]] | None:
        return split_tail(printed, self.roles)

    def split_all(self, rows: Sequence[str]) -> list[SplitRow]:
        """Split every row; the first column is carried down inside groups."""
        first: list[SplitRow] = []
        for printed in rows:
            parsed = self.tail(printed)
            if parsed is None:
                first.append(SplitRow(None, []))
                continue
            head, tail = parsed
            pieces = cut_cells(head, self.lexicon)
            first.append(SplitRow(pieces, tail))

        def fits(p: list[str] | None) -> bool:
            return p is not None and len(p) in (self.n_text, self.n_text - 1)

        vocab: list[set[str]] = [set() for _ in range(self.n_text)]
        for r in first:
            if r.cells is not None and fits(r.cells):
                off = self.n_text - len(r.cells)
                for k, v in enumerate(r.cells):
                    vocab[k + off].add(v)
        # Second pass: rows that do not fit peel known values off their ends.
        for r, printed in zip(first, rows, strict=True):
            if r.cells is None or fits(r.cells):
                continue
            parsed = self.tail(printed)
            assert parsed is not None
            r.cells = self._peel(parsed[0], vocab)
        # Carry the first column down.
        out: list[SplitRow] = []
        group: str | None = None
        for r in first:
            if r.cells is None or not fits(r.cells):
                out.append(SplitRow(None, r.tail))
                continue
            if len(r.cells) == self.n_text:
                group = r.cells[0]
                out.append(SplitRow(r.cells, r.tail))
            elif group is not None:
                out.append(SplitRow([group, *r.cells], r.tail, carried=True))
            else:
                out.append(SplitRow(None, r.tail))
        return out

    def _peel(self, head: str, vocab: list[set[str]]) -> list[str] | None:
        """Split using values other rows have in the last and first text columns."""
        text = head.strip()
        right: list[str] = []
        for value in sorted(vocab[-1], key=len, reverse=True):
            if text.endswith(value) and len(text) > len(value):
                right = [value]
                text = text[: -len(value)].rstrip()
                break
        pieces = cut_cells(text, self.lexicon) + right
        if len(pieces) in (self.n_text, self.n_text - 1):
            return pieces
        return None


def row_refs(tail_values: Sequence[str]) -> tuple[int, ...]:
    """Reference numbers in a row's tail values."""
    return find_refs(" ".join(tail_values))
