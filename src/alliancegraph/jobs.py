"""The verbs of the CLI as library calls: ingest, extract, evaluate (same names, same options)."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from alliancegraph import cluster
from alliancegraph._guarded import TIME_LIMIT, extract_each
from alliancegraph.errors import AllianceGraphError, InputError
from alliancegraph.evaluate import Report
from alliancegraph.evaluate import GoldDocument, find_gold, read_gold
from alliancegraph.evaluate import evaluate as score_gold
from alliancegraph.evaluate._entities import EntityReport, score_entities
from alliancegraph.extract import DEFAULT_READER, READERS, Extractor
from alliancegraph.ingest import InputWarning, dedupe, read_articles
from alliancegraph.records import Article, DocumentFacts, Entity, Mention
from alliancegraph.store import Store, Stored

__all__ = ["TIME_LIMIT", "Duplicate", "IngestSummary", "ingest", "extract", "extract_each", "evaluate",
           "evaluate_entities"]

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Duplicate:
    """An input not stored because its text is stored already, as the article `of` (a doc)."""

    doc: str
    of: str


@dataclass
class IngestSummary:
    """What one ingest run did: each input is counted once, as new, updated (a correction of a
    stored article), a duplicate (of which article: `duplicate_of`) or failed."""

    read: int = 0
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    linked: int = 0
    """Of the new and updated, those that retell another stored article (another headline, a
    syndicated copy): linked to it, their facts not stored."""
    facts: int = 0
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicate_of: list[Duplicate] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def inputs(self) -> int:
        """Every input the run met: new + updated + duplicates + failed."""
        return self.new + self.updated + self.duplicates + len(self.failed)

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


def extract(paths: Iterable[str | Path], *, date: dt.date | None = None, workers: int = 1,
            extractor: Extractor | None = None, time_limit: float = TIME_LIMIT,
            on_error: Callable[[InputError], None] | None = None) -> Iterator[tuple[Article, DocumentFacts]]:
    """Stream (article, facts) for every article under `paths`; extraction is pure, nothing is stored.

    An article whose extraction fails, or takes more than `time_limit` seconds (see
    `extract_each`), goes to `on_error` (raised without it); the others go on.
    """
    reader = extractor or Extractor()
    articles = dedupe(read_articles([str(p) for p in paths], date=date, on_error=on_error))
    yield from extract_each(reader, articles, workers=workers, time_limit=time_limit, on_error=on_error)


def ingest(paths: Iterable[str | Path], *, store: Store, date: dt.date | None = None, workers: int = 1,
           extractor: Extractor | None = None, reader: str | None = None, scheduler: str | None = None,
           time_limit: float = TIME_LIMIT, on_progress: Progress | None = None,
           on_error: Callable[[InputError], None] | None = None,
           on_warning: Callable[[InputWarning], None] | None = None) -> IngestSummary:
    """Read, extract and store every article under `paths`; each input is counted once
    (IngestSummary). An input that fails goes to `on_error` and the rest go on.

    `extractor`, else a new one of `reader` (default: DEFAULT_READER), reads in `workers`
    forked processes. With `scheduler` instead (a Dask scheduler address or "local:N", see
    `cluster.connect`), the workers of that cluster read, each with its own extractor of
    `reader` (or of `extractor`'s reader), and the facts are stored here a partition per
    transaction, in input order: the same store as one process makes.
    """
    if scheduler is not None and workers > 1:
        raise AllianceGraphError("--workers and --scheduler exclude each other: the cluster's workers read.")
    summary = IngestSummary()
    started = time.perf_counter()

    def failed(error: InputError) -> None:
        summary.failed.append(str(error))
        if on_error:
            on_error(error)

    def warned(warning: InputWarning) -> None:
        summary.warnings.append(str(warning))
        if on_warning:
            on_warning(warning)

    def counted(article: Article, stored: Stored | None, facts: int = 0) -> None:
        summary.read += 1
        if stored is not None and stored.outcome == "duplicate":
            summary.duplicates += 1
            summary.duplicate_of.append(Duplicate(article.doc, stored.doc))
        elif stored is not None:
            summary.new += stored.outcome == "new"
            summary.updated += stored.outcome == "updated"
            summary.linked += stored.linked_to is not None
            summary.facts += facts if stored.linked_to is None else 0
        if on_progress:
            on_progress(summary.read)

    def unseen(articles: Iterable[Article]) -> Iterator[Article]:
        first_doc: dict[str, str] = {}
        for article in articles:
            copy = first_doc.get(article.content_hash) or (store.copy_of(article.content_hash) or ("", ""))[1]
            if copy:
                counted(article, Stored("duplicate", "", copy))
                continue
            first_doc[article.content_hash] = article.doc
            yield article

    def kept(article: Article, facts: DocumentFacts, stored: Stored | AllianceGraphError) -> None:
        if isinstance(stored, AllianceGraphError):
            failed(InputError(article.source, f"not stored: {stored}"))
        else:
            counted(article, stored, len(facts.relations))

    articles = unseen(read_articles([str(p) for p in paths], date=date, on_error=failed, on_warning=warned))
    if scheduler is None:
        found = extract_each(extractor or Extractor(reader=_reader_name(reader)), articles, workers=workers,
                             time_limit=time_limit, on_error=failed)
        for article, facts in found:
            kept(article, facts, _stored_alone(store, article, facts))
    else:
        name = extractor.reader if extractor is not None else _reader_name(reader)
        with cluster.connect(scheduler) as client:
            for batch in cluster.extract_on(client, articles, reader=name, time_limit=time_limit, on_error=failed):
                for (article, facts), stored in zip(batch, store.add_documents(batch)):
                    kept(article, facts, stored)
    summary.seconds = time.perf_counter() - started
    return summary


def _reader_name(reader: str | None) -> str:
    if reader is None:
        return DEFAULT_READER
    if reader not in READERS:
        raise AllianceGraphError(f"there is no reader '{reader}'; choose one of {', '.join(READERS)}.")
    return reader


def _stored_alone(store: Store, article: Article, facts: DocumentFacts) -> Stored | AllianceGraphError:
    try:
        return store.add_document(article, facts)
    except AllianceGraphError as exc:
        return exc


def evaluate(paths: Iterable[str | Path], *, workers: int = 1, extractor: Extractor | None = None,
             on_progress: Callable[[int, int], None] | None = None,
             on_error: Callable[[Exception], None] | None = None) -> Report:
    """Score extraction against the *.gold.json files under `paths` (schema.md's rules).

    An extractor made with `variants=True` also scores every reader (Report.variants); one made with
    `candidates=True` (the default here) gives the candidate ceiling.
    """
    reader = extractor or Extractor(candidates=True)

    def read(article_paths: list[Path]) -> Iterator[tuple[Path, DocumentFacts]]:
        articles = read_articles([str(p) for p in article_paths], on_error=on_error)
        for article, facts in reader.pipe(articles, n_process=workers):
            yield Path(article.source), facts

    return score_gold(paths, read=read, on_progress=on_progress, on_error=on_error)


def evaluate_entities(paths: Iterable[str | Path], *, store: Store, from_gold: bool = False, workers: int = 1,
                      extractor: Extractor | None = None,
                      on_error: Callable[[InputError], None] | None = None) -> EntityReport:
    """Store every article beside the *.gold.json files under `paths` in `store` (an empty one) and
    score its entities across articles against the gold names (B-cubed), with the count of
    descriptor aliases. `from_gold` stores the gold entities instead of what extraction reads, so
    that only the store's joining across articles is measured."""
    golds = [read_gold(p) for root in paths for p in find_gold(Path(root))]
    if from_gold:
        for gold in golds:
            for article in read_articles([str(gold.article_path)], on_error=on_error):
                store.add_document(article, _gold_facts(article, gold))
    else:
        ingest([g.article_path for g in golds], store=store, workers=workers, extractor=extractor,
               on_error=on_error)
    return score_entities(store, golds)


def _gold_facts(article: Article, gold: GoldDocument) -> DocumentFacts:
    """The gold entities of one article as extraction would give them, each name found in the text
    a mention; no relations."""
    entities = []
    for n, entity in enumerate(gold.entities):
        names = list(dict.fromkeys([entity["name"], *entity.get("aliases", [])]))
        mentions = [Mention(name, at, at + len(name)) for name in names
                    for at in [article.text.find(name)] if at >= 0]
        entities.append(Entity(id=f"e{n + 1}", name=entity["name"], type=entity["type"], aliases=names,
                               mentions=mentions))
    return DocumentFacts(doc=article.doc, date=article.published, title=article.title, source=article.source,
                         entities=entities, relations=[])
