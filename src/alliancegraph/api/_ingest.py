"""The write endpoint: POST articles (text or JSON) to be read and stored, behind a bearer token.

Off unless the server has a token (`ALLIANCEGRAPH_TOKEN`, or `create_app(token=...)`): then a
request must carry `Authorization: Bearer <token>`. The posted body goes through the same
`alliancegraph.jobs.ingest` as `alliancegraph ingest`, so the same readers, dedup and store apply.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from alliancegraph import jobs
from alliancegraph.api._errors import ErrorBody
from alliancegraph.api._models import IngestOut
from alliancegraph.errors import IngestDisabled, InputError, TooLarge, Unauthorized
from alliancegraph.extract import Extractor
from alliancegraph.ingest import MAX_BYTES

__all__ = ["MAX_POST_BYTES", "TOKEN_ENV", "router"]

TOKEN_ENV = "ALLIANCEGRAPH_TOKEN"
MAX_POST_BYTES = 1024 * 1024
"""The largest body POST /api/articles reads: a batch of ordinary articles, not a 20 MB one that would hold
the one extraction pipeline for a minute (files given to `ingest` may have MAX_BYTES)."""
router = APIRouter(prefix="/api")
bearer = HTTPBearer(auto_error=False, description=f"The server's {TOKEN_ENV}.")
_SUFFIXES = {"application/json": ".json", "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl",
             "text/html": ".html", "application/rss+xml": ".xml", "application/atom+xml": ".xml",
             "application/xml": ".xml", "text/xml": ".xml"}
_UNSAFE = re.compile(r"[^\w.\-]+")
_one_at_a_time = threading.Lock()  # one spaCy pipeline, loaded on the first post, reads one post at a time

BODY = {"content": {"text/plain": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"oneOf": [{"type": "object"}, {"type": "array",
                                                                                     "items": {"type": "object"}}]}}},
        "required": True,
        "description": "One article: the seed text format or plain text, a JSON object with text/title/date/"
                       "url/source, a list of such objects, JSON Lines, an HTML page or an RSS/Atom feed."}


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Let the request through only with the server's bearer token; refuse all writes without one."""
    expected = request.app.state.token or os.environ.get(TOKEN_ENV)
    if not expected:
        raise IngestDisabled(f"posting articles is off on this server. Start it with {TOKEN_ENV} set, "
                             "then send the token as 'Authorization: Bearer <token>'.")
    given = credentials.credentials if credentials else ""
    if not given:
        raise Unauthorized("this request needs the header 'Authorization: Bearer <token>' "
                           f"with the server's {TOKEN_ENV}.")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized(f"the bearer token is not this server's {TOKEN_ENV}. Send the right one.")


@router.post("/articles", status_code=201, dependencies=[Depends(require_token)], response_model=IngestOut,
             summary="Read and store posted articles",
             openapi_extra={"requestBody": BODY},
             responses={200: {"model": IngestOut, "description": "Every article was already stored"},
                        **{code: {"model": ErrorBody, "description": text} for code, text in (
                            (400, "Nothing readable was posted"), (401, "Missing or wrong bearer token"),
                            (413, "The body is over MAX_POST_BYTES"),
                            (403, "Posting is off on this server"), (422, "Invalid parameter"))}})
async def ingest(request: Request,
                 date: Annotated[dt.date | None, Query(description="Date of articles that carry none.")] = None,
                 name: Annotated[str | None, Query(max_length=120, description="Doc name for posted text.")] = None,
                 ) -> JSONResponse:
    """Read the posted articles, extract their facts and store them; articles already stored are skipped."""
    body = await _limited_body(request)
    if not body.strip():
        raise InputError("request body", "empty. Post an article's text or a JSON object with a 'text' field.")
    media = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
    summary = await run_in_threadpool(_store_posted, request, body, media=media, name=name, date=date)
    if summary.failed and summary.inputs == len(summary.failed):
        raise InputError("request body", "; ".join(summary.failed))
    data = {"read": summary.inputs, "new": summary.new, "updated": summary.updated, "linked": summary.linked,
            "duplicates": summary.duplicates, "duplicate_of": [vars(d) for d in summary.duplicate_of],
            "facts": summary.facts, "failed": summary.failed, "warnings": summary.warnings}
    return JSONResponse(data, status_code=201 if summary.new or summary.updated else 200)


async def _limited_body(request: Request) -> bytes:
    """The posted body, read no further than MAX_POST_BYTES: a larger one is refused (413)
    before it is all in memory (or at once, by its Content-Length)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_POST_BYTES:
        raise _too_large(int(declared))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_POST_BYTES:
            raise _too_large(size, at_least=True)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, *, at_least: bool = False) -> TooLarge:
    return TooLarge("request body", f"{'more than ' if at_least else ''}{size:,} bytes; a posted batch may have "
                                    f"{MAX_POST_BYTES:,} (1 MiB). Post fewer articles at a time, or use "
                                    "`alliancegraph ingest`, which reads files of up to "
                                    f"{MAX_BYTES // (1024 * 1024)} MB.")


def _store_posted(request: Request, body: bytes, *, media: str, name: str | None,
                  date: dt.date | None) -> jobs.IngestSummary:
    suffix = _SUFFIXES.get(media, ".txt")
    stem = _UNSAFE.sub("-", Path(name).stem).strip("-.") if name else ""
    filename = (stem or f"posted-{hashlib.sha256(body).hexdigest()[:8]}") + suffix
    with tempfile.TemporaryDirectory(prefix="ag-post-") as folder:
        path = Path(folder, filename)
        path.write_bytes(body)
        with _one_at_a_time:
            summary = jobs.ingest([path], store=request.app.state.store, date=date, extractor=_extractor(request))
        summary.failed = [message.replace(f"{folder}{os.sep}", "") for message in summary.failed]
        summary.warnings = [message.replace(f"{folder}{os.sep}", "") for message in summary.warnings]
    return summary


def _extractor(request: Request) -> Extractor:
    if request.app.state.extractor is None:
        request.app.state.extractor = Extractor()
    extractor: Extractor = request.app.state.extractor
    return extractor
