"""Cut a `Review` into the passages that are embedded, retrieved and cited.

One passage per paragraph (a long paragraph is split on sentence boundaries, never
mid-sentence), one per table row, one per figure or table caption. Ids come from the
passage's place in the review, so they stay the same across rebuilds.
"""

from __future__ import annotations

from source.model import Passage, Review, Table, TableRow
from source.text import find_refs, slugify, split_sentences

# Paragraphs longer than this many words are split into parts of about this size:
# all-MiniLM-L6-v2 reads at most 256 word pieces, so longer text would be cut off.
MAX_PASSAGE_WORDS = 130


def split_long(text: str, max_words: int = MAX_PASSAGE_WORDS) -> list[str]:
    """Split text into parts of whole sentences, each at most ~max_words words.

    Each part is an exact substring of `text`. A single sentence longer than the
    limit stays whole.
    """
    if len(text.split()) <= max_words:
        return [text]
    sentences = split_sentences(text)
    total = sum(len(s.split()) for s in sentences)
    n_parts = -(-total // max_words)
    target = total / n_parts
    parts: list[list[str]] = [[]]
    count = 0
    for s in sentences:
        w = len(s.split())
        if parts[-1] and count + w / 2 > target * len(parts):
            parts.append([])
        parts[-1].append(s)
        count += w
    out = []
    pos = 0
    for group in parts:
        start = text.index(group[0], pos)
        end = text.index(group[-1], start) + len(group[-1])
        out.append(text[start:end])
        pos = end
    return out


def render_row(table: Table, row: TableRow, number: int) -> str:
    """A table row as text that names its columns, so it embeds and reads well."""
    cells = "; ".join(f"{col}: {val}" for col, val in row.cells.items() if val)
    return f"{table.label} ({table.caption}), row {number}. {cells}"


def build_passages(review: Review) -> list[Passage]:
    """All passages of a review, in reading order, with stable ids."""
    out: list[Passage] = []
    order = 0

    def add(**kw: object) -> None:
        nonlocal order
        out.append(Passage(order=order, **kw))  # type: ignore[arg-type]
        order += 1

    abstract_parts = split_long(review.abstract) if review.abstract else []
    for k, part in enumerate(abstract_parts, start=1):
        pid = "abstract/p1" if len(abstract_parts) == 1 else f"abstract/p1-{k}"
        add(id=pid, kind="paragraph", text=part, section=("Abstract",), refs=find_refs(part))
    tables_by_section: dict[tuple[str, ...], list[Table]] = {}
    for t in review.tables:
        tables_by_section.setdefault(t.section, []).append(t)
    figures_by_section: dict[tuple[str, ...], list] = {}
    for f in review.figures:
        figures_by_section.setdefault(f.section, []).append(f)

    used_slugs: set[str] = set()
    for top in review.sections:
        for path, sec in top.walk():
            # The section's own heading names it; a parent's is added only on a clash.
            slug = slugify(path[-1], max_len=48)
            if slug in used_slugs:
                slug = "/".join(slugify(p, max_len=48) for p in path)
            used_slugs.add(slug)
            for n, para in enumerate(sec.paragraphs, start=1):
                parts = split_long(para.text)
                for k, part in enumerate(parts, start=1):
                    pid = f"{slug}/p{n}" if len(parts) == 1 else f"{slug}/p{n}-{k}"
                    add(id=pid, kind="paragraph", text=part, section=path,
                        refs=find_refs(part))
            for fig in figures_by_section.get(path, []):
                add(id=f"{fig.id}/caption", kind="caption",
                    text=f"{fig.label}. {fig.caption}", section=path, refs=fig.refs)
            for table in tables_by_section.get(path, []):
                add(id=f"{table.id}/caption", kind="caption",
                    text=f"{table.label}. {table.caption}. Columns: "
                    + ", ".join(table.columns) + f". {len(table.rows)} rows.",
                    section=(*path, table.label), refs=())
                for r, row in enumerate(table.rows, start=1):
                    add(id=f"{table.id}/row-{r:02d}", kind="table_row",
                        text=render_row(table, row, r), section=(*path, table.label),
                        refs=row.refs, cells=dict(row.cells), printed=row.printed)
    return out
