"""Sentence starts the parser cannot see: paragraphs, and abbreviations that end no sentence
("U.S. investment firm", "Nissan Motor Co. stake")."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["COMPONENT_NAME", "keep_abbreviations_in_sentences"]

COMPONENT_NAME = "alliancegraph_abbreviations"
_INITIALS = re.compile(r"^(?:[A-Z]\.){2,}$")
_ABBREVIATIONS = frozenset({"Co.", "Corp.", "Inc.", "Ltd.", "Cos.", "Bhd.", "Mr.", "Ms.", "Mrs.", "Dr.", "St.",
                            "No.", "Jr.", "Sr.", "Gen.", "Gov.", "Sen.", "Rep."})
_STARTERS = frozenset(
    """The A An It Its He She They Their This That These Those In On At By For But And However Shares Analysts
    We I Last Earlier Under After Before While When As If Some Most Many Both Each Other Such""".split()
)


_ENDS = frozenset({".", "!", "?", "...", "…", '"', "'", "”", "’", ")", ":", ";"})
"""What a sentence can end on; no sentence starts after any other word on the same line."""


@Language.component(COMPONENT_NAME)
def keep_abbreviations_in_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break (paragraphs never share a sentence), start none
    after a word that ends no sentence ("ITC | Ltd has acquired"), and mark the word after an
    abbreviation as no sentence start unless it reads like one."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
            continue
        following = doc[token.i + 1]
        if not token.is_space and not following.is_space and token.text[-1:] not in _ENDS:
            following.is_sent_start = False
            continue
        if not (_INITIALS.match(token.text) or token.text in _ABBREVIATIONS):
            continue
        following = doc[token.i + 1]
        if following.is_lower or (following.text[:1].isupper() and following.text not in _STARTERS
                                  and not following.is_punct):
            following.is_sent_start = False
    return doc
