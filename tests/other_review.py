"""Shared by the tests that answer another review than the bundled one (the second and
third reviews under tests/data): an assistant over it, and its gold questions' score."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.dataset import load_questions
from eval.results import record_from_json
from eval.runner import answer_one
from eval.scoring import score_question
from qa import Assistant
from settings import Settings


def review_assistant(tmp_path_factory: pytest.TempPathFactory, source: Path,
                     name: str) -> Iterator[Assistant]:
    """An assistant over `source` with its own index (for a module-scoped fixture)."""
    a = Assistant(Settings(index_dir=tmp_path_factory.mktemp(f"{name}-index"), source=source),
                  notify=lambda _msg: None)
    try:
        yield a
    finally:
        a.index.close()


def accuracy(assistant: Assistant, questions: Path) -> tuple[float, int]:
    """The share of the gold questions in `questions` answered right (as `eval run`
    scores them), and how many there are."""
    gold = load_questions(questions)
    scores = [score_question(q, record_from_json(answer_one(assistant, q))) for q in gold]
    return sum(s.correct for s in scores) / len(scores), len(scores)
