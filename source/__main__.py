"""python -m source show|studies [PATH] [--json]: what the parser read, for a person to check.

``show`` prints the sections, tables, references and passages; ``studies`` the studies
the review cites (number, authors, year, title, journal) with the passages citing each.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import asdict
from typing import Any

from source import DEFAULT_REVIEW, build_passages, load_review
from source.errors import SourceParseError
from source.model import Review, Table
from source.studies import Study, studies_of


def review_to_json(review: Review) -> dict[str, Any]:
    """The whole review as plain JSON (tables as columns + rows, references as {n: entry})."""
    passages = build_passages(review)
    return {
        "title": review.title,
        "citation": review.citation,
        "doi": review.doi,
        "authors": review.authors,
        "abstract": review.abstract,
        "keywords": list(review.keywords),
        "sections": [asdict(s) for s in review.sections],
        "tables": [
            {
                "id": t.id,
                "label": t.label,
                "caption": t.caption,
                "section": list(t.section),
                "columns": list(t.columns),
                "rows": [{"cells": r.cells, "refs": list(r.refs), "line": r.line} for r in t.rows],
            }
            for t in review.tables
        ],
        "figures": [asdict(f) for f in review.figures],
        "references": {str(n): r.text for n, r in sorted(review.references.items())},
        "report": asdict(review.report),
        "passages": [asdict(p) for p in passages],
    }


def _row_warnings(review: Review, table: Table) -> list[str]:
    """The parser's warnings on a table's rows, under its grid: "! row 9 (line 48): ..."."""
    out = []
    for k, row in enumerate(table.rows, start=1):
        prefix = f"line {row.line}: {table.label} row "
        for w in review.report.warnings:
            if w.startswith(prefix):
                out.append(f"  ! row {k} (line {row.line}): {w[len(prefix):]}")
    return out


def summary(review: Review, seconds: float) -> str:
    """A human-readable summary: sections, the tables as grids, counts, warnings."""
    out = [f"{review.title}", f"{review.citation}  doi:{review.doi}  {review.authors}", ""]
    out.append(f"Abstract: {len(review.abstract.split())} words; keywords: "
               + ", ".join(review.keywords))
    out.append("Sections (paragraphs):")
    n_par = 0
    for top in review.sections:
        for _path, sec in top.walk():
            n_par += len(sec.paragraphs)
            out.append(f"  {'  ' * (sec.level - 1)}{sec.title} ({len(sec.paragraphs)})")
    for t in review.tables:
        out.append("")
        out.append(f"{t.label}: {t.caption} — {len(t.columns)} columns, {len(t.rows)} rows")
        widths = [min(28, max(len(c), *(len(r.cells[c]) for r in t.rows))) for c in t.columns]

        def fmt(vals: list[str], widths: list[int] = widths) -> str:
            return " | ".join(
                (v if len(v) <= w else v[: w - 1] + "…").ljust(w)
                for v, w in zip(vals, widths, strict=True)
            )

        out.append("  " + fmt(list(t.columns)))
        out.append("  " + "-+-".join("-" * w for w in widths))
        for r in t.rows:
            out.append("  " + fmt([r.cells[c] for c in t.columns]))
        out.extend(_row_warnings(review, t))
    for f in review.figures:
        out.append(f"{f.label}: {f.caption[:100]}…")
    passages = build_passages(review)
    kinds = Counter(p.kind for p in passages)
    cited = {n for p in passages for n in p.refs}
    out.append("")
    out.append(f"References: {len(review.references)} entries; {len(cited)} cited in the text")
    out.append(f"Paragraphs: {n_par}; tables: {len(review.tables)}; figures: {len(review.figures)}")
    out.append("Passages: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
               + f" ({len(passages)} in all)")
    rep = review.report
    out.append(f"Lines read: {rep.lines_read}; page furniture skipped: {rep.furniture_skipped}; "
               f"warnings: {len(rep.warnings)}")
    for w in rep.warnings:
        out.append(f"  warning: {w}")
    out.append(f"Parsed in {seconds * 1000:.0f} ms")
    return "\n".join(out)


def studies_text(studies: list[Study]) -> str:
    """One block per study: "[14] Zhang PF, Gao C, ... et al. (2020)", title, journal,
    and how many passages cite it."""
    out = []
    for s in studies:
        who = ", ".join(s.authors) + (", et al." if s.et_al else "")
        year = f" ({s.year})" if s.year else ""
        out.append(f"[{s.n}] {who or '(authors not read)'}{year}")
        out.append(f"     {s.title}")
        where = ", ".join(dict.fromkeys(m.passage_id for m in s.mentions)) or "not cited"
        journal = s.journal + (f" {s.year}" if s.journal and s.year else "") + (
            f";{s.volume}" if s.volume else "") + (
            f":{s.pages}" if s.pages else "")
        out.append(f"     {journal + ' - ' if journal else ''}cited in: {where}")
    unread = [s.n for s in studies if len(s.parsed) < 4]
    out.append("")
    out.append(f"{len(studies)} studies; {len(studies) - len(unread)} read in full"
               + (f"; read in part: {', '.join(map(str, unread))}" if unread else ""))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m source", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("show", help="print what the parser read")
    show.add_argument("path", nargs="?", help="review file (default: the bundled article)")
    show.add_argument("--json", action="store_true", help="print the whole Review as JSON")
    studies = sub.add_parser("studies", help="list the studies the review cites")
    studies.add_argument("path", nargs="?", help="review file (default: the bundled article)")
    studies.add_argument("--json", action="store_true", help="print the studies as JSON")
    args = parser.parse_args(argv)
    from settings import get_settings  # imported before the clock starts

    path = args.path or get_settings().source or DEFAULT_REVIEW
    t0 = time.perf_counter()
    try:
        review = load_review(path)
    except SourceParseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - t0
    if args.command == "studies":
        found = studies_of(review)
        if args.json:
            json.dump([s.to_json() for s in found], sys.stdout, ensure_ascii=False, indent=1)
            print()
        else:
            print(studies_text(found))
        return 0
    if args.json:
        json.dump(review_to_json(review), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(summary(review, seconds))
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # `python -m source show --json | head`
        sys.stderr.close()
        raise SystemExit(0) from None
