"""Pure rendering for the chat app: HTML of answers and evidence, conversation export.

Nothing here imports Gradio or touches the index, so every helper is a plain function
of `qa` records that unit tests call directly. `app.py` wires these to the page.
"""

from __future__ import annotations

from ui.export import conversation_json, conversation_markdown
from ui.render import (
    answer_html,
    chat_messages,
    esc,
    evidence_html,
    highlight,
    passage_html,
    question_html,
    stream_prefixes,
    table_row_html,
)
from ui.turn import Turn

__all__ = [
    "Turn",
    "answer_html",
    "chat_messages",
    "conversation_json",
    "conversation_markdown",
    "esc",
    "evidence_html",
    "highlight",
    "passage_html",
    "question_html",
    "stream_prefixes",
    "table_row_html",
]
