"""The running app, driven through gradio_client: ask, check citations, ask a follow-up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from app_server import running_app, shared_index_dir

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

QUESTION = "Which exosomal circRNAs drive anti-PD1 resistance in HCC?"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from gradio_client import Client

    work = tmp_path_factory.mktemp("app-e2e")
    with running_app(shared_index_dir(tmp_path_factory), work) as url:
        assert url.startswith("http://127.0.0.1:")
        yield Client(url, verbose=False, download_files=False)


def _check_citations(result: dict[str, Any]) -> None:
    assert result["abstained"] is False
    assert result["citations"], result
    for c in result["citations"]:
        assert c["quote"], c
        assert c["quote"] in c["text"], f"quote of {c['marker']} is not a span of its passage"
        assert c["marker"] in result["answer"]
        assert c["passage_id"] in {r["passage_id"] for r in result["retrieved"]} | {
            c["passage_id"]}


def test_only_the_ask_endpoint_is_public(client: Any) -> None:
    api = client.view_api(print_info=False, return_format="dict")
    assert list(api["named_endpoints"]) == ["/ask"]
    assert api["unnamed_endpoints"] == {}


def test_ask_then_follow_up_with_history(client: Any) -> None:
    first = client.predict(QUESTION, [], 10, api_name="/ask")
    _check_citations(first)
    assert any("circUHRF1" in c["text"] for c in first["citations"])
    assert any(c["kind"] == "table_row" for c in first["citations"])
    assert len(first["retrieved"]) >= 10
    assert len(first["index_fingerprint"]) == 64
    assert first["latency_ms"] > 0

    follow_up = "What is its mechanism?"
    second = client.predict(follow_up, [[first["question"], first["answer"]]], 10,
                            api_name="/ask")
    # The follow-up was read with the conversation: its pronoun was resolved.
    assert second["standalone_question"] != follow_up
    assert second["question"] == follow_up
    _check_citations(second)


def test_k_sets_how_many_passages_are_retrieved(client: Any) -> None:
    out = client.predict(QUESTION, [], 3, api_name="/ask")
    assert 1 <= len(out["retrieved"]) <= 5  # pinned table rows may add a couple


def test_unanswerable_question_abstains(client: Any) -> None:
    from qa import ABSTAIN_TEXT

    out = client.predict("What is the capital of France?", api_name="/ask")
    assert out["abstained"] is True and out["citations"] == []
    assert out["answer"] == ABSTAIN_TEXT and out["retrieved"]


@pytest.mark.parametrize(("question", "message"), [
    ("   ", "Please type a question"),
    ("x" * 2500, "the limit is 2,000"),
])
def test_bad_questions_get_a_message_not_a_traceback(client: Any, question: str,
                                                     message: str) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as err:
        client.predict(question, api_name="/ask")
    assert message in str(err.value) and "Traceback" not in str(err.value)


def test_auth_setting_requires_a_login(tmp_path_factory: pytest.TempPathFactory) -> None:
    from gradio_client import Client

    work = tmp_path_factory.mktemp("app-auth")
    env = {"QA_AUTH": "lab:s3cret"}
    with running_app(shared_index_dir(tmp_path_factory), work, extra_env=env) as url:
        with pytest.raises(Exception):  # noqa: B017 - refused before any endpoint is seen
            Client(url, verbose=False).predict(QUESTION, api_name="/ask")
        with pytest.raises(Exception):  # noqa: B017
            Client(url, auth=("lab", "wrong"), verbose=False)
        client = Client(url, auth=("lab", "s3cret"), verbose=False, download_files=False)
        assert client.predict(QUESTION, api_name="/ask")["citations"]
