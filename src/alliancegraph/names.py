"""Company-name normalisation shared by resolution, the store and the scorer: the one rule for "same name"."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["CORPORATE_TAIL_WORDS", "LEGAL_SUFFIXES", "clean_text", "core_key", "is_descriptor",
           "is_generic", "name_key", "strip_legal_suffix"]

LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
        "llc", "llp", "lp", "plc", "sa", "sas", "sarl", "spa", "srl", "ag", "kgaa",
        "gmbh", "nv", "bv", "se", "ab", "asa", "oyj", "pty", "pte", "kk",
    }
)
"""Trailing words dropped from a name ("Nissan Motor Co., Ltd." -> "nissan motor").

"Holdings" and "Group" are kept: they name a different company than the one
without them ("SoftBank Group" vs. "SoftBank").
"""

_DELETED = "'’‘`."  # joined, not split: "McDonald's" -> "mcdonalds", "S.A." -> "sa"
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                          "þ": "th", "ı": "i"})


def clean_text(text: str) -> str:
    """`text` NFC-normalised, with control and format characters (bidi overrides such as
    U+202E, zero-width spaces) removed and whitespace runs made one space.

    What the store keeps of names, titles and outlets, so that no name can reorder or hide
    what a terminal or page shows around it. Idempotent.
    """
    text = unicodedata.normalize("NFC", text)
    kept = "".join(" " if c.isspace() else c for c in text
                   if c.isspace() or unicodedata.category(c) not in _HIDDEN_CATEGORIES)
    return " ".join(kept.split())


_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold().translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _fold(text: str) -> str:
    """Case-fold and strip accents until nothing changes ("Citroën" -> "citroen")."""
    folded = _fold_once(text)
    while folded != text:
        text, folded = folded, _fold_once(folded)
    return folded


def _tokens(text: str) -> list[str]:
    chars = ("" if c in _DELETED else c if c.isalnum() else " " for c in _fold(text))
    return "".join(chars).split()


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Return the key two names must share to denote the same thing.

    The key is the name case-folded and accent-stripped, with apostrophes and
    periods removed, every other run of non-alphanumeric characters turned into
    one space, a leading "the" and trailing legal suffixes (`LEGAL_SUFFIXES`)
    dropped, but never the last word. So "Renault SA" -> "renault",
    "Nissan Motor Co., Ltd." -> "nissan motor", "AT&T Inc" -> "at t",
    "the French automaker" -> "french automaker". Idempotent:
    ``name_key(name_key(x)) == name_key(x)``; a name without letters or digits
    gives "".

    name (str): a company, person or place name, or an alias of one.
    RETURNS (str): the key.
    """
    words = _tokens(name)
    while len(words) > 1 and (words[-1] in LEGAL_SUFFIXES or words[0] == "the"):
        if words[-1] in LEGAL_SUFFIXES:
            words.pop()
        else:
            words.pop(0)
    return " ".join(words)


_SUFFIX_TAIL = re.compile(
    r"(?:[\s,]+(?:Inc|Incorporated|Corp|Corporation|Co|Company|Cos|Ltd|Limited|LLC|LLP|L\.?P|PLC|plc|S\.?A|AG|N\.?V|SE|"
    r"S\.?p\.?A|GmbH|AB|ASA|Oyj|K\.?K|Bhd|Tbk|SAS|SARL|Srl|B\.?V|Pte|Pty|KGaA)\.?)+\s*$"
)


def strip_legal_suffix(name: str) -> str:
    """'Nissan Motor Co., Ltd.' -> 'Nissan Motor'; names without a suffix come back unchanged."""
    stripped = _SUFFIX_TAIL.sub("", name.strip()).strip(" ,")
    return stripped or name.strip()


_OPENING_WORDS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that",
                            "these", "those", "whose", "both", "another", "one"})
_NAME_PARTICLES = frozenset({"of", "and", "de", "der", "den", "van", "von", "la", "le", "du", "di",
                             "da", "del", "des", "do", "dos", "y", "e", "&", "for", "on", "in", "at",
                             "al", "el", "bin", "ibn", "und", "et", "zu", "dei", "della", "delle",
                             "degli", "by", "the"})
_STATE_WORDS = frozenset({"government", "state", "ministry", "treasury", "parliament", "cabinet",
                          "administration", "army", "navy", "police"})
"""Lower-case words that end the name of a state body ("French state", "German government")."""
_POSSESSIVE = ("'s", "’s")
_GENERIC_WORDS = frozenset(
    """group company companies firm firms alliance partnership government ministry board unit business
    parent partner automaker carmaker maker makers manufacturer producer supplier bank lender
    giant rival venture holding holdings corporation corp inc co ltd plc news agency""".split())


def is_generic(text: str) -> bool:
    """Whether `text` has only words any company may be called by ("the group", "Company")."""
    words = [w for w in _tokens(text) if w not in _OPENING_WORDS]
    return set(words) <= _GENERIC_WORDS


def is_descriptor(alias: str) -> bool:
    """Whether `alias` describes its entity rather than names it, and so can stand for another
    entity in another article: no capital letter at all ("the group"), a common word that is not a
    name particle ("the Japanese automaker", "US chipmaker Qualcomm", "its parent"), or a
    possessive before the last word ("Renault's electric-vehicle arm", "China's Geely").

    Names keep their particles and inner capitals: "Bank of America", "Luca de Meo", "eBay",
    "The Walt Disney Company", "McDonald's", "3M", "Committee on Foreign Investment in the United
    States"; a state body is named by its country: "French state", "German government".
    """
    words = alias.split()
    if not words or not any(c.isupper() or c.isdigit() for c in alias):
        return True
    if is_generic(alias):
        return True
    if words[0].casefold() in _OPENING_WORDS and not any(w[:1].isupper() for w in words[1:]):
        return True
    for word in words:
        if word[:1].islower() and word.casefold() not in _NAME_PARTICLES | _STATE_WORDS \
                and not any(c.isupper() or c.isdigit() or c in ".&" for c in word[1:]):
            return True
    return any(w.endswith(_POSSESSIVE) for w in words[:-1])


CORPORATE_TAIL_WORDS = frozenset(
    """group holding holdings co operative cooperative products motor motors corporation company
    international global worldwide enterprises""".split())
"""Trailing words a longer form of a company's name adds ("Fonterra Co-operative Group", "MTD
Products", "Nissan Motor"), beside single letters ("Showa Denko K. K.")."""


def core_key(key: str) -> str:
    """`key` (a `name_key`) without its trailing `CORPORATE_TAIL_WORDS` and single letters, never
    its first word: "fonterra co operative group" -> "fonterra", "showa denko k k" -> "showa denko"."""
    words = key.split()
    while len(words) > 1 and (words[-1] in CORPORATE_TAIL_WORDS or len(words[-1]) == 1):
        words.pop()
    return " ".join(words)
