"""Resolving descriptive mentions ("the Japanese automaker") and pronouns ("its") to entities."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from spacy.tokens import Doc, Span, Token

from alliancegraph.names import name_key
from alliancegraph.nlp import Gazetteer
from alliancegraph.resolve._antecedents import GENERIC_NOUNS, AntecedentRanker, CandidateFacts, feature_row
from alliancegraph.resolve._groups import group_entity
from alliancegraph.resolve._mentions import DocEntity, Slot
from alliancegraph.resolve._typing import SEAT_WORDS

__all__ = ["DESCRIPTOR_NOUNS", "DescriptorResolver", "clause_subject", "nationality_of", "seat_country"]

# head noun -> industries it fits (empty: any company)
DESCRIPTOR_NOUNS: dict[str, frozenset[str]] = {
    **{w: frozenset({"automotive"}) for w in ("automaker", "carmaker", "automobile", "manufacturer_auto")},
    **{w: frozenset({"semiconductors"}) for w in ("chipmaker", "foundry")},
    **{w: frozenset({"banking", "finance"}) for w in ("bank", "lender")},
    "insurer": frozenset({"insurance"}),
    "miner": frozenset({"mining"}),
    "airline": frozenset({"airline"}),
    "drugmaker": frozenset({"pharma", "biotech"}),
    "retailer": frozenset({"retail", "consumer"}),
    "grocer": frozenset({"retail"}),
    "broadcaster": frozenset({"media"}),
    "studio": frozenset({"media"}),
    "planemaker": frozenset({"aerospace"}),
    "shipper": frozenset({"shipping", "logistics"}),
    "utility": frozenset({"energy"}),
    "telco": frozenset({"telecom"}),
    "operator": frozenset(),
    "carrier": frozenset({"airline", "telecom", "shipping", "logistics"}),
    "company": frozenset(),
    "firm": frozenset(),
    "group": frozenset(),
    "giant": frozenset(),
    "conglomerate": frozenset({"conglomerate"}),
    "maker": frozenset(),
    "manufacturer": frozenset(),
    "producer": frozenset(),
    "supplier": frozenset(),
    "startup": frozenset(),
    "developer": frozenset(),
    "designer": frozenset(),
    "partner": frozenset(),
    "major": frozenset({"energy", "pharma"}),
    "automaker": frozenset({"automotive"}),
    "steelmaker": frozenset({"steel", "mining", "industrial"}),
    "shipbuilder": frozenset({"industrial", "shipping", "defence"}),
    "refiner": frozenset({"energy", "chemicals"}),
    "explorer": frozenset({"energy", "mining"}),
    "brewer": frozenset({"food", "consumer"}),
    "publisher": frozenset({"media", "news"}),
    "reinsurer": frozenset({"insurance", "finance"}),
    "brokerage": frozenset({"finance", "banking"}),
    "bourse": frozenset({"finance"}),
    "chain": frozenset({"retail", "food", "consumer"}),
    "biotech": frozenset({"biotech", "pharma"}),
    "fintech": frozenset({"finance", "banking", "internet", "software"}),
    "trader": frozenset(),
    "investor": frozenset(),
    "start-up": frozenset(),
}
_COMPOUND_INDUSTRY = {
    "oil": {"energy"}, "gas": {"energy"}, "energy": {"energy"}, "power": {"energy"}, "chip": {"semiconductors"},
    "car": {"automotive"}, "auto": {"automotive"}, "steel": {"steel", "mining"}, "mining": {"mining"},
    "drug": {"pharma", "biotech"}, "pharmaceutical": {"pharma", "biotech"}, "software": {"software", "internet"},
    "tech": {"software", "internet", "semiconductors", "telecom"}, "technology": {"software", "internet",
    "semiconductors", "telecom"}, "media": {"media"}, "telecom": {"telecom"}, "telecoms": {"telecom"},
    "aircraft": {"aerospace"}, "plane": {"aerospace"}, "defence": {"defence", "aerospace"},
    "defense": {"defence", "aerospace"}, "shipping": {"shipping"}, "container": {"shipping"},
    "battery": {"automotive", "industrial", "chemicals"}, "platinum": {"mining"}, "copper": {"mining"},
    "iron": {"mining", "steel"}, "coal": {"mining"}, "diamond": {"mining"}, "gold": {"mining"}, "retail": {"retail"}, "insurance": {"insurance"},
    "investment": {"finance", "banking"}, "lithium": {"mining", "chemicals"}, "semiconductor": {"semiconductors"},
    "entertainment": {"media"}, "streaming": {"media", "internet"}, "e-commerce": {"internet", "retail"},
}
_UNNAMED_MODIFIERS = frozenset({"new", "combined", "merged", "enlarged", "joint", "proposed", "future", "planned",
                                "resulting"})
_SINGULAR_PRONOUNS = frozenset({"it", "its"})
_PLURAL_PRONOUNS = frozenset({"they", "their", "them"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_REPORTING = frozenset({"say", "report", "tell", "add", "write", "note"})


def clause_subject(token: Token) -> Token | None:
    """The subject of the clause a token sits in, following control ("wants X to sell") upwards."""
    verb: Token | None = token
    while verb is not None:
        if verb.pos_ in {"VERB", "AUX"} or verb.dep_ == "ROOT":
            subj = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS and token not in c.subtree), None)
            if subj is not None and verb.lemma_.lower() not in _REPORTING:
                return subj
            if verb.dep_ == "xcomp":
                obj = next((c for c in verb.head.children if c.dep_ in {"dobj", "obj"}), None)
                if obj is not None and token not in obj.subtree:
                    return obj
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


class DescriptorResolver:
    """Links descriptive noun phrases and pronouns to entities named in the document.

    Call with the doc, its entities and their named slots; returns the new slots.
    """

    def __init__(self, gaz: Gazetteer, *, max_sentences_back: int = 3, ranker: AntecedentRanker | None = None,
                 observed: list | None = None) -> None:
        """`ranker` orders the companies a description may stand for (else the hand-written order);
        with `observed`, a list, every description's candidates and feature rows are appended to it
        (train/antecedents.py)."""
        self.gaz = gaz
        self.max_sentences_back = max_sentences_back
        self.ranker = ranker
        self.observed = observed

    def __call__(self, doc: Doc, entities: list[DocEntity], slots: list[Slot]) -> list[Slot]:
        self._sents = list(doc.sents)
        self._sent_start = [0] * len(doc)
        self._sent_index = [0] * len(doc)
        for index, sent in enumerate(self._sents):
            self._sent_start[sent.start:sent.end] = [sent.start] * (sent.end - sent.start)
            self._sent_index[sent.start:sent.end] = [index] * (sent.end - sent.start)
        self._learn_countries(doc, entities, slots)
        self._salience = _salience(entities, slots, self._sent_index)
        by_token = {i: s for s in slots for i in range(s.start, s.end)}
        added: list[Slot] = []
        for chunk in _descriptor_spans(doc):
            if any(i in by_token and entities[by_token[i].candidates[0]].type != "PLACE"
                   for i in range(chunk.start, chunk.end)):
                continue
            slot = self._bare_group(chunk, entities, slots) or self._descriptor(chunk, entities, slots, by_token)
            if slot is not None:
                added.append(slot)
                entities[slot.candidates[0]].add_alias(chunk.text)
                for i in range(slot.start, slot.end):
                    by_token[i] = slot
        for token in doc:
            if token.i not in by_token and token.lemma_.lower() in {"alliance", "consortium"} and token.tag_ == "NN" \
                    and any(c.lower_ == "the" for c in token.children):
                group = _named_group_before(token, entities, slots)
                if group is None and token.lemma_.lower() == "alliance":
                    group = self._known_alliance(token, entities, slots)
                if group is not None:
                    slot = Slot(token.left_edge.i, token.i + 1, "descriptor", [group])
                    added.append(slot)
                    entities[group].add_alias(doc[slot.start:slot.end].text)
                    for i in range(slot.start, slot.end):
                        by_token[i] = slot
                continue
            if token.i not in by_token and _plural_descriptor(token):
                pair = self._recent_pair(token, entities, by_token)
                if pair:
                    slot = Slot(token.left_edge.i, token.i + 1, "plural", pair)
                    added.append(slot)
                    for i in range(slot.start, slot.end):
                        by_token[i] = slot
                continue
            if token.i in by_token or token.lower_ not in _SINGULAR_PRONOUNS | _PLURAL_PRONOUNS:
                continue
            slot = self._pronoun(token, entities, by_token)
            if slot is not None:
                added.append(slot)
                by_token[token.i] = slot
        return added

    def _known_alliance(self, token: Token, entities: list[DocEntity], slots: list[Slot]) -> int | None:
        """"the alliance" in a story naming two of its members before it: the gazetteer's alliance of theirs,
        added to the document's entities if the text never names it."""
        names = set()
        for slot in slots:
            if slot.start < token.i and slot.kind == "name" and slot.entity is not None \
                    and entities[slot.entity].type == "ORG":
                names |= {name_key(entities[slot.entity].name), *(name_key(a) for a in entities[slot.entity].aliases)}
        scored = [(len(names & keys), group) for group, keys in self.gaz.member_keys if group.kind == "alliance"]
        count, group = max(scored, key=lambda s: s[0], default=(0, None))
        if group is None or count < 2:
            return None
        return group_entity(entities, group.name, group.members)

    def _bare_group(self, chunk: Span, entities: list[DocEntity], slots: list[Slot]) -> Slot | None:
        """"The group, which also counts ...": a bare "the group" just after a consortium is that consortium."""
        if len(chunk) != 2 or chunk.root.lemma_.lower() != "group" or chunk[0].lower_ != "the":
            return None
        index = next(i for i, s in enumerate(self._sents) if s.start <= chunk.start < s.end)
        horizon = self._sents[max(0, index - 1)].start
        for slot in sorted(slots, key=lambda s: -s.start):
            if horizon <= slot.start < chunk.start and slot.entity is not None and \
                    entities[slot.entity].name.endswith(" consortium") and entities[slot.entity].group_members:
                return Slot(chunk.start, chunk.end, "descriptor", [slot.entity])
        return None

    def _learn_countries(self, doc: Doc, entities: list[DocEntity], slots: list[Slot]) -> None:
        """'China's Geely', 'the French automaker Renault', 'Tokyo-based X': the text's word wins."""
        for slot in slots:
            entity = entities[slot.candidates[0]]
            if entity.type != "ORG":
                continue
            span = doc[slot.start:slot.end]
            country = nationality_of(span, self.gaz, named=slot.kind == "name")
            if country:
                entity.country = country
            elif entity.country is None:
                entity.country = seat_country(span, self.gaz)
            if slot.kind == "name":
                entity.city = seat_city(span, self.gaz) or entity.city

    def _descriptor(self, chunk: Span, entities: list[DocEntity], slots: list[Slot],
                    by_token: dict[int, Slot]) -> Slot | None:
        root = chunk.root
        industries = set(DESCRIPTOR_NOUNS.get(root.lemma_.lower(), frozenset()))
        for tok in chunk:
            if tok.dep_ in {"compound", "amod"} and tok.lower_ in _COMPOUND_INDUSTRY:
                industries = set(_COMPOUND_INDUSTRY[tok.lower_])
        countries = frozenset(c for t in chunk if t.ent_type_ in {"NORP", "GPE"} or t.pos_ == "ADJ"
                              for c in [self.gaz.country_of_word(t.text)] if c)
        appos = _apposed_slot(root, by_token)
        if appos is not None and not entities[appos].is_company:
            appos = None
        if appos is None:
            appos = _set_off_after_name(chunk, entities, by_token)
        if appos is not None:
            return Slot(chunk.start, chunk.end, "descriptor", [appos])
        maker = _maker_of_product(chunk, entities, by_token)
        if maker is not None:
            return Slot(chunk.start, chunk.end, "descriptor", [maker])
        ranked = self._rank(chunk, entities, slots, industries, countries, seat=seat_country(chunk, self.gaz),
                            city=seat_city(chunk, self.gaz))
        return Slot(chunk.start, chunk.end, "descriptor", ranked[:1]) if ranked else None

    def _rank(self, chunk: Span, entities: list[DocEntity], slots: list[Slot], industries: set[str],
              countries: frozenset[str], *, seat: str | None = None, city: str | None = None) -> list[int]:
        """Entities the descriptor may name, best first. One of `countries` must match ("the
        German-Spanish turbine maker" is either); `seat` (the country of the city in "the Adelaide-based
        company") and `city` rule out companies the text puts elsewhere and put those known to be there
        first (a gazetteer's city only orders: news may name the big city next to a head office in its
        suburb)."""
        sents = self._sents
        sent_index = next(i for i, s in enumerate(sents) if s.start == self._sent_start[chunk.start])
        constrained = bool(countries or industries or seat)
        horizon = 0 if constrained else sents[max(0, sent_index - self.max_sentences_back)].start
        co_args = _co_argument_entities(chunk.root, slots, entities)
        before, after = [], []
        for slot in slots:
            entity = entities[slot.candidates[0]]
            if not entity.is_company or entity.is_state or entity.index in co_args:
                continue
            if countries and entity.country not in countries or seat and entity.country not in {None, seat}:
                continue
            if city and entity.city and name_key(entity.city) != name_key(city):
                continue
            if industries and entity.industry and entity.industry not in industries:
                continue
            if slot.start < chunk.start and slot.start >= horizon:
                before.append((slot.start, entity.index))
            elif slot.start > chunk.end and constrained and slot.start < sents[min(len(sents) - 1,
                                                                                    sent_index + 1)].end:
                after.append((slot.start, entity.index))
        mentions: dict[int, int] = {}
        for slot in slots:
            if slot.start < chunk.start and slot.kind == "name" and slot.candidates:
                mentions[slot.candidates[0]] = mentions.get(slot.candidates[0], 0) + 1
        if self.ranker is not None or self.observed is not None:
            learned = self._learned_order(chunk, entities, slots, before, after, mentions,
                                          industries=industries, countries=countries, seat=seat)
            if self.ranker is not None:
                return learned
        ordered = [e for _, e in sorted(before, key=lambda p: (mentions.get(p[1], 0), p[0]), reverse=True)]
        if _is_subject(chunk.root) and sent_index > 0:
            previous = self._subject_entities(sents[sent_index - 1], slots)
            ordered.sort(key=lambda e: e not in previous)
        ordered += [e for _, e in sorted(after)]
        if seat:
            ordered.sort(key=lambda e: entities[e].country != seat)
        if city:
            ordered.sort(key=lambda e: name_key(entities[e].city or entities[e].known_city or "") != name_key(city))
        return list(dict.fromkeys(ordered))

    def _learned_order(self, chunk: Span, entities: list[DocEntity], slots: list[Slot],
                       before: list[tuple[int, int]], after: list[tuple[int, int]], mentions: dict[int, int], *,
                       industries: set[str], countries: frozenset[str], seat: str | None) -> list[int]:
        """The candidates ordered by the learned ranker (when there is one); with `observed` set,
        each description's candidates and their rows are kept for training."""
        nearest: dict[int, int] = {}
        for start, entity in before:
            nearest[entity] = max(start, nearest.get(entity, -1))
        for start, entity in after:
            nearest.setdefault(entity, -1)
        candidates = list(nearest)
        if not candidates:
            return []
        sent_index = self._sent_index[chunk.start]
        order = sorted((e for e in candidates if nearest[e] >= 0), key=lambda e: -nearest[e])
        counts, top, first, headline = self._salience
        previous = self._subject_entities(self._sents[sent_index - 1], slots) if sent_index > 0 else set()
        current = {e for e in self._subject_entities(self._sents[sent_index], slots)
                   if any(s.start < chunk.start and s.candidates[:1] == [e] for s in slots)}
        lemma = chunk.root.lemma_.lower()
        rows = []
        for entity in candidates:
            e = entities[entity]
            start = nearest[entity]
            facts = CandidateFacts(
                sentences_back=sent_index - self._sent_index[start] if start >= 0 else -1,
                tokens_back=chunk.start - start if start >= 0 else 0,
                recency=order.index(entity) if start >= 0 else len(order),
                mentions_before=mentions.get(entity, 0), mentions_in_document=counts.get(entity, 0),
                most_mentioned=counts.get(entity, 0) == top > 0, in_headline=entity in headline,
                first_company=first == entity,
                subject_of_previous=entity in previous, subject_of_current=entity in current,
                description_is_subject=_is_subject(chunk.root),
                last_role=_role(chunk.doc[start]) if start >= 0 else "",
                country=("fits" if e.country in countries else "unknown") if countries else "",
                industry=("fits" if e.industry in industries else "unknown") if industries else "",
                seat_fits=bool(seat) and e.country == seat, generic_noun=lemma in GENERIC_NOUNS,
                is_group=bool(e.group_members), group_noun=lemma in {"group", "consortium", "alliance"})
            rows.append(feature_row(facts))
        if self.observed is not None:
            self.observed.append((chunk, candidates, rows))
        if self.ranker is None:
            return []
        scores = self.ranker.scores(rows)
        return [candidates[i] for i in np.argsort(-scores, kind="stable")]

    @staticmethod
    def _subject_entities(sent: Span, slots: list[Slot]) -> set[int]:
        """Entities named as the subject of a sentence's main clause."""
        subjects = [c for c in sent.root.children if c.dep_ in _SUBJECT_DEPS]
        subjects += [c for s in subjects for c in s.conjuncts]
        positions = {t.i for s in subjects for t in s.subtree if t.dep_ not in {"relcl", "acl", "appos"}}
        return {s.entity for s in slots if s.entity is not None and s.start in positions}

    def _pronoun(self, token: Token, entities: list[DocEntity], by_token: dict[int, Slot]) -> Slot | None:
        if _names_an_event(token):
            return None
        plural = token.lower_ in _PLURAL_PRONOUNS
        ranked: list[int] = [] if plural else (_listed_owner(token, by_token) or _reporter(token, by_token)
                                               or _speaker(token, by_token))
        node: Token | None = token
        seen: set[int] = set()
        while node is not None:
            subj = clause_subject(node)
            if subj is None or subj.i in seen:
                break
            seen.add(subj.i)
            group = _entities_of(subj, by_token, entities)
            if plural and len(group) > 1:
                return Slot(token.i, token.i + 1, "plural", group)
            ranked.extend(e for e in group if entities[e].is_company)
            node = subj.head.head if subj.head.head.i != subj.head.i else None
        if not ranked and not plural:
            ranked.extend(self._last_subject(token, entities, by_token))
        for slot in _slots_before(token, by_token, horizon=self._sent_start[token.i] - 400):
            if slot.kind == "plural":
                if plural:
                    return Slot(token.i, token.i + 1, "plural", list(slot.candidates))
                continue
            entity = slot.entity
            if entity is not None and entities[entity].is_company:
                ranked.append(entity)
        ranked = list(dict.fromkeys(ranked))
        if plural:
            pair = self._recent_pair(token, entities, by_token)
            return Slot(token.i, token.i + 1, "plural", pair) if pair else None
        if not ranked:
            return None
        return Slot(token.i, token.i + 1, "pronoun", ranked[:4])

    def _last_subject(self, token: Token, entities: list[DocEntity], by_token: dict[int, Slot]) -> list[int]:
        """"Scale supplies labelled data to OpenAI and Google. Its backers include Accel": a pronoun that
        opens its sentence, before any company of it, stands for the last sentence's subject."""
        index = next(i for i, s in enumerate(self._sents) if s.start <= token.i < s.end)
        sent = self._sents[index]
        if index == 0 or any(by_token.get(i) is not None for i in range(sent.start, token.i)):
            return []
        previous = self._sents[index - 1]
        slots = list({id(by_token[i]): by_token[i] for i in range(previous.start, previous.end) if i in by_token}.values())
        return [e for e in sorted(self._subject_entities(previous, slots)) if entities[e].is_company][:1]

    def _recent_pair(self, token: Token, entities: list[DocEntity], by_token: dict[int, Slot]) -> list[int]:
        """"the two carmakers", "their partnership": the last two companies named in this or the last sentence."""
        index = next(i for i, s in enumerate(self._sents) if s.start <= token.i < s.end)
        start = self._sents[max(0, index - 1)].start
        recent: list[int] = []
        for i in range(token.i - 1, start - 1, -1):
            slot = by_token.get(i)
            if slot is None or slot.kind not in {"name", "descriptor"} or slot.entity is None:
                continue
            if entities[slot.entity].is_company and slot.entity not in recent:
                recent.append(slot.entity)
            if len(recent) == 2:
                return recent
        return []


_EVENT_NOUNS = frozenset("""acquisition purchase takeover merger deal transaction move step bid offer investment
    sale agreement combination transfer listing buyout spree approach""".split())
_EVENT_VERBS = frozenset({"follow", "come", "mark", "cap", "value"})


def _names_an_event(pronoun: Token) -> bool:
    """"It is Safran's biggest purchase since ...", "It follows a similar deal", "It values Activision at":
    an "it" that stands for the deal, not for a company."""
    if pronoun.lower_ != "it" or pronoun.dep_ != "nsubj":
        return False
    verb = pronoun.head
    if verb.lemma_ in _EVENT_VERBS:
        return True
    return verb.lemma_ == "be" and any(c.dep_ == "attr" and c.lemma_.lower() in _EVENT_NOUNS
                                       for c in verb.children)


def _reporter(pronoun: Token, by_token: dict[int, Slot]) -> list[int]:
    """"Mitsubishi Motors, in which Nissan owns a stake, said it would invest": the subject "it" of
    what a company says is that company."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj" or verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in _REPORTING:
        return []
    return _named_subject(verb.head, by_token)


def _named_subject(verb: Token, by_token: dict[int, Slot]) -> list[int]:
    """The entity the verb's subject names by name, if it does."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    slot = by_token.get(subject.i) if subject is not None else None
    if slot is None or slot.kind != "name" or slot.entity is None:
        return []
    return [slot.entity]


def _speaker(pronoun: Token, by_token: dict[int, Slot]) -> list[int]:
    """"Tesla, which has a supply deal with Panasonic, said its pact with LG Chem was smaller": an "its"
    in what a company says, in a clause with no subject of its own, is the speaker's."""
    if pronoun.lower_ != "its":
        return []
    node = pronoun.head
    for _ in range(6):
        if node.pos_ in {"VERB", "AUX"} and node.lemma_.lower() not in _REPORTING and any(
                c.dep_ in _SUBJECT_DEPS and pronoun not in c.subtree for c in node.children):
            return []
        if node.lemma_.lower() in _REPORTING and node.pos_ == "VERB":
            return _named_subject(node, by_token)
        if node.head.i == node.i:
            return []
        node = node.head
    return []


def _listed_owner(pronoun: Token, by_token: dict[int, Slot]) -> list[int]:
    """"Renault, including its Dacia brand": "its" is the company the "including" phrase hangs on."""
    node = pronoun.head
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.lower_ in {"including", "like", "as"}:
            owner = by_token.get(node.head.head.i)
            if owner is not None and owner.kind == "name" and owner.entity is not None:
                return [owner.entity]
            return []
        if node.head.i == node.i:
            return []
        node = node.head
    return []


def _salience(entities: list[DocEntity], slots: list[Slot],
              sent_index: list[int]) -> tuple[dict[int, int], int, int | None, set[int]]:
    """How prominent each entity is in the document, for the antecedent ranker: its named mentions,
    the most any company has, the first company named, and the entities the headline names."""
    named = [s for s in slots if s.kind == "name" and s.candidates]
    counts: dict[int, int] = {}
    for slot in named:
        counts[slot.candidates[0]] = counts.get(slot.candidates[0], 0) + 1
    top = max((n for e, n in counts.items() if entities[e].is_company), default=0)
    first = next((s.candidates[0] for s in named if entities[s.candidates[0]].is_company), None)
    headline = {s.candidates[0] for s in named if sent_index[s.start] == 0}
    return counts, top, first, headline


def _role(token: Token) -> str:
    """The role of a mention, by its first token's place in the parse."""
    node = token
    while node.dep_ in {"compound", "flat"} and node.head.i != node.i:
        node = node.head
    if node.dep_ in _SUBJECT_DEPS:
        return "subject"
    if node.dep_ in {"dobj", "pobj", "attr", "obj", "dative"}:
        return "object"
    if node.dep_ == "poss":
        return "possessor"
    return "modifier" if node.dep_ in {"amod", "nmod", "appos", "npadvmod"} else ""


def _is_subject(root: Token) -> bool:
    """"The Zurich-based lender said", "The Zurich-based lender's shares fell": the descriptor opens its clause."""
    node = root.head if root.dep_ == "poss" else root
    return node.dep_ in _SUBJECT_DEPS


def _slots_before(token: Token, by_token: dict[int, Slot], *, horizon: int) -> Iterator[Slot]:
    """Slots that start before `token` and not before token index `horizon`, nearest first."""
    seen: set[int] = set()
    for i in range(token.i - 1, max(-1, horizon - 1), -1):
        slot = by_token.get(i)
        if slot is not None and id(slot) not in seen and slot.start < token.i:
            seen.add(id(slot))
            if slot.start >= horizon:
                yield slot


def _named_group_before(token: Token, entities: list[DocEntity], slots: list[Slot]) -> int | None:
    """"the alliance": the alliance or consortium last named before it."""
    for slot in sorted(slots, key=lambda s: -s.start):
        if slot.start < token.i and slot.entity is not None and entities[slot.entity].group_members:
            return slot.entity
    return None


def _plural_descriptor(token: Token) -> bool:
    """"the two carmakers", "both companies": a pair of companies named just before."""
    if token.tag_ != "NNS" or token.lemma_.lower() not in DESCRIPTOR_NOUNS:
        return False
    words = {c.lower_ for c in token.children if c.dep_ in {"det", "predet", "nummod"}}
    return "both" in words or {"the", "two"} <= words


def _descriptor_spans(doc: Doc) -> list[Span]:
    """Definite singular noun phrases headed by a company word: "the Japanese automaker", "its French partner",
    or by any noun a seat makes a company: "the San Jose-based target", "the Leeds-based chain".

    A possessive one ("its ...") counts only for "partner" with a nationality, the one case it names a company.
    """
    spans = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or token.tag_ != "NN":
            continue
        span = _with_city_before(doc[token.left_edge.i:token.i + 1])
        if lemma not in DESCRIPTOR_NOUNS and not any(t.lower_ in SEAT_WORDS for t in span[:-1]):
            continue
        first = span[0].lower_
        if first not in {"the", "its", "their"}:
            continue
        if first in {"its", "their"} and lemma != "partner":
            continue
        if lemma == "partner" and not any(t.ent_type_ in {"NORP", "GPE"} for t in span):
            continue
        if any(t.lower_ in _UNNAMED_MODIFIERS and not t.ent_type_ for t in span):
            continue
        spans.append(span)
    return spans


def _entity_start(doc: Doc, i: int) -> int:
    """The first token of the entity token i lies in (i itself outside any entity)."""
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _with_city_before(span: Span) -> Span:
    """"The Thousand Oaks, California-based company": the whole description, where the parse hung
    "California-based company" on the city as an apposition."""
    doc = span.doc
    if span.start < 3 or doc[span.start - 1].text != "," or not span[0].ent_type_ \
            or not any(t.lower_ in SEAT_WORDS for t in span[:-1]):
        return span
    first = _entity_start(doc, span.start - 2)
    if not doc[first].ent_type_:
        return span
    if doc[first].lower_ != "the" and first > 0 and doc[first - 1].lower_ == "the":
        first -= 1
    return doc[first:span.end] if doc[first].lower_ == "the" else span


def _entities_of(token: Token, by_token: dict[int, Slot], entities: list[DocEntity]) -> list[int]:
    """The entities a subject token refers to, its coordinated siblings included."""
    out: list[int] = []
    for tok in [token, *token.conjuncts]:
        slot = by_token.get(tok.i)
        if slot is not None and slot.candidates:
            out.extend(slot.candidates if slot.kind == "plural" else slot.candidates[:1])
    return list(dict.fromkeys(out))


def _maker_of_product(chunk: Span, entities: list[DocEntity], by_token: dict[int, Slot]) -> int | None:
    """"the iPhone maker" where the text also says "Apple's iPhones" or "Apple iPhone": the company
    the document ties that product to."""
    root = chunk.root
    if root.lemma_.lower() not in {"maker", "producer", "manufacturer", "developer", "owner"}:
        return None
    product = next((c for c in root.children if c.dep_ == "compound" and c.pos_ in {"PROPN", "NOUN"}
                    and c.lower_ not in _COMPOUND_INDUSTRY), None)
    if product is None:
        return None
    word = product.lower_.rstrip("s")
    owners = []
    for token in chunk.doc:
        if token.i in range(chunk.start, chunk.end) or token.lower_.rstrip("s") != word:
            continue
        for child in token.children:
            slot = by_token.get(child.i)
            if child.dep_ in {"poss", "compound"} and slot is not None and slot.kind == "name" and \
                    slot.entity is not None and entities[slot.entity].is_company:
                owners.append(slot.entity)
    return owners[0] if owners and len(set(owners)) == 1 else None


def _apposed_slot(root: Token, by_token: dict[int, Slot]) -> int | None:
    if root.dep_ == "appos" and root.head.i in by_token:
        return by_token[root.head.i].entity
    for child in root.children:
        if child.dep_ == "appos" and child.i in by_token:
            return by_token[child.i].entity
    return None


def _set_off_after_name(chunk: Span, entities: list[DocEntity], by_token: dict[int, Slot]) -> int | None:
    """"Aramco and Valvoline, the lubricants company it bought": a description set off by a comma right
    after a company's name is that company, where the parse missed the apposition; but not the subject
    of a reporting verb ("Renault bought Nissan, the company said")."""
    doc = chunk.doc
    if chunk.start < 2 or doc[chunk.start - 1].text != ",":
        return None
    if chunk.root.dep_ in _SUBJECT_DEPS and chunk.root.head.lemma_.lower() in _REPORTING:
        return None
    slot = by_token.get(chunk.start - 2)
    if slot is None or slot.kind != "name" or slot.entity is None or not entities[slot.entity].is_company:
        return None
    return slot.entity


def _co_argument_entities(root: Token, slots: list[Slot], entities: list[DocEntity]) -> set[int]:
    """Entities named as other arguments of the verb the descriptor is an argument of.

    "Renault is looking for the Japanese automaker", "The bank also owns British lender TSB", "Intel
    paid $16.7 billion to buy the San Jose-based company", "Careem is a unit of the San Francisco
    company", "Arm is owned by the Japanese group": a descriptor does not corefer with its clause's
    other parties, the subject that controls an infinitive included.
    """
    verb = root.head
    while verb.dep_ in {"prep", "pobj", "dobj", "attr", "agent"} and verb.head.i != verb.i:
        verb = verb.head
    arguments = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS | {"dobj", "attr", "dative"}]
    arguments += [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    infinitive = verb.dep_ == "xcomp" or verb.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if infinitive and not any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        arguments += [c for c in verb.head.children if c.dep_ in _SUBJECT_DEPS]
    arguments += [p for a in root.children if a.dep_ == "appos" for c in a.children
                  if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    positions = {a.i for a in arguments if a.i != root.i}
    return {s.entity for s in slots if s.entity is not None and any(s.start <= i < s.end for i in positions)}


def seat_country(span: Span, gaz: Gazetteer) -> str | None:
    """The country of the place in "Adelaide-based", "Santa Clara, California-based", "London-headquartered"
    said of or before this span."""
    place = seat_place(span)
    return gaz.country_of_place(place.text) if place is not None else None


def seat_city(span: Span, gaz: Gazetteer) -> str | None:
    """The city in "the Santa Clara, California-based company" or "Baar-based Glencore"; None when
    only a country or a state is named."""
    place = seat_place(span)
    if place is None:
        return None
    if not gaz.is_region(place.text):
        return place.text
    doc = span.doc
    if place.start < 2 or doc[place.start - 1].text != "," or not doc[place.start - 2].ent_type_:
        return None
    first = _entity_start(doc, place.start - 2)
    return doc[first:place.start - 1].text


def seat_place(span: Span) -> Span | None:
    """The place's words before "-based" or "-headquartered" inside this span or just before it
    ("Tokyo-based Sony")."""
    doc = span.doc
    for i in range(span.end - 1, max(1, span.start - 2), -1):
        if doc[i].lower_ not in SEAT_WORDS or doc[i - 1].text != "-" or i < 2:
            continue
        first = _entity_start(doc, i - 2)
        return doc[first:i - 1] if doc[i - 2].ent_type_ else doc[i - 2:i - 1]
    return None


def nationality_of(span: Span, gaz: Gazetteer, *, named: bool = True) -> str | None:
    """The country a company mention is given by its own modifiers: "China's Geely", "French X".

    For a `named` span the name's own words do not count ("Air France" says nothing here).
    """
    root = span.root
    heads = [root]
    if root.dep_ == "appos":
        heads.append(root.head)
    heads += _apposed_nouns(root)
    for head in heads:
        modifiers = list(head.children)
        modifiers += [g for c in modifiers if c.dep_ == "compound" and c.i < head.i for g in c.children
                      if g.dep_ == "amod" and g.ent_type_ == "NORP"]
        for child in modifiers:
            if named and span.start <= child.i < span.end:
                continue
            if child.dep_ == "poss" and _owns_another_name(child, span):
                continue
            if child.dep_ in {"amod", "compound", "poss", "nmod", "npadvmod"} and child.ent_type_ in {"NORP", "GPE"}:
                country = gaz.country_of_word(child.text) or gaz.country_of_word(
                    child.doc[child.left_edge.i:child.i + 1].text)
                if country:
                    return country
    for tok in span.doc[max(0, span.start - 6):span.start]:
        if tok.ent_type_ not in {"NORP", "GPE"} or _owns_another_name(tok, span):
            continue
        node, steps = tok, 0
        while node.i < span.start and node.head.i != node.i and steps < 4:
            node, steps = node.head, steps + 1
        if span.start <= node.i < span.end:
            country = gaz.country_of_word(tok.text) or gaz.country_of_word(
                span.doc[tok.left_edge.i:tok.i + 1].text)
            if country:
                return country
    country, _ = _prefix_country(span, gaz)
    if country:
        return country
    first = root.head
    if root.dep_ == "conj" and first.ent_type_ in {"ORG", ""}:
        country, plural = _prefix_country(span.doc[first.i:first.i + 1], gaz)
        if country and plural:
            return country
    return None


def _apposed_nouns(root: Token) -> list[Token]:
    """"Equinor, Norway's state-controlled energy group", "mBank, one of Poland's largest lenders": the
    common nouns set beside a name, whose own country words describe it."""
    out = []
    for child in root.children:
        if child.dep_ != "appos" or child.pos_ not in {"NOUN", "NUM", "PRON"}:
            continue
        out.append(child)
        if child.lower_ == "one":
            out += [p for c in child.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                    if p.dep_ == "pobj"]
    return out


def _owns_another_name(owner: Token, span: Span) -> bool:
    """"Australia's Allkem and U.S. producer Livent": the possessive belongs to the name right after it."""
    doc = span.doc
    after = owner.i + 2 if owner.i + 1 < len(doc) and doc[owner.i + 1].tag_ == "POS" else owner.i + 1
    return after < len(doc) and not span.start <= after < span.end and doc[after].ent_type_ != "" and \
        doc[after].pos_ == "PROPN"


def _prefix_country(span: Span, gaz: Gazetteer) -> tuple[str | None, bool]:
    """"Japanese automakers Honda", "U.S. chip designer Nvidia" read off the words before the name.

    RETURNS the country, and whether a plural noun stood between it and the name (so that it
    covers the names coordinated with this one too). Parsers often misattach such prefixes.
    """
    doc = span.doc
    start = _entity_start(doc, span.start)
    plural = False
    if start >= 2 and doc[start - 1].tag_ == "POS" and gaz.country_of_word(doc[start - 2].text):
        return gaz.country_of_word(doc[start - 2].text), False
    for i in range(start - 1, max(-1, start - 6), -1):
        token = doc[i]
        if token.ent_type_ in {"NORP", "GPE"}:
            pair = doc[i - 1:i + 1].text if i > 0 and doc[i - 1].ent_type_ == token.ent_type_ else None
            country = (pair and gaz.country_of_word(pair)) or gaz.country_of_word(token.text)
            if country or token.pos_ != "PROPN" or not token.is_upper:
                return country, plural
            continue
        if token.pos_ not in {"NOUN", "ADJ"} or token.is_punct:
            return None, False
        plural = plural or token.tag_ == "NNS"
    return None, False
