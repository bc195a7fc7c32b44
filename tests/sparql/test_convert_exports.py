"""kg/convert.py: exports round-trip (RDF formats back to the same graph, networkx reads GraphML/GEXF)."""
from __future__ import annotations

import csv

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.convert import convert, network
from kg.errors import UsageError
from kg.ontology import SHORTCUTS


@pytest.fixture(scope="module")
def source(gold_dir) -> Graph:
    return Graph().parse(gold_dir / "graph.ttl")


def shortcut_count(g: Graph) -> int:
    return sum(1 for _, p, _ in g if str(p).split("#")[-1] in SHORTCUTS and "newskg/ontology" in str(p))


@pytest.mark.parametrize("fmt, suffix, parse_as", [("nt", "nt", "nt"), ("jsonld", "jsonld", "json-ld")])
def test_rdf_exports_round_trip(gold_dir, source, tmp_path, fmt, suffix, parse_as):
    out = tmp_path / f"graph.{suffix}"
    assert convert(gold_dir / "graph.ttl", fmt, out) == [out]
    assert isomorphic(Graph().parse(out, format=parse_as), source)


def test_nquads_keep_the_named_graphs(gold_dir, tmp_path):
    out = tmp_path / "graph.nq"
    convert(gold_dir / "graph.trig", "nq", out)
    a, b = Dataset(), Dataset()
    a.parse(gold_dir / "graph.trig", format="trig")
    b.parse(out, format="nquads")
    graphs = lambda ds: {g.identifier for g in ds.graphs() if len(g) and g.identifier != ds.default_graph.identifier}  # noqa: E731
    assert graphs(a) == graphs(b) and len(graphs(b)) == 5
    assert sorted(a.quads()) == sorted(b.quads())
    with pytest.raises(UsageError, match="named graphs"):
        convert(gold_dir / "graph.ttl", "nq", tmp_path / "x.nq")


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_exports_read_back(gold_dir, source, tmp_path, fmt, read):
    out = tmp_path / f"graph.{fmt}"
    convert(gold_dir / "graph.ttl", fmt, out)
    g = read(out)
    net = network(source)
    assert g.number_of_nodes() == len(net.nodes) > 20
    assert g.number_of_edges() == len(net.edges) == shortcut_count(source)
    putin = g.nodes["vladimir_putin"]
    assert putin["label"] == "Vladimir Putin" and putin["class"] == "Person"
    edges = g.get_edge_data("vladimir_putin", "xi_jinping")
    attrs = next(iter(edges.values()))
    assert attrs["predicate"] in SHORTCUTS
    assert 0 < float(attrs["confidence"]) <= 1 and int(attrs["evidence_count"]) >= 1


def test_csv_nodes_and_edges(gold_dir, source, tmp_path):
    written = convert(gold_dir / "graph.ttl", "csv", tmp_path / "csv")
    assert [p.name for p in written] == ["nodes.csv", "edges.csv"]
    nodes = list(csv.DictReader((tmp_path / "csv" / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "csv" / "edges.csv").open(encoding="utf-8")))
    ids = {n["id"] for n in nodes}
    assert len(ids) == len(nodes)
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    assert len(edges) == shortcut_count(source)
    met = [e for e in edges if e["predicate"] == "metWith" and e["target"] == "narendra_modi"]
    assert met and "met" in met[0]["evidence"] and met[0]["articles"].startswith("https://")
    assert all(e["evidence"] and e["confidence"] for e in edges)


def test_unknown_format(gold_dir, tmp_path):
    with pytest.raises(UsageError, match="choose among"):
        convert(gold_dir / "graph.ttl", "xlsx", tmp_path / "x")
