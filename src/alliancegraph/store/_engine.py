"""Opening a database: URL resolution, engine set-up, schema creation and version check."""
from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, Connection, Engine, Text, cast, create_engine, event, insert, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from alliancegraph.errors import StoreError
from alliancegraph.store import _schema as t
from alliancegraph.store._identity import backfill_identity
from alliancegraph.urls import normalise_url

__all__ = ["DEFAULT_PATH", "ENV_VAR", "database_url", "connect", "connect_reader", "describe", "require_existing",
           "data_version", "bump_data_version"]

ENV_VAR = "ALLIANCEGRAPH_DB"
DEFAULT_PATH = "alliancegraph.db"
WRITE = "alliancegraph_write"
"""Execution option that makes a SQLite transaction take the write lock at BEGIN."""

DATA_VERSION = "data_version"
"""The meta row every write transaction increments: readers compare it to know nothing changed.
It starts at a random number, so that two stores made one after the other at one path differ."""
_READERS = 8  # read connections kept open per process: one for each thread serving a request at once
_LOCK_KEY = 0x416C6C47  # "AllG": serialises schema creation on PostgreSQL
_SQLITE_CACHE_KIB = 65536  # page cache per connection; graph reads probe indexes at random
_SQLITE_MMAP_BYTES = 1 << 30  # read pages through the OS cache without a copy (up to 1 GiB)


def _add_merges_and_edge_indexes(conn: Connection) -> None:
    """Version 1 -> 2: the entity_merges table; facts indexed by edge from either side."""
    t.entity_merges.create(conn)
    for index in t.FACT_INDEXES:
        index.create(conn)
    for old in ("ix_facts_subject_id", "ix_facts_object_id"):
        conn.execute(text(f"DROP INDEX IF EXISTS {old}"))


def _add_url_keys_and_versions(conn: Connection) -> None:
    """Version 2 -> 3: articles.url_key (each stored URL normalised); the article_versions table."""
    conn.execute(text("ALTER TABLE articles ADD COLUMN url_key TEXT"))
    urls = conn.execute(select(t.articles.c.id, t.articles.c.url).where(t.articles.c.url.is_not(None)))
    for article_id, url in list(urls):
        conn.execute(t.articles.update().where(t.articles.c.id == article_id)
                     .values(url_key=normalise_url(url)))
    for index in t.articles.indexes:
        if index.name == "ix_articles_url_key":
            index.create(conn)
    t.article_versions.create(conn)


def _add_identity_tables(conn: Connection) -> None:
    """Version 3 -> 4: identifiers on entities, descriptors apart from aliases, type votes, alias
    rules and near-duplicate articles. Descriptor aliases are dropped: they were never names."""
    present = {c["name"] for c in inspect(conn).get_columns("entities")}
    for column, size in (("uid", 32), ("qid", 32), ("lei", 20), ("ticker", 32), ("fixed_type", 16)):
        if column not in present:
            conn.execute(text(f"ALTER TABLE entities ADD COLUMN {column} VARCHAR({size})"))
    if "uid" not in present:
        conn.execute(text("CREATE UNIQUE INDEX ix_entities_uid ON entities (uid)"))
    for table in (t.descriptors, t.type_votes, t.alias_rules, t.article_signatures,
                  t.article_bands, t.near_duplicates):
        table.create(conn, checkfirst=True)
    backfill_identity(conn)


_MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _add_merges_and_edge_indexes,
                                                        2: _add_url_keys_and_versions,
                                                        3: _add_identity_tables}
"""Step from schema version N to N + 1, by N."""


def database_url(url_or_path: str | None) -> str:
    """Return the database URL for a URL, a file path, $ALLIANCEGRAPH_DB or ./alliancegraph.db.

    A value with "://" is a URL and returned as given; anything else is a SQLite
    file path, made absolute.
    """
    value = url_or_path or os.environ.get(ENV_VAR) or DEFAULT_PATH
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def require_existing(url: str) -> None:
    """Raise StoreError if `url` names a SQLite file that does not exist (a typo in --db
    would otherwise make a new, empty store); other databases are checked on connecting."""
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    if not Path(parsed.database).exists():
        raise StoreError(f"no store at {parsed.database}; `ingest` creates one. "
                         f"Check --db or ${ENV_VAR}.")


def describe(url: URL) -> str:
    """Name a database in a message: the file for SQLite, the URL without password otherwise."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"'{url}' is not a database URL. Give sqlite:///PATH, "
                         "postgresql://USER@HOST/DBNAME, or a file path.") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"{describe(parsed)}: unsupported database "
                         f"'{parsed.get_backend_name()}'. Use SQLite or PostgreSQL.")
    return parsed


def _set_up_sqlite(engine: Engine, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only=ON" if read_only else "PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA cache_size=-{_SQLITE_CACHE_KIB}")
        cursor.execute(f"PRAGMA mmap_size={_SQLITE_MMAP_BYTES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def connect(url: str) -> tuple[Engine, str]:
    """Open the database at `url`, creating the tables on first use.

    RETURNS (tuple[Engine, str]): the engine and the database's name for messages.
    Raises StoreError, naming the database and the fix, if it cannot be opened,
    is not SQLite, or holds tables of another program or a newer schema.
    """
    parsed = _parse(url)
    where = describe(parsed)
    sqlite = parsed.get_backend_name() == "sqlite"
    try:
        engine = create_engine(parsed, connect_args={"timeout": 30} if sqlite else {})
    except ModuleNotFoundError as e:
        raise StoreError(f"{where}: the database driver '{e.name}' is not installed. "
                         "Install it with: pip install 'alliancegraph[postgres]'") from None
    if sqlite:
        _set_up_sqlite(engine)
    try:
        _prepare(engine, where)
    except DBAPIError as e:
        engine.dispose()
        raise StoreError(_open_failure(where, e, sqlite=sqlite)) from e
    except StoreError:
        engine.dispose()
        raise
    return engine, where


def connect_reader(url: str, writer: Engine) -> Engine:
    """An engine for reads beside `writer`, the engine `connect` opened on `url`: a pool of
    `_READERS` connections (one per serving thread) that cannot write (SQLite `query_only`,
    PostgreSQL read-only transactions); `writer` itself for an in-memory SQLite database."""
    parsed = _parse(url)
    pool = {"pool_size": _READERS, "max_overflow": 4 * _READERS}
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, connect_args={"options": "-c default_transaction_read_only=on"}, **pool)
    if parsed.database in (None, "", ":memory:"):
        return writer
    engine = create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False}, **pool)
    _set_up_sqlite(engine, read_only=True)
    return engine


def data_version(conn: Connection) -> int:
    """The store's data version: it changes with every committed write (`bump_data_version`)."""
    return int(conn.scalar(select(t.meta.c.value).where(t.meta.c.key == DATA_VERSION)) or 0)


def bump_data_version(conn: Connection) -> None:
    """Count one more write; called last in every write transaction, so the row is locked briefly."""
    value = t.meta.c.value
    conn.execute(t.meta.update().where(t.meta.c.key == DATA_VERSION)
                 .values(value=cast(cast(value, BigInteger) + 1, Text)))


def _open_failure(where: str, error: DBAPIError, *, sqlite: bool) -> str:
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if sqlite and ("not a database" in reason or "encrypted" in reason):
        return (f"{where} is not a SQLite database ({reason}). Give the path of an "
                "alliancegraph database, or a new file name to create one.")
    if sqlite:
        return f"cannot open {where}: {reason}. Check that its directory exists and is writable."
    return f"cannot open {where}: {reason}. Check that the server is running and the URL is right."


def _prepare(engine: Engine, where: str) -> None:
    with engine.connect() as conn:
        version = _read_version(conn, where)
        counted = version is not None and _has_data_version(conn)
        conn.rollback()
    if version == t.SCHEMA_VERSION and counted:
        return
    if version is not None and version > t.SCHEMA_VERSION:
        raise StoreError(f"{where} has schema version {version}, newer than this alliancegraph "
                         f"understands ({t.SCHEMA_VERSION}). Upgrade alliancegraph to open it.")
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            if engine.dialect.name == "postgresql":  # SQLite's BEGIN IMMEDIATE does this there
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
            version = _read_version(conn, where)  # another process may have been first
            if version is None:
                t.metadata.create_all(conn)
                conn.execute(insert(t.meta).values(key="schema_version",
                                                   value=str(t.SCHEMA_VERSION)))
            elif version < t.SCHEMA_VERSION:
                _migrate(conn, version, where)
            if not _has_data_version(conn):
                conn.execute(insert(t.meta).values(key=DATA_VERSION, value=str(secrets.randbits(40))))
            bump_data_version(conn)  # a migration changes rows too


def _has_data_version(conn: Connection) -> bool:
    return conn.scalar(select(t.meta.c.key).where(t.meta.c.key == DATA_VERSION)) is not None


def _read_version(conn: Connection, where: str) -> int | None:
    tables = set(inspect(conn).get_table_names())
    if "meta" not in tables:
        clash = sorted(tables & set(t.metadata.tables))
        if clash:
            raise StoreError(f"{where} has a table '{clash[0]}' that alliancegraph did not create. "
                             "Give another database, or a new file name to create one.")
        return None
    value = conn.scalar(select(t.meta.c.value).where(t.meta.c.key == "schema_version"))
    if value is None or not value.isdigit():
        raise StoreError(f"{where} has a 'meta' table without an alliancegraph schema_version. "
                         "Give another database, or a new file name to create one.")
    return int(value)


def _migrate(conn: Connection, version: int, where: str) -> None:
    for step in range(version, t.SCHEMA_VERSION):
        if step not in _MIGRATIONS:
            raise StoreError(f"{where} has schema version {version}, which this alliancegraph "
                             "cannot upgrade. Re-ingest the articles into a new database.")
        _MIGRATIONS[step](conn)
    conn.execute(t.meta.update().where(t.meta.c.key == "schema_version")
                 .values(value=str(t.SCHEMA_VERSION)))
