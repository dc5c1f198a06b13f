"""alliancegraph: read dated business news into a time-aware graph of corporate alliances."""
from alliancegraph.errors import AllianceGraphError
from alliancegraph.records import Article, DocumentFacts, Entity, Evidence, RelationFact

__version__ = "0.1.0"
__all__ = ["AllianceGraphError", "Article", "DocumentFacts", "Entity", "Evidence", "RelationFact", "__version__"]
