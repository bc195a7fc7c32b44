"""Fixtures for the graph page: a small hand-built graph (docs/graph-model.md) and headless chromium."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.ontology import KGO

KGR = Namespace("https://w3id.org/newskg/resource/")
from tests.conftest import CHROMIUM, FLAGS  # noqa: F401  (the browser fixture lives in tests/conftest.py)

ENTITIES = [  # slug, class, preferred label, alternative labels, titles, mentions
    ("narendra_modi", "Person", "Narendra Modi", ["Modi", "PM Modi"], ["Prime Minister"], 9),
    ("vladimir_putin", "Person", "Vladimir Putin", ["Putin"], ["President"], 12),
    ("xi_jinping", "Person", "Xi Jinping", ["Xi"], [], 4),
    ("lula_da_silva", "Person", "Lula da Silva", ["Lula"], [], 1),  # no facts: a lone node
    ("india", "Country", "India", [], [], 6),
    ("russia", "Country", "Russia", [], [], 5),
    ("moscow", "City", "Moscow", [], [], 2),
    ("brics", "Organization", "BRICS", [], [], 3),
]
ARTICLES = {"a1": ("Modi and Putin talk by phone", "2025-08-08"), "a2": ("Putin's week of calls", "2025-08-10")}
# agent, predicate, target, date, confidence, evidence [(article, sentence)]
FACTS = [
    ("narendra_modi", "spokeWith", "vladimir_putin", "2025-08-08", 0.93,
     [("a1", "Modi spoke with Putin on Friday."), ("a2", "Prime Minister Modi held a call with Putin.")]),
    ("vladimir_putin", "spokeWith", "narendra_modi", "2025-08-09", 0.8, [("a2", "Putin spoke again with Modi.")]),
    ("vladimir_putin", "briefed", "narendra_modi", "2025-08-08", 0.9, [("a1", "Putin briefed Modi on Alaska.")]),
    ("vladimir_putin", "briefed", "xi_jinping", "2025-08-07", 0.9, [("a2", "Putin briefed Xi Jinping.")]),
    ("narendra_modi", "leaderOf", "india", None, 0.95, [("a1", "Indian Prime Minister Narendra Modi said.")]),
    ("vladimir_putin", "leaderOf", "russia", None, 0.95, [("a2", "Russian President Vladimir Putin said.")]),
    ("vladimir_putin", "plansToVisit", "india", "2025", 0.6, [("a1", "Putin will visit India this year.")]),
    ("india", "memberOf", "brics", None, 0.7, [("a1", "India, a BRICS member, ...")]),
    ("russia", "memberOf", "brics", None, 0.7, [("a2", "Russia, a BRICS member, ...")]),
    ("moscow", "locatedIn", "russia", None, 0.99, [("a2", "Moscow, Russia.")]),
    ("xi_jinping", "criticized", "vladimir_putin", "2025-08-10", 0.5, [("a2", "Xi criticized Putin.")]),
    ("vladimir_putin", "criticized", "xi_jinping", "2025-08-10", 0.5, [("a2", "Putin criticized Xi.")]),
]
BARE = [("xi_jinping", "metWith", "vladimir_putin")]  # a shortcut triple with no fact node
NODES, EDGES = 8, 11  # 12 facts + 1 bare triple; spokeWith and criticized both ways merge into one edge each


def small_graph() -> Graph:
    """The graph of ENTITIES, ARTICLES, FACTS and BARE, shaped as kg build writes it."""
    g = Graph()
    for slug, cls, label, alt, titles, mentions in ENTITIES:
        s = KGR[slug]
        g.add((s, RDF.type, KGO[cls]))
        g.add((s, SKOS.prefLabel, Literal(label)))
        g.add((s, RDFS.label, Literal(label)))
        for a in alt:
            g.add((s, SKOS.altLabel, Literal(a)))
        for t in titles:
            g.add((s, KGO.title, Literal(t)))
        g.add((s, KGO.mentionCount, Literal(mentions)))
    for key, (title, date) in ARTICLES.items():
        a = KGR[f"article_{key}"]
        g.add((a, RDF.type, KGO.NewsArticle))
        g.add((a, DCTERMS.title, Literal(title)))
        g.add((a, KGO.publishedDate, Literal(date, datatype=XSD.date)))
    for i, (s, p, o, date, conf, evidence) in enumerate(FACTS):
        fact = KGR[f"fact_{i:016x}"]
        g.add((KGR[s], KGO[p], KGR[o]))
        g.add((fact, RDF.type, KGO.PhoneCall if date else KGO.Assertion))
        g.add((fact, KGO.relation, KGO[p]))
        g.add((fact, KGO.agent, KGR[s]))
        g.add((fact, KGO.target, KGR[o]))
        if date:
            g.add((fact, KGO.date, Literal(date, datatype=XSD.gYear if len(date) == 4 else XSD.date)))
        g.add((fact, KGO.confidence, Literal(str(conf), datatype=XSD.decimal)))
        g.add((fact, KGO.derivationCount, Literal(len(evidence))))
        for j, (art, sentence) in enumerate(evidence, 1):
            ev = URIRef(f"{fact}_e{j}")
            g.add((fact, KGO.hasEvidence, ev))
            g.add((fact, PROV.wasDerivedFrom, KGR[f"article_{art}"]))
            g.add((ev, RDF.type, KGO.Evidence))
            g.add((ev, PROV.wasDerivedFrom, KGR[f"article_{art}"]))
            g.add((ev, KGO.evidence, Literal(sentence)))
            g.add((ev, KGO.confidence, Literal("0.9", datatype=XSD.decimal)))
            g.add((ev, KGO.extractor, Literal("test.rule")))
    for s, p, o in BARE:
        g.add((KGR[s], KGO[p], KGR[o]))
    return g


def _page_data(html: str) -> dict:
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    assert m, "no embedded data"
    return json.loads(m.group(1))


@pytest.fixture
def page_data():
    """page_data(html) -> the JSON the page embeds (nodes, edges with facts and evidence, articles)."""
    return _page_data


@pytest.fixture
def small_counts() -> tuple[int, int]:
    """(nodes, edges) of the whole small graph's page."""
    return NODES, EDGES


@pytest.fixture
def graph() -> Graph:
    return small_graph()


@pytest.fixture(scope="session")
def small_ttl(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("render_small") / "small.ttl"
    small_graph().serialize(path, format="turtle")
    return path


@pytest.fixture(scope="session")
def seeds_ttl(seeds_build) -> Path:
    """graph.ttl of `kg build seeds/` (built once per session by tests/conftest.py)."""
    out, _corpus, _report = seeds_build
    return out / "graph.ttl"


class Page:
    """A page opened from file:// that records console errors and every request it makes."""

    def __init__(self, context, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)

    def _route(self, route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_page(browser):
    pages = []

    def open_(path: Path) -> Page:
        page = Page(browser, path)
        pages.append(page)
        return page

    yield open_
    for page in pages:
        page.close()
