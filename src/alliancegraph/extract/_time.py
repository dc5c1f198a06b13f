"""When a fact holds, read from the dates of its sentence and normalised against the article date.

A fact has two times: when it was reported (its article's date) and when it holds (valid_from,
valid_to). `effective_dates` reads the second from the DATE spans that bound the fact's trigger:
"will take over as chief executive on August 8" (from), "will step down at the end of the
year" (to), "completed on 30 November" (from), "chief executive since 2019" (from), "until
2026" (to). Which end a date sets follows its preposition (since: from; until, through:
to), else the verb: an ending verb (step down, leave, sell, end, terminate) sets valid_to
("will leave the alliance from August 8" too), any other valid_from. `normalise_date` turns
one date phrase into a day.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Span, Token

from alliancegraph.extract._attributes import sentence_ents
from alliancegraph.extract._lexicon import ENDED_WORDS, PROPOSED_WORDS, REPORT_VERBS
from alliancegraph.extract._status import governing_path, said_for_later

__all__ = ["effective_dates", "normalise_date"]

_FROM_WORDS = frozenset({"since", "from", "starting", "beginning", "effective", "as"})
_TO_WORDS = frozenset({"until", "till", "til", "through", "thru", "to"})
_ENDING_PARTICLES = {"step": "down", "walk": "away", "pull": "out", "call": "off", "spin": "off",
                     "stand": "down", "bow": "out", "wind": "down", "give": "up"}
_ENDING_LEMMAS = ENDED_WORDS | {"resign", "retire", "depart", "fire", "oust", "sack", "disband",
                                "liquidate", "expire", "shut"}
_DOUBT_AUXILIARIES = frozenset({"could", "may", "might"})
_DURATION = re.compile(r"(\d+|two|three|four|five|six|seven|eight|nine|ten)[- ]year", re.I)
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10}
_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name} | {
    name: i for i, name in enumerate(calendar.month_abbr) if name}
_MONTH = r"(%s)\.?" % "|".join(sorted((m.lower() for m in _MONTHS), key=len, reverse=True))
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "final": 4, "last": 4}
_YEAR_END = re.compile(r"\b(?:end of (?:the |this |next |last )?(?:year|(\d{4}))|year[- ]end)\b")
_QUARTER = re.compile(r"\b(?:(first|1st|second|2nd|third|3rd|fourth|4th|final|last) quarter|q([1-4]))"
                      r"(?: of (?:the year|(\d{4}))| (\d{4}))?\b")
_HALF = re.compile(r"\b(first|second) half(?: of (?:the year|(\d{4})))?\b")
_MONTH_YEAR = re.compile(r"^(?:(?:early|mid|late|the end of|end of|the start of|start of) )?%s,? (\d{4})$" % _MONTH)
_MONTH_ONLY = re.compile(r"^(?:(?:early|mid|late|the end of|end of|the start of|start of) )?(last |next |this )?%s$"
                         % _MONTH)
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)? %s,? ?(\d{4})?$" % _MONTH)
_MONTH_DAY = re.compile(r"^%s (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$" % _MONTH)
_YEAR_ONLY = re.compile(r"^(?:the (?:end of |start of )?|early |mid-?)?(?:(?:calendar|fiscal) )?(?:year )?(\d{4})$")
_RELATIVE_YEAR = re.compile(r"^(?:the )?(this|next|last|current) year$")
_WEEKDAY = re.compile(r"^(?:on |last |this |next )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$")
_VAGUE = re.compile(r"\b(later|earlier|recent|recently|coming|soon|past|decades?|centur(y|ies)|"
                    r"years|months|weeks|days|annual|annually|quarterly|period|time|age|old)\b")
_YEAR = re.compile(r"^(19|20)\d\d$")
_REPLACING = frozenset({"replace", "succeed", "oust", "fire", "sack", "dismiss"})
_DATEPARSER_CUE = re.compile(r"\d|today|tomorrow|yesterday|next|last|ago|%s" % _MONTH)


def effective_dates(trigger: Token, status: str, published: dt.date | None
                    ) -> tuple[dt.date | None, dt.date | None]:
    """(valid_from, valid_to) of the fact whose trigger word is `trigger` and whose status is
    `status`, from the DATE spans of its sentence that attach to the trigger or the words that
    govern it (not to a reporting verb: "said on Monday" is when it was said). Planned and
    proposed facts read dates forward and keep only dates after the article's, except after
    "since". None where the sentence gives no date, or the article has none."""
    if published is None or status == "denied":
        return None, None
    path = governing_path(trigger)
    if any(_doubtful(token) for token in path):
        return None, None
    where = {token.i: position for position, token in enumerate(path)}
    future = status in ("planned", "proposed") or _said_in_future(path)
    found: dict[str, tuple[tuple[int, int], dt.date]] = {}
    for ent in sentence_ents(trigger):
        if ent.label_ != "DATE" and not (ent.label_ == "CARDINAL" and _YEAR.match(ent.text)):
            continue
        reading = _reading(ent, path, where, status=status, future=future, published=published)
        if reading is None:
            continue
        role, rank, day = reading
        if role not in found or rank < found[role][0]:
            found[role] = (rank, day)
    return (found["from"][1] if "from" in found else None,
            found["to"][1] if "to" in found else None)


def _doubtful(token: Token) -> bool:
    """A word of doubt ("looking to sell next week", "could close by June"): no date of the fact."""
    return (token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in PROPOSED_WORDS) or any(
        c.dep_ == "aux" and c.lower_ in _DOUBT_AUXILIARIES for c in token.children)


def _said_in_future(path: list[Token]) -> bool:
    return any(said_for_later(token) for token in path)


def _reading(ent: Span, path: list[Token], where: dict[int, int], *, status: str, future: bool,
             published: dt.date) -> tuple[str, tuple[int, int], dt.date] | None:
    """(role "from" or "to", (path position, hops), day) of one DATE span, or None when it
    does not bound the fact or is no day."""
    reached = _reach(ent, where)
    if reached is None:
        return None
    position, hops, word = reached
    anchor = path[position]
    if position > 0 and anchor.lemma_.lower() in REPORT_VERBS:
        return None
    duration = _DURATION.search(ent.text)
    if duration:
        if position != 0 or hops > 1:
            return None
        years = _WORD_NUMBERS.get(duration.group(1).lower()) or int(duration.group(1))
        return "from", (position, hops), _years_before(published, years)
    role = _role(word, path[:position + 1], status)
    end = role == "to" and word in {"through", "thru"}
    day = normalise_date(_phrase(ent, published), published,
                         future=_towards(anchor, word, future=future), end=end)
    if day is None:
        return None
    if status in ("planned", "proposed") and day <= published and word != "since":
        return None  # the day the plan was made, not the day it takes effect
    return role, (position, hops), day


_SAME_DAY = re.compile(r"^(?:the )?(?:same|that) (?:day|date)$", re.I)


def _phrase(ent: Span, published: dt.date) -> str:
    """The span's text with "the end of" or "the start of" just before it ("at end of 2023");
    for "the same day", the text of the last day named before it in the article."""
    if _SAME_DAY.match(ent.text):
        earlier = [e.text for e in ent.doc.ents if e.label_ == "DATE" and e.end <= ent.start
                   and not _SAME_DAY.match(e.text) and not _when_said(e)
                   and normalise_date(e.text, published)]
        return earlier[-1] if earlier else ent.text
    before = ent.doc[max(ent.sent.start, ent.start - 2):ent.start].text.lower()
    if before in {"end of", "start of", "beginning of"}:
        return f"{before} {ent.text}"
    return ent.text


def _when_said(ent: Span) -> bool:
    """"said on Thursday": the day of a report, not of what it reports."""
    head = ent.root.head
    return head.lemma_.lower() in REPORT_VERBS or (head.pos_ == "ADP" and head.head.lemma_.lower() in REPORT_VERBS)


def _towards(anchor: Token, word: str, *, future: bool) -> bool | None:
    """Which way from the article date a date without a year lies: back after "since" or a past
    tense ("agreed on Monday to buy", "completed on 30 November"), forward for what is planned
    or said with "will", else whichever is nearer ("named CEO, effective September 2", "has
    appointed ... with effect from July 1")."""
    if word == "since":
        return False
    if word in {"from", "effective", "starting", "beginning"}:
        return True if future else None
    if anchor.tag_ == "VBD" or (anchor.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lemma_ == "have" for c in anchor.children)):
        return False
    return True if future else None


def _reach(ent: Span, where: dict[int, int]) -> tuple[int, int, str] | None:
    """The path position the span's head chain reaches, the steps it took and the word that
    introduces it (its preposition or marker); None if it passes through a clause of its own."""
    node, hops, word = ent.root, 0, ""
    while node.i not in where:
        for child in node.children:
            if child.dep_ in {"prep", "mark", "advmod", "amod"} and child.lower_ in _FROM_WORDS | _TO_WORDS:
                word = word or child.lower_
        if node.pos_ == "ADP" or node.dep_ in {"prep", "mark"}:
            word = word or node.lower_
        if node.head.i == node.i or (hops and node.pos_ in {"VERB", "AUX"}):
            return None
        node, hops = node.head, hops + 1
    if word == "as" and not any(t.lower_ == "of" for t in ent.root.head.children) \
            and ent.root.head.lower_ != "of":
        word = ""
    return where[node.i], hops, word


def _role(word: str, governing: list[Token], status: str) -> str:
    """"since" and "until" decide; else an ending ("will leave the alliance from August 8",
    "sold on Thursday") makes the date valid_to, anything else valid_from."""
    if word == "since":
        return "from"
    if word in _TO_WORDS or status == "ended" or any(
            _is_ending(token) or _replaced(token, below)
            for below, token in zip([None, *governing], governing)):
        return "to"
    return "from"


def _replaced(token: Token, below: Token | None) -> bool:
    """"replaces CEO Schumacher with Fernandez from March 1": the one replaced ends."""
    return below is not None and below.dep_ == "dobj" and token.lemma_.lower() in _REPLACING


def _is_ending(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in _ENDING_PARTICLES:
        return any(c.lower_ == _ENDING_PARTICLES[lemma] for c in token.children)
    return lemma in _ENDING_LEMMAS and token.pos_ in {"VERB", "AUX"}


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@lru_cache(maxsize=4096)
def normalise_date(text: str, published: dt.date, *, future: bool | None = False,
                   end: bool = False) -> dt.date | None:
    """The day a date phrase names, read against the article date `published`: "on Thursday"
    (the last Thursday on or before it, or the next one after it if `future`), "August 8"
    (the nearest such day before, or after if `future`), "the end of the year" (31 December),
    "by the end of the first quarter" (31 March), "January 2025" and "2019" (their first
    day, their last if `end`). `future` None takes whichever reading lies nearer the article
    date. None for a phrase that names no day ("in recent years")."""
    if future is None:
        days = [d for d in (normalise_date(text, published, future=False, end=end),
                            normalise_date(text, published, future=True, end=end)) if d]
        return min(days, key=lambda d: abs((d - published).days), default=None)
    phrase = " ".join(text.lower().replace("’", "'").split()).strip(" ,.")
    phrase = re.sub(r"^(?:on|in|at|by|from|since|until|till|through|during|before|after) ", "", phrase)
    for reader in (_year_end, _quarter, _half):
        found = reader(phrase, published, future=future)
        if found is not None:
            return found
    if _VAGUE.search(phrase):
        head = phrase.split(",")[0]  # "June 30, six months earlier than planned"
        return normalise_date(head, published, future=future, end=end) if head != phrase else None
    return _period(phrase, published, future=future, end=end) or _parsed(phrase, published, future)


def _shift(day: dt.date, published: dt.date, *, future: bool, explicit: bool) -> dt.date:
    """A day whose year was not given, moved by a year to lie on the side of `published` the
    sentence looks to."""
    if explicit:
        return day
    if future and day < published:
        return _same_day(day, day.year + 1)
    if not future and day > published:
        return _same_day(day, day.year - 1)
    return day


def _same_day(day: dt.date, year: int) -> dt.date:
    last = calendar.monthrange(year, day.month)[1]
    return dt.date(year, day.month, min(day.day, last))


def _year_of(phrase: str, published: dt.date, given: str | None) -> int:
    if given:
        return int(given)
    if "next year" in phrase or "next fiscal year" in phrase:
        return published.year + 1
    if "last year" in phrase:
        return published.year - 1
    return published.year


def _year_end(phrase: str, published: dt.date, *, future: bool) -> dt.date | None:
    match = _YEAR_END.search(phrase)
    if match is None:
        return None
    return dt.date(_year_of(phrase, published, match.group(1)), 12, 31)


def _quarter(phrase: str, published: dt.date, *, future: bool) -> dt.date | None:
    match = _QUARTER.search(phrase)
    if match is None:
        return None
    quarter = _ORDINALS[match.group(1)] if match.group(1) else int(match.group(2))
    given = match.group(3) or match.group(4)
    year = _year_of(phrase, published, given)
    day = _month_end(year, quarter * 3) if "end" in phrase else dt.date(year, quarter * 3 - 2, 1)
    return _shift(day, published, future=future, explicit=bool(given) or "year" in phrase)


def _half(phrase: str, published: dt.date, *, future: bool) -> dt.date | None:
    match = _HALF.search(phrase)
    if match is None:
        return None
    year = _year_of(phrase, published, match.group(2))
    first = match.group(1) == "first"
    if "end" in phrase:
        day = _month_end(year, 6 if first else 12)
    else:
        day = dt.date(year, 1 if first else 7, 1)
    return _shift(day, published, future=future, explicit=bool(match.group(2)))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _period(phrase: str, published: dt.date, *, future: bool, end: bool) -> dt.date | None:
    """A month, a year or a weekday: its first day (its last if `end` or "the end of" it)."""
    end = end or phrase.startswith(("end of", "the end of"))
    if match := _MONTH_YEAR.match(phrase):
        month, year = _MONTHS[match.group(1).title()], int(match.group(2))
        return _month_end(year, month) if end else dt.date(year, month, 1)
    if match := _MONTH_ONLY.match(phrase):
        month = _MONTHS[match.group(2).title()]
        day = _month_end(published.year, month) if end else dt.date(published.year, month, 1)
        towards = {"last ": False, "next ": True}.get(match.group(1) or "", future)
        return _shift(day, published, future=towards, explicit=match.group(1) == "this ")
    if (match := _YEAR_ONLY.match(phrase)) or (match := _RELATIVE_YEAR.match(phrase)):
        year = int(match.group(1)) if match.group(1).isdigit() else _year_of(phrase, published, None)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    if match := _WEEKDAY.match(phrase):
        return _weekday(match.group(1), published, future=future)
    return None


def _weekday(name: str, published: dt.date, *, future: bool) -> dt.date:
    """The last such weekday on or before `published`, or the first after it if `future`."""
    wanted = list(calendar.day_name).index(name.title())
    if future:
        return published + dt.timedelta(days=(wanted - published.weekday() - 1) % 7 + 1)
    return published - dt.timedelta(days=(published.weekday() - wanted) % 7)


def _day_of_month(phrase: str, published: dt.date, future: bool) -> dt.date | None:
    """"30 November", "Feb. 6, 2025", "August 8th": a day and month, and a year if given; without one,
    the year that puts the day on the side of `published` the sentence looks to."""
    if match := _DAY_MONTH.match(phrase):
        day, month, year = match.group(1), match.group(2), match.group(3)
    elif match := _MONTH_DAY.match(phrase):
        month, day, year = match.group(1), match.group(2), match.group(3)
    else:
        return None
    try:
        found = dt.date(int(year) if year else published.year, _MONTHS[month.title()], int(day))
    except ValueError:
        return None
    return _shift(found, published, future=future, explicit=bool(year))


def _parsed(phrase: str, published: dt.date, future: bool) -> dt.date | None:
    """A day-precise or relative phrase ("30 November", "Feb. 6, 2025", "tomorrow"): the common
    shapes read here, the rest by dateparser (some milliseconds a call)."""
    if not _DATEPARSER_CUE.search(phrase):
        return None
    found = _day_of_month(phrase, published, future)
    if found is not None:
        return found
    import dateparser

    settings = {"RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
                "PREFER_DATES_FROM": "future" if future else "past",
                "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month"]}
    parsed = dateparser.parse(phrase, settings=settings, languages=["en"])  # type: ignore[arg-type]
    return parsed.date() if parsed else None
