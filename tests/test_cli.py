"""The real CLI against a temporary SQLite store; results checked through the library."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancegraph.cli import app
from alliancegraph.store import open_store

runner = CliRunner()
ARTICLE = """date 2023-02-06 news

Renault and Nissan seal new alliance terms

06 February 2023 - 09:00 By Reuters
Renault will cut its 43% stake in Nissan to 15%, the French automaker said on Monday.
"""


def _write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.model
def test_ingest_shared_example_once(tmp_path: Path) -> None:
    from conftest import SHARED

    examples = SHARED / "examples"
    if not examples.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    db = tmp_path / "ag.db"
    first = runner.invoke(app, ["ingest", str(examples), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "1 new" in first.output
    with open_store(str(db)) as store:
        rows = store.articles()
    assert [(r.title, str(r.published)) for r in rows] == [
        ("Nissan and Renault edge ever closer to overhaul of alliance", "2023-01-26")]
    second = runner.invoke(app, ["ingest", str(examples), "--db", str(db)])
    assert second.exit_code == 0
    assert "0 new" in second.output


@pytest.mark.model
def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    _write(corpus / "good.txt", ARTICLE)
    _write(corpus / "binary.txt", b"\x00\x01\x02garbage")
    _write(corpus / "empty.txt", "")
    _write(corpus / "latin1.txt", b"date 2023-01-01 news\n\nT\n\nx\ncaf\xe9 au lait\n")
    _write(corpus / "baddate.txt", ARTICLE.replace("2023-02-06", "2023-02-30"))
    db = tmp_path / "ag.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("Error: ") and "binary.txt: binary file, not text" in line for line in lines)
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("latin1.txt: not valid UTF-8" in line for line in lines)
    assert any("baddate.txt: impossible date '2023-02-30' in header line" in line for line in lines)
    with open_store(str(db)) as store:
        assert [r.doc for r in store.articles()] == ["good.txt"]
        stats = store.stats()
    assert stats["facts_by_type"].get("owns_stake") == 1


@pytest.mark.model
def test_extract_prints_schema_json_lines(tmp_path: Path) -> None:
    import json

    path = _write(tmp_path / "a.txt", ARTICLE)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.splitlines()[0])
    assert record["doc"] == "a.txt" and record["date"] == "2023-02-06"
    stake = [r for r in record["relations"] if r["type"] == "owns_stake"]
    assert stake and stake[0]["subject"] == "Renault" and stake[0]["object"] == "Nissan"
    assert stake[0]["status"] == "planned" and stake[0]["percent"] == 15.0
    assert stake[0]["evidence"]["sentence"].startswith("Renault will cut")


def test_a_store_that_is_not_sqlite_is_one_error_line(tmp_path: Path) -> None:
    bogus = _write(tmp_path / "not.db", "this is not a database " * 100)
    result = runner.invoke(app, ["stats", "--db", str(bogus)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "not.db" in result.output


def test_every_command_has_help() -> None:
    for command in ("ingest", "extract", "eval", "articles", "stats", "check", "backup", "article-history"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Usage" in result.output
