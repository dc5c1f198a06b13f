"""GraphML through networkx: one node per entity, one edge per (subject, type, object)."""
from __future__ import annotations

from typing import Any, TextIO

import networkx as nx

from alliancegraph.export._graph import WholeGraph
from alliancegraph.graph import Edge
from alliancegraph.records import SYMMETRIC_TYPES

__all__ = ["node_id", "to_networkx", "write_graphml"]


def node_id(entity_id: int) -> str:
    """The GraphML node id of a stored entity."""
    return f"e{entity_id}"


def _edge_data(edge: Edge) -> dict[str, Any]:
    latest = edge.history[-1]
    data: dict[str, Any] = {
        "type": edge.type, "status": edge.status, "current": edge.current,
        "symmetric": edge.type in SYMMETRIC_TYPES, "confidence": round(edge.confidence, 3),
        "sources": edge.sources, "first_seen": edge.first_seen, "last_seen": edge.last_seen,
        "latest_sentence": latest.sentence, "latest_doc": latest.doc,
        "pending_status": edge.pending.status if edge.pending else None,
        **edge.attributes,
    }
    return {k: v.isoformat() if hasattr(v, "isoformat") else v
            for k, v in data.items() if v is not None}


def to_networkx(graph: WholeGraph) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph: nodes "e<id>" with name, type, aliases
    ("; "-joined), uid and the identifiers known (qid, lei, ticker); edges keyed by relation type (symmetric ones in canonical order) with
    status, attributes, confidence, sources, first/last seen and the latest sentence."""
    g = nx.MultiDiGraph(as_of=graph.as_of.isoformat())
    for entity_id, entity in sorted(graph.entities.items()):
        g.add_node(node_id(entity_id), name=entity.name, type=entity.type,
                   aliases="; ".join(entity.aliases), uid=entity.uid or "", **entity.identifiers)
    for edge in graph.edges:
        g.add_edge(node_id(edge.subject_id), node_id(edge.object_id), key=edge.type,
                   **_edge_data(edge))
    return g


def write_graphml(graph: WholeGraph, out: TextIO) -> None:
    """Write the graph as GraphML text."""
    for line in nx.generate_graphml(to_networkx(graph)):
        out.write(line + "\n")
