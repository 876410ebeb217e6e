"""One source reports a signed, formal agreement; others report only talks or a joint statement.

What it flags:
    For one event, a source asserting a formal or signed instrument ("signed a formal agreement",
    "signed a treaty") while other sources describe the outcome only as non-binding (a joint statement,
    a declaration, a memorandum of understanding) and assert no signing.

Why it matters:
    Whether governments signed a binding instrument or issued a statement is the difference between
    a commitment and an intention; readers and markets act on it. Confidence rises when the
    non-binding side explicitly denies a formal instrument ("did not unveil a formal pact").

Example:
    A: "The two countries on Monday signed a formal trade agreement."
    B: "The two countries issued a joint statement; no binding deal was announced."
    Not flagged: A: "signed an agreement"  B: "the agreement signed on Monday".
"""

from checker.rulekit import Hit, cluster_claims, confidence, event_judgement, lexicon, same_event_note, side

ID = "CC105"
NAME = "framing-formality"
KIND = "framing"
SEVERITY = "medium"
BASE_CONFIDENCE = 0.7


def _asserted(c):
    return c.polarity == "positive" and c.modality == "asserted"


def check(ctx):
    lex = lexicon()
    formal_classes = {"formal_agreement", "treaty"}
    for cluster in ctx.clusters:
        per_source = cluster_claims(ctx, cluster, "framing")
        formal, nonbinding, denials = {}, {}, {}
        for sid, cs in sorted(per_source.items()):
            f = [c for c in cs if _asserted(c) and c.normalized["class"] in formal_classes]
            n = [c for c in cs if _asserted(c) and c.normalized["class"] == "nonbinding"]
            d = [c for c in cs if c.polarity == "negated" and c.modality == "asserted" and c.normalized["class"] in lex.binding | lex.treaty_level | {"formal_agreement"}]
            if f:
                formal[sid] = f
            elif n:
                nonbinding[sid] = n
                denials[sid] = d
        if not formal or not nonbinding:
            continue
        for sid, f in sorted(formal.items()):
            partners = []
            for oid, n in sorted(nonbinding.items()):
                pair = ctx.pair(f[0].event_id, n[0].event_id)
                if pair and pair.same_event in ("same", "likely"):
                    partners.append(oid)
            if not partners:
                continue
            other_claims = [c for oid in partners for c in nonbinding[oid] + denials[oid]]
            groups = [f, other_claims]
            same = event_judgement(ctx, groups)
            base = BASE_CONFIDENCE + (0.1 if any(denials[o] for o in partners) else 0.0)
            formal_terms = sorted({c.value.lower() for c in f})
            soft_terms = sorted({c.value.lower() for o in partners for c in nonbinding[o]})
            verb = "describes" if len(partners) == 1 else "describe"
            summary = f"{sid} reports a signed formal agreement; {', '.join(partners)} {verb} only a non-binding outcome ({', '.join(soft_terms)})"
            denial_text = ""
            if any(denials[o] for o in partners):
                denied = [f'"{c.value}" ({c.source_id}: {c.normalized.get("cue") or "not"})' for o in partners for c in denials[o]]
                denial_text = " They also explicitly deny a binding instrument: " + ", ".join(denied[:4]) + "."
            explanation = (
                f"{sid} asserts a formal instrument ({', '.join(formal_terms)}, "
                f"{'signed' if any(c.normalized['signed'] for c in f) else 'formal'}). {', '.join(partners)} describe the "
                f"outcome of the same event only as non-binding ({', '.join(soft_terms)}) "
                f"and assert no signing.{denial_text} {same_event_note(same)}"
            )
            sides = (
                side("signed formal agreement", {"class": "formal_agreement"}, f),
                side(f"non-binding ({', '.join(soft_terms)})", {"class": "nonbinding"}, other_claims),
            )
            yield Hit(summary, explanation, sides, confidence(base, same), same, events=tuple(sorted({c.event_id for g in groups for c in g})))
