"""The web page and its vendored libraries, served by the same app as the API.

The page (web/static/) is written in this project. Cytoscape.js and Swagger UI come from the npm
registry: `npm ci` in web/ (run by `make install`) puts them in web/node_modules, which is not
committed; the app serves them from there, so nothing is loaded from the internet at run time.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from alliancegraph.api._errors import error_response

__all__ = ["CYTOSCAPE_JS", "INSTALL_HINT", "NODE_MODULES", "STATIC", "Vendor", "install_page"]

log = logging.getLogger("alliancegraph.api")

WEB = Path(__file__).resolve().parent / "web"
STATIC = WEB / "static"
NODE_MODULES = WEB / "node_modules"
CYTOSCAPE_JS = NODE_MODULES / "cytoscape" / "dist" / "cytoscape.min.js"
SWAGGER_UI = NODE_MODULES / "swagger-ui-dist"
INSTALL_HINT = f"Run `make install`, or `npm ci` in {WEB}, then restart the server."


@dataclass(frozen=True)
class Vendor:
    """Where the app finds the npm-installed files it serves."""

    cytoscape: Path = CYTOSCAPE_JS
    swagger_ui: Path = SWAGGER_UI


def install_page(app: FastAPI, *, vendor: Vendor) -> None:
    """Serve the page at /, its files at /static, the npm libraries at /vendor and the API docs at /docs.

    A missing Cytoscape.js is logged now; the page then says so instead of drawing.
    """
    if not vendor.cytoscape.is_file():
        log.warning("Cytoscape.js is missing (%s), so the page cannot draw the network. %s",
                    vendor.cytoscape, INSTALL_HINT)
    app.state.vendor = vendor
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(router)


router = APIRouter(include_in_schema=False)


@router.get("/")
def page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/vendor/cytoscape.min.js")
def cytoscape(request: Request) -> Response:
    path: Path = request.app.state.vendor.cytoscape
    if not path.is_file():
        return error_response(404, "VendorMissing", f"Cytoscape.js is not installed on this server ({path}). "
                                                    f"{INSTALL_HINT}")
    return FileResponse(path, media_type="text/javascript")


@router.get("/vendor/swagger-ui/{name}")
def swagger_file(request: Request, name: str) -> Response:
    folder: Path = request.app.state.vendor.swagger_ui
    path = folder / name
    if name not in {"swagger-ui-bundle.js", "swagger-ui.css"} or not path.is_file():
        return error_response(404, "VendorMissing", f"Swagger UI file {name!r} is not installed on this server "
                                                    f"({folder}). {INSTALL_HINT}")
    return FileResponse(path, media_type="text/css" if name.endswith(".css") else "text/javascript")


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(openapi_url=request.app.openapi_url or "/openapi.json",
                               title="alliancegraph API",
                               swagger_js_url="/vendor/swagger-ui/swagger-ui-bundle.js",
                               swagger_css_url="/vendor/swagger-ui/swagger-ui.css",
                               swagger_favicon_url="/static/favicon.svg")
