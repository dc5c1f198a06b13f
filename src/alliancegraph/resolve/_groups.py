"""Groups the text describes but does not name: "a consortium led by XRG", "a BlackRock-led consortium"."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from alliancegraph.names import name_key
from alliancegraph.resolve._mentions import DocEntity, Slot, tokens_with_lemma

__all__ = ["consortium_leaders", "group_entity", "unnamed_groups"]


def group_entity(entities: list[DocEntity], name: str, members: tuple[str, ...]) -> int:
    """The document's entity for a known group, added when the text never names it."""
    for entity in entities:
        if entity.type == "ORG" and name_key(entity.name) == name_key(name):
            entity.group_members = members
            return entity.index
    entity = DocEntity(index=len(entities), name=name, type="ORG", aliases=[], group_members=members)
    entities.append(entity)
    return entity.index


def consortium_leaders(noun: Token, by_token: dict[int, Slot]) -> list[int]:
    """The companies a consortium noun says lead it: "led by X and Y", "X-led", "headed by X"."""
    names: list[Token] = []
    for child in noun.children:
        if child.dep_ == "acl" and child.lemma_.lower() in {"lead", "head", "spearhead"}:
            for agent in child.children:
                if agent.dep_ == "agent":
                    for pobj in agent.children:
                        if pobj.dep_ == "pobj":
                            names += [pobj, *pobj.conjuncts]
        if child.dep_ in {"amod", "compound"} and child.lower_ == "led":
            names += [c for c in child.children if c.dep_ in {"npadvmod", "compound", "nmod"}]
        if child.dep_ == "compound" and child.i + 2 < len(noun.doc) and noun.doc[child.i + 1].text == "-" \
                and noun.doc[child.i + 2].lower_ == "led":
            names.append(child)
    found = []
    for name in names:
        slot = by_token.get(name.i)
        if slot is not None and slot.kind == "name" and slot.entity is not None:
            found.append(slot.entity)
    return list(dict.fromkeys(found))


def _is_group_noun(noun: Token) -> bool:
    """"consortium"; an "investor group" led by a family and a fund reads as its members acting."""
    return noun.pos_ == "NOUN" and noun.tag_ == "NN" and noun.lemma_.lower() == "consortium"


def unnamed_groups(doc: Doc, entities: list[DocEntity], slots: list[Slot]) -> list[Slot]:
    """An entity for each consortium the text describes by its leaders, named after them
    ("XRG consortium", "BlackRock-Terminal Investment consortium"), with a slot over its noun phrase.
    Each later "the consortium" is resolved to the last such group by the descriptor resolver."""
    by_token = {i: s for s in slots for i in range(s.start, s.end)}
    added = []
    for noun in tokens_with_lemma(doc, frozenset({"consortium"})):
        if noun.i in by_token or not _is_group_noun(noun):
            continue
        leaders = [e for e in consortium_leaders(noun, by_token) if entities[e].type in {"ORG", "PERSON"}]
        orgs = [entities[e].name for e in leaders if entities[e].type == "ORG"]
        if not orgs:
            continue
        start = noun.left_edge.i
        while start < noun.i and (start in by_token or doc[start].lower_ in {"-", "led"}):
            start += 1
        name = f"{'-'.join(orgs)} consortium"
        entity = next((e for e in entities if e.name == name), None)
        if entity is None:
            entity = DocEntity(index=len(entities), name=name, type="ORG", group_members=tuple(orgs))
            entities.append(entity)
        span = doc[start:noun.i + 1]
        entity.add_alias(span.text)
        entity.mentions.append((span.start_char, span.end_char))
        slot = Slot(start, noun.i + 1, "name", [entity.index])
        added.append(slot)
        for i in range(slot.start, slot.end):
            by_token[i] = slot
    return added
