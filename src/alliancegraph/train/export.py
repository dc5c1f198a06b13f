"""Writing the trained reader for the runtime: int8 ONNX encoder, heads as numpy arrays, tokenizer, config."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from alliancegraph.train.model import RelationReader

__all__ = ["export_reader"]


class _EncoderStates(nn.Module):
    def __init__(self, encoder: nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


def export_reader(model: RelationReader, tokenizer_json: Path, out: Path, config: dict[str, Any]) -> Path:
    """Write the reader into `out` (replacing what is there) and return it."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "encoder.onnx"
        ids = torch.ones((2, 16), dtype=torch.long)
        torch.onnx.export(_EncoderStates(model.encoder), (ids, torch.ones_like(ids)), str(full),
                          input_names=["input_ids", "attention_mask"], output_names=["states"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "length"},
                                        "attention_mask": {0: "batch", 1: "length"},
                                        "states": {0: "batch", 1: "length"}},
                          opset_version=17, dynamo=False)
        quantize_dynamic(str(full), str(out / "encoder.int8.onnx"), weight_type=QuantType.QInt8)
    heads = model.heads
    np.savez(out / "heads.npz",
             type_embedding=heads.type_embedding.weight.detach().numpy(),
             hidden_weight=heads.hidden.weight.detach().numpy(), hidden_bias=heads.hidden.bias.detach().numpy(),
             types_weight=heads.types.weight.detach().numpy(), types_bias=heads.types.bias.detach().numpy(),
             status_weight=heads.status.weight.detach().numpy(), status_bias=heads.status.bias.detach().numpy())
    shutil.copyfile(tokenizer_json, out / "tokenizer.json")
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return out
