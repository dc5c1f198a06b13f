"""How the cost of `ingest` grows with the corpus: for each size, a generated corpus (make_corpus.py)
read into a fresh store by one process, by a local Dask cluster of 2 workers (`--scheduler local:2`)
and by `--workers 2`, on SQLite and, with --pg, PostgreSQL. For each run: articles/s, the peak memory
of the client and of each worker, the store's size per 1,000 articles, and p95 of show, timeline and
search (a name with a typo) on entities of that store drawn by popularity.

    .venv/bin/python benchmarks/scale.py                                # 1,000, 10,000, 100,000 articles
    .venv/bin/python benchmarks/scale.py --sizes 1000 --reader rules --max-seconds 600 \\
        --pg postgresql://postgres@127.0.0.1:55432/postgres

A corpus is written once under --corpora (default /tmp/ag-scale-corpora) and reused by later runs.
Each run is a process of its own on a fresh store: a SQLite file under --work (a temporary directory
unless given) or a new database on the --pg server, dropped afterwards. Its time is the whole ingest
as a user waits for it, models loaded and cluster started included; "start" is the time until the
first articles were stored (the first batch: a partition on Dask), and "steady" the rate after them,
which is what the rate of a bigger corpus tends to. A run still going after --max-seconds stops after
the article in hand and is reported as stopped, with what it had stored.
Targets (issue 13): articles/s at 100k within 15% of 1k; local:2 >= 1.7x one process; worker memory
flat in corpus size and < 1.5 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import api_load
import make_corpus
from dask_ingest import MODES, ingest_options, peak_mb
from graph_queries import percentile, timed
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alliancegraph import graph, jobs
from alliancegraph.errors import EntityNotFound
from alliancegraph.extract import DEFAULT_READER
from alliancegraph.store import Store, database_url, open_store

SCRIPT = Path(__file__).resolve()
QUERIES = ("show", "timeline", "search")
_BURST = 0.2  # seconds: articles counted this soon after the first came back with it (a Dask partition)
_HANG = 300.0  # seconds a run may go past --max-seconds (a model still loading, queries) before it is killed


class _Stopped(Exception):
    """Raised from ingest's progress callback once the run is over its time."""


@dataclass
class _Clock:
    """Ingest's progress callback: notes when the first batch of articles was stored (those counted
    within _BURST s of the first) and the last, stops the run after `limit` s."""

    limit: float | None
    started: float = field(default_factory=time.perf_counter)
    first: tuple[int, float] = (0, 0.0)  # (articles, seconds) when the first batch was stored
    last: tuple[int, float] = (0, 0.0)  # (articles, seconds) when the last was

    def tick(self, done: int) -> None:
        now = time.perf_counter() - self.started
        if not self.first[0] or now - self.first[1] < _BURST:
            self.first = (done, self.first[1] or now)
        self.last = (done, now)
        if self.limit and now > self.limit:
            raise _Stopped

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def corpus(size: int, *, corpora: Path, seed: int) -> Path:
    """The folder of a generated corpus of `size` articles, written now unless a whole one is there."""
    folder = corpora / f"{size}-seed{seed}"
    if not folder.is_dir():
        partial = corpora / f"{size}-seed{seed}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        for _ in make_corpus.write_corpus(partial, size, seed=seed, pool=make_corpus.templates()):
            pass
        partial.rename(folder)
    return folder


def store_bytes(db: str) -> int:
    """The bytes the store at `db` takes: its SQLite files, or its PostgreSQL database."""
    url = database_url(db)
    if url.startswith("sqlite"):
        path = make_url(url).database or ""
        return sum(os.path.getsize(p) for p in (path, f"{path}-wal") if os.path.exists(p))
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            return int(conn.scalar(text("SELECT pg_database_size(current_database())")))
    finally:
        engine.dispose()


def query_p95(store: Store, db: str, *, queries: int, seed: int) -> tuple[dict[str, float], list[str]]:
    """p95 in ms of show, timeline and search (the name with a typo) over `queries` entities of the
    store drawn by popularity (as api_load.py draws them), and the names show could not find."""
    popular = api_load.popularity(db)
    if not popular:
        return {}, []
    rng = random.Random(seed)
    names, weights = zip(*popular)
    drawn = rng.choices(names, weights=weights, k=max(2, queries))
    lost: set[str] = set()

    def found(ask: Callable[[str], object]) -> Callable[[str], object]:
        def asked(name: str) -> object:
            try:
                return ask(name)
            except EntityNotFound:
                lost.add(name)
                return None
        return asked

    calls = {"show": found(lambda name: graph.show(store, name)),
             "timeline": found(lambda name: graph.timeline(store, name)),
             "search": lambda name: graph.search(store, api_load.typo(name, rng))}
    p95 = {}
    for label, call in calls.items():
        names_left = iter(drawn)
        p95[label] = percentile(timed(lambda: call(next(names_left)), len(drawn)), 95)
    return p95, sorted(lost)


def run(folder: Path, *, mode: str, db: str, reader: str | None, max_seconds: float | None,
        queries: int) -> dict[str, Any]:
    """Ingest `folder` into the new store `db` as `mode` (one of MODES), then query it. In its own
    process, so that its peak memory is this run's."""
    open_store(db).close()
    empty = store_bytes(db)
    clock = _Clock(max_seconds)
    with open_store(db) as store:
        with ingest_options(mode) as (options, worker_mb):
            try:
                jobs.ingest([folder], store=store, reader=reader, on_progress=clock.tick, **options)
                stopped = False
            except _Stopped:
                stopped = True
            seconds = clock.elapsed()
            workers = worker_mb()
        counts = store.stats()
        p95, lost = query_p95(store, db, queries=queries, seed=17)
    return {"articles": counts["articles"], "facts": counts["facts"], "seconds": seconds, "stopped": stopped,
            "first": clock.first, "last": clock.last, "client_mb": peak_mb(), "worker_mb": workers,
            "store_bytes": store_bytes(db) - empty, "p95": p95,
            "not_found": lost}


@contextmanager
def fresh_store(name: str, *, work: Path, pg: str | None) -> Iterator[str]:
    """A new, empty store for one run: work/NAME.db, or the database NAME on the server `pg` (dropped
    on leaving)."""
    if pg is None:
        path = work / f"{name}.db"
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        yield str(path)
        return
    server = make_url(pg).set(drivername="postgresql+psycopg")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(pg).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def measure(folder: Path, *, mode: str, db: str, reader: str | None, max_seconds: float | None,
            queries: int) -> dict[str, Any]:
    """`run` in a new process (and its process group, killed if it hangs past its time)."""
    order = {"folder": str(folder), "mode": mode, "db": db, "reader": reader, "max_seconds": max_seconds,
             "queries": queries}
    child = subprocess.Popen([sys.executable, str(SCRIPT), "--run", json.dumps(order)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = child.communicate(timeout=max_seconds + _HANG if max_seconds else None)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        return {"killed": max_seconds + _HANG}
    if child.returncode != 0:
        raise SystemExit(f"the {mode} run on {folder} failed:\n" + "\n".join(err.splitlines()[-15:]))
    return json.loads(out.strip().splitlines()[-1])


def scale(sizes: list[int], *, modes: list[str], pg: str | None, reader: str | None, max_seconds: float | None,
          queries: int, corpora: Path, work: Path, seed: int = 1) -> Iterator[dict[str, Any]]:
    """Each run's figures (see `run`), with its size, store engine and mode: sizes in turn, SQLite
    before PostgreSQL, modes in the order given."""
    for size in sizes:
        folder = corpus(size, corpora=corpora, seed=seed)
        for engine in ("sqlite", "postgresql")[:2 if pg else 1]:
            for mode in modes:
                with fresh_store(f"ag_scale_{size}_{mode}", work=work, pg=pg if engine == "postgresql" else None) \
                        as db:
                    figures = measure(folder, mode=mode, db=db, reader=reader, max_seconds=max_seconds,
                                      queries=queries)
                yield {"size": size, "engine": engine, "mode": mode, **figures}


HEADER = ("| articles | store | ingest | articles/s | start s | steady art/s | facts | client MB | worker MB "
          "| KB per 1k articles | show p95 ms | timeline p95 ms | search p95 ms |")


def row(r: dict[str, Any]) -> str:
    """One run as a row of the table under HEADER."""
    where = f"| {r['size']:,} | {r['engine']} | {MODES[r['mode']]} "
    if "killed" in r:
        return where + f"| killed after {r['killed']:.0f} s, still running |" + " |" * 9
    rate = r["articles"] / r["seconds"] if r["seconds"] else 0.0
    done = f"stopped after {r['articles']:,} articles, {rate:.1f} art/s" if r["stopped"] else f"{rate:.1f}"
    (first_n, first_s), (last_n, last_s) = r["first"], r["last"]
    steady = f"{(last_n - first_n) / (last_s - first_s):.1f}" if last_n > first_n else "-"
    workers = ", ".join(f"{mb:,.0f}" for mb in r["worker_mb"]) or "-"
    per_1k = r["store_bytes"] / 1024 / r["articles"] * 1000 if r["articles"] else 0.0
    p95 = " | ".join(f"{r['p95'][q]:.1f}" if q in r["p95"] else "-" for q in QUERIES)
    if r["not_found"]:
        p95 += f" (show did not find {', '.join(repr(n) for n in r['not_found'])}, a stored name)"
    return where + (f"| {done} | {first_s:.0f} | {steady} | {r['facts']:,} | {r['client_mb']:,.0f} | {workers} "
                    f"| {per_1k:,.0f} | {p95} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="Corpus sizes in articles, comma-separated.")
    parser.add_argument("--modes", default="single,dask,workers", help=f"Some of {', '.join(MODES)}.")
    parser.add_argument("--pg", help="postgresql://USER@HOST:PORT/DB of a server: also run on it, a new database "
                                     "a run.")
    parser.add_argument("--reader", default=None, help="The ingest reader (default: ingest's default).")
    parser.add_argument("--max-seconds", type=float, default=None, help="Stop a run after this long.")
    parser.add_argument("--queries", type=int, default=200, help="Entities queried per query type.")
    parser.add_argument("--corpora", type=Path, default=Path(tempfile.gettempdir()) / "ag-scale-corpora")
    parser.add_argument("--work", type=Path, default=None, help="Keep the SQLite stores here.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--run", help=argparse.SUPPRESS)  # one run, in this process: JSON out
    args = parser.parse_args()
    if args.run:
        order = json.loads(args.run)
        print(json.dumps(run(Path(order.pop("folder")), **order)))
        return
    modes = args.modes.split(",")
    if unknown := set(modes) - set(MODES):
        raise SystemExit(f"unknown --modes {', '.join(sorted(unknown))}; choose from {', '.join(MODES)}")
    limit = f"{args.max_seconds:g} s" if args.max_seconds else "no limit"
    print(f"reader {args.reader or DEFAULT_READER}; {limit} a run; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the start")
    print(HEADER)
    print("|" + "---|" * (HEADER.count("|") - 1))
    args.corpora.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        for figures in scale([int(s) for s in args.sizes.split(",")], modes=modes, pg=args.pg, reader=args.reader,
                             max_seconds=args.max_seconds, queries=args.queries, corpora=args.corpora, work=work,
                             seed=args.seed):
            print(row(figures), flush=True)


if __name__ == "__main__":
    main()
