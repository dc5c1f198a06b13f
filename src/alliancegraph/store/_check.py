"""Checking a store's consistency, and repairing what can be repaired without guessing."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from alliancegraph.names import clean_text, name_key
from alliancegraph.store import _schema as t
from alliancegraph.store._identity import new_uid
from alliancegraph.store._keys import fitting_key
from alliancegraph.store._merge import merge_into
from alliancegraph.store._write import drop_unused_entities
from alliancegraph.urls import normalise_url

__all__ = ["Problem", "check", "repair"]


@dataclass(frozen=True)
class Problem:
    """One kind of inconsistency found: what it is, how many rows have it, and an example."""

    kind: str
    count: int
    example: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.count} ({self.example})"


_e, _a, _f, _m, _al, _mg, _v = (t.entities, t.articles, t.facts, t.mentions, t.aliases,
                                t.entity_merges, t.article_versions)


def _missing(table: Table, column: str, parent: Table) -> ColumnElement[bool]:
    return ~exists().where(parent.c.id == table.c[column])


_FOREIGN_KEYS: list[tuple[Table, str, Table]] = [
    (_m, "article_id", _a), (_m, "entity_id", _e), (_f, "article_id", _a), (_f, "subject_id", _e),
    (_f, "object_id", _e), (_al, "entity_id", _e), (_mg, "entity_id", _e), (_v, "article_id", _a),
    (t.descriptors, "article_id", _a), (t.descriptors, "entity_id", _e), (t.type_votes, "entity_id", _e),
    (t.alias_rules, "entity_id", _e), (t.article_signatures, "article_id", _a),
    (t.article_bands, "article_id", _a), (t.near_duplicates, "article_id", _a),
    (t.near_duplicates, "original_id", _a),
]
"""Every reference between the tables: (table, column, the table it names a row of)."""


def _unused_entity() -> ColumnElement[bool]:
    return and_(*(~exists().where(c == _e.c.id)
                  for c in (_m.c.entity_id, _f.c.subject_id, _f.c.object_id, _mg.c.entity_id)))


def _fact_without_mention() -> ColumnElement[bool]:
    """A fact with a party no stored article mentions (a party reached in one article through
    another's name, such as "the alliance", may lack a mention in that article alone)."""
    def mentioned(column: ColumnElement[int]) -> ColumnElement[bool]:
        return exists().where(_m.c.entity_id == column)
    return or_(~mentioned(_f.c.subject_id), ~mentioned(_f.c.object_id))


def _published_differs() -> ColumnElement[bool]:
    published = select(_a.c.published).where(_a.c.id == _f.c.article_id).scalar_subquery()
    return or_(and_(_f.c.published.is_(None), published.is_not(None)),
               and_(_f.c.published.is_not(None), published.is_(None)),
               _f.c.published != published)


def _checks() -> Iterator[tuple[str, Table, ColumnElement[bool]]]:
    for table, column, parent in _FOREIGN_KEYS:
        yield f"orphan rows: {table.name}.{column} names no {parent.name} row", table, _missing(
            table, column, parent)
    yield "entities without mentions, facts or hand merges", _e, _unused_entity()
    yield "facts whose subject or object no article mentions", _f, _fact_without_mention()
    yield "facts joining an entity to itself", _f, _f.c.subject_id == _f.c.object_id
    yield "facts whose published date disagrees with their article's", _f, _published_differs()
    yield "entities without a uid", _e, _e.c.uid.is_(None)
    yield ("articles linked as near-duplicates of themselves", t.near_duplicates,
           t.near_duplicates.c.article_id == t.near_duplicates.c.original_id)


def check(conn: Connection) -> list[Problem]:
    """Every inconsistency in the store: rows naming rows that do not exist, entities nothing
    uses or without a uid, facts about entities no article mentions, self-loops (of facts, and
    of near-duplicate links), copies that disagree with their
    source (facts' dates, URL keys), articles stored twice under one URL, names that are not
    clean (`clean_text`), entities whose key is not their name's (`fitting_key`), and (SQLite)
    what `PRAGMA integrity_check` reports. [] for a consistent store."""
    problems = [_integrity(conn)] if conn.dialect.name == "sqlite" else []
    for kind, table, condition in _checks():
        problems.append(_count(conn, kind, table, condition))
    problems.append(_url_keys(conn))
    problems.append(_duplicate_urls(conn))
    problems.append(_unclean_names(conn))
    problems.append(_entity_keys(conn))
    return [p for p in problems if p is not None and p.count]


def _count(conn: Connection, kind: str, table: Table, condition: ColumnElement[bool]) -> Problem:
    count = int(conn.scalar(select(func.count()).select_from(table).where(condition)) or 0)
    key = next(iter(table.primary_key.columns), next(iter(table.columns)))
    example = conn.scalar(select(key).where(condition).limit(1)) if count else None
    return Problem(kind, count, f"e.g. {table.name} {key.name} {example}")


def _integrity(conn: Connection) -> Problem | None:
    lines = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
    if lines == ["ok"]:
        return None
    return Problem("SQLite integrity_check failed (restore a backup)", len(lines), lines[0])


def _stale_url_keys(conn: Connection) -> list[tuple[str, str]]:
    rows = conn.execute(select(_a.c.id, _a.c.url, _a.c.url_key).where(_a.c.url.is_not(None)))
    return [(i, normalise_url(url)) for i, url, key in rows if key != normalise_url(url)]


def _url_keys(conn: Connection) -> Problem:
    stale = _stale_url_keys(conn)
    return Problem("articles whose url_key is not their URL normalised", len(stale),
                   f"e.g. articles id {stale[0][0]}" if stale else "")


def _duplicate_groups(conn: Connection) -> list[str]:
    return list(conn.scalars(select(_a.c.url_key).where(_a.c.url_key.is_not(None))
                             .group_by(_a.c.url_key).having(func.count() > 1)))


def _duplicate_urls(conn: Connection) -> Problem:
    groups = _duplicate_groups(conn)
    return Problem("articles stored twice under one normalised URL", len(groups),
                   f"e.g. {groups[0]}" if groups else "")


def _dirty(conn: Connection, table: Table, column: str) -> list[Any]:
    rows = conn.execute(select(table).where(table.c[column] != "")).all()
    return [row for row in rows if clean_text(getattr(row, column)) != getattr(row, column)]


def _unclean_names(conn: Connection) -> Problem:
    dirty = [*_dirty(conn, _e, "name"), *_dirty(conn, _al, "alias")]
    return Problem("names or aliases with control or bidi characters, or not NFC", len(dirty),
                   f"e.g. {ascii(getattr(dirty[0], 'name', None) or dirty[0].alias)}" if dirty else "")


def _stale_entity_keys(conn: Connection) -> list[tuple[int, str, str]]:
    """(id, type, key it should have) of the entities whose key is not their name's, which
    `Store.find_entity` cannot find by name."""
    rows = conn.execute(select(_e.c.id, _e.c.type, _e.c.name, _e.c.key)).all()
    return [(row.id, row.type, fitting_key(row.key, row.name)) for row in rows
            if row.key != fitting_key(row.key, row.name) and name_key(row.name)]


def _entity_keys(conn: Connection) -> Problem:
    stale = _stale_entity_keys(conn)
    return Problem("entities whose key is not their name's (show cannot find them by name)", len(stale),
                   f"e.g. entities id {stale[0][0]}" if stale else "")


def _rekey_entities(conn: Connection) -> None:
    """Give each entity its name's key, merging it into the entity of that type and key if there is one."""
    for entity_id, entity_type, key in _stale_entity_keys(conn):
        same = conn.scalar(select(_e.c.id).where(_e.c.type == entity_type, _e.c.key == key, _e.c.id != entity_id))
        if same is not None:
            merge_into(conn, int(same), entity_id, remember=False)
        else:
            conn.execute(update(_e).where(_e.c.id == entity_id).values(key=key))


def _clean_names(conn: Connection) -> None:
    """Clean each dirty entity name and re-key the entity (`_rekey_entities`), then each dirty
    alias (dropped if its entity has the cleaned one already)."""
    for row in _dirty(conn, _e, "name"):
        name = clean_text(row.name)
        if name_key(name):
            conn.execute(update(_e).where(_e.c.id == row.id).values(name=name))
    _rekey_entities(conn)
    for row in _dirty(conn, _al, "alias"):
        alias = clean_text(row.alias)
        key = name_key(alias)
        taken = conn.scalar(select(_al.c.id).where(_al.c.entity_id == row.entity_id, _al.c.key == key,
                                                   _al.c.id != row.id))
        if taken is not None or not key:
            conn.execute(delete(_al).where(_al.c.id == row.id))
        else:
            conn.execute(update(_al).where(_al.c.id == row.id).values(alias=alias, key=key))


def repair(conn: Connection) -> list[Problem]:
    """Repair every problem `check` finds except a failed integrity check (which needs a
    backup): clean names and re-key entities by them, delete orphan rows, self-loops, facts about unmentioned entities
    and unused entities, give entities without a uid one, copy each article's date to its facts, recompute URL keys, and keep
    the newest of articles stored under one URL, the others becoming its earlier versions.
    RETURNS (list[Problem]): what was found and repaired."""
    found = [p for p in check(conn) if not p.kind.startswith("SQLite")]
    for step in _REPAIRS:
        step(conn)
    return found


def _delete_orphans(conn: Connection) -> None:
    for table, column, parent in _FOREIGN_KEYS:
        conn.execute(delete(table).where(_missing(table, column, parent)))


def _delete_bad_facts(conn: Connection) -> None:
    conn.execute(delete(_f).where(or_(_f.c.subject_id == _f.c.object_id, _fact_without_mention())))


def _delete_self_links(conn: Connection) -> None:
    nd = t.near_duplicates
    conn.execute(delete(nd).where(nd.c.article_id == nd.c.original_id))


def _give_uids(conn: Connection) -> None:
    for row in conn.execute(select(_e.c.id, _e.c.type, _e.c.key).where(_e.c.uid.is_(None))).all():
        conn.execute(update(_e).where(_e.c.id == row.id).values(uid=new_uid(conn, row.type, row.key)))


def _copy_dates(conn: Connection) -> None:
    published = select(_a.c.published).where(_a.c.id == _f.c.article_id).scalar_subquery()
    conn.execute(update(_f).where(_published_differs()).values(published=published))


def _recompute_url_keys(conn: Connection) -> None:
    for article_id, key in _stale_url_keys(conn):
        conn.execute(update(_a).where(_a.c.id == article_id).values(url_key=key))


def _fold_duplicate_urls(conn: Connection) -> None:
    for key in _duplicate_groups(conn):
        rows = conn.execute(select(_a).where(_a.c.url_key == key)
                            .order_by(_a.c.ingested_at, _a.c.id)).all()
        newest = rows[-1]
        start = int(conn.scalar(select(func.count()).select_from(_v)
                                .where(_v.c.article_id == newest.id)) or 0)
        for number, old in enumerate(rows[:-1], start + 1):
            conn.execute(insert(_v).values(
                article_id=newest.id, version=number, replaced_at=newest.ingested_at,
                **{c: getattr(old, c) for c in ("content_hash", "url", "doc", "source", "published",
                                                "title", "outlet", "text", "ingested_at")}))
            conn.execute(delete(_a).where(_a.c.id == old.id))


def _delete_unused_entities(conn: Connection) -> None:
    drop_unused_entities(conn, set(conn.scalars(select(_e.c.id).where(_unused_entity()))))


_REPAIRS: list[Callable[[Connection], None]] = [
    _clean_names, _recompute_url_keys, _fold_duplicate_urls, _delete_orphans, _delete_bad_facts, _copy_dates,
    _delete_unused_entities, _delete_self_links, _give_uids,
]
"""In order: names first (a merge may leave self-loops); URL keys before the duplicates they reveal; orphans (of folded articles too)
before the facts and entities they leave without mentions."""
