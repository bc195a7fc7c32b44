"""A graph in the exact shape of docs/graph-model.md, written from the gold annotations.

The gold files (tests/gold/*.json) say which facts the seeds hold; turned into a Corpus and
written by kg.graph and kg.export, they give a graph whose answers to the canned queries are
known and non-empty, independent of how good the extractors are today.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from kg.types import Article, Corpus, Entity, Evidence, Relation

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold"
SEEDS = ROOT / "seeds"
EVENTS = {"spokeWith": "PhoneCall", "briefed": "PhoneCall", "metWith": "Meeting",
          "visited": "Visit", "plansToVisit": "Visit", "hosted": "Meeting"}
TITLES = {"vladimir_putin": ("President",), "narendra_modi": ("Prime Minister",),
          "steve_witkoff": ("special envoy",), "dmitry_peskov": ("spokesperson", "Press Secretary")}


def _articles() -> dict[str, Article]:
    from kg.ingest import read_corpus

    found = {}
    for item in read_corpus([SEEDS]):
        if isinstance(item, Article):
            found[Path(item.source).name] = item
    return found


def gold_corpus(*, predicates: frozenset[str] | None = None) -> Corpus:
    """The Corpus the gold annotations describe (confidence 0.9 when certain, else 0.6).

    With `predicates`, only those relations and the entities they connect are kept.
    """
    articles = _articles()
    entities: dict[str, dict] = {}
    evidence: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = articles[gold["doc"]]
        date = gold.get("doc_date") or article.date
        for ent in gold["entities"]:
            slot = entities.setdefault(ent["id"], {"cls": ent["type"], "labels": [], "articles": set(), "n": 0})
            slot["labels"] += [label for label in ent["labels"] if label not in slot["labels"]]
            slot["articles"].add(article.id)
            slot["n"] += len(ent["labels"])
        for rel in gold["relations"]:
            if predicates is not None and rel["p"] not in predicates:
                continue
            start = max(article.text.find(rel["evidence"]), 0)
            event = EVENTS.get(rel["p"])
            evidence[(rel["s"], rel["p"], rel["o"])].append(Evidence(
                article_id=article.id, sentence=rel["evidence"], start=start,
                end=start + len(rel["evidence"]), confidence=0.9 if rel["certain"] else 0.6,
                extractor="gold", date=date if event else None))
    used = {x for s, _, o in evidence for x in (s, o)}
    ents = tuple(
        Entity(id=key, cls=e["cls"], pref_label=e["labels"][0], alt_labels=tuple(sorted(e["labels"][1:])),
               titles=TITLES.get(key, ()), articles=tuple(sorted(e["articles"])), mentions=e["n"])
        for key, e in sorted(entities.items()) if predicates is None or key in used)
    rels = []
    for (s, p, o), evs in sorted(evidence.items()):
        miss = 1.0
        for ev in evs:
            miss *= 1 - ev.confidence
        dates = tuple(sorted({ev.date for ev in evs if ev.date}))
        rels.append(Relation(subject=s, predicate=p, object=o, evidence=tuple(evs),
                             confidence=round(1 - miss, 3), event=EVENTS.get(p), dates=dates))
    return Corpus(articles=tuple(sorted(articles.values(), key=lambda a: a.id)), entities=ents,
                  relations=tuple(rels))


def write_gold_graph(out_dir: Path, *, predicates: frozenset[str] | None = None) -> Path:
    """Write graph.ttl, .trig, .nt, .nq and .jsonld of the gold corpus into out_dir."""
    from kg.export import write_jsonld, write_nquads, write_ntriples, write_trig, write_turtle
    from kg.graph import build_dataset
    from kg.ontology import KGR_DEFAULT

    dataset = build_dataset(gold_corpus(predicates=predicates))
    merged = dataset.default_graph
    out_dir.mkdir(parents=True, exist_ok=True)
    write_turtle(merged, out_dir / "graph.ttl", base_iri=KGR_DEFAULT)
    write_trig(dataset, out_dir / "graph.trig", base_iri=KGR_DEFAULT)
    write_ntriples(merged, out_dir / "graph.nt")
    write_nquads(dataset, out_dir / "graph.nq")
    write_jsonld(merged, out_dir / "graph.jsonld", base_iri=KGR_DEFAULT)
    return out_dir


if __name__ == "__main__":
    import sys

    print(write_gold_graph(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/goldgraph")))
