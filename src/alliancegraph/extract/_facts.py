"""From candidates to facts: pick each party, set status, confidence, provenance and dates; merge."""
from __future__ import annotations

import datetime as dt
import re
from itertools import combinations

from spacy.tokens import Span, Token

from alliancegraph.extract._context import Arg, Candidate, DocContext
from alliancegraph.extract._lexicon import REPORT_VERBS
from alliancegraph.extract._status import status_of
from alliancegraph.extract._time import effective_dates
from alliancegraph.records import ARGUMENT_TYPES as SIGNATURES
from alliancegraph.records import SYMMETRIC_TYPES, Evidence, RelationFact

__all__ = ["SIGNATURES", "facts_from_candidates"]

_STATUS_RANK = {"ended": 5, "denied": 4, "asserted": 3, "planned": 2, "proposed": 1}
_PATTERN_CONFIDENCE = {"nationality": 0.9, "leadership": 0.88, "role_nouns": 0.8, "verb_frames": 0.8,
                       "noun_frames": 0.72, "alliances": 0.8}
_KIND_FACTOR = {"name": 1.0, "descriptor": 0.85, "pronoun": 0.8, "implied": 0.7}
_STATUS_FACTOR = {"asserted": 1.0, "planned": 0.95, "ended": 0.95, "proposed": 0.8, "denied": 0.85}


def _choose(ctx: DocContext, subject: Arg, obj: Arg, rel: str) -> tuple[int, int] | None:
    """The best entity for each party such that the two differ and fit the relation's signature."""
    subject_types, object_types = SIGNATURES[rel]
    for s in subject.candidates:
        if ctx.entity_type(s) not in subject_types:
            continue
        for o in obj.candidates:
            if o != s and ctx.entity_type(o) in object_types:
                return s, o
    return None


def _attribution(ctx: DocContext, sent: Span, outlet: str | None) -> str | None:
    """Who the sentence says stated it: "sources said", "Reuters has reported", "according to X"."""
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in REPORT_VERBS and token.pos_ == "VERB":
            subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                if subj.lemma_.lower() in {"source", "person", "people", "insider"}:
                    return "sources"
                args = ctx.slot_args(subj)
                if args:
                    return ctx.entities[args[0].candidates[0]].name
        if lemma == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
            for tok in token.nbor(1).children:
                if tok.lemma_.lower() in {"source", "person", "people"}:
                    return "sources"
                args = ctx.slot_args(tok)
                if args:
                    return ctx.entities[args[0].candidates[0]].name
    return outlet


def facts_from_candidates(ctx: DocContext, candidates: list[Candidate], *, published: dt.date | None,
                          outlet: str | None) -> list[RelationFact]:
    """One RelationFact per (subject, type, object) in the document, the strongest status kept."""
    dangling = [c for c in candidates if c.pattern == "dangling_stake"]
    merged: dict[tuple[int, str, int], RelationFact] = {}
    for candidate in candidates + _stakes_from_deals(ctx, dangling, candidates):
        if candidate.pattern == "dangling_stake":
            continue
        chosen = _choose(ctx, candidate.subject, candidate.object, candidate.type)
        if chosen is None:
            continue
        subject, obj = chosen
        if candidate.type == "owns_stake" and "percent" not in candidate.attrs:
            _adopt_percent(candidate, subject, dangling, ctx)
        fact = _fact(ctx, candidate, subject, obj, published=published, outlet=outlet)
        key = (min(subject, obj), candidate.type, max(subject, obj)) if candidate.type in SYMMETRIC_TYPES \
            else (subject, candidate.type, obj)
        merged[key] = _merge(merged.get(key), fact)
    for fact in control_facts(list(merged.values())):
        subject, obj = _index(ctx, fact.subject), _index(ctx, fact.object)
        key = (min(subject, obj), fact.type, max(subject, obj)) if fact.type in SYMMETRIC_TYPES \
            else (subject, fact.type, obj)
        merged.setdefault(key, fact)
    return list(merged.values())


def _index(ctx: DocContext, name: str) -> int:
    return next(e.index for e in ctx.entities if e.name == name)


_PUBLIC_HOLDER = re.compile(r"(?i)\b(state|government|ministry|treasury|republic|kingdom|family|foundation|trust)\b")


def control_facts(facts: list[RelationFact]) -> list[RelationFact]:
    """What stakes imply. A company holding more than half of another is its parent. Two or three
    companies whose stated stakes in one company add up to the whole own it jointly ("67% and 33%",
    "50-50"): it is a unit of each, and they are joint-venture partners. States, families and
    foundations hold stakes but are not parents."""
    stakes: dict[str, list[RelationFact]] = {}
    for fact in facts:
        if fact.type == "owns_stake" and fact.percent is not None and fact.subject_type == "ORG" \
                and not _PUBLIC_HOLDER.search(fact.subject) and fact.status != "denied":
            stakes.setdefault(fact.object, []).append(fact)
    out = []
    for company, held in stakes.items():
        total = sum(f.percent or 0 for f in held)
        joint = 2 <= len(held) <= 3 and 99 <= total <= 100.5 and all((f.percent or 0) >= 30 for f in held)
        for fact in held:
            if joint or (fact.percent or 0) > 50:
                out.append(_implied(fact, company, "subsidiary_of", fact.subject, types=(fact.object_type,
                                                                                        fact.subject_type)))
        if joint:
            out += [_implied(a, a.subject, "partners_with", b.subject, types=("ORG", "ORG"), kind="joint_venture")
                    for a, b in combinations(held, 2)]
    return out


def _implied(source: RelationFact, subject: str, rel: str, obj: str, *, types: tuple[str | None, str | None],
             kind: str | None = None) -> RelationFact:
    """A fact another fact implies, with its status, provenance and dates and a lower confidence."""
    return RelationFact(subject=subject, type=rel, object=obj, status=source.status, evidence=source.evidence,
                        confidence=round(source.confidence * 0.9, 3), attributed_to=source.attributed_to,
                        valid_from=source.valid_from, valid_to=source.valid_to, kind=kind,
                        subject_type=types[0], object_type=types[1])


def _stakes_from_deals(ctx: DocContext, dangling: list[Candidate], candidates: list[Candidate]) -> list[Candidate]:
    """"will invest 325 million euros in ITA Airways, giving it a 41% stake": a stake with no company
    is in the company its holder invests in or buys into in the same sentence."""
    out = []
    for stake in dangling:
        if stake.attrs.get("percent") is None:
            continue
        sent = ctx.sentence(stake.trigger).start
        for deal in candidates:
            if deal.type in {"invests_in", "acquires"} and ctx.sentence(deal.trigger).start == sent and \
                    deal.subject.candidates[:1] == stake.subject.candidates[:1] and \
                    deal.object.candidates[:1] != stake.subject.candidates[:1]:
                out.append(Candidate(stake.subject, "owns_stake", deal.object, stake.trigger, "noun_frames",
                                     dict(stake.attrs), state=stake.state))
                break
    return out


def _adopt_percent(candidate: Candidate, subject: int, dangling: list[Candidate], ctx: DocContext) -> None:
    """"Renault, its top shareholder, ... its 43% stake": a stake with no object lends its percent to the
    owns_stake fact of the same holder in the same sentence."""
    holders = SIGNATURES["owns_stake"][0]
    for stake in dangling:
        if ctx.sentence(stake.trigger).start != ctx.sentence(candidate.trigger).start or \
                stake.attrs.get("percent") is None:
            continue
        holder = next((c for c in stake.subject.candidates if ctx.entity_type(c) in holders), None)
        if holder == subject:
            candidate.attrs["percent"] = stake.attrs["percent"]
            return


def _fact(ctx: DocContext, candidate: Candidate, subject: int, obj: int, *, published: dt.date | None,
          outlet: str | None) -> RelationFact:
    sent = ctx.sentence(candidate.trigger)
    sentence = sent.text.rstrip()
    status = candidate.status or status_of(candidate.trigger, state=candidate.state, scope=candidate.scope)
    confidence = _PATTERN_CONFIDENCE.get(candidate.pattern, 0.7) * _STATUS_FACTOR[status]
    confidence *= min(_KIND_FACTOR.get(candidate.subject.kind, 0.9), _KIND_FACTOR.get(candidate.object.kind, 0.9))
    valid_from, valid_to = effective_dates(candidate.trigger, status, published)
    if candidate.pattern == "succession":
        valid_from, valid_to = valid_from or valid_to, None
    if candidate.follows is not None and valid_from is None:
        valid_from = _handover(candidate.follows, published)
    attrs = {k: v for k, v in candidate.attrs.items() if v is not None}
    return RelationFact(
        subject=ctx.entities[subject].name, type=candidate.type, object=ctx.entities[obj].name, status=status,
        evidence=Evidence(sentence, sent.start_char, sent.start_char + len(sentence)),
        confidence=round(confidence, 3),
        attributed_to=_attribution(ctx, sent, outlet), valid_from=valid_from, valid_to=valid_to,
        subject_type=ctx.entity_type(subject), object_type=ctx.entity_type(obj), **attrs)


def _handover(predecessor: Token, published: dt.date | None) -> dt.date | None:
    """The day a predecessor's post is announced to end, after the report: the successor's start."""
    end = effective_dates(predecessor, "ended", published)[1]
    return end if end is not None and published is not None and end > published else None


_WHOLE_SOLD = re.compile(r"(?i)\b(remaining|entire|all|rest|final|whole|exit\w*|out of)\b")


def _part_sold(ended: RelationFact, held: RelationFact) -> bool:
    """"Bayer sells 9.4% stake in Covestro" beside "has reduced its interest in Covestro to 31.5%": the
    sale was of part of the holding, and the holding the article states is what remains."""
    return ended.type == "owns_stake" and ended.status == "ended" and held.status == "asserted" \
        and held.percent is not None and held.percent != ended.percent \
        and not _WHOLE_SOLD.search(ended.evidence.sentence)


def _merge(old: RelationFact | None, new: RelationFact) -> RelationFact:
    """One article's two statements of one edge as one fact: the surer status, the attributes it
    lacks, the end date of either, and a start date only from a statement of the same values (the
    stake "first taken in 1999" does not date the 15% it is now)."""
    if old is None:
        return new
    keep, other = (new, old) if _STATUS_RANK[new.status] > _STATUS_RANK[old.status] else (old, new)
    if _part_sold(keep, other):
        keep, other = other, keep
    same_values = all(getattr(keep, name) in (None, getattr(other, name)) for name in RelationFact.ATTRIBUTES)
    for name in (*RelationFact.ATTRIBUTES, "valid_from", "valid_to"):
        if name == "valid_from" and not same_values:
            continue
        if getattr(keep, name) is None and getattr(other, name) is not None:
            setattr(keep, name, getattr(other, name))
    keep.confidence = max(keep.confidence, other.confidence)
    return keep
