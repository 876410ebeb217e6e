"""Which happening a time or place in a sentence belongs to, without a parser.

"Police said the woman was killed Wednesday night; the driver was charged Friday": Wednesday belongs
to the killing, Friday to the charge. English puts a time or place right after the verb it modifies,
or at the head of the sentence before it ("On Friday, a quake struck"), so the nearest verb before the
value (else the nearest after it) is its governor. A verb is an event word of the lexicon (its action
says which kind of happening), or another verb in the past tense ("confirmed", "apologized", "went"),
which dates something other than the event, unless an event word is its subject ("the quake flattened
the town on Saturday"). nltk's taggers need downloaded data, which users may not
have: the past-tense test here is spelling plus a short list of irregular verbs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.extraction.lexicon import lexicon
from checker.extraction.triggers import find_triggers, words

REACH = 8  # lower-case words between a value and its verb (names in between do not count: "checked into
# the Harlow Ridge Clinic in Palo Alto, Calif., on Thursday")
SUBJECT_REACH = 3  # words between an event word and the verb it is the subject of ("a fire quickly spread")
_IRREGULAR_PAST = frozenset(
    "said told went came took made left began saw gave got found ran fled stood spoke sent put kept brought "
    "thought felt lost broke chose drove fell flew led paid rose sold sought swore threw wrote became knew "
    "heard meant met held won beat hit hurt struck stole shot taken flown fallen beaten stolen thrown slain driven "
    "broken".split()
)
_NOT_PAST = frozenset("hundred kindred sacred naked wicked beloved aged red bed shed need speed indeed".split())
# A full stop inside one sentence ends an abbreviation ("Calif."), not a clause; a colon in "1:30" neither.
_CLAUSE_END = re.compile(r";|:\s|[!?]")


@dataclass(frozen=True)
class Governor:
    word: str
    action: str | None  # the lexicon's action for an event word; None for another verb


def is_past_verb(word: str) -> bool:
    w = word.lower()
    if w in _IRREGULAR_PAST:
        return True
    return len(w) >= 5 and w.endswith("ed") and not w.endswith("eed") and w not in _NOT_PAST and "-" not in w  # not "one-sided"


def governor(sentence: str, start: int, end: int) -> Governor | None:
    """The verb a value at [start, end) of `sentence` (offsets into it) most likely modifies."""
    found = words(sentence)
    by_word: dict[int, str] = {}
    for t in find_triggers(sentence):
        last = next((i for i in range(t.word_index, len(found)) if found[i].end() >= t.end), t.word_index)
        for i in range(t.word_index, last + 1):
            by_word[i] = t.action
    first = next((i for i, m in enumerate(found) if m.start() >= start), len(found))
    last = max((i for i, m in enumerate(found) if m.end() <= end), default=first - 1)
    after = last + 1
    if after < len(found) and found[after].group(0).lower() in ("'s", "’s", "s"):
        after += 1  # "Sunday's vote"
    if after in by_word and not sentence[end:found[after].start()].strip(" '’s"):
        return Governor(found[after].group(0), by_word[after])  # "the December 13 election": the election's day
    for side in (range(first - 1, -1, -1), range(last + 1, len(found))):
        found_verb = _nearest_verb(side, found, by_word, sentence, start, end, first, REACH)
        if found_verb is None:
            continue
        i, gov = found_verb
        if i > last and _trailing_attribution(sentence, end, found[i]):
            # "fell 2,000 feet while climbing to a hut ... on Thursday, police said": the day is the
            # fall's, however far back its verb stands; the statement ends the sentence after a comma
            earlier = _nearest_verb(range(first - 1, -1, -1), found, by_word, sentence, start, end, first, None)
            return earlier[1] if earlier else None
        return gov
    return None


def _nearest_verb(side, found, by_word, sentence: str, start: int, end: int, first: int, reach: int | None):
    """The first verb along `side` (word indices walking away from the value) within the clause and
    `reach` lower-case words (None: no limit), with its index."""
    distance = 0
    for i in side:
        between = sentence[found[i].end():start] if i < first else sentence[end:found[i].start()]
        if _CLAUSE_END.search(between):
            return None  # another clause
        if i in by_word:
            return i, Governor(found[i].group(0), by_word[i])
        if is_past_verb(found[i].group(0)):
            subject = next((by_word[j] for j in range(i - 1, max(i - 1 - SUBJECT_REACH, -1), -1) if j in by_word), None)
            return i, Governor(found[i].group(0), subject)  # "the quake flattened X on Saturday": the quake's day
        distance += found[i].group(0)[0].islower()
        if reach is not None and distance >= reach:
            return None
    return None


_TRAILING_SAYER = re.compile(r"^\s*,\s*(?:[A-Za-z.’'-]+\s+){0,3}$")  # ", police said", ", a spokesman said"


def _trailing_attribution(sentence: str, end: int, verb: re.Match) -> bool:
    """The verb after a value is one of saying that follows a comma and at most a few words of who
    says it, and nothing but the sentence's end follows the verb: the value belongs to what is said."""
    if verb.group(0).lower() not in lexicon().attribution_after:
        return False
    if not _TRAILING_SAYER.match(sentence[end:verb.start()]):
        return False
    return not re.search(r"[A-Za-z0-9]", sentence[verb.end():])
