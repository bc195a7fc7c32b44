"""Offices said other than by a title: verbs ("X heads Y", "X represents Y", "X works for
Y"), delegations ("a US contingent headed by X") and parties ("Xi's ruling Communist Party")."""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.base import Raw, words
from kg.extract.context import ArticleContext, Ref, passive_agents, prep_objects, subjects
from kg.extract.mentions import Mention
from kg.types import COUNTRY, ORGANIZATION, PERSON


def role_verbs(ctx: ArticleContext) -> Iterator[Raw]:
    """'X, who heads the agency', 'X leads Y', 'X represents Y', 'X works for Y'."""
    frames = (("leaderOf", words("roles", "leader_verbs"), None),
              ("representativeOf", words("roles", "representative_verbs"), None),
              ("affiliatedWith", words("roles", "affiliated_verbs"), {"for", "at"}))
    for tok in ctx.doc:
        if tok.pos_ != "VERB":
            continue
        for pred, verbs, preps in frames:
            if tok.lemma_ not in verbs:
                continue
            if preps:
                objs = prep_objects(tok, preps, ctx)
            else:
                objs = [r for c in tok.children if c.dep_ == "dobj" for r in ctx.refs(c)]
            people = [r for r in subjects(tok, ctx) if r.cls == PERSON]
            for s in people:
                for o in objs:
                    if o.cls in (COUNTRY, ORGANIZATION) or (pred == "representativeOf" and o.cls == PERSON):
                        yield Raw(s, pred, o, tok.sent, 0.75, f"title.verb.{pred}")


DELEGATIONS = frozenset({"delegation", "contingent", "negotiators"})  # not "team": a sports team has a coach


def delegation_heads(ctx: ArticleContext) -> Iterator[Raw]:
    """"a US contingent headed by X", "Russia's delegation, led by X": X represents that country."""
    for tok in ctx.doc:
        if tok.lemma_ not in DELEGATIONS or tok.pos_ != "NOUN":
            continue
        countries = [r for c in tok.children if c.dep_ in {"amod", "compound", "poss", "nmod"}
                     for r in _country_refs(ctx, c)]
        heads = [r for c in tok.children if c.dep_ == "acl" and c.lemma_ in {"head", "lead"}
                 for r in passive_agents(c, ctx) if r.cls == PERSON]
        for person in heads:
            for country in countries[:1]:
                yield Raw(person, "representativeOf", country, tok.sent, 0.75, "title.delegation_head")


def _country_refs(ctx: ArticleContext, tok: Token) -> list[Ref]:
    """The country a modifier names: "US", "Russia's", "Chinese"."""
    m = ctx.mention(tok)
    if m is not None:
        return [Ref(m.key, m.cls)] if m.cls in (COUNTRY, ORGANIZATION) else []
    entry = ctx.gaz.demonym(tok.text)
    return [Ref(f"{COUNTRY}:{entry.name}", COUNTRY, 0.9)] if entry is not None else []


def party_affiliations(ctx: ArticleContext, people: list[Mention]) -> Iterator[Raw]:
    """"Xi's ruling Communist Party": a person's possessed organization is one they belong to."""
    for m in people:
        tok = ctx.doc[m.end - 1]
        if tok.dep_ != "poss":
            continue
        owned = ctx.mention(tok.head)
        if owned is not None and owned.cls == ORGANIZATION and (owned.entry is None or owned.entry.kind in {"party", "government"}):
            yield Raw(Ref(m.key, PERSON), "affiliatedWith", Ref(owned.key, ORGANIZATION), tok.sent, 0.6, "title.possessed_org")
