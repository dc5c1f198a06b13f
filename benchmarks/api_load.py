"""A bounded load test of the HTTP API: C concurrent clients against `alliancegraph serve` on 127.0.0.1.

    .venv/bin/python benchmarks/api_load.py --db demo.db
    .venv/bin/python benchmarks/api_load.py --db /tmp/big.db --workers 2      # graph_queries.py's 1M-fact store
    .venv/bin/python benchmarks/api_load.py --db postgresql://postgres@127.0.0.1:55432/big --workers 2

The server runs in its own process (`--workers N` uvicorn worker processes). Entities are drawn by
popularity (how many facts name them: analysts look up the big names more); each client is an
asyncio task with its own keep-alive connection (httpx), sending one request at a time, and each
phase ends after `--requests` answers (`--again` sends them twice more, as analysts come back to the
same big names: once plainly, once revalidating with the first answers' ETags, which should get 304).
Phases: /api/entity, /api/entity with an as-of date,
/api/timeline, /api/neighbourhood (as the page asks for it), /api/search (a name with a typo), and
a mix of them all; then the busiest entity's first page of edges, alone. For each phase it prints
requests/s, p50/p95/max latency in ms, how many answers were not 200 (304 when revalidating) and
how much of a core the load generator itself used (it shares the machine with the server). Targets (issue 13):
/api/entity >= 300 requests/s with 8 clients on the 1M-fact store, p95 < 50 ms; the others p95 <
50 ms; the top hub's first page < 100 ms.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, func, select, union_all

from alliancegraph.store import _schema as t
from alliancegraph.store._engine import database_url

PAGE_HOOD = "limit=80&max_edges=200"
"""What the page asks /api/neighbourhood for (web/static/api.js)."""
FIRST_PAGE = 100


def popularity(db: str) -> list[tuple[str, int]]:
    """(name, facts naming it) of every entity in the store with at least one fact, busiest first."""
    f, e = t.facts, t.entities
    sides = union_all(select(f.c.subject_id.label("id")), select(f.c.object_id.label("id"))).subquery()
    counts = select(sides.c.id, func.count().label("n")).group_by(sides.c.id).subquery()
    query = select(e.c.name, counts.c.n).join(counts, counts.c.id == e.c.id).order_by(counts.c.n.desc())
    engine = create_engine(database_url(db).replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            return [(name, int(n)) for name, n in conn.execute(query)]
    finally:
        engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(db: str, *, workers: int) -> Iterator[str]:
    """`alliancegraph serve` over `db` with `workers` processes; yields the base URL once it answers."""
    port = _free_port()
    command = shutil.which("alliancegraph", path=str(Path(sys.executable).parent)) or "alliancegraph"
    args = [command, "serve", "--db", db, "--port", str(port)] + (["--workers", str(workers)] if workers > 1 else [])
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(f"alliancegraph serve exited with {server.returncode}")
            try:
                httpx.get(f"{base}/api/stats", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@dataclass
class Phase:
    """What one sweep of a phase measured."""

    rate: float  # answers a second
    times: list[float] = field(default_factory=list)  # latency of each answer, ms
    failures: list[str] = field(default_factory=list)
    client_cpu: float = 0.0  # CPU seconds the load generator itself used


async def _client(base: str, urls: list[str], phase: Phase, tags: dict[str, str], *, revalidate: bool) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        while urls:
            url = urls.pop()
            held = {"If-None-Match": tags[url]} if revalidate and url in tags else {}
            started = time.perf_counter()
            response = await client.get(url, headers=held)
            phase.times.append((time.perf_counter() - started) * 1000)
            if "etag" in response.headers:
                tags[url] = response.headers["etag"]
            if response.status_code != (304 if held else 200):
                phase.failures.append(f"{response.status_code} {url}")


def run_phase(base: str, urls: list[str], *, clients: int, tags: dict[str, str], revalidate: bool = False) -> Phase:
    """Send `urls` from `clients` concurrent clients, remembering each answer's ETag in `tags`;
    with `revalidate`, send the remembered tag as If-None-Match (a 304 is then the right answer)."""
    pending, phase = list(reversed(urls)), Phase(0.0)

    async def all_clients() -> None:
        await asyncio.gather(*(_client(base, pending, phase, tags, revalidate=revalidate) for _ in range(clients)))

    started, cpu = time.perf_counter(), time.process_time()
    asyncio.run(all_clients())
    phase.client_cpu = time.process_time() - cpu
    phase.rate = len(urls) / (time.perf_counter() - started)
    return phase


def _p(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1] if len(times) > 1 else times[0]


def typo(name: str, rng: random.Random) -> str:
    """`name` with one letter (not the first) left out, as a hurried analyst types it."""
    cut = rng.randrange(1, max(2, len(name) - 1))
    return name[:cut] + name[cut + 1:]


def phases(popular: list[tuple[str, int]], *, requests: int, seed: int) -> dict[str, list[str]]:
    """The URLs of each phase, entities drawn by popularity, dates from 2016 to 2025."""
    rng = random.Random(seed)
    names = [name for name, _ in popular]
    weights = [n for _, n in popular]
    draw = lambda: quote(rng.choices(names, weights=weights)[0])  # noqa: E731
    day = lambda: (dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3650))).isoformat()  # noqa: E731

    makers: dict[str, Callable[[], str]] = {
        "entity": lambda: f"/api/entity?name={draw()}",
        "entity as_of": lambda: f"/api/entity?name={draw()}&as_of={day()}",
        "timeline": lambda: f"/api/timeline?name={draw()}",
        "neighbourhood": lambda: f"/api/neighbourhood?name={draw()}&{PAGE_HOOD}",
        "search": lambda: f"/api/search?q={quote(typo(rng.choices(names, weights=weights)[0], rng))}",
    }
    found = {label: [make() for _ in range(requests)] for label, make in makers.items()}
    found["mix"] = [rng.choice(list(makers.values()))() for _ in range(requests)]
    return found


def top_hub(base: str, name: str, *, runs: int) -> None:
    """The busiest entity's first page of edges, one client, `runs` times: the first (cold) and the rest."""
    url = f"/api/entity?name={quote(name)}&limit={FIRST_PAGE}"
    times = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
    body = response.json()
    total = body.get("total_edges", len(body["edges"]))
    print(f"top hub {name!r}: first page of {len(body['edges'])} edges (of {total}) in {times[0]:.0f} ms cold, "
          f"median {statistics.median(times[1:] or times):.0f} ms after, {len(response.content) / 1000:.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="An existing store: a SQLite file or a database URL.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=1000, help="Requests per phase.")
    parser.add_argument("--workers", type=int, default=1, help="Server worker processes.")
    parser.add_argument("--only", nargs="*", default=None, help="Run only these phases (e.g. entity mix).")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--again", action="store_true",
                        help="Send each phase's requests twice more: plainly (the server keeps answers) and with "
                             "the ETags of the first pass as If-None-Match (as a browser revalidates: 304).")
    args = parser.parse_args()
    popular = popularity(args.db)
    print(f"{len(popular):,} entities with facts in {args.db}; busiest {popular[0][0]!r} with {popular[0][1]:,} "
          f"facts; {args.clients} clients, {args.workers} server worker(s), {args.requests} requests a phase")
    with serving(args.db, workers=args.workers) as base:
        print(f"{'phase':14} {'pass':6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'wrong':>6} "
              f"{'client CPU':>10}")
        for label, urls in phases(popular, requests=args.requests, seed=args.seed).items():
            if args.only and label not in args.only:
                continue
            tags: dict[str, str] = {}
            for sweep in ("first", "again", "304")[:3 if args.again else 1]:
                run = run_phase(base, urls, clients=args.clients, tags=tags, revalidate=sweep == "304")
                print(f"{label:14} {sweep:6} {run.rate:7.0f} {_p(run.times, 50):7.1f} {_p(run.times, 95):7.1f} "
                      f"{max(run.times):7.1f} {len(run.failures):6} {run.client_cpu * run.rate / len(urls):9.0%}",
                      flush=True)
                for failure in run.failures[:3]:
                    print(f"  {failure}")
        top_hub(base, popular[0][0], runs=5)


if __name__ == "__main__":
    main()
