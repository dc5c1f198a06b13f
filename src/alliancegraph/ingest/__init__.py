"""The ingest stage: read articles from files, directories, JSON Lines, HTML, feeds and stdin.

    read_articles(paths, date=..., on_error=..., on_warning=...)
                                                   stream `Article` records, one bad input at a time reported
    dedupe(articles)                               drop repeats by content hash or URL
"""
from alliancegraph.ingest._article import InputWarning, content_hash, unreadable
from alliancegraph.ingest._dedupe import dedupe
from alliancegraph.ingest._raw import MAX_BYTES
from alliancegraph.ingest._read import read_articles

__all__ = ["MAX_BYTES", "InputWarning", "content_hash", "dedupe", "read_articles", "unreadable"]
