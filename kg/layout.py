"""Node positions for the HTML view, computed in Python so that the page needs no physics.

`layout` lays each connected component out alone with `spring` (a numpy force-directed
layout: Fruchterman-Reingold attraction, ForceAtlas2's degree-weighted repulsion, grid
cells for far-away nodes) and packs the components in rows, biggest first.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree


def layout(nodes: list[str], edges: Iterable[tuple[str, str]], *, edge_length: float = 150.0,
           labels: dict[str, str] | None = None, seed: int = 7) -> dict[str, tuple[int, int]]:
    """Pixel positions: each connected component laid out alone (median edge `edge_length`
    pixels), the components packed in rows, biggest first; lone nodes as wide as their label."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a, b in edges if a != b)
    gap = edge_length * 0.6
    boxes = []
    for comp in sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c))):
        if len(comp) == 1:
            node = next(iter(comp))
            w = max(0.0, min(260.0, 7.0 * len((labels or {}).get(node, node))) - gap + 30)
            boxes.append((w, 0.0, {node: (w / 2, 0.0)}))
            continue
        pos = _component_layout(g.subgraph(sorted(comp)), edge_length, seed)
        x0, y0 = min(p[0] for p in pos.values()), min(p[1] for p in pos.values())
        pos = {k: (x - x0, y - y0) for k, (x, y) in pos.items()}
        boxes.append((max(p[0] for p in pos.values()), max(p[1] for p in pos.values()), pos))
    row_width = max([w for w, _, _ in boxes] + [math.sqrt(sum((w + gap) * (h + gap) for w, h, _ in boxes))])
    out, x, y, row_h = {}, 0.0, 0.0, 0.0
    for w, h, pos in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        out.update({k: (round(x + px), round(y + py)) for k, (px, py) in pos.items()})
        x, row_h = x + w + gap, max(row_h, h)
    return out


def _component_layout(sub: nx.Graph, edge_length: float, seed: int) -> dict:
    """Fruchterman-Reingold of one component, scaled so that edges are about `edge_length`
    pixels and 90% of the nodes at least 0.4 of that from their nearest neighbour."""
    names = list(sub)
    index = {v: i for i, v in enumerate(names)}
    src, dst = (np.array(x, dtype=int) for x in zip(*((index[a], index[b]) for a, b in sub.edges)))
    pos = spring(len(names), src, dst, iterations=200 if len(names) <= 200 else 60, seed=seed)
    edge = np.median(np.linalg.norm(pos[src] - pos[dst], axis=1))
    gap = np.percentile(cKDTree(pos).query(pos, 2)[0][:, 1], 10)
    factor = max(edge_length / max(edge, 1e-9), edge_length * 0.25 / max(gap, 1e-9))
    return {v: (float(x) * factor, float(y) * factor) for v, (x, y) in zip(names, pos)}


def spring(n: int, src: np.ndarray, dst: np.ndarray, *, iterations: int = 50, seed: int = 7,
           gravity: float = 0.2, exact_up_to: int = 400) -> np.ndarray:
    """Force-directed positions (n x 2) of a connected graph given as edge index arrays.

    Fruchterman-Reingold attraction, ForceAtlas2's degree-weighted repulsion (hubs get room
    for their leaves) and a little gravity. networkx's spring layout is O(n^2) in Python
    loops (minutes at 5,000 nodes); this one repels exactly up to `exact_up_to` nodes and,
    above, exactly between near neighbours (k-d tree) and through grid cells far away.
    """
    rng = np.random.default_rng(seed)
    mass = 1.0 + np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    side = 2 * math.sqrt(2 * n)
    pos = rng.random((n, 2)) * side
    for i in range(iterations):
        rep = _pull(pos, pos, lambda d2: mass / np.maximum(d2, 1e-4)) if n <= exact_up_to else _repel_approx(pos, mass)
        disp = 2 * mass[:, None] * rep
        d = pos[src] - pos[dst]
        f = d * np.sqrt(np.einsum("ij,ij->i", d, d))[:, None]
        disp += _scatter(dst, f, n) - _scatter(src, f, n)
        c = pos - pos.mean(0)
        disp -= gravity * mass[:, None] * c / np.maximum(np.linalg.norm(c, axis=1), 1e-9)[:, None]
        length = np.maximum(np.sqrt(np.einsum("ij,ij->i", disp, disp)), 1e-9)
        pos += disp * (np.minimum(length, side / 4 * (1 - i / iterations)) / length)[:, None]
    return pos


def _scatter(index: np.ndarray, f: np.ndarray, n: int) -> np.ndarray:
    """Sum the rows of f into n rows by index (np.add.at, but fast)."""
    return np.stack([np.bincount(index, f[:, 0], n), np.bincount(index, f[:, 1], n)], 1)


def _pull(pos: np.ndarray, others: np.ndarray, weight) -> np.ndarray:
    """Sum over j of w(d2_ij) * (pos_i - others_j), in row blocks, as matrix products."""
    out = np.empty_like(pos)
    for s in range(0, len(pos), 512):
        p = pos[s:s + 512]
        d2 = (p[:, :1] - others[:, 0]) ** 2 + (p[:, 1:] - others[:, 1]) ** 2
        w = weight(d2)
        out[s:s + 512] = p * w.sum(1)[:, None] - w @ others
    return out


def _repel_approx(pos: np.ndarray, mass: np.ndarray, radius: float = 3.0, cells: int = 16) -> np.ndarray:
    """Sum over j of mass_j (pos_i - pos_j) / d2_ij: exact within `radius`, by grid cell beyond."""
    n = len(pos)
    i, j = cKDTree(pos).query_pairs(radius, output_type="ndarray").T
    d = pos[i] - pos[j]
    f = d / np.maximum(np.einsum("ij,ij->i", d, d), 1e-4)[:, None]
    lo = pos.min(0)
    size = max(float((pos.max(0) - lo).max()) / cells, 1e-9)
    cell = np.minimum((pos - lo) // size, cells - 1).astype(int)
    key = cell[:, 0] * cells + cell[:, 1]
    m = np.bincount(key, mass, cells * cells)
    full = m > 0
    cent = np.stack([np.bincount(key, pos[:, k] * mass, cells * cells)[full] for k in (0, 1)], 1) / m[full][:, None]
    far = _pull(pos, cent, lambda d2: np.where(d2 < radius ** 2, 0.0, m[full] / np.maximum(d2, 1e-4)))
    return far + _scatter(i, f * mass[j][:, None], n) - _scatter(j, f * mass[i][:, None], n)
