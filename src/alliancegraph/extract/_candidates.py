"""Candidate pairs for the learned reader: every two entities a sentence refers to, typed as schema.md allows."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from alliancegraph.extract._context import DocContext
from alliancegraph.extract._features import SYNTAX_FLAGS
from alliancegraph.records import RELATION_TYPES, allowed_types
from alliancegraph.resolve import DocEntity
from alliancegraph.resolve._typing import CORPORATE_TAIL, ORG_HEAD_NOUNS

_DETERMINERS = frozenset({"the", "its", "their", "this", "that"})
_PRONOUNS = frozenset({"it", "its"})

__all__ = ["ALTERNATIVES", "MAX_SENTENCE_ENTITIES", "PairCandidate", "SentenceMentions", "allowed_types", "candidate_pairs",
           "pair_syntax", "possible_types", "sentence_mentions"]

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


def possible_types(entity: DocEntity) -> tuple[str, ...]:
    """The types an entity may have: the tagger's, and ORG too where it likely mistook a company
    ("Varian Medical Systems" or "Tradeweb" as a person, "Adama" as a place no gazetteer knows)."""
    if entity.type == "PERSON":
        words = entity.name.split()
        if len(words) == 1 or words[-1].lower() in CORPORATE_TAIL:
            return ("PERSON", "ORG")
    if entity.type == "PLACE" and entity.country is None and entity.city is None:
        return ("PLACE", "ORG")
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
    kinds = [possible_types(e) for e in ctx.entities]
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


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def pair_syntax(ctx: DocContext, sentence: SentenceMentions, subject: int, obj: int) -> list[float]:
    """SYNTAX_FLAGS for a pair of entities in a sentence, read at their two nearest mentions."""
    gaps = [(max(a[0], b[0]) - min(a[1], b[1]), a, b) for a in sentence.mentions[subject] for b in sentence.mentions[obj]
            if a != b]
    if not gaps:
        return [0.0] * len(SYNTAX_FLAGS)
    _, first, second = min(gaps)
    s, o = _root_at(ctx, first), _root_at(ctx, second)
    flags = dict.fromkeys(SYNTAX_FLAGS, 0.0)
    if s is None or o is None or s == o:
        return list(flags.values())
    path = _dependency_path(s, o)
    length = len(path) - 1
    flags.update({
        "subject_is_subject": float(_is_subject(s)), "object_is_subject": float(_is_subject(o)),
        "subject_is_possessor": float(s.dep_ == "poss"), "object_is_possessor": float(o.dep_ == "poss"),
        "coordinated": float(o in s.conjuncts),
        "apposed": float(s.head == o and s.dep_ == "appos" or o.head == s and o.dep_ == "appos"),
        "path_1_2": float(length <= 2), "path_3_4": float(3 <= length <= 4), "path_5_6": float(5 <= length <= 6),
        "path_7_more": float(length >= 7), "verb_on_path": float(any(t.pos_ == "VERB" for t in path[1:-1])),
        "object_first": float(second[0] < first[0]),
    })
    return list(flags.values())


def _root_at(ctx: DocContext, span: tuple[int, int]) -> Token | None:
    found = ctx.doc.char_span(span[0], span[1], alignment_mode="expand")
    return found.root if found is not None and len(found) else None


def _is_subject(token: Token) -> bool:
    """The subject of a clause, or one of several coordinated subjects ("Shell and Equinor plan ...")."""
    return token.dep_ in _SUBJECTS or token.dep_ == "conj" and token.head.dep_ in _SUBJECTS


def _dependency_path(a: Token, b: Token) -> list[Token]:
    """The tokens from `a` up to the lowest common head and down to `b`, both ends included."""
    up = [a, *a.ancestors]
    seen = {t.i: k for k, t in enumerate(up)}
    down = [b]
    for token in b.ancestors:
        if b.i in seen:
            break
        down.append(token)
        if token.i in seen:
            break
    meet = down[-1] if down[-1].i in seen else None
    if b.i in seen:
        return up[:seen[b.i] + 1]
    if meet is None:
        return up + down[::-1]
    return up[:seen[meet.i]] + down[::-1]
