"""The default answerer: no LLM; it picks the review's own sentences and table rows.

Each chosen sentence becomes one sentence of the answer with a marker to the passage
it was taken from, so the answer is faithful by construction and the citation check
(`qa.verify`) can prove it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial

from index.inflection import base_forms, inflected_forms
from index.inflection import family_key as morph  # (the name callers know)
from index.lexical import STOPWORDS, WORD_RE, normalize_text, tokenize, word_tokens
from qa.asks import asks, side_by_side, split_question
from qa.conversation import KIND_WORDS, Lexicon, kind_of
from qa.counting import counted_noun, inline_enumeration, numbered_run
from qa.dates import YEAR_RE as _YEAR_RE
from qa.dates import stated_year
from qa.english import is_everyday, one_edit_words
from qa.members import members_asked, names_members
from qa.methods import method_asked
from qa.prompts import PARTIAL_TEXT
from qa.support import CandidateRanker, SupportModel, hand_ranker, load_support_model
from qa.tables import TABLE_WORD_RE, TableAnswerPlan, describe_condition, describe_rows, hint_words
from qa.terms import ENGLISH_SUFFIX, QUESTION_WORDS, TermStats
from qa.types import Retrieved
from qa.verify import strip_ref_brackets
from qa.vocabulary import (
    DRUG_RE,
    NAME_SHAPE_RE,
    Binomials,
    abbreviation_list,
    american,
    paraphrase_pairs,
)
from settings import AnswerSettings
from source.model import Passage
from source.passages import ARTICLE_FIELDS, ARTICLE_INFORMATION, quote_refs
from source.table import column_role
from source.text import find_refs, split_sentences

MAX_SENTENCES = AnswerSettings().max_sentences  # (for qa/llm.py's prompt)


@dataclass(frozen=True)
class Unit:
    """One answer sentence: what is shown, the passage, and the exact supporting span."""

    display: str
    passage: Passage
    quote: str
    score: float = 0.0
    coverage: float = 0.0
    similarity: float = 0.0  # cosine of the sentence with the question
    # a candidate's measured features (qa.support.RANK_FEATURES); its score is theirs
    features: Mapping[str, float] = field(default_factory=dict, compare=False, hash=False)

    def rescored(self, ranker: CandidateRanker, **changes: float) -> Unit:
        """The unit with features changed and its score recomputed."""
        features = {**self.features, **changes}
        return replace(self, features=features, score=ranker.score(features))


@dataclass(frozen=True)
class Draft:
    units: tuple[Unit, ...]
    abstained: bool
    reason: str = ""
    lead: str = ""  # text before the units (e.g. "Table 1 lists 7 rows ...:")
    joiner: str = "; "  # between units after a lead: "; " for a list of rows, " " for sentences
    coverage: float = 0.0  # share of the question's word weight the units cover
    certain: bool = False  # an abstention no table listing may overturn (an unknown name)
    tail: tuple[Unit, ...] = ()  # sentences after a table answer, for asks the rows leave
    partial: bool = False  # abstained, but `units` say what the review does say (cited)
    features: Mapping[str, float] = field(default_factory=dict)  # qa.support.FEATURES


@dataclass(frozen=True)
class Understood:
    """What a question asks, read once before the candidates are scored."""

    question: str
    replaced: tuple[str, ...]
    terms: QueryTerms
    asks: tuple[str, ...]  # the parts that ask (qa.asks), premises left out
    subject: str  # a definition's subject ("exosomes" in "What are exosomes?"), or ""
    spelled: re.Pattern[str] | None  # "What does ABC stand for?": ABC spelled out
    wants_table: bool  # an ask names the table
    sim: Callable[[Passage, str], float]  # cosine of a sentence with the question
    section: str = ""  # the heading of a section the question names ("in the intro")
    how: bool = False  # "how" asks by what means (anywhere: "on how exosomes cause ...")
    unsettled_asked: bool = False  # whether something is known is asked (or yes/no)
    scope_asked: bool = False  # what the review itself covers or sets out to do is asked
    absolute: bool = False  # asks whether a thing always holds ("always", "good or bad")


@dataclass(frozen=True)
class Focus:
    """The candidates about what is asked, best first; `everything` keeps those the
    focus dropped (a later ask may need them)."""

    candidates: list[Unit]
    everything: list[Unit]
    rare: frozenset[str]
    best: Unit


_DEF_RE = re.compile(  # "What is X?", "Define X", "What do X do?" -> X
    r"^\s*(?:(?:(?:what|which)\s+(?:is|are|was|were)|what(?:'|\u2019)?s)(?:\s+meant\s+by)?"
    r"|how\s+(?:does|do|did)\s+(?:the\s+)?(?:review|article|paper|authors?)\s+"
    r"(?:describe|define|characteri[sz]e|explain)"
    r"|what\s+(?:do|does|did)(?=\s.+\s+do(?:,?\s+(?:in|according\s+to|as)\s+(?:the\s+)?"
    r"(?:review|article|paper)\b.*)?\s*\??\s*$)"
    r"|(?:describe|define|explain))\s+(?:an?\s+|the\s+)?(.+?)(?:\s+do)?"
    r"(?:,?\s+(?:in|according to|as)\s+(?:the\s+)?(?:review|article|paper)(?:'s)?.*)?[?.!]*\s*$",
    re.I,
)


# A question of one name alone: "circRNA-SORE?", "tell me about S100A10"
_BARE_NAME_RE = re.compile(r"^\s*(?:(?:and|so|ok|okay)\s+)?(?:(?:tell\s+me\s+)?about\s+)?"
                           r"([\w][\w-]*[\w+])\s*[?.!]*\s*$", re.I)
# "These nano-sized vesicles ...": a sentence going on about the thing the sentence before
# it named, calling it by its class (not "This review ...", "These findings ...").
_THESE_RE = re.compile(r"^(These|This)\s+(?!(?:review|study|studies|article|paper|work|"
                       r"finding|findings|result|results|data|evidence)\b)"
                       r"(?:[\w-]+\s+){0,2}?[\w-]+\s+(?!of\b)[a-z]+")
# The subject as a clause's subject: "exosomes, which are ...", "exosomes are ...".
_SUBJECT_VERB = (r"(?:,\s+(?:which|that|derived|secreted|released)\b|\s+(?:are|is|were|was|"
                 r"have|has|can|may|play|plays|serve|serves|represent|represents)\b)")


def _stem(subject: str) -> str:
    """A definition subject as a pattern for its singular and plural."""
    return re.escape(subject.rstrip("s"))


def _first_kind_words(text: str) -> set[str]:
    """The word right after which/what ("miRNA" in "sponges which miRNA"): the kind of
    thing asked for, or its first modifier."""
    return {t for m in _ASKED_KIND_RE.finditer(text)
            for t in word_tokens(m.group(1).split()[0].lower())[:1]}


# The kind a "which" question asks for, up to its verb: "Which immune checkpoint
# inhibitors are ...", "what drugs have ..."
_KIND_PHRASE_RE = re.compile(
    r"^\s*(?:which|what)\s+((?:[\w+-]+\s+){0,3}?[\w+-]+)\s+(?:is|are|was|were|do|does|did|"
    r"has|have|had|can|could|may|might|will|would|should)\b", re.I)


# A sentence singling out members of what the one before spoke of
_SINGLES_OUT_RE = re.compile(r"^(?:Notably|For\s+(?:example|instance)|In\s+particular|"
                             r"Particularly|Specifically|Among\s+(?:them|these)|Of\s+(?:these|"
                             r"them|note)|E\.g\.)\b")


# An RNA class written before a name in a label ("lncRNA MALAT1")
_RNA_CLASS_RE = re.compile(r"(?:lnc|linc|circ|mi|m|nc|si|sh)RNAs?", re.I)


# A yes/no question on where a finding was tested: in animals, or in patients
_TESTED_IN_RE = re.compile(
    r"^\s*(?:[^,?;]{3,80},\s*)?(?:was|were|is|are|did|does|do|has|have)\b.*\b(?:in|on|with|using)\s+(?:any\s+|an?\s+)?"
    r"(?:(?P<animals>animals?|mice|mouse|rats?|vivo|xenografts?|animal\s+models?)"
    r"|(?P<people>patients?|humans?|people|clinical\s+samples?))\b", re.I)


# ... and whether it was tested only in cells: "was it only in vitro?", "just cell lines?"
_ONLY_IN_VITRO_RE = re.compile(
    r"\b(?:only|just|solely|purely)\s+(?:(?:done|shown|tested|studied)\s+)?(?:in\s+)?"
    r"(?:vitro|cells?|cell\s+(?:lines?|cultures?)|culture|the\s+lab|(?:a\s+)?petri\s+dish(?:es)?)"
    r"\b|\bin\s+vitro\s+only\b", re.I)
_IN_ANIMALS_RE = re.compile(r"\bin\s+vivo\b|\banimals?\b|\bmice\b|\bmouse\b|\brats?\b|"
                            r"\bxenografts?\b", re.I)
_IN_PATIENTS_RE = re.compile(r"\bclinical\b|\bpatients?\b|\bhumans?\b", re.I)
# A choice between people and the lab ("from patients or just mice?", "human data or only
# lab work?"): whichever the evidence tells of is the answer
_LAB_WORDS = (r"(?:mice|mouse|animals?|rats?|xenografts?|lab(?:oratory)?(?:\s+work)?|"
              r"cells?|cell\s+lines?|in\s+vitro|in\s+vivo|petri\s+dish(?:es)?|test\s+tubes?|"
              r"preclinical|experiments?)")
_PEOPLE_OR_LAB_RE = re.compile(
    r"\b(?:patients?|humans?|people|clinical)\b[^?.]{0,40}?\bor\b[^?.]{0,20}?\b" + _LAB_WORDS
    + r"\b|\b" + _LAB_WORDS + r"\b[^?.]{0,40}?\bor\b[^?.]{0,20}?\b(?:patients?|humans?|people|"
    r"clinical)\b", re.I)
# ... the lab, told by the evidence
_PRECLINICAL_SAID_RE = re.compile(r"\bpreclinical\b|\bin\s+vi(?:vo|tro)\b|\bmice\b|"
                                  r"\bmouse\b|\bmurine\b|\bxenografts?\b|\banimal\s+models?\b|"
                                  r"\bcell\s+lines?\b", re.I)


def _asked_kinds(text: str) -> set[str]:
    """The head nouns of the kinds of thing `text` asks for ("cytokines" in "which
    NK-derived cytokines"): not names an answer must repeat; it names the things."""
    return {t for m in _ASKED_KIND_RE.finditer(text)
            for t in word_tokens(m.group(1).split()[-1].lower())[:1]}


# What follows a definition's subject and is no part of it: a qualifier ("immune
# checkpoints, in simple words"), a clause about who spoke of it ("the atezolizumab +
# bevacizumab combo my uncle's doctor mentioned").
_SUBJECT_END_RE = re.compile(
    r"\s*(?:[,;(]|\s-\s|\s(?:that\s+|which\s+)?(?:my|your|his|her|our|their|i|we|you|"
    r"people|everyone|doctors?|the\s+doctors?)\s|\s(?:in\s+(?:simple|plain|lay(?:man'?s)?)|"
    r"exactly|actually|again|really|briefly|simply)\b).*$", re.I)


# A sentence opening on a long form and its abbreviation: "Short-chain fatty acids (SCFAs)".
_LONG_FORM_OPENING_RE = re.compile(r"^(?:[\w-]+\s+){0,5}?[\w-]+\s*(\([^()]{1,20}\))")


def _opens_on(subject: str, head: str) -> bool:
    """Does a sentence (lower case) open on a definition's subject: "exosomes are ...",
    "The immune checkpoint system ...", "Short-chain fatty acids (SCFAs), chiefly ..."?"""
    # ("The prospective EVOLVE-PARP cohort is ...": a name after a word or two)
    if re.match(r"(?:the|an?)\s+(?:[a-z][\w-]*\s+){1,2}?" + re.escape(subject)
                + r"\s+(?:[a-z]+\s+)?(?:is|was|are|were)\b", head) and re.search(r"\d|-", subject):
        return True
    head = re.sub(r"^the\s+", "", head)
    one = subject.rstrip("s")
    if head.startswith(subject) or head.startswith(one):
        return True
    m = _LONG_FORM_OPENING_RE.match(head)
    return m is not None and re.fullmatch(r"\(\s*" + re.escape(one) + r"s?\s*\)",
                                          m.group(1)) is not None


def _form_kind_listed(question: str) -> str:
    """The kind "list all the ...?" asks for when its members' form tells it ("all the
    circRNAs": circRNA), else ""."""
    m = _LIST_ALL_RE.search(question)
    said = question_words(question[m.end():])[:4] if m else []
    return next((k for w in said if (k := KIND_WORDS.get(w.lower(), "")) in _FORM_KINDS), "")


def definition_subject(raw: str) -> str:
    """A definition question's subject, lower case, without what follows it and is no part
    of it, nor opening adverbs ("actually EMT" -> "emt")."""
    subject = re.sub(r"^(?:actually|exactly|really|basically|even|just)\s+", "", raw.strip(),
                     flags=re.I)
    subject = _SUBJECT_END_RE.sub("", subject).strip(" ?.!")
    subject = re.sub(r"^(?:an?|the)\s+", "", subject, flags=re.I)
    return (subject or raw).lower()


_TELLS_STUDY_RE = re.compile(r"\bet\s+al\.|\bcolleagues\b|\b(?:research\s+)?group\b")


def _shaped_names(text: str) -> list[str]:
    """The words of `text` shaped like a name (miR-4669, lnc-EPC1-4), not a class plural
    ("circRNAs")."""
    return [w for w in question_words(text) if NAME_SHAPE_RE.search(w)
            and not _CLASS_PLURAL.search(w)]


def _lettered(names: set[str]) -> set[str]:
    """Names with a letter: not a year or a count ("2018", "1,212")."""
    return {n for n in names if re.search(r"[a-z]", n, re.I)}


def _same_study(a: Unit, b: Unit) -> bool:
    """Two sentences of one paragraph behind the same single reference: the review is
    still telling one study ("As early as 2011, Shi ... reported ..." and "A combination
    therapy involving sorafenib and ... chloroquine ...", both [84])."""
    # (the first tells a study by its authors; the later one cites that reference itself:
    # a sentence citing nothing is not taken for the study's on the run's reference alone)
    if not _TELLS_STUDY_RE.search(a.display):
        return False
    refs = quote_refs(a.passage, a.quote)
    return len(refs) == 1 and _paragraph_of(a.passage) == _paragraph_of(b.passage) \
        and tuple(find_refs(b.quote)) == refs


def _names_subject(subject: str, text: str) -> bool:
    """True when `text` names a definition's subject (or its singular)."""
    stem = _stem(subject)
    return re.search(rf"(?<![\w-]){stem}s?(?![\w-])", text, re.I) is not None


def _names_class(subject: str, sentence: str) -> bool:
    """True when `sentence` says what kind of thing the subject is: "Sorafenib, the first
    FDA-approved multiple-target TKI, ...", "MDR is a phenomenon ..."."""
    stem = _stem(subject)
    return re.match(rf"{stem}s?(?:\s*\([^)]*\))?(?:,\s+|\s+(?:is|are|was|were)\s+)"
                    r"(?:an?|the|one)\s", sentence, re.I) is not None


def _appositive(subject: str, sentence: str) -> bool:
    """True when `sentence` says what the subject is in passing, in an appositive after
    it ("chemoradiotherapy produces pseudoprogression, a treatment-related increase in
    contrast enhancement that mimics tumor growth, in ..."), or what it is called."""
    stem = _stem(subject)
    return re.search(rf"(?<![\w-]){stem}s?,\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,6}}?"
                     r"(?:that|which|whose|in\s+which)\b", sentence, re.I) is not None or (
        # "... the current standard of care ..., commonly referred to as the Stupp
        # protocol, ...": the thing named by what it is called
        re.search(rf"\b(?:known|referred\s+to)\s+as\s+(?:the\s+)?{stem}s?\b", sentence, re.I)
        is not None)


def _describes_subject(subject: str, previous: str, sentence: str) -> bool:
    """True when `sentence` ("These nano-sized vesicles mediate ...") goes on about the
    definition subject that `previous` ("... exosomes, which are secreted by ...") made
    the subject of a clause; "These" goes with a plural subject, "This" with one thing."""
    m = _THESE_RE.match(sentence)
    if m is None or (m.group(1) == "These") != subject.endswith("s"):
        return False
    stem = _stem(subject)
    return re.search(rf"(?<![\w-]){stem}s?{_SUBJECT_VERB}", previous, re.I) is not None


@lru_cache(maxsize=32768)
def _head_token(word: str) -> str:
    """A word's first BM25 token, lower case ("" for none): cached, words recur."""
    toks = word_tokens(word.lower())
    return toks[0] if toks else ""


def question_words(text: str) -> list[str]:
    """The word-level units of a question, case kept (before BM25 tokenization)."""
    return [m.group() for m in WORD_RE.finditer(text)]


# "which miRNA", "which NK-derived cytokines", "what exosomal proteins": the kind of thing
# asked for, its modifiers (a "-derived" compound, an adjective) and its head noun.
# What a drug class is named by: its target ("CTLA-4", "anti-PD-1") or "exosome"
_CLASS_TARGET = r"(?:[A-Za-z]+-?\d[\w-]*|anti-[\w-]+|exosomes?)"
_ASKED_KIND_RE = re.compile(
    r"\b(?:which|what)\s+((?:[\w+]+-[\w-]*ed\s+|[a-z]+(?:al|ic|ive|ous)\s+"
    # (a name before the kind: "which CTLA-4 antibody", "which exosome inhibitor")
    r"|" + _CLASS_TARGET + r"\s+(?=(?:antibod|inhibitor)))"
    r"{0,2}[\w\-+]+)", re.I)
# ... and a compound's code, letters then three digits or more ("GW4869", "AZD9291")
_CODE_NAME_RE = re.compile(r"[a-z]{1,5}-?\d{3,}[a-z]?")
# ... a drug class named by its target: its member's name is asked for
_MEMBER_ASK_RE = re.compile(_CLASS_TARGET + r"\s+(?:antibod(?:y|ies)|inhibitors?)", re.I)
# ... anywhere in a question ("has the FDA approved any exosome inhibitor?"), its target
_MEMBER_TARGET_RE = re.compile(r"\b(?P<target>" + _CLASS_TARGET + r")\s+(?:antibod(?:y|ies)|"
                               r"inhibitors?|blockers?)\b", re.I)
# A section named: "in the conclusions", "according to the intro", "in the biomarker
# section"; without a preposition only as "the immunotherapy section" ("the abstract
# text" may be what is asked about, not where).
_SECTION_PHRASE_RE = re.compile(
    r"\b(?:(?:in|from|according\s+to|per|of)\s+the\s+(?P<name>(?:[\w\-]+\s+){0,3}?"
    r"(?:section|part|paragraph|chapter|text|intro(?:duction)?|abstract|conclusions?|"
    r"perspectives|summary))|the\s+(?P<bare>(?:[\w\-]+\s+){1,3}?section)"
    # ... as the subject of a verb of saying ("what the conclusion says", "the intro lists")
    r"|the\s+(?P<says>intro(?:duction)?|abstract|conclusions?|summary)(?=\s+(?:says?|"
    r"mentions?|lists?|states?|notes?|names?|describes?|raises?|gives?|suggests?|"
    r"discuss(?:es)?|highlights?|cites?|reports?|covers?|refers?)\b)"
    # ... or by where it stands: "at the end (of the review)" is its last section
    r"|at\s+the\s+(?:very\s+)?(?P<end>end)(?:\s+of\s+the\s+(?:review|paper|article)"
    r"|(?!\s+of\b)))"
    r"\b", re.I)
# Back matter: sections after the body ("at the end" is the body's last section)
_BACK_MATTER_RE = re.compile(r"^(?:declarations?|acknowledg|references|funding|conflicts?|"
                             r"author)", re.I)
# A description that names its thing ("the immune cells called macrophages", "a protein
# known as pIgR"): a pronoun after it means that name
_NAMES_ITS_THING_RE = re.compile(r"\b(?:called|named|known\s+as|termed|dubbed)\s+['\"“‘]?"
                                 r"([\w\-]+)", re.I)
# A numbered list in running text: "... challenges ... (1) Currently, ...; (2) Although ..."
_ENUM_MARK_RE = re.compile(r"(?:^|(?<=[\s;:]))\((\d{1,2})\)\s+(?=[A-Z])")
# An item opening with a clause before what it says ("Although X have been studied, other
# cargos remain ...", "So far, ..."): the clause ends at the comma before a main clause's
# subject, and goes when the list must be shortened.
_ITEM_OPENER_RE = re.compile(r"^(?:Although|Though|While|Whereas|Despite|Currently|So\s+far|"
                             r"To\s+date|Recently|However|Moreover|Additionally|Furthermore)\b")
# ... a later sentence of an item turning on its first ("Despite recent advances ...,
# these techniques often fall short ..."): the item's point
_ITEM_TURN_RE = re.compile(r"(?:Despite|Although|Though|However|Nevertheless|Nonetheless|"
                           r"Yet|But)\b")
# A sentence announcing things by their number, not their names: "Two miRNA studies
# linked EVs to ...", "Several groups have ..."
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}
_ANNOUNCES_RE = re.compile(r"(Two|Three|Four|Five|Several|Multiple|A\s+few)\s+(?:[\w-]+\s+){0,2}"
                           r"(?:(?P<studies>studies|reports|groups|papers|trials)|[a-z]{3,}s)\b")
# ... a short sentence announcing things of another kind ("Three generations of EGFR-TKIs
# are currently used in the clinic."): the sentences after it name them
_SHORT_ANNOUNCEMENT = 14  # words at most
# ... each of which a sentence then tells: "Nakashima et al. reported ...", "In 2021, ..."
_NAMES_STUDY_RE = re.compile(r"\bet\s+al\.|\b(?:19|20)\d\d\b"
                             # (or by its place: "In the first, 12 patients ...")
                             r"|^\W*In\s+the\s+(?:first|second|third|fourth|former|latter)\b")
# A sentence telling a list's item in order: "First, ...", "Secondly, ...", "Finally, ..."
_ORDINAL_OPEN_RE = re.compile(r"(First|Second|Third|Fourth|Fifth|Sixth|Finally|Lastly)(?:ly)?,\s")
# ... whose first clause ends at a semicolon or before a clause joined on
_ITEM_CLAUSE_RE = re.compile(r";\s|,\s+(?:and\s+(?:it|this|that|there)|but|although|though|"
                             r"while|whereas)\s")
_CLAUSE_END_RE = re.compile(r",\s+(?=(?:the|this|these|those|other|most|many|some|such|it|"
                            r"they|we|there|its|their|our)\b)")
# A question asking for several things: "list ...", "what are ...", "which problems ...?"
# One item of a list asked for by its place: "the last challenge", "the 2nd one"
_PLACES = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
           "4th": 3, "fifth": 4, "5th": 4, "sixth": 5, "6th": 5}
_ITEM_PLACE_RE = re.compile(r"\bthe\s+(" + "|".join([*_PLACES, "last", "final"])
                            + r")\s+(?:one|item|point|[a-z]+(?<!s))\b(?!\s+(?:of|in)\s+(?:the\s+)?"
                            r"(?:review|table|reference|paper|article))", re.I)
# A sentence summing a list up after it: "By addressing these challenges, ..."
_LIST_SUMMED_RE = re.compile(r"(?:By|In)\s+(?:addressing|summary|sum|conclusion|short)|"
                             r"(?:Overall|Together|Taken\s+together|Collectively)\b")
_PLURAL_LIST_RE = re.compile(r"\b(?:list|name|what\s+(?:are|were)|(?:which|what)\s+(?:\w+\s+)?\w+s|"
                             r"two|three|four|five|six|several|all|every)\b", re.I)
_WH_START_RE = re.compile(r"\b(?:what|which|how|why|who|whom|whose|when|where|list|name|"
                          r"give|describe)\b", re.I)
# A question typed as keywords: no question word, verb of asking or auxiliary anywhere
# ("linc-ror", "exosomal pd-l1", "m2 macrophage exosomes?")
_TOPIC_RE = re.compile(
    r"^(?!.*\b(?:what|whats|which|how|hows|why|who|whos|whom|whose|when|where|list|name|"
    r"give|describe|explain|define|compare|tell|is|are|was|were|does|do|did|can|could|has|"
    r"have|had|will|would|should|vs|versus|or)\b).+$", re.I | re.S)
# "list all the X", "every X the review mentions": everything of a kind is asked for
_LIST_WORDS = frozenset({"list", "all", "every", "each", "name", "everything"})
_LIST_ALL_RE = re.compile(r"\b(?:list\s+(?:all|every|the)|all\s+the|every|everything|name\s+all|"
                          r"what\s+are\s+all|each\s+of\s+the)\b", re.I)
# A name an item of a list is ("miR-4669", "circCCAR1", "HMGB1"), not a word the review
# abbreviates ("FDA", "DNA") nor a figure.
_FORM_KINDS = frozenset({"circRNA", "miRNA", "lncRNA", "drug"})
_PARTICIPLE_TAIL_RE = re.compile(r"(?:-(?:[a-z]{3,}ed|based|rich|free|like|positive|dependent|"
                                 r"negative|specific|carrying|containing|bearing))+$")
_ITEM_NAME_RE = re.compile(
    # (a figure with its unit is no name: "2-fold", "3.5-fold", "72 h")
    r"^(?!\d+(?:\.\d+)?[\s-]?(?:fold|times|h|hours?|days?|weeks?|months?|years?|nm|"
    r"mg|kg|ml|mm)$)(?:.*[A-Za-z].*\d|.*\d.*[A-Za-z]|.*[a-z][A-Z])")
_PLURAL_ASK_RE = re.compile(r"\b(?:two|three|four|both|each|all)\b|\bwhat\s+are\s+they\b",
                            re.I)
# "which checkpoint inhibitors ...", "what drugs ...": a plural noun after the wh-word
_WH_PLURAL_RE = re.compile(
    r"\b(?:which|what)\s+(?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*[^s'\W]s)\b", re.I)
_NOT_PLURAL = frozenset({"does", "is", "was", "has", "this", "its", "us", "thus", "as", "always",
                         "across", "perhaps", "plus", "versus", "analysis", "basis", "status",
                         # verbs: "what causes resistance", "what makes them"
                         "causes", "makes", "happens", "drives", "leads", "helps", "means",
                         "explains", "links", "controls", "regulates", "determines", "gives",
                         "keeps", "stops", "turns", "affects", "promotes", "induces",
                         "mediates", "goes", "comes", "says", "shows", "seems"})


def _asks_several(question: str) -> bool:
    """Whether a question asks for more than one thing ("two", "all", "which drugs")."""
    return bool(_PLURAL_ASK_RE.search(question)) or _asks_plural(question)


def _asks_plural(question: str) -> bool:
    """Whether a wh-question asks for things in the plural ("which checkpoint inhibitors
    are approved?"), not for one ("which drug", "what does ...")."""
    m = _WH_PLURAL_RE.search(question)
    return m is not None and m.group(1).lower() not in _NOT_PLURAL and not re.search(
        r"\b(?:is|was|does|has)\b", question[m.start():m.start(1)], re.I)


_NUMBER_WORD_RE = re.compile(  # a number standing alone: "75%", "two", not "CD8" or "miR-21"
    # (a range is one: "30-150 nm")
    r"(?<![\w-])\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?(?:%|-fold)?(?![\w-])"
    r"|\b(?:one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|twenty|dozens?|hundreds?|thousands?|millions?)\b", re.I)
_VERSIONED_RE = re.compile(r"([a-z]{3,})(?:19|20)\d\d")
_FIGURE_RE = re.compile(r"\b(?:Table|Figure|Fig\.)\s+\d+", re.I)
# A question about the review itself ("What is this review about?", "What does the
# article cover?") and the words such a question has besides the review's name.
_ABOUT_REVIEW_RE = re.compile(
    r"\b(?:review|article|paper)\b.*\b(?:about|aims?|purpose|scope|focus|covers?|summar\w*|"
    r"overview|main\s+points?|goals?|topics?)\b|\b(?:about|aims?|purpose|scope|focus|goals?|"
    r"topics?)\b.*\b(?:review|article|paper)\b", re.I)
_ABOUT_WORDS = frozenset("""about aim aims purpose scope focus cover covers summary summarize
    summarise overview main point points goal goals topic topics what wrote write written
    authored""".split())
# A question about who wrote the review ("Who are the authors?", "Who wrote it?").
# ("authors?" alone, asked of no earlier answer, is asked of the review)
_WHO_WROTE_RE = re.compile(r"\bwho\s+(?:wrote|write|authored|are\s+the\s+authors)\b"
                           r"|\bauthors?\s+of\s+(?:the|this)\s+(?:review|article|paper)\b"
                           r"|^\s*(?:the\s+|its\s+)?authors?\s*[?.!]*\s*$", re.I)
# The review saying what it does: "This review mainly summarizes ...", "we examine ...".
_SELF_DESCRIPTION_RE = re.compile(
    r"^(?:This|In\s+this)\s+(?:review|article|paper)\b|\bwe\s+(?:summari[sz]e|summari[sz]ed|"
    r"examine|review|discuss|provide|highlight|describe|focus)\b", re.I)
# An ask referring back to a thing by a demonstrative: "do those exosomes switch on".
_BACK_REF_RE = re.compile(r"\b(?:those|these|that|this|such)\s+([\w-]+)", re.I)
# A sentence opening on a thing the one before named: "These exosomes could induce ...".
_OPENING_REF_RE = re.compile(r"^(?:These|This|Those|Such)\s+([\w-]+)")
# A sentence that cannot stand alone: it opens on what the one before said ("These
# exosomes ...", "Hence, ...", "It ...").
_LEANS_BACK_RE = re.compile(
    r"^(?:(?:These|This|Those|Such|Its|Their)\s+[\w-]+|They|Hence|Thus|Therefore|"
    # ("None of these patients received ICIs, ...": of those the sentence before counted)
    r"(?:None|All|Some|Most|Many|Each|Both|Neither|Either|Few|Several|Half)\s+of\s+"
    r"(?:these|those|them|this|that)\b|"
    # ("It" of a thing named before, not "It is possible that ...", "It should be kept
    # in mind that ...")
    r"It(?!\s+(?:is|was|should|must|has|had|remains|seems|appears|would|may|might|can|"
    r"could)\b[^.]{0,40}?\b(?:that|whether)\b)|"
    r"Consequently|Accordingly|In\s+turn|As\s+a\s+result|"
    r"The\s+other\s+[\w-]+|"  # ("The other authors declared ...": others than named)
    # ("The increased CD39 levels ...", "The resulting increase ...", "The latter finding
    # ...": a change or a thing the one before told of)
    r"The\s+(?:increased|elevated|decreased|reduced|enhanced|resulting|resultant|"
    r"aforementioned|above|former|latter)\s+[\w-]+|"
    r"(?:(?:In|Of)\s+(?:the|this|that|these|those)|The|This|That|These|Those)\s+same"
    r"\s+[\w-]+|In\s+(?:this|that|these|those)\s+[\w-]+)\b")
_SAME_RE = re.compile(r"\bsame\s+([\w-]+)")
# A paragraph's part: "section-slug/p3-2" is the second part of paragraph 3.
_PART_ID_RE = re.compile(r"^(.*/p\d+)-(\d+)$")
# ... and one going on about the same thing (not a conclusion drawn: "Hence, ...").
# A sentence giving an example of the one before it
_EXAMPLE_RE = re.compile(r"^(?:For\s+(?:example|instance)|As\s+an\s+example|E\.g\.)\b")
_GOES_ON_RE = re.compile(
    # ("For example, the knocking-down of RAB27A ...": an example of the one before)
    r"^(?:For\s+(?:example|instance)\b|"
    r"(?:(?:Importantly|Moreover|Furthermore|Additionally|Notably|Interestingly|Further|"
    r"In\s+addition|In\s+turn|Subsequently|[A-Z][a-z]+ly),\s+)?"
    r"(?:(?:[Tt]hese|[Tt]his|[Tt]hose|[Ss]uch|[Ii]ts|[Tt]heir)\s+[\w-]+|[Ii]t|[Tt]hey"
    # ("Intriguingly, exosomes from these HCC cells contained ...": said of the ones just
    # named)
    r"|(?:[\w-]+\s+){1,3}(?:from|of|in|by)\s+(?:these|those)\s+[\w-]+)\b)")
# An ask for a quantity ("What percentage of patients respond ...?", "What concentration
# of sorafenib was used?", "How long ...?"): its answer is a number.
# ("how much is known about ...?" asks how far the research has come, in words)
_NOT_KNOWN = r"(?!\s+(?:is|was|has\s+been)\s+(?:known|understood|studied|done|researched))"
_QUANTITY_ASK_RE = re.compile(
    r"^\s*(?:(?:what|which)(?:'?s)?\s+(?:(?:is|was|are|were)\s+the\s+)?(?:exact\s+)?"
    r"(?P<noun>percentage|percent|proportion|fraction|share|concentration|dose|dosage|amount|"
    r"rate|frequency|size|diameter|median|mean|average|half[\s-]life|incidence|prevalence|"
    # (a test's sensitivity, not a drug's: "what sensitivity did ... have", not "what
    # sensitivity to sorafenib ...")
    r"sensitivity(?!\s+to\b)|specificity|cost|price)\b"
    r"|how\s+(?:much" + _NOT_KNOWN + r"|long|often|large|big|small|frequently|expensive|"
    r"costly)\b"
    r"|at\s+what\s+(?:dose|concentration))"
    # ... or anywhere in the ask: "What daily dose of lenvatinib ...", "By how much did
    # ... shrink", "the objective response rate", "what radiation dose in Gy ..."
    # (not the form a figure is given in: "what units were EV doses given in?")
    r"|\b(?:(?:what|which)(?:'?s)?|about)\s+(?!units?\b|kinds?\b|types?\b|forms?\b)"
    r"(?:[\w-]+\s+){0,3}?(?P<inner>dose|dosage|concentration|percentage|"
    r"proportion|response\s+rate|survival\s+rate|rate|ratio|half[\s-]life|incidence|prevalence|"
    r"median\s+\w+|(?:\d+[\s-]*years?\s+)?(?:overall\s+|progression-free\s+)?survival(?:\s+rates?)?(?!\s+(?:issues?|problems?|concerns?|detriment|signals?|questions?))|cut-?off|threshold|ph|ic50|ec50|"
    r"sample\s+size|sensitivity[\s,/&]+(?:and\s+)?specificity|auc|cost|price)s?\b"
    # ("how accurate is it as a blood test?", "like sensitivity specificity": a test's
    # accuracy is a figure)
    r"|\bhow\s+(?P<acc>accurate|sensitive\s+and\s+specific)\b"
    r"|\b(?:diagnostic\s+)?(?P<spec>sensitivity[\s,/&]+(?:and\s+)?specificity)\b"
    r"|\bby\s+how\s+much\b|\bhow\s+(?:much" + _NOT_KNOWN + r"|long|often)\b|\bwhat\s*(?P<pct>%)"
    r"|\bin\s+(?:gy|mg/kg|mg|months|weeks|days|hours|nm|µm|μm|um|kda|percent)\b"
    # ("by what fold ...?", "how many fold", "fold change"): a ratio
    r"|\b(?:what|how\s+many)[\s-]+(?P<fold>fold)\b|\bfold[\s-]+change\b"
    # ... or a keyword question opening on the figure: "sensitivity and specificity of X?"
    r"|^\s*(?:the\s+)?(?P<lead>sensitivity\s+and\s+specificity|dose|dosage|concentration|"
    r"(?:response|survival)\s+rate|median\s+\w+|percentage|incidence|prevalence|ic50|auc)\b"
    # ... or naming it anywhere in a few words asking no verb: "lenvatinib dose for hcc?",
    # "objective response rate of atezolizumab plus bevacizumab"
    r"|^(?=(?:\W*[\w-]+){1,10}\W*$)"  # (a short query; a claim is no ask)
    r"(?!.*\b(?:what|which|how|who|whom|when|where|why|is|are|was|were|do|does|did|can|"
    r"could|has|have|had|will|would|should)\b).*?\b(?P<kw>dose|dosage|(?:response|survival)"
    r"\s+rate|overall\s+survival|ic50|ec50|half[\s-]life|(?:hazard|odds)\s+ratio|auc|diameter|"
    r"nm)s?\b(?!-)",
    re.I)
# A trial asked in lay words: "has it been tried in real patients?", "tested in humans"
_TRIED_IN_PEOPLE = (r"\b(?:tried|tested|trialled|trialed)\s+(?:out\s+)?(?:in|on)\s+"
                    r"(?:real\s+|actual\s+|living\s+)?(?:patients|humans|people)\b")
_WORKED_IN_PEOPLE = (r"\b(?:work|works|worked|working|effective|help|helps|helped)\s+"
                     r"(?:well\s+)?(?:in|for|on)\s+(?:real\s+|actual\s+|human\s+)?"
                     r"(?:patients|humans|people)\b")
# A clinical status asked of a thing: in trials, approved, its side effects
_STATUS_ASK_RE = re.compile(
    r"(?P<trial>\b(?:in\s+)?(?:(?:any|a)\s+)?(?:clinical\s+)?trials?\b"
    r"|" + _TRIED_IN_PEOPLE + r")"
    # (a status, not a label: "is it FDA approved?", not "the first FDA-approved combo")
    r"|(?P<approved>\b(?:is|are|was|were|been|be|gets?|got)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:by\s+the\s+fda\s+)?(?:fda[\s-]*)?approved\b(?![\s-]+(?:drug|therap|treatment|combo)))"
    r"|(?P<side>\bside[\s-]effects?\b|\badverse\s+(?:effects?|events?)\b|\btoxicit(?:y|ies)\b)"
    # ("did it work in patients?": a result in people, which a trial or an approval tells)
    r"|(?P<worked>" + _WORKED_IN_PEOPLE + r")",
    re.I)
# A sentence saying nobody has done a thing: "no study has examined ...", "No EV-targeting
# agent has yet been tested ...", "... has not been tested in vivo"
_DONE = (r"(?:tested|examined|studied|investigated|evaluated|reported|registered|approved|"
         r"explored|addressed|looked\s+at)")
_NOBODY_DID_RE = re.compile(
    r"\b(?:no|none\s+of\s+(?:these|those|the|them))\s+(?:[\w-]+\s+){0,6}?(?:has|have|had|was|"
    r"were|is|are)\s+(?:yet\s+)?(?:been\s+)?" + _DONE + r"\b"
    r"|\b(?:has|have|had)\s+(?:not|never)\s+(?:yet\s+)?(?:been\s+)?" + _DONE + r"\b", re.I)
# Which trials are asked for ("what trials tested ...?", "name the trials of ..."): that
# there are some is taken as given
_TRIALS_ASKED_RE = re.compile(r"\s*(?:(?:what|which)\s+(?:\w+\s+){0,2}?|(?:name|list)\s+(?:the\s+)?"
                              r"(?:\w+\s+){0,2}?)trials\b", re.I)
_STATUS_WORDS_RE = re.compile(r"\b(?:fda[\s-]*)?approv\w*|\b(?:clinical\s+)?trials?\b|"
                              + _TRIED_IN_PEOPLE + r"|" + _WORKED_IN_PEOPLE + r"|"
                              r"\bside[\s-]effects?\b|\badverse\s+\w+|\btoxicit\w*", re.I)
_WHEN_OR_ORDER_RE = re.compile(r"\b(?:when|what\s+year|which\s+year|first|earliest|latest|"
                               r"last|before|after|sooner|later)\b", re.I)
_CITED_RE = re.compile(r"\b(?:cit(?:e|es|ed|ing)|ref(?:erence)?s?|publish\w*|journals?)\b",
                       re.I)
_STATUS_SAID = (
    # (a trial said in other words: "is also being evaluated in patients with NSCLC",
    # "a phase 1 study")
    ("trial", re.compile(r"\btrials?\b|\bNCT\d+|\bphase\s+(?:[1-3]|I{1,3})\b|\b(?:evaluated|"
                         r"tested|studied|investigated)\s+in\s+(?:\w+\s+)?(?:patients|humans|"
                         r"people)\b", re.I), "any clinical trial of it"),
    # (a trial tells an approval's status too: "an mTOR inhibitor currently under phase
    # III trials" answers "is it an approved drug?")
    ("approved", re.compile(r"\bapprov\w*|\btrials?\b|\bNCT\d+", re.I), "an approval of it"),
    ("side", re.compile(r"\bside[\s-]effects?\b|\badverse\b|\btoxicit", re.I),
     "its side effects"),
    ("worked", re.compile(r"\bapprov\w*|\btrials?\b|\bNCT\d+", re.I),
     "any result of it in patients"),
    # (a yes/no question set in people: "is chloroquine given to patients now?", "do
    # patients with high circPAK1 do worse?": a sentence on patients, sera or the clinic)
    ("people", re.compile(r"\bpatients?\b|\bclinic\w*|\bsera\b|\bserum\b|\bplasma\b|"
                          r"\bhumans?\b", re.I),
     "any result of it in patients"))
_PEOPLE_WORDS_RE = re.compile(r"\b(?:patients?|humans?|people|clinic\w*)\b", re.I)
# A yes/no question set in people ("has anyone tested blocking it in actual patients?")
_PEOPLE_ASK_RE = re.compile(r"^\s*(?:(?:so|and|but|ok|okay)\s+)?(?:is|are|was|were|does|do|did|"
                            r"can|could|has|have|had|will|would|should)\b(?=.*\b(?P<people>"
                            r"patients?|humans|people)\b)", re.I)
# The units a figure of a kind is given in: "What dose ...?" is answered by "5 mg/kg", not
# by "30 patients" (general units of the sciences, not words of one review).
_TIME_UNITS = r"(?:months?|weeks?|years?|days?|hours?|h|min)"
_PERCENT = r"(?:%|percent)"
# A price asked ("how much does the test cost?", "how much money was the grant?"): an
# amount of money, not any number ("KWF grant 14872" is the grant's number)
_MONEY = r"\bcost\w*|\bprice\w*|\bmoney\b|\bexpensive\b|\bcheap\w*|\bafford\w*"
_CURRENCY = r"(?:USD|EUR|GBP|dollars?|euros?|pounds?|million|billion)"
# ... a share said in words
_SHARE_WORDS_RE = re.compile(r"\b(?:half|(?:one|a|two)[\s-]thirds?|(?:a|one|three)[\s-]"
                             r"quarters?|(?:the\s+)?(?:majority|minority))\s+of\b|\bone\s+in\s+"
                             r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b", re.I)
_UNITS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(k, re.I), v) for k, v in (
        (r"dos|gram|daily", r"(?:mg|g|µg|μg|mcg|ng|kg|IU|CFU|Gy|mL|ml|units?)(?:/\w+)?"),
        (r"concentration", r"(?:[µμnmp]?M|mg/m?L|ng/m?L|µg/m?L|%)"),
        (r"percent|proportion|fraction|share|rate|incidence|prevalence|sensitivity|"
         r"specificity|accura|\d[\s-]*years?\s+survival", _PERCENT),
        (r"median|mean|average|survival|how\s+long|months|half[\s-]life", _TIME_UNITS),
        (r"size|diameter|\bnm\b|µm|μm", r"(?:nm|µm|μm|mm|cm)"),
        (r"fold", r"(?:-?fold|×|x)"),
        (r"\bgy\b", r"Gy"),
        (_MONEY, _CURRENCY),
    ))


# An ask for the year of something ("what year did the FDA approve ...?", "in which year
# was ...?"): its answer names a year.
_YEAR_ASK_RE = re.compile(r"\b(?:in\s+)?(?:what|which)\s+year\b", re.I)
# ... or when a dated event happened to a thing: "when did the FDA approve rucaparib?"
_EVENT_WORD_RE = re.compile(r"\b(?:approv\w*|licen[sc]\w*|launch\w*|discover\w*)", re.I)
_WHEN_EVENT_RE = re.compile(r"^\W*when\s+(?:was|were|did|has|had)\b.*" + _EVENT_WORD_RE.pattern,
                            re.I)
YEARS_APART_RE = re.compile(r"\bhow\s+(?:many\s+years|long\s+(?:after|before|between|"
                            r"passed|elapsed))\b|\byears?\s+(?:apart|between|passed|separate|"
                            r"difference)|\bdifference\b.*\byears?\b", re.I)


def year_of(unit: Unit) -> str | None:
    """The year a unit gives: a table row's Year cell, or the one year its sentence names."""
    year = stated_year(unit.display, unit.passage.cells)
    return str(year) if year is not None else None


_AMOUNT_OF_WORK_RE = re.compile(
    r"\bhow\s+(?:much|many)\s+(?:\w+\s+)?(?:research|evidence|data|work|studies|literature|"
    r"attention|information|knowledge|papers)\b", re.I)
# An ask for how much research there is: "is there much data on ...?", "are there many
# studies on ...?", "how well studied is ...?"; and a sentence saying it.
_RESEARCH = r"(?:research|evidence|data|work|studies|literature|investigations?|reports?)"
_AMOUNT_ASK_RE = re.compile(
    r"\b(?:how\s+(?:much|many)|is\s+there\s+(?:much|a\s+lot\s+of|lots\s+of|enough)|are\s+"
    r"there\s+(?:many|lots\s+of|a\s+lot\s+of|enough))\s+(?:[\w-]+\s+)?" + _RESEARCH + r"\b"
    r"|\b(?:well|widely|extensively|much)[\s-]+(?:studied|researched|investigated|explored)\b",
    re.I)
_AMOUNT_STATED_RE = re.compile(
    r"\b(?:scarcity|paucity|lack|few|little|limited|numerous|growing|increasing|emerging|"
    r"extensive|insufficient)\b[^.;]{0,40}?\b" + _RESEARCH + r"\b"
    r"|\b(?:research|studies|evidence)\b[^.;]{0,60}?\b(?:nascent|infancy|scarce|limited|"
    r"lacking|elusive|inadequately)\b", re.I)
_AMOUNT_WORD_RE = re.compile(
    r"\b(?:scarcity|scarce|few|little|limited|lack\w*|paucity|numerous|many|several|"
    r"growing|increasing|emerging|abundant|extensive|insufficient|rare\w*)\b", re.I)


# Words naming a figure by its form, not by what it measures: any number may give one
_FIGURE_NOUNS = frozenset("""percentage percent proportion fraction share concentration dose
    dosage amount rate frequency size diameter median mean average ratio cut-off cutoff cost price
    threshold fold change diagnostic accuracy year years""".split())


# A sentence telling of another study: its authors, or a year it opens on
_NEW_STUDY_RE = re.compile(r"\bet\s+al\b|^\W*(?:in|by|since)\s+(?:\w+\s+)?\d{4}\b", re.I)


def _gives_figure(what: str, asked: str, sentence: str) -> bool:
    """Does `sentence` give a figure of the kind asked ("dose" wants a number with a dose
    unit; a kind without known units wants any number that is no year)?"""
    # (a list's numbers, "(4) The utilization ...", are no figures)
    text = _YEAR_RE.sub(" ", _FIGURE_RE.sub(" ", re.sub(r"\(\d{1,2}\)", " ", sentence)))
    for kind, unit in _UNITS:
        if kind.search(what) or kind.search(asked):
            if unit == _PERCENT and _SHARE_WORDS_RE.search(text):
                return True  # ("Around half of HGSOC tumors ..." for "what share ...?")
            if unit == _CURRENCY and re.search(r"[$€£¥]\s?\d", text):
                return True
            # ("within one to two years": a number in words too)
            return re.search(r"(?:\d[\d.,]*|\b(?:one|two|three|four|five|six|seven|eight|"
                             r"nine|ten|eleven|twelve|twenty|thirty))\s*" + unit
                             + r"(?![A-Za-z])", text, re.I) is not None
    return _NUMBER_WORD_RE.search(text) is not None


def _counts(noun: str, sentence: str, question: str = "") -> bool:
    """Does `sentence` give a number of `noun` ("30 patients" for "patients", "six
    patients"), or at least a number when `noun` is no plain word, or a share of them
    doing what `question` asks?"""
    words = [w for w in re.findall(r"[a-z]+", noun.lower()) if w not in STOPWORDS]
    if not words:
        return _NUMBER_WORD_RE.search(sentence) is not None
    head = words[0].rstrip("s")
    # (people counted are counted by whatever the study calls them: "how many patients"
    # is given as "68 postmenopausal women")
    heads = tuple(rf"{w}s?\b" for w in _PEOPLE) if head in _PEOPLE else (re.escape(head),)
    near = (r"(?<![\w-])(?:\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|"
            r"eleven|twelve|twenty|dozens?|hundreds?|thousands?)\s+(?:[\w-]+\s+){0,3}?"
            r"(?:" + "|".join(heads) + r")")
    if re.search(near, sentence, re.I) is not None:
        return True
    # (a share of them doing what is asked: "approximately 70% to 80% relapse within
    # three years" for "how many patients relapse after first-line chemo?")
    # (not a share of something else: "75% to 85% of primary liver cancers" gives no
    # number of new liver cancer cases)
    own = {w[:4] for w in words}
    asked = [w[:5] for w in re.findall(r"[a-z]{4,}", question.lower())
             if w not in STOPWORDS and w[:4] not in own and w not in ("many", "much")]
    if not asked:
        return False
    share = (r"(?:\d[\d.,]*\s*%|\b(?:half|a\s+third|one[\s-]third|two[\s-]thirds|a\s+quarter|"
             r"the\s+majority))\s+(?:(?!of\b)[\w-]+\s+){0,2}?(?:" + "|".join(
                 re.escape(w) for w in asked) + r")")
    return re.search(share, sentence, re.I) is not None


_PEOPLE = ("patient", "women", "woman", "men", "man", "participant", "subject", "individual",
           "people", "person", "case", "donor", "volunteer", "children", "child", "adult")


_PRONOUN_RE = re.compile(r"\b(?:it|its|they|them|their|this|these|those|each)\b"
                         r"|\b(?:does|do|did|is|was|are|were|of|to|in|on|by|for|with|from)"
                         r"\s+that\s+(?!is\b|was\b|are\b|were\b)\w", re.I)  # "does that circRNA"


def near_miss(a: str, b: str) -> bool:
    """Two words one typo apart: a swap of neighbours or one changed letter
    ("circtmem181" ~ "crictmem181", as the review's Table 1 misprints it)."""
    if a == b or len(a) != len(b) or a[:1] != b[:1]:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] \
        and a[diff[1]] == b[diff[0]]


# A study named by its authors: "in the Liu et al. study", "did the Shi et al. paper ..."
_STUDY_NAMED_RE = re.compile(r"(?<=\bthe )([A-Z][a-z]+)\s+et\s+al\b(?=\.?\s+"
                             r"(?:study|paper|work|article|report)\b)")
# A name's shape: a digit, an inner capital or two capitals (YBX1, circPAK1, PD-L1, HGF);
# a plural of capitals ("lncRNAs", "CSCs") names a class, not one thing.
_CLASS_PLURAL = re.compile(r"[A-Z]s$")
# A question asking for several things of a kind: "what kinds of cells", "types of
# radiotherapy", "examples of ...", "family members named", "which drugs are mentioned".
_LIST_ASK_RE = re.compile(r"\b(?:kinds?|types?|sorts?|examples?|members?|forms?|ways)\b"
                          r"|\b(?:named|mentioned|listed)\s*\??$|^\W*(?:list|enumerate)\b",
                          re.I)
# A question about whether or where the review names a thing ("Which drugs are mentioned
# ...?", "list the drugs"): a list answers it.
_NAMING_ASK_RE = re.compile(r"\b(?:mention\w*|list\w*|nam(?:e|es|ed|ing)|cited|discuss\w*|"
                            r"talk\w*)\b", re.I)
WHICH_RE = re.compile(r"^\s*(?:which|what|who)\b", re.I)
# "how do/does/can X ...?" asks by what means (not "how many", "how long", "how solid")
# What a name is, or its other name: "BCRP is which ABC gene?", "which gene is BCRP?",
# "what does P-gp stand for?"
_IDENTITY_ASK_RE = re.compile(
    r"\b(?:is|are)\s+(?:which|what)\b|^\s*(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:is|are)\s+"
    r"[\w/-]+(?:\s+(?:exactly|actually|really|again|anyway|precisely))?\s*\??\s*$"
    r"|\b(?:also\s+(?:known|called)|other\s+names?|stands?\s+for|short\s+for|"
    r"another\s+name)\b", re.I)
_HOW_MEANS_RE = re.compile(r"^\s*(?:and\s+|so\s+)?(?:how|by\s+what\s+means|through\s+what|"
                           r"(?:in\s+)?what\s+ways?|in\s+which\s+ways?)\s+"
                           r"(?:do|does|did|can|could|is|are|was|were|might|may)\b",
                           re.I)
# A sentence saying that a thing the question asks for is not known yet ("... but the
# potential mechanisms remain to be further clarified" for "its mechanism?"): no answer
# to what it is, only to whether it is known
_UNSETTLED_RE = re.compile(
    r"\b(?P<noun>[A-Za-z][\w-]*)\s+(?:remain(?:s|ed)?\s+(?:to\s+be\s+(?:further\s+|fully\s+)?"
    r"(?:clarified|elucidated|determined|explored|investigated|established)"
    r"|(?:largely\s+|still\s+)?(?:unclear|"
    r"unknown|elusive|vague|poorly\s+understood))|(?:is|are)\s+(?:still\s+)?(?:unclear|"
    r"unknown|vague|elusive)\b)", re.I)
# The review saying nobody has looked: "... has not been reported", "No study has yet
# examined ...", "... have not been tested"
_UNREPORTED_RE = re.compile(
    r"\b(?:has|have)\s+not\s+(?:yet\s+)?been\s+(?:reported|examined|investigated|studied|"
    r"tested|addressed|explored|evaluated)\b|\bno\s+(?:study|studies|data|report)\s+(?:has|have)?"
    r"\s*(?:yet\s+)?(?:examined|investigated|studied|tested|addressed|explored|evaluated|"
    r"reported|been\s+reported)\b", re.I)
# ... or says it is still to come: "... should clarify whether ...", "... remains to be
# determined", "final results are expected in 2025"
_PENDING_RE = re.compile(
    r"\b(?:should|will|may|could)\s+(?:help\s+)?(?:clarify|determine|tell|reveal|establish)\b|"
    r"\bremains?\s+to\s+be\s+(?:determined|established|shown|tested|validated|clarified)\b|"
    r"\b(?:results|data|analys[ie]s)\s+(?:are|is)\s+(?:awaited|expected|pending|not\s+yet)\b|"
    r"\bexpected\s+in\s+(?:19|20)\d\d\b|" + _UNREPORTED_RE.pattern, re.I)
# ... unless when it comes is what is asked ("when are the final results due?")
_WHEN_DUE_RE = re.compile(r"^\W*(?:and\s+|so\s+)?when\b|\bwhat\s+year\b|\b(?:due|expected)\b",
                          re.I)
# ... and what a yes/no question asks: "it is not known whether the association also
# applies to women treated with AIs", "... remains to be determined" (not "no study has
# examined ...": that answers "has it been studied?")
_NOT_KNOWN_RE = re.compile(
    r"\b(?:is|are|was|were|remains?)\s+(?:not\s+(?:yet\s+)?known|unknown)\s+(?:whether|if)\b|"
    r"\bremains?\s+to\s+be\s+(?:determined|established|shown|tested|validated|clarified)\b", re.I)
# A wh-question: what, which, how many/much, when ...
_WH_ASK_RE = re.compile(r"\s*(?:\w+\s*[-,:]\s*)?(?:what|which|how\s+(?:many|much|long|well|"
                        r"sensitive|accurate)|when|who)\b", re.I)
_ANYTHING_ASK_RE = re.compile(
    r"\b(?:anything|any\s+(?:data|studies|study|work|evidence))\b"
    # (how much work there is, compared: "which have the most data and which the least?")
    r"|\b(?:most|least|more|less|fewest|little)\s+(?:[\w-]+\s+){0,3}?(?:data|research|"
    r"evidence|studies|work)\b", re.I)
# A question asking where a thing comes from: "where do they come from?", "secreted by
# which cells?", "which cells release them?", "what is their source?"
_ORIGIN_ASK_RE = re.compile(
    r"\bwhere\s+(?:do|does|did)\s+(?:[\w-]+\s+){1,4}?(?:come|originate|arise)\s+from\b"
    r"|\b(?:secreted|released|produced|made|derived)\s+(?:by|from)\s+(?:which|what)\b"
    r"|\b(?:which|what)\s+(?:kinds?\s+of\s+|types?\s+of\s+)?cells\s+(?:secrete|release|"
    r"produce|make|shed)\b|\bwhat\s+(?:is|are)\s+(?:the|their|its)\s+(?:sources?|origins?)\b",
    re.I)
# ... and a sentence saying from which cells: "derived from tumor, stromal, and immune cells"
_ORIGIN_RE = re.compile(r"\b(?:derived|secreted|released|originating|produced)\s+(?:from|by)\s+"
                        r"(?:[\w,-]+\s+){0,6}?cells\b", re.I)
# "how" asking by what means, anywhere ("main conclusion on how exosomes cause ...")
_HOW_ASKED_RE = re.compile(r"\bhow\b(?!\s+(?:many|much|long|often|old|far|soon|big|large|"
                           r"small|solid|strong|sure|certain|well|good|bad|common|likely)\b)"
                           r"|\b(?:what|which)\s+ways?\b|\bby\s+what\s+means\b", re.I)
# (what "how does it ...?" asks for)
_MEANS_NOUN_RE = re.compile(r"mechanisms?|pathways?|ways?|means|process(?:es)?", re.I)
# ... a question asking just that: what is known, unclear, a gap, a challenge
_ASKS_UNSETTLED_RE = re.compile(
    r"\b(?:unclear|unknown|known|understood|clarif\w*|gaps?|challeng\w*|limitations?|"
    r"open|remains?|future|vague|elusive|settled|certain|sure|proven|proof)\b", re.I)
# ... said by a sentence: "by activating ...", "via ...", "through the ... axis"
_MEANS_RE = re.compile(r"\b(?:by|through|via)\s+(?:\w+ing\b|the\s+[\w/\-]+|[\w/\-]+\s+"
                       r"(?:pathway|axis|signaling))|\b(?:pathway|axis)\b", re.I)
# A run of three or more short names: "tumor cells, CAFs, TAMs, omental adipocytes and
# hypoxic tumor cells"
_NAME_RUN_RE = re.compile(r"(?:[\w\-+/]+(?:\s+[\w\-+/]+){0,2},\s+){2,}(?:[\w\-+/]+(?:\s+"
                          r"[\w\-+/]+){0,2},?\s+)?(?:and|or)\s+[\w\-+/]+(?:\s+[\w\-+/]+){0,2}")
# The plural noun a question asks for ("which mechanisms", "what ABC transporters",
# "all the resistance mechanisms"): its head, the last word
_PLURAL_ASKED_RE = re.compile(r"\b(?:which|what|all\s+(?:of\s+)?the)\s+(?:[\w\-]+\s+){0,2}?"
                              r"([a-z]{3,}[^s\W]s)\b(?!\s+(?:is|was|does|did)\b)", re.I)
# ("the miR-210-3p result, was it done in mice?": a topic first, then the question of it)
_YES_NO_RE = re.compile(r"^\s*(?:[^,?;]{3,80},\s*(?=\w+\s+(?:it|they|this|that|these|those|"
                        r"there)\b)"
                        # (a setting before it: "In the miR-27a-3p xenografts, did ...?")
                        r"|(?:in|for|at|during|after|with|among|within|across|on)\s+"
                        r"[^,?;]{3,80},\s*)?(?:is|are|was|were|does|do|did|can|could|has|"
                        r"have|had|will|would|should)\b", re.I)
# Which way a thing moves a drug's effect: toward sensitivity ("rendering cancer cells
# sensitive", "restore olaparib sensitivity", "reverse resistance") or resistance
# ("induce sorafenib resistance", "reduced sensitivity")
_TO_SENSITIVE_RE = re.compile(
    r"\b(?:render\w*|mak\w*|restor\w*|increas\w*|enhanc\w*|improv\w*|more)\b[^.;]{0,40}?"
    r"\b(?:chemo)?sensitiv\w*|\b(?:re-?)?sensiti[sz]\w*|\b(?:revers\w*|overc[oa]m\w*|"
    r"abrogat\w*|alleviat\w*|counteract\w*)\b[^.;]{0,30}?\b(?:chemo)?resist\w*", re.I)
_TO_RESISTANT_RE = re.compile(
    r"\b(?:induc\w*|promot\w*|enhanc\w*|confer\w*|driv\w*|transfer\w*|lead\w*\s+to|caus\w*|"
    r"mediat\w*|increas\w*|foster\w*|more|mak\w*|render\w*)\b[^.;]{0,40}?\b(?:chemo)?"
    r"resist\w*|\b(?:reduc\w*|decreas\w*|attenuat\w*|impair\w*|lower\w*|diminish\w*)\b"
    r"[^.;]{0,30}?\b(?:chemo)?sensitiv\w*", re.I)


def _effect(text: str) -> str:
    """"sensitive" or "resistant" when `text` moves a drug's effect one way only."""
    to_sensitive, to_resistant = _TO_SENSITIVE_RE.search(text), _TO_RESISTANT_RE.search(text)
    if bool(to_sensitive) == bool(to_resistant):
        return ""
    return "sensitive" if to_sensitive else "resistant"


def _negates_asked(question: str, sentence: str) -> bool:
    """Does the sentence say a word of the question only in its negative form ("active"
    asked, "inactive" said; "stable", "unstable"; "dependent", "independent")?"""
    low = sentence.lower()
    for w in {w.lower() for w in re.findall(r"[A-Za-z]{4,}", question)} - STOPWORDS:
        if re.search(rf"\b(?:in|un|non-?|im|ir|il)({w})\b", low) \
                and not re.search(rf"\b{w}\b", low):
            return True
    return False


def _said(unit: Unit) -> str:
    """What a unit says: a row's cells, a sentence's words."""
    return " ; ".join(unit.passage.cells.values()) if unit.passage.kind == "table_row" \
        else unit.display


# A yes/no question asking whether a thing is possible ("can ...?", "could ...?")
_ASKS_POSSIBLE_RE = re.compile(r"^\s*(?:can|could)\b", re.I)
# A sentence saying one thing but another ("approved for breast and prostate cancer but
# investigational in ovarian cancer"): no plain yes
_CONTRAST_RE = re.compile(r"\b(?:but|although|though|whereas|while|except|however)\b", re.I)
_CONTRAST_SPLIT_RE = re.compile(r",?\s+(?:but|whereas|while)\s+", re.I)
_CONTRAST_ASK_RE = re.compile(r"\b(?:unlike|whereas|while|but|rather\s+than|compared\s+(?:with|to)|"
                              r"as\s+opposed\s+to|in\s+contrast)\b", re.I)
# Words that keep a sentence from saying yes plainly: negation and hedges.
_HEDGE_RE = re.compile(
    r"\b(?:not|no|none|never|nor|neither|lack\w*|fail\w*|unclear|elusive|unknown|paucity|"
    r"insufficient\w*|remains?\s+to\s+be|"
    r"yet\s+to|may|might|could|potential\w*|possibl\w*|suggest\w*|hypothes\w*|controvers\w*|"
    r"debat\w*|limited|scarc\w*|little|whether|if)\b", re.I)
# ... or a status short of it ("remains investigational in ovarian cancer")
_DENIED_RE = re.compile(_HEDGE_RE.pattern[:-3] + r"|investigational|experimental|preclinical"
                        r")\b", re.I)
# Asking how certain a claim is: "is it proven ...", "actually shown", "or just a guess?"
_CERTAINTY_ASK_RE = re.compile(
    r"\b(?:proven|proved|proof|actually\s+shown|really\s+shown|demonstrated|established|"
    r"confirmed|guess\w*|speculat\w*|hypothes\w*|theory|for\s+sure|definitely)\b", re.I)
# ... or how settled or general it is: "is it fully known how ...", "is there direct
# proof", "does it always ...", "do all patients benefit?"
_SETTLED_ASK_RE = re.compile(
    r"\b(?:fully|exactly|(?:well|clearly)[\s-]+(?:known|understood|studied|researched)|"
    r"(?:is|are|was|were)\s+(?:it|this|that|they)\s+(?:\w+\s+)?known|direct\s+(?:proof|"
    r"evidence)|solid|always|all\s+(?:[\w-]+\s+)?(?:patients|people|cases)|everyone|"
    r"everybody|mature)\b", re.I)
# Asking how far a finding can be trusted: "how solid is the evidence that ...?"
_STRENGTH_ASK_RE = re.compile(
    r"\bhow\s+(?:solid|strong|robust|reliable|trustworthy|convincing|good|firm|mature|"
    r"credible|sure|certain)\b|\b(?:strength|quality|level|weight)\s+of\s+(?:the\s+)?"
    r"evidence\b|\bevidence\s+(?:level|strength|quality)\b|\b(?:trust\w*|reliab\w*|"
    r"replicated|validated|preliminary|caveats?|limitations?)\b", re.I)
# A sentence weighing the one before it: "However, because this study was retrospective
# and lacked an independent validation cohort, its findings should be regarded as
# preliminary." (it turns or points back, and says what limits the finding)
_WEIGHS_BACK_RE = re.compile(
    r"^(?:However|But|Yet|Still|Nevertheless|Nonetheless|Notably|Importantly|Of\s+note)\b"
    r"|^(?:These|This|Those|Such|Its|Their)\s+(?:\w+\s+)?(?:study|studies|finding|findings|"
    r"result|results|data|work|observations?|cohort|analysis|effect|evidence)\b")
_LIMITS_RE = re.compile(
    r"\b(?:preliminary|retrospective|validation|validated|replicat\w*|small|limited|"
    r"unclear|uncertain|caution\w*|caveat|confirm\w*|single|lack\w*|remains?\s+to\s+be|"
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:tested|validated|replicated|confirmed|established)|"
    r"warrant\w*|needed|required|exceed\w*|transient)\b", re.I)
# The review telling of itself ("Here, we summarize ...", "Finally, we highlight the
# limitations and knowledge gaps ..."): it names a topic it takes up, not what it says
_SIGNPOST_RE = re.compile(
    r"\b(?:this|the\s+present|our)\s+(?:review|article)\b|\bwe\s+(?:\w+ly\s+|also\s+|then\s+|"
    r"first\s+|further\s+)?(?:summari[sz]e|discuss|review|highlight|examine|focus|describe|"
    r"outline|conducted|propose|provide|emphasi[sz]e|explore|introduce)\b|\bHere,?\s+we\b|"
    # ("... are discussed below", "... are discussed in later sections": it points on;
    # "the CYCLE-EV cohort described above ...": back, to where it was told)
    r"\b(?:is|are)\s+(?:discussed|described|considered|covered|reviewed)\s+(?:below|later|"
    r"further\s+below|in\s+(?:later|the\s+following|subsequent)\s+sections?|"
    r"in\s+the\s+(?:\w+\s+)?sections?\s+on)\b|"  # ("... in the section on FOLFIRINOX ...")
    r"\b(?:described|discussed|mentioned|noted|outlined)\s+(?:above|earlier|previously)\b",
    re.I)
# ... which is what is asked when the question asks what the review covers or aims at
_SCOPE_ASK_RE = re.compile(
    r"\b(?:review|article|paper|authors?)\b.*\b(?:about|cover\w*|focus\w*|aims?|scope|"
    r"purpose|goals?|topics?|summar\w*|discuss\w*|structure\w*|sections?|outline\w*)\b|"
    r"\b(?:about|cover\w*|focus\w*|aims?|scope|purpose|goals?|topics?|summar\w*|"
    r"discuss\w*)\b.*\b(?:review|article|paper|authors?)\b", re.I)
# Asking whether a thing always holds, or which of two it is: "does autophagy always
# help tumours?", "is it simply bad?", "autophagy good or bad?"
_ABSOLUTE_ASK_RE = re.compile(
    r"\b(?:always|never|simply|purely|solely|only\s+(?:good|bad|harmful|helpful|protective)|"
    r"invariably|uniformly|universally)\b|"
    r"\b(?:good|helpful|beneficial|protective|friend)\s+or\s+(?:bad|harmful|detrimental|foe)\b",
    re.I)
# ... which a sentence saying it depends answers ("plays a dual role", "a double-edged
# sword contingent on specific circumstances", "is, however, not uniformly beneficial",
# "the relationship ... is not linear")
_DEPENDS_RE = re.compile(
    r"\b(?:dual|double-edged|two-sided|paradoxical\w*|contingent\s+on|depending\s+on|"
    r"context-dependent|according\s+to\s+the\s+circumstances?|not\s+(?:always|uniformly|"
    r"universally|necessarily|invariably|linear(?:ly)?|consistent(?:ly)?))\b", re.I)
# what an "is X always ...?" asks of: X
_ABSOLUTE_SUBJECT_RE = re.compile(
    r"^\s*(?:is|are|was|were|do|does|did|can|could|will|would|has|have)\s+(.+?)\s+"
    r"(?:always|invariably|uniformly|universally|simply|purely|solely)\b", re.I)
# A claim stated as less than shown
_CLAIM_HEDGE_RE = re.compile(
    r"\b(?:hypothes\w*|speculat\w*|propos\w*|postulat\w*|remains?\s+(?:unclear|elusive|"
    r"to\s+be)|not\s+(?:yet\s+)?(?:been\s+)?(?:fully\s+)?(?:clear|established|"
    r"understood|elucidated))\b", re.I)
# "what is ABCG2?": a short name asked about, which a sentence spelling it out answers
_WHAT_IS_SHORT_RE = re.compile(r"^(?:what|which)\s+(?:is|are)\s+(?:an?\s+|the\s+)?"
                               r"[A-Z][A-Z0-9-]*[0-9][A-Z0-9-]*s?\s*[?.!]*$")
_ABBREV_Q_RE = re.compile(
    r"\b(?:stands?\s+for|full\s+name|abbreviat\w*|acronym|spelled\s+out|short\s+for)\b", re.I)
# "TKI meaning", "what does EMT mean?", "meaning of CAF": an abbreviation's meaning
# ("ceRNA": a capital after the first letter; "what does ceRNA mean in these papers?")
_ABBR_WORD = r"(?:an?\s+)?(?P<{}>[A-Za-z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*s?)"
_ABBREV_MEANING_RE = re.compile(
    r"^(?:(?:what\s+(?:does|do|is)\s+)?(?:the\s+)?" + _ABBR_WORD.format("a")
    + r"\s*(?:mean|means|meaning)"
    r"|(?:what\s+is\s+)?(?:the\s+)?meaning\s+of\s+" + _ABBR_WORD.format("b") + r")"
    r"(?:\s+(?:in|here|for|within)\b[^?]*)?\s*\??$")


_LABEL_TOKEN_RE = re.compile(r"(?:figure|table)\d{1,2}")  # (index/lexical.py's label tokens)


@lru_cache(maxsize=16384)
def token_set(text: str) -> frozenset[str]:
    """BM25 tokens of a text, plus the word-form keys of its long words, as a set
    (cached: passages' sentences recur across questions)."""
    toks = tokenize(text)
    keys = {k for t in toks if (k := morph(t)) is not None}
    return frozenset(toks) | keys


def unknown_technical_words(
    question: str, stats: TermStats, is_technical: Callable[[str], bool],
    skip: Sequence[str] = (),
) -> list[str]:
    """Technical words of the question that the review never uses ("atezolizumab").

    A hyphenated word counts as known when its whole form, its hyphen-free join, or
    every one of its parts occurs in the review.
    """
    skip_words = {w.lower() for phrase in skip for w in question_words(phrase)}
    out = []
    for original in question_words(american(question)):
        word = original.lower()
        if word in skip_words or not is_technical(original) or len(word) < 3:
            continue
        if "-" in word and word.split("-")[0] in skip_words:
            continue  # "CRISPR-carrying": its head was translated ("CRISPR" -> "Cas9")
        if "-" in word and not any(is_technical(p) for p in original.split("-") if p):
            continue  # "scar-forming": everyday words joined, a description, not a name
        if word == original and (is_everyday(word) or one_edit_words(word)):
            continue  # "cripples", "couriers": a dictionary word (or one a letter off,
            # "effcacy"), to match, not a name
        if _word_known(original, stats, is_technical):
            continue
        out.append(original)
    return out


_YEAR_TOKEN_RE = re.compile(r"(?:19|20)\d\d")
_COMPARES_RE = re.compile(r"\b(?:compar\w*|contrast\w*|differ\w*|vs\.?|versus)\b", re.I)
_ADDED_RE = re.compile(r"\s*(?:and|or|also|plus|as\s+well\s+as|along\s+with)\b", re.I)


def without_asides(question: str, names: Sequence[str]) -> str | None:
    """`question` without the asides in brackets that add `names` ("... loaded with
    miR-21 (and miR-10b)?" -> "... loaded with miR-21?"), or None when a name stands
    outside such brackets or nothing would be left to ask."""
    lowered = {n.lower() for n in names}

    def holds(m: re.Match[str]) -> bool:
        # ("(and miR-10b)" adds a name; "(NAFLD)" names the phrase before it and
        # "(huh7? hepg2?)" gives examples of what is asked: those are no asides)
        return bool(_ADDED_RE.match(m.group(1))) and bool(
            lowered & {w.lower() for w in question_words(m.group(1))})

    asides = [m for m in re.finditer(r"\s*\(([^()]*)\)", question) if holds(m)]
    if not asides:
        return None
    rest = question
    for m in reversed(asides):
        rest = rest[:m.start()] + rest[m.end():]
    if lowered & {w.lower() for w in question_words(rest)} or len(question_words(rest)) < 3:
        return None
    return rest


def _word_known(original: str, stats: TermStats, is_technical: Callable[[str], bool]) -> bool:
    """Is a question word (or a form of it) used by the review?

    A hyphenated compound ("miR-21-rich", "CRISPR-carrying") is known when one of its
    parts is and every other part is known or an everyday word; an abbreviation is
    known when the review uses it inside a longer one ("MSCs" in "BMMSCs").
    """
    word = original.lower()
    toks = word_tokens(word)
    if not toks:
        return True
    if stats.known_like(toks[0]) or stats.known(word.replace("-", "")):
        return True
    if "-" in word:
        parts = [p for p in original.split("-") if p]
        known = [stats.known_like(word_tokens(p.lower())[0]) if word_tokens(p.lower()) else True
                 for p in parts]
        # Joins of the leading parts: "miR-21" inside "miR-21-rich".
        for i in range(2, len(parts)):
            head = "-".join(parts[:i]).lower()
            if stats.known(head):
                known[:i] = [True] * i
        if any(known) and all(k or not is_technical(p) for p, k in zip(parts, known, strict=True)):
            return True
    if original.isupper() or (original[:-1].isupper() and original.endswith("s")):
        low = word.rstrip("s") if original.endswith("s") and not original.isupper() else word
        if len(low) >= 3 and (stats.known_suffix(low) or bool(stats.identifiers(low))
                              or bool(stats.numbered(low))):
            return True  # ("RAB": the family of the review's RAB27A and RAB27B)
    return False


@dataclass(frozen=True)
class QueryTerms:
    """A question's words as term groups: a word and its variants (hyphen parts, joins,
    Greek spellings) count once, with the weight of the word itself."""

    own: dict[str, float]  # the question's own words: head token -> weight
    groups: dict[str, tuple[float, frozenset[str]]]  # all query words: head -> (w, variants)
    tokens: Callable[[str], frozenset[str]] = field(default=lambda text: token_set(text))

    def covered(self, tokens: frozenset[str] | set[str]) -> set[str]:
        """Heads of the query words that `tokens` contain in some form."""
        return {h for h, (_, variants) in self.groups.items() if variants & tokens}

    def weight_of(self, heads: set[str]) -> float:
        return sum(self.groups[h][0] for h in heads)

    def coverage(self, text: str) -> float:
        """Share of the question's word weight that `text` covers (capped at 1).

        coverage = sum(w(g) for query words g found in text) / sum(w(g) for the
        question's own words); w is IDF over the passages; paraphrase targets count.
        """
        denom = sum(self.own.values())
        if denom <= 0:
            return 0.0
        return min(1.0, self.weight_of(self.covered(self.tokens(text))) / denom)


def _words(units: Sequence[Unit]) -> int:
    """Words shown by a run of units (split on spaces)."""
    return sum(len(u.display.split()) for u in units)


# A disease by its kind: "gastric cancer", "thyroid carcinoma", "kidney disease".
# ("make cancer cells ...", "help tumors dodge ...": a cancer's cells, or an object)
_DISEASE_RE = re.compile(r"\b([A-Za-z]{4,})\s+(?:cancers?|carcinomas?|malignanc(?:y|ies)|"
                         r"diseases?)\b(?![\s-]+(?:cells?|stem|tissues?)\b)", re.I)


def _verb_form(word: str) -> bool:
    """A verb's -s or -ing form ("compares", "fighting"): no site of a disease."""
    return word.endswith("ing") or (word.endswith("s") and not word.endswith("ss") and any(
        is_everyday(word[:-n]) for n in (1, 2) if word[-n:] in ("s", "es")))


# A disease's site as a review names it: "renal cell carcinoma", "ovarian cancer"
_DISEASE_SITE_RE = re.compile(r"\b([A-Za-z]{4,})(?:\s+cells?)?\s+(?:cancers?|carcinomas?|"
                              r"malignanc(?:y|ies)|diseases?)\b")


# How close by embedding a review word must be to a question's word to be its synonym
# ("kidney" ~ "renal" 0.92; ~ "liver" 0.62, another organ)
SYNONYM_COSINE = 0.8


# A cancer a question asks of: "in melanoma", "for lung cancer patients"
_SETTING_ASKED_RE = re.compile(
    r"\b(?:in|for|among|with)\s+(?:patients\s+with\s+)?((?:(?!the\s|a\s|an\s)[a-z-]+\s+)?"
    r"(?:[a-z]+omas?|[a-z]+\s+(?:cancers?|carcinomas?)))\b(?!\s*cells?\b)")


# A disease of a lettered family: "hepatitis C" ("hep c"); as the review names one
_LETTERED_RE = re.compile(r"\b(hepatitis|hep)\s*-?\s*([a-eA-E])\b(?![\w-])", re.I)
_HEPATITIS_SAID_RE = re.compile(r"\bhepatitis\s+([A-E])\b|\bH([A-E])V\b", re.I)


# A name with its RNA class in front, short or whole: "linc-ROR" / "lincRNA-ROR"
_CLASS_PREFIX_RE = re.compile(r"^(linc|lnc|circ)(rna)?-(.+)$")


def _class_forms(token: str) -> list[str]:
    """The other form of a name led by its RNA class: "linc-ror" <-> "lincrna-ror"."""
    m = _CLASS_PREFIX_RE.match(token)
    if m is None:
        return []
    return [f"{m.group(1)}-{m.group(3)}" if m.group(2) else f"{m.group(1)}rna-{m.group(3)}"]


def _place_of(u: Unit) -> str:
    """Where a unit stands: its paragraph, or its own table row."""
    return _paragraph_of(u.passage) if u.passage.kind == "paragraph" else u.passage.id


def _paragraph_of(p: Passage) -> str:
    """The paragraph a passage is (a part of): "biomarkers/p1-2" -> "biomarkers/p1"."""
    return re.sub(r"-\d+$", "", p.id)


def _fit(part: QueryTerms, sim_weight: float, u: Unit) -> float:
    """How well a sentence answers one ask: its coverage of the ask, and its closeness
    to the question."""
    return part.coverage(u.display) + sim_weight * u.similarity


def _abbreviation_key(abbr: str) -> str:
    """The key both forms of an abbreviated term carry ("CSCs" -> "§csc")."""
    return "§" + abbr.lower().rstrip("s")


def abbreviation_keys(abbreviations: Mapping[str, str]) -> tuple[
        dict[str, str], list[tuple[re.Pattern[str], str]]]:
    """The review's abbreviations ("cancer stem cells (CSCs)") as (abbreviation token ->
    key, [(long form pattern, key)]): either form of a term carries one shared key "§csc",
    so a question with one form matches text with the other, and a sentence with both
    counts the term once."""
    tokens: dict[str, str] = {}
    long_forms: list[tuple[re.Pattern[str], str]] = []
    for abbr, long in abbreviations.items():
        key = _abbreviation_key(abbr)
        # ("TKI" is one of the "TKIs": the singular of a plural abbreviation too)
        forms = [abbr, abbr[:-1]] if abbr.endswith("s") and abbr[:-1].isupper() else [abbr]
        for tok in (t for form in forms for t in tokenize(form)[:1]):
            tokens.setdefault(tok, key)
        words = [re.escape(w) for w in long.lower().split()]
        if words and abbr.endswith("s") and abbr[:-1].isupper() and words[-1].endswith("s"):
            words[-1] = words[-1][:-1]  # (a plural's long form in the singular too: "CAFs")
        if words:
            long_forms.append(
                (re.compile(r"(?<![\w-])" + r"[\s\-]+".join(words) + r"s?(?![\w-])"), key))
        # ("doxorubicin hydrochloride (DOX)": the abbreviation of the first word alone,
        # "doxorubicin", the drug named without its salt)
        first = long.lower().split()[0] if long.split() else ""
        if len(words) > 1 and first.isalpha() and first.startswith(abbr.lower()) \
                and len(first) > len(abbr):
            long_forms.append((re.compile(r"(?<![\w-])" + re.escape(first) + r"(?![\w-])"), key))
    return tokens, long_forms


# A line of treatment or a generation of drugs: "first-line", "second generation"
_LINE_RE = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(line|"
                      r"generation|gen)\b", re.I)
_ORDINAL_WORD = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth"}


def _other_line(question: str, sentence: str) -> bool:
    """A yes/no question asking of one line of treatment (or generation) and a sentence
    naming another of that kind and not the one asked ("is regorafenib a first-line
    drug?" of "... for second-line targeted therapy"): the answer is no."""
    def lines(text: str) -> set[tuple[str, str]]:
        return {(_ORDINAL_WORD.get(m.group(1).lower(), m.group(1).lower()),
                 "generation" if m.group(2).lower().startswith("gen") else "line")
                for m in _LINE_RE.finditer(text)}
    asked, said = lines(question), lines(sentence)
    return len(asked) == 1 and bool(said) and not asked & said \
        and {k for _, k in asked} <= {k for _, k in said}


# A yes/no question claiming a thing is the one of its kind: "was lenvatinib the first
# targeted drug approved?", "is it the only ...?"
_UNIQUE_ASK_RE = re.compile(r"\bthe\s+(?:very\s+)?(first|only|earliest|sole|last|latest|"
                            r"oldest|newest|largest|biggest|main)\b(?!-)", re.I)


def _unique_unsaid(question: str, sentence: str) -> bool:
    """A question claiming a thing is the first (only, earliest ...) of its kind, and a
    sentence that does not say that word on its own ("another first-line targeted drug"
    says "first" only inside "first-line"): the sentence confirms no such claim."""
    m = _UNIQUE_ASK_RE.search(question)
    if m is None:
        return False
    return re.search(r"(?<![\w-])" + m.group(1) + r"(?![\w-])", sentence, re.I) is None


def long_form_tails(abbreviations: Mapping[str, str]) -> list[tuple[re.Pattern[str], str]]:
    """The ending words of each abbreviation's long form, short of the whole, as (pattern,
    key): "checkpoint inhibitors" ends "immune checkpoint inhibitors (ICIs)", "survival"
    ends "overall survival (OS)". A question naming the general thing is covered by a
    sentence naming a kind of it by its abbreviation ("... worse OS" is of survival)."""
    out: list[tuple[re.Pattern[str], str]] = []
    for abbr, long in abbreviations.items():
        key = _abbreviation_key(abbr)
        words = [w for w in re.split(r"[\s\-]+", long.lower()) if w]
        if abbr.endswith("s") and words and words[-1].endswith("s"):
            words[-1] = words[-1][:-1]
        for k in range(1, len(words)):
            tail = words[-k:]
            if tail[0] in STOPWORDS:
                continue
            out.append((re.compile(r"(?<![\w-])" + r"[\s\-]+".join(map(re.escape, tail))
                                   + r"s?(?![\w-])"), key))
    return out


def long_form_heads(abbreviations: Mapping[str, str]) -> list[tuple[re.Pattern[str], str]]:
    """The opening words of each abbreviation's long form of three words or more, two or
    more of them short of the whole, as (pattern, key): "bronchoalveolar lavage" is
    "bronchoalveolar lavage fluid (BALF)" named without its last word, so a question
    naming it is covered by a sentence saying "BALF"."""
    out: list[tuple[re.Pattern[str], str]] = []
    for abbr, long in abbreviations.items():
        words = [w for w in re.split(r"[\s\-]+", long.lower()) if w]
        for k in range(2, len(words)):
            if words[k - 1] in STOPWORDS:
                continue
            out.append((re.compile(r"(?<![\w-])" + r"[\s\-]+".join(map(re.escape, words[:k]))
                                   + r"(?![\w-])"), _abbreviation_key(abbr)))
    return out


def _opening_clause(u: Unit) -> Unit:
    """A sentence cut before a clause joined on ("; ...", ", but ..."), when what is left
    is a statement of eight words or more; the sentence otherwise."""
    cut = _ITEM_CLAUSE_RE.search(u.quote)
    if cut is None or len(u.quote[:cut.start()].split()) < 8:
        return u
    return Unit(strip_ref_brackets(u.quote[:cut.start()]), u.passage, u.quote[:cut.start()])


def numbered_parts(sentence: str) -> list[str]:
    """A sentence holding a whole numbered list, cut before each item it runs on into
    after a semicolon or colon ("(1) Most studies ...; (2) Microbial signatures ...; (3)
    Most ..."): each item is a statement of its own, an exact span of the sentence
    (without the semicolon that closes it). A sentence holding less than two such items
    is itself (a list told over sentences is read by its items' numbers: _list_items)."""
    cuts = [m.start() for m in _ENUM_MARK_RE.finditer(sentence)
            if m.start() > 0 and sentence[:m.start()].rstrip().endswith((";", ":"))]
    if len(cuts) < 2:
        return [sentence]
    bounds = [0, *cuts, len(sentence)]
    parts = [sentence[a:b].rstrip().rstrip(";").rstrip()
             for a, b in zip(bounds, bounds[1:], strict=False)]
    return [p for p in parts if p]


def _list_items(units: Sequence[Unit]) -> list[tuple[int, Unit]]:
    """The items of a list told over a paragraph's sentences, as (index of the sentence,
    the item): numbered in running text ("(1) Currently, ...; (2) Although ..."), each
    from its number; or told in order ("First, ... Second, ... Finally, ..."), each its
    sentence."""
    items: list[tuple[int, Unit]] = []
    for i, u in enumerate(units):
        for m in _ENUM_MARK_RE.finditer(u.quote):
            if int(m.group(1)) == len(items) + 1:
                quote = u.quote[m.start():]
                items.append((i, Unit(strip_ref_brackets(quote), u.passage, quote)))
    if items:
        return items
    for i, u in enumerate(units):
        opens = _ORDINAL_OPEN_RE.match(u.quote)
        word = opens.group(1).lower() if opens else ""
        place = (len(items) if len(items) >= 2 else -1) if word in ("finally", "lastly") \
            else _PLACES.get(word, -1)
        if place == len(items) and (not items or i - items[-1][0] <= 3):
            items.append((i, u))
        elif items and place == 0:
            break
    return items


def _form_kind(name: str) -> str:
    """A name's kind by its form, a number before it aside ("5-fluorouracil": a drug)."""
    return kind_of(re.sub(r"^\d+-", "", name), Lexicon())


# Verbs saying that one thing brings about another ("cause" in a question is said in the
# review by any of them)
_CAUSAL_VERBS = frozenset({"cause", "induce", "promote", "mediate", "drive", "confer",
                           "trigger", "lead", "result", "contribute"})


# ... "cause" as a noun ("is miR-122 a cause of drug resistance?"): the word itself
_CAUSE_NOUN_RE = re.compile(r"\b(?:a|an|the|main|major|common|leading|key|primary|"
                            r"root)\s+causes?\b", re.I)


_CONJ_SEP = r"(?:,\s*(?:and|or)\s+|,\s*|\s+(?:and|or)\s+)"
_CONJ_LEFT_RE = re.compile(r"(?<![\w-])([\w][\w-]+)(" + _CONJ_SEP + r")$")
_CONJ_RIGHT_RE = re.compile(r"^(" + _CONJ_SEP + r")([\w][\w-]+)(?![\w-])")


def _conjuncts(text: str, name: str) -> list[str]:
    """The one-word items listed with `name` in a run ending in "and"/"or"
    ("curcumin, doxorubicin, and paclitaxel"); none when the run has no "and"/"or"."""
    m = re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text)
    if m is None:
        return []
    left: list[tuple[str, str]] = []
    start = m.start()
    while (lm := _CONJ_LEFT_RE.search(text[:start])) is not None:
        left.insert(0, (lm.group(1), lm.group(2)))
        start = lm.start()
    right: list[tuple[str, str]] = []
    end = m.end()
    while (rm := _CONJ_RIGHT_RE.match(text[end:])) is not None:
        right.append((rm.group(2), rm.group(1)))
        end += rm.end()
        if re.search(r"\b(?:and|or)\b", rm.group(1)):
            break  # the run's last item
    # (the run's first item is one word only after a small word or a mark: "such as
    # curcumin, ...", not "encapsulating asiatic acid or ...")
    before = re.findall(r"[\w-]+|[^\w\s]", text[:start])
    if left and before and before[-1].lower() not in STOPWORDS and before[-1][0].isalnum():
        left.pop(0)
    after = re.findall(r"[\w-]+|[^\w\s]", text[end:])[:1]
    if right and after and after[0].lower() not in STOPWORDS and after[0][0].isalnum():
        right.pop()  # (so is its last: "sorafenib or asiatic acid")
    seps = [sep for _, sep in left] + [sep for _, sep in right]
    if not any(re.search(r"\b(?:and|or)\b", sep) for sep in seps):
        return []
    words = [w for w, _ in left] + [w for w, _ in right]
    return [w for w in words if w.lower() not in STOPWORDS and w.lower() not in KIND_WORDS
            and not w[0].isupper()]


class ExtractiveAnswerer:
    """Chooses sentences and rows that cover the question's weighted terms."""

    def __init__(
        self,
        stats: TermStats,
        is_technical: Callable[[str], bool],
        abbreviations: dict[str, str] | None = None,
        passages: Sequence[Passage] = (),
        canonical: Callable[[str], str] | None = None,
        neighbours: Callable[[Sequence[str]], dict[str, tuple[str, ...]]] | None = None,
        members: Mapping[str, Sequence[str]] | None = None,
        support: SupportModel | None = None,
        cfg: AnswerSettings | None = None,
        ranker: CandidateRanker | None = None,
        cited_words: Iterable[str] = (),
    ) -> None:
        self.cfg = cfg or AnswerSettings()
        # words of the reference list ("Global cancer statistics"): used by the review
        self._cited_words = frozenset(cited_words)
        # one linear score of each candidate's features (qa/support.py)
        self.ranker = ranker or hand_ranker(self.cfg)
        self.trace: list[list[Unit]] | None = None  # set by `eval fit` to collect candidates
        self.stats = stats
        # the fitted answerability model (qa/support.py, `python -m eval fit`)
        self.support = support or load_support_model(None)
        # One spelling per name before matching ("plgR" in the table is "pIgR").
        self.canonical = canonical or (lambda text: text)
        self._passages = sorted(passages, key=lambda p: p.order)  # for lists running on
        self._body_text = ""  # the review's text in lower case, joined once when needed
        self._last_order = max((p.order for p in self._passages), default=0) or 1
        self._by_id = {p.id: p for p in self._passages}
        # the reference numbers of a first author's studies ("Shi" -> {84}); the
        # assistant sets it from the reference list
        self.study_refs: Callable[[str], set[int]] = lambda name: set()
        # the review word nearest a word by embedding, with its cosine (qa/neighbours.py);
        # the assistant sets it
        self.nearest: Callable[[str], tuple[str, float]] = lambda word: ("", 0.0)
        # the hepatitis viruses the review names ("hepatitis B", "HBV"), read once
        self._hepatitis_letters = {(m.group(1) or m.group(2)).upper() for p in self._passages
                                   for m in _HEPATITIS_SAID_RE.finditer(p.text)}
        # the words the review names a disease's site by ("renal" of "renal cell carcinoma")
        self._disease_sites = {m.group(1).lower() for p in self._passages
                               for m in _DISEASE_SITE_RE.finditer(p.text)}
        values: dict[tuple[str, str], set[str]] = {}
        for p in self._passages:
            for c, v in p.cells.items():
                values.setdefault((p.section_path, c), set()).add(v)
        self._column_values = {k: frozenset(v) for k, v in values.items()}
        # the review's section headings, each once (a question may name one)
        self._headings = list(dict.fromkeys(
            h for p in self._passages if p.kind != "table_row" for h in p.section))
        self.is_technical = is_technical
        # The review's abbreviations: either form of a term carries one shared key
        self._abbr_tokens, self._long_forms = abbreviation_keys(abbreviations or {})
        self._kinds_of = long_form_tails(abbreviations or {}) + long_form_heads(
            abbreviations or {})
        self._token_cache: dict[str, frozenset[str]] = {}
        # a species by its short form ("A. muciniphila") names its genus too
        self.binomials = Binomials(p.text for p in self._passages)
        self._units_cache: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        # words -> the review's nearest words for each (qa/neighbours.py), when given
        self.neighbours = neighbours
        # A kind of thing -> the names a table files under it ("protein" -> s100a10,
        # pigr), and the review's drug and RNA-class names by their form
        self._members, self._named_by_form = self._kind_members(members or {}, stats)

    def _kind_members(self, members: Mapping[str, Sequence[str]], stats: TermStats,
                      ) -> tuple[dict[str, frozenset[str]], set[str]]:
        """A kind of thing -> the names a table files under it ("protein" -> s100a10,
        pigr): "Against which proteins?" is covered by a sentence naming S100A10; and the
        heads of "drug(s)", whose members a name's form tells."""
        out: dict[str, frozenset[str]] = {}
        for kind, names in members.items():
            heads = word_tokens(kind.lower())[:1]
            found = {t for name in names
                     for t in word_tokens(self.canonical(name).lower())[:1]}
            for head in heads:
                out[head] = out.get(head, frozenset()) | found
        # ... and "drug" -> the review's words of a drug name's form (INN stems):
        # "What drugs does pIgR cause resistance to?" is answered by "... sorafenib".
        # (a kind whose members a name's form tells, unlike a table's classes, which
        # list only the table's own members: "which protein" may be P-gp)
        drugs = frozenset(t for t in stats.df if DRUG_RE.fullmatch(t))
        named_by_form = {*word_tokens("drug"), *word_tokens("drugs")}
        for head in named_by_form:
            out[head] = out.get(head, frozenset()) | drugs
        # ... and the RNA classes, whose names' form tells them too ("lnc-FAM72D-3" is an
        # lncRNA though no row of the table files it): a name has a digit or a hyphen
        for kind in ("circRNA", "miRNA", "lncRNA"):
            named = frozenset(t for t in stats.df if ("-" in t or any(c.isdigit() for c in t))
                              and kind_of(t, Lexicon()) == kind)
            for head in (h for w in (kind, kind + "s") for h in word_tokens(w.lower())[:1]):
                out[head] = out.get(head, frozenset()) | named
                if kind == "miRNA":
                    # (only a miRNA's name always tells its kind, "miR-21", "let-7a"; an
                    # lncRNA or circRNA may go by any name: H19, DSCAM-AS1, CDR1as)
                    named_by_form.add(head)
        return out, named_by_form

    def _by_names(self, phrase: str, variants: set[str]) -> set[str]:
        """A paraphrase joining two named things is matched by their names ("atezolizumab
        plus bevacizumab" is no "combination of exosome inhibitors and ... drugs")."""
        named = {t for t in variants & set(tokenize(phrase))
                 if self.is_technical(t) and not is_everyday(t)}
        return named if len(named) >= 2 else variants

    def tokens(self, text: str) -> frozenset[str]:
        """`token_set(text)` plus the abbreviation keys of the terms it names."""
        hit = self._token_cache.get(text)
        if hit is not None:
            return hit
        toks = token_set(self.canonical(text))
        keys = {self._abbr_tokens[t] for t in toks if t in self._abbr_tokens}
        # (a name versioned by a year is that name too: "MISEV" in "MISEV2023")
        keys |= {m.group(1) for t in toks if (m := _VERSIONED_RE.fullmatch(t))}
        keys |= {k for g in self.binomials.genera_in(text) for k in tokenize(g)}
        if self._long_forms:
            low = text.lower()
            keys |= {key for rx, key in self._long_forms if rx.search(low)}
        out = toks | keys
        if len(self._token_cache) > 50_000:
            self._token_cache.clear()
        self._token_cache[text] = out
        return out

    # -- scoring -------------------------------------------------------------------
    def terms(self, question: str, expanded: str, replaced: Sequence[str]) -> QueryTerms:
        """The question's words as weighted term groups (see `QueryTerms`).

        A paraphrase ("drug pumps") is one group matched by the review's wording
        ("efflux transporters"); a long form ("cancer stem cells") is one group with
        its abbreviation; a premise's words weigh `premise_factor` of an ask's.
        """
        del expanded, replaced  # the question itself says all; kept for the call sites
        parts = split_question(question)
        if len(parts) > 1 and self.neighbours is not None:
            # the everyday words of all parts embedded in one batch (each part asks below)
            words = [(w, _head_token(w)) for w in question_words(
                american(normalize_text(self.canonical(question))))]
            lacking = [h for w, h in words if h.isalpha() and h not in STOPWORDS
                       and not self.stats.known(h) and not self.is_technical(w)]
            if lacking:
                self.neighbours(lacking)
        has_premise = any(premise for _, premise in parts)
        # "X is listed as ...; what value is assigned to it?": "it" is the premise's
        # name, so that name is asked about, at full weight.
        referred = any(_PRONOUN_RE.search(t) for t, premise in parts if not premise)
        own_groups: dict[str, tuple[float, frozenset[str]]] = {}
        for text, premise in parts:
            factor = self.cfg.premise_factor if (has_premise and premise) else 1.0
            groups = self._groups(text)
            names = (self._specific(text, {h: w for h, (w, _) in groups.items()}, self.cfg.rare_df)
                     | {h for h in groups if any(self.tokens(h.lstrip("≈~§")) & self.tokens(
                         m.group(1)) for m in _NAMES_ITS_THING_RE.finditer(text))}
                     if premise and referred else set())
            for head, (w, variants) in groups.items():
                f = 1.0 if head in names else factor
                if head not in own_groups or own_groups[head][0] < w * f:
                    own_groups[head] = (w * f, variants)
        own = {h: w for h, (w, _) in own_groups.items()}
        return QueryTerms(own, own_groups, self.tokens)

    def _uses_phrase(self, phrase: str) -> bool:
        """The review writes `phrase` itself (a whole word or words, any case)."""
        if not self._body_text:
            self._body_text = " \n ".join(american(p.text).lower() for p in self._passages
                                          if p.kind != "table_row")
        return re.search(r"(?<![\w-])" + re.escape(phrase.lower()) + r"(?![\w-])",
                         self._body_text) is not None

    def _groups(self, text: str) -> dict[str, tuple[float, frozenset[str]]]:
        out: dict[str, tuple[float, frozenset[str]]] = {}
        # 1. Long forms of the review's abbreviations: one group with the abbreviation
        # (first: the review's own terms win over a paraphrase of one of their words).
        text = self._long_form_groups(american(normalize_text(self.canonical(text))), out)
        # 2. Paraphrases: one group each, matched by the review's wording.
        for phrase, wording in paraphrase_pairs(text):
            toks = [t for t in tokenize(wording) if t not in STOPWORDS]
            known = [self.stats.idf(t) for t in toks if self.stats.known(t)]
            if not known:  # the wording lives only in headings ("Financial support")
                known = [self._weight(toks[0])] if toks else [1.0]
            common = self.cfg.common_share * max(1, self.stats.n)
            variants = {t for t in self.tokens(wording) - STOPWORDS
                        if self.stats.df.get(t.lstrip("~§"), 0) <= common or t.startswith("§")}
            # (a phrase this review itself uses is its own wording too: the glossary's
            # "microvesicles" -> "nano-sized vesicles" is for a review that never says it)
            # (one word: a group is matched word by word, and "liver cancer" would be
            # covered by any "cancer")
            if len(tokenize(phrase)) == 1 and self._uses_phrase(phrase):
                variants |= self.tokens(phrase) - STOPWORDS
            variants = self._by_names(phrase, variants)
            out["≈" + phrase.lower()] = (sorted(known)[len(known) // 2], frozenset(variants))
            text = re.sub(r"(?<![\w-])" + re.escape(phrase) + r"(?!\w)", " ", text,
                          count=1, flags=re.I)
        # 3. A numbered figure or table ("figure 1"): one term, its caption's label.
        for label in {t for t in tokenize(text) if _LABEL_TOKEN_RE.fullmatch(t)}:
            if self.stats.known(label):
                out[label] = (self.stats.idf(label), frozenset({label}))
        # 4. Every other word: a group of its forms (hyphen parts, joins, inflections).
        # An everyday word the review never uses is also matched by its nearest review
        # words ("medicines" -> "drug"), looked up for all such words at once.
        words = [(word, [t for t in word_tokens(word.lower())
                         if t not in STOPWORDS and t not in QUESTION_WORDS and len(t) >= 2])
                 for word in question_words(text)]
        lacking = [toks[0] for word, toks in words
                   if toks and toks[0].isalpha() and toks[0] not in out
                   and not self.stats.known(toks[0]) and not self.is_technical(word)]
        near = self.neighbours(lacking) if lacking and self.neighbours is not None else {}
        asked_kinds = _asked_kinds(text)
        # (a word ending a long form: "survival" is covered by "OS", overall survival)
        kinds_of = self._kinds_named(text)
        for word, toks in words:
            if not toks or toks[0] in out or self._abbr_tokens.get(toks[0]) in out:
                continue
            head = toks[0]
            if "-" in head and self.is_technical(word) and self._entity_like(head, word):
                # A name ("linc-VLDLR") is matched whole or joined, not by its parts
                # ("linc" would match linc-ROR too).
                toks = [t for t in toks if "-" in t or t == head.replace("-", "")]
                # ... in either of its class's forms ("linc-ROR" is "lincRNA-ROR")
                toks += [t for t in _class_forms(head) if self.stats.known(t)]
            extra = [k for k in (morph(head), self._abbr_tokens.get(head)) if k]
            extra += sorted(kinds_of.get(head, ()))
            extra += sorted(self._members.get(head, ()))
            if not self.stats.known(head) and not word.islower():
                # ("RAB", "Rab": RAB27A, RAB27B; a lower-case word is a word: "stat")
                extra += self.stats.numbered(head)
            if head in asked_kinds and head in self._named_by_form:
                # "What drugs ...?" is covered by a drug's name, not by "drug resistance".
                toks, extra = [], sorted(self._members[head])
            if len(head) >= 5 and head.isalpha() and self.stats.df.get(head, 0) <= 1:
                # "markers": the review says "biomarkers"
                for whole in self.stats.ending_with(head)[:3]:
                    extra += [whole, *(k for k in (morph(whole),) if k)]
            for close in near.get(head, ()):
                extra += [close, *(k for k in (morph(close),) if k)]
            if head.isalpha() and not self.stats.known(head):
                extra += self.stats.identifiers(head)  # "NCT": "NCT01761266"
            forms = self._known_forms(head)
            causal = self._causal_forms(head, text)
            weight = min([self._weight(head), *(self.stats.idf(f) for f in causal)])
            # "carry": the review says "carrying": that form matches the word too
            out[head] = (weight, frozenset(toks + extra + forms + causal))
        return out

    def _long_form_groups(self, text: str,
                          out: dict[str, tuple[float, frozenset[str]]]) -> str:
        """Each long form of the review's abbreviations `text` names as one group in
        `out`, keyed and matched by the abbreviation's key; `text` without them."""
        low = text.lower()
        for rx, key in self._long_forms:
            m = rx.search(low)
            if m:
                weights = [self.stats.idf(t) for t in tokenize(m.group())
                           if t not in STOPWORDS]
                out[key] = (max(weights, default=1.0), frozenset({key}))
                text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
                low = text.lower()
        return text

    def _kinds_named(self, text: str) -> dict[str, set[str]]:
        """The words of `text` ending a long form of the review's, each with the keys of
        the abbreviations of the long forms it ends ("survival": overall survival (OS),
        progression-free survival (PFS)); a word another word qualifies ends none ("overall
        survival" is no progression-free survival), and a long form named whole is its own
        abbreviation only ("overall survival": OS, not PFS)."""
        out: dict[str, set[str]] = {}
        low = text.lower()
        for rx, key in self._long_forms:
            if (m := rx.search(low)) is not None:
                for w in m.group().split():
                    out.setdefault(w, set()).add(key)
        whole = set(out)
        for rx, key in self._kinds_of:
            for m in rx.finditer(low):
                before = re.findall(r"[\w-]+", low[:m.start()])[-1:]
                if before and before[0] not in STOPWORDS and before[0] not in QUESTION_WORDS:
                    continue
                for t in tokenize(m.group()):
                    if t not in whole:
                        out.setdefault(t, set()).add(key)
        return out

    def _known_forms(self, head: str) -> list[str]:
        """For a word the review never uses, the forms of it it does use ("causing": the
        review says "cause"; "carry": "carrying"), else a word derived from it ("pack":
        "packaged"); [] for a word the review uses."""
        if not head.isalpha() or self.stats.known(head):
            return []
        forms = [f for b in base_forms(head) for f in (b, *inflected_forms(b))
                 if f != head and self.stats.known(f)]
        return forms or sorted({f for b in base_forms(head) for f in self.stats.derived(b)})

    def _causal_forms(self, head: str, text: str) -> list[str]:
        """For "cause" asked as a verb ("how do exosomes cause resistance?"), the forms of
        every causal verb the review uses: a cause is said by any of them, and the word
        weighs as the commonest of them, not as the review's rare "cause"; [] otherwise."""
        if "cause" not in (head, *base_forms(head)) or _CAUSE_NOUN_RE.search(text):
            return []
        return [f for b in _CAUSAL_VERBS for f in (b, *inflected_forms(b)) if self.stats.known(f)]

    def _entity_like(self, term: str, original: str | None = None) -> bool:
        """A name (circRNA-SORE, miR-21, YBX1), not a compound of a name and an everyday
        word ("exosome-based", "sorafenib-resistant"). `original` is the word as written
        (its capitals tell "SORE" the name from "sore")."""
        parts = [p for p in (original or term).split("-") if p]
        return len(parts) < 2 or all(
            self.is_technical(p) or NAME_SHAPE_RE.search(p) or p.isdigit() or len(p) <= 4
            for p in parts)

    def _specific(self, text: str, heads: dict[str, float], max_df: int) -> set[str]:
        """The heads that name one specific thing the review mentions: a name
        (YBX1, circRNA-SORE, not a class like lncRNAs) in at most `max_df` passages,
        or a technical word in at most 3 (pembrolizumab, melanoma)."""
        originals: dict[str, str] = {}
        for w in question_words(text):
            toks = word_tokens(w.lower())
            if toks:
                originals.setdefault(toks[0], w)
        out = set()
        for t in heads:
            w = originals.get(t, t)
            if not self.stats.known(t) or not self._entity_like(t, w):
                continue
            name = bool(NAME_SHAPE_RE.search(w)) and not _CLASS_PLURAL.search(w)
            if (name and self.stats.df[t] <= max_df) or (
                    self.is_technical(w) and self.stats.df[t] <= 3
                    and not ENGLISH_SUFFIX.search(w.lower())):
                out.add(t)
        return out

    def is_name(self, word: str) -> bool:
        """`word` names one specific thing the review mentions (circPAK1, linc-ROR,
        regorafenib), not a class or an everyday word."""
        heads = {t: 1.0 for t in word_tokens(self.canonical(word).lower())[:1]}
        return bool(heads) and bool(self._specific(word, heads, self.cfg.cooccur_df))

    def is_term(self, word: str) -> bool:
        """`word` names a thing the review speaks of: a name (`is_name`), or a technical
        word of the review no dictionary lists ("sorafenib", "lenvatinib")."""
        if self.is_name(word):
            return True
        low = self.canonical(word).lower()
        return (self.stats.known(low) and self.is_technical(word) and not is_everyday(low)
                and self.stats.df[low] <= self.cfg.tech_df_share * self.stats.n)

    def is_review_word(self, word: str) -> bool:
        """`word` is a content word the review uses ("exosomes"), however common."""
        low = self.canonical(word).lower()
        return len(low) >= 4 and low not in STOPWORDS and low not in QUESTION_WORDS \
            and bool(self.tokens(low)) and all(self.stats.known(t) for t in word_tokens(low))

    def passages_naming(self, question: str, replaced: Sequence[str],
                        read: Sequence[Passage]) -> list[Passage]:
        """The passages naming a specific name of `question` (HMGB1) that none of the
        passages `read` names: the ranking may bury a name under everyday words
        ("exosomal ... in HCC"); a name the review uses is never left unread."""
        # (the kind asked for is no such name: "which cytokines" is answered by IFN-γ)
        missing = self.names_absent_from(question, replaced, read) - _asked_kinds(question)
        return [p for p in self._passages if missing and self._mentions(missing, p.text)]

    def names_absent_from(self, question: str, replaced: Sequence[str],
                          passages: Sequence[Passage]) -> set[str]:
        """The specific names of `question` (GOLPH3) that none of `passages` mentions."""
        names = self._specific(question, self.terms(question, question, replaced).own,
                               self.cfg.rare_df)
        return {n for n in names if not any(self._mentions({n}, p.text) for p in passages)}

    def _rarest_first(self, rare: set[str], weights: dict[str, float],
                      units: list[Unit], text: str) -> list[Unit]:
        """Of several names asked ("how does circTMEM181 lead to anti-PD1 resistance?"),
        a sentence naming not the rarest (circTMEM181) yields to those that do, as one
        naming none of the asks' technical words does. A name by its form (digits,
        inner capitals) comes before a rare word of a class ("does circUHRF1 change
        their cytokines?": a sentence may name the cytokines, never circUHRF1 by
        another word)."""
        if len(rare) < 2:
            return units
        shaped = {t for w in question_words(text) if NAME_SHAPE_RE.search(w)
                  for t in word_tokens(w.lower())[:1]} & rare
        pool = shaped or rare
        top = max(weights.get(h, 0.0) for h in pool)
        rarest = {h for h in pool if weights.get(h, 0.0) >= top - 1e-9}  # (ties: all)
        if rarest == rare:
            return units
        if not any(self._mentions(rarest, u.passage.section_path + " " + u.display)
                   for u in units):
            return units
        return [u if self._mentions(rarest, u.passage.section_path + " " + u.display)
                else u.rescored(self.ranker, tech_missing=1.0) for u in units]

    def _naming(self, names: set[str], units: Sequence[Unit]) -> list[Unit]:
        """The units whose sentence (or section) names one of `names`; failing that,
        those whose passage does. A kind is named by its members too ("lncRNA" by
        "lnc-FAM72D-3")."""
        names = names | {m for n in names for m in self._members.get(n, ())}
        naming = [u for u in units
                  if self._mentions(names, u.passage.section_path + " " + u.display)]
        if not naming:
            return [u for u in units if self._mentions(names, u.passage.text)]
        # ... and a sentence of a naming one's passage telling the same study on ("In
        # xenografts ..., depletion of macrophages ... restored the response[42]" after
        # "Nakashima et al. ... miR-27a-3p ...[42]"): it cites what that one cites
        # (within the next two sentences)
        cited: set[tuple[str, int, int]] = set()
        for u in naming:
            if u.passage.kind != "table_row":
                quotes = [q for _, q in self._sentence_units(u.passage)]
                at = quotes.index(u.quote) if u.quote in quotes else -9
                cited |= {(u.passage.id, r, at + k) for r in quote_refs(u.passage, u.quote)
                          for k in (1, 2)}

        def telling_on(u: Unit) -> bool:
            if u.passage.kind == "table_row":
                return False
            quotes = [q for _, q in self._sentence_units(u.passage)]
            at = quotes.index(u.quote) if u.quote in quotes else -1
            return any((u.passage.id, r, at) in cited for r in quote_refs(u.passage, u.quote))
        return [u for u in units if u in naming or telling_on(u)]

    def _mentions(self, names: set[str], text: str) -> bool:
        """Whether `text` names one of `names` (as a word, an inflection, or one typo
        away for long names: "circTMEM181" ~ "cricTMEM181")."""
        if not names:
            return False
        toks = self.tokens(text)
        # (an inflection, or the other form of an abbreviation: "TKI" in "... (TKIs)")
        keys = {k for r in names for k in (morph(r), self._abbr_tokens.get(r),
                                           *_class_forms(r)) if k is not None}
        return bool(names & toks) or bool(keys & toks) or any(
            near_miss(r, t) for r in names if len(r) >= 8 for t in toks)

    def _antecedents_first(self, chosen: list[Unit]) -> list[Unit]:
        """A sentence opening on "These exosomes ..." goes right after the sentence of
        its passage that it follows on from, when that one is chosen too."""
        out = list(chosen)
        for u in chosen:
            if u.passage.kind == "table_row" or not _OPENING_REF_RE.match(u.display):
                continue
            quotes = [q for _, q in self._sentence_units(u.passage)]
            at = quotes.index(u.quote) if u.quote in quotes else 0
            before = [c for c in out if c.passage.id == u.passage.id and at > 0
                      and c.quote == quotes[at - 1]]
            if before and out.index(before[0]) > out.index(u):
                out.remove(u)
                out.insert(out.index(before[0]) + 1, u)
        return out

    @staticmethod
    def _kinds(text: str) -> set[str]:
        """The kinds of thing `text` asks for: the head noun after which/what and the
        word right after it ("which exosomal circRNA" -> circrna, exosomal)."""
        return _asked_kinds(text) | _first_kind_words(text)

    def self_description(self) -> list[Unit]:
        """The first sentences in which the review says what it does ("This review
        mainly summarizes ...", "In this review, we examine ..."), within the word
        budget, in reading order."""
        out: list[Unit] = []
        words = 0
        for p in self._passages:
            if p.kind == "table_row" or p.section == (ARTICLE_INFORMATION,):
                continue  # ("This review was published in ..." says nothing of its aim)
            for display, quote in self._sentence_units(p):
                if not _SELF_DESCRIPTION_RE.search(display):
                    continue
                n = len(display.split())
                if out and (len(out) >= 2 or words + n > self.cfg.target_words):
                    return out
                out.append(Unit(display, p, quote, 1.0, 1.0, 0.0))
                words += n
        return out

    def _continuation(self, ask: str, chosen: Sequence[Unit],
                      sim: Callable[[Passage, str], float]) -> Unit | None:
        """The sentence right after a chosen one, in its passage, that opens with the
        thing an ask refers back to: "those exosomes" in the ask, "These exosomes could
        induce Nanog ..." after "... through exosomes released by liver CSCs."."""
        m = _BACK_REF_RE.search(ask)
        if m is None:
            return None
        noun = word_tokens(m.group(1).lower())[:1]
        if not noun:
            return None
        for u in chosen:
            if u.passage.kind == "table_row":
                continue
            units = self._sentence_units(u.passage)
            quotes = [q for _, q in units]
            if u.quote not in quotes:
                continue
            at = quotes.index(u.quote)
            if at + 1 >= len(units):
                continue
            display, quote = units[at + 1]
            opening = _OPENING_REF_RE.match(display)
            if (opening and word_tokens(opening.group(1).lower())[:1] == noun
                    and all(quote != c.quote for c in chosen)):
                return Unit(display, u.passage, quote, 0.0, 0.0, sim(u.passage, quote))
        return None

    def _resolve_pronoun(self, ask: str, text_now: str, asked_toks: frozenset[str],
                         named_words: str) -> str:
        """An ask with a pronoun ("... when it was knocked down?") plus what "it" stands
        for: the names the answer so far brought in (RAB27A), else the question's."""
        if not _PRONOUN_RE.search(ask):
            return ask
        new = self._new_names(text_now, asked_toks)
        return ask + " " + (" ".join(dict.fromkeys(
            w for w in question_words(text_now) if self.tokens(w) & new)) or named_words)

    def _owning_ask(self, unit: Unit, ask_parts: Sequence[str], units: Sequence[Unit],
                    replaced: Sequence[str]) -> int:
        """The ask `unit` answers: the one it fits best against that ask's best other
        sentence (an ask with no sentence of its own keeps the one both fit); -1 for
        none ("The FDA approved a drug in 2018. Which circRNA ...?": the sentence naming
        the drug answers the premise)."""
        best_i, best_margin = -1, -1e9
        for i, ask in enumerate(ask_parts):
            if _DEF_RE.match(ask):
                continue
            # (the ask as written: what a pronoun in it stands for is not yet known)
            part = self.terms(ask, ask, replaced)
            if len(part.own) < 2 or part.coverage(unit.display) < self.cfg.min_coverage:
                continue
            ask_rare = self._specific(ask, part.own, self.cfg.rare_df)

            others = [_fit(part, self.cfg.sim_weight, u) for u in units if u.quote != unit.quote
                      and part.coverage(u.display) >= self.cfg.min_coverage
                      and (not ask_rare or self._mentions(ask_rare, u.display))]
            margin = _fit(part, self.cfg.sim_weight, unit) - max(others, default=0.0)
            if 0.0 < margin > best_margin:  # an ask with a better sentence keeps it
                best_i, best_margin = i, margin
        return best_i

    def _new_names(self, text: str, asked: frozenset[str]) -> set[str]:
        """The specific names `text` brings that the question does not (a bridge to the
        next hop: "RAB27A-dependent exosomes" -> what knocking RAB27A down did); when it
        brings no name-shaped one, its new technical words ("Lenvatinib is another
        first-line drug approved by the FDA in 2018")."""
        names: set[str] = set()
        technical: set[str] = set()
        for w in question_words(text):
            for part in {w, *w.split("-")}:  # "RAB27A-dependent" names RAB27A
                toks = word_tokens(part.lower())
                if not toks or _CLASS_PLURAL.search(part):
                    continue
                t = toks[0]
                if t in asked or not 0 < self.stats.df.get(t, 0) <= self.cfg.cooccur_df:
                    continue
                into = names if NAME_SHAPE_RE.search(part) else (
                    technical if self.is_technical(part) else None)
                if into is not None:
                    into.add(t)
                    if t in self._abbr_tokens:  # "EVE" is also "everolimus"
                        into.add(self._abbr_tokens[t])
        return names or technical

    def _weight(self, term: str) -> float:
        """IDF; an everyday word the review never uses weighs half (researchers
        paraphrase: "shrug off", "couriers"), and no more than the commonest review word
        of its stem; unknown technical words are caught before."""
        w = self.stats.idf(term)
        if not self.stats.known(term) and not self.is_technical(term):
            w *= self.cfg.unknown_word_factor
            # ("treat": the review says "treatment" everywhere, so it weighs as that)
            family = self.stats.family_df(term)
            if family:
                w = min(w, self.stats.idf_of_df(family))
        return w

    # -- units ---------------------------------------------------------------------
    def _sentence_units(self, passage: Passage) -> list[tuple[str, str]]:
        """(display, quote) pairs of a paragraph or caption passage (split once per
        passage: passages do not change)."""
        hit = self._units_cache.get(passage.id)
        if hit is not None and hit[0] == passage.text:
            return hit[1]
        out = []
        for sentence in split_sentences(passage.text):
            display = strip_ref_brackets(sentence)
            if display.count(":") >= 3:
                # an abbreviation list ("HCC: ...; CMA: ..."): each entry on its own
                out += [(sentence[a:b], sentence[a:b])
                        for _, _, (a, b) in abbreviation_list(sentence)]
                continue
            for part in numbered_parts(sentence):
                if len(strip_ref_brackets(part).split()) >= 4:
                    out.append((strip_ref_brackets(part), part))
        self._units_cache[passage.id] = (passage.text, out)
        return out

    def detail_for(self, question: str, expanded: str, replaced: Sequence[str],
                   passages: Sequence[Passage], sim: Callable[[Passage, str], float],
                   label: str = "") -> Unit | None:
        """The sentence of `passages` (a row's study discussed in the text) that fits the
        question best and names the row's `label` when the label is a name; None when
        none adds to what the question asks."""
        terms = self.terms(question, expanded, replaced)
        best: Unit | None = None
        # (of a label "lncRNA MALAT1", the name: the text may write "... transcript 1
        # (MALAT1)")
        names = [w.lower() for w in label.split() if NAME_SHAPE_RE.search(w)
                 and not _RNA_CLASS_RE.fullmatch(w)] or [label.lower()]
        for p in passages:
            for display, quote in self._sentence_units(p):
                if label and NAME_SHAPE_RE.search(label) and not any(
                        n in display.lower() for n in names):
                    continue
                cov = terms.coverage(display)
                score = cov + self.cfg.sim_weight * sim(p, quote)
                if cov >= self.cfg.further_min_coverage and (best is None or score > best.score):
                    best = Unit(display, p, quote, score, cov, sim(p, quote))
        return best

    def cell_text(self, row: Passage, column: str) -> str:
        """A cell as shown: "In vitro only" where another row of the column says more
        ("In vitro and in vivo"), so the difference the table draws is read."""
        value = row.cells.get(column, "")
        others = self._column_values.get((row.section_path, column), frozenset())
        if value and any(w != value and w.lower().startswith(value.lower() + " ")
                         for w in others):
            return f"{value} only"
        return value

    def row_unit(self, passage: Passage, columns: Sequence[str], label_column: str) -> Unit:
        """A table row as one answer sentence, quoting the span of the shown cells."""
        cells = passage.cells
        order = list(cells)
        shown = [c for c in order if c == label_column or c in columns]
        descriptive = [c for c in order if c != label_column and len(cells.get(c, "").split()) > 2]
        if len(shown) == 1:
            # Nothing asked in particular: the label and what the row says about it
            # (its descriptive, many-word columns).
            shown += descriptive
        elif descriptive and descriptive[0] not in shown:
            shown.append(descriptive[0])  # what the row is about, beside what was asked
        shown = [c for c in order if c in shown and cells.get(c)]
        first, last = shown[0], shown[-1]
        start = passage.text.find(f"{first}: {cells[first]}")
        end_marker = f"{last}: {cells[last]}"
        end = passage.text.find(end_marker, max(start, 0))
        if start < 0 or end < 0:
            quote = passage.text
        else:
            quote = passage.text[start : end + len(end_marker)]
        label = self.canonical(cells.get(label_column, ""))  # as the text spells it (pIgR)
        if label != cells.get(label_column, label):
            # (and as the table prints it: "how is it spelled in the table?")
            label += f", printed “{cells[label_column]}”"
        rest = "; ".join(f"{c}: {self.cell_text(passage, c)}" for c in shown
                         if c != label_column)
        table = passage.section[-1] if passage.section else "The table"
        display = f"{table} lists {label} ({rest})" if rest else f"{table} lists {label}"
        # A column asked about whose cell is empty is an answer too: the table gives none.
        empty = [c.lower() for c in dict.fromkeys(columns) if c in cells and not cells[c]
                 and c != label_column and column_role(c) == "text"]
        if empty:
            display += f", with no {' or '.join(empty)} given (the cell is empty)"
        return Unit(display=display + ".", passage=passage, quote=quote)

    # -- the answer, stage by stage ------------------------------------------------
    def answer(
        self,
        question: str,
        expanded: str,
        replaced: Sequence[str],
        retrieved: Sequence[Retrieved],
        asked_columns: Callable[[Passage], list[str]],
        label_column: Callable[[Passage], str],
        similarity: Callable[[Passage, str], float] | None = None,
        extra: Sequence[Passage] = (),
        avoid: str = "",
        digest: bool = True,
        rows_fit: frozenset[str] = frozenset(),
    ) -> Draft:
        """Pick the best-supported sentences; abstain when the review is silent. The
        sentences of `avoid` (an earlier answer "any others?" asks past) are left out. A
        topic typed as keywords gets what each place says of it, and a sentence leaning on
        the one before brings that one, unless `digest` is off (a claim looked up for its
        study: the claim's own sentence comes first). `rows_fit`: the rows of a table
        meeting a condition the question states of it; its other rows answer nothing.

        understand -> named answers -> candidates -> checks -> focus -> compose -> decide.
        """
        missing = unknown_technical_words(question, self.stats, self.is_technical, replaced)
        if missing:
            rest = without_asides(question, missing)
            if rest is not None:  # "... loaded with miR-21 (and miR-10b)?": the rest is asked
                draft = self.answer(rest, expanded, replaced, retrieved, asked_columns,
                                    label_column, similarity, extra, avoid, digest)
                if not draft.abstained:
                    note = f"The review does not mention {', '.join(missing)}."
                    return replace(draft, lead=f"{note} {draft.lead}".strip(),
                                   joiner=draft.joiner if draft.lead else " ")
            return Draft((), True, f"the review never mentions {', '.join(missing)}",
                         certain=True)
        ask = self._understand(question, expanded, replaced, similarity)
        named = self._named_answer(ask)
        if named is not None:
            return named
        candidates = self._candidates(ask, retrieved, asked_columns, label_column, extra)
        if rows_fit:
            # ("which exosomal micrornas come from macrophages": not miR-4669's row, from
            # HCC cells, though it polarizes macrophages)
            tables = {r.split("/", 1)[0] for r in rows_fit}
            candidates = [u for u in candidates if u.passage.kind != "table_row"
                          or u.passage.id in rows_fit
                          or u.passage.id.split("/", 1)[0] not in tables]
        if avoid:
            candidates = self._past(avoid, candidates)
        if not candidates:
            return Draft((), True, "nothing was retrieved")
        apart = self._names_never_meeting(ask, candidates)
        if apart is not None:
            return self._denied(ask, apart)
        candidates = self._prefer_means(ask, self._prefer_lists(
            ask, self._prefer_new_names(ask, candidates)))
        focus = self._focus(ask, candidates)
        if isinstance(focus, Draft):
            return focus
        chosen = self._compose(ask, focus)
        draft = self._list_goes_on(ask, self._decide(ask, chosen, focus.candidates))
        numbered = self._numbered_list(ask, draft) or self._announced(ask, draft)
        if numbered is not None:
            return numbered
        if not draft.abstained and _LIST_ALL_RE.search(ask.question) \
                and not self._lists_already(ask, draft):
            listed = self._gathered_list(ask, focus)
            if listed is not None:
                return replace(listed, features=draft.features)
        unreported = self._unreported(ask, draft, focus.candidates)
        if unreported is not None and unreported.abstained:
            return unreported
        draft = unreported or draft  # (or a sentence telling more than what is to come)
        # (a claim looked up for its study keeps its own sentence first: the study
        # behind "These observations ... in the MOSAIC-OV trial" is that sentence's)
        draft = self._elaborate(self._certainty(ask, draft, focus.candidates),
                                antecedents=digest, defining=bool(ask.subject),
                                asked_names=self._kind_asked_names(ask))
        if digest:
            draft = self._add_runner_up(focus, self._add_elsewhere(ask, focus, draft))
        return self._yes(ask, self._not_always(ask, self._denied(ask, draft), focus.candidates))

    def _denied(self, ask: Understood, draft: Draft) -> Draft:
        """A yes/no question the review answers by saying nobody has done it ("has anyone
        looked at exosomes in dacomitinib resistance?" of "... no study has examined
        EV-mediated resistance to dacomitinib"): "No." and that sentence, not "the review
        does not give ..."; the sentence must name what the question names."""
        if not (draft.abstained and draft.partial and draft.units) or len(ask.asks) != 1 \
                or not _YES_NO_RE.match(ask.question):
            return draft
        names = {n.lower() for n in self.names_in(ask.question)}
        if not names or not self._says_nobody_did(names, draft.units[0]):
            return draft
        return Draft(draft.units[:1], False, lead="No.", joiner=" ",
                     coverage=draft.coverage, features=draft.features)

    def _says_nobody_did(self, names: set[str], unit: Unit) -> bool:
        """Does a sentence (not a row) say nobody has done a thing, naming all `names`?"""
        return unit.passage.kind != "table_row" and bool(_NOBODY_DID_RE.search(unit.display)) \
            and all(self._mentions({n}, unit.display) for n in names)

    def _add_runner_up(self, focus: Focus, draft: Draft) -> Draft:
        """An answer of fewer than `max_sentences` whose best candidate not yet in it
        scores within `runner_up_margin` of its first gets that sentence too: candidates
        that close are all read as answering, and the one ranked first is right only
        about two times in three (the first two hold the gold evidence in 85% of
        questions, the first three in 90%). Not a sentence leaning on one before it
        ("These findings ..."), nor one saying nothing new, nor past `target_words`."""
        if draft.abstained or draft.lead or draft.tail \
                or len(draft.units) >= self.cfg.max_sentences:
            return draft
        best = draft.units[0]
        runner = next((u for u in sorted(focus.candidates, key=lambda c: -c.score)
                       if all(u.quote != c.quote for c in draft.units)), None)
        if runner is None or runner.score < best.score - self.cfg.runner_up_margin \
                or runner.coverage < self.cfg.further_min_coverage \
                or self._says_nothing_new(runner, draft.units) \
                or _LEANS_BACK_RE.match(runner.display) \
                or _words(draft.units) + len(runner.display.split()) > self.cfg.target_words:
            return draft
        return replace(draft, units=(*draft.units, runner))

    def _says_nothing_new(self, unit: Unit, units: Sequence[Unit]) -> bool:
        """Are most of `unit`'s words (its rarer ones, as the review counts) already said
        by `units`? ("Notably, Lenvatinib was approved by the FDA as another first-line
        targeted drug in 2018 ..." after "Lenvatinib is another first-line ... drug
        approved by the FDA in 2018 ...")"""
        own = {t for t in self.tokens(unit.display) if t[:1].isalpha() and t not in STOPWORDS
               and self.stats.known(t) and self.stats.df[t] < self.stats.n / 4}
        said = self.tokens(" ".join(u.display for u in units))
        return bool(own) and len(own & said) >= 0.8 * len(own)

    def _unreported(self, ask: Understood, draft: Draft,
                    candidates: Sequence[Unit] = ()) -> Draft | None:
        """A thing of a kind asked for ("which EV microRNA causes elacestrant
        resistance?") where the review says nobody has looked ("No study has yet examined
        the relationship between EVs and elacestrant"), or what a study found asked where
        the review says it is still to come ("... should clarify whether ...", "...
        remains to be determined"): the review does not give it; that sentence is what it
        does say. Not when the question asks whether there is anything ("and
        dacomitinib?" after "anything on afatinib?": that no study has looked is the
        answer) or whether a thing is known or holds. When the best sentence only says
        a named study is still to report, a candidate naming it as well that tells what
        it did (no more to come) answers instead: the draft then has that sentence."""
        yes_no = bool(_YES_NO_RE.match(ask.question))
        if draft.abstained or draft.lead or not draft.units or _ANYTHING_ASK_RE.search(
                ask.question) or _ASKS_UNSETTLED_RE.search(ask.question) or (
                ask.unsettled_asked and not yes_no):
            return None
        best = max(u.coverage for u in draft.units)
        kind = bool(_ASKED_KIND_RE.search(ask.question)) and not yes_no
        # (what a study found, asked of one the review says is still under way or whose
        # figure is still to be determined: "what did its RNA cargo analysis find?" of
        # "Prospective cohorts such as CYCLE-EV and EVOLVE-HR should clarify ...";
        # whether a finding holds where the review says that is not known: "would it
        # apply to women on AIs?" of "... it is not known whether the association also
        # applies to women treated with AIs")
        pending = _NOT_KNOWN_RE if yes_no else _PENDING_RE if _WH_ASK_RE.match(
            ask.question) else None
        if pending is not None and _WHEN_DUE_RE.search(ask.question) and _YEAR_RE.search(
                draft.units[0].display):
            pending = None  # ("when are the final results due?": "expected in 2025" says)
        # (a sentence saying a thing is still to be examined speaks of what it names
        # itself, not of what its heading names: "what do bone marrow stromal cell EVs
        # do?" is not answered by "Osteoclasts ... also release EVs, but their role ...
        # has not been examined" under "Bone marrow stromal cells and osteoblasts" while
        # a table row names them and says what they do)
        named = max((ask.terms.coverage(u.display) for u in (*draft.units, *candidates)),
                    default=0.0)
        said = [u for u in draft.units[:2] if u.passage.kind != "table_row"
                and u.coverage >= best - 1e-9 and ask.terms.coverage(u.display) >= named - 1e-9
                and ((kind and _UNREPORTED_RE.search(u.display))
                     or (pending and u is draft.units[0] and pending.search(u.display)))]
        if not said:
            return None
        if pending and said[0] is draft.units[0] and not (kind and _UNREPORTED_RE.search(
                said[0].display)):
            # ("what's the CYCLE-EV study": "Prospective cohorts such as CYCLE-EV ...
            # should clarify ..." is not all the review says of it; a sentence naming
            # what is asked as well, saying nothing is to come, answers)
            names = {n.lower() for n in self.names_in(ask.question)}
            told = [u for u in candidates if u.passage.kind != "table_row" and names
                    and u.coverage >= said[0].coverage - 1e-9
                    and all(self._mentions({n}, u.display) for n in names)
                    and not pending.search(u.display) and not _UNREPORTED_RE.search(u.display)]
            if told:
                return Draft((max(told, key=lambda u: u.score),), False,
                             coverage=draft.coverage, features=draft.features)
        return self._partial(said, "this", "the review says it is not known yet")

    def _certainty(self, ask: Understood, draft: Draft, candidates: Sequence[Unit]) -> Draft:
        """"Is it proven that exosomal miR-21 spreads resistance?": how certain the review
        is belongs in the answer: a candidate making the claim with a hedge ("we
        hypothesize that ...") nearly as well supported as the best goes first."""
        if draft.abstained or draft.lead or not draft.units or not candidates or not (
                _CERTAINTY_ASK_RE.search(ask.question) or _AMOUNT_ASK_RE.search(ask.question)):
            return draft
        floor = self.cfg.certainty_floor * max(u.score for u in candidates)
        # ("is there much data on it?", "is it well studied?": how much research there is
        # is said in words of amount, "a noticeable scarcity of research")
        stated = _AMOUNT_STATED_RE if _AMOUNT_ASK_RE.search(ask.question) else _CLAIM_HEDGE_RE
        hedged = [u for u in candidates if u.passage.kind != "table_row"
                  and u.score >= floor and stated.search(u.display)]
        if not hedged or any(u.quote == hedged[0].quote for u in draft.units):
            return draft
        return replace(draft, units=(hedged[0], *draft.units[:1]))

    def weighed(self, question: str, draft: Draft) -> Draft:
        """"How solid is the evidence that ...?": the sentence after a cited one that
        weighs it ("However, because this study was retrospective ..., its findings
        should be regarded as preliminary") follows it, within the word cap."""
        if draft.abstained or draft.lead or not draft.units \
                or not _STRENGTH_ASK_RE.search(question):
            return draft
        units = list(draft.units)
        quotes = {u.quote for u in units}
        words = _words(units)
        for u in list(units[:2]):
            if u.passage.kind == "table_row":
                continue
            nxt = self._neighbour(u, 1)
            if nxt is None or nxt.quote in quotes or not (
                    _WEIGHS_BACK_RE.match(nxt.display) and _LIMITS_RE.search(nxt.display)):
                continue
            if words + len(nxt.display.split()) <= self.cfg.max_words:
                units.insert(units.index(u) + 1, nxt)
            elif units[0] is not u and units[0].passage.kind == "table_row" and (
                    tuple(quote_refs(u.passage, u.quote))
                    == tuple(quote_refs(units[0].passage, units[0].quote))) and (
                    words - len(u.display.split()) + len(nxt.display.split())
                    <= self.cfg.max_words):
                # (no room for both: the study's own table row stands for its telling,
                # and the weighing of it is what was asked)
                units[units.index(u)] = nxt
            else:
                break
            quotes.add(nxt.quote)
            words = _words(units)
        return draft if units == list(draft.units) else replace(draft, units=tuple(units))

    def ranked(self, question: str, expanded: str, replaced: Sequence[str],
               retrieved: Sequence[Retrieved], asked_columns: Callable[[Passage], list[str]],
               label_column: Callable[[Passage], str],
               similarity: Callable[[Passage, str], float] | None = None,
               extra: Sequence[Passage] = ()) -> list[Unit]:
        """The candidate sentences and rows for `question`, best first, no answer made
        of them: for a caller wanting the best one with a property of its own (a year).
        [] when the question names something the review never mentions."""
        if unknown_technical_words(question, self.stats, self.is_technical, replaced):
            return []
        ask = self._understand(question, expanded, replaced, similarity)
        candidates = self._candidates(ask, retrieved, asked_columns, label_column, extra)
        return sorted(candidates, key=lambda u: -u.score)

    def _yes(self, ask: Understood, draft: Draft) -> Draft:
        """A yes/no question whose best sentence says all it asks, plainly (no negation,
        no hedge), is answered "Yes." before it; otherwise the sentences say what the
        review says, without a yes or a no."""
        if draft.abstained or draft.lead or not draft.units or len(ask.asks) != 1 \
                or not _YES_NO_RE.match(ask.question):
            return draft
        best = draft.units[0]
        if self._unsettled(ask.question, best):
            return replace(draft, lead="No.", joiner=" ")
        names = {n.lower() for n in self.names_in(ask.question)}
        if self._says_nobody_did(names, best) \
                and self._yes_coverage(ask, best) >= self.cfg.denied_cover:
            # ("is there data on EVs and dacomitinib?" of "... no study has examined
            # EV-mediated resistance to dacomitinib")
            return replace(draft, lead="No.", joiner=" ")
        tested = self._tested_in(ask.question, draft.units)
        if tested is not None:
            return replace(draft, lead="Yes." if tested else "No.", joiner=" ")
        if _ONLY_IN_VITRO_RE.search(ask.question):
            return draft  # (the evidence says nothing of where it was tested)
        asked, found = _effect(ask.question), _effect(_said(best))
        if asked and found and asked != found and (
                all(self._mentions({n}, _said(best)) for n in names) if names
                else self._yes_coverage(ask, best) >= self.cfg.yes_cover):
            # "does miR-122 make cells more resistant?" of a row "rendering cancer cells
            # sensitive to chemotherapeutic agents": the opposite effect, plainly said of
            # the thing asked (its names; when it names none, all else asked, as a yes
            # must: another study's vesicles "conferring cross-resistance to palbociclib"
            # say nothing of "can engineered vesicles overcome palbociclib resistance?")
            return replace(draft, lead="No.", joiner=" ")
        if any(_negates_asked(ask.question, u.display) and ask.terms.coverage(u.display) >= 0.5
               for u in draft.units if u.passage.kind != "table_row"):
            # "is tamoxifen itself active in cell culture?" of "tamoxifen itself is
            # inactive in vitro": the word asked, said in its negative form
            return replace(draft, lead="No.", joiner=" ")
        if _other_line(ask.question, _said(best)):
            # "is regorafenib a first-line drug?" of "... for second-line targeted therapy"
            return replace(draft, lead="No.", joiner=" ")
        if best.passage.kind != "table_row" and self._contrasted_away(ask, best.display) \
                and self._yes_coverage(ask, best) >= self.cfg.denied_cover \
                and all(self._mentions({n}, _said(best)) for n in names):
            # "is talazoparib approved for ovarian cancer?" of "... is approved for breast
            # and prostate cancer but remains investigational in ovarian cancer"; the
            # sentence names every name asked ("do PARP inhibitors change EV secretion?"
            # is not denied by "... but they do not capture the dynamic changes ...", a
            # sentence on biomarkers naming no EV)
            return replace(draft, lead="No.", joiner=" ")
        hedges = {m.group().lower() for m in _HEDGE_RE.finditer(best.display)}
        if _ASKS_POSSIBLE_RE.match(ask.question):
            # "can tumor cells pack PD-L1 into exosomes?": "PD-L1 could be packaged ..."
            # says the possibility asked of; it hedges nothing.
            hedges -= {"could", "may", "can", "might"}
        # (a contrast asked of is said by one: "is abemaciclib dosed continuously unlike
        # palbociclib?" of "abemaciclib ... is given continuously ..., whereas palbociclib")
        contrasted = _CONTRAST_RE.search(best.display) and not _CONTRAST_ASK_RE.search(
            ask.question)
        if self._target_unsaid(ask.question, self.tokens(best.display)):
            return draft  # ("any exosome inhibitor approved?" of sorafenib's approval)
        if _unique_unsaid(ask.question, best.display):
            return draft  # ("was lenvatinib the first ...?" of "... another first-line drug")
        if _AMOUNT_ASK_RE.search(ask.question) and not _AMOUNT_WORD_RE.search(best.display):
            return draft  # ("is there much HCC data on that?" of a finding, no amount)
        if best.passage.kind == "table_row" or hedges or contrasted \
                or self._yes_coverage(ask, best) < self.cfg.yes_cover:
            return draft
        if _DEPENDS_RE.search(best.display):
            return draft  # ("is butyrate beneficial?" of "... either benefit or harm
            #                depending on its concentration": neither yes nor no)
        return replace(draft, lead="Yes.", joiner=" ")

    def _absolute_subject(self, ask: Understood) -> str:
        """What "is butyrate always good for ...?" asks of (its head token, "butyrate"):
        the rarest of the words before "always"; "" when the question is not so put."""
        own = ask.terms.own
        m = _ABSOLUTE_SUBJECT_RE.match(ask.question)
        words = question_words(m.group(1)) if m else []
        named = {t for w in words for t in word_tokens(w.lower())[:1] if t in own}
        return max(named, key=lambda h: (own[h], h)) if named else ""

    def _not_always(self, ask: Understood, draft: Draft, candidates: Sequence[Unit]) -> Draft:
        """"Is butyrate always good for checkpoint inhibitor response?": a question asking
        whether a thing holds always is answered "No." by a candidate saying it does not,
        of the thing asked: the sentence says so itself ("... can be associated with
        either benefit or harm depending on its concentration") or follows one that does
        ("The effect of SCFAs is, however, not uniformly beneficial." -> "... high serum
        concentrations of butyrate ... were associated with shorter PFS"), which goes
        first; a sentence saying so itself brings the next when that names X too. It must
        name what is asked of (`_absolute_subject`) and score at least `exception_floor`
        of the best candidate. None such: the draft as it was."""
        if draft.abstained or draft.lead or not candidates or len(ask.asks) != 1 \
                or not _YES_NO_RE.match(ask.question) or not ask.absolute \
                or re.search(r"\bnever\b", ask.question, re.I):
            return draft
        subject = self._absolute_subject(ask)
        if not subject:
            return draft
        floor = self.cfg.exception_floor * max(u.score for u in candidates)
        for u in sorted(candidates, key=lambda c: -c.score):
            if u.score < floor:
                break
            if u.passage.kind == "table_row" or subject not in ask.terms.covered(
                    self.tokens(u.display)):
                continue
            before, after = self._neighbour(u, -1), self._neighbour(u, 1)
            if _DEPENDS_RE.search(u.display):
                # (and the sentence after it, when that goes on about X: "the relation
                # between A. muciniphila and outcome is not linear." -> "... above 4.8%
                # of sequencing reads ... had the shortest OS")
                units: tuple[Unit, ...] = (u, after) if after is not None and subject in \
                    ask.terms.covered(self.tokens(after.display)) else (u,)
            elif before is not None and _DEPENDS_RE.search(before.display):
                units = (before, u)
            else:
                continue
            # (what the answer said goes on after it, within the word target)
            for w in draft.units:
                if w.quote in {x.quote for x in units}:
                    continue
                if len(units) >= self.cfg.max_sentences \
                        or _words([*units, w]) > self.cfg.target_words:
                    break
                units = (*units, w)
            return Draft(units, False, lead="No.", joiner=" ", coverage=draft.coverage,
                         features=draft.features)
        return draft

    @staticmethod
    def _unsettled(question: str, best: Unit) -> bool:
        """A question asking whether a thing is settled ("is it proven ...?", "is it
        known how ...?", "is it well studied?", "do all patients benefit?") whose best
        sentence hedges or denies it ("may serve as a potential predictor", "remain to
        be clarified", "a noticeable scarcity of research", "only a subset"): the
        answer is no. A choice offered ("proven or just a guess?") gets none."""
        if best.passage.kind == "table_row" or re.search(r"\bor\b", question, re.I) or not (
                _CERTAINTY_ASK_RE.search(question) or _AMOUNT_ASK_RE.search(question)
                or _SETTLED_ASK_RE.search(question)):
            return False
        hedges = {m.group().lower() for m in _HEDGE_RE.finditer(best.display)}
        return bool(hedges - {"whether", "if"})

    def _contrasted_away(self, ask: Understood, sentence: str) -> bool:
        """A sentence saying what is asked of other settings and, after a "but", denying
        it of the one asked: the words only the question's setting shares ("ovarian")
        stand after the contrast, beside a negation or hedge ("remains investigational"),
        and the words of what is asked ("talazoparib", "approved") before it."""
        m = _CONTRAST_SPLIT_RE.search(sentence)
        if m is None or _CONTRAST_ASK_RE.search(ask.question):
            return False
        before, after = sentence[:m.start()], sentence[m.end():]
        in_before = ask.terms.covered(self.tokens(before))
        in_after = ask.terms.covered(self.tokens(after))
        return bool(in_after - in_before) and bool(in_before - in_after) \
            and _DENIED_RE.search(after) is not None and _HEDGE_RE.search(before) is None

    def _yes_coverage(self, ask: Understood, best: Unit) -> float:
        """The share of a yes/no question `best` says, a name it asks of counted when the
        paragraph named it just before ("In the miR-27a-3p xenografts, did depleting
        macrophages restore ...?" of "... depletion of macrophages ... restored the
        response", the sentence after the one naming miR-27a-3p)."""
        covered = ask.terms.covered(self.tokens(best.display))
        at = best.passage.text.find(best.quote)
        if at > 0:
            before = strip_ref_brackets(best.passage.text[:at])
            names = self.names_in(ask.question)
            covered |= {h for h in ask.terms.covered(self.tokens(before)) if h in names}
        denom = sum(ask.terms.own.values())
        return min(1.0, ask.terms.weight_of(covered) / denom) if denom > 0 else 0.0

    def _tested_in(self, question: str, units: Sequence[Unit]) -> bool | None:
        """"Did they test it in animals?" answered by one table row: its study-type cell
        says whether ("In vitro and in vivo": yes; "In vitro": no); None when the
        question asks no such thing, offers a choice ("in animals or only in cells?"),
        asks of several ("were all of them ..."), or no one row has such a cell."""
        if re.search(r"\bor\b|\b(?:all|every|each|both)\b", question, re.I):
            return None
        if _ONLY_IN_VITRO_RE.search(question) and _YES_NO_RE.match(question):
            # "was the circPVT1 result only in vitro?": no when the evidence tells of
            # animals or patients, yes when a row's model cell tells of neither ("Model:
            # In vitro only")
            animals = self._tested_in("was it tested in animals?", units)
            people = self._tested_in("was it tested in patients?", units)
            if animals or people:
                return False
            return True if animals is False and people is False else None
        m = _TESTED_IN_RE.search(question)
        if m is None:
            return None
        if units[0].passage.kind != "table_row":
            # a sentence telling of the animals ("... in olaparib-treated xenografts")
            # says yes; one telling of none says nothing either way
            said = _IN_ANIMALS_RE if m.group("animals") else _IN_PATIENTS_RE
            hit = said.search(units[0].display)
            if hit is None:
                return None
            # ("The miR-18a-5p findings have not been tested in vivo": no)
            clause = re.split(r"[;,:]|\b(?:but|whereas|while|although)\b",
                              units[0].display[:hit.start()])[-1]
            if re.search(r"\b(?:whether|if)\b", clause, re.I):
                return None  # ("... and whether miR-21-5p contributes in vivo remains ...")
            return not re.search(r"\b(?:not|never|no|nor|without)\b", clause, re.I)
        rows = [u for u in units if u.passage.kind == "table_row"]
        if len(rows) != 1:
            return None
        best = rows[0]
        # (the study-type cell, by its column's name or by what it says: "Model: In
        # vitro only")
        cell = next((v for c, v in best.passage.cells.items() if v and (
            "vivo" in hint_words(c) or re.search(r"\bin\s+vi(?:vo|tro)\b", v, re.I))), "")
        if not cell:
            return None
        return bool((_IN_ANIMALS_RE if m.group("animals") else _IN_PATIENTS_RE).search(cell))

    # -- understand ----------------------------------------------------------------
    def _understand(self, question: str, expanded: str, replaced: Sequence[str],
                    similarity: Callable[[Passage, str], float] | None) -> Understood:
        """What the question asks: its weighted terms, asks, definition subject, the
        abbreviation it wants spelled out, whether it asks the table."""
        definition = _DEF_RE.match(question.strip())
        # "What does ABC stand for?": the sentence that spells the term out, as
        # "long form (ABC)" or "ABC (long form)", answers it.
        spelled: re.Pattern[str] | None = None
        short = _WHAT_IS_SHORT_RE.match(question.strip())
        meaning = _ABBREV_MEANING_RE.match(question.strip())
        if _ABBREV_Q_RE.search(question) or meaning or short:
            names = [w for w in question_words(question) if self.is_technical(w) and len(w) >= 2]
            if meaning:  # (the word whose meaning is asked, not one of its setting)
                names = [meaning.group("a") or meaning.group("b")]
            if names:
                # (a singular asked is spelled out in its plural: "TKI" in "... (TKIs)")
                alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                # (one of two short names: "breast cancer resistance protein (BCRP/ABCG2)")
                spelled = re.compile(r"\(\s*(?:[\w-]+/)?(?:" + alt + r")s?(?:/[\w-]+)?\s*\)|(?:"
                                     + alt + r")s?\s*\(\w", re.I)
        section, phrase = self._section_named(question)
        # ("list the ways ... according to the intro": the words naming the section
        # say where to look, not what to find)
        asked = question.replace(phrase, " ") if phrase else question
        wh = _WH_START_RE.search(question)
        if phrase and len(asks(asked)) > 1 and wh is not None \
                and question.find(phrase) > wh.start():
            # ("what is its other name in the chemotherapy section, and which drugs
            # ...?": the section is where one ask looks; "In the conclusions, what ...
            # and what ...?" scopes them all)
            section = ""
        terms = self.terms(asked, expanded, replaced)
        if section and not set(terms.own) - _ABOUT_WORDS:
            # ("whats the autophagy section about": the section is what is asked, in
            # its heading's words)
            terms = self.terms(section, expanded, replaced)
        return Understood(
            question=question, replaced=tuple(replaced),
            terms=terms, section=section,
            asks=tuple(asks(question)),
            subject=definition_subject(definition.group(1)) if definition else
            self._bare_name(question),
            spelled=spelled,
            # "Which rows of Table 1 ...?" wants rows; "Beyond what Table 1 lists, ...?" not.
            wants_table=any(TABLE_WORD_RE.search(t)
                            for t, premise in split_question(question) if not premise),
            sim=similarity or (lambda p, q: 0.0),
            how=bool(_HOW_ASKED_RE.search(question)),
            scope_asked=bool(_SCOPE_ASK_RE.search(question)),
            absolute=bool(_ABSOLUTE_ASK_RE.search(question)),
            unsettled_asked=bool(_ASKS_UNSETTLED_RE.search(question)
                                 or _YES_NO_RE.match(question)))

    def _bare_name(self, question: str) -> str:
        """A question that is one name and nothing else ("circRNA-SORE?") asks what it is:
        the name, as a definition's subject; "" otherwise."""
        m = _BARE_NAME_RE.match(question)
        return definition_subject(m.group(1)) if m and self.is_technical(m.group(1)) \
            and NAME_SHAPE_RE.search(m.group(1)) else ""

    def _section_named(self, question: str) -> tuple[str, str]:
        """(heading, phrase) of the review's section a question names ("in the
        conclusions", "according to the intro", "the biomarker section"): the heading
        whose words the phrase's words begin most of; ("", "") when none or a tie."""
        named = [(h, m.group(0)) for m in _SECTION_PHRASE_RE.finditer(question)
                 if (h := self._last_body_heading() if m.group("end") else self._heading_named(
                     m.group("name") or m.group("bare") or m.group("says")))]
        # ("both in the introduction and in the conclusions": no one section)
        return named[0] if len({h for h, _ in named}) == 1 else ("", "")

    def _last_body_heading(self) -> str:
        """The heading of the review's last section before its back matter."""
        tops = list(dict.fromkeys(p.section[0] for p in self._passages
                                  if p.kind == "paragraph" and p.section))
        body = [h for h in tops[:next((i for i, h in enumerate(tops)
                                       if _BACK_MATTER_RE.match(h)), len(tops))]]
        return body[-1] if body else ""

    def _heading_named(self, name: str) -> str:
        words = [w for w in re.findall(r"[a-z]{3,}", name.lower())
                 if w not in STOPWORDS and w not in ("section", "part", "text", "paragraph")]
        if not words:
            return ""
        scored: dict[str, float] = {}
        for heading in self._headings:
            hwords = re.findall(r"[a-z]{3,}", heading.lower())
            # (a compound of a heading word's start and another heading word:
            # "chemoresistance" for "chemotherapy resistance")
            hit = sum(any(h.startswith(w[:max(4, len(w) - 2)]) or w.startswith(h)
                          for h in hwords) or any(
                w[k:] in hwords and h.startswith(w[:k])
                for h in hwords for k in range(4, min(len(h), len(w) - 4))) for w in words)
            scored[heading] = hit / len(words)
        best = max(scored.values(), default=0.0)
        top = [h for h, v in scored.items() if v == best]
        return top[0] if best >= 0.5 and len(top) == 1 else ""

    def _named_answer(self, ask: Understood) -> Draft | None:
        """Questions about the review itself (who wrote it, what it is about), and a
        question with no content words."""
        own = ask.terms.own
        if _WHO_WROTE_RE.search(ask.question) and not set(own) - _ABOUT_WORDS:
            # "Who are the authors?": what the review says of its authors' parts.
            credits = [Unit(display, p, quote, 1.0, 1.0, 0.0) for p in self._passages
                       if p.kind != "table_row" and p.section
                       and re.search(r"\bauthor", p.section[-1], re.I)
                       for display, quote in [(p.text.strip(), p.text.strip())]]
            if credits:
                return Draft(tuple(credits[:self.cfg.max_sentences]), False, coverage=1.0)
        if _ABOUT_REVIEW_RE.search(ask.question) and not set(own) - _ABOUT_WORDS:
            # "What is this review about?": the review's sentences on itself.
            on_itself = self.self_description()
            if on_itself:
                return Draft(tuple(on_itself), False, coverage=1.0)
        if not own:
            return Draft((), True, "the question has no content words")
        return None

    # -- candidates ----------------------------------------------------------------
    def _candidates(self, ask: Understood, retrieved: Sequence[Retrieved],
                    asked_columns: Callable[[Passage], list[str]],
                    label_column: Callable[[Passage], str],
                    extra: Sequence[Passage]) -> list[Unit]:
        """Every sentence and row of the passages read, scored: the retrieved ones, the
        sentences closest by embedding (`extra`), and for a definition the review's first
        passages on its subject."""
        pool = [(rank, r.passage) for rank, r in enumerate(retrieved[:self.cfg.candidate_passages])]
        seen = {p.id for _, p in pool}
        pool += [(self.cfg.candidate_passages, p) for p in extra if p.id not in seen]
        if ask.section:  # a section the question names is read whole
            seen |= {p.id for _, p in pool}
            pool += [(self.cfg.candidate_passages, p) for p in self._passages
                     if ask.section in p.section and p.id not in seen]
        if ask.subject:  # where the review first speaks of the subject, it introduces it
            seen |= {p.id for _, p in pool}
            first = [p for p in self._passages if p.kind != "table_row"
                     and _names_subject(ask.subject, p.text)][:self.cfg.definition_first]
            pool += [(self.cfg.candidate_passages, p) for p in first if p.id not in seen]
        out: list[Unit] = []
        asked_toks = self.tokens(ask.question)
        # (the article's own record answers questions on its fields: "what are the
        # keywords?", not "why is liver cancer found late?" by a keyword's words)
        pool = [(rank, p) for rank, p in pool if p.id not in ARTICLE_FIELDS
                or self.tokens(ARTICLE_FIELDS[p.id]) & asked_toks]
        for rank, p in pool:
            base = {"rank": 1.0 / (1 + rank),
                    "context": ask.terms.coverage(" ".join(p.section) + " " + p.text)}
            if p.kind == "table_row":
                units = [self._row_candidate(ask, p, asked_columns(p), label_column(p))]
            else:
                units = self._sentence_candidates(ask, p)
            for i, u in enumerate(units):
                toks = {t for t in self.tokens(u.display) if t[:1].isalnum() and len(t) > 2}
                out.append(u.rescored(
                    self.ranker, **base, first=float(i == 0),
                    novelty=len(toks - asked_toks) / max(1, len(toks)),
                    number=float(bool(_NUMBER_WORD_RE.search(_YEAR_RE.sub(" ", _FIGURE_RE.sub(
                        " ", u.display)))))))
        inside = [u for u in out if ask.section in u.passage.section]
        return inside if ask.section and inside else out

    def _of_study(self, question: str, units: Sequence[Unit]) -> list[Unit]:
        """The units of a study the question names as "the X et al. study": those naming X
        or citing a reference of X's ("Ying-Hong Shi and colleagues ..." and the next
        sentence, cited [84], are the Shi et al. study's)."""
        m = _STUDY_NAMED_RE.search(question)
        if m is None:
            return []
        name = m.group(1)
        refs = self.study_refs(name)
        return [u for u in units if re.search(r"\b" + name + r"\b", u.display)
                or refs & set(quote_refs(u.passage, u.quote))]

    def _row_candidate(self, ask: Understood, p: Passage, asked: Sequence[str],
                       label_column: str) -> Unit:
        """A table row as a candidate, showing the columns asked about and those holding
        the question's words."""
        terms = ask.terms
        holding = [c for c, v in p.cells.items() if column_role(c) != "refs" and any(
            terms.groups[h][0] >= 1.0 for h in terms.covered(self.tokens(f"{c} {v}")))]
        if not asked or _TOPIC_RE.match(ask.question):
            # ("pIgR hcc exosomes sorafenib" asks no column: all the row says; nor does
            # "regorafenib resistance stem cells", though "resistance" hints at Functions)
            holding += [c for c, v in p.cells.items() if c != label_column
                        and column_role(c) == "text" and len(v.split()) > 2]
        unit = self.row_unit(p, [*asked, *holding], label_column)
        # A row speaks for its cells and for what its columns are: "publication year" is
        # answered by the Year cell.
        shown_cols = [c for c in p.cells if c in unit.quote]
        cov = terms.coverage(" ".join(
            f"{c} {' '.join(hint_words(c)) if c in shown_cols else ''} {v}"
            for c, v in p.cells.items()))
        cos = ask.sim(p, "")
        return Unit(unit.display, p, unit.quote, 0.0, cov, cos, {
            "coverage": cov, "similarity": cos, "row_asked": float(ask.wants_table),
            "cited": float(bool(p.refs))})

    def _sentence_candidates(self, ask: Understood, p: Passage) -> list[Unit]:
        """The sentences of a paragraph or caption as candidates; for a definition, those
        opening on its subject (or going on about it as "These vesicles ...") lead."""
        subject, sim = ask.subject, ask.sim
        heading = p.section[-1] if p.kind == "paragraph" and p.section else ""
        # (the article's own record states its fields without naming them: "published in
        # Hepatoma Res 2023;9:46" is the journal asked for in "what journal is it in?")
        heading = f"{ARTICLE_FIELDS.get(p.id, '')} {heading}"
        back_matter = self._back_matter_unasked(ask, p)
        previous = ("", "")
        first_asked = re.search(r"\bthe\s+(?:very\s+)?(?:first|only|sole)\b(?!-)", ask.question,
                                re.I) is not None
        out: list[Unit] = []
        for display, quote in self._sentence_units(p):
            said = display
            flags: dict[str, float] = {}
            cos = sim(p, quote)
            if ask.spelled is not None and ask.spelled.search(display):
                flags["spelled"] = 1.0
            unsettled = None if ask.unsettled_asked else _UNSETTLED_RE.search(display)
            if unsettled is not None and (ask.terms.covered(self.tokens(
                    unsettled.group("noun"))) or (ask.how and _MEANS_NOUN_RE.fullmatch(
                    unsettled.group("noun")))):
                flags["unsettled"] = 1.0
            if _SIGNPOST_RE.search(display) and not ask.scope_asked:
                flags["signpost"] = 1.0
            if ask.absolute and _DEPENDS_RE.search(display):
                flags["depends"] = 1.0
            if first_asked and re.search(r"\banother\b", display, re.I):
                flags["another"] = 1.0
            if subject:
                head = display.lower()
                opens = _opens_on(subject, head)
                if not opens and _describes_subject(subject, previous[0], display):
                    # "... exosomes, which are secreted by cells ... These nano-sized
                    # vesicles mediate ...": the sentence goes on about the subject the
                    # one before named, calling it by its class; it is as close to the
                    # question as the sentence that named the subject.
                    opens = True
                    said = f"{subject} {display}"
                    cos = max(cos, sim(p, previous[1]))
                appositive = not opens and _appositive(subject, display)
                if opens or appositive:  # a review introduces its subjects early
                    flags = {"def_open": 1.0, "def_early": 1.0 - p.order / self._last_order,
                             # (says what kind of thing it is)
                             "def_class": float(said != display or appositive
                                                or _names_class(subject, display))}
            cov = ask.terms.coverage(f"{heading} {said}")
            previous = (display, quote)
            if back_matter and ask.terms.coverage(display) < 0.5:
                continue  # (unless the sentence itself is asked of: "who initiated it?")
            out.append(Unit(display, p, quote, 0.0, cov, cos,
                            {"coverage": cov, "similarity": cos, **flags,
                             "cited": float(bool(quote_refs(p, quote)))}))
        return out

    def _back_matter_unasked(self, ask: Understood, p: Passage) -> bool:
        """A passage of the review's back matter (its declarations: who wrote it, who paid,
        conflicts, copyright) when the question asks nothing its heading names: "what
        models do the authors suggest for future work?" is not asked of "Supervised the
        work and revised the manuscript"; "who funded this review?" ("financial support
        sponsorship") is asked of its "Financial support and sponsorship"."""
        if not p.section or not _BACK_MATTER_RE.match(p.section[0]):
            return False
        heading = self.tokens(" ".join(p.section[1:]))
        return not ask.terms.covered(frozenset(t for t in heading if not t.startswith("author")))

    # -- checks and focus ----------------------------------------------------------
    def _names_never_meeting(self, ask: Understood, candidates: Sequence[Unit]) -> Draft | None:
        """Two specific things asked about together ("pembrolizumab dosing in melanoma")
        must meet in some paragraph (a passage part is a cut of one: "As early as 2011,
        Ying-Hong Shi ..." and its chloroquine sentence are one study told on); named
        apart, the review does not connect them."""
        paragraphs: dict[str, str] = {}
        for u in candidates:
            key = _paragraph_of(u.passage) if u.passage.kind == "paragraph" else u.passage.id
            if u.passage.text not in paragraphs.get(key, ""):
                paragraphs[key] = f"{paragraphs.get(key, '')} {u.passage.text}"
        for part_text, premise in split_question(ask.question):
            if premise:
                continue
            part = self.terms(part_text, part_text, ask.replaced)
            # "sponges which miRNA": the word after which/what is the kind of thing
            # asked for, not a thing the question names.
            # (a year need not meet the claim in the text: the reference list dates the
            # studies the text cites by number, "who published ... back in 2016?")
            specific = sorted(self._specific(part_text, part.own, self.cfg.cooccur_df)
                              - _first_kind_words(part_text)
                              - {t for t in part.own if _YEAR_TOKEN_RE.fullmatch(t)})
            if len(specific) < 2 or side_by_side(part_text, self.is_name) \
                    or _COMPARES_RE.search(part_text):
                continue  # (two names set side by side are compared, not related: "the
                #            difference between how CAF and M2 macrophage exosomes ...")
            if not any(len(part.covered(self.tokens(text)) & set(specific)) >= 2
                       for text in paragraphs.values()):
                return Draft((), True, "the review never discusses "
                             + " together with ".join(specific[:3]), certain=True)
            # (of three or more, the rarest must meet each other: "what median OS did
            # NALIRIFOX give in patients with KRAS G12D?" of a paragraph with NALIRIFOX
            # and OS, and none with NALIRIFOX and G12D)
            rarest = min(specific, key=lambda t: (self.stats.df.get(t, 0), t))
            covers = [part.covered(self.tokens(text)) for text in paragraphs.values()]
            # (names by their shape only, "G12D": a word the review writes otherwise,
            # "beta" of "TGF-β1", is no sign of two things apart)
            shaped = {t for w in question_words(part_text) if NAME_SHAPE_RE.search(w)
                      for t in word_tokens(w.lower())[:1]}
            apart = [t for t in specific if t != rarest and t in shaped
                     and not any({t, rarest} <= c for c in covers)]
            if len(specific) >= 3 and apart:
                return Draft((), True, f"the review never discusses {rarest} together with "
                             + ", ".join(apart), certain=True)
        return self._yes_no_unconnected(ask, candidates)

    def _yes_no_unconnected(self, ask: Understood, candidates: Sequence[Unit]) -> Draft | None:
        """"Is circPAK1 also involved in sorafenib resistance?": a yes/no question relating
        a name to another technical term that no sentence names together is not answered
        by the review; what it says of the name follows (a partial answer)."""
        if not _YES_NO_RE.match(ask.question) or len(ask.asks) != 1:
            return None
        own = ask.terms.own
        names = self._specific(ask.question, own, self.cfg.cooccur_df) \
            - _first_kind_words(ask.question)
        tech = {h for h in own if h.isalpha() and self.stats.known(h) and h not in names
                and self.stats.df[h] <= self.cfg.tech_df_share * self.stats.n
                and self.is_technical(h) and not is_everyday(h)}
        # (a lower-case plural is a class whose members the review may name instead:
        # "does circUHRF1 change their cytokines too" of IFN-γ and TNF-α)
        classes = {_head_token(w) for w in question_words(ask.question)
                   if w.islower() and w.endswith("s") and not w.endswith("ss")}
        if len(names) == 2 and not names & classes \
                and not side_by_side(ask.question, self.is_name):
            # ("do CAF exosomes cause oxaliplatin resistance?": two names that share a
            # paragraph but no sentence; the rarer is the one what it says is quoted of)
            rarer = min(names, key=lambda h: self.stats.df.get(h, 0))
            tech, names = names - {rarer}, {rarer}
        if len(names) != 1 or not tech:
            return None
        both = names | tech
        # (a sentence is read under its heading, as its coverage is: "... potentially
        # predicting therapeutic response" under "Exosomes as predictive biomarkers")
        # (and its section's: "... predicted a radiological response with an AUC of 0.79"
        # under "... LIQUID-BIOPSY BIOMARKERS ... > Pancreatic juice" uses EphA2 as one)
        sentences = [f"{' '.join(p.section) if p.kind == 'paragraph' else ''} {d}"
                     for p in self._passages for d, _ in (
                         self._sentence_units(p) if p.kind != "table_row"
                         else [(p.text, p.text)])]
        if any(len(ask.terms.covered(self.tokens(d)) & both) >= 2 for d in sentences):
            return None
        about = sorted(self._naming(set(names), candidates), key=lambda u: -u.score)[:1]
        if not about:
            return None
        said = {w.lower(): w for w in question_words(ask.question)}
        said.update({_head_token(w): w for w in question_words(ask.question)})  # ("CAFs")
        name = said.get(next(iter(names)), next(iter(names)))
        return self._partial(about, f"a link between {name} and "
                             f"{' or '.join(said.get(t, t) for t in sorted(tech))}",
                             "no sentence names " + " together with ".join(sorted(both)))

    def _past(self, avoid: str, candidates: list[Unit]) -> list[Unit]:
        """"Any others?": the candidates an earlier answer (`avoid`) did not give; when it
        named things, those naming something it did not (others of the kind)."""
        def names(text: str) -> set[str]:
            return {w.lower() for w in _shaped_names(strip_ref_brackets(text))}

        fresh = [u for u in candidates if u.display[:80] not in avoid]
        said = names(avoid)
        if not said:
            return fresh
        naming = [u for u in fresh if names(u.display) - said]
        return naming or fresh

    def _prefer_new_names(self, ask: Understood, candidates: list[Unit]) -> list[Unit]:
        """"Which circRNA ...?" asks for a name: a sentence that names something the
        question does not is the likelier answer; a thing of the kind asked for, by the
        table ("Which circRNA ...?": circRNA-SORE is one), counts twice."""
        if not WHICH_RE.match(ask.question) or ask.subject:
            return candidates
        asked_toks = self.tokens(ask.question)
        members = set().union(*(self._members.get(k, frozenset())
                                for k in self._kinds(ask.question)))
        m = _KIND_PHRASE_RE.match(ask.question)  # (the kind asked, its words weighed once)
        kind_words = set(self.terms(m.group(1), m.group(1), ()).own) & set(ask.terms.own) \
            if m else set()
        boosted = []
        for u in candidates:
            names = [w for w in _shaped_names(u.display)
                     if (head := _head_token(w)) not in asked_toks
                     and self.stats.df.get(head, 99) <= self.cfg.cooccur_df]
            kind = any(_head_token(w) in members for w in names) or bool(
                members & (self.tokens(u.display) - asked_toks))
            changes = {"new_name": float(bool(names)), "kind": float(kind)}
            if names and kind_words and u.passage.kind != "table_row":
                changes["coverage"] = self._with_kind_before(ask, kind_words, u)
            boosted.append(u.rescored(self.ranker, **changes))
        return boosted

    def _singled_out_of(self, u: Unit) -> Unit | None:
        """The sentence before one singling out members of what it spoke of ("Notably,
        ...", "For example, ..."), or None."""
        if u.passage.kind == "table_row" or not _SINGLES_OUT_RE.match(u.display):
            return None
        return self._neighbour(u, -1)

    def _with_kind_before(self, ask: Understood, kind: set[str], u: Unit) -> float:
        """A sentence naming things right after one naming their kind ("... immune
        checkpoint inhibitors targeting PD-1 ... have been developed. Notably, Nivolumab
        and Pembrolizumab ... have been approved"): its coverage counts the kind asked
        for (`kind`: the words of "which immune checkpoint inhibitors ...?") from the
        sentence before."""
        before = self._singled_out_of(u)
        if before is None:
            return u.features.get("coverage", u.coverage)
        terms = ask.terms
        covered = terms.covered(self.tokens(u.display))
        gained = (terms.covered(self.tokens(before.display)) & kind) - covered
        denom = sum(terms.own.values())
        if not gained or denom <= 0:
            return u.features.get("coverage", u.coverage)
        return min(1.0, terms.weight_of(covered | gained) / denom)

    def _prefer_means(self, ask: Understood, candidates: list[Unit]) -> list[Unit]:
        """"How do exosomes cause sorafenib resistance?": a sentence saying by what means
        ("... by activating the HGF/c-Met/Akt signaling pathway") is the likelier answer
        than one saying that they do."""
        if _ORIGIN_ASK_RE.search(ask.question):
            # ("where do exosomes come from?": a sentence saying from which cells)
            return [u.rescored(self.ranker, means=1.0)
                    if u.passage.kind != "table_row" and _ORIGIN_RE.search(u.display) else u
                    for u in candidates]
        if not ask.how and not any(_HOW_MEANS_RE.match(a) for a in ask.asks):
            return candidates
        return [u.rescored(self.ranker, means=1.0)
                if u.passage.kind != "table_row" and _MEANS_RE.search(u.display) else u
                for u in candidates]

    def _prefer_lists(self, ask: Understood, candidates: list[Unit]) -> list[Unit]:
        """"Which kinds of cells ...?", "ABC family members named": a sentence listing
        things ("... including tumor cells, stromal cells, and immune cells") is the
        likelier answer."""
        # ("which mechanisms ...?", "all the ABC transporters": a sentence listing things
        # of the plural asked for, "... mechanisms such as A, B and C")
        plural = {t for m in _PLURAL_ASKED_RE.finditer(ask.question)
                  for t in self.tokens(m.group(1))}
        if not (_LIST_ASK_RE.search(ask.question) or plural):
            return [self._passing(ask, u) for u in candidates]
        out = []
        for u in candidates:
            found = inline_enumeration(u.display) if u.passage.kind != "table_row" else None
            before = self.tokens(" ".join(u.display[:found.start].split()[-4:])) \
                if found else set()
            lists = found is not None and (bool(_LIST_ASK_RE.search(ask.question))
                                           or bool(plural & before))
            out.append(u.rescored(self.ranker, lists=1.0) if lists else u)
        return out

    def _passing(self, ask: Understood, u: Unit) -> Unit:
        """A sentence naming what is asked only as an item of its list of three or more
        ("EVs released by ... CAFs, TAMs, omental adipocytes and hypoxic tumor cells
        transfer ...", asked of adipocytes) mentions it in passing: marked by the share
        of its covered word weight that only its list items cover."""
        if u.passage.kind == "table_row" or _IDENTITY_ASK_RE.search(ask.question) \
                or _ORIGIN_ASK_RE.search(ask.question):
            # (an item glossed in a list says what it is, "BCRP/ABCG2"; a list of
            # sources says where a thing comes from)
            return u
        found = inline_enumeration(u.display)
        items = list(found.items) if found is not None and len(found.items) >= 3 else []
        # ... or a bare run of names, "A, B, C and D" (no "such as" before it)
        for m in _NAME_RUN_RE.finditer(u.display):
            items += [i for i in re.split(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group())
                      if i.strip()]
        terms = ask.terms

        def named(text: str) -> set[str]:  # the things asked that a text names
            return {g for g in terms.covered(self.tokens(text))
                    if g.startswith("≈") or self.is_technical(g)}

        # (a list naming two things asked is about them together: "the SERM tamoxifen,
        # the SERD fulvestrant and the AIs" for how the two differ)
        if sum(1 for i in items if named(i)) != 1:
            return u
        covered = terms.covered(self.tokens(u.display))
        rest = u.display
        for item in sorted(items, key=len, reverse=True):
            rest = rest.replace(item, " ")
        # (only a thing named: a list of effects may be what is asked, "promotes
        # anti-apoptosis, proliferation and chemical resistance")
        listed = named(u.display) - terms.covered(self.tokens(rest))
        whole = terms.weight_of(covered)
        if not listed or whole <= 0:
            return u
        return u.rescored(self.ranker, passing=terms.weight_of(listed) / whole)

    def _focus(self, ask: Understood, candidates: list[Unit]) -> Focus | Draft:
        """The candidates about what is asked: the asks' rare names must be named, and a
        sentence naming none of the asks' technical words yields; the best first."""
        own = ask.terms.own
        asked = " ".join(ask.asks)
        asked_terms = self.terms(asked, asked, ask.replaced).own \
            if asked != ask.question else own
        rare = self._specific(asked or ask.question, asked_terms, self.cfg.rare_df)
        # "GOLPH3 raises an exosomal miRNA. What does that miRNA promote ...?": asks
        # naming nothing are about what the premise names; the answer starts there.
        premise_rare = self._specific(ask.question, own, self.cfg.rare_df) \
            if not rare and asked != ask.question else set()
        # ("the multikinase drug known as lenvatinib - ...?": what the premise names)
        named = {t for m in _NAMES_ITS_THING_RE.finditer(ask.question)
                 for t in self.tokens(m.group(1))} & set(own)
        premise_rare = named if named and premise_rare else premise_rare
        everything = list(candidates)  # later asks may need what the filter below drops
        by_study = self._of_study(ask.question, candidates)
        if by_study:
            # ("which chemo drug did they test in the Liu et al. study?": what Liu et al.
            # found, not another study's drug)
            candidates = by_study
        if rare:
            kinds = rare & _asked_kinds(asked)
            # (a rare kind asked for alone, "which ICIs are approved ...?", is answered
            # by its members' names too: a sentence need not name it)
            candidates = self._naming(rare, candidates) if rare - kinds else candidates
            if not candidates and kinds:
                # "Which NK-derived cytokines ...?": the answer may name the things
                # (IFN-γ) and never the kind asked for; the other names must still show.
                rare -= _asked_kinds(asked)
                candidates = self._naming(rare, everything) if rare else list(everything)
            if not candidates:
                return Draft((), True, "no passage retrieved mentions "
                             + ", ".join(sorted(rare)))
            candidates = self._rarest_first(rare, asked_terms, candidates, asked or ask.question)
        # The asks' technical words name what is asked however common they are in the
        # review ("sorafenib" in "Which circRNA drives sorafenib resistance?"): a
        # sentence naming none of them yields to those that do (the rare everyday
        # "drives" must not win the circRNA that drives anti-PD1 resistance).
        tech = {h for h in asked_terms if h.isalpha() and self.stats.known(h)
                and self.stats.df[h] <= self.cfg.tech_df_share * self.stats.n
                and self.is_technical(h) and not is_everyday(h)} - self._kinds(asked) - rare
        if tech and len(ask.asks) == 1 and not ask.subject and any(
                self._mentions(tech, u.display) for u in candidates):
            candidates = [u if self._mentions(tech, u.display)
                          else u.rescored(self.ranker, tech_missing=1.0) for u in candidates]
        candidates.sort(key=lambda u: -u.score)
        if ask.spelled is not None or ask.absolute:
            # ("what does ceRNA mean in these lncRNA papers?": the sentence spelling it
            # out answers, before any that only uses it; "is autophagy always bad?": the
            # one saying it depends, "plays a dual role", before any example of one side)
            # (asked of one thing, "is X always ...?", the answer is "No." and a sentence
            # naming X, `_not_always`: that A. muciniphila's relation to outcome "is not
            # linear" is no answer to "does butyrate always help immunotherapy work?")
            flag = "spelled" if ask.spelled is not None else "depends"
            if flag == "spelled" or not self._absolute_subject(ask):
                candidates.sort(key=lambda u: -u.features.get(flag, 0.0))
        if self.trace is not None:
            self.trace.append(list(candidates))
        if max(u.coverage for u in candidates) < self.cfg.min_coverage / 2:
            return Draft((), True, "no passage covers the question")
        best = next((u for u in candidates if self._mentions(
            premise_rare, u.passage.section_path + " " + u.display)), candidates[0])
        return Focus(candidates=candidates, everything=everything, rare=frozenset(rare),
                     best=best)

    # -- compose -------------------------------------------------------------------
    def _compose(self, ask: Understood, focus: Focus) -> list[Unit]:
        """A small set of sentences covering the question: the best, one per further
        ask, those adding what is not yet covered, a second thing when several are
        asked for; a sentence going on about "These ..." after its antecedent."""
        chosen = [focus.best]
        if len(ask.asks) > 1:
            chosen = self._one_per_ask(ask, focus, chosen)
        chosen = self._add_uncovered(ask, focus, chosen)
        if _asks_several(ask.question):
            chosen = self._add_another_thing(ask, focus, chosen)
        return self._antecedents_first(chosen)

    def _add_elsewhere(self, ask: Understood, focus: Focus, draft: Draft) -> Draft:
        """A topic typed as keywords ("linc-ror", "m2 macrophage exosomes") asks what
        the review says of it: after the answer read in its context, the best sentence of
        each further place that speaks of it (another paragraph, another table row),
        naming something the answer does not yet, while its score is within
        `topic_margin` of the best."""
        if draft.abstained or draft.lead or draft.tail or not draft.units \
                or not _TOPIC_RE.match(ask.question) or len(ask.question.split()) > 6:
            return draft
        chosen = list(draft.units)
        places = {_place_of(c) for c in chosen}
        words = _words(chosen)
        said = self.names_in(" ".join(c.display for c in chosen))
        for u in sorted(focus.candidates, key=lambda c: -c.score):
            if len(chosen) >= self.cfg.max_sentences \
                    or u.score < focus.best.score - self.cfg.topic_margin:
                break
            if _place_of(u) in places or u.coverage < focus.best.coverage:
                continue
            names = self.names_in(u.display)
            if not names - said or words + len(u.display.split()) > self.cfg.target_words:
                continue
            chosen.append(u)
            places.add(_place_of(u))
            said |= names
            words += len(u.display.split())
        return replace(draft, units=tuple(chosen))

    def _list_goes_on(self, ask: Understood, draft: Draft) -> Draft:
        """"What drugs have been loaded into exosomes?": the best sentence names drugs
        ("... carriers for therapeutic drugs such as curcumin, doxorubicin, and
        paclitaxel ..."); the sentence right after it naming further ones ("In HCC,
        exosomes encapsulating asiatic acid or sorafenib ...") goes on with the list,
        in words the question need not share."""
        if draft.abstained or draft.lead or not draft.units or not _asks_several(ask.question):
            return draft
        members = frozenset().union(*(self._members.get(t, frozenset())
                                      for t in self.tokens(ask.question)))
        chosen, best = draft.units, draft.units[0]
        named = self.tokens(best.display) & members
        after = self._neighbour(best, 1) if named and best.passage.kind != "table_row" \
            else None
        if after is None or any(after.quote == c.quote for c in chosen) \
                or not (self.tokens(after.display) & members) - self.tokens(
                    " ".join(c.display for c in chosen)) \
                or _words([*chosen, after]) > self.cfg.max_words:
            return draft
        return replace(draft, units=(best, after, *chosen[1:]))

    def _one_per_ask(self, ask: Understood, focus: Focus, chosen: list[Unit]) -> list[Unit]:
        """A question with several asks ("Which gene ..., and what happened ...?") gets a
        sentence for each ask the answer does not yet cover. A sentence answers one ask:
        the best sentence belongs to the ask it fits most distinctly and covers no other."""
        chosen = list(chosen)
        words = _words(chosen)
        asked_toks = self.tokens(ask.question)
        named = focus.rare | self._specific(ask.question, ask.terms.own, self.cfg.rare_df)
        named_words = " ".join(dict.fromkeys(
            w for w in question_words(ask.question) if self.tokens(w) & named))
        owner_of = {focus.best.quote: self._owning_ask(focus.best, ask.asks, focus.everything,
                                                       ask.replaced)}
        for i, part_text in enumerate(ask.asks):
            if len(chosen) >= self.cfg.max_sentences:
                break
            dm = _DEF_RE.match(part_text)
            if dm:  # "What is MDR ...": the sentence opening with its subject
                pick = self._opening_on(dm.group(1).lower().rstrip("?. "), focus, chosen)
                if pick is not None:
                    chosen.insert(0, pick)
                    owner_of.setdefault(pick.quote, i)
                    words += len(pick.display.split())
                continue
            follow = self._continuation(part_text, chosen, ask.sim)
            if follow is not None:
                # "... and what stemness factor do those exosomes switch on?": the
                # sentence after a chosen one that goes on about "these exosomes".
                chosen.append(follow)
                owner_of[follow.quote] = i
                words += len(follow.display.split())
                continue
            text_now = " ".join(u.display for u in chosen)
            resolved = self._resolve_pronoun(part_text, text_now, asked_toks, named_words)
            pick = self._sentence_for_ask(ask, focus, chosen, resolved, " ".join(
                u.display for u in chosen if owner_of.get(u.quote, i) == i))
            if pick is not None and words + len(pick.display.split()) <= self.cfg.max_words - 10:
                chosen.append(pick)
                owner_of[pick.quote] = i
                words += len(pick.display.split())
        return chosen

    def _opening_on(self, subj: str, focus: Focus, chosen: Sequence[Unit]) -> Unit | None:
        """The best candidate opening with a definition ask's subject, unless one chosen
        already does."""
        if any(u.display.lower().startswith(subj) for u in chosen):
            return None
        opening = [u for u in focus.candidates if u not in chosen
                   and u.display.lower().startswith(subj)]
        return max(opening, key=lambda u: u.score) if opening else None

    def _sentence_for_ask(self, ask: Understood, focus: Focus, chosen: Sequence[Unit],
                          part_text: str, text_now: str) -> Unit | None:
        """The sentence answering one further ask best, or None when the answer so far
        covers it. An ask naming its own entity wants a sentence about it; once another
        ask's sentence covers this one, a sentence of its own must still name the ask's
        technical words that sentence names ("lenvatinib")."""
        part = self.terms(part_text, part_text, ask.replaced)
        if len(part.own) < 2 or part.coverage(text_now) >= self.cfg.ask_covered:
            return None
        ask_rare = self._specific(part_text, part.own, self.cfg.rare_df)
        heavy = {h for h in part.covered(self.tokens(" ".join(
            u.display for u in chosen))) if h in part.own and self.is_technical(h)}
        options = [u for u in focus.everything if u not in chosen
                   and part.coverage(u.display) >= self.cfg.min_coverage
                   and part.coverage(u.display) > part.coverage(text_now)
                   and (not ask_rare or self._mentions(ask_rare, u.display))
                   and heavy <= part.covered(self.tokens(u.display))]
        return max(options, key=partial(_fit, part, self.cfg.sim_weight)) if options else None

    def _add_uncovered(self, ask: Understood, focus: Focus, chosen: list[Unit]) -> list[Unit]:
        """Further sentences, each adding most of the question's own words the answer
        does not cover yet: from the candidates and the chosen passages' other sentences
        (they speak of the same thing, named or not: "... transfected with Slug ...")."""
        terms, own = ask.terms, ask.terms.own
        chosen = list(chosen)
        words = _words(chosen)
        covered = terms.covered(self.tokens(" ".join(u.display for u in chosen)))
        denom = max(1e-9, sum(own.values()))
        chosen_ids = {c.passage.id for c in chosen}
        more = [u for u in [*(c for c in focus.candidates if c is not focus.best),
                            *(e for e in focus.everything if e not in focus.candidates
                              and e.passage.id in chosen_ids)]
                if u.coverage >= self.cfg.further_min_coverage
                and all(u.quote != c.quote for c in chosen)]

        def new_heads(u: Unit) -> set[str]:
            # Only the question's own words count: a sentence matching just an expansion
            # ("liver cancer" -> "hepatocellular carcinoma") adds nothing new.
            return (terms.covered(self.tokens(u.display)) - covered) & set(own)

        while len(chosen) < self.cfg.max_sentences and more:
            more.sort(key=lambda u: terms.weight_of(new_heads(u)) / denom + 0.1 * u.score,
                      reverse=True)
            u = more.pop(0)
            n = len(u.display.split())
            if terms.weight_of(new_heads(u)) / denom < self.cfg.min_gain:
                break
            if u.similarity < self.cfg.further_min_similarity and not any(
                    self.is_technical(h) for h in new_heads(u)):
                continue  # adds only everyday words: another topic, not another part
            if words + n > self.cfg.target_words:
                continue
            chosen.append(u)
            covered |= terms.covered(self.tokens(u.display))
            words += n
        return chosen

    def _add_another_thing(self, ask: Understood, focus: Focus,
                           chosen: list[Unit]) -> list[Unit]:
        """"two proteins", "each", "both", "what are they": more than one thing is asked
        for, so a sentence saying as much of another thing belongs too (judged on what
        is asked, not on what the question states about the things)."""
        chosen = list(chosen)
        words = _words(chosen)
        text = " ".join(ask.asks)
        asked_part = self.terms(text, text, ask.replaced) if ask.asks else ask.terms
        bar = self.cfg.plural_coverage * asked_part.coverage(focus.best.display)
        for u in focus.candidates:
            if len(chosen) >= self.cfg.max_sentences:
                break
            n = len(u.display.split())
            if (all(u.quote != c.quote for c in chosen)
                    and asked_part.coverage(u.display) >= bar
                    and words + n <= self.cfg.target_words):
                chosen.append(u)
                words += n
        return chosen

    # -- elaborate -----------------------------------------------------------------
    def _kind_asked_names(self, ask: Understood) -> frozenset[str] | None:
        """The names a question asking for a thing of a kind gives itself ("what protein
        came out of ...?"); None for any other question (and for a yes/no one)."""
        if _ASKED_KIND_RE.search(ask.question) is None or _YES_NO_RE.match(ask.question):
            return None
        return frozenset(self.names_in(ask.question))

    def _names_new(self, best: Unit, nxt: Unit | None, names: set[str],
                   asked_names: frozenset[str] | None) -> bool:
        """`nxt` names a thing new to a kind-asking question whose best sentence names
        none, in the same paragraph (see `_elaborate`)."""
        return asked_names is not None and nxt is not None \
            and not _lettered(names - asked_names) \
            and bool(_lettered(self.names_in(nxt.display) - asked_names)) \
            and _paragraph_of(nxt.passage) == _paragraph_of(best.passage)

    def _elaborate(self, draft: Draft, antecedents: bool = True, defining: bool = False,
                   asked_names: frozenset[str] | None = None) -> Draft:
        """A short answer read in its context: a sentence that leans on the one before
        ("These exosomes could induce Nanog ...", "Hence, ...") brings that one, and the
        sentences right after the best one that go on about the same names follow it
        ("miR-21 was found upregulated ..." -> "MiR-21 contributes ... by suppressing
        autophagy ..."), while the answer stays under `elaborate_words`. A definition
        (`defining`) whose best sentence leans back keeps what it leans on before any
        further sentence ("These nano-sized vesicles mediate ..." needs its exosomes).
        A question asking for a thing of a kind (`asked_names`: the names it gives itself)
        whose best sentence names nothing new gets the next sentence naming something new
        ("In 2018, Varga et al. performed a proteomic comparison ..." -> "Of 1,212 proteins
        identified, the receptor tyrosine kinase EphA2 was the most enriched ...")."""
        if draft.abstained or draft.lead or draft.tail or not draft.units:
            return draft
        units = list(draft.units)
        words = _words(units)
        limit, most = self.cfg.elaborate_words, self.cfg.max_sentences
        quotes = {u.quote for u in units}
        for u in list(units) if antecedents else []:
            if u.passage.kind == "table_row" or not _LEANS_BACK_RE.match(u.display):
                continue
            before = self._antecedent(u)
            # ("In the same cohort ..." cannot be read without where the cohort was named:
            # that one may take the answer up to near the word cap, not just the target)
            room = self.cfg.max_words - 10 if _SAME_RE.search(u.display[:40]) \
                else self.cfg.target_words
            if defining and before is not None and u is draft.units[0] \
                    and before.quote not in quotes:
                # (the best sentence cannot be read without the one it leans on: that
                # one outranks the further sentences, which give way to it)
                while len(units) > 1 and units[-1] is not u and (
                        words + len(before.display.split()) > room or len(units) >= most):
                    words -= len(units.pop().display.split())
            if (before is not None and before.quote not in quotes and len(units) < most
                    and words + len(before.display.split()) <= room):
                units.insert(units.index(u), before)
                quotes.add(before.quote)
                words += len(before.display.split())
        best = draft.units[0]
        names = self.names_in(best.display)
        after = best
        while best.passage.kind != "table_row" and words < limit and len(units) < most:
            nxt = self._neighbour(after, 1)
            # (a best sentence naming nothing, "Targeting exosomes emerges as a promising
            # strategy ...", is said of what the next one names: that one follows it)
            general = not names and after is best and not re.search(r"\d", best.display)
            if nxt is None or nxt.quote in quotes or not (
                    general or (after is best and self._names_new(best, nxt, names, asked_names))
                    or _GOES_ON_RE.match(nxt.display)
                    or self._mentions(names, nxt.display) or _same_study(after, nxt)):
                break
            if words + len(nxt.display.split()) > self.cfg.target_words:
                break
            units.insert(units.index(after) + 1, nxt)
            quotes.add(nxt.quote)
            words += len(nxt.display.split())
            after = nxt
        example = self._neighbour(best, 1) if best.passage.kind != "table_row" else None
        if example is not None and example.quote not in quotes and _EXAMPLE_RE.match(
                example.display) and len(units) < most \
                and words + len(example.display.split()) <= self.cfg.max_words - 10:
            # ("An effective approach ... involves impeding the production of exosomes
            # ...": "For example, the knocking-down of RAB27A ..." says what it is; as
            # with "in the same cohort", it may take the answer up to near the cap)
            units.insert(units.index(best) + 1, example)
            quotes.add(example.quote)
            words += len(example.display.split())
        for u in draft.units[1:]:
            # each further thing answered (the other side of a comparison) brings the
            # sentence going on about it ("These miR-122-enriched exosomes ...")
            nxt = self._neighbour(u, 1) if u.passage.kind != "table_row" else None
            if u not in units:
                continue  # (given way to what the best sentence leans on)
            if nxt is None or nxt.quote in quotes or not _GOES_ON_RE.match(nxt.display) \
                    or len(units) >= most \
                    or words + len(nxt.display.split()) > self.cfg.target_words:
                continue
            units.insert(units.index(u) + 1, nxt)
            quotes.add(nxt.quote)
            words += len(nxt.display.split())
        return draft if tuple(units) == draft.units else replace(draft, units=tuple(units))

    def _antecedent(self, unit: Unit, reach: int = 8) -> Unit | None:
        """The sentence a sentence leans back on: for "In the same cohort ...", the
        nearest earlier sentence of its part of the review naming a cohort; for "These ...", the
        sentence before it."""
        m = _LEANS_BACK_RE.match(unit.display)
        if m is None:
            return None
        same = _SAME_RE.search(m.group())
        if same is None:
            return self._neighbour(unit, -1)
        noun = self.tokens(same.group(1))
        earlier = [p for p in self._passages if p.section[:1] == unit.passage.section[:1]
                   and p.kind == "paragraph" and p.order <= unit.passage.order]
        seen = 0
        for p in reversed(earlier):
            pairs = self._sentence_units(p)
            if p.id == unit.passage.id:
                quotes = [q for _, q in pairs]
                pairs = pairs[:quotes.index(unit.quote)] if unit.quote in quotes else []
            for display, quote in reversed(pairs):
                seen += 1
                if seen > reach:
                    return None
                if noun & self.tokens(display):
                    return Unit(display, p, quote)
        return None

    def _numbered_list(self, ask: Understood, draft: Draft) -> Draft | None:
        """A best sentence announcing a numbered list ("... several pivotal challenges
        that need to be addressed ... (1) ...; (2) ...") or standing in one, for a question
        asking for several things, is answered by the list: the sentence announcing it,
        then each item's sentence from its number on, each cited. Over the word cap the
        announcing sentence goes, then each item's opening clause. None when the best
        sentence is no part of such a list."""
        if draft.abstained or draft.lead or not draft.units \
                or draft.units[0].passage.kind == "table_row" \
                or _YES_NO_RE.match(ask.question):
            return None
        best = draft.units[0]
        units = [Unit(d, p, q) for p in self._passages
                 if p.kind != "table_row" and _paragraph_of(p) == _paragraph_of(best.passage)
                 for d, q in self._sentence_units(p)]
        at = next((i for i, u in enumerate(units) if u.quote == best.quote), None)
        items = _list_items(units)
        if at is None or len(items) < 2:
            return None
        first = items[0][0]
        announces = at == first - 1
        place = _ITEM_PLACE_RE.search(ask.question)
        if place is not None and first - 1 <= at:
            return self._numbered_item(units, items, place.group(1).lower(), draft)
        # (a sentence in the list, or in the rest of its paragraph: "By addressing these
        # challenges, ...")
        # (a list told in order, "First, ... Finally, ...", only from the sentence
        # announcing it: its last item answers "which studies looked at afatinib?")
        numbered = bool(_ENUM_MARK_RE.match(items[0][1].quote))
        if not (announces or (numbered and first <= at
                              and _PLURAL_LIST_RE.search(ask.question))):
            return None
        listed = [self._item_point(units, items, k) for k in range(len(items))]
        out = ([units[first - 1]] if first > 0 else []) + listed

        def over(shown: list[Unit]) -> bool:
            # (as shown: a citation mark after each, and "The review lists n:" before
            # them when the announcing sentence is not)
            lead = 0 if first > 0 and shown[0] is units[first - 1] else 4
            return _words(shown) + len(shown) + lead > self.cfg.max_words
        if over(out) and first > 0:
            out = listed
        for k in range(len(listed)):  # (items lose their opening clauses, first first)
            if not over(out):
                break
            listed[k] = self._shortened_item(listed[k])
            out = listed
        kept = len(listed)
        while over(out) and kept > 2:  # (then the items that fit, first first)
            kept -= 1
            out = listed[:kept]
        if over(out):
            return None
        lead = "" if first > 0 and out[0].quote == units[first - 1].quote else \
            f"The review lists {len(listed)}:" if kept == len(listed) else \
            f"The review lists {len(listed)}; the first {kept}:"
        return Draft(tuple(out), False, lead=lead, joiner=" ", coverage=draft.coverage,
                     features=draft.features)

    def _announced(self, ask: Understood, draft: Draft) -> Draft | None:
        """A best sentence announcing things it does not name ("Two miRNA studies linked
        EVs to the cyclin E-CDK2 axis."), for a question asking for several, is answered
        by the sentences after it in its paragraph that name them: each the first to name
        something new ("Nakashima et al. reported ... miR-27a-3p ...", "Ferraro et al.
        found ... miR-20b-5p ..."), as many as it announces (three at most), within the
        word cap (the announcing sentence goes first when over it)."""
        if draft.abstained or draft.lead or not draft.units \
                or draft.units[0].passage.kind == "table_row" \
                or not _asks_several(ask.question) or _YES_NO_RE.match(ask.question):
            return None
        best = draft.units[0]
        m = _ANNOUNCES_RE.match(best.display)
        if m is None or not (m.group("studies")
                             or len(best.display.split()) <= _SHORT_ANNOUNCEMENT):
            return None
        wanted = _COUNT_WORDS.get(m.group(1).lower(), 3)
        units = [Unit(d, p, q) for p in self._passages
                 if p.kind != "table_row" and _paragraph_of(p) == _paragraph_of(best.passage)
                 for d, q in self._sentence_units(p)]
        at = next((i for i, u in enumerate(units) if u.quote == best.quote), None)
        if at is None:
            return None
        said = self.names_in(best.display)
        told: list[Unit] = []
        for u in units[at + 1:]:
            if len(told) >= wanted:
                break
            new = self.names_in(u.display) - said
            if new and (_NAMES_STUDY_RE.search(u.display) or not m.group("studies")):
                told.append(u)
                said |= new
            elif not m.group("studies"):
                break  # (things told one after the other: a sentence naming none ends them)
        if len(told) < min(wanted, 2):
            return None
        out = [best, *told]

        def over(shown: list[Unit]) -> bool:  # (as shown: a citation mark after each)
            return _words(shown) + 3 * len(shown) > self.cfg.max_words
        if over(out):
            # ... each told sentence to its clause naming the thing ("... afatinib and
            # dacomitinib produce response rates of 60% to 80% ..., but ...": before
            # "but"), the last dropped while two are left (one sentence may tell two)
            told = [_opening_clause(u) for u in told]
            while over([best, *told]) and len(told) > 2:
                told.pop()
            out = [best, *told] if not over([best, *told]) else told
        if over(out):
            return None
        return Draft(tuple(out), False, joiner=" ", coverage=draft.coverage,
                     features=draft.features)


    def _numbered_item(self, units: Sequence[Unit], items: Sequence[tuple[int, Unit]],
                       place: str, draft: Draft) -> Draft | None:
        """One item of a numbered list asked for by its place ("the last challenge",
        "the second one"): the item whole, from its number to the next item's (or to
        the end of its sentence run), within the word cap."""
        at = len(items) - 1 if place in ("last", "final") else _PLACES.get(place, -1)
        if not 0 <= at < len(items):
            return None
        start, item = items[at]
        if at + 1 < len(items):
            following, after = items[at + 1]
            body = [item, *units[start + 1:following]] if following > start else []
            # (the item ends in the sentence holding the next number: "... exosomes;
            # (2) Although ...")
            holder = units[following]
            head = (item if following == start else holder).quote
            head = head[:head.find(after.quote)].rstrip(" ;,")
            if following == start:
                body = [Unit(strip_ref_brackets(head), item.passage, head)]
            elif head:
                body.append(Unit(strip_ref_brackets(head), holder.passage, head))
        else:
            # (the last item runs on while its sentences go on about it, up to one that
            # sums the list up: "By addressing these challenges, ...")
            end = start + 1
            while end < len(units) and not _LIST_SUMMED_RE.match(units[end].quote):
                end += 1
            body = [item, *units[start + 1:end]]
        out = [body[0]]
        for u in body[1:]:
            if _words([*out, u]) > self.cfg.max_words:
                break
            out.append(u)
        lead = f"Of the {len(items)} the review lists:"
        return Draft(tuple(out), False, lead=lead, joiner=" ", coverage=draft.coverage,
                     features=draft.features)

    def _item_point(self, units: Sequence[Unit], items: Sequence[tuple[int, Unit]],
                    k: int) -> Unit:
        """Item k of a numbered list by its point: its sentence from the number, unless
        a later sentence of the item turns on it ("(4) The utilization of exosomes as
        drug delivery vehicles offers a promising avenue ... Despite recent advances ...,
        these techniques often fall short in terms of yield ..."): then the turn's
        sentence, shown after the item's number (its opening clause goes when the list
        must be shortened)."""
        start, item = items[k]
        end = items[k + 1][0] if k + 1 < len(items) else len(units)
        for u in units[start + 1:end]:
            if _LIST_SUMMED_RE.match(u.quote):
                break
            if _ITEM_TURN_RE.match(u.quote):
                mark = _ENUM_MARK_RE.match(item.quote)
                return Unit(f"{mark.group(0)}{u.display}", u.passage, u.quote) if mark \
                    else item
        return item

    @staticmethod
    def _shortened_item(u: Unit) -> Unit:
        """A numbered item without its opening clause: "(2) Although RNAs ... have been
        studied, other cargos ... remain inadequately investigated" -> "(2) other cargos
        ... remain inadequately investigated" (the quote the exact rest)."""
        mark = _ENUM_MARK_RE.match(u.display)  # (an item's turn shows the number only)
        if mark is None and _ORDINAL_OPEN_RE.match(u.quote):
            # ("Second, the relative contribution ... is unknown, and it is possible
            # that ...": its first clause)
            return _opening_clause(u)
        body = u.quote[mark.end():] if mark and _ENUM_MARK_RE.match(u.quote) else u.quote
        end = _CLAUSE_END_RE.search(body) if _ITEM_OPENER_RE.match(body) else None
        if mark is None or end is None:
            return u
        quote = body[end.end():]
        shown = strip_ref_brackets(quote)
        return Unit(f"{mark.group(0)}{shown[:1].upper()}{shown[1:]}", u.passage, quote)

    def _neighbour(self, unit: Unit, step: int) -> Unit | None:
        """The sentence `step` places from `unit` in its passage, as a unit."""
        pairs = self._sentence_units(unit.passage)
        quotes = [q for _, q in pairs]
        if unit.quote not in quotes:
            return None
        at = quotes.index(unit.quote) + step
        passage = unit.passage
        if not 0 <= at < len(pairs):
            # the paragraph goes on in its next part (or began in the one before)
            m = _PART_ID_RE.match(unit.passage.id)
            part = self._by_id.get(f"{m.group(1)}-{int(m.group(2)) + step}") if m else None
            if part is None:
                return None
            passage, pairs = part, self._sentence_units(part)
            if not pairs:
                return None
            at = 0 if step > 0 else len(pairs) - 1
        display, quote = pairs[at]
        return Unit(display, passage, quote, 0.0, 0.0, unit.similarity)

    def names_in(self, text: str, max_df: int | None = None) -> set[str]:
        """The specific names a sentence mentions (miR-21, Akt, sorafenib), those in at
        most `max_df` passages (default `rare_df`)."""
        heads = {t: 1.0 for w in question_words(text) for t in word_tokens(w.lower())[:1]}
        return self._specific(text, heads, self.cfg.rare_df if max_df is None else max_df)

    def names_in_order(self, text: str) -> list[str]:
        """The specific names a sentence gives, in the order it gives them; names by
        their shape ("pIgR", "miR-21") before technical words ("immunoglobulin")."""
        names = self.names_in(text)
        words = []
        for w in re.findall(r"[\w-]+", text):
            if w.lower() in names:
                words.append(w)
                continue
            # a name before a participle: "miR-199a-loaded", "siGRP78-modified"
            base = _PARTICIPLE_TAIL_RE.sub("", w)
            if base != w and _ITEM_NAME_RE.search(base) and NAME_SHAPE_RE.search(base):
                words.append(base)
        # (a Greek letter set apart ends the name: "14-3-3 ζ" is 14-3-3ζ, not 14-3-3)
        words = [f"{w} {m.group(1)}" if (m := re.search(
            r"(?<![\w-])" + re.escape(w) + r"\s([α-ωΑ-Ω])(?![\w-])", text)) else w for w in words]
        return sorted(dict.fromkeys(words), key=lambda w: not NAME_SHAPE_RE.search(w))

    @staticmethod
    def _coordinated(names: list[str], text: str) -> list[str]:
        """The first name and those listed with it ("lnc-FAM72D-3 and lnc-EPC1-4")."""
        out = names[:1]
        for name in names[1:]:
            gap = re.search(re.escape(out[-1]) + r"(.{0,12}?)" + re.escape(name), text)
            # (joined by a slash too: "sgRNAs/Cas9")
            if gap is None or not re.fullmatch(r"\s*(?:,|/|and|or|,\s*and)?\s*", gap.group(1)):
                break
            out.append(name)
        return out

    def _lists_already(self, ask: Understood, draft: Draft) -> bool:
        """An answer whose first sentence lists three or more things ("Short-chain fatty
        acids (SCFAs), chiefly acetate, propionate, and butyrate, ...") answers "list all
        the ..." itself, unless the kind asked is one whose members a name's form tells
        (circRNAs, drugs), which are gathered from the whole review."""
        if _form_kind_listed(ask.question) or not draft.units \
                or draft.units[0].passage.kind == "table_row":
            return False
        found = inline_enumeration(draft.units[0].display)
        if found is None or len(found.items) < 3:
            return False
        # (a list of kinds, "cargos such as nuclear acids, proteins, or small molecules",
        # names no member of what is asked)
        heads = [i.split()[-1] for i in found.items]
        kinds = [h for h in heads if KIND_WORDS.get(h.lower(), "") == "any"
                 or (KIND_WORDS.get(h.lower(), "") and h.endswith("s"))]
        return 2 * len(kinds) < len(found.items)

    def _gathered_list(self, ask: Understood, focus: Focus) -> Draft | None:
        """"List all the exosomal factors that impair T cells": from each sentence of a
        section about it (covering `list_cover` of the best such coverage there, the
        heading counted), its name and those listed with it, each cited, in the
        review's order. The section is that of one of the best three text candidates,
        the one giving most names; when the names' form tells the kind asked
        ("circRNAs", "drugs"), every name of that kind in the whole review's such
        sentences. None for fewer than two sentences naming items, unless one names
        three ("such as PD-1, PD-L1, and CTLA-4")."""
        kind = _form_kind_listed(ask.question)
        text = [u for u in focus.candidates if u.passage.kind != "table_row"]
        scopes = [None] if kind else list(dict.fromkeys(u.passage.section for u in text))[:3]
        if ask.section:  # "every biomarker candidate in the biomarker section"
            scopes = [next(u.passage.section for u in text if ask.section in u.passage.section)] \
                if any(ask.section in u.passage.section for u in text) else scopes
        lists = [self._names_listed(ask, kind, scope, text) for scope in scopes]
        items = max(lists, key=lambda units: sum(len(u.display.split(", ")) for u in units),
                    default=[])
        if len(items) < 2 and sum(len(u.display.split(", ")) for u in items) < 3:
            return None  # (one sentence listing three names is a list too)
        return Draft(tuple(items), False, lead="The review names:", coverage=focus.best.coverage)

    def _names_listed(self, ask: Understood, kind: str, section: tuple[str, ...] | None,
                      text: Sequence[Unit]) -> list[Unit]:
        """The named items of `_gathered_list` in one section (None: the whole review)."""
        asked = {n.lower() for n in self.names_in(ask.question)}
        # (a section with its subsections: "POTENTIAL CLINICAL APPLICATIONS ..." holds
        # the paragraph on engineered exosomes)
        pool = [(Unit(d, p, q), self.tokens(f"{p.section_path} {d}"))
                for p in self._passages
                if (section is None or p.section[:len(section)] == section)
                and p.kind != "table_row" for d, q in self._sentence_units(p)]
        # (the kind word itself is covered by naming one: that is checked name by name;
        # "every", "all" ask for the list, they are no part of what is listed)
        heads = {h for h in ask.terms.own if (KIND_WORDS.get(h + "s", KIND_WORDS.get(h)) != kind
                                              or not kind) and h not in _LIST_WORDS}
        covers = [ask.terms.weight_of(ask.terms.covered(toks) & heads) for _, toks in pool]
        floor = self.cfg.list_cover * max(covers, default=0.0)
        best = next((u for u in text if section is None or u.passage.section == section), None)
        # (the paragraphs of the best candidate and of the best covering sentence run
        # through their examples: "Lou et al. revealed that miR-122 ...", "Similarly,
        # exosomes derived from siGRP78-modified ...")
        runs = {_paragraph_of(best.passage)} if best is not None else set()
        if pool:
            runs.add(_paragraph_of(pool[max(range(len(pool)), key=covers.__getitem__)][0].passage))
        found: dict[str, Unit] = {}
        for (u, _), c in zip(pool, covers, strict=True):
            after = _paragraph_of(u.passage) in runs
            if not (after or c >= floor):
                continue
            new = [self.canonical(n) for n in self._items_in(u.display, kind)
                   if n.lower() not in asked and n.lower() not in found]
            new = list({n.lower(): n for n in new}.values())
            if new:
                new = new if kind else self._coordinated(new, u.display)
                found.update((n.lower(), Unit(", ".join(new), u.passage, u.quote))
                             for n in new)
        items = list({u.quote: u for u in found.values()}.values())
        items.sort(key=lambda u: (u.passage.order, u.passage.text.find(u.quote)))
        return items

    def _items_in(self, display: str, kind: str) -> list[str]:
        """The items a sentence names for `_names_listed`, in its order: names of the
        kind asked (by their form, however often the review names them: "cisplatin" in
        "every chemo drug", and for drugs the words listed with one: "curcumin,
        doxorubicin, and paclitaxel"), or with no kind, names by their shape."""
        named = self.names_in_order(display)
        raw = re.findall(r"[\w-]+", display)
        if kind:
            items = [w for w in named if _form_kind(w) == kind]
            items += [w for w in raw if w not in items and w.lower() not in KIND_WORDS
                      and _form_kind(w) == kind and (kind == "drug" or _ITEM_NAME_RE.search(w))]
            if kind == "drug":
                items += [w for n in list(items) for w in _conjuncts(display, n)]
        else:
            # (a name by its shape is an item however often the review names it: PD-L1;
            # "miR-122-enriched exosomes": the name without its participle)
            words = [re.sub(r"-[a-z]{4,}$", "", w) for w in raw]
            items = [w for w in [*named, *words] if _ITEM_NAME_RE.search(w)
                     and (w in named or (NAME_SHAPE_RE.search(w) and w.lower() not in KIND_WORDS))]
        return sorted(dict.fromkeys(items), key=display.find)

    # -- decide --------------------------------------------------------------------
    def _decide(self, ask: Understood, chosen: list[Unit], candidates: list[Unit]) -> Draft:
        """Answer or abstain: the fitted answerability model (qa/support.py) on the
        chosen evidence; then the kind of answer the evidence makes (`_decide_kind`)."""
        def unit_text(u: Unit) -> str:
            if u.passage.kind == "table_row":
                return " ".join(f"{c} {' '.join(hint_words(c))} {v}"
                                for c, v in u.passage.cells.items() if c in u.quote)
            return f"{u.passage.section[-1] if u.passage.section else ''} {u.display}"

        union = ask.terms.coverage(" ".join(unit_text(u) for u in chosen))
        features = self._support_features(ask.terms, chosen, union, len(ask.asks))
        prob = self.support.probability(features)
        features = {**features, "p_answerable": prob}
        if prob < self.support.threshold:
            return Draft((), True, f"the best passages cover {union:.0%} of the question's "
                         f"terms (p(answerable) {prob:.2f} < {self.support.threshold:.2f})",
                         features=features)
        return replace(self._decide_kind(ask.question, chosen, candidates, union,
                                         list(ask.asks)), features=features)

    def _support_features(self, terms: QueryTerms, chosen: Sequence[Unit], union: float,
                          n_asks: int) -> dict[str, float]:
        """The answerability model's features (qa.support.FEATURES) of chosen evidence."""
        own = terms.own
        denom = max(1e-9, sum(own.values()))
        plain = {h for h in own if h[:1] not in "≈§~"}
        tech = {h for h in plain if self.is_technical(h) and self.stats.known(h)}
        said = self.tokens(" ".join(u.display for u in chosen))
        covered = terms.covered(said)
        unknown = sum(own[h] for h in plain if not self.stats.known(h)) / denom
        return {
            "coverage": union,
            "similarity": max(u.similarity for u in chosen),
            "best_coverage": max(u.coverage for u in chosen),
            "tech_coverage": len(tech & covered) / len(tech) if tech else 1.0,
            "unknown_share": unknown,
            "asks": float(max(1, n_asks)),
        }

    def _decide_kind(self, question: str, chosen: list[Unit], candidates: list[Unit],
                     union: float, ask_parts: Sequence[str]) -> Draft:
        """What kind of answer the evidence makes: a count, a partial answer when a
        number or figure asked for is not given, or the sentences themselves."""
        if YEARS_APART_RE.search(question):  # a time between two dates: worked out
            years = sorted({int(y) for u in chosen if (y := year_of(u))})
            lead = f"{years[-1] - years[0]} years apart ({years[0]} and {years[-1]}):" \
                if len(years) == 2 else ""
            return Draft(tuple(chosen), False, lead=lead, joiner=" ", coverage=union)
        noun = counted_noun(question)
        if noun:
            counted = self._count(noun, chosen, candidates, union)
            if counted is not None:
                return counted
            # "In the same cohort ...": the count is where that cohort was first named.
            before = [b for u in chosen if u.passage.kind != "table_row"
                      and (b := self._antecedent(u)) is not None
                      and _counts(noun, _FIGURE_RE.sub(" ", b.display))]
            if before:
                return Draft((before[0], *chosen), False, coverage=union)
            if not any(_counts(noun, _FIGURE_RE.sub(" ", u.display), question)
                       for u in chosen):
                # "How many patients were enrolled?" wants a number of patients.
                return self._partial(chosen, f"the number of {noun}",
                                     f"the passages give no number of {noun}")
        not_given = self._figure_not_given(question, chosen, ask_parts or [question],
                                           candidates, union)
        if not_given is not None:
            return not_given
        status = self._status_not_given(question, chosen, candidates,
                                        ask_parts or [question], union)
        if status is not None:
            return status
        elsewhere = self._disease_not_reviewed(question)
        if elsewhere:
            # "does circZFR do the same in gastric cancer?": the review never names that
            # cancer; what it says of the rest is no answer for it.
            return self._partial(chosen, f"anything on {elsewhere}",
                                 f"the review never mentions {elsewhere}")
        setting = self._setting_unsaid(question, chosen)
        if setting:
            # "does the IMI work in melanoma too?" of the IMI's NSCLC cohort: the review
            # speaks of melanoma, but not of this in it
            return self._partial(chosen, f"this for {setting}",
                                 f"the passages do not speak of {setting}")
        kind = self._kind_draft(question, chosen, candidates, union, ask_parts or [question])
        if kind is not None:
            return kind
        unnamed = self._members_draft(question, chosen, candidates, union, ask_parts)
        if unnamed is not None:
            return unnamed
        method = self._method_draft(question, chosen, candidates, union)
        if method is not None:
            return method
        passing = self._named_in_passing(question, chosen)
        beyond = [u for u in candidates if passing and all(u.quote != c.quote for c in chosen)
                  and self._mentions({passing.lower()}, u.passage.text if u.passage.kind ==
                                     "table_row" else u.display)
                  and (u.passage.kind == "table_row"
                       or not self._in_list_only(passing.lower(), u.display))]
        if beyond:
            # ("5fu resistance exosomes": a table row says what 5-FU resistance involves)
            best = sorted(beyond, key=lambda u: -u.score)[:2]
            return Draft(tuple(best), False, coverage=union)
        if passing:
            # "Which cargo mediates oxaliplatin resistance?" when the review names
            # oxaliplatin only in "drugs such as oxaliplatin, cisplatin, ...": say so.
            return self._partial(chosen, f"anything on {passing} beyond naming it in a list",
                                 f"the passages name {passing} only in a list")
        return Draft(tuple(chosen), False, coverage=union)

    def _kind_draft(self, question: str, chosen: list[Unit], candidates: list[Unit],
                    union: float, parts: Sequence[str]) -> Draft | None:
        """The kind of thing asked ("which drug") when the chosen evidence names none of
        it: a candidate that does, about as well supported, or a partial answer saying
        the review does not give it; None when the evidence names one."""
        # (of a study named, only its own sentences give what it tested; of a name asked
        # about, only the evidence naming it: a row on miR-21 naming sorafenib gives no
        # drug for "the miR-27a-3p study, which drug?")
        names = {n for n in self.names_in(question) if NAME_SHAPE_RE.search(n)}
        own = self._of_study(question, chosen) or [
            u for u in chosen if names and all(self._mentions({n}, u.passage.text
                                                              if u.passage.kind == "table_row"
                                                              else u.display) for n in names)]
        lacking = self._kind_not_given(parts, own or chosen)
        if not lacking:
            return None
        # A sentence naming a member of the kind ("sorafenib, doxorubicin ...") about as
        # well supported as the chosen evidence answers instead.
        # (about the same things: naming the question's names the evidence names)
        floor = self.cfg.kind_cover * max(u.coverage for u in chosen)
        close = self.cfg.kind_cover * max(u.similarity for u in chosen)
        named = {n for n in self.names_in(question)
                 if any(self._mentions({n}, c.passage.text) for c in chosen)}
        # (as well supported: covering as much, or as close in meaning, "carriers for
        # drugs such as curcumin" for "which drugs can exosomes deliver")
        giving = [u for u in candidates if (u.coverage >= floor or u.similarity >= close)
                  and all(u.quote != c.quote for c in chosen)
                  and all(self._mentions({n}, u.display) for n in named)
                  and not self._kind_not_given(parts, [u])]
        if _STUDY_NAMED_RE.search(question):
            # ("which chemo drug did they test in the Liu et al. study?": a drug of
            # another study is no answer; only the study's own passages may give it)
            refs = {r for c in chosen for r in c.passage.refs}
            giving = [u for u in giving if refs & set(u.passage.refs)]
        if giving:
            return Draft((max(giving, key=lambda u: u.score),), False, coverage=union)
        # "What side effects did everolimus have?" answered by a sentence on everolimus
        # that names no side effect: say the review does not give them.
        return self._partial(chosen, f"the {lacking} asked about", f"no passage names {lacking}")

    def _members_draft(self, question: str, chosen: list[Unit], candidates: list[Unit],
                       union: float, parts: Sequence[str]) -> Draft | None:
        """The names of a kind's members asked for ("name the non-anticoagulant heparin
        derivatives being developed", qa/members.py) where the chosen sentences speak of
        the kind but name none: a candidate naming one, about as well supported, else a
        partial answer saying the review does not name them; None otherwise."""
        ask = members_asked(question) if len(parts) <= 1 else None
        # ("name all the candidate biomarkers ...": every name the review gives is
        # gathered instead, wherever they are)
        if ask is None or _LIST_ALL_RE.search(question) \
                or any(u.passage.kind == "table_row" for u in chosen):
            return None
        asked_words = {w.lower() for w in re.findall(r"[\w+/-]+", question)}
        said = [names_members(u.display, ask, asked_words) for u in chosen]
        if True in said or False not in said:
            return None
        floor = self.cfg.kind_cover * max(u.coverage for u in chosen)
        giving = [u for u in candidates if u.coverage >= floor and u.passage.kind != "table_row"
                  and all(u.quote != c.quote for c in chosen)
                  and names_members(u.display, ask, asked_words)]
        if giving:
            return Draft((max(giving, key=lambda u: u.score),), False, coverage=union)
        return self._partial(chosen, ask.names, f"no passage names the {ask.phrase}")

    def _method_draft(self, question: str, chosen: list[Unit], candidates: list[Unit],
                      union: float) -> Draft | None:
        """A detail of a study's methods asked for ("which cell lines did the miR-4669
        study use?", qa/methods.py) that no chosen sentence or row names: a candidate
        naming it, about the same things and about as well supported, else a partial
        answer saying the review does not give it; None when the evidence names it."""
        asked = method_asked(question)
        if asked is None or any(asked.given_by(_said(u)) for u in chosen):
            return None
        floor = self.cfg.kind_cover * max(u.coverage for u in chosen)
        named = {n for n in self.names_in(question)
                 if any(self._mentions({n}, _said(c)) for c in chosen)}
        refs = {r for c in chosen for r in quote_refs(c.passage, c.quote)}
        study = _STUDY_NAMED_RE.search(question)
        if study is not None:  # (the study's other sentences cite it, not name it)
            named -= {n for n in named if n.lower() == study.group(1).lower()}
        if study is not None:
            floor = 0.0  # (any sentence of the study's own may give its method)
        giving = [u for u in candidates if u.coverage >= floor and asked.given_by(_said(u))
                  and all(u.quote != c.quote for c in chosen)
                  and all(self._mentions({n}, _said(u)) for n in named)
                  and (study is None or refs & set(quote_refs(u.passage, u.quote)))]
        if giving:
            return Draft((max(giving, key=lambda u: u.score),), False, coverage=union)
        return self._partial(chosen, f"the {asked.what} asked about",
                             f"no passage names the {asked.what}")

    def _figure_not_given(self, question: str, chosen: list[Unit], parts: Sequence[str],
                          candidates: Sequence[Unit], union: float) -> Draft | None:
        """A year or a figure asked for ("what year ...?", "what dose ...?") that no chosen
        sentence or row gives: the candidate giving it for the question's names, else a
        partial answer saying so; None when the chosen give it."""
        if (_YEAR_ASK_RE.search(question) or _WHEN_EVENT_RE.search(question)) \
                and len(parts) == 1 and not _CITED_RE.search(question):
            return self._year_not_given(question, chosen, candidates, union)
        quantity = [m for a in parts if (m := _QUANTITY_ASK_RE.search(a))]
        if not quantity or len(quantity) != len(parts):
            return None
        what, gives_text = self._figure_reader(quantity[0], parts[0])
        # ("how much research is there on ...?" is answered in words: "a noticeable
        # scarcity of research", "numerous studies")
        worded = any(_AMOUNT_OF_WORK_RE.search(a) for a in parts)

        def gives(u: Unit) -> bool:
            return gives_text(u.display)

        # (a figure of what is asked, not of something else: "... consistent with the
        # limited half-life of the transferred molecules" gives no half-life of
        # fulvestrant; a sentence going on about what the one before it names may)
        every = self._names_and_drugs(question)

        def of_asked(u: Unit) -> bool:
            if not every or u.passage.kind == "table_row" or self._mentions(every, u.display):
                return True
            before = self._neighbour(u, -1)
            return before is not None and before.passage.id == u.passage.id \
                and self._mentions(every, before.display)

        good = [u for u in chosen if (gives(u) and of_asked(u))
                or (worded and _AMOUNT_WORD_RE.search(u.display))]
        if good and (good[0] is chosen[0] or self._disease_not_reviewed(question)):
            return None
        if good:  # (the sentence giving the figure first: "what size are exosomes?")
            return Draft((*good, *(u for u in chosen if u not in good)), False, coverage=union)
        # A candidate giving the figure, about the question's names and about as well
        # supported, answers instead ("gw4869 how much less ev release": "GW4869 reduced
        # EV release by about 60%").
        names = {n.lower() for n in self.names_in(question)}
        floor = self.cfg.kind_cover * max(u.coverage for u in chosen)
        # (or as close in meaning: "... 10-fold higher than in matched plasma" for "how
        # much more concentrated ... than in blood?")
        close = self.cfg.kind_cover * max(u.similarity for u in chosen)
        giving = [u for u in candidates if u.passage.kind != "table_row" and gives(u)
                  and of_asked(u) and (
            (u.coverage >= floor and names and self._mentions(names, u.display))
            # (a question naming nothing: one about as covered and closer in meaning;
            # "how long does the pill keep working?" of "... progress after a median of
            # about 2 years")
            or (not names and u.coverage >= floor
                and u.similarity >= max(c.similarity for c in chosen))
            or (u.similarity >= close and u.coverage >= self.cfg.figure_close_cover
                and all(self._mentions({n}, u.display) for n in names)))]
        if giving:
            return Draft((max(giving, key=lambda u: u.score),), False, coverage=union)
        told_on = self._figure_told_on(question, candidates, gives)
        if told_on is not None:
            return Draft(told_on, False, coverage=union)
        # "What dose ...?" wants a dose; "30 patients" is none: say so, then what the
        # review does say.
        return self._partial(chosen, f"the {what.lower()}" if what else "this figure",
                             "the passages give no figure for what is asked")

    def _year_not_given(self, question: str, chosen: list[Unit], candidates: Sequence[Unit],
                        union: float) -> Draft | None:
        """A year asked for ("what year ...?", "when did the FDA approve ...?") that no
        chosen sentence or row gives: the candidate giving it for the question's names,
        else a partial answer saying so; None when the chosen give it."""
        # "what year did the FDA approve nivolumab?": a sentence naming no year gives
        # none, nor one giving another drug's year ("Olaparib was first approved ...
        # in 2014" for rucaparib), nor a row's study year for an approval; say so,
        # then what the review does say ("what year was that study published?" is
        # the reference list's to answer)
        names = self._names_and_drugs(question)
        event = _WHEN_EVENT_RE.search(question) or _EVENT_WORD_RE.search(question)

        def dated(u: Unit) -> bool:
            if u.passage.kind == "table_row":
                return not event and any(_YEAR_RE.fullmatch(v.strip())
                                         for v in u.passage.cells.values())
            return bool(_YEAR_RE.search(u.display)) and (
                not names or all(self._mentions({n}, u.display) for n in names))

        if any(dated(u) for u in chosen):
            return None
        floor = self.cfg.kind_cover * max(u.coverage for u in chosen)
        giving = [u for u in candidates if u.coverage >= floor and dated(u)]
        if names and giving:
            return Draft((max(giving, key=lambda u: u.score),), False, coverage=union)
        return self._partial(chosen, "the year", "the passages give no year")

    def _names_and_drugs(self, question: str) -> set[str]:
        """The question's names however common ("RAD51"), and its drugs ("rucaparib" is
        in many passages)."""
        return self.names_in(question, max_df=self.stats.n) | {
            w.lower() for w in re.findall(r"[A-Za-z][\w-]+", question)
            if DRUG_RE.fullmatch(w.lower())}

    def _figure_reader(self, quantity: re.Match[str], part: str,
                       ) -> tuple[str, Callable[[str], bool]]:
        """(what figure an ask wants, whether a sentence gives it) for a figure ask
        (`quantity`: its _QUANTITY_ASK_RE match in `part`)."""
        what = quantity.group("noun") or quantity.group("inner") \
            or quantity.group("lead") or ("fold change" if quantity.group("fold") else "") \
            or ("percentage" if quantity.group("pct") else "") \
            or ("diagnostic accuracy" if quantity.group("acc") else "") \
            or (quantity.group("spec") or "") or (quantity.group("kw") or "") \
            or ("cost" if re.search(_MONEY, part, re.I) else "")
        before = re.search(r"([a-z][\w-]+)\s+" + re.escape(what) + r"\b", part, re.I) \
            if (quantity.group("inner") or "").lower() in ("ratio", "rate") else None
        if before is not None and before.group(1).lower() not in STOPWORDS \
                and before.group(1).lower() not in QUESTION_WORDS \
                and before.group(1).lower() not in ("its", "their", "what", "which"):
            what = f"{before.group(1)} {what}"  # ("its hazard ratio": a ratio of hazards)
        # (a figure of what is named: "the 5 year survival" is not given by "75% to 85%
        # of primary liver cancers")
        named = [w for w in re.findall(r"[a-z][a-z0-9-]+", what.lower())
                 if w not in _FIGURE_NOUNS and w not in STOPWORDS]
        kinds = self._kinds_named(what)

        def gives(sentence: str) -> bool:
            # (named in its own word or by an abbreviation of a kind of it: "survival"
            # by "OS", overall survival)
            return _gives_figure(what, quantity.group(0), sentence) and all(
                w[:5] in sentence.lower() or kinds.get(w, set()) & self.tokens(sentence)
                for w in named)

        return what, gives

    def figure_asked(self, question: str) -> Callable[[str], bool] | None:
        """Whether a sentence gives the figure a one-ask question wants ("what was its
        hazard ratio?", "how many patients was that?"); None when it wants no figure."""
        parts = asks(question)
        if len(parts) != 1:
            return None
        quantity = _QUANTITY_ASK_RE.search(parts[0])
        if quantity is not None and not _AMOUNT_OF_WORK_RE.search(parts[0]):
            what, gives = self._figure_reader(quantity, parts[0])
            # (a figure named: "how much worse ...?" names none, and any number would do)
            return gives if what else None
        noun = counted_noun(parts[0])
        if noun:
            return lambda sentence: _counts(noun, _FIGURE_RE.sub(" ", sentence), question)
        return None

    def _figure_told_on(self, question: str, candidates: Sequence[Unit],
                        gives: Callable[[Unit], bool]) -> tuple[Unit, Unit] | None:
        """A figure asked of a named thing given by the sentence right after one naming
        it, which goes on about it without naming it again ("... EVs ... contained RAD51
        protein and transiently increased ... PARPi tolerance ..." then "The effect lasted
        less than 72 hours"): the two sentences; None when no such pair is among the
        best text candidates naming the question's names."""
        names = self.names_in(question, max_df=self.stats.n)  # (however common: "RAD51")
        if not names:
            return None
        naming = [u for u in sorted(candidates, key=lambda u: -u.score)
                  if u.passage.kind != "table_row" and self._mentions(names, u.display)]
        for u in naming[:self.cfg.max_sentences]:
            after = self._neighbour(u, 1)
            # (going on about it, not naming it again, nor another study: not "In 2018,
            # Zhang et al. identified that miR-142-3p ...")
            if after is not None and after.passage.id == u.passage.id and gives(after) \
                    and not _NEW_STUDY_RE.search(after.display):
                return u, after
        return None

    def _status_reader(self, question: str, parts: Sequence[str],
                       ) -> tuple[Callable[[Unit], bool], str] | None:
        """For a clinical status asked of a thing ("is an anti-S100A10 antibody in
        clinical trials?", "are exosome inhibitors FDA approved?", "its side effects?"):
        whether a sentence gives it (states the status and names the thing's technical
        words, or covers most of the rest of the question), and what is asked. None for
        any other question."""
        m = (_STATUS_ASK_RE.search(parts[0]) or _PEOPLE_ASK_RE.search(parts[0])) \
            if len(parts) == 1 else None
        if m is None or _WHEN_OR_ORDER_RE.search(question) or _CITED_RE.search(question) \
                or _COMPARES_RE.search(question):
            # (one ask about a status; "The FDA approved X. Which ...?" is none, "when
            # was it approved?", "which was approved first?" ask a date or an order,
            # "which trial is cited for it?" a reference, and "compare the two 2021 FMT
            # trials" what the trials found)
            return None
        kind, said, what = next(x for x in _STATUS_SAID
                                if x[0] in m.groupdict() and m.group(x[0]))
        if kind == "people":
            # (what is asked of people is the names the question gives: a sentence on
            # circCCAR1 in patients' plasma answers "is the circCCAR1 finding from patient
            # samples?")
            rest = _PEOPLE_WORDS_RE.sub(" ", question)
            names = {n.lower() for n in self.names_in(question)} | {
                h for h in self.terms(rest, rest, ()).own if h.isalpha() and self.is_technical(h)}
            if not names:
                return None
            return (lambda u: bool(said.search(u.display))
                    and self._mentions(names, u.display)), what
        rest = _STATUS_WORDS_RE.sub(" ", question)
        if kind == "trial":  # ("which trials tested X?": a trial of X; "tested" is the trial's)
            rest = re.sub(r"\b(?:tested|tests?|testing|evaluated|evaluating|examined|"
                          r"investigated|studied|looked\s+at)\b", " ", rest, flags=re.I)
        terms = self.terms(rest, rest, ())
        if not terms.own:
            return None
        # what the status is asked of: its technical words the review does not use
        # everywhere ("lenvatinib", "S100A10"), else the rest of the question
        common = self.cfg.common_share * max(1, self.stats.n)
        # (not the kind asked for: "which ICIs are approved?" is answered by their names)
        tech = {h for h in terms.own if h.isalpha() and self.is_technical(h)
                and self.stats.df.get(h, 0) <= common} - _asked_kinds(question)

        def gives(u: Unit) -> bool:
            if not said.search(u.display):
                return False
            # (members singled out of a kind the sentence before names: "Notably,
            # Nivolumab and Pembrolizumab ... have been approved" after "immune
            # checkpoint inhibitors ... have been developed")
            before = self._singled_out_of(u)
            text = f"{before.display} {u.display}" if before is not None else u.display
            if _TRIALS_ASKED_RE.match(question):
                # ("which trials tested CDK4/6 inhibitors?" of "In the phase III ASTER-1
                # trial, first-line palbociclib ...", in a paragraph opening on CDK4/6
                # inhibitors: asked which, the trials told under that topic are its own)
                at = u.passage.text.find(u.quote)
                text = f"{strip_ref_brackets(u.passage.text[:max(at, 0)])} {text}"
            return self._mentions(tech, text) if tech else \
                terms.coverage(text) >= self.cfg.status_cover
        return gives, what

    def _status_not_given(self, question: str, chosen: list[Unit], candidates: list[Unit],
                          parts: Sequence[str], union: float) -> Draft | None:
        """A clinical status asked of a thing that no chosen sentence gives for it: the
        best candidate that does ("whats lenvatinib's trial number": the sentence with
        its NCT number), else a partial answer saying so; None when chosen gives it."""
        reader = self._status_reader(question, parts)
        if reader is None or any(reader[0](u) for u in chosen):
            return None
        if _PEOPLE_OR_LAB_RE.search(question) and any(
                _PRECLINICAL_SAID_RE.search(u.display) for u in chosen[:1]):
            # ("is the Roseburia finding from patients or just mice?" of "... in mouse
            # models of colorectal cancer": the evidence answers the choice)
            return None
        gives, what = reader
        found = next((u for u in candidates if gives(u)), None)
        if found is not None:
            return Draft((found,), False, coverage=union)
        return self._partial(chosen, what, f"no chosen passage gives {what} for what is asked")

    def _disease_not_reviewed(self, question: str) -> str:
        """A cancer or disease the question names by a word the review never uses
        ("thyroid cancer", "gastric cancer"), or ""."""
        for m in _DISEASE_RE.finditer(question):
            word = m.group(1).lower()
            if _verb_form(word):
                continue  # (a verb's form: "the article compares cancer drug resistance")
            if word not in STOPWORDS and word not in QUESTION_WORDS \
                    and word not in self._cited_words \
                    and not self.stats.known_like(word) and not self.stats.known(word) \
                    and not self._site_said_otherwise(word):
                return m.group(0)
        for m in _LETTERED_RE.finditer(question):
            # ("hepatitis C related liver cancer" when the review speaks of hepatitis B
            # (HBV) only)
            if m.group(2).upper() not in self._hepatitis_letters:
                return f"hepatitis {m.group(2).upper()}"
        return ""

    def _setting_unsaid(self, question: str, chosen: Sequence[Unit]) -> str:
        """A cancer the question asks of ("... in melanoma too?", "in lung cancer") that
        the review speaks of in a few passages only (not the review's own disease) and
        that no chosen sentence or row names, or ""."""
        rare = self.cfg.common_share * max(1, self.stats.n)
        said = self.tokens(" ".join(u.passage.text if u.passage.kind == "table_row"
                                    else u.display for u in chosen))
        for m in _SETTING_ASKED_RE.finditer(question):
            phrase = m.group(1)
            toks = {t for t in self.tokens(phrase) - STOPWORDS
                    if t not in {"cancer", "cancers", "carcinoma", "tumor", "tumors"}}
            known = {t for t in toks if self.stats.known(t.lstrip("~§"))}
            if known and all(self.stats.df.get(t.lstrip("~§"), 0) <= rare for t in known) \
                    and not known & said:
                return phrase
        return ""

    def _site_said_otherwise(self, word: str) -> bool:
        """A disease's site in a word the review never uses but whose nearest review word,
        as close as a synonym, names a site of a disease it speaks of ("kidney cancer":
        renal cell carcinoma; not "liver", a neighbour of "kidney" but another organ)."""
        near, cosine = self.nearest(word)
        return cosine >= SYNONYM_COSINE and near in self._disease_sites

    def _kind_not_given(self, ask_parts: Sequence[str], chosen: Sequence[Unit]) -> str:
        """The kind of thing an ask wants ("which drug") that no chosen sentence or row
        names by a member, or "". Only kinds whose members a name's form tells are
        checked: an answer names a gene, a year or a target without saying "gene"
        (measured: checking every kind word made 21 of 132 answerable development
        questions abstain)."""
        said = self.tokens(" ".join(u.display if u.passage.kind != "table_row"
                                    else u.passage.text for u in chosen))
        for part in ask_parts:
            if _YES_NO_RE.match(part):
                continue
            terms = self.terms(part, part, ())
            for m in _ASKED_KIND_RE.finditer(part):
                phrase, end = m.group(1), m.end(1)
                nxt = re.match(r"\s+([A-Za-z]+)", part[end:])
                if nxt and phrase.lower() not in STOPWORDS and word_tokens(
                        nxt.group(1).lower())[:1] and word_tokens(
                        nxt.group(1).lower())[0] in self._named_by_form:
                    phrase += nxt.group()  # ("which chemo drug": a modifier, then the kind)
                    end += len(nxt.group())
                heads = [t for w in phrase.split() for t in word_tokens(w.lower())[:1]
                         if t in terms.groups and t in self._named_by_form]
                member = _MEMBER_ASK_RE.fullmatch(phrase)
                if member and not heads:
                    # "which CTLA-4 antibody ...?", "which exosome inhibitor ...?": a drug
                    # of that class by its name (or its code, "GW4869"), which a sentence
                    # on the class lacks
                    # (not a drug the question names: "which exosome inhibitor improves
                    # sorafenib's effects?" is not answered by a sentence on sorafenib)
                    drugs = word_tokens("drug")[0]
                    others = said - terms.own.keys()
                    if (not self._members.get(drugs, frozenset()) & others and not any(
                            _CODE_NAME_RE.fullmatch(t) for t in said)) \
                            or self._target_unsaid(phrase, said):
                        return re.sub(r"\b[A-Z][a-z]+\b", lambda w: w.group().lower(), phrase)
                    continue
                after = re.match(r"\s+([a-z]+)\b", part[end:])
                if after and after.group(1) not in STOPWORDS:
                    continue  # ("which drug efflux transporter": drug names no kind here)
                if heads and not any(terms.groups[h][1] & said for h in heads):
                    # the noun phrase as asked: "what side effects did ..." -> side effects
                    words = []
                    for w in part[m.start(1):].split()[:3]:
                        if w.lower() in STOPWORDS or w.lower().endswith("ly") or not w.isalpha():
                            break
                        # ("miRNA" keeps its inner capitals; "Which drug" is "drug")
                        words.append(w if any(c.isupper() for c in w[1:]) else w.lower())
                    return " ".join(words) or phrase.lower()
        return ""

    def _target_unsaid(self, question: str, said: frozenset[str]) -> bool:
        """Does the question ask of an inhibitor or antibody of a thing ("exosome
        inhibitor", "CTLA-4 antibody") whose thing the evidence (`said`: its tokens) does
        not name? A drug inhibiting something else is no "exosome inhibitor"."""
        return any(not (set(self.tokens(m.group("target"))) & said)
                   for m in _MEMBER_TARGET_RE.finditer(question))

    def _named_in_passing(self, question: str, chosen: Sequence[Unit]) -> str:
        """The question's specific name that every chosen sentence naming it names only
        as an item of a list of three or more ("such as A, B, C and D"), or "". A
        question asking whether or where the review names a thing is answered by the
        list itself."""
        if _NAMING_ASK_RE.search(question):
            return ""
        identity = bool(_IDENTITY_ASK_RE.search(question))
        said = {w.lower(): w for w in question_words(question)}
        terms = self.terms(question, question, ())
        covered = terms.covered(self.tokens(" ".join(u.display for u in chosen)))
        names = self._specific(question, terms.own, self.cfg.rare_df)
        rest = {h: w for h, w in terms.own.items() if h not in names}
        if sum(w for h, w in rest.items() if h in covered) >= \
                self.cfg.claim_cover * max(1e-9, sum(rest.values())):
            # the list's sentence says what the question says ("Which reference reports
            # that resistance to gemcitabine causes chemotherapy failure?"): it answers
            return ""
        for name in sorted(names):
            if re.search(r"\b(?:like|such\s+as|e\.?g\.?,?|including)\s+(?:[\w-]+\s+)?"
                         + re.escape(name) + r"\b", question, re.I):
                continue  # ("carry chemo like paclitaxel": the question's own example,
                # which a list of examples answers)
            naming = [u for u in chosen if self._mentions({name}, u.display)]
            if naming and all(u.passage.kind != "table_row" and self._in_list_only(name, u.display)
                              and not self._list_named(names - {name}, u.display)
                              and not (identity and self._glossed(name, u.display))
                              for u in naming):
                return said.get(name, name)
        return ""

    def _glossed(self, name: str, sentence: str) -> bool:
        """The sentence's list item naming `name` glosses it ("breast cancer resistance
        protein (BCRP/ABCG2)"): asked what it is, the item says."""
        found = inline_enumeration(sentence)
        return found is not None and any(self._mentions({name}, item) and "(" in item
                                         for item in found.items)

    def _list_named(self, others: set[str], sentence: str) -> bool:
        """The question names another item of the sentence's list too ("pro-EMT proteins
        like FN1, COL2A1 and FGG"): it asks about the list, not one item in passing."""
        found = inline_enumeration(sentence)
        return found is not None and any(self._mentions({o}, item) for o in others
                                         for item in found.items)

    def _in_list_only(self, name: str, sentence: str) -> bool:
        """`name` is an item of the sentence's list of three or more, and named nowhere
        else in it."""
        found = inline_enumeration(sentence)
        if found is None or len(found.items) < 3 or not any(
                self._mentions({name}, item) for item in found.items):
            return False

        rest = sentence
        for item in found.items:
            rest = rest.replace(item, " ")
        return not self._mentions({name}, rest)

    @staticmethod
    def _partial(chosen: Sequence[Unit], what: str, reason: str) -> Draft:
        """An abstention that still quotes what the review says (PARTIAL_TEXT)."""
        return Draft(tuple(chosen[:2]), True, reason, lead=PARTIAL_TEXT.format(what=what),
                     joiner=" ", certain=True, partial=True)

    def _count(self, noun: str, chosen: Sequence[Unit], candidates: Sequence[Unit],
               coverage: float) -> Draft | None:
        """"How many X ...?" answered by a sentence that enumerates X: the count as a
        lead, the enumerating sentence (and, for a numbered list, the sentence holding
        its last number) cited."""
        common = self.cfg.common_share * max(1, self.stats.n)
        # (what is counted is the phrase's head and the word before it: "checkpoint
        # targets" of "immune checkpoint targets", "HCC cases" of "new HCC cases", not "new")
        head = " ".join(noun.split()[-2:])
        noun_toks = {t for t in self.tokens(head) - STOPWORDS
                     if self.stats.df.get(t.lstrip("~§"), 0) <= common}

        def about_noun(text: str) -> bool:
            return bool(noun_toks & self.tokens(text))

        for u in [*chosen, *[c for c in candidates[:5] if c not in chosen]]:
            p = u.passage
            if p.kind == "table_row":
                continue
            start = p.text.find(u.quote)
            if start < 0:
                continue
            following = [q for q in self._passages
                         if q.section == p.section and p.order < q.order <= p.order + 4]
            run = numbered_run([p.text[start:], *(q.text for q in following)])
            if run is not None and about_noun(u.display):
                n, where = run
                holder = p if where == 0 else following[where - 1]
                last = next((s for s in split_sentences(holder.text) if f"({n})" in s), None)
                units = [u]
                if last is not None and last != u.quote:
                    last = last[last.index(f"({n})"):]  # the last item itself, still a span
                    units.append(Unit(strip_ref_brackets(last), holder, last))
                return Draft(tuple(units), False, lead=f"The review lists {n}:", joiner=" ",
                             coverage=coverage)
            listing = inline_enumeration(u.display)
            if listing is not None and about_noun(u.display[: listing.start]):
                return Draft((u,), False, lead=f"The review names {len(listing.items)}:",
                             joiner=" ", coverage=coverage)
        return None

    def table_answer(self, plan: TableAnswerPlan) -> Draft:
        """A count or list answer over table rows, every listed row cited."""
        rows = plan.rows
        if len(rows) == 1 and not plan.count:
            return Draft((self.row_unit(rows[0], plan.show_columns, plan.label_column),), False)
        table = rows[0].section[-1] if rows and rows[0].section else "The table"
        n = len(rows)
        verb = "has" if plan.count else "lists"
        lead = f"{table} {verb} {describe_rows(n, plan.filters, next(iter(rows[0].cells), ''))}:"
        budget = self.cfg.max_words - len(lead.split()) - 2 * n
        def name(p: Passage) -> str:
            return self.canonical(plan.names.get(p.id) or p.cells.get(plan.label_column, ""))

        def listed(columns: Sequence[str]) -> list[Unit]:
            units: list[Unit] = []
            for p in rows:
                u = self.row_unit(p, plan.show_columns, plan.label_column)
                display = name(p)
                # (not twice: "exosomes (HepG2 cells)")
                extra = [f"{c}: {self.cell_text(p, c)}" for c in p.cells
                         if c in columns and c != plan.label_column and p.cells.get(c)
                         and p.cells[c] not in display]
                if extra:
                    inner = "; ".join(extra)
                    display = (display[:-1] + f"; {inner})" if display.endswith(")")
                               else f"{display} ({inner})")
                units.append(Unit(display=display, passage=p, quote=u.quote))
            return units

        # Too long for an answer: the cells a word of the question selected by (how each
        # row qualifies), else names only (each still cited).
        selected = [c for c, _ in plan.filters if c in plan.show_columns]
        for columns in (plan.show_columns, selected):
            units = listed(columns)
            if _words(units) <= budget:
                break
        else:
            units = listed(())
        return Draft(tuple(units), False, lead=lead)

    def nested_table_answer(self, outer: TableAnswerPlan, inner: TableAnswerPlan) -> Draft:
        """"How many miRNA rows are there, and which of them ...?": the outer count, then
        the rows the further filter keeps, then the others; every counted row cited."""
        inner_ids = {p.id for p in inner.rows}
        extra = [f for f in inner.filters if f not in outer.filters]
        table = outer.rows[0].section[-1] if outer.rows[0].section else "The table"

        n, m = len(outer.rows), len(inner_ids)
        group = next(iter(outer.rows[0].cells), "")
        lead = (f"{table} has {describe_rows(n, outer.filters, group)}; "
                f"{m} of them "
                f"{' '.join(describe_condition(c, v) for c, v in extra) or 'as asked'}:")
        units: list[Unit] = []
        for p in [*(p for p in outer.rows if p.id in inner_ids),
                  *(p for p in outer.rows if p.id not in inner_ids)]:
            u = self.row_unit(p, (), outer.label_column)
            display = outer.names.get(p.id) or p.cells.get(outer.label_column, "")
            if p.id not in inner_ids and not any(q.id not in inner_ids for q in
                                                 (x.passage for x in units)):
                display = f"the other {n - m}: {display}"
            units.append(Unit(display=display, passage=p, quote=u.quote))
        return Draft(tuple(units), False, lead=lead)
