"""Start `python app.py` in a subprocess on a free 127.0.0.1 port, for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 420  # a first start embeds the whole review (about 30 s on 2 cores)

_OFFLINE = {
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
    """Run the app until the block exits; yields its URL. The log goes to work_dir/app.log."""
    work_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env.update(_OFFLINE)
    env.update({"QA_INDEX_DIR": str(index_dir), "GRADIO_TEMP_DIR": str(work_dir / "gradio"),
                "PYTHONUNBUFFERED": "1"})
    env.update(extra_env or {})
    log_path = work_dir / "app.log"
    url = f"http://127.0.0.1:{port}/"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"app.py exited with {proc.returncode}:\n"
                                       f"{_tail(log_path)}")
                try:
                    with opener.open(url + "gradio_api/info", timeout=2):
                        break
                except urllib.error.HTTPError:
                    break  # it answers (401 when a login is required): it is up
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"app.py did not start in {START_TIMEOUT_S}s:\n"
                                       f"{_tail(log_path)}")
                time.sleep(0.5)
            yield url
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=15)
