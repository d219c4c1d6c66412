"""Where the review speaks of a word: the paragraphs using each word form, so that a word
missing from a sentence can be credited by how surely the review uses it where it uses
the sentence's words ("immunotherapy" where it says "PD-L1"; "loaded" where it says
"carriers"). Built from the review's own text; no outside word model."""

from __future__ import annotations

from collections.abc import Iterable

from index.lexical import tokenize
from source.model import Passage


def stem(token: str) -> str:
    """A token's crude stem for matching word forms ("approved", "approval": "approv")."""
    return token[:6] if token.isalpha() else token


class Cooccurrence:
    """Each word stem of the review's paragraphs -> the paragraphs using it."""

    def __init__(self, passages: Iterable[Passage]) -> None:
        where: dict[str, set[str]] = {}
        for p in passages:
            if p.kind != "table_row":
                for t in {stem(t) for t in tokenize(p.text)}:
                    where.setdefault(t, set()).add(p.id)
        self.where = {t: frozenset(ids) for t, ids in where.items()}

    def association(self, word: str, tokens: Iterable[str]) -> float:
        """How surely the review speaks of `word` where it uses one of `tokens` (stems):
        1 for the word itself, else the best share of the paragraphs using a token (one
        used in two or more) that also use the word."""
        word = stem(word)
        tokens = set(tokens)
        if word in tokens:
            return 1.0
        have = self.where.get(word, frozenset())
        if not have:
            return 0.0
        return max((len(have & self.where[t]) / len(self.where[t]) for t in tokens
                    if len(self.where.get(t, ())) >= 2), default=0.0)
