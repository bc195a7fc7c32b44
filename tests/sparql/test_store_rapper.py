"""Strict parsing of graph.ttl, graph.trig and graph.nt by rapper (raptor2-utils) and pyoxigraph."""
from __future__ import annotations

import re
import shutil
import subprocess

import pyoxigraph
import pytest

FILES = [("graph.ttl", "turtle", pyoxigraph.RdfFormat.TURTLE),
         ("graph.trig", "trig", pyoxigraph.RdfFormat.TRIG),
         ("graph.nt", "ntriples", pyoxigraph.RdfFormat.N_TRIPLES)]


def statements(path, fmt) -> int:
    """Statements in a file by pyoxigraph's strict (not lenient) parser."""
    return sum(1 for _ in pyoxigraph.parse(path=str(path), format=fmt))


@pytest.mark.parametrize("name, _, fmt", FILES)
def test_pyoxigraph_parses_strictly(graph_dir, name, _, fmt):
    assert statements(graph_dir / name, fmt) > 100


@pytest.mark.store
@pytest.mark.parametrize("name, syntax, fmt", FILES)
def test_rapper_parses_with_zero_errors(graph_dir, name, syntax, fmt):
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper not installed (Debian package raptor2-utils)")
    path = graph_dir / name
    run = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    messages = run.stderr
    assert run.returncode == 0, messages
    problems = [line for line in messages.splitlines() if re.search(r"\b(error|warning)\b", line, re.I)]
    assert not problems, "\n".join(problems)
    m = re.search(r"returned (\d+) (triples|statements)", messages)
    assert m, messages
    assert int(m.group(1)) == statements(path, fmt)
