"""Index build, fingerprint, staleness, corruption and the one-writer lock (fake embeddings)."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from fakes import CountingEmbedding, sample_corpus

from index.chroma import chroma_metadata
from index.errors import (
    IndexBusyError,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    IndexReadOnlyError,
    IndexUnavailableError,
)
from index.fusion import reciprocal_rank_fusion
from index.lock import build_lock, build_running
from index.manifest import (
    LOCK_FILE,
    MANIFEST_FILE,
    compute_fingerprint,
    passage_from_json,
    passage_to_json,
    read_manifest,
)
from index.store import (
    BM25_DIR,
    CHROMA_DIR,
    PASSAGES_FILE,
    Corpus,
    Index,
    build_index,
    ensure_index,
    index_status,
    passage_document,
)
from settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
REBUILD = "python -m index build --rebuild"


@pytest.fixture()
def fake() -> CountingEmbedding:
    return CountingEmbedding(size=32)


@pytest.fixture()
def corpus() -> Corpus:
    return sample_corpus()


@pytest.fixture()
def built(corpus: Corpus, fake: CountingEmbedding) -> Path:
    """A built index (fake model) in the test's QA_INDEX_DIR."""
    build_index(corpus=corpus, embeddings=fake, progress=False)
    return get_settings().index_dir


def open_index(corpus: Corpus, fake: CountingEmbedding) -> Index:
    return Index.open(corpus=corpus, embeddings=fake)


def with_text(corpus: Corpus, pid: str, text: str) -> Corpus:
    passages = tuple(
        dataclasses.replace(p, text=text) if p.id == pid else p for p in corpus.passages
    )
    return dataclasses.replace(corpus, passages=passages)


# -- pure helpers --------------------------------------------------------------------


def test_fingerprint_is_deterministic(corpus: Corpus) -> None:
    assert compute_fingerprint(corpus, "m") == compute_fingerprint(sample_corpus(), "m")


@pytest.mark.parametrize(
    "change",
    [
        {"source_sha256": "other"},
        {"parser_version": "test-2"},
    ],
)
def test_fingerprint_changes_with_source_and_parser(corpus: Corpus, change: dict) -> None:
    assert compute_fingerprint(corpus, "m") != compute_fingerprint(
        dataclasses.replace(corpus, **change), "m"
    )


def test_fingerprint_changes_with_model(corpus: Corpus) -> None:
    assert compute_fingerprint(corpus, "m1") != compute_fingerprint(corpus, "m2")


def test_fingerprint_changes_with_one_passage_text(corpus: Corpus) -> None:
    changed = with_text(corpus, "targeted/p2", "Lenvatinib resistance, reworded.")
    assert compute_fingerprint(corpus, "m") != compute_fingerprint(changed, "m")


def test_fingerprint_changes_with_table_cells(corpus: Corpus) -> None:
    p = corpus.passages[-1]
    changed = dataclasses.replace(p, cells={**p.cells, "Year": "2018"})
    other = dataclasses.replace(corpus, passages=(*corpus.passages[:-1], changed))
    assert compute_fingerprint(corpus, "m") != compute_fingerprint(other, "m")


def test_passage_json_round_trip(corpus: Corpus) -> None:
    for p in corpus.passages:
        assert passage_from_json(json.loads(json.dumps(passage_to_json(p)))) == p


def test_chroma_metadata_is_scalar(corpus: Corpus) -> None:
    meta = chroma_metadata(corpus.passages[-1], "h")
    assert meta["refs"] == "22" and meta["section"].endswith("> Table 1")
    assert all(isinstance(v, str | int) for v in meta.values())


def test_paragraph_document_carries_its_heading(corpus: Corpus) -> None:
    p = next(p for p in corpus.passages if p.id == "targeted/p1")
    assert passage_document(p).startswith("Exosomes induce molecular targeted therapy")


def test_table_row_document_is_its_text(corpus: Corpus) -> None:
    row = corpus.passages[-1]
    assert passage_document(row) == row.text


def test_rrf_sums_reciprocal_ranks() -> None:
    fused = dict(reciprocal_rank_fusion([["a", "b"], ["b", "c"]], k=60))
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61)


def test_rrf_order_best_first_ties_by_first_seen() -> None:
    assert [pid for pid, _ in reciprocal_rank_fusion([["a", "b"], ["b", "a"]])] == ["a", "b"]


def test_rrf_empty() -> None:
    assert reciprocal_rank_fusion([[], []]) == []


# -- building and the fingerprint ------------------------------------------------------


def test_build_embeds_every_passage_once(corpus: Corpus, fake: CountingEmbedding) -> None:
    report = build_index(corpus=corpus, embeddings=fake, progress=False)
    assert (report.embedded, report.reused, report.skipped) == (8, 0, False)
    assert fake.texts_embedded == 8


def test_build_writes_manifest_last_and_complete(built: Path) -> None:
    manifest = read_manifest(built)
    assert manifest is not None and manifest.complete
    assert manifest.passages == 8 and manifest.kinds == {
        "paragraph": 4,
        "caption": 1,
        "table_row": 3,
    }
    assert manifest.dimensions == 32 and manifest.model == "fake-model-v1"


def test_same_input_reembeds_nothing(built: Path, corpus: Corpus, fake: CountingEmbedding) -> None:
    before = fake.texts_embedded
    report = build_index(corpus=corpus, embeddings=fake, progress=False)
    assert report.skipped and report.embedded == 0
    assert fake.texts_embedded == before


def test_changed_text_reembeds_only_that_passage(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    changed = with_text(corpus, "targeted/p2", "Regorafenib resistance via exosomal lncRNA.")
    fake.texts_embedded = 0
    report = build_index(corpus=changed, embeddings=fake, progress=False)
    assert not report.skipped and (report.embedded, report.reused) == (1, 7)
    assert fake.texts_embedded == 1
    with open_index(changed, fake) as idx:
        assert idx.lexical_search("regorafenib", 3)[0][0] == "targeted/p2"
        assert "Regorafenib" in idx.passages["targeted/p2"].text


def test_parser_version_change_rebuilds_without_reembedding(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    old = read_manifest(built)
    newer = dataclasses.replace(corpus, parser_version="test-2")
    fake.texts_embedded = 0
    report = build_index(corpus=newer, embeddings=fake, progress=False)
    assert not report.skipped and report.embedded == 0 and report.reused == 8
    assert read_manifest(built).fingerprint != old.fingerprint  # type: ignore[union-attr]


def test_model_change_reembeds_everything(built: Path, corpus: Corpus) -> None:
    other = CountingEmbedding(size=32, identity="fake-model-v2")
    report = build_index(corpus=corpus, embeddings=other, progress=False)
    assert report.embedded == 8 and other.texts_embedded == 8


def test_rebuild_flag_reembeds_everything(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    fake.texts_embedded = 0
    report = build_index(corpus=corpus, embeddings=fake, rebuild=True, progress=False)
    assert report.embedded == 8 and fake.texts_embedded == 8


def test_removed_passage_leaves_the_index(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    smaller = dataclasses.replace(corpus, passages=corpus.passages[:-1])
    build_index(corpus=smaller, embeddings=fake, progress=False)
    with open_index(smaller, fake) as idx:
        assert "table1/row-03" not in idx.passages
        assert all(pid != "table1/row-03" for pid, _ in idx.dense_search("x", 10))


def test_duplicate_ids_refused(corpus: Corpus, fake: CountingEmbedding) -> None:
    dup = dataclasses.replace(corpus, passages=(*corpus.passages, corpus.passages[0]))
    with pytest.raises(Exception, match="unique"):
        build_index(corpus=dup, embeddings=fake, progress=False)


def test_progress_bar_goes_to_stderr(corpus: Corpus, fake: CountingEmbedding, capsys) -> None:
    build_index(corpus=corpus, embeddings=fake, progress=True)
    captured = capsys.readouterr()
    assert "Embedding passages" in captured.err and captured.out == ""


# -- opening and searching ---------------------------------------------------------------


def test_open_gives_passages_in_order(built: Path, corpus: Corpus, fake: CountingEmbedding) -> None:
    with open_index(corpus, fake) as idx:
        assert list(idx.passages) == [p.id for p in corpus.passages]
        assert idx.passages["table1/row-03"].cells["Exosomal contents"] == "14-3-3ζ"


def test_dense_search_finds_passage_by_its_own_vector(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    target = next(p for p in corpus.passages if p.id == "targeted/p1")
    vector = fake.embed_documents([passage_document(target)])[0]
    with open_index(corpus, fake) as idx:
        pid, score = idx.dense_search(vector, 3)[0]
    assert pid == "targeted/p1" and score == pytest.approx(1.0, abs=1e-4)


def test_langchain_vectorstore_over_same_collection(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    target = next(p for p in corpus.passages if p.id == "targeted/p1")
    vector = fake.embed_documents([passage_document(target)])[0]
    with open_index(corpus, fake) as idx:
        doc = idx.vectorstore().similarity_search_by_vector(vector, k=1)[0]
    assert doc.id == "targeted/p1" and doc.metadata["kind"] == "paragraph"
    assert doc.page_content == target.text


def test_dense_search_by_text_uses_query_embedding(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    with open_index(corpus, fake) as idx:
        hits = idx.dense_search("anything", 20)
        again = idx.embed_query("anything")
    assert len(hits) == 8 and len({pid for pid, _ in hits}) == 8
    assert isinstance(again, np.ndarray) and not again.flags.writeable


def test_lexical_search_exact_name(built: Path, corpus: Corpus, fake: CountingEmbedding) -> None:
    with open_index(corpus, fake) as idx:
        assert idx.lexical_search("What does circRNA-SORE bind?", 3)[0][0] == "targeted/p1"
        assert idx.lexical_search("14-3-3ζ", 3)[0][0] == "table1/row-03"


def test_hybrid_search_contains_lexical_best(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    with open_index(corpus, fake) as idx:
        hits = idx.hybrid_search("circRNA-SORE YBX1", 5)
    assert len(hits) == 5 and "targeted/p1" in [pid for pid, _ in hits]


def test_search_rejects_unknown_mode(built: Path, corpus: Corpus, fake: CountingEmbedding) -> None:
    with open_index(corpus, fake) as idx, pytest.raises(ValueError, match="mode"):
        idx.search("x", mode="fuzzy")


# -- stale, missing, corrupt ----------------------------------------------------------------


def test_open_without_index_says_build(corpus: Corpus, fake: CountingEmbedding) -> None:
    with pytest.raises(IndexMissingError, match="python -m index build"):
        open_index(corpus, fake)


def test_open_stale_index_says_what_changed(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    newer = dataclasses.replace(corpus, parser_version="test-2")
    with pytest.raises(
        IndexMismatchError, match=r"parser \(test-1 -> test-2\).*python -m index build"
    ):
        open_index(newer, fake)


def test_open_with_other_model_is_stale(built: Path, corpus: Corpus) -> None:
    with pytest.raises(IndexMismatchError, match="model"):
        open_index(corpus, CountingEmbedding(size=32, identity="fake-model-v2"))


def test_ensure_index_rebuilds_stale_with_notice(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    notices: list[str] = []
    changed = with_text(corpus, "targeted/p2", "Regorafenib resistance via exosomal lncRNA.")
    with ensure_index(
        corpus=changed, embeddings=fake, notify=notices.append, progress=False
    ) as idx:
        assert "Regorafenib" in idx.passages["targeted/p2"].text
    assert any("stale" in n and "Building the index now" in n for n in notices)


def test_ensure_index_builds_when_missing(corpus: Corpus, fake: CountingEmbedding) -> None:
    notices: list[str] = []
    with ensure_index(corpus=corpus, embeddings=fake, notify=notices.append, progress=False) as idx:
        assert len(idx) == 8
    assert notices and "No index" in notices[0]


def test_ensure_index_quiet_when_up_to_date(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    notices: list[str] = []
    ensure_index(corpus=corpus, embeddings=fake, notify=notices.append).close()
    assert notices == []


def test_garbage_manifest_says_rebuild(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    (built / MANIFEST_FILE).write_text("{not json")
    with pytest.raises(IndexCorruptError, match=REBUILD):
        open_index(corpus, fake)


def test_garbage_chroma_store_says_rebuild_and_build_repairs(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    (built / CHROMA_DIR / "chroma.sqlite3").write_bytes(b"\x00garbage" * 500)
    with pytest.raises(IndexCorruptError, match=REBUILD):
        open_index(corpus, fake)
    notices: list[str] = []
    report = build_index(corpus=corpus, embeddings=fake, progress=False, notify=notices.append)
    assert report.embedded == 8 and any("Wiping" in n for n in notices)
    with open_index(corpus, fake) as idx:
        assert len(idx) == 8


def test_deleted_chroma_dir_says_rebuild(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    import shutil

    shutil.rmtree(built / CHROMA_DIR)
    with pytest.raises(IndexCorruptError, match=REBUILD):
        open_index(corpus, fake)


def test_missing_bm25_says_rebuild(built: Path, corpus: Corpus, fake: CountingEmbedding) -> None:
    import shutil

    shutil.rmtree(built / BM25_DIR)
    with pytest.raises(IndexCorruptError, match=REBUILD):
        open_index(corpus, fake)
    assert not build_index(corpus=corpus, embeddings=fake, progress=False).skipped


def test_missing_passages_file_says_rebuild(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    (built / PASSAGES_FILE).unlink()
    with pytest.raises(IndexCorruptError, match=REBUILD):
        open_index(corpus, fake)


def test_truncated_passages_file_says_rebuild(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    path = built / PASSAGES_FILE
    path.write_text(path.read_text()[:100])
    with pytest.raises(IndexCorruptError, match=REBUILD):
        open_index(corpus, fake)


def test_ensure_index_repairs_corrupt_index(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    (built / PASSAGES_FILE).unlink()
    notices: list[str] = []
    with ensure_index(corpus=corpus, embeddings=fake, notify=notices.append, progress=False) as idx:
        assert len(idx) == 8
    assert notices


def test_index_dir_that_is_a_file(
    tmp_path, monkeypatch, corpus: Corpus, fake: CountingEmbedding
) -> None:
    target = tmp_path / "not-a-dir"
    target.write_text("x")
    monkeypatch.setenv("QA_INDEX_DIR", str(target))
    get_settings.cache_clear()
    with pytest.raises(IndexCorruptError, match="is a file"):
        open_index(corpus, fake)
    with pytest.raises(IndexCorruptError, match="is a file"):
        build_index(corpus=corpus, embeddings=fake, progress=False)
    assert target.read_text() == "x"  # never deleted


def test_read_only_directory_is_reported(
    monkeypatch, corpus: Corpus, fake: CountingEmbedding
) -> None:
    def refuse(_dir: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("index.lock.probe_write", refuse)
    with pytest.raises(IndexReadOnlyError, match="cannot be written.*QA_INDEX_DIR"):
        build_index(corpus=corpus, embeddings=fake, progress=False)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_directory_for_real(tmp_path, monkeypatch, corpus, fake) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    monkeypatch.setenv("QA_INDEX_DIR", str(ro))
    get_settings.cache_clear()
    with pytest.raises(IndexReadOnlyError):
        build_index(corpus=corpus, embeddings=fake, progress=False)


def test_index_status_reports_without_raising(corpus: Corpus, fake: CountingEmbedding) -> None:
    status = index_status(corpus=corpus, embeddings=fake)
    assert not status.ok and "python -m index build" in status.problem
    build_index(corpus=corpus, embeddings=fake, progress=False)
    status = index_status(corpus=corpus, embeddings=fake)
    assert status.ok and status.manifest is not None and status.size_bytes > 0


def test_unreachable_server_is_a_clear_error(monkeypatch, corpus, fake) -> None:
    monkeypatch.setenv("QA_CHROMA_URL", "http://127.0.0.1:9")  # discard port: nothing listens
    get_settings.cache_clear()
    with pytest.raises(IndexUnavailableError, match="chroma run"):
        build_index(corpus=corpus, embeddings=fake, progress=False)


# -- one writer ---------------------------------------------------------------------------


def test_second_build_fails_fast_while_lock_held(corpus: Corpus, fake: CountingEmbedding) -> None:
    index_dir = get_settings().index_dir
    index_dir.mkdir(parents=True)
    lock = build_lock(index_dir)
    lock.acquire()
    try:
        started = time.monotonic()
        with pytest.raises(IndexBusyError, match="Another process is building"):
            build_index(corpus=corpus, embeddings=fake, progress=False)
        assert time.monotonic() - started < 2
        with pytest.raises(IndexBusyError):
            open_index(corpus, fake)
    finally:
        lock.release()
    assert build_index(corpus=corpus, embeddings=fake, progress=False).embedded == 8


# Another reader probing the lock, slowly (a loaded machine): held a moment, again and again
_PROBING = """
import sys, time
from pathlib import Path
from index.lock import build_lock
lock = build_lock(Path(sys.argv[1]))
end = time.monotonic() + float(sys.argv[2])
print("PROBING", flush=True)
while time.monotonic() < end:
    lock.acquire(timeout=5)
    time.sleep(0.05)
    lock.release()
    time.sleep(0.07)  # (free for longer than the lock is polled: every 0.05 s)
"""


def test_a_process_opening_the_index_at_the_same_moment_is_no_build() -> None:
    # two readers probe the build lock at once (two app processes started together):
    # neither may take the other's probe for a build and refuse to open the index
    index_dir = get_settings().index_dir
    index_dir.mkdir(parents=True)
    (index_dir / LOCK_FILE).touch()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", _PROBING, str(index_dir), "2"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "PROBING"
        seen = [build_running(index_dir) for _ in range(10)]
    finally:
        proc.wait(timeout=30)
    assert not any(seen), f"{sum(seen)} of {len(seen)} probes read as a build"
    assert proc.returncode == 0, proc.stderr.read()  # type: ignore[union-attr]


_SLOW_BUILD = """
import sys
sys.path.insert(0, "tests")  # the fakes (the child runs from the project root)
from index.store import build_index
from fakes import CountingEmbedding, sample_corpus

class Announce(CountingEmbedding):
    def embed_documents(self, texts):
        print("EMBEDDING", flush=True)
        return super().embed_documents(texts)

build_index(corpus=sample_corpus(), embeddings=Announce(size=32, delay_s=2.0), progress=False)
print("DONE", flush=True)
"""


def test_killed_build_is_detected_and_resumed(corpus: Corpus, fake: CountingEmbedding) -> None:
    """Another process builds slowly; ours fails fast; after a kill -9 the next build recovers."""
    env = {
        **os.environ,
        "QA_INDEX_DIR": str(get_settings().index_dir),
        "QA_EMBED_BATCH_SIZE": "2",
        "PYTHONPATH": str(ROOT),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        for _ in range(2):  # the second batch starts only once the first is stored
            assert proc.stdout.readline().strip() == "EMBEDDING", proc.stderr.read()  # type: ignore[union-attr]
        started = time.monotonic()
        with pytest.raises(IndexBusyError):
            build_index(corpus=corpus, embeddings=fake, progress=False)
        with pytest.raises(IndexBusyError):
            open_index(corpus, fake)
        assert time.monotonic() - started < 3
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode != 0
    with pytest.raises(IndexMissingError, match="did not finish.*" + REBUILD):
        open_index(corpus, fake)
    report = build_index(corpus=corpus, embeddings=fake, progress=False)
    assert report.reused >= 2 and report.embedded <= 6  # what the killed build stored is kept
    with open_index(corpus, fake) as idx:
        assert len(idx) == 8


def test_failed_build_leaves_incomplete_manifest(corpus: Corpus) -> None:
    class Boom(CountingEmbedding):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            raise RuntimeError("model crashed")

    with pytest.raises(RuntimeError, match="crashed"):
        build_index(corpus=corpus, embeddings=Boom(size=32), progress=False)
    manifest = read_manifest(get_settings().index_dir)
    assert manifest is not None and not manifest.complete


def test_reader_told_when_index_rebuilt_under_it(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    with open_index(corpus, fake) as idx:
        build_index(corpus=corpus, embeddings=fake, rebuild=True, progress=False)
        with pytest.raises(IndexMismatchError, match="rebuilt by another process"):
            idx.dense_search("anything", 3)
    with open_index(corpus, fake) as idx:
        assert len(idx.dense_search("anything", 3)) == 3


def test_rebuild_keeps_the_chroma_directory(
    built: Path, corpus: Corpus, fake: CountingEmbedding
) -> None:
    sqlite = built / CHROMA_DIR / "chroma.sqlite3"
    inode = sqlite.stat().st_ino
    build_index(corpus=corpus, embeddings=fake, rebuild=True, progress=False)
    assert sqlite.stat().st_ino == inode  # dropped the collection, not the store under readers
