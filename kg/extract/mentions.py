"""Entity mentions in a Doc: type correction, name normalisation and in-article clustering.

spaCy's small model gets the easy names and mislabels the rest. Each entity span is
re-typed here by the gazetteers (countries, places, organizations), by demonyms (never
entities themselves) and by name grammar (a person's name is a run of capitalised words,
possibly after a title that is stripped). Surname-only mentions join the full name seen
in the same article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg.gazetteer import NAME_PARTICLES, GazEntry, Gazetteer
from kg.types import CITY, COUNTRY, ORGANIZATION, PERSON

# Words that mark an organization name (the head or a word of an ORG span).
ORG_WORDS = frozenset(
    """institute university ministry party council organization organisation agency bank
    committee commission department office union association alliance forum foundation
    company corporation group court assembly parliament congress senate army force forces
    navy staff service services news times post press television tv radio network
    channel center centre school college academy fund federation league bureau
    administration government cabinet duma hospital clinic airport stadium museum hotel
    palace hall bridge street avenue square park port station prize trust""".split()
)
# Honorifics that precede a name but are not part of it.
HONORIFICS = frozenset({"prince", "princess", "sheikh", "sheikha", "sir", "dame", "lord", "lady", "dr", "dr.",
                        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "king", "queen", "emir", "sultan", "rev", "rev."})
# Verbs whose object is an actor, not a destination: "urged Beijing to", "accused Moscow of".
ADDRESSEE_VERBS = frozenset("""urge tell ask warn accuse criticize criticise blame pressure press push thank
    support back sanction condemn invite persuade convince call""".split())
PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
QUOTES = "\"'“”‘’«»"
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_CLEAN_EDGES = re.compile(rf"^[\s{QUOTES}(\[]+|[\s{QUOTES})\],:;]+$")


@dataclass
class Mention:
    """One entity mention: token span, class, canonical name, article-local key."""

    start: int  # token offsets in the Doc
    end: int
    cls: str
    name: str  # canonical name (gazetteer name, or the normalised surface)
    surface: str  # the name as written (label candidate), "" when not a label (metonym)
    entry: GazEntry | None = None
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            self.key = f"{self.cls}:{self.name}"


@dataclass
class MentionIndex:
    """All mentions of a Doc, clustered, with a token → mention map."""

    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        for i in range(mention.start, mention.end):
            self.by_token[i] = mention

    def at(self, i: int) -> Mention | None:
        return self.by_token.get(i)


def normalise_name(text: str) -> str:
    """Strip quotes, possessive endings and extra spaces from a surface form."""
    text = _CLEAN_EDGES.sub("", text.replace("\n", " "))
    text = _POSSESSIVE.sub("", text).strip()
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return re.sub(r"\s+", " ", text)


def _strip_leading(span: Span, gaz: Gazetteer) -> Span:
    """Drop determiners, demonyms and titles in front of a name ("Kazakh President X" → "X")."""
    start = span.start
    while start < span.end - 1:
        tok = span.doc[start]
        low = tok.lower_
        if tok.is_punct or low in {"the", "a", "an", "former", "acting", "late"} or low in HONORIFICS:
            start += 1
            continue
        demonym = _demonym_at(span.doc, start, span.end - 1, gaz) if span.label_ != "ORG" else 0
        if demonym:  # "Kazakh President X"; but "Georgian Dream" is a party's own name
            start += demonym
            continue
        title_len = _title_length_at(span.doc, start, span.end - 1, gaz)
        if title_len:
            start += title_len
            continue
        break
    return Span(span.doc, start, span.end, label=span.label_)


def _title_length_at(doc: Doc, start: int, limit: int, gaz: Gazetteer) -> int:
    """Length in tokens of the longest title phrase starting at token `start` (0 if none)."""
    best = 0
    for n in range(1, 6):
        if start + n > limit:
            break
        phrase = doc[start : start + n].text.lower().replace(" - ", "-")
        if gaz.title(phrase):
            best = n
    return best


def _looks_like_person_name(span: Span, gaz: Gazetteer) -> bool:
    """A run of capitalised words (particles and hyphens allowed), 1–5 tokens, no digits."""
    words = [t for t in span if not t.is_punct or t.text in "-'’"]
    if not 1 <= len(words) <= 5:
        return False
    for tok in words:
        if tok.text in "-'’" or tok.lower_ in NAME_PARTICLES:
            continue
        if tok.i > 0 and tok.doc[tok.i - 1].text == "-" and not tok.doc[tok.i - 1].whitespace_ and tok.is_lower:
            continue  # "Jae-myung": the second half of a hyphenated given name
        if not tok.text[:1].isupper() or any(ch.isdigit() for ch in tok.text):
            return False
        if tok.lower_ in ORG_WORDS or gaz.demonym(tok.text):
            return False
    return not gaz.lookup(span.text)


def _trim(span: Span) -> Span:
    """Drop trailing possessive endings and punctuation: "Donald Trump’s" → "Donald Trump"."""
    end = span.end
    while end > span.start + 1 and (span.doc[end - 1].tag_ == "POS" or span.doc[end - 1].lower_ in {"'s", "’s", "'", "’"}
                                    or span.doc[end - 1].is_punct and span.doc[end - 1].text not in ".)"
                                    or span.doc[end - 1].is_lower and span.doc[end - 1].pos_ in {"ADP", "CCONJ", "DET"}):
        end -= 1  # "King Charles at": NER ran on into the preposition
    start = span.start
    while start < end - 1 and span.doc[start].is_punct:
        start += 1
    return Span(span.doc, start, end, label=span.label_)


def _demonym_at(doc: Doc, i: int, end: int, gaz: Gazetteer) -> int:
    """Length (1 or 2 tokens) of a demonym starting at token i ("South African"), else 0."""
    if i + 1 < end and gaz.demonym(f"{doc[i].text} {doc[i + 1].text}"):
        return 2
    return 1 if gaz.demonym(doc[i].text) else 0


def classify(span: Span, gaz: Gazetteer, person_words: frozenset[str]) -> Mention | None:
    """Type one NER span: gazetteer first, then name grammar; None for non-entities."""
    if "\n" in span.text or span.label_ not in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}:
        return None
    span = _trim(span)
    if any(t.tag_ == "POS" or t.lower_ in {"'s", "’s"} for t in span):
        return None  # "Putin’s Press": a possessive inside is not one name
    text = normalise_name(span.text)
    if not text or gaz.demonym(text):
        return None
    entry = gaz.lookup(text)
    if entry is not None:
        return Mention(span.start, span.end, entry.cls, entry.name, text, entry)
    if span.label_ == "NORP":
        return None
    core = _strip_leading(span, gaz)
    name = normalise_name(core.text)
    if not name or gaz.demonym(name):
        return None
    entry = gaz.lookup(name)
    if entry is not None:
        return Mention(core.start, core.end, entry.cls, entry.name, name, entry)
    if _part_of_title(span, gaz) or _part_of_title(core, gaz):
        return None
    return _classify_unknown(span, core, name, gaz, person_words)


def _part_of_title(span: Span, gaz: Gazetteer) -> bool:
    """"State" in "Secretary of State", "Presidential Chief of Staff": office words, not names."""
    doc = span.doc
    low = span.text.lower()
    words = low.split()
    if any(gaz.title(" ".join(words[k:])) for k in range(len(words))) and span.label_ != "PERSON":
        return True
    for back in range(0, 4):
        for ahead in range(0, 3):
            start, end = span.start - back, span.end + ahead
            if start < 0 or end > len(doc) or back == ahead == 0:
                continue
            if gaz.title(doc[start:end].text.lower()):  # "Secretary of State", "External Affairs Minister"
                return True
    return False


def _after_title(span: Span, gaz: Gazetteer) -> bool:
    """True when a title phrase ends right before the span ("representatives Rustem Umerov")."""
    doc = span.doc
    end = span.start - 1 if span.start > 0 and doc[span.start - 1].text == "," else span.start
    for n in range(1, 5):
        start = end - n
        if start < 0:
            break
        phrase = doc[start:end].text.lower()
        if gaz.title(phrase) or (n == 1 and phrase.endswith("s") and gaz.title(phrase[:-1])):
            return True
    return False


def _classify_unknown(
    span: Span, core: Span, name: str, gaz: Gazetteer, person_words: frozenset[str]
) -> Mention | None:
    """Type a span the gazetteers do not know."""
    words = name.split()
    if "-" in name and all(w in person_words for w in re.split(r"[-\s]+", name) if w):
        return None  # "Trump-Putin summit": a compound of two names, not an entity
    orgish = any(w.lower().strip(",.") in ORG_WORDS for w in words) or (name.isupper() and len(name) > 1)
    personish = not orgish and (set(words) <= person_words or (span.label_ in {"ORG", "GPE"} and _after_title(span, gaz))
                                or (span.label_ in {"ORG", "GPE", "NORP"} and _leads_like_person(span, gaz))
                                or (core.start > span.start and span.doc[span.start].lower_ in HONORIFICS))  # "King Felipe VI"
    if span.label_ == "PERSON" or personish:
        if _looks_like_person_name(core, gaz):
            core = _extend_name(core)
            name = normalise_name(core.text)
            return Mention(core.start, core.end, PERSON, name, name)
        return None
    if span.label_ in {"ORG", "FAC"}:
        if span.label_ == "FAC" and not orgish:
            return None
        if len(name) < 2 or not name[:1].isupper():
            return None
        return Mention(core.start, core.end, ORGANIZATION, name, name)
    if span.label_ in {"GPE", "LOC"}:
        if not name[:1].isupper():
            return None
        if span.label_ == "LOC" and not re.search(r"\b(region|province|oblast|state|territory)\b", name, re.I):
            return None
        return Mention(core.start, core.end, CITY, name, name)
    return None


def _extend_name(span: Span) -> Span:
    """NER sometimes cuts a name short ("Yoon Suk" of "Yoon Suk Yeol"): take the proper
    nouns that follow, up to five words in all."""
    doc, end = span.doc, span.end
    while end < len(doc) and end - span.start < 6:
        tok = doc[end]
        if tok.lower_ in NAME_PARTICLES and end + 1 < len(doc) and doc[end + 1].text[:1].isupper():
            end += 1  # "Ursula von der Leyen", "Mohammed bin Salman"
            continue
        if tok.text == "-" and not doc[end - 1].whitespace_ and not tok.whitespace_ and end + 1 < len(doc) \
                and doc[end + 1].is_alpha and doc[end + 1].is_lower:
            end += 2  # "Lee Jae-myung", "Moon Jae-in": a hyphenated given name
            continue
        if tok.pos_ == "PROPN" and tok.is_alpha and tok.text[:1].isupper() and tok.ent_type_ in {"", "PERSON"} \
                or (doc[end - 1].lower_ in NAME_PARTICLES and tok.is_alpha and tok.text[:1].isupper()):
            end += 1
            continue
        break
    return Span(doc, span.start, end, label=span.label_)


def _leads_like_person(span: Span, gaz: Gazetteer) -> bool:
    """"Biden administration", "Biden's national security adviser": a name that heads an
    administration or owns an adviser is a person's."""
    doc, end = span.doc, span.end
    nxt = doc[end] if end < len(doc) else None
    if nxt is None:
        return False
    if nxt.lower_ in {"administration", "government", "campaign", "presidency", "cabinet"}:
        return True
    if nxt.lower_ in {"'s", "’s", ","}:  # "Biden's adviser", "Oleksandr Bevz, adviser to …"
        start = end + 1
        while start < len(doc) and doc[start].lower_ in {"the", "a", "an", "who", "is", "was", "also"}:
            start += 1
        for n in (3, 2, 1):
            if start + n <= len(doc) and gaz.title(doc[start : start + n].text.lower()):
                return len(span) >= 2 or nxt.lower_ != ","
    return False


def collect(doc: Doc, gaz: Gazetteer) -> MentionIndex:
    """All entity mentions of a Doc, typed and clustered, with surnames resolved."""
    person_words = frozenset(
        w for ent in doc.ents if ent.label_ == "PERSON" and "\n" not in ent.text
        for w in normalise_name(ent.text).split() if w[:1].isupper()
    )
    index = MentionIndex()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and _in_headline(ent):
            continue  # "Putin Engages China …": headline case makes NER see names everywhere
        for part in (piece for whole in _split_possessive(ent) for piece in _split_place_name(whole, gaz)):
            mention = classify(part, gaz, person_words)
            if mention is not None and not any(i in index.by_token for i in range(mention.start, mention.end)):
                index.add(_metonym(doc, mention, gaz))
    _add_platform_mentions(doc, gaz, index)
    _add_titled_names(doc, gaz, index)
    _add_named_bodies(doc, index)
    _add_bare_surnames(doc, index)
    _cluster_people(index)
    return index


def _split_place_name(span: Span, gaz: Gazetteer) -> list[Span]:
    """"Ambassador to Japan Rahm Emanuel": NER may read a place and the name after it as one
    entity; after a preposition, a known country or city followed by a person-like name is two."""
    doc = span.doc
    if len(span) < 3 or span.start == 0 or doc[span.start - 1].lower_ not in {"to", "in", "from"}:
        return [span]
    for k in range(min(3, len(span) - 2), 0, -1):
        place = doc[span.start : span.start + k]
        entry = gaz.lookup(place.text)
        rest = Span(doc, span.start + k, span.end, label="PERSON")
        if entry is not None and entry.cls in (COUNTRY, CITY) and 2 <= len(rest) <= 4 \
                and _looks_like_person_name(rest, gaz):
            return [Span(doc, place.start, place.end, label="GPE"), rest]
    return [span]


def _metonym(doc: Doc, m: Mention, gaz: Gazetteer) -> Mention:
    """A capital used for its government ("Beijing welcomes", "New Delhi's purchases") stands
    for its country; it is not a label of that country, so its surface is not kept."""
    if m.entry is None or m.entry.kind != "capital" or not m.entry.country:
        return m
    after = doc[m.end].text if m.end < len(doc) else "\n"
    if (m.start == 0 or doc[m.start - 1].is_space) and (after in {",", "-", "—", "–", ":", "("} or not after.strip()):
        return m  # a dateline ("Moscow, August 5. /TASS/.", "Kyiv -"): the place itself
    head = doc[m.end - 1]
    acting = head.dep_ == "poss" or (head.dep_ == "nsubj" and head.head.lemma_ not in {"be", "host"}) \
        or (head.dep_ == "dobj" and head.head.lemma_ in ADDRESSEE_VERBS)
    country = gaz.country(m.entry.country)
    if not acting or country is None:
        return m
    return Mention(m.start, m.end, country.cls, country.name, "", country)


def _split_possessive(span: Span) -> list[Span]:
    """"Russia's Foreign Ministry" tagged as one ORG: the owner and the owned, apart."""
    for tok in span[:-1]:
        if tok.i > span.start and (tok.tag_ == "POS" or tok.lower_ in {"'s", "’s"}):
            owner = Span(span.doc, span.start, tok.i, label="GPE")
            owned = Span(span.doc, tok.i + 1, span.end, label=span.label_)
            return [owner, owned] if len(owned) >= 2 and owned[-1].lower_ in ORG_WORDS else [owner]
    return [span]


def _in_headline(span: Span) -> bool:
    """True for a span on a title-case line with no closing punctuation (a headline or heading)."""
    doc = span.doc
    start, end = span.start, span.end
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    while end < len(doc) and "\n" not in doc[end - 1].text_with_ws:
        end += 1
    line = doc[start:end]
    words = [t for t in line if t.is_alpha]
    if len(words) < 3 or len(words) > 16 or line.text.rstrip()[-1:] in ".?!\"”’:":
        return False
    capitalised = sum(1 for t in words if t.text[:1].isupper() or t.lower_ in {"and", "of", "the", "in", "on", "for", "to", "a", "with"})
    return capitalised == len(words) and sum(1 for t in words if t.text[:1].isupper()) >= 0.6 * len(words)


def _add_platform_mentions(doc: Doc, gaz: Gazetteer, index: MentionIndex) -> None:
    """Short platform names ("on X") that NER misses: only after "on", with exact case."""
    for tok in doc:
        if tok.i in index.by_token or tok.i == 0 or doc[tok.i - 1].lower_ != "on":
            continue
        entry = gaz.lookup(tok.text)
        if entry is not None and entry.kind == "platform" and tok.text[:1].isupper():
            index.add(Mention(tok.i, tok.i + 1, ORGANIZATION, entry.name, tok.text, entry))


def _proper_run(doc: Doc, i: int, index: MentionIndex, limit: int = 4) -> int:
    """End of a run of capitalised proper nouns starting at i that no mention covers."""
    j = i
    while j < len(doc) and j - i < limit and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
            and doc[j].is_alpha and j not in index.by_token:
        j += 1
    return j


def _title_ends_at(doc: Doc, i: int, gaz: Gazetteer) -> bool:
    """True when a title phrase ("envoy", "son-in-law", "representatives") ends before token i."""
    for n in range(1, 6):
        if i - n < 0:
            break
        if doc[i - n].is_punct:
            continue
        phrase = doc[i - n : i].text.lower()
        if gaz.title(phrase) or (n == 1 and phrase.endswith("s") and gaz.title(phrase[:-1])):
            return True
    return False


def _add_titled_names(doc: Doc, gaz: Gazetteer, index: MentionIndex) -> None:
    """A name NER missed right after a title ("representatives Rustem Umerov"), or after a
    title and its post ("Ambassador to Japan Rahm Emanuel"), is a person."""
    for i in range(1, len(doc)):
        if i in index.by_token or doc[i].pos_ != "PROPN":
            continue
        title_end = i
        post = index.at(i - 1)
        if post is not None:
            if post.cls not in (COUNTRY, CITY) or post.start < 2 or doc[post.start - 1].lower_ not in {"to", "in"}:
                continue
            title_end = post.start - 1
        if not _title_ends_at(doc, title_end, gaz):
            continue
        end = _proper_run(doc, i, index)
        if end - i >= 2 and not gaz.lookup(doc[i:end].text) and not _title_length_at(doc, i, end, gaz):
            name = doc[i:end].text
            index.add(Mention(i, end, PERSON, name, name))


def _add_named_bodies(doc: Doc, index: MentionIndex) -> None:
    """'the General Staff', 'the Foreign Ministry': a capitalised body NER missed."""
    for tok in doc:
        if tok.lower_ != "the" or tok.i + 1 in index.by_token:
            continue
        end = _proper_run(doc, tok.i + 1, index)
        if end - tok.i - 1 >= 2 and doc[end - 1].lower_ in ORG_WORDS:
            name = doc[tok.i + 1 : end].text
            index.add(Mention(tok.i + 1, end, ORGANIZATION, name, name))


def _add_bare_surnames(doc: Doc, index: MentionIndex) -> None:
    """A known surname NER missed ("thanked Putin") is a mention of that person."""
    surnames = {m.name.split()[-1]: m for m in index.mentions if m.cls == PERSON and " " in m.name}
    for tok in doc:
        if tok.i in index.by_token or tok.text not in surnames or tok.pos_ not in {"PROPN", "NOUN"}:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.text == "-":
            continue  # "Trump-Putin summit"
        index.add(Mention(tok.i, tok.i + 1, PERSON, tok.text, tok.text))


def _cluster_people(index: MentionIndex) -> None:
    """Give every surname-only mention the key of the full name it abbreviates.

    "Putin" joins "Vladimir Putin"; "Xi" joins "Xi Jinping" (family name first); a surname
    with its particles, "von der Leyen", joins "Ursula von der Leyen". When two full names
    share the word, the nearest preceding full name wins.
    """
    full = [m for m in index.mentions if m.cls == PERSON and len(m.name.split()) > 1]
    for mention in index.mentions:
        words = mention.name.split()
        if mention.cls != PERSON:
            continue
        if len(words) == 1:
            candidates = [f for f in full if mention.name in f.name.split()]
        elif words[0].lower() in NAME_PARTICLES:  # "von der Leyen", "De Croo", "da Silva": a surname
            candidates = [f for f in full if len(f.name.split()) > len(words) and f.name.split()[-len(words):] == words]
        else:
            continue
        if not candidates:
            continue
        preceding = [f for f in candidates if f.start < mention.start]
        pick = (preceding or candidates)[-1] if preceding else candidates[0]
        mention.name, mention.key = pick.name, pick.key
    # A full name that extends another full name ("Donald J. Trump") keeps its own key.
