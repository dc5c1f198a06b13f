"""Checking gold files against ANNOTATION.md, and anchoring quoted evidence to character offsets."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliancegraph.evaluate._gold import find_gold
from alliancegraph.records import ARGUMENT_TYPES, ENTITY_TYPES, RELATION_TYPES, STATUSES, allowed_types

__all__ = ["ARGUMENT_TYPES", "GoldCheck", "check_gold", "gold_json"]


_PERCENT_TYPES = {"owns_stake", "acquires"}
_AMOUNT_TYPES = {"invests_in", "acquires"}
_KINDS = {"alliance", "joint_venture", "technology", "supply", "other"}


@dataclass
class GoldCheck:
    """What checking one gold file found: errors break the contract, warnings ask a second look."""

    path: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    anchored: int = 0


def check_gold(path: Path, *, anchor: bool = False) -> list[GoldCheck]:
    """Check every gold file under `path`; with `anchor`, write quoted evidence back as offsets."""
    return [_check_file(gold, anchor=anchor) for gold in find_gold(path)]


def _check_file(path: Path, *, anchor: bool) -> GoldCheck:
    check = GoldCheck(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        check.errors.append(f"not readable JSON ({exc})")
        return check
    article = path.with_name(path.name[: -len(".gold.json")] + ".txt")
    if not article.exists():
        check.errors.append(f"no article {article.name} beside it")
        return check
    text = article.read_text(encoding="utf-8")
    if data.get("doc") != article.name:
        check.errors.append(f"'doc' is {data.get('doc')!r}, the article is {article.name!r}")
    entities = _check_entities(data.get("entities"), text, check)
    relations = data.get("relations")
    if not isinstance(relations, list):
        check.errors.append("'relations' must be a list")
        return check
    for number, relation in enumerate(relations, 1):
        where = f"relation {number} ({relation.get('subject')} {relation.get('type')} {relation.get('object')})"
        _check_relation(relation, entities, where, check)
        _check_evidence(relation, entities, text, where, check, anchor=anchor)
    _check_duplicates(relations, check)
    if anchor and check.anchored and not check.errors:
        path.write_text(gold_json(data), encoding="utf-8")
    return check


def _check_entities(raw: Any, text: str, check: GoldCheck) -> dict[str, dict[str, Any]]:
    entities: dict[str, dict[str, Any]] = {}
    if not isinstance(raw, list):
        check.errors.append("'entities' must be a list")
        return entities
    folded = text.casefold()
    for entity in raw:
        name = entity.get("name")
        if not name or entity.get("type") not in ENTITY_TYPES:
            check.errors.append(f"entity {entity!r}: needs a name and a type among {', '.join(ENTITY_TYPES)}")
            continue
        if name in entities:
            check.errors.append(f"entity {name!r} is listed twice")
        entities[name] = entity
        forms = [name, *entity.get("aliases", [])]
        if not any(form.casefold() in folded for form in forms):
            check.warnings.append(f"entity {name!r}: neither its name nor any alias occurs in the text")
        for alias in entity.get("aliases", []):
            if alias.casefold() not in folded:
                check.warnings.append(f"entity {name!r}: alias {alias!r} does not occur in the text")
    return entities


def _check_relation(relation: dict[str, Any], entities: dict[str, dict[str, Any]], where: str,
                    check: GoldCheck) -> None:
    kind = relation.get("type")
    if kind not in RELATION_TYPES:
        check.errors.append(f"{where}: unknown type {kind!r}")
        return
    if relation.get("status") not in STATUSES:
        check.errors.append(f"{where}: status must be one of {', '.join(STATUSES)}")
    subject, obj = entities.get(relation.get("subject", "")), entities.get(relation.get("object", ""))
    for role, entity in (("subject", subject), ("object", obj)):
        if entity is None:
            check.errors.append(f"{where}: {role} {relation.get(role)!r} is not an entity name of this file")
    if subject and obj:
        if subject is obj:
            check.errors.append(f"{where}: subject and object are the same entity")
        elif kind not in allowed_types(subject["type"], obj["type"]):
            check.errors.append(f"{where}: {kind} cannot link {subject['type']} -> {obj['type']} (ANNOTATION.md)")
    if "percent" in relation and kind not in _PERCENT_TYPES:
        check.warnings.append(f"{where}: percent on a {kind}")
    if "amount" in relation and kind not in _AMOUNT_TYPES:
        check.warnings.append(f"{where}: amount on a {kind}")
    if "kind" in relation and relation["kind"] not in _KINDS:
        check.errors.append(f"{where}: kind must be one of {', '.join(sorted(_KINDS))}")
    if kind == "leads" and not relation.get("title"):
        check.warnings.append(f"{where}: leads without a title")


def _check_evidence(relation: dict[str, Any], entities: dict[str, dict[str, Any]], text: str, where: str,
                    check: GoldCheck, *, anchor: bool) -> None:
    quotes = relation.get("evidence_text")
    if quotes is not None:
        spans = _anchor_quotes(quotes if isinstance(quotes, list) else [quotes], text, where, check)
        if anchor and spans is not None:
            relation["evidence"] = spans
            del relation["evidence_text"]
            check.anchored += 1
        elif not anchor:
            check.warnings.append(f"{where}: evidence is still quoted; run with --anchor to store offsets")
        if spans is None:
            return
    else:
        spans = relation.get("evidence")
    if not spans:
        check.errors.append(f"{where}: no evidence")
        return
    try:
        pieces = [text[span["char_start"]:span["char_end"]] for span in spans]
    except (TypeError, KeyError):
        check.errors.append(f"{where}: evidence must be a list of {{char_start, char_end}}")
        return
    if any(not piece.strip() for piece in pieces):
        check.errors.append(f"{where}: an evidence span is empty or out of the text")
        return
    joined = " ".join(pieces).casefold()
    for role in ("subject", "object"):
        entity = entities.get(relation.get(role, ""))
        if entity and not any(form.casefold() in joined for form in [entity["name"], *entity.get("aliases", [])]):
            check.warnings.append(f"{where}: its evidence names the {role} by none of its name and aliases")


def _anchor_quotes(quotes: list[Any], text: str, where: str, check: GoldCheck) -> list[dict[str, int]] | None:
    spans = []
    for quote in quotes:
        span = _find(str(quote), text)
        if span is None:
            check.errors.append(f"{where}: evidence quote not found word for word: {str(quote)[:80]!r}")
            return None
        spans.append({"char_start": span[0], "char_end": span[1]})
    return spans


def _find(quote: str, text: str) -> tuple[int, int] | None:
    """Where `quote` stands in `text`: exactly, or allowing any run of whitespace between its words."""
    quote = quote.strip()
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None


def _check_duplicates(relations: list[dict[str, Any]], check: GoldCheck) -> None:
    seen: set[tuple[str, ...]] = set()
    for relation in relations:
        pair = [str(relation.get("subject")), str(relation.get("object"))]
        if relation.get("type") in ("merges_with", "partners_with"):
            pair.sort()
        key = (str(relation.get("type")), *pair)
        if key in seen:
            check.errors.append(f"{key[1]} {key[0]} {key[2]} is listed twice (one relation per triple)")
        seen.add(key)


def gold_json(data: dict[str, Any]) -> str:
    """A gold file's text: one entity or relation a line, so a diff shows which fact changed."""
    def items(key: str) -> str:
        rows = [json.dumps(item, ensure_ascii=False) for item in data.get(key, [])]
        return "[\n    " + ",\n    ".join(rows) + "\n  ]" if rows else "[]"

    head = {k: v for k, v in data.items() if k not in ("entities", "relations")}
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items()]
    lines += [f'  "entities": {items("entities")}', f'  "relations": {items("relations")}']
    return "{\n" + ",\n".join(lines) + "\n}\n"
