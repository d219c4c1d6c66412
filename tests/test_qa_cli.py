"""`python -m qa ask` refuses bad questions with a message and a non-zero exit, no
traceback, before loading any model or index (so these run fast, without the slow mark)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from robust_support import run_cli

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not (ROOT / "qa" / "__main__.py").is_file(), reason="qa/__main__.py (the qa CLI) does not exist"
)


def _qa_cli(*args: str, index_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(list(args), index_dir, timeout=120)


@pytest.mark.parametrize("question", ["", "   ", "\t\n"])
def test_cli_empty_question_exits_non_zero_with_a_message(tmp_path: Path, question: str) -> None:
    proc = _qa_cli("ask", question, "--json", index_dir=tmp_path / "index")
    assert proc.returncode != 0
    assert "Please type a question" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert not (tmp_path / "index").exists()  # refused before building anything


def test_cli_too_long_question_says_the_limit(tmp_path: Path) -> None:
    proc = _qa_cli("ask", "a" * 2001, index_dir=tmp_path / "index")
    assert proc.returncode != 0
    assert "2,000" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_without_a_command_shows_usage(tmp_path: Path) -> None:
    proc = _qa_cli(index_dir=tmp_path / "index")
    assert proc.returncode != 0 and "usage" in proc.stderr.lower()
    assert "Traceback" not in proc.stderr
