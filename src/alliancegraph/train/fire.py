"""Extra training sentences from FIRE (Hamad et al., NAACL 2024 Findings; CC BY 4.0): SEC filings and
financial news annotated with companies, people, places and relations, mapped onto schema.md.

Only relations that map cleanly are used (the dataset's README): ActionBuy between companies ->
acquires, ActionMerge -> merges_with, Subsidiaryof -> subsidiary_of, Locatedin of a company ->
based_in, Employeeof of a person whose designation is a leader's title -> leads. Every fact is a
completed one (asserted); the rules' flags are absent, as the rules do not read these sentences.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from alliancegraph.extract import allowed_types
from alliancegraph.train.corpus import SentenceExample

__all__ = ["fire_examples"]

_TYPES = {"Company": "ORG", "Person": "PERSON", "Location": "PLACE", "GeopoliticalEntity": "PLACE"}
_RELATIONS = {"ActionBuy": "acquires", "ActionMerge": "merges_with", "Subsidiaryof": "subsidiary_of",
              "Locatedin": "based_in"}
_LEADER = re.compile(r"chief|ceo|cfo|coo|president|chair|founder|director|board|managing|head", re.I)


def fire_examples(path: Path) -> list[SentenceExample]:
    """The sentences of one FIRE split file that hold at least two mappable entities."""
    items = json.loads(path.read_text(encoding="utf-8"))
    return [example for item in items if (example := _example(item, path.name)) is not None]


def _example(item: dict[str, Any], name: str) -> SentenceExample | None:
    tokens = item["tokens"]
    starts, at = [], 0
    for token in tokens:
        starts.append(at)
        at += len(token) + 1
    text = " ".join(tokens)
    kept = {i: e for i, e in enumerate(item["entities"]) if e["type"] in _TYPES}
    if len(kept) < 2:
        return None
    order = list(kept)
    entities = [{"type": _TYPES[kept[i]["type"]], "name": kept[i]["text"],
                 "spans": [[starts[kept[i]["start"]], starts[kept[i]["end"] - 1] + len(tokens[kept[i]["end"] - 1])]]}
                for i in order]
    labels = _labels(item, kept)
    pairs = []
    for a, first in enumerate(order):
        for b, second in enumerate(order):
            if a != b and allowed_types(entities[a]["type"], entities[b]["type"]):
                label = {t: "asserted" for t in labels.get((first, second), set())}
                pairs.append((a, b, label, []))
    return SentenceExample(f"fire:{name}:{item.get('orig_id', '')}", text, entities, pairs) if pairs else None


def _labels(item: dict[str, Any], kept: dict[int, dict[str, Any]]) -> dict[tuple[int, int], set[str]]:
    entities, out = item["entities"], {}
    leaders = {r["head"] for r in item["relations"]
               if r["type"] == "Designation" and _LEADER.search(entities[r["tail"]]["text"])}
    for relation in item["relations"]:
        head, tail, kind = relation["head"], relation["tail"], relation["type"]
        if head not in kept or tail not in kept:
            continue
        mapped = _RELATIONS.get(kind)
        if kind == "Employeeof" and head in leaders:
            mapped = "leads"
        if mapped and mapped in allowed_types(_TYPES[kept[head]["type"]], _TYPES[kept[tail]["type"]]):
            out.setdefault((head, tail), set()).add(mapped)
            if mapped == "merges_with":
                out.setdefault((tail, head), set()).add(mapped)
    return out
