"""Articles/s and peak memory per worker of `ingest`: one process, `--workers 2`, and a local Dask
cluster of 2 worker processes (`--scheduler local:2`), each run in a fresh process on a fresh store.

    python benchmarks/dask_ingest.py data/train [--reader union] [--modes single,workers,dask]

A run's time is the whole ingest as a user waits for it: loading the models (and starting the
cluster) included. Peak memory is each process's maximum resident set (getrusage; the forked readers of
`--workers 2` sampled from /proc, see ChildPeaks).
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

MODES = {"single": "1 process", "workers": "--workers 2", "dask": "--scheduler local:2"}


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The peak resident memory of this process (or its waited-for children) so far, in MB."""
    return resource.getrusage(who).ru_maxrss / 1024


class ChildPeaks:
    """The peak resident memory of each child process while it runs (the forked readers of `--workers`):
    /proc/PID/status's high-water mark, read every `every` seconds by a thread, so a peak reached in a
    child's last moments may be missed."""

    def __init__(self, every: float = 0.2) -> None:
        self._every = every
        self._peaks: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> ChildPeaks:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        me = psutil.Process()
        while not self._done.wait(self._every):
            for child in me.children(recursive=True):
                try:
                    status = Path(f"/proc/{child.pid}/status").read_text()
                except OSError:
                    continue  # it has ended
                found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
                if found:
                    self._peaks[child.pid] = max(self._peaks.get(child.pid, 0.0), int(found.group(1)) / 1024)

    def mb(self) -> list[float]:
        """Each child's peak so far, in MB, smallest first."""
        return sorted(self._peaks.values())


@contextmanager
def ingest_options(mode: str) -> Iterator[tuple[dict[str, Any], Callable[[], list[float]]]]:
    """The keywords that make `jobs.ingest` run as `mode` (one of MODES), and a function that gives
    the peak memory of each of its worker processes in MB so far (Dask workers are asked)."""
    if mode == "dask":
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
                Client(local) as client:
            yield {"scheduler": local.scheduler_address}, lambda: sorted(client.run(peak_mb).values())
    elif mode == "workers":
        with ChildPeaks() as children:
            yield {"workers": 2}, children.mb
    else:
        yield {}, list


def _run(mode: str, paths: list[str], reader: str) -> dict[str, object]:
    from alliancegraph import jobs
    from alliancegraph.store import open_store

    with tempfile.TemporaryDirectory() as scratch, open_store(f"{scratch}/ag.db") as store:
        started = time.perf_counter()
        with ingest_options(mode) as (options, worker_mb):
            summary = jobs.ingest(paths, store=store, reader=reader, **options)
            workers = worker_mb()
        seconds = time.perf_counter() - started
    return {"articles": summary.read, "facts": summary.facts, "seconds": seconds,
            "client_mb": peak_mb(), "worker_mb": workers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--reader", default="union")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--run", help=argparse.SUPPRESS)  # one mode, in this process: JSON out
    args = parser.parse_args()
    if args.run:
        print(json.dumps(_run(args.run, args.paths, args.reader)))
        return
    print(f"| {args.reader} on {' '.join(args.paths)} | articles/s | facts | client peak MB | worker peak MB |")
    print("|---|---|---|---|---|")
    for mode in args.modes.split(","):
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args.paths, "--reader", args.reader,
                               "--run", mode], check=True, capture_output=True, text=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        workers = ", ".join(f"{mb:,.0f}" for mb in r["worker_mb"]) or "-"
        print(f"| {MODES[mode]} | {r['articles'] / r['seconds']:.2f} ({r['articles']} in {r['seconds']:.0f} s) "
              f"| {r['facts']} | {r['client_mb']:,.0f} | {workers} |", flush=True)


if __name__ == "__main__":
    main()
