"""The real shipped model over the real review: build, no-change rebuild, search, CLI (slow)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from robust_support import run_cli

from index.store import Corpus, Index, build_index
from settings import get_settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def real_index(tmp_path_factory) -> tuple[Path, object, object]:
    """One real build for the module (it takes seconds), in its own directory."""
    index_dir = tmp_path_factory.mktemp("real-index")
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_INDEX_DIR", str(index_dir))
    get_settings.cache_clear()
    first = build_index(progress=False)
    second = build_index(progress=False)
    mp.undo()
    get_settings.cache_clear()
    return index_dir, first, second


@pytest.fixture()
def idx(real_index, monkeypatch):
    monkeypatch.setenv("QA_INDEX_DIR", str(real_index[0]))
    get_settings.cache_clear()
    with Index.open() as index:
        yield index


def test_build_embeds_every_real_passage(real_index) -> None:
    _, first, _ = real_index
    assert first.embedded == first.passages == len(Corpus.from_source().passages)


def test_no_change_rebuild_embeds_nothing(real_index) -> None:
    _, _, second = real_index
    assert second.skipped and second.embedded == 0


def test_dense_finds_circrna_anti_pd1_row(idx) -> None:
    hits = [
        pid
        for pid, _ in idx.dense_search(
            "Which exosomal circRNAs drive anti-PD1 resistance in HCC?", 5
        )
    ]
    assert "table1/row-01" in hits  # circUHRF1: "Drive anti-PD1 resistance"


def test_dense_scores_are_cosine_similarities(idx) -> None:
    scores = [s for _, s in idx.dense_search("sorafenib resistance", 10)]
    assert scores == sorted(scores, reverse=True) and all(-1.0 <= s <= 1.0 for s in scores)


def test_lexical_finds_exact_name(idx) -> None:
    pid, _ = idx.lexical_search("circRNA-SORE", 1)[0]
    assert "circRNA-SORE" in idx.passages[pid].text


def test_lexical_finds_mirna_with_suffix(idx) -> None:
    pid, _ = idx.lexical_search("miR-135a-5p", 1)[0]
    assert "miR-135a-5p" in idx.passages[pid].text


def test_hybrid_returns_k_distinct(idx) -> None:
    hits = idx.hybrid_search("exosomal PD-L1 and immunotherapy", 10)
    assert len({pid for pid, _ in hits}) == 10


def _cli(*args: str, index_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(list(args), index_dir, timeout=300, module="index")


def test_cli_info_and_search(real_index) -> None:
    index_dir = real_index[0]
    info = _cli("info", index_dir=index_dir)
    assert info.returncode == 0, info.stderr
    assert "up to date" in info.stdout and "384 dimensions" in info.stdout
    search = _cli("search", "circRNA-SORE", "--mode", "lexical", "-k", "3", index_dir=index_dir)
    assert search.returncode == 0, search.stderr
    assert "circRNA-SORE" in search.stdout
    build = _cli("build", index_dir=index_dir)
    assert build.returncode == 0 and "up to date" in build.stdout
