"""The helpers rules share to tell whom a value is about (checker.judging.helpers), read on a real run's
context: names the participant stage keeps, names an article mentions once, and a sentence that gives
two values of one kind."""

from __future__ import annotations

import textwrap

import pytest

import checker.running.pipeline as pipeline
from checker.judging.helpers import _names_in, _subject, about_other_people
from checker.judging.kit import RuleContext
from checker.running.pipeline import check_corpus


def _context(tmp_path, monkeypatch, **articles: str) -> RuleContext:
    """The RuleContext `check` builds for these articles (name -> body)."""
    kept: list[RuleContext] = []

    class Keeping(RuleContext):
        def __post_init__(self) -> None:
            super().__post_init__()
            kept.append(self)

    monkeypatch.setattr(pipeline, "RuleContext", Keeping)
    for name, body in articles.items():
        head = f"---\ntitle: \"{name}\"\noutlet: {name.title()} News\npublished: 2025-12-17\n---\n"
        (tmp_path / f"{name}.md").write_text(head + textwrap.dedent(body), encoding="utf-8")
    check_corpus([tmp_path])
    return kept[-1]


def _time(ctx: RuleContext, source: str, value: str):
    return next(c for c in ctx.claims if c.kind == "time" and c.source_id == source and c.value == value)


@pytest.fixture
def signings(tmp_path, monkeypatch) -> RuleContext:
    return _context(tmp_path, monkeypatch, roster="""\
        The Harbor City Gulls placed running back Tomas Ekberg on injured reserve on Wednesday.

        Ekberg ran for 912 yards this season.

        The Gulls signed running back Dario Lindqvist on Tuesday and Kofi Mensah today off another club's practice squad.
        """, injury="""\
        The Harbor City Gulls placed rookie Marcus Oyelaran on injured reserve on Tuesday.

        Oyelaran had been the team's kick returner.
        """)


def test_a_sentence_giving_two_days_gives_each_the_names_of_its_own_part(signings):
    tuesday, today = _time(signings, "roster", "Tuesday"), _time(signings, "roster", "today")
    assert _subject(signings, tuesday) == "name:dario lindqvist"
    assert "name:kofi mensah" not in _names_in(signings, tuesday)
    assert _names_in(signings, today) == {"name:kofi mensah"}


def test_names_mentioned_once_still_say_whom_a_day_is_about(signings):
    """Lindqvist and Mensah are named once, outside the lead: no participant claim holds them."""
    kept = {c.normalized.get("key") for c in signings.claims if c.kind == "participant"}
    assert "name:kofi mensah" not in kept
    today, oyelaran = _time(signings, "roster", "today"), _time(signings, "injury", "Tuesday")
    assert about_other_people(signings, today, oyelaran)


def test_a_sentence_with_one_day_gives_it_every_name(signings):
    wednesday = _time(signings, "roster", "Wednesday")
    assert {"name:harbor city gulls", "name:tomas ekberg"} <= _names_in(signings, wednesday)


def test_years_beside_a_day_do_not_split_the_sentence_into_parts(tmp_path, monkeypatch):
    """Only values of one sort divide a sentence: the years of a boxer's earlier titles are not days,
    so the day he arrived keeps every name of the sentence."""
    ctx = _context(tmp_path, monkeypatch, fight="""\
        Dario Kessler, who won the title from Tomas Ekberg in 2001 and again in 2005, arrived in Berlin on Monday.

        Kessler said he was in top shape.
        """)
    assert {"name:dario kessler", "name:tomas ekberg"} <= _names_in(ctx, _time(ctx, "fight", "Monday"))


def test_sides_that_conflicted_only_through_a_report_that_left_are_no_finding():
    """linked_groups drops a report whose every comparison with the other side says "different"; a side
    that disagreed with the other only through that report ("yesterday" of another step, beside a
    "Tuesday" that agrees with the other side's date) then agrees with it, and `conflict` says so."""
    from checker.judging.helpers import linked_groups
    from checker.model import Claim, Event, EventCluster, EventPair

    def claim(source: str, value: str) -> Claim:
        return Claim(f"{source}:t", source, "time", value, {"value": value}, value, 0, 0, len(value), event_id=f"{source}:e1")

    claims = {c.id: c for c in (claim("a", "yesterday"), claim("b", "Tuesday"), claim("c", "today"))}
    events = {f"{s}:e1": Event(f"{s}:e1", s, "reported", "event", (f"{s}:t",)) for s in "abc"}
    pairs = {("a:e1", "c:e1"): EventPair("a:e1", "c:e1", 0.2, "different", (), ("time",)),
             ("b:e1", "c:e1"): EventPair("b:e1", "c:e1", 0.9, "likely", ("participants", "lead"), ())}
    ctx = RuleContext(sources={}, claims=claims, events=events, clusters=(EventCluster("x1", tuple(events), ("a", "b", "c"), ""),),
                      pairs=pairs)
    sides = [[claims["a:t"], claims["b:t"]], [claims["c:t"]]]
    conflicting = {("a:t", "c:t")}

    def conflict(g, h):
        return any((x.id, y.id) in conflicting or (y.id, x.id) in conflicting for x in g for y in h)

    assert [[c.id for c in g] for g in linked_groups(ctx, sides)] == [["b:t"], ["c:t"]]  # pruned, still two sides
    assert linked_groups(ctx, sides, conflict=conflict) == []  # and those two agree


def test_a_day_counted_from_a_printed_date_quotes_that_line(tmp_path):
    """Two pages with no date in their metadata, each printing one under its headline: "today" is
    counted from it, so the finding quotes the printed line beside the sentence, with its offsets, and
    the explanation names it. Without the line a reader could not see where Wednesday came from."""
    pages = {
        "first": "Coach fired by Harbor City\n\nMONDAY, MAY 23, 2005\n\nThe Harbor City Gulls fired coach Lon Verity today after a losing season.\n",
        "second": "Gulls dismiss Verity\n\nWEDNESDAY, MAY 25, 2005\n\nThe Harbor City Gulls fired coach Lon Verity today, the club said.\n",
    }
    for name, text in pages.items():
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    report, _ = check_corpus([tmp_path])
    [finding] = [f for f in report.findings if f.rule == "CC103"]
    texts = {s.id: s.text for s in report.sources}
    printed = [q for side in finding.sides for q in side.quotes if "2005" in q.sentence]
    assert sorted(q.sentence for q in printed) == ["MONDAY, MAY 23, 2005", "WEDNESDAY, MAY 25, 2005"]
    assert all(texts[q.source][q.start:q.end] == q.sentence for q in printed)
    assert 'second: "WEDNESDAY, MAY 25, 2005"' in finding.explanation


def test_a_day_counted_from_metadata_quotes_no_printed_line(tmp_path):
    for name, day in (("first", "2005-05-23"), ("second", "2005-05-25")):
        (tmp_path / f"{name}.md").write_text(
            f"---\npublished: {day}\n---\nThe Harbor City Gulls fired coach Lon Verity today after a losing season.\n",
            encoding="utf-8")
    report, _ = check_corpus([tmp_path])
    [finding] = [f for f in report.findings if f.rule == "CC103"]
    assert all(len(side.quotes) == 1 for side in finding.sides)
    assert "printed on the page" not in finding.explanation


@pytest.mark.parametrize("short, full, same", [
    ("name:mat maid", "name:matanuska maid", True),  # a first word cut short
    ("name:matanuska maid", "name:matanuska maid block building", True),  # the name within a longer one
    ("name:thomas", "name:pierre thomas", False),  # one word: a family name may be two players'
    ("name:chris ivory", "name:pierre thomas", False),
    ("name:ma maid", "name:matanuska maid", False),  # too short to be read as a short form
    ("name:maid matanuska", "name:matanuska maid", False),
])
def test_a_name_written_shorter_is_the_same_name(short, full, same):
    from checker.judging.helpers import _named_among
    assert _named_among(short, {full}) is same
    assert _named_among(full, {short}) is same


@pytest.mark.parametrize("sentence, several", [
    ("It was hit by a magnitude 6.2 earthquake on Monday, the latest powerful tremor to shake the region.", True),
    ("Another blast killed three people near the market.", True),
    ("The first summit in seven years was held in Lyon.", False),  # a first in history, not one of a series
    ("It was the deadliest attack since 2008.", False),
    ("The latest figures show 40 dead.", False),  # "latest" of no happening
])
def test_one_of_several_reads_a_happening_called_one_of_a_series(sentence, several):
    from checker.judging.helpers import one_of_several
    from checker.model import Claim
    claim = Claim("a:c001", "a", "quantity", "x", {}, sentence, 0, 0, 1)
    assert one_of_several([claim]) is several
