"""Graph assembly and writing at scale: rdflib Dataset vs plain triple sets, our canonical
Turtle/TriG writer vs Oxigraph's serializer, and the Oxigraph bulk load of `--store`.

A synthetic resolved Corpus of about `--triples` triples (articles, entities, relations
with evidence, in the proportions of real builds) goes through each path in a fresh
process, so that peak RSS belongs to that path alone.

    python bench/graph_bench.py --triples 1000000            # prints a Markdown table
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE = "https://w3id.org/newskg/resource/"
PREDICATES = ("spokeWith", "metWith", "visited", "leaderOf", "memberOf", "nationality", "briefed", "criticized")
CLASSES = ("Person", "Country", "City", "Organization")
# Triples per unit in the kg.graph layout: article 5, entity ~9, relation ~11 + 8 per evidence.
PER_ARTICLE = 5 + 3 * 9 + 4 * 27  # an article with 3 new entities and 4 relations of 2 evidence


def corpus(triples: int, *, seed: int = 7):
    """A resolved Corpus of about `triples` triples (same one for the same arguments)."""
    from kg.types import Article, Corpus, Entity, Evidence, Relation

    rng = random.Random(seed)
    n = max(1, triples // PER_ARTICLE)
    articles = tuple(Article(f"{i:016x}", "", f"corpus.jsonl:{i + 1}", f"Title {i}", "2024-05-01", None)
                     for i in range(n))
    ids = [f"entity_{i}" for i in range(3 * n)]
    mentioned: dict[str, set] = {e: set() for e in ids}
    relations = []
    for k in range(4 * n):
        s, o = rng.sample(ids, 2)
        evs = []
        for _ in range(2):
            a = articles[rng.randrange(n)].id
            mentioned[s].add(a)
            mentioned[o].add(a)
            start = rng.randrange(4000)
            evs.append(Evidence(a, f"Sentence {k} about {s} and {o}.", start, start + 40, 0.8, "bench.rule", "2024-04-30"))
        relations.append(Relation(s, rng.choice(PREDICATES), o, tuple(sorted(set(evs), key=lambda e: (e.article_id, e.start))),
                                  0.9, "Meeting" if k % 3 == 0 else None, (), ("2024-04-30",)))
    entities = tuple(Entity(e, CLASSES[i % 4], f"Name {i}", (f"Alias {i}",), ("president",) if i % 4 == 0 else (), (),
                            tuple(sorted(mentioned[e])), 3) for i, e in enumerate(ids))
    return Corpus(articles, entities, tuple(sorted(relations, key=lambda r: (r.subject, r.predicate, r.object))))


def run_variant(variant: str, triples: int, work: Path) -> dict:
    """Run one path in this process; return its seconds and output sizes."""
    out: dict = {}
    c = corpus(triples)
    t = time.perf_counter()
    if variant == "rdflib":
        from kg.export import write_trig, write_turtle
        from kg.graph import build_dataset

        ds = build_dataset(c, base_iri=BASE)
        merged = ds.default_graph
        out["assemble"] = time.perf_counter() - t
        out["triples"] = len(merged)
        t = time.perf_counter()
        write_turtle(merged, work / "rdflib.ttl", base_iri=BASE)
        out["write ttl"] = time.perf_counter() - t
        t = time.perf_counter()
        write_trig(ds, work / "rdflib.trig", base_iri=BASE)
        out["write trig"] = time.perf_counter() - t
    elif variant == "tuples":
        from kg.triples import assemble
        from kg.export import write_trig, write_turtle

        ds = assemble(c, base_iri=BASE)
        out["assemble"] = time.perf_counter() - t
        out["triples"] = len(ds.default_graph)
        t = time.perf_counter()
        write_turtle(ds.default_graph, work / "tuples.ttl", base_iri=BASE)
        out["write ttl"] = time.perf_counter() - t
        t = time.perf_counter()
        write_trig(ds, work / "tuples.trig", base_iri=BASE)
        out["write trig"] = time.perf_counter() - t
    elif variant == "oxigraph":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=str(work / "tuples.ttl"), format=ox.RdfFormat.TURTLE)
        out["load ttl (memory)"] = time.perf_counter() - t
        out["triples"] = len(store)
        t = time.perf_counter()
        store.dump(output=str(work / "oxigraph.ttl"), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
        out["write ttl"] = time.perf_counter() - t
        t = time.perf_counter()
        store.dump(output=str(work / "oxigraph.nt"), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        out["write nt"] = time.perf_counter() - t
        t = time.perf_counter()
        disk = ox.Store(str(work / "store"))
        disk.bulk_load(path=str(work / "tuples.ttl"), format=ox.RdfFormat.TURTLE)
        disk.bulk_load(path=str(work / "tuples.trig"), format=ox.RdfFormat.TRIG)
        disk.flush()
        out["store (ttl+trig, disk)"] = time.perf_counter() - t
    elif variant == "rdflib-serializer":
        from rdflib import Graph

        g = Graph().parse(work / "tuples.ttl")
        out["parse ttl"] = time.perf_counter() - t
        out["triples"] = len(g)
        t = time.perf_counter()
        g.serialize(work / "rdflib-serializer.ttl", format="turtle")
        out["write ttl"] = time.perf_counter() - t
    else:
        raise SystemExit(f"unknown variant {variant}")
    out["peak RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def measure(triples: int, variants: list[str]) -> dict[str, dict]:
    """Each variant in a fresh process (same work folder, so oxigraph reads the tuples output)."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="kg-graph-bench-") as tmp:
        for v in variants:
            proc = subprocess.run([sys.executable, __file__, "--variant", v, "--triples", str(triples), "--work", tmp],
                                  capture_output=True, text=True, check=True)
            results[v] = json.loads(proc.stdout.strip().splitlines()[-1])
        a, b = Path(tmp, "rdflib.ttl"), Path(tmp, "tuples.ttl")
        if a.exists() and b.exists():
            results["identical"] = {"ttl": a.read_bytes() == b.read_bytes(),
                                    "trig": Path(tmp, "rdflib.trig").read_bytes() == Path(tmp, "tuples.trig").read_bytes()}
        results["sizes MB"] = {p.name: round(p.stat().st_size / 1e6, 1) for p in Path(tmp).glob("*.*") if p.is_file()}
    return results


def table(results: dict[str, dict]) -> str:
    """A Markdown table: one row per variant and step."""
    lines = ["| path | step | seconds | peak RSS MB |", "|---|---|---:|---:|"]
    for v, steps in results.items():
        if v in {"identical", "sizes MB"}:
            continue
        for step, value in steps.items():
            if step not in {"triples", "peak RSS MB"}:
                lines.append(f"| {v} | {step} | {value:.2f} | {steps['peak RSS MB']:.0f} |")
    lines.append("")
    lines.append(f"Triples: {results.get('tuples', results.get('rdflib', {})).get('triples')}; "
                 f"identical bytes (rdflib vs tuples): {results.get('identical')}; sizes MB: {results.get('sizes MB')}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--variants", default="rdflib,tuples,oxigraph",
                        help="comma-separated among rdflib, tuples, oxigraph, rdflib-serializer (oxigraph and "
                             "rdflib-serializer read the tuples output)")
    parser.add_argument("--out", type=Path, help="also write the table here (bench/run.py includes "
                        "bench/RESULTS-graph.md in RESULTS.md)")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.triples, args.work)))
        return
    text = table(measure(args.triples, args.variants.split(",")))
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
