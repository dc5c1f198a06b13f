"""URL normalisation: the one rule for "same article address", shared by ingest and the store."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["normalise_url"]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def normalise_url(url: str) -> str:
    """The form two addresses of one article share.

    Scheme and host are lower-cased, a default port, the fragment, tracking parameters
    (`utm_*`, `fbclid`, `gclid`, `mc_cid`, `mc_eid`) and a trailing slash after a path are
    dropped; other parameters keep their order. So "https://News.example.com/a/?utm_source=x#top"
    and "https://news.example.com/a" are one article. A value that is not a URL is only stripped.
    """
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return raw
    if not parts.scheme or not parts.netloc:
        return raw
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    path = parts.path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING)]
    return urlunsplit((scheme, host, path, urlencode(query), ""))
