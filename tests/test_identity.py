"""Issue 12: one company, one node. Descriptions are evidence, not names; the same company met
under shorter, longer or mistyped names is one entity; near-duplicate articles count once."""
from __future__ import annotations

from collections import Counter

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import create_engine, text

from alliancegraph import graph
from alliancegraph.errors import EntityNotFound
from alliancegraph.extract import Extractor
from alliancegraph.jobs import ingest
from alliancegraph.names import core_key, is_descriptor, name_key
from alliancegraph.records import Article, DocumentFacts, Entity, Evidence, Mention, RelationFact
from alliancegraph.store import SCHEMA_VERSION, Store, Stored, open_store
from old_stores import back_to_version_2, back_to_version_3
from test_make_corpus import make_corpus  # noqa: F401 (a fixture)

BODY = ("{a} agreed on Monday to buy a stake in {b}, the companies said in a joint statement "
        "issued in Tokyo, adding that regulators in several countries still had to approve the deal "
        "and that the two sides expected to close it before the end of the financial year. Analysts "
        "said the purchase would give {a} access to new markets in Asia and Europe, where demand for "
        "its products has grown quickly since the pandemic ended and supply chains recovered.")


def _article(body: str, doc: str, *, outlet: str = "Reuters", title: str | None = None,
             url: str | None = None) -> Article:
    digest = hashlib.sha256(body.encode()).hexdigest()
    return Article(id=digest[:16], source=doc, doc=doc, published=dt.date(2024, 1, 10),
                   title=title or doc, outlet=outlet, text=body, content_hash=digest, url=url)


def _entity(name: str, *aliases: str, type: str = "ORG", mentions: int = 1) -> Entity:
    return Entity(id=name, name=name, type=type, aliases=[name, *aliases],
                  mentions=[Mention(name, 0, len(name))] * mentions)


def _fact(subject: str, type: str, obj: str) -> RelationFact:
    return RelationFact(subject=subject, type=type, object=obj, status="asserted",
                        evidence=Evidence(f"{subject} {type} {obj}.", 0, 10), confidence=0.9)


def _add(store: Store, doc: str, entities: list[Entity], facts: list[RelationFact] = (),  # type: ignore[assignment]
         *, body: str | None = None, outlet: str = "Reuters", title: str | None = None,
         url: str | None = None) -> Stored:
    art = _article(body or f"{doc}: {' '.join(e.name for e in entities)}", doc, outlet=outlet, title=title, url=url)
    return store.add_document(art, DocumentFacts(doc=doc, date=art.published, title=art.title,
                                                 source=doc, entities=entities, relations=list(facts)))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened


# --- two kinds of alias ---------------------------------------------------------------------

@pytest.mark.parametrize("alias", ["the company", "the group", "its parent", "the Japanese automaker",
                                   "The Yokohama-based company", "the iPhone maker", "Group",
                                   "Renault's electric-vehicle arm", "US chipmaker Qualcomm",
                                   "the electric-vehicle and software company", "their alliance", "the government",
                                   "the Saudi group", "Japan's Industry Ministry"])
def test_descriptions_are_descriptors(alias: str) -> None:
    assert is_descriptor(alias)


@pytest.mark.parametrize("alias", ["Nissan Motor", "Bank of America", "Luca de Meo", "eBay", "3M",
                                   "The Walt Disney Company", "McDonald's", "AT&T", "Saudi Aramco",
                                   "Renault-Nissan-Mitsubishi Alliance", "NTT", "French", "a16z",
                                   "Monte dei Paschi di Siena", "Dr. Ing. h.c. F. Porsche", "Etisalat by e&",
                                   "Committee on Foreign Investment in the United States", "French state",
                                   "German government"])
def test_names_are_not_descriptors(alias: str) -> None:
    assert not is_descriptor(alias)


def test_descriptions_stay_with_their_article_and_are_never_search_keys(store: Store) -> None:
    _add(store, "a", [_entity("Broadcom", "the company", "the iPhone maker"), _entity("VMware", "the company")],
         [_fact("Broadcom", "acquires", "VMware")])
    _add(store, "b", [_entity("Nissan", "the company", "the group", "the holding company")])
    _add(store, "c", [_entity("Aramco", "Saudi Aramco", "the group")])
    for entity in ("Broadcom", "VMware", "Nissan", "Aramco"):
        found = store.find_entity(entity)
        assert found is not None and not [a for a in found.aliases if is_descriptor(a)], found
    _add(store, "d", [_entity("Bethesda Softworks"), _entity("Southeast Asia", type="PLACE")])
    for generic in ("the company", "the group", "The Company", "its parent"):
        assert graph.search(store, generic) == [], generic
    with pytest.raises(EntityNotFound):
        graph.show(store, "the company")
    broadcom = store.find_entity("Broadcom")
    assert broadcom is not None
    assert store.descriptors(broadcom.id) == [("a", "the company"), ("a", "the iPhone maker")]
    assert store.find_entity("Saudi Aramco") == store.find_entity("Aramco")


def test_a_company_only_described_is_an_entity_of_its_article_alone(store: Store) -> None:
    _add(store, "a", [_entity("Honda"), _entity("the consortium")], [_fact("Honda", "member_of", "the consortium")])
    _add(store, "b", [_entity("Toyota"), _entity("the consortium")], [_fact("Toyota", "member_of", "the consortium")])
    assert store.stats()["entities"] == 4
    assert graph.search(store, "consortium") == []


def _stored_names(url: str) -> list[tuple[str, str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [(n, t) for n, t in conn.execute(text("SELECT name, type FROM entities ORDER BY id"))]
    finally:
        engine.dispose()


def _assert_every_stored_name_is_found(store: Store, url: str) -> list[tuple[str, str]]:
    """Every entity name the store lists finds an entity so named with `find_entity` (also with
    its type) and `show`, but a description several articles use for different parties ("News"
    in two articles), which finds none; RETURNS the (name, type) pairs checked."""
    names = _stored_names(url)
    counts = Counter(name_key(name) for name, _ in names)
    for name, entity_type in names:
        if is_descriptor(name) and counts[name_key(name)] > 1:
            assert store.find_entity(name) is None, name
            continue
        for found in (store.find_entity(name), store.find_entity(name, entity_type=entity_type),
                      graph.show(store, name).entity):
            assert found is not None and name_key(name) in {name_key(n) for n in (found.name, *found.aliases)}, \
                (name, entity_type, found)
    return names


def test_every_stored_name_finds_its_entity(store: Store, store_url: str) -> None:
    _add(store, "a", [_entity("Quinul Energy Corp board"), _entity("Quinul Energy")],
         [_fact("Quinul Energy Corp board", "partners_with", "Quinul Energy")])
    _add(store, "b", [_entity("News"), _entity("Zhoushan island", type="PLACE"), _entity("Honda", "Honda Motor")],
         [_fact("Honda", "partners_with", "News")])
    _add(store, "c", [_entity("News"), _entity("Group", "Lotte Chemical"), _entity("Seven & i", "Seven & I")],
         [_fact("Group", "partners_with", "News")])
    _add(store, "d", [_entity("Zhoushan island", type="PLACE"), _entity("Honda Motor Co"), _entity("Deal", type="PERSON")])
    names = _assert_every_stored_name_is_found(store, store_url)
    assert sum(name == "News" for name, _ in names) == 2  # one entity per article that only describes it
    shown = graph.show(store, "Quinul Energy Corp board")  # described by one article only
    assert [e.other(shown.entity.id)[1] for e in shown.edges] == ["Quinul Energy"]


def test_check_finds_entities_their_names_do_not_find_and_repair_rekeys_them(store: Store, store_url: str) -> None:
    _add(store, "a", [_entity("Honda"), _entity("News")], [_fact("Honda", "partners_with", "News")])
    _add(store, "b", [_entity("Breaking News"), _entity("Toyota")], [_fact("Toyota", "partners_with", "Breaking News")])
    engine = create_engine(store_url)
    with engine.begin() as conn:  # names replaced behind their keys' back
        conn.execute(text("UPDATE entities SET name = 'Honda Giken' WHERE name = 'Honda'"))
        conn.execute(text("UPDATE entities SET name = :n WHERE name = 'News'"), {"n": "Breaking\u202e News"})
    engine.dispose()
    kinds = [p.kind for p in store.check()]
    assert "entities whose key is not their name's (show cannot find them by name)" in kinds, kinds
    store.check(repair=True)
    assert store.check() == []
    names = _assert_every_stored_name_is_found(store, store_url)
    assert sorted(names) == [("Breaking News", "ORG"), ("Breaking News", "ORG"), ("Honda Giken", "ORG"), ("Toyota", "ORG")]


@pytest.mark.model
def test_every_name_stored_from_a_generated_corpus_finds_its_entity(
        make_corpus: ModuleType, extractor: Extractor, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    list(make_corpus.write_corpus(corpus, 30, seed=0, pool=make_corpus.templates()))
    url = f"sqlite:///{tmp_path}/ag.db"
    with open_store(url) as store:
        assert ingest([corpus], store=store, extractor=extractor).new == 30
        names = _assert_every_stored_name_is_found(store, url)
    assert any(is_descriptor(name) for name, _ in names)  # the corpus has entities it only describes
def test_a_generic_name_gives_way_to_the_name_the_article_gives(store: Store) -> None:
    _add(store, "a", [_entity("Group", "Lotte Chemical"), _entity("Sumitomo")],
         [_fact("Group", "partners_with", "Sumitomo")])
    lotte = store.find_entity("Lotte Chemical")
    assert lotte is not None and lotte.name == "Lotte Chemical" and lotte.aliases == ("Lotte Chemical",)
    assert store.find_entity("Group") is None
    [f] = store.facts_about(lotte.id)
    assert (f.subject, f.object) == ("Lotte Chemical", "Sumitomo")


def test_a_person_keeps_the_full_name(store: Store) -> None:
    _add(store, "a", [_entity("Stan", "Stan Deal", type="PERSON"), _entity("Boeing")],
         [RelationFact(subject="Stan", type="leads", object="Boeing", status="asserted",
                       evidence=Evidence("Stan Deal leads Boeing's commercial unit.", 0, 10))])
    person = store.find_entity("Stan Deal")
    assert person is not None and (person.name, person.type) == ("Stan Deal", "PERSON")
    assert store.find_entity("Stan") is None or store.find_entity("Stan") == person


@pytest.mark.parametrize("version", [2, 3])
def test_a_version_2_or_3_store_loses_its_descriptor_aliases(tmp_path, version: int) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.db"
    with open_store(str(path)) as s:
        _add(s, "a", [_entity("Renault", "Groupe Renault"), _entity("Nissan")], [_fact("Renault", "owns_stake", "Nissan")])
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # back to an older schema, with the aliases it kept
        renault = conn.scalar(text("SELECT id FROM entities WHERE name = 'Renault'"))
        for alias in ("the French automaker", "the group"):
            conn.execute(text("INSERT INTO aliases (entity_id, alias, key) VALUES (:i, :a, :k)"),
                         {"i": renault, "a": alias, "k": name_key(alias)})
        for name, alias in (("Group", "Lotte Chemical"), ("the consortium", None)):  # named by a description
            conn.execute(text("INSERT INTO entities (name, type, key) VALUES (:n, 'ORG', :k)"),
                         {"n": name, "k": name_key(name)})
            added = conn.scalar(text("SELECT max(id) FROM entities"))
            for text_ in (name, alias):
                if text_:
                    conn.execute(text("INSERT INTO aliases (entity_id, alias, key) VALUES (:i, :a, :k)"),
                                 {"i": added, "a": text_, "k": name_key(text_)})
        (back_to_version_2 if version == 2 else back_to_version_3)(conn)
    engine.dispose()
    with open_store(str(path)) as s:
        found = s.find_entity("Renault")
        assert found is not None
        assert found.aliases == ("Renault", "Groupe Renault", "Renault Group")
        assert found.uid and found.qid == "Q6686"
        assert graph.search(s, "the group") == []
        assert s.stats()["facts"] == 1
        lotte = s.find_entity("Lotte Chemical")
        assert lotte is not None and lotte.name == "Lotte Chemical" and lotte.aliases == ("Lotte Chemical",)
        assert s.find_entity("Group") is None
        consortium = s.find_entity("the consortium")  # an entity of its own, found by its name alone
        assert consortium is not None and (consortium.name, consortium.aliases) == ("the consortium", ())
        _, aliases = s.alias_index()
        assert not [alias for _, alias, _ in aliases if is_descriptor(alias)]
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT value FROM meta")) == str(SCHEMA_VERSION)
    engine.dispose()


# --- identity across articles ---------------------------------------------------------------

def test_core_key_drops_a_corporate_tail() -> None:
    assert core_key(name_key("Fonterra Co-operative Group")) == "fonterra"
    assert core_key(name_key("Showa Denko K. K.")) == "showa denko"
    assert core_key(name_key("MTD Products")) == "mtd"
    assert core_key(name_key("Toyota Industries")) == "toyota industries"


@pytest.mark.parametrize(("short", "short_type", "long"), [
    ("Fonterra", "PERSON", "Fonterra Co-operative Group"),
    ("Showa Denko", "PERSON", "Showa Denko K. K."),
    ("MTD", "ORG", "MTD Products"),
    ("Geely", "ORG", "Zhejiang Geely Holding Group"),
])
@pytest.mark.parametrize("short_first", [True, False])
def test_shorter_and_longer_forms_of_a_company_are_one_entity(store: Store, short: str, short_type: str,
                                                              long: str, short_first: bool) -> None:
    docs = [("a", [_entity(short, type=short_type), _entity("Acme")],
             [_fact(short, "partners_with", "Acme")] if short_type == "ORG" else []),
            ("b", [_entity(long, mentions=2), _entity("Globex")], [_fact(long, "acquires", "Globex")])]
    for doc, entities, facts in docs if short_first else docs[::-1]:
        _add(store, doc, entities, facts)
    one = store.find_entity(short)
    assert one is not None and one == store.find_entity(long)
    assert one.type == "ORG"
    assert store.stats()["entities_by_type"] == {"ORG": 3}


def test_homographs_and_sister_companies_stay_apart(store: Store) -> None:
    _add(store, "a", [_entity("Toyota"), _entity("Toyota Industries")])
    _add(store, "b", [_entity("Mitsubishi Motors"), _entity("Mitsubishi Chemical")])
    _add(store, "c", [_entity("Mitsubishi")])
    assert store.stats()["entities"] == 5


def test_a_type_is_settled_by_votes_not_by_the_first_article(store: Store) -> None:
    _add(store, "a", [_entity("Kumba", type="PERSON")])
    assert store.find_entity("Kumba").type == "PERSON"  # type: ignore[union-attr]
    _add(store, "b", [_entity("Kumba", mentions=2), _entity("Anglo American")],
         [_fact("Anglo American", "owns_stake", "Kumba")])
    _add(store, "c", [_entity("Kumba"), _entity("Exxaro")], [_fact("Exxaro", "partners_with", "Kumba")])
    [kumba] = [m.entity for m in graph.search(store, "Kumba") if m.entity.name == "Kumba"]
    assert kumba.type == "ORG"
    assert len(store.facts_about(kumba.id)) == 2
    assert store.stats()["entities_by_type"] == {"ORG": 3}


def test_a_place_is_never_joined_with_a_person(store: Store) -> None:
    _add(store, "a", [_entity("Jordan", type="PLACE")])
    _add(store, "b", [_entity("Jordan", type="PERSON")])
    assert store.stats()["entities_by_type"] == {"PERSON": 1, "PLACE": 1}


def test_merging_never_leaves_a_fact_from_an_entity_to_itself(store: Store) -> None:
    _add(store, "a", [_entity("Renault"), _entity("Ampere")], [_fact("Renault", "owns_stake", "Ampere")])
    graph.merge_entities(store, "Renault", "Ampere")
    renault = store.find_entity("Renault")
    assert renault is not None and store.facts_about(renault.id) == []
    _add(store, "b", [_entity("Renault"), _entity("Ampere"), _entity("Nissan")],
         [_fact("Renault", "invests_in", "Ampere"), _fact("Nissan", "invests_in", "Ampere")])
    facts = store.facts_about(renault.id)
    assert [(f.subject, f.object) for f in facts] == [("Nissan", "Renault")]


# --- near-duplicate articles ----------------------------------------------------------------

def _edges(store: Store) -> dict[tuple[str, str, str], tuple[float, int]]:
    view = graph.show(store, "Sony")
    return {(e.subject, e.type, e.object): (e.confidence, e.sources) for e in view.edges}


def test_a_retold_story_is_linked_and_adds_no_source(store: Store) -> None:
    story = BODY.format(a="Sony", b="Kadokawa")
    parties = [_entity("Sony"), _entity("Kadokawa")]
    first_id = _add(store, "first.txt", parties, [_fact("Sony", "owns_stake", "Kadokawa")], body=story).id
    before = _edges(store)
    assert _add(store, "headline.txt", parties, [], body=story, title="Sony to buy into Kadokawa").outcome == "duplicate"
    copies = [("retitled.txt", story + " (Reporting by Reuters.)", "Reuters", "Sony to take stake in Kadokawa"),
              ("wire.txt", "By Kyodo News\n\n" + story, "Kyodo", None),
              ("edited.txt", story.replace("on Monday", "late on Monday"), "Reuters", None)]
    for doc, body, outlet, title in copies:
        stored = _add(store, doc, parties, [_fact("Sony", "owns_stake", "Kadokawa")], body=body, outlet=outlet,
                      title=title)
        assert (stored.outcome, stored.linked_to) == ("new", first_id)
    assert _edges(store) == before
    [first] = [a for a in store.articles() if a.doc == "first.txt"]
    assert [store.original_of(a.id) for a in store.articles() if a.doc != "first.txt"] == [first.id] * 3
    assert store.original_of(first.id) is None
    assert store.stats()["articles"] == 4


def test_a_correction_replaces_its_facts_and_is_no_near_duplicate_of_itself(store: Store) -> None:
    story = BODY.format(a="Sony", b="Kadokawa")
    parties = [_entity("Sony"), _entity("Kadokawa")]
    first = _add(store, "first.txt", parties, [_fact("Sony", "owns_stake", "Kadokawa")], body=story,
                 url="https://wire.example/sony")
    corrected = _add(store, "corrected.txt", parties, [_fact("Sony", "partners_with", "Kadokawa")],
                     body=story.replace("buy a stake in", "work with"), url="https://Wire.example/sony/")
    assert (corrected.outcome, corrected.id, corrected.linked_to) == ("updated", first.id, None)
    assert [type for _, type, _ in _edges(store)] == ["partners_with"]
    assert store.original_of(first.id) is None
    copy = _add(store, "wire.txt", parties, [_fact("Sony", "partners_with", "Kadokawa")],
                body="By Kyodo News\n\n" + story.replace("buy a stake in", "work with"), outlet="Kyodo")
    assert (copy.outcome, copy.linked_to) == ("new", first.id)
    assert [sources for _, sources in _edges(store).values()] == [1]


def test_another_story_about_the_same_companies_is_another_source(store: Store) -> None:
    _add(store, "a.txt", [_entity("Sony"), _entity("Kadokawa")], [_fact("Sony", "owns_stake", "Kadokawa")],
         body=BODY.format(a="Sony", b="Kadokawa"))
    other = ("Kadokawa shares jumped 20 percent in Tokyo trading on Tuesday after Sony confirmed it had "
             "taken a stake in the publisher of Elden Ring, with traders betting that the electronics "
             "group could eventually bid for the whole company and its film, book and game businesses, "
             "which analysts value at more than a trillion yen in total.")
    _add(store, "b.txt", [_entity("Sony"), _entity("Kadokawa")], [_fact("Sony", "owns_stake", "Kadokawa")],
         body=other, outlet="Nikkei")
    [(confidence, sources)] = _edges(store).values()
    assert sources == 2 and confidence > 0.9
    assert all(store.original_of(a.id) is None for a in store.articles())


@pytest.mark.model
def test_reingesting_under_new_names_or_outlets_leaves_confidence_as_it_was(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from alliancegraph import jobs
    from alliancegraph.extract import Extractor

    sample = sorted(Path(__file__).resolve().parents[1].joinpath("data", "sample").glob("00[1-3]_*.txt"))
    reader = Extractor(reader="rules")
    copies = tmp_path / "copies"
    copies.mkdir()
    for path in sample:
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[2] = "A new headline: " + lines[2]
        lines[4] = "By Syndicated Wire"
        lines.append("(Distributed by Syndicated Wire to its subscribers.)")
        (copies / f"copy-{path.name}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(str(tmp_path / "ag.db")) as store:
        first = jobs.ingest(sample, store=store, extractor=reader)
        before = {(e.subject, e.type, e.object): (e.confidence, e.sources) for e in graph.show(store, "Renault").edges}
        again = jobs.ingest([copies], store=store, extractor=reader)
        after = {(e.subject, e.type, e.object): (e.confidence, e.sources) for e in graph.show(store, "Renault").edges}
    assert (first.new, first.linked) == (3, 0)
    assert (again.new, again.linked, again.facts) == (3, 3, 0)
    assert after == before


# --- corrections by hand, kept when articles are read later ----------------------------------

def test_a_type_and_identifiers_set_by_hand_outvote_later_articles(store: Store) -> None:
    _add(store, "a", [_entity("Fonterra", type="PERSON"), _entity("Nestle")])
    fonterra = graph.set_entity(store, "Fonterra", type="ORG", qid="Q4115189", ticker="TEST.NZ")
    assert (fonterra.type, fonterra.qid, fonterra.ticker) == ("ORG", "Q4115189", "TEST.NZ")
    _add(store, "b", [_entity("Fonterra", type="PERSON", mentions=5), _entity("Danone")],
         [_fact("Danone", "partners_with", "Fonterra")])
    again = store.find_entity("Fonterra")
    assert again is not None and (again.id, again.type, again.qid, again.uid) == (
        fonterra.id, "ORG", "Q4115189", fonterra.uid)
    assert store.stats()["entities_by_type"] == {"ORG": 3}
    assert graph.set_entity(store, "Fonterra", ticker="").ticker is None


def test_an_alias_added_by_hand_draws_later_articles(store: Store) -> None:
    _add(store, "a", [_entity("Stellantis"), _entity("Renault")])
    graph.add_alias(store, "Stellantis", "FCA-PSA")
    _add(store, "b", [_entity("FCA-PSA"), _entity("Dongfeng")], [_fact("Dongfeng", "owns_stake", "FCA-PSA")])
    stellantis = store.find_entity("Stellantis")
    assert stellantis is not None and store.find_entity("FCA-PSA") == stellantis
    assert [f.object for f in store.facts_about(stellantis.id)] == ["Stellantis"]


def test_an_alias_removed_by_hand_stays_removed(store: Store) -> None:
    _add(store, "a", [_entity("Renault", "Renault Group")])
    graph.remove_alias(store, "Renault", "Renault Group")
    _add(store, "b", [_entity("Renault", "Renault Group"), _entity("Nissan")], [_fact("Renault", "owns_stake", "Nissan")])
    renault = store.find_entity("Renault")
    assert renault is not None and "Renault Group" not in renault.aliases
    assert len(store.facts_about(renault.id)) == 1
    with pytest.raises(Exception, match="is the name of 'Renault'"):
        store.remove_alias(renault.id, "Renault")


def test_a_split_takes_its_articles_facts_and_keeps_later_ones(store: Store) -> None:
    _add(store, "a", [_entity("Geely"), _entity("Horse")], [_fact("Geely", "owns_stake", "Horse")])
    _add(store, "b", [_entity("Volvo Cars"), _entity("Northvolt")], [_fact("Volvo Cars", "partners_with", "Northvolt")])
    graph.merge_entities(store, "Geely", "Volvo Cars")
    volvo = graph.split_entity(store, "Geely", "Volvo Cars")
    geely = store.find_entity("Geely")
    assert geely is not None and volvo.id != geely.id and "Volvo Cars" not in geely.aliases
    assert [(f.subject, f.object) for f in store.facts_about(volvo.id)] == [("Volvo Cars", "Northvolt")]
    assert [(f.subject, f.object) for f in store.facts_about(geely.id)] == [("Geely", "Horse")]
    _add(store, "c", [_entity("Volvo Cars"), _entity("Polestar")], [_fact("Volvo Cars", "owns_stake", "Polestar")])
    assert len(store.facts_about(volvo.id)) == 2 and len(store.facts_about(geely.id)) == 1


def test_the_cli_sets_an_entity_and_its_aliases(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from alliancegraph.cli import app

    db = str(tmp_path / "ag.db")
    with open_store(db) as s:
        _add(s, "a", [_entity("Showa Denko", type="PERSON"), _entity("Resonac")])
    runner = CliRunner()
    result = runner.invoke(app, ["entity", "set", "Showa Denko", "--type", "ORG", "--qid", "Q4115189", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Showa Denko (ORG, ag-") and "qid=Q4115189" in result.output
    result = runner.invoke(app, ["alias", "add", "Showa Denko", "SDK", "--db", db])
    assert result.exit_code == 0 and result.output.rstrip().endswith("aliases: Showa Denko, SDK"), result.output
    result = runner.invoke(app, ["alias", "remove", "Showa Denko", "Denko", "--db", db])
    assert result.exit_code == 1 and result.output.startswith("Error: 'Showa Denko' has no alias 'Denko'.")
    result = runner.invoke(app, ["split", "Showa Denko", "SDK", "--db", db])
    assert result.exit_code == 0 and result.output.startswith("split off: SDK (ORG, ag-"), result.output


# --- the entity evaluation ------------------------------------------------------------------

def _gold_dir(tmp_path, docs: dict[str, tuple[str, list[dict]]]):  # type: ignore[no-untyped-def]
    import json

    for name, (body, entities) in docs.items():
        (tmp_path / f"{name}.txt").write_text(f"date 2024-01-10 news\n\n{name}\n\nBy Reuters\n{body}\n",
                                              encoding="utf-8")
        (tmp_path / f"{name}.gold.json").write_text(json.dumps({"doc": f"{name}.txt", "entities": entities,
                                                                "relations": []}), encoding="utf-8")
    return tmp_path


def test_b_cubed_counts_a_split_and_a_wrong_join(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alliancegraph import jobs
    from alliancegraph.evaluate._entities import _b_cubed

    assert _b_cubed([("a", 1), ("a", 1), ("b", 2)]) == (1.0, 1.0)
    precision, recall = _b_cubed([("a", 1), ("a", 2)])  # one company, two nodes
    assert (precision, recall) == (1.0, 0.5)
    precision, recall = _b_cubed([("a", 1), ("b", 1)])  # two companies, one node
    assert (precision, recall) == (0.5, 1.0)
    gold = _gold_dir(tmp_path, {
        "one": ("Fonterra Co-operative Group sold milk to Nestle, the group said.",
                [{"name": "Fonterra Co-operative Group", "type": "ORG", "aliases": ["Fonterra Co-operative Group",
                                                                                     "the group"]},
                 {"name": "Nestle", "type": "ORG", "aliases": ["Nestle"]}]),
        "two": ("Fonterra and Danone agreed a partnership, the company said.",
                [{"name": "Fonterra", "type": "ORG", "aliases": ["Fonterra", "the company"]},
                 {"name": "Danone", "type": "ORG", "aliases": ["Danone"]}]),
        "three": ("Fonterra, formally Fonterra Co-operative Group, will supply Danone.",
                  [{"name": "Fonterra", "type": "ORG", "aliases": ["Fonterra", "Fonterra Co-operative Group"]},
                   {"name": "Danone", "type": "ORG", "aliases": ["Danone"]}]),
    })
    with open_store(str(tmp_path / "ag.db")) as store:
        report = jobs.evaluate_entities([gold], store=store, from_gold=True)
    assert (report.precision, report.recall, report.items, report.unaligned) == (1.0, 1.0, 6, 0)
    assert (report.gold_clusters, report.store_clusters, report.descriptor_aliases) == (3, 3, 0)
    assert report.to_json()["b_cubed_f1"] == 1.0


def test_the_cli_gives_the_entity_figures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from alliancegraph.cli import app

    gold = _gold_dir(tmp_path, {"one": ("Renault owns 15% of Nissan, the French carmaker said.",
                                        [{"name": "Renault", "type": "ORG", "aliases": ["Renault", "the French carmaker"]},
                                         {"name": "Nissan", "type": "ORG", "aliases": ["Nissan"]}])})
    result = CliRunner().invoke(app, ["eval", str(gold), "--entities", "--from-gold", "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert (figures["b_cubed_f1"], figures["items"], figures["descriptor_aliases"]) == (1.0, 2, 0)


def test_a_fact_that_reads_its_party_as_another_type_still_finds_it(store: Store) -> None:
    # extraction typed the relation's subject PERSON and the entity ORG: the article is kept
    assert _add(store, "a", [_entity("CSAV"), _entity("Hapag-Lloyd")],
                [RelationFact(subject="CSAV", type="owns_stake", object="Hapag-Lloyd", status="asserted",
                              evidence=Evidence("CSAV owns 30% of Hapag-Lloyd.", 0, 10), subject_type="PERSON")])
    [f] = store.facts_about(store.find_entity("CSAV").id)  # type: ignore[union-attr]
    assert (f.subject, f.subject_type, f.object) == ("CSAV", "ORG", "Hapag-Lloyd")
