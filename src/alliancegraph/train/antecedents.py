"""Fitting the antecedent ranker (resolve/_antecedents.py) on the descriptions the gold resolves.

`python -m alliancegraph.train.antecedents`: every description the resolver meets in data/train
("the company", "the Japanese group") whose text the article's gold lists as an alias of exactly one
entity is a training case: its candidates are the companies the resolver's hard rules leave, the
right one is the gold entity. A listwise logistic model (softmax over each case's candidates) is
fitted with numpy; the dev articles give its accuracy against the hand-written order. Needs no torch.
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from alliancegraph.evaluate._align import gold_name_of
from alliancegraph.evaluate._gold import GoldDocument, find_gold, read_gold
from alliancegraph.extract import Extractor
from alliancegraph.extract._extract import text_of
from alliancegraph.ingest import read_articles
from alliancegraph.names import is_descriptor, name_key
from alliancegraph.resolve import DescriptorResolver, resolve_document
from alliancegraph.resolve._antecedents import FEATURES, AntecedentRanker, default_path

__all__ = ["Case", "cases_of", "fit_ranker", "accuracy"]


@dataclass
class Case:
    """One description: its candidates' rows, which of them are right, and the hand-written pick."""

    rows: np.ndarray
    right: np.ndarray
    hand: int | None


def _descriptions_of(gold: GoldDocument) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for entity in gold.entities:
        for alias in entity.get("aliases", []):
            if is_descriptor(alias):
                out.setdefault(name_key(alias), set()).add(entity["name"])
    return out


def cases_of(roots: Iterable[Path], extractor: Extractor) -> list[Case]:
    """The training cases of every gold article under `roots`."""
    golds = [read_gold(p) for root in roots for p in find_gold(root)]
    articles = read_articles([str(g.article_path) for g in golds])
    cases = []
    for article, gold in zip(articles, golds):
        doc = extractor.nlp(text_of(article))
        observed: list = []
        entities, slots = resolve_document(doc, extractor.gaz, DescriptorResolver(extractor.gaz, observed=observed))
        picks = {s.start: s.candidates[0] for s in slots if s.kind == "descriptor" and s.candidates}
        descriptions = _descriptions_of(gold)
        for chunk, candidates, rows in observed:
            wanted = descriptions.get(name_key(chunk.text), set())
            if len(wanted) != 1 or len(candidates) < 2:
                continue
            right = np.array([gold_name_of(entities[c].name, gold) in wanted for c in candidates])
            if not right.any():
                continue
            hand = picks.get(chunk.start)
            cases.append(Case(np.asarray(rows, dtype=np.float64), right,
                              candidates.index(hand) if hand in candidates else None))
    return cases


def fit_ranker(cases: list[Case], *, epochs: int = 400, rate: float = 0.5, l2: float = 1e-3) -> AntecedentRanker:
    """Gradient descent on the mean softmax loss of the right candidates, each case one softmax."""
    weights = np.zeros(len(FEATURES))
    for _ in range(epochs):
        grad = l2 * weights
        for case in cases:
            scores = case.rows @ weights
            p = np.exp(scores - scores.max())
            p /= p.sum()
            target = case.right / case.right.sum()
            grad += case.rows.T @ (p - target) / len(cases)
        weights -= rate * grad
    return AntecedentRanker(weights, 0.0)


def accuracy(cases: list[Case], ranker: AntecedentRanker | None) -> float:
    """Share of cases whose first candidate is right: the ranker's, or the hand-written order's."""
    if not cases:
        return 0.0
    right = 0
    for case in cases:
        pick = int(np.argmax(ranker.scores(case.rows.tolist()))) if ranker is not None else case.hand
        right += int(pick is not None and bool(case.right[pick]))
    return right / len(cases)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m alliancegraph.train.antecedents", description=__doc__)
    parser.add_argument("--train", nargs="+", default=[Path("data/sample"), Path("data/train")], type=Path)
    parser.add_argument("--dev", nargs="+", default=[Path("data/dev")], type=Path)
    parser.add_argument("--out", type=Path, default=default_path())
    args = parser.parse_args()
    extractor = Extractor(reader="rules")
    train, dev = cases_of(args.train, extractor), cases_of(args.dev, extractor)
    ranker = fit_ranker(train)
    print(f"antecedents: {len(train)} train cases, {len(dev)} dev cases; first pick right: "
          f"hand order {accuracy(train, None):.3f} / {accuracy(dev, None):.3f}, "
          f"learned {accuracy(train, ranker):.3f} / {accuracy(dev, ranker):.3f} (train / dev)", flush=True)
    args.out.write_text(json.dumps(ranker.to_json(), indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
