"""Exports of the whole graph as of a date: GraphML (networkx), Turtle and JSON-LD (rdflib, in
the alliancegraph vocabulary with PROV-O provenance), a Neo4j import bundle, and JSON.

    with open_store("news.db") as store:
        export(store, "turtle", "graph.ttl", as_of=date(2023, 12, 31))
        export(store, "neo4j", "neo4j-import/")
"""
from alliancegraph.export._export import FORMATS, ExportSummary, export
from alliancegraph.export._graph import WholeGraph, whole_graph
from alliancegraph.export._graphml import to_networkx
from alliancegraph.export._neo4j import NODE_HEADER, RELATIONSHIP_HEADER
from alliancegraph.export._rdf import JSONLD_CONTEXT, to_rdf
from alliancegraph.export._vocabulary import AG, AG_ID, vocabulary

__all__ = [
    "AG",
    "AG_ID",
    "FORMATS",
    "JSONLD_CONTEXT",
    "NODE_HEADER",
    "RELATIONSHIP_HEADER",
    "ExportSummary",
    "WholeGraph",
    "export",
    "to_networkx",
    "to_rdf",
    "vocabulary",
    "whole_graph",
]
