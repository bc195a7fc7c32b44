"""Benchmark `kg build` against raw spaCy on generated corpora; write bench/RESULTS.md.

For each size N (default 100 and 1,000 articles from bench/make_corpus.py) it measures,
each run in a fresh process:

* raw spaCy: `nlp.pipe` over the texts with the build's own pipeline (kg.nlp.load: the
  model plus our gazetteer ruler), in one process and with n_process=2: the speed limit;
* `kg build` with 1 and with 2 workers (into new folders: every article is processed and
  cached): articles/s, words/s, time per stage, peak RSS, output size, ratio to raw spaCy;
* incremental: one article appended to the corpus, and the 1-worker build run again (three
  times, the median reported).

    python bench/run.py                       # N = 100, 1000
    python bench/run.py --sizes 100,1000,10000 --out bench/RESULTS.md

Timings are reported, never asserted. A loaded machine gives slower and noisier numbers:
the load average at the start and end of each size is recorded.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Children import kg from a snapshot taken at the start, so that edits to the working tree
# during a long run neither mix versions nor invalidate the extraction cache mid-benchmark.
sys.path.insert(0, os.environ.get("KG_BENCH_SNAPSHOT", str(ROOT)))
sys.path.insert(1, str(ROOT / "bench"))
FORMATS = "ttl,trig"


# ---------------------------------------------------------------- children (one per measurement)

def _peak_mb() -> dict[str, float]:
    """Peak RSS of this process and of its largest child (worker processes), in MB."""
    return {"rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def child_spacy(corpus: Path, n_process: int, batch_size: int) -> dict:
    """Raw spaCy over the corpus texts: model load, then nlp.pipe (Docs dropped at once)."""
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    t = time.perf_counter()
    from kg import nlp as nlp_mod

    nlp = nlp_mod.load()
    load = time.perf_counter() - t
    t = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        tokens += len(doc)
    return {"load": load, "pipe": time.perf_counter() - t, "tokens": tokens, **_peak_mb()}


def child_build(corpus: Path, out: Path, workers: int, cache: bool, batch_size: int) -> dict:
    """One `kg build` (in-process API, as the CLI calls it); its report and wall time."""
    from kg.build import build

    t = time.perf_counter()
    _, report = build([corpus], out, formats=FORMATS.split(","), workers=workers, cache=cache, batch_size=batch_size)
    wall = time.perf_counter() - t
    size = sum(p.stat().st_size for p in out.glob("graph.*"))
    return {"wall": wall, "seconds": report.seconds, "articles": report.articles, "processed": report.processed,
            "cached": report.cached, "triples": report.triples, "bytes": size, **_peak_mb()}


def snapshot(work: Path) -> Path:
    """A copy of the kg package under `work` for the children to import."""
    target = work / "snapshot"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "kg", target / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    os.environ["KG_BENCH_SNAPSHOT"] = str(target)
    return target


def _child(args: list[str]) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": os.environ.get("KG_BENCH_SNAPSHOT", "")}
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env)
    if proc.returncode:
        raise SystemExit(f"child {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- one size

def measure(n: int, work: Path, *, batch_size: int, two: bool) -> dict:
    """Every measurement for a corpus of n articles."""
    import make_corpus

    corpus = make_corpus.write(n, work / f"corpus-{n}.jsonl")
    words = sum(len(json.loads(line)["text"].split()) for line in corpus.open(encoding="utf-8"))
    result: dict = {"n": n, "words": words, "load_before": os.getloadavg()[0]}
    result["spacy1"] = _child(["spacy", str(corpus), "1", str(batch_size)])
    if two:
        result["spacy2"] = _child(["spacy", str(corpus), "2", str(batch_size)])
    # Full builds write the cache (its cost is the `cache` stage); the 1-worker one is then
    # rebuilt with one article appended: the incremental case.
    out = work / f"out-{n}-w1"
    result["build1"] = _child(["build", str(corpus), str(out), "1", "1", str(batch_size)])
    if two:
        result["build2"] = _child(["build", str(corpus), str(work / f"out-{n}-w2"), "2", "1", str(batch_size)])
    extra = list(make_corpus.generate(n + 1, seed=99))[-1]
    with corpus.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(extra, ensure_ascii=False) + "\n")
    result["rebuild"] = _rebuild(corpus, out, batch_size)
    result["load_after"] = os.getloadavg()[0]
    return result


def _rebuild(corpus: Path, out: Path, batch_size: int, repeats: int = 3) -> dict:
    """The +1-article rebuild, run `repeats` times (the new article's cache entry dropped
    before each repeat); the run of median wall time. A few seconds are at the mercy of a
    shared machine's neighbours: one run was seen 1.8x slower in every stage."""
    import sqlite3

    runs = []
    for i in range(repeats):
        if i:  # the newest entry is the appended article's, written by the previous run
            with sqlite3.connect(out / ".cache" / "extractions.sqlite") as db:
                db.execute("DELETE FROM extraction WHERE rowid = (SELECT MAX(rowid) FROM extraction)")
        runs.append(_child(["build", str(corpus), str(out), "1", "1", str(batch_size)]))
    runs.sort(key=lambda r: r["wall"])
    return {**runs[len(runs) // 2], "walls": [r["wall"] for r in runs]}


# ---------------------------------------------------------------- report

def machine() -> dict[str, str]:
    import psutil
    import spacy

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    from kg.cache import model_name_version

    return {"CPU": f"{os.cpu_count()} × {cpu}", "RAM": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
            "OS": platform.platform(), "Python": platform.python_version(), "spaCy": spacy.__version__,
            "model": model_name_version(None) or "?"}


def _rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.1f}" if seconds else "–"


def markdown(results: list[dict], info: dict[str, str], batch_size: int) -> str:
    lines = ["# Benchmark: `kg build` vs raw spaCy", "",
             "Written by `bench/run.py` (corpora from `bench/make_corpus.py`; each measurement in a fresh process; "
             f"outputs {FORMATS}; batch size {batch_size}). Timings are reported, never asserted.", "",
             "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines += ["", "## Throughput", "",
              "Build = the whole `build()` call (model load included); spaCy = `nlp.pipe` with the same pipeline "
              "(`kg.nlp.load`: model + gazetteer ruler), model load excluded and shown apart. "
              "Ratio = build time / (spaCy load + pipe).", "",
              "| N | words | spaCy load s | spaCy pipe s | spaCy art/s | spaCy words/s | build s | build art/s | "
              "build words/s | ratio | peak RSS MB (main / worker) | triples | output MB |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        s, b = r["spacy1"], r["build1"]
        lines.append(f"| {r['n']:,} | {r['words']:,} | {s['load']:.1f} | {s['pipe']:.1f} | {_rate(r['n'], s['pipe'])} | "
                     f"{_rate(r['words'], s['pipe'])} | {b['wall']:.1f} | {_rate(r['n'], b['wall'])} | "
                     f"{_rate(r['words'], b['wall'])} | {b['wall'] / (s['load'] + s['pipe']):.2f} | "
                     f"{b['rss_main_mb']:.0f} | {b['triples']:,} | {b['bytes'] / 1e6:.1f} |")
    lines += ["", "## Time per stage of the 1-worker build (seconds)", "",
              "Articles stream through the stages, so `ingest`, `cache`, `nlp` and `extract` interleave; each is "
              "the time spent in it. `nlp` is spaCy's `nlp.pipe` (tokenizer, tagger, parser, NER, gazetteer "
              "ruler), `extract` is kg.extract over the Docs.", ""]
    stages = ["ingest", "cache", "load model", "nlp", "extract", "resolve", "graph", "write ttl", "write trig"]
    lines += ["| N | " + " | ".join(stages) + " | total |", "|---:|" + "---:|" * (len(stages) + 1)]
    for r in results:
        sec = r["build1"]["seconds"]
        lines.append(f"| {r['n']:,} | " + " | ".join(f"{sec.get(k, 0):.2f}" for k in stages) + f" | {r['build1']['wall']:.2f} |")
    if any("build2" in r for r in results):
        lines += ["", "## Workers", "",
                  "| N | spaCy 1 proc s | spaCy n_process=2 s | spaCy speed-up | build 1 worker s | build 2 workers s | "
                  "build speed-up | peak RSS MB main / largest worker |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in results:
            if "build2" not in r:
                continue
            s1, s2, b1, b2 = r["spacy1"], r["spacy2"], r["build1"], r["build2"]
            lines.append(f"| {r['n']:,} | {s1['pipe']:.1f} | {s2['pipe']:.1f} | {s1['pipe'] / s2['pipe']:.2f}× | "
                         f"{b1['wall']:.1f} | {b2['wall']:.1f} | {b1['wall'] / b2['wall']:.2f}× | "
                         f"{b2['rss_main_mb']:.0f} / {b2['rss_child_mb']:.0f} |")
    lines += ["", "## Incremental rebuild (one article appended)", "",
              "| N | full build s | rebuild s | processed / cached | rebuild / full |",
              "|---:|---:|---:|---:|---:|"]
    for r in results:
        f = r["build1"]
        rows = [("", r["rebuild"])]
        if "rebuild_later" in r:  # the same rebuild measured again with later code (see the notes)
            rows.append((f" ({r['rebuild_later'].get('label', 'later')})", r["rebuild_later"]))
        for label, rb in rows:
            lines.append(f"| {r['n']:,}{label} | {f['wall']:.1f} | {rb['wall']:.1f} | {rb['processed']} / {rb['cached']} | "
                         f"{rb['wall'] / f['wall']:.1%} |")
    graph = ROOT / "bench" / "RESULTS-graph.md"
    if graph.exists():
        lines += ["", "## Big graphs: assembly and writing (bench/graph_bench.py)", "",
                  "A synthetic resolved corpus of about 1M triples; each path in a fresh process. `rdflib` = "
                  "kg.graph.build_dataset (rdflib Dataset) then kg.export's canonical writers; `tuples` = "
                  "kg.triples.assemble (the same GraphBuilder over plain triple sets, what `kg build` uses) then the "
                  "same writers; `oxigraph` = pyoxigraph bulk load of that Turtle, its serializer, and the "
                  "`--store` load (Turtle + TriG, on disk).", "", graph.read_text(encoding="utf-8").strip()]
    notes = [n for r in results for n in r.get("notes", [])]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    lines += ["", "Load average (1 min) before / after each size: " +
              ", ".join(f"N={r['n']:,}: {r['load_before']:.1f} / {r['load_after']:.1f}" for r in results), ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated corpus sizes")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json",
                        help="raw measurements (read back with --append)")
    parser.add_argument("--append", action="store_true",
                        help="keep the sizes already in --json and add (or redo) these ones")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--no-workers", action="store_true", help="skip the 2-process runs")
    parser.add_argument("--work", type=Path, help="keep corpora and outputs here (default: a temp folder)")
    parser.add_argument("--report-only", action="store_true", help="rewrite --out from --json without measuring")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "spacy":
            out = child_spacy(Path(rest[0]), int(rest[1]), int(rest[2]))
        else:
            out = child_build(Path(rest[0]), Path(rest[1]), int(rest[2]), rest[3] == "1", int(rest[4]))
        print(json.dumps(out))
        return
    if args.report_only:
        args.out.write_text(markdown(json.loads(args.json.read_text()), machine(), args.batch_size), encoding="utf-8")
        return
    results = json.loads(args.json.read_text()) if args.append and args.json.exists() else []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        snapshot(work)
        for n in (int(s) for s in args.sizes.split(",")):
            print(f"N={n} …", file=sys.stderr, flush=True)
            results = [r for r in results if r["n"] != n]
            results.append(measure(n, work, batch_size=args.batch_size, two=not args.no_workers))
            results.sort(key=lambda r: r["n"])
            args.json.write_text(json.dumps(results, indent=1))
            args.out.write_text(markdown(results, machine(), args.batch_size), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
