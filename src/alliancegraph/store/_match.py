"""Finding the stored entity a document's entity is: by hand merge, name, alias, gazetteer
company, or a shorter or longer form of the name; and settling its type by vote."""
from __future__ import annotations

from sqlalchemy import Connection, select, update

from alliancegraph.names import core_key, name_key
from alliancegraph.records import Entity
from alliancegraph.store import _schema as t
from alliancegraph.store._keys import key_starts
from alliancegraph.store._identity import KnownCompany, known_company, winning_type
from alliancegraph.store._merge import merge_into, merged_target

__all__ = ["find_entity", "settle_types", "fill_identifiers"]

_CROSS_TYPES = {"ORG": "PERSON", "PERSON": "ORG"}
"""The types a mention may be misread between, joined by name and settled by vote; a place
never is one of them (Jordan the country is not Jordan the person)."""


def find_entity(conn: Connection, entity_type: str, key: str, names: list[str],
                company: KnownCompany | None, *, apart: frozenset[str] = frozenset()) -> int | None:
    """The stored entity a document's entity with this type, name key and names is, first by
    the first rule that gives one: a hand merge; the same type and name key; the one entity of
    the type with one of its names as an alias, or named by one of them; the same name read as
    the other of company and person when the gazetteer knows it as a company or it is one word;
    the one company whose name is a longer or shorter form of this one ("Fonterra" and
    "Fonterra Co-operative Group") unless its name is in `apart` (the keys of the other
    entities of the document, which it tells apart). None: a new entity."""
    e, a = t.entities, t.aliases
    keys = [k for k in dict.fromkeys([key, *(name_key(n) for n in names)]) if k]
    merged = merged_target(conn, entity_type, keys)
    if merged is not None:
        return merged
    found = conn.scalar(select(e.c.id).where(e.c.type == entity_type, e.c.key == key))
    if found is not None:
        return int(found)
    by_alias = select(a.c.entity_id).distinct().join(e, e.c.id == a.c.entity_id).where(
        e.c.type == entity_type, a.c.key == key)
    by_own_aliases = select(e.c.id).where(e.c.type == entity_type, e.c.key.in_(keys[1:]))
    for query in (by_alias, by_own_aliases):
        ids = list(conn.scalars(query.limit(2)))
        if len(ids) == 1:
            return int(ids[0])
    other = _CROSS_TYPES.get(entity_type)
    if other is not None and (company is not None or len(key.split()) == 1):
        found = conn.scalar(select(e.c.id).where(e.c.type == other, e.c.key == key))
        if found is not None:
            return int(found)
    return _other_form(conn, entity_type, key, company, apart)


def _other_form(conn: Connection, entity_type: str, key: str, company: KnownCompany | None,
                apart: frozenset[str]) -> int | None:
    """The one stored company whose name is this one with a corporate tail, or (for a company's
    longer name) the one company or misread person whose name is this one without it; never
    another company the gazetteer knows apart."""
    e = t.entities
    core = core_key(key)
    if core != key:
        types = [entity_type, *([_CROSS_TYPES[entity_type]] if entity_type in _CROSS_TYPES else [])]
        shorter = select(e.c.id, e.c.name).where(e.c.type.in_(types), e.c.key == core)
        candidates = conn.execute(shorter).all()
    elif entity_type in _CROSS_TYPES:
        longer = select(e.c.id, e.c.name, e.c.key).where(e.c.type == "ORG", key_starts(conn, key + " "))
        candidates = [r for r in conn.execute(longer).all() if core_key(r.key) == key]
    else:
        return None
    candidates = [r for r in candidates
                  if name_key(r.name) not in apart and _same_company(company, r.name)]
    return int(candidates[0].id) if len(candidates) == 1 else None


def _same_company(company: KnownCompany | None, stored_name: str) -> bool:
    """Whether the gazetteer lets the two names be one company: not two companies it knows apart."""
    other = known_company([stored_name])
    return company is None or other is None or other.name == company.name


def fill_identifiers(conn: Connection, entity_id: int, identifiers: dict[str, str]) -> None:
    """Set the identifiers the entity does not have yet; one set by hand is never replaced."""
    e = t.entities
    row = conn.execute(select(*(e.c[k] for k in t.IDENTIFIERS)).where(e.c.id == entity_id)).one()
    missing = {k: v for k, v in identifiers.items() if getattr(row, k) is None}
    if missing:
        conn.execute(update(e).where(e.c.id == entity_id).values(**missing))


def settle_types(conn: Connection, stored: list[tuple[Entity, int]]) -> list[tuple[Entity, int]]:
    """Give each stored entity of the document the type most mentions read it as, merging it
    into the entity of that type and name if there is one. RETURNS the (entity, id) pairs
    with the ids as they are now."""
    e = t.entities
    moved: dict[int, int] = {}
    for entity_id in dict.fromkeys(i for _, i in stored):
        row = conn.execute(select(e.c.type, e.c.key).where(e.c.id == entity_id)).one_or_none()
        if row is None:
            continue
        wanted = winning_type(conn, entity_id, row.type)
        if wanted == row.type:
            continue
        same = conn.scalar(select(e.c.id).where(e.c.type == wanted, e.c.key == row.key))
        if same is None:
            conn.execute(update(e).where(e.c.id == entity_id).values(type=wanted))
        else:
            merge_into(conn, int(same), entity_id, remember=False)
            moved[entity_id] = int(same)
    return [(entity, moved.get(i, i)) for entity, i in stored]
