"""Sources give the same event different dates or weekdays.

What it flags:
    Reports of one event whose dates cannot all be true: two different calendar dates, or a stated
    weekday that is not the weekday of another source's date ("on Friday" against "June 28, 2026",
    a Sunday). Relative days are resolved against the publication date when it is known.

Why it matters:
    When something happened is a core fact. Historical dates, periods ("since 2024", "this week") and
    earlier events an article refers back to are never set against the event's date.

Example:
    A: "The court ruled on March 3, 2025."  B: "The court ruled on Friday, March 7, 2025."
    Not flagged: A: "on Sunday"  B: "on June 28, 2026" (a Sunday).
"""

from checker.rulekit import (Hit, cluster_claims, comparable_times, confidence, conflicting_groups, event_judgement,
                             pair_context, same_event_note, side, sources_text, time_key, time_pair)

ID = "CC103"
NAME = "date-conflict"
KIND = "date"
SEVERITY = "high"
BASE_CONFIDENCE = 0.85


def _label(claims):
    dated = [c for c in claims if c.normalized.get("date")]
    if dated:
        n = dated[0].normalized
        return f"{n['date']} ({n['weekday']})"
    return claims[0].normalized.get("weekday") or claims[0].value


def check(ctx):
    for cluster in ctx.clusters:
        per_source = cluster_claims(ctx, cluster, "time")
        claims = [c for cs in per_source.values() for c in comparable_times(cs)]
        if len({c.source_id for c in claims}) < 2:
            continue
        groups = conflicting_groups(claims, lambda a, b: time_pair(a.normalized, b.normalized))
        if len(groups) < 2:
            continue
        same = event_judgement(ctx, groups)
        if same == "different":
            continue
        sides = [side(_label(g), {"values": sorted({time_key(c.normalized) for c in g})}, g) for g in groups]
        summary = "Date differs: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
        explanation = " ".join(
            filter(None, [
                "; ".join(f"{sources_text(s.claims)}: " + ", ".join(f'"{c.value}"' for c in s.claims) + f" = {s.value}" for s in sides) + ".",
                "These dates cannot all be the day of one event.",
                pair_context(ctx, groups),
                same_event_note(same),
            ])
        )
        yield Hit(summary, explanation, tuple(sides), confidence(BASE_CONFIDENCE, same), same, events=tuple(sorted({c.event_id for g in groups for c in g})))
