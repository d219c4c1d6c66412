"""report.md: a summary table (assistant beside the baseline, with the difference), a
per-type table, the plots, then every failure with the question, the gold answer, what
was answered and where the gold evidence ranked, so a developer can see why.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eval.dataset import PASSAGE_EVIDENCE_KINDS, GoldQuestion
from eval.metrics import RECALL_KS
from eval.results import ResultRecord
from eval.scoring import QuestionScore, SystemResult

MAX_ANSWER_CHARS = 700

# (key in summarize(), label, kind); kind decides the format and the unit of the difference.
SUMMARY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("n_questions", "questions", "int"),
    ("accuracy", "accuracy (all questions, word cap)", "rate"),
    ("accuracy_uncapped", "accuracy without the word cap", "rate"),
    ("answer_accuracy", "answer accuracy (answerable)", "rate"),
    ("answer_accuracy_uncapped", "answer accuracy (answerable, no cap)", "rate"),
    ("abstention_rate", "abstention on unanswerable", "rate"),
    ("false_abstention_rate", "false abstention on answerable", "rate"),
    *((f"recall@{k}", f"evidence recall@{k}", "rate") for k in RECALL_KS),
    ("mrr", "evidence MRR", "score"),
    ("citation_validity", "citation validity (exact span)", "rate"),
    ("cites_gold_evidence", "answers citing gold evidence", "rate"),
    ("median_answer_words", "median answer words", "num"),
    ("over_word_cap", "answers over the word cap", "rate"),
    ("latency_p50_ms", "latency p50 (ms)", "ms"),
    ("latency_p95_ms", "latency p95 (ms)", "ms"),
    ("n_errors", "errors", "int"),
    # only with --answerer llm (eval.runner.llm_support); "—" otherwise
    ("llm_sentences", "LLM answer sentences", "int"),
    ("llm_supported_share", "LLM sentences supported by their citations", "rate"),
    ("llm_recited_share", "LLM sentences cited to another passage that supports them", "rate"),
    ("llm_fallbacks", "LLM failures answered extractively", "int"),
)
TYPE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("accuracy", "accuracy", "rate"),
    ("accuracy_uncapped", "no cap", "rate"),
    ("recall@5", "recall@5", "rate"),
    ("mrr", "MRR", "score"),
    ("cites_gold_evidence", "cites gold", "rate"),
    ("latency_p50_ms", "p50 ms", "ms"),
)


def fmt(value: Any, kind: str) -> str:
    """A metric value for a table cell ("—" when not applicable)."""
    if value is None:
        return "—"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "score":
        return f"{value:.3f}"
    if kind == "ms":
        return f"{value:.1f}"
    if kind == "num":
        return f"{value:g}"
    return str(value)


def fmt_delta(a: Any, b: Any, kind: str) -> str:
    """a - b in the metric's unit (percentage points for rates)."""
    if a is None or b is None:
        return "—"
    d = a - b
    if kind == "rate":
        return f"{d * 100:+.1f} pp"
    if kind == "score":
        return f"{d:+.3f}"
    if kind == "ms":
        return f"{d:+.1f}"
    return f"{d:+g}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_table(systems: Sequence[SystemResult]) -> list[str]:
    """Metric rows, one column per system, and `difference` (first - second) for two."""
    head = ["metric", *(s.name for s in systems)]
    if len(systems) == 2:
        head.append(f"difference ({systems[0].name} − {systems[1].name})")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, label, kind in SUMMARY_ROWS:
        vals = [s.scored.overall.get(key) for s in systems]
        row = [label, *(fmt(v, kind) for v in vals)]
        if len(systems) == 2:
            row.append(fmt_delta(vals[0], vals[1], kind) if kind != "int" else "")
        lines.append("| " + " | ".join(row) + " |")
    return lines


TYPE_COLUMNS_PAIR: tuple[tuple[str, str, str], ...] = (
    ("accuracy", "accuracy", "rate"),
    ("accuracy_uncapped", "no cap", "rate"),
    ("recall@5", "recall@5", "rate"),
    ("mrr", "MRR", "score"),
)


def type_table(systems: Sequence[SystemResult]) -> list[str]:
    """Per question type: n, then the systems' columns side by side (Δ accuracy for two)."""
    types = list(systems[0].scored.per_type)
    pair = len(systems) == 2
    columns = TYPE_COLUMNS_PAIR if pair else TYPE_COLUMNS
    head = ["type", "n"]
    for _, label, _ in columns:
        head += [f"{s.name} {label}" for s in systems]
    if pair:
        head.append("Δ accuracy")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for t in types:
        per = [s.scored.per_type.get(t, {}) for s in systems]
        row = [t, str(per[0].get("n_questions", 0))]
        for key, _, kind in columns:
            row += [fmt(p.get(key), kind) for p in per]
        if pair:
            row.append(fmt_delta(per[0].get("accuracy"), per[1].get("accuracy"), "rate"))
        lines.append("| " + " | ".join(row) + " |")
    return lines


def evidence_lines(gold: GoldQuestion, score: QuestionScore, rec: ResultRecord) -> list[str]:
    """Where each gold evidence quote ranked among what was retrieved."""
    if not gold.evidence:
        return ["- gold evidence: none (unanswerable)"]
    out = [f"- gold evidence (reference list): “{e.quote[:157]}”" for e in gold.evidence
           if e.kind not in PASSAGE_EVIDENCE_KINDS]
    passage_evidence = [e for e in gold.evidence if e.kind in PASSAGE_EVIDENCE_KINDS]
    for e, rank in zip(passage_evidence, score.evidence_ranks, strict=True):
        quote = e.quote if len(e.quote) <= 160 else e.quote[:157] + "…"
        where = (
            f"rank {rank} of {score.n_retrieved} (`{rec.retrieved[rank - 1].passage_id}`)"
            if rank is not None
            else f"not in the {score.n_retrieved} retrieved"
        )
        out.append(f"- gold evidence ({e.kind}, {e.section}): “{quote}” — **{where}**")
    return out


def failure_block(gold: GoldQuestion, score: QuestionScore, rec: ResultRecord) -> list[str]:
    """One failure: question, gold answer, what was answered, why, evidence ranks."""
    answer = (
        rec.answer
        if len(rec.answer) <= MAX_ANSWER_CHARS
        else (
            rec.answer[:MAX_ANSWER_CHARS] + f"… [{len(rec.answer) - MAX_ANSWER_CHARS} more chars]"
        )
    )
    expected = []
    if gold.must_include:
        expected.append("must include " + ", ".join(f"`{s}`" for s in gold.must_include))
    for g in gold.any_of:
        expected.append("any of " + " / ".join(f"`{s}`" for s in g))
    lines = [
        f"#### {gold.id} · {gold.type} — {score.why}",
        "",
        f"- question: {gold.question}",
        f"- gold answer: {gold.answer or '—'}"
        + (f" ({'; '.join(expected)})" if expected else " (should abstain)"),
        f"- answered ({score.words} word{'' if score.words == 1 else 's'}"
        f"{', abstained' if rec.abstained else ''}):",
        "",
        *(f"  > {ln}" if ln.strip() else "  >" for ln in (answer or "(empty)").splitlines()),
        "",
        *evidence_lines(gold, score, rec),
    ]
    if rec.citations:
        cited = ", ".join(f"{c.marker} `{c.passage_id}`" for c in rec.citations)
        lines.append(f"- cited: {cited}")
    lines.append("")
    return lines


def compact_failures(golds: dict[str, GoldQuestion], system: SystemResult) -> list[str]:
    """A one-row-per-failure table (used for the baseline, whose answers are whole chunks)."""
    lines = [
        "| id | type | why | gold evidence rank | answered (start) |",
        "|---|---|---|---|---|",
    ]
    for s in system.scored.scores:
        if s.correct:
            continue
        rec = system.record(s.id)
        start = (
            (rec.answer[:120] + "…")
            if rec and len(rec.answer) > 120
            else (rec.answer if rec else "")
        )
        ranks = ", ".join("—" if r is None else str(r) for r in s.evidence_ranks) or "n/a"
        lines.append(f"| {s.id} | {s.type} | {_cell(s.why)} | {ranks} | {_cell(start)} |")
    return lines


def turn_table(system: SystemResult, golds: dict[str, GoldQuestion]) -> list[str]:
    """Conversation turns: accuracy by position in the conversation (empty without any)."""
    by_turn: dict[int, list[bool]] = {}
    for sc in system.scored.scores:
        gold = golds.get(sc.id)
        if gold is not None and gold.turn:
            by_turn.setdefault(gold.turn, []).append(sc.correct)
    if not by_turn:
        return []
    lines = ["## Conversations: accuracy by turn", "", "| turn | turns | accuracy |",
             "|---|---|---|"]
    for turn, flags in sorted(by_turn.items()):
        lines.append(f"| {turn} | {len(flags)} | {fmt(sum(flags) / len(flags), 'rate')} |")
    lines += ["", "Each turn is asked with the earlier turns and the assistant's own answers "
              "as history; the kind of follow-up is its row under 'Per question type'.", ""]
    return lines + rewrite_lines(system, golds)


def rewrite_lines(system: SystemResult, golds: dict[str, GoldQuestion]) -> list[str]:
    """The follow-ups the assistant rewrote, and any rewrite that is not a grammatical
    question (qa.conversation.rewrite_problems)."""
    from qa.conversation import introduced_problems

    rewritten = [r for r in system.records
                 if r.id in golds and golds[r.id].turn > 1 and r.standalone_question
                 and r.standalone_question != r.question]
    bad = [(r, introduced_problems(r.question, r.standalone_question)) for r in rewritten]
    bad = [(r, p) for r, p in bad if p]
    lines = [f"Follow-ups rewritten: {len(rewritten)}; not a grammatical question: "
             f"{len(bad)}.", ""]
    for r, problems in bad:
        lines.append(f"- {r.id}: “{_cell(r.standalone_question)}” ({'; '.join(problems)})")
    return lines + ([""] if bad else [])


def render_report(
    meta: dict[str, Any],
    systems: Sequence[SystemResult],
    golds: dict[str, GoldQuestion],
    plots: Sequence[str] = (),
) -> str:
    """The whole report.md text; systems[0] is the assistant, systems[1] the baseline if run."""
    main = systems[0]
    o = main.scored.overall
    lines = [
        "# Eval report",
        "",
        f"- questions: `{meta.get('questions')}` ({meta.get('n_questions')} run"
        + (f", limit {meta['limit']}" if meta.get("limit") else "")
        + f"; sha256 {str(meta.get('questions_sha256', ''))[:12]})",
        f"- started: {meta.get('started_at')}; took {meta.get('duration_s', 0):.1f} s",
        f"- word cap: {meta.get('max_words')} words (longer answers count wrong)",
    ]
    for s in systems:
        lines.append(
            f"- {s.name}: {s.description} (setup {s.setup_s:.1f} s, answering {s.answer_s:.1f} s)"
        )
    lines += [
        "",
        f"**{main.name} accuracy: {fmt(o.get('accuracy'), 'rate')}**"
        + (
            f" vs baseline {fmt(systems[1].scored.overall.get('accuracy'), 'rate')}"
            f" ({fmt(systems[1].scored.overall.get('accuracy_uncapped'), 'rate')} without the cap)"
            if len(systems) > 1
            else ""
        ),
        "",
        "## Summary",
        "",
        *summary_table(systems),
        "",
        "Rates over an empty set show —. Recall and MRR are over questions with gold evidence; "
        "citation validity over all citations; answers citing gold evidence over answered "
        "answerable questions with evidence.",
        "",
        "## Per question type",
        "",
        *type_table(systems),
        "",
        *turn_table(main, golds),
    ]
    if plots:
        lines += ["## Plots", "", *(f"![{p}]({p})" for p in plots), ""]
    for s in systems:
        failures = [sc for sc in s.scored.scores if not sc.correct]
        lines += [f"## Failures: {s.name} ({len(failures)} of {len(s.scored.scores)})", ""]
        if s is main:
            for sc in failures:
                rec = s.record(sc.id)
                if rec is not None:
                    lines += failure_block(golds[sc.id], sc, rec)
        elif failures:
            lines += [*compact_failures(golds, s), ""]
    if main.scored.missing:
        lines += ["", f"Not answered (no result line): {', '.join(main.scored.missing)}", ""]
    return "\n".join(lines).rstrip() + "\n"
