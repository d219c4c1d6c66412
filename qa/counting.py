"""Counting what a sentence enumerates: "How many transporters does the review name?"

Two shapes are read, both general: an inline list after "such as" / "including" /
"namely" ("... such as PD-1, PD-L1, and CTLA-4, are ...": 3), and a numbered list
that runs on from an introducing sentence ("several pivotal challenges ... (1) ...
(2) ... (4) ...": 4). Pure functions over text; the answerer decides when to use them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

HOW_MANY_RE = re.compile(r"^\s*(?:and\s+)?how\s+many\s+(.+?)\s+(?:are|were|is|was|does|do|did|"
                         r"can|could|have|has|had)\b", re.I)
_TRIGGER_RE = re.compile(r"\b(?:such\s+as|including|includes?|included|namely|chiefly|"
                         r"mainly|principally|notably)\s+|:\s+", re.I)
_CLAUSE_END_RE = re.compile(r"\s+(?:are|is|was|were|have|has|had|can|could|may|might|will|"
                            r"would|to|that|which|who|in|on|for|from|with|by)\b", re.I)
_NUMBER_RE = re.compile(r"\((\d{1,2})\)\s")
_ADVERBIAL_RE = re.compile(r"(?:in|on|at|for|by|with|from|when|if|after|before|during|"
                           r"although|while|because|since)\s", re.I)


def counted_noun(question: str) -> str:
    """The thing a "How many X are/does ...?" question counts ("" when it is no such
    question): "How many ABC transporters does the review name?" -> "ABC transporters"."""
    m = HOW_MANY_RE.match(question)
    if m:
        return m.group(1)
    # "how many patients took part ...": no auxiliary; the word after "how many"
    bare = re.match(r"^\s*(?:and\s+)?how\s+many\s+((?:[\w-]+\s+){0,3}?[A-Za-z][\w-]*s)\b"
                    r"(?!\s+[a-z][\w-]*s\b)", question, re.I)
    return bare.group(1) if bare else ""


def _top_level_split(text: str) -> list[str]:
    """Split at commas outside parentheses and brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


@dataclass(frozen=True)
class Enumeration:
    """An inline list: where it starts in the sentence and its items."""

    start: int  # offset of the trigger ("such as") in the sentence
    items: tuple[str, ...]


def inline_enumeration(sentence: str) -> Enumeration | None:
    """The first "such as A, B, and C" list of a sentence, or None.

    The list ends with its "and"/"or" item: "such as PD-1, PD-L1, and CTLA-4, are
    currently ..." has three items. "A and B" alone is a list of two.
    """
    for m in _TRIGGER_RE.finditer(sentence):
        rest = sentence[m.end():]
        parts = _top_level_split(rest)
        items: list[str] = []
        for part in parts:
            last = re.match(r"^(?:and|or)\s+(.+)$", part, re.I)
            if last:
                items.append(last.group(1))
                break
            pair = re.match(r"^(.+?)\s+(?:and|or)\s+(.+)$", part, re.I)
            if pair and len(items) == 0:  # "including A and B, remains ...": two
                items += [pair.group(1), pair.group(2)]
                break
            if pair and items:  # "A, B and C" (no serial comma)
                items += [pair.group(1), pair.group(2)]
                break
            items.append(part)
        else:
            continue  # no closing "and"/"or" item: not a list
        items = [re.sub(r"[.;]\s*$", "", i).strip() for i in items]
        if m.group().startswith(":") and any(_ADVERBIAL_RE.match(i) for i in items):
            continue  # (a clause after a colon: "...: in one study, capture of ... and
            #            CD24 increased ..." lists nothing)
        # The last item runs to the clause's verb: "... and paclitaxel were loaded".
        items[-1] = _CLAUSE_END_RE.split(items[-1], maxsplit=1)[0].strip()
        if len(items) >= 2 and all(0 < len(i.split()) <= 12 for i in items):
            return Enumeration(m.start(), tuple(items))
    return None


def numbered_run(texts: Sequence[str]) -> tuple[int, int] | None:
    """A numbered list "(1) ... (2) ... (n)" running through `texts` (an introducing
    sentence's passage and the ones after it): (n, index of the text holding "(n)"),
    or None. Numbers must run 1, 2, 3 ... without a gap."""
    expected, found = 1, None
    for t_index, text in enumerate(texts):
        for m in _NUMBER_RE.finditer(text):
            n = int(m.group(1))
            if n == expected:
                found = (n, t_index)
                expected += 1
            elif n == 1 and expected > 1:
                return found if found and found[0] >= 2 else None  # a second list
    return found if found and found[0] >= 2 else None


__all__ = ["HOW_MANY_RE", "Enumeration", "counted_noun", "inline_enumeration", "numbered_run"]
