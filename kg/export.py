"""Canonical, atomic serialisation: Turtle, TriG, N-Triples, N-Quads, JSON-LD.

Turtle and TriG are written by a small canonical writer (sorted subjects, predicates and
objects; fixed prefixes), so the same graph always gives the same bytes and a million
triples write in seconds. Every file is written to a temporary file and renamed.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef

from kg.errors import KgError
from kg.graph import PREFIXES

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_TYPE = RDF.type
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def atomic_write(path: str | Path, write: Callable[[object], None], *, binary: bool = False) -> None:
    """Write a file through `write(fh)` into a temp file in the same folder, then rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise KgError(f"{path.parent}: cannot write output here: {e.strerror or e}") from e
    try:
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8", newline="" if not binary else None) as fh:
            write(fh)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group()) or f"\\u{ord(m.group()):04X}", text)


def _iri(iri: str) -> str:
    if _IRI_BAD.search(iri):
        iri = _IRI_BAD.sub(lambda m: f"%{ord(m.group()):02X}", iri)
    return f"<{iri}>"


class TermWriter:
    """Turns terms into Turtle (with prefixes) or N-Triples text, and into sort keys.

    A term is an rdflib term, or its N-Triples text (a plain str) when the graph carries a
    `terms` map from text to rdflib term (kg.build's triple sets). Text and key are
    remembered per term: a graph names the same entities, predicates and classes over
    and over, and plain strings hash and compare in C where rdflib terms do it in Python.
    """

    def __init__(self, prefixes: dict[str, str] | None, terms: dict | None = None) -> None:
        # Longest namespace first, so kgr:/kgo: win over a shorter overlapping prefix.
        self.prefixes = sorted((prefixes or {}).items(), key=lambda kv: -len(kv[1]))
        self.terms = terms or {}
        self.memo: dict = {}  # term -> (text, sort key)

    def entry(self, t) -> tuple:
        """(text, sort key) of a term. Sort order: IRIs, blank nodes, literals; then by text."""
        found = self.memo.get(t)
        if found is None:
            term = self.terms[t] if type(t) is str else t
            found = self.memo[t] = (self.format_term(term), _sort_key(term))
        return found

    def term(self, t) -> str:
        return self.entry(t)[0]

    def format_term(self, t) -> str:
        """The text of an rdflib term (not remembered)."""
        if isinstance(t, URIRef):
            s = str(t)
            for prefix, ns in self.prefixes:
                if s.startswith(ns) and _LOCAL.fullmatch(s, len(ns)):
                    return f"{prefix}:{s[len(ns):]}"
            return _iri(s)
        if isinstance(t, Literal):
            lex = f'"{_escape(str(t))}"'
            if t.language:
                return f"{lex}@{t.language}"
            if t.datatype is not None and str(t.datatype) != "http://www.w3.org/2001/XMLSchema#string":
                return f"{lex}^^{self.term(URIRef(t.datatype))}"
            return lex
        if isinstance(t, BNode):
            return f"_:b{t}"
        raise TypeError(f"not an RDF term: {t!r}")


def _writer(graph, prefixes: dict[str, str] | None) -> TermWriter:
    return TermWriter(prefixes, getattr(graph, "terms", None))


def _sort_key(t) -> tuple:
    return (0 if isinstance(t, URIRef) else 1 if isinstance(t, BNode) else 2, str(t),
            str(getattr(t, "datatype", "") or ""), str(getattr(t, "language", "") or ""))


def _turtle_body(triples: Iterable[tuple], tw: TermWriter, indent: str = "") -> Iterator[str]:
    """Turtle blocks, one per subject, in canonical order; statements deduplicated by their text."""
    memo, entry = tw.memo, tw.entry
    a_type = tw.term(_TYPE)
    by_subject: dict[str, tuple] = {}  # text -> (key, {predicate text: (key, {object text: key})})
    for s, p, o in triples:
        s_text, s_key = memo.get(s) or entry(s)
        subject = by_subject.get(s_text)
        if subject is None:
            subject = by_subject[s_text] = (s_key, {})
        p_text, p_key = memo.get(p) or entry(p)
        objects = subject[1].get(p_text)
        if objects is None:
            objects = subject[1][p_text] = ((p_text != a_type, p_key), {})
        o_text, o_key = memo.get(o) or entry(o)
        objects[1][o_text] = o_key
    separator = f" ;\n{indent}    "
    for s_text, (_, preds) in sorted(by_subject.items(), key=lambda item: item[1][0]):
        lines = []
        for p_text, (_, objects) in sorted(preds.items(), key=lambda item: item[1][0]):
            objs = ", ".join(sorted(objects, key=objects.__getitem__))
            lines.append(f"{'a' if p_text == a_type else p_text} {objs}")
        yield f"{indent}{s_text} {separator.join(lines)} .\n"


def _prefix_lines(prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in sorted(prefixes.items())) + "\n"


def prefixes_for(base_iri: str) -> dict[str, str]:
    return {**PREFIXES, "kgr": base_iri}


def write_turtle(graph: Graph, path: str | Path, *, base_iri: str) -> None:
    """Canonical Turtle of one graph."""
    prefixes = prefixes_for(base_iri)
    tw = _writer(graph, prefixes)

    def write(fh) -> None:
        fh.write(_prefix_lines(prefixes))
        for block in _turtle_body(graph, tw):
            fh.write(block + "\n")

    atomic_write(path, write)


def write_trig(dataset: Dataset, path: str | Path, *, base_iri: str) -> None:
    """Canonical TriG: the default graph's own statements, then one named graph per article."""
    prefixes = prefixes_for(base_iri)
    tw = _writer(dataset.default_graph, prefixes)
    graphs = sorted((g for g in dataset.graphs() if g.identifier != dataset.default_graph.identifier),
                    key=lambda g: str(g.identifier))

    named = set()
    for g in graphs:
        named.update(g)
    # What belongs to no article (article metadata, combined confidences) stays in the default graph.
    default_only = [t for t in dataset.default_graph if t not in named]

    def write(fh) -> None:
        fh.write(_prefix_lines(prefixes))
        for block in _turtle_body(default_only, tw):
            fh.write(block + "\n")
        for g in graphs:
            fh.write(f"{tw.term(g.identifier)} {{\n")
            for block in _turtle_body(g, tw, indent="    "):
                fh.write(block)
            fh.write("}\n\n")

    atomic_write(path, write)


def write_ntriples(graph: Graph, path: str | Path) -> None:
    """Sorted N-Triples (one statement a line, no prefixes)."""
    tw = _writer(graph, None)
    lines = sorted(f"{tw.term(s)} {tw.term(p)} {tw.term(o)} .\n" for s, p, o in graph)
    atomic_write(path, lambda fh: fh.writelines(lines))


def write_nquads(dataset: Dataset, path: str | Path) -> None:
    """Sorted N-Quads: the default graph's statements (no graph term), then the named graphs'."""
    tw = _writer(dataset.default_graph, None)
    default = dataset.default_graph.identifier
    lines = sorted(
        f"{tw.term(s)} {tw.term(p)} {tw.term(o)}" + ("" if g.identifier == default else f" {tw.term(g.identifier)}") + " .\n"
        for g in dataset.graphs()
        for s, p, o in g
    )
    atomic_write(path, lambda fh: fh.writelines(lines))


def write_jsonld(graph: Graph, path: str | Path, *, base_iri: str) -> None:
    """JSON-LD with a context of our prefixes."""
    context = prefixes_for(base_iri)
    text = graph.serialize(format="json-ld", context=context, indent=1, sort_keys=True)
    atomic_write(path, lambda fh: fh.write(text))


def load_graph(path: str | Path) -> Graph:
    """Parse a graph file (format from the extension) into an rdflib Graph."""
    path = Path(path)
    if not path.exists():
        raise KgError(f"{path}: no such file")
    fmt = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld",
           ".json": "json-ld", ".rdf": "xml", ".owl": "xml"}.get(path.suffix.lower())
    if fmt is None:
        raise KgError(f"{path}: unknown graph format (expected .ttl, .nt, .trig, .nq or .jsonld)")
    try:
        if fmt in {"trig", "nquads"}:
            ds = Dataset()
            ds.parse(path, format=fmt)
            g = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            return g
        g = Graph()
        g.parse(path, format=fmt)
        return g
    except Exception as e:  # rdflib raises many parser-specific types
        raise KgError(f"{path}: not valid {fmt}: {e}") from e
