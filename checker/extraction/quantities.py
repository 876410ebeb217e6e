"""How many: a number with what it counts ("at least 12 people were killed", "3,000 troops"),
normalised to a range so "about 100" and 103 agree while "3,000" and "30,000" do not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.extraction.lexicon import lexicon
from checker.extraction.numbers import number_spans
from checker.extraction.topics import stem

_REST = re.compile(r"(?:\s+[a-z][a-z-]*){1,4}", re.IGNORECASE)
_CLOCK = re.compile(r"\s*(?:[ap]\.\s?m\b\.?|[ap]m\b|o'clock\b)", re.IGNORECASE)  # "7 p.m.": a time, not a count
_ADJ_SUFFIX = ("ic", "al", "ive", "ful", "ous", "ed", "ing", "ary", "ese", "ish", "an", "ly")
# Counts of the parties themselves ("the two governments") say how many took part, not how many of a thing.
_PARTY_NOUNS = {"countries", "nations", "governments", "sides", "ministers", "leaders", "parties", "allies", "states", "capitals", "delegations"}
_OUTCOMES = {"deaths", "injuries", "missing", "evacuated", "arrests", "displaced"}  # what happened to the people counted
# People driven from their homes: "14,000 people fled their homes", "42,000 people taking shelter in tents",
# "14,000 people flooded into camps on high ground", "sought refuge" ("displaced", "homeless" and
# "refugees" themselves are synonyms in the lexicon)
_DISPLACED = re.compile(
    r"^(?:\w+\s+){0,2}?(?:(?:fled|left|abandoned|lost)\s+their\s+homes|tak(?:ing|en)\s+shelters?|sheltering"
    r"|sought\s+(?:refuge|shelter)|(?:fled|flooded|poured|streamed|crowded)\s+(?:in)?to\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:camps?|shelters?|tents?|evacuation\s+cent(?:re|er)s?|(?:higher|high)\s+ground))\b")
_BARE_PEOPLE = {"people", "persons", "residents", "civilians", "others", "children", "adults", "workers"}
# "a mother of 12 killed in crossfire": the number after a parent's "of" counts the children, not the dead
_PARENTS = {"mother", "father", "mom", "mum", "dad", "parent", "parents", "grandmother", "grandfather", "grandparents"}


@dataclass(frozen=True)
class Quantity:
    surface: str
    start: int
    end: int
    value: float
    low: float
    high: float | None
    unit: str
    qualifier: str
    unit_label: str = ""  # the counted noun as written, for reports


_QUALIFIER_WORDS = {"about", "around", "at", "least", "more", "than", "nearly", "almost", "some", "over", "up", "to",
                    "roughly", "approximately", "estimated", "an", "close", "fewer", "less"}
_PREPOSITIONS = {"from", "of", "in", "on", "at", "to", "for", "with", "by", "into", "across", "without"}


def _unit(words: list[str], before: list[str]) -> tuple[str, int]:
    """The counted noun as a comparable key, and how many of `words` it used.

    "12 people were killed" and "killed 12 people" are both deaths; "300 residents from their homes"
    counts residents, not homes: the search stops at a preposition.
    """
    syn = lexicon().quantity_synonyms
    if words and words[0] in _BARE_PEOPLE and _DISPLACED.match(" ".join(words[1:6])):
        return "displaced", 1
    if words and words[0] in _BARE_PEOPLE:
        # "killed 12 people", "killing at least 40 people": the verb right before (past any qualifier);
        # "the deaths of 12 people", "the injury of six others": the outcome named before "of"
        rest = [w for w in before if w]
        while rest and rest[-1] in _QUALIFIER_WORDS:
            rest.pop()
        if len(rest) >= 2 and rest[-1] == "of" and syn.get(rest[-2]) in _OUTCOMES:
            return syn[rest[-2]], 1  # not "the homes of 12 people": what befell them, not what they own
        if rest and rest[-1] in syn:
            return syn[rest[-1]], 1
    found = []
    for i, w in enumerate(words[:4]):
        if w in _PREPOSITIONS or w in ("and", "or", "but"):
            break
        if w in syn:
            found.append((syn[w], i + 1))
    if found:
        # "24 soldiers who were injured" counts injuries, not soldiers: what happened to them wins
        return next((f for f in found if f[0] in _OUTCOMES), found[0])
    if words and words[0] in _BARE_PEOPLE:
        return "people", 1
    if len(words) >= 2 and words[0].endswith(_ADJ_SUFFIX) and words[1] not in lexicon().stopwords:
        return stem(words[1]), 2
    if words and words[0] not in lexicon().stopwords:
        return stem(words[0]), 1
    return "", 0


def qualified_range(value: float, qualifier: str) -> tuple[float, float | None]:
    """What a figure with a qualifier allows: "at least 12" has no upper bound, "about 100" is 90-110,
    "nearly 50" is 43-50; a figure without one is itself."""
    if qualifier in ("at least", "more than", "over"):
        return value, None
    if qualifier in ("up to", "fewer than", "less than", "under"):
        return 0.0, value
    if qualifier in ("nearly", "almost", "close to"):
        return value * 0.85, value
    if qualifier:
        return value * 0.9, value * 1.1
    return value, value


def quantities(text: str, offset: int = 0, skip: list[tuple[int, int]] = ()) -> list[Quantity]:
    """Counted quantities in one sentence; `skip` holds spans (e.g. dates) that are not counts."""
    lex = lexicon()
    out: list[Quantity] = []
    spans = number_spans(text)
    for i, number in enumerate(spans):
        s = number.start + offset
        if any(a <= s < b for a, b in skip):
            continue
        value, written = number.value, text[number.start : number.end]
        if written.isdigit() and 1800 <= value <= 2100:
            continue  # a year, not a count
        if text[number.end : number.end + 1] == "-" or (number.end < len(text) and text[number.end].isalnum()):
            continue  # "nine-year hiatus", "31-24", "5km": a modifier, a score or a measure glued on
        if _CLOCK.match(text, number.end):
            continue
        if written.lower() == "one":
            continue  # "one reason", "one day": a determiner far more often than a count
        rest = _REST.match(text, number.end)
        words = (rest.group(0) if rest else "").lower().split()
        if words and words[0] in _PARTY_NOUNS:
            continue
        before_words = re.findall(r"[a-z]+", text[: number.start].lower())
        if before_words[-1:] == ["of"] and before_words[-2:-1] and before_words[-2] in _PARENTS:
            continue  # "a mother of 12": her children, whatever verb follows
        partner = _coordinated(text, spans, i)
        if partner is not None and (before_words[-1:] == ["between"] or text[number.end:spans[i + 1].start].strip().lower() == "or"):
            continue  # "between 10 and 20 people", "three or four people": one count, a range read with the second number
        if partner is not None:  # "7.6 and 7.5 magnitude quakes": both count what the second names
            words = partner
        unit, used = _unit(words, before_words)
        if partner is not None:
            used = 0
        if not float(value).is_integer() and value < 10 and (words[:1] and words[0] in _MAGNITUDE_NOUNS or before_words[-1:] == ["magnitude"]):
            unit = "magnitude"  # "a 6.8 earthquake", "magnitude 6.8"
        if (not unit or used == 0) and "toll" in before_words[-10:]:
            unit, used = "deaths", 0  # "the death toll has risen to 46"
        if not unit or unit in lex.stopwords:
            continue
        before = text[: number.start].lower()
        qualifier = next((q for q in lex.approximators if before.rstrip().endswith(q)), "")
        low, high = qualified_range(value, qualifier)
        paired = _range_start(text, spans, i)
        if paired is not None and not qualifier:
            low, high = min(paired, value), max(paired, value)
        end = rest.start() + len(" ".join(rest.group(0).split()[:used])) + 1 if used else number.end
        surface = text[number.start : end].strip()
        label = unit if unit in set(lex.quantity_synonyms.values()) else (words[used - 1] if used else unit)
        out.append(Quantity(surface, s, s + len(surface), value, low, high, unit, qualifier, label))
    return out


def _coordinated(text: str, spans, i: int) -> list[str] | None:
    """The words after the next number when this one is joined to it by "and"/"or" ("7.6 and 7.5
    magnitude quakes"): both count what the second names. None otherwise."""
    if i + 1 >= len(spans):
        return None
    between = text[spans[i].end : spans[i + 1].start].strip().lower()
    if between not in ("and", "or"):
        return None
    rest = _REST.match(text, spans[i + 1].end)
    return (rest.group(0) if rest else "").lower().split()


def _range_start(text: str, spans, i: int) -> float | None:
    """The first number of "between 10 and 20" or "three or four" when number i is the second."""
    if i == 0:
        return None
    between = text[spans[i - 1].end : spans[i].start].strip().lower()
    if between == "or" or (between == "and" and re.search(r"\bbetween\s*$", text[: spans[i - 1].start], re.IGNORECASE)):
        return spans[i - 1].value
    return None


def is_event_count(unit: str) -> bool:
    """Counts of what happened in the event (deaths, arrests, a quake's magnitude): the only counts
    worth setting against another source's (lexicon `compared_units`)."""
    units = lexicon().compared_units
    return unit in units or unit in {stem(u) for u in units}


_MAGNITUDE_NOUNS = {"quake", "earthquake", "tremor", "aftershock", "magnitude"}


def is_measure(unit: str) -> bool:
    """Percentages, money, distances and durations: numbers that need "of what" to be compared."""
    measures = lexicon().measure_units
    return unit in measures or unit in {stem(u) for u in measures}


def quantity_relation(a: Quantity, b: Quantity) -> str:
    """"agree" when two bounded ranges overlap ("about 100" / 103), "conflict" when no range overlaps,
    "unknown" when only an open bound makes them fit ("at least 40" / 80 says nothing either way)."""
    if not compatible(a, b):
        return "conflict"
    return "agree" if a.high is not None and b.high is not None and a.low > 0 and b.low > 0 else "unknown"


def compatible(a: Quantity, b: Quantity) -> bool:
    """Two counts of the same thing agree when their ranges overlap."""
    a_high = a.high if a.high is not None else float("inf")
    b_high = b.high if b.high is not None else float("inf")
    return a.low <= b_high and b.low <= a_high
