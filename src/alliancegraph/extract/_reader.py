"""The learned relation reader at run time: int8 ONNX encoder, numpy heads; no torch.

One encoder pass per sentence: the name tagger (extract/_names.py) reads every sentence first, and
the pair scorer reuses those states; every pair of a sentence is scored from the pooled states of
its two entities (extract/_features.py).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from spacy.tokens import Doc

from alliancegraph.errors import ModelNotInstalled
from alliancegraph.extract._names import NameTagger, add_names
from alliancegraph.extract._candidates import PairCandidate, SentenceMentions
from alliancegraph.extract._features import (ENTITY_TYPE_IDS, MAX_WORDPIECES, STATUS_ORDER, TYPE_ORDER, between_row,
                                             pooling_rows)

_NO_SIGNAL = [0.0] * len(TYPE_ORDER)
Encoded = tuple[np.ndarray, list[tuple[int, int]]]
"""One sentence through the encoder: its wordpieces' states and their char offsets in the sentence."""

__all__ = ["PairScore", "LearnedReader", "default_model_dir"]


def _name_tagger(path: Path) -> NameTagger | None:
    if not (path / "names.npz").exists():
        return None
    with np.load(path / "names.npz") as stored:
        weights = {name: stored[name].astype(np.float64) for name in stored.files}
    return NameTagger(weights, float(weights.pop("threshold")))


def default_model_dir() -> Path:
    """Where the shipped reader lies inside the package."""
    return Path(str(resources.files("alliancegraph") / "data" / "models" / "reader"))


@dataclass(frozen=True)
class PairScore:
    """The reader's probabilities for one candidate pair: per relation type, and per type a status."""

    pair: PairCandidate
    types: dict[str, float]
    statuses: dict[str, dict[str, float]]


class LearnedReader:
    """Scores candidate pairs with the trained encoder and heads found in `path`."""

    def __init__(self, path: Path | None = None, *, batch_size: int = 16) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.path = Path(path) if path else default_model_dir()
        if not (self.path / "encoder.int8.onnx").exists():
            raise ModelNotInstalled(f"no trained relation reader in {self.path}; run `make train`, "
                                    "or use --reader rules")
        self.config = json.loads((self.path / "config.json").read_text(encoding="utf-8"))
        base = float(self.config.get("threshold", 0.5))
        self.thresholds = {reader: float(self.config.get("thresholds", {}).get(reader, base))
                           for reader in ("model", "union", "gated")}
        """The probability over which a pair is a fact, per way of reading (tuned on dev by `make train`)."""
        self._session: onnxruntime.InferenceSession | None = None
        self._session_pid = 0
        self.tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_WORDPIECES)
        with np.load(self.path / "heads.npz") as heads:
            self.heads = {name: heads[name].astype(np.float64) for name in heads.files}
        """In float64: float32 sums differ in the 7th place with the number of BLAS threads, and a
        cluster's workers must read the facts one process reads."""
        self.batch_size = batch_size
        self.names = _name_tagger(self.path)
        """The name tagger trained over this encoder (extract/_names.py), if the model directory has one."""
        self.temperature = float(self.config.get("temperature", 1.0))
        """Type logits are divided by it before the sigmoid, so a probability means what it says (fitted on dev)."""

    @property
    def session(self):  # type: ignore[no-untyped-def]
        """The encoder's onnxruntime session, made in the process that uses it: a session made before a
        fork serialises the forked workers."""
        import onnxruntime

        if self._session is None or self._session_pid != os.getpid():
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            self._session = onnxruntime.InferenceSession(str(self.path / "encoder.int8.onnx"), options,
                                                         providers=["CPUExecutionProvider"])
            self._session_pid = os.getpid()
        return self._session

    def score(self, sentences: list[SentenceMentions], pairs: list[PairCandidate], entity_types: dict[int, str],
              signals: dict[tuple[int, int, int], list[float]],
              memo: dict[str, Encoded] | None = None) -> list[PairScore]:
        """Probabilities for every pair, in the order given (pairs whose mentions were truncated away
        are left out). `signals` are the rules' flags per pair (extract/_features.py); `memo` holds
        sentences already encoded (by text), as the name tagger leaves them."""
        by_sentence: dict[int, list[PairCandidate]] = {}
        for pair in pairs:
            by_sentence.setdefault(pair.sentence, []).append(pair)
        order = sorted(by_sentence)
        scores: dict[PairCandidate, PairScore] = {}
        for at in range(0, len(order), self.batch_size):
            chunk = [sentences[i] for i in order[at:at + self.batch_size]]
            for sentence, states in zip(chunk, self.encode([s.text for s in chunk], memo)):
                scores.update(self._score_sentence(sentence, states, by_sentence[sentence.index], entity_types,
                                                   signals))
        return [scores[p] for p in pairs if p in scores]

    def encode(self, texts: list[str], memo: dict[str, Encoded] | None = None) -> list[Encoded]:
        """The encoder's states and the wordpieces' char offsets for each text; texts in `memo` are not
        encoded again, and new ones are added to it. Texts are encoded in batches of like length, so
        little of the work goes on padding."""
        memo = {} if memo is None else memo
        fresh = sorted(dict.fromkeys(t for t in texts if t not in memo), key=len)
        for at in range(0, len(fresh), self.batch_size):
            chunk = fresh[at:at + self.batch_size]
            memo.update(zip(chunk, self._encode(chunk)))
        return [memo[t] for t in texts]

    def _encode(self, texts: list[str]) -> list[Encoded]:
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, :len(encoding.ids)] = encoding.ids
            mask[row, :len(encoding.ids)] = 1
        (states,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
        return [(states[row], encodings[row].offsets) for row in range(len(texts))]

    def _score_sentence(self, sentence: SentenceMentions, encoded: Encoded,
                        pairs: list[PairCandidate], entity_types: dict[int, str],
                        signals: dict[tuple[int, int, int], list[float]]) -> dict[PairCandidate, PairScore]:
        states, offsets = encoded
        entities = list(sentence.mentions)
        spans = [[(a - sentence.char_start, b - sentence.char_start) for a, b in sentence.mentions[e]]
                 for e in entities]
        pools = pooling_rows(offsets, spans, states.shape[0])
        vectors = pools @ states
        usable = [p for p in pairs if pools[entities.index(p.subject)].any() and pools[entities.index(p.object)].any()]
        if not usable:
            return {}
        s = np.stack([vectors[entities.index(p.subject)] for p in usable])
        o = np.stack([vectors[entities.index(p.object)] for p in usable])
        cls = np.repeat(states[0][None, :], len(usable), axis=0)
        between = np.stack([between_row(offsets, spans[entities.index(p.subject)], spans[entities.index(p.object)],
                                        states.shape[0]) for p in usable]) @ states
        embed = self.heads["type_embedding"]
        st = embed[[ENTITY_TYPE_IDS[entity_types[p.subject]] for p in usable]]
        ot = embed[[ENTITY_TYPE_IDS[entity_types[p.object]] for p in usable]]
        flags = np.array([signals.get((sentence.index, p.subject, p.object), _NO_SIGNAL) for p in usable],
                         dtype=np.float32)
        type_probs, status_probs = self._heads(np.concatenate([s, o, s * o, cls, between, st, ot, flags], axis=1))
        out = {}
        for row, pair in enumerate(usable):
            types = {t: float(type_probs[row, k]) for k, t in enumerate(TYPE_ORDER) if t in pair.types}
            statuses = {t: {st_: float(status_probs[row, k, j]) for j, st_ in enumerate(STATUS_ORDER)}
                        for k, t in enumerate(TYPE_ORDER) if t in pair.types}
            out[pair] = PairScore(pair, types, statuses)
        return out

    def find_names(self, doc: Doc, memo: dict[str, Encoded]) -> int:
        """Add the names the tagger missed to `doc.ents` (extract/_names.py); every sentence is encoded
        into `memo`, for `score` to reuse. Returns how many entities changed."""
        if self.names is None:
            return 0
        sents = list(doc.sents)
        encoded = self.encode([s.text for s in sents], memo)
        found = [(sent, name) for sent, (states, offsets) in zip(sents, encoded)
                 for name in self.names.names(sent, states, offsets)]
        return add_names(doc, found)

    def _heads(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        h = self.heads
        hidden = np.maximum(rows @ h["hidden_weight"].T + h["hidden_bias"], 0.0)
        type_logits = hidden @ h["types_weight"].T + h["types_bias"]
        status_logits = (hidden @ h["status_weight"].T + h["status_bias"]).reshape(
            len(rows), len(TYPE_ORDER), len(STATUS_ORDER))
        status_logits -= status_logits.max(axis=-1, keepdims=True)
        status = np.exp(status_logits)
        return 1.0 / (1.0 + np.exp(-type_logits / self.temperature)), status / status.sum(axis=-1, keepdims=True)
