"""The index directory's guards: it must be a writable directory, and one process at a
time may build in it (a file lock the OS drops when its holder dies).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from filelock import FileLock, Timeout

from index.errors import BUILD_COMMAND, IndexBusyError, IndexCorruptError, IndexReadOnlyError
from index.manifest import BM25_DIR, CHROMA_DIR, LOCK_FILE, MANIFEST_FILE, PASSAGES_FILE
from settings import Settings


def prepare_dir(index_dir: Path) -> None:
    """Create ``index_dir`` and check that it can be written."""
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexCorruptError(
            f"QA_INDEX_DIR={index_dir} is a file, not a directory. "
            "Point QA_INDEX_DIR at a directory (it is created if missing)."
        )
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        probe_write(index_dir)
    except OSError as exc:
        raise IndexReadOnlyError(
            f"The index directory {index_dir} cannot be written ({exc.strerror or exc}). "
            "Set QA_INDEX_DIR to a writable directory, then run: " + BUILD_COMMAND
        ) from exc


def probe_write(index_dir: Path) -> None:
    """Create and remove a file in ``index_dir``; OSError when it cannot be written."""
    fd, tmp = tempfile.mkstemp(dir=index_dir, prefix=".write-probe.")
    os.close(fd)
    os.unlink(tmp)


def build_lock(index_dir: Path) -> FileLock:
    """The one-writer lock of an index directory (non-blocking: ``timeout=0``)."""
    return FileLock(str(index_dir / LOCK_FILE), timeout=0)


# How long a reader waits for the build lock before taking it as a build's: another
# reader's probe holds it for a moment (two processes opening the index at once), a build
# for minutes.
PROBE_WAIT_S = 0.5


def build_running(index_dir: Path) -> bool:
    """True when another process holds the build lock of ``index_dir``.

    The OS drops the lock when its holder dies, so a killed build never leaves the
    directory locked. Another process probing at the same moment is no build: the
    lock is waited for `PROBE_WAIT_S`.
    """
    if not (index_dir / LOCK_FILE).exists():
        return False
    lock = build_lock(index_dir)
    try:
        lock.acquire(timeout=PROBE_WAIT_S)
    except Timeout:
        return True
    except OSError:  # a read-only directory cannot be built in, so nobody is building
        return False
    lock.release()
    return False


def busy_error(index_dir: Path) -> IndexBusyError:
    return IndexBusyError(
        f"Another process is building the index in {index_dir} (it holds "
        f"{index_dir / LOCK_FILE}). Wait for that build to finish and try again."
    )


def wipe(index_dir: Path, settings: Settings) -> None:
    """Remove what the index stage wrote (never anything else in the directory)."""
    (index_dir / MANIFEST_FILE).unlink(missing_ok=True)
    (index_dir / PASSAGES_FILE).unlink(missing_ok=True)
    for name in (BM25_DIR, BM25_DIR + ".tmp"):
        shutil.rmtree(index_dir / name, ignore_errors=True)
    if not settings.chroma_url:
        from chromadb.api.shared_system_client import SharedSystemClient

        shutil.rmtree(index_dir / CHROMA_DIR, ignore_errors=True)
        # Chroma caches one "system" per path in-process; it would point at deleted files.
        SharedSystemClient.clear_system_cache()


def dir_size(path: Path) -> int:
    """Bytes of all files under ``path``."""
    if not path.exists():
        return 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
