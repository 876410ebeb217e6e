"""A named player's total in one game (checker.extraction.statlines)."""

from __future__ import annotations

import pytest

from checker.extraction.participants import Mention
from checker.extraction.statlines import stat_lines


def _read(sentence: str, name: str):
    at = sentence.index(name)
    mention = Mention("name:" + name.lower(), "name", name, at, at + len(name))
    return [(s.value, s.noun, s.person) for s in stat_lines(sentence, 0, [mention])]


@pytest.mark.parametrize("sentence, name, found", [
    ("Tomas Ardell scored 27 points and Wexford beat Dunmore.", "Tomas Ardell", [(27.0, "points", "name:tomas ardell")]),
    ("Ardell, a junior, finished with 21 points.", "Ardell", [(21.0, "points", "name:ardell")]),
    ("Ardell scored a career-high 41 points on Friday.", "Ardell", [(41.0, "points", "name:ardell")]),
    ("Kyle Brennan grabbed twelve rebounds.", "Kyle Brennan", [(12.0, "rebounds", "name:kyle brennan")]),
])
def test_a_game_total(sentence, name, found):
    assert _read(sentence, name) == found


@pytest.mark.parametrize("sentence, name", [
    ("Ardell had 12 points in the first half.", "Ardell"),  # a part of the game
    ("Ardell had five points during a 15-2 run.", "Ardell"),
    ("Ardell is averaging 23 points this season.", "Ardell"),  # no verb of a game's total
    ("Ardell has 2,117 career points.", "Ardell"),
    ("Ardell scored 30 points per game last season.", "Ardell"),
    ("The coach said Ardell scored 27 points.", "The coach"),  # the total is not the named person's
])
def test_no_game_total(sentence, name):
    assert _read(sentence, name) == []
