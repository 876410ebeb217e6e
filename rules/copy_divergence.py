"""One outlet's copy of another's sentence gives another day, date, time of day, number, place or nationality.

What it flags:
    Two reports of one story that share a sentence near word for word (checker.alignment.copies: at
    least 85 % of the shorter sentence repeated in order, once days, months and numbers are their
    class), where the sentence gives another value: "On Friday, 41-year-old guide Ivar Lunde walked
    about 12 kilometres to the hut" against "On Thursday, 41-year-old guide Ivar Lunde walked about 12
    kilometres to the hut". A finding another rule makes on the same two values (CC101, CC103, CC108 ...) is that
    rule's (YIELDS), so this one adds what the other rules leave: a detail further down ("took him to
    1,874 career points"), a sentence with no event word, someone's home ("who lived in Bergen"),
    a day the rules keep apart as perhaps of another happening, where the copy says it is one fact.

Why it matters:
    Outlets run one another's copy. A value that changed between two copies of one sentence was
    mistyped, rewritten wrongly or corrected in one of them; the copy says both give one fact. A
    count may also differ because one outlet ran a later version of the wire story: such findings
    are of low severity and confidence.

Example:
    A: "The guide, who lived in Bergen, had led groups on the mountain for more than ten years before
    the accident."  B: "The guide, who lived in Lisbon, had led groups on the mountain for more than
    ten years before the accident."  (flagged)
    Not flagged: "1,000" against "1000"; "600m" against "2,000ft" (another unit); "Brooklyn" against
    "New York" (one inside the other); "Jane Roe, 34, died on Friday" against "John Doe, 51, died on
    Monday" (other names: a template, no copy); two reports no cluster puts together, or published
    more than a week apart (a later report may give a later age or toll in the same sentence).
"""

from checker.rulekit import Hit, confidence, same_event_note, side, sources_text, story_judgement

ID = "CC115"
NAME = "copy-divergence"
KIND = "copy"
SEVERITY = "medium"
BASE_CONFIDENCE = 0.75
COUNT_CONFIDENCE = 0.55  # a count that differs between copies may be a later version of the story
YIELDS = True  # a value another rule already sets against its copy's is that rule's finding

_FINDING_KIND = {"day": "date", "date": "date", "time": "date", "number": "number", "place": "location",
                 "nationality": "origin"}
_WHAT = {"day": "Day", "date": "Date", "time": "Time of day", "number": "Number", "place": "Place",
         "nationality": "Nationality"}


def check(ctx):
    copied = {c.id: c for c in ctx.claims if c.kind == "copied"}
    for claims in _one_disagreement_each(_copies_of_one_sentence(copied)):
        by_value: dict = {}
        for c in claims:
            by_value.setdefault(c.normalized["value"], []).append(c)
        groups = [by_value[v] for v in sorted(by_value, key=lambda v: (-len(by_value[v]), str(v)))]
        kind = claims[0].normalized["kind"]
        same = story_judgement(ctx, groups)
        same = "uncertain" if same == "different" else same  # one cluster and one sentence: not two stories
        base = COUNT_CONFIDENCE if kind == "number" else BASE_CONFIDENCE
        sides = [side(" / ".join(sorted({c.value for c in g})), {"kind": kind, "value": g[0].normalized["value"]}, g)
                 for g in groups]
        summary = f"{_WHAT[kind]} differs between copies of one sentence: " \
            + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
        alike = max(c.normalized["similarity"] for c in claims)
        explanation = (
            "; ".join(f'{sources_text(s.claims)}: "{s.claims[0].sentence.strip()[:200]}"' for s in sides)
            + f". The sentences match word for word but for this value ({alike} % of the shorter one repeated in"
            " order): one outlet ran the other's copy, so both cannot be right"
            + (", unless one ran a later version of the story. " if kind == "number" else ". ")
            + same_event_note(same)
        )
        yield Hit(summary, explanation, tuple(sides), confidence(base, same), same, kind=_FINDING_KIND[kind],
                  severity="low" if kind == "number" else None)


def _one_disagreement_each(families: list[list]) -> list[list]:
    """Families of copies that set the same values of one kind against each other, merged: a story
    told in several wordings (each copied) that all give Bergen against Lisbon is one disagreement."""
    merged: dict = {}
    for claims in families:
        values = frozenset(c.normalized["value"] for c in claims)
        if len(values) >= 2:
            merged.setdefault((claims[0].normalized["kind"], values), []).extend(claims)
    return [sorted(claims, key=lambda c: c.id) for _, claims in sorted(merged.items(), key=lambda kv: kv[1][0].id)]


def _copies_of_one_sentence(copied: dict) -> list[list]:
    """The copied claims linked through their copies, group by group (each sorted by id)."""
    seen, out = set(), []
    for start in sorted(copied):
        if start in seen:
            continue
        group, todo = [], [start]
        seen.add(start)
        while todo:
            claim = copied[todo.pop()]
            group.append(claim)
            for other in claim.normalized["copies"]:
                if other in copied and other not in seen:
                    seen.add(other)
                    todo.append(other)
        out.append(sorted(group, key=lambda c: c.id))
    return out
