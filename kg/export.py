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
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef

from kg.errors import KgError
from kg.graph import PREFIXES, encode_iri

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
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
    return f"<{encode_iri(iri)}>"


class TermWriter:
    """Turns terms into N-Triples text, and N-Triples text into Turtle with prefixes.

    A term is an rdflib term or, in kg.build's triple sets, already its N-Triples text (a
    plain str). Both conversions are remembered per term: a graph names the same
    entities, predicates and classes over and over, and plain strings hash and compare in
    C where rdflib terms do it in Python.
    """

    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        # Longest namespace first, so kgr:/kgo: win over a shorter overlapping prefix.
        self.prefixes = sorted((prefixes or {}).items(), key=lambda kv: -len(kv[1]))
        self._nt: dict = {}  # rdflib term -> N-Triples text
        self.turtle_memo: dict[str, str] = {}  # N-Triples text -> Turtle text

    def nt(self, t) -> str:
        """The N-Triples text of a term (a str is taken to be that text already)."""
        if type(t) is str:
            return t
        text = self._nt.get(t)
        if text is None:
            text = self._nt[t] = self.format_term(t)
        return text

    def turtle(self, text: str) -> str:
        """The Turtle text of an N-Triples term text: IRIs as prefix:local where they can be."""
        found = self.turtle_memo.get(text)
        if found is None:
            found = self.turtle_memo[text] = self._shorten(text)
        return found

    def _shorten(self, text: str) -> str:
        if text.startswith("<"):
            iri = text[1:-1]
            for prefix, ns in self.prefixes:
                if iri.startswith(ns) and _LOCAL.fullmatch(iri, len(ns)):
                    return f"{prefix}:{iri[len(ns):]}"
            return text
        if text.startswith('"'):
            end = text.rindex('"')
            if text.startswith("^^<", end + 1):
                return text[:end + 3] + self.turtle(text[end + 3:])
        return text

    def format_term(self, t) -> str:
        """The N-Triples text of an rdflib term (not remembered)."""
        if isinstance(t, URIRef):
            return _iri(str(t))
        if isinstance(t, Literal):
            lex = f'"{_escape(str(t))}"'
            if t.language:
                return f"{lex}@{t.language}"
            if t.datatype is not None and str(t.datatype) != "http://www.w3.org/2001/XMLSchema#string":
                return f"{lex}^^{_iri(str(t.datatype))}"
            return lex
        if isinstance(t, BNode):
            return f"_:b{t}"
        raise TypeError(f"not an RDF term: {t!r}")


def statements(triples: Iterable[tuple], tw: TermWriter) -> list[tuple[str, str, str]]:
    """The triples as N-Triples texts, without duplicates, in canonical order (sorted texts).

    kg.build's triple sets are texts already (a `terms` attribute says so) and sort in C.
    """
    if getattr(triples, "terms", None) is not None:
        return sorted(triples)
    nt = tw.nt
    return sorted({(nt(s), nt(p), nt(o)) for s, p, o in triples})


_NT_TYPE = f"<{RDF.type}>"


def _turtle_body(triples: list[tuple[str, str, str]], tw: TermWriter, indent: str = "") -> Iterator[str]:
    """Turtle blocks, one per subject, of sorted N-Triples statements; rdf:type first, as `a`."""
    memo, turtle = tw.turtle_memo, tw.turtle
    separator = f" ;\n{indent}    "
    for s, group in groupby(triples, key=itemgetter(0)):
        preds: dict[str, list[str]] = {}
        for _, p, o in group:
            objects = preds.get(p)
            if objects is None:
                objects = preds[p] = []
            objects.append(memo.get(o) or turtle(o))
        types = preds.pop(_NT_TYPE, None)
        lines = [f"a {', '.join(types)}"] if types else []
        lines += [f"{memo.get(p) or turtle(p)} {', '.join(objs)}" for p, objs in preds.items()]
        yield f"{indent}{turtle(s)} {separator.join(lines)} .\n"


def _prefix_lines(prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in sorted(prefixes.items())) + "\n"


def prefixes_for(base_iri: str) -> dict[str, str]:
    return {**PREFIXES, "kgr": base_iri}


def write_turtle(graph: Graph, path: str | Path, *, base_iri: str) -> None:
    """Canonical Turtle of one graph."""
    prefixes = prefixes_for(base_iri)
    tw = TermWriter(prefixes)
    triples = statements(graph, tw)

    def write(fh) -> None:
        fh.write(_prefix_lines(prefixes))
        for block in _turtle_body(triples, tw):
            fh.write(block + "\n")

    atomic_write(path, write)


def write_trig(dataset: Dataset, path: str | Path, *, base_iri: str) -> None:
    """Canonical TriG: the default graph's own statements, then one named graph per article."""
    prefixes = prefixes_for(base_iri)
    tw = TermWriter(prefixes)
    graphs = sorted(((tw.nt(g.identifier), statements(g, tw)) for g in dataset.graphs()
                     if g.identifier != dataset.default_graph.identifier))
    named = set()
    for _, triples in graphs:
        named.update(triples)
    # What belongs to no article (article metadata, combined confidences) stays in the default graph.
    default_only = [t for t in statements(dataset.default_graph, tw) if t not in named]

    def write(fh) -> None:
        fh.write(_prefix_lines(prefixes))
        for block in _turtle_body(default_only, tw):
            fh.write(block + "\n")
        for name, triples in graphs:
            fh.write(f"{tw.turtle(name)} {{\n")
            for block in _turtle_body(triples, tw, indent="    "):
                fh.write(block)
            fh.write("}\n\n")

    atomic_write(path, write)


def write_ntriples(graph: Graph, path: str | Path) -> None:
    """Sorted N-Triples (one statement a line, no prefixes)."""
    lines = [f"{s} {p} {o} .\n" for s, p, o in statements(graph, TermWriter())]
    atomic_write(path, lambda fh: fh.writelines(lines))


def write_nquads(dataset: Dataset, path: str | Path) -> None:
    """Sorted N-Quads: the default graph's statements (no graph term), then the named graphs'."""
    tw = TermWriter()
    default = dataset.default_graph.identifier
    lines = sorted(f"{s} {p} {o}" + ("" if g.identifier == default else f" {tw.nt(g.identifier)}") + " .\n"
                   for g in dataset.graphs() for s, p, o in statements(g, tw))
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
