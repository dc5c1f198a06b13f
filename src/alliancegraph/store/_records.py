"""The records the store hands back: rows as they are stored, with database ids."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from alliancegraph.records import FactAttributes

__all__ = ["ArticleVersion", "Stored", "StoredArticle", "StoredEntity", "StoredFact"]


@dataclass(frozen=True)
class StoredArticle:
    """One stored article, without its text, with the number of facts read from it."""

    id: str
    doc: str
    published: dt.date | None
    title: str
    outlet: str
    source: str
    url: str | None
    fact_count: int


@dataclass(frozen=True)
class Stored:
    """What storing one article did: `outcome` is "new", "updated" (a correction of the stored
    article with its normalised URL) or "duplicate" (of the stored article `id`, `doc`).
    `linked_to` is the stored article a new or corrected one retells (a near-duplicate, stored
    without facts of its own), else None."""

    outcome: str
    id: str
    doc: str
    linked_to: str | None = None


@dataclass(frozen=True)
class ArticleVersion:
    """One version of a stored article, oldest first from 1; `current` marks the one whose
    facts the store holds."""

    id: str
    version: int
    current: bool
    doc: str
    url: str | None
    published: dt.date | None
    title: str
    text: str
    content_hash: str
    ingested_at: dt.datetime


@dataclass(frozen=True)
class StoredEntity:
    """One entity across all documents: its canonical name, every name it was met under, its own
    id (`uid`, kept through merges) and, where known, its Wikidata QID, LEI and stock ticker."""

    id: int
    name: str
    type: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    uid: str | None = None
    qid: str | None = None
    lei: str | None = None
    ticker: str | None = None

    @property
    def identifiers(self) -> dict[str, str]:
        """The identifiers the entity has: qid, lei, ticker."""
        return {k: v for k, v in (("qid", self.qid), ("lei", self.lei), ("ticker", self.ticker))
                if v is not None}

    def to_dict(self) -> dict[str, Any]:
        """schema.md's entity object: name, type, aliases; with the entity's id and the
        identifiers it has."""
        return {"uid": self.uid, "name": self.name, "type": self.type,
                "aliases": list(self.aliases), **self.identifiers}


@dataclass(slots=True)
class StoredFact(FactAttributes):
    """One relation as one stored article states it, with both parties' canonical names and
    the article's outlet. Read-only by convention: not frozen, because a frozen dataclass
    takes 7 times as long to make and graph queries make one per fact they read."""

    id: int
    article_id: str
    doc: str
    published: dt.date | None
    subject_id: int
    subject: str
    subject_type: str
    type: str
    object_id: int
    object: str
    object_type: str
    status: str
    confidence: float
    sentence: str
    char_start: int
    char_end: int
    attributed_to: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    percent: float | None = None
    amount: float | None = None
    currency: str | None = None
    title: str | None = None
    kind: str | None = None
    product: str | None = None
    outlet: str = ""
