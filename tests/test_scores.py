"""Final scores against a named opponent (checker.extraction.scores)."""

from __future__ import annotations

import pytest

from checker.extraction.scores import scores


@pytest.mark.parametrize("text, expected", [
    ("the top-seeded Bluejays defeated Drake 65-53 on Friday", [("65-53", (65, 53), "drake")]),
    ("Creighton defeated Drake, 65-53, on Friday afternoon", [("65-53", (65, 53), "drake")]),
    ("Creighton's 65-53 victory against Drake in the quarterfinals", [("65-53", (65, 53), "drake")]),
    ("including Friday's dispirited 88-72 setback at Cleveland.", [("88-72", (88, 72), "cleveland")]),
    ("They lost to the New York Jets 24-31 on Sunday.", [("24-31", (31, 24), "new york jets")]),  # higher first
    ("after the Owls' 88-72 win over No. 8 Tennessee", [("88-72", (88, 72), "tennessee")]),  # a ranking is no name
    # number pairs that are no final score
    ("a 15-2 run turned a 47-44 Creighton lead", []),
    ("the win improved the Bluejays to 25-7", []),
    ("The Jays led 33-26 at the half", []),
    ("Klitschko (52-3, 46 KOs) beat Rahman in the seventh round", []),
])
def test_a_final_score_is_read_with_its_opponent(text, expected):
    assert [(s.surface, s.points, s.opponent) for s in scores(text)] == expected


def test_an_opponent_named_short_is_the_fullest_name_that_holds_it():
    from rules.score_conflict import _fullest_names

    names = _fullest_names({"chiefs", "kansas city", "kansas city chiefs", "new york", "new york jets", "new york giants"})
    assert names["chiefs"] == names["kansas city"] == "kansas city chiefs"
    assert names["new york"] == "new york"  # two fuller names hold it: left apart
