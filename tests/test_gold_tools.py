"""The gold checker, evidence alignment, the candidate ceiling and calibration: no model needed."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from alliancegraph.cli import app
from alliancegraph.evaluate import Report, check_gold, read_gold, score_document
from alliancegraph.evaluate._align import UNKNOWN, align_sentences, label_pairs
from alliancegraph.extract._combine import combine
from alliancegraph.records import CandidatePair, DocumentFacts, Evidence, RelationFact

ARTICLE = """date 2024-03-01 news

Geely buys stake in Renault unit

1 March 2024 - 09:00 By Wire
Chinese carmaker Geely will buy 20% of Horse, the engine unit of Renault.
Renault CEO Luca de Meo said the deal
would close next year.
"""


def _write(tmp_path: Path, relations: list[dict], entities: list[dict] | None = None) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "a.gold.json"
    path.write_text(json.dumps({"doc": "a.txt", "entities": entities or [
        {"name": "Geely", "type": "ORG", "aliases": ["Chinese carmaker Geely"]},
        {"name": "Horse", "type": "ORG", "aliases": ["the engine unit"]},
        {"name": "Renault", "type": "ORG", "aliases": []},
        {"name": "Luca de Meo", "type": "PERSON", "aliases": []},
        {"name": "China", "type": "PLACE", "aliases": ["Chinese"]}], "relations": relations}), encoding="utf-8")
    return path


def test_anchor_turns_quotes_into_offsets_that_hold_the_quote(tmp_path: Path) -> None:
    quote = "Renault CEO Luca de Meo said the deal would close next year."
    path = _write(tmp_path, [{"subject": "Luca de Meo", "type": "leads", "object": "Renault", "status": "asserted",
                              "title": "CEO", "evidence_text": [quote]}])
    [result] = check_gold(path, anchor=True)
    assert result.errors == [] and result.anchored == 1
    relation = json.loads(path.read_text(encoding="utf-8"))["relations"][0]
    span = relation["evidence"][0]
    assert "evidence_text" not in relation
    assert " ".join(ARTICLE[span["char_start"]:span["char_end"]].split()) == quote


def test_checker_refuses_argument_types_unknown_names_and_missing_quotes(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        {"subject": "China", "type": "acquires", "object": "Horse", "status": "planned", "evidence_text": ["Geely"]},
        {"subject": "Volvo", "type": "owns_stake", "object": "Horse", "status": "asserted",
         "evidence_text": ["Volvo owns Horse."]},
        {"subject": "Geely", "type": "owns_stake", "object": "Horse", "status": "maybe"}])
    [result] = check_gold(path)
    joined = "\n".join(result.errors)
    assert "acquires cannot link PLACE -> ORG" in joined
    assert "'Volvo' is not an entity name" in joined
    assert "quote not found" in joined
    assert "status must be one of" in joined
    assert "no evidence" in joined


def test_check_gold_command_exits_1_on_errors(tmp_path: Path) -> None:
    _write(tmp_path, [{"subject": "Geely", "type": "based_in", "object": "Horse", "status": "asserted",
                       "evidence_text": ["Geely"]}])
    result = CliRunner().invoke(app, ["check-gold", str(tmp_path)])
    assert result.exit_code == 1
    assert "based_in cannot link ORG -> ORG" in result.output


def test_sentences_align_to_the_file_across_line_breaks() -> None:
    spans = align_sentences(["Geely buys stake in Renault unit",
                             "Renault CEO Luca de Meo said the deal would close next year.", "Not in it."], ARTICLE)
    assert ARTICLE[spans[0][0]:spans[0][1]] == "Geely buys stake in Renault unit"
    assert ARTICLE[spans[1][0]:spans[1][1]].startswith("Renault CEO") and spans[1][1] > ARTICLE.index("would")
    assert spans[2] is None


def test_pairs_are_labelled_only_in_evidence_sentences(tmp_path: Path) -> None:
    body = ARTICLE.index("Chinese carmaker")
    sentence = "Chinese carmaker Geely will buy 20% of Horse, the engine unit of Renault."
    path = _write(tmp_path, [
        {"subject": "Geely", "type": "acquires", "object": "Horse", "status": "planned",
         "evidence": [{"char_start": body, "char_end": body + len(sentence)}]},
        {"subject": "Horse", "type": "subsidiary_of", "object": "Renault", "status": "asserted"}])
    gold = read_gold(path)
    sentences = ["Geely buys stake in Renault unit", sentence]
    mentions = [["Geely", "Renault"], ["Geely", "Horse", "Renault"]]
    pairs = [CandidatePair(0, "Geely", "Renault", ("acquires",)), CandidatePair(1, "Geely", "Horse", ("acquires",)),
             CandidatePair(1, "Horse", "Renault", ("subsidiary_of",)), CandidatePair(1, "Geely", "Renault", ("acquires",))]
    labels, reached = label_pairs(gold, sentences, mentions, pairs, ARTICLE)
    assert labels == [{}, {"acquires": "planned"}, {"subsidiary_of": UNKNOWN}, {}]
    assert reached == [True, True]


def test_ceiling_counts_gold_a_candidate_pair_reaches(tmp_path: Path) -> None:
    body = ARTICLE.index("Chinese carmaker")
    path = _write(tmp_path, [
        {"subject": "Geely", "type": "acquires", "object": "Horse", "status": "planned",
         "evidence": [{"char_start": body, "char_end": body + 20}]},
        {"subject": "Luca de Meo", "type": "leads", "object": "Renault", "status": "asserted", "title": "CEO",
         "evidence": [{"char_start": ARTICLE.index("Renault CEO"), "char_end": len(ARTICLE) - 1}]}])
    facts = DocumentFacts("a.txt", None, "", "", [], [],
                          sentences=["Chinese carmaker Geely will buy 20% of Horse, the engine unit of Renault.",
                                     "Renault CEO Luca de Meo said the deal would close next year."],
                          candidates=[CandidatePair(0, "Geely", "Horse", ("acquires", "owns_stake"))])
    report = Report()
    score_document(facts, read_gold(path), report)
    assert (report.ceiling.tp, report.ceiling.gold) == (1, 2)


def _fact(subject: str, rel: str, obj: str, confidence: float) -> RelationFact:
    return RelationFact(subject, rel, obj, "asserted", Evidence("s", 0, 1), confidence=confidence)


def test_calibration_error_is_the_gap_between_confidence_and_hits() -> None:
    report = Report()
    report.calibration = [(0.95, True), (0.95, False), (0.15, False), (0.15, False)]
    assert abs(report.calibration_error - (0.5 * 0.45 + 0.5 * 0.15)) < 1e-9


def test_readers_combine_rules_and_model_as_documented() -> None:
    rules = [_fact("A", "acquires", "B", 0.8), _fact("A", "leads", "C", 0.8)]
    learned = [_fact("A", "acquires", "B", 0.9), _fact("B", "partners_with", "D", 0.6),
               _fact("D", "merges_with", "E", 0.95)]
    scored = {("A", "acquires", "B"): 0.9, ("A", "leads", "C"): 0.1}
    keys = lambda facts: sorted((f.subject, f.type, f.object) for f in facts)  # noqa: E731
    assert combine("rules", rules, learned, scored, 0.5) == rules
    assert combine("model", rules, learned, scored, 0.5) == learned
    assert keys(combine("union", rules, learned, scored, 0.5)) == [
        ("A", "acquires", "B"), ("A", "leads", "C"), ("B", "partners_with", "D"), ("D", "merges_with", "E")]
    assert keys(combine("gated", rules, learned, scored, 0.5)) == [("A", "acquires", "B"), ("D", "merges_with", "E")]


def test_the_model_does_not_give_a_company_a_second_home_country() -> None:
    rules = [_fact("Tencent", "based_in", "China", 0.9), _fact("Tiger Global", "based_in", "U.S.", 0.9)]
    learned = [_fact("Tencent", "based_in", "U.S.", 0.7), _fact("Tencent", "based_in", "Shenzhen", 0.7),
               _fact("Microsoft", "based_in", "U.S.", 0.7)]
    countries = frozenset({"China", "U.S."})
    keys = {(f.subject, f.object) for f in combine("union", rules, learned, {}, 0.5, countries) if f.type == "based_in"}
    assert keys == {("Tencent", "China"), ("Tiger Global", "U.S."), ("Tencent", "Shenzhen"), ("Microsoft", "U.S.")}


def test_agreement_scores_one_annotation_against_another(tmp_path: Path) -> None:
    from alliancegraph.evaluate import agreement

    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    leads = {"subject": "Luca de Meo", "type": "leads", "object": "Renault", "status": "asserted", "title": "CEO"}
    buys = {"subject": "Geely", "type": "acquires", "object": "Horse", "status": "planned"}
    _write(first, [leads, buys])
    _write(second, [leads, {**buys, "type": "owns_stake"}])
    report = agreement(first, second)
    assert (report.relations.tp, report.relations.predicted, report.relations.gold) == (1, 2, 2)
    assert CliRunner().invoke(app, ["agreement", str(first), str(second)]).exit_code == 0


def test_between_row_averages_the_words_between_the_nearest_mentions() -> None:
    from alliancegraph.extract._features import between_row

    text = "Geely will buy Horse, and Geely said so"
    offsets = [(0, 0), (0, 5), (6, 10), (11, 14), (15, 20), (20, 21), (22, 25), (26, 31), (32, 36), (37, 39), (0, 0)]
    row = between_row(offsets, [(0, 5), (26, 31)], [(15, 20)], len(offsets))
    assert [text[a:b] for (a, b), w in zip(offsets, row) if w] == [",", "and"]
    assert abs(row.sum() - 1.0) < 1e-6
    assert not between_row(offsets, [(0, 5)], [(6, 10)], len(offsets)).any()


def test_a_holder_takes_the_percentage_that_follows_it() -> None:
    from alliancegraph.extract._candidates import SentenceMentions
    from alliancegraph.extract._combine import _percent_of_holder

    text = "Its largest holders are Primecap, with 11.07%, BlackRock, with 9.4%, and the founder."
    at = {name: text.index(name) for name in ("Primecap", "BlackRock", "founder")}
    sentence = SentenceMentions(0, 100, 100 + len(text), text, {
        1: ((100 + at["Primecap"], 100 + at["Primecap"] + 8),),
        2: ((100 + at["BlackRock"], 100 + at["BlackRock"] + 9),),
        3: ((100 + at["founder"], 100 + at["founder"] + 7),)})
    assert [_percent_of_holder(sentence, e) for e in (1, 2, 3)] == [11.07, 9.4, 9.4]
