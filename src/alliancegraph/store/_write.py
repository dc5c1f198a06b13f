"""Writing one document: the article, its entities (merged across documents), mentions, facts."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert, or_, select

from alliancegraph.errors import StoreError
from alliancegraph.records import (
    ENTITY_TYPES, RELATION_TYPES, STATUSES, Article, DocumentFacts, Entity, RelationFact,
)
from alliancegraph.store import _schema as t
from alliancegraph.store._merge import merge_into, merged_target
from alliancegraph.names import name_key

__all__ = ["article_exists", "write_document"]

_Candidates = dict[str, list[tuple[str, int]]]  # name or key -> [(type, entity id)]


def article_exists(conn: Connection, *, content_hash: str, url: str | None) -> bool:
    """Return whether an article with this content hash, or this URL, is stored."""
    same = t.articles.c.content_hash == content_hash
    if url is not None:
        same = or_(same, t.articles.c.url == url)
    return conn.scalar(select(t.articles.c.id).where(same).limit(1)) is not None


def write_document(conn: Connection, article: Article, facts: DocumentFacts) -> bool:
    """Store one article and what was read from it, inside the caller's transaction.

    RETURNS (bool): False, having written nothing, if the article (by content
    hash or URL) is already stored; else True. Raises StoreError on a record that
    breaks schema.md; the caller's transaction then rolls back.
    """
    if article_exists(conn, content_hash=article.content_hash, url=article.url):
        return False
    published = article.published or facts.date
    conn.execute(insert(t.articles).values(
        id=article.id, content_hash=article.content_hash, url=article.url, doc=article.doc,
        source=article.source, published=published, title=article.title,
        outlet=article.outlet, text=article.text, ingested_at=dt.datetime.now(dt.timezone.utc)))
    by_name: _Candidates = {}
    by_key: _Candidates = {}
    stored: list[tuple[Entity, int]] = []
    for entity in facts.entities:
        entity_id = _store_entity(conn, entity, article_id=article.id, doc=facts.doc)
        stored.append((entity, entity_id))
        by_name.setdefault(entity.name, []).append((entity.type, entity_id))
        for alias in (entity.name, *entity.aliases):
            by_key.setdefault(name_key(alias), []).append((entity.type, entity_id))
    _absorb_entities_named_by_aliases(conn, stored, by_key)
    rows = [_fact_row(f, by_name, by_key, article_id=article.id, published=published,
                      doc=facts.doc) for f in facts.relations]
    if rows:
        conn.execute(insert(t.facts), rows)
    return True


def _store_entity(conn: Connection, entity: Entity, *, article_id: str, doc: str) -> int:
    if entity.type not in ENTITY_TYPES:
        raise StoreError(f"{doc}: entity '{entity.name}' has type '{entity.type}', not one of "
                         f"{', '.join(ENTITY_TYPES)}.")
    key = name_key(entity.name)
    if not key:
        raise StoreError(f"{doc}: entity name '{entity.name}' has no letters or digits.")
    entity_id = _find_entity(conn, entity, key)
    if entity_id is None:
        inserted = conn.execute(insert(t.entities).values(name=entity.name, type=entity.type,
                                                          key=key)).inserted_primary_key
        assert inserted is not None
        entity_id = int(inserted[0])
    known = set(conn.scalars(select(t.aliases.c.key).where(t.aliases.c.entity_id == entity_id)))
    new_aliases = []
    for alias in (entity.name, *entity.aliases):
        alias_key = name_key(alias)
        if alias_key and alias_key not in known:
            known.add(alias_key)
            new_aliases.append({"entity_id": entity_id, "alias": alias, "key": alias_key})
    if new_aliases:
        conn.execute(insert(t.aliases), new_aliases)
    if entity.mentions:
        conn.execute(insert(t.mentions), [
            {"article_id": article_id, "entity_id": entity_id, "text": m.text,
             "char_start": m.char_start, "char_end": m.char_end} for m in entity.mentions])
    return entity_id


def _find_entity(conn: Connection, entity: Entity, key: str) -> int | None:
    """The entity a hand merge sent this name (else one of its aliases) to; else the stored
    entity of the same type whose name has `key`; else the one entity with an alias of that
    key; else the one entity whose name is one of this entity's aliases."""
    e, a = t.entities, t.aliases
    merged = merged_target(conn, entity.type, [key, *(name_key(x) for x in entity.aliases)])
    if merged is not None:
        return merged
    found = conn.scalar(select(e.c.id).where(e.c.type == entity.type, e.c.key == key))
    if found is not None:
        return int(found)
    by_alias = select(a.c.entity_id).distinct().join(e, e.c.id == a.c.entity_id).where(
        e.c.type == entity.type, a.c.key == key)
    alias_keys = sorted({name_key(x) for x in entity.aliases} - {""})
    by_own_aliases = select(e.c.id).where(e.c.type == entity.type, e.c.key.in_(alias_keys))
    for query in (by_alias, by_own_aliases):
        ids = list(conn.scalars(query.limit(2)))
        if len(ids) == 1:
            return int(ids[0])
    return None


def _is_proper_name(alias: str) -> bool:
    return alias[:1].isupper() and not alias.casefold().startswith(_DESCRIPTOR_OPENINGS)


_DESCRIPTOR_OPENINGS = ("the ", "its ", "their ", "his ", "her ")


def _absorb_entities_named_by_aliases(conn: Connection, stored: list[tuple[Entity, int]],
                                      by_key: _Candidates) -> None:
    """Merge into each entity of the document the stored entities (same type, not of this
    document) whose name is one of its proper-name aliases, so that the result does not depend
    on the order articles came in. An alias two entities of the document share merges nothing."""
    e = t.entities
    own = {entity_id for _, entity_id in stored}
    for entity, entity_id in stored:
        keys = {name_key(a) for a in entity.aliases if _is_proper_name(a)}
        keys = sorted(k for k in keys - {""}
                      if len({i for typ, i in by_key.get(k, []) if typ == entity.type}) == 1)
        if not keys:
            continue
        named = conn.scalars(select(e.c.id).where(e.c.type == entity.type, e.c.key.in_(keys),
                                                  e.c.id.not_in(sorted(own))))
        for other_id in list(named):
            merge_into(conn, entity_id, int(other_id), remember=False)


def _resolve(name: str, wanted_type: str | None, by_name: _Candidates, by_key: _Candidates,
             fact: RelationFact, doc: str) -> int:
    candidates = by_name.get(name) or by_key.get(name_key(name)) or []
    matching = [i for typ, i in candidates if wanted_type in (None, typ)]
    if not matching:
        known = ", ".join(sorted(by_name)) or "none"
        raise StoreError(f"{doc}: relation '{fact.subject} {fact.type} {fact.object}' names "
                         f"'{name}', which is not among the document's entities ({known}). "
                         "Add it to the entities or drop the relation.")
    return matching[0]


def _fact_row(fact: RelationFact, by_name: _Candidates, by_key: _Candidates, *,
              article_id: str, published: dt.date | None, doc: str) -> dict[str, Any]:
    if fact.type not in RELATION_TYPES or fact.status not in STATUSES:
        raise StoreError(f"{doc}: relation '{fact.subject} {fact.type} {fact.object}' has "
                         f"type '{fact.type}' and status '{fact.status}'; schema.md allows "
                         f"types {', '.join(RELATION_TYPES)} and statuses {', '.join(STATUSES)}.")
    return {
        "article_id": article_id,
        "subject_id": _resolve(fact.subject, fact.subject_type, by_name, by_key, fact, doc),
        "type": fact.type,
        "object_id": _resolve(fact.object, fact.object_type, by_name, by_key, fact, doc),
        "status": fact.status, "confidence": fact.confidence,
        "sentence": fact.evidence.sentence, "char_start": fact.evidence.char_start,
        "char_end": fact.evidence.char_end, "attributed_to": fact.attributed_to,
        "valid_from": fact.valid_from, "valid_to": fact.valid_to, "published": published,
        **{k: getattr(fact, k) for k in fact.ATTRIBUTES},
    }
