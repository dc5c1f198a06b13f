"""Relation patterns over the dependency tree, one family a function, all in one registry.

A pattern takes the document context and one sentence and yields Candidates. Outside
packages add their own with `@relation_pattern("name")` (or the entry-point group
`alliancegraph.patterns`), the way the built-in ones are added here.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations

from spacy.tokens import Span, Token

from alliancegraph.extract._attributes import money_near, percent_near, percent_value, sentence_of
from alliancegraph.extract._context import Arg, Candidate, DocContext, pobjs
from alliancegraph.extract._status import status_of
from alliancegraph.extract._lexicon import (
    GROUP_NOUNS, LIGHT_VERBS, NOUN_TRIGGERS, PROPOSED_WORDS, PLANNED_WORDS, ROLE_NOUNS, TITLE_NOUNS,
    VERB_TRIGGERS,
)
from alliancegraph.resolve import consortium_leaders, nationality_of
from alliancegraph.resolve._typing import SEAT_WORDS, named_to

__all__ = ["Pattern", "PATTERNS", "relation_pattern"]

Pattern = Callable[[DocContext, Span], Iterator[Candidate]]
PATTERNS: dict[str, Pattern] = {}


def relation_pattern(name: str) -> Callable[[Pattern], Pattern]:
    """Register a pattern under `name`; a second registration under the same name replaces the first."""
    def register(func: Pattern) -> Pattern:
        PATTERNS[name] = func
        return func
    return register


def _verb_trigger(token: Token) -> tuple[str, tuple[str, ...]] | None:
    lemma = token.lemma_.lower()
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    if lemma == "take" and ("over" in particles or any(c.lower_ == "private" for c in token.children)):
        return ("acquires", ("dobj",))
    if lemma in {"snap", "buy"} and ("up" in particles or "out" in particles):
        return ("acquires", ("dobj",))
    if lemma == "join" and any(c.dep_ == "dobj" and c.lemma_ == "force" for c in token.children):
        return ("partners_with", ("with",))
    if lemma == "team" and "up" not in particles:
        return None
    if lemma in _FOUNDING_VERBS and (lemma != "set" or "up" in particles):
        return ("member_of", ("dobj",))
    return VERB_TRIGGERS.get(lemma)


_FOUNDING_VERBS = frozenset({"form", "found", "establish", "create", "launch", "set", "co-found", "cofound"})
_ALLIANCE_WORDS = frozenset({"alliance", "consortium", "coalition", "association", "forum", "council", "initiative",
                             "cooperation", "bloc"})


def _is_alliance(ctx: DocContext, arg: Arg) -> bool:
    """A group of companies by the gazetteer or by its name ("Frontier Model Forum", "Gemini alliance")."""
    entity = ctx.entities[arg.candidates[0]]
    return bool(entity.group_members) or bool(set(entity.name.lower().split()) & _ALLIANCE_WORDS)


def _kind(trigger: Token) -> str:
    words = {t.lemma_.lower() for t in sentence_of(trigger)}
    lemma = trigger.lemma_.lower()
    if lemma == "alliance":
        return "alliance"
    if lemma == "venture" or "venture" in {c.lemma_.lower() for c in trigger.subtree} or "jv" in words:
        return "joint_venture"
    if "supply" in words and lemma != "partner":
        return "supply"
    if words & {"technology", "develop", "research", "software", "engine", "platform", "chip", "battery",
                "technologie", "r&d", "co-develop", "autonomous", "artificial"}:
        return "technology"
    return "other"


def _money(candidate: Candidate, trigger: Token, extra: list[Token]) -> None:
    found = money_near(trigger, extra=extra)
    if found is not None:
        candidate.attrs["amount"], currency = found
        if currency:
            candidate.attrs["currency"] = currency


def _pairs(subjects: list[Arg], objects: list[Arg]) -> Iterator[tuple[Arg, Arg]]:
    for subj in subjects:
        for obj in objects:
            if subj.token != obj.token:
                yield subj, obj


@relation_pattern("verb_frames")
def verb_frames(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Renault will partner with Geely", "Y was bought by X", "Honda and Nissan agreed to merge"."""
    for token in ctx.tokens_in(sent):
        if token.pos_ not in {"VERB", "AUX"}:
            continue
        frame = _verb_trigger(token)
        if frame is None:
            continue
        rel, preps = frame
        if rel == "acquires" and _by_merger(token):
            rel = "merges_with"
        subjects = ctx.subjects(token)
        objects = ctx.objects(token, preps)
        if rel == "merges_with" and not subjects and token.lemma_.lower() == "combine":
            objects = ctx.objects(token, ("dobj", "with")) + _prep_args(ctx, _dobjs(token), ("with",))
            subjects, objects = objects[:1], objects[1:]
        if token.dep_ == "relcl" and "dobj" in preps and not any(
                c.dep_ in {"dobj", "nsubjpass"} and c.tag_ not in {"WDT", "WP"} and c.lower_ not in {"that", "which"}
                for c in token.children):
            objects = objects + ctx.args(token.head)
        if token.dep_ == "acl" and token.tag_ == "VBN" and "dobj" in preps:
            objects = objects + ctx.args(token.head)
        if rel == "owns_stake":
            gapped = _gapped_holders(ctx, token, sent, subjects)
            holders = {holder.token for holder, _ in gapped}
            shares = [(o, p) for o, p in _shares_held(ctx, token) or _elided_shares(ctx, token, objects)
                      if o.token not in holders]
            objects = [o for o in objects if o.token not in holders]
            if token.lemma_.lower() == "hold" and not shares and percent_near(token) is None:
                continue
            for subj in subjects:
                for obj, percent in shares:
                    if subj.token != obj.token:
                        yield Candidate(subj, rel, obj, token, "verb_frames", {"percent": percent})
            objects = [o for o in objects if o.token not in {obj.token for obj, _ in shares}]
            for holder, percent in gapped:
                for obj in [o for o, _ in shares] or objects:
                    if holder.token != obj.token:
                        yield Candidate(holder, rel, obj, token, "verb_frames", {"percent": percent})
            if token.lemma_.lower() in {"own", "control"} and percent_near(token) is None and len(subjects) == 1 \
                    and not any(c.lower_ in {"equally", "jointly", "partly", "partially"} for c in token.children):
                for subj, obj in _pairs(subjects, [o for o in objects if ctx.doc[o.token].dep_ in
                                                   {"dobj", "nsubjpass"} or o.token == token.head.i]):
                    yield from _controlled(ctx, subj, obj, token)
                continue
        if rel == "invests_in" and not objects:
            objects = _prep_args(ctx, _dobjs(token), preps)
        if rel == "invests_in" and token.lemma_.lower() in {"put", "pour"} and money_near(token) is None and not any(
                c.dep_ == "dobj" and c.lemma_.lower() in {"money", "capital", "cash", "fund"} for c in token.children):
            continue
        if rel == "supplies":
            yield from _supply_verb(ctx, token, subjects)
            continue
        if rel == "acquires" and not objects:
            yield from _part_bought(ctx, token, subjects)
            continue
        pooled = _pooled_assets(token) if rel == "merges_with" else None
        if pooled is not None and len(subjects) > 1:
            yield from _pooling(ctx, token, subjects, pooled)
            continue
        if rel in {"merges_with", "partners_with"} and not objects and len(subjects) > 1 and \
                token.lemma_.lower() != "work" and not any(c.lower_ == "with" for c in token.children):
            for left, right in combinations(subjects, 2):
                yield _with_attrs(Candidate(left, rel, right, token, "verb_frames"), token)
            continue
        if rel == "member_of":
            founding = token.lemma_.lower() in _FOUNDING_VERBS
            objects = [o for o in objects if (_is_alliance if founding else _is_group)(ctx, o)]
        leaving = rel == "member_of" and token.lemma_.lower() in {"leave", "quit", "exit"}
        equal = _equal_share(token, subjects) if rel == "owns_stake" else None
        for subj, obj in _pairs(subjects, objects):
            candidate = _with_attrs(Candidate(subj, rel, obj, token, "verb_frames"), token)
            if leaving:
                candidate.status = _leaving_status(token)
            if equal is not None and "percent" not in candidate.attrs:
                candidate.attrs["percent"] = equal
            yield candidate


_ASSET_NOUNS = frozenset({"business", "operation", "asset", "unit", "division", "field", "activity", "network",
                          "arm", "interest", "portfolio"})


def _pooled_assets(verb: Token) -> Token | None:
    """"agreed to merge their British mobile businesses": some of the parties' units merged, not the
    parties ("merge their businesses" with no qualifier is a merger)."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in _ASSET_NOUNS:
        return None
    if not any(c.dep_ in {"amod", "compound", "nmod"} for c in obj.children):
        return None
    return obj


def _pooling(ctx: DocContext, verb: Token, owners: list[Arg], assets: Token) -> Iterator[Candidate]:
    """Owners pooling units form a joint venture; units named beside them ("Vodafone UK and Three UK") merge."""
    for left, right in combinations(owners, 2):
        candidate = Candidate(left, "partners_with", right, verb, "verb_frames")
        candidate.attrs["kind"] = "joint_venture"
        yield candidate
    units = [a for c in assets.children if c.dep_ == "appos" for a in ctx.args(c)]
    for left, right in combinations(units, 2):
        yield Candidate(left, "merges_with", right, verb, "verb_frames")


def _dobjs(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ == "dobj"]


def _prep_args(ctx: DocContext, nodes: list[Token], preps: tuple[str, ...]) -> list[Arg]:
    """The parties named after these prepositions on any of the nodes: "invest 325 million euros in X"
    where the parse hangs "in X" on the money, "chips for Nvidia", "capacity from Google"."""
    return [a for node in nodes for c in node.children if c.dep_ == "prep" and c.lower_ in preps
            for p in pobjs(c) for a in ctx.args(p)]


def _by_merger(verb: Token) -> bool:
    """"absorbed United Arab Shipping Co in a 2017 merger": a takeover done as a merger."""
    return any(c.dep_ == "prep" and c.lower_ in {"in", "through", "via"} and any(
        p.lemma_.lower() in {"merger", "combination"} for p in pobjs(c)) for c in verb.children)


def _part_bought(ctx: DocContext, verb: Token, buyers: list[Arg]) -> Iterator[Candidate]:
    """"Aramco to buy 10% of Horse", "bought half of X": buying a part of a company. Up to half, the
    buyer also comes to hold that stake; more than half is control, read as the acquisition alone."""
    for part in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() not in _HOLDING_WORDS):
        percent = percent_near(part)
        if percent is None:
            continue
        for buyer, company in _pairs(buyers, _sold_companies(ctx, part)):
            yield _with_attrs(Candidate(buyer, "acquires", company, verb, "verb_frames", {"percent": percent}), verb)
            if percent <= 50:
                yield Candidate(buyer, "owns_stake", company, verb, "verb_frames", {"percent": percent})


_HOLDING_WORDS = frozenset({"stake", "holding", "shareholding", "interest", "position"})


def _equal_share(verb: Token, owners: list[Arg]) -> float | None:
    """"owned equally by Liberty Global and Telefonica", "owned in equal parts by": each owner's percent."""
    words = {c.lower_ for c in verb.children if c.dep_ == "advmod"}
    words |= {g.lower_ for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"
              for p in c.children for g in p.children if g.dep_ == "amod"}
    if len(owners) < 2 or not words & {"equally", "equal"}:
        return None
    return round(100 / len(owners), 1)


_JOINT_WORK = frozenset("""develop build make design produce create research manufacture sell market launch
    work operate run explore test bid""".split())


@relation_pattern("joint_work")
def joint_work(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"the two companies are developing models together", "Honda and Sony will jointly develop cars"."""
    for verb in ctx.tokens_in(sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _JOINT_WORK or not any(
                c.dep_ == "advmod" and c.lower_ in {"together", "jointly"} for c in verb.children):
            continue
        for left, right in combinations(ctx.subjects(verb), 2):
            yield Candidate(left, "partners_with", right, verb, "verb_frames", {"kind": _kind(verb)})


def _shares_held(ctx: DocContext, verb: Token) -> list[tuple[Arg, float]]:
    """"owns roughly 79% of X and about 70% of Y": each company with its own percentage."""
    found = []
    for child in verb.children:
        if child.dep_ != "dobj":
            continue
        for node in [child, *child.conjuncts]:
            percent = percent_near(node)
            if percent is None:
                continue
            for prep in node.children:
                if prep.dep_ == "prep" and prep.lower_ in {"of", "in"}:
                    found += [(a, percent) for p in pobjs(prep) for a in ctx.args(p)]
    return found


def _elided_shares(ctx: DocContext, verb: Token, objects: list[Arg]) -> list[tuple[Arg, float]]:
    """"Stellantis will hold 51% of the venture and Leapmotor will hold 49%": a second holding clause
    with its own percentage and no company holds it in the first clause's company."""
    first = verb.head
    percent = percent_near(verb)
    if objects or percent is None or verb.dep_ not in {"conj", "ccomp"} or first.pos_ not in {"VERB", "AUX"}:
        return []
    frame = _verb_trigger(first)
    if frame is None or frame[0] != "owns_stake":
        return []
    return [(company, percent) for company, _ in _shares_held(ctx, first)]


def _gapped_holders(ctx: DocContext, verb: Token, sent: Span, subjects: list[Arg]) -> list[tuple[Arg, float]]:
    """"Thales holds 67% and Leonardo 33%", "TSMC will own 86.5% of JASM, Denso 5.5% and Toyota 2%":
    later holders named with their own percentage and the verb left out."""
    if percent_near(verb) is None:
        return []
    taken = {a.token for a in subjects}
    found = []
    i = verb.i + 1
    while i < sent.end:
        token = ctx.doc[i]
        if token.pos_ == "VERB" or token.lower_ in {"which", "that", "while", "after", "before"}:
            break
        slot = ctx.by_token.get(i)
        if slot is None or slot.start != i or not slot.candidates or slot.end >= sent.end:
            i += 1
            continue
        after = slot.end
        while after < sent.end - 1 and ctx.doc[after].lower_ in _GAP_FILLERS:
            after += 1
        percent = _percent_at(ctx.doc[after])
        if percent is not None and slot.start not in taken and \
                ctx.entity_type(slot.candidates[0]) in {"ORG", "PERSON"}:
            found.append((Arg((slot.candidates[0],), slot.kind, slot.start), percent))
        i = slot.end
    return found


_GAP_FILLERS = frozenset({"the", "remaining", "other", "rest", "balance", "about", "around", "roughly", "some",
                          "nearly", "almost", "just", "over", "under"})
"""Words between a gapped holder and its percentage: "and Biogen the remaining 49.9%"."""


def _percent_at(token: Token) -> float | None:
    """The percentage that starts at this token ("33%", "about 5.5 percent"), else None."""
    if token.lower_ in {"about", "roughly", "around", "nearly", "almost"} and token.i + 1 < len(token.doc):
        token = token.nbor(1)
    return percent_value(token) if token.ent_type_ == "PERCENT" else None


def _leaving_status(verb: Token) -> str:
    """Leaving a group ends membership, whether done or announced; talk of leaving does not."""
    status = status_of(verb)
    return "ended" if status in {"asserted", "planned"} else status


def _with_attrs(candidate: Candidate, token: Token) -> Candidate:
    extra = [c for c in token.children if c.dep_ in {"dobj", "prep", "npadvmod"}]
    if candidate.type in {"acquires", "invests_in"}:
        _money(candidate, token, extra)
    if candidate.type in {"acquires", "owns_stake"}:
        percent = percent_near(token, extra=extra)
        if percent is not None:
            candidate.attrs["percent"] = percent
    if candidate.type == "partners_with":
        candidate.attrs["kind"] = _kind(token)
    return candidate


def _supply_verb(ctx: DocContext, token: Token, subjects: list[Arg]) -> Iterator[Candidate]:
    """"supplies engines to Renault", "supply it with a model", "assembles iPhones for Apple",
    "supplies LEAP engines for the Airbus A320neo family" (the customer owns the product)."""
    direct = [c for c in token.children if c.dep_ in {"dobj", "dative"}]
    if token.lemma_.lower() in _MAKE_VERBS:
        yield from _made_for(ctx, token, subjects, direct)
        return
    to_objects = ctx.objects(token, ("to", "for"))
    if not to_objects:
        to_objects = [a for c in token.children if c.dep_ == "prep" and c.lower_ in {"to", "for"}
                      for p in pobjs(c) for a in _product_owner(ctx, p)]
    customers = to_objects or [a for d in direct for a in ctx.args(d)]
    if not customers and token.lemma_.lower() in {"assemble", "manufacture"}:
        customers = [a for d in direct for a in _product_owner(ctx, d)]
    product_tokens = [d for d in direct if not ctx.slot_args(d)] if to_objects else [
        p for c in token.children if c.dep_ == "prep" and c.lower_ == "with" for p in pobjs(c)]
    product = ctx.doc[product_tokens[0].left_edge.i:product_tokens[0].right_edge.i + 1].text \
        if product_tokens else None
    for subj, obj in _pairs(subjects, customers):
        candidate = Candidate(subj, "supplies", obj, token, "verb_frames")
        if product:
            candidate.attrs["product"] = product
        yield candidate


_MAKE_VERBS = frozenset({"make", "build", "produce"})
_NOT_PRODUCTS = frozenset("""case bid offer progress sense money profit loss changes change decision payment
    investment investments acquisition acquisitions moves move way room effort efforts comments position
    stake stakes holding presence lead business team portfolio""".split())


def _made_for(ctx: DocContext, verb: Token, subjects: list[Arg], direct: list[Token]) -> Iterator[Candidate]:
    """"makes chips for Nvidia", "builds most of Apple's iPhones": products, plural or owned by a company,
    made for a company ("made a bid for X" is no supply)."""
    products = [d for d in direct if not ctx.slot_args(d) and d.lemma_.lower() not in _NOT_PRODUCTS
                and (d.tag_ == "NNS" or _product_owner(ctx, d))]
    if not products:
        return
    customers = ctx.objects(verb, ("for",)) or _prep_args(ctx, products, ("for",))
    customers = customers or [a for p in products for a in _product_owner(ctx, p)]
    for subj, obj in _pairs(subjects, customers):
        yield Candidate(subj, "supplies", obj, verb, "verb_frames", {"product": _product_text(products[0])})


def _whole_of(product: Token) -> Token:
    """"most of Apple's iPhones" -> "iPhones": the thing a quantity word is a part of."""
    if product.lower_ in {"most", "all", "some", "many", "much", "part"}:
        return next((p for c in product.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)),
                    product)
    return product


def _product_text(product: Token) -> str:
    """"chips", "memory chips", "iPhones" (from "most of Apple's iPhones"): the product's own words."""
    product = _whole_of(product)
    start = product.i
    while start > 0 and product.doc[start - 1].dep_ in {"compound", "amod"} and \
            product.doc[start - 1].head.i == product.i and not product.doc[start - 1].ent_type_ == "ORG" and \
            product.doc[start - 1].lower_ not in {"own", "new", "other"}:
        start -= 1
    return product.doc[start:product.i + 1].text


_MADE_BY = frozenset({"make", "build", "produce", "manufacture", "supply", "assemble", "provide", "design"})
_USE_VERBS = frozenset({"use", "buy", "order", "have", "deploy", "install", "get", "receive", "rely", "take"})


@relation_pattern("made_by")
def made_by(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"turbines supplied by Siemens Gamesa" used by Orsted, "its own chip designs produced by Intel
    Foundry": a product made by one company for the one that owns or uses it."""
    for verb in ctx.tokens_in(sent):
        if verb.tag_ != "VBN" or verb.dep_ != "acl" or verb.lemma_.lower() not in _MADE_BY:
            continue
        makers = [a for c in verb.children if c.dep_ == "agent" for p in pobjs(c) for a in ctx.args(p)]
        product = verb.head
        if not makers or product.pos_ != "NOUN" or ctx.slot_args(product):
            continue
        customers = [a for c in product.children if c.dep_ == "poss" for a in ctx.args(c)]
        user = product.head.head if product.dep_ == "pobj" and product.head.head.dep_ == "dobj" else product.head
        if not customers and product.dep_ in {"dobj", "pobj"} and user.lemma_.lower() in _USE_VERBS | {"one"}:
            customers = ctx.subjects(user if user.pos_ in {"VERB", "AUX"} else user.head)
        for maker, customer in _pairs(makers, customers):
            if ctx.entity_type(maker.candidates[0]) == "ORG" and ctx.entity_type(customer.candidates[0]) == "ORG":
                yield Candidate(maker, "supplies", customer, verb, "verb_frames", {"product": _product_text(product)})


_SOURCING_VERBS = frozenset({"buy", "purchase", "source", "order", "license", "licence", "lease", "rent"})
_CHOOSING_VERBS = frozenset({"pick", "choose", "select", "tap", "hire", "award"})
_CONTRACT_NOUNS = frozenset({"contract", "order", "deal", "job", "supply", "work", "project", "tender"})


def _chosen_suppliers(ctx: DocContext, verb: Token) -> Iterator[Candidate]:
    """"AT&T picked Ericsson for a $14 billion contract", "awarded Nokia a contract": the chosen one supplies."""
    contract = [p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"for", "as"} for p in pobjs(c)
                if p.lemma_.lower() in _CONTRACT_NOUNS | {"supplier", "provider", "vendor", "contractor"}]
    contract += [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _CONTRACT_NOUNS]
    if not contract:
        return
    chosen = [a for c in verb.children if c.dep_ in {"dobj", "dative"} for a in ctx.args(c)]
    for supplier, customer in _pairs(chosen, ctx.subjects(verb)):
        if ctx.entity_type(supplier.candidates[0]) == "ORG":
            yield Candidate(supplier, "supplies", customer, verb, "verb_frames")


@relation_pattern("sourcing")
def sourcing(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Anthropic buys cloud computing capacity from Google", "licenses its chip designs from Arm": a
    product bought from a company is that company's supply (a company or shares bought is a deal)."""
    for verb in ctx.tokens_in(sent):
        if verb.pos_ == "VERB" and verb.lemma_.lower() in _CHOOSING_VERBS:
            yield from _chosen_suppliers(ctx, verb)
            continue
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _SOURCING_VERBS:
            continue
        products = [c for c in verb.children if c.dep_ == "dobj" and not ctx.args(c)
                    and c.lemma_.lower() not in _PART_NOUNS | _BID_NOUNS and c.lower_ not in _PART_NOUNS
                    and c.lemma_.lower() not in {"asset", "business", "operation", "unit", "division", "company",
                                                 "firm", "bond", "debt", "property"}]
        if not products:
            continue
        suppliers = _prep_args(ctx, [verb, *products], ("from",))
        for supplier, customer in _pairs(suppliers, ctx.subjects(verb)):
            if ctx.entity_type(supplier.candidates[0]) == "ORG":
                yield Candidate(supplier, "supplies", customer, verb, "verb_frames",
                                {"product": _product_text(products[0])})


def _product_owner(ctx: DocContext, product: Token) -> list[Arg]:
    """The company a product belongs to: "Apple's iPhones", "the Boeing 737 MAX", "most of Apple's iPhones"."""
    product = _whole_of(product)
    return [a for c in product.children if c.dep_ in {"poss", "compound", "nmod"} for a in ctx.slot_args(c)
            if ctx.entity_type(a.candidates[0]) == "ORG" and a.kind == "name"]


def _is_group(ctx: DocContext, arg: Arg) -> bool:
    entity = ctx.entities[arg.candidates[0]]
    words = set(entity.name.lower().split())
    return bool(entity.group_members) or bool(words & GROUP_NOUNS)


_PLAIN_DEAL_WORDS = frozenset({"partnership", "cooperation", "alliance", "strategic", "technology", "framework",
                               "new", "broad", "long", "formal", "final", "preliminary", "this", "joint",
                               "separate", "definitive", "binding"})
_OTHER_DEAL_VERBS = frozenset({"sell", "divest", "merge", "take", "settle"})


def _names_other_deal(child: Token) -> bool:
    """Whether a word on "deal"/"agreement" makes it a deal of another kind ("a deal to buy X", "supply deal")."""
    if child.dep_ in {"acl", "relcl", "xcomp", "advcl"}:
        lemma = child.lemma_.lower()
        return _verb_trigger(child) is not None or lemma in _OTHER_DEAL_VERBS
    return child.dep_ in {"compound", "amod"} and child.lemma_.lower() not in _PLAIN_DEAL_WORDS


def _left_with(ctx: DocContext, noun: Token) -> list[Arg]:
    """"leaving the French company with a 15% holding", "giving it a 41% stake": the one left or given it."""
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "with" else noun.head
    if verb.lemma_.lower() not in {"leave", "give", "hand"} or verb.pos_ != "VERB":
        return []
    if noun.dep_ == "dobj" and verb.lemma_.lower() in {"give", "hand"}:
        return [a for c in verb.children if c.dep_ in {"dative", "iobj"} for a in ctx.args(c)]
    if noun.dep_ == "pobj" and verb.lemma_.lower() == "leave":
        return [a for c in verb.children if c.dep_ == "dobj" for a in ctx.args(c)]
    return []


def _verb_clauses(noun: Token) -> list[Token]:
    """"is in talks with X to buy Y": infinitive clauses on the verb that holds the noun."""
    verb = _holder_verb(noun)
    if verb is None:
        return []
    return [c for c in verb.children if c.dep_ in {"advcl", "xcomp"} and c.i > noun.i
            and any(a.lower_ == "to" for a in c.children)]


def _holder_verb(noun: Token) -> Token | None:
    """The verb a trigger noun is an argument of, climbing through prepositions ("talks on a deal")."""
    node = noun
    for _ in range(5):
        if node.dep_ not in {"dobj", "pobj", "prep", "attr", "nsubjpass", "conj", "appos", "oprd", "npadvmod",
                             "compound"} or node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            lemma = node.lemma_.lower()
            if lemma in LIGHT_VERBS | PROPOSED_WORDS | PLANNED_WORDS or lemma in {"be", "have"}:
                return node
            return None
    return None


def _noun_holders(ctx: DocContext, noun: Token) -> list[Arg]:
    poss = [a for c in noun.children if c.dep_ == "poss" for a in ctx.args(c)]
    if poss:
        return poss
    left = _left_with(ctx, noun)
    if left:
        return left
    agent = [a for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for p in pobjs(c)
             for a in ctx.args(p)]
    if agent:
        return agent
    verb = _holder_verb(noun)
    if verb is not None and (verb.lemma_.lower() != "be" or noun.dep_ == "pobj" and noun.head.lower_ == "in"):
        return ctx.subjects(verb)
    return []


_PLURAL_TRIGGERS = frozenset({"talk", "stake", "share", "tie", "partnership", "collaboration", "venture", "bid",
                              "alliance"})
_HOLDING_NOUNS = frozenset({"share", "position", "interest"})
"""Nouns that name a holding only with its company ("shares in Denso") or its size ("a 30% interest")."""


def _trigger_noun(token: Token) -> tuple[str, tuple[str, ...]] | None:
    lemma = token.lemma_.lower()
    if token.pos_ not in {"NOUN", "PROPN"} or token.tag_ in {"NNS", "NNPS"} and lemma not in _PLURAL_TRIGGERS:
        if not (token.pos_ == "NOUN" and lemma in {"venture", "alliance"}):
            return None
    if lemma == "tie" and not any(c.lower_ == "up" for c in token.subtree):
        return None
    if lemma in _HOLDING_NOUNS and not _names_a_holding(token):
        return None
    return NOUN_TRIGGERS.get(lemma)


def _names_a_holding(noun: Token) -> bool:
    """"shares in Denso", "its position in Commerzbank to 21%", "Hess's 30% interest"."""
    preps = list(noun.children) + (list(noun.head.children) if noun.dep_ == "dobj" else [])
    in_company = any(c.dep_ == "prep" and c.lower_ == "in" and any(
        p.ent_type_ == "ORG" or p.pos_ == "PROPN" and p.ent_type_ not in {"GPE", "LOC", "DATE"} for p in pobjs(c))
        for c in preps)
    if noun.lemma_.lower() == "share":
        return noun.tag_ == "NNS" and in_company
    sized = any(c.ent_type_ == "PERCENT" for c in noun.children) or (
        in_company and percent_near(noun, extra=[c for v in [_holder_verb(noun)] if v is not None
                                                 for c in v.children if c.dep_ == "prep"]) is not None)
    return sized


@relation_pattern("noun_frames")
def noun_frames(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Renault's 43% stake in Nissan", "its acquisition of Y", "a joint venture with Y"."""
    for token in ctx.tokens_in(sent):
        frame = _trigger_noun(token)
        if frame is None:
            continue
        rel, preps = frame
        if rel == "partners_with" and token.lemma_.lower() in {"deal", "agreement", "pact", "contract", "talk"}:
            other = next((c for c in [*token.children, *_verb_clauses(token)] if _names_other_deal(c)), None)
            if other is not None:
                frame = _verb_trigger(other)
                if frame is None or frame[0] != "merges_with" or any(c.dep_ == "dobj" for c in other.children):
                    continue
                rel = "merges_with"
        holders = _noun_holders(ctx, token)
        others = ctx.noun_objects(token, preps)
        if token.lemma_.lower() == "order":
            holders, others = others, holders
        if rel in {"merges_with", "partners_with"}:
            yield from _symmetric_noun(ctx, token, rel, holders, others)
            continue
        state = rel == "owns_stake" and any(c.dep_ == "poss" for c in token.children) and not _changed(token)
        for subj, obj in _pairs(holders, others):
            candidate = Candidate(subj, rel, obj, token, "noun_frames", state=state)
            yield _noun_attrs(candidate, token)
        if rel == "owns_stake" and holders and not others:
            verb = _holder_verb(token)
            others = ctx.objects(verb, ("in",)) if verb is not None else []
            for subj, obj in _pairs(holders, others):
                yield _noun_attrs(Candidate(subj, rel, obj, token, "noun_frames", state=state), token)
        if rel == "owns_stake" and holders and not others:
            for holder in holders:
                yield Candidate(holder, "owns_stake", holder, token, "dangling_stake",
                                {"percent": percent_near(token)}, state=state)


_CHANGE_VERBS = frozenset({"cut", "reduce", "lower", "trim", "raise", "increase", "lift", "boost", "pare", "halve",
                           "double"})


def _changed(stake: Token) -> bool:
    """"will cut its 43% stake to 15%": the sentence reports a change to the stake, not only that it is held."""
    verb = _holder_verb(stake)
    return verb is not None and verb.lemma_.lower() in _CHANGE_VERBS and any(
        c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)


_TAKING_VERBS = frozenset({"buy", "acquire", "purchase", "take"})


def _noun_attrs(candidate: Candidate, token: Token) -> Candidate:
    """Percent and amount of a noun-framed fact; buying a majority stake is an acquisition."""
    verb = _holder_verb(token)
    extra = [c for c in verb.children if c.dep_ in {"prep", "npadvmod", "dobj"}] if verb is not None else []
    if token.lemma_.lower() == "share":
        extra = []
    if candidate.type in {"owns_stake", "acquires"}:
        percent = percent_near(token, extra=extra)
        if percent is not None:
            candidate.attrs["percent"] = percent
        if candidate.type == "owns_stake" and percent is not None and percent > 50 and verb is not None \
                and verb.lemma_.lower() in _TAKING_VERBS:
            candidate.type = "acquires"
    if candidate.type in {"acquires", "invests_in"}:
        _money(candidate, token, extra)
    return candidate


def _symmetric_noun(ctx: DocContext, token: Token, rel: str, holders: list[Arg],
                    others: list[Arg]) -> Iterator[Candidate]:
    if token.lemma_.lower() in {"deal", "agreement", "pact"} and not others:
        return
    parties = holders + [o for o in others if o.candidates not in {h.candidates for h in holders}]
    if not parties:
        return
    if len(parties) == 1 and not holders:
        others = parties = parties + _named_after_and(ctx, parties[0])
    named_group = next((o for o in others if _is_alliance(ctx, o) and ctx.by_token.get(token.i) is not None
                        and ctx.by_token[token.i].candidates[:1] == list(o.candidates[:1])), None)
    if named_group is not None:
        for holder in holders:
            yield Candidate(holder, "member_of", named_group, token, "noun_frames")
        return
    pairs = list(_pairs(holders, others)) if holders and others else list(combinations(parties, 2))
    for left, right in pairs:
        candidate = Candidate(left, rel, right, token, "noun_frames", state=token.lemma_.lower() == "alliance"
                              and any(c.dep_ == "poss" for c in token.children))
        if rel == "partners_with":
            candidate.attrs["kind"] = _kind(token)
        yield candidate


def _named_after_and(ctx: DocContext, first: Arg) -> list[Arg]:
    """"the merger of Fiat Chrysler Automobiles and France's PSA" where the parse loses the second
    party: the name right after "and", past a possessive country or a descriptor ("U.S. producer")."""
    slot = ctx.by_token.get(first.token)
    if slot is None or slot.end >= len(ctx.doc) or ctx.doc[slot.end].lower_ != "and":
        return []
    i = slot.end + 1
    while i < len(ctx.doc) and i < slot.end + 5:
        nxt = ctx.by_token.get(i)
        if nxt is not None and nxt.candidates and ctx.entity_type(nxt.candidates[0]) == "ORG" and nxt.kind == "name":
            return [Arg((nxt.candidates[0],), nxt.kind, i)]
        if nxt is None and ctx.doc[i].pos_ not in {"NOUN", "ADJ", "PART", "DET"}:
            return []
        i = nxt.end if nxt is not None else i + 1
    return []


@relation_pattern("role_nouns")
def role_nouns(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Renault, its top shareholder", "X, a unit of Y", "its partner Renault", "X is a supplier to Y"."""
    for token in ctx.tokens_in(sent):
        lemma = _role_lemma(token)
        plural = token.tag_ in {"NNS", "VBZ"}
        if lemma not in ROLE_NOUNS or plural and not (
                _among(token) or _one_of(token) or _includes(token) or _named_list(ctx, token)):
            continue
        rel, bearer_is_subject = ROLE_NOUNS[lemma]
        if lemma == "owner" and any(c.lower_ in {"part", "co", "minority", "joint", "partial"} for c in token.children):
            rel, bearer_is_subject = "owns_stake", True
        if lemma == "business" and token.dep_ != "appos" and not any(c.dep_ == "appos" for c in token.children):
            continue
        if lemma == "part" and (token.head.lower_ == "as" or not (token.dep_ in {"attr", "oprd", "pobj"} and any(
                c.dep_ == "prep" and c.lower_ == "of" for c in token.children))):
            continue
        if token.i + 1 < sent.end and _percent_at(token.nbor(1)) is not None:
            continue
        bearers = _role_bearers(ctx, token)
        owner = _clause_owner(ctx, token) if rel == "subsidiary_of" else []
        if owner:
            bearers = [b for b in bearers if b.token not in {o.token for o in owner}] or \
                ctx.renamed_across_comma(token)
        others = [a for c in token.children if c.dep_ == "poss" for a in ctx.args(c)]
        others += [a for c in token.children if c.dep_ == "prep" and c.lower_ in {"of", "in", "to", "for", "at"}
                   for p in pobjs(c) for a in ctx.args(p)]
        named_before = [a for c in token.children if c.dep_ in {"compound", "nmod", "amod"} and c.i < token.i
                        for a in ctx.slot_args(c)]
        if not bearers and others and named_before and rel == "subsidiary_of":
            bearers = named_before
        else:
            others += named_before
        if not others and rel == "supplies":
            others = [a for c in token.children if c.dep_ == "prep" and c.lower_ in {"to", "for"}
                      for p in pobjs(c) for a in _product_owner(ctx, p)]
            others += [a for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)
                       for g in p.children if g.dep_ == "prep" and g.lower_ == "to" for q in pobjs(g)
                       for a in ctx.args(q)]
        if not others and token.dep_ == "attr":
            others = [a for c in token.head.children if c.dep_ == "prep" and c.lower_ in {"in", "of", "at"}
                      and c.i < token.i for p in pobjs(c) if p.tag_ in {"WDT", "WP"} for a in ctx.args(p)]
        if not others:
            others = _as_role_others(ctx, token)
        if not others and rel == "subsidiary_of":
            others = [a for c in token.children if c.dep_ in {"relcl", "acl"} for a in ctx.subjects(c)
                      if c.lemma_.lower() not in {"lead", "run", "head", "base"}] or owner
        others = [o for o in others if ctx.entity_type(o.candidates[0]) != "PLACE"]
        pairs = list(zip(bearers, others)) if plural and len(bearers) == len(others) > 1 and all(
            o.kind == "pronoun" for o in others) else list(_pairs(bearers, others))
        for bearer, other in pairs:
            if rel == "partners_with" and _plural_group(other, others):
                continue
            subj, obj = (bearer, other) if bearer_is_subject else (other, bearer)
            described = _descriptive(token)
            candidate = Candidate(subj, rel, obj, token, "role_nouns", state=described,
                                  scope=token if described else None)
            percent = percent_near(token) if rel == "owns_stake" else None
            if percent is not None:
                candidate.attrs["percent"] = percent
            yield candidate

        if rel == "partners_with" and len(others) > 1:
            yield from _junior_members(ctx, token, bearers, others)


def _role_lemma(token: Token) -> str | None:
    """The role noun a token is: its lemma as a noun, or "partners" the tagger took for a verb where it
    stands as a noun ("with its new alliance partners Air France, KLM and Delta")."""
    if token.pos_ == "NOUN":
        return token.lemma_.lower()
    if token.pos_ == "VERB" and token.dep_ in {"pobj", "dobj", "nsubj", "attr", "appos"} and token.lower_.endswith("s"):
        return token.lower_[:-1]
    return None


def _named_list(ctx: DocContext, token: Token) -> bool:
    """"its partners Air France, KLM and Delta": a plural role noun with the names it covers set beside it."""
    return any(c.dep_ == "appos" and ctx.slot_args(c) for c in token.children)


def _clause_owner(ctx: DocContext, unit: Token) -> list[Arg]:
    """"the unit Renault is carving out", "the lender that UniCredit has owned": the company whose
    clause follows a unit noun, read off the words where the parse loses the relative clause. A unit
    that already has an owner is followed by its own name ("Volkswagen's software unit Cariad has")."""
    doc = ctx.doc
    i = unit.i + 1
    if i < len(doc) and doc[i].lower_ in {"that", "which"}:
        i += 1
    slot = ctx.by_token.get(i)
    if slot is None or slot.start != i or slot.end >= len(doc) or any(c.dep_ == "poss" for c in unit.children):
        return []
    verb = doc[slot.end]
    if verb.pos_ not in {"AUX", "VERB"} or verb.lemma_.lower() in {"lead", "run", "head", "base", "say"}:
        return []
    return [a for a in ctx.slot_args(doc[i]) if ctx.entity_type(a.candidates[0]) == "ORG"]


def _descriptive(token: Token) -> bool:
    """An apposition or compound describes what holds ("Renault, its top shareholder"); a verb may not."""
    return token.dep_ in {"appos", "compound"} or any(c.dep_ == "appos" for c in token.children)


def _as_role_others(ctx: DocContext, token: Token) -> list[Arg]:
    """"X brought Y in as an investor": the verb's subject is the other party."""
    while token.dep_ == "conj" and token.head.pos_ == "NOUN":
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ == "VERB":
        return ctx.subjects(token.head.head)
    return []


def _plural_group(other: Arg, others: list[Arg]) -> bool:
    return other.kind == "pronoun" and sum(1 for o in others if o.token == other.token) > 1


def _junior_members(ctx: DocContext, token: Token, bearers: list[Arg], others: list[Arg]) -> Iterator[Candidate]:
    """"their junior partner, Mitsubishi" said of an alliance's members: the bearer joins that alliance."""
    group = ctx.alliance_of([o.candidates[0] for o in others])
    if group is None:
        return
    for bearer in bearers:
        yield Candidate(bearer, "member_of", Arg((group,), "name", token.i), token, "role_nouns", state=True)


def _includes(token: Token) -> bool:
    """"Rapidus, whose shareholders include Toyota and Denso"."""
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in {"include", "comprise"}


def _one_of(token: Token) -> bool:
    """"X, one of the largest suppliers of parts to Boeing"."""
    return token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ == "one"


def _among(token: Token) -> bool:
    """"counts X, Y and Z among its largest shareholders"."""
    return token.dep_ == "pobj" and token.head.lower_ == "among" and token.head.head.pos_ == "VERB"


def _role_bearers(ctx: DocContext, token: Token) -> list[Arg]:
    while token.dep_ == "conj" and token.head.pos_ == "NOUN":
        token = token.head
    if _one_of(token):
        token = token.head.head
    if _among(token):
        return [a for c in token.head.head.children if c.dep_ in {"dobj", "nsubjpass"} for a in ctx.args(c)]
    if _includes(token):
        return [a for c in token.head.children if c.dep_ == "dobj" for a in ctx.args(c)]
    if token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ == "VERB":
        verb = token.head.head
        named = [a for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} for a in ctx.args(c)]
        if not named and verb.lemma_.lower() in {"serve", "act", "work", "operate", "emerge", "remain"}:
            return ctx.subjects(verb)
        return named
    if token.dep_ == "appos":
        return ctx.slot_args(token.head) or ctx.args(token.head)
    apposed = [a for c in token.children if c.dep_ == "appos" for a in ctx.args(c)]
    if apposed:
        return apposed
    if token.dep_ == "compound" and ctx.slot_args(token.head):
        return ctx.slot_args(token.head)
    if token.dep_ in {"attr", "oprd"} and token.head.lemma_ in {"be", "become", "remain"}:
        return ctx.subjects(token.head)
    return ctx.renamed_across_comma(token)


@relation_pattern("possessed_companies")
def possessed_companies(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Alphabet's Google", "BT Group's EE": a company named as another's is its unit."""
    for token in ctx.tokens_in(sent):
        if token.dep_ != "poss" or token.head.pos_ != "PROPN" or token.head.text[:1].islower():
            continue
        owners = ctx.slot_args(token)
        units = ctx.slot_args(token.head)
        for unit, owner in _pairs(units, owners):
            if unit.kind == "name" and owner.kind == "name" and all(
                    ctx.entity_type(a.candidates[0]) == "ORG" for a in (unit, owner)):
                yield Candidate(unit, "subsidiary_of", owner, token.head, "role_nouns", state=True,
                                scope=token.head)


_OWNED_SUFFIXES = {"owned": "owns_stake", "controlled": "owns_stake", "backed": "invests_in"}


@relation_pattern("hyphen_owned")
def hyphen_owned(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Geely-owned Volvo Cars", "KKR-backed sensor maker Hensoldt", "Tata-controlled Air India": the
    name before the hyphen owns (a company owning also has it as a unit) or backs the one it
    describes, named within the next few words of the same noun phrase."""
    doc = ctx.doc
    for token in ctx.tokens_in(sent):
        rel = _OWNED_SUFFIXES.get(token.lower_)
        if rel is None or token.i < 2 or doc[token.i - 1].text != "-" or doc[token.i - 1].whitespace_:
            continue
        holders = ctx.slot_args(doc[token.i - 2])
        company = _described_company(ctx, token, sent)
        if not holders or company is None or holders[0].candidates[0] == company.candidates[0]:
            continue
        holder = holders[0]
        if rel == "invests_in":
            yield Candidate(holder, rel, company, token, "verb_frames", state=True)
        else:
            for candidate in _controlled(ctx, holder, company, token):
                candidate.state = True
                yield candidate


def _described_company(ctx: DocContext, modifier: Token, sent: Span) -> Arg | None:
    """The company named right after "X-owned", with only describing words between ("sensor maker")."""
    for i in range(modifier.i + 1, min(modifier.i + 5, sent.end)):
        slot = ctx.by_token.get(i)
        if slot is not None and slot.start == i and slot.kind == "name" and slot.candidates:
            if ctx.entity_type(slot.candidates[0]) != "ORG":
                return None
            return Arg((slot.candidates[0],), slot.kind, i)
        if ctx.doc[i].pos_ not in {"ADJ", "NOUN", "PROPN"} or ctx.doc[i].is_punct:
            return None
    return None


_BRAND_NOUNS = frozenset({"banner", "brand", "name", "label", "marque", "nameplate"})


@relation_pattern("brands")
def brands(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"runs 2,700 stores under banners including Ralphs and Fred Meyer", "whose stores operate under
    names including Safeway and Vons": the brands a company trades under are its own."""
    for token in ctx.tokens_in(sent):
        if token.lemma_.lower() not in _BRAND_NOUNS or token.tag_ != "NNS" or token.dep_ != "pobj" or \
                token.head.lower_ != "under" or token.head.head.pos_ not in {"VERB", "AUX"}:
            continue
        verb = token.head.head
        owners = ctx.subjects(verb)
        if not owners:
            owners = [a for c in verb.children if c.dep_ == "nsubj" for p in c.children if p.dep_ == "poss"
                      for a in ctx.args(p)]
        named = [a for c in token.children if c.dep_ == "prep" and c.lower_ in {"including", "like", "such"}
                 for p in [*pobjs(c), *(g for q in c.children if q.dep_ == "prep" for g in pobjs(q))]
                 for a in ctx.args(p)]
        named += [a for c in token.children if c.dep_ == "appos" for a in ctx.args(c)]
        for brand, owner in _pairs(named, owners):
            if ctx.entity_type(owner.candidates[0]) == "ORG" and brand.candidates[0] != owner.candidates[0]:
                yield Candidate(brand, "subsidiary_of", owner, token, "role_nouns", state=True)


@relation_pattern("leadership")
def leadership(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Renault CEO Luca de Meo", "de Meo, chief executive of Renault", "X named Y its chairman"."""
    found: dict[int, tuple[Arg, Token, list[Arg]]] = {}
    for token in ctx.tokens_in(sent):
        person = ctx.slot_args(token)
        if not person or ctx.entity_type(person[0].candidates[0]) != "PERSON" or token.i in found:
            continue
        slot = ctx.by_token[token.i]
        if token.i != _slot_root(ctx, slot).i:
            continue
        title, orgs = _title_and_orgs(ctx, token)
        yield from _appointed_as(ctx, person[0], token, title)
        if not orgs:
            read = read_title_words(ctx, slot)
            if read is not None and (read.orgs or title is None):
                if not read.orgs and read.implied:
                    read.orgs = _implied_org(ctx, token)
                yield from _titled(person[0], read)
                continue
        if title is not None:
            found[token.i] = (person[0], title, orgs)
    for index, (person, title, orgs) in found.items():
        if not orgs:
            orgs = _coordinated_orgs(ctx, ctx.doc[index], title, found) or _whose_org(ctx, ctx.doc[index])
        if not orgs and _corporate_title(title) and not _agent_of_leading(ctx.doc[index]):
            orgs = _implied_org(ctx, ctx.doc[index])
        elif orgs and all(o.kind == "descriptor" for o in orgs):
            orgs = _namesake(ctx, ctx.doc[index]) or orgs
        for org in orgs:
            if ctx.entity_type(org.candidates[0]) != "ORG":
                continue
            described = _descriptive_title(title)
            candidate = Candidate(person, "leads", org, title, "leadership", state=described,
                                  scope=ctx.doc[person.token] if described else None)
            candidate.attrs["title"] = _title_text(title)
            yield candidate


def _appointed_as(ctx: DocContext, person: Arg, token: Token, title: Token | None) -> Iterator[Candidate]:
    """"Unilever has appointed Hein Schumacher, chief executive of FrieslandCampina, as its next chief
    executive": the post a person is named to, beside the one an apposition gives them."""
    if token.dep_ not in {"dobj", "obj"}:
        return
    role = next((p for c in token.head.children if c.dep_ == "prep" and c.lower_ == "as" for p in pobjs(c)
                 if _is_title(p) or any(_is_title(g) for g in p.children if g.dep_ in {"compound", "amod"})), None)
    if role is None:
        return
    if not _is_title(role):
        role = next(g for g in role.children if g.dep_ in {"compound", "amod"} and _is_title(g))
    if title is not None and (title.i == role.i or title.head.i == role.i):
        return
    orgs = _orgs_of_title(ctx, role) or [a for a in ctx.subjects(token.head) if ctx.entity_type(a.candidates[0]) == "ORG"]
    for org in orgs:
        if ctx.entity_type(org.candidates[0]) == "ORG":
            yield Candidate(person, "leads", org, role, "leadership", attrs={"title": _title_text(role)})


_TITLE_HEADS = frozenset("""ceo cfo coo cto chairman chairwoman chairperson chair president founder co-founder
    cofounder director executive officer boss head""".split())
_TITLE_WORDS = _TITLE_HEADS | frozenset("""chief financial finance operating operations technology information
    investment marketing commercial risk legal digital strategy managing vice deputy co
    group senior interim acting non-executive general supervisory board and & - co-managing founding
    former incoming outgoing new then ex""".split())
_PAST_CUES = frozenset({"former", "ex", "then", "outgoing", "previous"})
_LINK_WORDS = frozenset("""is was has had have been now also currently still will be become became becomes
    serves served serve as named appointed the an a its""".split())


@dataclass
class TitleReading:
    """A title read off the words around a name: its words, the companies it names, and a status
    when the words alone tell it ("former", "who was", "will become")."""

    head: Token
    text: str
    orgs: list[Arg]
    status: str | None = None
    implied: bool = False


def read_title_words(ctx: DocContext, slot) -> TitleReading | None:  # type: ignore[no-untyped-def]
    """"SAS Chief Executive Anko van der Werff", "Meinrad Spenger, the co-founder and chief executive of
    MasMovil", "Sagar Adani, who is an executive director of Adani Green": titles read from the word
    order where the parse scatters them."""
    return _title_before(ctx, slot) or _title_after(ctx, slot)


def _title_run(doc, start: int, step: int, limit: int) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """The run of title words from `start` going `step` (+1 or -1); (first, last) in text order."""
    i = start
    while 0 <= i < limit and (doc[i].lower_ in _TITLE_WORDS or doc[i].lower_.startswith("co-")):
        i += step
    first, last = (i + 1, start) if step < 0 else (start, i - 1)
    while first <= last and doc[last].lower_ not in _TITLE_HEADS:
        last -= 1
    while first <= last and doc[first].lower_ in {"and", "&", "-"}:
        first += 1
    if first > last or not any(doc[k].lower_ in _TITLE_HEADS for k in range(first, last + 1)):
        return None
    return first, last


def _title_before(ctx: DocContext, slot) -> TitleReading | None:  # type: ignore[no-untyped-def]
    doc = ctx.doc
    run = _title_run(doc, slot.start - 1, -1, len(doc))
    if run is None or run[1] != slot.start - 1:
        return None
    first, last = run
    owner_end = first - 1 if first >= 1 and doc[first - 1].tag_ == "POS" else first
    owner = ctx.by_token.get(owner_end - 1)
    orgs = ctx.slot_args(doc[owner_end - 1]) if owner is not None and owner.end == owner_end else []
    return _reading(ctx, doc[first:last + 1], orgs, past=False)


def _title_after(ctx: DocContext, slot) -> TitleReading | None:  # type: ignore[no-untyped-def]
    doc = ctx.doc
    i = slot.end
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    relative = i < len(doc) and doc[i].lower_ == "who"
    past = planned = False
    if relative:
        i += 1
        while i < len(doc) and doc[i].lower_ in _LINK_WORDS:
            past = past or doc[i].lower_ in {"was", "had", "served"} and not _named_next(doc, i)
            planned = planned or doc[i].lower_ == "will"
            i += 1
    else:
        while i < len(doc) and doc[i].lower_ in {"the", "a", "an", "its"}:
            i += 1
    orgs: list[Arg] = []
    owner = ctx.by_token.get(i)
    if owner is not None and owner.start == i and owner.end < len(doc) and doc[owner.end].tag_ == "POS":
        orgs = ctx.slot_args(doc[i])
        i = owner.end + 1
    run = _title_run(doc, i, 1, len(doc))
    if run is None or run[0] != i and doc[i].lower_ not in _TITLE_WORDS:
        return None
    first, last = run
    after = last + 1
    if after + 1 < len(doc) and doc[after].lower_ in {"of", "at"}:
        orgs = orgs or [a for p in pobjs(doc[after]) for a in ctx.args(p)] or ctx.slot_args(doc[after + 1])
    reading = _reading(ctx, doc[first:last + 1], orgs, past=past)
    if reading is not None and planned:
        reading.status = "planned"
    return reading


def _named_next(doc, i: int) -> bool:  # type: ignore[no-untyped-def]
    """"who was named chief executive": a past appointment that still holds."""
    return any(doc[k].lower_ in {"named", "appointed"} for k in range(i + 1, min(i + 3, len(doc))))


def _reading(ctx: DocContext, words: Span, orgs: list[Arg], *, past: bool) -> TitleReading | None:
    orgs = [a for a in orgs if ctx.entity_type(a.candidates[0]) == "ORG"]
    lowered = [t.lower_ for t in words]
    text_tokens = [t for t in words if t.lower_ not in _PAST_CUES | {"new", "incoming"}]
    if not text_tokens:
        return None
    status = "ended" if past or set(lowered) & _PAST_CUES else None
    implied = not orgs and bool(set(lowered) & _CORPORATE_TITLES) and not any(
        t.ent_type_ in {"GPE", "NORP"} for t in words)
    text = words.doc[text_tokens[0].i:text_tokens[-1].i + 1].text
    return TitleReading(words[-1], text, orgs, status, implied)


def _titled(person: Arg, reading: TitleReading) -> Iterator[Candidate]:
    for org in reading.orgs:
        candidate = Candidate(person, "leads", org, reading.head, "leadership", {"title": reading.text},
                              state=reading.status is None, status=reading.status,
                              scope=reading.head if reading.status is None else None)
        yield candidate


_LEAD_VERBS = {"lead": None, "run": None, "head": None, "helm": None, "chair": "chairman", "found": "founder",
               "co-found": "co-founder", "cofound": "co-founder"}


@relation_pattern("board_seats")
def board_seats(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Brad Smith will join G42's board", "is expected to join Chevron's board", "joined the board of X",
    "takes a seat on X's board": a board member."""
    for verb in ctx.tokens_in(sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in {"join", "take", "get", "win", "gain"}:
            continue
        boards = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() == "board"]
        boards += [p for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() == "seat"
                   for q in c.children if q.dep_ == "prep" and q.lower_ == "on" for p in pobjs(q)
                   if p.lemma_.lower() == "board"]
        orgs = [a for b in boards for c in b.children if c.dep_ == "poss" for a in ctx.args(c)]
        orgs += [a for b in boards for c in b.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)
                 for a in ctx.args(p)]
        for person, org in _pairs(ctx.subjects(verb), orgs):
            if ctx.entity_type(person.candidates[0]) == "PERSON" and ctx.entity_type(org.candidates[0]) == "ORG":
                yield Candidate(person, "leads", org, verb, "leadership", {"title": "board member"})


@relation_pattern("leadership_verbs")
def leadership_verbs(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Santos, run by chief executive Kevin Gallagher", "Sultan Al Jaber also chairs XRG", "who founded X"."""
    for verb in ctx.tokens_in(sent):
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in _LEAD_VERBS:
            continue
        agents = [p for c in verb.children if c.dep_ == "agent" for p in pobjs(c)]
        if agents:
            people = [a for p in agents for a in ctx.args(p)]
            orgs = [a for c in verb.children if c.dep_ == "nsubjpass" for a in ctx.args(c)]
            if not orgs and verb.dep_ in {"acl", "relcl"}:
                orgs = ctx.args(verb.head)
            if not orgs and verb.dep_ == "advcl" and verb.tag_ == "VBN":
                orgs = ctx.subjects(verb.head)
            if not orgs and verb.dep_ == "conj":
                orgs = [a for c in verb.head.children if c.dep_ in {"nsubjpass", "nsubj"} for a in ctx.args(c)]
                if not orgs and verb.head.dep_ in {"acl", "relcl"}:
                    orgs = ctx.args(verb.head.head)
        else:
            people = ctx.subjects(verb)
            orgs = [a for c in verb.children if c.dep_ == "dobj" for a in ctx.args(c)]
        for person, org in _pairs(people, orgs):
            if ctx.entity_type(person.candidates[0]) != "PERSON" or ctx.entity_type(org.candidates[0]) != "ORG":
                continue
            title, _ = _title_and_orgs(ctx, ctx.doc[person.token])
            describes = verb.dep_ in {"acl", "relcl"} or verb.tag_ in {"VBZ", "VBP"}
            candidate = Candidate(person, "leads", org, verb, "leadership", state=describes,
                                  scope=verb if describes else None)
            name = _title_text(title) if title is not None else _LEAD_VERBS[lemma]
            if name:
                candidate.attrs["title"] = name
            yield candidate


def _descriptive_title(title: Token) -> bool:
    """"Renault CEO Luca de Meo", "de Meo, Renault's chief executive": the title holds now."""
    node = title
    while node.dep_ in {"compound", "amod", "nmod"} and node.head.i != node.i:
        node = node.head
    return node.dep_ not in {"attr", "oprd", "pobj", "xcomp"} and not (
        node.dep_ == "appos" and node.head.dep_ in {"pobj"})


def _coordinated_orgs(ctx: DocContext, token: Token, title: Token,
                      found: dict[int, tuple[Arg, Token, list[Arg]]]) -> list[Arg]:
    """"Renault CEO Luca de Meo and chairperson Jean-Dominique Senard": the second shares the first's org."""
    for conj in token.conjuncts:
        if conj.i in found and found[conj.i][2]:
            return found[conj.i][2]
    before = title.i - 1
    while before >= 0 and ctx.doc[before].lower_ in {"and", ",", "its"}:
        before -= 1
    for index, (_, _, orgs) in found.items():
        if orgs and before >= 0 and ctx.by_token.get(before) is ctx.by_token.get(index) is not None:
            return orgs
    return []


def _whose_org(ctx: DocContext, person: Token) -> list[Arg]:
    """"Equinor, whose chief executive Anders Opedal ...": the name "whose" stands for."""
    whose = next((c for c in person.children if c.dep_ == "poss" and c.lower_ == "whose"), None)
    if whose is None:
        return []
    clause = next((a for a in whose.ancestors if a.dep_ == "relcl"), None)
    if clause is not None:
        return ctx.args(clause.head)
    if whose.i >= 2 and ctx.doc[whose.i - 1].text == ",":
        return ctx.slot_args(ctx.doc[whose.i - 2])
    return []


_CORPORATE_TITLES = frozenset({"ceo", "cfo", "coo", "cto", "chief", "executive", "chairman", "chairwoman",
                               "chairperson", "founder", "co-founder", "cofounder"})


def _corporate_title(title: Token) -> bool:
    """A title only a company gives ("chief executive", "founder"), with no country on it ("U.S. President")."""
    words = {title.lower_} | {c.lower_ for c in title.children if c.dep_ in {"compound", "amod"}}
    return bool(words & _CORPORATE_TITLES) and not any(
        t.ent_type_ in {"GPE", "NORP"} for t in title.doc[title.left_edge.i:title.i])


def _implied_org(ctx: DocContext, person: Token) -> list[Arg]:
    """"Chief executive Duncan Wanblad said": a bare title is the company the story is about at that
    point: a company named after the person, the company subject of the sentence, one it names, the
    previous sentence's company subject, else the company named most often before it."""
    sent = ctx.sentence(person)
    index = ctx.sents.index(sent)
    named = [a for t in ctx.tokens_in(sent) if t.i != person.i for a in ctx.slot_args(t)]
    previous = _subject_companies(ctx, ctx.sents[index - 1], person) if index else []
    for found in (_namesake(ctx, person), _clause_companies(ctx, person), _subject_companies(ctx, sent, person),
                  named, previous):
        found = [a for a in found if ctx.entities[a.candidates[0]].is_company]
        if found:
            return [Arg(found[0].candidates, "implied", person.i)]
    counts: dict[int, int] = {}
    for slot in ctx.slots:
        if slot.start >= person.i:
            break
        if slot.kind in {"name", "descriptor"} and slot.candidates and ctx.entities[slot.candidates[0]].is_company:
            counts[slot.candidates[0]] = counts.get(slot.candidates[0], 0) + 1
    if not counts:
        return []
    best = max(counts, key=lambda e: counts[e])
    return [Arg((best,), "implied", person.i)]


def _clause_companies(ctx: DocContext, person: Token) -> list[Arg]:
    """The company subject, or the owner of the subject, of the nearest clause above the person that
    has one: "OpenAI's reshaped board had made progress since the upheaval when chief executive Sam
    Altman was fired"."""
    node = person
    for _ in range(8):
        if node.head.i == node.i:
            return []
        node = node.head
        if node.pos_ not in {"VERB", "AUX"}:
            continue
        for subj in (c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != person.i
                     and person not in c.subtree):
            found = [a for a in ctx.args(subj) if ctx.entities[a.candidates[0]].is_company]
            found = found or [a for c in subj.children if c.dep_ == "poss" for a in ctx.args(c)
                              if ctx.entities[a.candidates[0]].is_company]
            if found:
                return found
    return []


def _agent_of_leading(person: Token) -> bool:
    """"Three UK is run by chief executive Robert Finnie": the verb names the company, not the context."""
    return person.dep_ == "pobj" and person.head.dep_ == "agent" and \
        person.head.head.lemma_.lower() in _LEAD_VERBS


def _namesake(ctx: DocContext, person: Token) -> list[Arg]:
    """"founder Gautam Adani" and the Adani Group, "John Hess" and Hess: a company named after the person."""
    slot = ctx.by_token.get(person.i)
    if slot is None or not slot.candidates:
        return []
    words = ctx.entities[slot.candidates[0]].name.split()
    if len(words) < 2:
        return []
    surname = words[-1].lower()
    found = [e.index for e in ctx.entities if e.is_company and e.name.split()[0].lower() == surname]
    return [Arg((found[0],), "implied", person.i)] if len(found) == 1 else []


def _subject_companies(ctx: DocContext, sent: Span, person: Token) -> list[Arg]:
    subjects = [a for c in sent.root.children if c.dep_ in {"nsubj", "nsubjpass"} for a in ctx.args(c)]
    return [a for a in subjects if a.token != person.i]


def _slot_root(ctx: DocContext, slot) -> Token:  # type: ignore[no-untyped-def]
    return ctx.doc[slot.start:slot.end].root


def _is_title(token: Token) -> bool:
    return token.lower_ in TITLE_NOUNS or token.lemma_.lower() in TITLE_NOUNS or (
        token.lower_ == "officer" and any(c.lower_ == "executive" for c in token.children))


def _title_and_orgs(ctx: DocContext, person: Token) -> tuple[Token | None, list[Arg]]:
    named = _named_title(person)
    if named is not None:
        return named, _orgs_of_title(ctx, named) or _naming_orgs(ctx, named.head)
    for child in person.children:
        if child.dep_ in {"compound", "amod", "nmod"} and child.i < person.i and _is_title(child):
            start = person.head.left_edge.i if person.dep_ == "conj" and _is_title(person.head) else person.left_edge.i
            left = ctx.doc[min(start, person.left_edge.i):child.i]
            return child, _orgs_of_title(ctx, child) or [a for t in left for a in ctx.slot_args(t)
                                                         if ctx.entity_type(a.candidates[0]) == "ORG"]
    candidates = [c for c in person.children if c.dep_ == "appos"]
    if person.dep_ == "appos":
        candidates.append(person.head)
    if person.dep_ in {"nsubj", "nsubjpass"}:
        candidates += [c for c in person.head.children if c.dep_ in {"attr", "oprd"}]
        candidates += [p for c in person.head.children if c.dep_ == "prep" and c.lower_ == "as" for p in pobjs(c)]
    if person.dep_ == "dobj":
        candidates += [c for c in person.head.children if c.dep_ in {"oprd", "xcomp"}]
        candidates += [p for c in person.head.children if c.dep_ == "prep" and c.lower_ == "as" for p in pobjs(c)]
    for cand in candidates:
        title = cand if _is_title(cand) else next((c for c in cand.children if c.dep_ in {"compound", "amod"}
                                                   and _is_title(c)), None)
        if title is not None:
            orgs = _orgs_of_title(ctx, cand) or _orgs_of_title(ctx, title)
            if not orgs and person.dep_ == "dobj":
                orgs = ctx.subjects(person.head)
            return title, orgs
    return None, []


def _named_title(person: Token) -> Token | None:
    """"elected Jeff Gennette chief executive officer", "elects Jeff Gennette CEO": the parse hangs the
    person on the title the naming verb gives them."""
    title = person.head
    if person.dep_ in {"compound", "nmod"} and title.i > person.i and _is_title(title) and named_to(title):
        return title
    return None


def _naming_orgs(ctx: DocContext, verb: Token) -> list[Arg]:
    """The company that names someone: the verb's subject, or the company whose board does ("its
    board of directors has elected")."""
    return _deciders(ctx, verb, companies=True)


def _orgs_of_title(ctx: DocContext, title: Token) -> list[Arg]:
    orgs = [a for c in title.children if c.dep_ in {"compound", "poss", "nmod"} for a in ctx.slot_args(c)]
    orgs += [a for c in title.children if c.dep_ == "prep" and c.lower_ in {"of", "at"} for p in pobjs(c)
             for a in ctx.args(p)]
    return [a for a in orgs if ctx.entity_type(a.candidates[0]) == "ORG"]


_TITLE_MODIFIERS = frozenset("""chief executive financial finance operating operations technology information
    investment marketing commercial risk strategy legal digital managing vice deputy co""".split())
"""Words before a title that belong to it: "finance chief" is a chief financial officer, not a boss."""


def _title_text(title: Token) -> str:
    """The words of a title: "chief executive", "finance chief", "chairman and chief executive"."""
    words = [c for c in title.children if c.dep_ in {"compound", "amod"} and c.i < title.i
             and (c.lower_ in TITLE_NOUNS or c.lower_ in _TITLE_MODIFIERS)]
    start = min([title.i, *(w.i for w in words)])
    while start > 0 and title.doc[start - 1].lower_ in _TITLE_MODIFIERS - {"co"}:
        start -= 1
    end = max([title.i, *(c.i for c in title.children if c.dep_ == "conj" and _is_title(c))])
    return title.doc[start:end + 1].text


@relation_pattern("nationality")
def nationality(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"the French automaker Renault", "China's Geely", "Tokyo-based Sony", "X, based in Y"."""
    seen: set[int] = set()
    for slot in ctx.slots:
        if slot.start < sent.start or slot.start >= sent.end or slot.kind == "pronoun" or not slot.candidates:
            continue
        entity = slot.candidates[0]
        if ctx.entity_type(entity) != "ORG" or ctx.entities[entity].group_members:
            continue
        span = ctx.doc[slot.start:slot.end]
        country = nationality_of(span, ctx.gaz, named=slot.kind == "name")
        if country and (entity, span.root.i) not in seen:
            seen.add(entity)
            place = ctx.place(country)
            yield Candidate(Arg((entity,), slot.kind, span.root.i), "based_in", Arg((place,), "name", span.root.i),
                            span.root, "nationality", status="asserted")
    for token in ctx.tokens_in(sent):
        if token.lower_.endswith(("-based", "-headquartered")) and token.dep_ in {"amod", "compound"}:
            yield from _one_token_seat(ctx, token)
            continue
        if token.lower_ not in SEAT_WORDS:
            continue
        places = [a for c in token.children if c.dep_ in {"npadvmod", "compound", "nmod"} for a in ctx.slot_args(c)]
        places += [a for c in token.children if c.dep_ == "prep" and c.lower_ in {"in", "at"} for p in pobjs(c)
                   for a in ctx.args(p) or _place_of(ctx, p)]
        if not places and token.i >= 2 and token.nbor(-1).text == "-":
            places = ctx.slot_args(token.nbor(-2))
        places += [a for p in places for c in ctx.doc[p.token].children if c.dep_ == "appos"
                   for a in ctx.slot_args(c)]
        places += [a for p in places for a in _city_before(ctx, p)]
        places = [p for p in places if ctx.entity_type(p.candidates[0]) == "PLACE"]
        if token.dep_ in {"amod", "acl"}:
            orgs = ctx.slot_args(token.head) if token.head.pos_ == "PROPN" else ctx.args(token.head)
            if not orgs and token.head.dep_ in {"attr", "appos"}:
                orgs = ctx.subjects(token.head.head) if token.head.dep_ == "attr" else ctx.args(token.head.head)
        else:
            orgs = [a for c in token.children if c.dep_ in {"nsubjpass", "nsubj"} for a in ctx.args(c)]
        for org, place in _pairs(orgs, places):
            if ctx.entity_type(org.candidates[0]) == "ORG":
                yield Candidate(org, "based_in", place, token, "nationality", status="asserted")


_PLACE_NOUNS = frozenset({"city", "town", "state", "province", "region", "capital", "suburb", "port"})


def _place_of(ctx: DocContext, noun: Token) -> list[Arg]:
    """"the western Indian city of Ahmedabad": the place a place noun names."""
    if noun.lemma_.lower() not in _PLACE_NOUNS:
        return []
    return [a for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)
            for a in ctx.args(p)]


@relation_pattern("national_lists")
def national_lists(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"other South Korean companies ..., including LG Electronics", "Japanese carmakers such as Toyota
    and Honda": a nationality on a plural company noun covers the companies it lists."""
    for noun in ctx.tokens_in(sent):
        if noun.tag_ != "NNS" or noun.lemma_.lower() not in _SEATED_NOUNS | {"carmaker", "automaker", "chipmaker"}:
            continue
        words = [c for c in noun.children if c.dep_ in {"amod", "compound", "nmod"} and c.ent_type_ in {"NORP", "GPE"}]
        country = next((ctx.gaz.country_of_word(ctx.doc[w.left_edge.i:w.i + 1].text) or
                        ctx.gaz.country_of_word(w.text) for w in words), None)
        if country is None:
            continue
        listed = [a for c in noun.subtree if c.dep_ == "prep" and (c.lower_ in {"including", "like"} or (
                  c.lower_ == "as" and any(g.lower_ == "such" for g in c.children))) for p in pobjs(c)
                  for a in ctx.args(p)]
        place = Arg((ctx.place(country),), "name", noun.i)
        for company in listed:
            if ctx.entity_type(company.candidates[0]) == "ORG" and company.kind == "name":
                yield Candidate(company, "based_in", place, noun, "nationality", status="asserted")


@relation_pattern("headquarters")
def headquarters(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Seagen, whose headquarters are in Bothell, Washington", "Nokia's headquarters in Espoo"."""
    for noun in ctx.tokens_in(sent):
        if noun.lemma_.lower() not in {"headquarters", "headquarter", "hq"} or noun.pos_ not in {"NOUN", "PROPN"}:
            continue
        owners = [a for c in noun.children if c.dep_ == "poss" for a in ctx.args(c)]
        preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}]
        if noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
            preps += [c for c in noun.head.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}]
        places = [a for prep in preps for p in pobjs(prep) for a in ctx.args(p) or _place_of(ctx, p)]
        places += [a for p in places for a in _city_before(ctx, p)]
        places += [a for p in list(places) for c in ctx.doc[p.token].children if c.dep_ == "appos"
                   for a in ctx.slot_args(c)]
        for org, place in _pairs(owners, places):
            if ctx.entity_type(org.candidates[0]) == "ORG" and ctx.entity_type(place.candidates[0]) == "PLACE":
                yield Candidate(org, "based_in", place, noun, "nationality", status="asserted")


def _one_token_seat(ctx: DocContext, token: Token) -> Iterator[Candidate]:
    """"U.S.-based Albemarle", tokenised as one word."""
    country = ctx.gaz.country_of_word(token.text.rsplit("-", 1)[0])
    if country is None:
        return
    place = Arg((ctx.place(country),), "name", token.i)
    for org in ctx.slot_args(token.head):
        if ctx.entity_type(org.candidates[0]) == "ORG":
            yield Candidate(org, "based_in", place, token, "nationality", status="asserted")


def _city_before(ctx: DocContext, place: Arg) -> list[Arg]:
    """"Santa Clara, California-based": the city named before the state or country."""
    slot = ctx.by_token.get(place.token)
    if slot is None or slot.start < 2 or ctx.doc[slot.start - 1].text != "," or \
            not ctx.gaz.is_region(ctx.doc[slot.start:slot.end].text):
        return []
    city = ctx.by_token.get(slot.start - 2)
    if city is None or not city.candidates or ctx.entity_type(city.candidates[0]) != "PLACE":
        return []
    return [Arg((city.candidates[0],), city.kind, slot.start - 2)]


_SEATED_NOUNS = frozenset(
    """company firm group maker manufacturer producer automaker carmaker chipmaker bank lender insurer miner
    airline carrier retailer publisher developer operator startup conglomerate utility drugmaker planemaker
    fund agency organisation organization institute institution university school college club team band
    museum station network newspaper broadcaster label studio association society council authority
    regulator exchange foundation charity""".split()
)


@relation_pattern("seat")
def seat(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"X is a private golf club in Portland", "Santos, an oil company in Adelaide": where a body sits."""
    for token in ctx.tokens_in(sent):
        if token.pos_ != "NOUN" or token.lemma_.lower() not in _SEATED_NOUNS or token.tag_ != "NN":
            continue
        if token.dep_ == "attr" and token.head.lemma_ == "be":
            bodies = [a for c in token.head.children if c.dep_ == "nsubj" for a in ctx.args(c)]
        elif token.dep_ == "appos":
            bodies = ctx.slot_args(token.head)
        else:
            continue
        places = [a for c in token.children if c.dep_ == "prep" and c.lower_ == "in" for p in pobjs(c)
                  for a in ctx.args(p)]
        for body, place in _pairs(bodies, places):
            if ctx.entity_type(body.candidates[0]) == "ORG" and ctx.entity_type(place.candidates[0]) == "PLACE":
                yield Candidate(body, "based_in", place, token, "nationality", status="asserted")


@relation_pattern("alliances")
def alliances(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """Members of a known alliance named or described in the sentence ("their alliance")."""
    for token in ctx.tokens_in(sent):
        if token.lemma_.lower() not in {"alliance", "consortium", "partnership"} or token.pos_ != "NOUN":
            continue
        members = [a for c in token.children if c.dep_ in {"poss", "compound"} for a in ctx.args(c)]
        members += [a for c in token.children if c.dep_ == "prep" and c.lower_ in {"between", "of"}
                    for p in pobjs(c) for a in ctx.args(p)]
        group = ctx.alliance_of([m.candidates[0] for m in members])
        if group is None or len(members) < 2:
            continue
        ctx.entities[group].add_alias(token.doc[token.left_edge.i:token.i + 1].text)
        for member in members:
            yield Candidate(member, "member_of", Arg((group,), "name", token.i), token, "alliances", state=True)


_BID_NOUNS = frozenset({"proposal", "offer", "bid", "approach", "overture"})
_RECEIVE_VERBS = frozenset({"receive", "reject", "rebuff", "spurn", "consider", "weigh", "welcome", "accept",
                            "review", "get", "turn"})


@relation_pattern("approaches")
def approaches(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Santos said it had received a takeover proposal from a consortium led by XRG", "rejected a bid
    from X": who receives a bid is its target."""
    for verb in ctx.tokens_in(sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _RECEIVE_VERBS:
            continue
        for bid in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _BID_NOUNS):
            froms = [c for c in [*bid.children, *verb.children] if c.dep_ == "prep" and c.lower_ == "from"]
            bidders = [a for prep in froms for p in pobjs(prep) for a in ctx.args(p)] or _bid_owners(ctx, bid)
            if not bidders or any(c.dep_ == "prep" and c.lower_ in {"for", "of"} for c in bid.children):
                continue
            status = status_of(bid)
            targets = [t for t in _deciders(ctx, verb) if t.candidates[:1] != bidders[0].candidates[:1]]
            for bidder, target in _pairs(bidders, targets):
                candidate = Candidate(bidder, "acquires", target, bid, "noun_frames",
                                      status="proposed" if status == "asserted" else status)
                yield _with_attrs(candidate, bid)


def _bid_owners(ctx: DocContext, bid: Token) -> list[Arg]:
    """"rejected Microsoft's buyout offer", "rebuffed its approach", "rejects Cypress offer": the bidder
    named on the bid itself."""
    return [a for c in bid.children if c.dep_ in {"poss", "compound"} for a in ctx.slot_args(c) or ctx.args(c)]


def _deciders(ctx: DocContext, verb: Token, *, companies: bool = False) -> list[Arg]:
    """Who decides: the verb's subject, or the company whose board does ("Yahoo's board rejected", "its
    board of directors has elected"); with `companies`, companies only."""
    def kept(args: list[Arg]) -> list[Arg]:
        return [a for a in args if not companies or ctx.entity_type(a.candidates[0]) == "ORG"]

    subjects = kept(ctx.subjects(verb))
    if subjects:
        return subjects
    boards = [c for c in verb.children if c.dep_ in {"nsubj", "compound"} and c.lemma_.lower() in {"board", "director"}]
    return kept([a for board in boards for c in board.children if c.dep_ in {"poss", "compound"}
                 for a in ctx.slot_args(c) or ctx.args(c)])


_MEMBER_VERBS = frozenset({"include", "comprise", "count"})


@relation_pattern("consortia")
def consortia(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"a consortium led by XRG", "the consortium includes ADQ and Carlyle", "Alongside XRG, the group
    includes ...", "counts GIP among its members": the members of a group of companies."""
    for token in ctx.tokens_in(sent):
        slot = ctx.by_token.get(token.i)
        if token.pos_ == "NOUN" and slot is not None and slot.entity is not None and \
                ctx.entities[slot.entity].group_members:
            group = Arg((slot.entity,), slot.kind, token.i)
            for leader in consortium_leaders(token, ctx.by_token):
                yield Candidate(Arg((leader,), "name", token.i), "member_of", group, token, "alliances", state=True)
        if token.pos_ != "VERB" or token.lemma_.lower() not in _MEMBER_VERBS:
            continue
        groups = [g for g in ctx.subjects(token) if _is_alliance(ctx, g)]
        members = [a for c in token.children if c.dep_ == "dobj" for a in ctx.args(c)]
        members += [a for c in token.children if c.dep_ == "prep" and c.lower_ in {"alongside", "besides"}
                    for p in pobjs(c) for a in ctx.args(p)]
        for member, group in _pairs(members, groups):
            if ctx.entity_type(member.candidates[0]) == "ORG" and member.candidates[0] != group.candidates[0]:
                yield Candidate(member, "member_of", group, token, "alliances")


_SALE_VERBS = frozenset({"sell", "divest", "offload", "unload"})
_PART_NOUNS = frozenset({"%", "percent", "stake", "majority", "interest", "holding", "share", "shares", "rest",
                         "remainder", "control", "half", "third", "quarter", "fifth", "part"})


@relation_pattern("sales")
def sales(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Vodafone agreed to sell Vodafone Spain to Zegona", "sold 80% of ASN to the French state": the buyer
    acquires what is sold."""
    for verb in ctx.tokens_in(sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _SALE_VERBS:
            continue
        buyers = ctx.objects(verb, ("to",))
        sold = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        if not sold and verb.dep_ in {"acl", "relcl"}:
            sold = [verb.head]
        targets = [a for node in sold for a in _sold_companies(ctx, node)]
        for buyer, target in _pairs(buyers, targets):
            yield _with_attrs(Candidate(buyer, "acquires", target, verb, "verb_frames"), verb)


_BUY_WORDS = frozenset({"buy", "acquire", "purchase", "acquisition", "takeover", "buyout"})
_CONTROL_PARTS = frozenset({"majority", "control"})


@relation_pattern("sellers")
def sellers(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"Intel to sell a majority of Altera", "its purchase of Arm from SoftBank": a company sold whole or
    in control belongs to the seller until the sale is done, and is no longer its unit after."""
    for token in ctx.tokens_in(sent):
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and (lemma in _SALE_VERBS or _spins_off(token)):
            owners = ctx.subjects(token)
            sold = [c for c in token.children if c.dep_ == "dobj"]
            sold += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "as" for p in pobjs(c)]
        elif lemma in _BUY_WORDS and token.pos_ in {"VERB", "NOUN"}:
            owners = [a for prep in _from_preps(token) for p in pobjs(prep) for a in ctx.args(p)]
            sold = [c for c in token.children if c.dep_ == "dobj"] if token.pos_ == "VERB" else \
                [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)]
        else:
            continue
        units = [a for node in sold if _sold_in_control(node) for a in _sold_companies(ctx, node)]
        if not owners or not units:
            continue
        status = "ended" if status_of(token) == "asserted" else "asserted"
        for owner, unit in _pairs(owners, units):
            if unit.candidates[0] != owner.candidates[0]:
                yield Candidate(unit, "subsidiary_of", owner, token, "sellers", status=status)


def _spins_off(verb: Token) -> bool:
    """"spun off its cereal business as WK Kellogg Co", "will demerge De Beers", "carve out Ampere"."""
    lemma = verb.lemma_.lower()
    particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    return lemma == "demerge" or lemma == "spin" and "off" in particles or lemma == "carve" and "out" in particles


def _from_preps(token: Token) -> list[Token]:
    """"buy Arm from SoftBank", "purchase of Arm from SoftBank" (the "from" may hang on the object)."""
    preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"]
    for child in token.children:
        if child.dep_ == "dobj" or child.dep_ == "prep" and child.lower_ == "of":
            for node in [child, *pobjs(child)]:
                preps += [c for c in node.children if c.dep_ == "prep" and c.lower_ == "from"]
    return preps


def _sold_in_control(node: Token) -> bool:
    """The company itself, a majority or control of it, or more than half: not a minority stake."""
    if not (node.lemma_.lower() in _PART_NOUNS or node.lower_ in _PART_NOUNS):
        return True
    if node.lemma_.lower() in _CONTROL_PARTS:
        return True
    percent = percent_near(node)
    return percent is not None and percent > 50


def _sold_companies(ctx: DocContext, node: Token) -> list[Arg]:
    """The company a sold thing is or is part of: "Altera", "80% of ASN", "its stake in X", "its unit, Y"."""
    if node.lemma_.lower() in _PART_NOUNS or node.lower_ in _PART_NOUNS:
        return [a for c in node.children if c.dep_ == "prep" and c.lower_ in {"of", "in"}
                for p in pobjs(c) for a in ctx.args(p)]
    return ctx.args(node)


@relation_pattern("payments")
def payments(ctx: DocContext, sent: Span) -> Iterator[Candidate]:
    """"paid $700 million for a 4.99% stake in Xpeng" (an investment, and the stake it buys), "to pay
    $8.6 billion for the rest of Hulu" (an acquisition: the rest, a majority or the whole company),
    "will pay Comcast $8.6 billion for its 33% stake in Hulu" (a stake bought from its holder is an
    acquisition of that part, not money put into the company)."""
    for verb in ctx.tokens_in(sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() != "pay":
            continue
        payers = ctx.subjects(verb)
        from_holder = any(c.dep_ in {"dobj", "dative"} and ctx.slot_args(c) and
                          ctx.entity_type(ctx.slot_args(c)[0].candidates[0]) == "ORG" for c in verb.children)
        for prep in [*verb.children, *(g for c in verb.children if c.dep_ == "dobj" for g in c.children)]:
            if prep.dep_ != "prep" or prep.lower_ != "for":
                continue
            for bought in pobjs(prep):
                lemma = bought.lemma_.lower()
                part = lemma in _PART_NOUNS or bought.lower_ in _PART_NOUNS
                rel = "invests_in" if part and lemma not in {"rest", "remainder", "majority", "control"} \
                    and not from_holder else "acquires"
                for payer, target in _pairs(payers, _sold_companies(ctx, bought)):
                    yield _with_attrs(Candidate(payer, rel, target, verb, "verb_frames"), verb)
                    if rel == "invests_in":
                        stake = Candidate(payer, "owns_stake", target, verb, "verb_frames")
                        percent = percent_near(bought)
                        if percent is not None:
                            stake.attrs["percent"] = percent
                        yield stake


_REPLACING = frozenset({"replace", "succeed"})


def predecessors(ctx: DocContext, candidates: list[Candidate]) -> Iterator[Candidate]:
    """"Michael Rhodes took over as chief executive, replacing Roger Hochschild", "Paul Thwaite, who
    replaced Alison Rose as chief executive": the person a new holder replaces or succeeds led the
    same company and no longer does (ended); when the change is still to come ("will succeed"), the
    predecessor leads until then (asserted, data/ANNOTATION.md). The predecessor keeps the title the
    sentence gives them ("replaces CEO Schumacher with finance chief Fernandez")."""
    own_titles = {(c.subject.candidates[0], c.object.candidates[0], c.trigger.sent.start): c.attrs["title"]
                  for c in candidates if c.type == "leads" and "title" in c.attrs}
    for candidate in candidates:
        if candidate.type != "leads":
            continue
        sent = candidate.trigger.sent
        holder = set(candidate.subject.candidates)
        for verb in sent:
            if verb.lemma_.lower() not in _REPLACING or verb.pos_ != "VERB":
                continue
            for child in verb.children:
                if child.dep_ not in {"dobj", "obj"}:
                    continue
                for arg in ctx.args(child):
                    person = arg.candidates[0]
                    if person in holder or ctx.entity_type(person) != "PERSON":
                        continue
                    status = "asserted" if _to_come(verb) else "ended"
                    title = own_titles.get((person, candidate.object.candidates[0], sent.start),
                                           candidate.attrs.get("title"))
                    yield Candidate(arg, "leads", candidate.object, verb, "replaced",
                                    attrs={"title": title} if title else {}, status=status)


def _to_come(verb: Token) -> bool:
    """"will succeed", "is to replace", "would replace": the change has not happened yet."""
    node = verb
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in {"will", "would", "shall", "to"} for c in node.children):
            return True
        if node.dep_ not in {"xcomp", "advcl", "conj", "relcl"} or node.head.i == node.i:
            return False
        node = node.head
    return False


def _controlled(ctx: DocContext, holder: Arg, company: Arg, verb: Token) -> Iterator[Candidate]:
    """"Grupo Mexico, controlled by billionaire German Larrea", "SIA, controlled by state lender CDP": a
    person or family who owns or controls a company holds a stake in it; a company that does holds a
    stake and has it as a unit (in train, control sentences give owns_stake for 99 of 99 person
    holders, and owns_stake for 231, subsidiary_of for 192 of 334 company holders)."""
    yield Candidate(holder, "owns_stake", company, verb, "verb_frames")
    if ctx.entity_type(holder.candidates[0]) == "ORG":
        yield Candidate(company, "subsidiary_of", holder, verb, "verb_frames")


def with_successors(ctx: DocContext, candidates: list[Candidate]) -> list[Candidate]:
    """`candidates` with what `successors` reads; a successor's post at the company replaces the
    one the same sentence gives them there before the change ("finance chief Fernandez")."""
    taken = list(successors(ctx, candidates))
    moved = {(c.subject.candidates[0], c.object.candidates[0], c.trigger.sent.start) for c in taken}
    kept = [c for c in candidates if c.type != "leads"
            or (c.subject.candidates[0], c.object.candidates[0], c.trigger.sent.start) not in moved]
    return kept + taken


def successors(ctx: DocContext, candidates: list[Candidate]) -> Iterator[Candidate]:
    """"Quincey is due to succeed Muhtar Kent as chief executive", "Faury, who succeeded Tom Enders in
    April 2019", "Mokady ... was succeeded as chief executive by Matt Cohen": whoever succeeds or
    replaces a person takes the post the "as" phrase names ("succeeds him as eBay's chief
    executive"), else the one the article has that person leading; planned while the change is
    still to come. A predecessor read leading more than one company gives nothing; a founder's
    title is not a post one succeeds to."""
    posts: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.type == "leads" and candidate.pattern != "replaced":
            posts.setdefault(candidate.subject.candidates[0], []).append(candidate)
    for sent in ctx.sents:
        for verb in ctx.tokens_in(sent):
            if verb.lemma_.lower() not in _REPLACING or verb.pos_ != "VERB":
                continue
            role = next((p for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for p in pobjs(c)
                         if _is_title(p)), None)
            title = _title_text(role) if role is not None else None
            named = [(org, title, None) for org in _orgs_of_title(ctx, role)[:1]] if role is not None else []
            news, olds = _successions(ctx, verb)
            for new in news:
                if ctx.entity_type(new.candidates[0]) != "PERSON":
                    continue
                taken = [p for old in olds if ctx.entity_type(old.candidates[0]) == "PERSON"
                         and old.candidates[0] != new.candidates[0]
                         for p in named or _post_held(title, posts.get(old.candidates[0], []), sent)]
                if not taken and verb.lemma_.lower() == "succeed":
                    taken = named
                for org, post_title, held in taken[:1]:
                    candidate = Candidate(new, "leads", org, verb, "succession",
                                          status="planned" if _to_come(verb) else "asserted",
                                          follows=held.trigger if held else None)
                    if post_title:
                        candidate.attrs["title"] = post_title
                    yield candidate


def _successions(ctx: DocContext, verb: Token) -> tuple[list[Arg], list[Arg]]:
    """The new holders and the predecessors of a succeed/replace verb: active, passive ("was
    succeeded by"), and a company replacing one person with another ("replaces CEO Schumacher with
    Fernandez")."""
    if any(c.dep_ in {"agent", "auxpass", "nsubjpass"} for c in verb.children):
        news = [a for c in verb.children if c.dep_ == "agent" for p in pobjs(c) for a in ctx.args(p)]
        olds = [a for c in verb.children if c.dep_ == "nsubjpass" for a in ctx.args(c)] \
            or (ctx.subjects(verb.head) if verb.dep_ == "conj" else [])
        return news, olds
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    olds = [a for c in objects for a in ctx.args(c)]
    news = [a for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for p in pobjs(c)
            for a in ctx.args(p)] or ctx.subjects(verb)
    if not olds and any(c.lower_ in {"him", "her"} for c in objects):
        olds = _person_before(ctx, verb, {a.candidates[0] for a in news})
    return news, olds


def _person_before(ctx: DocContext, verb: Token, others: set[int]) -> list[Arg]:
    """Whom "succeed him" means: the last person named before the verb in its sentence, or in the
    sentence before, who is not the successor."""
    index = ctx.sents.index(ctx.sentence(verb))
    first = ctx.sents[max(index - 1, 0)].start
    for i in range(verb.i - 1, first - 1, -1):
        slot = ctx.by_token.get(i)
        if slot is not None and slot.kind == "name" and slot.candidates and slot.candidates[0] not in others \
                and ctx.entity_type(slot.candidates[0]) == "PERSON":
            return [Arg((slot.candidates[0],), "pronoun", i)]
    return []


def _post_held(title: str | None, held: list[Candidate],
               sent: Span) -> list[tuple[Arg, str | None, Candidate | None]]:
    """The company and title a successor takes when the "as" phrase names no company, and the
    predecessor's post read: the one company the predecessor is read leading (in this sentence if
    any, else in the article), with the "as" phrase's title if it gives one."""
    here = [c for c in held if c.trigger.sent == sent]
    chosen = here or held
    if len({c.object.candidates[0] for c in chosen}) != 1:
        return []
    post = min(chosen, key=lambda c: _founded(c.attrs.get("title")))
    held_title = post.attrs.get("title")
    return [(post.object, title or (None if _founded(held_title) else held_title), post)]  # type: ignore[list-item]


def _founded(title: object) -> bool:
    return "founder" in str(title or "").lower()
