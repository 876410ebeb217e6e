"""Two-digit years read to the nearer century (a 1961 game in a 2013 sports story is not 2061)."""

from datetime import date

import pytest

from checker.extraction.timeexpr import find_time_expressions


@pytest.mark.parametrize("text, year", [("The record was set on 10/1/61 against Houston.", 1961),
                                        ("The game on 3/4/13 was close.", 2013)])
def test_two_digit_years_take_the_nearer_century(text, year):
    [te] = [t for t in find_time_expressions(text, published=date(2013, 10, 1)) if t.date]
    assert te.date.year == year


def test_a_span_of_decades_is_history_even_when_it_reaches_the_reference_year():
    """A page without a date whose latest year is 2005: 'the latest war, from 1983-2005' is no current event."""
    from checker.extraction.timeexpr import find_time_expressions

    [war] = find_time_expressions("Some 2 million died in the latest war, from 1983-2005.", published=None, reference_year=2005)
    assert war.historical
    [season] = find_time_expressions("Prices rose in 2004-2005.", published=None, reference_year=2005)
    assert not season.historical
    [fromto] = find_time_expressions("The rebels fought from 1983 to 2005.", published=None, reference_year=2005)
    assert fromto.historical


@pytest.mark.parametrize("text, years", [
    ("All three live in an apartment inside 1800 Pitkin Ave., police said.", []),
    ("The fire at the warehouse on 2001 Oak Road spread fast.", []),
    ("In 1999 Smith Street was renamed.", [1999]),  # after "in" the number is the year
    ("The 2008 Beijing Olympics opened.", [2008]),
])
def test_a_street_number_is_no_year(text, years):
    found = find_time_expressions(text, published=date(2013, 4, 12))
    assert [e.year for e in found if e.kind == "year"] == years
