"""`kg build`: paths → articles → Docs → extractions → corpus → graph files.

Articles stream from ingestion through the extraction cache to spaCy and the extractors
(in this process, a process pool, or a Dask cluster) and only their extractions are kept,
without the article text; resolution, graph assembly and writing then run once over the
corpus. The core never prints: progress goes through a callback, and the result is a
BuildReport the CLI turns into a summary table.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import KgError, UsageError
from kg.triples import TripleDataset, assemble
from kg.types import Article, ArticleExtraction, Corpus

FORMATS = ("ttl", "trig", "jsonld", "nt", "html")
DEFAULT_FORMATS = ("ttl", "trig", "jsonld", "html")
ENGINES = ("local", "dask")
PARALLEL_BATCH = 8  # articles per task sent to a worker process
CACHE_DIR = ".cache"  # under the output folder, unless --cache DIR


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
    cached: int = 0  # extractions read from the cache
    processed: int = 0  # articles run through spaCy and the extractors
    cache: str | None = None  # the cache file, when caching
    store: str | None = None  # the Oxigraph store folder, when asked for


def read_articles(paths: Iterable[str | Path], report: BuildReport) -> list[Article]:
    """Ingest every path into a list sorted by id; bad files are recorded in the report and skipped.

    Raises KgError when no article is readable.
    """
    paths = list(paths)
    articles = sorted(_ingest(paths, report, _Clock()), key=lambda a: a.id)
    if not articles:
        _no_articles(paths, report)
    return articles


def build(paths: Iterable[str | Path], out_dir: str | Path, *, model: str | None = None,
          base_iri: str | None = None, formats: Iterable[str] = DEFAULT_FORMATS,
          progress: Callable[[str, int, int], None] | None = None, workers: int = 1,
          cache: bool | str | Path = True, engine: str = "local", scheduler: str | None = None,
          store: str | Path | None = None, batch_size: int = 32) -> tuple[Corpus, BuildReport]:
    """Build the graph of the articles under `paths` into `out_dir`; return the corpus and a report.

    `workers` processes (or Dask workers with engine="dask", on `scheduler` or a new local
    cluster) run the NLP and extraction; the output is the same for any number. `cache` is
    True (under out_dir/.cache), a folder, or False. `store` names a folder to leave a
    persistent Oxigraph store of the graph in. The corpus's articles carry no text.
    Raises UsageError for bad options, KgError when nothing is readable or writable.
    """
    from kg.ontology import KGR_DEFAULT

    paths = list(paths)
    _check_options(workers, engine, scheduler, batch_size)
    base_iri = base_iri or KGR_DEFAULT
    formats = set(formats)
    report = BuildReport()
    out_dir = Path(out_dir)
    _check_writable(out_dir)

    extractions = _extract(paths, report, out_dir, model=model, progress=progress, workers=workers, cache=cache,
                           engine=engine, scheduler=scheduler, batch_size=batch_size)
    corpus = _resolve(extractions, report)
    del extractions
    dataset = _assemble(corpus, base_iri, report)
    _write(dataset, out_dir, base_iri, formats, report)
    if store is not None:
        t = time.perf_counter()
        report.store = str(write_store(dataset, store, base_iri=base_iri))
        report.seconds["store"] = time.perf_counter() - t
    return corpus, report


# ---------------------------------------------------------------- ingest, cache, extract

class _Clock:
    """Seconds spent in named stages that interleave (ingest, cache, NLP in a stream)."""

    def __init__(self) -> None:
        self.spent: Counter = Counter()

    @contextlib.contextmanager
    def stage(self, name: str):
        t = time.perf_counter()
        try:
            yield
        finally:
            self.spent[name] += time.perf_counter() - t


def _ingest(paths: list, report: BuildReport, clock: _Clock) -> Iterator[Article]:
    """The articles of `paths` as they are read; skipped inputs go to the report."""
    from kg.ingest import Skipped, read_corpus

    items = read_corpus(paths)
    while True:
        with clock.stage("ingest"):
            item = next(items, None)
        if item is None:
            return
        if isinstance(item, Skipped):
            report.skipped.append((item.source, item.reason))
        else:
            report.articles += 1
            yield item


def _no_articles(paths: Iterable, report: BuildReport) -> None:
    detail = f" ({len(report.skipped)} skipped)" if report.skipped else ""
    raise KgError(f"no readable articles in {', '.join(map(str, paths))}{detail}")


def _light(x: ArticleExtraction) -> ArticleExtraction:
    """The extraction without the article text (nothing after extraction reads it)."""
    return replace(x, article=replace(x.article, text=""))


def _open_cache(cache: bool | str | Path, out_dir: Path, model: str | None):
    from kg.cache import ExtractionCache, setup_fingerprint

    if cache is False or cache is None:
        return contextlib.nullcontext(None)
    directory = out_dir / CACHE_DIR if cache is True else Path(cache)
    return ExtractionCache(directory, setup_fingerprint(model))


def _extract(paths: list, report: BuildReport, out_dir: Path, *, model, progress, workers: int, cache,
             engine: str, scheduler, batch_size: int) -> list[ArticleExtraction]:
    """Every article's extraction, from the cache or computed; fills the report's counts and times."""
    from kg.cache import setup_fingerprint

    t0, clock = time.perf_counter(), _Clock()
    total = estimate_articles(paths)
    out: list[ArticleExtraction] = []

    def tick() -> None:
        if progress:
            done = len(out)
            progress("extract", done, max(total, done))

    with _open_cache(cache, out_dir, model) as store:
        report.cache = str(store.path) if store is not None else None
        # Workers check they would extract as this process does (what the cache key assumes).
        expected = store.fp if store is not None else setup_fingerprint(model)

        def misses() -> Iterator[Article]:
            for article in _ingest(paths, report, clock):
                with clock.stage("cache"):
                    hit = store.get(article) if store is not None else None
                if hit is None:
                    yield article
                    continue
                out.append(_light(hit))
                report.cached += 1
                tick()

        with _standby(store, workers, engine, model, expected) or contextlib.nullcontext() as standby:
            extractor = (standby.extract(misses(), batch_size) if standby is not None else
                         _extractor(misses(), model=model, workers=workers, engine=engine, scheduler=scheduler,
                                    batch_size=_task_size(batch_size, total, workers, engine), expected=expected,
                                    timings=clock.spent))
            for x in extractor:
                if store is not None:
                    with clock.stage("cache"):
                        store.put(x)
                out.append(_light(x))
                report.processed += 1
                tick()
        if store is not None and report.processed:
            with clock.stage("cache"):
                store.prune()
    if not out:
        _no_articles(paths, report)
    _stage_times(report, clock, time.perf_counter() - t0)
    return out


def _standby(store, workers: int, engine: str, model, expected):
    """A StandbyWorker for a one-worker local rebuild over a filled cache (few misses, found
    late: the pipeline loads on the other CPU while the cache is read), else None."""
    from kg.parallel import StandbyWorker

    if store is None or workers != 1 or engine != "local" or (os.cpu_count() or 1) < 2 or not len(store):
        return None
    try:
        return StandbyWorker(model, expected)
    except KgError:  # no fork here: load in this process when a miss comes
        return None


def _stage_times(report: BuildReport, clock: _Clock, wall: float) -> None:
    """Split the streaming phase's wall time into its stages (NLP and extraction apart when
    they ran in this process)."""
    spent = clock.spent
    for stage in ("ingest", "cache"):
        report.seconds[stage] = spent[stage]
    report.seconds["nlp+extract"] = wall - spent["ingest"] - spent["cache"]
    if spent["extract"]:
        report.seconds["load model"] = spent["load"]
        report.seconds["nlp"] = report.seconds["nlp+extract"] - spent["load"] - spent["extract"]
        report.seconds["extract"] = spent["extract"]


def _task_size(batch_size: int, total: int, workers: int, engine: str) -> int:
    """Articles per batch: with several workers, small enough that all stay busy to the end
    (a 32-article batch left to one worker idles the others for seconds; 8 measured 10% faster)."""
    parallel = workers if engine == "local" else max(2, workers)
    return batch_size if parallel == 1 else max(1, min(batch_size, PARALLEL_BATCH, -(-total // (2 * parallel))))


def _extractor(articles: Iterator[Article], *, model, workers: int, engine: str, scheduler, batch_size: int,
               expected, timings: Counter) -> Iterator[ArticleExtraction]:
    if engine == "dask":
        from kg.distributed import extract_dask

        return extract_dask(articles, model=model, scheduler=scheduler, workers=workers if workers > 1 else 2,
                            batch_size=batch_size, expected=expected)
    from kg.parallel import extract_stream

    return extract_stream(articles, model=model, workers=workers, batch_size=batch_size, expected=expected,
                          timings=timings)


def estimate_articles(paths: Iterable[str | Path]) -> int:
    """How many articles `paths` hold, cheaply (files, plus lines of JSON Lines): a progress total."""
    n = 0
    for path in map(str, paths):
        for f in _input_files(path) if os.path.isdir(path) else [path]:
            if f.lower().endswith(".jsonl"):
                with contextlib.suppress(OSError), open(f, "rb") as fh:
                    n += sum(1 for line in fh if line.strip())
            else:
                n += 1
    return n


def _input_files(folder: str) -> Iterator[str]:
    from kg.ingest import SUFFIXES

    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        yield from (os.path.join(root, f) for f in names
                    if not f.startswith(".") and Path(f).suffix.lower() in SUFFIXES)


# ---------------------------------------------------------------- resolve, graph, write

def _resolve(extractions: list[ArticleExtraction], report: BuildReport) -> Corpus:
    from kg.resolve import resolve

    t = time.perf_counter()
    corpus = resolve(extractions, skipped=tuple(report.skipped))
    report.seconds["resolve"] = time.perf_counter() - t
    report.entities = Counter(e.cls for e in corpus.entities)
    report.relations = Counter(r.predicate for r in corpus.relations)
    return corpus


def _assemble(corpus: Corpus, base_iri: str, report: BuildReport) -> TripleDataset:
    t = time.perf_counter()
    dataset = assemble(corpus, base_iri=base_iri)
    report.triples = len(dataset.default_graph)
    report.seconds["graph"] = time.perf_counter() - t
    return dataset


def _write(dataset: TripleDataset, out_dir: Path, base_iri: str, formats: set[str], report: BuildReport) -> None:
    """Write the asked formats; with several formats and CPUs, in forked processes at once
    (each writer is single-threaded Python, and the graph is shared copy-on-write)."""
    global _WRITING
    t0 = time.perf_counter()
    jobs = [(fmt, out_dir / f"graph.{fmt}") for fmt in FORMATS if fmt in formats]
    _WRITING = (dataset, base_iri)
    try:
        for (fmt, target), seconds in zip(jobs, _run_writers(jobs)):
            report.outputs.append(str(target))
            report.seconds[f"write {fmt}"] = seconds
    finally:
        _WRITING = None
    report.seconds["write"] = time.perf_counter() - t0


_WRITING: tuple | None = None  # (dataset, base IRI) of the write in progress, inherited by forked writers


def _run_writers(jobs: list[tuple[str, Path]]) -> list[float]:
    from kg.parallel import fork_context

    ctx = fork_context()
    processes = min(len(jobs), os.cpu_count() or 1)
    if ctx is None or processes < 2:
        return [_write_format(fmt, target) for fmt, target in jobs]
    with ProcessPoolExecutor(max_workers=processes, mp_context=ctx) as pool:
        return list(pool.map(_write_format, *zip(*jobs)))


def _write_format(fmt: str, target: Path) -> float:
    """Write the graph in progress as `fmt` to `target`; return the seconds it took."""
    from kg.export import write_jsonld, write_ntriples, write_trig, write_turtle

    t = time.perf_counter()
    dataset, base_iri = _WRITING
    if fmt == "ttl":
        write_turtle(dataset.default_graph, target, base_iri=base_iri)
    elif fmt == "trig":
        write_trig(dataset, target, base_iri=base_iri)
    elif fmt == "nt":
        write_ntriples(dataset.default_graph, target)
    elif fmt == "jsonld":
        write_jsonld(dataset.rdflib_graph(), target, base_iri=base_iri)
    else:
        from kg.render import render_graph

        render_graph(dataset.rdflib_graph(), target)
    return time.perf_counter() - t


def write_store(dataset: TripleDataset, store_dir: str | Path, *, base_iri: str) -> Path:
    """Bulk-load the graph into a persistent Oxigraph store at `store_dir`; return its path.

    The default graph holds the merged statements, one named graph per article its own (as
    in graph.ttl and graph.trig). The store is built beside `store_dir` and then swapped in,
    so a reader never sees half a store. Raises KgError when `store_dir` is something else.
    """
    import pyoxigraph as ox

    from kg.export import write_trig, write_turtle

    target = Path(store_dir)
    if target.exists() and not _replaceable(target):
        raise KgError(f"{target}: exists and is not an Oxigraph store; choose another --store folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        write_turtle(dataset.default_graph, work / "graph.ttl", base_iri=base_iri)
        write_trig(dataset, work / "graph.trig", base_iri=base_iri)
        store = ox.Store(str(work / "store"))
        store.bulk_load(path=str(work / "graph.ttl"), format=ox.RdfFormat.TURTLE)
        store.bulk_load(path=str(work / "graph.trig"), format=ox.RdfFormat.TRIG)
        store.flush()
        del store  # releases the database lock before the folder moves
        old = work / "old"
        if target.exists():
            target.rename(old)
        try:
            (work / "store").rename(target)
        except OSError:
            if old.exists():
                old.rename(target)
            raise
    except OSError as e:
        raise KgError(f"{target}: cannot write the Oxigraph store: {e.strerror or e}") from e
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _replaceable(path: Path) -> bool:
    """An empty folder, or an Oxigraph (RocksDB) store: safe to replace."""
    return path.is_dir() and (not any(path.iterdir()) or (path / "CURRENT").is_file())


def _check_options(workers: int, engine: str, scheduler: str | None, batch_size: int) -> None:
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (choose among {', '.join(ENGINES)})")
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, not {workers}")
    if batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, not {batch_size}")
    if scheduler and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")


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
