"""Security headers on every answer: the page and the API load nothing from elsewhere and
cannot be framed; browsers must not guess content types."""
from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CONTENT_SECURITY_POLICY", "DOCS_CONTENT_SECURITY_POLICY", "install_security_headers"]

_POLICY = ("default-src 'self'; script-src 'self'{script}; style-src 'self' 'unsafe-inline'; "
           "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'self'; frame-ancestors 'none'")
CONTENT_SECURITY_POLICY = _POLICY.format(script="")
"""The page's policy: scripts only from this server, no inline script, never in a frame."""
DOCS_CONTENT_SECURITY_POLICY = _POLICY.format(script=" 'unsafe-inline'")
"""/docs only: Swagger UI's page starts itself with an inline script."""
_DOCS = "/docs"


_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


class _SecurityHeaders:
    """ASGI middleware (plain, not BaseHTTPMiddleware: no extra task and copy per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CONTENT_SECURITY_POLICY if scope["path"] == _DOCS else CONTENT_SECURITY_POLICY

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy
                headers.update(_HEADERS)
            await send(message)

        await self.app(scope, receive, send_secured)


def install_security_headers(app: FastAPI) -> None:
    """Add Content-Security-Policy (with frame-ancestors 'none'), X-Content-Type-Options: nosniff,
    X-Frame-Options: DENY and Referrer-Policy: no-referrer to every answer, errors included."""
    app.add_middleware(_SecurityHeaders)
