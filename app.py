"""The chat page: ``python app.py [--host H] [--port P] [--share]``.

A thin wiring of Gradio to ``qa.Assistant``: what the page does (answering, the
conversation, exports) is ``ui.service.ChatService``, its HTML ``ui.render``. Besides
the page, one API endpoint ``/ask`` answers a question (with optional history) in the
results format of DESIGN.md:

    from gradio_client import Client
    Client("http://127.0.0.1:7860/").predict("Which circRNAs ...?", [], 10, api_name="/ask")
"""

from __future__ import annotations

import os

# Offline and quiet before Gradio (or anything reaching the hub) is imported.
for _key, _value in (
    ("GRADIO_ANALYTICS_ENABLED", "False"),
    ("HF_HUB_OFFLINE", "1"),
    ("HF_HUB_DISABLE_TELEMETRY", "1"),
    ("TRANSFORMERS_OFFLINE", "1"),
    ("ANONYMIZED_TELEMETRY", "False"),
):
    os.environ[_key] = _value

import argparse  # noqa: E402
import html  # noqa: E402
import inspect  # noqa: E402
import logging  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402

import gradio as gr  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from index.errors import IndexStageError  # noqa: E402
from qa import Assistant, QuestionError  # noqa: E402
from settings import Settings, get_settings  # noqa: E402
from ui import Turn, answer_html, chat_messages, evidence_html, question_html, stream_prefixes  # noqa: E402,I001
from ui.article import article_html  # noqa: E402
from ui.assets import CSS, HEAD, JS  # noqa: E402
from ui.render import EMPTY_EVIDENCE, header_html, index_info_html  # noqa: E402
from ui.service import ChatService, RequestError  # noqa: E402
from ui.studies import EMPTY_BEHIND, behind_html, studies_html  # noqa: E402
from ui.turn import EXTRACTIVE  # noqa: E402

log = logging.getLogger("app")

EXAMPLES = [
    "Which exosomal circRNAs drive anti-PD1 resistance in HCC?",
    "Which miRNAs in Table 1 concern sorafenib?",
    "How many rows of Table 1 are in vitro only?",
    "What is the mechanism of circPAK1?",
    "What role do cancer-associated fibroblasts play?",
    "How do exosomes contribute to lenvatinib resistance?",
]
STREAM_DELAY_S = 0.02  # between streamed chunks: about a second for a long answer
PENDING_HTML = '<div class="qa-answer qa-pending">Searching the review…</div>'
# System fonts: nothing fetched, and crisp on every laptop (the bundled web fonts render
# some capitals oddly in bold).
_SANS = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Helvetica Neue",
         "Liberation Sans", "Arial", "sans-serif"]
_MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]
THEME = gr.themes.Default(primary_hue="blue", neutral_hue="slate", radius_size="sm",
                          font=_SANS, font_mono=_MONO)


def build_app(assistant: Assistant) -> gr.Blocks:
    """The Blocks of the chat page and the /ask endpoint, bound to one assistant."""
    service = ChatService(assistant, notify=gr.Info)
    settings = service.settings
    review = assistant.review
    with gr.Blocks(title=f"Ask the review: {review.title}", analytics_enabled=False,
                   delete_cache=(3600, 3600)) as demo:
        page = _page(service)
        outputs = [page.chatbot, page.evidence, page.turns, page.question, page.md_btn,
                   page.json_btn]
        answer = {"fn": _respond_handler(service),
                  "inputs": [page.question, page.turns, page.k_slider, page.answerer],
                  "outputs": outputs, "api_visibility": "private", "show_progress": "hidden",
                  "concurrency_id": "answer", "concurrency_limit": settings.concurrency_limit}
        studies_out = [*page.study_btns, page.behind]
        after = {"fn": _studies_export_handler(service), "inputs": [page.turns],
                 "outputs": studies_out, "api_visibility": "private", "queue": False}
        gr.on([page.question.submit, page.ask_btn.click], **answer).then(**after)
        page.examples.click(_example, page.examples, page.question, queue=False,
                            api_visibility="private").then(**answer).then(**after)
        for trigger in (page.new_btn.click, page.chatbot.clear):
            trigger(new_chat, None, outputs, api_visibility="private", queue=False).then(**after)
        page.search.input(_studies_search(service), page.search, page.studies,
                          api_visibility="private", queue=False, trigger_mode="always_last")
        gr.api(_ask_endpoint(service), api_name="ask", concurrency_id="answer",
               concurrency_limit=settings.concurrency_limit)
    demo.queue(max_size=settings.max_queue,
               default_concurrency_limit=settings.concurrency_limit)
    return demo


@dataclass
class Page:
    """The widgets the handlers read and write."""

    turns: gr.State
    chatbot: gr.Chatbot
    question: gr.Textbox
    ask_btn: gr.Button
    examples: gr.Dataset
    new_btn: gr.Button
    md_btn: gr.DownloadButton
    json_btn: gr.DownloadButton
    k_slider: gr.Slider
    answerer: gr.Radio
    evidence: gr.HTML
    search: gr.Textbox
    studies: gr.HTML
    behind: gr.HTML
    study_btns: list[gr.DownloadButton]


def _page(service: ChatService) -> Page:
    """The page: the header, then three tabs: Ask (the chat and its evidence), Studies
    (the reference list, searchable) and Article (the review itself, Table 1 as a grid)."""
    review = service.assistant.review
    turns = gr.State([])
    gr.HTML(header_html(review.title, review.authors, review.citation, review.doi),
            js_on_load=None, elem_id="qa-header")
    with gr.Tabs(elem_id="tabs"):
        with gr.Tab("Ask", id="ask", elem_id="tab-ask"):
            ask = _ask_tab(service)
        with gr.Tab("Studies", id="studies", elem_id="tab-studies", render_children=True):
            search, studies, behind = _studies_tab(service)
        with gr.Tab("Article", id="article", elem_id="tab-article", render_children=True):
            gr.HTML(article_html(review, getattr(service.assistant, "passages", [])),
                    js_on_load=None, elem_id="article")
    return Page(turns=turns, **ask, search=search, studies=studies, behind=behind)


def _ask_tab(service: ChatService) -> dict[str, Any]:
    """The chat, its box, examples, exports and settings; beside it (under it on a phone)
    the evidence."""
    settings = service.settings
    with gr.Row(equal_height=False, elem_id="ask-row"):
        with gr.Column(scale=6, min_width=300, elem_id="chat-col"):
            chatbot = gr.Chatbot(
                value=[], label="Conversation", show_label=False, elem_id="chat",
                height="calc(100vh - 330px)", min_height=300,
                render_markdown=False, sanitize_html=True, latex_delimiters=[],
                buttons=[], feedback_options=None, autoscroll=True,
                placeholder="Ask a question about the review, or pick an example below.",
            )
            with gr.Row(equal_height=True, elem_id="ask-box"):
                # No autofocus: on a phone a focused box scrolls the page past the title
                # and opens the keyboard before anything is read.
                question = gr.Textbox(
                    show_label=False, placeholder="Ask about the review… (Enter to send)",
                    lines=1, max_lines=4, scale=8, elem_id="question", autofocus=False,
                    container=False)
                ask_btn = gr.Button("Ask", variant="primary", scale=1, min_width=64,
                                    elem_id="ask")
            examples = gr.Dataset(components=[question], samples=[[q] for q in EXAMPLES],
                                  label="Examples (click to ask; two about Table 1)",
                                  samples_per_page=6, elem_id="examples")
            with gr.Row(elem_id="exports"):
                new_btn = gr.Button("New chat", size="sm", elem_id="new-chat")
                md_btn = gr.DownloadButton("Export Markdown", size="sm", interactive=False,
                                           elem_id="export-md")
                json_btn = gr.DownloadButton("Export JSON", size="sm", interactive=False,
                                             elem_id="export-json")
                bib_btn = gr.DownloadButton("Studies: BibTeX", size="sm", interactive=False,
                                            elem_id="export-bib")
                ris_btn = gr.DownloadButton("Studies: RIS", size="sm", interactive=False,
                                            elem_id="export-ris")
            with gr.Accordion("Settings", open=False, elem_id="settings"):
                k_slider = gr.Slider(1, service.k_max, value=settings.k, step=1,
                                     label="Passages to retrieve (k)",
                                     info="More passages: more candidates for the answer "
                                     "and for 'also retrieved'.")
                answerers = service.answerers()
                answerer = gr.Radio(
                    answerers, value=EXTRACTIVE, label="Answerer",
                    interactive=len(answerers) > 1,
                    info=None if settings.llm else "Set QA_LLM to offer an LLM answerer.")
            with gr.Accordion("Details: index and models", open=False, elem_id="details"):
                gr.HTML(index_info_html(service.assistant.fingerprint, service.model_name(),
                                        len(getattr(service.assistant, "passages", [])),
                                        settings.llm),
                        js_on_load=None)
        with gr.Column(scale=5, min_width=300, elem_id="evidence-col"):
            evidence = gr.HTML(EMPTY_EVIDENCE, js_on_load=None, elem_id="evidence")
    return {"chatbot": chatbot, "question": question, "ask_btn": ask_btn, "examples": examples,
            "new_btn": new_btn, "md_btn": md_btn, "json_btn": json_btn, "k_slider": k_slider,
            "answerer": answerer, "evidence": evidence, "study_btns": [bib_btn, ris_btn]}


def _studies_tab(service: ChatService) -> tuple[Any, ...]:
    """Search box, the studies behind the latest answer with their exports, every study."""
    with gr.Row(elem_id="studies-top"):
        with gr.Column(scale=3, min_width=280):
            search = gr.Textbox(label="Find a study", elem_id="studies-search",
                                placeholder="Author, title words, journal, year or number "
                                "(e.g. Zhang, sorafenib, 2020, 14)")
        with gr.Column(scale=2, min_width=280, elem_id="behind-col"):
            # The export buttons live under the chat: a download button first drawn in a
            # tab opened after the answer has no file to give.
            behind = gr.HTML(EMPTY_BEHIND, js_on_load=None, elem_id="behind")
    studies = gr.HTML(studies_html(service.studies), js_on_load=None, elem_id="studies")
    return search, studies, behind


def _example(sample: Any) -> str:
    """The question of a clicked example (the Dataset hands over its row of values)."""
    return str(sample[0] if isinstance(sample, list | tuple) else sample)


def _studies_search(service: ChatService) -> Callable[[str], str]:
    def search_studies(query: str) -> str:
        """The Studies tab's list for a search."""
        return studies_html(service.studies, query or "")

    return search_studies


def _studies_export_handler(service: ChatService) -> Callable[..., tuple[Any, ...]]:
    def export_studies(turns: list[Turn]) -> tuple[Any, ...]:
        """The BibTeX/RIS buttons and the list of studies behind the latest answer."""
        files = service.export_studies(turns or [])
        latest = turns[-1] if turns else None
        listed = behind_html(service.studies_behind(latest) if latest else [],
                             latest.answer.question if latest else "")
        if files is None:
            off = gr.update(value=None, interactive=False)
            return off, off, listed
        bib, ris = (gr.update(value=f, interactive=True) for f in files)
        return bib, ris, listed

    return export_studies


def _respond_handler(service: ChatService) -> Callable[..., Iterator[Any]]:
    """The chat handler: (question, turns, k, answerer) -> the six outputs, step by step."""

    def respond(question: str, turns: list[Turn], k: float, answerer: str) -> Iterator[Any]:
        """Answer in the chat: show the question, stream the answer, fill the evidence."""
        turns = list(turns or [])
        skip = gr.skip()
        try:
            text = service.clean(question)
        except QuestionError as exc:
            gr.Warning(str(exc), title="Question not asked")
            yield skip, skip, skip, skip, skip, skip
            return
        shown = chat_messages(turns)
        pending = [{"role": "user", "content": question_html(text)},
                   {"role": "assistant", "content": PENDING_HTML}]
        yield shown + pending, skip, skip, "", skip, skip
        turn = None
        try:
            for item in service.answer(text, turns, int(k), answerer):
                if isinstance(item, Turn):
                    turn = item
                else:  # the LLM's words as it writes them, replaced by the checked answer
                    draft = {"role": "assistant", "content": _draft_html(item)}
                    yield shown + [pending[0], draft], skip, skip, skip, skip, skip
            assert turn is not None
        except QuestionError as exc:
            gr.Warning(str(exc), title="Question not asked")
            yield shown, skip, skip, question, skip, skip
            return
        except IndexStageError as exc:
            yield shown, skip, skip, question, skip, skip
            raise gr.Error(str(exc), print_exception=False) from exc
        except Exception as exc:
            log.exception("answering %r failed", text)
            yield shown, skip, skip, question, skip, skip
            raise gr.Error(f"The assistant failed on this question ({type(exc).__name__}); "
                           "the server log has the details.", print_exception=False) from exc
        new_turns = [*turns, turn]
        evidence = evidence_html(new_turns)
        for i, prefix in enumerate(stream_prefixes(turn.answer.text)):
            msgs = shown + [pending[0], {"role": "assistant",
                                         "content": answer_html(turn, prefix)}]
            yield msgs, (evidence if i == 0 else skip), skip, skip, skip, skip
            time.sleep(STREAM_DELAY_S)
        md, js = service.export(new_turns)
        yield (chat_messages(new_turns), evidence, new_turns, skip,
               gr.update(value=md, interactive=True), gr.update(value=js, interactive=True))

    return respond


def _draft_html(draft: str) -> str:
    return ('<div class="qa-answer qa-pending"><em>Draft from the LLM; its citations are '
            f'checked next.</em><br>{html.escape(draft)}</div>')


def new_chat() -> tuple[Any, ...]:
    """Clear the conversation, the evidence, the box and the exports."""
    off = gr.update(value=None, interactive=False)
    return [], EMPTY_EVIDENCE, [], "", off, off


def _ask_endpoint(service: ChatService) -> Callable[..., dict[str, Any]]:
    """The /ask API endpoint (Gradio names it after the function and documents its
    docstring and signature)."""

    def ask(question: str, history: list[list[str]] | None = None,
            k: int | None = None) -> dict[str, Any]:
        """Answer one question about the review, with citations (results format).

        history: earlier turns, oldest first, as [question, answer text] pairs.
        k: passages to retrieve (default from settings).
        """
        try:
            return service.api_answer(question, history, k)
        except (RequestError, QuestionError, IndexStageError) as exc:
            raise gr.Error(str(exc), print_exception=False) from exc

    # Gradio reads the endpoint's schema from the signature; resolve the postponed
    # annotations (``from __future__ import annotations``) into real types for it.
    ask.__signature__ = inspect.signature(ask, eval_str=True)  # type: ignore[attr-defined]
    return ask


class RefuseUnusedRoutes:
    """ASGI middleware refusing two Gradio routes the page never uses (403).

    ``/file=<http(s) URL>``: Gradio would fetch any public URL for any caller and stream it
    back, but the app makes no outside requests. ``/upload``: the page takes no files, so
    nobody may store files on the server (to have them served back from ``/file=``).
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "") if scope.get("type") == "http" else ""
        if re.search(r"/file[=/]+\s*https?:|/upload/?$", path, re.IGNORECASE):
            from starlette.responses import JSONResponse

            refused = JSONResponse({"detail": "Not served by this app."}, status_code=403)
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, send)


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """QA_AUTH "user:password" -> (user, password); None when unset."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("QA_AUTH must look like 'user:password'.")
    return user, password


def launch(demo: gr.Blocks, settings: Settings, *, share: bool = False,
           prevent_thread_lock: bool = False) -> None:
    """Serve the page on settings.host:settings.port (127.0.0.1 unless told otherwise)."""
    demo.launch(
        server_name=settings.host,
        server_port=settings.port,
        share=share,
        auth=parse_auth(settings.auth),
        auth_message="Log in to ask questions about the review." if settings.auth else None,
        theme=THEME,
        css=CSS,
        js=JS,
        head=HEAD,
        ssr_mode=False,
        footer_links=["api"],
        show_error=False,
        max_file_size="1mb",
        enable_monitoring=False,
        mcp_server=False,
        pwa=False,
        app_kwargs={"middleware": [Middleware(RefuseUnusedRoutes)]},
        prevent_thread_lock=prevent_thread_lock,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the cited question-answering chat.")
    parser.add_argument("--host", help="address to bind (default: QA_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default: QA_PORT or 7860)")
    parser.add_argument("--share", action="store_true",
                        help="also open a public Gradio share link (off by default)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = get_settings()
    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    settings = settings.model_copy(update=overrides)
    try:
        parse_auth(settings.auth)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Opening the index in {settings.index_dir} (built first if needed)...",
          file=sys.stderr, flush=True)
    try:
        assistant = Assistant(settings)
    except IndexStageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.share:
        print("warning: --share publishes this app on a public gradio.live URL.",
              file=sys.stderr)
    launch(build_app(assistant), settings, share=args.share)
    return 0


if __name__ == "__main__":
    sys.exit(main())
