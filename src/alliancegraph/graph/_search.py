"""Finding entities by a name, an alias or a part or misspelling of one (rapidfuzz)."""
from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from alliancegraph.errors import GraphError
from alliancegraph.graph._records import EntityMatch
from alliancegraph.names import is_generic, name_key
from alliancegraph.store import Store

__all__ = ["MIN_SCORE", "search"]

MIN_SCORE = 75.0
"""Matches scoring below this (rapidfuzz WRatio, 0-100) are not returned."""


@dataclass(frozen=True)
class _Index:
    version: tuple[int, ...]
    keys: list[str]
    entries: list[tuple[int, str]]  # (entity id, alias), by position in `keys`
    data_version: int = -1


_INDEXES: dict[str, _Index] = {}
"""The alias index per store, kept until its version changes (aliases added, entities merged);
checked only when the store's data version has changed since."""


_EDGE_COUNTS: dict[str, tuple[int, dict[int, int]]] = {}
"""Edges per entity as searches counted them, per store, kept until its data version changes."""


def _edge_counts(store: Store, entity_ids: list[int], data_version: int) -> dict[int, int]:
    version, counts = _EDGE_COUNTS.get(store.where, (-1, {}))
    if version != data_version:
        counts = {}
        _EDGE_COUNTS[store.where] = (data_version, counts)
    missing = [i for i in entity_ids if i not in counts]
    if missing:
        found = store.edge_counts(missing)
        counts.update((i, found.get(i, 0)) for i in missing)
    return {i: counts[i] for i in entity_ids}


def _index(store: Store, data_version: int) -> _Index:
    cached = _INDEXES.get(store.where)
    if cached is not None and cached.data_version == data_version:
        return cached
    if cached is not None and cached.version == store.alias_index_version():
        _INDEXES[store.where] = replace(cached, data_version=data_version)
        return cached
    version, rows = store.alias_index()
    index = _Index(version=version, keys=[key for _, _, key in rows],
                   entries=[(entity_id, alias) for entity_id, alias, _ in rows], data_version=data_version)
    _INDEXES[store.where] = index
    return index


def _score(query: str, key: str, fuzzy: float) -> float:
    if key == query:
        return 100.0
    if key.startswith(query):
        return max(fuzzy, 99.0 - min(9.0, (len(key) - len(query)) / 2))
    return fuzzy


def search(store: Store, text: str, *, limit: int = 10) -> list[EntityMatch]:
    """Entities whose name or an alias matches `text` best, at most `limit`, best first:
    the same name scores 100, a name that starts with the text 90-99, others by rapidfuzz's
    WRatio (at least MIN_SCORE). Ties go to the entity with more edges. Words any company may
    be called by ("the company", "the group") match nothing."""
    query = name_key(text)
    if not query:
        raise GraphError(f"search text '{text}' has no letters or digits. Give part of a name.")
    if limit < 1:
        raise GraphError(f"limit must be at least 1, not {limit}.")
    if is_generic(text):
        return []
    data_version = store.data_version()
    index = _index(store, data_version)
    best: dict[int, tuple[float, str]] = {}
    for key, _, position in process.extract(query, index.keys, scorer=fuzz.partial_ratio,
                                            score_cutoff=MIN_SCORE, limit=limit * 20):
        fuzzy = fuzz.WRatio(query, key)  # partial_ratio, 5 times cheaper, picked the candidates
        if fuzzy < MIN_SCORE:
            continue
        entity_id, alias = index.entries[position]
        score = _score(query, key, fuzzy)
        if score > best.get(entity_id, (-1.0, ""))[0]:
            best[entity_id] = (score, alias)
    shortlist = sorted(best, key=lambda i: -best[i][0])[:limit * 2]
    entities = store.entities_by_id(shortlist)
    counts = _edge_counts(store, list(entities), data_version)
    ranked = sorted(entities, key=lambda i: (-best[i][0], -counts.get(i, 0),
                                             entities[i].name.casefold()))
    return [EntityMatch(entity=entities[i], score=best[i][0], matched=best[i][1],
                        edges=counts.get(i, 0)) for i in ranked[:limit]]
