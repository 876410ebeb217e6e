"""How old a named person is, as news text states it right beside the name: "Lena Hart, 33,", "Hart,
33.", "33-year-old actress Lena Hart", "Lena Hart (33)", "Lena Hart, aged 33,".

An age is a fact about a person, like a hometown (checker.extraction.origins), and outlets copying one
another get it wrong the same way; rules/age_conflict.py compares one person's ages across the reports
of one story. Only these shapes are read: "when he was 19", "at 19" and "then-19-year-old" give an age
at another time, and "a 33-year-old man" names nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OLDEST = 119
_DIGIT = re.compile(r"\d")
# ", 33," / ", 33." / ", aged 33," / " (33)" right after the name; never ", 33,000" or ", 33-year".
_AFTER = re.compile(r"(?:\s*,\s*(?:aged\s+)?|\s+\()(?P<age>\d{1,3})(?P<close>\))?(?![\d,.]?\d|-|\s*(?:%|percent|per\b|years?\b|points?\b))")
_AFTER_END = re.compile(r"\s*(?:[,.;:)]|$|\s(?:and|was|is|who|has|had|were|said|says|told|of|from|will|died|pleaded)\b)")
# "33-year-old actress Lena Hart": up to two lower-case words (a calling) between the age and the name;
# never "then-29-year-old" (an age at another time: the hyphen before the figure rules it out), nor
# across a possessive ("the 33-year-old actress's rep Jack Marovitz": the age is the actress's)
_BEFORE = re.compile(r"(?<![\w-])(?P<age>\d{1,3})-year[- ]old\s+(?:[a-z][a-z-]*\s+){0,2}$")  # "23-year old" too


@dataclass(frozen=True)
class Age:
    person_key: str  # the participant key of the person ("name:tara reid", "person:jane roe")
    person: str  # the name as written
    surface: str  # the age as written ("33", "33-year-old")
    start: int  # offsets of the age into the source text
    end: int
    years: int


def ages(text: str, offset: int, people) -> list[Age]:
    """Ages stated beside the people mentioned in one sentence (`people`: that sentence's participant
    mentions of kind person or name, offsets into the source text)."""
    if not _DIGIT.search(text):
        return []
    out: list[Age] = []
    year_old = "-year" in text  # most sentences: no "33-year-old" to look back for
    for m in people:
        rel_start, rel_end = m.start - offset, m.end - offset
        after = _AFTER.match(text, rel_end)
        if after and (after.group("close") or _AFTER_END.match(text, after.end())):
            out.append(_age(m, after, text, offset))
            continue
        before = _BEFORE.search(text, 0, rel_start) if year_old else None
        if before:
            out.append(_age(m, before, text, offset))
    return [a for a in out if 0 < a.years <= OLDEST]


def _age(mention, match: re.Match, text: str, offset: int) -> Age:
    """The age of `match` as a claim span: "33" after a name, "33-year-old" before one."""
    start, end = match.start("age"), match.end("age")
    if text.startswith(("-year-old", "-year old"), end):
        end += len("-year-old")
    return Age(mention.key, mention.value, text[start:end], start + offset, end + offset, int(match.group("age")))
