"""Per-article extraction on a Dask distributed cluster; the merge stays on the client.

The client streams batches of articles to the cluster (a bounded number in flight), each
worker runs `kg.parallel.extract_batch`, which loads the spaCy pipeline once per worker
process (`kg.nlp.load` is cached per process) and checks that the worker extracts exactly
as the client would (same model, extractor version, data and code). The extractions come
back to the client, which resolves the corpus and writes the graph.

Without a scheduler address a LocalCluster of worker processes is started (and stopped).
Workers of a real cluster need newskg and the model installed, one thread each:

    dask scheduler                                     # on the head node
    dask worker tcp://HEAD:8786 --nworkers 8 --nthreads 1   # on each node
    kg build corpus/ -o out/ --engine dask --scheduler tcp://HEAD:8786
"""
from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Iterable, Iterator

from kg.errors import KgError, UsageError
from kg.parallel import batched, extract_batch
from kg.types import Article, ArticleExtraction


@contextlib.contextmanager
def client_for(scheduler: str | None, *, workers: int = 2):
    """A dask.distributed Client of `scheduler`, or of a new LocalCluster of `workers` processes.

    Raises UsageError when Dask is not installed, KgError when the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise UsageError("--engine dask needs Dask: pip install 'dask[distributed]'") from e
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as e:
            raise KgError(f"{scheduler}: cannot reach the Dask scheduler: {e}") from e
        with client:
            yield client
        return
    with LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def extract_dask(articles: Iterable[Article], *, model: str | None = None, scheduler: str | None = None,
                 workers: int = 2, batch_size: int = 32, expected: str | None = None) -> Iterator[ArticleExtraction]:
    """Yield the extraction of every article, computed on a Dask cluster (in completion order).

    No cluster is started when there is no article. Raises what `client_for` raises, and
    any worker's error (KgError when a worker's setup differs from the client's).
    """
    from distributed import as_completed

    batches = batched(articles, batch_size)
    first = next(batches, None)
    if first is None:
        return
    with client_for(scheduler, workers=workers) as client:
        window = 2 * max(1, _worker_count(client))
        pending = as_completed()
        for batch in [first, *itertools.islice(batches, window - 1)]:
            pending.add(client.submit(extract_batch, batch, model, expected, batch_size, pure=False))
        for future in pending:
            result = future.result()
            future.release()
            nxt = next(batches, None)
            if nxt is not None:
                pending.add(client.submit(extract_batch, nxt, model, expected, batch_size, pure=False))
            yield from result


def _worker_count(client) -> int:
    try:
        return len(client.scheduler_info().get("workers", {})) or 1
    except Exception:  # information only; any answer will do
        return 1
