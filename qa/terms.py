"""Question terms: content words, their weights, and which of them are technical."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from index.inflection import plural_stem, same_family
from index.lexical import STOPWORDS, tokenize

# Words that frame a question rather than name its subject.
QUESTION_WORDS = frozenset(
    """according review article paper authors author describe described describes explain
    explained mention mentioned mentions say says said tell list give name named kind type
    types role roles main many much number key major specific particular example examples
    discuss discussed report reported reports show shown shows find found state stated
    involve involved play plays used use using other others one two any all some each
    would should may might must about between within through during after before over
    under more most less least very well just only whether define defined defines
    definition words word term terms wording characterize characterized characterise
    doe ha wa who table entry entrie row per among down up out off stand stands
    abbreviation abbreviations acronym acronyms meaning mean means refer refers full
    happen happens happened happening occur occurs occurred those them both
    discusses discussion discussions section sections paragraph paragraphs part parts
    assign assigns highlight highlights highlighted highlighting emphasize emphasizes
    emphasized emphasise emphasises emphasised
    assigned suggest suggests suggested propose proposes proposed think thinks member members
    talk talks talking talked keep keeps kept actually really basically deal
    always invariably universally uniformly difference differences
    believe believes you your yours yourself way ways known cite cites cited citing
    people ppl anyone anybody someone somebody scientists researchers
    btw fyi pls plz please thx thanks tbh iirc imo ok okay hey hi hmm
    unlike versus vs whereas thing things stuff call calls calling
    i me my mine myself we our ours ourselves he him his himself she her hers herself
    inside toward towards across beyond despite amongst upon throughout onto
    underneath around behind beneath regarding concerning""".split()
)
QUESTION_WORDS = QUESTION_WORDS | {plural_stem(w) for w in QUESTION_WORDS}  # as tokens


def content_terms(text: str) -> list[str]:
    """BM25 tokens of `text` minus stopwords and question framing words, in order, unique."""
    seen: dict[str, None] = {}
    for tok in tokenize(text):
        if tok in STOPWORDS or tok in QUESTION_WORDS or len(tok) < 2:
            continue
        seen.setdefault(tok, None)
    return list(seen)


class TermStats:
    """Document frequencies of BM25 tokens over the passages, for IDF weights."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        self._sorted: list[str] | None = None
        self._suffixes: list[str] | None = None
        for text in texts:
            self.n += 1
            self.df.update(set(tokenize(text)))

    def idf(self, term: str) -> float:
        """idf(t) = ln((N + 1) / (df(t) + 0.5)); a term the corpus lacks gets the highest."""
        return self.idf_of_df(self.df.get(term, 0))

    def idf_of_df(self, df: int) -> float:
        """The idf of a document frequency (see `idf`)."""
        return math.log((self.n + 1) / (df + 0.5))

    def known(self, term: str) -> bool:
        return term in self.df

    def known_suffix(self, term: str) -> bool:
        """Some review term ends with `term` ("mscs" in "bmmscs")."""
        suffixes, rev = self._reversed(), term[::-1]
        i = bisect.bisect_left(suffixes, rev)
        return i < len(suffixes) and suffixes[i].startswith(rev)

    def _reversed(self) -> list[str]:
        """The review's terms spelled backwards, sorted (built on first use)."""
        if self._suffixes is None:
            self._suffixes = sorted(t[::-1] for t in self.df)
        return self._suffixes

    def ending_with(self, term: str, max_prefix: int = 4) -> list[str]:
        """Review terms that are `term` with a short prefix ("biomarker" for "marker"),
        for a word the review only uses inside a compound."""
        suffixes, rev = self._reversed(), term[::-1]
        out = []
        for r in suffixes[bisect.bisect_left(suffixes, rev):]:
            if not r.startswith(rev):
                break
            if 0 < len(r) - len(rev) <= max_prefix and r.isalpha():
                out.append(r[::-1])
        return out

    def family_df(self, term: str) -> int:
        """The largest document frequency among the review terms that share the word's
        stem (all but its last 3 letters, at least 4): "treat" -> "treatment", "resistant"
        -> "resistance". How common the word's concept is in the review, however the
        question inflects it; 0 for a term under 4 letters or with other than letters."""
        if len(term) < 4 or not term.isalpha():
            return 0
        return max((self.df[t] for t in self._starting_with(term[: max(4, len(term) - 3)])),
                   default=0)

    def _starting_with(self, prefix: str) -> Iterator[str]:
        """The review terms that begin with `prefix`, in order."""
        if self._sorted is None:
            self._sorted = sorted(self.df)
        i = bisect.bisect_left(self._sorted, prefix)
        while i < len(self._sorted) and self._sorted[i].startswith(prefix):
            yield self._sorted[i]
            i += 1

    def identifiers(self, term: str) -> list[str]:
        """The review terms that are `term` followed by a long number only ("nct01761266"
        for "nct"): identifiers whose letters are asked for as such ("the NCT number")."""
        # (a name's "3" of STAT3 is none)
        return [t for t in self._starting_with(term)
                if t[len(term):].isdigit() and len(t) - len(term) >= 5]

    def numbered(self, term: str) -> list[str]:
        """The review terms that are `term` (3+ letters) followed by a member's number,
        and perhaps a letter: "rab27a", "rab27b" for "rab" (a family named by its stem,
        "which RAB proteins ...?"); not identifiers ("nct01761266")."""
        if len(term) < 3 or not term.isalpha():
            return []
        return [t for t in self._starting_with(term)
                if re.fullmatch(r"\d{1,4}[a-z]?", t[len(term):])]

    def derived(self, term: str) -> list[str]:
        """Review terms derived from `term` (4+ letters) by a suffix: "packaged",
        "packaging" for "pack"; "secretion" for "secrete" ("e" dropped)."""
        if len(term) < 4 or not term.isalpha():
            return []
        stem_ = term[:-1] if term.endswith("e") else term
        return [t for t in self._starting_with(stem_)
                if _DERIVED_SUFFIX_RE.fullmatch(t[len(stem_):])]

    def known_like(self, term: str) -> bool:
        """Known as is, or as another form of the same word: a review term sharing all
        but its last 3 letters, and at least 6 ("ubiquitinated" ~ "ubiquitination")."""
        if term in self.df:
            return True
        if self._sorted is None:
            self._sorted = sorted(self.df)
        return next(same_family(term, self._sorted), None) is not None


# Suffixes deriving a word from another: "pack" -> "packaged", "resist" -> "resistance"
_DERIVED_SUFFIX_RE = re.compile(
    r"e?(?:age|aged|ages|aging|ing|ings|ed|er|ers|ment|ments|ion|ions|ation|ations|"
    r"able|ability|ance|ence|ant|ent|ive|ivity|al)")


ENGLISH_SUFFIX = re.compile(
    r"(?:ate|ated|ating|ing|ed|ly|tion|tions|ment|ments|ness|able|ible|ize|ise|ized|ised|"
    r"ful|less|ous|ive|ally|ies)$"
)
_NAME_MARKS = re.compile(r"\d|[a-z][A-Z]|[A-Z]{2,}")  # digits, inner or run capitals


def make_is_technical(wordpiece_count: Callable[[str], int] | None) -> Callable[[str], bool]:
    """A test for technical words (drug, gene, RNA names) vs everyday English.

    With the embedding model's tokenizer: a word its vocabulary splits into 3+ pieces
    is technical ("sorafenib", "exosomes"); a word it knows whole is not ("drive").
    Without one: words with digits, inner capitals or hyphens, or of 9+ letters.
    """

    def is_technical(word: str) -> bool:
        if _NAME_MARKS.search(word):
            return True
        if "-" in word:  # a hyphen joining everyday words makes no name ("store-bought")
            return any(is_technical(p) for p in word.split("-") if p)
        low = word.lower()
        # Everyday derived words ("enumerate", "surrounding") split into pieces too:
        # they need one piece more to count as technical.
        need = 4 if ENGLISH_SUFFIX.search(low) else 3
        if wordpiece_count is not None:
            return wordpiece_count(low) >= need
        return len(word) >= 9

    return is_technical
