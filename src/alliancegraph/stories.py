"""Stories that check the graph over time: `eval-stories`.

A story is a directory of dated articles (`*.txt`) and an `expect.json`: a list of as-of checks
{"as_of", "subject", "type", "object", "status", optional "percent", "title", "why"}, where
status is one of schema.md's statuses or "absent" (no such edge as of that date). Each story
is read into a fresh temporary store; each check asks the graph what `show SUBJECT --as-of
AS_OF` says of the edge, as a user would, and passes if the status (and the percent and
title, when the check gives them) agree. A leads check with a title asks about that post
(titles normalised as succession does): a person who held it and now holds another post
of the company has ended it.

    for story in eval_stories(["data/stories"]):
        print(story.name, story.passed, "of", len(story.results))
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliancegraph import graph
from alliancegraph.errors import AllianceGraphError, EntityNotFound, InputError
from alliancegraph.graph import Edge
from alliancegraph.graph._fold import same_value
from alliancegraph.graph._queries import lookup
from alliancegraph.graph._rules import post_of
from alliancegraph.records import RELATION_TYPES, STATUSES, SYMMETRIC_TYPES
from alliancegraph.store import Store, open_store

__all__ = ["Check", "CheckResult", "StoryResult", "read_checks", "find_stories", "run_checks",
           "check_story", "eval_stories"]

EXPECT = "expect.json"
CHECK_STATUSES = (*STATUSES, "absent")


@dataclass(frozen=True)
class Check:
    """One as-of check of a story: what the graph should say of an edge on a date."""

    as_of: dt.date
    subject: str
    type: str
    object: str
    status: str
    percent: float | None = None
    title: str | None = None
    why: str = ""

    def __str__(self) -> str:
        extra = "".join(f" {k}={v}" for k, v in (("percent", self.percent), ("title", self.title)) if v)
        return f"{self.as_of} {self.subject} {self.type} {self.object}: {self.status}{extra}"


@dataclass(frozen=True)
class CheckResult:
    """A check, whether it passed, and what the graph said."""

    check: Check
    passed: bool
    said: str

    def to_dict(self) -> dict[str, Any]:
        c = self.check
        return {"as_of": c.as_of.isoformat(), "subject": c.subject, "type": c.type,
                "object": c.object, "status": c.status, "percent": c.percent, "title": c.title,
                "why": c.why, "passed": self.passed, "said": self.said}


@dataclass
class StoryResult:
    """Every check of one story, or the error that stopped it."""

    name: str
    path: Path
    results: list[CheckResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.name, "passed": self.passed, "checks": len(self.results),
                "errors": list(self.errors), "results": [r.to_dict() for r in self.results]}


def _field(item: dict[str, Any], name: str, n: int, path: Path) -> str:
    value = item.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InputError(str(path), f"check {n} has no \"{name}\" (a non-empty string)")
    return value.strip()


def _check(item: Any, n: int, path: Path) -> Check:
    if not isinstance(item, dict):
        raise InputError(str(path), f"check {n} is not an object")
    as_of = _field(item, "as_of", n, path)
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        raise InputError(str(path), f"check {n}: as_of '{as_of}' is not a YYYY-MM-DD date") from None
    kind, status = _field(item, "type", n, path), _field(item, "status", n, path)
    if kind not in RELATION_TYPES:
        raise InputError(str(path), f"check {n}: type '{kind}' is not one of {', '.join(RELATION_TYPES)}")
    if status not in CHECK_STATUSES:
        raise InputError(str(path), f"check {n}: status '{status}' is not one of {', '.join(CHECK_STATUSES)}")
    percent = item.get("percent")
    if percent is not None and not isinstance(percent, (int, float)):
        raise InputError(str(path), f"check {n}: percent '{percent}' is not a number")
    return Check(as_of=day, subject=_field(item, "subject", n, path), type=kind,
                 object=_field(item, "object", n, path), status=status,
                 percent=float(percent) if percent is not None else None,
                 title=item.get("title") or None, why=str(item.get("why") or ""))


def read_checks(path: Path) -> list[Check]:
    """The checks of an expect.json; raises InputError naming the file and the problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot be read as JSON ({exc})") from None
    if not isinstance(data, list):
        raise InputError(str(path), "is not a list of checks")
    return [_check(item, n, path) for n, item in enumerate(data, 1)]


def find_stories(paths: Iterable[str | Path]) -> list[Path]:
    """Every story directory (one holding an expect.json) at or under `paths`, by name."""
    found: set[Path] = set()
    for root in map(Path, paths):
        if not root.is_dir():
            raise InputError(str(root), "is not a directory of stories")
        found.update(p.parent for p in root.rglob(EXPECT))
    return sorted(found)


def _matches(edge: Edge, subject_id: int, type: str, object_id: int) -> bool:
    if edge.type != type:
        return False
    if type in SYMMETRIC_TYPES:
        return {edge.subject_id, edge.object_id} == {subject_id, object_id}
    return (edge.subject_id, edge.object_id) == (subject_id, object_id)


def _said(edge: Edge | None) -> str:
    if edge is None:
        return "no such edge"
    parts = [edge.status, *(f"{k}={v}" for k, v in edge.attributes.items()
                            if k in ("percent", "title") and v is not None)]
    if edge.pending is not None:
        parts.append(f"pending {edge.pending.status}")
    parts.extend(f"[{note.rule}: {note.reason}]" for note in edge.rules)
    return " ".join(parts)


def _title_agrees(expected: str, said: Any) -> bool:
    if not said:
        return False
    posts = post_of(expected)
    return bool(posts & post_of(str(said))) if posts else expected.casefold() == str(said).casefold()


def _post_status(check: Check, edge: Edge) -> str:
    """The status of the post a leads check names: the edge's, if the edge holds that post
    now; planned or proposed if the edge's pending change is to that post (the finance chief
    named to become CEO); "ended" if the person held it before and has moved to another post
    ("stepped down as CEO and became chairman"); "absent" if it never held it."""
    wanted = post_of(check.title)
    if not wanted or wanted & post_of(edge.attributes.get("title")):
        return edge.status
    if edge.pending is not None and edge.pending.status in ("planned", "proposed") \
            and wanted & post_of(edge.pending.attributes.get("title")):
        return edge.pending.status
    held = any(wanted & post_of(item.attributes.get("title")) for item in edge.history
               if item.date is None or item.date <= check.as_of)
    return "ended" if held else "absent"


def _judge(check: Check, edge: Edge | None) -> bool:
    if edge is None:
        return check.status == "absent"
    status = _post_status(check, edge) if check.type == "leads" and check.title else edge.status
    if check.status != status:
        return False
    if status != edge.status:
        return True  # a post the person no longer holds, or will hold: its title is not the edge's
    if check.percent is not None and not same_value("percent", check.percent, edge.attributes.get("percent")):
        return False
    return check.title is None or _title_agrees(check.title, edge.attributes.get("title"))


def _edge(store: Store, check: Check) -> Edge | None:
    """The edge the check asks about, as `show SUBJECT --as-of` gives it; None if there is none."""
    try:
        view = graph.show(store, check.subject, as_of=check.as_of)
        other = lookup(store, check.object)
    except EntityNotFound:
        return None
    found = [e for e in view.edges if _matches(e, view.entity.id, check.type, other.id)]
    return found[0] if found else None


def run_checks(store: Store, checks: Iterable[Check]) -> list[CheckResult]:
    """Each check judged against the graph in `store`."""
    results = []
    for check in checks:
        edge = _edge(store, check)
        results.append(CheckResult(check, _judge(check, edge), _said(edge)))
    return results


def check_story(path: Path, *, ingest: Callable[[list[Path], Store], list[str]]) -> StoryResult:
    """Read the story at `path` into a fresh temporary store with `ingest` (which stores the
    articles and returns the errors it met) and run its checks."""
    story = StoryResult(name=path.name, path=path)
    try:
        checks = read_checks(path / EXPECT)
    except InputError as exc:
        story.errors.append(str(exc))
        return story
    articles = sorted(path.glob("*.txt"))
    if not articles:
        story.errors.append(f"{path}: no articles (*.txt) beside {EXPECT}")
    with tempfile.TemporaryDirectory(prefix="ag-story-") as tmp, \
            open_store(str(Path(tmp) / "story.db")) as store:
        story.errors.extend(ingest(articles, store))
        story.results = run_checks(store, checks)
    return story


def eval_stories(paths: Iterable[str | Path], *, extractor: Any = None) -> Iterator[StoryResult]:
    """Every story under `paths`, checked (see the module's docstring), in name order; a story
    that cannot be read is a StoryResult with its errors, and the others go on."""
    from alliancegraph import jobs

    def ingest(articles: list[Path], store: Store) -> list[str]:
        try:
            summary = jobs.ingest(articles, store=store, extractor=extractor)
        except AllianceGraphError as exc:
            return [str(exc)]
        return list(summary.failed)

    for path in find_stories(paths):
        yield check_story(path, ingest=ingest)
