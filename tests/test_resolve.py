"""Corpus-level entity resolution."""
from __future__ import annotations

import random

from kg.resolve import resolve, slug
from kg.types import Article, ArticleExtraction, Evidence, LocalEntity, RelationMention


def _x(aid: str, entities: list[tuple[str, str, tuple[str, ...]]], rels=()) -> ArticleExtraction:
    ents = tuple(LocalEntity(f"{c}:{n}", c, n, labels) for c, n, labels in entities)
    relations = tuple(
        RelationMention(s, p, o, Evidence(aid, "s.", 0, 2, 0.8, "test")) for s, p, o in rels
    )
    return ArticleExtraction(Article(aid, f"text {aid}", f"{aid}.txt"), ents, relations)


def test_slug_is_ascii_and_stable():
    assert slug("Kasym-Jomart Tokayev") == "kasym_jomart_tokayev"
    assert slug("Recep Tayyip Erdoğan") == "recep_tayyip_erdogan"


def test_surname_only_article_joins_unique_full_name():
    a = _x("a" * 16, [("Person", "Joe Biden", ("Joe Biden", "Biden"))])
    b = _x("b" * 16, [("Person", "Biden", ("Biden",))])
    corpus = resolve([a, b])
    people = [e for e in corpus.entities if e.cls == "Person"]
    assert [(e.id, e.pref_label) for e in people] == [("joe_biden", "Joe Biden")]
    assert set(people[0].articles) == {"a" * 16, "b" * 16}


def test_ambiguous_surname_stays_apart():
    a = _x("a" * 16, [("Person", "Kim Jong Un", ()), ("Person", "Kim Yo Jong", ())])
    b = _x("b" * 16, [("Person", "Kim", ("Kim",))])
    ids = {e.id for e in resolve([a, b]).entities}
    assert {"kim_jong_un", "kim_yo_jong", "kim"} <= ids


def test_middle_initial_variant_merges():
    a = _x("a" * 16, [("Person", "Donald J. Trump", ())])
    b = _x("b" * 16, [("Person", "Donald Trump", ())])
    assert [e.id for e in resolve([a, b]).entities] == ["donald_trump"]


def test_same_fact_in_two_articles_is_one_relation_with_two_derivations():
    ents = [("Person", "Emmanuel Macron", ()), ("Person", "Olaf Scholz", ())]
    rel = [("Person:Olaf Scholz", "metWith", "Person:Emmanuel Macron")]
    a, b = _x("a" * 16, ents, rel), _x("b" * 16, ents, [("Person:Emmanuel Macron", "metWith", "Person:Olaf Scholz")])
    (r,) = resolve([a, b]).relations
    assert (r.subject, r.predicate, r.object) == ("emmanuel_macron", "metWith", "olaf_scholz")
    assert len(r.evidence) == 2
    assert r.confidence == round(1 - 0.2 * 0.2, 3)


def test_briefed_subsumes_spoke_with():
    ents = [("Person", "A B", ()), ("Person", "C D", ())]
    x = _x("a" * 16, ents, [("Person:A B", "briefed", "Person:C D"), ("Person:C D", "spokeWith", "Person:A B")])
    assert [r.predicate for r in resolve([x]).relations] == ["briefed"]


def test_resolution_does_not_depend_on_order():
    xs = [_x(c * 16, [("Person", n, (n,))]) for c, n in zip("abcd", ["Xi Jinping", "Xi", "Li Qiang", "Li"])]
    first = resolve(xs)
    shuffled = xs[:]
    random.Random(7).shuffle(shuffled)
    assert resolve(shuffled) == first


def test_name_typed_organization_in_one_article_joins_the_person():
    a = _x("a" * 16, [("Person", "Steve Witkoff", ("Steve Witkoff",))])
    b = _x("b" * 16, [("Organization", "Witkoff", ("Witkoff",))])
    assert [(e.id, e.cls) for e in resolve([a, b]).entities] == [("steve_witkoff", "Person")]


def test_spelling_variants_merge():
    a = _x("a" * 16, [("Person", "Kasym-Jomart Tokayev", ()), ("Person", "Volodymyr Zelensky", ()),
                      ("Person", "Recep Tayyip Erdoğan", ())])
    b = _x("b" * 16, [("Person", "Kassym-Jomart Tokayev", ()), ("Person", "Volodymyr Zelenskyy", ()),
                      ("Person", "Recep Tayyip Erdogan", ()), ("Person", "Zelenskyy", ())])
    people = sorted((e.id, e.articles) for e in resolve([a, b]).entities)
    assert len(people) == 3 and people[1][0] == "recep_tayyip_erdogan"
    assert all(len(arts) == 2 for _, arts in people)


def test_different_people_with_one_surname_stay_apart():
    a = _x("a" * 16, [("Person", "Raul Castro", ()), ("Person", "Fidel Castro", ())])
    assert len(resolve([a]).entities) == 2


def test_accent_variants_of_an_organization_are_one_node():
    a = _x("a" * 16, [("Organization", "Élysée Palace", ("Élysée Palace",))])
    b = _x("b" * 16, [("Organization", "Elysee Palace", ("Elysee Palace",))])
    c = _x("c" * 16, [("Organization", "Elysee Palace", ("Elysee Palace",))])
    (e,) = resolve([a, b, c]).entities
    assert (e.id, e.pref_label, e.alt_labels) == ("elysee_palace", "Elysee Palace", ("Élysée Palace",))


def test_inferred_visit_home_is_dropped_but_explicit_one_kept():
    ents = [("Person", "Vladimir Putin", ()), ("Country", "Russia", ()), ("City", "Moscow", ())]
    a = ArticleExtraction(Article("a" * 16, "t", "a.txt"), tuple(LocalEntity(f"{c}:{n}", c, n, l) for c, n, l in ents), (
        RelationMention("Person:Vladimir Putin", "visited", "City:Moscow", Evidence("a" * 16, "s", 0, 1, 0.7, "visit.located_event.visited")),
        RelationMention("City:Moscow", "locatedIn", "Country:Russia", Evidence("a" * 16, "s", 0, 1, 0.6, "located.gazetteer")),
    ))
    b = _x("b" * 16, [("Person", "Vladimir Putin", ()), ("Country", "Russia", ())],
           [("Person:Vladimir Putin", "leaderOf", "Country:Russia")])
    assert "visited" not in {r.predicate for r in resolve([a, b]).relations}
    c = _x("c" * 16, [("Person", "Vladimir Putin", ()), ("City", "Moscow", ())],
           [("Person:Vladimir Putin", "visited", "City:Moscow")])
    assert "visited" in {r.predicate for r in resolve([a, b, c]).relations}
