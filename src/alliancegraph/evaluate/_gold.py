"""Reading gold files (schema.md's gold format) and the articles beside them."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliancegraph.errors import GoldError
from alliancegraph.names import name_key
from alliancegraph.records import ENTITY_TYPES, RELATION_TYPES

__all__ = ["GoldDocument", "find_gold", "read_gold"]


@dataclass
class GoldDocument:
    """One annotated article: its path, and gold entities and relations as the file gives them."""

    gold_path: Path
    article_path: Path
    entities: list[dict[str, Any]]
    relations: list[dict[str, Any]]

    def keys_of(self, name: str) -> set[str]:
        """Every name key a relation argument may match for the gold entity called `name`."""
        for entity in self.entities:
            if entity["name"] == name:
                return {name_key(entity["name"]), *(name_key(a) for a in entity.get("aliases", []))} - {""}
        return {name_key(name)}


def find_gold(root: Path) -> list[Path]:
    """Every *.gold.json under `root` (or `root` itself), sorted."""
    if root.is_file():
        return [root]
    if not root.exists():
        raise GoldError(f"{root}: no such file or directory")
    return sorted(root.rglob("*.gold.json"))


def read_gold(path: Path) -> GoldDocument:
    """Parse one gold file and find its article beside it; GoldError names what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: not a readable gold file ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("relations"), list):
        raise GoldError(f"{path}: a gold file needs an object with 'entities' and 'relations' lists")
    stem = path.name[: -len(".gold.json")]
    article = path.with_name(data.get("doc") or f"{stem}.txt")
    if not article.exists():
        article = path.with_name(f"{stem}.txt")
    if not article.exists():
        raise GoldError(f"{path}: no article beside it (looked for {article.name})")
    for relation in data["relations"]:
        if relation.get("type") not in RELATION_TYPES:
            raise GoldError(f"{path}: unknown relation type {relation.get('type')!r}")
    entities = [e for e in data.get("entities", []) if e.get("type") in ENTITY_TYPES]
    return GoldDocument(path, article, entities, data["relations"])
