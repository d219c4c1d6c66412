"""Reading stage: a review file -> `Review` -> passages.

    from source import load_review, build_passages
    passages = build_passages(load_review())
"""

from __future__ import annotations

from pathlib import Path

from source.errors import SourceParseError
from source.files import read_review
from source.model import Passage, Reference, Review, Section, Table, TableRow
from source.passages import build_passages

# Bump when parsing or passage rendering changes: it is part of the index fingerprint.
PARSER_VERSION = "13"  # 4: a sentence going on about the one before takes its refs;
#                        5: also after an opening adverb ("Intriguingly, ... these ...");
#                        6: a passage of what the page prints about the article itself
#                        7: its keywords and the size of its reference list, a passage each
#                        8: a table cell cut where capitals meet a lower-case name
#                           ("HGSOClncRNA MALAT1")
#                        9: the special issue the article belongs to, a passage
#                       10: the licence the page prints, a passage
#                       11: a dotted initialism ("U.S.") ends no sentence
#                       12: a table's rows read again with the columns the better
#                           readings describe; a capitals value glued inside a token cut
#                       13: the carried column may be another than the first

DEFAULT_REVIEW = Path(__file__).resolve().parent / "data" / "hepatoma-res-2023-9-46.txt"


def load_review(path: str | Path | None = None) -> Review:
    """Parse the review at `path`, or the configured one (QA_SOURCE), or the bundled article."""
    if path is None:
        from settings import get_settings

        path = get_settings().source or DEFAULT_REVIEW
    return read_review(path)


__all__ = [
    "DEFAULT_REVIEW",
    "PARSER_VERSION",
    "Passage",
    "Reference",
    "Review",
    "Section",
    "SourceParseError",
    "Table",
    "TableRow",
    "build_passages",
    "load_review",
]
