"""RSS and Atom feeds: one article per entry, read with feedparser."""
from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from alliancegraph.errors import InputError

from ._article import InputWarning, Origin, Parsed, iso_date, make_article
from ._html import html_to_text

__all__ = ["read_feed"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_feed(text: str, *, origin: Origin, date: dt.date | None = None) -> Iterator[Parsed]:
    """One article per feed entry: text from its content or summary with HTML stripped.

    The date is the entry's published (else updated) date as written, else `date`; a date
    that is not one gives an InputWarning and the entry is stored as if it had none. The
    outlet is the feed's title. An entry without text yields an InputError naming `source#N`.
    A feed that is not well-formed XML is read one entry at a time, so that an entry with an
    unclosed tag cannot take the entries after it.
    """
    parsed = _parse(text)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise InputError(origin.source, "not an RSS or Atom feed" + (f" ({reason})" if reason else ""))
    outlet = _one_line(_detail_text(parsed.feed.get("title_detail")))
    date_field = "pubDate" if str(parsed.get("version", "")).startswith("rss") else "published"
    for number, entry in enumerate(_entries(text, parsed), 1):
        where = f"{origin.source}#{number}"
        if isinstance(entry, InputError):
            yield InputError(where, entry.problem)
            continue
        contents = entry.get("content") or [entry.get("summary_detail")]
        body = next((t for t in map(_detail_text, contents) if t), "")
        if not body:
            yield InputError(where, "feed entry has no text (no content or summary)")
            continue
        published, bad = _entry_date(entry)
        if bad is not None:
            field_name = date_field if bad[0] == "published" else bad[0]
            fallback = f"dated {date} (--date)" if date else "stored undated"
            yield InputWarning(where, f"{field_name} '{bad[1]}' is not a date; {fallback}")
        url = entry.get("link") or None
        yield make_article(
            text=body,
            origin=origin,
            doc=url or f"{origin.name}#{number}",
            title=_one_line(_detail_text(entry.get("title_detail"))),
            outlet=outlet,
            published=published or date,
            url=url,
        )


def _parse(text: str) -> Any:
    return feedparser.parse(io.BytesIO(text.encode("utf-8")), resolve_relative_uris=False)


def _entries(text: str, parsed: Any) -> list[Any]:
    """The feed's entries; for a feed that is not well-formed, each entry parsed on its own
    (an InputError for one that gives no entry or several)."""
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    if not parsed.get("bozo") or not starts:
        return list(parsed.entries)
    ends = [*starts[1:], _feed_end(text, starts[-1])]
    envelope = _envelope(text[:starts[0]])
    entries: list[Any] = []
    for begin, end in zip(starts, ends):
        alone = _parse(envelope[0] + text[begin:end] + envelope[1]).entries
        entries.append(alone[0] if len(alone) == 1 else
                       InputError("", "feed entry is not well-formed and cannot be told apart"))
    return entries


_ENTRY_START = re.compile(r"<(?:item|entry)[\s>/]", re.IGNORECASE)
_FEED_END = re.compile(r"</(?:channel|feed|rdf:RDF)\s*>", re.IGNORECASE)


def _feed_end(text: str, after: int) -> int:
    found = _FEED_END.search(text, after)
    return found.start() if found else len(text)


def _envelope(head: str) -> tuple[str, str]:
    """The root (and channel) tags a lone entry is wrapped in, from the feed's text before its
    first entry, to be parsed as the whole feed would be."""
    atom = head.lower().find("<feed")
    if atom >= 0:
        return head[atom:], "</feed>"
    if "<rdf" in head.lower():
        return f'<rdf:RDF xmlns:rdf="{_RDF}" xmlns="{_RSS1}">', "</rdf:RDF>"
    return '<rss version="2.0"><channel>', "</channel></rss>"


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RSS1 = "http://purl.org/rss/1.0/"


def _detail_text(detail: Any) -> str:
    """The plain text of a feedparser text construct (`{"type": ..., "value": ...}`)."""
    if not detail or not detail.get("value"):
        return ""
    value: str = detail["value"]
    return html_to_text(value) if detail.get("type") in _HTML_TYPES else value.strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _entry_date(entry: Any) -> tuple[dt.date | None, tuple[str, str] | None]:
    """The entry's published (else updated) date, and (field, value) of a date field that is not one."""
    bad = None
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not raw:
            continue
        found = _date_of(raw, entry.get(f"{key}_parsed"))
        if found is not None:
            return found, None
        bad = bad or (key, raw)
    return None, bad


def _date_of(raw: str, parsed: Any) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        return iso_date(raw)
    except ValueError:
        pass
    try:
        return dt.date(*parsed[:3]) if parsed else None
    except (TypeError, ValueError):
        return None
