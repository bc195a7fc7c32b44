"""The graph page in a real browser: Debian's headless chromium driven by Playwright."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.render import render_graph

pytestmark = pytest.mark.browser
# The README's picture; rewritten only on request (KG_UPDATE_SCREENSHOT=1), so that a test run
# leaves the working tree as it was.
README_SCREENSHOT = Path(__file__).resolve().parents[2] / "output" / "screenshot.png"


@pytest.fixture(scope="module")
def small_html(tmp_path_factory, small_ttl) -> Path:
    from kg.export import load_graph

    path = tmp_path_factory.mktemp("render_page") / "small.html"
    render_graph(load_graph(small_ttl), path)
    return path


def assert_clean(page) -> None:
    assert page.errors == []
    assert page.requests and all(url.startswith(("file:", "data:")) for url in page.requests), page.requests


def visible_predicates(page) -> list[str]:
    return page.js("kg.visibleEdgeIds().map(id => kg.edges.get(id).predicate).sort()")


def dom_point(page, canvas_xy: dict) -> tuple[float, float]:
    """Page coordinates of a point of the network's canvas."""
    xy = page.js("p => kg.network.canvasToDOM(p)", canvas_xy)
    box = page.page.locator("#network").bounding_box()
    return box["x"] + xy["x"], box["y"] + xy["y"]


def test_page_loads_offline_without_errors(open_page, small_html, small_counts):
    page = open_page(small_html)
    nodes, edges = small_counts
    assert page.js("kg.counts()") == {"nodes": nodes, "edges": edges, "totalNodes": nodes, "totalEdges": edges}
    assert page.js("kg.network.body.data.nodes.length") == nodes
    assert page.js("kg.data.options.physics.enabled") is False
    assert page.page.locator("#classes input").count() == 4
    assert_clean(page)


def test_search_focuses_the_node_by_alias(open_page, small_html):
    page = open_page(small_html)
    assert page.js("kg.search('Modi')") == "narendra_modi"
    assert page.js("kg.network.getSelectedNodes()") == ["narendra_modi"]
    details = page.page.locator("#details").inner_text()
    assert "Narendra Modi" in details and "Modi, PM Modi" in details and "Prime Minister" in details
    assert page.js("kg.search('nobody at all')") is None
    assert_clean(page)


def test_search_box(open_page, small_html):
    page = open_page(small_html)
    page.page.fill("#search", "xi")
    page.page.press("#search", "Enter")
    assert page.js("kg.network.getSelectedNodes()") == ["xi_jinping"]
    assert "Found Xi Jinping" in page.page.locator("#search-status").inner_text()


def test_toggling_a_predicate_hides_its_edges(open_page, small_html, small_counts):
    page = open_page(small_html)
    page.js("kg.togglePredicate('spokeWith', false)")
    assert "spokeWith" not in visible_predicates(page)
    assert page.js("kg.counts().edges") == small_counts[1] - 1
    page.page.uncheck('input[data-kind="predicate"][data-name="leaderOf"]')
    assert "leaderOf" not in visible_predicates(page)
    assert page.js("kg.counts().edges") == small_counts[1] - 3
    page.js("kg.togglePredicate('spokeWith', true)")
    assert "spokeWith" in visible_predicates(page)
    assert page.page.is_checked('input[data-kind="predicate"][data-name="spokeWith"]')


def test_toggling_a_class_hides_its_nodes_and_their_edges(open_page, small_html, small_counts):
    page = open_page(small_html)
    page.page.uncheck('input[data-kind="class"][data-name="Country"]')
    assert sorted(page.js("kg.visibleNodeIds()")) == sorted(
        ["narendra_modi", "vladimir_putin", "xi_jinping", "lula_da_silva", "moscow", "brics"])
    assert visible_predicates(page) == ["briefed", "briefed", "criticized", "metWith", "spokeWith"]


def test_date_range_filters_dated_facts(open_page, small_html):
    page = open_page(small_html)
    page.js("kg.setDateRange('2025-08-08', '2025-08-08', false)")
    assert visible_predicates(page) == ["briefed", "plansToVisit", "spokeWith"]
    page.js("kg.setDateRange('2025-08-08', '2025-08-08', true)")
    assert len(visible_predicates(page)) == 9  # plus the six undated links
    page.page.fill("#date-from", "2025-08-10")
    page.page.fill("#date-to", "2025-08-31")
    page.page.uncheck("#undated")
    assert visible_predicates(page) == ["criticized", "plansToVisit"]


def test_reset_view_restores_everything(open_page, small_html, small_counts):
    page = open_page(small_html)
    page.js("kg.togglePredicate('briefed', false); kg.toggleClass('Person', false); kg.search('Putin');"
            "kg.setDateRange('2030-01-01', null, false)")
    page.page.click("#reset")
    nodes, edges = small_counts
    assert page.js("kg.counts()") == {"nodes": nodes, "edges": edges, "totalNodes": nodes, "totalEdges": edges}
    assert page.js("kg.network.getSelectedNodes()") == []
    assert page.page.is_checked('input[data-kind="class"][data-name="Person"]')


def test_clicking_an_edge_shows_its_evidence(open_page, small_html):
    page = open_page(small_html)
    pos = page.js("kg.network.getPositions(['narendra_modi', 'india'])")
    a, b = pos["narendra_modi"], pos["india"]
    middle = {"x": (a["x"] + b["x"]) / 2, "y": (a["y"] + b["y"]) / 2}
    page.js("p => kg.network.moveTo({position: p, scale: 1.5})", middle)
    x, y = dom_point(page, middle)
    page.page.mouse.click(x, y)
    details = page.page.locator("#details").inner_text()
    assert "leader of" in details
    assert "Indian Prime Minister Narendra Modi said." in details
    assert "Modi and Putin talk by phone · 2025-08-08" in details
    assert "confidence 0.95" in details and "confidence 0.9" in details


def test_clicking_a_node_explains_it(open_page, small_html):
    page = open_page(small_html)
    xy = page.js("kg.network.getPositions(['vladimir_putin']).vladimir_putin")
    page.js("p => kg.network.moveTo({position: p, scale: 1.2})", xy)
    page.page.mouse.click(*dom_point(page, xy))
    assert page.js("kg.network.getSelectedNodes()") == ["vladimir_putin"]
    details = page.page.locator("#details").inner_text()
    assert "Person" in details and "Putin" in details and "President" in details
    assert "7 links" in details.lower()


def test_left_out_nodes_are_listed_on_the_page(open_page, tmp_path, small_ttl):
    from kg.export import load_graph

    path = tmp_path / "top3.html"
    render_graph(load_graph(small_ttl), path, max_nodes=3)
    page = open_page(path)
    assert page.js("kg.counts().nodes") == 3
    text = page.page.locator("#left-out").inner_text()
    assert "Showing the 3 most connected of 8 entities: 5 left out" in text
    assert_clean(page)


def test_seeds_page_in_the_browser(open_page, seeds_ttl, tmp_path):
    from kg.export import load_graph

    path = tmp_path / "seeds.html"
    stats = render_graph(load_graph(seeds_ttl), path)
    page = open_page(path)
    counts = page.js("kg.counts()")
    assert (counts["nodes"], counts["edges"]) == (stats.nodes, stats.edges)
    modi = page.js("kg.search('Modi')")
    assert modi and page.js("kg.network.getSelectedNodes()") == [modi]
    assert page.js("id => kg.nodes.get(id).label", modi) == "Narendra Modi"
    predicate = page.js("kg.data.predicates.slice().sort((a, b) => b.count - a.count)[0]")
    page.js("name => kg.togglePredicate(name, false)", predicate["name"])
    assert predicate["name"] not in visible_predicates(page)
    assert page.js("kg.counts().edges") == stats.edges - predicate["count"]
    page.js("kg.reset()")
    page.page.wait_for_timeout(300)
    shot = README_SCREENSHOT if os.environ.get("KG_UPDATE_SCREENSHOT") == "1" else tmp_path / "screenshot.png"
    shot.parent.mkdir(exist_ok=True)
    page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert_clean(page)


def test_hovering_a_node_lists_its_facts(open_page, small_html):
    page = open_page(small_html)
    xy = page.js("kg.network.getPositions(['india']).india")
    page.js("p => kg.network.moveTo({position: p, scale: 1.2})", xy)
    page.page.mouse.move(*dom_point(page, xy))
    page.page.wait_for_function("() => document.querySelector('#details h3') !== null")
    details = page.page.locator("#details").inner_text()
    assert "India" in details and "Country" in details
    assert "leader of ← Narendra Modi" in details and "member of → BRICS" in details
    assert page.js("kg.network.getSelectedNodes()") == []
