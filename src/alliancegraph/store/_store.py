"""The Store: the one object the other stages use to read and write the database."""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, case, func, or_, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from alliancegraph.errors import StoreError
from alliancegraph.records import ENTITY_TYPES, Article, DocumentFacts
from alliancegraph.store import _schema as t
from alliancegraph.store._engine import (
    WRITE, bump_data_version, connect, connect_reader, data_version, database_url, require_existing,
)
from alliancegraph.names import name_key
from alliancegraph.store import _graph as reads
from alliancegraph.store import _hand as hand
from alliancegraph.store._merge import merge_into
from alliancegraph.store._keys import described_as
from alliancegraph.store._check import Problem, check as check_store, repair as repair_store
from alliancegraph.store._records import ArticleVersion, Stored, StoredArticle, StoredEntity, StoredFact
from alliancegraph.store._write import article_exists, copy_of, write_document
from alliancegraph.urls import normalise_url

__all__ = ["Store", "open_store"]

_ATTEMPTS = 3  # a write that loses a race for a unique key is retried from the start
_TYPE_ORDER = case({"ORG": 0, "PERSON": 1, "PLACE": 2}, value=t.entities.c.type, else_=3)


def open_store(url_or_path: str | None = None, *, create: bool = True) -> Store:
    """Open the store at a URL or SQLite file path; None means $ALLIANCEGRAPH_DB, then
    ./alliancegraph.db. Creates the tables on first use; with `create=False` a SQLite file
    that does not exist is a StoreError instead of a new, empty store."""
    url = database_url(url_or_path)
    if not create:
        require_existing(url)
    return Store(url)


class Store:
    """Articles, entities and facts in SQLite (default) or PostgreSQL, by SQLAlchemy URL.

    url (str): e.g. "sqlite:///alliancegraph.db" or "postgresql://user@host/db".
    Raises StoreError if the database cannot be opened or is not ours.
    """

    def __init__(self, url: str = "sqlite:///alliancegraph.db") -> None:
        self._engine, self.where = connect(url)
        self._reader = connect_reader(url, self._engine)

    def close(self) -> None:
        """Release every connection; the Store is not used after this."""
        self._reader.dispose()
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.where!r})"

    @contextmanager
    def _transaction(self, action: str, *, write: bool = False) -> Iterator[Connection]:
        try:
            with (self._engine if write else self._reader).connect() as conn:
                if write:
                    conn.execution_options(**{WRITE: True})
                with conn.begin():
                    yield conn
                    if write:
                        bump_data_version(conn)
        except IntegrityError:
            raise
        except DBAPIError as e:
            raise StoreError(f"{self.where}: {action} failed: {e.orig}") from e

    def data_version(self) -> int:
        """A number that changes whenever a write to the store is committed (by any process):
        a reader may keep what it read until it changes."""
        with self._transaction("reading the data version") as conn:
            return data_version(conn)

    def add_document(self, article: Article, facts: DocumentFacts) -> Stored:
        """Store an article with its entities, mentions and facts, all or nothing.

        Entities merge with stored ones of the same type by name key, or through an alias
        (see `name_key`); names are cleaned first (`clean_text`). RETURNS (Stored): "duplicate",
        changing nothing, if the article's text is stored (now or as an earlier version);
        "updated" if an article with its normalised URL is stored with other text (that
        text becomes an earlier version, these facts replace its facts); else "new". Raises
        StoreError (and stores nothing of the document) on a record that breaks schema.md or
        a database failure.
        """
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                with self._transaction(f"storing {article.doc}", write=True) as conn:
                    return write_document(conn, article, facts)
            except IntegrityError as e:
                if attempt == _ATTEMPTS:
                    raise StoreError(f"{self.where}: storing {article.doc} failed: {e.orig}") from e
        raise AssertionError("unreachable")

    def add_documents(self, documents: Sequence[tuple[Article, DocumentFacts]]) -> list[Stored | StoreError]:
        """Store several documents in one transaction, each as `add_document` would, in order.

        If one of them cannot be stored, the transaction rolls back and each is stored alone, so
        that only that one is lost. RETURNS, for each document, its Stored or its StoreError.
        """
        try:
            with self._transaction(f"storing {len(documents)} articles", write=True) as conn:
                return [write_document(conn, article, facts) for article, facts in documents]
        except (StoreError, IntegrityError):
            pass
        results: list[Stored | StoreError] = []
        for article, facts in documents:
            try:
                results.append(self.add_document(article, facts))
            except StoreError as exc:
                results.append(exc)
        return results

    def article_exists(self, *, content_hash: str, url: str | None) -> bool:
        """Return whether an article with this content hash, or this URL (normalised), is stored."""
        with self._transaction("looking up an article") as conn:
            return article_exists(conn, content_hash=content_hash, url=url)

    def copy_of(self, content_hash: str) -> tuple[str, str] | None:
        """Return (id, doc) of the stored article whose text, now or in an earlier version,
        has this content hash; None if there is none."""
        with self._transaction("looking up an article") as conn:
            return copy_of(conn, content_hash)

    def article_history(self, url_or_id: str) -> list[ArticleVersion]:
        """Return every version of the article with this id or (normalised) URL, oldest first,
        the current one last; [] if there is no such article."""
        a, v = t.articles, t.article_versions
        with self._transaction("reading an article's history") as conn:
            row = conn.execute(select(a).where(or_(a.c.id == url_or_id,
                                                   a.c.url_key == normalise_url(url_or_id)))
                               .limit(1)).first()
            if row is None:
                return []
            earlier = conn.execute(select(v).where(v.c.article_id == row.id).order_by(v.c.version))
            versions = [ArticleVersion(row.id, e.version, False, e.doc, e.url, e.published, e.title,
                                       e.text, e.content_hash, e.ingested_at) for e in earlier]
        return [*versions, ArticleVersion(row.id, len(versions) + 1, True, row.doc, row.url,
                                          row.published, row.title, row.text, row.content_hash,
                                          row.ingested_at)]

    def articles(self, *, limit: int | None = None) -> list[StoredArticle]:
        """Return the stored articles by published date (undated last), then doc."""
        a, f = t.articles, t.facts
        query = (select(a.c.id, a.c.doc, a.c.published, a.c.title, a.c.outlet, a.c.source,
                        a.c.url, func.count(f.c.id).label("fact_count"))
                 .outerjoin(f, f.c.article_id == a.c.id)
                 .group_by(a.c.id)
                 .order_by(a.c.published.asc().nulls_last(), a.c.doc, a.c.id)
                 .limit(limit))
        with self._transaction("listing articles") as conn:
            return [StoredArticle(**row._asdict()) for row in conn.execute(query)]

    def stats(self) -> dict[str, Any]:
        """Return counts: articles, entities (and by type), facts (and by type and status)."""
        def grouped(conn: Connection, column: Any) -> dict[str, int]:
            rows = conn.execute(select(column, func.count()).group_by(column).order_by(column))
            return {key: int(n) for key, n in rows}

        with self._transaction("counting") as conn:
            return {
                "articles": int(conn.scalar(select(func.count()).select_from(t.articles)) or 0),
                "entities": int(conn.scalar(select(func.count()).select_from(t.entities)) or 0),
                "entities_by_type": grouped(conn, t.entities.c.type),
                "facts": int(conn.scalar(select(func.count()).select_from(t.facts)) or 0),
                "facts_by_type": grouped(conn, t.facts.c.type),
                "facts_by_status": grouped(conn, t.facts.c.status),
            }

    def find_entity(self, name_or_alias: str, *,
                    entity_type: str | None = None) -> StoredEntity | None:
        """Return the entity whose name, else one of whose aliases, else the name of an
        entity an article only describes (such as "News", one entity per article), has the key
        of `name_or_alias` (see `name_key`), of `entity_type` if given; ORG before PERSON
        before PLACE, then the oldest. A described name finds its entity only when one
        article alone uses it: "the company" of many articles is no one entity. None if
        there is none."""
        key = name_key(name_or_alias)
        if not key:
            return None
        e, a = t.entities, t.aliases
        types = ENTITY_TYPES if entity_type is None else (entity_type,)  # (type, key) is the index
        by_name = select(e.c.id).where(e.c.type.in_(types), e.c.key == key)
        by_alias = select(e.c.id).join(a, a.c.entity_id == e.c.id).where(a.c.key == key, e.c.type.in_(types))
        with self._transaction("finding an entity") as conn:
            for query in (by_name, by_alias):
                found = conn.scalar(query.order_by(_TYPE_ORDER, e.c.id).limit(1))
                if found is not None:
                    return self._entity(conn, int(found))
            described = select(e.c.id).where(e.c.type.in_(types), described_as(conn, key))
            found = conn.scalars(described.limit(2)).all()
            if len(found) == 1:
                return self._entity(conn, int(found[0]))
        return None

    def _entity(self, conn: Connection, entity_id: int) -> StoredEntity:
        return reads.entities_by_id(conn, (entity_id,))[entity_id]

    def original_of(self, article_id: str) -> str | None:
        """Return the id of the stored article this one retells (a near-duplicate stored
        without facts of its own), else None."""
        nd = t.near_duplicates
        with self._transaction("reading near-duplicates") as conn:
            return conn.scalar(select(nd.c.original_id).where(nd.c.article_id == article_id))

    def mentions(self) -> list[tuple[str, int, str]]:
        """Return (doc, entity id, text) for every named mention of every stored article."""
        m, a = t.mentions, t.articles
        query = select(a.c.doc, m.c.entity_id, m.c.text).join(a, a.c.id == m.c.article_id).order_by(m.c.id)
        with self._transaction("reading mentions") as conn:
            return [(doc, int(i), text) for doc, i, text in conn.execute(query)]

    def descriptors(self, entity_id: int) -> list[tuple[str, str]]:
        """Return (doc, description) for every description an article used for the entity
        ("the French automaker"), in the order stored: evidence, never a name to search by."""
        d, a = t.descriptors, t.articles
        query = (select(a.c.doc, d.c.text).join(a, a.c.id == d.c.article_id)
                 .where(d.c.entity_id == entity_id).order_by(d.c.id))
        with self._transaction("reading descriptions") as conn:
            return [(doc, text) for doc, text in conn.execute(query)]

    def facts_about(self, entity_id: int, *, as_of: dt.date | None = None,
                    others: Collection[int] | None = None) -> list[StoredFact]:
        """Return the facts with this entity as subject or object, oldest first.

        as_of (date | None): if given, only facts from articles published on or
        before it; undated articles are then left out.
        others (ids | None): if given, only facts whose other party is one of these.
        """
        with self._transaction("reading facts") as conn:
            return reads.facts_about(conn, entity_id, as_of=as_of, others=others)

    def edge_keys(self, entity_id: int, *,
                  as_of: dt.date | None = None) -> list[tuple[int, str, int, int, dt.date | None]]:
        """Return every edge touching the entity, unfolded: (other party's id, type, side,
        facts stating it, last date); side 0 for a symmetric type, 1 if the entity is the
        subject, 2 if the object. By type, then the most facts, then the latest reported.
        Cheap on an entity with thousands of facts."""
        with self._transaction("reading edges") as conn:
            return reads.edge_keys(conn, entity_id, as_of=as_of)

    def edge_facts(self, subject_id: int, type: str, object_id: int, *,
                   as_of: dt.date | None = None) -> list[StoredFact]:
        """Return the facts of one (subject, type, object) edge, oldest first; for a symmetric
        type (schema.md) the facts stating it in either order."""
        with self._transaction("reading an edge") as conn:
            return reads.edge_facts(conn, subject_id, type, object_id, as_of=as_of)

    def facts_among(self, entity_ids: Collection[int], *,
                    as_of: dt.date | None = None) -> list[StoredFact]:
        """Return the facts whose subject and object are both in `entity_ids`, oldest first."""
        with self._transaction("reading facts") as conn:
            return reads.facts_among(conn, entity_ids, as_of=as_of)

    def facts_into(self, object_ids: Collection[int], type: str, *,
                   as_of: dt.date | None = None) -> list[StoredFact]:
        """Return the facts of one type whose object is among `object_ids` (every leads fact
        of some companies), oldest first."""
        with self._transaction("reading facts") as conn:
            return reads.facts_into(conn, object_ids, type, as_of=as_of)

    def changed_edge_facts(self, *, since: dt.date, until: dt.date | None = None,
                           entity_id: int | None = None) -> list[StoredFact]:
        """Return the whole history (up to `until`) of every edge with a fact published from
        `since` to `until`, touching `entity_id` if given; oldest first."""
        with self._transaction("reading changes") as conn:
            return reads.changed_edge_facts(conn, since=since, until=until, entity_id=entity_id)

    def disputed_edge_facts(self, *, entity_id: int | None = None) -> list[StoredFact]:
        """Return the facts of the edges whose articles may disagree (a denial beside a
        statement, or two percents or amounts), touching `entity_id` if given; oldest first."""
        with self._transaction("reading disputed edges") as conn:
            return reads.disputed_edge_facts(conn, entity_id=entity_id)

    def every_fact(self, *, as_of: dt.date | None = None) -> Iterator[StoredFact]:
        """Stream every fact (up to `as_of`), grouped by edge, each edge's facts oldest first."""
        with self._transaction("reading every fact") as conn:
            yield from reads.every_fact(conn, as_of=as_of)

    def neighbours(self, entity_ids: Collection[int], *, as_of: dt.date | None = None,
                   skip_types: Collection[str] = (),
                   skip_denied: bool = True) -> dict[tuple[int, int], int]:
        """Return how many facts join each (entity, neighbour) pair, for the entities in
        `entity_ids`: not denials unless `skip_denied` is False, of no type in `skip_types`."""
        with self._transaction("reading neighbours") as conn:
            return reads.neighbours(conn, entity_ids, as_of=as_of, skip_types=skip_types,
                                    skip_denied=skip_denied)

    def entities_by_id(self, entity_ids: Collection[int], *,
                       aliases: bool = True) -> dict[int, StoredEntity]:
        """Return the entities with these ids (unknown ids are left out)."""
        with self._transaction("reading entities") as conn:
            return reads.entities_by_id(conn, entity_ids, aliases=aliases)

    def edge_counts(self, entity_ids: Collection[int], *,
                    as_of: dt.date | None = None) -> dict[int, int]:
        """Return how many edges touch each entity (entities without any are left out)."""
        with self._transaction("counting edges") as conn:
            return reads.edge_counts(conn, entity_ids, as_of=as_of)

    def alias_index(self) -> tuple[tuple[int, ...], list[tuple[int, str, str]]]:
        """Return (version, [(entity id, alias, alias key)]); the version changes whenever
        an alias is added or entities are merged, so a caller may keep the list until then."""
        with self._transaction("reading aliases") as conn:
            return reads.alias_index_version(conn), reads.alias_index(conn)

    def alias_index_version(self) -> tuple[int, ...]:
        """Return the version `alias_index` would give now, cheaply."""
        with self._transaction("reading aliases") as conn:
            return reads.alias_index_version(conn)

    def merge_entities(self, keep_id: int, other_id: int) -> StoredEntity:
        """Merge entity `other_id` into `keep_id`: its aliases, mentions and facts move over,
        it is deleted, and a later article naming it is stored under `keep_id`.

        RETURNS (StoredEntity): the kept entity with its aliases now. Raises StoreError if
        either id is unknown or both are the same.
        """
        if keep_id == other_id:
            raise StoreError(f"cannot merge entity {keep_id} into itself.")
        with self._transaction("merging entities", write=True) as conn:
            known = reads.entities_by_id(conn, (keep_id, other_id), aliases=False)
            missing = [str(i) for i in (keep_id, other_id) if i not in known]
            if missing:
                raise StoreError(f"no entity with id {', '.join(missing)} in {self.where}.")
            merge_into(conn, keep_id, other_id, remember=True)
            return self._entity(conn, keep_id)

    def _edit(self, action: str, entity_id: int, edit: Any) -> StoredEntity:
        with self._transaction(action, write=True) as conn:
            result = edit(conn)
            return self._entity(conn, result if isinstance(result, int) else entity_id)

    def set_entity(self, entity_id: int, *, type: str | None = None, qid: str | None = None,
                   lei: str | None = None, ticker: str | None = None) -> StoredEntity:
        """Fix the entity's type (outvoting every mention, now and later: names of it read as
        another type join it) and set the identifiers given ("" clears one).
        RETURNS the entity as it is now."""
        identifiers = {"qid": qid, "lei": lei, "ticker": ticker}
        return self._edit("setting an entity", entity_id, lambda conn: hand.set_entity(
            conn, entity_id, entity_type=type, identifiers=identifiers))

    def add_alias(self, entity_id: int, alias: str) -> StoredEntity:
        """Give the entity a name to be found by; later articles naming it join the entity."""
        return self._edit("adding an alias", entity_id,
                          lambda conn: hand.add_alias(conn, entity_id, alias))

    def remove_alias(self, entity_id: int, alias: str) -> StoredEntity:
        """Take a name from the entity for good: no later article gives it back."""
        return self._edit("removing an alias", entity_id,
                          lambda conn: hand.remove_alias(conn, entity_id, alias))

    def split_entity(self, entity_id: int, alias: str) -> StoredEntity:
        """Make one of the entity's names an entity of its own, with the mentions under that
        name and the facts of the articles that used only it; later articles naming it go to
        the new entity. RETURNS the new entity."""
        return self._edit("splitting an entity", entity_id,
                          lambda conn: hand.split_entity(conn, entity_id, alias))

    def check(self, *, repair: bool = False) -> list[Problem]:
        """Return every inconsistency in the store (see `_check.check`); [] if there is none.

        With `repair`, first repair what can be repaired in one transaction and return what
        was found; a second `check()` then tells what is left.
        """
        if repair:
            with self._transaction("repairing", write=True) as conn:
                return repair_store(conn)
        with self._transaction("checking") as conn:
            return check_store(conn)

    def backup(self, destination: str | Path) -> Path:
        """Copy the store to a new SQLite file at `destination` with SQLite's online backup API:
        a consistent copy even while other processes write. RETURNS the file's path.

        Raises StoreError if `destination` exists or the store is not SQLite (back up
        PostgreSQL with pg_dump).
        """
        target = Path(destination).expanduser().resolve()
        if self._engine.dialect.name != "sqlite":
            raise StoreError(f"{self.where} is not SQLite; back it up with pg_dump "
                             "(pg_dump --format=custom DBNAME > FILE).")
        if target.exists():
            raise StoreError(f"{target} exists already. Give a new file name for the backup.")
        raw = self._engine.raw_connection()
        try:
            with sqlite3.connect(target) as copy:
                raw.driver_connection.backup(copy)  # type: ignore[union-attr]
            copy.close()
        except sqlite3.Error as e:
            target.unlink(missing_ok=True)
            raise StoreError(f"backing up {self.where} to {target} failed: {e}") from e
        finally:
            raw.close()
        return target
