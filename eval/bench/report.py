"""RESULTS.md and results.json: what the benchmark printed, with its tables, its plots and
the machine it ran on."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.bench.config import BUILD_AIM, CHAIN_AIM, LATENCY_AIM_MS, ROOT
from eval.bench.measure import fmt


def write_results(res: dict[str, Any], out: Path) -> None:
    """RESULTS.md (machine, command, printed output, tables) and results.json beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [*_about(res), *_headline(res), *_scale(res), *_profile(res)]
    lines += ["## Printed output", "", "```", *res["console"], "```", ""]
    out.write_text("\n".join(lines), "utf-8")
    slim = {k: v for k, v in res.items() if k != "console"}
    (out.parent / "results.json").write_text(json.dumps(slim, indent=1, default=str), "utf-8")


def _about(res: dict[str, Any]) -> list[str]:
    """The command, the machine and how to read the figures."""
    m = res["machine"]
    return [
        "# Benchmark results",
        "",
        f"Command: `{res['command']}` (run from the project root, {res['started_at']}; "
        f"{res['total_s'] / 60:.1f} min).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores ({m['cores_usable']} usable), "
        f"{m['memory_total_mb'] / 1024:.1f} GiB RAM; load average (1/5/15 min) "
        f"{' / '.join(map(str, m['loadavg_start']))} at the start and "
        f"{' / '.join(map(str, m['loadavg_end']))} at the end; {m['platform']}, "
        f"Python {m['python']}, "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".",
        "",
        "Figures vary with the machine and with what else runs on it: other processes "
        "(tests, evals) may have shared these cores, as the load average shows. Latencies "
        "are wall-clock. Peak memory is the VmHWM (peak resident set) of each measured process, "
        "polled from /proc while it runs (a scale child reads its own at its end): "
        "`ru_maxrss` from `os.wait4`/`RUSAGE_CHILDREN` is not used because Linux carries the "
        "high-water mark of the forking parent (this ~900 MB benchmark) into every child's "
        "`ru_maxrss`; results.json keeps it as `ru_maxrss_mb` for reference.",
        "",
    ]


def _headline(res: dict[str, Any]) -> list[str]:
    """The headline table: build, latency, cold starts, the largest scale run."""
    lines: list[str] = []
    b = res.get("build")
    lat = res.get("latency")
    if not (b and lat):
        return lines
    d = lat["by_threads"][str(lat["chain_threads"])]
    lines += [
        "## Headline",
        "",
        "| figure | value | aim |",
        "|---|---|---|",
        f"| build the review's index ({b['passages']} passages) | {b['build_s']:.2f} s, "
        f"{b['build_per_s']:.1f} passages/s | |",
        f"| plain SentenceTransformer.encode of the same texts | {b['plain_s']:.2f} s, "
        f"{b['plain_per_s']:.1f} passages/s | |",
        f"| build / plain | {b['ratio']:.3f} (runs: plain "
        f"{', '.join(f'{x:.1f}' for x in b['plain_runs_s'])} s, build "
        f"{', '.join(f'{x:.1f}' for x in b['build_runs_s'])} s) | <= {BUILD_AIM} |",
        f"| build / the encoding inside it (store, BM25, files: "
        f"{b['outside_encode_s']:.2f} s) | {b['ratio_own_encoding']:.3f} | |",
        f"| warm Assistant.ask p50 / p95 (as configured: {lat['chain_threads']} torch "
        f"thread(s)) | "
        f"{d['chain']['p50']:.1f} / {d['chain']['p95']:.1f} ms | |",
        f"| floor p50 / p95 (embed + Chroma + BM25) | {d['floor']['p50']:.1f} / "
        f"{d['floor']['p95']:.1f} ms | |",
        f"| chain / floor, p50 / p95 | {d['ratio_p50']:.2f} / {d['ratio_p95']:.2f} | "
        f"<= {CHAIN_AIM} |",
    ]
    for t, other in lat["by_threads"].items():
        if t == str(lat["chain_threads"]):
            continue
        lines.append(f"| warm Assistant.ask p50 / p95, torch.set_num_threads({t}) | "
                     f"{other['chain']['p50']:.1f} / {other['chain']['p95']:.1f} ms; floor "
                     f"{other['floor']['p50']:.1f} / {other['floor']['p95']:.1f} ms (ratio "
                     f"{other['ratio_p50']:.2f} / {other['ratio_p95']:.2f}) | |")
    qa = res.get("cold_qa")
    if qa and qa["runs"]:
        best = min(qa["runs"], key=lambda r: r["seconds"])
        lines.append(f"| cold start, `{qa['command']}` | {best['seconds']:.2f} s "
                     f"(best of {len(qa['runs'])}), peak RSS {fmt(best['peak_mb'], 0)} MiB | |")
    app = res.get("cold_app") or {}
    if "first_answer_s" in app:
        lines.append(f"| cold start, `python app.py` to the first answer | "
                     f"{app['first_answer_s']:.2f} s (listening at "
                     f"{app['listening_s']:.2f} s), peak RSS {fmt(app['peak_mb'], 0)} MiB | |")
    elif app:
        why = app.get("skipped") or "failed: " + str(app.get("error", ""))[:200]
        lines.append(f"| cold start, `python app.py` | {why} | |")
    summ = res.get("scale_summary") or {}
    if summ.get("lines"):
        lines.append(f"| scale: {summ['lines'][0]} | | p50 <= {LATENCY_AIM_MS:.0f} ms |")
    lines += ["", f"Threads: {res.get('thread_advice', '')}", ""]
    return lines


def _scale(res: dict[str, Any]) -> list[str]:
    """The scale section: how the corpora were made, the table, the plots."""
    lines: list[str] = []
    if res.get("scale"):
        et = res["embed_throughput"]
        lines += [
            "## Scale",
            "",
            "Synthetic corpora: passages recombined from the review's sentences and Table 1 "
            f"rows (seed {res['config']['seed']}). **The vectors at scale are not the model's**: "
            "each is the normalised mean of the real all-MiniLM-L6-v2 vectors of the sentences "
            f"or rows it was built from, plus N(0, {res['config']['noise']}²) noise per "
            "dimension, so the store sees topic-clustered vectors like real ones. They measure "
            "the store (Chroma + BM25 + passages.json) and retrieval; embedding is measured "
            f"apart: the real model encodes {et['per_s']:.1f} synthetic passages/s here "
            f"({et['passages']} passages, {et['threads']} threads), and the *projected* column "
            "adds that encoding time to the measured store build. Each size and mode ran in "
            "its own process; the server mode used a fresh `chroma run` on 127.0.0.1 per size.",
            "",
            scale_table(res["scale"], et),
            "",
        ]
        lines += [f"- {s}" for s in res["scale_summary"]["lines"]]
        lines += [""]
        for p in res.get("plots", []):
            name = Path(p).name
            lines.append(f"![{name}]({name})")
        lines.append("")
    return lines


def _profile(res: dict[str, Any]) -> list[str]:
    """The profile section: top functions by own and by total time."""
    lines: list[str] = []
    prof = res.get("profile")
    if prof:
        lines += ["## Profile of the question path", "",
                  f"{prof['tool']}, {prof['seconds']:.2f} s over {prof['questions']} questions "
                  "(query cache cleared before each). Full tree: `profile.txt`.", "",
                  "| own time s | % | function |", "|---|---|---|"]
        lines += [f"| {s:.3f} | {100 * f:.1f} | `{n}` |" for s, f, n in prof["top_self"][:12]]
        lines += ["", "| total time s | % | project function |", "|---|---|---|"]
        lines += [f"| {s:.3f} | {100 * f:.1f} | `{n}` |"
                  for s, f, n in prof["top_total_project"][:12]]
        lines.append("")
    return lines


def rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _mb(nbytes: float) -> str:
    return f"{nbytes / 2**20:.1f}"


def scale_line(n: int, mode: str, r: dict[str, Any]) -> str:
    if "error" in r:
        return f"  {n:>7} {mode:<8}  FAILED: {r['error'][-600:]}"
    srv = ""
    if mode == "server":
        srv = f", server peak {fmt(r.get('server_peak_mb'), 0)} MiB"
    return (f"  {n:>7} {mode:<8} build {r['build_s']:7.1f} s ({r['build_per_s']:7.0f}/s), "
            f"disk {_mb(r['disk']['total'] + r.get('server_disk', 0))} MB, dense p50/p95 "
            f"{r['dense']['p50']:.1f}/{r['dense']['p95']:.1f} ms, BM25 "
            f"{r['lexical']['p50']:.1f}/{r['lexical']['p95']:.1f} ms, RSS peak "
            f"{r['maxrss_mb']:.0f} / serving {fmt(r.get('rss_serving_mb'), 0)} MiB{srv}")


def scale_table(rows: Sequence[dict[str, Any]], et: dict[str, Any]) -> str:
    """The scaling figures as a Markdown table (printed, and written to RESULTS.md)."""
    head = ("| passages | store | build s | build passages/s | projected build with the real "
            "model | index on disk MB | dense p50 / p95 ms | BM25 p50 / p95 ms | peak RSS MiB "
            "(client) | RSS serving MiB (client, index open) | server peak RSS "
            "MiB |")
    lines = [head, "|" + "---|" * 11]
    for row in rows:
        for mode in ("embedded", "server"):
            r = row.get(mode)
            if r is None:
                continue
            if "error" in r:
                lines.append(f"| {row['size']:,} | {mode} | failed | | | | | | | | |")
                continue
            projected = row["size"] / et["per_s"] + r["build_s"]
            disk = r["disk"]["total"] + r.get("server_disk", 0)
            server_rss = r.get("server_peak_mb")
            lines.append(
                f"| {row['size']:,} | {mode} | {r['build_s']:.1f} | {r['build_per_s']:,.0f} | "
                f"{_duration(projected)} | {_mb(disk)} | {r['dense']['p50']:.1f} / "
                f"{r['dense']['p95']:.1f} | {r['lexical']['p50']:.1f} / "
                f"{r['lexical']['p95']:.1f} | {r['maxrss_mb']:.0f} | "
                f"{fmt(r.get('rss_serving_mb'), 0)} | "
                f"{fmt(server_rss, 0) if mode == 'server' else ''} |")
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
