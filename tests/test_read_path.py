"""The read path under load: the store's data version, paged edges with totals, and the API's
ETag / Cache-Control answers kept until a write (each on a fresh fixture store)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from alliancegraph import graph
from alliancegraph.api import build_fixture_store, create_app
from alliancegraph.api._cache import CACHE_CONTROL, ResponseCache
from alliancegraph.errors import StoreError
from alliancegraph.store import Store
from test_web import free_port, wait_until_up


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = build_fixture_store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store), raise_server_exceptions=False) as opened:
        yield opened


def _busiest(store: Store) -> str:
    return max(("Renault", "Nissan"), key=lambda n: graph.show(store, n).total_edges)


def test_every_write_changes_the_data_version_and_reads_do_not(store: Store) -> None:
    before = store.data_version()
    graph.show(store, "Nissan")
    graph.search(store, "nisan")
    assert store.data_version() == before
    graph.add_alias(store, "Nissan", "Nissan Jidosha")
    after_alias = store.data_version()
    assert after_alias != before
    store.check(repair=True)
    assert store.data_version() not in (before, after_alias)


def test_reads_go_through_connections_that_cannot_write(store: Store) -> None:
    with pytest.raises(StoreError, match="read-?only"), store._transaction("deleting through a reader") as conn:
        conn.exec_driver_sql("DELETE FROM facts")
    assert store.stats()["facts"] > 0


def test_pages_cover_every_edge_once_with_totals(store: Store) -> None:
    name = _busiest(store)
    whole = graph.show(store, name)
    assert whole.total_edges == len(whole.edges) > 3
    assert sum(whole.edges_by_type.values()) == whole.total_edges
    pages = [graph.show(store, name, limit=2, offset=start) for start in range(0, whole.total_edges + 2, 2)]
    paged = [(e.subject, e.type, e.object, e.status, e.confidence) for page in pages for e in page.edges]
    assert sorted(paged) == sorted((e.subject, e.type, e.object, e.status, e.confidence) for e in whole.edges)
    assert all(page.edges_by_type == whole.edges_by_type for page in pages)
    assert pages[-1].edges == ()
    types = [e.type for page in pages for e in page.edges]
    assert types == sorted(types, key=list(whole.edges_by_type).index) or len(set(types)) == 1


def test_a_page_as_of_a_date_counts_only_what_was_reported_by_then(store: Store) -> None:
    name = _busiest(store)
    first_day = min(e.first_seen for e in graph.show(store, name).edges if e.first_seen)
    early = graph.show(store, name, as_of=first_day)
    paged = graph.show(store, name, as_of=first_day, limit=100)
    assert paged.edges_by_type == early.edges_by_type
    assert {(e.subject, e.type, e.object, e.status) for e in paged.edges} == \
        {(e.subject, e.type, e.object, e.status) for e in early.edges}


def test_read_answers_carry_an_etag_and_a_held_one_gets_304(client: TestClient) -> None:
    first = client.get("/api/entity", params={"name": "Nissan"})
    assert first.status_code == 200
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == CACHE_CONTROL
    again = client.get("/api/entity", params={"name": "Nissan"}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    other = client.get("/api/entity", params={"name": "Renault"}, headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag
    for path, params in (("/api/search", {"q": "nisan"}), ("/api/timeline", {"name": "Nissan"}),
                         ("/api/neighbourhood", {"name": "Nissan"}), ("/api/stats", {})):
        answer = client.get(path, params=params)
        assert answer.status_code == 200 and answer.headers["etag"]
        assert client.get(path, params=params, headers={"If-None-Match": answer.headers["etag"]}).status_code == 304


def test_a_write_changes_the_etag_and_the_answer(client: TestClient, store: Store) -> None:
    first = client.get("/api/entity", params={"name": "Nissan"})
    graph.add_alias(store, "Nissan", "Nissan Jidosha")
    after = client.get("/api/entity", params={"name": "Nissan"}, headers={"If-None-Match": first.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != first.headers["etag"]
    assert "Nissan Jidosha" in after.json()["entity"]["aliases"]
    assert "Nissan Jidosha" not in first.json()["entity"]["aliases"]


def test_errors_are_not_kept(client: TestClient) -> None:
    missing = client.get("/api/entity", params={"name": "Nobody At All"})
    assert missing.status_code == 404 and "etag" not in missing.headers


def test_the_api_pages_the_entity_with_totals(client: TestClient) -> None:
    whole = client.get("/api/entity", params={"name": "Nissan"}).json()
    page = client.get("/api/entity", params={"name": "Nissan", "limit": 1, "offset": 1}).json()
    assert page["total_edges"] == whole["total_edges"] == len(whole["edges"])
    assert page["edges_by_type"] == whole["edges_by_type"] and len(page["edges"]) == 1
    assert client.get("/api/entity", params={"name": "Nissan", "limit": 0}).status_code == 422


def test_server_processes_share_kept_answers_through_a_directory(tmp_path: Path) -> None:
    one, other = ResponseCache(directory=tmp_path), ResponseCache(directory=tmp_path)
    one.put('"a1-x"', b"[1]")
    assert other.get('"a1-x"') == b"[1]" and other.get('"a1-y"') is None
    assert one.get('"a2-x"') is None  # a write happened: what version a1 kept is gone, here and on disk
    assert other.get('"a1-x"') == b"[1]"  # still in this process's memory until it meets a2
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    other.put('"a2-x"', b"[2]")
    assert one.get('"a2-x"') == b"[2]"


def test_serve_with_two_workers_answers_and_revalidates(tmp_path: Path) -> None:
    db = tmp_path / "fixture.db"
    build_fixture_store(str(db)).close()
    port = free_port()
    command = shutil.which("alliancegraph", path=str(Path(sys.executable).parent)) or "alliancegraph"
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen([command, "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
                                   stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process=process, log=log)
        answers = [httpx.get(f"{base}/api/entity", params={"name": "Nissan"}) for _ in range(6)]
        assert {a.status_code for a in answers} == {200} and len({a.headers["etag"] for a in answers}) == 1
        assert len({a.content for a in answers}) == 1 and answers[0].json()["entity"]["name"] == "Nissan"
        held = httpx.get(f"{base}/api/entity", params={"name": "Nissan"},
                         headers={"If-None-Match": answers[0].headers["etag"]})
        assert held.status_code == 304
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "2 worker(s)" in log.read_text()


def test_a_process_keeps_its_newest_answers_on_disk_within_its_bound(tmp_path: Path) -> None:
    cache = ResponseCache(max_bytes=100, directory=tmp_path)
    for n in range(10):
        cache.put(f'"b1-{n}"', bytes(20))
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"b1-{n}" for n in range(5, 10)]
    assert ResponseCache(directory=tmp_path).get('"b1-9"') == bytes(20)
