"""The chat models the LLM answerer can use: an OpenAI-compatible server (vLLM, Ollama,
a hosted API) by URL, or a local GGUF model through llama-cpp-python; both named by
the ``QA_LLM`` setting."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from qa.prompts import LLM_NOT_CONFIGURED

BACKENDS = ("openai", "llamacpp")
EXTRA_HINT = (
    "install the llm extra: pip install -e '.[llm]' (OpenAI-compatible servers); for local "
    "GGUF models also pip install llama-cpp-python (compiles from source, about 7 minutes)"
)
TEMPERATURE = 0.0


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
        raise LLMUnavailable(f"cannot list the models of {base_url} ({brief(exc)})") from exc
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


def brief(exc: BaseException) -> str:
    text = re.sub(r"\s+", " ", str(exc)).strip()
    if len(text) > 160:
        text = text[:157] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
