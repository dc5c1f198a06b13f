"""Named mentions in a parsed document, and their grouping into document entities."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from alliancegraph.names import name_key
from alliancegraph.nlp import Gazetteer
from alliancegraph.resolve._typing import CORPORATE_TAIL

__all__ = ["DocEntity", "Slot", "find_named_mentions", "tokens_with_lemma", "lower_case_name", "SCHEMA_LABELS",
           "TITLE_WORDS"]

TITLE_WORDS = frozenset(
    """ceo chief executive chairman chairwoman chairperson chair president cfo coo cto founder co-founder
    cofounder director head boss vice executive officer financial operating technology managing board
    secretary minister spokesperson spokesman spokeswoman analyst""".split()
)
SCHEMA_LABELS = {"ORG": "ORG", "PERSON": "PERSON", "GPE": "PLACE", "LOC": "PLACE"}
"""spaCy's entity labels that name schema entities, and the schema type of each."""
_DESCRIPTION_WORDS = frozenset({"lender", "insurer", "miner", "retailer", "conglomerate", "automaker", "brewer"})
_RANK_WORDS = frozenset({"senior", "deputy", "interim", "acting"})
"""Words that rank a title after a company's name: "IBM Senior Vice President", "Acme Deputy Chairman"."""
_STATE_WORDS = frozenset({"government", "state"})
_NOT_ORG_WORDS = frozenset("""ev evs ipo ceo cfo covid brexit ai gdp board""".split()) | {"r d"}


@dataclass
class DocEntity:
    """One thing a document talks about, with what the document and gazetteer tell of it."""

    index: int
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    industry: str | None = None
    city: str | None = None
    known_city: str | None = None
    group_members: tuple[str, ...] = ()
    mentions: list[tuple[int, int]] = field(default_factory=list)
    unit_of: tuple[int, ...] = ()
    """For a unit the text describes but does not name ("its Canadian business"): the indexes of the
    companies its possessive may stand for, likeliest owner first."""

    def add_alias(self, text: str) -> None:
        if text and text not in self.aliases:
            self.aliases.append(text)

    @property
    def is_company(self) -> bool:
        """A company a pronoun, descriptor or bare title can stand for: no alliance, no news outlet."""
        return self.type == "ORG" and not self.group_members and self.industry != "news"

    @property
    def is_state(self) -> bool:
        """"the German government", "Danish state", "government of Botswana"."""
        words = self.name.lower().split()
        return self.type == "ORG" and bool(_STATE_WORDS & {words[0], words[-1]})


@dataclass
class Slot:
    """A span that refers to an entity: by name, by description, or by pronoun.

    `candidates` are entity indexes, best first; a named slot has exactly one.
    """

    start: int
    end: int
    kind: str
    candidates: list[int]

    @property
    def entity(self) -> int | None:
        return self.candidates[0] if self.candidates else None


def tokens_with_lemma(doc: Doc, lemmas: frozenset[str]) -> list[Token]:
    """The doc's tokens whose lower-case lemma or lower-case form is one of `lemmas`, found without
    making a Token of every word (a pass over a long article's tokens costs more than the rest of a
    rule that looks for a few nouns)."""
    from spacy.attrs import LEMMA, LOWER

    strings = doc.vocab.strings
    wanted = {strings.add(w) for w in lemmas} | {strings.add(w.capitalize()) for w in lemmas}
    rows = doc.to_array([LEMMA, LOWER])
    return [doc[i] for i, (lemma, lower) in enumerate(rows.tolist()) if lemma in wanted or lower in wanted]


def _trim(span: Span) -> Span | None:
    """Drop leading 'the', titles, trailing possessives and a dateline before a spaced dash ("NNA - South
    Korea") from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    for i in range(start + 1, end - 1):
        if _spaced_dash(doc, i):
            start = i + 1
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    if span.label_ == "ORG" and end - start > 1 and doc[start].is_sent_start and _common_noun(doc[start]):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct and doc[end - 1].text != "."):
        end -= 1
    if span.label_ == "PERSON":
        while start < end and doc[start].lower_ in TITLE_WORDS:
            start += 1
    if span.label_ == "ORG":
        for i in range(start + 1, end):
            if doc[i].lower_ in TITLE_WORDS and doc[i].lower_ not in {"director", "head", "board"} or \
                    doc[i].lower_ in _RANK_WORDS and i + 1 < len(doc) and doc[i + 1].lower_ in TITLE_WORDS:
                end = i
                break
    if span.label_ == "ORG":
        while end < len(doc) and doc[end].pos_ == "PROPN" and (
                doc[end].lower_.rstrip(".") in CORPORATE_TAIL or _name_goes_on(doc, end)):
            end += 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def _common_noun(token: Token) -> bool:
    """"Chipmaker Ramtron International", "Lender Barclays": a description capitalised only because it
    opens the sentence."""
    word = token.lower_
    return word.endswith("maker") or word in _DESCRIPTION_WORDS


def _spaced_dash(doc: Doc, i: int) -> bool:
    """A dash with space on both sides: it parts a dateline or an aside from a name, never joins one."""
    return doc[i].text in {"-", "–", "—", "--"} and bool(doc[i - 1].whitespace_) and bool(doc[i].whitespace_)


def _name_goes_on(doc: Doc, end: int) -> bool:
    """"Thales Alenia Space", "Microsoft Gaming": capitalised untagged words the name before them
    modifies, up to the head of the compound."""
    before, word = doc[end - 1], doc[end]
    if word.lower_ in _RANK_WORDS and end + 1 < len(doc) and doc[end + 1].lower_ in TITLE_WORDS:
        return False
    return not word.ent_type_ and word.is_title and word.lower_ not in TITLE_WORDS and \
        before.dep_ == "compound" and end <= before.head.i <= end + 3 and \
        all(doc[i].pos_ == "PROPN" for i in range(end, before.head.i + 1))


def lower_case_name(token: Token) -> bool:
    """A company's own lower-case spelling: a capital inside ("eBay", "easyJet", "xAI") or a word the
    vectors do not know ("thyssenkrupp", "airberlin", "bpost"), never an English word ("trade")."""
    text = token.text
    return token.is_alpha and text[:1].islower() and not token.is_stop and (
        any(c.isupper() for c in text[1:]) or token.is_oov)


def _keep(span: Span, label: str) -> bool:
    text = span.text
    if not any(ch.isalpha() for ch in text):
        return False
    if label in {"ORG", "GPE", "LOC"} and (text.islower() and not lower_case_name(span[0])
                                           or name_key(text) in _NOT_ORG_WORDS):
        return False
    if label == "PERSON" and len(span) == 1 and span[0].lower_ in TITLE_WORDS:
        return False
    return True


def _own_possessives(doc: Doc, gaz: Gazetteer) -> frozenset[str]:
    """Names whose "'s" is their own ("McDonald's", "Macy's"): a gazetteer company written so, or a name
    never written without its "'s" whose "'s" once possesses nothing ("Macy's agreed to ...", "shares of
    Sainsbury's rose")."""
    own, known, bare = set(), set(), set()
    for ent in doc.ents:
        if ent.label_ not in {"ORG", "PERSON"}:
            continue
        end = ent.end - 1 if ent[-1].tag_ == "POS" else ent.end
        if end == ent.start:
            continue
        name = doc[ent.start:end]
        if end >= len(doc) or doc[end].lower_ not in {"'s", "’s"}:
            bare.add(name.text)
        elif gaz.company(name.text + doc[end].text):
            known.add(name.text)
        elif name.root.dep_ != "poss" and doc[end].head.i == name.root.i:
            own.add(name.text)
    return frozenset(known | (own - bare))


def _with_own_possessive(span: Span, label: str, own: frozenset[str]) -> tuple[Span, str]:
    """The name with its own "'s" put back ("McDonald's", not "McDonald"); always a company."""
    doc = span.doc
    if span.text not in own or span.end >= len(doc) or doc[span.end].tag_ != "POS":
        return span, label
    return Span(doc, span.start, span.end + 1, label="ORG"), "ORG"


def find_named_mentions(doc: Doc, gaz: Gazetteer) -> list[tuple[Span, str]]:
    """Entity spans of the doc with schema types (ORG, PERSON, PLACE, NORP kept for nationality)."""
    found: list[tuple[Span, str]] = []
    own = _own_possessives(doc, gaz)
    for ent in doc.ents:
        if ent.label_ == "NORP":
            if gaz.country_of_word(ent.text):
                found.append((ent, "NORP"))
            continue
        label = SCHEMA_LABELS.get(ent.label_)
        if label is None:
            continue
        trimmed = _trim(ent)
        if trimmed is not None and _keep(trimmed, ent.label_):
            family = _family_of(trimmed)
            if family is not None:
                found.append((family, "PERSON"))
                continue
            if label == "PLACE" and gaz.company(trimmed.text) and not gaz.country_of_word(trimmed.text):
                label = "ORG"
            elif label == "ORG" and trimmed.start > ent.start and gaz.country_of_place(trimmed.text):
                label = "PLACE"
            found.append(_with_own_possessive(trimmed, label, own) if label != "PLACE" else (trimmed, label))
    return found + _listed_companies(doc, found, gaz)


def _family_of(span: Span) -> Span | None:
    """"the Agnelli family", "the Hoffmann and Oeri families": a family named by its surname is a party
    of its own (a PERSON, data/ANNOTATION.md), named with the word "family"."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].lower_ not in {"family", "families"} or span[-1].tag_ == "POS":
        return None
    if not all(t.text[:1].isupper() or t.lower_ in _NAME_PARTICLES for t in span):
        return None
    return Span(doc, span.start, span.end + 1, label="PERSON")


_NAME_PARTICLES = frozenset({"de", "del", "della", "di", "da", "van", "von", "der", "al", "bin", "and"})


def _listed_companies(doc: Doc, found: list[tuple[Span, str]], gaz: Gazetteer) -> list[tuple[Span, str]]:
    """"investors include Speedinvest, Left Lane Capital and Tiger Global": an untagged proper name in a
    list of companies is a company too. Only capitalised proper nouns, never a place the gazetteer
    knows or a title word."""
    taken = {i for span, _ in found for i in range(span.start, span.end)}
    added: list[tuple[Span, str]] = []
    for span, label in found:
        if label != "ORG":
            continue
        for conjunct in span.root.conjuncts:
            name = _proper_name_at(doc, conjunct)
            if name is None or taken.intersection(range(name.start, name.end)):
                continue
            if gaz.country_of_place(name.text) or gaz.country_of_word(name.text):
                continue
            added.append((name, "ORG"))
            taken.update(range(name.start, name.end))
    return added


def _proper_name_at(doc: Doc, head: Token) -> Span | None:
    """The proper name `head` ends: its run of capitalised proper-noun compounds, or None."""
    start = head.i
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == head.i:
        start -= 1
    words = doc[start:head.i + 1]
    if any(t.pos_ != "PROPN" or not t.text[:1].isupper() or t.lower_ in TITLE_WORDS for t in words):
        return None
    return Span(doc, start, head.i + 1, label="ORG")
