"""The Store: the one object the other stages use to read and write the database."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, case, func, or_, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from alliancegraph.errors import StoreError
from alliancegraph.records import Article, DocumentFacts
from alliancegraph.store import _schema as t
from alliancegraph.store._engine import WRITE, connect, database_url
from alliancegraph.names import name_key
from alliancegraph.store._records import StoredArticle, StoredEntity, StoredFact
from alliancegraph.store._write import article_exists, write_document

__all__ = ["Store", "open_store"]

_ATTEMPTS = 3  # a write that loses a race for a unique key is retried from the start
_TYPE_ORDER = case({"ORG": 0, "PERSON": 1, "PLACE": 2}, value=t.entities.c.type, else_=3)


def open_store(url_or_path: str | None = None) -> Store:
    """Open the store at a URL or SQLite file path; None means $ALLIANCEGRAPH_DB, then
    ./alliancegraph.db. Creates the tables on first use."""
    return Store(database_url(url_or_path))


class Store:
    """Articles, entities and facts in SQLite (default) or PostgreSQL, by SQLAlchemy URL.

    url (str): e.g. "sqlite:///alliancegraph.db" or "postgresql://user@host/db".
    Raises StoreError if the database cannot be opened or is not ours.
    """

    def __init__(self, url: str = "sqlite:///alliancegraph.db") -> None:
        self._engine, self.where = connect(url)

    def close(self) -> None:
        """Release every connection; the Store is not used after this."""
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
            with self._engine.connect() as conn:
                if write:
                    conn.execution_options(**{WRITE: True})
                with conn.begin():
                    yield conn
        except IntegrityError:
            raise
        except DBAPIError as e:
            raise StoreError(f"{self.where}: {action} failed: {e.orig}") from e

    def add_document(self, article: Article, facts: DocumentFacts) -> bool:
        """Store an article with its entities, mentions and facts, all or nothing.

        Entities merge with stored ones of the same type by name key, or through
        an alias (see `name_key`). RETURNS (bool): False, changing nothing, if an
        article with the same content hash or URL is stored; else True. Raises
        StoreError (and stores nothing of the document) on a record that breaks
        schema.md or a database failure.
        """
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                with self._transaction(f"storing {article.doc}", write=True) as conn:
                    return write_document(conn, article, facts)
            except IntegrityError as e:
                if attempt == _ATTEMPTS:
                    raise StoreError(f"{self.where}: storing {article.doc} failed: {e.orig}") from e
        raise AssertionError("unreachable")

    def article_exists(self, *, content_hash: str, url: str | None) -> bool:
        """Return whether an article with this content hash, or this URL, is stored."""
        with self._transaction("looking up an article") as conn:
            return article_exists(conn, content_hash=content_hash, url=url)

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
        """Return the entity whose name, else one of whose aliases, has the key of
        `name_or_alias` (see `name_key`), of `entity_type` if given; ORG before PERSON
        before PLACE, then the oldest. None if there is none."""
        key = name_key(name_or_alias)
        e, a = t.entities, t.aliases
        by_name = select(e.c.id).where(e.c.key == key)
        by_alias = select(e.c.id).join(a, a.c.entity_id == e.c.id).where(a.c.key == key)
        with self._transaction("finding an entity") as conn:
            for query in (by_name, by_alias):
                if entity_type is not None:
                    query = query.where(e.c.type == entity_type)
                found = conn.scalar(query.order_by(_TYPE_ORDER, e.c.id).limit(1))
                if found is not None:
                    return self._entity(conn, int(found))
        return None

    def _entity(self, conn: Connection, entity_id: int) -> StoredEntity:
        e, a = t.entities, t.aliases
        row = conn.execute(select(e.c.id, e.c.name, e.c.type).where(e.c.id == entity_id)).one()
        aliases = conn.scalars(select(a.c.alias).where(a.c.entity_id == entity_id)
                               .order_by(a.c.id))
        return StoredEntity(id=row.id, name=row.name, type=row.type, aliases=tuple(aliases))

    def facts_about(self, entity_id: int, *, as_of: dt.date | None = None) -> list[StoredFact]:
        """Return the facts with this entity as subject or object, oldest first.

        as_of (date | None): if given, only facts from articles published on or
        before it; undated articles are then left out.
        """
        f, a = t.facts, t.articles
        subj, obj = t.entities.alias("subj"), t.entities.alias("obj")
        query = (select(f.c.id, f.c.article_id, a.c.doc, f.c.published,
                        f.c.subject_id, subj.c.name.label("subject"),
                        subj.c.type.label("subject_type"), f.c.type,
                        f.c.object_id, obj.c.name.label("object"), obj.c.type.label("object_type"),
                        f.c.status, f.c.confidence, f.c.sentence, f.c.char_start, f.c.char_end,
                        f.c.attributed_to, f.c.valid_from, f.c.valid_to, f.c.percent, f.c.amount,
                        f.c.currency, f.c.title, f.c.kind, f.c.product)
                 .join(a, a.c.id == f.c.article_id)
                 .join(subj, subj.c.id == f.c.subject_id)
                 .join(obj, obj.c.id == f.c.object_id)
                 .where(or_(f.c.subject_id == entity_id, f.c.object_id == entity_id))
                 .order_by(f.c.published.asc().nulls_last(), a.c.doc, f.c.char_start, f.c.id))
        if as_of is not None:
            query = query.where(f.c.published <= as_of)
        with self._transaction("reading facts") as conn:
            return [StoredFact(**row._asdict()) for row in conn.execute(query)]
