"""Where a named person is from: "Nathaniel Hollins of Fort Larkin", "Devanand Ramsaroop, 23, of
Binghamton, N.Y.", "Wade Halvorsen, a fertilizer salesman from Visalia", "Jane Roe, who lived in Leeds".

A hometown is a fact about a person, not the place of the event (a defendant from Visalia tried in
Bakersfield), so it is a claim of its own kind, "origin", never an event's place. Outlets copying one
another's copy do get it wrong, and rules/origin_conflict.py compares one person's origins across the
reports of one story. Only these appositive shapes right after a name are read, and homes whose owner
the sentence names ("disappeared from her Visalia home", "at his home in Tulsa", "the couple's home in
Visalia" when the article gives one person a spouse): "a Dundee man", "the Canada-born climber" say
where someone is from without saying who.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.extraction.places import place_at

# What may come between a person's name and their hometown. The place must start with a capital.
_AFTER_NAME = re.compile(
    r"(?:,\s*\d{1,3})?,?\s+(?:of|from)\s+(?=[A-Z])"  # " of Fort Larkin", ", 23, of Binghamton", ", of Leeds"
    # ", a salesman from X"; the word before "of" in lower case ("a former University of Florida player" is no hometown)
    r"|,\s+(?:an?|the)\s+(?:(?!who\b|which\b|that\b|and\b|was\b|is\b)[\w'-]+\s+){0,4}?[a-z][\w'-]*\s+(?:from|of)\s+(?=[A-Z])"
    r"|,\s+who\s+(?:lived|lives|grew\s+up|was\s+living|had\s+been\s+living)\s+in\s+(?=[A-Z])"  # ", who lived in X"
)


# A name the participant stage may not have kept (named once, deep in the body), made a person by
# the age beside it: "Devanand Ramsaroop, 23, of Binghamton", "23-year-old Devanand Ramsaroop of X".
_NAME = r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019.-]+){1,3})"
_AGED = (
    re.compile(_NAME + r"(?=,\s*\d{1,3},\s+(?:of|from)\s+[A-Z])"),
    re.compile(r"\b\d{1,3}-year[- ]old\s+" + _NAME + r"(?=,?\s+(?:of|from)\s+[A-Z])"),  # "23-year old" too
)


_AGE_THEN_OF = re.compile(r",\s*\d{1,3},\s+(?:of|from)\s")


@dataclass(frozen=True)
class _Named:
    key: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Origin:
    person_key: str  # the participant key of the person ("name:scott peterson", "person:jane roe")
    person: str  # the name as written
    surface: str  # the place as written
    start: int  # offsets of the place into the source text
    end: int
    place: object  # gazetteer.Place


def origins(text: str, offset: int, people, gazetteer, context_countries=(), couple=None) -> list[Origin]:
    """Hometowns stated right after the people mentioned in one sentence (`people`: that sentence's
    participant mentions of kind person or name, offsets into the source text), and the homes the
    sentence gives them (`homes`; `couple`: see `married`)."""
    out = homes(text, offset, people, gazetteer, context_countries, couple)
    aged = _aged(text, offset, people)
    # a mention of a family name alone inside a longer aged name ("Pryor" in "Ja'Nae Pryor, 20, of X")
    # may stand for another person of that family: the full name beside the age wins
    people = [m for m in people if not any(a.start <= m.start and m.end <= a.end for a in aged)] + aged
    for m in people:
        after = _AFTER_NAME.match(text, m.end - offset)
        if after is None:
            continue
        found = place_at(text, after.end(), offset, gazetteer, context_countries)
        if found is None or found.place.kind == "unknown":
            continue
        out.append(Origin(m.key, m.value, found.surface, found.start, found.end, found.place))
    return out


# Where someone lives, told by their home: "Dana Whitcombe disappeared from her Visalia home", "was found
# dead at his home in Tulsa", "Jane Roe's Leeds home", "the couple's home in Visalia, California". A
# home is where its owner is from, as "of Visalia" says.
_HOME = re.compile(
    r"\b(?:(?P<pronoun>his|her)|(?P<couple>their|the\s+couple['\u2019]s)|(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})['\u2019]s)"
    r"\s+(?:(?P<pre>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})\s+)?(?:home|house|apartment|residence)\b(?P<within>\s+in\s+)?")
PRONOUN_REACH = 12  # words between a name and the "his" or "her" of its home
# "convicted Dale Corbin ... in the death of his wife": the one a spouse word is said of
_SPOUSE = re.compile(r"\b(?:his|her)\s+(?:wife|husband|spouse|girlfriend|boyfriend|fianc[ée]e?|partner)\b", re.IGNORECASE)


def married(sentences) -> _Named | None:
    """The one person of an article a spouse word is said of ("convicted Dale Corbin of murder in the
    death of his wife"): who "the couple" and "their" home belong to. `sentences`: (text, offset,
    people) triples. None when no one, or more than one person, has a spouse in the article."""
    found = {}
    for text, offset, people in sentences:
        for m in _SPOUSE.finditer(text):
            holder = _nearest_before(people, offset + m.start(), text, offset)
            if holder is not None:
                found[holder.key] = holder
    return next(iter(found.values())) if len(found) == 1 else None


def _nearest_before(people, at: int, text: str, offset: int):
    """The person mentioned last before `at`, within PRONOUN_REACH words."""
    before = [p for p in people if p.end <= at]
    if not before:
        return None
    last = max(before, key=lambda p: p.end)
    return last if len(text[last.end - offset: at - offset].split()) <= PRONOUN_REACH else None


def homes(text: str, offset: int, people, gazetteer, context_countries=(), couple=None) -> list[Origin]:
    """The homes one sentence gives the people it names: whose (a name's possessive, "his" or "her" of
    the person named last before it, "their" or "the couple's" of the article's married person) and
    where (a place before "home", or after "home in")."""
    if "home" not in text and "house" not in text and "apartment" not in text and "residence" not in text:
        return []
    out = []
    for m in _HOME.finditer(text):
        if m["name"]:
            owner = next((p for p in people if p.end == offset + m.end("name")), None)
        elif m["pronoun"]:
            owner = _nearest_before(people, offset + m.start(), text, offset)
        else:
            owner = couple
        if owner is None:
            continue
        at = m.start("pre") if m["pre"] else m.end() if m["within"] else None
        found = place_at(text, at, offset, gazetteer, context_countries) if at is not None else None
        if found is None or found.place.kind == "unknown" or (m["pre"] and found.end != offset + m.end("pre")):
            continue
        out.append(Origin(owner.key, owner.value, found.surface, found.start, found.end, found.place))
    return out


def _aged(text: str, offset: int, people) -> list[_Named]:
    """Names with an age beside them that no participant mention covers whole."""
    if "-year" not in text and not _AGE_THEN_OF.search(text):
        return []  # most sentences: no age beside any name (a cheap test before the name patterns)
    out = []
    for match in (m for pattern in _AGED for m in pattern.finditer(text)):
        start, end = match.start("name") + offset, match.end("name") + offset
        if not any(m.start <= start and end <= m.end for m in people):  # not already a whole mention
            name = " ".join(match.group("name").split())
            out.append(_Named("name:" + name.lower(), name, start, end))
    return out


# The lead's subject named by where they are from: "A Nebraska man was found guilty ...", "A Yonkers
# woman was killed ...". Outlets that agree on who did what may still disagree on the town; the noun
# says which of the story's people it is (a man is not the woman he is accused of killing).
PEOPLE_NOUNS = frozenset({
    "man", "woman", "boy", "girl", "teen", "teenager", "mother", "father", "driver", "couple", "family",
    "doctor", "student", "climber", "nurse", "resident", "teacher", "soldier", "pilot", "officer",
    "firefighter", "worker", "pastor", "priest", "coach", "player", "businessman", "businesswoman",
})
# "A Nebraska man ...", or after whoever says it: "Police say a Tulsa man ...", "The sheriff's office said
# an Ohio woman ..."
_LEAD_SUBJECT = re.compile(r"^\s*(?:[A-Z][\w.'’-]*(?:\s+[a-z][\w.'’-]*){0,2}\s+(?:say|says|said)\s+(?:that\s+)?)?"
                           r"(?:A|An|a|an)\s+(?=[A-Z])")
# the noun, after at most two words that qualify it ("a Perth mountain climber", "a Leeds lorry driver"),
# and not the possessor of another ("A Dundee doctor's colleague")
_NOUN_AFTER = tuple(re.compile(rf"\s*(?:-based\s+)?(?P<words>(?:[a-z]+\s+){{{n}}})(?P<noun>[a-z]+)\b(?!['’])")
                    for n in range(3))


def lead_subject_origin(text: str, offset: int, gazetteer, context_countries=()) -> Origin | None:
    """Where the unnamed subject of an article's first sentence is from ("A Nebraska man was found
    guilty"), as an origin of the person key "someone:<noun>"; None for any other opening ("A Dundee
    doctor's colleague", "A colleague paid tribute to a Dundee doctor": only the subject counts)."""
    start = _LEAD_SUBJECT.match(text)
    if start is None:
        return None
    found = place_at(text, start.end(), offset, gazetteer, context_countries)
    if found is None or found.place.kind == "unknown":
        return None
    noun = _first_person_noun(text, found.end - offset)
    if noun is None:
        return None
    key = "someone:" + noun
    return Origin(key, "the " + noun, found.surface, found.start, found.end, found.place)


def _first_person_noun(text: str, at: int) -> str | None:
    """The people noun (PEOPLE_NOUNS) right after the place, or after one or two words qualifying it,
    none of them a verb ("a Tulsa man", "a Perth mountain climber"; not "a Leeds court sentenced a man")."""
    for pattern in _NOUN_AFTER:
        match = pattern.match(text, at)
        if match is None:
            continue
        if match.group("noun") in PEOPLE_NOUNS:
            return match.group("noun")
        if any(w.endswith("ed") for w in match.group("words").split() + [match.group("noun")]):
            return None
    return None
