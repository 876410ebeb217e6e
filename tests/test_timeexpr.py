"""Time expressions (checker/extraction/timeexpr.py): detection, normalisation, conventions, false positives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.extraction import timeexpr
from checker.extraction.text import split_sentences
from checker.extraction.timeexpr import (TimeExpr, find_time_expressions, reference_year_of, resolve_weekday,
                                         weekday_name, weekday_of)
from checker.model import CleanedSource, Segment, Source

P = dt.date(2026, 6, 28)  # a Sunday
D = dt.date
SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def one(sentence: str, published: dt.date | None = P, **kw) -> TimeExpr:
    found = find_time_expressions(sentence, published=published, **kw)
    assert len(found) == 1, found
    return found[0]


# (sentence, expected text, kind, date, weekday, historical, extra fields)
CASES = [
    ("They met on June 28, 2026.", "June 28, 2026", "date", D(2026, 6, 28), 6, False, {}),
    ("They met on 28 June 2026.", "28 June 2026", "date", D(2026, 6, 28), 6, False, {}),
    ("They met on June 28.", "June 28", "date", D(2026, 6, 28), 6, False, {"relative": True}),
    ("They met on Jan. 5, 2026 in Seoul.", "Jan. 5, 2026", "date", D(2026, 1, 5), 0, False, {}),
    ("They met on the 28th of June 2026.", "the 28th of June 2026", "date", D(2026, 6, 28), 6, False, {}),
    ("The file is dated 2026-06-28.", "2026-06-28", "date", D(2026, 6, 28), 6, False, {}),
    ("The file is dated 06/28/2026.", "06/28/2026", "date", D(2026, 6, 28), 6, False, {}),
    ("The file is dated 28/06/2026.", "28/06/2026", "date", D(2026, 6, 28), 6, False, {}),
    ("The attack on Sept. 11, 2001 changed that.", "Sept. 11, 2001", "date", D(2001, 9, 11), 1, True, {}),
    # weekdays resolved against the publication date (P is a Sunday)
    ("Japan and South Korea on Sunday signed a pact.", "Sunday", "date", D(2026, 6, 28), 6, False,
     {"stated_weekday": 6, "relative": True}),
    ("The ministers agreed on Friday to deepen ties.", "Friday", "date", D(2026, 6, 26), 4, False,
     {"stated_weekday": 4}),
    ("Sunday's meeting ran late.", "Sunday", "date", D(2026, 6, 28), 6, False, {"stated_weekday": 6}),
    ("They met last Friday.", "last Friday", "date", D(2026, 6, 26), 4, False, {}),
    ("They will meet next Friday.", "next Friday", "date", D(2026, 7, 3), 4, False, {}),
    ("The ministers will meet on Friday.", "Friday", "date", D(2026, 7, 3), 4, False, {}),
    # stated weekday kept even when it contradicts the date: June 26, 2026 is a Friday
    ("They met on Friday, June 26.", "Friday, June 26", "date", D(2026, 6, 26), 4, False, {"stated_weekday": 4}),
    ("They met on Monday, June 26, 2026.", "Monday, June 26, 2026", "date", D(2026, 6, 26), 0, False,
     {"stated_weekday": 0}),
    # relative days
    ("He arrived yesterday.", "yesterday", "date", D(2026, 6, 27), 5, False, {"relative": True}),
    ("Today the talks end.", "Today", "date", D(2026, 6, 28), 6, False, {}),
    ("He leaves tomorrow.", "tomorrow", "date", D(2026, 6, 29), 0, False, {}),
    ("The deal was struck last night.", "last night", "date", D(2026, 6, 27), 5, False, {}),
    ("They met two days ago.", "two days ago", "date", D(2026, 6, 26), 4, False, {}),
    # periods
    ("Seoul hosted talks this week.", "this week", "period", None, None, False,
     {"earliest": D(2026, 6, 22), "latest": D(2026, 6, 28)}),
    ("That is why this week’s meeting matters.", "this week", "period", None, None, False,
     {"earliest": D(2026, 6, 22), "latest": D(2026, 6, 28)}),
    ("They met last week.", "last week", "period", None, None, False,
     {"earliest": D(2026, 6, 15), "latest": D(2026, 6, 21)}),
    ("They meet next month.", "next month", "period", None, None, False,
     {"earliest": D(2026, 7, 1), "latest": D(2026, 7, 31), "month": 7, "year": 2026}),
    ("Prices rose earlier this year.", "earlier this year", "period", None, None, False,
     {"earliest": D(2026, 1, 1), "latest": P}),
    ("They met last year.", "last year", "period", None, None, False, {"year": 2025}),
    ("Profits fell in Q2 2026.", "Q2 2026", "period", None, None, False,
     {"earliest": D(2026, 4, 1), "latest": D(2026, 6, 30)}),
    # months
    ("The talks were held in September.", "September", "month", None, None, False, {"month": 9}),
    ("In early June the two countries resumed drills.", "early June", "month", None, None, False,
     {"month": 6, "year": 2026, "qualifier": "early", "earliest": D(2026, 6, 1), "latest": D(2026, 6, 10)}),
    ("It reciprocated Ahn's January trip to Japan.", "January", "month", None, None, False,
     {"month": 1, "year": 2026}),
    ("The meeting follows a September session.", "September", "month", None, None, False, {"month": 9}),
    ("Drills resumed in mid-June.", "mid-June", "month", None, None, False, {"qualifier": "mid"}),
    ("Elections are held in May.", "May", "month", None, None, False, {"month": 5}),
    ("It ended in March 2024.", "March 2024", "month", None, None, True, {"month": 3, "year": 2024}),
    ("The visit is due around June 30.", "around June 30", "date", D(2026, 6, 30), 1, False,
     {"qualifier": "approximate"}),
    # years
    ("What cooperation can mean in 2026 is clear.", "2026", "year", None, None, False,
     {"year": 2026, "earliest": D(2026, 1, 1), "latest": D(2026, 12, 31)}),
    ("It began in 2025.", "2025", "year", None, None, False, {"year": 2025}),
    ("It began in 2024.", "2024", "year", None, None, True, {"year": 2024}),
    ("Growth slowed in late 2025.", "late 2025", "year", None, None, False,
     {"qualifier": "late", "earliest": D(2025, 9, 1)}),
    ("The goal must be met by 2030.", "2030", "year", None, None, False, {"qualifier": "deadline"}),
    # spans
    ("It has been the backbone of warning since 2024.", "since 2024", "span", None, None, True,
     {"earliest": D(2024, 1, 1), "latest": P}),
    ("Colonial rule lasted from 1910 to 1945.", "from 1910 to 1945", "span", None, None, True,
     {"earliest": D(1910, 1, 1), "latest": D(1945, 12, 31)}),
    ("Trade grew between 2019 and 2021.", "between 2019 and 2021", "span", None, None, True, {}),
    ("Relations soured in the 1990s.", "the 1990s", "span", None, None, True,
     {"earliest": D(1990, 1, 1), "latest": D(1999, 12, 31)}),
    ("Japan's early 20th-century occupation of Korea.", "early 20th-century", "span", None, None, True,
     {"qualifier": "early", "earliest": D(1901, 1, 1)}),
    ("They met June 26-28, 2026.", "June 26-28, 2026", "span", None, None, False,
     {"earliest": D(2026, 6, 26), "latest": D(2026, 6, 28)}),
    # durations
    ("It has operated informally for nearly two years.", "for nearly two years", "span", None, None, True,
     {"qualifier": "duration", "duration": (2.0, "year")}),
    ("Launches rose over the past eighteen months.", "over the past eighteen months", "span", None, None, True,
     {"qualifier": "duration", "earliest": D(2024, 12, 28), "latest": P}),
    ("A deployment is expected within sixty days.", "within sixty days", "span", None, None, False,
     {"qualifier": "duration", "duration": (60.0, "day"), "earliest": P, "latest": D(2026, 8, 27)}),
    ("Questions have shadowed ties for decades.", "for decades", "span", None, None, True,
     {"qualifier": "duration"}),
    ("It was used three times during the past year.", "during the past year", "span", None, None, True,
     {"qualifier": "duration"}),
    ("Drills resumed after a nine-year hiatus.", "nine-year", "span", None, None, True,
     {"qualifier": "duration", "duration": (9.0, "year")}),
    ("The talks lasted for two hours.", "for two hours", "span", None, None, False, {"qualifier": "duration"}),
]


@pytest.mark.parametrize("sentence, text, kind, date, weekday, historical, extra", CASES,
                         ids=[c[0][:40] for c in CASES])
def test_cases(sentence, text, kind, date, weekday, historical, extra):
    e = one(sentence)
    assert e.text == text
    assert sentence[e.start:e.end] == text
    assert e.kind == kind
    assert e.date == date
    assert e.weekday == weekday
    assert e.historical is historical
    for k, v in extra.items():
        assert getattr(e, k) == v, (k, getattr(e, k), v)
    if e.kind == "date":
        assert e.date is not None and e.earliest == e.latest == e.date


FALSE_POSITIVES = [
    "Officials may meet again soon.",
    "May officials attend the talks?",
    "Theresa May said nothing.",
    "Prime Minister May spoke.",
    "At least 12 May attend the summit.",
    "They will March on the capital.",
    "Troops crossed the 38th parallel.",
    "Twelve of 40 ships, or 12 of 40, returned.",
    "The 7th fleet sailed.",
    "The second round begins.",
    "He finished second in 1st place overall.",
    "The Sunday Times reported it.",
    "Black Friday sales rose.",
    "He shops every Friday.",
    "Patches come out on the second Tuesday of each month.",
    "June Carter sang.",
    "Mr. August spoke.",
    "USA Today reported it.",
    "1,625 SQL & Python problems across 15 industry datasets.",
    "Try 250 free problems.",
    "The army sent 2000 troops.",
    "The score was 2026 points.",
    "Prices rose 2019% in one case.",
    "He is No. 2 in the party.",
    "A 10-year-old boy was rescued.",
    "He returned on the 5th.",
    "The fall of the wall mattered.",
    "Relevance Score 5.3",
]


@pytest.mark.parametrize("sentence", FALSE_POSITIVES)
def test_false_positives(sentence):
    assert find_time_expressions(sentence, published=P) == ()
    assert find_time_expressions(sentence) == ()


# --- without a publication date ----------------------------------------------------------------------


def test_unpublished_weekday_and_relative_day():
    e = one("Japan and South Korea on Sunday signed a pact.", published=None)
    assert (e.kind, e.date, e.weekday, e.stated_weekday) == ("weekday", None, 6, 6)
    e = one("He arrived yesterday.", published=None)
    assert (e.kind, e.date, e.relative) == ("relative_day", None, True)


def test_unpublished_day_without_year_keeps_month_and_day():
    e = one("South Korea and Japan's June 28 bilateral agreement.", published=None)
    assert (e.kind, e.date, e.year, e.month, e.day) == ("month", None, None, 6, 28)
    e = one("They met on Friday, June 26.", published=None)
    assert (e.kind, e.date, e.month, e.day, e.stated_weekday, e.weekday) == ("month", None, 6, 26, 4, 4)


def test_unpublished_absolute_date_is_a_date():
    e = one("They met in Seoul on June 28, 2026.", published=None)
    assert (e.kind, e.date, e.weekday) == ("date", D(2026, 6, 28), 6)


def test_unpublished_periods_have_no_range():
    e = one("Seoul hosted talks this week.", published=None)
    assert (e.kind, e.earliest, e.latest) == ("period", None, None)


def test_reference_year_drives_historical_without_publication():
    assert one("It began in 2024.", published=None).historical is False
    assert one("It began in 2024.", published=None, reference_year=2026).historical is True
    assert one("It began in 2026.", published=None, reference_year=2026).historical is False
    assert one("Colonial rule lasted from 1910 to 1945.", published=None).historical is True


def test_reference_year_of():
    assert reference_year_of("They met on June 28, 2026. It began in 2019.") == 2026
    assert reference_year_of(["It has been so since 2024.", "Nothing here."]) == 2024
    # deadlines and future-cued years are not evidence of the publication year
    assert reference_year_of("The goal is to finish by 2030. Work began in 2021.") == 2021
    assert reference_year_of("The plant will open in 2031. It was planned in 2022.") == 2022
    assert reference_year_of("No dates at all.") is None


# --- conventions ---------------------------------------------------------------------------------------


def test_year_inference_prefers_the_nearest_past():
    # published Jan 3: "Dec. 30" is last year's
    e = one("The deal was signed Dec. 30.", published=D(2027, 1, 3))
    assert e.date == D(2026, 12, 30)
    # a date a few days ahead stays in the same year
    e = one("The summit on July 2 is expected to be brief.", published=P)
    assert e.date == D(2026, 7, 2)
    # future cue: a month already past this year means next year
    e = one("The talks will resume in February.", published=P)
    assert (e.year, e.month) == (2027, 2)
    e = one("The talks resumed in February.", published=P)
    assert (e.year, e.month) == (2026, 2)


def test_a_yearless_day_more_than_two_months_ahead_is_of_the_past_year():
    # news writes the year only when it is not the page's: "Jan. 14" on a page of September 17 is this
    # January (the past, 246 days back), not next January (119 days ahead, which counting the future
    # double used to prefer)
    e = one("The bombing killed 12 people on Jan. 14.", published=D(2026, 9, 17))
    assert e.date == D(2026, 1, 14)
    # up to about two months ahead a day stays ahead of the page, across the year's turn too
    assert one("The court ruled on Feb. 20.", published=D(2026, 12, 28)).date == D(2027, 2, 20)
    assert one("The court ruled on March 20.", published=D(2026, 12, 28)).date == D(2026, 3, 20)
    # a future cue still reads ahead
    assert one("The trial will open on Jan. 14.", published=D(2026, 9, 17)).date == D(2027, 1, 14)


def test_qualifier_boundaries():
    assert one("Rules apply until 2027.").qualifier == "until"
    assert one("It was done before 2020.").qualifier == "before"
    e = one("They met at the end of June.")
    assert (e.qualifier, e.earliest, e.latest) == ("late", D(2026, 6, 21), D(2026, 6, 30))


def test_offsets_shifted():
    s = "They met on June 28, 2026 and again on Friday."
    found = find_time_expressions(s, published=P, offset=1000)
    assert [e.text for e in found] == ["June 28, 2026", "Friday"]
    for e in found:
        assert s[e.start - 1000:e.end - 1000] == e.text


def test_several_in_one_sentence_in_order():
    s = ("The meeting follows talks in September and reflects a thaw after decades of tension "
         "dating to 1910; the next round is within sixty days.")
    found = find_time_expressions(s, published=P)
    assert [e.text for e in found] == ["September", "decades", "1910", "within sixty days"]
    assert [e.start for e in found] == sorted(e.start for e in found)


def test_weekday_helpers():
    assert weekday_of(D(2026, 6, 28)) == 6
    assert weekday_name(0) == "Monday" and weekday_name(6) == "Sunday"
    assert resolve_weekday(P, 6, "past") == P
    assert resolve_weekday(P, 6, "last") == D(2026, 6, 21)
    assert resolve_weekday(P, 6, "next") == D(2026, 7, 5)
    assert resolve_weekday(P, 6, "future") == P
    with pytest.raises(ValueError):
        resolve_weekday(P, 1, "sometime")


def test_datetime_published_accepted():
    e = one("He arrived yesterday.", published=dt.datetime(2026, 6, 28, 15, 30))
    assert e.date == D(2026, 6, 27)


def test_invalid_dates_are_not_dates():
    assert all(e.kind != "date" for e in find_time_expressions("It happened on February 30, 2026."))
    assert one("Born on Feb. 29, 2024.").date == D(2024, 2, 29)


def test_no_dateparser_search():
    import inspect

    assert "dateparser.search" not in inspect.getsource(timeexpr).replace("`dateparser.search` is not used", "")


# --- seeds -----------------------------------------------------------------------------------------


def _cleaned(path: Path) -> CleanedSource:
    text = path.read_text(encoding="utf-8")
    segs, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            segs.append(Segment(pos, pos + len(line), "body"))
        pos += len(line) + 1
    return CleanedSource(Source(path.stem, str(path), text), tuple(segs))


def _seed_exprs(prefix: str, published=None) -> list[TimeExpr]:
    path = next(p for p in SEEDS if p.name.startswith(prefix))
    cleaned = _cleaned(path)
    out = []
    for s in split_sentences(cleaned):
        for e in find_time_expressions(s.text, published=published, offset=s.start):
            assert cleaned.source.text[e.start:e.end] == e.text
            out.append(e)
    return out


def test_seed_000():
    found = {e.text: e for e in _seed_exprs("000", published=P)}
    assert found["Sunday"].date == P
    assert found["for nearly two years"].historical
    assert found["since 2024"].kind == "span" and found["since 2024"].historical
    assert found["within sixty days"].qualifier == "duration" and not found["within sixty days"].historical
    assert found["over the past eighteen months"].historical
    assert found["for decades"].historical


def test_seed_002():
    found = {e.text: e for e in _seed_exprs("002")}
    assert found["June 28, 2026"].date == D(2026, 6, 28)
    assert (found["June 28"].month, found["June 28"].day, found["June 28"].date) == (6, 28, None)
    assert found["January"].kind == "month"
    assert found["early June"].qualifier == "early"
    assert "1,625" not in found and "250" not in found and "5.3" not in found


def test_seed_003():
    found = _seed_exprs("003")
    texts = [e.text for e in found]
    assert "Friday" in texts and "early 20th-century" in texts
    assert [e.kind for e in found if e.text == "September"] == ["month", "month"]
    fri = next(e for e in found if e.text == "Friday")
    assert (fri.kind, fri.stated_weekday) == ("weekday", 4)


def test_seed_001_and_004():
    found = {e.text: e for e in _seed_exprs("001", published=P)}
    assert found["from 1910 to 1945"].historical
    assert found["this week"].kind == "period"
    assert found["2026"].kind == "year" and not found["2026"].historical
    texts = [e.text for e in _seed_exprs("004")]
    assert texts == ["In recent months", "2023"]


def test_years_ago_is_history_even_without_a_publication_date():
    from checker.extraction.timeexpr import find_time_expressions

    [te] = find_time_expressions("The tsunami four years ago devastated the coast.", published=None)
    assert te.historical
    [te] = find_time_expressions("The storm three days ago flooded the coast.", published=None)
    assert not te.historical


# --- years out of range: left out, never moved to another year ---------------------------------------


@pytest.mark.parametrize("text, far", [
    ("Officials met in Busan on March 3, 9999, to discuss quotas.", "March 3, 9999"),
    ("They met on Friday, March 3, 99999.", "Friday, March 3, 99999"),
    ("They met on 3 March 0999 in Busan.", "3 March 0999"),
    ("They met in March 9999.", "March 9999"),
    ("They met on 9999-03-03.", "9999-03-03"),
    ("They met on 3/3/9999.", "3/3/9999"),
])
def test_a_date_with_a_year_out_of_range_is_left_out_and_named(text, far):
    from checker.extraction.timeexpr import out_of_range_dates

    assert [t for _, _, t in out_of_range_dates(text)] == [far]
    assert find_time_expressions(text, published=dt.date(2025, 3, 10)) == ()


@pytest.mark.parametrize("text, value", [
    ("On March 3, 12000 people marched.", "March 3"),  # a count after the date, not a year
    ("On March 3, 2200 troops arrived.", "March 3"),
    ("They met on March 3, 2025.", "March 3, 2025"),
])
def test_counts_after_a_date_and_years_in_range_are_not_out_of_range(text, value):
    from checker.extraction.timeexpr import out_of_range_dates

    assert out_of_range_dates(text) == []
    assert [t.text for t in find_time_expressions(text, published=dt.date(2025, 3, 10))] == [value]


def test_a_huge_number_after_a_date_is_out_of_range_without_converting_it():
    """Python refuses int() of 4,300 digits or more: the check must not convert such a number."""
    from checker.extraction.timeexpr import out_of_range_dates

    text = "They met on March 3, " + "1" * 100_000 + ", in Busan."
    assert [(s, len(t)) for s, _, t in out_of_range_dates(text)] == [(12, len("March 3, ") + 100_000)]
    assert find_time_expressions("They met on March 3, " + "1" * 5000 + ".", published=dt.date(2025, 3, 10)) == ()


@pytest.mark.parametrize("text", ["Trial is set for June 17 for the accused.", "Elections are planned for June 17."])
def test_a_day_something_is_set_for_lies_ahead(text):
    """Published January 3, 2013: the trial "set for June 17" is in June 2013, not June 2012."""
    [te] = find_time_expressions(text, published=dt.date(2013, 1, 3))
    assert te.date == dt.date(2013, 6, 17)
