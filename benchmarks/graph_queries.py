"""Graph queries on a big generated store: p50/p95 of show, timeline and an as-of neighbourhood,
and the time to store one article in that store against an empty one.

    .venv/bin/python benchmarks/graph_queries.py                  # 1,000,000 facts
    .venv/bin/python benchmarks/graph_queries.py --facts 100000   # smaller, quicker

The store is generated straight into the tables with executemany in one transaction per
batch: articles of ten facts each, spread over 2015-2025 and eight outlets; entities picked
with Zipf-like popularity (weight rank^-0.6), so a few hubs have thousands of facts and most
entities a few dozen. Queries run in process through `alliancegraph.graph`, on entities drawn
two ways: uniformly, and by popularity (how often they appear in facts, as analysts look up
the big names more). Targets (issue 4): p95 < 50 ms; storing an article in the big store no
more than 20% slower than in an empty one.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import accumulate
from pathlib import Path

from alliancegraph import graph
from alliancegraph.names import name_key
from alliancegraph.records import Article, DocumentFacts, Entity, Evidence, Mention, RelationFact
from alliancegraph.store import Store, open_store

TYPES = [("owns_stake", 0.2), ("invests_in", 0.1), ("acquires", 0.08), ("merges_with", 0.03),
         ("partners_with", 0.2), ("supplies", 0.12), ("subsidiary_of", 0.07), ("member_of", 0.05),
         ("leads", 0.1), ("based_in", 0.05)]
STATUSES = [("asserted", 0.6), ("planned", 0.15), ("proposed", 0.12), ("ended", 0.1),
            ("denied", 0.03)]
OUTLETS = ["Reuters", "AFP", "Bloomberg", "AP", "Nikkei Asia", "FT", "WSJ", "Handelsblatt"]
FIRST_DAY, DAYS = dt.date(2015, 1, 1), 11 * 365
FACTS_PER_ARTICLE = 10
BATCH = 50_000


def _picker(rng: random.Random, n: int, skew: float) -> Callable[[], int]:
    weights = list(accumulate((rank + 1) ** -skew for rank in range(n)))
    return lambda: rng.choices(range(n), cum_weights=weights)[0]


def _weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> Callable[[], str]:
    names, weights = zip(*pairs)
    cumulative = list(accumulate(weights))
    return lambda: rng.choices(names, cum_weights=cumulative)[0]


def _entity_rows(n: int) -> list[tuple[int, str, str, str]]:
    rows = []
    for i in range(1, n + 1):
        kind = "PERSON" if i % 9 == 0 else "PLACE" if i % 25 == 0 else "ORG"
        name = {"ORG": f"Company {i} Holdings", "PERSON": f"Person {i} Smith",
                "PLACE": f"Place {i}"}[kind]
        rows.append((i, name, kind, name_key(name)))
    return rows


def _articles_and_facts(rng: random.Random, n_facts: int, n_entities: int,
                        names: list[str]) -> Iterator[tuple[list[tuple], list[tuple]]]:
    pick, kind, status = _picker(rng, n_entities, 0.6), _weighted(rng, TYPES), _weighted(rng, STATUSES)
    articles, facts, fact_id = [], [], 0
    for a in range(n_facts // FACTS_PER_ARTICLE):
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        art_id = hashlib.sha256(str(a).encode()).hexdigest()[:16]
        articles.append((art_id, art_id + "h", f"synthetic/{a}.txt", "benchmark", day.isoformat(),
                         f"Article {a}", OUTLETS[a % len(OUTLETS)], "text", "2025-01-01 00:00:00"))
        for _ in range(FACTS_PER_ARTICLE):
            s, o = pick() + 1, pick() + 1
            if s == o:
                o = o % n_entities + 1
            fact_id += 1
            sentence = f"{names[s - 1]} and {names[o - 1]} made news on {day:%d %B %Y}."
            percent = round(rng.uniform(1, 60), 1) if rng.random() < 0.3 else None
            facts.append((fact_id, art_id, s, kind(), o, status(), percent,
                          round(rng.uniform(0.4, 0.95), 3), sentence, 0, len(sentence),
                          OUTLETS[a % len(OUTLETS)], day.isoformat()))
        if len(facts) >= BATCH:
            yield articles, facts
            articles, facts = [], []
    if facts:
        yield articles, facts


def generate(path: Path, n_facts: int, *, seed: int = 7) -> tuple[int, list[int]]:
    """Write a store of `n_facts` facts at `path`; RETURNS (entities, facts per entity)."""
    open_store(str(path)).close()  # the schema, as the library makes it
    rng = random.Random(seed)
    n_entities = max(100, n_facts // 20)
    entities = _entity_rows(n_entities)
    counts = [0] * (n_entities + 1)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA synchronous=OFF")
        conn.executemany("INSERT INTO entities (id, name, type, key) VALUES (?, ?, ?, ?)", entities)
        conn.executemany("INSERT INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)",
                         [(i, name, key) for i, name, _, key in entities])
        names = [name for _, name, _, _ in entities]
        for articles, facts in _articles_and_facts(rng, n_facts, n_entities, names):
            conn.executemany("INSERT INTO articles (id, content_hash, doc, source, published, "
                             "title, outlet, text, ingested_at) VALUES (?,?,?,?,?,?,?,?,?)", articles)
            conn.executemany("INSERT INTO facts (id, article_id, subject_id, type, object_id, "
                             "status, percent, confidence, sentence, char_start, char_end, "
                             "attributed_to, published) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", facts)
            for f in facts:
                counts[f[2]] += 1
                counts[f[4]] += 1
            conn.commit()
    conn.close()
    return n_entities, counts


def _existing(path: Path) -> tuple[int, list[int]]:
    """(entities, facts per entity) of a store `generate` wrote before."""
    with sqlite3.connect(path) as conn:  # entities the ingest runs added are "Newco ..."
        n_entities = conn.execute("SELECT max(id) FROM entities WHERE name NOT LIKE 'Newco %'"
                                  ).fetchone()[0]
        counts = [0] * (n_entities + 1)
        for side in ("subject_id", "object_id"):
            for entity_id, n in conn.execute(f"SELECT {side}, count(*) FROM facts "
                                             f"WHERE {side} <= ? GROUP BY {side}", (n_entities,)):
                counts[entity_id] += n
    conn.close()
    return n_entities, counts


def timed(action: Callable[[], object], samples: int) -> list[float]:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(times: list[float], q: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[int(q) - 1]


def measure(store: Store, names: list[str], counts: list[int], *, queries: int, seed: int) -> None:
    rng = random.Random(seed)
    uniform = [rng.randrange(1, len(names) + 1) for _ in range(queries)]
    popular = rng.choices(range(1, len(names) + 1), weights=counts[1:], k=queries)
    day = lambda: FIRST_DAY + dt.timedelta(days=rng.randrange(365, DAYS))  # noqa: E731
    calls: dict[str, Callable[[str], object]] = {
        "show": lambda n: graph.show(store, n),
        "show --as-of": lambda n: graph.show(store, n, as_of=day()),
        "timeline": lambda n: graph.timeline(store, n),
        "neighbourhood --as-of": lambda n: graph.neighbourhood(store, n, as_of=day()),
    }
    print(f"{'query':24} {'sample':10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, call in calls.items():
        for sample_name, ids in (("uniform", uniform), ("popular", popular)):
            it = iter(ids)
            times = timed(lambda: call(names[next(it) - 1]), len(ids))
            print(f"{label:24} {sample_name:10} {percentile(times, 50):8.1f} {percentile(times, 95):8.1f} "
                  f"{max(times):8.1f}")
    hub = max(range(1, len(names) + 1), key=lambda i: counts[i])
    for label, call in calls.items():
        times = timed(lambda: call(names[hub - 1]), 5)
        print(f"{label:24} {'top hub':10} {statistics.median(times):8.1f}   "
              f"({counts[hub]} facts)")
    for label, action in (("search", lambda: graph.search(store, f"Compny {rng.randrange(1, 999)}")),
                          ("path (3 hops)", lambda: graph.path(store, names[rng.choice(uniform) - 1],
                                                               names[rng.choice(uniform) - 1]))):
        times = timed(action, max(20, queries // 10))
        print(f"{label:24} {'uniform':10} {percentile(times, 50):8.1f} {percentile(times, 95):8.1f} "
              f"{max(times):8.1f}")


def _documents(names: list[str], n: int, *, seed: int) -> list[tuple[Article, DocumentFacts]]:
    """`n` articles of 8 entities (half known names, half new) and 10 facts each."""
    rng = random.Random(seed)
    out = []
    for a in range(n):
        people = [rng.choice(names) for _ in range(4)] + [f"Newco {seed}-{a}-{k}" for k in range(4)]
        people = list(dict.fromkeys(people))
        ents = [Entity(id=f"e{k}", name=p, type="PERSON" if p.endswith("Smith") else
                       "PLACE" if p.startswith("Place") else "ORG", aliases=[p],
                       mentions=[Mention(p, 0, len(p))]) for k, p in enumerate(people)]
        rels = []
        for _ in range(FACTS_PER_ARTICLE):
            s, o = rng.sample(people, 2)
            sentence = f"{s} agreed a deal with {o}."
            rels.append(RelationFact(subject=s, type="partners_with", object=o, status="asserted",
                                     evidence=Evidence(sentence, 0, len(sentence)), confidence=0.8))
        text = f"benchmark article {seed} {a} " + " ".join(r.evidence.sentence for r in rels)
        digest = hashlib.sha256(text.encode()).hexdigest()
        article = Article(id=digest[:16], source="bench", doc=f"bench/{seed}/{a}.txt",
                          published=dt.date(2025, 6, 1), title="t", outlet="Reuters", text=text,
                          content_hash=digest)
        out.append((article, DocumentFacts(doc=article.doc, date=article.published, title="t",
                                           source="bench", entities=ents, relations=rels)))
    return out


def _store_time(store: Store, documents: list[tuple[Article, DocumentFacts]]) -> float:
    started = time.perf_counter()
    for article, facts in documents:
        store.add_document(article, facts)
    return (time.perf_counter() - started) * 1000 / len(documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200, help="Queries per measurement.")
    parser.add_argument("--articles", type=int, default=200, help="Articles stored per ingest run.")
    parser.add_argument("--dir", type=Path, default=None, help="Where to write the stores.")
    parser.add_argument("--db", type=Path, default=None,
                        help="Keep the big store here (reused, not regenerated, if it exists).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        big = args.db or Path(tmp) / "big.db"
        started = time.perf_counter()
        n_entities, counts = _existing(big) if big.exists() else generate(big, args.facts)
        names = [row[1] for row in _entity_rows(n_entities)]
        print(f"{sum(counts) // 2:,} facts, {n_entities:,} entities in {big} "
              f"({big.stat().st_size / 1e6:.0f} MB, ready in {time.perf_counter() - started:.0f} s); "
              f"busiest entity has {max(counts):,} facts, median {statistics.median(counts[1:]):.0f}")
        with open_store(str(big)) as store:
            measure(store, names, counts, queries=args.queries, seed=11)
            run = time.time_ns()  # new articles each run, so that a kept store takes them too
            warm_up, measured = _documents(names, 20, seed=run), _documents(names, args.articles,
                                                                           seed=run + 1)
            _store_time(store, warm_up)
            loaded = _store_time(store, measured)
        with open_store(str(Path(tmp) / "empty.db")) as store:
            _store_time(store, warm_up)
            empty = _store_time(store, measured)
        print(f"storing an article (8 entities, 10 facts): {empty:.2f} ms into an empty store, "
              f"{loaded:.2f} ms into the {sum(counts) // 2:,}-fact store "
              f"({(loaded / empty - 1) * 100:+.0f}%)")


if __name__ == "__main__":
    main()
