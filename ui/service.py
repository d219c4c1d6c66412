"""The chat service: what the page does, without Gradio.

A `ChatService` wraps one assistant. It cleans a question, answers it (extractively, or
with the LLM streamed as a draft), keeps a conversation as `Turn`s, exports it, and
answers the ``/ask`` API in the results format. ``app.build_app`` wires these to
widgets; unit tests call them directly.

Answers run at once: nothing here serialises them. The assistant takes ``k`` per call
(``Assistant.ask`` hands it to ``HybridRetriever.retrieve``) and keeps no per-question
state; its caches hold deterministic results. Only LLM answers take turns: one model
writes one answer at a time anyway, and the LLM answerer and its chat model are built
on the first LLM question.
"""

from __future__ import annotations

import atexit
import inspect
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qa.assistant import clean_question
from source.bibliography import to_bibtex, to_ris
from source.studies import Study, build_studies, studies_for_refs
from ui.export import conversation_json, conversation_markdown
from ui.render import citation_info
from ui.turn import EXTRACTIVE, Turn

EXPORT_MAX_AGE_S = 3600  # exports older than this are deleted (Gradio keeps its own copy)


class RequestError(ValueError):
    """A malformed ``/ask`` request (history or k); the message says what is wrong."""


def provenance(assistant: Any) -> dict[str, Any]:
    """What produced the answers: review, index fingerprint, models; goes into exports."""
    review = assistant.review
    manifest = getattr(assistant.index, "manifest", None)
    return {
        "review": {"title": review.title, "authors": review.authors,
                   "citation": review.citation, "doi": review.doi},
        "index_fingerprint": assistant.fingerprint,
        "embedding_model": getattr(manifest, "model", ""),
        "llm": assistant.settings.llm or "",
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


class ChatService:
    """One assistant behind the chat page; `notify` shows an informational message."""

    def __init__(self, assistant: Any, *, notify: Callable[[str], None] | None = None,
                 export_root: Path | None = None) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        self.notify = notify or (lambda _message: None)
        self.accepts_answerer = "answerer" in inspect.signature(assistant.ask).parameters
        if export_root is None:
            export_root = Path(tempfile.mkdtemp(prefix="qa-app-exports-"))
            atexit.register(shutil.rmtree, export_root, ignore_errors=True)
        self.export_root = export_root
        self._llm_turns = threading.Lock()
        review = assistant.review
        self.studies: list[Study] = build_studies(getattr(review, "references", None) or {},
                                                  getattr(assistant, "passages", ()))

    # -- what the page offers ------------------------------------------------------------
    @property
    def k_max(self) -> int:
        """The largest k the page's slider offers."""
        n = len(getattr(self.assistant, "passages", [])) or 50
        return max(2, self.settings.k, min(50, n))

    def answerers(self) -> list[tuple[str, str]]:
        """(label, value) of the answerers the page offers: the LLM only when configured."""
        out = [("Extractive: quotes the review, no LLM", EXTRACTIVE)]
        if self.settings.llm:
            out.append((f"LLM: {self.settings.llm}", "llm"))
        return out

    def model_name(self) -> str:
        return str(getattr(getattr(self.assistant.index, "manifest", None), "model", ""))

    # -- answering -----------------------------------------------------------------------
    def clean(self, question: object) -> str:
        """The question as it will be asked; QuestionError (with the message) if it cannot."""
        return clean_question(question, self.settings.max_question_chars)

    def answer(self, question: str, turns: Sequence[Turn], k: int,
               answerer: str) -> Iterator[str | Turn]:
        """The next turn of a conversation: with the LLM (when the engine streams), its
        draft text as it grows, then the checked Turn; otherwise the Turn alone."""
        if answerer == "llm" and hasattr(self.assistant, "stream"):
            yield from self._stream(question, turns, k)
        else:
            yield self.ask(question, turns, k, answerer)

    def ask(self, question: str, turns: Sequence[Turn], k: int, answerer: str) -> Turn:
        """Answer one question after `turns` (their questions and answers are the history)."""
        kwargs: dict[str, Any] = {}
        used = EXTRACTIVE
        if answerer != EXTRACTIVE:
            if self.accepts_answerer:
                kwargs["answerer"] = answerer
                used = answerer
            else:
                self.notify("This version of the engine has no LLM answerer yet; "
                            "answered extractively.")
        answer = self.assistant.ask(question, history=history_of(turns), k=k, **kwargs)
        return self.turn(answer, turns, k, used)

    def turn(self, answer: Any, turns: Sequence[Turn], k: int, answerer: str) -> Turn:
        """`answer` as the next Turn, with the references of every retrieved passage."""
        passages = [r.passage for r in answer.retrieved] + [c.passage for c in answer.citations]
        refs = {p.id: self.assistant.references_of(p) for p in passages}
        return Turn(number=len(turns) + 1, answer=answer, k=k, answerer=answerer,
                    references=refs)

    def _stream(self, question: str, turns: Sequence[Turn], k: int) -> Iterator[str | Turn]:
        """The LLM answer as growing draft text, then the checked Turn. The model runs in
        a worker thread, so a reader that stops early does not hold it."""
        history = history_of(turns)
        items: queue.Queue[object] = queue.Queue()

        def work() -> None:
            try:
                with self._llm_turns:
                    for item in self.assistant.stream(question, history=history, k=k,
                                                      answerer="llm"):
                        items.put(item)
            except BaseException as exc:  # handed to the reader, which raises it
                items.put(exc)
            items.put(None)

        threading.Thread(target=work, daemon=True).start()
        draft = ""
        while (item := items.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            if isinstance(item, str):
                draft += item
                yield draft
            else:
                yield self.turn(item, turns, k, "llm")

    # -- the /ask API ----------------------------------------------------------------------
    def api_answer(self, question: str, history: Any = None, k: Any = None) -> dict[str, Any]:
        """One answer in the results format (DESIGN.md), with the index fingerprint.

        RequestError for a malformed history or k; QuestionError for a question that
        cannot be asked; IndexStageError when the index cannot answer.
        """
        try:
            hist = [(str(q), str(a)) for q, a in (history or [])]
        except (TypeError, ValueError) as exc:
            raise RequestError("history must be a list of [question, answer] pairs") from exc
        try:
            n = self.settings.k if not k else max(1, min(100, int(k)))
        except (TypeError, ValueError) as exc:
            raise RequestError("k must be a whole number of passages") from exc
        out: dict[str, Any] = self.assistant.ask(question, history=hist, k=n).to_json()
        out["index_fingerprint"] = self.assistant.fingerprint
        return out

    # -- export ----------------------------------------------------------------------------
    def _export_folder(self) -> Path:
        """A fresh folder for one export; folders older than an hour are deleted first."""
        # Gradio copies each file into its own cache (cleaned by delete_cache), so these
        # copies are only needed briefly.
        cutoff = time.time() - EXPORT_MAX_AGE_S
        for old in self.export_root.iterdir():
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        return Path(tempfile.mkdtemp(dir=self.export_root))

    def export(self, turns: Sequence[Turn]) -> tuple[str, str]:
        """The conversation as a Markdown and a JSON file; their paths."""
        folder = self._export_folder()
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        prov = provenance(self.assistant)
        md = folder / f"conversation-{stamp}.md"
        md.write_text(conversation_markdown(turns, prov), encoding="utf-8")
        js = folder / f"conversation-{stamp}.json"
        js.write_text(conversation_json(turns, prov), encoding="utf-8")
        return str(md), str(js)

    def studies_behind(self, turn: Turn) -> list[Study]:
        """The studies behind a turn's citations: each citation's refs, in answer order."""
        refs = [n for c in turn.answer.citations for n in citation_info(c)[0]]
        return studies_for_refs(self.studies, refs)

    def export_studies(self, turns: Sequence[Turn]) -> tuple[str, str] | None:
        """The studies behind the latest answer as a BibTeX and a RIS file (their paths);
        None when there is no answer or it cites no study."""
        studies = self.studies_behind(turns[-1]) if turns else []
        if not studies:
            return None
        folder = self._export_folder()
        source = getattr(self.assistant.review, "citation", "") or ""
        bib = folder / f"studies-q{turns[-1].number}.bib"
        bib.write_text(to_bibtex(studies, source), encoding="utf-8")
        ris = folder / f"studies-q{turns[-1].number}.ris"
        ris.write_text(to_ris(studies, source), encoding="utf-8")
        return str(bib), str(ris)


def history_of(turns: Sequence[Turn]) -> list[tuple[str, str]]:
    """A conversation's (question, answer text) pairs, oldest first."""
    return [(t.answer.question, t.answer.text) for t in turns]
