"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, on the standard library's HTTP server.

GET /sparql?query=… and POST /sparql (form-encoded or application/sparql-query) answer with
the format the Accept header prefers: SPARQL results as JSON, XML, CSV or TSV, graph results as
Turtle or N-Triples. GET / is a self-contained query page. SPARQL Update is refused, a
malformed query gets 400 with the parser's message, a slow query 503 after the time limit
(each query with a limit runs in a forked process, killed when its time is up),
and answers are cut at the row limit (header X-Truncated: true).
"""
from __future__ import annotations

import ipaddress
import json
import re
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg import isolate
from kg.errors import QueryError, UsageError
from kg.query import Loaded, QueryTimeout, default_prefixes, iter_canned, load

TEMPLATE = Path(__file__).parent / "templates" / "sparql.html"
MAX_BODY = 1 << 20  # a query larger than 1 MiB is refused
MAX_RUNNING = 8  # queries evaluated at once

RESULT_TYPES = {  # media type → QueryResult format, for SELECT and ASK
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "tsv",
}
GRAPH_TYPES = {  # media type → format, for CONSTRUCT and DESCRIBE
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
}
CONTENT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                 "nt": "application/n-triples"}
FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "ttl", "ttl": "ttl",
                  "nt": "nt", "ntriples": "nt"}
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*(?:#[^\n]*\n|BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>|\s+)*", re.IGNORECASE)


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_update(text: str) -> bool:
    """True when `text` is a SPARQL Update request rather than a query."""
    return bool(_UPDATE.match(text[_PROLOGUE.match(text).end():]))


def negotiate(accept: str | None, kind: str) -> str | None:
    """The result format the Accept header prefers for a `kind` answer; None if nothing fits."""
    offers = GRAPH_TYPES if kind == "construct" else RESULT_TYPES
    default = "ttl" if kind == "construct" else "json"
    if not accept:
        return default
    best, best_q = None, 0.0
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media in offers:
            fmt = offers[media]
        elif media in ("*/*", "application/*", "text/*"):
            fmt = default
        else:
            continue
        # A specific type beats a wildcard of the same weight; earlier beats later.
        score = q - (0.0001 if "*" in media else 0) - i * 1e-6
        if q > 0 and score > best_q:
            best, best_q = fmt, score
    return best


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: a loaded graph, the limits, and the query page."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], graph: Loaded, *, timeout: float | None,
                 limit: int | None, log: Callable[[str], None] | None = None) -> None:
        self.graph, self.query_timeout, self.row_limit, self.log = graph, timeout, limit, log
        self.slots = threading.BoundedSemaphore(MAX_RUNNING)
        self.page = render_page()
        super().__init__(address, SparqlHandler)


class SparqlHandler(BaseHTTPRequestHandler):
    """GET / (page), GET and POST /sparql (queries)."""

    server: SparqlServer
    server_version = "newskg-sparql"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (BaseHTTPRequestHandler's name)
        if self.server.log:
            self.server.log(f"{self.address_string()} {format % args}")

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, self.server.page, "text/html; charset=utf-8")
        elif url.path == "/sparql":
            params = parse_qs(url.query, keep_blank_values=True)
            self._dispatch(params)
        elif url.path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, "")
        else:
            self._send(HTTPStatus.NOT_FOUND, f"no such page: {url.path} (the endpoint is /sparql)\n")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send(HTTPStatus.NOT_FOUND, f"no such endpoint: {url.path} (POST to /sparql)\n")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes\n")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if ctype == "application/sparql-query":
            params["query"] = [body]
        elif ctype == "application/sparql-update":
            params["update"] = [body]
        elif ctype in ("application/x-www-form-urlencoded", ""):
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        else:
            self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                       f"unsupported Content-Type {ctype!r} (use application/sparql-query "
                       "or application/x-www-form-urlencoded)\n")
            return
        self._dispatch(params)

    def _dispatch(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._send(HTTPStatus.BAD_REQUEST, "SPARQL Update is not allowed: this endpoint is read-only\n")
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._send(HTTPStatus.BAD_REQUEST, "give exactly one non-empty 'query' parameter\n")
            return
        text = queries[0]
        if is_update(text):
            self._send(HTTPStatus.BAD_REQUEST, "SPARQL Update is not allowed: this endpoint is read-only\n")
            return
        forced = FORMAT_ALIASES.get((params.get("format") or [""])[0].lower())
        self._answer(text, forced)

    def _answer(self, text: str, forced: str | None) -> None:
        server = self.server
        if not server.slots.acquire(timeout=server.query_timeout or None):
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "too many queries running; try again later\n")
            return
        released = threading.Event()

        def release() -> None:
            if not released.is_set():
                released.set()
                server.slots.release()

        started = time.perf_counter()
        try:
            result = server.graph.query(text, timeout=server.query_timeout, limit=server.row_limit)
        except QueryTimeout as e:
            if isolate.available():  # the query's process has been killed
                release()
            else:  # an abandoned evaluation keeps its slot until it notices the deadline
                threading.Thread(target=_release_later, args=(release, server.query_timeout), daemon=True).start()
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, f"{e}\n")
            return
        except QueryError as e:
            release()
            self._send(HTTPStatus.BAD_REQUEST, f"{e}\n")
            return
        release()
        fmt = forced or negotiate(self.headers.get("Accept"), result.kind)
        if fmt is None or (result.kind == "construct") != (fmt in ("ttl", "nt")):
            offers = GRAPH_TYPES if result.kind == "construct" else RESULT_TYPES
            self._send(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer in the accepted types; offered: {', '.join(offers)}\n")
            return
        headers = {"X-Query-Time": f"{time.perf_counter() - started:.4f}"}
        if result.truncated:
            headers["X-Truncated"] = "true"
        ctype = CONTENT_TYPES[fmt] + ("; charset=utf-8" if fmt != "json" else "")
        self._send(HTTPStatus.OK, result.to(fmt), ctype, headers)

    def _send(self, status: HTTPStatus, body: str, ctype: str = "text/plain; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def _release_later(release: Callable[[], None], seconds: float | None) -> None:
    time.sleep(seconds or 0)
    release()


def render_page() -> str:
    """The query page with the canned queries and the known prefixes filled in."""
    examples = [{"name": name, "title": head.get("title", name), "question": head.get("question", ""),
                 "query": text} for name, head, text in iter_canned()]
    data = json.dumps({"examples": examples, "prefixes": default_prefixes()}, ensure_ascii=False)
    data = data.replace("</", "<\\/")  # never close the <script> element early
    return TEMPLATE.read_text(encoding="utf-8").replace("/*KG_DATA*/null", data)


def make_server(source, host: str = "127.0.0.1", port: int = 7878, *, timeout: float | None = 30.0,
                limit: int | None = 10000, engine: str = "oxigraph", allow_remote: bool = True,
                log: Callable[[str], None] | None = None) -> SparqlServer:
    """Load `source` once and return a SPARQL server bound to host:port (not yet serving).

    Raises UsageError for a non-loopback host when allow_remote is False, KgError for a graph
    that does not load. Call `serve_forever()` on the result (tests run it in a thread, port 0).
    """
    if not allow_remote and not is_loopback(host):
        raise UsageError(f"{host} is not a loopback address; allow remote access explicitly")
    graph = load(source, engine=engine)
    try:
        return SparqlServer((host, port), graph, timeout=timeout, limit=limit, log=log)
    except OSError as e:
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
