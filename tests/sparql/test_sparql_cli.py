"""`kg query`, `kg export`, `kg validate` and `kg serve` through click's CliRunner."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.cli_sparql import COMMANDS


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_commands_are_registered():
    assert {c.name for c in COMMANDS} <= set(main.commands)
    for command in COMMANDS:
        assert "Example:" in command.help and "\b" in command.help


def test_list_needs_no_graph(run):
    result = run("query", "--list")
    assert result.exit_code == 0
    assert "who-spoke-with-whom" in result.output and "Who spoke with whom" in result.output


def test_query_by_file_name_and_inline(run, gold_dir):
    graph = gold_dir / "graph.ttl"
    by_file = run("query", graph, "-f", "queries/who-spoke-with-whom.rq")
    assert by_file.exit_code == 0, by_file.output
    assert "Vladimir Putin" in by_file.output and "kgo:briefed" in by_file.output
    by_name = run("query", graph, "-q", "who-spoke-with-whom")
    assert by_name.output == by_file.output
    inline = run("query", graph, "SELECT ?l WHERE { kgr:xi_jinping skos:prefLabel ?l }", "--format", "csv")
    assert inline.output.splitlines() == ["l", "Xi Jinping"]


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda out: json.loads(out)["head"]["vars"][0] == "person"),
    ("tsv", lambda out: out.startswith("?person\t")),
    ("csv", lambda out: out.startswith("person,")),
    ("table", lambda out: out.splitlines()[-1].endswith("rows)")),
])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_formats_and_engines(run, gold_dir, fmt, check, engine):
    result = run("query", gold_dir / "graph.ttl", "-q", "travel", "--format", fmt, "--engine", engine)
    assert result.exit_code == 0 and check(result.output), result.output


def test_construct_defaults_to_turtle(run, gold_dir):
    result = run("query", gold_dir / "graph.ttl", "-q", "ego-network")
    assert result.exit_code == 0
    assert result.output.startswith("@prefix") and "kgr:vladimir_putin" in result.output


@pytest.mark.parametrize("args, code, message", [
    (["query"], 2, "missing GRAPH"),
    (["query", "{graph}"], 2, "give exactly one of"),
    (["query", "{graph}", "SELECT *", "-q", "travel"], 2, "give exactly one of"),
    (["query", "{graph}", "-q", "nope"], 2, "choose among"),
    (["query", "{graph}", "-f", "nope.rq"], 2, "nope.rq: no such file"),
    (["query", "missing.ttl", "-q", "travel"], 2, "missing.ttl: no such file"),
    (["query", "{graph}", "SELECT ?s WHERE { ?s ?p }"], 1, "line 1, column"),
    (["query", "{graph}", "SELECT ?s WHERE { ?s ?p }", "--engine", "rdflib"], 1, "line 1, column"),
    (["query", "{graph}", "-q", "travel", "--format", "ttl"], 2, "CONSTRUCT"),
    (["export", "{graph}", "--format", "nq", "-o", "x.nq"], 2, "needs the named graphs"),
    (["validate", "missing.ttl"], 2, "no such file"),
])
def test_errors_are_one_line_with_exit_codes(run, gold_dir, args, code, message):
    args = [a.replace("{graph}", str(gold_dir / "graph.ttl")) for a in args]
    result = run(*args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_export_writes_files(run, gold_dir, tmp_path):
    result = run("export", gold_dir / "graph.ttl", "--format", "graphml", "-o", tmp_path / "g.graphml")
    assert result.exit_code == 0 and "Wrote" in result.output
    assert (tmp_path / "g.graphml").stat().st_size > 0
    result = run("export", gold_dir / "graph.ttl", "--format", "csv", "-o", tmp_path / "csv")
    assert {p.name for p in (tmp_path / "csv").iterdir()} == {"nodes.csv", "edges.csv"}


def test_validate_exit_codes(run, small_dir, broken_graph):
    good = run("validate", small_dir / "graph.ttl")
    assert good.exit_code == 0 and good.output.startswith("Conforms: yes")
    bad = run("validate", broken_graph)
    assert bad.exit_code == 1 and "Conforms: no" in bad.output
    assert "kgo:confidence" in bad.output
    as_json = run("validate", broken_graph, "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.output)["conforms"] is False


def test_serve_refuses_remote_host_without_flag(run, gold_dir):
    result = run("serve", gold_dir / "graph.ttl", "--host", "0.0.0.0")
    assert result.exit_code == 2 and "--allow-remote" in result.output
