"""Hostile and malformed questions have one defined outcome through every interface.

The table (tests/robust_support.py:CASES): empty, whitespace, 100,000 characters, NUL
and control bytes, mixed scripts, Markdown, `<script>`, `<img onerror>`, prompt
injection. Each is either refused with the same message (QuestionError in Python,
``error:`` and exit 2 on the CLI, an error from the app) or answered/abstained as the
table says, with exact citations and no injected text in the answer.

Tiers: the Python API over a fake-embedding index and the chat handler with a fake
assistant (fast); the Python API, the CLI and the app's /ask over the real model and
index (slow). A NUL byte cannot travel in argv, so the CLI gets that question on stdin
through `python -m qa chat`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_server import running_app
from fakes import CountingEmbedding, sample_corpus
from robust_support import (
    ANSWERED,
    CASES,
    CIRC,
    IDS,
    Case,
    build_shared_index,
    check_result_json,
    run_cli,
)

from index.store import ensure_index
from qa import Answer, Assistant, QuestionError
from settings import Settings
from source import load_review


def _check_answer(answer: Answer, case: Case, *, outcome: bool = True) -> None:
    """An Answer from the Python API against its case (outcome only with the real model)."""
    assert isinstance(answer, Answer)
    out = answer.to_json()
    assert out["question"] == case.cleaned
    for c in answer.citations:
        assert c.quote and c.quote in c.passage.text
    assert "HACKED" not in answer.text and "<script" not in answer.text
    if outcome:
        check_result_json(out, case)
        if case.notice:
            assert case.notice in answer.notice, answer.notice


# -- Python API, fast: a small real Chroma + BM25 index with a fake embedding --------------


@pytest.fixture(scope="module")
def fake_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    settings = Settings(index_dir=tmp_path_factory.mktemp("robust-fake-index"))
    index = ensure_index(settings, corpus=sample_corpus(), embeddings=CountingEmbedding(size=32),
                         progress=False, notify=lambda _m: None)
    try:
        yield Assistant(settings, index=index, review=load_review())
    finally:
        index.close()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_python_api_fake_index(fake_assistant: Assistant, case: Case) -> None:
    """Refused with the message, or an Answer whose citations are exact (outcomes with a
    fake embedding mean nothing, so they are checked in the slow tier)."""
    if case.refused:
        with pytest.raises(QuestionError, match=case.refused.replace(".", r"\.")):
            fake_assistant.ask(case.question)
    else:
        _check_answer(fake_assistant.ask(case.question), case, outcome=False)


# -- the app's chat handler, fast: a fake assistant ----------------------------------------


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> Any:
    from test_app_wiring import FakeAssistant

    import app

    monkeypatch.setattr(app, "STREAM_DELAY_S", 0.0)
    fake = FakeAssistant(Settings())
    return app.build_app(fake), fake  # type: ignore[arg-type]


def _respond(demo: Any) -> Any:
    return next(f for f in demo.fns.values() if f.name == "respond").fn


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_chat_handler(demo: Any, case: Case) -> None:
    """Refused: a warning and nothing changes. Else the question is shown escaped."""
    import gradio as gr

    page, fake = demo
    if case.refused:
        with pytest.warns(UserWarning, match=case.refused.replace(".", r"\.")):
            steps = list(_respond(page)(case.question, [], 10, "extractive"))
        assert len(steps) == 1 and all(x.get("__type__") == gr.skip()["__type__"]
                                       for x in steps[0])
        assert fake.calls == []
        return
    steps = list(_respond(page)(case.question, [], 10, "extractive"))
    chat, evidence, turns, *_ = steps[-1]
    assert fake.calls[-1][0] == case.cleaned
    html = chat[0]["content"] + chat[1]["content"] + evidence
    assert "<script" not in html and "<img" not in html and "<h1" not in html
    if "<script>" in case.question:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chat[0]["content"]


# -- the real model and index (slow) --------------------------------------------------------


@pytest.fixture(scope="module")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_shared_index(tmp_path_factory)


@pytest.fixture(scope="module")
def real_assistant(real_index: Path) -> Iterator[Assistant]:
    a = Assistant(Settings(index_dir=real_index), notify=lambda _m: None)
    try:
        yield a
    finally:
        a.index.close()


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_python_api_real_model(real_assistant: Assistant, case: Case) -> None:
    if case.refused:
        with pytest.raises(QuestionError, match=case.refused.replace(".", r"\.")):
            real_assistant.ask(case.question)
        return
    _check_answer(real_assistant.ask(case.question), case)


@pytest.mark.slow
def test_control_bytes_change_nothing(real_assistant: Assistant) -> None:
    clean = real_assistant.ask("Which exosomal circRNA drives lenvatinib resistance?")
    dirty = real_assistant.ask(next(c for c in CASES if c.id == "nul-and-control").question)
    assert dirty.text == clean.text and dirty.citations == clean.citations


# -- the CLI ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in CASES if c.refused and "\x00" not in c.question],
                         ids=lambda c: c.id)
def test_cli_refuses(tmp_path: Path, case: Case) -> None:
    """Refused before anything is loaded: exit 2, the message, no traceback, no index."""
    proc = run_cli(["ask", case.question, "--json"], tmp_path / "index", timeout=120)
    assert proc.returncode == 2, proc.stderr[-500:]
    assert proc.stderr.startswith("error: ") and case.refused in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert not (tmp_path / "index").exists()


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if c.refused and "\x00" in c.question],
                         ids=lambda c: c.id)
def test_cli_chat_refuses_nul_bytes(real_index: Path, case: Case) -> None:
    """argv cannot hold a NUL byte, so such a question reaches the CLI on stdin (`qa chat`):
    the message on stderr, the conversation goes on, no traceback."""
    proc = run_cli(["chat"], real_index, stdin=case.question + "\n" + CIRC + "\n")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"error: {case.refused}" in proc.stderr and "Traceback" not in proc.stderr
    assert "circPAK1" in proc.stdout  # the next question was answered


@pytest.mark.slow
def test_every_process_gives_the_same_answers(real_index: Path) -> None:
    """No answer depends on the order Python happens to keep a set in (string hashing is
    seeded per process): one conversation, under two hash seeds, answered alike. ("which
    exosome inhibitor ...?" once checked its evidence for a drug or for a miRNA, whichever
    the set gave first.)"""
    conversation = "\n".join([
        "which exosome inhibitor improves sorafenib effects?",
        "Which exosome secretion regulators were knocked down to improve drug effects in HCC?",
        "which refs review exosome inhibitors",
        "which circrnas are in table 1 and what do they do",
        "and the lncRNAs?",
    ]) + "\n"
    outs = [run_cli(["chat"], real_index, stdin=conversation, PYTHONHASHSEED=seed)
            for seed in ("1", "3")]
    for proc in outs:
        assert proc.returncode == 0, proc.stderr[-2000:]
    said = [re.sub(r"\(\d+ ms\)", "", proc.stdout) for proc in outs]  # (not the timings)
    assert said[0].count("[1]") >= 5  # (every question answered with evidence)
    assert said[0] == said[1]

@pytest.mark.slow
@pytest.mark.parametrize("case", ANSWERED, ids=lambda c: c.id)
def test_cli_answers(real_index: Path, case: Case) -> None:
    if "\x00" in case.question:  # through stdin: `qa chat` reads one question per line
        proc = run_cli(["chat"], real_index, stdin=case.question + "\n")
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr
        assert case.cites and case.cites in proc.stdout and "[1]" in proc.stdout
        return
    proc = run_cli(["ask", case.question, "--json"], real_index)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    check_result_json(json.loads(proc.stdout), case)


# -- the app's /ask endpoint through gradio_client (slow) ---------------------------------


@pytest.fixture(scope="module")
def client(real_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from gradio_client import Client

    with running_app(real_index, tmp_path_factory.mktemp("robust-questions-app")) as url:
        yield Client(url, verbose=False, download_files=False)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_app_ask_endpoint(client: Any, case: Case) -> None:
    from gradio_client.exceptions import AppError

    if case.refused:
        with pytest.raises(AppError) as err:
            client.predict(case.question, [], 10, api_name="/ask")
        assert case.refused in str(err.value) and "Traceback" not in str(err.value)
        return
    out = client.predict(case.question, [], 10, api_name="/ask")
    check_result_json(out, case)


@pytest.mark.slow
@pytest.mark.parametrize(("history", "k", "message"), [
    ("not a list", 10, "history must be a list of [question, answer] pairs"),
    ([["only a question"]], 10, "history must be a list of [question, answer] pairs"),
    ([], "ten", "k must be a whole number"),
])
def test_app_ask_endpoint_bad_arguments(client: Any, history: Any, k: Any,
                                        message: str) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=message.replace("[", r"\[").replace("]", r"\]")):
        client.predict("Which exosomal circRNA drives lenvatinib resistance?", history, k,
                       api_name="/ask")
