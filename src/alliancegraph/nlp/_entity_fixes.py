"""Entity spans the model and the gazetteer ruler get wrong between them.

- `alliancegraph_keep_ner` (two components around the ruler): a person or company the model named in
  full keeps its span when the ruler matched only part of it ("John Hess" is not the company Hess,
  "Airbus Defence and Space" is more than Airbus).
- `alliancegraph_state_bodies`: "the Danish state", "the French government", "the government of
  Botswana" are parties (ORG), not the nationality word inside them.
- `alliancegraph_titled_people`: the untagged name after a title is a person ("Chief Executive Guido
  Kerkhoff said").
- `alliancegraph_name_tails`: a name goes on over the lower-case half of a hyphenated given name ("Chey
  Tae-won", "Noh Jong-won") and over a surname written with a lower-case particle ("Francis deSouza").
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from alliancegraph.nlp._gazetteer import load_gazetteer

__all__ = ["STASH_NAME", "RESTORE_NAME", "STATE_BODIES_NAME", "TITLED_PEOPLE_NAME", "NAME_TAILS_NAME",
           "stash_model_entities", "restore_model_entities", "mark_state_bodies", "mark_titled_people",
           "titled_person_spans", "extend_name_tails", "name_tail_end"]

STASH_NAME = "alliancegraph_stash_ner"
RESTORE_NAME = "alliancegraph_keep_ner"
STATE_BODIES_NAME = "alliancegraph_state_bodies"
TITLED_PEOPLE_NAME = "alliancegraph_titled_people"
NAME_TAILS_NAME = "alliancegraph_name_tails"
_TITLES = frozenset("""ceo cfo coo cto executive chairman chairwoman chairperson chair president founder co-founder
    cofounder officer director""".split())
_MAX_NAME_WORDS = 4
_STASH_KEY = "alliancegraph_model_ents"
_STATE_NOUNS = frozenset({"government", "state"})


@Language.component(STASH_NAME)
def stash_model_entities(doc: Doc) -> Doc:
    """Keep the model's own entity spans aside before the gazetteer ruler overwrites them."""
    doc.spans[_STASH_KEY] = list(doc.ents)
    return doc


def _keeps_over(model: Span, ruled: list[Span]) -> bool:
    """Whether a model span should replace the shorter ruler spans inside it."""
    if not ruled or len(model) < 2 or any(len(r) >= len(model) for r in ruled):
        return False
    gaz = load_gazetteer()
    if gaz.company(model.text) or any(t.pos_ in {"VERB", "AUX"} or t.is_punct and t.text != "-" for t in model):
        return False
    if model.label_ == "PERSON":
        return all(r.start > model.start for r in ruled) and model[0].is_title
    if model.label_ == "ORG":
        return all(r.start == model.start for r in ruled) and all(t.is_title or t.is_upper or not t.is_alpha
                                                                   or t.lower_ in {"and", "of", "&"}
                                                                   for t in model)
    return False


@Language.component(RESTORE_NAME)
def restore_model_entities(doc: Doc) -> Doc:
    """Put back a model PERSON/ORG span the ruler cut into a shorter gazetteer match."""
    stashed = doc.spans[_STASH_KEY] if _STASH_KEY in doc.spans else []
    ents = list(doc.ents)
    restored = []
    for model in stashed:
        ruled = [e for e in ents if e.start >= model.start and e.end <= model.end and e.label_ == "ORG"
                 and (e.start, e.end) != (model.start, model.end)]
        if _keeps_over(model, ruled):
            restored.append(Span(doc, model.start, model.end, label=model.label_))
    if restored:
        taken = {i for span in restored for i in range(span.start, span.end)}
        doc.ents = filter_spans(restored + [e for e in ents if not taken.intersection(range(e.start, e.end))])
    return doc


def state_body_span(token: Token) -> Span | None:
    """The span of "Danish state" / "French government" / "government of Botswana" headed by `token`."""
    if token.lemma_.lower() not in _STATE_NOUNS or token.pos_ != "NOUN" or token.tag_ != "NN":
        return None
    if token.dep_ in {"compound", "amod", "nmod"}:
        return None
    gaz = load_gazetteer()
    doc = token.doc
    for child in token.lefts:
        if child.dep_ in {"amod", "compound"} and gaz.country_of_word(child.text) and child.i == token.i - 1:
            return Span(doc, child.i, token.i + 1, label="ORG")
    if token.lemma_.lower() == "government":
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                place = next((p for p in child.children if p.dep_ == "pobj" and (p.ent_type_ == "GPE" or gaz.country_of_word(p.text))), None)
                if place is not None:
                    return Span(doc, token.i, place.right_edge.i + 1, label="ORG")
    return None


@Language.component(STATE_BODIES_NAME)
def mark_state_bodies(doc: Doc) -> Doc:
    """Tag state bodies named by nationality or country as ORG, over the nationality word inside."""
    found = [span for token in doc if (span := state_body_span(token)) is not None]
    if found:
        taken = {i for span in found for i in range(span.start, span.end)}
        doc.ents = filter_spans(found + [e for e in doc.ents if not taken.intersection(range(e.start, e.end))])
    return doc


def titled_person_spans(doc: Doc) -> list[Span]:
    """Untagged capitalised names right after a title word ("CEO", "Chief Executive", "chairman")."""
    found = []
    for title in doc:
        if title.lower_ not in _TITLES or title.i + 1 >= len(doc):
            continue
        end = title.i + 1
        while end < len(doc) and end - title.i <= _MAX_NAME_WORDS and doc[end].pos_ == "PROPN" \
                and doc[end].text[:1].isupper() and doc[end].is_alpha and not doc[end].ent_type_ \
                and doc[end].lower_ not in _TITLES:
            end += 1
        if end - title.i >= 3 or end - title.i == 2 and end < len(doc) and doc[end].text == ",":
            found.append(Span(doc, title.i + 1, end, label="PERSON"))
    return found


@Language.component(TITLED_PEOPLE_NAME)
def mark_titled_people(doc: Doc) -> Doc:
    """Tag the untagged names after titles as people."""
    found = titled_person_spans(doc)
    if found:
        doc.ents = filter_spans(list(doc.ents) + found)
    return doc


HYPHEN_MODIFIERS = frozenset("""based headquartered listed owned backed led controlled run funded financed founded
    born era style like type linked related affiliated appointed made built designed""".split())
"""Words a name's hyphen glues on to make a modifier, not a longer name ("Musk-led", "Buffett-backed")."""


def _glued(doc: Doc, i: int) -> bool:
    """Whether token i follows token i - 1 with no space between."""
    return i > 0 and not doc[i - 1].whitespace_


def _hyphen_tail(doc: Doc, i: int) -> bool:
    """Token i is the lower-case second half of a hyphenated given name ("won" of "Jong-won")."""
    word = doc[i]
    return word.is_alpha and word.text[:1].islower() and word.lower_ not in HYPHEN_MODIFIERS and _glued(doc, i) \
        and (i + 1 >= len(doc) or doc[i + 1].text not in {"-", "–"} or bool(word.whitespace_))


def _particle_surname(token: Token) -> bool:
    """"deSouza", "deMarco": a lower-case particle glued to a capitalised surname."""
    text = token.text
    return token.is_alpha and text[:1].islower() and any(c.isupper() for c in text[1:]) and not token.ent_type_


def name_tail_end(span: Span) -> int:
    """Where a person's name really ends: past the lower-case half of a hyphenated given name that the
    entity cut ("Chey Tae-" + "won") and a particle surname after it ("Francis" + "deSouza"); before a
    modifier the entity took in ("Elon Musk-led")."""
    doc, end = span.doc, span.end
    if len(span) >= 3 and span[-1].lower_ in HYPHEN_MODIFIERS and span[-2].text in {"-", "–"} \
            and _glued(doc, end - 1) and _glued(doc, end - 2):
        return end - 2
    if doc[end - 1].text in {"-", "–"} and _glued(doc, end - 1) and end < len(doc) and _hyphen_tail(doc, end):
        end += 1
    elif end + 1 < len(doc) and doc[end].text in {"-", "–"} and _glued(doc, end) and _hyphen_tail(doc, end + 1) \
            and len(span) >= 2:
        end += 2
    if end < len(doc) and span.label_ == "PERSON" and _particle_surname(doc[end]) and doc[end - 1].whitespace_:
        end += 1
    return end


@Language.component(NAME_TAILS_NAME)
def extend_name_tails(doc: Doc) -> Doc:
    """Give people their whole hyphenated or particle names, and no modifier (`name_tail_end`)."""
    ents = list(doc.ents)
    changed = False
    for n, ent in enumerate(ents):
        if ent.label_ != "PERSON":
            continue
        end = name_tail_end(ent)
        following = ents[n + 1].start if n + 1 < len(ents) else len(doc)
        if end != ent.end and end <= following:
            ents[n] = Span(doc, ent.start, end, label=ent.label_, kb_id=ent.kb_id_)
            changed = True
    if changed:
        doc.ents = ents
    return doc
