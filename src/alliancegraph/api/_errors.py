"""One JSON shape for every error the app returns, whatever raised it.

    {"error": {"status": 404, "type": "EntityNotFound", "message": "no entity named 'Acme' ..."}}

Library errors keep their `.status` (errors.py), request validation failures are 422 with the
offending parameter named, unknown routes 404, and anything unexpected 500 (logged).
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from alliancegraph.errors import AllianceGraphError

__all__ = ["ERROR_RESPONSES", "ErrorBody", "ErrorDetail", "error_response", "install_error_handlers"]

log = logging.getLogger("alliancegraph.api")


class ErrorDetail(BaseModel):
    """What went wrong: the HTTP status, the error's class name and a message naming the fix."""

    status: int
    type: str
    message: str


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in ((400, "Bad input"), (404, "Not found"), (422, "Invalid parameter"))
}
"""The error responses every read route declares in the OpenAPI document."""


def error_response(status: int, kind: str, message: str, *, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON response in the one error shape."""
    body = {"error": {"status": status, "type": kind, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error `app` returns, expected or not, use the one JSON shape."""
    app.add_exception_handler(AllianceGraphError, _library_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


async def _library_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AllianceGraphError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return error_response(exc.status, type(exc).__name__, str(exc), headers=headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [_describe(problem) for problem in exc.errors()]
    return error_response(422, "InvalidParameter", "; ".join(problems) or "invalid request")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"no such page: {request.url.path}. The API is described at /docs."
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}. The API is described at /docs."
    else:
        message = str(exc.detail)
    return error_response(exc.status_code, "HTTPError", message, headers=exc.headers)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, type(exc).__name__, f"internal error: {exc}")


def _describe(problem: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in problem.get("loc", ()) if part not in ("query", "body", "path"))
    given = problem.get("input")
    value = f" (got {given!r})" if isinstance(given, (str, int, float)) and given != "" else ""
    return f"{where or 'request'}: {problem.get('msg', 'invalid')}{value}"
