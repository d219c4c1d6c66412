"""Time between two things the review dates: "how many years between the exosomal
linc-ROR paper and Shi et al.'s adriamycin paper?", "how old was the chloroquine finding
when this review came out?".

The question is cut into its two events (`gap_events`); each event is then read as a
question of its own by the assistant, and its year is the one its best evidence gives
(`evidence_year`): a table row's Year cell, the one year its sentence names, or the year
of the one study the sentence cites. "This review" is dated by the article's own
information (source.passages.article_information). The difference is worked out and said
first; each year's evidence is cited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

# A question asking for the time between two dates.
# ("difference between linc-VLDLR and linc-ROR" compares them: a difference is one of
# time only when the question speaks of years or time)
GAP_RE = re.compile(
    r"\bhow\s+(?:many\s+years|long|old)\b|\byears?\s+(?:apart|between|passed|separate|"
    r"difference|gap|after|before|from|later|earlier)\b|\b(?:gap|time)\s+between\b|"
    r"\bdifference\s+between\b(?=.*\b(?:years?|dates?|time|decades?)\b)", re.I)
_END = r"\s*[?.!]*\s*$"
# "(years) between A and B", "from A to B", "gap between A and B"
_BETWEEN_RE = re.compile(r"\b(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|till)\s+"
                         r"(?P<b>.+?)" + _END, re.I)
# "how many years after A was B", "how long before A did B"
_AFTER_RE = re.compile(r"\b(?:after|before)\s+(?P<a>.+?)\s+(?:was|were|did|is|had)\s+"
                       r"(?P<b>.+?)" + _END, re.I)
# "how old was A when B", "how long had A been around when B"
_WHEN_RE = re.compile(r"\bhow\s+old\s+(?:was|were|is)\s+(?P<a>.+?)\s+when\s+(?P<b>.+?)"
                      + _END, re.I)
# "how long ago was A (published)": the other date is the review's
_AGO_RE = re.compile(r"\bhow\s+(?:many\s+years|long)\s+ago\s+(?:was|were|did|is)\s+"
                     r"(?P<a>.+?)" + _END, re.I)
# The review itself as an event ("this review coming out", "the review was published").
REVIEW_RE = re.compile(r"^(?:when\s+)?(?:this|the)\s+(?:review|article|paper)\b"
                       r"(?!\s+(?:cites?|cited|says?|names?|mentions?|discuss\w*))", re.I)
# A year as a sentence gives one ("in 2008, there has been ..."; "2008.5" and "2,008" are
# no years), shared with the answerer.
YEAR_RE = re.compile(r"(?<![\w.,-])(?:19|20)\d\d(?![\w%-]|[.,]\d)")
_SUPERLATIVE_RE = re.compile(r"^(?:the\s+)?(?:oldest|newest|earliest|latest|most\s+recent|"
                             r"least\s+recent|first|last)\b", re.I)


def gap_events(question: str) -> tuple[str, str] | None:
    """The two events whose dates a question asks the time between, as written ("the
    exosomal linc-ROR paper", "shi et al.'s linc-ROR adriamycin paper"), or None when it
    asks no such thing. "this review" stands for the review; a bare name after a
    described first event takes its description ("the FDA approvals of sorafenib and
    lenvatinib" -> "the FDA approvals of lenvatinib")."""
    if not GAP_RE.search(question):
        return None
    for rx in (_WHEN_RE, _AFTER_RE, _BETWEEN_RE):
        m = rx.search(question)
        if m:
            a, b = _clean(m.group("a")), _clean(m.group("b"))
            if _bare_superlative(a) or _bare_superlative(b):
                return None  # "between the oldest and the newest rows": a set's span
            if a and b:
                return _with_tail(a, b), _with_head(a, b)
    m = _AGO_RE.search(question)
    if m and _clean(m.group("a")):
        return _clean(m.group("a")), "this review"
    return None


# Which of two dated things came first (or last): "A vs B - which came out first?",
# "which is older, A or B", "was A published before B?"
ORDER_RE = re.compile(
    r"\bwhich\b.*\b(?P<word>first|earlier|earliest|older|oldest|sooner|newer|newest|later|"
    r"latest|more\s+recent|most\s+recent)\b|^\W*(?:was|were|did|is|are)\b.*\b(?P<rel>before|"
    r"after|earlier\s+than|later\s+than)\b", re.I)
_LATE_WORDS = ("newer", "newest", "later", "latest", "more recent", "most recent")
# "was A (published) before B?"
_BEFORE_RE = re.compile(r"^\W*(?:was|were|did|is|are)\s+(?P<a>.+?)\s+(?:(?P<verb>published|"
                        r"approved|reported|found|done|made|out|released)\s+)?(?:before|after|"
                        r"earlier\s+than|later\s+than)\s+(?P<b>.+?)" + _END, re.I)
# ... the words asking it, left out when the two things are looked for
_ORDER_ASK_RE = re.compile(r"\bwhich\s+(?:\w+\s+){0,3}?(?:came|come|comes|was|were|is|are)\s+"
                           r"(?:\w+\s+){0,2}?(?:first|earlier|older|sooner|newer|later|more\s+"
                           r"recent)\b\s*,?", re.I)


# What stands before "before"/"after" when they tell no time: "is there ...", a verb whose
# "after" is of place or pursuit ("goes after", "looks after", "comes after the TKI")
_NOT_AN_EVENT_RE = re.compile(r"^\s*there\b|\b(?:go|goes|going|went|gone|look|looks|"
                              r"looking|looked|run|runs|running|ran)$", re.I)


class OrderAsk(NamedTuple):
    """Two things whose order is asked: which came last (`late`) or first, what was
    done to them ("approved"), and for "was A before B?" the order it asks to confirm."""

    a: str
    b: str
    late: bool = False
    verb: str = ""
    claimed: str = ""  # "before" | "after" | "" (not a yes/no question)


def order_events(question: str, pair_of: Callable[[str], tuple[str, str] | None],
                 ) -> OrderAsk | None:
    """The two things a question asks the order of (`pair_of`: the two names a text
    sets side by side, if any): "was A approved before B?" -> (A, B, verb "approved",
    claimed "before"); "A vs B - which is newer?" -> (A, B, late). None for any other
    question."""
    m = ORDER_RE.search(question)
    if m is None or GAP_RE.search(question):
        return None
    late = bool(m.group("word")) and " ".join(m.group("word").lower().split()) in _LATE_WORDS
    before = _BEFORE_RE.search(question)
    if before and (_NOT_AN_EVENT_RE.search(before.group("a"))
                   or re.match(r"[a-z]+ing\b", before.group("b"), re.I)):
        # ("is there a therapy that goes after those cells?" asks no order, nor "did it
        # still predict progression after accounting for ...?": a circumstance)
        return None
    if before and _clean(before.group("a")) and _clean(before.group("b")):
        rel = m.group("rel") or ""
        return OrderAsk(_clean(before.group("a")), _clean(before.group("b")), False,
                        before.group("verb") or "",
                        "after" if re.match(r"after|later", rel, re.I) else "before")
    pair = pair_of(_ORDER_ASK_RE.sub(" ", question)) if m.group("word") else None
    # (what was done to them dates them: "which of A and B was approved first?" asks the
    # years of the approvals, not of any study naming them; a study's year is its own)
    verb = _EVENT_VERB_RE.search(question)
    return OrderAsk(pair[0], pair[1], late, verb.group().lower() if verb else "") \
        if pair is not None else None


_EVENT_VERB_RE = re.compile(r"\b(?:approved|licensed|launched|introduced)\b", re.I)


# The first (or latest) study of a finding: "first paper showing EVs pass on tamoxifen
# resistance?", "what was the earliest study on autophagy and sorafenib?", "the most
# recent work linking exosomes to lenvatinib resistance"
_FIRST_STUDY_RE = re.compile(
    r"^\W*(?:(?:what|which)\s+(?:was|is|were|are)\s+)?(?:the\s+)?(?:very\s+)?"
    r"(?P<word>first|earliest|oldest|newest|latest|most\s+recent)\s+"
    r"(?:study|paper|report|publication|work|evidence|article)\s+"
    r"(?:(?:that\s+|to\s+)?(?:show(?:ed|ing|s)?|found|finding|report(?:ed|ing|s)?|"
    r"demonstrat(?:ed|ing|es)|link(?:ed|ing|s)?|tie[sd]?|tying|connect(?:ed|ing|s)?|"
    r"about|on|of|for|into)\s+)?(?P<claim>.{8,}?)" + _END, re.I)


# ... asked as who did it first: "who first showed EVs pass on tamoxifen resistance, and
# in what journal?" (what else is asked of that study is the reference list's to say)
_WHO_FIRST_RE = re.compile(
    r"^\W*(?:and\s+)?(?:who|which\s+(?:study|paper|group|team|lab|authors?|researchers))\s+"
    r"(?:was\s+the\s+)?first\s+(?:to\s+)?(?:show|found|find|report|demonstrat|describ|"
    r"discover|link|identif)\w*\s+(?:that\s+)?(?P<claim>.{8,}?)"
    r"(?:,?\s+and\s+(?:in\s+)?(?:what|which|when|where|who)\b.*)?" + _END, re.I)


class FirstStudyAsk(NamedTuple):
    """The finding whose first (or, `late`, latest) study is asked for; `who`: asked as
    who found it first."""

    claim: str
    late: bool
    who: bool = False


def first_study_ask(question: str) -> FirstStudyAsk | None:
    """"first paper showing EVs pass on tamoxifen resistance?" -> ("EVs pass on
    tamoxifen resistance", early); None for any other question ("which came first, A or
    B?" is `order_events`'s; "the first FDA-approved drug" asks for no study)."""
    if GAP_RE.search(question):
        return None
    who = _WHO_FIRST_RE.match(question)
    if who is not None:
        return FirstStudyAsk(who.group("claim").strip(), False, True)
    m = _FIRST_STUDY_RE.match(question)
    if m is None:
        return None
    word = " ".join(m.group("word").lower().split())
    return FirstStudyAsk(m.group("claim").strip(), word in _LATE_WORDS)


# ... that lead, as an answer's text begins with it
FIRST_STUDY_LEAD_RE = re.compile(
    r"^The (?:earliest|most recent|one dated) (?:of the \d+ studies|study) the review gives "
    r"for this is .+?(?:; the others are from [\d, and]+)?:\s")


def first_study_lead(ask: FirstStudyAsk, year: int, others: Sequence[int],
                     name: str = "") -> str:
    """"The earliest of the 3 studies the review gives for this is Hartley et al. (2015;
    ref. 39); the others are from 2019 and 2021:", "... is from 2015" when the study
    has no name."""
    word = "most recent" if ask.late else "earliest"
    said = name or f"from {year}"
    if not others:
        return f"The one dated study the review gives for this is {said}:"
    years = [str(y) for y in sorted(others)]
    listed = years[0] if len(years) == 1 else f"{', '.join(years[:-1])} and {years[-1]}"
    return (f"The {word} of the {len(others) + 1} studies the review gives for this is "
            f"{said}; the others are from {listed}:")


def order_lead(ask: OrderAsk, year_a: int, year_b: int) -> str:
    """"pIgR (2022) came before S100A10 (2023):", the later first when the question asks
    which came last, "No. ..." or "Yes. ..." first when it asks to confirm an order;
    "Both in 2020:" for a tie."""
    (a, first), (b, last) = sorted(((ask.a, year_a), (ask.b, year_b)), key=lambda x: x[1])
    a, b = (w[:1].upper() + w[1:] if w.islower() else w for w in (a, b))
    if first == last:
        return f"{'No. ' if ask.claimed else ''}Both in {first}:"
    said = f"{b} ({last}) came after {a} ({first}):" if ask.late \
        else f"{a} ({first}) came before {b} ({last}):"
    if ask.claimed:
        holds = (year_a < year_b) == (ask.claimed == "before")
        said = f"{'Yes' if holds else 'No'}. {said}"
    return said


def _bare_superlative(event: str) -> bool:
    """"the oldest", "the newest table 1 rows": the first or last of a set, no event."""
    m = _SUPERLATIVE_RE.match(event)
    return m is not None and not re.sub(
        r"\b(?:table|\d+|rows?|entries|entry|studies|study|ones?|papers?|in|of|the)\b", " ",
        event[m.end():], flags=re.I).strip()


def _clean(event: str) -> str:
    """An event as asked, without the words that only frame the question."""
    event = re.sub(r"^(?:the\s+)?years?\s+(?:of\s+)?", "", event.strip(), flags=re.I)
    event = re.sub(r"\s+(?:published|came\s+out|come\s+out|coming\s+out|appeared|"
                   r"was\s+published|were\s+published|reported)$", "", event, flags=re.I)
    return event.strip(" ,;:'\"")


def _with_head(a: str, b: str) -> str:
    """"lenvatinib" after "the FDA approvals of sorafenib" is "the FDA approvals of
    lenvatinib": a bare name takes the description the first event gave its name."""
    if len(b.split()) > 2 or REVIEW_RE.match(b):
        return b
    m = re.match(r"^(.+\s(?:of|for|on|from|with|by))\s+\S+$", a, re.I)
    return f"{m.group(1)} {b}" if m else b


def _with_tail(a: str, b: str) -> str:
    """"the sorafenib" before "lenvatinib FDA approvals" is "the sorafenib FDA
    approvals": a bare name takes the description the second event gives its name
    after it (one name word, then the words describing both)."""
    bare = re.sub(r"^the\s+", "", a, flags=re.I)
    words = re.sub(r"^the\s+", "", b, flags=re.I).split()
    if len(bare.split()) != 1 or len(words) < 2 or REVIEW_RE.match(b) or REVIEW_RE.match(a):
        return a
    return f"{bare} {' '.join(words[1:])}"


def stated_year(display: str, cells: Mapping[str, str]) -> int | None:
    """The year a piece of evidence states: a table row's Year cell, or the one year its
    sentence names."""
    for column, value in cells.items():
        if column.lower().startswith("year") and YEAR_RE.fullmatch(value.strip()):
            return int(value.strip())
    found = set(YEAR_RE.findall(display))
    return int(found.pop()) if len(found) == 1 else None


def evidence_year(display: str, cells: Mapping[str, str], refs: tuple[int, ...],
                  ref_year: Callable[[int], int | None]) -> int | None:
    """The year a piece of evidence gives: a table row's Year cell, the one year its
    sentence names, else the year of the one study (or studies of one year) it cites."""
    stated = stated_year(display, cells)
    if stated is not None:
        return stated
    years = {y for n in refs if (y := ref_year(n)) is not None}
    return years.pop() if len(years) == 1 else None


def years_apart_lead(first: int, second: int) -> str:
    """"9 years apart (2014 and 2023):", earlier year first; "Both in 2020:" for none."""
    a, b = sorted((first, second))
    if a == b:
        return f"Both in {a}:"
    return f"{b - a} year{'s' if b - a != 1 else ''} apart ({a} and {b}):"
