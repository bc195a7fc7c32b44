"""Tests of kg/ontology.py, ontology/newskg.ttl and ontology/shapes.ttl."""
import re
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import FOAF, PROV

from kg.ontology import (
    ENTITY_CLASSES,
    EVENT_CLASSES,
    KGO,
    SCHEMA,
    SEM,
    SHORTCUTS,
    SYMMETRIC,
    declared_terms,
    load_ontology,
    ontology_path,
    shapes_path,
)

# A plain Namespace: rdflib's XSD warns when pytest probes it for mock attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
REPO = Path(__file__).resolve().parent.parent
PACKAGED = REPO / "kg" / "data" / "ontology"
ONTOLOGY_FILES = ("newskg.ttl", "shapes.ttl")

# The shortcut table of ONTOLOGY.md: property, domain, range (as declared in the TTL).
SHORTCUT_TABLE = [
    ("spokeWith", KGO.Person, KGO.Person),
    ("briefed", KGO.Person, KGO.Person),
    ("metWith", KGO.Person, KGO.Person),
    ("visited", KGO.Person, KGO.Place),
    ("plansToVisit", KGO.Person, KGO.Place),
    ("hosted", KGO.Person, KGO.Person),
    ("leaderOf", KGO.Person, KGO.Agent),
    ("representativeOf", KGO.Person, KGO.Agent),
    ("relativeOf", KGO.Person, KGO.Person),
    ("affiliatedWith", KGO.Person, KGO.Organization),
    ("nationality", KGO.Person, KGO.Country),
    ("memberOf", KGO.Agent, KGO.Organization),
    ("locatedIn", KGO.Place, KGO.Place),
    ("imposedTariffOn", KGO.Agent, KGO.Country),
    ("sanctioned", KGO.Agent, KGO.Agent),
    ("supports", KGO.Agent, KGO.Agent),
    ("criticized", KGO.Agent, KGO.Agent),
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


def _kgo_terms() -> list[URIRef]:
    return sorted(dir(KGO))


# ── files ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_file_parses_with_rdflib_and_pyoxigraph(name):
    path = REPO / "ontology" / name
    graph = Graph().parse(path, format="turtle")
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(graph) > 50
    assert len(quads) == len(graph)


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_packaged_copy_is_byte_identical(name):
    assert (PACKAGED / name).read_bytes() == (REPO / "ontology" / name).read_bytes()


def test_paths_resolve_to_existing_files():
    assert ontology_path().name == "newskg.ttl" and ontology_path().is_file()
    assert shapes_path().name == "shapes.ttl" and shapes_path().is_file()


def test_load_ontology_is_cached(onto):
    assert load_ontology() is onto
    assert (URIRef("https://w3id.org/newskg/ontology"), RDF.type, OWL.Ontology) in onto


def test_ontology_header_has_version_label_comment(onto):
    header = URIRef("https://w3id.org/newskg/ontology")
    for prop in (OWL.versionInfo, OWL.versionIRI, RDFS.label, RDFS.comment):
        assert onto.value(header, prop) is not None, prop


# ── the closed namespace and the TTL declare the same terms ───────────────────


def test_namespace_and_ontology_declare_the_same_terms():
    assert declared_terms() == set(dir(KGO))


def test_undeclared_term_is_an_error():
    with pytest.raises(AttributeError, match="spokeWit"):
        KGO.spokeWit  # noqa: B018
    with pytest.raises(AttributeError):
        KGO["spokeWit"]


def test_every_term_of_the_graph_model_is_declared():
    text = (REPO / "docs" / "graph-model.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\bkgo:([A-Za-z]+)", text))
    assert used, "docs/graph-model.md names no kgo: term"
    assert {KGO[name] for name in used} <= declared_terms()


def test_helper_constants_name_declared_terms():
    assert SHORTCUTS == tuple(name for name, _, _ in SHORTCUT_TABLE)
    assert SYMMETRIC == {"spokeWith", "metWith"}
    for name in (*SHORTCUTS, *EVENT_CLASSES, *ENTITY_CLASSES):
        assert KGO[name] in declared_terms()


def test_other_namespaces():
    assert str(SCHEMA) == "https://schema.org/"
    assert str(SEM) == "http://semanticweb.cs.vu.nl/2009/11/sem/"


# ── every term is documented and typed ─────────────────────────────────────────


@pytest.mark.parametrize("term", _kgo_terms(), ids=lambda t: t.split("#")[-1])
def test_term_has_type_label_and_comment(onto, term):
    kinds = set(onto.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    assert onto.value(term, RDFS.label) is not None
    assert len(str(onto.value(term, RDFS.comment) or "")) > 20


@pytest.mark.parametrize("term", _kgo_terms(), ids=lambda t: t.split("#")[-1])
def test_property_has_domain_and_range(onto, term):
    kinds = set(onto.objects(term, RDF.type))
    if OWL.Class in kinds:
        return
    assert len(kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}) == 1
    assert onto.value(term, RDFS.domain) is not None
    rng = onto.value(term, RDFS.range)
    assert rng is not None
    is_datatype = rng == RDFS.Literal or str(rng).startswith(str(XSD))
    assert is_datatype == (OWL.DatatypeProperty in kinds)


# ── the contract of ONTOLOGY.md ────────────────────────────────────────────────


@pytest.mark.parametrize("name, domain, rng", SHORTCUT_TABLE)
def test_shortcut_domain_and_range(onto, name, domain, rng):
    prop = KGO[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in onto
    assert onto.value(prop, RDFS.domain) == domain
    assert onto.value(prop, RDFS.range) == rng


def test_symmetric_properties(onto):
    symmetric = {p for p in onto.subjects(RDF.type, OWL.SymmetricProperty)}
    assert symmetric == {KGO[name] for name in SYMMETRIC}
    assert (KGO.briefed, RDFS.subPropertyOf, KGO.spokeWith) in onto
    assert (KGO.briefed, RDF.type, OWL.SymmetricProperty) not in onto


@pytest.mark.parametrize("prop", ["participant", "agent", "target", "relation", "hasEvidence"])
def test_fact_roles_have_union_domain(onto, prop):
    domain = onto.value(KGO[prop], RDFS.domain)
    members = list(Collection(onto, onto.value(domain, OWL.unionOf)))
    assert members == [KGO.Event, KGO.Assertion]


def test_relation_and_evidence_ranges(onto):
    assert onto.value(KGO.relation, RDFS.range) == RDF.Property
    assert onto.value(KGO.hasEvidence, RDFS.range) == KGO.Evidence
    assert onto.value(KGO.mentionedIn, RDFS.range) == KGO.NewsArticle
    assert onto.value(KGO.confidence, RDFS.range) == XSD.decimal
    assert onto.value(KGO.date, RDFS.range) == RDFS.Literal  # also gYearMonth / gYear


@pytest.mark.parametrize(
    "term, relation, other",
    [
        ("Agent", RDFS.subClassOf, PROV.Agent),
        ("Agent", RDFS.subClassOf, FOAF.Agent),
        ("Person", RDFS.subClassOf, SCHEMA.Person),
        ("Person", RDFS.subClassOf, FOAF.Person),
        ("Organization", RDFS.subClassOf, SCHEMA.Organization),
        ("Place", RDFS.subClassOf, SCHEMA.Place),
        ("Country", RDFS.subClassOf, KGO.Place),
        ("Country", RDFS.subClassOf, KGO.Agent),
        ("Country", RDFS.subClassOf, SCHEMA.Country),
        ("City", RDFS.subClassOf, SCHEMA.City),
        ("Event", RDFS.subClassOf, SEM.Event),
        ("Event", RDFS.subClassOf, SCHEMA.Event),
        ("PhoneCall", RDFS.subClassOf, KGO.Event),
        ("Meeting", RDFS.subClassOf, KGO.Event),
        ("Visit", RDFS.subClassOf, KGO.Event),
        ("Summit", RDFS.subClassOf, KGO.Event),
        ("NewsArticle", RDFS.subClassOf, SCHEMA.NewsArticle),
        ("NewsArticle", RDFS.subClassOf, PROV.Entity),
        ("Evidence", RDFS.subClassOf, PROV.Entity),
        ("participant", RDFS.subPropertyOf, SEM.hasActor),
        ("place", RDFS.subPropertyOf, SEM.hasPlace),
        ("date", RDFS.subPropertyOf, SEM.hasTimeStamp),
        ("memberOf", RDFS.subPropertyOf, SCHEMA.memberOf),
        ("locatedIn", RDFS.subPropertyOf, SCHEMA.containedInPlace),
        ("affiliatedWith", RDFS.subPropertyOf, SCHEMA.affiliation),
        ("nationality", RDFS.subPropertyOf, SCHEMA.nationality),
        ("relativeOf", RDFS.subPropertyOf, SCHEMA.relatedTo),
        ("title", RDFS.subPropertyOf, SCHEMA.jobTitle),
    ],
)
def test_alignment(onto, term, relation, other):
    assert (KGO[term], relation, other) in onto


# ── SHACL shapes ───────────────────────────────────────────────────────────────

PREFIXES = """
@prefix kgo: <https://w3id.org/newskg/ontology#> .
@prefix kgr: <https://w3id.org/newskg/resource/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .
"""

# A small graph shaped as docs/graph-model.md describes.
VALID = PREFIXES + """
kgr:vladimir_putin a kgo:Person ;
    skos:prefLabel "Vladimir Putin" ; rdfs:label "Vladimir Putin" ;
    skos:altLabel "Putin", "President Vladimir Putin" ;
    kgo:title "President" ; kgo:mentionCount 42 ;
    kgo:mentionedIn kgr:article_2c8ac6919ca2e163 ;
    owl:sameAs <http://www.wikidata.org/entity/Q7747> .
kgr:xi_jinping a kgo:Person ;
    skos:prefLabel "Xi Jinping" ; rdfs:label "Xi Jinping" ; kgo:mentionCount 2 .
kgr:steve_witkoff a kgo:Person ;
    skos:prefLabel "Steve Witkoff" ; rdfs:label "Steve Witkoff" ; kgo:title "special envoy" .
kgr:russia a kgo:Country ; skos:prefLabel "Russia" ; rdfs:label "Russia" .
kgr:moscow a kgo:City ; skos:prefLabel "Moscow" ; rdfs:label "Moscow" .

kgr:article_2c8ac6919ca2e163 a kgo:NewsArticle ;
    dcterms:title "Putin calls leaders" ; kgo:publishedDate "2025-08-08"^^xsd:date ;
    kgo:sourceFile "seeds/001_2c8ac6919ca2e163.txt" ; schema:url <https://example.org/news/1> .
kgr:article_348f036c3fece290 a kgo:NewsArticle ;
    kgo:sourceFile "seeds/000_348f036c3fece290.txt" .

# A phone call read in two articles.
kgr:vladimir_putin kgo:briefed kgr:xi_jinping .
kgr:fact_00000000000000a1 a kgo:PhoneCall ;
    kgo:relation kgo:briefed ;
    kgo:agent kgr:vladimir_putin ; kgo:target kgr:xi_jinping ;
    kgo:participant kgr:vladimir_putin, kgr:xi_jinping ;
    kgo:place kgr:moscow ;
    kgo:date "2025-08-08"^^xsd:date ;
    kgo:confidence 0.93 ;
    kgo:derivationCount 2 ;
    prov:wasDerivedFrom kgr:article_2c8ac6919ca2e163, kgr:article_348f036c3fece290 ;
    kgo:hasEvidence kgr:fact_00000000000000a1_e1, kgr:fact_00000000000000a1_e2 .
kgr:fact_00000000000000a1_e1 a kgo:Evidence ;
    prov:wasDerivedFrom kgr:article_2c8ac6919ca2e163 ;
    kgo:evidence "Putin briefed Xi on his talks." ; kgo:charStart 120 ; kgo:charEnd 150 ;
    kgo:confidence 0.9 ; kgo:extractor "conversation.verb" ;
    kgo:date "2025-08-08"^^xsd:date .
kgr:fact_00000000000000a1_e2 a kgo:Evidence ;
    prov:wasDerivedFrom kgr:article_348f036c3fece290 ;
    kgo:evidence "Xi was briefed by Putin." ; kgo:charStart 0 ; kgo:charEnd 24 ;
    kgo:confidence 0.3 ; kgo:extractor "conversation.passive" .

# A visit known to the month; a symmetric meeting whose node names the ends the other way.
kgr:steve_witkoff kgo:visited kgr:moscow .
kgr:fact_00000000000000b2 a kgo:Visit ;
    kgo:relation kgo:visited ;
    kgo:agent kgr:steve_witkoff ; kgo:target kgr:moscow ; kgo:participant kgr:steve_witkoff ;
    kgo:date "2025-08"^^xsd:gYearMonth ; kgo:confidence 0.8 ; kgo:derivationCount 1 ;
    prov:wasDerivedFrom kgr:article_2c8ac6919ca2e163 ;
    kgo:hasEvidence kgr:fact_00000000000000b2_e1 .
kgr:fact_00000000000000b2_e1 a kgo:Evidence ;
    prov:wasDerivedFrom kgr:article_2c8ac6919ca2e163 ;
    kgo:evidence "Witkoff arrived in Moscow." ; kgo:charStart 200 ; kgo:charEnd 226 ;
    kgo:confidence 0.8 ; kgo:extractor "visit.verb" .

kgr:steve_witkoff kgo:metWith kgr:vladimir_putin .
kgr:fact_00000000000000c3 a kgo:Meeting ;
    kgo:relation kgo:metWith ;
    kgo:agent kgr:vladimir_putin ; kgo:target kgr:steve_witkoff ;
    kgo:confidence 0.7 ;
    prov:wasDerivedFrom kgr:article_2c8ac6919ca2e163 ;
    kgo:hasEvidence kgr:fact_00000000000000c3_e1 .
kgr:fact_00000000000000c3_e1 a kgo:Evidence ;
    prov:wasDerivedFrom kgr:article_2c8ac6919ca2e163 ;
    kgo:evidence "Putin met Witkoff." ; kgo:charStart 300 ; kgo:charEnd 318 ;
    kgo:confidence 0.7 ; kgo:extractor "meeting.verb" .

# A stative fact.
kgr:vladimir_putin kgo:leaderOf kgr:russia .
kgr:fact_00000000000000d4 a kgo:Assertion ;
    kgo:relation kgo:leaderOf ;
    kgo:agent kgr:vladimir_putin ; kgo:target kgr:russia ;
    kgo:confidence 0.95 ;
    prov:wasDerivedFrom kgr:article_2c8ac6919ca2e163 ;
    kgo:hasEvidence kgr:fact_00000000000000d4_e1 .
kgr:fact_00000000000000d4_e1 a kgo:Evidence ;
    prov:wasDerivedFrom kgr:article_2c8ac6919ca2e163 ;
    kgo:evidence "Russian President Vladimir Putin spoke." ; kgo:charStart 0 ; kgo:charEnd 39 ;
    kgo:confidence 0.95 ; kgo:extractor "title.leader" .
"""


def _edit(old: str, new: str, ttl: str = VALID) -> str:
    """Return `ttl` with `old` replaced by `new`, or with `new` appended when `old` is empty."""
    if not old:
        return f"{ttl}\n{new}\n"
    assert old in ttl, old
    return ttl.replace(old, new, 1)


def _report(ttl: str, shapes: Graph, **options) -> tuple[bool, str]:
    data = Graph().parse(data=ttl, format="turtle")
    conforms, _, text = validate(data, shacl_graph=shapes, **options)
    return conforms, text


def test_valid_graph_conforms(shapes):
    conforms, text = _report(VALID, shapes)
    assert conforms, text


def test_valid_graph_conforms_with_rdfs_inference_over_the_ontology(shapes, onto):
    conforms, text = _report(VALID, shapes, ont_graph=onto, inference="rdfs")
    assert conforms, text


def test_broken_graph_reports_every_problem(shapes):
    broken = VALID
    for old, new in [
        ("kgo:confidence 0.93 ;", "kgo:confidence 1.5 ;"),
        ('skos:prefLabel "Xi Jinping" ;', ""),
        ("kgo:visited kgr:moscow .", "kgo:visited kgr:xi_jinping ."),
        ("kgo:target kgr:moscow ;", "kgo:target kgr:xi_jinping ;"),
    ]:
        broken = _edit(old, new, broken)
    conforms, text = _report(broken, shapes)
    assert not conforms
    assert "kgo:confidence is not an xsd:decimal between 0 and 1" in text
    assert "The entity has no skos:prefLabel" in text
    assert "kgo:visited points at something that is not a place" in text


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("kgo:confidence 0.93 ;", "kgo:confidence 1.5 ;", "between 0 and 1"),
        ("kgo:confidence 0.93 ;", "kgo:confidence -0.1 ;", "between 0 and 1"),
        ("kgo:confidence 0.93 ;", 'kgo:confidence "0.93"^^xsd:double ;', "xsd:decimal"),
        ("kgo:confidence 0.93 ;", "", "does not have exactly one kgo:confidence"),
        ('skos:prefLabel "Xi Jinping" ;', "", "has no skos:prefLabel"),
        ('skos:prefLabel "Xi Jinping" ;', 'skos:prefLabel "Xi Jinping", "Xi" ;',
         "more than one skos:prefLabel"),
        ("", "kgr:moscow a kgo:Country .", "more than one of the classes"),
        ('kgo:sourceFile "seeds/000_348f036c3fece290.txt" .', ".", "has no kgo:sourceFile"),
        ("kgo:visited kgr:moscow .", "kgo:visited kgr:xi_jinping .",
         "kgo:visited points at something that is not a place"),
        ("", "kgr:xi_jinping kgo:nationality kgr:moscow .",
         "kgo:nationality points at something that is not a kgo:Country"),
        ("", "kgr:russia kgo:spokeWith kgr:xi_jinping .", "Only a kgo:Person can be the subject"),
        ("", "kgr:vladimir_putin kgo:memberOf kgr:russia .",
         "Only a kgo:Country or a kgo:Organization can be the subject of kgo:memberOf"),
        ("kgr:vladimir_putin kgo:briefed kgr:xi_jinping .", "", "that shortcut triple is not in the graph"),
        ("", "kgr:xi_jinping kgo:supports kgr:russia .", "has no fact node"),
        ("kgo:relation kgo:leaderOf ;", "kgo:relation kgo:title ;",
         "does not name one of the shortcut properties"),
        ("kgo:place kgr:moscow ;", "kgo:place kgr:xi_jinping ;", "kgo:place is not a place"),
        ('kgo:date "2025-08-08"^^xsd:date ;', 'kgo:date "last Friday" ;',
         "kgo:date is not an xsd:date"),
        ("kgr:article_2c8ac6919ca2e163, kgr:article_348f036c3fece290 ;", "kgr:article_2c8ac6919ca2e163 ;",
         "not among the fact's prov:wasDerivedFrom"),
        ("kgo:hasEvidence kgr:fact_00000000000000d4_e1 .", "kgo:hasEvidence kgr:moscow .",
         "not a kgo:Evidence"),
        ("kgo:hasEvidence kgr:fact_00000000000000d4_e1 .", ".", "has no kgo:hasEvidence"),
        ("kgo:hasEvidence kgr:fact_00000000000000d4_e1 .", ".", "not the kgo:hasEvidence of any fact"),
        ("kgo:charStart 120 ;", "kgo:charStart 160 ;", "kgo:charStart is after its kgo:charEnd"),
        ("kgo:charStart 120 ;", "kgo:charStart -1 ;", "kgo:charStart, an xsd:integer of at least 0"),
        ('kgo:evidence "Witkoff arrived in Moscow." ;', "", "exactly one kgo:evidence sentence"),
        ('kgo:extractor "visit.verb" .', ".", "exactly one kgo:extractor"),
        ("prov:wasDerivedFrom kgr:article_348f036c3fece290 ;", "prov:wasDerivedFrom kgr:moscow ;",
         "is not a kgo:NewsArticle"),
        ("kgr:fact_00000000000000c3 a kgo:Meeting ;", "kgr:fact_00000000000000c3 a kgo:Person ;",
         "neither a kgo:Event"),
    ],
)
def test_broken_graph_does_not_conform(shapes, old, new, message):
    conforms, text = _report(_edit(old, new), shapes)
    assert not conforms
    assert message in text, text
