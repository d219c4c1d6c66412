"""Reading the model's reply: its sentences, the passage markers after each, and the
abstention phrase."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.prompts import ABSTAIN_TEXT
from source.text import split_sentences

# Words of prose with their contractions ("doesn't" whole, for negations), unlike the
# index's tokens (index.lexical.WORD_RE keeps hyphenated names whole and splits "n't").
PROSE_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
# [1]  [1, 3]  [1-2]  [Passage 2]  (the markers the prompt asks for, and near misses)
_MARKER_RE = re.compile(
    r"\[\s*(?:passages?\s*)?(\d{1,3}(?:\s*[,;–-]\s*(?:passages?\s*)?\d{1,3})*)\s*\]", re.I)
_AFTER_MARKER_RE = re.compile(r"(?<=\])\s+(?=[A-Z][a-z])")
_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_LEAD_RE = re.compile(r"^\s*(?:final\s+)?answer\s*:\s*", re.I)


@dataclass(frozen=True)
class ReplySentence:
    """One sentence of the model's reply: its text without markers, the passage numbers
    it cites that were given (1-based), and the marker numbers that were not."""

    text: str
    cited: tuple[int, ...]
    unknown: tuple[int, ...] = ()


def marker_numbers(body: str) -> list[int]:
    """Numbers of one marker body: "1, 3" -> [1, 3]; "2-4" -> [2, 3, 4] (short ranges only)."""
    out: list[int] = []
    for part in re.split(r"[,;]", body):
        nums = [int(x) for x in re.findall(r"\d+", part)]
        if len(nums) == 2 and re.search(r"[–-]", part) and 0 <= nums[1] - nums[0] <= 5:
            out.extend(range(nums[0], nums[1] + 1))
        else:
            out.extend(nums)
    return out


def split_reply(text: str) -> list[str]:
    """The reply's sentences, each with the markers that follow it ("A. [1] B [2]." ->
    ["A. [1]", "B [2]."]); bullets and an "Answer:" lead are dropped."""
    out: list[str] = []
    for line in text.replace("**", "").splitlines():
        line = _BULLET_RE.sub("", _LEAD_RE.sub("", line)).strip()
        if not line:
            continue
        # A marker followed by a capital ends a sentence even without a full stop
        # ("A is B [1] C is D [2]"); inside a sentence markers are followed by lowercase.
        pieces = [p for s in split_sentences(line) for p in _AFTER_MARKER_RE.split(s)]
        for sentence in pieces:
            sentence = sentence.strip()
            # A marker the splitter put at the head of the next sentence belongs to the
            # sentence before it ("... resistance. [2] Next ...").
            m = re.match(r"^(?:" + _MARKER_RE.pattern + r"\s*)+", sentence, re.I)
            if m and out:
                out[-1] = out[-1] + " " + m.group(0).strip()
                sentence = sentence[m.end():].strip()
            if sentence:
                out.append(sentence)
    return out


def parse_sentence(sentence: str, n_passages: int) -> ReplySentence:
    """Markers read and removed; numbers outside 1..n_passages are `unknown`."""
    cited: list[int] = []
    unknown: list[int] = []
    for m in _MARKER_RE.finditer(sentence):
        for n in marker_numbers(m.group(1)):
            target = cited if 1 <= n <= n_passages else unknown
            if n not in target:
                target.append(n)
    text = _MARKER_RE.sub("", sentence)
    text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", text)).strip()
    return ReplySentence(text=text, cited=tuple(cited), unknown=tuple(unknown))


def _norm(text: str) -> str:
    return " ".join(PROSE_WORD_RE.findall(text.lower()))


def is_abstention(sentence: str) -> bool:
    """True when a sentence is (or says) the abstention phrase."""
    return _norm(ABSTAIN_TEXT) in _norm(sentence)
