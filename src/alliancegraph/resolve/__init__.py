"""In-document resolution: named mentions into entities, descriptors and pronouns onto them."""
from alliancegraph.resolve._antecedents import load_ranker
from alliancegraph.resolve._combined import combined_companies
from alliancegraph.resolve._entities import build_entities
from alliancegraph.resolve._groups import consortium_leaders, group_entity, unnamed_groups
from alliancegraph.resolve._mentions import SCHEMA_LABELS, TITLE_WORDS, DocEntity, Slot, lower_case_name
from alliancegraph.resolve._units import unnamed_units
from alliancegraph.resolve.descriptors import DESCRIPTOR_NOUNS, DescriptorResolver, clause_subject, nationality_of

__all__ = ["DESCRIPTOR_NOUNS", "SCHEMA_LABELS", "TITLE_WORDS", "DescriptorResolver", "DocEntity", "Slot", "build_entities",
           "lower_case_name", "clause_subject", "consortium_leaders", "group_entity", "nationality_of", "resolve_document"]


def resolve_document(doc, gaz, resolver=None):  # type: ignore[no-untyped-def]
    """Entities of a parsed doc and every slot (named, descriptive, pronominal) that refers to them.
    `resolver` is the DescriptorResolver to use (default: one with the shipped antecedent ranker)."""
    entities, slots = build_entities(doc, gaz)
    slots = sorted(slots + unnamed_groups(doc, entities, slots), key=lambda s: s.start)
    slots = sorted(slots + combined_companies(doc, entities, slots), key=lambda s: s.start)
    resolver = resolver or DescriptorResolver(gaz, ranker=load_ranker())
    slots = sorted(slots + resolver(doc, entities, slots), key=lambda s: s.start)
    slots = sorted(slots + unnamed_units(doc, entities, slots), key=lambda s: s.start)
    return entities, slots
