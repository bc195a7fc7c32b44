"""`kg render`: parse the view options, call kg.render.render_graph, print what was written."""
from __future__ import annotations

from pathlib import Path

import click

from kg.errors import UsageError

__all__ = ["COMMANDS", "render"]


def _names(value: str | None, valid: tuple[str, ...], option: str) -> list[str] | None:
    """A comma-separated option value as a list; UsageError naming the valid choices."""
    if value is None:
        return None
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    if not chosen:
        raise UsageError(f"{option} is empty (choose among {', '.join(valid)})")
    unknown = [v for v in chosen if v not in valid]
    if unknown:
        raise UsageError(f"{option}: unknown value {', '.join(unknown)} (choose among {', '.join(valid)})")
    return chosen


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=Path("output/graph.html"),
              show_default=True, help="The HTML file to write.")
@click.option("--focus", default=None, help="Show only the network around this entity (name or alias).")
@click.option("--hops", default=1, show_default=True, type=int, help="How far from --focus to go.")
@click.option("--predicate", "predicates", default=None,
              help="Comma-separated relations to keep, e.g. spokeWith,visited.")
@click.option("--class", "classes", default=None, help="Comma-separated entity classes to keep, e.g. Person,Country.")
@click.option("--since", default=None, help="Keep facts dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", default=None, help="Keep facts dated on or before this day.")
@click.option("--min-confidence", default=None, type=float, help="Keep facts at least this confident (0 to 1).")
@click.option("--max-nodes", default=None, type=int,
              help="Keep the N most connected entities (default 3000); the page lists the rest.")
@click.option("--title", default=None, help="Page title.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def render(graph, out, focus, hops, predicates, classes, since, until, min_confidence, max_nodes, title, quiet) -> None:
    """Write an interactive, self-contained HTML view of GRAPH (.ttl .trig .nt .jsonld).

    Undated facts are left out when --since or --until is given.

    \b
    Example:
      kg render output/graph.ttl -o output/putin.html --focus "Vladimir Putin" --hops 2
      kg render output/graph.ttl -o calls.html --predicate spokeWith,briefed --since 2025-08
    """
    from kg.export import load_graph
    from kg.ontology import ENTITY_CLASSES, SHORTCUTS
    from kg.render import period, render_graph

    preds = _names(predicates, SHORTCUTS, "--predicate")
    kinds = _names(classes, ENTITY_CLASSES, "--class")
    if hops < 0:
        raise UsageError(f"--hops {hops}: must be 0 or more")
    if max_nodes is not None and max_nodes < 1:
        raise UsageError(f"--max-nodes {max_nodes}: must be 1 or more")
    if min_confidence is not None and not 0 <= min_confidence <= 1:
        raise UsageError(f"--min-confidence {min_confidence}: must be between 0 and 1")
    for option, value in (("--since", since), ("--until", until)):
        if value is not None:
            try:
                period(value)
            except UsageError as e:
                raise UsageError(f"{option}: {e}") from e
    if not graph.exists():
        raise UsageError(f"{graph}: no such file or directory")
    stats = render_graph(load_graph(graph), out, focus=focus, hops=hops, predicates=preds, classes=kinds,
                         since=since, until=until, min_confidence=min_confidence, max_nodes=max_nodes, title=title)
    if not quiet:
        left = f", {stats.hidden_nodes} left out" if stats.hidden_nodes else ""
        links = "link" if stats.edges == 1 else "links"
        click.echo(f"Wrote {out} ({stats.nodes} entities, {stats.edges} {links}{left})")


COMMANDS = [render]
