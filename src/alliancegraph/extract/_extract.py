"""The extraction stage: article in, DocumentFacts out; pure, no database."""
from __future__ import annotations

import multiprocessing
import re
from dataclasses import replace
from pathlib import Path
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from alliancegraph.extract._candidates import candidate_pairs, sentence_mentions
from alliancegraph.extract._combine import READERS, combine, model_facts, triple_key
from alliancegraph.extract._context import DocContext
from alliancegraph.extract._features import rule_signals
from alliancegraph.extract._reader import LearnedReader
from alliancegraph.extract._facts import SIGNATURES, facts_from_candidates
from alliancegraph.extract._patterns import PATTERNS, predecessors, with_successors
from alliancegraph.nlp import Gazetteer, load_gazetteer, load_pipeline
from alliancegraph.records import Article, CandidatePair, DocumentFacts, Entity, Mention, RelationFact
from alliancegraph.resolve import DocEntity, resolve_document

__all__ = ["Extractor", "extract", "MAX_CHARS", "text_of"]

MAX_CHARS = 200_000
DEFAULT_READER = "union"
"""The reader `extract`, `ingest` and `eval` use unless told: the best on the dev split (MODEL.md)."""


class Extractor:
    """Reads articles into DocumentFacts with one loaded pipeline."""

    def __init__(self, nlp: Language | None = None, *, gazetteer: Gazetteer | None = None,
                 reader: str = DEFAULT_READER, model_dir: Path | None = None, variants: bool = False,
                 candidates: bool = False, find_names: bool = True) -> None:
        """`reader` is one of READERS (extract/_combine.py); with `variants`, every reader's facts are
        kept on DocumentFacts.variants, for the ablation in `eval`; with `candidates`, the sentences and
        candidate pairs are kept on DocumentFacts even for the rules alone (eval's candidate ceiling)."""
        if reader not in READERS:
            raise ValueError(f"unknown reader {reader!r}; one of {', '.join(READERS)}")
        self.nlp = nlp if nlp is not None else load_pipeline()
        self.gaz = gazetteer if gazetteer is not None else load_gazetteer()
        self.reader = reader
        self.variants = variants
        self.learned = LearnedReader(model_dir) if reader != "rules" or variants else None
        self.candidates = candidates or self.learned is not None
        self.find_names = find_names
        """Whether the learned reader's name tagger adds the names spaCy missed (when the model has one)."""

    def __call__(self, article: Article) -> DocumentFacts:
        return self.read(article, self.nlp(text_of(article)))

    def pipe(self, articles: Iterable[Article], *, n_process: int = 1,
             batch_size: int = 16) -> Iterator[tuple[Article, DocumentFacts]]:
        """Stream (article, facts) pairs in input order.

        With `n_process` > 1 the whole reading (parse, resolution, patterns) runs in forked worker
        processes that share this one's loaded model; only the facts come back.
        """
        if n_process > 1:
            yield from self._pipe_parallel(articles, n_process=n_process, batch_size=batch_size)
            return
        pairs = ((text_of(a), a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield article, self.read(article, doc)

    def _pipe_parallel(self, articles: Iterable[Article], *, n_process: int,
                       batch_size: int) -> Iterator[tuple[Article, DocumentFacts]]:
        global _WORKER
        _WORKER = self
        with multiprocessing.get_context("fork").Pool(n_process, initializer=_one_blas_thread) as pool:
            yield from pool.imap(_read_in_worker, articles, chunksize=max(1, batch_size // 4))

    def parse(self, text: str) -> Doc:
        """The text parsed as `read` reads it: spaCy's pipeline, then the names the learned reader's
        tagger adds (when this extractor has a learned reader with one)."""
        doc = self.nlp(text)
        self._find_names(doc, {})
        return doc

    def _find_names(self, doc: Doc, memo: dict) -> None:
        if self.learned is not None and self.find_names:
            self.learned.find_names(doc, memo)

    def context(self, doc: Doc) -> DocContext:
        """A parsed article with its entities resolved: what the rules and the learned reader read."""
        entities, slots = resolve_document(doc, self.gaz)
        return DocContext(doc, entities, slots, self.gaz)

    def rule_facts(self, ctx: DocContext, article: Article) -> list[RelationFact]:
        """What the dependency patterns read from a resolved article."""
        candidates = [c for sent in ctx.sents for pattern in PATTERNS.values() for c in pattern(ctx, sent)]
        candidates += list(predecessors(ctx, candidates))
        candidates = with_successors(ctx, candidates)
        return facts_from_candidates(ctx, candidates, published=article.published, outlet=article.outlet)

    def read(self, article: Article, doc: Doc) -> DocumentFacts:
        """The facts of an already parsed article."""
        memo: dict = {}
        self._find_names(doc, memo)
        ctx = self.context(doc)
        rule_facts = self.rule_facts(ctx, article)
        sentences = sentence_mentions(ctx) if self.candidates else []
        pairs = candidate_pairs(ctx, sentences)
        variants = {"rules": rule_facts}
        if self.learned is not None:
            variants = self._variants(ctx, sentences, pairs, rule_facts, article.outlet, memo)
        variants = {r: _units_as_owners(ctx.entities, _outside_groups(ctx.entities, facts)) for r, facts in variants.items()}
        relations = variants[self.reader]
        retype_by_relations(ctx.entities, relations)
        return DocumentFacts(doc=article.doc, date=article.published, title=article.title,
                             source=article.outlet or article.source,
                             entities=_entity_records(ctx.entities, relations, doc.text), relations=relations,
                             sentences=[s.text for s in sentences],
                             candidates=[CandidatePair(p.sentence, ctx.entities[p.subject].name,
                                                       ctx.entities[p.object].name, p.types) for p in pairs],
                             variants=variants if self.variants else {})

    def _variants(self, ctx: DocContext, sentences: list, pairs: list, rule_facts: list[RelationFact],
                  outlet: str | None, memo: dict) -> dict[str, list[RelationFact]]:
        assert self.learned is not None
        names = [e.name for e in ctx.entities]
        signals = rule_signals(rule_facts, [s.char_start for s in sentences], {n: i for i, n in enumerate(names)})
        scores = self.learned.score(sentences, pairs, {i: e.type for i, e in enumerate(ctx.entities)}, signals, memo)
        thresholds = self.learned.thresholds
        learned = model_facts(scores, sentences, names, min(thresholds.values()), outlet=outlet)
        scored: dict[tuple[str, str, str], float] = {}
        for score in scores:
            for kind, probability in score.types.items():
                key = triple_key(names[score.pair.subject], kind, names[score.pair.object])
                scored[key] = max(scored.get(key, 0.0), probability)
        wanted = READERS if self.variants else (self.reader,)
        countries = frozenset(e.name for e in ctx.entities if e.type == "PLACE" and ctx.gaz.is_country_name(e.name))
        return {r: combine(r, rule_facts, [f for f in learned if f.confidence >= thresholds.get(r, 0.5)], scored,
                           thresholds.get(r, 0.5), countries) for r in wanted}


def _outside_groups(entities: list, facts: list[RelationFact]) -> list[RelationFact]:
    """Drop every fact but member_of between a group and one of its own members: a consortium does not
    own, buy or hold as a unit the companies it is made of (a misresolved "the company" gives that)."""
    members = {(e.name, m) for e in entities for m in e.group_members}
    return [f for f in facts if f.type == "member_of"
            or ((f.subject, f.object) not in members and (f.object, f.subject) not in members)]


_OWNER_STANDS_FOR_UNIT = frozenset({"leads", "merges_with", "invests_in"})


def _units_as_owners(entities: list, facts: list[RelationFact]) -> list[RelationFact]:
    """Facts about a unit the text does not name, as an analyst records them: whoever heads "its
    commercial aircraft business" leads the company, merging "its Spanish business" with a rival is
    the company's merger, and investing in "its new electric-vehicle business" is investing in the
    company (the reference article's gold): the likeliest owner that is not the other party. Where
    such a unit is seated adds nothing to its owner's. A sale or a stake stays with the unit, and the
    unit stays its owner's unit."""
    owners = {e.name: [entities[o].name for o in e.unit_of] for e in entities if e.unit_of}
    kept: dict[tuple[str, str, str], RelationFact] = {}
    for fact in facts:
        if fact.type == "based_in" and fact.subject in owners:
            continue
        if fact.type in _OWNER_STANDS_FOR_UNIT:
            subject = next((o for o in owners.get(fact.subject, [fact.subject]) if o != fact.object), None)
            obj = next((o for o in owners.get(fact.object, [fact.object]) if o != subject), None)
            if subject is None or obj is None:
                continue
            fact = replace(fact, subject=subject, object=obj)
        key = (fact.subject, fact.type, fact.object)
        if key not in kept or fact.confidence > kept[key].confidence:
            kept[key] = fact
    return list(kept.values())


_WORKER: Extractor | None = None


def _one_blas_thread() -> None:
    """Each forked worker keeps BLAS to one thread: several workers each spinning a BLAS pool on the
    same cores made two processes no faster than one (benchmarks/extract_speed.py)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _read_in_worker(article: Article) -> tuple[Article, DocumentFacts]:
    """Run in a forked worker: the Extractor was set before the fork."""
    assert _WORKER is not None
    return article, _WORKER(article)


def text_of(article: Article) -> str:
    """What is read: the headline, which states many facts, a blank line, then the body (the headline
    once only, when the body already opens with it), less the wire's instrument codes and datelines.
    Fact and mention offsets index this text."""
    text = _without_datelines(_without_tickers(article.text[:MAX_CHARS]))
    title = " ".join(_without_tickers(article.title).split())
    if not title or text.lstrip().startswith(title):
        return text
    if _title_cased(title):
        names = _names_of(text)
        title = _sentence_cased(title, text, names)
        if _title_cased(title) and not names.issuperset(_capitalised(title)):
            return text
    return f"{title}\n\n{text}"


_TICKER = re.compile(r"\s?(?:[<(][A-Z0-9][A-Za-z0-9_]{0,7}\.[A-Z]{1,2}[>)]|\((?:NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX|"
                     r"HKEX|SGX|BSE|NSE|OTC[A-Z]*)(?: [A-Za-z]+)?: ?[A-Z0-9.]{1,8}\))(?:, opens new tab)?")
"""An instrument code after a company's name: "SoftBank Group Corp <9984.T>", "Toyota (7203.T)",
"(MSFT.O), opens new tab", and a press release's "Macy's, Inc. (NYSE: M)"."""


def _without_tickers(text: str) -> str:
    """`text` without instrument codes: the parser reads them as words that split the sentence or
    join the name."""
    return _TICKER.sub("", text)


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(r"(?m)^[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+)*(?:, [A-Z][a-z]+\.?(?=--|, |\s*\())?"
                       r"(?:,? " + _MONTH + r" \d{1,2}(?:, \d{4})?)?(?:,? ?\([A-Za-z][A-Za-z .-]*\))?"
                       r"(?:\s*(?:-{1,2}|—|–)\s+|--(?:\([A-Z][A-Za-z .]*\)--)?(?=[A-Z]))")
"""A paragraph's dateline: "BEIJING, Aug 8 (Reuters) - ", "SEOUL, Oct. 1 (Yonhap) -- ", "LONDON - ",
and a press release's "WILMINGTON, Mass.--" or "NEW YORK--(BUSINESS WIRE)--"."""


def _without_datelines(text: str) -> str:
    """`text` without the dateline that opens a paragraph: the parser took "Aug 8" for a place, the
    agency for a party to the story, and the city for the subject of the sentence it is glued to."""
    return _DATELINE.sub("", text)


_EDGE_PUNCTUATION = ",.:;!?\"'()"


_SMALL_WORDS = frozenset({"To", "For", "In", "On", "At", "By", "As", "With", "From", "Into", "Over", "After"})
"""Words only a title-cased headline capitalises mid-line: "Reuters, Thomson To Merge"."""


def _title_cased(title: str) -> bool:
    """"Renault Completes Transfer of Nissan Shares": capitals on most words hide which words are names."""
    if _SMALL_WORDS & {w.strip(_EDGE_PUNCTUATION) for w in title.split()[1:]}:
        return True
    words = _capitalisable(title)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _sentence_cased(title: str, body: str, names: set[str]) -> str:
    """A title-cased headline in sentence case, as far as the body tells: a word the body writes in
    lower case ("transfer", "shares", or "completed" for "Completes") is lowered; `names` (the body's)
    and words the body never uses keep their capitals. Lengths are kept, so offsets still hold."""
    lower = {_stem(w) for w in re.findall(r"[a-z][a-z'-]+", body)}
    words = title.split(" ")
    for i, word in enumerate(words[1:], start=1):
        bare = word.strip(_EDGE_PUNCTUATION)
        if not bare[:1].isupper() or bare.isupper() or bare in names:
            continue
        if _stem(bare.lower()) in lower:
            words[i] = word.replace(bare, bare.lower(), 1)
    return " ".join(words)


def _names_of(body: str) -> set[str]:
    """Words the body capitalises inside a sentence (not after a full stop): its names."""
    return set(re.findall(r"(?<=[a-z0-9,;:] )[A-Z][\w&'.-]*", body))


def _capitalised(title: str) -> set[str]:
    return {w.strip(_EDGE_PUNCTUATION) for w in _capitalisable(title) if w[0].isupper()}


def _capitalisable(title: str) -> list[str]:
    return [w for w in title.split()[1:] if len(w) > 3 and w[0].isalpha()]


def _stem(word: str) -> str:
    """A crude stem that lets "completes", "completed" and "completing" meet."""
    for ending in ("ing", "ed", "es", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def retype_by_relations(entities: list[DocEntity], relations: list[RelationFact]) -> None:
    """An entity the tagger typed PERSON or PLACE that a fact needs as a company becomes an ORG
    ("Varian Medical Systems is based in Palo Alto")."""
    by_name = {e.name: e for e in entities}
    for fact in relations:
        for name, wanted in ((fact.subject, SIGNATURES[fact.type][0]), (fact.object, SIGNATURES[fact.type][1])):
            entity = by_name.get(name)
            if entity is not None and entity.type not in wanted and "ORG" in wanted:
                entity.type = "ORG"


def _entity_records(entities: list[DocEntity], relations: list[RelationFact], text: str) -> list[Entity]:
    used = {r.subject for r in relations} | {r.object for r in relations}
    out = []
    for entity in entities:
        if not entity.mentions and entity.name not in used:
            continue
        aliases = list(dict.fromkeys(entity.aliases or [entity.name]))
        mentions = [Mention(text[start:end], start, end) for start, end in entity.mentions]
        out.append(Entity(id=f"e{len(out) + 1}", name=entity.name, type=entity.type, aliases=aliases,
                          mentions=mentions))
    return out


def extract(article: Article) -> DocumentFacts:
    """Read one article with the default pipeline."""
    return Extractor()(article)
