"""People referred to by their age: "The 10-year-old was shot on the night of May 29" is about the girl
the article names elsewhere as "Kathina Thomas, 10".

News text names someone once or twice and then refers to them as "the 15-year-old", "the 33-year-old
actress". Without the name, the sentence's happening names nobody, so nothing ties it to the reports
that tell it by name (checker.alignment.align.related_joins). When the article states exactly one
person's age as that number (checker.extraction.ages), the descriptor is read as that person. An
indefinite "a 33-year-old man" introduces someone and is left alone, and so is a descriptor right
before a name ("the 40-year-old Thompson"), which is the name's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from checker.extraction.ages import Age
from checker.extraction.participants import Mention

# "the 15-year-old", "the 33-year-old actress": the definite article and the age (the mention's span);
# a capitalised word right after it starts a name, which is read as such ("the 40-year-old Thompson")
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
