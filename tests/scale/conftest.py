"""Builds of a copy of the seeds shared by the scale tests (the real model, built once each).

`incremental` builds four seeds with the cache, adds the fifth and builds again, then once
more; `reference` is a clean build (no cache, one process) of the same five files, so every
other build of `corpus_dir` must give exactly its bytes.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.build import BuildReport, build

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FORMATS = ["ttl", "trig", "nt"]


@dataclass
class Built:
    out: Path
    report: BuildReport

    def bytes(self, fmt: str = "ttl") -> bytes:
        return (self.out / f"graph.{fmt}").read_bytes()


@pytest.fixture(scope="session")
def scale_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scale")


@pytest.fixture(scope="session")
def corpus_dir(scale_tmp) -> Path:
    """A copy of the five seed articles (sources in the graph name this folder)."""
    folder = scale_tmp / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def incremental(corpus_dir, scale_tmp) -> dict[str, Built]:
    """Four articles, then all five, then all five again, into one output with its cache."""
    out = scale_tmp / "incremental"
    held = scale_tmp / "held"
    held.mkdir()
    last = sorted(corpus_dir.iterdir())[-1]
    shutil.move(last, held / last.name)
    runs = {"four": build([corpus_dir], out, formats=FORMATS)}
    shutil.move(held / last.name, last)
    runs["five"] = build([corpus_dir], out, formats=FORMATS)
    runs["again"] = build([corpus_dir], out, formats=FORMATS)
    return {name: Built(out, report) for name, (_, report) in runs.items()}


@pytest.fixture(scope="session")
def reference(incremental, corpus_dir, scale_tmp) -> Built:
    """A clean build of the five articles: no cache, one process."""
    out = scale_tmp / "reference"
    _, report = build([corpus_dir], out, formats=FORMATS, cache=False, workers=1)
    return Built(out, report)
