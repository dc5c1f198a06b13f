"""Model loading, the gazetteer and date normalisation."""
from alliancegraph.nlp._gazetteer import Company, Gazetteer, Group, add_gazetteer_ruler, load_gazetteer
from alliancegraph.nlp._entity_fixes import HYPHEN_MODIFIERS
from alliancegraph.nlp._model import load_pipeline, model_candidates

__all__ = ["Company", "Gazetteer", "Group", "HYPHEN_MODIFIERS", "add_gazetteer_ruler", "load_gazetteer",
           "load_pipeline", "model_candidates"]
