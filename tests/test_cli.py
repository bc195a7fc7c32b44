"""The CLI in-process: exit codes, messages, summaries, bad input."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import GOLD, SEEDS

GOOD = SEEDS / "002_4be6b4433e0f3d04.txt"


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_every_command_has_help_with_an_example(run):
    for name, command in main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"kg {name} --help has no example"


def test_missing_input_is_a_usage_error(run, tmp_path):
    result = run("build", tmp_path / "nope", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "nope: no such file or directory" in result.output


def test_empty_corpus_fails(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    result = run("build", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "no readable articles" in result.output
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_bad_files_are_skipped_and_named(run, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(GOOD, src / "good.txt")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00")
    (src / "latin1.txt").write_bytes("Caf\xe9 au lait, said the minister.".encode("latin-1"))
    (src / "feed.jsonl").write_text('{"text": "Kenyan President William Ruto visited Berlin on Monday."}\n{oops\n',
                                    encoding="utf-8")
    result = run("build", src, "-o", tmp_path / "out", "--format", "ttl")
    assert result.exit_code == 0, result.output
    assert "Articles read      2" in result.output
    assert "binary.txt" in result.output and "latin1.txt" in result.output
    assert "feed.jsonl:2" in result.output and "not valid JSON" in result.output
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_summary_lists_classes_predicates_and_time(run, tmp_path):
    result = run("build", GOOD, "-o", tmp_path / "out", "--format", "ttl")
    assert result.exit_code == 0
    for word in ("Person", "Country", "metWith", "leaderOf", "Time", "graph.ttl"):
        assert word in result.output


def test_quiet_prints_nothing(run, tmp_path):
    result = run("build", GOOD, "-o", tmp_path / "out", "--format", "ttl", "--quiet")
    assert result.exit_code == 0 and result.output == ""


def test_unknown_format_is_a_usage_error(run, tmp_path):
    result = run("build", GOOD, "-o", tmp_path / "out", "--format", "ttl,pdf")
    assert result.exit_code == 2 and "pdf" in result.output and "ttl" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_dir(run, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    result = run("build", GOOD, "-o", locked / "out")
    assert result.exit_code == 1 and "cannot create output directory" in result.output


def test_output_path_that_is_a_file(run, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = run("build", GOOD, "-o", target)
    assert result.exit_code == 1 and "output directory" in result.output


def test_eval_prints_scores_and_json(run, seeds_build):
    out, _, _ = seeds_build
    text = run("eval", out / "graph.ttl", "--gold", GOLD)
    assert text.exit_code == 0 and "Relations" in text.output and "Nodes per gold entity" in text.output
    data = json.loads(run("eval", out / "graph.ttl", "--gold", GOLD, "--json").output)
    assert data["relations"]["f1"] >= 0.85 and data["per_predicate"]["leaderOf"]["tp"] > 0


def test_eval_verbose_lists_misses_with_evidence(run, seeds_build, tmp_path):
    out, _, _ = seeds_build
    gold = tmp_path / "gold"
    gold.mkdir()
    doc = json.loads((GOLD / "000_348f036c3fece290.txt.json").read_text())
    doc["relations"].append({"s": "xi_jinping", "p": "visited", "o": "kyiv", "evidence": "made up", "certain": True})
    (gold / "x.json").write_text(json.dumps(doc))
    result = run("eval", out / "graph.ttl", "--gold", gold, "-v")
    assert "xi_jinping visited kyiv" in result.output and "made up" in result.output


def test_stats(run, seeds_build):
    out, _, _ = seeds_build
    data = json.loads(run("stats", out / "graph.ttl", "--json").output)
    assert data["articles"] == 5 and data["entities"]["Person"] >= 15 and data["facts"]["leaderOf"] >= 5


def test_stats_on_missing_graph(run, tmp_path):
    result = run("stats", tmp_path / "none.ttl")
    assert result.exit_code == 2 and "none.ttl" in result.output


def test_unknown_model_says_how_to_install(run, tmp_path):
    result = run("build", GOOD, "-o", tmp_path / "out", "--model", "xx_no_such_model")
    assert result.exit_code == 1
    assert "xx_no_such_model is not installed" in result.output and "pip install" in result.output
