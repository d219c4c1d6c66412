"""``python -m eval load``: many concurrent users of the chat app's ``/ask`` API.

    python -m eval load --clients 20 --questions 200 [--url URL] [--from FILE]

Starts ``app.py`` on a free 127.0.0.1 port (or uses ``--url``), then runs ``--clients``
``gradio_client`` clients at once, each with its own session. Each client asks its own
questions from the gold set (none shared between clients) as conversations of two
turns: a question, then a follow-up ("What is its mechanism?") sent with that client's
own history. Every response is checked against what its client sent:

- ``question`` must echo the question the client sent;
- a first question must come back unchanged as ``standalone_question`` (no history);
- a follow-up's ``standalone_question`` may only add words from the client's own
  previous question and answer: words from another session's conversation mean the
  server mixed two sessions up.

It prints how many questions were answered, abstained, failed, lost (no response in
time) or mixed up, the latency percentiles, and exits 0 only when every question was
answered (or abstained) with no error, loss or mix-up. The run is bounded: each request
has ``--request-timeout`` seconds, the whole run ``--deadline`` seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eval.dataset import DEFAULT_QUESTIONS, load_questions
from eval.errors import positive_int
from eval.metrics import percentile
from index.lexical import WORD_RE

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
START_TIMEOUT_S = 600.0  # a first start builds the index (about 30 s on 2 cores)
FOLLOW_UPS = (
    "What is its mechanism?",
    "Which study reported it?",
    "What drug resistance is it linked to?",
    "How does it act in HCC?",
    "What does it target?",
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
OFFLINE_ENV = {  # what every started app (and test subprocess) runs with
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
}


# -- the plan: who asks what ------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One request a client will send: a first question, or a follow-up to the previous."""

    client: int
    seq: int  # position in the client's own sequence
    question: str
    follow_up: bool


def plan(questions: Sequence[str], clients: int, total: int) -> list[list[Turn]]:
    """Split ``total`` requests over ``clients``: conversations of a question and a follow-up.

    Client ``c`` takes gold questions c, c + clients, c + 2*clients, ... so no two clients
    share a question; follow-ups rotate through FOLLOW_UPS. Needs ``total / 2`` distinct
    questions (rounded up), else raises ValueError.
    """
    if clients < 1 or total < 1:
        raise ValueError("clients and questions must be at least 1")
    counts = [total // clients + (1 if c < total % clients else 0) for c in range(clients)]
    firsts = sum((n + 1) // 2 for n in counts)
    if firsts > len(questions):
        raise ValueError(f"{total} requests from {clients} clients need {firsts} distinct "
                         f"questions; the file has {len(questions)}")
    out: list[list[Turn]] = []
    for c, n in enumerate(counts):
        turns: list[Turn] = []
        k = 0  # this client's k-th conversation
        while len(turns) < n:
            q = questions[c + k * clients]
            turns.append(Turn(c, len(turns), q, False))
            if len(turns) < n:
                follow = FOLLOW_UPS[(c + k) % len(FOLLOW_UPS)]
                turns.append(Turn(c, len(turns), follow, True))
            k += 1
        out.append(turns)
    return out


# -- checking one response ----------------------------------------------------------------


def normalize(question: str) -> str:
    """What the server echoes for a question: control characters out, spaces collapsed."""
    return " ".join(_CONTROL_RE.sub(" ", question).split())


def words(text: str) -> set[str]:
    """Lower-cased words of ``text``; a hyphenated one also by each run of its parts
    ("lnc-fam72d-3" gives "fam72d-3"), and without a trailing '+' ("cd133+")."""
    out: set[str] = set()
    for w in WORD_RE.findall(text.lower()):
        parts = w.split("-")
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                run = "-".join(parts[i:j]).strip("+")
                if run:
                    out.add(run)
    return out


def _from(word: str, own: set[str]) -> bool:
    """``word`` is one of ``own``, up to a plural 's' (the engine names "exosome" for
    "exosomes")."""
    return word in own or word + "s" in own or word + "es" in own or (
        word.endswith("s") and word[:-1] in own)


def read_words(response: dict[str, Any]) -> set[str]:
    """Words the engine says it read the question's words as (its ``read_as`` list:
    "signalling" read as "signaling")."""
    out: set[str] = set()
    for reading in response.get("read_as") or []:
        if isinstance(reading, dict):
            out |= words(str(reading.get("read_as", "")))
    return out


def mixup_problem(turn: Turn, response: dict[str, Any],
                  history: Sequence[tuple[str, str]], prior_read: Iterable[str] = ()) -> str:
    """Why ``response`` does not belong to ``turn`` (sent with ``history``); '' when it does.

    A first question may come back only in its own words or the words the engine says
    it read them as; a follow-up may add words of the client's own earlier turns (and
    of their readings, ``prior_read``).
    """
    if response.get("question") != normalize(turn.question):
        return f"question echo {response.get('question')!r} != sent {turn.question!r}"
    standalone = str(response.get("standalone_question") or turn.question)
    own = words(turn.question) | read_words(response)
    if not turn.follow_up:
        if normalize(standalone) != normalize(turn.question) and _foreign(standalone, own):
            return (f"a first question came back rewritten as {standalone!r}: "
                    f"{_foreign(standalone, own)} are neither its words nor their readings")
        return ""
    own |= set(prior_read)
    for q, a in history:
        own |= words(q) | words(a)
    foreign = _foreign(standalone, own)
    if foreign:
        return (f"follow-up {turn.question!r} read as {standalone!r}: {foreign} come from no "
                "turn of this client's conversation")
    return ""


def _foreign(text: str, own: set[str]) -> list[str]:
    return sorted(w for w in words(text) if len(w) > 1 and not _from(w, own))


# -- results ------------------------------------------------------------------------------


@dataclass
class Record:
    """What happened to one request."""

    client: int
    seq: int
    question: str
    follow_up: bool
    status: str = "not asked"  # answered | abstained | error | lost | not asked
    latency_ms: float = 0.0
    server_ms: float = 0.0
    standalone: str = ""
    answer: str = ""
    rewritten: bool = False
    problem: str = ""


@dataclass
class Summary:
    url: str
    clients: int
    requested: int
    records: list[Record] = field(default_factory=list)
    wall_s: float = 0.0

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.records)

    @property
    def mixed_up(self) -> list[Record]:
        return [r for r in self.records if r.problem.startswith("MIXUP")]

    @property
    def ok(self) -> bool:
        done = self.count("answered") + self.count("abstained")
        return done == self.requested and not self.mixed_up

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "clients": self.clients, "requested": self.requested,
                "wall_s": round(self.wall_s, 3), "ok": self.ok,
                "overlap": round(self.overlap(), 3),
                "latency_ms": percentiles([r.latency_ms for r in self.done()]),
                "server_ms": percentiles([r.server_ms for r in self.done()]),
                "records": [asdict(r) for r in self.records]}

    def done(self) -> list[Record]:
        return [r for r in self.records if r.status in ("answered", "abstained")]

    def overlap(self) -> float:
        """Mean number of answers in the engine at once: sum of engine time / wall."""
        return sum(r.server_ms for r in self.done()) / 1000.0 / max(self.wall_s, 1e-9)


def percentiles(values: Sequence[float]) -> dict[str, float]:
    """p50, p95 (``eval.metrics.percentile``: linear between order statistics), max and
    mean; zeros when there is nothing."""
    if not values:
        return {"p50": 0.0, "p95": 0.0, "max": 0.0, "mean": 0.0}
    p50, p95 = percentile(values, 50), percentile(values, 95)
    assert p50 is not None and p95 is not None
    return {"p50": p50, "p95": p95, "max": max(values), "mean": statistics.fmean(values)}


def format_summary(summary: Summary) -> str:
    lat = percentiles([r.latency_ms for r in summary.done()])
    srv = percentiles([r.server_ms for r in summary.done()])
    follow = [r for r in summary.done() if r.follow_up]
    lines = [
        f"load: {summary.clients} clients, {summary.requested} questions "
        f"(question + follow-up conversations, one session per client) against {summary.url}",
        f"answered {summary.count('answered')}, abstained {summary.count('abstained')}, "
        f"errors {summary.count('error')}, lost {summary.count('lost')}, "
        f"not asked {summary.count('not asked')}, mixed up {len(summary.mixed_up)}",
        f"follow-ups read with their own conversation: "
        f"{sum(r.rewritten for r in follow)} of {len(follow)} rewritten, all words from "
        "the client's own turns" if not summary.mixed_up else
        f"follow-ups: {len(follow)}; MIX-UPS FOUND (below)",
        f"latency per question (client side): p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms, "
        f"max {lat['max']:.0f} ms, mean {lat['mean']:.0f} ms",
        f"engine time per question (server latency_ms): p50 {srv['p50']:.0f} ms, "
        f"p95 {srv['p95']:.0f} ms; answers in the engine at once, on average: "
        f"{summary.overlap():.2f} (their engine time / wall; at most 1 when they take turns)",
        f"wall {summary.wall_s:.1f} s, {len(summary.done()) / max(summary.wall_s, 1e-9):.2f} "
        "questions/s",
    ]
    bad = [r for r in summary.records if r.status not in ("answered", "abstained") or r.problem]
    for r in bad[:20]:
        lines.append(f"  client {r.client} #{r.seq} [{r.status}] {r.question[:60]!r}: "
                     f"{r.problem}")
    if len(bad) > 20:
        lines.append(f"  ... and {len(bad) - 20} more")
    lines.append("OK: every question answered, none lost or mixed up" if summary.ok
                 else "FAILED: see the lines above")
    return "\n".join(lines)


# -- running ------------------------------------------------------------------------------


def run_load(url: str, questions: Sequence[str], *, clients: int, total: int,
             request_timeout: float = 120.0, deadline_s: float = 900.0,
             auth: tuple[str, str] | None = None) -> Summary:
    """Send the planned requests through ``clients`` concurrent gradio_client clients."""
    from gradio_client import Client

    turns = plan(questions, clients, total)
    summary = Summary(url=url, clients=clients, requested=total)
    records = [[Record(t.client, t.seq, t.question, t.follow_up) for t in ts] for ts in turns]
    summary.records = [r for rs in records for r in rs]
    started = time.monotonic()
    stop_at = started + deadline_s
    start_line = threading.Barrier(clients)

    def worker(c: int) -> None:
        try:
            client = Client(url, auth=auth, verbose=False, download_files=False)
        except Exception as exc:  # noqa: BLE001 - reported per request, never raised
            for r in records[c]:
                r.status, r.problem = "error", f"could not connect: {exc}"
            _wait(start_line)
            return
        _wait(start_line)  # every client connected: start together
        history: list[tuple[str, str]] = []
        prior_read: set[str] = set()  # the words the previous answer read its question as
        for turn, rec in zip(turns[c], records[c], strict=True):
            if time.monotonic() > stop_at:
                rec.problem = "the run's deadline passed before it was asked"
                continue
            sent_history = history if turn.follow_up else []
            t0 = time.perf_counter()
            job = client.submit(turn.question, [list(h) for h in sent_history], 10,
                                api_name="/ask")
            try:
                out = job.result(timeout=min(request_timeout,
                                             max(1.0, stop_at - time.monotonic())))
            except TimeoutError:
                rec.status, rec.problem = "lost", f"no response in {request_timeout:.0f} s"
                job.cancel()
                history = []
                continue
            except Exception as exc:  # noqa: BLE001 - an AppError or a broken connection
                rec.status, rec.problem = "error", f"{type(exc).__name__}: {exc}"[:300]
                history = []
                continue
            rec.latency_ms = (time.perf_counter() - t0) * 1000.0
            if not isinstance(out, dict):
                rec.status, rec.problem = "error", f"unexpected response {out!r}"[:300]
                continue
            rec.status = "abstained" if out.get("abstained") else "answered"
            rec.server_ms = float(out.get("latency_ms") or 0.0)
            rec.standalone = str(out.get("standalone_question") or "")
            rec.answer = str(out.get("answer") or "")
            rec.rewritten = turn.follow_up and normalize(rec.standalone) != normalize(
                turn.question)
            problem = mixup_problem(turn, out, sent_history,
                                    prior_read if turn.follow_up else ())
            if problem:
                rec.problem = "MIXUP: " + problem
            history = [(str(out.get("question", "")), str(out.get("answer", "")))]
            prior_read = read_words(out)
        try:
            client.close()
        except Exception:  # noqa: BLE001, S110 - closing is best effort
            pass

    with ThreadPoolExecutor(max_workers=clients, thread_name_prefix="load-client") as pool:
        list(pool.map(worker, range(clients)))
    summary.wall_s = time.monotonic() - started
    return summary


def _wait(barrier: threading.Barrier) -> None:
    try:
        barrier.wait(timeout=120)
    except threading.BrokenBarrierError:
        pass


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def started_app(log_path: Path, start_timeout: float = START_TIMEOUT_S,
                extra_env: dict[str, str] | None = None,
                base_env: dict[str, str] | None = None) -> Iterator[str]:
    """``python app.py`` on a free 127.0.0.1 port until the block exits; yields its URL.

    The app reads the QA_* settings of ``base_env`` (default: this process's
    environment) plus ``extra_env``; its output goes to ``log_path``.
    """
    port = free_port()
    base = dict(os.environ) if base_env is None else base_env
    env = {**base, **OFFLINE_ENV, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    url = f"http://127.0.0.1:{port}/"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, str(APP), "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + start_timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"app.py exited with {proc.returncode}; see {log_path}")
                try:
                    with opener.open(url + "gradio_api/info", timeout=2):
                        break
                except urllib.error.HTTPError:
                    break  # it answers (401 behind a login): it is up
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"app.py did not start in {start_timeout:.0f} s; "
                                       f"see {log_path}")
                time.sleep(0.5)
            yield url
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=20)


# -- the command --------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--clients", type=positive_int, default=20,
                        help="concurrent gradio_client clients (default: %(default)s)")
    parser.add_argument("--questions", type=positive_int, default=200,
                        help="requests in all, follow-ups included (default: %(default)s)")
    parser.add_argument("--url", default=None,
                        help="a running app (default: start app.py on a free 127.0.0.1 port)")
    parser.add_argument("--from", dest="questions_file", default=str(DEFAULT_QUESTIONS),
                        help="gold questions to draw from (default: %(default)s)")
    parser.add_argument("--request-timeout", type=float, default=120.0,
                        help="seconds one request may take before it counts as lost")
    parser.add_argument("--deadline", type=float, default=900.0,
                        help="seconds the whole run may take (default: %(default)s)")
    parser.add_argument("--json", default=None, help="also write every record to this file")


def run_command(args: argparse.Namespace) -> int:
    # Answerable questions: a follow-up to an answer has something to refer back to.
    gold = [q.question for q in load_questions(args.questions_file) if q.type != "unanswerable"]
    auth = None
    if os.environ.get("QA_AUTH"):
        user, _, password = os.environ["QA_AUTH"].partition(":")
        auth = (user, password)
    try:
        plan(gold, args.clients, args.questions)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    kwargs = {"clients": args.clients, "total": args.questions,
              "request_timeout": args.request_timeout, "deadline_s": args.deadline,
              "auth": auth}
    if args.url:
        summary = run_load(args.url, gold, **kwargs)  # type: ignore[arg-type]
    else:
        log = ROOT / "eval" / "runs" / "load-app.log"
        print(f"starting app.py on 127.0.0.1 (log: {log}) ...", file=sys.stderr, flush=True)
        try:
            with started_app(log) as url:
                summary = run_load(url, gold, **kwargs)  # type: ignore[arg-type]
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    print(format_summary(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(summary.to_json(), indent=1), encoding="utf-8")
    return 0 if summary.ok else 1
