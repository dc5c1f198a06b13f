"""Units the text describes but does not name: "its Canadian business", "Toshiba's home appliance arm"."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from alliancegraph.names import name_key
from alliancegraph.resolve._mentions import DocEntity, Slot, tokens_with_lemma

__all__ = ["UNIT_HEADS", "unnamed_units"]

UNIT_HEADS = frozenset({"business", "unit", "arm", "division", "operation", "operations", "subsidiary", "segment"})
_MODIFIERS = frozenset({"amod", "compound", "nmod", "npadvmod"})
_RENAMING = frozenset({",", "as", "called", "named"})
"""Words after a unit that give its name: "its life business, AXA Equitable", "spun off its cereal
business as WK Kellogg"."""


def _possessive(noun: Token) -> Token | None:
    return next((c for c in noun.children if c.dep_ == "poss"), None)


def _owners(noun: Token, by_token: dict[int, Slot], entities: list[DocEntity]) -> tuple[int, ...]:
    """The companies a unit noun's possessive may name ("its", "their", "Toshiba's"), likeliest first."""
    poss = _possessive(noun)
    slot = by_token.get(poss.i) if poss is not None else None
    if slot is None:
        return ()
    return tuple(e for e in slot.candidates if entities[e].type == "ORG")


def _described_unit(noun: Token, by_token: dict[int, Slot], entities: list[DocEntity]) -> tuple[int, int] | None:
    """Token range of the words that describe a unit between its owner and its noun ("Canadian",
    "home appliance"), when the noun is a unit of a known company with no name of its own."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in UNIT_HEADS and noun.lower_ not in UNIT_HEADS:
        return None
    if noun.i in by_token or noun.dep_ == "appos" or any(c.dep_ == "appos" for c in noun.children):
        return None
    poss = _possessive(noun)
    if poss is None or not any(c.dep_ in _MODIFIERS and c.i > poss.i for c in noun.children):
        return None
    start = poss.right_edge.i + 1
    if any(_named(noun.doc[i], by_token, entities) for i in range(start, noun.i)):
        return None
    doc = noun.doc
    if noun.i + 2 < len(doc) and doc[noun.i + 1].lower_ in _RENAMING and _named(doc[noun.i + 2], by_token, entities):
        return None
    return start, noun.i + 1


def _named(token: Token, by_token: dict[int, Slot], entities: list[DocEntity]) -> bool:
    """Whether a word is part of a company's or person's name, or looks like one ("its Collins division",
    "its life business, AXA Equitable"); a place ("its Canadian business") or an acronym ("its NAND
    business") is not."""
    slot = by_token.get(token.i)
    if slot is not None and slot.entity is not None:
        return slot.kind == "name" and entities[slot.entity].type != "PLACE"
    return token.pos_ == "PROPN" and token.is_title


def _described(alias: str) -> str:
    """An alias less its possessive: "Canadian business" for "its Canadian business" and "HSBC's
    Canadian business"."""
    words = alias.split()
    while words and (words[0].casefold() in {"its", "their"} or words[0].endswith(("'s", "'", "’s"))):
        words = words[1:]
    return " ".join(words)


def unnamed_units(doc: Doc, entities: list[DocEntity], slots: list[Slot]) -> list[Slot]:
    """An entity for each unit of a company the text describes without naming it, with a slot over the
    unit's noun, so that "sell its Canadian business to RBC" is a sale of the unit, not of HSBC. It is
    named as the text first describes it ("its Canadian business", "Toshiba's home appliance
    business"): no name is more complete, and that is how an analyst's record lists it. A unit
    with a name ("its consumer health arm, Opella") is that name, and is left to it."""
    by_token = {i: s for s in slots for i in range(s.start, s.end)}
    added = []
    for noun in tokens_with_lemma(doc, UNIT_HEADS):
        words = _described_unit(noun, by_token, entities)
        owners = _owners(noun, by_token, entities) if words else ()
        if not owners:
            continue
        span = doc[noun.left_edge.i:noun.i + 1]
        entity = next((e for e in entities if e.unit_of[:1] == owners[:1] and name_key(doc[words[0]:words[1]].text) in
                       {name_key(_described(a)) for a in e.aliases}), None)
        if entity is None:
            entity = DocEntity(index=len(entities), name=span.text, type="ORG", unit_of=owners)
            entities.append(entity)
        entity.add_alias(span.text)
        entity.mentions.append((span.start_char, span.end_char))
        slot = Slot(noun.i, noun.i + 1, "name", [entity.index])
        added.append(slot)
        by_token[noun.i] = slot
    return added
