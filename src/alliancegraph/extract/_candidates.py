"""Candidate pairs for the learned reader: every two entities a sentence refers to, typed as schema.md allows."""
from __future__ import annotations

from dataclasses import dataclass

from alliancegraph.extract._context import DocContext
from alliancegraph.nlp import Gazetteer
from alliancegraph.records import RELATION_TYPES, allowed_types
from alliancegraph.resolve import DocEntity
from alliancegraph.resolve._typing import CORPORATE_TAIL, ORG_HEAD_NOUNS

_DETERMINERS = frozenset({"the", "its", "their", "this", "that"})
_PRONOUNS = frozenset({"it", "its"})

__all__ = ["ALTERNATIVES", "MAX_SENTENCE_ENTITIES", "PairCandidate", "SentenceMentions", "allowed_types", "candidate_pairs",
           "possible_types", "sentence_mentions"]

ALTERNATIVES = 2
"""A descriptor or pronoun pairs as each of its best two readings; the reader judges which fits."""
MAX_SENTENCE_ENTITIES = 12
"""A sentence naming more entities than this (a list of forty suppliers) keeps its first ones only."""


@dataclass(frozen=True)
class SentenceMentions:
    """One sentence and, for each entity it refers to (by name, descriptor or pronoun), its char spans."""

    index: int
    char_start: int
    char_end: int
    text: str
    mentions: dict[int, tuple[tuple[int, int], ...]]


@dataclass(frozen=True)
class PairCandidate:
    """An ordered pair of entities in one sentence, and the relation types their entity types allow."""

    sentence: int
    subject: int
    object: int
    types: tuple[str, ...]


def sentence_mentions(ctx: DocContext) -> list[SentenceMentions]:
    """Every sentence of the document with the entities its slots resolve to (best candidate of each)."""
    spans: list[dict[int, list[tuple[int, int]]]] = [{} for _ in ctx.sents]
    doc = ctx.doc
    for slot in ctx.slots:
        if not slot.candidates or slot.start >= len(doc):
            continue
        sent = ctx._sent_of[slot.start]
        start, end = doc[slot.start].idx, doc[slot.end - 1].idx + len(doc[slot.end - 1])
        for entity in slot.candidates[:1 if slot.kind == "name" else ALTERNATIVES]:
            spans[sent].setdefault(entity, []).append((start, end))
    for sent, entity, span in unresolved_descriptors(ctx):
        if entity not in spans[sent]:
            spans[sent][entity] = [span]
    out = []
    for index, sent in enumerate(ctx.sents):
        chosen = dict(list(spans[index].items())[:MAX_SENTENCE_ENTITIES])
        out.append(SentenceMentions(index, sent.start_char, sent.end_char, sent.text,
                                    {e: tuple(s) for e, s in chosen.items()}))
    return out


def possible_types(entity: DocEntity, gaz: Gazetteer) -> tuple[str, ...]:
    """The types an entity may have: the tagger's, and ORG too where it likely mistook a company
    ("Varian Medical Systems" or "Tradeweb" as a person, "Adama" as a place no gazetteer knows), and
    PLACE too for a company whose name is a known place ("Abu Dhabi's MGX": the emirate or its government)."""
    if entity.type == "PERSON":
        words = entity.name.split()
        if len(words) == 1 or words[-1].lower() in CORPORATE_TAIL:
            return ("PERSON", "ORG")
    if entity.type == "PLACE" and entity.country is None and entity.city is None:
        return ("PLACE", "ORG")
    if entity.type == "ORG" and gaz.company(entity.name) is None and gaz.country_of_place(entity.name):
        return ("ORG", "PLACE")
    return (entity.type,)


def unresolved_descriptors(ctx: DocContext) -> list[tuple[int, int, tuple[int, int]]]:
    """(sentence, entity, char span) for company descriptions and pronouns the resolver left alone ("the
    Japanese steelmaker", "the venture", "it"): the latest company named before, outside the sentence, of the
    nationality the description gives where one fits. A guess, for candidates only: the reader judges it."""
    doc, out = ctx.doc, []
    named: list[tuple[int, int]] = sorted((slot.start, slot.entity) for slot in ctx.slots
                                          if slot.entity is not None and ctx.entities[slot.entity].is_company)
    pronouns = [doc[i:i + 1] for i in range(len(doc)) if doc[i].lower_ in _PRONOUNS and i not in ctx.by_token]
    for chunk in [*doc.noun_chunks, *pronouns]:
        head = chunk.root.lower_
        if chunk.root.i in ctx.by_token:
            continue
        if head not in _PRONOUNS and (chunk[0].lower_ not in _DETERMINERS
                                      or head not in ORG_HEAD_NOUNS and not head.endswith("maker")):
            continue
        sent = ctx._sent_of[chunk.start]
        here = {e for start, e in named if ctx._sent_of[start] == sent}
        before = [e for start, e in reversed(named) if start < chunk.start and e not in here]
        country = next((c for t in chunk if (c := ctx.gaz.country_of_word(t.text))), None)
        fitting = [e for e in before if country and ctx.entities[e].country == country] or before
        if fitting:
            out.append((sent, fitting[0], (chunk.start_char, chunk.end_char)))
    return out


def candidate_pairs(ctx: DocContext, sentences: list[SentenceMentions]) -> list[PairCandidate]:
    """Ordered pairs of distinct entities per sentence whose possible types some relation type allows."""
    pairs = []
    kinds = [possible_types(e, ctx.gaz) for e in ctx.entities]
    for sentence in sentences:
        entities = list(sentence.mentions)
        for subject in entities:
            for obj in entities:
                if subject == obj:
                    continue
                types = tuple(t for t in RELATION_TYPES
                              if any(t in allowed_types(a, b) for a in kinds[subject] for b in kinds[obj]))
                if types:
                    pairs.append(PairCandidate(sentence.index, subject, obj, types))
    return pairs
