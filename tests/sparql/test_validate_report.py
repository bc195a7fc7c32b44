"""kg/validate.py: SHACL plus the ontology's domains and ranges, reported per node."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from kg.ontology import KGO, KGR_DEFAULT
from kg.validate import ontology_violations, validate


@pytest.fixture(scope="session")
def gold_report(gold_dir):
    return validate(gold_dir / "graph.ttl")


def test_gold_graph_conforms(gold_report):
    assert gold_report.conforms, gold_report.text()
    assert gold_report.text().startswith("Conforms: yes")


def test_seeds_graph_conforms(seeds_dir):
    report = validate(seeds_dir / "graph.ttl")
    assert report.conforms, report.text()


def test_small_graph_conforms(small_dir):
    assert validate(small_dir / "graph.ttl").conforms


def test_broken_graph_names_both_problems(broken_graph):
    report = validate(broken_graph)
    assert not report.conforms
    text = report.text()
    confidence = [v for v in report.violations if v.check == "shacl" and "confidence" in v.message]
    assert confidence and confidence[0].node.startswith("kgr:fact_") and confidence[0].value == "1.5"
    assert "kgs:FactShape / kgo:confidence" in text
    visited = [v for v in report.violations if v.check == "ontology"]
    assert len(visited) == 1
    assert visited[0].node == "kgr:vladimir_putin" and visited[0].value == "kgr:xi_jinping"
    assert "kgo:visited" in visited[0].message and "kgo:Person" in visited[0].message
    assert "kgo:Place" in visited[0].message
    # SHACL says it too: the object is not a place, and no fact node backs the triple
    assert any("kgo:visited points at something that is not a place" in v.message for v in report.violations)
    assert "kgr:vladimir_putin" in report.by_node()


def _kgr(name: str) -> URIRef:
    return URIRef(KGR_DEFAULT + name)


@pytest.mark.parametrize("triples, expected", [
    # subclass: a Country is a kgo:Place and a kgo:Agent
    ([("putin", "Person", "visited", "russia", "Country")], 0),
    # owl:unionOf-free range kgo:Agent satisfied by a Country
    ([("witkoff", "Person", "representativeOf", "usa", "Country")], 0),
    # kgo:briefed inherits spokeWith's domain and range
    ([("putin", "Person", "briefed", "india", "Country")], 2),
    ([("india", "Country", "leaderOf", "russia", "Country")], 1),
    ([("sco", "Organization", "memberOf", "nato", "Organization")], 0),
])
def test_domain_and_range(triples, expected):
    from rdflib import RDF

    g = Graph()
    for s, s_cls, p, o, o_cls in triples:
        g.add((_kgr(s), RDF.type, KGO[s_cls]))
        g.add((_kgr(o), RDF.type, KGO[o_cls]))
        g.add((_kgr(s), KGO[p], _kgr(o)))
    found = list(ontology_violations(g))
    assert len(found) == expected, found


def test_untyped_subject_is_reported():
    g = Graph()
    g.add((_kgr("x"), KGO.metWith, _kgr("y")))
    found = list(ontology_violations(g))
    assert any("untyped" in v.message for v in found)


@pytest.fixture(scope="module")
def sparql_broken(small_dir, broken_graph, tmp_path_factory):
    """Breaks only SHACL-SPARQL constraints can see, on top of the broken graph."""
    from rdflib.namespace import PROV

    from kg.export import write_turtle

    g = Graph().parse(broken_graph)
    met = sorted(g.subjects(KGO.relation, KGO.metWith))
    briefed = sorted(g.subjects(KGO.relation, KGO.briefed))[0]
    a, b = g.value(briefed, KGO.agent), g.value(briefed, KGO.target)
    g.remove((a, KGO.briefed, b))  # a fact node without its shortcut triple
    evidence = g.value(met[2], KGO.hasEvidence)
    other = next(x for x in g.subjects(None, KGO.NewsArticle) if (met[2], PROV.wasDerivedFrom, x) not in g)
    g.set((evidence, PROV.wasDerivedFrom, other))  # evidence from an article the fact does not cite
    out = tmp_path_factory.mktemp("sparql_broken") / "graph.ttl"
    write_turtle(g, out, base_iri=KGR_DEFAULT)
    return out


def test_fast_sparql_constraints_agree_with_pyshacl(sparql_broken):
    fast, exact = validate(sparql_broken), validate(sparql_broken, exact=True)
    key = lambda r: sorted({(v.node, v.shape, v.constraint) for v in r.violations})  # noqa: E731
    assert key(fast) == key(exact)
    sparql = [v for v in fast.violations if v.constraint == "SPARQLConstraintComponent"]
    shapes = {v.shape for v in sparql}
    assert shapes == {"kgs:FactShape", "kgs:ShortcutHasFactShape"}
    assert any("not in the graph" in v.message for v in sparql)
    assert any("not among the fact's prov:wasDerivedFrom" in v.message for v in sparql)
    assert any(v.node == "kgr:vladimir_putin" and "kgo:visited" in v.message for v in sparql)
