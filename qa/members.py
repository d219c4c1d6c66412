"""A question asking for the names of the members of a kind ("name the non-anticoagulant
heparin derivatives being developed", "which specific oncogenic fusions ...?", "which 21
species make up the IMI?"), and whether a sentence names one or only speaks of the kind
("... non-anticoagulant derivatives are in development for other indications").

Only a question that asks for names in so many words is read this way: "which drugs
...?" may be answered by a sentence on the drugs' class, but "name the drugs" or "which
exact drugs" wants their names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.lexical import STOPWORDS
from qa.vocabulary import NAME_SHAPE_RE

# "name the ...", "names of the ...", "what's the name of the ...", "which exact ...",
# "which specific ...", "which 21 species ..." (a count given: the members are asked)
_NAMES_ASKED_RE = re.compile(
    r"^\W*(?:(?:what(?:'s|\s+is|\s+are|\s+was|\s+were)?\s+(?:the\s+)?names?\s+of"
    r"|names?\s+of|name)"
    r"|(?:which|what)(?:'s|\s+is|\s+are|\s+was|\s+were)?\s+(?:the\s+)?"
    r"(?:exact|specific|particular|individual)|which\s+\d+)\s+"
    r"(?:(?:the|a|an|any|all|every|each|of|those|these|exact|specific|particular)\s+)*"
    r"(?P<phrase>[^?.;,]+)", re.I)
# A word that ends the kind's noun phrase: a verb form, a preposition or other small word
_PHRASE_END_RE = re.compile(r"^(?:\w+(?:ed|ing)|is|are|was|were|do|does|did|have|has|can|"
                            r"could|make|makes|cause|causes|drive|drives|define|defines|"
                            r"like|such|that|which|who)$", re.I)
# A plural noun
_PLURAL_RE = re.compile(r"[a-z]{3,}(?<!ss)(?<!us)(?<!is)s$|^bacteria$|^species$", re.I)
# Kinds whose members are described, not named ("name the mechanisms behind
# radioresistance" is answered by "... DNA damage repair, apoptosis escape, ...")
_DESCRIBED_KINDS = frozenset("""mechanisms mechanism challenges challenge factors factor reasons
    reason ways way strategies strategy approaches approach effects effect functions function
    roles role processes process steps step limitations limitation problems problem issues
    issue features feature characteristics advantages advantage benefits benefit outcomes
    outcome findings finding results result causes cause changes change""".split())
_INNER_NAME_RE = re.compile(r"\d|[a-z][A-Z]")
_COUNT_WORD_RE = re.compile(r"^(?:one|two|three|four|five|some|several|both|each|every)$", re.I)
# What follows a kind's mention to name its members: "such as", "including", a colon
# (not after a comma, "called" and the like: "a score comprising 21 species, termed the
# IMI" names the score)
_NAMING_AFTER_RE = re.compile(
    r"^\s*(?:\(|:|—|,?\s*(?:such\s+as|including|namely|like|e\.g\.|i\.e\.)(?!\w)|"
    r"(?:called|termed|named|known\s+as)\b)", re.I)


@dataclass(frozen=True)
class MembersAsk:
    """The kind whose members' names are asked: its phrase as asked and its head noun."""

    phrase: str
    head: str

    @property
    def names(self) -> str:
        """"the names of the oncogenic fusions", "the name of the urine EV test"."""
        plural = _PLURAL_RE.search(self.head) is not None
        return f"the name{'s' if plural else ''} of the {self.phrase}"


def members_asked(question: str) -> MembersAsk | None:
    """The kind a question asks the names of, or None when it asks for no names."""
    m = _NAMES_ASKED_RE.match(question)
    if m is None:
        return None
    words: list[str] = []
    for w in m.group("phrase").split():
        bare = w.strip("'\"()")
        # (a name ends it, "... motif hnRNPA2B1 recognizes", an acronym does not: "urine
        # EV test")
        if not bare or bare.lower() in STOPWORDS or _COUNT_WORD_RE.match(bare) or (words and (
                _PHRASE_END_RE.match(bare) or _INNER_NAME_RE.search(bare))):
            break
        words.append(bare)
        if _PLURAL_RE.search(bare) or len(words) == 4:
            break  # (a plural noun ends the phrase: "oncogenic fusions cause ...")
    if not words or not words[-1].isalpha() or words[-1].lower() in ("name", "names") \
            or words[-1].lower() in _DESCRIBED_KINDS:
        return None
    return MembersAsk(" ".join(words), words[-1].lower())


def _stem(head: str) -> str:
    """The kind's head without a plural "s" ("fusions" -> "fusion")."""
    return head[:-1] if head.endswith("s") and not head.endswith("ss") else head


def names_members(sentence: str, ask: MembersAsk, asked_words: set[str]) -> bool | None:
    """Whether `sentence` names a member of the kind asked: a mention of the kind
    followed by "such as", "including", a colon or a name, or with a name just before it
    ("the BRCA1 and BRCA2 genes"); names the question itself gives (`asked_words`, lower
    case) are no members. None when it does not mention the kind at all."""
    stem = re.escape(_stem(ask.head))
    mentions = list(re.finditer(r"(?<![\w-])" + stem + r"\w*", sentence, re.I))
    if not mentions:
        return None
    for m in mentions:
        after = sentence[m.end():]
        if _NAMING_AFTER_RE.match(after):
            return True
        near = re.findall(r"[\w+/-]+", after)[:2] + re.findall(
            r"[\w+/-]+", sentence[:m.start()])[-3:]
        if any(re.search(r"[A-Za-z]", w) and NAME_SHAPE_RE.search(w)
               and w.lower() not in asked_words for w in near):
            return True
    return False
