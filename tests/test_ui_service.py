"""The chat service without Gradio: answering, history, the /ask API's checks, exports,
and answers that run at once."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from test_app_wiring import FakeAssistant

from qa import QuestionError
from settings import Settings
from ui.service import ChatService, RequestError, history_of
from ui.turn import Turn


@pytest.fixture
def fake() -> FakeAssistant:
    return FakeAssistant(Settings())


@pytest.fixture
def service(fake: FakeAssistant, tmp_path: Path) -> ChatService:
    return ChatService(fake, export_root=tmp_path)


def test_a_turn_carries_its_number_k_and_the_references_of_what_was_retrieved(
        service: ChatService) -> None:
    first = service.ask("What does circPAK1 do?", [], 7, "extractive")
    assert first.number == 1 and first.k == 7 and first.answerer == "extractive"
    assert first.references == {"s/p1": {18: "Hao X, et al. 2021."}}
    second = service.ask("And its mechanism?", [first], 7, "extractive")
    assert second.number == 2


def test_earlier_turns_are_the_history(service: ChatService, fake: FakeAssistant) -> None:
    first = service.ask("What does circPAK1 do?", [], 10, "extractive")
    service.ask("And its mechanism?", [first], 10, "extractive")
    assert fake.calls[-1][1] == history_of([first]) == [
        ("What does circPAK1 do?", "CircPAK1 drives lenvatinib resistance. [1]")]


def test_an_llm_request_to_an_engine_without_one_is_answered_extractively_with_a_notice(
        fake: FakeAssistant, tmp_path: Path) -> None:
    said: list[str] = []
    service = ChatService(fake, notify=said.append, export_root=tmp_path)
    turn = service.ask("What does circPAK1 do?", [], 10, "llm")
    assert turn.answerer == "extractive" and "no LLM answerer" in said[0]


def test_clean_refuses_what_cannot_be_asked(service: ChatService) -> None:
    assert service.clean("  What\x00 does circPAK1 do? ") == "What does circPAK1 do?"
    with pytest.raises(QuestionError):
        service.clean("   ")


def test_api_answer_is_the_results_format_with_the_fingerprint(service: ChatService) -> None:
    out = service.api_answer("What does circPAK1 do?", [["q", "a"]], "3")
    assert out["citations"][0]["passage_id"] == "s/p1"
    assert out["index_fingerprint"] == "f" * 64
    json.dumps(out)


@pytest.mark.parametrize(("history", "k", "message"), [
    ([["only one"]], None, "history must be a list"),
    (7, None, "history must be a list"),
    (None, "ten", "k must be a whole number"),
])
def test_api_answer_says_what_is_wrong_with_a_request(service: ChatService, history: Any,
                                                      k: Any, message: str) -> None:
    with pytest.raises(RequestError, match=message):
        service.api_answer("What does circPAK1 do?", history, k)


def test_api_answer_clamps_k(service: ChatService, fake: FakeAssistant) -> None:
    service.api_answer("What does circPAK1 do?", None, 500)
    assert fake.calls[-1][2] == 100
    service.api_answer("What does circPAK1 do?", None, 0)
    assert fake.calls[-1][2] == Settings().k


def test_export_writes_markdown_and_json_of_the_conversation(service: ChatService) -> None:
    turns: list[Turn] = [service.ask("What does circPAK1 do?", [], 10, "extractive")]
    md, js = service.export(turns)
    assert "[18] Hao X, et al. 2021." in Path(md).read_text("utf-8")
    doc = json.loads(Path(js).read_text("utf-8"))
    assert doc["turns"][0]["citations"][0]["passage_id"] == "s/p1"
    assert doc["provenance"]["embedding_model"] == "fake-model"


class Meeting(FakeAssistant):
    """Each answer waits until `n` answers are in progress at once."""

    def __init__(self, settings: Settings, n: int) -> None:
        super().__init__(settings)
        self.barrier = threading.Barrier(n, timeout=10)

    def ask(self, question: str, history: Any = None, k: int | None = None) -> Any:
        self.barrier.wait()  # BrokenBarrierError if the answers took turns
        return super().ask(question, history, k)


def test_answers_run_at_once(tmp_path: Path) -> None:
    """Nothing serialises answers: four questions are in the engine together."""
    service = ChatService(Meeting(Settings(), 4), export_root=tmp_path)
    with ThreadPoolExecutor(max_workers=4) as pool:
        turns = list(pool.map(lambda i: service.ask(f"What does circPAK{i} do?", [], 10,
                                                    "extractive"), range(4)))
        outs = list(pool.map(lambda i: service.api_answer(f"circPAK{i}?", None, 3 + i),
                             range(4)))
    assert [t.answer.question for t in turns] == [f"What does circPAK{i} do?" for i in range(4)]
    assert [o["question"] for o in outs] == [f"circPAK{i}?" for i in range(4)]
