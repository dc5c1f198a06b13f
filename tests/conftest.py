"""Shared fixtures: every store test runs on a real SQLite file and, when configured,
on a real PostgreSQL database (style.md, Store tests)."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

POSTGRES_ENV = "ALLIANCEGRAPH_TEST_POSTGRES_URL"


def pytest_report_header(config: pytest.Config) -> str:
    if os.environ.get(POSTGRES_ENV):
        return "alliancegraph store engines: sqlite, postgresql"
    return f"alliancegraph store engines: sqlite (postgresql skipped: {POSTGRES_ENV} is not set)"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> Iterator[str]:
    """A URL of a new, empty database: a SQLite file in tmp_path, or a fresh database
    created on the server at $ALLIANCEGRAPH_TEST_POSTGRES_URL and dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/ag.db"
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set, so there is no PostgreSQL server to test on")
    yield from _postgres_database(server)


def _postgres_database(server: str) -> Iterator[str]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(server)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = f"ag_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield url.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


SHARED = __import__("pathlib").Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    """One Extractor over the installed spaCy model with the rules alone, shared by the pattern tests."""
    from alliancegraph.extract import Extractor

    return Extractor(reader="rules")


@pytest.fixture
def db(tmp_path: os.PathLike[str]) -> str:
    """The path of a SQLite store holding the hand-made graph corpus (tests/graph_corpus.py)."""
    from graph_corpus import build

    from alliancegraph.store import open_store

    path = f"{tmp_path}/ag.db"
    with open_store(path) as store:
        build(store)
    return path
