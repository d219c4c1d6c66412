"""Benchmark of the whole assistant: ``python -m eval bench [--quick] [--sizes ...] [--out FILE]``.

One run prints, and writes to ``--out`` (default ``eval/bench/RESULTS.md``, with
``results.json``, ``profile.txt`` and ``scale-*.png`` beside it):

1. build: the review's index built from scratch with the real model, beside a plain
   ``SentenceTransformer.encode`` of the same texts (aim: ratio at most 1.15);
2. latency: warm ``Assistant.ask`` p50/p95 over a question set, beside the floor for
   the same questions (embed the query + one Chroma query + one BM25 query; aim: ratio at
   most 3), with torch's default thread count and with one thread;
3. cold start to the first answer of ``python -m qa ask`` and of ``python app.py``
   (through gradio_client), each a fresh process, with its peak resident memory;
4. scale: synthetic corpora (passages recombined from the review's sentences and Table 1
   rows, seeded) built and queried each in its own process, with precomputed vectors;
5. the same against a ``chroma run`` server on loopback;
6. a profile of the question path (pyinstrument when installed, else cProfile).

Numbers vary with the machine and with what else runs on it: every stage notes the load
average. This is a report, never a timed assertion. It builds in temporary directories
and never touches the user's index.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import math
import os
import platform
import random
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from eval.load import OFFLINE_ENV

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "eval" / "bench" / "RESULTS.md"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (100, 300)
QUICK_QUESTIONS = 8
SCALE_BATCH = 256  # vectors per Chroma add in the scale runs (they are precomputed)
NOISE = 0.01  # std of the Gaussian noise added to each synthetic vector, per dimension
SEED = 7
LATENCY_AIM_MS = 100.0
BUILD_AIM = 1.15
CHAIN_AIM = 3.0
CHILD_TIMEOUT_S = 1800
APP_TIMEOUT_S = 300
COLD_QUESTION = "Which exosomal circRNAs drive anti-PD1 resistance in HCC?"
SKIPPABLE = ("qa-cold", "app", "profile", "scale", "server", "threads")


# -- small helpers ----------------------------------------------------------------------


def _percentile(values: Sequence[float], q: float) -> float:
    from index.bench import percentile  # the index benchmark's definition, shared

    return percentile(values, q)


def summarize(values: Sequence[float]) -> dict[str, float]:
    """p50, p95, mean, min, max and n of a list of milliseconds (NaN when empty)."""
    if not values:
        return {"n": 0, "p50": math.nan, "p95": math.nan, "mean": math.nan,
                "min": math.nan, "max": math.nan}
    return {
        "n": len(values),
        "p50": statistics.median(values),
        "p95": _percentile(values, 95),
        "mean": statistics.fmean(values),
        "min": min(values),
        "max": max(values),
    }


def rss_now_mb() -> float:
    """Resident memory of this process now (VmRSS), in MiB."""
    return _proc_status_mb(os.getpid(), "VmRSS")


def _proc_status_mb(pid: int, key: str) -> float:
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
    for p in [pid, *_descendants(pid)]:
        v = _proc_status_mb(p, key)
        if not math.isnan(v):
            total += v
    return total


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return out
    for c in children:
        out.append(int(c))
        out.extend(_descendants(int(c)))
    return out


def loadavg() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:  # pragma: no cover - not on Linux
        return (math.nan, math.nan, math.nan)


def load_note() -> str:
    one, five, fifteen = loadavg()
    return f"load {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min)"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mem_total_mb() -> tuple[float, float]:
    total = avail = math.nan
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                total = int(line.split()[1]) / 1024
            elif line.startswith("MemAvailable:"):
                avail = int(line.split()[1]) / 1024
    except OSError:
        pass
    return total, avail


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "-"


def machine_info() -> dict[str, Any]:
    """Cores, memory, load and the versions that matter for these figures."""
    total, avail = _mem_total_mb()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        usable = os.cpu_count() or 0
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": usable,
        "memory_total_mb": round(total),
        "memory_available_mb": round(avail),
        "loadavg_start": [round(x, 2) for x in loadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {d: _version(d) for d in (
            "torch", "sentence-transformers", "chromadb", "bm25s", "langchain-core", "gradio",
            "pyinstrument")},
        "env": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")
                if k in os.environ},
    }


def _child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured child: no QA_* of the caller, offline, unbuffered."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
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
        timer = threading.Timer(timeout, _kill_group, args=(proc.pid,))
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


def _kill_group(pid: int) -> None:
    """Stop a child this benchmark started (its own session), and what it spawned."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _stop(proc: subprocess.Popen[bytes], grace: float = 20.0) -> resource.struct_rusage | None:
    """SIGTERM a child started in its own session, SIGKILL after ``grace``; its rusage."""
    if proc.returncode is not None:
        return None
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGTERM)
    timer = threading.Timer(grace, _kill_group, args=(proc.pid,))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except ChildProcessError:
        return None
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage


class Console:
    """Prints a line at once and keeps it, so RESULTS.md holds exactly what was printed."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str = "") -> None:
        for line in text.split("\n"):
            self.lines.append(line)
        print(text, flush=True)

    def stage(self, title: str) -> None:
        self(f"\n== {title}  [{load_note()}]")


def _f(value: float | None, digits: int = 1) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) \
        else f"{value:.{digits}f}"


# -- the synthetic corpus ------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A piece of the review the generator recombines, with its real (model) vector row.

    A ``sentence`` of a paragraph or caption (its exact text), or a table ``row`` (its
    cells and the table's heading, as the passages render it).
    """

    kind: str
    text: str
    section: tuple[str, ...]
    refs: tuple[int, ...] = ()
    cells: tuple[tuple[str, str], ...] = ()
    table: str = ""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Unit:
        return cls(kind=data["kind"], text=data["text"], section=tuple(data["section"]),
                   refs=tuple(data["refs"]), cells=tuple(tuple(c) for c in data["cells"]),
                   table=data["table"])


def units_from_sentences(passages: dict[str, Any], sentences: Any) -> tuple[list[Unit],
                                                                            np.ndarray]:
    """The review's sentences and table rows with the vectors the assistant embedded.

    ``sentences`` is the assistant's ``SentenceVectors`` (one unit per sentence of a
    paragraph or caption, one per table row), so no extra embedding is needed.
    """
    units: list[Unit] = []
    rows: list[int] = []
    seen_rows: set[str] = set()
    for i, ref in enumerate(sentences.refs):
        p = passages[ref.passage_id]
        if p.kind == "table_row":
            if p.id in seen_rows:
                continue
            seen_rows.add(p.id)
            cut = p.text.find(", row ")
            table = p.text[:cut] if cut > 0 else p.section[-1]
            units.append(Unit("row", "", tuple(p.section), tuple(p.refs),
                              tuple((c, v) for c, v in p.cells.items()), table))
        else:
            from source.text import find_refs

            units.append(Unit("sentence", ref.quote, tuple(p.section), find_refs(ref.quote)))
        rows.append(i)
    return units, np.asarray(sentences.vectors, dtype=np.float32)[rows]


def synthetic_corpus(units: Sequence[Unit], n: int, *, seed: int = SEED,
                     row_share: float = 0.2) -> tuple[Any, list[tuple[int, ...]]]:
    """``n`` passages recombined from ``units``, and for each the units it was made of.

    A paragraph joins 2-5 sentences (the first at random, the others mostly from its
    section); a table row takes each column's value from a random row of the same table.
    The same (units, n, seed) always gives the same corpus.
    """
    from index.store import Corpus
    from source.model import Passage
    from source.text import find_refs

    rng = random.Random(f"{seed}:{n}")
    sentences = [i for i, u in enumerate(units) if u.kind == "sentence"]
    rows = [i for i, u in enumerate(units) if u.kind == "row"]
    if not sentences:
        raise ValueError("the review has no sentences to recombine")
    by_section: dict[tuple[str, ...], list[int]] = {}
    for i in sentences:
        by_section.setdefault(units[i].section, []).append(i)
    rows_of: dict[str, list[int]] = {}
    for i in rows:
        rows_of.setdefault(units[i].table, []).append(i)
    passages: list[Passage] = []
    recipes: list[tuple[int, ...]] = []
    for i in range(n):
        if rows and rng.random() < row_share:
            model = units[rng.choice(rows)]
            pool = rows_of[model.table]
            cells: dict[str, str] = {}
            used: list[int] = []
            for col, _ in model.cells:
                r = rng.choice(pool)
                cells[col] = dict(units[r].cells).get(col, "")
                used.append(r)
            body = "; ".join(f"{c}: {v}" for c, v in cells.items() if v)
            text = f"{model.table}, row {i + 1}. {body}"
            passages.append(Passage(f"synthetic/row-{i:06d}", "table_row", text, model.section,
                                    i, find_refs(text), cells, "".join(cells.values())))
            recipes.append(tuple(sorted(set(used))))
        else:
            first = rng.choice(sentences)
            section = units[first].section
            local = by_section[section]
            picked = [first]
            for _ in range(rng.randint(2, 5) - 1):
                picked.append(rng.choice(local) if rng.random() < 0.7 else rng.choice(sentences))
            text = " ".join(units[j].text for j in picked)
            passages.append(Passage(f"synthetic/p-{i:06d}", "paragraph", text, section, i,
                                    find_refs(text)))
            recipes.append(tuple(picked))
    digest = hashlib.sha256(
        json.dumps([u.to_json() for u in units], sort_keys=True).encode()).hexdigest()
    corpus = Corpus(tuple(passages), f"synthetic:{seed}:{n}:{digest[:16]}", "synthetic-1")
    return corpus, recipes


class PrecomputedEmbeddings(Embeddings):
    """Vectors that need no model: for the scale runs only.

    A synthetic passage's vector is the normalised mean of the real vectors of the review
    units it was recombined from, plus Gaussian noise (std ``noise`` per dimension,
    seeded by passage), normalised again. So the store sees vectors distributed like real
    ones (clustered by topic), not uniform noise. Queries pass vectors directly.
    """

    def __init__(self, base: np.ndarray, documents: Sequence[str],
                 recipes: Sequence[tuple[int, ...]], *, seed: int = SEED,
                 noise: float = NOISE) -> None:
        self.base = base
        self.recipes = recipes
        self.seed = seed
        self.noise = noise
        self.row_of = {d: i for i, d in enumerate(documents)}
        self.identity = f"precomputed:mean-of-review-units+noise{noise}:seed{seed}"

    def encode(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        out = np.empty((len(texts), self.base.shape[1]), dtype=np.float32)
        for j, text in enumerate(texts):
            i = self.row_of[text]
            v = self.base[list(self.recipes[i])].mean(axis=0)
            if self.noise:
                rng = np.random.default_rng((self.seed, i))
                v = v + self.noise * rng.standard_normal(v.shape[0]).astype(np.float32)
            out[j] = v / np.linalg.norm(v)
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        raise NotImplementedError("the scale runs query with precomputed vectors")


# -- stage 1: building the review's index ----------------------------------------------------


def bench_build(settings: Any, corpus: Any, emb: Any, repeat: int) -> dict[str, Any]:
    """Cold build (``--rebuild``) beside a plain encode of the same texts; best of ``repeat``."""
    from index.bench import timed
    from index.embeddings import SentenceTransformerEmbeddings
    from index.store import build_index, passage_document

    class TimedEncode(SentenceTransformerEmbeddings):
        """The same embeddings (same identity, same cached model), timing each encode."""

        spent = 0.0

        def encode(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
            t0 = time.perf_counter()
            try:
                return super().encode(texts, batch_size)
            finally:
                TimedEncode.spent += time.perf_counter() - t0

    t_load = timed(lambda: emb.model)
    model = emb.model
    timed_emb = TimedEncode(emb.model_path, batch_size=emb.batch_size)
    texts = [passage_document(p) for p in corpus.passages]
    model.encode(texts[:4], show_progress_bar=False)  # first-call warm-up, for both sides
    batch = settings.embed_batch_size
    plain: list[float] = []
    build: list[float] = []
    inside: list[float] = []
    for _ in range(max(1, repeat)):  # interleaved, so a load spike hits both sides alike
        plain.append(timed(lambda: model.encode(texts, show_progress_bar=False)))
        TimedEncode.spent = 0.0
        build.append(timed(lambda: build_index(settings, corpus=corpus, embeddings=timed_emb,
                                               rebuild=True, progress=False)))
        inside.append(TimedEncode.spent)
    nochange = timed(lambda: build_index(settings, corpus=corpus, embeddings=emb,
                                         progress=False))
    n = len(texts)
    t_plain, t_build = min(plain), min(build)
    best = build.index(t_build)
    return {
        "passages": n,
        "model_load_s": t_load,
        "plain_s": t_plain,
        "build_s": t_build,
        "plain_runs_s": plain,
        "build_runs_s": build,
        "encode_in_build_s": inside[best],
        "outside_encode_s": t_build - inside[best],
        "ratio_own_encoding": t_build / inside[best] if inside[best] else math.nan,
        "plain_per_s": n / t_plain,
        "build_per_s": n / t_build,
        "ratio": t_build / t_plain,
        "nochange_s": nochange,
        "batch_size": batch,
    }


# -- stage 2: warm question latency ----------------------------------------------------------


def _torch_threads() -> int:
    import torch

    return int(torch.get_num_threads())


def _set_threads(n: int) -> None:
    import torch

    torch.set_num_threads(n)


def bench_latency(assistant: Any, questions: Sequence[str], threads: Sequence[int],
                  torch_default: int) -> dict[str, Any]:
    """Warm ``ask`` latency and the floor per question, for each torch thread count.

    Each question's query-embedding cache entry is cleared before it is timed, so the
    chain and the floor both pay for one query embedding. The thread count the assistant
    set for itself (``QA_QUERY_THREADS``) is restored at the end.
    """
    from index.embeddings import encode_query

    idx = assistant.index
    depth = min(len(idx.passages), max(assistant.retriever.depth, assistant.settings.k))
    current = _torch_threads()
    warm: list[float] = []
    errors = 0
    for q in questions:  # the warm-up pass (first call of each code path, caches)
        t0 = time.perf_counter()
        try:
            assistant.ask(q)
        except Exception:  # noqa: BLE001 - a refused question must not stop the bench
            errors += 1
        warm.append((time.perf_counter() - t0) * 1000)
    chain: dict[int, list[float]] = {t: [] for t in threads}
    floor: dict[int, list[float]] = {t: [] for t in threads}
    phases: dict[int, dict[str, list[float]]] = {t: {} for t in threads}
    try:
        for q in questions:  # interleaved: load spikes hit every setting alike
            for t in threads:
                _set_threads(t)
                idx._query_cache.clear()
                t0 = time.perf_counter()
                try:
                    answer = assistant.ask(q)
                except Exception:  # noqa: BLE001
                    continue
                chain[t].append((time.perf_counter() - t0) * 1000)
                for key, value in answer.timings.items():
                    phases[t].setdefault(key, []).append(float(value))
                t0 = time.perf_counter()
                vector = encode_query(idx.embeddings, q)
                idx.dense_search(vector, depth)
                idx.lexical_search(q, depth)
                floor[t].append((time.perf_counter() - t0) * 1000)
    finally:
        _set_threads(current)
    out: dict[str, Any] = {"questions": len(questions), "depth": depth, "k": assistant.settings.k,
                           "chain_threads": current, "torch_default": torch_default,
                           "errors": errors,
                           "warmup": summarize(warm), "by_threads": {}}
    for t in threads:
        c, f = summarize(chain[t]), summarize(floor[t])
        out["by_threads"][str(t)] = {
            "chain": c, "floor": f,
            "ratio_p50": c["p50"] / f["p50"] if f["p50"] else math.nan,
            "ratio_p95": c["p95"] / f["p95"] if f["p95"] else math.nan,
            "phases_mean_ms": {k: statistics.fmean(v) for k, v in phases[t].items() if v},
        }
    return out


def thread_advice(lat: dict[str, Any]) -> str:
    """Which torch thread count the question path should use, from the measured figures."""
    by = lat["by_threads"]
    default = str(lat["torch_default"])
    now = f"the assistant answers with {lat['chain_threads']} thread(s) (QA_QUERY_THREADS)"
    if "1" not in by or default not in by or default == "1":
        return f"torch's default is {default} thread(s); {now}; only that was measured."
    d, one = by[default]["chain"], by["1"]["chain"]
    if one["p95"] < 0.9 * d["p95"] and one["p50"] <= 1.1 * d["p50"]:
        verdict = (f"1 thread cut p95 from {d['p95']:.0f} to {one['p95']:.0f} ms (p50 "
                   f"{d['p50']:.0f} -> {one['p50']:.0f} ms) against torch's default of "
                   f"{default}: recommend 1 thread for answering (one short query gains little "
                   "from a second thread, and stalls when another process holds that core)")
    elif d["p50"] < 0.9 * one["p50"]:
        verdict = (f"{default} threads are faster (p50 {d['p50']:.0f} vs {one['p50']:.0f} ms, "
                   f"p95 {d['p95']:.0f} vs {one['p95']:.0f} ms): recommend torch's default")
    else:
        verdict = (f"no clear difference between {default} and 1 thread (p50 {d['p50']:.0f} vs "
                   f"{one['p50']:.0f} ms, p95 {d['p95']:.0f} vs {one['p95']:.0f} ms)")
    return f"{verdict}; {now}."


# -- stage 6: profile of the question path ---------------------------------------------------


_FLAT_LINE = re.compile(r"^\s*(\d+\.\d+)\s+(.+?)\s*$")


def profile_questions(assistant: Any, questions: Sequence[str], out_dir: Path) -> dict[str, Any]:
    """Profile ``ask`` over the questions (cache cleared each time); top entries and a file."""
    idx = assistant.index

    def one_pass() -> None:
        for q in questions:
            idx._query_cache.clear()
            with contextlib.suppress(Exception):
                assistant.ask(q)

    path = out_dir / "profile.txt"
    try:
        from pyinstrument import Profiler
        from pyinstrument.renderers import ConsoleRenderer
    except ImportError:
        return {**_cprofile(one_pass, path), "questions": len(questions)}
    profiler = Profiler(interval=0.0005)
    profiler.start()
    one_pass()
    session = profiler.stop()
    total = session.duration or 1e-9

    def flat(mode: Literal["self", "total"]) -> list[tuple[float, str]]:
        text = profiler.output(ConsoleRenderer(flat=True, flat_time=mode, unicode=False,
                                               color=False))
        rows = []
        for line in text.splitlines():
            m = _FLAT_LINE.match(line)
            if m:
                rows.append((float(m.group(1)), m.group(2)))
        return rows

    tree = profiler.output_text(unicode=False, color=False, show_all=False)
    self_rows, total_rows = flat("self"), flat("total")
    path.write_text(
        f"pyinstrument profile of Assistant.ask over {len(questions)} questions "
        f"(query cache cleared before each)\n\n== call tree\n{tree}\n"
        + "== by own time\n" + "\n".join(f"{s:8.3f}s  {name}" for s, name in self_rows)
        + "\n\n== by total time\n" + "\n".join(f"{s:8.3f}s  {name}" for s, name in total_rows)
        + "\n", "utf-8")
    project = ("qa/", "index/", "source/", "eval/")
    return {
        "tool": f"pyinstrument {_version('pyinstrument')}",
        "seconds": total,
        "cpu_seconds": float(getattr(session, "cpu_time", math.nan) or math.nan),
        "threads": _torch_threads(),
        "questions": len(questions),
        "top_self": [(s, s / total, name) for s, name in self_rows[:15]],
        "top_total_project": [(s, s / total, name) for s, name in total_rows
                              if any(p in name for p in project)
                              and "eval/bench.py" not in name][:15],
        "file": str(path),
    }


def _cprofile(one_pass: Callable[[], None], path: Path) -> dict[str, Any]:
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.runcall(one_pass)
    total = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(60)
    path.write_text("cProfile (pyinstrument is not installed)\n" + buf.getvalue(), "utf-8")
    entries = stats.stats  # type: ignore[attr-defined]
    by_self = sorted(entries.items(), key=lambda kv: -kv[1][2])[:15]
    by_total = sorted(entries.items(), key=lambda kv: -kv[1][3])

    def name(key: tuple[str, int, str]) -> str:
        file, line, fn = key
        return f"{fn}  {file}:{line}"

    project = ("/qa/", "/index/", "/source/", "/eval/")
    return {
        "tool": "cProfile (install pyinstrument for a sampling profile)",
        "seconds": total,
        "top_self": [(v[2], v[2] / total, name(k)) for k, v in by_self],
        "top_total_project": [(v[3], v[3] / total, name(k)) for k, v in by_total
                              if any(p in k[0] for p in project)
                              and not k[0].endswith("eval/bench.py")][:15],
        "file": str(path),
    }


# -- stage 3: cold start ---------------------------------------------------------------------


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
    env = _child_env({"QA_INDEX_DIR": str(index_dir)})
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
    env = _child_env({"QA_INDEX_DIR": str(index_dir),
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
            usage = _stop(proc)
            if usage is not None:
                result["ru_maxrss_mb"] = usage.ru_maxrss / 1024
    return result


# -- stages 4 and 5: scale -------------------------------------------------------------------


class ChromaServer:
    """``chroma run`` on 127.0.0.1, a free port and ``path``; stopped by :meth:`stop`."""

    def __init__(self, path: Path, log: Path) -> None:
        self.path = path
        self.log_path = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.watcher: PeakWatcher | None = None
        self.peak_mb = math.nan
        self.start_s = math.nan

    @staticmethod
    def cli() -> str | None:
        beside = Path(sys.executable).with_name("chroma")
        return str(beside) if beside.exists() else shutil.which("chroma")

    def start(self, timeout: float = 60) -> None:
        cli = self.cli()
        if not cli:
            raise RuntimeError("the `chroma` CLI (installed with chromadb) is not found")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        t0 = time.perf_counter()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [cli, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port",
                 str(self.port)], env=_child_env(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        self.watcher = PeakWatcher(self.proc.pid, interval=0.2)
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError):
                with opener.open(f"{self.url}/api/v2/heartbeat", timeout=1) as r:
                    if r.status == 200:
                        break
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("chroma run did not start: "
                                   + self.log_path.read_text("utf-8", "replace")[-1500:])
            time.sleep(0.2)
        self.start_s = time.perf_counter() - t0

    def stop(self) -> None:
        if self.watcher is not None:
            self.peak_mb = self.watcher.sample()
            self.watcher.stop()
            self.watcher = None
        if self.proc is not None and self.proc.returncode is None:
            _stop(self.proc)


def run_scale_child(spec: dict[str, Any], work: Path, timeout: float) -> dict[str, Any]:
    """One size in one mode, in its own process (so its peak memory is its own)."""
    name = f"{spec['mode']}-{spec['size']}"
    spec_path = work / f"spec-{name}.json"
    result_path = work / f"result-{name}.json"
    spec = {**spec, "result": str(result_path)}
    spec_path.write_text(json.dumps(spec), "utf-8")
    run = run_child([sys.executable, "-m", "eval.bench", "--child", str(spec_path)],
                    _child_env(), work / f"child-{name}.log", timeout)
    if run.returncode != 0 or not result_path.is_file():
        return {"error": f"exit {run.returncode}: {run.output[-1500:]}", "seconds": run.seconds}
    out = json.loads(result_path.read_text("utf-8"))
    # The child's own VmHWM, read per phase, is exact; the watcher's is a cross-check.
    out["maxrss_mb"] = out["vm_hwm_mb"]
    out["watched_peak_mb"] = run.peak_mb
    out["ru_maxrss_mb"] = run.ru_maxrss_mb
    out["process_s"] = run.seconds
    return out


def _phase_peak() -> float:
    """This process's peak RSS since the last call (VmHWM, then reset via clear_refs)."""
    peak = _proc_status_mb(os.getpid(), "VmHWM")
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    return peak


def scale_child(spec_path: Path) -> int:
    """Entry of a scale child: generate, build, open, query; results as JSON."""
    spec = json.loads(spec_path.read_text("utf-8"))
    import chromadb  # noqa: F401 - counted in the baseline, like the store code below

    from index.bench import latencies_ms
    from index.store import BM25_DIR, CHROMA_DIR, PASSAGES_FILE, Index, build_index, dir_size
    from settings import Settings

    baseline = rss_now_mb()
    base = json.loads(Path(spec["base"]).read_text("utf-8"))
    arrays = np.load(spec["vectors"])
    units = [Unit.from_json(u) for u in base["units"]]
    n = int(spec["size"])
    t0 = time.perf_counter()
    corpus, recipes = synthetic_corpus(units, n, seed=spec["seed"], row_share=base["row_share"])
    gen_s = time.perf_counter() - t0
    from index.store import passage_document

    emb = PrecomputedEmbeddings(arrays["units"],
                                [passage_document(p) for p in corpus.passages], recipes,
                                seed=spec["seed"], noise=spec["noise"])
    index_dir = Path(spec["work"]) / f"index-{spec['mode']}-{n}"
    settings = Settings(index_dir=index_dir, chroma_url=spec.get("url"),
                        collection=f"synthetic{n}", embed_batch_size=spec["batch"])
    rss_corpus = rss_now_mb()
    peaks = {"generate": _phase_peak()}
    t0 = time.perf_counter()
    build_index(settings, corpus=corpus, embeddings=emb, rebuild=True, progress=False,
                notify=lambda _m: None)
    build_s = time.perf_counter() - t0
    rss_built = rss_now_mb()
    peaks["build"] = _phase_peak()
    del emb
    t0 = time.perf_counter()
    idx = Index.open(settings, corpus=corpus, embeddings=None, check=False)
    open_s = time.perf_counter() - t0
    questions = base["questions"]
    qvecs = list(arrays["questions"])
    k = int(spec["k"])
    t0 = time.perf_counter()
    idx.dense_search(qvecs[0], k)
    first_dense_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    idx.lexical_search(questions[0], k)
    first_lexical_ms = (time.perf_counter() - t0) * 1000
    for v, q in zip(qvecs[:5], questions[:5], strict=True):
        idx.dense_search(v, k)
        idx.lexical_search(q, k)
    repeats = max(1, math.ceil(spec["min_queries"] / max(1, len(questions))))
    dense = latencies_ms(lambda v: idx.dense_search(v, k), qvecs * repeats)
    lexical = latencies_ms(lambda q: idx.lexical_search(q, k), questions * repeats)
    got = len(idx.dense_search(qvecs[0], k))
    rss_serving = rss_now_mb()  # what a process answering at this size holds
    idx.close()
    peaks["open+query"] = _phase_peak()
    words = sum(len(p.text.split()) for p in corpus.passages)
    result = {
        "size": n, "mode": spec["mode"], "generate_s": gen_s, "build_s": build_s,
        "build_per_s": n / build_s, "open_s": open_s, "k": k, "returned": got,
        "dense": summarize(dense), "lexical": summarize(lexical),
        "first_dense_ms": first_dense_ms, "first_lexical_ms": first_lexical_ms,
        "disk": {"total": dir_size(index_dir), "chroma": dir_size(index_dir / CHROMA_DIR),
                 "bm25": dir_size(index_dir / BM25_DIR),
                 "passages": (index_dir / PASSAGES_FILE).stat().st_size},
        "rss_baseline_mb": baseline, "rss_corpus_mb": rss_corpus, "rss_built_mb": rss_built,
        "rss_serving_mb": rss_serving,
        "peak_by_phase_mb": peaks,
        "vm_hwm_mb": max(peaks.values()),
        "words_per_passage": words / n,
        "kinds": {k_: sum(1 for p in corpus.passages if p.kind == k_)
                  for k_ in ("paragraph", "table_row")},
    }
    Path(spec["result"]).write_text(json.dumps(result), "utf-8")
    return 0


def embed_throughput(emb: Any, units: Sequence[Unit], n: int, seed: int,
                     row_share: float) -> dict[str, Any]:
    """The real model encoding ``n`` synthetic passages (what a real build at scale pays)."""
    from index.store import passage_document

    corpus, _ = synthetic_corpus(units, n, seed=seed + 1, row_share=row_share)
    docs = [passage_document(p) for p in corpus.passages]
    t0 = time.perf_counter()
    emb.encode(docs)
    seconds = time.perf_counter() - t0
    return {"passages": n, "seconds": seconds, "per_s": n / seconds,
            "threads": _torch_threads(), "batch_size": emb.batch_size}


# -- the run ---------------------------------------------------------------------------------


@dataclass
class BenchConfig:
    out: Path = DEFAULT_OUT
    sizes: tuple[int, ...] = DEFAULT_SIZES
    quick: bool = False
    questions: Path | None = None
    limit: int | None = None
    repeat: int = 3
    seed: int = SEED
    noise: float = NOISE
    batch: int = SCALE_BATCH
    skip: frozenset[str] = frozenset()
    embed_sample: int = 256
    command: str = "python -m eval bench"
    child_timeout: float = CHILD_TIMEOUT_S
    results: dict[str, Any] = field(default_factory=dict)


def run_bench(cfg: BenchConfig) -> dict[str, Any]:
    """Run every stage, print as it goes, write RESULTS.md and the rest; the results."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    say = Console()
    started = time.perf_counter()
    res: dict[str, Any] = cfg.results
    res["command"] = cfg.command
    res["started_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    res["machine"] = machine_info()
    res["config"] = {"sizes": list(cfg.sizes), "quick": cfg.quick, "repeat": cfg.repeat,
                     "seed": cfg.seed, "noise": cfg.noise, "scale_batch": cfg.batch,
                     "skip": sorted(cfg.skip)}
    out_dir = cfg.out.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    m = res["machine"]
    say(f"eval bench: {m['cores']} cores ({m['cores_usable']} usable), "
        f"{m['memory_total_mb'] / 1024:.1f} GiB RAM ({m['memory_available_mb'] / 1024:.1f} "
        f"free), {load_note()}")
    say(f"  {m['cpu']}; python {m['python']}, torch {m['versions']['torch']}, "
        f"chromadb {m['versions']['chromadb']}")
    say(f"  command: {cfg.command}")

    from index.bench import load_questions
    from index.embeddings import SentenceTransformerEmbeddings, encode_texts
    from index.store import Corpus
    from settings import Settings, get_settings

    questions = load_questions(cfg.questions)
    if cfg.limit:
        questions = questions[: cfg.limit]
    with tempfile.TemporaryDirectory(prefix="eval-bench-") as tmp_name:
        tmp = Path(tmp_name)
        base_settings = get_settings()
        settings = Settings(**{**base_settings.model_dump(), "index_dir": tmp / "review-index",
                               "chroma_url": None})
        corpus = Corpus.from_source(settings)
        emb = SentenceTransformerEmbeddings(settings.model_path,
                                            batch_size=settings.embed_batch_size)

        # 1. build --------------------------------------------------------------------------
        say.stage("1. building the review's index (real model, embedded Chroma)")
        b = res["build"] = bench_build(settings, corpus, emb, cfg.repeat)
        res["torch_threads_default"] = _torch_threads()
        say(f"  {b['passages']} passages, model {emb.identity}, batch "
            f"{b['batch_size']}, torch threads {res['torch_threads_default']}, "
            f"best of {cfg.repeat}")
        say(f"  model load:           {b['model_load_s'] * 1000:8.0f} ms (once per process)")
        say(f"  plain encode:         {b['plain_s']:8.2f} s   {b['plain_per_s']:6.1f} passages/s"
            "   (SentenceTransformer.encode defaults: batch 32)")
        say(f"  index build:          {b['build_s']:8.2f} s   {b['build_per_s']:6.1f} passages/s")
        say(f"  build / plain ratio:  {b['ratio']:8.3f}     (aim <= {BUILD_AIM})"
            + ("" if b["ratio"] <= BUILD_AIM else "   ABOVE AIM"))
        say(f"  runs (s):             plain {', '.join(f'{x:.2f}' for x in b['plain_runs_s'])};"
            f" build {', '.join(f'{x:.2f}' for x in b['build_runs_s'])}")
        say(f"  inside the best build: encoding {b['encode_in_build_s']:.2f} s (batches of "
            f"{b['batch_size']}), everything else (Chroma, BM25, files) "
            f"{b['outside_encode_s']:.2f} s")
        say(f"  build / its own encoding: {b['ratio_own_encoding']:.3f} (the pipeline's overhead, "
            "timed within one build, so load hits both sides alike)")
        say(f"  no-change rebuild:    {b['nochange_s'] * 1000:8.0f} ms")

        # 2. latency --------------------------------------------------------------------------
        say.stage("2. warm question latency: Assistant.ask vs the floor")
        from qa import Assistant

        t0 = time.perf_counter()
        assistant = Assistant(settings)
        res["assistant_init_s"] = time.perf_counter() - t0
        chain_threads = _torch_threads()  # what the assistant set (QA_QUERY_THREADS)
        torch_default = res["torch_threads_default"]
        threads = [chain_threads]
        if "threads" not in cfg.skip:
            threads += [t for t in (torch_default, 1) if t not in threads]
        lat = res["latency"] = bench_latency(assistant, questions, threads, torch_default)
        say(f"  {lat['questions']} questions ({cfg.questions or 'eval/questions.jsonl'}), "
            f"k={lat['k']}, retrieval depth {lat['depth']}; query cache cleared before each; "
            f"Assistant() took {res['assistant_init_s']:.1f} s in-process")
        say(f"  floor = embed the query + one Chroma query ({lat['depth']}) + one BM25 query "
            f"({lat['depth']})")
        say(f"  warm-up pass p50/p95:  {_f(lat['warmup']['p50'])} / {_f(lat['warmup']['p95'])} ms")
        say("  torch threads   chain p50 / p95 ms    floor p50 / p95 ms    ratio p50 / p95")
        for t in threads:
            r = lat["by_threads"][str(t)]
            label = f"{t}" + (" (the chain's)" if t == chain_threads else
                              " (torch's)" if t == torch_default else "")
            say(f"  {label:<14} {_f(r['chain']['p50']):>9} / {_f(r['chain']['p95']):<9}"
                f" {_f(r['floor']['p50']):>9} / {_f(r['floor']['p95']):<9}"
                f"  {_f(r['ratio_p50'], 2):>6} / {_f(r['ratio_p95'], 2):<6}"
                + ("" if r["ratio_p50"] <= CHAIN_AIM else "  ABOVE AIM (3)"))
        for t in threads:
            ph = lat["by_threads"][str(t)]["phases_mean_ms"]
            say(f"  chain phases at {t} thread(s), mean ms: " + ", ".join(
                f"{k.removesuffix('_ms')} {v:.1f}" for k, v in ph.items()))
        res["thread_advice"] = thread_advice(lat)
        say(f"  threads: {res['thread_advice']}")

        # 6. profile (while the assistant is loaded) -------------------------------------------
        if "profile" not in cfg.skip:
            say.stage("6. profile of the question path")
            prof = res["profile"] = profile_questions(assistant, questions, out_dir)
            say(f"  {prof['tool']}: {len(questions)} questions, {prof['seconds']:.2f} s wall, "
                f"{_f(prof.get('cpu_seconds'), 2)} s CPU (the rest waited for a core), torch "
                f"threads {prof.get('threads', '-')}; full tree in {_rel(Path(prof['file']))}")
            say("  top by own time:")
            for s, frac, name in prof["top_self"][:10]:
                say(f"    {s:7.3f} s {100 * frac:5.1f}%  {name}")
            say("  project functions by total time:")
            for s, frac, name in prof["top_total_project"][:10]:
                say(f"    {s:7.3f} s {100 * frac:5.1f}%  {name}")

        # units for the synthetic corpus: the review's sentences with their real vectors
        units, unit_vectors = units_from_sentences(assistant.index.passages, assistant.sentences)
        question_vectors = encode_texts(emb, questions)
        passages = corpus.passages
        row_share = sum(p.kind == "table_row" for p in passages) / max(1, len(passages))
        res["bench_process_peak_mb"] = _proc_status_mb(os.getpid(), "VmHWM")
        assistant.index.close()
        del assistant

        # 3. cold start ------------------------------------------------------------------------
        say.stage("3. cold start to the first answer (fresh processes, index already built)")
        cold_index = tmp / "cold-index"  # a copy: no process shares the bench's Chroma files
        shutil.copytree(settings.index_dir, cold_index, ignore=shutil.ignore_patterns(
            ".build.lock"))
        if "qa-cold" not in cfg.skip:
            qa = res["cold_qa"] = cold_qa_ask(cold_index, tmp / "cold", runs=1 if cfg.quick
                                              else 2)
            if qa.get("note"):
                say(f"  note: {qa['note']}")
            for i, r in enumerate(qa["runs"], start=1):
                status = "" if r["returncode"] == 0 else f"  FAILED (exit {r['returncode']})"
                say(f"  {qa['command'][:32]}... run {i}: {r['seconds']:6.2f} s to the answer "
                    f"(answering itself {_f(r['answer_ms'], 0)} ms), peak RSS "
                    f"{_f(r['peak_mb'], 0)} MiB{status}")
        if "app" not in cfg.skip:
            try:
                app = res["cold_app"] = cold_app(cold_index, tmp / "cold")
            except Exception as exc:  # noqa: BLE001 - reported, the rest still runs
                app = res["cold_app"] = {"error": str(exc)[-800:]}
            if "skipped" in app:
                say(f"  app: skipped ({app['skipped']})")
            elif "error" in app:
                say(f"  app: FAILED: {app['error']}")
            else:
                say(f"  python app.py: listening after {app['listening_s']:.2f} s, first answer "
                    f"(gradio_client /ask) after {app['first_answer_s']:.2f} s, a second "
                    f"answer {app['warm_answer_ms']:.0f} ms; peak RSS {_f(app['peak_mb'], 0)} MiB")
        else:
            res["cold_app"] = {"skipped": "--skip app" if not cfg.quick else "--quick"}
            say(f"  app: skipped ({res['cold_app']['skipped']})")
        say(f"  this bench process (model + assistant in-process): peak RSS "
            f"{res['bench_process_peak_mb']:.0f} MiB")

        # 4./5. scale --------------------------------------------------------------------------
        if "scale" not in cfg.skip and cfg.sizes:
            say.stage("4./5. scale: synthetic corpora, precomputed vectors, each size in its "
                      "own process")
            base_path = tmp / "base.json"
            vec_path = tmp / "base-vectors.npz"
            base_path.write_text(json.dumps({
                "units": [u.to_json() for u in units], "questions": questions,
                "row_share": row_share}), "utf-8")
            np.savez(vec_path, units=unit_vectors, questions=question_vectors)
            n_sent = sum(u.kind == "sentence" for u in units)
            say(f"  corpus: passages recombined from the review's {n_sent} "
                f"sentences and {len(units) - n_sent} table rows (seed "
                f"{cfg.seed}; {100 * row_share:.0f}% table rows, 2-5 sentences per paragraph)")
            say(f"  vectors: NOT the model's - each is the mean of the real MiniLM vectors of "
                f"the sentences/rows it was built from, + N(0, {cfg.noise}^2) noise per "
                f"dimension, normalised; Chroma adds in batches of {cfg.batch}")
            say(f"  queries: the {len(questions)} questions (dense: their real vectors; "
                f"lexical: their text), k={lat['depth']} like the chain's depth; "
                f"at least 100 timed each")
            emb_sample = min(cfg.embed_sample, 16 if cfg.quick else cfg.embed_sample)
            _set_threads(res["torch_threads_default"])  # as a build runs (the assistant set 1)
            et = res["embed_throughput"] = embed_throughput(emb, units, emb_sample, cfg.seed,
                                                           row_share)
            say(f"  real-model embedding, measured apart: {et['passages']} synthetic passages "
                f"in {et['seconds']:.1f} s = {et['per_s']:.1f} passages/s "
                f"({et['threads']} threads, batch {et['batch_size']})")
            rows = res["scale"] = []
            server_ok = "server" not in cfg.skip and ChromaServer.cli() is not None
            if "server" not in cfg.skip and not server_ok:
                say("  chroma server: skipped (the `chroma` CLI is not installed)")
            for n in cfg.sizes:
                spec = {"size": n, "work": str(tmp / "scale"), "base": str(base_path),
                        "vectors": str(vec_path), "seed": cfg.seed, "noise": cfg.noise,
                        "batch": cfg.batch, "k": lat["depth"], "min_queries": 100}
                (tmp / "scale").mkdir(exist_ok=True)
                row: dict[str, Any] = {"size": n}
                row["embedded"] = run_scale_child({**spec, "mode": "embedded"}, tmp / "scale",
                                                  cfg.child_timeout)
                say(_scale_line(n, "embedded", row["embedded"]))
                if server_ok:
                    row["server"] = _scale_server(spec, tmp / "scale", cfg.child_timeout)
                    say(_scale_line(n, "server", row["server"]))
                rows.append(row)
                _cleanup_size(tmp / "scale", n)
            say("")
            for line in scale_table(rows, et).splitlines():
                say("  " + line)
            res["scale_summary"] = scale_summary(rows)
            for line in res["scale_summary"]["lines"]:
                say(f"  {line}")
            res["plots"] = [str(p) for p in plot_scale(rows, et, out_dir)]
            say("  plots: " + ", ".join(_rel(Path(p)) for p in res["plots"]))

    res["machine"]["loadavg_end"] = [round(x, 2) for x in loadavg()]
    res["total_s"] = time.perf_counter() - started
    say(f"\ndone in {res['total_s'] / 60:.1f} min; {load_note()}; wrote {_rel(cfg.out)}")
    res["console"] = say.lines
    write_results(res, cfg.out)
    return res


def _scale_server(spec: dict[str, Any], work: Path, timeout: float) -> dict[str, Any]:
    n = spec["size"]
    server = ChromaServer(work / f"server-data-{n}", work / f"server-{n}.log")
    try:
        server.start()
    except RuntimeError as exc:
        return {"error": str(exc)}
    try:
        out = run_scale_child({**spec, "mode": "server", "url": server.url}, work, timeout)
        out["server_disk"] = _dir_bytes(server.path)
        out["server_start_s"] = server.start_s
    finally:
        server.stop()
    out["server_peak_mb"] = server.peak_mb
    return out


def _dir_bytes(path: Path) -> int:
    from index.store import dir_size

    return dir_size(path)


def _cleanup_size(work: Path, n: int) -> None:
    for pattern in (f"index-*-{n}", f"server-data-{n}"):
        for p in work.glob(pattern):
            shutil.rmtree(p, ignore_errors=True)


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _mb(nbytes: float) -> str:
    return f"{nbytes / 2**20:.1f}"


def _scale_line(n: int, mode: str, r: dict[str, Any]) -> str:
    if "error" in r:
        return f"  {n:>7} {mode:<8}  FAILED: {r['error'][-600:]}"
    srv = ""
    if mode == "server":
        srv = f", server peak {_f(r.get('server_peak_mb'), 0)} MiB"
    return (f"  {n:>7} {mode:<8} build {r['build_s']:7.1f} s ({r['build_per_s']:7.0f}/s), "
            f"disk {_mb(r['disk']['total'] + r.get('server_disk', 0))} MB, dense p50/p95 "
            f"{r['dense']['p50']:.1f}/{r['dense']['p95']:.1f} ms, BM25 "
            f"{r['lexical']['p50']:.1f}/{r['lexical']['p95']:.1f} ms, RSS peak "
            f"{r['maxrss_mb']:.0f} / serving {_f(r.get('rss_serving_mb'), 0)} MiB{srv}")


def scale_table(rows: Sequence[dict[str, Any]], et: dict[str, Any]) -> str:
    """The scaling figures as a Markdown table (printed, and written to RESULTS.md)."""
    head = ("| passages | store | build s | build passages/s | projected build with the real "
            "model | index on disk MB | dense p50 / p95 ms | BM25 p50 / p95 ms | peak RSS MiB "
            "(client) | RSS serving MiB (client, index open) | server peak RSS "
            "MiB |")
    lines = [head, "|" + "---|" * 11]
    for row in rows:
        for mode in ("embedded", "server"):
            r = row.get(mode)
            if r is None:
                continue
            if "error" in r:
                lines.append(f"| {row['size']:,} | {mode} | failed | | | | | | | | |")
                continue
            projected = row["size"] / et["per_s"] + r["build_s"]
            disk = r["disk"]["total"] + r.get("server_disk", 0)
            server_rss = r.get("server_peak_mb")
            lines.append(
                f"| {row['size']:,} | {mode} | {r['build_s']:.1f} | {r['build_per_s']:,.0f} | "
                f"{_duration(projected)} | {_mb(disk)} | {r['dense']['p50']:.1f} / "
                f"{r['dense']['p95']:.1f} | {r['lexical']['p50']:.1f} / "
                f"{r['lexical']['p95']:.1f} | {r['maxrss_mb']:.0f} | "
                f"{_f(r.get('rss_serving_mb'), 0)} | "
                f"{_f(server_rss, 0) if mode == 'server' else ''} |")
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y > 0]
    if len(pts) < 2:
        return math.nan
    (x0, y0), (x1, y1) = pts[-2], pts[-1]
    return (y1 - y0) / (x1 - x0) if x1 != x0 else math.nan


def scale_summary(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Aims checked at the largest size, and log-log slopes between the two largest."""
    good = [r for r in rows if "error" not in r.get("embedded", {"error": 1})]
    out: dict[str, Any] = {"lines": []}
    if not good:
        out["lines"].append("no size finished")
        return out
    sizes = [r["size"] for r in good]
    emb = [r["embedded"] for r in good]
    growth = [max(1e-3, e["maxrss_mb"] - e["rss_baseline_mb"]) for e in emb]
    serving = [max(1e-3, e["rss_serving_mb"] - e["rss_baseline_mb"]) for e in emb]
    out["memory_growth_mb"] = growth
    out["memory_slope"] = _slope(sizes, growth)
    out["serving_growth_mb"] = serving
    out["serving_slope"] = _slope(sizes, serving)
    out["disk_slope"] = _slope(sizes, [e["disk"]["total"] for e in emb])
    out["dense_p50_slope"] = _slope(sizes, [e["dense"]["p50"] for e in emb])
    out["lexical_p50_slope"] = _slope(sizes, [e["lexical"]["p50"] for e in emb])
    top = emb[-1]
    big = sizes[-1]
    per_1k = growth[-1] / big * 1000
    met = max(top["dense"]["p50"], top["lexical"]["p50"]) <= LATENCY_AIM_MS
    out["lines"].append(
        f"at {big:,} passages: dense p50 {top['dense']['p50']:.1f} ms, BM25 p50 "
        f"{top['lexical']['p50']:.1f} ms (aim <= {LATENCY_AIM_MS:.0f} ms: "
        f"{'met' if met else 'NOT met'})")
    out["lines"].append(
        f"memory above the process baseline ({top['rss_baseline_mb']:.0f} MiB after imports): "
        f"{', '.join(f'{g:.0f}' for g in growth)} MiB; log-log slope "
        f"{_f(out['memory_slope'], 2)} between the two largest sizes (1 = linear), "
        f"about {per_1k:.1f} MiB per 1,000 passages; serving (index open) "
        f"{', '.join(f'{g:.0f}' for g in serving)} MiB, slope {_f(out['serving_slope'], 2)}; "
        "peak by phase: "
        + ", ".join(f"{k} {v:.0f}" for k, v in top.get("peak_by_phase_mb", {}).items())
        + f" MiB at {big:,}")
    out["lines"].append(
        f"log-log slopes (two largest sizes): disk {_f(out['disk_slope'], 2)}, dense p50 "
        f"{_f(out['dense_p50_slope'], 2)}, BM25 p50 {_f(out['lexical_p50_slope'], 2)}")
    return out


def _getter(kind: str, q: str) -> Callable[[dict[str, Any]], float]:
    return lambda r: float(r[kind][q])


def plot_scale(rows: Sequence[dict[str, Any]], et: dict[str, Any], out_dir: Path) -> list[Path]:
    """Log-log PNGs of build, disk, query latency and memory against corpus size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def series(mode: str, get: Callable[[dict[str, Any]], float]) -> tuple[list[int],
                                                                            list[float]]:
        xs, ys = [], []
        for row in rows:
            r = row.get(mode)
            if r and "error" not in r:
                xs.append(row["size"])
                ys.append(get(r))
        return xs, ys

    files = []

    def save(fig: Any, ax_list: Sequence[Any], name: str) -> None:
        for ax in ax_list:
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("passages")
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=8)
        fig.tight_layout()
        path = out_dir / name
        fig.savefig(path, dpi=110)
        plt.close(fig)
        files.append(path)

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    for mode, style in (("embedded", "o-"), ("server", "s--")):
        xs, ys = series(mode, lambda r: r["build_s"])
        if xs:
            a1.plot(xs, ys, style, label=f"store build, precomputed vectors ({mode})")
        xs, ys = series(mode, lambda r: r["build_per_s"])
        if xs:
            a2.plot(xs, ys, style, label=f"precomputed vectors ({mode})")
    xs, ys = series("embedded", lambda r: r["build_s"])
    if xs:
        a1.plot(xs, [x / et["per_s"] + y for x, y in zip(xs, ys, strict=True)], "k:",
                label=f"projected with the real model ({et['per_s']:.0f}/s)")
        a2.plot(xs, [et["per_s"]] * len(xs), "k:", label="real model encoding (measured)")
    a1.set_ylabel("build seconds")
    a1.set_title("Index build time")
    a2.set_ylabel("passages / s")
    a2.set_title("Build throughput")
    save(fig, (a1, a2), "scale-build.png")

    fig, ax = plt.subplots(figsize=(6, 4))
    for label, get in (("total (embedded)", lambda r: r["disk"]["total"]),
                       ("chroma/", lambda r: r["disk"]["chroma"]),
                       ("bm25/", lambda r: r["disk"]["bm25"]),
                       ("passages.json", lambda r: r["disk"]["passages"])):
        xs, ys = series("embedded", get)
        if xs:
            ax.plot(xs, [y / 2**20 for y in ys], "o-", label=label)
    xs, ys = series("server", lambda r: r.get("server_disk", 0))
    if xs and any(ys):
        ax.plot(xs, [y / 2**20 for y in ys], "s--", label="chroma server data dir")
    ax.set_ylabel("MB on disk")
    ax.set_title("Index size on disk")
    save(fig, (ax,), "scale-disk.png")

    fig, ax = plt.subplots(figsize=(6.5, 4))
    for mode, kind, style in (("embedded", "dense", "o-"), ("server", "dense", "s--"),
                              ("embedded", "lexical", "^-")):
        for q, alpha in (("p50", 1.0), ("p95", 0.5)):
            xs, ys = series(mode, _getter(kind, q))
            name = "BM25" if kind == "lexical" else f"Chroma ({mode})"
            if xs:
                ax.plot(xs, ys, style, alpha=alpha, label=f"{name} {q}")
    ax.axhline(LATENCY_AIM_MS, color="red", lw=0.8, ls=":", label="aim: p50 100 ms")
    ax.set_ylabel("ms per query")
    ax.set_title("Query latency")
    save(fig, (ax,), "scale-query.png")

    fig, ax = plt.subplots(figsize=(6.5, 4))
    for mode, label, get, style in (
        ("embedded", "peak RSS, embedded store", lambda r: r["maxrss_mb"], "o-"),
        ("embedded", "peak above import baseline",
         lambda r: r["maxrss_mb"] - r["rss_baseline_mb"], "o:"),
        ("embedded", "serving (index open), embedded", lambda r: r["rss_serving_mb"], "v-"),
        ("server", "peak RSS, client (server mode)", lambda r: r["maxrss_mb"], "s--"),
        ("server", "peak RSS, chroma server",
         lambda r: r.get("server_peak_mb", math.nan), "d--"),
    ):
        xs, ys = series(mode, get)
        if xs:
            ax.plot(xs, ys, style, label=label)
    xs, ys = series("embedded", lambda r: r["maxrss_mb"] - r["rss_baseline_mb"])
    if xs and ys[-1] > 0:
        ax.plot(xs, [ys[-1] * x / xs[-1] for x in xs], "k:", lw=0.8, label="linear reference")
    ax.set_ylabel("MiB")
    ax.set_title("Peak resident memory")
    save(fig, (ax,), "scale-memory.png")
    return files


# -- RESULTS.md -------------------------------------------------------------------------------


def write_results(res: dict[str, Any], out: Path) -> None:
    """RESULTS.md (machine, command, printed output, tables) and results.json beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    m = res["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Command: `{res['command']}` (run from the project root, {res['started_at']}; "
        f"{res['total_s'] / 60:.1f} min).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores ({m['cores_usable']} usable), "
        f"{m['memory_total_mb'] / 1024:.1f} GiB RAM; load average (1/5/15 min) "
        f"{' / '.join(map(str, m['loadavg_start']))} at the start and "
        f"{' / '.join(map(str, m['loadavg_end']))} at the end; {m['platform']}, "
        f"Python {m['python']}, "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".",
        "",
        "Figures vary with the machine and with what else runs on it: other processes "
        "(tests, evals) may have shared these cores, as the load average shows. Latencies "
        "are wall-clock. Peak memory is the VmHWM (peak resident set) of each measured process, "
        "polled from /proc while it runs (a scale child reads its own at its end): "
        "`ru_maxrss` from `os.wait4`/`RUSAGE_CHILDREN` is not used because Linux carries the "
        "high-water mark of the forking parent (this ~900 MB benchmark) into every child's "
        "`ru_maxrss`; results.json keeps it as `ru_maxrss_mb` for reference.",
        "",
    ]
    b = res.get("build")
    lat = res.get("latency")
    if b and lat:
        d = lat["by_threads"][str(lat["chain_threads"])]
        lines += [
            "## Headline",
            "",
            "| figure | value | aim |",
            "|---|---|---|",
            f"| build the review's index ({b['passages']} passages) | {b['build_s']:.2f} s, "
            f"{b['build_per_s']:.1f} passages/s | |",
            f"| plain SentenceTransformer.encode of the same texts | {b['plain_s']:.2f} s, "
            f"{b['plain_per_s']:.1f} passages/s | |",
            f"| build / plain | {b['ratio']:.3f} (runs: plain "
            f"{', '.join(f'{x:.1f}' for x in b['plain_runs_s'])} s, build "
            f"{', '.join(f'{x:.1f}' for x in b['build_runs_s'])} s) | <= {BUILD_AIM} |",
            f"| build / the encoding inside it (store, BM25, files: "
            f"{b['outside_encode_s']:.2f} s) | {b['ratio_own_encoding']:.3f} | |",
            f"| warm Assistant.ask p50 / p95 (as configured: {lat['chain_threads']} torch "
            f"thread(s)) | "
            f"{d['chain']['p50']:.1f} / {d['chain']['p95']:.1f} ms | |",
            f"| floor p50 / p95 (embed + Chroma + BM25) | {d['floor']['p50']:.1f} / "
            f"{d['floor']['p95']:.1f} ms | |",
            f"| chain / floor, p50 / p95 | {d['ratio_p50']:.2f} / {d['ratio_p95']:.2f} | "
            f"<= {CHAIN_AIM} |",
        ]
        for t, other in lat["by_threads"].items():
            if t == str(lat["chain_threads"]):
                continue
            lines.append(f"| warm Assistant.ask p50 / p95, torch.set_num_threads({t}) | "
                         f"{other['chain']['p50']:.1f} / {other['chain']['p95']:.1f} ms; floor "
                         f"{other['floor']['p50']:.1f} / {other['floor']['p95']:.1f} ms (ratio "
                         f"{other['ratio_p50']:.2f} / {other['ratio_p95']:.2f}) | |")
        qa = res.get("cold_qa")
        if qa and qa["runs"]:
            best = min(qa["runs"], key=lambda r: r["seconds"])
            lines.append(f"| cold start, `{qa['command']}` | {best['seconds']:.2f} s "
                         f"(best of {len(qa['runs'])}), peak RSS {_f(best['peak_mb'], 0)} MiB | |")
        app = res.get("cold_app") or {}
        if "first_answer_s" in app:
            lines.append(f"| cold start, `python app.py` to the first answer | "
                         f"{app['first_answer_s']:.2f} s (listening at "
                         f"{app['listening_s']:.2f} s), peak RSS {_f(app['peak_mb'], 0)} MiB | |")
        elif app:
            why = app.get("skipped") or "failed: " + str(app.get("error", ""))[:200]
            lines.append(f"| cold start, `python app.py` | {why} | |")
        summ = res.get("scale_summary") or {}
        if summ.get("lines"):
            lines.append(f"| scale: {summ['lines'][0]} | | p50 <= {LATENCY_AIM_MS:.0f} ms |")
        lines += ["", f"Threads: {res.get('thread_advice', '')}", ""]
    if res.get("scale"):
        et = res["embed_throughput"]
        lines += [
            "## Scale",
            "",
            "Synthetic corpora: passages recombined from the review's sentences and Table 1 "
            f"rows (seed {res['config']['seed']}). **The vectors at scale are not the model's**: "
            "each is the normalised mean of the real all-MiniLM-L6-v2 vectors of the sentences "
            f"or rows it was built from, plus N(0, {res['config']['noise']}²) noise per "
            "dimension, so the store sees topic-clustered vectors like real ones. They measure "
            "the store (Chroma + BM25 + passages.json) and retrieval; embedding is measured "
            f"apart: the real model encodes {et['per_s']:.1f} synthetic passages/s here "
            f"({et['passages']} passages, {et['threads']} threads), and the *projected* column "
            "adds that encoding time to the measured store build. Each size and mode ran in "
            "its own process; the server mode used a fresh `chroma run` on 127.0.0.1 per size.",
            "",
            scale_table(res["scale"], et),
            "",
        ]
        lines += [f"- {s}" for s in res["scale_summary"]["lines"]]
        lines += [""]
        for p in res.get("plots", []):
            name = Path(p).name
            lines.append(f"![{name}]({name})")
        lines.append("")
    prof = res.get("profile")
    if prof:
        lines += ["## Profile of the question path", "",
                  f"{prof['tool']}, {prof['seconds']:.2f} s over {prof['questions']} questions "
                  "(query cache cleared before each). Full tree: `profile.txt`.", "",
                  "| own time s | % | function |", "|---|---|---|"]
        lines += [f"| {s:.3f} | {100 * f:.1f} | `{n}` |" for s, f, n in prof["top_self"][:12]]
        lines += ["", "| total time s | % | project function |", "|---|---|---|"]
        lines += [f"| {s:.3f} | {100 * f:.1f} | `{n}` |"
                  for s, f, n in prof["top_total_project"][:12]]
        lines.append("")
    lines += ["## Printed output", "", "```", *res["console"], "```", ""]
    out.write_text("\n".join(lines), "utf-8")
    slim = {k: v for k, v in res.items() if k != "console"}
    (out.parent / "results.json").write_text(json.dumps(slim, indent=1, default=str), "utf-8")


# -- command line -----------------------------------------------------------------------------


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s.replace("_", "")) for s in text.split(",") if s.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 1000,10000, got {text!r}") from None
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError("each size must be at least 10")
    return tuple(sorted(set(sizes)))


def _skips(text: str) -> frozenset[str]:
    items = frozenset(s.strip() for s in text.split(",") if s.strip())
    bad = items - set(SKIPPABLE)
    if bad:
        raise argparse.ArgumentTypeError(
            f"unknown stage(s) {', '.join(sorted(bad))}; choose from {', '.join(SKIPPABLE)}")
    return items


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of ``python -m eval bench``."""
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke-test sizes ({','.join(map(str, QUICK_SIZES))}), "
                        f"{QUICK_QUESTIONS} questions, one repeat, no app start")
    parser.add_argument("--sizes", type=_sizes, default=None,
                        help="synthetic corpus sizes (default: "
                        f"{','.join(map(str, DEFAULT_SIZES))}; --quick: "
                        f"{','.join(map(str, QUICK_SIZES))})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="RESULTS.md to write; plots, results.json and profile.txt go "
                        "beside it (default: %(default)s)")
    parser.add_argument("--questions", type=Path, default=None,
                        help="JSONL with 'question' fields (default: eval/questions.jsonl)")
    parser.add_argument("--limit", type=int, default=None, help="use the first N questions")
    parser.add_argument("--repeat", type=int, default=None,
                        help="builds of the review's index; the best is kept (default 3)")
    parser.add_argument("--seed", type=int, default=SEED, help="synthetic corpus seed")
    parser.add_argument("--skip", type=_skips, default=frozenset(),
                        help=f"stages to leave out, comma-separated: {', '.join(SKIPPABLE)}")


def run_command(args: argparse.Namespace) -> int:
    """``python -m eval bench``: exit 0 when every stage ran."""
    quick = bool(args.quick)
    skip = set(args.skip)
    if quick:
        skip.add("app")
    if args.limit is not None and args.limit < 1:
        print("error: --limit must be at least 1", file=sys.stderr)
        return 2
    if args.questions is not None and not args.questions.is_file():
        print(f"error: no questions file {args.questions}", file=sys.stderr)
        return 2
    cfg = BenchConfig(
        out=args.out.resolve(),
        sizes=args.sizes or (QUICK_SIZES if quick else DEFAULT_SIZES),
        quick=quick,
        questions=args.questions,
        limit=args.limit or (QUICK_QUESTIONS if quick else None),
        repeat=args.repeat or (1 if quick else 3),
        seed=args.seed,
        skip=frozenset(skip),
        command="python -m eval " + shlex.join(sys.argv[1:] if sys.argv[1:2] == ["bench"]
                                               else ["bench", *sys.argv[1:]]),
    )
    res = run_bench(cfg)
    failed = [r for r in res.get("scale", []) for m in ("embedded", "server")
              if "error" in r.get(m, {})]
    qa_failed = any(r["returncode"] != 0 for r in res.get("cold_qa", {}).get("runs", []))
    app_failed = "error" in res.get("cold_app", {})
    return 1 if failed or qa_failed or app_failed else 0


def _main(argv: Sequence[str] | None = None) -> int:
    """``python -m eval.bench --child SPEC``: one scale run (used by the bench itself)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) == 2 and argv[0] == "--child":
        return scale_child(Path(argv[1]))
    print("usage: python -m eval bench [--quick] [--sizes ...] [--out FILE]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main())
