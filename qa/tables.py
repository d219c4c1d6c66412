"""Answering questions over a table from its structured rows: filter, count, list.

General over any parsed table: the filters come from the question's words matched
against the table's own cells and column names, never from a list of questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from index.inflection import family_key, same_family
from index.lexical import STOPWORDS, WORD_RE, stem, tokenize, word_tokens
from qa.asks import asks
from qa.vocabulary import DRUG_RE, paraphrase_pairs
from source.model import Passage
from source.table import column_role

# An HTML tag printed in a cell
_MARKUP_RE = re.compile(r"<[^<>]*>")
_COUNT_RE = re.compile(r"\b(how many|number of|count|how often|how frequently)\b", re.I)
_LIST_RE = re.compile(r"\b(which|list|what are|what were|name (?:all|every|each)|enumerate|"
                      r"all the|anything|"
                      r"any\s+(?:ones?|of\s+them))\b"
                      r"|\b(?:entr(?:y|ies)|rows?|stud(?:y|ies)|cargos?)\s+"
                      r"(?:where|whose|with|that|from|in which)\b", re.I)
# "compare the two exosomal proteins in Table 1", "how do the circRNAs in the table
# differ?": the rows of a kind, side by side, are a listing of them.
_COMPARE_RE = re.compile(r"\b(?:compare|comparison|contrast|differ|differs|difference|"
                         r"differences)\b", re.I)
# A value in quotes: 'exosomes', "In vitro only" (not an apostrophe: "Shi's")
_QUOTED_RE = re.compile(r"(?<![\w])['\"‘“]([^'\"‘’“”]{2,40}?)['\"’”](?![\w])")
# A value given as what a cell says, unquoted: "entries that just say exosomes with no
# specific cargo", "rows that only list HCC cells".
_SAYS_VALUE_RE = re.compile(
    r"\b(?:just|only|simply|merely)\s+(?:say|says|saying|list|lists|read|reads|called|named|"
    r"labell?ed)\s+([\w\- ]{2,30}?)(?=\s+(?:with|and|but|without|in|for|as|or)\b|[?.,;]|$)",
    re.I)
# A plural of the rows' own nouns: "lncRNA rows in table 1", "the table's findings on X".
# A word that makes a question of a sentence; keywords have none.
_ASKING_RE = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|"
                        r"does|do|did|can|could|should|would|will|has|have|had)\b|\?", re.I)
# Words relating rows to a topic without qualifying them ("linked to", "tied to",
# "involved in", "implicated in", "associated with", "reported in")
_RELATION_STEMS = ("link", "tie", "tied", "involv", "implicat", "associat", "connect", "relat",
                   "report", "describ", "stud", "known", "show", "found", "mention", "cover",
                   "discuss", "identif", "cited", "contribut")
_REFERRING_RE = re.compile(r"\b(?:those|these|that|this|its|their|such|them|it)\b", re.I)
_ROWS_PLURAL_RE = re.compile(r"\b(?:rows|entries|studies|findings|items|records)\b", re.I)
# "In Table 1, which ...?", "In the table, ...": the question is put to the table.
_IN_TABLE_RE = re.compile(r"\s*(?:in|from)\s+(?:the\s+)?table(?:\s+\d+)?\s*,", re.I)
# "list the circRNAs that ...": a list asked for outright
_LIST_ALL_RE = re.compile(r"\s*(?:list|name|enumerate)\s+(?:(?:all\s+)?(?:the\s+)?\w+s|"
                          r"(?:every|each)\s+\w+)\b", re.I)
# ... unless of a part of the review: "list all the circRNAs in the immunotherapy part"
_PART_RE = re.compile(r"\b(?:section|part|paragraph|chapter)\b", re.I)
# "which studies ...", "what papers ...": the studies themselves are asked for
# (not those the review cites for a claim: "which studies does the review cite showing
# ...?" asks for references)
_STUDIES_ASKED_RE = re.compile(r"\s*(?:which|what)\s+(?:\w+\s+)?(?:studies|papers|works)\b"
                               r"(?!.*\b(?:cite[sd]?|citing|references?|draws?|drawn|back(?:s|ed)?|"
                               r"support\w*|show(?:s|ed|ing)?|found|find|report\w*)\b)", re.I)
# The word "table" itself: an ask about the table ("what year does Table 1 give?").
TABLE_WORD_RE = re.compile(r"\btable\b", re.I)
_TABLE_RE = re.compile(r"\b(table|tables|rows?|entries|listed|tabulated)\b", re.I)
_EARLIEST_RE = re.compile(r"\b(earliest|oldest|first published|least recent)\b", re.I)
_LATEST_RE = re.compile(r"\b(latest|newest|most recent|most recently)\b", re.I)
# "studies before 2018", "since 2021", "published after 2019", "2020 or later"
_YEAR_RANGE_RE = re.compile(
    r"\b(?P<op>before|earlier\s+than|prior\s+to|older\s+than|until|up\s+to|after|later\s+than|"
    r"newer\s+than|since|in\s+or\s+after|in\s+or\s+before)\s+(?P<year>(?:19|20)\d\d)\b"
    r"|\b(?P<year2>(?:19|20)\d\d)\s+(?P<op2>or\s+(?:later|after|newer|earlier|before|older))\b",
    re.I)


CATEGORIES = Path(__file__).with_name("data") / "categories.tsv"


@lru_cache(maxsize=1)
def categories() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """General categories and their members (qa/data/categories.tsv)."""
    out = []
    for line in CATEGORIES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrases, members = line.split("\t")
        out.append((re.compile(r"(?<![\w-])(?:" + phrases + r")(?![\w-])", re.I),
                    tuple(m.strip() for m in members.split(",") if m.strip())))
    return tuple(out)


def year_range(question: str) -> tuple[str, int, tuple[int, int]] | None:
    """("<", 2018, span) for "before 2018"; ">=" for "since 2021" or "2020 or later";
    None when the question sets no year bound."""
    m = _YEAR_RANGE_RE.search(question)
    if m is None:
        return None
    op = (m.group("op") or m.group("op2")).lower()
    year = int(m.group("year") or m.group("year2"))
    if re.search(r"before|earlier|prior|older|until|up\s+to", op):
        sign = "<=" if re.search(r"until|up\s+to|in\s+or|or\s+", op) else "<"
    else:
        sign = ">=" if re.search(r"since|in\s+or|or\s+", op) else ">"
    return sign, year, m.span()


_NEGATED_RE = re.compile(
    r"\b(?:no|not|without|lacking|lack|lacks|never|except|excluding|rather\s+than|instead\s+of|"
    r"other\s+than|apart\s+from|as\s+opposed\s+to|"
    # ("isn't from tumour cells", "weren't tested in vivo")
    r"(?:is|are|was|were|does|do|did|has|have|had)n['’]?t)\s+"
    # (a verb of origin before the words counts none of the three: "don't come from HCC
    # cells" negates "from HCC cells")
    r"((?:(?:come|comes|came|coming|originate[sd]?|derive[sd]?|arise[sn]?|arose)\s+)?"
    r"(?:(?!n?or\b)[\w\-+]+\s*){1,3}"
    # ("not about sorafenib or anti-PD1": neither)
    r"(?:(?:,\s*|\s*\b)(?:or|nor)\s+(?:[\w\-+]+\s*){1,2})*)",
    re.I)
# "what type of RNA", "which kinds of cells": a column of kinds of the noun
_KIND_OF_RE = re.compile(r"\b(?:types?|kinds?|class(?:es)?|sorts?|categor(?:y|ies))\s+of\s+"
                         r"([A-Za-z]{2,})\b", re.I)
# A thing referred to by its class, singular: "that miRNA", "this protein"
_ONE_REFERRED_RE = re.compile(r"\b(?:that|this)\s+((?:circ|mi|lnc|micro)?rna|protein|gene|"
                              r"drug|molecule|cargo)\b(?!-)", re.I)
# "the only entry where ...", "the Bacillota organism in Table 1 that ...": one row.
_ONE_ROW_RE = re.compile(r"\s*the\s+(?:(?:only|single|one)\b|(?:[\w-]+\s+){0,3}?[\w-]*[^s\W]"
                         r"\s+(?:(?:in|of|from)\s+table\s+\d+\s+)?(?:that|which|whose|where)\b)",
                         re.I)
_ONLY_RE = re.compile(r"\b(only|exclusively|solely|alone|just)\b", re.I)

# "list every cell source in Table 1", "what study types appear": a column's values asked
_VALUES_ASK_RE = re.compile(r"\b(?:list|name|every|all|each|different|kinds?|types?|"
                            r"(?:what|which)\s+(?:\w+\s+)?\w+s)\b", re.I)
# "most common", "largest number of entries", "least frequent": the mode of a column
_MODE_RE = re.compile(r"\b(?:most|least)\s+(?:common(?:ly)?|frequent(?:ly)?|often|represented|"
                      r"prevalent|entries|rows)\b|\b(?:largest|greatest|highest|biggest|"
                      r"smallest|lowest)\s+(?:number|count|share)\b|\bfewest\b|"
                      r"\bpredominant\b", re.I)
# "which drug shows up the most in Table 1?", "which drug has the most studies?": the
# drug named by the most rows (a name of a kind inside the cells, not a column's value)
_DRUG_MODE_RE = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:drugs?|medicines?|medications?|agents?)\b"
    r"(?=.*\b(?:most|least)\b(?!\s+(?:recent|recently|promising|effective|important)))"
    r"(?=.*\b(?:table|entries|entry|rows?|studies|papers|often|frequent\w*|common\w*|"
    r"appears?|shows?\s+up|mentioned|named)\b)", re.I)
_NOT_VALUES_RE = re.compile(r"\b(?:how\s+many|rows?|entries|entry|findings?|studies|items?|"
                            r"earliest|latest|oldest|newest|most|least|first|last|only)\b",
                            re.I)
# "rows where macrophages show up anywhere": a value in any column, whatever its words.
_ANYWHERE_RE = re.compile(r"\banywhere\b|\bin\s+any\s+(?:column|field|cell|part)\b", re.I)
_ROW_WORDS = frozenset({"rows", "row", "entries", "entry", "ones", "studies", "items", "lines"})

# Everyday words that point at a column without naming it.
COLUMN_HINTS: dict[str, tuple[str, ...]] = {
    "origin": ("origin", "derived", "source", "sources", "secreted", "released", "produced",
               "come", "comes", "came", "donor", "originate", "originates", "originating",
               "release", "releases", "secrete", "secretes", "produce", "produces", "obtained",
               "where"),
    "mechanism": ("mechanism", "mechanisms", "how", "pathway", "pathways", "via", "through",
                  "axis", "signaling", "do", "does", "role"),
    "function": ("function", "functions", "effect", "effects", "role", "do", "does", "drug",
                 "drugs", "resistance", "resistances"),
    # (how solid a finding is: its study type and how recent it is)
    "year": ("year", "years", "when", "published", "publication", "date", "recent",
             "recently", "old", "older", "newer", "evidence", "solid", "strength", "robust",
             "proven", "proof"),
    "study": ("evidence", "model", "models", "vitro", "vivo", "experimental",
              "experiments", "design", "animal", "animals", "mice", "mouse", "rats",
              "solid", "strength", "robust", "proven", "proof"),
    "classification": ("classification", "class", "classes", "category", "categories",
                       "group", "groups"),
    "reference": ("reference", "references", "cited", "citation", "source study"),
}




def _hint_key(column: str) -> str:
    """The `COLUMN_HINTS` entry a column's name calls for: the one whose key it holds
    ("Origin of exosome"), else the one sharing most of its longer hint words with it
    ("Donor cells" holds "donor", "Effect on resistance" "effect" and "resistance"), a
    tie none ("Evidence level": the year's and the study type's); "" when none."""
    toks = _toks(column)
    for key in COLUMN_HINTS:
        if stem(key) in toks or key in column.lower():
            return key
    shared = sorted(((len(toks & {stem(h) for h in hints if len(h) >= 5}), key)
                     for key, hints in COLUMN_HINTS.items()), reverse=True)
    (best, key), (second, _) = shared[0], shared[1]
    return key if best and best > second else ""


def question_words(text: str) -> list[str]:
    """Words of a question with their case, hyphenated names whole."""
    return WORD_RE.findall(text)


# Names offered as alternatives: "palbociclib or abemaciclib", "tamoxifen, fulvestrant
# or letrozole" (either of them will do, not both)
_ALTERNATIVES_RE = re.compile(r"((?:[\w/+-]+\s*,\s*)*[\w/+-]+),?\s+or\s+([\w/+-]+)", re.I)


def alternatives(text: str) -> list[frozenset[str]]:
    """The groups of single words a question joins by "or", each as lower-case words."""
    groups = []
    for m in _ALTERNATIVES_RE.finditer(text):
        words = [w.strip().lower() for w in m.group(1).split(",")] + [m.group(2).lower()]
        if len(words) >= 2:
            groups.append(frozenset(words))
    return groups


def hint_words(column: str) -> tuple[str, ...]:
    """Everyday words that point at a column ("published" -> Year, "how" -> Mechanisms)."""
    col_toks = _toks(column)
    for key, hints in COLUMN_HINTS.items():
        if stem(key) in col_toks or key in column.lower():
            return hints
    return ()


def _negative_value_asked(value: str, question: str) -> bool:
    """A value that says "no X" ("No classification") is asked for by "no (specific) X",
    and by another form of X negated: "unclassified", "not classified", "aren't
    classified", "without a classification"."""
    m = re.match(r"(?i)(?:no|none|not)\s+(.+)$", value.strip())
    if not m:
        return False
    rest = r"[\s\-]+".join(re.escape(w) for w in m.group(1).split())
    if re.search(r"(?i)\b(?:no|not|without)\s+(?:[\w\-]+\s+){0,3}?" + rest + r"\b", question):
        return True
    words = m.group(1).lower().split()
    if len(words) != 1:
        return False

    def form_of(word: str) -> bool:
        return word == words[0] or any(True for _ in same_family(word, words)) \
            or any(True for _ in same_family(words[0], [word]))

    toks = re.findall(r"[a-z']+", question.lower())
    for i, tok in enumerate(toks):
        if tok.startswith(("un", "non")) and form_of(re.sub(r"^(?:un|non-?)", "", tok)):
            return True  # "unclassified"
        if form_of(tok) and any(t in _NEGATORS or t.endswith("n't")
                                for t in toks[max(0, i - 3):i]):
            return True  # "aren't classified", "not classified"
    return False


_NEGATORS = frozenset({"no", "not", "without", "never", "none", "lacking", "lack"})


_TOPIC_RE = re.compile(r"^([^?]{5,}?)\s*(?:\s[-\u2013\u2014]\s|:\s)")
_TOPIC_PREMISE_RE = re.compile(r"(?:beyond|besides|apart|other than|except|aside)\b", re.I)


def _topic(question: str) -> str:
    """The noun phrase a question opens with before a dash or colon ("the only table
    entry where ... - what gene ...?"), or "" when it opens otherwise."""
    m = _TOPIC_RE.match(question)
    return m.group(1) if m and not _TOPIC_PREMISE_RE.match(m.group(1)) else ""


def describe_filters(filters: Sequence[tuple[str, str]]) -> str:
    """"Contents classification: miRNAs; mentions sorafenib; does not mention Akt"."""
    def one(column: str, value: str) -> str:
        if column == "any":
            return f"mentions {value}"
        if column == "none":
            return f"does not mention {value}"
        return f"{column}: {value}"

    return "; ".join(one(c, v) for c, v in filters)


def describe_rows(n: int, filters: Sequence[tuple[str, str]], group_column: str = "") -> str:
    """Rows as a person counts them: "3 circRNAs mentioning anti-PD1", "7 entries with
    study type In vitro", "5 entries from before 2018". A filter on the group column
    (the table's first, "Contents classification: circRNAs") names what is counted."""
    noun = "entry" if n == 1 else "entries"
    rest: list[str] = []
    for column, value in filters:
        if column == group_column and value[-1:] == "s" and not value.startswith("not "):
            noun = value if n != 1 else value[:-1]
            continue
        if column == "none" and rest and rest[-1].startswith("not mentioning "):
            rest[-1] += f" or {value}"  # ("not mentioning sorafenib or anti-PD1")
            continue
        rest.append(describe_condition(column, value))
    return " ".join([str(n), noun, *rest])


def describe_condition(column: str, value: str) -> str:
    """One filter in words: "mentioning sorafenib", "from before 2018"."""
    if column == "any":
        return f"mentioning {value}"
    if column == "none":
        return f"not mentioning {value}"
    if column_role(column) == "year":
        for sign, words in (("<", "from before"), ("≤", "from up to"), (">", "from after"),
                            ("≥", "from")):
            if value.startswith(sign + " "):
                tail = " on" if sign == "≥" else ""
                return f"{words} {value[2:]}{tail}"
        return f"from {value}"
    if value.startswith("not "):
        return f"whose {column.lower()} is not {value[4:]}"
    if re.match(r"(?i)(?:no|none)\b", value):
        return f"whose {column.lower()} is “{value}”"  # ("No classification")
    return f"with {column.lower()} {value}"


def _negated_words(question: str, gone: set[str]) -> str:
    """The question's negated phrase up to its last word in `gone`: "lack in vivo
    validation" -> "in vivo"."""
    for m in _NEGATED_RE.finditer(question):
        words = m.group(1).split()
        last = max((i for i, w in enumerate(words) if _toks(w) & gone), default=-1)
        if last >= 0:
            return " ".join(words[: last + 1])
    return " ".join(sorted(gone))


def _occurrences(value: str, text: str) -> int:
    return len(re.findall(r"(?<![\w-])" + re.escape(value) + r"(?![\w-])", text, re.I))


# Head nouns any column name may end on: alone they point at no column ("cell type")
_GENERIC_HEADS = frozenset({"type", "kind", "class", "classe", "category", "sort", "name",
                            "number", "group"})


@lru_cache(maxsize=16384)
def _toks(text: str) -> frozenset[str]:
    """Content tokens of a text (cached: cell values and questions recur)."""
    return frozenset(t for t in tokenize(text) if t not in STOPWORDS)


@dataclass(frozen=True)
class TableAnswerPlan:
    """Which rows of which table answer the question, and how to present them."""

    table_id: str
    rows: tuple[Passage, ...]
    filters: tuple[tuple[str, str], ...]  # (column, matched text)
    count: bool
    label_column: str
    show_columns: tuple[str, ...]
    total_rows: int
    explicit: bool = True  # asked for a count or a table listing, not inferred
    names: dict[str, str] = field(default_factory=dict, hash=False)  # row id -> its name
    # the question's one condition is a class (or origin) and the rest the table's own
    # topic: the rows of that class answer, however well a sentence covers the words
    framed: bool = False


class TableQA:
    """Structured access to the table rows among the passages."""

    def __init__(self, passages: Sequence[Passage], is_technical: Callable[[str], bool],
                 canonical: Callable[[str], str] | None = None,
                 abbreviations: Mapping[str, str] | None = None) -> None:
        self.is_technical = is_technical
        # One spelling per name ("plgR" in the table is the text's "pIgR").
        self.canonical = canonical or (lambda text: text)
        self.tables: dict[str, list[Passage]] = {}
        self.captions: dict[str, Passage] = {}
        for p in passages:
            tid = self.table_of(p)
            if p.kind == "table_row" and p.cells:
                self.tables.setdefault(tid, []).append(p)
            elif p.kind == "caption" and tid.startswith("table"):
                self.captions[tid] = p
        self.columns: dict[str, list[str]] = {
            tid: list(rows[0].cells) for tid, rows in self.tables.items()
        }
        # Words that describe the whole table (caption, column names) filter nothing.
        # (a column named by an abbreviation in either form: "vesicles" frames a table
        # whose column is "Origin of EVs")
        self.longs = longs = dict(abbreviations or {})
        self.frame: dict[str, frozenset[str]] = {}
        for tid, cols in self.columns.items():
            words = " ".join(cols)
            words += " " + " ".join(longs[w] for w in re.findall(r"[A-Za-z]\w*", words)
                                    if w in longs)
            if tid in self.captions:
                caption = self.captions[tid].text
                # (and in its short form: "ARPI resistance" is the table's whole topic
                # when the caption says "resistance to androgen receptor pathway
                # inhibitors")
                words += " " + caption + " " + " ".join(
                    f"{a} {a[:-1] if a.endswith('s') and a[:-1].isupper() else ''}"
                    for a, long in longs.items()
                    if len(long.split()) > 1 and long.lower() in caption.lower())
            self.frame[tid] = _toks(words)
        self.label_column = {tid: self._label_column(tid) for tid in self.tables}
        # (rows sharing a name told apart: see _row_names)
        self.row_names: dict[str, str] = {
            r.id: name for tid in self.tables for r, name in self._row_names(tid)}
        df: dict[str, int] = {}
        for p in passages:
            for t in _toks(p.text):
                df[t] = df.get(t, 0) + 1
        self.generic = {t for t, n in df.items() if n > len(passages) / 2}
        # Token sets of every cell and row, computed once (questions reuse them).
        self.cell_toks: dict[str, list[dict[str, frozenset[str]]]] = {
            tid: [{c: self._cell_words(v, tid) for c, v in r.cells.items()} for r in rows]
            for tid, rows in self.tables.items()
        }
        self.row_toks: dict[str, list[set[str]]] = {
            tid: [set().union(*cells.values()) for cells in self.cell_toks[tid]]
            for tid in self.tables
        }

        # Categorical columns: values repeat across rows (class, origin, study type, year).
        self.categorical: dict[str, list[str]] = {
            tid: [c for c in self.columns[tid]
                  if len({r.cells.get(c, "") for r in rows}) <= max(2, len(rows) // 2)]
            for tid, rows in self.tables.items()
        }

    def _row_names(self, tid: str) -> Iterator[tuple[Passage, str]]:
        """Each row with the name it is shown by. Rows that share a name ("exosomes" x4)
        are told apart by a short cell that is theirs alone among those rows ("exosomes
        (HepG2 cells)"), and by what the row's thing does, the column after its name
        ("exosomes (Liver cancer stem cells; Induce regorafenib resistance)")."""
        rows = self.tables[tid]
        label = self.label_column[tid]
        cols = list(self.columns[tid])
        after = cols[cols.index(label) + 1:] + cols if label in cols else cols
        for r in rows:
            name = r.cells.get(label, "")
            same = [q for q in rows if q.cells.get(label, "") == name]
            if len(same) > 1:
                told = [v for c, v in r.cells.items()
                        if c != label and column_role(c) == "text"
                        and 0 < len(v.split()) <= 8 and sum(q.cells.get(c) == v
                                                             for q in same) == 1][:1]
                does = next((c for c in after if c != label and column_role(c) == "text"),
                            None)
                if does and 0 < len(r.cells.get(does, "").split()) <= 8 \
                        and r.cells[does] not in told:
                    told.append(r.cells[does])
                name = f"{name} ({'; '.join(told)})" if told else name
            yield r, name

    def _cell_words(self, value: str, tid: str) -> frozenset[str]:
        """A cell's content tokens; an acronym in it carries the technical words of its
        long form ("M2-like TAMs" is from macrophages, "CAFs" from fibroblasts). Acronyms
        only: "miRNAs" is a class the planner knows by its own name; not "cancer" of
        "CAFs", which would pick rows; not the table's own frame ("EVs" in a table of
        EVs adds no "vesicles")."""
        spelled = self.canonical(value)
        longs = self.longs
        # (and a long form in it carries its abbreviation: "Chemoresistance (Sorafenib and
        # 5-fluorouracil)" is asked as "5-FU")
        shorts = frozenset().union(*(
            _toks(short) for short, long in longs.items() if re.search(
                r"(?<![\w-])" + re.escape(long) + r"(?![\w-])", spelled, re.I)))
        return _toks(spelled) | ((frozenset().union(*(
            _toks(word) for w in re.findall(r"\b[A-Z]{2,}s?\b", spelled) if w in longs
            for word in re.findall(r"[A-Za-z]+", longs[w]) if self.is_technical(word)))
            | shorts) - self.frame[tid] - self.generic)

    @staticmethod
    def table_of(passage: Passage) -> str:
        """The table id a row or caption belongs to ("table1" for "table1/row-05")."""
        return passage.id.split("/", 1)[0]

    def label_column_of(self, row: Passage) -> str:
        """The column naming a row ("Exosomal contents" in Table 1)."""
        return self.label_column.get(self.table_of(row), next(iter(row.cells), ""))

    def label_of(self, row: Passage) -> str:
        """A row's name: its label column's value ("circPAK1")."""
        return row.cells.get(self.label_column_of(row), "")

    def class_members(self) -> dict[str, list[str]]:
        """One-word categorical values and the row labels filed under them, over all
        tables: "Protein" -> ["plgR", "S100A10"], "miRNAs" -> ["miR-21", ...]. The
        table says what kind of thing each name is; "which proteins ...?" is answered
        by a sentence naming one."""
        out: dict[str, list[str]] = {}
        for tid, rows in self.tables.items():
            label = self.label_column[tid]
            for col in self.categorical[tid]:
                if col == label or column_role(col) != "text":
                    continue
                for r in rows:
                    value, name = r.cells.get(col, "").strip(), r.cells.get(label, "").strip()
                    if (len(value.split()) == 1 and value.isalpha() and name
                            and name.lower() not in value.lower()):
                        out.setdefault(value, [])
                        if name not in out[value]:
                            out[value].append(name)
        return out

    def _label_column(self, tid: str) -> str:
        """The column naming each row: short values, as many distinct ones as possible
        (a column with a few empty cells still qualifies: one empty name does not make
        the rows' group their label)."""
        rows = self.tables[tid]
        best, best_score = self.columns[tid][0], -1.0
        for col in self.columns[tid]:
            values = [r.cells.get(col, "") for r in rows]
            filled = [v for v in values if v]
            if len(filled) < 0.8 * len(values):
                continue
            # (markup printed in a cell is no words of its name: "miR-4242<img ...>")
            avg_words = sum(len(_MARKUP_RE.sub(" ", v).split()) for v in filled) / len(filled)
            if avg_words > 3 or column_role(col) != "text":
                continue
            score = len(set(filled)) / len(values) - 0.05 * avg_words
            if score > best_score:
                best, best_score = col, score
        return best

    def hinted_columns(self, tid: str, question: str) -> list[str]:
        """Columns the question asks about, by name or by an everyday hint word."""
        question = re.sub(r"\bhow\s+(?:many|much|often|frequently)\b", " ", question, flags=re.I)
        # ("what type of RNA": the column whose values are types of RNA, not "Study type")
        kinds = [c for m in _KIND_OF_RE.finditer(question) for c in self._kinds_of(tid, m.group(1))]
        if kinds:
            return kinds
        words = {w.lower() for w in question_words(question)}
        return self._column_for_hint(tid, words | _toks(question))

    def _kinds_of(self, tid: str, noun: str) -> list[str]:
        """The categorical columns most of whose values name `noun` ("circRNAs",
        "miRNAs", "lncRNAs" are kinds of RNA)."""
        noun = noun.lower().rstrip("s")
        out = []
        for col in self.categorical[tid]:
            values = {r.cells.get(col, "") for r in self.tables[tid]} - {""}
            if len(values) >= 2 and sum(noun in v.lower() for v in values) * 2 > len(values):
                out.append(col)
        return out

    def _column_for_hint(self, tid: str, words: set[str]) -> list[str]:
        cols = []
        for col in self.columns[tid]:
            col_toks = _toks(col)
            named = _hint_key(col)
            for key, hints in COLUMN_HINTS.items():
                if key == named:
                    if words & {stem(h) for h in hints} | (words & set(hints)):
                        cols.append(col)
                        break
            else:
                # (a word most passages use, "exosome", points at no column of its own;
                # nor does the column name's generic head alone: "cell type" is no
                # "Study type")
                shared = (col_toks & words) - self.generic
                if shared and (shared - _GENERIC_HEADS or col_toks <= _GENERIC_HEADS):
                    cols.append(col)
        return cols

    def column_values(self, question: str) -> tuple[str, list[tuple[str, list[Passage]]]] | None:
        """"List every cell source of exosomes in Table 1", "what study types appear in the
        table?": the one column a question naming a table points at, and its distinct
        values (most rows first), each with its rows. None when the question names a
        value of the table (a condition on rows: "rows from HCC cells"), counts, or
        points at no single column."""
        if not TABLE_WORD_RE.search(question) or not _VALUES_ASK_RE.search(question) or \
                _NOT_VALUES_RE.search(question):
            return None  # (rows asked for, counted, or the first or last of them)
        return self._column_groups(question)

    def drug_mode(self, question: str) -> tuple[list[tuple[str, list[Passage]]], bool] | None:
        """"Which drug shows up the most in Table 1?": each drug the rows' cells name (by
        the drug-name stems), with the rows naming it, most rows first (fewest first for
        "least"), and whether the fewest are asked; None for any other question or a
        table naming fewer than two drugs."""
        m = _DRUG_MODE_RE.search(question)
        if m is None:
            return None
        rarest = bool(re.search(r"\b(?:least|fewest)\b", question[m.start():], re.I))
        for rows in self.tables.values():
            named: dict[str, list[Passage]] = {}
            spelled: dict[str, str] = {}
            for r in rows:
                found = {d.group().lower(): d.group() for v in r.cells.values()
                         for d in DRUG_RE.finditer(v)}
                for low, name in found.items():
                    named.setdefault(low, []).append(r)
                    spelled.setdefault(low, name.lower() if name[1:].islower() else name)
            if len(named) >= 2:
                groups = [(spelled[k], v) for k, v in named.items()]
                return sorted(groups, key=lambda kv: len(kv[1]) if rarest else -len(kv[1])), \
                    rarest
        return None

    def column_mode(self, question: str) -> tuple[str, list[tuple[str, list[Passage]]], bool] \
            | None:
        """"Which study type is most common in Table 1?", "which contents classification
        has the largest number of entries?": the one column the question points at, its
        values with their rows, commonest first (rarest first for "least common",
        "fewest"), and whether the rarest is asked. None for any other question."""
        m = _MODE_RE.search(question)
        # ("which category has the most rows?": rows are a table's)
        if m is None or not (TABLE_WORD_RE.search(question)
                             or re.search(r"\b(?:rows|entries)\b", question, re.I)):
            return None
        found = self._column_groups(question, whole_name=True)
        if found is None:
            return None
        rarest = bool(re.match(r"(?i)least|fewest|smallest|lowest", m.group()))
        groups = sorted(found[1], key=lambda kv: len(kv[1]) if rarest else -len(kv[1]))
        return found[0], groups, rarest

    def _column_groups(self, question: str, whole_name: bool = False,
                       ) -> tuple[str, list[tuple[str, list[Passage]]]] | None:
        """The one column a question naming a table points at (of several hinted, the
        one it names whole when `whole_name`), and its distinct values (most rows first;
        years in order), each with its rows; None when the question names a value of the
        table (a condition on rows) or points at no single column."""
        plan = self.plan(question)
        if plan is not None and plan.filters:
            return None  # a condition on rows ("mechanisms involving Akt")
        # (what points at a column is a noun: "does", "how", "where" point at none here)
        nouns = re.sub(r"\b(?:do|does|did|how|when|where|via|through|come|comes)\b", " ",
                       question.lower())
        for tid, rows in self.tables.items():
            cols = [c for c in self.hinted_columns(tid, nouns) if column_role(c) != "refs"]
            named = _toks(" ".join(self.columns[tid]))  # ("exosomes" names no row)
            qtoks = _toks(question)
            if whole_name:
                # ("contents classification" hints "Exosomal contents" too: the column
                # the question names whole is the one)
                whole = [c for c in cols if _toks(c) <= qtoks]
                cols = whole if len(cols) > 1 and len(whole) == 1 else cols
            if cols and self._selects_rows(tid, nouns, cols):
                continue  # (a word picks rows: "what does Table 1 say about everolimus
                #            resistance?", "which cargos ... with anti-PD1 resistance?")
            if len(cols) > 1:
                # ("what content categories ...": "Contents classification" by its name
                # and its hint, "Exosomal contents" by its name alone: the one pointed
                # at by more of the question's words)
                strength = {c: self._hint_strength(c, nouns) for c in cols}
                top = max(strength.values())
                if list(strength.values()).count(top) == 1:
                    cols = [c for c in cols if strength[c] == top]
            if len(cols) != 1 or any(  # a value named: rows asked for ("which proteins")
                    (vt := _toks(v)) and vt <= qtoks and not vt <= named
                    for r in rows for v in r.cells.values() if len(v) > 2):
                continue
            groups: dict[str, list[Passage]] = {}
            for r in rows:
                value = r.cells.get(cols[0], "").strip()
                if value:
                    groups.setdefault(value, []).append(r)
            if len(groups) >= 2:
                if column_role(cols[0]) == "year":  # (years in order)
                    return cols[0], sorted(groups.items())
                return cols[0], sorted(groups.items(), key=lambda kv: -len(kv[1]))
        return None

    def _selects_rows(self, tid: str, question: str, cols: Sequence[str]) -> bool:
        """Does a word of the question, other than words pointing at `cols`, stand in
        some of the table's rows, half of them at most? ("cell" of "which cell type is
        the most common source" stands in most: it is what the column's values are)"""
        pointing = set().union(*(_toks(c) for c in cols)) | {
            stem(h) for hints in COLUMN_HINTS.values() for h in hints}
        rows = self.row_toks[tid]
        return any(0 < sum(t in r for r in rows) <= len(rows) // 2
                   for t in _toks(question) - pointing - self.frame[tid] - set(STOPWORDS))

    def _hint_strength(self, col: str, question: str) -> int:
        """How many of the question's words point at a column: words of its name and
        the everyday words hinting at it."""
        words = {w.lower() for w in question_words(question)} | _toks(question)
        named = (_toks(col) & words) - self.generic
        hinted = {h for key, hints in COLUMN_HINTS.items()
                  if stem(key) in _toks(col) or key in col.lower()
                  for h in hints if h in words or stem(h) in words}
        return len(named) + len(hinted)

    def _asks_for_rows(self, question: str, tid: str) -> bool:
        """"Which X ..." where X is a plural of the table's own kind of thing
        ("Which exosomal miRNAs ...", "Which cargos ..."), so a list of rows answers."""
        m = re.search(r"\b(?:which|what|list(?:\s+(?:all|the|all\s+the))?|(?P<each>"
                      r"(?:list|name)\s+(?:every|each)))\s+((?:[\w\-+]+\s*){1,3})",
                      question, re.I)
        if not m:
            return False
        words = [w for w in m.group(2).split() if w.lower() not in STOPWORDS]
        # ("name every lncRNA": a singular after every)
        plural = [w for w in words if (w.lower().endswith("s") or m.group("each"))
                  and len(w) > 3]
        vocab = self._row_vocabulary(tid)
        return any(_toks(w) & vocab for w in plural)

    def _row_vocabulary(self, tid: str) -> set[str]:
        """Words that name this table's rows: its caption and column words, the words
        rows/entries/studies, and single-word categorical values (circRNAs, 2022)."""
        vocab = set(self.frame[tid]) | {"row", "entry", "entrie", "study", "studie", "item",
                                        "record", "table", "cargo", "content"}
        for col in self.categorical[tid]:
            for r in self.cell_toks[tid]:
                if len(r[col]) == 1:
                    vocab |= r[col]
        return vocab - self.generic

    def _counts_rows(self, question: str, tid: str) -> bool:
        """Does "how many X" count this table's rows? X must be the table's own kind of
        thing: rows, entries, studies, or a word of its columns, caption or categories."""
        m = re.search(r"\b(?:how many|number of|count(?: of)?)\s+((?:[\w\-+]+\s*){1,3})",
                      question, re.I)
        if not m:
            return bool(_TABLE_RE.search(question))
        head = [w for w in m.group(1).split() if w.lower() not in STOPWORDS][:2]
        return bool(_toks(" ".join(head)) & self._row_vocabulary(tid)) or bool(
            _TABLE_RE.search(question))

    def plan(self, question: str, expanded: str | None = None,
             scope: Collection[str] = (), implied: bool = False) -> TableAnswerPlan | None:
        """Rows answering a filter/count/list question, or None if it is not one.
        With `scope` (row ids a conversation listed: "which of them ...?"), only those
        rows are candidates; `implied`: read as though the question named the table."""
        if not self.tables:
            return None
        asked = self._read_question(question, expanded)
        if implied:
            asked = replace(asked, mentions_table=True)
        best: TableAnswerPlan | None = None
        for tid, rows in self.tables.items():
            keep = {i for i, r in enumerate(rows) if not scope or r.id in scope}
            if not keep:
                continue
            st = _PlanState(keep=keep, qtoks=set(asked.qtoks),
                            raw_toks=set(asked.raw_toks))
            self._match_quoted(asked, rows, st)          # 0. a value quoted: 'exosomes'
            self._match_values(asked, tid, rows, st)     # 1. whole values ("miRNAs")
            self._match_categories(asked, tid, rows, st)  # 1a. "from immune cells"
            self._match_negated(asked, tid, rows, st)    # 1b. "not in vivo"
            self._match_value_words(asked, tid, rows, st)  # 1c. "include in vivo work"
            weak = self._match_words(asked, tid, rows, st)  # 2. "sorafenib", "Akt"
            self._match_years(asked, tid, rows, st)      # 3. earliest/latest, "before 2018"
            if not st.keep:
                continue
            plan = self._make_plan(asked, tid, rows, st, weak)
            if plan is not None and (best is None or len(plan.filters) > len(best.filters)):
                best = plan
        return best

    def fitting_rows(self, question: str) -> frozenset[str]:
        """The rows of a table meeting what a question states of one of its categorical
        columns ("which exosomal micrornas come from macrophages": the rows whose origin
        is a macrophage), read as though it named the table; empty when it states no
        such condition. Another row of that table answers no such question."""
        plan = self.plan(question, implied=True)
        # (a column the question points at, by its name or a word hinting at it: "come
        # from macrophages" is an origin; "pushes macrophages to M2" is none)
        if plan is None or not plan.rows or not any(
                col in self.categorical[plan.table_id] and self._hint_strength(col, question)
                for col, _ in plan.filters):
            return frozenset()
        return frozenset(r.id for r in plan.rows)

    def _read_question(self, question: str, expanded: str | None) -> _TableAsk:
        """What a question says to the table planner: its tokens, negated spans, a year
        bound, and whether it counts, lists or names the table."""
        question = self.canonical(question)
        q = self.canonical(expanded or question)
        # "Which circular RNAs ...?" asks for circRNAs: the paraphrase in the review's words.
        translated = question
        for phrase, wording in paraphrase_pairs(question):
            translated = translated.replace(phrase, wording, 1)
        qtoks, raw_toks = _toks(q), _toks(question)
        # ("... for that miRNA?": one thing referred to, not the rows of its class)
        referred = {t for m in _ONE_REFERRED_RE.finditer(question) for t in _toks(m.group(1))}
        qtoks, raw_toks = qtoks - referred, raw_toks - referred
        # Words the question negates ("no in vivo work", "without", "lack") select nothing.
        # ("never tested in animals": in the review's words, not in vivo)
        negated = {t for text in (question, translated)
                   for m in _NEGATED_RE.finditer(text) for t in _toks(m.group(1))}
        negated_spans = [m.span(1) for m in _NEGATED_RE.finditer(question)]
        bound = year_range(question)
        if bound is not None:  # "before 2018" asks for no row of 2018 itself
            negated_spans.append(bound[2])
            qtoks -= {str(bound[1])}
            raw_toks -= {str(bound[1])}
        # "Beyond what Table 1 lists, ...?" names the table in a premise, asking no rows.
        # "the only table entry where ... - what gene ...?": a topic before a dash
        # or colon describes the rows the question goes on to ask about.
        # "Which studies looked at afatinib?" asks for the review's catalogue of studies,
        # its table, as much as "which Table 1 studies ...?" does.
        mentions_table = any(_TABLE_RE.search(t) for t in [*asks(question), _topic(question)]) \
            or bool(_IN_TABLE_RE.match(question) or _STUDIES_ASKED_RE.match(question))
        return _TableAsk(
            question=question, translated=translated, qtoks=frozenset(qtoks),
            raw_toks=frozenset(raw_toks), negated=frozenset(negated),
            negated_spans=tuple(negated_spans), bound=bound,
            count=bool(_COUNT_RE.search(question)),
            # ("protein cargos in table 1 and their years": keywords naming the table
            # ask for its rows)
            listing=bool(_LIST_RE.search(question) or _ROWS_PLURAL_RE.search(question)
                         or (mentions_table and (_COMPARE_RE.search(question)
                                                 or not _ASKING_RE.search(question)))),
            mentions_table=mentions_table,
            only=bool(_ONLY_RE.search(question)), one=bool(_ONE_ROW_RE.match(question)))

    @staticmethod
    def _match_quoted(asked: _TableAsk, rows: list[Passage], st: _PlanState) -> None:
        """0. A value the question quotes ("entries that just say 'exosomes'"), or gives
        after "just say" unquoted: the rows with a cell that is exactly that value."""
        for m in [*_QUOTED_RE.finditer(asked.question), *_SAYS_VALUE_RE.finditer(
                _QUOTED_RE.sub(" ", asked.question))]:
            value = m.group(1).strip().lower()
            hits = {(c, i) for i, r in enumerate(rows) for c, v in r.cells.items()
                    if v.strip().lower() == value}
            cols = {c for c, _ in hits}
            sel = {i for _, i in hits}
            if len(cols) == 1 and 0 < len(sel) < len(rows):
                st.keep &= sel
                st.filters.append((cols.pop(), m.group(1).strip()))
                st.qtoks -= _toks(value)
                st.raw_toks -= _toks(value)

    def _match_values(self, asked: _TableAsk, tid: str, rows: list[Passage],
                      st: _PlanState) -> None:
        """1. Whole-value matches in categorical columns ("miRNAs", "HepG2 cells", "2022")."""
        question, cell_toks = asked.question, self.cell_toks[tid]
        for col in self.categorical[tid]:
            values = sorted({r.cells.get(col, "") for r in rows}, key=len, reverse=True)
            verbatim = [v for v in values if v and (
                asked.stated(v) or _negative_value_asked(v, question))]
            by_words = [
                v for v in values if v and _toks(v)
                and _toks(v) <= (st.qtoks if len(_toks(v)) == 1 else st.raw_toks)
                and not _toks(v) <= self.frame[tid]
                and not _toks(v) & asked.negated]
            # The value naming most of the question's words wins: "HCC patient sera as
            # well as HCC cells" is "HCC patient sera and HCC cells", though "HCC cells"
            # stands in it verbatim ...
            matched = sorted(dict.fromkeys(verbatim + by_words),
                             key=lambda v: (-len(_toks(v)), v not in verbatim))
            if matched and matched[0] not in verbatim:
                # ... unless the shorter value also stands on its own: "rows naming HCC
                # cells (including HCC patient sera plus HCC cells)".
                alone = [v for v in verbatim if _occurrences(v, question)
                         > _occurrences(v, matched[0])]
                if alone:
                    matched = alone
            if not matched:
                continue
            # Prefer the most specific value; "only" asks for the exact value.
            top = matched[0]
            if asked.only:
                sel = {i for i, r in enumerate(rows) if r.cells.get(col) == top}
            else:
                top_toks = _toks(top)
                sel = {i for i in range(len(rows)) if top_toks <= cell_toks[i][col]}
            if 0 < len(sel) < len(rows):
                st.keep &= sel
                st.filters.append((col, top))
                st.qtoks -= _toks(top)
                st.raw_toks -= _toks(top)

    def _match_categories(self, asked: _TableAsk, tid: str, rows: list[Passage],
                          st: _PlanState) -> None:
        """1a. Categories stated by meaning ("exosomes from stromal or immune cells
        rather than tumour cells"): in one column, the rows naming a member of a stated
        category (a fibroblast, a macrophage) and none of a negated one."""
        stated: list[tuple[str, re.Pattern[str], bool]] = []
        # ("non-cancer cells" names the cancer cells' category, negated; same length)
        question = re.sub(r"\bnon-(?=[a-z])", "non ", asked.question, flags=re.I)
        for pattern, members in categories():
            m = pattern.search(question)
            if m is None or not _toks(m.group()) <= st.raw_toks or any(
                    m.group().lower() == v.lower() for r in rows for v in r.cells.values()):
                continue  # (a whole value, not a category: "HCC cells")
            # ("non-cancer cells": every row not naming a cancer cell)
            negated = any(a <= m.start() < b for a, b in asked.negated_spans) or bool(
                re.search(r"\bnon\s+$", question[:m.start()], re.I))
            stated.append((m.group(), re.compile(r"(?<![\w-])(?:" + "|".join(
                re.escape(x) for x in members) + r")(?![\w-])", re.I), negated))
        if not stated:
            return
        done = {c for c, _ in st.filters}
        columns = self.categorical[tid] + [c for c in self.columns[tid] if column_role(c)
                                           == "text" and c not in self.categorical[tid]]
        everything = set(range(len(rows)))
        for col in (c for c in columns if c not in done):
            def naming(member_re: re.Pattern[str], col: str = col) -> set[int]:
                return {i for i, r in enumerate(rows) if member_re.search(r.cells.get(col, ""))}

            wanted = [(w, naming(r)) for w, r, neg in stated if not neg]
            unwanted = [(w, naming(r)) for w, r, neg in stated if neg]
            sel = set().union(*(x for _, x in wanted)) if wanted else set(everything)
            sel -= set().union(*(x for _, x in unwanted))
            if 0 < len(sel & st.keep) < len(st.keep) and (
                    any(x for _, x in wanted) or any(x for _, x in unwanted)):
                st.keep &= sel
                words = " or ".join(w for w, x in wanted if x)
                if unwanted:
                    words += (", " if words else "") + "not " + " or ".join(
                        w for w, _ in unwanted)
                st.filters.append((col, words))
                for w, _, _ in stated:
                    st.qtoks -= _toks(w)
                    st.raw_toks -= _toks(w)
                return

    def _match_negated(self, asked: _TableAsk, tid: str, rows: list[Passage],
                       st: _PlanState) -> None:
        """1b. A negated value ("lack in vivo validation", "not in vivo"): the rows whose
        cell in that column lacks it."""
        cell_toks = self.cell_toks[tid]
        done = {c for c, _ in st.filters}
        for col in self.categorical[tid]:
            if col in done or not asked.negated:
                continue
            col_vocab = set().union(*(cells[col] for cells in cell_toks))
            named = set(asked.negated & col_vocab)
            gone: set[str] = named - self.frame[tid]
            # A negated whole value ("other than HCC cells") is gone as a whole, frame
            # words ("HCC") included, even when all its words are frame words.
            whole: list[set[str]] = [set(_toks(v)) for v in {r.cells.get(col, "") for r in rows}
                     if v and _toks(v) <= asked.negated and _toks(v) & named]
            if whole:
                gone = max(whole, key=len)
            if not gone:
                continue
            # (the rows lacking the negated phrase as a whole: "not HCC cells" keeps
            # "mesenchymal stem cells")
            sel = {i for i in range(len(rows)) if not gone <= cell_toks[i][col]}
            if 0 < len(sel & st.keep) < len(st.keep):
                st.keep &= sel
                st.filters.append((col, "not " + _negated_words(asked.question, gone)))

    def _match_value_words(self, asked: _TableAsk, tid: str, rows: list[Passage],
                           st: _PlanState) -> None:
        """1c. A word that sets some values of a categorical column apart from the rest
        and stands in no other column ("studies that include in vivo experiments":
        "vivo" is in "In vitro and in vivo", not in "In vitro only"): the rows with a
        value holding it."""
        cell_toks = self.cell_toks[tid]
        done = {c for c, _ in st.filters}
        for col in self.categorical[tid]:
            if col in done:
                continue
            for tok in sorted(st.raw_toks & st.qtoks):
                if tok in STOPWORDS or tok in self.frame[tid] or tok in self.generic \
                        or tok in asked.negated:
                    continue
                sel = {i for i in range(len(rows)) if tok in cell_toks[i][col]}
                elsewhere = any(tok in toks for cells in cell_toks
                                for c, toks in cells.items() if c != col)
                # (of the whole table: "which of them had in vivo work?" may keep all
                # the rows in scope)
                if elsewhere or not 0 < len(sel) < len(rows) or not sel & st.keep:
                    continue
                st.keep &= sel
                value = max({rows[i].cells.get(col, "") for i in sel}, key=len)
                st.filters.append((col, value if len({rows[i].cells.get(col, "")
                                                      for i in sel}) == 1 else tok))
                st.qtoks -= {tok}
                st.raw_toks -= {tok}
                break

    def _match_words(self, asked: _TableAsk, tid: str, rows: list[Passage],
                     st: _PlanState) -> list[tuple[int, str, set[int]]]:
        """2. Technical words found in some rows' cells ("sorafenib", "Akt"); returns the
        everyday words that would select some rows, most selective first use."""
        weak: list[tuple[int, str, set[int]]] = []
        words = question_words(asked.question)
        start, n_before = set(st.keep), len(st.filters)
        applied: list[tuple[str, str, set[int], bool]] = []  # column, word, rows, everyday
        either = alternatives(asked.question)
        for pos, word in enumerate(words):
            toks = word_tokens(word.lower())
            if not toks:
                continue
            tok = toks[0]
            if tok in self.frame[tid] or tok in STOPWORDS or tok not in st.qtoks:
                continue
            forms = {tok, tok.replace("-", "")}  # "PD-1" is in "anti-PD1" too
            sel = {i for i in range(len(rows)) if forms & self.row_toks[tid][i]}
            if not sel and len(tok) <= 9 and self.is_technical(word) \
                    and (family := family_key(tok)) is not None:
                # (a short word in another form: "hypoxia" of a row's "Hypoxic ... cells";
                # a long one shares its first letters with too many: "immunotherapy")
                sel = {i for i in range(len(rows)) if any(
                    abs(len(t) - len(tok)) <= 2 and family_key(t) == family
                    for t in self.row_toks[tid][i])}
            if not 0 < len(sel) < len(rows):
                continue
            column, sel = ("any", sel) if _ANYWHERE_RE.search(asked.question) else \
                self._scoped(tid, words[max(0, pos - 2):pos], forms, sel)
            capitalized = pos > 0 and word[:1].isupper() and word[1:].islower()
            if tok in asked.negated and (self.is_technical(word) or capitalized):
                # "not about sorafenib": the rows that do not mention it
                st.keep &= set(range(len(rows))) - sel
                st.filters.append(("none", word))
                applied.append(("none", word, set(range(len(rows))) - sel, False))
            elif tok in asked.negated:
                continue  # (a negated everyday word selects no rows: "aren't from HCC cells")
            elif (alt := self._alternative_to(word, either, applied)) is not None:
                # ("palbociclib or abemaciclib": the rows with either, one filter)
                col, before, rows_before, plain = applied[alt]
                applied[alt] = (col if col == column else "any", f"{before} or {word}",
                                rows_before | sel, plain)
                st.keep = set(start).intersection(*(a[2] for a in applied))
                st.filters[n_before:] = [(a[0], a[1]) for a in applied]
            elif self.is_technical(word) or capitalized or column != "any":
                plain = not (self.is_technical(word) or capitalized)
                if not (st.keep & sel) and any(p for *_, p in applied):
                    # ("resistance through cancer stemness": an everyday word a column
                    # scoped leaves no row with the word after it: it goes)
                    applied = [a for a in applied if not a[3]]
                    st.keep = set(start).intersection(*(a[2] for a in applied))
                    st.filters[n_before:] = [(a[0], a[1]) for a in applied]
                st.keep &= sel
                st.filters.append((column, word))
                applied.append((column, word, sel, plain))
            elif tok not in self.generic and len(sel) <= len(rows) // 2:
                weak.append((len(sel), word, sel))
        return weak

    @staticmethod
    def _alternative_to(word: str, either: Sequence[frozenset[str]],
                        applied: Sequence[tuple[str, str, set[int], bool]]) -> int | None:
        """The filter already applied that `word` is offered as an alternative to
        ("abemaciclib" after "palbociclib or"), by its index; None when none is."""
        w = word.lower()
        for group in (g for g in either if w in g):
            for i, (_, words, _, _) in enumerate(applied):
                if any(x.lower() in group for x in words.split(" or ")) \
                        and w not in words.lower().split(" or "):
                    return i
        return None

    def _scoped(self, tid: str, before: Sequence[str], forms: set[str],
                sel: set[int]) -> tuple[str, set[int]]:
        """A word the words just before it tie to a column ("exosomes from
        macrophages", "released by fibroblasts"): the rows holding it in that column.
        Otherwise the rows holding it anywhere, as column "any"."""
        near = {w.lower() for w in before}
        if len(before) == 2 and before[1].lower() == "where" and \
                before[0].lower() in _ROW_WORDS:
            near.discard("where")  # "rows where X ...": which rows, not where they come from
        if near & {"from", "by"}:
            near.add("source")
        for col in self._column_for_hint(tid, near):
            scoped = {i for i in sel if forms & self.cell_toks[tid][i].get(col, frozenset())}
            if scoped:
                return col, scoped
        return "any", sel

    def _match_years(self, asked: _TableAsk, tid: str, rows: list[Passage],
                     st: _PlanState) -> None:
        """3. Superlatives over a year column (earliest / latest), and a bound on it
        ("before 2018", "since 2021")."""
        year_cols = [c for c in self.columns[tid] if column_role(c) == "year"]
        if not year_cols:
            return
        col = year_cols[0]
        years = [r.cells.get(col, "") for r in rows]
        question = asked.question
        if _EARLIEST_RE.search(question) or _LATEST_RE.search(question):
            # (among the rows the other filters kept: "the oldest miRNA"; both ends for
            # "the oldest and the newest")
            valid = [y for i, y in enumerate(years) if y.isdigit() and i in st.keep]
            if valid:
                targets = {min(valid) if _EARLIEST_RE.search(question) else max(valid),
                           max(valid) if _LATEST_RE.search(question) else min(valid)}
                st.keep &= {i for i, y in enumerate(years) if y in targets}
                st.filters.append((col, " or ".join(sorted(targets))))
        if asked.bound is not None:
            sign, year, _ = asked.bound
            test = {"<": year.__gt__, "<=": year.__ge__, ">": year.__lt__,
                    ">=": year.__le__}[sign]
            st.keep &= {i for i, y in enumerate(years) if y.isdigit() and test(int(y))}
            st.filters.append((col, f"{sign} {year}".replace("<=", "≤").replace(">=", "≥")))

    def _make_plan(self, asked: _TableAsk, tid: str, rows: list[Passage], st: _PlanState,
                   weak: list[tuple[int, str, set[int]]]) -> TableAnswerPlan | None:
        """The plan for one table, when the question asks its rows explicitly (a count,
        a table listing, a year bound) or implicitly (a list with two filters)."""
        has_years = any(column_role(c) == "year" for c in self.columns[tid])
        if (asked.count or asked.mentions_table) and not st.filters and weak:
            # Only everyday words left ("mention stemness"): the most selective one.
            _, word, sel = min(weak)
            st.keep &= sel
            st.filters.append(("any", word))
        if asked.one and len(st.keep) > 1:
            # "The Bacillota organism in Table 1 that suppresses ...": one row is
            # described; an everyday word of the description tells it from the others.
            narrowed = [(len(sel & st.keep), word, sel) for _, word, sel in weak
                        if 0 < len(sel & st.keep) < len(st.keep)]
            if narrowed:
                _, word, sel = min(narrowed)
                st.keep &= sel
                st.filters.append(("any", word))
        count_ok = asked.count and self._counts_rows(asked.question, tid)
        superlative = has_years and bool(_EARLIEST_RE.search(asked.question)
                                          or _LATEST_RE.search(asked.question))
        explicit = count_ok or (asked.mentions_table and (asked.listing or superlative)) \
            or bool(asked.bound is not None and has_years and asked.listing)
        implicit = (asked.bound is not None and has_years
                    and (asked.listing or asked.count)) or (
                        asked.listing and len(st.keep) >= 2 and (
                            len(st.filters) >= 2 or (_LIST_ALL_RE.match(asked.question)
                                                     and not _PART_RE.search(asked.question)))
                        and any(c not in ("any", "none") for c, _ in st.filters)
                        and self._asks_for_rows(asked.translated, tid))
        framed = self._framed(asked, tid, st)
        if not (explicit or implicit or framed):
            return None
        if not st.filters and not (asked.count and asked.mentions_table):
            return None
        return TableAnswerPlan(
            table_id=tid,
            rows=tuple(rows[i] for i in sorted(st.keep)),
            filters=tuple(st.filters),
            count=count_ok,
            label_column=self.label_column[tid],
            show_columns=self._shown_columns(asked, tid, st, count_ok),
            total_rows=len(rows),
            explicit=bool(explicit),
            names={p.id: self.row_names.get(p.id, "") for p in rows},
            framed=framed and not explicit,
        )

    def _framed(self, asked: _TableAsk, tid: str, st: _PlanState) -> bool:
        """"which circRNAs are linked to ARPI resistance?" of a table of "EV cargos
        involved in resistance to androgen receptor pathway inhibitors", "what EV cargos
        from CAFs ...?": rows of one class (or origin) of the table asked for, the rest
        of the question the table's own topic (its caption's and columns' words) or
        everyday words; every row of the class answers, as for "which circRNAs are in
        the table?"."""
        # ("what lncRNAs ...": a plural of the table's kind of thing asks for rows; "what
        # proteins were in those exosomes" asks of the ones just talked about)
        if _REFERRING_RE.search(asked.question) or len(st.keep) < 2 or len(st.filters) != 1 \
                or st.filters[0][0] in ("any", "none") \
                or not self._asks_for_rows(asked.translated, tid):
            return False
        # (the rest may relate the rows to the topic, "linked to", "tied to", but not
        # qualify them: "which serum exosome lncRNAs are diagnostic markers for HCC?")
        value = _toks(st.filters[0][1])
        vocab = self._row_vocabulary(tid)
        rest = {t for t in asked.raw_toks if t not in self.frame[tid] and t not in value
                and t not in self.generic and t not in vocab}
        return all(t.startswith(_RELATION_STEMS) for t in rest)

    def described_columns(self, tid: str) -> list[str]:
        """The columns that say what a row is about: free text, not categories."""
        label = self.label_column[tid]
        return [c for c in self.columns[tid] if c != label
                and column_role(c) == "text" and c not in self.categorical[tid]]

    def _shown_columns(self, asked: _TableAsk, tid: str, st: _PlanState,
                       count: bool) -> tuple[str, ...]:
        """The columns a table answer shows beside each row's name."""
        label = self.label_column[tid]
        # (a column a whole value filters on is not shown again; one a word of it
        # selects by is: "mechanisms involving Akt" shows the mechanisms)
        rows = self.tables[tid]
        # (unless the rows it keeps differ in it: "not cancer cells" keeps fibroblasts,
        # stem cells and macrophages, and says which is which)
        filtered = {c for c, _ in st.filters if (c in self.categorical[tid]
                    or column_role(c) == "year")
                    and len({rows[i].cells.get(c, "") for i in st.keep}) < 2}
        # (a quoted value is no hint: 'exosomes' does not point at "Origin of exosome")
        shown = [c for c in self.hinted_columns(tid, _QUOTED_RE.sub(" ", asked.question))
                 if c != label and c not in filtered]
        described = self.described_columns(tid)
        if len(st.keep) <= 5 and not count:
            # (a few rows a word selected: the cells holding it say how each qualifies)
            shown += [c for c, _ in st.filters if c not in filtered and c != label
                      and column_role(c) in ("text", "year")]
        if len(st.keep) == 1 and not count:
            # One row answers: show all it says.
            shown = [c for c in self.columns[tid] if c != label and column_role(c) != "refs"]
        elif len(st.keep) <= 3 and not count:
            # A few rows (up to three): show what they say, not only their names (over
            # the word cap, the answer keeps the cells it selected by, or names only).
            shown += described
        elif len(st.keep) <= 5 and asked.listing and not set(shown) & set(described):
            # "..., and what are they?": a few rows, each with what it is about (the
            # first descriptive column), when that fits the answer.
            shown += described[:1]
        return tuple(dict.fromkeys(shown))


@dataclass(frozen=True)
class _TableAsk:
    """A question as the table planner reads it."""

    question: str
    translated: str  # lay phrases in the review's words ("circular RNAs" -> circRNAs)
    qtoks: frozenset[str]  # tokens of the expanded question
    raw_toks: frozenset[str]  # tokens of the question as asked
    negated: frozenset[str]  # tokens in negated phrases ("not in vivo")
    negated_spans: tuple[tuple[int, int], ...]
    bound: tuple[str, int, tuple[int, int]] | None  # a year bound ("before 2018")
    count: bool
    listing: bool
    mentions_table: bool
    only: bool
    one: bool = False  # a definite description of one row ("the X in Table 1 that ...")

    def stated(self, value: str) -> bool:
        """`value` stands in the question outside every negated phrase ("from immune cells
        rather than HCC cells" does not ask for HCC cells)."""
        return any(not any(a <= m.start() < b for a, b in self.negated_spans)
                   for m in re.finditer(r"(?<![\w-])" + re.escape(value) + r"(?![\w-])",
                                        self.question, re.I))


@dataclass
class _PlanState:
    """The rows one table keeps so far, the filters that kept them, and the question
    tokens no filter has used yet."""

    keep: set[int]
    qtoks: set[str]
    raw_toks: set[str]
    filters: list[tuple[str, str]] = field(default_factory=list)
