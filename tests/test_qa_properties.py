"""Properties of the citation check, span finding and fusion, over generated inputs.

Hypothesis runs derandomized (a fixed seed from each test) with no example database, so
every run tries the same inputs: a failure here is reproducible, never a flake.
"""

from __future__ import annotations

import math
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.fusion import diversify, reciprocal_rank_fusion
from qa.verify import find_span, quote_is_exact, strip_ref_brackets
from source.model import Passage

DETERMINISTIC = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow],
)

_BRACKET = re.compile(r"\[\d[\d,\s\-–]*\]")

# Text the review is made of: letters, digits, Greek, punctuation, brackets, whitespace.
review_chars = st.sampled_from(
    list("abcdeHCCmiR-21[],.;:()/ \n\t–ζβκ0123456789") + ["circPAK1", "[14]", "[5-7]", "  "]
)
review_text = st.lists(review_chars, max_size=60).map("".join)
any_text = st.text(max_size=80)

# Words without brackets or whitespace, and separators the span finder must tolerate.
word = st.text(alphabet="abcdefgHPK0123456789-/().ζβ", min_size=1, max_size=8)
separator = st.lists(
    st.sampled_from([" ", "  ", "\n", "\t", "[14]", " [14]", "[2,3]", " [56-58] ", "[7–9]"]),
    min_size=1,
    max_size=3,
).map("".join)


def _passage(text: str) -> Passage:
    return Passage("sec/p1", "paragraph", text, ("Section",), 0)


def _squash(text: str) -> str:
    """The text without reference brackets and without any whitespace."""
    return re.sub(r"\s+", "", _BRACKET.sub(" ", text))


# -- find_span ---------------------------------------------------------------------


@DETERMINISTIC
@given(claim=any_text, text=any_text)
def test_find_span_never_raises_on_arbitrary_text(claim: str, text: str) -> None:
    span = find_span(claim, text)
    if span is not None:
        start, end = span
        assert 0 <= start < end <= len(text)


@DETERMINISTIC
@given(claim=review_text, text=review_text)
def test_find_span_result_is_an_exact_span_matching_the_claim(claim: str, text: str) -> None:
    span = find_span(claim, text)
    if span is None:
        return
    start, end = span
    quote = text[start:end]
    assert quote_is_exact(quote, _passage(text))  # exact text: usable as a citation quote
    words = _BRACKET.sub(" ", claim).split()
    assert quote.startswith(words[0]) and quote.endswith(words[-1])
    assert _squash(quote) == "".join(words)  # only whitespace and [n] differ


@DETERMINISTIC
@given(
    words=st.lists(word, min_size=1, max_size=8),
    seps=st.lists(separator, min_size=8, max_size=8),
    prefix=st.text(alphabet="xyz ", max_size=5),
    data=st.data(),
)
def test_find_span_finds_any_run_of_words_despite_spacing_and_brackets(
    words: list[str], seps: list[str], prefix: str, data: st.DataObject
) -> None:
    text = prefix + "".join(w + s for w, s in zip(words, seps, strict=False))
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    claim = " ".join(words[i:j])
    span = find_span(claim, text)
    assert span is not None
    quote = text[span[0] : span[1]]
    assert quote in text and _squash(quote) == "".join(words[i:j])


@DETERMINISTIC
@given(text=review_text, data=st.data())
def test_find_span_finds_every_non_blank_substring(text: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    claim = text[i:j]
    if not _BRACKET.sub(" ", claim).split():
        return  # nothing but whitespace and brackets: nothing to find
    assert find_span(claim, text) is not None


# -- quote_is_exact ----------------------------------------------------------------


@DETERMINISTIC
@given(quote=any_text, text=any_text)
def test_quote_is_exact_agrees_with_in_for_non_blank_quotes(quote: str, text: str) -> None:
    expected = bool(quote.strip()) and quote in text
    assert quote_is_exact(quote, _passage(text)) is expected


@DETERMINISTIC
@given(text=any_text, data=st.data())
def test_every_non_blank_substring_passes_the_check(text: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    quote = text[i:j]
    assert quote_is_exact(quote, _passage(text)) is bool(quote.strip())


@DETERMINISTIC
@given(text=st.text(alphabet=" \n\t\r\x0b\x0c", max_size=10))
def test_blank_quotes_never_pass(text: str) -> None:
    assert not quote_is_exact(text, _passage("some text " + text))


# -- strip_ref_brackets ------------------------------------------------------------


@DETERMINISTIC
@given(text=review_text)
def test_strip_ref_brackets_leaves_no_reference_bracket(text: str) -> None:
    stripped = strip_ref_brackets(text)
    assert not re.search(r"\[\d+\]", stripped)
    assert strip_ref_brackets(stripped) == stripped  # idempotent


# -- fusion ------------------------------------------------------------------------

ids = st.lists(st.sampled_from(list("abcdefghij")), unique=True, max_size=10)


@DETERMINISTIC
@given(
    rankings=st.lists(ids, min_size=1, max_size=4),
    k=st.floats(1.0, 100.0),
    data=st.data(),
)
def test_rrf_matches_its_formula_and_is_sorted(
    rankings: list[list[str]], k: float, data: st.DataObject
) -> None:
    weights = data.draw(
        st.lists(st.floats(0.1, 3.0), min_size=len(rankings), max_size=len(rankings))
    )
    fused = reciprocal_rank_fusion(rankings, weights=weights, k=k)
    expected: dict[str, float] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        for rank, doc in enumerate(ranking, start=1):
            expected[doc] = expected.get(doc, 0.0) + w / (k + rank)
    first_seen = list(expected)  # dicts keep insertion order: first ranking first
    assert sorted(d for d, _ in fused) == sorted(expected)  # each id exactly once
    for doc, score in fused:
        assert math.isclose(score, expected[doc], rel_tol=1e-12)
    for (a, sa), (b, sb) in zip(fused, fused[1:], strict=False):
        assert sa >= sb
        if sa == sb:
            assert first_seen.index(a) < first_seen.index(b)


@DETERMINISTIC
@given(
    items=st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 99)), unique=True, max_size=15),
    cap=st.integers(1, 4),
)
def test_diversify_is_a_stable_partition_by_the_cap(items: list[tuple[str, int]], cap: int) -> None:
    ranked = [(f"{g}{n}", 1.0 / (i + 1)) for i, (g, n) in enumerate(items)]
    out = diversify(ranked, lambda d: d[0], cap)
    assert sorted(out) == sorted(ranked)  # nothing lost, nothing added
    seen: dict[str, int] = {}
    within = []
    for doc, _ in ranked:
        seen[doc[0]] = seen.get(doc[0], 0) + 1
        within.append(seen[doc[0]] <= cap)
    head = [r for r, ok in zip(ranked, within, strict=True) if ok]
    tail = [r for r, ok in zip(ranked, within, strict=True) if not ok]
    assert out == head + tail
