"""The scorer of schema.md: extraction against hand-made gold."""
from alliancegraph.evaluate._check import ARGUMENT_TYPES, GoldCheck, check_gold
from alliancegraph.evaluate._gold import GoldDocument, find_gold, read_gold
from alliancegraph.evaluate._score import Counts, Report, agreement, evaluate, score_document

__all__ = ["ARGUMENT_TYPES", "Counts", "GoldCheck", "check_gold", "GoldDocument", "Report", "agreement", "evaluate", "find_gold", "read_gold", "score_document"]
