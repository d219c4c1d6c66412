"""Benchmark of the index stage: ``python -m index.bench [--repeat N] [--questions FILE]``.

Prints, in one run, with the real model and the real passages:
- cold build time and passages/s, against a plain ``SentenceTransformer.encode`` of
  the same texts (the ratio; the aim is at most 1.15);
- the no-change rebuild time (nothing may be re-embedded);
- dense and lexical query latency, p50/p95.

It builds in a temporary directory (or on QA_CHROMA_URL when set) and never touches
the user's index. Not a timed test: numbers vary with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEFAULT_QUESTIONS = Path(__file__).resolve().parents[1] / "eval" / "questions.jsonl"
FALLBACK_QUESTIONS = [
    "Which exosomal circRNAs drive anti-PD1 resistance in HCC?",
    "What does circRNA-SORE bind?",
    "How do exosomes mediate sorafenib resistance?",
    "Which miRNAs in Table 1 concern cisplatin?",
    "What is the role of PD-L1 on exosomes?",
    "How does miR-21 affect 5-FU response?",
]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def timed(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of ``fn()``."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def timed_both(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of ``fn()``.

    CPU time is what other processes on a shared machine disturb least, so the
    build/plain ratio is given on both clocks.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def latencies_ms(fn: Callable[[Any], object], queries: Sequence[Any]) -> list[float]:
    """Milliseconds of ``fn(q)`` for each query."""
    out = []
    for q in queries:
        started = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - started) * 1000)
    return out


def load_questions(path: Path | None) -> list[str]:
    path = path or DEFAULT_QUESTIONS
    if not path.is_file():
        return FALLBACK_QUESTIONS
    return [
        json.loads(line)["question"]
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m index.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs of each timing; best kept")
    parser.add_argument("--questions", type=Path, default=None, help="JSONL with 'question' fields")
    args = parser.parse_args(argv)

    from index.embeddings import SentenceTransformerEmbeddings
    from index.store import Corpus, Index, build_index, passage_document
    from settings import Settings, get_settings

    base = get_settings()
    tmp = tempfile.TemporaryDirectory(prefix="index-bench-")
    settings = Settings(**{**base.model_dump(), "index_dir": Path(tmp.name)})

    t0 = time.perf_counter()
    corpus = Corpus.from_source(settings)
    t_parse = time.perf_counter() - t0
    emb = SentenceTransformerEmbeddings(settings.model_path, batch_size=settings.embed_batch_size)
    t_load = timed(lambda: emb.model)
    model = emb.model
    texts = [passage_document(p) for p in corpus.passages]
    n = len(texts)
    model.encode(texts[:4], show_progress_bar=False)  # first-call warm-up, for both sides

    plain: list[tuple[float, float]] = []
    cold: list[tuple[float, float]] = []
    for _ in range(max(1, args.repeat)):  # interleaved, so a busy spell hits both sides
        plain.append(timed_both(lambda: model.encode(texts, show_progress_bar=False)))
        cold.append(
            timed_both(
                lambda: build_index(
                    settings, corpus=corpus, embeddings=emb, rebuild=True, progress=False
                )
            )
        )
    t_plain, t_cold = min(w for w, _ in plain), min(w for w, _ in cold)
    c_plain, c_cold = min(c for _, c in plain), min(c for _, c in cold)
    t_nochange = min(
        timed(lambda: build_index(settings, corpus=corpus, embeddings=emb, progress=False))
        for _ in range(3)
    )
    nochange = build_index(settings, corpus=corpus, embeddings=emb, progress=False)

    build_threads = _threads()
    questions = load_questions(args.questions)
    query_threads = int(getattr(settings, "query_threads", 0) or 0)
    if query_threads > 0:  # as the answering stage runs queries (QA_QUERY_THREADS)
        import torch

        torch.set_num_threads(query_threads)
    with Index.open(settings, corpus=corpus, embeddings=emb) as idx:
        for q in questions[:3]:  # warm-up
            idx.dense_search(q, settings.k)
            idx.lexical_search(q, settings.k)
        idx._query_cache.clear()
        embed_ms = latencies_ms(lambda q: emb.encode([q]), questions)

        def dense_uncached(q: str) -> object:
            idx._query_cache.clear()  # every question pays for its embedding
            return idx.dense_search(q, settings.k)

        dense_ms = latencies_ms(dense_uncached, questions)
        vectors = [idx.embed_query(q) for q in questions]
        chroma_ms = latencies_ms(lambda v: idx.dense_search(v, settings.k), vectors)
        lexical_ms = latencies_ms(lambda q: idx.lexical_search(q, settings.k), questions * 3)

    where = settings.chroma_url or "local PersistentClient"
    print(
        f"index benchmark: {n} passages, model {emb.identity}, {where}, "
        f"batch {settings.embed_batch_size}, torch threads {build_threads}"
    )
    print(
        f"  machine load average (1 min) at the end: {os.getloadavg()[0]:.2f} "
        f"on {os.cpu_count()} cores (other processes skew every figure)"
    )
    print(f"  parse review:              {t_parse * 1000:8.1f} ms")
    print(f"  import + load model:       {t_load * 1000:8.1f} ms (once per process)")
    print(f"  plain encode:              {t_plain:8.2f} s   {n / t_plain:6.1f} passages/s")
    print(f"  cold build (--rebuild):    {t_cold:8.2f} s   {n / t_cold:6.1f} passages/s")
    print(
        f"  build / plain ratio:       {t_cold / t_plain:8.3f}     wall clock (aim <= 1.15)\n"
        f"                             {c_cold / c_plain:8.3f}     CPU time "
        f"({c_cold:.2f} s / {c_plain:.2f} s)"
    )
    print(
        f"  no-change rebuild:         {t_nochange * 1000:8.1f} ms  "
        f"({nochange.embedded} re-embedded)"
    )
    print(
        f"  queries ({len(questions)} questions, k={settings.k}, "
        f"torch threads {_threads()}):  p50 ms    p95 ms"
    )
    for name, values in [
        ("embed query", embed_ms),
        ("dense (embed + Chroma)", dense_ms),
        ("dense (Chroma only)", chroma_ms),
        ("lexical (BM25)", lexical_ms),
    ]:
        print(f"    {name:<24} {statistics.median(values):8.2f}  {percentile(values, 95):8.2f}")
    tmp.cleanup()
    return 0


def _threads() -> int:
    import torch

    return int(torch.get_num_threads())


if __name__ == "__main__":
    sys.exit(main())
