"""The world rules the graph applies on an as-of date (graph/_rules.py): effect, termination,
succession and completion, each shown as the reason on the edge it changed. Hand-made records
in a real store (no spaCy model)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from graph_corpus import Story, entity, fact

from alliancegraph import graph
from alliancegraph.errors import EdgeNotFound
from alliancegraph.graph import Edge
from alliancegraph.graph._rules import EFFECT_CONFIDENCE, post_of
from alliancegraph.store import Store

D = dt.date
PEOPLE = ("Noel Quinn", "Georges Elhedery", "Jane Roe", "Ann Poe")


def person(name: str):  # type: ignore[no-untyped-def]
    found = entity(name)
    found.type = "PERSON"
    return found


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened


def add(store: Store, doc: str, day: dt.date, *facts, outlet: str = "Reuters") -> None:  # type: ignore[no-untyped-def]
    names = {f.subject for f in facts} | {f.object for f in facts}
    entities = [person(n) if n in PEOPLE else entity(n) for n in sorted(names)]
    assert Story(doc, day, outlet, entities, list(facts)).add_to(store)


def one(store: Store, name: str, type: str, other: str, on: dt.date) -> Edge:
    [found] = [e for e in graph.show(store, name, as_of=on).edges
               if e.type == type and other in (e.subject, e.object)]
    return found


# --- effect -----------------------------------------------------------------------------------

def test_an_announced_start_takes_effect_on_its_day_with_the_reason(store: Store) -> None:
    add(store, "named.txt", D(2024, 7, 17),
        fact("Georges Elhedery", "leads", "HSBC", "planned", title="group chief executive",
             valid_from=D(2024, 9, 2), confidence=0.9))
    before = one(store, "HSBC", "leads", "Georges Elhedery", D(2024, 8, 1))
    after = one(store, "HSBC", "leads", "Georges Elhedery", D(2024, 9, 10))
    assert (before.status, before.rules) == ("planned", ())
    assert after.status == "asserted" and after.since == D(2024, 9, 2)
    assert after.confidence == pytest.approx(before.confidence * EFFECT_CONFIDENCE, abs=0.001)
    [note] = after.rules
    assert (note.rule, note.date, note.reason, note.doc) == (
        "effect", D(2024, 9, 2), "took effect on 2024-09-02 as announced on 2024-07-17", "named.txt")
    assert after.to_dict()["rules"][0]["reason"] == note.reason


def test_an_announced_end_keeps_the_edge_until_its_day_then_ends_it(store: Store) -> None:
    add(store, "ceo.txt", D(2024, 1, 10), fact("Noel Quinn", "leads", "HSBC", title="CEO"))
    add(store, "retire.txt", D(2024, 7, 17),
        fact("Noel Quinn", "leads", "HSBC", "planned", title="CEO", valid_to=D(2024, 9, 2)))
    held = one(store, "HSBC", "leads", "Noel Quinn", D(2024, 8, 1))
    assert held.status == "asserted" and held.pending is not None
    assert (held.pending.status, held.pending.effective) == ("ended", D(2024, 9, 2))
    ended = one(store, "HSBC", "leads", "Noel Quinn", D(2024, 9, 3))
    assert (ended.status, [n.reason for n in ended.rules]) == (
        "ended", ["ended on 2024-09-02 as announced on 2024-07-17"])


def test_a_later_denial_stops_an_announced_change(store: Store) -> None:
    add(store, "plan.txt", D(2024, 3, 1),
        fact("Acme", "acquires", "Initech", "planned", valid_from=D(2024, 6, 1)))
    add(store, "denial.txt", D(2024, 4, 1), fact("Acme", "acquires", "Initech", "denied"))
    assert one(store, "Acme", "acquires", "Initech", D(2024, 7, 1)).status == "denied"


def test_an_ended_fact_dated_ahead_is_a_planned_end_not_an_end(store: Store) -> None:
    add(store, "leave.txt", D(2022, 7, 4),
        fact("Stellantis", "member_of", "ACEA", "ended", valid_to=D(2022, 12, 31)))
    assert one(store, "Stellantis", "member_of", "ACEA", D(2022, 7, 10)).status == "asserted"
    assert one(store, "Stellantis", "member_of", "ACEA", D(2023, 1, 15)).status == "ended"


# --- termination ------------------------------------------------------------------------------

def test_a_rejected_bid_ends_and_a_raised_bid_is_a_new_proposal(store: Store) -> None:
    add(store, "bid.txt", D(2024, 4, 1), fact("Globex", "acquires", "Initech", "proposed"))
    add(store, "no.txt", D(2024, 5, 2), fact("Globex", "acquires", "Initech", "denied",
                                             sentence="Initech rejected the offer from Globex."))
    add(store, "again.txt", D(2024, 6, 3), fact("Globex", "acquires", "Initech", "proposed",
                                                sentence="Globex raised its offer for Initech."))
    rejected = one(store, "Globex", "acquires", "Initech", D(2024, 5, 10))
    assert rejected.status == "ended"
    assert [(n.rule, n.date, n.reason) for n in rejected.rules] == [
        ("termination", D(2024, 5, 2), "proposed until 2024-05-02, when it was rejected")]
    assert one(store, "Globex", "acquires", "Initech", D(2024, 6, 10)).status == "proposed"


def test_the_reason_says_what_state_the_plan_was_left_in(store: Store) -> None:
    add(store, "bid.txt", D(2024, 4, 1), fact("Globex", "acquires", "Initech", "proposed"))
    add(store, "no.txt", D(2024, 5, 2), fact("Globex", "acquires", "Initech", "ended",
                                             sentence="Globex withdrew its offer for Initech."))
    [note] = one(store, "Globex", "acquires", "Initech", D(2024, 5, 10)).rules
    assert note.reason == "proposed until 2024-05-02, when it was withdrawn"


def test_a_denial_of_talks_in_other_words_stays_a_denial(store: Store) -> None:
    add(store, "talks.txt", D(2024, 1, 10), fact("Honda", "merges_with", "Nissan", "proposed"))
    add(store, "deny.txt", D(2024, 1, 12), fact("Nissan", "merges_with", "Honda", "denied",
                                                sentence="Nissan denied it was in talks."))
    found = one(store, "Honda", "merges_with", "Nissan", D(2024, 2, 1))
    assert (found.status, found.rules) == ("denied", ())


# --- succession -------------------------------------------------------------------------------

def test_titles_name_one_post_whatever_their_wording() -> None:
    assert post_of("CEO") == post_of("chief executive") == post_of("Chief Executive Officer") \
        == post_of("group chief executive") == {"chief executive"}
    assert post_of("chairman") == post_of("Chairwoman") == post_of("interim chair") == {"chair"}
    assert post_of("president and CEO") == {"president", "chief executive"}
    assert post_of("chief") == post_of("boss") == {"chief executive"}  # "HSBC chief Georges Elhedery"
    assert post_of("finance chief") == {"chief financial officer"}
    assert post_of("co-CEO") == post_of("joint chief executive") == post_of("deputy chair") == set()


def test_a_new_holder_ends_the_previous_one_on_the_day_they_start(store: Store) -> None:
    add(store, "quinn.txt", D(2024, 4, 30), fact("Noel Quinn", "leads", "HSBC", title="CEO"))
    add(store, "named.txt", D(2024, 7, 17),
        fact("Georges Elhedery", "leads", "HSBC", "planned", title="chief executive",
             valid_from=D(2024, 9, 2)))
    assert one(store, "Noel Quinn", "leads", "HSBC", D(2024, 8, 1)).status == "asserted"
    quinn = one(store, "Noel Quinn", "leads", "HSBC", D(2024, 9, 10))  # show of the person
    assert (quinn.status, quinn.valid_to) == ("ended", D(2024, 9, 2))
    [note] = quinn.rules
    assert (note.rule, note.reason, note.doc) == (
        "succession", "succeeded by Georges Elhedery as chief executive on 2024-09-02", "named.txt")
    edge = graph.edge(store, "Noel Quinn", "leads", "HSBC", as_of=D(2024, 9, 10))
    assert edge.status == "ended"
    events = [(e.date, e.subject, e.rule) for e in graph.timeline(store, "Noel Quinn", as_of=D(2024, 12, 1))
              if e.rule]
    assert events == [(D(2024, 9, 2), "Noel Quinn", "succession")]


def test_co_holders_and_other_posts_do_not_succeed_each_other(store: Store) -> None:
    add(store, "a.txt", D(2024, 1, 1), fact("Jane Roe", "leads", "Acme", title="co-CEO"),
        fact("Noel Quinn", "leads", "Acme", title="chairman"))
    add(store, "b.txt", D(2024, 2, 1), fact("Ann Poe", "leads", "Acme", title="co-chief executive"),
        fact("Georges Elhedery", "leads", "Acme", title="CFO"))
    statuses = {e.subject: e.status for e in graph.show(store, "Acme", as_of=D(2024, 3, 1)).edges}
    assert statuses == {"Jane Roe": "asserted", "Ann Poe": "asserted", "Noel Quinn": "asserted",
                        "Georges Elhedery": "asserted"}


# --- completion -------------------------------------------------------------------------------

def test_a_completed_acquisition_makes_the_target_a_subsidiary(store: Store) -> None:
    add(store, "agree.txt", D(2024, 4, 24), fact("IBM", "acquires", "HashiCorp", "planned"))
    add(store, "done.txt", D(2025, 2, 27), fact("IBM", "acquires", "HashiCorp",
                                                sentence="IBM completes its acquisition of HashiCorp."))
    assert not [e for e in graph.show(store, "HashiCorp", as_of=D(2024, 5, 1)).edges
                if e.type == "subsidiary_of"]
    with pytest.raises(EdgeNotFound):
        graph.edge(store, "HashiCorp", "subsidiary_of", "IBM", as_of=D(2024, 5, 1))
    unit = graph.edge(store, "HashiCorp", "subsidiary_of", "IBM", as_of=D(2025, 3, 1))
    assert (unit.subject, unit.object, unit.status, unit.derived_from) == (
        "HashiCorp", "IBM", "asserted", "acquires")
    assert [h.doc for h in unit.history] == ["agree.txt", "done.txt"]  # the acquisition's evidence
    [note] = unit.rules
    assert (note.rule, note.doc, note.reason) == (
        "completion", "done.txt", "IBM acquired HashiCorp, reported done on 2025-02-27")
    assert one(store, "IBM", "subsidiary_of", "HashiCorp", D(2025, 3, 1)).derived_from == "acquires"


def test_a_minority_purchase_or_a_stated_parent_derives_nothing(store: Store) -> None:
    add(store, "stake.txt", D(2024, 1, 1), fact("Acme", "acquires", "Initech", percent=20.0),
        fact("Globex", "acquires", "Umbrella"), fact("Umbrella", "subsidiary_of", "Globex"))
    edges = graph.show(store, "Acme", as_of=D(2024, 2, 1)).edges
    assert [e.type for e in edges] == ["acquires"]
    units = [e for e in graph.show(store, "Umbrella", as_of=D(2024, 2, 1)).edges
             if e.type == "subsidiary_of"]
    assert [(u.subject, u.derived_from) for u in units] == [("Umbrella", None)]


# --- control ----------------------------------------------------------------------------------

def test_a_unit_is_no_subsidiary_once_its_parent_holds_less_than_half(store: Store) -> None:
    add(store, "merge.txt", D(2017, 7, 3), fact("Baker Hughes", "subsidiary_of", "General Electric"),
        fact("General Electric", "owns_stake", "Baker Hughes", percent=62.5))
    add(store, "sell.txt", D(2019, 9, 16), fact("General Electric", "owns_stake", "Baker Hughes", percent=36.8,
                                                sentence="GE cut its stake in Baker Hughes to 36.8%."))
    assert one(store, "Baker Hughes", "subsidiary_of", "General Electric", D(2019, 1, 1)).status == "asserted"
    unit = one(store, "Baker Hughes", "subsidiary_of", "General Electric", D(2019, 10, 1))
    assert (unit.status, unit.valid_to) == ("ended", D(2019, 9, 16))
    [note] = unit.rules
    assert (note.rule, note.doc, note.reason) == (
        "control", "sell.txt", "General Electric's stake cut to 36.8% on 2019-09-16")


def test_a_stake_sold_out_ends_the_parent_of_a_unit_it_bought(store: Store) -> None:
    add(store, "buy.txt", D(2020, 1, 1), fact("Acme", "acquires", "Initech"),
        fact("Acme", "owns_stake", "Initech", percent=100.0))
    add(store, "exit.txt", D(2023, 5, 1), fact("Acme", "owns_stake", "Initech", "ended"))
    assert one(store, "Initech", "subsidiary_of", "Acme", D(2021, 1, 1)).status == "asserted"
    unit = one(store, "Initech", "subsidiary_of", "Acme", D(2023, 6, 1))
    assert unit.status == "ended" and [n.rule for n in unit.rules] == ["completion", "control"]


def test_a_first_report_of_a_rejected_offer_is_an_ended_proposal(store: Store) -> None:
    add(store, "no.txt", D(2022, 8, 8), fact("BHP", "acquires", "OZ Minerals", "denied",
                                             sentence="OZ Minerals said it had rejected an offer from BHP."))
    found = one(store, "BHP", "acquires", "OZ Minerals", D(2022, 8, 10))
    assert (found.status, [n.reason for n in found.rules]) == ("ended", ["on 2022-08-08 it was rejected"])


def test_the_api_gives_the_rules_both_times_and_the_derived_edge(store: Store) -> None:
    from fastapi.testclient import TestClient

    from alliancegraph.api import create_app

    add(store, "agree.txt", D(2024, 4, 24), fact("IBM", "acquires", "HashiCorp", "planned",
                                                 valid_from=D(2025, 2, 27)))
    with TestClient(create_app(store)) as client:
        unit = client.get("/api/edge", params={"subject": "HashiCorp", "type": "subsidiary_of",
                                               "object": "IBM"}).json()
        events = client.get("/api/timeline", params={"name": "IBM"}).json()
    assert (unit["status"], unit["derived_from"], [r["rule"] for r in unit["rules"]]) == (
        "asserted", "acquires", ["effect", "completion"])
    assert unit["history"][0]["date"] == "2024-04-24" and unit["history"][0]["valid_from"] == "2025-02-27"
    took = [e for e in events if e["rule"] == "effect"]
    assert [(e["date"], e["reported"], e["effective"], e["after"], e["reason"]) for e in took] == [
        ("2025-02-27", "2024-04-24", "2025-02-27", "asserted",
         "took effect on 2025-02-27 as announced on 2024-04-24")]


def test_the_whole_graph_as_exports_and_tables_read_it_applies_the_rules(store: Store) -> None:
    from alliancegraph.graph._table import every_edge

    add(store, "quinn.txt", D(2024, 4, 30), fact("Noel Quinn", "leads", "HSBC", title="CEO"))
    add(store, "named.txt", D(2024, 7, 17),
        fact("Georges Elhedery", "leads", "HSBC", "planned", title="chief executive", valid_from=D(2024, 9, 2)))
    add(store, "done.txt", D(2025, 2, 27), fact("IBM", "acquires", "HashiCorp"))
    edges = {(e.subject, e.type, e.object): e for e in every_edge(store, as_of=D(2025, 3, 1))}
    assert edges[("Noel Quinn", "leads", "HSBC")].status == "ended"
    assert edges[("Georges Elhedery", "leads", "HSBC")].status == "asserted"
    assert edges[("HashiCorp", "subsidiary_of", "IBM")].derived_from == "acquires"
    shown = {(e.subject, e.type, e.object): e.status for e in graph.show(store, "HSBC", as_of=D(2025, 3, 1)).edges}
    assert shown == {key: edges[key].status for key in shown}
