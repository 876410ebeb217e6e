"""Terms set by a court, a league or a club (checker.extraction.terms): what is read, and what is not."""

from __future__ import annotations

import pytest

from checker.extraction.terms import DEATH_DAYS, LIFE_DAYS, terms
from rules.term_conflict import _length, _lengths_relation


def _read(text: str) -> list[tuple[str, str, int]]:
    return [(t.surface, t.family, round(t.days)) for t in terms(text)]


@pytest.mark.parametrize("text, expected", [
    ("Smith was sentenced to 12 years in prison for the robbery.", [("sentenced to 12 years", "sentence", 4383)]),
    ("She received a 10-year prison sentence on Friday.", [("10-year prison sentence", "sentence", 3652)]),
    ("Okonkwo agreed to an eight-year, $180 million contract.", [("eight-year, $180 million contract", "contract", 2922)]),
    ("Lohan began a 90-day court-ordered stint in rehab.", [("90-day court-ordered stint", "stay", 90)]),
    ("The guard was jailed for six months.", [("jailed for six months", "sentence", 183)]),
    ("He was banned for two years and fined.", [("banned for two years", "suspension", 730)]),
    ("He got three years' probation and a year in jail.",
     [("three years' probation", "probation", 1096), ("a year in jail", "sentence", 365)]),
    ("He returned from a six-week suspension for violating league policy.", [("six-week suspension", "suspension", 42)]),
    ("He was sentenced to twenty-five years.", [("sentenced to twenty-five years", "sentence", 9131)]),
    ("The 33-year-old was sentenced to serve 90 days in jail.", [("sentenced to serve 90 days", "sentence", 90)]),
    ("He was sentenced to three years of probation.", [("sentenced to three years", "probation", 1096)]),
    ("A judge sentenced Brian Nichols to 30 years on Saturday.", [("sentenced Brian Nichols to 30 years", "sentence", 10958)]),
    ("The judge sentenced him to 90 days.", [("sentenced him to 90 days", "sentence", 90)]),
    ("The court ordered her to serve 90 days of treatment.", [("90 days of treatment", "stay", 90)]),
    ("A judge ordered 30 days in rehab.", [("30 days in rehab", "stay", 30)]),
    ("She must stay in rehab for 90 days.", [("stay in rehab for 90 days", "stay", 90)]),
    ("He is to remain in treatment for three months.", [("remain in treatment for three months", "stay", 91)]),
    ("The challenge now is to keep her there for the 90 days.", [("keep her there for the 90 days", "stay", 90)]),
])
def test_terms_that_were_set_are_read_with_their_kind_and_length(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text", [
    "Nichols was sentenced to life in prison without parole.",
    "He was sentenced to 25 years to life.",
    "A life sentence was handed down.",
])
def test_life_sentences_are_read_as_life(text):
    found = terms(text)
    assert len(found) == 1 and found[0].penalty == "life" and found[0].days == LIFE_DAYS


@pytest.mark.parametrize("text", ["Peterson was sentenced to death on Thursday.", "He was condemned to death."])
def test_death_sentences_are_read_as_death(text):
    found = terms(text)
    assert len(found) == 1 and found[0].penalty == "death" and found[0].days == DEATH_DAYS


def test_a_death_sentence_named_as_a_noun_is_not_read():
    """What was avoided, debated or sought, or a figure of speech: never a term that was set."""
    assert terms("Nichols was saved from a death sentence by three jurors.") == []
    assert terms("The rule amounts to a death sentence for the polar bear.") == []
    assert terms("Prosecutors sought to have him sentenced to death.") == []


@pytest.mark.parametrize("text", [
    "If convicted, he faces up to 55 years in prison, a $60,000 fine, or both.",  # a maximum
    "Prosecutors sought 15 years in prison.",  # asked for, not set
    "The club offered him a four-year contract.",  # an offer
    "He was arrested and spent nine months in jail before the killings.",  # time served
    "She checked out after completing a 30-day program.",  # completed
    "She has completed 30 days of treatment.",  # completed
    "He was imprisoned on three 10-year sentences for rape.",  # several terms
    "They also reached six-year deals with Korver.",  # several terms
    "A 10-year veteran of the prison service said so.",  # no term noun before the preposition
    "The 33-year-old was arrested on Friday.",  # an age
    "The project came to life in 2008.",  # no sentence
    "He served as chairman for a five-year term.",  # a term of office
    "It was a 10-year-long feud.",  # a length, no term
    "He stayed in rehab for 30 days.",  # time spent
    "They plan to stay there for a year.",  # a visit, not a stay someone is held to
])
def test_terms_not_set_are_not_read(text):
    assert terms(text) == []


def _n(days, low=None, high="same", penalty=None):
    return type("C", (), {"normalized": {"days": days, "low": days if low is None else low,
                                         "high": days if high == "same" else high, "penalty": penalty}})()


def test_lengths_a_tenth_apart_agree_and_further_apart_conflict():
    assert _lengths_relation(_n(90), _n(3 * 30.44)) == "agree"  # "90 days", "three months"
    assert _lengths_relation(_n(15 * 365.25), _n(25 * 365.25)) == "conflict"
    assert _lengths_relation(_n(20 * 365.25, 18 * 365.25, 22 * 365.25), _n(21 * 365.25)) == "agree"  # "about 20 years"
    assert _lengths_relation(_n(5 * 365.25, 5 * 365.25, None), _n(9 * 365.25)) == "unknown"  # "at least five years"
    assert _lengths_relation(_n(LIFE_DAYS, penalty="life"), _n(20 * 365.25)) == "conflict"
    assert _lengths_relation(_n(LIFE_DAYS, penalty="life"), _n(LIFE_DAYS, penalty="life")) == "agree"
    assert _lengths_relation(_n(DEATH_DAYS, penalty="death"), _n(LIFE_DAYS, penalty="life")) == "conflict"


def test_lengths_are_written_back_in_their_unit():
    assert _length({"penalty": None, "days": 8 * 365.25}) == "8 years"
    assert _length({"penalty": None, "days": 6 * 7.0}) == "6 weeks"
    assert _length({"penalty": None, "days": 90.0}) == "90 days"
    assert _length({"penalty": "life", "days": LIFE_DAYS}) == "life"
    assert _length({"penalty": "death", "days": DEATH_DAYS}) == "death"


@pytest.mark.parametrize("sentence, modality", [
    ("She must stay in rehab for 90 days.", "asserted"),  # held to it: the term was set
    ("The challenge now is to keep her there for the 90 days.", "asserted"),
    ("She could stay in rehab for 90 days.", None),  # may or may not be: not read
    ("She hopes to stay in rehab for 90 days.", "irrealis"),  # wished, not held to
])
def test_a_length_someone_is_held_to_keeps_its_obligation(sentence, modality):
    from checker.extraction.claims import extract_claims
    from checker.extraction.gazetteer import default_gazetteer
    from checker.extraction.text import split_sentences
    from checker.model import Metadata, Source
    from checker.reading.clean import clean

    cleaned = clean(Source("a", "a.md", sentence + "\n", Metadata(title="Rehab")))
    found = [c.modality for c in extract_claims(cleaned, split_sentences(cleaned), default_gazetteer()).claims if c.kind == "term"]
    assert found == ([modality] if modality else [])
