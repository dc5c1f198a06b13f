"""The alliancegraph command: thin wrappers over alliancegraph.jobs and the store."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from alliancegraph import _graph_tables as tables
from alliancegraph import export as exporting
from alliancegraph import graph, jobs
from alliancegraph.errors import AllianceGraphError, GraphError, InputError
from alliancegraph.evaluate import Report
from alliancegraph.ingest import InputWarning
from alliancegraph.records import RELATION_TYPES
from alliancegraph.store import ENV_VAR, database_url, open_store

app = typer.Typer(help="Read dated business news into a time-aware graph of corporate alliances. "
                       "The fact schema and the evaluation format: docs/schema.md in the repository.",
                  no_args_is_help=True, add_completion=False)
out = Console(soft_wrap=True)
err = Console(stderr=True)

DbOption = typer.Option(None, "--db", envvar="ALLIANCEGRAPH_DB",
                        help="Store: a SQLite file path or a database URL (default ./alliancegraph.db).")
DateOption = typer.Option(None, "--date", help="Date (YYYY-MM-DD) for inputs that carry none.")
WorkersOption = typer.Option(1, "--workers", min=1, help="Processes that parse in parallel.")
TimeLimitOption = typer.Option(jobs.TIME_LIMIT, "--time-limit", min=0,
                               help="Seconds one article's extraction may take; longer is an error naming it (0: none).")
ReaderOption = typer.Option(None, "--reader",
                            help="rules, model, union or gated (default: the best on the dev split).")


def _run(action: Callable[[], int | None]) -> None:
    try:
        code = action()
    except AllianceGraphError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from exc
    raise typer.Exit(code or 0)


def _parse_date(value: Optional[str]) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"'{value}' is not a date in YYYY-MM-DD form") from exc


def _report_input_error(error: InputError) -> None:
    typer.echo(f"Error: {error}", err=True)


def _report_input_warning(warning: InputWarning) -> None:
    typer.echo(f"Warning: {warning}", err=True)


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err, transient=True)


@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, directories, or - for stdin."),
           db: Optional[str] = DbOption, date: Optional[str] = DateOption,
           workers: int = WorkersOption, reader: Optional[str] = ReaderOption,
           time_limit: float = TimeLimitOption,
           scheduler: Optional[str] = typer.Option(
               None, "--scheduler", help="Extract on a Dask cluster: its scheduler (tcp://HOST:8786), or local:N "
                                         "for N worker processes here. Needs the dask extra.")) -> None:
    """Read articles, extract their facts and store them (articles already stored are skipped)."""
    def action() -> int:
        with open_store(db) as store, _progress() as bar:
            task = bar.add_task("ingest", total=None, rate="")

            def tick(done: int) -> None:
                elapsed = bar.tasks[0].elapsed or 0.0
                bar.update(task, completed=done, rate=f"{done / elapsed:.1f} articles/s" if elapsed else "")

            summary = jobs.ingest(paths, store=store, date=_parse_date(date), workers=workers,
                                  extractor=None if scheduler else _extractor(reader), reader=reader,
                                  scheduler=scheduler, time_limit=time_limit, on_progress=tick,
                                  on_error=_report_input_error, on_warning=_report_input_warning)
        _print_duplicates(summary.duplicate_of)
        out.print(_ingest_line(summary), highlight=False)
        return 1 if summary.failed else 0
    _run(action)


def _ingest_line(summary: jobs.IngestSummary) -> str:
    """"12 inputs: 10 new, 1 updated (a new version of a stored article), 1 failed; 163 facts stored
    (6.1 articles/s)." Counts that are zero are left out, but for new; linked articles are among the new
    and updated."""
    parts = [f"{summary.new} new"]
    for count, words in ((summary.updated, "updated (a new version of a stored article)"),
                         (summary.duplicates, "duplicate"), (len(summary.failed), "failed")):
        if count:
            parts.append(f"{count} {words}")
    linked = f"; {summary.linked} of them linked to a near-duplicate, with no facts of their own" \
        if summary.linked else ""
    return (f"{tables.counted(summary.inputs, 'input')}: {', '.join(parts)}{linked}; "
            f"{tables.counted(summary.facts, 'fact')} stored ({summary.articles_per_second:.1f} articles/s).")


_DUPLICATES_SHOWN = 10


def _print_duplicates(duplicates: list[jobs.Duplicate]) -> None:
    """One line per duplicate input naming the stored article it repeats (the first ten)."""
    for item in duplicates[:_DUPLICATES_SHOWN]:
        typer.echo(f"Duplicate: {item.doc} is the stored article {item.of}", err=True)
    if len(duplicates) > _DUPLICATES_SHOWN:
        typer.echo(f"Duplicate: and {len(duplicates) - _DUPLICATES_SHOWN} more", err=True)


@app.command()
def extract(paths: list[str] = typer.Argument(..., help="Files, directories, or - for stdin."),
            format: str = typer.Option("json", "--format", help="json (JSON Lines, docs/schema.md) or table."),
            date: Optional[str] = DateOption, workers: int = WorkersOption,
            reader: Optional[str] = ReaderOption, time_limit: float = TimeLimitOption) -> None:
    """Print the entities and relations read from articles, without storing them."""
    if format not in {"json", "table"}:
        raise typer.BadParameter("--format must be json or table")

    def action() -> int:
        failures: list[InputError] = []

        def failed(error: InputError) -> None:
            failures.append(error)
            _report_input_error(error)

        for article, facts in jobs.extract(paths, date=_parse_date(date), workers=workers, on_error=failed,
                                            extractor=_extractor(reader), time_limit=time_limit):
            if format == "json":
                sys.stdout.write(json.dumps(facts.to_json(), ensure_ascii=False) + "\n")
            else:
                _print_facts_table(article.doc, facts.to_json())
        return 1 if failures else 0
    _run(action)


def _print_facts_table(doc: str, data: dict[str, Any]) -> None:
    table = Table(title=f"{doc} ({data['date'] or 'undated'})", show_lines=False)
    for column in ("subject", "relation", "object", "status", "attributes", "conf."):
        table.add_column(column)
    for rel in data["relations"]:
        attrs = ", ".join(f"{k}={rel[k]}" for k in ("percent", "amount", "currency", "title", "kind", "product")
                          if k in rel)
        table.add_row(rel["subject"], rel["type"], rel["object"], rel["status"], attrs, f"{rel['confidence']:.2f}")
    out.print(table)


@app.command("eval")
def eval_(paths: list[str] = typer.Argument(..., help="Directories or files with *.gold.json beside articles."),
          format: str = typer.Option("text", "--format", help="text or json."),
          errors: bool = typer.Option(True, "--errors/--no-errors", help="List misses and false positives."),
          workers: int = WorkersOption, reader: Optional[str] = ReaderOption,
          ablation: bool = typer.Option(False, "--ablation", help="Also score every reader: the ablation table."),
          entities: bool = typer.Option(False, "--entities", help="Instead: store every gold article and score "
                                        "entity identity across articles (B-cubed) and descriptor aliases."),
          from_gold: bool = typer.Option(False, "--from-gold", help="With --entities: store the gold entities, "
                                         "not what is read, to measure the store's joining alone."),
          db: Optional[str] = typer.Option(None, "--db", help="With --entities: an empty store to build "
                                           "(default: a temporary one).")
          ) -> None:
    """Score extraction against gold (docs/schema.md's rules): relation P/R/F1, status, percent, entities."""
    if entities:
        _eval_entities(paths, db=db, from_gold=from_gold, workers=workers, reader=reader, format=format)
        return

    def action() -> int:
        failures: list[Exception] = []

        def failed(error: Exception) -> None:
            failures.append(error)
            typer.echo(f"Error: {error}", err=True)

        with _progress() as bar:
            task = bar.add_task("eval", total=None, rate="")
            report = jobs.evaluate(paths, workers=workers, on_error=failed,
                                   extractor=_extractor(reader, variants=ablation, candidates=True),
                                   on_progress=lambda done, total: bar.update(task, completed=done, total=total))
        if format == "json":
            sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n")
        else:
            _print_report(report, errors=errors)
        return 1 if failures else 0
    _run(action)


def _eval_entities(paths: list[str], *, db: Optional[str], from_gold: bool, workers: int,
                   reader: Optional[str], format: str) -> None:
    def action() -> int:
        failures: list[InputError] = []

        def failed(error: InputError) -> None:
            failures.append(error)
            _report_input_error(error)

        with tempfile.TemporaryDirectory() as scratch:
            with open_store(db or str(Path(scratch) / "entities.db")) as store:
                if store.stats()["articles"]:
                    raise GraphError(f"{store.where} already holds articles; give --db a new file.")
                report = jobs.evaluate_entities(paths, store=store, from_gold=from_gold, workers=workers,
                                                extractor=None if from_gold else _extractor(reader),
                                                on_error=failed)
        if format == "json":
            sys.stdout.write(json.dumps(report.to_json(), indent=1) + "\n")
        else:
            out.print(f"entities across articles ({'gold entities' if from_gold else 'as read'}): "
                      f"B-cubed precision {report.precision:.3f} recall {report.recall:.3f} F1 {report.f1:.3f} "
                      f"over {report.items} mentions of {report.gold_clusters} gold names in "
                      f"{report.store_clusters} stored entities ({report.unaligned} gold entities not read); "
                      f"{report.descriptor_aliases} descriptor aliases store-wide", highlight=False)
            for entity_type, (p, r, n) in sorted(report.by_type.items()):
                out.print(f"  {entity_type}: precision {p:.3f} recall {r:.3f} ({n})", highlight=False)
        return 1 if failures else 0
    _run(action)


@app.command("eval-stories")
def eval_stories(paths: list[str] = typer.Argument(..., help="Story directories, or directories of them."),
                 reader: Optional[str] = ReaderOption,
                 format: str = typer.Option("table", "--format", help="table (for people) or json (for scripts)."),
                 strict: bool = typer.Option(False, "--strict", help="Exit 1 if any check fails, too.")) -> None:
    """Read each story (articles and expect.json) into a fresh store and run its as-of checks: pass or fail
    with what the graph said. Exit 1 on errors (and on failed checks with --strict)."""
    from alliancegraph import stories

    def action() -> int:
        results = list(stories.eval_stories(paths, extractor=_extractor(reader)))
        if format == "json":
            sys.stdout.write(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=1) + "\n")
        else:
            _print_stories(results)
        failed = sum(len(r.results) - r.passed for r in results)
        return 1 if any(r.errors for r in results) or (strict and failed) else 0
    _run(action)


def _print_stories(results: list[Any]) -> None:
    for story in results:
        out.print(f"[bold]{escape(story.name)}[/bold]: {story.passed} of {len(story.results)} checks pass")
        for error in story.errors:
            typer.echo(f"Error: {error}", err=True)
        for r in story.results:
            mark = "[green]PASS[/green]" if r.passed else "[red]FAIL[/red]"
            out.print(f"  {mark} {escape(str(r.check))}  (graph: {escape(r.said)})", highlight=False)
    passed, total = sum(r.passed for r in results), sum(len(r.results) for r in results)
    out.print(f"{tables.counted(len(results), 'story', 'stories')}: {passed} of {total} checks pass")


@app.command("check-gold")
def check_gold(paths: list[str] = typer.Argument(..., help="Gold files or directories of them."),
               anchor: bool = typer.Option(False, "--anchor", help="Replace quoted evidence_text by offsets.")) -> None:
    """Check gold files against data/ANNOTATION.md: types, statuses, argument types, aliases, evidence."""
    def action() -> int:
        from pathlib import Path

        from alliancegraph.evaluate import check_gold as check

        bad = 0
        for path in paths:
            for result in check(Path(path), anchor=anchor):
                for problem in result.errors:
                    typer.echo(f"Error: {result.path}: {problem}", err=True)
                for problem in result.warnings:
                    typer.echo(f"Warning: {result.path}: {problem}", err=True)
                if result.anchored and not result.errors:
                    typer.echo(f"{result.path}: {result.anchored} evidence quotes anchored")
                bad += bool(result.errors)
        return 1 if bad else 0
    _run(action)


@app.command()
def agreement(first: str = typer.Argument(..., help="A directory of gold files."),
              second: str = typer.Argument(..., help="Another annotation of the same articles (same file names)."),
              format: str = typer.Option("text", "--format", help="text or json.")) -> None:
    """How far two annotations of the same articles agree: relation P/R/F1 of the second against the first."""
    def action() -> int:
        from pathlib import Path

        from alliancegraph.evaluate import agreement as score_agreement

        report = score_agreement(Path(first), Path(second))
        if format == "json":
            sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n")
        else:
            _print_report(report, errors=False)
        return 0
    _run(action)


def _extractor(reader: Optional[str], *, variants: bool = False, candidates: bool = False):  # type: ignore[no-untyped-def]
    from alliancegraph.extract import DEFAULT_READER, READERS, Extractor

    if reader is not None and reader not in READERS:
        raise typer.BadParameter(f"--reader must be one of {', '.join(READERS)}")
    return Extractor(reader=reader or DEFAULT_READER, variants=variants, candidates=candidates)


def _print_report(report: Report, *, errors: bool) -> None:
    if errors:
        for miss in report.misses:
            out.print(f"MISS  {miss['doc']}: {miss['subject']} {miss['type']} {miss['object']} ({miss['status']})",
                      markup=False, highlight=False)
        for fp in report.false_positives:
            out.print(f"FALSE {fp['doc']}: {fp['subject']} {fp['type']} {fp['object']} ({fp['status']})\n"
                      f"      {fp['sentence'].strip()}", markup=False, highlight=False)
        for wrong in report.wrong_percent:
            out.print(f"PERCENT {wrong['doc']}: {wrong['subject']} {wrong['type']} {wrong['object']}: "
                      f"{wrong['percent']}, gold {wrong['gold_percent']}", markup=False, highlight=False)
        for wrong in report.wrong_status:
            out.print(f"STATUS {wrong['doc']}: {wrong['subject']} {wrong['type']} {wrong['object']}: "
                      f"{wrong['status']}, gold {wrong['gold_status']}", markup=False, highlight=False)
    table = Table(title=f"Relations by type ({report.documents} documents)")
    for column in ("type", "gold", "predicted", "correct", "P", "R", "F1"):
        table.add_column(column, justify="right" if column != "type" else "left")
    for name in RELATION_TYPES:
        c = report.by_type[name]
        table.add_row(name, str(c.gold), str(c.predicted), str(c.tp), f"{c.precision:.3f}", f"{c.recall:.3f}",
                      f"{c.f1:.3f}")
    out.print(table)
    if report.calibration:
        out.print(f"confidence: expected calibration error {report.calibration_error:.3f}", highlight=False)
    if report.variants:
        table = Table(title="Readers (ablation)")
        for column in ("reader", "predicted", "correct", "P", "R", "F1", "status acc", "ECE"):
            table.add_column(column, justify="right" if column != "reader" else "left")
        for name, v in report.variants.items():
            c = v.relations
            table.add_row(name, str(c.predicted), str(c.tp), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}",
                          f"{v.status_accuracy:.3f}", f"{v.calibration_error:.3f}")
        out.print(table)
    c = report.ceiling
    if c.gold:
        out.print(f"candidate ceiling: {c.recall:.3f} ({c.tp} of {c.gold} gold relations have both arguments "
                  f"as a candidate pair in an evidence sentence)", highlight=False)
    r, e = report.relations, report.entities
    out.print(f"relations: P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f} "
              f"({r.tp} correct, {r.predicted} predicted, {r.gold} gold)", highlight=False)
    out.print(f"status accuracy {report.status_accuracy:.3f}; percent accuracy {report.percent_accuracy:.3f} "
              f"(of {report.percent_total})", highlight=False)
    out.print(f"entities: P {e.precision:.3f} R {e.recall:.3f} F1 {e.f1:.3f}", highlight=False)


@app.command()
def articles(db: Optional[str] = DbOption,
             limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Show at most this many.")) -> None:
    """List the stored articles, oldest first."""
    def action() -> None:
        with open_store(db, create=False) as store:
            rows = store.articles(limit=limit)
        table = Table(title=f"{len(rows)} articles")
        for column in ("date", "title", "outlet", "facts", "doc"):
            table.add_column(column)
        for row in rows:
            table.add_row(str(row.published or "undated"), row.title, row.outlet or "", str(row.fact_count), row.doc)
        out.print(table)
    _run(action)


@app.command("article-history")
def article_history(url_or_id: str = typer.Argument(..., help="The article's URL (any form of it) or id."),
                    db: Optional[str] = DbOption, format: str = typer.Option("table", "--format",
                                                                             help="table or json.")) -> None:
    """List every version of a stored article, oldest first: a correction (same URL, new text) adds one."""
    def action() -> int:
        with open_store(db, create=False) as store:
            versions = store.article_history(url_or_id)
        if not versions:
            raise GraphError(f"no stored article has the URL or id '{url_or_id}'. `articles` lists them.")
        _show(format, lambda: [{**vars(v), "published": v.published and v.published.isoformat(),
                                "ingested_at": v.ingested_at.isoformat()} for v in versions],
              lambda: tables.versions_table(versions))
        return 0
    _run(action)


AsOfOption = typer.Option(None, "--as-of", help="YYYY-MM-DD: the graph as the news stood then "
                          "(default: today), judged only from articles dated on or before it.")
ViewOption = typer.Option("table", "--format", help="table (for people) or json (for scripts).")
FullOption = typer.Option(False, "--full", help="Every evidence sentence whole (by default cut to one line).")


def _graph_date(value: Optional[str], option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise GraphError(f"{option} '{value}' is not a date in YYYY-MM-DD form "
                         "(e.g. 2023-12-31).") from None


def _show(format: str, data: Callable[[], Any], tables: Callable[[], list[RenderableType] | RenderableType]) -> None:
    """Print `data()` as JSON or `tables()` (rich tables or lines) for people, as --format says."""
    if format not in ("table", "json"):
        raise GraphError(f"--format must be table or json, not '{format}'.")
    if format == "json":
        sys.stdout.write(json.dumps(data(), ensure_ascii=False, indent=1) + "\n")
        return
    shown = tables()
    for item in shown if isinstance(shown, list) else [shown]:
        out.print(item, highlight=False)


@app.command()
def show(name: str = typer.Argument(..., help="Entity name or alias."), db: Optional[str] = DbOption,
         as_of: Optional[str] = AsOfOption, format: str = ViewOption,
         full: bool = FullOption) -> None:
    """Show an entity and every edge touching it, grouped by type, with status and latest evidence."""
    def action() -> None:
        with open_store(db, create=False) as store:
            view = graph.show(store, name, as_of=_graph_date(as_of, "--as-of"))
        _show(format, view.to_dict, lambda: [f"{view.entity.name} ({view.entity.type}) as of {view.as_of}: "
                                             f"{tables.counted(len(view.edges), 'edge')}", *tables.entity_tables(view, full=full)])
    _run(action)


@app.command()
def edge(subject: str = typer.Argument(..., help="Subject entity."),
         type: str = typer.Argument(..., help=f"Relation type: {', '.join(RELATION_TYPES)}."),
         object: str = typer.Argument(..., help="Object entity (either order for symmetric types)."),
         db: Optional[str] = DbOption, as_of: Optional[str] = AsOfOption, format: str = ViewOption,
         full: bool = FullOption) -> None:
    """Show one edge with every statement of it, oldest first."""
    def action() -> None:
        with open_store(db, create=False) as store:
            found = graph.edge(store, subject, type, object, as_of=_graph_date(as_of, "--as-of"))
        _show(format, found.to_dict, lambda: tables.edge_table(found, full=full))
    _run(action)


@app.command()
def timeline(name: str = typer.Argument(..., help="Entity name or alias."), db: Optional[str] = DbOption,
             as_of: Optional[str] = AsOfOption, format: str = ViewOption,
             full: bool = FullOption) -> None:
    """List the dated events of an entity's edges, oldest first: new edges, status and attribute changes."""
    def action() -> None:
        with open_store(db, create=False) as store:
            events = graph.timeline(store, name, as_of=_graph_date(as_of, "--as-of"))
        _show(format, lambda: [e.to_dict() for e in events],
              lambda: tables.changes_table(events, title=f"timeline of {name}: {tables.counted(len(events), 'event')}",
                                           full=full))
    _run(action)


@app.command()
def changes(since: str = typer.Option(..., "--since", help="YYYY-MM-DD: first day to list."),
            until: Optional[str] = typer.Option(None, "--until", help="YYYY-MM-DD: last day (default: no end)."),
            entity: Optional[str] = typer.Option(None, "--entity", help="Only edges touching this entity."),
            db: Optional[str] = DbOption, format: str = ViewOption,
            full: bool = FullOption) -> None:
    """List what changed since a date: new edges, status changes, attribute changes, each with its article."""
    def action() -> None:
        start, end = _graph_date(since, "--since"), _graph_date(until, "--until")
        assert start is not None
        with open_store(db, create=False) as store:
            found = graph.changes(store, since=start, entity=entity, until=end)
        _show(format, lambda: [c.to_dict() for c in found],
              lambda: tables.changes_table(found, title=f"{tables.counted(len(found), 'change')} since {start}",
                                           full=full))
    _run(action)


@app.command()
def conflicts(entity: Optional[str] = typer.Option(None, "--entity", help="Only edges touching this entity."),
              db: Optional[str] = DbOption, format: str = ViewOption,
              full: bool = FullOption) -> None:
    """List edges whose sources disagree (a denial against a statement, two stake sizes), both sides."""
    def action() -> None:
        with open_store(db, create=False) as store:
            found = graph.conflicts(store, entity=entity)
        _show(format, lambda: [c.to_dict() for c in found],
              lambda: [tables.counted(len(found), "conflict"), *tables.conflict_tables(found, full=full)])
    _run(action)


@app.command()
def path(a: str = typer.Argument(..., help="From this entity."), b: str = typer.Argument(..., help="To this one."),
         max_hops: int = typer.Option(3, "--max-hops", min=1, help="Longest chain to look for."),
         via_places: bool = typer.Option(False, "--via-places", help="Let based_in edges join entities."),
         db: Optional[str] = DbOption, as_of: Optional[str] = AsOfOption, format: str = ViewOption,
         full: bool = FullOption) -> None:
    """Show how two entities are connected: a shortest chain of edges, up to --max-hops links."""
    def action() -> None:
        with open_store(db, create=False) as store:
            links = graph.path(store, a, b, max_hops=max_hops, as_of=_graph_date(as_of, "--as-of"),
                               via_places=via_places)
        _show(format, lambda: [e.to_dict(history="latest") for e in links],
              lambda: tables.path_table(links, a=a, b=b, full=full) if links
              else f"No connection between {a} and {b} within {max_hops} links.")
    _run(action)


@app.command()
def search(text: str = typer.Argument(..., help="A name, alias, or part or misspelling of one."),
           limit: int = typer.Option(10, "--limit", min=1, help="Show at most this many."),
           db: Optional[str] = DbOption, format: str = ViewOption) -> None:
    """Find entities by name or alias, fuzzily, best match first."""
    def action() -> None:
        with open_store(db, create=False) as store:
            found = graph.search(store, text, limit=limit)
        _show(format, lambda: [m.to_dict() for m in found], lambda: tables.matches_table(found, text=text))
    _run(action)


@app.command()
def neighbourhood(name: str = typer.Argument(..., help="Entity at the centre."),
                  hops: int = typer.Option(1, "--hops", min=1, help="Links away from the centre."),
                  limit: int = typer.Option(200, "--limit", min=1, help="Most entities to include."),
                  db: Optional[str] = DbOption, as_of: Optional[str] = AsOfOption, format: str = ViewOption) -> None:
    """Show the entities around one and the edges among them (what the web page draws)."""
    def action() -> None:
        with open_store(db, create=False) as store:
            hood = graph.neighbourhood(store, name, as_of=_graph_date(as_of, "--as-of"), hops=hops, limit=limit)
        _show(format, hood.to_dict, lambda: tables.neighbourhood_table(hood))
    _run(action)


@app.command("export")
def export_(format: str = typer.Option(..., "--format", help=f"One of: {', '.join(exporting.FORMATS)}."),
            out_path: Optional[str] = typer.Option(None, "--out", help="File (directory for neo4j); default stdout."),
            db: Optional[str] = DbOption, as_of: Optional[str] = AsOfOption) -> None:
    """Export the whole graph as of a date: GraphML, RDF Turtle or JSON-LD, a Neo4j import bundle, or JSON."""
    def action() -> None:
        with open_store(db, create=False) as store:
            summary = exporting.export(store, format, out_path or sys.stdout, as_of=_graph_date(as_of, "--as-of"))
        if out_path:
            out.print(f"{summary.entities} entities and {summary.edges} edges written to "
                      f"{', '.join(map(str, summary.files))}", highlight=False)
    _run(action)


@app.command()
def facts(format: str = typer.Option("csv", "--format", help="csv, parquet or json (JSON Lines)."),
          output: Optional[str] = typer.Option(None, "--output", help="File to write (default: stdout)."),
          type: Optional[str] = typer.Option(None, "--type", help="Only edges of this relation type."),
          entity: Optional[str] = typer.Option(None, "--entity", help="Only edges touching this entity."),
          db: Optional[str] = DbOption, as_of: Optional[str] = AsOfOption) -> None:
    """Write every edge as a table row (status, attributes, first/last seen, sources, confidence); needs the tables extra."""
    def action() -> None:
        graph.table_format(format)
        with open_store(db, create=False) as store:
            frame = graph.facts_frame(store, as_of=_graph_date(as_of, "--as-of"), type=type, entity=entity)
        if output is None:
            graph.write_facts(frame, format, sys.stdout.buffer)
            return
        with open(output, "wb") as target:
            graph.write_facts(frame, format, target)
        out.print(f"{tables.counted(len(frame), 'edge')} written to {output}", highlight=False)
    _run(action)


@app.command("merge-entities")
def merge_entities(keep: str = typer.Argument(..., help="The entity that stays."),
                   other: str = typer.Argument(..., help="The entity merged into it (the same thing under another name)."),
                   db: Optional[str] = DbOption, format: str = ViewOption) -> None:
    """Merge two entities the reading kept apart; articles read later under either name join the kept one."""
    def action() -> None:
        with open_store(db, create=False) as store:
            kept = graph.merge_entities(store, keep, other)
        _show(format, kept.to_dict,
              lambda: f"'{other}' merged into {kept.name} ({kept.type}); aliases: {', '.join(kept.aliases)}")
    _run(action)


def _edit_entity(db: Optional[str], format: str, edit: Callable[[Any], Any], *, prefix: str = "") -> None:
    """Run one hand correction on the store and print the entity it gives back."""
    def action() -> None:
        with open_store(db, create=False) as store:
            entity = edit(store)
        ids = "".join(f", {k}={v}" for k, v in entity.identifiers.items())
        _show(format, entity.to_dict, lambda: f"{prefix}{entity.name} ({entity.type}, {entity.uid}{ids}); "
                                              f"aliases: {', '.join(entity.aliases)}")
    _run(action)


entity_app = typer.Typer(help="Correct an entity by hand; kept when articles are read later.",
                         no_args_is_help=True)
alias_app = typer.Typer(help="Add or remove an entity's names by hand; kept when articles are read later.",
                        no_args_is_help=True)
app.add_typer(entity_app, name="entity")
app.add_typer(alias_app, name="alias")


@entity_app.command("set")
def entity_set(name: str = typer.Argument(..., help="Entity name or alias."),
               type: Optional[str] = typer.Option(None, "--type", help="ORG, PERSON or PLACE: outvotes every mention."),
               qid: Optional[str] = typer.Option(None, "--qid", help="Wikidata id, e.g. Q6686 ('' clears it)."),
               lei: Optional[str] = typer.Option(None, "--lei", help="Legal Entity Identifier ('' clears it)."),
               ticker: Optional[str] = typer.Option(None, "--ticker", help="Stock ticker, e.g. RNO.PA ('' clears it)."),
               db: Optional[str] = DbOption, format: str = ViewOption) -> None:
    """Fix an entity's type and set its Wikidata QID, LEI or stock ticker."""
    _edit_entity(db, format, lambda store: graph.set_entity(store, name, type=type, qid=qid, lei=lei,
                                                            ticker=ticker))


@alias_app.command("add")
def alias_add(name: str = typer.Argument(..., help="Entity name or alias."),
              alias: str = typer.Argument(..., help="The name to add."),
              db: Optional[str] = DbOption, format: str = ViewOption) -> None:
    """Give an entity another name; articles read later under it join the entity."""
    _edit_entity(db, format, lambda store: graph.add_alias(store, name, alias))


@alias_app.command("remove")
def alias_remove(name: str = typer.Argument(..., help="Entity name or alias."),
                 alias: str = typer.Argument(..., help="The alias to take away."),
                 db: Optional[str] = DbOption, format: str = ViewOption) -> None:
    """Take a name from an entity for good: no article read later gives it back."""
    _edit_entity(db, format, lambda store: graph.remove_alias(store, name, alias))


@app.command("split")
def split(name: str = typer.Argument(..., help="Entity name or alias."),
          alias: str = typer.Argument(..., help="The alias that is another entity."),
          db: Optional[str] = DbOption, format: str = ViewOption) -> None:
    """Make one of an entity's names an entity of its own, with the facts of the articles that used only it."""
    _edit_entity(db, format, lambda store: graph.split_entity(store, name, alias), prefix="split off: ")


@app.command()
def stats(db: Optional[str] = DbOption,
          format: str = typer.Option("text", "--format", help="text or json.")) -> None:
    """Count what the store holds: articles, entities and facts by type and status."""
    def action() -> None:
        with open_store(db, create=False) as store:
            numbers = store.stats()
        if format == "json":
            sys.stdout.write(json.dumps(numbers, indent=1) + "\n")
            return
        out.print(f"{numbers['articles']} articles, {numbers['entities']} entities, {numbers['facts']} facts",
                  highlight=False)
        for title, key in (("entities by type", "entities_by_type"), ("facts by type", "facts_by_type"),
                           ("facts by status", "facts_by_status")):
            table = Table(title=title)
            table.add_column("")
            table.add_column("count", justify="right")
            for name, count in sorted(numbers[key].items(), key=lambda kv: -kv[1]):
                table.add_row(name, str(count))
            out.print(table)
    _run(action)


@app.command()
def check(db: Optional[str] = DbOption,
          repair: bool = typer.Option(False, "--repair", help="Repair what can be repaired, then check again.")
          ) -> None:
    """Check the store: orphan rows, unused entities, facts about unmentioned entities, self-loops, copies
    that disagree, articles stored twice, SQLite's integrity check. Exit 1 if anything is (still) wrong."""
    def action() -> int:
        with open_store(db, create=False) as store:
            if repair:
                for problem in store.check(repair=True):
                    out.print(f"Repaired {problem}", highlight=False, markup=False)
            problems = store.check()
            where = store.where
        for problem in problems:
            typer.echo(f"Problem: {problem}", err=True)
        out.print(f"{where}: {tables.counted(len(problems), 'kind')} of problem" if problems
                  else f"{where}: no problems found", highlight=False)
        return 1 if problems else 0
    _run(action)


@app.command()
def backup(destination: str = typer.Argument(..., help="A new SQLite file for the copy."),
           db: Optional[str] = DbOption) -> None:
    """Copy a SQLite store with SQLite's online backup API, safe while others write (pg_dump for PostgreSQL)."""
    def action() -> None:
        with open_store(db, create=False) as store:
            target = store.backup(destination)
            numbers = store.stats()
        out.print(f"{store.where} backed up to {target} ({numbers['articles']} articles, {numbers['facts']} facts)",
                  highlight=False)
    _run(action)


@app.command()
def serve(db: Optional[str] = DbOption,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
          port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
          workers: int = typer.Option(1, "--workers", min=1, max=64,
                                      help="Server processes, each with its own read connections; they share kept answers."),
          ) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the web page over the store."""
    def action() -> None:
        try:
            import uvicorn

            from alliancegraph.api import create_app
        except ModuleNotFoundError as exc:
            if exc.name not in ("fastapi", "starlette", "uvicorn"):
                raise
            typer.echo(f"Error: '{exc.name}' is not installed. Install it with: pip install 'alliancegraph[web]'",
                       err=True)
            raise typer.Exit(1) from exc
        with open_store(db, create=False) as store:
            out.print(f"Serving {store.where} at http://{host}:{port}/ with {workers} worker(s) "
                      "(API docs at /docs); Ctrl+C stops.", highlight=False)
            if workers == 1:
                uvicorn.run(create_app(store), host=host, port=port, log_level="info")
                return
            from alliancegraph.api import CACHE_DIR_ENV

            os.environ[ENV_VAR] = database_url(db)  # each worker opens the store by itself
            with tempfile.TemporaryDirectory(prefix="alliancegraph-answers-") as shared:
                os.environ[CACHE_DIR_ENV] = shared  # and reads the answers the others kept
                uvicorn.run("alliancegraph.api:create_app", factory=True, workers=workers, host=host, port=port,
                            log_level="info")
    _run(action)


def main() -> None:
    app()
