"""Gradio hardening of app.py: loopback by default, optional login, a server-side length
limit, a bounded queue, no file served beyond what the page needs, no outside fetches,
no upload, errors without tracebacks, and a Gradio newer than the known advisories.

Fast tests serve the real Blocks of app.py (``build_app`` + ``launch``) in-process with a
fake assistant; the slow ones probe the real ``python app.py`` over HTTP.
"""

from __future__ import annotations

import re
import threading
import time
import tomllib
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from app_server import ROOT, free_port, running_app, shared_index_dir
from test_app_wiring import FakeAssistant

import app
from settings import Settings

MIN_GRADIO = (6, 16)
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text)[:3])


def fetch(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, str, dict[str, str]]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(req, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8", "replace"), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace"), dict(err.headers)


class SlowFake(FakeAssistant):
    """The fake assistant, slowed down (to fill the queue) or failing (to see the error)."""

    delay_s = 0.0
    fail: Exception | None = None

    def ask(self, question: str, history: Any = None, k: int | None = None) -> Any:
        time.sleep(self.delay_s)
        if self.fail is not None:
            raise self.fail
        return super().ask(question, history, k)


@contextmanager
def served(assistant: FakeAssistant | None = None, **overrides: Any) -> Iterator[str]:
    """app.build_app + app.launch in this process, on a free port; yields the URL."""
    settings = Settings(port=free_port(), **overrides)
    assistant = assistant or SlowFake(settings)
    assistant.settings = settings  # build_app reads the assistant's settings
    demo = app.build_app(assistant)  # type: ignore[arg-type]
    app.launch(demo, settings, prevent_thread_lock=True)
    try:
        yield f"http://{settings.host}:{settings.port}/"
    finally:
        demo.close()


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on `port`, from /proc/net/tcp and tcp6."""
    found: set[str] = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, _, hexport = local.partition(":")
            if state == "0A" and int(hexport, 16) == port:
                found.add(addr)
    return found


# -- launch options ----------------------------------------------------------------------------


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The keyword arguments app.launch hands to Gradio (nothing is served)."""
    seen: dict[str, Any] = {}
    settings = Settings()
    demo = app.build_app(SlowFake(settings))  # type: ignore[arg-type]
    monkeypatch.setattr(demo, "launch", lambda **kw: seen.update(kw))
    app.launch(demo, settings)
    return seen


def test_binds_loopback_by_default_and_never_shares(launched: dict[str, Any]) -> None:
    assert Settings().host == "127.0.0.1"
    assert launched["server_name"] == "127.0.0.1" and launched["share"] is False


def test_launch_exposes_nothing_extra(launched: dict[str, Any]) -> None:
    assert launched["auth"] is None  # no login unless QA_AUTH is set
    assert launched["show_error"] is False  # no exception text to clients
    assert launched["mcp_server"] is False and launched["enable_monitoring"] is False
    assert launched["pwa"] is False and launched["ssr_mode"] is False
    assert not launched.get("allowed_paths") and not launched.get("blocked_paths")
    assert launched["max_file_size"] == "1mb"
    middleware = [m.cls for m in launched["app_kwargs"]["middleware"]]
    assert app.RefuseUnusedRoutes in middleware


def test_no_static_paths_are_registered() -> None:
    import gradio
    from gradio.data_classes import _StaticFiles

    app.build_app(SlowFake(Settings()))  # type: ignore[arg-type]
    own = Path(gradio.__file__).parent / "icons"
    # Only single icon files Gradio itself registers; no folder, nothing of the project's.
    for path in map(Path, _StaticFiles.all_paths):
        assert path.is_file() and path.is_relative_to(own), path
    for path in [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py"))]:
        text = path.read_text("utf-8")
        assert "set_static_paths" not in text and "allowed_paths" not in text, path


def test_share_needs_the_explicit_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(app, "Assistant", lambda *a, **k: SlowFake(Settings()))
    monkeypatch.setattr(app, "launch", lambda demo, settings, share=False, **k: seen.update(
        host=settings.host, share=share))
    assert app.main([]) == 0
    assert seen == {"host": "127.0.0.1", "share": False}


def test_pinned_gradio_is_past_the_known_advisories() -> None:
    import gradio

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    pins = [d for d in deps if re.match(r"gradio\s*[=<>~!]", d)]
    assert len(pins) == 1 and "==" in pins[0], pins
    assert _version(pins[0].split("==")[1]) >= MIN_GRADIO, pins[0]
    assert _version(gradio.__version__) >= MIN_GRADIO


def test_queue_size_and_concurrency_come_from_settings() -> None:
    demo = app.build_app(SlowFake(Settings(max_queue=3, concurrency_limit=2)))  # type: ignore[arg-type]
    assert demo._queue.max_size == 3
    ask = next(f for f in demo.fns.values() if f.name == "ask")
    assert ask.concurrency_limit == 2 and ask.concurrency_id == "answer"


# -- served in-process ----------------------------------------------------------------------------


def test_listens_on_loopback_only() -> None:
    with served() as url:
        port = int(url.rsplit(":", 1)[1].strip("/"))
        addrs = listening_addresses(port)
    if not addrs:
        pytest.skip("no /proc/net/tcp here")
    assert addrs == {"0100007F"}, addrs  # 127.0.0.1, not 0.0.0.0 or ::


def test_full_queue_refuses_instead_of_growing() -> None:
    """max_queue=1, one answer at a time, answers take a second: of five simultaneous
    clients, those that find the queue full are told so; none hangs."""
    from gradio_client import Client

    fake = SlowFake(Settings())
    fake.delay_s = 1.0
    outcomes: list[str] = []
    with served(fake, max_queue=1, concurrency_limit=1) as url:
        clients = [Client(url, verbose=False, download_files=False) for _ in range(5)]
        start = threading.Barrier(5)

        def one(client: Any) -> None:
            start.wait(timeout=60)
            try:
                client.predict("What does circPAK1 do?", [], 10, api_name="/ask")
                outcomes.append("answered")
            except Exception as exc:  # noqa: BLE001
                outcomes.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=one, args=(c,)) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert len(outcomes) == 5, "a client hung"
    full = [o for o in outcomes if "Queue is full" in o]
    assert full and "answered" in outcomes, outcomes
    assert all(o == "answered" or "Queue is full" in o for o in outcomes), outcomes


def test_length_limit_is_enforced_by_the_server() -> None:
    """The limit comes from the server's settings, whatever the client does."""
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    with served(max_question_chars=40) as url:
        client = Client(url, verbose=False, download_files=False)
        with pytest.raises(AppError, match="41 characters long; the limit is 40"):
            client.predict("circPAK1 " + "x" * 32, [], 10, api_name="/ask")
        assert client.predict("What does circPAK1 do?", [], 10, api_name="/ask")["citations"]


def test_unexpected_errors_reach_the_client_without_details() -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    fake = SlowFake(Settings())
    fake.fail = RuntimeError("secret detail /home/lab/.index")
    with served(fake) as url:
        with pytest.raises(AppError) as err:
            Client(url, verbose=False).predict("What does circPAK1 do?", api_name="/ask")
    assert "secret detail" not in str(err.value) and "Traceback" not in str(err.value)


def test_remote_urls_are_not_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Gradio's /file=<URL> would fetch a public URL for the caller; the app refuses it.
    (safehttpx is told the host is public, and a local server stands in for it.)"""
    import http.server

    import safehttpx

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"FETCHED-BY-THE-APP")

        def log_message(self, *_a: object) -> None:
            pass

    origin = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=origin.serve_forever, daemon=True).start()

    async def public(_host: str) -> str:
        return "127.0.0.1"

    monkeypatch.setattr(safehttpx, "async_validate_url", public)
    target = f"http://public.example.org:{origin.server_address[1]}/x"
    try:
        with served() as url:
            for route in ("gradio_api/file=", "gradio_api/file/"):
                status, body, _ = fetch(url + route + target)
                assert status == 403 and "FETCHED" not in body, (route, status, body)
    finally:
        origin.shutdown()


def test_uploads_are_refused() -> None:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
            f"filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
            f"--{boundary}--\r\n").encode()
    with served() as url:
        kind = f"multipart/form-data; boundary={boundary}"
        status, text, _ = fetch(url + "gradio_api/upload", data=body, method="POST",
                               headers={"Content-Type": kind})
    assert status == 403, text


def test_login_guards_the_api_and_the_files() -> None:
    with served(auth="lab:s3cret") as url:
        for path in ("gradio_api/info", "config", "gradio_api/file=/etc/passwd"):
            status, _, _ = fetch(url + path)
            assert status in (401, 403), (path, status)
        status, _, _ = fetch(url + "login", data=b"username=lab&password=wrong", method="POST",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status in (400, 401)
        status, _, headers = fetch(url + "login", data=b"username=lab&password=s3cret",
                                  method="POST",
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and "access-token" in headers.get("set-cookie", "")


# -- the real app over HTTP (slow) -------------------------------------------------------------


@pytest.fixture(scope="module")
def real_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    index_dir = shared_index_dir(tmp_path_factory)
    with running_app(index_dir, tmp_path_factory.mktemp("robust-gradio-app")) as url:
        yield url, index_dir


@pytest.mark.slow
def test_real_app_serves_no_file_beyond_the_page(real_app: tuple[str, Path]) -> None:
    url, index_dir = real_app
    passwd = Path("/etc/passwd").read_text(errors="replace")[:20] if Path(
        "/etc/passwd").exists() else "root:"
    secret_sources = [ROOT / "app.py", ROOT / "settings.py", ROOT / "pyproject.toml",
                      index_dir / "manifest.json", ROOT / "source" / "data" / "NOTICE"]
    paths = ["/etc/passwd", "/proc/self/environ", "../../../../etc/passwd",
             "%2Fetc%2Fpasswd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
             *[str(p) for p in secret_sources], str(index_dir),
             "http://example.org/", "https://example.org/x"]
    tried = []
    for p in paths:
        for route in ("gradio_api/file=", "file=", "gradio_api/file/"):
            status, body, _ = fetch(url + route + p)
            tried.append((route + p, status))
            assert status in (403, 404), (route + p, status)
            assert passwd not in body
            for src in secret_sources:
                if src.is_file():
                    assert src.read_text("utf-8", "replace")[:200] not in body
    for p in ("static/../../../etc/passwd", "assets/../../etc/passwd",
              "static/%2e%2e/%2e%2e/etc/passwd", "gradio_api/file=/etc/../etc/passwd"):
        req = urllib.request.Request(url + p)
        try:
            with OPENER.open(req, timeout=30) as resp:
                status, body = resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as err:
            status, body = err.code, ""
        assert status in (403, 404) or passwd not in body, (p, status)


@pytest.mark.slow
def test_real_app_answers_only_on_loopback_and_only_ask_is_public(
        real_app: tuple[str, Path]) -> None:
    url, _ = real_app
    port = int(url.rsplit(":", 1)[1].strip("/"))
    addrs = listening_addresses(port)
    assert addrs in (set(), {"0100007F"}), addrs
    status, body, _ = fetch(url + "gradio_api/info")
    assert status == 200
    import json

    info = json.loads(body)
    assert list(info["named_endpoints"]) == ["/ask"] and not info["unnamed_endpoints"]
