"""The closed namespace of ontology/newskg.ttl, and where the ontology and shapes files live.

`KGO.spokeWith` is a term; `KGO.spokeWit` raises AttributeError, so a typo is an error
instead of a silent new term in the graph. The terms here and the ones declared in
ontology/newskg.ttl are the same set (tests/test_ontology.py checks it).

The canonical files are `ontology/newskg.ttl` and `ontology/shapes.ttl` at the repository
root; `kg/data/ontology/` holds byte-identical copies so an installed package finds them.
"""
# No `from __future__ import annotations`: DefinedNamespace reads the annotations below
# as classes (URIRef), not as strings.

from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.types import ENTITY_CLASSES

__all__ = [
    "KGO",
    "KGR_DEFAULT",
    "SCHEMA",
    "SEM",
    "WD",
    "SYMMETRIC",
    "SHORTCUTS",
    "EVENT_CLASSES",
    "ENTITY_CLASSES",
    "ontology_path",
    "shapes_path",
    "load_ontology",
    "declared_terms",
]

KGR_DEFAULT = "https://w3id.org/newskg/resource/"
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")


class KGO(DefinedNamespace):
    """The newskg ontology, `kgo:` (https://w3id.org/newskg/ontology#)."""

    _fail = True
    _NS = Namespace("https://w3id.org/newskg/ontology#")

    # Classes: entities
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Country: URIRef
    City: URIRef
    # Classes: fact nodes, sources, evidence
    Event: URIRef
    PhoneCall: URIRef
    Meeting: URIRef
    Visit: URIRef
    Summit: URIRef
    Assertion: URIRef
    NewsArticle: URIRef
    Evidence: URIRef

    # Shortcut properties between entities
    spokeWith: URIRef
    briefed: URIRef
    metWith: URIRef
    visited: URIRef
    plansToVisit: URIRef
    hosted: URIRef
    leaderOf: URIRef
    representativeOf: URIRef
    relativeOf: URIRef
    affiliatedWith: URIRef
    nationality: URIRef
    memberOf: URIRef
    locatedIn: URIRef
    imposedTariffOn: URIRef
    sanctioned: URIRef
    supports: URIRef
    criticized: URIRef

    # Fact-node roles, provenance, mentions
    relation: URIRef
    participant: URIRef
    agent: URIRef
    target: URIRef
    place: URIRef
    hasEvidence: URIRef
    mentionedIn: URIRef

    # Datatype properties
    title: URIRef
    date: URIRef
    startDate: URIRef
    publishedDate: URIRef
    confidence: URIRef
    evidence: URIRef
    charStart: URIRef
    charEnd: URIRef
    extractor: URIRef
    sourceFile: URIRef
    mentionCount: URIRef
    derivationCount: URIRef


# Local names of the shortcut properties, in ONTOLOGY.md order.
SHORTCUTS: tuple[str, ...] = (
    "spokeWith",
    "briefed",
    "metWith",
    "visited",
    "plansToVisit",
    "hosted",
    "leaderOf",
    "representativeOf",
    "relativeOf",
    "affiliatedWith",
    "nationality",
    "memberOf",
    "locatedIn",
    "imposedTariffOn",
    "sanctioned",
    "supports",
    "criticized",
)
# Shortcuts declared owl:SymmetricProperty (briefed is a sub-property of spokeWith but
# has a direction).
SYMMETRIC: frozenset[str] = frozenset({"spokeWith", "metWith"})
# Local names of the classes a fact node of a dynamic relation may have.
EVENT_CLASSES: tuple[str, ...] = ("Event", "PhoneCall", "Meeting", "Visit", "Summit")

_FILES = Path(__file__).parent / "data" / "ontology"
_REPO_FILES = Path(__file__).resolve().parent.parent / "ontology"


def _resolve(name: str) -> Path:
    """Return the packaged copy of `name` if present, else the repository's."""
    packaged = _FILES / name
    return packaged if packaged.exists() else _REPO_FILES / name


def ontology_path() -> Path:
    """Return the path of newskg.ttl (the OWL ontology)."""
    return _resolve("newskg.ttl")


def shapes_path() -> Path:
    """Return the path of shapes.ttl (the SHACL shapes a built graph conforms to)."""
    return _resolve("shapes.ttl")


@cache
def load_ontology() -> Graph:
    """Return the ontology as an rdflib Graph, parsed once and shared: do not modify it."""
    return Graph().parse(ontology_path(), format="turtle")


def declared_terms() -> set[URIRef]:
    """Return every kgo: IRI that the ontology types as a class or property."""
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}
    graph = load_ontology()
    return {
        term
        for term, kind in graph.subject_objects(RDF.type)
        if kind in kinds and isinstance(term, URIRef) and term.startswith(str(KGO))
    }
