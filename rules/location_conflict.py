"""Two sources place the same event in places that do not contain each other.

What it flags:
    Reports of one event whose stated locations ("met in X", "the talks took place at ... in Y") are
    disjoint: neither place lies within the other, by the gazetteer or by containment stated in the
    texts ("Y, a district of Z").

Why it matters:
    Where something happened is a checkable fact; one of the reports is wrong, or they describe two
    different events. Containment is never a conflict: a district agrees with its city, a city with
    its country. A report whose only disagreement with another is the place, while its lead reads
    alike and a name or day ties them, is still compared (as uncertain): the place the rule reports
    cannot also be the proof of two events.

Example:
    A: "The ministers met in Lyon on Tuesday."  B: "The ministers met in Marseille on Tuesday."
    A: "will play in Sunday's playoff game at Lindmoor"  B: "a playoff looming on Sunday at Corby"
    (flagged, medium: the venue set for a stage of a competition the story looks ahead to, compared only
    with venues of that stage; never the place of the reported event)
    Not flagged: A: "... met in Lyon"  B: "... met in France"; the head office and the news
    conference of a takeover, a hiring or a firing (lexicon placeless_families: these happen on paper).
"""

from checker.rulekit import (Hit, cluster_claims, confidence, event_judgement, lexicon, linked_groups, most_specific,
                             pair_context, place_of, places_compatible, same_event_note, side,
                             sides_by_agreement, sources_text, tied_to_event)

ID = "CC101"
NAME = "location-conflict"
KIND = "location"
SEVERITY = "high"
BASE_CONFIDENCE = 0.9


def _judged(ctx, claims, key):
    """The sides of incompatible places and how surely their reports tell one event; None when fewer than
    two sides remain, a source stands on every side (it gives both places itself), or the reports are
    judged two events."""
    geo = ctx.geography
    groups = sides_by_agreement(claims, lambda a, b: places_compatible(a, b, geo), key=key)
    groups = linked_groups(ctx, groups, slot="place")
    sources = {c.source_id for c in claims}
    if len(groups) < 2 or any(len({c.source_id for c in g}) == len(sources) for g in groups):
        return None
    same = event_judgement(ctx, groups, slot="place")
    return None if same == "different" else (groups, same)


def _sides(groups, geo):
    """One side per group, named by the place of the group that holds the others."""
    tops = []
    for g in groups:
        places = list({place_of(c).id: place_of(c) for c in g}.values())  # distinct: a side may quote thousands
        tops.append(max(places, key=lambda p: sum(geo.contains(p, o) for o in places)))
    named = [t.name.casefold() for t in tops]
    # a town known only from the text that places it ("Iquitos, the capital of Bahia") is named with
    # that region: the region is what conflicts
    return [side(_where(t, geo) if named.count(t.name.casefold()) > 1 or (t.kind == "unknown" and t.id in geo.stated) else t.name,
                 {"id": t.id, "name": t.name, "country": t.country}, g) for t, g in zip(tops, groups)]


def _venue_hits(ctx, cluster):
    """Venues set for one stage of a competition the story looks ahead to ("Sunday's playoff game at
    Lindmoor": venue claims, checker.extraction.stages), compared only with venues of that stage."""
    geo = ctx.geography
    by_stage = {}
    for cs in cluster_claims(ctx, cluster, "venue").values():
        for c in cs:
            if geo.located(place_of(c)):
                by_stage.setdefault(c.normalized["stage"], []).append(c)
    for stage, claims in sorted(by_stage.items()):
        if len({c.source_id for c in claims}) < 2:
            continue
        judged = _judged(ctx, claims, key=lambda c: c.normalized["id"])
        if judged is None:
            continue
        groups, same = judged
        sides = _sides(groups, geo)
        summary = f"Venue set for the {stage} differs: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
        explanation = " ".join(filter(None, [
            "; ".join(f"{sources_text(s.claims)} set the {stage} in {s.value}" for s in sides) + ".",
            "Neither place contains the other.",
            f"The {stage} is a later step of the story; its venue cannot be both unless it was moved.",
            same_event_note(same),
        ]))
        yield Hit(summary, explanation, tuple(sides), confidence(BASE_CONFIDENCE, same), same,
                  events=tuple(sorted({c.event_id for g in groups for c in g})), severity="medium")


def check(ctx):
    geo = ctx.geography
    lex = lexicon()
    for cluster in ctx.clusters:
        yield from _venue_hits(ctx, cluster)
        per_source = cluster_claims(ctx, cluster, "place")
        claims = []
        for source_id, cs in sorted(per_source.items()):
            cs = [c for c in cs if not c.normalized.get("dateline") and tied_to_event(ctx, c)
                  # a takeover or a hiring happens on paper: its places are offices and news conferences
                  and lex.action_families.get(ctx.events[c.event_id].action) not in lex.placeless_families]
            keep_ids = {p.id for p in most_specific([place_of(c) for c in cs], geo, located_only=True)}
            claims.extend(c for c in cs if place_of(c).id in keep_ids)
        if len({c.source_id for c in claims}) < 2:
            continue
        judged = _judged(ctx, claims, key=lambda c: (c.normalized["id"], c.normalized.get("name"), c.normalized.get("near_km")))
        if judged is None:
            continue
        groups, same = judged
        sides = _sides(groups, geo)
        summary = "Location differs: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
        explanation = " ".join(
            filter(None, [
                "; ".join(f"{sources_text(s.claims)} place the event in {s.value}" for s in sides) + ".",
                "Neither place contains the other.",
                _containment_note(sides, geo),
                pair_context(ctx, groups),
                same_event_note(same),
            ])
        )
        yield Hit(summary, explanation, tuple(sides), confidence(BASE_CONFIDENCE, same), same, events=tuple(sorted({c.event_id for g in groups for c in g})))


def _where(place, geo) -> str:
    """A place with the region or country it lies in, for sides that give one name ("Conroe, Texas"
    against "Conroe, Oklahoma"): the region a text states for a town the gazetteer lacks, else the
    nearest enclosing place the gazetteer knows."""
    if place.id in geo.stated:
        outer = next(iter(sorted(geo.stated.successors(place.id))), None)
        if outer is not None:
            return f"{place.name}, {geo.places[outer].name}"
    chain = [p for p in geo.gazetteer.parent_chain(place) if p.kind in ("admin1", "country")]
    return f"{place.name}, {chain[0].name}" if chain else place.name


def _containment_note(sides, geo) -> str:
    """Say which narrower places were counted as their side's place ("Kreuzberg lies in Berlin")."""
    notes = []
    for s in sides:
        inner = sorted({c.normalized["name"] for c in s.claims if c.normalized["id"] != s.normalized["id"]})
        if inner:
            notes.append(f"{', '.join(inner)} {'lies' if len(inner) == 1 else 'lie'} within {s.value}, so {'it counts' if len(inner) == 1 else 'they count'} as {s.value}.")
    return " ".join(notes)
