"""The extraction stage: article in, DocumentFacts out; pure, no database."""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from alliancegraph.extract._context import DocContext
from alliancegraph.extract._facts import facts_from_candidates
from alliancegraph.extract._patterns import PATTERNS
from alliancegraph.nlp import Gazetteer, load_gazetteer, load_pipeline
from alliancegraph.records import Article, DocumentFacts, Entity, Mention, RelationFact
from alliancegraph.resolve import DocEntity, resolve_document

__all__ = ["Extractor", "extract", "MAX_CHARS"]

MAX_CHARS = 200_000


class Extractor:
    """Reads articles into DocumentFacts with one loaded pipeline."""

    def __init__(self, nlp: Language | None = None, *, gazetteer: Gazetteer | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_pipeline()
        self.gaz = gazetteer if gazetteer is not None else load_gazetteer()

    def __call__(self, article: Article) -> DocumentFacts:
        return self.read(article, self.nlp(_text_of(article)))

    def pipe(self, articles: Iterable[Article], *, n_process: int = 1,
             batch_size: int = 16) -> Iterator[tuple[Article, DocumentFacts]]:
        """Stream (article, facts) pairs in input order.

        With `n_process` > 1 the whole reading (parse, resolution, patterns) runs in forked worker
        processes that share this one's loaded model; only the facts come back.
        """
        if n_process > 1:
            yield from self._pipe_parallel(articles, n_process=n_process, batch_size=batch_size)
            return
        pairs = ((_text_of(a), a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield article, self.read(article, doc)

    def _pipe_parallel(self, articles: Iterable[Article], *, n_process: int,
                       batch_size: int) -> Iterator[tuple[Article, DocumentFacts]]:
        global _WORKER
        _WORKER = self
        with multiprocessing.get_context("fork").Pool(n_process) as pool:
            yield from pool.imap(_read_in_worker, articles, chunksize=max(1, batch_size // 4))

    def read(self, article: Article, doc: Doc) -> DocumentFacts:
        """The facts of an already parsed article."""
        entities, slots = resolve_document(doc, self.gaz)
        ctx = DocContext(doc, entities, slots, self.gaz)
        candidates = [c for sent in ctx.sents for pattern in PATTERNS.values() for c in pattern(ctx, sent)]
        relations = facts_from_candidates(ctx, candidates, published=article.published, outlet=article.outlet)
        return DocumentFacts(doc=article.doc, date=article.published, title=article.title,
                             source=article.outlet or article.source,
                             entities=_entity_records(ctx.entities, relations, doc.text), relations=relations)


_WORKER: Extractor | None = None


def _read_in_worker(article: Article) -> tuple[Article, DocumentFacts]:
    """Run in a forked worker: the Extractor was set before the fork."""
    assert _WORKER is not None
    return article, _WORKER(article)


def _text_of(article: Article) -> str:
    """What is read: the headline, which states many facts, a blank line, then the body (the headline
    once only, when the body already opens with it). Fact and mention offsets index this text."""
    text = article.text[:MAX_CHARS]
    title = " ".join(article.title.split())
    if not title or text.lstrip().startswith(title) or _title_cased(title):
        return text
    return f"{title}\n\n{text}"


def _title_cased(title: str) -> bool:
    """"Renault Completes Transfer of Nissan Shares": capitals on every word hide which words are names,
    so such a headline is not read."""
    words = [w for w in title.split()[1:] if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _entity_records(entities: list[DocEntity], relations: list[RelationFact], text: str) -> list[Entity]:
    used = {r.subject for r in relations} | {r.object for r in relations}
    out = []
    for entity in entities:
        if not entity.mentions and entity.name not in used:
            continue
        aliases = list(dict.fromkeys(entity.aliases or [entity.name]))
        mentions = [Mention(text[start:end], start, end) for start, end in entity.mentions]
        out.append(Entity(id=f"e{len(out) + 1}", name=entity.name, type=entity.type, aliases=aliases,
                          mentions=mentions))
    return out


def extract(article: Article) -> DocumentFacts:
    """Read one article with the default pipeline."""
    return Extractor()(article)
