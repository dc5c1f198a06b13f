"""The HTTP API and the web page: one FastAPI app over `alliancegraph.graph`.

    app = create_app("news.db")            # uvicorn.run(app) or `alliancegraph serve --db news.db`
    store = build_fixture_store(path)      # a small hand-made store for tests and demos
"""
from alliancegraph.api._app import create_app
from alliancegraph.api._cache import CACHE_DIR_ENV
from alliancegraph.api._errors import ErrorBody, ErrorDetail
from alliancegraph.api._fixtures import FIXTURE_ARTICLES, build_fixture_store, fixture_documents
from alliancegraph.api._ingest import MAX_POST_BYTES, TOKEN_ENV
from alliancegraph.api._web import INSTALL_HINT, Vendor

__all__ = [
    "CACHE_DIR_ENV",
    "FIXTURE_ARTICLES",
    "INSTALL_HINT",
    "MAX_POST_BYTES",
    "TOKEN_ENV",
    "ErrorBody",
    "ErrorDetail",
    "Vendor",
    "build_fixture_store",
    "create_app",
    "fixture_documents",
]
