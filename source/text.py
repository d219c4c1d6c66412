"""Pure text helpers shared by the readers: citations, sentences, slugs, the word lexicon."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# [14]  [14,90]  [56-58]  [56–58]  [10,40,41]  [105, 107]
CITATION_RE = re.compile(r"\[(\d{1,4}(?:\s*[-–,]\s*\d{1,4})*)\]")


def parse_citation(body: str) -> list[int]:
    """Reference numbers of one bracket body: "56-58" -> [56, 57, 58]; "14,90" -> [14, 90]."""
    out: list[int] = []
    for part in body.split(","):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if hi < lo or hi - lo > 200:
                raise ValueError(f"bad citation range [{part}]")
            out.extend(range(lo, hi + 1))
        else:
            out.append(int(part))
    return out


def find_refs(text: str) -> tuple[int, ...]:
    """All reference numbers cited in `text`, in order of first appearance, no repeats."""
    seen: dict[int, None] = {}
    for m in CITATION_RE.finditer(text):
        for n in parse_citation(m.group(1)):
            seen.setdefault(n, None)
    return tuple(seen)


_ABBREV = (
    "al", "e.g", "i.e", "etc", "vs", "fig", "figs", "ref", "refs", "no", "dr", "approx",
    "ca", "cf", "resp", "sp", "spp", "st", "mr", "ms",
)
_ABBREV_RE = re.compile(r"(?:\b(?:" + "|".join(re.escape(a) for a in _ABBREV) + r"))\.$", re.I)
# A dotted initialism ("U.S.", "U.K.") ends no sentence: "the U.S. Food and Drug ..."
_INITIALISM_RE = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}$")
# A sentence ends at . ! or ? (optionally followed by a citation bracket or a closing
# quote/paren), then whitespace, then something that can start a sentence.
_END_RE = re.compile(r"[.!?](?:\[[^\]]*\])?[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9(])")


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences, keeping each sentence's exact characters.

    Joining the result with single spaces gives back `text` with its whitespace runs
    between sentences collapsed; each returned sentence is an exact substring of `text`.
    Does not split after "et al.", "e.g.", "Fig." and similar abbreviations, nor inside
    decimals.
    """
    sentences: list[str] = []
    start = 0
    for m in _END_RE.finditer(text):
        end = m.end()
        head = text[start:end]
        dot = m.start()
        if text[dot] == "." and (_ABBREV_RE.search(text[max(start, dot - 8) : dot + 1])
                                 or _INITIALISM_RE.search(text[max(start, dot - 12) : dot + 1])):
            continue
        sentence = head.strip()
        if sentence:
            sentences.append(sentence)
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `split_sentences(text)` in `text`, in order."""
    out: list[tuple[int, int]] = []
    pos = 0
    for sentence in split_sentences(text):
        start = text.index(sentence, pos)
        pos = start + len(sentence)
        out.append((start, pos))
    return out


def slugify(text: str, max_len: int = 60) -> str:
    """A lowercase ASCII slug for ids.

    "Exosomes induce autophagy" -> "exosomes-induce-autophagy".
    """
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "section"


_STRIP = "()[]{}.,;:!?\"'`’‘“”"


def words(text: str) -> list[str]:
    """Whitespace-separated tokens with surrounding punctuation stripped (empty ones dropped)."""
    out = []
    for tok in text.split():
        tok = tok.strip(_STRIP)
        if tok:
            out.append(tok)
    return out


class Lexicon(frozenset[str]):
    """Lower-cased words of running text, with the spellings the text used for each.

    A set of lower-cased words (so `"acids" in lexicon` still works) that also knows
    `forms["acids"] == {"acids"}`: a table splitter can tell "acids" (a word of the
    text) from "acidS" (a word plus the first letter of the next cell).
    """

    forms: dict[str, frozenset[str]]
    pairs: frozenset[str]  # two words the text writes one after the other: "hypoxic pscs"

    def __new__(cls, forms: dict[str, set[str]] | None = None,
                pairs: frozenset[str] = frozenset()) -> Lexicon:
        forms = forms or {}
        obj = super().__new__(cls, forms)
        obj.forms = {low: frozenset(spellings) for low, spellings in forms.items()}
        obj.pairs = pairs
        return obj

    def __reduce__(self) -> tuple[type[Lexicon], tuple[dict[str, set[str]], frozenset[str]]]:
        return (Lexicon, ({k: set(v) for k, v in self.forms.items()}, self.pairs))


def build_lexicon(texts: Iterable[str], min_len: int = 2) -> Lexicon:
    """Lower-cased words of running text, for telling glued table cells apart.

    Also adds the parts of slash-joined tokens ("PTEN/AKT" -> "pten", "akt"), and the
    singular of a plural ("fibroblasts" also vouches for "fibroblast"); and keeps the
    pairs of words the text writes one after the other ("hypoxic pscs").
    """
    forms: dict[str, set[str]] = {}
    pairs: set[str] = set()
    for text in texts:
        found = words(text)
        pairs.update(f"{a} {b}".lower() for a, b in zip(found, found[1:], strict=False))
        for w in found:
            for part in [w, *w.split("/")]:
                part = part.strip(_STRIP)
                if len(part) >= min_len:
                    low = part.lower()
                    forms.setdefault(low, set()).add(part)
                    if len(low) >= 5 and low.endswith("s") and not low.endswith("ss"):
                        forms.setdefault(low[:-1], set()).add(part[:-1])
    return Lexicon(forms, frozenset(pairs))


def normalize_space(text: str) -> str:
    """Collapse whitespace runs to one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()
