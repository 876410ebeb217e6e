"""The moment a bout was stopped (checker.extraction.stoppages)."""

from __future__ import annotations

import pytest

from checker.extraction.stoppages import stoppages


@pytest.mark.parametrize("sentence, found", [
    ("The referee stopped the fight 44 seconds into the seventh round.", [(7, 44.0)]),
    ("Orlov won after stopping Baines after 132 seconds of the seventh round.", [(7, 132.0)]),
    ("He knocked Baines out at 2:59 of the third round.", [(3, 179.0)]),
    ("The bout was waved off forty-four seconds into round 7.", [(7, 44.0)]),
    ("The fight was stopped two minutes into the 10th round.", [(10, 120.0)]),
])
def test_the_moment_of_a_stoppage(sentence, found):
    assert [(s.round, s.seconds) for s in stoppages(sentence)] == found


@pytest.mark.parametrize("sentence", [
    "Messi scored 44 seconds into the second half.",  # no round, and a goal is one moment of many
    "Baines went down 44 seconds into the seventh round.",  # no word of stopping: a knockdown
])
def test_no_stoppage(sentence):
    assert stoppages(sentence) == []


def test_offsets_are_in_the_source_text():
    sentence = "The referee stopped the fight 44 seconds into the seventh round."
    [found] = stoppages(sentence, offset=100)
    assert (found.start, found.end) == (100 + sentence.index("44"), 100 + len(sentence) - 1)
