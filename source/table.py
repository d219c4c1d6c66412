"""Splitting flattened table rows back into cells, by weighing the evidence for each cut.

A page dump prints a table row with its cells run together ("HCC cellscircPAK1Drive
resistance to lenvatinibCircPAK1 competitively binds ...In vitro and in vivo2022[18]").
The splitter recovers the cells with general evidence only, never a list of this
table's rows or words:

- the tail: a column named like "References" is a bracketed citation, one named like
  "Year" a four-digit year;
- candidate cuts inside whitespace-free tokens, each scored (`SplitWeights`): a case
  change ("resistanceInhibit", "SORESorafenib", "anti-PD-1Suppresses"), a bracket
  glued to a letter ("(pks+)colibactin"), lower-case glue ("cellscircUHRF1") only where
  a word of the running text ends or starts; a cut gains when a word the running text
  uses, spelled as it uses it, ends before it or starts after it, and loses when such a
  word spans it ("CircPAK1", "mTOR", "acids" but not "acidS");
- the cells: an unclosed bracket, an end on a comma or "and" ("AsPC-1," of "AsPC-1,
  Capan-2"), and, once the other rows are read, how a cell fits its column: a value
  other rows have there, their first words, their vocabulary, their length, their
  capitalised starts (a Functions-like column);
- the number of cells: a row one cell short carries one column down from the row
  above (cheap): the first, or another when the rows, read with the columns the rows
  printing every cell describe, are together clearly better read with that one left
  out where it repeats; any other empty cell costs more, and a row needing two is not
  split.

Every reading of a row (a set of cuts and a column for each piece) gets the sum of
its evidence; the best wins, and the row is flagged when the runner-up is close. Rows
are read twice: first alone, then with the columns of the other rows' confident
readings (a value seen in a column may also vouch for a cut at a space: "... mRNA
In vitro", though less between two words the running text writes together: "Hypoxic
PSCs").
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from source.text import CITATION_RE, find_refs, words

_YEAR_RE = re.compile(r"(1[89]\d\d|20\d\d)\s*$")
_REFS_RE = re.compile(r"\s*(" + CITATION_RE.pattern + r")\s*$")


def split_header(line: str) -> list[str]:
    """Split a flattened header at lower-to-upper case changes.

    "Contents classificationOrigin of exosomeYear" -> ["Contents classification",
    "Origin of exosome", "Year"]. A header printed with tabs or pipes is split on those.
    """
    if "\t" in line or "|" in line:
        return [c.strip() for c in re.split(r"[\t|]", line) if c.strip()]
    parts = re.split(r"(?<=[a-z)\]])(?=[A-Z])", line.strip())
    return [p.strip() for p in parts if p.strip()]


def column_role(name: str) -> str:
    """'refs', 'year' or 'text', from a column's name."""
    low = name.lower()
    if low.startswith("ref") or "citation" in low:
        return "refs"
    if low in {"year", "date", "year of publication", "publication year"}:
        return "year"
    return "text"


def split_tail(text: str, roles: Sequence[str]) -> tuple[str, list[str]] | None:
    """Peel the trailing refs/year columns off a row; None when they are not there.

    Returns the remaining head and the tail values in column order.
    """
    tail: list[str] = []
    head = text.rstrip()
    for role in reversed(roles):
        if role == "refs":
            m = _REFS_RE.search(head)
        elif role == "year":
            m = _YEAR_RE.search(head)
        else:
            break
        if not m:
            return None
        tail.insert(0, m.group(1) if role == "refs" else m.group(1))
        head = head[: m.start()].rstrip() if role == "refs" else head[: m.start()]
    return head, tail


@dataclass(frozen=True)
class SplitWeights:
    """How much each piece of evidence counts when reading a flattened row.

    Set by hand on three page dumps (the bundled review, tests/data/second-review.txt,
    tests/data/gut-microbiota), the later cues on the reviews that needed them; a cut's
    evidence and a cell's column fit are in the same units, so a reading's score is
    their sum. (`carry_margin`: of the eight page-dump tables, the one carrying its
    second column reads 8 points better so; the others read 7 to 29 points better with
    the first carried than with any other.)
    """

    case_change: float = 0.0  # lower then capital: "resistanceInhibit"
    acronym_end: float = -0.2  # capitals then a capitalised word: "SORESorafenib"
    digit_upper: float = -0.2  # a digit then a capital: "anti-PD-1Suppresses"
    bracket: float = 0.8  # a closing bracket glued to a letter: "(pks+)colibactin"
    punct: float = 0.3  # . , ; : glued to a letter: "spp.butyrate"
    lower_glue: float = -0.5  # two lower-case letters: only a word around it can cut
    acronym_glue: float = -0.5  # capitals then a lower-case letter: "HGSOClncRNA", by words
    caps_glue: float = -0.5  # two capitals, a word of the text either side: "AXLMRTX1133"
    stub: float = 1.5  # the cut leaves 1-2 letters that are no word: "downregulate|s"
    space: float = -1.5  # a space: only a value seen in the column vouches for it
    phrase: float = 1.0  # a space between two words the running text writes together
    word: float = 1.0  # a running-text word ends before / starts after the cut (6+ letters)
    inside_word: float = 2.5  # a running-text word, spelled as written, spans the cut
    unbalanced: float = 2.0  # a cell with a bracket it does not close (or open)
    dangling: float = 2.0  # a cell ending on a comma or "and" (or starting with one)
    uncut: float = 1.0  # times the evidence of each cut left inside a cell
    empty_cell: float = 2.5  # a column left empty, other than the carried first one
    carry: float = 0.0  # the carried column (mostly the first) left to the row above
    carry_margin: float = 5.0  # a column other than the first is carried when its rows
    #                            read alone are, summed, better by this
    seen_value: float = 1.5  # the cell is a value other rows have in the column
    first_word: float = 0.5  # its first word starts other rows' cells in the column
    overlap: float = 1.0  # times the share of its words the column's other cells use
    shape: float = 1.0  # times the share of the column's cells cased like it ("Genus species")
    letters: float = 1.0  # times the share of its letter triples the column's cells have
    length: float = 0.5  # times |log| of its length over the column's usual length
    capital: float = 1.0  # its start's case is one the column's other cells never use
    rounds: int = 3  # readings with the columns' profiles, each from the last's confident rows
    inner_value: float = 0.0  # inside a token, where a one-word value of capitals starts/ends
    close: float = 0.5  # flag a row whose best two readings are within this
    floor: float = -1.0  # a candidate cut scoring below this is not considered
    max_cuts: int = 48  # at most this many candidate cuts per row, the best scoring
    max_empty: int = 1  # empty cells a reading may have besides the carried one


WEIGHTS = SplitWeights()


_LATIN_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


def _weight(length: int) -> float:
    """How much a word of this length vouches: 0.1 for 2 letters, 0.25 for 3, 1 from 6."""
    if length < 2:
        return 0.0
    return 0.1 if length == 2 else min(1.0, (length - 2) / 4)


class Vocabulary:
    """The running text's words, matched as the text spells them.

    With a `Lexicon` (from `build_lexicon`) "acids" matches "acids" and "Acids" but not
    "acidS"; a plain set of lower-cased words matches any case.
    """

    def __init__(self, lexicon: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.forms: dict[str, frozenset[str]] | None = getattr(lexicon, "forms", None)
        self._seen: dict[str, bool] = {}
        self._prefixes: set[str] | None = None

    def __contains__(self, fragment: object) -> bool:
        if not isinstance(fragment, str):
            return False
        got = self._seen.get(fragment)
        if got is None:
            got = self._seen[fragment] = self._is_word(fragment)
        return got

    def is_stem(self, frag: str) -> bool:
        """True when frag (6+ letters) begins a longer word of the text ("downregulat")."""
        if self._prefixes is None:
            spellings = (
                self.forms.values()
                if self.forms is not None
                else [frozenset([w]) for w in self.lexicon]
            )
            self._prefixes = set()
            for forms in spellings:
                for f in forms:
                    for g in {f, f[0].swapcase() + f[1:]}:
                        self._prefixes.update(g[:k] for k in range(6, len(g)))
        if self.forms is None:
            frag = frag.lower()
        return len(frag) >= 6 and frag in self._prefixes

    def _is_word(self, frag: str) -> bool:
        low = frag.lower()
        if low not in self.lexicon or frag.isdigit():
            return False
        if self.forms is None:
            return True
        spellings = self.forms.get(low, frozenset())
        return frag in spellings or any(frag == f[0].swapcase() + f[1:] for f in spellings)


def _kind(tok: str, i: int) -> str | None:
    """What joins tok[i-1] and tok[i], when a cell boundary could fall between them."""
    a, b = tok[i - 1], tok[i]
    if a in ")]" and b.isalnum():
        return "bracket"
    if a in ".,;:" and b.isalpha():
        return "punct"
    if a.isalpha() and a.islower() and b.isupper():
        return "case_change"
    if a.isupper() and b.isupper() and i + 1 < len(tok) and tok[i + 1] in _LATIN_LOWER:
        return "acronym_end"
    if a.isdigit() and b.isupper():
        return "digit_upper"
    if a.isupper() and b.isupper():
        return "caps_glue"  # ("AXLMRTX1133": two capitals' names, told apart by words)
    if (a.islower() or a.isdigit()) and b.isalpha() and b.islower():
        return "lower_glue"
    if a.isupper() and b.islower() and i >= 2 and (tok[i - 2].isupper() or tok[i - 2].isdigit()):
        # ("HGSOClncRNA", and a name ending in a digit and a capital: "circTBC1D22AcircRNAs")
        return "acronym_glue"
    return None


def _natural(tok: str) -> set[int]:
    """Positions of tok where a word can start or end: its ends, punctuation, case changes."""
    out = {0, len(tok)}
    for i in range(1, len(tok)):
        a, b = tok[i - 1], tok[i]
        if not (a.isalnum() and b.isalnum()) or a.isdigit() != b.isdigit():
            out.add(i)
        elif _kind(tok, i) in {"case_change", "acronym_end"}:
            out.add(i)
    return out


def _left_word(tok: str, i: int, nat: set[int], vocab: Vocabulary) -> int:
    """Length of the longest running-text word ending at i (from a natural start)."""
    for j in range(0, i - 1):
        if (j in nat or i - j >= 6) and tok[j:i] in vocab:
            return i - j
    return 0


def _right_word(tok: str, i: int, nat: set[int], vocab: Vocabulary) -> int:
    """Length of the longest running-text word starting at i (to a natural end)."""
    for k in range(len(tok), i + 1, -1):
        if (k in nat or k - i >= 6) and tok[i:k] in vocab:
            return k - i
    return 0


def _span_word(tok: str, i: int, nat: set[int], vocab: Vocabulary) -> int:
    """Length of the longest running-text word spanning position i.

    A word counts from a natural start to a natural end (any ends from 5 letters); the
    start of a longer word counts too ("downregulat" of "downregulating" in
    "downregulates"), from a natural start and 3 letters either side of i.
    """
    best = 0
    for j in range(0, i):
        for k in range(len(tok), max(i, j + 2), -1):
            if k - j <= best:
                break
            natural = (j in nat and k in nat) or k - j >= 5
            if natural and tok[j:k] in vocab:
                best = k - j
            elif j in nat and i - j >= 3 and k - i >= 3 and vocab.is_stem(tok[j:k]):
                best = k - j
    return best


def _stub(tok: str, i: int, nat: set[int], left: int, right: int, kind: str) -> bool:
    """True when the cut leaves 1-2 letters before the next natural boundary (or, for
    lower-case glue, after the previous one) that are no word of the text."""
    after = min(k for k in nat if k > i) - i
    before = i - max(j for j in nat if j < i)
    return (after < 3 and not right) or (kind == "lower_glue" and before < 3 and not left)


def token_cuts(tok: str, vocab: Vocabulary, w: SplitWeights = WEIGHTS) -> dict[int, float]:
    """Candidate cuts inside a whitespace-free token, each with its evidence score."""
    nat = _natural(tok)
    out: dict[int, float] = {}
    for i in range(1, len(tok)):
        kind = _kind(tok, i)
        if kind is None:
            continue
        left, right = _left_word(tok, i, nat, vocab), _right_word(tok, i, nat, vocab)
        if kind in {"lower_glue", "acronym_glue"} and max(left, right) < 3:
            continue
        if kind == "caps_glue" and min(left, right) < 3:
            continue
        score = getattr(w, kind) + w.word * (_weight(left) + _weight(right))
        score -= w.inside_word * _weight(_span_word(tok, i, nat, vocab))
        score -= w.stub * _stub(tok, i, nat, left, right, kind)
        out[i] = score
    return out


def row_cuts(text: str, vocab: Vocabulary, w: SplitWeights = WEIGHTS) -> dict[int, float]:
    """Candidate cuts of a row's text (positions in `text`) with their scores."""
    out: dict[int, float] = {}
    for m in re.finditer(r"\S+", text):
        for i, score in token_cuts(m.group(), vocab, w).items():
            out[m.start() + i] = score
    return out


def glue_cuts(tok: str, lexicon: frozenset[str]) -> list[int]:
    """Positions inside a whitespace-free token where the evidence favours a cut."""
    return sorted(i for i, s in token_cuts(tok, Vocabulary(lexicon)).items() if s > 0)


def cut_cells(text: str, lexicon: frozenset[str]) -> list[str]:
    """Split a row's text (tail removed) at every cut the evidence favours on its own."""
    cuts = sorted(i for i, s in row_cuts(text, Vocabulary(lexicon)).items() if s > 0)
    bounds = [0, *cuts, len(text)]
    pieces = (text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False))
    return [p for p in pieces if p]


def _shape(toks: Sequence[str]) -> tuple[str, ...]:
    """How the first three words are cased: "Ruminococcus gnavus" -> ("Aa", "a")."""
    out = []
    for tok in toks[:3]:
        letters = [c for c in tok if c.isalpha()]
        if not letters:
            out.append("9")
        elif all(c.islower() for c in letters):
            out.append("a")
        elif all(c.isupper() for c in letters):
            out.append("A")
        elif letters[0].isupper() and all(c.islower() for c in letters[1:]):
            out.append("Aa")
        else:
            out.append("aA")
    return (*out, "+" * (len(toks) > 3))


@dataclass(frozen=True)
class CellFeatures:
    """What a column compares about a cell: its words, their casing, letter triples."""

    words: tuple[str, ...]  # lower-cased
    shape: tuple[str, ...]
    triples: frozenset[str]  # three-letter runs of its words: what names of a kind share

    @staticmethod
    @functools.lru_cache(maxsize=8192)
    def of(text: str) -> CellFeatures:
        toks = words(text)
        low = tuple(t.lower() for t in toks)
        triples = frozenset(
            w[k : k + 3] for w in (f" {t} " for t in low) for k in range(len(w) - 2)
        )
        return CellFeatures(low, _shape(toks), triples)


@dataclass
class ColumnProfile:
    """What the other rows' cells in one column look like."""

    values: set[str] = field(default_factory=set)
    first: set[str] = field(default_factory=set)  # their first words, lower-cased
    words: set[str] = field(default_factory=set)
    lengths: list[int] = field(default_factory=list)
    capitals: int = 0  # how many start with a capital letter
    shapes: Counter[tuple[str, ...]] = field(default_factory=Counter)
    triples: set[str] = field(default_factory=set)

    def add(self, value: str) -> None:
        f = CellFeatures.of(value)
        if not f.words:
            return
        self.values.add(value)
        self.first.add(f.words[0])
        self.words.update(f.words)
        self.lengths.append(len(f.words))
        self.capitals += value[0].isupper()
        self.shapes[f.shape] += 1
        self.triples.update(f.triples)

    def fit(self, piece: str, w: SplitWeights) -> float:
        """How well a piece reads as a cell of this column (0 when too little is known)."""
        n = len(self.lengths)
        f = CellFeatures.of(piece)
        if n < 2 or not f.words:
            return 0.0
        score = w.seen_value * (piece in self.values)
        score += w.first_word * (f.words[0] in self.first)
        score += w.overlap * sum(t in self.words for t in f.words) / (len(f.words) + 1)
        score += w.shape * self.shapes[f.shape] / n
        score += w.letters * len(f.triples & self.triples) / max(1, len(f.triples))
        mean = sum(self.lengths) / n
        score -= w.length * abs(math.log((len(f.words) + 1) / (mean + 1)))
        if (piece[0].islower() and self.capitals == n) or (
            piece[0].isupper() and self.capitals == 0
        ):
            score -= w.capital
        return score


@dataclass(frozen=True)
class Reading:
    """One way to read a row: its text cells ("" for empty), score and empty cells."""

    cells: tuple[str, ...]
    score: float
    empties: int  # empty cells other than a carried column
    carried: bool


# A cell does not end on a comma or a joining word, nor start with one: "AsPC-1," of
# "AsPC-1, Capan-2" is no cell.
_DANGLING_RE = re.compile(r"(?:[,;]|\s(?:and|or|with))$|^(?:[,;]|(?:and|or)\s)")


def _balanced(piece: str) -> bool:
    return piece.count("(") == piece.count(")") and piece.count("[") == piece.count("]")


# A partial reading: its score and its path, (end position index, column) per cell.
_Entry = tuple[float, tuple[tuple[int, int], ...]]


class _RowReader:
    """Reads one row's text: every reading scored, the best two kept (a small DP)."""

    def __init__(
        self,
        text: str,
        cuts: dict[int, float],
        n: int,
        carry: int | None,
        profiles: Sequence[ColumnProfile] | None,
        w: SplitWeights,
    ) -> None:
        self.text, self.cuts, self.n, self.w = text, cuts, n, w
        self.carry, self.profiles = carry, profiles
        self.pos = [0, *sorted(cuts), len(text)]
        self._pieces: dict[tuple[int, int, int], float | None] = {}
        # Evidence for cutting, summed up to each candidate: what a cell leaves uncut.
        self._favoured = [0.0]
        for p in self.pos[1:-1]:
            self._favoured.append(self._favoured[-1] + max(0.0, cuts[p]))

    def piece_score(self, a: int, b: int, col: int) -> float | None:
        """Evidence of text[pos[a]:pos[b]] as the cell of column col (None: no cell)."""
        key = (a, b, col)
        if key not in self._pieces:
            self._pieces[key] = self._piece_score(a, b, col)
        return self._pieces[key]

    def _piece_score(self, a: int, b: int, col: int) -> float | None:
        piece = self.text[self.pos[a] : self.pos[b]].strip()
        if not any(c.isalnum() for c in piece):
            return None
        uncut = self._favoured[b - 1] - self._favoured[a]
        score = -self.w.uncut * uncut - self.w.unbalanced * (not _balanced(piece)) \
            - self.w.dangling * bool(_DANGLING_RE.search(piece))
        if self.profiles:
            score += self.profiles[col].fit(piece, self.w)
        return score

    def skip(self, first: int, stop: int, empties: int) -> tuple[float, int]:
        """Cost and new empty count of leaving columns first..stop-1 empty."""
        cost = 0.0
        for col in range(first, stop):
            if col == self.carry:
                cost += self.w.carry
            else:
                cost += self.w.empty_cell
                empties += 1
        return cost, empties

    def best(self, keep: int = 2) -> list[Reading]:
        """The `keep` best readings, best first."""
        last = len(self.pos) - 1
        # states[a][(column, empties)] -> best (score, path) of readings up to pos[a]
        states: list[dict[tuple[int, int], list[_Entry]]] = [{} for _ in self.pos]
        states[0][(-1, 0)] = [(0.0, ())]
        for a in range(last):
            for (col, empties), entries in states[a].items():
                self._extend(a, col, empties, entries, states, keep)
        ends = sorted(
            (e for entries in states[last].values() for e in entries), key=lambda e: -e[0]
        )[:keep]
        return [self._reading(score, path) for score, path in ends]

    def _extend(
        self,
        a: int,
        col: int,
        empties: int,
        entries: list[_Entry],
        states: list[dict[tuple[int, int], list[_Entry]]],
        keep: int,
    ) -> None:
        last = len(self.pos) - 1
        for col2 in range(col + 1, self.n):
            cost, empties2 = self.skip(col + 1, col2, empties)
            if empties2 > self.w.max_empty:
                break
            for b in range(a + 1, last + 1):
                gain = self.piece_score(a, b, col2)
                if gain is None:
                    continue
                key = (col2, empties2)
                add = gain - cost
                if b < last:
                    if col2 == self.n - 1:
                        continue
                    add += self.cuts[self.pos[b]]
                else:
                    more, empties3 = self.skip(col2 + 1, self.n, empties2)
                    if empties3 > self.w.max_empty:
                        continue
                    key, add = (self.n - 1, empties3), add - more
                slot = states[b].setdefault(key, [])
                slot.extend((s + add, (*path, (b, col2))) for s, path in entries)
                slot.sort(key=lambda e: -e[0])
                del slot[keep:]

    def _reading(self, score: float, path: tuple[tuple[int, int], ...]) -> Reading:
        cells = [""] * self.n
        a = 0
        for b, col in path:
            cells[col] = self.text[self.pos[a] : self.pos[b]].strip()
            a = b
        carried = self.carry is not None and not cells[self.carry]
        empties = sum(1 for k, c in enumerate(cells) if not c and not (k == self.carry and carried))
        return Reading(tuple(cells), score, empties, carried)


@dataclass
class SplitRow:
    """A split row: its text cells (one column possibly carried), None if unsplit."""

    cells: list[str] | None
    tail: list[str]
    carried: bool = False
    note: str = ""  # why the row is doubtful (a close second reading), or why unsplit


class RowSplitter:
    """Splits the rows of one flattened table; see the module docstring for the method."""

    def __init__(
        self, columns: Sequence[str], lexicon: frozenset[str], weights: SplitWeights = WEIGHTS
    ) -> None:
        self.columns = list(columns)
        self.roles = [column_role(c) for c in self.columns]
        self.n_text = sum(1 for r in self.roles if r == "text")
        self.lexicon = lexicon
        self.vocab = Vocabulary(lexicon)
        self.weights = weights
        self._cuts: dict[str, dict[int, float]] = {}
        self.carry = 0  # the column a row may leave to the row above (`split_all` finds it)
        self.pairs: frozenset[str] = getattr(lexicon, "pairs", frozenset())

    def tail(self, printed: str) -> tuple[str, list[str]] | None:
        return split_tail(printed, self.roles)

    def read(
        self, head: str, carry: int | None, profiles: Sequence[ColumnProfile] | None = None
    ) -> list[Reading]:
        """The best two readings of a row's text (tail removed), best first; `carry`: the
        column it may leave empty for the row above's value (None: none may be)."""
        text = head.strip()
        if not text or self.n_text == 0:
            return []
        if text not in self._cuts:
            self._cuts[text] = self._candidates(text)
        cuts = dict(self._cuts[text])
        if profiles:
            cuts.update(self._value_cuts(text, profiles))
        return _RowReader(text, cuts, self.n_text, carry, profiles, self.weights).best()

    def _candidates(self, text: str) -> dict[int, float]:
        """The row's candidate cuts above the floor, at most `max_cuts` of the best."""
        w = self.weights
        scored = [(s, i) for i, s in row_cuts(text, self.vocab, w).items() if s >= w.floor]
        return {i: s for s, i in sorted(scored, reverse=True)[: w.max_cuts]}

    def _value_cuts(self, text: str, profiles: Sequence[ColumnProfile]) -> dict[int, float]:
        """Cuts at a space where a value seen in some column starts or ends ("... mRNA
        In vitro"); and inside a token where such a value of capitals starts or ends
        with no candidate there already ("circKIF4ATMZSponges": "TMZ" is a therapy other
        rows read; no case change marks where the name before it ends)."""
        extra: dict[int, float] = {}
        for profile in profiles:
            for value in profile.values:
                if len(value) < 3:
                    continue
                for m in re.finditer(re.escape(value), text):
                    for x in (m.start(), m.end()):
                        while 0 < x < len(text) and text[x].isspace():
                            x += 1
                        if 0 < x < len(text) and text[x - 1].isspace():
                            extra[x] = self.weights.space - self.weights.phrase * (
                                self._pair_at(text, x) in self.pairs)
                        elif 0 < x < len(text) and x not in self._cuts.get(text, {}) \
                                and text[x - 1].isalnum() and text[x].isalnum() \
                                and re.search(r"[A-Z]{2}", value) and value == value.split()[0]:
                            extra[x] = self.weights.inner_value
        return extra

    @staticmethod
    def _pair_at(text: str, x: int) -> str:
        """The two words either side of the space before `x`, as `Lexicon.pairs` has them
        (of a token glued to the next cell, its part on this side of the case change:
        "Hypoxic" of "exosomesHypoxic")."""
        before, after = words(text[:x]), words(text[x:])
        if not before or not after:
            return ""
        glue = re.compile(r"(?<=[a-z])(?=[A-Z])")
        return f"{glue.split(before[-1])[-1]} {glue.split(after[0])[0]}".lower()

    def split_all(self, rows: Sequence[str]) -> list[SplitRow]:
        """Split every row; one column (`_carried_column`) is carried down inside groups.

        Each row is read alone first; its confident readings (no empty cell, a clear
        runner-up) then describe the columns for every other row's second reading.
        """
        parsed = [self.tail(r) for r in rows]
        self.carry, first = self._carried_column(parsed)
        confident = [self._confident(r) for r in first]
        # Rows read wrongly but confidently alone (a carried first column taken for a
        # cell: "M2-polarized TAMs" as a cargo type) describe the columns wrongly; read
        # again with the columns the better readings describe, until that settles.
        readings = self._read_with(parsed, confident)
        for _ in range(self.weights.rounds):
            again = [self._confident(r) for r in readings]
            if again == confident:
                break  # (the readings of the settled columns are the ones to keep)
            confident = again
            readings = self._read_with(parsed, confident)
        out: list[SplitRow] = []
        group: str | None = None
        for k, p in enumerate(parsed):
            if p is None:
                out.append(SplitRow(None, [], note="no year or reference tail"))
                continue
            row = self._choose(readings[k], p[1], group)
            if row.cells is not None:
                group = row.cells[self.carry]
            out.append(row)
        return out

    def _carried_column(self, parsed: Sequence[tuple[str, list[str]] | None]
                        ) -> tuple[int, list[list[Reading]]]:
        """The column a row leaves to the row above, with every row's readings alone.
        Mostly the first (a class: "miRNAs" printed once for its rows); another when,
        read with the columns the rows printing every cell describe, the rows are
        together clearly better read with that one carried, and some rows leave it
        ("miR-155GEM-resistant PANC-1 ..." under "miR-21-5pmiRNAsPSCs ...": the cargo
        type, second, is left out). Read alone, a row's pieces score the same whichever
        column they fill; only the columns' profiles tell them apart."""
        def alone(col: int) -> list[list[Reading]]:
            return [self.read(p[0], col if k > 0 else None) if p else []
                    for k, p in enumerate(parsed)]

        first = alone(0)
        full = [c if c is not None and not c.carried else None
                for c in (self._confident(r) for r in first)]
        if self.n_text < 2 or sum(1 for c in full if c is not None) < 2:
            return 0, first

        profiles = [self._profiles([c for m, c in enumerate(full) if m != k])
                    for k in range(len(parsed))]

        def fitted(col: int) -> tuple[float, int]:
            readings = [self.read(p[0], col if k > 0 else None, profiles[k]) if p else []
                        for k, p in enumerate(parsed)]
            return (sum(r[0].score for r in readings if r),
                    sum(1 for r in readings if r and r[0].carried))

        best, best_total = 0, fitted(0)[0]
        for col in range(1, self.n_text):
            total, carried = fitted(col)
            if carried >= 2 and total > best_total + self.weights.carry_margin:
                best, best_total = col, total
        return best, first if best == 0 else alone(best)

    def _read_with(self, parsed: Sequence[tuple[str, list[str]] | None],
                   confident: Sequence[Reading | None]) -> list[list[Reading]]:
        """Every row read with the columns the other rows' confident readings describe."""
        return [self.read(p[0], self.carry if k > 0 else None, self._profiles(
            [c for m, c in enumerate(confident) if m != k])) if p else []
            for k, p in enumerate(parsed)]

    def _confident(self, readings: list[Reading]) -> Reading | None:
        if not readings or readings[0].empties:
            return None
        if len(readings) > 1 and readings[0].score - readings[1].score < self.weights.close:
            return None
        return readings[0]

    def _profiles(self, readings: Sequence[Reading | None]) -> list[ColumnProfile]:
        profiles = [ColumnProfile() for _ in range(self.n_text)]
        for r in readings:
            if r is None:
                continue
            for profile, cell in zip(profiles, r.cells, strict=True):
                if cell:
                    profile.add(cell)
        return profiles

    def _choose(self, readings: list[Reading], tail: list[str], group: str | None) -> SplitRow:
        if not readings:
            return SplitRow(None, tail, note=f"no set of cuts gives its {self.n_text} text cells")
        best = readings[0]
        if best.carried and group is None:
            return SplitRow(None, tail, note="its carried column is empty with no row above")
        cells = list(best.cells)
        if best.carried:
            cells[self.carry] = group or ""
        note = ""
        if len(readings) > 1 and best.score - readings[1].score < self.weights.close:
            other = " | ".join(readings[1].cells)
            note = (
                f"read two ways with close evidence ({best.score:.2f} vs "
                f"{readings[1].score:.2f}); the other: {other!r}"
            )
        return SplitRow(cells, tail, carried=best.carried, note=note)


def row_refs(tail_values: Sequence[str]) -> tuple[int, ...]:
    """Reference numbers in a row's tail values."""
    return find_refs(" ".join(tail_values))
