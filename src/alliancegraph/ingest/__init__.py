"""The ingest stage: read articles from files, directories, JSON Lines, HTML, feeds and stdin.

    read_articles(paths, date=..., on_error=...)   stream `Article` records, one bad input at a time reported
    dedupe(articles)                               drop repeats by content hash or URL
"""
from alliancegraph.ingest._article import content_hash
from alliancegraph.ingest._dedupe import dedupe
from alliancegraph.ingest._raw import MAX_BYTES
from alliancegraph.ingest._read import read_articles

__all__ = ["MAX_BYTES", "content_hash", "dedupe", "read_articles"]
