"""Client/server: the index against a real `chroma run` on 127.0.0.1 (marker: server)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import CountingEmbedding, sample_corpus

from index.chroma import connect
from index.store import CHROMA_DIR, Index, build_index
from settings import get_settings

pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _chroma_cli() -> str:
    beside = Path(sys.executable).with_name("chroma")
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        pytest.fail("the `chroma` CLI (installed with chromadb) is not on this machine")
    return found


@pytest.fixture()
def chroma_server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "chroma.log").open("w")
    proc = subprocess.Popen(
        [
            _chroma_cli(),
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"chroma run did not start: {(tmp_path / 'chroma.log').read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
        log.close()


def test_build_and_query_through_chroma_server(chroma_server: str, monkeypatch) -> None:
    monkeypatch.setenv("QA_CHROMA_URL", chroma_server)
    get_settings.cache_clear()
    settings = get_settings()
    fake = CountingEmbedding(size=32)
    corpus = sample_corpus()

    report = build_index(corpus=corpus, embeddings=fake, progress=False)
    assert report.embedded == 8 and report.location == chroma_server
    assert not (settings.index_dir / CHROMA_DIR).exists()  # vectors live on the server

    client = connect(settings)
    collection = client.get_collection(settings.collection, embedding_function=None)
    assert collection.count() == 8
    assert collection.metadata["fingerprint"] == report.fingerprint
    assert collection.configuration_json["hnsw"]["space"] == "cosine"

    again = build_index(corpus=corpus, embeddings=fake, progress=False)
    assert again.skipped and fake.texts_embedded == 8

    with Index.open(corpus=corpus, embeddings=fake) as idx:
        vector = fake.embed_documents([idx.passages["targeted/p1"].text])[0]
        assert idx.dense_search("anything", 3)
        assert idx.lexical_search("circRNA-SORE", 1)[0][0] == "targeted/p1"
        assert len(idx.dense_search(vector, 8)) == 8


def test_server_collection_dropped_is_detected(chroma_server: str, monkeypatch) -> None:
    monkeypatch.setenv("QA_CHROMA_URL", chroma_server)
    get_settings.cache_clear()
    fake = CountingEmbedding(size=32)
    corpus = sample_corpus()
    build_index(corpus=corpus, embeddings=fake, progress=False)
    connect(get_settings()).delete_collection(get_settings().collection)
    from index.errors import IndexCorruptError

    with pytest.raises(IndexCorruptError, match="python -m index build --rebuild"):
        Index.open(corpus=corpus, embeddings=fake)
    assert build_index(corpus=corpus, embeddings=fake, progress=False).reused == 0
