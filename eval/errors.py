"""The eval stage's domain errors: each message says what is wrong and what to change.

The CLI (``python -m eval``) prints the message and exits non-zero; no traceback is shown
for a user's mistake.
"""

from __future__ import annotations


class EvalError(Exception):
    """A user-facing problem with an eval run (a missing run folder, a bad results file...)."""


class QuestionFileError(EvalError):
    """A questions file that does not follow the format of DESIGN.md.

    ``problems`` holds one line per problem, each starting with ``path:line:``; the message
    lists them all, so a broken file is fixed in one pass.
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = list(problems)
        head = f"{path}: {len(self.problems)} problem(s); nothing was run:"
        super().__init__("\n  ".join([head, *self.problems]))


def positive_int(text: str) -> int:
    """argparse type for counts (--limit, --clients): a whole number of at least 1."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value
