"""Numbers a fact carries: stake percent, deal amount and currency."""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

__all__ = ["percent_near", "percent_value", "money_near", "parse_money", "sentence_of", "sentence_ents"]

_CACHE = "alliancegraph.sentences"


def _sentence_index(doc: Doc) -> tuple[list[int], list[Span], list[list[Span]]]:
    """Sentence starts, sentences and each sentence's entities, worked out once per doc (Token.sent and
    Span.ents rescan the whole document on every call)."""
    cached = doc.user_data.get(_CACHE)
    if cached is None:
        sents = list(doc.sents)
        starts = [s.start for s in sents]
        ents: list[list[Span]] = [[] for _ in sents]
        for ent in doc.ents:
            ents[bisect_right(starts, ent.start) - 1].append(ent)
        cached = doc.user_data[_CACHE] = (starts, sents, ents)
    return cached


def sentence_of(token: Token) -> Span:
    """The sentence a token is in."""
    starts, sents, _ = _sentence_index(token.doc)
    return sents[bisect_right(starts, token.i) - 1]


def sentence_ents(token: Token) -> list[Span]:
    """The named entities of the sentence a token is in."""
    starts, _, ents = _sentence_index(token.doc)
    return ents[bisect_right(starts, token.i) - 1]

_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
          "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12}
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR",
             "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP",
             "¥": "JPY", "yen": "JPY", "jpy": "JPY", "yuan": "CNY", "renminbi": "CNY", "cny": "CNY",
             "won": "KRW", "krw": "KRW", "rupee": "INR", "rupees": "INR", "inr": "INR", "chf": "CHF",
             "franc": "CHF", "francs": "CHF", "riyal": "SAR", "riyals": "SAR", "a$": "AUD", "c$": "CAD",
             "hk$": "HKD", "s$": "SGD", "krone": "NOK", "kronor": "SEK", "crowns": "SEK", "real": "BRL",
             "reais": "BRL"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


_FRACTIONS = {"half": 50.0, "third": 33.3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}
_MULTIPLES = {"two": 2, "three": 3, "four": 4}


def _fraction_value(token: Token) -> float | None:
    """"a fifth of Leapmotor", "half of the company", "three-quarters of the chip designer" as a percentage;
    "the first half of 2024" is a period, not a part."""
    word = token.lower_.rstrip("s")
    if word not in _FRACTIONS or token.pos_ not in {"NOUN", "NUM", "ADJ"}:
        return None
    of = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    if not of or any(p.ent_type_ in {"DATE", "TIME"} for p in of) or \
            any(c.lower_ in {"first", "second", "latter", "former"} for c in token.children):
        return None
    value = _FRACTIONS[word]
    if token.i >= 2 and token.nbor(-1).text == "-" and token.nbor(-2).lower_ in _MULTIPLES:
        value *= _MULTIPLES[token.nbor(-2).lower_]
    elif word != "half" and not any(c.lower_ in {"a", "one"} for c in token.children) and token.tag_ == "NNS":
        return None
    return round(min(value, 100.0), 1)


def percent_value(token: Token) -> float | None:
    """The percentage a number token starts ("43" in "43%", "43 percent") or a fraction word gives."""
    fraction = _fraction_value(token)
    if fraction is not None or not token.like_num:
        return fraction
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is None or nxt.lower_ not in {"%", "percent", "per", "pct"}:
        return None
    try:
        return float(token.text.replace(",", ""))
    except ValueError:
        return None


def _range_start(number: Token) -> bool:
    """"30%" of "from 30% to 41%": the first percentage of a range the stake moved over."""
    doc = number.doc
    i = number.i + 1
    while i < len(doc) and doc[i].lower_ in {"%", "percent", "per", "cent", "pct"}:
        i += 1
    return i + 1 < len(doc) and doc[i].lower_ == "to" and doc[i + 1].like_num


def percent_near(trigger: Token, *, extra: list[Token] | None = None) -> float | None:
    """A percentage in the trigger's phrase ("its 43% stake", "owns 43% of"), a "to 15%" target first."""
    roots = [trigger, *(extra or [])]
    found: list[tuple[int, float]] = []
    for root in roots:
        for tok in root.subtree:
            value = percent_value(tok)
            if value is None or not 0 < value <= 100 or _range_start(tok):
                continue
            prefers_target = any(a.dep_ == "prep" and a.lower_ == "to" for a in tok.ancestors
                                 if a.i > root.i or a in root.subtree)
            found.append((0 if prefers_target else 1 + abs(tok.i - trigger.i), value))
    return min(found)[1] if found else None


def parse_money(text: str) -> tuple[float, str | None] | None:
    """'$2.1 billion' -> (2.1e9, 'USD'); '600 million euros' -> (6e8, 'EUR'); None if no number."""
    lowered = text.lower().replace("us$", " us$ ")
    match = _NUMBER.search(lowered)
    if not match:
        return None
    value = float(match.group().replace(",", ""))
    words = re.findall(r"[a-z]+\$|[$€£¥]|[a-z]+", lowered)
    for word in words:
        if word in _SCALE and not (word in {"m", "b", "k"} and not re.search(r"\d\s*" + word + r"\b", lowered)):
            value *= _SCALE[word]
            break
    currency = next((_CURRENCY[w] for w in words if w in _CURRENCY), None)
    return value, currency


def _names_a_currency(ent: Span) -> bool:
    """"325 million euros" tagged QUANTITY or CARDINAL: a number whose last word is a currency."""
    return ent.label_ in {"QUANTITY", "CARDINAL"} and ent[-1].lower_ in _CURRENCY and ent[-1].is_alpha


def money_near(trigger: Token, *, extra: list[Token] | None = None) -> tuple[float, str | None] | None:
    """The MONEY entity closest to the trigger within its phrase or the verbs it hangs from."""
    doc = trigger.doc
    roots = [trigger, *(extra or [])]
    best: tuple[int, Span] | None = None
    for ent in sentence_ents(trigger):
        if ent.label_ != "MONEY" and not _names_a_currency(ent):
            continue
        if not any(ent.root in root.subtree for root in roots):
            continue
        distance = abs(ent.root.i - trigger.i)
        if best is None or distance < best[0]:
            best = (distance, ent)
    if best is None:
        return None
    span = best[1]
    start = span.start
    if start > 0 and doc[start - 1].text in {"$", "€", "£", "¥", "US$"}:
        start -= 1
    return parse_money(doc[start:span.end].text)
