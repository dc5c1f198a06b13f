"""The HTTP API over the hand-made fixture store: one session TestClient, real SQLite, no model."""
from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import alliancegraph.api as api_pkg
from alliancegraph.api import TOKEN_ENV, Vendor, build_fixture_store, create_app
from alliancegraph.store import Store

STATIC = Path(api_pkg.__file__).parent / "web" / "static"


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = build_fixture_store(str(tmp_path_factory.mktemp("api") / "fixture.db"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def app(fixture_store: Store) -> FastAPI:
    return create_app(fixture_store)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as session_client:
        yield session_client


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def edge_of(view: dict[str, Any], subject: str, type: str, obj: str) -> dict[str, Any]:
    found = [e for e in view["edges"] if (e["subject"], e["type"], e["object"]) == (subject, type, obj)]
    assert len(found) == 1, [(e["subject"], e["type"], e["object"]) for e in view["edges"]]
    return found[0]


def assert_error(response: Any, status: int, kind: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "type", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    if kind:
        assert body["error"]["type"] == kind
    return body["error"]


def test_package_exports_what_all_says() -> None:
    for name in api_pkg.__all__:
        assert hasattr(api_pkg, name), name


def test_entity_shows_schema_graph_output(client: TestClient) -> None:
    view = get(client, "/api/entity", name="Renault")
    assert view["entity"]["name"] == "Renault" and view["entity"]["type"] == "ORG"
    assert view["entity"]["qid"] == "Q6686" and view["entity"]["uid"].startswith("ag-")
    stake = edge_of(view, "Renault", "owns_stake", "Nissan")
    for key in ("status", "percent", "amount", "currency", "title", "kind", "confidence", "first_seen",
                "last_seen", "sources", "history"):
        assert key in stake, key
    assert stake["percent"] == 15.0
    assert stake["first_seen"] == "2023-01-10" and stake["last_seen"] == "2023-11-08"
    assert [item["date"] for item in stake["history"]] == ["2023-01-10", "2023-01-30", "2023-11-08"]
    assert {e["object"] for e in view["edges"] if e["subject"] == "Renault"} >= {"Nissan", "France"}


def test_entity_before_the_cut_has_the_old_percentage(client: TestClient) -> None:
    before = get(client, "/api/entity", name="Renault", as_of="2023-01-20")
    assert before["as_of"] == "2023-01-20"
    stake = edge_of(before, "Renault", "owns_stake", "Nissan")
    assert stake["percent"] == 43.0 and stake["status"] == "asserted"
    assert all(item["date"] <= "2023-01-20" for item in stake["history"])
    assert not [e for e in before["edges"] if e["type"] == "subsidiary_of"], "Ampere was first reported on 01-30"


def test_entity_by_alias_and_unknown_entity(client: TestClient) -> None:
    assert get(client, "/api/entity", name="renault")["entity"]["name"] == "Renault"
    error = assert_error(client.get("/api/entity", params={"name": "Acme Widgets"}), 404, "EntityNotFound")
    assert "Acme Widgets" in error["message"]


def test_search_suggests_by_name(client: TestClient) -> None:
    matches = get(client, "/api/search", q="Renaul")
    assert matches and matches[0]["name"] == "Renault"
    assert {"name", "type", "aliases", "score"} <= set(matches[0])
    assert len(get(client, "/api/search", q="n", limit=2)) <= 2


def test_edge_has_every_evidence_sentence(client: TestClient) -> None:
    stake = get(client, "/api/edge", subject="Renault", type="owns_stake", object="Nissan")
    assert stake["sources"] == 3
    sentences = [item["sentence"] for item in stake["history"]]
    assert sentences[0].startswith("Renault owns 43% of Nissan")
    assert all(item["attributed_to"] == "Reuters" for item in stake["history"])
    old = get(client, "/api/edge", subject="Renault", type="owns_stake", object="Nissan", as_of="2023-01-15")
    assert old["percent"] == 43.0 and len(old["history"]) == 1


def test_symmetric_edge_matches_either_order(client: TestClient) -> None:
    one = get(client, "/api/edge", subject="Honda", type="merges_with", object="Nissan")
    other = get(client, "/api/edge", subject="Nissan", type="merges_with", object="Honda")
    assert one["history"] == other["history"]
    assert one["status"] == "ended"


def test_missing_edge_is_404(client: TestClient) -> None:
    assert_error(client.get("/api/edge", params={"subject": "Renault", "type": "acquires", "object": "Nissan"}),
                 404, "EdgeNotFound")
    assert_error(client.get("/api/edge", params={"subject": "Renault", "type": "owns_stake", "object": "Nissan",
                                                 "as_of": "2022-12-31"}), 404, "EdgeNotFound")


def test_timeline_is_oldest_first(client: TestClient) -> None:
    events = get(client, "/api/timeline", name="Nissan")
    dates = [event["date"] for event in events]
    assert dates == sorted(dates) and dates[0] == "2023-01-10"
    assert any(e["type"] == "supplies" and e["subject"] == "Foxconn" for e in events)
    assert all(e["date"] <= "2023-06-30" for e in get(client, "/api/timeline", name="Nissan", as_of="2023-06-30"))


def test_changes_since_name_the_article_that_changed_the_stake(client: TestClient) -> None:
    changes = get(client, "/api/changes", since="2023-01-20", until="2023-12-31", entity="Renault")
    stake = [c for c in changes if c["type"] == "owns_stake" and c["object"] == "Nissan"]
    assert stake, changes
    assert {c["kind"] for c in changes} <= {"new", "status", "attribute"}
    assert any(c["doc"] == "fx04_completion.txt" and c["date"] == "2023-11-08" for c in stake)
    assert all("2023-01-20" <= c["date"] <= "2023-12-31" for c in changes)
    assert not [c for c in changes if c["subject"] == "Honda"]


def test_conflicts_show_both_sides(client: TestClient) -> None:
    conflicts = get(client, "/api/conflicts", entity="Mitsubishi Motors")
    stake = [c for c in conflicts if c["type"] == "owns_stake" and c["subject"] == "Nissan"]
    assert len(stake) == 1, conflicts
    both = json.dumps(stake[0])
    assert "34" in both and "37" in both and "fx01_alliance.txt" in both and "fx09_mitsubishi.txt" in both
    assert all("Mitsubishi Motors" in (c["subject"], c["object"]) for c in conflicts)


def test_path_connects_through_nissan(client: TestClient) -> None:
    found = get(client, "/api/path", **{"from": "Renault", "to": "Mitsubishi Motors"})
    assert found["hops"] == 2 == len(found["edges"])
    names = {name for e in found["edges"] for name in (e["subject"], e["object"])}
    assert names == {"Renault", "Nissan", "Mitsubishi Motors"}
    assert get(client, "/api/path", **{"from": "Renault", "to": "Activision Blizzard"})["edges"] == []


def test_neighbourhood_for_the_page(client: TestClient) -> None:
    hood = get(client, "/api/neighbourhood", name="Nissan", as_of="2023-12-31")
    assert hood["center"]["name"] == "Nissan"
    names = {node["name"] for node in hood["nodes"]}
    assert {"Renault", "Foxconn", "Mitsubishi Motors"} <= names and "Honda" not in names
    for edge in hood["edges"]:
        assert edge["subject"] in names | {"Nissan"} and edge["object"] in names | {"Nissan"}
    few = get(client, "/api/neighbourhood", name="Nissan", limit=2)
    assert len(few["nodes"]) <= 2


def test_neighbourhood_edge_cap_keeps_the_centres_edges_first(client: TestClient) -> None:
    everything = get(client, "/api/neighbourhood", name="Nissan", max_edges=1000)
    among_neighbours = [e for e in everything["edges"] if "Nissan" not in (e["subject"], e["object"])]
    assert among_neighbours, "Renault-Ampere and Renault-Luca de Meo are among Nissan's neighbours"
    touching = len(everything["edges"]) - len(among_neighbours)
    capped = get(client, "/api/neighbourhood", name="Nissan", max_edges=touching)
    assert len(capped["edges"]) == touching
    assert all("Nissan" in (e["subject"], e["object"]) for e in capped["edges"])
    ends = {name for e in capped["edges"] for name in (e["subject"], e["object"])}
    assert {node["name"] for node in capped["nodes"]} == ends
    degree = {node["name"]: node["degree"] for node in capped["nodes"]}
    assert degree["Nissan"] == touching and degree["Renault"] == 2


@pytest.mark.parametrize("fmt", ["graphml", "turtle", "jsonld", "json"])
def test_export_text_formats(client: TestClient, fmt: str) -> None:
    response = client.get("/api/export", params={"format": fmt})
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    assert "Nissan" in response.text
    if fmt in ("json", "jsonld"):
        json.loads(response.text)


def test_export_neo4j_is_a_zip_with_the_cypher_script(client: TestClient) -> None:
    response = client.get("/api/export", params={"format": "neo4j"})
    assert response.status_code == 200, response.text
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "import.cypher" in names and any(name.endswith(".csv") for name in names)


BAD_REQUESTS: dict[str, list[tuple[dict[str, Any], int]]] = {
    "/api/search": [({}, 422), ({"q": "x", "limit": 0}, 422)],
    "/api/entity": [({}, 422), ({"name": "Nobody"}, 404), ({"name": "Renault", "as_of": "2023-13-01"}, 422)],
    "/api/edge": [({"subject": "Renault", "type": "likes", "object": "Nissan"}, 422),
                  ({"subject": "Nobody", "type": "leads", "object": "Nissan"}, 404)],
    "/api/timeline": [({"name": "Nobody"}, 404)],
    "/api/changes": [({}, 422), ({"since": "yesterday"}, 422), ({"since": "2023-01-01", "entity": "Nobody"}, 404)],
    "/api/conflicts": [({"entity": "Nobody"}, 404)],
    "/api/path": [({"from": "Renault"}, 422), ({"from": "Renault", "to": "Nobody"}, 404),
                  ({"from": "Renault", "to": "Nissan", "max_hops": 0}, 422)],
    "/api/neighbourhood": [({"name": "Nobody"}, 404), ({"name": "Renault", "hops": 9}, 422),
                           ({"name": "Renault", "max_edges": 0}, 422)],
    "/api/export": [({"format": "pdf"}, 422)],
    "/api/stats": [({"_method": "DELETE"}, 405)],
    "/api/articles": [({}, 403)],
}


def test_every_route_has_a_bad_request_case(app: FastAPI) -> None:
    routes = {path for path in app.openapi()["paths"] if path.startswith("/api/")}
    assert routes == set(BAD_REQUESTS)


@pytest.mark.parametrize("path,params,status", [(path, params, status) for path, cases in BAD_REQUESTS.items()
                                                 for params, status in cases])
def test_every_error_has_one_json_shape(client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str,
                                        params: dict[str, Any], status: int) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    params = dict(params)
    method = params.pop("_method", "POST" if path == "/api/articles" else "GET")
    assert_error(client.request(method, path, params=params, content=b"x" if method == "POST" else None), status)


def test_unknown_page_is_404_in_the_same_shape(client: TestClient) -> None:
    error = assert_error(client.get("/api/nothing-here"), 404)
    assert "/docs" in error["message"]


def test_validation_message_names_the_parameter(client: TestClient) -> None:
    error = assert_error(client.get("/api/entity", params={"name": "Renault", "as_of": "31/12/2023"}), 422)
    assert "as_of" in error["message"] and "31/12/2023" in error["message"]


def test_openapi_describes_every_route(client: TestClient) -> None:
    schema = get(client, "/openapi.json")
    assert set(BAD_REQUESTS) <= set(schema["paths"])
    assert "ErrorBody" in schema["components"]["schemas"]
    page = client.get("/docs")
    assert page.status_code == 200 and "/vendor/swagger-ui/swagger-ui-bundle.js" in page.text
    assert client.get("/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


# ---- the write endpoint --------------------------------------------------------------------------------

ARTICLE = {"title": "Acme buys Widgetco", "date": "2024-03-01", "source": "Reuters",
           "text": "Acme Corp said on Friday it had agreed to buy Widgetco for $2 billion."}


def test_posting_is_refused_without_a_server_token(client: TestClient, fixture_store: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    before = fixture_store.stats()["articles"]
    error = assert_error(client.post("/api/articles", json=ARTICLE), 403, "IngestDisabled")
    assert TOKEN_ENV in error["message"]
    assert_error(client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer anything"}), 403)
    assert fixture_store.stats()["articles"] == before


def test_posting_needs_the_right_bearer_token(client: TestClient, fixture_store: Store,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "s3cret-token")
    before = fixture_store.stats()["articles"]
    missing = client.post("/api/articles", json=ARTICLE)
    assert_error(missing, 401, "Unauthorized")
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = assert_error(client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer guess"}),
                         401, "Unauthorized")
    assert "not this server's" in wrong["message"]
    assert_error(client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Basic s3cret-token"}), 401)
    assert fixture_store.stats()["articles"] == before


@pytest.mark.model
def test_posting_with_the_token_stores_the_articles(tmp_path: Path, extractor: Any) -> None:
    with build_fixture_store(str(tmp_path / "post.db")) as store, \
            TestClient(create_app(store, token="t0ken", extractor=extractor)) as writer:
        auth = {"Authorization": "Bearer t0ken"}
        first = writer.post("/api/articles", json=ARTICLE, headers=auth)
        assert first.status_code == 201, first.text
        assert first.json()["new"] == 1 and first.json()["failed"] == []
        again = writer.post("/api/articles", json=ARTICLE, headers=auth)
        assert again.status_code == 200 and again.json()["duplicates"] == 1
        text = "date 2024-05-02 news\n\nToyota invests in Joby\n\nBy Reuters\nToyota will invest $500 million in Joby Aviation."
        posted = writer.post("/api/articles", content=text.encode(), headers={**auth, "Content-Type": "text/plain"},
                             params={"name": "toyota joby.txt"})
        assert posted.status_code == 201, posted.text
        docs = {article.doc: article for article in store.articles()}
        assert docs["toyota-joby.txt"].published == dt.date(2024, 5, 2)
        assert any(article.title == "Acme buys Widgetco" for article in docs.values())
        assert store.stats()["facts"] > 0
        bad = assert_error(writer.post("/api/articles", content=b"{not json", headers={**auth,
                                       "Content-Type": "application/json"}), 400, "InputError")
        assert "not valid JSON" in bad["message"] and "ag-post-" not in bad["message"]


# ---- the page and its libraries ------------------------------------------------------------------------

def test_page_and_its_files_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for src in re.findall(r'(?:src|href)="(/[^"]+)"', page.text):
        assert client.get(src).status_code == 200, src
    assert client.get("/vendor/cytoscape.min.js").headers["content-type"].startswith("text/javascript")


def test_missing_cytoscape_is_named_in_the_log_and_the_answer(fixture_store: Store, tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "cytoscape.min.js"
    with caplog.at_level(logging.WARNING, logger="alliancegraph.api"):
        app = create_app(fixture_store, vendor=Vendor(cytoscape=missing))
    assert "Cytoscape.js is missing" in caplog.text and "npm ci" in caplog.text
    with TestClient(app) as other:
        error = assert_error(other.get("/vendor/cytoscape.min.js"), 404, "VendorMissing")
        assert str(missing) in error["message"] and "make install" in error["message"]


def test_page_scripts_never_write_markup() -> None:
    """Evidence and names reach the page as text: no script builds HTML from strings."""
    scripts = sorted(STATIC.glob("*.js"))
    assert scripts
    for script in scripts:
        code = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser", "eval("):
            assert sink not in code, f"{script.name} uses {sink}"
