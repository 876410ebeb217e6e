"""Whole stories other than the seeds, checked end to end the way a fact-checker would read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.running.pipeline import check_corpus

STORIES = Path(__file__).parent / "stories"


@pytest.fixture(scope="module")
def quake():
    report, _ = check_corpus([STORIES / "quake"])
    return report


def by_rule(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_quake_flags_the_tabloids_day_magnitude_and_toll(quake):
    summaries = sorted(f.summary for f in quake.findings)
    assert len(summaries) == 3, summaries
    [day] = by_rule(quake, "CC103")
    assert {frozenset(s.sources) for s in day.sides} == {frozenset({"local", "reuters"}), frozenset({"tabloid"})}
    numbers = by_rule(quake, "CC108")
    values = {tuple(sorted(v for s in f.sides for v in s.normalized["values"])) for f in numbers}
    assert values == {(6.1, 6.8), (46.0, 80.0)}


def test_quake_does_not_compare_the_visit_or_the_2016_quake(quake):
    for f in quake.findings:
        for side in f.sides:
            for q in side.quotes:
                assert "visited" not in q.sentence and "2016" not in q.sentence
    roles = {c.value: c.role for c in quake.claims if c.kind == "quantity"}
    assert roles["300 people died"] == "historical" and roles["299 people"] == "historical"
    assert any(e.role == "related" and e.action == "visit" for e in quake.events)


def test_quake_open_ended_toll_is_not_a_conflict(quake):
    """'at least 40' fits both 46 and 80: it is on no side of any finding."""
    for f in quake.findings:
        assert all("40" not in s.value for s in f.sides)


def test_quake_tabloid_ranks_last_with_furniture_in_evidence(quake):
    ranked = [s.source_id for s in quake.scores]
    assert ranked[-1] == "tabloid"
    hygiene = next(c for c in quake.scores[-1].components if c.name == "hygiene")
    assert any("newsletter" in e.lower() or "share" in e.lower() for e in hygiene.evidence)


@pytest.fixture(scope="module")
def election():
    report, _ = check_corpus([STORIES / "election"])
    return report


def test_election_from_html_and_jsonl_flags_the_wrong_day_only(election):
    assert {s.id for s in election.sources} == {"a", "porto-daily", "tabloid"}
    assert {s.id: s.metadata.outlet for s in election.sources}["a"] == "Iberia Wire"
    [day] = election.findings
    assert day.rule == "CC103"
    assert {frozenset(s.sources) for s in day.sides} == {frozenset({"a", "porto-daily"}), frozenset({"tabloid"})}


def test_election_percentages_of_different_things_are_not_compared(election):
    """32 percent (the winner) and 28 percent (the runner-up) are not one fact stated twice."""
    assert not [f for f in election.findings if f.rule == "CC108"]


def test_adjective_ruling_is_not_a_court_ruling(election):
    assert {e.action for e in election.events if e.role == "reported"} == {"election"}
