"""Dropping articles already seen in a stream."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from alliancegraph.records import Article
from alliancegraph.urls import normalise_url

__all__ = ["dedupe"]


def dedupe(articles: Iterable[Article]) -> Iterator[Article]:
    """The articles of `articles` in order, less any whose content hash or URL (normalised, see
    `normalise_url`) was seen earlier in it.

    Only hashes and URLs are kept in memory, never the articles.
    """
    hashes: set[str] = set()
    urls: set[str] = set()
    for article in articles:
        url = normalise_url(article.url) if article.url else None
        repeat = article.content_hash in hashes or (url is not None and url in urls)
        hashes.add(article.content_hash)
        if url:
            urls.add(url)
        if not repeat:
            yield article
