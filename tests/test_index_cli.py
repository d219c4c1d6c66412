"""`python -m index`: user errors are one message and a non-zero exit, never a traceback."""

from __future__ import annotations

import pytest
from fakes import CountingEmbedding, sample_corpus

from index.__main__ import main
from index.store import build_index


def test_search_without_index_says_build(capsys) -> None:
    assert main(["search", "circRNA"]) == 1
    err = capsys.readouterr().err
    assert "python -m index build" in err and "Traceback" not in err


def test_info_without_index_says_build(capsys) -> None:
    assert main(["info"]) == 1
    out = capsys.readouterr().out
    assert "NOT USABLE" in out and "python -m index build" in out


def test_info_json_without_index(capsys) -> None:
    import json

    assert main(["info", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["manifest"] is None


def test_build_into_unwritable_dir_is_a_message(monkeypatch, capsys) -> None:
    def refuse(_dir) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("index.lock.probe_write", refuse)
    assert main(["build", "--quiet"]) == 1
    assert "cannot be written" in capsys.readouterr().err


def test_k_must_be_positive(capsys) -> None:
    assert main(["search", "x", "-k", "0"]) == 1
    assert "-k must be at least 1" in capsys.readouterr().err


def test_bad_setting_is_a_message(monkeypatch, capsys) -> None:
    from settings import get_settings

    monkeypatch.setenv("QA_K", "many")
    get_settings.cache_clear()
    assert main(["search", "x"]) == 1
    assert "invalid QA_* setting" in capsys.readouterr().err


def test_unknown_command_is_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_search_on_stale_index_says_build(capsys) -> None:
    # Built from a hand-made corpus with a fake model: against the real review it is stale.
    build_index(corpus=sample_corpus(), embeddings=CountingEmbedding(size=8), progress=False)
    assert main(["search", "x"]) == 1
    err = capsys.readouterr().err
    assert "stale" in err and "python -m index build" in err
