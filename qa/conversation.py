"""Follow-up questions: rewrite "and lenvatinib?" or "what is its mechanism?" into a
standalone question using the previous turns, before retrieval."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from qa.terms import content_terms

History = Sequence[tuple[str, str]]  # (question, answer text) of earlier turns, oldest first

_ELLIPSIS_RE = re.compile(
    r"^\s*(?:and|also|but|or)?\s*(?:what|how)\s+about\s+(.+?)\s*\??\s*$"
    r"|^\s*(?:and|also|or)\s+(?:for\s+|with\s+|in\s+)?(.+?)\s*\??\s*$",
    re.I,
)
# Pronouns that stand for the previous topic; "this/that/these/those" only when no noun
# follows ("what about this?"), since "this review" or "the study that ..." stand alone.
_WH_START = re.compile(r"(?:what|which|how|when|where|who|why|is|are|was|were|do|does|did)\b",
                       re.I)
_PRONOUN_RE = re.compile(
    r"\b(it|its|they|them|their)\b|\b(this|that|these|those)(?=\s*(?:[?.!,;]|$))", re.I)
_ENTITY_RE = re.compile(r"[A-Za-z]*(?:\d|[a-z][A-Z]|[A-Z]{2})[\w\-]*")
# A question asking for a thing by its kind: "Which circRNA ...", "What drug ...".
_ASKS_FOR_THING_RE = re.compile(
    r"^\s*(?:which|what)\s+(?!(?:is|are|was|were|does|do|did|has|have|can|about)\b)\w+",
    re.I)
MAX_TURNS = 4  # earlier turns read to understand the previous question
SWAP_SIMILARITY = 0.3  # "and sorafenib?" swaps a term at least this close to it


def _focus(
    text: str, common: Callable[[str], bool], rarity: Callable[[str], float] | None = None
) -> str | None:
    """The most specific entity named in text (circPAK1 rather than RNA), skipping
    common ones; with `rarity`, the rarest in the review, else the first."""
    names = []
    for m in _ENTITY_RE.finditer(text):
        word = m.group().strip("-")
        if len(word) >= 3 and not common(word) and word not in names:
            names.append(word)
    if not names:
        return None

    def specific(w: str) -> int:
        # circPAK1, miR-21 (a lower-case prefix on a name) before PAK1 (capitals and
        # digits), before RNA (capitals alone, often part of a long form).
        if re.search(r"[a-z][A-Z]", w):
            return 2
        return 1 if re.search(r"\d|[A-Z][a-z]", w) else 0

    return max(names, key=lambda w: (specific(w), rarity(w) if rarity else 0.0,
                                     -names.index(w)))


def standalone_question(
    question: str,
    history: History | None,
    embed: Callable[[str], np.ndarray] | None = None,
    common: Callable[[str], bool] = lambda w: False,
    rarity: Callable[[str], float] | None = None,
) -> str:
    """The question made self-contained with the conversation so far.

    - Ellipsis ("and lenvatinib?", "what about miR-21?"): the previous question, as it
      was understood, with its most similar term swapped for the new one (by embedding
      similarity when `embed` is given); when it has no such term, the question before
      it; else the new term appended.
    - A pronoun ("what is its mechanism?"): replaced by the entity the previous
      answer named when that question asked for a thing ("Which circRNA ...?"), else
      the entity the previous question named.
    Questions that already stand alone are returned unchanged.
    """
    if not history:
        return question
    # The earlier questions as they were understood ("What is its mechanism?" was
    # about circPAK1), oldest first; only the last few turns matter.
    turns = list(history)[-MAX_TURNS:]
    understood: list[str] = []
    for q, _ in turns:
        understood.append(_resolve(q, understood, turns[:len(understood)], embed, common,
                                   rarity))
    return _resolve(question, understood, turns, embed, common, rarity)


def _resolve(question: str, understood: Sequence[str], turns: History,
             embed: Callable[[str], np.ndarray] | None, common: Callable[[str], bool],
             rarity: Callable[[str], float] | None) -> str:
    """One question made self-contained, given the earlier questions as understood."""
    if not understood:
        return question
    prev_q, prev_a = understood[-1], turns[-1][1]
    m = _ELLIPSIS_RE.match(question)
    if m:
        new = (m.group(1) or m.group(2) or "").strip()
        # "and which are in vivo too?" is a question of its own, not a term to swap in.
        if new and len(new.split()) <= 6 and not _WH_START.match(new):
            for earlier in reversed(understood):
                swapped = _swap(earlier, new, embed)
                if swapped is not None:
                    return swapped
            return prev_q.rstrip(" ?") + f" {new}?"
    own_names = [m.group() for m in _ENTITY_RE.finditer(question)
                 if len(m.group()) >= 3 and not common(m.group())]
    if _PRONOUN_RE.search(question) and len(content_terms(question)) <= 6 and not own_names:
        # "it" is what the previous answer named when that question asked for a thing
        # ("Which circRNA ...?" -> circPAK1), else what the previous question named
        # ("And for sorafenib?" -> sorafenib, not a pathway its answer mentions).
        first, second = ((prev_a, prev_q) if _ASKS_FOR_THING_RE.match(prev_q)
                         else (prev_q, prev_a))
        focus = _focus(first, common, rarity) or _focus(second, common, rarity)
        if focus is None:
            terms = content_terms(prev_q)
            focus = " ".join(terms[:3]) if terms else None
        if focus:

            def repl(mo: re.Match[str]) -> str:
                w = (mo.group(1) or mo.group(2)).lower()
                return f"{focus}'s" if w in {"its", "their"} else focus

            return _PRONOUN_RE.sub(repl, question, count=1)
    return question


def _swap(prev_q: str, new: str, embed: Callable[[str], np.ndarray] | None) -> str | None:
    """`prev_q` with its term most similar to `new` replaced by it; None when no term
    is similar enough (or there is no embedding to tell)."""
    words = re.findall(r"[\w\-+]+", prev_q)
    candidates = [w for w in words if content_terms(w)]
    if embed is not None and candidates:
        v = embed(new)
        sims = [float(np.dot(v, embed(w))) for w in candidates]
        best = int(np.argmax(sims))
        if sims[best] >= SWAP_SIMILARITY:
            target = candidates[best]
            return re.sub(r"(?<![\w\-])" + re.escape(target) + r"(?![\w\-])", new, prev_q,
                          count=1)
    return None
