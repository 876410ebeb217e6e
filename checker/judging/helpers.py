"""Helpers rules share: the claims each source reports about a cluster's event, grouping values into
sides of a disagreement, and the same-event judgement and wording for a finding."""

from __future__ import annotations

from typing import Callable, Iterable

import networkx as nx

from checker.alignment.compare import SAME_FACTOR, weakest
from checker.judging.kit import HitSide, RuleContext
from checker.model import Claim


def cluster_claims(ctx: RuleContext, cluster, kind: str) -> dict[str, list[Claim]]:
    """Source id -> its reported claims of `kind` in the cluster's events."""
    out: dict[str, list[Claim]] = {}
    for eid in cluster.event_ids:
        ev = ctx.events[eid]
        for cid in ev.claim_ids:
            c = ctx.claims[cid]
            if c.kind == kind and c.role == "reported":
                out.setdefault(ev.source_id, []).append(c)
    return out


def sides_by_agreement(claims: list[Claim], agree: Callable[[Claim, Claim], bool]) -> list[list[Claim]]:
    """Connected groups of mutually agreeing values; two or more groups mean a disagreement."""
    graph = nx.Graph()
    graph.add_nodes_from(c.id for c in claims)
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if agree(a, b):
                graph.add_edge(a.id, b.id)
    by_id = {c.id: c for c in claims}
    groups = [sorted((by_id[i] for i in comp), key=lambda c: c.id) for comp in nx.connected_components(graph)]
    return sorted(groups, key=lambda g: (-len({c.source_id for c in g}), g[0].id))


def conflicting_groups(claims: list[Claim], relation: Callable[[Claim, Claim], str], *, across_sources: bool = True) -> list[list[Claim]]:
    """Groups of values that positively agree, keeping only groups that conflict with another group
    from a different source (across sources: only groups some source states alone, see _with_own_sources). Values that neither agree nor conflict with anything drop out, so an
    unresolvable "June 28" (no year) never glues "Friday" and "Sunday" into one side."""
    groups = sides_by_agreement(claims, lambda a, b: relation(a, b) == "agree")
    if across_sources:
        groups = _with_own_sources(groups)
    keep = []
    for i, g in enumerate(groups):
        if any(
            relation(a, b) == "conflict" and (a.source_id != b.source_id or not across_sources)
            for j, h in enumerate(groups) if i != j for a in g for b in h
        ):
            keep.append(g)
    return keep


def _with_own_sources(groups: list[list[Claim]]) -> list[list[Claim]]:
    """The groups that some source asserts alone: sources disagree when one says A and not B and
    another says B and not A. A value stated only by sources that also state another ("killing
    170,000 people ... with 35,000 bodies never recovered"; "defeated Drake on Friday ... plays on
    Saturday") is a relation within those articles, not a disagreement between outlets."""
    sources = [{c.source_id for c in g} for g in groups]
    own = [s - set().union(*(t for j, t in enumerate(sources) if j != i)) for i, s in enumerate(sources)]
    return [g for g, mine in zip(groups, own) if mine]


def event_judgement(ctx: RuleContext, groups: Iterable[list[Claim]]) -> str:
    """The weakest same-event label between events on different sides (the cautious reading).

    Pairs that were never compared (they share no blocking key) are ignored, but two sides with no
    compared pair at all are "different": nothing suggests they report one event.
    """
    groups = list(groups)
    labels = []
    for i, g in enumerate(groups):
        for h in groups[i + 1 :]:
            between = []
            for a in {c.event_id for c in g}:
                for b in {c.event_id for c in h}:
                    if a == b or a is None or b is None:
                        continue
                    if ctx.events[a].source_id == ctx.events[b].source_id:
                        between.append("same")
                        continue
                    pair = ctx.pair(a, b)
                    if pair:
                        between.append(pair.same_event)
            labels.extend(between or ["different"])
    return weakest(labels) if labels else "same"


def confidence(base: float, same_event: str) -> float:
    return round(base * SAME_FACTOR[same_event], 4)


def pair_context(ctx: RuleContext, groups: Iterable[list[Claim]]) -> str:
    """One sentence on which other slots agree or disagree between the sides' events."""
    groups = list(groups)
    agree, disagree = set(), set()
    for i, g in enumerate(groups):
        for h in groups[i + 1 :]:
            for a in {c.event_id for c in g}:
                for b in {c.event_id for c in h}:
                    pair = ctx.pair(a, b) if a and b else None
                    if pair:
                        agree.update(pair.agreeing)
                        disagree.update(pair.disagreeing)
    parts = []
    if agree:
        parts.append("they agree on " + ", ".join(sorted(agree)))
    if disagree:
        parts.append("they differ on " + ", ".join(sorted(disagree)))
    return ("Between these reports, " + "; ".join(parts) + ".") if parts else ""


def same_event_note(label: str) -> str:
    return {
        "same": "The reports describe the same event.",
        "likely": "The reports very likely describe the same event.",
        "uncertain": "The reports may describe different events: read this as a discrepancy to check, not as proof that one is false.",
        "different": "The reports probably describe different events.",
    }[label]


MAX_QUOTES_PER_SOURCE = 3


def side(value: str, normalized, claims: list[Claim]) -> HitSide:
    """A side quoting each sentence once, at most a few sentences per source, in document order."""
    chosen: dict[tuple[str, int], Claim] = {}
    per_source: dict[str, int] = {}
    for c in sorted(claims, key=lambda c: c.id):
        key = (c.source_id, c.sentence_index)
        if key in chosen or per_source.get(c.source_id, 0) >= MAX_QUOTES_PER_SOURCE:
            continue
        chosen[key] = c
        per_source[c.source_id] = per_source.get(c.source_id, 0) + 1
    return HitSide(value, normalized, tuple(sorted(chosen.values(), key=lambda c: c.id)))


def sources_text(claims: Iterable[Claim]) -> str:
    return ", ".join(sorted({c.source_id for c in claims}))
