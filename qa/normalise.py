"""The normalise stage: a question's words matched to the review's own vocabulary.

People type "regorafinib", "doxorubicine", "chemoresistence", "pembro", "circpak1",
"5fu". Before anything else reads the question, each word the review does not use is
matched to the review word it most likely means, by character similarity (a
Damerau-Levenshtein distance that grows with the word's length), by prefix (a clipped
name), by case, and with hyphens and spaces ignored ("5fu" -> "5-FU", "circ pak1" ->
"circPAK1"). What was read is returned with the corrected text, so the user sees it
("Read as: regorafenib").

A word is left alone when the review uses it, or when a dictionary lists it (an
everyday word is a paraphrase to match, not a typo). Digits are never changed: "miR-99"
is not "miR-93". The vocabulary comes from the passages, so this works for any review.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from index.inflection import family_key, same_family
from index.lexical import STOPWORDS, WORD_RE
from qa.english import function_words
from qa.terms import QUESTION_WORDS, content_terms
from qa.vocabulary import DRUG_RE, read_pairs

ABBREVIATIONS_FILE = Path(__file__).with_name("data") / "abbreviations.tsv"
_DIGITS_RE = re.compile(r"\d+")
# Endings that make another form of one word ("ubiquitinated", "ubiquitination").
_SUFFIXES = frozenset("""s es d ed e ing ion ions ation ations ly al ally ity ive ively ment
    ments er ers or ors ize ise ized ised izing ising izes ises ive ives ant ants ance ances
    ancy""".split()) | {""}  # (not -ent, -ence: "resistent" is a typo of "resistant")


@dataclass(frozen=True)
class Reading:
    """One question word read as a review word: `how` is spelling, prefix, join, case
    or form (singular for plural: "ICI" where the review writes "ICIs")."""

    typed: str
    read_as: str
    how: str


@dataclass(frozen=True)
class Normalised:
    """A question with its words matched to the review's; `readings` lists the changes
    a user should be told of (case alone is not told)."""

    text: str
    readings: tuple[Reading, ...] = ()

    @property
    def shown(self) -> str:
        """"regorafinib -> regorafenib; pembro -> pembrolizumab", or ""."""
        return "; ".join(f"{r.typed} → {r.read_as}" for r in self.readings)


def max_edits(length: int) -> int:
    """Edits allowed for a word of `length` letters: none below 5, one up to 7, two up
    to 11, three beyond (a long drug name carries more typos)."""
    if length < 5:
        return 0
    if length < 8:
        return 1
    return 2 if length < 12 else 3


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap neighbours),
    or `limit + 1` as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _squash(word: str) -> str:
    """A word without case, hyphens, slashes or spaces: "5-FU" and "5fu" meet."""
    return re.sub(r"[-/\s+]", "", word.lower())


class Speller:
    """The review's vocabulary, and the reading of a question's words against it."""

    def __init__(self, texts: Iterable[str], is_everyday: Callable[[str], bool],
                 min_prefix: int = 4,
                 slips: Callable[[str], list[str]] = lambda word: [],
                 abbreviations: Mapping[str, str] | None = None) -> None:
        counts: Counter[str] = Counter()
        texts = list(texts)
        for text in texts:
            for m in WORD_RE.finditer(text):
                word = m.group().rstrip("+")
                counts[word] += 1
                # the parts of a joined word are words too: "siRNA" of "siRNA-loaded"
                parts = [p for p in re.split(r"[-/]", word) if len(p) >= 2]
                if len(parts) > 1:
                    counts.update(parts)
        self.counts = counts
        self.is_everyday = is_everyday
        self.min_prefix = min_prefix
        self.slips = slips  # the everyday words one edit from a typed word
        # lower case -> the review's most frequent spelling of it
        forms: dict[str, Counter[str]] = {}
        for w, n in counts.items():
            forms.setdefault(w.lower(), Counter())[w] += n
        # (the lower-case form when the review writes one: "Exosomal" heads a column)
        self.surface: dict[str, str] = {
            low: low if low in f or all(w[1:] == w[1:].lower() for w in f)
            else f.most_common(1)[0][0] for low, f in forms.items()}
        self.freq: dict[str, int] = {low: sum(f.values()) for low, f in forms.items()}
        self.squashed: dict[str, str] = {}
        for low in sorted(self.surface, key=lambda w: -self.freq[w]):
            self.squashed.setdefault(_squash(low), low)
        self._by_length: dict[int, list[str]] = {}
        for low in self.surface:
            if low.isascii() and len(low) >= 4:
                self._by_length.setdefault(len(low), []).append(low)
        self._sorted = sorted(self.surface)
        self._cache: dict[str, Reading | None] = {}
        self.long_forms = written_long_forms(
            ABBREVIATIONS if abbreviations is None else abbreviations, " ".join(texts),
            lambda short: self.knows(short) or self._ends_a_name(short))

    def knows(self, low: str) -> bool:
        """The review uses the word (lower case), or its singular or plural."""
        return (low in self.surface or low + "s" in self.surface
                or (low.endswith("s") and low[:-1] in self.surface)
                or _squash(low) in self.squashed)

    def _ends_a_name(self, short: str) -> bool:
        """The review writes `short` as the end of a longer abbreviation ("MSC" of
        "BMMSCs", "AMSCs"): it uses it, though never alone."""
        return any(w.endswith((short, short + "s")) and len(w) > len(short) + 1
                   and re.search(r"[A-Z]{2}", self.surface[w]) for w in self.surface)

    # -- one word ------------------------------------------------------------------
    def read(self, word: str) -> Reading | None:
        """The review word `word` stands for, when it is not the review's own spelling."""
        hit = self._cache.get(word)
        if hit is not None or word in self._cache:
            return hit
        out = self._read(word)
        if len(self._cache) > 20_000:
            self._cache.clear()
        self._cache[word] = out
        return out

    def _read(self, word: str) -> Reading | None:
        low = word.lower()
        if low in STOPWORDS or low in QUESTION_WORDS or len(low) < 2:
            return None
        if low in self.surface:
            return self._case(word, self.surface[low])
        squashed = self.squashed.get(_squash(low))
        if squashed is not None:  # "5fu" -> "5-FU", "pdl1" -> "PD-L1"
            return Reading(word, self.surface[squashed], "join")
        named = bool(re.search(r"[A-Z]{2}|\d", word))
        long = self.long_forms.get(low)
        if long is not None and (named or not self.is_everyday(low)):
            return Reading(word, long, "abbreviation")  # ("AUC": "area under the curve")
        if named or (word.islower() and not self.is_everyday(low)):
            # a name in the other number: "ICI" -> "ICIs"; typed in lower case, when the
            # review's form is an abbreviation ("caf" -> "CAFs")
            for form in (low + "s", low[:-1] if low.endswith("s") else ""):
                if form in self.surface and self.surface[form] != word and (
                        named or re.search(r"[A-Z]{2}", self.surface[form])):
                    if not named and form == low + "s" and low.endswith("rna"):
                        # (an RNA class typed in lower case keeps the number typed: "the
                        # microrna" is one microRNA, not "the microRNAs"; "ici" is the
                        # review's "ICIs", the name it knows)
                        return Reading(word, self.surface[form][:-1], "case")
                    return Reading(word, self.surface[form], "form")
        if self.knows(low):
            return None
        if self._inflects(low):
            # another form of a review word, unless it is that word a letter off whose
            # plural the review writes ("exosoms": "exosomes", not a form of its own)
            # ("affects" is a word of its own, a form of the review's "affected", not
            # "effects" a letter off)
            close = self._closest(low) if low.endswith("s") and not (
                low.isalpha() and self.is_everyday(low)) else None
            return Reading(word, self.surface[close], "spelling") if close is not None \
                and close.endswith("s") and edit_distance(low, close, 1) == 1 else None
        if low in _CONTRACTIONS:  # "arent": chat drops the apostrophe of "aren't"
            return Reading(word, _CONTRACTIONS[low], "shorthand")
        short = _SHORTHAND.get(low)
        if short is not None and self.knows(short):  # ("refs", "pts": chat shorthand)
            return Reading(word, short, "shorthand")
        if short is not None:
            return None  # (shorthand for a word the review lacks: "stat" is no "status")
        everyday = low.isalpha() and self.is_everyday(low)
        if low.isalpha() and len(low) >= self.min_prefix and low not in function_words():
            whole = self._prefix_of(low)
            # A dictionary word clips a name only when the name is twice its length and
            # no dictionary word itself ("sora" -> sorafenib; "resist" is a word of its
            # own, and "never" is no clipped "nevertheless").
            if whole is not None and (not everyday or (
                    len(whole) >= 2 * len(low) and not self.is_everyday(whole))):
                return Reading(word, self.surface[whole], "prefix")
        if len(low) == 3 and low.isalpha() and word.islower() and not everyday \
                and low not in function_words():
            # three letters clip a drug's name in chat ("bev", "abi"): the one drug of
            # the review they begin
            whole = self._prefix_of(low)
            if whole is not None and DRUG_RE.fullmatch(whole):
                return Reading(word, self.surface[whole], "prefix")
        if everyday or _compound_of_words(low, self.knows, self.is_everyday):
            return None
        close = self._closest(low)
        if close is None and 6 <= len(low) < 8:
            # (a name typed with one slip more than its length allows, its first four
            # letters kept: "HOTARE" -> HOTAIR, when no other review word is as near)
            close = self._closest(low, slack=1)
        if close is not None:
            return Reading(word, self.surface[close], "spelling")
        return self._everyday_slip(word)

    def _everyday_slip(self, word: str) -> Reading | None:
        """An everyday word typed a letter off ("aproval" -> "approval"), read as the
        one dictionary word near it that the review uses (in some form). A slip near
        no review word is left as typed: "oldest" is no "eldest"."""
        slips = self.slips(word) if word.islower() else []
        used = [w for w in slips if self.knows(w) or self._inflects(w)]
        return Reading(word, used[0], "spelling") if len(used) == 1 else None

    def _case(self, word: str, review: str) -> Reading | None:
        """"circpak1" -> "circPAK1": the review's capitals restore a name's shape."""
        if word == review or word.lower() != review.lower() or word != word.lower():
            return None
        if not re.search(r"[A-Z]{2}|\d|.[A-Z]", review) or self.is_everyday(word):
            return None
        return Reading(word, review, "case")

    def _inflects(self, low: str) -> bool:
        """Another form of a review word: all but its last 3 letters, and at least 6,
        begin a review word ("ubiquitinated" ~ "ubiquitination")."""
        for w in same_family(low, self._sorted):
            n = len(os.path.commonprefix([low, w]))
            # (the tails are suffixes, one a real one: "doxorubicine" is a typo; the
            # shared letters may end inside one: "chemoresist-ant" ~ "chemoresist-ance")
            for back in range(3):
                a, b = low[n - back:], w[n - back:]
                if a != b and a in _SUFFIXES and b in _SUFFIXES and max(len(a), len(b)) >= 2:
                    return True
        return False

    def _prefix_of(self, low: str) -> str | None:
        """The one technical review word `low` clips ("pembro" -> "pembrolizumab"): the
        longer words starting with it, when one is the clear majority of their uses."""
        i = bisect.bisect_left(self._sorted, low)
        found: list[str] = []
        while i < len(self._sorted) and self._sorted[i].startswith(low):
            w = self._sorted[i]
            if len(w) >= len(low) + 2 and w.isalpha():
                found.append(w)
            i += 1
        if not found:
            return None
        # Forms of one word count together ("sorafenib", "sorafenib-resistant" are
        # not alpha; "exosome", "exosomes" are): group by the shortest form they extend.
        found.sort(key=len)
        roots: dict[str, int] = {}
        for w in found:
            # ("exosomal" is a form of "exosome" too: one family)
            root = next((r for r in roots if w.startswith(r) or (
                family_key(w) is not None and family_key(w) == family_key(r))), w)
            roots[root] = roots.get(root, 0) + self.freq[w]
        best, n = max(roots.items(), key=lambda kv: kv[1])
        return best if n >= 0.75 * sum(roots.values()) else None

    def _closest(self, low: str, slack: int = 0) -> str | None:
        """The review word fewest edits away within `max_edits` (plus `slack`, for words
        sharing their first four letters), digits kept; ties go to the more frequent
        word, and a tie of two unrelated words reads nothing."""
        limit = max_edits(sum(c.isalpha() for c in low))
        if slack and limit:
            limit += slack
        digits = _digits(low)
        if limit == 0:
            return self._digits_swapped(low, digits)
        head = re.split(r"[-/]", low)[0]
        letters = set(low)
        best: list[tuple[int, int, str]] = []
        for n in range(len(low) - limit, len(low) + limit + 1):
            for w in self._by_length.get(n, ()):
                # (each edit changes the set of letters by at most two: a cheap filter)
                if len(letters ^ set(w)) > 2 * limit or _digits(w) != digits:
                    continue
                if head != low and re.split(r"[-/]", w)[0] != head:
                    continue  # a compound keeps its head: "B-cell" is not "T-cell"
                if slack and (w[:4] != low[:4] or abs(len(w) - len(low)) > 1):
                    continue
                d = edit_distance(low, w, limit)
                # (a typo keeps a word's first letter, but for one slip: "untreated" is
                # no "treated", nor "immunotherapy" "monotherapy")
                if d <= limit and (d == 1 or w[0] == low[0]):
                    best.append((d, -self.freq[w], w))
        if not best:
            return None
        best.sort()
        d0, _, w0 = best[0]
        rivals = [w for d, _, w in best[1:] if d == d0 and not _same_word(w, w0)]
        return None if rivals else w0

    def _digits_swapped(self, low: str, digits: str) -> str | None:
        """A short name whose number of three digits or more has two neighbouring digits
        typed swapped ("miR-1274-3p" for miR-1247-3p): the one review word so read."""
        if len(digits) < 3:
            return None  # ("miR-12" is never read as miR-21)
        # (hyphens aside: "GW-4689" for GW4869)
        flat = _squash(low)
        letters = re.sub(r"\d", "", flat)
        found = {w for s, w in self.squashed.items()
                 if len(s) == len(flat) and s != flat and _digits(s) == digits
                 and re.sub(r"\d", "", s) == letters and edit_distance(flat, s, 1) == 1}
        return found.pop() if len(found) == 1 else None

    # -- a question ----------------------------------------------------------------
    def normalise(self, question: str) -> Normalised:
        """The question with each word read as the review's; two words the review writes
        as one ("circ pak1") joined."""
        readings: list[Reading] = []
        out: list[str] = []
        last = 0
        # ("atezolizumab+bevacizumab": two names joined by a plus, not a marker's "CD8+")
        question = _PLUS_JOINED_RE.sub(" + ", question)
        # ("what are they in plain words?": how to answer, not what about; "what is it
        # exactly?": a filler adverb, no word of what is asked)
        plain = _FILLER_RE.sub("", _ANSWER_STYLE_RE.sub("", question))
        question = re.sub(r"\s+([?.!,])", r"\1", plain).strip(" ,;:-") \
            if re.search(r"\w", plain) else question
        question = _without_source(question)
        question = self._ranges(question)
        matches = list(WORD_RE.finditer(question))
        skip = -1
        for i, m in enumerate(matches):
            if i == skip:
                continue
            word = m.group().rstrip("+")
            reading = None
            if i + 1 < len(matches) and question[m.end():matches[i + 1].start()] == " ":
                reading = self._join(word, matches[i + 1].group())
                if reading is not None:
                    skip = i + 1
                    out.append(question[last:m.start()] + reading.read_as)
                    last = matches[i + 1].end()
                    readings.append(reading)
                    continue
            reading = self.read(word)
            if reading is None:
                continue
            out.append(question[last:m.start()] + reading.read_as)
            last = m.start() + len(word)
            if reading.how not in ("case", "form"):
                readings.append(reading)
        out.append(question[last:])
        return Normalised("".join(out), tuple(readings))

    def _ranges(self, question: str) -> str:
        """"75-85%" -> "75% to 85%": a range of two numbers (not years) that the review
        never writes joined, as the review writes its ranges, when it uses both numbers."""
        def read(m: re.Match[str]) -> str:
            a, pa, b, pb = m.group(1), m.group(2), m.group(3), m.group(4)
            if f"{a}-{b}" in self.counts or a not in self.counts or b not in self.counts:
                return m.group()
            unit = pb or pa
            return f"{a}{unit} to {b}{unit}"
        return _RANGE_RE.sub(read, question)

    def _join(self, a: str, b: str) -> Reading | None:
        """"circ pak1" -> circPAK1: two typed words that the review writes as one name,
        when neither alone is a review word."""
        if a.lower() in self.surface and b.lower() in self.surface:
            return None
        low = self.squashed.get(_squash(a + b))
        if low is None or not re.search(r"\d|[A-Z]", self.surface[low]):
            return None
        return Reading(f"{a} {b}", self.surface[low], "join")


# Two numbers joined by a dash: "75-85%", "10–20" (no years: four digits stay a range)
_RANGE_RE = re.compile(r"(?<![\w.-])(\d{1,3}(?:\.\d+)?)(%?)\s*[-–]\s*(\d{1,3}(?:\.\d+)?)(%?)"
                       r"(?![\w.-])")
# Shorthand of chat and clinical notes for everyday words (read only when the review
# uses the full word and not the short one)
_SHORTHAND = {"refs": "references", "pts": "patients", "pt": "patient",
              "tx": "treatment", "dx": "diagnosis", "mets": "metastasis",
              "approx": "approximately", "diff": "difference", "info": "information",
              "stat": "statistic", "stats": "statistics",
              # ordinals in figures and "gen": "1st/2nd gen TKIs"
              "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth",
              "gen": "generation", "gens": "generations",
              # (the field's own clip, too short to be read as a prefix: "exo cargo")
              "exo": "exosome"}
_CONTRACTIONS = {
    c.replace("'", ""): c for c in (
        "aren't", "isn't", "wasn't", "weren't", "don't", "doesn't", "didn't", "can't",
        "couldn't", "won't", "wouldn't", "shouldn't", "hasn't", "haven't", "hadn't")}
# Adverbs of talk that ask nothing: "what is ABCG2 exactly?"
# ("is it actually shown?" keeps its adverb: how sure the review is, asked)
_FILLER_RE = re.compile(r",?\s*\b(?:exactly|basically|anyway|precisely)\b(?!-)", re.I)
# The review named as the source of what is asked: "what are exosomes per this review",
# "according to the paper, ...". It says where to look, which every question does.
_SOURCE_END_RE = re.compile(
    r",?\s*\b(?:according\s+to|per|in|from|based\s+on|as\s+described\s+in)\s+"
    r"(?:this|the)\s+(?:review|article|paper)(?=\s*[?.!]*\s*$)", re.I)
_SOURCE_START_RE = re.compile(
    r"^\s*(?:according\s+to|per|in|from|based\s+on)\s+(?:this|the)\s+(?:review|article|paper)"
    r"\s*,\s*", re.I)


def load_abbreviations(path: Path = ABBREVIATIONS_FILE) -> dict[str, str]:
    """Common biomedical abbreviations (qa/data/abbreviations.tsv): lower-case
    abbreviation -> long form."""
    return read_pairs(path, "abbreviation<TAB>long form")


ABBREVIATIONS = load_abbreviations()


def written_long_forms(abbreviations: Mapping[str, str], text: str,
                       knows: Callable[[str], bool]) -> dict[str, str]:
    """Of `abbreviations`, those a review never uses but whose long form it writes, each
    with the long form as the review writes it ("auc" -> "area under the curve"); hyphens
    and spaces alike, a plural too."""
    out: dict[str, str] = {}
    for short, long in abbreviations.items():
        if knows(short):
            continue
        pattern = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", long))
        m = re.search(rf"(?<![\w-])({pattern})s?(?![\w-])", text, re.I)
        if m is not None:  # (lower case where a sentence's start capitalised it)
            said = m.group(1)
            out[short] = said[0].lower() + said[1:] if said[1:] == said[1:].lower() else said
    return out


def _compound_of_words(low: str, knows: Callable[[str], bool],
                       is_everyday: Callable[[str], bool]) -> bool:
    """A hyphenated word whose parts are each a word of the review or of English
    ("exosome-driven"): a compound of its own, no misspelling of another
    ("exosome-derived")."""
    parts = low.split("-")
    return len(parts) > 1 and all(
        len(p) >= 3 and p.isalpha() and (knows(p) or is_everyday(p)) for p in parts)


def _without_source(question: str) -> str:
    """The question less a phrase naming the review as its source, when what is left
    still names a subject ("what is discussed in this review" keeps it)."""
    plain = _SOURCE_START_RE.sub("", _SOURCE_END_RE.sub("", question))
    if plain == question or not content_terms(plain):
        return question
    return plain[:1].upper() + plain[1:] if question[:1].isupper() else plain


# Words asking how to answer, not what: "in plain words", "in layman's terms", "simply put"
_ANSWER_STYLE_RE = re.compile(
    r",?\s*\b(?:in\s+)?(?:plain|simple|layman'?s?|lay|everyday|non-?technical|easy)\s+"
    r"(?:words|english|terms|language)\b|,?\s*\bsimply\s+put\b|,?\s*\bexplain(?:ed)?\s+"
    r"like\s+i'?m\s+(?:five|5|a\s+child|a\s+kid)\b|,?\s*\beli5\b", re.I)
# A plus between two words of letters: "atezo+bev", "sorafenib+ICI"
_PLUS_JOINED_RE = re.compile(r"(?<=[^\W\d_]{2})\+(?=[^\W\d_]{2})")


def _digits(word: str) -> str:
    """A word's digits, sorted: a name's number is kept, though two neighbouring digits
    may be typed swapped ("circTMEM118" for circTMEM181; "miR-99" is never "miR-93")."""
    return "".join(sorted("".join(_DIGITS_RE.findall(word))))


def _same_word(a: str, b: str) -> bool:
    """Two forms of one word ("exosome", "exosomes"): one is the other plus up to 2."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) <= 2

