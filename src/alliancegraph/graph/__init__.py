"""The time-aware graph: one edge per (subject, type, object) with its history, as of a date.

Every function takes the Store first. Unknown names raise EntityNotFound (404); every record
has `to_dict()` giving JSON-ready data (schema.md's "Graph output" for `show`).

    with open_store("news.db") as store:
        view = show(store, "Renault", as_of=date(2023, 12, 31))
        for change in changes(store, since=date(2023, 1, 1), entity="Nissan"):
            print(change.to_dict())
        table = facts_frame(store, as_of=date(2023, 12, 31))  # a pandas DataFrame, one row per edge
"""
from alliancegraph.graph._fold import REPEAT_OUTLET_WEIGHT, STATUS_WEIGHT, confidence
from alliancegraph.graph._network import PATH_SKIPS, neighbourhood, path
from alliancegraph.graph._queries import (
    DENIAL_WINDOW_DAYS, add_alias, changes, conflicts, edge, merge_entities, remove_alias,
    set_entity, show, split_entity, timeline,
)
from alliancegraph.graph._records import (
    Change, Conflict, ConflictSide, Edge, EntityMatch, EntityView, HistoryItem, Neighbourhood,
    Node, Pending, TimelineEvent,
)
from alliancegraph.graph._search import MIN_SCORE, search
from alliancegraph.graph._table import (
    FACT_COLUMNS, TABLE_FORMATS, every_edge, facts_frame, table_format,
    write_facts,
)

__all__ = [
    "DENIAL_WINDOW_DAYS",
    "FACT_COLUMNS",
    "MIN_SCORE",
    "PATH_SKIPS",
    "REPEAT_OUTLET_WEIGHT",
    "STATUS_WEIGHT",
    "TABLE_FORMATS",
    "Change",
    "Conflict",
    "ConflictSide",
    "Edge",
    "EntityMatch",
    "EntityView",
    "HistoryItem",
    "Neighbourhood",
    "Node",
    "Pending",
    "TimelineEvent",
    "add_alias",
    "changes",
    "confidence",
    "conflicts",
    "edge",
    "every_edge",
    "facts_frame",
    "merge_entities",
    "neighbourhood",
    "path",
    "remove_alias",
    "search",
    "set_entity",
    "show",
    "split_entity",
    "table_format",
    "timeline",
    "write_facts",
]
