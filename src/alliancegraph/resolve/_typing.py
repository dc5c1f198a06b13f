"""Context that tells a company name from a person or place when the NER guessed wrong."""
from __future__ import annotations

from spacy.tokens import Span, Token

__all__ = ["org_cues", "person_cues", "place_cues"]

CORPORATE_TAIL = frozenset(
    """media softworks group holdings holding inc corp corporation co company ltd plc ag sa nv se gmbh llc
    motors motor energy airlines airways bank capital partners technologies technology systems
    pharmaceuticals pharma therapeutics biosciences entertainment studios games interactive labs resources
    mining logistics foods industries international electronics semiconductor semiconductors networks
    communications telecom petroleum oil gas steel chemicals insurance financial ventures investments fund
    authority commission ministry agency airline shipping lines aerospace defence defense automotive brands
    platforms software solutions services""".split()
)
ORG_HEAD_NOUNS = frozenset(
    """company firm group maker manufacturer producer automaker carmaker chipmaker bank lender insurer miner
    airline carrier retailer publisher developer operator parent owner unit subsidiary division arm affiliate
    brand startup conglomerate giant rival supplier shareholder investor partner venture business studio
    broadcaster utility drugmaker planemaker fund regulator agency""".split()
)
ORG_POSSESSED = frozenset(
    """shares stake stakes chief ceo executive executives board shareholders shareholder unit subsidiary
    division brand brands acquisition purchase takeover merger revenue revenues profit profits earnings stock
    investors headquarters spokesperson spokesman spokeswoman chairman chairwoman president founder
    employees staff factory plant plants operations customers""".split()
)
_BUY_VERBS = frozenset({"acquire", "buy", "purchase"})
_SELL_VERBS = frozenset({"sell", "divest", "spin"})
_PARTS = frozenset({"majority", "stake", "%", "percent", "control", "rest", "remainder", "half", "share", "shares"})


_LEAD_VERBS = frozenset({"lead", "run", "head", "chair", "found", "co-found", "cofound"})
_PERSON_TITLES = frozenset({"director", "executive", "chairman", "chairwoman", "ceo", "president", "founder",
                            "co-founder", "cfo", "officer", "chief"})


NAMING_VERBS = frozenset({"elect", "name", "appoint", "make", "promote", "pick", "tap", "choose"})
"""Verbs that give someone a post: "elected Jeff Gennette chief executive"."""


def named_to(title: Token) -> bool:
    """"elects Jeff Gennette CEO", "elected Jeff Gennette chief executive officer": the title is what
    a naming verb makes the person before it."""
    return title.dep_ in {"dobj", "oprd"} and title.head.lemma_.lower() in NAMING_VERBS


def person_cues(span: Span) -> int:
    """"led since March by Lip-Bu Tan", "overseen by Canning Fok, group co-managing director of ...",
    "elects Jeff Gennette CEO": who leads a company, or carries a title beside the name or is named
    to one, is a person (1), else 0."""
    root = span.root
    if root.dep_ in {"compound", "nmod"} and root.head.lower_ in _PERSON_TITLES | {"ceo", "cfo", "coo"} \
            and named_to(root.head):
        return 1
    if root.dep_ == "pobj" and root.head.dep_ == "agent" and root.head.head.lemma_.lower() in _LEAD_VERBS | {
            "oversee", "manage"}:
        return 1
    if any(c.dep_ == "appos" and c.lemma_.lower() in _PERSON_TITLES for c in root.children):
        return 1
    return 0


def _listed_brand(root: Token) -> bool:
    """"stores under banners including Ralphs and Fred Meyer": a brand listed is a company's name."""
    first = root.head if root.dep_ == "conj" else root
    return first.dep_ == "pobj" and first.head.lower_ in {"including", "like"} and \
        first.head.head.lemma_.lower() in {"banner", "brand", "name", "label", "marque"}


def _part_of_a_deal(root: Token) -> bool:
    """"sell a majority of Altera", "buy a 10% stake in Horse": what a part is bought or sold of."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in {"of", "in"}:
        return False
    part = prep.head
    return part.lemma_.lower() in _PARTS and part.dep_ == "dobj" and \
        part.head.lemma_.lower() in _BUY_VERBS | _SELL_VERBS | {"take", "hold", "own"}


_HOLDINGS = frozenset({"stake", "holding", "shareholding", "interest", "investment"})
SEAT_WORDS = frozenset({"based", "headquartered"})
"""The words of a seat modifier: "Tokyo-based", "Leverkusen-headquartered"."""


def org_cues(span: Span) -> int:
    """How many independent signs say this named span is a company (0 when none)."""
    root = span.root
    cues = 0
    if span[-1].lower_.strip(".") in CORPORATE_TAIL and len(span) > 1:
        cues += 1
    related = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        related.append(root.head)
    if any(t.lemma_.lower() in ORG_HEAD_NOUNS for t in related):
        cues += 1
    if root.dep_ == "poss" and root.head.lemma_.lower() in ORG_POSSESSED:
        cues += 1
    if root.dep_ == "compound" and root.head.lower_ in {"ceo", "shares", "stake", "chief", "chairman"} \
            and not named_to(root.head):
        cues += 1
    if root.dep_ == "dobj" and root.head.lemma_.lower() in _BUY_VERBS | _SELL_VERBS:
        cues += 1
    if _part_of_a_deal(root) or _listed_brand(root):
        cues += 1
    if root.dep_ == "dobj" and root.head.lemma_.lower() in _LEAD_VERBS and any(
            c.dep_ == "nsubj" and c.ent_type_ == "PERSON" or c.lower_ in {"who", "he", "she"} for c in root.head.children):
        cues += 1
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in {
            "acquisition", "purchase", "takeover", "shareholder", "unit", "subsidiary", "division", "parent",
            "merger", "combination"}:
        cues += 1
    if root.dep_ == "pobj" and root.head.lower_ == "in" and root.head.head.lemma_.lower() in _HOLDINGS:
        cues += 1
    if any(t.lower_ in SEAT_WORDS and t.dep_ == "amod" for t in root.children):
        cues += 1
    return cues


def _dateline(span: Span) -> bool:
    """"TOKYO --", "NAGOYA (Reuters) -", "HERZOGENAURACH, Germany -": the capitalised city that opens a
    story or a paragraph."""
    doc = span.doc
    opens = span.start == 0 or doc[span.start - 1].is_space or "\n" in doc[span.start - 1].whitespace_
    if not (opens and span.text.isupper() and len(span.text) > 3 and span.end < len(doc)):
        return False
    after = span.end + 2 if doc[span.end].text == "," and span.end + 2 < len(doc) else span.end
    return doc[after].text in {"--", "—", "–", "-", "("}


def _seat_modifier(span: Span) -> bool:
    """"the Baar-based company", "a Leverkusen-headquartered group": the name glued by a hyphen to a seat
    word that describes a company (not "Arm-based chips")."""
    doc = span.doc
    i = span.end
    if i + 1 >= len(doc) or doc[i].text != "-" or doc[i].whitespace_ or doc[i + 1].lower_ not in SEAT_WORDS:
        return False
    noun = doc[i + 1].head
    return noun.lower_ in ORG_HEAD_NOUNS or noun.lower_.endswith("maker")


def _seat_of(span: Span) -> bool:
    """"based in Sao Paulo", "headquartered in Hyvinkaa", "its headquarters in Espoo": the name a seat
    word places something in."""
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ != "in":
        return False
    return root.head.head.lower_ in SEAT_WORDS or root.head.head.lemma_.lower() == "headquarters"


def place_cues(span: Span) -> int:
    """"Boulogne-Billancourt, France-based", "Wichita, Kansas-based": the name before a comma and a
    place-based modifier is a city, and so is a dateline ("TOKYO (AP) --"), a name glued to "-based" and
    the place something is based in: 1, else 0."""
    doc = span.doc
    i = span.end
    if _dateline(span) or _seat_modifier(span) or _seat_of(span):
        return 1
    if i + 1 >= len(doc) or doc[i].text != "," or doc[i + 1].ent_type_ not in {"GPE", "LOC"}:
        return 0
    j = i + 1
    while j < len(doc) and doc[j].ent_type_ in {"GPE", "LOC"} and doc[j].ent_iob_ != "O":
        j += 1
    if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in SEAT_WORDS:
        return 1
    return 0
