"""Stage 2: warm ``Assistant.ask`` latency beside the floor for the same questions (embed
the query + one Chroma query + one BM25 query; aim: ratio at most 3), per torch thread
count."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Sequence
from typing import Any

from eval.bench.measure import set_threads, summarize, torch_threads


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
    current = torch_threads()
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
                set_threads(t)
                idx.clear_query_cache()
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
        set_threads(current)
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
