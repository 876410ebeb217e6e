"""Numbers as written in news text: digits, digits with a scale word, and number words read by text2num."""

from __future__ import annotations

import pytest

from checker.extraction.numbers import number_spans
from checker.extraction.quantities import quantities


def spans(text: str) -> list[tuple[str, float]]:
    return [(text[s.start : s.end], s.value) for s in number_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("Two hundred people were killed", [("Two hundred", 200)]),
    ("forty-six injured", [("forty-six", 46)]),
    ("twenty-five thousand fled", [("twenty-five thousand", 25000)]),
    ("one hundred and five cars", [("one hundred and five", 105)]),
    ("3,000 troops and 30,000 more", [("3,000", 3000), ("30,000", 30000)]),
    ("1.5 million dollars", [("1.5 million", 1_500_000)]),
    ("six, seven and eight", [("six", 6), ("seven", 7), ("eight", 8)]),
])
def test_numbers_are_read_with_their_spans(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", ["thousands of people", "hundreds of homes", "the first and second", "COVID-19"])
def test_vague_amounts_ordinals_and_codes_are_no_numbers(text):
    assert spans(text) == []


def test_counts_in_words_become_quantities_with_what_they_count():
    qs = quantities("Two hundred people were killed and forty-six were injured.")
    assert [(q.value, q.unit) for q in qs][0] == (200, "deaths")
    assert qs[0].surface.startswith("Two hundred people")


@pytest.mark.parametrize("text", ["The fire started at 7 p.m. on Friday.", "They won 31-24 at home.",
                                  "A nine-year hiatus ended.", "In 2,013 cases", "Floods in 2013 killed many."])
def test_times_scores_modifiers_and_years_are_not_counts(text):
    found = [q.surface for q in quantities(text)]
    assert not any(s.startswith(("7", "31", "24", "nine", "2013")) for s in found), found


def test_a_count_with_a_comma_is_no_year():
    assert [q.value for q in quantities("About 2,000 residents fled.")] == [2000]
