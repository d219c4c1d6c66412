"""Index faults beyond tests/test_index_store.py: a damaged Chroma database (every page of
it, in turn), a Rust panic inside Chroma, a really read-only index directory, a build
already running, and that nothing the user had is deleted without a notice.

Already covered in tests/test_index_store.py (not repeated here): a build killed with
kill -9 is detected and resumed (test_killed_build_is_detected_and_resumed), a second
build fails fast while one runs (test_second_build_fails_fast_while_lock_held), a garbage
chroma.sqlite3 / manifest / bm25 / passages.json says what to run, a stale fingerprint
is rebuilt with a notice (test_ensure_index_rebuilds_stale_with_notice).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakes import CountingEmbedding, sample_corpus
from robust_support import cli_env

from index.chroma import connect
from index.errors import (
    IndexCorruptError,
    IndexReadOnlyError,
    IndexStageError,
)
from index.manifest import MANIFEST_FILE, read_manifest
from index.store import CHROMA_DIR, Corpus, Index, build_index, ensure_index
from settings import Settings, get_settings

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini-review.md"  # 9 passages: a real build in seconds
REBUILD = "python -m index build --rebuild"
USER_FILES = {"notes.txt": "my notes\n", "results/run1.csv": "a,b\n1,2\n"}


@pytest.fixture()
def fake() -> CountingEmbedding:
    return CountingEmbedding(size=32)


@pytest.fixture()
def corpus() -> Corpus:
    return sample_corpus()


@pytest.fixture()
def built(corpus: Corpus, fake: CountingEmbedding) -> Path:
    """A built index (fake model) in the test's QA_INDEX_DIR, with files of the user's."""
    index_dir = get_settings().index_dir
    add_user_files(index_dir)
    build_index(corpus=corpus, embeddings=fake, progress=False)
    return index_dir


def add_user_files(folder: Path) -> None:
    for name, text in USER_FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def assert_user_files_kept(folder: Path) -> None:
    for name, text in USER_FILES.items():
        assert (folder / name).read_text() == text, f"{name} was touched"


def scribble(path: Path, offset: int, size: int = 4096) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(random.Random(offset).randbytes(size))


# -- a damaged Chroma database --------------------------------------------------------------


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "header", "page-1",
                                    "directory"])
def test_damaged_chroma_file_clear_message_and_ensure_index_rebuilds(
        built: Path, corpus: Corpus, fake: CountingEmbedding, damage: str) -> None:
    sqlite = built / CHROMA_DIR / "chroma.sqlite3"
    size = sqlite.stat().st_size
    if damage == "garbage":
        sqlite.write_bytes(b"\x00garbage" * 500)
    elif damage == "empty":
        sqlite.write_bytes(b"")
    elif damage == "truncated":
        os.truncate(sqlite, size // 2)
    elif damage == "header":
        scribble(sqlite, 0, 100)
    elif damage == "page-1":  # made Chroma's Rust layer panic (PanicException) before
        scribble(sqlite, 4096)
    else:
        sqlite.unlink()
        sqlite.mkdir()
    with pytest.raises(IndexCorruptError) as err:
        Index.open(corpus=corpus, embeddings=fake)
    assert REBUILD in str(err.value) and "Traceback" not in str(err.value)
    notices: list[str] = []
    with ensure_index(corpus=corpus, embeddings=fake, notify=notices.append,
                      progress=False) as idx:
        assert len(idx.dense_search("circRNA", 5)) == 5
    assert any("Building the index now" in n for n in notices), notices
    assert "'RustBindingsAPI' object has no attribute" not in "\n".join(notices)
    assert_user_files_kept(built)


def test_every_damaged_page_gives_a_clear_error_or_a_working_index(
        tmp_path: Path, corpus: Corpus, fake: CountingEmbedding) -> None:
    """Overwrite each 4 KiB page of chroma.sqlite3 in turn (bounded: at most 80 pages):
    opening either works or raises an IndexStageError, and ensure_index always ends with
    a working index. Nothing else (a Chroma exception, a Rust panic) reaches the user."""
    pristine = tmp_path / "pristine"
    build_index(Settings(index_dir=pristine), corpus=corpus, embeddings=fake, progress=False)
    pages = min(80, (pristine / CHROMA_DIR / "chroma.sqlite3").stat().st_size // 4096)
    failed_open = 0
    started = time.monotonic()
    for page in range(pages):
        copy = tmp_path / f"page-{page}"
        shutil.copytree(pristine, copy)
        scribble(copy / CHROMA_DIR / "chroma.sqlite3", page * 4096)
        settings = Settings(index_dir=copy)
        try:
            with Index.open(settings, corpus=corpus, embeddings=fake) as idx:
                idx.dense_search("circRNA", 5)
        except IndexStageError as exc:
            failed_open += 1
            assert "python -m index build" in str(exc), exc
        with ensure_index(settings, corpus=corpus, embeddings=fake, notify=lambda _m: None,
                          progress=False) as idx:
            assert len(idx.dense_search("circRNA", 5)) == 5, page
        shutil.rmtree(copy)
        assert time.monotonic() - started < 300, "bounded run took too long"
    assert failed_open > 0  # the damage was seen at least somewhere


def test_build_without_rebuild_repairs_a_damaged_collection(
        tmp_path: Path, corpus: Corpus, fake: CountingEmbedding) -> None:
    """`python -m index build` (no --rebuild) on a store whose collection cannot be read
    drops or wipes it and builds again, instead of failing with Chroma's error."""
    pristine = tmp_path / "pristine"
    build_index(Settings(index_dir=pristine), corpus=corpus, embeddings=fake, progress=False)
    pages = min(80, (pristine / CHROMA_DIR / "chroma.sqlite3").stat().st_size // 4096)
    for page in range(pages):
        copy = tmp_path / f"page-{page}"
        shutil.copytree(pristine, copy)
        scribble(copy / CHROMA_DIR / "chroma.sqlite3", page * 4096)
        settings = Settings(index_dir=copy)
        build_index(settings, corpus=corpus, embeddings=fake, progress=False,
                    notify=lambda _m: None)
        with Index.open(settings, corpus=corpus, embeddings=fake) as idx:
            assert len(idx.dense_search("circRNA", 5)) == 5, page
        shutil.rmtree(copy)


class PanicException(BaseException):  # what pyo3 raises when Rust code panics
    pass


def test_a_panic_inside_chroma_becomes_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import chromadb

    def panic(*_a: object, **_k: object) -> None:
        raise PanicException("Expect it to be fetched: Database(SqliteError { code: 11 })")

    monkeypatch.setattr(chromadb, "PersistentClient", panic)
    with pytest.raises(IndexCorruptError, match="cannot be opened.*code: 11.*" + REBUILD):
        connect(get_settings())


def test_a_failed_open_is_not_remembered_by_chroma(built: Path) -> None:
    """Chroma caches a path's system before starting it: the second attempt must report
    the same real cause, not the half-started system's AttributeError."""
    (built / CHROMA_DIR / "chroma.sqlite3").write_bytes(b"\x00garbage" * 500)
    messages = []
    for _ in range(2):
        with pytest.raises(IndexCorruptError) as err:
            connect(get_settings())
        messages.append(str(err.value))
    assert messages[0] == messages[1] and "file is not a database" in messages[0]


# -- nothing the user had is deleted without a notice -----------------------------------------


def test_wiping_a_damaged_index_says_so_and_keeps_other_files(
        built: Path, corpus: Corpus, fake: CountingEmbedding) -> None:
    (built / CHROMA_DIR / "chroma.sqlite3").write_bytes(b"\x00garbage" * 500)
    notices: list[str] = []
    build_index(corpus=corpus, embeddings=fake, progress=False, notify=notices.append)
    assert any("Wiping the damaged index" in n for n in notices), notices
    assert_user_files_kept(built)
    assert sorted(p.name for p in built.iterdir() if not p.name.startswith(".")) == sorted(
        ["bm25", "chroma", "manifest.json", "passages.json", "notes.txt", "results"])


def test_stale_rebuild_says_so_and_keeps_other_files(
        built: Path, corpus: Corpus, fake: CountingEmbedding) -> None:
    import dataclasses

    newer = dataclasses.replace(corpus, parser_version="test-2")
    notices: list[str] = []
    ensure_index(corpus=newer, embeddings=fake, notify=notices.append, progress=False).close()
    assert notices and "stale" in notices[0] and "Building the index now" in notices[0]
    assert_user_files_kept(built)


def test_index_dir_full_of_user_files_is_only_added_to(
        tmp_path: Path, corpus: Corpus, fake: CountingEmbedding) -> None:
    """QA_INDEX_DIR pointed at a folder of the user's: the build adds its own entries."""
    home = tmp_path / "home"
    add_user_files(home)
    (home / "chroma.txt").write_text("not ours")
    build_index(Settings(index_dir=home), corpus=corpus, embeddings=fake, progress=False)
    build_index(Settings(index_dir=home), corpus=corpus, embeddings=fake, progress=False,
                rebuild=True)
    assert_user_files_kept(home)
    assert (home / "chroma.txt").read_text() == "not ours"


# -- a read-only index directory ----------------------------------------------------------------


def test_stale_index_in_unwritable_dir_is_reported_and_left_alone(
        built: Path, corpus: Corpus, fake: CountingEmbedding,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    def refuse(_dir: Path) -> None:
        raise PermissionError(13, "Permission denied")

    before = (built / MANIFEST_FILE).read_text()
    monkeypatch.setattr("index.lock.probe_write", refuse)
    newer = dataclasses.replace(corpus, parser_version="test-2")
    with pytest.raises(IndexReadOnlyError, match="cannot be written.*QA_INDEX_DIR"):
        ensure_index(corpus=newer, embeddings=fake, notify=lambda _m: None, progress=False)
    assert (built / MANIFEST_FILE).read_text() == before
    assert_user_files_kept(built)


def _unprivileged() -> list[str]:
    """A command prefix under which file permissions bite, even for root."""
    if os.name != "posix":
        pytest.skip("POSIX permissions only")
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("root without setpriv: cannot drop CAP_DAC_OVERRIDE")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


def _run(prefix: list[str], args: list[str], index_dir: Path, timeout: float = 600,
         **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, *args], cwd=ROOT,
                          env=cli_env(index_dir, **env), capture_output=True, text=True,
                          timeout=timeout)


def _make_read_only(folder: Path) -> None:
    for p in [folder, *folder.rglob("*")]:
        p.chmod(p.stat().st_mode & ~0o222)


def _make_writable(folder: Path) -> None:
    for p in [folder, *folder.rglob("*")]:
        p.chmod(p.stat().st_mode | 0o200)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_read_only_empty_dir_build_says_so(tmp_path: Path) -> None:
    prefix = _unprivileged()
    ro = tmp_path / "ro"
    ro.mkdir()
    _make_read_only(ro)
    try:
        proc = _run(prefix, ["-m", "index", "build", "--quiet"], ro, timeout=120)
    finally:
        _make_writable(ro)
    assert proc.returncode == 1, proc.stderr[-1000:]
    assert f"error: The index directory {ro} cannot be written" in proc.stderr
    assert "Set QA_INDEX_DIR to a writable directory" in proc.stderr
    assert "Traceback" not in proc.stderr and list(ro.iterdir()) == []


@pytest.mark.slow
def test_read_only_built_index_qa_and_app_say_so_and_delete_nothing(tmp_path: Path) -> None:
    """A complete index made read-only: Chroma needs to write even to read, so `qa ask`
    and the app stop with a message naming the directory; every file stays as it was."""
    prefix = _unprivileged()
    index_dir = tmp_path / "index"
    build = _run([], ["-m", "index", "build", "--quiet"], index_dir, QA_SOURCE=str(MINI))
    assert build.returncode == 0, build.stderr[-2000:]
    ask = _run([], ["-m", "qa", "ask", "Which cargo concerns sorafenib?"], index_dir,
               QA_SOURCE=str(MINI))  # writes the sentence-vector cache while it can
    assert ask.returncode == 0, ask.stderr[-2000:]
    before = _snapshot(index_dir)
    _make_read_only(index_dir)
    try:
        ask = _run(prefix, ["-m", "qa", "ask", "Which cargo concerns sorafenib?"], index_dir,
                   QA_SOURCE=str(MINI))
        app = _run(prefix, [str(ROOT / "app.py"), "--port", "0"], index_dir,
                   QA_SOURCE=str(MINI))
    finally:
        _make_writable(index_dir)
    assert ask.returncode == 2, ask.stdout[-500:] + ask.stderr[-2000:]
    assert app.returncode == 1, app.stderr[-2000:]
    for proc in (ask, app):
        assert f"error: The index directory {index_dir} cannot be written" in proc.stderr
        assert "Traceback" not in proc.stderr
        assert "Wiping" not in proc.stderr
    assert _snapshot(index_dir) == before


# -- a build already running --------------------------------------------------------------------

_SLOW_BUILD = """
import sys
sys.path.insert(0, "tests")  # the fakes (the child runs from the project root)
from index.store import build_index
from fakes import CountingEmbedding, sample_corpus

class Announce(CountingEmbedding):
    def embed_documents(self, texts):
        print("EMBEDDING", flush=True)
        return super().embed_documents(texts)

build_index(corpus=sample_corpus(), embeddings=Announce(size=32, delay_s=3.0), progress=False)
"""


def test_cli_build_and_ask_fail_fast_while_another_build_runs(tmp_path: Path) -> None:
    """Two builds at once from the command line: the second says so at once (exit 1) and
    `qa ask` too (exit 2), without loading a model or waiting for the first."""
    index_dir = tmp_path / "index"
    holder = subprocess.Popen([sys.executable, "-c", _SLOW_BUILD], cwd=ROOT,
                              env=cli_env(index_dir, QA_EMBED_BATCH_SIZE="2"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "EMBEDDING"
        started = time.monotonic()
        build = _run([], ["-m", "index", "build", "--quiet"], index_dir, timeout=120)
        build_s = time.monotonic() - started
        ask = _run([], ["-m", "qa", "ask", "Which circRNA drives resistance?"], index_dir,
                   timeout=300)
        assert holder.poll() is None, "the first build ended before the checks"
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert build.returncode == 1 and "Another process is building the index" in build.stderr
    assert build_s < 20, f"the second build took {build_s:.1f}s to give up"
    assert ask.returncode == 2 and "Another process is building the index" in ask.stderr
    for proc in (build, ask):
        assert "Traceback" not in proc.stderr
    manifest = read_manifest(index_dir)
    assert manifest is not None and not manifest.complete  # the killed build shows as such

