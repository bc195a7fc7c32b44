"""Interactive HTML views of a built graph: entities as nodes, facts as edges, evidence on click.

`render_graph` reads the RDF shape of docs/graph-model.md, chooses what to show (ego network,
predicates, classes, dates, confidence, a node cap), lays the nodes out in Python (kg.layout)
so the page needs no physics, and writes ONE self-contained HTML file through pyvis and our
own template: vis-network and its CSS are inlined from kg/static/, the page script and
styles from kg/templates/. The page opens from file:// with no network and exposes
`window.kg` (see kg/templates/graph.js).
"""
from __future__ import annotations

import calendar
import difflib
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.errors import KgError, UsageError
from kg.layout import layout
from kg.ontology import ENTITY_CLASSES, SHORTCUTS, SYMMETRIC
from kg.viewgraph import Entity, Fact, local_name, read_entities, read_facts

__all__ = ["RenderStats", "View", "build_view", "render_graph", "CLASS_STYLE", "PREDICATE_COLORS"]

_HERE = Path(__file__).parent
OTHER = "Other"
# Colour-blind-friendly categorical colours (Tableau 10 / 20), one shape per class.
CLASS_STYLE = {
    "Person": ("#4e79a7", "dot"), "Country": ("#59a14f", "diamond"),
    "City": ("#f28e2b", "triangle"), "Organization": ("#b07aa1", "square"), OTHER: ("#9d9d9d", "dot"),
}
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173", "#3182bd", "#e6550d")
PREDICATE_COLORS = dict(zip(SHORTCUTS, _PALETTE))
# Above this many edges the page hides edge labels until zoomed in and edges while dragging.
LARGE = 300
# Without --max-nodes, a page keeps this many entities (the most connected) and lists the rest:
# bench/render_bench.py measures ~2 s to first draw at 1,000 nodes and ~5 s at 5,000.
DEFAULT_MAX_NODES = 3000
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class RenderStats:
    """What a rendered page shows: node and edge counts, and nodes left out by --max-nodes."""

    nodes: int
    edges: int
    hidden_nodes: int


@dataclass
class View:
    """The nodes and merged edges a page shows, the articles they cite, what was left out."""

    nodes: list[dict]
    edges: list[dict]
    articles: dict[str, dict]
    hidden: list[str]  # labels of nodes cut by max_nodes, most connected first
    total_nodes: int
    notes: list[str]


def render_graph(graph: Graph, path: str | Path, *, focus: str | None = None, hops: int = 1,
                 predicates: Iterable[str] | None = None, classes: Iterable[str] | None = None,
                 since: str | None = None, until: str | None = None, min_confidence: float | None = None,
                 max_nodes: int | None = None, title: str | None = None) -> RenderStats:
    """Write the interactive page of `graph` to `path`; return its counts.

    Raises UsageError for a bad option value and KgError for an unknown focus name.
    """
    from kg.export import atomic_write

    view = build_view(graph, focus=focus, hops=hops, predicates=predicates, classes=classes, since=since,
                      until=until, min_confidence=min_confidence, max_nodes=max_nodes)
    html = page_html(view, title=title)
    atomic_write(path, lambda fh: fh.write(html))
    os.chmod(path, 0o644)  # mkstemp made it private; the page is meant to be shared
    return RenderStats(nodes=len(view.nodes), edges=len(view.edges), hidden_nodes=len(view.hidden))


# ---------------------------------------------------------------- choosing what to show

def period(value: str, *, end: bool = False) -> str:
    """The first (or last, with end=True) day of an ISO date, year-month or year, as YYYY-MM-DD."""
    m = _DATE.match(str(value).strip())
    if not m:
        raise UsageError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
    if not 1 <= mo <= 12:
        raise UsageError(f"not a date: {value!r} (month {mo} out of range)")
    last = calendar.monthrange(y, mo)[1]
    day = int(d) if d else (last if end else 1)
    if not 1 <= day <= last:
        raise UsageError(f"not a date: {value!r} (day {day} out of range)")
    return f"{y:04d}-{mo:02d}-{day:02d}"


def _spans(fact: Fact) -> list[list[str]]:
    out = []
    for d in fact.dates:
        try:
            out.append([period(d), period(d, end=True)])
        except UsageError:
            continue  # an unparseable date in the graph counts as no date
    return out


def _choices(values: Iterable[str] | None, valid: Iterable[str], what: str) -> set[str] | None:
    if values is None:
        return None
    chosen = {v.strip() for v in values if v and v.strip()}
    unknown = sorted(chosen - set(valid))
    if unknown:
        raise UsageError(f"unknown {what} {', '.join(unknown)} (choose among {', '.join(valid)})")
    return chosen


def find_entity(entities: dict[str, Entity], name: str) -> Entity:
    """The entity named `name` (IRI, local name, preferred or alternative label, any case).

    Raises KgError when no entity or several equally good ones match.
    """
    key = name.strip().casefold()
    ranked = defaultdict(list)
    for e in entities.values():
        labels = [e.label.casefold(), *(a.casefold() for a in e.alt)]
        if key in (e.iri.casefold(), e.id.casefold(), labels[0]):
            ranked[0].append(e)
        elif key in labels:
            ranked[1].append(e)
        elif any(key in re.findall(r"\w+", lab) for lab in labels):
            ranked[2].append(e)
    for rank in sorted(ranked):
        best = sorted(ranked[rank], key=lambda e: (-e.mentions, e.label))
        if len(best) == 1 or best[0].mentions > best[1].mentions:
            return best[0]
        raise KgError(f"--focus {name!r} is ambiguous: {', '.join(e.label for e in best[:8])}")
    close = difflib.get_close_matches(name, sorted({e.label for e in entities.values()}), n=5, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise KgError(f"--focus {name!r}: no entity with that name in the graph{hint}")


def _select(entities, facts, *, focus, hops, predicates, classes, since, until, min_confidence):
    """The facts and node IRIs that pass the filters, and the focus IRI."""
    preds = _choices(predicates, SHORTCUTS, "predicate")
    kinds = _choices(classes, ENTITY_CLASSES, "class")
    if min_confidence is not None and not 0 <= min_confidence <= 1:
        raise UsageError(f"min_confidence {min_confidence} is not between 0 and 1")
    if hops < 0:
        raise UsageError(f"hops {hops} is negative")
    lo, hi = period(since) if since else None, period(until, end=True) if until else None
    center = find_entity(entities, focus).iri if focus else None

    def keep(f: Fact) -> bool:
        if preds is not None and f.predicate not in preds:
            return False
        if min_confidence is not None and (f.confidence is None or f.confidence < min_confidence):
            return False
        if lo or hi:
            return any((not lo or e >= lo) and (not hi or s <= hi) for s, e in _spans(f))
        return True

    def node_ok(iri: str) -> bool:
        return iri == center or kinds is None or (iri in entities and entities[iri].cls in kinds)

    chosen = [f for f in facts if keep(f) and node_ok(f.agent) and node_ok(f.target)]
    edge_filtered = preds is not None or min_confidence is not None or lo or hi
    nodes = {n for f in chosen for n in (f.agent, f.target)}
    if not edge_filtered:
        nodes |= {iri for iri in entities if node_ok(iri)}
    if center:
        g = nx.Graph([(f.agent, f.target) for f in chosen])
        g.add_node(center)
        nodes = set(nx.single_source_shortest_path_length(g, center, cutoff=hops))
        chosen = [f for f in chosen if f.agent in nodes and f.target in nodes]
    return chosen, nodes, center


def build_view(graph: Graph, *, focus: str | None = None, hops: int = 1, predicates: Iterable[str] | None = None,
               classes: Iterable[str] | None = None, since: str | None = None, until: str | None = None,
               min_confidence: float | None = None, max_nodes: int | None = None) -> View:
    """The page's data: filtered nodes with positions, merged edges, cited articles, cut nodes.

    max_nodes None means DEFAULT_MAX_NODES. Raises UsageError for a bad option value and
    KgError for an unknown focus name.
    """
    max_nodes = DEFAULT_MAX_NODES if max_nodes is None else max_nodes
    if max_nodes < 1:
        raise UsageError(f"max_nodes {max_nodes} is less than 1")
    entities = read_entities(graph)
    facts, articles = read_facts(graph)
    for iri in {n for f in facts for n in (f.agent, f.target)} - entities.keys():
        entities[iri] = Entity(local_name(iri), iri, local_name(iri).replace("_", " "), OTHER)
    chosen, nodes, center = _select(entities, facts, focus=focus, hops=hops, predicates=predicates,
                                    classes=classes, since=since, until=until, min_confidence=min_confidence)
    groups = _merge(chosen)
    degree = Counter(n for (_, pair) in groups for n in pair)
    hidden: list[str] = []
    if len(nodes) > max_nodes:
        ranked = sorted(nodes, key=lambda n: (n != center, -degree[n], -entities[n].mentions, entities[n].label))
        nodes, cut = set(ranked[:max_nodes]), ranked[max_nodes:]
        hidden = [entities[n].label for n in cut]
        groups = {k: v for k, v in groups.items() if k[1] <= nodes}
        degree = Counter(n for (_, pair) in groups for n in pair)
    ids = _ids(entities, nodes)
    pairs = [sorted(pair) for _, pair in groups]
    positions = layout(sorted(ids.values()), [(ids[p[0]], ids[p[-1]]) for p in pairs],
                       labels={ids[n]: entities[n].label for n in nodes})
    node_rows = [_node_row(entities[n], ids[n], degree[n], positions[ids[n]], n == center)
                 for n in sorted(nodes, key=lambda n: ids[n])]
    _scale_sizes(node_rows)
    edge_rows = _edge_rows(groups, ids, entities)
    cited = {e["article"] for row in edge_rows for f in row["facts"] for e in f["evidence"]}
    return View(node_rows, edge_rows, {k: v for k, v in sorted(articles.items()) if k in cited}, hidden,
                len(entities), _notes(entities, center, hops, predicates, classes, since, until, min_confidence))


def _merge(facts: list[Fact]) -> dict[tuple[str, frozenset], list[Fact]]:
    """Facts grouped by (predicate, unordered node pair): one edge each."""
    groups: dict[tuple[str, frozenset], list[Fact]] = defaultdict(list)
    for f in facts:
        groups[(f.predicate, frozenset((f.agent, f.target)))].append(f)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0][0], sorted(kv[0][1]))))


def _ids(entities: dict[str, Entity], nodes: Iterable[str]) -> dict[str, str]:
    """Short node ids (the IRI's local name), the full IRI where two local names collide."""
    local = Counter(entities[n].id for n in nodes)
    return {n: entities[n].id if local[entities[n].id] == 1 else n for n in nodes}


def _node_row(e: Entity, node_id: str, degree: int, xy: tuple[int, int], focused: bool) -> dict:
    color, shape = CLASS_STYLE[e.cls]
    lines = [f"{e.label} ({e.cls})"]
    if e.alt:
        lines.append("also: " + ", ".join(e.alt))
    if e.titles:
        lines.append(", ".join(e.titles))
    lines.append(f"{e.mentions} mentions · {degree} links")
    row = {"id": node_id, "iri": e.iri, "label": e.label, "cls": e.cls, "shape": shape, "color": color,
           "alt": e.alt, "titles": e.titles, "mentions": e.mentions, "degree": degree,
           "x": xy[0], "y": xy[1], "title": "\n".join(lines)}
    if focused:
        row.update(borderWidth=4, focus=True, color={"background": color, "border": "#222222"})
    return row


def _scale_sizes(rows: list[dict]) -> None:
    """Size by mention count when the graph has it, else by degree: 8 to 30 px, by square root."""
    key = "mentions" if any(r["mentions"] for r in rows) else "degree"
    top = max((r[key] for r in rows), default=0) or 1
    for r in rows:
        r["size"] = round(8 + 22 * math.sqrt(r[key] / top), 1)


def _edge_rows(groups, ids: dict[str, str], entities: dict[str, Entity]) -> list[dict]:
    rows, per_pair = [], Counter()
    for (predicate, pair), facts in groups.items():
        first = facts[0]
        src, dst = ids[first.agent], ids[first.target]
        forward = any(ids[f.agent] == src for f in facts)
        backward = any(ids[f.agent] == dst and src != dst for f in facts)
        arrows = "" if predicate in SYMMETRIC else ",".join(d for d, on in (("to", forward), ("from", backward)) if on)
        count = sum(max(1, len(f.evidence)) for f in facts)
        label = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", predicate).lower() + (f" ×{count}" if count > 1 else "")
        confs = [f.confidence for f in facts if f.confidence is not None]
        k = per_pair[frozenset((src, dst))]
        per_pair[frozenset((src, dst))] += 1
        row = {"id": f"e{len(rows)}", "from": src, "to": dst, "predicate": predicate, "label": label,
               "color": PREDICATE_COLORS[predicate], "arrows": arrows, "count": count,
               "width": round(1 + 1.5 * math.log2(count), 2), "confidence": max(confs) if confs else None,
               "title": f"{entities[first.agent].label} — {label} — {entities[first.target].label}",
               "facts": [{"iri": f.iri, "agent": ids[f.agent], "target": ids[f.target], "kind": f.kind,
                          "dates": f.dates, "spans": _spans(f), "confidence": f.confidence,
                          "evidence": f.evidence} for f in facts]}
        if k:  # a second predicate between the same two nodes: curve it away from the first
            bend = 0.25 * ((k + 1) // 2) * (1 if k % 2 else -1) * (1 if src < dst else -1)
            row["smooth"] = {"enabled": True, "type": "curvedCW" if bend > 0 else "curvedCCW", "roundness": abs(bend)}
        rows.append(row)
    return rows


def _notes(entities, center, hops, predicates, classes, since, until, min_confidence) -> list[str]:
    notes = []
    if center:
        notes.append(f"ego network of {entities[center].label}, {hops} hop{'s' if hops != 1 else ''}")
    if predicates is not None:
        notes.append("predicates: " + ", ".join(sorted(set(predicates))))
    if classes is not None:
        notes.append("classes: " + ", ".join(sorted(set(classes))))
    if since or until:
        notes.append(f"dated {since or '…'} to {until or '…'}")
    if min_confidence is not None:
        notes.append(f"confidence ≥ {min_confidence}")
    return notes


# ---------------------------------------------------------------- the page

def _read(folder: str, name: str) -> str:
    return (_HERE / folder / name).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """Script text checked not to close its <script> element early (the data JSON escapes '<')."""
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise KgError("a bundled script contains '</script' or '<!--' and cannot be inlined")
    return text


def page_html(view: View, *, title: str | None = None) -> str:
    """The self-contained HTML page of a view (pyvis assembles the network, our template frames it)."""
    import jinja2
    from pyvis.network import Network

    large = len(view.edges) > LARGE or len(view.nodes) > 2 * LARGE
    net = Network(directed=True, cdn_resources="in_line")
    net.nodes, net.edges = view.nodes, view.edges
    net.node_ids = [n["id"] for n in view.nodes]
    net.options = _options(large, len(view.edges))
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    present, per_predicate = Counter(n["cls"] for n in nodes), Counter(e["predicate"] for e in edges)
    data = {
        "nodes": nodes, "edges": edges, "options": json.loads(options), "articles": view.articles,
        "classes": [{"name": c, "color": CLASS_STYLE[c][0], "shape": CLASS_STYLE[c][1], "count": present[c]}
                    for c in (*ENTITY_CLASSES, OTHER) if present[c]],
        "predicates": [{"name": p, "color": PREDICATE_COLORS[p], "count": per_predicate[p]}
                       for p in SHORTCUTS if per_predicate[p]],
        "hidden": view.hidden, "totalNodes": view.total_nodes, "large": large,
        "sizeBy": "mentions" if any(n["mentions"] for n in nodes) else "degree",
    }
    spans = [s for e in edges for f in e["facts"] for s in f["spans"]]
    data["dateRange"] = [min(s for s, _ in spans), max(e for _, e in spans)] if spans else None
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_HERE / "templates"), autoescape=True)
    vis_js = re.sub(r"//# sourceMappingURL=\S+", "", _read("static", "vis-network.min.js"))
    return env.get_template("graph.html").render(
        title=title or "newskg graph", notes=view.notes, hidden=view.hidden, shown=len(nodes), edge_count=len(edges),
        vis_css=_markup(_read("static", "vis-network.css")),
        page_css=_markup(_read("templates", "graph.css")), vis_js=_markup(_script_safe(vis_js)),
        page_js=_markup(_script_safe(_read("templates", "graph.js"))),
        data=_markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")))


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)


def _options(large: bool, edges: int) -> dict:
    """vis-network options: no physics (positions come from Python), quiet edges on big graphs."""
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1,
                  "scaling": {"label": {"drawThreshold": 9 if large else 5}}},
        "edges": {"smooth": False, "font": {"size": 11, "strokeWidth": 4},
                  "arrows": {"to": {"scaleFactor": 0.6}, "from": {"scaleFactor": 0.6}},
                  "scaling": {"label": {"drawThreshold": 10 if large else 8 if edges > 60 else 5}},
                  "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "navigationButtons": False, "keyboard": False, "multiselect": False},
    }
