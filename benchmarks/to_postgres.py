"""Copy a SQLite store (such as graph_queries.py's 1M-fact store) into an empty PostgreSQL database,
so that the same data can be measured on both engines.

    .venv/bin/python benchmarks/to_postgres.py /tmp/big.db postgresql://postgres@127.0.0.1:55432/big

The tables are made by alliancegraph itself (`open_store`); rows go over with COPY, table by
table in the order of the foreign keys, and the id sequences are moved past the copied ids.
"""
from __future__ import annotations

import argparse
import sqlite3
import time

import psycopg

from alliancegraph.store import open_store
from alliancegraph.store import _schema as t

_BATCH = 20_000


def copy_store(sqlite_path: str, url: str) -> dict[str, int]:
    """Copy every table of the SQLite store into the PostgreSQL database at `url` (its alliancegraph
    tables must be empty). RETURNS rows copied by table."""
    open_store(url).close()
    source = sqlite3.connect(sqlite_path)
    copied = {}
    with psycopg.connect(url) as target:
        for table in t.metadata.sorted_tables:
            columns = [c.name for c in table.columns]
            rows = source.execute(f"SELECT {', '.join(columns)} FROM {table.name}")
            if table.name == "meta":
                target.execute("DELETE FROM meta")
            with target.cursor().copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                copied[table.name] = 0
                while batch := rows.fetchmany(_BATCH):
                    for row in batch:
                        copy.write_row(row)
                    copied[table.name] += len(batch)
            if "id" in columns and table.c.id.autoincrement is True:
                target.execute(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                               f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)")
        target.execute("ANALYZE")
    source.close()
    return copied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sqlite", help="The SQLite store to copy.")
    parser.add_argument("url", help="postgresql://USER@HOST:PORT/DBNAME of an existing, empty database.")
    args = parser.parse_args()
    started = time.perf_counter()
    copied = copy_store(args.sqlite, args.url)
    print(", ".join(f"{name} {n:,}" for name, n in copied.items() if n) +
          f" rows copied in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
