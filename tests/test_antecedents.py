"""The learned order of the companies a description may stand for (resolve/_antecedents.py)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from alliancegraph.resolve._antecedents import (FEATURES, AntecedentRanker, CandidateFacts, default_path, feature_row,
                                                load_ranker)
from alliancegraph.train.antecedents import Case, accuracy, fit_ranker


def _case(right: int, n: int, rng: np.random.Generator) -> Case:
    rows = rng.random((n, len(FEATURES)))
    rows[:, FEATURES.index("subject_of_previous")] = 0.0
    rows[right, FEATURES.index("subject_of_previous")] = 1.0
    target = np.zeros(n, dtype=bool)
    target[right] = True
    return Case(rows, target, hand=0)


def test_the_fit_learns_the_feature_that_decides():
    rng = np.random.default_rng(0)
    cases = [_case(int(rng.integers(3)), 3, rng) for _ in range(60)]
    ranker = fit_ranker(cases)
    assert accuracy(cases, ranker) == 1.0
    assert accuracy(cases, None) < 0.6  # the "hand" pick, always the first, is right a third of the time
    assert int(np.argmax(ranker.weights)) == FEATURES.index("subject_of_previous")


def test_a_ranker_saved_for_other_features_is_refused(tmp_path):
    data = AntecedentRanker(np.zeros(len(FEATURES)), 0.0).to_json()
    data["features"] = data["features"][:-1]
    path = tmp_path / "antecedents.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="make train"):
        load_ranker(path)


def test_the_shipped_ranker_prefers_the_last_sentence_subject_for_a_subject_description():
    if not default_path().exists():
        pytest.skip("no antecedent ranker is shipped in this tree")
    ranker = load_ranker()
    assert ranker is not None
    base = dict(sentences_back=1, tokens_back=20, recency=0, mentions_before=1, mentions_in_document=2,
                most_mentioned=False, in_headline=False, first_company=False, subject_of_current=False,
                description_is_subject=True, last_role="object", country="", industry="", seat_fits=False,
                generic_noun=True, is_group=False, group_noun=False)
    subject = CandidateFacts(subject_of_previous=True, **{**base, "recency": 1, "last_role": "subject"})
    nearer = CandidateFacts(subject_of_previous=False, **base)
    first, second = ranker.scores([feature_row(subject), feature_row(nearer)])
    assert first > second
