"""The plain records that pass between stages (design.md: one stage, one package)."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "ENTITY_TYPES",
    "RELATION_TYPES",
    "SYMMETRIC_TYPES",
    "STATUSES",
    "ARGUMENT_TYPES",
    "allowed_types",
    "Article",
    "Entity",
    "Mention",
    "Evidence",
    "FactAttributes",
    "RelationFact",
    "DocumentFacts",
    "CandidatePair",
]

ENTITY_TYPES = ("ORG", "PERSON", "PLACE")
RELATION_TYPES = (
    "owns_stake",
    "invests_in",
    "acquires",
    "merges_with",
    "partners_with",
    "supplies",
    "subsidiary_of",
    "member_of",
    "leads",
    "based_in",
)
SYMMETRIC_TYPES = frozenset({"merges_with", "partners_with"})
STATUSES = ("asserted", "planned", "proposed", "ended", "denied")
ARGUMENT_TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "owns_stake": (frozenset({"ORG", "PERSON"}), frozenset({"ORG"})),
    "invests_in": (frozenset({"ORG", "PERSON"}), frozenset({"ORG"})),
    "acquires": (frozenset({"ORG", "PERSON"}), frozenset({"ORG"})),
    "merges_with": (frozenset({"ORG"}), frozenset({"ORG"})),
    "partners_with": (frozenset({"ORG"}), frozenset({"ORG"})),
    "supplies": (frozenset({"ORG"}), frozenset({"ORG"})),
    "subsidiary_of": (frozenset({"ORG"}), frozenset({"ORG"})),
    "member_of": (frozenset({"ORG"}), frozenset({"ORG"})),
    "leads": (frozenset({"PERSON"}), frozenset({"ORG"})),
    "based_in": (frozenset({"ORG"}), frozenset({"PLACE"})),
}
"""The (subject types, object types) each relation type may link (schema.md, data/ANNOTATION.md)."""


def allowed_types(subject_type: str, object_type: str) -> tuple[str, ...]:
    """The relation types schema.md allows from an entity of `subject_type` to one of `object_type`."""
    return tuple(t for t in RELATION_TYPES
                 if subject_type in ARGUMENT_TYPES[t][0] and object_type in ARGUMENT_TYPES[t][1])


@dataclass(frozen=True)
class Article:
    """One dated news article, as read from any source.

    `id` is the first 16 hex digits of `content_hash`, the SHA-256 of the
    normalised body text, so the same story read twice gets the same id.
    """

    id: str
    source: str
    doc: str
    published: dt.date | None
    title: str
    outlet: str
    text: str
    content_hash: str
    url: str | None = None


@dataclass(frozen=True)
class Mention:
    """One place in the article where an entity is referred to; offsets index its headline, a blank
    line and its text, as extraction reads them."""

    text: str
    char_start: int
    char_end: int


@dataclass
class Entity:
    """A thing a document talks about, under its canonical name."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "aliases": list(self.aliases)}


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from, with its offsets in the headline-and-text extraction reads."""

    sentence: str
    char_start: int
    char_end: int


class FactAttributes:
    """The optional attributes a relation may carry, shared by extracted and stored facts."""

    ATTRIBUTES = ("percent", "amount", "currency", "title", "kind", "product")

    def attributes(self) -> dict[str, Any]:
        """The optional attributes this fact carries, without the unset ones."""
        return {k: getattr(self, k) for k in self.ATTRIBUTES if getattr(self, k) is not None}


@dataclass
class RelationFact(FactAttributes):
    """One relation as one article states it (schema.md's relation object)."""

    subject: str
    type: str
    object: str
    status: str
    evidence: Evidence
    confidence: float = 0.5
    attributed_to: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    percent: float | None = None
    amount: float | None = None
    currency: str | None = None
    title: str | None = None
    kind: str | None = None
    product: str | None = None
    subject_type: str | None = None
    object_type: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"subject": self.subject, "type": self.type, "object": self.object,
                               "status": self.status}
        out.update(self.attributes())
        out["confidence"] = round(self.confidence, 3)
        out["evidence"] = asdict(self.evidence)
        out["attributed_to"] = self.attributed_to
        out["valid_from"] = self.valid_from.isoformat() if self.valid_from else None
        out["valid_to"] = self.valid_to.isoformat() if self.valid_to else None
        return out


@dataclass(frozen=True)
class CandidatePair:
    """Two entities one sentence refers to, in order, and the relation types their types allow."""

    sentence: int
    subject: str
    object: str
    types: tuple[str, ...]


@dataclass
class DocumentFacts:
    """What extraction read from one article: schema.md's `extract` JSON object."""

    doc: str
    date: dt.date | None
    title: str
    source: str
    entities: list[Entity]
    relations: list[RelationFact]
    sentences: list[str] = field(default_factory=list)
    """The sentences read, headline first; `candidates` index them. Not part of the JSON output."""
    candidates: list[CandidatePair] = field(default_factory=list)
    variants: dict[str, list[RelationFact]] = field(default_factory=dict)
    """Each reader's facts, when extraction was asked for all of them (eval's ablation)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "date": self.date.isoformat() if self.date else None,
            "title": self.title,
            "source": self.source,
            "entities": [e.to_json() for e in self.entities],
            "relations": [r.to_json() for r in self.relations],
        }
