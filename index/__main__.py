"""``python -m index build [--rebuild] | info | search "query" [-k N] [--mode M]``.

A thin shell over :mod:`index.build` and :mod:`index.reading`: user errors print one
message and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence

from pydantic import ValidationError

from index.build import build_index
from index.errors import IndexStageError
from index.reading import Index, index_status
from settings import get_settings
from source.errors import SourceParseError


def _human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


def cmd_build(args: argparse.Namespace) -> int:
    report = build_index(rebuild=args.rebuild, progress=not args.quiet)
    print(report.summary())
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    status = index_status()
    m = status.manifest
    if args.json:
        out = {
            "index_dir": str(status.index_dir),
            "location": status.location,
            "ok": status.ok,
            "problem": status.problem,
            "size_bytes": status.size_bytes,
            "current_fingerprint": status.current_fingerprint,
            "manifest": m.to_json() if m else None,
        }
        print(json.dumps(out, indent=2))
        return 0 if status.ok else 1
    print(f"index dir:   {status.index_dir}")
    print(f"vectors in:  {status.location}")
    if m is not None and m.complete:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(m.kinds.items()))
        print(f"fingerprint: {m.fingerprint}")
        print(f"model:       {m.model} ({m.dimensions} dimensions)")
        print(f"model path:  {m.model_path or '-'}")
        print(f"passages:    {m.passages} ({kinds})")
        print(f"source:      sha256 {m.source_sha256[:16]}..., parser {m.parser_version}")
        print(
            f"built:       {m.built_at} in {m.build_seconds:.1f}s "
            f"({m.embedded} embedded, {m.reused} reused)"
        )
    print(f"size:        {_human_bytes(status.size_bytes)}")
    if status.ok:
        print("status:      up to date")
        return 0
    print(f"status:      NOT USABLE - {status.problem}")
    return 1


def cmd_search(args: argparse.Namespace) -> int:
    with Index.open() as idx:
        hits = idx.search(args.query, k=args.k, mode=args.mode)
        if not hits:
            print("no match")
            return 0
        for rank, (pid, score) in enumerate(hits, start=1):
            p = idx.passages[pid]
            print(f"{rank:2d}. {score:8.4f}  {pid}  [{p.kind}] {p.section_path}")
            print(textwrap.indent(textwrap.shorten(p.text, 200), "      "))
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m index", description="Build, inspect and query the passage index."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="embed the passages (only what changed)")
    build.add_argument("--rebuild", action="store_true", help="wipe and re-embed everything")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.set_defaults(func=cmd_build)
    info = sub.add_parser("info", help="fingerprint, model, passages, size, staleness")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(func=cmd_info)
    search = sub.add_parser("search", help="query the index (for debugging retrieval)")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=None, help="results (default: QA_K)")
    search.add_argument("--mode", choices=("dense", "lexical", "hybrid"), default="hybrid")
    search.set_defaults(func=cmd_search)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        if getattr(args, "k", 0) is None:
            args.k = get_settings().k
        if getattr(args, "k", 1) < 1:
            raise IndexStageError("-k must be at least 1")
        return int(args.func(args))
    except (IndexStageError, SourceParseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValidationError as exc:
        print(f"error: invalid QA_* setting:\n{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: run `python -m index build` again to finish.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
