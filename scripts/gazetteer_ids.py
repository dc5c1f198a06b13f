"""Fill Wikidata QIDs, stock tickers and LEIs into the gazetteer from a public source file.

Usage (run from the repository root; the source files are not part of the repository):

    python scripts/gazetteer_ids.py nsi PATH...             # name-suggestion-index data/*.json
    python scripts/gazetteer_ids.py financedatabase PATH... # FinanceDatabase database/equities/*.csv

A PATH may be a file or a directory (read recursively). A company gets a value only on a
confident match: one of its normalised names (name or alias) equals a normalised name of a source
record, the record's country is the company's country, every such record gives the same value, and
no other company would get that value too. Existing values are never overwritten. The script prints
how many values it filled and lists the ambiguous matches it left alone. See
src/alliancegraph/data/SOURCES.md for the sources and their licences.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "src" / "alliancegraph" / "data" / "companies.json"
COUNTRY_NAMES = ROOT / "src" / "alliancegraph" / "data" / "country_names.json"

LEGAL_FORMS = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "plc", "llc",
    "ag", "se", "sa", "nv", "bv", "spa", "sas", "asa", "ab", "oyj", "as", "a/s", "kgaa", "gmbh",
    "tbk", "bhd", "berhad", "pjsc", "jsc", "oao", "pao", "the",
}

# The exchange (FinanceDatabase's `exchange` column) where a company of that country has its
# primary listing; a ticker is taken only from these.
HOME_EXCHANGES = {
    "AE": {"DFM", "ADX"}, "AR": {"BUE"}, "AT": {"VIE"}, "AU": {"ASX"}, "BE": {"BRU"},
    "BR": {"SAO"}, "CA": {"TOR"}, "CH": {"EBS"}, "CL": {"SGO"}, "CN": {"SHH", "SHZ"},
    "CZ": {"PRA"}, "DE": {"GER"}, "DK": {"CPH"}, "EG": {"CAI"}, "ES": {"MCE"}, "FI": {"HEL"},
    "FR": {"PAR"}, "GB": {"LSE"}, "GR": {"ATH"}, "HK": {"HKG"}, "HU": {"BUD"}, "ID": {"JKT"},
    "IE": {"ISE"}, "IL": {"TLV"}, "IN": {"NSI", "NSE"}, "IT": {"MIL"}, "JP": {"JPX"},
    "KR": {"KSC", "KOE"}, "KW": {"KUW"}, "MX": {"MEX"}, "MY": {"KLS"}, "NL": {"AMS"},
    "NO": {"OSL"}, "NZ": {"NZE"}, "PL": {"WSE"}, "PT": {"LIS"}, "QA": {"DOH"}, "RU": {"MCX"},
    "SA": {"SAU"}, "SE": {"STO"}, "SG": {"SES"}, "TH": {"SET"}, "TR": {"IST"},
    "TW": {"TAI", "TWO"}, "US": {"NYQ", "NMS", "NGM", "NCM", "ASE"}, "ZA": {"JNB"},
}

# Matches that passed the rules but were found wrong on review (see SOURCES.md): another entity
# of the same name. They are never filled.
REJECTED = {
    ("Aldi", "Q41171373"),          # Aldi Nord only; the gazetteer's Aldi is both chains
    ("Mercedes-Benz", "Q76754241"), # Mercedes-Benz AG, the car-making subsidiary
    ("Otsuka", "Q11434124"),        # Otsuka Foods, not Otsuka Holdings
    ("Asahi", "3333.T"),            # Asahi Co., a bicycle retailer, not Asahi Group
    ("Vertex", "VERX"),             # Vertex Inc., tax software, not Vertex Pharmaceuticals
}

PREFERRED = re.compile(r"[\^/]|-P[A-Z]")  # preferred shares and share classes: ALL^J, BRK/A, TD-PFA.TO

COUNTRY_SYNONYMS = {"United States of America": "US", "USA": "US", "UK": "GB", "Korea": "KR",
                    "Republic of Korea": "KR", "Czechia": "CZ", "Russian Federation": "RU"}


@dataclass(frozen=True)
class Record:
    """One source row: the names it answers to, its ISO country, the identifier it gives, and where.

    A record with `own_name_only` matches a company's name, never one of its aliases."""
    names: frozenset[str]
    country: str
    field: str
    value: str
    origin: str
    own_name_only: bool = False


def normalise(name: str) -> str:
    """Case-, accent- and punctuation-blind form of a company name, without trailing legal forms."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    words = re.sub(r"[^\w/]+", " ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    while len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def files(paths: Iterable[str], suffix: str) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob(f"*{suffix}") if p.is_file())
        elif path.is_file():
            yield path
        else:
            sys.exit(f"Error: {raw}: no such file or directory")


def nsi_records(paths: Iterable[str]) -> Iterator[Record]:
    """Brands and operators of the name-suggestion-index that operate in exactly one country.

    A brand is often named like a company it is not (the fuel brand Exxon, the shop brand Uniqlo),
    so these records match a company's own name only, not its aliases."""
    for path in files(paths, ".json"):
        try:
            items = json.loads(path.read_text(encoding="utf-8")).get("items", [])
        except (json.JSONDecodeError, AttributeError) as exc:
            print(f"Error: {path}: not a name-suggestion-index file ({exc}); skipped", file=sys.stderr)
            continue
        for n, item in enumerate(items):
            include = item.get("locationSet", {}).get("include", [])
            if len(include) != 1 or not re.fullmatch(r"[a-z]{2}", str(include[0])):
                continue
            tags = item.get("tags", {})
            for role in ("brand", "operator", "network"):
                qid = tags.get(f"{role}:wikidata")
                if not qid:
                    continue
                names = {tags.get(role), tags.get(f"{role}:en"), tags.get("official_name"),
                         tags.get("official_name:en")}
                yield Record(frozenset(normalise(x) for x in names if x), include[0].upper(), "qid",
                             qid, f"{path.name}#{item.get('id', n)}", own_name_only=True)
                break


def financedatabase_records(paths: Iterable[str]) -> Iterator[Record]:
    """Listed equities of FinanceDatabase, each with its Yahoo symbol, on its home exchange only."""
    countries = {v: k for k, v in json.loads(COUNTRY_NAMES.read_text(encoding="utf-8")).items()}
    countries.update(COUNTRY_SYNONYMS)
    for path in files(paths, ".csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                country = countries.get(row.get("country") or "")
                if (not country or row.get("delisted") == "True" or not row.get("name")
                        or PREFERRED.search(row["symbol"])
                        or row.get("exchange") not in HOME_EXCHANGES.get(country, ())):
                    continue
                yield Record(frozenset({normalise(row["name"])}), country, "ticker", row["symbol"],
                             f"{path.name}:{row['symbol']}")


READERS = {"nsi": nsi_records, "financedatabase": financedatabase_records}


def company_keys(company: dict) -> set[tuple[str, str]]:
    return {(normalise(n), company["country"]) for n in [company["name"], *company.get("aliases", [])]}


def matches(company: dict, record: Record) -> bool:
    return not record.own_name_only or normalise(company["name"]) in record.names


def propose(companies: list[dict], records: Iterable[Record]) -> tuple[dict[int, Record], list[str]]:
    """Match records to companies; return {company index: record} and the ambiguous cases."""
    index: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        for name in record.names:
            index[(name, record.country)].append(record)
    chosen: dict[int, Record] = {}
    ambiguous: list[str] = []
    for i, company in enumerate(companies):
        hits = {r for key in company_keys(company) for r in index.get(key, [])
                if matches(company, r) and (company["name"], r.value) not in REJECTED}
        values = {r.value for r in hits}
        if len(values) > 1:
            ambiguous.append(f"{company['name']} ({company['country']}): "
                             + ", ".join(sorted(f"{r.value} [{r.origin}]" for r in hits)))
        elif hits:
            chosen[i] = min(hits, key=lambda r: r.origin)
    return chosen, ambiguous


def apply(companies: list[dict], chosen: dict[int, Record], ambiguous: list[str]) -> int:
    """Write the chosen values into empty fields, unless another company holds or would take the value."""
    held: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, company in enumerate(companies):
        for field in ("qid", "ticker", "lei"):
            if company.get(field):
                held[(field, company[field])].append(i)
    for i, record in chosen.items():
        if not companies[i].get(record.field):
            held[(record.field, record.value)].append(i)
    filled = 0
    for i, record in sorted(chosen.items()):
        company = companies[i]
        if company.get(record.field):
            if company[record.field] != record.value:
                print(f"  kept {company['name']} {record.field}={company[record.field]}; "
                      f"the source says {record.value} [{record.origin}]")
            continue
        owners = held[(record.field, record.value)]
        if len(owners) > 1:
            ambiguous.append(f"{company['name']} ({company['country']}): {record.value} [{record.origin}] "
                             f"also matches {', '.join(companies[j]['name'] for j in owners if j != i)}")
            continue
        company[record.field] = record.value
        filled += 1
        print(f"  {company['name']} ({company['country']}) {record.field}={record.value} [{record.origin}]")
    return filled


def dump(companies: list[dict]) -> str:
    return "[\n" + ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in companies) + "\n]\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", choices=sorted(READERS), help="the kind of source file")
    parser.add_argument("paths", nargs="+", help="source files or directories")
    parser.add_argument("--gazetteer", type=Path, default=GAZETTEER, help="companies.json to update")
    parser.add_argument("--dry-run", action="store_true", help="report without writing")
    args = parser.parse_args(argv)
    companies = json.loads(args.gazetteer.read_text(encoding="utf-8"))
    chosen, ambiguous = propose(companies, READERS[args.source](args.paths))
    filled = apply(companies, chosen, ambiguous)
    print(f"{filled} values filled from {args.source} ({len(chosen)} companies matched)")
    for line in ambiguous:
        print(f"  ambiguous, left empty: {line}")
    if not args.dry_run:
        args.gazetteer.write_text(dump(companies), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
