"""Title and apposition grammar: who leads, represents, is related to, works for whom.

Reads the phrase around each person's name:
  pre-nominal   "Russian President Vladimir Putin", "Trump's special envoy Steve Witkoff",
                "Kremlin spokesperson Dmitry Peskov", "Putin's aide and adviser Yuri Ushakov"
  apposition    "Steve Witkoff, the special envoy of U.S. President Donald Trump",
                "Li Xin, director of the Institute … at Shanghai University …",
                "Dmitry Peskov, who also serves as Putin's Press Secretary"
The title's role (kg/data/titles.csv) picks the property: leader → leaderOf, representative
→ representativeOf, relative → relativeOf, affiliated → affiliatedWith; a demonym or a
country in the phrase gives nationality.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract import offices
from kg.extract.base import Raw
from kg.extract.context import ArticleContext, Ref
from kg.extract.mentions import HONORIFICS, Mention
from kg.types import CITY, COUNTRY, ORGANIZATION, PERSON

ROLE_PREDICATE = {
    "leader": "leaderOf",
    "representative": "representativeOf",
    "relative": "relativeOf",
    "affiliated": "affiliatedWith",
}
SKIPPABLE = frozenset({"the", "a", "an", "former", "acting", "interim", "then", "-", "newly", "elected", "de", "facto"})
LINKERS = frozenset({"who", "also", "serves", "served", "is", "was", "as", "now", "currently", ","})
OF_PREPS = frozenset({"of", "to", "for", "at", "in"})


@dataclass
class Descriptor:
    """What the words around a name say: a title, its role, and who it is relative to."""

    title: str | None = None
    role: str | None = None
    plural: bool = False
    qualifiers: list = None  # Refs of possessors / "of X" / premodifier entities
    countries: list = None  # Refs of countries from demonyms or country names (nationality)
    elect: bool = False  # "president-elect", "former prime minister": said with less certainty

    def __post_init__(self) -> None:
        self.qualifiers = self.qualifiers or []
        self.countries = self.countries or []


# Lower-case bodies between a title and its possessor ("Russia's foreign ministry spokeswoman").
BODY_NOUNS = frozenset({"ministry", "department", "office", "government", "cabinet", "embassy", "army",
                        "military", "presidency", "council", "commission", "agency", "party"})
# Nouns that place a person without giving them an office: only nationality follows.
NEUTRAL_NOUNS = frozenset({"counterpart", "counterparts", "journalist", "journalists", "citizen", "citizens",
                           "national", "nationals", "activist", "businessman", "businesswoman", "author"})


def _title_ending_at(ctx: ArticleContext, end: int) -> tuple[int, str] | None:
    """The longest title phrase ending just before token `end`: (start, phrase)."""
    doc = ctx.doc
    best = None
    for n in range(1, 6):
        start = end - n
        if start < doc[end - 1].sent.start:
            break
        if doc[start].is_punct and doc[start].text != "-" or doc[end - 1].is_punct:
            continue  # ", president", "envoy ,": a title starts and ends with a word
        phrase = doc[start:end].text.lower().replace(" - ", "-").replace(" ’s", "'s")
        phrase = phrase.replace("advisor", "adviser")
        if ctx.gaz.title(phrase):
            best = (start, phrase)
        elif n == 1 and phrase.endswith("s") and ctx.gaz.title(phrase[:-1]):
            best = (start, phrase[:-1])
        elif n == 1 and phrase in NEUTRAL_NOUNS:
            best = (start, phrase)
    return best


def _entity_ref(ctx: ArticleContext, m: Mention) -> Ref:
    """A qualifier mention as a ref; a capital or government metonym stays itself."""
    return Ref(m.key, m.cls)


def _country_of(ctx: ArticleContext, m: Mention) -> Ref | None:
    """The country a qualifier mention stands for (itself, or a capital's/government's)."""
    if m.cls == COUNTRY:
        return Ref(m.key, COUNTRY)
    if m.entry is not None and m.entry.country and m.entry.kind in {"capital", "government"}:
        return Ref(f"{COUNTRY}:{m.entry.country}", COUNTRY, 0.8)
    return None


def prefix(ctx: ArticleContext, m: Mention) -> Descriptor:
    """Read the words before a name, right to left, while they are title grammar."""
    doc, d = ctx.doc, Descriptor()
    i = m.start
    sent_start = doc[m.start].sent.start
    comma_used = after_and = False
    while i > sent_start:
        prev = doc[i - 1]
        if prev.lower_ in HONORIFICS and i == m.start and not ctx.gaz.title(prev.lower_) \
                and _title_ending_at(ctx, i) is None:  # "Crown Prince X": a title after all
            i -= 1  # "Sheikh Tamim", "Prince Faisal": the honorific is not the office
            continue
        title = _title_ending_at(ctx, i)
        if title is not None and (d.title is None or after_and):
            start, phrase = title
            if d.title is None:
                entry = ctx.gaz.title(phrase)
                d.title, d.role = phrase, entry.role if entry else None
                d.plural = doc[i - 1].tag_ in {"NNS", "NNPS"}
            i, after_and = start, False
            continue
        if prev.lower_ == "and" and d.title is not None and _title_ending_at(ctx, i - 1):
            i, after_and = i - 1, True  # "aide and foreign policy adviser"
            continue
        if prev.text == "," and d.title is None and not comma_used and _title_ending_at(ctx, i - 1):
            comma_used = True  # "Trump's special envoy, Steve Witkoff"
            i -= 1
            continue
        if prev.lower_ in {"his", "her"} and d.title is not None:  # "his wife Akshata Murty"
            d.qualifiers.extend(r for r in ctx.refs(prev) if r.cls == PERSON and r.key != m.key)
            break
        if prev.lower_ in {"'s", "’s", "'", "’"} and i - 2 >= sent_start:
            owner = ctx.mention(doc[i - 2])
            if owner is not None:
                _add_qualifier(ctx, d, owner, possessor=True)
            break
        if prev.lower_ in {"-elect", "elect", "former", "ex"}:
            d.elect = True
            i -= 1
            continue
        qual = ctx.mention(prev)
        if qual is not None and qual is not m and d.title is None and _posting(ctx, qual):
            i = qual.start - 1  # "U.S. Ambassador to Israel X": the posting, not whom X represents
            continue
        if qual is not None and qual is not m:
            _add_qualifier(ctx, d, qual, possessor=False)
            i = qual.start
            continue
        two = doc[i - 2 : i].text if i - 2 >= sent_start else ""
        for width, words in ((2, two), (1, prev.text)):
            demonym = ctx.gaz.demonym(words) if words else None
            if demonym is not None:
                d.countries.append(Ref(f"{COUNTRY}:{demonym.name}", COUNTRY))
                i -= width
                break
        if demonym is not None:
            continue
        if d.title is not None and (prev.lower_ in SKIPPABLE or (prev.pos_ == "ADJ" and prev.is_lower)):
            i -= 1  # "Nigerian military ruler X"
            continue
        if d.title is not None and prev.is_lower and prev.lower_ in BODY_NOUNS:
            i -= 1  # "Russia's foreign ministry spokeswoman X": the body speaks for its country
            while i - 1 > sent_start and doc[i - 1].is_lower and doc[i - 1].is_alpha \
                    and doc[i - 1].dep_ in {"compound", "amod"}:
                i -= 1
            continue
        break
    if d.title is not None and not d.qualifiers and not d.countries:
        _add_of_country(ctx, d, m)
    return d


def _add_of_country(ctx: ArticleContext, d: Descriptor, m: Mention) -> None:
    """"President Emmanuel Macron of France": the office's country after the name."""
    doc = ctx.doc
    if m.end + 1 < len(doc) and doc[m.end].lower_ == "of":
        q = ctx.mention(doc[m.end + 1])
        if q is not None and q.start == m.end + 1 and q.cls in (COUNTRY, ORGANIZATION):
            _add_qualifier(ctx, d, q, possessor=False)


def _posting(ctx: ArticleContext, place: Mention) -> bool:
    """True for the X of "Ambassador to X", "envoy in X": a representative's post."""
    start = place.start - 1
    if start <= ctx.doc[place.start].sent.start or ctx.doc[start].lower_ not in {"to", "in"}:
        return False
    title = _title_ending_at(ctx, start)
    entry = ctx.gaz.title(title[1]) if title else None
    return entry is not None and entry.role == "representative"


def _add_qualifier(ctx: ArticleContext, d: Descriptor, q: Mention, *, possessor: bool) -> None:
    if q.cls == PERSON and not possessor:
        return
    d.qualifiers.append(_entity_ref(ctx, q))
    country = _country_of(ctx, q)
    if country is not None and q.cls != PERSON:
        d.countries.append(country)


def apposition(ctx: ArticleContext, m: Mention) -> Descriptor:
    """Read ", the special envoy of X" / ", who serves as X's press secretary" after a name."""
    doc, d = ctx.doc, Descriptor()
    sent_end = doc[m.start].sent.end
    i = m.end
    if i >= sent_end or doc[i].text != ",":
        return d
    i += 1
    while i < sent_end and (doc[i].lower_ in LINKERS or doc[i].lower_ in SKIPPABLE):
        i += 1
    owner = ctx.mention(doc[i]) if i < sent_end else None
    if owner is not None and owner.end < sent_end and doc[owner.end].lower_ in {"'s", "’s"}:
        _add_qualifier(ctx, d, owner, possessor=True)
        i = owner.end + 1
    found = None
    while i < sent_end and found is None:
        for n in range(5, 0, -1):
            if i + n <= sent_end and not doc[i + n - 1].is_punct:
                phrase = doc[i : i + n].text.lower().replace(" - ", "-").replace("advisor", "adviser")
                if ctx.gaz.title(phrase):
                    found = (n, phrase)
                    break
        if found is None and doc[i].lower_ in NEUTRAL_NOUNS and d.countries:
            found = (1, doc[i].lower_)  # "X, a Russian journalist": nationality only
            break
        if found is None:
            if doc[i].lower_ in {"former", "ex", "then"}:
                d.elect = True
            demonym = ctx.gaz.demonym(doc[i].text)
            if demonym is not None:
                d.countries.append(Ref(f"{COUNTRY}:{demonym.name}", COUNTRY))
            elif not (doc[i].lower_ in SKIPPABLE or (doc[i].pos_ == "ADJ" and doc[i].is_lower)):
                break
            i += 1  # "the younger brother of", "a senior adviser to"
    if found is None:
        return Descriptor()
    n, phrase = found
    after = ctx.mention(doc[i + n]) if i + n < sent_end else None
    if after is not None and after.cls == PERSON:
        return Descriptor()  # "With Putin, Chinese President Xi said": a new name, not an apposition
    entry = ctx.gaz.title(phrase)
    d.title, d.role = phrase, entry.role if entry else None
    head = doc[i + n - 1]
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in OF_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    # "Kyiv's head of the General Staff": the title is about its object;
                    # the possessor then only says where the person is from.
                    d.qualifiers = [q for q in d.qualifiers if q.cls == PERSON and d.role != "leader"]
                    q = ctx.mention(obj)
                    if q is not None:
                        _add_qualifier(ctx, d, q, possessor=True)
                        _affiliations_after(ctx, d, obj)
    return d


def _affiliations_after(ctx: ArticleContext, d: Descriptor, obj: Token) -> None:
    """'director of the Institute … at Shanghai University': the 'at ORG' is another employer."""
    for child in obj.children:
        if child.dep_ == "prep" and child.lower_ == "at":
            for o in child.children:
                q = ctx.mention(o)
                if q is not None and q.cls == ORGANIZATION:
                    d.qualifiers.append(Ref(q.key, ORGANIZATION, 0.9))


def role_facts(ctx: ArticleContext, m: Mention, d: Descriptor, extractor: str, conf: float) -> Iterator[Raw]:
    """The facts one descriptor states about one person."""
    sent = ctx.doc[m.start].sent
    me = Ref(m.key, PERSON)
    pred = ROLE_PREDICATE.get(d.role or "")
    scale = 0.6 if d.elect else 1.0
    for q in d.qualifiers:
        if pred is None or q.key == me.key:
            continue
        if pred == "relativeOf" and q.cls != PERSON:
            continue
        if pred == "leaderOf" and q.cls == PERSON:
            continue
        if pred == "affiliatedWith" and q.cls != ORGANIZATION:
            continue
        if pred == "leaderOf" and q.cls == CITY:
            continue
        yield Raw(me, pred, q, sent, conf * scale * q.confidence, f"{extractor}.{d.role}")
    if pred in {"leaderOf", "representativeOf"} and not d.qualifiers:
        for c in d.countries[:1]:
            yield Raw(me, pred, c, sent, conf * scale * c.confidence, f"{extractor}.{d.role}")
    for c in _unique(d.countries):
        sure = conf if d.role in {None, "leader", "representative"} or not d.qualifiers else conf * 0.7
        yield Raw(me, "nationality", c, sent, sure * c.confidence, f"{extractor}.nationality")


def _unique(refs: list[Ref]) -> list[Ref]:
    seen, out = set(), []
    for r in refs:
        if r.key not in seen:
            seen.add(r.key)
            out.append(r)
    return out


def roles(ctx: ArticleContext) -> Iterator[Raw]:
    """leaderOf / representativeOf / relativeOf / affiliatedWith / nationality from titles."""
    people = [m for m in ctx.index.mentions if m.cls == PERSON]
    descriptors: dict[int, Descriptor] = {}
    for m in people:
        d = prefix(ctx, m)
        descriptors[m.start] = d
        yield from role_facts(ctx, m, d, "title.prefix", 0.9)
        yield from _counterpart(ctx, m, d)
        a = apposition(ctx, m)
        if a.title:
            yield from role_facts(ctx, m, a, "title.apposition", 0.85)
        _note_leader(ctx, m, d)
        _note_leader(ctx, m, a)
    yield from _distributed(ctx, people, descriptors)
    yield from offices.party_affiliations(ctx, people)
    yield from offices.role_verbs(ctx)
    yield from offices.delegation_heads(ctx)


COUNTERPARTS = frozenset({"counterpart", "counterparts"})


def _counterpart(ctx: ArticleContext, m: Mention, d: Descriptor) -> Iterator[Raw]:
    """"Brazil's President Lula met his French counterpart Emmanuel Macron": a counterpart
    holds the possessor's office, for the country the demonym names (leader or representative)."""
    if d.title not in COUNTERPARTS or not d.countries:
        return
    country = d.countries[0]
    for owner in (q for q in d.qualifiers if q.cls == PERSON and q.key != m.key):
        roles = {entry.role for office in ctx.titles.get(owner.key, ())
                 if (entry := ctx.gaz.title(office.lower())) is not None}
        role = next((r for r in ("leader", "representative") if r in roles), None)
        if role is None:
            continue
        yield Raw(Ref(m.key, PERSON), ROLE_PREDICATE[role], country, ctx.doc[m.start].sent,
                  0.75 * country.confidence, f"title.counterpart.{role}")
        if role == "leader":
            ctx.leaders.setdefault(country.key, m.key)
        return


def _note_leader(ctx: ArticleContext, m: Mention, d: Descriptor) -> None:
    """Remember who leads which country, for 'the Russian leader' and 'the leaders of X'."""
    if d.title and d.role:
        ctx.titles.setdefault(m.key, set()).add(_office(d.title))
    if d.role != "leader" or d.elect:
        return
    targets = [q for q in d.qualifiers if q.cls in (COUNTRY, ORGANIZATION)] or d.countries[:1]
    for t in targets:
        ctx.leaders.setdefault(t.key, m.key)
    if not targets and d.title in {"president", "prime minister", "premier", "chancellor", "king", "queen", "emir"}:
        ctx.unplaced_leaders.add(m.key)  # "President Vladimir Putin": a head of state, of where?


def _office(title: str) -> str:
    """A title as an office name: 'special envoy' → 'Special Envoy'."""
    small = {"of", "the", "for", "to", "in", "and", "on"}
    return " ".join(w if w.isupper() or w in small else w.capitalize() for w in title.split())


def _distributed(ctx: ArticleContext, people: list[Mention], descs: dict[int, Descriptor]) -> Iterator[Raw]:
    """A title with no qualifier inherits one from the first conjunct: 'Trump's envoy X and
    son-in-law Y'; a plural title ('Ukrainian representatives X, …, and Y') covers all."""
    for m in people:
        d = descs[m.start]
        if d.qualifiers and not d.plural:
            continue
        for other in people:
            if other.start >= m.start or other.key == m.key:
                continue
            od = descs[other.start]
            between = ctx.doc[other.end : m.start]
            if len(between) > 25 or not any(t.lower_ == "and" for t in between) or any(t.text in ".;" for t in between):
                continue
            if od.plural and od.title and not d.title:
                inherited = Descriptor(od.title, od.role, True, list(od.qualifiers), list(od.countries))
                yield from role_facts(ctx, m, inherited, "title.distributed", 0.75)
            elif d.title and not d.qualifiers and od.qualifiers and len(between) <= 3:
                inherited = Descriptor(d.title, d.role, False, [q for q in od.qualifiers if q.cls == PERSON])
                yield from role_facts(ctx, m, inherited, "title.distributed", 0.75)
