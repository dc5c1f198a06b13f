"""A parsed document with its resolved mentions: who each token refers to, and clause arguments."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from alliancegraph.extract._lexicon import PLURAL_NOUNS
from alliancegraph.names import name_key
from alliancegraph.nlp import Gazetteer
from alliancegraph.resolve import DESCRIPTOR_NOUNS, DocEntity, Slot, group_entity

__all__ = ["Arg", "DocContext", "Candidate"]

_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_NP_TAGS = frozenset({"DT", "PRP$", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "CD", "POS", "HYPH"})
UNIT_NOUNS = frozenset({"business", "unit", "division", "arm", "operations", "subsidiary", "venture", "project"})
_OBJ_CONTROL = {"want", "ask", "urge", "allow", "push", "help", "persuade", "get", "need", "pressure", "force",
                "invite", "bring", "encourage", "expect", "look", "require", "lead", "prompt"}


@dataclass(frozen=True)
class Arg:
    """One party of a relation: the entities it may be, best first, and how it was reached."""

    candidates: tuple[int, ...]
    kind: str
    token: int


@dataclass
class Candidate:
    """A relation read from one sentence, before status and merging."""

    subject: Arg
    type: str
    object: Arg
    trigger: Token
    pattern: str
    attrs: dict[str, object] = field(default_factory=dict)
    state: bool = False
    status: str | None = None
    scope: Token | None = None
    follows: Token | None = None
    """A successor's fact: the trigger of the predecessor's post, whose announced end is when the
    successor starts ("to step down on April 1, Sato to succeed him")."""


class DocContext:
    """Lookups over one document: the slot under each token and the arguments of clauses."""

    def __init__(self, doc: Doc, entities: list[DocEntity], slots: list[Slot], gaz: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gaz
        self.entities = entities
        self.slots = slots
        self.tokens = list(doc)
        self.sents = list(doc.sents)
        self._sent_of = [0] * len(doc)
        for index, sent in enumerate(self.sents):
            self._sent_of[sent.start:sent.end] = [index] * (sent.end - sent.start)
        self.by_token: dict[int, Slot] = {}
        for slot in sorted(slots, key=lambda s: s.start - s.end):
            for i in range(slot.start, slot.end):
                self.by_token[i] = slot

    def sentence(self, token: Token) -> Span:
        """The sentence of a token (Token.sent recomputes it on every call)."""
        return self.sents[self._sent_of[token.i]]

    def tokens_in(self, sent: Span) -> list[Token]:
        return self.tokens[sent.start:sent.end]

    def place(self, country: str) -> int:
        """The PLACE entity of a country, added to the document if it was not named."""
        for entity in self.entities:
            if entity.type == "PLACE" and country in {entity.name, entity.country}:
                return entity.index
        entity = DocEntity(index=len(self.entities), name=country, type="PLACE", aliases=[], country=country)
        self.entities.append(entity)
        return entity.index

    def alliance_of(self, members: list[int]) -> int | None:
        """The known alliance at least two of these entities belong to, added to the document if needed."""
        names = {name_key(self.entities[m].name) for m in members if self.entities[m].type == "ORG"}
        if len(names) < 2:
            return None
        for group, keys in self.gaz.member_keys:
            if len(names & keys) >= 2:
                return group_entity(self.entities, group.name, group.members)
        return None


    def entity_type(self, index: int) -> str:
        return self.entities[index].type

    def slot_args(self, token: Token) -> list[Arg]:
        """The args a token itself refers to (a plural pronoun gives several)."""
        slot = self.by_token.get(token.i)
        if slot is None or not slot.candidates:
            return []
        if slot.kind == "plural":
            return [Arg((c,), "pronoun", token.i) for c in slot.candidates]
        return [Arg(tuple(slot.candidates), slot.kind, token.i)]

    def args(self, token: Token | None, *, depth: int = 0) -> list[Arg]:
        """Entities a phrase headed by `token` names: itself, its conjuncts, its list members.

        "Geely and Qualcomm", "companies from China's Geely to Qualcomm", "partners including X".
        """
        if token is None or depth > 3:
            return []
        found = list(self.slot_args(token))
        if not found and token.tag_ in {"WDT", "WP", "WP$"}:
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            if clause is not None:
                return self.args(clause.head, depth=depth + 1)
        if not found and token.pos_ == "NOUN":
            found = [a for c in token.children if c.dep_ == "appos" for a in self.slot_args(c)]
            if not found and token.dep_ == "appos":
                found = self.slot_args(token.head)
            if not found:
                found = self.renamed_across_comma(token) or self.named_after(token)
        if not found and token.lemma_.lower() in UNIT_NOUNS:
            found = [a for c in token.children if c.dep_ == "poss" for a in self.slot_args(c)]
        if not found and token.lemma_.lower() in PLURAL_NOUNS and token.tag_ in {"NNS", "NNPS"}:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in {"from", "including", "like", "such", "to", "as"}:
                    for pobj in pobjs(child):
                        found.extend(self.args(pobj, depth=depth + 1))
                        if child.lower_ == "from":
                            found.extend(self._range_end(pobj))
                elif child.dep_ in {"appos"}:
                    found.extend(self.args(child, depth=depth + 1))
        if found and depth == 0:
            found += [a for c in token.children if c.dep_ == "appos" and c.conjuncts and self.slot_args(c)
                      for a in self.args(c, depth=depth + 1)]
        if depth == 0 or found:
            for conj in token.conjuncts:
                if conj.i > token.i and self._clause_after(conj) is None:
                    found.extend(self.slot_args(conj) or self.args(conj, depth=depth + 1))
        unique: dict[tuple[int, ...], Arg] = {}
        for arg in found:
            unique.setdefault(arg.candidates, arg)
        return list(unique.values())

    def renamed_across_comma(self, noun: Token) -> list[Arg]:
        """"Ampere, Renault's electric-vehicle arm": the company a noun phrase renames across a comma.

        For the appositions the parser attaches elsewhere. Only when `noun` ends a plain noun phrase
        (determiners, possessives, adjectives, compounds) that starts right after "NAME,".
        """
        sent = self.sentence(noun)
        after = self.by_token.get(noun.i + 1)
        if noun.i + 1 < sent.end and self.doc[noun.i + 1].tag_ in _NP_TAGS - {"DT", "PRP$", "JJ"} and (
                after is None or after.start != noun.i + 1):
            return []
        i = noun.i - 1
        while i > sent.start and self.doc[i].tag_ in _NP_TAGS:
            i -= 1
        if i <= sent.start or self.doc[i].text != ",":
            return []
        slot = self.by_token.get(i - 1)
        if slot is None or slot.kind != "name" or slot.end != i or self.entity_type(slot.candidates[0]) != "ORG":
            return []
        return self.slot_args(self.doc[i - 1])

    def named_after(self, noun: Token) -> list[Arg]:
        """"a stake in Chinese EV maker Xpeng": the company a descriptive noun stands right before,
        however the parser attached the name."""
        if noun.lemma_.lower() not in DESCRIPTOR_NOUNS or noun.tag_ != "NN" or noun.i + 1 >= len(self.doc):
            return []
        slot = self.by_token.get(noun.i + 1)
        if slot is None or slot.kind != "name" or slot.start != noun.i + 1 or \
                self.entity_type(slot.candidates[0]) != "ORG":
            return []
        return self.slot_args(self.doc[noun.i + 1])

    def _range_end(self, start: Token) -> list[Arg]:
        """"from X to Y": the entity after "to", read off the tokens (parsers often break this idiom)."""
        doc = self.doc
        end = self.sentence(start).end
        for i in range(start.i + 1, min(end, start.i + 4)):
            if doc[i].lower_ == "to":
                for j in range(i + 1, min(end, i + 6)):
                    slot = self.by_token.get(j)
                    if slot is not None and slot.kind == "name":
                        return self.slot_args(doc[j])
                    if doc[j].is_punct or doc[j].pos_ in {"VERB", "AUX"} and doc[j].tag_ != "VB":
                        break
        return []

    def _clause_after(self, noun: Token) -> Token | None:
        """"holds 51% of X and Leapmotor will hold 49%": a name the parse joined to the object before it
        but which opens the next clause; that clause's subjectless verb, else None."""
        slot = self.by_token.get(noun.i)
        end = slot.end if slot is not None else noun.i + 1
        if noun.dep_ != "conj" or end >= len(self.doc):
            return None
        verb = self.doc[end]
        if verb.dep_ in {"aux", "neg"} and verb.head.i > verb.i:
            verb = verb.head
        if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ not in {"conj", "ccomp"} or verb.tag_ == "VBG" or \
                any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
            return None
        return verb

    def _stranded_subject(self, verb: Token) -> list[Arg]:
        """The name `_clause_after` finds just before this verb and its auxiliaries."""
        first = min([verb.i] + [c.i for c in verb.children if c.dep_ in {"aux", "neg"} and c.i < verb.i])
        if first == 0:
            return []
        slot = self.by_token.get(first - 1)
        if slot is None:
            return []
        noun = self.doc[first - 1]
        clause = self._clause_after(noun)
        return self.slot_args(noun) if clause is not None and clause.i == verb.i else []

    def subjects(self, verb: Token) -> list[Arg]:
        """Who does what `verb` says: its subject, the agent of a passive, or a controlling argument."""
        if verb.dep_ in {"conj", "ccomp"} and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
            stranded = self._stranded_subject(verb)
            if stranded:
                return stranded
        node: Token | None = verb
        for _ in range(6):
            if node is None:
                return []
            subj = next((c for c in node.children if c.dep_ in {"nsubj", "csubj"}), None)
            if subj is not None and subj.tag_ in {"WDT", "WP"} and node.dep_ == "relcl":
                return self.args(node.head)
            if subj is not None:
                return self.args(subj)
            agent = next((c for c in node.children if c.dep_ == "agent"), None)
            if agent is not None:
                return [a for p in pobjs(agent) for a in self.args(p)]
            passive = next((c for c in node.children if c.dep_ == "nsubjpass"), None)
            if passive is not None and node is not verb and node.lemma_.lower() in _RAISING:
                if passive.tag_ in {"WDT", "WP"} and node.dep_ == "relcl":
                    return self.args(node.head)
                return self.args(passive)
            if passive is not None:
                return []
            head = node.head
            if head.i == node.i:
                return []
            if node.dep_ in {"relcl", "acl"} and not _infinitival(node):
                return self.args(head)
            if node.dep_ in {"relcl", "acl"}:
                owner = [a for c in head.children if c.dep_ == "poss" for a in self.args(c)]
                if owner:
                    return owner
            if node.dep_ == "xcomp" or (node.dep_ == "advcl" and node.tag_ == "VB"):
                obj = next((c for c in head.children if c.dep_ in {"dobj", "obj"}), None)
                if obj is not None and head.lemma_.lower() in _OBJ_CONTROL:
                    return self.args(obj)
                if obj is None:
                    pobj = next((p for c in head.children if c.dep_ == "prep" and c.lower_ == "for"
                                 for p in pobjs(c)), None)
                    if pobj is not None and head.lemma_.lower() in _OBJ_CONTROL:
                        return self.args(pobj)
            if node.dep_ not in {"xcomp", "conj", "advcl", "pcomp", "ccomp", "prep", "pobj", "dobj", "acomp", "relcl", "acl",
                                 "attr", "oprd", "nsubj"} and node.pos_ not in {"NOUN", "ADP"}:
                return []
            if node.dep_ == "ccomp" and node.pos_ in {"VERB", "AUX"}:
                return []
            node = head
        return []

    def objects(self, verb: Token, preps: tuple[str, ...]) -> list[Arg]:
        """The objects of `verb` through a direct object or the given prepositions."""
        found: list[Arg] = []
        for child in verb.children:
            if child.dep_ in {"dobj", "obj"} and "dobj" in preps:
                found.extend(self.args(child))
            elif child.dep_ == "nsubjpass" and "dobj" in preps:
                found.extend(self.args(child))
            elif (child.dep_ in {"prep", "dative"} or child.dep_ == "conj" and child.pos_ == "ADP") \
                    and child.lower_ in preps:
                for prep in [child, *(c for c in child.conjuncts if c.lower_ in preps)]:
                    for pobj in pobjs(prep):
                        found.extend(self.args(pobj))
            elif child.dep_ == "prt":
                for grandchild in child.children:
                    if grandchild.dep_ == "prep" and grandchild.lower_ in preps:
                        for pobj in pobjs(grandchild):
                            found.extend(self.args(pobj))
        return found

    def noun_objects(self, noun: Token, preps: tuple[str, ...]) -> list[Arg]:
        """The parties a trigger noun names through prepositions or compounds ("stake in X", "X stake")."""
        found: list[Arg] = []
        for child in [*noun.children, *self._stranded_prep(noun, preps)]:
            if child.dep_ == "prep" and child.lower_ in preps:
                for pobj in pobjs(child):
                    found.extend(self.args(pobj))
            elif child.dep_ in {"compound", "nmod", "amod"} and child.i < noun.i:
                found.extend(self.slot_args(child))
        return found

    def _stranded_prep(self, noun: Token, preps: tuple[str, ...]) -> list[Token]:
        """"pulled out of its joint venture with GAC": the preposition right after the noun that the
        parser hung on the verb above it."""
        after = noun.right_edge.i + 1
        if after >= len(self.doc) or any(c.dep_ == "prep" and c.lower_ in preps for c in noun.children):
            return []
        prep = self.doc[after]
        if prep.dep_ == "prep" and prep.lower_ in preps and prep.head in noun.ancestors:
            return [prep]
        return []


_RAISING = frozenset({"expect", "set", "schedule", "poise", "slate", "due", "require", "suppose", "say",
                      "report", "believe", "think", "understand", "tip"})
"""Passive verbs whose subject is the subject of the infinitive they govern: "X is expected to supply Y"."""


def _infinitival(verb: Token) -> bool:
    """"talks to buy Y": a to-infinitive hanging from a noun, whose subject lies further up."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def pobjs(prep: Token) -> list[Token]:
    out = []
    for child in prep.children:
        if child.dep_ in {"pobj", "pcomp"}:
            out.append(child)
        elif child.dep_ == "prep":
            out.extend(pobjs(child))
    return out
