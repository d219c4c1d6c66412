"""The LangChain-tutorial baseline: its pipeline with a deterministic bag-of-words embedding,
a run beside a fake assistant, and (slow) the real shipped embedding model."""

from __future__ import annotations

import json
import math
import re
import zlib

import pytest
from langchain_core.embeddings import Embeddings
from test_eval_runner import QUESTIONS, FakeAssistant

from eval.baseline import CHUNK_SIZE, TOP_K, BaselineRAG, default_source
from eval.results import record_from_json
from eval.runner import run_eval


class BagOfWordsEmbeddings(Embeddings):
    """Deterministic: hashed word counts (crc32), L2-normalised. Shared words → similar."""

    dims = 512

    def _vec(self, text: str) -> list[float]:
        v = [0.0] * self.dims
        for tok in re.findall(r"\w+", text.lower()):
            v[zlib.crc32(tok.encode()) % self.dims] += 1.0
        norm = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / norm for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


@pytest.fixture(scope="module")
def bow_baseline():
    b = BaselineRAG(source=default_source(), embeddings=BagOfWordsEmbeddings())
    yield b
    b.close()


def test_chunks_follow_the_tutorial_splitter(bow_baseline):
    assert len(bow_baseline.chunks) > 50
    assert all(len(c.page_content) <= CHUNK_SIZE for c in bow_baseline.chunks)
    # neighbouring chunks overlap (chunk_overlap=200): the next one starts before this ends
    starts = [c.metadata["start_index"] for c in bow_baseline.chunks]
    ends = [s + len(c.page_content) for s, c in zip(starts, bow_baseline.chunks, strict=True)]
    assert sum(1 for e, s in zip(ends, starts[1:], strict=False) if s < e) > len(starts) // 2


def test_answer_is_the_top_of_four_chunks(bow_baseline):
    a = bow_baseline.ask("circPAK1 lenvatinib YAP Hippo 14-3-3")
    assert len(a.retrieved) == TOP_K
    assert a.text == a.retrieved[0].text
    assert "circPAK1" in a.text
    assert a.retrieved[0].score >= a.retrieved[-1].score
    assert not a.abstained and a.citations == ()


def test_baseline_answer_serialises_in_the_results_format(bow_baseline):
    line = bow_baseline.ask("sorafenib resistance").to_json("q9")
    assert set(line) >= {
        "id",
        "question",
        "answer",
        "abstained",
        "citations",
        "retrieved",
        "latency_ms",
    }
    rec = record_from_json(json.loads(json.dumps(line)))
    assert rec.id == "q9" and rec.answer == line["answer"]
    assert rec.retrieved[0].passage_id.startswith("chunk-")
    assert rec.latency_ms > 0


def test_run_with_baseline_reports_both_side_by_side(tmp_path, bow_baseline):
    qfile = tmp_path / "q.jsonl"
    qfile.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    out = tmp_path / "run"
    outcome = run_eval(
        qfile,
        out,
        assistant=FakeAssistant(),
        baseline=True,
        baseline_system=bow_baseline,
        progress=False,
    )
    assert (out / "baseline" / "results.jsonl").is_file()
    assert (out / "baseline" / "metrics.json").is_file()
    doc = json.loads((out / "metrics.json").read_text())
    base = doc["baseline"]["overall"]
    assert base == outcome.baseline.scored.overall
    assert base["abstention_rate"] == 0.0  # the tutorial pipeline never abstains
    assert base["citation_validity"] is None  # and cites nothing
    assert base["accuracy"] <= base["accuracy_uncapped"]
    assert base["median_answer_words"] > 30  # a whole chunk, not a short answer
    report = (out / "report.md").read_text()
    assert "| metric | assistant | baseline | difference (assistant − baseline) |" in report
    acc_row = next(ln for ln in report.splitlines() if ln.startswith("| accuracy (all questions"))
    expected = f"{(outcome.assistant.scored.overall['accuracy'] - base['accuracy']) * 100:+.1f} pp"
    assert acc_row.endswith(f"| {expected} |")
    assert "## Failures: baseline" in report
    assert "without the cap" in report


@pytest.mark.slow
def test_real_model_baseline_finds_the_circuhrf1_chunk():
    b = BaselineRAG()
    try:
        a = b.ask("Which exosomal circRNA causes NK cell exhaustion and anti-PD1 resistance?")
    finally:
        b.close()
    assert any("circUHRF1" in c.text for c in a.retrieved)
    assert len(a.retrieved) == TOP_K
