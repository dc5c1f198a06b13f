"""Facts as a table: facts_frame and `alliancegraph facts`, written and read back, equal what `show` says."""
from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import pandas
import pytest
from typer.testing import CliRunner

from alliancegraph import graph
from alliancegraph.cli import app
from alliancegraph.errors import AllianceGraphError, EntityNotFound, GraphError
from alliancegraph.store import open_store

runner = CliRunner()
_DATES = ("first_seen", "last_seen", "valid_from", "valid_to")


def _shown(db: str, *, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Every edge of every entity as `show` gives it, once each, in FACT_COLUMNS (dates as ISO)."""
    with open_store(db, create=False) as store:
        names = {row.subject for row in graph.every_edge(store)} | {row.object for row in graph.every_edge(store)}
        edges = {(e.subject_id, e.type, e.object_id): e for name in names
                 for e in graph.show(store, name, as_of=as_of).edges}
    rows = []
    for e in edges.values():
        data = e.to_dict()
        rows.append({**{c: data.get(c) for c in graph.FACT_COLUMNS},
                     "subject_id": e.subject_id, "object_id": e.object_id})
    return sorted(rows, key=_order)


def _order(row: dict[str, Any]) -> tuple[str, str, str]:
    return row["subject"].casefold(), row["type"], row["object"].casefold()


def _read_back(frame: pandas.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame read back from a file, with None for missing values and ISO dates."""
    rows = []
    for record in frame.to_dict("records"):
        row = {k: None if pandas.isna(v) else v for k, v in record.items()}
        for name in _DATES:
            if row[name] is not None and not isinstance(row[name], str):
                row[name] = row[name].date().isoformat() if hasattr(row[name], "date") else row[name].isoformat()
        rows.append(row)
    return sorted(rows, key=_order)


@pytest.mark.parametrize("as_of", [None, dt.date(2023, 7, 1)])
def test_csv_and_parquet_round_trips_equal_what_show_says(db: str, tmp_path: Path, as_of: dt.date | None) -> None:
    with open_store(db, create=False) as store:
        frame = graph.facts_frame(store, as_of=as_of)
    expected = _shown(db, as_of=as_of)
    assert list(frame.columns) == list(graph.FACT_COLUMNS)
    assert len(frame) == len(expected) > 5
    for format, read in (("csv", lambda p: pandas.read_csv(p, keep_default_na=False, na_values=[""])),
                         ("parquet", pandas.read_parquet)):
        path = tmp_path / f"facts.{format}"
        with path.open("wb") as out:
            graph.write_facts(frame, format, out)
        assert _read_back(read(path)) == expected, format


def test_the_as_of_date_folds_edges_as_show_does(db: str) -> None:
    with open_store(db, create=False) as store:
        renault, nissan = store.find_entity("Renault").id, store.find_entity("Nissan").id  # type: ignore[union-attr]
        early = graph.facts_frame(store, as_of=dt.date(2023, 1, 31))
        late = graph.facts_frame(store, as_of=dt.date(2023, 12, 31))
    stake = {when: frame[(frame.subject_id == renault) & (frame.type == "owns_stake") & (frame.object_id == nissan)]
             for when, frame in (("early", early), ("late", late))}
    assert stake["early"].percent.tolist() == [43.0]
    assert stake["late"].percent.tolist() == [15.0]
    assert late.last_seen.max() <= pandas.Timestamp("2023-12-31")


def test_type_and_entity_choose_the_rows(db: str) -> None:
    with open_store(db, create=False) as store:
        nissan_id = store.find_entity("Nissan").id  # type: ignore[union-attr]
        everything = graph.facts_frame(store)
        stakes = graph.facts_frame(store, type="owns_stake")
        nissan = graph.facts_frame(store, entity="Nissan")
        with pytest.raises(GraphError, match="not a relation type"):
            graph.facts_frame(store, type="owns")
        with pytest.raises(EntityNotFound):
            graph.facts_frame(store, entity="Nobody Such")
    assert 0 < len(stakes) < len(everything)
    assert set(stakes.type) == {"owns_stake"}
    touching = everything[(everything.subject_id == nissan_id) | (everything.object_id == nissan_id)]
    assert 0 < len(nissan) < len(everything)
    assert nissan.reset_index(drop=True).equals(touching.reset_index(drop=True))


def test_the_cli_writes_json_lines_and_files(db: str, tmp_path: Path) -> None:
    shown = runner.invoke(app, ["facts", "--db", db, "--format", "json", "--entity", "Nissan", "--as-of", "2023-12-31"])
    assert shown.exit_code == 0, shown.output
    rows = [json.loads(line) for line in shown.stdout.splitlines()]
    with open_store(db, create=False) as store:
        view = graph.show(store, "Nissan", as_of=dt.date(2023, 12, 31))
    assert sorted((r["subject"], r["type"], r["object"], r["status"]) for r in rows) == \
        sorted((e.subject, e.type, e.object, e.status) for e in view.edges)
    written = runner.invoke(app, ["facts", "--db", db, "--format", "parquet", "--output", str(tmp_path / "f.parquet")])
    assert written.exit_code == 0, written.output
    assert f"edges written to {tmp_path / 'f.parquet'}" in written.output
    assert len(pandas.read_parquet(tmp_path / "f.parquet")) == len(_shown(db))
    refused = runner.invoke(app, ["facts", "--db", db, "--format", "xlsx", "--output", str(tmp_path / "f.xlsx")])
    assert refused.exit_code == 1
    assert "--format must be one of csv, parquet, json, not 'xlsx'" in refused.output
    assert not (tmp_path / "f.xlsx").exists()


def test_without_pandas_the_error_names_the_extra_to_install(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with open_store(db, create=False) as store, pytest.raises(AllianceGraphError, match=r"alliancegraph\[tables\]"):
        graph.facts_frame(store)


def test_an_empty_store_is_an_empty_table_with_every_column(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "ag.db")) as store:
        frame = graph.facts_frame(store)
    out = io.BytesIO()
    graph.write_facts(frame, "csv", out)
    assert out.getvalue().decode().strip() == ",".join(graph.FACT_COLUMNS)
