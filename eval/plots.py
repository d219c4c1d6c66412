"""PNG plots of an eval run (matplotlib, Agg backend: no display needed).

accuracy_per_type.png, recall_at_k.png and latency.png, with one series per system
(the assistant, and the baseline when it ran).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eval.dataset import QUESTION_TYPES
from eval.metrics import RECALL_KS
from eval.scoring import SystemResult

PLOT_FILES = ("accuracy_per_type.png", "recall_at_k.png", "latency.png")
_COLORS = {"assistant": "#1f77b4", "baseline": "#ff7f0e"}


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_accuracy_per_type(systems: Sequence[SystemResult], path: Path) -> None:
    """Grouped bars: accuracy (with the word cap) per question type, one bar per system."""
    plt = _pyplot()
    named = [t for s in systems for t in s.scored.per_type if t not in QUESTION_TYPES]
    types = [t for t in [*QUESTION_TYPES, *dict.fromkeys(named)]
             if any(t in s.scored.per_type for s in systems)]
    width = 0.8 / max(len(systems), 1)
    fig, ax = plt.subplots(figsize=(9, 4))
    for i, s in enumerate(systems):
        values = [(s.scored.per_type.get(t, {}).get("accuracy") or 0.0) * 100 for t in types]
        xs = [x + (i - (len(systems) - 1) / 2) * width for x in range(len(types))]
        ax.bar(xs, values, width, label=s.name, color=_COLORS.get(s.name))
    ax.set_xticks(range(len(types)))
    ax.set_xticklabels(types, rotation=25, ha="right")
    ax.set_ylabel("accuracy (%)")
    ax.set_ylim(0, 100)
    ax.set_title("Answer accuracy per question type")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_recall(systems: Sequence[SystemResult], path: Path) -> None:
    """Evidence recall@k for k in RECALL_KS, one line per system."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5, 4))
    for s in systems:
        values = [(s.scored.overall.get(f"recall@{k}") or 0.0) * 100 for k in RECALL_KS]
        ax.plot(RECALL_KS, values, marker="o", label=s.name, color=_COLORS.get(s.name))
    ax.set_xticks(RECALL_KS)
    ax.set_xlabel("k")
    ax.set_ylabel("evidence recall@k (%)")
    ax.set_ylim(0, 100)
    ax.set_title("Gold evidence in the top k")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def latency_bins(values: Sequence[float], n: int = 30) -> tuple[list[float], bool]:
    """Bin edges shared by every series; log-spaced (and True) when the range spans 20x+."""
    import numpy as np

    lo, hi = max(min(values), 0.1), max(max(values), 0.2)
    if hi / lo >= 20:
        return list(np.geomspace(lo * 0.95, hi * 1.05, n + 1)), True
    return list(np.linspace(0.0, hi * 1.05, n + 1)), False


def plot_latency(systems: Sequence[SystemResult], path: Path) -> None:
    """Histogram of per-question latency (ms), one series per system, shared bins."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    series = [(s, [sc.latency_ms for sc in s.scored.scores]) for s in systems]
    everything = [v for _, values in series for v in values]
    if everything:
        bins, log = latency_bins(everything)
        for s, values in series:
            if values:
                ax.hist(values, bins=bins, alpha=0.6, label=s.name, color=_COLORS.get(s.name))
        if log:
            ax.set_xscale("log")
        ax.legend()
    ax.set_xlabel("latency per question (ms)")
    ax.set_ylabel("questions")
    ax.set_title("Latency")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_plots(out_dir: Path, systems: Sequence[SystemResult]) -> list[str]:
    """Write the three plots into out_dir; return their file names."""
    plot_accuracy_per_type(systems, out_dir / PLOT_FILES[0])
    plot_recall(systems, out_dir / PLOT_FILES[1])
    plot_latency(systems, out_dir / PLOT_FILES[2])
    return list(PLOT_FILES)
