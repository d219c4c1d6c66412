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
and never touches the user's index. ``--index-only`` runs the index stage alone
(``eval/bench/index_stage.py``).

One module per stage (``build``, ``latency``, ``cold``, ``scale``, ``profiling``), the run
that calls them in order (``run``), the report writer (``report``, ``plots``) and their
tools (``measure``, ``procs``, ``synthetic``, ``config``). This folder also holds the
last run's RESULTS.md, results.json, profile.txt and plots.
"""

from __future__ import annotations

from eval.bench.config import BenchConfig
from eval.bench.run import add_arguments, run_bench, run_command
from eval.bench.synthetic import PrecomputedEmbeddings, Unit, synthetic_corpus, units_from_sentences

__all__ = [
    "BenchConfig",
    "PrecomputedEmbeddings",
    "Unit",
    "add_arguments",
    "run_bench",
    "run_command",
    "synthetic_corpus",
    "units_from_sentences",
]
