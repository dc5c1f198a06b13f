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
from alliancegraph.names import core_key, is_descriptor, name_key
from alliancegraph.store._identity import add_type_votes, known_company, new_uid
from alliancegraph.store._match import fill_identifiers, find_entity, settle_types
from alliancegraph.store._merge import merge_into
from alliancegraph.store._similar import link_near_duplicate

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

    An article that retells a stored one (`link_near_duplicate`) is stored and linked to it, without
    its entities and facts. RETURNS (bool): False, having written nothing, if the article (by
    content hash or URL) is already stored; else True. Raises StoreError on a record that
    breaks schema.md; the caller's transaction then rolls back.
    """
    if article_exists(conn, content_hash=article.content_hash, url=article.url):
        return False
    published = article.published or facts.date
    conn.execute(insert(t.articles).values(
        id=article.id, content_hash=article.content_hash, url=article.url, doc=article.doc,
        source=article.source, published=published, title=article.title,
        outlet=article.outlet, text=article.text, ingested_at=dt.datetime.now(dt.timezone.utc)))
    if link_near_duplicate(conn, article):
        return True
    by_name: _Candidates = {}
    by_key: _Candidates = {}
    stored: list[tuple[Entity, int]] = []
    keys = [name_key(e.name) for e in facts.entities]
    for n, entity in enumerate(facts.entities):
        apart = frozenset(keys[:n] + keys[n + 1:])
        entity_id = _store_entity(conn, entity, article_id=article.id, doc=facts.doc, apart=apart)
        stored.append((entity, entity_id))
    _absorb_entities_named_by_aliases(conn, stored)
    for entity, entity_id in settle_types(conn, stored):
        by_name.setdefault(entity.name, []).append((entity.type, entity_id))
        for alias in (entity.name, *entity.aliases):
            by_key.setdefault(name_key(alias), []).append((entity.type, entity_id))
    rows = [_fact_row(f, by_name, by_key, article_id=article.id, published=published,
                      doc=facts.doc) for f in facts.relations]
    rows = [row for row in rows if row["subject_id"] != row["object_id"]]
    if rows:
        conn.execute(insert(t.facts), rows)
    return True


def _names_and_descriptions(entity: Entity) -> tuple[str, list[str], list[str]]:
    """The entity's canonical name, its names (canonical first) and its descriptions.

    A descriptor is never the name when the article gives a name; a person's name is the
    fullest form the article gives of it ("Stan Deal", not "Stan")."""
    names, descriptions = [], []
    for alias in dict.fromkeys((entity.name, *entity.aliases)):
        (descriptions if is_descriptor(alias) else names).append(alias)
    if not names:
        return entity.name, [], descriptions
    name = entity.name if entity.name in names else max(names, key=len)
    if entity.type == "PERSON":
        words = name.split()
        fuller = [n for n in names if len(n.split()) > len(words)
                  and (n.split()[:len(words)] == words or n.split()[-len(words):] == words)]
        name = max(fuller, key=len, default=name)
    return name, [name, *(n for n in names if n != name)], descriptions


def _store_entity(conn: Connection, entity: Entity, *, article_id: str, doc: str,
                  apart: frozenset[str]) -> int:
    if entity.type not in ENTITY_TYPES:
        raise StoreError(f"{doc}: entity '{entity.name}' has type '{entity.type}', not one of "
                         f"{', '.join(ENTITY_TYPES)}.")
    name, names, descriptions = _names_and_descriptions(entity)
    key = name_key(name)
    if not key:
        raise StoreError(f"{doc}: entity name '{entity.name}' has no letters or digits.")
    company = known_company([name]) if entity.type == "ORG" and names else None
    if not names:
        key = f"{key} #{article_id}"  # only described: an entity of this article alone
    else:
        names += [n for n in (company.names if company else ()) if n not in names and not is_descriptor(n)]
    entity_id = find_entity(conn, entity.type, key, names, company, apart=apart)
    if entity_id is None:
        inserted = conn.execute(insert(t.entities).values(
            name=name, type=entity.type, key=key, uid=new_uid(conn, entity.type, key),
            **(company.identifiers if company else {}))).inserted_primary_key
        assert inserted is not None
        entity_id = int(inserted[0])
    elif company is not None:
        fill_identifiers(conn, entity_id, company.identifiers)
    votes = max(1, len(entity.mentions)) * (2 if core_key(key) != key else 1)
    add_type_votes(conn, entity_id, entity.type, votes)
    _add_aliases(conn, entity_id, names)
    if entity.mentions:
        conn.execute(insert(t.mentions), [
            {"article_id": article_id, "entity_id": entity_id, "text": m.text,
             "char_start": m.char_start, "char_end": m.char_end} for m in entity.mentions])
    if descriptions:
        conn.execute(insert(t.descriptors), [
            {"article_id": article_id, "entity_id": entity_id, "text": d} for d in descriptions])
    return entity_id


def _add_aliases(conn: Connection, entity_id: int, names: list[str]) -> None:
    """Give the entity these names as aliases, but none it has or that was removed by hand."""
    al, rules = t.aliases, t.alias_rules
    known = set(conn.scalars(select(al.c.key).where(al.c.entity_id == entity_id)))
    known |= set(conn.scalars(select(rules.c.key).where(rules.c.entity_id == entity_id)))
    new_aliases = []
    for alias in names:
        alias_key = name_key(alias)
        if alias_key and alias_key not in known:
            known.add(alias_key)
            new_aliases.append({"entity_id": entity_id, "alias": alias, "key": alias_key})
    if new_aliases:
        conn.execute(insert(al), new_aliases)


def _absorb_entities_named_by_aliases(conn: Connection, stored: list[tuple[Entity, int]]) -> None:
    """Merge into each entity of the document the stored entities (same type, not of this
    document) whose name is one of its names, so that the result does not depend on the order
    articles came in. A name two entities of the document share merges nothing."""
    e = t.entities
    own = {entity_id for _, entity_id in stored}
    owners: dict[tuple[str, str], set[int]] = {}
    for entity, entity_id in stored:
        for alias in (entity.name, *entity.aliases):
            owners.setdefault((entity.type, name_key(alias)), set()).add(entity_id)
    for entity, entity_id in stored:
        keys = {name_key(a) for a in entity.aliases if not is_descriptor(a)}
        keys = sorted(k for k in keys - {""} if len(owners[(entity.type, k)]) == 1)
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
    if not matching and len({i for _, i in candidates}) == 1:
        matching = [candidates[0][1]]  # the one entity so named, read as another type
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
