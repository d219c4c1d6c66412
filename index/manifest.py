"""What an index is built from and what it records: the corpus, each passage's
indexed text, the fingerprint, and ``manifest.json``.

Layout of ``QA_INDEX_DIR``::

    manifest.json   what was built, from what, with which model (written last)
    passages.json   the Passage records, so answering needs no re-parse
    bm25/           the lexical index (bm25s files + ids.json)
    chroma/         the Chroma PersistentClient (absent when QA_CHROMA_URL is set)
    .build.lock     held by the one process that builds

The fingerprint hashes the source, the parser version, every passage record and
its rendering, the tokenizer and the model identity.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import REBUILD_COMMAND, IndexCorruptError
from index.lexical import TOKENIZER_VERSION
from settings import Settings, get_settings
from source.model import Passage

FORMAT_VERSION = "1"  # bump when the directory layout or passage_document() changes
MANIFEST_FILE = "manifest.json"
PASSAGES_FILE = "passages.json"
BM25_DIR = "bm25"
CHROMA_DIR = "chroma"
LOCK_FILE = ".build.lock"


@dataclass(frozen=True)
class Corpus:
    """The passages to index and where they came from (hash of the source, parser version)."""

    passages: tuple[Passage, ...]
    source_sha256: str
    parser_version: str
    warnings: tuple[str, ...] = ()  # the parser's, shown by a build ("row could not be split")

    @classmethod
    def from_source(cls, settings: Settings | None = None) -> Corpus:
        """Parse the configured review (``QA_SOURCE`` or the bundled article)."""
        from source import PARSER_VERSION, build_passages, load_review

        settings = settings or get_settings()
        review = load_review(settings.source)
        return cls(tuple(build_passages(review)), review.source_sha256, PARSER_VERSION,
                   review.report.warnings)


def passage_document(passage: Passage) -> str:
    """The text that is embedded and BM25-indexed for a passage.

    A paragraph is prefixed with its own section heading, which names its topic
    ("Exosomal circRNAs") more plainly than its sentences do; table rows and captions
    already carry their table or figure label.
    """
    if passage.kind == "paragraph" and passage.section:
        return f"{passage.section[-1]}\n{passage.text}"
    return passage.text


def passage_to_json(passage: Passage) -> dict[str, Any]:
    """A Passage as JSON-ready dict (tuples become lists)."""
    return dataclasses.asdict(passage)


def passage_from_json(data: dict[str, Any]) -> Passage:
    """Inverse of :func:`passage_to_json`."""
    names = {f.name for f in dataclasses.fields(Passage)}
    kwargs: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names
    }
    return Passage(**kwargs)


def compute_fingerprint(corpus: Corpus, model_identity: str) -> str:
    """sha256 over everything the index is derived from; any change means a rebuild."""
    payload = {
        "format": FORMAT_VERSION,
        "tokenizer": TOKENIZER_VERSION,
        "source_sha256": corpus.source_sha256,
        "parser_version": corpus.parser_version,
        "model": model_identity,
        "passages": [[passage_to_json(p), passage_document(p)] for p in corpus.passages],
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def content_hash(model_identity: str, document: str) -> str:
    """Key of one stored vector: the same text under the same model has the same vector."""
    return hashlib.sha256(f"{model_identity}\0{document}".encode()).hexdigest()[:32]



@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` records; ``complete`` is False while a build runs."""

    complete: bool
    fingerprint: str = ""
    model: str = ""
    model_path: str = ""
    dimensions: int = 0
    passages: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    source_sha256: str = ""
    parser_version: str = ""
    tokenizer_version: str = ""
    format_version: str = ""
    collection: str = ""
    chroma_url: str | None = None
    built_at: str = ""
    build_seconds: float = 0.0
    embedded: int = 0
    reused: int = 0

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def read_manifest(index_dir: Path) -> Manifest | None:
    """The manifest in ``index_dir``; None if there is none; IndexCorruptError if unreadable."""
    path = index_dir / MANIFEST_FILE
    if not path.exists():
        return None
    try:
        return Manifest.from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise IndexCorruptError(
            f"The index manifest {path} cannot be read ({exc}). Run: {REBUILD_COMMAND}"
        ) from exc


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the index is not a secret
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    write_atomic(index_dir / MANIFEST_FILE, json.dumps(manifest.to_json(), indent=2))


def changed_since(manifest: Manifest, corpus: Corpus, model_identity: str) -> list[str]:
    """What differs between what ``manifest`` was built from and ``corpus`` + the model,
    in words ("the review text", "the model (a -> b)"); empty when only passages did."""
    changed = []
    if manifest.source_sha256 != corpus.source_sha256:
        changed.append("the review text")
    if manifest.parser_version != corpus.parser_version:
        changed.append(f"the parser ({manifest.parser_version} -> {corpus.parser_version})")
    if manifest.model != model_identity:
        changed.append(f"the model ({manifest.model} -> {model_identity})")
    if manifest.tokenizer_version != TOKENIZER_VERSION or manifest.format_version != FORMAT_VERSION:
        changed.append("the index format")
    return changed


def write_passages(index_dir: Path, passages: Sequence[Passage]) -> None:
    """``passages.json``: the Passage records, so answering needs no re-parse."""
    write_atomic(
        index_dir / PASSAGES_FILE,
        json.dumps([passage_to_json(p) for p in passages], ensure_ascii=False),
    )


def read_passages(index_dir: Path) -> dict[str, Passage]:
    """id -> Passage from ``passages.json`` (OSError, ValueError, TypeError, KeyError when
    it is missing or damaged)."""
    raw = json.loads((index_dir / PASSAGES_FILE).read_text("utf-8"))
    return {p.id: p for p in (passage_from_json(d) for d in raw)}
