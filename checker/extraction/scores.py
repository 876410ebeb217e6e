"""A game's final score with the side it was against: "defeated Corwin 65-53", "a 65-53 victory over
Corwin", "lost to Harwick 88-72".

Sports copy is full of number pairs that are no final score: records ("improved to 25-7", "(52-3, 46
KOs)"), runs ("a 15-2 run"), the score at half time or at some minute ("led 33-26 at the half", "made
it 19-12"), other games of the day ("Wexham State, which defeated Dunmore 51-50"). Only a pair
that a word of winning or losing joins to a named opponent is read, and the opponent is kept with it:
rules/score_conflict.py compares scores against one opponent only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.extraction.participants import person_key

_SCORE = r"(?P<a>\d{1,3})\s?[-–]\s?(?P<b>\d{1,3})(?![\d–-])"
_TEAM = r"(?:the\s+)?(?:No\.\s?\d+\s+)?(?:\d+(?:st|nd|rd|th)-(?:ranked|seeded)\s+)?(?P<team>[A-Z][\w.'’&-]*(?:\s+(?:of\s+)?[A-Z][\w.'’&-]*){0,3})"
_WON = (r"beat|beats|beating|defeated|defeats|defeating|edged|edges|edging|routed|routs|downed|downs|topped|tops|"
        r"outlasted|outlasts|stunned|stuns|upset|upsets|blanked|thrashed|crushed|trounced|dispatched|overpowered|"
        r"lost\s+to|loses\s+to|losing\s+to|fell\s+to|falls\s+to|falling\s+to|knocked\s+off|held\s+off|rallied\s+past")
_RESULT_NOUN = r"victory|win|triumph|loss|defeat|setback|rout|drubbing|thrashing"
_PATTERNS = (
    # "defeated Corwin 65-53", "beat the Foxes, 65-53", "lost to Harwick 88-72"
    re.compile(r"(?<![\w-])(?:" + _WON + r")\s+" + _TEAM + r",?\s+(?:by\s+)?" + _SCORE),
    # "a 65-53 victory over Corwin", "Friday's 88-72 setback at Harwick", "a 31-24 loss to the Pioneers"
    re.compile(r"(?<![\w-])" + _SCORE + r"\s+(?:" + _RESULT_NOUN + r")\s+(?:over|against|to|at)\s+" + _TEAM),
)


# one named side winning or losing against another, with or without a score, or a named side with a
# score after it (see `contest`)
_CONTEST = re.compile(r"(?<![\w-])(?:(?:" + _WON + r")\s+|(?:" + _RESULT_NOUN + r")\s+(?:over|against)\s+)" + _TEAM
                      + r"|(?<![\w-])[A-Z][\w.'’&-]*,?\s+" + _SCORE)


def contest(text: str) -> bool:
    """Does the sentence tell a side winning or losing against a named other ("Kentucky routed Florida",
    "Texas lost to Oklahoma", "a victory over Corwin", "rolled over Auburn 42-14")?"""
    return _CONTEST.search(text) is not None


@dataclass(frozen=True)
class Score:
    surface: str  # the score as written ("65-53")
    start: int  # offsets of the score into the source text
    end: int
    points: tuple[int, int]  # the two sides' points, higher first: who scored which is not compared
    opponent: str  # the named side it was against, as a key ("drake")
    opponent_name: str  # as written


def scores(text: str, offset: int = 0) -> list[Score]:
    """Final scores with their opponent in one sentence."""
    if not re.search(r"\d\s?[-–]\s?\d", text):
        return []
    out: dict[int, Score] = {}
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            a, b = int(m.group("a")), int(m.group("b"))
            team = m.group("team").rstrip(".")  # "at Harwick." ends the sentence
            start, end = m.start("a"), m.end("b")
            out.setdefault(start, Score(text[start:end], start + offset, end + offset, (max(a, b), min(a, b)),
                                        person_key(team), team))
    return [out[k] for k in sorted(out)]
