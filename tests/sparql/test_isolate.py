"""kg.isolate and the query time limit: a timed-out query's process is killed, not abandoned."""
from __future__ import annotations

import os
import signal
import threading
import time

import psutil
import pytest

from kg import isolate
from kg.errors import QueryError
from kg.query import QueryTimeout
from kg.serve import make_server

from test_serve_endpoint import get

pytestmark = pytest.mark.skipif(not isolate.available(), reason="needs fork()")

# Sorting a cross product must materialise every row before the first one: in a thread this
# query could not be stopped and grew to 15 GB; in a child process it is killed on time.
SORTED_CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"


def _children() -> set[int]:
    """Live child processes of this one (other tests' servers and browsers included)."""
    found = set()
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE:
                found.add(child.pid)
        except psutil.NoSuchProcess:
            pass
    return found


def test_value_and_exception_come_back():
    assert isolate.run(lambda: {"pid": os.getpid(), "rows": [1, 2]}, 10)["rows"] == [1, 2]
    assert isolate.run(lambda: os.getpid(), 10) != os.getpid()
    with pytest.raises(QueryError, match="bad query"):
        isolate.run(lambda: (_ for _ in ()).throw(QueryError("bad query")), 10)


def test_big_answers_pass_the_pipe():
    value = isolate.run(lambda: "x" * 5_000_000, 30)
    assert len(value) == 5_000_000


def test_timeout_kills_the_child():
    before = _children()
    started = time.monotonic()
    with pytest.raises(isolate.TimedOut):
        isolate.run(lambda: time.sleep(60), 0.3)
    assert time.monotonic() - started < 5
    assert _children() <= before


def test_a_child_that_dies_is_reported():
    with pytest.raises(isolate.ChildFailed, match="SIGKILL"):
        isolate.run(lambda: os.kill(os.getpid(), signal.SIGKILL), 10)
    with pytest.raises(isolate.ChildFailed, match="exited with code 3"):
        isolate.run(lambda: os._exit(3), 10)


def test_materialising_query_is_stopped_and_memory_freed(gold_loaded):
    me, children = psutil.Process(), _children()
    before = me.memory_info().rss
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="timed out after 1 s"):
        gold_loaded["oxigraph"].query(SORTED_CROSS, timeout=1)
    assert time.monotonic() - started < 5
    time.sleep(0.5)
    assert _children() <= children, "the query process must be gone"
    assert me.memory_info().rss - before < 200 * 2**20
    # the same loaded graph still answers, in time and in full
    answer = gold_loaded["oxigraph"].query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=10)
    assert answer.terms == gold_loaded["oxigraph"].query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").terms


def test_server_frees_the_slot_of_a_killed_query(gold_dir):
    server = make_server(gold_dir / "graph.ttl", "127.0.0.1", 0, timeout=0.5, limit=100)
    server.slots = threading.BoundedSemaphore(1)  # one query at a time: a leaked slot would block the next
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    children = _children()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for _ in range(3):
            status, _, body = get(base, SORTED_CROSS)
            assert status == 503 and "timed out" in body
        status, _, body = get(base, "ASK { ?s a <https://w3id.org/newskg/ontology#Person> }")
        assert status == 200 and '"boolean": true' in body.replace('"boolean":true', '"boolean": true')
        assert _children() <= children
    finally:
        server.shutdown()
        server.server_close()
