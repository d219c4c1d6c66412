"""The LLM answerer: ask the chat model within a timeout, check its reply, and fold the
checked sentences into the verified Answer."""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from index.embeddings import encode_texts
from qa.errors import QuestionError
from qa.extractive import Draft, Unit
from qa.llm.backends import LLMUnavailable, brief, build_chat_model
from qa.llm.check import CheckedSentence, SupportChecker
from qa.llm.parse import PROSE_WORD_RE, is_abstention, parse_sentence, split_reply
from qa.llm.prompt import build_messages
from qa.prompts import LLM_FALLBACK_NOTICE, UNSUPPORTED_PREFIX, UNSUPPORTED_SUFFIX
from qa.types import Answer, Retrieved
from qa.verify import strip_ref_brackets
from source.model import Passage

ANSWERERS = ("extractive", "llm")
MAX_REPLY_CHARS = 4000  # a runaway reply is cut here (the prompt asks for a short answer)


@dataclass(frozen=True)
class LLMDraft(Draft):
    """A Draft whose units are the supported sentences' spans, with every reply sentence."""

    sentences: tuple[CheckedSentence, ...] = ()
    markers_removed: int = 0


@dataclass
class LLMOutcome:
    """What the LLM step produced: a draft, or the reason it failed (then `draft` is None
    and the extractive answer is given with a notice)."""

    draft: LLMDraft | None = None
    error: str = ""
    skipped: str = ""  # why the LLM was not asked (the extractive answer is given)
    reply: str = ""
    timings: dict[str, float] = field(default_factory=dict)


class LLMAnswerer:
    """Writes an answer with a chat model and checks it. One per Assistant.

    `chat_model` may be any LangChain chat model; by default it is built from the
    settings on first use (and built again on the next question if that failed).
    """

    def __init__(self, settings: Any, chat_model: BaseChatModel | None = None,
                 checker: SupportChecker | None = None) -> None:
        self.settings = settings
        self._model = chat_model
        self.checker = checker or SupportChecker()
        self.timeout_s = float(settings.llm_timeout)
        self.max_passages = int(settings.llm_passages)
        self._lock = threading.Lock()  # one generation at a time per model

    @property
    def configured(self) -> bool:
        return self._model is not None or bool(self.settings.llm)

    def model(self) -> BaseChatModel:
        if self._model is None:
            self._model = build_chat_model(self.settings)
        return self._model

    def passages_for(self, retrieved: Sequence[Retrieved]) -> list[Passage]:
        """The passages the prompt numbers: the best retrieved, without repeats."""
        seen: dict[str, Passage] = {}
        for r in retrieved:
            seen.setdefault(r.passage.id, r.passage)
            if len(seen) >= self.max_passages:
                break
        return list(seen.values())

    def stream_reply(self, messages: list[BaseMessage]) -> Iterator[str]:
        """The model's reply in chunks, within the timeout; LLMUnavailable otherwise.

        The model runs in a worker thread so that a backend with no timeout of its own
        (llama.cpp) cannot hold the question past the deadline; a worker left behind is
        told to stop at its next token, and the next question waits for it.
        """
        model = self.model()
        deadline = time.monotonic() + self.timeout_s
        if not self._lock.acquire(timeout=self.timeout_s):
            raise LLMUnavailable(f"the model is still busy after {self.timeout_s:g} s")
        chunks: queue.Queue[tuple[str, Any]] = queue.Queue()
        cancel = threading.Event()

        def work() -> None:
            try:
                stream = model.stream(messages)
                try:
                    for chunk in stream:
                        text = _chunk_text(chunk)
                        if text:
                            chunks.put(("chunk", text))
                        if cancel.is_set():
                            break
                finally:
                    close = getattr(stream, "close", None)
                    if callable(close):
                        close()
                chunks.put(("done", None))
            except BaseException as exc:  # handed to the reader, which raises LLMUnavailable
                chunks.put(("error", exc))
            finally:
                self._lock.release()

        threading.Thread(target=work, name="llm-generate", daemon=True).start()
        size = 0
        try:
            while True:
                remaining = deadline - time.monotonic()
                try:
                    kind, value = chunks.get(timeout=max(0.0, remaining))
                except queue.Empty:
                    raise LLMUnavailable(f"no complete answer within {self.timeout_s:g} s "
                                         "(QA_LLM_TIMEOUT)") from None
                if kind == "done":
                    return
                if kind == "error":
                    raise LLMUnavailable(brief(value)) from value
                yield value
                size += len(value)
                if size > MAX_REPLY_CHARS:
                    return
        finally:
            cancel.set()

    def compose_stream(self, question: str,
                       retrieved: Sequence[Retrieved]) -> Iterator[str | LLMOutcome]:
        """The reply's chunks as the model writes them, then the checked LLMOutcome.
        A backend failure ends it with an outcome that carries the reason; never raises."""
        t0 = time.perf_counter()
        passages = self.passages_for(retrieved)
        if not passages:
            yield LLMOutcome(error="no passage was retrieved", timings={"llm_failed": 1.0})
            return
        parts: list[str] = []
        first: float | None = None
        try:
            for chunk in self.stream_reply(build_messages(question, passages)):
                if first is None:
                    first = _ms(t0)
                parts.append(chunk)
                yield chunk
        except LLMUnavailable as exc:
            yield LLMOutcome(error=str(exc), reply="".join(parts),
                             timings={"llm_ms": _ms(t0), "llm_failed": 1.0})
            return
        reply = "".join(parts)
        timings = {"llm_ms": _ms(t0), "llm_first_token_ms": first or _ms(t0)}
        t1 = time.perf_counter()
        draft = self.check(reply, passages, question)
        timings["llm_check_ms"] = _ms(t1)
        yield LLMOutcome(draft=draft, reply=reply, timings=timings)

    def compose(self, question: str, retrieved: Sequence[Retrieved]) -> LLMOutcome:
        """Ask the model and check its reply (see compose_stream)."""
        outcome = LLMOutcome(error="the model gave no reply")
        for item in self.compose_stream(question, retrieved):
            if isinstance(item, LLMOutcome):
                outcome = item
        return outcome

    def check(self, reply: str, passages: Sequence[Passage], question: str = "") -> LLMDraft:
        """The reply read into sentences, markers mapped, each sentence checked."""
        raw = split_reply(reply)
        said_abstain = any(is_abstention(s) for s in raw)
        parsed = [parse_sentence(s, len(passages)) for s in raw if not is_abstention(s)]
        parsed = [p for p in parsed if PROSE_WORD_RE.search(p.text)]
        checked = self.checker.check(parsed, passages, question)
        removed = sum(len(s.unknown) for s in checked)
        units = tuple(
            Unit(display=s.text, passage=sup.passage, quote=sup.quote,
                 score=sup.recall, coverage=sup.recall, similarity=sup.cosine or 0.0)
            for s in checked for sup in s.supports
        )
        if not units:
            if said_abstain:
                reason = "the LLM found no answer in the passages"
            elif not checked:
                reason = "the LLM's reply held no sentence"
            else:
                said = " ".join(flag_unsupported(c.text) for c in checked)
                if len(said) > 300:
                    said = said[:297] + "..."
                reason = (f"none of the LLM's {len(checked)} sentence(s) was supported by "
                          f"the passages given: {said}")
            return LLMDraft(units=(), abstained=True, reason=reason,
                            sentences=tuple(checked), markers_removed=removed)
        return LLMDraft(units=units, abstained=False, sentences=tuple(checked),
                        markers_removed=removed)


def resolve_answerer(name: str | None) -> str:
    """ "extractive" (the default, also for None) or "llm"; QuestionError otherwise."""
    value = (name or "extractive").strip().lower()
    if value not in ANSWERERS:
        raise QuestionError(f"unknown answerer {name!r}: choose one of {', '.join(ANSWERERS)}")
    return value


def structured_table_question(plan: Any) -> bool:
    """A question that filters or counts table rows ("how many rows ...?"): answered from
    the structured rows, every row cited, even when the LLM was asked for; the prompt's
    few passages could not hold all the rows such a question needs."""
    return bool(plan is not None and getattr(plan, "rows", None) and getattr(plan, "explicit",
                                                                             False))


def answerer_for(assistant: Any, chat_model: BaseChatModel | None = None) -> LLMAnswerer:
    """An LLMAnswerer wired to an Assistant: IDF weights from its term statistics,
    sentence vectors from its SentenceVectors, answer sentences embedded by its model."""
    stats = assistant.stats
    vectors = assistant.sentences
    index = assistant.index

    def weight(token: str) -> float:
        return max(0.5, stats.idf(token))

    def span_vector(passage: Passage, quote: str) -> np.ndarray | None:
        i = vectors.index_of.get((passage.id, quote))
        if i is None and passage.kind == "table_row":
            rows = vectors.by_passage.get(passage.id) or []
            i = rows[0] if rows else None
        return vectors.vectors[i] if i is not None else None

    def embed(texts: list[str]) -> np.ndarray:
        model = getattr(index, "embeddings", None)
        if model is not None:
            return encode_texts(model, [strip_ref_brackets(t) for t in texts])
        return np.stack([np.asarray(index.embed_query(t), np.float32) for t in texts])

    checker = SupportChecker(weight=weight, embed=embed, span_vector=span_vector,
                             min_cosine=float(assistant.settings.llm_min_cosine))
    return LLMAnswerer(assistant.settings, chat_model=chat_model, checker=checker)


def fallback_notice(reason: str) -> str:
    return LLM_FALLBACK_NOTICE.format(reason=reason.rstrip("."))


def flag_unsupported(text: str) -> str:
    """A sentence as shown when nothing it cites supports it: "[unsupported: ...]"."""
    return UNSUPPORTED_PREFIX + text.replace("]", ")") + UNSUPPORTED_SUFFIX


# Finds the flagged sentences of an answer text (group 1: the sentence), e.g. for the UI.
UNSUPPORTED_RE = re.compile(
    re.escape(UNSUPPORTED_PREFIX) + r"(.*?)" + re.escape(UNSUPPORTED_SUFFIX))


def finish_answer(answer: Answer, outcome: LLMOutcome) -> Answer:
    """The verified Answer with the LLM's sentences in order: each supported sentence with
    the markers `_verify` gave its spans, each unsupported one flagged; counts in timings
    and notice. A failed LLM step only adds its notice to the extractive answer."""
    timings = {**answer.timings, **outcome.timings}
    draft = outcome.draft
    if draft is None:
        said = outcome.skipped or fallback_notice(outcome.error)
        notice = " ".join(x for x in (said, answer.notice) if x)
        return replace(answer, timings=timings, notice=notice)
    marker_of = {(c.passage_id, c.quote): c.marker for c in answer.citations}
    marker_of_passage = {c.passage_id: c.marker for c in answer.citations}
    n = len(draft.sentences)
    supported = recited = 0
    parts: list[str] = []
    for s in draft.sentences:
        marks = []
        for sup in s.supports:
            m = marker_of.get((sup.passage.id, sup.quote)) or marker_of_passage.get(sup.passage.id)
            if m and m not in marks:
                marks.append(m)
        if marks and not answer.abstained:
            recited += s.recited
            supported += not s.recited
            parts.append(s.text + " " + " ".join(marks))
        else:
            parts.append(flag_unsupported(s.text))
    unsupported = n - supported - recited
    timings.update(llm_sentences=float(n), llm_supported=float(supported),
                   llm_recited=float(recited), llm_unsupported=float(unsupported),
                   llm_markers_removed=float(draft.markers_removed))
    if answer.abstained:
        return replace(answer, timings=timings)
    notes = [f"LLM answer: {supported} of {n} sentence(s) supported by the passages they cite"]
    if recited:
        notes.append(f"{recited} cited to another given passage that supports it (its own "
                     "marker did not)")
    if unsupported:
        notes.append(f"{unsupported} shown as [unsupported: …], not cited")
    if draft.markers_removed:
        notes.append(f"{draft.markers_removed} marker(s) to a passage that was not given "
                     "removed")
    notice = "; ".join(notes) + "."
    if answer.notice:
        notice += " " + answer.notice
    return replace(answer, text=" ".join(parts), timings=timings, notice=notice)


def _chunk_text(chunk: Any) -> str:
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content
                       if isinstance(b, str | dict))
    return ""


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0
