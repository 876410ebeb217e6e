"""Per-source reliability in [0, 1], from components an editor can read, each with its evidence.

- corroboration: how many of the source's checkable claims another source confirms, weighted by that
  source's own trust (truth discovery: trust and corroboration are iterated on a source-claim graph);
- consistency: how little it is contradicted, weighing each conflict by how much trust stands on the
  other side, plus its own self-contradictions;
- attribution: facts attributed to named sources (a ministry, a statement, a person) versus anonymous
  ones ("officials", "observers") or none;
- specificity: does it pin its event down (a date or weekday, named people, a place, numbers)?
- hygiene: page furniture and garbled words in the text.
Weights are configuration (`[tool.checker.weights]`), not code.
"""

from __future__ import annotations

import functools

import networkx as nx

from checker.alignment.compare import (AGREE, SAME_FACTOR, Geography, comparable_times, place_of, quantity_of,
                                       time_pair, topic_of)
from checker.extraction.quantities import compatible
from checker.extraction.topics import same_topic
from checker.model import Claim, CleanedSource, Component, Event, EventPair, Finding, Segment, Source, SourceScore
from checker.reading.clean import body_garbled_words

DEFAULT_WEIGHTS = {"corroboration": 0.3, "consistency": 0.25, "attribution": 0.15, "specificity": 0.15, "hygiene": 0.15}
ITERATIONS = 20
CHECKABLE = ("place", "time", "participant", "topic", "quantity")


def _checkable(c: Claim) -> bool:
    if c.role != "reported" or c.event_id is None or c.kind not in CHECKABLE:
        return False
    if c.kind == "place" and c.normalized.get("dateline"):
        return False
    if c.kind == "participant" and c.normalized["kind"] != "person":
        return False
    if c.kind == "time" and c not in comparable_times([c]):
        return False
    return True


def _corroborates(a: Claim, b: Claim, geo: Geography | None) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "place":
        return geo is not None and geo.nested(place_of(a), place_of(b))
    if a.kind == "time":
        return time_pair(a.normalized, b.normalized) == AGREE
    if a.kind == "participant":
        return a.normalized["key"] == b.normalized["key"]
    if a.kind == "topic":
        return same_topic(topic_of(a), topic_of(b))
    if a.kind == "quantity":
        return a.normalized["unit"] == b.normalized["unit"] and compatible(quantity_of(a), quantity_of(b))
    return False


def corroboration_graph(claims: list[Claim], events: list[Event], pairs: list[EventPair], geo) -> nx.Graph:
    """Claims linked when a source reporting the same (or likely same) event confirms them."""
    by_event: dict[str, list[Claim]] = {}
    for c in claims:
        if _checkable(c):
            by_event.setdefault(c.event_id, []).append(c)
    graph = nx.Graph()
    for cs in by_event.values():
        graph.add_nodes_from((c.id, {"source": c.source_id}) for c in cs)
    for p in pairs:
        if p.same_event not in ("same", "likely"):
            continue
        for a in by_event.get(p.a, []):
            for b in by_event.get(p.b, []):
                if _corroborates(a, b, geo):
                    graph.add_edge(a.id, b.id, weight=SAME_FACTOR[p.same_event])
    return graph


def _attribution(source_claims: list[Claim]) -> tuple[float, tuple[str, ...]]:
    named = sorted({c.value for c in source_claims if c.kind == "attribution" and c.normalized["named"]})
    anon = sorted({c.value for c in source_claims if c.kind == "attribution" and not c.normalized["named"]})
    value = (len(named) + 0.25) / (len(named) + len(anon) + 1)
    evidence = tuple([f"named: {n}" for n in named[:6]] + [f"anonymous: {a}" for a in anon[:6]])
    return round(value, 4), evidence or ("no attributed statements",)


def _specificity(event: Event | None, claims: dict[str, Claim]) -> tuple[float, tuple[str, ...]]:
    if event is None:
        return 0.0, ("no reported event found",)
    cs = [claims[i] for i in event.claim_ids]
    checks = {
        "date or weekday": next((c.value for c in comparable_times(cs)), None),
        "named participants": next((c.value for c in cs if c.kind == "participant" and c.normalized["kind"] == "person"), None),
        "stated place": next((c.value for c in cs if c.kind == "place" and not c.normalized.get("dateline")), None),
        "numbers": next((c.value for c in cs if c.kind == "quantity"), None),
    }
    value = sum(1 for v in checks.values() if v) / len(checks)
    evidence = tuple(f"{k}: {v}" if v else f"no {k}" for k, v in checks.items())
    return round(value, 4), evidence


def _hygiene(cleaned: CleanedSource) -> tuple[float, tuple[str, ...]]:
    garbled = cleaned.garbled
    if garbled is None:  # from a store written before the cleaner recorded them: read now, once per text
        garbled = _garbled_of(cleaned.source.text, cleaned.segments)
    return _hygiene_of(cleaned.source.text, cleaned.segments, garbled)


@functools.lru_cache(maxsize=4096)
def _garbled_of(text: str, segments: tuple[Segment, ...]) -> tuple[tuple[int, int, str], ...]:
    """Cached: a gate judges the same stored neighbours again and again, and spell-checking is slow."""
    return body_garbled_words(text, segments)


def _hygiene_of(text: str, segments: tuple[Segment, ...], garbled) -> tuple[float, tuple[str, ...]]:
    segs = [s for s in segments if s.kind != "title"]
    furniture = [s for s in segs if s.kind == "furniture"]
    chars = sum(s.end - s.start for s in segs) or 1
    furniture_share = sum(s.end - s.start for s in furniture) / chars
    value = max(0.0, 1.0 - min(1.0, 2.0 * furniture_share + 0.2 * len(garbled) + 0.02 * len(furniture)))
    evidence = [f"furniture ({s.reason}): {text[s.start:s.end][:60]}" for s in furniture[:8]]
    evidence += [f"garbled word: {w}" for _, _, w in garbled[:5]]
    return round(value, 4), tuple(evidence) or ("no page furniture or garbled words",)


def score_sources(
    sources: tuple[Source, ...],
    cleaned: list[CleanedSource],
    claims: list[Claim],
    events: list[Event],
    pairs: list[EventPair],
    findings: list[Finding],
    weights: dict[str, float] | None = None,
    geo: Geography | None = None,
) -> list[SourceScore]:
    w = dict(DEFAULT_WEIGHTS)
    w.update(weights or {})
    claim_map = {c.id: c for c in claims}
    graph = corroboration_graph(claims, events, pairs, geo)
    checkable: dict[str, list[str]] = {s.id: [] for s in sources}
    for n, d in graph.nodes(data=True):  # one pass over the graph, not one per source
        checkable.setdefault(d["source"], []).append(n)
    checkable = {sid: sorted(ids) for sid, ids in checkable.items()}
    main_event = {e.source_id: e for e in events if e.role == "reported"}
    by_source: dict[str, list[Claim]] = {s.id: [] for s in sources}
    for c in claims:
        by_source.setdefault(c.source_id, []).append(c)
    support_of = _support_lists(graph, checkable)
    fixed = {}
    for s, cl in zip(sources, cleaned):
        fixed[s.id] = {
            "attribution": _attribution(by_source[s.id]),
            "specificity": _specificity(main_event.get(s.id), claim_map),
            "hygiene": _hygiene(cl),
        }

    # findings indexed by the sources on their sides, so each source looks only at its own conflicts
    involving: dict[str, list[Finding]] = {s.id: [] for s in sources}
    for f in findings:
        for sid in sorted({sid for side in f.sides for sid in side.sources}):
            involving[sid].append(f)
    sides_of = _sides_of(findings)
    trust = {s.id: 0.5 for s in sources}
    for _ in range(ITERATIONS):
        weights_now = _side_weights(findings, trust)
        parts = {s.id: _dynamic(s.id, support_of[s.id], involving[s.id], trust, sides_of, weights_now) for s in sources}
        new = {}
        for s in sources:
            values = {**{k: v[0] for k, v in fixed[s.id].items()}, **{k: v[0] for k, v in parts[s.id].items()}}
            new[s.id] = sum(w[k] * values[k] for k in w) / (sum(w.values()) or 1)
        if max(abs(new[k] - trust[k]) for k in trust) < 1e-6:
            trust = new
            break
        trust = new

    ranked = sorted(sources, key=lambda s: (-round(trust[s.id], 6), s.id))
    out = []
    weights_now = _side_weights(findings, trust)
    claims_on_sides = _claims_on_sides(findings, claim_map)
    for rank, s in enumerate(ranked, 1):
        parts = _dynamic(s.id, support_of[s.id], involving[s.id], trust, sides_of, weights_now)
        comps = {**fixed[s.id], **parts}
        corroborated = tuple(n for n in checkable[s.id] if any(graph.nodes[m]["source"] != s.id for m in graph.neighbors(n)))
        mine = involving[s.id]
        contradicted = tuple(sorted({c for f in mine if len(f.sides) > 1 for c in claims_on_sides[f.id].get(s.id, ())}))
        on_sides = {(claim_map[c].kind, repr(claim_map[c].normalized)) for f in mine for c in claims_on_sides[f.id].get(s.id, ())}
        # a claim whose value is on a side of a finding is contradicted, not merely alone
        disputed = {c for c in checkable[s.id] if (claim_map[c].kind, repr(claim_map[c].normalized)) in on_sides}
        uncorroborated = tuple(n for n in checkable[s.id] if n not in corroborated and n not in disputed and n not in contradicted)
        out.append(
            SourceScore(
                source_id=s.id,
                score=round(trust[s.id], 4),
                rank=rank,
                components=tuple(Component(k, comps[k][0], w[k], comps[k][1]) for k in w),
                uncorroborated=uncorroborated,
                corroborated=corroborated,
                contradicted=contradicted,
            )
        )
    return out


def _support_lists(graph: nx.Graph, checkable: dict[str, list[str]]) -> dict[str, list[list[tuple[str, float]]]]:
    """Per source, per checkable claim: (other source, edge weight) of each confirming claim. Fixed
    across the trust iterations, so read from the graph once."""
    nodes = graph.nodes
    return {
        sid: [[(nodes[m]["source"], d["weight"]) for m, d in graph.adj[n].items() if nodes[m]["source"] != sid]
              for n in ids]
        for sid, ids in checkable.items()
    }


def _sides_of(findings: list[Finding]) -> dict[str, dict[str, list[int]]]:
    """Per finding, per source: the indices of the sides it is on (read once, not once per source)."""
    out: dict[str, dict[str, list[int]]] = {}
    for f in findings:
        on: dict[str, list[int]] = {}
        for i, side in enumerate(f.sides):
            for sid in side.sources:
                on.setdefault(sid, []).append(i)
        out[f.id] = on
    return out


def _side_weights(findings: list[Finding], trust: dict[str, float]) -> dict[str, list[float]]:
    """Per finding, the summed trust of each side's sources under the current trust."""
    return {f.id: [sum(trust[s] for s in side.sources) for side in f.sides] for f in findings}


def _claims_on_sides(findings: list[Finding], claim_map: dict[str, Claim]) -> dict[str, dict[str, list[str]]]:
    """Per finding, per source: the claims of that source quoted on the finding's sides."""
    out: dict[str, dict[str, list[str]]] = {}
    for f in findings:
        by_source: dict[str, list[str]] = {}
        for side in f.sides:
            for c in side.claims:
                by_source.setdefault(claim_map[c].source_id, []).append(c)
        out[f.id] = by_source
    return out


def _dynamic(source_id, supporters, findings, trust, sides_of, side_weights):
    """Corroboration and consistency, which depend on the other sources' current trust.

    `supporters`: for each checkable claim of the source, the (source, weight) of its confirmations.
    `sides_of` and `side_weights` (see `_sides_of`, `_side_weights`) spare a story told by thousands
    of sources a sum over all of them for each one."""
    if supporters:
        support = []
        for others in supporters:
            support.append(min(1.0, max((trust[src] * weight for src, weight in others), default=0.0) * 2))
        corroboration = sum(support) / len(support)
        n_corr = sum(1 for s in support if s > 0)
        corr_evidence = (f"{n_corr} of {len(supporters)} checkable claims confirmed by another source",)
    else:
        corroboration, corr_evidence = 0.0, ("no checkable claims about a reported event",)

    penalty, evidence = 0.0, []
    for f in findings:
        mine = sides_of[f.id].get(source_id, [])
        if not mine:
            continue
        if len(set(mine)) == len(f.sides):  # the source stands on every side: it contradicts itself
            penalty += f.confidence
            evidence.append(f"{f.id} (self-contradiction): {f.summary}")
            continue
        sums = side_weights[f.id]
        own_weight = sum(sums[i] for i in mine)
        total = sum(sums) or 1
        penalty += f.confidence * (1 - own_weight / total)
        evidence.append(f"{f.id} ({f.confidence:.2f}): {f.summary}")
    consistency = 1 / (1 + penalty)
    return {
        "corroboration": (round(corroboration, 4), corr_evidence),
        "consistency": (round(consistency, 4), tuple(evidence) or ("no conflicts with other sources",)),
    }
