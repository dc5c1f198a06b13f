"""The graph as a table for analysts: one row per edge, as a pandas DataFrame (the `tables` extra)."""
from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import IO, TYPE_CHECKING, Any

from alliancegraph.errors import AllianceGraphError, GraphError
from alliancegraph.graph._fold import edge_key, fold_edge
from alliancegraph.graph._queries import edges_of, lookup, show
from alliancegraph.graph._rules import judge
from alliancegraph.graph._records import ATTRIBUTES, Edge
from alliancegraph.records import RELATION_TYPES
from alliancegraph.store import Store

if TYPE_CHECKING:
    import pandas

__all__ = ["FACT_COLUMNS", "TABLE_FORMATS", "every_edge", "facts_frame", "table_format", "write_facts"]

FACT_COLUMNS = ("subject", "subject_id", "subject_type", "type", "object", "object_id", "object_type",
                "status", *ATTRIBUTES, "first_seen", "last_seen", "sources", "confidence",
                "valid_from", "valid_to")
"""The columns of `facts_frame`, in order; the ids are the store's entity ids."""
_DATES = ("first_seen", "last_seen", "valid_from", "valid_to")
_TEXTS = ("subject", "subject_type", "type", "object", "object_type", "status", "currency", "title", "kind",
          "product")
TABLE_FORMATS = ("csv", "parquet", "json")


def every_edge(store: Store, *, as_of: dt.date | None = None, type: str | None = None,
               entity: str | None = None, history: str = "all") -> list[Edge]:
    """Every edge as the news stood on `as_of` (see `show`), read in one pass over the facts, the
    world rules applied as `show` applies them (succession among all posts, a subsidiary_of derived
    from each completed acquisition): only of relation `type` and touching `entity` if given.
    Raises GraphError for an unknown type, EntityNotFound for an unknown entity."""
    if type is not None and type not in RELATION_TYPES:
        raise GraphError(f"'{type}' is not a relation type. Use one of: {', '.join(RELATION_TYPES)}.")
    if entity is not None:
        found = show(store, entity, as_of=as_of).edges if history == "all" else \
            edges_of(store.facts_about(lookup(store, entity).id, as_of=as_of), as_of=as_of, history=history)
    else:
        found = [fold_edge(key, list(facts), as_of=as_of, history=history)
                 for key, facts in groupby(store.every_fact(as_of=as_of), key=edge_key) if key[0] != key[2]]
        found = judge(found)
    return [e for e in found if type is None or e.type == type]


def _pandas() -> Any:
    try:
        import pandas
    except ModuleNotFoundError as exc:
        if exc.name != "pandas":
            raise
        raise AllianceGraphError("pandas is not installed, so facts cannot be made a table. "
                                 "Install it with: pip install 'alliancegraph[tables]'") from exc
    return pandas


def _row(edge: Edge) -> dict[str, Any]:
    return {"subject": edge.subject, "subject_id": edge.subject_id, "subject_type": edge.subject_type,
            "type": edge.type, "object": edge.object, "object_id": edge.object_id,
            "object_type": edge.object_type, "status": edge.status,
            **{name: edge.attributes.get(name) for name in ATTRIBUTES},
            "first_seen": edge.first_seen, "last_seen": edge.last_seen, "sources": edge.sources,
            "confidence": round(edge.confidence, 3), "valid_from": edge.valid_from, "valid_to": edge.valid_to}


def facts_frame(store: Store, as_of: dt.date | None = None, type: str | None = None,
                entity: str | None = None) -> pandas.DataFrame:
    """One row per edge (`every_edge`) with FACT_COLUMNS: its status and attributes as of
    `as_of`, first and last seen, sources and confidence; dates as datetime64 (NaT for none),
    percent and amount as floats (NaN for none), text as pandas strings (NA for none); the
    same dtypes however many rows. Needs pandas (the `tables` extra)."""
    pd = _pandas()
    rows = [_row(e) for e in every_edge(store, as_of=as_of, type=type, entity=entity, history="latest")]
    rows.sort(key=lambda r: (r["subject"].casefold(), r["type"], r["object"].casefold()))
    frame = pd.DataFrame.from_records(rows, columns=list(FACT_COLUMNS))
    for name in _DATES:
        frame[name] = pd.to_datetime(frame[name])
    for name in ("percent", "amount", "confidence"):
        frame[name] = frame[name].astype("float64")
    for name in ("subject_id", "object_id", "sources"):
        frame[name] = frame[name].astype("int64")
    for name in _TEXTS:
        frame[name] = frame[name].astype("string")
    return frame


def table_format(format: str) -> str:
    """`format` if `write_facts` writes it; raises GraphError otherwise."""
    if format not in TABLE_FORMATS:
        raise GraphError(f"--format must be one of {', '.join(TABLE_FORMATS)}, not '{format}'.")
    return format


def write_facts(frame: pandas.DataFrame, format: str, out: IO[bytes]) -> None:
    """Write a `facts_frame` as CSV (dates YYYY-MM-DD), Parquet, or JSON Lines (one object per
    edge, dates YYYY-MM-DD, none as null). Raises GraphError for another format, and names the
    extra to install if Parquet's pyarrow is missing."""
    if table_format(format) == "parquet":
        try:
            frame.to_parquet(out, index=False)
        except ImportError as exc:
            raise AllianceGraphError(f"Parquet needs pyarrow: {exc} Install it with: "
                                     "pip install 'alliancegraph[tables]'") from exc
        return
    if format == "csv":
        out.write(frame.to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8"))
        return
    days = frame.assign(**{name: frame[name].dt.strftime("%Y-%m-%d") for name in _DATES})
    out.write(days.to_json(orient="records", lines=True, force_ascii=False).encode("utf-8"))
