"""The shapes of the API's answers, for the OpenAPI document (schema.md's "Graph output").

Routes return the graph records' `.to_dict()` as they are; these models describe that data,
and the schemathesis test checks every answer against them. Fields may be added, never renamed.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = [
    "ChangeOut", "ConflictOut", "EdgeOut", "EntityMatchOut", "EntityOut", "EntityViewOut", "HistoryOut",
    "IngestOut", "NeighbourhoodOut", "NodeOut", "PathOut", "TimelineEventOut",
]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class EntityOut(_Open):
    """An entity under its canonical name, with every name it was met under, its own id (`uid`)
    and, where known, its Wikidata QID, LEI and stock ticker."""

    uid: str | None = None
    name: str
    type: str
    aliases: list[str] = []
    qid: str | None = None
    lei: str | None = None
    ticker: str | None = None


class _Attributes(_Open):
    """The optional attributes of a relation (schema.md), each null when not reported."""

    percent: float | None = None
    amount: float | None = None
    currency: str | None = None
    title: str | None = None
    kind: str | None = None
    product: str | None = None


class HistoryOut(_Attributes):
    """One article's report of an edge: date, status, attributes and the evidence sentence."""

    date: str | None = None
    status: str
    doc: str | None = None
    sentence: str | None = None
    attributed_to: str | None = None
    outlet: str | None = None


class EdgeOut(_Attributes):
    """One merged edge as the news stood on the as-of date, with its history."""

    subject: str
    type: str
    object: str
    status: str
    confidence: float
    first_seen: str | None = None
    last_seen: str | None = None
    sources: int
    pending: dict[str, Any] | None = None
    history: list[HistoryOut] = []


class EntityViewOut(_Open):
    """An entity and every edge touching it as of a date (schema.md's Graph output)."""

    entity: EntityOut
    as_of: str | None = None
    edges: list[EdgeOut]
    total_edges: int | None = None
    edges_by_type: dict[str, int] = {}


class EntityMatchOut(_Open):
    """A search hit: the entity, its aliases and how well it matched (0-100)."""

    name: str
    type: str
    aliases: list[str] = []
    score: float
    edges: int | None = None


class TimelineEventOut(_Open):
    """A dated event on an entity's edges, with the article that reported it."""

    date: str | None = None
    subject: str
    type: str
    object: str
    status: str
    doc: str | None = None
    sentence: str | None = None
    what: str | None = None


class ChangeOut(_Open):
    """A new edge, a status change or an attribute change, with the article that made it."""

    kind: str
    field: str | None = None
    subject: str
    type: str
    object: str
    before: Any = None
    after: Any = None
    doc: str | None = None
    date: str | None = None
    sentence: str | None = None


class ConflictOut(_Open):
    """An edge whose sources disagree, with both sides' evidence."""

    subject: str
    type: str
    object: str
    field: str | None = None
    sides: list[dict[str, Any]] = []


class NodeOut(_Open):
    """A node of a neighbourhood: an entity and how many drawn edges touch it."""

    name: str
    type: str
    degree: int


class NeighbourhoodOut(_Open):
    """The entities and edges within `hops` of the centre, for drawing."""

    center: EntityOut
    as_of: str | None = None
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class PathOut(_Open):
    """The shortest chain of edges from one entity to another; empty if none within max_hops."""

    source: str
    target: str
    hops: int
    edges: list[EdgeOut]


class IngestOut(_Open):
    """What a posted batch did, each input counted once: new, updated (a correction of a stored
    article), duplicates (with the stored article each repeats), failed; of the new and updated,
    how many were linked to a near-duplicate; facts stored."""

    read: int
    new: int
    updated: int
    linked: int
    duplicates: int
    duplicate_of: list[dict[str, str]]
    facts: int
    failed: list[str]
    warnings: list[str]
