"""Extraction that loses only the article that fails: to an exception, or to the time limit."""
from __future__ import annotations

import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from alliancegraph.errors import AllianceGraphError, InputError
from alliancegraph.extract import Extractor
from alliancegraph.ingest import unreadable
from alliancegraph.records import Article, DocumentFacts

__all__ = ["TIME_LIMIT", "extract_each"]

TIME_LIMIT = 60.0
"""Seconds one article's extraction may take by default (a 20 MB article takes about a minute)."""
_TICK = 0.25  # how often the watchdog looks at the clock


class _TooSlow(Exception):
    """Raised inside extraction by the watchdog when its article (or batch) is over time."""


def extract_each(reader: Extractor, articles: Iterable[Article], *, workers: int = 1,
                 time_limit: float = TIME_LIMIT,
                 on_error: Callable[[InputError], None] | None = None) -> Iterator[tuple[Article, DocumentFacts]]:
    """(article, facts) for each of `articles` in order, read in batches by `reader`.

    When reading a batch fails, or runs over `time_limit` seconds per article in it (checked in
    the main thread; 0 means no limit), its articles are read again one at a time, so that only
    the article that fails is lost: it goes to `on_error` as an InputError naming it (raised
    without `on_error`), and the rest of the stream goes on.
    """
    source = iter(articles)
    pending: deque[Article] = deque()
    source_failed: list[Exception] = []

    def fed() -> Iterator[Article]:
        try:
            for article in source:
                pending.append(article)
                yield article
        except Exception as error:  # the input's own error (not GeneratorExit): not an article's
            source_failed.append(error)
            raise

    while True:
        try:
            with _watchdog(time_limit, in_hand=lambda: len(pending)) as watch:
                for article, facts in reader.pipe(fed(), n_process=workers):
                    pending.popleft()
                    with watch.paused():
                        yield article, facts
            return
        except Exception as error:  # noqa: BLE001 - an article failed: find which, below
            if source_failed or _is_ours(error):
                raise
        while pending:
            yield from _extract_alone(reader, pending.popleft(), time_limit=time_limit, on_error=on_error)


def _is_ours(error: Exception) -> bool:
    """An alliancegraph error about the whole run (a model not installed), not one article."""
    return isinstance(error, AllianceGraphError) and not isinstance(error, InputError)


def _extract_alone(reader: Extractor, article: Article, *, time_limit: float,
                   on_error: Callable[[InputError], None] | None) -> Iterator[tuple[Article, DocumentFacts]]:
    try:
        with _watchdog(time_limit, in_hand=lambda: 1):
            found = list(reader.pipe([article], n_process=1))
    except Exception as error:  # noqa: BLE001 - this article alone is lost, and named
        if _is_ours(error):
            raise
        failure = _failure(article, error, time_limit=time_limit)
        if on_error is None:
            raise failure from error
        on_error(failure)
        return
    yield from found


def _failure(article: Article, error: Exception, *, time_limit: float) -> InputError:
    where = article.source if article.source.endswith(article.doc) else f"{article.source} ({article.doc})"
    if isinstance(error, _TooSlow):
        return InputError(where, f"extraction took longer than {time_limit:g} s, the limit for one article. "
                                 "Split the article, or raise the limit with --time-limit.")
    return InputError(where, f"extraction failed: {unreadable(where, error).problem}")


class _Watch:
    """The running watchdog: its clock restarts whenever extraction resumes."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.active = True

    @contextmanager
    def paused(self) -> Iterator[None]:
        """While the consumer has the article: no deadline (its own work is not extraction)."""
        self.active = False
        try:
            yield
        finally:
            self.started = time.monotonic()
            self.active = True


@contextmanager
def _watchdog(limit: float, *, in_hand: Callable[[], int]) -> Iterator[_Watch]:
    """Raise _TooSlow in the code this wraps once it has run `limit` seconds per article in hand.

    Only in the main thread of a Unix process (signals); elsewhere, and with `limit` 0, it never fires.
    """
    watch = _Watch()
    if limit <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield watch
        return

    def look(_signum: int, _frame: Any) -> None:
        if watch.active and time.monotonic() - watch.started > limit * max(1, in_hand()):
            watch.active = False
            raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, look)
    signal.setitimer(signal.ITIMER_REAL, _TICK, _TICK)
    try:
        yield watch
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
