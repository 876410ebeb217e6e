"""One source calls an agreement a treaty, pact or alliance; another says it is not one.

What it flags:
    For one event, a source asserting a treaty-level framing (treaty, alliance, pact, mutual-defence
    obligation) while another source explicitly negates it ("does not establish a treaty alliance",
    "not a new alliance").

Why it matters:
    Treaty versus non-treaty framing changes what readers believe the parties are bound to do. Only
    asserted, non-generic uses count: "defence pacts often ..." (plural, generic), "a push for a pact"
    (wanted, not made) and comparisons are left out.

Example:
    A: "The neighbours formed a defence alliance on Monday."
    B: "Monday's accord does not create an alliance."
"""

from checker.rulekit import Hit, cluster_claims, confidence, event_judgement, lexicon, same_event_note, side

ID = "CC106"
NAME = "framing-treaty"
KIND = "framing"
SEVERITY = "high"
BASE_CONFIDENCE = 0.75


def check(ctx):
    lex = lexicon()
    for cluster in ctx.clusters:
        per_source = cluster_claims(ctx, cluster, "framing")
        positive = {s: [c for c in cs if c.polarity == "positive" and c.modality == "asserted" and c.normalized["class"] in lex.treaty_level] for s, cs in per_source.items()}
        negated = {s: [c for c in cs if c.polarity == "negated" and c.normalized["class"] in {"treaty", "alliance"}] for s, cs in per_source.items()}
        for sid, pos in sorted(positive.items()):
            if not pos:
                continue
            deniers = []
            for oid, neg in sorted(negated.items()):
                if oid == sid or not neg or positive.get(oid):
                    continue
                pair = ctx.pair(pos[0].event_id, neg[0].event_id)
                if pair and pair.same_event in ("same", "likely"):
                    deniers.append(oid)
            if not deniers:
                continue
            neg_claims = [c for o in deniers for c in negated[o]]
            groups = [pos, neg_claims]
            same = event_judgement(ctx, groups)
            summary = f"{sid} frames the agreement as {', '.join(sorted({c.value.lower() for c in pos}))}; {', '.join(deniers)} say it is not"
            explanation = (
                f"{sid} asserts a treaty-level framing ({', '.join(sorted({c.value for c in pos}))}); "
                f"{', '.join(deniers)} negate it ({', '.join(sorted({c.value for c in neg_claims}))}). {same_event_note(same)}"
            )
            sides = (side("treaty-level", {"class": "treaty-level"}, pos), side("not treaty-level", {"class": "negated"}, neg_claims))
            yield Hit(summary, explanation, sides, confidence(BASE_CONFIDENCE, same), same, events=tuple(sorted({c.event_id for g in groups for c in g})))
