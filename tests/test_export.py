"""Exports of the graph built from the hand-made corpus: GraphML read back by networkx, RDF
read back by rdflib, the Neo4j import bundle, JSON, and the export command."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV
from typer.testing import CliRunner

from alliancegraph import graph
from alliancegraph.cli import app
from alliancegraph.errors import GraphError
from alliancegraph.export import (
    AG, AG_ID, NODE_HEADER, RELATIONSHIP_HEADER, export, to_networkx, to_rdf, vocabulary,
    whole_graph,
)
from alliancegraph.store import Store, open_store
from graph_corpus import CUT, DONE, build

DEC = dt.date(2023, 12, 31)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "ag.db")) as opened:
        yield build(opened)


def test_the_whole_graph_has_every_edge_once(store: Store) -> None:
    whole = whole_graph(store, as_of=DEC)
    keys = [(e.subject, e.type, e.object) for e in whole.edges]
    assert len(keys) == len(set(keys))
    renault = graph.show(store, "Renault", as_of=DEC)
    assert {(e.subject, e.type, e.object) for e in renault.edges} <= set(keys)
    [held] = [e for e in whole.edges if (e.subject, e.type, e.object) == (
        "Renault SA", "owns_stake", "Nissan Motor")]
    assert held == [e for e in renault.edges if e == held][0]
    assert len(whole_graph(store, as_of=dt.date(2023, 1, 26)).edges) == 5


def test_graphml_round_trip_gives_the_same_nodes_and_edges(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    summary = export(store, "graphml", path, as_of=DEC)
    written = to_networkx(whole_graph(store, as_of=DEC))
    read = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    assert summary.entities == read.number_of_nodes() == written.number_of_nodes()
    assert summary.edges == read.number_of_edges() == written.number_of_edges()
    assert dict(read.nodes(data=True)) == dict(written.nodes(data=True))
    assert sorted(read.edges(keys=True, data=True)) == sorted(written.edges(keys=True, data=True))
    renault = next(n for n, d in read.nodes(data=True) if d["name"] == "Renault SA")
    nissan = next(n for n, d in read.nodes(data=True) if d["name"] == "Nissan Motor")
    stake = read.edges[renault, nissan, "owns_stake"]
    assert (stake["status"], stake["percent"], stake["sources"], stake["latest_sentence"]) == (
        "asserted", 15.0, 4, DONE)
    assert stake["first_seen"] == "2023-01-26" and stake["symmetric"] is False


def _terms(g: Graph) -> set[URIRef]:
    return {t for triple in g for t in triple if isinstance(t, URIRef) and t.startswith(str(AG))}


def test_turtle_uses_a_declared_vocabulary_and_prov_o(store: Store) -> None:
    out = io.StringIO()
    export(store, "turtle", out, as_of=DEC)
    g = Graph().parse(data=out.getvalue(), format="turtle")
    assert len(g) == len(to_rdf(whole_graph(store, as_of=DEC)))
    declared = {s for s in vocabulary().subjects()}
    assert _terms(g) - declared == set()
    relation = AG_ID["relation/owns_stake/org-renault--org-nissan-motor"]
    assert {AG.OwnsStake, AG.Asserted} <= set(g.objects(relation, RDF.type))
    assert g.value(relation, AG.percent).toPython() == 15
    assert g.value(relation, AG.subject) == AG_ID["org/renault"]
    assert (AG_ID["org/renault"], AG.ownsStake, AG_ID["org/nissan-motor"]) in g
    assert (AG_ID["org/nissan-motor"], OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q20165")) in g
    assert g.value(AG_ID["org/nissan-motor"], AG.ticker) == Literal("7201.T")
    assert str(g.value(AG_ID["org/nissan-motor"], DCTERMS.identifier)).startswith("ag-")
    statements = list(g.objects(relation, PROV.wasDerivedFrom))
    assert len(statements) == 5
    sentences = {str(g.value(s, PROV.value)) for s in statements}
    assert {CUT, DONE} <= sentences
    planned = next(s for s in statements if str(g.value(s, PROV.value)) == CUT)
    assert AG.Planned in set(g.objects(planned, RDF.type))
    article = g.value(planned, PROV.wasDerivedFrom)
    assert g.value(article, URIRef("http://purl.org/dc/terms/publisher")) == Literal("AFP")
    assert (AG.OwnsStake, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
            AG.Relation) in g


def test_jsonld_holds_the_same_triples_as_turtle(store: Store) -> None:
    turtle, jsonld = io.StringIO(), io.StringIO()
    export(store, "turtle", turtle)
    export(store, "jsonld", jsonld)
    assert "@context" in json.loads(jsonld.getvalue())
    one = Graph().parse(data=turtle.getvalue(), format="turtle")
    two = Graph().parse(data=jsonld.getvalue(), format="json-ld")
    assert one.isomorphic(two)


def test_neo4j_bundle_has_admin_import_headers_and_a_cypher_script(store: Store,
                                                                   tmp_path: Path) -> None:
    summary = export(store, "neo4j", tmp_path / "neo4j", as_of=DEC)
    assert [p.name for p in summary.files] == ["nodes.csv", "relationships.csv", "import.cypher"]
    with (tmp_path / "neo4j" / "nodes.csv").open(encoding="utf-8") as f:
        nodes = list(csv.reader(f))
    with (tmp_path / "neo4j" / "relationships.csv").open(encoding="utf-8") as f:
        rels = list(csv.DictReader(f))
    assert nodes[0] == NODE_HEADER and len(nodes) - 1 == summary.entities
    assert list(rels[0]) == RELATIONSHIP_HEADER and len(rels) == summary.edges
    ids = {row[0] for row in nodes[1:]}
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)
    renault = next(row for row in nodes if row[1] == "Renault SA")
    assert renault[3:5] == ["Renault SA;Renault Group;Groupe Renault", "Entity;Organization"]
    assert renault[5].startswith("ag-") and renault[6:] == ["Q6686", "", "RNO.PA"]
    [stake] = [r for r in rels if r[":TYPE"] == "OWNS_STAKE" and r[":START_ID"] == renault[0]]
    assert (stake["percent:float"], stake["status"], stake["first_seen:date"]) == (
        "15.0", "asserted", "2023-01-26")
    script = (tmp_path / "neo4j" / "import.cypher").read_text()
    assert "neo4j-admin database import full --nodes=nodes.csv" in script
    for name in {r[":TYPE"] for r in rels}:
        assert f"CREATE (a)-[r:{name} {{" in script


def test_json_export_lists_entities_and_schema_edges(store: Store) -> None:
    out = io.StringIO()
    export(store, "json", out, as_of=dt.date(2023, 2, 6))
    data = json.loads(out.getvalue())
    assert data["as_of"] == "2023-02-06"
    names = {e["id"]: e["name"] for e in data["entities"]}
    [held] = [e for e in data["edges"] if e["type"] == "owns_stake" and e["subject"] == "Renault SA"]
    assert names[held["subject_id"]] == "Renault SA"
    [renault] = [e for e in data["entities"] if e["name"] == "Renault SA"]
    assert (renault["qid"], renault["ticker"], renault["uid"][:3]) == ("Q6686", "RNO.PA", "ag-")
    assert (held["percent"], held["pending"]["percent"], len(held["history"])) == (43.0, 15.0, 3)


def test_export_refuses_what_it_cannot_write(store: Store) -> None:
    with pytest.raises(GraphError, match="unknown export format 'csv'. Use one of: graphml"):
        export(store, "csv", io.StringIO())
    with pytest.raises(GraphError, match="neo4j export is a directory of files"):
        export(store, "neo4j", io.StringIO())


def test_cli_export_to_stdout_and_to_a_directory(store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    db = store.where
    result = runner.invoke(app, ["export", "--format", "json", "--db", db, "--as-of", "2023-01-26"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["edges"]) == 5
    bundle = runner.invoke(app, ["export", "--format", "neo4j", "--out", str(tmp_path / "n"),
                                 "--db", db])
    assert bundle.exit_code == 0, bundle.output
    assert "entities and" in bundle.output and (tmp_path / "n" / "import.cypher").exists()
    refused = runner.invoke(app, ["export", "--format", "neo4j", "--db", db])
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: the neo4j export is a directory of files")
