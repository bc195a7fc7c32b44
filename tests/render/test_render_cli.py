"""`kg render` in-process through click's CliRunner: options, messages and exit codes."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main


def run(*args: str):
    return CliRunner().invoke(main, ["render", *map(str, args)])


def test_render_writes_the_page(small_ttl, tmp_path, small_counts):
    out = tmp_path / "view" / "graph.html"
    result = run(small_ttl, "-o", out)
    assert result.exit_code == 0, result.output
    nodes, edges = small_counts
    assert result.output.strip() == f"Wrote {out} ({nodes} entities, {edges} links)"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_render_all_options(small_ttl, tmp_path):
    out = tmp_path / "putin.html"
    result = run(small_ttl, "-o", out, "--focus", "Putin", "--hops", "2", "--predicate", "spokeWith,briefed",
                 "--class", "Person", "--since", "2025-08", "--until", "2025-08-31", "--min-confidence", "0.5",
                 "--max-nodes", "2", "--title", "Putin's calls")
    assert result.exit_code == 0, result.output
    assert "(2 entities, 2 links, 1 left out)" in result.output
    html = out.read_text(encoding="utf-8")
    assert "<title>Putin&#39;s calls</title>" in html
    assert "ego network of Vladimir Putin, 2 hops" in html


def test_quiet_prints_nothing(small_ttl, tmp_path):
    result = run(small_ttl, "-o", tmp_path / "g.html", "--quiet")
    assert (result.exit_code, result.output) == (0, "")


@pytest.mark.parametrize("args, message", [
    (["--predicate", "spokeWith,visits"], "--predicate: unknown value visits (choose among spokeWith, briefed"),
    (["--predicate", ","], "--predicate is empty"),
    (["--class", "Event"], "--class: unknown value Event (choose among Person, Country, City, Organization)"),
    (["--since", "last week"], "--since: not a date: 'last week' (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    (["--until", "2025-13"], "--until: not a date: '2025-13' (month 13 out of range)"),
    (["--min-confidence", "2"], "--min-confidence 2.0: must be between 0 and 1"),
    (["--max-nodes", "0"], "--max-nodes 0: must be 1 or more"),
    (["--hops", "-1"], "--hops -1: must be 0 or more"),
])
def test_bad_option_values_are_usage_errors(small_ttl, tmp_path, args, message):
    result = run(small_ttl, "-o", tmp_path / "g.html", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "g.html").exists()


def test_unknown_focus_fails_with_a_suggestion(small_ttl, tmp_path):
    result = run(small_ttl, "-o", tmp_path / "g.html", "--focus", "Vladimir Poutin")
    assert result.exit_code == 1
    assert ("Error: --focus 'Vladimir Poutin': no entity with that name in the graph "
            "(did you mean Vladimir Putin?)") in result.output


def test_missing_graph_is_a_usage_error(tmp_path):
    result = run(tmp_path / "nope.ttl", "-o", tmp_path / "g.html")
    assert result.exit_code == 2
    assert "nope.ttl: no such file or directory" in result.output


def test_unparseable_graph_fails(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = run(bad, "-o", tmp_path / "g.html")
    assert result.exit_code == 1
    assert "bad.ttl: not valid turtle" in result.output


def test_help_has_an_example():
    result = CliRunner().invoke(main, ["render", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "--focus" in result.output


def test_render_reads_every_graph_format(small_ttl, tmp_path):
    from kg.export import load_graph

    g = load_graph(small_ttl)
    for fmt, ext in (("nt", "nt"), ("json-ld", "jsonld"), ("trig", "trig")):
        path = tmp_path / f"g.{ext}"
        g.serialize(path, format=fmt)
        result = run(path, "-o", tmp_path / f"{ext}.html", "-q")
        assert result.exit_code == 0, (fmt, result.output)
