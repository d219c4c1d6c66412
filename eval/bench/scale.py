"""Stages 4 and 5: synthetic corpora built and queried each in its own process, with
precomputed vectors, in the embedded store and against a ``chroma run`` server."""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.config import LATENCY_AIM_MS
from eval.bench.measure import fmt, latencies_ms, summarize, torch_threads
from eval.bench.procs import (
    PeakWatcher,
    child_env,
    proc_status_mb,
    rss_now_mb,
    run_child,
    stop_child,
)
from eval.bench.synthetic import PrecomputedEmbeddings, Unit, synthetic_corpus
from eval.load import free_port


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
                 str(self.port)], env=child_env(), stdout=log, stderr=subprocess.STDOUT,
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
            stop_child(self.proc)


def run_scale_child(spec: dict[str, Any], work: Path, timeout: float) -> dict[str, Any]:
    """One size in one mode, in its own process (so its peak memory is its own)."""
    name = f"{spec['mode']}-{spec['size']}"
    spec_path = work / f"spec-{name}.json"
    result_path = work / f"result-{name}.json"
    spec = {**spec, "result": str(result_path)}
    spec_path.write_text(json.dumps(spec), "utf-8")
    run = run_child([sys.executable, "-m", "eval.bench", "--child", str(spec_path)],
                    child_env(), work / f"child-{name}.log", timeout)
    if run.returncode != 0 or not result_path.is_file():
        return {"error": f"exit {run.returncode}: {run.output[-1500:]}", "seconds": run.seconds}
    out = json.loads(result_path.read_text("utf-8"))
    # The child's own VmHWM, read per phase, is exact; the watcher's is a cross-check.
    out["maxrss_mb"] = out["vm_hwm_mb"]
    out["watched_peak_mb"] = run.peak_mb
    out["ru_maxrss_mb"] = run.ru_maxrss_mb
    out["process_s"] = run.seconds
    return out


def phase_peak() -> float:
    """This process's peak RSS since the last call (VmHWM, then reset via clear_refs)."""
    peak = proc_status_mb(os.getpid(), "VmHWM")
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    return peak


def scale_child(spec_path: Path) -> int:
    """Entry of a scale child: generate, build, open, query; results as JSON."""
    spec = json.loads(spec_path.read_text("utf-8"))
    import chromadb  # noqa: F401 - counted in the baseline, like the store code below

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
    peaks = {"generate": phase_peak()}
    t0 = time.perf_counter()
    build_index(settings, corpus=corpus, embeddings=emb, rebuild=True, progress=False,
                notify=lambda _m: None)
    build_s = time.perf_counter() - t0
    rss_built = rss_now_mb()
    peaks["build"] = phase_peak()
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
    peaks["open+query"] = phase_peak()
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
            "threads": torch_threads(), "batch_size": emb.batch_size}


def scale_server(spec: dict[str, Any], work: Path, timeout: float) -> dict[str, Any]:
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


def cleanup_size(work: Path, n: int) -> None:
    for pattern in (f"index-*-{n}", f"server-data-{n}"):
        for p in work.glob(pattern):
            shutil.rmtree(p, ignore_errors=True)


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
        f"{fmt(out['memory_slope'], 2)} between the two largest sizes (1 = linear), "
        f"about {per_1k:.1f} MiB per 1,000 passages; serving (index open) "
        f"{', '.join(f'{g:.0f}' for g in serving)} MiB, slope {fmt(out['serving_slope'], 2)}; "
        "peak by phase: "
        + ", ".join(f"{k} {v:.0f}" for k, v in top.get("peak_by_phase_mb", {}).items())
        + f" MiB at {big:,}")
    out["lines"].append(
        f"log-log slopes (two largest sizes): disk {fmt(out['disk_slope'], 2)}, dense p50 "
        f"{fmt(out['dense_p50_slope'], 2)}, BM25 p50 {fmt(out['lexical_p50_slope'], 2)}")
    return out
