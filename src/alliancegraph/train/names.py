"""Training the name tagger (extract/_names.py) on the corpus's gold names, over the shipped reader's encoder.

Labels: every proper-name form of a gold entity (its name and the aliases that are names, not
descriptors or nationality adjectives) found in the article marks its words B/I of the entity's type;
every other word is O. The encoder stays as the reader was trained; only the small head learns.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc

from alliancegraph.evaluate._gold import find_gold, read_gold
from alliancegraph.extract import Extractor
from alliancegraph.extract._extract import text_of
from alliancegraph.extract._names import LABELS, NameTagger, decode, token_rows
from alliancegraph.extract._reader import LearnedReader
from alliancegraph.ingest import read_articles
from alliancegraph.names import is_descriptor

if TYPE_CHECKING:
    import torch

__all__ = ["NameData", "name_data", "fit_names", "span_figures"]

_KINDS = {"ORG": "ORG", "PERSON": "PERSON", "PLACE": "PLACE"}


@dataclass
class NameData:
    """Feature rows and labels of every token the encoder saw, and per sentence its rows' range and gold spans."""

    rows: np.ndarray
    labels: np.ndarray
    sentences: list[tuple[int, int, list[int], set[tuple[int, int, str]]]]


def _name_forms(entity: dict, demonyms: dict[str, str]) -> list[str]:
    forms = [entity["name"], *entity.get("aliases", [])]
    out = []
    for form in forms:
        form = re.sub(r"['’]s$", "", form.strip())
        if not form or not (form[0].isupper() or form[0].isdigit()) or is_descriptor(form):
            continue
        if entity["type"] == "PLACE" and form in demonyms and form != entity["name"]:
            continue
        out.append(form)
    return out


def gold_spans(text: str, entities: list[dict], demonyms: dict[str, str]) -> list[tuple[int, int, str]]:
    """Char spans of the gold names in a text, longest first where they overlap."""
    found = []
    for entity in entities:
        kind = _KINDS.get(entity.get("type", ""))
        if kind is None:
            continue
        for form in set(_name_forms(entity, demonyms)):
            for match in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
                found.append((match.start(), match.end(), kind))
    taken: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(end <= a or start >= b for a, b, _ in taken):
            taken.append((start, end, kind))
    return sorted(taken)


def _token_labels(doc: Doc, spans: list[tuple[int, int, str]]) -> list[int]:
    labels = [0] * len(doc)
    for start, end, kind in spans:
        inside = [t.i for t in doc if t.idx >= start and t.idx + len(t.text) <= end and not t.is_space]
        for n, i in enumerate(inside):
            labels[i] = LABELS.index(("B-" if n == 0 else "I-") + kind)
    return labels


def name_data(roots: Iterable[Path], extractor: Extractor, reader: LearnedReader) -> NameData:
    """Rows and labels for every article with gold under `roots`."""
    golds = [read_gold(p) for root in roots for p in find_gold(Path(root))]
    articles = read_articles([str(g.article_path) for g in golds])
    demonyms = extractor.gaz.demonyms
    rows, labels, sentences = [], [], []
    count = 0
    for article, gold in zip(articles, golds):
        doc = extractor.nlp(text_of(article))
        spans = gold_spans(doc.text, gold.entities, demonyms)
        token_labels = _token_labels(doc, spans)
        sents = list(doc.sents)
        for sent, (states, offsets) in zip(sents, reader.encode([s.text for s in sents])):
            sent_rows, tokens = token_rows(sent, states, offsets)
            if not tokens:
                continue
            rows.append(sent_rows)
            labels.extend(token_labels[sent.start + i] for i in tokens)
            truth = _spans_of([token_labels[sent.start + i] for i in range(len(sent))])
            sentences.append((count, count + len(tokens), tokens, truth))
            count += len(tokens)
    return NameData(np.concatenate(rows), np.array(labels, dtype=np.int64), sentences)


def _spans_of(labels: list[int]) -> set[tuple[int, int, str]]:
    spans, start = set(), None
    for i, label in enumerate([*labels, 0]):
        name = LABELS[label]
        if start is not None and not name.startswith("I-"):
            spans.add((start, i, LABELS[labels[start]][2:]))
            start = None
        if name.startswith("B-"):
            start = i
    return spans


def span_figures(tagger: NameTagger, data: NameData) -> tuple[float, float, float]:
    """Precision, recall and F1 of the tagger's spans (exact boundaries and type) against the gold names."""
    probabilities = tagger.probabilities(data.rows)
    tp = predicted = gold = 0
    for start, end, tokens, truth in data.sentences:
        found = {(n.start, n.end, n.label) for n in decode(probabilities[start:end], tokens)
                 if n.probability >= tagger.threshold}
        tp += len(found & truth)
        predicted += len(found)
        gold += len(truth)
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def fit_names(train: NameData, dev: NameData, *, hidden: int = 128, epochs: int = 12, seed: int = 13,
              log=print) -> NameTagger:  # type: ignore[no-untyped-def]
    """Train the head on `train`, keep the epoch with the best dev span F1, then the threshold with the best dev F1."""
    import torch

    torch.manual_seed(seed)
    mean = train.rows.mean(axis=0)
    scale = train.rows.std(axis=0) + 1e-4
    x = torch.from_numpy((train.rows - mean) / scale)
    y = torch.from_numpy(train.labels)
    model = torch.nn.Sequential(torch.nn.Dropout(0.2), torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(),
                                torch.nn.Dropout(0.2), torch.nn.Linear(hidden, len(LABELS)))
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
    generator = torch.Generator().manual_seed(seed)
    best: tuple[float, NameTagger | None] = (-1.0, None)
    for epoch in range(epochs):
        model.train()
        for batch in torch.randperm(len(x), generator=generator).split(256):
            optimiser.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x[batch]), y[batch])
            loss.backward()
            optimiser.step()
        tagger = NameTagger(_weights(model, mean, scale), threshold=0.5)
        f1 = span_figures(tagger, dev)[2]
        log(f"names epoch {epoch + 1}: dev span F1 {f1:.3f}")
        if f1 > best[0]:
            best = (f1, tagger)
    tagger = best[1]
    assert tagger is not None
    tagger.threshold = max(np.arange(0.3, 0.96, 0.05), key=lambda t: span_figures(
        NameTagger(tagger.weights, float(t)), dev)[2]).item()
    return tagger


def _weights(model: "torch.nn.Sequential", mean: np.ndarray, scale: np.ndarray) -> dict[str, np.ndarray]:
    first, last = model[1], model[4]
    return {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32),
            "hidden_weight": first.weight.detach().numpy().copy(), "hidden_bias": first.bias.detach().numpy().copy(),
            "out_weight": last.weight.detach().numpy().copy(), "out_bias": last.bias.detach().numpy().copy()}


def save_names(tagger: NameTagger, out: Path) -> None:
    np.savez_compressed(out / "names.npz", threshold=np.array(tagger.threshold, dtype=np.float32), **tagger.weights)
