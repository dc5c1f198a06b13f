"""Grouping named mentions into the entities of one document."""
from __future__ import annotations

import re

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from alliancegraph.names import name_key, strip_legal_suffix
from alliancegraph.nlp import Gazetteer
from alliancegraph.resolve._mentions import DocEntity, Slot, find_named_mentions
from alliancegraph.resolve._typing import org_cues, person_cues, place_cues

__all__ = ["build_entities"]


_FAMILY_FIRM_CUES = 2
"""Mentions with company context that make a named person's surname the family firm."""


def _vote_labels(mentions: list[tuple[Span, str]], gaz: Gazetteer) -> dict[str, str]:
    """One type per surface key: the gazetteer's word first, else the NER's votes and the context's.

    Context that marks a company ("ZeniMax Media, the parent of ...", "LinkedIn's shares") counts
    twice; a tie goes to a place when the name is a known place, else to a company; a lone surname of
    a person named in full is that person, unless the text treats it as a company again and again
    ("a stake in Lagardere", "Lagardere's board" beside "Arnaud Lagardere").
    """
    votes: dict[str, dict[str, int]] = {}
    companies: dict[str, int] = {}
    for span, label in mentions:
        if label == "NORP":
            continue
        key = name_key(span.text)
        counts = votes.setdefault(key, {})
        counts[label] = counts.get(label, 0) + 1
        cues = org_cues(span) + _unknown_place_of_a_country(span, label, gaz)
        if cues and not (label == "PLACE" and gaz.country_of_word(span.text)):
            counts["ORG"] = counts.get("ORG", 0) + 2 * cues
            companies[key] = companies.get(key, 0) + 1
        if person_cues(span) and not gaz.company(span.text):
            counts["PERSON"] = counts.get("PERSON", 0) + 2
        if place_cues(span):
            counts["PLACE"] = counts.get("PLACE", 0) + 4
    decided = {}
    for key, counts in votes.items():
        if gaz.companies.get(key) or gaz.groups.get(key):
            decided[key] = "ORG"
        else:
            tied = counts.get("ORG", 0) == counts.get("PLACE", 0) > 0
            preferred = "PLACE" if tied and gaz.country_of_place(key) is not None else "ORG"
            decided[key] = max(sorted(counts), key=lambda lab: (counts[lab], lab == preferred))
    for key in decided:
        if key.endswith((" family", " families")):
            decided[key] = "PERSON"
    surnames = {key.split()[-1] for key, label in decided.items() if label == "PERSON" and len(key.split()) > 1}
    for key in decided:
        if key in surnames and not gaz.companies.get(key) and not (
                decided[key] == "ORG" and companies.get(key, 0) >= _FAMILY_FIRM_CUES):
            decided[key] = "PERSON"
    return decided


def _unknown_place_of_a_country(span: Span, label: str, gaz: Gazetteer) -> int:
    """"Germany's Wintershall Dea", "Australia's Allkem": a "place" a country owns that no gazetteer of
    places knows is a company (1), else 0."""
    doc = span.doc
    if label != "PLACE" or span.start < 2 or doc[span.start - 1].tag_ != "POS":
        return 0
    owner = doc[span.start - 2]
    if not gaz.country_of_word(owner.text) or gaz.country_of_place(span.text):
        return 0
    return 1


def _add_missed_occurrences(doc: Doc, mentions: list[tuple[Span, str]], labels: dict[str, str],
                            gaz: Gazetteer) -> None:
    """A name tagged ORG or PERSON somewhere is that type everywhere it recurs untagged, and so is
    the short form of a company named in full. A recurrence holding a nationality the tagger saw
    ("Swedish" of "Swedish Match") is the name, not the nationality."""
    taken = set()
    nationalities: dict[int, Span] = {}
    for span, label in mentions:
        if label != "NORP":
            taken.update(range(span.start, span.end))
        else:
            nationalities.update((i, span) for i in range(span.start, span.end))
    matcher = PhraseMatcher(doc.vocab)
    for span, _ in mentions:
        if labels.get(name_key(span.text)) in {"ORG", "PERSON"}:
            matcher.add(span.text, [Doc(doc.vocab, words=[t.text for t in span])])
    for short in _short_forms(mentions, labels, gaz):
        labels.setdefault(name_key(short), "ORG")
        matcher.add(short, [Doc(doc.vocab, words=[short])])
    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
        if not taken.intersection(range(start, end)) and doc[start].text[:1].isupper():
            text = doc.vocab.strings[match_id]
            held = {id(n): n for i in range(start, end) if (n := nationalities.get(i)) is not None}
            if any(n.start < start or n.end > end or len(n) == end - start for n in held.values()):
                continue
            if held:
                mentions[:] = [(m, label) for m, label in mentions if id(m) not in held]
            mentions.append((Span(doc, start, end), labels[name_key(text)]))
            taken.update(range(start, end))


_GENERIC_LEADS = frozenset(
    """general united national first new royal great global international american european asian central
    north south east west northern southern eastern western three one two china japan group state public
    private digital standard advanced applied""".split())


def _short_forms(mentions: list[tuple[Span, str]], labels: dict[str, str], gaz: Gazetteer) -> set[str]:
    """First words that stand for a company named in full ("Horse" for "Horse Powertrain").

    Only a distinctive word: capitalised, not a common leading word, not a nationality, not the
    name of another company the gazetteer knows, and not a name the text already uses for
    something else.
    """
    out = set()
    for span, _ in mentions:
        if labels.get(name_key(span.text)) != "ORG" or len(span) < 2:
            continue
        lead = span[0]
        key = lead.lower_
        if (not lead.is_alpha or not lead.is_title or len(key) < 3 or lead.is_stop or key in _GENERIC_LEADS
                or gaz.country_of_word(lead.text) or key in labels and labels[key] != "ORG"):
            continue
        known = gaz.company(lead.text)
        if known is not None and known is not gaz.company(span.text):
            continue
        out.add(lead.text)
    return out


_CORPORATE_WORDS = frozenset(
    """motor motors group holdings holding industries corp corporation company co inc ltd plc energy airlines
    airline automotive automobile bank financial international technologies technology electronics
    electric petroleum oil steel chemical chemicals pharmaceuticals pharma semiconductor communications
    telecom entertainment media capital partners aerospace systems mobil""".split())


def _acronyms(mentions: list[tuple[Span, str]]) -> dict[str, str]:
    """Acronyms the text gives in brackets after a name, mapped to that name's key: "Singapore Airlines
    (SIA)", "the Public Investment Fund (PIF)". A ticker ("TRI.TO") is no acronym."""
    found = {}
    for span, _ in mentions:
        doc = span.doc
        if span.end + 2 < len(doc) and doc[span.end].text == "(" and doc[span.end + 2].text == ")":
            word = doc[span.end + 1].text
            if 2 <= len(word) <= 6 and word.isalpha() and word.isupper() and len(span) > 1:
                found.setdefault(name_key(word), name_key(span.text))
    return found


def _same_entity(entity: DocEntity, text: str, label: str, gaz: Gazetteer, *, shortened: bool = True) -> bool:
    """Whether a mention `text` names `entity`: an alias, the gazetteer's same company, the name less a
    corporate tail ("Nissan" for "Nissan Motor") or its distinctive first word ("Horse" for "Horse Powertrain"), the
    last two only when `shortened`: the short form is first met after the full name ("Leapmotor" named
    before "Leapmotor International" is the parent of a new venture, not its short name)."""
    if entity.type != label:
        return False
    key = name_key(text)
    keys = {name_key(a) for a in entity.aliases} | {name_key(entity.name)}
    if key in keys:
        return True
    company = gaz.company(text)
    if company is not None and company is gaz.company(entity.name):
        return True
    words = key.split()
    full = name_key(entity.name).split()
    if label == "ORG":
        return (len(words) < len(full) and full[: len(words)] == words and not entity.group_members
                and shortened and (set(full[len(words):]) <= _CORPORATE_WORDS or len(words) == 1 and company is None))
    if label == "PERSON":
        return len(words) < len(full) and full[-len(words):] == words
    return False


def build_entities(doc: Doc, gaz: Gazetteer) -> tuple[list[DocEntity], list[Slot]]:
    """Entities of the doc and one named Slot per mention, longest names first.

    A country is one entity whatever it is called ("Britain", "UK", "British"); it keeps the most
    complete name the text gives it ("United States" over "U.S."), and `country` holds the
    gazetteer's name for lookups.
    """
    mentions = find_named_mentions(doc, gaz)
    labels = _vote_labels(mentions, gaz)
    _add_missed_occurrences(doc, mentions, labels, gaz)
    entities: list[DocEntity] = []
    slots: list[Slot] = []
    named: dict[int, str] = {}
    order = sorted(mentions, key=lambda m: (-len(name_key(m[0].text).split()), m[0].start))
    first_seen, as_short = _first_seen(doc, mentions)
    acronyms = _acronyms(mentions)
    for span, raw_label in order:
        if raw_label == "NORP":
            label, text = "PLACE", gaz.country_of_word(span.text) or span.text
        else:
            label, text = labels.get(name_key(span.text), raw_label), strip_legal_suffix(_surface(span))
            if label == "PLACE":
                text = gaz.country_of_word(span.text) or (text.title() if text.isupper() and len(text) > 3
                                                          else text)
        entity = min((e for e in entities if _same_entity(e, text, label, gaz, shortened=as_short.get(
            name_key(text), 0) > first_seen.get(name_key(e.name), -1))), key=lambda e: len(e.name.split()), default=None)
        if entity is None and name_key(text) in acronyms:
            entity = next((e for e in entities if e.type == label and acronyms[name_key(text)] in
                           {name_key(a) for a in e.aliases}), None)
        if entity is None and label == "ORG":
            entity = _spelled_out(text, entities, gaz)
        if entity is None:
            entity = DocEntity(index=len(entities), name=text, type=label)
            _describe(entity, gaz)
            entities.append(entity)
        entity.add_alias(span.text)
        entity.mentions.append((span.start_char, span.end_char))
        slots.append(Slot(span.start, span.end, "name", [entity.index]))
        if label == "PLACE":
            entity.country = entity.country or text
            if raw_label == "PLACE" and len(span.text) > len(named.get(entity.index, "")) \
                    and gaz.is_country_name(span.text):
                named[entity.index] = _surface(span)
    for index, surface in named.items():
        entities[index].name = surface
    slots.sort(key=lambda s: s.start)
    return entities, slots


_JOINED = re.compile(r"\w-\w|\w['’]s\b")


def _first_seen(doc: Doc, mentions: list[tuple[Span, str]]) -> tuple[dict[str, int], dict[str, int]]:
    """Where each name is first met, and where it counts as first met when it is a short form.

    A headline names companies short ("BAT agrees to buy Reynolds") before the body names them in
    full, so a short form the headline uses first counts from its first use in the body (or after
    the whole text), when the body gives exactly one longer name it begins ("Reynolds American").
    With two ("Toyota Motor", "Toyota Industries"), or where the body gives the short form a legal
    name of its own ("Fujitsu Ltd" beside "Fujitsu Semiconductor"), it stays where the headline put it.
    A longer name that joins the short one to more by a hyphen or a possessive ("Televisa-Univision",
    "Sainsbury's Bank") names something else."""
    body = _headline_end(doc)
    first: dict[str, int] = {}
    in_body: dict[str, int] = {}
    legal: set[str] = set()
    joined: set[str] = set()
    for span, _ in sorted(mentions, key=lambda m: m[0].start):
        stripped = strip_legal_suffix(_surface(span))
        key = name_key(stripped)
        first.setdefault(key, span.start)
        if span.start >= body:
            in_body.setdefault(key, span.start)
        if stripped != _surface(span):
            legal.add(key)
        if _JOINED.search(stripped):
            joined.add(key)
    as_short = dict(first)
    for key, start in first.items():
        words = key.split()
        if start >= body or key in legal or len(words) == 1 and key in _CORPORATE_WORDS:
            continue
        longer = {k for k in in_body if len(k.split()) > len(words) and k.split()[: len(words)] == words}
        if len(longer) == 1 and not longer & joined:
            as_short[key] = in_body.get(key, len(doc))
    return first, as_short


def _headline_end(doc: Doc) -> int:
    """The first token after the headline: the text's opening line when a blank line follows it and it
    reads as a headline (short, no full stop at its end); else 0."""
    cut = doc.text.find("\n\n")
    line = doc.text[:cut].strip()
    if not 0 < cut <= 250 or "\n" in line or line.endswith("."):
        return 0
    return next((t.i for t in doc if t.idx >= cut), 0)


_INITIALS_SKIP = frozenset({"of", "and", "&", "the", "de", "du", "des", "la", "le", "for"})


def _spelled_out(text: str, entities: list[DocEntity], gaz: Gazetteer) -> DocEntity | None:
    """The one company whose name's initials a capitals-only word spells ("BAT" for British American
    Tobacco, "IAG" for International Airlines Group), unless the gazetteer knows the word as a company
    of its own ("BP" beside Bharat Petroleum)."""
    if not (2 <= len(text) <= 5 and text.isalpha() and text.isupper()) or gaz.company(text) is not None:
        return None
    found = [e for e in entities if e.type == "ORG" and _initials(e.name) == text]
    return found[0] if len(found) == 1 else None


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _INITIALS_SKIP]
    return "".join(w[0] for w in words).upper() if len(words) > 1 else ""


def _surface(span: Span) -> str:
    """The span's text without a sentence's full stop glued to its last word ("Kumba Iron Ore.")."""
    last = span[-1]
    if last.text.endswith(".") and len(last.text) > 2 and last.is_sent_end and last.text[-2].islower():
        return span.text[:-1]
    return span.text


def _describe(entity: DocEntity, gaz: Gazetteer) -> None:
    if entity.type != "ORG":
        return
    company = gaz.company(entity.name)
    if company is not None:
        entity.country = gaz.country_names.get(company.country or "")
        entity.industry = company.industry
        entity.known_city = company.city
    group = gaz.group(entity.name)
    if group is not None:
        entity.group_members = group.members
