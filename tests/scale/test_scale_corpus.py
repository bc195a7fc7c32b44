"""The benchmark's corpus generator (bench/make_corpus.py) writes readable, varied articles."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from kg.ingest import Skipped, read_corpus

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", BENCH / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["c.jsonl", "c"])
def test_generated_articles_are_read(make_corpus, tmp_path, name):
    out = make_corpus.write(6, tmp_path / name, seed=3)
    items = list(read_corpus([out]))
    assert len(items) == 6 and not [i for i in items if isinstance(i, Skipped)]
    assert all(300 <= len(a.text.split()) <= 700 for a in items)


def test_same_seed_same_corpus_and_no_seed_people(make_corpus):
    a = list(make_corpus.generate(20, seed=5))
    assert a == list(make_corpus.generate(20, seed=5))
    assert a != list(make_corpus.generate(20, seed=6))
    text = json.dumps(a)
    for name in ("Putin", "Modi", "Trump", "Witkoff", "Xi Jinping", "Lukashenko", "Tokayev"):
        assert name not in text
