"""The entities table's `key`: the `name_key` of the entity's name, or, for an entity an article
only describes ("the consortium", "News"), that key with the article it belongs to after " #"."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, and_

from alliancegraph.names import name_key
from alliancegraph.store import _schema as t

__all__ = ["described_key", "described_as", "fitting_key", "key_starts"]

_SCOPE = " #"
"""What parts a described entity's name key from its scope; `name_key` never gives a "#"."""


def described_key(key: str, scope: str | int) -> str:
    """The key of an entity only described under the name of key `key` in one article (`scope`,
    or the entity's id for one stored before): a key no article's name merges with."""
    return f"{key}{_SCOPE}{scope}"


def fitting_key(key: str, name: str) -> str:
    """The key an entity of key `key` named `name` should have: the name's key, in the same
    scope as `key` if it is a described entity's."""
    _, scoped, scope = key.partition(_SCOPE)
    return described_key(name_key(name), scope) if scoped else name_key(name)


def described_as(conn: Connection, key: str) -> ColumnElement[bool]:
    """Keys of the entities only described under a name of key `key`, whatever their scope."""
    return key_starts(conn, key + _SCOPE)


def key_starts(conn: Connection, prefix: str) -> ColumnElement[bool]:
    """Keys that start with `prefix`: a range SQLite reads from the (type, key) index; LIKE on
    PostgreSQL, whose collations may order spaces otherwise."""
    key = t.entities.c.key
    if conn.dialect.name == "sqlite":
        return and_(key >= prefix, key < prefix[:-1] + chr(ord(prefix[-1]) + 1))
    return key.startswith(prefix, autoescape=True)
