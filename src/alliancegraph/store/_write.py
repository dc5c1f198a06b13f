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
from alliancegraph.names import clean_text, core_key, is_descriptor, name_key
from alliancegraph.store._identity import add_type_votes, known_company, new_uid
from alliancegraph.store._keys import described_key
from alliancegraph.store._match import fill_identifiers, find_entity, settle_types
from alliancegraph.store._merge import merge_into
from alliancegraph.store._records import Stored
from alliancegraph.store._similar import forget_signature, link_near_duplicate
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
    old ("updated"). Anything else is "new". A new or corrected article that retells another
    stored one (`link_near_duplicate`; never its own earlier version) is linked to it
    (`Stored.linked_to`) without its entities and facts. Raises StoreError on a record that
    breaks schema.md; the caller's transaction then rolls back.
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
    outcome = "updated" if replaced else "new"
    original = link_near_duplicate(conn, article_id, article.text)
    if original is not None:
        return Stored(outcome, article_id, article.doc, linked_to=original)
    _write_contents(conn, facts, article_id=article_id, published=published)
    return Stored(outcome, article_id, article.doc)


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
    conn.execute(delete(t.descriptors).where(t.descriptors.c.article_id == old.id))
    forget_signature(conn, old.id)
    conn.execute(update(a).where(a.c.id == old.id).values(**values))
    drop_unused_entities(conn, touched)
    return str(old.id)


def _entities_read_from(conn: Connection, article_id: str) -> set[int]:
    f, m, d = t.facts, t.mentions, t.descriptors
    ids = set(conn.scalars(select(m.c.entity_id).where(m.c.article_id == article_id)))
    ids.update(conn.scalars(select(d.c.entity_id).where(d.c.article_id == article_id)))
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
    entities = [_cleaned(e) for e in facts.entities]
    keys = [name_key(e.name) for e in entities]
    for n, entity in enumerate(entities):
        apart = frozenset(keys[:n] + keys[n + 1:])
        entity_id = _store_entity(conn, entity, article_id=article_id, doc=facts.doc, apart=apart)
        stored.append((entity, entity_id))
    _absorb_entities_named_by_aliases(conn, stored)
    for entity, entity_id in settle_types(conn, stored):
        by_name.setdefault(entity.name, []).append((entity.type, entity_id))
        for alias in (entity.name, *entity.aliases):
            by_key.setdefault(name_key(alias), []).append((entity.type, entity_id))
    rows = [_fact_row(_cleaned_fact(f), by_name, by_key, article_id=article_id,
                      published=published, doc=facts.doc) for f in facts.relations]
    rows = [row for row in rows if row["subject_id"] != row["object_id"]]
    if rows:
        conn.execute(insert(t.facts), rows)


def _cleaned(entity: Entity) -> Entity:
    return replace(entity, name=clean_text(entity.name),
                   aliases=[clean_text(a) for a in entity.aliases])


def _cleaned_fact(fact: RelationFact) -> RelationFact:
    return replace(fact, subject=clean_text(fact.subject), object=clean_text(fact.object))


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
        key = described_key(key, article_id)
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
