"""Where an event happened: place names after a locative preposition ("in X", "at X"), or used as a
modifier of an event noun ("the X summit"), resolved with the gazetteer.

Containment stated in the text ("X, a district of Y") is returned as a fact so the comparison stage
knows X lies in Y even when the gazetteer has never heard of X.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.extraction.capitals import runs

_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?"
    r"(?:(?:[A-Za-z-]+\s+){0,3}(?:state|province|region|city|town|village|district|county|capital|port|prefecture)\s+of\s+(?:the\s+)?)?$"
    r"|\bthe\s+(?:[a-z-]+\s+){0,2}(?:province|region|city|town|village|district|county|prefecture)\s+of\s+$"  # "flattened the town of X"
)
_EVENT_NOUN = re.compile(r"^\s+(?:meeting|talks|summit|visit|conference|session|negotiations|ceremony)\b")
_CONTAINED = re.compile(
    r"^\s*,\s*(?:a|an|the)\s+(?:[a-z]+\s+){0,2}?(?P<unit>district|neighbou?rhood|suburb|city|town|village|province|"
    r"region|state|county|borough|ward|area|part|port|capital|prefecture|municipality)\s+(?:of|in|outside|near)\s+(?:the\s+)?"
)
_APPOSITION = re.compile(r"^\s*,\s*")


@dataclass(frozen=True)
class PlaceMention:
    surface: str
    start: int  # offsets into the source text
    end: int
    place: object  # gazetteer.Place
    contained_in: object | None = None  # a Place the text says contains it
    attributive: bool = False


def _next_run(text: str, pos: int, offset: int):
    for r in runs(text[pos:], offset + pos):
        return r
    return None


def place_mentions(text: str, offset: int, gazetteer, context_countries=()) -> list[PlaceMention]:
    """Places in one sentence whose position says "this is where it happened"."""
    out: list[PlaceMention] = []
    for run in runs(text, offset):
        rel_s, rel_e = run.start - offset, run.end - offset
        if run.possessive:
            continue
        before, after = text[:rel_s], text[rel_e:]
        locative = bool(_LOCATIVE.search(before))
        attributive = not locative and bool(_EVENT_NOUN.match(after))
        if not (locative or attributive):
            continue
        context = list(context_countries)
        outer = None
        contained = _CONTAINED.match(after)
        if contained:
            nxt = _next_run(text, rel_e + contained.end(), offset)
            if nxt is not None and nxt.start - offset == rel_e + contained.end():
                outer = gazetteer.resolve(nxt.text, context)
        elif _APPOSITION.match(after):
            nxt = _next_run(text, rel_e + _APPOSITION.match(after).end(), offset)
            if nxt is not None and nxt.start - offset == rel_e + _APPOSITION.match(after).end():
                app = gazetteer.resolve(nxt.text, context)
                if app is not None and app.kind in ("country", "admin1") and app.country:
                    context = [app.country] + context
        place = gazetteer.resolve(run.text, context)
        if place is None and outer is not None:
            place = gazetteer.unknown(run.text)
        elif place is None and locative:
            place = gazetteer.text_place(run.text)  # a venue or small town: ties reports, conflicts with nothing
        if place is None:
            continue
        if attributive and place.kind == "country":
            continue  # "the Japan summit" names a party more often than a venue
        out.append(PlaceMention(run.text, run.start, run.end, place, outer, attributive))
    return out
