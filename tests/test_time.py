"""When a fact holds: date phrases read against the article date, and which end of the fact
(valid_from or valid_to) a sentence's date sets."""
from __future__ import annotations

import datetime as dt

import pytest

from alliancegraph.extract._time import normalise_date
from alliancegraph.ingest import content_hash
from alliancegraph.records import Article

D = dt.date
THURSDAY = D(2024, 3, 28)


@pytest.mark.parametrize(("phrase", "future", "day"), [
    ("on Thursday", False, THURSDAY),            # the article's own day
    ("Monday", False, D(2024, 3, 25)),
    ("Thursday", True, D(2024, 4, 4)),           # "will ... on Thursday": the next one
    ("August 8", True, D(2024, 8, 8)),
    ("August 8", False, D(2023, 8, 8)),
    ("30 November", False, D(2023, 11, 30)),
    ("Feb. 6, 2025", False, D(2025, 2, 6)),
    ("the end of the year", True, D(2024, 12, 31)),
    ("year-end", True, D(2024, 12, 31)),
    ("the end of 2025", True, D(2025, 12, 31)),
    ("by the end of the first quarter", True, D(2024, 3, 31)),
    ("the end of the second quarter of 2025", True, D(2025, 6, 30)),
    ("the second half of the year", True, D(2024, 7, 1)),
    ("January 2025", True, D(2025, 1, 1)),
    ("the end of March", True, D(2024, 3, 31)),
    ("2019", False, D(2019, 1, 1)),
    ("last year", False, D(2023, 1, 1)),
    ("tomorrow", True, D(2024, 3, 29)),
])
def test_a_date_phrase_is_one_day_read_against_the_article_date(phrase: str, future: bool,
                                                                 day: dt.date) -> None:
    assert normalise_date(phrase, THURSDAY, future=future) == day


@pytest.mark.parametrize("phrase", ["recent years", "five years", "later this year", "the past decade",
                                    "this week", "quarterly"])
def test_a_phrase_that_names_no_day_gives_none(phrase: str) -> None:
    assert normalise_date(phrase, THURSDAY, future=True) is None


def test_through_a_year_ends_on_its_last_day() -> None:
    assert normalise_date("2026", THURSDAY, end=True) == D(2026, 12, 31)


def _dates(extractor, text: str, published: dt.date = D(2024, 3, 25)):  # type: ignore[no-untyped-def]
    digest = content_hash(text)
    article = Article(id=digest[:16], source="t.txt", doc="t.txt", published=published, title="",
                      outlet="Reuters", text=text, content_hash=digest)
    return {(r.subject, r.type, r.object): (r.status, r.valid_from, r.valid_to)
            for r in extractor(article).relations}


@pytest.mark.model
def test_a_takeover_date_starts_the_post_and_a_step_down_date_ends_it(extractor):  # type: ignore[no-untyped-def]
    found = _dates(extractor, "Acme Corp said on Monday that Jane Doe will take over as chief executive "
                              "on August 8. John Roe, Acme's chief executive since 2019, will step down "
                              "at the end of the year.")
    assert found[("Jane Doe", "leads", "Acme")] == ("planned", D(2024, 8, 8), None)
    assert found[("John Roe", "leads", "Acme")][1:] == (D(2019, 1, 1), D(2024, 12, 31))


@pytest.mark.model
def test_a_completion_date_starts_an_acquisition_and_a_sale_date_ends_a_stake(extractor):  # type: ignore[no-untyped-def]
    found = _dates(extractor, "Volvo completed its acquisition of Zenuity on 30 November. "
                              "Vivendi sold its remaining 5.9% stake in Mediaset on Thursday.")
    assert found[("Volvo", "acquires", "Zenuity")] == ("asserted", D(2023, 11, 30), None)
    assert found[("Vivendi", "owns_stake", "Mediaset")] == ("ended", None, D(2024, 3, 21))


@pytest.mark.model
def test_an_announced_end_is_the_valid_to_and_the_day_it_was_said_is_no_date(extractor):  # type: ignore[no-untyped-def]
    found = _dates(extractor, "Hapag-Lloyd will end its alliance with Maersk in January 2025, the "
                              "companies said on Monday.")
    assert found[("Hapag-Lloyd", "partners_with", "Maersk")][1:] == (None, D(2025, 1, 1))


def test_a_date_without_a_year_and_without_a_tense_is_the_nearer_one() -> None:
    assert normalise_date("September 2", D(2024, 7, 17), future=None) == D(2024, 9, 2)
    assert normalise_date("30 November", D(2024, 3, 25), future=None) == D(2023, 11, 30)


def test_last_and_next_fix_the_side_of_a_month() -> None:
    assert normalise_date("last May", D(2021, 1, 4), future=True) == D(2020, 5, 1)
    assert normalise_date("next March", D(2021, 1, 4), future=False) == D(2021, 3, 1)


@pytest.mark.model
def test_an_effective_date_in_a_present_tense_headline_lies_ahead(extractor):  # type: ignore[no-untyped-def]
    found = _dates(extractor, "HSBC names finance chief Georges Elhedery as chief executive, effective "
                              "September 2.", published=D(2024, 7, 17))
    assert found[("Georges Elhedery", "leads", "HSBC")][1] == D(2024, 9, 2)


@pytest.mark.model
def test_a_date_under_a_word_of_doubt_is_no_date_of_the_fact(extractor):  # type: ignore[no-untyped-def]
    found = _dates(extractor, "Vodafone is looking to sell its entire stake in Indus Towers next week.")
    assert found[("Vodafone", "owns_stake", "Indus Towers")][1:] == (None, None)


def test_a_date_followed_by_a_vague_clause_is_read_up_to_the_comma() -> None:
    assert normalise_date("June 30, six months earlier", D(2023, 1, 30), future=True) == D(2023, 6, 30)


@pytest.mark.model
def test_the_one_replaced_ends_and_the_year_end_of_a_headline_counts(extractor):  # type: ignore[no-untyped-def]
    found = _dates(extractor, "Unilever replaces CEO Schumacher with finance chief Fernandez from March 1.",
                   published=D(2025, 2, 25))
    assert found[("Schumacher", "leads", "Unilever")][1:] == (None, D(2025, 3, 1))
    found = _dates(extractor, "Unilever CEO Alan Jope to retire at end of 2023", published=D(2022, 9, 26))
    assert found[("Alan Jope", "leads", "Unilever")][2] == D(2023, 12, 31)


@pytest.mark.model
def test_is_to_step_down_is_a_departure_still_to_come(extractor):  # type: ignore[no-untyped-def]
    found = _dates(extractor, "Electrolux said on Thursday chief executive Hans Straberg is to step down at the "
                              "end of the year.", published=D(2010, 9, 23))
    assert found[("Hans Straberg", "leads", "Electrolux")][0] == "asserted"
    assert found[("Hans Straberg", "leads", "Electrolux")][2] == D(2010, 12, 31)


@pytest.mark.model
def test_the_same_day_is_the_day_named_before_it(extractor):  # type: ignore[no-untyped-def]
    found = _dates(extractor, "Akio Toyoda will step down as chief executive on April 1, Toyota said on "
                              "Thursday. Chairman Takeshi Uchiyamada will give up the chair on the same day.",
                   published=D(2023, 1, 26))
    assert found[("Takeshi Uchiyamada", "leads", "Toyota")][2] == D(2023, 4, 1)


@pytest.mark.model
def test_a_stake_first_taken_years_ago_does_not_date_the_size_it_has_now(extractor):  # type: ignore[no-untyped-def]
    found = _dates(extractor, "Renault has cut its stake in Nissan to 15%. Renault took its first stake in "
                              "Nissan in 1999.")
    assert found[("Renault", "owns_stake", "Nissan")][1] is None


@pytest.mark.parametrize(("phrase", "future", "day"), [
    ("30 November", False, dt.date(2023, 11, 30)),
    ("30 November", True, dt.date(2024, 11, 30)),
    ("Feb. 6, 2025", False, dt.date(2025, 2, 6)),
    ("August 8th", True, dt.date(2024, 8, 8)),
    ("31 February", False, None),
])
def test_a_day_and_month_are_read_without_dateparser(phrase, future, day) -> None:  # type: ignore[no-untyped-def]
    from alliancegraph.extract._time import _day_of_month

    assert _day_of_month(phrase.lower(), dt.date(2024, 3, 26), future) == day
