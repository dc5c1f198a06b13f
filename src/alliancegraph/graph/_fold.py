"""Folding the facts of one (subject, type, object) into an edge, and into the changes it went through.

How an edge stands after its facts, read in date order (facts of one date: asserted, denied,
ended, then proposed, planned):
- A *settled* fact (asserted, ended, denied) sets the status; the latest date wins, and on
  one date ended over denied over asserted. Attributes are the latest reported of each kind.
- Before any settled fact, a *hedged* fact (proposed, planned) sets the status: the edge is
  only planned or proposed.
- After one, a hedged fact that says something new ("will cut its stake to 15%"), or any
  hedged fact after an end or a denial ("plans to revive"), becomes the edge's `pending`
  change; the status stays. It stays pending until an asserted fact reports
  its values (done), an asserted fact reports other new values (overtaken), or an ended or
  denied fact comes; an article restating the old values ("still holds 43%") leaves it pending.
- Time, as `_rules.events` reads it: a fact whose valid_from is after its report is planned
  until then, and a change announced for a day takes effect on it when the as-of date has
  come (rule "effect"); an end announced for a day ("will step down at the end of the year")
  leaves the edge holding, with that end pending, until then.
- A rejection, withdrawal or other end of a plan or proposal that never held ends it (rule
  "termination"); a new plan or proposal after that starts afresh.

Confidence (0..1) grows with independent sources and falls with hedging (`confidence`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from alliancegraph.graph._records import ATTRIBUTES, Change, Edge, HistoryItem, Pending, RuleNote
from alliancegraph.graph._rules import EFFECT_CONFIDENCE, Event, announced_end, events, termination
from alliancegraph.records import SYMMETRIC_TYPES
from alliancegraph.store import StoredFact

__all__ = ["EdgeKey", "STATUS_WEIGHT", "REPEAT_OUTLET_WEIGHT", "edge_key", "group_edges",
           "fold_edge", "edge_changes", "confidence", "history_item", "same_value"]

EdgeKey = tuple[int, str, int]
"""(subject id, type, object id); a symmetric type's pair in canonical order."""

STATUS_WEIGHT = {"asserted": 1.0, "ended": 1.0, "planned": 0.8, "proposed": 0.5, "denied": 0.4}
"""How much one statement of each status counts towards an edge's confidence."""
REPEAT_OUTLET_WEIGHT = 0.5
"""The k-th further article of one outlet counts REPEAT_OUTLET_WEIGHT ** k as much: not independent."""

_SETTLED = ("asserted", "denied", "ended")
_RANK = {"asserted": 0, "denied": 1, "ended": 2, "proposed": 3, "planned": 4}
_PERCENT_POINTS = 0.5
_AMOUNT_SHARE = 0.01


def edge_key(fact: StoredFact) -> EdgeKey:
    """The edge a fact belongs to; a symmetric type's parties ordered by name, then id."""
    if fact.type in SYMMETRIC_TYPES and ((fact.object.casefold(), fact.object_id)
                                         < (fact.subject.casefold(), fact.subject_id)):
        return fact.object_id, fact.type, fact.subject_id
    return fact.subject_id, fact.type, fact.object_id


def group_edges(facts: Iterable[StoredFact]) -> dict[EdgeKey, list[StoredFact]]:
    """The facts by edge, each edge's facts in the order given, self-loops left out."""
    edges: dict[EdgeKey, list[StoredFact]] = {}
    for fact in facts:
        if fact.subject_id != fact.object_id:
            edges.setdefault(edge_key(fact), []).append(fact)
    return edges


def same_value(name: str, a: Any, b: Any) -> bool:
    """Whether two values of attribute `name` agree: percents within half a point, amounts
    within 1%, text case-insensitively."""
    if a is None or b is None:
        return a is b
    if name == "percent":
        return abs(float(a) - float(b)) <= _PERCENT_POINTS
    if name == "amount":
        return abs(float(a) - float(b)) <= _AMOUNT_SHARE * max(abs(float(a)), abs(float(b)))
    return str(a).casefold() == str(b).casefold()


def _within(values: dict[str, Any], state: dict[str, Any]) -> bool:
    return all(same_value(k, state.get(k), v) for k, v in values.items())


class _Plan(NamedTuple):
    fact: StoredFact
    base: dict[str, Any]


class _State(NamedTuple):
    status: str | None = None
    settled_on: dt.date | None = None
    settled: bool = False
    attributes: dict[str, Any] = {}
    plan: _Plan | None = None
    terminated: bool = False
    since: dt.date | None = None
    rule: str | None = None


def _fold_order(event: Event) -> tuple[Any, ...]:
    fact = event.fact
    return (fact.published is None, fact.published or dt.date.min, event.rule is not None,
            _RANK[fact.status], fact.doc, fact.char_start, fact.id)


def _after_plan(plan: _Plan | None, fact: StoredFact, said: dict[str, Any]) -> _Plan | None:
    if plan is None or fact.status != "asserted":
        return None
    planned = plan.fact.attributes()
    if planned and _within(planned, said):
        return None
    if said:
        return plan if _within(said, plan.base) else None
    return plan if planned or fact.published == plan.fact.published else None


def _since(state: _State, status: str, fact: StoredFact) -> dt.date | None:
    """When the edge last began to hold, after `fact` gave it `status`."""
    if status != "asserted" or (state.status == "asserted" and state.since is not None):
        return state.since
    if fact.valid_from is not None and fact.published is not None and fact.valid_from <= fact.published:
        return fact.valid_from
    return fact.published


def _settle(state: _State, event: Event, said: dict[str, Any]) -> tuple[_State, RuleNote | None]:
    fact = event.fact
    word = termination(state.status, state.settled, fact)
    status = "ended" if word else fact.status
    after = _State(status, fact.published, True, {**state.attributes, **said},
                   _after_plan(state.plan, fact, said), terminated=bool(word),
                   since=_since(state, status, fact), rule="termination" if word else event.rule)
    if word:
        was = f"{state.status} until {fact.published}, when" if state.status else f"on {fact.published}"
        return after, RuleNote("termination", fact.published, status, f"{was} it was {word}",
                               fact.doc, fact.sentence.strip(), fact.published)
    return after, _effect_note(event, state, after)


def _effect_note(event: Event, before: _State, after: _State) -> RuleNote | None:
    if event.rule is None or (before.status == after.status and before.plan is after.plan
                              and before.attributes == after.attributes):
        return None
    source = event.source
    return RuleNote(event.rule, event.fact.published, after.status or source.status,
                    event.reason or "", source.doc, source.sentence.strip(), source.published)


def _step(state: _State, event: Event) -> tuple[_State, RuleNote | None]:
    fact = event.fact
    said = fact.attributes()
    if fact.status in _SETTLED:
        return _settle(state, event, said)
    if not state.settled or state.terminated:
        return _State(fact.status, state.settled_on, False, {**state.attributes, **said}, None,
                      since=state.since), None
    if state.status == "asserted" and _within(said, state.attributes) and (
            said or fact.published == state.settled_on):
        return state, None  # restates what holds
    return state._replace(plan=_Plan(fact, state.attributes)), None


def _walk(facts: list[StoredFact], on: dt.date
          ) -> Iterator[tuple[Event, _State, _State, RuleNote | None]]:
    state, found = _State(), events(facts, on=on)
    for event in sorted(found, key=_fold_order) if len(found) > 1 else found:
        after, note = _step(state, event)
        yield event, state, after, note
        state = after


def confidence(facts: list[StoredFact]) -> float:
    """1 - prod(1 - s) over the edge's articles, where an article's s is its best statement's
    extraction confidence times STATUS_WEIGHT[status], and the k-th further article of the
    same outlet counts REPEAT_OUTLET_WEIGHT ** k as much. One asserted source at 0.9 gives 0.9,
    two outlets 0.99; hedged and denied statements count less."""
    if len(facts) == 1:
        return round(min(1.0, facts[0].confidence * STATUS_WEIGHT[facts[0].status]), 3)
    best: dict[str, tuple[str, float]] = {}
    for fact in facts:
        score = fact.confidence * STATUS_WEIGHT[fact.status]
        outlet = fact.outlet.casefold() or fact.article_id
        if score > best.get(fact.article_id, ("", -1.0))[1]:
            best[fact.article_id] = (outlet, score)
    doubt, seen = 1.0, {}
    for outlet, score in sorted(best.values(), key=lambda pair: -pair[1]):
        repeats = seen.get(outlet, 0)
        seen[outlet] = repeats + 1
        doubt *= 1.0 - min(1.0, score) * REPEAT_OUTLET_WEIGHT ** repeats
    return round(1.0 - doubt, 3)


def history_item(fact: StoredFact) -> HistoryItem:
    """The fact as one item of an edge's history."""
    return HistoryItem(date=fact.published, status=fact.status, attributes=fact.attributes(),
                       doc=fact.doc, article_id=fact.article_id,
                       sentence=fact.sentence.strip(),
                       attributed_to=fact.attributed_to, outlet=fact.outlet,
                       confidence=fact.confidence, subject=fact.subject, object=fact.object,
                       valid_from=fact.valid_from, valid_to=fact.valid_to)


def _names(key: EdgeKey, fact: StoredFact) -> tuple[tuple[str, str], tuple[str, str]]:
    subject = (fact.subject, fact.subject_type)
    obj = (fact.object, fact.object_type)
    return (subject, obj) if fact.subject_id == key[0] else (obj, subject)


def _latest(facts: list[StoredFact], name: str) -> Any:
    return next((getattr(f, name) for f in reversed(facts) if getattr(f, name)), None)


def _pending(plan: _Plan | None, end: StoredFact | None) -> Pending | None:
    if plan is not None:
        f = plan.fact
        return Pending(status=f.status, attributes=f.attributes(), date=f.published, doc=f.doc,
                       sentence=f.sentence.strip(), effective=f.valid_from or f.valid_to)
    if end is not None:
        return Pending(status="ended", attributes={}, date=end.published, doc=end.doc,
                       sentence=end.sentence.strip(), effective=end.valid_to)
    return None


def fold_edge(key: EdgeKey, facts: list[StoredFact], *, as_of: dt.date | None = None,
              history: str = "all") -> Edge:
    """One edge from its facts (all dated on or before `as_of`, oldest first): status and
    attributes as the rules above give them on `as_of` (default today). `history` "latest"
    keeps only the last history item (for big neighbourhoods); "all" keeps every one."""
    on = as_of or dt.date.today()
    state, notes, found = _State(), [], events(facts, on=on)
    for event in sorted(found, key=_fold_order) if len(found) > 1 else found:
        state, note = _step(state, event)
        if note is not None:
            notes.append(note)
    (subject, subject_type), (obj, object_type) = _names(key, facts[0])
    dates = [f.published for f in facts if f.published is not None]
    assert state.status is not None
    kept = facts if history == "all" else facts[-1:]
    end = announced_end(facts, on=on) if state.status == "asserted" else None
    trust = EFFECT_CONFIDENCE if state.rule == "effect" else 1.0
    return Edge(subject_id=key[0], subject=subject, subject_type=subject_type, type=key[1],
                object_id=key[2], object=obj, object_type=object_type, status=state.status,
                attributes=dict(state.attributes), confidence=round(confidence(facts) * trust, 3),
                first_seen=min(dates, default=None), last_seen=max(dates, default=None),
                sources=len({f.article_id for f in facts}),
                history=tuple(history_item(f) for f in kept), pending=_pending(state.plan, end),
                valid_from=_latest(facts, "valid_from"), valid_to=_latest(facts, "valid_to"),
                rules=tuple(notes), since=state.since)


def _plan_changed(before: _Plan | None, after: _Plan | None) -> bool:
    if after is None or after is before:
        return False
    if before is None:
        return True
    return (before.fact.status != after.fact.status
            or not _within(after.fact.attributes(), before.fact.attributes())
            or not _within(before.fact.attributes(), after.fact.attributes()))


def _diff(before: _State, after: _State) -> Iterator[tuple[str, str, Any, Any]]:
    if before.status is None:
        yield "new", "edge", None, after.status
        return
    if before.status != after.status:
        yield "status", "status", before.status, after.status
    for name in ATTRIBUTES:
        old, new = before.attributes.get(name), after.attributes.get(name)
        if not same_value(name, old, new):
            yield "attribute", name, old, new
    if _plan_changed(before.plan, after.plan):
        assert after.plan is not None
        yield "status", "pending", before.plan.fact.status if before.plan else None, \
            after.plan.fact.status


def edge_changes(key: EdgeKey, facts: list[StoredFact], *, on: dt.date | None = None) -> list[Change]:
    """Every change the edge went through, in the order its facts were read (see above), with
    the changes announced for a day up to `on` (default today) on that day."""
    (subject, _), (obj, _) = _names(key, facts[0])
    changes = []
    for event, before, after, note in _walk(facts, on or dt.date.today()):
        fact, source = event.fact, event.source
        for kind, name, old, new in _diff(before, after):
            attributes = after.plan.fact.attributes() if name == "pending" and after.plan \
                else dict(after.attributes)
            changes.append(Change(kind=kind, field=name, date=fact.published, subject=subject,
                                  type=key[1], object=obj, before=old, after=new,
                                  status=after.status or fact.status, attributes=attributes,
                                  doc=fact.doc, sentence=fact.sentence.strip(),
                                  attributed_to=fact.attributed_to, outlet=fact.outlet,
                                  reported=source.published,
                                  effective=source.valid_from or source.valid_to,
                                  rule=note.rule if note else None,
                                  reason=note.reason if note else None))
    return changes
