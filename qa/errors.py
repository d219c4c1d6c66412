"""Errors a user can cause when asking; the CLI prints them, the app shows them."""

from __future__ import annotations


class QuestionError(ValueError):
    """The question cannot be asked as it is (empty, too long); the message says why."""
