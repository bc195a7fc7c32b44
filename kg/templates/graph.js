/* The newskg graph page: builds the vis-network from the embedded data, wires the controls,
 * explains nodes and edges on click, and exposes `window.kg` for people and tests:
 *   kg.network, kg.nodes, kg.edges           vis Network and the DataSets of everything
 *   kg.search(name) -> id | null             focus and select the best match of a label or alias
 *   kg.focus(id)                             select, centre and explain a node
 *   kg.togglePredicate(name, on)             show/hide a relation (e.g. "spokeWith")
 *   kg.toggleClass(name, on)                 show/hide a class (e.g. "Person")
 *   kg.setDateRange(from, to, undated)       ISO days or null; undated facts shown if true
 *   kg.reset()                               every filter on, selection cleared, whole graph in view
 *   kg.visibleNodeIds(), kg.visibleEdgeIds(), kg.counts()
 *   kg.ready                                 true once the network has drawn once
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeById = {}, edgesOf = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; edgesOf[n.id] = []; });
  data.edges.forEach(function (e) { edgesOf[e.from].push(e); if (e.to !== e.from) edgesOf[e.to].push(e); });

  var state = { classes: {}, predicates: {}, from: null, to: null, undated: true };
  data.classes.forEach(function (c) { state.classes[c.name] = true; });
  data.predicates.forEach(function (p) { state.predicates[p.name] = true; });
  if (data.dateRange) { state.from = data.dateRange[0]; state.to = data.dateRange[1]; }

  function nodeVisible(n) { return state.classes[n.cls] !== false; }
  function factVisible(f) {
    if (!f.spans.length) return state.undated;
    return f.spans.some(function (s) {
      return (!state.from || s[1] >= state.from) && (!state.to || s[0] <= state.to);
    });
  }
  function edgeVisible(e) {
    return state.predicates[e.predicate] !== false && nodeVisible(nodeById[e.from]) &&
      nodeVisible(nodeById[e.to]) && e.facts.some(factVisible);
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, { filter: edgeVisible });
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);

  var api = {
    network: network, nodes: nodes, edges: edges, data: data, ready: false, state: state,
    search: search, focus: focus, togglePredicate: togglePredicate, toggleClass: toggleClass,
    setDateRange: setDateRange, reset: reset,
    visibleNodeIds: function () { return nodeView.getIds(); },
    visibleEdgeIds: function () { return edgeView.getIds(); },
    counts: function () {
      return { nodes: nodeView.length, edges: edgeView.length, totalNodes: nodes.length, totalEdges: edges.length };
    }
  };
  window.kg = api;
  network.once("afterDrawing", function () { api.ready = true; document.body.setAttribute("data-ready", "1"); });

  // ------------------------------------------------------------ small DOM helpers
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "style") node.style.cssText = attrs[k];
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }
  function human(p) { return p.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase(); }
  function label(id) { return nodeById[id] ? nodeById[id].label : id; }
  function shapeSvg(color, shape) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), s;
    svg.setAttribute("viewBox", "0 0 14 14"); svg.setAttribute("class", "swatch");
    if (shape === "diamond") { s = document.createElementNS(ns, "polygon"); s.setAttribute("points", "7,0 14,7 7,14 0,7"); }
    else if (shape === "triangle") { s = document.createElementNS(ns, "polygon"); s.setAttribute("points", "7,1 13,13 1,13"); }
    else if (shape === "square") { s = document.createElementNS(ns, "rect"); s.setAttribute("x", 1); s.setAttribute("y", 1); s.setAttribute("width", 12); s.setAttribute("height", 12); }
    else { s = document.createElementNS(ns, "circle"); s.setAttribute("cx", 7); s.setAttribute("cy", 7); s.setAttribute("r", 6); }
    s.setAttribute("fill", color);
    svg.appendChild(s);
    return svg;
  }

  // ------------------------------------------------------------ controls
  function toggleRow(list, kind, item, swatch, text) {
    var box = el("input", { type: "checkbox", "data-kind": kind, "data-name": item.name });
    box.checked = true;
    box.addEventListener("change", function () {
      (kind === "class" ? toggleClass : togglePredicate)(item.name, box.checked);
    });
    list.appendChild(el("li", null, el("label", null, box, swatch, el("span", { text: text }),
      el("span", { "class": "n", text: String(item.count) }))));
  }
  data.classes.forEach(function (c) {
    toggleRow(document.getElementById("classes"), "class", c, shapeSvg(c.color, c.shape), c.name);
  });
  document.getElementById("size-by").textContent = data.sizeBy === "mentions" ?
    "Size: how often the articles mention it." : "Size: how many links it has.";
  data.predicates.forEach(function (p) {
    toggleRow(document.getElementById("predicates"), "predicate", p,
      el("span", { "class": "line", style: "background:" + p.color }), human(p.name));
  });
  var names = document.getElementById("names");
  data.nodes.slice().sort(function (a, b) { return b.size - a.size; }).slice(0, 2000).forEach(function (n) {
    names.appendChild(el("option", { value: n.label }));
  });
  var from = document.getElementById("date-from"), to = document.getElementById("date-to");
  var undated = document.getElementById("undated");
  if (data.dateRange) {
    from.min = to.min = data.dateRange[0]; from.max = to.max = data.dateRange[1];
    from.value = data.dateRange[0]; to.value = data.dateRange[1];
  } else {
    from.disabled = to.disabled = true;
  }
  function onDates() { setDateRange(from.value || null, to.value || null, undated.checked); }
  from.addEventListener("change", onDates); to.addEventListener("change", onDates); undated.addEventListener("change", onDates);
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("search").value);
  });
  document.getElementById("reset").addEventListener("click", reset);

  function refresh() {
    nodeView.refresh(); edgeView.refresh();
    var c = api.counts();
    document.getElementById("counts").textContent =
      "Showing " + c.nodes + " of " + c.totalNodes + " entities, " + c.edges + " of " + c.totalEdges + " links";
  }
  function setBox(kind, name, on) {
    var box = document.querySelector('input[data-kind="' + kind + '"][data-name="' + name + '"]');
    if (box) box.checked = on;
  }
  function togglePredicate(name, on) { state.predicates[name] = !!on; setBox("predicate", name, !!on); refresh(); }
  function toggleClass(name, on) { state.classes[name] = !!on; setBox("class", name, !!on); refresh(); }
  function setDateRange(a, b, keepUndated) {
    state.from = a || null; state.to = b || null;
    if (keepUndated !== undefined) state.undated = !!keepUndated;
    from.value = state.from || ""; to.value = state.to || ""; undated.checked = state.undated;
    refresh();
  }
  function reset() {
    Object.keys(state.classes).forEach(function (c) { state.classes[c] = true; setBox("class", c, true); });
    Object.keys(state.predicates).forEach(function (p) { state.predicates[p] = true; setBox("predicate", p, true); });
    setDateRange(data.dateRange ? data.dateRange[0] : null, data.dateRange ? data.dateRange[1] : null, true);
    document.getElementById("search").value = "";
    document.getElementById("search-status").textContent = "";
    network.unselectAll();
    showHint();
    network.fit({ animation: false });
  }

  // ------------------------------------------------------------ search
  function rank(n, q) {
    var labels = [n.label].concat(n.alt).map(function (s) { return s.toLowerCase(); });
    if (labels[0] === q) return 0;
    if (labels.indexOf(q) >= 0) return 1;
    var word = new RegExp("(^|[^\\p{L}\\p{N}])" + q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "($|[^\\p{L}\\p{N}])", "u");
    if (labels.some(function (s) { return word.test(s); })) return 2;
    if (labels.some(function (s) { return s.indexOf(q) >= 0; })) return 3;
    return -1;
  }
  function search(name) {
    var q = String(name || "").trim().toLowerCase(), best = null, bestRank = 9;
    var status = document.getElementById("search-status");
    if (!q) { status.textContent = ""; return null; }
    data.nodes.forEach(function (n) {
      var r = rank(n, q);
      if (r >= 0 && (r < bestRank || (r === bestRank && n.size > best.size))) { best = n; bestRank = r; }
    });
    if (!best) { status.textContent = "No entity matches “" + name + "”."; return null; }
    status.textContent = "Found " + best.label + (best.label.toLowerCase() === q ? "" : " (" + name + ")") + ".";
    focus(best.id);
    return best.id;
  }
  function focus(id) {
    var n = nodeById[id];
    if (!n) return null;
    if (!nodeVisible(n)) toggleClass(n.cls, true);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
    showNode(id);
    return id;
  }

  // ------------------------------------------------------------ explanations
  var details = document.getElementById("details");
  function clear() { while (details.firstChild) details.removeChild(details.firstChild); }
  function showHint() {
    clear();
    details.appendChild(el("p", { "class": "hint", text: "Click an entity or a link to see its facts and the sentences they come from." }));
  }
  function link(text, onclick) {
    return el("a", { role: "button", tabindex: "0", text: text, onclick: onclick,
      onkeydown: function (ev) { if (ev.key === "Enter") onclick(ev); } });
  }
  function showNode(id) {
    var n = nodeById[id];
    clear();
    details.appendChild(el("h3", { text: n.label }));
    details.appendChild(el("span", { "class": "cls", style: "background:" + (n.color.background || n.color), text: n.cls }));
    var dl = el("dl");
    function row(k, v) { if (v) { dl.appendChild(el("dt", { text: k })); dl.appendChild(el("dd", { text: v })); } }
    row("Also", n.alt.join(", "));
    row("Titles", n.titles.join(", "));
    row("Mentions", String(n.mentions));
    row("IRI", n.iri);
    details.appendChild(dl);
    var facts = edgesOf[id];
    details.appendChild(el("h2", { text: facts.length + " link" + (facts.length === 1 ? "" : "s") }));
    var ul = el("ul", { "class": "facts" });
    facts.forEach(function (e) {
      var other = e.from === id ? e.to : e.from;
      var dir = e.arrows === "" ? "—" : (e.arrows === "to,from" ? "↔" : (e.from === id ? "→" : "←"));
      var dates = [].concat.apply([], e.facts.map(function (f) { return f.dates; })).join(", ");
      ul.appendChild(el("li", { style: edgeVisible(e) ? "" : "opacity:.5" },
        el("span", { style: "color:" + e.color, text: human(e.predicate) + " " + dir + " " }),
        link(label(other), function () { focus(other); }),
        el("span", { "class": "source", text: " · " + e.count + (e.count === 1 ? " report" : " reports") + (dates ? " · " + dates : "") + " " }),
        link("evidence", function () { network.selectEdges([e.id]); showEdge(e.id); })));
    });
    details.appendChild(ul);
  }
  function showEdge(id) {
    var e = edges.get(id);
    clear();
    details.appendChild(el("h3", null, el("span", { style: "color:" + e.color, text: human(e.predicate) })));
    details.appendChild(el("p", null, link(label(e.from), function () { focus(e.from); }),
      e.arrows === "" ? " — " : (e.arrows === "to,from" ? " ↔ " : " → "), link(label(e.to), function () { focus(e.to); })));
    details.appendChild(el("p", { "class": "source", text: e.count + (e.count === 1 ? " report" : " reports") +
      (e.confidence !== null ? " · confidence " + e.confidence : "") }));
    e.facts.forEach(function (f) {
      var box = el("div", { "class": "fact" });
      box.appendChild(el("div", { text: label(f.agent) + " " + human(e.predicate) + " " + label(f.target) +
        (f.kind ? " (" + f.kind + ")" : "") + (f.dates.length ? " · " + f.dates.join(", ") : "") +
        (f.confidence !== null ? " · confidence " + f.confidence : "") }));
      if (!f.evidence.length) box.appendChild(el("p", { "class": "hint", text: "No evidence recorded for this fact." }));
      f.evidence.forEach(function (ev) {
        var art = data.articles[ev.article] || {};
        box.appendChild(el("blockquote", { "class": "evidence", text: ev.sentence }));
        box.appendChild(el("div", { "class": "source", text: (art.title || ev.article || "unknown article") +
          (art.date ? " · " + art.date : "") + (ev.date ? " · event " + ev.date : "") +
          (ev.confidence !== null ? " · confidence " + ev.confidence : "") + (ev.extractor ? " · " + ev.extractor : "") }));
      });
      details.appendChild(box);
    });
  }
  // Hovering explains too, as long as nothing is selected (a selection keeps its panel).
  function nothingSelected() { return !network.getSelectedNodes().length && !network.getSelectedEdges().length; }
  network.on("hoverNode", function (params) { if (nothingSelected()) showNode(params.node); });
  network.on("blurNode", function () { if (nothingSelected()) showHint(); });
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showHint();
  });
  refresh();
  var focused = data.nodes.filter(function (n) { return n.focus; })[0];
  if (focused) { network.selectNodes([focused.id]); showNode(focused.id); }
})();
