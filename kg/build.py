"""`kg build`: paths → articles → Docs → extractions → corpus → graph files.

The core never prints: progress goes through a callback, and the result is a BuildReport
the CLI turns into a summary table.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.types import Article, ArticleExtraction, Corpus

FORMATS = ("ttl", "trig", "jsonld", "nt", "html")
DEFAULT_FORMATS = ("ttl", "trig", "jsonld", "html")


@dataclass
class BuildReport:
    """What a build read, skipped, found and wrote, and how long each stage took."""

    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    outputs: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    triples: int = 0


def read_articles(paths: Iterable[str | Path], report: BuildReport) -> list[Article]:
    """Ingest every path; bad files are recorded in the report and skipped."""
    from kg.ingest import Skipped, read_corpus

    articles = []
    for item in read_corpus(paths):
        if isinstance(item, Skipped):
            report.skipped.append((item.source, item.reason))
        else:
            articles.append(item)
    if not articles:
        detail = f" ({len(report.skipped)} skipped)" if report.skipped else ""
        raise KgError(f"no readable articles in {', '.join(map(str, paths))}{detail}")
    return sorted(articles, key=lambda a: a.id)


def extract_all(articles: list[Article], *, model: str | None = None, batch_size: int = 16,
                progress: Callable[[int], None] | None = None) -> list[ArticleExtraction]:
    """Run the spaCy pipeline over articles in batches and extract from each Doc."""
    from kg import nlp as nlp_mod
    from kg.extract.pipeline import extract

    nlp = nlp_mod.load(model)
    out = []
    texts = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        out.append(extract(article, doc))
        if progress:
            progress(1)
    return out


def build(paths: Iterable[str | Path], out_dir: str | Path, *, model: str | None = None,
          base_iri: str | None = None, formats: Iterable[str] = DEFAULT_FORMATS,
          progress: Callable[[str, int, int], None] | None = None) -> tuple[Corpus, BuildReport]:
    """Build the graph of the articles under `paths` into `out_dir`."""
    from kg.export import write_jsonld, write_ntriples, write_trig, write_turtle
    from kg.graph import build_dataset
    from kg.ontology import KGR_DEFAULT
    from kg.resolve import resolve

    paths = list(paths)
    base_iri = base_iri or KGR_DEFAULT
    report = BuildReport()
    out_dir = Path(out_dir)
    _check_writable(out_dir)
    t = time.perf_counter()
    articles = read_articles(paths, report)
    report.articles = len(articles)
    report.seconds["ingest"] = time.perf_counter() - t

    t = time.perf_counter()
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if progress:
            progress("extract", done[0], len(articles))

    extractions = extract_all(articles, model=model, progress=tick)
    report.seconds["nlp+extract"] = time.perf_counter() - t

    t = time.perf_counter()
    corpus = resolve(extractions, skipped=tuple(report.skipped))
    report.seconds["resolve"] = time.perf_counter() - t
    report.entities = Counter(e.cls for e in corpus.entities)
    report.relations = Counter(r.predicate for r in corpus.relations)

    t = time.perf_counter()
    dataset = build_dataset(corpus, base_iri=base_iri)
    merged = dataset.default_graph
    report.triples = len(merged)
    report.seconds["graph"] = time.perf_counter() - t

    t = time.perf_counter()
    formats = set(formats)
    writers = {
        "ttl": lambda p: write_turtle(merged, p, base_iri=base_iri),
        "trig": lambda p: write_trig(dataset, p, base_iri=base_iri),
        "jsonld": lambda p: write_jsonld(merged, p, base_iri=base_iri),
        "nt": lambda p: write_ntriples(merged, p),
    }
    for fmt in FORMATS:
        if fmt in formats and fmt in writers:
            target = out_dir / f"graph.{fmt}"
            writers[fmt](target)
            report.outputs.append(str(target))
    if "html" in formats:
        from kg.render import render_graph

        target = out_dir / "graph.html"
        render_graph(merged, target)
        report.outputs.append(str(target))
    report.seconds["write"] = time.perf_counter() - t
    return corpus, report


def _check_writable(out_dir: Path) -> None:
    """Fail before the slow work when the output folder cannot be created or written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KgError(f"{out_dir}: cannot create output directory: {e.strerror or e}") from e
    probe = out_dir / ".kg-write-test"
    try:
        probe.write_text("")
        probe.unlink()
    except OSError as e:
        raise KgError(f"{out_dir}: output directory is not writable: {e.strerror or e}") from e
