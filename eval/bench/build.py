"""Stage 1: the review's index built from scratch with the real model, beside a plain
``SentenceTransformer.encode`` of the same texts (aim: ratio at most 1.15)."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from eval.bench.measure import timed


def bench_build(settings: Any, corpus: Any, emb: Any, repeat: int) -> dict[str, Any]:
    """Cold build (``--rebuild``) beside a plain encode of the same texts; best of ``repeat``."""
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
