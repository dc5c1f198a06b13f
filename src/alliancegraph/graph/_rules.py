"""The rules of the world the graph applies when it judges edges on a date. Each is named, and
every change it makes is kept on the edge as a `RuleNote` with its reason, never silently.

- effect: a change announced for a date ("will take over as CEO on August 8", "will step down
  at the end of the year") takes effect on that date if the as-of date has reached it and no
  later report stands against it; the edge shows it with lower confidence (EFFECT_CONFIDENCE).
- termination: terminated, abandoned, blocked, withdrawn or rejected turns a planned or
  proposed edge into ended on that report's date; a new proposal afterwards starts afresh.
- succession: a post (chief executive, chair, chief financial officer, president, chief
  operating officer; `post_of` normalises titles) has one holder per company unless the title
  says co- or joint: a new holder's start ends the previous holder's edge on that date.
- completion: an acquisition reported done makes the target subsidiary_of the buyer, an edge
  derived from the acquisition and carrying its statements as evidence.
- control: a unit stops being subsidiary_of a parent on the day the parent's stake in it is
  reported below half, or the parent's stake is reported ended (sold down, spun off).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from alliancegraph.graph._records import Edge, HistoryItem, RuleNote
from alliancegraph.store import StoredFact

__all__ = ["RULES", "EFFECT_CONFIDENCE", "DERIVED_CONFIDENCE", "Event", "events", "announced_end", "termination",
           "post_of", "succession", "completion", "control", "judge"]

RULES = ("effect", "termination", "succession", "completion", "control")
EFFECT_CONFIDENCE = 0.8
"""An edge whose status an announced date set counts this much of its sources' confidence."""
DERIVED_CONFIDENCE = 0.9
"""A subsidiary_of derived from a completed acquisition counts this much of its confidence."""


class Event(NamedTuple):
    """A statement as the fold reads it: a stored fact, perhaps restated (an announced end read
    as "holds until then"), or a change it announced, on the day it takes effect (`rule` "effect")."""

    fact: StoredFact
    source: StoredFact
    rule: str | None = None
    reason: str | None = None


# --- effect ----------------------------------------------------------------------------------

def _start_plan(fact: StoredFact) -> dt.date | None:
    """The day a planned (or asserted, later-dated) start takes effect: valid_from after the report."""
    if fact.status in ("planned", "asserted") and fact.valid_from and fact.published \
            and fact.valid_from > fact.published:
        return fact.valid_from
    return None


def _end_plan(fact: StoredFact) -> dt.date | None:
    """The day an announced end takes effect: a valid_to after the report, on a fact that is not
    a planned start ("will step down at the end of the year", "will leave from August 8")."""
    if fact.status in ("asserted", "ended", "planned") and fact.valid_to and fact.published \
            and fact.valid_to > fact.published and not (fact.status == "planned" and fact.valid_from):
        return fact.valid_to
    return None


def _reported_as(fact: StoredFact) -> str:
    """The status a fact has on its report's day: a later-dated start is planned, an announced
    end means the edge holds until then, an asserted one with a past valid_to has ended."""
    if _start_plan(fact):
        return "planned"
    if _end_plan(fact):
        return "asserted"
    if fact.status == "asserted" and fact.valid_to and fact.published and fact.valid_to <= fact.published:
        return "ended"
    return fact.status


def _countered(fact: StoredFact, day: dt.date, later: Iterable[StoredFact], *, field: str) -> bool:
    """Whether a report after `fact` and by `day` stands against the change it announced: a
    denial, an end of a planned start, or another date for the same change."""
    assert fact.published is not None
    for other in later:
        if other.published is None or not fact.published < other.published <= day:
            continue
        if other.status == "denied" or (field == "valid_from" and other.status == "ended"):
            return True
        if getattr(other, field) not in (None, getattr(fact, field)):
            return True
    return False


def events(facts: list[StoredFact], *, on: dt.date) -> list[Event]:
    """Every fact as of its report, and every change announced for a day on or before `on` that
    no later report stands against, on that day. Facts in date order."""
    out = []
    for n, fact in enumerate(facts):
        if fact.valid_from is None and fact.valid_to is None:
            out.append(Event(fact, fact))
            continue
        status = _reported_as(fact)
        out.append(Event(fact if status == fact.status else dataclasses.replace(fact, status=status),
                         fact))
        start, end = _start_plan(fact), _end_plan(fact)
        if start and start <= on and not _countered(fact, start, facts[n + 1:], field="valid_from"):
            out.append(Event(dataclasses.replace(fact, status="asserted", published=start), fact,
                             "effect", f"took effect on {start} as announced on {fact.published}"))
        if end and end <= on and not _countered(fact, end, facts[n + 1:], field="valid_to"):
            out.append(Event(dataclasses.replace(fact, status="ended", published=end), fact,
                             "effect", f"ended on {end} as announced on {fact.published}"))
    return out


def announced_end(facts: list[StoredFact], *, on: dt.date) -> StoredFact | None:
    """The latest fact announcing an end still to come on `on` (its valid_to after `on`)."""
    return next((f for f in reversed(facts) if (end := _end_plan(f)) and end > on), None)


# --- termination -----------------------------------------------------------------------------

_TERMINATION = re.compile(
    r"\b(terminat\w*|abandon\w*|block\w*|withdr[ae]w\w*|reject\w*|rebuff\w*|scrap\w*|spurn\w*|"
    r"call(?:s|ed|ing)? off|walk(?:s|ed|ing)? away|pull(?:s|ed|ing)? out|turn(?:s|ed|ing)? down|"
    r"collaps\w*|cancel\w*|g[ai]ve(?:s|n)? up)\b", re.I)


def termination(before: str | None, settled: bool, fact: StoredFact) -> str | None:
    """The word by which `fact` ended a plan or proposal that never held ("rejected",
    "withdrawn"), or None if it does not: an ended fact, or a denial in such words, after a
    planned or proposed status; or a first report that is a denial in such words ("rejected
    an unsolicited offer"), which tells of a proposal and its end at once."""
    if settled or fact.status not in ("ended", "denied") or before not in ("planned", "proposed", None):
        return None
    found = _TERMINATION.search(fact.sentence)
    if found:
        return _participle(found.group(1))
    return "ended" if fact.status == "ended" and before is not None else None


_PARTICIPLES = {"termin": "terminated", "abando": "abandoned", "block": "blocked", "withdr": "withdrawn",
                "reject": "rejected", "rebuff": "rebuffed", "scrap": "scrapped", "spurn": "spurned",
                "call": "called off", "walk": "abandoned", "pull": "abandoned", "turn": "turned down",
                "collap": "ended", "cancel": "cancelled", "gave": "abandoned", "give": "abandoned"}


def _participle(word: str) -> str:
    """"rejects", "withdrew", "walked away" as the state they leave a plan in: "rejected", "withdrawn",
    "abandoned" ("when it was ...")."""
    word = word.lower()
    return next((done for stem, done in _PARTICIPLES.items() if word.startswith(stem)), word)


# --- succession ------------------------------------------------------------------------------

_POSTS = {
    "chief executive": ("ceo", "chief executive", "chief executive officer", "group ceo",
                        "group chief executive", "chief exec", "chief", "boss"),
    "chair": ("chair", "chairman", "chairwoman", "chairperson", "board chair",
              "chairman of the board", "chair of the board", "executive chairman", "executive chair",
              "non-executive chairman", "non-executive chair"),
    "chief financial officer": ("cfo", "chief financial officer", "finance chief", "finance director"),
    "chief operating officer": ("coo", "chief operating officer"),
    "president": ("president",),
}
_POST_OF = {name: post for post, names in _POSTS.items() for name in names}
_SHARED = re.compile(r"\b(co|joint)\b|\bco-|\bvice\b|\bdeputy\b", re.I)
_TEMPORARY = re.compile(r"\b(interim|acting|new|former|incoming|outgoing|then)\b\s*", re.I)


def post_of(title: str | None) -> frozenset[str]:
    """The posts a title names, one holder each: "CEO", "chief executive" and "chief
    executive officer" are one post, "chairman" and "chairwoman" another; "president and CEO"
    names two. A shared title ("co-CEO", "joint chief executive", "deputy chair") names none."""
    if not title or _SHARED.search(title):
        return frozenset()
    plain = _TEMPORARY.sub("", title.casefold().replace(".", "")).strip()
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", plain)
    return frozenset(_POST_OF[p] for p in parts if p in _POST_OF)


def _holders(edges: Iterable[Edge]) -> dict[tuple[int, str], list[Edge]]:
    """The leads edges that hold or held with a known start, by (company id, post)."""
    posts: dict[tuple[int, str], list[Edge]] = {}
    for e in edges:
        if e.type == "leads" and e.since is not None:
            for post in post_of(e.attributes.get("title")):
                posts.setdefault((e.object_id, post), []).append(e)
    return posts


def succession(edges: list[Edge], others: Iterable[Edge] = ()) -> list[Edge]:
    """`edges` with every holder of a post ended on the day a later holder of it started (the
    later holder found among `edges` or `others`, the company's other leads edges)."""
    by_id = {id(e): e for e in edges}
    for (_, post), holders in _holders([*edges, *others]).items():
        holders.sort(key=lambda e: e.since or dt.date.min)
        for n, holder in enumerate(holders):
            after = next((h for h in holders[n + 1:] if h.since and holder.since
                          and h.since > holder.since and h.subject_id != holder.subject_id), None)
            if after is None or id(holder) not in by_id or holder.status != "asserted":
                continue
            assert after.since is not None
            by_id[id(holder)] = _ended_by(holder, after, post)
    return [by_id[id(e)] for e in edges]


def _ended_by(holder: Edge, successor: Edge, post: str) -> Edge:
    evidence = successor.history[-1] if successor.history else None
    note = RuleNote(rule="succession", date=successor.since, status="ended",
                    reason=f"succeeded by {successor.subject} as {post} on {successor.since}",
                    doc=evidence.doc if evidence else "", sentence=evidence.sentence if evidence else "",
                    reported=evidence.date if evidence else None)
    return dataclasses.replace(holder, status="ended", valid_to=successor.since,
                               rules=(*holder.rules, note))


# --- completion ------------------------------------------------------------------------------

def _owned(e: Edge) -> bool:
    percent = e.attributes.get("percent")
    return e.type == "acquires" and e.subject_type == "ORG" and e.object_type == "ORG" \
        and e.status in ("asserted", "ended") and e.since is not None \
        and (percent is None or percent > 50)


def completion(edges: list[Edge]) -> Iterator[Edge]:
    """A subsidiary_of edge (target of buyer) for every acquisition among `edges` that was
    reported done, unless `edges` hold one for that pair already; ended if the acquisition
    ended after it held."""
    stored = {(e.subject_id, e.object_id) for e in edges if e.type == "subsidiary_of"}
    for deal in edges:
        if not _owned(deal) or (deal.object_id, deal.subject_id) in stored:
            continue
        done = next((h for h in deal.history if h.status == "asserted" and h.date and deal.since
                     and h.date >= deal.since), deal.history[-1] if deal.history else None)
        note = RuleNote(rule="completion", date=deal.since, status=deal.status,
                        reason=f"{deal.subject} acquired {deal.object}, reported done on {deal.since}",
                        doc=done.doc if done else "", sentence=done.sentence if done else "",
                        reported=done.date if done else None)
        yield dataclasses.replace(
            deal, subject_id=deal.object_id, subject=deal.object, subject_type=deal.object_type,
            type="subsidiary_of", object_id=deal.subject_id, object=deal.subject,
            object_type=deal.subject_type, status="asserted" if deal.current else "ended",
            attributes={}, confidence=round(deal.confidence * DERIVED_CONFIDENCE, 3), pending=None,
            rules=(*deal.rules, note), derived_from="acquires")


# --- control ---------------------------------------------------------------------------------

def control(edges: list[Edge]) -> list[Edge]:
    """`edges` with every holding subsidiary_of ended on the first day, after it began, that the
    parent's stake in the unit (an owns_stake edge among `edges`) was reported below 50% or ended."""
    stakes = {(e.subject_id, e.object_id): e for e in edges if e.type == "owns_stake"}
    out = []
    for edge in edges:
        stake = stakes.get((edge.object_id, edge.subject_id)) if edge.type == "subsidiary_of" else None
        loss = _loss_of_control(edge, stake) if stake is not None and edge.status == "asserted" else None
        out.append(_uncontrolled(edge, loss) if loss is not None else edge)
    return out


def _loss_of_control(unit: Edge, stake: Edge) -> HistoryItem | None:
    """The first statement of the stake, on or after the day the unit became a subsidiary, that
    puts it below half or ends it."""
    for item in stake.history:
        if item.date is None or (unit.since is not None and item.date < unit.since):
            continue
        percent = item.attributes.get("percent")
        if item.status == "ended" or (item.status == "asserted" and percent is not None and float(percent) < 50):
            return item
    return None


def _uncontrolled(unit: Edge, item: HistoryItem) -> Edge:
    percent = item.attributes.get("percent")
    why = f"stake cut to {percent:g}%" if item.status != "ended" and percent is not None else "stake ended"
    note = RuleNote(rule="control", date=item.date, status="ended",
                    reason=f"{unit.object}'s {why} on {item.date}", doc=item.doc, sentence=item.sentence,
                    reported=item.date)
    return dataclasses.replace(unit, status="ended", valid_to=item.date, rules=(*unit.rules, note))


def judge(edges: list[Edge], others: Iterable[Edge] = ()) -> list[Edge]:
    """The rules that read across edges, in order: succession among the leads edges (also against
    `others`, edges not returned), then completion's derived units, then control over them all."""
    if any(e.type == "leads" for e in edges):
        edges = succession(edges, others)
    return control(edges + list(completion(edges)))
