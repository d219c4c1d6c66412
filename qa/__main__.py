"""python -m qa ask "question" [--json] [-k N]: one answer with its citations.

    python -m qa ask "Which exosomal circRNA drives lenvatinib resistance?"
    python -m qa ask "How many rows of Table 1 are in vitro only?" --json
    python -m qa chat            # a conversation on the terminal (follow-ups work)
"""

from __future__ import annotations

import argparse
import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def format_answer(answer: object) -> str:
    """An answer as plain text: the answer, then each citation with its quote and refs."""
    from qa.types import Answer

    assert isinstance(answer, Answer)
    lines = [answer.text]
    if answer.standalone_question and answer.standalone_question != answer.question:
        lines.insert(0, f"(understood as: {answer.standalone_question})")
    if answer.readings:  # "sorefenib -> sorafenib": the review's spelling of a typed word
        lines.insert(0, "(read as the review spells it: " + "; ".join(
            f"{r.typed} -> {r.read_as}" for r in answer.readings) + ")")
    if answer.abstained and not answer.citations:
        if answer.notice:
            lines.append(f"({answer.notice})")
        lines.append("")
        lines.append("Closest evidence (not citations):")
        for r in answer.retrieved[:3]:
            lines.append(f"  - {r.passage.section_path} [{r.passage.id}]")
            lines.append(f"    {r.passage.text[:200]}{'…' if len(r.passage.text) > 200 else ''}")
    else:
        lines.append("")
        for c in answer.citations:
            lines.append(f"{c.marker} {c.passage.section_path}  [{c.passage_id}]")
            lines.append(f"    \u201c{c.quote}\u201d")
            # the references behind the quoted span, then the rest of the passage's
            for n in c.refs:
                lines.append(f"    [{n}] {c.references.get(n, '')}".rstrip())
            rest = [n for n in c.references if n not in c.refs]
            if rest:
                lines.append("    (the passage also cites "
                             + ", ".join(f"[{n}]" for n in rest) + ")")
            if c.note:
                lines.append(f"    note: {c.note}")
    if answer.notice and not answer.abstained:
        lines.append(f"({answer.notice})")
    ms = answer.timings.get("total_ms", 0.0)
    lines.append("")
    lines.append(f"({ms:.0f} ms)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question", help="the question (quote it)")
    ask.add_argument("--json", action="store_true", help="print the results-format JSON")
    ask.add_argument("-k", type=int, default=None, help="passages to retrieve (default 10)")
    ask.add_argument("--answerer", choices=["extractive", "llm"], default=None,
                     help="extractive (default) or llm (needs QA_LLM)")
    chat = sub.add_parser("chat", help="ask questions in a loop; follow-ups use the history")
    chat.add_argument("-k", type=int, default=None, help="passages to retrieve (default 10)")
    args = parser.parse_args(argv)

    from index.errors import IndexStageError
    from qa import Assistant, QuestionError
    from source.errors import SourceParseError

    try:
        if args.command == "ask":
            # Validate before loading anything: a bad question costs nothing.
            from qa.assistant import clean_question
            from settings import get_settings

            clean_question(args.question, get_settings().max_question_chars)
        assistant = Assistant()
        if args.command == "ask":
            answer = assistant.ask(args.question, k=args.k, answerer=args.answerer)
            if args.json:
                json.dump(answer.to_json(), sys.stdout, ensure_ascii=False, indent=1)
                print()
            else:
                print(format_answer(answer))
            return 0
        history: list[tuple[str, str]] = []
        print("Ask about the review (empty line or Ctrl-D to quit).", file=sys.stderr)
        while True:
            try:
                question = input("> ").strip()
            except EOFError:
                break
            if not question:
                break
            try:
                answer = assistant.ask(question, history=history, k=args.k)
            except QuestionError as exc:
                print(f"error: {exc}", file=sys.stderr)
                continue
            print(format_answer(answer))
            history.append((answer.standalone_question or question, answer.text))
        return 0
    except (QuestionError, IndexStageError, SourceParseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # `python -m qa ask ... --json | head`
        sys.stderr.close()
        raise SystemExit(0) from None
