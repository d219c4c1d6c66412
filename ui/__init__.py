"""The chat app without Gradio: HTML of answers and evidence, conversation export, and
(``ui.service.ChatService``, imported from there) answering a conversation.

Nothing here imports Gradio, so every helper is a plain function of `qa` records (or a
method of the service) that unit tests call directly. `app.py` wires these to the page.
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
