"""Near-duplicate articles: the same story under another headline, or a syndicated copy with
another outlet line, found by MinHash over word shingles (datasketch) and banded for lookup."""
from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash
from sqlalchemy import Connection, delete, insert, select

from alliancegraph.store import _schema as t

__all__ = ["SIMILARITY", "forget_signature", "link_near_duplicate", "signature"]

SIMILARITY = 0.7
"""Estimated Jaccard similarity of word 3-shingles from which two articles are one story."""
_PERMUTATIONS = 128
_SCHEME = "affine32"  # datasketch 2's default, named so stored signatures are read back alike
_BANDS, _ROWS = 32, 4  # candidates from about 0.4 similarity, each then checked in full
_SHINGLE = 3
_MIN_SHINGLES = 30  # shorter texts are too short to tell a retelling from another story
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> set[str]:
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i:i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def signature(text: str) -> MinHash | None:
    """The MinHash of the text's word 3-shingles; None for a text too short to compare."""
    shingles = _shingles(text)
    if len(shingles) < _MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=_PERMUTATIONS, seed=1, scheme=_SCHEME)
    minhash.update_batch([s.encode() for s in shingles])
    return minhash


def _bands(minhash: MinHash) -> list[str]:
    values = minhash.hashvalues
    return [f"{b}:" + hashlib.blake2b(values[b * _ROWS:(b + 1) * _ROWS].tobytes(),
                                      digest_size=8).hexdigest() for b in range(_BANDS)]


def _original(conn: Connection, minhash: MinHash) -> tuple[str, float] | None:
    """The earliest-stored article at least SIMILARITY like the signature, with the similarity."""
    bands, sigs = t.article_bands, t.article_signatures
    candidates = select(bands.c.article_id).distinct().where(bands.c.band.in_(_bands(minhash)))
    best: tuple[str, float] | None = None
    for article_id, stored in conn.execute(select(sigs.c.article_id, sigs.c.signature)
                                           .where(sigs.c.article_id.in_(candidates))):
        other = MinHash(num_perm=_PERMUTATIONS, seed=1, scheme=_SCHEME,
                        hashvalues=np.frombuffer(stored, dtype=np.uint64))
        similarity = minhash.jaccard(other)
        if similarity >= SIMILARITY and (best is None or similarity > best[1]):
            best = (article_id, similarity)
    return best


def link_near_duplicate(conn: Connection, article_id: str, text: str) -> str | None:
    """Link the just-stored article `article_id` to the stored one its `text` retells and
    RETURN that one's id; else record the signature, so later copies find it, and return None."""
    minhash = signature(text)
    if minhash is None:
        return None
    found = _original(conn, minhash)
    if found is not None:
        original_id, similarity = found
        conn.execute(insert(t.near_duplicates).values(
            article_id=article_id, original_id=original_id, similarity=round(similarity, 3)))
        return original_id
    conn.execute(insert(t.article_signatures).values(
        article_id=article_id, signature=minhash.hashvalues.astype(np.uint64).tobytes()))
    conn.execute(insert(t.article_bands),
                 [{"band": band, "article_id": article_id} for band in _bands(minhash)])
    return None


def forget_signature(conn: Connection, article_id: str) -> None:
    """Drop the article's signature and its link to an original, before its text is replaced
    (a correction): the new text is compared anew, and never with the text it replaces."""
    for table in (t.article_bands, t.article_signatures, t.near_duplicates):
        conn.execute(delete(table).where(table.c.article_id == article_id))
