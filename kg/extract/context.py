"""What relation extractors share about one article: mentions, leaders, reference resolution.

`ArticleContext.refs(token)` turns a syntactic argument into the entities it names:
a name, a coordination of names, a pronoun ("he", "his"), a definite description
("the Russian leader", "the Kremlin leader") or a plural description ("the leaders of
China and India"). Descriptions resolve to leaders that the article names elsewhere,
which is why resolution of those is deferred until every title has been read.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from kg.extract.mentions import PRONOUNS, Mention, MentionIndex
from kg.gazetteer import Gazetteer
from kg.types import CITY, COUNTRY, ORGANIZATION, PERSON, Article

LEADER_NOUNS = frozenset({"leader", "president", "premier", "chancellor", "head", "king", "emir", "ruler"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class Ref:
    """An argument resolved to an article-local entity key, with how sure we are."""

    key: str
    cls: str
    confidence: float = 1.0
    # "leader:<country key>" refs are placeholders resolved once all titles are known.


@dataclass
class ArticleContext:
    """One article's Doc with its mentions and what the extractors learn about it."""

    article: Article
    doc: Doc
    gaz: Gazetteer
    index: MentionIndex
    leaders: dict[str, str] = field(default_factory=dict)  # country/org key -> person key
    nationalities: dict[str, set[str]] = field(default_factory=dict)  # person key -> country keys
    titles: dict[str, set[str]] = field(default_factory=dict)  # person key -> offices as said
    unplaced_leaders: set[str] = field(default_factory=set)  # "President X" with no country said

    # --- mentions -------------------------------------------------------------------
    def mention(self, tok: Token) -> Mention | None:
        """The entity mention covering a token, if any (metonymic capitals map to countries)."""
        return self.index.at(tok.i)

    def mentions_in(self, span: Span | list[Token]) -> list[Mention]:
        """Distinct mentions inside a span, in order."""
        seen: list[Mention] = []
        for tok in span:
            m = self.index.at(tok.i)
            if m is not None and m not in seen:
                seen.append(m)
        return seen

    # --- reference resolution -------------------------------------------------------
    def refs(self, tok: Token, *, conj: bool = True) -> list[Ref]:
        """Entities a syntactic argument names, following coordination."""
        out = self._refs_one(tok)
        if conj:
            # "U.S. President Barack Obama and Cuban President Raul Castro": the parser may
            # hang the coordination on the name in apposition rather than on the head.
            heads = [tok, *(c for c in tok.children if c.dep_ == "appos" and self.mention(c) is not None)]
            for head in heads:
                for c in head.conjuncts:
                    if c.i > head.i:
                        out.extend(r for r in self._refs_one(c) if r not in out)
            # A list the parser read as apposition: "Argentina, Brazil and Uruguay".
            first = self.mention(tok)
            for c in tok.children:
                m = self.mention(c)
                if c.dep_ == "appos" and first is not None and m is not None and m.cls == first.cls and m.key != first.key:
                    out.extend(r for r in self.refs(c) if r not in out)
        return out

    def _refs_one(self, tok: Token) -> list[Ref]:
        m = self.mention(tok)
        if m is not None:
            return [Ref(m.key, m.cls)]
        low = tok.lower_
        if low in PRONOUNS:
            return self._pronoun(tok)
        if low in {"they", "them"}:
            return self._plural_pronoun(tok)
        if low in RELATIVE_PRONOUNS and tok.dep_ in SUBJECT_DEPS:
            head = tok.head.head if tok.head.dep_ == "relcl" else None
            return self._refs_one(head) if head is not None else []
        if tok.lower_ == "capital" and any(c.lower_ == "the" for c in tok.children):
            return self._capital(tok)  # "arrived in the Serbian capital"
        if tok.lemma_ in {"country", "nation"} and any(c.lower_ == "the" for c in tok.children) \
                and not any(c.dep_ == "prep" for c in tok.children):
            return self._last_country(tok)  # "imposed sanctions on the country"
        if tok.lemma_ in GROUP_NOUNS:  # "the four countries of A, B and C"
            named = [r for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                     for o in c.children if o.dep_ == "pobj" for r in self.refs(o)]
            if named:
                return named
        if tok.lemma_ in LEADER_NOUNS or low in {"minister"}:
            described = self._description(tok)
            if described:
                return described
        titled = self._title_description(tok)
        if titled:
            return titled
        # "his friend Putin", "the envoy Steve Witkoff": a name attached to a common noun.
        for child in tok.children:
            if child.dep_ in {"appos", "compound", "nmod", "npadvmod"} and child.i > tok.i - 1:
                m = self.mention(child)
                if m is not None and m.cls == PERSON:
                    return [Ref(m.key, m.cls)]
        if tok.dep_ in {"nmod", "compound"} and tok.head.i > tok.i:
            m = self.mention(tok.head)
            if m is not None and m.cls == PERSON:  # “friend” Putin: nmod before the name
                return [Ref(m.key, m.cls)]
        return []

    def _capital(self, tok: Token) -> list[Ref]:
        """'the Serbian capital', 'the capital of Serbia': that country's capital city."""
        countries = [self.gaz.demonym(c.text) for c in tok.children if c.dep_ in {"amod", "compound"} and c.i < tok.i]
        countries += [m.entry for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                      for o in c.children if (m := self.mention(o)) is not None and m.cls == COUNTRY and m.entry]
        for country in countries:
            city = self.gaz.capital_of(country.name) if country is not None else None
            if city is not None:
                return [Ref(f"{CITY}:{city.name}", CITY, 0.9)]
        return []

    def _last_country(self, tok: Token) -> list[Ref]:
        """The country named last before `tok`, within the sentence or the one before."""
        sents = [s for s in self.doc.sents if s.end <= tok.sent.start][-1:]
        start = sents[0].start if sents else tok.sent.start
        countries = [m for m in self.mentions_in(self.doc[start : tok.i]) if m.cls == COUNTRY]
        return [Ref(countries[-1].key, COUNTRY, 0.75)] if countries else []

    def _description(self, tok: Token) -> list[Ref]:
        """'the Russian leader' → Russia's leader; 'the leaders of China and India' → both."""
        out: list[Ref] = []
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "from"}:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        for target in [obj, *obj.conjuncts]:
                            out.extend(self._leader_of_token(target))
                return out
        if tok.tag_ == "NNS" or not any(c.lower_ == "the" for c in tok.children):
            return out
        for child in tok.children:
            if child.i < tok.i and child.dep_ in {"amod", "compound", "nmod", "poss"}:
                out.extend(self._leader_of_token(child))
        return out[:1]

    def _title_description(self, tok: Token) -> list[Ref]:
        """'the crown prince', 'the foreign minister', 'the envoy': a placeholder for the one
        person the article gives that office (resolved once all titles are known)."""
        if tok.pos_ != "NOUN" or tok.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return []
        if any(c.dep_ == "prep" and c.lower_ in {"of", "for", "to"} for c in tok.children):
            return []  # "the president of the club": a title of someone the phrase names
        words = [tok.lower_]
        for child in sorted((c for c in tok.children if c.i < tok.i), key=lambda c: -c.i):
            if child.dep_ not in {"compound", "amod"} or child.i != tok.i - len(words) or not child.is_lower:
                break
            words.insert(0, child.lower_)
        for start in range(len(words)):  # the longest title: "external affairs minister", then "minister"
            entry = self.gaz.title(" ".join(words[start:]))
            if entry is not None:
                return [Ref(f"title:{entry.phrase}", PERSON, 0.75)]
        return []

    def _leader_of_token(self, tok: Token) -> list[Ref]:
        """A placeholder for the leader of the country/organization a token names."""
        m = self.mention(tok)
        country = None
        if m is not None and m.cls in (COUNTRY, ORGANIZATION):
            country = m.key
            if m.entry is not None and m.entry.kind == "government" and m.entry.country:
                country = f"{COUNTRY}:{m.entry.country}"
        elif m is None:
            entry = self.gaz.demonym(tok.text)
            if entry is not None:
                country = f"{COUNTRY}:{entry.name}"
        return [Ref(f"leader:{country}", PERSON, 0.8)] if country else []

    def _pronoun(self, tok: Token) -> list[Ref]:
        """The person a third-person pronoun refers to, by clause structure then recency."""
        if tok.lower_ in {"him", "her"} and tok.dep_ in {"dobj", "pobj", "dative"}:
            # An object pronoun is not its own clause's subject: "X briefed him" ≠ X.
            own = {r.key for r in subjects(_governor(tok), self)}
            earlier = [m for m in self.mentions_in(self.doc[tok.sent.start : tok.i])
                       if m.cls == PERSON and m.key not in own]
            if earlier:
                return [Ref(earlier[-1].key, PERSON, 0.75)]
        # Cataphora: "During his call with Putin, Xi said …" — a pronoun in a preposed
        # adjunct refers to the main clause's subject.
        root = tok.sent.root
        subj = self._subject_person(root)
        if subj is not None and tok.i < root.i and _in_preposed_adjunct(tok, root) and subj.start > tok.i:
            return [Ref(subj.key, PERSON, 0.85)]
        # "Modi said that he had …", "Putin was speaking when he met …": matrix subject.
        head = tok.head
        while head.dep_ not in {"ROOT"} and head.head.i != head.i:
            if head.dep_ in {"ccomp", "advcl", "xcomp", "conj", "relcl"}:
                cand = self._subject_person(head.head)
                if cand is not None and cand.start < tok.i:
                    return [Ref(cand.key, PERSON, 0.85)]
            head = head.head
        # "In Putin's recounting of his meeting": the nearest earlier person in the sentence.
        earlier = [m for m in self.mentions_in(self.doc[tok.sent.start : tok.i]) if m.cls == PERSON]
        if tok.lower_ in {"his", "her"} and earlier:
            return [Ref(earlier[-1].key, PERSON, 0.8)]
        # Deep in a sentence whose main subject is a person named before the pronoun.
        if subj is not None and subj.start < tok.i:
            return [Ref(subj.key, PERSON, 0.75)]
        # Otherwise the subject of the closest earlier sentence that has a person subject.
        return self._previous_subject(tok)

    def _plural_pronoun(self, tok: Token) -> list[Ref]:
        """'they'/'them': the people coordinated earlier in the sentence ("between X and Y")."""
        people = [m for m in self.mentions_in(self.doc[tok.sent.start : tok.i]) if m.cls == PERSON]
        keys = list(dict.fromkeys(m.key for m in people))
        return [Ref(k, PERSON, 0.7) for k in keys] if len(keys) >= 2 else []

    def _previous_subject(self, tok: Token) -> list[Ref]:
        sents = [s for s in self.doc.sents if s.end <= tok.sent.start]
        for sent in reversed(sents[-3:]):
            subj = self._subject_person(sent.root)
            if subj is not None:
                return [Ref(subj.key, PERSON, 0.75)]
            described = [r for c in sent.root.children if c.dep_ in SUBJECT_DEPS for r in self._title_description(c)]
            if described:  # "The crown prince … was received by X. He will leave …": the prince
                return [replace(described[0], confidence=0.7)]
            people = [m for m in self.mentions_in(sent) if m.cls == PERSON]
            if people:
                return [Ref(people[0].key, PERSON, 0.6)]
        return []

    def _subject_person(self, verb: Token) -> Mention | None:
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                m = self.mention(child)
                if m is not None and m.cls == PERSON:
                    return m
        return None

    def resolve(self, ref: Ref) -> Ref | None:
        """Replace a leader placeholder by the person the article says leads that country."""
        if ref.key.startswith("title:"):
            office = ref.key[len("title:") :]
            holders = sorted(p for p, offices in self.titles.items() if office in {o.lower() for o in offices})
            return Ref(holders[0], PERSON, ref.confidence) if len(holders) == 1 else None
        if not ref.key.startswith("leader:"):
            return ref
        country = ref.key[len("leader:") :]
        person = self.leaders.get(country)
        if person is None:
            person = self.unplaced_leader(country)
        return Ref(person, PERSON, ref.confidence) if person else None

    def unplaced_leader(self, country: str) -> str | None:
        """'the Russian leader' in an article that only says 'President Vladimir Putin': the one
        head of state whose country the article never gives, if there is exactly one."""
        placed = set(self.leaders.values())
        candidates = sorted(self.unplaced_leaders - placed)
        return candidates[0] if len(candidates) == 1 and country not in self.leaders else None


def _governor(tok: Token) -> Token:
    """The verb a nominal depends on (through prepositions)."""
    node = tok.head
    while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i:
        node = node.head
    return node


def _in_preposed_adjunct(tok: Token, root: Token) -> bool:
    """True when `tok` sits in a phrase attached to `root` before the root's subject."""
    node = tok
    while node.head.i != node.i and node.head.i != root.i:
        node = node.head
    return node.head.i == root.i and node.dep_ in {"prep", "advcl", "npadvmod"} and node.i < root.i


def subjects(verb: Token, ctx: ArticleContext) -> list:
    """Resolved subjects (agents) of a verb, following relative clauses, xcomp/advcl and
    conjunction; "Putin's outreach followed …" gives Putin."""
    node = verb
    for depth in range(4):
        deps = {"nsubj", "nsubjpass"} if depth else {"nsubj"}
        found = [c for c in node.children if c.dep_ in deps]
        if found:
            out = []
            for s in found:
                refs = arg_refs(s, ctx)
                if not refs:
                    refs = [r for c in s.children if c.dep_ == "poss" for r in ctx.refs(c)]
                out.extend(refs)
            return out
        if node.dep_ == "relcl":
            return ctx.refs(node.head)
        if node.dep_ in {"xcomp", "advcl", "conj", "acl", "acomp"} and node.head.i != node.i:  # acomp: "is due to go"
            node = node.head
            continue
        break
    return []


def arguments(verb: Token, ctx: ArticleContext) -> tuple[list, list]:
    """(agents, patients) of a verb, active or passive ("X was briefed by Y")."""
    patients_tok = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if patients_tok:
        patients = [r for t in patients_tok for r in ctx.refs(t)]
        return passive_agents(verb, ctx), patients
    return subjects(verb, ctx), direct_objects(verb, ctx)


GROUP_NOUNS = frozenset({"country", "state", "nation", "member", "republic", "government", "economy", "neighbour", "neighbor"})


def arg_refs(tok: Token, ctx: ArticleContext) -> list:
    """Entities an argument phrase names: its resolved head, plus the names in its core
    (the phrase minus possessors, prepositional phrases and clauses); "the countries of
    A, B and C" names A, B and C."""
    out: list = list(ctx.refs(tok))
    stack = [(tok, False)]
    while stack:
        node, in_title = stack.pop()
        m = ctx.mention(node)
        # Inside a person's title ("Russia's Foreign Ministry spokeswoman X") only people count.
        if m is not None and all(r.key != m.key for r in out) and not (in_title and m.cls != PERSON):
            out.append(Ref(m.key, m.cls, 0.9))
        person = m is not None and m.cls == PERSON
        for c in node.children:
            if c.dep_ in {"poss", "prep", "relcl", "acl", "advcl", "punct", "appos"}:
                continue
            if m is not None and ctx.mention(c) is m:
                continue
            stack.append((c, in_title or (person and c.i < m.start)))
    return out


def passive_agents(verb: Token, ctx: ArticleContext) -> list:
    """The 'by X' agents of a passive verb."""
    out = []
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    out.extend(ctx.refs(obj))
    return out


def prep_objects(head: Token, preps: frozenset[str] | set[str], ctx: ArticleContext) -> list:
    """Resolved objects of the given prepositions attached to `head`."""
    out = []
    for child in head.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in preps:
            for prep in [child, *(c for c in child.conjuncts if c.lower_ == child.lower_)]:  # "to X and to Y"
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        out.extend(arg_refs(obj, ctx))
    return out


def direct_objects(verb: Token, ctx: ArticleContext) -> list:
    out = []
    for child in verb.children:
        if child.dep_ in {"dobj", "dative"}:
            out.extend(arg_refs(child, ctx))
    return out


def negated(tok: Token) -> bool:
    """True when a verb (or the verb governing a noun) is negated ("has not visited",
    "the trip was cancelled", "refused to meet", "denied that X met", "is unlikely to visit")."""
    from kg.extract.base import words  # kg.extract.base imports this module

    governors, adjectives = words("negation", "governors"), words("negation", "adjectives")
    node = tok
    for _ in range(3):
        if any(c.dep_ == "neg" or c.lower_ in {"never", "not", "n't"} for c in node.children):
            return True
        if node.dep_ in {"nsubjpass", "nsubj", "dobj", "xcomp", "ccomp"} and node.head.lemma_ in governors:
            return True
        if node.dep_ == "xcomp" and node.head.lemma_ in adjectives:
            return True
        if node.pos_ in {"VERB", "AUX"} or node.head.i == node.i:
            break
        node = node.head
    return False


PLACE_CLASSES = frozenset({COUNTRY, CITY})
