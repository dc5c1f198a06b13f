"""Taking a store of the current schema back to an older version, to test its migration."""
from __future__ import annotations

from typing import Any

from sqlalchemy import text


def back_to_version_3(conn: Any) -> None:
    """Undo schema version 4: the entities' identifiers and fixed type, descriptors, type votes,
    alias rules and near-duplicate signatures and links."""
    for table in ("descriptors", "type_votes", "alias_rules", "article_bands", "article_signatures",
                  "near_duplicates"):
        conn.execute(text(f"DROP TABLE {table}"))
    conn.execute(text("DROP INDEX IF EXISTS ix_entities_uid"))
    for column in ("uid", "qid", "lei", "ticker", "fixed_type"):
        conn.execute(text(f"ALTER TABLE entities DROP COLUMN {column}"))
    conn.execute(text("UPDATE meta SET value = '3' WHERE key = 'schema_version'"))


def back_to_version_2(conn: Any) -> None:
    """Undo schema versions 4 and 3 (3: articles.url_key and the article_versions table)."""
    back_to_version_3(conn)
    conn.execute(text("DROP TABLE article_versions"))
    conn.execute(text("DROP INDEX ix_articles_url_key"))
    conn.execute(text("ALTER TABLE articles DROP COLUMN url_key"))
    conn.execute(text("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))
