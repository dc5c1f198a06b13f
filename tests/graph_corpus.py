"""A hand-made dated corpus for the graph and export tests, written with Store.add_document
(no spaCy model): Renault's 43% stake in Nissan, the agreed cut to 15% and its completion,
a merger talk and its denial, two stake sizes for one day, a partnership that ended."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from alliancegraph.records import Article, DocumentFacts, Entity, Evidence, Mention, RelationFact
from alliancegraph.store import Store

PEOPLE = {"Luca de Meo", "Makoto Uchida"}
PLACES = {"France", "Japan", "United States", "US"}


def entity(name: str, *aliases: str) -> Entity:
    kind = "PERSON" if name in PEOPLE else "PLACE" if name in PLACES else "ORG"
    return Entity(id=name, name=name, type=kind, aliases=[name, *aliases],
                  mentions=[Mention(text=name, char_start=0, char_end=len(name))])


def fact(subject: str, type: str, obj: str, status: str = "asserted", *,
         sentence: str | None = None, confidence: float = 0.9, **attributes: object) -> RelationFact:
    text = sentence or f"{subject} {type.replace('_', ' ')} {obj} ({status})."
    return RelationFact(subject=subject, type=type, object=obj, status=status,
                        evidence=Evidence(sentence=text, char_start=0, char_end=len(text)),
                        confidence=confidence, attributed_to=attributes.pop("said_by", None),
                        **attributes)  # type: ignore[arg-type]


@dataclass
class Story:
    """One article: its date, outlet, entities and facts."""

    doc: str
    published: dt.date | None
    outlet: str
    entities: list[Entity]
    facts: list[RelationFact] = field(default_factory=list)

    def add_to(self, store: Store) -> bool:
        body = "\n".join([self.doc, *(f.evidence.sentence for f in self.facts)])
        digest = hashlib.sha256(body.encode()).hexdigest()
        article = Article(id=digest[:16], source=self.doc, doc=self.doc, published=self.published,
                          title=self.doc, outlet=self.outlet, text=body, content_hash=digest)
        return store.add_document(article, DocumentFacts(
            doc=self.doc, date=self.published, title=self.doc, source=self.doc,
            entities=self.entities, relations=self.facts))


RENAULT = entity("Renault SA", "the French automaker")
NISSAN_MOTOR = entity("Nissan Motor", "Nissan Motor Co., Ltd.")
NISSAN = entity("Nissan", "Nissan Motor", "the Japanese carmaker")
CUT = "Renault will cut its 43% stake in Nissan to 15%."
DONE = "Renault has completed the transfer, leaving it with 15% of Nissan."

STORIES = [
    Story("jan.txt", dt.date(2023, 1, 26), "Reuters",
          [RENAULT, NISSAN_MOTOR, entity("Luca de Meo"), entity("France")],
          [fact("Renault SA", "owns_stake", "Nissan Motor", percent=43.0,
                sentence="Renault owns 43% of Nissan.", said_by="Reuters"),
           fact("Nissan Motor", "owns_stake", "Renault SA", percent=15.0),
           fact("Renault SA", "partners_with", "Nissan Motor", kind="alliance"),
           fact("Luca de Meo", "leads", "Renault SA", title="CEO"),
           fact("Renault SA", "based_in", "France")]),
    Story("feb.txt", dt.date(2023, 2, 6), "AFP",
          [entity("Renault"), NISSAN, entity("Ampere")],
          [fact("Renault", "owns_stake", "Nissan", percent=43.0,
                sentence="Renault, which holds 43% of Nissan, agreed a cut."),
           fact("Renault", "owns_stake", "Nissan", "planned", percent=15.0, sentence=CUT),
           fact("Nissan", "invests_in", "Ampere", "planned"),
           fact("Ampere", "subsidiary_of", "Renault")]),
    Story("jul.txt", dt.date(2023, 7, 26), "Nikkei Asia",
          [entity("Renault"), NISSAN, entity("Ampere"), entity("Geely")],
          [fact("Renault", "owns_stake", "Nissan", percent=43.0,
                sentence="Renault, which still owns about 43% of Nissan, signed the contracts."),
           fact("Nissan", "invests_in", "Ampere", "planned", amount=600e6, currency="EUR"),
           fact("Geely", "partners_with", "Renault", kind="joint_venture")]),
    Story("nov.txt", dt.date(2023, 11, 8), "Bloomberg",
          [entity("Renault"), NISSAN],
          [fact("Renault", "owns_stake", "Nissan", percent=15.0, sentence=DONE),
           fact("Nissan", "partners_with", "Renault", kind="alliance")]),
    Story("talks.txt", dt.date(2024, 1, 10), "Reuters",
          [entity("Honda"), NISSAN],
          [fact("Honda", "merges_with", "Nissan", "proposed",
                sentence="Honda and Nissan are in talks to merge, sources said.")]),
    Story("denial.txt", dt.date(2024, 1, 12), "Nikkei Asia",
          [entity("Honda"), NISSAN],
          [fact("Nissan", "merges_with", "Honda", "denied",
                sentence="Nissan denied it was in merger talks with Honda.")]),
    Story("stake-a.txt", dt.date(2024, 3, 1), "Reuters",
          [entity("Renault"), NISSAN],
          [fact("Renault", "owns_stake", "Nissan", percent=15.0)]),
    Story("stake-b.txt", dt.date(2024, 3, 1), "AP",
          [entity("Renault"), NISSAN],
          [fact("Renault", "owns_stake", "Nissan", percent=18.0)]),
    Story("geely.txt", dt.date(2024, 6, 1), "Reuters",
          [entity("Renault"), entity("Geely"), entity("Volvo Cars"), entity("Peugeot"),
           entity("France")],
          [fact("Renault", "partners_with", "Geely", "ended",
                sentence="Renault ended its engine venture with Geely."),
           fact("Volvo Cars", "subsidiary_of", "Geely"),
           fact("Peugeot", "based_in", "France")]),
    Story("rumour.txt", dt.date(2024, 6, 2), "Reuters",
          [entity("Foxconn"), entity("Peugeot")],
          [fact("Foxconn", "acquires", "Peugeot", "denied")]),
]
"""Ten articles, oldest first."""


def build(store: Store) -> Store:
    """Write every story into the store; RETURNS the store."""
    for story in STORIES:
        assert story.add_to(store), story.doc
    return store
