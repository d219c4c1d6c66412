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

The package: ``backends`` (the chat models), ``prompt`` (step 1), ``parse`` (reading the
reply), ``check`` (the support check, step 3) and ``answerer`` (the flow, and the
Answer it finishes). The names other modules use are importable from ``qa.llm``.
"""

from __future__ import annotations

from qa.llm.answerer import (
    ANSWERERS,
    MAX_REPLY_CHARS,
    UNSUPPORTED_RE,
    LLMAnswerer,
    LLMDraft,
    LLMOutcome,
    answerer_for,
    fallback_notice,
    finish_answer,
    flag_unsupported,
    resolve_answerer,
    structured_table_question,
)
from qa.llm.backends import (
    BACKENDS,
    EXTRA_HINT,
    TEMPERATURE,
    LlamaCppChat,
    LLMUnavailable,
    build_chat_model,
    parse_llm_setting,
)
from qa.llm.check import (
    FRAMING_WORDS,
    LEXICAL_MIN,
    MIN_COSINE,
    MIN_RECITE_WORDS,
    QUESTION_WORD_FACTOR,
    SHORT_SENTENCE_WORDS,
    CheckedSentence,
    Support,
    SupportChecker,
    candidate_spans,
    content_keys,
    is_supported,
    lexical_recall,
    negation_mismatch,
    numbers_missing,
)
from qa.llm.parse import (
    ReplySentence,
    is_abstention,
    marker_numbers,
    parse_sentence,
    split_reply,
)
from qa.llm.prompt import MAX_SENTENCES, build_messages, new_tag, passage_block

__all__ = [
    "ANSWERERS",
    "BACKENDS",
    "EXTRA_HINT",
    "FRAMING_WORDS",
    "LEXICAL_MIN",
    "MAX_REPLY_CHARS",
    "MAX_SENTENCES",
    "MIN_COSINE",
    "MIN_RECITE_WORDS",
    "QUESTION_WORD_FACTOR",
    "SHORT_SENTENCE_WORDS",
    "TEMPERATURE",
    "UNSUPPORTED_RE",
    "CheckedSentence",
    "LLMAnswerer",
    "LLMDraft",
    "LLMOutcome",
    "LLMUnavailable",
    "LlamaCppChat",
    "ReplySentence",
    "Support",
    "SupportChecker",
    "answerer_for",
    "build_chat_model",
    "build_messages",
    "candidate_spans",
    "content_keys",
    "fallback_notice",
    "finish_answer",
    "flag_unsupported",
    "is_abstention",
    "is_supported",
    "lexical_recall",
    "marker_numbers",
    "negation_mismatch",
    "new_tag",
    "numbers_missing",
    "parse_llm_setting",
    "parse_sentence",
    "passage_block",
    "resolve_answerer",
    "split_reply",
    "structured_table_question",
]
