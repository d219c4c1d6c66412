"""The page-dump reader: a flattened web page of a review (the bundled article) -> `Review`.

The page dump has bare heading lines, an all-caps heading per main section, a
"Table N" line followed by caption, flattened header and rows, "Figure N." captions,
a numbered reference list, and web-page furniture around the article (view counts,
"Cite This Article" blocks, comment forms) that is dropped and counted.
"""

from __future__ import annotations

import re

from source.builder import ReviewBuilder
from source.errors import SourceParseError
from source.model import Figure, Paragraph, Reference, Review, Table, TableRow
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
# "This article belongs to the Special Issue Hepatocellular Carcinoma and ...", in the
# back matter's "About This Article"
_SPECIAL_ISSUE_RE = re.compile(r"^This (?:article|review) belongs to the Special Issue\s+(.+)$")
# "© The Author(s) 2023. Open Access This article is licensed under a Creative Commons
# Attribution 4.0 International License (https://...)", in the back matter too
_LICENSE_RE = re.compile(r"\blicensed\s+under\s+(?:a|an|the)\s+(.+?\bLicen[cs]e)\b")
_TABLE_RE = re.compile(r"^Table\s+(\d+)\.?$")
_FIGURE_RE = re.compile(r"^(Figure|Fig\.)\s*(\d+)\.\s+(.*)$")
_REF_ENTRY_RE = re.compile(r"^(\d{1,4})\.\s+(.+)$")
_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s|]+)")
_ARTICLE_LINE_RE = re.compile(
    r"^(Review|Original Article|Research Article|Editorial|Commentary|Perspective)\s*\|.*\|\s*"
    r"(\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})\s*$")
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


def parse_flat_text(text: str, path: str = "") -> Review:
    """Parse the flattened page-dump form of a review into a `Review`."""
    if not text.strip():
        raise SourceParseError("the file is empty", path=path, line=1)
    reader = _FlatReader(text, path)
    reader.read()
    if not reader.parts.tree.sections:
        raise SourceParseError(
            "no section headings found (expected all-caps heading lines such as "
            "INTRODUCTION)",
            path=path,
            line=1,
        )
    return reader.parts.build(text)


class _FlatReader:
    """One pass over the page dump's non-blank lines, filling a `ReviewBuilder`."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.lines = [ln.rstrip() for ln in text.splitlines()]
        self.nonblank = [(i + 1, ln.strip()) for i, ln in enumerate(self.lines) if ln.strip()]
        self.parts = ReviewBuilder()
        self.prev_kind = ""  # "h1", "h2", "para"

    def read(self) -> None:
        pos = self._front_matter()
        if not self.parts.title:
            raise SourceParseError("no title line before the first heading", path=self.path,
                                   line=1)
        self._body(pos)

    def _front_matter(self) -> int:
        """Title, citation line and DOI before the first heading; the position after."""
        parts = self.parts
        pos = 0
        while pos < len(self.nonblank):
            _, ln = self.nonblank[pos]
            if ln in {"Abstract", "ABSTRACT"} or _is_caps_heading(ln):
                break
            if (m := _ARTICLE_LINE_RE.match(ln)) and not parts.published:
                # "Review | Open Access | 29 Oct 2023": the kind of article and its date
                parts.article_type, parts.published = m.group(1), m.group(2)
                parts.furniture += 1
            elif FURNITURE_RE.match(ln):
                parts.furniture += 1
            elif not parts.doi and (m := _DOI_RE.search(ln)) and len(ln) < 120:
                parts.doi = m.group(1)
            elif not parts.citation and _CITATION_LINE_RE.match(ln):
                parts.citation = ln.rstrip(".")
            elif not parts.title:
                parts.title = ln
            else:
                parts.furniture += 1
            pos += 1
        return pos

    def _body(self, pos: int) -> None:
        """Abstract, keywords, headings, paragraphs, tables and figures up to REFERENCES."""
        parts, nonblank = self.parts, self.nonblank
        while pos < len(nonblank):
            lineno, ln = nonblank[pos]
            pos += 1
            if FURNITURE_RE.match(ln) or ln == parts.title:
                parts.furniture += 1
            elif ln in {"Abstract", "ABSTRACT"}:
                if pos < len(nonblank):
                    parts.abstract = nonblank[pos][1]
                    pos += 1
            elif ln in {"Keywords", "KEYWORDS", "Key words"}:
                if pos < len(nonblank):
                    parts.keywords = tuple(
                        k.strip() for k in nonblank[pos][1].split(",") if k.strip())
                    pos += 1
            elif ln.upper() == "REFERENCES" and _is_caps_heading(ln):
                self._references(pos)
                return
            elif mt := _TABLE_RE.match(ln):
                pos, table = _read_table(nonblank, pos, int(mt.group(1)), parts.tree.path(),
                                         self.lines, lineno, self.path, parts.warnings)
                parts.tables.append(table)
            elif mf := _FIGURE_RE.match(ln):
                n = int(mf.group(2))
                parts.figures.append(Figure(
                    id=f"figure{n}", label=f"Figure {n}", caption=mf.group(3).strip(),
                    refs=find_refs(ln), section=parts.tree.path(), line=lineno))
            else:
                self._heading_or_paragraph(lineno, ln)

    def _heading_or_paragraph(self, lineno: int, ln: str) -> None:
        tree = self.parts.tree
        if _is_caps_heading(ln):
            tree.open_top(ln, lineno)
            self.prev_kind = "h1"
        elif _is_heading_candidate(ln) and self.prev_kind != "h2" and tree.top is not None:
            tree.open_sub(ln, lineno)
            self.prev_kind = "h2"
        elif tree.current is None:
            self.parts.warnings.append(f"line {lineno}: text before the first heading; skipped")
            self.parts.furniture += 1
        else:
            tree.current.paragraphs.append(Paragraph(text=ln, refs=find_refs(ln), line=lineno))
            self.prev_kind = "para"

    def _references(self, pos: int) -> None:
        """The numbered reference list; what follows it is the page's back matter."""
        parts, nonblank = self.parts, self.nonblank
        while pos < len(nonblank):
            lineno, ln = nonblank[pos]
            pos += 1
            m = _REF_ENTRY_RE.match(ln)
            if m:
                n = int(m.group(1))
                if n in parts.references:
                    parts.warnings.append(
                        f"line {lineno}: reference {n} listed twice; kept the first")
                else:
                    parts.references[n] = Reference(n=n, text=normalize_space(m.group(2)))
            elif _BACK_MATTER_START.match(ln) or FURNITURE_RE.match(ln):
                for _, ln2 in nonblank[pos:]:
                    issue = _SPECIAL_ISSUE_RE.match(ln2)
                    if issue and not parts.special_issue:
                        parts.special_issue = issue.group(1).strip().rstrip(".")
                    licence = _LICENSE_RE.search(ln2)
                    if licence and not parts.license:
                        parts.license = licence.group(1).strip()
                    if not parts.authors:
                        ma = re.match(r"^(.+?)\.\s+" + re.escape(parts.title[:30]), ln2)
                        if ma:
                            parts.authors = ma.group(1)
                parts.furniture += 1 + (len(nonblank) - pos)
                return
            else:
                parts.warnings.append(f"line {lineno}: not a numbered reference entry; skipped")
                parts.furniture += 1


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

    printed_rows = _glued_rows(row_lines, splitter, number, warnings)
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


def _glued_rows(row_lines: list[tuple[int, str]], splitter: RowSplitter, number: int,
                warnings: list[str]) -> list[tuple[int, str]]:
    """The printed rows, each with its first line number.

    A line without the row's tail (year, references) continues onto the next line:
    a label broken over lines ("No classificati" / "on") is glued back on.
    """
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
    return printed_rows
