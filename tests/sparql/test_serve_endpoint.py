"""kg/serve.py: the SPARQL 1.1 Protocol endpoint, run in a thread on a free port."""
from __future__ import annotations

import csv
import io
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph

from kg.errors import UsageError
from kg.serve import is_loopback, is_update, make_server, negotiate

QUERY = "SELECT ?person ?label WHERE { ?person a kgo:Person ; skos:prefLabel ?label } ORDER BY ?label"
ROOT = Path(__file__).resolve().parents[2]


def call(url: str, *, data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body text) of a request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def get(endpoint: str, query: str, accept: str | None = None, **params):
    qs = urllib.parse.urlencode({"query": query, **params})
    return call(f"{endpoint}/sparql?{qs}", headers={"Accept": accept} if accept else {})


def parse(ctype: str, body: str) -> int:
    """The number of result rows in a body of the given type."""
    if ctype.startswith("application/sparql-results+json"):
        return len(json.loads(body)["results"]["bindings"])
    if ctype.startswith("application/sparql-results+xml"):
        return len(ET.fromstring(body).findall(".//{http://www.w3.org/2005/sparql-results#}result"))
    if ctype.startswith("text/csv"):
        return len(list(csv.reader(io.StringIO(body)))) - 1
    if ctype.startswith("text/tab-separated-values"):
        return len(body.splitlines()) - 1
    raise AssertionError(ctype)


ACCEPTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"]


@pytest.mark.parametrize("accept", ACCEPTS)
def test_get_negotiates_each_result_type(endpoint, accept):
    status, headers, body = get(endpoint, QUERY, accept)
    assert status == 200, body
    assert headers["Content-Type"].startswith(accept)
    assert parse(headers["Content-Type"], body) > 5


@pytest.mark.parametrize("accept", ACCEPTS)
def test_post_form_and_direct_query(endpoint, accept):
    form = urllib.parse.urlencode({"query": QUERY}).encode()
    a = call(f"{endpoint}/sparql", data=form,
             headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    b = call(f"{endpoint}/sparql", data=QUERY.encode(),
             headers={"Accept": accept, "Content-Type": "application/sparql-query"})
    assert a[0] == b[0] == 200
    assert a[2] == b[2] and parse(a[1]["Content-Type"], a[2]) > 5


def test_default_and_weighted_accept(endpoint):
    status, headers, _ = get(endpoint, QUERY)
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    _, headers, _ = get(endpoint, QUERY, "text/html, text/csv;q=0.5, */*;q=0.1")
    assert headers["Content-Type"].startswith("text/csv")
    status, _, body = get(endpoint, QUERY, "image/png")
    assert status == 406 and "offered" in body


@pytest.mark.parametrize("accept, ctype, fmt", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    (None, "text/turtle", "turtle"),
])
def test_construct_gives_rdf(endpoint, accept, ctype, fmt):
    query = (ROOT / "queries" / "ego-network.rq").read_text()
    status, headers, body = get(endpoint, query, accept)
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    assert len(Graph().parse(data=body, format=fmt)) > 5


def test_ask(endpoint):
    status, _, body = get(endpoint, "ASK { ?s kgo:metWith ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "PREFIX ex: <http://example.org/>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://example.org/g>",
    "CREATE GRAPH <http://example.org/g>",
])
def test_updates_are_refused(endpoint, update):
    for status, _, body in (
        get(endpoint, update),
        call(f"{endpoint}/sparql", data=update.encode(), headers={"Content-Type": "application/sparql-query"}),
        call(f"{endpoint}/sparql", data=update.encode(), headers={"Content-Type": "application/sparql-update"}),
        call(f"{endpoint}/sparql", data=urllib.parse.urlencode({"update": update}).encode(),
             headers={"Content-Type": "application/x-www-form-urlencoded"}),
    ):
        assert status == 400 and "read-only" in body
    status, _, body = get(endpoint, "ASK { <http://example.org/a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


def test_malformed_query_gives_parser_message(endpoint):
    status, headers, body = get(endpoint, "SELECT ?s WHERE {\n  ?s ?p\n}")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert re.search(r"line 3, column \d+", body), body


def test_missing_query_and_unknown_paths(endpoint):
    assert call(f"{endpoint}/sparql")[0] == 400
    assert call(f"{endpoint}/nope")[0] == 404
    status, _, body = call(f"{endpoint}/sparql", data=b"x", headers={"Content-Type": "image/png"})
    assert status == 415


def test_row_limit_and_timeout(gold_dir):
    server = make_server(gold_dir / "graph.ttl", "127.0.0.1", 0, timeout=0.5, limit=3)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        status, headers, body = get(base, QUERY)
        assert status == 200 and headers["X-Truncated"] == "true"
        assert len(json.loads(body)["results"]["bindings"]) == 3
        # A slow query that streams (no ORDER BY): it times out, and the abandoned scan ends on
        # its own within seconds instead of materialising billions of rows in memory.
        slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STRLEN(CONCAT(STR(?c), STR(?f))) > 100000) }"
        status, _, body = get(base, slow)
        assert status == 503 and "timed out" in body
    finally:
        server.shutdown()
        server.server_close()


def test_page_is_self_contained(endpoint):
    status, headers, page = call(f"{endpoint}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and "Who spoke with whom" in page
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link[^>]*\bhref=", page)
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", page)
    assert "@import" not in page
    # the embedded examples must not close the <script> element early
    script = page.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    assert "</script" not in script


def test_loopback_rules():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    with pytest.raises(UsageError, match="loopback"):
        make_server(Path("unused.ttl"), "0.0.0.0", 0, allow_remote=False)


@pytest.mark.parametrize("text, expected", [
    ("SELECT * WHERE { ?s ?p ?o }", False),
    ("PREFIX x: <http://x/>\nINSERT DATA { x:a x:b x:c }", True),
    ("# comment\n  delete where { ?s ?p ?o }", True),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", False),
])
def test_is_update(text, expected):
    assert is_update(text) is expected


@pytest.mark.parametrize("accept, kind, expected", [
    (None, "select", "json"),
    ("text/csv", "select", "csv"),
    ("text/turtle", "select", None),
    ("*/*", "construct", "ttl"),
    ("application/sparql-results+json;q=0.2, application/sparql-results+xml", "select", "xml"),
])
def test_negotiate(accept, kind, expected):
    assert negotiate(accept, kind) == expected
