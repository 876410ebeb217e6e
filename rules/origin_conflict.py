"""Sources say one named person comes from different places.

What it flags:
    Reports of one story that give one person (by name) hometowns that cannot both be right:
    "Nathaniel Hollins of Little Rock" against "Nathaniel Hollins of Tulsa", "Wade Halvorsen, a
    fertilizer salesman from Visalia" against "... from Fresno". Only hometowns stated right after the
    name are read, and homes whose owner the sentence names ("his home in Tulsa", "the couple's home
    in Visalia"; see checker.extraction.origins); a town and the city or state it lies in, or two
    places within a few kilometres of each other, are not a conflict. The unnamed subject of a lead
    ("A Nebraska man was found guilty ...", "Police say a Tulsa truck driver was arrested ...") is
    compared with the subject of the other reports of that event that open alike ("A Tulsa man was
    found guilty ..."): the noun says which of the story's people it is, and only reports judged to tell
    one event are compared (no two stages of a story). A subject's possessor is not the subject ("A
    Leeds doctor's colleague").

Why it matters:
    Who someone is, is checked by where they are from: outlets copying one another's copy carry a
    wrong hometown along, and a defendant or victim placed in the wrong town is a correction. A
    hometown is never set against where the event happened (a man from Visalia tried in Bakersfield).

Example:
    A: "Devanand Ramsaroop, 23, of Binghamton, N.Y., was arrested."  B: "Devanand Ramsaroop, 23, of
    Ithaca was arrested."  (flagged)
    Not flagged: A: "Jane Roe of Brooklyn"  B: "Jane Roe, of New York" (Brooklyn lies in New York);
    two people of one surname in one story are told apart by their full names.
"""

from checker.rulekit import (Hit, confidence, person_fact_conflicts, place_of, same_event_note, side,
                             sources_text, story_judgement)

ID = "CC111"
NAME = "origin-conflict"
KIND = "origin"
SEVERITY = "medium"
BASE_CONFIDENCE = 0.75


NEAR_KM = 25  # hometowns are given at any grain: a village, the next town, the county seat


def _relation(ctx, a, b) -> str:
    """agree: one place, or one inside the other. unknown: places that may both be right about where
    someone lives: not known to be disjoint, or within NEAR_KM of each other ("of Pearland" and
    "of Houston", a suburb 23 km from the city's centre point). conflict otherwise."""
    geo = ctx.geography
    pa, pb = place_of(a), place_of(b)
    if pa.id == pb.id or geo.nested(pa, pb):
        return "agree"
    if geo.compatible(pa, pb):
        return "unknown"
    km = geo.gazetteer.distance_km(pa, pb) if pa.kind == pb.kind == "city" else None
    return "unknown" if km is not None and km <= NEAR_KM else "conflict"


def check(ctx):
    for person, _, groups in person_fact_conflicts(ctx, "origin", lambda a, b: _relation(ctx, a, b), key=lambda c: c.normalized["id"]):
        unnamed = person.startswith("someone:")
        same = story_judgement(ctx, groups)
        if same == "different" and not unnamed and _others_in_common(ctx, groups, person):
            same = "uncertain"  # reports of two stages of one story (a crash, the charge): others named in both
        if same == "different":
            continue  # nothing says the sources tell one story: perhaps two people of one name
        name = f"the {person.split(':', 1)[1]} the leads open with" if unnamed else person.title()
        sides = [side(" / ".join(sorted({c.value for c in g})), {"person": person, "places": sorted({c.normalized["id"] for c in g})}, g)
                 for g in groups]
        summary = (f"Where {name} is from differs: " if unnamed else f"{name}'s hometown differs: ") \
            + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
        explanation = (
            "; ".join(f'{sources_text(s.claims)}: "{s.claims[0].sentence.strip()[:160]}"' for s in sides)
            + f". These places are far apart: {name} cannot be from both. " + same_event_note(same)
        )
        yield Hit(summary, explanation, tuple(sides), confidence(BASE_CONFIDENCE, same), same)


def _names_of(ctx, source_id: str) -> set[str]:
    claims = ctx.source_claims(source_id)
    return ({c.normalized["key"].split(":", 1)[1] for c in claims if c.kind == "participant" and c.normalized.get("kind") in ("person", "name")}
            | {c.normalized["person"] for c in claims if c.kind == "origin"})


def _others_in_common(ctx, groups, person: str) -> bool:
    """Every two sides' sources also name someone else in common (the victim beside the driver)."""
    names = [set().union(*(_names_of(ctx, s) for s in {c.source_id for c in g})) - {person} for g in groups]
    return all(names[i] & names[j] for i in range(len(names)) for j in range(i + 1, len(names)))
