"""The graph verbs over one entity or edge: show, edge, timeline, changes, conflicts, merge."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import combinations

from alliancegraph.errors import EdgeNotFound, EntityNotFound, GraphError
from alliancegraph.graph._fold import (
    edge_changes, fold_edge, group_edges, history_item, same_value,
)
from alliancegraph.graph._records import (
    Change, Conflict, ConflictSide, Edge, EntityView, HistoryItem, TimelineEvent,
)
from alliancegraph.graph._rules import judge, post_of
from alliancegraph.graph._search import search
from alliancegraph.names import name_key
from alliancegraph.records import RELATION_TYPES, SYMMETRIC_TYPES
from alliancegraph.store import Store, StoredEntity, StoredFact

__all__ = ["lookup", "edges_of", "show", "edge", "timeline", "changes", "conflicts",
           "merge_entities", "set_entity", "add_alias", "remove_alias", "split_entity",
           "DENIAL_WINDOW_DAYS"]

DENIAL_WINDOW_DAYS = 30
"""A denial and a statement of the same edge this many days apart or fewer disagree."""

_TYPE_ORDER = {name: i for i, name in enumerate(RELATION_TYPES)}
_STATED = ("asserted", "planned", "proposed")


def lookup(store: Store, name: str) -> StoredEntity:
    """The entity with this name or alias (see `Store.find_entity`); raises EntityNotFound,
    naming the closest entities if there are any."""
    found = store.find_entity(name)
    if found is not None:
        return found
    near = [m.entity.name for m in search(store, name, limit=3)] if name_key(name) else []
    hint = f"Did you mean: {', '.join(near)}?" if near else "Find names with: alliancegraph search TEXT"
    raise EntityNotFound(f"no entity is named '{name}' in {store.where}. {hint}")


def _sorted(edges: Iterable[Edge], center: int | None = None) -> tuple[Edge, ...]:
    def order(e: Edge) -> tuple[int, bool, float, str]:
        other = e.other(center)[1] if center is not None else e.subject
        return _TYPE_ORDER.get(e.type, 99), not e.current, -e.confidence, other.casefold()
    return tuple(sorted(edges, key=order))


def edges_of(facts: Iterable[StoredFact], *, as_of: dt.date | None, history: str = "all",
             context: Iterable[StoredFact] = ()) -> list[Edge]:
    """One edge per (subject, type, object) among `facts` (history "all" or "latest"), judged
    on `as_of` with the world rules (`_rules`): succession among the leads edges, also against
    those of `context` (the companies' other leads facts, whose edges are not returned), and
    a subsidiary_of derived from each completed acquisition."""
    groups = group_edges(facts)
    edges = [fold_edge(key, group, as_of=as_of, history=history) for key, group in groups.items()]
    others = [fold_edge(key, group, as_of=as_of, history="latest")
              for key, group in group_edges(context).items() if key not in groups]
    return judge(edges, others)


def _led(store: Store, facts: list[StoredFact], entity_id: int, *,
         as_of: dt.date | None) -> list[StoredFact]:
    """Every leads fact of the companies that `facts` say the person `entity_id` holds a post
    in (CEO, chair, ...): what succession compares the person's edges with."""
    companies = {f.object_id for f in facts
                 if f.type == "leads" and f.subject_id == entity_id and post_of(f.title)}
    return store.facts_into(companies, "leads", as_of=as_of) if companies else []


def show(store: Store, name: str, *, as_of: dt.date | None = None, limit: int | None = None,
         offset: int = 0) -> EntityView:
    """The entity and every edge touching it as the news stood on `as_of` (default: today),
    judged only from articles dated on or before it; grouped by type, current edges first,
    then by confidence. With `limit`, only one page of edges, `offset` edges in, ordered without
    folding the others: by type, then the edges stated most often, then the latest reported
    (the first page of an entity with thousands of edges is then as quick as a small entity).
    `edges_by_type` counts every edge either way. Raises EntityNotFound."""
    if limit is not None and (limit < 1 or offset < 0):
        raise GraphError(f"limit must be at least 1 and offset at least 0 (got {limit}, {offset}).")
    entity = lookup(store, name)
    day = as_of or dt.date.today()
    if limit is None:
        facts = store.facts_about(entity.id, as_of=as_of)
        edges = _sorted(edges_of(facts, as_of=as_of, context=_led(store, facts, entity.id, as_of=as_of)), entity.id)
        return EntityView(entity=entity, as_of=day, edges=edges,
                          edges_by_type=dict(Counter(e.type for e in edges)))
    keys = store.edge_keys(entity.id, as_of=as_of)
    page = {(other, type_, side): i for i, (other, type_, side, _, _) in enumerate(keys[offset:offset + limit])}
    facts = store.facts_about(entity.id, as_of=as_of, others={other for other, _, _ in page}) if page else []
    edges = [e for e in edges_of(facts, as_of=as_of, context=_led(store, facts, entity.id, as_of=as_of))
             if _page_key(e, entity.id) in page]
    edges.sort(key=lambda e: page[_page_key(e, entity.id)])
    return EntityView(entity=entity, as_of=day, edges=tuple(edges),
                      edges_by_type=dict(Counter(type_ for _, type_, _, _, _ in keys)))


def _page_key(e: Edge, entity_id: int) -> tuple[int, str, int]:
    """The edge as `Store.edge_keys` names it from `entity_id`'s side."""
    side = 0 if e.type in SYMMETRIC_TYPES else 1 if e.subject_id == entity_id else 2
    return e.other(entity_id)[0], e.type, side


def _edge_facts(store: Store, a: int, type: str, b: int, *,
                as_of: dt.date | None) -> tuple[list[StoredFact], list[StoredFact]]:
    """The facts of one edge and of the edges a rule would judge it by: the buyer's acquisition
    for a subsidiary_of, the company's other leaders for a leads edge."""
    facts = store.edge_facts(a, type, b, as_of=as_of)
    if type == "subsidiary_of":
        facts += store.edge_facts(b, "acquires", a, as_of=as_of)
    context = store.facts_into([b], "leads", as_of=as_of) if type == "leads" else []
    return facts, context


def edge(store: Store, subject: str, type: str, object: str, *,
         as_of: dt.date | None = None) -> Edge:
    """The one edge (subject, type, object) with its full history; a symmetric type matches
    either order. Raises EntityNotFound, or EdgeNotFound if no article stated it by `as_of`
    (nor, for subsidiary_of, reported the acquisition it follows from done)."""
    if type not in RELATION_TYPES:
        raise GraphError(f"'{type}' is not a relation type. Use one of: {', '.join(RELATION_TYPES)}.")
    a, b = lookup(store, subject), lookup(store, object)
    facts, context = _edge_facts(store, a.id, type, b.id, as_of=as_of)
    found = [e for e in edges_of(facts, as_of=as_of, context=context)
             if e.type == type and {e.subject_id, e.object_id} == {a.id, b.id}]
    if not found:
        when = f" on or before {as_of.isoformat()}" if as_of else ""
        raise EdgeNotFound(f"no article{when} says '{a.name} {type} {b.name}'. "
                           f"See the edges of '{a.name}' with: alliancegraph show '{a.name}'")
    return found[0]


def _rule_changes(edges: Iterable[Edge]) -> Iterator[Change]:
    """The changes the rules across edges made (succession, completion, control), as changes."""
    for e in edges:
        for note in e.rules:
            if note.rule not in ("succession", "completion", "control"):
                continue
            new = note.rule == "completion"
            yield Change(kind="new" if new else "status", field="edge" if new else "status",
                         date=note.date, subject=e.subject, type=e.type, object=e.object,
                         before=None if new else "asserted", after=note.status,
                         status=note.status, attributes=dict(e.attributes), doc=note.doc,
                         sentence=note.sentence, attributed_to=None, outlet="",
                         reported=note.reported, effective=note.date, rule=note.rule,
                         reason=note.reason)


def _changes_of(facts: list[StoredFact], *, on: dt.date | None,
                context: Iterable[StoredFact] = ()) -> list[Change]:
    found: list[Change] = []
    for key, group in group_edges(facts).items():
        found.extend(edge_changes(key, group, on=on))
    ruled = [f for f in facts if f.type in ("leads", "acquires")]
    found.extend(_rule_changes(edges_of(ruled, as_of=on, history="latest", context=context)))
    return sorted(found, key=lambda c: (c.date is None, c.date or dt.date.min, c.doc,
                                        _TYPE_ORDER.get(c.type, 99), c.subject, c.object))


def timeline(store: Store, name: str, *, as_of: dt.date | None = None) -> list[TimelineEvent]:
    """The dated events of every edge touching the entity, oldest first: each edge's first
    report ("new"), its status changes, pending plans and attribute changes, each with the
    article that made it, and the changes the world rules made on their day (announced
    changes taking effect, successions, completions). Raises EntityNotFound."""
    entity = lookup(store, name)
    facts = store.facts_about(entity.id, as_of=as_of)
    events = _changes_of(facts, on=as_of, context=_led(store, facts, entity.id, as_of=as_of))
    return [TimelineEvent(**vars(c)) for c in events]


def changes(store: Store, *, since: dt.date, entity: str | None = None,
            until: dt.date | None = None) -> list[Change]:
    """What changed from `since` to `until` (inclusive; default: no end): new edges, status
    changes, pending plans and attribute changes, judged against each edge's whole history
    before them, oldest first; only edges touching `entity` if given."""
    if until is not None and until < since:
        raise GraphError(f"--until {until.isoformat()} is before --since {since.isoformat()}. "
                         "Give an end on or after the start.")
    entity_id = lookup(store, entity).id if entity is not None else None
    facts = store.changed_edge_facts(since=since, until=until, entity_id=entity_id)
    return [c for c in _changes_of(facts, on=until) if c.date is not None and c.date >= since
            and (until is None or c.date <= until)]


def _status_conflict(facts: list[StoredFact], window: int) -> tuple[ConflictSide, ...]:
    denials = [f for f in facts if f.status == "denied" and f.published]
    stated = [f for f in facts if f.status in _STATED and f.published]

    def near(f: StoredFact, others: list[StoredFact]) -> bool:
        return any(o.article_id != f.article_id and f.published and o.published
                   and abs((f.published - o.published).days) <= window for o in others)

    sides = [[f for f in denials if near(f, stated)], [f for f in stated if near(f, denials)]]
    if not all(sides):
        return ()
    statuses = ", ".join(sorted({f.status for f in sides[1]}, key=_STATED.index))
    return (ConflictSide("denied", tuple(map(history_item, sides[0]))),
            ConflictSide(statuses, tuple(map(history_item, sides[1]))))


def _across_articles(groups: list[list[StoredFact]]) -> bool:
    """Whether two of the groups hold facts of two different articles."""
    return any(a.article_id != b.article_id
               for one, two in combinations(groups, 2) for a in one for b in two)


def _attribute_conflict(facts: list[StoredFact], name: str) -> tuple[ConflictSide, ...]:
    """Values of `name` that articles of one date and one status give differently."""
    by_day: dict[tuple[dt.date, str], list[StoredFact]] = {}
    for f in facts:
        if f.published is not None and getattr(f, name) is not None:
            by_day.setdefault((f.published, f.status), []).append(f)
    values: list[tuple[float, list[HistoryItem]]] = []
    for same_day in by_day.values():
        groups: list[tuple[float, list[StoredFact]]] = []
        for f in same_day:
            for value, members in groups:
                if same_value(name, value, getattr(f, name)):
                    members.append(f)
                    break
            else:
                groups.append((getattr(f, name), [f]))
        if _across_articles([m for _, m in groups]):
            values.extend((v, [history_item(f) for f in m]) for v, m in groups)
    return tuple(ConflictSide(v, tuple(items)) for v, items in values)


def conflicts(store: Store, *, entity: str | None = None,
              within_days: int = DENIAL_WINDOW_DAYS) -> list[Conflict]:
    """Edges whose sources disagree, each side with its evidence: a denial and a statement
    within `within_days` of each other, or two percents or amounts for the same date and
    status from different articles. Only edges touching `entity` if given."""
    entity_id = lookup(store, entity).id if entity is not None else None
    found = []
    for key, facts in group_edges(store.disputed_edge_facts(entity_id=entity_id)).items():
        e = fold_edge(key, facts)
        for name, sides in (("status", _status_conflict(facts, within_days)),
                            ("percent", _attribute_conflict(facts, "percent")),
                            ("amount", _attribute_conflict(facts, "amount"))):
            if sides:
                found.append(Conflict(subject=e.subject, type=e.type, object=e.object,
                                      field=name, sides=sides))
    return sorted(found, key=lambda c: (c.subject.casefold(), _TYPE_ORDER.get(c.type, 99),
                                        c.object.casefold(), c.field))


def merge_entities(store: Store, keep: str, other: str) -> StoredEntity:
    """Make `other` part of `keep`: its aliases, mentions and facts move over, and articles
    read later that name it are stored under `keep`. RETURNS the kept entity. Raises
    EntityNotFound, or GraphError if both names are already one entity."""
    kept, merged = lookup(store, keep), lookup(store, other)
    if kept.id == merged.id:
        raise GraphError(f"'{keep}' and '{other}' are already one entity ('{kept.name}'). "
                         "Nothing to merge.")
    return store.merge_entities(kept.id, merged.id)



def set_entity(store: Store, name: str, *, type: str | None = None, qid: str | None = None,
               lei: str | None = None, ticker: str | None = None) -> StoredEntity:
    """Fix the type of the entity `name` names and set its identifiers; kept when articles are
    read later. RETURNS the entity as it is now."""
    return store.set_entity(lookup(store, name).id, type=type, qid=qid, lei=lei, ticker=ticker)


def add_alias(store: Store, name: str, alias: str) -> StoredEntity:
    """Give the entity `name` names another name; articles read later under it join it."""
    return store.add_alias(lookup(store, name).id, alias)


def remove_alias(store: Store, name: str, alias: str) -> StoredEntity:
    """Take `alias` from the entity `name` names, for good."""
    entity = lookup(store, name)
    if name_key(alias) not in {name_key(a) for a in entity.aliases}:
        raise GraphError(f"'{entity.name}' has no alias '{alias}'. Its aliases: {', '.join(entity.aliases)}.")
    return store.remove_alias(entity.id, alias)


def split_entity(store: Store, name: str, alias: str) -> StoredEntity:
    """Make `alias` of the entity `name` names an entity of its own (see `Store.split_entity`).
    RETURNS the new entity."""
    entity = lookup(store, name)
    if name_key(alias) not in {name_key(a) for a in entity.aliases}:
        raise GraphError(f"'{entity.name}' has no alias '{alias}'. Its aliases: {', '.join(entity.aliases)}.")
    return store.split_entity(entity.id, alias)
