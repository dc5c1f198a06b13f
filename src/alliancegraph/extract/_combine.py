"""Facts from the learned reader's pair scores, and the ways they combine with the rules' facts.

Readers (`--reader`):
    rules   the dependency patterns alone (fastest; no model loaded)
    model   the learned reader alone
    union   every rule fact, and every model fact the rules did not state
    gated   rule facts the model does not reject, and model facts it is sure of
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from alliancegraph.extract._candidates import SentenceMentions
from alliancegraph.extract._reader import PairScore
from alliancegraph.records import SYMMETRIC_TYPES, Evidence, RelationFact

__all__ = ["READERS", "combine", "model_facts", "triple_key"]

READERS = ("rules", "model", "union", "gated")
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*(?:%|per\s*cent|percent)", re.I)
_TITLE = re.compile(r"\b(chief executive officer|chief executive|chief financial officer|chief operating officer|"
                    r"chief technology officer|executive chairman|chairman|chairwoman|chairperson|chair|"
                    r"vice president|president|co-founder|founder|managing director|CEO|CFO|COO|CTO|"
                    r"board member|director)\b", re.I)
_GATE = 0.5
"""A rule fact stands unless the model scores its pair below this share of its own threshold."""
_SURE = 1.5
"""In `gated`, a model fact the rules missed is added when it scores this multiple of the threshold (capped)."""


def model_facts(scores: Sequence[PairScore], sentences: Sequence[SentenceMentions], names: Sequence[str],
                threshold: float, *, outlet: str | None) -> list[RelationFact]:
    """One fact per (subject, type, object) the reader scores at or over `threshold` in some sentence;
    its status and evidence from the sentence scored highest."""
    best: dict[tuple[str, str, str], RelationFact] = {}
    for score in scores:
        sentence = sentences[score.pair.sentence]
        for kind, probability in score.types.items():
            if probability < threshold:
                continue
            subject, obj = names[score.pair.subject], names[score.pair.object]
            status = max(score.statuses[kind], key=score.statuses[kind].get)
            fact = RelationFact(subject=subject, type=kind, object=obj, status=status,
                                evidence=Evidence(sentence.text, sentence.char_start, sentence.char_end),
                                confidence=probability, attributed_to=outlet)
            _attributes(fact, sentence, score)
            key = _key(fact)
            if key not in best or best[key].confidence < probability:
                best[key] = fact
    return list(best.values())


def triple_key(subject: str, kind: str, obj: str) -> tuple[str, str, str]:
    """(subject, type, object), with the two names in order for a symmetric type: one key per edge."""
    if kind in SYMMETRIC_TYPES:
        first, second = sorted((subject, obj))
        return first, kind, second
    return subject, kind, obj


def _key(fact: RelationFact) -> tuple[str, str, str]:
    return triple_key(fact.subject, fact.type, fact.object)


def _attributes(fact: RelationFact, sentence: SentenceMentions, score: PairScore) -> None:
    """Percent of a stake or purchase, and a leader's title: the one nearest the object (or person) mention."""
    if fact.type == "owns_stake":
        fact.percent = _percent_of_holder(sentence, score.pair.subject)
    elif fact.type == "acquires":
        anchor = sentence.mentions[score.pair.object][0][0] - sentence.char_start
        found = [(abs(m.start() - anchor), float(m.group(1))) for m in _PERCENT.finditer(sentence.text)]
        if found and min(found)[1] <= 100:
            fact.percent = min(found)[1]
    elif fact.type == "leads":
        anchor = sentence.mentions[score.pair.subject][0][0] - sentence.char_start
        found = [(abs(m.start() - anchor), m.group(1)) for m in _TITLE.finditer(sentence.text)]
        if found:
            fact.title = min(found)[1]


def _percent_of_holder(sentence: SentenceMentions, holder: int) -> float | None:
    """The stake a holder is given: the first percentage after its mention ("Primecap, with 11.07%,
    BlackRock, with 9.4%"), else the nearest one before it."""
    at = sentence.mentions[holder][0][1] - sentence.char_start
    found = [(m.start(), float(m.group(1))) for m in _PERCENT.finditer(sentence.text)]
    after = [value for start, value in found if start >= at]
    before = [value for start, value in found if start < at]
    value = after[0] if after else before[-1] if before else None
    return value if value is not None and value <= 100 else None


def combine(reader: str, rule_facts: list[RelationFact], learned: list[RelationFact],
            scored: dict[tuple[str, str, str], float], threshold: float,
            countries: frozenset[str] = frozenset()) -> list[RelationFact]:
    """The facts of one document under `reader` (see the module docstring).

    `scored` holds the model's best probability for every (subject, type, object) it could judge;
    `countries` names the document's places that are countries.
    """
    if reader == "rules":
        return rule_facts
    if reader == "model":
        return learned
    learned = _one_home_country(rule_facts, learned, countries)
    stated = {_key(f) for f in rule_facts}
    if reader == "union":
        return rule_facts + [f for f in learned if _key(f) not in stated]
    kept = [f for f in rule_facts if scored.get(_key(f), 1.0) >= threshold * _GATE]
    sure = min(0.95, threshold * _SURE)
    return kept + [f for f in learned if _key(f) not in stated and f.confidence >= sure]


def _one_home_country(rule_facts: list[RelationFact], learned: list[RelationFact],
                      countries: frozenset[str]) -> list[RelationFact]:
    """The model's facts less any that seat a company in a country other than the one the rules gave it
    ("China's Tencent Holdings, U.S. investment firm Tiger Global": the reader can swap a list's
    nationalities; a company has one home country)."""
    home = {f.subject: f.object for f in rule_facts if f.type == "based_in" and f.object in countries}
    return [f for f in learned if not (f.type == "based_in" and f.object in countries
                                       and home.get(f.subject, f.object) != f.object)]
