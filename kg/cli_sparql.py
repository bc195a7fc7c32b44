"""The `kg query`, `kg serve`, `kg export` and `kg validate` commands (registered by kg.cli).

Thin: parse flags, call kg.query / kg.serve / kg.convert / kg.validate, print.
"""
from __future__ import annotations

from pathlib import Path

import click

from kg.errors import UsageError

QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt")
ENGINES = ("oxigraph", "rdflib")
EXPORT_FORMATS = ("nt", "nq", "jsonld", "graphml", "gexf", "csv")


@click.command()
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.argument("query_text", metavar="[QUERY]", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path), help="Read the query from a .rq file.")
@click.option("-q", "--name", "query_name", help="Run a canned query by name (see --list).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default=None,
              help="Output format [default: table; ttl for CONSTRUCT/DESCRIBE].")
@click.option("--engine", type=click.Choice(ENGINES), default="oxigraph", show_default=True,
              help="SPARQL engine.")
@click.option("--timeout", type=float, default=None, help="Give up after this many seconds.")
@click.option("--limit", type=int, default=None, help="Return at most this many rows.")
@click.option("--list", "list_only", is_flag=True, help="List the canned queries and exit.")
def query(graph, query_text, query_file, query_name, fmt, engine, timeout, limit, list_only) -> None:
    """Run a SPARQL query on GRAPH (.ttl .nt .trig .nq .jsonld, or a pyoxigraph store folder).

    Give the query inline, with -f FILE.rq, or by canned name with -q NAME.
    The prefixes kgo:, kgr:, skos:, prov:, dcterms:, rdf:, rdfs:, owl:, xsd:, schema:
    may be used without declaring them.

    \b
    Example:
      kg query --list
      kg query output/graph.ttl -f queries/who-spoke-with-whom.rq
      kg query output/graph.ttl -q travel --format csv
      kg query output/graph.ttl "SELECT ?p WHERE { ?p a kgo:Person }" --format json
    """
    from kg.query import find_query, list_queries, run_query

    if list_only:
        rows = list_queries()
        width = max((len(name) for name, _ in rows), default=0)
        for name, title in rows:
            click.echo(f"{name:<{width}}  {title}")
        return
    if graph is None:
        raise UsageError("missing GRAPH (try: kg query output/graph.ttl -q who-spoke-with-whom)")
    given = [x for x in (query_text, query_file, query_name) if x is not None]
    if len(given) != 1:
        raise UsageError("give exactly one of QUERY, -f FILE.rq or -q NAME (kg query --list shows the names)")
    if query_file is not None:
        if not query_file.is_file():
            raise UsageError(f"{query_file}: no such file")
        text = query_file.read_text(encoding="utf-8")
    elif query_name is not None:
        text = find_query(query_name).read_text(encoding="utf-8")
    else:
        text = query_text
    result = run_query(graph, text, engine=engine, timeout=timeout, limit=limit)
    fmt = fmt or ("ttl" if result.kind == "construct" else "table")
    click.echo(result.to(fmt), nl=False)


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=7878, show_default=True, type=int, help="Port to listen on (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, type=float, help="Per-query time limit in seconds.")
@click.option("--limit", default=10000, show_default=True, type=int, help="Most rows a query may return.")
@click.option("--engine", type=click.Choice(ENGINES), default="oxigraph", show_default=True, help="SPARQL engine.")
@click.option("--allow-remote", is_flag=True, help="Allow binding a non-loopback address.")
def serve(graph, host, port, timeout, limit, engine, allow_remote) -> None:
    """Serve GRAPH as a read-only SPARQL 1.1 endpoint, with a query page at /.

    \b
    Example:
      kg serve output/graph.ttl --port 7878
      curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT%20*%20WHERE%20%7B?s%20?p%20?o%7D%20LIMIT%205'
    """
    from kg.serve import is_loopback, make_server

    if not graph.exists():
        raise UsageError(f"{graph}: no such file or directory")
    if not is_loopback(host):
        if not allow_remote:
            raise UsageError(f"--host {host} is not a loopback address; add --allow-remote to expose the endpoint")
        click.echo(f"Warning: serving on {host}, reachable from other machines; the endpoint has no authentication.",
                   err=True)
    server = make_server(graph, host, port, timeout=timeout, limit=limit, engine=engine,
                         log=lambda line: click.echo(line, err=True))
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"SPARQL endpoint: http://{bound_host}:{bound_port}/sparql  (query page: http://{bound_host}:{bound_port}/)")
    click.echo("Press Ctrl-C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(EXPORT_FORMATS), help="Output format.")
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="Output file (a folder for csv: nodes.csv + edges.csv).")
def export(graph, fmt, out) -> None:
    """Convert GRAPH for other tools: N-Triples, N-Quads, JSON-LD, GraphML, GEXF or CSV.

    GraphML and GEXF open in Gephi and Cytoscape; csv writes nodes.csv and edges.csv
    (with evidence) for pandas or Neo4j's CSV import; nq needs a .trig or .nq GRAPH.

    \b
    Example:
      kg export output/graph.ttl --format graphml -o output/graph.graphml
      kg export output/graph.trig --format nq -o output/graph.nq
      kg export output/graph.ttl --format csv -o output/csv/
    """
    from kg.convert import convert

    if not graph.exists():
        raise UsageError(f"{graph}: no such file or directory")
    written = convert(graph, fmt, out)
    for path in written:
        click.echo(f"Wrote {path}")


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
def validate(graph, as_json) -> None:
    """Check GRAPH against the SHACL shapes and the ontology's domains and ranges.

    Exits 1 when the graph does not conform, listing each problem with its node,
    shape and message.

    \b
    Example:
      kg validate output/graph.ttl
    """
    import json

    from kg.validate import validate as run_validate

    if not graph.exists():
        raise UsageError(f"{graph}: no such file or directory")
    report = run_validate(graph)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, sort_keys=True))
    else:
        click.echo(report.text(), nl=False)
    if not report.conforms:
        click.get_current_context().exit(1)


COMMANDS = [query, serve, export, validate]
