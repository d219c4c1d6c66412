"""Word inflection, in one place: every way the project relates the forms of a word.

- `plural_stem`: the lexical index's light plural stemmer ("exosomes" -> "exosome"),
  applied to every BM25 token.
- `family_key`: a key the forms of one word share for sentence matching ("degraded",
  "degradation" -> "~degrad").
- `check_key`: the looser key the LLM answer check compares words by ("inhibited",
  "inhibits" -> "inhibit").
- `base_forms`: the dictionary forms an inflected word may come from ("studies" ->
  "study"), for the everyday-word check.
- `inflected_forms`: the forms an everyday word takes ("carry" -> "carrying",
  "carried"), for a question word the review uses only inflected.
- `same_family`: the words of a sorted vocabulary that are another form of a word
  (all but its last 3 letters, and at least 6, in common: "ubiquitinated" ~
  "ubiquitination").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence


def plural_stem(token: str) -> str:
    """A light plural stemmer (Harman's S-stemmer) for ASCII words of 4+ letters."""
    if len(token) < 4 or not (token.isascii() and token.isalpha()):
        return token
    if token.endswith("ies") and not token.endswith(("eies", "aies")):
        return token[:-3] + "y"
    if token.endswith("es") and not token.endswith(("aes", "ees", "oes")):
        return token[:-1]
    if token.endswith("s") and not token.endswith(("us", "ss", "is")):
        return token[:-1]
    return token


_FAMILY_SUFFIX_RE = re.compile(
    r"(?:ational|ation|ations|ing|ings|ed|es|ment|ments|ness|ivity|ity|ive)$")


def family_key(token: str) -> str | None:
    """A key shared by the forms of one word: "~" + the first 6 letters of the word
    without its inflection ("degraded", "degradation" -> "~degrad"; "knocked",
    "knocking" -> "~knock"; "ubiquitinated" ~ "ubiquitination")."""
    if len(token) < 5 or not token.isalpha():
        return None
    base = _FAMILY_SUFFIX_RE.sub("", token) if len(token) > 6 else token
    if len(base) < 5:
        base = token
    return "~" + base[:6]


_CHECK_SUFFIX_RE = re.compile(
    r"(?:ational|ations|ation|ings|ing|edly|ed|es|ment|ments|ness|ity|ive|ly)$")


def check_key(token: str) -> str:
    """One key for the forms of a BM25 token ("inhibited", "inhibit" -> "inhibit"), up to 8
    letters: the LLM answer check's comparison of a sentence with its passage."""
    if len(token) > 6 and token.isalpha():
        base = _CHECK_SUFFIX_RE.sub("", token)
        if len(base) >= 5:
            return base[:8]
    return token[:8] if token.isalpha() and len(token) > 8 else token


def inflected_forms(word: str) -> list[str]:
    """The inflected forms of a base word, as BM25 tokens: "carry" ->
    "carrying", "carried", "carrier"; "mop" -> "mopping"; "relate" -> "relating"."""
    w = word.lower()
    if len(w) < 3 or not w.isalpha():
        return []
    stems = [w]
    if w.endswith("y") and w[-2:-1] not in "aeiou":
        stems.append(w[:-1] + "i")  # carry -> carri-ed, carri-er
    if w.endswith("e"):
        stems.append(w[:-1])  # relate -> relat-ing
    if len(w) <= 4 and w[-1] not in "aeiouwxy" and w[-2:-1] in "aeiou":
        stems.append(w + w[-1])  # mop -> mopp-ing
    out = [w + "ing"] if w.endswith("y") else []
    for stem in stems:
        out += [stem + suffix for suffix in ("ing", "ed")]
    # ... and the one who does it: "carry" -> "carrier(s)", "deliver" is not touched
    out += [stems[-1] + suffix for suffix in ("er", "ers") if not w.endswith(("er", "or"))]
    return [f for f in dict.fromkeys(out) if f != w]


def base_forms(word: str) -> list[str]:
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


def same_family(term: str, vocabulary: Sequence[str]) -> Iterator[str]:
    """The words of a sorted `vocabulary` sharing all of `term` but its last 3 letters
    (and at least 6): the candidates for another form of it. None for a term under 7
    letters or with other than letters."""
    if len(term) < 7 or not term.isalpha():
        return
    # An adverb is cut back to its adjective first: "mechanistically" -> "mechanistic",
    # whose family is "mechanism"; three letters off the adverb would not reach it.
    base = re.sub(r"(?<=..[^aeiou])(?:al)?ly$", "", term) if len(term) >= 10 else term
    stem_ = base[: max(6, len(base) - 3)]
    i = bisect.bisect_left(vocabulary, stem_)
    while i < len(vocabulary) and vocabulary[i].startswith(stem_):
        yield vocabulary[i]
        i += 1
