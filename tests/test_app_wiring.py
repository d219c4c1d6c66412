"""app.py wiring with a fake assistant: endpoints, the chat handler, auth, CLI errors."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import app
from qa import ABSTAIN_TEXT, QuestionError
from qa.assistant import clean_question
from qa.types import Answer, Citation, Retrieved
from settings import Settings
from source.model import Passage

PARA = Passage(id="s/p1", kind="paragraph", text="CircPAK1 drives lenvatinib resistance[18].",
               section=("RESISTANCE",), order=1, refs=(18,))


class FakeAssistant:
    """Answers "circPAK1" questions with one citation and abstains otherwise."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.review = SimpleNamespace(title="The role of exosomes", authors="Wang J",
                                      citation="Hepatoma Res 2023;9:46", doi="10.20517/x")
        self.index = SimpleNamespace(manifest=SimpleNamespace(model="fake-model"))
        self.fingerprint = "f" * 64
        self.passages = [PARA]
        self.calls: list[tuple[str, list[tuple[str, str]], int]] = []

    def references_of(self, passage: Passage) -> dict[int, str]:
        return {18: "Hao X, et al. 2021."} if 18 in passage.refs else {}

    def ask(self, question: str, history: Any = None, k: int | None = None) -> Answer:
        text = clean_question(question, self.settings.max_question_chars)
        self.calls.append((text, list(history or []), k or 0))
        retrieved = (Retrieved(PARA, 0.7),)
        if "circpak1" not in text.lower():
            return Answer(question=text, text=ABSTAIN_TEXT, citations=(), abstained=True,
                          retrieved=retrieved, timings={"total_ms": 1.0})
        quote = "CircPAK1 drives lenvatinib resistance"
        cit = Citation("[1]", PARA.id, quote, PARA, {18: "Hao X, et al. 2021."})
        return Answer(question=text, text=f"{quote}. [1]", citations=(cit,), abstained=False,
                      retrieved=retrieved, standalone_question=text, timings={"total_ms": 2.0})


@pytest.fixture
def fake() -> FakeAssistant:
    return FakeAssistant(Settings())


@pytest.fixture
def demo(fake: FakeAssistant, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(app, "STREAM_DELAY_S", 0.0)
    return app.build_app(fake)  # type: ignore[arg-type]


def _fn(demo: Any, name: str) -> Any:
    for block_fn in demo.fns.values():
        if block_fn.name == name:
            return block_fn
    raise AssertionError(f"no function {name!r}")


def test_the_api_endpoint_is_named_ask_and_the_chat_handler_is_private(demo: Any) -> None:
    assert _fn(demo, "ask").api_name == "ask"
    assert _fn(demo, "respond").api_visibility == "private"
    assert demo._queue.max_size == Settings().max_queue


def test_ask_endpoint_returns_the_results_format(demo: Any, fake: FakeAssistant) -> None:
    out = _fn(demo, "ask").fn("What does circPAK1 do?", [["earlier q", "earlier a"]], 5)
    assert out["answer"].endswith("[1]") and out["abstained"] is False
    assert out["citations"][0]["quote"] in out["citations"][0]["text"]
    assert out["index_fingerprint"] == "f" * 64
    json.dumps(out)  # JSON-serialisable as it is
    assert fake.calls[-1] == ("What does circPAK1 do?", [("earlier q", "earlier a")], 5)


@pytest.mark.parametrize("question", ["", "   ", "x" * 5000])
def test_ask_endpoint_refuses_bad_questions_with_the_message(demo: Any, question: str) -> None:
    import gradio as gr

    with pytest.raises(gr.Error) as err:
        _fn(demo, "ask").fn(question)
    with pytest.raises(QuestionError) as expected:
        clean_question(question, Settings().max_question_chars)
    assert err.value.message == str(expected.value)


def test_chat_handler_streams_then_fills_evidence_state_and_exports(demo: Any) -> None:
    steps = list(_fn(demo, "respond").fn("What does circPAK1 do?", [], 10, "extractive"))
    chat, evidence, turns, box, md, js = steps[-1]
    assert len(steps) >= 3
    assert box is not None  # the textbox was cleared on the first step
    assert steps[0][3] == ""
    assert "Searching the review" in steps[0][0][-1]["content"]
    assert 'href="#cite-1-1"' in chat[-1]["content"]
    assert 'id="cite-1-1"' in evidence and "<mark>CircPAK1 drives lenvatinib resistance</mark>" \
        in evidence
    assert len(turns) == 1
    md_text = Path(md["value"]).read_text("utf-8")
    assert "[18] Hao X, et al. 2021." in md_text and "f" * 64 in md_text
    doc = json.loads(Path(js["value"]).read_text("utf-8"))
    assert doc["turns"][0]["citations"][0]["passage_id"] == "s/p1"
    assert doc["provenance"]["embedding_model"] == "fake-model"


def test_chat_follow_up_passes_the_conversation_as_history(demo: Any,
                                                           fake: FakeAssistant) -> None:
    respond = _fn(demo, "respond").fn
    turns = list(respond("What does circPAK1 do?", [], 10, "extractive"))[-1][2]
    list(respond("And its mechanism?", turns, 7, "extractive"))
    question, history, k = fake.calls[-1]
    assert question == "And its mechanism?" and k == 7
    assert history == [("What does circPAK1 do?", "CircPAK1 drives lenvatinib resistance. [1]")]


@pytest.mark.parametrize("question", ["", "x" * 5000])
def test_chat_handler_warns_on_bad_questions_and_changes_nothing(
    demo: Any, fake: FakeAssistant, question: str
) -> None:
    import gradio as gr

    with pytest.warns(UserWarning):  # gr.Warning outside a request is a Python warning
        steps = list(_fn(demo, "respond").fn(question, [], 10, "extractive"))
    assert len(steps) == 1
    assert all(isinstance(x, dict) and x.get("__type__") == gr.skip()["__type__"]
               for x in steps[0])
    assert fake.calls == []


def test_abstention_in_the_chat_shows_closest_evidence(demo: Any) -> None:
    chat, evidence, *_ = list(_fn(demo, "respond").fn("Capital of France?", [], 10,
                                                      "extractive"))[-1]
    assert "Not answered by the review" in chat[-1]["content"]
    assert 'id="closest-1-1"' in evidence and "cite-1-" not in evidence


def test_new_chat_clears_everything(demo: Any) -> None:
    chat, evidence, turns, box, md, js = _fn(demo, "new_chat").fn()
    assert chat == [] and turns == [] and box == "" and "Ask a question" in evidence
    assert md["interactive"] is False and js["interactive"] is False


def test_answerer_choice_offers_the_llm_only_when_configured() -> None:
    import gradio as gr

    def radio_choices(settings: Settings) -> list[Any]:
        demo = app.build_app(FakeAssistant(settings))  # type: ignore[arg-type]
        radios = [b for b in demo.blocks.values() if isinstance(b, gr.Radio)]
        return [c[1] for c in radios[0].choices]

    assert radio_choices(Settings()) == ["extractive"]
    assert radio_choices(Settings(llm="openai:http://127.0.0.1:9/v1")) == ["extractive", "llm"]


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), ("", None), ("lab:secret", ("lab", "secret")), ("u:p:q", ("u", "p:q")),
])
def test_parse_auth(value: str | None, expected: tuple[str, str] | None) -> None:
    assert app.parse_auth(value) == expected


@pytest.mark.parametrize("value", ["nopassword", ":p", "u:"])
def test_parse_auth_rejects_malformed(value: str) -> None:
    with pytest.raises(ValueError, match="user:password"):
        app.parse_auth(value)


def test_main_refuses_malformed_auth_before_loading_anything(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from settings import get_settings

    monkeypatch.setenv("QA_AUTH", "no-colon")
    get_settings.cache_clear()
    monkeypatch.setattr(app, "Assistant", lambda *a, **k: pytest.fail("loaded the index"))
    assert app.main(["--port", "0"]) == 2
    assert "user:password" in capsys.readouterr().err


def test_main_reports_index_errors_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from index.errors import IndexBusyError

    def busy(*a: object, **k: object) -> None:
        raise IndexBusyError("Another process is building the index. Wait for it.")

    monkeypatch.setattr(app, "Assistant", busy)
    assert app.main([]) == 1
    err = capsys.readouterr().err
    assert "Another process is building the index" in err and "Traceback" not in err


def test_offline_flags_are_set_before_gradio_is_imported() -> None:
    source = Path(app.__file__).read_text("utf-8")
    assert source.index('"GRADIO_ANALYTICS_ENABLED", "False"') < source.index(
        "import gradio")
    assert source.index('"HF_HUB_OFFLINE", "1"') < source.index("import gradio")


class StreamingFake(FakeAssistant):
    """An assistant whose LLM answer arrives as text chunks, then the checked Answer."""

    def stream(self, question: str, history: Any = None, k: int | None = None,
               answerer: str | None = None) -> Any:
        assert answerer == "llm"
        yield "CircPAK1 <b>drives</b> "
        yield "lenvatinib resistance [1]."
        yield self.ask(question, history, k)


def test_llm_answer_streams_as_an_escaped_draft_then_the_checked_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app, "STREAM_DELAY_S", 0.0)
    demo = app.build_app(StreamingFake(Settings(llm="openai:http://127.0.0.1:9/v1")))  # type: ignore[arg-type]
    steps = list(_fn(demo, "respond").fn("What does circPAK1 do?", [], 10, "llm"))
    drafts = [s[0][-1]["content"] for s in steps if "Draft from the LLM" in str(s[0][-1])]
    assert len(drafts) == 2
    assert "CircPAK1 &lt;b&gt;drives&lt;/b&gt; " in drafts[0]  # escaped, growing
    assert "lenvatinib resistance [1]." in drafts[1]
    chat, evidence, turns, *_ = steps[-1]
    assert 'href="#cite-1-1"' in chat[-1]["content"] and "Draft" not in chat[-1]["content"]
    assert turns[0].answerer == "llm"
