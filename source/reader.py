"""Readers: a flattened page dump (the bundled article) and Markdown, into one `Review`.

The page dump has bare heading lines, an all-caps heading per main section, a
"Table N" line followed by caption, flattened header and rows, "Figure N." captions,
a numbered reference list, and web-page furniture around the article (view counts,
"Cite This Article" blocks, comment forms) that is dropped and counted.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from source.errors import SourceParseError
from source.model import (
    Figure,
    Paragraph,
    ParseReport,
    Reference,
    Review,
    Section,
    Table,
    TableRow,
)
from source.table import RowSplitter, row_refs, split_header
from source.text import build_lexicon, find_refs, normalize_space

# Lines of the web page around the article, not part of it.
FURNITURE_RE = re.compile(
    r"^(Download PDF|Author Information|Article Notes|Cite This Article.*|"
    r"(Review|Original Article|Research Article|Editorial)\s*\|.*|"
    r"Views:.*|Export citation file.*|About This Article|Special Issue|Data & Comments|"
    r"Data|Views|Downloads|Citations|Comments|Author's Talk|Like This Article.*|"
    r"Share This Article|Scan the QR code.*|See Updates|Contents|Figures|Related|Portico|"
    r"All published articles are preserved.*|https?://\S+|ISSN .*|\d+)$"
)
_BACK_MATTER_START = re.compile(r"^(Cite This Article|About This Article)$")
_TABLE_RE = re.compile(r"^Table\s+(\d+)\.?$")
_FIGURE_RE = re.compile(r"^(Figure|Fig\.)\s*(\d+)\.\s+(.*)$")
_REF_ENTRY_RE = re.compile(r"^(\d{1,4})\.\s+(.+)$")
_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s|]+)")
_CITATION_LINE_RE = re.compile(r"^[A-Z][A-Za-z .]+ \d{4};\s*\d+\s*:\s*\w+\.?$")
_LABEL_LINE_RE = re.compile(r"^[^:]{2,60}:\s+\S")  # "Wrote the manuscript: Wang J"


def _is_caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and len(line) <= 150
        and not line.endswith(".")
    )


def _is_heading_candidate(line: str) -> bool:
    """A bare short line that reads like a heading (no sentence end, no citation)."""
    if len(line) > 150 or len(line.split()) > 20:
        return False
    if line[-1] in ".:;,?!" or "[" in line:
        return False
    if not line[0].isalpha() or not line[0].isupper():
        return False
    return not _LABEL_LINE_RE.match(line)


@dataclass
class _SectionBuilder:
    title: str
    level: int
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    subsections: list[_SectionBuilder] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(
            title=self.title,
            level=self.level,
            paragraphs=tuple(self.paragraphs),
            subsections=tuple(s.freeze() for s in self.subsections),
            line=self.line,
        )


def _decode(data: bytes, path: str) -> str:
    if not data.strip():
        raise SourceParseError("the file is empty", path=path, line=1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceParseError(
            f"not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
            "save the file as UTF-8",
            path=path,
            line=line,
        ) from None


def read_review(path: str | Path) -> Review:
    """Read a review from a file: Markdown for .md/.markdown, the page-dump form otherwise."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceParseError(f"cannot read the file: {exc.strerror}", path=str(p)) from None
    text = _decode(data, str(p))
    if p.suffix.lower() in {".md", ".markdown"}:
        from source.markdown import parse_markdown

        return parse_markdown(text, path=str(p))
    return parse_flat_text(text, path=str(p))


def parse_flat_text(text: str, path: str = "") -> Review:
    """Parse the flattened page-dump form of a review into a `Review`."""
    if not text.strip():
        raise SourceParseError("the file is empty", path=path, line=1)
    lines = [ln.rstrip() for ln in text.splitlines()]
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    nonblank = [(i + 1, ln.strip()) for i, ln in enumerate(lines) if ln.strip()]
    warnings: list[str] = []
    furniture = 0

    # -- front matter: title is the first non-furniture line ------------------------
    title = ""
    citation = ""
    doi = ""
    pos = 0
    while pos < len(nonblank):
        lineno, ln = nonblank[pos]
        if ln in {"Abstract", "ABSTRACT"} or _is_caps_heading(ln):
            break
        if FURNITURE_RE.match(ln):
            furniture += 1
        elif not doi and _DOI_RE.search(ln) and len(ln) < 120:
            doi = _DOI_RE.search(ln).group(1)  # type: ignore[union-attr]
        elif not citation and _CITATION_LINE_RE.match(ln):
            citation = ln.rstrip(".")
        elif not title:
            title = ln
        else:
            furniture += 1
        pos += 1
    if not title:
        raise SourceParseError("no title line before the first heading", path=path, line=1)

    abstract = ""
    keywords: tuple[str, ...] = ()
    sections: list[_SectionBuilder] = []
    tables: list[Table] = []
    figures: list[Figure] = []
    references: dict[int, Reference] = {}
    authors = ""
    current_l1: _SectionBuilder | None = None
    current: _SectionBuilder | None = None
    prev_kind = ""  # "h1", "h2", "para"

    def section_path() -> tuple[str, ...]:
        if current is None:
            return ()
        if current_l1 is not None and current is not current_l1:
            return (current_l1.title, current.title)
        return (current.title,)

    in_refs = False
    while pos < len(nonblank):
        lineno, ln = nonblank[pos]
        pos += 1
        if in_refs:
            m = _REF_ENTRY_RE.match(ln)
            if m:
                n = int(m.group(1))
                if n in references:
                    warnings.append(f"line {lineno}: reference {n} listed twice; kept the first")
                else:
                    references[n] = Reference(n=n, text=normalize_space(m.group(2)))
                continue
            if _BACK_MATTER_START.match(ln) or FURNITURE_RE.match(ln):
                in_refs = False
                # Everything after the reference list is the page's back matter.
                for ln2 in (x for _, x in nonblank[pos:]):
                    if not authors:
                        ma = re.match(r"^(.+?)\.\s+" + re.escape(title[:30]), ln2)
                        if ma:
                            authors = ma.group(1)
                furniture += 1 + (len(nonblank) - pos)
                break
            warnings.append(f"line {lineno}: not a numbered reference entry; skipped")
            furniture += 1
            continue
        if FURNITURE_RE.match(ln) or ln == title:
            furniture += 1
            continue
        if ln in {"Abstract", "ABSTRACT"}:
            if pos < len(nonblank):
                abstract = nonblank[pos][1]
                pos += 1
            continue
        if ln in {"Keywords", "KEYWORDS", "Key words"}:
            if pos < len(nonblank):
                keywords = tuple(k.strip() for k in nonblank[pos][1].split(",") if k.strip())
                pos += 1
            continue
        if ln.upper() == "REFERENCES" and _is_caps_heading(ln):
            in_refs = True
            continue
        mt = _TABLE_RE.match(ln)
        if mt:
            pos, table = _read_table(nonblank, pos, int(mt.group(1)), section_path(),
                                     lines, lineno, path, warnings)
            tables.append(table)
            continue
        mf = _FIGURE_RE.match(ln)
        if mf:
            n = int(mf.group(2))
            figures.append(
                Figure(
                    id=f"figure{n}",
                    label=f"Figure {n}",
                    caption=mf.group(3).strip(),
                    refs=find_refs(ln),
                    section=section_path(),
                    line=lineno,
                )
            )
            continue
        if _is_caps_heading(ln):
            current_l1 = _SectionBuilder(title=ln, level=1, line=lineno)
            sections.append(current_l1)
            current = current_l1
            prev_kind = "h1"
            continue
        if _is_heading_candidate(ln) and prev_kind != "h2" and current_l1 is not None:
            sub = _SectionBuilder(title=ln, level=2, line=lineno)
            current_l1.subsections.append(sub)
            current = sub
            prev_kind = "h2"
            continue
        if current is None:
            warnings.append(f"line {lineno}: text before the first heading; skipped")
            furniture += 1
            continue
        current.paragraphs.append(Paragraph(text=ln, refs=find_refs(ln), line=lineno))
        prev_kind = "para"

    if not sections:
        raise SourceParseError(
            "no section headings found (expected all-caps heading lines such as "
            "INTRODUCTION)",
            path=path,
            line=1,
        )
    frozen = tuple(s.freeze() for s in sections)
    _check_citations(frozen, tables, figures, references, abstract, warnings)
    return Review(
        title=title,
        citation=citation,
        doi=doi,
        authors=authors,
        abstract=abstract,
        keywords=keywords,
        sections=frozen,
        tables=tuple(tables),
        figures=tuple(figures),
        references=references,
        report=ParseReport(
            lines_read=sum(1 for ln in lines if ln.strip()),
            furniture_skipped=furniture,
            warnings=tuple(warnings),
        ),
        source_sha256=sha,
    )


def _read_table(
    nonblank: list[tuple[int, str]],
    pos: int,
    number: int,
    section: tuple[str, ...],
    lines: list[str],
    table_line: int,
    path: str,
    warnings: list[str],
) -> tuple[int, Table]:
    """Read caption, header and rows after a "Table N" line; rows end at a blank line."""
    if pos + 1 >= len(nonblank):
        raise SourceParseError(f"Table {number} has no caption or header", path=path,
                               line=table_line)
    caption = nonblank[pos][1]
    header_line, header = nonblank[pos + 1]
    columns = split_header(header)
    if len(columns) < 2:
        raise SourceParseError(
            f"Table {number}: cannot read column names from the header {header[:60]!r}",
            path=path,
            line=header_line,
        )
    # Rows: consecutive lines up to the next blank line.
    row_lines: list[tuple[int, str]] = []
    i = header_line  # 0-based index of the line after the header
    while i < len(lines) and lines[i].strip():
        row_lines.append((i + 1, lines[i].strip()))
        i += 1
    end_pos = pos + 2 + len(row_lines)

    # The running text vouches for words; table lines and reference entries do not.
    table_lines = {header_line, *(n for n, _ in row_lines)}
    body = [
        ln
        for n, ln in nonblank
        if n not in table_lines and not _REF_ENTRY_RE.match(ln) and len(ln) > 60
    ]
    splitter = RowSplitter(columns, build_lexicon(body))

    # A line without the row's tail (year, references) continues onto the next line:
    # a label broken over lines ("No classificati" / "on") is glued back on.
    printed_rows: list[tuple[int, str]] = []
    pending = ""
    pending_line = 0
    for n, ln in row_lines:
        joined = pending + ln
        if splitter.tail(joined) is None:
            pending, pending_line = joined, pending_line or n
            continue
        printed_rows.append((pending_line or n, joined))
        pending, pending_line = "", 0
    if pending:
        warnings.append(
            f"line {pending_line}: Table {number} text {pending[:40]!r} ends no row; skipped"
        )

    split = splitter.split_all([r for _, r in printed_rows])
    text_cols = [c for c, r in zip(columns, splitter.roles, strict=True) if r == "text"]
    tail_cols = [c for c, r in zip(columns, splitter.roles, strict=True) if r != "text"]
    rows: list[TableRow] = []
    for (n, printed), s in zip(printed_rows, split, strict=True):
        if s.cells is None:
            warnings.append(
                f"line {n}: Table {number} row could not be split into its "
                f"{len(columns)} columns ({s.note}); kept whole in column {text_cols[-1]!r}"
            )
            cells = dict.fromkeys(text_cols, "")
            head = splitter.tail(printed)
            cells[text_cols[-1]] = head[0] if head else printed
        else:
            cells = dict(zip(text_cols, s.cells, strict=True))
            if s.note:
                warnings.append(f"line {n}: Table {number} row {s.note}")
        cells.update(zip(tail_cols, s.tail, strict=True))
        ordered = {c: normalize_space(cells.get(c, "")) for c in columns}
        rows.append(TableRow(cells=ordered, refs=row_refs(s.tail), printed=printed, line=n))
    if not rows:
        raise SourceParseError(f"Table {number} has no rows", path=path, line=header_line)
    table = Table(
        id=f"table{number}",
        label=f"Table {number}",
        caption=caption,
        columns=tuple(columns),
        rows=tuple(rows),
        section=section,
        line=table_line,
    )
    return end_pos, table


def _check_citations(
    sections: tuple[Section, ...],
    tables: list[Table],
    figures: list[Figure],
    references: dict[int, Reference],
    abstract: str,
    warnings: list[str],
) -> None:
    """Warn (naming the line) about every [n] that has no reference entry."""
    if not references:
        return
    cited: list[tuple[int, tuple[int, ...]]] = []
    for top in sections:
        for _, sec in top.walk():
            cited.extend((p.line, p.refs) for p in sec.paragraphs)
    for t in tables:
        cited.extend((r.line, r.refs) for r in t.rows)
    cited.extend((f.line, f.refs) for f in figures)
    for line, refs in cited:
        missing = [n for n in refs if n not in references]
        if missing:
            warnings.append(
                f"line {line}: cites {', '.join(f'[{n}]' for n in missing)} "
                "with no entry in the reference list"
            )
