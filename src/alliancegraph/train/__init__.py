"""Training the learned relation reader (needs the `train` extra: torch, transformers, onnx).

`corpus` turns gold articles into labelled sentence examples, `model` is the encoder with its two
heads, `fit` trains it, `export` writes the int8 ONNX encoder and the heads the runtime reads,
`names` trains the name tagger over the exported encoder.
Run it with `python -m alliancegraph.train` (`make train`).
"""
