"""Interaction events between people: conversations, briefings, meetings, hosting.

Verbal frames ("X spoke with Y", "X met Y", "Y will be hosted by X") and nominal ones
("a phone call between X and Y", "X held talks with Y", "during his call with Y, X …",
"X engaged in phone calls with the leaders of A and B to update them") over the verb and
noun lexicons of kg/data/lexicon.json.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.base import Raw, pairs, words
from kg.extract.context import (
    ArticleContext,
    Ref,
    arg_refs,
    arguments,
    negated,
    prep_objects,
    subjects,
)
from kg.types import PERSON

PHONE_WORDS = frozenset({"phone", "telephone", "call", "dial", "video", "videoconference"})


def _people(refs: list[Ref]) -> list[Ref]:
    return [r for r in refs if r.cls == PERSON]


def _is_noun(tok: Token) -> bool:
    return tok.pos_ in {"NOUN", "PROPN"}


def _governing_verb(tok: Token) -> Token | None:
    """The verb a nominal trigger hangs from: 'held talks', 'engaged in a series of calls'."""
    node = tok
    for _ in range(5):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            return node
        if node.dep_ not in {"prep", "pobj", "dobj", "nsubj", "attr", "conj"} and node.pos_ != "ADP":
            if not _is_noun(node):
                return None
    return None


def nominal_participants(tok: Token, ctx: ArticleContext) -> tuple[list[Ref], list[Ref]]:
    """(hosts, partners) of an event noun: possessor or governing subject; 'with'/'between'."""
    between = _people(prep_objects(tok, {"between"}, ctx))
    if len(between) < 2:  # "between Egyptian President X and Jordan's King Y": any name inside
        between = _people([Ref(m.key, m.cls, 0.9) for p in tok.children if p.dep_ == "prep" and p.lower_ == "between"
                           for m in ctx.mentions_in(list(p.subtree))])
        between = list({r.key: r for r in between}.values())
    if len(between) >= 2:
        return between[:1], between[1:]
    owners = _people([r for c in tok.children if c.dep_ == "poss" for r in ctx.refs(c)])
    partners = _people(prep_objects(tok, {"with", "to", "from"}, ctx))  # "received a call from X"
    if not partners and tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        # "his recounting of his meeting … with X": the parser hangs the 'with' on the noun above
        partners = _people(prep_objects(tok.head.head, {"with"}, ctx))
    if not owners:
        verb = _governing_verb(tok)
        if verb is not None:
            owners = _people(subjects(verb, ctx))
    return owners, partners


def _joint(tok: Token, owners: list[Ref], partners: list[Ref]) -> bool:
    """True for "X and Y held talks": named, coordinated subjects of a light verb, and no
    'with'/'between' phrase naming anyone else."""
    if partners or len(owners) < 2 or any(r.confidence < 0.85 for r in owners):
        return False
    if any(c.dep_ == "prep" and c.lower_ in {"with", "between"} for c in tok.children):
        return False
    verb = _governing_verb(tok)
    light = words("spokeWith", "light_verbs") | words("spokeWith", "verbs")
    return verb is not None and verb.lemma_ in light


def _purpose_is_briefing(verb: Token | None) -> bool:
    """'… phone calls with X to update them on …': the call's purpose is a briefing."""
    if verb is None:
        return False
    purpose = words("briefed", "purpose_verbs")
    return any(c.dep_ in {"advcl", "xcomp"} and c.lemma_ in purpose for c in verb.children)


def _trigger_lemma(tok: Token) -> str:
    """A noun trigger's lemma, joined with a compound modifier when that is in the lexicon."""
    mods = [c.lemma_.lower() for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1]
    return f"{mods[0]} {tok.lemma_.lower()}" if mods else tok.lemma_.lower()


def conversations(ctx: ArticleContext) -> Iterator[Raw]:
    """spokeWith and briefed, from verbs and event nouns."""
    verbs, nouns = words("spokeWith", "verbs"), words("spokeWith", "nouns")
    brief = words("briefed", "verbs")
    triggers = verbs | nouns | brief | words("briefed", "thank_verbs")
    for tok in ctx.doc:
        if tok.lemma_.lower() not in triggers or negated(tok):
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in brief:
            agents, patients = arguments(tok, ctx)
            for s, o in pairs(_people(agents), _people(patients)):
                yield Raw(s, "briefed", o, tok.sent, 0.85, "conversation.brief_verb", "PhoneCall", tok)
        elif tok.pos_ == "VERB" and lemma in verbs and not _planned(tok):
            yield from _verbal_conversation(tok, ctx)
        elif _is_noun(tok) and (lemma in nouns or _trigger_lemma(tok) in nouns):
            yield from _nominal_conversation(tok, ctx)
        elif tok.pos_ == "VERB" and lemma in words("briefed", "thank_verbs"):
            yield from _thanked_for_sharing(tok, ctx)


def _verbal_conversation(tok: Token, ctx: ArticleContext) -> Iterator[Raw]:
    agents = _people(subjects(tok, ctx))
    partners = _people(prep_objects(tok, {"with", "to"}, ctx))
    for means in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"by", "over", "via", "on"}):
        for obj in (o for o in means.children if o.dep_ == "pobj"):  # "spoke by telephone with X"
            partners += _people(prep_objects(obj, {"with"}, ctx))
    if tok.lemma_ in {"call", "phone", "telephone", "contact", "dial", "tell"}:
        partners += _people([r for c in tok.children if c.dep_ in {"dobj", "dative"} for r in arg_refs(c, ctx)])
    if not partners and len(agents) >= 2:  # "Putin and Modi spoke"
        agents, partners = agents[:1], agents[1:]
    pred = "briefed" if _purpose_is_briefing(tok) else "spokeWith"
    event = "PhoneCall" if tok.lemma_ in PHONE_WORDS else None
    weak = tok.lemma_ in {"discuss", "talk", "confer", "tell"}
    for s, o in pairs(agents, partners):
        yield Raw(s, pred, o, tok.sent, 0.7 if weak else 0.9, "conversation.verb" + (".weak" if weak else ""), event, tok)


def _nominal_conversation(tok: Token, ctx: ArticleContext) -> Iterator[Raw]:
    owners, partners = nominal_participants(tok, ctx)
    if _joint(tok, owners, partners):  # "X and Y held a phone call"
        owners, partners = owners[:1], owners[1:]
    verb = _governing_verb(tok)
    pred = "briefed" if _purpose_is_briefing(verb) else "spokeWith"
    phone = any(w in PHONE_WORDS for w in _trigger_lemma(tok).split())
    weak = not phone
    for s, o in pairs(owners, partners):
        yield Raw(s, pred, o, tok.sent, 0.65 if weak else 0.85, "conversation.noun" + (".weak" if weak else ""),
                  "PhoneCall" if phone else None, tok)


def _thanked_for_sharing(tok: Token, ctx: ArticleContext) -> Iterator[Raw]:
    """'X thanked Y for sharing the updates' → Y briefed X."""
    shared = words("briefed", "share_objects")
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"):
        for pcomp in (c for c in prep.children if c.dep_ == "pcomp" and c.lemma_ in {"share", "provide", "give"}):
            if any(o.dep_ == "dobj" and o.lemma_ in shared for o in pcomp.children):
                thanked = _people([r for c in tok.children if c.dep_ == "dobj" for r in ctx.refs(c)])
                for s, o in pairs(thanked, _people(subjects(tok, ctx))):
                    yield Raw(s, "briefed", o, tok.sent, 0.8, "conversation.thanked_for_sharing", None, tok)


def meetings(ctx: ArticleContext) -> Iterator[Raw]:
    """metWith, from 'met (with)', 'held talks with', 'a meeting between X and Y'."""
    verbs, nouns = words("metWith", "verbs"), words("metWith", "nouns")
    triggers = verbs | nouns
    for tok in ctx.doc:
        if tok.lemma_.lower() not in triggers or negated(tok) or _hypothetical(tok) or _planned(tok):
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in verbs:
            agents = _people(subjects(tok, ctx))
            partners = _people(prep_objects(tok, {"with"}, ctx))
            partners += _people([r for c in tok.children if c.dep_ == "dobj" for r in arg_refs(c, ctx)])
            if not partners and len(agents) >= 2:
                agents, partners = agents[:1], agents[1:]
            for s, o in pairs(agents, partners):
                yield Raw(s, "metWith", o, tok.sent, 0.9, "meeting.verb", "Meeting", tok)
        elif _is_noun(tok) and lemma in nouns:
            owners, partners = nominal_participants(tok, ctx)
            if _joint(tok, owners, partners):  # "Macron and Xi held talks"
                owners, partners = owners[:1], owners[1:]
            event = "Summit" if lemma == "summit" else "Meeting"
            for s, o in pairs(owners, partners):
                yield Raw(s, "metWith", o, tok.sent, 0.8, "meeting.noun", event, tok)


def _hypothetical(tok: Token) -> bool:
    """'a potential summit', 'a possible meeting': not an event that happened."""
    return any(c.dep_ == "amod" and c.lower_ in {"potential", "possible", "proposed", "hypothetical"}
               for c in tok.children)


def _planned(tok: Token) -> bool:
    """'is expected to meet', 'will meet': a meeting not (yet) held is no metWith."""
    if tok.pos_ == "VERB":
        return _tense(tok) == "future"
    verb = _governing_verb(tok)
    return verb is not None and _tense(verb) == "future"


def hosting(ctx: ArticleContext) -> Iterator[Raw]:
    """hosted: 'X hosted Y', 'Y will be hosted by X', 'X welcomed Y'."""
    verbs = words("hosted", "verbs")
    for tok in ctx.doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs or negated(tok):
            continue
        hosts, guests = arguments(tok, ctx)
        guests = _people(guests)
        if not guests:
            guests = _people(_honoured(tok, ctx))
        for s, o in pairs(_people(hosts), guests):
            yield Raw(s, "hosted", o, tok.sent, 0.85, "hosting.verb", "Visit", tok, tense=_tense(tok))
        # "X welcomed Y to Paris": the guest came to the place.
        if guests and _people(hosts):
            pred = "plansToVisit" if _tense(tok) == "future" else "visited"
            for place in prep_objects(tok, {"to", "in"}, ctx):
                if place.cls in {"Country", "City"}:
                    for g in guests:
                        yield Raw(g, pred, place, tok.sent, 0.75, f"hosting.guest_{pred}", "Visit", tok, tense=_tense(tok))


def _honoured(verb: Token, ctx: ArticleContext) -> list[Ref]:
    """The guests of an occasion hosted: "hosted a banquet for (visiting) X", "a dinner in honour of X"."""
    out: list[Ref] = []
    occasions = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_ in words("hosted", "occasion_nouns")]
    if not occasions:
        return out
    for head in [*occasions, verb]:  # the parser hangs "in honour of X" on either
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in {"for", "in", "honoring", "honouring"}):
            if head is verb and prep.lower_ != "in":
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and (head is not verb or obj.lemma_ in {"honour", "honor"}):
                    out += arg_refs(obj, ctx) + prep_objects(obj, {"of"}, ctx)  # "in honour of X"
                elif obj.dep_ == "pcomp":  # "for visiting X"
                    out += [r for o in obj.children if o.dep_ == "dobj" for r in arg_refs(o, ctx)]
    return out


def _tense(tok: Token) -> str:
    """'future' when the verb is governed by will/shall or an intention verb."""
    node = tok
    for _ in range(3):
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in {"will", "shall", "'ll", "wo", "would"} for c in node.children):
            return "future"
        if node.dep_ == "xcomp" and node.head.lemma_ in words("plansToVisit", "intent_verbs"):
            return "future"
        purpose = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if node.dep_ not in {"xcomp", "conj"} and not purpose:  # "will travel to X to meet Y": both ahead
            break
        node = node.head
    return "past"
