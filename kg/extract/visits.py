"""Travel: visited (happened or under way) and plansToVisit (future), with negation.

Frames: "X visited Y", "X travelled/flew to Y", "X arrived in Y", "X's visit/trip to Y",
"X is scheduled to arrive in Y", "X plans to visit Y", "X's visit to Y will happen soon",
and attendance: "X attended a summit in Y", "speaking at a summit in Y, X …",
"X's meeting in Y" (a person meeting in a place that is not home).
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.base import Raw, words
from kg.extract.context import PLACE_CLASSES, ArticleContext, Ref, arg_refs, negated, prep_objects, subjects
from kg.extract.events import _governing_verb, _people, _tense, nominal_participants
from kg.types import PERSON

MOTION_PREPS = frozenset({"to", "in", "into", "for"})
PROGRESSIVE_MOTION = frozenset({"head", "travel", "journey", "fly", "go"})
DEPARTURE = frozenset({"leave", "depart"})  # "left for Beijing": en route, not yet there


def _places(refs: list[Ref]) -> list[Ref]:
    return [r for r in refs if r.cls in PLACE_CLASSES]


def _future(tok: Token) -> bool:
    """Is the travel planned rather than done? Modal, intention verb, 'soon', progressive motion."""
    if _tense(tok) == "future":
        return True
    future_words = words("plansToVisit", "future_words")
    intent = words("plansToVisit", "intent_verbs")
    node = tok
    for depth in range(4):
        if depth and node.lemma_ in intent and node.pos_ in {"VERB", "ADJ"}:  # "plans to", "is due to"
            return True  # "a visit by X to Y is planned for June"
        if any(c.lower_ in future_words and c.dep_ in {"advmod", "amod", "npadvmod", "acomp"} for c in node.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll"} for c in node.children):
            return True
        if node.head.i == node.i or node.dep_ in {"ROOT"}:
            break
        node = node.head
    if tok.lemma_ in PROGRESSIVE_MOTION and tok.tag_ == "VBG" and any(c.dep_ == "aux" for c in tok.children):
        return True  # "are heading to Miami": en route, not yet there
    return False


def _predicate(tok: Token) -> str:
    return "plansToVisit" if _future(tok) else "visited"


def visits(ctx: ArticleContext) -> Iterator[Raw]:
    """visited / plansToVisit facts with the visitor and the destination."""
    verbs, nouns = words("visited", "verbs"), words("visited", "nouns")
    attend = words("visited", "attend_verbs")
    triggers = verbs | nouns | attend | words("visited", "event_nouns") | words("metWith", "verbs") | {"speak", "be"}
    for tok in ctx.doc:
        if tok.lemma_.lower() not in triggers or negated(tok):
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in verbs:
            yield from _verbal_visit(tok, ctx)
        elif tok.pos_ in {"NOUN", "PROPN"} and lemma in nouns:
            yield from _nominal_visit(tok, ctx)
        elif tok.pos_ == "VERB" and (lemma in attend or lemma == "speak"):
            yield from _attendance(tok, ctx)
        if tok.pos_ in {"NOUN", "PROPN"} and lemma in words("visited", "event_nouns"):
            yield from _located_event(tok, ctx)
        elif tok.pos_ == "VERB" and lemma in words("metWith", "verbs"):
            yield from _located_meeting(tok, ctx)
        elif tok.lemma_ == "be" and tok.dep_ in {"ROOT", "ccomp", "conj"}:
            yield from _presence(tok, ctx)


def _verbal_visit(tok: Token, ctx: ArticleContext) -> Iterator[Raw]:
    visitors = _people(subjects(tok, ctx))
    if tok.lemma_ == "visit":
        dests = _places([r for c in tok.children if c.dep_ == "dobj" for r in arg_refs(c, ctx)])
    elif tok.lemma_ in DEPARTURE:
        dests = _places(prep_objects(tok, {"for"}, ctx))
    else:
        dests = _places(prep_objects(tok, MOTION_PREPS - {"for"}, ctx))
    pred = "plansToVisit" if tok.lemma_ in DEPARTURE else _predicate(tok)
    # "left for Kyiv on Monday": the trip is ahead, the departure (and its date) behind.
    tense = "past" if tok.lemma_ in DEPARTURE and tok.tag_ in {"VBD", "VBN"} else _tense_of(pred)
    for v in visitors:
        for d in dests:
            yield Raw(v, pred, d, tok.sent, 0.9, f"visit.verb.{pred}", "Visit", tok, tense=tense)


def _nominal_visit(tok: Token, ctx: ArticleContext) -> Iterator[Raw]:
    visitors = _people([r for c in tok.children if c.dep_ == "poss" for r in ctx.refs(c)])
    visitors += _people(prep_objects(tok, {"by"}, ctx))
    if not visitors:
        verb = _governing_verb(tok)
        visitors = _people(subjects(verb, ctx)) if verb is not None else []
        if not visitors and tok.dep_ == "attr":  # "which will be Putin's first trip to India"
            visitors = _people([r for c in tok.children if c.dep_ == "poss" for r in ctx.refs(c)])
    dests = _places(prep_objects(tok, {"to", "in"}, ctx))
    pred = _predicate(tok)
    for v in visitors:
        for d in dests:
            yield Raw(v, pred, d, tok.sent, 0.85, f"visit.noun.{pred}", "Visit", tok, tense=_tense_of(pred))


def _attendance(tok: Token, ctx: ArticleContext) -> Iterator[Raw]:
    """'X attended a summit in Y', 'speaking at a summit in Y, X warned'."""
    events = words("visited", "event_nouns")
    nouns = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_ in events]
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}):
        nouns += [o for o in prep.children if o.dep_ == "pobj" and o.lemma_ in events]
    if not nouns:
        return
    visitors = _people(subjects(tok, ctx))
    pred = _predicate(tok)
    for noun in nouns:
        for d in _places(prep_objects(noun, {"in", "at"}, ctx)):
            for v in visitors:
                if not _is_home(ctx, v, d):
                    yield Raw(v, pred, d, tok.sent, 0.75, f"visit.attend.{pred}", "Visit", tok, tense=_tense_of(pred))


def _located_event(tok: Token, ctx: ArticleContext) -> Iterator[Raw]:
    """'Witkoff's meeting in Moscow': participants from abroad visited the place."""
    places = _places(prep_objects(tok, {"in"}, ctx))
    if not places and tok.dep_ in {"dobj", "nsubj", "nsubjpass"}:  # "held talks with X in Tokyo", "… took place in Cairo"
        places = _places(prep_objects(tok.head, {"in"}, ctx))
    if not places:
        return
    owners, partners = nominal_participants(tok, ctx)
    if not owners and not partners:
        return
    pred = _predicate(tok)
    for v in owners + partners:
        for d in places:
            if not _is_home(ctx, v, d):
                yield Raw(v, pred, d, tok.sent, 0.7, f"visit.located_event.{pred}", "Visit", tok, tense=_tense_of(pred))


def _located_meeting(tok: Token, ctx: ArticleContext) -> Iterator[Raw]:
    """'X and Y met in Panama City': whoever is not at home there came to the place."""
    places = _places(prep_objects(tok, {"in"}, ctx))
    if not places:
        return
    people = _people(subjects(tok, ctx)) + _people(prep_objects(tok, {"with"}, ctx))
    people += _people([r for c in tok.children if c.dep_ == "dobj" for r in arg_refs(c, ctx)])
    pred = _predicate(tok)
    for v in people:
        for d in places:
            if not _is_home(ctx, v, d):
                yield Raw(v, pred, d, tok.sent, 0.7, f"visit.located_meeting.{pred}", "Visit", tok, tense=_tense_of(pred))


def _presence(tok: Token, ctx: ArticleContext) -> Iterator[Raw]:
    """'X is in Moscow for talks': a person away from home, there now."""
    places = _places(prep_objects(tok, {"in"}, ctx))
    if not places or not any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
        return
    for v in _people([r for c in tok.children if c.dep_ == "nsubj" for r in ctx.refs(c)]):
        for d in places:
            if not _is_home(ctx, v, d):
                yield Raw(v, "visited", d, tok.sent, 0.7, "visit.presence", "Visit", tok)


def _is_home(ctx: ArticleContext, person: Ref, place: Ref) -> bool:
    """True when the article ties the person to the place's country (leader or national)."""
    country = place.key
    m = next((m for m in ctx.index.mentions if m.key == place.key), None)
    if m is not None and m.entry is not None and m.entry.country:
        country = f"Country:{m.entry.country}"
    if ctx.leaders.get(country) == person.key:
        return True
    return country in ctx.nationalities.get(person.key, set())


def _tense_of(pred: str) -> str:
    return "future" if pred == "plansToVisit" else "past"


__all__ = ["visits", "PERSON"]
