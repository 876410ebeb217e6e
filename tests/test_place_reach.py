"""A place given as a reference ("near Houston", "25 miles east of Houston") reaches around it."""

import pytest

from checker.extraction.claims import NEAR_KM, near_reach


@pytest.mark.parametrize("before, reach", [
    ("escaped from a prison van near ", NEAR_KM),
    ("a village on the outskirts of ", NEAR_KM),
    ("the crash happened about 25 miles east of ", 25 * 1.609 * 1.25 + 10),
    ("a town 10 km north of ", 10 * 1.25 + 10),
    ("40 miles (64 km) southwest of ", 40 * 1.609 * 1.25 + 10),
])
def test_a_reference_place_reaches_around_it(before, reach):
    assert near_reach(before) == pytest.approx(reach, abs=0.1)


@pytest.mark.parametrize("before", ["met in ", "the talks at ", "a man from ", "25 people in "])
def test_a_place_where_it_happened_reaches_nowhere(before):
    assert near_reach(before) is None


@pytest.mark.parametrize("sentence, places", [
    ("Protests and riots have overtaken Greece for the sixth straight day.", ["Greece"]),
    ("A strong quake rocked eastern Turkey on Sunday.", ["Turkey"]),
    ("The typhoon battered the Philippines overnight.", ["Philippines"]),
    ("The senator hit Republicans hard in his speech.", []),  # the gazetteer knows no such place
    ("Voters gave Obama a clear win.", []),
])
def test_a_place_struck_by_the_happening_is_where_it_was(sentence, places):
    from checker.extraction.gazetteer import default_gazetteer
    from checker.extraction.places import place_mentions

    assert [m.surface for m in place_mentions(sentence, 0, default_gazetteer())] == places


def test_two_states_of_one_country_are_disjoint_and_a_city_may_lie_in_a_state():
    from checker.alignment.compare import Geography
    from checker.extraction.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    geo = Geography(gaz)
    oklahoma, nebraska = gaz.resolve("Oklahoma", ["US"]), gaz.resolve("Nebraska", ["US"])
    assert oklahoma.kind == nebraska.kind == "admin1"
    assert not geo.compatible(oklahoma, nebraska)
    assert geo.compatible(oklahoma, gaz.resolve("Tulsa", ["US"]))
