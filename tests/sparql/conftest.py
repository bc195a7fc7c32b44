"""Graphs for the SPARQL, serve, export, validate and store tests, built once per session.

`gold_dir` is written from the gold annotations (the shape of docs/graph-model.md, with
answers known in advance); `seeds_dir` is the real `kg build seeds/` of tests/conftest.py
(skipped, with the reason, while the build fails).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from sparql_gold import write_gold_graph

ROOT = Path(__file__).resolve().parents[2]
ENGINES = ("oxigraph", "rdflib")


@pytest.fixture(scope="session")
def gold_dir(tmp_path_factory) -> Path:
    return write_gold_graph(tmp_path_factory.mktemp("gold"))


@pytest.fixture(scope="session")
def seeds_dir(request) -> Path:
    try:
        out, _, _ = request.getfixturevalue("seeds_build")
    except Exception as e:  # the build is another stage's; say why these tests cannot run
        pytest.skip(f"kg build seeds/ failed: {type(e).__name__}: {e}")
    return out


@pytest.fixture(scope="session", params=["gold", "seeds"])
def graph_dir(request) -> Path:
    """Tests using it run on the gold graph and on the real seeds build."""
    return request.getfixturevalue(f"{request.param}_dir")


@pytest.fixture(scope="session")
def loaded(graph_dir) -> dict:
    """graph.ttl loaded once into each engine: {"oxigraph": Loaded, "rdflib": Loaded}."""
    from kg.query import load

    return {engine: load(graph_dir / "graph.ttl", engine=engine) for engine in ENGINES}


@pytest.fixture(scope="session")
def gold_loaded(gold_dir) -> dict:
    from kg.query import load

    return {engine: load(gold_dir / "graph.ttl", engine=engine) for engine in ENGINES}


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory) -> Path:
    """A small valid graph (the gold calls and meetings only): quick to validate."""
    return write_gold_graph(tmp_path_factory.mktemp("small"), predicates=frozenset({"briefed", "metWith"}))


@pytest.fixture(scope="session")
def broken_graph(small_dir, tmp_path_factory) -> Path:
    """The small graph with a fact of confidence 1.5 and a kgo:visited whose object is a Person."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    from kg.export import write_turtle
    from kg.ontology import KGO, KGR_DEFAULT

    g = Graph().parse(small_dir / "graph.ttl")
    fact = sorted(g.subjects(KGO.relation, KGO.metWith))[0]
    g.set((fact, KGO.confidence, Literal("1.5", datatype=XSD.decimal)))
    g.add((URIRef(KGR_DEFAULT + "vladimir_putin"), KGO.visited, URIRef(KGR_DEFAULT + "xi_jinping")))
    out = tmp_path_factory.mktemp("broken") / "graph.ttl"
    write_turtle(g, out, base_iri=KGR_DEFAULT)
    return out


@pytest.fixture(scope="module")
def endpoint(gold_dir):
    """Base URL (no trailing slash) of a `kg serve` of the gold graph, on a free loopback port."""
    import threading

    from kg.serve import make_server

    server = make_server(gold_dir / "graph.ttl", "127.0.0.1", 0, timeout=2.0, limit=1000)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)
