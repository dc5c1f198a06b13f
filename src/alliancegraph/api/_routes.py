"""The read endpoints: the same verbs as the CLI and `alliancegraph.graph`, as JSON over HTTP."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from alliancegraph import graph
from alliancegraph.api._cache import cached_json
from alliancegraph.api._errors import ERROR_RESPONSES
from alliancegraph.api._models import (
    ChangeOut, ConflictOut, EdgeOut, EntityMatchOut, EntityViewOut, NeighbourhoodOut, PathOut, TimelineEventOut,
)
from alliancegraph.records import RELATION_TYPES
from alliancegraph.store import Store

__all__ = ["router"]

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

RelationType = Literal[RELATION_TYPES]  # type: ignore[valid-type]
Name = Annotated[str, Query(min_length=1, max_length=300, description="An entity's name or one of its aliases.")]
AsOf = Annotated[dt.date | None, Query(description="The graph as the news stood on this date (YYYY-MM-DD); "
                                                    "default: everything stored.")]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store




@router.get("/search", response_model=list[EntityMatchOut], summary="Entities by name or alias, fuzzy")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=300, description="Text to match.")],
           limit: Annotated[int, Query(ge=1, le=100)] = 10) -> Response:
    """The entities whose name or an alias best matches `q`, best first."""
    return cached_json(request, lambda: [match.to_dict() for match in graph.search(_store(request), q, limit=limit)])


@router.get("/entity", response_model=EntityViewOut, summary="An entity with every edge touching it")
def show(request: Request, name: Name, as_of: AsOf = None,
         limit: Annotated[int | None, Query(ge=1, le=5000, description="Most edges (a page); default: every "
                                                                       "edge, in schema.md's order.")] = None,
         offset: Annotated[int, Query(ge=0, description="Edges to skip before the page.")] = 0) -> Response:
    """schema.md's Graph output: the entity and its edges as the news stood on `as_of`, with
    `total_edges` and `edges_by_type`. With `limit`, one page of edges: by type, then the edges
    stated most often, then the latest reported."""
    return cached_json(request, lambda: graph.show(_store(request), name, as_of=as_of, limit=limit,
                                                   offset=offset).to_dict())


@router.get("/edge", response_model=EdgeOut, summary="One edge with its full evidence history")
def edge(request: Request, subject: Name, type: RelationType, object: Name, as_of: AsOf = None) -> Response:
    """The edge (subject, type, object), every article that reported it; symmetric types match either order."""
    return cached_json(request, lambda: graph.edge(_store(request), subject, type, object, as_of=as_of).to_dict())


@router.get("/timeline", response_model=list[TimelineEventOut], summary="Dated events on an entity, oldest first")
def timeline(request: Request, name: Name, as_of: AsOf = None) -> Response:
    """Every dated report touching the entity, oldest first, each with what it changed."""
    return cached_json(request, lambda: [e.to_dict() for e in graph.timeline(_store(request), name, as_of=as_of)])


@router.get("/changes", response_model=list[ChangeOut], summary="What changed since a date")
def changes(request: Request, since: Annotated[dt.date, Query(description="First date to report (YYYY-MM-DD).")],
            until: Annotated[dt.date | None, Query(description="Last date to report; default: all.")] = None,
            entity: Annotated[str | None, Query(min_length=1, max_length=300,
                                                description="Only changes touching this entity.")] = None,
            ) -> Response:
    """New edges, status changes and attribute changes from `since` on, each with its article."""
    return cached_json(request, lambda: [change.to_dict() for change in
                                         graph.changes(_store(request), since=since, entity=entity, until=until)])


@router.get("/conflicts", response_model=list[ConflictOut], summary="Edges whose sources disagree")
def conflicts(request: Request,
              entity: Annotated[str | None, Query(min_length=1, max_length=300,
                                                  description="Only edges touching this entity.")] = None,
              ) -> Response:
    """Edges reported differently by different articles, both sides with their evidence."""
    return cached_json(request, lambda: [c.to_dict() for c in graph.conflicts(_store(request), entity=entity)])


@router.get("/path", response_model=PathOut, summary="How two entities are connected")
def path(request: Request, source: Annotated[str, Query(alias="from", min_length=1, max_length=300)],
         target: Annotated[str, Query(alias="to", min_length=1, max_length=300)],
         max_hops: Annotated[int, Query(ge=1, le=6)] = 3, as_of: AsOf = None) -> Response:
    """The shortest chain of edges from `from` to `to`, at most `max_hops` long; no edges if there is none."""
    def build() -> dict[str, Any]:
        edges = graph.path(_store(request), source, target, max_hops=max_hops, as_of=as_of)
        return {"source": source, "target": target, "hops": len(edges), "edges": [e.to_dict() for e in edges]}
    return cached_json(request, build)


@router.get("/neighbourhood", response_model=NeighbourhoodOut, summary="Nodes and edges around an entity, for drawing")
def neighbourhood(request: Request, name: Name, as_of: AsOf = None, hops: Annotated[int, Query(ge=1, le=3)] = 1,
                  limit: Annotated[int, Query(ge=1, le=2000, description="Most entities, the centre and its "
                                                                         "most linked neighbours.")] = 200,
                  max_edges: Annotated[int, Query(ge=1, le=20000, description="Most edges: those touching the "
                                                                              "centre first, then the surest.")] = 200,
                  ) -> Response:
    """The entities within `hops` of `name` as of a date and the edges among them, at most
    `limit` entities and `max_edges` edges; entities left without an edge are dropped."""
    return cached_json(request, lambda: capped(
        graph.neighbourhood(_store(request), name, as_of=as_of, hops=hops, limit=limit).to_dict(), max_edges=max_edges))


def capped(hood: dict[str, Any], *, max_edges: int) -> dict[str, Any]:
    """A neighbourhood dict with at most `max_edges` edges, those touching the centre first (each
    group in the order given), its nodes cut to the centre and the ends of the kept edges, and
    each node's degree counted over the kept edges."""
    centre = hood["center"]["name"]
    edges = sorted(hood["edges"], key=lambda e: centre not in (e["subject"], e["object"]))[:max_edges]
    degree = Counter(name for e in edges for name in (e["subject"], e["object"]))
    nodes = [{**node, "degree": degree[node["name"]]} for node in hood["nodes"]
             if node["name"] == centre or degree[node["name"]]]
    return {**hood, "nodes": nodes, "edges": edges}


@router.get("/stats", summary="What the store holds")
def stats(request: Request) -> Response:
    """Counts of articles, entities and facts, by type and status."""
    return cached_json(request, _store(request).stats)
