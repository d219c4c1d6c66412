"""Answering stage: `Assistant().ask(question, history)` -> `Answer` with checked citations."""

from __future__ import annotations

from qa.assistant import Assistant
from qa.errors import QuestionError
from qa.prompts import ABSTAIN_TEXT
from qa.types import Answer, Citation, Retrieved

__all__ = ["ABSTAIN_TEXT", "Answer", "Assistant", "Citation", "QuestionError", "Retrieved"]
