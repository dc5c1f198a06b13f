"""The app factory: one FastAPI app with the API under /api, the page at / and OpenAPI at /docs."""
from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from alliancegraph import __version__
from alliancegraph.api import _export, _ingest, _routes
from alliancegraph.api._cache import CACHE_DIR_ENV, ResponseCache
from alliancegraph.api._errors import install_error_handlers
from alliancegraph.api._headers import install_security_headers
from alliancegraph.api._web import Vendor, install_page
from alliancegraph.extract import Extractor
from alliancegraph.store import Store, open_store

__all__ = ["create_app"]

DESCRIPTION = """The time-aware graph of companies, people and places that `alliancegraph ingest` builds,
over HTTP: the same verbs as the CLI (search, show, edge, timeline, changes, conflicts, path,
neighbourhood, export), every answer JSON as in schema.md, every error one shape:
`{"error": {"status", "type", "message"}}`. Posting articles needs the server's bearer token."""


def create_app(store: Store | str | None = None, *, token: str | None = None, extractor: Extractor | None = None,
               vendor: Vendor | None = None) -> FastAPI:
    """A FastAPI app over `store`: a Store (left open) or a URL or SQLite path (opened now, closed
    at shutdown; None means $ALLIANCEGRAPH_DB, then ./alliancegraph.db).

    token (str | None): the bearer token POST /api/articles needs; None means $ALLIANCEGRAPH_TOKEN
    at request time, and posting is refused while neither is set.
    extractor (Extractor | None): reads posted articles; None loads the spaCy pipeline on the first post.
    vendor (Vendor | None): where the npm-installed Cytoscape.js and Swagger UI are (tests point it elsewhere).
    Raises StoreError if the store cannot be opened.
    """
    owned = not isinstance(store, Store)
    opened = open_store(store) if not isinstance(store, Store) else store

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            opened.close()

    app = FastAPI(title="alliancegraph", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.store = opened
    shared = os.environ.get(CACHE_DIR_ENV)
    app.state.response_cache = ResponseCache(directory=Path(shared) if shared else None)
    app.state.token = token
    app.state.extractor = extractor
    install_error_handlers(app)
    install_security_headers(app)
    for module in (_routes, _export, _ingest):
        app.include_router(module.router)
    install_page(app, vendor=vendor or Vendor())
    return app
