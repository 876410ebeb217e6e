"""Two-digit years read to the nearer century (a 1961 game in a 2013 sports story is not 2061)."""

from datetime import date

import pytest

from checker.extraction.timeexpr import find_time_expressions


@pytest.mark.parametrize("text, year", [("The record was set on 10/1/61 against Houston.", 1961),
                                        ("The game on 3/4/13 was close.", 2013)])
def test_two_digit_years_take_the_nearer_century(text, year):
    [te] = [t for t in find_time_expressions(text, published=date(2013, 10, 1)) if t.date]
    assert te.date.year == year
