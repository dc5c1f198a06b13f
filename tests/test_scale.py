"""benchmarks/scale.py: its runs on a small generated corpus fill the table, one process and a
LocalCluster of two workers store the same facts, and a run over its time stops with what it stored."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from test_cluster import _facts

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def scale() -> Iterator[ModuleType]:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCHMARKS))  # scale.py imports its sibling scripts, as when run
        import scale

        yield scale


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpora")


@pytest.mark.model
def test_one_process_and_two_dask_workers_fill_the_table_with_the_same_facts(
        scale: ModuleType, corpora: Path, tmp_path: Path) -> None:
    runs = list(scale.scale([20], modes=["single", "dask"], pg=None, reader="rules", max_seconds=None, queries=10,
                            corpora=corpora, work=tmp_path))
    assert [(r["size"], r["engine"], r["mode"]) for r in runs] == [(20, "sqlite", "single"), (20, "sqlite", "dask")]
    for r in runs:
        assert (r["articles"], r["stopped"]) == (20, False)
        assert r["facts"] > 20 and r["store_bytes"] > 0 and r["client_mb"] > 0
        assert set(r["p95"]) == {"show", "timeline", "search"}
    assert runs[0]["worker_mb"] == [] and len(runs[1]["worker_mb"]) == 2
    rows = [scale.row(r) for r in runs]
    assert all(row.count("|") == scale.HEADER.count("|") for row in rows)
    assert rows[0].startswith("| 20 | sqlite | 1 process | ")
    assert rows[1].startswith("| 20 | sqlite | --scheduler local:2 | ")
    one, dask = _facts(tmp_path / "ag_scale_20_single.db"), _facts(tmp_path / "ag_scale_20_dask.db")
    assert one == dask and len(one) == runs[0]["facts"]


@pytest.mark.model
def test_a_run_over_its_time_stops_and_says_what_it_stored(scale: ModuleType, corpora: Path, tmp_path: Path) -> None:
    folder = scale.corpus(20, corpora=corpora, seed=1)
    written = (folder / "000" / "000000.txt").stat().st_mtime_ns
    assert scale.corpus(20, corpora=corpora, seed=1) == folder
    assert (folder / "000" / "000000.txt").stat().st_mtime_ns == written  # reused, not written again
    r = scale.run(folder, mode="single", db=str(tmp_path / "ag.db"), reader="rules", max_seconds=1e-9, queries=4)
    assert r["stopped"] and 1 <= r["articles"] < 20
    row = scale.row({"size": 20, "engine": "sqlite", "mode": "single", **r})
    assert f"| stopped after {r['articles']} articles, " in row
