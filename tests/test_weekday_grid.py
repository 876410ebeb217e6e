"""Regression grid for weekday mentions resolved against the publication date.

Convention (see checker/extraction/timeexpr.py):
  past    "on Friday", "Friday's", "Friday" in a past-tense report: latest Friday <= P (P itself if P is a Friday)
  last    "last Friday", "this past Friday": latest Friday < P
  next    "next Friday", "this coming Friday": earliest Friday > P
  future  "will meet on Friday", "scheduled for Friday": earliest Friday >= P
  this    "this Friday": the Friday of P's Monday-Sunday week
Expected days are computed by walking the calendar one day at a time -- plain date arithmetic,
independent of both dateparser and the module's modulo formula.
"""

from __future__ import annotations

import datetime as dt

import pytest

from checker.extraction.timeexpr import WEEKDAYS, find_time_expressions, resolve_weekday

D = dt.date
ONE = dt.timedelta(days=1)

BOUNDARIES = [
    D(2023, 12, 31), D(2024, 1, 1), D(2024, 2, 28), D(2024, 2, 29), D(2024, 3, 1), D(2024, 4, 30),
    D(2024, 5, 1), D(2024, 12, 31), D(2025, 1, 1), D(2025, 2, 28), D(2025, 3, 1), D(2025, 12, 29),
    D(2025, 12, 31), D(2026, 1, 1), D(2026, 1, 2), D(2026, 6, 28), D(2026, 6, 30), D(2026, 7, 1),
    D(2000, 2, 29), D(2100, 2, 28), D(2100, 3, 1),
]
SPREAD = [D(2023, 1, 3) + dt.timedelta(days=37 * i) for i in range(40)]
REFERENCE_DAYS = sorted(set(BOUNDARIES + SPREAD))

TEMPLATES = {
    "past": ["The ministers met on {W}.", "{W}'s meeting ended without a deal.",
             "The pact was signed {W} in the capital.", "Officials said on {W} that talks had ended.",
             "Talks collapsed early {W}.", "The deal was struck {W} night."],
    "last": ["They met last {W}.", "They met this past {W}."],
    "next": ["They will meet next {W}.", "The vote is next {W}.", "Talks resume this coming {W}."],
    "future": ["The ministers will meet on {W}.", "The talks are scheduled for {W}.",
               "Officials said they would meet {W}."],
    "this": ["Talks are held this {W}."],
}


def walk(start: dt.date, weekday: int, step: dt.timedelta, include_start: bool) -> dt.date:
    d = start if include_start else start + step
    while d.weekday() != weekday:
        d += step
    return d


def expected(p: dt.date, weekday: int, mode: str) -> dt.date:
    if mode == "past":
        return walk(p, weekday, -ONE, True)
    if mode == "last":
        return walk(p, weekday, -ONE, False)
    if mode == "future":
        return walk(p, weekday, ONE, True)
    if mode == "next":
        return walk(p, weekday, ONE, False)
    monday = walk(p, 0, -ONE, True)
    return monday + weekday * ONE


def test_grid_is_big_enough():
    assert len(REFERENCE_DAYS) >= 60
    assert {p.weekday() for p in REFERENCE_DAYS} == set(range(7))
    assert {p.month for p in REFERENCE_DAYS} == set(range(1, 13))


@pytest.mark.parametrize("mode", sorted(TEMPLATES))
@pytest.mark.parametrize("p", REFERENCE_DAYS, ids=[p.isoformat() for p in REFERENCE_DAYS])
def test_weekday_grid(p, mode):
    for w, name in enumerate(WEEKDAYS):
        want = expected(p, w, mode)
        assert want.weekday() == w
        assert resolve_weekday(p, w, mode) == want
        for template in TEMPLATES[mode]:
            sentence = template.format(W=name)
            found = find_time_expressions(sentence, published=p)
            assert len(found) == 1, (sentence, found)
            e = found[0]
            assert name in e.text
            assert sentence[e.start:e.end] == e.text
            assert e.kind == "date", (sentence, e)
            assert e.date == want, (sentence, p, e.date, want)
            assert e.stated_weekday == w and e.weekday == w
            assert e.relative and not e.historical
            assert (e.year, e.month, e.day) == (want.year, want.month, want.day)
            assert abs((e.date - p).days) <= 7


@pytest.mark.parametrize("mode", sorted(TEMPLATES))
def test_weekday_without_publication_date(mode):
    for w, name in enumerate(WEEKDAYS):
        for template in TEMPLATES[mode]:
            (e,) = find_time_expressions(template.format(W=name))
            assert (e.kind, e.date, e.weekday, e.stated_weekday) == ("weekday", None, w, w)


def test_same_weekday_as_publication():
    # published on a Friday: "on Friday" is that day, "last Friday" a week earlier, "next Friday" a week later
    p = D(2026, 6, 26)
    assert find_time_expressions("They met on Friday.", published=p)[0].date == p
    assert find_time_expressions("They met last Friday.", published=p)[0].date == D(2026, 6, 19)
    assert find_time_expressions("They meet next Friday.", published=p)[0].date == D(2026, 7, 3)
    assert find_time_expressions("They will meet on Friday.", published=p)[0].date == p


def test_year_boundary():
    p = D(2026, 1, 1)  # a Thursday
    assert find_time_expressions("They met on Monday.", published=p)[0].date == D(2025, 12, 29)
    assert find_time_expressions("They met on Wednesday.", published=p)[0].date == D(2025, 12, 31)
    assert find_time_expressions("They meet next Saturday.", published=p)[0].date == D(2026, 1, 3)
