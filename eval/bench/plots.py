"""The scale runs' log-log PNGs: build, disk, query latency and memory against corpus size."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eval.bench.config import LATENCY_AIM_MS

Rows = Sequence[dict[str, Any]]
Getter = Callable[[dict[str, Any]], float]


def plot_scale(rows: Rows, et: dict[str, Any], out_dir: Path) -> list[Path]:
    """Log-log PNGs of build, disk, query latency and memory against corpus size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files: list[Path] = []
    for name, draw, size, ncols in (("scale-build.png", _build, (11, 4), 2),
                                    ("scale-disk.png", _disk, (6, 4), 1),
                                    ("scale-query.png", _query, (6.5, 4), 1),
                                    ("scale-memory.png", _memory, (6.5, 4), 1)):
        fig, axes = plt.subplots(1, ncols, figsize=size, squeeze=False)
        ax_list = list(axes[0])
        draw(ax_list, rows, et)
        for ax in ax_list:
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("passages")
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=8)
        fig.tight_layout()
        path = out_dir / name
        fig.savefig(path, dpi=110)
        plt.close(fig)
        files.append(path)
    return files


def series(rows: Rows, mode: str, get: Getter) -> tuple[list[int], list[float]]:
    """(sizes, values) of the rows where ``mode`` ran without error."""
    xs, ys = [], []
    for row in rows:
        r = row.get(mode)
        if r and "error" not in r:
            xs.append(row["size"])
            ys.append(get(r))
    return xs, ys


def _build(axes: list[Any], rows: Rows, et: dict[str, Any]) -> None:
    a1, a2 = axes
    for mode, style in (("embedded", "o-"), ("server", "s--")):
        xs, ys = series(rows, mode, lambda r: r["build_s"])
        if xs:
            a1.plot(xs, ys, style, label=f"store build, precomputed vectors ({mode})")
        xs, ys = series(rows, mode, lambda r: r["build_per_s"])
        if xs:
            a2.plot(xs, ys, style, label=f"precomputed vectors ({mode})")
    xs, ys = series(rows, "embedded", lambda r: r["build_s"])
    if xs:
        a1.plot(xs, [x / et["per_s"] + y for x, y in zip(xs, ys, strict=True)], "k:",
                label=f"projected with the real model ({et['per_s']:.0f}/s)")
        a2.plot(xs, [et["per_s"]] * len(xs), "k:", label="real model encoding (measured)")
    a1.set_ylabel("build seconds")
    a1.set_title("Index build time")
    a2.set_ylabel("passages / s")
    a2.set_title("Build throughput")


def _disk(axes: list[Any], rows: Rows, et: dict[str, Any]) -> None:
    (ax,) = axes
    for label, get in (("total (embedded)", lambda r: r["disk"]["total"]),
                       ("chroma/", lambda r: r["disk"]["chroma"]),
                       ("bm25/", lambda r: r["disk"]["bm25"]),
                       ("passages.json", lambda r: r["disk"]["passages"])):
        xs, ys = series(rows, "embedded", get)
        if xs:
            ax.plot(xs, [y / 2**20 for y in ys], "o-", label=label)
    xs, ys = series(rows, "server", lambda r: r.get("server_disk", 0))
    if xs and any(ys):
        ax.plot(xs, [y / 2**20 for y in ys], "s--", label="chroma server data dir")
    ax.set_ylabel("MB on disk")
    ax.set_title("Index size on disk")


def _getter(kind: str, q: str) -> Getter:
    return lambda r: float(r[kind][q])


def _query(axes: list[Any], rows: Rows, et: dict[str, Any]) -> None:
    (ax,) = axes
    for mode, kind, style in (("embedded", "dense", "o-"), ("server", "dense", "s--"),
                              ("embedded", "lexical", "^-")):
        for q, alpha in (("p50", 1.0), ("p95", 0.5)):
            xs, ys = series(rows, mode, _getter(kind, q))
            name = "BM25" if kind == "lexical" else f"Chroma ({mode})"
            if xs:
                ax.plot(xs, ys, style, alpha=alpha, label=f"{name} {q}")
    ax.axhline(LATENCY_AIM_MS, color="red", lw=0.8, ls=":", label="aim: p50 100 ms")
    ax.set_ylabel("ms per query")
    ax.set_title("Query latency")


def _memory(axes: list[Any], rows: Rows, et: dict[str, Any]) -> None:
    (ax,) = axes
    for mode, label, get, style in (
        ("embedded", "peak RSS, embedded store", lambda r: r["maxrss_mb"], "o-"),
        ("embedded", "peak above import baseline",
         lambda r: r["maxrss_mb"] - r["rss_baseline_mb"], "o:"),
        ("embedded", "serving (index open), embedded", lambda r: r["rss_serving_mb"], "v-"),
        ("server", "peak RSS, client (server mode)", lambda r: r["maxrss_mb"], "s--"),
        ("server", "peak RSS, chroma server",
         lambda r: r.get("server_peak_mb", math.nan), "d--"),
    ):
        xs, ys = series(rows, mode, get)
        if xs:
            ax.plot(xs, ys, style, label=label)
    xs, ys = series(rows, "embedded", lambda r: r["maxrss_mb"] - r["rss_baseline_mb"])
    if xs and ys[-1] > 0:
        ax.plot(xs, [ys[-1] * x / xs[-1] for x in xs], "k:", lw=0.8, label="linear reference")
    ax.set_ylabel("MiB")
    ax.set_title("Peak resident memory")
