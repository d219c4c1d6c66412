"""Smoke test of ``python -m eval bench --quick``: it runs end to end and reports.

No figure is asserted (numbers depend on the machine and its load): only that the
headline lines are printed and RESULTS.md, results.json and the plots are written.
The quick run loads the real model and starts a Chroma server, so it is marked slow;
it takes about a minute on 2 quiet cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eval.bench import PrecomputedEmbeddings, Unit, synthetic_corpus

ROOT = Path(__file__).resolve().parent.parent


def _units() -> list[Unit]:
    sec = ("RESULTS",)
    units = [Unit("sentence", f"Sentence {i} about circRNA-{i} and sorafenib[{i + 1}].", sec,
                  (i + 1,)) for i in range(6)]
    cells = (("Exosomal contents", "miR-21"), ("Study type", "In vitro"), ("References", "[3]"))
    units.append(Unit("row", "", ("RESULTS", "Table 1"), (3,), cells, "Table 1 (Contents)"))
    units.append(Unit("row", "", ("RESULTS", "Table 1"), (4,),
                      (("Exosomal contents", "circPAK1"), ("Study type", "In vivo"),
                       ("References", "[4]")), "Table 1 (Contents)"))
    return units


def test_synthetic_corpus_is_deterministic_and_well_formed() -> None:
    units = _units()
    a, recipes = synthetic_corpus(units, 50, seed=3, row_share=0.3)
    b, _ = synthetic_corpus(units, 50, seed=3, row_share=0.3)
    c, _ = synthetic_corpus(units, 50, seed=4, row_share=0.3)
    assert a == b and a != c
    ids = [p.id for p in a.passages]
    assert len(set(ids)) == 50 and len(recipes) == 50
    kinds = {p.kind for p in a.passages}
    assert kinds == {"paragraph", "table_row"}
    row = next(p for p in a.passages if p.kind == "table_row")
    assert row.text.startswith("Table 1 (Contents), row ") and row.cells and row.refs
    para = next(p for p in a.passages if p.kind == "paragraph")
    assert para.refs and "circRNA" in para.text


def test_precomputed_vectors_are_unit_and_repeatable() -> None:
    import numpy as np

    units = _units()
    corpus, recipes = synthetic_corpus(units, 20, seed=1, row_share=0.3)
    base = np.random.default_rng(0).standard_normal((len(units), 8)).astype(np.float32)
    docs = [p.text for p in corpus.passages]
    emb = PrecomputedEmbeddings(base, docs, recipes, seed=1, noise=0.01)
    v = emb.encode(docs[:5])
    assert v.shape == (5, 8)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(v, emb.encode(docs[:5]))


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.timeout(420)
def test_bench_quick_runs_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "bench" / "RESULTS.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                "ANONYMIZED_TELEMETRY": "False", "QA_INDEX_DIR": str(tmp_path / "unused")})
    proc = subprocess.run(
        [sys.executable, "-m", "eval", "bench", "--quick", "--limit", "4", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=400)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    printed = proc.stdout
    for needle in ("build / plain ratio:", "chain p50 / p95 ms", "floor = embed the query",
                   "threads:", "python -m qa ask", "peak RSS", "| passages | store |",
                   "embedded", "server", "top by own time", "wrote"):
        assert needle in printed, f"{needle!r} not printed:\n{printed[-3000:]}"
    text = out.read_text("utf-8")
    assert "python -m eval bench --quick" in text and "## Scale" in text
    assert "cores" in text and "load average" in text
    results = json.loads((out.parent / "results.json").read_text("utf-8"))
    assert {r["size"] for r in results["scale"]} == {100, 300}
    for row in results["scale"]:
        assert "error" not in row["embedded"] and "error" not in row["server"]
        assert row["embedded"]["returned"] > 0
    for name in ("scale-build.png", "scale-disk.png", "scale-query.png", "scale-memory.png"):
        assert (out.parent / name).stat().st_size > 1000
    assert not (tmp_path / "unused").exists()  # the user's index is never touched


def test_a_measured_child_gets_the_settings_of_what_is_measured(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the cold-start child must load the model being measured, not the default one
    from eval.bench.procs import child_env
    monkeypatch.setenv("QA_MODEL_PATH", "/models/other")
    monkeypatch.setenv("QA_ANSWER__MAX_WORDS", "80")
    monkeypatch.setenv("QA_INDEX_DIR", "/somewhere/else")
    monkeypatch.setenv("QA_PORT", "7999")
    env = child_env({"QA_INDEX_DIR": "/bench/index"})
    assert env["QA_MODEL_PATH"] == "/models/other" and env["QA_ANSWER__MAX_WORDS"] == "80"
    assert env["QA_INDEX_DIR"] == "/bench/index" and "QA_PORT" not in env
