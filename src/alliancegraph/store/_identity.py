"""Who a stored entity is: its own id, the gazetteer's identifiers and names, its type by vote.

The gazetteer's companies are read here from the package's JSON, without spaCy, so that
opening a store stays cheap.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sqlalchemy import Connection, delete, func, insert, select, update

from alliancegraph.names import core_key, is_descriptor, name_key
from alliancegraph.store import _schema as t
from alliancegraph.store._keys import described_key
from alliancegraph.store._merge import merge_into

__all__ = ["KnownCompany", "known_company", "new_uid", "backfill_identity", "add_type_votes",
           "winning_type"]


@dataclass(frozen=True)
class KnownCompany:
    """A gazetteer company: its names and, where the gazetteer has them, its identifiers."""

    name: str
    names: tuple[str, ...]
    country: str | None
    identifiers: dict[str, str]


@lru_cache(maxsize=1)
def _companies() -> dict[str, KnownCompany]:
    table = json.loads(resources.files("alliancegraph.data").joinpath("companies.json")
                       .read_text(encoding="utf-8"))
    by_key: dict[str, KnownCompany] = {}
    for row in table:
        company = KnownCompany(name=row["name"], names=(row["name"], *row.get("aliases", ())),
                               country=row.get("country"),
                               identifiers={k: row[k] for k in t.IDENTIFIERS if row.get(k)})
        for name in company.names:
            by_key.setdefault(name_key(name), company)
    return by_key


def known_company(names: list[str]) -> KnownCompany | None:
    """The gazetteer company one of `names` names, by key, else by the key without a corporate
    tail ("Zhejiang Geely Holding Group" is "Zhejiang Geely Holding"); None if none or if the
    names point at two companies."""
    companies = _companies()
    found = {companies[k].name: companies[k] for k in (name_key(n) for n in names) if k in companies}
    if not found:
        found = {companies[k].name: companies[k] for n in names for k in _shorter_keys(name_key(n))
                 if k in companies}
    return next(iter(found.values())) if len(found) == 1 else None


def _shorter_keys(key: str) -> list[str]:
    """The key less one, two, ... of its trailing corporate words, down to `core_key`."""
    words, core = key.split(), core_key(key).split()
    return [" ".join(words[:n]) for n in range(len(words) - 1, len(core) - 1, -1)]


def new_uid(conn: Connection, entity_type: str, key: str) -> str:
    """An id for a new entity that no other entity of the store has: "ag-" and 12 hex digits
    from its type and name key, so the same store built again gives the same ids."""
    base = "ag-" + hashlib.sha1(f"{entity_type}:{key}".encode()).hexdigest()[:12]
    uid, n = base, 1
    while conn.scalar(select(t.entities.c.id).where(t.entities.c.uid == uid)) is not None:
        n += 1
        uid = f"{base}-{n}"
    return uid


def add_type_votes(conn: Connection, entity_id: int, entity_type: str, votes: int) -> None:
    """Count `votes` more mentions reading the entity as `entity_type`."""
    tv = t.type_votes
    where = (tv.c.entity_id == entity_id, tv.c.type == entity_type)
    if conn.scalar(select(tv.c.votes).where(*where)) is None:
        conn.execute(insert(tv).values(entity_id=entity_id, type=entity_type, votes=votes))
    else:
        conn.execute(update(tv).where(*where).values(votes=tv.c.votes + votes))


def winning_type(conn: Connection, entity_id: int, current: str) -> str:
    """The type set by hand, else the type most mentions read the entity as; `current` keeps a tie."""
    fixed = conn.scalar(select(t.entities.c.fixed_type).where(t.entities.c.id == entity_id))
    if fixed is not None:
        return str(fixed)
    tv = t.type_votes
    votes = dict(conn.execute(select(tv.c.type, tv.c.votes).where(tv.c.entity_id == entity_id)).all())
    best = max(votes.values(), default=0)
    return current if votes.get(current, 0) == best else min(k for k, v in votes.items() if v == best)


def backfill_identity(conn: Connection) -> None:
    """Give every entity an id, the gazetteer's identifiers and one type vote per mention, and
    drop descriptor aliases (an entity's own name stays)."""
    e, al, m = t.entities, t.aliases, t.mentions
    mentions = dict(conn.execute(select(m.c.entity_id, func.count()).group_by(m.c.entity_id)).all())
    voted = set(conn.scalars(select(t.type_votes.c.entity_id)))
    for row in conn.execute(select(e.c.id, e.c.name, e.c.type, e.c.key).where(e.c.uid.is_(None))).all():
        values: dict[str, str] = {"uid": new_uid(conn, row.type, row.key)}
        company = known_company([row.name]) if row.type == "ORG" else None
        if company is not None:
            values.update(company.identifiers)
        conn.execute(update(e).where(e.c.id == row.id).values(**values))
        if row.id not in voted:
            add_type_votes(conn, row.id, row.type, max(1, int(mentions.get(row.id, 0))))
    _rename_described_entities(conn)
    generic = [i for i, alias in conn.execute(select(al.c.id, al.c.alias)) if is_descriptor(alias)]
    for start in range(0, len(generic), 500):
        conn.execute(delete(al).where(al.c.id.in_(generic[start:start + 500])))


def _rename_described_entities(conn: Connection) -> None:
    """An entity stored under a description takes its longest name alias as its name (joining
    the entity of that name if there is one); with none, it becomes an entity of its own that no
    later article's name finds."""
    e, al = t.entities, t.aliases
    for row in conn.execute(select(e.c.id, e.c.name, e.c.type, e.c.key)).all():
        if not is_descriptor(row.name):
            continue
        names = [a for a in conn.scalars(select(al.c.alias).where(al.c.entity_id == row.id))
                 if not is_descriptor(a)]
        if not names:
            conn.execute(update(e).where(e.c.id == row.id).values(key=described_key(row.key, row.id)))
            continue
        name = max(names, key=len)
        same = conn.scalar(select(e.c.id).where(e.c.type == row.type, e.c.key == name_key(name)))
        if same is None:
            conn.execute(update(e).where(e.c.id == row.id).values(name=name, key=name_key(name)))
        else:
            merge_into(conn, int(same), row.id, remember=False)
