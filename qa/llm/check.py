"""The support check: each sentence of the model's reply against the passages it cites.

A claim is supported by a span of a passage when no number of it is missing from the
span, neither negates alone, enough of its content words are in the span and (when
vectors are at hand) it is close enough to the span in embedding space.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from index.inflection import check_key as _key
from index.lexical import STOPWORDS, tokenize
from qa.llm.parse import PROSE_WORD_RE, ReplySentence
from qa.verify import strip_ref_brackets
from source.model import Passage
from source.text import split_sentences

# -- the support check: thresholds calibrated on 29 hand-made pairs of answer-like claims
# and review sentences (tests/test_qa_llm.py, CALIBRATION) with all-MiniLM-L6-v2. A claim
# is supported by a span when no number of it is missing from the span, neither negates
# alone, recall >= LEXICAL_MIN and (when vectors are at hand) cosine >= MIN_COSINE, where
# recall = IDF-weighted share of the claim's content words found in the span.
# Measured: supported pairs had recall 0.75-1.00 and cosine 0.50-0.95; unsupported ones
# recall 0.00-0.70 — but cosine up to 0.91 ("HCC accounts for about 95% ..."), and 0.82
# for an antonym ("promotes YBX1 degradation" vs "inhibits"), so cosine cannot rescue a
# low recall; it only vetoes a sentence whose words match but whose meaning is far off.
LEXICAL_MIN = 0.75
MIN_COSINE = 0.45  # the default of QA_LLM_MIN_COSINE (settings.py)
# A sentence whose own markers do not support it is cited to another given passage that
# does only when it has at least this many content words ("HACKED." is placed nowhere).
MIN_RECITE_WORDS = 3
# Words the answer takes from the question restate it ("... switched on when exosomes
# conferred resistance"): they weigh this much, so the check is on what the answer adds.
QUESTION_WORD_FACTOR = 0.5
# A sentence this short ("YBX1.") is embedded after the question: alone it has no meaning
# to compare (measured: cosine 0.31 alone, 0.74 after the question).
SHORT_SENTENCE_WORDS = 5

# Words an answer uses to frame a claim ("the review reports that ...") rather than to
# make it; they need no support.
FRAMING_WORDS = frozenset(
    """review article paper passage passages author authors study studies report reported
    reports reporting show shown shows showed suggest suggests suggested indicate indicates
    indicated find found finding findings note noted state stated describe described
    according also addition additionally furthermore moreover however therefore thus
    overall summary one two several various example instance including include includes
    may might can could would role key important""".split()
)
_NEGATIONS = frozenset("not no never cannot without neither nor fail fails failed lack lacks "
                       "lacking absent unable".split())
_NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])")
def content_keys(text: str) -> set[str]:
    """Content-word keys of a text: BM25 tokens minus stopwords and framing words."""
    return {_key(t) for t in tokenize(text)
            if t not in STOPWORDS and t not in FRAMING_WORDS and len(t) >= 2}


def _words(text: str) -> set[str]:
    return set(PROSE_WORD_RE.findall(text.lower()))


def numbers_missing(claim: str, span: str) -> list[str]:
    """Numbers of the claim that the span does not contain ("2021" in a 2020 row)."""
    have = set(_NUMBER_RE.findall(strip_ref_brackets(span)))
    return [n for n in _NUMBER_RE.findall(claim) if n not in have]


def negation_mismatch(claim: str, span: str) -> bool:
    """One of the two negates ("not", "no", "fails", ...) and the other does not."""
    c = bool(_words(claim) & _NEGATIONS)
    s = bool(_words(span) & _NEGATIONS)
    return c != s


def lexical_recall(claim: str, span: str, weight: Callable[[str], float] | None = None) -> float:
    """Weighted share of the claim's content words found in the span:
    sum(w(t) for t in claim & span) / sum(w(t) for t in claim); 1.0 for a claim with none."""
    c = content_keys(claim)
    if not c:
        return 1.0
    s = content_keys(span)
    w = weight or (lambda _t: 1.0)
    total = sum(w(t) for t in c)
    return sum(w(t) for t in c & s) / total if total > 0 else 0.0


def is_supported(recall: float, cosine: float | None, min_cosine: float = MIN_COSINE) -> bool:
    """The calibrated rule (see the constants above); cosine None = no vectors at hand."""
    return recall >= LEXICAL_MIN and (cosine is None or cosine >= min_cosine)


def candidate_spans(passage: Passage) -> list[str]:
    """Exact spans of a passage that may support one answer sentence: each sentence, and
    each two adjacent sentences (an answer often joins two); a table row is one span."""
    if passage.kind == "table_row":
        return [passage.text]
    sentences = split_sentences(passage.text)
    spans = list(sentences)
    pos = 0
    starts = []
    for s in sentences:
        i = passage.text.find(s, pos)
        starts.append(i)
        pos = i + len(s) if i >= 0 else pos
    for a in range(len(sentences) - 1):
        i, j = starts[a], starts[a + 1]
        if i >= 0 and j >= 0:
            spans.append(passage.text[i:j + len(sentences[a + 1])])
    return spans or [passage.text]


@dataclass(frozen=True)
class Support:
    """The best span of one cited passage for a sentence, and how well it supports it."""

    passage: Passage
    quote: str  # an exact span of passage.text
    recall: float
    cosine: float | None
    supported: bool


@dataclass(frozen=True)
class CheckedSentence:
    """A reply sentence after the check: `supports` are the spans shown as its citations
    (empty: unsupported). `best` is the closest span of a passage it cites, supported
    or not."""

    text: str
    cited: tuple[int, ...]
    unknown: tuple[int, ...]
    supports: tuple[Support, ...] = ()
    best: Support | None = None
    recited: bool = False  # its markers did not support it; another given passage does

    @property
    def supported(self) -> bool:
        return bool(self.supports)


SpanVector = Callable[[Passage, str], "np.ndarray | None"]


class SupportChecker:
    """Checks a sentence against the passages it cites.

    `weight(token)` weights content words (IDF: a rare name counts more than "cells");
    `embed(texts)` embeds answer sentences and `span_vector(passage, quote)` gives the
    stored vector of a span (or None) — without them the check is lexical only.
    """

    def __init__(self, weight: Callable[[str], float] | None = None,
                 embed: Callable[[list[str]], np.ndarray] | None = None,
                 span_vector: SpanVector | None = None,
                 min_cosine: float = MIN_COSINE) -> None:
        self.weight = weight
        self.embed = embed
        self.span_vector = span_vector
        self.min_cosine = min_cosine

    def supported(self, claim: str, span: str, cosine: float | None) -> bool:
        """The whole rule: recall and cosine thresholds, no missing number or negation."""
        recall = lexical_recall(claim, span, self.weight)
        return is_supported(recall, cosine, self.min_cosine) \
            and not numbers_missing(claim, span) and not negation_mismatch(claim, span)

    def _claim_vectors(self, claims: list[str], question: str) -> list[np.ndarray | None]:
        if self.embed is None or self.span_vector is None or not claims \
                or self.min_cosine <= -1.0:
            return [None] * len(claims)
        texts = [f"{question} {c}" if question and len(c.split()) < SHORT_SENTENCE_WORDS
                 else c for c in claims]
        vecs = np.asarray(self.embed(texts), dtype=np.float32)
        return [_unit(v) for v in vecs]

    def for_question(self, question: str) -> SupportChecker:
        """This checker with the question's own words weighing QUESTION_WORD_FACTOR."""
        asked = content_keys(question)
        if not asked:
            return self
        base = self.weight or (lambda _t: 1.0)

        def weight(token: str) -> float:
            return base(token) * (QUESTION_WORD_FACTOR if token in asked else 1.0)

        return SupportChecker(weight, self.embed, self.span_vector, self.min_cosine)

    def _cosine(self, vec: np.ndarray | None, passage: Passage, quote: str) -> float | None:
        if vec is None or self.span_vector is None:
            return None
        parts = [quote] if quote == passage.text or passage.kind == "table_row" \
            else split_sentences(quote)
        sims = []
        for part in parts:
            sv = self.span_vector(passage, part)
            if sv is not None:
                sims.append(float(np.dot(vec, _unit(np.asarray(sv, dtype=np.float32)))))
        return max(sims) if sims else None

    def best_span(self, claim: str, vec: np.ndarray | None, passage: Passage) -> Support:
        """The passage's span that best supports the claim (supported ones first)."""
        best: Support | None = None
        for quote in candidate_spans(passage):
            recall = lexical_recall(claim, quote, self.weight)
            cos = self._cosine(vec, passage, quote)
            s = Support(passage, quote, recall, cos, self.supported(claim, quote, cos))
            # Prefer a supported span; among equals the higher recall, then the shorter.
            rank = (s.supported, round(s.recall, 6), s.cosine or 0.0, -len(quote))
            if best is None or rank > (best.supported, round(best.recall, 6),
                                       best.cosine or 0.0, -len(best.quote)):
                best = s
        assert best is not None
        return best

    def check(self, sentences: Sequence[ReplySentence], passages: Sequence[Passage],
              question: str = "") -> list[CheckedSentence]:
        """Each sentence with the spans that support it: of a passage it cites, of two it
        cites together, or else (re-cited) of another passage given."""
        if question:
            return self.for_question(question)._check(sentences, passages, question)
        return self._check(sentences, passages, question)

    def _check(self, sentences: Sequence[ReplySentence], passages: Sequence[Passage],
               question: str) -> list[CheckedSentence]:
        vecs = self._claim_vectors([s.text for s in sentences], question)
        out = []
        for s, vec in zip(sentences, vecs, strict=True):
            bests = [self.best_span(s.text, vec, passages[n - 1]) for n in s.cited]
            supports: tuple[Support, ...] = ()
            good = [b for b in bests if b.supported]
            if good:
                supports = (max(good, key=lambda b: (b.recall, b.cosine or 0.0)),)
            elif len(bests) >= 2:
                supports = self._joint(s.text, bests)
            best = max(bests, key=lambda b: (b.recall, b.cosine or 0.0)) if bests else None
            recited = False
            if not supports and len(content_keys(s.text)) >= MIN_RECITE_WORDS:
                # A small model often cites the wrong number (or none) for a sentence it
                # copied from another passage given: cite the passage that supports it,
                # under the same check, and count it apart from sentences it cited right.
                others = [self.best_span(s.text, vec, p)
                          for n, p in enumerate(passages, start=1) if n not in s.cited]
                good = [b for b in others if b.supported]
                if good:
                    supports = (max(good, key=lambda b: (b.recall, b.cosine or 0.0)),)
                    recited = True
            out.append(CheckedSentence(s.text, s.cited, s.unknown, supports, best, recited))
        return out

    def _joint(self, claim: str, bests: list[Support]) -> tuple[Support, ...]:
        """A sentence joining facts of two cited passages: supported when the two best
        spans together hold its words (each span then also cited)."""
        top = sorted(range(len(bests)), key=lambda i: -bests[i].recall)[:2]
        ranked = [bests[i] for i in sorted(top)]  # in the order the sentence cites them
        both = " ".join(b.quote for b in ranked)
        cos = max((b.cosine for b in ranked if b.cosine is not None), default=None)
        if not self.supported(claim, both, cos) or min(b.recall for b in ranked) < 0.25:
            return ()
        return tuple(replace(b, supported=True) for b in ranked)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v
