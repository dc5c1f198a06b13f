"""The marked-pair variant, for comparison only: one encoder pass per candidate pair instead of per sentence.

Each pair becomes its own sentence in which the subject's nearest mention is wrapped in "@" and the
object's in "#" ("@ Renault @ owns 43% of # Nissan #"); the reader then pools the marked spans as
usual. Same labels, flags and heads as the shipped reader, so the two differ only in how a sentence
is encoded. The runtime does not read this variant: it costs one encoder pass per pair.
"""
from __future__ import annotations

from alliancegraph.train.corpus import SentenceExample

__all__ = ["mark_pairs"]

SUBJECT_MARK = "@"
OBJECT_MARK = "#"


def mark_pairs(example: SentenceExample) -> list[SentenceExample]:
    """One example per pair of `example`, its two nearest mentions marked, with that pair only."""
    out = []
    for subject, obj, labels, rules in example.pairs:
        spans = _nearest(example.entities[subject]["spans"], example.entities[obj]["spans"])
        if spans is None:
            continue
        text, (s_span, o_span) = _insert_marks(example.text, spans)
        entities = [{**example.entities[subject], "spans": [list(s_span)]},
                    {**example.entities[obj], "spans": [list(o_span)]}]
        out.append(SentenceExample(example.doc, text, entities, [(0, 1, labels, rules)]))
    return out


def _nearest(first: list[list[int]], second: list[list[int]]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The closest two mentions that do not overlap, as (subject span, object span)."""
    options = [(max(a[0], b[0]) - min(a[1], b[1]), (a[0], a[1]), (b[0], b[1])) for a in first for b in second
               if a[1] <= b[0] or b[1] <= a[0]]
    if not options:
        return None
    _, s, o = min(options)
    return s, o


def _insert_marks(text: str, spans: tuple[tuple[int, int], tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`text` with each span wrapped in its mark; returns the new text and each span, marks included."""
    marks = {0: SUBJECT_MARK, 1: OBJECT_MARK}
    order = sorted(range(2), key=lambda k: spans[k][0])
    pieces, cursor, placed = [], 0, {}
    length = 0
    for k in order:
        start, end = spans[k]
        before = text[cursor:start]
        pieces.append(before)
        length += len(before)
        wrapped = f"{marks[k]} {text[start:end]} {marks[k]}"
        placed[k] = (length, length + len(wrapped))
        pieces.append(wrapped)
        length += len(wrapped)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), (placed[0], placed[1])
