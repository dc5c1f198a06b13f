"""Each stage exports what its __all__ says, and the registry names in data/ resolve."""
from __future__ import annotations

import importlib

import pytest
from spacy.util import registry

STAGES = ["alliancegraph", "alliancegraph.ingest", "alliancegraph.nlp", "alliancegraph.resolve",
          "alliancegraph.extract", "alliancegraph.store", "alliancegraph.evaluate",
          "alliancegraph.graph", "alliancegraph.export"]


@pytest.mark.parametrize("name", STAGES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__
    for exported in module.__all__:
        assert hasattr(module, exported), f"{name}.{exported}"


def test_registered_tables_load() -> None:
    import alliancegraph.nlp  # noqa: F401 - registers the tables

    for table in ("companies", "groups", "demonyms", "country_names"):
        assert registry.misc.get(f"alliancegraph.{table}.v1")()


def test_gazetteer_groups_name_known_companies() -> None:
    from alliancegraph.nlp import load_gazetteer

    gaz = load_gazetteer()
    for group in {g.name: g for g in gaz.groups.values()}.values():
        for member in group.members:
            assert gaz.company(member) is not None, (group.name, member)
