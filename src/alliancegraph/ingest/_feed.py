"""RSS and Atom feeds: one article per entry, read with feedparser."""
from __future__ import annotations

import datetime as dt
import email.utils
import io
from collections.abc import Iterator
from typing import Any

import feedparser

from alliancegraph.errors import InputError

from ._article import Origin, Parsed, iso_date, make_article
from ._html import html_to_text

__all__ = ["read_feed"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_feed(text: str, *, origin: Origin, date: dt.date | None = None) -> Iterator[Parsed]:
    """One article per feed entry: text from its content or summary with HTML stripped.

    The date is the entry's published (else updated) date as written, else `date`; the
    outlet is the feed's title. An entry without text yields an InputError naming `source#N`.
    """
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise InputError(origin.source, "not an RSS or Atom feed" + (f" ({reason})" if reason else ""))
    outlet = _one_line(_detail_text(parsed.feed.get("title_detail")))
    for number, entry in enumerate(parsed.entries, 1):
        contents = entry.get("content") or [entry.get("summary_detail")]
        body = next((t for t in map(_detail_text, contents) if t), "")
        if not body:
            yield InputError(f"{origin.source}#{number}", "feed entry has no text (no content or summary)")
            continue
        url = entry.get("link") or None
        yield make_article(
            text=body,
            origin=origin,
            doc=url or f"{origin.name}#{number}",
            title=_one_line(_detail_text(entry.get("title_detail"))),
            outlet=outlet,
            published=_entry_date(entry) or date,
            url=url,
        )


def _detail_text(detail: Any) -> str:
    """The plain text of a feedparser text construct (`{"type": ..., "value": ...}`)."""
    if not detail or not detail.get("value"):
        return ""
    value: str = detail["value"]
    return html_to_text(value) if detail.get("type") in _HTML_TYPES else value.strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError):
            pass
        try:
            return iso_date(raw)
        except ValueError:
            pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return dt.date(*parsed[:3])
    return None
