"""Dropping articles already seen in a stream."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from alliancegraph.records import Article

__all__ = ["dedupe"]


def dedupe(articles: Iterable[Article]) -> Iterator[Article]:
    """The articles of `articles` in order, less any whose content hash or URL was seen earlier in it.

    Only hashes and URLs are kept in memory, never the articles.
    """
    hashes: set[str] = set()
    urls: set[str] = set()
    for article in articles:
        repeat = article.content_hash in hashes or (article.url is not None and article.url in urls)
        hashes.add(article.content_hash)
        if article.url:
            urls.add(article.url)
        if not repeat:
            yield article
