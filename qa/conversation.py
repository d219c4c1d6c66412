"""Follow-up questions, resolved from the conversation: what earlier turns asked, and
what their answers named and cited.

Each earlier turn becomes a `TurnState`: the question as it was understood, the names it
and its answer mention (`Mention`, with a kind: circRNA, miRNA, drug, gene, study, ...),
the table rows the answer listed and the passages it quoted. A new question is then read
against that state (`resolve`):

- a question that stands on its own is left as it is;
- a pronoun ("it", "its", "they") or a definite reference ("that circRNA", "those two",
  "that study") becomes the name it stands for, chosen by agreement (number, the kind a
  phrase names or a verb asks for) and salience (what the last question asked for, what
  its answer named first, the most recent of two), and the note says which was assumed
  when another name would also fit;
- ellipsis ("and lenvatinib?", "what about in vivo?", "the other one?") is the last
  question with one name swapped, or a question about the last topic;
- "which of them ...?" and "the newest one?" after a list pick among the rows that list
  named (`Resolved.scope`).

Every rewrite is a whole question, shown to the user ("Read as: ..."). The last answer's
cited passages are a retrieval prior for a follow-up (`Resolved.prior`); a topic switch
gets none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from index.lexical import STOPWORDS
from qa.prompts import ABSTAIN_TEXT, CHOICE_LEAD
from qa.terms import QUESTION_WORDS, content_terms
from qa.vocabulary import DRUG_RE

History = Sequence[tuple[str, str]]  # (question, answer text) of earlier turns, oldest first

MAX_TURNS = 4  # earlier turns read to understand the previous question
SWAP_SIMILARITY = 0.3  # "and sorafenib?" swaps a term at least this close to it

# -- mentions ---------------------------------------------------------------------------

# (an RNA class prefix before a capitalised name is part of it: "Linc-ROR", not "ROR")
_ENTITY_RE = re.compile(r"\b(?:[Ll]inc|[Ll]nc|[Cc]irc)(?:RNA)?-[A-Z]+\b(?!-)"
                        r"|\b[a-z]{2,5}-\d[\w\-]*|[A-Za-z]*(?:\d|[a-z][A-Z]|[A-Z]{2})[\w\-]*\+?"
                        r"|\b[A-Z]-[a-z]{2,3}\b")
# A name of two words, capitals then a mixed-case code: "MIA PaCa-2"
_TWO_WORD_NAME_RE = re.compile(r"([A-Z]{2,})\s([A-Z][a-z]+[A-Z][A-Za-z]*-?\d+)(?![\w-])")
_AUTHOR_RE = re.compile(r"\b([A-Z][a-z]+|[a-z]{3,})(?:\s+[A-Z]{1,3})?\s+et\s+al\b\.?")
_KIND_OF_PREFIX = (("circ", "circRNA"), ("mir-", "miRNA"), ("mirna", "miRNA"),
                   ("lnc", "lncRNA"), ("linc", "lncRNA"))
# Words naming a kind of thing ("that circRNA", "which drug"), singular and plural.
KIND_WORDS: dict[str, str] = {
    "circrna": "circRNA", "circrnas": "circRNA", "mirna": "miRNA", "mirnas": "miRNA",
    "microrna": "miRNA", "micrornas": "miRNA", "lncrna": "lncRNA", "lncrnas": "lncRNA",
    "drug": "drug", "drugs": "drug", "inhibitor": "drug", "inhibitors": "drug",
    "antibody": "drug", "antibodies": "drug", "pill": "drug", "pills": "drug",
    "medicine": "drug", "medicines": "drug", "medication": "drug", "medications": "drug",
    "protein": "gene", "proteins": "gene", "gene": "gene", "genes": "gene",
    "molecule": "any", "molecules": "any", "rna": "any", "rnas": "any", "sirna": "any",
    "sirnas": "any", "ncrna": "any", "ncrnas": "any",
    "cargo": "any", "one": "any", "ones": "any", "two": "any", "three": "any",
    "study": "study", "studies": "study", "work": "study", "paper": "study",
    "group": "study", "team": "study", "lab": "study", "authors": "study",
    "entry": "row", "entries": "row", "row": "row", "rows": "row",
}


@dataclass(frozen=True)
class Mention:
    """A name a turn mentions, with its kind ("circRNA", "miRNA", "lncRNA", "drug",
    "gene", "study") and whether it is a table row's name."""

    text: str
    kind: str
    row: bool = False
    # named inside parentheses, glossing another name: "Atezolizumab (a PD-L1 monoclonal
    # antibody)"
    gloss: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Lexicon:
    """What the conversation reader knows of the review: which words are too common to
    be a topic, how rare a word is, word embeddings, table row names (name -> row id),
    the kind each row name has, and the passages an answer text quotes."""

    common: Callable[[str], bool] = lambda w: False
    known: Callable[[str], bool] = lambda w: True  # does the review use the word?
    rarity: Callable[[str], float] | None = None
    embed: Callable[[str], np.ndarray] | None = None
    rows: Mapping[str, str] = field(default_factory=dict)
    row_kinds: Mapping[str, str] = field(default_factory=dict)
    row_ids: frozenset[str] = frozenset()  # every table row's id (names may be shared)
    cited: Callable[[str], tuple[str, ...]] | None = None
    years: Mapping[int, int] = field(default_factory=dict)  # reference number -> year
    study_names: Mapping[int, str] = field(default_factory=dict)  # -> "Lou et al."
    # abbreviations of institutions ("FDA": Food and Drug Administration): an agent of
    # the talk, never what "it" stands for
    institutions: frozenset[str] = frozenset()
    # the best share of `words`' rarity one sentence of the review naming `name` holds
    # ("when was it approved?": sorafenib, never HGF, is said to be approved)
    together: Callable[[str, Sequence[str]], float] | None = None
    # does the review name a name right after a noun ("transporter ABCG2")?
    beside: Callable[[str, str], bool] | None = None


# A long form naming an institution, not a thing studied
INSTITUTION_RE = re.compile(
    r"\b(?:Administration|Agency|Organi[sz]ation|Institutes?|Society|Association|Committee|"
    r"Foundation|University|Council|Cent(?:er|re)s?|Consortium|Commission|Ministry|Bureau|"
    r"Network)\b", re.I)


def class_kind(value: str) -> str:
    """The kind a table's class value names ("circRNAs" -> circRNA, "Protein" -> gene),
    "" for other values."""
    kind = KIND_WORDS.get(value.lower(), "")
    return "" if kind in ("any", "row", "study") else kind


def kind_of(name: str, lex: Lexicon) -> str:
    """A name's kind: the table's own class for a row name, else by its form."""
    if name in lex.row_kinds:
        return lex.row_kinds[name]
    low = name.lower()
    for prefix, kind in _KIND_OF_PREFIX:
        if low.startswith(prefix) and len(low) > len(prefix):
            return kind
    if DRUG_RE.fullmatch(name):
        return "drug"
    if _AUTHOR_RE.fullmatch(name):
        return "study"
    return "gene"


def mentions(text: str, lex: Lexicon, common_too: bool = False) -> list[Mention]:
    """The names `text` mentions, in order of first mention, each once; names most
    passages use ("HCC") only with `common_too`."""
    found: list[tuple[int, str]] = []
    glued_to = -1
    for m in _ENTITY_RE.finditer(text):
        if m.start() >= 2 and text[m.start() - 1] == "(" and text[m.start() - 2].isalpha():
            continue  # (inside a word: "poly(ADP-ribose)" names no "ADP")
        if m.start() == glued_to:
            continue  # (the second word of a two-word name, below)
        two = _TWO_WORD_NAME_RE.match(text, m.start())
        if two is not None:  # ("MIA PaCa-2": one cell line, no "MIA")
            found.append((m.start(), two.group()))
            glued_to = two.start(2)
            continue
        # "miR-199a-loaded", "RAB27A-dependent": the name without its participle
        word = re.sub(r"-[a-z]{4,}$", "", m.group().strip("-"))
        # (a page range, "57707-22", names nothing)
        if len(word) >= 3 and re.search(r"[A-Za-z]", word) and (common_too or not lex.common(word)):
            found.append((m.start(), word))
    found += [(m.start(), m.group()) for m in DRUG_RE.finditer(text)]
    found += [(m.start(), m.group(1).capitalize() + " et al.")
              for m in _AUTHOR_RE.finditer(text)]
    for name in lex.rows:
        row = re.search(r"(?<![\w\-])" + re.escape(name) + r"(?![\w\-])", text)
        genus, _, species = name.partition(" ")
        if row is None and re.fullmatch(r"[A-Z][a-z]+", genus) and re.fullmatch(r"[a-z]+", species):
            # (a species named with its genus cut to a letter: "A. muciniphila")
            row = re.search(r"(?<![\w\-])" + genus[0] + r"\.\s?" + species + r"(?![\w\-])", text)
        if row and not lex.common(name):  # a row named "exosomes" is no name in a question
            found.append((row.start(), name))
    out: dict[str, Mention] = {}
    for at, word in sorted(found):
        if word.lower() in KIND_WORDS or word.lower() in {m.lower() for m in out} \
                or word in lex.institutions:
            continue
        gloss = _in_gloss(text, at)
        out[word] = Mention(word, kind_of(word, lex), word in lex.rows, gloss)
    # A long form's part ("RNA" in "circular RNA PAK1 (circPAK1)") names nothing itself.
    return [m for m in out.values()
            if not (m.text.isupper() and any(m.text in o and o != m.text for o in out))]


# -- the state of a conversation ----------------------------------------------------------

_ASKS_FOR_THING_RE = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:which|what)\s+(?:kinds?\s+of\s+|types?\s+of\s+)?"
    r"(?!(?:is|are|was|were|does|do|did|has|have|can|about|happens|happened)\b)(\w+)",
    re.I)
_NOT_A_THING_ASKED = frozenset("""of reference references ref refs journal journals paper
    papers study studies author authors year years one ones""".split())
# "what signalling does pIgR ...": the name after the ask's auxiliary is its subject
_SUBJECT_AFTER_ASK_RE = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:which|what)\s+(?:[\w-]+\s+){1,3}?(?:does|do|did|is|are|was|were|"
    r"can|could|has|have|had|will|would)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+)?[\w+-]+$", re.I)
# (an answer listing rows: "Table 1 lists 3 entries ...", "Table 1 has 4 entries ...";
# not one row's unit, "Table 1 lists H19 (...)", beside a sentence naming another row)
_LIST_ANSWER_RE = re.compile(r"\b(?:lists|has) \d+ (?:entries|rows)", re.I)


@dataclass(frozen=True)
class TurnState:
    """One earlier turn as the conversation remembers it."""

    asked: str
    understood: str
    answer: str
    topic: tuple[Mention, ...]  # named in the question as understood, in order
    named: tuple[Mention, ...]  # named in the answer, in order
    rows: tuple[str, ...]  # ids of the table rows the answer lists
    cited: tuple[str, ...]  # ids of the passages the answer quotes
    asked_kind: str = ""  # the kind the question asked for ("Which circRNA ...?")
    chosen: str = ""  # the name a reference in it was read as
    others: tuple[str, ...] = ()  # names that reference could also have meant

    @property
    def salient(self) -> list[Mention]:
        """Names in the order a later "it" most likely means them: what the answer named
        when the question asked for a thing, else what the question was about."""
        named = [m for m in self.named if not m.gloss] + [m for m in self.named if m.gloss]
        if self.asked_kind:
            # (what the answer gave before what the question itself named: "which microbe
            # rescued anti-PD-1?" is answered by Akkermansia muciniphila, not PD-1)
            given = self._given_in_ask()
            fitting = [m for m in named if _fits(m, self.asked_kind)]
            fitting = [m for m in fitting if m.text.lower().rstrip("+") not in given] + [
                m for m in fitting if m.text.lower().rstrip("+") in given]
            # (a cell line last: where the thing given was studied, as below)
            fitting = sorted(fitting, key=lambda m: _cell_line(m.text, self.answer))
            return fitting + list(self.topic) + [m for m in named if m not in fitting]
        # (a cell line the answer names is where a thing was studied, seldom what a later
        # "it" means: "EVs from erlotinib-resistant HCC827 cells carried AXL" -> AXL)
        return list(self.topic) + sorted(named, key=lambda m: _cell_line(m.text, self.answer))

    def _given_in_ask(self) -> set[str]:
        """The names a "which X ...?" question gave itself, which its answer's X is not
        (lower case); none when a name is the ask's subject ("what signalling does pIgR
        activate?" asks of pIgR), when the ask chooses among names ("which of X and Y
        ...?") or asks for a reference ("which journal published the study behind
        “...”?")."""
        wh = _ASKS_FOR_THING_RE.match(self.understood)
        if wh is None or wh.group(1).lower() in _NOT_A_THING_ASKED:
            return set()
        return {m.text.lower().rstrip("+") for m in self.topic
                if m.text not in self.understood or not _SUBJECT_AFTER_ASK_RE.match(
                    self.understood[:self.understood.find(m.text) + len(m.text)])}


def _cell_line(name: str, text: str) -> bool:
    """Is `name` a cell line in `text`: a code of letters and digits ("HCC827", "MCF-7")
    or of mixed case ("VCaP", "LNCaP"), at least half the mentions of which are followed
    by "cells", "cell line" or "xenografts" within a few words ("VCaP and LNCaP cells")?"""
    if not re.fullmatch(r"[A-Za-z]+-?\d+[\w/-]*|[A-Z]*[a-z]+[A-Z][A-Za-z]*", name) \
            and not _TWO_WORD_NAME_RE.fullmatch(name):
        return False
    at = [m.end() for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text)]
    cells = sum(1 for i in at if re.match(
        r"(?:\s*/[\w-]+)?\s+(?:[\w/-]+\s+|(?:and|or)\s+[A-Z][\w/-]*\s+)?"
        r"(?:cells?|cell\s+lines?|xenografts?)\b", text[i:]))
    return bool(at) and cells >= len(at) / 2


def _fits(m: Mention, kind: str) -> bool:
    return kind in ("any", "") or m.kind == kind or (kind == "study" and m.row)


_THERE_IS_KIND_RE = re.compile(
    r"^\W*(?:(?:and|so|also)\s+)?(?:is\s+there|are\s+there|were\s+there|any)\s+"
    r"(?:an?\s+|any\s+)?((?:[\w-]+\s+){0,2}[\w-]+)\s+(?:that|which|linked|involved|known)\b",
    re.I)


def asked_kind(question: str) -> str:
    """The kind a question asks for ("Which circRNAs ..." -> circRNA), "any" for another
    noun ("which proteins" -> gene), "" when it asks for no thing."""
    m = _ASKS_FOR_THING_RE.match(question)
    if not m:
        # "is there an EV circRNA that drives ...?", "any drugs that ...?": whether
        # there is a thing of a kind, which the answer names
        there = _THERE_IS_KIND_RE.match(question)
        kinds = [KIND_WORDS.get(w.lower(), "") for w in there.group(1).split()] if there else []
        return next((k for k in kinds if k not in ("", "any", "row", "study")), "")
    # (the kind may come a word later: "which chemo drugs ...", "which exosomal miRNAs")
    after = re.match(r"\s+([\w-]+)", question[m.end():])
    second = after.group(1).lower() if after else ""
    return KIND_WORDS.get(m.group(1).lower()) or KIND_WORDS.get(second) or "any"


def turn_state(asked: str, understood: str, answer: str, lex: Lexicon,
               chosen: str = "", others: Sequence[str] = ()) -> TurnState:
    named = mentions(answer, lex)
    rows: tuple[str, ...] = ()
    cited = lex.cited(answer) if lex.cited else ()
    known = lex.row_ids | set(lex.rows.values())
    listed = tuple(c for c in cited if c in known)
    # (an answer listing rows, or citing several: "Table 1 has 6 circRNAs: ...")
    if _LIST_ANSWER_RE.search(answer) or len(listed) >= 2:
        rows = tuple(dict.fromkeys(lex.rows[m.text] for m in named if m.row))
        if len(listed) > len(rows):  # (rows sharing a name, "exosomes", by their cells)
            rows = listed
    return TurnState(asked=asked, understood=understood, answer=answer,
                     topic=tuple(mentions(understood, lex)), named=tuple(named), rows=rows,
                     cited=tuple(cited), asked_kind=asked_kind(understood), chosen=chosen,
                     others=tuple(others))


# -- resolving a question -------------------------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    """A question read against the conversation."""

    question: str  # the question as the assistant answers it (== asked when standalone)
    how: str = "standalone"  # standalone, pronoun, reference, ellipsis, choice, superlative
    chosen: str = ""  # the name a pronoun or reference was read as
    others: tuple[str, ...] = ()  # other names it could have meant
    prior: tuple[str, ...] = ()  # passages the previous answer quoted
    scope: tuple[str, ...] = ()  # table rows the question picks among
    context: str = ""  # words of the topic, for retrieval only
    alternatives: tuple[str, ...] = ()  # other readings; the assistant keeps the one its
    #                                      evidence answers best (an elliptical follow-up)
    told: str = ""  # what the reading found, said with the answer ("the earliest is ...")
    avoid: str = ""  # an earlier answer whose sentences "any others?" asks past
    # the last answer's sentences a "which one ...?" may choose among, and what it asks
    # of them ("is about immunotherapy")
    among: tuple[str, ...] = ()
    criterion: str = ""

    @property
    def note(self) -> str:
        """What was assumed, when another reading was possible."""
        if self.told:
            return self.told
        if not (self.chosen and self.others):
            return ""
        also = " and ".join(self.others).rstrip(".")  # ("... also named Zhang et al.")
        return f"Read as about {self.chosen}; the conversation also named {also}."


_ELLIPSIS_RE = re.compile(
    r"^\s*(?:and|also|but|or|so)?\s*(?:what|how)\s+about\s+(.+?)\s*[?.!]*\s*$"
    r"|^\s*(?:and|also|or|plus)\s*,?\s+(?:for\s+|with\s+)?(.+?)\s*[?.!]*\s*$",
    re.I)
# Words a question opens with; a rewrite's check (_QUESTION_START_RE) accepts a few more.
_ASKING_WORDS = (r"what|which|how|when|where|who|why|is|are|was|were|do|does|did|can|could|"
                 r"has|have|tell|list|show|give")
_WH_START = re.compile(r"(?:" + _ASKING_WORDS + r")\b", re.I)
# ("is it proven that ...", "is it true that ...": that "it" stands for no name)
_PRONOUN_RE = re.compile(
    r"\b(its|they|them|their|it\b(?!\s+(?:\w+\s+)?(?:true|proven|known|possible|clear|"
    r"likely|shown|established|certain|confirmed|understood|the\s+case)\s+"
    r"(?:that|whether|if|how|why|what|where|when)\b))\b",
    re.I)
_ANY_WH_RE = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)(?:'?s)?\b|"
                        r"\b(?:this|that|these|those)\b", re.I)
# "that circRNA", "those two", "that same group": a determiner, up to two words, and a
# word naming a kind (KIND_WORDS); "the study of X" / "the circRNA that ..." stand alone.
_DEMONSTRATIVE_RE = re.compile(
    r"\b(?:that|this|those|these|the)\s+((?:[\w\-+]+\s+){0,2}?)("
    + "|".join(sorted(KIND_WORDS, key=len, reverse=True))
    + r")\b(?!-)(?!\s+(?:of|that|which|who)\b)", re.I)  # ("three-miRNA" qualifies a noun)
# Words of a definite reference that describe no study of their own ("that same study").
_SAME_WORDS = frozenset("same other first last earlier previous latest recent second "
                        "original whole above former".split())
_THAT_CLAUSE_WORDS = frozenset("proven true shown known say says said mean means think claim "
                               "claims suggest suggests found show shows showed possible likely "
                               "clear evidence idea fact so believe thought sure".split())
_THOSE_NOUN_RE = re.compile(r"\b(?:that|this|those|these)\s+(?:[a-z-]+\s+)??[a-z]{4,}\b", re.I)
# what a study is said to have been: "was it tested in animals", "when was it published"
_STUDY_PARTICIPLES = "tested|shown|done|studied|published|reported|confirmed|validated"
# "how was that shown?", "has this been tested?": what the last answer claimed
_THAT_CLAIM_RE = re.compile(
    r"\b(?:that|this)\s+(?:(?:has|have|had)\s+)?(?:been\s+)?(?:\w+ly\s+)?(?:"
    + _STUDY_PARTICIPLES + r"|found|proven|proved|known|measured|seen|observed|demonstrated|"
    # ("is that directly linked to drug resistance?": the claim, related to something)
    r"discovered|linked|tied|connected|related|associated)\b", re.I)
_BARE_DEMONSTRATIVE_RE = re.compile(r"\b(this|that|these|those)(?=\s*(?:[?.!,;]|$))", re.I)
_WHICH_OF_RE = re.compile(
    r"\b(?:which|what)\s+(?:one\s+)?(?:of\s+(?:(?:them|those|these)(?:\s+(?:two|three|2|3))?"
    r"|the\s+(?:two|three|2|3|ones?|rows|entries))|one)\b"
    # (the choice put first: "of those, which isn't from HCC cells?")
    r"|^\s*(?:and\s+)?of\s+(?:them|those|these)\s*,?\s*(?:which|what)(?:\s+one)?\b", re.I)
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6,  # "which of the two ...?"
                "2": 2, "3": 3}
# "most recent of the four?": the list of that many
_THE_COUNT_RE = re.compile(r"\bthe\s+(" + "|".join(w for w in _COUNT_WORDS if w.isalpha())
                           + r")\b", re.I)
_SUPERLATIVE_RE = re.compile(
    r"\b(newest|latest|most recent|oldest|earliest|first|last|least recent|more recent|"
    r"newer|later|older|earlier)(?:(?<=recent)ly)?\b", re.I)  # ("published most recently")
# Of two, the comparative is the superlative: "which of the two is more recent?"
_COMPARATIVES = {"more recent": "latest", "newer": "latest", "later": "latest",
                 "older": "earliest", "earlier": "earliest"}
_OTHER_RE = re.compile(r"^\s*(?:and|what about|how about)?\s*the other(?: one)?\s*[?.!]*\s*$",
                       re.I)
_OTHER_IN_RE = re.compile(
    r"\bthe other (?:one|" + "|".join(k for k, v in KIND_WORDS.items() if v not in (
        "any", "row")) + r")\b", re.I)
# "they" doing research ("did they use", "they found") is the study's authors.
# "does it say", "do they mention": the subject of a verb of saying is the review (or
# its authors), not a name of the conversation.
_SAYS_RE = re.compile(
    r"\b(it|they)\s+(?:say|says|said|mention|mentions|mentioned|describe|describes|"
    r"discuss|discusses|list|lists|talk\s+about|talks\s+about|cover|covers|state|states|"
    r"write|writes|claim|claims|conclude|concludes|cite|cites|cited|reference|references|"
    # (verbs of a speaker's view: "so what do they suggest?" asks the authors)
    r"suggest|suggests|propose|proposes|recommend|recommends|think|thinks|believe|believes|"
    r"argue|argues|hypothesi[sz]e|hypothesi[sz]es|speculate|speculates)\b",
    re.I)
# A topic put first, then the question about it: "the acidic environment study, what did
# it find?", "those Breg cells - what cytokine do they make?".
_FRONTED_RE = re.compile(r"^\s*(?:the|that|this|those|these)\s+[^,;:?–—]+?\s*(?:[,;:–—]|\s-)"
                         r"\s*\S", re.I)
_AGENT_RE = re.compile(
    r"\b(?:did|do|have|had)\s+they\s+(use|give|inject|test|treat|find|show|measure|apply|"
    r"report|try|combine|study|do|check|examine|look|analy[sz]e|review|compare|validate|"
    r"confirm|observe|detect|collect|include|recruit|enrol+|follow|publish|checked|examined|"
    # (lab work: "which gene did they knock out", "what inhibitor did they pair with it")
    # (not what things do as well: "how did they block sorafenib killing?" of exosomes)
    r"knock|overexpress|transfect|pair|load|engineer|isolate|culture|expose|delete|knocked|"
    r"overexpressed|transfected|paired|loaded|engineered|isolated|cultured|exposed|deleted|"
    r"looked|analy[sz]ed|reviewed|compared|validated|confirmed|observed|detected|collected|"
    r"included|recruited|enrol+ed|followed|published|used|tested|studied|shown|found)\b"
    # (things made: "what did they make the figures with" asks of the researchers; "what
    # do they make" may ask what cells make)
    r"|\b(?:did|have|had)\s+they\s+(make|create|draw|design|build|generate|made|created|"
    r"drawn|designed|built|generated)\b"
    r"|\bthey\s+(made|created|drew|designed|built|generated|used|gave|injected|tested|treated|found|showed|measured|reported|tried|"
    r"combined|studied|checked|examined|looked|analy[sz]ed|reviewed|compared|validated|"
    r"confirmed|observed|detected|collected|included|recruited|followed|published|"
    # (lab work told in the past: "what worked better when they got rid of rab27a?")
    r"knocked|deleted|removed|depleted|silenced|overexpressed|transfected|loaded|"
    r"engineered|isolated|cultured|exposed|added|got\s+rid)\b", re.I)
# The review's own parts: "the figures", "this review", "the table"
_REVIEW_PART_RE = re.compile(r"\b(?:the\s+(?:figures?|tables?|illustrations?|diagrams?)|"
                             r"(?:this|the)\s+(?:review|article)\b(?!\s+(?:by|from|of)\b))",
                             re.I)
# A phrase asking for a drug: "resistant to it", "what kind of drug is it".
_DRUG_CUE_RE = re.compile(
    r"\b(?:resistan\w*|sensitiv\w*|respon\w*|dose|dosage)\s+(?:to|of)\s+(?:it|them|that)\b"
    r"|\bkind of (?:drug|medicine|treatment)\b"
    r"|\bwhat (?:drug|medicine) is (?:it|that|this)\s*(?:anyway|exactly)?\s*\??\s*$"
    r"|\bside effects?\b|\btoxicit\w*|\bclinical trials?\b"
    # (what is approved or numbered in a trial registry is a drug: "when was it
    # approved?", "whats its trial number")
    r"|\bapprov\w*|\btrial\s+(?:numbers?|ids?|identifiers?)\b"
    # (what is called a drug is one: "is it a single target drug?")
    r"|\b(?:is|was|are|were)\s+(?:it|they|that|this)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:drugs?|medicines?|medications?|inhibitors?|TKIs?)\b", re.I)
# A phrase asking about a study: "was it tested in animals", "when was it published".
_STUDY_CUE_RE = re.compile(
    r"\b(?:" + _STUDY_PARTICIPLES + r")\b"
    r"|\bin (?:mice|animals|vivo|vitro|patients)\b", re.I)
_DATE_CUE_RE = re.compile(r"\b(?:year|yr|when|date|journal|published|authors?)\b", re.I)
_PUBLISHED_RE = re.compile(r"\b(?:published|publish|came out|reported|journal|venue)\b", re.I)
_PREPOSITION_RE = re.compile(r"^(?:in|on|for|as|with|at|during|among|from|by|via)\b", re.I)
_PLURAL_NOUN_RE = re.compile(r"\b([a-z]{4,}s)\b")
_VERB_OR_AUX_RE = re.compile(
    r"\b(?:is|are|was|were|do|does|did|has|have|had|can|could|may|might|will|would|"
    r"should|\w+(?:ed|es)|"
    # (English's irregular past forms: "who wrote this review" is about no "wrote")
    r"wrote|written|found|made|took|taken|gave|given|led|began|begun|brought|built|chose|"
    r"chosen|drew|drawn|got|gotten|held|kept|knew|known|left|lost|meant|met|paid|put|ran|"
    r"said|saw|seen|sent|set|shown|told|thought|understood|won|did|done|went|gone|came|"
    r"become|became|grew|grown|showed|spoke|spoken|stood|felt|heard|read|led)\b", re.I)


# Words that open a turn and ask nothing: "switching topic - what is EMT?", "ok, new
# question: ...", "btw, ...".
_DISCOURSE_RE = re.compile(
    r"^\s*(?:(?:(?:(?:ok(?:ay)?|alright|so|also|btw)\s*,?\s+)?"  # ("ok different question:")
    r"(?:ok(?:ay)?|alright|all\s+right|hmm+|btw|by\s+the\s+way|thanks|thank\s+you|"
    r"cool|great|got\s+it|i\s+see|quick\s+question|one\s+more\s+(?:thing|question)|"
    r"(?:a\s+)?(?:new|different|another|unrelated|separate)\s+(?:topics?|questions?|subjects?)|"
    r"unrelated|on\s+another\s+note|(?:changing|switching|change|switch)\s+(?:the\s+)?"
    r"(?:topics?|subjects?|gears))\s*(?:[,:;.!–—]|\s-)\s*)"
    r"|(?:(?:ok(?:ay)?|alright|so|well|now|also)\s*,\s*)"
    # (chat's own fillers need no comma: "btw what's the doi")
    r"|(?:btw|fyi|by\s+the\s+way)\s+)+", re.I)


# Opening words that say the question starts anew ("unrelated, ...", "new question: ...").
_SWITCH_RE = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|so|also|btw)\s*,?\s*)?(?:(?:a\s+)?(?:new|different|another|unrelated|"
    r"separate)\s+(?:topics?|questions?|subjects?)|unrelated|on\s+another\s+note|(?:changing|"
    r"switching|change|switch)\s+(?:the\s+)?(?:topics?|subjects?|gears))\b", re.I)


def switches_topic(question: str) -> bool:
    """The question opens by saying it starts anew ("unrelated, what did they use to make
    the figures?"): it is read on its own, whatever its pronouns."""
    return bool(_SWITCH_RE.match(question))


def without_discourse(question: str) -> str:
    """The question without opening words that ask nothing ("switching topic - ")."""
    rest = _DISCOURSE_RE.sub("", question, count=1)
    return rest if re.search(r"\w", rest) else question


def resolve(question: str, history: History | None, lex: Lexicon | None = None) -> Resolved:
    """The question made self-contained with the conversation so far (see the module)."""
    lex = lex or Lexicon()
    if not history:
        return Resolved(question)
    states = conversation_state(history, lex)
    return _resolve(question, states, lex)


def conversation_state(history: History, lex: Lexicon) -> list[TurnState]:
    """The last few turns as states, each question read as it was understood then."""
    states: list[TurnState] = []
    for asked, answer in list(history)[-MAX_TURNS:]:
        r = _resolve(asked, states, lex) if states else Resolved(asked)
        states.append(turn_state(asked, r.question, answer, lex, r.chosen, r.others))
    return states


def _resolve(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved:
    out = _resolve_steps(question, states, lex)
    last = states[-1]
    m = _WHICH_OF_RE.search(question)
    sentences = [s for s in split_answer_sentences(last.answer) if not s.endswith(":")]
    if m is None or last.rows or len(sentences) < 2 or last.answer.startswith(ABSTAIN_TEXT) \
            or _SUPERLATIVE_RE.search(question) or _DATE_CUE_RE.search(question):
        return out  # ("which of those is the most recent?" asks of dates, not of words)
    # "which one is about immunotherapy?" after an answer of two sentences: one of them
    criterion = (question[:m.start()] + " " + question[m.end():]).strip(" ?.!,")
    return replace(out, among=tuple(sentences), criterion=criterion) \
        if content_terms(criterion) else out


def _resolve_steps(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved:
    last = states[-1]
    for step in (_opposite, _other_one, _more, _ordinal, _kind_one, _superlative, _dated_one,
                 _which_of,
                 _noun_fragment, _ellipsis,
                 _wh_fragment, _spelled_out, _fronted, _pronoun, _reference, _described, _compound):
        out = step(question, states, lex)
        if out is not None:
            text = re.sub(r"^\s*(?:(?:and|so|but|also|ok|okay|alright|then|well)\s*,?\s+)+"
                          r"(?=\w)", "", out.question, flags=re.I)
            if introduced_problems(question, text) or (
                    "has no verb" in rewrite_problems(text) and not _WH_START.match(text)):
                continue  # (a rewrite is a question; "earliest of cargo?" is none)
            alternatives = tuple(dict.fromkeys(
                a for a in out.alternatives if a != text and not rewrite_problems(a)))
            return Resolved(text, out.how, out.chosen, out.others,
                            prior=last.cited, scope=out.scope,
                            context=out.context or _topic_words(last, lex),
                            alternatives=alternatives, told=out.told, avoid=out.avoid)
    return _implicit(question, states, lex)


# Extremes asked the other way round: "and the fewest?" after "which category has the
# most rows?" (of dates, "the newest?" after "the oldest?", see _superlative)
_EXTREMES = (({"most"}, {"fewest", "least"}),
             ({"largest", "biggest", "greatest", "highest"}, {"smallest", "lowest"}),
             ({"longest"}, {"shortest"}), ({"strongest"}, {"weakest"}), ({"best"}, {"worst"}),
             ({"latest", "newest", "most recent"}, {"earliest", "oldest"}))
_EARLIER_ANSWER_RE = re.compile(r"\b(?:earlier|last|previous)\s+answers?\b", re.I)
_OPPOSITE_RE = re.compile(
    r"^\s*(?:(?:and|but|so|ok|okay|what\s+about|how\s+about)\s*,?\s+)*(?:the\s+)?"
    r"(?P<word>most\s+recent|[a-z]+)(?:\s+(?:one|ones|common|frequent|often|study|paper|row|"
    r"entry))?\s*[?.!]*\s*$", re.I)


def _opposite(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"and the fewest?" after "which category has the most rows?": the last question
    again, with its extreme turned round."""
    m = _OPPOSITE_RE.match(question)
    if m is None:
        return None
    word = " ".join(m.group("word").lower().split())
    for high, low in _EXTREMES:
        if word not in high | low:
            continue
        others = low if word in high else high
        # (the last question, or the one before it when a question about what that one
        # found came between: "the earliest study in table 1?", "what control ...?",
        # "and the most recent one?")
        for state in (states[-1], *states[-2:-1]):
            last = state.understood
            if _EARLIER_ANSWER_RE.search(last):
                return None  # (one asked of an answer before it: the superlative step's)
            found = re.search(r"\b(" + "|".join(sorted(others)) + r")\b(?!\s+recent)", last,
                              re.I)
            if found is not None:
                return Resolved(last[:found.start()] + word + last[found.end():], "superlative")
        return None
    return None


_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
             "4th": 3, "fifth": 4, "5th": 4, "last": -1, "final": -1}
_ORDINAL_RE = re.compile(r"\bthe\s+(" + "|".join(_ORDINALS) + r")\s+(?:one|entry|row|item)\b",
                         re.I)


# A follow-up naming only a row: "and the last one?", "and the circrna?"
_BARE_ASK = frozenset({"", "and", "what about", "how about", "and what about"})


def _asked_again(last: TurnState, label: str) -> str | None:
    """The last question again, of the row `label` in place of the row it was about."""
    before = last.chosen or next((x.text for x in last.topic if x.row), "")
    return _replace_name(last.understood, before, label) if before else None


# "the miRNA one", "and the circrna?": the one row of a kind in a list of rows
_KIND_ONE_RE = re.compile(r"\bthe\s+([a-z][\w-]*?)s?(?:\s+one\b|\b(?!\s*[-\w]))", re.I)


def _kind_one(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"the miRNA one, what does it repress?" after a list of rows holding one miRNA:
    that row ("what does miR-301a-3p repress?"); then "and the circrna?": the last
    question again, of the list's one circRNA."""
    rows = next((s.rows for s in reversed(states[-2:]) if len(s.rows) >= 2), ())
    if not rows:
        return None
    labels = _row_labels(lex)
    for m in _KIND_ONE_RE.finditer(question):
        kind = KIND_WORDS.get(m.group(1).lower(), "")
        if kind not in _CARGO_KINDS:
            continue
        ones = [labels[r] for r in rows if labels.get(r) and kind_of(labels[r], lex) == kind]
        if len(ones) != 1:
            return None
        label = ones[0]
        rest = (question[:m.start()] + question[m.end():]).strip(" ?.!,").lower()
        if rest in _BARE_ASK:
            swapped = _asked_again(states[-1], label)
            return Resolved(swapped, "choice", chosen=label) if swapped else None
        fronted = re.match(r"\s*[,;:–—-]\s*", question[m.end():]) if m.start() == 0 else None
        if fronted is not None:  # ("the miRNA one, what does it repress?")
            after = question[m.end() + fronted.end():]
            p = _PRONOUN_RE.search(after)
            if p is None:
                return None
            say = _possessive(label) if p.group(1).lower() in {"its", "their"} else label
            return Resolved(after[:p.start()] + say + after[p.end():], "choice", chosen=label)
        text = question[:m.start()] + label + question[m.end():]
        return Resolved(_sentence_case(text, question), "choice", chosen=label)
    return None


def _ordinal(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"what does the first one do?" after a list of rows: the row at that place in it
    (a place, not a date: "which came first?" is the superlative's)."""
    m = _ORDINAL_RE.search(question)
    # (the list may be a turn back: "what does the first one do?", then "and the last one?")
    rows = next((s.rows for s in reversed(states[-2:]) if len(s.rows) >= 2), ())
    listed = next((s for s in reversed(states[-2:]) if _NUMBERED_ANSWER_RE.search(s.answer)),
                  None)
    if m is not None and not rows and listed is not None:
        return _list_item(question, m, listed)
    if m is None or not rows:
        return None
    at = _ORDINALS[m.group(1).lower()]
    if at >= len(rows):
        return None
    label = _row_labels(lex).get(rows[at], "")
    if not label:
        return None
    rest = (question[:m.start()] + question[m.end():]).strip(" ?.!").lower()
    if rest in _BARE_ASK:
        # "and the last one?": the last question again, of that row
        return Resolved(_asked_again(states[-1], label)
                        or f"What does the review say about {label}?", "choice", chosen=label)
    text = question[:m.start()] + label + question[m.end():]
    return Resolved(_sentence_case(text, question), "choice", chosen=label)


# An answer giving a numbered list: "The review lists 4: (1) ... (2) ..."
_NUMBERED_ANSWER_RE = re.compile(r"\(1\)\s.*\(2\)\s", re.S)
# What a question asked to be listed: "what future challenges do the authors list",
# "list the challenges"
_LISTED_NOUN_RES = (
    re.compile(r"^\s*(?:what|which)\s+((?:[\w-]+\s+){0,3}?[a-z][\w-]*s)\s+(?:are|were|do|does|"
               r"did|is|has|have|can|could|remain|need|did)\b", re.I),
    re.compile(r"\b(?:list|name|give)\s+(?:(?:all|the|every|me)\s+)*((?:[\w-]+\s+){0,3}?"
               r"[a-z][\w-]*s)\b", re.I))


def _list_item(question: str, m: re.Match[str], last: TurnState) -> Resolved | None:
    """"and the last one?" after an answer giving a numbered list ("The review lists 4:
    (1) ... (4) ..."): that item of what the question asked to be listed."""
    found = next((f for rx in _LISTED_NOUN_RES if (f := rx.search(last.understood))), None)
    if found is None:
        return None
    word = {"final": "last"}.get(m.group(1).lower(), m.group(1).lower())
    item = f"the {word} of the {found.group(1).strip()}"
    rest = (question[:m.start()] + question[m.end():]).strip(" ?.!-").lower()
    if rest in {"", "and", "what about", "how about", "and what about", "whats", "what's",
                "what is", "whats about", "what's about", "what is about"} \
            or re.fullmatch(r"(?:and\s+)?(?:what'?s|what\s+is)\s*(?:about)?", rest):
        return Resolved(f"What is {item}?", "choice", chosen=item)
    text = question[:m.start()] + item + question[m.end():]
    return Resolved(_sentence_case(text, question), "choice", chosen=item)


def _row_labels(lex: Lexicon) -> dict[str, str]:
    """Row id -> the row's name."""
    return {rid: name for name, rid in lex.rows.items()}


def _described(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"the main obstacles for those strategies?": a demonstrative before a noun that is
    no name's kind points back all the same; the question stays as asked, the last
    turn's passages and topic guide its retrieval."""
    if _own_names(question, lex):
        return None
    for m in _THOSE_NOUN_RE.finditer(question):
        before = question[:m.start()].split()[-1:]
        words = m.group().split()[1:]
        if not content_terms(words[-1]) or not all(
                content_terms(w) or len(w) == 1 for w in words):
            continue  # ("who published that and what yr": no noun follows)
        # ("is it proven that exosomes ...": "that" opens a clause there)
        if m.group().split()[0].lower() == "that" and before \
                and before[0].lower() in _THAT_CLAUSE_WORDS:
            continue
        # "what does that enzyme make?" after "what enzyme does it raise?": the name
        # that answer gave
        named = _answer_to(words[-1], states) or _apposed(words[-1], states[-1], lex)
        if named:
            text = question[:m.start()] + named + question[m.end():]
            return Resolved(_sentence_case(text, question), "reference", chosen=named)
        # ... or, when the last question was about one name, the noun of that name ("so
        # that exosome increases sensitivity?" after the miR-122 row: "the miR-122
        # exosome"): a second reading, kept when its evidence answers better
        topic = [t.text for t in states[-1].topic if t.kind != "study"]
        if len(topic) == 1 and topic[0].lower() not in question.lower():
            text = question[:m.start()] + f"the {topic[0]} {' '.join(words)}" + \
                question[m.end():]
            stem = re.escape(words[-1][:-1] if words[-1].lower().endswith("s") else words[-1])
            if re.search(re.escape(topic[0]) + r"\s+" + stem + r"s?\b", states[-1].understood,
                         re.I):
                # (the last question asked of that name's noun: "which drug targets that
                # mutation?" after "how common are PIK3CA mutations ...?")
                return Resolved(text, "reference", chosen=f"the {topic[0]} {' '.join(words)}")
            return Resolved(question, "reference", alternatives=(text,))
        return _compound(question, states, lex) or Resolved(question, "reference")
    return None


def beside(noun: str, name: str, text: str) -> bool:
    """Does `text` name `name` right after `noun`, in apposition ("multidrug efflux
    transporter ABCG2")? (Not before it: in "TIM-1+ Bregs" the name qualifies the noun.)"""
    stem = re.escape(noun[:-1] if noun.lower().endswith("s") else noun)
    return bool(re.search(r"\b" + stem + r"s?\s+" + re.escape(name) + r"(?![\w-])", text,
                          re.I)) or bool(re.search(
        # (or an apposition after it whose head it is: "FOXM1, a potent transcription
        # factor", "everolimus (an mTOR inhibitor ..."; not "TME, a critical factor
        # influencing tumor ...")
        r"(?<![\w-])" + re.escape(name) + r"\s*[,(]\s*(?:a|an)\s+"
        r"(?:(?!(?:of|and|or|to|in|by|with|that|which)\b)[\w-]+(?<!ing)(?<!ed)\s+){0,3}?"
        + stem + r"s?\b", text, re.I))


# A definite noun phrase put first, the question about it after a dash or comma: "the drug
# — what type of inhibitor is it?", "that transcription factor - has anyone targeted it?"
_FRONTED_NP_RE = re.compile(r"^\s*(?:the|that|this|those|these)\s+(?P<np>(?:[\w-]+\s+){0,2}?"
                            r"(?P<noun>[a-z][\w-]{2,}))\s*(?:[,;:–—]|\s-)\s*(?=\S)", re.I)


def _fronted(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"the drug — what type of inhibitor is it?" after an answer on everolimus: the thing
    of that kind last named, or the one name the last answer calls by that noun ("FOXM1,
    a potent transcription factor"); the question is asked of it ("what type of inhibitor
    is everolimus?"). Studies are left to the study references."""
    m = _FRONTED_NP_RE.match(question)
    if m is None or _own_names(m.group("np"), lex):
        return None
    noun = m.group("noun")
    kind = KIND_WORDS.get(noun.lower(), "")
    if kind in ("study", "row") or noun.lower() in _TALK_NOUNS | {"one", "ones"} \
            or kind and noun.lower().endswith("s"):
        return None  # (many, "those drugs", are left to the readings of a plural)
    np = " ".join(m.group("np").split())
    if kind and kind != "any":
        # (the kind word alone: "the second gene" is an ordinal's, "the other drug" a choice)
        pool = [x.text for x in _recent_names(states) if _fits(x, kind) and not x.gloss]
        named = pool[0] if pool and np.lower() == noun.lower() else ""
    else:
        named = _answer_to(np, states) or _apposed(np, states[-1], lex)
    if not named:
        return None
    rest = question[m.end():]
    p = _PRONOUN_RE.search(rest)
    if p is None:
        text = f"{named}: {rest}"
    else:
        word = p.group(1).lower()
        say = _possessive(named) if word in {"its", "their"} else named
        text = rest[:p.start()] + say + rest[p.end():]
    return Resolved(_sentence_case(text, rest), "reference", chosen=named)


def _apposed(noun: str, state: TurnState, lex: Lexicon) -> str:
    """The one name of the last answer that it, or else the review, names right after
    `noun`: what "that transporter" means after an answer naming ABCG2, which the review
    calls a "multidrug efflux transporter ABCG2"; ""."""
    names = list(dict.fromkeys(x.text for x in state.named if x.kind != "study"))
    found = [n for n in names if beside(noun, n, state.answer)]
    if not found and lex.beside is not None:
        found = [n for n in names if lex.beside(noun, n)]
    return found[0] if len(found) == 1 else ""


def _answer_to(noun: str, states: Sequence[TurnState]) -> str:
    """The name a recent answer gave to "what <noun> ...?": the one name its first
    sentence gives that its question did not; "" when it gives none or several."""
    for state in reversed(states[-2:]):
        m = re.match(r"^\s*(?:\w+\s+){0,3}?(?:what|which)\s+(?:kinds?\s+of\s+|types?\s+of\s+)?"
                     r"(\w+)", state.understood, re.I)
        if m and m.group(1).lower().rstrip("s") == noun.lower().rstrip("s"):
            asked = {t.text.lower() for t in state.topic}
            first = re.split(r"\[\d+\]", state.answer, maxsplit=1)[0]
            new = [x.text for x in state.named if x.text.lower() not in asked
                   and x.kind != "study" and x.text in first]
            return new[0] if len(new) == 1 else ""
    return ""


# A question saying it asks in general ("how do EVs get into cells anyway?"), not of the
# last topic
_IN_GENERAL_RE = re.compile(r"\b(?:anyway|anyhow|in\s+general|generally)\s*[?.!]*\s*$", re.I)


def _implicit(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved:
    """A short question naming nothing of its own may go on with the last topic without
    saying so ("which transporter is involved?" after a question on cisplatin): read as
    asked, with that topic as another reading; the assistant keeps the reading its
    evidence answers best."""
    if _own_names(question, lex) or len(content_terms(question)) > 4 or re.search(
            r"\b(?:study|paper|work|review|authors|article|table)\b", question, re.I) \
            or _IN_GENERAL_RE.search(question):
        return Resolved(question)
    topic = _topic_phrase(states[-1], lex)
    if not topic or set(content_terms(topic)) & set(content_terms(question)):
        # (the question names the topic already: "what's Nanog's molecular weight?"
        # after "Nanog expression" is not asked again "for Nanog expression")
        return Resolved(question)
    text = f"{question.strip().rstrip('?.! ')}, for {topic}?"
    if rewrite_problems(text):
        return Resolved(question)
    return Resolved(question, alternatives=(text,))


def _own_names(question: str, lex: Lexicon) -> list[Mention]:
    return [m for m in mentions(question, lex) if m.kind != "study"]


def _other_one(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"and the other one?" after a reading of "it" among two names: the other name, in
    the question that reading answered."""
    last = states[-1]
    if not _OTHER_RE.match(question):
        return _other_in(question, last)
    if last.chosen and last.others:
        other = last.others[0]
        swapped = _replace_name(last.understood, last.chosen, other)
        if swapped is not None and _replace_name(last.understood, other, other) is None:
            return Resolved(swapped, "ellipsis", chosen=other)
    # (history given as the questions understood: the pair named earlier, and the one of
    # it the last question named)
    pair = next((p for p in map(_pair, reversed(states)) if len(p) == 2), [])
    named = [m for m in pair if _replace_name(last.understood, m.text, m.text) is not None]
    if len(pair) == 2 and len(named) == 1:
        other = next(m for m in pair if m is not named[0]).text
        swapped = _replace_name(last.understood, named[0].text, other)
        if swapped is not None and _replace_name(last.understood, other, other) is None:
            return Resolved(swapped, "ellipsis", chosen=other)
    if len(pair) == 2:
        return Resolved(f"What does the review say about {pair[1].text}?", "ellipsis",
                        chosen=pair[1].text)
    return None


def _other_in(question: str, last: TurnState) -> Resolved | None:
    """"what does the other one block?" after a choice between two names ("which of
    atezolizumab and bevacizumab is the checkpoint antibody?"): the name not chosen."""
    m = _OTHER_IN_RE.search(question)
    if m is None:
        return None
    if last.chosen and last.others:
        other = last.others[0]
    else:
        pair = _pair(last)
        if len(pair) != 2:
            return None
        at = [last.answer.find(x.text) for x in pair]
        if min(at) < 0 or at[0] == at[1]:
            return None  # (the answer chose neither: no "other" to read)
        other = pair[1].text if at[0] < at[1] else pair[0].text
    text = question[:m.start()] + other + question[m.end():]
    return Resolved(_sentence_case(text, question), "ellipsis", chosen=other)


# "any others?", "anything else?", "what else?", "more?", "are there other ones?"
_MORE_RE = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:(?:are|is)\s+there\s+|any(?:thing)?\s+|what\s+|which\s+)?"
    r"(?:others?|else|more|other\s+ones?|any\s+more)\s*[?.!]*\s*$", re.I)


# "and the other HBV one?", "any other autophagy studies?": another of the kind so marked
_OTHER_QUALIFIED_RE = re.compile(
    r"^\s*(?:and\s+|so\s+|what\s+about\s+|how\s+about\s+)?(?:the|any|an)\s+other\s+"
    r"(?P<what>[\w-]+(?:\s+[\w-]+)?)\s+(?:ones?|stud(?:y|ies)|papers?|examples?|entr(?:y|ies)|"
    r"rows?)\s*[?.!]*\s*$", re.I)
_ELSE_RE = re.compile(r"\b(?:anything|anyone|what|who|which|something)\s+else\b|"
                      r"\b(?:any|other|another)\s+(?:others?|ones?)\b|\bbesides\s+(?:that|this|those|these)\b",
                      re.I)


def _more(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"any others?": the last question again, answered past what its answer said (the
    names that answer gave are not asked about: "miR-4669 as a biomarker?" -> "Which
    others does the review give as a biomarker?")."""
    last = states[-1]
    other = _OTHER_QUALIFIED_RE.match(question)
    if other and content_terms(other.group("what")):
        # "and the other HBV one?": another thing the review ties to HBV, past the last
        return Resolved(f"What else does the review say about {other.group('what')}?",
                        "more", avoid=last.answer)
    if not _MORE_RE.match(question):
        # "those bmmsc exosomes - used to deliver anything else?": the question as asked,
        # answered past what the last answer said
        if _ELSE_RE.search(question) and len(content_terms(question)) >= 2:
            return Resolved(question, "more", avoid=last.answer)
        return None
    asked = last.understood.strip().rstrip("?.! ")
    wh = re.match(r"^(which|what)\s+(?!(?:is|are|was|were|do|does|did|about|else)\b)", asked,
                  re.I)
    if wh:
        text = f"{asked[:wh.end()]}other {asked[wh.end():]}?"
    else:
        rest = asked
        for m in last.named:
            if m.kind != "study":
                rest = re.sub(r"(?<![\w-])" + re.escape(m.text) + r"(?![\w-])", " ", rest,
                              flags=re.I)
        rest = " ".join(rest.split())
        if not content_terms(rest):
            return None
        text = f"Which others does the review give {rest}?" if _PREPOSITION_RE.match(rest) \
            else f"Which others does the review give about {rest}?"
    return Resolved(text, "more", avoid=last.answer)


def _superlative(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"and the newest one?" / "oldest?" after a list: the row among those listed; after
    an answer citing several studies, the study among those it cites."""
    m = _SUPERLATIVE_RE.search(question)
    # (names the last answer gave may qualify "those": "of those ROR papers")
    if m is None or any(x.text.lower() not in states[-1].answer.lower()
                        for x in _own_names(question, lex)):
        return None
    words = re.sub(r"[?.!]", "", question).lower().split()
    if len(words) > 9 or (_WH_START.match(question.strip()) and not _WHICH_OF_RE.search(
            question) and "which" not in words[:3]):
        return None
    said = " ".join(s.answer for s in states).lower()
    unsaid = [w for w in _qualifiers(question) if not re.search(
        r"(?<![\w])" + re.escape(w), said)]
    # "and the first approved targeted drug + ICI combo?" asks anew: the superlative
    # heads a noun phrase of its own, or words no answer said qualify it
    if len(unsaid) >= 2 or len(_qualifiers(question[m.end():])) >= 3:
        return None
    word = _COMPARATIVES.get(m.group(1).lower(), m.group(1).lower())
    event = _DONE_TO_RE.search(question)
    if event is not None:
        # ("the earliest approved of the two?" after sorafenib, then lenvatinib: the
        # approvals of those two, not a study's year)
        topics = list(dict.fromkeys(t.text for s in states for t in s.topic if t.kind != "study"))
        kinds = {t.text: t.kind for s in states for t in s.topic}
        pair = [t for t in topics if kinds[t] == kinds[topics[-1]]][-2:] if topics else []
        if len(pair) == 2:
            return Resolved(f"Which of {pair[0]} and {pair[1]} was {event.group().lower()} "
                            f"{'earliest' if word in _EARLY_WORDS else 'most recently'}?",
                            "superlative", chosen=_join(pair))
    counted = _THE_COUNT_RE.search(question)
    size = _COUNT_WORDS[counted.group(1).lower()] if counted else 0
    lists = [s for s in reversed(states) if len(s.rows) >= 2]
    # ("earliest sorafenib row?" after "table 1 rows about sorafenib" and then "which of
    # those were in vitro only": the list its own words asked for)
    own = _qualifiers(question)
    listed = next((s for s in lists if own and all(re.search(
        r"(?<![\w-])" + re.escape(w), s.understood.lower()) for w in own)), None) \
        or next(iter(lists), None)
    if size and listed is not None and len(listed.rows) != size:
        # "most recent of the four?": the latest list of four, though an answer citing
        # two rows came after it; no list of that size, no such reading (see _which_of)
        listed = next((s for s in lists if len(s.rows) == size), None)
        if listed is None:
            return None
    # the studies the last answer cites, unless it listed rows itself
    # ("which of the two (studies) is more recent?" after two answers citing one each:
    # the studies of both)
    two = (size == 2 or m.group(1).lower() in _COMPARATIVES) and listed is None
    whole_list = _asks_reference_list(states[-1].understood)
    if listed is None and whole_list and (len(_cited_refs(states[-1].answer, lex)) < 2
                                          or _SUPERLATIVE_RE.search(states[-1].understood)):
        # ("how many references does it cite?" -> "oldest one?": of the whole list)
        adjective = "oldest" if word in _EARLY_WORDS else "most recent"
        return Resolved(f"Which is the {adjective} reference the review cites?", "superlative")
    # (a list of the size asked for is that list: "which of the two is more recent?"
    # after two rows, then a question on one of them whose answer cites two studies)
    studies = _superlative_study(word, _study_scope(question, states, lex, two), lex) \
        if (not lists or lists[0] is not states[-1]) and not (size and listed) else None
    if studies is None and listed is not None:
        # ("the first" of rows is the earliest reported, "the last" the latest)
        plain = {"first": "earliest", "last": "latest"}.get(word, word)
        return Resolved(f"Which of the Table 1 rows in the earlier answer is the {plain}?",
                        "superlative", scope=listed.rows)
    return studies


_REFERENCE_LIST_RE = re.compile(r"\b(?:references?|bibliography|cites?|cited|citations?)\b",
                                re.I)


# What was done to things that dates them (an approval), not a study's publication
_DONE_TO_RE = re.compile(r"\b(?:approved|licensed|launched|introduced)\b", re.I)


def _asks_reference_list(question: str) -> bool:
    """The question asks about the reference list as a whole ("how many references does
    the review cite?", "which is the oldest reference it cites?"), about no claim or
    name of its own."""
    if not _REFERENCE_LIST_RE.search(question):
        return False
    rest = _SUPERLATIVE_RE.sub(" ", _REFERENCE_LIST_RE.sub(" ", question))
    return not [w for w in content_terms(rest) if w not in ("review", "study", "work")]


# Words of a superlative follow-up that ask nothing themselves ("which of those papers
# came first?"); what is left qualifies what the earlier answers said ("ror papers").
_SUPERLATIVE_FILLER = frozenset(
    "which what of those these them the and or one ones was is were are came come "
    "published publish out appeared reported study studies paper papers article articles "
    "work works entry entries row rows most least recent more among in at".split())


def _qualifiers(question: str) -> list[str]:
    """The content words of a superlative follow-up: not the superlative, not filler."""
    words = re.findall(r"[a-z0-9][\w\-+]*", _SUPERLATIVE_RE.sub(" ", question.lower()))
    return [w for w in words if w not in _SUPERLATIVE_FILLER and w not in STOPWORDS]


def _study_scope(question: str, states: Sequence[TurnState], lex: Lexicon,
                 two: bool) -> str:
    """The answer text whose cited studies a superlative picks among: the sentences of
    the earlier answers naming the question's qualifier ("of those ROR papers"); else
    the last answer; else, when it cites fewer than two studies, the earlier answers
    (the last two for "which of the two ...?")."""
    qualifiers = _qualifiers(question)
    if qualifiers:
        pieces = [m.group() for s in states for m in _CITED_PIECE_RE.finditer(s.answer)
                  if all(re.search(r"(?<![\w])" + re.escape(w), m.group().lower())
                         for w in qualifiers)]
        if len(_cited_refs(" ".join(pieces), lex)) >= 2:
            return " ".join(pieces)
    if len(_cited_refs(states[-1].answer, lex)) >= 2 or len(states) < 2:
        return states[-1].answer
    return " ".join(s.answer for s in (states[-2:] if two else states))


# An answer's sentence with the review's references shown after it: "... [1] (ref. 28)".
_CITED_PIECE_RE = re.compile(r".+?\(refs?\.[^)]*\)", re.S)
# The review's reference numbers an answer text shows: "(ref. 20)", "(refs. 29, 30)",
# "(refs. 78-80)".
_REFS_SHOWN_RE = re.compile(r"\(refs?\.\s*([\d,\s\-–]+)\)")
_EARLY_WORDS = ("oldest", "earliest", "first", "least recent")


def _cited_refs(answer: str, lex: Lexicon) -> list[int]:
    """The reference numbers an answer shows that have a year, in order."""
    out: list[int] = []
    for m in _REFS_SHOWN_RE.finditer(answer):
        for part in m.group(1).split(","):
            ends = [int(x) for x in re.findall(r"\d+", part)][:2]
            span = range(ends[0], ends[-1] + 1) if ends and ends[-1] - ends[0] < 10 else ends
            out += [n for n in span if n in lex.years and n not in out]
    return out


# How a superlative's reading names the studies not picked (dropped when the cap is near).
OTHERS = "; the others: "


_DATED_ONE_RE = re.compile(
    r"\bthe\s+(older|newer|earlier|later|more\s+recent|oldest|newest|earliest|latest|"
    r"most\s+recent)\s+(?:one|study|paper|work|report|article)\b", re.I)


def _dated_one(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"what drug did the older one pair with sorafenib?" after an answer citing a 2011
    and a 2018 study: "the older one" is the 2011 study, by the reference list's years."""
    m = _DATED_ONE_RE.search(question)
    if m is None or not _WH_START.match(question.strip().lower().removeprefix("and ")):
        return None
    word = _COMPARATIVES.get(" ".join(m.group(1).lower().split()), m.group(1).lower())
    refs = _cited_refs(_study_scope(question, states, lex, two=True), lex)
    years = {n: lex.years[n] for n in refs if n in lex.years}
    if len(years) < 2:
        return None
    year = (min if word in _EARLY_WORDS else max)(years.values())
    picked = [n for n, y in years.items() if y == year]
    if len(picked) != 1 or picked[0] not in lex.study_names:
        return None
    name = lex.study_names[picked[0]]
    text = question[:m.start()] + f"the {name} study" + question[m.end():]
    others = tuple(lex.study_names[n] for n in years if n != picked[0] and n in lex.study_names)
    return Resolved(text, "reference", chosen=name, others=others[:1])


def _superlative_study(word: str, answer: str, lex: Lexicon) -> Resolved | None:
    """"which of those came first?" after an answer citing studies: the earliest (or
    latest) of them by the reference list's years, read as "What is reference N about?";
    a tie for the year reads nothing."""
    refs = _cited_refs(answer, lex)
    if len(refs) < 2:
        return None
    early = word in _EARLY_WORDS
    year = (min if early else max)(lex.years[n] for n in refs)
    picked = [n for n in refs if lex.years[n] == year]
    if len(picked) != 1:
        return None
    n = picked[0]
    name = lex.study_names.get(n, f"ref. {n}")
    others = ", ".join(f"{lex.study_names.get(k, f'ref. {k}')} ({lex.years[k]})"
                       for k in refs if k != n)
    # (the others named when few: a long list would leave the study itself no room)
    rest = f"{OTHERS}{others}" if len(refs) <= 4 else f", of {len(refs)}"
    return Resolved(f"What is reference {n} about?", "superlative",
                    told=f"Of the studies the earlier answers cite, the {word} is {name} "
                         f"({year}; ref. {n}){rest}.")


def _which_of(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"which of them comes from fibroblasts?": a choice among what was listed."""
    m = _WHICH_OF_RE.search(question)
    if m is None:
        return None
    last = states[-1]
    word = m.group().split()[-1].lower()
    counted = word in _COUNT_WORDS
    listed = next((s for s in reversed(states[-2:]) if len(s.rows) >= 2 and (
        not counted or len(s.rows) == _COUNT_WORDS[word])), None)
    if listed is not None:
        # a few rows by their names ("which of miR-21 and miR-494-3p ..."), more as such
        label = _row_labels(lex)
        labels = [label.get(rid, "") for rid in listed.rows]
        chosen = f"which of {_join(labels)}" if len(labels) <= 3 and all(labels) and len(
            {n.lower() for n in labels}) == len(labels) else \
            "which of the Table 1 rows in the earlier answer"
        text = question[:m.start()] + chosen + question[m.end():]
        return Resolved(_sentence_case(text, question), "choice", scope=listed.rows)
    own = {x.text.lower() for x in _own_names(question, lex)}
    names = [x for x in _recent_names(states) if x.kind != "study" and x.text.lower() not in own]
    # ("which one of those is the checkpoint antibody?": the kind the choice names)
    named_kind = next((KIND_WORDS[w] for w in re.findall(r"[a-z]+", question[m.end():].lower())
                       if KIND_WORDS.get(w) not in (None, "any", "row", "study")), "")
    if last.asked_kind in ("", "any") and not counted and not named_kind:
        # "which of those ...?" after a list of mechanisms, not of names; "which one
        # ...?" after a question about a kind
        return _one_of_kind(question, m, last) if len(names) < 2 else None
    kind = last.asked_kind if last.asked_kind not in ("", "any") else (
        named_kind or (names[0].kind if names else ""))
    pool = [x for x in names if x.kind == kind]
    if counted and last.asked_kind in ("", "any"):  # "the two" a recent question named
        pair = next((p for p in map(_pair, reversed(states)) if p), [])
        # (of the kind the choice names: "which of the three circRNA studies" is of no
        # drug and cell line set side by side)
        pool = [x for x in pair if x.text.lower() not in own
                and (not named_kind or x.kind == named_kind)] or pool
    count = _COUNT_WORDS.get(word, len(pool))
    pool = pool[:max(count, 2)]
    if len(pool) < 2:
        return _one_of_kind(question, m, last)
    text = question[:m.start()] + f"which of {_join([x.text for x in pool])}" + \
        question[m.end():]
    return Resolved(_sentence_case(text, question), "choice")


def _one_of_kind(question: str, m: re.Match[str], last: TurnState) -> Resolved | None:
    """"Which one drives olaparib resistance?" after "what are circRNAs?", whose answer
    named none of them: one of the kind the last question asked about ("which circRNA
    drives ..."); None when "one" is no bare "which one" or no kind was asked about."""
    if not re.fullmatch(r"(?:which|what)\s+one", m.group().strip(), re.I):
        return None
    kinds = [KIND_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", last.understood)
             if KIND_WORDS.get(w.lower()) in ("circRNA", "miRNA", "lncRNA")]
    if len(set(kinds)) != 1:
        return None
    text = question[:m.start()] + f"{m.group().split()[0]} {kinds[0]}" + question[m.end():]
    return Resolved(_sentence_case(text, question), "choice")


def _ellipsis(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"and lenvatinib?", "what about in vivo?", "and their follow-up work?"."""
    m = _ELLIPSIS_RE.match(question)
    new = (m.group(1) or m.group(2) or "").strip() if m else ""
    if not new and len(question.split()) <= 6 and rewrite_problems(question) and not (
            _PRONOUN_RE.search(question) or _ANY_WH_RE.search(question)
            or _SUPERLATIVE_RE.search(question)) and len(_own_names(question, lex)) < 2:
        # a fragment: "as a predictor of response?"; one naming two things of its own
        # ("circuhrf1 vs circccar1") is a keyword question that stands alone.
        new = question.strip().rstrip("?.! ")
    if not new or len(new.split()) > 6 or _WH_START.match(new):
        return None
    # ("and the lncRNAs?" after "which circRNAs are listed?": lncRNAs in its place, not
    # "which the lncRNAs are listed"; "about the overall survival rate" keeps it)
    bare = re.sub(r"^(?:the|a|an)\s+(?=\w)", "", new, flags=re.I)
    last = states[-1]
    ones = _ones_of_topic(new, last, lex)
    if ones is not None:
        return ones
    new_names = _own_names(new, lex)
    if not new_names and re.fullmatch(r"[a-z]{4,}s", new):
        # "drugs?", "pathways?": which of those the last topic has
        out = _pronoun(f"Which {new} does the review give for it?", states, lex)
        if out is not None:
            return replace(out, how="ellipsis")
    kind_swap = _kind_swapped(bare, states)
    if kind_swap is not None:
        return kind_swap
    # what the fragment asks besides its names ("sensitivity and specificity for X?")
    rest = new
    for name in new_names:  # (the whole word bearing the name: "anti-pd1")
        rest = re.sub(r"[\w-]*" + re.escape(name.text) + r"[\w-]*", " ", rest, flags=re.I)
    asks = set(content_terms(rest))
    swapped = _swapped_into_earlier(new, bare, new_names, asks, states, lex)
    if swapped is not None:
        return swapped
    if new_names and asks and not new.lower().startswith(new_names[0].text.lower()) \
            and not _PREPOSITION_RE.match(new):
        return None  # its own ask of its own name stands alone ("sensitivity ... for X?")
    topic = _topic_phrase(last, lex, possessor=new)
    if new_names and len(new.split()) <= 2 and not _PREPOSITION_RE.match(new):
        # a new name of another kind: a new topic ("in HCC" narrows, below)
        about = f"What does the review say about {new}?"
        return Resolved(about, "ellipsis", alternatives=(
            f"What does the review say about {new} and {topic}?" if topic else about,))
    new = _PRONOUN_RE.sub(lambda mo: _possessive(topic)
                          if mo.group(1).lower() in {"its", "their"} else topic,
                          new) if topic else new
    readings = []
    if _PREPOSITION_RE.match(new):
        # "and in vivo?" after "Which circRNAs drive X?": the same question, narrowed;
        # or the topic, so qualified; or the conversation's first question, narrowed.
        for state in (last, states[0]):
            if _WH_START.match(state.understood.strip()):
                readings.append(f"{state.understood.strip().rstrip('?.! ')}, {new}?")
        if topic and topic.lower() not in new.lower():
            readings.append(f"What does the review say about {topic} {new}?")
        # or the last question with its last part swapped for this one ("m2 macrophage
        # exosomes and stemness" + "and on t cells?": "m2 macrophage exosomes on t cells")
        prev = last.understood.strip().rstrip("?.! ")
        base = _LAST_PART_RE.sub("", prev)
        if base != prev and content_terms(base):
            readings.append(f"{base} {new}?" if _WH_START.match(base)
                            else f"What does the review say about {base} {new}?")
    elif topic and topic.lower() not in new.lower():
        readings.append(f"What does the review say about {new} for {topic}?")
    if not (readings and _PREPOSITION_RE.match(new)):  # ("about in vivo" is no phrase)
        readings.append(f"What does the review say about {new}?")
    return Resolved(readings[0], "ellipsis", alternatives=tuple(readings[1:]))


def _swapped_into_earlier(new: str, bare: str, new_names: Sequence[Mention], asks: set[str],
                          states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """An earlier question, latest first, with the fragment's name put in place of its
    name of the same kind ("and lenvatinib?": the sorafenib question asked of
    lenvatinib), or with its word most like the fragment swapped for it; None."""
    for state in reversed(states):
        if any(m.kind == "study" for m in mentions(state.understood, lex)):
            continue  # ("what did Shi et al. find about chloroquine?": that study's own drug)
        for name in new_names:
            old = next((t for t in state.topic if t.kind == name.kind and t.text != name.text),
                       None)
            if old is not None and _replace_name(state.understood, name.text, name.text) is None \
                    and asks <= set(content_terms(state.understood)):
                swapped = _replace_name(state.understood, old.text, name.text)
                if swapped is not None:
                    return Resolved(swapped, "ellipsis", chosen=name.text)
        if (not new_names or not state.topic) and not _PREPOSITION_RE.match(new):
            # (a phrase "in vivo" narrows; it never stands in for a word)
            swapped = _swap(state.understood, bare, lex.embed)
            if swapped is not None:
                return Resolved(swapped, "ellipsis", chosen=bare)
    return None


def _ones_of_topic(new: str, last: TurnState, lex: Lexicon) -> Resolved | None:
    """"approved ones for hcc?" after "what are ICIs": the ones are ICIs; not "the
    mir-199a ones", whose own name says which ones."""
    named = [t for t in last.topic if t.kind != "study"]
    if not re.search(r"\bones\b", new, re.I) or len(named) != 1 or _own_names(new, lex):
        return None
    said = re.sub(r"\bones\b", named[0].text, new, count=1, flags=re.I)
    return Resolved(f"What does the review say about {said}?", "ellipsis", chosen=named[0].text)


_CARGO_KINDS = frozenset({"circRNA", "miRNA", "lncRNA", "gene"})


def _kind_swapped(new: str, states: Sequence[TurnState]) -> Resolved | None:
    """"and circrnas not from hcc cells?" after "which mirnas in table 1 aren't from hcc
    cells?": the latest question asking for things of another kind, asked of this kind.
    Only when the words after the kind are that question's own (a new condition is a
    new question)."""
    head, _, rest = new.partition(" ")
    kind = KIND_WORDS.get(head.lower(), "")
    if kind not in _CARGO_KINDS:  # (cargo for cargo: "and miRNAs?" never replaces "drugs")
        return None
    for state in reversed(states):
        words = re.findall(r"[\w\-]+", state.understood)
        old = next((w for w in words if KIND_WORDS.get(w.lower(), kind) in _CARGO_KINDS - {kind}),
                   None)
        if old is None:
            continue
        if not set(content_terms(rest)) <= set(content_terms(state.understood)):
            return None
        swapped = _replace_name(state.understood, old, head)
        return Resolved(swapped, "ellipsis", chosen=head) if swapped else None
    return None


# The last part of a question: "... and stemness", "... in sorafenib resistance".
_LAST_PART_RE = re.compile(r"\s*(?:,\s*|\s)(?:and|or|in|on|for|with|about|to)\s+[^,;?]+$",
                           re.I)
_WH_FRAGMENT_RE = re.compile(r"^\s*(?:and|so|ok|okay)?\s*,?\s*(?:(what|which)\s+"
                             r"([a-z]+(?:\s+[a-z]+)?)|(when|where|why|how))\s*[?.!]*\s*$",
                             re.I)


_PREP_WH_RE = re.compile(r"^\s*(?:and\s+)?((?:in|on|for|through|via|by|with|from|into|at)\s+"
                         r"(?:which|what)(?:\s+[\w-]+){1,2})\s*[?.!]*\s*$", re.I)
# "paper for it?", "journal?", "the mechanism behind that?": a noun asked of the topic
_NOUN_FRAGMENT_RE = re.compile(
    r"^\s*(?:and|so|ok|okay)?\s*,?\s*(?:the\s+|its\s+|their\s+)?([a-z]+(?:\s+[a-z]+)?)"
    r"(?:\s+(?:for|of|behind|in|on)\s+(?:it|that|this|them|those|these|that\s+one))?"
    r"\s*\?+\s*$", re.I)


def _noun_fragment(question: str, states: Sequence[TurnState],
                   lex: Lexicon) -> Resolved | None:
    """"paper for it?", "year?", "the mechanism behind that?": that thing, of the last
    turn's topic."""
    noun = _NOUN_FRAGMENT_RE.match(question)
    if noun is None or _own_names(question, lex) or _SUPERLATIVE_RE.search(question) or any(
            _VERB_RE.fullmatch(w) or _ANY_WH_RE.fullmatch(w) or w.lower() in _LINKS
            for w in noun.group(1).split()):
        return None
    out = _pronoun(f"What {noun.group(1).lower()} does the review give for it?", states, lex)
    return replace(out, how="ellipsis") if out is not None else None


def _wh_fragment(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"what year?", "which pathway?", "when?": the thing asked, of the last turn's topic;
    "in which cells?": the last question, so narrowed."""
    prep = _PREP_WH_RE.match(question)
    if prep is not None and not _own_names(question, lex):
        last = states[-1].understood.strip().rstrip("?.! ")
        asked = prep.group(1).strip()
        return Resolved(f"{last}, {asked}?", "ellipsis")
    m = _WH_FRAGMENT_RE.match(question)
    if m is None or _own_names(question, lex) or (m.group(2) and _VERB_RE.fullmatch(
            m.group(2).split()[0])):
        return None
    # ... asked as a question about "it", which the pronoun step reads
    if m.group(3):
        text = {"when": "When was it reported?", "where": "Where was it found?",
                "why": "Why does the review discuss it?",
                "how": "How does it work?"}[m.group(3).lower()]
    else:
        text = f"{m.group(1).capitalize()} {m.group(2).lower()} does the review give for it?"
    out = _pronoun(text, states, lex)
    return replace(out, how="ellipsis") if out is not None else None


def _pronoun(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"what is its mechanism?", "how do exosomes make tumors resistant to it?"."""
    m = _PRONOUN_RE.search(question)
    if m is None or len(content_terms(question)) > 8:
        return None
    own = _own_names(question, lex)
    said = _SAYS_RE.search(question)
    if said:  # "which drugs does it say ...?": the review; "do they mention": its authors
        who = "the review" if said.group(1).lower() == "it" else "the authors"
        text = question[:said.start(1)] + who + question[said.end(1):]
        # ("what study did they cite for it?": "it" is still to read)
        further = _pronoun(text, states, lex) if _PRONOUN_RE.search(text) else None
        return further or Resolved(text, "pronoun")
    if _FRONTED_RE.search(question[:m.start()]):
        return None  # "the acidic environment study, what did it find?": it is that study
    agent = _AGENT_RE.search(question)
    if agent and _REVIEW_PART_RE.search(question):
        # ("what did they make the figures with?": the review's own figures, its authors)
        text = question[:agent.start()] + agent.group().replace("they", "the authors") \
            .replace("They", "The authors") + question[agent.end():]
        return Resolved(text, "pronoun")
    if agent:
        chosen, others = _antecedent(question, states, lex, plural=False, study=True)
        text = question[:agent.start()] + agent.group().replace("they", "the researchers") \
            .replace("They", "The researchers") + question[agent.end():]
        # (a study is named by its authors or what it studied, not by a topic word:
        # "conflicts of interest" names no "interest study")
        if chosen not in {m.text for m in _recent_names(states)}:
            chosen, others = "", ()
        if chosen:
            text = _before_mark(text, f" in the {chosen} study")
        return Resolved(text, "pronoun", chosen=chosen, others=others)
    # "they did a follow-up study? what was it?": "it" is what the question introduced.
    if re.search(r"\b(?:a|an|another)\s+\w+", question[:m.start()], re.I):
        return None
    if m.group(1).lower() in {"they", "them", "their"} and re.search(
            r"\b(?:those|these)\s+(?:[\w-]+\s+)?\w+s\b", question[:m.start()], re.I):
        return None  # "those Breg cells that ... do they make?": they are those
    # "does it do anything besides sorafenib?": "it" comes before the question's own
    # names, so it is not one of them; "what is circPAK1 and how does it work?" is.
    if any(question.find(x.text) < m.start() for x in own):
        return None
    word = m.group(1).lower()
    plural = word in {"they", "them", "their"}
    if re.search(r"\bof\s+them\b", question, re.I):
        return None  # "which of them": a choice (_which_of), never one name
    # ("which journal was it in?" after a turn naming nothing of its own: a study the
    # answer named is what is published)
    chosen, others = _antecedent(question, states, lex, plural=plural, study=bool(
        _PUBLISHED_RE.search(question) and not states[-1].topic))
    if not chosen:
        return None
    dated = re.search(re.escape(chosen) + r"\s*\((\d{4})\b", states[-1].answer) \
        if chosen.endswith("et al.") else None
    if dated:  # (one of two Shi et al.: the one the answer dated)
        chosen = f"{chosen} ({dated.group(1)})"

    def repl(mo: re.Match[str]) -> str:
        w = mo.group(1).lower()
        return _possessive(chosen) if w in {"its", "their"} else chosen

    if _PUBLISHED_RE.search(question) and not chosen.endswith("et al.") \
            and not chosen.startswith("the "):
        chosen = f"the {chosen} study"  # "when was it published?" asks of the study
    return Resolved(_PRONOUN_RE.sub(repl, question, count=1), "pronoun", chosen=chosen,
                    others=others)


def _study_reference(question: str, m: re.Match[str], det: str,
                     states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"that study", "the authors", "that group": the study (or its authors) the
    conversation last named; None when the words say which, or the review is meant."""
    described = [w for w in re.findall(r"[a-z]{3,}", m.group(1).lower())
                 if w not in _SAME_WORDS and w not in STOPWORDS]
    if described:
        return None  # "the acidic environment study": its own words say which
    chosen, others = _antecedent(question, states, lex, plural=False, study=True)
    if det in {"that", "this"} and re.match(r"(?:the|a|an)\s", m.group(1), re.I):
        # ("was that the authors' own paper?": "that" is the study, the authors the
        # review's)
        if not chosen:
            return None
        text = f"{question[:m.start()]}the {chosen} study{question[m.start() + len(det):]}"
        return Resolved(text, "reference", chosen=chosen, others=others)
    people = m.group(2).lower() in {"group", "team", "lab", "authors"}
    authors = [x.text for x in _recent_names(states) if x.kind == "study"]
    if det == "the" and _AUTHORS_VOICE_RE.match(question[m.end():]):
        return None  # "what do the authors say is needed ...": the review's own
    if det == "the" and people and not any(
            x.kind == "study" for st in states[-2:] for x in (*st.named, *st.topic)) and not (
            _WHO_AUTHORS_RE.match(question) and _CITES_RE.match(states[-1].answer)):
        # "what do the authors compare ... to": no study was in talk; but "who were the
        # authors?" after an answer citing a study asks for that study's
        return None
    # ("was that the authors' own work?": a possessive stays one, after its noun)
    of_study = (lambda name: f"the {name} study's {m.group(2).lower()}") \
        if question[m.end():m.end() + 1] in {"'", "’"} \
        else (lambda name: f"the authors of the {name} study")
    if det == "the" and chosen:  # "who were the authors?": of that study, in full
        text = question[:m.start()] + of_study(chosen) + question[m.end():]
        return Resolved(text, "reference", chosen=chosen, others=others)
    if det == "the":
        return None
    if people and authors:
        chosen, others = authors[0], ()
    elif chosen and people:
        chosen = of_study(chosen)
    if not chosen:
        return None
    phrase = chosen if people else f"the {chosen} study"
    text = question[:m.start()] + phrase + question[m.end():]
    return Resolved(text, "reference", chosen=chosen, others=others)


_WHO_AUTHORS_RE = re.compile(r"^\W*(?:(?:and|so|ok)\W+)?(?:who\s+(?:were|are|was|is)\s+)?"
                             r"the\s+authors\W*$", re.I)
# (an answer whose first sentence cites a study of the review's list: "... [1] (ref. 39)")
_CITES_RE = re.compile(r"[^\[]*\[1\]\s*\(refs?\.\s*\d")


def _reference(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"that circRNA", "that study", "those drugs": the name of that kind last named;
    a bare "that" ("what about that?") is the last topic."""
    if _own_names(question, lex):
        return None
    for m in _DEMONSTRATIVE_RE.finditer(question):
        det = question[m.start():m.start(1)].strip().lower()
        if det == "the" and m.group(2).lower() not in {"two", "three", "study", "one",
                                                       "authors"}:
            continue
        kind = KIND_WORDS[m.group(2).lower()]
        after = re.match(r"\s+([\w-]+)", question[m.end():])
        end = m.end()
        if m.group(2).lower() in {"two", "three"} and after \
                and KIND_WORDS.get(after.group(1).lower(), "any") != "any":
            # ("the three circRNA studies": three of that kind, not any three names)
            kind = KIND_WORDS[after.group(1).lower()]
            if kind in ("study", "row"):
                continue
            end += after.end()
        if m.group(2).lower() in {"one", "ones"} and m.group(1).strip():
            continue  # "the crispr one" describes; the retrieval prior carries it
        studies = [x.text for x in states[-1].named if x.kind == "study"]
        if m.group(2).lower() == "one" and det in {"that", "this"} and studies \
                and _DATE_CUE_RE.search(question):
            # "what year was that one?" after an answer telling of Tian et al.'s study:
            # a year is a study's
            text = question[:m.start()] + f"the {studies[0]} study" + question[m.end():]
            return Resolved(text, "reference", chosen=studies[0],
                            others=tuple(studies[1:2]))
        plural = m.group(2).lower().endswith("s") or m.group(2).lower() in {"two", "three"}
        if kind == "study":
            out = _study_reference(question, m, det, states, lex)
            if out is not None:
                return out
            continue
        given = _answer_to(m.group(2), states)  # "that protein" after "which protein?"
        if given and not plural:
            text = question[:m.start()] + given + question[m.end():]
            return Resolved(text, "reference", chosen=given)
        pool = [x for x in _recent_names(states) if _fits(x, kind) and x.kind != "study"]
        if plural and kind in ("any", "row") and len(states[-1].rows) >= 2:
            # "those two" after a table list: the rows it listed
            pool = [x for x in states[-1].named if x.row and lex.rows.get(x.text)
                    in states[-1].rows]
        if not pool:
            continue
        n = {"two": 2, "three": 3}.get(m.group(2).lower(), len(pool) if plural else 1)
        if len(pool) < n:
            continue  # (fewer named than counted: not those)
        names = [x.text for x in pool[:n]]
        others = tuple(x.text for x in pool[1:2]) if n == 1 else ()
        pair = [x for x in _pair(states[-1]) if x in pool]
        if n == 1 and len(pair) >= 2:
            # ("compare circZFR and circPAK1" + "what journal was that one in?": as for
            # "it", the later of the two, the earlier kept as what it could also mean)
            names, others = [pair[-1].text], (pair[-2].text,)
        text = question[:m.start()] + _join(names) + question[end:]
        return Resolved(text, "reference", chosen=_join(names), others=others)
    bare = _BARE_DEMONSTRATIVE_RE.search(question)
    if bare and len(content_terms(question)) <= 6:
        # ("what are the limitations of those?" after "strategies to target exosomes":
        # those strategies; the topic's words ride along in retrieval)
        noun = _plural_subject(states[-1].understood, lex) \
            if bare.group(1).lower() in {"those", "these"} and _VERB_RE.search(question) else ""
        topic = f"{bare.group(1).lower()} {noun}" if noun else _topic_phrase(states[-1], lex)
        if topic:
            return Resolved(question[:bare.start()] + topic + question[bare.end():],
                            "reference", chosen=topic)
    claim = _THAT_CLAIM_RE.search(question)
    if claim and len(content_terms(question)) <= 4:
        # "how was that shown?": that is the last answer's claim, about the last topic
        topic = _topic_phrase(states[-1], lex)
        if topic:
            return Resolved(_before_mark(question, f" for {topic}"), "reference", chosen=topic)
    return None


# A question asking what a short name stands for
_SPELLED_ASK_RE = re.compile(r"\b(?:stands?\s+for|short\s+for|abbreviat\w*|acronyms?|"
                             r"spell(?:ed)?\s+out|full\s+(?:names?|forms?))\b", re.I)
# What points back: a pronoun, or a demonstrative and the noun after it
_POINTER_RE = re.compile(r"\b(?:(it|they|them)|(that|this|those|these)(?:\s+([a-z][\w-]*))?)\b",
                         re.I)
_SHORT_NAME_RE = re.compile(r"[A-Z][A-Z0-9-]*[A-Z0-9]s?")


def _spelled_out(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"what does that target stand for?", "what are they short for?": the short names
    the last answer spelled out that the question before it did not say (VAMP2, not
    DOX after a question on doxorubicin); "they" are all of them."""
    if not _SPELLED_ASK_RE.search(question) or _own_names(question, lex):
        return None
    m = _POINTER_RE.search(question)
    if m is None:
        return None
    last = states[-1]
    short = [x.text for x in last.named if _SHORT_NAME_RE.fullmatch(x.text)
             and x.text not in lex.institutions and not lex.common(x.text)]
    glossed = {}
    for name in dict.fromkeys(short):
        g = re.search(r"([\w ,-]{3,60}?)\s*\(" + re.escape(name) + r"\)|"
                      + re.escape(name) + r"\s*\(([^)]{3,60})\)", last.answer)
        if g:
            # (the words right before the parenthesis: "such as fibronectin 1 (FN1)")
            glossed[name] = " ".join((g.group(1) or g.group(2)).split(",")[-1].split()[-4:])
    asked = last.understood.lower()
    fresh = [n for n, long in glossed.items() if not any(
        w.lower() in asked for w in re.findall(r"[A-Za-z]{5,}", long))]
    names = fresh or [n for n in dict.fromkeys(short) if n.lower() not in asked]
    if not names:
        return None
    word = (m.group(1) or m.group(2)).lower()
    noun = m.group(3) or ""
    plural = word in {"they", "them", "those", "these"} or noun.endswith("s")
    chosen = _join(names[:4]) if plural else names[0]
    text = question[:m.start()] + chosen + question[m.end():]
    return Resolved(text, "reference", chosen=chosen,
                    others=() if plural else tuple(names[1:2]))


# "the inhibitors", "that pathway": a bare noun, the next word no noun qualifying it
_DEFINITE_NOUN_RE = re.compile(r"\b(?:the|that|this|those|these)\s+([A-Za-z][a-z-]{3,})"
                               r"(?=\s*(?:[?.!,;]|$)|\s+(\w+))", re.I)
# Nouns of the talk itself, never a shortened name of a thing
_TALK_NOUNS = frozenset("review paper article authors author table figure study studies "
                        "abstract introduction intro section conclusion conclusions text "
                        "list answer question reference references journal".split())


def _compound(question: str, states: Sequence[TurnState], lex: Lexicon) -> Resolved | None:
    """"how do the inhibitors work?" after an answer about immune checkpoint inhibitors:
    the noun as the last turn qualified it, when it qualified it one way only."""
    if _own_names(question, lex):
        return None
    last = states[-1]
    said = " . ".join([last.understood] + split_answer_sentences(last.answer)[:2])
    for m in _DEFINITE_NOUN_RE.finditer(question):
        noun, after = m.group(1), m.group(2)
        low = noun.lower()
        before = question[:m.start()].split()[-1:]
        if question[m.start():m.start() + 4].lower() == "that" and before and (
                before[0].lower() in _THAT_CLAUSE_WORDS):
            continue  # ("is it proven that exosomes carry ...": a clause, no reference)
        if low in STOPWORDS or low in QUESTION_WORDS or low in _SAME_WORDS \
                or low in _TALK_NOUNS or low in KIND_WORDS and KIND_WORDS[low] == "study":
            continue
        if after and after.lower() not in STOPWORDS and not _VERB_OR_AUX_RE.fullmatch(after) \
                and not _VERB_RE.fullmatch(after):
            continue  # ("the inhibitor class": the noun goes on)
        phrases = _qualified(noun, said)
        if len({p.lower() for p in phrases}) != 1:
            continue
        text = question[:m.start()] + "the " + phrases[0] + question[m.end(1):]
        return Resolved(text, "reference", chosen=phrases[0])
    return None


def _qualified(noun: str, text: str) -> list[str]:
    """The noun with the words qualifying it wherever `text` has it ("inhibitors" in
    "Immune checkpoint inhibitors (ICIs) can block" -> "Immune checkpoint inhibitors")."""
    stem = re.escape(noun[:-1] if noun.lower().endswith("s") else noun)
    out = []
    # (whole words only: "Lou et al.'s follow-up" qualifies nothing by an "s")
    for m in re.finditer(r"(?<![\w'’.])((?:[\w/-]+\s+){1,3})(" + stem + r"s?)\b", text,
                         re.I):
        words = m.group(1).split()
        keep: list[str] = []
        for w in reversed(words):
            if w.lower() in STOPWORDS or w.lower() in QUESTION_WORDS or not re.fullmatch(
                    r"[A-Za-z][\w/-]*", w) or _VERB_OR_AUX_RE.fullmatch(w) \
                    or w.lower().endswith("ing"):
                break
            keep.insert(0, w)
        if keep:
            if re.fullmatch(r"[A-Z][a-z-]+", keep[0]):  # (a sentence's first word)
                keep[0] = keep[0].lower()
            out.append(" ".join(keep + [m.group(2)]))
    return out


# -- choosing what a pronoun means -----------------------------------------------------------


def split_answer_sentences(answer: str) -> list[str]:
    """An answer's sentences, markers and notes left out."""
    # (a marker ends a unit too: "... wrote the manuscript: Lindqvist E [1] Prepared the
    # table and figure: Moreau P [2] ...")
    pieces = re.split(r"\[\d+\](?:\s*\((?:refs?\.)[^)]*\))?\s+(?=[A-Z])",
                      answer.split("\n\n")[0])
    bodies = [re.sub(r"\[\d+\]|\((?:refs?\.)[^)]*\)", " ", p) for p in pieces]
    return [s.strip() for body in bodies for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", body)
            if s.strip()]


# A registry or grant number ("NCT01761266", "a280001122"): what a thing is numbered,
# not the thing a later "it" most likely stands for ("whats its trial number" after an
# answer giving one is still about the drug)
_IDENTIFIER_RE = re.compile(r"(?:NCT|[A-Za-z]{0,3})\d{6,}", re.I)


def _recent_names(states: Sequence[TurnState]) -> list[Mention]:
    """Names of the conversation, the last turn's most salient first, then earlier ones;
    of each turn, its identifiers after its other names."""
    seen: dict[str, Mention] = {}
    for state in reversed(states):
        numbered = [m for m in state.salient if _IDENTIFIER_RE.fullmatch(m.text)]
        for m in [m for m in state.salient if m not in numbered] + numbered:
            seen.setdefault(m.text.lower(), m)
    return list(seen.values())


# The review's authors speaking: "the authors say / suggest / conclude / list ...".
_AUTHORS_VOICE_RE = re.compile(
    r"\s*(?:say|said|says|state|think|believe|suggest|propose|conclude|argue|list|mention|"
    r"recommend|call|describe|discuss|see|consider|emphasi[sz]e|highlight|note|want|hope|"
    r"expect|point|draw|raise|name|give|write|wrote|claim)\w*\b", re.I)


def _possessive(name: str) -> str:
    """"circZFR" -> "circZFR's"; a plural "exosomes" -> "exosomes'"."""
    return f"{name}'" if re.search(r"(?:[a-z][^s]|[A-Z]{2})s$", name) else f"{name}'s"


def _antecedent(question: str, states: Sequence[TurnState], lex: Lexicon, plural: bool,
                study: bool = False) -> tuple[str, tuple[str, ...]]:
    """The name a pronoun stands for, and the other names that would fit as well."""
    last = states[-1]
    if _DRUG_CUE_RE.search(question):
        want = "drug"
    elif study or _STUDY_CUE_RE.search(question):
        want = "study"
    else:
        want = ""
    described = "" if plural or last.asked_kind or any(
        m.kind not in ("drug", "study") for m in last.topic) else _described_one(last.understood)
    if described:  # ("what happened in the 249 patient antibiotic study" named nothing
        return described, ()  # but that study: "which cancers were in it?")
    pool = [m for m in _recent_names(states) if m.kind != "study" or want == "study"]
    if want == "drug":
        pool = [m for m in pool if m.kind == "drug"] or pool
    elif want == "study":
        pool = [m for m in pool if m.row or m.kind == "study"] or pool
    else:
        # (a thing the talk is about before the drug it concerns: "circRNA-SORE and
        # sorafenib"; a name glossing a drug is no such thing)
        pool = [m for m in pool if m.kind != "drug" and not m.gloss] or pool
    asked = [m.text for m in last.named if last.asked_kind and _fits(m, last.asked_kind)]
    if plural and len(asked) >= 2 and last.asked_kind not in ("any", "row", "study"):
        # "which checkpoint inhibitors ...?" answered with two drugs: "they" are those
        names = list(dict.fromkeys(asked))[:3]
        return ", ".join(names[:-1]) + " and " + names[-1], ()
    listed = list({lex.rows[m.text]: m.text for m in reversed(last.named)
                   if m.row and lex.rows.get(m.text) in last.rows}.values())[::-1]
    if plural and 2 <= len(listed) <= 3:
        # "they" after an answer listing table rows: those rows ("circTMEM181 and ...")
        return ", ".join(listed[:-1]) + " and " + listed[-1], ()
    studies = [m.text for m in last.named if m.kind == "study"]
    if plural and studies and re.match(r"\W*who\b", last.understood, re.I):
        # ("Who reported ...?" answered by Shi et al.; "what inhibitor did they pair
        # with it": those researchers)
        return studies[0], ()
    if plural and len(asked) < 2:
        noun = _plural_subject(last.understood, lex)
        if noun:
            return noun, ()
        named = list(dict.fromkeys(m.text for m in _pair(last)))
        if len(named) >= 2:  # ("atezolizumab + bevacizumab ...": "they" are the two)
            return ", ".join(named[:-1]) + " and " + named[-1], ()
    if not pool:
        return _topic_phrase(last, lex, common_too=True), ()
    chosen = pool[0]
    # Two names of one kind in the last question ("circZFR and circPAK1"): the later,
    # unless that question asked for a kind of name its answer gave, or chose one of
    # them ("which of pIgR and S100A10 came from patient sera?" -> "Of those, pIgR: ...")
    pair = _pair(last)
    picked = _CHOICE_LEAD_RE.match(last.answer)
    pick = next((m for m in pool if picked and m.text.lower() == picked.group(1).lower()), None)
    if pick is not None:
        chosen = pick
    elif len(pair) >= 2 and last.asked_kind in ("", "any") and any(m in pool for m in pair):
        chosen = next(m for m in reversed(pair) if m in pool)
    others = tuple(m.text for m in pair if m.text != chosen.text) if chosen in pair else ()
    if not want:
        chosen, others = _best_fitting(question, states, lex, chosen, others, pair)
    return chosen.text, others


# How much more of the question's words a name's sentences must hold than the likeliest
# name's before the reference is read as that name instead.
FIT_MARGIN = 0.5


def _best_fitting(question: str, states: Sequence[TurnState], lex: Lexicon, chosen: Mention,
                  others: tuple[str, ...], pair: Sequence[Mention]
                  ) -> tuple[Mention, tuple[str, ...]]:
    """The name the review speaks of as the question does: "how do exosomes make HCC
    resistant to sorafenib and lenvatinib" then "when was it approved?" means a drug
    (the review says sorafenib and lenvatinib were approved, never HGF); of several that
    fit, the later one of a pair, else the likeliest."""
    if lex.together is None or (chosen in states[-1].topic and chosen not in pair):
        return chosen, others  # (what the user's last question was about stays "it")
    if chosen.row and re.match(r"(?:[^.]*?:\s)?Table \d+ lists " + re.escape(chosen.text) + r" \(",
                               states[-1].answer):
        # (the row the last answer gave is "it", not one of its cells: "what reversed its
        # effect?" after "Table 1 lists miR-210 (Donor cells: CSCs; ...)")
        return chosen, others
    words = [w for w in content_terms(_PRONOUN_RE.sub(" ", question)) if not lex.common(w)]
    if not words:
        return chosen, others
    # (a cell line is where things were done: "what reversed it?" is not asked of U251
    # because "... reversed these effects ... in subcutaneous U251 xenografts")
    pool = [m for m in _recent_names(states) if m.kind != "study" and not m.gloss
            and not any(_cell_line(m.text, s.answer) for s in states[-2:])][:8]
    fit = {m.text: lex.together(m.text, words) for m in pool}
    top = max(fit.values(), default=0.0)
    # (only a name the review says all the words of: "how could you block it" after
    # pIgR is not about sorafenib because a sorafenib sentence says "blocking")
    if top < 1.0 - 1e-9 or top - lex.together(chosen.text, words) < FIT_MARGIN:
        return chosen, others
    best = [m for m in pool if fit[m.text] == top]
    pick = next((m for m in reversed(pair) if m in best), best[0])
    return pick, tuple(m.text for m in best if m is not pick)


_CHOICE_LEAD_RE = re.compile(re.escape(CHOICE_LEAD).replace(re.escape("{}"), "(.+?)"))


# A thing a question describes with a noun that names a piece of work or a measure: "the
# 249 patient antibiotic study", "the immunotherapy microbiome index"
_DESCRIBED_ONE_RE = re.compile(
    r"\bthe\s+((?:[\w-]+\s+){1,4}?(?:study|trial|analysis|cohort|index|score|signature|"
    r"paper|experiment|assay|panel|model))\b(?!\s+(?:of|on|in|for|from|with|about)\b)", re.I)


def _described_one(question: str) -> str:
    """The one thing a question that named nothing described ("the 249 patient
    antibiotic study"), or ""."""
    found = _DESCRIBED_ONE_RE.findall(question)
    if len(found) != 1 or any(w.lower() in STOPWORDS or w.lower() in QUESTION_WORDS
                              for w in found[0].split()[:1]):
        return ""
    return f"the {found[0]}"


def _pair(state: TurnState) -> list[Mention]:
    """Two or more names of one kind a question named side by side ("circZFR and
    circPAK1", "atezolizumab + bevacizumab"; not "how does butyrate help CD8 T cells",
    where the one acts on the other)."""
    by_kind: dict[str, list[Mention]] = {}
    for m in state.topic:
        if m.kind != "study":
            by_kind.setdefault(m.kind, []).append(m)
    for names in by_kind.values():
        joined = [m for i, m in enumerate(names)
                  if (i + 1 < len(names) and _side_by_side(state.understood, m, names[i + 1]))
                  or (i > 0 and _side_by_side(state.understood, names[i - 1], m))]
        if len(joined) >= 2:
            return joined
    return []


_BETWEEN_PAIR_RE = re.compile(r"[\s,/&+]*(?:(?:[\w-]+\s+){0,2}?(?:and|or|vs\.?|versus|"
                              r"compared\s+(?:with|to)|(?:as\s+)?well\s+as)\s+(?:the\s+)?|[,/&+]\s*)",
                              re.I)


def _side_by_side(text: str, a: Mention, b: Mention) -> bool:
    """`a` and `b` named one after the other with "and", "or", "vs", a comma or a slash
    between them (a word or two of `a`'s own may come first: "circZFR exosomes and")."""
    low = text.lower()
    start = low.find(a.text.lower())
    end = low.find(b.text.lower(), start + len(a.text)) if start >= 0 else -1
    return end >= 0 and _BETWEEN_PAIR_RE.fullmatch(text[start + len(a.text):end]) is not None


def _in_gloss(text: str, at: int) -> bool:
    """Does `at` stand inside parentheses glossing the name before them ("Atezolizumab (a
    PD-L1 monoclonal antibody)")? A name in parentheses alone is the name itself
    ("polymeric immunoglobulin receptor (pIgR)"); a table row's cells are no gloss."""
    opened = text.rfind("(", 0, at)
    if opened < 0 or text.rfind(")", 0, at) > opened:
        return False
    closed = text.find(")", at)
    inside = text[opened + 1:closed if closed >= 0 else len(text)]
    # (a table row's cells, "(Origin of exosome: HCC cells; ...)", are what it says)
    return len(inside.split()) >= 2 and ":" not in inside


def _plural_subject(question: str, lex: Lexicon) -> str:
    """The first plural noun of a question ("exosomes" in "what do exosomes carry?"); a
    word framing the question ("roles" in "what roles could exosomes have?") is none."""
    for m in _PLURAL_NOUN_RE.finditer(question):
        word = m.group(1)
        if word.lower() not in {"does", "was", "has", "is", "this", "its", "his", "as"} and \
                not word.lower().endswith(("ss", "us", "ous")) and \
                word.lower() not in QUESTION_WORDS and \
                word.lower()[:-1] not in {"what", "that", "there", "here", "where", "how",
                                          "who", "when", "why", "it", "let"}:
            # ("whats", "thats": a contraction typed without its apostrophe)
            return word
    return ""


_WORK_RE = re.compile(r"\b(?:their|its)\s+(?:\w+[\s-]+){0,2}(?:work|study|studies|research|"
                      r"findings?|results?|papers?|experiments?)\b", re.I)


def _topic_phrase(state: TurnState, lex: Lexicon, possessor: str = "",
                  common_too: bool = False) -> str:
    """What a turn was about, as a noun phrase: its names (its authors, for "their
    follow-up work"), else its names common in the review ("HCC"), else its rarest
    words."""
    studies = [m.text for m in state.topic if m.kind == "study"]
    if studies and _WORK_RE.search(possessor):
        return studies[0]
    names = [m.text for m in state.topic if m.kind != "study"] or studies or [
        m.text for m in mentions(state.understood, lex, common_too=common_too)]
    if names:
        return _join(names[:2])
    terms = _topic_terms(state.understood, lex)
    if lex.rarity is not None and len(terms) > 2:
        keep = set(sorted(terms, key=lambda w: -lex.rarity(w))[:2])  # type: ignore[misc]
        terms = [w for w in terms if w in keep]
    together = " ".join(terms[:3])
    if len(terms) > 1 and not re.search(r"(?<![\w-])" + re.escape(together) + r"(?![\w-])",
                                         state.understood, re.I):
        # words apart ("how common is HCC among primary liver cancers"): the phrase one
        # of them opens ("primary liver cancers"), not the two glued ("common primary")
        phrases = [_noun_phrase_of(w, state.understood) for w in terms]
        return next((p for p in phrases if " " in p), together)
    return _noun_phrase_of(together, state.understood)


def _noun_phrase_of(words: str, text: str) -> str:
    """`words` standing together in `text`, run on to the noun they qualify ("highly
    metastatic" -> "highly metastatic HCC cells" in "what do exosomes from highly
    metastatic HCC cells do"); `words` as they are otherwise."""
    m = re.search(r"(?<![\w-])" + re.escape(words) + r"(?![\w-])", text, re.I) if words else None
    if m is None:
        return words
    out = m.group()
    for w in text[m.end():].split()[:3]:
        w = w.strip("?.!,;:")
        if not w or w.lower() in STOPWORDS or w.lower() in QUESTION_WORDS \
                or _VERB_OR_AUX_RE.fullmatch(w) or not re.fullmatch(r"[\w-]+", w):
            break
        out += " " + w
    return out


def _topic_words(state: TurnState, lex: Lexicon) -> str:
    """Words of the last turn's topic, added to a follow-up's retrieval query."""
    names = [m.text for m in state.topic] or [m.text for m in state.named[:1]]
    return " ".join(dict.fromkeys(names + _topic_terms(state.understood, lex)[:3]))


def _topic_terms(text: str, lex: Lexicon) -> list[str]:
    words = re.findall(r"[\w\-+]+", text)
    terms = {t for t in content_terms(text)}
    # (a word the review never uses, "anything", names no topic of it)
    # (a two-letter abbreviation is a topic: "NK cells")
    out = [w for w in words if w.lower() in terms and not lex.common(w) and lex.known(w)
           and (len(w) > 2 or re.fullmatch(r"[A-Z]{2}", w)) and not _VERB_OR_AUX_RE.fullmatch(w)]
    return list(dict.fromkeys(out))


# -- text helpers -----------------------------------------------------------------------------


def _join(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sentence_case(text: str, like: str) -> str:
    return text[:1].upper() + text[1:] if like[:1].isupper() else text


def _before_mark(text: str, phrase: str) -> str:
    body = text.rstrip()
    end = len(body.rstrip("?.! "))
    return body[:end] + phrase + (body[end:].strip() or "?")


def _replace_name(text: str, old: str, new: str) -> str | None:
    pattern = r"(?<![\w\-])" + re.escape(old) + r"(?![\w\-])"
    if not re.search(pattern, text):
        return None
    return re.sub(pattern, new.replace("\\", r"\\"), text, count=1)


_MAIN_VERB_RE = re.compile(r"\b(?:do|does|did|can|could|will|would|should|may|might)\s+"
                           r"(?:(?:the|a|an|this|these|those)\s+)?[\w\-+]+\s+(\w+)", re.I)


def _swap(prev_q: str, new: str, embed: Callable[[str], np.ndarray] | None) -> str | None:
    """`prev_q` with its term most similar to `new` replaced by it; None when no term
    is similar enough (or there is no embedding to tell)."""
    if embed is None or len(new.split()) > 2:
        return None
    words = re.findall(r"[\w\-+]+", prev_q)
    # (not the verb after "does the review": "and combos?" does not replace "favor")
    verbs = {m.group(1).lower() for m in _MAIN_VERB_RE.finditer(prev_q)}
    candidates = [w for w in words if content_terms(w) and w.lower() not in verbs]
    if not candidates:
        return None
    v = embed(new)
    sims = [float(np.dot(v, embed(w))) for w in candidates]
    best = int(np.argmax(sims))
    if sims[best] < SWAP_SIMILARITY or candidates[best].lower() == new.lower():
        return None
    graded = re.search(r"\b(?:most|more|least)\s+" + re.escape(candidates[best]) + r"\b",
                       prev_q, re.I)
    if graded and re.fullmatch(r"\w+est|first|last", new, re.I):
        # ("and the earliest?" after "which one was published most recently": the
        # superlative whole, not "most earliest")
        return prev_q[:graded.start()] + new + prev_q[graded.end():]
    return _replace_name(prev_q, candidates[best], new)


def standalone_question(
    question: str,
    history: History | None,
    embed: Callable[[str], np.ndarray] | None = None,
    common: Callable[[str], bool] = lambda w: False,
    rarity: Callable[[str], float] | None = None,
) -> str:
    """The question made self-contained with the conversation so far (`resolve`)."""
    return resolve(question, history, Lexicon(common=common, rarity=rarity,
                                              embed=embed)).question


# -- checking a rewrite ------------------------------------------------------------------------

_QUESTION_START_RE = re.compile(
    r"^(?:[^,?]{3,60},\s*|(?!(?:and|so|but|or)\b)(?:[\w\-]+\s+){1,5}(?=wh|how))?\s*(?:"
    + _ASKING_WORDS + r"|whats|wheres|hows|whos|whom|whose|had|will|would|should|may|might|"
    r"name|describe|explain|compare)\b", re.I)
_VERB_RE = re.compile(
    # ("what's a biomarker": the verb in a contraction)
    r"\b(?:what|who|where|when|how|why|which|that|it|there|here)['’]s\b|"
    r"\b(?:is|are|was|were|be|been|being|do|does|did|has|have|had|can|could|will|would|"
    r"should|may|might|must|say|says|said|tell|list|show|give|name|work|come|use|cause|"
    r"affect|play|help|make|go|stand|mean|target|drive|promote|bind|happen|involve|need|"
    r"differ|compare|know|find|mess|deal|predict|concern|regulate|block|resist|carry|get|"
    r"describe|explain|[a-z]+(?:ed|es|s))\b", re.I)
_DANGLING_RE = re.compile(  # (not a contraction: "what's the earliest ...")
    r"(?<!\bwhat)(?<!\bthat)(?<!\bwho)(?<!\bwhere)(?<!\bhow)(?<!\bit)(?<!\bhere)"
    r"(?<!\bthere)'s(?=\s*(?:[?.!,;:]|$|\b(?:is|are|was|were|do|does|did|of|to|in|on|for|and|or|the|a|"
    r"an)\b))", re.I)
_LINKS = {"is", "are", "was", "were", "be", "of", "about", "for", "to", "with", "and", "or",
          "in", "on", "by", "from", "which", "what", "as", "than", "like"}
_DOUBLED_RE = re.compile(r"\b(\w+)\s+\1\b", re.I)
# A name then "their"/"its" or a second noun phrase: "... with miR-122 their follow up".
_GLUED_RE = re.compile(r"(?:[A-Za-z]*\d[\w\-]*|[a-z]+[A-Z][\w\-]*)\s+(?:their|its|the)\s+\w+"
                       r"(?:\s+\w+){0,3}\s*\??$")


def introduced_problems(asked: str, rewrite: str) -> list[str]:
    """The problems a rewrite has that the question as asked did not ("circZFR and circPAK1
    are both from 2022 right" is the user's own phrasing, not the rewrite's)."""
    own = set(rewrite_problems(asked))
    return [p for p in rewrite_problems(rewrite) if p not in own]


def rewrite_problems(text: str) -> list[str]:
    """What keeps a follow-up's rewrite from being a grammatical question (empty when
    nothing does): it must open as a question, have a verb, and leave no possessive
    dangling, no word doubled and no second question glued on."""
    problems = []
    body = text.strip()
    if not _QUESTION_START_RE.match(body):
        problems.append("does not open as a question")
    if not _VERB_RE.search(body):
        problems.append("has no verb")
    if _DANGLING_RE.search(body):
        problems.append("a possessive with nothing after it")
    if re.search(r"(?<=[a-rt-z.])['’](?=\s+\w)", body, re.I) and not re.search(
            r"(?:^|\s)['‘]\w", body):  # ("the S100A10 study' own work", not a quote)
        problems.append("a plural's apostrophe after a singular")
    doubled = [m.group(1) for m in _DOUBLED_RE.finditer(body)
               if not m.group(1).isdigit() and m.group(1).lower() not in {"that", "had"}]
    if doubled:
        problems.append(f"'{doubled[0]}' doubled")
    tail = re.search(r"(\w+)\s+the\s+(?:\w+\s+){0,2}ones?\s*\??$", body, re.I)
    if _GLUED_RE.search(body) or (tail and tail.group(1).lower() not in _LINKS):
        problems.append("a phrase glued on after a name")
    if re.search(r"\bof\s+[\w-]+(?:,\s+[\w-]+)*,?\s+(?:and|or)\s+[\w-]+\s+(?:two|three|both|2|3)\b",
                 body, re.I):
        problems.append("a count left after the names it stood for")
    if re.search(r"\b(?:most|more|least)\s+(?:earliest|latest|oldest|newest|first|last|"
                 r"largest|smallest|highest|lowest|biggest|best|worst)\b", body, re.I):
        problems.append("a superlative graded twice")
    paired = re.search(r"(?<![\w-])([\w-]{3,})\s+(?:and|or|vs\.?|versus)\s+\1(?![\w-])", body)
    if paired:
        problems.append(f"'{paired.group(1)}' paired with itself")
    inner = body.rstrip("?").rstrip().split("?")
    if len(inner) > 1 and any(p.lstrip().startswith(",") or not _VERB_RE.search(p)
                              for p in inner[1:]):
        problems.append("a question glued onto another")
    return problems
