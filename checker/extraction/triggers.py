"""Event words in a sentence: the lexicon's single words and phrases, with what each names.

A phrase wins over the words in it, so "opened fire" names a shooting while "fired" alone names a
dismissal, and a phrase the lexicon maps to "" ("came under fire", "a man named") names nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.extraction.lexicon import lexicon

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@dataclass(frozen=True)
class Trigger:
    action: str
    start: int  # offsets into the text given to find_triggers
    end: int
    word_index: int  # position among the text's words (see `words`)
    length: int = 1  # how many words it spans (a phrase: its words)


def words(text: str) -> list[re.Match]:
    """The words find_triggers counts positions in."""
    return list(_WORD.finditer(text))


@lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    groups: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, action in lexicon().event_phrases.items():
        groups.setdefault(phrase[0], []).append((phrase, action))
    return {w: tuple(sorted(g, key=lambda pa: -len(pa[0]))) for w, g in groups.items()}


def find_triggers(text: str, found_words: list[re.Match] | None = None) -> list[Trigger]:
    """Event words of `text` in order, longest phrase first at each position."""
    if found_words is None:
        return list(_cached_triggers(text))
    return _find(found_words)


@lru_cache(maxsize=4096)
def _cached_triggers(text: str) -> tuple[Trigger, ...]:
    """One reading per sentence: claims, attachment and events all ask about the same sentences."""
    return tuple(_find(words(text)))


def _find(found_words: list[re.Match]) -> list[Trigger]:
    lower = [m.group(0).lower() for m in found_words]
    lex = lexicon()
    singles, phrases = lex.event_triggers, _phrases_by_first_word()
    out: list[Trigger] = []
    i = 0
    while i < len(lower):
        step, action = 1, singles.get(lower[i])
        for phrase, phrase_action in phrases.get(lower[i], ()):
            if tuple(lower[i : i + len(phrase)]) == phrase:
                step, action = len(phrase), phrase_action
                break
        if action:
            out.append(Trigger(action, found_words[i].start(), found_words[i + step - 1].end(), i, step))
        elif lower[i] in lex.fall_verbs and _distance_follows(i, lower, lex):
            out.append(Trigger(FALL_ACTION, found_words[i].start(), found_words[i].end(), i))
        i += step
    return _without_charges(_without_unmet(out, lower), lower, found_words)


FALL_ACTION = "accident"


def _distance_follows(i: int, lower: list[str], lex) -> bool:
    """A distance within `fall_reach` words after a verb of falling ("fell about 2,000 feet", "plunged
    600 metres"): a person or a thing fell, where "fell 3 percent" was a price. Digits are no words
    here, so "feet" is the word after "about"."""
    return any(w in lex.distance_units for w in lower[i + 1 : i + 1 + lex.fall_reach])


_MEET = frozenset({"meet", "meets", "met", "meeting"})
# words that end the object of "meet": "met on Monday amid demands" met someone
_OBJECT_ENDS = frozenset({"with", "on", "in", "at", "amid", "over", "to", "for", "after", "before", "during",
                          "and", "but", "as", "while", "since", "behind"})


_VISIT = frozenset({"visit", "visits", "visited", "visiting"})


def _without_unmet(found: list[Trigger], lower: list[str]) -> list[Trigger]:
    """Drop "meet" when what is met is a standard, a demand or a deadline ("can meet Western standards
    of democracy", "failed to meet the deadline"), and "visit" when what is visited is a page ("if
    they visit a malicious Web site", "visit our website"): nobody met or went to see anyone."""
    lex = lexicon()
    return [t for t in found if not (t.length == 1 and (
        lower[t.word_index] in _MEET and _object_is(t.word_index, lower, lex.unmet_objects)
        or lower[t.word_index] in _VISIT and _object_is(t.word_index, lower, lex.unvisited_objects)))]


def _object_is(i: int, lower: list[str], objects: frozenset[str]) -> bool:
    """One of `objects` within the lexicon's `unmet_reach` words after word i, before the object ends."""
    for word in lower[i + 1 : i + 1 + lexicon().unmet_reach]:
        if word in objects:
            return True
        if word in _OBJECT_ENDS:
            return False
    return False


_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "his", "her", "their", "its", "one", "two", "three"})
# words before a court verb that make it a verb of its clause: "was charged with", "later convicted of"
_VERB_BEFORE = frozenset({"was", "were", "been", "be", "being", "is", "are", "has", "have", "had", "get", "gets",
                          "got", "not", "also", "later", "then", "and", "who", "that", "he", "she", "they", "we",
                          "i", "it", "jury", "jurors", "judge", "court", "prosecutors", "police", "authorities"})
_RELATIVE_AFTER = frozenset({"to", "of", "in", "for", "with"})


def _describes_someone(t: Trigger, lower: list[str], found_words: list[re.Match]) -> bool:
    """A court word that only describes a person: "a convicted sex offender" (after a determiner),
    "a sex offender sentenced to life in prison pulled a gun" (a participle right after a noun,
    followed by what it was for). Names before it keep it a verb ("Halvorsen convicted of murder")."""
    i = t.word_index
    word = lower[i]
    if not word.endswith("ed") or i == 0:
        return False
    before = lower[i - 1]
    if before in _DETERMINERS:
        return True
    after = lower[i + 1] if i + 1 < len(lower) else ""
    return (after in _RELATIVE_AFTER and before not in _VERB_BEFORE and not before.endswith("ly")
            and found_words[i - 1].group(0).islower())


def _without_charges(found: list[Trigger], lower: list[str], found_words: list[re.Match]) -> list[Trigger]:
    """Drop the crime words a court step takes as its charge ("found guilty of two counts of murder",
    "charged with the shooting"): that sentence reports the court step, not another killing. Drop the
    court words that only describe a person (`_describes_someone`). A crime word right before a court
    word names the charge too: "the murder trial of Dorian Hollins" reports a trial, and so does a crime
    graded by the law ("a finding of first-degree murder", "second-degree assault")."""
    lex = lexicon()
    families = lex.action_families
    out = []
    last_court: int | None = None  # index of the last word of the latest court step or its charge
    for k, t in enumerate(found):
        family = families.get(t.action)
        after = found[k + 1] if k + 1 < len(found) else None
        if (family in lex.charged_families and after is not None and after.word_index == t.word_index + t.length
                and families.get(after.action) in lex.charging_families):
            continue  # "murder trial", "robbery charges": the court step's charge
        if family in lex.charged_families and t.word_index > 0 and lower[t.word_index - 1].endswith("-degree"):
            continue  # "a finding of first-degree murder": a crime graded by the law is a charge or a verdict
        if family in lex.charging_families and _describes_someone(t, lower, found_words):
            last_court = t.word_index  # "a man charged with murder escaped": the murder describes him too
            continue  # "a convicted sex offender", "an offender sentenced to life": who, not what happened
        if family in lex.charged_families and last_court is not None and 0 < t.word_index - last_court <= lex.charge_reach \
                and lex.charge_words.intersection(lower[last_court + 1 : t.word_index]):
            last_court = t.word_index  # a charge goes on: "guilty of murder in the shooting death of"
            continue
        if family in lex.charging_families:
            last_court = t.word_index + t.length - 1
        out.append(t)
    return out

