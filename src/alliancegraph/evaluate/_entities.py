"""Cross-document entity identity: B-cubed precision and recall of the store's entities against
the gold names, and how many store-wide aliases are descriptors (schema.md: none should be).

Every gold entity of every gold article is one item. Its gold cluster is its gold name (by
`name_key`), joined with every other gold name that some article gives it as a name alias
("SoftBank" of "SoftBank Group"); its store cluster is the stored entity whose mentions in that article carry one of
its names. A gold entity no stored mention names (missed by extraction) is counted, not scored.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from alliancegraph.evaluate._gold import GoldDocument
from alliancegraph.names import is_descriptor, name_key
from alliancegraph.store import Store

__all__ = ["EntityReport", "score_entities"]


@dataclass
class EntityReport:
    """B-cubed figures of the store's entity clusters against the gold names."""

    precision: float = 0.0
    recall: float = 0.0
    items: int = 0
    unaligned: int = 0
    gold_clusters: int = 0
    store_clusters: int = 0
    descriptor_aliases: int = 0
    by_type: dict[str, tuple[float, float, int]] = field(default_factory=dict)

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"b_cubed_precision": round(self.precision, 4), "b_cubed_recall": round(self.recall, 4),
                "b_cubed_f1": round(self.f1, 4), "items": self.items, "unaligned": self.unaligned,
                "gold_clusters": self.gold_clusters, "store_clusters": self.store_clusters,
                "descriptor_aliases": self.descriptor_aliases,
                "by_type": {t: {"precision": round(p, 4), "recall": round(r, 4), "items": n}
                            for t, (p, r, n) in sorted(self.by_type.items())}}


def _gold_names(entity: dict[str, Any]) -> set[str]:
    names = [entity["name"], *(a for a in entity.get("aliases", []) if not is_descriptor(a))]
    return {name_key(n) for n in names} - {""}


def _mentions_by_article(store: Store) -> dict[str, list[tuple[int, str]]]:
    """doc -> [(entity id, mention name key)] over every stored article."""
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for doc, entity_id, text in store.mentions():
        found[doc].append((entity_id, name_key(text)))
    return found


def _gold_clusters(golds: list[GoldDocument]) -> dict[tuple[str, str], str]:
    """(type, gold name key) -> the cluster's representative key: names one gold entity gives
    as its name or a name alias, in any article, are one cluster (union-find)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(item: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for gold in golds:
        for entity in gold.entities:
            own = find((entity["type"], name_key(entity["name"])))
            for key in _gold_names(entity):
                other = find((entity["type"], key))
                if other != own:
                    parent[other] = own
    return {item: find(item)[1] for item in list(parent)}


def _align(gold: GoldDocument, mentions: list[tuple[int, str]],
           clusters: dict[tuple[str, str], str]) -> list[tuple[str, str, int | None]]:
    """(gold cluster, type, stored entity id or None) for each gold entity of the article."""
    out = []
    for entity in gold.entities:
        names = _gold_names(entity)
        votes = Counter(entity_id for entity_id, key in mentions if key in names)
        best = max(votes, key=lambda i: (votes[i], -i), default=None)
        out.append((clusters[(entity["type"], name_key(entity["name"]))], entity["type"], best))
    return out


def _b_cubed(items: list[tuple[str, int]]) -> tuple[float, float]:
    """Mean B-cubed precision and recall of (gold cluster, store cluster) items."""
    if not items:
        return 0.0, 0.0
    pairs = Counter(items)
    gold = Counter(g for g, _ in items)
    predicted = Counter(p for _, p in items)
    precision = sum(pairs[(g, p)] / predicted[p] for g, p in items) / len(items)
    recall = sum(pairs[(g, p)] / gold[g] for g, p in items) / len(items)
    return precision, recall


def score_entities(store: Store, golds: list[GoldDocument]) -> EntityReport:
    """Score the entities of `store`, built from the articles of `golds`, against their gold names."""
    mentions = _mentions_by_article(store)
    clusters = _gold_clusters(golds)
    aligned: list[tuple[str, str, int]] = []
    report = EntityReport()
    for gold in golds:
        for cluster, entity_type, entity_id in _align(gold, mentions.get(gold.article_path.name, []), clusters):
            if entity_id is None:
                report.unaligned += 1
            else:
                aligned.append((cluster, entity_type, entity_id))
    report.precision, report.recall = _b_cubed([(g, p) for g, _, p in aligned])
    report.items = len(aligned)
    report.gold_clusters = len({g for g, _, _ in aligned})
    report.store_clusters = len({p for _, _, p in aligned})
    for entity_type in sorted({t for _, t, _ in aligned}):
        chosen = [(g, p) for g, t, p in aligned if t == entity_type]
        report.by_type[entity_type] = (*_b_cubed(chosen), len(chosen))
    _, aliases = store.alias_index()
    report.descriptor_aliases = sum(1 for _, alias, _ in aliases if is_descriptor(alias))
    return report
