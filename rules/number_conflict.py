"""Sources give incompatible counts of the same thing for one event.

What it flags:
    Counts of the same thing that happened in the event (deaths, injuries, arrests, evacuations, a
    quake's magnitude, hostages, seats...) in reports of one event whose ranges do not overlap, after
    reading qualifiers: "about 100" is 90-110, "at least 12" is 12 or more, "nearly 50" is 43-50.

Why it matters:
    Numbers are the most quoted and most often wrong facts. A count that rises between an earlier
    and a later report is flagged at low severity as a likely update rather than a contradiction.
    Other numbers are not compared: measures that need "of what" (two articles' "32 percent" and "28
    percent" are usually shares of different things), a game's statistics, a career record, a crowd's
    size, the houses of one district against another's.

Example:
    A: "At least 12 people were killed."  B: "Eight people died."  (flagged)
    Not flagged: A: "about 100 people were evacuated"  B: "103 were evacuated"; A: "31 rebounds"  B: "16 rebounds".
"""


from checker.rulekit import (Hit, cluster_claims, confidence, conflicting_groups, event_judgement, is_event_count, linked_groups,
                             quantity_of, quantity_relation, same_event_note, side, sources_text)

ID = "CC108"
NAME = "number-conflict"
KIND = "number"
SEVERITY = "high"
BASE_CONFIDENCE = 0.8


def _fmt(v):
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"


def check(ctx):
    for cluster in ctx.clusters:
        per_source = cluster_claims(ctx, cluster, "quantity")
        by_unit = {}
        for cs in per_source.values():
            for c in cs:
                by_unit.setdefault(c.normalized["unit"], []).append(c)
        for unit, claims in sorted(by_unit.items()):
            if len({c.source_id for c in claims}) < 2 or not is_event_count(unit):
                continue
            groups = conflicting_groups(claims, lambda a, b: quantity_relation(quantity_of(a), quantity_of(b)),
                                        key=lambda c: (c.normalized["low"], c.normalized["high"]))
            groups = linked_groups(ctx, groups)
            if len(groups) < 2:
                continue
            same = event_judgement(ctx, groups)
            if same == "different":
                continue
            severity, note = None, ""
            published = {sid: ctx.sources[sid].metadata.published for sid in {c.source_id for c in claims}}
            if all(published.values()) and len(groups) == 2:
                lo, hi = sorted(groups, key=lambda g: max(c.normalized["value"] for c in g))
                if max(published[c.source_id] for c in lo) < min(published[c.source_id] for c in hi):
                    severity, note = "low", " The higher count was published later: probably an updated figure, not a contradiction."
            sides = [side(" / ".join(sorted({c.value for c in g})), {"unit": unit, "values": sorted({c.normalized["value"] for c in g})}, g) for g in groups]
            label = claims[0].normalized.get("unit_label") or unit
            summary = f"Count of {label} differs: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
            explanation = (
                "; ".join(f"{sources_text(s.claims)}: " + ", ".join(_fmt(v) for v in s.normalized["values"]) for s in sides)
                + ". The ranges these counts allow do not overlap." + note + " " + same_event_note(same)
            )
            yield Hit(summary, explanation, tuple(sides), confidence(BASE_CONFIDENCE, same), same,
                      events=tuple(sorted({c.event_id for g in groups for c in g})), severity=severity)
