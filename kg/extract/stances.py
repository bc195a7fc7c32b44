"""Trade and stance frames: imposedTariffOn, sanctioned, supports, criticized.

"X imposed a 25% tariff on Indian goods", "X's announcement of a new tariff on India",
"sanctions against Russia imposed by X", "X expressed support for Y('s interests)",
"X backs Y", "X criticized/accused/condemned Y", "Criticizing Y for …, X said".
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.base import Raw, pairs, words
from kg.extract.context import ArticleContext, Ref, arg_refs, negated, passive_agents, prep_objects, subjects
from kg.extract.events import _governing_verb
from kg.types import CITY, COUNTRY

AGENT_CLASSES = frozenset({"Person", "Country", "Organization"})


def _agents(refs: list[Ref]) -> list[Ref]:
    return [r for r in refs if r.cls in AGENT_CLASSES]


def _target_countries(tok: Token, ctx: ArticleContext) -> list[Ref]:
    """Countries a 'tariff on …' object names: a country, or goods with a demonym."""
    out = [r for r in arg_refs(tok, ctx) if r.cls == COUNTRY]
    for child in tok.children:
        if child.dep_ in {"amod", "compound", "nmod"}:
            entry = ctx.gaz.demonym(child.text)
            if entry is not None:
                out.append(Ref(f"{COUNTRY}:{entry.name}", COUNTRY, 0.9))
    if not out:  # "on steel imports from Brazil", "on goods made in China"
        out = [r for r in prep_objects(tok, {"from"}, ctx) if r.cls == COUNTRY]
        out += [r for c in tok.children if c.dep_ == "acl" for r in prep_objects(c, {"in", "from"}, ctx)
                if r.cls == COUNTRY]
    return out


def _frame_agents(noun: Token, ctx: ArticleContext, verbs: frozenset[str]) -> list[Ref]:
    """Who imposes a tariff/sanction noun: possessor, 'by X', or the governing verb's subject,
    climbing through 'announcement of', 'decision on'."""
    node = noun
    for _ in range(3):
        owners = [r for c in node.children if c.dep_ == "poss" for r in ctx.refs(c)]
        owners += passive_agents(node, ctx) + prep_objects(node, {"by"}, ctx)
        for c in node.children:
            if c.dep_ == "acl":  # "restrictions imposed by the United States"
                owners += passive_agents(c, ctx)
        if owners:
            return _agents(owners)
        if node.dep_ == "pobj" and node.head.head.pos_ in {"NOUN"}:
            node = node.head.head
            continue
        break
    verb = _governing_verb(node)
    if verb is None or verb.lemma_.lower() not in verbs or negated(verb):
        return []  # "refused to join sanctions against X" does not make the subject a sanctioner
    return _agents(subjects(verb, ctx))


def trade(ctx: ArticleContext) -> Iterator[Raw]:
    """imposedTariffOn and sanctioned."""
    tariffs, sanctions = words("imposedTariffOn", "nouns"), words("sanctioned", "nouns")
    for tok in ctx.doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and lemma in tariffs and not negated(tok):
            on = [o for p in tok.children if p.dep_ == "prep" and p.lower_ in {"on", "against"}
                  for o in p.children if o.dep_ == "pobj"]
            targets = [r for o in on for r in _target_countries(o, ctx)]
            if on and not targets and tok.dep_ in {"dobj", "nsubjpass"}:  # "imposed tariffs on cars from X"
                targets = [r for r in prep_objects(tok.head, {"from"}, ctx) if r.cls == COUNTRY]
            for s, o in pairs(_frame_agents(tok, ctx, words("imposedTariffOn", "verbs")), targets):
                yield Raw(s, "imposedTariffOn", o, tok.sent, 0.85, "trade.tariff", None, tok)
        elif tok.pos_ == "NOUN" and lemma in sanctions and not negated(tok):
            targets = [r for p in tok.children if p.dep_ == "prep" and p.lower_ in {"on", "against"}
                       for o in p.children if o.dep_ == "pobj" for r in _agents(arg_refs(o, ctx)) + _target_countries(o, ctx)]
            targets = list({r.key: r for r in targets}.values())
            for s, o in pairs(_frame_agents(tok, ctx, words("sanctioned", "impose_verbs")), targets):
                yield Raw(s, "sanctioned", o, tok.sent, 0.8, "trade.sanction", None, tok)
        elif tok.pos_ == "VERB" and lemma in words("sanctioned", "verbs") and not negated(tok):
            objs = _agents([r for c in tok.children if c.dep_ == "dobj" for r in arg_refs(c, ctx)])
            for s, o in pairs(_agents(subjects(tok, ctx)), objs):
                yield Raw(s, "sanctioned", o, tok.sent, 0.85, "trade.sanction_verb", None, tok)


def _stance_object(tok: Token, ctx: ArticleContext) -> list[Ref]:
    """The agent a stance is about: a name, or the possessor ('support for Russia's interests')."""
    refs = _agents([r for r in arg_refs(tok, ctx) if r.cls != CITY])
    if refs:
        return refs
    return _agents([r for c in tok.children if c.dep_ == "poss" for r in ctx.refs(c)])


def stances(ctx: ArticleContext) -> Iterator[Raw]:
    """supports and criticized, verbal and nominal ('expressed support for')."""
    for pred in ("supports", "criticized"):
        verbs, nouns = words(pred, "verbs"), words(pred, "nouns")
        express = words(pred, "express_verbs")
        triggers = verbs | nouns
        for tok in ctx.doc:
            if tok.lemma_.lower() not in triggers or negated(tok):
                continue
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and lemma in verbs:
                objs = [r for c in tok.children if c.dep_ == "dobj" for r in _stance_object(c, ctx)]
                for s, o in pairs(_agents(subjects(tok, ctx)), objs):
                    yield Raw(s, pred, o, tok.sent, 0.75, f"stance.verb.{pred}", None, tok)
            elif tok.pos_ == "NOUN" and lemma in nouns and tok.head.lemma_ in express:
                preps = {"for", "with", "toward", "towards", "of", "over", "at"}
                # "voiced solidarity with Israel": the phrase may hang on the verb instead.
                holders = [tok, tok.head] if tok.dep_ == "dobj" else [tok]
                objs = [r for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in preps
                        for o in p.children if o.dep_ == "pobj" for r in _stance_object(o, ctx)]
                for s, o in pairs(_agents(subjects(tok.head, ctx)), objs):
                    yield Raw(s, pred, o, tok.sent, 0.7, f"stance.noun.{pred}", None, tok)
