"""RDF (Turtle, JSON-LD) through rdflib, in the alliancegraph vocabulary with PROV-O provenance."""
from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

from alliancegraph.export._graph import WholeGraph, slug
from alliancegraph.export._vocabulary import (
    AG, AG_ID, DATA_PROPERTIES, DIRECT_PROPERTIES, ENTITY_CLASSES, STATUS_CLASSES, TYPE_CLASSES,
    vocabulary,
)
from alliancegraph.graph import Edge, HistoryItem
from alliancegraph.store import StoredEntity

__all__ = ["JSONLD_CONTEXT", "to_rdf", "write_turtle", "write_jsonld"]

JSONLD_CONTEXT = {"ag": str(AG), "agid": str(AG_ID), "prov": str(PROV), "dcterms": str(DCTERMS),
                  "rdfs": str(RDFS), "xsd": str(XSD)}


def _literal(name: str, value: Any) -> Literal:
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if DATA_PROPERTIES[name] == XSD.decimal:
        return Literal(round(float(value), 6), datatype=XSD.decimal)
    if DATA_PROPERTIES[name] == XSD.string:
        return Literal(str(value))
    return Literal(value, datatype=DATA_PROPERTIES[name])


WIKIDATA = "http://www.wikidata.org/entity/"


def _values(g: Graph, node: URIRef, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if value is not None:
            g.add((node, AG[name], _literal(name, value)))


def _entity(g: Graph, entity: StoredEntity) -> URIRef:
    node = AG_ID[slug(entity)]
    g.add((node, RDF.type, ENTITY_CLASSES[entity.type]))
    g.add((node, RDFS.label, Literal(entity.name)))
    for alias in entity.aliases:
        if alias != entity.name:
            g.add((node, AG.alias, Literal(alias)))
    if entity.uid:
        g.add((node, DCTERMS.identifier, Literal(entity.uid)))
    if entity.qid:
        g.add((node, OWL.sameAs, URIRef(f"{WIKIDATA}{entity.qid}")))
    for name in ("lei", "ticker"):
        if getattr(entity, name):
            g.add((node, AG[name], Literal(getattr(entity, name))))
    return node


def _statement(g: Graph, node: URIRef, item: HistoryItem) -> URIRef:
    article = AG_ID[f"article/{item.article_id}"]
    g.add((article, RDF.type, AG.Article))
    g.add((article, DCTERMS.identifier, Literal(item.doc)))
    if item.outlet:
        g.add((article, DCTERMS.publisher, Literal(item.outlet)))
    if item.date:
        g.add((article, DCTERMS.date, _literal("date", item.date)))
    g.add((node, RDF.type, AG.Statement))
    g.add((node, RDF.type, STATUS_CLASSES[item.status][0]))
    g.add((node, PROV.wasDerivedFrom, article))
    g.add((node, PROV.value, Literal(item.sentence)))
    _values(g, node, {**item.attributes, "date": item.date, "attributedTo": item.attributed_to,
                      "confidence": item.confidence, "validFrom": item.valid_from,
                      "validTo": item.valid_to})
    return node


def _relation(g: Graph, edge: Edge, subject: URIRef, obj: URIRef) -> None:
    parties = "--".join(str(n).removeprefix(str(AG_ID)).replace("/", "-") for n in (subject, obj))
    node = AG_ID[f"relation/{edge.type}/{parties}"]
    g.add((node, RDF.type, TYPE_CLASSES[edge.type][0]))
    g.add((node, RDF.type, STATUS_CLASSES[edge.status][0]))
    g.add((node, AG.subject, subject))
    g.add((node, AG.object, obj))
    _values(g, node, {**edge.attributes, "confidence": edge.confidence,
                      "firstSeen": edge.first_seen, "lastSeen": edge.last_seen,
                      "sources": edge.sources, "validFrom": edge.valid_from,
                      "validTo": edge.valid_to})
    if edge.status == "asserted":
        g.add((subject, DIRECT_PROPERTIES[edge.type], obj))
    if edge.pending:
        plan = URIRef(f"{node}/pending")
        g.add((node, AG.pending, plan))
        g.add((plan, RDF.type, STATUS_CLASSES[edge.pending.status][0]))
        g.add((plan, PROV.value, Literal(edge.pending.sentence)))
        _values(g, plan, {**edge.pending.attributes, "date": edge.pending.date})
    for i, item in enumerate(edge.history):
        g.add((node, PROV.wasDerivedFrom, _statement(g, URIRef(f"{node}/{i}"), item)))


def to_rdf(graph: WholeGraph) -> Graph:
    """The vocabulary, then every entity (typed, labelled, with aliases) and every edge as an
    ag:Relation typed by its relation type and status, with its attributes, confidence, dates
    and one ag:Statement per supporting fact (PROV-O), plus a direct link for asserted edges."""
    g = vocabulary()
    for prefix, namespace in JSONLD_CONTEXT.items():
        g.bind(prefix, namespace)
    nodes = {i: _entity(g, e) for i, e in graph.entities.items()}
    for edge in graph.edges:
        _relation(g, edge, nodes[edge.subject_id], nodes[edge.object_id])
    return g


def write_turtle(graph: WholeGraph, out: TextIO) -> None:
    """Write the graph as Turtle."""
    out.write(to_rdf(graph).serialize(format="turtle"))


def write_jsonld(graph: WholeGraph, out: TextIO) -> None:
    """Write the graph as JSON-LD, compacted with prefixes for ag, agid, prov and dcterms."""
    out.write(to_rdf(graph).serialize(format="json-ld", context=JSONLD_CONTEXT, indent=1))
