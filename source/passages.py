"""Cut a `Review` into the passages that are embedded, retrieved and cited.

One passage per paragraph (a long paragraph is split on sentence boundaries, never
mid-sentence), one per table row, one per figure or table caption. Ids come from the
passage's place in the review, so they stay the same across rebuilds.
"""

from __future__ import annotations

import re

from source.model import Passage, Review, Table, TableRow
from source.text import find_refs, sentence_spans, slugify, split_sentences

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


def span_refs(text: str, start: int, end: int, after: tuple[int, ...] = (),
              before: tuple[int, ...] = ()) -> tuple[int, ...]:
    """The references the review gives for `text[start:end]` (a quote of a paragraph).

    For each sentence the span touches: the refs inside the span's part of it; else the
    sentence's own; else, for a sentence citing nothing that goes on about the sentence
    before it ("These exosomes ..."), that sentence's own; else those that close its run (the
    review often cites once after two or three sentences: "A. B. C[14,15]." gives A and
    B [14,15]): the refs of the next citing sentence of `text`, or `after` (the refs
    closing the run beyond `text`, when `text` is a part of a paragraph). `before` are
    the refs of the sentence before `text` (an earlier part's last). In order of first
    appearance, no repeats.
    """
    spans = sentence_spans(text)
    seen: dict[int, None] = {}
    for i, (a, b) in enumerate(spans):
        if b <= start or a >= end:
            continue
        refs = find_refs(text[max(a, start):min(b, end)]) or find_refs(text[a:b])
        if not refs and _GOES_ON_RE.match(text[a:b]):
            # "X did Y[32]. These exosomes could induce Nanog ...": goes on about [32]
            refs = find_refs(text[spans[i - 1][0]:spans[i - 1][1]]) if i > 0 else before
        if not refs:
            refs = next((r for x, y in spans[i + 1:] if (r := find_refs(text[x:y]))), after)
        for n in refs:
            seen.setdefault(n, None)
    return tuple(seen)


# A sentence opening on what the sentence before it named ("These exosomes ...", "This
# effect ...", "Such vesicles ...", "Intriguingly, exosomes from these HCC cells ...")
# goes on about the study that sentence cites.
_GOES_ON_RE = re.compile(
    r"\s*(?:(?:[A-Z][a-z]+ly|In\s+addition|Moreover|Furthermore|However|Further|Besides|"
    r"Likewise),\s+)?(?:[Tt]hese|[Tt]his|[Ss]uch|[Tt]hose|[Tt]hey|[Tt]heir|[Ii]ts|"
    r"(?:[a-z][\w-]*\s+){1,3}(?:these|those))\b(?!\s+(?:review|article)\b)")


def quote_refs(passage: Passage, quote: str) -> tuple[int, ...]:
    """The references behind a quote of a passage: a table row's own refs; for text,
    those of the quoted span (`span_refs`); () when the quote is not in the passage."""
    if passage.kind == "table_row":
        return passage.refs
    start = passage.text.find(quote)
    if start < 0 or not quote:
        return ()
    return span_refs(passage.text, start, start + len(quote), passage.closing_refs,
                     passage.opening_refs)


def passage_refs(passage: Passage) -> tuple[int, ...]:
    """Every reference a passage's sentences stand on: those it cites, then those closing
    its last run of sentences (in a later part of its paragraph)."""
    return tuple(dict.fromkeys((*passage.opening_refs, *passage.refs, *passage.closing_refs)))


def closing_refs(paragraph: str, part: str, part_start: int) -> tuple[int, ...]:
    """For a part of a paragraph ending on sentences that cite nothing: the refs of the
    first citing sentence after it in the paragraph, which close that run; else ()."""
    spans = sentence_spans(part)
    if not spans or find_refs(part[spans[-1][0]:]):
        return ()
    rest = paragraph[part_start + len(part):]
    for a, b in sentence_spans(rest):
        if refs := find_refs(rest[a:b]):
            return refs
    return ()


def opening_refs(paragraph: str, part_start: int) -> tuple[int, ...]:
    """For a part of a paragraph opening on a sentence that goes on about the sentence
    before it ("These exosomes ..."): that sentence's refs; else ()."""
    head = paragraph[part_start:]
    before = sentence_spans(paragraph[:part_start].rstrip())
    if not before or not _GOES_ON_RE.match(head) or find_refs(head[:sentence_spans(head)[0][1]]):
        return ()
    a, b = before[-1]
    return find_refs(paragraph[a:b])


def paragraph_parts(text: str) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    """A paragraph as its passage parts (`split_long`), each with its closing and
    opening refs."""
    parts = split_long(text)
    out = []
    pos = 0
    for part in parts:
        start = text.index(part, pos)
        pos = start + len(part)
        out.append((part, closing_refs(text, part, start) if len(parts) > 1 else (),
                    opening_refs(text, start) if start > 0 else ()))
    return out


def render_row(table: Table, row: TableRow, number: int) -> str:
    """A table row as text that names its columns, so it embeds and reads well."""
    cells = "; ".join(f"{col}: {val}" for col, val in row.cells.items() if val)
    return f"{table.label} ({table.caption}), row {number}. {cells}"


ARTICLE_INFORMATION = "Article information"
ARTICLE_INFORMATION_ID = "article-information/p1"
# What each passage of the article's own record is asked by: the fields it gives, not its
# values ("Hepatocellular carcinoma" among the keywords answers no question on HCC).
ARTICLE_FIELDS = {
    ARTICLE_INFORMATION_ID: "published publication journal volume date doi authors wrote "
                            "year when",
    "article-information/p2": "keywords keyword",
    "article-information/p3": "references reference cites cited citations bibliography",
    "article-information/p4": "special issue collection series",
}


def article_information(review: Review) -> str:
    """What the page prints about the article itself, in one sentence ("This review was
    published in Hepatoma Res 2023;9:46 on 29 Oct 2023 (DOI: ...) by Wang J, ..."), so a
    question on its journal, date, DOI or authors has a passage to cite; "" for none."""
    if not (review.citation or review.published or review.doi):
        return ""
    text = f"This {(review.article_type or 'article').lower()} was published"
    if review.citation:
        text += f" in {review.citation.rstrip('.')}"
    if review.published:
        text += f" on {review.published}"
    if review.doi:
        text += f" (DOI: {review.doi})"
    if review.authors:
        text += f" by {review.authors}"
    return text + "."


def article_facts(review: Review) -> list[str]:
    """What else the page tells of the article as a whole, a passage each: its keywords,
    the size of its reference list, its special issue and its licence ("what are the
    keywords?", "how many references does it cite?", "which special issue is it in?",
    "what license is it under?")."""
    out = []
    if review.keywords:
        out.append(f"The keywords of this {(review.article_type or 'article').lower()} are "
                   f"{', '.join(review.keywords)}.")
    if review.references:
        out.append(f"The reference list of this {(review.article_type or 'article').lower()} "
                   f"has {len(review.references)} references.")
    if review.special_issue:  # ("which special issue is this article part of?")
        out.append(f"This {(review.article_type or 'article').lower()} belongs to the "
                   f"Special Issue {review.special_issue}.")
    if review.license:  # ("what license is it published under?", "can I reuse it?")
        out.append(f"This {(review.article_type or 'article').lower()} is open access, "
                   f"licensed under a {review.license}.")
    return out


def build_passages(review: Review) -> list[Passage]:
    """All passages of a review, in reading order, with stable ids."""
    out: list[Passage] = []
    order = 0

    def add(**kw: object) -> None:
        nonlocal order
        out.append(Passage(order=order, **kw))  # type: ignore[arg-type]
        order += 1

    info = article_information(review)
    if info:  # "when was this review published?", "which journal?", "its DOI?"
        add(id=ARTICLE_INFORMATION_ID, kind="paragraph", text=info,
            section=(ARTICLE_INFORMATION,), refs=())
    for k, fact in enumerate(article_facts(review), start=2):
        add(id=f"article-information/p{k}", kind="paragraph", text=fact,
            section=(ARTICLE_INFORMATION,), refs=())
    abstract_parts = paragraph_parts(review.abstract) if review.abstract else []
    for k, (part, closing, opening) in enumerate(abstract_parts, start=1):
        pid = "abstract/p1" if len(abstract_parts) == 1 else f"abstract/p1-{k}"
        add(id=pid, kind="paragraph", text=part, section=("Abstract",), refs=find_refs(part),
            closing_refs=closing, opening_refs=opening)
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
                parts = paragraph_parts(para.text)
                for k, (part, closing, opening) in enumerate(parts, start=1):
                    pid = f"{slug}/p{n}" if len(parts) == 1 else f"{slug}/p{n}-{k}"
                    add(id=pid, kind="paragraph", text=part, section=path,
                        refs=find_refs(part), closing_refs=closing, opening_refs=opening)
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
