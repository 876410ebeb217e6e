"""Align reported events across sources: which reports may be about the same happening?

Events are blocked by the participants and places they name (never every event against every event),
compared slot by slot, and linked in a networkx graph whose connected components are the clusters the
rules look at. Agreeing and disagreeing slots both count: two reports of the same two people meeting
in different cities on different days may well be two meetings, and the label says so.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations

import networkx as nx

from checker.compare import (
    AGREE,
    CONFLICT,
    Geography,
    participant_relation,
    named_parties,
    place_relation,
    time_gap_days,
    time_relation,
    topic_matches,
)
from checker.lexicon import lexicon
from checker.model import Claim, Event, EventCluster, EventPair

MAX_GAP_WITHOUT_NAMES = 2  # days: beyond this, exact dates apart mean two events unless named people tie them
_SLOT_WEIGHT = {"participants": 0.35, "time": 0.25, "place": 0.25, "topics": 0.15}


def _weeks(event: Event, claims: dict[str, Claim]) -> set[str]:
    """ISO weeks of the event's resolved dates (and the weeks either side, so a Sunday and the
    following Monday still meet)."""
    weeks = set()
    for cid in event.claim_ids:
        c = claims[cid]
        if c.kind == "time" and c.role == "reported" and c.normalized.get("date"):
            d = date.fromisoformat(c.normalized["date"])
            for shift in (-7, 0, 7):
                y, w, _ = (d + timedelta(days=shift)).isocalendar()
                weeks.add(f"{y}-W{w:02d}")
    return weeks


def blocking_keys(event: Event, claims: dict[str, Claim]) -> tuple[set[str], set[str], bool]:
    """Keys two events must share to be compared at all: (specific keys, broad keys, dated).

    Named people and institutions are specific enough alone. Countries and places are not (a big
    corpus has many stories in one country), so an event with a resolved date is blocked on them
    only within its week. An event without a date (no publication date, no absolute date) is compared
    with every event sharing a broad key, dated or not.
    """
    named = {k for k in event.participants if k.startswith(("person:", "org:"))}
    broad = {k for k in event.participants if not k.startswith(("person:", "org:"))} | {"place:" + p for p in event.places}
    for cid in event.claim_ids:
        c = claims[cid]
        if c.kind == "place" and c.normalized.get("country"):
            broad.add("country:" + c.normalized["country"])
    weeks = _weeks(event, claims)
    return named | {f"{k}@{w}" for k in broad for w in weeks}, broad, bool(weeks)


# A block member: (event id, source id, undated). Blocks are keyed "specific:<key>" (every two members
# of different sources are candidates) or "broad:<key>" (an undated member is a candidate with every
# other member). Both kinds depend only on the set of members, never on their order, so blocks can be
# built anywhere (a dict here, a shuffle by key on a cluster: checker.dask_engine) with one result.
BlockMember = tuple[str, str, bool]


def block_entries(event: Event, claims: dict[str, Claim]) -> list[tuple[str, BlockMember]]:
    """The blocks one event belongs to, as (block key, member) pairs: `claims` need only hold its own."""
    keys, broad_keys, dated = blocking_keys(event, claims)
    return ([("specific:" + k, (event.id, event.source_id, False)) for k in sorted(keys)]
            + [("broad:" + k, (event.id, event.source_id, not dated)) for k in sorted(broad_keys)])


def block_pairs(key: str, members) -> list[tuple[str, str]]:
    """The candidate pairs of one block, as sorted (smaller id, larger id) event-id pairs from two sources."""
    members = sorted(set(members))
    if key.startswith("specific:"):
        candidates = combinations(members, 2)
    else:
        candidates = ((m, other) for m in members if m[2] for other in members if other[0] != m[0])
    return sorted({(min(a[0], b[0]), max(a[0], b[0])) for a, b in candidates if a[1] != b[1]})


def candidate_pairs(events: list[Event], claims: dict[str, Claim]) -> list[tuple[Event, Event]]:
    blocks: dict[str, list[BlockMember]] = defaultdict(list)
    for e in events:
        for key, member in block_entries(e, claims):
            blocks[key].append(member)
    ids: set[tuple[str, str]] = set()
    for key, members in blocks.items():
        ids.update(block_pairs(key, members))
    by_id = {e.id: e for e in events}
    return [(by_id[a], by_id[b]) for a, b in sorted(ids)]


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
    gap = time_gap_days(_slot_claims(a, claims, "time"), _slot_claims(b, claims, "time"))
    return EventPair(a.id, b.id, score, _label(a, b, relations, gap), agreeing, disagreeing)


def _label(a: Event, b: Event, rel: dict[str, str], gap_days: int | None = None) -> str:
    """same / likely / uncertain / different, from which slots agree and which conflict.

    Participants decide first: a different set of parties is a different event. Where neither report
    names parties (a flood, an earthquake), an agreeing place or topic has to stand in for them.
    """
    if rel["participants"] == CONFLICT or not _same_family(a, b):
        return "different"
    named_both = bool(named_parties(a) & named_parties(b))
    if rel["time"] == CONFLICT and not named_both and gap_days is not None and gap_days > MAX_GAP_WITHOUT_NAMES:
        return "different"  # two floods in one city a week apart are two floods
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


def _same_family(a: Event, b: Event) -> bool:
    """A flood and a ministers' meeting in one city on one day are two events, however else they agree."""
    families = lexicon().action_families
    fa, fb = families.get(a.action), families.get(b.action)
    return fa is None or fb is None or fa == fb


_EDGE_WEIGHT = {"same": 2.0, "likely": 1.0, "uncertain": 0.5}


def stars(graph: nx.Graph) -> list[list[str]]:
    """Split a graph of possibly-same events into stars: the best-connected event with its direct
    neighbours, then again on what is left.

    Connected components alone chain different stories together (A~B, B~C, yet A and C have nothing in
    common); a star only holds reports that were each compared with its centre and found alike.
    """
    remaining = graph.copy()
    out = []
    while remaining.number_of_nodes():
        def strength(node: str) -> tuple[float, str]:
            return (sum(_EDGE_WEIGHT[d["label"]] for _, _, d in remaining.edges(node, data=True)), node)

        centre = max(sorted(remaining.nodes), key=strength)
        members = sorted({centre, *remaining.neighbors(centre)})
        out.append(members)
        remaining.remove_nodes_from(members)
    return sorted(out, key=lambda m: m[0])


def clusters_of(events: list[Event], pairs: list[EventPair]) -> list[EventCluster]:
    """Star clusters of the reported events over the compared pairs (every pair but "different" links)."""
    graph = nx.Graph()
    graph.add_nodes_from(e.id for e in events if e.role == "reported")
    for p in pairs:
        if p.same_event != "different":
            graph.add_edge(p.a, p.b, label=p.same_event)
    by_id = {e.id: e for e in events}
    clusters = []
    for n, members in enumerate(stars(graph), 1):
        sources = tuple(sorted({by_id[m].source_id for m in members}))
        label = by_id[_best_corroborated(members, pairs)].label
        clusters.append(EventCluster(f"x{n}", tuple(members), sources, label))
    return clusters


def align(events: list[Event], claims: dict[str, Claim], geo: Geography) -> tuple[list[EventPair], list[EventCluster]]:
    reported = [e for e in events if e.role == "reported"]
    pairs = [compare_events(a, b, claims, geo) for a, b in candidate_pairs(reported, claims)]
    return pairs, clusters_of(events, pairs)
