"""The time-aware graph over a real store (SQLite, and PostgreSQL when configured) built from
hand-made records: edges, as-of, pending plans, timelines, changes, conflicts, paths, search,
neighbourhoods, entity merges, and the graph commands of the CLI."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from alliancegraph import graph
from alliancegraph.cli import app
from alliancegraph.errors import EdgeNotFound, EntityNotFound, GraphError
from alliancegraph.graph import Edge
from alliancegraph.store import SCHEMA_VERSION, Store, StoredFact, open_store
from graph_corpus import STORIES, Story, build, entity, fact
from old_stores import back_to_version_2

D = dt.date
runner = CliRunner()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield build(opened)


def stake(store: Store, as_of: dt.date | None) -> Edge:
    [found] = [e for e in graph.show(store, "Renault", as_of=as_of).edges
               if (e.subject, e.type, e.object) == ("Renault SA", "owns_stake", "Nissan Motor")]
    return found


# --- edges and time -------------------------------------------------------------------------

def test_names_of_one_company_across_articles_are_one_entity(store: Store) -> None:
    nissan = store.find_entity("Nissan")
    assert nissan is not None and nissan == store.find_entity("Nissan Motor Co., Ltd.")
    assert nissan.name == "Nissan Motor"
    assert store.find_entity("the French automaker") is None  # a description, not a name
    assert store.stats()["entities_by_type"]["ORG"] == 8  # Renault, Nissan, Ampere, Geely, Honda, Volvo Cars, Peugeot, Foxconn


def test_the_stake_as_the_news_stood_on_each_date(store: Store) -> None:
    jan = stake(store, D(2023, 1, 26))
    assert (jan.status, jan.attributes["percent"], jan.pending, jan.sources) == (
        "asserted", 43.0, None, 1)
    feb = stake(store, D(2023, 2, 6))
    assert (feb.status, feb.attributes["percent"]) == ("asserted", 43.0)
    assert feb.pending is not None
    assert (feb.pending.status, feb.pending.attributes, feb.pending.doc) == (
        "planned", {"percent": 15.0}, "feb.txt")
    july = stake(store, D(2023, 7, 26))  # "still owns 43%" leaves the cut pending
    assert july.attributes["percent"] == 43.0 and july.pending is not None
    dec = stake(store, D(2023, 12, 31))
    assert (dec.status, dec.attributes["percent"], dec.pending) == ("asserted", 15.0, None)
    assert (dec.first_seen, dec.last_seen, dec.sources) == (D(2023, 1, 26), D(2023, 11, 8), 4)
    assert [(h.doc, h.status, h.attributes.get("percent")) for h in dec.history] == [
        ("jan.txt", "asserted", 43.0), ("feb.txt", "asserted", 43.0),
        ("feb.txt", "planned", 15.0), ("jul.txt", "asserted", 43.0),
        ("nov.txt", "asserted", 15.0)]


def test_an_edge_reported_after_the_date_does_not_appear(store: Store) -> None:
    types = {(e.type, e.other(e.subject_id)[1])
             for e in graph.show(store, "Renault", as_of=D(2023, 1, 26)).edges}
    assert ("subsidiary_of", "Renault SA") not in types
    assert {e.type for e in graph.show(store, "Renault", as_of=D(2023, 1, 26)).edges} == {
        "owns_stake", "partners_with", "leads", "based_in"}
    with pytest.raises(EdgeNotFound, match="no article on or before 2023-01-26 says "
                                           "'Ampere subsidiary_of Renault SA'"):
        graph.edge(store, "Ampere", "subsidiary_of", "Renault", as_of=D(2023, 1, 26))


def test_an_ended_partnership_stays_with_status_ended(store: Store) -> None:
    with pytest.raises(EdgeNotFound):
        graph.edge(store, "Geely", "partners_with", "Renault", as_of=D(2023, 6, 1))
    before = graph.edge(store, "Geely", "partners_with", "Renault", as_of=D(2024, 1, 1))
    after = graph.edge(store, "Renault", "partners_with", "Geely", as_of=D(2024, 7, 1))
    assert (before.status, before.current) == ("asserted", True)
    assert (after.status, after.current, after.sources) == ("ended", False, 2)
    assert after.attributes["kind"] == "joint_venture"


def test_a_plan_to_revive_an_ended_partnership_is_pending(store: Store) -> None:
    Story("revival.txt", D(2024, 9, 1), "AFP", [entity("Renault"), entity("Geely")],
          [fact("Geely", "partners_with", "Renault", "planned", kind="joint_venture",
                sentence="Geely and Renault plan to revive their venture.")]).add_to(store)
    revived = graph.edge(store, "Renault", "partners_with", "Geely")
    assert revived.status == "ended" and revived.pending is not None
    assert (revived.pending.status, revived.pending.doc) == ("planned", "revival.txt")


def test_a_planned_investment_stays_planned_and_gains_its_amount(store: Store) -> None:
    feb = graph.edge(store, "Nissan", "invests_in", "Ampere", as_of=D(2023, 2, 6))
    july = graph.edge(store, "Nissan", "invests_in", "Ampere", as_of=D(2023, 12, 31))
    assert (feb.status, feb.attributes.get("amount")) == ("planned", None)
    assert (july.status, july.attributes["amount"], july.attributes["currency"]) == (
        "planned", 600e6, "EUR")


def test_symmetric_facts_in_either_order_are_one_edge(store: Store) -> None:
    one = graph.edge(store, "Renault", "partners_with", "Nissan")
    other = graph.edge(store, "Nissan", "partners_with", "Renault")
    assert one == other
    assert (one.subject, one.object, one.sources) == ("Nissan Motor", "Renault SA", 2)
    assert [(h.subject, h.object) for h in one.history] == [
        ("Renault SA", "Nissan Motor"), ("Nissan Motor", "Renault SA")]
    partners = [e for e in graph.show(store, "Nissan").edges if e.type == "partners_with"]
    assert len(partners) == 1


def test_a_directed_edge_is_not_its_reverse(store: Store) -> None:
    held = graph.edge(store, "Nissan", "owns_stake", "Renault")
    assert held.attributes["percent"] == 15.0 and held.sources == 1
    with pytest.raises(EdgeNotFound):
        graph.edge(store, "Ampere", "invests_in", "Nissan")


def test_denials_and_dates_of_the_merger_talk(store: Store) -> None:
    talk = graph.edge(store, "Nissan", "merges_with", "Honda", as_of=D(2024, 1, 11))
    assert (talk.status, talk.confidence) == ("proposed", 0.45)
    assert graph.edge(store, "Honda", "merges_with", "Nissan").status == "denied"


def test_valid_to_ends_and_valid_from_delays_an_asserted_edge(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "ag.db")) as s:
        Story("ceo.txt", D(2023, 1, 1), "Reuters", [entity("Makoto Uchida"), entity("Nissan")],
              [fact("Makoto Uchida", "leads", "Nissan", valid_from=D(2023, 4, 1),
                    valid_to=D(2025, 3, 31), title="CEO")]).add_to(s)
        statuses = [graph.edge(s, "Makoto Uchida", "leads", "Nissan", as_of=day).status
                    for day in (D(2023, 2, 1), D(2024, 1, 1), D(2025, 4, 1))]
    assert statuses == ["planned", "asserted", "ended"]


def test_confidence_grows_with_independent_sources_and_falls_with_hedging() -> None:
    def stated(article: str, outlet: str, status: str = "asserted") -> StoredFact:
        return StoredFact(id=1, article_id=article, doc=article, published=D(2023, 1, 1),
                          subject_id=1, subject="A", subject_type="ORG", type="owns_stake",
                          object_id=2, object="B", object_type="ORG", status=status,
                          confidence=0.9, sentence="", char_start=0, char_end=0, outlet=outlet)

    assert graph.confidence([stated("a", "Reuters")]) == 0.9
    assert graph.confidence([stated("a", "Reuters"), stated("b", "AFP")]) == 0.99
    assert graph.confidence([stated("a", "Reuters"), stated("b", "Reuters")]) == 0.945
    assert graph.confidence([stated("a", "Reuters"), stated("a", "Reuters")]) == 0.9
    assert graph.confidence([stated("a", "Reuters", "planned")]) == 0.72
    assert graph.confidence([stated("a", "Reuters", "proposed")]) == 0.45
    assert graph.confidence([stated("a", "Reuters", "denied")]) == 0.36


def test_show_gives_schema_graph_output(store: Store) -> None:
    data = graph.show(store, "Nissan Motor Co., Ltd.", as_of=D(2023, 12, 31)).to_dict()
    uid = data["entity"].pop("uid")
    assert uid.startswith("ag-") and uid == store.find_entity("Nissan").uid
    assert data["entity"] == {"name": "Nissan Motor", "type": "ORG", "aliases": [
        "Nissan Motor", "Nissan"], "qid": "Q20165", "ticker": "7201.T"}
    # one alias per key, the gazetteer's names among them; descriptions are not aliases
    assert data["as_of"] == "2023-12-31"
    [held] = [e for e in data["edges"] if e["subject"] == "Renault SA" and e["type"] == "owns_stake"]
    assert {"subject", "type", "object", "status", "percent", "amount", "currency", "title",
            "kind", "confidence", "first_seen", "last_seen", "sources", "history"} <= set(held)
    assert (held["percent"], held["first_seen"], held["last_seen"], held["sources"]) == (
        15.0, "2023-01-26", "2023-11-08", 4)
    assert held["history"][0] == {
        "date": "2023-01-26", "status": "asserted", "percent": 43.0, "amount": None,
        "currency": None, "title": None, "kind": None, "product": None, "doc": "jan.txt",
        "article_id": held["history"][0]["article_id"], "sentence": "Renault owns 43% of Nissan.",
        "attributed_to": "Reuters", "outlet": "Reuters", "confidence": 0.9,
        "subject": "Renault SA", "object": "Nissan Motor", "valid_from": None, "valid_to": None}
    assert json.loads(json.dumps(data)) == data
    types = [e["type"] for e in data["edges"]]
    assert types == sorted(types, key=["owns_stake", "invests_in", "acquires", "merges_with",
                                       "partners_with", "supplies", "subsidiary_of", "member_of",
                                       "leads", "based_in"].index)


def test_unknown_names_raise_entity_not_found(store: Store) -> None:
    with pytest.raises(EntityNotFound, match="no entity is named 'Renualt' in .*Did you mean: "
                                             "Renault SA"):
        graph.show(store, "Renualt")
    with pytest.raises(EntityNotFound):
        graph.edge(store, "Renault", "owns_stake", "Toyota")
    with pytest.raises(GraphError, match="'owns' is not a relation type"):
        graph.edge(store, "Renault", "owns", "Nissan")
    assert EntityNotFound.status == EdgeNotFound.status == 404


# --- timelines, changes, conflicts ------------------------------------------------------------

def test_timeline_tells_the_stake_story_oldest_first(store: Store) -> None:
    events = [e for e in graph.timeline(store, "Renault", as_of=D(2023, 12, 31))
              if e.type == "owns_stake" and e.subject == "Renault SA"]
    assert [(e.date, e.what, e.before, e.after, e.doc) for e in events] == [
        (D(2023, 1, 26), "new", None, "asserted", "jan.txt"),
        (D(2023, 2, 6), "pending", None, "planned", "feb.txt"),
        (D(2023, 11, 8), "percent", 43.0, 15.0, "nov.txt")]
    assert events[1].attributes == {"percent": 15.0} and events[1].sentence.startswith("Renault will")
    assert events[2].to_dict()["what"] == "percent"
    dates = [e.date for e in graph.timeline(store, "Renault")]
    assert dates == sorted(dates)


def test_changes_since_a_date_judge_against_the_whole_history(store: Store) -> None:
    found = graph.changes(store, since=D(2023, 11, 1), until=D(2023, 12, 31), entity="Nissan")
    assert [(c.kind, c.field, c.subject, c.before, c.after, c.doc) for c in found] == [
        ("attribute", "percent", "Renault SA", 43.0, 15.0, "nov.txt")]
    assert found[0].sentence == "Renault has completed the transfer, leaving it with 15% of Nissan."
    later = graph.changes(store, since=D(2024, 1, 1), entity="Honda")
    assert [(c.kind, c.field, c.before, c.after, c.date) for c in later] == [
        ("new", "edge", None, "proposed", D(2024, 1, 10)),
        ("status", "status", "proposed", "denied", D(2024, 1, 12))]
    everything = graph.changes(store, since=D(2000, 1, 1))
    assert {c.doc for c in everything} >= {"jan.txt", "geely.txt"}
    assert {(c.kind, c.after) for c in everything if c.doc == "geely.txt" and c.type == "partners_with"} == {
        ("status", "ended")}
    with pytest.raises(GraphError, match="--until 2023-01-01 is before --since 2024-01-01"):
        graph.changes(store, since=D(2024, 1, 1), until=D(2023, 1, 1))


def test_conflicts_show_both_sides_with_their_evidence(store: Store) -> None:
    found = graph.conflicts(store)
    assert [(c.subject, c.type, c.object, c.field) for c in found] == [
        ("Honda", "merges_with", "Nissan Motor", "status"),
        ("Renault SA", "owns_stake", "Nissan Motor", "percent")]
    denial, percents = found
    assert [(s.value, [i.doc for i in s.evidence]) for s in denial.sides] == [
        ("denied", ["denial.txt"]), ("proposed", ["talks.txt"])]
    assert [(s.value, [i.doc for i in s.evidence]) for s in percents.sides] == [
        (15.0, ["stake-a.txt"]), (18.0, ["stake-b.txt"])]
    assert graph.conflicts(store, entity="Honda") == [denial]
    assert graph.conflicts(store, entity="Honda", within_days=1) == []
    assert graph.conflicts(store, entity="Foxconn") == []  # a lone denial disagrees with no one


# --- many entities ------------------------------------------------------------------------------

def test_path_joins_companies_through_their_edges(store: Store) -> None:
    links = graph.path(store, "Volvo Cars", "Nissan")
    assert [(e.subject, e.type, e.object) for e in links] == [
        ("Volvo Cars", "subsidiary_of", "Geely"), ("Geely", "partners_with", "Renault SA"),
        ("Renault SA", "owns_stake", "Nissan Motor")]
    assert graph.path(store, "Volvo Cars", "Nissan", max_hops=2) == []
    assert graph.path(store, "Renault", "Renault") == []


def test_path_goes_through_no_denial_and_no_place_unless_asked(store: Store) -> None:
    assert graph.path(store, "Honda", "Renault") == []  # the merger talk was denied
    talks = graph.path(store, "Honda", "Renault", as_of=D(2024, 1, 11))
    assert [e.type for e in talks] == ["merges_with", "owns_stake"]
    assert graph.path(store, "Foxconn", "Peugeot") == []
    assert graph.path(store, "Renault", "Peugeot") == []
    assert [e.object for e in graph.path(store, "Renault", "Peugeot", via_places=True)] == [
        "France", "France"]


def test_search_finds_names_aliases_and_misspellings(store: Store) -> None:
    assert graph.search(store, "nisan")[0].entity.name == "Nissan Motor"
    assert graph.search(store, "French automaker") == []  # a description, not a name
    [first, *_] = graph.search(store, "Groupe Renault")
    assert (first.entity.name, first.matched, first.score) == ("Renault SA", "Groupe Renault", 100.0)
    assert graph.search(store, "Ren")[0].entity.name == "Renault SA"
    assert graph.search(store, "Ren")[0].edges == 7
    assert len(graph.search(store, "a", limit=2)) <= 2
    assert graph.search(store, "zzzzqqq") == []
    with pytest.raises(GraphError, match="has no letters or digits"):
        graph.search(store, "!!")


def test_search_sees_entities_added_after_it_ran(store: Store) -> None:
    assert graph.search(store, "Toyota") == []
    Story("toyota.txt", D(2024, 7, 1), "Reuters", [entity("Toyota"), entity("Nissan")],
          [fact("Toyota", "partners_with", "Nissan")]).add_to(store)
    assert [m.entity.name for m in graph.search(store, "Toyota")][:1] == ["Toyota"]


def test_neighbourhood_draws_the_centre_and_its_neighbours(store: Store) -> None:
    hood = graph.neighbourhood(store, "Renault", as_of=D(2023, 12, 31))
    assert hood.nodes[0].name == "Renault SA" and hood.nodes[1].name == "Nissan Motor"
    assert {n.name for n in hood.nodes} == {"Renault SA", "Nissan Motor", "France", "Luca de Meo",
                                            "Ampere", "Geely"}
    degree = {n.name: n.degree for n in hood.nodes}
    assert degree["Renault SA"] == 7 and degree["Luca de Meo"] == 1
    data = hood.to_dict()
    assert data["center"]["name"] == "Renault SA" and data["as_of"] == "2023-12-31"
    assert set(data["nodes"][0]) == {"name", "type", "degree"}
    assert all(len(e["history"]) == 1 for e in data["edges"])
    assert any(e["type"] == "invests_in" for e in data["edges"])  # Nissan -> Ampere, both shown
    small = graph.neighbourhood(store, "Renault", limit=2, as_of=D(2023, 12, 31))
    assert [n.name for n in small.nodes] == ["Renault SA", "Nissan Motor"]
    assert {e.type for e in small.edges} == {"owns_stake", "partners_with"}
    wide = graph.neighbourhood(store, "Volvo Cars", hops=2)
    assert {n.name for n in wide.nodes} == {"Volvo Cars", "Geely", "Renault SA"}


# --- merging entities ---------------------------------------------------------------------------

def test_merge_entities_moves_facts_and_survives_reingest(store: Store) -> None:
    Story("zgh.txt", D(2024, 7, 1), "Reuters", [entity("ZGH"),
                                                 entity("Volvo Cars")],
          [fact("ZGH", "owns_stake", "Volvo Cars", percent=79.0)]).add_to(store)
    before = store.stats()["entities"]
    kept = graph.merge_entities(store, "Geely", "ZGH")
    assert kept.name == "Geely" and "ZGH" in kept.aliases
    assert store.stats()["entities"] == before - 1
    assert graph.edge(store, "Geely", "owns_stake", "Volvo Cars").attributes["percent"] == 79.0
    Story("zgh2.txt", D(2024, 8, 1), "AFP", [entity("ZGH"),
                                              entity("Renault")],
          [fact("ZGH", "partners_with", "Renault")]).add_to(store)
    assert store.stats()["entities"] == before - 1
    assert graph.edge(store, "Renault", "partners_with", "Geely").sources == 3
    with pytest.raises(GraphError, match="are already one entity \\('Geely'\\)"):
        graph.merge_entities(store, "Geely", "ZGH")
    with pytest.raises(EntityNotFound):
        graph.merge_entities(store, "Geely", "Toyota")


def test_merging_drops_facts_that_would_join_an_entity_to_itself(store: Store) -> None:
    graph.merge_entities(store, "Geely", "Volvo Cars")
    assert [e.type for e in graph.show(store, "Geely").edges] == ["partners_with"]
    assert store.find_entity("Volvo Cars") == store.find_entity("Geely")


def test_an_alias_linking_two_stored_names_merges_them_whatever_the_order(
        store_url: str) -> None:
    with Store(store_url) as s:
        Story("a.txt", D(2024, 1, 1), "Reuters", [entity("Apple"), entity("US")],
              [fact("Apple", "based_in", "US")]).add_to(s)
        Story("b.txt", D(2024, 1, 2), "Reuters", [entity("Tesla"), entity("United States")],
              [fact("Tesla", "based_in", "United States")]).add_to(s)
        assert s.stats()["entities_by_type"]["PLACE"] == 2
        Story("c.txt", D(2024, 1, 3), "Reuters", [entity("Ford"), entity("US", "United States")],
              [fact("Ford", "based_in", "US")]).add_to(s)
        assert s.stats()["entities_by_type"]["PLACE"] == 1
        assert sorted(e.other(e.object_id)[1] for e in graph.show(s, "United States").edges) == [
            "Apple", "Ford", "Tesla"]


# --- the store under the graph ------------------------------------------------------------------

def test_a_version_1_store_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(str(path)) as s:
        STORIES[0].add_to(s)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # back to schema version 1
        back_to_version_2(conn)
        conn.execute(text("DROP TABLE entity_merges"))
        conn.execute(text("DROP INDEX ix_facts_subject_edge"))
        conn.execute(text("DROP INDEX ix_facts_object_edge"))
        conn.execute(text("CREATE INDEX ix_facts_subject_id ON facts (subject_id)"))
        conn.execute(text("CREATE INDEX ix_facts_object_id ON facts (object_id)"))
        conn.execute(text("UPDATE meta SET value = '1' WHERE key = 'schema_version'"))
    with open_store(str(path)) as s:
        assert stake(s, None).attributes["percent"] == 43.0
        graph.merge_entities(s, "Renault", "Luca de Meo")
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT value FROM meta")) == str(SCHEMA_VERSION)
        indexes = {i["name"] for i in inspect(conn).get_indexes("facts")}
        assert conn.scalar(text("SELECT merged_name FROM entity_merges")) == "Luca de Meo"
    engine.dispose()
    assert {"ix_facts_subject_edge", "ix_facts_object_edge"} <= indexes
    assert not indexes & {"ix_facts_subject_id", "ix_facts_object_id"}


def test_a_version_2_store_is_migrated_with_its_urls_normalised(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(str(path)) as s:
        STORIES[0].add_to(s)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        back_to_version_2(conn)
        conn.execute(text("UPDATE articles SET url = 'https://Wire.example/story/?utm_source=rss'"))
    with open_store(str(path)) as s:
        assert s.article_exists(content_hash="other", url="https://wire.example/story")
        assert len(s.article_history("https://wire.example/story")) == 1
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT value FROM meta")) == str(SCHEMA_VERSION)
    engine.dispose()


def test_graph_queries_read_through_the_edge_indexes(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "ag.db")) as s:
        build(s)
        renault = s.find_entity("Renault")
        assert renault is not None
        with s._engine.connect() as conn:
            plans = [" ".join(str(r[-1]) for r in conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN SELECT id FROM facts WHERE {where}", (renault.id,)))
                for where in ("subject_id = ? AND published <= '2023-12-31'",
                              "object_id = ? AND published <= '2023-12-31'")]
    assert "ix_facts_subject_edge" in plans[0] and "ix_facts_object_edge" in plans[1]


# --- the CLI --------------------------------------------------------------------------------------

@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as wide as a big terminal, so that their cells are not folded."""
    from alliancegraph import cli

    monkeypatch.setattr(cli.out, "width", 240)


def test_cli_show_as_json_and_as_tables(db: str, wide: None) -> None:
    result = runner.invoke(app, ["show", "Renault", "--as-of", "2023-12-31", "--db", db,
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["as_of"] == "2023-12-31"
    assert [e["percent"] for e in data["edges"]
            if e["type"] == "owns_stake" and e["subject"] == "Renault SA"] == [15.0]
    table = runner.invoke(app, ["show", "Renault", "--as-of", "2023-02-06", "--db", db])
    assert table.exit_code == 0
    assert "Renault SA (ORG) as of 2023-02-06: 6 edges" in table.output
    assert "43%" in table.output and "asserted; planned 15%" in table.output


def test_cli_graph_commands_answer_in_json(db: str) -> None:
    def run(*args: str) -> object:
        result = runner.invoke(app, [*args, "--db", db, "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    edge = run("edge", "Nissan", "partners_with", "Renault")
    assert edge["sources"] == 2 and len(edge["history"]) == 2
    events = run("timeline", "Renault", "--as-of", "2023-12-31")
    assert any(e["what"] == "percent" and e["after"] == 15.0 for e in events)
    changes = run("changes", "--since", "2023-11-01", "--until", "2023-12-31", "--entity", "Nissan")
    assert [(c["field"], c["before"], c["after"]) for c in changes] == [("percent", 43.0, 15.0)]
    assert [c["field"] for c in run("conflicts")] == ["status", "percent"]
    assert [e["type"] for e in run("path", "Volvo Cars", "Nissan")] == [
        "subsidiary_of", "partners_with", "owns_stake"]
    assert run("search", "nisan")[0]["name"] == "Nissan Motor"
    assert run("neighbourhood", "Renault", "--limit", "2")["nodes"][1]["name"] == "Nissan Motor"
    merged = run("merge-entities", "Geely", "Volvo Cars")
    assert merged["name"] == "Geely" and "Volvo Cars" in merged["aliases"]


def test_cli_tables_for_people(db: str, wide: None) -> None:
    for args, expected in ((["timeline", "Renault"], "percent: 43% → 15%"),
                           (["changes", "--since", "2024-01-01"], "status: proposed → denied"),
                           (["conflicts"], "2 conflicts"),
                           (["path", "Honda", "Renault"], "No connection between Honda and Renault"),
                           (["search", "Nissan"], "Nissan Motor"),
                           (["edge", "Renault", "owns_stake", "Nissan"], "stake-b.txt")):
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 0, result.output
        assert expected in result.output, (args, result.output)


def test_cli_errors_are_one_line_and_exit_1(db: str) -> None:
    cases = [
        (["show", "Renualt"], f"Error: no entity is named 'Renualt' in {db}. Did you mean: Renault SA"),
        (["show", "Renault", "--as-of", "2023-02-30"],
         "Error: --as-of '2023-02-30' is not a date in YYYY-MM-DD form (e.g. 2023-12-31)."),
        (["changes", "--since", "last week"],
         "Error: --since 'last week' is not a date in YYYY-MM-DD form (e.g. 2023-12-31)."),
        (["show", "Renault", "--format", "xml"], "Error: --format must be table or json, not 'xml'."),
        (["edge", "Renault", "owns_stake", "France"],
         "Error: no article says 'Renault SA owns_stake France'. See the edges of 'Renault SA' "
         "with: alliancegraph show 'Renault SA'"),
        (["merge-entities", "Renault", "Groupe Renault"],
         "Error: 'Renault' and 'Groupe Renault' are already one entity ('Renault SA'). "
         "Nothing to merge."),
    ]
    for args, line in cases:
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 1, (args, result.output)
        assert result.output.splitlines()[0].startswith(line), (args, result.output)
        assert len(result.output.splitlines()) == 1


def test_cli_merge_entities_prints_what_it_did(db: str) -> None:
    result = runner.invoke(app, ["merge-entities", "Geely", "Volvo Cars", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("'Volvo Cars' merged into Geely (ORG); aliases: Geely, Geely Automobile, "
                                    "Zhejiang Geely Holding, Geely Holding, Geely Auto, Volvo Cars")
    with open_store(db) as s:
        assert s.find_entity("Volvo Cars") == s.find_entity("Geely")


def test_every_graph_command_has_help() -> None:
    for command in ("show", "edge", "timeline", "changes", "conflicts", "path", "search",
                    "neighbourhood", "export", "merge-entities"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, command
