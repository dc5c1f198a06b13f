"""Company-name normalisation shared by resolution, the store and the scorer: the one rule for "same name"."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["LEGAL_SUFFIXES", "clean_text", "name_key", "strip_legal_suffix"]

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
