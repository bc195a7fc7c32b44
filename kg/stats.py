"""`kg stats`: counts of a built graph (articles, entities per class, facts per predicate)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import RDF

from kg.export import load_graph
from kg.ontology import KGO, SHORTCUTS

ENTITY_CLASSES = ("Person", "Country", "City", "Organization")


def graph_stats(path: Path) -> dict:
    """A dict of sections → counts for the graph file at `path`."""
    graph = load_graph(path)
    classes = Counter(str(o).rsplit("#", 1)[-1] for o in graph.objects(None, RDF.type) if str(o).startswith(str(KGO._NS)))
    relations = {p: n for p in SHORTCUTS if (n := len(list(graph.subject_objects(KGO[p])))) }
    dated = len(set(graph.subjects(KGO.date, None)) - set(graph.subjects(RDF.type, KGO.Evidence)))
    return {
        "triples": len(graph),
        "articles": classes.get("NewsArticle", 0),
        "entities": {c: classes.get(c, 0) for c in ENTITY_CLASSES},
        "facts": dict(sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))),
        "events": {c: classes.get(c, 0) for c in ("PhoneCall", "Meeting", "Visit", "Summit", "Event", "Assertion") if classes.get(c)},
        "dated facts": dated,
    }
