"""Reading articles from files, directories and stdin, whatever their format."""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from alliancegraph.errors import InputError
from alliancegraph.records import Article

from ._article import InputWarning, Origin, Parsed, unreadable
from ._feed import read_feed
from ._html import read_html
from ._json import read_json, read_json_lines
from ._raw import read_path, read_stdin
from ._text import read_text

__all__ = ["READERS", "SUFFIXES", "read_articles", "sniff_format"]

Reader = Callable[..., Iterator[Parsed]]
READERS: dict[str, Reader] = {
    "text": read_text,
    "jsonl": read_json_lines,
    "json": read_json,
    "html": read_html,
    "feed": read_feed,
}
"""The reader for each input format: `reader(text, *, origin, date)` yields articles and per-record errors."""
SUFFIXES = {
    ".txt": "text",
    ".jsonl": "jsonl",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
"""The format each file extension is read as; a directory yields only files with these extensions."""
STDIN = "-"
_FIRST_CHAR = re.compile(r"\S")
_JSON_LIST = re.compile(r"\[\s*[{\]]")


def read_articles(
    paths: Iterable[str | Path],
    *,
    date: dt.date | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_warning: Callable[[InputWarning], None] | None = None,
) -> Iterator[Article]:
    """Every article in `paths` (files, directories walked recursively, `-` for stdin), one at a time.

    `date` is the publication date of articles whose input gives none. An input (or a record
    in one) that cannot be read, whatever its reader raised, goes to `on_error` and the rest
    are still read; without `on_error` the first such InputError is raised. Something read
    anyway but not as written (a feed item's date that is not a date) goes to `on_warning`.
    """
    for item in paths:
        for parsed in _read_input(item, date=date):
            if isinstance(parsed, Article):
                yield parsed
            elif isinstance(parsed, InputWarning):
                if on_warning is not None:
                    on_warning(parsed)
            elif on_error is None:
                raise parsed
            else:
                on_error(parsed)


def sniff_format(text: str) -> str:
    """The format `text` looks like: "json", "feed", "html" or (by default) "text"."""
    found = _FIRST_CHAR.search(text)
    head = text[found.start() : found.start() + 1024].lower() if found else ""
    if head.startswith("{") or _JSON_LIST.match(head):
        return "json"
    if head.startswith(("<rss", "<feed", "<rdf")):
        return "feed"
    if head.startswith("<?xml"):
        is_page = "<html" in head and not any(tag in head for tag in ("<rss", "<feed", "<rdf"))
        return "html" if is_page else "feed"
    if head.startswith(("<html", "<!doctype html")):
        return "html"
    return "text"


def _read_input(item: str | Path, *, date: dt.date | None) -> Iterator[Parsed]:
    if str(item) == STDIN:
        yield from _read_one(read_stdin, Origin("<stdin>", "stdin"), fmt=None, date=date)
        return
    path = Path(item)
    if not path.is_dir():
        yield from _read_file(path, date=date)
        return
    for found in _walk(path):
        if isinstance(found, InputError):
            yield found
        else:
            yield from _read_file(found, date=date)


def _read_file(path: Path, *, date: dt.date | None) -> Iterator[Parsed]:
    origin = Origin(str(path), path.name)
    yield from _read_one(partial(read_path, path), origin, fmt=SUFFIXES.get(path.suffix.lower()), date=date)


def _read_one(load: Callable[[], str], origin: Origin, *, fmt: str | None, date: dt.date | None) -> Iterator[Parsed]:
    """What one input holds; whatever its reader raises ends this input alone, as one InputError."""
    try:
        text = load()
        yield from READERS[fmt or sniff_format(text)](text, origin=origin, date=date)
    except InputError as error:
        yield error
    except Exception as error:  # noqa: BLE001 - one input's failure, of any kind, must not end the batch
        yield unreadable(origin.source, error)


def _walk(root: Path) -> Iterator[Path | InputError]:
    """The input files under `root` sorted by path (hidden ones and gold files left out), then walk errors."""
    found: list[Path] = []
    problems: list[OSError] = []
    for folder, subfolders, names in os.walk(root, onerror=problems.append):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(Path(folder, name) for name in names if _is_input(name))
    for problem in problems:
        yield InputError(str(problem.filename or root), (problem.strerror or str(problem)).lower())
    yield from sorted(found)


def _is_input(name: str) -> bool:
    lower = name.lower()
    return not name.startswith(".") and not lower.endswith(".gold.json") and Path(lower).suffix in SUFFIXES
