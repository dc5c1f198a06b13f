"""The scorer, on hand-built predictions: no model needed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliancegraph.errors import GoldError
from alliancegraph.evaluate import Report, read_gold, score_document
from alliancegraph.records import DocumentFacts, Entity, Evidence, RelationFact


def _gold(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("date 2023-01-26 news\n\nT\n\nx\nbody\n", encoding="utf-8")
    path = tmp_path / "a.gold.json"
    path.write_text(json.dumps({"doc": "a.txt", "entities": [
        {"name": "Renault", "type": "ORG", "aliases": ["Renault SA", "the French automaker"]},
        {"name": "Nissan", "type": "ORG", "aliases": ["Nissan"]},
        {"name": "Geely", "type": "ORG", "aliases": []},
        {"name": "France", "type": "PLACE", "aliases": ["French"]}],
        "relations": [
            {"subject": "Renault", "type": "owns_stake", "object": "Nissan", "status": "asserted", "percent": 43},
            {"subject": "Renault", "type": "partners_with", "object": "Geely", "status": "planned"},
            {"subject": "Renault", "type": "based_in", "object": "France", "status": "asserted"}]}),
        encoding="utf-8")
    return path


def _fact(subject: str, rel: str, obj: str, status: str, **attrs: object) -> RelationFact:
    return RelationFact(subject, rel, obj, status, Evidence("s", 0, 1), **attrs)  # type: ignore[arg-type]


def test_matching_uses_aliases_symmetry_and_counts_once(tmp_path: Path) -> None:
    gold = read_gold(_gold(tmp_path))
    facts = DocumentFacts("a.txt", None, "", "", [Entity("e1", "Renault SA", "ORG"), Entity("e2", "Nissan", "ORG"),
                                                   Entity("e3", "Toyota", "ORG")], [
        _fact("Renault SA", "owns_stake", "Nissan", "asserted", percent=43.2),
        _fact("Geely", "partners_with", "Renault", "proposed"),
        _fact("Geely", "partners_with", "Renault", "planned"),
        _fact("Nissan", "owns_stake", "Renault", "asserted"),
    ])
    report = Report()
    score_document(facts, gold, report)
    assert (report.relations.tp, report.relations.predicted, report.relations.gold) == (2, 4, 3)
    assert report.status_right == 1
    assert (report.percent_right, report.percent_total) == (1, 1)
    assert [m["type"] for m in report.misses] == ["based_in"]
    assert len(report.false_positives) == 2
    assert (report.entities.tp, report.entities.predicted, report.entities.gold) == (2, 3, 4)


def test_percent_outside_half_a_point_is_wrong(tmp_path: Path) -> None:
    gold = read_gold(_gold(tmp_path))
    facts = DocumentFacts("a.txt", None, "", "", [], [_fact("Renault", "owns_stake", "Nissan", "asserted",
                                                            percent=43.6)])
    report = Report()
    score_document(facts, gold, report)
    assert (report.percent_right, report.percent_total) == (0, 1)


def test_malformed_gold_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "b.gold.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="b.gold.json: not a readable gold file"):
        read_gold(path)
