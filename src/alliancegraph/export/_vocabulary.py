"""The alliancegraph vocabulary (https://alliancegraph.org/ns#), written into every RDF export.

Relation types and statuses are classes: a relation is, say, both an `ag:OwnsStake` and an
`ag:Planned`. Entities are `ag:Organization`, `ag:Person` or `ag:Place`. Provenance is PROV-O:
a relation `prov:wasDerivedFrom` each `ag:Statement`, which `prov:wasDerivedFrom` its
`ag:Article` and carries the sentence as `prov:value`.
"""
from __future__ import annotations

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

__all__ = ["AG", "AG_ID", "ENTITY_CLASSES", "STATUS_CLASSES", "TYPE_CLASSES",
           "DIRECT_PROPERTIES", "DATA_PROPERTIES", "vocabulary"]

AG = Namespace("https://alliancegraph.org/ns#")
AG_ID = Namespace("https://alliancegraph.org/id/")

ENTITY_CLASSES = {"ORG": AG.Organization, "PERSON": AG.Person, "PLACE": AG.Place}
TYPE_CLASSES = {
    "owns_stake": (AG.OwnsStake, "holds shares in (any size)"),
    "invests_in": (AG.InvestsIn, "puts money into"),
    "acquires": (AG.Acquires, "takes control of, buys"),
    "merges_with": (AG.MergesWith, "merger of equals (symmetric)"),
    "partners_with": (AG.PartnersWith, "alliance, partnership, joint venture (symmetric)"),
    "supplies": (AG.Supplies, "sells parts, technology or services to"),
    "subsidiary_of": (AG.SubsidiaryOf, "unit, subsidiary or brand owned by"),
    "member_of": (AG.MemberOf, "member of an alliance or consortium"),
    "leads": (AG.Leads, "holds a leadership role in"),
    "based_in": (AG.BasedIn, "headquartered in, nationality of"),
}
STATUS_CLASSES = {
    "asserted": (AG.Asserted, "the news says it holds now, or happened"),
    "planned": (AG.Planned, "agreed or announced, to happen"),
    "proposed": (AG.Proposed, "sought, in talks, rumoured or considered"),
    "ended": (AG.Ended, "stopped or undone"),
    "denied": (AG.Denied, "denied or ruled out"),
}
DIRECT_PROPERTIES = {
    name: AG[name.split("_")[0] + "".join(w.title() for w in name.split("_")[1:])]
    for name in TYPE_CLASSES
}
"""ag:ownsStake etc.: a plain subject-object link, written for edges whose status is asserted."""
DATA_PROPERTIES = {
    "percent": XSD.decimal, "amount": XSD.decimal, "currency": XSD.string, "title": XSD.string,
    "kind": XSD.string, "product": XSD.string, "confidence": XSD.decimal,
    "firstSeen": XSD.date, "lastSeen": XSD.date, "sources": XSD.integer,
    "validFrom": XSD.date, "validTo": XSD.date, "alias": XSD.string,
    "attributedTo": XSD.string, "outlet": XSD.string, "date": XSD.date,
    "lei": XSD.string, "ticker": XSD.string,
}


def _declare(g: Graph, term: URIRef, kind: URIRef, label: str, comment: str | None = None) -> None:
    g.add((term, RDF.type, kind))
    g.add((term, RDFS.label, Literal(label, lang="en")))
    g.add((term, RDFS.isDefinedBy, URIRef(str(AG))))
    if comment:
        g.add((term, RDFS.comment, Literal(comment, lang="en")))


def vocabulary() -> Graph:
    """The vocabulary's own triples: classes, their hierarchy and the properties."""
    g = Graph()
    g.add((URIRef(str(AG)), RDF.type, OWL.Ontology))
    g.add((URIRef(str(AG)), DCTERMS.title, Literal("alliancegraph vocabulary", lang="en")))
    for term, label in ((AG.Entity, "entity"), (AG.Relation, "relation"),
                        (AG.Statement, "statement"), (AG.Article, "article")):
        _declare(g, term, OWL.Class, label)
    g.add((AG.Entity, RDFS.subClassOf, PROV.Agent))
    g.add((AG.Statement, RDFS.subClassOf, PROV.Entity))
    g.add((AG.Article, RDFS.subClassOf, PROV.Entity))
    for name, term in ENTITY_CLASSES.items():
        _declare(g, term, OWL.Class, name.lower())
        g.add((term, RDFS.subClassOf, AG.Entity))
    for name, (term, meaning) in (*TYPE_CLASSES.items(), *STATUS_CLASSES.items()):
        _declare(g, term, OWL.Class, name, meaning)
        g.add((term, RDFS.subClassOf, AG.Relation))
    for name, term in DIRECT_PROPERTIES.items():
        _declare(g, term, OWL.ObjectProperty, name.replace("_", " "))
        g.add((term, RDFS.domain, AG.Entity))
        g.add((term, RDFS.range, AG.Entity))
    for term, label in ((AG.subject, "subject"), (AG.object, "object")):
        _declare(g, term, OWL.ObjectProperty, label)
        g.add((term, RDFS.domain, AG.Relation))
        g.add((term, RDFS.range, AG.Entity))
    _declare(g, AG.pending, OWL.ObjectProperty, "pending change",
             "a planned or proposed change of the relation not yet reported done")
    for name, datatype in DATA_PROPERTIES.items():
        _declare(g, AG[name], OWL.DatatypeProperty, name)
        g.add((AG[name], RDFS.range, datatype))
    return g
