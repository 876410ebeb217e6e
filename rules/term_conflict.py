"""Sources give one event different terms: a sentence, probation, a suspension, a contract or a stay.

What it flags:
    Reports of one event that give terms of one kind which cannot both be right: "sentenced to 25
    years" against "sentenced to 15 years", "a six-year deal" against "a five-year contract", "life in
    prison" against "20 years in prison", "sentenced to death" against "life without parole". Only
    terms that were set are read (see
    checker.extraction.terms): what a defendant faces, what prosecutors sought, an offer, "up to" a
    maximum, time already served and plural terms are not. Two lengths a tenth apart or less agree
    ("three months" and "90 days"), as do ranges that overlap after their qualifiers ("about 20
    years"). Terms about different people ("Smith was sentenced to 10 years", "Jones was sentenced to
    8 years") and a report that gives two terms of one kind (two defendants, a sentence and its
    reduction) side with no one. A term a report states outside its event's sentences ("The challenge
    now is to keep her there for the 90 days") counts when the report tells a kind of happening that
    sets such terms (a stay in rehab, a sentence, a deal: lexicon `term_families`).

Why it matters:
    The length of a sentence or a contract is the number every report of a sentencing or a signing
    repeats, copied from wire to wire; a wrong one is a routine correction.

Example:
    A: "Fairley was sentenced to 25 years in prison on Friday."  B: "Fairley was sentenced to 15
    years on Friday."  (flagged)
    Not flagged: A: "sentenced to 25 years"  B: "faces up to 40 years" (a maximum, not a term); A:
    "a 90-day stint in rehab"  B: "a three-month stay" (one length); A: "Smith got 10 years"  B:
    "Jones got 8 years" (two people).
"""

from checker.rulekit import (Hit, about_other_people, cluster_claims, confidence, judged_sides, people_key,
                             same_event_note, side, sources_text)

ID = "CC114"
NAME = "term-conflict"
KIND = "term"
SEVERITY = "high"
BASE_CONFIDENCE = 0.75
SPREAD = 1.1  # two lengths this close are one term written two ways ("three months", "90 days")
FAMILY_WORDS = {"sentence": "sentence", "probation": "probation", "suspension": "suspension or ban",
                "contract": "contract", "stay": "court-ordered stay"}


def _set(claim) -> bool:
    """A term stated as set: not negated, not wished or conditional."""
    return claim.polarity == "positive" and claim.modality != "irrealis"


def _lengths_relation(a, b) -> str:
    na, nb = a.normalized, b.normalized
    if na.get("penalty") or nb.get("penalty"):  # life or death: the same penalty, or two
        return "agree" if na.get("penalty") == nb.get("penalty") else "conflict"
    lo, hi = sorted((na, nb), key=lambda n: n["low"])
    if lo["high"] is None or lo["high"] >= hi["low"]:
        return "agree" if lo["high"] is not None and hi["high"] is not None else "unknown"
    return "conflict" if lo["high"] * SPREAD < hi["low"] else "agree"


def _relation(ctx, a, b) -> str:
    if about_other_people(ctx, a, b):
        return "unknown"
    return _lengths_relation(a, b)


def _length(n) -> str:
    if n.get("penalty"):
        return n["penalty"]
    days = n["days"]
    for unit, size in (("year", 365.25), ("month", 30.44), ("week", 7.0)):
        if days >= size and abs(days / size - round(days / size)) < 0.02:
            count = round(days / size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{round(days)} days"


def check(ctx):
    for cluster in ctx.clusters:
        by_family = {}
        for claims in cluster_claims(ctx, cluster, "term").values():
            for c in claims:
                if _set(c):
                    by_family.setdefault(c.normalized["family"], []).append(c)
        for family, claims in sorted(by_family.items()):
            if len({c.source_id for c in claims}) < 2:
                continue
            key = lambda c: (c.normalized["low"], c.normalized["high"], c.normalized.get("penalty"), people_key(ctx, c))  # noqa: E731
            judged = judged_sides(ctx, claims, lambda a, b: _relation(ctx, a, b), key=key)
            if judged is None:
                continue
            groups, same = judged
            what = FAMILY_WORDS[family]
            sides = [side(" / ".join(sorted({c.value for c in g})),
                          {"family": family, "lengths": sorted({_length(c.normalized) for c in g})}, g) for g in groups]
            summary = f"Length of the {what} differs: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
            explanation = (
                "; ".join(f'{sources_text(s.claims)}: "{s.claims[0].sentence.strip()[:160]}"' for s in sides)
                + f". These lengths are more than a tenth apart beyond their qualifiers: one {what} has one length. "
                + same_event_note(same)
            )
            yield Hit(summary, explanation, tuple(sides), confidence(BASE_CONFIDENCE, same), same,
                      events=tuple(sorted({c.event_id for g in groups for c in g})))
