"""Time between two dated things (qa/dates.py): cutting a question into its two events,
reading a year off a piece of evidence, and the lead the answer opens with. Pure
functions; the assistant's use of them is in test_qa_user_style.py."""

from __future__ import annotations

import pytest

from qa.dates import (
    REVIEW_RE,
    FirstStudyAsk,
    OrderAsk,
    evidence_year,
    first_study_ask,
    first_study_lead,
    gap_events,
    order_events,
    order_lead,
    years_apart_lead,
)


@pytest.mark.parametrize(("question", "events"), [
    ("how many years passed between Takahashi's lincRNA-ROR report and the Tian paper?",
     ("Takahashi's lincRNA-ROR report", "the Tian paper")),
    ("years from the first circRNA study to this review coming out",
     ("the first circRNA study", "this review")),
    ("how long before this review came out was lenvatinib approved?",
     ("this review", "lenvatinib approved")),
    ("how old was the chloroquine finding when the review was published",
     ("the chloroquine finding", "the review")),
    # a bare name after a described event takes its description
    ("how many years between the approvals of sorafenib and lenvatinib",
     ("the approvals of sorafenib", "the approvals of lenvatinib")),
    # ... and a bare name before a described one takes the description after it
    ("time between the regorafenib and everolimus FDA approvals?",
     ("regorafenib FDA approvals", "everolimus FDA approvals")),
    ("how many years between the miR-21 and the miR-494-3p studies",
     ("miR-21 studies", "the miR-494-3p studies")),
    ("years between the linc-ROR paper and the circPAK1 study",
     ("the linc-ROR paper", "the circPAK1 study")),
])
def test_a_question_on_the_time_between_two_things_is_cut_into_them(
        question: str, events: tuple[str, str]) -> None:
    assert gap_events(question) == events


@pytest.mark.parametrize("question", [
    "difference between linc-VLDLR and linc-ROR",  # a comparison, not a time
    "how does exosome release work?",
    "what span of years do the table 1 studies cover",  # the table's own years
    "how many years between the oldest and the newest table 1 rows?",  # a set's span
])
def test_other_questions_ask_no_time_between_things(question: str) -> None:
    assert gap_events(question) is None


def test_this_review_is_the_review_not_what_it_cites() -> None:
    assert REVIEW_RE.match("this review") and REVIEW_RE.match("the review")
    assert not REVIEW_RE.match("the review cites")


def test_a_year_comes_from_the_row_the_sentence_or_the_one_study_cited() -> None:
    years = {1: 2014, 2: 2019, 3: 2019}.get
    assert evidence_year("Table 1 lists X", {"Year": "2016"}, (1,), years) == 2016
    assert evidence_year("In 2015, miR-21 was found.", {}, (1,), years) == 2015
    assert evidence_year("Takahashi et al. found it.", {}, (1,), years) == 2014
    assert evidence_year("Two studies found it.", {}, (2, 3), years) == 2019  # one year
    assert evidence_year("Studies found it.", {}, (1, 2), years) is None  # two years
    assert evidence_year("Between 2014 and 2019 it grew.", {}, (), years) is None


def test_the_lead_puts_the_earlier_year_first() -> None:
    assert years_apart_lead(2023, 2014) == "9 years apart (2014 and 2023):"
    assert years_apart_lead(2018, 2019) == "1 year apart (2018 and 2019):"
    assert years_apart_lead(2020, 2020) == "Both in 2020:"


def _pair(text: str) -> tuple[str, str] | None:
    # (the assistant passes its own reading of names set side by side)
    import re
    m = re.search(r"(\w[\w-]*) (?:or|vs) (?:the )?(\w[\w-]*)", text)
    return (m.group(1), m.group(2)) if m else None


@pytest.mark.parametrize(("question", "expected"), [
    ("which came first, circZFR or circPAK1?", OrderAsk("circZFR", "circPAK1")),
    ("miR-21 vs linc-ROR - which one is more recent", OrderAsk("miR-21", "linc-ROR", True)),
    ("was lenvatinib approved before sorafenib?",
     OrderAsk("lenvatinib", "sorafenib", False, "approved", "before")),
    ("were the pIgR results reported later than S100A10's",
     OrderAsk("the pIgR results", "S100A10's", False, "reported", "after")),
    # (what was done to them dates them: the approvals, not a study naming them)
    ("sorafenib vs lenvatinib - which was approved first?",
     OrderAsk("sorafenib", "lenvatinib", False, "approved")),
])
def test_a_question_on_which_came_first_is_cut_into_its_two_things(
        question: str, expected: OrderAsk) -> None:
    assert order_events(question, _pair) == expected


@pytest.mark.parametrize("question", [
    "which drug came first to the clinic?",     # one thing, no pair
    "how many years between circZFR and circPAK1",  # a time between them
    "what does circPAK1 do",
    # ("after" of pursuit, and "is there ...", tell no time)
    "is there any exosome therapy that goes after those cd133 cells",
    "is circPAK1 the one that goes after YAP",
    # ("after accounting for ..." is a circumstance of the finding, not a second event)
    "Did plasma EV MGMT mRNA still predict progression after accounting for tumor MGMT "
    "promoter methylation?",
])
def test_other_questions_ask_no_order(question: str) -> None:
    assert order_events(question, _pair) is None


def test_the_order_lead_says_which_came_first_and_answers_a_yes_no_question() -> None:
    assert order_lead(OrderAsk("S100A10", "pIgR"), 2023, 2022) == \
        "pIgR (2022) came before S100A10 (2023):"
    assert order_lead(OrderAsk("S100A10", "pIgR", late=True), 2023, 2022) == \
        "S100A10 (2023) came after pIgR (2022):"
    asked = OrderAsk("lenvatinib", "sorafenib", False, "approved", "before")
    assert order_lead(asked, 2018, 2008) == "No. Sorafenib (2008) came before Lenvatinib (2018):"
    assert order_lead(asked._replace(claimed="after"), 2018, 2008).startswith("Yes. ")
    assert order_lead(asked, 2020, 2020) == "No. Both in 2020:"


@pytest.mark.parametrize(("question", "claim", "late"), [
    ("first paper showing EVs pass on tamoxifen resistance?",
     "EVs pass on tamoxifen resistance", False),
    ("what was the earliest study on autophagy and sorafenib?", "autophagy and sorafenib", False),
    ("the most recent work linking exosomes to lenvatinib resistance",
     "exosomes to lenvatinib resistance", True),
])
def test_a_question_on_the_first_study_of_a_finding_is_read(question: str, claim: str,
                                                            late: bool) -> None:
    assert first_study_ask(question) == FirstStudyAsk(claim, late)


@pytest.mark.parametrize(("question", "claim"), [
    ("who first showed EVs pass on tamoxifen resistance and in what journal",
     "EVs pass on tamoxifen resistance"),
    ("which group was the first to report that blocking autophagy boosts sorafenib, and "
     "when?", "blocking autophagy boosts sorafenib"),
])
def test_who_found_a_thing_first_asks_its_first_study(question: str, claim: str) -> None:
    assert first_study_ask(question) == FirstStudyAsk(claim, False, True)


@pytest.mark.parametrize("question", [
    "what was the first FDA-approved drug for HCC?",  # no study asked for
    "who was the first author of the sorafenib paper?",  # no finding
    "which came first, the linc-ROR paper or the S100A10 one?",
    "earliest study?",  # no finding
    "how many years between the first study and the review?",
])
def test_other_questions_ask_no_first_study(question: str) -> None:
    assert first_study_ask(question) is None


def test_the_first_study_lead_names_it_and_the_others_years() -> None:
    early, late = FirstStudyAsk("x", False), FirstStudyAsk("x", True)
    assert first_study_lead(early, 2015, [2021, 2019], "Hartley et al. (2015; ref. 39)") == (
        "The earliest of the 3 studies the review gives for this is Hartley et al. (2015; "
        "ref. 39); the others are from 2019 and 2021:")
    assert first_study_lead(late, 2023, [2020]) == (
        "The most recent of the 2 studies the review gives for this is from 2023; the others "
        "are from 2020:")
    assert first_study_lead(early, 2011, []) == \
        "The one dated study the review gives for this is from 2011:"
