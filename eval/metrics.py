"""The eval metrics, each a small pure function whose docstring states its formula.

Inputs are plain strings, numbers and sequences, so each metric is tested on hand-made
cases (tests/test_eval_metrics.py) and recall@k / MRR are cross-checked against ``ranx``.
Rates over an empty set return ``None`` ("not applicable"), never 0.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

RECALL_KS: tuple[int, ...] = (1, 3, 5, 10)
DEFAULT_MAX_WORDS = 100

# "[1]", "[2,3]", "[4-6]", "[7–9]": citation markers are not words of the answer.
_MARKER_RE = re.compile(r"\[\d+(?:\s*[,\-–]\s*\d+)*\]")


# -- text normalisation ------------------------------------------------------------------


def collapse_ws(text: str) -> str:
    """Runs of whitespace -> one space, ends stripped."""
    return " ".join(text.split())


def strip_ws(text: str) -> str:
    """All whitespace removed (a flattened table row may be rendered with spaces between
    cells that the page dump ran together)."""
    return "".join(text.split())


def fold(text: str) -> str:
    """Case- and form-insensitive text for answer matching: NFKC, casefold, collapsed spaces."""
    return collapse_ws(unicodedata.normalize("NFKC", text).casefold())


# -- retrieval ---------------------------------------------------------------------------


def evidence_found(kind: str, quote: str, text: str, printed: str = "") -> bool:
    """Does a retrieved passage contain a gold evidence quote?

    section:   collapse_ws(quote) ⊂ collapse_ws(text)
    table_row: strip_ws(quote) ⊂ strip_ws(printed) when the passage carries its printed
               (flattened) row, else strip_ws(quote) ⊂ strip_ws(text)
    (⊂ is substring; case-sensitive: a quote is an exact span of the review.)
    """
    if not quote.strip():
        return False
    if kind == "table_row":
        return strip_ws(quote) in strip_ws(printed or text)
    return collapse_ws(quote) in collapse_ws(text)


def evidence_rank(kind: str, quote: str, retrieved: Sequence[tuple[str, str]]) -> int | None:
    """rank(e) = min { i : evidence_found(e, retrieved[i]) } (1-based), None if nowhere.

    `retrieved` is best first, each item ``(text, printed)``.
    """
    for i, (text, printed) in enumerate(retrieved, start=1):
        if evidence_found(kind, quote, text, printed):
            return i
    return None


def recall_at_k(ranks: Sequence[int | None], k: int) -> float:
    """recall@k = |{ e ∈ E : rank(e) ≤ k }| / |E|   (E: the question's gold evidence).

    Returns 0.0 for a question without evidence; callers skip those questions.
    """
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """RR = 1 / min_e rank(e), or 0 when no gold evidence was retrieved. MRR = mean RR."""
    found = [r for r in ranks if r is not None]
    return 1.0 / min(found) if found else 0.0


# -- answers -----------------------------------------------------------------------------


def answer_words(text: str) -> int:
    """words = |{ whitespace-separated tokens with a letter or digit }| after removing
    citation markers such as [1], [2,3], [4-6]."""
    return sum(1 for tok in _MARKER_RE.sub(" ", text).split() if any(ch.isalnum() for ch in tok))


def missing_strings(
    text: str, must_include: Sequence[str], any_of: Sequence[Sequence[str]]
) -> list[str]:
    """What a right answer lacks: each must_include m with fold(m) ⊄ fold(text), and each
    any_of group G with no s ∈ G such that fold(s) ⊂ fold(text) (shown as "a | b")."""
    t = fold(text)
    out = [m for m in must_include if fold(m) not in t]
    out += [" | ".join(g) for g in any_of if not any(fold(s) in t for s in g)]
    return out


def answer_correct(
    text: str,
    must_include: Sequence[str],
    any_of: Sequence[Sequence[str]],
    max_words: int | None = DEFAULT_MAX_WORDS,
) -> bool:
    """correct = (max_words is None ∨ words(text) ≤ max_words)
                 ∧ ∀ m ∈ must_include: fold(m) ⊂ fold(text)
                 ∧ ∀ G ∈ any_of: ∃ s ∈ G: fold(s) ⊂ fold(text)

    fold = NFKC + casefold + collapsed whitespace. Over the word cap is wrong: pasting a
    retrieved chunk is not answering.
    """
    if max_words is not None and answer_words(text) > max_words:
        return False
    return not missing_strings(text, must_include, any_of)


def question_correct(
    answerable: bool,
    abstained: bool,
    text: str,
    must_include: Sequence[str],
    any_of: Sequence[Sequence[str]],
    max_words: int | None = DEFAULT_MAX_WORDS,
) -> bool:
    """unanswerable: correct = abstained;
    answerable:   correct = ¬abstained ∧ answer_correct(text, must_include, any_of, max_words)."""
    if not answerable:
        return abstained
    return not abstained and answer_correct(text, must_include, any_of, max_words)


def rate(flags: Sequence[bool]) -> float | None:
    """rate = |{ f : f }| / |flags|, None for no flags.

    abstention rate       = rate(abstained) over unanswerable questions;
    false-abstention rate = rate(abstained) over answerable questions;
    accuracy              = rate(correct).
    """
    if not flags:
        return None
    return sum(1 for f in flags if f) / len(flags)


def mean(values: Sequence[float]) -> float | None:
    """mean = Σ v / n, None for no values."""
    if not values:
        return None
    return sum(values) / len(values)


# -- citations ---------------------------------------------------------------------------


def citation_valid(quote: str, passage_text: str) -> bool:
    """valid = quote ≠ "" ∧ quote ⊂ passage_text (an exact span, no normalisation)."""
    return bool(quote) and quote in passage_text


def cites_gold_evidence(
    evidence: Sequence[tuple[str, str]], cited: Sequence[tuple[str, str]]
) -> bool:
    """∃ e ∈ evidence, c ∈ cited: evidence_found(e, c) — the answer cites a gold passage.

    `evidence` items are ``(kind, quote)``; `cited` items are the cited passages'
    ``(text, printed)``.
    """
    return any(
        evidence_found(kind, quote, text, printed)
        for kind, quote in evidence
        for text, printed in cited
    )


# -- distributions -----------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between order statistics (numpy's default):
    x sorted, h = (n - 1)·q/100, p = x[⌊h⌋] + (h - ⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋]). None for no values.
    """
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q must be in [0, 100], got {q}")
    xs = sorted(values)
    h = (len(xs) - 1) * q / 100
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def median(values: Sequence[float]) -> float | None:
    """median = percentile(values, 50)."""
    return percentile(values, 50)
