"""Ingest on a Dask cluster: a LocalCluster of two worker processes stores what one process stores."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from alliancegraph import cluster, jobs
from alliancegraph.cli import app
from alliancegraph.errors import AllianceGraphError, InputError
from alliancegraph.ingest import read_articles
from alliancegraph.store import open_store

runner = CliRunner()
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
_FACTS = """SELECT a.doc, s.name, s.type, f.type, o.name, o.type, f.status, f.confidence, f.sentence,
                  f.char_start, f.char_end, f.percent, f.amount, f.currency, f.title, f.kind, f.product,
                  f.attributed_to, f.valid_from, f.valid_to, f.published
           FROM facts f JOIN articles a ON a.id = f.article_id
           JOIN entities s ON s.id = f.subject_id JOIN entities o ON o.id = f.object_id"""
_CONFIDENCE = 7  # column of f.confidence above


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two worker processes of one thread each."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seven sample articles."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(SAMPLE.glob("*.txt"))[:7]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Any, ...]]:
    """The facts the single-process path stores from the corpus."""
    db = tmp_path_factory.mktemp("one") / "ag.db"
    with open_store(str(db)) as store:
        summary = jobs.ingest([corpus], store=store)
    assert (summary.new, summary.failed) == (7, [])
    return _facts(db)


def _facts(db: Path) -> list[tuple[Any, ...]]:
    """Every stored fact by names (ids differ between stores), its confidence to 6 places (the reader's
    heads sum in float64, so the number of BLAS threads does not show there)."""
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(text(_FACTS))]
    finally:
        engine.dispose()
    return sorted((*r[:_CONFIDENCE], round(r[_CONFIDENCE], 6), *r[_CONFIDENCE + 1:]) for r in rows)


@pytest.mark.model
def test_two_workers_store_exactly_the_facts_of_one_process(
        scheduler: str, corpus: Path, one_process: list[tuple[Any, ...]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "PARTITION", 2)  # four partitions over two workers, back in any order
    db = tmp_path / "ag.db"
    with open_store(str(db)) as store:
        summary = jobs.ingest([corpus], store=store, scheduler=scheduler)
        problems = store.check()
    assert (summary.new, summary.duplicates, summary.failed) == (7, 0, [])
    assert summary.facts == len(one_process) > 20
    assert _facts(db) == one_process
    assert problems == []


@pytest.mark.model
def test_a_rerun_after_a_crash_extracts_only_what_is_not_stored(
        scheduler: str, corpus: Path, one_process: list[tuple[Any, ...]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "first"
    first.mkdir()
    for path in sorted(corpus.glob("*.txt"))[:3]:
        shutil.copy(path, first / path.name)
    sent: list[str] = []
    extract_on = cluster.extract_on

    def counting(client: Any, articles: Any, **options: Any) -> Any:
        def seen(items: Any) -> Any:
            for article in items:
                sent.append(article.doc)
                yield article
        return extract_on(client, seen(articles), **options)

    db = tmp_path / "ag.db"
    with open_store(str(db)) as store:
        jobs.ingest([first], store=store, scheduler=scheduler)
        monkeypatch.setattr(cluster, "extract_on", counting)
        summary = jobs.ingest([corpus], store=store, scheduler=scheduler)
    assert (summary.new, summary.duplicates) == (4, 3)
    assert sent == sorted(p.name for p in corpus.glob("*.txt"))[3:]
    assert _facts(db) == one_process


def test_a_partition_lost_on_its_worker_fails_each_of_its_articles_by_name(scheduler: str) -> None:
    articles = list(read_articles([str(p) for p in sorted(SAMPLE.glob("*.txt"))[:3]]))
    errors: list[InputError] = []
    with cluster.connect(scheduler) as client:
        found = list(cluster.extract_on(client, articles, reader="no such reader", partition=2,
                                        on_error=errors.append))
    assert found == [[], []]
    assert [e.source for e in errors] == [a.source for a in articles]
    assert all(e.problem.startswith("extraction failed on the cluster: ValueError: unknown reader")
               for e in errors)


class _Reader:
    """An extractor that reads nothing and crashes on "CRASH", as a worker's would on a bad article."""

    reader = "rules"

    def pipe(self, articles: Any, *, n_process: int = 1, batch_size: int = 16) -> Any:
        from alliancegraph.records import DocumentFacts

        for article in articles:
            if "CRASH" in article.text:
                raise RecursionError("maximum recursion depth exceeded")
            yield article, DocumentFacts(doc=article.doc, date=article.published, title=article.title,
                                         source=article.source, entities=[], relations=[])


def test_an_article_that_fails_on_a_worker_is_one_error_naming_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = []
    for n, body in enumerate(["Acme buys Widget.", "CRASH here.", "Widget sells Gadget."]):
        paths.append(tmp_path / f"{n}.txt")
        paths[-1].write_text(f"date 2024-01-0{n + 1} news\n\nHeadline {n}\n\nBy Reuters\n{body}\n", encoding="utf-8")
    articles = list(read_articles([str(p) for p in paths]))
    monkeypatch.setitem(cluster._EXTRACTORS, "rules", _Reader())
    found, failures = cluster.extract_partition(articles, "rules", 60.0)
    assert sorted(found) == [0, 2]
    assert found[2].doc == "2.txt"
    assert failures == [(str(paths[1]), "extraction failed: nested too deeply to read (more than 1,000 levels)")]


def test_the_cli_ingests_on_a_cluster_and_names_bad_input(scheduler: str, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(sorted(SAMPLE.glob("*.txt"))[0], tmp_path / "in" / "a.txt")
    (tmp_path / "in" / "notes.txt").write_bytes(b"\x00\x01\x02binary")
    db = tmp_path / "ag.db"
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--scheduler", scheduler,
                                 "--reader", "rules"])
    assert result.exit_code == 1, result.output
    assert "notes.txt: binary file, not text" in result.output
    assert "2 inputs: 1 new, 1 failed" in result.output
    with open_store(str(db), create=False) as store:
        assert [a.doc for a in store.articles()] == ["a.txt"]


@pytest.mark.parametrize("spec", ["local:0", "local:two", "localhost:8786"])
def test_a_scheduler_that_is_neither_an_address_nor_local_n_is_refused(spec: str) -> None:
    with pytest.raises(AllianceGraphError, match="neither a scheduler address"):
        with cluster.connect(spec):
            pass


def test_workers_and_a_scheduler_exclude_each_other(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "ag.db")) as store, pytest.raises(AllianceGraphError, match="exclude each other"):
        jobs.ingest([SAMPLE], store=store, workers=2, scheduler="local:2")



def test_a_batch_with_a_bad_document_stores_the_others_and_names_it(store_url: str, tmp_path: Path) -> None:
    from alliancegraph.errors import StoreError
    from alliancegraph.records import DocumentFacts, Entity

    paths = []
    for n in range(3):
        paths.append(tmp_path / f"{n}.txt")
        paths[-1].write_text(f"date 2024-01-0{n + 1} news\n\nHeadline {n}\n\nBy Reuters\nStory {n}.\n", encoding="utf-8")
    articles = list(read_articles([str(p) for p in paths]))

    def facts(article: Any, entity_type: str) -> DocumentFacts:
        return DocumentFacts(doc=article.doc, date=article.published, title=article.title, source=article.source,
                             entities=[Entity(id="e1", name="Acme", type=entity_type)], relations=[])

    with open_store(store_url) as store:
        results = store.add_documents([(articles[0], facts(articles[0], "ORG")),
                                       (articles[1], facts(articles[1], "THING")),
                                       (articles[2], facts(articles[2], "ORG"))])
        docs = sorted(a.doc for a in store.articles())
    assert [r.outcome for r in results if not isinstance(r, StoreError)] == ["new", "new"]
    assert isinstance(results[1], StoreError) and "1.txt: entity 'Acme' has type 'THING'" in str(results[1])
    assert docs == ["0.txt", "2.txt"]
