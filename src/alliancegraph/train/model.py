"""The relation reader as a torch module: a BERT-style encoder and two heads over entity pairs."""
from __future__ import annotations

import torch
from torch import nn

from alliancegraph.extract._features import ENTITY_TYPE_IDS, STATUS_ORDER, TYPE_ORDER

__all__ = ["PairHeads", "RelationReader", "TYPE_DIM"]

TYPE_DIM = 16


class PairHeads(nn.Module):
    """From (subject, object, sentence) vectors and entity types to type logits and status logits.

    Kept to Linear and ReLU so the runtime can apply the same arithmetic in numpy.
    """

    def __init__(self, hidden: int, width: int = 256, dropout: float = 0.1) -> None:
        super().__init__()
        self.type_embedding = nn.Embedding(len(ENTITY_TYPE_IDS), TYPE_DIM)
        self.dropout = nn.Dropout(dropout)
        self.hidden = nn.Linear(5 * hidden + 2 * TYPE_DIM + len(TYPE_ORDER), width)
        self.types = nn.Linear(width, len(TYPE_ORDER))
        self.status = nn.Linear(width, len(TYPE_ORDER) * len(STATUS_ORDER))

    def forward(self, subject: torch.Tensor, obj: torch.Tensor, sentence: torch.Tensor, between: torch.Tensor,
                subject_type: torch.Tensor, object_type: torch.Tensor,
                rule_flags: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        row = torch.cat([subject, obj, subject * obj, sentence, between, self.type_embedding(subject_type),
                         self.type_embedding(object_type), rule_flags], dim=-1)
        hidden = torch.relu(self.hidden(self.dropout(row)))
        hidden = self.dropout(hidden)
        return self.types(hidden), self.status(hidden).view(-1, len(TYPE_ORDER), len(STATUS_ORDER))


class RelationReader(nn.Module):
    """Encoder states pooled per entity, pairs classified by PairHeads. `frozen` keeps the encoder fixed."""

    def __init__(self, encoder: nn.Module, *, frozen: bool = False) -> None:
        super().__init__()
        self.encoder = encoder
        self.frozen = frozen
        for parameter in encoder.parameters():
            parameter.requires_grad = not frozen
        self.heads = PairHeads(encoder.config.hidden_size)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, pools: torch.Tensor,
                pool_sentence: torch.Tensor, pair_subject: torch.Tensor, pair_object: torch.Tensor,
                entity_types: torch.Tensor, rule_flags: torch.Tensor,
                between: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """`pools` (entities, T) averages each entity's wordpieces in sentence `pool_sentence[e]`;
        pairs index entities; `between` (pairs, T) averages the wordpieces between a pair's mentions."""
        with torch.set_grad_enabled(not self.frozen and self.training):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        entity_vectors = torch.einsum("et,eth->eh", pools, states[pool_sentence])
        sentence_vectors = states[:, 0][pool_sentence]
        between_vectors = torch.einsum("pt,pth->ph", between, states[pool_sentence[pair_subject]])
        return self.heads(entity_vectors[pair_subject], entity_vectors[pair_object], sentence_vectors[pair_subject],
                          between_vectors,
                          entity_types[pair_subject], entity_types[pair_object], rule_flags)
