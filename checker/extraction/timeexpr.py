"""Time expressions in news text: found by our own regular expressions, resolved by calendar arithmetic.

dateparser is not used here. Its `search` is a noisy detector ("7th", "may", "12 of 40" become
dates), so precompiled patterns find candidate spans, context checks reject false friends (the modal
"may", "March" as a verb or name, "Sunday Times", "7th fleet", bare numbers) and overlapping
candidates are resolved longest-first. Each pattern already splits its span into weekday, month,
day and year (numeric dates month first, day first when the first number exceeds 12; ISO year
first), so an absolute date is `datetime.date(year, month, day)`: `dateparser.parse` used to be
asked to confirm it and never changed a result (a date it read differently was replaced by
this one), while it cost 6 % of the CPU time of reading an article on the benchmark corpus.
Dates the patterns do not split (the free forms of pages and front matter) are read with
dateparser in checker.reading. Weekdays, relative days, periods and durations are resolved by the
explicit calendar arithmetic below, so the conventions are ours and testable; a day without a year
takes the year chosen by the closeness rule below.

Conventions (all arithmetic against the publication date `published`, called P below):

* "on Friday", "Friday", "Friday's meeting", "early Friday": the latest Friday on or before P (P itself
  if P is a Friday) -- a news report speaks of the past. If the clause before the expression holds a
  future cue ("will", "would", "is set to", "set for", "scheduled", "plans to", ...) and no later past cue, the
  earliest Friday on or after P instead.
* "last Friday", "this past Friday", "past Friday": the latest Friday strictly before P.
* "next Friday", "this coming Friday", "coming Friday": the earliest Friday strictly after P.
* "this Friday": the Friday of P's Monday-to-Sunday week.
* "yesterday" P-1, "today"/"tonight"/"this morning" P, "tomorrow" P+1, "last night" P-1,
  "N days/weeks ago" P minus that (kind "date"); "N months ago" kind "month", "N years ago" kind "year".
  All of these are kind "relative_day" when P is unknown ("N months/years ago": "period").
* Periods: "this week" = P's Monday..Sunday, "last/next week" the week before/after; "earlier this
  week" Monday..P, "later this week" P..Sunday; likewise month, year, quarter, weekend, seasons
  (northern hemisphere: spring Mar-May, summer Jun-Aug, fall Sep-Nov, winter Dec-Feb).
* A day or month without a year ("June 28", "in September") takes the year that puts it closest to P,
  a future candidate's distance counting five times (YEARLESS_FUTURE_WEIGHT: news gives the year only
  when it is not the page's, so "Jan. 14" on a page of September is this January, not next; a day up to
  about two months ahead stays ahead) unless a future cue precedes it, in which case a past one counts
  double. Without P the year stays None, `date` is None and the kind is "month" (with
  `day` set for "June 28"): kind "date" always means the exact day is known.
* `historical`: decades, centuries, "since X", and backward durations longer than 60 days ("for nearly
  two years", "the past eighteen months", "for decades", "after a nine-year hiatus") are True; forward
  durations ("within sixty days", "over the next several years") are False and, like every duration,
  have qualifier "duration" -- durations are never event dates. Everything else, including explicit
  spans ("from 1910 to 1945", "2019-2021"), is historical when it ended more than a year (365 days)
  before P; without P, when its year is before `reference_year` (see `reference_year_of`); explicit
  year spans with neither P nor a reference year, or of LONG_SPAN_YEARS or more, count as historical.
* `qualifier`: "early" | "mid" | "late" (narrowing earliest/latest), "approximate" ("around June 28"),
  "duration", "deadline" ("by 2030"), "until", "before", "after" (the time is a boundary, not the
  event's own date), or "".
* `relative` is True when the value was computed from P (weekdays, yesterday, this week, a date whose
  year was taken from P, past/next-N durations).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from dataclasses import dataclass, replace
from typing import Iterable


__all__ = [
    "TimeExpr",
    "find_time_expressions",
    "weekday_of",
    "weekday_name",
    "resolve_weekday",
    "reference_year_of",
]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


@dataclass(frozen=True)
class TimeExpr:
    text: str
    start: int
    end: int
    kind: str  # "date" | "weekday" | "month" | "year" | "span" | "period" | "relative_day"
    date: _dt.date | None = None
    weekday: int | None = None  # stated weekday if any, else weekday of `date`
    stated_weekday: int | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    earliest: _dt.date | None = None
    latest: _dt.date | None = None
    historical: bool = False
    qualifier: str = ""
    relative: bool = False  # the value was computed from the publication date
    duration: tuple[float, str] | None = None  # (amount, unit) for durations, e.g. (2.0, "year")


def weekday_of(d: _dt.date) -> int:
    """0 = Monday .. 6 = Sunday."""
    return d.weekday()


def weekday_name(i: int) -> str:
    return WEEKDAYS[i]


def resolve_weekday(published: _dt.date, weekday: int, mode: str = "past") -> _dt.date:
    """The day a weekday mention denotes, by the module's convention.

    mode: "past" (latest on or before P), "last" (latest strictly before P), "future" (earliest on or
    after P), "next" (earliest strictly after P), "this" (in P's Monday-Sunday week).
    """
    delta = (published.weekday() - weekday) % 7
    if mode == "past":
        return published - _dt.timedelta(days=delta)
    if mode == "last":
        return published - _dt.timedelta(days=delta or 7)
    ahead = (weekday - published.weekday()) % 7
    if mode == "future":
        return published + _dt.timedelta(days=ahead)
    if mode == "next":
        return published + _dt.timedelta(days=ahead or 7)
    if mode == "this":
        return published + _dt.timedelta(days=weekday - published.weekday())
    raise ValueError(f"unknown weekday mode {mode!r}")


# --- vocabulary -----------------------------------------------------------------------------------

_MONTH_NUM = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)}
_MONTH_NUM.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                   "sept": 9, "oct": 10, "nov": 11, "dec": 12})
_WD_NUM = {name.lower(): i for i, name in enumerate(WEEKDAYS)}
_WD_NUM.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
                "sat": 5, "sun": 6})

_UNITS = {"five": 5, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_VAGUE = {"a": 1, "an": 1, "a few": 3, "a couple": 2, "a couple of": 2, "several": 3, "many": 5,
          "some": 3, "a dozen": 12, "dozens of": 24, "half a": 0.5, "one and a half": 1.5,
          "a hundred": 100, "hundred": 100}
_UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30.44,
              "year": 365.25, "decade": 3652.5, "century": 36525}

_ORD_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
              "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
              "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first", "twenty-second"]
_ORD_NUM = {w: i + 1 for i, w in enumerate(_ORD_WORDS)}

_MONTH_FULL = "|".join(MONTH_NAMES)
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MON = rf"(?P<mon>(?:{_MONTH_FULL})(?!\w)|(?:{_MONTH_ABBR})(?:\.|(?=\s)))"
_WD_FULL = "|".join(WEEKDAYS)
_WD_ANY = rf"(?:{_WD_FULL}|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w%])(?![.:,]\d)"
_YEAR = r"(?:1[0-9]|20|21)\d\d(?![\d])(?!,\d)(?!s\b)(?!['’]s\b)"
# Years the patterns read as years (`_YEAR`, ISO dates). A date written with a year outside them ("March 3,
# 9999", "3 March 0999", "3/3/9999") is not resolved without its year, which would move it to a year
# near the publication date: it is left out whole, and `out_of_range_dates` names it for a warning.
YEAR_MIN, YEAR_MAX = 1000, 2199
TWO_DIGIT_PIVOT = 50  # "3/4/13" is 2013, "10/1/61" is 1961: news rarely dates events half a century ahead
# "on March 3, 12000 people marched": a number followed by a word that is not a preposition or a
# conjunction is a count, not a year
_NOT_A_COUNT = (r"(?!\d)(?!,\d)(?!\s+(?!(?:to|and|in|at|on|when|as|after|before|for|with|but|or|the|was|were|"
                r"is|will|during|amid)\b)[a-z])")
_WD_BEFORE = rf"(?:{_WD_ANY},?\s+(?:(?i:the)\s+)?)?"  # "Friday, March 3, 9999": the weekday goes with it
_FAR_DATES = (
    re.compile(rf"\b{_WD_BEFORE}{_MON}\s*(?:{_DAY}\s*)?,?\s+(?:(?i:of|in)\s+)?(?P<y>\d{{4,}}){_NOT_A_COUNT}"),
    re.compile(rf"\b{_WD_BEFORE}(?<![\d,.$€£/-]){_DAY}\s+(?:(?i:of)\s+)?{_MON},?\s+(?P<y>\d{{4,}}){_NOT_A_COUNT}"),
    re.compile(r"(?<![\d/.-])(?P<y>\d{4,})([-/])\d{1,2}\2\d{1,2}(?![\d/-])"),
    re.compile(r"(?<![\d/.-])\d{1,2}([-/])\d{1,2}\1(?P<y>\d{4,})(?![\d/-])"),
)


_LONG_NUMBER = re.compile(r"(?<!\d)\d{4,}(?!\d)")


def _a_year(digits: str) -> bool:
    """Four digits from YEAR_MIN to YEAR_MAX. Longer numbers are never years, and are not converted:
    Python refuses to convert a number of 4,300 digits or more."""
    return len(digits) == 4 and YEAR_MIN <= int(digits) <= YEAR_MAX


def out_of_range_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each date in `text` whose year is outside YEAR_MIN..YEAR_MAX: the time
    expressions leave them out, and the caller warns about them (a silent change of year would be a
    false conflict, or a missed one)."""
    if all(_a_year(n) for n in _LONG_NUMBER.findall(text)):
        return []  # the usual case, found by one cheap scan
    spans = sorted((m.start(), m.end()) for rx in _FAR_DATES for m in rx.finditer(text) if not _a_year(m["y"]))
    merged: list[list[int]] = []
    for start, end in spans:  # "3 March 0999" holds "March 0999": one date
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end, text[start:end]) for start, end in merged]


_NUM_WORD = (rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(_UNITS)}))?|{'|'.join(_UNITS)})")
_NUM = (rf"(?P<n>\d+(?:[.,]\d+)?|{_NUM_WORD}|one\s+and\s+a\s+half|a\s+few|a\s+couple(?:\s+of)?|"
        r"a\s+dozen|dozens\s+of|half\s+an?|several|many|an?|hundred)")
_QUANT = (r"(?P<q>nearly|almost|about|around|roughly|approximately|some|more\s+than|over|less\s+than|"
          r"under|at\s+least|at\s+most|up\s+to|just\s+over|just\s+under|well\s+over|only|just|"
          r"barely|fewer\s+than|close\s+to|another|a\s+further|the\s+better\s+part\s+of)")
_UNIT = r"(?P<unit>minute|hour|day|week|fortnight|month|year|decade|century|centuries)s?"

_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}


# Candidate patterns: (name, compiled regex). Names select the handler.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<![\d/.-])(?P<y>\d{4})([-/])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?![\d/-])")),
    ("numeric", re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})([/-])(?P<b>\d{1,2})\2(?P<y>\d{4}|\d{2})(?![\d/-])")),
    ("mdy", re.compile(
        rf"(?:(?P<wd>{_WD_ANY}),?\s+(?:(?i:the)\s+)?)?\b{_MON}\s*(?P<d>{_DAY})"
        rf"(?:\s*(?:-|–|—|(?i:to|through|until|till))\s*(?P<d2>{_DAY}))?"
        rf"(?:,?\s+(?:(?i:of|in)\s+)?(?P<y>{_YEAR}))?")),
    ("dmy", re.compile(
        rf"(?:(?P<wd>{_WD_ANY}),?\s+)?(?:(?P<the>(?i:the))\s+)?(?<![\d,.$€£/-])\b(?P<d>{_DAY})"
        rf"(?:\s*(?:-|–)\s*(?P<d2>{_DAY}))?\s+(?:(?P<of>(?i:of))\s+)?{_MON}(?:,?\s+(?P<y>{_YEAR}))?")),
    ("monthyear", re.compile(rf"\b{_MON}(?:\s+(?i:of))?,?\s+(?P<y>{_YEAR})")),
    ("month", re.compile(rf"\b(?P<mon>{_MONTH_FULL})\b(?P<pos>['’]s)?")),
    ("weekday", re.compile(rf"\b(?P<wd>{_WD_FULL})\b(?P<pos>['’]s)?(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?")),
    ("relday", re.compile(r"\b(?P<rd>(?i:yesterday|today|tomorrow|tonight))\b")),
    ("relday2", re.compile(r"(?i)\b(?P<rd>(?:this|last|yesterday|tomorrow)\s+(?:morning|afternoon|evening|night)|"
                           r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)\b")),
    ("ago", re.compile(rf"(?i)\b(?:{_QUANT}\s+)?{_NUM}\s+{_UNIT}\s+ago\b")),
    ("period", re.compile(
        r"(?i)\b(?:(?P<el>earlier|later)\s+)?(?P<rel>this\s+past|this\s+coming|this|last|next)\s+"
        r"(?P<unit>week|weekend|month|year|quarter|spring|summer|autumn|fall|winter)\b(?P<pos>['’]s)?")),
    ("season", re.compile(rf"\b(?P<s>(?i:spring|summer|autumn|fall|winter))(?:\s+(?i:of))?\s+(?P<y>{_YEAR})")),
    ("quarter", re.compile(
        rf"(?i)\b(?:(?:the\s+)?(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of\s+(?P<y>{_YEAR}))?"
        rf"|Q(?P<qd>[1-4])(?:\s+|\s*of\s+)?(?P<y2>{_YEAR})?)\b")),
    ("window", re.compile(
        rf"(?i)\b(?:(?P<prep>for|over|during|in|across|throughout|within)\s+)?(?P<the>the\s+)?"
        rf"(?P<dir>past|last|previous|next|coming|following)\s+(?:{_QUANT}\s+)?(?:{_NUM}\s+)?{_UNIT}\b")),
    ("for", re.compile(rf"(?i)\bfor\s+(?:{_QUANT}\s+)?{_NUM}\s+{_UNIT}\b")),
    ("within", re.compile(rf"(?i)\bwithin\s+(?:{_QUANT}\s+)?(?:{_NUM}\s+)?{_UNIT}\b")),
    ("in_after", re.compile(rf"(?i)\b(?P<prep>in|after)\s+(?:{_QUANT}\s+)?{_NUM}\s+{_UNIT}\b(?!\s+(?:of|ago)\b)")),
    ("vague_for", re.compile(r"(?i)\bfor\s+(?:(?:many|several|some)\s+)?(?P<unit>decade|year|month|week|generation|centur(?:y|ie))s\b")),
    ("vague_of", re.compile(
        rf"(?i)\b(?:(?:many|several|some|{_NUM_WORD}|\d+)\s+)?(?P<unit>decade|year|generation|centur(?:y|ie))s(?=\s+of\b)(?!\s+of\s+age\b)")),
    ("recent", re.compile(r"(?i)\b(?:in|over|during)\s+recent\s+(?P<unit>day|week|month|year|decade)s\b")),
    ("compound", re.compile(
        rf"(?i)\b(?P<n>\d+|{_NUM_WORD})-(?P<unit>minute|hour|day|week|month|year|decade|century)(?:-long)?\b(?!-old)")),
    ("yearrange", re.compile(rf"\b(?P<y1>{_YEAR})\s*(?:-|–|—|/)\s*(?P<y2>\d{{4}}|\d{{2}})\b(?![-/]\d)")),
    ("decade", re.compile(
        r"(?:\b(?i:the)\s+)?(?:(?P<q>(?i:early|mid|late))[-\s]+)?(?:\b(?P<dec>(?:1\d|20)\d0)s\b|['’](?P<dec2>\d0)s\b)")),
    ("century", re.compile(
        rf"(?:\b(?i:the)\s+)?(?:(?P<q>(?i:early|mid|late))[-\s]+)?\b(?P<n>\d{{1,2}}(?:st|nd|rd|th)|(?i:{'|'.join(_ORD_WORDS)}))"
        r"[\s-]+(?i:century|centuries)\b")),
    ("year", re.compile(rf"(?<![\d,.$€£¥#/])(?<!\d-)\b(?P<y>{_YEAR})\b")),
]

_PRIORITY = {name: i for i, (name, _) in enumerate(_PATTERNS)}

# Cheap gates: a pattern runs only if the sentence has one of its keywords (or a digit), which keeps
# the scan fast -- most sentences hold no time expression at all.
_WORD_RE = re.compile(r"[a-z]+")
_DIGIT_RE = re.compile(r"\d")
_MONTH_WORDS = frozenset(_MONTH_NUM)
_WD_WORDS = frozenset(_WD_NUM)
_UNIT_WORDS = frozenset(
    w + s for w in ("minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "generation")
    for s in ("", "s")) | {"century", "centuries"}
_GATES: dict[str, tuple[frozenset[str], bool]] = {
    # name: (keywords, a digit suffices)
    "iso": (frozenset(), True),
    "numeric": (frozenset(), True),
    "mdy": (_MONTH_WORDS, False),
    "dmy": (_MONTH_WORDS, False),
    "monthyear": (_MONTH_WORDS, False),
    "month": (_MONTH_WORDS, False),
    "weekday": (_WD_WORDS, False),
    "relday": (frozenset({"yesterday", "today", "tomorrow", "tonight"}), False),
    "relday2": (frozenset({"morning", "afternoon", "evening", "night", "yesterday", "tomorrow"}), False),
    "ago": (frozenset({"ago"}), False),
    "period": (frozenset({"this", "last", "next"}), False),
    "season": (frozenset({"spring", "summer", "autumn", "fall", "winter"}), False),
    "quarter": (frozenset({"quarter", "q"}), False),
    "window": (_UNIT_WORDS, False),
    "for": (_UNIT_WORDS, False),
    "within": (_UNIT_WORDS, False),
    "in_after": (_UNIT_WORDS, False),
    "vague_for": (_UNIT_WORDS, False),
    "vague_of": (_UNIT_WORDS, False),
    "recent": (frozenset({"recent"}), False),
    "compound": (_UNIT_WORDS, False),
    "yearrange": (frozenset(), True),
    "decade": (frozenset(), True),
    "century": (frozenset({"century", "centuries"}), False),
    "year": (frozenset(), True),
}

# Words right before a month/weekday/year that make it a time expression.
_TRIGGER_RE = re.compile(
    r"(?i)\b(?:in|on|since|until|till|by|through|throughout|last|next|this|from|to|during|before|after|"
    r"of|early|mid|late|between|and|or|every|each|around|about|circa|until|past|coming|"
    r"beginning|start|middle|end|starting|ending|as\s+of)\s*-?\s*$|\bmid-$")
_ARTICLE_RE = re.compile(r"(?i)(?:\b(?:the|a|an|this|that|last|next|its|their|his|her|our)|['’]s)\s+$")
_QUAL_PREFIX_RE = re.compile(
    r"(?i)(?:\b(?P<q>early|mid|late|around|about|approximately|roughly|circa|"
    r"the\s+(?:beginning|start|middle|end)\s+of|the\s+turn\s+of)[\s-]+|\b(?P<m>mid)-)$")
_BOUNDARY_PREFIX_RE = re.compile(r"(?i)\b(?P<w>ever\s+since|since|until|till|by|before|after|through)\s+$")
_SPAN_PREFIX_RE = re.compile(r"(?i)\b(?P<w>from|between)\s+$")
_SPAN_GAP_RE = re.compile(r"(?i)\s*(?:-|–|—|to|until|till|through|and)\s*")
_WD_IDIOM_RE = re.compile(r"(?:Black|Good|Super|Ash|Bloody|Cyber|Easter|Palm|Holy|Maundy|Shrove|Fat|Giving|Boxing|Manic|Blue)\s+$")
_NEXT_CAP_RE = re.compile(r"\s+(?P<w>[A-Z][\w’'-]*)")
_NEXT_LOWER_NOUN_RE = re.compile(r"\s+[a-z]")
_YEAR_COUNT_NOUN_RE = re.compile(r"\s+[a-z][a-z-]*s\b")
# "the 2016 earthquakes", "the 2024 elections": a year naming events, not a count of them
_YEAR_EVENT_NOUN_RE = re.compile(
    r"\s+(?:levels|figures|results|numbers|elections|games|olympics|earthquakes|floods|storms|fires|wildfires|"
    r"attacks|protests|riots|talks|negotiations|summits|accords|agreements|reforms|polls|championships)\b"
)
_YEAR_BAD_PREFIX_RE = re.compile(r"(?i)(?:\bno\.?|number|[$€£¥#]|\bat|\bpage|\bp\.|\broute|\bflight)\s*$")
_YEAR_BAD_SUFFIX_RE = re.compile(r"(?i)\s*(?:%|percent\b|per\s*cent\b|hours\b|GMT\b|UTC\b|[ap]\.?m\.?)")
# "inside 1800 Alder Ave.", "a fire at 2001 Oak Road": a street number, not a year
_YEAR_ADDRESS_RE = re.compile(r"\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:Ave|Avenue|St|Street|Road|Rd|Blvd|Boulevard|Lane|Ln|Drive|"
                              r"Dr|Way|Place|Pl|Court|Ct|Highway|Hwy|Parkway|Pkwy|Terrace)\b")
_YEAR_PREPOSITION_RE = re.compile(r"(?i)\b(?:in|since|by|until|before|after|during|of)\s+$")
_CAP_WORD_BEFORE_RE = re.compile(r"\b[A-Z][a-z]+\s+$")
_TITLE_BEFORE_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Rev|Sir|Dame|Lady|Lord|Miss|Madam|"
    r"President|Minister|Secretary|Chancellor|Judge|Justice|Aunt|Uncle)\.?\s+$")
_QUANTITY_BEFORE_RE = re.compile(
    r"(?i)\b(?:at\s+least|at\s+most|about|some|only|up\s+to|over|nearly|almost|as\s+many\s+as)\s+$")
_CLAUSE_START_RE = re.compile(r"[,;:()\[\]—–\n\"“”]|[.!?](?=\s)")
_FUTURE_RE = re.compile(
    r"(?i)\b(?:will|shall|won['’]t|would|going\s+to|is\s+to|are\s+to|set\s+to|set\s+for|planned\s+for|scheduled|slated|"
    r"expected\s+to|due\s+to|plans?\s+to|planning\s+to|intends?\s+to|to\s+be\s+held|upcoming)\b|['’]ll\b")
_PAST_RE = re.compile(r"(?i)\b(?:was|were|had|did|met|held|signed|said|agreed|took|came|ended)\b")
_NOT_AT_START_RE = re.compile(r"[.!?]\s*$")

_PAST_DIRS = {"past", "last", "previous"}


# --- small helpers --------------------------------------------------------------------------------


def _num_value(s: str | None) -> float | None:
    if not s:
        return None
    t = re.sub(r"\s+", " ", s.strip().lower())
    if t in _VAGUE:
        return float(_VAGUE[t])
    if re.fullmatch(r"\d+(?:[.,]\d+)?", t):
        return float(t.replace(",", "")) if "," in t and len(t.split(",")[-1]) == 3 else float(t.replace(",", "."))
    if t in _UNITS:
        return float(_UNITS[t])
    parts = re.split(r"[-\s]", t)
    if parts[0] in _TENS:
        return float(_TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0))
    return None


def _unit_name(u: str) -> str:
    u = u.lower()
    if u.startswith("centur"):
        return "century"
    if u.startswith("generation"):
        return "generation"
    return u[:-1] if u.endswith("s") and u[:-1] in _UNIT_DAYS else u


def _month_last(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _add_months(d: _dt.date, n: int) -> _dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return _dt.date(y, m + 1, min(d.day, _month_last(y, m + 1)))


def _shift(d: _dt.date, amount: float, unit: str, sign: int) -> _dt.date:
    if unit in ("month", "year", "decade", "century") and float(amount).is_integer():
        months = int(amount) * {"month": 1, "year": 12, "decade": 120, "century": 1200}[unit]
        try:
            return _add_months(d, sign * months)
        except (ValueError, OverflowError):
            pass
    days = amount * _UNIT_DAYS.get(unit, 365.25 * 25)  # a generation ~ 25 years
    return d + _dt.timedelta(days=sign * round(days))


def _qual_range(lo: _dt.date, hi: _dt.date, qual: str) -> tuple[_dt.date, _dt.date]:
    """Narrow [lo, hi] to its early / mid / late part.

    A calendar month: days 1-10 / 11-20 / 21-end. A calendar year: Jan-Apr / May-Aug / Sep-Dec.
    Anything else (decades, centuries): thirds.
    """
    if qual not in ("early", "mid", "late"):
        return lo, hi
    if lo.day == 1 and lo.year == hi.year and lo.month == hi.month and hi.day == _month_last(hi.year, hi.month):
        cuts = {"early": (1, 10), "mid": (11, 20), "late": (21, hi.day)}[qual]
        return lo.replace(day=cuts[0]), lo.replace(day=cuts[1])
    if (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31) and lo.year == hi.year:
        a, b = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[qual]
        return _dt.date(lo.year, a, 1), _dt.date(lo.year, b, _month_last(lo.year, b))
    total = (hi - lo).days + 1
    third = total // 3
    if qual == "early":
        return lo, lo + _dt.timedelta(days=third - 1)
    if qual == "mid":
        return lo + _dt.timedelta(days=third), hi - _dt.timedelta(days=third)
    return hi - _dt.timedelta(days=third - 1), hi


def _norm_qual(q: str | None) -> str:
    if not q:
        return ""
    q = re.sub(r"\s+", " ", q.lower())
    if q in ("early", "mid", "late"):
        return q
    if q in ("the beginning of", "the start of", "the turn of"):
        return "early"
    if q == "the middle of":
        return "mid"
    if q == "the end of":
        return "late"
    return "approximate"


def _future_cue(text: str, pos: int) -> bool:
    """Does the clause before `pos` speak of the future (and no later past cue)?"""
    lo = max(0, pos - 160)
    seg = text[lo:pos]
    cuts = [m.end() for m in _CLAUSE_START_RE.finditer(seg)]
    if cuts:
        seg = seg[cuts[-1]:]
    fut = [m.start() for m in _FUTURE_RE.finditer(seg)]
    if not fut:
        return False
    past = [m.start() for m in _PAST_RE.finditer(seg)]
    return not past or fut[-1] > past[-1]


def _valid(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


# How much further a yearless date ahead of the page counts than one behind it, when nothing in its
# clause speaks of the future: a day ahead wins only within 365 / (1 + 5) = 61 days of the page (the
# CC116 window), so "killed 12 people on Jan. 14" on a page of September 17 is last January 14, where
# counting double (a four-month window) read it as next January's.
YEARLESS_FUTURE_WEIGHT = 5


def _pick_year(published: _dt.date, month: int, day: int | None, future: bool) -> int | None:
    """The year that puts (month, day) closest to P, a future reading's distance weighted by
    YEARLESS_FUTURE_WEIGHT unless `future` (a future cue), when a past reading's counts double."""
    best: tuple[float, int, int] | None = None
    for y in (published.year - 1, published.year, published.year + 1):
        if day is not None:
            d = _valid(y, month, day)
            if d is None:
                continue
            lo = hi = d
        else:
            lo, hi = _dt.date(y, month, 1), _dt.date(y, month, _month_last(y, month))
        if lo <= published <= hi:
            dist, ahead = 0.0, 0
        elif hi < published:
            dist, ahead = float((published - hi).days), 0
        else:
            dist, ahead = float((lo - published).days), 1
        cost = dist * (YEARLESS_FUTURE_WEIGHT if ahead and not future else 2 if not ahead and future and dist else 1)
        key = (cost, ahead if not future else -ahead, y)
        if best is None or key < best:
            best = key
    return best[2] if best else None


# --- candidates -----------------------------------------------------------------------------------


@dataclass
class _Cand:
    start: int
    end: int
    kind: str
    rule: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None
    wd: int | None = None  # stated weekday
    qualifier: str = ""
    lo: _dt.date | None = None
    hi: _dt.date | None = None
    historical: bool | None = None  # forced value
    duration: tuple[float, str] | None = None
    direction: str = ""  # "past" | "future" | "" for durations; weekday mode for weekdays
    rel: str = ""  # relative keyword: "yesterday", "week:this", "ago:3:day", ...
    year_from_text: bool = False
    parts: tuple["_Cand", ...] = ()


def _prefix(text: str, pos: int, width: int = 40) -> str:
    return text[max(0, pos - width):pos]


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"“‘'(")
    return not before or bool(_NOT_AT_START_RE.search(before)) or before.endswith(("\n", ":"))


def _candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    words = set(_WORD_RE.findall(text.lower()))
    has_digit = _DIGIT_RE.search(text) is not None
    for name, rx in _PATTERNS:
        keys, digit_ok = _GATES[name]
        if not ((digit_ok and has_digit) or not words.isdisjoint(keys)):
            continue
        for m in rx.finditer(text):
            c = _HANDLERS[name](text, m)
            if c is not None:
                out.append(c)
    return out


def _h_iso(text: str, m: re.Match) -> _Cand | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not (YEAR_MIN <= y <= YEAR_MAX) or _valid(y, mo, d) is None:
        return None
    return _Cand(m.start(), m.end(), "date", "iso", y, mo, d, year_from_text=True)


def _h_numeric(text: str, m: re.Match) -> _Cand | None:
    a, b, ys = int(m["a"]), int(m["b"]), m["y"]
    # a two-digit year is the nearer century's: "10/1/61" is 1961, "3/4/13" is 2013
    y = int(ys) if len(ys) == 4 else (2000 if int(ys) < TWO_DIGIT_PIVOT else 1900) + int(ys)
    if len(ys) == 2 and m.group(2) == "-":
        return None  # "10-12-25" is more often a score or code than a date
    mo, d = (b, a) if a > 12 and b <= 12 else (a, b)  # month first, unless the first number cannot be a month
    if not YEAR_MIN <= y <= YEAR_MAX or _valid(y, mo, d) is None:
        return None
    return _Cand(m.start(), m.end(), "date", "numeric", y, mo, d, year_from_text=True)


def _day_num(s: str) -> int:
    return int(re.match(r"\d+", s).group(0))


def _h_mdy_dmy(text: str, m: re.Match, rule: str) -> _Cand | None:
    mon = _MONTH_NUM[m["mon"].rstrip(".").lower()]
    d = _day_num(m["d"])
    d2 = _day_num(m["d2"]) if m["d2"] else None
    if rule == "dmy" and m["of"] and not (m["the"] or not m["d"].isdigit()):
        return None  # "5 of June": only "the 5th of June" / "5th of June"
    if d2 is not None and d2 <= d:
        return None
    if rule == "dmy" and not m["y"] and not m["the"] and m["d"].isdigit() and \
            _QUANTITY_BEFORE_RE.search(_prefix(text, m.start("d"))):
        return None  # "at least 12 May attend": a count followed by the modal verb
    if _TITLE_BEFORE_RE.search(_prefix(text, m.start())):
        return None
    y = int(m["y"]) if m["y"] else None
    wd = _WD_NUM[m["wd"].rstrip(".").lower()] if m["wd"] else None
    probe_year = y if y is not None else 2000  # leap year: allow Feb 29 without a year
    if _valid(probe_year, mon, d) is None or (d2 is not None and _valid(probe_year, mon, d2) is None):
        return None
    start = m.start()
    if m["wd"] is None and rule == "dmy" and m["the"] is None:
        start = m.start("d")
    kind = "span" if d2 is not None else "date"
    return _Cand(start, m.end(), kind, rule, y, mon, d, day2=d2, wd=wd, year_from_text=y is not None)


def _h_monthyear(text: str, m: re.Match) -> _Cand | None:
    mon = _MONTH_NUM[m["mon"].rstrip(".").lower()]
    y = int(m["y"])
    return _Cand(m.start(), m.end(), "month", "monthyear", y, mon, year_from_text=True)


def _h_month(text: str, m: re.Match) -> _Cand | None:
    name = m["mon"]
    pre = _prefix(text, m.start())
    after = text[m.end():m.end() + 40]
    trig = bool(_TRIGGER_RE.search(pre))
    if _TITLE_BEFORE_RE.search(pre):
        return None  # "Mr. August", "Prime Minister May"
    if not trig:
        if name in ("May", "March"):
            # the modal verb / the verb / a name: only with an article before and a noun after
            if not (_ARTICLE_RE.search(pre) and _NEXT_LOWER_NOUN_RE.match(after) and not m["pos"]):
                return None
        nxt = _NEXT_CAP_RE.match(after)
        if nxt and not m["pos"] and nxt["w"] not in _WD_NUM and nxt["w"].lower() not in _MONTH_NUM:
            return None  # "June Carter", "August Wilson"
        cap = _CAP_WORD_BEFORE_RE.search(pre)
        if cap and not _NEXT_LOWER_NOUN_RE.match(after) and not _at_sentence_start(text, m.start() - len(cap.group(0))):
            return None  # "Princess June", "Rev. April" style names
    return _Cand(m.start(), m.start() + len(name), "month", "month", month=_MONTH_NUM[name.lower()])


def _h_weekday(text: str, m: re.Match) -> _Cand | None:
    pre = _prefix(text, m.start())
    if _WD_IDIOM_RE.search(pre):
        return None
    mode_m = re.search(r"(?i)\b(this\s+past|this\s+coming|past|coming|last|next|this)\s+$", pre)
    trig = bool(_TRIGGER_RE.search(pre)) or bool(mode_m)
    after = text[m.end("wd"):m.end("wd") + 40]
    nxt = _NEXT_CAP_RE.match(after)
    if (not trig and not m["pos"] and nxt and nxt["w"] not in _WD_NUM
            and nxt["w"].rstrip(".").lower() not in _MONTH_NUM):
        return None  # "the Sunday Times", "Tuesday Group"
    if re.search(r"(?i)\b(?:every|each)\s+$", pre):
        return None  # habitual
    if re.search(r"(?i)\b(?:first|second|third|fourth|last)\s+$", pre) and re.match(r"(?i)\s+of\s+(?:each|every|the)\s+month\b", text[m.end("wd"):]):
        return None  # "on the second Tuesday of each month": a rule, not a day
    start = m.start()
    mode = "past"
    if mode_m:
        w = re.sub(r"\s+", " ", mode_m.group(1).lower())
        mode = {"this past": "last", "past": "last", "last": "last", "this coming": "next",
                "coming": "next", "next": "next", "this": "this"}[w]
        start = m.start() - len(pre) + mode_m.start()
    end = m.end("wd") if not m["part"] else m.end()
    return _Cand(start, end, "weekday", "weekday", wd=_WD_NUM[m["wd"].lower()], direction=mode)


def _h_relday(text: str, m: re.Match) -> _Cand | None:
    w = m["rd"]
    if w[0].isupper() and not _at_sentence_start(text, m.start()):
        pre = _prefix(text, m.start())
        if re.search(r"[A-Za-z]\s*$", pre):
            return None  # "USA Today", "the Today show"
    return _Cand(m.start(), m.end(), "relative_day", "relday", rel=w.lower())


def _h_relday2(text: str, m: re.Match) -> _Cand | None:
    w = re.sub(r"\s+", " ", m["rd"].lower())
    rel = {"the day before yesterday": "-2", "the day after tomorrow": "+2"}.get(w)
    if rel is None:
        first = w.split()[0]
        rel = {"this": "today", "last": "yesterday", "yesterday": "yesterday", "tomorrow": "tomorrow"}[first]
        if first == "this" and w.endswith("night"):
            rel = "today"
        if first == "last" and not w.endswith("night"):
            return None  # "last morning" is not idiomatic
    return _Cand(m.start(), m.end(), "relative_day", "relday2", rel=rel)


def _h_ago(text: str, m: re.Match) -> _Cand | None:
    n = _num_value(m["n"])
    if n is None:
        return None
    unit = _unit_name(m["unit"])
    kind = "relative_day"
    return _Cand(m.start(), m.end(), kind, "ago", rel=f"ago:{n}:{unit}",
                 qualifier="approximate" if m["q"] else "")


def _h_period(text: str, m: re.Match) -> _Cand | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["unit"].lower()
    pre = _prefix(text, m.start())
    if rel == "last" and re.search(r"(?i)\bthe\s+$", pre):
        return None  # "the last year" is a window (duration), handled by the "window" pattern
    end = m.end("unit")
    el = (m["el"] or "").lower()
    return _Cand(m.start(), end, "period", "period", rel=f"{rel}|{unit}|{el}")


def _h_season(text: str, m: re.Match) -> _Cand | None:
    s = m["s"].lower()
    if s == "fall" and m["s"][0].islower() and not re.search(r"(?i)\b(?:the|in|this|last|next|of)\s+$", _prefix(text, m.start())):
        return None  # "prices fall 2026 ..." -- the verb
    return _Cand(m.start(), m.end(), "period", "season", year=int(m["y"]), rel=f"season|{s}",
                 year_from_text=True)


def _h_quarter(text: str, m: re.Match) -> _Cand | None:
    if m["qn"]:
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}[m["qn"].lower()]
        y = m["y"]
    else:
        if m.group(0)[0] != "Q":
            return None
        q, y = int(m["qd"]), m["y2"]
    return _Cand(m.start(), m.end(), "period", "quarter", year=int(y) if y else None, rel=f"quarter|{q}",
                 year_from_text=bool(y))


def _duration_cand(m: re.Match, rule: str, n: float | None, unit: str, direction: str) -> _Cand | None:
    if n is None:
        return None
    unit = _unit_name(unit)
    return _Cand(m.start(), m.end(), "span", rule, qualifier="duration", duration=(float(n), unit),
                 direction=direction)


def _h_window(text: str, m: re.Match) -> _Cand | None:
    dirw = m["dir"].lower()
    has_num = m["n"] is not None
    if dirw in ("last", "next") and not m["the"] and not has_num and not m["q"]:
        return None  # "last year", "next month": periods
    if dirw in ("previous", "following") and not has_num:
        return None  # "the previous week": anchored on the story, not on P; leave to the period logic
    n = _num_value(m["n"]) if has_num else 1.0
    if m["unit"].lower().endswith("s") and not has_num:
        n = 3.0  # "the past years" -- vague plural
    direction = "past" if dirw in _PAST_DIRS else "future"
    if dirw in ("previous", "following"):
        direction = "past-anchored" if dirw == "previous" else "future-anchored"
    return _duration_cand(m, "window", n, m["unit"], direction)


def _h_for(text: str, m: re.Match) -> _Cand | None:
    return _duration_cand(m, "for", _num_value(m["n"]), m["unit"], "past")


def _h_within(text: str, m: re.Match) -> _Cand | None:
    n = _num_value(m["n"]) if m["n"] else 1.0
    return _duration_cand(m, "within", n, m["unit"], "future")


def _h_in_after(text: str, m: re.Match) -> _Cand | None:
    n = _num_value(m["n"])
    pre = text[max(0, m.start() - 80):m.start()]
    cut = [x.end() for x in _CLAUSE_START_RE.finditer(pre)]
    clause = pre[cut[-1]:] if cut else pre
    if m["prep"].lower() == "in" and re.search(r"(?i)\b(?:first|last|highest|lowest|biggest|largest|"
                                               r"worst|best|time|since)\b", clause):
        direction = "past"  # "the first visit in nine years"
    else:
        direction = "future"
    return _duration_cand(m, "in_after", n, m["unit"], direction)


def _h_vague_for(text: str, m: re.Match) -> _Cand | None:
    ahead = bool(re.match(r"\s+to\s+come\b", text[m.end():]))  # "for years to come"
    return _duration_cand(m, "vague_for", 3.0, m["unit"] + "s", "future" if ahead else "past")


def _h_vague_of(text: str, m: re.Match) -> _Cand | None:
    words = m.group(0).split()
    n = _num_value(words[0]) if len(words) > 1 else None
    return _duration_cand(m, "vague_of", n if n is not None else 3.0, m["unit"] + "s", "past")


def _h_recent(text: str, m: re.Match) -> _Cand | None:
    return _duration_cand(m, "recent", 3.0, m["unit"] + "s", "past")


def _h_compound(text: str, m: re.Match) -> _Cand | None:
    n = _num_value(m["n"].replace("-", " "))
    return _duration_cand(m, "compound", n, m["unit"], "")


def _h_yearrange(text: str, m: re.Match) -> _Cand | None:
    y1 = int(m["y1"])
    s2 = m["y2"]
    y2 = int(s2) if len(s2) == 4 else (y1 // 100) * 100 + int(s2)
    if not (y1 < y2 <= y1 + 200) or not (1000 <= y1 <= 2199):
        return None
    a = _Cand(m.start("y1"), m.end("y1"), "year", "year", year=y1, year_from_text=True)
    b = _Cand(m.start("y2"), m.end("y2"), "year", "year", year=y2, year_from_text=True)
    return _Cand(m.start(), m.end(), "span", "yearrange", lo=_dt.date(y1, 1, 1), hi=_dt.date(y2, 12, 31),
                 parts=(a, b))


def _h_decade(text: str, m: re.Match) -> _Cand | None:
    if m["dec"]:
        y = int(m["dec"])
    else:
        pre = _prefix(text, m.start())
        if re.search(r"(?i)\b(?:her|his|their|my|our|your|in\s+its)\s+$", pre):
            return None  # ages ("in her '90s" is rare anyway)
        y = 1900 + int(m["dec2"])
    lo, hi = _qual_range(_dt.date(y, 1, 1), _dt.date(y + 9, 12, 31), (m["q"] or "").lower())
    return _Cand(m.start(), m.end(), "span", "decade", year=None, lo=lo, hi=hi, historical=True,
                 qualifier=(m["q"] or "").lower())


def _h_century(text: str, m: re.Match) -> _Cand | None:
    raw = m["n"].lower()
    n = int(re.match(r"\d+", raw).group(0)) if raw[0].isdigit() else _ORD_NUM.get(raw)
    if not n or n > 22:
        return None
    lo, hi = _dt.date(max(1, (n - 1) * 100 + 1), 1, 1), _dt.date(n * 100, 12, 31)
    q = (m["q"] or "").lower()
    lo, hi = _qual_range(lo, hi, q)
    return _Cand(m.start(), m.end(), "span", "century", lo=lo, hi=hi, historical=True, qualifier=q)


def _h_year(text: str, m: re.Match) -> _Cand | None:
    y = int(m["y"])
    pre = _prefix(text, m.start())
    after = text[m.end():m.end() + 30]
    trig = bool(_TRIGGER_RE.search(pre)) or bool(re.search(r"(?i)\b(?:the\s+year|year|fiscal|FY)\s*$", pre))
    if _YEAR_BAD_PREFIX_RE.search(pre) or _YEAR_BAD_SUFFIX_RE.match(after):
        return None
    if _YEAR_ADDRESS_RE.match(after) and not _YEAR_PREPOSITION_RE.search(pre):
        return None  # "inside 1800 Alder Ave." (but "in 1999 Smith Street was renamed")
    if re.match(r"\s*[-–]\s*\d", after) or re.match(r"[.:]\d", after):
        return None
    if not trig:
        if not (1800 <= y <= 2100):
            return None
        if _YEAR_COUNT_NOUN_RE.match(after) and not _YEAR_EVENT_NOUN_RE.match(after):
            return None  # "2000 troops", "1500 people"
    return _Cand(m.start(), m.end(), "year", "year", year=y, year_from_text=True)


_HANDLERS = {
    "iso": _h_iso,
    "numeric": _h_numeric,
    "mdy": lambda t, m: _h_mdy_dmy(t, m, "mdy"),
    "dmy": lambda t, m: _h_mdy_dmy(t, m, "dmy"),
    "monthyear": _h_monthyear,
    "month": _h_month,
    "weekday": _h_weekday,
    "relday": _h_relday,
    "relday2": _h_relday2,
    "ago": _h_ago,
    "period": _h_period,
    "season": _h_season,
    "quarter": _h_quarter,
    "window": _h_window,
    "for": _h_for,
    "within": _h_within,
    "in_after": _h_in_after,
    "vague_for": _h_vague_for,
    "vague_of": _h_vague_of,
    "recent": _h_recent,
    "compound": _h_compound,
    "yearrange": _h_yearrange,
    "decade": _h_decade,
    "century": _h_century,
    "year": _h_year,
}


# --- context: qualifiers, boundaries, spans -------------------------------------------------------

_POINT_KINDS = ("date", "month", "year")


def _apply_prefixes(text: str, c: _Cand) -> _Cand:
    if c.kind not in ("date", "month", "year", "span") or c.qualifier == "duration":
        return c
    if c.rule in ("decade", "century") and c.qualifier:
        return c
    pre = _prefix(text, c.start, 40)
    qm = _QUAL_PREFIX_RE.search(pre)
    if qm:
        q = _norm_qual(qm["q"] or qm["m"])
        if c.rule in ("decade", "century"):
            if q in ("early", "mid", "late"):
                c.lo, c.hi = _qual_range(c.lo, c.hi, q)
            c.qualifier = q
        elif q == "approximate" and c.kind != "date":
            return c  # "about 2026" is usually "about 2,026"-like noise; "around June" stays plain
        else:
            c.qualifier = q
        c.start -= len(pre) - qm.start()
    return c


def _merge_spans(text: str, cands: list[_Cand]) -> list[_Cand]:
    points = sorted((c for c in cands if c.kind in _POINT_KINDS or c.rule in ("decade",)),
                    key=lambda c: (c.start, -(c.end - c.start)))
    # keep the longest point at each position so that "June 28, 2026" is used, not "June 28"
    maximal = [c for c in points if not any(o is not c and o.start <= c.start and c.end <= o.end
                                            and (o.end - o.start) > (c.end - c.start) for o in points)]
    extra: list[_Cand] = []
    for i, a in enumerate(maximal):
        pre = _prefix(text, a.start, 20)
        sp = _SPAN_PREFIX_RE.search(pre)
        for b in maximal[i + 1:i + 3]:
            gap = text[a.end:b.start]
            if not _SPAN_GAP_RE.fullmatch(gap):
                continue
            joined_by_and = "and" in gap.lower()
            if sp is None and (joined_by_and or not (a.kind == b.kind == "year" or a.kind == b.kind == "date")):
                continue
            if sp is not None and sp["w"].lower() == "between" and not joined_by_and:
                continue
            if sp is not None and sp["w"].lower() == "from" and joined_by_and:
                continue
            a2, b2 = replace(a), replace(b)
            if a2.year is None and b2.year is not None and a2.month is not None:
                a2.year = b2.year if (b2.month is None or a2.month <= b2.month) else b2.year - 1
            start = a.start - (len(pre) - sp.start()) if sp else a.start
            extra.append(_Cand(start, b.end, "span", "fromto", parts=(a2, b2)))
            break
        bp = _BOUNDARY_PREFIX_RE.search(pre)
        if bp and a.rule != "decade":
            w = re.sub(r"\s+", " ", bp["w"].lower())
            if w in ("since", "ever since"):
                extra.append(_Cand(a.start - (len(pre) - bp.start()), a.end, "span", "since",
                                   historical=True, parts=(replace(a),)))
            else:
                a.qualifier = {"by": "deadline", "until": "until", "till": "until", "through": "until",
                               "before": "before", "after": "after"}[w] if not a.qualifier else a.qualifier
    return cands + extra


def _select(cands: list[_Cand]) -> list[_Cand]:
    order = sorted(cands, key=lambda c: (-(c.end - c.start), _PRIORITY.get(c.rule, -1), c.start))
    chosen: list[_Cand] = []
    for c in order:
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


# --- resolution -----------------------------------------------------------------------------------


def _resolve_point(text: str, c: _Cand, published: _dt.date | None) -> dict:
    """Fields for a date/month/year candidate (also used for span endpoints)."""
    out: dict = {"year": c.year, "month": c.month, "day": c.day, "date": None, "earliest": None,
                 "latest": None, "relative": False}
    future = _future_cue(text, c.start)
    year = c.year
    if year is None and c.month is not None and published is not None:
        year = _pick_year(published, c.month, c.day, future)
        out["relative"] = year is not None
    out["year"] = year
    if c.kind == "date" or (c.kind == "span" and c.day is not None):
        if year is None:
            return out
        d = _valid(year, c.month, c.day)  # the span's own month and day, in the year chosen above
        if d is None:
            return out
        out["date"] = d
        out["earliest"] = d
        out["latest"] = _valid(year, c.month, c.day2) if c.day2 else d
        return out
    if c.kind == "month" and year is not None:
        lo, hi = _dt.date(year, c.month, 1), _dt.date(year, c.month, _month_last(year, c.month))
        if c.day is not None:
            lo = hi = _valid(year, c.month, c.day) or lo
        out["earliest"], out["latest"] = _qual_range(lo, hi, c.qualifier)
    elif c.kind == "year" and year is not None:
        out["earliest"], out["latest"] = _qual_range(_dt.date(year, 1, 1), _dt.date(year, 12, 31), c.qualifier)
    elif c.rule == "decade":
        out["earliest"], out["latest"] = c.lo, c.hi
    return out


def _period_range(rel: str, unit: str, el: str, p: _dt.date) -> tuple[_dt.date, _dt.date]:
    sign = {"this": 0, "this past": -1, "last": -1, "next": 1, "this coming": 1}[rel]
    if unit in ("week", "weekend"):
        monday = p - _dt.timedelta(days=p.weekday()) + _dt.timedelta(weeks=sign)
        if rel == "this past" and unit == "weekend" and p.weekday() >= 5:
            monday = p - _dt.timedelta(days=p.weekday())
        lo, hi = (monday, monday + _dt.timedelta(days=6)) if unit == "week" else (
            monday + _dt.timedelta(days=5), monday + _dt.timedelta(days=6))
    elif unit == "month":
        first = _add_months(p.replace(day=1), sign)
        lo, hi = first, first.replace(day=_month_last(first.year, first.month))
    elif unit == "year":
        y = p.year + sign
        lo, hi = _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    elif unit == "quarter":
        q0 = (p.month - 1) // 3 + sign
        y, q = p.year + q0 // 4, q0 % 4
        lo = _dt.date(y, q * 3 + 1, 1)
        hi = _dt.date(y, q * 3 + 3, _month_last(y, q * 3 + 3))
    else:  # seasons
        lo, hi = _season_range(unit, p, sign)
    if el == "earlier" and sign == 0:
        hi = min(hi, p)
    elif el == "later" and sign == 0:
        lo = max(lo, p)
    return lo, hi


def _season_bounds(season: str, year: int) -> tuple[_dt.date, _dt.date]:
    a, b = _SEASONS[season]
    if season == "winter":  # Dec of `year` to Feb of the next
        return _dt.date(year, 12, 1), _dt.date(year + 1, 2, _month_last(year + 1, 2))
    return _dt.date(year, a, 1), _dt.date(year, b, _month_last(year, b))


def _season_range(season: str, p: _dt.date, sign: int) -> tuple[_dt.date, _dt.date]:
    # the season containing P (or the latest one started before P), then shifted by `sign` years
    y = p.year
    lo, hi = _season_bounds(season, y)
    if season == "winter" and p.month <= 2:
        lo, hi = _season_bounds(season, y - 1)
    elif lo > p and sign <= 0:
        if sign == 0:
            return lo, hi  # "this summer" said in spring: the coming one
        lo, hi = _season_bounds(season, lo.year - 1)
        return lo, hi
    if sign:
        lo, hi = _season_bounds(season, lo.year + sign)
    return lo, hi


def _age_historical(latest: _dt.date | None, year: int | None, published: _dt.date | None,
                    reference_year: int | None) -> bool:
    if published is not None:
        return latest is not None and latest < published - _dt.timedelta(days=365)
    y = latest.year if latest is not None else year
    return reference_year is not None and y is not None and y < reference_year


LONG_SPAN_YEARS = 5  # a span of years this long is an era (a war "from 1983-2005"), whenever it ended


def _span_historical(hi: _dt.date | None, published: _dt.date | None, reference_year: int | None,
                     lo: _dt.date | None = None) -> bool:
    """Year-granular explicit spans are background unless they reach the publication year (or,
    without P, the reference year); with neither known they count as background. A span of
    LONG_SPAN_YEARS or more is background even when it reaches that year: no news event lasts that long,
    and a page without a date whose latest year is the span's end would otherwise read it as current."""
    if hi is None:
        return True
    if lo is not None and hi.year - lo.year >= LONG_SPAN_YEARS:
        return True
    if published is None and reference_year is None:
        return True
    return _age_historical(hi, hi.year, published, reference_year)


def _build(text: str, c: _Cand, published: _dt.date | None, reference_year: int | None,
           offset: int) -> TimeExpr | None:
    f: dict = {"kind": c.kind, "qualifier": c.qualifier, "stated_weekday": c.wd}
    p = published
    if c.rule in ("iso", "numeric", "mdy", "dmy", "monthyear", "month", "year"):
        r = _resolve_point(text, c, p)
        f.update(r)
        if c.kind == "date" and r["date"] is None:
            f["kind"] = "month"  # day known, year not: kind "date" is reserved for exact days
            if r["year"] is None:
                f["earliest"] = f["latest"] = None
        if c.kind == "span":  # "June 26-28"
            f["date"] = None
        f["historical"] = _age_historical(f.get("latest"), f.get("year"), p, reference_year)
    elif c.rule == "weekday":
        if p is not None:
            mode = c.direction
            if mode == "past" and _future_cue(text, c.start):
                mode = "future"
            d = resolve_weekday(p, c.wd, mode)
            f.update(kind="date", date=d, year=d.year, month=d.month, day=d.day, earliest=d, latest=d,
                     relative=True)
        f["stated_weekday"] = c.wd
    elif c.rule in ("relday", "relday2", "ago"):
        f["relative"] = True
        if p is not None:
            d, kind, lo, hi = _relday(c.rel, p)
            f.update(kind=kind, earliest=lo, latest=hi)
            if kind == "date":
                f.update(date=d, year=d.year, month=d.month, day=d.day)
            elif kind == "month":
                f.update(year=lo.year, month=lo.month)
            elif kind == "year":
                f.update(year=lo.year)
            f["historical"] = _age_historical(hi, lo.year, p, reference_year)
        elif c.rule == "ago" and c.rel.split(":")[2] not in ("minute", "hour", "day", "week", "fortnight"):
            f["kind"] = "period"
            f["historical"] = c.rel.split(":")[2] in ("year", "decade", "century")  # "four years ago": past, whenever said
    elif c.rule in ("period", "season", "quarter"):
        lo = hi = None
        parts = c.rel.split("|")
        if c.rule == "period":
            rel, unit, el = parts
            if p is not None:
                lo, hi = _period_range(rel, unit, el, p)
                f["relative"] = True
        elif c.rule == "season":
            lo, hi = _season_bounds(parts[1], c.year)
        else:
            q = int(parts[1])
            y = c.year
            if y is None and p is not None:
                y = p.year if q <= (p.month - 1) // 3 + 1 or _future_cue(text, c.start) else p.year - 1
                f["relative"] = True
            if y is not None:
                lo, hi = _dt.date(y, 3 * q - 2, 1), _dt.date(y, 3 * q, _month_last(y, 3 * q))
        f.update(earliest=lo, latest=hi)
        if lo is not None:
            if lo.year == hi.year:
                f["year"] = lo.year
                if lo.month == hi.month:
                    f["month"] = lo.month
        elif c.year is not None:
            f["year"] = c.year
        f["historical"] = _age_historical(hi, f.get("year"), p, reference_year)
    elif c.qualifier == "duration":
        amount, unit = c.duration
        f["duration"] = c.duration
        days = amount * _UNIT_DAYS.get(unit, 365.25 * 25)
        past = c.direction in ("past", "past-anchored")
        fut = c.direction in ("future", "future-anchored")
        f["historical"] = bool(past and days > 60) or (c.direction == "" and days > 60 and c.rule == "compound"
                                                      and _compound_is_past(text, c.start))
        if p is not None and c.rule in ("window", "within", "recent") and c.direction in ("past", "future"):
            if past:
                f.update(earliest=_shift(p, amount, unit, -1), latest=p, relative=True)
            elif fut:
                f.update(earliest=p, latest=_shift(p, amount, unit, +1), relative=True)
    elif c.rule in ("decade", "century"):
        f.update(earliest=c.lo, latest=c.hi, historical=True)
    elif c.rule == "yearrange":
        f.update(earliest=c.lo, latest=c.hi)
        f["historical"] = _span_historical(c.hi, p, reference_year, c.lo)
    elif c.rule in ("fromto", "since"):
        ends = [_resolve_point(text, part, p) if part.rule != "decade" else
                {"earliest": part.lo, "latest": part.hi, "year": None} for part in c.parts]
        lo = ends[0]["earliest"]
        hi = ends[-1]["latest"] if c.rule == "fromto" else p
        f.update(earliest=lo, latest=hi, relative=any(e.get("relative") for e in ends))
        if c.historical is not None:
            f["historical"] = c.historical
        elif any(part.kind == "year" or part.rule == "decade" for part in c.parts):
            f["historical"] = _span_historical(hi, p, reference_year, lo if c.rule == "fromto" else None)  # "from 1910 to 1945"
        else:
            f["historical"] = _age_historical(hi, hi.year if hi else None, p, reference_year)
    else:
        return None
    if f.get("kind") == "date" and f.get("date") is not None:
        f["weekday"] = c.wd if c.wd is not None else f["date"].weekday()
    else:
        f["weekday"] = c.wd
    f.setdefault("historical", False)
    allowed = TimeExpr.__dataclass_fields__
    data = {k: v for k, v in f.items() if k in allowed}
    return TimeExpr(text=text[c.start:c.end], start=c.start + offset, end=c.end + offset, **data)


_COMPOUND_PAST_RE = re.compile(r"(?i)\b(?:after|ending|ended|following|end\s+of|broke|breaking)\s+(?:(?:a|an|the|its|their)\s+)?$")


def _compound_is_past(text: str, pos: int) -> bool:
    """"after a nine-year hiatus": a duration that lies behind the story."""
    return bool(_COMPOUND_PAST_RE.search(_prefix(text, pos, 30)))


def _relday(rel: str, p: _dt.date) -> tuple[_dt.date, str, _dt.date, _dt.date]:
    if rel.startswith("ago:"):
        _, n, unit = rel.split(":")
        amount = float(n)
        d = _shift(p, amount, unit, -1)
        if unit in ("minute", "hour", "day", "week", "fortnight"):
            return d, "date", d, d
        if unit == "month":
            lo = d.replace(day=1)
            return d, "month", lo, lo.replace(day=_month_last(lo.year, lo.month))
        return d, "year", _dt.date(d.year, 1, 1), _dt.date(d.year, 12, 31)
    delta = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "-2": -2, "+2": 2}[rel]
    d = p + _dt.timedelta(days=delta)
    return d, "date", d, d


# --- public ---------------------------------------------------------------------------------------


def find_time_expressions(text: str, *, published: _dt.date | None = None, offset: int = 0,
                          reference_year: int | None = None) -> tuple[TimeExpr, ...]:
    """Time expressions in `text`, in order, offsets shifted by `offset`.

    `published` anchors relative expressions and year-less dates; `reference_year` (used only when
    `published` is None) decides `historical` for years: before it means background. Use
    `reference_year_of` to compute one for a whole document.
    """
    if isinstance(published, _dt.datetime):
        published = published.date()
    if not text:
        return ()
    return _find_cached(text, published, reference_year, offset)


@functools.lru_cache(maxsize=4096)
def _find_cached(text: str, published: _dt.date | None, reference_year: int | None,
                 offset: int) -> tuple[TimeExpr, ...]:
    far = out_of_range_dates(text) if _DIGIT_RE.search(text) else []
    cands = [_apply_prefixes(text, c) for c in _candidates(text)
             if not any(c.start < end and start < c.end for start, end, _ in far)]
    cands = _merge_spans(text, cands)
    out = []
    for c in _select(cands):
        try:
            te = _build(text, c, published, reference_year, offset)
        except (OverflowError, ValueError):  # arithmetic off the calendar's ends (year 1 / 9999)
            try:
                te = _build(text, c, None, reference_year, offset)
            except (OverflowError, ValueError):
                te = None
        if te is not None:
            out.append(te)
    return tuple(out)


def reference_year_of(texts: Iterable[str] | str) -> int | None:
    """The latest year a document states for a point in time (dates, months, years; not durations,
    deadlines, or future-cued mentions) -- the stand-in for the publication year when it is unknown."""
    if isinstance(texts, str):
        texts = [texts]
    best = None
    for t in texts:
        for c in _select(_merge_spans(t, [_apply_prefixes(t, c) for c in _candidates(t)])):
            points = [c]
            if c.rule == "since":
                points = list(c.parts)
            elif c.rule in ("fromto", "yearrange"):
                points = list(c.parts[:1])
            for pt in points:
                if pt.kind not in _POINT_KINDS or pt.year is None or not pt.year_from_text:
                    continue
                if pt.qualifier in ("deadline", "until", "before", "after") or _future_cue(t, c.start):
                    continue
                best = pt.year if best is None else max(best, pt.year)
    return best
