"""HTML of the Studies tab: every study the review cites, searchable, each with the
passages citing it and a literature-search link opened by the user's browser."""

from __future__ import annotations

from collections.abc import Sequence

from source.studies import Study, search_studies
from ui.render import KIND_LABEL, anchor_id, esc

MAX_SHOWN = 200  # a review cites at most a few hundred studies; more is cut with a note


def _mention_html(study: Study) -> str:
    if not study.mentions:
        return '<p class="st-none">Not cited in the text the parser read.</p>'
    items = []
    for m in study.mentions:
        kind = KIND_LABEL.get(m.kind, m.kind)
        items.append(
            f'<li><span class="st-where">{esc(kind)} · {esc(m.section)}</span> '
            f'<button type="button" class="ev-show" data-anchor="{esc(anchor_id(m.passage_id))}">'
            f"Show in article</button><br><q>{esc(m.excerpt)}</q></li>")
    n = len(study.mentions)
    return (f'<details class="st-cited"><summary>Cited in {n} passage{"s" if n != 1 else ""}'
            f'</summary><ul>{"".join(items)}</ul></details>')


def study_html(study: Study) -> str:
    """One study: number, authors, year, title, journal, search link, citing passages."""
    who = ", ".join(study.authors) + (", et al." if study.et_al else "")
    journal = " ".join(x for x in (study.journal, str(study.year or "")) if x)
    if study.volume:
        journal += f";{study.volume}" + (f":{study.pages}" if study.pages else "")
    meta = f'<div class="st-authors">{esc(who)}</div>' if who else ""
    if journal:
        meta += f'<div class="st-journal">{esc(journal)}</div>'
    unread = "" if len(study.parsed) >= 4 else (
        f'<div class="st-raw">As printed: {esc(study.text)}</div>')
    link = (f'<a class="st-search" href="{esc(study.search_url)}" target="_blank" '
            'rel="noopener noreferrer">Search PubMed for this title ↗</a>')
    return (f'<article class="st-card" id="study-{study.n}" data-n="{study.n}">'
            f'<div class="st-head"><span class="st-n">[{study.n}]</span>'
            f'<span class="st-title">{esc(study.title or study.text)}</span></div>'
            f"{meta}{unread}<div class=\"st-links\">{link}</div>{_mention_html(study)}</article>")


def studies_html(studies: Sequence[Study], query: str = "") -> str:
    """The studies matching `query` (all when empty), with a count line."""
    found = search_studies(studies, query)
    q = query.strip()
    if not found:
        return (f'<div class="st-list"><p class="st-count">No study matches “{esc(q)}”. '
                "Search by author, title words, journal, year or reference number.</p></div>")
    count = (f"{len(found)} of {len(studies)} studies match “{esc(q)}”" if q else
             f"{len(studies)} studies cited by the review")
    cards = "".join(study_html(s) for s in found[:MAX_SHOWN])
    more = (f'<p class="st-count">{len(found) - MAX_SHOWN} more: narrow the search.</p>'
            if len(found) > MAX_SHOWN else "")
    return f'<div class="st-list"><p class="st-count">{count}</p>{cards}{more}</div>'


EMPTY_BEHIND = ('<p class="st-behind-empty">Ask a question: the studies behind its answer '
                "are listed here, ready to export.</p>")


def behind_html(studies: Sequence[Study], question: str = "") -> str:
    """The studies behind the latest answer's citations (the export's content)."""
    if not question:
        return EMPTY_BEHIND
    if not studies:
        return (f'<p class="st-behind-empty">The answer to “{esc(question)}” cites no study '
                "of the reference list.</p>")
    items = "".join(
        f'<li><a href="#study-{s.n}" class="st-jump" data-n="{s.n}">[{s.n}]</a> '
        f"{esc(s.short)}: {esc(s.title or s.text)}</li>" for s in studies)
    return (f'<div class="st-behind"><p>Studies behind the answer to “{esc(question)}”:</p>'
            f"<ul>{items}</ul><p>Export them with <em>Studies: BibTeX</em> or <em>Studies: "
            "RIS</em> under the chat (Ask tab).</p></div>")
