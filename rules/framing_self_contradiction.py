"""An article calls its agreement an alliance or pact and also says it is not one.

What it flags:
    Within one source, an asserted treaty-level framing (alliance, pact, treaty) of the reported event
    together with an explicit negation of a binding alliance or treaty ("does not equate to a formal
    defense obligation", "deny aiming to create an alliance").

Why it matters:
    An article that says both leaves the reader with no answer to whether the parties are bound to
    defend each other; it is a sign of loose writing or of a headline that oversells the text.

Example:
    "The new alliance reflects a shared resolve. ... The pledge does not amount to a mutual defence
    obligation."
    Not flagged: "It does not establish a treaty alliance" alone, or "a formal agreement that does not
    establish a treaty alliance".
"""

from checker.rulekit import Hit, lexicon, side

ID = "CC107"
NAME = "framing-self-contradiction"
KIND = "framing"
SEVERITY = "medium"


def check(ctx):
    lex = lexicon()
    by_source = {}
    for c in sorted(ctx.claims.values(), key=lambda c: c.id):
        if c.kind == "framing" and c.role == "reported":
            by_source.setdefault(c.source_id, []).append(c)
    for sid, cs in sorted(by_source.items()):
        pos = [c for c in cs if c.polarity == "positive" and c.modality == "asserted" and c.normalized["class"] in lex.treaty_level]
        neg = [c for c in cs if c.polarity == "negated" and c.normalized["class"] in {"treaty", "alliance"}]
        if not pos or not neg:
            continue
        same_class = {c.normalized["class"] for c in pos} & {c.normalized["class"] for c in neg}
        conf = 0.8 if same_class else 0.65
        summary = f"{sid} calls it {', '.join(sorted({c.value.lower() for c in pos}))} but also denies a binding alliance or treaty"
        explanation = (
            f"Asserted: {', '.join(sorted({c.value for c in pos}))}. Negated: "
            + ", ".join(f'"{c.value}" ({c.normalized.get("cue") or "not"})' for c in neg)
            + ". The article frames one agreement both ways."
        )
        yield Hit(summary, explanation, (side("treaty-level", {"class": "treaty-level"}, pos), side("not treaty-level", {"class": "negated"}, neg)), conf, "same",
                  events=tuple(sorted({c.event_id for c in pos + neg if c.event_id})))
