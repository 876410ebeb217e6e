"""Sums of money with their currency (checker.extraction.money)."""

from __future__ import annotations

import pytest

from checker.extraction.money import money_mentions


@pytest.mark.parametrize("text, surface, value, currency", [
    ("AMD will pay $5.4 billion for ATI.", "$5.4 billion", 5.4e9, "USD"),
    ("a deal worth £3.5bn", "£3.5bn", 3.5e9, "GBP"),
    ("jewels worth €85 million", "€85 million", 85e6, "EUR"),
    ("for US $5.4-billion yesterday", "US $5.4-billion", 5.4e9, "USD"),
    ("a fine of US$12m", "US$12m", 12e6, "USD"),
    ("The deal is worth 4.2 billion euros.", "4.2 billion euros", 4.2e9, "EUR"),
    ("for 5.6 billion Canadian dollars", "5.6 billion Canadian dollars", 5.6e9, "CAD"),
    ("It cost 5 million pounds.", "5 million pounds", 5e6, "GBP"),
    ("closed at NT $53.8 yesterday", "NT $53.8", 53.8, "TWD"),
    ("a loss of Rs 500 crore", "Rs 500 crore", 5e9, "INR"),
])
def test_a_sum_is_read_with_its_currency(text, surface, value, currency):
    [m] = money_mentions(text)
    assert (m.surface, m.currency) == (surface, currency)
    assert m.value == pytest.approx(value)


def test_pounds_without_a_scale_are_a_weight():
    assert money_mentions("The suspect weighs 200 pounds.") == []


@pytest.mark.parametrize("text, low, high", [
    ("$5.4 billion", 5.35e9, 5.45e9),  # half a unit of the last digit written, either way
    ("$5.38 billion", 5.375e9, 5.385e9),
    ("$400 million", 360e6, 440e6),  # a round figure: at its first digit, at most a tenth either way
    ("$12 million", 11.5e6, 12.5e6),
    ("about $10 million", 9e6, 11e6),
])
def test_a_sum_allows_what_its_rounding_allows(text, low, high):
    [m] = money_mentions(text)
    assert (m.low, m.high) == (pytest.approx(low), pytest.approx(high))


def test_more_than_has_no_upper_bound():
    [m] = money_mentions("damage of more than $1 million")
    assert (m.low, m.high, m.qualifier) == (1e6, None, "more than")


def test_a_price_per_unit_and_a_part_of_a_price_are_marked():
    [share] = money_mentions("for $41.50 a share")
    [cash, _] = [*money_mentions("$4.2 billion in cash and $1.2 billion in debt"), None][:2]
    [whole] = money_mentions("for $5.4 billion in cash and stock")
    assert share.per_unit and not share.part
    assert cash.part
    assert not whole.part


def test_a_bare_dollar_in_a_story_about_a_dollar_country_has_no_sure_country():
    assert money_mentions("for $2.4 billion")[0].currency == "USD"
    assert money_mentions("for $2.4 billion", dollar_countries={"CA"})[0].currency == "$"
