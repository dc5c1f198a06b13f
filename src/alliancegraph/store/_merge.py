"""Merging one stored entity into another: its aliases, mentions and facts move, it goes."""
from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from alliancegraph.store import _schema as t

__all__ = ["merge_into", "merged_target"]


def merged_target(conn: Connection, entity_type: str, keys: list[str]) -> int | None:
    """The entity a hand merge sent names of this type with the first of `keys` to, else the
    one entity such merges sent any of the others to; None if there is no such rule."""
    mg = t.entity_merges
    for wanted in (keys[:1], keys[1:]):
        if not wanted:
            continue
        ids = set(conn.scalars(select(mg.c.entity_id)
                               .where(mg.c.type == entity_type, mg.c.key.in_(wanted))))
        if len(ids) == 1:
            return int(ids.pop())
    return None


def merge_into(conn: Connection, keep_id: int, other_id: int, *, remember: bool) -> None:
    """Move every alias, mention and fact of entity `other_id` to `keep_id` and delete it.

    Aliases `keep_id` already has (by key) are dropped; type votes add up; identifiers it
    lacks are taken over; facts that would join the entity to
    itself are deleted. Hand merges that pointed at `other_id` now point at `keep_id`. With
    `remember`, the other entity's name key is recorded in entity_merges, so that a later
    article naming it is stored under `keep_id` (the merge survives re-ingest).
    """
    e, al, f, mg = t.entities, t.aliases, t.facts, t.entity_merges
    other = conn.execute(select(e.c.name, e.c.type, e.c.key).where(e.c.id == other_id)).one()
    kept = set(conn.scalars(select(al.c.key).where(al.c.entity_id == keep_id)))
    doubles = [i for i, key in conn.execute(select(al.c.id, al.c.key)
                                            .where(al.c.entity_id == other_id)) if key in kept]
    if doubles:
        conn.execute(delete(al).where(al.c.id.in_(doubles)))
    conn.execute(update(al).where(al.c.entity_id == other_id).values(entity_id=keep_id))
    conn.execute(update(t.mentions).where(t.mentions.c.entity_id == other_id)
                 .values(entity_id=keep_id))
    conn.execute(update(t.descriptors).where(t.descriptors.c.entity_id == other_id)
                 .values(entity_id=keep_id))
    _move_votes_and_rules(conn, keep_id, other_id)
    _move_identifiers(conn, keep_id, other_id)
    conn.execute(update(f).where(f.c.subject_id == other_id).values(subject_id=keep_id))
    conn.execute(update(f).where(f.c.object_id == other_id).values(object_id=keep_id))
    conn.execute(delete(f).where(f.c.subject_id == keep_id, f.c.object_id == keep_id))
    conn.execute(update(mg).where(mg.c.entity_id == other_id).values(entity_id=keep_id))
    if remember:
        conn.execute(delete(mg).where(mg.c.type == other.type, mg.c.key == other.key))
        conn.execute(insert(mg).values(type=other.type, key=other.key, entity_id=keep_id,
                                       merged_name=other.name))
    conn.execute(delete(e).where(e.c.id == other_id))


def _move_votes_and_rules(conn: Connection, keep_id: int, other_id: int) -> None:
    tv, rules = t.type_votes, t.alias_rules
    kept = dict(conn.execute(select(tv.c.type, tv.c.votes).where(tv.c.entity_id == keep_id)).all())
    for entity_type, votes in conn.execute(select(tv.c.type, tv.c.votes)
                                           .where(tv.c.entity_id == other_id)).all():
        if entity_type in kept:
            conn.execute(update(tv).where(tv.c.entity_id == keep_id, tv.c.type == entity_type)
                         .values(votes=kept[entity_type] + votes))
        else:
            conn.execute(insert(tv).values(entity_id=keep_id, type=entity_type, votes=votes))
    blocked = set(conn.scalars(select(rules.c.key).where(rules.c.entity_id == keep_id)))
    for key in conn.scalars(select(rules.c.key).where(rules.c.entity_id == other_id)).all():
        if key not in blocked:
            conn.execute(insert(rules).values(entity_id=keep_id, key=key))


def _move_identifiers(conn: Connection, keep_id: int, other_id: int) -> None:
    e = t.entities
    columns = [e.c[k] for k in t.IDENTIFIERS]
    kept = conn.execute(select(*columns).where(e.c.id == keep_id)).one()
    other = conn.execute(select(*columns).where(e.c.id == other_id)).one()
    taken = {k: getattr(other, k) for k in t.IDENTIFIERS
             if getattr(kept, k) is None and getattr(other, k) is not None}
    if taken:
        conn.execute(update(e).where(e.c.id == keep_id).values(**taken))
