"""A named player's total in one game: "Tomas Ardell scored 27 points", "Smith finished with 12
rebounds", "Ortiz made nine saves".

Reports of one game give its players' totals, copied from one box score, so two outlets crediting a
player with different totals disagree on a fact. A total is read only right after the player's name
(a clause set off by commas may stand between: "Ardell, a junior, scored 27 points"), after a verb
that states a game's total, and not when the words around it make it part of a game ("in the first
half", "during a 15-2 run") or more than one ("career points", "averaging 23 points", "this season").
rules/number_conflict.py compares totals of one kind of one player (quantity unit
"stat:<noun>:<person key>").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.extraction.numbers import word_number

UNIT_PREFIX = "stat:"

_NOUNS = ("points", "rebounds", "assists", "goals", "saves", "touchdowns", "steals", "blocks")
_VERBS = ("scored", "had", "finished with", "ended with", "poured in", "added", "totaled", "totalled", "tallied",
          "racked up", "netted", "made", "grabbed", "pulled down", "dished out", "threw", "collected")
_TOTAL = re.compile(
    r"(?i)^(?:\s*,[^,.;:]{1,60},)?\s+(?P<verb>" + "|".join(v.replace(" ", r"\s+") for v in _VERBS) + r")\s+"
    r"(?:a\s+)?(?:(?:game|season|career)[- ]high\s+)?(?P<n>\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(?P<noun>" + "|".join(_NOUNS) + r")\b")
# A part of a game, or more than one game, within a few words after the total.
_NOT_ONE_GAME = re.compile(r"(?i)^[^.;:]{0,40}?\b(?:in\s+the\s+(?:first|second|third|fourth|final|last|opening)\b|"
                           r"in\s+overtime|during|over\s+the|this\s+season|last\s+season|per\s+game|a\s+game|career|"
                           r"in\s+(?:his|her|their)\s+(?:last|first|past)|in\s+\w+\s+games|all\s+season|so\s+far)")


@dataclass(frozen=True)
class StatLine:
    surface: str
    start: int  # offsets into the source text
    end: int
    person: str  # the mention key, "name:tomas ardell"
    name: str  # as written: "Tomas Ardell"
    noun: str  # "points", "rebounds", ...
    value: float


def stat_lines(text: str, offset: int, named: list) -> list[StatLine]:
    """The game totals the sentence credits to its named people (`named`: mentions with offsets into
    the source text, as checker.extraction.participants.mentions gives them)."""
    out = []
    for m in named:
        after = text[m.end - offset:]
        found = _TOTAL.match(after)
        if not found or _NOT_ONE_GAME.match(after[found.end():]):
            continue
        n = found.group("n")
        value = float(n) if n.isdigit() else word_number(n)
        if value is None:
            continue
        start = m.end + found.start("n")
        out.append(StatLine(after[found.start("n"):found.end()], start, m.end + found.end(), m.key, m.value,
                            found.group("noun").lower(), value))
    return out
