"""The benchmark's constants and its configuration (what ``python -m eval bench`` runs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "eval" / "bench" / "RESULTS.md"


def shown(path: str | Path) -> str:
    """A path as the results show it: relative to the project when inside it (no machine
    paths in the committed results)."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def without_root(text: str) -> str:
    """`text` with the project's absolute location taken out of every path in it."""
    return text.replace(str(ROOT) + "/", "")
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (100, 300)
QUICK_QUESTIONS = 8
SCALE_BATCH = 256  # vectors per Chroma add in the scale runs (they are precomputed)
NOISE = 0.01  # std of the Gaussian noise added to each synthetic vector, per dimension
SEED = 7
LATENCY_AIM_MS = 100.0
BUILD_AIM = 1.15
CHAIN_AIM = 3.0
CHILD_TIMEOUT_S = 1800
APP_TIMEOUT_S = 300
COLD_QUESTION = "Which exosomal circRNAs drive anti-PD1 resistance in HCC?"
SKIPPABLE = ("qa-cold", "app", "profile", "scale", "server", "threads")

@dataclass
class BenchConfig:
    out: Path = DEFAULT_OUT
    sizes: tuple[int, ...] = DEFAULT_SIZES
    quick: bool = False
    questions: Path | None = None
    limit: int | None = None
    repeat: int = 3
    seed: int = SEED
    noise: float = NOISE
    batch: int = SCALE_BATCH
    skip: frozenset[str] = frozenset()
    embed_sample: int = 256
    command: str = "python -m eval bench"
    child_timeout: float = CHILD_TIMEOUT_S
    results: dict[str, Any] = field(default_factory=dict)
