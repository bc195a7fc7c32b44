"""Corpus-level resolution: article-local entities → one Entity per real-world entity.

Names merge when they are the same canonical name (gazetteer names already are); a person
known only by a surname in one article joins the full name from another article when only
one full name in the corpus has that surname; "Donald J. Trump" joins "Donald Trump".
The result does not depend on the order of the articles.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.gazetteer import NAME_PARTICLES, Gazetteer
from kg.gazetteer import load as load_gazetteer
from kg.types import PERSON, Article, ArticleExtraction, Corpus, Entity, Evidence, Relation

SYMMETRIC = frozenset({"spokeWith", "metWith"})


def slug(name: str) -> str:
    """A stable IRI-safe id from a canonical name: 'Kasym-Jomart Tokayev' → 'kasym_jomart_tokayev'."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_.lower()).strip("_") or "entity"


def _fold_name(name: str) -> str:
    """A person name without accents, case or hyphens: 'Erdoğan' = 'Erdogan', 'Kasym-Jomart' = 'kasym jomart'."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[\s\-‐.]+", " ", ascii_).strip()


def _near(a: str, b: str) -> bool:
    """Two folded names that differ by at most one letter in each word of four or more letters
    ('kasym'/'kassym', 'zelensky'/'zelenskyy'): transliteration variants of one name."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    for x, y in zip(wa, wb):
        if x == y:
            continue
        if min(len(x), len(y)) < 4 or not _one_edit(x, y):
            return False
    return True


def _one_edit(x: str, y: str) -> bool:
    if abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        return sum(1 for p, q in zip(x, y) if p != q) <= 1
    short, long_ = sorted((x, y), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _spelling_variants(names: list[str]) -> dict[str, str]:
    """Map each full name to one representative of its spelling variants (first in sort order)."""
    rep: dict[str, str] = {}
    folded = {n: _fold_name(n) for n in names}
    for n in names:
        for r in sorted(set(rep.values())):
            if folded[r] == folded[n] or _near(folded[r], folded[n]):
                rep[n] = r
                break
        else:
            rep[n] = n
    return rep


def _person_canon(names: Iterable[str]) -> dict[str, str]:
    """Map every person name to the canonical full name it denotes in this corpus."""
    names = sorted(set(names))
    # Full names: more than one word, not a surname with its particles ("von der Leyen").
    full = [n for n in names if len(n.split()) > 1 and n.split()[0].lower() not in NAME_PARTICLES]
    variants = _spelling_variants(full)
    canon: dict[str, str] = {}
    # "Donald J. Trump" and "Donald Trump": same first and last word; keep the shortest form.
    by_ends: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n in full:
        w = _fold_name(variants[n]).split()
        by_ends[(w[0], w[-1])].append(n)
    for group in by_ends.values():
        target = min(group, key=lambda n: (len(n.split()), n))
        for n in group:
            canon[n] = target
    for n in names:
        if n in canon:
            continue
        key = _fold_name(n).split()
        # A surname, alone or with its particles ("Putin", "von der Leyen"), or a given name.
        surname = len(key) == 1 or key[0] in NAME_PARTICLES
        last = [f for f in full if surname and len(_fold_name(f).split()) > len(key)
                and _fold_name(f).split()[-len(key):] == key]
        first = [f for f in full if len(key) == 1 and _fold_name(f).split()[0] == key[0]]
        candidates = {canon[f] for f in (last or first)}
        canon[n] = candidates.pop() if len(candidates) == 1 else n
    return canon


def resolve(extractions: Iterable[ArticleExtraction], *, gaz: Gazetteer | None = None,
            skipped: tuple[tuple[str, str], ...] = ()) -> Corpus:
    """Merge article extractions into a Corpus of entities and relations with provenance."""
    gaz = gaz or load_gazetteer()
    extractions = sorted(extractions, key=lambda x: x.article.id)
    person_names = {e.name for x in extractions for e in x.entities if e.cls == PERSON}
    known = person_names | {n.split()[-1] for n in person_names if " " in n}
    people = _person_canon(person_names | {e.name for x in extractions for e in x.entities
                                           if _corrected_class(e.cls, e.name, known, gaz) == PERSON})
    global_key: dict[tuple[str, str], str] = {}  # (article id, local key) -> global key
    members: dict[str, list] = defaultdict(list)
    for x in extractions:
        for e in x.entities:
            cls = _corrected_class(e.cls, e.name, known, gaz)
            name = people.get(e.name, e.name) if cls == PERSON else e.name
            gkey = f"{cls}:{name}"
            global_key[(x.article.id, e.key)] = gkey
            members[gkey].append((x.article.id, e))
    members, global_key = _merge_same_slug(members, global_key)
    ids = _assign_ids(members)
    entities = tuple(sorted((_entity(ids[k], k, v, gaz) for k, v in members.items()), key=lambda e: e.id))
    relations = _relations(extractions, global_key, ids)
    articles = tuple(x.article for x in extractions)
    return Corpus(articles, entities, relations, tuple(sorted(skipped)))


def _corrected_class(cls: str, name: str, person_names: set[str], gaz: Gazetteer) -> str:
    """A name NER typed as an organization or place in one article but that the corpus knows
    as a person ("Witkoff" tagged ORG) is that person, unless a gazetteer knows it."""
    if cls != PERSON and name in person_names and gaz.lookup(name) is None:
        return PERSON
    return cls


def _merge_same_slug(members: dict[str, list], global_key: dict) -> tuple[dict[str, list], dict]:
    """'Élysée Palace' and 'Elysee Palace' of one class are one entity (they would share an IRI)."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in sorted(members):
        cls, _, name = key.partition(":")
        groups[(cls, slug(name))].append(key)
    target = {}
    for keys in groups.values():
        best = max(keys, key=lambda k: (len(members[k]), [-ord(c) for c in k]))
        target.update({k: best for k in keys})
    merged: dict[str, list] = defaultdict(list)
    for key in sorted(members):
        merged[target[key]].extend(members[key])
    return dict(merged), {k: target[v] for k, v in global_key.items()}


def _assign_ids(members: dict[str, list]) -> dict[str, str]:
    """Slug per global key; a clash between classes gets the class appended."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for key in sorted(members):
        by_slug[slug(key.partition(":")[2])].append(key)
    ids = {}
    for s, keys in by_slug.items():
        for key in keys:
            ids[key] = s if len(keys) == 1 else f"{s}_{slug(key.partition(':')[0])}"
    return ids


def _entity(eid: str, key: str, found: list, gaz: Gazetteer) -> Entity:
    cls, _, name = key.partition(":")
    labels = Counter(label for _, e in found for label in e.labels)
    alt = tuple(sorted(label for label in labels if label != name))
    titles = tuple(sorted({t for _, e in found for t in e.titles}))
    entry = gaz.lookup(name) if cls != PERSON else None
    same_as = (f"http://www.wikidata.org/entity/{entry.wikidata}",) if entry is not None and entry.wikidata and entry.cls == cls else ()
    articles = tuple(sorted({a for a, _ in found}))
    return Entity(eid, cls, name, alt, titles, same_as, articles, sum(e.mentions for _, e in found))


def _relations(extractions: list[ArticleExtraction], global_key: dict, ids: dict[str, str]) -> tuple[Relation, ...]:
    grouped: dict[tuple[str, str, str], list] = defaultdict(list)
    for x in extractions:
        for r in x.relations:
            s = ids[global_key[(x.article.id, r.subject)]]
            o = ids[global_key[(x.article.id, r.object)]]
            if s == o:
                continue
            if r.predicate in SYMMETRIC and o < s:
                s, o = o, s
            place = r.evidence.place
            place_id = ids.get(global_key.get((x.article.id, place), ""), None) if place else None
            grouped[(s, r.predicate, o)].append((r, place_id))
    grouped = _drop_subsumed(grouped)
    grouped = _drop_home_visits(grouped)
    out = []
    for (s, p, o), found in sorted(grouped.items()):
        evidence = tuple(sorted({r.evidence for r, _ in found}, key=_evidence_order))
        events = Counter(r.event for r, _ in found if r.event)
        conf = 1.0
        for ev in _best_per_article(evidence):
            conf *= 1 - ev.confidence
        out.append(Relation(
            s, p, o, evidence, round(min(0.99, 1 - conf), 3),
            events.most_common(1)[0][0] if events else None,
            tuple(sorted({pl for _, pl in found if pl})),
            tuple(sorted({e.date for e in evidence if e.date})),
        ))
    return tuple(out)


INFERRED_VISITS = ("visit.attend", "visit.located_event", "visit.located_meeting", "visit.presence")


def _drop_home_visits(grouped: dict) -> dict:
    """A visit inferred from a meeting or summit somewhere ("X's meeting in Moscow") is no
    visit when the corpus says X leads or is a national of that place's country."""
    home: dict[str, set[str]] = defaultdict(set)
    country_of: dict[str, str] = {}
    for (s, p, o) in grouped:
        if p in {"leaderOf", "nationality"}:
            home[s].add(o)
        elif p == "locatedIn":
            country_of[s] = o
    out = {}
    for (s, p, o), found in grouped.items():
        if p in {"visited", "plansToVisit"} and ({o, country_of.get(o)} & home[s]):
            found = [(r, pl) for r, pl in found if not r.evidence.extractor.startswith(INFERRED_VISITS)]
            if not found:
                continue
        out[(s, p, o)] = found
    return out


def _evidence_order(e: Evidence) -> tuple:
    return (e.article_id, e.start, e.extractor, -e.confidence)


def _best_per_article(evidence: tuple[Evidence, ...]) -> list[Evidence]:
    """One derivation per article counts towards the combined confidence (no self-corroboration)."""
    best: dict[str, Evidence] = {}
    for e in evidence:
        if e.article_id not in best or e.confidence > best[e.article_id].confidence:
            best[e.article_id] = e
    return list(best.values())


def _drop_subsumed(grouped: dict) -> dict:
    """spokeWith adds nothing where briefed (its sub-property) holds between the same pair: its
    derivations (and their dates) join the briefed fact. A weak spokeWith ('discussions with')
    adds nothing where the two met."""
    def pair(s, o):
        return tuple(sorted((s, o)))
    briefed = {pair(s, o): (s, p, o) for (s, p, o) in sorted(grouped) if p == "briefed"}
    met = {pair(s, o) for (s, p, o) in grouped if p == "metWith"}
    out = {k: list(v) for k, v in grouped.items() if k[1] != "spokeWith"}
    for (s, p, o), found in sorted(grouped.items()):
        if p != "spokeWith":
            continue
        if pair(s, o) in briefed:
            out[briefed[pair(s, o)]].extend(found)
        elif not (pair(s, o) in met and all(".weak" in r.evidence.extractor for r, _ in found)):
            out[(s, p, o)] = found
    return out


__all__ = ["resolve", "slug", "Article"]
