"""`kg export`: a built graph in the formats other tools read.

RDF users get N-Triples, N-Quads (from a .trig/.nq, one named graph per article) and JSON-LD.
Graph-analysis users get the entity network: entities as nodes (label, class), one edge per
shortcut triple (predicate, confidence, evidence count, articles, evidence sentences), as
GraphML or GEXF (networkx; Gephi, Cytoscape) or as nodes.csv + edges.csv (pandas, Neo4j).
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, SKOS, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.errors import KgError, UsageError
from kg.export import atomic_write, load_graph, write_jsonld, write_nquads, write_ntriples
from kg.ontology import ENTITY_CLASSES, KGO, KGR_DEFAULT, SHORTCUTS, SYMMETRIC

FORMATS = ("nt", "nq", "jsonld", "graphml", "gexf", "csv")
NODE_FIELDS = ("id", "label", "class", "iri", "alt_labels", "titles", "mention_count")
EDGE_FIELDS = ("source", "target", "predicate", "confidence", "evidence_count", "articles",
               "article_titles", "evidence", "fact")
SEPARATOR = " | "  # between several values in one CSV / GraphML cell


@dataclass
class Network:
    """Entities and the shortcut triples between them, as plain Python values."""

    nodes: dict[str, dict] = field(default_factory=dict)  # id → attributes
    edges: list[dict] = field(default_factory=list)  # EDGE_FIELDS → value


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _node_id(iri: URIRef) -> str:
    text = str(iri)
    return text[len(KGR_DEFAULT):] if text.startswith(KGR_DEFAULT) else text


def _facts(graph: Graph) -> dict[tuple, URIRef]:
    """(subject, predicate, object) → fact node, both ways round for symmetric predicates."""
    found = {}
    for fact, prop in graph.subject_objects(KGO.relation):
        for a in graph.objects(fact, KGO.agent):
            for b in graph.objects(fact, KGO.target):
                found[(a, prop, b)] = fact
                if _local(str(prop)) in SYMMETRIC:
                    found.setdefault((b, prop, a), fact)
    return found


def _evidence(graph: Graph, fact: URIRef | None) -> list[tuple[float, str, URIRef | None]]:
    """(confidence, sentence, article) of each derivation of a fact, most confident first."""
    if fact is None:
        return []
    out = []
    for ev in graph.objects(fact, KGO.hasEvidence):
        conf = graph.value(ev, KGO.confidence)
        out.append((float(conf) if conf is not None else 0.0, str(graph.value(ev, KGO.evidence) or ""),
                    graph.value(ev, PROV.wasDerivedFrom)))
    return sorted(out, key=lambda e: (-e[0], e[1]))


def network(graph: Graph) -> Network:
    """The entity network of a built graph."""
    net = Network()
    classes = {KGO[c]: c for c in ENTITY_CLASSES}
    for cls_iri, cls in classes.items():
        for iri in sorted(graph.subjects(RDF.type, cls_iri)):
            net.nodes[_node_id(iri)] = _node_attrs(graph, iri, cls)
    facts = _facts(graph)
    for name in SHORTCUTS:
        prop = KGO[name]
        for s, o in sorted(graph.subject_objects(prop)):
            for end in (s, o):
                if _node_id(end) not in net.nodes:
                    net.nodes[_node_id(end)] = _node_attrs(graph, end, "")
            net.edges.append(_edge(graph, s, prop, o, facts.get((s, prop, o))))
    return net


def _node_attrs(graph: Graph, iri, cls: str) -> dict:
    count = graph.value(iri, KGO.mentionCount)
    return {
        "id": _node_id(iri),
        "label": str(graph.value(iri, SKOS.prefLabel) or _node_id(iri)),
        "class": cls,
        "iri": str(iri),
        "alt_labels": SEPARATOR.join(sorted(str(x) for x in graph.objects(iri, SKOS.altLabel))),
        "titles": SEPARATOR.join(sorted(str(x) for x in graph.objects(iri, KGO.title))),
        "mention_count": int(count) if count is not None else 0,
    }


def _edge(graph: Graph, s, prop, o, fact) -> dict:
    evidence = _evidence(graph, fact)
    conf = graph.value(fact, KGO.confidence) if fact is not None else None
    articles = sorted({str(a) for a in graph.objects(fact, PROV.wasDerivedFrom)}) if fact is not None else []
    titles = sorted({str(t) for a in articles if (t := graph.value(URIRef(a), DCTERMS.title))})
    return {
        "source": _node_id(s),
        "target": _node_id(o),
        "predicate": _local(str(prop)),
        "confidence": float(conf) if conf is not None else "",
        "evidence_count": len(evidence),
        "articles": " ".join(articles),
        "article_titles": SEPARATOR.join(titles),
        "evidence": SEPARATOR.join(sentence for _, sentence, _ in evidence),
        "fact": str(fact) if fact is not None else "",
    }


def to_networkx(graph: Graph):
    """A networkx MultiDiGraph of the entity network (edge key = predicate)."""
    import networkx as nx

    net = network(graph)
    g = nx.MultiDiGraph(name="newskg")
    for node_id, attrs in net.nodes.items():
        g.add_node(node_id, **{k: v for k, v in attrs.items() if k != "id"})
    for edge in net.edges:
        attrs = {k: v for k, v in edge.items() if k not in ("source", "target") and v != ""}
        g.add_edge(edge["source"], edge["target"], key=edge["predicate"], **attrs)
    return g


def _write_networkx(graph: Graph, out: Path, writer: Callable) -> list[Path]:
    g = to_networkx(graph)
    atomic_write(out, lambda fh: writer(g, fh), binary=True)
    return [out]


def write_csv(graph: Graph, folder: Path) -> list[Path]:
    """nodes.csv and edges.csv of the entity network, in `folder`."""
    net = network(graph)
    written = []
    for name, fields, rows in (("nodes.csv", NODE_FIELDS, list(net.nodes.values())),
                               ("edges.csv", EDGE_FIELDS, net.edges)):
        def write(fh, fields=fields, rows=rows) -> None:
            w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)

        atomic_write(folder / name, write)
        written.append(folder / name)
    return written


def _quads(path: Path) -> Dataset:
    fmt = {".trig": "trig", ".nq": "nquads"}.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"{path}: N-Quads needs the named graphs of a .trig or .nq file (try graph.trig)")
    ds = Dataset()
    try:
        ds.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise KgError(f"{path}: not valid {fmt}: {e}") from e
    return ds


def convert(graph_path: str | Path, fmt: str, out: str | Path) -> list[Path]:
    """Write the graph at `graph_path` as `fmt` to `out` (a folder for csv); return the files written.

    Raises UsageError for an unknown format or an input that cannot give it, KgError for a
    graph that does not parse or an output that cannot be written.
    """
    import networkx as nx

    graph_path, out = Path(graph_path), Path(out)
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (choose among {', '.join(FORMATS)})")
    if fmt == "nq":
        write_nquads(_quads(graph_path), out)
        return [out]
    graph = load_graph(graph_path)
    if fmt == "nt":
        write_ntriples(graph, out)
        return [out]
    if fmt == "jsonld":
        write_jsonld(graph, out, base_iri=KGR_DEFAULT)
        return [out]
    if fmt == "graphml":
        return _write_networkx(graph, out, nx.write_graphml)
    if fmt == "gexf":
        return _write_networkx(graph, out, nx.write_gexf)
    return write_csv(graph, out)
