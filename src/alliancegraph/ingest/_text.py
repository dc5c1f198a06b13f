"""Plain text articles: the seed format (`date YYYY-MM-DD news` header) and headerless text."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from alliancegraph.errors import InputError

from ._article import Origin, Parsed, make_article

__all__ = ["TITLE_MAX", "body_text", "read_text"]

TITLE_MAX = 200
"""A headerless file's first line is its title only if it is shorter than this (and has no final period)."""
_HEADER = re.compile(r"\s*date\s+(?P<date>\S+)\s+news\s*", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATELINE = re.compile(r"\s*\d{1,2}\s+[A-Za-z]+\.?\s+\d{4}\b")
_BY = re.compile(r"(?:^|\s)By\s+(?P<outlet>\S.*?)\s*$")
_CREDIT = "Image:"


def read_text(text: str, *, origin: Origin, date: dt.date | None = None) -> Iterator[Parsed]:
    """The one article in `text`: seed format if its first line is a `date ... news` header, else plain.

    Plain text takes its date from `date`; a bad header date or a missing body is an InputError.
    """
    lines = _lines(text)
    first = _next_filled(lines, 0)
    if first is None:
        raise InputError(origin.source, "empty file")
    header = _HEADER.fullmatch(lines[first])
    if header:
        yield _seed_article(lines[first + 1 :], header["date"], origin=origin)
    else:
        yield _plain_article(lines[first:], origin=origin, date=date)


def body_text(lines: Sequence[str], *, drop_credits: bool = False) -> str:
    """The paragraphs in `lines`, joined by one blank line; lines inside a paragraph kept as they are.

    Trailing spaces are dropped; with `drop_credits`, so are `Image:` credit lines.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if drop_credits and line.lstrip().startswith(_CREDIT):
            continue
        if line.strip():
            current.append(line.rstrip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def _seed_article(lines: list[str], raw_date: str, *, origin: Origin) -> Parsed:
    published = _header_date(raw_date, source=origin.source)
    at = _next_filled(lines, 0)
    if at is None:
        raise InputError(origin.source, "no headline or body after the header line")
    title = lines[at].strip()
    at = _next_filled(lines, at + 1)
    outlet = ""
    if at is not None and (byline := _byline(lines[at])) is not None:
        outlet = byline
        at += 1
    body = body_text(lines[at:], drop_credits=True) if at is not None else ""
    if not body:
        raise InputError(origin.source, "no body text after the headline")
    return make_article(text=body, origin=origin, title=title, outlet=outlet, published=published)


def _plain_article(lines: list[str], *, origin: Origin, date: dt.date | None) -> Parsed:
    first = lines[0].strip()
    title = first if len(first) < TITLE_MAX and not first.endswith(".") else ""
    body = body_text(lines[1:]) if title else ""
    return make_article(text=body or body_text(lines), origin=origin, title=title, published=date)


def _header_date(raw: str, *, source: str) -> dt.date:
    try:
        if _ISO_DAY.fullmatch(raw):
            return dt.date.fromisoformat(raw)
    except ValueError:
        pass
    raise InputError(source, f"impossible date '{raw}' in header line")


def _byline(line: str) -> str | None:
    """The outlet a byline/dateline names ("" if none), or None if `line` is not one."""
    stripped = line.strip()
    if len(stripped) >= TITLE_MAX or stripped.endswith("."):
        return None
    by = _BY.search(stripped)
    if by:
        return _outlet_of(by["outlet"])
    return "" if _DATELINE.match(stripped) else None


def _outlet_of(credit: str) -> str:
    """The outlet in a byline's credit: "Naomi Tajitsu and J.R. Wu, Reuters" and "Jane Doe (Reuters)"
    name writers before it; "Reuters Staff" is Reuters."""
    bracketed = re.search(r"\(([^()]+)\)\s*$", credit)
    if bracketed:
        credit = bracketed[1]
    elif "," in credit:
        credit = credit.rsplit(",", 1)[1]
    return re.sub(r"\s+staff$", "", credit.strip(), flags=re.IGNORECASE)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _next_filled(lines: Sequence[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)
