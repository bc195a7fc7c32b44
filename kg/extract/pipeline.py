"""Article + Doc → ArticleExtraction: run every extractor, resolve, date and type-check facts."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from kg.extract import dates
from kg.extract.base import Raw
from kg.extract.context import ArticleContext, Ref
from kg.extract.events import conversations, hosting, meetings
from kg.extract.mentions import collect
from kg.extract.roles import roles
from kg.extract.stances import stances, trade
from kg.extract.structure import locations, memberships
from kg.extract.visits import visits
from kg.gazetteer import Gazetteer
from kg.gazetteer import load as load_gazetteer
from kg.types import CITY, COUNTRY, ORGANIZATION, PERSON, Article, ArticleExtraction, Evidence, LocalEntity, RelationMention

P, C, T, O = {PERSON}, {COUNTRY}, {CITY}, {ORGANIZATION}
AGENTS = P | C | O
# Domain and range of every shortcut property, over the entity classes we emit.
SIGNATURES: dict[str, tuple[set[str], set[str]]] = {
    "spokeWith": (P, P), "briefed": (P, P), "metWith": (P, P), "hosted": (P, P), "relativeOf": (P, P),
    "visited": (P, C | T), "plansToVisit": (P, C | T),
    "leaderOf": (P, C | O), "representativeOf": (P, AGENTS), "affiliatedWith": (P, O),
    "nationality": (P, C), "memberOf": (C | O, O), "locatedIn": (T | C, C | T),
    "imposedTariffOn": (AGENTS, C), "sanctioned": (AGENTS, AGENTS), "supports": (AGENTS, AGENTS),
    "criticized": (AGENTS, AGENTS),
}
EXTRACTORS = (conversations, meetings, hosting, visits, memberships, locations, trade, stances)


def extract(article: Article, doc: Doc, *, gaz: Gazetteer | None = None) -> ArticleExtraction:
    """Every entity and fact of one article, with evidence."""
    gaz = gaz or load_gazetteer()
    ctx = ArticleContext(article, doc, gaz, collect(doc, gaz))
    raws = list(roles(ctx))
    for raw in raws:
        if raw.predicate == "nationality":
            ctx.nationalities.setdefault(raw.subject.key, set()).add(raw.object.key)
    for extractor in EXTRACTORS:
        raws.extend(extractor(ctx))
    relations = list(_finish(ctx, raws))
    return ArticleExtraction(article, tuple(_entities(ctx, relations)), tuple(relations))


def _finish(ctx: ArticleContext, raws: Iterable[Raw]) -> Iterator[RelationMention]:
    """Resolve placeholders, check signatures, attach dates and places; drop duplicates."""
    seen: set[tuple] = set()
    raws = list(raws)
    raws += _leaders_by_description(ctx, raws)
    for raw in raws:
        s, o = ctx.resolve(raw.subject), ctx.resolve(raw.object)
        if s is None or o is None or s.key == o.key:
            continue
        dom, rng = SIGNATURES[raw.predicate]
        if s.cls not in dom or o.cls not in rng:
            continue
        key = (s.key, raw.predicate, o.key, raw.sent.start)
        if key in seen:
            continue
        seen.add(key)
        conf = round(min(0.99, raw.confidence * s.confidence * o.confidence), 3)
        evidence = Evidence(
            article_id=ctx.article.id, sentence=raw.sent.text.strip(), start=raw.sent.start_char,
            end=raw.sent.end_char, confidence=conf, extractor=raw.extractor,
            date=_event_date(ctx, raw), place=_event_place(ctx, raw),
        )
        yield RelationMention(s.key, raw.predicate, o.key, evidence, raw.event)


def _leaders_by_description(ctx: ArticleContext, raws: list[Raw]) -> list[Raw]:
    """'the Russian leader briefed him' naming the article's one unplaced head of state also
    says whose leader that person is."""
    out = []
    for raw in raws:
        for ref in (raw.subject, raw.object):
            if ref.key.startswith("leader:"):
                country = ref.key[len("leader:") :]
                person = ctx.unplaced_leader(country)
                if person is not None and country.startswith("Country:"):
                    out.append(Raw(Ref(person, PERSON), "leaderOf", Ref(country, COUNTRY), raw.sent, 0.7,
                                   "title.description"))
    return out


def _event_date(ctx: ArticleContext, raw: Raw) -> str | None:
    """The date of an event: a DATE entity in the trigger's clause, resolved."""
    if raw.anchor is None:
        return None
    clause = _clause(raw.anchor)
    for ent in raw.sent.ents:
        if ent.label_ == "DATE" and any(t.i in clause for t in ent):
            return dates.resolve(ent.text, ctx.article.date, future=raw.tense == "future")
    return None


def _clause(anchor: Token) -> set[int]:
    """Token indices of the clause around a trigger (its verb's subtree minus sub-clauses)."""
    verb = anchor
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    out, stack = set(), [verb]
    while stack:
        node = stack.pop()
        out.add(node.i)
        stack.extend(c for c in node.children if c.dep_ not in {"ccomp", "relcl", "advcl", "conj"} or c.i == anchor.i)
    return out


def _event_place(ctx: ArticleContext, raw: Raw) -> str | None:
    """A place named with 'in' on the trigger ('talks in Moscow')."""
    if raw.anchor is None or raw.predicate in {"visited", "plansToVisit", "locatedIn"}:
        return None
    for child in raw.anchor.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            for obj in child.children:
                m = ctx.mention(obj)
                if m is not None and m.cls in (CITY, COUNTRY):
                    return m.key
    return None


def _entities(ctx: ArticleContext, relations: list[RelationMention]) -> Iterator[LocalEntity]:
    """The article's entities: its mentions clustered by key, plus countries only named by a
    demonym that a fact needs ("South African President X" → South Africa)."""
    clusters: dict[str, list] = {}
    for m in ctx.index.mentions:
        clusters.setdefault(m.key, []).append(m)
    for key, ms in clusters.items():
        labels = tuple(dict.fromkeys(m.surface for m in ms if m.surface))
        yield LocalEntity(key, ms[0].cls, ms[0].name, labels, tuple(sorted(ctx.titles.get(key, ()))), len(ms))
    needed = {r.subject for r in relations} | {r.object for r in relations}
    for key in sorted(needed - set(clusters)):
        cls, _, name = key.partition(":")
        yield LocalEntity(key, cls, name, (), (), 0)


def sentence_of(doc: Doc, start_char: int) -> Span | None:
    """The sentence containing a character offset (used by tests and the evaluator)."""
    for sent in doc.sents:
        if sent.start_char <= start_char < sent.end_char:
            return sent
    return None


__all__ = ["extract", "SIGNATURES", "Ref"]
