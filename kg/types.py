"""Frozen dataclasses shared by every stage: Article → Mention/RelationMention → Entity/Relation.

spaCy objects never leave `nlp`/`extract` and rdflib objects never enter here, so every
stage's output pickles (parallel workers) and can be tested on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Entity classes, as local names of the ontology (kgo:Person …).
PERSON, COUNTRY, CITY, ORGANIZATION = "Person", "Country", "City", "Organization"
ENTITY_CLASSES = (PERSON, COUNTRY, CITY, ORGANIZATION)


@dataclass(frozen=True)
class Article:
    """One source document after ingestion and cleaning."""

    id: str  # content hash (16 hex chars) — stable across runs and paths
    text: str  # cleaned body text; offsets in Evidence refer to this string
    source: str  # file path (and ":line" for JSON Lines)
    title: str | None = None
    date: str | None = None  # ISO date of publication, when known
    url: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where and how a fact was read: one derivation of a relation."""

    article_id: str
    sentence: str
    start: int  # character offsets of the sentence in Article.text
    end: int
    confidence: float
    extractor: str  # name of the rule that fired
    date: str | None = None  # xsd:date / gYearMonth / gYear lexical form of the event
    place: str | None = None  # local entity key of the event's place


@dataclass(frozen=True)
class LocalEntity:
    """An entity as one article knows it (all its mentions clustered)."""

    key: str  # article-local key, e.g. "Person:Vladimir Putin"
    cls: str  # one of ENTITY_CLASSES
    name: str  # canonical name in this article
    labels: tuple[str, ...]  # surface forms seen (names only, never descriptions)
    titles: tuple[str, ...] = ()  # offices said before/after the name ("President")
    mentions: int = 1


@dataclass(frozen=True)
class RelationMention:
    """A fact read from one sentence, between two article-local entities."""

    subject: str  # LocalEntity.key
    predicate: str  # ontology property local name, e.g. "spokeWith"
    object: str  # LocalEntity.key
    evidence: Evidence
    event: str | None = None  # event class local name ("PhoneCall", "Meeting", "Visit", "Summit")


@dataclass(frozen=True)
class ArticleExtraction:
    """Everything the extractors found in one article."""

    article: Article
    entities: tuple[LocalEntity, ...]
    relations: tuple[RelationMention, ...]


@dataclass(frozen=True)
class Entity:
    """One real-world entity of the corpus."""

    id: str  # stable slug used in the IRI
    cls: str
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()  # Wikidata IRIs from the gazetteers
    articles: tuple[str, ...] = ()  # article ids mentioning it
    mentions: int = 0


@dataclass(frozen=True)
class Relation:
    """One fact of the corpus (subject, predicate, object) with all its derivations."""

    subject: str  # Entity.id
    predicate: str
    object: str  # Entity.id
    evidence: tuple[Evidence, ...]
    confidence: float  # combined over derivations
    event: str | None = None
    places: tuple[str, ...] = ()  # Entity.ids
    dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Corpus:
    """The resolved corpus: what the graph is written from."""

    articles: tuple[Article, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    skipped: tuple[tuple[str, str], ...] = field(default=())  # (source, reason)
