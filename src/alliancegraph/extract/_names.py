"""Names the tagger missed, found by the relation reader's encoder: a token tagger trained on the corpus.

spaCy's tagger misses many company names in business news ("Pep Boys", "Cyberstarts", "NLFI") and cuts
others short ("Shekhar Sharma" for "Vijay Shekhar Sharma"). The reader already encodes every sentence;
a small head over those states, the word's shape and what spaCy made of it tags each word as the
beginning or inside of an ORG, PERSON or PLACE name, or outside. Its spans join the doc's entities
where the tagger found nothing, or where they hold a shorter name the tagger found.

The features are shared with training (train/names.py): `token_rows` builds them for one sentence.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span, Token

from alliancegraph.nlp import HYPHEN_MODIFIERS
from alliancegraph.resolve import SCHEMA_LABELS, TITLE_WORDS, lower_case_name

__all__ = ["LABELS", "NameTagger", "FoundName", "FLAG_COUNT", "RETYPE_PROBABILITY", "token_rows", "token_pieces",
           "decode", "add_names"]

LABELS = ("O", "B-ORG", "I-ORG", "B-PERSON", "I-PERSON", "B-PLACE", "I-PLACE")
_ENT_FLAGS = ("ORG", "PERSON", "GPE", "LOC", "NORP")
_POS_FLAGS = ("PROPN", "NOUN", "ADJ", "NUM")
FLAG_COUNT = 10 + len(_ENT_FLAGS) + len(_POS_FLAGS)
MAX_NAME_TOKENS = 8


def _flags(token: Token, sentence_start: int) -> list[float]:
    text = token.text
    return [
        float(text[:1].isupper()),
        float(len(text) > 1 and text.isupper()),
        float(any(c.isdigit() for c in text)),
        float(token.i == sentence_start),
        float(token.is_stop),
        float(token.is_punct),
        float(token.i > 0 and token.doc[token.i - 1].lower_ == "the"),
        float(token.ent_iob_ == "B"),
        float(bool(token.ent_type_) and token.ent_type_ not in _ENT_FLAGS),
        float(token.like_num),
        *(float(token.ent_type_ == label) for label in _ENT_FLAGS),
        *(float(token.pos_ == pos) for pos in _POS_FLAGS),
    ]


def token_pieces(sentence: Span, offsets: Sequence[tuple[int, int]]) -> list[int]:
    """For each token of the sentence, the position of its first wordpiece (-1: cut off by truncation
    or a space token)."""
    first: dict[int, int] = {}
    for position, (start, end) in enumerate(offsets):
        if end > start and start not in first:
            first[start] = position
    base = sentence.start_char
    out = []
    for token in sentence:
        position = -1
        if not token.is_space:
            start = token.idx - base
            position = next((first[c] for c in range(start, start + len(token.text)) if c in first), -1)
        out.append(position)
    return out


def token_rows(sentence: Span, states: np.ndarray, offsets: Sequence[tuple[int, int]]) -> tuple[np.ndarray, list[int]]:
    """One feature row per token the encoder saw: its first wordpiece's state and its flags, beside
    those of the tokens before and after. Returns (rows, the sentence-relative token index of each row)."""
    pieces = token_pieces(sentence, offsets)
    kept = [i for i, p in enumerate(pieces) if p >= 0]
    if not kept:
        return np.zeros((0, 3 * (states.shape[1] + FLAG_COUNT)), dtype=np.float32), []
    own = np.concatenate([states[[pieces[i] for i in kept]],
                          np.array([_flags(sentence[i], sentence.start) for i in kept], dtype=np.float32)], axis=1)
    blank = np.zeros((1, own.shape[1]), dtype=np.float32)
    before = np.concatenate([blank, own[:-1]])
    after = np.concatenate([own[1:], blank])
    return np.concatenate([own, before, after], axis=1).astype(np.float32), kept


@dataclass(frozen=True)
class FoundName:
    start: int
    end: int
    label: str
    probability: float


def decode(probabilities: np.ndarray, tokens: list[int]) -> list[FoundName]:
    """Spans (sentence-relative token indices) from per-token label probabilities: a name starts at a
    B (or an I after O) and goes on while the same type's I is the likeliest label of the next token;
    a name that begins right where another ends continues it ("Red" "Hat" is one name, typed by its
    first word)."""
    best = probabilities.argmax(axis=1)
    found: list[FoundName] = []
    row = 0
    while row < len(tokens):
        label = LABELS[best[row]]
        if label == "O":
            row += 1
            continue
        kind = label[2:]
        inside = LABELS.index(f"I-{kind}")
        end = row + 1
        while end < len(tokens) and best[end] == inside and tokens[end] == tokens[end - 1] + 1:
            end += 1
        score = float(np.mean([1.0 - probabilities[r, 0] for r in range(row, end)]))
        last = found[-1] if found else None
        if last is not None and last.end == tokens[row]:
            width, more = last.end - last.start, tokens[end - 1] + 1 - tokens[row]
            score = (last.probability * width + score * more) / (width + more)
            found[-1] = FoundName(last.start, tokens[end - 1] + 1, last.label, score)
        else:
            found.append(FoundName(tokens[row], tokens[end - 1] + 1, kind, score))
        row = end
    return found


class NameTagger:
    """The trained head (`names.npz` beside the reader) and the probability a span needs to be kept."""

    def __init__(self, weights: dict[str, np.ndarray], threshold: float) -> None:
        self.weights = weights
        self.threshold = threshold

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        w = self.weights
        hidden = np.maximum((rows - w["mean"]) / w["scale"] @ w["hidden_weight"].T + w["hidden_bias"], 0.0)
        logits = hidden @ w["out_weight"].T + w["out_bias"]
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def names(self, sentence: Span, states: np.ndarray, offsets: Sequence[tuple[int, int]]) -> list[FoundName]:
        """The names this head finds in one encoded sentence, over the threshold."""
        rows, tokens = token_rows(sentence, states, offsets)
        if not tokens:
            return []
        return [n for n in decode(self.probabilities(rows), tokens) if n.probability >= self.threshold]


_OPENING_NOUNS = frozenset("""billionaire billionaires tycoon magnate mogul investor investors activist financier
    entrepreneur businessman businesswoman banker heir heiress rival rivals shareholder shareholders regulator
    regulators lender carmaker automaker chipmaker drugmaker miner insurer retailer airline""".split())
"""Common nouns a sentence opens with, capitalised only for that, before a name: "Billionaire Joseph
Lewis", "Rival Itochu Corp"."""


_NAME_ENDINGS = frozenset({"technology", "financial", "operating", "managing", "board"})
"""Title words that also end company names ("Micron Technology", "Naver Financial"): never cut off."""


def _modifier_tail(token: Token) -> bool:
    """"based" of "Tokyo-based" (or the one token "Tokyo-based"): a word after a glued hyphen that makes
    the name before it a modifier."""
    doc = token.doc
    if "-" in token.text[1:]:
        return token.lower_.rsplit("-", 1)[1] in HYPHEN_MODIFIERS
    return token.lower_ in HYPHEN_MODIFIERS and token.i > 0 and doc[token.i - 1].text == "-" \
        and not doc[token.i - 1].whitespace_


def _trimmed(span: Span) -> Span:
    """Without a leading article, title, hyphenated modifier or sentence-opening common noun and a
    trailing title: "The EU", "U.S.-based Albemarle", "Tokyo-[based TDK]", "Billionaire Joseph Lewis",
    "Antonio Filosa CEO"."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].lower_ in TITLE_WORDS
                               or _modifier_tail(doc[start])
                               or doc[start].is_sent_start and doc[start].lower_ in _OPENING_NOUNS):
        start += 1
    while end > start and (doc[end - 1].lower_ in TITLE_WORDS - _NAME_ENDINGS or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end]


_PARTICLES = frozenset("of de du des la le and van von der den del da di y for".split())


def _name_words(span: Span) -> bool:
    """Every word capitalised, a name particle or a lower-case name: "Bank of America", "eBay Classifieds
    Group", not "Renault edge"."""
    return all(not t.is_alpha or t.text[:1].isupper() or t.lower_ in _PARTICLES or lower_case_name(t)
               for t in span)


def _capitalised_word(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and token.lower_ not in TITLE_WORDS


def _plausible(span: Span, sentence: Span) -> bool:
    """A whole name: capitalised words, not a run of stop words, not a piece of a longer capitalised run
    ("Barrier" of "The Sound Barrier") or of a hyphenated word ("Franco-Japanese"), not a sentence's
    first word unless the parser calls it a name."""
    words = [t for t in span if not t.is_punct]
    if not words or len(span) > MAX_NAME_TOKENS or not (span[0].text[:1].isupper() or lower_case_name(span[0])) \
            or all(t.is_stop for t in words) \
            or not _name_words(span):
        return False
    doc = span.doc
    if span.end < len(doc) and not span[-1].whitespace_ and doc[span.end].text in {"-", "–"}:
        return False
    before = doc[span.start - 1] if span.start > sentence.start else None
    if before is not None and _capitalised_word(before) and not (before.is_sent_start and before.lower_ in _OPENING_NOUNS):
        return False
    if span.end < len(doc) and _capitalised_word(doc[span.end]):
        return False
    return not (len(span) == 1 and span.start == sentence.start and span[0].pos_ != "PROPN"
                and not _camel_case(span[0]))


def _camel_case(token: Token) -> bool:
    """"GlobalWafers", "PayPal": a capital inside a word that is not all capitals, the mark of a name."""
    text = token.text
    return token.is_alpha and any(c.isupper() for c in text[1:]) and any(c.islower() for c in text)


RETYPE_PROBABILITY = 0.9


_OVERRIDDEN = frozenset({"FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "CARDINAL", "NORP"})
"""spaCy's kinds of entity a found name may take the place of: a company it took for a product
("Cellnex", "Afterpay"), a building ("Sydney Airport"), a work ("Telegraph") or a number ("99"); a
nationality ("SABMiller" as NORP) only for a company or person found with high confidence."""


def _replaces(ent: Span, span: Span, name: FoundName) -> bool:
    """Whether a found name should stand in place of the tagger's entity it overlaps: it holds an
    entity of a kind the schema has no use for (`_OVERRIDDEN`), or of the same kind and is longer;
    or it is the same words of another kind, found with high confidence, and no gazetteer name
    ("Showa Shell" as a person)."""
    kind = SCHEMA_LABELS.get(ent.label_)
    if kind is None and ent.label_ in _OVERRIDDEN and ent.start >= span.start and ent.end <= span.end:
        return ent.label_ != "NORP" or name.label != "PLACE" and name.probability >= RETYPE_PROBABILITY
    if ent.start >= span.start and ent.end <= span.end and len(ent) < len(span):
        return kind == name.label
    same_words = (ent.start, ent.end) == (span.start, span.end)
    return same_words and kind is not None and kind != name.label and not ent.ent_id_ \
        and name.probability >= RETYPE_PROBABILITY


_LIST_JOINERS = frozenset({"and", ","})


def _listed(ent: Span, names: list[tuple[Span, FoundName]]) -> list[Span]:
    """The companies a tagger's company name lists ("Tiger Global and Matrix India", "Celcom and Digi"):
    two or more found company names inside it that leave nothing of it but "and" and commas between
    them. One company whose name holds "and" ("Nippon Telegraph and Telephone") is found whole, so it
    stays whole. Empty when the entity is not such a list."""
    if SCHEMA_LABELS.get(ent.label_) != "ORG" or ent.ent_id_:
        return []
    parts = sorted((s for s, n in names if n.label == "ORG" and ent.start <= s.start and s.end <= ent.end),
                   key=lambda s: s.start)
    if len(parts) < 2:
        return []
    doc = ent.doc
    start = ent.start + (doc[ent.start].lower_ == "the")
    if parts[0].start != start or parts[-1].end != ent.end or any(a.end >= b.start for a, b in zip(parts, parts[1:])):
        return []
    covered = {i for s in parts for i in range(s.start, s.end)}
    if any(doc[i].lower_ not in _LIST_JOINERS for i in range(start, ent.end) if i not in covered):
        return []
    return parts


def add_names(doc: Doc, found: list[tuple[Span, FoundName]]) -> int:
    """Put the found names among the doc's entities: where no entity lies, in place of the entities
    they hold or the one they overlap where `_replaces` says so of each ("Boeing" and "Commercial
    Airplanes" in "Boeing Commercial Airplanes"), or, together, in place of a company name that
    lists them (`_listed`). A person the tagger named stays a person wherever the name or its
    surname recurs ("Buffett's company"). Returns how many entities changed."""
    ents = list(doc.ents)
    people = {t for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in (e.text, e[-1].text)}
    names = [(_trimmed(sentence[name.start:name.end]), name, sentence) for sentence, name in found]
    names = [(span, name) for span, name, sentence in names
             if _plausible(span, sentence) and (name.label == "PERSON" or span.text not in people)]
    changed = 0
    for ent in list(ents):
        parts = _listed(ent, names)
        if parts:
            ents.remove(ent)
            ents.extend(Span(doc, p.start, p.end, label="ORG") for p in parts)
            changed += 1
    for span, name in names:
        inside = [e for e in ents if e.start < span.end and span.start < e.end]
        label = "GPE" if name.label == "PLACE" else name.label
        if not inside:
            ents.append(Span(doc, span.start, span.end, label=label))
            changed += 1
        elif all(_replaces(e, span, name) for e in inside) and (len(inside) == 1 or all(
                span.start <= e.start and e.end <= span.end for e in inside)):
            for e in inside:
                ents.remove(e)
            ents.append(Span(doc, span.start, span.end, label=label))
            changed += 1
    if changed:
        doc.ents = sorted(ents, key=lambda e: e.start)
    return changed
