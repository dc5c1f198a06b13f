"""Read answers kept per store version: an ETag on each, 304 when the client holds it, and the
encoded body kept in memory until a write changes the store's data version.

The tag names what the body was made from: this alliancegraph's version, the store's data
version (`Store.data_version`, changed by every committed write, from any process), today's date
(the default as-of date) and the request's path and query. Two requests with one tag get
byte-identical bodies, so the tag is strong and the body can be kept.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from fastapi import Request, Response

from alliancegraph import __version__
from alliancegraph.store import Store

__all__ = ["CACHE_CONTROL", "CACHE_DIR_ENV", "ResponseCache", "cached_json"]

CACHE_CONTROL = "no-cache"
"""A client may keep an answer but asks each time whether it still holds (If-None-Match, 304)."""
CACHE_DIR_ENV = "ALLIANCEGRAPH_CACHE_DIR"
"""A directory the server processes share kept answers through (`serve --workers N` sets it)."""
_MAX_BYTES = 128 << 20


class ResponseCache:
    """Encoded bodies by tag, the least recently used dropped beyond `max_bytes`; thread-safe.

    directory (Path | None): also keep bodies there, as files named by tag, for the other server
    processes (`serve --workers N`) to read; each process keeps at most `max_bytes` of its own
    there (its oldest go first), and the first to meet a new data version deletes the others.
    """

    def __init__(self, max_bytes: int = _MAX_BYTES, *, directory: Path | None = None) -> None:
        self.max_bytes = max_bytes
        self.directory = directory
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._size = self._written = 0
        self._files: deque[tuple[str, int]] = deque()  # what this process wrote, oldest first
        self._version = ""
        self._lock = threading.Lock()

    def get(self, tag: str) -> bytes | None:
        """The body kept under `tag`, here or by another process; None if there is none."""
        self._follow(tag)
        with self._lock:
            body = self._bodies.get(tag)
            if body is not None:
                self._bodies.move_to_end(tag)
                return body
        if self.directory is None:
            return None
        try:
            body = (self.directory / tag.strip('"')).read_bytes()
        except OSError:
            return None
        self._keep(tag, body)
        return body

    def put(self, tag: str, body: bytes) -> None:
        """Keep `body` under `tag` (not if it is over a quarter of `max_bytes`)."""
        if len(body) > self.max_bytes // 4:
            return
        self._keep(tag, body)
        if self.directory is not None:
            self._write(self.directory, tag.strip('"'), body)

    def _write(self, directory: Path, name: str, body: bytes) -> None:
        """Write one file for the other processes, dropping this process's oldest beyond `max_bytes`."""
        with self._lock:
            self._files.append((name, len(body)))
            self._written += len(body)
            while self._written > self.max_bytes:
                dropped, size = self._files.popleft()
                (directory / dropped).unlink(missing_ok=True)
                self._written -= size
        partial = directory / f".{name}.{os.getpid()}.{threading.get_ident()}"
        try:
            partial.write_bytes(body)
            partial.replace(directory / name)
        except OSError:  # a full disk or a removed directory: the answer is still given
            partial.unlink(missing_ok=True)

    def _keep(self, tag: str, body: bytes) -> None:
        with self._lock:
            if tag in self._bodies:
                return
            self._bodies[tag] = body
            self._size += len(body)
            while self._size > self.max_bytes:
                _, dropped = self._bodies.popitem(last=False)
                self._size -= len(dropped)

    def _follow(self, tag: str) -> None:
        """Forget everything kept for another data version than `tag`'s."""
        version = tag.strip('"').split("-", 1)[0]
        if version == self._version:
            return
        with self._lock:
            self._version, self._written = version, 0
            self._files.clear()
            self._bodies.clear()
            self._size = 0
        for stale in self.directory.glob("[!.]*") if self.directory is not None else ():
            if not stale.name.startswith(f"{version}-"):
                stale.unlink(missing_ok=True)


def _tag(request: Request, version: int) -> str:
    query = "&".join(sorted(request.url.query.split("&")))
    made_from = f"{__version__}|{dt.date.today().isoformat()}|{request.url.path}?{query}"
    return f'"{version:x}-' + hashlib.blake2b(made_from.encode(), digest_size=12).hexdigest() + '"'


def _client_holds(request: Request, tag: str) -> bool:
    held = request.headers.get("if-none-match")
    if not held:
        return False
    tags = {t.strip().removeprefix("W/") for t in held.split(",")}
    return "*" in tags or tag in tags


def cached_json(request: Request, build: Callable[[], Any]) -> Response:
    """The JSON answer `build()` gives for this request, with ETag and Cache-Control: 304 if the
    client's If-None-Match holds the tag, else the kept body, else `build()` encoded and kept."""
    store: Store = request.app.state.store
    cache: ResponseCache = request.app.state.response_cache
    tag = _tag(request, store.data_version())
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if _client_holds(request, tag):
        return Response(status_code=304, headers=headers)
    body = cache.get(tag)
    if body is None:
        body = orjson.dumps(build())
        cache.put(tag, body)
    return Response(body, media_type="application/json", headers=headers)
