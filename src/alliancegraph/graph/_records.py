"""What graph queries return; every record's `to_dict()` is JSON-ready (dates as ISO strings)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from alliancegraph.records import FactAttributes
from alliancegraph.store import StoredEntity

__all__ = ["ATTRIBUTES", "HistoryItem", "Pending", "RuleNote", "Edge", "EntityView", "Change",
           "TimelineEvent", "ConflictSide", "Conflict", "EntityMatch", "Node", "Neighbourhood",
           "iso"]

ATTRIBUTES = FactAttributes.ATTRIBUTES
"""percent, amount, currency, title, kind, product: every edge and history item has each key."""


def iso(day: dt.date | None) -> str | None:
    """The date as YYYY-MM-DD, None as None."""
    return day.isoformat() if day else None


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values.get(k) for k in ATTRIBUTES}


@dataclass(slots=True)
class HistoryItem:
    """One article's statement of an edge: when, with which status and attributes, in which
    sentence, said by whom. `subject`/`object` are the order the article used."""

    date: dt.date | None
    status: str
    attributes: dict[str, Any]
    doc: str
    article_id: str
    sentence: str
    attributed_to: str | None
    outlet: str
    confidence: float
    subject: str
    object: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"date": iso(self.date), "status": self.status, **_attributes(self.attributes),
                "doc": self.doc, "article_id": self.article_id, "sentence": self.sentence,
                "attributed_to": self.attributed_to, "outlet": self.outlet,
                "confidence": round(self.confidence, 3), "subject": self.subject,
                "object": self.object, "valid_from": iso(self.valid_from),
                "valid_to": iso(self.valid_to)}


@dataclass(frozen=True)
class Pending:
    """A change announced or sought but not yet reported done: "will cut its stake to 15%";
    `effective` is the day it was announced for, if one was given ("will step down at the
    end of the year": status "ended", effective 31 December)."""

    status: str
    attributes: dict[str, Any]
    date: dt.date | None
    doc: str
    sentence: str
    effective: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, **{k: v for k, v in self.attributes.items()},
                "date": iso(self.date), "doc": self.doc, "sentence": self.sentence,
                "effective": iso(self.effective)}


@dataclass(frozen=True)
class RuleNote:
    """A rule of the world (`graph._rules.RULES`) changing an edge: on `date` it gave the edge
    `status`, for `reason` ("took effect on 2024-08-08 as announced on 2024-03-25"), applying
    the statement of `doc` (reported on `reported`) quoted in `sentence`."""

    rule: str
    date: dt.date | None
    status: str
    reason: str
    doc: str
    sentence: str
    reported: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "date": iso(self.date), "status": self.status,
                "reason": self.reason, "doc": self.doc, "sentence": self.sentence,
                "reported": iso(self.reported)}


@dataclass(slots=True)
class Edge:
    """Every fact with the same (subject, type, object), as the news stood on `as_of`.

    `status` and `attributes` are the latest reported on or before `as_of` (see `_fold`),
    with the world rules applied (`_rules`), each change a rule made listed in `rules`;
    `pending` is a planned or proposed change not yet reported done; `history` is every
    supporting fact, oldest first; `sources` counts distinct articles. `since` is the day
    the edge last began to hold (its stated valid_from, else the day it was first reported
    or took effect), None if it never held. `derived_from` names the type of the edge a rule
    derived this one from ("acquires" for completion), None for an edge articles state.
    Edges and history items are read-only by convention (not frozen: big neighbourhoods
    make thousands).
    """

    subject_id: int
    subject: str
    subject_type: str
    type: str
    object_id: int
    object: str
    object_type: str
    status: str
    attributes: dict[str, Any]
    confidence: float
    first_seen: dt.date | None
    last_seen: dt.date | None
    sources: int
    history: tuple[HistoryItem, ...]
    pending: Pending | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    rules: tuple[RuleNote, ...] = ()
    since: dt.date | None = None
    derived_from: str | None = None

    @property
    def current(self) -> bool:
        """Whether the edge holds (or is still to happen) rather than ended or denied."""
        return self.status not in ("ended", "denied")

    def other(self, entity_id: int) -> tuple[int, str]:
        """The id and name of the party that is not `entity_id`."""
        if self.subject_id == entity_id:
            return self.object_id, self.object
        return self.subject_id, self.subject

    def to_dict(self, *, history: str = "all") -> dict[str, Any]:
        """schema.md's edge object; history "all" (default) or "latest" (its last item only)."""
        items = self.history if history == "all" else self.history[-1:]
        return {"subject": self.subject, "type": self.type, "object": self.object,
                "status": self.status, **_attributes(self.attributes),
                "confidence": round(self.confidence, 3), "first_seen": iso(self.first_seen),
                "last_seen": iso(self.last_seen), "sources": self.sources,
                "current": self.current,
                "pending": self.pending.to_dict() if self.pending else None,
                "valid_from": iso(self.valid_from), "valid_to": iso(self.valid_to),
                "subject_type": self.subject_type, "object_type": self.object_type,
                "since": iso(self.since), "derived_from": self.derived_from,
                "rules": [note.to_dict() for note in self.rules],
                "history": [item.to_dict() for item in items]}


@dataclass(frozen=True)
class EntityView:
    """An entity and every edge touching it (or one page of them) as of a date: schema.md's "Graph output"."""

    entity: StoredEntity
    as_of: dt.date
    edges: tuple[Edge, ...]
    edges_by_type: dict[str, int] = field(default_factory=dict)
    """How many edges of each type touch the entity: all of them, when `edges` is one page."""

    @property
    def total_edges(self) -> int:
        return sum(self.edges_by_type.values())

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity.to_dict(), "as_of": iso(self.as_of),
                "edges": [e.to_dict() for e in self.edges], "total_edges": self.total_edges,
                "edges_by_type": dict(self.edges_by_type)}


@dataclass(frozen=True)
class Change:
    """One article changing an edge: `kind` "new" (first report), "status" (the edge's status,
    `field` "status", or a pending plan, `field` "pending") or "attribute" (`field` names it),
    with the values `before` and `after`, and the edge's status and attributes after it.
    `date` is the day of the change: the article's, or the day a rule made it (`rule`, with
    its `reason`); `reported` is the article's date and `effective` the day its statement
    holds from (or ends on) if it gives one."""

    kind: str
    field: str
    date: dt.date | None
    subject: str
    type: str
    object: str
    before: Any
    after: Any
    status: str
    attributes: dict[str, Any]
    doc: str
    sentence: str
    attributed_to: str | None
    outlet: str
    reported: dt.date | None = None
    effective: dt.date | None = None
    rule: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "field": self.field, "date": iso(self.date),
                "subject": self.subject, "type": self.type, "object": self.object,
                "before": self.before, "after": self.after, "status": self.status,
                "attributes": dict(self.attributes), "doc": self.doc, "sentence": self.sentence,
                "attributed_to": self.attributed_to, "outlet": self.outlet,
                "reported": iso(self.reported), "effective": iso(self.effective),
                "rule": self.rule, "reason": self.reason}


@dataclass(frozen=True)
class TimelineEvent(Change):
    """A change on an entity's timeline; `what` is "new", "status", "pending" or the attribute."""

    @property
    def what(self) -> str:
        return "new" if self.kind == "new" else self.field

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, **super().to_dict()}


@dataclass(frozen=True)
class ConflictSide:
    """One side of a disagreement: the value it gives and the statements giving it."""

    value: Any
    evidence: tuple[HistoryItem, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "evidence": [item.to_dict() for item in self.evidence]}


@dataclass(frozen=True)
class Conflict:
    """An edge whose articles disagree on `field` ("status", "percent" or "amount")."""

    subject: str
    type: str
    object: str
    field: str
    sides: tuple[ConflictSide, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "type": self.type, "object": self.object,
                "field": self.field, "sides": [side.to_dict() for side in self.sides]}


@dataclass(frozen=True)
class EntityMatch:
    """An entity found by a fuzzy search of names and aliases (score 0-100)."""

    entity: StoredEntity
    score: float
    matched: str
    edges: int

    def to_dict(self) -> dict[str, Any]:
        return {**self.entity.to_dict(), "score": round(self.score, 1),
                "matched": self.matched, "edges": self.edges}


@dataclass(frozen=True)
class Node:
    """An entity in a neighbourhood, with the number of edges it has there."""

    entity_id: int
    name: str
    type: str
    degree: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "degree": self.degree}


@dataclass(frozen=True)
class Neighbourhood:
    """The entities within some hops of a centre and the edges among them, as of a date."""

    center: StoredEntity
    as_of: dt.date
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"center": self.center.to_dict(), "as_of": iso(self.as_of),
                "nodes": [n.to_dict() for n in self.nodes],
                "edges": [e.to_dict(history="latest") for e in self.edges]}
