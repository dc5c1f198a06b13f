"""A learned order for the companies a description may stand for ("the company", "the Japanese group").

The descriptor resolver keeps its hard rules (nationality, seat, city and industry rule companies out;
a clause's other parties are never its antecedent) and asks this ranker to order what is left. Each
candidate is a row of plain features (how far back it was named, how often, in what role, whether
the description's country, industry or seat fits it); the score is a logistic regression fitted by
train/antecedents.py on the descriptions the gold of data/train resolves. Runtime is numpy alone.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = ["FEATURES", "AntecedentRanker", "CandidateFacts", "feature_row", "load_ranker"]

FEATURES = (
    "same_sentence", "one_sentence_back", "two_sentences_back", "further_back", "named_after",
    "token_distance", "recency", "mentions_before", "mentions_in_document", "most_mentioned",
    "in_headline", "first_company", "subject_of_previous", "subject_of_current",
    "last_as_subject", "last_as_object", "last_as_possessor", "last_as_modifier",
    "country_fits", "country_unknown", "industry_fits", "industry_unknown", "seat_fits",
    "subject_to_subject", "subject_to_previous_subject", "group_to_group", "generic_to_most_mentioned",
    "generic_to_headline", "just_before",
)
"""Names of the row's columns, in order; the saved weights carry them so a mismatch is caught."""

GENERIC_NOUNS = frozenset({"company", "group", "firm", "business", "concern", "conglomerate", "corporation"})


@dataclass(frozen=True)
class CandidateFacts:
    """What the resolver knows of one candidate for one description."""

    sentences_back: int
    """Sentences between the description and the candidate's nearest mention before it; -1 if named only after."""
    tokens_back: int
    recency: int
    """0 for the company named nearest before the description, 1 for the next, and so on."""
    mentions_before: int
    mentions_in_document: int
    most_mentioned: bool
    in_headline: bool
    first_company: bool
    subject_of_previous: bool
    subject_of_current: bool
    description_is_subject: bool
    last_role: str
    """"subject", "object", "possessor", "modifier" or "" for the candidate's nearest mention."""
    country: str
    """"fits", "unknown" or "" (the description names no country)."""
    industry: str
    seat_fits: bool
    generic_noun: bool
    is_group: bool
    group_noun: bool


def feature_row(c: CandidateFacts) -> list[float]:
    """The candidate as a row of FEATURES."""
    back = c.sentences_back
    return [
        float(back == 0), float(back == 1), float(back == 2), float(back >= 3), float(back < 0),
        math.log1p(max(c.tokens_back, 0)) / 5, 1 / (1 + c.recency), math.log1p(c.mentions_before),
        math.log1p(c.mentions_in_document), float(c.most_mentioned),
        float(c.in_headline), float(c.first_company), float(c.subject_of_previous), float(c.subject_of_current),
        float(c.last_role == "subject"), float(c.last_role == "object"), float(c.last_role == "possessor"),
        float(c.last_role == "modifier"),
        float(c.country == "fits"), float(c.country == "unknown"), float(c.industry == "fits"),
        float(c.industry == "unknown"), float(c.seat_fits),
        float(c.description_is_subject and c.last_role == "subject"),
        float(c.description_is_subject and c.subject_of_previous),
        float(c.group_noun and c.is_group), float(c.generic_noun and c.most_mentioned),
        float(c.generic_noun and c.in_headline), float(0 < c.tokens_back <= 3 and c.sentences_back == 0),
    ]


class AntecedentRanker:
    """Scores candidate rows; higher is likelier the company the description stands for."""

    def __init__(self, weights: np.ndarray, bias: float) -> None:
        self.weights = weights
        self.bias = bias

    def scores(self, rows: list[list[float]]) -> np.ndarray:
        return np.asarray(rows, dtype=np.float64) @ self.weights + self.bias

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "weights": [round(float(w), 6) for w in self.weights],
                "bias": round(float(self.bias), 6)}

    @classmethod
    def from_json(cls, data: dict) -> "AntecedentRanker":
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError("the antecedent ranker was trained on other features; run `make train` again")
        return cls(np.asarray(data["weights"], dtype=np.float64), float(data["bias"]))


def default_path() -> Path:
    return Path(str(resources.files("alliancegraph") / "data" / "models" / "antecedents.json"))


@lru_cache(maxsize=4)
def load_ranker(path: Path | None = None) -> AntecedentRanker | None:
    """The shipped ranker, or None when there is none (the resolver then keeps its hand-written order)."""
    path = path or default_path()
    if not path.exists():
        return None
    return AntecedentRanker.from_json(json.loads(path.read_text(encoding="utf-8")))
