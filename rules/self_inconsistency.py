"""One article gives its own event two places or two dates that cannot both be true.

What it flags:
    Within one source's reported event (background references excluded), two stated places neither of
    which contains the other, or two dates/weekdays that conflict in sentences that both report the
    event itself (a visit the day after an earthquake is another happening, not another date).

Why it matters:
    An article that contradicts itself is unreliable whatever other sources say; often one sentence was
    edited and the other was not.

Example:
    "The summit opened in Oslo on Monday. ... Leaders arrived in Bergen for the summit on Monday."
    Not flagged: "in Montmartre, a district of Paris ... the Paris talks".
"""

from checker.rulekit import (Hit, comparable_times, conflicting_groups, lexicon, most_specific, place_of, side,
                             sides_by_agreement, time_key, time_pair)

ID = "CC110"
NAME = "self-inconsistency"
KIND = "intra-source"
SEVERITY = "medium"


def check(ctx):
    geo = ctx.geography
    for event in sorted(ctx.events.values(), key=lambda e: e.id):
        if event.role != "reported":
            continue
        claims = [ctx.claims[c] for c in event.claim_ids]
        places = [c for c in claims if c.kind == "place" and not c.normalized.get("dateline")]
        keep = {p.id for p in most_specific([place_of(c) for c in places], geo, located_only=True)}
        places = [c for c in places if place_of(c).id in keep]
        groups = sides_by_agreement(places, lambda a, b: geo.compatible(place_of(a), place_of(b)))
        if len(groups) >= 2:
            sides = tuple(side(g[0].normalized["name"], {"id": place_of(g[0]).id}, g) for g in groups)
            yield Hit(f"{event.source_id} places its event in " + " and ".join(s.value for s in sides),
                      "The article states two places for one event, and neither contains the other.", sides, 0.6, "same", events=(event.id,))
        family = lexicon().action_families.get(event.action)
        times = [c for c in comparable_times(claims) if family in c.normalized.get("families", ())]
        groups = conflicting_groups(times, lambda a, b: time_pair(a.normalized, b.normalized), across_sources=False)
        if len(groups) >= 2:
            sides = tuple(side(g[0].value, {"values": sorted({time_key(c.normalized) for c in g})}, g) for g in groups)
            yield Hit(f"{event.source_id} dates its event " + " and ".join(s.value for s in sides),
                      "The article states two days for one event that cannot both be right.", sides, 0.6, "same", events=(event.id,))
