"""The canned queries (queries/*.rq) and kg/query.py: both engines, every format, errors."""
from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sparql_compare import answer_set, describe_difference
from rdflib import Graph

from kg.errors import QueryError, UsageError
from kg.query import (
    PACKAGED_QUERIES,
    QueryTimeout,
    create_store,
    find_query,
    list_queries,
    load,
    run_query,
)

ROOT = Path(__file__).resolve().parents[2]
REPO_QUERIES = ROOT / "queries"
NAMES = sorted(p.stem for p in REPO_QUERIES.glob("*.rq"))
REQUIRED = {"who-spoke-with-whom", "who-met-whom", "travel", "leaders", "representatives",
            "person-timeline", "fact-provenance", "single-source-facts", "most-connected",
            "memberships", "ego-network"}


def text_of(name: str) -> str:
    return (REPO_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def test_every_required_query_exists():
    assert REQUIRED <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_query_has_title_question_and_prefixes(name):
    lines = text_of(name).splitlines()
    assert lines[0].startswith("# title: ") and len(lines[0]) > len("# title: ")
    assert lines[1].startswith("# question: ") and lines[1].rstrip().endswith(("?", ".", ")"))
    body = "\n".join(lines)
    assert "PREFIX kgo: <https://w3id.org/newskg/ontology#>" in body


def test_packaged_copies_are_identical():
    """kg/data/queries/ ships the queries with the package; it must match queries/."""
    packaged = sorted(p.name for p in PACKAGED_QUERIES.glob("*.rq"))
    assert packaged == sorted(f"{n}.rq" for n in NAMES), "run: cp queries/*.rq kg/data/queries/"
    for name in NAMES:
        assert (PACKAGED_QUERIES / f"{name}.rq").read_bytes() == (REPO_QUERIES / f"{name}.rq").read_bytes(), name


def test_list_and_find_queries(monkeypatch, tmp_path):
    listed = dict(list_queries())
    assert listed["who-spoke-with-whom"] == "Who spoke with whom"
    assert find_query("travel").name == "travel.rq"
    assert find_query("travel.rq").name == "travel.rq"
    monkeypatch.chdir(tmp_path)  # no ./queries here: the packaged copies answer
    assert find_query("leaders") == PACKAGED_QUERIES / "leaders.rq"
    with pytest.raises(UsageError, match="choose among.*who-met-whom"):
        find_query("no-such-query")


@pytest.mark.parametrize("name", NAMES)
def test_both_engines_give_identical_answers(loaded, name):
    text = text_of(name)
    ox = loaded["oxigraph"].query(text)
    rd = loaded["rdflib"].query(text)
    assert ox.kind == rd.kind
    assert ox.variables == rd.variables
    a, b = answer_set(ox), answer_set(rd)
    assert a == b, describe_difference(a, b, ("oxigraph", "rdflib"))


@pytest.mark.parametrize("name", NAMES)
def test_every_query_answers_on_the_gold_graph(gold_loaded, name):
    """The seeds support every question, so the gold graph answers each one."""
    assert len(gold_loaded["oxigraph"].query(text_of(name))) > 0


@pytest.mark.parametrize("fmt", ["graph.nt", "graph.trig", "graph.nq", "graph.jsonld"])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_other_serialisations_load(gold_dir, gold_loaded, fmt, engine):
    """N-Triples answers as Turtle does; a quad file's default graph is the merge, each triple once."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s kgo:relation ?p }"
    expected = gold_loaded["oxigraph"].query(count).terms
    assert load(gold_dir / fmt, engine=engine).query(count).terms == expected
    if fmt in ("graph.nt", "graph.jsonld"):
        text = text_of("most-connected")
        assert answer_set(run_query(gold_dir / fmt, text, engine=engine)) == \
            answer_set(gold_loaded["oxigraph"].query(text))


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_named_graphs_stay_queryable_in_trig(gold_dir, engine):
    q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s kgo:spokeWith ?o } }"
    [[n]] = load(gold_dir / "graph.trig", engine=engine).query(q).terms
    assert int(n.value) >= 2


# ── what the answers say on the gold graph ────────────────────────────────────

def rows(gold_loaded, name) -> list[dict]:
    result = gold_loaded["oxigraph"].query(text_of(name))
    return [{v: (t.value if t else None) for v, t in zip(result.variables, row)} for row in result.terms]


def test_who_spoke_with_whom(gold_loaded):
    found = rows(gold_loaded, "who-spoke-with-whom")
    briefed = {(r["person"], r["other"]) for r in found if r["relation"].endswith("#briefed")}
    assert ("Vladimir Putin", "Xi Jinping") in briefed
    spoke = [r for r in found if r["relation"].endswith("#spokeWith")]
    assert spoke and all(r["person"] < r["other"] for r in spoke)  # a symmetric pair once
    assert any(r["date"] == "2025-08-08" for r in found)
    assert all(r["source"] for r in found)


def test_who_met_whom_shows_each_pair_once(gold_loaded):
    found = rows(gold_loaded, "who-met-whom")
    assert {("Narendra Modi", "Vladimir Putin"), ("Steve Witkoff", "Vladimir Putin")} <= {
        (r["person"], r["other"]) for r in found}
    assert not any((r["other"], r["person"]) in {(x["person"], x["other"]) for x in found} for r in found)


def test_travel_separates_visits_from_plans(gold_loaded):
    found = {(r["person"], r["status"], r["place"]) for r in rows(gold_loaded, "travel")}
    assert ("Vladimir Putin", "plans to visit", "India") in found
    assert ("Steve Witkoff", "visited", "Moscow") in found


def test_leaders_and_memberships(gold_loaded):
    assert ("Vladimir Putin", "Russia") in {(r["leader"], r["of"]) for r in rows(gold_loaded, "leaders")}
    assert rows(gold_loaded, "memberships")


def test_representatives_carry_titles(gold_loaded):
    found = rows(gold_loaded, "representatives")
    assert any(r["person"] == "Steve Witkoff" and r["of"] == "Donald Trump" and r["title"] for r in found)


def test_person_timeline_is_putins_and_ordered(gold_loaded):
    found = rows(gold_loaded, "person-timeline")
    dates = [r["date"] for r in found if r["date"]]
    assert dates == sorted(dates)
    assert {"Narendra Modi", "Xi Jinping"} <= {r["with"] for r in found}


def test_provenance_and_single_sources(gold_loaded):
    prov = rows(gold_loaded, "fact-provenance")
    assert all(r["evidence"] and 0 <= float(r["confidence"]) <= 1 for r in prov)
    single = rows(gold_loaded, "single-source-facts")
    assert 0 < len(single) < len({(r["subject"], r["relation"], r["object"]) for r in prov})


def test_most_connected_puts_putin_first(gold_loaded):
    found = rows(gold_loaded, "most-connected")
    assert found[0]["entity"] == "Vladimir Putin"
    degrees = [int(r["degree"]) for r in found]
    assert degrees == sorted(degrees, reverse=True) and len(found) <= 20


def test_ego_network_is_a_graph_about_the_person(gold_loaded):
    result = gold_loaded["oxigraph"].query(text_of("ego-network"))
    assert result.kind == "construct"
    g = Graph().parse(data=result.to("ttl"), format="turtle")
    putin = "https://w3id.org/newskg/resource/vladimir_putin"
    assert all(putin in (str(s), str(o)) for s, p, o in g if "newskg/ontology#" in str(p) and str(p) != str(o))
    assert len(g) == len(result)


# ── errors, limits, formats ───────────────────────────────────────────────────

@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("query, line, col", [
    ("SELECT ?s WHERE { ?s ?p }", 1, 24),
    ("PREFIX kgo: <https://w3id.org/newskg/ontology#>\nSELECT ?s\nWHERE { ?s kgo:spokeWith ?o . FILTER( }", 3, 39),
])
def test_syntax_error_names_line_and_column(gold_loaded, engine, query, line, col):
    with pytest.raises(QueryError) as info:
        gold_loaded[engine].query(query)
    message = str(info.value)
    assert f"line {line}, column" in message, message
    assert message.startswith("SPARQL syntax error")


def test_undeclared_default_prefixes_work(gold_loaded):
    q = "SELECT ?l WHERE { kgr:vladimir_putin skos:prefLabel ?l }"
    for engine in ("oxigraph", "rdflib"):
        assert gold_loaded[engine].query(q).rows == [('"Vladimir Putin"',)]


def test_limit_truncates(gold_loaded):
    result = gold_loaded["oxigraph"].query("SELECT ?s WHERE { ?s ?p ?o }", limit=5)
    assert len(result) == 5 and result.truncated
    assert "truncated" in result.to("table")


def test_timeout_gives_up(gold_loaded):
    cross = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STRLEN(CONCAT(STR(?c), STR(?f))) > 100000) }"
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="timed out"):
        gold_loaded["oxigraph"].query(cross, timeout=0.3)
    assert time.monotonic() - started < 5


def test_rdflib_graph_and_store_directory_sources(gold_dir, tmp_path, gold_loaded):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = gold_loaded["oxigraph"].query(q).terms
    graph = Graph().parse(gold_dir / "graph.ttl")
    assert run_query(graph, q).terms == expected
    assert run_query(graph, q, engine="rdflib").terms == expected
    store = create_store(gold_dir / "graph.trig", tmp_path / "store")
    assert run_query(gold_dir / "graph.trig", q).terms == run_query(store, q).terms
    with pytest.raises(UsageError, match="needs --engine oxigraph"):
        run_query(store, q, engine="rdflib")


@pytest.mark.parametrize("source, message", [
    ("missing.ttl", "no such file"),
    ("graph.xyz", "unknown graph format"),
])
def test_bad_sources(tmp_path, source, message):
    path = tmp_path / source
    if source.endswith(".xyz"):
        path.write_text("")
    with pytest.raises(UsageError, match=message):
        run_query(path, "ASK {}")


def test_broken_graph_file_is_a_kg_error(tmp_path):
    from kg.errors import KgError

    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    for engine in ("oxigraph", "rdflib"):
        with pytest.raises(KgError, match="bad.ttl: not valid turtle"):
            run_query(bad, "ASK {}", engine=engine)


def test_formats(gold_loaded):
    result = gold_loaded["oxigraph"].query(text_of("travel"))
    n = len(result)
    data = json.loads(result.to("json"))
    assert data["head"]["vars"] == list(result.variables) and len(data["results"]["bindings"]) == n
    table = result.to("table").splitlines()
    assert table[0].split()[:2] == ["person", "status"] and table[-1] == f"({n} rows)"
    assert list(csv.reader(io.StringIO(result.to("csv"))))[0] == list(result.variables)
    assert len(list(csv.reader(io.StringIO(result.to("csv"))))) == n + 1
    tsv = result.to("tsv").splitlines()
    assert tsv[0] == "\t".join(f"?{v}" for v in result.variables) and len(tsv) == n + 1
    root = ET.fromstring(result.to("xml"))
    assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == n
    with pytest.raises(UsageError, match="CONSTRUCT"):
        result.to("ttl")
    with pytest.raises(UsageError, match="choose among"):
        result.to("yaml")


def test_rows_render_like_ntriples_and_table_shortens(gold_loaded):
    q = "SELECT ?p ?l ?d WHERE { kgr:vladimir_putin ?p ?l . FILTER(?p = skos:prefLabel) BIND(xsd:date('2025-08-08') AS ?d) }"
    result = gold_loaded["oxigraph"].query(q)
    assert result.rows == [("<http://www.w3.org/2004/02/skos/core#prefLabel>", '"Vladimir Putin"',
                            '"2025-08-08"^^<http://www.w3.org/2001/XMLSchema#date>')]
    assert result.render_rows(short=True)[0][0] == "skos:prefLabel"
    assert "skos:prefLabel  Vladimir Putin  2025-08-08" in result.to("table")


def test_ask_and_construct_formats(gold_loaded):
    ask = gold_loaded["oxigraph"].query("ASK { ?s kgo:metWith ?o }")
    assert ask.kind == "ask" and ask.boolean is True
    assert json.loads(ask.to("json")) == {"head": {}, "boolean": True}
    assert ask.to("table") == "true\n"
    con = gold_loaded["rdflib"].query("CONSTRUCT { ?s kgo:metWith ?o } WHERE { ?s kgo:metWith ?o }")
    nt = Graph().parse(data=con.to("nt"), format="nt")
    ttl = Graph().parse(data=con.to("ttl"), format="turtle")
    assert len(nt) == len(ttl) == len(con) > 0
