"""End-to-end `eval run` with the real pipeline: the shipped embedding model, a real index
built in tmp_path, qa.Assistant, and the baseline beside it."""

from __future__ import annotations

import json

import pytest

from eval.__main__ import main
from eval.dataset import load_questions
from eval.results import read_results
from eval.scoring import score_run

QUESTIONS = [
    {
        "id": "e1",
        "question": "Which exosomal circRNA made by HCC cells inhibits NK cell function?",
        "answer": "circUHRF1",
        "must_include": ["circUHRF1"],
        "any_of": [],
        "evidence": [
            {
                "kind": "section",
                "section": "Exosomes induce immunotherapy resistance in HCC",
                "quote": "HCC-derived exosomal circUHRF1",
            }
        ],
        "refs": [14],
        "type": "factoid",
    },
    {
        "id": "e2",
        "question": "Which circRNA in Table 1 drives resistance to lenvatinib?",
        "answer": "circPAK1",
        "must_include": ["circPAK1"],
        "any_of": [],
        "evidence": [
            {
                "kind": "table_row",
                "section": "Table 1",
                "quote": "HCC cellscircPAK1Drive resistance to lenvatinib",
            }
        ],
        "refs": [18],
        "type": "table_lookup",
    },
    {
        "id": "e3",
        "question": "How many patients were enrolled in the review authors' own clinical trial?",
        "answer": "",
        "must_include": [],
        "any_of": [],
        "evidence": [],
        "refs": [],
        "type": "unanswerable",
    },
]


@pytest.mark.slow
def test_real_pipeline_run_with_baseline(tmp_path, capsys):
    qfile = tmp_path / "q.jsonl"
    qfile.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    out = tmp_path / "run"
    code = main(
        ["run", "--questions", str(qfile), "--out", str(out), "--baseline", "--no-progress"]
    )
    assert code == 0, capsys.readouterr().err
    for name in ("results.jsonl", "metrics.json", "report.md", "latency.png"):
        assert (out / name).is_file()
    assert (out / "baseline" / "results.jsonl").is_file()

    records = read_results(out)
    assert [r.id for r in records] == ["e1", "e2", "e3"]
    assert all(len(r.retrieved) >= 10 for r in records)
    assert not any(r.error for r in records)

    doc = json.loads((out / "metrics.json").read_text())
    # metrics.json is exactly what re-scoring results.jsonl gives (any scorer can redo it)
    rescored = score_run(load_questions(qfile), records, doc["meta"]["max_words"])
    assert doc["overall"] == json.loads(json.dumps(rescored.overall))
    o = doc["overall"]
    assert o["citation_validity"] == 1.0  # the assistant verifies its quotes
    assert o["recall@10"] == 1.0  # both gold passages (one a Table 1 row) retrieved
    by_id = {s.id: s for s in rescored.scores}
    # the Table 1 row is matched through the printed row the runner carries along
    e2 = next(r for r in records if r.id == "e2")
    assert by_id["e2"].evidence_ranks[0] is not None
    assert e2.retrieved[by_id["e2"].evidence_ranks[0] - 1].printed
    # verdicts follow the answers (not the assistant's quality, which eval runs measure)
    e3 = next(r for r in records if r.id == "e3")
    assert o["abstention_rate"] == (1.0 if e3.abstained else 0.0)
    assert by_id["e3"].correct == e3.abstained

    base = doc["baseline"]["overall"]
    assert base["abstention_rate"] == 0.0
    assert base["accuracy"] <= base["accuracy_uncapped"]
    assert "difference (assistant − baseline)" in (out / "report.md").read_text()
