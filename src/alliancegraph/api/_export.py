"""The export endpoint: the whole graph as GraphML, Turtle, JSON-LD, JSON or a Neo4j import bundle."""
from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from alliancegraph import export as exporting
from alliancegraph.api._errors import ERROR_RESPONSES
from alliancegraph.store import Store

__all__ = ["MEDIA_TYPES", "router"]

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

MEDIA_TYPES = {
    "graphml": ("application/graphml+xml", "graphml"),
    "turtle": ("text/turtle", "ttl"),
    "jsonld": ("application/ld+json", "jsonld"),
    "json": ("application/json", "json"),
    "neo4j": ("application/zip", "zip"),
}
"""Each export format's media type and file extension."""

Format = Literal["graphml", "turtle", "jsonld", "json", "neo4j"]


@router.get("/export", summary="The whole graph in an exchange format",
            responses={200: {"content": {media: {} for media, _ in MEDIA_TYPES.values()},
                             "description": "The export, as a file to save"}})
def export(request: Request, format: Annotated[Format, Query(description="graphml, turtle, jsonld, json, "
                                                                         "or neo4j (a zip of CSV files and import.cypher)")],
           as_of: Annotated[dt.date | None, Query(description="The graph as the news stood on this date.")] = None,
           ) -> Response:
    """The graph (as of a date) as a file: `alliancegraph export --format FORMAT` over HTTP."""
    store: Store = request.app.state.store
    media, extension = MEDIA_TYPES[format]
    if format == "neo4j":
        body = _neo4j_zip(store, as_of=as_of)
    else:
        text = io.StringIO()
        exporting.export(store, format, text, as_of=as_of)
        body = text.getvalue().encode("utf-8")
    name = f"alliancegraph{'-' + as_of.isoformat() if as_of else ''}.{extension}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _neo4j_zip(store: Store, *, as_of: dt.date | None) -> bytes:
    with tempfile.TemporaryDirectory(prefix="ag-neo4j-") as folder:
        exporting.export(store, "neo4j", folder, as_of=as_of)
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder).as_posix())
        return packed.getvalue()
