"""Corrections made by hand: an entity's type and identifiers, an alias added or removed, an
entity split in two. Each is kept as a rule the writing of later articles obeys."""
from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from alliancegraph.errors import StoreError
from alliancegraph.names import name_key
from alliancegraph.records import ENTITY_TYPES
from alliancegraph.store import _schema as t
from alliancegraph.store._identity import add_type_votes, new_uid
from alliancegraph.store._merge import merge_into

__all__ = ["set_entity", "add_alias", "remove_alias", "split_entity"]


def _row(conn: Connection, entity_id: int):  # type: ignore[no-untyped-def]
    e = t.entities
    row = conn.execute(select(e.c.id, e.c.name, e.c.type, e.c.key).where(e.c.id == entity_id)).one_or_none()
    if row is None:
        raise StoreError(f"no entity with id {entity_id}.")
    return row


def _send(conn: Connection, entity_type: str, key: str, entity_id: int, name: str) -> None:
    """Record that a later article's entity of this type and name key is `entity_id`."""
    mg = t.entity_merges
    conn.execute(delete(mg).where(mg.c.type == entity_type, mg.c.key == key))
    conn.execute(insert(mg).values(type=entity_type, key=key, entity_id=entity_id, merged_name=name))


def set_entity(conn: Connection, entity_id: int, *, entity_type: str | None = None,
               identifiers: dict[str, str | None]) -> None:
    """Fix the entity's type (then every name of it read as another type joins it) and set
    the identifiers given (an empty string clears one)."""
    e, al = t.entities, t.aliases
    row = _row(conn, entity_id)
    if entity_type is not None:
        if entity_type not in ENTITY_TYPES:
            raise StoreError(f"type '{entity_type}' is not one of {', '.join(ENTITY_TYPES)}.")
        same = conn.scalar(select(e.c.id).where(e.c.type == entity_type, e.c.key == row.key,
                                                e.c.id != entity_id))
        if same is not None:
            merge_into(conn, entity_id, int(same), remember=True)
        conn.execute(update(e).where(e.c.id == entity_id).values(type=entity_type, fixed_type=entity_type))
        keys = {row.key, *conn.scalars(select(al.c.key).where(al.c.entity_id == entity_id))}
        for other in ENTITY_TYPES:
            for key in sorted(keys):
                _send(conn, other, key, entity_id, row.name)
    values = {k: v or None for k, v in identifiers.items() if v is not None}
    if values:
        conn.execute(update(e).where(e.c.id == entity_id).values(**values))


def add_alias(conn: Connection, entity_id: int, alias: str) -> None:
    """Give the entity this name: found by it, and later articles naming it join the entity."""
    al = t.aliases
    row, key = _row(conn, entity_id), name_key(alias)
    if not key:
        raise StoreError(f"alias '{alias}' has no letters or digits.")
    conn.execute(delete(t.alias_rules).where(t.alias_rules.c.entity_id == entity_id,
                                             t.alias_rules.c.key == key))
    if conn.scalar(select(al.c.id).where(al.c.entity_id == entity_id, al.c.key == key)) is None:
        conn.execute(insert(al).values(entity_id=entity_id, alias=alias, key=key))
    _send(conn, row.type, key, entity_id, alias)


def remove_alias(conn: Connection, entity_id: int, alias: str) -> None:
    """Take this name from the entity for good: no later article gives it back."""
    al, mg = t.aliases, t.entity_merges
    row, key = _row(conn, entity_id), name_key(alias)
    if key == row.key:
        raise StoreError(f"'{alias}' is the name of '{row.name}', not an alias to remove. "
                         "Split the entity or rename it instead.")
    conn.execute(delete(al).where(al.c.entity_id == entity_id, al.c.key == key))
    conn.execute(delete(mg).where(mg.c.entity_id == entity_id, mg.c.key == key))
    rules = t.alias_rules
    if conn.scalar(select(rules.c.key).where(rules.c.entity_id == entity_id, rules.c.key == key)) is None:
        conn.execute(insert(rules).values(entity_id=entity_id, key=key))


def split_entity(conn: Connection, entity_id: int, alias: str) -> int:
    """Make `alias` an entity of its own: the alias, the mentions under it, and the facts and
    descriptions of the articles that named the entity only by it move to a new entity, and
    later articles naming it go there. RETURNS the new entity's id."""
    e, m = t.entities, t.mentions
    row, key = _row(conn, entity_id), name_key(alias)
    if key == row.key:
        raise StoreError(f"'{alias}' is the name of '{row.name}'; split off one of its other names.")
    if conn.scalar(select(e.c.id).where(e.c.type == row.type, e.c.key == key)) is not None:
        raise StoreError(f"an entity named '{alias}' ({row.type}) exists already; merge or move aliases instead.")
    inserted = conn.execute(insert(e).values(name=alias, type=row.type, key=key,
                                             uid=new_uid(conn, row.type, key))).inserted_primary_key
    assert inserted is not None
    new_id = int(inserted[0])
    conn.execute(update(t.aliases).where(t.aliases.c.entity_id == entity_id, t.aliases.c.key == key)
                 .values(entity_id=new_id))
    if conn.scalar(select(t.aliases.c.id).where(t.aliases.c.entity_id == new_id)) is None:
        conn.execute(insert(t.aliases).values(entity_id=new_id, alias=alias, key=key))
    moved = [i for i, text in conn.execute(select(m.c.id, m.c.text).where(m.c.entity_id == entity_id))
             if name_key(text) == key]
    if moved:
        conn.execute(update(m).where(m.c.id.in_(moved)).values(entity_id=new_id))
    add_type_votes(conn, new_id, row.type, max(1, len(moved)))
    _move_articles_named_only_by(conn, entity_id, new_id)
    remove_alias(conn, entity_id, alias)
    _send(conn, row.type, key, new_id, alias)
    return new_id


def _move_articles_named_only_by(conn: Connection, entity_id: int, new_id: int) -> None:
    """Facts and descriptions of the articles where the new entity has mentions and the old none."""
    m, f, d = t.mentions, t.facts, t.descriptors
    def articles(of: int) -> set[str]:
        return set(conn.scalars(select(m.c.article_id).distinct().where(m.c.entity_id == of)))
    only = sorted(articles(new_id) - articles(entity_id))
    if not only:
        return
    in_them = f.c.article_id.in_(only)
    conn.execute(update(f).where(in_them, f.c.subject_id == entity_id).values(subject_id=new_id))
    conn.execute(update(f).where(in_them, f.c.object_id == entity_id).values(object_id=new_id))
    conn.execute(update(d).where(d.c.article_id.in_(only), d.c.entity_id == entity_id)
                 .values(entity_id=new_id))
