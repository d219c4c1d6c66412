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

from index.inflection import base_forms as stems  # (the name callers know)


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """GCIDE's words, lower case, letters only (about 114,000 headwords)."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["gcide"], alpha=True, lower=True))


def is_everyday(word: str) -> bool:
    """True when `word` (letters only) or one of its `stems` is a dictionary word."""
    if not word.isalpha():
        return False
    words = dictionary()
    return any(s in words for s in stems(word))


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """English function words ("ever", "even", "still", "whether"), scikit-learn's
    stop-word list: they are grammar, never a name typed short ("ever" is no clipped
    "everolimus")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit_words(word: str, min_length: int = 5) -> list[str]:
    """The dictionary words one edit from `word` (lower-case letters, not itself a
    dictionary word): "aproval" -> ["approval"]. A typed everyday word a letter off is
    a slip, not a name the review lacks. Short words are left alone: one edit from a
    four-letter string reaches too many words to tell which was meant."""
    if len(word) < min_length or not word.isalpha() or not word.islower() or is_everyday(word):
        return []
    words = dictionary()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    return sorted(e for e in edits if e in words and e != word)
