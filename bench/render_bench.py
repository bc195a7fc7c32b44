"""How big and how slow the graph page gets: synthetic graphs of 100, 1,000 and 5,000 entities.

For each size: build a graph shaped like docs/graph-model.md (scale-free, like news: a few
hubs, many entities mentioned once), render it, and report the HTML size, the time to
render in Python, and (when /usr/bin/chromium and playwright are installed) the time from
navigation until vis-network's first 'afterDrawing' in headless chromium.

    .venv/bin/python bench/render_bench.py [--sizes 100,1000,5000] [--out bench/out] [--no-browser]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.ontology import KGO, SHORTCUTS  # noqa: E402
from kg.render import render_graph  # noqa: E402

KGR = Namespace("https://w3id.org/newskg/resource/")
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
CLASSES = ("Person", "Person", "Country", "City", "Organization")


def synthetic_graph(n: int, *, seed: int = 1) -> Graph:
    """A graph of `n` entities and about 2n facts, each with one or two evidence sentences."""
    rng = random.Random(seed)
    g = Graph()
    shape = nx.barabasi_albert_graph(n, 2, seed=seed)
    articles = [KGR[f"article_{i:016x}"] for i in range(max(1, n // 10))]
    for i, a in enumerate(articles):
        g.add((a, RDF.type, KGO.NewsArticle))
        g.add((a, DCTERMS.title, Literal(f"Synthetic article {i}")))
        g.add((a, KGO.publishedDate, Literal(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", datatype=XSD.date)))
    for v in shape.nodes:
        s = KGR[f"entity_{v}"]
        g.add((s, RDF.type, KGO[CLASSES[v % len(CLASSES)]]))
        for p in (SKOS.prefLabel, RDFS.label):
            g.add((s, p, Literal(f"Entity {v}")))
        g.add((s, SKOS.altLabel, Literal(f"E{v}")))
        g.add((s, KGO.mentionCount, Literal(1 + shape.degree[v] * rng.randint(1, 3))))
    for k, (a, b) in enumerate(shape.edges):
        pred = SHORTCUTS[rng.randrange(len(SHORTCUTS))]
        s, o = KGR[f"entity_{a}"], KGR[f"entity_{b}"]
        g.add((s, KGO[pred], o))
        fact = KGR[f"fact_{k:016x}"]
        for t in ((RDF.type, KGO.Event), (KGO.relation, KGO[pred]), (KGO.agent, s), (KGO.target, o),
                  (KGO.confidence, Literal(f"0.{rng.randint(50, 99)}", datatype=XSD.decimal))):
            g.add((fact, *t))
        g.add((fact, KGO.date, Literal(f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}", datatype=XSD.date)))
        for e in range(1 + k % 2):
            ev = URIRef(f"{fact}_e{e + 1}")
            for t in ((RDF.type, KGO.Evidence), (PROV.wasDerivedFrom, articles[rng.randrange(len(articles))]),
                      (KGO.evidence, Literal(f"Entity {a} and Entity {b} did something together, sentence {e}.")),
                      (KGO.confidence, Literal("0.9", datatype=XSD.decimal))):
                g.add((ev, *t))
            g.add((fact, KGO.hasEvidence, ev))
    return g


def browser_seconds(html: Path, timeout_ms: int = 300_000) -> float | None:
    """Seconds from navigation to the network's first 'afterDrawing', or None without chromium."""
    if not Path(CHROMIUM).exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    profile = tempfile.mkdtemp(prefix="kg-bench-")
    try:
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=FLAGS, headless=True,
                                                       viewport={"width": 1400, "height": 900})
            page = ctx.new_page()
            started = time.perf_counter()
            page.goto(html.resolve().as_uri())
            page.wait_for_selector("body[data-ready]", state="attached", timeout=timeout_ms)
            seconds = time.perf_counter() - started
            ctx.close()
            return seconds
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--out", type=Path, default=Path("bench/out"))
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        graph = synthetic_graph(n)
        html = args.out / f"graph_{n}.html"
        started = time.perf_counter()
        stats = render_graph(graph, html, title=f"Synthetic graph of {n} entities", max_nodes=n)
        python_s = time.perf_counter() - started
        browser_s = None if args.no_browser else browser_seconds(html)
        rows.append((n, stats.nodes, stats.edges, html.stat().st_size / 1e6, python_s, browser_s))
        print(f"rendered {n} entities", file=sys.stderr)
    print(f"{'entities':>9} {'nodes':>6} {'edges':>6} {'HTML MB':>8} {'python s':>9} {'browser s':>10}")
    for n, nodes, edges, mb, py_s, br_s in rows:
        br = f"{br_s:10.2f}" if br_s is not None else f"{'n/a':>10}"
        print(f"{n:>9} {nodes:>6} {edges:>6} {mb:>8.2f} {py_s:>9.2f} {br}")


if __name__ == "__main__":
    main()
