"""The optional LLM answerer: a LangChain chat model writes the answer, and every sentence
is checked against the passages it cites before anything is shown as cited.

    QA_LLM=openai:http://127.0.0.1:8000/v1 QA_LLM_MODEL=qwen2.5 python -m qa ask "..."
    Assistant().ask("...", answerer="llm")

The flow for one question (``LLMAnswerer.compose``):

1. the best retrieved passages are numbered inside per-request random delimiters
   (``<<passages-3f9a…>> … <</passages-3f9a…>>``) and the model is told they are data;
2. the model answers with a marker ``[n]`` after each sentence, or the abstention phrase
   (``qa.prompts.ABSTAIN_TEXT``);
3. the reply is split into sentences; a marker to a passage number that was not given is
   removed; each sentence is checked against the passages it cites (:func:`best_support`:
   content-word recall, and embedding cosine when vectors are at hand);
4. a supported sentence becomes a ``Unit`` whose quote is the exact supporting span, so
   the shared citation check in ``Assistant._verify`` applies to it as to any answer; an
   unsupported one stays in the text wrapped as ``[unsupported: …]`` and is never cited
   (unless another passage given supports it: then that passage is cited, and counted).

When the backend is unreachable, slow past ``QA_LLM_TIMEOUT`` or fails, the caller gets
:class:`LLMUnavailable` and answers extractively with a notice. The counts per answer go
into ``Answer.timings``: ``llm_sentences``; ``llm_supported`` (supported by a passage its
own markers cite), ``llm_recited`` (not, but by another passage given, which is then the
one cited), ``llm_unsupported`` (flagged); ``llm_markers_removed``, ``llm_ms``,
``llm_first_token_ms``; ``llm_failed`` = 1 on a fallback.
"""

from __future__ import annotations

import os
import queue
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from index.embeddings import encode_texts
from index.lexical import STOPWORDS, tokenize
from qa.errors import QuestionError
from qa.extractive import Draft, Unit
from qa.prompts import (
    ABSTAIN_TEXT,
    LLM_FALLBACK_NOTICE,
    LLM_NOT_CONFIGURED,
    LLM_SYSTEM,
    LLM_USER,
    UNSUPPORTED_PREFIX,
    UNSUPPORTED_SUFFIX,
)
from qa.types import Answer, Retrieved
from qa.verify import strip_ref_brackets
from source.model import Passage
from source.text import split_sentences

BACKENDS = ("openai", "llamacpp")
ANSWERERS = ("extractive", "llm")
EXTRA_HINT = (
    "install the llm extra: pip install -e '.[llm]' (OpenAI-compatible servers); for local "
    "GGUF models also pip install llama-cpp-python (compiles from source, about 7 minutes)"
)
MAX_SENTENCES = 4  # the prompt asks for at most this many sentences
MAX_REPLY_CHARS = 4000  # a runaway reply is cut here (the prompt asks for a short answer)
TEMPERATURE = 0.0

# -- the support check: thresholds calibrated on 29 hand-made pairs of answer-like claims
# and review sentences (tests/test_qa_llm.py, CALIBRATION) with all-MiniLM-L6-v2. A claim
# is supported by a span when no number of it is missing from the span, neither negates
# alone, recall >= LEXICAL_MIN and (when vectors are at hand) cosine >= MIN_COSINE, where
# recall = IDF-weighted share of the claim's content words found in the span.
# Measured: supported pairs had recall 0.75-1.00 and cosine 0.50-0.95; unsupported ones
# recall 0.00-0.70 — but cosine up to 0.91 ("HCC accounts for about 95% ..."), and 0.82
# for an antonym ("promotes YBX1 degradation" vs "inhibits"), so cosine cannot rescue a
# low recall; it only vetoes a sentence whose words match but whose meaning is far off.
LEXICAL_MIN = 0.75
MIN_COSINE = 0.45  # the default of QA_LLM_MIN_COSINE (settings.py)
# A sentence whose own markers do not support it is cited to another given passage that
# does only when it has at least this many content words ("HACKED." is placed nowhere).
MIN_RECITE_WORDS = 3
# Words the answer takes from the question restate it ("... switched on when exosomes
# conferred resistance"): they weigh this much, so the check is on what the answer adds.
QUESTION_WORD_FACTOR = 0.5
# A sentence this short ("YBX1.") is embedded after the question: alone it has no meaning
# to compare (measured: cosine 0.31 alone, 0.74 after the question).
SHORT_SENTENCE_WORDS = 5

# Words an answer uses to frame a claim ("the review reports that ...") rather than to
# make it; they need no support.
FRAMING_WORDS = frozenset(
    """review article paper passage passages author authors study studies report reported
    reports reporting show shown shows showed suggest suggests suggested indicate indicates
    indicated find found finding findings note noted state stated describe described
    according also addition additionally furthermore moreover however therefore thus
    overall summary one two several various example instance including include includes
    may might can could would role key important""".split()
)
_NEGATIONS = frozenset("not no never cannot without neither nor fail fails failed lack lacks "
                       "lacking absent unable".split())
_NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])")
_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
# [1]  [1, 3]  [1-2]  [Passage 2]  (the markers the prompt asks for, and near misses)
_MARKER_RE = re.compile(
    r"\[\s*(?:passages?\s*)?(\d{1,3}(?:\s*[,;–-]\s*(?:passages?\s*)?\d{1,3})*)\s*\]", re.I)
_AFTER_MARKER_RE = re.compile(r"(?<=\])\s+(?=[A-Z][a-z])")
_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_LEAD_RE = re.compile(r"^\s*(?:final\s+)?answer\s*:\s*", re.I)
_SUFFIX_RE = re.compile(r"(?:ational|ations|ation|ings|ing|edly|ed|es|ment|ments|ness|ity|ive|ly)$")


class LLMUnavailable(RuntimeError):
    """The LLM could not answer (not configured, unreachable, too slow, failed); the message
    says why, in words a user can act on."""


# -- configuration and the chat model --------------------------------------------------


def parse_llm_setting(value: str) -> tuple[str, str]:
    """``'openai:http://host/v1'`` -> ("openai", URL); ``'llamacpp:/m.gguf'`` ->
    ("llamacpp", path); LLMUnavailable for anything else."""
    backend, sep, target = (value or "").partition(":")
    backend = backend.strip().lower()
    target = target.strip()
    if not sep or backend not in BACKENDS or not target:
        raise LLMUnavailable(
            f"QA_LLM={value!r} is not 'openai:URL' or 'llamacpp:/path/model.gguf'"
        )
    return backend, target


def build_chat_model(settings: Any) -> BaseChatModel:
    """The LangChain chat model that ``settings.llm`` names; LLMUnavailable says what is
    missing (the extra, the model file, a model name the server knows)."""
    if not settings.llm:
        raise LLMUnavailable(LLM_NOT_CONFIGURED)
    backend, target = parse_llm_setting(settings.llm)
    timeout = float(settings.llm_timeout)
    if backend == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise LLMUnavailable(f"langchain-openai is not installed ({EXTRA_HINT})") from exc
        api_key = os.environ.get(settings.llm_api_key_env or "", "") or "not-needed"
        model = settings.llm_model or _server_model(target, api_key, timeout)
        return ChatOpenAI(
            base_url=target,
            model=model,
            api_key=api_key,  # type: ignore[arg-type]
            timeout=timeout,
            max_retries=0,  # the timeout is the user's whole wait; no silent retries
            temperature=TEMPERATURE,
            max_tokens=settings.llm_max_tokens,  # type: ignore[call-arg]
        )
    if not os.path.isfile(target):
        raise LLMUnavailable(f"no GGUF model file at {target} (QA_LLM=llamacpp:{target})")
    try:
        import llama_cpp  # noqa: F401
    except ImportError as exc:
        raise LLMUnavailable(f"llama-cpp-python is not installed ({EXTRA_HINT})") from exc
    return LlamaCppChat(model_path=target, n_ctx=settings.llm_context_tokens,
                        max_tokens=settings.llm_max_tokens, temperature=TEMPERATURE)


def _server_model(base_url: str, api_key: str, timeout: float) -> str:
    """The first model an OpenAI-compatible server lists (QA_LLM_MODEL unset)."""
    try:
        import openai

        client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout,
                               max_retries=0)
        models = [m.id for m in client.models.list()]
    except Exception as exc:  # any client or network failure: the user gets the reason
        raise LLMUnavailable(f"cannot list the models of {base_url} ({_brief(exc)})") from exc
    if not models:
        raise LLMUnavailable(f"{base_url} lists no model; set QA_LLM_MODEL")
    return models[0]


class LlamaCppChat(BaseChatModel):
    """A chat model over llama-cpp-python's ``create_chat_completion`` (the GGUF's own chat
    template), streamed token by token. The model file loads on first use.

    Written here rather than taken from langchain-community's ``ChatLlamaCpp`` (which
    does the same through the same call) to need no package that is being sunset; any
    LangChain chat model can be passed as ``Assistant(chat_model=...)`` instead.
    """

    model_path: str
    n_ctx: int = 4096
    max_tokens: int = 300
    temperature: float = 0.0
    n_threads: int | None = None
    _llama: Any = PrivateAttr(default=None)
    _load_lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _client(self) -> Any:
        with self._load_lock:
            if self._llama is None:
                from llama_cpp import Llama

                self._llama = Llama(model_path=self.model_path, n_ctx=self.n_ctx,
                                    n_threads=self.n_threads, verbose=False)
            return self._llama

    @staticmethod
    def _dicts(messages: list[BaseMessage]) -> list[dict[str, str]]:
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        return [{"role": roles.get(m.type, "user"), "content": m.text} for m in messages]

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None,
                  **kwargs: Any) -> ChatResult:
        out = self._client().create_chat_completion(
            messages=self._dicts(messages), max_tokens=self.max_tokens,
            temperature=self.temperature, stop=stop)
        text = out["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        parts = self._client().create_chat_completion(
            messages=self._dicts(messages), max_tokens=self.max_tokens,
            temperature=self.temperature, stop=stop, stream=True)
        try:
            for part in parts:
                delta = part["choices"][0].get("delta", {}).get("content")
                if delta:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                    if run_manager is not None:
                        run_manager.on_llm_new_token(delta, chunk=chunk)
                    yield chunk
        finally:
            close = getattr(parts, "close", None)
            if callable(close):
                close()  # stops llama.cpp generating when the reader gave up


# -- the prompt ------------------------------------------------------------------------


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


# -- reading the reply -----------------------------------------------------------------


@dataclass(frozen=True)
class ReplySentence:
    """One sentence of the model's reply: its text without markers, the passage numbers
    it cites that were given (1-based), and the marker numbers that were not."""

    text: str
    cited: tuple[int, ...]
    unknown: tuple[int, ...] = ()


def marker_numbers(body: str) -> list[int]:
    """Numbers of one marker body: "1, 3" -> [1, 3]; "2-4" -> [2, 3, 4] (short ranges only)."""
    out: list[int] = []
    for part in re.split(r"[,;]", body):
        nums = [int(x) for x in re.findall(r"\d+", part)]
        if len(nums) == 2 and re.search(r"[–-]", part) and 0 <= nums[1] - nums[0] <= 5:
            out.extend(range(nums[0], nums[1] + 1))
        else:
            out.extend(nums)
    return out


def split_reply(text: str) -> list[str]:
    """The reply's sentences, each with the markers that follow it ("A. [1] B [2]." ->
    ["A. [1]", "B [2]."]); bullets and an "Answer:" lead are dropped."""
    out: list[str] = []
    for line in text.replace("**", "").splitlines():
        line = _BULLET_RE.sub("", _LEAD_RE.sub("", line)).strip()
        if not line:
            continue
        # A marker followed by a capital ends a sentence even without a full stop
        # ("A is B [1] C is D [2]"); inside a sentence markers are followed by lowercase.
        pieces = [p for s in split_sentences(line) for p in _AFTER_MARKER_RE.split(s)]
        for sentence in pieces:
            sentence = sentence.strip()
            # A marker the splitter put at the head of the next sentence belongs to the
            # sentence before it ("... resistance. [2] Next ...").
            m = re.match(r"^(?:" + _MARKER_RE.pattern + r"\s*)+", sentence, re.I)
            if m and out:
                out[-1] = out[-1] + " " + m.group(0).strip()
                sentence = sentence[m.end():].strip()
            if sentence:
                out.append(sentence)
    return out


def parse_sentence(sentence: str, n_passages: int) -> ReplySentence:
    """Markers read and removed; numbers outside 1..n_passages are `unknown`."""
    cited: list[int] = []
    unknown: list[int] = []
    for m in _MARKER_RE.finditer(sentence):
        for n in marker_numbers(m.group(1)):
            target = cited if 1 <= n <= n_passages else unknown
            if n not in target:
                target.append(n)
    text = _MARKER_RE.sub("", sentence)
    text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", text)).strip()
    return ReplySentence(text=text, cited=tuple(cited), unknown=tuple(unknown))


def _norm(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.lower()))


def is_abstention(sentence: str) -> bool:
    """True when a sentence is (or says) the abstention phrase."""
    return _norm(ABSTAIN_TEXT) in _norm(sentence)


# -- the support check -----------------------------------------------------------------


def _key(token: str) -> str:
    """One key for the forms of a word ("inhibited", "inhibits" -> "inhibit")."""
    if len(token) > 6 and token.isalpha():
        base = _SUFFIX_RE.sub("", token)
        if len(base) >= 5:
            return base[:8]
    return token[:8] if token.isalpha() and len(token) > 8 else token


def content_keys(text: str) -> set[str]:
    """Content-word keys of a text: BM25 tokens minus stopwords and framing words."""
    return {_key(t) for t in tokenize(text)
            if t not in STOPWORDS and t not in FRAMING_WORDS and len(t) >= 2}


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(text.lower()))


def numbers_missing(claim: str, span: str) -> list[str]:
    """Numbers of the claim that the span does not contain ("2021" in a 2020 row)."""
    have = set(_NUMBER_RE.findall(strip_ref_brackets(span)))
    return [n for n in _NUMBER_RE.findall(claim) if n not in have]


def negation_mismatch(claim: str, span: str) -> bool:
    """One of the two negates ("not", "no", "fails", ...) and the other does not."""
    c = bool(_words(claim) & _NEGATIONS)
    s = bool(_words(span) & _NEGATIONS)
    return c != s


def lexical_recall(claim: str, span: str, weight: Callable[[str], float] | None = None) -> float:
    """Weighted share of the claim's content words found in the span:
    sum(w(t) for t in claim & span) / sum(w(t) for t in claim); 1.0 for a claim with none."""
    c = content_keys(claim)
    if not c:
        return 1.0
    s = content_keys(span)
    w = weight or (lambda _t: 1.0)
    total = sum(w(t) for t in c)
    return sum(w(t) for t in c & s) / total if total > 0 else 0.0


def is_supported(recall: float, cosine: float | None, min_cosine: float = MIN_COSINE) -> bool:
    """The calibrated rule (see the constants above); cosine None = no vectors at hand."""
    return recall >= LEXICAL_MIN and (cosine is None or cosine >= min_cosine)


def candidate_spans(passage: Passage) -> list[str]:
    """Exact spans of a passage that may support one answer sentence: each sentence, and
    each two adjacent sentences (an answer often joins two); a table row is one span."""
    if passage.kind == "table_row":
        return [passage.text]
    sentences = split_sentences(passage.text)
    spans = list(sentences)
    pos = 0
    starts = []
    for s in sentences:
        i = passage.text.find(s, pos)
        starts.append(i)
        pos = i + len(s) if i >= 0 else pos
    for a in range(len(sentences) - 1):
        i, j = starts[a], starts[a + 1]
        if i >= 0 and j >= 0:
            spans.append(passage.text[i:j + len(sentences[a + 1])])
    return spans or [passage.text]


@dataclass(frozen=True)
class Support:
    """The best span of one cited passage for a sentence, and how well it supports it."""

    passage: Passage
    quote: str  # an exact span of passage.text
    recall: float
    cosine: float | None
    supported: bool


@dataclass(frozen=True)
class CheckedSentence:
    """A reply sentence after the check: `supports` are the spans shown as its citations
    (empty: unsupported). `best` is the closest span of a passage it cites, supported
    or not."""

    text: str
    cited: tuple[int, ...]
    unknown: tuple[int, ...]
    supports: tuple[Support, ...] = ()
    best: Support | None = None
    recited: bool = False  # its markers did not support it; another given passage does

    @property
    def supported(self) -> bool:
        return bool(self.supports)


SpanVector = Callable[[Passage, str], "np.ndarray | None"]


class SupportChecker:
    """Checks a sentence against the passages it cites.

    `weight(token)` weights content words (IDF: a rare name counts more than "cells");
    `embed(texts)` embeds answer sentences and `span_vector(passage, quote)` gives the
    stored vector of a span (or None) — without them the check is lexical only.
    """

    def __init__(self, weight: Callable[[str], float] | None = None,
                 embed: Callable[[list[str]], np.ndarray] | None = None,
                 span_vector: SpanVector | None = None,
                 min_cosine: float = MIN_COSINE) -> None:
        self.weight = weight
        self.embed = embed
        self.span_vector = span_vector
        self.min_cosine = min_cosine

    def supported(self, claim: str, span: str, cosine: float | None) -> bool:
        """The whole rule: recall and cosine thresholds, no missing number or negation."""
        recall = lexical_recall(claim, span, self.weight)
        return is_supported(recall, cosine, self.min_cosine) \
            and not numbers_missing(claim, span) and not negation_mismatch(claim, span)

    def _claim_vectors(self, claims: list[str], question: str) -> list[np.ndarray | None]:
        if self.embed is None or self.span_vector is None or not claims \
                or self.min_cosine <= -1.0:
            return [None] * len(claims)
        texts = [f"{question} {c}" if question and len(c.split()) < SHORT_SENTENCE_WORDS
                 else c for c in claims]
        vecs = np.asarray(self.embed(texts), dtype=np.float32)
        return [_unit(v) for v in vecs]

    def for_question(self, question: str) -> SupportChecker:
        """This checker with the question's own words weighing QUESTION_WORD_FACTOR."""
        asked = content_keys(question)
        if not asked:
            return self
        base = self.weight or (lambda _t: 1.0)

        def weight(token: str) -> float:
            return base(token) * (QUESTION_WORD_FACTOR if token in asked else 1.0)

        return SupportChecker(weight, self.embed, self.span_vector, self.min_cosine)

    def _cosine(self, vec: np.ndarray | None, passage: Passage, quote: str) -> float | None:
        if vec is None or self.span_vector is None:
            return None
        parts = [quote] if quote == passage.text or passage.kind == "table_row" \
            else split_sentences(quote)
        sims = []
        for part in parts:
            sv = self.span_vector(passage, part)
            if sv is not None:
                sims.append(float(np.dot(vec, _unit(np.asarray(sv, dtype=np.float32)))))
        return max(sims) if sims else None

    def best_span(self, claim: str, vec: np.ndarray | None, passage: Passage) -> Support:
        """The passage's span that best supports the claim (supported ones first)."""
        best: Support | None = None
        for quote in candidate_spans(passage):
            recall = lexical_recall(claim, quote, self.weight)
            cos = self._cosine(vec, passage, quote)
            s = Support(passage, quote, recall, cos, self.supported(claim, quote, cos))
            # Prefer a supported span; among equals the higher recall, then the shorter.
            rank = (s.supported, round(s.recall, 6), s.cosine or 0.0, -len(quote))
            if best is None or rank > (best.supported, round(best.recall, 6),
                                       best.cosine or 0.0, -len(best.quote)):
                best = s
        assert best is not None
        return best

    def check(self, sentences: Sequence[ReplySentence], passages: Sequence[Passage],
              question: str = "") -> list[CheckedSentence]:
        """Each sentence with the spans that support it: of a passage it cites, of two it
        cites together, or else (re-cited) of another passage given."""
        if question:
            return self.for_question(question)._check(sentences, passages, question)
        return self._check(sentences, passages, question)

    def _check(self, sentences: Sequence[ReplySentence], passages: Sequence[Passage],
               question: str) -> list[CheckedSentence]:
        vecs = self._claim_vectors([s.text for s in sentences], question)
        out = []
        for s, vec in zip(sentences, vecs, strict=True):
            bests = [self.best_span(s.text, vec, passages[n - 1]) for n in s.cited]
            supports: tuple[Support, ...] = ()
            good = [b for b in bests if b.supported]
            if good:
                supports = (max(good, key=lambda b: (b.recall, b.cosine or 0.0)),)
            elif len(bests) >= 2:
                supports = self._joint(s.text, bests)
            best = max(bests, key=lambda b: (b.recall, b.cosine or 0.0)) if bests else None
            recited = False
            if not supports and len(content_keys(s.text)) >= MIN_RECITE_WORDS:
                # A small model often cites the wrong number (or none) for a sentence it
                # copied from another passage given: cite the passage that supports it,
                # under the same check, and count it apart from sentences it cited right.
                others = [self.best_span(s.text, vec, p)
                          for n, p in enumerate(passages, start=1) if n not in s.cited]
                good = [b for b in others if b.supported]
                if good:
                    supports = (max(good, key=lambda b: (b.recall, b.cosine or 0.0)),)
                    recited = True
            out.append(CheckedSentence(s.text, s.cited, s.unknown, supports, best, recited))
        return out

    def _joint(self, claim: str, bests: list[Support]) -> tuple[Support, ...]:
        """A sentence joining facts of two cited passages: supported when the two best
        spans together hold its words (each span then also cited)."""
        top = sorted(range(len(bests)), key=lambda i: -bests[i].recall)[:2]
        ranked = [bests[i] for i in sorted(top)]  # in the order the sentence cites them
        both = " ".join(b.quote for b in ranked)
        cos = max((b.cosine for b in ranked if b.cosine is not None), default=None)
        if not self.supported(claim, both, cos) or min(b.recall for b in ranked) < 0.25:
            return ()
        return tuple(replace(b, supported=True) for b in ranked)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


# -- the answerer ----------------------------------------------------------------------


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
                    raise LLMUnavailable(_brief(value)) from value
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
        parsed = [p for p in parsed if _WORD_RE.search(p.text)]
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


def _brief(exc: BaseException) -> str:
    text = re.sub(r"\s+", " ", str(exc)).strip()
    if len(text) > 160:
        text = text[:157] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0


__all__ = [
    "ANSWERERS",
    "LLMAnswerer",
    "LLMDraft",
    "LLMOutcome",
    "LLMUnavailable",
    "LlamaCppChat",
    "SupportChecker",
    "UNSUPPORTED_RE",
    "build_chat_model",
    "build_messages",
    "finish_answer",
    "parse_llm_setting",
    "resolve_answerer",
]
