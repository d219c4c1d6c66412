"""Stage 3: cold start to the first answer of ``python -m qa ask`` and of ``python app.py``
(through gradio_client), each a fresh process, with its peak resident memory."""

from __future__ import annotations

import contextlib
import math
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from eval.bench.config import APP_TIMEOUT_S, COLD_QUESTION, ROOT
from eval.bench.procs import PeakWatcher, child_env, run_child, stop_child
from eval.load import free_port

_MS_LINE = re.compile(r"^\((\d+) ms\)\s*$", re.M)


def cold_qa_ask(index_dir: Path, work: Path, runs: int) -> dict[str, Any]:
    """``python -m qa ask`` in fresh processes on a built index: wall time and ru_maxrss."""
    out: dict[str, Any] = {"command": f'python -m qa ask "{COLD_QUESTION}"', "runs": []}
    if not (ROOT / "qa" / "__main__.py").is_file():  # pragma: no cover - depends on the tree
        out["command"] = "python -c \"from qa import Assistant; Assistant().ask('...')\""
        cmd = [sys.executable, "-c",
               f"from qa import Assistant; Assistant().ask({COLD_QUESTION!r})"]
        out["note"] = "qa/__main__.py is missing: measured the Python API instead"
    else:
        cmd = [sys.executable, "-m", "qa", "ask", COLD_QUESTION]
    env = child_env({"QA_INDEX_DIR": str(index_dir)})
    for r in range(runs):
        run = run_child(cmd, env, work / f"qa-ask-{r}.log", timeout=APP_TIMEOUT_S)
        m = _MS_LINE.search(run.output)
        out["runs"].append({"returncode": run.returncode, "seconds": run.seconds,
                            "peak_mb": run.peak_mb, "ru_maxrss_mb": run.ru_maxrss_mb,
                            "answer_ms": float(m.group(1)) if m else math.nan,
                            "log_tail": "" if run.returncode == 0 else run.output[-2000:]})
    return out


def cold_app(index_dir: Path, work: Path) -> dict[str, Any]:
    """``python app.py`` in a fresh process: seconds until it listens and until the first
    answer through gradio_client, then a warm answer; peak RSS of the app process."""
    if not (ROOT / "app.py").is_file():  # pragma: no cover - depends on the tree
        return {"skipped": "app.py does not exist yet"}
    from gradio_client import Client  # imported before the clock starts

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = child_env({"QA_INDEX_DIR": str(index_dir),
                      "GRADIO_TEMP_DIR": str(work / "gradio")})
    log_path = work / "app.log"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    result: dict[str, Any] = {"command": f"python app.py --port {port}"}
    with open(log_path, "wb") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        watcher = PeakWatcher(proc.pid)
        try:
            deadline = time.monotonic() + APP_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"app.py exited with {proc.returncode}: "
                                       + log_path.read_text("utf-8", "replace")[-1500:])
                with contextlib.suppress(OSError):
                    with opener.open(url + "gradio_api/info", timeout=2) as resp:
                        if resp.status == 200:
                            break
                if time.monotonic() > deadline:
                    raise RuntimeError("app.py did not start in time")
                time.sleep(0.1)
            result["listening_s"] = time.perf_counter() - t0
            with contextlib.redirect_stdout(sys.stderr):  # "Loaded as API" chatter
                client = Client(url, verbose=False)
            first = client.predict(COLD_QUESTION, [], 10, api_name="/ask")
            result["first_answer_s"] = time.perf_counter() - t0
            result["answered"] = bool(first.get("answer"))
            t1 = time.perf_counter()
            client.predict(COLD_QUESTION + " ", [], 10, api_name="/ask")
            result["warm_answer_ms"] = (time.perf_counter() - t1) * 1000
            with contextlib.suppress(Exception):
                client.close()
        finally:
            result["peak_mb"] = watcher.sample()
            watcher.stop()
            usage = stop_child(proc)
            if usage is not None:
                result["ru_maxrss_mb"] = usage.ru_maxrss / 1024
    return result
