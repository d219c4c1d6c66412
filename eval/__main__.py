"""``python -m eval run|compare|bench``: score a question set, compare two runs, or benchmark.

    python -m eval run [--questions FILE] [--out DIR] [--baseline] [--max-words N] [--limit N]
    python -m eval compare RUN_A RUN_B [--questions FILE] [--max-words N]
    python -m eval fit [--reuse] [--check]
    python -m eval bench [--quick] [--sizes 1000,10000,100000] [--out eval/bench/RESULTS.md]

A thin shell over :func:`eval.runner.run_eval` and :func:`eval.runner.compare_runs`; a
user's mistake prints a message and exits 2, without a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from eval.dataset import DEFAULT_QUESTIONS
from eval.errors import EvalError, positive_int
from eval.metrics import DEFAULT_MAX_WORDS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eval", description="Score the assistant on a gold question set."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="answer a question set and write a scored run folder")
    run.add_argument(
        "--questions",
        default=str(DEFAULT_QUESTIONS),
        help="questions file, JSON Lines in the DESIGN.md format (default: %(default)s)",
    )
    run.add_argument("--out", default=None, help="run folder (default: eval/runs/<timestamp>/)")
    run.add_argument(
        "--baseline",
        action="store_true",
        help="also run the LangChain-tutorial baseline and report both side by side",
    )
    run.add_argument(
        "--max-words",
        type=positive_int,
        default=DEFAULT_MAX_WORDS,
        help="answers longer than this count wrong (default: %(default)s)",
    )
    run.add_argument("--limit", type=positive_int, default=None, help="run the first N questions")
    run.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    run.add_argument(
        "--answerer",
        choices=("extractive", "llm"),
        default=None,
        help="the assistant's answerer (default: extractive; llm needs QA_LLM, see settings.py)",
    )

    cmp_ = sub.add_parser("compare", help="list the questions that flipped between two runs")
    cmp_.add_argument("run_a", metavar="RUN_A", help="run folder (or its results.jsonl)")
    cmp_.add_argument("run_b", metavar="RUN_B", help="run folder (or its results.jsonl)")
    cmp_.add_argument(
        "--questions",
        default=None,
        help="questions file (default: the one RUN_A was run on, else eval/questions.jsonl)",
    )
    cmp_.add_argument(
        "--max-words",
        type=positive_int,
        default=None,
        help="word cap (default: RUN_A's, else 100)",
    )
    from eval.bench import add_arguments as add_bench_arguments

    add_bench_arguments(sub.add_parser("bench", help="speed and memory figures (eval/bench/)"))
    from eval.fit import add_arguments as add_fit_arguments
    from eval.load import add_arguments as add_load_arguments

    add_fit_arguments(sub.add_parser(
        "fit", help="fit the answerability model on the tuning sets (eval/fit.py)"))

    add_load_arguments(sub.add_parser("load", help="concurrent users of the app (eval/load.py)"))
    return parser


def _summary_line(name: str, overall: dict) -> str:
    def pct(key: str) -> str:
        v = overall.get(key)
        return "—" if v is None else f"{100 * v:.1f}%"

    return (
        f"{name}: accuracy {pct('accuracy')} (no cap {pct('accuracy_uncapped')}), "
        f"recall@5 {pct('recall@5')}, abstention {pct('abstention_rate')}, "
        f"false abstention {pct('false_abstention_rate')}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    args = build_parser().parse_args(argv)
    # Errors a user can cause in the stages below (no index yet, a bad model folder, an
    # unreadable review): print the message they carry, no traceback.
    from index.errors import IndexStageError
    from source.errors import SourceParseError

    try:
        if args.command == "bench":
            from eval.bench import run_command

            return run_command(args)
        if args.command == "fit":
            from eval.fit import run_command as run_fit_command

            return run_fit_command(args)
        if args.command == "load":
            from eval.load import run_command as run_load_command

            return run_load_command(args)
        if args.command == "run":
            from eval.runner import REPORT_FILE, run_eval

            outcome = run_eval(
                args.questions,
                args.out,
                baseline=args.baseline,
                max_words=args.max_words,
                limit=args.limit,
                progress=not args.no_progress,
                answerer=args.answerer,
            )
            for s in outcome.systems:
                print(_summary_line(s.name, s.scored.overall))
                share = s.scored.overall.get("llm_supported_share")
                if "llm_sentences" in s.scored.overall:
                    print(f"  LLM sentences supported by their citations: "
                          f"{'—' if share is None else f'{100 * share:.1f}%'} of "
                          f"{s.scored.overall['llm_sentences']} (re-cited: "
                          f"{100 * (s.scored.overall['llm_recited_share'] or 0):.1f}%); "
                          f"fallbacks to extractive: {s.scored.overall['llm_fallbacks']}")
                if s.scored.overall.get("n_errors"):
                    print(
                        f"  {s.scored.overall['n_errors']} question(s) raised an error; "
                        f"see {outcome.out_dir / REPORT_FILE}",
                        file=sys.stderr,
                    )
            print(f"report: {outcome.out_dir / REPORT_FILE}")
        else:
            from eval.runner import compare_runs, format_comparison

            print(
                format_comparison(
                    compare_runs(args.run_a, args.run_b, args.questions, args.max_words)
                )
            )
    except (EvalError, IndexStageError, SourceParseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
