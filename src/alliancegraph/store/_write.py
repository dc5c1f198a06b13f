"""Writing one document: the article, its entities (merged across documents), mentions, facts."""
from __future__ import annotations

import datetime as dt
from typing import Any

from dataclasses import replace

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from alliancegraph.errors import StoreError
from alliancegraph.records import (
    ENTITY_TYPES, RELATION_TYPES, STATUSES, Article, DocumentFacts, Entity, RelationFact,
)
from alliancegraph.store import _schema as t
from alliancegraph.store._merge import merge_into, merged_target
from alliancegraph.names import clean_text, name_key
from alliancegraph.store._records import Stored
from alliancegraph.urls import normalise_url

__all__ = ["article_exists", "copy_of", "drop_unused_entities", "write_document"]

_Candidates = dict[str, list[tuple[str, int]]]  # name or key -> [(type, entity id)]


def article_exists(conn: Connection, *, content_hash: str, url: str | None) -> bool:
    """Return whether an article with this content hash, or this URL (normalised), is stored."""
    same = t.articles.c.content_hash == content_hash
    if url is not None:
        same = or_(same, t.articles.c.url_key == normalise_url(url))
    return conn.scalar(select(t.articles.c.id).where(same).limit(1)) is not None


def copy_of(conn: Connection, content_hash: str) -> tuple[str, str] | None:
    """The (id, doc) of the stored article whose text, now or in an earlier version, has this hash."""
    a, v = t.articles, t.article_versions
    now = conn.execute(select(a.c.id, a.c.doc).where(a.c.content_hash == content_hash)).first()
    if now is not None:
        return now.id, now.doc
    earlier = conn.execute(select(a.c.id, a.c.doc).join(v, v.c.article_id == a.c.id)
                           .where(v.c.content_hash == content_hash).limit(1)).first()
    return (earlier.id, earlier.doc) if earlier is not None else None


def write_document(conn: Connection, article: Article, facts: DocumentFacts) -> Stored:
    """Store one article and what was read from it, inside the caller's transaction.

    An article whose text (now or in an earlier version) is stored changes nothing: a
    "duplicate" of that article. One with a stored article's normalised URL and new text is a
    correction: the stored text becomes an earlier version and the new facts replace the
    old ("updated"). Anything else is "new". Raises StoreError on a record that breaks
    schema.md; the caller's transaction then rolls back.
    """
    copy = copy_of(conn, article.content_hash)
    if copy is not None:
        return Stored("duplicate", *copy)
    url_key = normalise_url(article.url) if article.url else None
    published = article.published or facts.date
    values = dict(content_hash=article.content_hash, url=article.url, url_key=url_key,
                  doc=article.doc, source=article.source, published=published,
                  title=clean_text(article.title), outlet=clean_text(article.outlet),
                  text=article.text, ingested_at=dt.datetime.now(dt.timezone.utc))
    replaced = _replace_version(conn, url_key, values) if url_key else None
    article_id = replaced or article.id
    if replaced is None:
        conn.execute(insert(t.articles).values(id=article_id, **values))
    _write_contents(conn, facts, article_id=article_id, published=published)
    return Stored("updated" if replaced else "new", article_id, article.doc)


def _replace_version(conn: Connection, url_key: str, values: dict[str, Any]) -> str | None:
    """Keep the current version of the article at `url_key` as an earlier one, drop what was
    read from it and give it `values`; RETURNS its id, or None if no article has that URL."""
    a, v = t.articles, t.article_versions
    old = conn.execute(select(a).where(a.c.url_key == url_key).limit(1)).first()
    if old is None:
        return None
    earlier = conn.scalar(select(func.count()).select_from(v).where(v.c.article_id == old.id)) or 0
    kept = {c: getattr(old, c) for c in ("content_hash", "url", "doc", "source", "published",
                                         "title", "outlet", "text", "ingested_at")}
    conn.execute(insert(v).values(article_id=old.id, version=int(earlier) + 1,
                                  replaced_at=values["ingested_at"], **kept))
    touched = _entities_read_from(conn, old.id)
    conn.execute(delete(t.facts).where(t.facts.c.article_id == old.id))
    conn.execute(delete(t.mentions).where(t.mentions.c.article_id == old.id))
    conn.execute(update(a).where(a.c.id == old.id).values(**values))
    drop_unused_entities(conn, touched)
    return str(old.id)


def _entities_read_from(conn: Connection, article_id: str) -> set[int]:
    f, m = t.facts, t.mentions
    ids = set(conn.scalars(select(m.c.entity_id).where(m.c.article_id == article_id)))
    for column in (f.c.subject_id, f.c.object_id):
        ids.update(conn.scalars(select(column).where(f.c.article_id == article_id)))
    return ids


def drop_unused_entities(conn: Connection, entity_ids: set[int]) -> int:
    """Delete those of `entity_ids` that no mention, fact or hand merge uses; RETURNS how many."""
    e, f, m, mg = t.entities, t.facts, t.mentions, t.entity_merges
    used = or_(*(select(c).where(c == e.c.id).exists()
                 for c in (m.c.entity_id, f.c.subject_id, f.c.object_id, mg.c.entity_id)))
    unused = [i for i in sorted(entity_ids)
              if not conn.scalar(select(used).select_from(e).where(e.c.id == i))]
    if unused:
        conn.execute(delete(e).where(e.c.id.in_(unused)))
    return len(unused)


def _write_contents(conn: Connection, facts: DocumentFacts, *, article_id: str,
                    published: dt.date | None) -> None:
    """The entities, mentions and facts read from the article stored as `article_id`."""
    by_name: _Candidates = {}
    by_key: _Candidates = {}
    stored: list[tuple[Entity, int]] = []
    for entity in map(_cleaned, facts.entities):
        entity_id = _store_entity(conn, entity, article_id=article_id, doc=facts.doc)
        stored.append((entity, entity_id))
        by_name.setdefault(entity.name, []).append((entity.type, entity_id))
        for alias in (entity.name, *entity.aliases):
            by_key.setdefault(name_key(alias), []).append((entity.type, entity_id))
    _absorb_entities_named_by_aliases(conn, stored, by_key)
    rows = [_fact_row(_cleaned_fact(f), by_name, by_key, article_id=article_id,
                      published=published, doc=facts.doc) for f in facts.relations]
    if rows:
        conn.execute(insert(t.facts), rows)


def _cleaned(entity: Entity) -> Entity:
    return replace(entity, name=clean_text(entity.name),
                   aliases=[clean_text(a) for a in entity.aliases])


def _cleaned_fact(fact: RelationFact) -> RelationFact:
    return replace(fact, subject=clean_text(fact.subject), object=clean_text(fact.object))


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
