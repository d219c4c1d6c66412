"""Markdown reader: '#' title, '##'/'###' headings, pipe tables, numbered references.

It fills the same `Review` model as the page-dump reader, so nothing downstream
knows which form a review came in.
"""

from __future__ import annotations

import re

from source.builder import ReviewBuilder
from source.errors import SourceParseError
from source.model import Figure, Paragraph, Reference, Review, Table, TableRow
from source.table import column_role
from source.text import find_refs, normalize_space

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_CAPTION_RE = re.compile(r"^\**Table\s+(\d+)\**[.:]?\**\s*(.*)$")
_FIGURE_RE = re.compile(r"^\**(Figure|Fig\.)\s*(\d+)\**[.:]\**\s*(.*)$")
_REF_RE = re.compile(r"^(\d{1,4})\.\s+(.+)$")
_DOI_RE = re.compile(r"\b(10\.\d{4,9}/\S+)")


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks with the 1-based line of their first line."""
    out: list[tuple[int, list[str]]] = []
    cur: list[str] = []
    start = 0
    for i, ln in enumerate(text.splitlines(), start=1):
        if ln.strip():
            if not cur:
                start = i
            cur.append(ln.rstrip())
        elif cur:
            out.append((start, cur))
            cur = []
    if cur:
        out.append((start, cur))
    return out


def _pipe_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_markdown(text: str, path: str = "") -> Review:
    """Parse a Markdown review into a `Review`."""
    if not text.strip():
        raise SourceParseError("the file is empty", path=path, line=1)
    reader = _MarkdownReader()
    for line_no, block in _blocks(text):
        reader.block(line_no, block)
    if not reader.parts.title:
        raise SourceParseError("no '# Title' line", path=path, line=1)
    if not reader.parts.tree.sections:
        raise SourceParseError("no '##' section headings", path=path, line=1)
    return reader.parts.build(text)


class _MarkdownReader:
    """Reads blank-line separated blocks in order, filling a `ReviewBuilder`."""

    def __init__(self) -> None:
        self.parts = ReviewBuilder()
        self.mode = ""  # "abstract", "keywords", "refs", ""
        self.pending_caption: tuple[int, str] | None = None

    def block(self, line_no: int, block: list[str]) -> None:
        parts = self.parts
        first = block[0].strip()
        h = _HEADING_RE.match(first)
        if h and len(block) == 1:
            self._heading(line_no, len(h.group(1)), h.group(2).strip())
            return
        if self.mode == "refs":
            self._references(line_no, block)
            return
        joined = normalize_space(" ".join(block))
        if self.mode == "abstract":
            parts.abstract, self.mode = joined, ""
        elif self.mode == "keywords":
            parts.keywords = tuple(k.strip() for k in joined.split(",") if k.strip())
            self.mode = ""
        elif not parts.tree.sections:
            if parts.title:  # between the title and the first section: DOI, then authors
                m = _DOI_RE.search(joined)
                if m and not parts.doi:
                    parts.doi = m.group(1)
                elif not parts.authors:
                    parts.authors = joined
        elif _TABLE_CAPTION_RE.match(first) and len(block) == 1:
            self.pending_caption = (line_no, first)
        elif first.startswith("|"):
            parts.tables.append(self._table(line_no, block))
        elif fm := _FIGURE_RE.match(first):
            n = int(fm.group(2))
            parts.figures.append(Figure(
                id=f"figure{n}", label=f"Figure {n}",
                caption=normalize_space(fm.group(3) + " " + " ".join(block[1:])),
                refs=find_refs(joined), section=parts.tree.path(), line=line_no))
        else:
            assert parts.tree.current is not None
            parts.tree.current.paragraphs.append(
                Paragraph(text=joined, refs=find_refs(joined), line=line_no))

    def _heading(self, line_no: int, level: int, heading: str) -> None:
        tree = self.parts.tree
        if level == 1 and not self.parts.title:
            self.parts.title = heading
            return
        self.mode = _MODES.get(heading.lower(), "")
        if self.mode:
            return
        if level <= 2:
            tree.open_top(heading, line_no)
        else:
            if tree.top is None:
                tree.open_top("Body", line_no)
            tree.open_sub(heading, line_no)

    def _references(self, line_no: int, block: list[str]) -> None:
        for k, ln in enumerate(block):
            m = _REF_RE.match(ln.strip())
            if m:
                self.parts.references[int(m.group(1))] = Reference(int(m.group(1)),
                                                                   m.group(2).strip())
            else:
                self.parts.warnings.append(
                    f"line {line_no + k}: not a numbered reference; skipped")

    def _table(self, line_no: int, block: list[str]) -> Table:
        """A pipe table (its caption the "Table N." block just before it, if any)."""
        number = len(self.parts.tables) + 1
        caption = ""
        if self.pending_caption:
            m = _TABLE_CAPTION_RE.match(self.pending_caption[1])
            assert m
            number, caption = int(m.group(1)), m.group(2).strip()
            self.pending_caption = None
        columns = _pipe_cells(block[0])
        body = [ln for ln in block[1:] if not re.fullmatch(r"[\s|:\-]+", ln)]
        rows: list[TableRow] = []
        group: dict[str, str] = {}
        for k, ln in enumerate(body):
            cells = _pipe_cells(ln)
            if len(cells) != len(columns):
                self.parts.warnings.append(
                    f"line {line_no + 2 + k}: table row has {len(cells)} cells, "
                    f"the header {len(columns)}; kept as printed"
                )
                cells = (cells + [""] * len(columns))[: len(columns)]
            row = dict(zip(columns, cells, strict=True))
            if not row[columns[0]] and group.get(columns[0]):
                row[columns[0]] = group[columns[0]]  # first column carried down
            group = row
            ref_text = " ".join(v for c, v in row.items() if column_role(c) == "refs")
            rows.append(TableRow(cells=row, refs=find_refs(ref_text),
                                 printed=ln.strip(), line=line_no + 2 + k))
        return Table(id=f"table{number}", label=f"Table {number}", caption=caption,
                     columns=tuple(columns), rows=tuple(rows), section=self.parts.tree.path(),
                     line=line_no)


_MODES = {"abstract": "abstract", "keywords": "keywords", "key words": "keywords",
          "references": "refs"}


__all__ = ["parse_markdown"]
