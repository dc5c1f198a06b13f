"""JSON Lines and JSON articles: one object per line, one object, or a list of objects."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from alliancegraph.errors import InputError

from ._article import Origin, Parsed, iso_date, make_article, unreadable

__all__ = ["TEXT_FIELDS", "read_json", "read_json_lines"]

TEXT_FIELDS = ("text", "body", "content")
"""The fields a record's article text may sit in, first found wins."""


def read_json_lines(text: str, *, origin: Origin, date: dt.date | None = None) -> Iterator[Parsed]:
    """One article per non-blank line; a bad line yields an InputError naming `source:LINE`, the rest go on."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{origin.source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(where, f"not valid JSON at column {error.colno} ({_lower(error.msg)})")
            continue
        except RecursionError as error:
            yield unreadable(where, error)
            continue
        yield _record_article(record, where=where, doc=f"{origin.name}#{number}", origin=origin, date=date)


def read_json(text: str, *, origin: Origin, date: dt.date | None = None) -> Iterator[Parsed]:
    """The articles in a JSON document holding one object or a list of them.

    Text that is one JSON value per line is read as JSON Lines instead.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if _starts_with_json_line(text):
            yield from read_json_lines(text, origin=origin, date=date)
            return
        where = f"line {error.lineno}, column {error.colno}"
        raise InputError(origin.source, f"not valid JSON at {where} ({_lower(error.msg)})") from None
    if isinstance(data, dict):
        yield _record_article(data, where=origin.source, doc=origin.name, origin=origin, date=date)
    elif isinstance(data, list):
        for number, item in enumerate(data, 1):
            where, doc = f"{origin.source}#{number}", f"{origin.name}#{number}"
            yield _record_article(item, where=where, doc=doc, origin=origin, date=date)
    else:
        raise InputError(origin.source, f"expected a JSON object or a list of objects, not {_kind(data)}")


def _record_article(record: Any, *, where: str, doc: str, origin: Origin, date: dt.date | None) -> Parsed:
    if not isinstance(record, dict):
        return InputError(where, f"expected a JSON object, not {_kind(record)}")
    try:
        key = next((key for key in TEXT_FIELDS if record.get(key) not in (None, "")), None)
        body = _string(record, key, where).strip() if key else ""
        if not body:
            raise InputError(where, "no text (give the article in a 'text', 'body' or 'content' field)")
        url = _string(record, "url", where) or None
        return make_article(
            text=body,
            origin=origin,
            doc=url or doc,
            title=_string(record, "title", where),
            outlet=_string(record, "source", where),
            published=_date(record, where) or date,
            url=url,
        )
    except InputError as error:
        return error


def _string(record: dict[str, Any], key: str, where: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(where, f"field '{key}' must be a string, not {_kind(value)}")
    return value


def _date(record: dict[str, Any], where: str) -> dt.date | None:
    raw = _string(record, "date", where)
    if not raw.strip():
        return None
    try:
        return iso_date(raw)
    except ValueError:
        raise InputError(where, f"impossible date '{raw}' in field 'date' (expected YYYY-MM-DD)") from None


def _starts_with_json_line(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )

