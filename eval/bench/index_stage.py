"""The index stage alone: ``python -m eval bench --index-only [--repeat N] [--questions FILE]``
(what ``python -m index.bench`` printed).

With the real model and the real passages:
- cold build time and passages/s, against a plain ``SentenceTransformer.encode`` of
  the same texts, on the wall clock and on this process's CPU time (aim: at most 1.15);
- the no-change rebuild time (nothing may be re-embedded);
- query latency p50/p95: embedding a question, dense (embed + Chroma), Chroma alone, BM25.

It builds in a temporary directory (or on QA_CHROMA_URL when set) and never touches
the user's index. Not a timed test: numbers vary with the machine.
"""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.bench.config import BUILD_AIM
from eval.bench.measure import latencies_ms, load_questions, timed, timed_both, torch_threads
from eval.metrics import percentile


@dataclass
class IndexFigures:
    """What one run measured (seconds, or milliseconds per query)."""

    passages: int
    model: str
    where: str
    batch: int
    build_threads: int
    parse_s: float
    load_s: float
    plain: tuple[float, float]  # best (wall, CPU) of a plain encode
    cold: tuple[float, float]  # best (wall, CPU) of a cold build
    nochange_s: float
    reembedded: int
    k: int = 10
    query_threads: int = 0
    questions: int = 0
    queries_ms: dict[str, list[float]] = field(default_factory=dict)


def run_index_bench(repeat: int = 2, questions: Path | None = None) -> int:
    """Measure the index stage in a temporary directory and print the figures."""
    from settings import Settings, get_settings

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    base = get_settings()
    with tempfile.TemporaryDirectory(prefix="index-bench-") as tmp:
        settings = Settings(**{**base.model_dump(), "index_dir": Path(tmp)})
        figures, emb, corpus = measure_build(settings, repeat)
        measure_queries(settings, figures, emb, corpus, load_questions(questions))
    print_figures(figures)
    return 0


def measure_build(settings: Any, repeat: int) -> tuple[IndexFigures, Any, Any]:
    """Parse, load the model, then plain encodes and cold builds interleaved (best of
    ``repeat``: a busy spell hits both sides), and no-change rebuilds."""
    from index.embeddings import SentenceTransformerEmbeddings
    from index.store import Corpus, build_index, passage_document

    t0 = time.perf_counter()
    corpus = Corpus.from_source(settings)
    t_parse = time.perf_counter() - t0
    emb = SentenceTransformerEmbeddings(settings.model_path, batch_size=settings.embed_batch_size)
    t_load = timed(lambda: emb.model)
    model = emb.model
    texts = [passage_document(p) for p in corpus.passages]
    model.encode(texts[:4], show_progress_bar=False)  # first-call warm-up, for both sides
    plain: list[tuple[float, float]] = []
    cold: list[tuple[float, float]] = []
    for _ in range(max(1, repeat)):
        plain.append(timed_both(lambda: model.encode(texts, show_progress_bar=False)))
        cold.append(timed_both(lambda: build_index(settings, corpus=corpus, embeddings=emb,
                                                   rebuild=True, progress=False)))
    t_nochange = min(
        timed(lambda: build_index(settings, corpus=corpus, embeddings=emb, progress=False))
        for _ in range(3))
    nochange = build_index(settings, corpus=corpus, embeddings=emb, progress=False)
    figures = IndexFigures(
        passages=len(texts), model=emb.identity,
        where=settings.chroma_url or "local PersistentClient",
        batch=settings.embed_batch_size, build_threads=torch_threads(), parse_s=t_parse,
        load_s=t_load, plain=(min(w for w, _ in plain), min(c for _, c in plain)),
        cold=(min(w for w, _ in cold), min(c for _, c in cold)), nochange_s=t_nochange,
        reembedded=nochange.embedded, k=settings.k)
    return figures, emb, corpus


def measure_queries(settings: Any, figures: IndexFigures, emb: Any, corpus: Any,
                    questions: list[str]) -> None:
    """Per-question latencies, with the thread count the answering stage uses."""
    from index.store import Index

    query_threads = int(getattr(settings, "query_threads", 0) or 0)
    if query_threads > 0:  # as the answering stage runs queries (QA_QUERY_THREADS)
        import torch

        torch.set_num_threads(query_threads)
    k = settings.k
    with Index.open(settings, corpus=corpus, embeddings=emb) as idx:
        for q in questions[:3]:  # warm-up
            idx.dense_search(q, k)
            idx.lexical_search(q, k)
        idx.clear_query_cache()

        def dense_uncached(q: str) -> object:
            idx.clear_query_cache()  # every question pays for its embedding
            return idx.dense_search(q, k)

        figures.queries_ms["embed query"] = latencies_ms(lambda q: emb.encode([q]), questions)
        figures.queries_ms["dense (embed + Chroma)"] = latencies_ms(dense_uncached, questions)
        vectors = [idx.embed_query(q) for q in questions]
        figures.queries_ms["dense (Chroma only)"] = latencies_ms(
            lambda v: idx.dense_search(v, k), vectors)
        figures.queries_ms["lexical (BM25)"] = latencies_ms(
            lambda q: idx.lexical_search(q, k), questions * 3)
    figures.query_threads = torch_threads()
    figures.questions = len(questions)


def print_figures(f: IndexFigures) -> None:
    (t_plain, c_plain), (t_cold, c_cold) = f.plain, f.cold
    n = f.passages
    print(f"index benchmark: {n} passages, model {f.model}, {f.where}, "
          f"batch {f.batch}, torch threads {f.build_threads}")
    print(f"  machine load average (1 min) at the end: {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores (other processes skew every figure)")
    print(f"  parse review:              {f.parse_s * 1000:8.1f} ms")
    print(f"  import + load model:       {f.load_s * 1000:8.1f} ms (once per process)")
    print(f"  plain encode:              {t_plain:8.2f} s   {n / t_plain:6.1f} passages/s")
    print(f"  cold build (--rebuild):    {t_cold:8.2f} s   {n / t_cold:6.1f} passages/s")
    print(f"  build / plain ratio:       {t_cold / t_plain:8.3f}     wall clock "
          f"(aim <= {BUILD_AIM})\n"
          f"                             {c_cold / c_plain:8.3f}     CPU time "
          f"({c_cold:.2f} s / {c_plain:.2f} s)")
    print(f"  no-change rebuild:         {f.nochange_s * 1000:8.1f} ms  "
          f"({f.reembedded} re-embedded)")
    print(f"  queries ({f.questions} questions, k={f.k}, "
          f"torch threads {f.query_threads}):  p50 ms    p95 ms")
    for name, values in f.queries_ms.items():
        p95 = percentile(values, 95)
        print(f"    {name:<24} {statistics.median(values):8.2f}  "
              f"{math.nan if p95 is None else p95:8.2f}")
