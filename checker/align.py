"""Align reported events across sources: which reports may be about the same happening?

Events are blocked by the participants and places they name (never every event against every event),
compared slot by slot, and linked in a networkx graph whose connected components are the clusters the
rules look at. Agreeing and disagreeing slots both count: two reports of the same two people meeting
in different cities on different days may well be two meetings, and the label says so.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from checker.compare import (
    AGREE,
    CONFLICT,
    Geography,
    participant_relation,
    named_parties,
    place_relation,
    time_relation,
    topic_matches,
)
from checker.model import Claim, Event, EventCluster, EventPair

_SLOT_WEIGHT = {"participants": 0.35, "time": 0.25, "place": 0.25, "topics": 0.15}


def blocking_keys(event: Event, claims: dict[str, Claim]) -> set[str]:
    """Participants, places and the countries of places (datelines included): events that share none
    of these are never compared."""
    keys = set(event.participants) | {"place:" + p for p in event.places}
    for cid in event.claim_ids:
        c = claims[cid]
        if c.kind == "place" and c.normalized.get("country"):
            keys.add("country:" + c.normalized["country"])
    return keys


def candidate_pairs(events: list[Event], claims: dict[str, Claim]) -> list[tuple[Event, Event]]:
    blocks: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        for k in blocking_keys(e, claims):
            blocks[k].append(e)
    seen: set[tuple[str, str]] = set()
    out = []
    for members in blocks.values():
        for a, b in combinations(sorted(members, key=lambda e: e.id), 2):
            if a.source_id == b.source_id or (a.id, b.id) in seen:
                continue
            seen.add((a.id, b.id))
            out.append((a, b))
    return sorted(out, key=lambda p: (p[0].id, p[1].id))


def _slot_claims(event: Event, claims: dict[str, Claim], kind: str, *, datelines: bool = False) -> list[Claim]:
    out = [claims[c] for c in event.claim_ids if claims[c].kind == kind]
    if kind == "place" and not datelines:
        out = [c for c in out if not c.normalized.get("dateline")]
    return out


def compare_events(a: Event, b: Event, claims: dict[str, Claim], geo: Geography) -> EventPair:
    relations = {
        "participants": participant_relation(a, b),
        "time": time_relation(_slot_claims(a, claims, "time"), _slot_claims(b, claims, "time")),
        "place": place_relation(_slot_claims(a, claims, "place"), _slot_claims(b, claims, "place"), geo),
        "topics": AGREE if topic_matches(_slot_claims(a, claims, "topic"), _slot_claims(b, claims, "topic")) else "unknown",
    }
    agreeing = tuple(k for k, v in relations.items() if v == AGREE)
    disagreeing = tuple(k for k, v in relations.items() if v == CONFLICT)
    score = sum(_SLOT_WEIGHT[k] for k in agreeing) - sum(_SLOT_WEIGHT[k] for k in disagreeing)
    score = round(max(0.0, min(1.0, 0.5 + score)), 4)
    return EventPair(a.id, b.id, score, _label(a, b, relations), agreeing, disagreeing)


def _label(a: Event, b: Event, rel: dict[str, str]) -> str:
    """same / likely / uncertain / different, from which slots agree and which conflict.

    Participants decide first: a different set of parties is a different event. Where neither report
    names parties (a flood, an earthquake), an agreeing place or topic has to stand in for them.
    """
    if rel["participants"] == CONFLICT:
        return "different"
    named_both = bool(named_parties(a) & named_parties(b))
    agree = [k for k, v in rel.items() if v == AGREE]
    conflict = [k for k, v in rel.items() if v == CONFLICT]
    anchored = rel["participants"] == AGREE or rel["place"] == AGREE or rel["topics"] == AGREE
    if not anchored:
        return "uncertain" if not conflict else "different"
    if not conflict:
        if named_both and (rel["time"] == AGREE or rel["place"] == AGREE):
            return "same"
        if rel["time"] == AGREE and rel["place"] == AGREE:
            return "same"
        return "likely"
    if len(conflict) == 1:
        # the same named people and the same day (or place, or topics): one slot is probably misreported
        other_agrees = any(rel[k] == AGREE for k in ("time", "place", "topics") if k not in conflict)
        if (named_both and other_agrees) or len(agree) >= 3:
            return "likely"
        return "uncertain"
    return "uncertain" if named_both and rel["topics"] == AGREE else "different"


def _best_corroborated(members: list[str], pairs: list[EventPair]) -> str:
    """The member event most other reports agree with: its label names the cluster."""
    weight = {"same": 2.0, "likely": 1.0, "uncertain": 0.0, "different": 0.0}
    support = {m: 0.0 for m in members}
    for p in pairs:
        if p.a in support and p.b in support:
            support[p.a] += weight[p.same_event]
            support[p.b] += weight[p.same_event]
    return max(sorted(members), key=lambda m: support[m])


def align(events: list[Event], claims: dict[str, Claim], geo: Geography) -> tuple[list[EventPair], list[EventCluster]]:
    reported = [e for e in events if e.role == "reported"]
    pairs = [compare_events(a, b, claims, geo) for a, b in candidate_pairs(reported, claims)]
    graph = nx.Graph()
    graph.add_nodes_from(e.id for e in reported)
    for p in pairs:
        if p.same_event != "different":
            graph.add_edge(p.a, p.b)
    by_id = {e.id: e for e in events}
    clusters = []
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: c[0])
    for n, members in enumerate(components, 1):
        sources = tuple(sorted({by_id[m].source_id for m in members}))
        label = by_id[_best_corroborated(members, pairs)].label
        clusters.append(EventCluster(f"x{n}", tuple(members), sources, label))
    return pairs, clusters
