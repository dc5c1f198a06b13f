"""Building `Article` records: the content hash, the id and ISO dates."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from alliancegraph.errors import InputError
from alliancegraph.records import Article

__all__ = ["InputWarning", "Origin", "Parsed", "content_hash", "iso_date", "make_article", "unreadable"]

_MAX_DEPTH = 1000



@dataclass(frozen=True)
class InputWarning:
    """Something in an input read anyway, but not as written (a date that is not one, say)."""

    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


Parsed = Article | InputError | InputWarning
"""What a reader yields: an article, the error of one record that it skipped, or a warning."""


@dataclass(frozen=True)
class Origin:
    """Where an input came from: `source` names it in records and errors, `name` is its doc name."""

    source: str
    name: str


def content_hash(text: str) -> str:
    """The SHA-256 hex digest of `text` with whitespace collapsed and case folded.

    Two copies of a story that differ only in spacing or case get the same hash.
    """
    normal = " ".join(text.casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def iso_date(raw: str) -> dt.date:
    """The calendar date an ISO date or datetime string names, as written (no time-zone shift).

    Raises ValueError if `raw` is not an ISO date or names an impossible one.
    """
    raw = raw.strip()
    if len(raw) == 10:
        return dt.date.fromisoformat(raw)
    return dt.datetime.fromisoformat(raw).date()


def make_article(
    *,
    text: str,
    origin: Origin,
    doc: str | None = None,
    title: str = "",
    outlet: str = "",
    published: dt.date | None = None,
    url: str | None = None,
) -> Article:
    """An `Article` for `text`, its id and hash computed from the text (doc defaults to the origin's name)."""
    digest = content_hash(text)
    return Article(
        id=digest[:16],
        source=origin.source,
        doc=doc or origin.name,
        published=published,
        title=title.strip(),
        outlet=outlet.strip(),
        text=text,
        content_hash=digest,
        url=url,
    )


def unreadable(where: str, error: Exception) -> InputError:
    """The InputError for an input (or record) whose reader failed with `error`, of any kind."""
    if isinstance(error, RecursionError):
        return InputError(where, f"nested too deeply to read (more than {_MAX_DEPTH:,} levels)")
    if isinstance(error, MemoryError):
        return InputError(where, "too large to read in memory")
    return InputError(where, f"could not be read ({type(error).__name__}: {error})")
