"""Everyday English words: does a dictionary list a question word (or its stem)?

A question word the review never uses stops the answer ("the review never mentions
atezolizumab") when it looks technical: a name shape, or many word pieces. But
researchers write everyday words the model's tokenizer also splits ("cripples",
"couriers", "mopping"), and those are paraphrases to match, not names the review lacks.
An everyday word is one the GCIDE dictionary lists, after its inflection is undone by
rule; drug, gene and trial names are not in it ("sorafenib", "pembrolizumab"). The word
list ships inside the english-words package: nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """GCIDE's words, lower case, letters only (about 114,000 headwords)."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["gcide"], alpha=True, lower=True))


def stems(word: str) -> list[str]:
    """`word` and the forms its inflection may come from: "cripples" -> "cripple",
    "mopping" -> "mop", "irradiating" -> "irradiate", "studies" -> "study"."""
    w = word.lower()
    out = [w]
    for suffix, endings in (("ies", ("y",)), ("es", ("", "e")), ("s", ("",)),
                            ("ied", ("y",)), ("ed", ("", "e")), ("ing", ("", "e")),
                            ("ly", ("",)), ("er", ("", "e")), ("ers", ("", "e"))):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)]
            out += [base + e for e in endings]
            if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                out.append(base[:-1])  # "mopping" -> "mop"
    return out


def is_everyday(word: str) -> bool:
    """True when `word` (letters only) or one of its `stems` is a dictionary word."""
    if not word.isalpha():
        return False
    words = dictionary()
    return any(s in words for s in stems(word))
