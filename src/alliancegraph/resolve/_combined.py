"""The company a deal makes, described rather than named: "the combined company", "the enlarged group"."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from alliancegraph.resolve._mentions import DocEntity, Slot, tokens_with_lemma

__all__ = ["combined_companies"]

_MADE = frozenset({"combined", "merged", "enlarged", "new", "resulting"})
_GROWN = frozenset({"combined", "merged", "enlarged", "resulting"})
"""What a buyer becomes: the enlarged group is the buyer when the deal gives the result no new name."""
_COMPANY_NOUNS = frozenset({"company", "group", "entity", "business", "firm", "bank", "lender", "airline", "carrier",
                            "insurer", "miner", "operator", "giant", "concern", "conglomerate", "automaker",
                            "carmaker", "drugmaker", "retailer", "chipmaker"})
_NAMING_WORDS = frozenset({"called", "named", "renamed", "rebranded", "known"})
_BUYING = frozenset({"buy", "acquire", "purchase", "take", "absorb"})


def _made_company(token: Token) -> Span | None:
    """"the combined company": a definite company noun a deal's result is described by."""
    if token.pos_ != "NOUN" or token.tag_ != "NN" or token.lemma_.lower() not in _COMPANY_NOUNS:
        return None
    span = token.doc[token.left_edge.i:token.i + 1]
    if span[0].lower_ != "the" or not any(t.lower_ in _MADE for t in span[1:-1]):
        return None
    if any(t.ent_type_ for t in span[1:-1]) or any(c.dep_ == "compound" for c in token.children):
        return None
    return span


def _new_names(doc: Doc, slots: list[Slot], by_token: dict[int, Slot],
               entities: list[DocEntity]) -> list[tuple[int, int]]:
    """(token index, entity) of each company name a deal gives: "to be called Anglo Teck", "renamed
    Stellantis", "will be known as DSM-Firmenich"; a name the text used before is no new name."""
    first: dict[int, int] = {}
    for slot in sorted(slots, key=lambda s: s.start):
        if slot.entity is not None:
            first.setdefault(slot.entity, slot.start)
    found = []
    for token in doc:
        if token.lower_ not in _NAMING_WORDS:
            continue
        start = token.i + 1 + (token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "as")
        slot = by_token.get(start)
        if slot is not None and slot.kind == "name" and entities[slot.entity].type == "ORG" \
                and first[slot.entity] >= start:
            found.append((start, slot.entity))
    return found


def _apposed_name(span: Span, by_token: dict[int, Slot], entities: list[DocEntity]) -> int | None:
    """"The combined company, Anglo Teck, ..." and "Anglo Teck, the combined company, ...": the name beside it."""
    root = span.root
    for other in [*(c for c in root.children if c.dep_ == "appos"), *([root.head] if root.dep_ == "appos" else [])]:
        slot = by_token.get(other.i)
        if slot is not None and slot.kind == "name" and entities[slot.entity].type == "ORG":
            return slot.entity
    return None


def _buyer_before(span: Span, by_token: dict[int, Slot], entities: list[DocEntity]) -> tuple[int, int] | None:
    """(token index, entity) of the company last said to buy another before `span` ("Bunge agreed to buy
    Viterra ... the enlarged company"): the subject of a buying verb, followed up through "agreed to"."""
    buyer = None
    for token in span.doc[:span.start]:
        if token.lemma_.lower() not in _BUYING or token.pos_ != "VERB":
            continue
        if token.lemma_.lower() == "take" and not any(c.lower_ == "over" for c in token.children):
            continue
        verb = token
        while verb.dep_ in {"xcomp", "ccomp"} and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
            verb = verb.head
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        slot = by_token.get(subject.i) if subject is not None else None
        if slot is not None and slot.entity is not None and entities[slot.entity].type == "ORG":
            buyer = (token.i, slot.entity)
    return buyer


def _given_name(span: Span, names: list[tuple[int, int]], by_token: dict[int, Slot],
                entities: list[DocEntity]) -> int | None:
    """The last name a deal gave before `span`, or the first after it in its sentence; for a grown
    company ("the enlarged group"), the last buyer instead when it was named after that name."""
    before = [(i, e) for i, e in names if i < span.start]
    after = [(i, e) for i, e in names if span.end <= i < span.sent.end]
    given = before[-1] if before else after[0] if after else None
    buyer = _buyer_before(span, by_token, entities) if any(t.lower_ in _GROWN for t in span) else None
    if buyer is not None and (given is None or buyer[0] > given[0]):
        return buyer[1]
    return given[1] if given is not None else None


def combined_companies(doc: Doc, entities: list[DocEntity], slots: list[Slot]) -> list[Slot]:
    """A slot for each description of the company a deal makes ("the combined company", "the new
    group", "the enlarged bank"): the name beside it, else the last name the deal gave before it (or
    the first after it in the same sentence: "the combined company will be called Anglo Teck"), else,
    for the grown company ("the enlarged group"), the last buyer. A new company the text never names
    (a joint venture, a merger of equals with no name yet) stays unresolved."""
    spans = [s for t in tokens_with_lemma(doc, _COMPANY_NOUNS) if (s := _made_company(t)) is not None]
    if not spans:
        return []
    by_token = {i: s for s in slots for i in range(s.start, s.end)}
    names = _new_names(doc, slots, by_token, entities)
    added = []
    for span in spans:
        if any(i in by_token for i in range(span.start, span.end)):
            continue
        entity = _apposed_name(span, by_token, entities)
        if entity is None:
            entity = _given_name(span, names, by_token, entities)
        if entity is None:
            continue
        slot = Slot(span.start, span.end, "descriptor", [entity])
        entities[entity].add_alias(span.text)
        added.append(slot)
        for i in range(span.start, span.end):
            by_token[i] = slot
    return added
