"""Sources give one game different final scores.

What it flags:
    Reports of one game that give different final scores against the same named opponent: "defeated
    Corwin 65-53" against "a 65-51 victory over Corwin". Only a score that a word of winning or losing
    joins to a named opponent is read (see checker.extraction.scores), so records ("improved to 25-7"),
    runs ("a 15-2 run") and the score at half time are never compared. Which side scored which number
    is not compared ("beat the Pioneers 31-24" and "lost to the Ospreys 24-31" tell one result), and scores
    against two opponents are two games.

Why it matters:
    The score is the fact every report of a game repeats; a wrong one is copied from wire to wire and
    corrected later, often quietly.

Example:
    A: "Halvern defeated Corwin 65-53 on Friday."  B: "Halvern beat Corwin 65-51 on Friday."  (flagged)
    Not flagged: A: "defeated Corwin 65-53"  B: "Wexham State defeated Dunmore 51-50" (another
    game); a report that gives one opponent two scores (two games of a series) sides with neither
    (checker.judging.helpers.conflicting_groups keeps only values some source states alone).
"""

from checker.rulekit import Hit, cluster_claims, confidence, judged_sides, same_event_note, side, sources_text

ID = "CC113"
NAME = "score-conflict"
KIND = "score"
SEVERITY = "high"
BASE_CONFIDENCE = 0.8


def _relation(a, b) -> str:
    return "agree" if a.normalized["points"] == b.normalized["points"] else "conflict"


def _fullest_names(keys: set[str]) -> dict[str, str]:
    """Each opponent key to the one fullest name of the cluster whose words hold it: "chiefs" and
    "kansas city" are "kansas city chiefs" when that is the only such name; with two ("new york jets",
    "new york giants"), "new york" stays apart."""
    out = {}
    for key in keys:
        words = set(key.split())
        fuller = [k for k in keys if k != key and words < set(k.split())]
        longest = [k for k in fuller if not any(set(k.split()) < set(o.split()) for o in fuller)]
        out[key] = longest[0] if len(longest) == 1 else key
    return out


def check(ctx):
    for cluster in ctx.clusters:
        found = [c for claims in cluster_claims(ctx, cluster, "score").values() for c in claims]
        names = _fullest_names({c.normalized["opponent"] for c in found})
        by_opponent = {}
        for c in found:
            by_opponent.setdefault(names[c.normalized["opponent"]], []).append(c)
        for opponent, claims in sorted(by_opponent.items()):
            if len({c.source_id for c in claims}) < 2:
                continue
            judged = judged_sides(ctx, claims, _relation, key=lambda c: tuple(c.normalized["points"]))
            if judged is None:
                continue
            groups, same = judged
            name = claims[0].normalized["opponent_name"]
            sides = [side(" / ".join(sorted({c.value for c in g})), {"opponent": opponent, "points": list(g[0].normalized["points"])}, g)
                     for g in groups]
            summary = f"Final score against {name} differs: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
            explanation = (
                "; ".join(f'{sources_text(s.claims)}: "{s.claims[0].sentence.strip()[:160]}"' for s in sides)
                + f". One game against {name} has one final score. " + same_event_note(same)
            )
            yield Hit(summary, explanation, tuple(sides), confidence(BASE_CONFIDENCE, same), same,
                      events=tuple(sorted({c.event_id for g in groups for c in g})))
