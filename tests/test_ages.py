"""Ages stated beside a name (checker.extraction.ages) and the mentions they hang on."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from checker.extraction.ages import ages
from checker.extraction.participants import Person, mentions


@dataclass(frozen=True)
class _Mention:
    key: str
    value: str
    start: int
    end: int


def _ages(text: str, name: str) -> list[tuple[str, int]]:
    i = text.index(name)
    return [(a.surface, a.years) for a in ages(text, 0, [_Mention("name:" + name.lower(), name, i, i + len(name))])]


@pytest.mark.parametrize("text, name, expected", [
    ("Tara Reid, 33, checked into rehab.", "Tara Reid", [("33", 33)]),
    ("The actress is Reid, 33.", "Reid", [("33", 33)]),
    ("The 33-year-old actress Tara Reid checked in.", "Tara Reid", [("33-year-old", 33)]),
    ("Police named the suspect as 23-year old Tara Reid.", "Tara Reid", [("23-year old", 23)]),
    ("Tara Reid (33) checked in.", "Tara Reid", [("33", 33)]),
    ("Tara Reid, aged 33, checked in.", "Tara Reid", [("33", 33)]),
    # not an age of the person now, or no age at all
    ("Prosecutors said a then-19-year-old Tara Reid had threatened him.", "Tara Reid", []),
    ("Klitschko (52-3, 46 KOs) won again.", "Klitschko", []),
    ("The 33-year-old actress's rep Jack Ketsoyan declined to comment.", "Jack Ketsoyan", []),
    ("Reid, 33,000 fans came.", "Reid", []),
    ("Reid, 33 percent of voters said no.", "Reid", []),
    ("McDermott, 23 points and seven rebounds.", "McDermott", []),
])
def test_an_age_is_read_only_right_beside_the_name(text, name, expected):
    assert _ages(text, name) == expected


def test_a_first_name_inside_another_full_name_is_no_mention_of_the_person():
    """"31-year-old Robert Buckley" is not "Duncan Robert Rait", though Robert is one of his names: the
    age beside it must not become Rait's."""
    people = {"duncan robert rait": Person("duncan robert rait", "Duncan Robert Rait", None, None)}
    assert mentions("Then 31-year-old Robert Buckley fell to his death.", 0, people) == []
    assert [m.key for m in mentions("Rait died on the way down.", 0, people)] == ["name:duncan robert rait"]
