"""Security headers on every answer: the page and the API load nothing from elsewhere and
cannot be framed; browsers must not guess content types."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

__all__ = ["CONTENT_SECURITY_POLICY", "DOCS_CONTENT_SECURITY_POLICY", "install_security_headers"]

_POLICY = ("default-src 'self'; script-src 'self'{script}; style-src 'self' 'unsafe-inline'; "
           "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'self'; frame-ancestors 'none'")
CONTENT_SECURITY_POLICY = _POLICY.format(script="")
"""The page's policy: scripts only from this server, no inline script, never in a frame."""
DOCS_CONTENT_SECURITY_POLICY = _POLICY.format(script=" 'unsafe-inline'")
"""/docs only: Swagger UI's page starts itself with an inline script."""
_DOCS = "/docs"


def install_security_headers(app: FastAPI) -> None:
    """Add Content-Security-Policy (with frame-ancestors 'none'), X-Content-Type-Options: nosniff,
    X-Frame-Options: DENY and Referrer-Policy: no-referrer to every answer, errors included."""
    @app.middleware("http")
    async def secure(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        docs = request.url.path == _DOCS
        response.headers["Content-Security-Policy"] = DOCS_CONTENT_SECURITY_POLICY if docs else CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
