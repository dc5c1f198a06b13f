"""Rich tables of graph records, for the graph commands of the CLI (people; scripts use JSON)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from alliancegraph.graph import Change, Conflict, Edge, EntityMatch, EntityView, Neighbourhood
from alliancegraph.graph._records import ATTRIBUTES
from alliancegraph.records import RELATION_TYPES, SYMMETRIC_TYPES
from alliancegraph.store import ArticleVersion

__all__ = ["versions_table", "counted", "entity_tables", "edge_table", "changes_table", "conflict_tables", "path_table",
           "matches_table", "neighbourhood_table"]

_EVIDENCE = frozenset({"latest evidence", "sentence"})
"""Columns of evidence sentences: one line each, cut with "…", unless `full`."""
_CELL_PADDING = 3  # a cell's two spaces of padding and its border
_MIN_EVIDENCE = 30  # the narrowest one-line evidence column a table is drawn with


class _Rows:
    """A table that fits the console it is printed on: one line a row (evidence cut to fit,
    unless `full`) when every other cell fits whole, else each row as a block of "column:
    value" lines. No value is broken inside a word that fits on a line.
    """

    def __init__(self, title: str, columns: tuple[str, ...], *, full: bool) -> None:
        self.title, self.columns, self.full = title, columns, full
        self.rows: list[tuple[str, ...]] = []

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self._fits(options.max_width):
            yield self._table(options.max_width)
        else:
            yield from self._blocks()

    def _one_line(self, column: str) -> bool:
        return column in _EVIDENCE and not self.full

    def _natural(self, index: int) -> int:
        """A column's width with every cell on one line; evidence's narrowest, whole or cut."""
        if self.columns[index] in _EVIDENCE:
            return _MIN_EVIDENCE
        return max(len(cell) for cell in [self.columns[index], *(row[index] for row in self.rows)])

    def _fits(self, width: int) -> bool:
        return sum(self._natural(i) + _CELL_PADDING for i in range(len(self.columns))) + 1 <= width

    def _table(self, width: int) -> Table:
        """Every cell on one line, but evidence, which has what is left of `width` (and wraps
        at spaces with `full`)."""
        left = width - 1 - sum(self._natural(i) + _CELL_PADDING for i in range(len(self.columns)))
        table = Table(title=self.title, title_justify="left", show_lines=False)
        for index, column in enumerate(self.columns):
            evidence = column in _EVIDENCE
            table.add_column(column, width=self._natural(index) + (left if evidence else 0),
                             no_wrap=not self.full or not evidence,
                             overflow="ellipsis" if self._one_line(column) else "fold")
        for row in self.rows:
            table.add_row(*row)
        return table

    def _blocks(self) -> Iterator[RenderableType]:
        yield Text(self.title, style="italic")
        label = max(len(c) for c in self.columns) + 1
        for row in self.rows:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style="bold", no_wrap=True, min_width=label)
            grid.add_column(overflow="fold")
            for column, value in zip(self.columns, row):
                if value:
                    one_line = self._one_line(column)
                    grid.add_row(f"{column or '·'}:", Text(value, no_wrap=one_line,
                                                          overflow="ellipsis" if one_line else "fold"))
            yield grid
            yield Text("")


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 change", "2 changes"; "1 entity", "2 entities" with `plural`."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _table(title: str, *columns: str, full: bool = False) -> _Rows:
    return _Rows(title, columns, full=full)


def _attributes(values: dict[str, Any]) -> str:
    shown = []
    for name in ATTRIBUTES:
        value = values.get(name)
        if value is None:
            continue
        if name == "percent":
            shown.append(f"{value:g}%")
        elif name == "amount":
            shown.append(f"{value:,.0f}")
        else:
            shown.append(f"{name}={value}" if name in ("title", "kind", "product") else str(value))
    return " ".join(shown)


def _clip(text: str) -> str:
    return " ".join(text.split())


def _status(edge: Edge) -> str:
    """The status, the pending change ("asserted; ended from 2024-09-02") and the reason of the
    last rule that changed the edge ("ended (succession: succeeded by ... on 2024-09-02)")."""
    shown = edge.status
    if edge.status == "planned" and edge.valid_from is not None:
        shown += f" from {edge.valid_from}"
    if edge.pending is not None:
        effective = f" from {edge.pending.effective}" if edge.pending.effective else ""
        shown = f"{shown}; {edge.pending.status} {_attributes(edge.pending.attributes)}".rstrip() + effective
    if edge.rules:
        shown += f" ({edge.rules[-1].rule}: {edge.rules[-1].reason})"
    return shown


def when(reported: Any, effective: Any = None) -> str:
    """"reported 2024-03-25, effective 2024-08-08", or the reported date alone."""
    said = f"reported {reported}" if reported else "undated"
    return f"{said}, effective {effective}" if effective and effective != reported else said


def entity_tables(view: EntityView, *, full: bool = False) -> list[_Rows]:
    """One table per relation type of the entity's edges: the other party (→ the entity acts
    on it, ← it acts on the entity, — symmetric), status (and pending change), attributes,
    first and last seen, sources, confidence, latest evidence."""
    tables = []
    for name in RELATION_TYPES:
        edges = [e for e in view.edges if e.type == name]
        if not edges:
            continue
        table = _table(f"{name} ({len(edges)})", "", "with", "status", "attributes", "seen",
                       "src", "conf.", "latest evidence", full=full)
        for e in edges:
            arrow = "—" if e.type in SYMMETRIC_TYPES else (
                "→" if e.subject_id == view.entity.id else "←")
            table.add_row(arrow, e.other(view.entity.id)[1], _status(e), _attributes(e.attributes),
                          f"{e.first_seen or '?'}..{e.last_seen or '?'}", str(e.sources),
                          f"{e.confidence:.2f}", _clip(e.history[-1].sentence))
        tables.append(table)
    return tables


def edge_table(edge: Edge, *, full: bool = False) -> _Rows:
    """The edge's history, oldest first: date, status, attributes, outlet, doc and sentence."""
    title = (f"{edge.subject} {edge.type} {edge.object}: {_status(edge)} "
             f"{_attributes(edge.attributes)} (confidence {edge.confidence:.2f}, "
             f"{counted(edge.sources, 'source')})")
    table = _table(title, "date", "status", "attributes", "outlet", "doc", "sentence", full=full)
    for item in edge.history:
        table.add_row(when(item.date, item.valid_from or item.valid_to), item.status,
                      _attributes(item.attributes), item.outlet, item.doc, _clip(item.sentence))
    for note in edge.rules:
        table.add_row(str(note.date or "undated"), note.status, "", f"rule: {note.rule}", note.doc,
                      note.reason)
    return table


def _change_text(change: Change) -> str:
    if change.kind == "new":
        return f"new: {change.after} {_attributes(change.attributes)}".rstrip()
    if change.field == "pending":
        return f"{change.after} change: {_attributes(change.attributes)}".rstrip()
    if change.field in ATTRIBUTES:
        before, after = (_attributes({change.field: v}) or "none" for v in (change.before, change.after))
        return f"{change.field}: {before} → {after}"
    text = f"{change.field}: {change.before} → {change.after}"
    return f"{text} ({change.rule}: {change.reason})" if change.rule else text


def _change_when(change: Change) -> str:
    if change.rule:
        return f"{change.date} ({change.rule}; {when(change.reported)})"
    return when(change.reported or change.date, change.effective)


def changes_table(changes: Iterable[Change], *, title: str, full: bool = False) -> _Rows:
    """One row per change: when (reported, and effective if the statement gives a day; the day
    a rule made it), edge, what changed (and the rule's reason), the article and its sentence."""
    table = _table(title, "date", "edge", "change", "doc", "sentence", full=full)
    for c in changes:
        table.add_row(_change_when(c), f"{c.subject} {c.type} {c.object}",
                      _change_text(c), c.doc, _clip(c.sentence))
    return table


def conflict_tables(conflicts: Iterable[Conflict], *, full: bool = False) -> list[_Rows]:
    """One table per disagreement: each side's value with every statement giving it."""
    tables = []
    for c in conflicts:
        table = _table(f"{c.subject} {c.type} {c.object}: {c.field}", c.field, "date", "outlet",
                       "doc", "sentence", full=full)
        for side in c.sides:
            for item in side.evidence:
                table.add_row(str(side.value), str(item.date or "undated"), item.outlet, item.doc,
                              _clip(item.sentence))
        tables.append(table)
    return tables


def path_table(edges: list[Edge], *, a: str, b: str, full: bool = False) -> _Rows:
    """The links from `a` to `b`, one row each with status and latest evidence."""
    table = _table(f"{a} to {b}: {counted(len(edges), 'link')}", "subject", "relation", "object", "status",
                   "attributes", "latest evidence", full=full)
    for e in edges:
        table.add_row(e.subject, e.type, e.object, _status(e), _attributes(e.attributes),
                      _clip(e.history[-1].sentence))
    return table


def matches_table(matches: list[EntityMatch], *, text: str) -> _Rows:
    """Matches best first: name, type, score, the name or alias matched, edges, aliases."""
    table = _table(f"entities matching '{text}'", "name", "type", "score", "matched", "edges",
                   "aliases")
    for m in matches:
        table.add_row(m.entity.name, m.entity.type, f"{m.score:.0f}", m.matched, str(m.edges),
                      _clip(", ".join(a for a in m.entity.aliases if a != m.entity.name)))
    return table


def neighbourhood_table(hood: Neighbourhood) -> _Rows:
    """The neighbourhood's edges, strongest first."""
    table = _table(f"{hood.center.name} as of {hood.as_of}: {counted(len(hood.nodes), 'entity', 'entities')}, "
                   f"{counted(len(hood.edges), 'edge')}", "subject", "relation", "object", "status",
                   "attributes", "conf.")
    for e in hood.edges:
        table.add_row(e.subject, e.type, e.object, _status(e), _attributes(e.attributes),
                      f"{e.confidence:.2f}")
    return table


def versions_table(versions: list[ArticleVersion]) -> _Rows:
    """An article's versions, oldest first: number, whether current, date, doc, when stored, opening."""
    table = _table(f"{counted(len(versions), 'version')} of article {versions[0].id}", "version", "current",
                   "date", "doc", "stored", "sentence")
    for v in versions:
        table.add_row(str(v.version), "yes" if v.current else "", str(v.published or "undated"), v.doc,
                      v.ingested_at.strftime("%Y-%m-%d %H:%M"), _clip(v.text))
    return table
