"""The one place RDF is written from the typed model: Corpus → rdflib Dataset.

The default graph holds the merged statements; each article's own statements also go to
the named graph `<article IRI>/graph`. No blank nodes, so serialisations are canonical.
The shape is documented in docs/graph-model.md.
"""
from __future__ import annotations

import functools
import hashlib
import re

import rdflib
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from kg import ontology
from kg.extract.dates import xsd_type
from kg.ontology import KGR_DEFAULT
from kg.types import Article, Corpus, Entity, Evidence, Relation


class _Terms:
    """A namespace whose terms are made once: rdflib makes a new URIRef at every attribute
    access, and the same object each time lets a graph of a million triples be assembled
    and written with identity checks instead of string comparisons."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace
        self._made: dict[str, URIRef] = {}

    def __getitem__(self, name: str) -> URIRef:
        term = self._made.get(name)
        if term is None:
            term = self._made[name] = self._namespace[name]
        return term

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)  # later accesses are plain attribute reads
        return term

    def __str__(self) -> str:
        return str(self._namespace)


KGO, SCHEMA = _Terms(ontology.KGO), _Terms(ontology.SCHEMA)
RDF, RDFS, OWL, SKOS, XSD = (_Terms(n) for n in (rdflib.RDF, rdflib.RDFS, rdflib.OWL, rdflib.SKOS, rdflib.XSD))
DCTERMS, PROV = _Terms(ns.DCTERMS), _Terms(ns.PROV)

STATIVE = "Assertion"
PREFIXES = {
    "kgo": str(ontology.KGO._NS), "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD),
    "skos": str(SKOS), "prov": str(PROV), "dcterms": str(DCTERMS), "schema": str(SCHEMA),
    "wd": "http://www.wikidata.org/entity/",
}


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def encode_iri(iri: str) -> str:
    """`iri` with the characters IRIs forbid (spaces, quotes, angle brackets…) percent-encoded."""
    return _IRI_BAD.sub(lambda m: f"%{ord(m.group()):02X}", iri) if _IRI_BAD.search(iri) else iri


def absolute_iri(url: str) -> str | None:
    """`url` as an absolute IRI (characters IRIs forbid percent-encoded), or None for a
    relative one ("example.org/page"), which no store could place."""
    url = url.strip()
    if not _SCHEME.match(url):
        return None
    return encode_iri(url)


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
        self.add((iri, KGO.sourceFile, _literal(a.source)))
        if a.title:
            self.add((iri, DCTERMS.title, _literal(a.title)))
        if a.date:
            self.add((iri, KGO.publishedDate, _date(a.date)))
        url = absolute_iri(a.url) if a.url else None
        if url:
            self.add((iri, SCHEMA.url, URIRef(url)))

    def entity(self, e: Entity) -> None:
        iri, srcs = self.entity_iri(e.id), e.articles
        self.add((iri, RDF.type, KGO[e.cls]), *srcs)
        self.add((iri, SKOS.prefLabel, _literal(e.pref_label)), *srcs)
        self.add((iri, RDFS.label, _literal(e.pref_label)), *srcs)
        for label in e.alt_labels:
            self.add((iri, SKOS.altLabel, _literal(label)), *srcs)
        for title in e.titles:
            self.add((iri, KGO.title, _literal(title)), *srcs)
        for same in e.same_as:
            self.add((iri, OWL.sameAs, URIRef(same)))
        self.add((iri, KGO.mentionCount, _literal(e.mentions)))
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
        self.add((fact, KGO.derivationCount, _literal(len(r.evidence))))
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
        self.add((node, KGO.evidence, _literal(ev.sentence)), a)
        self.add((node, KGO.charStart, _literal(ev.start)), a)
        self.add((node, KGO.charEnd, _literal(ev.end)), a)
        self.add((node, KGO.confidence, _decimal(ev.confidence)), a)
        self.add((node, KGO.extractor, _literal(ev.extractor)), a)
        if ev.date:
            self.add((node, KGO.date, _date(ev.date)), a)


@functools.lru_cache(maxsize=1 << 16, typed=True)
def _literal(value, datatype: URIRef | None = None) -> Literal:
    """Literal(value, datatype), one object per recent value: numbers, dates, labels and
    extractor names repeat across a corpus, and rdflib's Literal() is slow to make."""
    return Literal(value, datatype=datatype)


def _date(value: str) -> Literal:
    return _literal(value, datatype=XSD[xsd_type(value)])


def _decimal(value: float) -> Literal:
    return _literal(f"{value:.3f}".rstrip("0").rstrip(".") if value else "0", datatype=XSD.decimal)


def build_dataset(corpus: Corpus, *, base_iri: str = KGR_DEFAULT) -> Dataset:
    """The RDF dataset of a resolved corpus: merged default graph plus one graph per article."""
    builder = GraphBuilder(base_iri)
    builder.add_corpus(corpus)
    return builder.dataset
