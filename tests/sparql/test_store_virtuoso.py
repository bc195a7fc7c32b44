"""graph.ttl in a real Virtuoso: bulk-loaded through isql, every canned SELECT asked over HTTP.

The test writes its own virtuoso.ini (loopback ports that are free now, database files and
DirsAllowed inside tmp_path), starts `virtuoso-t +foreground`, and stops it by its PID.
Virtuoso's answers must equal `kg query`'s (Oxigraph) row for row, numbers compared by value.
"""
from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sparql_compare import answer_set, describe_difference

from kg.query import iter_canned, load
from kg.results import QueryResult, Term, literal

pytestmark = pytest.mark.store

GRAPHS = {"gold": "http://newskg/gold", "seeds": "http://newskg/graph"}
SELECTS = [name for name, _, text in iter_canned()
           if re.search(r"^\s*SELECT\b", text, re.IGNORECASE | re.MULTILINE)]
INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
AllowOSCalls         = 0
DirsAllowed          = ., {dirs}
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {db}
MaxClientConnections = 5
ServerThreads        = 5
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binaries() -> tuple[str, str]:
    server = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql-v")
    if server is None or isql is None:
        pytest.skip("Virtuoso not installed (Debian package virtuoso-opensource: virtuoso-t, isql-vt)")
    return server, isql


class Virtuoso:
    """A running virtuoso-t with its isql and HTTP ports."""

    def __init__(self, root: Path) -> None:
        self.server, self.isql = binaries()
        self.root, self.db = root, root / "db"
        self.db.mkdir(parents=True)
        self.sql_port, self.http_port = free_port(), free_port()
        self.proc: subprocess.Popen | None = None

    def start(self, dirs: list[Path]) -> None:
        ini = self.root / "virtuoso.ini"
        ini.write_text(INI.format(db=self.db, sql_port=self.sql_port, http_port=self.http_port,
                                  dirs=", ".join(str(d) for d in dirs)))
        self.log = (self.root / "stdout.log").open("w")
        self.proc = subprocess.Popen([self.server, "+foreground", "+configfile", str(ini)], cwd=self.db,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"virtuoso-t exited with {self.proc.returncode}:\n{self.log_tail()}")
            if self.sql("status();", check=False).returncode == 0:
                return
            time.sleep(1)
        raise AssertionError(f"virtuoso-t did not answer isql within 120 s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        texts = [p.read_text(errors="replace") for p in (self.root / "stdout.log", self.db / "virtuoso.log") if p.exists()]
        return "\n".join(t[-3000:] for t in texts)

    def sql(self, statements: str, *, check: bool = True) -> subprocess.CompletedProcess:
        run = subprocess.run([self.isql, str(self.sql_port), "dba", "dba", f"exec={statements}"],
                             capture_output=True, text=True, timeout=300)
        if check and (run.returncode != 0 or "*** Error" in run.stdout + run.stderr):
            raise AssertionError(f"isql failed: {statements}\n{run.stdout}\n{run.stderr}")
        return run

    def sparql(self, query: str, graph: str) -> dict:
        data = urllib.parse.urlencode({"query": query, "default-graph-uri": graph}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.http_port}/sparql", data=data,
                                         headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as e:
            raise AssertionError(f"Virtuoso answered {e.code}: {e.read().decode(errors='replace')[:2000]}") from e

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if getattr(self, "log", None):
            self.log.close()


@pytest.fixture(scope="module")
def virtuoso(request, tmp_path_factory):
    """Virtuoso with the gold graph (and the seeds build, when it succeeds) bulk-loaded."""
    binaries()
    root = tmp_path_factory.mktemp("virtuoso")
    sources = {"gold": request.getfixturevalue("gold_dir")}
    try:
        sources["seeds"] = request.getfixturevalue("seeds_dir")
    except pytest.skip.Exception:
        pass
    data = {}
    for name, folder in sources.items():  # a folder per graph, for ld_dir
        data[name] = root / "data" / name
        data[name].mkdir(parents=True)
        shutil.copy(folder / "graph.ttl", data[name] / "graph.ttl")
    server = Virtuoso(root)
    try:
        server.start(list(data.values()))
        loads = "".join(f"ld_dir('{d}', 'graph.ttl', '{GRAPHS[n]}');" for n, d in data.items())
        server.sql(f"{loads} rdf_loader_run(); checkpoint;")
        errors = server.sql("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        assert "0 Rows" in errors.stdout, errors.stdout
        yield server, {n: (sources[n], GRAPHS[n]) for n in data}
    finally:
        server.stop()


def to_result(answer: dict) -> QueryResult:
    names = tuple(answer["head"]["vars"])
    rows = []
    for binding in answer["results"]["bindings"]:
        row = []
        for var in names:
            term = binding.get(var)
            if term is None:
                row.append(None)
            elif term["type"] in ("uri", "bnode"):
                row.append(Term(term["type"], term["value"]))
            else:  # "literal" or Virtuoso's older "typed-literal"
                row.append(literal(term["value"], term.get("datatype"), term.get("xml:lang")))
        rows.append(tuple(row))
    return QueryResult("select", names, rows)


@pytest.mark.parametrize("graph", ["gold", "seeds"])
def test_bulk_load_is_complete(virtuoso, graph):
    server, graphs = virtuoso
    if graph not in graphs:
        pytest.skip("the seeds build failed; see the seeds tests")
    folder, iri = graphs[graph]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    [[expected]] = load(folder / "graph.ttl").query(count).terms
    [[found]] = to_result(server.sparql(count, iri)).terms
    assert int(found.value) == int(expected.value)


@pytest.mark.parametrize("name", SELECTS)
@pytest.mark.parametrize("graph", ["gold", "seeds"])
def test_canned_query_answers_match(virtuoso, graph, name):
    server, graphs = virtuoso
    if graph not in graphs:
        pytest.skip("the seeds build failed; see the seeds tests")
    folder, iri = graphs[graph]
    text = dict((n, t) for n, _, t in iter_canned())[name]
    ours = load(folder / "graph.ttl").query(text)
    theirs = to_result(server.sparql(text, iri))
    assert theirs.variables == ours.variables
    a, b = answer_set(ours), answer_set(theirs)
    if re.search(r"SELECT\s+DISTINCT", text, re.IGNORECASE):
        # Virtuoso 7.2 sometimes repeats a row of a DISTINCT over computed (BIND) values.
        a, b = sorted(set(a), key=repr), sorted(set(b), key=repr)
    assert a == b, f"{name} on {graph}: " + describe_difference(a, b, ("kg query", "Virtuoso"))
