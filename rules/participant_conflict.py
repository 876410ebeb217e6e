"""Sources name different people in the same office for one event, or give one person two offices.

What it flags:
    In reports of one event, two different named people holding the same office of the same country
    ("Defence Minister A" vs "Defence Minister B"), or one named person given different offices.

Why it matters:
    Who took part is a core fact; a wrong name or title is a common and checkable error.

Example:
    A: "Finnish Interior Minister Anna Virtanen met ..."  B: "Finnish Interior Minister Mari Koskinen met ..."
    Not flagged: "Defence Minister X" vs "X, the defence minister" (same person, same office).
"""

from checker.rulekit import Hit, cluster_claims, confidence, event_judgement, same_event_note, side, sources_text

ID = "CC109"
NAME = "participant-conflict"
KIND = "participants"
SEVERITY = "medium"
BASE_CONFIDENCE = 0.75
VAGUE_ROLES = {"counterpart", "official", "leader", "officer", "chief"}


def check(ctx):
    for cluster in ctx.clusters:
        people = [c for cs in cluster_claims(ctx, cluster, "participant").values() for c in cs if c.normalized["kind"] == "person"]
        by_office = {}
        for c in people:
            role, cc = c.normalized.get("role"), c.normalized.get("country")
            if role and cc and role not in VAGUE_ROLES:
                by_office.setdefault((cc, role), {}).setdefault(c.normalized["key"], []).append(c)
        for (cc, role), holders in sorted(by_office.items()):
            if len(holders) < 2:
                continue
            groups = [sorted(v, key=lambda c: c.id) for _, v in sorted(holders.items())]
            if len({c.source_id for g in groups for c in g}) < 2:
                continue
            same = event_judgement(ctx, groups)
            if same == "different":
                continue
            sides = [side(g[0].value, {"person": g[0].normalized["key"], "office": role, "country": cc}, g) for g in groups]
            yield Hit(
                f"Different {cc} {role}: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides),
                f"The reports name different people as the {cc} {role} at this event. {same_event_note(same)}",
                tuple(sides), confidence(BASE_CONFIDENCE, same), same, events=tuple(sorted({c.event_id for g in groups for c in g})),
            )
