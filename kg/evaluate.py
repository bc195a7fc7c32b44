"""`kg eval`: score a built graph against gold annotations (eval/GOLD_FORMAT.md).

Graph nodes align to gold entities by label after folding (case, accents, punctuation,
hyphens, possessive "'s", a leading "the"); relations match on (aligned subject, predicate
local name, aligned object), symmetric ones either way, spokeWith ≈ briefed either way.
Recall counts the gold relations marked certain; precision counts against all of them.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from kg.errors import KgError
from kg.export import load_graph
from kg.ontology import KGO

ENTITY_TYPES = {"Person", "Country", "City", "Place", "Organization"}
COMPATIBLE = {"Person": {"Person"}, "Country": {"Country", "Place"}, "City": {"City", "Place"},
              "Place": {"Country", "City"}, "Organization": {"Organization"}}
SYMMETRIC = {"spokeWith", "metWith"}
SHORTCUTS = ("spokeWith", "briefed", "metWith", "visited", "plansToVisit", "hosted", "leaderOf",
             "representativeOf", "relativeOf", "affiliatedWith", "nationality", "memberOf", "locatedIn",
             "imposedTariffOn", "sanctioned", "supports", "criticized")


def fold(label: str) -> str:
    """Fold a label for alignment: case, accents, punctuation, hyphens, "'s", leading "the"."""
    text = re.sub(r"['’]s\b", "", label)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[-‐–—_]", " ", text)
    text = re.sub(r"[^\w\s]", "", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class EvalResult:
    entities: Scores
    nodes_per_entity: float
    relations: Scores
    per_predicate: dict[str, Scores]
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)

    def as_dict(self, *, verbose: bool = False) -> dict:
        out = {"entities": self.entities.as_dict(), "nodes_per_gold_entity": round(self.nodes_per_entity, 4),
               "relations": self.relations.as_dict(),
               "per_predicate": {p: s.as_dict() for p, s in sorted(self.per_predicate.items())}}
        if verbose:
            out["missed"], out["spurious"] = self.missed, self.spurious
        return out


def load_gold(gold_dir: Path) -> tuple[dict, list[dict]]:
    """Gold entities by id ({type, labels}) and relations, over every JSON file of a folder."""
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise KgError(f"{gold_dir}: no gold annotation files (*.json)")
    entities: dict[str, dict] = {}
    relations: list[dict] = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise KgError(f"{f}: not valid JSON: {e}") from e
        for e in data.get("entities", []):
            slot = entities.setdefault(e["id"], {"type": e["type"], "labels": set()})
            slot["labels"].update(e.get("labels", []))
        for r in data.get("relations", []):
            relations.append({**r, "doc": data.get("doc", f.name)})
    return entities, relations


def _nodes(graph: Graph) -> dict[URIRef, tuple[str, set[str]]]:
    """Typed entity nodes of the graph: IRI → (class local name, folded labels)."""
    out = {}
    for s, cls in graph.subject_objects(RDF.type):
        local = str(cls).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if local not in ENTITY_TYPES or not str(cls).startswith(str(KGO._NS)):
            continue
        labels = {fold(str(o)) for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label) for o in graph.objects(s, p)}
        out[s] = (local, labels - {""})
    return out


def align(graph: Graph, gold: dict) -> dict[URIRef, str]:
    """Graph node → gold entity id, by folded labels (most matching labels wins)."""
    index: dict[str, set[str]] = defaultdict(set)
    for gid, g in gold.items():
        for label in g["labels"]:
            index[fold(label)].add(gid)
    out = {}
    for node, (_, labels) in _nodes(graph).items():
        hits = Counter(gid for label in labels for gid in index.get(label, ()))
        if hits:
            out[node] = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return out


def evaluate(graph_path: Path, gold_dir: Path) -> EvalResult:
    """Score the graph at `graph_path` against the gold folder."""
    graph = load_graph(graph_path)
    gold, gold_rel = load_gold(gold_dir)
    nodes = _nodes(graph)
    aligned = align(graph, gold)
    ent = Scores()
    for node, (cls, _) in nodes.items():
        gid = aligned.get(node)
        if gid is not None and cls in COMPATIBLE.get(gold[gid]["type"], set()):
            ent.tp += 1
        else:
            ent.fp += 1
    found = set(aligned.values())
    ent = SplitScores(ent.tp, ent.fp, len(set(gold) - found), len(set(gold) & found))
    npe = len(aligned) / len(found) if found else 0.0
    return _score_relations(graph, aligned, gold_rel, ent, npe)


def _keys(s: str, p: str, o: str) -> set[tuple[str, str, str]]:
    """The gold triples a predicted triple can match."""
    keys = {(s, p, o)}
    if p in SYMMETRIC or p in {"briefed"}:
        keys.add((o, p, s))
    if p == "spokeWith":
        keys |= {(s, "briefed", o), (o, "briefed", s)}
    if p == "briefed":
        keys |= {(s, "spokeWith", o), (o, "spokeWith", s)}
    return keys


def _score_relations(graph: Graph, aligned: dict, gold_rel: list[dict], ent: Scores, npe: float) -> EvalResult:
    gold_all = {(r["s"], r["p"], r["o"]): r for r in gold_rel}
    gold_certain = {k for k, r in gold_all.items() if r.get("certain", True)}
    per: dict[str, Scores] = defaultdict(Scores)
    rel = Scores()
    matched: set = set()
    spurious = []
    for p in SHORTCUTS:
        for s, o in graph.subject_objects(KGO[p]):
            gs, go = aligned.get(s), aligned.get(o)
            hits = _keys(gs, p, go) & set(gold_all) if gs and go else set()
            if hits:
                rel.tp += 1
                per[p].tp += 1
                matched |= hits
            else:
                rel.fp += 1
                per[p].fp += 1
                spurious.append({"s": str(s), "p": p, "o": str(o), "evidence": _evidence(graph, s, p, o)})
    missed = []
    for key in sorted(gold_certain):
        equivalents = _keys(*key)
        if not (equivalents & matched):
            rel.fn += 1
            per[key[1]].fn += 1
            r = gold_all[key]
            missed.append({"s": key[0], "p": key[1], "o": key[2], "doc": r.get("doc"), "evidence": r.get("evidence", "")})
    # Recall is over certain gold only: a match of uncertain gold adds to precision, not recall.
    recall_tp = sum(1 for key in gold_certain if _keys(*key) & matched)
    return EvalResult(ent, npe, SplitScores(rel.tp, rel.fp, rel.fn, recall_tp), dict(per), missed, spurious)


class SplitScores(Scores):
    """Precision over what was predicted; recall over the gold items matched (certain gold
    triples for relations, gold entities found for entities)."""

    def __init__(self, tp: int, fp: int, fn: int, recall_tp: int) -> None:
        super().__init__(tp, fp, fn)
        self.recall_tp = recall_tp

    @property
    def recall(self) -> float:
        total = self.recall_tp + self.fn
        return self.recall_tp / total if total else 0.0


def _evidence(graph: Graph, s, p, o) -> list[str]:
    out = []
    for fact in graph.subjects(KGO.relation, KGO[p]):
        if (fact, KGO.agent, s) in graph and (fact, KGO.target, o) in graph:
            for ev in graph.objects(fact, KGO.hasEvidence):
                out.extend(str(x) for x in graph.objects(ev, KGO.evidence))
    return sorted(out)[:3]


def format_report(result: EvalResult, *, verbose: bool = False) -> str:
    """The human-readable report."""
    e, r = result.entities, result.relations
    lines = [
        f"Entities   P {e.precision:.3f}  R {e.recall:.3f}  F1 {e.f1:.3f}   (tp {e.tp}, fp {e.fp}, missed {e.fn})",
        f"Nodes per gold entity  {result.nodes_per_entity:.3f}",
        f"Relations  P {r.precision:.3f}  R {r.recall:.3f}  F1 {r.f1:.3f}   (tp {r.tp}, fp {r.fp}, missed {r.fn})",
        "",
        f"{'predicate':<18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}",
    ]
    for p, s in sorted(result.per_predicate.items()):
        lines.append(f"{p:<18} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.tp:>4} {s.fp:>4} {s.fn:>4}")
    if verbose:
        lines += ["", "Missed (certain gold not found):"]
        lines += [f"  {m['s']} {m['p']} {m['o']}  [{m['doc']}]  {m['evidence'][:160]}" for m in result.missed]
        lines += ["", "Spurious (predicted, not in gold):"]
        for sp in result.spurious:
            ev = sp["evidence"][0][:160] if sp["evidence"] else ""
            lines.append(f"  {sp['s'].rsplit('/', 1)[-1]} {sp['p']} {sp['o'].rsplit('/', 1)[-1]}  {ev}")
    return "\n".join(lines)
