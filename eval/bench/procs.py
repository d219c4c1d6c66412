"""Measured child processes: run one to its end (or stop one) while polling its peak
resident memory, which ``/proc`` gives per process and per descendant."""

from __future__ import annotations

import contextlib
import math
import os
import resource
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.bench.config import ROOT
from eval.load import OFFLINE_ENV


def rss_now_mb() -> float:
    """Resident memory of this process now (VmRSS), in MiB."""
    return proc_status_mb(os.getpid(), "VmRSS")


def proc_status_mb(pid: int, key: str) -> float:
    """A ``/proc/PID/status`` memory field (VmRSS, VmHWM) in MiB; NaN when unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return math.nan


def tree_rss_mb(pid: int, key: str = "VmHWM") -> float:
    """``key`` summed over a process and its descendants (peak per process, not jointly)."""
    total = 0.0
    for p in [pid, *descendants(pid)]:
        v = proc_status_mb(p, key)
        if not math.isnan(v):
            total += v
    return total


def descendants(pid: int) -> list[int]:
    out: list[int] = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return out
    for c in children:
        out.append(int(c))
        out.extend(descendants(int(c)))
    return out


# The caller's settings that say what is measured (the embedding model, the article, the
# answerer's settings) reach a measured child; the others (where its index lives, its
# port, ...) are the bench's to set.
MEASURED_SETTINGS = ("QA_MODEL_PATH", "QA_SOURCE", "QA_ANSWER__")


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured child: offline, unbuffered, with the caller's QA_*
    settings of what is measured (MEASURED_SETTINGS) and no other QA_* of the caller."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("QA_") or k.startswith(MEASURED_SETTINGS)}
    env.update(OFFLINE_ENV)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def _cmdline(pid: int) -> bytes | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


class PeakWatcher:
    """Polls the VmHWM (peak RSS) of a process and its descendants until it exits.

    Why not ``ru_maxrss`` from ``os.wait4``/``RUSAGE_CHILDREN``: Linux carries the
    high-water mark of the address space a child replaced at ``exec`` into its
    ``ru_maxrss``, and that address space was a copy of this (large) benchmark process, so
    every child would report at least the parent's size. VmHWM belongs to the child's own
    address space. Polling every 50 ms can miss growth in the last 50 ms of a process only.
    Samples start once the child has exec'd (its command line is no longer this process's):
    between fork and exec it is still a copy of the benchmark.
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.peak_mb = math.nan
        self._execd = False
        self._parent_cmdline = _cmdline(os.getpid())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(interval)

    def sample(self) -> float:
        if not self._execd:
            cmd = _cmdline(self.pid)
            if cmd is None or cmd == self._parent_cmdline:
                return self.peak_mb
            self._execd = True
        value = tree_rss_mb(self.pid, "VmHWM")
        if value > 0 and not value <= self.peak_mb:
            self.peak_mb = value
        return self.peak_mb

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb


@dataclass
class ChildRun:
    """A finished child process: exit code, wall seconds, peak RSS and output.

    ``peak_mb`` is the polled VmHWM (see :class:`PeakWatcher`); ``ru_maxrss_mb`` is what
    ``os.wait4`` says, kept for reference (inflated by the forking parent's size).
    """

    returncode: int
    seconds: float
    peak_mb: float
    ru_maxrss_mb: float
    output: str


def run_child(cmd: Sequence[str], env: dict[str, str], log: Path, timeout: float,
              cwd: Path = ROOT) -> ChildRun:
    """Run ``cmd`` to completion in its own session, watching its peak memory."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        watcher = PeakWatcher(proc.pid)
        timer = threading.Timer(timeout, kill_group, args=(proc.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            peak = watcher.stop()
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(proc.returncode, seconds, peak, usage.ru_maxrss / 1024,
                    log.read_text("utf-8", "replace"))


def kill_group(pid: int) -> None:
    """Stop a child this benchmark started (its own session), and what it spawned."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def stop_child(proc: subprocess.Popen[bytes], grace: float = 20.0) -> resource.struct_rusage | None:
    """SIGTERM a child started in its own session, SIGKILL after ``grace``; its rusage."""
    if proc.returncode is not None:
        return None
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGTERM)
    timer = threading.Timer(grace, kill_group, args=(proc.pid,))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except ChildProcessError:
        return None
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage
