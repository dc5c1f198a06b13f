"""Relation extraction: patterns per type, status, attributes; pure text in, facts out."""
from alliancegraph.extract._candidates import allowed_types, candidate_pairs, sentence_mentions
from alliancegraph.extract._combine import READERS
from alliancegraph.extract._extract import DEFAULT_READER, MAX_CHARS, Extractor, extract, text_of
from alliancegraph.extract._patterns import PATTERNS, relation_pattern

__all__ = ["DEFAULT_READER", "MAX_CHARS", "READERS", "PATTERNS", "Extractor", "allowed_types", "candidate_pairs", "extract", "relation_pattern",
           "sentence_mentions", "text_of"]
