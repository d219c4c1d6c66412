"""The prompt of one question: the best retrieved passages, numbered inside per-request
random delimiters (``<<passages-3f9a…>> … <</passages-3f9a…>>``), which the model is
told are data."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from qa.prompts import ABSTAIN_TEXT, LLM_SYSTEM, LLM_USER
from qa.verify import strip_ref_brackets
from source.model import Passage

MAX_SENTENCES = 4  # the prompt asks for at most this many sentences


def new_tag() -> str:
    """A fresh delimiter tag for one request (12 hex digits: not guessable by a passage)."""
    return secrets.token_hex(6)


def passage_block(passages: Sequence[Passage]) -> str:
    """The numbered passages as the model reads them: [n] (section) text.

    The review's own reference brackets ([14]) are dropped so that they cannot be taken
    for passage markers, and '<<' / '>>' are defused so no text can pose as a delimiter.
    """
    lines = []
    for n, p in enumerate(passages, start=1):
        text = re.sub(r"\s+", " ", strip_ref_brackets(p.text)).strip()
        section = p.section_path or p.kind
        entry = f"[{n}] ({section}) {text}"
        lines.append(entry.replace("<<", "‹‹").replace(">>", "››"))
    return "\n\n".join(lines)


def build_messages(question: str, passages: Sequence[Passage],
                   tag: str | None = None) -> list[BaseMessage]:
    """System and user messages for one question over its numbered passages."""
    tag = tag or new_tag()
    fill = {"tag": tag, "abstain": ABSTAIN_TEXT, "max_sentences": MAX_SENTENCES}
    return [
        SystemMessage(content=LLM_SYSTEM.format(**fill)),
        HumanMessage(content=LLM_USER.format(passages=passage_block(passages),
                                             question=question, **fill)),
    ]
