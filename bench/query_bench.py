"""Time the canned queries (queries/*.rq) on Oxigraph and rdflib, on the seeds and on ~1M triples.

    .venv/bin/python bench/query_bench.py                     # seeds + 1M synthetic triples
    .venv/bin/python bench/query_bench.py --triples 200000 --cap 60
    .venv/bin/python bench/query_bench.py --seeds-graph output/graph.ttl --no-synthetic

The synthetic graph has the shape of docs/graph-model.md (entities, articles, fact nodes with
two derivations each), written by kg.graph's GraphBuilder and kg.export.write_ntriples. Every
engine runs in a child process so a slow rdflib query can be abandoned after --cap seconds
(its time shows as "> cap"); the queries after it run in a fresh child.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

PREDICATES = [  # (predicate, subject class, object class, event class or None)
    ("spokeWith", "Person", "Person", "PhoneCall"), ("briefed", "Person", "Person", "PhoneCall"),
    ("metWith", "Person", "Person", "Meeting"), ("visited", "Person", "City", "Visit"),
    ("plansToVisit", "Person", "Country", "Visit"), ("hosted", "Person", "Person", "Meeting"),
    ("leaderOf", "Person", "Country", None), ("representativeOf", "Person", "Person", None),
    ("affiliatedWith", "Person", "Organization", None), ("nationality", "Person", "Country", None),
    ("memberOf", "Country", "Organization", None), ("locatedIn", "City", "Country", None),
    ("criticized", "Person", "Country", None), ("supports", "Country", "Country", None),
]
TRIPLES_PER_FACT = 32  # about: shortcut, fact node, two evidence nodes, entity mentions


def synthetic_corpus(n_triples: int, *, seed: int = 7):
    """A Corpus of made-up people, places and facts whose graph has about n_triples triples."""
    from kg.types import Article, Corpus, Entity, Evidence, Relation

    rng = random.Random(seed)
    n_facts = max(10, n_triples // TRIPLES_PER_FACT)
    n_articles = max(5, n_facts // 20)
    per_class = {"Person": max(10, n_facts // 8), "Country": 200, "City": 1000, "Organization": 500}
    articles = tuple(Article(id=f"{i:016x}", text="", source=f"synthetic/{i}.txt", title=f"Article {i}",
                             date=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}") for i in range(n_articles))
    ids = {cls: [f"{cls.lower()}_{i}" for i in range(n)] for cls, n in per_class.items()}
    seen: dict[tuple, list] = {}
    for _ in range(n_facts):
        pred, s_cls, o_cls, event = rng.choice(PREDICATES)
        s, o = rng.choice(ids[s_cls]), rng.choice(ids[o_cls])
        if s != o:
            seen.setdefault((s, pred, o, event), [])
    relations = []
    for (s, pred, o, event) in sorted(seen):
        evidence = []
        for k in range(rng.choice((1, 2, 2, 3))):
            art = rng.choice(articles)
            evidence.append(Evidence(article_id=art.id, sentence=f"{s} {pred} {o} ({k}).", start=10 * k,
                                     end=10 * k + 40, confidence=round(rng.uniform(0.5, 0.99), 2),
                                     extractor="synthetic", date=art.date if event else None))
        relations.append(Relation(subject=s, predicate=pred, object=o, evidence=tuple(evidence),
                                  confidence=round(rng.uniform(0.5, 0.99), 3), event=event,
                                  dates=tuple(sorted({e.date for e in evidence if e.date}))))
    mentioned: dict[str, set] = {}
    for r in relations:
        for end in (r.subject, r.object):
            mentioned.setdefault(end, set()).update(e.article_id for e in r.evidence)
    entities = tuple(Entity(id=key, cls=cls, pref_label=key.replace("_", " ").title(), alt_labels=(key,),
                            titles=("President",) if cls == "Person" and rng.random() < 0.1 else (),
                            articles=tuple(sorted(mentioned.get(key, ()))), mentions=len(mentioned.get(key, ())))
                     for cls, keys in ids.items() for key in keys)
    # the person-timeline and ego-network queries look for this label
    entities = tuple(e if e.id != "person_0" else Entity(**{**e.__dict__, "pref_label": "Vladimir Putin"})
                     for e in entities)
    return Corpus(articles=articles, entities=entities, relations=tuple(relations))


def write_synthetic(path: Path, n_triples: int) -> int:
    """Write the synthetic graph as N-Triples; return its triple count."""
    from rdflib import Graph

    from kg.export import write_ntriples
    from kg.graph import GraphBuilder

    class MergedOnly(GraphBuilder):  # the merged graph only: no per-article named graphs
        def __init__(self) -> None:
            super().__init__()
            self.graph = Graph()

        def add(self, triple: tuple, *article_ids: str) -> None:
            self.graph.add(triple)

    corpus = synthetic_corpus(n_triples)
    builder = MergedOnly()
    builder.add_corpus(corpus)
    write_ntriples(builder.graph, path)
    return len(builder.graph)


def _worker(graph: str, engine: str, names: list[str], out) -> None:
    """Child process: load the graph once, then time each query; report through `out`."""
    from kg.query import find_query, load

    started = time.perf_counter()
    loaded = load(graph, engine=engine)
    out.put(("load", time.perf_counter() - started, None))
    for name in names:
        text = find_query(name).read_text(encoding="utf-8")
        times, rows = [], 0
        try:
            for _ in range(3):
                t = time.perf_counter()
                rows = len(loaded.query(text))
                times.append(time.perf_counter() - t)
                if sum(times) > 10:  # a slow query: one or two runs are enough
                    break
        except Exception as e:  # report and go on with the next query
            out.put((name, None, f"error: {e}"))
            continue
        out.put((name, statistics.median(times), rows))


def time_engine(graph: Path, engine: str, names: list[str], cap: float) -> dict[str, tuple]:
    """{"load" | query name: (seconds, rows)} for one engine; seconds None when over the cap."""
    import queue

    results: dict[str, tuple] = {}
    pending = list(names)
    ctx = mp.get_context("spawn")
    while pending:
        out = ctx.Queue()
        child = ctx.Process(target=_worker, args=(str(graph), engine, pending, out), daemon=True)
        child.start()
        try:
            try:
                _, seconds, _ = out.get(timeout=max(cap, 900))
            except queue.Empty:
                results.setdefault("load", (None, None))
                results.update({n: (None, None) for n in pending})
                return results
            results.setdefault("load", (seconds, None))
            while pending:
                try:
                    name, seconds, rows = out.get(timeout=cap + 30)
                except queue.Empty:  # the first pending query ran over the cap: skip it, restart
                    results[pending.pop(0)] = (None, None)
                    break
                results[name] = (seconds, rows)
                pending.remove(name)
        finally:
            if child.is_alive():
                child.kill()
            child.join(10)
    return results


def _cell(value: tuple, cap: float) -> str:
    seconds, rows = value
    if seconds is None:
        return rows if isinstance(rows, str) else f"> {cap:g} s"
    text = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    return text + (f" ({rows})" if rows is not None else "")


def report(title: str, triples: int, timings: dict[str, dict], cap: float) -> str:
    engines = list(timings)
    keys = ["load"] + [k for k in next(iter(timings.values())) if k != "load"]
    rows = [[k] + [_cell(timings[e].get(k, (None, None)), cap) for e in engines] for k in keys]
    header = ["query (rows)"] + engines
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    lines = [f"\n{title}: {triples:,} triples (median of up to 3 runs; rdflib capped at {cap:g} s)",
             "  ".join(h.ljust(w) for h, w in zip(header, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds-graph", type=Path, help="a built seeds graph (default: build seeds/ now)")
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before an rdflib query is abandoned")
    parser.add_argument("--no-synthetic", action="store_true", help="time the seeds only")
    parser.add_argument("--engines", default="oxigraph,rdflib")
    args = parser.parse_args()

    from kg.query import list_queries, load

    names = [name for name, _ in list_queries()]
    engines = args.engines.split(",")
    seeds = args.seeds_graph
    if seeds is None:
        from kg.build import build

        build([ROOT / "seeds"], OUT / "seeds", formats=["ttl"])
        seeds = OUT / "seeds" / "graph.ttl"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n = int(load(seeds).query(count).terms[0][0].value)
    print(report("seeds", n, {e: time_engine(seeds, e, names, args.cap) for e in engines}, args.cap), flush=True)
    if args.no_synthetic:
        return
    synthetic = OUT / f"synthetic-{args.triples}.nt"
    if not synthetic.exists():
        started = time.perf_counter()
        made = write_synthetic(synthetic, args.triples)
        print(f"\nwrote {synthetic} ({made:,} triples) in {time.perf_counter() - started:.1f} s", flush=True)
    n = sum(1 for _ in synthetic.open(encoding="utf-8"))
    print(report("synthetic", n, {e: time_engine(synthetic, e, names, args.cap) for e in engines}, args.cap))


if __name__ == "__main__":
    main()
