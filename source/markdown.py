"""Markdown reader: '#' title, '##'/'###' headings, pipe tables, numbered references.

It fills the same `Review` model as the page-dump reader, so nothing downstream
knows which form a review came in.
"""

from __future__ import annotations

import hashlib
import re

from source.errors import SourceParseError
from source.model import Figure, Paragraph, ParseReport, Reference, Review, Section, Table, TableRow
from source.reader import _check_citations, _SectionBuilder
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
    title = citation = doi = authors = abstract = ""
    keywords: tuple[str, ...] = ()
    sections: list[_SectionBuilder] = []
    tables: list[Table] = []
    figures: list[Figure] = []
    references: dict[int, Reference] = {}
    warnings: list[str] = []
    current_l1: _SectionBuilder | None = None
    current: _SectionBuilder | None = None
    mode = ""  # "abstract", "keywords", "refs", ""
    pending_caption: tuple[int, str] | None = None

    def path_now() -> tuple[str, ...]:
        if current is None:
            return ()
        if current_l1 is not None and current is not current_l1:
            return (current_l1.title, current.title)
        return (current.title,)

    for line_no, block in _blocks(text):
        first = block[0].strip()
        h = _HEADING_RE.match(first)
        if h and len(block) == 1:
            level, heading = len(h.group(1)), h.group(2).strip()
            low = heading.lower()
            if level == 1 and not title:
                title = heading
                continue
            mode = ""
            if low == "abstract":
                mode = "abstract"
                continue
            if low in {"keywords", "key words"}:
                mode = "keywords"
                continue
            if low == "references":
                mode = "refs"
                continue
            if level <= 2:
                current_l1 = _SectionBuilder(title=heading, level=1, line=line_no)
                sections.append(current_l1)
                current = current_l1
            else:
                if current_l1 is None:
                    current_l1 = _SectionBuilder(title="Body", level=1, line=line_no)
                    sections.append(current_l1)
                current = _SectionBuilder(title=heading, level=2, line=line_no)
                current_l1.subsections.append(current)
            continue
        if mode == "refs":
            for k, ln in enumerate(block):
                m = _REF_RE.match(ln.strip())
                if m:
                    references[int(m.group(1))] = Reference(int(m.group(1)), m.group(2).strip())
                else:
                    warnings.append(f"line {line_no + k}: not a numbered reference; skipped")
            continue
        joined = normalize_space(" ".join(block))
        if mode == "abstract":
            abstract = joined
            mode = ""
            continue
        if mode == "keywords":
            keywords = tuple(k.strip() for k in joined.split(",") if k.strip())
            mode = ""
            continue
        if not sections and not title:
            continue
        if not sections:
            m = _DOI_RE.search(joined)
            if m and not doi:
                doi = m.group(1)
            elif not authors:
                authors = joined
            continue
        tc = _TABLE_CAPTION_RE.match(first)
        if tc and len(block) == 1:
            pending_caption = (line_no, first)
            continue
        if first.startswith("|"):
            number = len(tables) + 1
            caption = ""
            if pending_caption:
                m = _TABLE_CAPTION_RE.match(pending_caption[1])
                assert m
                number, caption = int(m.group(1)), m.group(2).strip()
                pending_caption = None
            columns = _pipe_cells(block[0])
            body = [ln for ln in block[1:] if not re.fullmatch(r"[\s|:\-]+", ln)]
            rows: list[TableRow] = []
            group: dict[str, str] = {}
            for k, ln in enumerate(body):
                cells = _pipe_cells(ln)
                if len(cells) != len(columns):
                    warnings.append(
                        f"line {line_no + 2 + k}: table row has {len(cells)} cells, "
                        f"the header {len(columns)}; kept as printed"
                    )
                    cells = (cells + [""] * len(columns))[: len(columns)]
                row = dict(zip(columns, cells, strict=True))
                if not row[columns[0]] and group.get(columns[0]):
                    row[columns[0]] = group[columns[0]]  # first column carried down
                group = row
                ref_text = " ".join(
                    v for c, v in row.items() if column_role(c) == "refs"
                )
                rows.append(TableRow(cells=row, refs=find_refs(ref_text),
                                     printed=ln.strip(), line=line_no + 2 + k))
            tables.append(Table(id=f"table{number}", label=f"Table {number}",
                                caption=caption, columns=tuple(columns), rows=tuple(rows),
                                section=path_now(), line=line_no))
            continue
        fm = _FIGURE_RE.match(first)
        if fm:
            n = int(fm.group(2))
            figures.append(Figure(id=f"figure{n}", label=f"Figure {n}",
                                  caption=normalize_space(fm.group(3) + " " + " ".join(block[1:])),
                                  refs=find_refs(joined), section=path_now(), line=line_no))
            continue
        assert current is not None
        current.paragraphs.append(Paragraph(text=joined, refs=find_refs(joined), line=line_no))

    if not title:
        raise SourceParseError("no '# Title' line", path=path, line=1)
    if not sections:
        raise SourceParseError("no '##' section headings", path=path, line=1)
    frozen = tuple(s.freeze() for s in sections)
    _check_citations(frozen, tables, figures, references, abstract, warnings)
    return Review(
        title=title, citation=citation, doi=doi, authors=authors, abstract=abstract,
        keywords=keywords, sections=frozen, tables=tuple(tables), figures=tuple(figures),
        references=references,
        report=ParseReport(lines_read=sum(1 for ln in text.splitlines() if ln.strip()),
                           furniture_skipped=0, warnings=tuple(warnings)),
        source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


__all__ = ["parse_markdown", "Section"]
