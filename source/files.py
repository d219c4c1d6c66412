"""Reading a review file: its bytes checked as UTF-8 text, then the reader its form needs.

Markdown (``.md``, ``.markdown``) goes to `source.markdown`, anything else to the
page-dump reader `source.reader`.
"""

from __future__ import annotations

from pathlib import Path

from source.errors import SourceParseError
from source.markdown import parse_markdown
from source.model import Review
from source.reader import parse_flat_text

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


def read_review(path: str | Path) -> Review:
    """Read a review from a file: Markdown for .md/.markdown, the page-dump form otherwise."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceParseError(f"cannot read the file: {exc.strerror}", path=str(p)) from None
    text = decode(data, str(p))
    if p.suffix.lower() in MARKDOWN_SUFFIXES:
        return parse_markdown(text, path=str(p))
    return parse_flat_text(text, path=str(p))


def decode(data: bytes, path: str) -> str:
    """The file's text; SourceParseError (naming the line) when it is empty or not UTF-8."""
    if not data.strip():
        raise SourceParseError("the file is empty", path=path, line=1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceParseError(
            f"not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
            "save the file as UTF-8",
            path=path,
            line=line,
        ) from None
