"""A story's dateline names a place that does not contain where other sources say the event was.

What it flags:
    A source whose only statement of place is its dateline ("PARIS —") when sources reporting the
    same event place it somewhere the dateline place does not contain.

Why it matters:
    A dateline says where a story was filed, not where the event happened, so this is weak evidence:
    reported at low severity and low confidence, as a prompt to check, never as a contradiction.

Example:
    A: "BERLIN — The two leaders agreed on Monday ..."  B: "The leaders met in Vienna on Monday."
    Not flagged when A also says where the meeting took place, or when the dateline contains it.
"""

from checker.rulekit import (Hit, cluster_claims, confidence, event_judgement, most_specific, place_of,
                             places_compatible, same_event_note, side, sources_text)

ID = "CC102"
NAME = "dateline-location"
KIND = "location"
SEVERITY = "low"
BASE_CONFIDENCE = 0.4


def check(ctx):
    geo = ctx.geography
    for cluster in ctx.clusters:
        per_source = cluster_claims(ctx, cluster, "place")
        event_source = {ocs[0].event_id: sid for sid, ocs in per_source.items()}
        for source_id, cs in sorted(per_source.items()):
            datelines = [c for c in cs if c.normalized.get("dateline")]
            if not datelines or any(not c.normalized.get("dateline") for c in cs):
                continue
            dl = datelines[0]
            others = []
            # the reports compared with this one (a story told by thousands: its few comparisons, not all)
            alike = {b for b, pair in ctx.compared_with(dl.event_id).items() if pair.same_event in ("same", "likely")}
            for other_id in sorted({event_source[b] for b in alike if b in event_source} - {source_id}):
                ocs = per_source[other_id]
                stated = [c for c in ocs if not c.normalized.get("dateline")]
                keep = {p.id for p in most_specific([place_of(c) for c in stated], geo, located_only=True)}
                others.extend(c for c in stated if place_of(c).id in keep)
            if not others or any(places_compatible(dl, o, geo) for o in others):
                continue
            groups = [[dl], others]
            same = event_judgement(ctx, groups)
            names = sorted({place_of(o).name for o in others})
            outermost = [p for p in {place_of(o).id: place_of(o) for o in others}.values()
                         if not any(q.id != p.id and geo.contains(q, p) for q in (place_of(o) for o in others))]
            top = ", ".join(sorted(p.name for p in outermost))
            summary = f"Dateline {place_of(dl).name} ({source_id}) vs reported location {top} ({sources_text(others)})"
            explanation = (
                f"{source_id} states no place for the event except its dateline, {dl.value}; a dateline says where "
                f"the story was filed, so this is weak evidence. {sources_text(others)} place the event in {top}, "
                f"which {place_of(dl).name} does not contain. {same_event_note(same)}"
            )
            sides = (
                side(f"{place_of(dl).name} (dateline)", {"id": place_of(dl).id, "name": place_of(dl).name, "dateline": True}, [dl]),
                side(top, {"ids": sorted({place_of(o).id for o in others}), "names": names}, others),
            )
            yield Hit(summary, explanation, sides, confidence(BASE_CONFIDENCE, same), same, events=tuple(sorted({dl.event_id} | {o.event_id for o in others})))
