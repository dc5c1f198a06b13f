"""Labelled examples for the relation reader: one per sentence, its entity mentions and candidate pairs.

Labels come from gold relations through their evidence sentences (data/ANNOTATION.md), so a pair is
positive only in the sentence that states the fact. Needs no torch: the runtime's features are the same.
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from alliancegraph.evaluate import find_gold, read_gold
from alliancegraph.evaluate._align import UNKNOWN, label_pairs
from alliancegraph.extract import Extractor, candidate_pairs, sentence_mentions, text_of
from alliancegraph.extract._features import TYPE_ORDER, rule_signals
from alliancegraph.ingest import read_articles
from alliancegraph.records import CandidatePair

__all__ = ["SentenceExample", "examples_of", "names_by_type", "read_examples", "swap_names", "write_examples"]


@dataclass
class SentenceExample:
    """One sentence: its text, the entities it refers to (char spans in the sentence, type) and its pairs.

    `pairs` holds (subject entity, object entity, {type: status}, [types the rules read]) with entity
    positions in `entities`; an empty dict is a pair the gold does not relate. Pairs that a gold relation without evidence may
    be about are left out, neither positive nor negative.
    """

    doc: str
    text: str
    entities: list[dict]
    pairs: list[tuple[int, int, dict[str, str], list[str]]]


def examples_of(roots: Iterable[Path], extractor: Extractor, *,
                evidence_only: bool = True) -> Iterator[SentenceExample]:
    """Every sentence with at least one candidate pair, of every gold article under `roots`.

    With `evidence_only`, an article whose gold gives no evidence is left out: labelling every
    sentence that names both parties teaches the reader to relate every pair it sees.
    """
    for root in roots:
        for gold_path in find_gold(Path(root)):
            gold = read_gold(gold_path)
            if evidence_only and not any(r.get("evidence") for r in gold.relations):
                continue
            yield from _document_examples(gold, extractor)


def _document_examples(gold, extractor: Extractor) -> Iterator[SentenceExample]:  # type: ignore[no-untyped-def]
    article = next(a for a in read_articles([str(gold.article_path)]) if not isinstance(a, Exception))
    ctx = extractor.context(extractor.parse(text_of(article)))
    rules = extractor.rule_facts(ctx, article)
    sentences = sentence_mentions(ctx)
    signals = rule_signals(rules, [s.char_start for s in sentences], {e.name: e.index for e in ctx.entities})
    pairs = candidate_pairs(ctx, sentences)
    named = [CandidatePair(p.sentence, ctx.entities[p.subject].name, ctx.entities[p.object].name, p.types)
             for p in pairs]
    mention_names = [[ctx.entities[e].name for e in s.mentions] for s in sentences]
    raw = gold.article_path.read_text(encoding="utf-8")
    labels, _ = label_pairs(gold, [s.text for s in sentences], mention_names, named, raw)
    by_sentence: dict[int, list[tuple[int, int, dict[str, str], list[str]]]] = {}
    for pair, label in zip(pairs, labels):
        if UNKNOWN in label.values():
            continue
        flags = signals.get((pair.sentence, pair.subject, pair.object), [])
        read = [t for t, flag in zip(TYPE_ORDER, flags) if flag]
        by_sentence.setdefault(pair.sentence, []).append((pair.subject, pair.object, label, read))
    for sentence in sentences:
        found = by_sentence.get(sentence.index)
        if not found:
            continue
        order = list(sentence.mentions)
        entities = [{"type": ctx.entity_type(e), "name": ctx.entities[e].name,
                     "spans": [[a - sentence.char_start, b - sentence.char_start] for a, b in sentence.mentions[e]]}
                    for e in order]
        yield SentenceExample(gold.article_path.name, sentence.text, entities,
                              [(order.index(s), order.index(o), label, read) for s, o, label, read in found])


def write_examples(examples: Iterable[SentenceExample], path: Path) -> int:
    """Write examples as JSON Lines; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for example in examples:
            out.write(json.dumps(asdict(example), ensure_ascii=False) + "\n")
            count += 1
    return count


def read_examples(path: Path) -> list[SentenceExample]:
    """Examples written by `write_examples`."""
    with path.open(encoding="utf-8") as lines:
        return [SentenceExample(**json.loads(line)) for line in lines if line.strip()]


def swap_names(example: SentenceExample, names: dict[str, list[str]], rng: random.Random,
               share: float = 0.5) -> SentenceExample:
    """A copy of `example` in which each named mention of an ORG or PERSON is, with probability `share`,
    replaced by another name of the same type from `names`, so the reader learns from the words
    around a name rather than from the name. Labels and places are kept; spans are moved."""
    edits: list[tuple[int, int, str, int]] = []
    for position, entity in enumerate(example.entities):
        pool = names.get(entity["type"])
        if not pool or entity["type"] == "PLACE" or rng.random() >= share:
            continue
        new = rng.choice(pool)
        for start, end in entity["spans"]:
            if example.text[start:end] == entity["name"] or example.text[start:end] in entity["name"]:
                edits.append((start, end, new, position))
    if not edits:
        return example
    edits.sort()
    text, shift, spans = example.text, 0, {i: [] for i in range(len(example.entities))}
    kept = [e for i, e in enumerate(edits) if i == 0 or e[0] >= edits[i - 1][1]]
    moved: dict[tuple[int, int], tuple[int, int]] = {}
    for start, end, new, _ in kept:
        text = text[:start + shift] + new + text[end + shift:]
        moved[(start, end)] = (start + shift, start + shift + len(new))
        shift += len(new) - (end - start)
    for position, entity in enumerate(example.entities):
        for start, end in entity["spans"]:
            if (start, end) in moved:
                spans[position].append(list(moved[(start, end)]))
            else:
                offset = sum(len(n) - (e - s) for s, e, n, _ in kept if e <= start)
                spans[position].append([start + offset, end + offset])
    entities = [{**e, "spans": spans[i]} for i, e in enumerate(example.entities)]
    return SentenceExample(example.doc, text, entities, example.pairs)


def names_by_type(examples: Iterable[SentenceExample]) -> dict[str, list[str]]:
    """Every distinct entity name the examples mention, by entity type."""
    found: dict[str, set[str]] = {}
    for example in examples:
        for entity in example.entities:
            found.setdefault(entity["type"], set()).add(entity["name"])
    return {kind: sorted(names) for kind, names in found.items()}
