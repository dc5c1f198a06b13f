"""Issue 12: the gazetteer's identifiers are well formed and name one company each."""
from __future__ import annotations

import json
import re
from importlib import resources

import pytest

QID = re.compile(r"^Q[1-9][0-9]*$")
LEI = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")


def _companies() -> list[dict]:
    return json.loads(resources.files("alliancegraph.data").joinpath("companies.json").read_text("utf-8"))


def lei_checksum_ok(lei: str) -> bool:
    """ISO 17442 check digits: letters as 10..35, the whole number mod 97 is 1 (as in IBAN)."""
    return LEI.match(lei) is not None and int("".join(str(int(ch, 36)) for ch in lei)) % 97 == 1


@pytest.mark.parametrize("lei, ok", [
    ("HWUPKR0MPOU8FGXBT394", True),   # a published LEI: its check digits hold
    ("HWUPKR0MPOU8FGXBT395", False),  # one check digit changed
    ("HWUPKR0MPOU8FGXBT3", False),    # too short
    ("hwupkr0mpou8fgxbt394", False),  # lower case is not the format
])
def test_the_lei_check_knows_good_from_bad(lei: str, ok: bool) -> None:
    assert lei_checksum_ok(lei) is ok


def test_every_qid_is_a_wikidata_item_id() -> None:
    bad = [(c["name"], c["qid"]) for c in _companies() if "qid" in c and not QID.match(c["qid"])]
    assert bad == []


def test_every_lei_has_the_iso_17442_form_and_check_digits() -> None:
    bad = [(c["name"], c["lei"]) for c in _companies() if "lei" in c and not lei_checksum_ok(c["lei"])]
    assert bad == []


@pytest.mark.parametrize("field", ["qid", "lei"])
def test_no_two_companies_share_an_identifier(field: str) -> None:
    seen: dict[str, str] = {}
    shared = []
    for company in _companies():
        value = company.get(field)
        if value in seen:
            shared.append((seen[value], company["name"], value))
        elif value:
            seen[value] = company["name"]
    assert shared == []


def test_the_gazetteer_carries_identifiers() -> None:
    companies = _companies()
    assert sum("qid" in c for c in companies) > 100
    assert sum("ticker" in c for c in companies) > 100
