"""export(): the whole graph as of a date, in one of the exchange formats, to a stream or path."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from alliancegraph.errors import GraphError
from alliancegraph.export._graph import WholeGraph, whole_graph
from alliancegraph.export._graphml import write_graphml
from alliancegraph.export._neo4j import write_neo4j
from alliancegraph.export._rdf import write_jsonld, write_turtle
from alliancegraph.store import Store

__all__ = ["FORMATS", "ExportSummary", "export", "write_json"]


def write_json(graph: WholeGraph, out: TextIO) -> None:
    """Write {"as_of", "entities": [{id, name, type, aliases}], "edges": [schema.md edges]}."""
    data = {"as_of": graph.as_of.isoformat(),
            "entities": [{"id": f"e{i}", **e.to_dict()} for i, e in sorted(graph.entities.items())],
            "edges": [{"subject_id": f"e{e.subject_id}", "object_id": f"e{e.object_id}",
                       **e.to_dict()} for e in graph.edges]}
    json.dump(data, out, ensure_ascii=False, indent=1)
    out.write("\n")


_WRITERS = {"graphml": write_graphml, "turtle": write_turtle, "jsonld": write_jsonld,
            "json": write_json}
FORMATS = ("graphml", "turtle", "jsonld", "neo4j", "json")
"""The formats `export` writes; neo4j is a directory of CSV files and a Cypher script."""


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: the number of entities and edges, and the files (if any)."""

    format: str
    entities: int
    edges: int
    files: list[Path] = field(default_factory=list)


def export(store: Store, fmt: str, out: TextIO | str | Path, *,
           as_of: dt.date | None = None) -> ExportSummary:
    """Write every entity with an edge and every edge as the news stood on `as_of` (default:
    today) in `fmt`: graphml, turtle, jsonld or json to a text stream or a file path; neo4j to a
    directory (created if missing). Raises GraphError on an unknown format or a stream for neo4j."""
    if fmt not in FORMATS:
        raise GraphError(f"unknown export format '{fmt}'. Use one of: {', '.join(FORMATS)}.")
    if fmt == "neo4j" and not isinstance(out, (str, Path)):
        raise GraphError("the neo4j export is a directory of files; give a directory path "
                         "(--out DIR), not a stream.")
    graph = whole_graph(store, as_of=as_of)
    summary = ExportSummary(format=fmt, entities=len(graph.entities), edges=len(graph.edges))
    if fmt == "neo4j":
        assert isinstance(out, (str, Path))
        summary.files.extend(write_neo4j(graph, Path(out)))
    elif isinstance(out, (str, Path)):
        with Path(out).open("w", encoding="utf-8") as stream:
            _WRITERS[fmt](graph, stream)
        summary.files.append(Path(out))
    else:
        _WRITERS[fmt](graph, out)
    return summary
