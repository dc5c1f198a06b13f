"""The HTTP API and the page on a big generated store: p50/p95 of the entity page's JSON over
real HTTP, and the first paint of a 200-edge neighbourhood in headless chromium.

    .venv/bin/python benchmarks/api_speed.py                  # 1,000,000 facts (issue 5's target store)
    .venv/bin/python benchmarks/api_speed.py --facts 100000   # smaller, quicker

The store comes from benchmarks/graph_queries.py's generator (Zipf-like popularity, 2015-2025).
`alliancegraph serve` runs in its own process on a free port; an httpx client asks for what the page asks
for when an entity is opened: GET /api/entity and GET /api/neighbourhood (80 entities, 200 edges), for
entities drawn uniformly and by popularity, with and without an as-of date. Then Debian's
chromium opens the page on the busiest entity and on the 101st busiest (both drawn with 200 edges)
in a fresh browser context each time, and the page's own `alliancegraph:drawn` performance mark (a frame
after Cytoscape painted) gives the time from navigation start. Targets (issue 5): entity JSON
p95 < 100 ms; first paint < 1 s.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import graph_queries  # noqa: E402  (the big-store generator, shared with the graph benchmark)
from api_load import serving  # noqa: E402  (`alliancegraph serve` in its own process)


CHROMIUM = "/usr/bin/chromium"
PAGE_HOOD = "limit=80&max_edges=200"
"""What the page asks /api/neighbourhood for (web/static/api.js)."""
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _percentile(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1]


def measure_json(base: str, names: list[str], counts: list[int], *, queries: int, seed: int) -> None:
    rng = random.Random(seed)
    uniform = [names[rng.randrange(len(names))] for _ in range(queries)]
    popular = [names[i - 1] for i in rng.choices(range(1, len(names) + 1), weights=counts[1:], k=queries)]
    day = lambda: (graph_queries.FIRST_DAY + dt.timedelta(days=rng.randrange(365, graph_queries.DAYS))).isoformat()  # noqa: E731
    requests: dict[str, Callable[[str], str]] = {
        "GET /api/entity": lambda n: f"/api/entity?name={quote(n)}",
        "GET /api/entity as_of": lambda n: f"/api/entity?name={quote(n)}&as_of={day()}",
        "GET /api/neighbourhood": lambda n: f"/api/neighbourhood?name={quote(n)}&{PAGE_HOOD}",
        "GET /api/neighbourhood as_of": lambda n: f"/api/neighbourhood?name={quote(n)}&{PAGE_HOOD}&as_of={day()}",
    }
    print(f"{'request':30} {'sample':8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95 KB':>8}")
    with httpx.Client(base_url=base, timeout=60) as client:
        client.get("/api/stats")
        for label, url in requests.items():
            for sample, picked in (("uniform", uniform), ("popular", popular)):
                times, sizes = [], []
                for name in picked:
                    started = time.perf_counter()
                    response = client.get(url(name))
                    times.append((time.perf_counter() - started) * 1000)
                    sizes.append(len(response.content) / 1000)
                    response.raise_for_status()
                print(f"{label:30} {sample:8} {_percentile(times, 50):8.1f} {_percentile(times, 95):8.1f} "
                      f"{max(times):8.1f} {_percentile(sizes, 95):8.1f}")


def measure_paint(base: str, name: str, *, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    painted, edges = [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 860})
            page = context.new_page()
            page.goto(f"{base}/#entity={quote(name)}")
            page.wait_for_function("() => performance.getEntriesByName('alliancegraph:drawn').length > 0",
                                   timeout=30_000)
            mark = page.evaluate("() => { const m = performance.getEntriesByName('alliancegraph:drawn')[0];"
                                 " return {at: m.startTime, edges: m.detail.edges}; }")
            painted.append(mark["at"])
            edges = mark["edges"]
            page.wait_for_load_state("networkidle")  # the rest of the page's asks, so the next load starts on an idle server
            context.close()
        browser.close()
    print(f"first paint of {name!r} ({edges} edges drawn) in headless chromium, {runs} fresh page loads: "
          f"median {statistics.median(painted):.0f} ms, first {painted[0]:.0f} ms, max {max(painted):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200, help="Requests per measurement.")
    parser.add_argument("--paints", type=int, default=7, help="Page loads for the first-paint figure.")
    parser.add_argument("--dir", type=Path, default=None, help="Where to write the store.")
    parser.add_argument("--db", type=Path, default=None,
                        help="Keep the big store here (reused, not regenerated, if it exists).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        db = args.db or Path(tmp) / "big.db"
        started = time.perf_counter()
        n_entities, counts = graph_queries._existing(db) if db.exists() else graph_queries.generate(db, args.facts)
        names = [row[1] for row in graph_queries._entity_rows(n_entities)]
        print(f"{sum(counts) // 2:,} facts, {n_entities:,} entities, ready in {time.perf_counter() - started:.0f} s")
        with serving(str(db), workers=1) as base:
            measure_json(base, names, counts, queries=args.queries, seed=5)
            by_facts = sorted(range(1, n_entities + 1), key=lambda i: -counts[i])
            for rank in (0, 100):  # the busiest entity, and one of the big names after it
                measure_paint(base, names[by_facts[rank] - 1], runs=args.paints)


if __name__ == "__main__":
    main()
