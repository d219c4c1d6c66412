"""eval/load.py: the plan, the mix-up detector (it must catch a server that crosses
sessions), and a smoke run of ``python -m eval load --clients 3 --questions 6`` (slow).

Two concurrent index builds: see tests/test_robust_index_faults.py
(test_cli_build_and_ask_fail_fast_while_another_build_runs) and tests/test_index_store.py
(test_second_build_fails_fast_while_lock_held, test_killed_build_is_detected_and_resumed).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from app_server import ROOT
from robust_support import build_shared_index, run_cli
from test_robust_gradio import SlowFake, served

from eval import metrics as m
from eval.load import (
    FOLLOW_UPS,
    Turn,
    format_summary,
    mixup_problem,
    percentiles,
    plan,
    run_load,
    words,
)
from qa.types import Answer
from settings import Settings

QUESTIONS = [f"What does circPAK{i} do?" for i in range(40)]


@pytest.mark.parametrize(("clients", "total"), [(20, 200), (3, 6), (3, 7), (4, 1), (1, 5)])
def test_plan_gives_each_client_its_own_questions(clients: int, total: int) -> None:
    many = [f"Which study reported circRNA-{i}?" for i in range(120)]
    turns = plan(many, clients, total)
    assert sum(len(t) for t in turns) == total and len(turns) == clients
    firsts = [t.question for ts in turns for t in ts if not t.follow_up]
    assert len(firsts) == len(set(firsts)), "two clients share a question"
    for ts in turns:
        assert [t.seq for t in ts] == list(range(len(ts)))
        assert all(t.follow_up == (i % 2 == 1) for i, t in enumerate(ts))
        assert all(t.question in FOLLOW_UPS for t in ts if t.follow_up)


def test_plan_refuses_too_few_questions() -> None:
    with pytest.raises(ValueError, match="need 100 distinct questions; the file has 40"):
        plan(QUESTIONS, 20, 200)


def test_words_cover_hyphenated_names() -> None:
    assert {"lnc-fam72d-3", "fam72d-3", "fam72d", "cd133"} <= words("lnc-FAM72D-3 and CD133+")


def test_mixup_detector() -> None:
    first = Turn(0, 0, "Which circRNA drives lenvatinib resistance?", False)
    follow = Turn(0, 1, "What is its mechanism?", True)
    history = [("Which circRNA drives lenvatinib resistance?", "circPAK1 drives it. [1]")]
    ok = {"question": follow.question, "standalone_question": "What is circPAK1's mechanism?"}
    assert mixup_problem(follow, ok, history) == ""
    crossed = {**ok, "standalone_question": "What is circUHRF1's mechanism?"}
    assert "circuhrf1" in mixup_problem(follow, crossed, history)
    other = {"question": "Which miRNA?", "standalone_question": "Which miRNA?"}
    assert "question echo" in mixup_problem(first, other, [])
    rewritten = {"question": first.question, "standalone_question": "Something else?"}
    assert "rewritten" in mixup_problem(first, rewritten, [])


def test_mixup_detector_accepts_the_engines_own_readings() -> None:
    """The engine reads "signalling" as the review's "signaling" and says so (read_as):
    that is no mix-up, for a first question or for the follow-up after it."""
    first = Turn(0, 0, "Which signalling cascade does it switch on?", False)
    read = {"question": first.question,
            "standalone_question": "Which signaling cascade does it switch on?",
            "read_as": [{"typed": "signalling", "read_as": "signaling", "how": "spelling"}]}
    assert mixup_problem(first, read, []) == ""
    unexplained = {key: value for key, value in read.items() if key != "read_as"}
    assert "rewritten" in mixup_problem(first, unexplained, [])
    follow = Turn(0, 1, "What is its mechanism?", True)
    history = [(first.question, "The MAPK/ERK cascade. [1]")]
    answer = {"question": follow.question,
              "standalone_question": "What is its signaling cascade mechanism?"}
    assert "signaling" in mixup_problem(follow, answer, history)
    assert mixup_problem(follow, answer, history, prior_read={"signaling"}) == ""


def test_percentiles_are_the_metrics_percentile() -> None:
    values = [float(x) for x in range(1, 101)]
    p = percentiles(values)
    assert (p["p50"], p["p95"], p["max"]) == (50.5, pytest.approx(95.05), 100.0)
    assert p["p95"] == m.percentile(values, 95)
    assert percentiles([])["p95"] == 0.0


class Crossing(SlowFake):
    """A broken server: every other answer belongs to the previous caller's question."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.lock = threading.Lock()
        self.last = ""

    def ask(self, question: str, history: Any = None, k: int | None = None) -> Answer:
        with self.lock:
            previous, self.last = self.last, question
            crossed = len(self.calls) % 2 == 1 and previous
        answer = super().ask(previous if crossed else question, history, k)
        return answer


def test_load_run_catches_a_server_that_crosses_sessions() -> None:
    with served(Crossing(Settings())) as url:
        summary = run_load(url, QUESTIONS, clients=3, total=6, deadline_s=120)
    assert summary.mixed_up and not summary.ok
    assert "FAILED" in format_summary(summary)


def test_load_run_against_a_sound_server() -> None:
    with served() as url:
        summary = run_load(url, QUESTIONS, clients=4, total=12, deadline_s=120)
    assert summary.ok, format_summary(summary)
    assert summary.count("answered") + summary.count("abstained") == 12


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_eval_load_smoke(tmp_path_factory: pytest.TempPathFactory, tmp_path: Any) -> None:
    """The command as a user runs it: it starts app.py itself (on the shared index)."""
    index_dir = build_shared_index(tmp_path_factory)
    out = tmp_path / "load.json"
    proc = run_cli(["load", "--clients", "3", "--questions", "6", "--deadline", "600",
                    "--json", str(out)], index_dir, module="eval", timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "OK: every question answered, none lost or mixed up" in proc.stdout
    assert "answered" in proc.stdout and "p50" in proc.stdout and "p95" in proc.stdout
    assert "Traceback" not in proc.stderr
    import json

    data = json.loads(out.read_text())
    assert data["ok"] and len(data["records"]) == 6
    assert all(r["status"] in ("answered", "abstained") for r in data["records"])
    assert (ROOT / "eval" / "runs" / "load-app.log").exists()


def test_a_first_question_read_in_the_reviews_spelling_is_no_mixup() -> None:
    from eval.load import mixup_problem

    turn = Turn(client=0, seq=0, question="does regorafinib matter", follow_up=False)
    echo = {"question": "does regorafinib matter",
            "standalone_question": "does regorafenib matter",
            "read_as": [{"typed": "regorafinib", "read_as": "regorafenib", "how": "spelling"}]}
    assert mixup_problem(turn, echo, []) == ""
    foreign = {**echo, "standalone_question": "does sorafenib matter"}
    assert "rewritten" in mixup_problem(turn, foreign, [])
