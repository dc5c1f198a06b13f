"""Aligning gold with what extraction read: gold entities to document entities, evidence to sentences.

Gold evidence offsets index the article file on disk; extraction reads the headline and body text.
Sentences are located in the file by their words, so the two line up whatever the header holds.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from alliancegraph.evaluate._gold import GoldDocument
from alliancegraph.names import name_key
from alliancegraph.records import SYMMETRIC_TYPES, CandidatePair

UNKNOWN = "unknown"

__all__ = ["UNKNOWN", "GoldPair", "align_sentences", "label_pairs", "pair_matches", "evidence_sentences", "gold_name_of", "gold_pairs"]


@dataclass(frozen=True)
class GoldPair:
    """A gold relation reachable as (subject, object) entity names, in the sentences that state it."""

    subject: str
    type: str
    object: str
    status: str
    sentences: frozenset[int]
    evidence_given: bool


def align_sentences(sentences: Sequence[str], raw: str) -> list[tuple[int, int] | None]:
    """Where each sentence stands in the article file (in order), or None where it cannot be found."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for sentence in sentences:
        span = _locate(sentence, raw, cursor)
        if span is None:
            span = _locate(sentence, raw, 0)
        spans.append(span)
        if span is not None and span[0] >= cursor:
            cursor = span[1]
    return spans


def _locate(sentence: str, raw: str, start: int) -> tuple[int, int] | None:
    words = sentence.split()
    if not words:
        return None
    match = re.compile(r"\s+".join(re.escape(w) for w in words)).search(raw, start)
    return (match.start(), match.end()) if match else None


def evidence_sentences(relation: dict[str, Any], located: Sequence[tuple[int, int] | None]) -> set[int]:
    """Indexes of the sentences that overlap the relation's evidence spans by half of either."""
    found = set()
    for span in relation.get("evidence") or []:
        start, end = span["char_start"], span["char_end"]
        for index, where in enumerate(located):
            if where is None:
                continue
            overlap = min(end, where[1]) - max(start, where[0])
            if overlap > 0 and overlap * 2 >= min(end - start, where[1] - where[0]):
                found.add(index)
    return found


def gold_name_of(name: str, gold: GoldDocument) -> str | None:
    """The gold entity a document entity called `name` is, by name or alias (schema.md's matching)."""
    key = name_key(name)
    for entity in gold.entities:
        if key in gold.keys_of(entity["name"]):
            return entity["name"]
    return None


def gold_pairs(gold: GoldDocument, located: Sequence[tuple[int, int] | None],
               sentences_naming: dict[str, set[int]]) -> list[GoldPair]:
    """Every gold relation with its evidence sentences; without evidence, the sentences naming both.

    `sentences_naming` maps a gold entity name to the sentences where a document entity aligned to it
    is mentioned.
    """
    out = []
    for relation in gold.relations:
        subject, obj = relation["subject"], relation["object"]
        sentences = evidence_sentences(relation, located)
        given = bool(relation.get("evidence"))
        if not given:
            sentences = sentences_naming.get(subject, set()) & sentences_naming.get(obj, set())
        out.append(GoldPair(subject, relation["type"], obj, relation.get("status", "asserted"),
                            frozenset(sentences), given))
    return out


def pair_matches(pair: GoldPair, subject: str | None, obj: str | None) -> bool:
    """Whether gold entity names (subject, obj) are this gold pair's arguments, in order or symmetric."""
    if subject is None or obj is None:
        return False
    if (pair.subject, pair.object) == (subject, obj):
        return True
    return pair.type in SYMMETRIC_TYPES and (pair.subject, pair.object) == (obj, subject)


def label_pairs(gold: GoldDocument, sentences: Sequence[str], mentions: Sequence[Sequence[str]],
                pairs: Sequence[CandidatePair], raw: str) -> tuple[list[dict[str, str]], list[bool]]:
    """Gold labels of each candidate pair ({type: status}) and, for each gold relation, whether a pair reaches it.

    `mentions[i]` names the document entities sentence i refers to. A relation whose gold gives no
    evidence labels the pairs of every sentence naming both with status UNKNOWN. A pair is labelled with a gold
    relation when its two entities align to the relation's arguments and its sentence is evidence.
    """
    located = align_sentences(sentences, raw)
    aligned = {name: gold_name_of(name, gold) for names in mentions for name in names}
    naming: dict[str, set[int]] = {}
    for index, names in enumerate(mentions):
        for name in names:
            if aligned[name] is not None:
                naming.setdefault(aligned[name], set()).add(index)
    golds = gold_pairs(gold, located, naming)
    labels: list[dict[str, str]] = [{} for _ in pairs]
    reached = [False] * len(golds)
    for p, pair in enumerate(pairs):
        subject, obj = aligned.get(pair.subject), aligned.get(pair.object)
        for g, gp in enumerate(golds):
            if gp.type in pair.types and pair.sentence in gp.sentences and pair_matches(gp, subject, obj):
                labels[p][gp.type] = gp.status if gp.evidence_given else UNKNOWN
                reached[g] = True
    return labels, reached
