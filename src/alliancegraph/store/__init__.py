"""The store: the one place that knows SQL (design.md).

Articles, entities (merged across documents by `name_key`), mentions and
relation facts, in SQLite by default or PostgreSQL by URL, with SQLAlchemy Core.

    with open_store("news.db") as store:
        store.add_document(article, facts)
        renault = store.find_entity("Renault SA")
        store.facts_about(renault.id, as_of=date(2023, 3, 31))
"""
from alliancegraph.store._engine import ENV_VAR, database_url
from alliancegraph.names import LEGAL_SUFFIXES, name_key
from alliancegraph.store._check import Problem
from alliancegraph.store._records import ArticleVersion, Stored, StoredArticle, StoredEntity, StoredFact
from alliancegraph.store._schema import SCHEMA_VERSION
from alliancegraph.store._store import Store, open_store

__all__ = [
    "ArticleVersion",
    "ENV_VAR",
    "LEGAL_SUFFIXES",
    "Problem",
    "SCHEMA_VERSION",
    "Store",
    "Stored",
    "StoredArticle",
    "StoredEntity",
    "StoredFact",
    "database_url",
    "name_key",
    "open_store",
]
