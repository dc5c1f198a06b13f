"""The store on real databases (SQLite file, and PostgreSQL when configured): no mocks."""
from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

import alliancegraph.store as store_pkg
from alliancegraph.errors import StoreError
from alliancegraph.records import Article, DocumentFacts, Entity, Evidence, Mention, RelationFact
from alliancegraph.store import Store, Stored, StoredEntity, name_key, open_store


def article(body: str, *, doc: str = "a.txt", published: dt.date | None = dt.date(2023, 1, 26),
            url: str | None = None) -> Article:
    digest = hashlib.sha256(body.encode()).hexdigest()
    return Article(id=digest[:16], source="test", doc=doc, published=published, title=doc,
                   outlet="Reuters", text=body, content_hash=digest, url=url)


def org(name: str, *aliases: str, type: str = "ORG") -> Entity:
    return Entity(id=f"e{abs(hash(name)) % 1000}", name=name, type=type, aliases=list(aliases),
                  mentions=[Mention(text=name, char_start=0, char_end=len(name))])


def fact(subject: str, type: str, obj: str, *, status: str = "asserted",
         **attributes: object) -> RelationFact:
    sentence = f"{subject} {type} {obj}."
    return RelationFact(subject=subject, type=type, object=obj, status=status,
                        evidence=Evidence(sentence=sentence, char_start=0, char_end=len(sentence)),
                        confidence=0.9, attributed_to="Reuters",
                        **attributes)  # type: ignore[arg-type]


def document(art: Article, entities: list[Entity], relations: list[RelationFact]) -> DocumentFacts:
    return DocumentFacts(doc=art.doc, date=art.published, title=art.title, source=art.source,
                         entities=entities, relations=relations)


def add(store: Store, body: str, entities: list[Entity], relations: list[RelationFact],
        **article_options: object) -> Stored:
    art = article(body, **article_options)  # type: ignore[arg-type]
    return store.add_document(art, document(art, entities, relations))


RENAULT_NISSAN = ([org("Renault SA", "the French automaker"), org("Nissan Motor Co., Ltd.")],
                  [fact("Renault SA", "owns_stake", "Nissan Motor Co., Ltd.", percent=43.0)])


def entity(store: Store, name: str, *, entity_type: str | None = None) -> StoredEntity:
    found = store.find_entity(name, entity_type=entity_type)
    assert found is not None, f"no entity {name!r}"
    return found


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened


def test_exports() -> None:
    assert set(store_pkg.__all__) == {n for n in dir(store_pkg) if not n.startswith("_")} - {
        "annotations"}
    for name in store_pkg.__all__:
        assert getattr(store_pkg, name) is not None


def test_add_and_read_back(store: Store) -> None:
    assert add(store, "Renault owns 43% of Nissan.", *RENAULT_NISSAN, url="https://x/1")
    [stored] = store.articles()
    assert (stored.doc, stored.published, stored.outlet, stored.url, stored.fact_count) == (
        "a.txt", dt.date(2023, 1, 26), "Reuters", "https://x/1", 1)
    renault = entity(store, "renault")
    assert renault == StoredEntity(id=renault.id, name="Renault SA", type="ORG",
                                   aliases=("Renault SA", "Renault Group", "Groupe Renault"),
                                   uid=renault.uid, qid="Q6686", ticker="RNO.PA")
    assert renault.uid and renault.uid.startswith("ag-")
    assert store.find_entity("The French Automaker") is None
    assert store.descriptors(renault.id) == [("a.txt", "the French automaker")]
    [f] = store.facts_about(renault.id)
    assert (f.subject, f.type, f.object, f.status) == (
        "Renault SA", "owns_stake", "Nissan Motor Co., Ltd.", "asserted")
    assert f.attributes() == {"percent": 43.0}
    assert (f.confidence, f.attributed_to, f.doc, f.published) == (
        0.9, "Reuters", "a.txt", dt.date(2023, 1, 26))
    assert f.sentence == "Renault SA owns_stake Nissan Motor Co., Ltd.."
    assert store.facts_about(entity(store, "Nissan Motor").id) == [f]
    assert store.find_entity("Mitsubishi") is None


def test_data_survives_reopening(store_url: str) -> None:
    with Store(store_url) as first:
        add(first, "Renault owns 43% of Nissan.", *RENAULT_NISSAN)
    with Store(store_url) as second:
        assert second.stats()["facts"] == 1


def test_readding_the_same_article_adds_nothing(store: Store) -> None:
    assert add(store, "Renault owns 43% of Nissan.", *RENAULT_NISSAN).outcome == "new"
    before = store.stats()
    again = add(store, "Renault owns 43% of Nissan.", *RENAULT_NISSAN, doc="copy.txt")
    assert (again.outcome, again.doc) == ("duplicate", "a.txt")
    assert store.stats() == before
    assert [a.doc for a in store.articles()] == ["a.txt"]


def test_same_url_with_other_text_is_a_new_version(store: Store) -> None:
    first = add(store, "First version.", *RENAULT_NISSAN, url="https://x/1")
    assert store.article_exists(content_hash="other", url="https://x/1/")
    assert not store.article_exists(content_hash="other", url="https://x/2")
    corrected = add(store, "Corrected version.", *RENAULT_NISSAN, url="https://X/1#top")
    assert (corrected.outcome, corrected.id) == ("updated", first.id)
    assert store.stats()["articles"] == 1 and store.stats()["facts"] == 1
    assert [v.text for v in store.article_history("https://x/1")] == ["First version.", "Corrected version."]
    assert add(store, "First version.", *RENAULT_NISSAN, url="https://x/1").outcome == "duplicate"


def test_entities_merge_across_documents_by_name(store: Store) -> None:
    add(store, "one", *RENAULT_NISSAN)
    add(store, "two", [org("Renault", "Groupe Renault"), org("Nissan Motor")],
        [fact("Renault", "partners_with", "Nissan Motor", kind="alliance")], doc="b.txt")
    assert store.stats()["entities"] == 2
    renault = entity(store, "Renault S.A.")
    assert renault.name == "Renault SA"
    assert renault.aliases == ("Renault SA", "Renault Group", "Groupe Renault")
    assert [f.type for f in store.facts_about(renault.id)] == ["owns_stake", "partners_with"]


def test_entities_merge_by_alias_both_ways(store: Store) -> None:
    add(store, "one", [org("Nissan Motor", "Nissan"), org("Renault")],
        [fact("Renault", "owns_stake", "Nissan Motor")])
    add(store, "two", [org("Nissan"), org("Renault")], [fact("Nissan", "owns_stake", "Renault")],
        doc="b.txt")
    add(store, "three", [org("Mitsubishi Motors"), org("Renault Group", "Renault")],
        [], doc="c.txt")
    assert store.stats()["entities"] == 3  # Nissan Motor, Renault, Mitsubishi Motors
    nissan = entity(store, "Nissan")
    assert nissan.name == "Nissan Motor"
    assert len(store.facts_about(nissan.id)) == 2
    assert "Renault Group" in entity(store, "Renault").aliases


def test_an_alias_shared_by_two_entities_merges_with_neither(store: Store) -> None:
    add(store, "one", [org("Acme Motor", "Acme"), org("Acme Chemical", "Acme")], [])
    add(store, "two", [org("Acme"), org("Acme Motor Corp", "Acme Motor")],
        [fact("Acme", "partners_with", "Acme Motor Corp")], doc="b.txt")
    assert store.stats()["entities"] == 3
    [f] = store.facts_about(entity(store, "Acme Motor").id)
    assert (f.subject, f.object) == ("Acme", "Acme Motor")


def test_same_name_of_another_type_is_another_entity(store: Store) -> None:
    add(store, "one", [org("Jordan", type="PLACE"), org("Jordan", type="PERSON"), org("Acme")],
        [RelationFact(subject="Jordan", type="leads", object="Acme", status="asserted",
                      evidence=Evidence("Jordan leads Acme.", 0, 18), subject_type="PERSON")])
    assert store.stats()["entities_by_type"] == {"ORG": 1, "PERSON": 1, "PLACE": 1}
    assert entity(store, "Jordan").type == "PERSON"  # ORG, then PERSON, then PLACE
    assert entity(store, "Jordan", entity_type="PLACE").type == "PLACE"
    [f] = store.facts_about(entity(store, "Acme").id)
    assert (f.subject, f.subject_type) == ("Jordan", "PERSON")


def test_a_fact_about_an_unknown_entity_stores_nothing(store: Store) -> None:
    add(store, "one", *RENAULT_NISSAN)
    before = store.stats()
    with pytest.raises(StoreError, match=r"b\.txt: relation 'Renault owns_stake Geely' names "
                                         r"'Geely', which is not among the document's entities"):
        add(store, "two", [org("Renault"), org("Mitsubishi Motors")],
            [fact("Renault", "owns_stake", "Geely")], doc="b.txt")
    assert store.stats() == before
    assert store.find_entity("Mitsubishi Motors") is None
    assert entity(store, "Renault").aliases == ("Renault SA", "Renault Group", "Groupe Renault")
    assert not store.article_exists(content_hash=article("two").content_hash, url=None)
    assert add(store, "two", [org("Renault"), org("Geely")],
               [fact("Renault", "owns_stake", "Geely")], doc="b.txt")


def test_a_database_error_rolls_back_the_whole_document(store: Store) -> None:
    add(store, "one", *RENAULT_NISSAN)
    before = store.stats()
    broken = Entity(id="e9", name="Geely", type="ORG",
                    mentions=[Mention("Geely", None, None)])  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="storing b.txt failed"):
        add(store, "two", [org("Volvo Cars"), broken], [], doc="b.txt")
    assert store.stats() == before
    assert store.find_entity("Volvo Cars") is None


@pytest.mark.parametrize("bad", [{"type": "likes"}, {"status": "rumoured"}])
def test_a_relation_outside_the_schema_is_refused(store: Store, bad: dict[str, str]) -> None:
    relation = fact("Renault SA", "owns_stake", "Nissan Motor Co., Ltd.")
    for key, value in bad.items():
        setattr(relation, key, value)
    with pytest.raises(StoreError, match="schema.md allows"):
        add(store, "one", RENAULT_NISSAN[0], [relation])
    assert store.stats()["articles"] == 0


def test_facts_about_as_of(store: Store) -> None:
    entities = [org("Renault"), org("Nissan")]
    add(store, "jan", entities, [fact("Renault", "owns_stake", "Nissan", percent=43.0)],
        doc="jan.txt", published=dt.date(2023, 1, 26))
    add(store, "nov", entities, [fact("Renault", "owns_stake", "Nissan", percent=15.0)],
        doc="nov.txt", published=dt.date(2023, 11, 8))
    add(store, "undated", entities, [fact("Nissan", "partners_with", "Renault")],
        doc="undated.txt", published=None)
    renault = entity(store, "Renault").id
    assert [f.doc for f in store.facts_about(renault)] == ["jan.txt", "nov.txt", "undated.txt"]
    assert [f.percent for f in store.facts_about(renault, as_of=dt.date(2023, 11, 7))] == [43.0]
    assert [f.doc for f in store.facts_about(renault, as_of=dt.date(2023, 11, 8))] == [
        "jan.txt", "nov.txt"]
    assert store.facts_about(renault, as_of=dt.date(2022, 12, 31)) == []
    assert [a.doc for a in store.articles()] == ["jan.txt", "nov.txt", "undated.txt"]
    assert [a.doc for a in store.articles(limit=1)] == ["jan.txt"]


def test_stats_counts(store: Store) -> None:
    assert store.stats() == {"articles": 0, "entities": 0, "entities_by_type": {}, "facts": 0,
                             "facts_by_type": {}, "facts_by_status": {}}
    add(store, "one", *RENAULT_NISSAN)
    add(store, "two", [org("Renault"), org("Nissan Motor"), org("Luca de Meo", type="PERSON"),
                       org("France", type="PLACE")],
        [fact("Luca de Meo", "leads", "Renault", title="CEO"),
         fact("Renault", "based_in", "France"),
         fact("Renault", "owns_stake", "Nissan Motor", status="planned")], doc="b.txt")
    assert store.stats() == {
        "articles": 2, "entities": 4,
        "entities_by_type": {"ORG": 2, "PERSON": 1, "PLACE": 1},
        "facts": 4, "facts_by_type": {"based_in": 1, "leads": 1, "owns_stake": 2},
        "facts_by_status": {"asserted": 3, "planned": 1}}


def test_a_newer_schema_is_refused(store_url: str) -> None:
    Store(store_url).close()
    engine = create_engine(store_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    engine.dispose()
    with pytest.raises(StoreError, match="schema version 99, newer than this alliancegraph "
                                         rf"understands \({store_pkg.SCHEMA_VERSION}\)\. Upgrade"):
        Store(store_url)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are notes, not a database.\n" * 200)
    with pytest.raises(StoreError, match=f"{path} is not a SQLite database"):
        open_store(str(path))


def test_a_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE articles (slug TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="has a table 'articles' that alliancegraph did not"):
        open_store(str(path))


def test_a_missing_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=f"cannot open {tmp_path}/no/such/dir/ag.db"):
        open_store(str(tmp_path / "no" / "such" / "dir" / "ag.db"))


def test_not_a_url() -> None:
    with pytest.raises(StoreError, match="is not a database URL"):
        Store("ag.db")
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        Store("mysql://localhost/ag")


def test_open_store_resolves_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALLIANCEGRAPH_DB", raising=False)
    assert store_pkg.database_url(None) == f"sqlite:///{tmp_path}/alliancegraph.db"
    assert store_pkg.database_url("x/y.db") == f"sqlite:///{tmp_path}/x/y.db"
    assert store_pkg.database_url("postgresql://h/db") == "postgresql://h/db"
    monkeypatch.setenv("ALLIANCEGRAPH_DB", "env.db")
    assert store_pkg.database_url(None) == f"sqlite:///{tmp_path}/env.db"
    with open_store(None) as opened:
        assert opened.where == str(tmp_path / "env.db")
    assert (tmp_path / "env.db").exists()


def test_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "ag.db")) as opened:
        with opened._engine.connect() as conn:  # the pragmas are per connection
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize("name, key", [
    ("Renault SA", "renault"),
    ("Renault S.A.", "renault"),
    ("Toyota Motor Corp.", "toyota motor"),
    ("Nissan Motor Co., Ltd.", "nissan motor"),
    ("AT&T Inc", "at t"),
    ("AT&T", "at t"),
    ("JPMorgan Chase & Co.", "jpmorgan chase"),
    ("The Coca-Cola Company", "coca cola"),
    ("Volkswagen AG", "volkswagen"),
    ("Airbus SE", "airbus"),
    ("Stellantis N.V.", "stellantis"),
    ("Robert Bosch GmbH", "robert bosch"),
    ("HSBC Holdings plc", "hsbc holdings"),
    ("SoftBank Group Corp", "softbank group"),
    ("McDonald's", "mcdonalds"),
    ("Mercedes-Benz", "mercedes benz"),
    ("Citroën", "citroen"),
    ("  the  French automaker ", "french automaker"),
    ("Renault–Nissan–Mitsubishi Alliance", "renault nissan mitsubishi alliance"),
    ("Co", "co"),
    ("The", "the"),
    ("!!!", ""),
])
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


@given(st.text())
def test_name_key_is_idempotent(name: str) -> None:
    assert name_key(name_key(name)) == name_key(name)


@given(st.text(), st.sampled_from([" Inc.", ", Ltd", " Co., Ltd.", " S.A.", " plc"]))
def test_name_key_ignores_a_legal_suffix(name: str, suffix: str) -> None:
    if name_key(name):
        assert name_key(name + suffix) == name_key(name)


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126)))
def test_name_key_ignores_case_and_spacing(name: str) -> None:
    assert name_key(name.upper()) == name_key(name.lower()) == name_key(f" {name}  ")
