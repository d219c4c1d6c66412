"""The candidate ranker's fit (qa/support.py RANK_FEATURES), part of ``python -m eval fit``.

Labels come with the gold sets: a candidate sentence is a positive when it and a gold
evidence quote of its question overlap (one holds the other, or they share a run of
40+ characters); a table row is a positive when a gold table_row quote is a span of
the row as printed. Questions whose candidates hold no positive say nothing about
ranking and are left out. A conditional logit (a softmax over each question's
candidates; a pointwise logistic regression was tried first: 67% top-1 against the
hand-set weights' 76%), pulled toward a multiple of the hand-set weights, is scaled so
that coverage weighs 1; it is judged by the share of questions whose top candidate is
a positive, cross-validated by question (5 folds) beside the hand-set weights on the
same questions, and used only when it wins.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from eval.metrics import collapse_ws, evidence_found
from qa.support import RANK_FEATURES, CandidateRanker

STRENGTH = 0.01  # L2 pull toward a multiple of the hand-set weights


@dataclass(frozen=True)
class Group:
    """One question's candidates: feature vectors and labels."""

    qid: str
    set: str
    features: list[dict[str, float]]
    labels: list[bool]


def is_positive(unit: Any, evidence: Sequence[Any]) -> bool:
    """Does a candidate (qa.extractive.Unit) hold gold evidence of its question?"""
    p = unit.passage
    for e in evidence:
        if e.kind == "table_row":
            if p.kind == "table_row" and evidence_found(e.kind, e.quote, p.text,
                                                        getattr(p, "printed", "")):
                return True
            continue
        if p.kind == "table_row":
            continue
        a, b = collapse_ws(unit.quote), collapse_ws(e.quote)
        if a in b or b in a:
            return True
        m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
        if m.size >= 40:
            return True
    return False


def collect_groups(assistant: Any, paths: Sequence[Path], progress: bool) -> list[Group]:
    """Ask every answerable question with evidence; keep its candidates and labels."""
    from tqdm import tqdm

    from eval.dataset import load_questions

    groups: list[Group] = []
    answerer = assistant.answerer
    history: list[tuple[str, str]] = []
    for path in paths:
        for q in tqdm(load_questions(path), desc=f"{path.stem} (candidates)",
                      disable=not progress):
            history = [] if q.turn <= 1 else history
            if not q.answerable or not q.evidence:
                if q.turn:  # a conversation's later turns need this one's answer
                    history.append((q.question, assistant.ask(q.question, history=history).text))
                continue
            answerer.trace = []
            try:
                answer = assistant.ask(q.question, history=history)
                history.append((q.question, answer.text))
                seen: dict[str, Any] = {}
                for batch in answerer.trace[:1]:  # the question's own candidates
                    for u in batch:
                        seen.setdefault(u.quote, u)
            finally:
                answerer.trace = None
            labels = [is_positive(u, q.evidence) for u in seen.values()]
            if any(labels) and not all(labels):
                groups.append(Group(q.id, path.stem,
                                    [dict(u.features) for u in seen.values()], labels))
    return groups


def write_groups(groups: Sequence[Group], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for g in groups:
            fh.write(json.dumps({"id": g.qid, "set": g.set, "features": g.features,
                                 "labels": g.labels}) + "\n")


def read_groups(path: Path) -> list[Group]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(Group(d["id"], d["set"], d["features"], d["labels"]))
    return out


def fit_ranker(groups: Sequence[Group], hand: CandidateRanker,
               strength: float = STRENGTH) -> CandidateRanker:
    """Weights that make each question's gold candidates likely among its candidates (a
    conditional logit: softmax over one question's candidates), kept near a multiple of
    the hand-set weights by an L2 penalty of `strength`; scaled so coverage weighs 1."""
    import numpy as np
    from scipy.optimize import minimize

    xs = [np.array([[float(f.get(k, 0.0)) for k in RANK_FEATURES] for f in g.features])
          for g in groups]
    ys = [np.array(g.labels, dtype=bool) for g in groups]
    prior = np.array([hand.weights.get(k, 0.0) for k in RANK_FEATURES])

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, t = params[:-1], params[-1]
        total, grad = 0.0, np.zeros_like(w)
        for x, y in zip(xs, ys, strict=True):
            s = x @ w
            s = s - s.max()
            e = np.exp(s)
            p_all, p_pos = e / e.sum(), e * y / (e * y).sum()
            total -= float(np.log((e * y).sum() / e.sum()))
            grad += x.T @ (p_all - p_pos)
        d = w - t * prior
        total += strength * float(d @ d)
        grad_w = grad + 2 * strength * d
        grad_t = -2 * strength * float(d @ prior)
        return total, np.append(grad_w, grad_t)

    start = np.append(prior * 10.0, 10.0)
    res = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = res.x[:-1]
    cov = w[RANK_FEATURES.index("coverage")]
    scale = cov if cov > 0 else 1.0
    return CandidateRanker({k: round(float(v / scale), 4) for k, v in zip(RANK_FEATURES, w,
                                                                           strict=True)},
                           fitted=True)


def top1(ranker: CandidateRanker, groups: Sequence[Group]) -> float:
    """Share of questions whose best-scored candidate is a positive."""
    hits = 0
    for g in groups:
        scores = [ranker.score(f) for f in g.features]
        hits += g.labels[max(range(len(scores)), key=scores.__getitem__)]
    return hits / max(1, len(groups))


def cross_validate_ranker(groups: Sequence[Group], hand: CandidateRanker) -> dict[str, Any]:
    """5-fold (by question) top-1 of the fit, and leave-one-set-out, beside the hand
    weights on the same questions."""
    order = list(range(len(groups)))
    random.Random(0).shuffle(order)
    hits = 0.0
    for k in range(5):
        test = set(order[k::5])
        model = fit_ranker([g for i, g in enumerate(groups) if i not in test], hand)
        hits += top1(model, [groups[i] for i in test]) * len(test)
    out: dict[str, Any] = {"questions": len(groups),
                           "five_fold_top1": round(hits / max(1, len(groups)), 4),
                           "hand_top1": round(top1(hand, groups), 4), "leave_one_set_out": {}}
    for s in sorted({g.set for g in groups}):
        train = [g for g in groups if g.set != s]
        test_g = [g for g in groups if g.set == s]
        out["leave_one_set_out"][s] = {"fit": round(top1(fit_ranker(train, hand), test_g), 4),
                                       "hand": round(top1(hand, test_g), 4)}
    return out
