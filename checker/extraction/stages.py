"""The day set for a stage of a competition a story looks ahead to ("heading into Tuesday's semifinals").

A report of a quarterfinal, or of a player's arrest, often names the day of the next game: a fact other
reports give too, and one a slip or an edit gets wrong. That day is not the day of the reported event.
It is read as the day set for that stage, keyed by the stage, and compared only with the days other
reports set for the same stage (rules/date_conflict.py, as "the day set for a later step").
"""

from __future__ import annotations

import re
from functools import lru_cache

from checker.extraction.lexicon import lexicon

STAGE_REACH = 6  # words between a day and the stage it is set for ("in the semifinals Saturday afternoon")
POSSESSIVE_REACH = 4  # words between "Sunday's" and its stage ("Sunday's AFC divisional playoff game")
RESULT_REACH = 4  # words before a day within which a verb of result makes it a game already played

# A stage word used as an adjective of time ("the final minutes", "final day") is no stage.
_NOT_A_STAGE_AFTER = ("day", "days", "minute", "minutes", "second", "seconds", "week", "weeks", "time", "hour",
                      "hours", "stretch", "whistle", "score", "quarter", "period", "year", "season", "years", "months")
# "Friday's second semifinal", "the other quarterfinal": one of several games of that stage, which need
# not share a day.
_ONE_OF_SEVERAL = re.compile(r"(?i)\b(?:first|second|third|fourth|other|another|both|two|early|late|opening)\s+(?:[\w-]+\s+)?$")
# Between a day and a stage, these keep them apart: another day ("in the semifinals Saturday after Ennis
# won Friday"), or words setting the day off from the stage ("arrested on Jan. 6, five days before the
# playoff").
_APART = re.compile(r"(?i)\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|before|after|since|ahead|until|days?|weeks?)\b")
_WORD = re.compile(r"[\w'’.-]+")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    lex = lexicon()
    stages = "|".join(re.escape(s) for s in lex.contest_stages)
    stage = re.compile(rf"(?i)\b(?P<stage>{stages})s?\b(?!\s+(?:{'|'.join(_NOT_A_STAGE_AFTER)})\b)")
    ahead = re.compile(r"(?i)(?:^|(?<=\W))(?:" + "|".join(re.escape(c) for c in lex.contest_ahead_cues) + r")\b")
    results = sorted(w for w, a in lex.event_triggers.items() if a in ("match", "result")
                     and w.endswith(("ed", "won", "beat", "beats", "wins")))
    result = re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, results + ["lost", "fell", "edged", "outlasted", "routed"])) + r")\b")
    return stage, ahead, result


@lru_cache(maxsize=1)
def _stage_tails() -> tuple[str, ...]:
    """The last word of each stage, without those holding another ("semifinal" holds "final")."""
    tails = {stage.split()[-1].lower() for stage in lexicon().contest_stages}
    return tuple(sorted(t for t in tails if not any(o != t and o in t for o in tails)))


def might_name_a_stage(text: str) -> bool:
    """A cheap test before reading a sentence's days for stages (a plain substring test first: most
    sentences name none, and the regular expression costs ten times as much)."""
    lowered = text.lower()
    return any(t in lowered for t in _stage_tails()) and _patterns()[0].search(text) is not None


def _key(surface: str) -> str:
    """One key per stage, however written: "Semi-finals" -> "semifinal"."""
    word = surface.lower().replace("-", "")
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def stage_of_day(text: str, start: int, end: int) -> str | None:
    """The stage the day at text[start:end] is set for, or None.

    The day is possessive before its stage ("Sunday's AFC divisional playoff game"), or the stage is
    within STAGE_REACH words of it in its clause ("a playoff looming on Tuesday", "will play Saturday in a
    1:35 pm semifinal") with no other day, and nothing that sets the day off from it ("on Jan. 6, five
    days before the playoff"), between; and the sentence looks ahead (lexicon
    `contest_ahead_cues`: "will", "heading into", "ahead of"). A day a verb of result comes just before
    ("beat Dunmore on Friday in the quarterfinals") is of a game already played."""
    stage_re, ahead_re, result_re = _patterns()
    if not ahead_re.search(text):
        return None
    before_words = _WORD.findall(text[:start])[-RESULT_REACH:]
    if result_re.search(" ".join(before_words)):
        return None
    after = text[end:]
    possessive = re.match(r"['’]s\s+", after)
    if possessive:
        phrase = re.split(r"[,;:.!?()]", after[possessive.end():], maxsplit=1)[0]
        found = stage_re.search(phrase)
        near = found and len(_WORD.findall(phrase[:found.start()])) <= POSSESSIVE_REACH
        return _key(found.group("stage")) if near and not _ONE_OF_SEVERAL.search(phrase[:found.start()]) else None
    clause_start = max((m.end() for m in re.finditer(r"[;()—–]|[:.!?]\s", text[:start])), default=0)
    clause_end = min((m.start() for m in re.finditer(r"[;()—–]|[:.!?](?:\s|$)", text[end:])), default=len(after)) + end
    candidates = []
    for m in stage_re.finditer(text, clause_start, clause_end):
        if m.end() <= start:
            between = text[m.end():start]
        elif m.start() >= end:
            between = text[end:m.start()]
        else:
            continue
        if _ONE_OF_SEVERAL.search(text[max(0, m.start() - 20):m.start()]):
            continue
        if len(_WORD.findall(between)) <= STAGE_REACH and not _APART.search(between):
            candidates.append((len(between), _key(m.group("stage"))))
    return min(candidates)[1] if candidates else None


VENUE_REACH = 3  # words between a stage (or its day) and the "at" of its venue: "playoff game at Lindmoor"
_VENUE_BEFORE = re.compile(r"(?i)\b(?:at|in)\s+(?:the\s+)?$")


def venue_of(text: str, start: int, days: list[tuple[int, int, str]]) -> str | None:
    """The stage a place at text[start:] is the venue of, or None: "at" or "in" right before it, at most
    VENUE_REACH words after one of the sentence's stage days or after that stage's word, in one clause
    ("Sunday's divisional playoff game at Lindmoor", "a playoff looming on Sunday at Lindmoor").
    `days`: (start, end, stage) of the days the sentence sets for stages (`stage_of_day`)."""
    cue = _VENUE_BEFORE.search(text, 0, start)
    if not cue or cue.end() != start:
        return None
    stage_re = _patterns()[0]
    for day_start, day_end, stage in days:
        ends = [day_end] + [m.end() for m in stage_re.finditer(text, 0, cue.start()) if _key(m.group("stage")) == stage]
        for end in ends:
            between = text[end:cue.start()]
            if end <= cue.start() and len(_WORD.findall(between)) <= VENUE_REACH and not re.search(r"[,;:()]", between):
                return stage
    return None
