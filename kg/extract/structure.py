"""Stative facts about places and organizations: memberOf and locatedIn.

memberOf: "the group includes A, B and C" (the group = the organization last named),
"the SCO was created by A and B", "the formation of the Quad by A, B, C and D",
"A joined NATO", "NATO members A and B".
locatedIn: "Samarkand, Uzbekistan", "Ukraine's Donbas region", "the Ukrainian territory
of Crimea", "Russia's Bryansk region"; and a gazetteer city next to its country.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.base import Raw, words
from kg.extract.context import ArticleContext, Ref, arg_refs, passive_agents, prep_objects, subjects
from kg.types import CITY, COUNTRY, ORGANIZATION

REGION_NOUNS = frozenset({"region", "territory", "province", "oblast", "state", "city", "area", "peninsula", "republic"})


def _members(refs: list[Ref]) -> list[Ref]:
    return [r for r in refs if r.cls in (COUNTRY, ORGANIZATION)]


def _org_of(tok: Token, ctx: ArticleContext) -> Ref | None:
    """The organization a subject names, or 'the group/bloc' → the last organization named."""
    m = ctx.mention(tok)
    if m is not None:
        return Ref(m.key, m.cls) if m.cls == ORGANIZATION else None
    if tok.lower_ in {"which", "that"} and tok.head.dep_ == "relcl":  # "the OAS, which includes …"
        head = tok.head.head
        candidates = [head] + [o for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                               for o in p.children if o.dep_ == "pobj"]
        for cand in candidates:  # "the leaders of the bloc, which includes …"
            found = _org_of(cand, ctx)
            if found is not None:
                return found
        return None
    if tok.lemma_ in words("memberOf", "group_nouns"):
        earlier = [x for x in ctx.mentions_in(ctx.doc[max(0, tok.sent.start - 80) : tok.i]) if x.cls == ORGANIZATION]
        intergov = [x for x in earlier if x.entry is None or x.entry.kind == "intergovernmental"]
        if intergov:
            return Ref(intergov[-1].key, ORGANIZATION, 0.8)
    return None


def memberships(ctx: ArticleContext) -> Iterator[Raw]:
    """memberOf facts."""
    include, found = words("memberOf", "include_verbs"), words("memberOf", "found_verbs")
    for tok in ctx.doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in include:
            for s in (c for c in tok.children if c.dep_ == "nsubj"):
                org = _org_of(s, ctx)
                if org is None:
                    continue
                for obj in (c for c in tok.children if c.dep_ == "dobj"):
                    for mem in _members(arg_refs(obj, ctx)):
                        yield Raw(mem, "memberOf", org, tok.sent, 0.85 * org.confidence, "member.include", None, tok)
        elif tok.pos_ == "VERB" and lemma in found:
            orgs = [o for s in tok.children if s.dep_ == "nsubjpass" for o in [_org_of(s, ctx)] if o]
            for org in orgs:
                for mem in _members(passive_agents(tok, ctx)):
                    yield Raw(mem, "memberOf", org, tok.sent, 0.8, "member.founded_by", None, tok)
        elif tok.pos_ == "NOUN" and lemma in words("memberOf", "found_nouns"):
            orgs = [r for r in prep_objects(tok, {"of"}, ctx) if r.cls == ORGANIZATION]
            for org in orgs:
                for mem in _members(prep_objects(tok, {"by"}, ctx)):
                    yield Raw(mem, "memberOf", org, tok.sent, 0.8, "member.formation", None, tok)
        elif tok.pos_ == "NOUN" and lemma in {"member", "founder", "signatory", "participant"}:
            yield from _members_of(tok, ctx)
        elif tok.pos_ == "VERB" and lemma in words("memberOf", "join_verbs"):
            orgs = [r for c in tok.children if c.dep_ == "dobj" for r in arg_refs(c, ctx) if r.cls == ORGANIZATION]
            for org in orgs:
                for mem in _members(subjects(tok, ctx)):
                    if mem.key != org.key:
                        yield Raw(mem, "memberOf", org, tok.sent, 0.8, "member.join", None, tok)


def _members_of(tok: Token, ctx: ArticleContext) -> Iterator[Raw]:
    """"A and B are members of ORG", "A, a member of ORG"."""
    orgs = [r for r in prep_objects(tok, {"of"}, ctx) if r.cls == ORGANIZATION]
    if not orgs:
        return
    members: list[Ref] = []
    if tok.dep_ == "attr":
        members = [r for s in tok.head.children if s.dep_ == "nsubj" for r in arg_refs(s, ctx)]
    elif tok.dep_ == "appos":
        members = ctx.refs(tok.head, conj=False)
    for org in orgs:
        for mem in _members(members):
            if mem.key != org.key:
                yield Raw(mem, "memberOf", org, tok.sent, 0.85, "member.member_of", None, tok)


def locations(ctx: ArticleContext) -> Iterator[Raw]:
    """locatedIn facts from 'City, Country', possessives and 'the X territory of Y'."""
    doc = ctx.doc
    mentions = ctx.index.mentions
    for a, b in zip(mentions, mentions[1:]):
        if a.cls == CITY and b.cls == COUNTRY and b.start == a.end + 1 and doc[a.end].text == ",":
            yield Raw(Ref(a.key, CITY), "locatedIn", Ref(b.key, COUNTRY), doc[a.start].sent, 0.9, "located.comma")
    for m in mentions:
        if m.cls != CITY:
            continue
        owner = _possessor_country(ctx, m)
        if owner is not None:
            yield Raw(Ref(m.key, CITY), "locatedIn", owner, doc[m.start].sent, 0.85, "located.possessive")
        if m.entry is not None and m.entry.country:
            country = f"{COUNTRY}:{m.entry.country}"
            if any(x.key == country for x in mentions):
                yield Raw(Ref(m.key, CITY), "locatedIn", Ref(country, COUNTRY), doc[m.start].sent, 0.6,
                          "located.gazetteer")


def _possessor_country(ctx: ArticleContext, m) -> Ref | None:
    """'Ukraine's Donbas region' / 'the Ukrainian territory of Crimea' → the country."""
    doc = ctx.doc
    root = doc[m.end - 1]
    head = root.head if root.head.lemma_ in REGION_NOUNS else root
    for child in head.children:
        if child.dep_ == "poss":
            owner = ctx.mention(child)
            if owner is not None and owner.cls == COUNTRY:
                return Ref(owner.key, COUNTRY)
    # "the Ukrainian territory of Crimea": pobj of "of" under a region noun with a demonym.
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_ in REGION_NOUNS:
        region = root.head.head
        for child in region.children:
            entry = ctx.gaz.demonym(child.text) if child.dep_ in {"amod", "compound"} else None
            if entry is not None:
                return Ref(f"{COUNTRY}:{entry.name}", COUNTRY, 0.9)
            owner = ctx.mention(child) if child.dep_ == "poss" else None
            if owner is not None and owner.cls == COUNTRY:
                return Ref(owner.key, COUNTRY)
    return None
