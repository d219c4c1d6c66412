"""The literature behind an answer: the review's own references for each cited span, and
questions about the studies the review cites.

- Every answer sentence carries the review's reference numbers behind it ("... [1]
  (ref. 42)"): `ref_note`, from the references of the quoted span
  (`source.passages.quote_refs`).
- "Which reference supports ...?", "who showed ...?", "when was the study on X
  published?", "in which journal ...?", "which studies support X?": the literature part
  of the question is stripped (`read_question`), the claim is answered by the normal
  pipeline, and the studies behind the cited spans are named from the reference list
  (`parse_reference`: first author, year, journal, title), e.g. "The review cites Qu et
  al. (2016, J Exp Clin Cancer Res; ref. 31) for this: ... [1] (ref. 31)".
- "What is reference 31 about?": the entry itself and the sentences that cite it.
- A bibliographic field reference lists do not print (a DOI, an impact factor, an
  affiliation) gets a partial answer: "The review does not give the DOI. What it does
  say: ...".
- A table row printing a name differently from the text ("cricTMEM181" where the text
  says circTMEM181) gets a `note` on its citation (`PrintingNotes`).

The chain calls three stages: `read` before the standalone question, `finish` after the
citation check (qa/assistant.py `_build_chain`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from index.inflection import family_key
from index.lexical import STOPWORDS, WORD_RE
from qa.asks import asks
from qa.conversation import introduced_problems, without_discourse
from qa.dates import FIRST_STUDY_LEAD_RE, ORDER_RE
from qa.english import function_words, is_everyday
from qa.normalise import edit_distance
from qa.prompts import CHOICE_LEAD, PARTIAL_TEXT
from qa.terms import content_terms
from qa.types import Answer, Citation, Retrieved
from qa.verify import quote_is_exact, strip_ref_brackets
from source.model import Passage, Review
from source.passages import ARTICLE_INFORMATION, passage_refs, quote_refs
from source.studies import Study, parse_reference
from source.text import find_refs, sentence_spans

# -- the review's references behind a span ------------------------------------------------


def refs_label(refs: Sequence[int]) -> str:
    """"ref. 42", "refs. 14, 15", "refs. 56-58" (a run of three or more as a range)."""
    if not refs:
        return ""
    nums = list(refs)
    groups: list[list[int]] = []
    for n in nums:
        if groups and n == groups[-1][-1] + 1:
            groups[-1].append(n)
        else:
            groups.append([n])
    shown = [f"{g[0]}-{g[-1]}" if len(g) >= 3 else ", ".join(map(str, g)) for g in groups]
    return ("ref. " if len(nums) == 1 else "refs. ") + ", ".join(shown)


def ref_note(passage: Passage, quote: str) -> str:
    """What follows an answer sentence's marker: " (ref. 42)", or "" when its span cites
    nothing."""
    label = refs_label(quote_refs(passage, quote))
    return f" ({label})" if label else ""


# -- the reference list (read by source/studies.py) ------------------------------------------

_ASIDE_NOTE_RE = re.compile(r"The review does not mention [^.]*\.\s+")
_SURNAME_RE = re.compile(r"^(.+?)\s+([A-Z][A-Za-z-]{0,3})$")  # "Qu Z" -> "Qu"


def surname(author: str) -> str:
    """"Qu" of "Qu Z"; the name as printed when it has no initials."""
    m = _SURNAME_RE.match(author)
    return m.group(1) if m else author


def first_surname(study: Study) -> str:
    """The first author's surname ("Qu"), or ""."""
    return surname(study.authors[0]) if study.authors else ""


def short_name(study: Study, initials: bool = False) -> str:
    """"Qu et al.", "Galle", "Takahashi and Yan"; with `initials` as the reference list
    names them, "Qu Z et al.", "Galle PR" (many first authors share a surname: Wang X,
    Wang J); the entry's opening when unread."""
    if not study.authors:
        return " ".join(study.text.split()[:6])
    names = list(study.authors) if initials else [surname(a) for a in study.authors]
    if len(names) == 1 and not study.et_al:
        return names[0]
    if len(names) == 2 and not study.et_al:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def cite(study: Study, title: bool = False, authors: bool = False) -> str:
    """"Qu Z et al. (2016, J Exp Clin Cancer Res; ref. 31)", with the title, or every
    author the list prints ("Qu Z, Wu J, ... Ding Y"), on request."""
    where = ", ".join(x for x in (str(study.year or ""), study.journal) if x)
    head = short_name(study, initials=True)
    if authors and study.authors:
        head = ", ".join(study.authors) + (", et al." if study.et_al else "")
    if title and study.title and study.kind != "other":
        head += f", \u201c{study.title}\u201d"
    return f"{head} ({where}; ref. {study.n})" if where else f"{head} (ref. {study.n})"


# A field of a publication asked alone: "authors?", "journal?", "year?"
_BARE_FIELD_RE = re.compile(r"^\s*(?:the\s+|its\s+)?(authors?|journals?|year)\s*[?.!]*\s*$",
                            re.I)
_OF_THE_REVIEW = {"author": "who are the authors of this review?",
                  "journal": "what journal is this review published in?",
                  "year": "when was this review published?"}


# -- questions about the literature ----------------------------------------------------------

# Words that ask about the literature or only hold a question together: a claim is what
# a question says between its leading and trailing runs of them ("Which reference
# supports the claim that | exosomes carry PD-L1 | ?", "When was the study on |
# linc-VLDLR | published?", "first author, year, journal of the study showing that | X").
_FRAME_WORDS = frozenset("""
    which what who whom whose when where why how whos whats is are was were be been do does did
    has have had can could would will there any the a an in on of about for by from to behind
    with within and or that this these those it its they their them me us please tell give
    name list show find according review article paper s
    reference references ref refs citation citations cite cites cited citing source sources
    study studies paper papers article articles publication publications work works report
    reports journal journals venue year years date dated author authors first lead senior last
    corresponding group team lab labs researchers yr yrs colleagues coworkers co workers
    wrote written authored
    investigators scientists et al evidence claim
    claims statement statements finding findings idea observation fact notion conclusion result
    results title titles titled called number numbers no details detail primary original
    specific exact key main underlying single one numbered
    support supports supported supporting back backs backed backing shows showed shown showing
    reported reporting describe describes described describing demonstrate demonstrates
    demonstrated demonstrating found finds finding discover discovers discovered identify
    identifies identified publish published publishes propose proposed observe observed
    suggest suggested investigate investigated studied underpin underpins underpinned given
    gives doi dois pmid pubmed impact factor affiliation affiliations institution
    institutions university funding funded grant grants country issue email
    come comes came out
    """.split())
_LITERATURE_WORDS = _FRAME_WORDS - frozenset("""
    which what who whom whose when where why how whos whats is are was were be been do does did
    has have had can could would will there any the a an in on of about for by from to behind
    with within and or that this these those it its they their them me us please tell give
    name list show find according review s""".split()) | {"who", "when", "whose"}
_TOKEN_RE = re.compile(r"[\w'’]+|[^\w\s]")
# What a question about the literature asks for, each a general phrasing of the ask (a
# question naming "Zhi et al." but asking which microRNA is not one of them).
_LIT_VERBS = (r"(?:publish\w*|report\w*|show\w*|found|find\w*|describ\w*|demonstrat\w*|"
              r"discover\w*|identif\w*|propos\w*|observ\w*|reveal\w*|uncover\w*|"
              r"suggest\w*|indicat\w*|establish\w*|studied|investigat\w*|prove\w*|"
              r"c[ao]mes?\s+out)")
_STUDY = r"(?:stud(?:y|ies)|papers?|articles?|publications?|works?|reports?|trials?|research)"
_ASKS: tuple[tuple[str, str], ...] = (
    ("number", r"\b(?:references?|refs?|citations?)\b(?!\s+(?:to|in)\s+(?:the\s+)?"
               r"(?:table|figure))|\bcit(?:e|es|ed|ing)\b|\[\d{1,4}\]"
               # ("source for that stat?", "what's the source?": a reference; not "the
               # source of exosomes")
               r"|\bsources?\s+(?:for|of|behind)\s+(?:that|this|these|those|the)\s+(?:[\w-]+\s+)?"
               r"(?:stat\w*|figures?|numbers?|claims?|statements?|facts?|data|estimates?|"
               r"percentages?|finding)\b|^\W*(?:and\s+)?(?:what(?:'s|\s+is)\s+)?(?:the\s+)?"
               r"sources?\s*(?:for\s+(?:that|this|it))?\W*$"
               # ("source for exosomal PD-L1 predicting response?": a claim's reference;
               # "the source of exosomes" is where they come from)
               r"|^\W*(?:and\s+)?(?:(?:what|which)(?:'s|\s+is|\s+was)\s+)?(?:the\s+)?"
               r"(?:main\s+|original\s+)?sources?\s+(?:for|behind)\s+\w"
               # ("where does the 75-85% number come from?", "where's that figure from")
               r"|\bwhere(?:'s|\s+is|\s+does|\s+did|\s+do)\s+(?:the|that|this|those|these)\s+"
               r"(?:[\w%-]+\s+){0,3}?(?:stat\w*|figures?|numbers?|claims?|statements?|facts?|"
               r"data|estimates?|percentages?)\s+(?:come\s+)?from\b"
               # ("which study is that claim from?", "what paper was it from")
               r"|\b(?:which|what)\s+(?:" + _STUDY + r"|refs?|references?|sources?)\s+"
               r"(?:is|was|are|were)\s+(?:that|this|it|these|those)\s+(?:[\w-]+\s+){0,2}?from\b"),
    ("author", r"^\W*(?:and\s+)?who\s+(?:wrote|authored)\b"
               # ("who did the hepg2 study?", "who ran that trial")
               r"|^\W*(?:and\s+)?who\s+(?:did|ran|led|conducted|performed|carried\s+out)\s+"
               r"(?:the|that|this|those|these)\s+(?:[\w-]+\s+){0,3}?(?:" + _STUDY
               + r"|experiments?|one)\b"
               r"|\b(?:which|what)\s+(?:research\s+)?(?:group|team|lab)\s+(?:is|was|were|are)\b"
               r"|^\W*(?:and\s+)?who\b(?:\s+\w+){0,2}?\s+" + _LIT_VERBS
               + r"|\bwhose\s+(?:\w+\s+)?(?:" + _STUDY + r"|group|team|lab)\b"
               r"|\b(?:first|lead|senior|last|corresponding)[\s-]+authors?\b"
               r"|\b(?:which|what)\s+(?:\w+\s+)?(?:authors?|groups?|teams?|labs?|"
               r"researchers|investigators|scientists)\s+(?:\w+\s+){0,2}?" + _LIT_VERBS +
               r"|\bwho\s+(?:were|are|was|is)\s+the\s+authors?\s+(?:of|behind)\s+(?!the\s+"
               r"review|this\s+review)"
               r"|\bauthors?\s+(?:of|behind)\s+(?:the|that|this)\s+(?:[\w-]+\s+){0,3}?"
               + _STUDY + r"\b"),
    ("year", r"\b(?:what|which)\s+(?:year|yr)\b.*\b" + _LIT_VERBS
             + r"|\b(?:what|which)\s+year\s+(?:was|is)\s+(?:that|this|the)\s+(?:[\w-]+\s+){0,2}?"
             r"(?:one|" + _STUDY + r")\b|\bwhen\b.*\b"
             + _LIT_VERBS + r"|\bpublication\s+(?:year|date)\b|\byear\s+of\s+publication\b"
             r"|\b(?:how\s+old|how\s+recent)\s+is\s+the\s+" + _STUDY),
    ("journal", r"\bjournals?\b|\bpublished\s+in\s+(?:which|what)\b|\bwhere\b.*\bpublished\b"
                r"|\bvenue\b"),
    ("title", r"\btitles?\b|\btitled\b|\bwhat\s+(?:is|was)\s+the\s+(?:" + _STUDY
              + r")\s+called\b"
              # (a trial is known by the name its title gives: "which trial ...?")
              r"|\b(?:which|what)\s+(?:clinical\s+)?trials?\b"),
    ("studies", r"\b(?:which|what)\s+(?:\w+\s+)?(?:" + _STUDY + r"|sources?|evidence)"
                r"(?:\s+(?:in|of|from)\s+(?:the\s+)?(?:review|article|literature))?\s+(?:"
                r"support|back|underpin|show|report|found|demonstrat|describ|is\s+cited|are\s+"
                r"cited|was\s+cited|were\s+cited|did\s+the\s+review\s+cite"
                r"|(?:does|did|do)\s+(?:the\s+)?(?:review|authors?)\s+(?:cite|draw\s+on|"
                r"rely\s+on|base|refer\s+to))\w*"
                r"|\b(?:primary|original|cited)\s+(?:" + _STUDY + r"|literature|sources?)\b"
                r"|\b(?:which|what)\s+(?:papers?|publications?|articles?)\b"
                # ("which study is the 142-patient prospective plasma cohort?")
                r"|^\W*(?:and\s+)?(?:which|what)\s+(?:stud(?:y|ies)|trials?)\s+(?:is|was)\s+"
                r"the\s+(?:[\w-]+\s+){1,6}?(?:cohort|study|trial|analysis|series|one)\b"),
    ("absent", r"\bdoi\b|\bpmid\b|\bpubmed\b|\bimpact\s+factor\b"),
)
# A bare ask closing a question, set off from its claim: "... — who and what year?"
_TAIL_RE = re.compile(r"(?:\s[—–-]|[:,;])\s*(?P<ask>[^—–:,;]+?)\s*[?.!]*\s*$")
# what was just said, named as such: "that claim", "this finding"
SAID_THING_RE = re.compile(r"\b(?:that|this)\s+(claim|finding|result|statement|observation)\b",
                            re.I)
_ASK_RES = tuple((k, re.compile(rx, re.I)) for k, rx in _ASKS)
# the authors asked for, all of them: "who were the authors", "list the authors"
_AUTHORS_RE = re.compile(r"\b(?:all\s+(?:the\s+)?|the\s+|full\s+|list\s+of\s+)authors\b"
                         r"|\bauthor\s+list\b|\bwho\s+(?:all\s+)?wrote\b", re.I)
# The review itself is not a study of the reference list: its authors, date, journal,
# DOI ("which journal published this review?", "the DOI of this review").
_REVIEW_ITSELF_RE = re.compile(
    r"\b(?:this|the)\s+(?:review|article)(?:'s)?\s+(?:authors?|published|journal|doi|"
    r"title)\b|\b(?:who\s+(?:wrote|authored)\s*(?:(?:this|the)\s+(?:review|article)\b|"
    r"[?.!]*\s*$)|authors?\s+of\s+(?:the|this)\s+(?:review|article))\b|"
    r"\b(?:journal|doi|published|publication)\b[^?.]{0,30}?\b(?:this|the)\s+(?:review|article)"
    r"\b(?!\s+(?:cites?|cited|says?|said|draws?|mentions?|discuss\w*|names?|gives?))|"
    r"\b(?:this|the)\s+(?:review|article)\s+(?:come|came|comes)\s+out\b", re.I)
# ... nor is what the review cites in general, nor a table's year or study-type column
# (unless a reference number or journal is asked: "the study the review cites for X").
_NOT_LITERATURE_RE = re.compile(
    r"\b(?:this|the)\s+(?:review|article)(?:'s)?\s+cite|\bstudy\s+types?\b|\btable\b", re.I)
_REF_NUMBER_RE = re.compile(
    r"(?:\b(?:ref(?:erence)?s?|citations?)\.?\s*(?:no\.?|number|#)?\s*\[?(\d{1,4})\]?"
    r"|\[(\d{1,4})\])", re.I)
# A place in the reference list: "the first reference", "the last paper cited", "the
# final entry of the reference list" (not "the first study to show ...")
_LIST_PLACE_RE = re.compile(
    r"\bthe\s+(first|last|final)\s+(?:ref(?:erence)?|citation|entry)\b(?!\s+(?:to|that|which)\b)"
    r"|\b(?:ref(?:erence)?|citation|study|paper)\s+(?:is\s+)?(?:cited|listed)\s+(first|last)\b",
    re.I)
_PLURAL_RE = re.compile(r"\b(?:studies|references|refs|citations|papers|works|sources|"
                        r"publications|journals|all|every|each)\b"
                        r"|^\W*(?:please\s+)?list\b", re.I)  # ("ref for the mechanisms list": one)
# ... the studies behind what was just said, more than one ("journals for those two",
# "who published both?"): each of them, no further study naming the same thing
_THOSE_RE = re.compile(r"\b(?:both|them)\b|\b(?:those|these|the)\s+(?:two|three|four|[2-4])\b",
                       re.I)
_COUNTS = {"both": 2, "two": 2, "2": 2, "three": 3, "3": 3, "four": 4, "4": 4}


def _those_count(question: str) -> int:
    """How many studies "both" or "those three" refers to (0: not said)."""
    m = _THOSE_RE.search(question)
    return _COUNTS.get(m.group().split()[-1].lower(), 0) if m else 0


# Bibliographic fields a reference list of this style never prints: asked for, the
# review does not give them (a DOI only when no entry prints one).
_ABSENT_FIELDS: tuple[tuple[str, str], ...] = (
    (r"\bdoi\b|digital\s+object", "the DOI"),
    (r"\bpmid\b|pubmed\s+id", "the PubMed ID"),
    (r"\bimpact\s+factor\b", "the journal's impact factor"),
    (r"\baffiliations?\b|\binstitutions?\b|\buniversit(?:y|ies)\b|\bhospitals?\b",
     "the authors' affiliations"),
    (r"\bcorresponding\s+author\b|\be-?mail\b", "the corresponding author"),
    (r"\bfund(?:ing|ed)\b|\bgrants?\b|\bsponsor", "the funding"),
    (r"\bcountry\b|\bnationality\b", "the country"),
    (r"\bissue\s+(?:number|no)\b", "the issue number"),
)
@dataclass(frozen=True)
class LiteratureAsk:
    """A question about the literature, read: the claim it is about (what the normal
    pipeline answers), the details wanted, a reference number asked about, a field the
    reference list does not print."""

    question: str
    claim: str
    wants: frozenset[str]
    plural: bool = False
    ref_number: int | None = None
    absent: str = ""
    lead: str = ""  # what the reference list tells before the entry ("The oldest ...")


# A bare ask of the literature, in a few words ("year?", "journal?", "ref #?", "authors?",
# "and the source?"): of the study behind what was just said.
_FRAGMENT_WANTS = {"year": "year", "date": "year", "when": "year", "journal": "journal",
                   "venue": "journal", "author": "author", "authors": "author",
                   "who": "author", "ref": "number", "refs": "number", "reference": "number",
                   "references": "number", "citation": "number", "source": "number",
                   "sources": "number", "paper": "number", "study": "number"}
_FRAGMENT_SHOWN = {"year": "What year is {}?", "journal": "Which journal published {}?",
                   "author": "Who wrote {}?", "number": "Which reference is {}?"}
# ("what study did they cite for it?", "which paper showed it?": no claim of their own)
_FRAGMENT_VERBS = frozenset("did do does they cite cited cites support supports supported "
                            "behind back backs up give gives given from where where's "
                            "show shows showed shown found find finds reported report "
                            "reports demonstrated demonstrate first wrote write writes written "
                            "authored ran conducted led did".split())
_FRAGMENT_FILLER = frozenset("and the its their which what whats what's was is it that this "
                             "of for pls please no number num #".split()) | _FRAGMENT_VERBS


def fragment_ask(question: str) -> LiteratureAsk | None:
    """"year?", "journal?", "ref #?", "what study did they cite for it?": a question of at
    most eight words, all of them a literature noun or filler, read as asking that of the
    study behind what was said (no claim of its own); None otherwise."""
    words = re.findall(r"[\w#']+", question.lower())
    if not words or len(words) > 8 or any(w not in _FRAGMENT_WANTS and w not in _FRAGMENT_FILLER
                                          for w in words):
        return None
    if len(words) > 4 and re.search(r"\b(?:that|this)\s+(?:paper|study|ref|reference)\b",
                                    question, re.I):
        return None  # ("what is that paper cited for?": the paper the chat talked of)
    wants = frozenset(_FRAGMENT_WANTS[w] for w in words if w in _FRAGMENT_WANTS)
    return LiteratureAsk(question, "", wants) if wants else None


def read_question(question: str, prints_doi: bool = False) -> LiteratureAsk | None:
    """The literature part of a question, or None when it asks about no study."""
    fragment = fragment_ask(question)
    if fragment is not None:
        return fragment
    wants = frozenset(k for k, rx in _ASK_RES if rx.search(question))
    tail = _TAIL_RE.search(question)
    said = question  # (the claim's part of the question)
    if tail is not None and (bare := fragment_ask(tail.group("ask"))) is not None:
        # ("the Nature paper on exosomal PD-L1 — who and what year?": a bare ask after
        # the claim, set off by a dash, colon or comma)
        wants |= bare.wants
    elif tail is not None:
        # ("the everolimus exosome paper - who wrote it and what was its main point":
        # an ask opening the part after the dash)
        asked = frozenset(k for k, rx in _ASK_RES if rx.search(tail.group("ask")))
        said = question[:tail.start()] if asked and not wants else question
        wants |= asked
    if wants <= {"studies", "year"} and ORDER_RE.search(question) \
            and not _REF_NUMBER_RE.search(question):
        return None  # "A vs B - which paper came out first?": an order of dates (qa/dates.py)
    if not wants or _REVIEW_ITSELF_RE.search(question) or (
            _NOT_LITERATURE_RE.search(question) and not wants & {"number", "journal"}):
        return None
    absent = ""
    for rx, what in _ABSENT_FIELDS:
        if re.search(rx, question, re.I) and not (what == "the DOI" and prints_doi):
            absent = what
            break
    number = _REF_NUMBER_RE.search(question)
    ref_number = int(number.group(1) or number.group(2)) if number else None
    claim = claim_of(_REF_NUMBER_RE.sub(" ", said))
    if absent == "the DOI" and not claim and ref_number is None and wants == {"absent"}:
        return None  # "what is the doi?": of no study but the review, which prints its own
    return LiteratureAsk(question, " ".join(claim.split()), wants,
                         bool(_PLURAL_RE.search(question) or _THOSE_RE.search(question)),
                         ref_number, absent)


# The oldest or newest of the whole reference list ("what is the oldest paper the review
# cites?", "is that the oldest paper they cite?"): a superlative of age with nothing else
# to be about. ("first" and "last" stay out: "the first reference" is reference 1.)
_AGE_RE = re.compile(r"\b(oldest|earliest|least\s+recent|newest|latest|most\s+recent)\b",
                     re.I)


def age_superlative(question: str) -> str:
    """"earliest" or "latest" when the question asks for the oldest or newest study of
    the whole reference list, else ""."""
    m = _AGE_RE.search(question)
    if m is None or not re.search(r"\b" + _STUDY + r"\b|\breferences?\b|\bcit\w*",
                                  question, re.I):
        return ""
    if claim_of(_AGE_RE.sub(" ", question)):
        return ""  # "the most recent study on linc-ROR" is about linc-ROR
    word = m.group(1).lower()
    return "earliest" if word in ("oldest", "earliest") or word.startswith("least") \
        else "latest"


def claim_of(question: str) -> str:
    """The question without its literature part: "Which reference supports the claim
    that exosomes carry PD-L1?" -> "exosomes carry PD-L1"; "" when nothing else is left."""
    tokens = list(_TOKEN_RE.finditer(question))

    def frame(m: re.Match[str]) -> bool:
        tok = m.group().lower().replace("’", "'")
        return not tok[:1].isalnum() or tok.split("'")[0] in _FRAME_WORDS

    def literature(run: Sequence[re.Match[str]]) -> bool:
        return any(m.group().lower() in _LITERATURE_WORDS for m in run)

    i, j = 0, len(tokens)
    while i < j and frame(tokens[i]):
        i += 1
    if not literature(tokens[:i]):
        i = 0  # "How many patients ...": the opening asks, it stays
    while j > i and frame(tokens[j - 1]):
        j -= 1
    if not literature(tokens[j:]):
        j = len(tokens)
    if i >= j or all(frame(m) for m in tokens[i:j]):
        return ""
    return question[tokens[i].start():tokens[j - 1].end()].strip(" ?.!")


# -- spelling notes ----------------------------------------------------------------------


_SHAPE_RE = re.compile(r"[a-z][A-Z]|[A-Z][a-z]*[A-Z]|\d")


def _shape(word: str) -> str:
    """Letters as case classes, digits as 9: "circTMEM181" -> "aaaaAAAA999"."""
    return re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", word)))


def printing_variants(table_texts: Iterable[str], text_words: Iterable[str],
                      max_edits: int = 2) -> dict[str, str]:
    """Table tokens the running text never prints that are within `max_edits` of a text
    token of the same shape (a name, by case pattern): printed form -> the text's
    ("cricTMEM181" -> "circTMEM181", "plgR" -> "pIgR")."""
    words = {w for w in text_words if _SHAPE_RE.search(w)}
    lower = {w.lower() for w in words}
    out: dict[str, str] = {}
    for text in table_texts:
        for m in WORD_RE.finditer(text):
            tok = m.group()
            if tok in words or tok.lower() in lower or not _SHAPE_RE.search(tok):
                continue
            if len(tok) < 4:
                continue
            # (two edits only in a long name: "EGFR" and "VEGF" are two names, not one)
            edits = max_edits if len(tok) >= 8 else 1
            close = [w for w in words if len(w) == len(tok) and _shape(w).lower() ==
                     _shape(tok).lower() and edit_distance(w.lower(), tok.lower(), edits)
                     <= edits] or [w for w in words if _shape(w) == _shape(tok)
                                       and edit_distance(w, tok, 1) <= 1]
            if len(close) == 1 and _digits(close[0]) == _digits(tok):
                out[tok] = close[0]
    return out


_NAME_SHAPE_RE = re.compile(r"\d|[a-z][A-Z]|[A-Z]{2,}")  # "RESORCE", "IMbrave150"


def _title_keys(text: str) -> set[str]:
    """The content words of `text`, each as the key of its word family."""
    return {family_key(w) or w for w in content_terms(text)}


def _word_keys(word: str) -> set[str]:
    """One word of a claim as a title may hold it: itself whole, its family, its hyphens
    dropped ("anti-PD-1": anti-pd-1, antipd1); none for a literature word ("study")."""
    terms = content_terms(word)
    if not terms:
        return set()
    head = terms[0]
    keys = {head, head.replace("-", ""), family_key(head) or head}
    return set() if keys & _LITERATURE_KEYS else keys


# A claim said by one reference's title: most of its words (in any form), at least three,
# and two more than the next title holds.
_LITERATURE_KEYS = _title_keys("paper study article reference ref source cited cite cites "
                               "show shows showed shown report reported demonstrate "
                               "demonstrated find found published journal year author "
                               "authors who which review")
# "the fang paper", "the asiatic acid paper", "the Fang et al. study": a study by a name
_NAMED_PAPER_RE = re.compile(r"(?:\bthe\s+|^\W*)(?P<name>(?:[\w/.-]+\s+){0,2}?[\w/.-]+)\s+"
                             r"(?:paper|study|article|publication)\b", re.I)
# ... asked what it is about, or for its details
_ABOUT_RE = re.compile(r"\b(?:about|details?|summar\w*|overview|info(?:rmation)?)\b", re.I)
_ABOUT_KEYS = _title_keys("about detail details summary overview info information actually "
                          "mainly really thing something anything there")
_TITLE_MIN_SHARED = 3
_TITLE_COVER = 0.75
_TITLE_MARGIN = 2


def _digits(word: str) -> str:
    return "".join(ch for ch in word if ch.isdigit())


# -- the stages ------------------------------------------------------------------------


# What a study found, asked of it: "median OS in RESORCE?", "how many patients ...?"
def _short_claim(claim: str) -> str:
    """A claim as shown in a question: its first twelve words."""
    return " ".join(claim.split()[:12]) + (" …" if len(claim.split()) > 12 else "")


def _entry_says(question: str, entry: str) -> bool:
    """Every content word of `question` is a word of the reference entry, in some form
    ("what phase was RESORCE?": "... phase 3 trial"); framing and literature words aside."""
    def keys(text: str) -> set[str]:
        return {family_key(w) or w for w in content_terms(text)}
    said = keys(entry) | keys(" ".join(_FRAGMENT_WANTS)) | keys(
        "trial about anything something info information details more")
    return keys(question) <= said


_FINDING_ASK_RE = re.compile(
    r"\b(?:how\s+(?:many|much|long|well)|median|mean|average|dos(?:e|es|age)|rates?|"
    r"survival|hazard|ratios?|percent\w*|results?|outcomes?|efficacy|endpoints?|"
    r"side[\s-]effects?|toxicit\w*|adverse|findings?|found|show(?:ed|n)?)\b", re.I)


class Literature:
    """The reference list read once; the chain's literature stages."""

    def __init__(self, review: Review, passages: Sequence[Passage],
                 max_words: int = 100) -> None:
        self.max_words = max_words  # the answer's hard cap (settings.AnswerSettings)
        self.studies: dict[int, Study] = {n: parse_reference(n, r.text)
                                          for n, r in review.references.items()}
        self.prints_doi = any(re.search(r"\b10\.\d{4,}/", s.text)
                              for s in self.studies.values())
        self.passages = [p for p in passages if p.kind != "table_row"]
        rows = [p for p in passages if p.kind == "table_row"]
        text_words = (m.group() for p in self.passages for m in WORD_RE.finditer(p.text))
        self.variants = printing_variants(
            (v for p in rows for v in p.cells.values()), text_words)
        # words only a reference's title uses ("RESORCE"): they name that study
        used = {m.group().lower() for p in passages for m in WORD_RE.finditer(p.text)}
        by_word: dict[str, set[int]] = {}
        loose: dict[str, set[int]] = {}
        families = {k for u in used if (k := family_key(u))}
        for n, study in self.studies.items():
            for m in WORD_RE.finditer(study.title):
                word = m.group().lower()
                # (a form of a word the text uses is no name of its own: "MSCs" in
                # "BMMSCs", "miR-122-modified")
                if len(word) < 4 or any(word in u or word.rsplit("-", 1)[0] in u for u in used):
                    continue
                if _NAME_SHAPE_RE.search(m.group()):
                    by_word.setdefault(word, set()).add(n)
                elif len(word) >= 6 and word.isalpha() and not is_everyday(word) \
                        and family_key(word) not in families and not any(
                            abs(len(u) - len(word)) <= 2 and edit_distance(word, u, 2) <= 2
                            for u in used):
                    # (a word the text uses in no form: "microparticles", "globocan";
                    # not "tumour", "stabilizing")
                    loose.setdefault(word, set()).add(n)
        self.title_keys = {n: _title_keys(s.title) for n, s in self.studies.items()}
        # (how many passages use a word: a rare one tells claims apart, "via" does not)
        self.spread = Counter(k for p in passages for k in _keys(p.text))
        self.spread_of = len(passages)
        self.title_words = {w: next(iter(ns)) for w, ns in by_word.items() if len(ns) == 1}
        self.title_words_loose = {**{w: next(iter(ns)) for w, ns in loose.items()
                                     if len(ns) == 1}, **self.title_words}

    # -- before the pipeline: the claim is what it answers
    def read_ask(self, question: str) -> LiteratureAsk | None:
        """What a question asks of the literature (the oldest or newest study of the
        whole list, or a reference, author, year or journal for a claim), or None. A
        study named by a first author the text never names ("what is the Levchenko et
        al. study cited for?": the text cites it as [57]) is asked of by its number."""
        ask = self._by_age(question) or read_question(question, self.prints_doi)
        place = _LIST_PLACE_RE.search(question)
        if ask is not None and ask.ref_number is None and place and self.studies:
            # ("what is the first reference?", "the last paper in the reference list")
            first = place.group(1) or place.group(2)
            ask = replace(ask, ref_number=min(self.studies) if first.lower() == "first"
                          else max(self.studies))
        if ask is not None and ask.ref_number is None:
            named = [n for n in self.studies_named(question)
                     if not self._named_in_text(first_surname(self.studies[n]))]
            if len(named) == 1:
                ask = replace(ask, ref_number=named[0])
        if ask is not None and ask.ref_number is None and ask.claim and not ask.plural:
            ask = replace(ask, ref_number=self.titled_claim(ask.claim)
                          or self._study_of_name(question, ask.claim))
        return ask

    def _study_of_name(self, question: str, claim: str) -> int | None:
        """"who were the authors of the LINC00470 study?": a study the question calls
        by the claim's name alone ("the X study"), which only one title says, is that
        study, when a sentence citing another study names it too (else the sentences
        naming it find the study themselves)."""
        m = _NAMED_PAPER_RE.search(question)
        if m is None or m.group("name").lower() != claim.lower().strip():
            return None
        n = self.study_called(m.group("name"))
        rx = re.compile(r"(?<![\w-])" + re.escape(m.group("name")) + r"(?![\w-])", re.I)
        if n is None or not any(rx.search(q) for other in self.studies if other != n
                                for _, q in self.citing(other)):
            return None
        return n

    def titled_claim(self, claim: str) -> int | None:
        """The study whose title says the claim ("which reference shows exosomal PD-L1
        suppresses T cell killing of breast cancer cells?": ref. 49's title, though the
        text cites it beside another study), or None. Its title must hold most of the
        claim's words (any form), and clearly more of them than any other title does."""
        # (words, each whole: "anti-PD-1" is one word, matched as itself, not by its "pd")
        said = [keys for w in WORD_RE.findall(claim) if (keys := _word_keys(w))]
        if len(said) < _TITLE_MIN_SHARED:
            return None
        shared = sorted(((sum(1 for keys in said if keys & self.title_keys[n]), n)
                         for n in self.studies), reverse=True)[:2]
        (best, n), (second, _) = (*shared, (0, 0))[:2]
        if best >= _TITLE_MIN_SHARED and best >= _TITLE_COVER * len(said) \
                and best - second >= _TITLE_MARGIN:
            return n
        return None

    def _named_in_text(self, surname: str) -> bool:
        """The review's text (not its reference list) names this surname."""
        rx = re.compile(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])", re.I)
        return any(rx.search(p.text) for p in self.passages)

    def read(self, state: dict[str, Any]) -> dict[str, Any]:
        # (opening words that ask nothing are no claim: "btw what's the doi")
        asked = without_discourse(state["question"])
        bare = _BARE_FIELD_RE.match(asked)
        if bare and not state.get("history"):
            # ("authors?", "journal?" opening a conversation: no study was spoken of, so
            # the review's own are asked)
            field = bare.group(1).lower().rstrip("s")
            return {**state, "question": _OF_THE_REVIEW[field], "shown": _OF_THE_REVIEW[field],
                    "field_asked": state["question"]}
        ask = self.read_titled(asked)
        if ask is None:
            return state
        question = ask.claim
        if ask.lead:  # (the reference list answers; the question is shown as asked)
            state = {**state, "shown": state["question"]}
        if ask.ref_number in self.studies and not question:
            question = self.studies[ask.ref_number].title or asked
        if not WORD_RE.findall(question):
            question = asked  # "who showed that?": the pipeline reads it whole
        # (the question as asked stays a reading of its own: when the claim alone finds
        # weaker evidence, qa/assistant.py keeps the whole question's)
        return {**state, "question": question, "literature": ask,
                "literature_asked": state["question"]}

    def read_titled(self, question: str) -> LiteratureAsk | None:
        """`read_ask`, or a question naming a study by a word only its title uses, or
        asking what a study it names is about (`paper_asked`)."""
        ask = self.read_ask(question)
        titled = self.named_by_title(question, loose=ask is not None)
        if ask is None and titled is None:
            return self.paper_asked(question)
        if ask is None:
            # ("what was the RESORCE trial about?": a name only a reference's title
            # uses is that study; the review cites it and gives none of its results,
            # nor anything else its entry does not say: "what was its OS benefit?")
            found = _FINDING_ASK_RE.search(question) or (
                titled in self.studies and not _entry_says(question, self.studies[titled].text))
            ask = LiteratureAsk(question, "", frozenset({"title"}),
                                absent="this study's findings or figures" if found else "")
        if titled is not None and ask.ref_number is None:
            # ("regorafenib resorce trial ref": the study whose title names RESORCE)
            ask = LiteratureAsk(question, "", ask.wants, ref_number=titled, absent=ask.absent)
        return ask

    def paper_asked(self, question: str) -> LiteratureAsk | None:
        """"what was the fang paper actually about?", "the asiatic acid paper - what
        pathway?", "wasn't there a vitamin D thing in the everolimus study?": a study
        named by its first author or by words of its title only (the "X paper"), asked
        what it is about, or asked of words its title says and no sentence citing it
        does: its entry answers (`_reference_answer`). None for any other question ("what
        mouse model did the Nakashima et al. study use?" is the text's to answer)."""
        m = _NAMED_PAPER_RE.search(question)
        n = self.study_called(m.group("name")) if m else None
        if m is None or n is None:
            return None
        rest = f"{question[:m.start()]} {question[m.end():]}"
        asked = _title_keys(rest) - _LITERATURE_KEYS - _ABOUT_KEYS
        cited = set().union(*(_title_keys(q) for _, q in self.citing(n)))
        if not _ABOUT_RE.search(rest) and not (asked & self.title_keys[n]) - cited:
            return None
        # ("what dose of vitamin D did they use in the everolimus study?": a result its
        # entry does not give is not given)
        found = _FINDING_ASK_RE.search(rest) and not _entry_says(rest, self.studies[n].text)
        return LiteratureAsk(question, rest, frozenset({"title"}), ref_number=n,
                             absent="this study's findings or figures" if found else "")

    def study_called(self, name: str) -> int | None:
        """The one reference `name` calls it: by its first author ("fang", "Fang et al."),
        or by words only its title has of all titles ("asiatic acid"); None otherwise."""
        named = self.studies_named(name)
        if len(named) > 1:  # (two Fang papers: the one the text calls "Fang et al.")
            named = [n for n in named if any(
                self._named_in(self.studies[n], q) for _, q in self.citing(n))] or named
        if len(named) == 1:
            return named[0]
        said = _title_keys(name) - _LITERATURE_KEYS
        having = [n for n, keys in self.title_keys.items() if said and said <= keys]
        return having[0] if len(having) == 1 and not named else None

    @staticmethod
    def shown_with(asked: str, claim: str) -> str:
        """The question as shown with the claim it was read as: "who wrote the acid one
        (“Furthermore, in 2019, Tian et al. discovered …”)"."""
        short = _short_claim(claim)
        return f"{asked.rstrip(' ?')} (“{short}”)?"

    @staticmethod
    def claim_described(state: dict[str, Any]) -> str:
        """For a question about the literature whose claim is a word or two ("who wrote
        the acid one?"): the sentence of the last two answers whose words begin with
        every such word ("... the acidic microenvironment in HCC induces ..."), when one
        does; "" otherwise."""
        ask: LiteratureAsk | None = state.get("literature")
        history = state.get("history") or ()
        if ask is None or not ask.claim or ask.ref_number is not None or not history \
                or _REVIEWS_MAKING_RE.search(ask.question):
            return ""
        terms = content_terms(ask.claim)
        words = [w for w in terms if len(w) >= 4 and w.isalpha()]
        # (a name it gives is said too: "the circUHRF1 NK cell study" is not any claim
        # about cells)
        names = [w.lower() for w in terms if not w.isalpha() and re.search(r"[a-z]", w, re.I)]
        if not 1 <= len(words) <= 2:
            return ""
        for _, answer in reversed(list(history)[-2:]):
            for claim in claims(answer):
                said = [w.lower() for w in WORD_RE.findall(claim)]
                if all(any(x.startswith(w) for x in said) for w in words) and all(
                        n in claim.lower() for n in names):
                    return claim
        return ""

    def answering(self, said: Sequence[str], question: str) -> str:
        """Of the claims an answer made, the one that answers `question`: the one holding
        most of its words, the thing it asked for counting twice and rarer words breaking
        a tie ("which chemo drug was it in the autophagy one?" -> the autophagy sentence),
        else the first; "" when there are none."""
        asked = _keys(question)
        # ("... via what pathway?" is answered by the claim naming a pathway)
        wanted = {k for m in _WANTED_RE.finditer(question) for k in _keys(m.group(1))}
        n = self.spread_of + 1

        def weight(claim: str) -> float:
            return sum(1 + (k in wanted) + math.log(n / (1 + self.spread[k])) / 10
                       for k in asked & _keys(claim))

        return max(said, key=weight, default="")

    def claim_before(self, state: dict[str, Any], name: str = "") -> tuple[str, str]:
        """For a question about the literature with no claim of its own ("what journal
        was that in?", "who showed that?", "year?", "what pathway does that paper's
        title mention?"): the claim of the last answer that answered its question (the one
        holding most of its words, the first of a tie; of those naming `name`,
        the name the conversation read "it" as, when one does), and the question as
        shown with it; ("", "") otherwise."""
        ask: LiteratureAsk | None = state.get("literature")
        history = state.get("history") or ()
        if ask is None or (ask.claim and not of_that_study(ask)) or ask.ref_number is not None \
                or not history or _REVIEWS_MAKING_RE.search(ask.question):
            return "", ""
        quoted = claims(history[-1][1])
        claim = self.answering([c for c in quoted if name and name.lower() in c.lower()] or quoted,
                          history[-1][0])
        if not claim:
            return "", ""
        short = _short_claim(claim)
        asked = ask.question
        if fragment_ask(asked) is not None:
            if set(re.findall(r"[\w#']+", asked.lower())) & _FRAGMENT_VERBS:
                # ("which paper showed it?" -> "which paper showed “Table 1 lists ...”?")
                shown, n = re.subn(r"\b(?:it|that|this)\b", f"“{short}”", asked, count=1,
                                   flags=re.I)
                return claim, shown if n else f"{asked} (“{short}”)"
            wants = sorted(ask.wants)[0]  # "year?": asked in words of its own
            return claim, _FRAGMENT_SHOWN[wants].format(f"the study behind “{short}”")
        study = _THAT_STUDY_RE.search(asked)
        if study is not None:  # ("what pathway does that paper's title mention?", "what
            #                     journal is that paper in?")
            of = "the title of " if re.search(r"title$", study.group(), re.I) else ""
            shown = f"{asked[:study.start()]}{of}the study behind “{short}”{asked[study.end():]}"
            return claim, f"{asked} (“{short}”)" if introduced_problems(asked, shown) else shown
        one = re.search(r"\b(?:that|this)\s+one\b", asked, re.I)  # "who published that one"
        if one:
            return claim, f"{asked[:one.start()]}the study behind “{short}”{asked[one.end():]}"
        said_thing = SAID_THING_RE.search(asked)  # "which study is that claim from?"
        if said_thing:
            return claim, (f"{asked[:said_thing.start()]}the {said_thing.group(1).lower()} "
                           f"“{short}”{asked[said_thing.end():]}")
        said = re.search(_LIT_VERBS + r"\s+that\b", asked, re.I)  # "who showed that"
        shown, n = (f"{asked[:said.end()]} “{short}”{asked[said.end():]}", 1) if said \
            else _THAT_RE.subn(f"the study behind “{short}”", asked, 1)
        return claim, shown if n else f"{asked} (“{short}”)"

    def _by_age(self, question: str) -> LiteratureAsk | None:
        """"What is the oldest paper the review cites?": the reference asked about is the
        earliest (or latest) by year, told first; a tie names the lowest number."""
        word = age_superlative(question)
        dated = [(s.year, n) for n, s in self.studies.items() if s.year]
        if not word or not dated:
            return None
        year, n = min(dated) if word == "earliest" else max(dated, key=lambda yn: (yn[0],
                                                                                  -yn[1]))
        tied = sum(1 for y, _ in dated if y == year)
        also = f" (one of {tied} from {year})" if tied > 1 else ""
        adjective = "oldest" if word == "earliest" else "most recent"
        lead = (f"The {adjective} study the review cites is {short_name(self.studies[n])} "
                f"({year}; ref. {n}){also}.")
        return LiteratureAsk(question, "", frozenset({"number"}), ref_number=n, lead=lead)

    # -- after the citation check
    def finish(self, answer: Answer, state: dict[str, Any] | None = None,
               reserve: int = 0) -> Answer:
        """The answer with its citations annotated; a literature question's answer leads
        with the studies behind it, within the word cap less `reserve` words (those of a
        lead the caller adds)."""
        ask: LiteratureAsk | None = (state or {}).get("literature")
        cap = self.max_words - reserve
        answer = replace(answer, citations=tuple(self._annotated(c) for c in answer.citations))
        if (state or {}).get("field_asked"):  # ("authors?": shown read as of the review)
            answer = replace(answer, question=(state or {})["field_asked"])
        if ask is None:
            return answer
        answer = replace(answer, question=ask.question)
        if ask.ref_number is not None:
            lead = ask.lead
            if ask.absent and not lead:  # (a study's results the review does not give)
                lead = PARTIAL_TEXT.format(what=ask.absent)
                answer = self._reference_answer(answer, ask, cap - len(lead.split()))
                return replace(answer, text=f"{lead} {answer.text}", abstained=True,
                               notice=f"Abstained: the review does not give {ask.absent}.")
            answer = self._reference_answer(answer, ask, cap - len(lead.split()))
            return replace(answer, text=f"{lead} {answer.text}") if lead else answer
        if ask.absent:
            return self._absent_answer(answer, ask)
        if answer.abstained or not answer.citations:
            return answer
        if not ask.plural and len(asks(ask.question)) <= 1:
            answer = _first_citation_only(answer)  # the study behind the claim, its words
        elif ask.plural and not _THOSE_RE.search(ask.question):
            answer = self._every_study_naming(answer, ask)
        lead = self.lead(ask, answer.citations)
        # (the lead names every study; the sentences after it keep to the word cap)
        answer = shorten_while(
            answer, lambda a: len(lead.split()) + len(a.text.split()) > cap)
        # ("The review does not mention miR-10b." of an aside goes before the study)
        aside = _ASIDE_NOTE_RE.match(answer.text)
        if not lead:
            return answer
        if aside:
            return replace(answer, text=f"{aside.group()}{lead} {answer.text[aside.end():]}")
        return replace(answer, text=f"{lead} {answer.text}")

    def lead(self, ask: LiteratureAsk, citations: Sequence[Citation]) -> str:
        """"The review cites Qu Z et al. (2016, J Exp Clin Cancer Res; ref. 31) for this:"."""
        studies = self.studies_behind(ask, citations)
        if not studies and citations and all(
                c.passage.section == (ARTICLE_INFORMATION,) for c in citations):
            return ""  # ("how many references does it cite?": the review's own record)
        if not studies:
            return "The review cites no study for this; it says:"
        if len(studies) >= 3 and not ask.wants & {"journal", "title"}:
            # (several studies: names, years and numbers, in few words)
            shown = ", ".join(f"{short_name(s)} {s.year or ''} (ref. {s.n})".replace("  ", " ")
                              for s in studies)
        else:
            every = bool(_AUTHORS_RE.search(ask.question))  # "who were the authors"
            shown = ", ".join(cite(s, title="title" in ask.wants, authors=every)
                              for s in studies)
        return f"The review cites {shown} for this:"

    def studies_behind(self, ask: LiteratureAsk, citations: Sequence[Citation]) -> list[Study]:
        """The studies behind the cited spans: the first citing span's (all of them when
        the question asks for studies), preferring those the question names by author
        or year."""
        groups = [[n for n in refs if n in self.studies] for c in citations
                  for refs in _sentence_refs(c.passage, c.quote)]
        groups = [g for g in groups if g] or [
            [n for n in refs if n in self.studies] for c in citations[:1]
            if (refs := _run_opening_refs(c.passage, c.quote))]
        if not groups:
            return []
        every = list(dict.fromkeys(n for g in groups for n in g))
        named = [n for n in every if self._named_in(self.studies[n], ask.question)]
        chosen = named or (every if ask.plural else groups[0])
        return [self.studies[n] for n in chosen[:_those_count(ask.question) or 6]]

    @staticmethod
    def _named_in(study: Study, question: str) -> bool:
        name = first_surname(study)
        by_name = bool(name) and len(name) >= 2 and re.search(
            r"\b" + re.escape(name) + r"\b", question) is not None
        return by_name

    def _every_study_naming(self, answer: Answer, ask: LiteratureAsk) -> Answer:
        """"Which studies does the review draw on for Linc-ROR's role?": besides the
        sentences answering the claim, one sentence for each further study the review
        cites where it names the claim's name (in any of its spellings: lincRNA-ROR),
        in the review's order; the word cap then keeps the first of them."""
        keys = {_name_key(m.group()) for m in _NAME_RE.finditer(ask.claim)}
        said = [w for w in WORD_RE.findall(_NAME_RE.sub(" ", ask.claim))
                if len(w) > 2 and w.lower() not in STOPWORDS]
        if not keys or not answer.citations or len(said) > _TOPIC_WORDS:
            return answer  # (a statement's studies are those behind the statement)
        first = keep_citations(answer, 1)  # the sentence answering the claim leads
        cited = {n for c in first.citations for n in c.refs}
        naming: dict[str, list[tuple[tuple[int, ...], Passage, str]]] = {k: [] for k in keys}
        for p in self.passages:
            for a, b in sentence_spans(p.text):
                quote = p.text[a:b]
                refs = tuple(n for n in quote_refs(p, quote) if n in self.studies)
                for key in keys & {_name_key(m.group()) for m in _NAME_RE.finditer(quote)}:
                    if refs and quote_is_exact(quote, p):
                        naming[key].append((refs, p, quote))
        found: dict[tuple[int, ...], tuple[Passage, str]] = {}
        for key in sorted(keys):
            if len({refs for refs, _, _ in naming[key]}) > _MOST_NAMING:
                continue  # (a name every section uses, "HCC": no list of its studies)
            for refs, p, quote in naming[key]:
                if refs not in found and not set(refs) <= cited:
                    found[refs] = (p, quote)
                    cited |= set(refs)
        if not found:
            return answer
        gathered = first
        for k in range(1, len(found) + 1):  # as many studies as the lead and cap allow
            citations, said = _cited_sentences(list(found.values())[:k], first.citations)
            longer = replace(first, text=" ".join([first.text, *said]), citations=tuple(
                self._annotated(c) for c in citations))
            words = len(self.lead(ask, longer.citations).split()) + len(longer.text.split())
            if words > self.max_words:
                break
            gathered = longer
        return gathered if len(gathered.citations) > 1 or gathered.text != first.text \
            else answer

    def _reference_answer(self, answer: Answer, ask: LiteratureAsk, cap: int) -> Answer:
        """"What is reference 31 about?": the entry, then the sentences citing it."""
        n = ask.ref_number or 0
        study = self.studies.get(n)
        if study is None:
            return replace(answer, text=f"The review's reference list has no reference {n}.",
                           abstained=True, citations=())
        cites = self._citing_pair(study, ask.claim)
        budget = cap - len(f"Ref. {n} is {study.text} The review cites it for:".split())
        if len(cites) == 2 and sum(len(q.split()) + 3 for _, q in cites) > budget:
            cites = cites[:1]  # (a second citing sentence only within the word cap)
        citations, said = _cited_sentences(
            sorted(cites, key=lambda pq: (pq[0].order, pq[0].text.find(pq[1]))))
        text = f"Ref. {n} is {study.text}"
        if said:
            text += " The review cites it for: " + " ".join(said)
        cited_ids = {p.id for p, _ in cites}
        top = max((r.score for r in answer.retrieved), default=0.0)
        lead = [Retrieved(passage=p, score=top + 1.0 / (1 + i))
                for i, p in enumerate(dict.fromkeys(p for p, _ in cites))]
        retrieved = (*lead, *(r for r in answer.retrieved if r.passage.id not in cited_ids))
        return replace(answer, text=text, citations=tuple(self._annotated(c) for c in citations),
                       abstained=False, retrieved=retrieved, notice="")

    def _citing_pair(self, study: Study, claim: str) -> list[tuple[Passage, str]]:
        """The two sentences citing `study` that best tell what it is cited for: the one
        sharing most words with the claim (of those, first the one naming its author:
        "Ahn et al. analyzed ...", not one only citing it), then the one going on from
        it ("After a median follow-up of 6.3 years ...")."""
        words = {w.lower() for w in WORD_RE.findall(claim)}
        def shared(quote: str) -> int:
            return len(words & {w.lower() for w in WORD_RE.findall(quote)})
        every = self.citing(study.n)
        first = sorted(every, key=lambda pq: (
            -shared(pq[1]), not self._named_in(study, pq[1])))[:1]
        if not first:
            return []
        p0, q0 = first[0]
        after = sorted((pq for pq in every if pq != first[0]), key=lambda pq: (
            -shared(pq[1]), pq[0] != p0, pq[0].text.find(pq[1]) < p0.text.find(q0)))
        return first + after[:1]

    def named_by_title(self, text: str, loose: bool = False) -> int | None:
        """The reference whose title alone uses a word of `text` (a trial's name the
        review's text never gives: "RESORCE"; with `loose`, for a question about the
        literature, any word the text uses in no form: "globocan"), or None."""
        words = self.title_words_loose if loose else self.title_words
        found = {words[w] for m in WORD_RE.finditer(text) if (w := m.group().lower()) in words}
        return found.pop() if len(found) == 1 else None

    def studies_named(self, text: str) -> list[int]:
        """The references whose first author `text` names ("shi et al.'s paper",
        "the levchenko study"), as written or in lower case; short surnames only as
        written ("Li")."""
        out = []
        for n, study in self.studies.items():
            name = first_surname(study)
            if len(name) < 2:
                continue
            flags = re.I if len(name) >= 3 else 0
            if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text, flags):
                out.append(n)
        return out

    def citing(self, n: int) -> list[tuple[Passage, str]]:
        """(passage, sentence) of every sentence whose references include `n`, in order."""
        out = []
        for p in self.passages:
            if n not in passage_refs(p):
                continue
            for a, b in sentence_spans(p.text):
                quote = p.text[a:b]
                if n in quote_refs(p, quote) and quote_is_exact(quote, p):
                    out.append((p, quote))
        return out

    def _absent_answer(self, answer: Answer, ask: LiteratureAsk) -> Answer:
        """A field the reference list does not print: a partial answer (an abstention
        that says what the review does give: the studies and the claim)."""
        text = PARTIAL_TEXT.format(what=ask.absent)
        if answer.citations and not answer.abstained:
            studies = self.studies_behind(ask, answer.citations)
            if studies:
                text += " it cites " + ", ".join(cite(s, title=True) for s in studies) + "."
            text += " " + answer.text
        return replace(answer, text=text, abstained=True,
                       notice=f"Abstained: the reference list does not print {ask.absent}.")

    # -- citations: spelling notes
    def _annotated(self, c: Citation) -> Citation:
        note = self.note_for(c.passage, c.quote)
        references = dict(c.references)
        for n in passage_refs(c.passage):
            if n in self.studies and n not in references:
                references[n] = self.studies[n].text
        return replace(c, note=note, references=references)

    def note_for(self, passage: Passage, quote: str) -> str:
        """"printed as cricTMEM181 in Table 1" for a table row printing a name otherwise
        than the text does; "" for anything else."""
        if passage.kind != "table_row" or not self.variants:
            return ""
        table = passage.section[-1] if passage.section else "the table"
        seen = []
        for cell in passage.cells.values():
            for m in WORD_RE.finditer(cell):
                tok = m.group()
                if tok in self.variants and tok not in seen and tok in quote:
                    seen.append(tok)
        return "; ".join(f"printed as {t} in {table}" for t in seen)


_THAT_RE = re.compile(r"\b(?:that|this|it)\b(?!\s+(?:the|a|an)\b)", re.I)


# "that paper's title", "the study", "its title": a study the talk has named
_THAT_STUDY_RE = re.compile(r"\b(?:that|this|the|its|their)\s+(?:(?:paper|study|article|trial|"
                            r"work)(?:'s)?\s+)?(?:title|paper|study|article|trial)\b", re.I)


# Who made the review itself ("who wrote the manuscript?", "who prepared the table?"):
# its authors' contributions, not the study behind the last claim
_REVIEWS_MAKING_RE = re.compile(r"\bwho\s+(?:wrote|drafted|prepared|made|revised|edited|"
                                r"supervised)\s+(?:the\s+|this\s+)?(?:manuscript|review|table|"
                                r"figure)s?\b", re.I)


def of_that_study(ask: LiteratureAsk) -> bool:
    """"What pathway does that paper's title mention?": a question about the study the
    talk named, its claim no name of its own (only everyday words: "pathway")."""
    return bool(_THAT_STUDY_RE.search(ask.question)) and all(
        is_everyday(w) for w in content_terms(ask.claim) if w.isalpha()) and not re.search(
        r"\d|[a-z][A-Z]|[A-Z]{2}", ask.claim)


# A yes/no question's verdict before the sentences quoted: "Yes.", "No.", "None of those."
_VERDICT_LEAD_RE = re.compile(r"^(?:Yes|No|None of those)\.\s+")
_CHOSEN_LEAD_RE = re.compile(
    "^" + re.escape(CHOICE_LEAD).replace(re.escape("{}"), "[^:]+") + r"\s*")


def claims(answer: str) -> list[str]:
    """The sentences an answer text quotes, in order: each run of words before a marker,
    past any lead and the review's references shown after the marker before it."""
    pieces = re.split(r"\s?\[\d+\]", answer)[:-1]
    out = []
    for i, piece in enumerate(pieces):
        if i == 0:
            piece = re.split(r" for this: | cites it for: | What it does say: |"
                             r" cites no study for this; it says: ", piece)[-1]
            piece = _CHOSEN_LEAD_RE.sub("", piece)  # ("Of those, pIgR: Table 1 lists ...")
            piece = FIRST_STUDY_LEAD_RE.sub("", piece)  # ("The earliest of the 3 ...: ")
            piece = _VERDICT_LEAD_RE.sub("", piece)  # ("Yes. Hirsch et al. showed ...")
        piece = re.sub(r"^\s*\(refs?\.[^)]*\)", "", piece).strip()
        if piece:
            out.append(piece)
    return out


# The thing a question asks for: "what pathway", "which chemo drug"
_WANTED_RE = re.compile(r"\b(?:what|which)\s+(?:(?:kind|type|sort)s?\s+of\s+)?((?:[\w-]+\s+)?"
                        r"[\w-]+)", re.I)


def _keys(text: str) -> set[str]:
    return {family_key(t) or t for t in content_terms(text) if t not in function_words()}




def _sentence_refs(passage: Passage, quote: str) -> list[tuple[int, ...]]:
    """The references of each sentence of a quote (a table row's quote: the row's)."""
    if passage.kind == "table_row":
        return [passage.refs]
    return [quote_refs(passage, quote[a:b]) for a, b in sentence_spans(quote)]


def _run_opening_refs(passage: Passage, quote: str) -> tuple[int, ...]:
    """For a quote citing nothing, in a paragraph whose sentences after it cite nothing
    either: the refs of the last citing sentence before it, whose account it goes on with
    ("Hao et al. reported ...[18]. In HCC cells, circPAK1 interacts with YAP ...")."""
    start = passage.text.find(quote)
    if passage.kind == "table_row" or start < 0:
        return ()
    before = [find_refs(passage.text[a:b]) for a, b in sentence_spans(passage.text)
              if b <= start]
    return next((r for r in reversed(before) if r), passage.opening_refs)


def _first_citation_only(answer: Answer) -> Answer:
    """The answer up to its first marker and that marker's reference note: a question
    about one study is answered by the span that cites it, not by every sentence."""
    return keep_citations(answer, 1)


# A name as the review writes it: digits or inner capitals (Linc-ROR, miR-21, circPAK1).
_NAME_RE = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z\-]*(?:\d|[a-z][A-Z]|[A-Z]{2})[\w\-]*"
                      r"[A-Za-z0-9]|(?<![\w-])[A-Z]{2}[\w\-]*[A-Za-z0-9]")
_MOST_NAMING = 6  # more further studies than this name a class, not one thing
# A claim of at most this many words besides its names is a topic ("Linc-ROR's role in
# drug resistance"), whose studies are all those naming it; a longer one is a statement.
_TOPIC_WORDS = 4


def _name_key(name: str) -> str:
    """One key for a name's spellings: "lincRNA-ROR", "Linc-ROR" -> "linc-ror"."""
    word = re.sub(r"-[a-z]{4,}$", "", name)  # "miR-21-enriched" is miR-21
    return re.sub(r"rna(?=-)", "", word.lower())


def _cited_sentences(cites: Sequence[tuple[Passage, str]], before: Sequence[Citation] = (),
                     ) -> tuple[list[Citation], list[str]]:
    """Citations of (passage, sentence) pairs after the `before` citations (a passage
    cited again keeps its marker, its quote widened to span both), and each sentence as
    the answer shows it: the words, the marker, the review's references."""
    citations = list(before)
    said: list[str] = []
    for p, q in cites:
        at = next((i for i, c in enumerate(citations) if c.passage_id == p.id), None)
        if at is None:
            at = len(citations)
            citations.append(Citation(marker=f"[{at + 1}]", passage_id=p.id, quote=q,
                                      passage=p))
        else:
            old = citations[at].quote
            start = min(p.text.find(old), p.text.find(q))
            end = max(p.text.find(old) + len(old), p.text.find(q) + len(q))
            citations[at] = replace(citations[at], quote=p.text[start:end])
        said.append(f"{strip_ref_brackets(q)} {citations[at].marker}{ref_note(p, q)}")
    return citations, said


def shorten_while(answer: Answer, too_long: Callable[[Answer], bool]) -> Answer:
    """The answer cut at its markers, one citation at a time, while `too_long` holds and
    more than one citation is left (and a cut is clean: `keep_citations`)."""
    while len(answer.citations) > 1 and too_long(answer):
        shorter = keep_citations(answer, len(answer.citations) - 1)
        if shorter is answer:
            break
        answer = shorter
    if len(answer.citations) == 1 and too_long(answer):
        # (one passage's two sentences, each marked [1]: the first alone)
        marker = answer.citations[0].marker
        m = re.search(re.escape(marker) + r"(?:\s\((?:ref|refs)\.[^)]*\))?", answer.text)
        if m is not None and answer.text.count(marker) > 1 and \
                answer.text[:m.end()].count("(") == answer.text[:m.end()].count(")"):
            c = answer.citations[0]
            spans = sentence_spans(c.quote)
            quote = c.quote[:spans[0][1]].rstrip() if spans else c.quote  # (what is shown)
            answer = replace(answer, text=answer.text[:m.end()].rstrip(" ;"),
                             citations=(replace(c, quote=quote),))
    return answer


def keep_citations(answer: Answer, k: int) -> Answer:
    """The answer up to its k-th marker and that marker's reference note, with its
    first k citations; unchanged when it cannot be cut there cleanly."""
    if len(answer.citations) <= k or k < 1:
        return answer
    last = answer.citations[k - 1].marker
    m = re.search(re.escape(last) + r"(?:\s\((?:ref|refs)\.[^)]*\))?", answer.text)
    if m is None:
        return answer
    text = answer.text[:m.end()]
    if text.count("(") > text.count(")"):  # (a table answer's open parenthesis)
        return answer
    return replace(answer, text=text.rstrip(" ;"), citations=answer.citations[:k])


def study_details(studies: Mapping[int, Study], refs: Sequence[int]) -> list[str]:
    """Each reference as "Qu Z et al. (2016, J Exp Clin Cancer Res; ref. 31)"."""
    return [cite(studies[n]) for n in refs if n in studies]
