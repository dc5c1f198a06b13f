"""What the relation reader sees, shared by training and the runtime: wordpieces, mention pools, pair rows.

One encoder pass per sentence; each entity is the mean of the wordpiece states under its mentions;
a pair is [subject, object, subject*object, sentence ([CLS]), the words between the two nearest
mentions] plus both entity types and what the
rules read of the pair in that sentence (one flag per relation type), so the reader learns when
the rules can be trusted.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from alliancegraph.records import SYMMETRIC_TYPES, RelationFact

__all__ = ["between_row", "rule_signals", "ENTITY_TYPE_IDS", "MAX_WORDPIECES", "STATUS_ORDER", "TYPE_ORDER", "pooling_rows"]

MAX_WORDPIECES = 128
ENTITY_TYPE_IDS = {"ORG": 0, "PERSON": 1, "PLACE": 2}
TYPE_ORDER = ("owns_stake", "invests_in", "acquires", "merges_with", "partners_with", "supplies",
              "subsidiary_of", "member_of", "leads", "based_in")
STATUS_ORDER = ("asserted", "planned", "proposed", "ended", "denied")


def pooling_rows(offsets: Sequence[tuple[int, int]], entities: Sequence[Sequence[Sequence[int]]],
                 length: int) -> np.ndarray:
    """A (entities, length) matrix whose rows average the wordpieces under each entity's char spans.

    `offsets` are the wordpieces' char spans in the sentence ((0, 0) for special tokens). An entity
    whose mentions were cut off by truncation gets a zero row, and its pairs are not scored.
    """
    rows = np.zeros((len(entities), length), dtype=np.float32)
    for row, spans in enumerate(entities):
        for position, (start, end) in enumerate(offsets[:length]):
            if end > start and any(start < b and end > a for a, b in spans):
                rows[row, position] = 1.0
        total = rows[row].sum()
        if total:
            rows[row] /= total
    return rows


def rule_signals(facts: Sequence[RelationFact], sentence_starts: Sequence[int],
                 index_of: dict[str, int]) -> dict[tuple[int, int, int], list[float]]:
    """(sentence, subject entity, object entity) -> one flag per relation type the rules stated of
    that pair in that sentence (both orders for symmetric types)."""
    at = {start: i for i, start in enumerate(sentence_starts)}
    signals: dict[tuple[int, int, int], list[float]] = {}
    for fact in facts:
        sentence = at.get(fact.evidence.char_start)
        subject, obj = index_of.get(fact.subject), index_of.get(fact.object)
        if sentence is None or subject is None or obj is None:
            continue
        orders = [(subject, obj), (obj, subject)] if fact.type in SYMMETRIC_TYPES else [(subject, obj)]
        for a, b in orders:
            signals.setdefault((sentence, a, b), [0.0] * len(TYPE_ORDER))[TYPE_ORDER.index(fact.type)] = 1.0
    return signals


def between_row(offsets: Sequence[tuple[int, int]], first: Sequence[Sequence[int]], second: Sequence[Sequence[int]],
                length: int) -> np.ndarray:
    """A (length,) row averaging the wordpieces between the closest mentions of two entities (zeros
    when they touch): "Geely *will buy a 20% stake in* Horse"."""
    row = np.zeros(length, dtype=np.float32)
    gaps = [(max(a[0], b[0]) - min(a[1], b[1]), min(a[1], b[1]), max(a[0], b[0])) for a in first for b in second]
    if not gaps:
        return row
    _, start, end = min(gaps)
    for position, (left, right) in enumerate(offsets[:length]):
        if right > left and left >= start and right <= end:
            row[position] = 1.0
    total = row.sum()
    return row / total if total else row
