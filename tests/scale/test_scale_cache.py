"""The per-article extraction cache: hits, invalidation, incremental rebuilds (kg/cache.py)."""
from __future__ import annotations

import shutil

import pytest

import kg
from kg import cache as cache_mod
from kg.build import build
from kg.types import Article
from tests.scale.conftest import FORMATS, SEEDS


def test_first_build_processes_every_article(incremental):
    report = incremental["four"].report
    assert (report.articles, report.processed, report.cached) == (4, 4, 0)
    assert report.cache and report.cache.endswith(".cache/extractions.sqlite")


def test_adding_one_article_processes_only_it(incremental):
    report = incremental["five"].report
    assert (report.articles, report.processed, report.cached) == (5, 1, 4)


def test_second_build_is_served_from_the_cache(incremental):
    report = incremental["again"].report
    assert (report.articles, report.processed, report.cached) == (5, 0, 5)


@pytest.mark.parametrize("fmt", FORMATS)
def test_incremental_graph_equals_a_clean_build(incremental, reference, fmt):
    assert incremental["again"].bytes(fmt) == reference.bytes(fmt)


def test_no_cache_build_reads_and_writes_no_cache(reference):
    assert reference.report.cache is None and reference.report.cached == 0
    assert not (reference.out / ".cache").exists()


def test_extractor_version_change_invalidates(tmp_path, monkeypatch):
    corpus = tmp_path / "one"
    corpus.mkdir()
    first = sorted(SEEDS.iterdir())[0]
    shutil.copy(first, corpus / first.name)
    cache_dir = tmp_path / "cache"
    runs = [build([corpus], tmp_path / "out", formats=["ttl"], cache=cache_dir)[1] for _ in range(2)]
    assert [(r.processed, r.cached) for r in runs] == [(1, 0), (0, 1)]
    monkeypatch.setattr(kg, "EXTRACTOR_VERSION", kg.EXTRACTOR_VERSION + "-changed")
    _, report = build([corpus], tmp_path / "out", formats=["ttl"], cache=cache_dir)
    assert (report.processed, report.cached) == (1, 0)
    assert report.cache == str(cache_dir / cache_mod.FILENAME)


@pytest.mark.parametrize("change", ["model", "version", "data", "code"])
def test_every_part_of_the_setup_changes_the_fingerprint(monkeypatch, change):
    before = cache_mod.fingerprint("en_core_web_sm-3.8.0")
    model = "en_core_web_sm-3.8.0"
    if change == "model":
        model = "en_core_web_sm-3.9.0"
    elif change == "version":
        monkeypatch.setattr(kg, "EXTRACTOR_VERSION", "other")
    else:
        monkeypatch.setattr(cache_mod, f"{change}_hash", lambda: "0" * 16)
    assert cache_mod.fingerprint(model) != before


def test_key_depends_on_text_title_and_date_not_source():
    a = Article("0123456789abcdef", "Text.", "a.txt", title="T", date="2024-01-02")
    key = cache_mod.article_key(a, "fp")
    assert cache_mod.article_key(Article(a.id, a.text, "moved/a.txt", "T", "2024-01-02"), "fp") == key
    for other in (Article("fedcba9876543210", "Text!", "a.txt", "T", "2024-01-02"),
                  Article(a.id, a.text, "a.txt", "T2", "2024-01-02"),
                  Article(a.id, a.text, "a.txt", "T", "2024-01-03")):
        assert cache_mod.article_key(other, "fp") != key
    assert cache_mod.article_key(a, "fp2") != key


def test_a_hit_carries_the_current_source(tmp_path):
    from kg.types import ArticleExtraction

    a = Article("0123456789abcdef", "Text.", "a.txt")
    with cache_mod.ExtractionCache(tmp_path, "fp") as c:
        c.put(ArticleExtraction(a, (), ()))
        moved = Article(a.id, a.text, "elsewhere/a.txt")
        assert c.get(moved).article == moved
        assert len(c) == 1
    with cache_mod.ExtractionCache(tmp_path, "fp-new") as c:
        assert c.get(a) is None
        assert c.prune() == 1


def test_default_models_agree_with_kg_nlp():
    from kg.nlp import DEFAULT_MODELS

    assert cache_mod.DEFAULT_MODELS == DEFAULT_MODELS


def test_model_id_from_meta_matches_the_loaded_pipeline(nlp):
    from kg.nlp import model_id

    assert cache_mod.model_name_version(None) == model_id(nlp)


def test_a_build_served_from_the_cache_never_imports_spacy(incremental, corpus_dir, tmp_path):
    """Importing spaCy costs seconds: a rebuild with nothing new must not pay it (nor, with
    something new, pay it in this process: the standby worker loads the model)."""
    import json
    import subprocess
    import sys

    script = ("import json, sys; from kg.build import build; "
              f"_, r = build([{str(corpus_dir)!r}], {str(tmp_path / 'out')!r}, formats=['ttl'], "
              f"cache={str(incremental['again'].out / '.cache')!r}); "
              "print(json.dumps([r.cached, r.processed, sorted(m for m in sys.modules if m.split('.')[0] in "
              "{'spacy', 'thinc'})]))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    cached, processed, imported = json.loads(out.stdout.strip().splitlines()[-1])
    assert (cached, processed) == (5, 0)
    assert imported == []
