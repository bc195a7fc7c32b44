"""kg.render without a browser: what the page shows, the filters, and the HTML it writes."""
from __future__ import annotations

import os
import re

import pytest

from kg.errors import KgError, UsageError
from kg.layout import layout
from kg.render import RenderStats, build_view, find_entity, period, render_graph
from kg.viewgraph import read_entities


def edges_by(view, predicate: str) -> list[dict]:
    return [e for e in view.edges if e["predicate"] == predicate]


def node_ids(view) -> set[str]:
    return {n["id"] for n in view.nodes}


def test_counts_of_the_whole_graph(graph, tmp_path, small_counts):
    stats = render_graph(graph, tmp_path / "g.html")
    assert stats == RenderStats(*small_counts, hidden_nodes=0)


def test_symmetric_facts_both_ways_are_one_edge_without_arrows(graph):
    view = build_view(graph)
    (spoke,) = edges_by(view, "spokeWith")
    assert len(spoke["facts"]) == 2
    assert spoke["count"] == 3  # two reports of Modi → Putin, one of Putin → Modi
    assert spoke["arrows"] == ""
    assert spoke["label"] == "spoke with ×3"
    assert {spoke["from"], spoke["to"]} == {"narendra_modi", "vladimir_putin"}


def test_directed_facts_both_ways_are_one_edge_with_two_arrows(graph):
    (crit,) = edges_by(build_view(graph), "criticized")
    assert len(crit["facts"]) == 2
    assert crit["arrows"] == "to,from"


def test_directed_edge_points_from_agent_to_target(graph):
    view = build_view(graph)
    (lead,) = [e for e in edges_by(view, "leaderOf") if e["from"] == "narendra_modi"]
    assert (lead["to"], lead["arrows"], lead["count"]) == ("india", "to", 1)


def test_second_predicate_between_the_same_nodes_is_curved(graph):
    view = build_view(graph)
    pair = {"narendra_modi", "vladimir_putin"}
    between = [e for e in view.edges if {e["from"], e["to"]} == pair]
    assert sorted(e["predicate"] for e in between) == ["briefed", "spokeWith"]
    assert sum("smooth" in e for e in between) == 1


def test_a_shortcut_without_fact_node_is_drawn_without_evidence(graph):
    (met,) = edges_by(build_view(graph), "metWith")
    assert met["facts"][0]["iri"] is None
    assert met["facts"][0]["evidence"] == []


def test_nodes_carry_class_style_labels_and_size(graph):
    nodes = {n["id"]: n for n in build_view(graph).nodes}
    modi, brics = nodes["narendra_modi"], nodes["brics"]
    assert (modi["cls"], modi["shape"], modi["label"]) == ("Person", "dot", "Narendra Modi")
    assert modi["alt"] == ["Modi", "PM Modi"] and modi["titles"] == ["Prime Minister"]
    assert (brics["cls"], brics["shape"]) == ("Organization", "square")
    assert nodes["vladimir_putin"]["size"] > modi["size"] > brics["size"]  # by mention count
    assert "also: Modi, PM Modi" in modi["title"]


def test_positions_are_distinct_and_deterministic(graph):
    first, second = build_view(graph), build_view(graph)
    xy = [(n["x"], n["y"]) for n in first.nodes]
    assert len(set(xy)) == len(xy)
    assert xy == [(n["x"], n["y"]) for n in second.nodes]


def test_page_is_byte_identical_across_runs(graph, tmp_path):
    render_graph(graph, tmp_path / "a.html")
    render_graph(graph, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_page_is_self_contained(graph, tmp_path):
    render_graph(graph, tmp_path / "g.html", title="Calls <&> visits")
    html = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=", html, re.I)
    assert not re.search(r"<link[^>]*\bhref=", html, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "vis.Network" in html and "vis-network" in html  # the library is inlined
    assert "<title>Calls &lt;&amp;&gt; visits</title>" in html
    assert "sourceMappingURL" not in html


def test_page_embeds_every_evidence_sentence_with_its_article(graph, tmp_path, page_data):
    render_graph(graph, tmp_path / "g.html")
    data = page_data((tmp_path / "g.html").read_text(encoding="utf-8"))
    (spoke,) = [e for e in data["edges"] if e["predicate"] == "spokeWith"]
    evidence = [ev for f in spoke["facts"] for ev in f["evidence"]]
    assert {ev["sentence"] for ev in evidence} == {
        "Modi spoke with Putin on Friday.", "Prime Minister Modi held a call with Putin.",
        "Putin spoke again with Modi."}
    assert {data["articles"][ev["article"]]["title"] for ev in evidence} == {
        "Modi and Putin talk by phone", "Putin's week of calls"}
    assert all(ev["confidence"] == 0.9 for ev in evidence)
    assert data["articles"]["article_a1"]["date"] == "2025-08-08"
    assert [c["name"] for c in data["classes"]] == ["Person", "Country", "City", "Organization"]
    assert data["dateRange"] == ["2025-01-01", "2025-12-31"]


def test_data_cannot_close_the_script_element(graph, tmp_path, page_data):
    from rdflib import Literal, URIRef

    from kg.ontology import KGO

    evidence = URIRef("https://w3id.org/newskg/resource/fact_0000000000000000_e1")
    graph.add((evidence, KGO.evidence, Literal("</script><script>alert(1)</script>")))
    render_graph(graph, tmp_path / "g.html")
    html = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert "alert(1)" in html and "</script><script>alert" not in html
    assert any("</script><script>alert(1)</script>" == ev["sentence"]
               for e in page_data(html)["edges"] for f in e["facts"] for ev in f["evidence"])


@pytest.mark.parametrize("options, nodes, edges", [
    ({"predicates": ["spokeWith"]}, 2, 1),
    ({"predicates": ["spokeWith", "leaderOf"]}, 4, 3),
    ({"classes": ["Person"]}, 4, 5),
    ({"classes": ["Person", "Country"]}, 6, 8),
    ({"since": "2025-08-08"}, 4, 4),
    ({"until": "2025-08-07"}, 3, 2),
    ({"since": "2025-08-08", "until": "2025-08-08"}, 3, 3),
    ({"since": "2026"}, 0, 0),
    ({"min_confidence": 0.9}, 6, 6),
    ({"focus": "Modi"}, 3, 4),
    ({"focus": "Narendra Modi", "hops": 2}, 6, 10),
    ({"focus": "narendra_modi", "hops": 0}, 1, 0),
    ({"focus": "Modi", "predicates": ["leaderOf"]}, 2, 1),
    ({"focus": "India", "classes": ["Person"]}, 3, 4),
])
def test_filters(graph, options, nodes, edges):
    view = build_view(graph, **options)
    assert (len(view.nodes), len(view.edges)) == (nodes, edges)
    ends = {x for e in view.edges for x in (e["from"], e["to"])}
    assert ends <= node_ids(view)


def test_min_confidence_drops_weak_facts_from_a_merged_edge(graph):
    (spoke,) = edges_by(build_view(graph, min_confidence=0.9), "spokeWith")
    assert len(spoke["facts"]) == 1 and spoke["count"] == 2


def test_focus_node_is_marked(graph):
    nodes = {n["id"]: n for n in build_view(graph, focus="Putin").nodes}
    assert nodes["vladimir_putin"].get("focus") is True
    assert not nodes["narendra_modi"].get("focus")


def test_max_nodes_keeps_the_most_connected_and_says_what_was_left_out(graph, tmp_path):
    stats = render_graph(graph, tmp_path / "g.html", max_nodes=3)
    assert stats == RenderStats(nodes=3, edges=4, hidden_nodes=5)
    view = build_view(graph, max_nodes=3)
    assert node_ids(view) == {"vladimir_putin", "narendra_modi", "india"}
    assert view.hidden == ["Russia", "Xi Jinping", "BRICS", "Moscow", "Lula da Silva"]
    html = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert "Showing the 3 most connected of 8 entities: 5 left out" in html
    assert "Russia, Xi Jinping, BRICS, Moscow, Lula da Silva" in html


def test_without_max_nodes_the_default_cap_applies(graph, monkeypatch):
    import kg.render

    monkeypatch.setattr(kg.render, "DEFAULT_MAX_NODES", 3)
    assert [len(build_view(graph).hidden), len(build_view(graph, max_nodes=8).hidden)] == [5, 0]


def test_large_graphs_hide_edge_labels_until_zoomed_and_edges_while_dragging(graph, tmp_path, page_data):
    from rdflib import RDF, URIRef

    from kg.ontology import KGO

    small = page_data(_render(graph, tmp_path / "small.html"))["options"]
    for i in range(400):
        a, b = (URIRef(f"https://w3id.org/newskg/resource/e{j}") for j in (i, i + 1))
        graph.add((a, RDF.type, KGO.Person))
        graph.add((a, KGO.supports, b))
    large = page_data(_render(graph, tmp_path / "large.html"))
    assert large["large"] and len(large["edges"]) > 400
    assert large["options"]["physics"]["enabled"] is False
    assert large["options"]["interaction"]["hideEdgesOnDrag"] and not small["interaction"]["hideEdgesOnDrag"]
    threshold = large["options"]["edges"]["scaling"]["label"]["drawThreshold"]
    assert threshold > small["edges"]["scaling"]["label"]["drawThreshold"]
    assert (threshold - 1) / large["options"]["edges"]["font"]["size"] > 0.5  # no edge label below 50% zoom


def _render(graph, path) -> str:
    render_graph(graph, path)
    return path.read_text(encoding="utf-8")


def test_max_nodes_keeps_the_focus(graph):
    view = build_view(graph, focus="Moscow", hops=3, max_nodes=2)
    assert "moscow" in node_ids(view)


@pytest.mark.parametrize("options, message", [
    ({"predicates": ["spokeWit"]}, "choose among spokeWith"),
    ({"classes": ["Event"]}, "choose among Person, Country, City, Organization"),
    ({"since": "yesterday"}, "not a date"),
    ({"until": "2025-02-30"}, "day 30 out of range"),
    ({"min_confidence": 1.5}, "between 0 and 1"),
    ({"hops": -1}, "negative"),
    ({"max_nodes": 0}, "less than 1"),
])
def test_bad_options_raise_usage_errors(graph, options, message):
    with pytest.raises(UsageError, match=message):
        build_view(graph, **options)


def test_unknown_focus_suggests_close_names(graph):
    with pytest.raises(KgError, match=r"no entity with that name.*Narendra Modi"):
        build_view(graph, focus="Narendra Mody")


@pytest.mark.parametrize("name, expected", [
    ("Modi", "Narendra Modi"), ("modi", "Narendra Modi"), ("PM Modi", "Narendra Modi"),
    ("Putin", "Vladimir Putin"), ("vladimir_putin", "Vladimir Putin"),
    ("https://w3id.org/newskg/resource/xi_jinping", "Xi Jinping"), ("Lula", "Lula da Silva"),
    ("Silva", "Lula da Silva"),
])
def test_find_entity(graph, name, expected):
    assert find_entity(read_entities(graph), name).label == expected


@pytest.mark.parametrize("value, start, end", [
    ("2025", "2025-01-01", "2025-12-31"), ("2024-02", "2024-02-01", "2024-02-29"),
    ("2025-08-08", "2025-08-08", "2025-08-08"),
])
def test_period(value, start, end):
    assert (period(value), period(value, end=True)) == (start, end)


def test_layout_separates_components_and_lone_nodes():
    pos = layout(["a", "b", "c", "d", "e"], [("a", "b"), ("b", "c")])
    assert len(set(pos.values())) == 5
    assert all(isinstance(v, int) for xy in pos.values() for v in xy)


def test_write_is_atomic_and_readable(graph, tmp_path):
    target = tmp_path / "out" / "g.html"
    render_graph(graph, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["g.html"]
    assert os.stat(target).st_mode & 0o044 == 0o044  # readable by the web server / other users


def test_seeds_page(seeds_ttl, tmp_path):
    from kg.export import load_graph

    g = load_graph(seeds_ttl)
    stats = render_graph(g, tmp_path / "seeds.html")
    view = build_view(g)
    assert stats.nodes == len(view.nodes) > 20 and stats.edges == len(view.edges) > 20
    assert any(n["label"] == "Narendra Modi" for n in view.nodes)
    assert all(f["evidence"] for e in view.edges for f in e["facts"])


def test_empty_graph_gives_an_empty_page(tmp_path):
    from rdflib import Graph

    assert render_graph(Graph(), tmp_path / "g.html") == RenderStats(0, 0, 0)
    assert "0 entities · 0 links" in (tmp_path / "g.html").read_text(encoding="utf-8")


def test_untyped_ends_of_a_shortcut_are_shown_as_other(graph, page_data, tmp_path):
    from rdflib import URIRef

    from kg.ontology import KGO

    graph.add((URIRef("https://w3id.org/newskg/resource/some_group"), KGO.supports,
               URIRef("https://w3id.org/newskg/resource/narendra_modi")))
    data = page_data(_render(graph, tmp_path / "g.html"))
    (node,) = [n for n in data["nodes"] if n["id"] == "some_group"]
    assert (node["cls"], node["label"]) == ("Other", "some group")
    assert data["classes"][-1]["name"] == "Other"
