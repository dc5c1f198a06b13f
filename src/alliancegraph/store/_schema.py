"""The tables: one schema for SQLite and PostgreSQL (SQLAlchemy Core)."""
from __future__ import annotations

from sqlalchemy import (
    Column, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table,
    Text, UniqueConstraint,
)

__all__ = ["SCHEMA_VERSION", "metadata", "meta", "articles", "entities", "aliases", "mentions",
           "facts", "entity_merges", "article_versions", "FACT_INDEXES", "IDENTIFIERS", "descriptors",
           "type_votes", "alias_rules", "article_signatures", "article_bands", "near_duplicates"]

SCHEMA_VERSION = 4
"""Bump on every change to the tables below, with a step in `_engine._MIGRATIONS`."""

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", String(64), primary_key=True),
    Column("content_hash", String(128), nullable=False, unique=True),
    Column("url", Text, unique=True),
    Column("doc", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("published", Date, index=True),
    Column("title", Text, nullable=False),
    Column("outlet", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("url_key", Text, index=True),
)
"""The current version of each article; `url_key` is its URL normalised (`normalise_url`),
the address a correction is matched by (schema version 3)."""

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("key", Text, nullable=False),
    Column("uid", String(32)),
    Column("qid", String(32)),
    Column("lei", String(20)),
    Column("ticker", String(32)),
    Column("fixed_type", String(16)),
    UniqueConstraint("type", "key", name="uq_entities_type_key"),
    Index("ix_entities_uid", "uid", unique=True),
)
"""`uid` is the entity's own identifier, kept through merges and renames; `qid` (Wikidata),
`lei` and `ticker` are set by hand or from the gazetteer; `fixed_type`, set by hand, outvotes
every mention (schema version 4)."""

IDENTIFIERS = ("qid", "lei", "ticker")

aliases = Table(
    "aliases", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("key", Text, nullable=False),
    UniqueConstraint("entity_id", "key", name="uq_aliases_entity_key"),
    Index("ix_aliases_key", "key"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
)

facts = Table(
    "facts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("subject_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("type", String(32), nullable=False, index=True),
    Column("object_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("percent", Float),
    Column("amount", Float),
    Column("currency", String(16)),
    Column("title", Text),
    Column("kind", String(32)),
    Column("product", Text),
    Column("confidence", Float, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("attributed_to", Text),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("published", Date, index=True),
)
"""One row per relation as one article states it; `published` is copied from the
article so that as-of queries need no join."""

FACT_INDEXES = (
    Index("ix_facts_subject_edge", facts.c.subject_id, facts.c.object_id, facts.c.type,
          facts.c.published),
    Index("ix_facts_object_edge", facts.c.object_id, facts.c.subject_id, facts.c.type,
          facts.c.published),
)
"""An entity's facts from either side, one edge's facts, and the facts among a set of
entities, each read from an index, date-filtered inside it (schema version 2)."""

entity_merges = Table(
    "entity_merges", metadata,
    Column("type", String(16), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("merged_name", Text, nullable=False),
)
"""Names merged by hand (`merge-entities`): an entity of this type met under a name with
this key is the entity `entity_id`, before any other rule, so the merge survives re-ingest."""

article_versions = Table(
    "article_versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("version", Integer, nullable=False),
    Column("content_hash", String(128), nullable=False, index=True),
    Column("url", Text),
    Column("doc", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("published", Date),
    Column("title", Text, nullable=False),
    Column("outlet", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("replaced_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("article_id", "version", name="uq_article_versions_version"),
)
"""Earlier versions of an article, replaced by a correction (same normalised URL, new text):
the text as it was; its facts were replaced by the correction's (schema version 3)."""

descriptors = Table(
    "descriptors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("text", Text, nullable=False),
)
"""Descriptions ("the Japanese automaker") one article used for an entity: evidence of how that
article referred to it, never a name to find it by in another article."""

type_votes = Table(
    "type_votes", metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("type", String(16), primary_key=True),
    Column("votes", Integer, nullable=False),
)
"""How many mentions, over all articles, read the entity as each type; the most wins."""

alias_rules = Table(
    "alias_rules", metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("key", Text, primary_key=True),
)
"""Alias keys removed by hand (`alias remove`): never given back to the entity by an article."""

article_signatures = Table(
    "article_signatures", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)
"""The MinHash of each article's text, for near-duplicate detection."""

article_bands = Table(
    "article_bands", metadata,
    Column("band", String(64), nullable=False, index=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
)
"""Locality-sensitive hash bands of each signature: articles sharing a band are candidates."""

near_duplicates = Table(
    "near_duplicates", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("original_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("similarity", Float, nullable=False),
)
"""An article that retells a stored one (another headline, a syndicated copy): linked to the
first copy, its facts not stored, so it adds no independent source."""
