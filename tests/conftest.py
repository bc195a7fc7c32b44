"""Shared fixtures: the real spaCy pipeline (once per session) and the seeds graph built once."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def nlp():
    from kg import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """(out_dir, corpus, report) of `kg build seeds/` with every output format."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seeds_graph")
    corpus, report = build([SEEDS], out, formats=["ttl", "trig", "jsonld", "nt"])
    return out, corpus, report


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Run the whole extraction on a short text; returns the ArticleExtraction."""
    from kg.extract.pipeline import extract
    from kg.types import Article

    def run(text: str, date: str | None = "2023-03-10"):
        return extract(Article("t" * 16, text, "test.txt", date=date), nlp(text))

    return run


def facts(extraction) -> set[tuple[str, str, str]]:
    """(subject name, predicate, object name) of an extraction's relations; symmetric ones
    (spokeWith, metWith) both ways round."""
    out = set()
    for r in extraction.relations:
        s, o = r.subject.split(":", 1)[1], r.object.split(":", 1)[1]
        out.add((s, r.predicate, o))
        if r.predicate in {"spokeWith", "metWith"}:
            out.add((o, r.predicate, s))
    return out


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Debian chromium driven by Playwright, with a fresh profile: one per session,
    shared by every browser test (Playwright's sync API allows one running instance)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=str(CHROMIUM), args=FLAGS,
            headless=True, viewport={"width": 1400, "height": 900}, timeout=300_000)
        yield context
        context.close()
