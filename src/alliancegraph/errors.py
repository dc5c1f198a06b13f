"""Every error alliancegraph raises on purpose.

    AllianceGraphError              base: the CLI prints "Error: <message>" and exits 1
    ├── InputError                  one input (file, line, URL) could not be read
    │   └── TooLarge (413)          a posted body over the write endpoint's limit
    ├── ModelNotInstalled           the spaCy pipeline to load is not installed
    ├── StoreError                  the database cannot be opened or is not ours
    ├── GoldError                   a gold file is malformed
    ├── EntityNotFound (404)        no entity by that name or alias
    ├── EdgeNotFound (404)          no edge of that type between those two entities
    ├── GraphError                  a graph query or export cannot be done as asked
    ├── IngestDisabled (403)        posting articles over HTTP is off (no ALLIANCEGRAPH_TOKEN)
    └── Unauthorized (401)          a write request without the right bearer token
"""
from __future__ import annotations

__all__ = [
    "AllianceGraphError",
    "InputError",
    "TooLarge",
    "ModelNotInstalled",
    "StoreError",
    "GoldError",
    "EntityNotFound",
    "EdgeNotFound",
    "GraphError",
    "IngestDisabled",
    "Unauthorized",
]


class AllianceGraphError(Exception):
    """Base of all alliancegraph errors."""

    status = 400


class InputError(AllianceGraphError):
    """An input could not be read; the message names it and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class TooLarge(InputError):
    """A posted body is larger than the write endpoint takes."""

    status = 413


class ModelNotInstalled(AllianceGraphError):
    """The spaCy pipeline to load is not installed."""

    status = 500


class StoreError(AllianceGraphError):
    """The store cannot be opened or holds something else."""

    status = 500


class GoldError(AllianceGraphError):
    """A gold file is malformed."""


class EntityNotFound(AllianceGraphError):
    """No entity has that name or alias."""

    status = 404


class EdgeNotFound(AllianceGraphError):
    """No edge of that type joins those two entities (as of the date asked)."""

    status = 404


class GraphError(AllianceGraphError):
    """A graph query, merge or export cannot be done as asked (bad option, format or target)."""


class IngestDisabled(AllianceGraphError):
    """Posting articles over HTTP is off because the server has no ALLIANCEGRAPH_TOKEN."""

    status = 403


class Unauthorized(AllianceGraphError):
    """A write request came without the server's bearer token, or with another one."""

    status = 401
