"""The citation check every answerer shares: a quote must be an exact span of its passage."""

from __future__ import annotations

import re

from source.model import Passage


def quote_is_exact(quote: str, passage: Passage) -> bool:
    """True when `quote` is a non-empty exact substring of the passage text."""
    return bool(quote.strip()) and quote in passage.text


def find_span(claim: str, text: str) -> tuple[int, int] | None:
    """Where `claim` stands in `text`, tolerating whitespace and citation brackets.

    Returns (start, end) of the span of `text` that matches the claim with runs of
    whitespace collapsed and bracketed reference numbers ([14], [56-58]) ignored on
    either side, or None when the claim is not in the text. The span is exact text.
    """
    claim = re.sub(r"\[\d[\d,\s\-–]*\]", " ", claim)
    words = claim.split()
    if not words:
        return None
    sep = r"(?:\s|\[\d[\d,\s\-–]*\])+"  # at least a space or a bracket: words stay apart
    pattern = sep.join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    if not m:
        return None
    return m.start(), m.end()


_REF_BRACKET = re.compile(r"\s*\[\d[\d,\s\-–]*\]")


def strip_ref_brackets(text: str) -> str:
    """The review's own [n] reference brackets removed (they are shown with each citation)."""
    return _REF_BRACKET.sub("", text).strip()
