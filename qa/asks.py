"""A question's parts: what it states (premises) and what it asks (one or several asks).

"linc-VLDLR raises one transporter. Under what other name ...?" is a premise and an
ask; "Which gene ..., and what happened when it was knocked down?" is two asks. Shared
by the answerer (a sentence per ask, premise words weigh less) and the table planner
(a table named only in a premise asks for no rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
    r"explain|give|according|find|identify|tell|state|summari[sz]e|compare|outline|specify|"
    r"show)\b", re.I)


def split_question(question: str) -> list[tuple[str, bool]]:
    """A question's parts as (text, is_premise).

    "linc-VLDLR raises one transporter. Under what other name ...?" -> a premise (the
    statement the asker already knows) and an ask; "Which gene ..., and what happened
    ...?" -> two asks. A premise's words matter less: the answer must say something new.
    """
    parts: list[tuple[str, bool]] = []
    # (a dash between clauses parts them like a full stop: "the circRNA that blocks YBX1
    # degradation - what drug is it linked to?")
    # (typed in lower case, a question mark still ends a question: "... like germs? what
    # can be done?")
    for sentence in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9])|(?<=\?)\s+(?=[a-z])|\s+[-–—]+\s+",
                             question.strip()):
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


# "linc-VLDLR vs linc-ROR", "between the regorafenib and the everolimus studies", "compare
# circRNA-SORE with circPAK1": two things set side by side, each asked about on its own.
_NAME = r"([^\W_][\w+-]*[\w+])"
_COORDINATED_RE = re.compile(
    # (not "X, for Y": "what cutoff predicts recurrence, for miR-21?" asks of Y)
    _NAME + r"\s*(?:,(?!\s*for\b)|/|\band\b|\bor\b|\bvs\.?|\bversus\b|\bcompared\s+(?:with|to)\b|"
    r"\bdiffer(?:s|ent)?\s+from\b|"
    r"\bwith\b)\s*(?:(?:the|to|of|for|in)\s+)?" + _NAME, re.I)


# "miR-122 exosomes vs miR-199a exosomes": a word or two after the first name
_VERSUS_RE = re.compile(_NAME + r"(?:\s+[a-z][\w\-]*){1,2}?\s+(?:vs\.?|versus|compared\s+"
                        r"(?:with|to))\s+(?:the\s+)?" + _NAME, re.I)


def coordinated(text: str) -> list[tuple[str, str, int, int]]:
    """Pairs of words set side by side ("X vs Y", "X and the Y"), with the span from the
    first to the end of the second: candidates for a comparison, each named on its own."""
    out = []
    compares = re.search(r"\bcompar", text, re.I) is not None
    found = [*_COORDINATED_RE.finditer(text), *_VERSUS_RE.finditer(text)]
    for m in found:
        if not compares and re.search(r"\bwith\b", m.group(), re.I) and not re.search(
                r"\bcompared\s+with\b", m.group(), re.I):
            continue  # "X with Y" relates them, unless the question compares
        out.append((m.group(1), m.group(2), m.start(), m.end()))
    return out


_PAIR_PRONOUN_RE = re.compile(r"\b(?:they|them|these|those|both)\b", re.I)


def _one_of_pair(head: str, name: str, tail: str) -> str:
    """The question about one name of a pair: "X vs Y, what drugs do they cause
    resistance to" -> "what drugs do X cause resistance to" (the pair's pronoun is the
    name); "X vs Y in chemoresistance" -> "X in chemoresistance"."""
    clause = re.match(r"^\s*[,:;]\s*(.+)$", tail)
    if not head.strip() and clause and _PAIR_PRONOUN_RE.search(clause.group(1)):
        return _PAIR_PRONOUN_RE.sub(name, clause.group(1), count=1).strip()
    return f"{head}{name}{tail}".strip()


def compared_pair(text: str, is_name: Callable[[str], bool],
                  is_word: Callable[[str], bool] | None = None,
                  ) -> tuple[str, str, int, int] | None:
    """The first two names `text` sets side by side, with the span they take; set
    against each other ("vs", "versus", "compared with"), a name and a word of the
    review (`is_word`: "exosomes vs microvesicles") are a pair too."""
    for a, b, start, end in coordinated(text):
        if a.lower() == b.lower():
            continue
        if is_name(a) and is_name(b):
            return a, b, start, end
        if is_word is not None and _CONTRAST_RE.search(text[start:end]) and (
                (is_name(a) and is_word(b)) or (is_word(a) and is_name(b))):
            return a, b, start, end
    return None


_CONTRAST_RE = re.compile(r"\b(?:vs\.?|versus|compared\s+(?:with|to))\b", re.I)


def side_by_side(text: str, is_name: Callable[[str], bool]) -> list[str]:
    """The question once for each of two names it sets side by side ("linc-VLDLR vs
    linc-ROR in chemoresistance" -> "linc-VLDLR in chemoresistance", "linc-ROR in
    chemoresistance"), or [] when it sets no two names side by side."""
    pair = compared_pair(text, is_name)
    if pair is None:
        return []
    a, b, start, end = pair
    head, tail = text[:start], text[end:]
    head = re.sub(r"\b(?:between|compare|comparing)\s+(?:the\s+)?$", "", head, flags=re.I)
    return [_one_of_pair(head, name, tail) for name in (a, b)]


__all__ = ["ASK_START_RE", "WH", "asks", "compared_pair", "coordinated", "side_by_side",
           "split_question"]
