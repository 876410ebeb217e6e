"""One article gives its own event two places or two dates that cannot both be true.

What it flags:
    Within one source's reported event, two places neither of which contains the other, or two days
    more than a day apart, where each value is tied to a word for the event itself ("met in Lyon",
    "the Marseille talks", "killed ... on Monday") and at least one stands in the article's lead.
    Background and biography ("was hired on April 21, 2004", "a native living in Lisbon"), a
    sentence that names two places or days (a route, a district in its city, a timeline), a span
    across midnight ("Friday night ... Saturday morning", "late Friday ... early Saturday": days one
    apart never count), the day something about the event was told or released ("results from the
    test given when he was arrested were released Wednesday"), values in sentences about different
    people ("X was arrested early Sunday ... Another player, Y, was arrested Jan. 6") and places
    nobody can locate are not flagged.

    When other reports of the event (its cluster) give a place or day that fits one of the two values and
    not the other, they are quoted on that value's side: the value no other report backs is the likely
    slip ("escaped near Suva" in the lead, "near Pearland" further down, and two other outlets say Pearland).

Why it matters:
    An article that contradicts itself is unreliable whatever other sources say; often one sentence was
    edited and the other was not.

Example:
    "The ministers met in Oslo on Monday. ... Speaking after the Bergen talks, the minister said ..."
    Not flagged: "in Montmartre, a district of Paris ... the Paris talks"; "the fire was set Friday
    night ... the mayor stopped by Saturday".
"""

import re
from datetime import date

from checker.rulekit import (Hit, about_other_people, cluster_claims, comparable_times, conflicting_groups, lexicon,
                             most_specific, place_of, places_compatible, side, sides_by_agreement, sources_text,
                             tied_to_event, time_key, time_pair)

ID = "CC110"
NAME = "self-inconsistency"
KIND = "intra-source"
SEVERITY = "medium"

EVENT_WORD_REACH = 6  # words between a value and the event word it belongs to
LEAD = 3  # the article's first sentences (from its first sentence with a claim): its lead
_WORD = re.compile(r"[A-Za-z]+")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# verbs of telling and releasing: a day after one of them is when something was said or made public
_TELLING = {"said", "says", "told", "announced", "released", "revealed", "reported", "confirmed", "disclosed",
            "published", "unveiled", "showed", "shown"}


def _tied_to_event(claim, action: str) -> bool:
    """A word for the event's own kind of happening within a few words of the value, before or after,
    with no verb of telling between them: in "results from the test given when he was arrested were
    released Wednesday" the day is the release's, not the arrest's."""
    triggers = lexicon().event_triggers
    rel_start, rel_end = claim.start - claim.sentence_start, claim.end - claim.sentence_start
    before = _WORD.findall(claim.sentence[:max(rel_start, 0)])[-EVENT_WORD_REACH:]
    after = _WORD.findall(claim.sentence[max(rel_end, 0):])[:EVENT_WORD_REACH]
    for words in (before[::-1], after):
        for w in words:
            if triggers.get(w.lower()) == action:
                return True
            if w.lower() in _TELLING:
                break  # the day something was told or made public ("were released Wednesday")
    return False


def _one_value_per_sentence(claims, key) -> list:
    """Drop the sentences that state two values: a route, a district in its city, a timeline."""
    values: dict[int, set] = {}
    for c in claims:
        values.setdefault(c.sentence_index, set()).add(key(c))
    return [c for c in claims if len(values[c.sentence_index]) == 1]


def _in_lead(groups, lead: set[int]) -> bool:
    return any(c.sentence_index in lead for g in groups for c in g)


def _day_gap(x: dict, y: dict) -> int | None:
    """Days between two time values, as far as they say (a weekday only: the shorter way round)."""
    if x.get("date") and y.get("date"):
        return abs((date.fromisoformat(x["date"]) - date.fromisoformat(y["date"])).days)
    wx, wy = (x.get("weekday") or x.get("stated_weekday")), (y.get("weekday") or y.get("stated_weekday"))
    if wx and wy and wx.lower() in _WEEKDAYS and wy.lower() in _WEEKDAYS:
        d = abs(_WEEKDAYS.index(wx.lower()) - _WEEKDAYS.index(wy.lower()))
        return min(d, 7 - d)
    if x.get("month") and y.get("month") and x.get("day") and y.get("day") and x["month"] == y["month"]:
        return abs(x["day"] - y["day"])
    return None


def _far_apart(groups) -> bool:
    """Some two values of different groups are more than a day apart (or cannot be measured)."""
    gaps = [_day_gap(a.normalized, b.normalized) for i, g in enumerate(groups) for h in groups[i + 1:] for a in g for b in h]
    return any(gap is None or gap > 1 for gap in gaps)


def _time_relation(ctx, a, b) -> str:
    """As time_pair, except that a bare weekday says nothing against a date with its own year: without
    a publication date nobody knows which week the weekday is in ("Sunday" vs "Oct. 10, 2002"); and two
    values whose sentences are about different people may date two happenings of one kind ("X was
    arrested early Sunday ... Another player, Y, was arrested Jan. 6")."""
    x, y = a.normalized, b.normalized
    if bool(x.get("date")) != bool(y.get("date")) and (x.get("year") or y.get("year")):
        return "unknown"
    if about_other_people(ctx, a, b):
        return "unknown"
    return time_pair(x, y)


def _backing(ctx, event, groups, kind: str, fits, clashes) -> list[list]:
    """Per side, the claims of other reports of the event (sources in a cluster with it) that fit that
    side's every value (`fits`) and clash with every value of the other sides (`clashes`): which of the
    article's two values the rest of the coverage backs."""
    out = [[] for _ in groups]
    mine = ctx.clusters_of(event.id)
    for cluster in ctx.clusters:
        if cluster.id not in mine:
            continue
        for source_id, cs in sorted(cluster_claims(ctx, cluster, kind).items()):
            if source_id == event.source_id:
                continue
            for c in cs:
                if kind == "place" and (c.normalized.get("dateline") or not tied_to_event(ctx, c)
                                        or not ctx.geography.located(place_of(c))
                                        or any(_wider(ctx, c, v) for g in groups for v in g)):
                    continue  # "a Texas inmate" says nothing of Pearland against Suva
                if kind == "time" and not comparable_times([c]):
                    continue
                backed = [i for i, g in enumerate(groups) if all(fits(c, v) for v in g)]
                if len(backed) == 1 and all(clashes(c, v) for j, h in enumerate(groups) if j != backed[0] for v in h):
                    out[backed[0]].append(c)
    return out


def _wider(ctx, claim, value) -> bool:
    """The claim's place holds the value's place and is not it: a region or country backs no town."""
    outer, inner = place_of(claim), place_of(value)
    return outer.id != inner.id and ctx.geography.contains(outer, inner)


def _backed_sides(ctx, event, groups, kind, fits, clashes, label):
    """The sides of a self-contradiction, each with the other reports that back it, and a sentence saying so."""
    backing = _backing(ctx, event, groups, kind, fits, clashes)
    sides = tuple(side(label(g), {"values": sorted({time_key(c.normalized) for c in g})} if kind == "time" else {"id": place_of(g[0]).id},
                       g + b) for g, b in zip(groups, backing))
    notes = [f"Other reports of the event back {s.value}: {sources_text(b)}." for s, b in zip(sides, backing) if b]
    return sides, " ".join(notes)


def _summary(event, verb: str, sides) -> str:
    """"X places its event in A and B", and which value other reports back, when some do."""
    backed = [s.value for s in sides if any(c.source_id != event.source_id for c in s.claims)]
    return f"{event.source_id} {verb} " + " and ".join(s.value for s in sides) + \
        (f" (other reports back {' and '.join(backed)})" if backed else "")


def check(ctx):
    geo = ctx.geography
    for event in sorted(ctx.events.values(), key=lambda e: e.id):
        if event.role != "reported":
            continue
        claims = [ctx.claims[c] for c in event.claim_ids]
        first = min((c.sentence_index for c in ctx.source_claims(event.source_id)), default=0)
        lead = set(range(first, first + LEAD))
        placeless = lexicon().action_families.get(event.action) in lexicon().placeless_families  # happens on paper
        places = [c for c in claims if c.kind == "place" and not placeless and not c.normalized.get("dateline")
                  and _tied_to_event(c, event.action)]
        keep = {p.id for p in most_specific([place_of(c) for c in places], geo, located_only=True)}
        places = _one_value_per_sentence([c for c in places if place_of(c).id in keep], lambda c: place_of(c).id)
        groups = sides_by_agreement(places, lambda a, b: places_compatible(a, b, geo))
        if len(groups) >= 2 and _in_lead(groups, lead):
            sides, backed = _backed_sides(ctx, event, groups, "place", lambda a, b: places_compatible(a, b, geo),
                                          lambda a, b: not places_compatible(a, b, geo), lambda g: g[0].normalized["name"])
            yield Hit(_summary(event, "places its event in", sides),
                      " ".join(filter(None, ["The article ties its own event to two places, and neither contains the other.", backed])),
                      sides, 0.6, "same", events=tuple(sorted({c.event_id for s in sides for c in s.claims})))
        family = lexicon().action_families.get(event.action)
        times = [c for c in comparable_times(claims) if family in c.normalized.get("families", ())
                 and c.normalized.get("anchor", "event") == "event" and _tied_to_event(c, event.action)]
        times = _one_value_per_sentence(times, lambda c: time_key(c.normalized))
        groups = conflicting_groups(times, lambda a, b: _time_relation(ctx, a, b), across_sources=False)
        if len(groups) >= 2 and _in_lead(groups, lead) and _far_apart(groups):
            sides, backed = _backed_sides(ctx, event, groups, "time", lambda a, b: _time_relation(ctx, a, b) == "agree",
                                          lambda a, b: _time_relation(ctx, a, b) == "conflict", lambda g: g[0].value)
            yield Hit(_summary(event, "dates its event", sides),
                      " ".join(filter(None, ["The article ties its own event to two days, more than a day apart, that cannot both be right.", backed])),
                      sides, 0.6, "same", events=tuple(sorted({c.event_id for s in sides for c in s.claims})))
