"""Articles/s and peak memory per worker of `ingest`: one process, `--workers 2`, and a local Dask
cluster of 2 worker processes (`--scheduler local:2`), each run in a fresh process on a fresh store.

    python benchmarks/dask_ingest.py data/train [--reader union] [--modes single,workers,dask]

A run's time is the whole ingest as a user waits for it: loading the models (and starting the
cluster) included. Peak memory is each process's maximum resident set (getrusage).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODES = {"single": "1 process", "workers": "--workers 2", "dask": "--scheduler local:2"}


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _run(mode: str, paths: list[str], reader: str) -> dict[str, object]:
    from alliancegraph import jobs
    from alliancegraph.store import open_store

    with tempfile.TemporaryDirectory() as scratch, open_store(f"{scratch}/ag.db") as store:
        started = time.perf_counter()
        if mode == "dask":
            from distributed import Client, LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
                    Client(local) as client:
                summary = jobs.ingest(paths, store=store, reader=reader, scheduler=local.scheduler_address)
                workers = sorted(client.run(_peak_mb).values())
        else:
            summary = jobs.ingest(paths, store=store, reader=reader, workers=2 if mode == "workers" else 1)
            workers = [_peak_mb(resource.RUSAGE_CHILDREN)] if mode == "workers" else []
        seconds = time.perf_counter() - started
    return {"articles": summary.read, "facts": summary.facts, "seconds": seconds,
            "client_mb": _peak_mb(), "worker_mb": workers}


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
