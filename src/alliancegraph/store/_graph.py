"""The reads the graph layer is built on: facts by entity, by edge and by date, each from an index.

Every query filters by entity id or by date inside SQL (`FACT_INDEXES`, `published`), so
no read loads the whole facts table except `every_fact`, which streams it for exports.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import (
    Connection, ColumnElement, Row, Select, and_, bindparam, case, func, literal, or_, select, union,
    union_all,
)

from alliancegraph.records import RELATION_TYPES, SYMMETRIC_TYPES
from alliancegraph.store import _schema as t
from alliancegraph.store._records import StoredEntity, StoredFact

__all__ = ["facts_about", "edge_keys", "edge_facts", "facts_among", "facts_into", "changed_edge_facts",
           "disputed_edge_facts", "every_fact", "neighbours", "entities_by_id", "edge_counts",
           "alias_index", "alias_index_version"]

_CHUNK = 500  # ids per IN (...) list: well under every engine's limit on bound parameters
_SYMMETRIC = sorted(SYMMETRIC_TYPES)
_f, _a = t.facts, t.articles


def _fact_query() -> Select[Any]:
    """Facts with their article's doc and outlet; party names are added by `_rows`."""
    return (select(_f.c.id, _f.c.article_id, _a.c.doc, _f.c.published, _f.c.subject_id,
                   _f.c.type, _f.c.object_id, _f.c.status, _f.c.confidence, _f.c.sentence,
                   _f.c.char_start, _f.c.char_end, _f.c.attributed_to, _f.c.valid_from,
                   _f.c.valid_to, _f.c.percent, _f.c.amount, _f.c.currency, _f.c.title,
                   _f.c.kind, _f.c.product, _a.c.outlet)
            .join(_a, _a.c.id == _f.c.article_id))


_ORDER = (_f.c.published.asc().nulls_last(), _a.c.doc, _f.c.char_start, _f.c.id)


def _dated(query: Select[Any], as_of: dt.date | None) -> Select[Any]:
    return query if as_of is None else query.where(_f.c.published <= as_of)


def _named(conn: Connection, rows: Sequence[Row[Any]]) -> list[StoredFact]:
    """StoredFacts from `_fact_query` rows, the parties' names and types read once per entity
    (cheaper than two joins per fact on an entity with thousands of facts)."""
    e = t.entities
    names: dict[int, tuple[str, str]] = {}
    for chunk in _chunks({r.subject_id for r in rows} | {r.object_id for r in rows}):
        names.update((i, (n, typ)) for i, n, typ in conn.execute(
            select(e.c.id, e.c.name, e.c.type).where(e.c.id.in_(chunk))))
    return [StoredFact(*r[:5], *names[r[4]], r[5], r[6], *names[r[6]], *r[7:]) for r in rows]


def _rows(conn: Connection, query: Select[Any]) -> list[StoredFact]:
    return _named(conn, conn.execute(query).all())


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    items = sorted(set(ids))
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _with_names(query: Select[Any]) -> Select[Any]:
    """`_fact_query` with both parties' names and types joined in, in StoredFact's order."""
    subject, obj = t.entities.alias("subject"), t.entities.alias("object")
    columns = list(query.selected_columns)
    return (query.with_only_columns(*columns[:5], subject.c.name, subject.c.type, columns[5], columns[6],
                                    obj.c.name, obj.c.type, *columns[7:], maintain_column_froms=True)
            .join(subject, subject.c.id == _f.c.subject_id).join(obj, obj.c.id == _f.c.object_id))


def _about_query(*, dated: bool) -> Select[Any]:
    entity = bindparam("entity_id")
    query = _with_names(_fact_query()).where(or_(_f.c.subject_id == entity, _f.c.object_id == entity))
    return query.where(_f.c.published <= bindparam("as_of")) if dated else query


_ABOUT = {dated: _about_query(dated=dated) for dated in (False, True)}
"""An entity's facts with the parties' names, built once: the busiest read of the API."""


def facts_about(conn: Connection, entity_id: int, *, as_of: dt.date | None,
                others: Collection[int] | None = None) -> list[StoredFact]:
    """The facts with this entity on either side (published on or before `as_of` if given,
    undated ones then left out; with the other party among `others` if given), oldest first.
    One round trip: the parties' names come in the same query."""
    query = _ABOUT[as_of is not None]
    if others is not None:
        ids = sorted(set(others))
        query = query.where(or_(_f.c.subject_id.in_(ids), _f.c.object_id.in_(ids)))
    rows = conn.execute(query, {"entity_id": entity_id, "as_of": as_of}).all()
    return _in_order(StoredFact(*row) for row in rows)  # sorted here: cheaper than in SQL


def edge_keys(conn: Connection, entity_id: int, *,
              as_of: dt.date | None) -> list[tuple[int, str, int, int, dt.date | None]]:
    """Every edge touching the entity, without folding it: (other party's id, type, side, facts
    stating it, last date), side 0 for a symmetric type, 1 if the entity is the subject, else 2.
    Ordered by type (schema.md's order), then the most facts, then the latest reported; read
    from the edge indexes alone (they hold the type and date)."""
    subject = _f.c.subject_id == entity_id
    other = case((subject, _f.c.object_id), else_=_f.c.subject_id).label("other")
    side = case((_f.c.type.in_(_SYMMETRIC), 0), (subject, 1), else_=2).label("side")
    facts, last = func.count().label("facts"), func.max(_f.c.published).label("last")
    query = _dated(select(other, _f.c.type, side, facts, last)
                   .where(or_(subject, _f.c.object_id == entity_id), _f.c.subject_id != _f.c.object_id)
                   .group_by(other, _f.c.type, side), as_of)
    order = case({name: i for i, name in enumerate(RELATION_TYPES)}, value=_f.c.type, else_=len(RELATION_TYPES))
    rows = conn.execute(query.order_by(order, facts.desc(), last.desc().nulls_last(), other, side)).all()
    return [(o, typ, s, n, last) for o, typ, s, n, last in rows]


def _same_edge(subject_id: Any, type_: Any, object_id: Any) -> ColumnElement[bool]:
    forward = and_(_f.c.subject_id == subject_id, _f.c.object_id == object_id, _f.c.type == type_)
    backward = and_(_f.c.subject_id == object_id, _f.c.object_id == subject_id,
                    _f.c.type == type_, _f.c.type.in_(_SYMMETRIC))
    return or_(forward, backward)


def edge_facts(conn: Connection, subject_id: int, type_: str, object_id: int, *,
               as_of: dt.date | None) -> list[StoredFact]:
    """The facts of one edge, oldest first; a symmetric type's facts in either order."""
    query = _fact_query().where(_same_edge(subject_id, type_, object_id))
    return _in_order(_rows(conn, _dated(query, as_of)))


def facts_among(conn: Connection, entity_ids: Collection[int], *,
                as_of: dt.date | None) -> list[StoredFact]:
    """The facts whose subject and object are both among `entity_ids`, oldest first."""
    found: dict[int, StoredFact] = {}
    ids = sorted(set(entity_ids))
    for chunk in _chunks(ids):
        query = _fact_query().where(_f.c.subject_id.in_(chunk), _f.c.object_id.in_(ids))
        for fact in _rows(conn, _dated(query, as_of)):
            found[fact.id] = fact
    return _in_order(found.values())


def facts_into(conn: Connection, object_ids: Collection[int], type_: str, *,
               as_of: dt.date | None) -> list[StoredFact]:
    """The facts of type `type_` whose object is among `object_ids` ("who leads these
    companies"), oldest first."""
    found: list[StoredFact] = []
    for chunk in _chunks(object_ids):
        query = _fact_query().where(_f.c.object_id.in_(chunk), _f.c.type == type_)
        found.extend(_rows(conn, _dated(query, as_of)))
    return _in_order(found)


def _in_order(facts: Iterable[StoredFact]) -> list[StoredFact]:
    return sorted(facts, key=lambda f: (f.published is None, f.published or dt.date.min,
                                        f.doc, f.char_start, f.id))


def _facts_of_edges(conn: Connection, edges: Select[Any], *,
                    until: dt.date | None) -> list[StoredFact]:
    """Every fact (up to `until`) of the edges (subject_id, type, object_id) `edges` selects."""
    keys = edges.subquery("keys")
    forward = and_(_f.c.subject_id == keys.c.subject_id, _f.c.object_id == keys.c.object_id,
                   _f.c.type == keys.c.type)
    backward = and_(_f.c.subject_id == keys.c.object_id, _f.c.object_id == keys.c.subject_id,
                    _f.c.type == keys.c.type, _f.c.type.in_(_SYMMETRIC))
    found: dict[int, StoredFact] = {}
    for on in (forward, backward):
        query = _dated(_fact_query().join(keys, on), until)
        for fact in _rows(conn, query):
            found[fact.id] = fact
    return _in_order(found.values())


def _touching(entity_id: int | None) -> ColumnElement[bool]:
    if entity_id is None:
        return literal(True)
    return or_(_f.c.subject_id == entity_id, _f.c.object_id == entity_id)


def changed_edge_facts(conn: Connection, *, since: dt.date, until: dt.date | None,
                       entity_id: int | None) -> list[StoredFact]:
    """Every fact, up to `until`, of each edge with a fact published from `since` to
    `until` (touching `entity_id` if given), oldest first: the history a change is read from."""
    window = _f.c.published >= since
    if until is not None:
        window = and_(window, _f.c.published <= until)
    edges = (select(_f.c.subject_id, _f.c.type, _f.c.object_id).distinct()
             .where(window, _touching(entity_id)))
    return _facts_of_edges(conn, edges, until=until)


def _edge_ends() -> tuple[Any, Any]:
    """The edge's (subject id, object id); for a symmetric type (lower id, higher id)."""
    swap = and_(_f.c.type.in_(_SYMMETRIC), _f.c.object_id < _f.c.subject_id)
    return (case((swap, _f.c.object_id), else_=_f.c.subject_id),
            case((swap, _f.c.subject_id), else_=_f.c.object_id))


def disputed_edge_facts(conn: Connection, *, entity_id: int | None) -> list[StoredFact]:
    """Every fact of each edge whose articles might disagree: one article denies what another
    states, or two give different percents or amounts. Oldest first."""
    low, high = (end.label(name) for end, name in zip(_edge_ends(), ("subject_id", "object_id")))
    denied = func.sum(case((_f.c.status == "denied", 1), else_=0))
    stated = func.sum(case((_f.c.status.in_(("asserted", "planned", "proposed")), 1), else_=0))
    edges = (select(low, _f.c.type, high).where(_touching(entity_id))
             .group_by(low, _f.c.type, high)
             .having(func.count(func.distinct(_f.c.article_id)) > 1)
             .having(or_(and_(denied > 0, stated > 0), func.count(func.distinct(_f.c.percent)) > 1,
                         func.count(func.distinct(_f.c.amount)) > 1)))
    return _facts_of_edges(conn, edges, until=None)


def every_fact(conn: Connection, *, as_of: dt.date | None) -> Iterator[StoredFact]:
    """Stream every fact (up to `as_of`) grouped by edge, each edge's facts oldest first."""
    low, high = _edge_ends()
    query = _dated(_fact_query(), as_of).order_by(low, _f.c.type, high, *_ORDER)
    for rows in conn.execute(query.execution_options(yield_per=2000)).partitions():
        yield from _named(conn, rows)


def neighbours(conn: Connection, entity_ids: Collection[int], *, as_of: dt.date | None,
               skip_types: Collection[str] = (), skip_denied: bool = True) -> dict[tuple[int, int], int]:
    """How many facts join each (entity, neighbour) pair, for the entities in `entity_ids`:
    facts that are not denials unless `skip_denied` is False, of no type in `skip_types`."""
    pairs: dict[tuple[int, int], int] = {}
    for chunk in _chunks(entity_ids):
        wanted = and_(_f.c.status != "denied" if skip_denied else literal(True),
                      _f.c.type.not_in(sorted(skip_types)) if skip_types else literal(True))
        out = _dated(select(_f.c.subject_id.label("a"), _f.c.object_id.label("b"))
                     .where(_f.c.subject_id.in_(chunk), wanted), as_of)
        back = _dated(select(_f.c.object_id, _f.c.subject_id)
                      .where(_f.c.object_id.in_(chunk), wanted), as_of)
        joined = union_all(out, back).subquery("joined")
        for a, b, n in conn.execute(select(joined.c.a, joined.c.b, func.count())
                                    .group_by(joined.c.a, joined.c.b)):
            pairs[(int(a), int(b))] = pairs.get((int(a), int(b)), 0) + int(n)
    return pairs


def entities_by_id(conn: Connection, entity_ids: Collection[int], *,
                   aliases: bool = True) -> dict[int, StoredEntity]:
    """The entities with these ids, with their aliases in the order met unless `aliases` is False."""
    e, al = t.entities, t.aliases
    found: dict[int, StoredEntity] = {}
    for chunk in _chunks(entity_ids):
        names = {row.id: row for row in conn.execute(
            select(e.c.id, e.c.name, e.c.type, e.c.uid, e.c.qid, e.c.lei, e.c.ticker)
            .where(e.c.id.in_(chunk)))}
        known: dict[int, list[str]] = {i: [] for i in names}
        if aliases:
            for entity_id, alias in conn.execute(select(al.c.entity_id, al.c.alias)
                                                 .where(al.c.entity_id.in_(chunk))
                                                 .order_by(al.c.id)):
                known[entity_id].append(alias)
        for i, row in names.items():
            found[i] = StoredEntity(id=i, name=row.name, type=row.type, aliases=tuple(known[i]),
                                    uid=row.uid, qid=row.qid, lei=row.lei, ticker=row.ticker)
    return found


def edge_counts(conn: Connection, entity_ids: Collection[int], *,
                as_of: dt.date | None) -> dict[int, int]:
    """How many edges (distinct type, direction and other party) touch each entity."""
    symmetric = _f.c.type.in_(_SYMMETRIC)
    counts: dict[int, int] = {}
    for chunk in _chunks(entity_ids):
        out = _dated(select(_f.c.subject_id.label("id"), _f.c.object_id.label("other"), _f.c.type,
                            case((symmetric, 0), else_=1).label("side"))
                     .where(_f.c.subject_id.in_(chunk)), as_of)
        back = _dated(select(_f.c.object_id, _f.c.subject_id, _f.c.type,
                             case((symmetric, 0), else_=2))
                      .where(_f.c.object_id.in_(chunk)), as_of)
        edges = union(out, back).subquery("edges")
        for entity_id, n in conn.execute(select(edges.c.id, func.count())
                                         .group_by(edges.c.id)):
            counts[int(entity_id)] = int(n)
    return counts


def alias_index_version(conn: Connection) -> tuple[int, ...]:
    """A value that changes whenever an alias is added or an entity merged into another."""
    al, e = t.aliases, t.entities
    aliases = conn.execute(select(func.max(al.c.id), func.count()).select_from(al)).one()
    entities = conn.execute(select(func.max(e.c.id), func.count()).select_from(e)).one()
    return tuple(int(n or 0) for n in (*aliases, *entities))


def alias_index(conn: Connection) -> list[tuple[int, str, str]]:
    """Every (entity id, alias, alias key); each entity's canonical name is one of its aliases."""
    al = t.aliases
    return [(int(i), a, k) for i, a, k in conn.execute(
        select(al.c.entity_id, al.c.alias, al.c.key).order_by(al.c.entity_id, al.c.id))]

