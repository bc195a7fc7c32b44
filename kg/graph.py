"""The one place RDF is written from the typed model: Corpus → rdflib Dataset.

The default graph holds the merged statements; each article's own statements also go to
the named graph `<article IRI>/graph`. No blank nodes, so serialisations are canonical.
The shape is documented in docs/graph-model.md.
"""
from __future__ import annotations

import hashlib

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.extract.dates import xsd_type
from kg.ontology import KGO, KGR_DEFAULT, SCHEMA
from kg.types import Article, Corpus, Entity, Evidence, Relation

STATIVE = "Assertion"
PREFIXES = {
    "kgo": str(KGO._NS), "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD),
    "skos": str(SKOS), "prov": str(PROV), "dcterms": str(DCTERMS), "schema": str(SCHEMA),
    "wd": "http://www.wikidata.org/entity/",
}


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


class GraphBuilder:
    """Build the RDF of a corpus under a base IRI for resources."""

    def __init__(self, base_iri: str = KGR_DEFAULT) -> None:
        self.kgr = Namespace(base_iri)
        self.dataset = Dataset()
        self.default = self.dataset.default_graph

    def article_iri(self, article_id: str) -> URIRef:
        return self.kgr[f"article_{article_id}"]

    def entity_iri(self, entity_id: str) -> URIRef:
        return self.kgr[entity_id]

    def named(self, article_id: str) -> Graph:
        return self.dataset.graph(URIRef(f"{self.article_iri(article_id)}/graph"))

    def add(self, triple: tuple, *article_ids: str) -> None:
        """Add a statement to the merged graph and to the named graphs of its sources."""
        self.default.add(triple)
        for a in article_ids:
            self.named(a).add(triple)

    def article(self, a: Article) -> None:
        iri = self.article_iri(a.id)
        self.add((iri, RDF.type, KGO.NewsArticle))
        self.add((iri, KGO.sourceFile, Literal(a.source)))
        if a.title:
            self.add((iri, DCTERMS.title, Literal(a.title)))
        if a.date:
            self.add((iri, KGO.publishedDate, _date(a.date)))
        if a.url:
            self.add((iri, SCHEMA.url, URIRef(a.url)))

    def entity(self, e: Entity) -> None:
        iri, srcs = self.entity_iri(e.id), e.articles
        self.add((iri, RDF.type, KGO[e.cls]), *srcs)
        self.add((iri, SKOS.prefLabel, Literal(e.pref_label)), *srcs)
        self.add((iri, RDFS.label, Literal(e.pref_label)), *srcs)
        for label in e.alt_labels:
            self.add((iri, SKOS.altLabel, Literal(label)), *srcs)
        for title in e.titles:
            self.add((iri, KGO.title, Literal(title)), *srcs)
        for same in e.same_as:
            self.add((iri, OWL.sameAs, URIRef(same)))
        self.add((iri, KGO.mentionCount, Literal(e.mentions)))
        for a in srcs:
            self.add((iri, KGO.mentionedIn, self.article_iri(a)))

    def relation(self, r: Relation) -> None:
        s, o = self.entity_iri(r.subject), self.entity_iri(r.object)
        prop = KGO[r.predicate]
        sources = sorted({e.article_id for e in r.evidence})
        self.add((s, prop, o), *sources)
        fact = self.kgr[f"fact_{_hash(r.subject, r.predicate, r.object)}"]
        self.add((fact, RDF.type, KGO[r.event or STATIVE]), *sources)
        self.add((fact, KGO.relation, prop), *sources)
        for role, node in ((KGO.agent, s), (KGO.target, o)):
            self.add((fact, role, node), *sources)
        if r.event:
            people = (s,) if r.predicate in {"visited", "plansToVisit"} else (s, o)
            for node in people:
                self.add((fact, KGO.participant, node), *sources)
        places = set(r.places) | ({r.object} if r.predicate in {"visited", "plansToVisit"} else set())
        for place in sorted(places):
            self.add((fact, KGO.place, self.entity_iri(place)), *sources)
        for d in r.dates:
            self.add((fact, KGO.date, _date(d)), *sources)
        self.add((fact, KGO.confidence, _decimal(r.confidence)))
        self.add((fact, KGO.derivationCount, Literal(len(r.evidence))))
        for a in sources:
            self.add((fact, PROV.wasDerivedFrom, self.article_iri(a)), a)
        for i, ev in enumerate(r.evidence, 1):
            self.evidence(fact, i, ev)

    def add_corpus(self, corpus: Corpus) -> None:
        """Articles, then entities, then facts of a resolved corpus."""
        for a in corpus.articles:
            self.article(a)
        for e in corpus.entities:
            self.entity(e)
        for r in corpus.relations:
            self.relation(r)

    def evidence(self, fact: URIRef, i: int, ev: Evidence) -> None:
        node = URIRef(f"{fact}_e{i}")
        a = ev.article_id
        self.add((fact, KGO.hasEvidence, node), a)
        self.add((node, RDF.type, KGO.Evidence), a)
        self.add((node, PROV.wasDerivedFrom, self.article_iri(a)), a)
        self.add((node, KGO.evidence, Literal(ev.sentence)), a)
        self.add((node, KGO.charStart, Literal(ev.start)), a)
        self.add((node, KGO.charEnd, Literal(ev.end)), a)
        self.add((node, KGO.confidence, _decimal(ev.confidence)), a)
        self.add((node, KGO.extractor, Literal(ev.extractor)), a)
        if ev.date:
            self.add((node, KGO.date, _date(ev.date)), a)


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD[xsd_type(value)])


def _decimal(value: float) -> Literal:
    return Literal(f"{value:.3f}".rstrip("0").rstrip(".") if value else "0", datatype=XSD.decimal)


def build_dataset(corpus: Corpus, *, base_iri: str = KGR_DEFAULT) -> Dataset:
    """The RDF dataset of a resolved corpus: merged default graph plus one graph per article."""
    builder = GraphBuilder(base_iri)
    builder.add_corpus(corpus)
    return builder.dataset
