"""Neo4j: nodes.csv and relationships.csv with `neo4j-admin database import` headers, and a
Cypher script (import.cypher) that loads the same files with LOAD CSV into a running database."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from alliancegraph.export._graph import WholeGraph
from alliancegraph.export._graphml import node_id
from alliancegraph.graph import Edge
from alliancegraph.records import RELATION_TYPES, SYMMETRIC_TYPES

__all__ = ["NODE_HEADER", "RELATIONSHIP_HEADER", "LABELS", "write_neo4j"]

LABELS = {"ORG": "Organization", "PERSON": "Person", "PLACE": "Place"}
NODE_HEADER = ["id:ID", "name", "type", "aliases:string[]", ":LABEL", "uid", "qid", "lei", "ticker"]
RELATIONSHIP_HEADER = [
    ":START_ID", ":END_ID", ":TYPE", "status", "current:boolean", "symmetric:boolean",
    "percent:float", "amount:float", "currency", "title", "kind", "product", "confidence:float",
    "sources:int", "first_seen:date", "last_seen:date", "pending_status", "latest_sentence",
    "latest_doc",
]
_ARRAY_DELIMITER = ";"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if hasattr(value, "isoformat") else value


def _relationship(edge: Edge) -> list[Any]:
    latest, attrs = edge.history[-1], edge.attributes
    values = [node_id(edge.subject_id), node_id(edge.object_id), edge.type.upper(), edge.status,
              edge.current, edge.type in SYMMETRIC_TYPES, attrs.get("percent"),
              attrs.get("amount"), attrs.get("currency"), attrs.get("title"), attrs.get("kind"),
              attrs.get("product"), round(edge.confidence, 3), edge.sources, edge.first_seen,
              edge.last_seen, edge.pending.status if edge.pending else None, latest.sentence,
              latest.doc]
    return [_cell(v) for v in values]


def _cypher() -> str:
    """LOAD CSV statements, one per relationship type (Cypher cannot take a type from data)."""
    props = ", ".join(f"{h.split(':')[0]}: row.`{h}`" for h in RELATIONSHIP_HEADER[3:]
                      if ":" not in h)
    typed = ", ".join(f"{h.split(':')[0]}: {_CONVERT[h.split(':')[1]]}(row.`{h}`)"
                      for h in RELATIONSHIP_HEADER[3:] if ":" in h)
    lines = [
        "// Load this bundle into a running Neo4j 5: copy nodes.csv and relationships.csv into",
        "// the import directory, then run: cypher-shell -f import.cypher",
        "// Or, into an empty database offline:",
        "//   neo4j-admin database import full --nodes=nodes.csv "
        "--relationships=relationships.csv neo4j",
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;",
        "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
        "MERGE (e:Entity {id: row.`id:ID`})",
        "SET e.name = row.name, e.type = row.type, e.uid = row.uid, e.qid = row.qid,",
        "    e.lei = row.lei, e.ticker = row.ticker,",
        f"    e.aliases = split(row.`aliases:string[]`, '{_ARRAY_DELIMITER}');",
    ]
    for label in LABELS.values():
        lines += ["LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
                  f"WITH row WHERE row.`:LABEL` CONTAINS '{label}'",
                  f"MATCH (e:Entity {{id: row.`id:ID`}}) SET e:{label};"]
    for name in RELATION_TYPES:
        lines += ["LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row",
                  f"WITH row WHERE row.`:TYPE` = '{name.upper()}'",
                  "MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})",
                  f"CREATE (a)-[r:{name.upper()} {{{props}}}]->(b)",
                  f"SET r += {{{typed}}};"]
    return "\n".join(lines) + "\n"


_CONVERT = {"boolean": "toBoolean", "float": "toFloat", "int": "toInteger", "date": "date"}


def write_neo4j(graph: WholeGraph, directory: Path) -> list[Path]:
    """Write nodes.csv, relationships.csv and import.cypher into `directory` (created if
    missing). RETURNS the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    nodes, rels, script = (directory / "nodes.csv", directory / "relationships.csv",
                           directory / "import.cypher")
    with nodes.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(NODE_HEADER)
        for entity_id, e in sorted(graph.entities.items()):
            aliases = _ARRAY_DELIMITER.join(a.replace(_ARRAY_DELIMITER, ",") for a in e.aliases)
            out.writerow([node_id(entity_id), e.name, e.type, aliases,
                          f"Entity{_ARRAY_DELIMITER}{LABELS[e.type]}", e.uid or "", e.qid or "",
                          e.lei or "", e.ticker or ""])
    with rels.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(RELATIONSHIP_HEADER)
        out.writerows(_relationship(edge) for edge in graph.edges)
    script.write_text(_cypher(), encoding="utf-8")
    return [nodes, rels, script]
