"""Score a run: each result line against its gold question, then the overall and per-type
metrics that go to metrics.json and the report.

The formulas live in :mod:`eval.metrics`; this module only decides what each one is
averaged over (stated beside every key in :func:`summarize`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eval import metrics as m
from eval.dataset import PASSAGE_EVIDENCE_KINDS, QUESTION_TYPES, GoldQuestion
from eval.results import ResultRecord


@dataclass(frozen=True)
class QuestionScore:
    """How one answer scored. `evidence_ranks` has one rank (or None) per gold evidence."""

    id: str
    type: str
    answerable: bool
    abstained: bool
    correct: bool
    correct_uncapped: bool
    words: int
    over_cap: bool
    evidence_ranks: tuple[int | None, ...]
    n_retrieved: int
    n_citations: int
    n_valid_citations: int
    cites_gold: bool | None  # None: n/a (abstained, error, unanswerable, or no evidence)
    latency_ms: float
    why: str = ""  # empty when correct
    error: str = ""
    recall: dict[int, float] = field(default_factory=dict, hash=False)
    rr: float | None = None


def failure_reason(
    gold: GoldQuestion, rec: ResultRecord, max_words: int | None, correct: bool
) -> str:
    """One line saying why an answer was scored wrong (empty when it was right)."""
    if correct:
        return ""
    if rec.error:
        return f"error: {rec.error}"
    if not gold.answerable:
        return "answered, but the review does not answer this: should have abstained"
    if rec.abstained:
        return "abstained, but the review answers this"
    reasons = []
    missing = m.missing_strings(rec.answer, gold.must_include, gold.any_of)
    if missing:
        reasons.append("missing " + "; ".join(f"“{s}”" for s in missing))
    words = m.answer_words(rec.answer)
    if max_words is not None and words > max_words:
        reasons.append(f"{words} words > cap of {max_words}")
    return ", ".join(reasons) or "wrong"


def score_question(
    gold: GoldQuestion, rec: ResultRecord, max_words: int | None = m.DEFAULT_MAX_WORDS
) -> QuestionScore:
    """Score one result line against its gold question."""
    retrieved = [(r.text, r.printed) for r in rec.retrieved]
    evidence = [e for e in gold.evidence if e.kind in PASSAGE_EVIDENCE_KINDS]
    ranks = tuple(m.evidence_rank(e.kind, e.quote, retrieved) for e in evidence)
    correct = m.question_correct(
        gold.answerable, rec.abstained, rec.answer, gold.must_include, gold.any_of, max_words
    )
    correct_uncapped = m.question_correct(
        gold.answerable, rec.abstained, rec.answer, gold.must_include, gold.any_of, None
    )
    if rec.error:
        correct = correct_uncapped = False
    words = m.answer_words(rec.answer)
    cites_gold: bool | None = None
    if gold.answerable and evidence and not rec.abstained and not rec.error:
        cites_gold = m.cites_gold_evidence(
            [(e.kind, e.quote) for e in evidence],
            [(c.text, c.printed) for c in rec.citations],
        )
    return QuestionScore(
        id=gold.id,
        type=gold.type,
        answerable=gold.answerable,
        abstained=rec.abstained,
        correct=correct,
        correct_uncapped=correct_uncapped,
        words=words,
        over_cap=max_words is not None and words > max_words,
        evidence_ranks=ranks,
        n_retrieved=len(rec.retrieved),
        n_citations=len(rec.citations),
        n_valid_citations=sum(m.citation_valid(c.quote, c.text) for c in rec.citations),
        cites_gold=cites_gold,
        latency_ms=rec.latency_ms,
        why=failure_reason(gold, rec, max_words, correct),
        error=rec.error,
        recall={k: m.recall_at_k(ranks, k) for k in m.RECALL_KS} if ranks else {},
        rr=m.reciprocal_rank(ranks) if ranks else None,
    )


def summarize(scores: Sequence[QuestionScore]) -> dict[str, Any]:
    """The metrics of a set of scored questions (None where a metric has no denominator)."""
    answerable = [s for s in scores if s.answerable]
    unanswerable = [s for s in scores if not s.answerable]
    with_evidence = [s for s in scores if s.evidence_ranks]
    answered = [s for s in scores if not s.abstained and not s.error]
    n_cit = sum(s.n_citations for s in scores)
    out: dict[str, Any] = {
        "n_questions": len(scores),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        "n_with_evidence": len(with_evidence),
        # all questions: answerable right, unanswerable abstained
        "accuracy": m.rate([s.correct for s in scores]),
        "accuracy_uncapped": m.rate([s.correct_uncapped for s in scores]),
        # answerable questions only
        "answer_accuracy": m.rate([s.correct for s in answerable]),
        "answer_accuracy_uncapped": m.rate([s.correct_uncapped for s in answerable]),
        "abstention_rate": m.rate([s.abstained for s in unanswerable]),
        "false_abstention_rate": m.rate([s.abstained for s in answerable]),
    }
    # evidence retrieval: mean over questions with gold evidence
    for k in m.RECALL_KS:
        out[f"recall@{k}"] = m.mean([s.recall[k] for s in with_evidence])
    out["mrr"] = m.mean([s.rr for s in with_evidence if s.rr is not None])
    out.update(
        {
            # citations: over all citations of all answers
            "n_citations": n_cit,
            "citation_validity": (
                sum(s.n_valid_citations for s in scores) / n_cit if n_cit else None
            ),
            # answered answerable questions with evidence: a cited passage holds gold evidence
            "cites_gold_evidence": m.rate(
                [s.cites_gold for s in scores if s.cites_gold is not None]
            ),
            # answered (not abstained) questions
            "median_answer_words": m.median([float(s.words) for s in answered]),
            "over_word_cap": m.rate([s.over_cap for s in answered]),
            "latency_p50_ms": m.percentile([s.latency_ms for s in scores], 50),
            "latency_p95_ms": m.percentile([s.latency_ms for s in scores], 95),
            "n_errors": sum(1 for s in scores if s.error),
        }
    )
    return out


def summarize_by_type(scores: Sequence[QuestionScore]) -> dict[str, dict[str, Any]]:
    """summarize() per question type: the known types in the order of QUESTION_TYPES, then
    any other label the file uses, by name (absent types left out)."""
    out: dict[str, dict[str, Any]] = {}
    others = sorted({s.type for s in scores} - set(QUESTION_TYPES))
    for t in [*QUESTION_TYPES, *others]:
        group = [s for s in scores if s.type == t]
        if group:
            out[t] = summarize(group)
    return out


@dataclass(frozen=True)
class ScoredRun:
    """A run scored against a questions file: per-question scores and the aggregates."""

    scores: tuple[QuestionScore, ...]
    overall: dict[str, Any]
    per_type: dict[str, dict[str, Any]]
    missing: tuple[str, ...] = ()  # gold ids with no result line
    unknown: tuple[str, ...] = ()  # result ids not in the questions file


def score_run(
    questions: Sequence[GoldQuestion],
    records: Sequence[ResultRecord],
    max_words: int | None = m.DEFAULT_MAX_WORDS,
) -> ScoredRun:
    """Score every result line that has a gold question, in the questions' order."""
    by_id = {r.id: r for r in records}
    gold_ids = {q.id for q in questions}
    scores = tuple(score_question(q, by_id[q.id], max_words) for q in questions if q.id in by_id)
    return ScoredRun(
        scores=scores,
        overall=summarize(scores),
        per_type=summarize_by_type(scores),
        missing=tuple(q.id for q in questions if q.id not in by_id),
        unknown=tuple(r.id for r in records if r.id not in gold_ids),
    )


@dataclass(frozen=True)
class SystemResult:
    """One system's part of an eval run: what it answered and how that scored."""

    name: str  # "assistant" | "baseline"
    description: str
    records: tuple[ResultRecord, ...]
    scored: ScoredRun
    setup_s: float = 0.0
    answer_s: float = 0.0

    def record(self, qid: str) -> ResultRecord | None:
        """The result line of a question, if the system answered it."""
        return next((r for r in self.records if r.id == qid), None)
