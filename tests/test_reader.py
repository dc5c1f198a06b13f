"""The learned reader as users run it: the shipped int8 model through onnxruntime, and its training corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancegraph.cli import app
from alliancegraph.records import ARGUMENT_TYPES

pytestmark = pytest.mark.model

STORY = """date 2024-03-01 news

Geely to buy stake in Renault engine unit

1 March 2024 - 09:00 By Wire
China's Geely will buy a 20% stake in Horse, the engine business of French automaker Renault, the
companies said on Friday. Renault CEO Luca de Meo said the deal would close next year.

Aramco, the Saudi oil giant, is in talks to invest in the venture, people familiar with the matter said.
"""


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    from alliancegraph.extract import Extractor

    return Extractor(reader="union", variants=True)


def _article(tmp_path: Path):  # type: ignore[no-untyped-def]
    from alliancegraph.ingest import read_articles

    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return next(iter(read_articles([str(path)])))


def test_every_reader_keeps_to_the_argument_types_schema_allows(extractor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    facts = extractor(_article(tmp_path))
    types = {e.name: e.type for e in facts.entities}
    assert set(facts.variants) == {"rules", "model", "union", "gated"}
    for reader, relations in facts.variants.items():
        for fact in relations:
            subjects, objects = ARGUMENT_TYPES[fact.type]
            if reader == "union" or fact in facts.relations:
                assert types[fact.subject] in subjects and types[fact.object] in objects, (reader, fact)
            assert 0.0 < fact.confidence <= 1.0


def test_model_facts_carry_their_sentence_and_a_status(extractor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    facts = extractor(_article(tmp_path))
    model = facts.variants["model"]
    assert model, "the reader finds nothing in a story full of facts"
    text = "\n\n".join([facts.title, *STORY.split("\n\n")[2:]])
    for fact in model:
        assert fact.status in {"asserted", "planned", "proposed", "ended", "denied"}
        assert fact.evidence.sentence.strip() and fact.evidence.char_end > fact.evidence.char_start
        assert " ".join(fact.evidence.sentence.split()) in " ".join(text.split())


def test_union_holds_every_rule_fact(extractor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    facts = extractor(_article(tmp_path))
    union = {(f.subject, f.type, f.object) for f in facts.variants["union"]}
    assert {(f.subject, f.type, f.object) for f in facts.variants["rules"]} <= union


def test_extract_command_takes_a_reader(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(path), "--reader", "model"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert all(0 < r["confidence"] <= 1 for r in data["relations"])
    refused = runner.invoke(app, ["extract", str(path), "--reader", "oracle"])
    assert refused.exit_code != 0 and "--reader must be one of" in refused.output


def test_training_examples_label_only_the_evidence_sentence(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    from alliancegraph.train.corpus import examples_of

    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    start = STORY.index("Renault CEO")
    end = STORY.index("next year.") + len("next year.")
    (tmp_path / "a.gold.json").write_text(json.dumps({"doc": "a.txt", "entities": [
        {"name": "Renault", "type": "ORG", "aliases": ["French automaker Renault"]},
        {"name": "Luca de Meo", "type": "PERSON", "aliases": []}], "relations": [
        {"subject": "Luca de Meo", "type": "leads", "object": "Renault", "status": "asserted",
         "evidence": [{"char_start": start, "char_end": end}]}]}), encoding="utf-8")
    examples = list(examples_of([tmp_path], extractor))
    positives = [(e.text.strip(), e.entities[s]["name"], e.entities[o]["name"], label)
                 for e in examples for s, o, label, _ in e.pairs if label]
    assert positives == [("Renault CEO Luca de Meo said the deal would close next year.", "Luca de Meo", "Renault",
                          {"leads": "asserted"})]
    assert any(not label for e in examples for _, _, label, _ in e.pairs)


def test_default_reader_keeps_its_reading_of_the_reference_article(tmp_path: Path) -> None:
    """A regression guard at the figure MODEL.md reports (0.88; the rules alone reach 0.97): the
    model's additions in a story about lists of partners are where it still errs."""
    from conftest import SHARED

    from alliancegraph.evaluate import Report, read_gold, score_document
    from alliancegraph.extract import DEFAULT_READER, Extractor
    from alliancegraph.ingest import read_articles

    gold_path = SHARED / "examples" / "000_renault-nissan-2023-01-26.gold.json"
    if not gold_path.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    gold = read_gold(gold_path)
    report = Report()
    score_document(Extractor(reader=DEFAULT_READER)(next(iter(read_articles([str(gold.article_path)])))), gold, report)
    assert report.relations.f1 >= 0.85, report.relations.to_json()
    assert report.relations.recall >= 0.9, report.relations.to_json()


def test_marked_pair_variant_wraps_the_two_nearest_mentions(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    from alliancegraph.train.corpus import examples_of
    from alliancegraph.train.marked import mark_pairs

    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(json.dumps({"doc": "a.txt", "entities": [
        {"name": "Geely", "type": "ORG", "aliases": []}, {"name": "China", "type": "PLACE", "aliases": []}], "relations": [
        {"subject": "Geely", "type": "based_in", "object": "China", "status": "asserted",
         "evidence": [{"char_start": STORY.index("China's"), "char_end": STORY.index("on Friday.") + 10}]}]}),
        encoding="utf-8")
    example = next(e for e in examples_of([tmp_path], extractor) if "China's Geely" in e.text)
    marked = mark_pairs(example)
    assert len(marked) == len(example.pairs)
    for one, (subject, obj, labels, *_) in zip(marked, example.pairs):
        s_span, o_span = one.entities[0]["spans"][0], one.entities[1]["spans"][0]
        s_text, o_text = one.text[s_span[0]:s_span[1]], one.text[o_span[0]:o_span[1]]
        assert s_text.startswith("@ ") and s_text.endswith(" @")
        assert o_text.startswith("# ") and o_text.endswith(" #")
        assert one.text.count("@") == 2 and one.text.count("#") == 2
        assert one.pairs[0][2] == labels
    assert [one.text.split(",")[0] for one in marked if one.pairs[0][2]] == ["# China #'s @ Geely @ will buy a 20% stake in Horse"]


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("Abu Dhabi", "ORG", ("ORG", "PLACE")),
    ("Mubadala", "ORG", ("ORG",)),
    ("Tradeweb", "PERSON", ("PERSON", "ORG")),
])
def test_a_pair_may_take_the_other_reading_of_a_doubtful_type(name, kind, expected):  # type: ignore[no-untyped-def]
    from alliancegraph.extract._candidates import possible_types
    from alliancegraph.nlp import load_gazetteer
    from alliancegraph.resolve import DocEntity
    assert possible_types(DocEntity(index=0, name=name, type=kind), load_gazetteer()) == expected


def test_training_batches_hold_every_sentence_once_among_sentences_of_like_length() -> None:
    import random

    pytest.importorskip("torch")
    from tokenizers import Tokenizer

    from alliancegraph.extract._reader import default_model_dir
    from alliancegraph.train.corpus import SentenceExample
    from alliancegraph.train.fit import make_batches

    tokenizer = Tokenizer.from_file(str(default_model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    draw = random.Random(7)
    examples = [SentenceExample("d", " ".join(["merger"] * draw.randint(3, 60)), [], []) for _ in range(96)]
    batches = make_batches(examples, tokenizer, size=8, shuffle=random.Random(1))
    rows = sorted(int(n) for b in batches for n in b.inputs["attention_mask"].sum(dim=1))
    assert rows == sorted(len(e.ids) for e in tokenizer.encode_batch([e.text for e in examples]))
    padded = sum(b.inputs["input_ids"].numel() for b in batches)
    assert padded < 1.1 * sum(rows)


def test_the_threshold_is_the_middle_of_the_dev_plateau_not_its_edge() -> None:
    from alliancegraph.train.tune import plateau_middle

    f1s = [0.60, 0.64, 0.662, 0.665, 0.661, 0.665, 0.664, 0.652, 0.64]
    rows = [{"threshold": round(0.4 + 0.05 * i, 2), "f1": f1} for i, f1 in enumerate(f1s)]
    assert plateau_middle(rows)["threshold"] == 0.6
    assert plateau_middle(rows[:1])["threshold"] == 0.4
