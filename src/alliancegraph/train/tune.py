"""Choosing the reader's thresholds on whole dev articles, as `alliancegraph eval` scores them."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np

from alliancegraph.evaluate import Report, find_gold, read_gold, score_document
from alliancegraph.extract import Extractor
from alliancegraph.extract._combine import combine
from alliancegraph.ingest import read_articles

__all__ = ["tune_thresholds"]

_FLOOR = 0.1


def tune_thresholds(model_dir: Path, dev: Iterable[Path], extractor: Extractor) -> dict[str, dict[str, float]]:
    """For `model` and `union`, the threshold with the best relation F1 on the dev articles and its
    figures; `gated` takes union's. Extraction runs once, with every threshold at a floor."""
    reader = Extractor(extractor.nlp, gazetteer=extractor.gaz, reader="model", model_dir=model_dir, variants=True)
    assert reader.learned is not None
    reader.learned.thresholds = {name: _FLOOR for name in reader.learned.thresholds}
    documents = []
    for root in dev:
        for path in find_gold(Path(root)):
            gold = read_gold(path)
            article = next(iter(read_articles([str(gold.article_path)])))
            documents.append((gold, reader(article)))
    best: dict[str, dict[str, float]] = {}
    for mode in ("model", "union"):
        for threshold in np.arange(0.15, 0.81, 0.05):
            report = Report()
            for gold, facts in documents:
                learned = [f for f in facts.variants["model"] if f.confidence >= threshold]
                relations = combine(mode, facts.variants["rules"], learned, {}, float(threshold))
                score_document(replace(facts, relations=relations, variants={}, sentences=[]), gold, report)
            counts = report.relations
            if counts.f1 > best.get(mode, {}).get("f1", -1.0):
                best[mode] = {"threshold": round(float(threshold), 2), "precision": round(counts.precision, 4),
                              "recall": round(counts.recall, 4), "f1": round(counts.f1, 4)}
    best["gated"] = {"threshold": best["union"]["threshold"]}
    return best
