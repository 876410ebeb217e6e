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
