"""Typed records for a parsed review and the passages cut from it.

Every later stage (index, qa, eval, app) reads these records, never raw text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PassageKind = Literal["paragraph", "table_row", "caption"]


@dataclass(frozen=True)
class Reference:
    """One numbered entry of the review's reference list."""

    n: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text, with the bracketed reference numbers it cites."""

    text: str
    refs: tuple[int, ...]
    line: int  # 1-based line in the source file


@dataclass(frozen=True)
class Section:
    """A heading with its paragraphs; level 1 is an all-caps heading, level 2 a subheading."""

    title: str
    level: int
    paragraphs: tuple[Paragraph, ...]
    subsections: tuple[Section, ...] = ()
    line: int = 0

    def walk(self, parents: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Section]]:
        """Every section of this subtree with its heading path, in reading order."""
        path = (*parents, self.title)
        out: list[tuple[tuple[str, ...], Section]] = [(path, self)]
        for sub in self.subsections:
            out.extend(sub.walk(path))
        return out


@dataclass(frozen=True)
class TableRow:
    """One table row: column name -> cell value, the refs it cites, and the row as printed."""

    cells: dict[str, str] = field(hash=False)
    refs: tuple[int, ...]
    printed: str  # the row exactly as the source printed it (flattened)
    line: int


@dataclass(frozen=True)
class Table:
    """A table with its caption, column names and rows; `section` is where it stands."""

    id: str  # e.g. "table1"
    label: str  # e.g. "Table 1"
    caption: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    section: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Figure:
    """A figure caption ("Figure 1. ...")."""

    id: str  # e.g. "figure1"
    label: str  # e.g. "Figure 1"
    caption: str
    refs: tuple[int, ...]
    section: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Passage:
    """The unit that is embedded, retrieved and cited.

    `id` is stable across rebuilds: it is derived from the passage's place in the
    review (section slug + paragraph number, table row number, figure number), so it
    changes only when the review's structure changes.
    """

    id: str
    kind: PassageKind
    text: str
    section: tuple[str, ...]
    order: int
    refs: tuple[int, ...] = ()
    cells: dict[str, str] = field(default_factory=dict, hash=False)
    printed: str = ""  # for a table row: the row as the source printed it
    # The refs closing the passage's last run of sentences when it ends on sentences that
    # cite nothing: the first citing sentence after it in its paragraph (a later part's).
    closing_refs: tuple[int, ...] = ()
    # The refs of the sentence before the passage (an earlier part's last) when the
    # passage opens on a sentence going on about it ("These exosomes ...").
    opening_refs: tuple[int, ...] = ()

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)


@dataclass(frozen=True)
class ParseReport:
    """What the parser read and what it skipped, so nothing is dropped silently."""

    lines_read: int
    furniture_skipped: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Review:
    """A parsed review article."""

    title: str
    citation: str
    doi: str
    authors: str
    abstract: str
    keywords: tuple[str, ...]
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    figures: tuple[Figure, ...]
    references: dict[int, Reference] = field(hash=False)
    report: ParseReport = field(default_factory=lambda: ParseReport(0, 0))
    source_sha256: str = ""
    published: str = ""  # the date the page gives ("29 Oct 2023"), or ""
    article_type: str = ""  # "Review", "Original Article", ... or ""
    special_issue: str = ""  # "Hepatocellular Carcinoma and Therapeutic Resistance", or ""
    license: str = ""  # "Creative Commons Attribution 4.0 International License", or ""
