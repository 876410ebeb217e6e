"""Sources give one named person different ages.

What it flags:
    Reports of one story that give one person (by name) ages more than a year apart: "Lena Hart, 33,"
    against "32-year-old Lena Hart" is no conflict (a birthday may fall between the reports), "Brent
    Fairley, 37," against "Brent Fairley, 43," is. Only ages stated right beside the name are read
    (see checker.extraction.ages). When both reports carry publication dates, the years between them
    widen what is allowed: an age given in 2008 and another in 2012 may both be right. Undated reports
    are compared only when judged likely to tell one event: one boxer's fights four years apart, in
    undated reports, give him two right ages.

Why it matters:
    An age is how a reader tells one John Smith from another; a wrong one copied from outlet to outlet
    is a routine correction, and a large gap is a sign that two people were confused.

Example:
    A: "Brent Fairley, 37, was sentenced on Saturday."  B: "Brent Fairley, 43, was sentenced on
    Saturday."  (flagged)
    Not flagged: A: "Lena Hart, 33,"  B: "32-year-old Lena Hart" (a year apart); two people of one
    surname in one story are told apart by their full names; "a 33-year-old man" names nobody.
"""

from checker.rulekit import Hit, confidence, person_fact_conflicts, same_event_note, side, sources_text, story_judgement

ID = "CC112"
NAME = "age-conflict"
KIND = "age"
SEVERITY = "medium"
BASE_CONFIDENCE = 0.75
BIRTHDAY = 1  # years two ages of one person may differ by with no error: a birthday between the reports


def _allowed(ctx, a, b) -> int:
    """Years two stated ages may differ by: a birthday, plus the whole years between the two reports'
    publication dates when both are known."""
    pa, pb = ctx.sources[a.source_id].metadata.published, ctx.sources[b.source_id].metadata.published
    years_between = abs((pa - pb).days) // 365 if pa and pb else 0
    return BIRTHDAY + years_between


def _relation(ctx, a, b) -> str:
    gap = abs(a.normalized["years"] - b.normalized["years"])
    if gap == 0:
        return "agree"
    return "conflict" if gap > _allowed(ctx, a, b) else "unknown"


def check(ctx):
    for person, claims, groups in person_fact_conflicts(ctx, "age", lambda a, b: _relation(ctx, a, b), key=lambda c: c.normalized["years"]):
        same = story_judgement(ctx, groups)  # an age belongs to no event: weigh the sides' reports
        if same == "different":
            continue  # nothing says the sources tell one story: perhaps two people of one name
        if same == "uncertain" and not all(ctx.sources[c.source_id].metadata.published for c in claims):
            continue  # undated reports of perhaps two happenings (one boxer's fights four years apart)
        name = person.title()
        sides = [side(" / ".join(sorted({c.value for c in g})), {"person": person, "years": sorted({c.normalized["years"] for c in g})}, g)
                 for g in groups]
        summary = f"{name}'s age differs: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
        explanation = (
            "; ".join(f'{sources_text(s.claims)}: "{s.claims[0].sentence.strip()[:160]}"' for s in sides)
            + f". These ages are more than {BIRTHDAY} year apart (more than the years between the reports, when"
            " both are dated): one of them is wrong, or two people share the name. " + same_event_note(same)
        )
        yield Hit(summary, explanation, tuple(sides), confidence(BASE_CONFIDENCE, same), same)
