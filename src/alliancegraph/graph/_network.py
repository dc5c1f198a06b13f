"""The graph verbs over many entities: the shortest path between two, and a neighbourhood."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection

from alliancegraph.errors import GraphError
from alliancegraph.graph._queries import edges_of, lookup
from alliancegraph.graph._records import Edge, Neighbourhood, Node
from alliancegraph.store import Store

__all__ = ["PATH_SKIPS", "path", "neighbourhood"]

PATH_SKIPS = ("based_in",)
"""Types a path does not go through unless asked: a country would join every pair of its firms."""


def _walk_back(parents: dict[int, int | None], node: int) -> list[int]:
    chain = [node]
    while (parent := parents[chain[-1]]) is not None:
        chain.append(parent)
    return chain


def _shortest(store: Store, start: int, end: int, *, max_hops: int, as_of: dt.date | None,
              skip: Collection[str], banned: set[frozenset[int]]) -> list[int]:
    """The entity ids of a shortest chain start..end (bidirectional breadth-first search,
    expanding the smaller side) through no `banned` pair, or [] if none has at most
    `max_hops` links."""
    sides: list[dict[int, int | None]] = [{start: None}, {end: None}]
    frontiers: list[set[int]] = [{start}, {end}]
    for _ in range(max_hops):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        parents, others = sides[side], sides[1 - side]
        fresh: set[int] = set()
        for a, b in sorted(store.neighbours(frontiers[side], as_of=as_of, skip_types=skip)):
            if b not in parents and frozenset((a, b)) not in banned:
                parents[b] = a
                fresh.add(b)
        meeting = sorted(fresh & others.keys())
        if meeting:
            half, rest = _walk_back(parents, meeting[0]), _walk_back(others, meeting[0])
            chain = half[::-1] + rest[1:]
            return chain if side == 0 else chain[::-1]
        if not fresh:
            return []
        frontiers[side] = fresh
    return []


def _best(edges: list[Edge]) -> Edge:
    return min(edges, key=lambda e: (e.status == "denied", not e.current, -e.confidence, e.type))


def path(store: Store, a: str, b: str, *, max_hops: int = 3, as_of: dt.date | None = None,
         via_places: bool = False) -> list[Edge]:
    """The edges of a shortest connection from `a` to `b` as of `as_of`, in order from `a`,
    each the strongest edge joining its two entities; [] if none within `max_hops` links.
    An edge whose status is denied joins nothing; neither does based_in unless `via_places`.
    Raises EntityNotFound."""
    if max_hops < 1:
        raise GraphError(f"max_hops must be at least 1, not {max_hops}.")
    start, end = lookup(store, a), lookup(store, b)
    if start.id == end.id:
        return []
    skip = () if via_places else PATH_SKIPS
    banned: set[frozenset[int]] = set()
    while chain := _shortest(store, start.id, end.id, max_hops=max_hops, as_of=as_of,
                             skip=skip, banned=banned):
        links = _links(store, chain, as_of=as_of, skip=skip)
        denied = {frozenset((e.subject_id, e.object_id)) for e in links if e.status == "denied"}
        if not denied:
            return links
        banned |= denied
    return []


def _links(store: Store, chain: list[int], *, as_of: dt.date | None,
           skip: Collection[str]) -> list[Edge]:
    """The strongest edge between each two neighbours of the chain."""
    edges = [e for e in edges_of(store.facts_among(chain, as_of=as_of), as_of=as_of)
             if e.type not in skip]
    links = []
    for here, there in zip(chain, chain[1:]):
        links.append(_best([e for e in edges if {e.subject_id, e.object_id} == {here, there}]))
    return links


def neighbourhood(store: Store, name: str, *, as_of: dt.date | None = None, hops: int = 1,
                  limit: int = 200) -> Neighbourhood:
    """The entity, the entities up to `hops` links away (at most `limit` in all, the most
    often linked first) and every edge among them, as of `as_of`; a node's degree is its
    number of edges in this neighbourhood. Raises EntityNotFound."""
    if hops < 1 or limit < 1:
        raise GraphError(f"hops and limit must be at least 1 (got hops={hops}, limit={limit}).")
    center = lookup(store, name)
    nodes, level = [center.id], {center.id}
    for _ in range(hops):
        weights: dict[int, int] = {}
        for (_, b), n in store.neighbours(level, as_of=as_of, skip_denied=False).items():
            if b not in level and b not in nodes:
                weights[b] = weights.get(b, 0) + n
        fresh = sorted(weights, key=lambda i: (-weights[i], i))[:limit - len(nodes)]
        if not fresh:
            break
        nodes.extend(fresh)
        level = set(fresh)
    entities = store.entities_by_id(nodes, aliases=False)
    edges = edges_of(store.facts_among(nodes, as_of=as_of), as_of=as_of, history="latest")
    degrees = Counter(i for e in edges for i in (e.subject_id, e.object_id))
    return Neighbourhood(
        center=center, as_of=as_of or dt.date.today(),
        nodes=tuple(Node(entity_id=i, name=entities[i].name, type=entities[i].type,
                         degree=degrees.get(i, 0)) for i in nodes),
        edges=tuple(sorted(edges, key=lambda e: (-e.confidence, e.subject, e.type, e.object))))
