"""Export a conversation as Markdown (to read) or JSON (to re-score or archive).

Both carry each answer's citations (marker, passage, exact quote, cited studies) and
its provenance: the review, the index fingerprint, the embedding model, the
answerer and the timings, so a reader can tell what produced an answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ui.turn import Turn

EXPORT_FORMAT = "exosome-review-qa/conversation@1"


def conversation_json(turns: Sequence[Turn], provenance: Mapping[str, Any]) -> str:
    """JSON text: {"format", "provenance", "turns": [results-format line + turn, k, ...]}."""
    doc = {
        "format": EXPORT_FORMAT,
        "provenance": dict(provenance),
        "turns": [t.to_json() for t in turns],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _quote_md(text: str) -> str:
    return "\n".join("> " + line for line in text.splitlines() or [""])


def _timings(timings: Mapping[str, float]) -> str:
    order = ["total_ms", "standalone_ms", "retrieve_ms", "compose_ms", "verify_ms"]
    keys = [k for k in order if k in timings] + sorted(k for k in timings if k not in order)
    return ", ".join(f"{k.removesuffix('_ms')} {timings[k]:.0f} ms" for k in keys)


def conversation_markdown(turns: Sequence[Turn], provenance: Mapping[str, Any]) -> str:
    """A readable record of the conversation with every citation spelled out."""
    review = provenance.get("review", {})
    lines = [f"# Questions on: {review.get('title', 'the review')}", ""]
    if review:
        cite = ". ".join(x for x in (review.get("authors"), review.get("citation")) if x)
        lines.append(f"{cite}. DOI: {review.get('doi', '')}".strip())
        lines.append("")
    for key, label in (("index_fingerprint", "Index fingerprint"),
                       ("embedding_model", "Embedding model"), ("llm", "LLM"),
                       ("exported_at", "Exported")):
        if provenance.get(key):
            lines.append(f"- {label}: `{provenance[key]}`")
    lines.append("")
    for t in turns:
        a = t.answer
        lines += [f"## Q{t.number}. {a.question}", ""]
        if a.standalone_question and a.standalone_question != a.question:
            lines += [f"*Read as:* {a.standalone_question}", ""]
        if a.abstained:
            lines += [f"**No answer in the review.** {a.text}", ""]
        else:
            lines += [a.text, ""]
        if a.citations:
            lines += ["**Citations**", ""]
            for c in a.citations:
                lines.append(f"- {c.marker} {c.passage.section_path} (`{c.passage_id}`)")
                lines.append("")
                lines.append(_indent(_quote_md(c.quote)))
                for n, entry in c.references.items():
                    lines.append(f"  - [{n}] {entry}")
                lines.append("")
        if a.abstained and a.retrieved:
            lines += ["**Closest evidence (not citations)**", ""]
            for r in a.retrieved[:3]:
                lines.append(f"- {r.passage.section_path} (`{r.passage.id}`, "
                             f"score {r.score:.3f})")
            lines.append("")
        if a.notice:
            lines += [f"*Note:* {a.notice}", ""]
        lines += [f"*Answerer:* {t.answerer}; *passages retrieved:* {len(a.retrieved)} "
                  f"(k={t.k}); *timings:* {_timings(a.timings)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
