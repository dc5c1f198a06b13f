"""HTML articles (main text by trafilatura) and HTML fragments turned into plain paragraphs."""
from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import trafilatura

from alliancegraph.errors import InputError

from ._article import Origin, Parsed, iso_date, make_article

__all__ = ["html_to_text", "read_html"]

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_HIDDEN = frozenset({"script", "style", "template", "noscript", "head"})


def read_html(text: str, *, origin: Origin, date: dt.date | None = None) -> Iterator[Parsed]:
    """The article in an HTML page: main text, title, date, site name and URL as trafilatura reads them.

    The date falls back to `date`; a page with no main text is an InputError.
    """
    extracted = trafilatura.extract(text, include_comments=False)
    meta = trafilatura.extract_metadata(text)
    title = (meta.title if meta and meta.title else None) or _title_tag(text)
    paragraphs = [line.strip() for line in (extracted or "").split("\n") if line.strip()]
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise InputError(origin.source, "no article text found in the HTML")
    yield make_article(
        text="\n\n".join(paragraphs),
        origin=origin,
        title=title,
        outlet=(meta.sitename if meta else None) or "",
        published=_meta_date(meta.date if meta else None) or date,
        url=(meta.url if meta else None) or None,
    )


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment: one paragraph per block element, joined by blank lines.

    Entities are decoded, whitespace inside a paragraph collapsed, scripts and styles dropped.
    """
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return "\n\n".join(collector.paragraphs)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        paragraph = " ".join("".join(self._current).split())
        if paragraph:
            self.paragraphs.append(paragraph)
        self._current = []


def _title_tag(text: str) -> str:
    found = _TITLE.search(text)
    return " ".join(html.unescape(found.group(1)).split()) if found else ""


def _meta_date(raw: str | None) -> dt.date | None:
    try:
        return iso_date(raw) if raw else None
    except ValueError:
        return None
