"""HTML of the Article tab: the whole review by sections, every passage with an element id
(`ui.render.anchor_id`) so "Show in article" can scroll to it, and each table as a grid
with its column names that the page's script sorts (click a header) and filters."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from source.model import Passage
from ui.render import anchor_id, esc

_PART_RE = re.compile(r"-\d+$")  # "intro/p1-2" is part 2 of paragraph "intro/p1"
_ROW_RE = re.compile(r"^(?P<table>[^/]+)/row-\d+$")
_CAPTION_RE = re.compile(r"^(?P<table>[^/]+)/caption$")


def _headings(old: Sequence[str], new: Sequence[str]) -> str:
    """Heading elements for the levels of `new` that differ from `old`."""
    same = 0
    while same < min(len(old), len(new)) and old[same] == new[same]:
        same += 1
    return "".join(f"<h{min(6, level + 3)} class=\"src-h\">{esc(title)}</h{min(6, level + 3)}>"
                   for level, title in enumerate(new) if level >= same)


def _passage_span(p: Passage) -> str:
    return f'<span class="src-passage" id="{esc(anchor_id(p.id))}">{esc(p.text)}</span>'


def _blocks(passages: Sequence[Passage]) -> Iterator[tuple[str, list[Passage]]]:
    """Passages grouped as the article shows them: ("para", parts of one paragraph),
    ("table", a table's caption and rows), ("caption", a figure caption)."""
    i = 0
    while i < len(passages):
        p = passages[i]
        m = _CAPTION_RE.match(p.id) if p.kind == "caption" else None
        row = _ROW_RE.match(p.id) if p.kind == "table_row" else None
        table = (m.group("table") if m and passages[i + 1:i + 2]
                 and passages[i + 1].id.startswith(m.group("table") + "/row-") else
                 row.group("table") if row else None)
        if table:
            j = i + 1
            while j < len(passages) and passages[j].id.startswith(table + "/row-"):
                j += 1
            yield "table", list(passages[i:j])
        elif p.kind == "paragraph":
            key = _PART_RE.sub("", p.id)
            j = i + 1
            while (j < len(passages) and passages[j].kind == "paragraph"
                   and _PART_RE.sub("", passages[j].id) == key and _PART_RE.search(p.id)):
                j += 1
            yield "para", list(passages[i:j])
        else:
            j = i + 1
            yield "caption", [p]
        i = j


def table_html(caption: Passage | None, rows: Sequence[Passage], columns: Sequence[str],
               table_id: str) -> str:
    """A table with its column names; each row is a passage with its own element id."""
    cols = list(columns) or list(dict.fromkeys(k for r in rows for k in r.cells))
    head = "".join(
        f'<th scope="col" aria-sort="none"><button type="button" class="src-sort" '
        f'data-col="{k}" title="Sort by {esc(c)}">{esc(c)}</button></th>'
        for k, c in enumerate(cols))
    body = "".join(
        f'<tr class="src-passage" id="{esc(anchor_id(r.id))}">'
        + "".join(f"<td>{esc(r.cells.get(c, ''))}</td>" for c in cols) + "</tr>"
        for r in rows)
    cap = (f'<div class="src-table-cap" id="{esc(anchor_id(caption.id))}">{esc(caption.text)}'
           "</div>" if caption else "")
    grid = f"{table_id}-grid"
    return (f'<div class="src-table">{cap}'
            f'<div class="src-table-tools"><input type="search" class="src-filter" '
            f'data-grid="{grid}" placeholder="Filter rows (any cell)…" '
            f'aria-label="Filter the rows of the table"><span class="src-table-n">'
            f"{len(rows)} rows · click a column name to sort</span></div>"
            f'<div class="src-table-scroll"><table class="src-grid" id="{grid}">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>")


def article_html(review: Any, passages: Sequence[Passage]) -> str:
    """The whole review: title, then every passage in reading order under its headings."""
    columns = {t.id: t.columns for t in getattr(review, "tables", ())}
    out = [f'<div class="src-article"><h2 class="src-title">{esc(review.title)}</h2>']
    path: Sequence[str] = ()
    for kind, group in _blocks(sorted(passages, key=lambda p: p.order)):
        first = group[0]
        if kind == "table":
            section = first.section[:-1]
            out.append(_headings(path, section))
            path = section
            caption = first if first.kind == "caption" else None
            rows = [p for p in group if p.kind == "table_row"]
            tid = first.id.split("/", 1)[0]
            out.append(table_html(caption, rows, columns.get(tid, ()), anchor_id(tid)))
            continue
        out.append(_headings(path, first.section))
        path = first.section
        if kind == "para":
            out.append('<p class="src-para">' + " ".join(_passage_span(p) for p in group)
                       + "</p>")
        else:
            out.append(f'<p class="src-caption">{_passage_span(first)}</p>')
    out.append("</div>")
    return "".join(out)
