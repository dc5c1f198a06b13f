"""A fact's status (asserted, planned, proposed, ended, denied) from the words that govern its trigger."""
from __future__ import annotations

from spacy.tokens import Token

from alliancegraph.extract._lexicon import (
    DENIED_WORDS, DONE_WORDS, ENDED_MODIFIERS, ENDED_WORDS, PLANNED_MODIFIERS, PLANNED_WORDS,
    PROPOSED_MODIFIERS, PROPOSED_WORDS,
)

__all__ = ["governing_path", "said_for_later", "status_of"]

_STOP_DEPS = {"relcl"}
_CARRIER_NOUNS = frozenset(
    """talk talks negotiation negotiations discussion discussions deal agreement plan plans bid offer proposal
    partnership alliance merger acquisition stake tie tie-up venture relationship cooperation pact arrangement
    holding investment purchase takeover attempt effort intention report reports approach interest option
    possibility transaction combination membership role position post remainder rest balance entirety""".split()
)


def governing_path(trigger: Token) -> list[Token]:
    """The trigger and the words above it, up to its clause's main verb chain (not into a relative clause).
    The subject of "is to step down" is governed by "step down", as it is by "will step down"."""
    path = [trigger]
    node = trigger
    while node.head.i != node.i and (node.dep_ not in _STOP_DEPS or any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children)):
        node = node.head
        later = next((c for c in node.children if c.dep_ == "xcomp" and said_for_later(c)), None)
        if node.lemma_ == "be" and later is not None and all(t.i != later.i for t in path):
            path.append(later)
        path.append(node)
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in DENIED_WORDS:
            path.append(node.head)
            break
    return path


def said_for_later(verb: Token) -> bool:
    """"will buy", "shall step down", and the wire's "is to step down", "are to merge", "was to
    take over": the verb's act is still to come."""
    if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in {"will", "shall", "'ll"} for c in verb.children):
        return True
    return verb.tag_ == "VB" and verb.dep_ == "xcomp" and verb.head.lemma_ == "be" and verb.head.i < verb.i \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _marker(token: Token, *, is_trigger: bool) -> str | None:
    """The status a single word on the path signals, if any."""
    lemma = token.lemma_.lower()
    if lemma in {"continue", "remain", "stay", "keep"} and not is_trigger:
        return "asserted"
    auxiliaries = [c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}]
    if "would" in auxiliaries and "have" in auxiliaries and token.tag_ == "VBN":
        return "ended"
    if any(c.dep_ == "det" and c.lower_ == "no" for c in token.children) and not is_trigger:
        return "denied"
    if is_trigger and token.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in {"is", "are", "'s"}
                                                 for c in token.children):
        return "planned"
    if token.dep_ == "ROOT" and token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                          for c in token.children) and \
            any(c.dep_ == "nsubj" for c in token.children):
        return "planned"
    if said_for_later(token):
        return "planned"
    for child in token.children:
        if child.dep_ in {"aux", "auxpass"}:
            word = child.lower_
            if word in {"could", "may", "might"}:
                return "proposed"
            if word == "would":
                return "planned"
        if child.dep_ == "neg" and not is_trigger and lemma in PLANNED_WORDS | PROPOSED_WORDS:
            return "denied"
        if child.dep_ == "neg" and is_trigger:
            return "denied"
        if child.dep_ == "mark" and child.lower_ == "if":
            return "proposed"
        if child.dep_ == "amod" and child.lower_ in PROPOSED_MODIFIERS:
            return "proposed"
        if child.dep_ in {"amod", "compound"} and child.lower_ in PLANNED_MODIFIERS:
            return "planned"
        if child.dep_ in {"amod", "compound", "advmod"} and child.lower_ in ENDED_MODIFIERS:
            return "ended"
        if is_trigger and child.dep_ == "compound" and any(
                g.dep_ in {"amod", "advmod"} and g.lower_ in ENDED_MODIFIERS for g in child.children):
            return "ended"
    if is_trigger:
        return "proposed" if lemma in {"talk", "negotiation", "discussion", "offer", "bid", "proposal"} else None
    if any(c.dep_ == "neg" for c in token.children) and lemma in {"be", "have", "hold", "own"}:
        return "denied"
    if lemma in _REFUSALS and any(c.dep_ == "dobj" and c.lemma_.lower() in _BIDS for c in token.children):
        return "ended"
    if lemma in DENIED_WORDS or (lemma == "rule" and any(c.lower_ == "out" for c in token.children)):
        return "denied"
    if lemma == "leave" and any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children):
        return None
    if lemma == "sell" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
        return None
    if lemma in ENDED_WORDS or (lemma == "call" and any(c.lower_ == "off" for c in token.children)) or \
            _stepping_down(token) or (
            lemma == "walk" and any(c.lower_ == "away" for c in token.children)) or (
            lemma in {"pull", "back"} and any(c.lower_ == "out" for c in token.children)) or (
            lemma == "spin" and any(c.lower_ == "off" for c in token.children)):
        return "ended"
    if lemma in DONE_WORDS and token.tag_ in {"VBD", "VBN", "VBZ"}:
        return "asserted"
    if lemma in PROPOSED_WORDS or lemma == "work" and any(c.dep_ in {"xcomp", "advcl"} and c.tag_ == "VB" for c in token.children):
        return "proposed"
    if lemma in PLANNED_WORDS and (token.pos_ in {"VERB", "AUX"} or lemma in {"plan", "agreement"}):
        return "planned"
    if lemma == "report" and token.pos_ == "VERB" and any(c.dep_ == "ccomp" for c in token.children):
        return None
    if lemma in {"talk", "talks", "negotiation", "discussion", "proposal", "approach", "offer", "bid",
                 "speculation", "report", "rumour", "rumor", "option", "possibility", "interest"}:
        return "proposed"
    if lemma in {"plan", "agreement", "deal"} and token.dep_ != "ROOT" and any(
            c.dep_ in {"acl", "relcl", "xcomp"} for c in token.children):
        return "planned"
    return None


_REFUSALS = frozenset({"reject", "rebuff", "spurn"})
_BIDS = frozenset({"offer", "bid", "proposal", "approach", "overture"})
"""A target that rejects an offer ends the bid (data/ANNOTATION.md); rejecting a report denies it."""


def status_of(trigger: Token, *, state: bool = False, scope: Token | None = None) -> str:
    """The status of a fact whose trigger word is `trigger`.

    Denial anywhere above wins; an ending word that is itself realis gives ended; otherwise the
    most tentative word on the path decides. `state` facts (a possessive "its 43% stake", an
    apposition "its top shareholder") describe what holds now, so a merely proposed ending leaves
    them asserted. A description ("X, run by P", "then-Nissan chairman") holds within its own phrase:
    words above `scope` do not reach it. An ending or denial reaches the fact only through nouns that
    carry it ("ended talks on a merger"), not through another thing ended ("ends decades of dominance
    over their partnership"). A described post ends when its holder is removed or leaves ("Nestle
    ousts CEO Schneider", `_removed`).
    """
    markers: list[str] = []
    path = governing_path(trigger)
    if scope is not None and any(t.i == scope.i for t in path):
        cut = next(n for n, t in enumerate(path) if t.i == scope.i)
        if not (cut + 1 < len(path) and _removed(path[cut + 1], path[cut])):
            path = path[:cut + 1]
    blocked = False
    for position, token in enumerate(path):
        mark = _marker(token, is_trigger=position == 0)
        if mark in {"ended", "denied"} and blocked:
            mark = None
        if position > 0 and _own_clause(path[position - 1]) and mark in {"planned", "proposed"}:
            mark = None
        if position > 0 and mark is None and _removed(token, path[position - 1]):
            mark = "ended"
        if mark:
            markers.append(mark)
        if position > 0 and token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() not in _CARRIER_NOUNS:
            blocked = True
    if "denied" in markers:
        return "denied"
    if "ended" in markers:
        above = markers[markers.index("ended") + 1:]
        if not any(m in {"proposed", "planned"} for m in above):
            return "ended"
        if state:
            return "asserted"
        return "proposed" if "proposed" in above else "planned"
    if state:
        return "asserted"
    if not markers:
        return "asserted"
    return _tentative(markers)


_REMOVING = frozenset({"oust", "fire", "sack", "remove", "depose", "topple", "unseat"})
_LEAVING = frozenset({"resign", "retire", "quit"})


def _removed(verb: Token, below: Token) -> bool:
    """"Nestle ousts CEO Schneider", "the board removed Faber as chairman", "chief executive Pat
    Gelsinger had retired": a person a board removes, or who resigns, retires or steps down, no
    longer holds the post, though their name stands between the title and the verb. Removal counts
    only through the verb's object or its "as" phrase (whoever does the ousting keeps their post),
    leaving only through its subject; a removal only sought ("called a meeting to remove chairman
    John Barton") ends nothing."""
    if verb.pos_ != "VERB" or verb.tag_ == "VB":
        return False
    lemma = verb.lemma_.lower()
    if lemma in _REMOVING:
        return below.dep_ in {"dobj", "obj", "nsubjpass"} or (below.dep_ == "prep" and below.lower_ == "as")
    return (lemma in _LEAVING or _stepping_down(verb)) and below.dep_ == "nsubj"


def _stepping_down(token: Token) -> bool:
    return token.lemma_.lower() == "step" and any(c.lower_ == "down" for c in token.children)


def _own_clause(token: Token) -> bool:
    """"said it would cut jobs and that Angle had stepped down": a conjunct verb with its own subject
    is a clause of its own; the first conjunct's "would" does not make it a plan."""
    return token.dep_ == "conj" and token.pos_ in {"VERB", "AUX"} and any(
        c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)


def _tentative(markers: list[str]) -> str:
    if markers[0] == "asserted":
        return "asserted"
    if "proposed" in markers:
        return "proposed"
    if "planned" in markers:
        return "planned"
    return "asserted"
