"""The benchmark's run: every stage in order, printed as it goes, then RESULTS.md; and
the command line of ``python -m eval bench``."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.build import bench_build
from eval.bench.cold import cold_app, cold_qa_ask
from eval.bench.config import (
    BUILD_AIM,
    CHAIN_AIM,
    DEFAULT_OUT,
    DEFAULT_SIZES,
    QUICK_QUESTIONS,
    QUICK_SIZES,
    SEED,
    SKIPPABLE,
    BenchConfig,
    shown,
)
from eval.bench.latency import bench_latency, thread_advice
from eval.bench.measure import (
    Console,
    fmt,
    load_note,
    load_questions,
    loadavg,
    machine_info,
    set_threads,
    torch_threads,
)
from eval.bench.plots import plot_scale
from eval.bench.procs import proc_status_mb
from eval.bench.profiling import profile_questions
from eval.bench.report import rel, scale_line, scale_table, write_results
from eval.bench.scale import (
    ChromaServer,
    cleanup_size,
    embed_throughput,
    run_scale_child,
    scale_server,
    scale_summary,
)
from eval.bench.synthetic import Unit, units_from_sentences
from eval.load import OFFLINE_ENV


def run_bench(cfg: BenchConfig) -> dict[str, Any]:
    """Run every stage, print as it goes, write RESULTS.md and the rest; the results."""
    from index.embeddings import SentenceTransformerEmbeddings
    from index.store import Corpus
    from settings import Settings, get_settings

    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    say = Console()
    started = time.perf_counter()
    res: dict[str, Any] = cfg.results
    _start(cfg, res, say)
    questions = load_questions(cfg.questions)
    if cfg.limit:
        questions = questions[: cfg.limit]
    with tempfile.TemporaryDirectory(prefix="eval-bench-") as tmp_name:
        tmp = Path(tmp_name)
        base_settings = get_settings()
        settings = Settings(**{**base_settings.model_dump(), "index_dir": tmp / "review-index",
                               "chroma_url": None})
        corpus = Corpus.from_source(settings)
        emb = SentenceTransformerEmbeddings(settings.model_path,
                                            batch_size=settings.embed_batch_size)
        run = _Run(cfg, res, say, questions, tmp, settings, corpus, emb)
        run.build()
        assistant = run.latency()
        if "profile" not in cfg.skip:
            run.profile(assistant)
        inputs = run.scale_inputs(assistant)
        del assistant
        run.cold()
        if "scale" not in cfg.skip and cfg.sizes:
            run.scale(inputs)
    res["machine"]["loadavg_end"] = [round(x, 2) for x in loadavg()]
    res["total_s"] = time.perf_counter() - started
    say(f"\ndone in {res['total_s'] / 60:.1f} min; {load_note()}; wrote {rel(cfg.out)}")
    res["console"] = say.lines
    write_results(res, cfg.out)
    return res


def _start(cfg: BenchConfig, res: dict[str, Any], say: Console) -> None:
    """The run's command, time, machine and configuration: recorded and printed."""
    res["command"] = cfg.command
    res["started_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    res["machine"] = machine_info()
    res["config"] = {"sizes": list(cfg.sizes), "quick": cfg.quick, "repeat": cfg.repeat,
                     "seed": cfg.seed, "noise": cfg.noise, "scale_batch": cfg.batch,
                     "skip": sorted(cfg.skip)}
    out_dir = cfg.out.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    m = res["machine"]
    say(f"eval bench: {m['cores']} cores ({m['cores_usable']} usable), "
        f"{m['memory_total_mb'] / 1024:.1f} GiB RAM ({m['memory_available_mb'] / 1024:.1f} "
        f"free), {load_note()}")
    say(f"  {m['cpu']}; python {m['python']}, torch {m['versions']['torch']}, "
        f"chromadb {m['versions']['chromadb']}")
    say(f"  command: {cfg.command}")


@dataclass
class _ScaleInputs:
    """What the scale runs take from the review: its units with their real vectors."""

    units: list[Unit]
    unit_vectors: np.ndarray
    question_vectors: np.ndarray
    row_share: float


@dataclass
class _Run:
    """One benchmark run's state, shared by its stages (each prints and records)."""

    cfg: BenchConfig
    res: dict[str, Any]
    say: Console
    questions: list[str]
    tmp: Path
    settings: Any
    corpus: Any
    emb: Any

    @property
    def out_dir(self) -> Path:
        return self.cfg.out.parent

    def build(self) -> None:
        """1. building the review's index."""
        cfg, res, say, emb = self.cfg, self.res, self.say, self.emb
        settings, corpus = self.settings, self.corpus
        say.stage("1. building the review's index (real model, embedded Chroma)")
        b = res["build"] = bench_build(settings, corpus, emb, cfg.repeat)
        res["torch_threads_default"] = torch_threads()
        say(f"  {b['passages']} passages, model {emb.identity}, batch "
            f"{b['batch_size']}, torch threads {res['torch_threads_default']}, "
            f"best of {cfg.repeat}")
        say(f"  model load:           {b['model_load_s'] * 1000:8.0f} ms (once per process)")
        say(f"  plain encode:         {b['plain_s']:8.2f} s   {b['plain_per_s']:6.1f} passages/s"
            "   (SentenceTransformer.encode defaults: batch 32)")
        say(f"  index build:          {b['build_s']:8.2f} s   {b['build_per_s']:6.1f} passages/s")
        say(f"  build / plain ratio:  {b['ratio']:8.3f}     (aim <= {BUILD_AIM})"
            + ("" if b["ratio"] <= BUILD_AIM else "   ABOVE AIM"))
        say(f"  runs (s):             plain {', '.join(f'{x:.2f}' for x in b['plain_runs_s'])};"
            f" build {', '.join(f'{x:.2f}' for x in b['build_runs_s'])}")
        say(f"  inside the best build: encoding {b['encode_in_build_s']:.2f} s (batches of "
            f"{b['batch_size']}), everything else (Chroma, BM25, files) "
            f"{b['outside_encode_s']:.2f} s")
        say(f"  build / its own encoding: {b['ratio_own_encoding']:.3f} (the pipeline's overhead, "
            "timed within one build, so load hits both sides alike)")
        say(f"  no-change rebuild:    {b['nochange_s'] * 1000:8.0f} ms")

    def latency(self) -> Any:
        """2. warm question latency; the loaded assistant (for the profile)."""
        cfg, res, say, questions = self.cfg, self.res, self.say, self.questions
        settings = self.settings
        say.stage("2. warm question latency: Assistant.ask vs the floor")
        from qa import Assistant

        t0 = time.perf_counter()
        assistant = Assistant(settings)
        res["assistant_init_s"] = time.perf_counter() - t0
        chain_threads = torch_threads()  # what the assistant set (QA_QUERY_THREADS)
        torch_default = res["torch_threads_default"]
        threads = [chain_threads]
        if "threads" not in cfg.skip:
            threads += [t for t in (torch_default, 1) if t not in threads]
        lat = res["latency"] = bench_latency(assistant, questions, threads, torch_default)
        say(f"  {lat['questions']} questions ({cfg.questions or 'eval/questions.jsonl'}), "
            f"k={lat['k']}, retrieval depth {lat['depth']}; query cache cleared before each; "
            f"Assistant() took {res['assistant_init_s']:.1f} s in-process")
        say(f"  floor = embed the query + one Chroma query ({lat['depth']}) + one BM25 query "
            f"({lat['depth']})")
        say(f"  warm-up pass p50/p95:  {fmt(lat['warmup']['p50'])} / "
            f"{fmt(lat['warmup']['p95'])} ms")
        say("  torch threads   chain p50 / p95 ms    floor p50 / p95 ms    ratio p50 / p95")
        for t in threads:
            r = lat["by_threads"][str(t)]
            label = f"{t}" + (" (the chain's)" if t == chain_threads else
                              " (torch's)" if t == torch_default else "")
            say(f"  {label:<14} {fmt(r['chain']['p50']):>9} / {fmt(r['chain']['p95']):<9}"
                f" {fmt(r['floor']['p50']):>9} / {fmt(r['floor']['p95']):<9}"
                f"  {fmt(r['ratio_p50'], 2):>6} / {fmt(r['ratio_p95'], 2):<6}"
                + ("" if r["ratio_p50"] <= CHAIN_AIM else "  ABOVE AIM (3)"))
        for t in threads:
            ph = lat["by_threads"][str(t)]["phases_mean_ms"]
            say(f"  chain phases at {t} thread(s), mean ms: " + ", ".join(
                f"{k.removesuffix('_ms')} {v:.1f}" for k, v in ph.items()))
        res["thread_advice"] = thread_advice(lat)
        say(f"  threads: {res['thread_advice']}")
        return assistant

    def profile(self, assistant: Any) -> None:
        """6. profile of the question path (while the assistant is loaded)."""
        res, say, questions, out_dir = self.res, self.say, self.questions, self.out_dir
        say.stage("6. profile of the question path")
        prof = res["profile"] = profile_questions(assistant, questions, out_dir)
        say(f"  {prof['tool']}: {len(questions)} questions, {prof['seconds']:.2f} s wall, "
            f"{fmt(prof.get('cpu_seconds'), 2)} s CPU (the rest waited for a core), torch "
            f"threads {prof.get('threads', '-')}; full tree in {rel(Path(prof['file']))}")
        say("  top by own time:")
        for s, frac, name in prof["top_self"][:10]:
            say(f"    {s:7.3f} s {100 * frac:5.1f}%  {name}")
        say("  project functions by total time:")
        for s, frac, name in prof["top_total_project"][:10]:
            say(f"    {s:7.3f} s {100 * frac:5.1f}%  {name}")

    def scale_inputs(self, assistant: Any) -> _ScaleInputs:
        """The review's sentences with their real vectors; then the assistant is closed."""
        from index.embeddings import encode_texts

        units, unit_vectors = units_from_sentences(assistant.index.passages,
                                                   assistant.sentences)
        question_vectors = encode_texts(self.emb, self.questions)
        passages = self.corpus.passages
        row_share = sum(p.kind == "table_row" for p in passages) / max(1, len(passages))
        self.res["bench_process_peak_mb"] = proc_status_mb(os.getpid(), "VmHWM")
        assistant.index.close()
        return _ScaleInputs(units, unit_vectors, question_vectors, row_share)

    def cold(self) -> None:
        """3. cold start to the first answer, in fresh processes."""
        cfg, res, say, tmp, settings = self.cfg, self.res, self.say, self.tmp, self.settings
        say.stage("3. cold start to the first answer (fresh processes, index already built)")
        cold_index = tmp / "cold-index"  # a copy: no process shares the bench's Chroma files
        shutil.copytree(settings.index_dir, cold_index, ignore=shutil.ignore_patterns(
            ".build.lock"))
        if "qa-cold" not in cfg.skip:
            qa = res["cold_qa"] = cold_qa_ask(cold_index, tmp / "cold", runs=1 if cfg.quick
                                              else 2)
            if qa.get("note"):
                say(f"  note: {qa['note']}")
            for i, r in enumerate(qa["runs"], start=1):
                status = "" if r["returncode"] == 0 else f"  FAILED (exit {r['returncode']})"
                say(f"  {qa['command'][:32]}... run {i}: {r['seconds']:6.2f} s to the answer "
                    f"(answering itself {fmt(r['answer_ms'], 0)} ms), peak RSS "
                    f"{fmt(r['peak_mb'], 0)} MiB{status}")
        if "app" not in cfg.skip:
            try:
                app = res["cold_app"] = cold_app(cold_index, tmp / "cold")
            except Exception as exc:  # noqa: BLE001 - reported, the rest still runs
                app = res["cold_app"] = {"error": str(exc)[-800:]}
            if "skipped" in app:
                say(f"  app: skipped ({app['skipped']})")
            elif "error" in app:
                say(f"  app: FAILED: {app['error']}")
            else:
                say(f"  python app.py: listening after {app['listening_s']:.2f} s, first answer "
                    f"(gradio_client /ask) after {app['first_answer_s']:.2f} s, a second "
                    f"answer {app['warm_answer_ms']:.0f} ms; peak RSS {fmt(app['peak_mb'], 0)} MiB")
        else:
            res["cold_app"] = {"skipped": "--skip app" if not cfg.quick else "--quick"}
            say(f"  app: skipped ({res['cold_app']['skipped']})")
        say(f"  this bench process (model + assistant in-process): peak RSS "
            f"{res['bench_process_peak_mb']:.0f} MiB")

    def scale(self, inputs: _ScaleInputs) -> None:
        """4./5. scale: synthetic corpora, each size in its own process."""
        cfg, res, say, tmp, emb = self.cfg, self.res, self.say, self.tmp, self.emb
        questions, out_dir, lat = self.questions, self.out_dir, self.res["latency"]
        units, unit_vectors = inputs.units, inputs.unit_vectors
        question_vectors, row_share = inputs.question_vectors, inputs.row_share
        say.stage("4./5. scale: synthetic corpora, precomputed vectors, each size in its "
                  "own process")
        base_path = tmp / "base.json"
        vec_path = tmp / "base-vectors.npz"
        base_path.write_text(json.dumps({
            "units": [u.to_json() for u in units], "questions": questions,
            "row_share": row_share}), "utf-8")
        np.savez(vec_path, units=unit_vectors, questions=question_vectors)
        n_sent = sum(u.kind == "sentence" for u in units)
        say(f"  corpus: passages recombined from the review's {n_sent} "
            f"sentences and {len(units) - n_sent} table rows (seed "
            f"{cfg.seed}; {100 * row_share:.0f}% table rows, 2-5 sentences per paragraph)")
        say(f"  vectors: NOT the model's - each is the mean of the real MiniLM vectors of "
            f"the sentences/rows it was built from, + N(0, {cfg.noise}^2) noise per "
            f"dimension, normalised; Chroma adds in batches of {cfg.batch}")
        say(f"  queries: the {len(questions)} questions (dense: their real vectors; "
            f"lexical: their text), k={lat['depth']} like the chain's depth; "
            f"at least 100 timed each")
        emb_sample = min(cfg.embed_sample, 16 if cfg.quick else cfg.embed_sample)
        set_threads(res["torch_threads_default"])  # as a build runs (the assistant set 1)
        et = res["embed_throughput"] = embed_throughput(emb, units, emb_sample, cfg.seed,
                                                       row_share)
        say(f"  real-model embedding, measured apart: {et['passages']} synthetic passages "
            f"in {et['seconds']:.1f} s = {et['per_s']:.1f} passages/s "
            f"({et['threads']} threads, batch {et['batch_size']})")
        rows = res["scale"] = []
        server_ok = "server" not in cfg.skip and ChromaServer.cli() is not None
        if "server" not in cfg.skip and not server_ok:
            say("  chroma server: skipped (the `chroma` CLI is not installed)")
        for n in cfg.sizes:
            spec = {"size": n, "work": str(tmp / "scale"), "base": str(base_path),
                    "vectors": str(vec_path), "seed": cfg.seed, "noise": cfg.noise,
                    "batch": cfg.batch, "k": lat["depth"], "min_queries": 100}
            (tmp / "scale").mkdir(exist_ok=True)
            row: dict[str, Any] = {"size": n}
            row["embedded"] = run_scale_child({**spec, "mode": "embedded"}, tmp / "scale",
                                              cfg.child_timeout)
            say(scale_line(n, "embedded", row["embedded"]))
            if server_ok:
                row["server"] = scale_server(spec, tmp / "scale", cfg.child_timeout)
                say(scale_line(n, "server", row["server"]))
            rows.append(row)
            cleanup_size(tmp / "scale", n)
        say("")
        for line in scale_table(rows, et).splitlines():
            say("  " + line)
        res["scale_summary"] = scale_summary(rows)
        for line in res["scale_summary"]["lines"]:
            say(f"  {line}")
        res["plots"] = [shown(p) for p in plot_scale(rows, et, out_dir)]
        say("  plots: " + ", ".join(rel(Path(p)) for p in res["plots"]))


# -- command line -----------------------------------------------------------------------------


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s.replace("_", "")) for s in text.split(",") if s.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 1000,10000, got {text!r}") from None
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError("each size must be at least 10")
    return tuple(sorted(set(sizes)))


def _skips(text: str) -> frozenset[str]:
    items = frozenset(s.strip() for s in text.split(",") if s.strip())
    bad = items - set(SKIPPABLE)
    if bad:
        raise argparse.ArgumentTypeError(
            f"unknown stage(s) {', '.join(sorted(bad))}; choose from {', '.join(SKIPPABLE)}")
    return items


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of ``python -m eval bench``."""
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke-test sizes ({','.join(map(str, QUICK_SIZES))}), "
                        f"{QUICK_QUESTIONS} questions, one repeat, no app start")
    parser.add_argument("--sizes", type=_sizes, default=None,
                        help="synthetic corpus sizes (default: "
                        f"{','.join(map(str, DEFAULT_SIZES))}; --quick: "
                        f"{','.join(map(str, QUICK_SIZES))})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="RESULTS.md to write; plots, results.json and profile.txt go "
                        "beside it (default: %(default)s)")
    parser.add_argument("--questions", type=Path, default=None,
                        help="JSONL with 'question' fields (default: eval/questions.jsonl)")
    parser.add_argument("--limit", type=int, default=None, help="use the first N questions")
    parser.add_argument("--repeat", type=int, default=None,
                        help="builds of the review's index; the best is kept (default 3)")
    parser.add_argument("--seed", type=int, default=SEED, help="synthetic corpus seed")
    parser.add_argument("--skip", type=_skips, default=frozenset(),
                        help=f"stages to leave out, comma-separated: {', '.join(SKIPPABLE)}")
    parser.add_argument("--index-only", action="store_true",
                        help="only the index stage (build vs plain encode on the wall and CPU "
                        "clocks, no-change rebuild, query latencies); prints, writes nothing")


def run_command(args: argparse.Namespace) -> int:
    """``python -m eval bench``: exit 0 when every stage ran."""
    quick = bool(args.quick)
    skip = set(args.skip)
    if quick:
        skip.add("app")
    if args.limit is not None and args.limit < 1:
        print("error: --limit must be at least 1", file=sys.stderr)
        return 2
    if args.questions is not None and not args.questions.is_file():
        print(f"error: no questions file {args.questions}", file=sys.stderr)
        return 2
    if getattr(args, "index_only", False):
        from eval.bench.index_stage import run_index_bench

        return run_index_bench(repeat=args.repeat or 2, questions=args.questions)
    cfg = BenchConfig(
        out=args.out.resolve(),
        sizes=args.sizes or (QUICK_SIZES if quick else DEFAULT_SIZES),
        quick=quick,
        questions=args.questions,
        limit=args.limit or (QUICK_QUESTIONS if quick else None),
        repeat=args.repeat or (1 if quick else 3),
        seed=args.seed,
        skip=frozenset(skip),
        command="python -m eval " + shlex.join(sys.argv[1:] if sys.argv[1:2] == ["bench"]
                                               else ["bench", *sys.argv[1:]]),
    )
    res = run_bench(cfg)
    failed = [r for r in res.get("scale", []) for m in ("embedded", "server")
              if "error" in r.get(m, {})]
    qa_failed = any(r["returncode"] != 0 for r in res.get("cold_qa", {}).get("runs", []))
    app_failed = "error" in res.get("cold_app", {})
    return 1 if failed or qa_failed or app_failed else 0
