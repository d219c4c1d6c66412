"""Start `python app.py` in a subprocess on a free 127.0.0.1 port, for end-to-end tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from eval.load import OFFLINE_ENV, free_port, started_app

__all__ = ["OFFLINE_ENV", "ROOT", "free_port", "running_app", "shared_index_dir"]

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 420  # a first start embeds the whole review (about 30 s on 2 cores)


def shared_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index for every app test of the session: built by the first app started."""
    return tmp_path_factory.getbasetemp() / "app-index"


def _tail(path: Path, n: int = 40) -> str:
    try:
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


@contextmanager
def running_app(index_dir: Path, work_dir: Path, extra_env: dict[str, str] | None = None,
                ) -> Iterator[str]:
    """Run the app until the block exits; yields its URL. The log goes to work_dir/app.log.

    The developer's own QA_* settings are dropped: the app sees only the test's.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env = {"QA_INDEX_DIR": str(index_dir),  # started_app adds OFFLINE_ENV
           "GRADIO_TEMP_DIR": str(work_dir / "gradio"), **(extra_env or {})}
    log_path = work_dir / "app.log"
    try:
        with started_app(log_path, START_TIMEOUT_S, extra_env=env, base_env=base) as url:
            yield url
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}\n{_tail(log_path)}") from None
