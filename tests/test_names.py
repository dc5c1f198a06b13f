"""The name tagger: names spaCy missed or mistyped, found over the reader's encoder (extract/_names.py)."""
from __future__ import annotations

import numpy as np
import pytest

from alliancegraph.extract._names import LABELS, FoundName, add_names, decode
from alliancegraph.train.names import gold_spans


def _probabilities(labels: list[str], confidence: float = 0.9) -> np.ndarray:
    rows = np.full((len(labels), len(LABELS)), (1 - confidence) / (len(LABELS) - 1))
    for row, label in enumerate(labels):
        rows[row, LABELS.index(label)] = confidence
    return rows


def test_decode_reads_spans_and_joins_a_name_split_in_two() -> None:
    found = decode(_probabilities(["O", "B-ORG", "I-ORG", "O", "B-PERSON", "B-PLACE", "O"]), list(range(7)))
    assert [(n.start, n.end, n.label) for n in found] == [(1, 3, "ORG"), (4, 6, "PERSON")]
    assert all(n.probability == pytest.approx(1 - 0.1 / 6) for n in found)


def test_decode_skips_tokens_the_encoder_did_not_see() -> None:
    found = decode(_probabilities(["B-ORG", "I-ORG"]), [3, 5])
    assert [(n.start, n.end) for n in found] == [(3, 4), (5, 6)]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from alliancegraph.nlp import load_pipeline

    return load_pipeline()


def _add(doc, words: str, label: str, probability: float = 0.8) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    sentence = next(iter(doc.sents))
    tokens = [t.text for t in sentence]
    first = words.split()
    start = next(i for i in range(len(tokens)) if tokens[i:i + len(first)] == first)
    add_names(doc, [(sentence, FoundName(start, start + len(first), label, probability))])
    return [(e.text, e.label_) for e in doc.ents]


def test_a_found_name_joins_where_the_tagger_saw_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Shares rose after the company agreed to sell Pep Boys to a rival.")
    doc.ents = [e for e in doc.ents if e.text != "Pep Boys"]
    assert ("Pep Boys", "ORG") in _add(doc, "Pep Boys", "ORG")


def test_a_longer_name_of_the_same_kind_replaces_the_shorter(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The unit was sold to Vijay Shekhar Sharma last year.")
    from spacy.tokens import Span

    doc.ents = [Span(doc, 6, 8, label="PERSON")]
    assert _add(doc, "Vijay Shekhar Sharma", "PERSON") == [("Vijay Shekhar Sharma", "PERSON")]


def test_pieces_of_longer_words_are_not_names(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The Sound Barrier was a box office success for the Franco-Japanese group.")
    doc.ents = []
    assert _add(doc, "Barrier", "ORG") == []
    assert _add(doc, "Franco", "ORG") == []


def test_a_name_takes_no_lower_case_word_and_no_title(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Nissan and Renault edge ever closer to a new deal.")
    assert ("Renault edge", "ORG") not in _add(doc, "Renault edge", "ORG")
    doc = nlp("Stellantis names Antonio Filosa CEO from June.")
    doc.ents = []
    assert _add(doc, "Antonio Filosa CEO", "PERSON") == [("Antonio Filosa", "PERSON")]


def test_retyping_needs_high_confidence_and_spares_a_named_persons_surname(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The deal gives Brightwater Capital a 30% stake in Ostara, the fertiliser maker said.")
    assert ("Ostara", "GPE") in _add(doc, "Ostara", "ORG", probability=0.6)
    assert ("Ostara", "ORG") in _add(doc, "Ostara", "ORG", probability=0.95)
    doc = nlp("Warren Buffett said on Friday that Buffett would not sell.")
    assert ("Buffett", "ORG") not in _add(doc, "Buffett", "ORG", probability=0.99)


def test_gold_names_label_names_not_descriptors_or_nationalities() -> None:
    text = "French automaker Renault SA and the Japanese automaker said Renault would cut its stake."
    entities = [{"name": "Renault", "type": "ORG", "aliases": ["Renault SA", "French automaker Renault",
                                                            "the Japanese automaker"]},
                {"name": "France", "type": "PLACE", "aliases": ["French"]}]
    spans = gold_spans(text, entities, {"French": "FR", "France": "FR"})
    assert [(text[a:b], kind) for a, b, kind in spans] == [("Renault SA", "ORG"), ("Renault", "ORG")]


@pytest.mark.model
def test_the_shipped_tagger_retypes_an_unknown_company_the_tagger_took_for_a_place() -> None:
    from alliancegraph.extract import Extractor

    extractor = Extractor(reader="union")
    if extractor.learned is None or extractor.learned.names is None:
        pytest.fail("the shipped reader has no name tagger (names.npz)")
    doc = extractor.nlp("Halden Bank, the largest shareholder in Rivertide, said it would not sell.")
    assert ("Rivertide", "GPE") in [(e.text, e.label_) for e in doc.ents]
    extractor.learned.find_names(doc, {})
    assert ("Rivertide", "ORG") in [(e.text, e.label_) for e in doc.ents]


def _found(doc, *names: str) -> list:  # type: ignore[no-untyped-def]
    sentence = next(iter(doc.sents))
    tokens = [t.text for t in sentence]
    found = []
    for words in names:
        first = words.split()
        start = next(i for i in range(len(tokens)) if tokens[i:i + len(first)] == first)
        found.append((sentence, FoundName(start, start + len(first), "ORG", 0.9)))
    return found


def test_a_company_name_that_lists_the_found_companies_splits_into_them(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The unit raised $56 million from Tiger Global and Matrix India last month.")
    doc.ents = [doc.char_span(33, 62, label="ORG")]
    add_names(doc, _found(doc, "Tiger Global", "Matrix India"))
    assert [(e.text, e.label_) for e in doc.ents] == [("Tiger Global", "ORG"), ("Matrix India", "ORG")]


def test_a_company_whose_name_holds_and_stays_whole(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    doc = nlp("Shares of Nippon Telegraph and Telephone rose on Monday.")
    doc.ents = [Span(doc, 2, 6, label="ORG")]
    add_names(doc, _found(doc, "Nippon Telegraph and Telephone"))
    assert [e.text for e in doc.ents] == ["Nippon Telegraph and Telephone"]
    doc.ents = [Span(doc, 2, 6, label="ORG")]
    add_names(doc, _found(doc, "Nippon Telegraph"))
    assert [e.text for e in doc.ents] == ["Nippon Telegraph and Telephone"]


def test_a_found_name_takes_the_place_of_a_product_or_a_building(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    doc = nlp("Sydney Airport agreed to a takeover, and Cellnex bought a stake.")
    doc.ents = [Span(doc, 0, 2, label="FAC"), Span(doc, 8, 9, label="PRODUCT")]
    add_names(doc, _found(doc, "Sydney Airport", "Cellnex"))
    assert [(e.text, e.label_) for e in doc.ents] == [("Sydney Airport", "ORG"), ("Cellnex", "ORG")]


def test_a_nationality_gives_way_only_to_a_sure_company(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    doc = nlp("European regulators cleared SABMiller on Monday.")
    doc.ents = [Span(doc, 0, 1, label="NORP"), Span(doc, 3, 4, label="NORP")]
    sentence = next(iter(doc.sents))
    add_names(doc, [(sentence, FoundName(0, 1, "PLACE", 0.99)), (sentence, FoundName(3, 4, "ORG", 0.8))])
    assert [e.label_ for e in doc.ents] == ["NORP", "NORP"]
    add_names(doc, [(sentence, FoundName(3, 4, "ORG", 0.95))])
    assert [(e.text, e.label_) for e in doc.ents] == [("European", "NORP"), ("SABMiller", "ORG")]


def test_a_seat_or_owner_before_a_name_is_not_part_of_it(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    doc = nlp("Rio will trail U.S.-based Albemarle Corp in lithium.")
    doc.ents = [Span(doc, 4, 5, label="ORG")] if doc[4].text == "Albemarle" else []
    start = next(t.i for t in doc if t.text.endswith("based"))
    add_names(doc, [(next(iter(doc.sents)), FoundName(start, start + 3, "ORG", 0.9))])
    assert [e.text for e in doc.ents] == ["Albemarle Corp"]


def test_a_common_noun_opening_the_sentence_is_not_part_of_a_name(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Billionaire Joseph Lewis raised his stake in Bear Stearns.")
    doc.ents = []
    assert _add(doc, "Billionaire Joseph Lewis", "PERSON") == [("Joseph Lewis", "PERSON")]


def test_a_found_name_takes_the_place_of_the_pieces_spacy_made_of_it(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    doc = nlp("Boeing Commercial Airplanes will cut jobs.")
    doc.ents = [Span(doc, 0, 1, label="ORG"), Span(doc, 1, 3, label="WORK_OF_ART")]
    add_names(doc, _found(doc, "Boeing Commercial Airplanes"))
    assert [(e.text, e.label_) for e in doc.ents] == [("Boeing Commercial Airplanes", "ORG")]


def test_a_company_s_own_lower_case_spelling_is_a_name_an_english_word_is_not(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Shares of thyssenkrupp fell while trade in Europe slowed.")
    doc.ents = []
    assert ("thyssenkrupp", "ORG") in _add(doc, "thyssenkrupp", "ORG")
    assert ("trade", "ORG") not in _add(doc, "trade", "ORG")
    doc = nlp("The deal gives eBay Classifieds Group a new owner.")
    doc.ents = []
    assert ("eBay Classifieds Group", "ORG") in _add(doc, "eBay Classifieds Group", "ORG")


@pytest.mark.parametrize(("sentence", "found", "name"), [
    ("The Tokyo-based Bigo Technology will buy the unit.", "based Bigo Technology", "Bigo Technology"),
    ("The SoftBank-funded Didi Global will list in Hong Kong.", "funded Didi Global", "Didi Global"),
])
def test_a_found_name_that_took_in_a_hyphenated_modifier_is_the_name_alone(nlp, sentence, found, name):  # type: ignore[no-untyped-def]
    doc = nlp(sentence)
    doc.ents = []
    assert (name, "ORG") in _add(doc, found, "ORG")


def test_a_camel_case_word_opening_a_sentence_is_a_name(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("GlobalWafers, which is majority-owned by Sino-American Silicon Products, makes wafers in Taiwan.")
    doc.ents = []
    assert ("GlobalWafers", "ORG") in _add(doc, "GlobalWafers", "ORG")
    doc = nlp("Shares of the bank fell.")
    doc.ents = []
    assert _add(doc, "Shares", "ORG") == []
