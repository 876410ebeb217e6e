"""People referred to by their age or by a noun the article names them with: "The 10-year-old was shot
on the night of May 29" is about the girl the article names elsewhere as "Keisha Dorsett, 10"; "A
judge sentenced the man who killed four people" is about Brent Fairley when the next sentence
begins "The man, Brent G. Fairley, 37, ...".

News text names someone once or twice and then refers to them as "the 15-year-old", "the 33-year-old
actress". Without the name, the sentence's happening names nobody, so nothing ties it to the reports
that tell it by name (checker.alignment.align.related_joins). When the article states exactly one
person's age as that number (checker.extraction.ages), the descriptor is read as that person. An
indefinite "a 33-year-old man" introduces someone and is left alone, and so is a descriptor right
before a name ("the 40-year-old Ashby"), which is the name's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from checker.extraction.ages import Age
from checker.extraction.participants import Mention

# "the 15-year-old", "the 33-year-old actress": the definite article and the age (the mention's span);
# a capitalised word right after it starts a name, which is read as such ("the 40-year-old Ashby")
_DESCRIPTOR = re.compile(r"\b[Tt]he\s+(?P<age>\d{1,3})-year-old\b")
_NAME_AFTER = re.compile(r"\s+[A-Z]")


def people_by_age(found: list[Age], named: dict[str, Mention]) -> dict[int, Mention]:
    """Each age the article states for exactly one person, with a mention of that person (`named`:
    a mention per participant key)."""
    keys: dict[int, set[str]] = {}
    for a in found:
        keys.setdefault(a.years, set()).add(a.person_key)
    return {years: named[next(iter(k))] for years, k in keys.items() if len(k) == 1 and next(iter(k)) in named}


def age_descriptors(text: str, offset: int, by_age: dict[int, Mention]) -> list[Mention]:
    """Mentions of the people `by_age` holds, made by their age in one sentence (offsets into the
    source text). Empty when the sentence has no "-year-old" at all, as most have not."""
    if not by_age or "-year-old" not in text:
        return []
    out = []
    for m in _DESCRIPTOR.finditer(text):
        person = by_age.get(int(m.group("age")))
        if person is None or _NAME_AFTER.match(text, m.end()):
            continue
        out.append(replace(person, start=m.start() + offset, end=m.end() + offset))
    return out


# "The man, Brent G. Fairley, 37, was found guilty ...": a sentence opening with "the <noun>," and a
# name right after it says whom the article calls "the <noun>".
_NAMED_NOUN = re.compile(r"(?:^|(?<=[.;:]\s))[Tt]he\s+(?P<noun>[a-z]+),\s+")
# "the man" elsewhere, not "the man's" (his things) nor "the man Brent Fairley" (the name's)
_THE_NOUN = re.compile(r"\b[Tt]he\s+(?P<noun>[a-z]+)\b(?!['’]s)")


def names_a_noun(text: str) -> bool:
    """Does the sentence give a noun by apposition ("The man, ...")? (A cheap test before its mentions.)"""
    opens = text.startswith(("The ", "the ")) or any(f"{p} The " in text for p in ".;:")
    return opens and ", " in text and _NAMED_NOUN.search(text) is not None


def people_by_noun(sentences: list[tuple[str, int, list[Mention]]]) -> dict[str, Mention]:
    """Each noun the article gives exactly one person with by apposition ("The suspect, Dale Purcell,
    ..."), with a mention of that person. `sentences`: (text, offset, its mentions of people)."""
    found: dict[str, set[str]] = {}
    mention: dict[str, Mention] = {}
    for text, offset, named in sentences:
        for m in _NAMED_NOUN.finditer(text):
            person = next((p for p in named if p.start == m.end() + offset), None)
            if person is not None:
                found.setdefault(m.group("noun"), set()).add(person.key)
                mention.setdefault(person.key, person)
    return {noun: mention[next(iter(keys))] for noun, keys in found.items() if len(keys) == 1}


def noun_descriptors(text: str, offset: int, by_noun: dict[str, Mention], named: list[Mention]) -> list[Mention]:
    """Mentions of the people `by_noun` holds, made by their noun in one sentence ("the man"), except
    where a name follows the noun ("the man Brent Fairley") or the sentence already names that person."""
    if not by_noun:
        return []
    out = []
    own = {m.key for m in named}
    for m in _THE_NOUN.finditer(text):
        person = by_noun.get(m.group("noun"))
        if person is None or person.key in own or _NAME_AFTER.match(text, m.end()) or text[m.end():m.end() + 1] == ",":
            continue
        out.append(replace(person, start=m.start() + offset, end=m.end() + offset))
        own.add(person.key)
    return out
