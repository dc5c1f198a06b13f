"""`alliancegraph check [--repair]`, `backup`, stores that do not exist, and the crash test:
ingest killed with SIGKILL part-way, rerun, every article stored once and `check` clean."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from alliancegraph.cli import app
from alliancegraph.store import open_store

runner = CliRunner()
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def _damage(db: str) -> None:
    """Every kind of inconsistency `check` looks for, written behind the store's back."""
    engine = create_engine(f"sqlite:///{db}")  # foreign keys not enforced: alliancegraph's set-up is not used
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO mentions (article_id, entity_id, text, char_start, char_end) "
                          "VALUES ('gone', 1, 'x', 0, 1)"))
        conn.execute(text("INSERT INTO entities (name, type, key) VALUES ('Nobody Corp', 'ORG', 'nobody')"))
        conn.execute(text("UPDATE facts SET object_id = subject_id WHERE id = (SELECT MIN(id) FROM facts)"))
        conn.execute(text("UPDATE facts SET published = '1999-01-01' WHERE id = (SELECT MAX(id) FROM facts)"))
        for url, which in (("https://x.example/a/", "MIN"), ("https://X.example/a", "MAX")):
            conn.execute(text(f"UPDATE articles SET url = '{url}', url_key = 'https://x.example/a' "
                              f"WHERE id = (SELECT {which}(id) FROM articles)"))
        conn.execute(text("UPDATE articles SET url = 'https://x.example/b' "
                          "WHERE id = (SELECT MIN(id) FROM articles WHERE url IS NULL)"))
        conn.execute(text("UPDATE entities SET name = 'Ren\u202eault SA' WHERE key = 'renault'"))
        conn.execute(text("UPDATE aliases SET alias = 'Nissan\u200b Motor' WHERE alias = 'Nissan Motor'"))
        conn.execute(text("INSERT INTO descriptors (article_id, entity_id, text) VALUES ('gone', 1, 'the group')"))
        conn.execute(text("INSERT INTO article_bands (band, article_id) VALUES ('0:00', 'gone')"))
        conn.execute(text("INSERT INTO near_duplicates (article_id, original_id, similarity) "
                          "SELECT MAX(id), MAX(id), 1.0 FROM articles"))
    engine.dispose()


def test_a_consistent_store_checks_clean(db: str) -> None:
    result = runner.invoke(app, ["check", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("no problems found\n")


def test_check_finds_every_kind_of_damage_and_repair_mends_it(db: str) -> None:
    _damage(db)
    found = runner.invoke(app, ["check", "--db", db])
    assert found.exit_code == 1
    problems = [line for line in found.output.splitlines() if line.startswith("Problem: ")]
    kinds = " | ".join(problems)
    for expected in ("mentions.article_id names no articles row", "entities without mentions",
                     "joining an entity to itself", "published date disagrees",
                     "url_key is not their URL normalised", "control or bidi characters",
                     "descriptors.article_id names no articles row", "article_bands.article_id names no articles",
                     "entities without a uid", "near-duplicates of themselves"):
        assert expected in kinds, kinds
    with open_store(db) as store:
        articles_before = store.stats()["articles"]
    repaired = runner.invoke(app, ["check", "--repair", "--db", db])
    assert repaired.exit_code == 0, repaired.output
    assert "Repaired " in repaired.output
    assert runner.invoke(app, ["check", "--db", db]).exit_code == 0
    with open_store(db) as store:
        assert store.stats()["articles"] == articles_before - 1
        history = store.article_history("https://x.example/a")
        renault = store.find_entity("Renault")
        nissan = store.find_entity("Nissan Motor")
    assert [v.current for v in history] == [False, True]
    assert renault is not None and renault.name == "Renault SA"
    assert nissan is not None and "Nissan Motor" in nissan.aliases


def test_two_articles_under_one_url_are_found_by_the_library(db: str) -> None:
    _damage(db)
    with open_store(db) as store:
        kinds = [p.kind for p in store.check()]
        assert "articles stored twice under one normalised URL" in kinds
        assert [p.kind for p in store.check(repair=True)] == kinds
        assert store.check() == []


def test_commands_that_read_refuse_a_store_that_does_not_exist(tmp_path: Path) -> None:
    typo = tmp_path / "demo.bd"
    for command in (["stats"], ["show", "Renault"], ["articles"], ["check"], ["backup", str(tmp_path / "b.db")]):
        result = runner.invoke(app, [*command, "--db", str(typo)])
        assert result.exit_code == 1, command
        assert result.output == (f"Error: no store at {typo}; `ingest` creates one. "
                                 "Check --db or $ALLIANCEGRAPH_DB.\n")
    assert not typo.exists()


def test_backup_copies_a_store_that_checks_clean(db: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    result = runner.invoke(app, ["backup", str(copy), "--db", db])
    assert result.exit_code == 0, result.output
    with open_store(db) as original, open_store(str(copy), create=False) as backed_up:
        assert backed_up.stats() == original.stats()
        assert backed_up.check() == []
    again = runner.invoke(app, ["backup", str(copy), "--db", db])
    assert again.exit_code == 1 and "exists already" in again.output


def test_backup_while_another_process_writes(db: str, tmp_path: Path) -> None:
    writer = sqlite3.connect(db)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE articles SET title = 'being written'")
    copy = tmp_path / "copy.db"
    try:
        assert runner.invoke(app, ["backup", str(copy), "--db", db]).exit_code == 0
    finally:
        writer.rollback()
        writer.close()
    with open_store(str(copy), create=False) as backed_up:
        assert "being written" not in {a.title for a in backed_up.articles()}


# ---- the demo corpus, clean and after crashes ---------------------------------------------------------

def _ingest_command(db: Path) -> list[str]:
    return [str(Path(sys.executable).with_name("alliancegraph")), "ingest", str(SAMPLE), "--db", str(db), "--reader", "rules"]


def _facts(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(
            "SELECT a.doc, s.name, f.type, o.name, f.status, f.percent, f.amount, f.sentence FROM facts f "
            "JOIN articles a ON a.id = f.article_id JOIN entities s ON s.id = f.subject_id "
            "JOIN entities o ON o.id = f.object_id"))


def _articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def _env() -> dict[str, str]:
    source = str(Path(__file__).resolve().parents[1] / "src")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("clean") / "demo.db"
    subprocess.run(_ingest_command(db), check=True, capture_output=True, env=_env(), timeout=600)
    return db


@pytest.mark.model
def test_the_demo_store_checks_clean(clean_run: Path) -> None:
    result = runner.invoke(app, ["check", "--db", str(clean_run)])
    assert result.exit_code == 0, result.output
    assert _articles(clean_run) == len(list(SAMPLE.glob("*.txt")))


@pytest.mark.model
@pytest.mark.parametrize("kill_after", [1, 5, 10])
def test_ingest_killed_mid_run_loses_nothing_on_rerun(clean_run: Path, tmp_path: Path, kill_after: int) -> None:
    db = tmp_path / "crash.db"
    victim = subprocess.Popen(_ingest_command(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    deadline = time.monotonic() + 300
    while _articles(db) < kill_after and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    assert victim.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    assert 0 < _articles(db) < _articles(clean_run)
    rerun = subprocess.run(_ingest_command(db), capture_output=True, text=True, env=_env(), timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert runner.invoke(app, ["check", "--db", str(db)]).exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _facts(db) == _facts(clean_run)


def _add_stories(db: str, order: int) -> None:
    from graph_corpus import STORIES

    with open_store(db) as store:
        for story in STORIES[::order]:
            story.add_to(store)


def test_concurrent_writers_and_readers_store_every_article_once(tmp_path: Path) -> None:
    import multiprocessing

    from graph_corpus import STORIES

    db = str(tmp_path / "shared.db")
    open_store(db).close()
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_add_stories, args=(db, order)) for order in (1, -1, 1)]
    for writer in writers:
        writer.start()
    reads = 0
    with open_store(db, create=False) as reader:
        while any(w.is_alive() for w in writers):
            reader.stats()
            reads += 1
    for writer in writers:
        writer.join()
    assert [w.exitcode for w in writers] == [0, 0, 0] and reads > 0
    with open_store(db, create=False) as store:
        assert store.stats()["articles"] == len(STORIES)
        assert store.check() == []
