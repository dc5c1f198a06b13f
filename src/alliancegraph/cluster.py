"""Extraction on a Dask distributed cluster: the caller reads articles, the workers extract
partitions of them (each worker process loads its extractor once), the facts come back to the
caller in input order, so that what it stores is what one process would have stored.

Needs the `dask` extra: pip install 'alliancegraph[dask]'.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from alliancegraph._guarded import TIME_LIMIT, extract_each
from alliancegraph.errors import AllianceGraphError, InputError
from alliancegraph.records import Article, DocumentFacts

if TYPE_CHECKING:
    from distributed import Client
    from alliancegraph.extract import Extractor

__all__ = ["PARTITION", "connect", "extract_on", "extract_partition"]

PARTITION = 32
"""Articles per task: enough to amortise a round trip, few enough to keep every worker busy."""
_IN_FLIGHT = 2  # partitions queued per worker, so that none waits for the next while one is stored

Extracted = list[tuple[Article, DocumentFacts]]


def _distributed() -> Any:
    try:
        import distributed
    except ModuleNotFoundError as exc:
        if exc.name not in ("distributed", "dask"):
            raise
        raise AllianceGraphError("Dask distributed is not installed, so --scheduler cannot be used. "
                                 "Install it with: pip install 'alliancegraph[dask]'") from exc
    return distributed


def _local_workers(scheduler: str) -> int | None:
    """N of "local:N", None for a scheduler address; raises AllianceGraphError for anything else."""
    if scheduler.startswith("local:"):
        count = scheduler.removeprefix("local:")
        if count.isdigit() and int(count) > 0:
            return int(count)
    elif "://" in scheduler:
        return None
    raise AllianceGraphError(f"--scheduler '{scheduler}' is neither a scheduler address "
                             "(tcp://HOST:8786) nor local:N (N worker processes on this machine).")


@contextmanager
def connect(scheduler: str) -> Iterator[Client]:
    """A client of the cluster `scheduler` names: a scheduler address ("tcp://HOST:8786") or
    "local:N", a LocalCluster of N worker processes of one thread each, closed on leaving."""
    workers = _local_workers(scheduler)
    distributed = _distributed()
    if workers is None:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except OSError as exc:
            raise AllianceGraphError(f"no Dask scheduler answers at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local, distributed.Client(local) as client:
        yield client


def extract_on(client: Client, articles: Iterable[Article], *, reader: str, time_limit: float = TIME_LIMIT,
               partition: int | None = None,
               on_error: Callable[[InputError], None] | None = None) -> Iterator[Extracted]:
    """Each partition of `articles` (`partition`, default PARTITION, at a time) with its facts, in input order,
    extracted on the cluster's workers with the extractor `reader` names.

    An article whose extraction fails goes to `on_error` as an InputError naming it (raised
    without `on_error`) and is left out of its partition; so do all the articles of a partition
    whose task is lost (a worker killed on it). An error about the whole run (the model is not
    installed on a worker) is raised. Only a few partitions per worker are in flight at once, so
    the caller's memory does not grow with the corpus.
    """
    distributed = _distributed()
    parts = enumerate(_partitions(articles, partition or PARTITION))
    window = max(2, _IN_FLIGHT * len(client.nthreads()))
    sent: dict[Any, tuple[int, list[Article]]] = {}
    queue = distributed.as_completed()

    def send(count: int) -> None:
        for index, part in islice(parts, count):
            future = client.submit(extract_partition, part, reader, time_limit, pure=False)
            sent[future] = (index, part)
            queue.add(future)

    finished: dict[int, tuple[Extracted, list[InputError]]] = {}
    following = 0
    send(window)
    for future in queue:
        index, part = sent.pop(future)
        finished[index] = _collect(future, part)
        send(1)
        while following in finished:
            extracted, errors = finished.pop(following)
            _report(errors, on_error)
            yield extracted
            following += 1


def _report(errors: list[InputError], on_error: Callable[[InputError], None] | None) -> None:
    for error in errors:
        if on_error is None:
            raise error
        on_error(error)


def _partitions(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    source = iter(articles)
    while part := list(islice(source, size)):
        yield part


def _collect(future: Any, part: list[Article]) -> tuple[Extracted, list[InputError]]:
    """The partition's (article, facts) and the errors naming those that failed; a lost task
    fails each article. An error about the whole run is raised."""
    try:
        found, failures = future.result()
    except AllianceGraphError as exc:
        if not isinstance(exc, InputError):
            raise
        found, failures = {}, [(a.source, f"extraction failed on the cluster: {exc}") for a in part]
    except Exception as exc:  # noqa: BLE001 - the task was lost: its articles fail, the rest go on
        found, failures = {}, [(a.source, f"extraction failed on the cluster: {type(exc).__name__}: {exc}")
                               for a in part]
    return ([(article, found[n]) for n, article in enumerate(part) if n in found],
            [InputError(where, problem) for where, problem in failures])


_EXTRACTORS: dict[str, Extractor] = {}
_LOCK = threading.Lock()  # one extraction at a time per process: the extractor is not thread-safe


def _extractor(reader: str) -> Extractor:
    """This process's extractor for `reader`, loaded on first use."""
    from alliancegraph.extract import Extractor

    if reader not in _EXTRACTORS:
        _EXTRACTORS[reader] = Extractor(reader=reader)
    return _EXTRACTORS[reader]


def extract_partition(articles: list[Article], reader: str,
                      time_limit: float) -> tuple[dict[int, DocumentFacts], list[tuple[str, str]]]:
    """Run on a worker: ({position: facts} of the articles read, [(where, problem)] of those
    that failed). Only what the store keeps comes back (no sentences, candidates or variants).
    `time_limit` holds only where extraction runs in a process's main thread (see `extract_each`),
    so not on a Dask worker, whose tasks run in a thread of their own."""
    failures: list[tuple[str, str]] = []
    position = {id(article): n for n, article in enumerate(articles)}
    with _LOCK:
        found = {position[id(article)]: replace(facts, sentences=[], candidates=[], variants={})
                 for article, facts in extract_each(_extractor(reader), articles, time_limit=time_limit,
                                                    on_error=lambda e: failures.append((e.source, e.problem)))}
    return found, failures
