"""schema.md's scoring: relation P/R/F1 (micro), per type, status and percent accuracy, entity P/R/F1."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from alliancegraph.evaluate._align import label_pairs
from alliancegraph.evaluate._gold import GoldDocument, find_gold, read_gold
from alliancegraph.names import name_key
from alliancegraph.records import RELATION_TYPES, SYMMETRIC_TYPES, DocumentFacts, Entity, Evidence, RelationFact

__all__ = ["Counts", "Report", "agreement", "evaluate", "score_document"]


@dataclass
class Counts:
    """True positives, predictions and gold items; P, R and F1 derived."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    def to_json(self) -> dict[str, float | int]:
        return {"tp": self.tp, "predicted": self.predicted, "gold": self.gold, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Report:
    """The figures over a gold set, and every miss and false positive with where it came from."""

    documents: int = 0
    relations: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in RELATION_TYPES})
    entities: Counts = field(default_factory=Counts)
    status_right: int = 0
    percent_right: int = 0
    percent_total: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    wrong_status: list[dict[str, Any]] = field(default_factory=list)
    wrong_percent: list[dict[str, Any]] = field(default_factory=list)
    calibration: list[tuple[float, bool]] = field(default_factory=list)
    """(confidence, correct) of every predicted relation."""
    variants: dict[str, "Report"] = field(default_factory=dict)
    """The same documents scored with each reader's facts (the ablation), by reader name."""
    ceiling: Counts = field(default_factory=Counts)
    """Gold relations (gold) and those a candidate pair reaches in one of their evidence sentences (tp);
    where a gold relation gives no evidence, any sentence naming both of its arguments counts."""

    @property
    def status_accuracy(self) -> float:
        return self.status_right / self.relations.tp if self.relations.tp else 0.0

    @property
    def calibration_error(self) -> float:
        """Expected calibration error of the confidences over ten equal-width bins."""
        bins: dict[int, list[tuple[float, bool]]] = {}
        for confidence, correct in self.calibration:
            bins.setdefault(min(int(confidence * 10), 9), []).append((confidence, correct))
        total = len(self.calibration)
        return sum(abs(sum(c for c, _ in b) / len(b) - sum(ok for _, ok in b) / len(b)) * len(b) / total
                   for b in bins.values()) if total else 0.0

    @property
    def percent_accuracy(self) -> float:
        return self.percent_right / self.percent_total if self.percent_total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"documents": self.documents, "relations": self.relations.to_json(),
                "by_type": {t: c.to_json() for t, c in self.by_type.items()},
                "status_accuracy": round(self.status_accuracy, 4),
                "percent_accuracy": round(self.percent_accuracy, 4), "percent_total": self.percent_total,
                "entities": self.entities.to_json(),
                "calibration_error": round(self.calibration_error, 4),
                "readers": {name: {"relations": v.relations.to_json(), "status_accuracy": round(v.status_accuracy, 4),
                                   "calibration_error": round(v.calibration_error, 4)}
                            for name, v in self.variants.items()},
                "candidate_ceiling": {"reached": self.ceiling.tp, "gold": self.ceiling.gold,
                                      "share": round(self.ceiling.recall, 4)},
                "misses": self.misses,
                "false_positives": self.false_positives, "wrong_status": self.wrong_status,
                "wrong_percent": self.wrong_percent}


def _matches(predicted: RelationFact, gold: dict[str, Any], doc: GoldDocument) -> bool:
    if predicted.type != gold.get("type"):
        return False
    subject, obj = name_key(predicted.subject), name_key(predicted.object)
    gold_subject, gold_object = doc.keys_of(gold["subject"]), doc.keys_of(gold["object"])
    if subject in gold_subject and obj in gold_object:
        return True
    return predicted.type in SYMMETRIC_TYPES and subject in gold_object and obj in gold_subject


def score_document(facts: DocumentFacts, doc: GoldDocument, report: Report) -> None:
    """Add one document's comparison to the report."""
    report.documents += 1
    unmatched = list(range(len(doc.relations)))
    name = doc.article_path.name
    for fact in facts.relations:
        options = [i for i in unmatched if _matches(fact, doc.relations[i], doc)]
        report.by_type[fact.type].predicted += 1
        report.relations.predicted += 1
        report.calibration.append((fact.confidence, bool(options)))
        if not options:
            report.false_positives.append({"doc": name, **_brief(fact)})
            continue
        best = next((i for i in options if doc.relations[i].get("status") == fact.status), options[0])
        unmatched.remove(best)
        gold = doc.relations[best]
        report.relations.tp += 1
        report.by_type[fact.type].tp += 1
        if gold.get("status", "asserted") == fact.status:
            report.status_right += 1
        else:
            report.wrong_status.append({"doc": name, **_brief(fact), "gold_status": gold.get("status")})
        if gold.get("percent") is not None:
            report.percent_total += 1
            if fact.percent is not None and abs(float(gold["percent"]) - fact.percent) <= 0.5:
                report.percent_right += 1
            else:
                report.wrong_percent.append({"doc": name, **_brief(fact), "percent": fact.percent,
                                             "gold_percent": gold["percent"]})
    for gold in doc.relations:
        report.relations.gold += 1
        if gold.get("type") in report.by_type:
            report.by_type[gold["type"]].gold += 1
    for i in unmatched:
        gold = doc.relations[i]
        report.misses.append({"doc": name, "subject": gold["subject"], "type": gold["type"],
                              "object": gold["object"], "status": gold.get("status")})
    report.entities.add(_entity_counts(facts, doc))
    _add_ceiling(facts, doc, report)
    for reader, relations in facts.variants.items():
        variant = replace(facts, relations=relations, variants={}, sentences=[])
        score_document(variant, doc, report.variants.setdefault(reader, Report()))


def _add_ceiling(facts: DocumentFacts, doc: GoldDocument, report: Report) -> None:
    """How many gold relations a candidate pair reaches in one of their evidence sentences."""
    if not facts.sentences:
        return
    names: list[list[str]] = [[] for _ in facts.sentences]
    for pair in facts.candidates:
        names[pair.sentence].extend((pair.subject, pair.object))
    raw = doc.article_path.read_text(encoding="utf-8")
    _, reached = label_pairs(doc, facts.sentences, names, facts.candidates, raw)
    report.ceiling.gold += len(reached)
    report.ceiling.tp += sum(reached)


def _brief(fact: RelationFact) -> dict[str, Any]:
    return {"subject": fact.subject, "type": fact.type, "object": fact.object, "status": fact.status,
            "sentence": fact.evidence.sentence}


def _entity_counts(facts: DocumentFacts, doc: GoldDocument) -> Counts:
    gold_keys = [(e["type"], {name_key(e["name"]), *(name_key(a) for a in e.get("aliases", []))})
                 for e in doc.entities]
    taken: set[int] = set()
    tp = 0
    for entity in facts.entities:
        key = name_key(entity.name)
        for i, (kind, keys) in enumerate(gold_keys):
            if i not in taken and kind == entity.type and key in keys:
                taken.add(i)
                tp += 1
                break
    return Counts(tp=tp, predicted=len(facts.entities), gold=len(gold_keys))


def evaluate(paths: Iterable[str | Path], *, read: Callable[[list[Path]], Iterable[tuple[Path, DocumentFacts]]],
             on_progress: Callable[[int, int], None] | None = None,
             on_error: Callable[[Exception], None] | None = None) -> Report:
    """Score extraction against every gold file under `paths`.

    `read` turns article paths into (path, facts) pairs, so the caller picks the extractor
    and its parallelism. RETURNS the Report over all documents that could be read.
    """
    golds: list[GoldDocument] = []
    for root in paths:
        for path in find_gold(Path(root)):
            try:
                golds.append(read_gold(path))
            except Exception as exc:  # noqa: BLE001 - reported, the batch goes on
                if on_error is None:
                    raise
                on_error(exc)
    by_article = {g.article_path.resolve(): g for g in golds}
    report = Report()
    done = 0
    for article_path, facts in read([g.article_path for g in golds]):
        gold = by_article.get(Path(article_path).resolve())
        if gold is not None:
            score_document(facts, gold, report)
        done += 1
        if on_progress:
            on_progress(done, len(golds))
    return report


def agreement(first: Path, second: Path) -> Report:
    """Two annotations of the same articles scored against each other: `second`'s relations read as
    predictions against `first`'s gold (relation F1 is the same either way round)."""
    report = Report()
    for path in find_gold(first):
        other = second / path.name
        if not other.exists():
            continue
        gold, theirs = read_gold(path), read_gold(other)
        relations = [RelationFact(r["subject"], r["type"], r["object"], r.get("status", "asserted"),
                                  Evidence("", 0, 0), percent=r.get("percent")) for r in theirs.relations]
        entities = [Entity(f"e{i}", e["name"], e["type"]) for i, e in enumerate(theirs.entities)]
        score_document(DocumentFacts(path.name, None, "", "", entities, relations), gold, report)
    return report
