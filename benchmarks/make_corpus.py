"""A corpus of any size with known gold, for benchmarks: articles recombined from this project's
own annotated sentences, the companies and people in them swapped for others.

    .venv/bin/python benchmarks/make_corpus.py --articles 1000 --out /tmp/corpus --seed 1
    alliancegraph check-gold /tmp/corpus        # every gold file keeps data/ANNOTATION.md's contract

Each gold evidence passage of data/train (the text a gold relation's evidence covers) is a
template when every relation it states has it as its only evidence, it overlaps no other
relation's evidence, and both parties of each relation are named in it. In a template every
company and person named is replaced by a name of the same type: companies from the
gazetteer (src/alliancegraph/data/companies.json) and generated ones, people generated; places
stay. An article is 3-8 templates as paragraphs, the names drawn from a cast of a few companies
and people so that they recur, under a headline, byline and date between 2015 and 2025 (the
seed text format of data/sample). Its .gold.json (data/ format) lists the cast and places named,
and each template's relations with the new names and the paragraph as evidence; a template that
would state a triple the article already holds is drawn again. Output: DIR/NNN/NNNNNN.txt and
.gold.json, 1,000 articles a folder; the same seed gives the same corpus.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT / "data" / "train"
COMPANIES = ROOT / "src" / "alliancegraph" / "data" / "companies.json"
SWAPPED = ("ORG", "PERSON")
SYMMETRIC = ("merges_with", "partners_with")
OUTLETS = ["Reuters", "AFP", "Bloomberg", "AP", "Nikkei Asia", "FT", "WSJ", "Handelsblatt"]
FIRST_DAY, DAYS = dt.date(2015, 1, 1), 11 * 365
PER_FOLDER = 1000
_NOT_A_NAME = {"the", "a", "an", "its", "his", "her", "their", "this", "that", "these", "those"}
_HEADLINES = {"owns_stake": "{s} holds stake in {o}", "invests_in": "{s} invests in {o}",
              "acquires": "{s} moves to buy {o}", "merges_with": "{s} and {o} to combine",
              "partners_with": "{s} teams up with {o}", "supplies": "{s} to supply {o}",
              "subsidiary_of": "{s} under {o}", "member_of": "{s} joins {o}", "leads": "{s} at the helm of {o}",
              "based_in": "{s} news from {o}"}

_SYLLABLES = ["ar", "bel", "cor", "dan", "el", "fen", "gal", "hal", "is", "jor", "kel", "lun", "mar", "nor",
              "os", "pel", "quin", "ros", "sel", "tar", "ul", "ven", "wes", "xan", "yor", "zel", "bra", "cle",
              "dro", "fra", "gri", "kro", "lia", "mio", "tra", "vio"]
_INDUSTRIES = ["Energy", "Mining", "Motors", "Pharma", "Logistics", "Semiconductor", "Telecom", "Foods",
               "Steel", "Capital", "Aerospace", "Chemicals", "Robotics", "Shipping", "Software", "Batteries"]
_SUFFIXES = ["Holdings", "Group", "Industries", "Corp", "Partners", "Systems", "Technologies", "Resources"]
_FIRST = ["Anna", "Ben", "Carla", "David", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kofi", "Lena",
          "Marco", "Nadia", "Omar", "Priya", "Rafael", "Sofia", "Tomas", "Ulla", "Viktor", "Wen", "Yusuf", "Zara"]


@dataclass(frozen=True)
class Template:
    """One gold evidence passage: its text cut into pieces around the names to swap, the swapped
    entities' types, the places it names, and its relations over entity slots."""

    pieces: tuple[str, ...]  # text, name slot, text, name slot, ..., text
    slots: tuple[int, ...]  # which entity each name slot is, by position in `types`
    types: tuple[str, ...]
    places: tuple[dict, ...]
    relations: tuple[dict, ...]  # subject/object: an int (a swapped entity) or a place's name


def _name_forms(entity: dict) -> list[str]:
    forms = {entity["name"], *entity.get("aliases", [])}
    return [f for f in forms if len(f) > 1 and f[0].isupper() and f.split()[0].casefold() not in _NOT_A_NAME]


def _occurs(form: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None


def _template(text: str, relations: list[dict], entities: dict[str, dict]) -> Template | None:
    """The template of one passage, or None if a party of its relations would not be named in it."""
    swapped = [e for e in entities.values() if e["type"] in SWAPPED and any(_occurs(f, text) for f in _name_forms(e))]
    forms = sorted(((form, i) for i, e in enumerate(swapped) for form in _name_forms(e)), key=lambda p: -len(p[0]))
    owners: dict[str, int] = {}
    for form, i in forms:
        if owners.setdefault(form, i) != i:
            return None  # one name for two entities
    if not forms:
        return None
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(form)}(?!\w)" for form, _ in forms))
    pieces, slots, at = [], [], 0
    for match in pattern.finditer(text):
        pieces.append(text[at:match.start()])
        slots.append(owners[match.group()])
        at = match.end()
    pieces.append(text[at:])
    index = {e["name"]: i for i, e in enumerate(swapped)}
    kept_text = "".join(pieces)
    places = {}
    converted = []
    for relation in relations:
        ends = {}
        for role in ("subject", "object"):
            entity = entities[relation[role]]
            if entity["type"] in SWAPPED:
                if index.get(entity["name"]) not in slots:
                    return None
                ends[role] = index[entity["name"]]
            elif _occurs(entity["name"], kept_text):
                places[entity["name"]] = {"name": entity["name"], "type": entity["type"], "aliases": [entity["name"]]}
                ends[role] = entity["name"]
            else:
                return None
        converted.append({**{k: v for k, v in relation.items() if k != "evidence"}, **ends})
    return Template(tuple(pieces), tuple(slots), tuple(e["type"] for e in swapped), tuple(places.values()),
                    tuple(converted))


def _spans(relation: dict) -> tuple[tuple[int, int], ...]:
    return tuple((span["char_start"], span["char_end"]) for span in relation.get("evidence", []))


def templates(folder: Path = TRAIN) -> list[Template]:
    """Every usable template of the gold files in `folder`, in file order."""
    found = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_name(gold["doc"]).read_text(encoding="utf-8")
        entities = {e["name"]: e for e in gold["entities"]}
        by_span: dict[tuple[int, int], list[dict]] = {}
        covered = []
        for relation in gold["relations"]:
            spans = _spans(relation)
            covered.extend(spans)
            if len(spans) == 1:
                by_span.setdefault(spans[0], []).append(relation)
        for (start, end), relations in by_span.items():
            if sum(1 for a, b in covered if a < end and start < b) != len(relations):
                continue  # another relation's evidence overlaps this passage
            made = _template(text[start:end].strip(), relations, entities)
            if made is not None:
                found.append(made)
    return found


class Names:
    """Distinct new names by type: the gazetteer's companies first, then generated ones."""

    def __init__(self, rng: random.Random) -> None:
        companies = [c["name"] for c in json.loads(COMPANIES.read_text(encoding="utf-8"))]
        rng.shuffle(companies)
        self._rng = rng
        self._pool = {"ORG": companies, "PERSON": []}

    def _made(self, kind: str) -> str:
        word = "".join(self._rng.choice(_SYLLABLES) for _ in range(self._rng.choice((2, 2, 3)))).capitalize()
        if kind == "PERSON":
            return f"{self._rng.choice(_FIRST)} {word}"
        return f"{word} {self._rng.choice(_INDUSTRIES)} {self._rng.choice(_SUFFIXES)}"

    def draw(self, kind: str, taken: set[str]) -> str:
        """A name of `kind` not in `taken`; a gazetteer company half the time while any are left."""
        pool = self._pool[kind]
        if pool and self._rng.random() < 0.5:
            name = pool[self._rng.randrange(len(pool))]
            if name not in taken and not any(name in t or t in name for t in taken):
                return name
        while True:
            name = self._made(kind)
            if name not in taken and not any(name in t or t in name for t in taken):
                return name


def _key(relation: dict) -> tuple[str, ...]:
    pair = [relation["subject"], relation["object"]]
    if relation["type"] in SYMMETRIC:
        pair.sort()
    return (relation["type"], *pair)


def _cast_for(template: Template, cast: dict[str, list[str]], names: Names, rng: random.Random) -> list[str]:
    """A name for each entity of the template, distinct, mostly from the article's cast."""
    chosen: list[str] = []
    for kind in template.types:
        pool = [n for n in cast[kind] if n not in chosen]
        if pool and rng.random() < (0.7 if kind == "ORG" else 0.3):
            chosen.append(rng.choice(pool))
        else:
            name = names.draw(kind, {n for names_ in cast.values() for n in names_} | set(chosen))
            cast[kind].append(name)
            chosen.append(name)
    return chosen


def article(number: int, pool: list[Template], names: Names, rng: random.Random) -> tuple[str, dict]:
    """The text of article `number` and its gold (data/ format)."""
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    cast: dict[str, list[str]] = {"ORG": [], "PERSON": []}
    paragraphs: list[tuple[str, list[dict], tuple[dict, ...]]] = []
    held: set[tuple[str, ...]] = set()
    for _ in range(rng.randint(3, 8)):
        for _attempt in range(5):
            template = rng.choice(pool)
            chosen = _cast_for(template, cast, names, rng)
            relations = [{**r, **{role: chosen[r[role]] if isinstance(r[role], int) else r[role]
                                  for role in ("subject", "object")}} for r in template.relations]
            keys = {_key(r) for r in relations}
            if len(keys) == len(relations) and not keys & held and all(r["subject"] != r["object"] for r in relations):
                held |= keys
                text = "".join(p + (chosen[template.slots[i]] if i < len(template.slots) else "")
                               for i, p in enumerate(template.pieces))
                paragraphs.append((text, relations, template.places))
                break
    first = paragraphs[0][1][0]
    headline = _HEADLINES[first["type"]].format(s=first["subject"], o=first["object"])
    time_of_day = f"{rng.randrange(6, 20):02d}:{rng.randrange(60):02d}"
    head = f"date {day.isoformat()} news\n\n{headline}\n\n{day:%d %B %Y} - {time_of_day} By {rng.choice(OUTLETS)}\n"
    text, gold_relations, places = head, [], {}
    for body, relations, named_places in paragraphs:
        start = len(text)
        text += body + "\n\n"
        gold_relations.extend({**r, "evidence": [{"char_start": start, "char_end": start + len(body)}]}
                              for r in relations)
        places.update((p["name"], p) for p in named_places)
    doc = f"{number:06d}.txt"
    entities = [{"name": n, "type": kind, "aliases": [n]} for kind in SWAPPED for n in cast[kind] if n in text]
    gold = {"doc": doc, "entities": entities + list(places.values()), "relations": gold_relations}
    return text, gold


def write_corpus(out: Path, n: int, *, seed: int, pool: list[Template]) -> Iterator[Path]:
    """Write `n` articles made of `pool`'s templates and their gold under `out`; yields each article's path."""
    rng = random.Random(seed)
    names = Names(random.Random(seed + 1))
    for number in range(n):
        text, gold = article(number, pool, names, rng)
        folder = out / f"{number // PER_FOLDER:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / gold["doc"]
        path.write_text(text, encoding="utf-8")
        path.with_name(f"{number:06d}.gold.json").write_text(gold_dump(gold), encoding="utf-8")
        yield path


def gold_dump(gold: dict) -> str:
    """A gold file's text: one entity or relation a line (as data/ keeps them)."""
    def rows(key: str) -> str:
        return "[\n    " + ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in gold[key]) + "\n  ]"
    return (f'{{\n  "doc": {json.dumps(gold["doc"])},\n  "entities": {rows("entities")},\n'
            f'  "relations": {rows("relations")}\n}}\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True, help="How many articles to write.")
    parser.add_argument("--out", type=Path, required=True, help="A new or empty directory.")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        raise SystemExit(f"{args.out} is not empty; give a new directory.")
    started = time.perf_counter()
    pool = templates()
    if not pool:
        raise SystemExit(f"no usable evidence passages under {TRAIN}")
    count = sum(1 for _ in write_corpus(args.out, args.articles, seed=args.seed, pool=pool))
    print(f"{count:,} articles with gold in {args.out} ({time.perf_counter() - started:.1f} s, "
          f"{len(pool):,} templates from {TRAIN.relative_to(ROOT)})", file=sys.stderr)


if __name__ == "__main__":
    main()
