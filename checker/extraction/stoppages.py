"""When a bout was stopped: "stopped the fight 44 seconds into the seventh round", "knocked him out at
2:59 of the third round", "after 132 seconds of the seventh round".

A knockout or a stopped bout ends once, at one moment of one round, which the reports of the fight
give and outlets copy from one another; rules/number_conflict.py compares those moments round by round
(quantity unit "stoppage:round N"). Only in a sentence with a word of stopping ("stopped", "knockout",
"TKO"): the moment of a goal or a knockdown is one of many in a game.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.extraction.numbers import word_number

UNIT_PREFIX = "stoppage:"

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
_ROUND = (r"(?:the\s+)?(?:(?P<ord>" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))\s+round|round\s+(?P<num>\d{1,2}))\b")
_AMOUNT = re.compile(r"(?i)\b(?P<n>\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(?P<unit>seconds?|minutes?)\s+(?:into|of)\s+" + _ROUND)
_CLOCK = re.compile(r"(?i)\b(?P<m>\d{1,2}):(?P<s>[0-5]\d)\s+(?:into|of|in)\s+" + _ROUND)
_STOPPING = re.compile(r"(?i)\b(?:stop(?:ped|ping|s|page)?|knock(?:ed|s|ing)?\s+(?:\w+\s+)?out|knockout|k\.?o\.?|t\.?k\.?o\.?|"
                       r"waved\s+off|halted|counted\s+out|finished)\b")


@dataclass(frozen=True)
class Stoppage:
    surface: str
    start: int  # offsets into the source text
    end: int
    round: int
    seconds: float


def _round(m: re.Match) -> int | None:
    if m.group("num"):
        return int(m.group("num"))
    word = m.group("ord").lower()
    return _ORDINALS.get(word) or int(re.match(r"\d+", word).group(0))


def stoppages(text: str, offset: int = 0) -> list[Stoppage]:
    """The moments a bout was stopped that the sentence states, in order."""
    if "round" not in text.lower() or not _STOPPING.search(text):
        return []  # the substring test first: most sentences name no round, and it costs a tenth of the search
    out = []
    for m in _AMOUNT.finditer(text):
        n = m.group("n")
        amount = float(n) if n.isdigit() else word_number(n)
        if amount is None:
            continue
        seconds = amount * (60 if m.group("unit").lower().startswith("minute") else 1)
        out.append(Stoppage(m.group(0), offset + m.start(), offset + m.end(), _round(m), seconds))
    for m in _CLOCK.finditer(text):
        seconds = 60 * int(m.group("m")) + int(m.group("s"))
        out.append(Stoppage(m.group(0), offset + m.start(), offset + m.end(), _round(m), float(seconds)))
    return sorted(out, key=lambda s: s.start)
