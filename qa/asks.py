"""A question's parts: what it states (premises) and what it asks (one or several asks).

"linc-VLDLR raises one transporter. Under what other name ...?" is a premise and an
ask; "Which gene ..., and what happened when it was knocked down?" is two asks. Shared
by the answerer (a sentence per ask, premise words weigh less) and the table planner
(a table named only in a premise asks for no rows).
"""

from __future__ import annotations

import re

WH = (r"(?:what|which|how|when|where|who|whom|whose|why|in what|at what|to what|by what|"
      r"through which|through what|to which|for which|on which|under what|via which)")
# Where a question's asks part: "..., and what ...", "...; which ...", "...: which ...",
# "..., which drug ..." (a wh-word and its noun, not a relative clause: ", which is"),
# "..., and knocking down which ..." (a wh-word within the clause's first words).
_NOT_ASK = r"(?!\s+(?:is|are|was|were|has|have|had|can|could|may|might|also|in\s+turn|then)\b)"
_ASK_SPLIT_RE = re.compile(
    r"(?:,|;)?\s+and\s+(?=" + WH + r"\b)"
    r"|(?:,|;)\s+and\s+(?=(?:[\w-]+\s+){1,3}(?:which|what)\s+\w+)"
    r"|[;:]\s*(?=" + WH + r"\b)"
    r"|,\s*(?=(?:which|what)\b" + _NOT_ASK + r")",
    re.I)
ASK_START_RE = re.compile(
    r"^\s*(?:" + WH + r"|is|are|was|were|does|do|did|can|could|list|name|describe|define|"
    r"explain|give|according)\b", re.I)


def split_question(question: str) -> list[tuple[str, bool]]:
    """A question's parts as (text, is_premise).

    "linc-VLDLR raises one transporter. Under what other name ...?" -> a premise (the
    statement the asker already knows) and an ask; "Which gene ..., and what happened
    ...?" -> two asks. A premise's words matter less: the answer must say something new.
    """
    parts: list[tuple[str, bool]] = []
    for sentence in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9])", question.strip()):
        sentence = sentence.strip()
        if not sentence:
            continue
        premise = not sentence.endswith("?") and not ASK_START_RE.match(sentence)
        if premise:
            parts.append((sentence, True))
            continue
        subs = [sub.strip() for sub in _ASK_SPLIT_RE.split(sentence) if sub.strip()]
        for sub in subs:
            # "The group that ... exosomes: which miRNA, ...?" opens with what is known.
            known = len(subs) > 1 and not ASK_START_RE.match(sub) and not re.search(
                r"\b" + WH + r"\b", sub, re.I)
            parts.append((sub, known))
    if parts and all(p for _, p in parts):  # no question mark, no wh-word: all of it asks
        parts = [(t, False) for t, _ in parts]
    return parts


def asks(question: str) -> list[str]:
    """The parts of a question that ask (not its premises)."""
    return [t for t, premise in split_question(question) if not premise]


__all__ = ["ASK_START_RE", "WH", "asks", "split_question"]
