"""Calibrating the reader and choosing its thresholds on whole dev articles, as `alliancegraph eval` scores them."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np

from alliancegraph.evaluate import Report, find_gold, read_gold, score_document
from alliancegraph.extract import Extractor
from alliancegraph.extract._combine import combine
from alliancegraph.ingest import read_articles

__all__ = ["fit_temperature", "tune_thresholds"]

_FLOOR = 0.1


def _dev_documents(model_dir: Path, dev: Iterable[Path], extractor: Extractor) -> list:  # type: ignore[type-arg]
    """(gold, facts) for every dev article, read with every threshold at a floor."""
    reader = Extractor(extractor.nlp, gazetteer=extractor.gaz, reader="model", model_dir=model_dir, variants=True)
    assert reader.learned is not None
    reader.learned.thresholds = {name: _FLOOR for name in reader.learned.thresholds}
    documents = []
    for root in dev:
        for path in find_gold(Path(root)):
            gold = read_gold(path)
            article = next(iter(read_articles([str(gold.article_path)])))
            documents.append((gold, reader(article)))
    return documents


def fit_temperature(model_dir: Path, dev: Iterable[Path], extractor: Extractor) -> float:
    """The temperature under which the model's facts on the dev articles are best calibrated: the one
    that minimises the log loss of "this fact is in the gold" over facts at or above the floor,
    their confidences read as sigmoid(logit / T) of the reader's present ones."""
    report = Report()
    for gold, facts in _dev_documents(model_dir, dev, extractor):
        score_document(replace(facts, relations=facts.variants["model"], variants={}, sentences=[]), gold, report)
    if not report.calibration:
        return 1.0
    probability = np.clip(np.array([p for p, _ in report.calibration]), 1e-6, 1 - 1e-6)
    right = np.array([float(ok) for _, ok in report.calibration])
    logits = np.log(probability / (1 - probability))
    current = float(json.loads((model_dir / "config.json").read_text(encoding="utf-8")).get("temperature", 1.0))

    def log_loss(t: float) -> float:
        p = np.clip(1 / (1 + np.exp(-logits / t)), 1e-6, 1 - 1e-6)
        return float(-(right * np.log(p) + (1 - right) * np.log(1 - p)).mean())

    return round(current * min(np.arange(0.5, 4.001, 0.05), key=log_loss), 3)


def plateau_middle(rows: list[dict[str, float]]) -> dict[str, float]:
    """The row (one per threshold, in order) whose F1 averaged with its neighbours' is highest.

    Dev F1 over thresholds is a plateau a few steps wide whose top moves by the reader's seed-to-seed
    noise (about 0.01 on dev, MODEL.md); its middle is where the threshold is least likely to sit on
    the plateau's edge on text the reader has not seen."""
    def smoothed(at: int) -> float:
        near = rows[max(at - 1, 0):at + 2]
        return sum(row["f1"] for row in near) / len(near)

    return rows[max(range(len(rows)), key=smoothed)]


def tune_thresholds(model_dir: Path, dev: Iterable[Path], extractor: Extractor) -> dict[str, dict[str, float]]:
    """For `model` and `union`, the threshold in the middle of the plateau of relation F1 on the dev
    articles (`plateau_middle`), and its figures; `gated` takes union's. Extraction runs once, with
    every threshold at a floor."""
    documents = _dev_documents(model_dir, dev, extractor)
    best: dict[str, dict[str, float]] = {}
    for mode in ("model", "union"):
        rows = []
        for threshold in np.arange(0.15, 0.81, 0.05):
            report = Report()
            for gold, facts in documents:
                learned = [f for f in facts.variants["model"] if f.confidence >= threshold]
                relations = combine(mode, facts.variants["rules"], learned, {}, float(threshold))
                score_document(replace(facts, relations=relations, variants={}, sentences=[]), gold, report)
            counts = report.relations
            rows.append({"threshold": round(float(threshold), 2), "precision": round(counts.precision, 4),
                         "recall": round(counts.recall, 4), "f1": round(counts.f1, 4)})
        best[mode] = plateau_middle(rows)
    best["gated"] = {"threshold": best["union"]["threshold"]}
    return best
