"""kg eval's scoring rules on a hand-made graph and gold."""
from __future__ import annotations

import json

import pytest
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.namespace import SKOS

from kg.evaluate import evaluate, fold
from kg.ontology import KGO

KGR = Namespace("https://w3id.org/newskg/resource/")


@pytest.mark.parametrize("a, b", [("The Kremlin", "Kremlin"), ("Putin’s", "Putin"), ("U.S.", "US"),
                                  ("Kasym-Jomart Tokayev", "kasym jomart tokayev"), ("Erdoğan", "Erdogan")])
def test_fold(a, b):
    assert fold(a) == fold(b)


def _graph(tmp_path, triples):
    g = Graph()
    people = {"anna": ("Person", "Anna Berg"), "olaf": ("Person", "Olaf Lund"), "nor": ("Country", "Norway"),
              "olaf2": ("Person", "Lund")}
    for key, (cls, label) in people.items():
        g.add((KGR[key], RDF.type, KGO[cls]))
        g.add((KGR[key], SKOS.prefLabel, Literal(label)))
    for s, p, o in triples:
        g.add((KGR[s], KGO[p], KGR[o]))
    path = tmp_path / "g.ttl"
    g.serialize(path, format="turtle")
    return path


def _gold(tmp_path, relations):
    d = tmp_path / "gold"
    d.mkdir()
    doc = {"doc": "a.txt", "entities": [
        {"id": "anna_berg", "type": "Person", "labels": ["Anna Berg", "Berg"]},
        {"id": "olaf_lund", "type": "Person", "labels": ["Olaf Lund", "Lund"]},
        {"id": "norway", "type": "Country", "labels": ["Norway"]},
        {"id": "sweden", "type": "Country", "labels": ["Sweden"]}],
        "relations": relations}
    (d / "a.txt.json").write_text(json.dumps(doc))
    return d


def test_scores(tmp_path):
    graph = _graph(tmp_path, [("olaf", "spokeWith", "anna"),       # matches gold briefed, reversed
                              ("anna", "leaderOf", "nor"),          # matches uncertain gold: precision only
                              ("anna", "visited", "nor")])          # spurious
    gold = _gold(tmp_path, [
        {"s": "anna_berg", "p": "briefed", "o": "olaf_lund", "evidence": "e1", "certain": True},
        {"s": "anna_berg", "p": "leaderOf", "o": "norway", "evidence": "e2", "certain": False},
        {"s": "olaf_lund", "p": "nationality", "o": "norway", "evidence": "e3", "certain": True}])
    r = evaluate(graph, gold)
    assert (r.relations.tp, r.relations.fp, r.relations.fn) == (2, 1, 1)
    assert r.relations.recall == 0.5 and r.relations.precision == pytest.approx(2 / 3)
    # Four nodes, all aligned (two of them to Olaf Lund): duplication shows; Sweden is missed.
    assert (r.entities.tp, r.entities.fp, r.entities.fn) == (4, 0, 1)
    assert r.nodes_per_entity == pytest.approx(4 / 3)
    assert r.entities.recall == pytest.approx(3 / 4)
