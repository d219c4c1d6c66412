"""HTML of the chat: answers with clickable citation markers, and the evidence panel.

Every string that comes from a question, an answer or a passage goes through `esc`
before it enters HTML, so `<script>` or `<img onerror>` in a question or in the
review itself is shown as text and never runs. Element ids tie the two halves
together: marker `[n]` of turn `t` links to the card `#cite-t-n`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from source.model import Passage
from source.studies import parse_reference
from ui.turn import Turn

# The engine writes its markers after a space ("... resistance. [1]"); the review's own
# reference numbers sit against the word ("resistance[14]") and must stay plain text.
_MARKER_RE = re.compile(r"(?:(?<=\s)|^)\[(\d+)\]")
# The review's references already written after a marker: "[1] (ref. 42)", "(refs 3, 4)".
_REF_TEXT_RE = re.compile(r"\s*\(refs?\.?\s*\d", re.IGNORECASE)
_STREAM_STEPS = 40
_CLOSEST = 3  # passages shown as "closest evidence" when the assistant abstains

KIND_LABEL = {"paragraph": "Paragraph", "table_row": "Table row", "caption": "Caption"}


def esc(text: object) -> str:
    """HTML-escaped text (quotes too), safe inside elements and attribute values."""
    return html.escape(str(text), quote=True)


def cite_id(turn: int, marker: str) -> str:
    """Element id of the evidence card for `marker` ("[2]") of turn `turn`."""
    return f"cite-{turn}-{marker.strip('[]')}"


# -- passages ---------------------------------------------------------------------------


def _span(text: str, quote: str | None) -> tuple[int, int] | None:
    if not quote:
        return None
    start = text.find(quote)
    return None if start < 0 else (start, start + len(quote))


def highlight(text: str, quote: str | None) -> str:
    """Escaped `text` with the first occurrence of `quote` wrapped in <mark>."""
    span = _span(text, quote)
    if span is None:
        return esc(text)
    a, b = span
    return f"{esc(text[:a])}<mark>{esc(text[a:b])}</mark>{esc(text[b:])}"


def _marked_slice(text: str, start: int, end: int, span: tuple[int, int] | None) -> str:
    """Escaped text[start:end] with its overlap with `span` wrapped in <mark>."""
    if span is None or span[1] <= start or span[0] >= end:
        return esc(text[start:end])
    a, b = max(start, span[0]), min(end, span[1])
    return f"{esc(text[start:a])}<mark>{esc(text[a:b])}</mark>{esc(text[b:end])}"


def table_row_html(passage: Passage, quote: str | None = None) -> str:
    """A table row as a small two-column table (column header | cell), quoted cells marked.

    The passage text renders the row as "Caption..., row 3. Column: value; ...", so each
    cell's place in the text is known and the quote's span marks exactly the cells (or
    the parts of cells) it covers.
    """
    text = passage.text
    span = _span(text, quote)
    rows: list[str] = []
    first = len(text)
    pos = 0
    for col, val in passage.cells.items():
        label = f"{col}: "
        at = text.find(label + val, pos)
        if at < 0:
            cell = esc(val)
        else:
            first = min(first, at)
            start = at + len(label)
            cell = _marked_slice(text, start, start + len(val), span)
            pos = start + len(val)
        rows.append(f'<tr><th scope="row">{esc(col)}</th><td>{cell}</td></tr>')
    caption = text[:first].strip() if first < len(text) else ""
    cap = f'<caption>{esc(caption)}</caption>' if caption else ""
    printed = ""
    if passage.printed:
        printed = ('<details class="ev-printed"><summary>Row as printed in the article'
                   f'</summary><code>{esc(passage.printed)}</code></details>')
    return f'<table class="ev-row">{cap}<tbody>{"".join(rows)}</tbody></table>{printed}'


def _ref_items(refs: Sequence[int], entries: Mapping[int, str]) -> str:
    items = []
    for n in refs:
        entry = entries.get(n)
        body = esc(entry) if entry else '<span class="ev-missing">not in the reference list</span>'
        items.append(f'<li><span class="ev-ref-n">[{n}]</span> {body}</li>')
    return "".join(items)


def references_html(refs: Sequence[int], entries: Mapping[int, str],
                    primary: Sequence[int] | None = None) -> str:
    """The primary studies a passage cites: its [n] numbers with their reference entries.

    With `primary` (a citation's refs: the review's references for the quoted words),
    those come first and the passage's other references are folded under them.
    """
    if primary is None:
        if not refs:
            return ""
        return ('<div class="ev-refs"><div class="ev-refs-h">Primary studies this passage '
                f'cites</div><ul>{_ref_items(refs, entries)}</ul></div>')
    rest = [n for n in refs if n not in set(primary)]
    if primary:
        out = ('<div class="ev-refs"><div class="ev-refs-h">Studies behind the quoted words'
               f'</div><ul class="ev-refs-primary">{_ref_items(primary, entries)}</ul>')
    elif rest:
        out = ('<div class="ev-refs"><div class="ev-refs-h">The quoted words cite no study'
               '</div>')
    else:
        return ""
    if rest:
        out += (f'<details class="ev-refs-rest"><summary>Other references of this passage '
                f'({len(rest)})</summary><ul>{_ref_items(rest, entries)}</ul></details>')
    return out + "</div>"


def section_path_html(section: Sequence[str]) -> str:
    """The heading path, parents muted and the innermost heading in bold."""
    parts = list(section) or ["(no section)"]
    parents = "".join(f'<span class="ev-path-parent">{esc(p)} › </span>' for p in parts[:-1])
    leaf = f'<span class="ev-path-leaf">{esc(parts[-1])}</span>'
    return f'<span class="ev-path">{parents}{leaf}</span>'


def anchor_id(passage_id: str) -> str:
    """Element id of a passage in the article view ("table1/row-01" -> "src-table1_row-01")."""
    return "src-" + re.sub(r"[^A-Za-z0-9-]+", "_", passage_id)


def passage_html(
    passage: Passage,
    *,
    quote: str | None = None,
    references: Mapping[int, str] | None = None,
    label: str = "",
    card_id: str = "",
    score: float | None = None,
    kind_class: str = "cited",
    primary_refs: Sequence[int] | None = None,
    note: str = "",
) -> str:
    """One evidence card: section path, the passage (quote marked), its cited studies.

    `primary_refs` (a citation's refs) are listed first, the passage's other references
    folded; `note` (e.g. "printed as cricTMEM181 in Table 1") is shown under the passage.
    The passage id and score sit behind a "details" toggle.
    """
    if passage.kind == "table_row" and passage.cells:
        body = table_row_html(passage, quote)
    else:
        body = f'<p class="ev-text">{highlight(passage.text, quote)}</p>'
    if quote and _span(passage.text, quote) is None:
        body += '<p class="ev-warn">The quote could not be located in this passage.</p>'
    if note:
        body += f'<p class="ev-note"><span>Note</span> {esc(note)}</p>'
    head = [f'<span class="ev-marker">{esc(label)}</span>'] if label else []
    head.append(section_path_html(passage.section))
    internal = [passage.id] + ([f"score {score:.3f}"] if score is not None else [])
    attr = f' id="{esc(card_id)}"' if card_id else ""
    return (
        f'<article class="ev-card ev-{esc(kind_class)}"{attr}>'
        f'<header class="ev-head">{"".join(head)}</header>'
        f"{body}{references_html(passage.refs, references or {}, primary_refs)}"
        '<div class="ev-foot">'
        f'<span class="ev-kind">{esc(KIND_LABEL.get(passage.kind, passage.kind))}</span>'
        f'<button type="button" class="ev-show" data-anchor="{esc(anchor_id(passage.id))}">'
        "Show in article</button>"
        f'<details class="ev-details"><summary>details</summary>'
        f'<code>{esc(" · ".join(internal))}</code></details></div></article>'
    )


def citation_info(citation: Any) -> tuple[tuple[int, ...], str]:
    """A citation's refs (the review's references behind its quoted words) and its note,
    read from its results-format dict so a key added there is seen here."""
    data = citation.to_json()
    refs = tuple(int(n) for n in data.get("refs") or ())
    note = data.get("note") or ""
    return refs, str(note)


# -- answers ----------------------------------------------------------------------------


def ref_label(n: int, entry: str | None) -> str:
    """A tooltip naming study `n` ("Zhang et al. 2020, Mol Cancer") from its entry."""
    if not entry:
        return f"Reference {n} of the review"
    study = parse_reference(n, entry)
    return ", ".join(x for x in (study.short, study.journal) if x)


def _refs_after(refs: Sequence[tuple[int, str]]) -> str:
    """"(ref. 14)" / "(refs. 14, 18)" after a marker, each number titled with its study."""
    nums = ", ".join(f'<span title="{esc(label)}">{n}</span>' for n, label in refs)
    word = "ref." if len(refs) == 1 else "refs."
    return f' <span class="qa-ref">({word} {nums})</span>'


def answer_text_html(text: str, turn: int, markers: Mapping[str, str],
                     refs: Mapping[str, Sequence[tuple[int, str]]] | None = None) -> str:
    """Escaped answer text whose citation markers link to their evidence cards.

    `markers` maps "[n]" to a tooltip (the cited section); other bracketed numbers stay text.
    `refs` maps a marker to the review's references behind its sentence, shown as
    "(ref. 14)" after it unless the text already says so there.
    """
    out: list[str] = []
    last = 0
    for m in _MARKER_RE.finditer(text):
        marker = m.group(0)
        if marker not in markers:
            continue
        out.append(esc(text[last:m.start()]))
        target = cite_id(turn, marker)
        out.append(
            f'<a class="cite" href="#{target}" data-target="{target}" '
            f'title="{esc(markers[marker])}">{esc(marker)}</a>'
        )
        behind = (refs or {}).get(marker)
        if behind and not _REF_TEXT_RE.match(text, m.end()):
            out.append(_refs_after(behind))
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def _marker_refs(turn: Turn) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    for c in turn.answer.citations:
        refs, _note = citation_info(c)
        entries = {**turn.references.get(c.passage_id, {}), **c.references}
        out[c.marker] = [(n, ref_label(n, entries.get(n))) for n in refs]
    return out


def answer_html(turn: Turn, text: str | None = None) -> str:
    """The assistant's chat message for a turn; `text` is a prefix while streaming."""
    ans = turn.answer
    final = text is None
    shown = ans.text if text is None else text
    markers = {c.marker: f"{c.marker} {c.passage.section_path}" for c in ans.citations}
    refs = _marker_refs(turn)
    if ans.abstained and ans.citations:  # partial: what is asked is not given; what is
        body = ('<p class="qa-abstain-label">Not answered by the review</p>'
                f"<p>{answer_text_html(shown, turn.number, markers, refs)}</p>")
        cls = "qa-answer qa-abstained"
    elif ans.abstained:
        body = (
            '<p class="qa-abstain-label">Not answered by the review</p>'
            f"<p>{esc(shown)}</p>"
        )
        if final:
            body += ('<p class="qa-meta">The closest passages are listed in the evidence panel '
                     'as <em>closest evidence</em>: they do not answer the question and are '
                     'not citations.</p>')
        cls = "qa-answer qa-abstained"
    else:
        body = f"<p>{answer_text_html(shown, turn.number, markers, refs)}</p>"
        cls = "qa-answer"
    if final:
        body += _answer_footer(turn)
    return f'<div class="{cls}">{body}</div>'


def _answer_footer(turn: Turn) -> str:
    """Citations count, how the question was read and any notice; the rest (passages
    retrieved, time, answerer) behind a "details" toggle."""
    ans = turn.answer
    n = len(ans.citations)
    shown = f"{n} citation{'s' if n != 1 else ''}" if not ans.abstained else "no answer"
    internal = [f"{len(ans.retrieved)} passages retrieved", f"{ans.latency_ms / 1000:.2f} s",
                turn.answerer]
    out = (f'<div class="qa-meta qa-foot"><span>{esc(shown)}</span>'
           f'<details class="qa-details"><summary>details</summary>'
           f'{esc(" · ".join(internal))}</details></div>')
    if ans.standalone_question and ans.standalone_question != ans.question:
        out += f'<p class="qa-meta">Read as: “{esc(ans.standalone_question)}”</p>'
    if ans.notice and not ans.abstained:
        out += f'<p class="qa-notice">{esc(ans.notice)}</p>'
    return out


def question_html(question: str) -> str:
    """The user's chat message: the question as text, never as markup."""
    return f'<div class="qa-question">{esc(question)}</div>'


def chat_messages(turns: Sequence[Turn]) -> list[dict[str, Any]]:
    """The Chatbot value (messages format) for a conversation."""
    out: list[dict[str, Any]] = []
    for t in turns:
        out.append({"role": "user", "content": question_html(t.answer.question)})
        out.append({"role": "assistant", "content": answer_html(t)})
    return out


def stream_prefixes(text: str, steps: int = _STREAM_STEPS) -> list[str]:
    """Growing prefixes of `text`, cut between words, at most `steps`, the last = text.

    Cutting at whitespace keeps every citation marker whole, so each prefix renders.
    """
    cuts = [m.start() for m in re.finditer(r"\s+", text.rstrip())]
    if not cuts or steps <= 1:
        return [text]
    stride = max(1, -(-len(cuts) // (steps - 1)))
    return [text[:c] for c in cuts[stride - 1 :: stride]] + [text]


# -- the evidence panel -----------------------------------------------------------------

EMPTY_EVIDENCE = (
    '<div class="ev ev-empty"><p class="ev-title">Evidence</p>'
    "<p>Ask a question: the passages behind each answer appear here, with the supporting "
    "quote highlighted, Table 1 rows shown as tables, and the primary studies each "
    "passage cites. Click a marker such as <span class=\"ev-marker\">[1]</span> in an "
    "answer to jump to its passage.</p></div>"
)


def _turn_evidence(turn: Turn) -> str:
    ans = turn.answer
    t = turn.number
    parts: list[str] = []
    if ans.abstained and not ans.citations:
        parts.append(
            '<div class="ev-abstain"><strong>No citation:</strong> the review does not answer '
            "this question. Below is the closest evidence the search found, for you to judge; "
            "it is <em>not</em> cited.</div>"
        )
        for i, r in enumerate(ans.retrieved[:_CLOSEST], start=1):
            parts.append(passage_html(
                r.passage, references=turn.refs_of(r.passage.id), label="closest",
                card_id=f"closest-{t}-{i}", score=r.score, kind_class="closest"))
        rest = ans.retrieved[_CLOSEST:]
    else:
        for c in ans.citations:
            refs, note = citation_info(c)
            parts.append(passage_html(
                c.passage, quote=c.quote, references={**turn.references.get(c.passage_id, {}),
                                                      **c.references},
                label=c.marker, card_id=cite_id(t, c.marker), primary_refs=refs, note=note))
        cited = {c.passage_id for c in ans.citations}
        rest = tuple(r for r in ans.retrieved if r.passage.id not in cited)
    if rest:
        cards = "".join(
            passage_html(r.passage, references=turn.refs_of(r.passage.id), score=r.score,
                         kind_class="uncited")
            for r in rest
        )
        title = "Also retrieved, not cited" if ans.citations else "Other retrieved passages"
        parts.append(f'<details class="ev-uncited"><summary>{title} ({len(rest)})</summary>'
                     f"{cards}</details>")
    return "".join(parts)


def evidence_html(turns: Sequence[Turn]) -> str:
    """The evidence panel: the latest turn open, earlier turns collapsed, newest first."""
    if not turns:
        return EMPTY_EVIDENCE
    sections = []
    latest = turns[-1].number
    for turn in reversed(turns):
        q = esc(turn.answer.question)
        head = f'<span class="ev-qn">Q{turn.number}</span> {q}'
        body = _turn_evidence(turn)
        open_attr = " open" if turn.number == latest else ""
        sections.append(
            f'<details class="ev-turn" id="turn-{turn.number}"{open_attr}>'
            f"<summary>{head}</summary>{body}</details>"
        )
    title = ('<div class="ev-title">Evidence <span>passages behind each answer, newest '
             "question first</span></div>")
    return f'<div class="ev">{title}{"".join(sections)}</div>'


# -- page furniture ---------------------------------------------------------------------


def header_html(title: str, authors: str, citation: str, doi: str) -> str:
    """The page header: what article the assistant answers from, and how to cite it."""
    doi_html = ""
    if doi:
        doi_html = (f' · DOI <a href="https://doi.org/{esc(doi)}" target="_blank" '
                    f'rel="noopener noreferrer">{esc(doi)}</a>')
    byline = ". ".join(x for x in (esc(authors), f"<em>{esc(citation)}</em>") if x)
    return (
        '<header class="qa-header">'
        '<div class="qa-kicker">Cited question answering over one review article</div>'
        f"<h1>{esc(title)}</h1>"
        f'<div class="qa-byline">{byline}{doi_html} · open access, CC BY 4.0</div>'
        '<div class="qa-lede">Answers are built only from sentences and Table 1 rows of this '
        "review. Every claim carries a marker; click it to see the passage, the supporting "
        "words highlighted, and the primary studies it cites. When the review does not "
        "answer, the assistant says so.</div></header>"
    )


def index_info_html(fingerprint: str, model: str, passages: int, llm: str | None) -> str:
    """Provenance shown in the settings area (and repeated in every export)."""
    rows = [("Index fingerprint", fingerprint[:16] or "unknown"),
            ("Embedding model", model or "unknown"),
            ("Passages indexed", str(passages)),
            ("LLM answerer", llm or "not configured (set QA_LLM)")]
    body = "".join(f"<tr><th>{esc(k)}</th><td><code>{esc(v)}</code></td></tr>" for k, v in rows)
    return f'<table class="qa-info">{body}</table>'
