"""What the relation reader sees, shared by training and the runtime: wordpieces, mention pools, pair rows.

One encoder pass per sentence; each entity is the mean of the wordpiece states under its mentions;
a pair is [subject, object, subject*object, sentence ([CLS])] plus both entity types.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["ENTITY_TYPE_IDS", "MAX_WORDPIECES", "STATUS_ORDER", "TYPE_ORDER", "pooling_rows"]

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
