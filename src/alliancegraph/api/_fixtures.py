"""A small store of hand-made articles for the API tests, the browser test and the benchmark.

No spaCy model is involved: each article is a list of sentences, each sentence with the facts
it states, built straight into `alliancegraph.records` and written with `Store.add_document`.
The story is Renault's stake in Nissan (43% in January 2023, a cut to 15% agreed that month
and completed in November), around it an alliance, merger talks that were denied and then
called off, two outlets that disagree on a stake on the same day, and one article whose
sentence carries HTML and a script, to prove the page shows evidence as text.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from alliancegraph.records import Article, DocumentFacts, Entity, Evidence, Mention, RelationFact
from alliancegraph.store import Store, open_store

__all__ = ["FIXTURE_ARTICLES", "FixtureArticle", "FixtureFact", "build_fixture_store", "fixture_documents"]

ENTITY_TYPES = {
    "Luca de Meo": "PERSON",
    "Makoto Uchida": "PERSON",
    "France": "PLACE",
    "Japan": "PLACE",
}
"""Types of the fixture's entities that are not ORG."""


@dataclass(frozen=True)
class FixtureFact:
    """One fact a fixture sentence states: subject, type, object, status and attributes."""

    subject: str
    type: str
    object: str
    status: str = "asserted"
    attributes: dict[str, object] = field(default_factory=dict)
    confidence: float = 0.9


@dataclass(frozen=True)
class FixtureArticle:
    """One hand-made article: its date, outlet, title and sentences with their facts."""

    doc: str
    published: dt.date
    outlet: str
    title: str
    sentences: tuple[tuple[str, tuple[FixtureFact, ...]], ...]


F = FixtureFact
FIXTURE_ARTICLES: tuple[FixtureArticle, ...] = (
    FixtureArticle("fx01_alliance.txt", dt.date(2023, 1, 10), "Reuters", "Renault and Nissan weigh alliance reset", (
        ("Renault owns 43% of Nissan, the cornerstone of an alliance the two carmakers formed in 1999.",
         (F("Renault", "owns_stake", "Nissan", attributes={"percent": 43.0}),
          F("Renault", "partners_with", "Nissan", attributes={"kind": "alliance"}))),
        ("Nissan in turn holds 34% of Mitsubishi Motors.",
         (F("Nissan", "owns_stake", "Mitsubishi Motors", attributes={"percent": 34.0}),)),
        ("Renault chief executive Luca de Meo said the French carmaker wanted a partnership of equals.",
         (F("Luca de Meo", "leads", "Renault", attributes={"title": "chief executive"}),
          F("Renault", "based_in", "France"))),
    )),
    FixtureArticle("fx02_framework.txt", dt.date(2023, 1, 30), "Reuters", "Renault agrees to cut Nissan stake to 15%", (
        ("Renault will cut its 43% stake in Nissan to 15% under a framework approved by both boards.",
         (F("Renault", "owns_stake", "Nissan", status="planned", attributes={"percent": 15.0}, confidence=0.8),)),
        ("Nissan said it would consider investing in Ampere, the electric-vehicle unit of Renault.",
         (F("Nissan", "invests_in", "Ampere", status="proposed", confidence=0.6),
          F("Ampere", "subsidiary_of", "Renault"))),
        ("Makoto Uchida, chief executive of the Yokohama-based Nissan, welcomed the deal.",
         (F("Makoto Uchida", "leads", "Nissan", attributes={"title": "chief executive"}),
          F("Nissan", "based_in", "Japan"))),
    )),
    FixtureArticle("fx03_supplier.txt", dt.date(2023, 3, 1), "Wire <Desk>",
                   "Supplier <b>news</b> <script>window.__agTitleRan = 1</script>", (
        ("<script>window.__agEvidenceRan = 1</script>Foxconn <b>supplies</b> Nissan with "
         "<img src=x onerror=\"window.__agImgRan = 1\"> battery packs.",
         (F("Foxconn", "supplies", "Nissan", attributes={"product": "<i>battery packs</i>"}, confidence=0.7),)),
    )),
    FixtureArticle("fx04_completion.txt", dt.date(2023, 11, 8), "Reuters", "Renault completes Nissan share transfer", (
        ("Renault has completed the transfer of Nissan shares to a French trust, cutting its stake in Nissan to 15%.",
         (F("Renault", "owns_stake", "Nissan", attributes={"percent": 15.0}),)),
        ("Mitsubishi Motors is a member of the Renault-Nissan-Mitsubishi Alliance.",
         (F("Mitsubishi Motors", "member_of", "Renault-Nissan-Mitsubishi Alliance"),)),
    )),
    FixtureArticle("fx05_honda_talks.txt", dt.date(2024, 12, 18), "Nikkei", "Honda and Nissan in merger talks", (
        ("Honda and Nissan are in talks to merge, sources said.",
         (F("Honda", "merges_with", "Nissan", status="proposed", confidence=0.6),)),
    )),
    FixtureArticle("fx06_honda_denial.txt", dt.date(2024, 12, 18), "Reuters", "Nissan denies merger report", (
        ("Nissan denied that it was in merger talks with Honda.",
         (F("Nissan", "merges_with", "Honda", status="denied", confidence=0.7),)),
    )),
    FixtureArticle("fx07_honda_ended.txt", dt.date(2025, 2, 13), "Reuters", "Honda and Nissan call off merger", (
        ("Honda and Nissan ended their merger talks on Thursday.",
         (F("Honda", "merges_with", "Nissan", status="ended"),)),
    )),
    FixtureArticle("fx08_activision.txt", dt.date(2023, 10, 13), "Bloomberg", "Microsoft closes Activision deal", (
        ("Microsoft completed its $68.7 billion acquisition of Activision Blizzard.",
         (F("Microsoft", "acquires", "Activision Blizzard", attributes={"amount": 68.7e9, "currency": "USD"}),)),
    )),
    FixtureArticle("fx09_mitsubishi.txt", dt.date(2023, 1, 10), "Nikkei", "Nissan's hold on Mitsubishi", (
        ("Nissan holds a 37% stake in Mitsubishi Motors, the smallest partner of the alliance.",
         (F("Nissan", "owns_stake", "Mitsubishi Motors", attributes={"percent": 37.0}, confidence=0.8),)),
    )),
)
"""The fixture's articles, oldest story first within each thread; fx09 disagrees with fx01 on a stake."""


def fixture_documents() -> list[tuple[Article, DocumentFacts]]:
    """Every fixture article with the facts its sentences state, ready for `Store.add_document`."""
    return [_document(article) for article in FIXTURE_ARTICLES]


def build_fixture_store(url_or_path: str) -> Store:
    """Open the store at `url_or_path` and add the fixture articles (a second call adds nothing).

    RETURNS (Store): the open store; the caller closes it.
    """
    store = open_store(url_or_path)
    for article, facts in fixture_documents():
        store.add_document(article, facts)
    return store


def _document(fixture: FixtureArticle) -> tuple[Article, DocumentFacts]:
    text, relations, spans = "", [], {}
    for sentence, facts in fixture.sentences:
        start = len(text)
        text += sentence + " "
        for fact in facts:
            relations.append(_relation(fact, sentence, start, outlet=fixture.outlet))
            for name in (fact.subject, fact.object):
                spans.setdefault(name, _mention(name, sentence, start))
    text = text.rstrip()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    article = Article(id=digest[:16], source=f"fixture/{fixture.doc}", doc=fixture.doc, published=fixture.published,
                      title=fixture.title, outlet=fixture.outlet, text=text, content_hash=digest)
    entities = [Entity(id=f"e{number}", name=name, type=ENTITY_TYPES.get(name, "ORG"), aliases=[name],
                       mentions=[mention]) for number, (name, mention) in enumerate(spans.items(), 1)]
    return article, DocumentFacts(doc=fixture.doc, date=fixture.published, title=fixture.title,
                                  source=article.source, entities=entities, relations=relations)


def _relation(fact: FixtureFact, sentence: str, start: int, *, outlet: str) -> RelationFact:
    return RelationFact(subject=fact.subject, type=fact.type, object=fact.object, status=fact.status,
                        evidence=Evidence(sentence=sentence, char_start=start, char_end=start + len(sentence)),
                        confidence=fact.confidence, attributed_to=outlet,
                        **fact.attributes)  # type: ignore[arg-type]


def _mention(name: str, sentence: str, start: int) -> Mention:
    at = max(sentence.find(name), 0)
    return Mention(text=name, char_start=start + at, char_end=start + at + len(name))
