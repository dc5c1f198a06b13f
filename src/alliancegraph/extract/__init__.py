"""Relation extraction: patterns per type, status, attributes; pure text in, facts out."""
from alliancegraph.extract._extract import MAX_CHARS, Extractor, extract
from alliancegraph.extract._patterns import PATTERNS, relation_pattern

__all__ = ["MAX_CHARS", "PATTERNS", "Extractor", "extract", "relation_pattern"]
