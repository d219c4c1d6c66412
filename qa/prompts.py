"""Fixed wording the assistant uses, in one place so tests and the UI can refer to it."""

from __future__ import annotations

# Said when the review does not answer the question. Tests assert on this constant.
ABSTAIN_TEXT = "The review does not address this question."
ABSTAIN_DETAIL = (
    "No passage of the review supports an answer; the closest passages are listed as "
    "closest evidence, not as citations."
)
EMPTY_QUESTION = "Please type a question about the review."
TOO_LONG_QUESTION = (
    "The question is {n:,} characters long; the limit is {limit:,}. "
    "Please ask a shorter question."
)
