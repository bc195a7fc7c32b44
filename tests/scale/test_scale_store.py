"""--store, the triple-set graph assembly and the CLI options of `kg build`."""
from __future__ import annotations

import pyoxigraph
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.triples import assemble
from kg.cli import main


def test_store_is_a_queryable_oxigraph_store(incremental, corpus_dir, scale_tmp):
    cache = incremental["again"].out / ".cache"
    store_dir = scale_tmp / "store"
    for _ in range(2):  # the second build replaces the first store
        _, report = build([corpus_dir], scale_tmp / "stored", formats=["ttl"], cache=cache, store=store_dir)
    assert report.processed == 0 and report.store == str(store_dir)
    store = pyoxigraph.Store.read_only(str(store_dir))
    n = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"]
    assert int(n.value) == report.triples
    assert len(list(store.named_graphs())) == 5
    assert not [p for p in scale_tmp.iterdir() if p.name.startswith(".store.")], "no temp folder left"


def test_store_refuses_to_replace_another_folder(tmp_path, incremental, corpus_dir):
    from kg.errors import KgError

    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine")
    with pytest.raises(KgError, match="not an Oxigraph store"):
        build([corpus_dir], tmp_path / "out", formats=["ttl"], cache=incremental["again"].out / ".cache",
              store=tmp_path / "notes")
    assert (tmp_path / "notes" / "keep.txt").read_text() == "mine"


def test_triple_sets_write_what_an_rdflib_dataset_writes(reference, corpus_dir, tmp_path):
    from kg.export import write_trig, write_turtle
    from kg.graph import build_dataset

    corpus, _ = build([corpus_dir], tmp_path / "o", formats=["ttl"], cache=reference.out.parent / "incremental" / ".cache")
    base = "https://example.org/r/"
    fast, slow = assemble(corpus, base_iri=base), build_dataset(corpus, base_iri=base)
    write_turtle(fast.default_graph, tmp_path / "fast.ttl", base_iri=base)
    write_turtle(slow.default_graph, tmp_path / "slow.ttl", base_iri=base)
    write_trig(fast, tmp_path / "fast.trig", base_iri=base)
    write_trig(slow, tmp_path / "slow.trig", base_iri=base)
    assert (tmp_path / "fast.ttl").read_bytes() == (tmp_path / "slow.ttl").read_bytes()
    assert (tmp_path / "fast.trig").read_bytes() == (tmp_path / "slow.trig").read_bytes()
    assert set(fast.rdflib_graph()) == set(slow.default_graph)


def test_cli_build_with_cache_and_store(incremental, corpus_dir, tmp_path):
    cache = incremental["again"].out / ".cache"
    result = CliRunner().invoke(main, ["build", str(corpus_dir), "-o", str(tmp_path / "out"), "--format", "ttl",
                                       "--cache", str(cache), "--store", str(tmp_path / "store"), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "Cached             5 of 5 articles (0 processed)" in result.output
    assert f"Store              {tmp_path / 'store'}" in result.output
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == incremental["again"].bytes("ttl")


@pytest.mark.parametrize("args, message", [
    (["--cache", "c", "--no-cache"], "exclude each other"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "needs --engine dask"),
    (["--workers", "0"], "0 is not in the range"),
    (["--engine", "spark"], "'spark' is not one of"),
])
def test_cli_build_option_errors(tmp_path, args, message):
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out"), *args])
    assert result.exit_code == 2
    assert message in result.output
