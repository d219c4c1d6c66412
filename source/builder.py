"""What both readers fill as they read: the section tree, and the parts of a `Review`.

The page-dump reader (`source.reader`) and the Markdown reader (`source.markdown`) find
headings, paragraphs, tables, figures and references in different ways, but keep them
the same way: a `ReviewBuilder` holds what was found so far, and `ReviewBuilder.build`
checks every `[n]` against the reference list and freezes it into one `Review`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from source.model import (
    Figure,
    Paragraph,
    ParseReport,
    Reference,
    Review,
    Section,
    Table,
)


@dataclass
class SectionBuilder:
    """A section while it is being read (paragraphs and subsections still growing)."""

    title: str
    level: int
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    subsections: list[SectionBuilder] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(
            title=self.title,
            level=self.level,
            paragraphs=tuple(self.paragraphs),
            subsections=tuple(s.freeze() for s in self.subsections),
            line=self.line,
        )


@dataclass
class SectionTree:
    """The top-level sections read so far, the open one and its open subsection."""

    sections: list[SectionBuilder] = field(default_factory=list)
    top: SectionBuilder | None = None  # the open level-1 section
    current: SectionBuilder | None = None  # where the next paragraph goes

    def open_top(self, title: str, line: int) -> SectionBuilder:
        """Start a level-1 section; paragraphs go to it until the next heading."""
        self.top = self.current = SectionBuilder(title=title, level=1, line=line)
        self.sections.append(self.top)
        return self.top

    def open_sub(self, title: str, line: int) -> SectionBuilder:
        """Start a level-2 section inside the open level-1 one (which must exist)."""
        assert self.top is not None, "a subsection needs an open section"
        self.current = SectionBuilder(title=title, level=2, line=line)
        self.top.subsections.append(self.current)
        return self.current

    def path(self) -> tuple[str, ...]:
        """Heading path of the open section: () before the first heading."""
        if self.current is None:
            return ()
        if self.top is not None and self.current is not self.top:
            return (self.top.title, self.current.title)
        return (self.current.title,)

    def freeze(self) -> tuple[Section, ...]:
        return tuple(s.freeze() for s in self.sections)


@dataclass
class ReviewBuilder:
    """The parts of a review as a reader finds them; `build` makes the `Review`."""

    title: str = ""
    citation: str = ""
    doi: str = ""
    authors: str = ""
    published: str = ""  # "29 Oct 2023", from the line above the title
    article_type: str = ""  # "Review"
    special_issue: str = ""  # the journal's special issue the article belongs to
    license: str = ""  # the licence the page prints ("Creative Commons Attribution 4.0 ...")
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    tree: SectionTree = field(default_factory=SectionTree)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    references: dict[int, Reference] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    furniture: int = 0  # lines of the page around the article, skipped

    def build(self, text: str) -> Review:
        """The `Review` of `text` (the whole source), after the citation check."""
        sections = self.tree.freeze()
        check_citations(sections, self.tables, self.figures, self.references, self.warnings)
        return Review(
            title=self.title,
            citation=self.citation,
            doi=self.doi,
            authors=self.authors,
            abstract=self.abstract,
            keywords=self.keywords,
            sections=sections,
            tables=tuple(self.tables),
            figures=tuple(self.figures),
            references=self.references,
            report=ParseReport(
                lines_read=sum(1 for ln in text.splitlines() if ln.strip()),
                furniture_skipped=self.furniture,
                warnings=tuple(self.warnings),
            ),
            source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            published=self.published,
            article_type=self.article_type,
            special_issue=self.special_issue,
            license=self.license,
        )


def check_citations(
    sections: tuple[Section, ...],
    tables: list[Table],
    figures: list[Figure],
    references: dict[int, Reference],
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
