"""NLP and extraction over a stream of articles: in this process, or in a pool of processes.

Articles stream through `nlp.pipe` in batches and each Doc is dropped as soon as its
extraction is made, so memory is bounded by the batch, not by the corpus. With N workers,
batches of articles go to N processes that each load the pipeline once (`kg.nlp.load` is
cached per process); a bounded number of batches is in flight, and results come back in
completion order (resolution sorts by article id, so the graph does not depend on it).

`extract_batch` is also what Dask workers run (kg.distributed).
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from kg.errors import KgError
from kg.types import Article, ArticleExtraction

_LOCK = threading.Lock()


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` consecutive items (the last one shorter)."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def pipeline(model: str | None, expected: str | None = None):
    """The spaCy pipeline of this process, checked against the fingerprint `expected`.

    Raises KgError when this process would extract differently (another model, extractor
    version, data or code) from the process that keys the cache: on a cluster, every
    worker must run the same newskg and model as the client.
    """
    from kg import nlp as nlp_mod

    with _LOCK:  # one load per process, even with threaded Dask workers
        nlp = nlp_mod.load(model)
    if expected is not None:
        from kg.cache import fingerprint

        mine = fingerprint(nlp_mod.model_id(nlp))
        if mine != expected:
            raise KgError(f"worker pid {os.getpid()} runs {nlp_mod.model_id(nlp)} with a different "
                          f"newskg extractor, data or code (fingerprint {mine}, client {expected}); "
                          "install the same newskg and model everywhere")
    return nlp


def extract_batch(batch: list[Article], model: str | None, expected: str | None = None,
                  nlp_batch_size: int = 32) -> list[ArticleExtraction]:
    """The extraction of each article of `batch`, in order (runs in a worker process)."""
    from kg.extract.pipeline import extract

    nlp = pipeline(model, expected)
    texts = ((a.text, a) for a in batch)
    return [extract(article, doc) for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=nlp_batch_size)]


def extract_stream(articles: Iterable[Article], *, model: str | None = None, workers: int = 1,
                   batch_size: int = 32, expected: str | None = None,
                   timings: Counter | None = None) -> Iterator[ArticleExtraction]:
    """Yield the extraction of every article, in this process (workers=1) or in `workers` processes.

    The pipeline is loaded only once there is an article to process. In this process, the
    seconds spent loading it and extracting are added to `timings` ("load", "extract").
    Raises KgError (workers cannot start) and ModelError (no pipeline).
    """
    it = iter(articles)
    first = next(it, None)
    if first is None:
        return
    it = itertools.chain([first], it)
    if workers <= 1:
        from kg.extract.pipeline import extract

        timings = timings if timings is not None else Counter()
        t = time.perf_counter()
        nlp = pipeline(model, expected)
        timings["load"] += time.perf_counter() - t
        for doc, article in nlp.pipe(((a.text, a) for a in it), as_tuples=True, batch_size=batch_size):
            t = time.perf_counter()
            x = extract(article, doc)
            timings["extract"] += time.perf_counter() - t
            yield x
        return
    yield from _pool(it, model=model, workers=workers, batch_size=batch_size, expected=expected)


def fork_context():
    """The "fork" multiprocessing context, or None where forking is unavailable or unsafe.

    Fork is cheap (modules already imported, memory shared copy-on-write) but unsafe once
    this process runs other threads (a Dask client, a server).
    """
    if os.name == "posix" and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _pool(articles: Iterator[Article], *, model, workers: int, batch_size: int,
          expected) -> Iterator[ArticleExtraction]:
    ctx = fork_context() or multiprocessing.get_context("spawn")
    window = 2 * workers  # batches in flight: every worker busy, one batch queued each
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm, initargs=(model, expected))
    try:
        batches = batched(articles, batch_size)
        running: set[Future] = set()
        for batch in itertools.islice(batches, window):
            running.add(pool.submit(extract_batch, batch, model, expected, batch_size))
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
                nxt = next(batches, None)
                if nxt is not None:
                    running.add(pool.submit(extract_batch, nxt, model, expected, batch_size))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class StandbyWorker:
    """One forked process that loads the pipeline at once, then extracts the batches it is sent.

    A rebuild over a filled cache usually meets few new articles, and late; loading spaCy
    takes seconds. Started before the cache is read, the worker loads it on another CPU
    meanwhile; unused, it is killed without waiting for the load. Use as a context manager.
    """

    def __init__(self, model: str | None, expected: str | None) -> None:
        ctx = fork_context()
        if ctx is None:
            raise KgError("no fork here")
        self.model, self.expected = model, expected
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_standby, args=(child, model, expected), daemon=True)
        self.process.start()
        child.close()

    def __enter__(self) -> StandbyWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def extract(self, articles: Iterable[Article], batch_size: int) -> Iterator[ArticleExtraction]:
        """The extraction of every article, a batch at a time. Raises what the worker raised,
        and KgError when the worker dies."""
        for batch in batched(articles, batch_size):
            self.conn.send(batch)
            while not self.conn.poll(1.0):
                if not self.process.is_alive():
                    raise KgError(f"the extraction worker died (exit code {self.process.exitcode})")
            ok, result = self.conn.recv()
            if not ok:
                raise result
            yield from result


def _standby(conn, model: str | None, expected: str | None) -> None:
    _warm(model, expected)
    while True:
        try:
            batch = conn.recv()
        except EOFError:
            return
        try:
            conn.send((True, extract_batch(batch, model, expected, len(batch))))
        except Exception as e:  # noqa: BLE001  (sent back and raised in the client)
            conn.send((False, e))


def _warm(model: str | None, expected: str | None) -> None:
    """Pool initializer: load the pipeline before the first batch arrives. A failure is left
    to the first batch to raise, with its message (a failed initializer breaks the pool)."""
    try:
        pipeline(model, expected)
    except Exception:  # noqa: BLE001  (re-raised by extract_batch)
        pass
