"""Engine-neutral SPARQL answers: `Term`s, a `QueryResult`, and its serialisations.

Both engines of kg.query answer with these, so their answers compare equal and format
the same way: table, csv, tsv, json (SPARQL 1.1 results), xml, and ttl / nt for
CONSTRUCT and DESCRIBE.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from xml.sax.saxutils import escape as xml_escape

from kg.errors import UsageError

FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt")
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short",
                             "nonNegativeInteger", "positiveInteger", "negativeInteger",
                             "nonPositiveInteger", "unsignedInt", "unsignedLong", "byte")}
# Datatypes whose lexical form a table shows bare ("2025-08-08", not "…"^^xsd:date).
_BARE = NUMERIC | {XSD + t for t in ("date", "dateTime", "gYear", "gYearMonth", "boolean")}
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class Term(NamedTuple):
    """One RDF term, engine-neutral: kind is "uri", "literal", "bnode" or "triple"."""

    kind: str
    value: str
    datatype: str | None = None  # None for a plain string or a language-tagged string
    lang: str | None = None

    def n3(self, prefixes: dict[str, str] | None = None) -> str:
        """The term as in N-Triples; IRIs shortened to prefix:local when `prefixes` is given."""
        if self.kind == "uri":
            return _shorten(self.value, prefixes) if prefixes else f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple":
            return f"<< {self.value} >>"
        lex = '"' + _escape(self.value) + '"'
        if self.lang:
            return f"{lex}@{self.lang}"
        if self.datatype:
            dt = _shorten(self.datatype, prefixes) if prefixes else f"<{self.datatype}>"
            return f"{lex}^^{dt}"
        return lex

    def display(self, prefixes: dict[str, str] | None) -> str:
        """The term as a table shows it: short IRIs, bare strings, numbers and dates."""
        if self.kind == "literal" and (self.datatype is None or self.datatype in _BARE):
            return self.value + (f"@{self.lang}" if self.lang else "")
        return self.n3(prefixes)


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


def _shorten(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def literal(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
    """A literal Term; xsd:string and rdf:langString count as no datatype (RDF 1.1)."""
    if datatype in (XSD_STRING, RDF_LANG_STRING):
        datatype = None
    return Term("literal", value, datatype, lang or None)


@dataclass
class QueryResult:
    """The answer to one query: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples."""

    kind: str  # "select", "ask" or "construct"
    variables: tuple[str, ...] = ()
    terms: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    truncated: bool = False  # True when a row limit cut the answer short
    prefixes: dict[str, str] = field(default_factory=dict)  # for shortening IRIs in tables

    @property
    def rows(self) -> list[tuple[str | None, ...]]:
        """Each row as a tuple of N-Triples strings (None for unbound)."""
        return self.render_rows(short=False)

    def render_rows(self, *, short: bool = False) -> list[tuple[str | None, ...]]:
        """Rows as N-Triples strings; with short=True IRIs become prefix:local."""
        prefixes = self.prefixes if short else None
        return [tuple(None if t is None else t.n3(prefixes) for t in row) for row in self.terms]

    def __len__(self) -> int:
        return len(self.terms)

    def to(self, fmt: str) -> str:
        """The result serialised as table, csv, tsv, json, xml, ttl or nt."""
        writer = _WRITERS.get(fmt)
        if writer is None:
            raise UsageError(f"unknown result format {fmt!r} (choose among {', '.join(FORMATS)})")
        if fmt in ("ttl", "nt") and self.kind != "construct":
            raise UsageError(f"format {fmt} is for CONSTRUCT and DESCRIBE queries; "
                             "use table, csv, tsv, json or xml for SELECT and ASK")
        return writer(self)


# ── result writers ────────────────────────────────────────────────────────────

def _table(r: QueryResult) -> str:
    if r.kind == "ask":
        return "true\n" if r.boolean else "false\n"
    header = list(r.variables)
    body = [["" if t is None else t.display(r.prefixes) for t in row] for row in r.terms]
    widths = [max([len(h)] + [len(row[i]) for row in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in body]
    n = len(body)
    more = " (truncated by the row limit)" if r.truncated else ""
    lines.append(f"({n} row{'s' if n != 1 else ''}{more})")
    return "\n".join(lines) + "\n"


def _csv(r: QueryResult) -> str:
    """SPARQL 1.1 CSV: IRIs in full, literals as their lexical form."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    if r.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if r.boolean else "false"])
        return out.getvalue()
    w.writerow(r.variables)
    for row in r.terms:
        w.writerow(["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row])
    return out.getvalue()


def _tsv_term(t: Term | None) -> str:
    if t is None:
        return ""
    if t.kind == "literal" and t.datatype in (XSD + "integer", XSD + "decimal", XSD + "double") \
            and re.fullmatch(r"[+-]?[0-9.eE+-]+", t.value):
        return t.value
    return t.n3()


def _tsv(r: QueryResult) -> str:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax, variables with '?'."""
    if r.kind == "ask":
        return "?boolean\n" + ("true" if r.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in r.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in r.terms]
    return "\n".join(lines) + "\n"


def _json_term(t: Term) -> dict:
    if t.kind == "uri":
        return {"type": "uri", "value": t.value}
    if t.kind == "bnode":
        return {"type": "bnode", "value": t.value}
    if t.kind == "triple":
        return {"type": "literal", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype:
        out["datatype"] = t.datatype
    return out


def _json(r: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if r.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(r.boolean)}, indent=1) + "\n"
    bindings = [{v: _json_term(t) for v, t in zip(r.variables, row) if t is not None} for row in r.terms]
    return json.dumps({"head": {"vars": list(r.variables)}, "results": {"bindings": bindings}},
                      indent=1, ensure_ascii=False) + "\n"


def _xml(r: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    out += [f'    <variable name="{xml_escape(v)}"/>' for v in r.variables] if r.kind != "ask" else []
    out.append("  </head>")
    if r.kind == "ask":
        out.append(f"  <boolean>{'true' if r.boolean else 'false'}</boolean>")
    else:
        out.append("  <results>")
        for row in r.terms:
            out.append("    <result>")
            for v, t in zip(r.variables, row):
                if t is not None:
                    out.append(f'      <binding name="{xml_escape(v)}">{_xml_term(t)}</binding>')
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _xml_term(t: Term) -> str:
    value = xml_escape(t.value)
    if t.kind == "uri":
        return f"<uri>{value}</uri>"
    if t.kind == "bnode":
        return f"<bnode>{value}</bnode>"
    if t.lang:
        return f'<literal xml:lang="{xml_escape(t.lang)}">{value}</literal>'
    if t.datatype:
        return f'<literal datatype="{xml_escape(t.datatype)}">{value}</literal>'
    return f"<literal>{value}</literal>"


def _nt(r: QueryResult) -> str:
    return "".join(" ".join(t.n3() for t in row) + " .\n" for row in sorted(r.terms))


def _ttl(r: QueryResult) -> str:
    """Turtle grouped by subject, sorted, with the known prefixes declared."""
    by_subject: dict[Term, dict[Term, list[Term]]] = {}
    for s, p, o in sorted(set(r.terms)):
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    prefixes = r.prefixes
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    body = []
    for s, preds in by_subject.items():
        parts = []
        for p in sorted(preds, key=lambda p: (p.value != rdf_type, p)):
            pname = "a" if p.value == rdf_type else p.n3(prefixes)
            parts.append(f"{pname} " + ", ".join(o.n3(prefixes) for o in preds[p]))
        body.append(f"{s.n3(prefixes)} " + " ;\n    ".join(parts) + " .\n")
    text = "\n".join(body)
    used = sorted((k, v) for k, v in prefixes.items() if re.search(rf"(?<![\w:<-]){re.escape(k)}:", text))
    head = "".join(f"@prefix {k}: <{v}> .\n" for k, v in used)
    return head + ("\n" if head else "") + text


_WRITERS = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml, "ttl": _ttl, "nt": _nt}
