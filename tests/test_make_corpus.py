"""benchmarks/make_corpus.py: a generated corpus keeps the gold contract and is the same for the same seed."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from alliancegraph.evaluate import check_gold

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "make_corpus.py"


@pytest.fixture(scope="module")
def make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _write(make_corpus: ModuleType, out: Path, n: int, seed: int) -> list[Path]:
    return list(make_corpus.write_corpus(out, n, seed=seed, pool=make_corpus.templates()))


def test_a_generated_corpus_passes_check_gold(make_corpus: ModuleType, tmp_path: Path) -> None:
    written = _write(make_corpus, tmp_path, 40, seed=5)
    results = check_gold(tmp_path)
    assert len(written) == len(results) == 40
    assert [problem for result in results for problem in result.errors] == []


def test_gold_relations_name_their_parties_in_their_evidence(make_corpus: ModuleType, tmp_path: Path) -> None:
    years, relations = set(), 0
    for article in _write(make_corpus, tmp_path, 40, seed=6):
        text = article.read_text(encoding="utf-8")
        gold = json.loads(article.with_name(article.stem + ".gold.json").read_text(encoding="utf-8"))
        years.add(text.split()[1][:4])
        names = {entity["name"] for entity in gold["entities"]}
        for relation in gold["relations"]:
            evidence = "".join(text[span["char_start"]:span["char_end"]] for span in relation["evidence"])
            assert relation["subject"] in evidence and relation["object"] in evidence, (article, relation)
            assert {relation["subject"], relation["object"]} <= names
            relations += 1
    assert relations >= 40 * 3 and len(years) > 3


def test_the_same_seed_writes_the_same_corpus(make_corpus: ModuleType, tmp_path: Path) -> None:
    first = _write(make_corpus, tmp_path / "a", 10, seed=7)
    again = _write(make_corpus, tmp_path / "b", 10, seed=7)
    other = _write(make_corpus, tmp_path / "c", 10, seed=8)
    assert [p.read_text() for p in first] == [p.read_text() for p in again]
    assert [p.read_text() for p in first] != [p.read_text() for p in other]


def test_a_template_swaps_every_name_and_keeps_places(make_corpus: ModuleType) -> None:
    entities = {"Renault": {"name": "Renault", "type": "ORG", "aliases": ["Renault", "the French automaker"]},
                "Nissan": {"name": "Nissan", "type": "ORG", "aliases": ["Nissan Motor"]},
                "Japan": {"name": "Japan", "type": "PLACE", "aliases": ["Japan"]}}
    stake = {"subject": "Renault", "type": "owns_stake", "object": "Nissan", "status": "asserted", "percent": 43.0}
    based = {"subject": "Nissan", "type": "based_in", "object": "Japan", "status": "asserted"}
    template = make_corpus._template("Renault owns 43% of Nissan Motor of Japan, Renault said.", [stake, based],
                                     entities)
    assert "".join(template.pieces) == " owns 43% of  of Japan,  said."
    assert template.slots == (0, 1, 0) and template.types == ("ORG", "ORG")
    ends = [(r["subject"], r["object"], r.get("percent")) for r in template.relations]
    assert ends == [(0, 1, 43.0), (1, "Japan", None)]
    only_described = make_corpus._template("The French automaker owns 43% of Nissan.", [stake], entities)
    assert only_described is None
