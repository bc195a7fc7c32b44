"""`kg validate`: does a built graph keep the contract? SHACL shapes plus an ontology check.

Two checks, one report:
  * SHACL with ontology/shapes.ttl (written to need no inference): pyshacl for the core
    constraints, Oxigraph for the SHACL-SPARQL ones (see below);
  * every shortcut triple against the rdfs:domain and rdfs:range of its property (and of
    its super-properties) in ontology/newskg.ttl, subclasses and owl:unionOf understood.
Each problem names the focus node, the shape or property, and a message.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from kg.errors import KgError
from kg.export import load_graph
from kg.ontology import KGO, SHORTCUTS, load_ontology, shapes_path

SH = Namespace("http://www.w3.org/ns/shacl#")
KGS = "https://w3id.org/newskg/shapes#"


@dataclass(frozen=True)
class Violation:
    """One problem: the node it is about, the shape or property that caught it, what is wrong."""

    node: str
    shape: str
    constraint: str
    message: str
    value: str = ""
    check: str = "shacl"  # "shacl" or "ontology"


@dataclass
class ValidationReport:
    """The result of `validate`: conforms, and the violations ordered by node."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    def by_node(self) -> dict[str, list[Violation]]:
        grouped: dict[str, list[Violation]] = {}
        for v in self.violations:
            grouped.setdefault(v.node, []).append(v)
        return grouped

    def text(self) -> str:
        """A human-readable report, one block per focus node."""
        if self.conforms:
            return f"Conforms: yes ({self.triples} triples checked against the SHACL shapes and the ontology)\n"
        lines = [f"Conforms: no — {len(self.violations)} problem(s) on {len(self.by_node())} node(s)"]
        for node, found in self.by_node().items():
            lines.append(f"\n{node}")
            for v in found:
                value = f" [value: {v.value}]" if v.value else ""
                lines.append(f"  {v.shape} ({v.constraint}): {v.message}{value}")
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict:
        return {"conforms": self.conforms, "triples": self.triples,
                "violations": [asdict(v) for v in self.violations]}


def _short(term, graph: Graph | None = None) -> str:
    from kg.query import default_prefixes

    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, BNode):
        return "[]"
    text = str(term)
    for prefix, ns in sorted({**default_prefixes(), "kgs": KGS, "sh": str(SH)}.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>"


# ── SHACL ─────────────────────────────────────────────────────────────────────
# pyshacl evaluates SHACL-SPARQL constraints with rdflib once per focus node, which takes
# seconds on a few thousand triples. So pyshacl gets the shapes without their sh:sparql
# constraints, and each of those runs once, over all its target nodes, on Oxigraph.
# (`exact=True` runs pyshacl on the untouched shapes; tests check both agree.)

@dataclass(frozen=True)
class SparqlCheck:
    """One sh:sparql constraint of a node shape."""

    shape: URIRef
    select: str
    message: str
    prefixes: tuple[tuple[str, str], ...]
    targets: tuple[tuple[URIRef, URIRef], ...]  # (sh:targetSubjectsOf … , IRI)


@cache
def _shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


@cache
def _split_shapes() -> tuple[Graph, tuple[SparqlCheck, ...]]:
    """The shapes without their sh:sparql constraints, and those constraints."""
    shapes = _shapes()
    core = Graph()
    for triple in shapes:
        core.add(triple)
    checks = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, constraint))
        if shapes.value(constraint, SH.deactivated) == Literal(True):
            continue
        prefixes = tuple(sorted(
            (str(shapes.value(decl, SH.prefix)), str(shapes.value(decl, SH.namespace)))
            for onto in shapes.objects(constraint, SH.prefixes) for decl in shapes.objects(onto, SH.declare)))
        targets = tuple(sorted((kind, t) for kind in (SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetClass,
                                                      SH.targetNode) for t in shapes.objects(shape, kind)))
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message) or ""
        checks.append(SparqlCheck(shape, str(shapes.value(constraint, SH.select)), str(message), prefixes, targets))
    return core, tuple(checks)


def _target_pattern(targets: Iterable[tuple[URIRef, URIRef]]) -> str:
    parts = []
    for kind, iri in targets:
        if kind == SH.targetSubjectsOf:
            parts.append(f"{{ ?this <{iri}> ?target_o }}")
        elif kind == SH.targetObjectsOf:
            parts.append(f"{{ ?target_s <{iri}> ?this }}")
        elif kind == SH.targetClass:
            parts.append(f"{{ ?this a/<{RDFS.subClassOf}>* <{iri}> }}")
        else:
            parts.append(f"{{ VALUES ?this {{ <{iri}> }} }}")
    return " UNION ".join(parts)


def sparql_violations(data: Graph, checks: Iterable[SparqlCheck]) -> Iterator[Violation]:
    """Run each SHACL-SPARQL constraint once over all its focus nodes (Oxigraph)."""
    from kg.query import load

    checks = [c for c in checks if c.targets]
    if not checks:
        return
    engine = load(data, engine="oxigraph")
    for check in checks:
        body = check.select.replace("$this", "?this")
        query = (f"SELECT DISTINCT * WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {_target_pattern(check.targets)} }} }}"
                 f" {{ {body} }} }}")
        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in check.prefixes)
        result = engine.query(prologue + query)
        for row in result.terms:
            bound = {var: term for var, term in zip(result.variables, row) if term is not None}
            message = re.sub(r"\{[?$](\w+)\}", lambda m: _short_term(bound.get(m.group(1))), check.message)
            yield Violation(node=_short_term(bound.get("this")), shape=_short(check.shape),
                            constraint="SPARQLConstraintComponent", message=message,
                            value=_short_term(bound["value"]) if "value" in bound else "")


def _short_term(term) -> str:
    """A kg.query Term shortened like _short."""
    if term is None:
        return ""
    if term.kind == "uri":
        return _short(URIRef(term.value))
    return term.value


def _shape_name(shapes: Graph, shape) -> str:
    """A node shape by its IRI; a property shape as 'NodeShape / path'."""
    if isinstance(shape, URIRef):
        return _short(shape)
    parent = shapes.value(None, SH.property, shape)
    path = shapes.value(shape, SH.path)
    path_text = _short(path) if isinstance(path, URIRef) else "(path)"
    if isinstance(path, BNode) and shapes.value(path, SH.inversePath) is not None:
        path_text = "^" + _short(shapes.value(path, SH.inversePath))
    return f"{_short(parent) if parent is not None else '[]'} / {path_text}"


def shacl_violations(data: Graph, *, exact: bool = False) -> Iterator[Violation]:
    """The SHACL validation results of `data` against the newskg shapes."""
    from pyshacl import validate as shacl_validate

    shapes = _shapes()
    core, checks = (shapes, ()) if exact else _split_shapes()
    try:
        _, results, _ = shacl_validate(data, shacl_graph=core, inference="none", abort_on_first=False)
    except Exception as e:  # pyshacl raises its own error types for broken shapes or data
        raise KgError(f"SHACL validation failed to run: {e}") from e
    for result in results.subjects(RDF.type, SH.ValidationResult):
        component = results.value(result, SH.sourceConstraintComponent)
        value = results.value(result, SH.value)
        yield Violation(
            node=_short(results.value(result, SH.focusNode)),
            shape=_shape_name(shapes, results.value(result, SH.sourceShape)),
            constraint=_short(component).removeprefix("sh:") if component is not None else "",
            message=str(results.value(result, SH.resultMessage) or ""),
            value=_short(value) if value is not None else "",
        )
    yield from sparql_violations(data, checks)


# ── domain and range against the ontology ─────────────────────────────────────

def _classes_of(onto: Graph, node) -> set:
    """The named classes an rdfs:domain/range value stands for (owl:unionOf unfolded)."""
    members = onto.value(node, OWL.unionOf)
    if members is not None:
        return {c for m in Collection(onto, members) for c in _classes_of(onto, m)}
    return {node}


@cache
def _constraints() -> dict[URIRef, list[tuple[URIRef, str, frozenset]]]:
    """property → [(property whose declaration applies, "domain"/"range", allowed classes)]."""
    onto = load_ontology()
    found: dict[URIRef, list] = {}
    for name in SHORTCUTS:
        prop = KGO[name]
        for ancestor in onto.transitive_objects(prop, RDFS.subPropertyOf):
            for kind, pred in (("domain", RDFS.domain), ("range", RDFS.range)):
                for decl in onto.objects(ancestor, pred):
                    found.setdefault(prop, []).append((ancestor, kind, frozenset(_classes_of(onto, decl))))
    return found


@cache
def _superclasses(cls: URIRef) -> frozenset:
    return frozenset(load_ontology().transitive_objects(cls, RDFS.subClassOf))


def _satisfies(types: Iterable, allowed: frozenset) -> bool:
    return any(_superclasses(t) & allowed for t in types)


def _names(classes: Iterable) -> str:
    return " or ".join(sorted(_short(c) for c in classes))


def ontology_violations(data: Graph) -> Iterator[Violation]:
    """Shortcut triples whose subject or object lacks the class the ontology's domain/range ask for."""
    for prop, rules in sorted(_constraints().items()):
        for s, o in sorted(data.subject_objects(prop)):
            for declared_on, kind, allowed in rules:
                end = s if kind == "domain" else o
                types = set(data.objects(end, RDF.type))
                if _satisfies(types, allowed):
                    continue
                role = "subject" if kind == "domain" else "object"
                has = _names(types) if types else "untyped"
                via = "" if declared_on == prop else f" (inherited from {_short(declared_on)})"
                yield Violation(
                    node=_short(s),
                    shape=f"{_short(prop)} rdfs:{kind}",
                    constraint=f"Ontology{kind.capitalize()}",
                    message=f"{_short(s)} {_short(prop)} {_short(o)}: the {role} is {has}, "
                            f"but the {kind} of {_short(declared_on)} is {_names(allowed)}{via}",
                    value=_short(end),
                    check="ontology",
                )


def validate(graph_path: str | Path | Graph, *, exact: bool = False) -> ValidationReport:
    """Validate a graph file (or rdflib Graph) against the shapes and the ontology.

    With exact=True pyshacl also evaluates the SHACL-SPARQL constraints (slow on big graphs).
    Raises KgError when the file does not parse or the validator cannot run.
    """
    data = graph_path if isinstance(graph_path, Graph) else load_graph(graph_path)
    found = list(shacl_violations(data, exact=exact)) + list(ontology_violations(data))
    unique = sorted(set(found), key=lambda v: (v.node, v.check, v.shape, v.message, v.value))
    return ValidationReport(conforms=not unique, violations=unique, triples=len(data))
