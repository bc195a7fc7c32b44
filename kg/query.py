"""SPARQL over a built graph: load it into an engine, run a query, format the answer.

Two engines answer the same queries: Oxigraph (`pyoxigraph`, fast, the default) and rdflib's
pure-Python SPARQL. A quad file (.trig, .nq) is queried with its default graph being the
merge of all its graphs, each triple once, and its named graphs still reachable with GRAPH.

Answers come back as a `QueryResult` of engine-neutral `Term`s (kg.results), so both
engines' answers compare equal and format the same way.
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg import isolate
from kg.errors import KgError, QueryError, UsageError
from kg.results import QueryResult, Term, literal

ENGINES = ("oxigraph", "rdflib")
_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld",
             ".json": "json-ld", ".rdf": "xml", ".owl": "xml"}
_QUADS = {"trig", "nquads"}
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_HEADER = re.compile(r"^#\s*(title|question)\s*:\s*(.*)$", re.IGNORECASE)


def default_prefixes() -> dict[str, str]:
    """The prefixes every query may use undeclared, and tables shorten IRIs with."""
    from kg.graph import PREFIXES
    from kg.ontology import KGR_DEFAULT

    return {**PREFIXES, "kgr": KGR_DEFAULT}


class QueryTimeout(QueryError):
    """The query ran longer than its time limit."""


# ── engines ───────────────────────────────────────────────────────────────────

class Loaded:
    """A graph loaded into one engine, ready to answer many queries."""

    engine = ""

    def query(self, query: str, *, timeout: float | None = None, limit: int | None = None) -> QueryResult:
        """Run `query`; raise QueryError (syntax, evaluation) or QueryTimeout."""
        prefixes = {**default_prefixes(), **declared_prefixes(query)}
        deadline = None if timeout is None else time.monotonic() + timeout
        box: dict = {}

        def work() -> None:
            try:
                box["result"] = self._run(query, deadline, limit)
            except BaseException as e:  # handed to the caller's thread
                box["error"] = _without_tracebacks(e)

        if timeout is None:
            work()
        elif isolate.available():
            box["result"] = self._isolated(query, deadline, limit, timeout)
        else:  # no fork: the abandoned evaluation runs on in its thread
            worker = threading.Thread(target=work, name="kg-query", daemon=True)
            worker.start()
            worker.join(timeout)
            if worker.is_alive():
                raise QueryTimeout(f"query timed out after {timeout:g} s")
        if "error" in box:
            raise box["error"]
        result = box["result"]
        result.prefixes = prefixes
        return result

    def _isolated(self, query: str, deadline: float | None, limit: int | None, timeout: float) -> QueryResult:
        """The query evaluated in a forked child that is killed at the time limit (kg.isolate)."""
        try:
            return isolate.run(lambda: self._run(query, deadline, limit), timeout)
        except isolate.TimedOut:
            raise QueryTimeout(f"query timed out after {timeout:g} s") from None
        except isolate.ChildFailed as e:
            raise QueryError(f"query failed: {e}") from None
        except OSError as e:  # fork refused (process limit, memory)
            raise QueryError(f"cannot start a query process: {e.strerror or e}") from None

    def _run(self, query: str, deadline: float | None, limit: int | None) -> QueryResult:
        raise NotImplementedError


def _without_tracebacks(error: BaseException) -> BaseException:
    # A traceback keeps the engine's result iterator alive; pyoxigraph's must be dropped
    # in the thread that made it, so cut the tracebacks before handing the error over.
    seen = set()
    e: BaseException | None = error
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        e.__traceback__ = None
        e = e.__cause__ or e.__context__
    return error


def _collect(rows: Iterable[tuple], deadline: float | None, limit: int | None) -> tuple[list, bool]:
    """Materialise rows, stopping at the limit; give up once the deadline has passed."""
    out = []
    for row in rows:
        if limit is not None and len(out) >= limit:
            return out, True
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout("query timed out")
        out.append(row)
    return out, False


class OxigraphLoaded(Loaded):
    """A pyoxigraph Store; quads are merged into the default graph at load time."""

    engine = "oxigraph"

    def __init__(self, store, *, union: bool = False) -> None:
        self.store = store
        self.union = union  # only for read-only stores whose default graph is empty

    def _run(self, query: str, deadline: float | None, limit: int | None) -> QueryResult:
        import pyoxigraph as ox

        try:
            answer = self.store.query(query, prefixes=default_prefixes(),
                                      use_default_graph_as_union=self.union)
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                names = tuple(v.value for v in answer.variables)
                rows = (tuple(_from_ox(s[i]) for i in range(len(names))) for s in answer)
                terms, cut = _collect(rows, deadline, limit)
                return QueryResult("select", names, terms, truncated=cut)
            rows = ((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in answer)
            terms, cut = _collect(rows, deadline, limit)
            return QueryResult("construct", ("subject", "predicate", "object"), terms, truncated=cut)
        except SyntaxError as e:
            raise QueryError(_syntax_message(query, str(e))) from e
        except (OSError, ValueError, TypeError, RuntimeError) as e:
            raise QueryError(f"query failed: {e}") from e


def _from_ox(t) -> Term | None:
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return Term("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        return literal(t.value, t.datatype.value, t.language)
    return Term("triple", str(t))


class RdflibLoaded(Loaded):
    """An rdflib Graph or Dataset (with its default graph the union of its graphs)."""

    engine = "rdflib"

    def __init__(self, graph) -> None:
        self.graph = graph

    def _run(self, query: str, deadline: float | None, limit: int | None) -> QueryResult:
        from pyparsing import ParseException

        try:
            answer = self.graph.query(query, initNs=default_prefixes())
            if answer.type == "ASK":
                return QueryResult("ask", boolean=bool(answer.askAnswer))
            if answer.type == "SELECT":
                names = tuple(str(v) for v in answer.vars)
                rows = (tuple(_from_rdflib(row[i]) for i in range(len(names))) for row in answer)
                terms, cut = _collect(rows, deadline, limit)
                return QueryResult("select", names, terms, truncated=cut)
            rows = (tuple(_from_rdflib(x) for x in triple) for triple in answer)
            terms, cut = _collect(rows, deadline, limit)
            return QueryResult("construct", ("subject", "predicate", "object"), terms, truncated=cut)
        except ParseException as e:
            detail = re.sub(r"\s*\(at char \d+\),\s*\(line:\d+, col:\d+\)", "", str(e))
            raise QueryError(f"SPARQL syntax error at line {e.lineno}, column {e.col}: {detail}") from e
        except QueryError:
            raise
        except Exception as e:  # rdflib raises many evaluation error types
            raise QueryError(f"query failed: {e}") from e


def _from_rdflib(t) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if t is None:
        return None
    if isinstance(t, URIRef):
        return Term("uri", str(t))
    if isinstance(t, BNode):
        return Term("bnode", str(t))
    if isinstance(t, Literal):
        return literal(str(t), str(t.datatype) if t.datatype else None, t.language)
    return Term("literal", str(t))


def _syntax_message(query: str, message: str) -> str:
    """Oxigraph says 'error at 1:25: …'; make the line and column explicit."""
    m = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?:\s*(.*)", message, re.DOTALL)
    if m:
        # Oxigraph spells out the Unicode ranges of a name; say "a name" instead.
        detail = re.sub(r"\[[^\[\]]*\.\.=[^\[\]]*\]", "a name", m.group(3)).replace("\n", " ")
        return f"SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {detail}"
    return f"SPARQL syntax error: {message}"


def declared_prefixes(query: str) -> dict[str, str]:
    """The PREFIX declarations of a query, name → namespace."""
    return {(m.group(1) or ""): m.group(2) for m in _PREFIX_DECL.finditer(query)}


def _graph_format(path: Path) -> str:
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"{path}: unknown graph format (expected {', '.join(sorted(_SUFFIXES))} "
                         "or a pyoxigraph store directory)")
    return fmt


def load(source, *, engine: str = "oxigraph") -> Loaded:
    """Load a graph file, a pyoxigraph store directory or an rdflib Graph into `engine`.

    Raises UsageError for an unknown engine, format or a missing path, KgError for a file that
    does not parse.
    """
    if isinstance(source, Loaded):
        return source
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (choose among {', '.join(ENGINES)})")
    if not isinstance(source, (str, Path)):
        return _load_graph_object(source, engine)
    path = Path(source)
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    if path.is_dir():
        if engine != "oxigraph":
            raise UsageError(f"{path}: a pyoxigraph store directory needs --engine oxigraph")
        return _open_store(path)
    fmt = _graph_format(path)
    return _load_oxigraph(path, fmt) if engine == "oxigraph" else _load_rdflib(path, fmt)


_OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "trig": "TRIG", "nquads": "N_QUADS",
               "json-ld": "JSON_LD", "xml": "RDF_XML"}


def _merge_named_graphs(store) -> None:
    # Oxigraph's union default graph repeats a triple once per graph holding it, which
    # would inflate counts; copy each triple into the default graph once instead.
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def _bulk_load(store, path: Path, fmt: str) -> None:
    """Load a graph file into a pyoxigraph store; named graphs also feed the default graph."""
    import pyoxigraph as ox

    try:
        store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]))
    except (SyntaxError, ValueError, OSError) as e:
        raise KgError(f"{path}: not valid {fmt}: {e}") from e
    if fmt in _QUADS:
        _merge_named_graphs(store)


def _load_oxigraph(path: Path, fmt: str) -> OxigraphLoaded:
    import pyoxigraph as ox

    store = ox.Store()
    _bulk_load(store, path, fmt)
    return OxigraphLoaded(store)


def _open_store(path: Path) -> OxigraphLoaded:
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(str(path))
    except OSError as e:
        raise KgError(f"{path}: not a pyoxigraph store: {e}") from e
    empty_default = not bool(store.query("ASK { ?s ?p ?o }"))
    return OxigraphLoaded(store, union=empty_default)


def create_store(graph_path: str | Path, store_dir: str | Path) -> Path:
    """Bulk-load a graph file into a persistent pyoxigraph store at `store_dir` (for big graphs)."""
    import pyoxigraph as ox

    graph_path, store_dir = Path(graph_path), Path(store_dir)
    fmt = _graph_format(graph_path)
    store = ox.Store(str(store_dir))
    _bulk_load(store, graph_path, fmt)
    store.flush()
    del store
    return store_dir


def _load_rdflib(path: Path, fmt: str) -> RdflibLoaded:
    from rdflib import Dataset, Graph

    graph = Dataset(default_union=True) if fmt in _QUADS else Graph()
    try:
        graph.parse(str(path), format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise KgError(f"{path}: not valid {fmt}: {e}") from e
    return RdflibLoaded(graph)


def _load_graph_object(graph, engine: str) -> Loaded:
    from rdflib import Graph
    from rdflib.graph import ConjunctiveGraph

    if not isinstance(graph, Graph):
        raise UsageError(f"cannot query a {type(graph).__name__} (give a path or an rdflib Graph)")
    if engine == "rdflib":
        return RdflibLoaded(graph)
    import pyoxigraph as ox

    store = ox.Store()
    if isinstance(graph, ConjunctiveGraph):
        store.load(input=graph.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        _merge_named_graphs(store)
    else:
        store.load(input=graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return OxigraphLoaded(store)


def run_query(source, query: str, *, engine: str = "oxigraph", timeout: float | None = None,
              limit: int | None = None) -> QueryResult:
    """Answer `query` over `source` (graph file, store directory, rdflib Graph or `load()` result).

    Raises QueryError for a malformed or failing query (with line and column for syntax
    errors), QueryTimeout past `timeout` seconds, UsageError/KgError for a bad source.
    """
    return load(source, engine=engine).query(query, timeout=timeout, limit=limit)


# ── canned queries ────────────────────────────────────────────────────────────

PACKAGED_QUERIES = Path(__file__).parent / "data" / "queries"


def query_dirs() -> list[Path]:
    """Where canned queries are looked up: ./queries first, then the packaged copies."""
    return [Path.cwd() / "queries", PACKAGED_QUERIES]


def _canned() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in query_dirs():
        if folder.is_dir():
            for path in sorted(folder.glob("*.rq")):
                found.setdefault(path.stem, path)
    return found


def query_header(path: str | Path) -> dict[str, str]:
    """The `# title:` and `# question:` header lines of a .rq file."""
    header = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            header[m.group(1).lower()] = m.group(2).strip()
    return header


def list_queries() -> list[tuple[str, str]]:
    """(name, title) of every canned query, sorted by name."""
    return [(name, query_header(path).get("title", "")) for name, path in sorted(_canned().items())]


def find_query(name: str) -> Path:
    """The path of canned query `name` (with or without .rq); UsageError listing the choices."""
    canned = _canned()
    key = name[:-3] if name.endswith(".rq") else name
    if key not in canned:
        choices = ", ".join(sorted(canned)) or "none found"
        raise UsageError(f"no canned query named {name!r} (choose among {choices})")
    return canned[key]


def iter_canned() -> Iterator[tuple[str, dict[str, str], str]]:
    """(name, header, text) of every canned query."""
    for name, path in sorted(_canned().items()):
        yield name, query_header(path), path.read_text(encoding="utf-8")
