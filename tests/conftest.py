"""Shared fixtures: every test gets its own index directory and fresh settings."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import pytest  # noqa: E402

from settings import get_settings  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Point the index at tmp_path and drop any QA_* the developer has set."""
    for key in list(os.environ):
        if key.startswith("QA_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("QA_INDEX_DIR", str(tmp_path / "index"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
