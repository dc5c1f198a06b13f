"""The whole graph as of a date, as every export writes it: entities and edges."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from alliancegraph.graph import Edge, every_edge
from alliancegraph.names import name_key
from alliancegraph.store import Store, StoredEntity

__all__ = ["WholeGraph", "whole_graph", "slug"]


@dataclass(frozen=True)
class WholeGraph:
    """Every entity that has an edge, and every edge, as the news stood on `as_of`."""

    as_of: dt.date
    entities: dict[int, StoredEntity]
    edges: list[Edge]


def whole_graph(store: Store, *, as_of: dt.date | None = None) -> WholeGraph:
    """Read every fact once (streamed, edge by edge) and fold each edge."""
    edges = every_edge(store, as_of=as_of)
    ids = {e.subject_id for e in edges} | {e.object_id for e in edges}
    return WholeGraph(as_of=as_of or dt.date.today(), entities=store.entities_by_id(ids),
                      edges=edges)


def slug(entity: StoredEntity) -> str:
    """A stable identifier part for the entity: its type and name key ("org/renault",
    "org/nissan-motor"); unique, as the store keeps one entity per type and key."""
    return f"{entity.type.lower()}/{quote(name_key(entity.name).replace(' ', '-'), safe='-')}"
