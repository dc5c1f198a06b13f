"""Extraction throughput and peak memory against bare spaCy parsing of the same texts.

    .venv/bin/python benchmarks/extract_speed.py [--articles 500]

Builds N articles of 300-800 words by recombining paragraphs of the project's own articles
(data/sample, data/train), then times, each in a fresh process so peak memory is its own:
bare `nlp.pipe` with the same model, `Extractor.pipe` with the rules alone, and with the learned
reader (`--reader model`, which also runs the rules as its features), with one process and with two.
Prints articles/s, words/s, the ratio to bare parsing, and peak resident memory.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_corpus(count: int, *, seed: int = 7) -> list[str]:
    """`count` texts of 300-800 words made of real paragraphs from the project's articles."""
    from alliancegraph.ingest import read_articles

    paragraphs = [p for a in read_articles([ROOT / "data" / "sample", ROOT / "data" / "train"])
                  for p in a.text.split("\n\n") if len(p.split()) > 15]
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        target = rng.randint(300, 800)
        chosen: list[str] = []
        while sum(len(p.split()) for p in chosen) < target:
            chosen.append(rng.choice(paragraphs))
        texts.append("\n\n".join(chosen))
    return texts


def run_one(mode: str, workers: int, corpus: Path) -> dict[str, float]:
    """Time one mode in this process (called in a child process)."""
    import datetime as dt

    from alliancegraph.extract import Extractor
    from alliancegraph.ingest import content_hash
    from alliancegraph.nlp import load_pipeline
    from alliancegraph.records import Article

    texts = json.loads(corpus.read_text(encoding="utf-8"))
    if mode == "bare":
        nlp = load_pipeline(with_gazetteer=False)
        started = time.perf_counter()
        for _ in nlp.pipe(texts, n_process=workers, batch_size=16):
            pass
    else:
        extractor = Extractor(reader=mode)
        articles = (Article(id=str(i), source="bench", doc=f"{i}.txt", published=dt.date(2024, 1, 1), title="",
                            outlet="bench", text=t, content_hash=content_hash(t)) for i, t in enumerate(texts))
        started = time.perf_counter()
        for _ in extractor.pipe(articles, n_process=workers, batch_size=16):
            pass
    seconds = time.perf_counter() - started
    peak_kib = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    words = sum(len(t.split()) for t in texts)
    return {"seconds": seconds, "articles_per_s": len(texts) / seconds, "words_per_s": words / seconds,
            "peak_mb": peak_kib / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "WORKERS", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, workers, corpus = args.child
        print(json.dumps(run_one(mode, int(workers), Path(corpus))))
        return
    corpus = Path("/tmp/alliancegraph-bench-corpus.json")
    texts = build_corpus(args.articles)
    corpus.write_text(json.dumps(texts), encoding="utf-8")
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words ({words / len(texts):.0f} per article)")
    results = {}
    for workers in (1, 2):
        for mode in ("bare", "rules", "model"):
            out = subprocess.run([sys.executable, __file__, "--child", mode, str(workers), str(corpus)],
                                 check=True, capture_output=True, text=True).stdout
            results[(mode, workers)] = json.loads(out.strip().splitlines()[-1])
            r = results[(mode, workers)]
            ratio = r["words_per_s"] / results[("bare", workers)]["words_per_s"]
            print(f"{mode:6} {workers} process(es): {r['articles_per_s']:6.1f} articles/s, "
                  f"{r['words_per_s']:6.0f} words/s ({ratio:.2f} of bare parsing), {r['seconds']:.1f} s, "
                  f"peak RSS of the largest process {r['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
