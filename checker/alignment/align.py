"""Align reported events across sources: which reports may be about the same happening?

Events are blocked by the participants and places they name (never every event against every event),
compared slot by slot, and linked in a networkx graph whose connected components are the clusters the
rules look at. Agreeing and disagreeing slots both count: two reports of the same two people meeting
in different cities on different days may well be two meetings, and the label says so.
"""

from __future__ import annotations

import heapq
import math
import zlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import combinations

import networkx as nx
from rapidfuzz import fuzz, process

from checker.alignment.compare import (AGREE, CONFLICT, UNKNOWN, Geography, comparable_times, countries, named_parties,
                                       names, participant_relation, place_relation, time_gap_days, time_relation, topic_matches)
from checker.extraction.gazetteer import text_place_key
from checker.extraction.lexicon import lexicon
from checker.model import Claim, Event, EventCluster, EventPair

TIES_AGAINST_A_CONFLICT = 3  # see _ties: a town and one kind of happening, or a name, similar leads and one kind, outweigh one conflict
TOWN_POPULATION = 1_000_000  # a city this big is no tie between two reports on its own
MAX_GAP_WITHOUT_NAMES = 2  # days: beyond this, exact dates apart mean two events unless named people tie them
# days: less than a week apart, a name both reports give (titled or not) still ties them against the date;
# a week apart, on the same weekday, is the next occurrence (a weekly hearing, the next flood), not a misdated one
MAX_GAP_BY_NAME = 6
MAX_GAP_ALIKE = 6  # days: likewise, one place and kind told in like words ties reports published close together
MAX_PUBLISHED_APART = 1  # days: and only when their pages are dated at most this far apart (see _misdated)
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


def _pinned_days(event: Event, claims: dict[str, Claim]) -> set[date]:
    """The days an event is pinned to: the dates of its comparable times (checker.alignment.compare), when every
    one of them has a full date. Empty when it has none, or one without a date (a bare weekday), which
    could agree with a date on any day.

    Two pinned events more than MAX_GAP_WITHOUT_NAMES days apart that name no party in common are
    labelled "different" by `_label` whatever else they share, so their places need not meet."""
    times = comparable_times(_slot_claims(event, claims, "time"))
    if not times or not all(c.normalized.get("date") for c in times):
        return set()
    return {date.fromisoformat(c.normalized["date"]) for c in times}


COPY_SHINGLE = 4  # words per shingle of a copy sentence
COPY_SKETCH = 4  # shingles kept per sentence: its smallest by hash (a bottom-k sketch)


def copy_keys(event: Event) -> set[str]:
    """Blocking keys that bring copies of one sentence together (see `copied_sentence`): for each of
    the event's blanked sentences, the COPY_SKETCH word shingles with the smallest stable hashes. Two
    copies share most shingles, so they share a smallest one with high probability, while a sentence
    costs a few keys, not one per shingle. crc32, not hash(): keys must agree across processes."""
    keys = set()
    for sentence, names in event.copy:
        words = sentence.split()
        shingles = {" ".join(words[i:i + COPY_SHINGLE]) for i in range(len(words) - COPY_SHINGLE + 1)}
        named = zlib.crc32(names.encode())  # a copy names the same names: a template filled for another story does not meet it
        keys.update(f"copy:{named:08x}{h:08x}" for h in heapq.nsmallest(COPY_SKETCH, {zlib.crc32(x.encode()) for x in shingles}))
    return keys


def _day_window(days: set[date], gap: int = MAX_GAP_WITHOUT_NAMES) -> set[str]:
    """Each day and its neighbours: two windows meet exactly when the days are at most `gap` apart."""
    reach = gap // 2
    return {(d + timedelta(days=shift)).isoformat() for d in days for shift in range(-reach, gap - reach + 1)}


def _named_and_broad(event: Event, claims: dict[str, Claim]) -> tuple[set[str], set[str]]:
    """Named people and institutions (specific enough alone), and the countries and places (not:
    a big corpus has many stories in one country)."""
    named = {"name:" + k for k in names(event)}
    broad = {k for k in event.participants if not k.startswith(("person:", "org:", "name:"))} | {"place:" + p for p in event.places}
    for cid in event.claim_ids:
        c = claims[cid]
        if c.kind == "place" and c.normalized.get("country"):
            broad.add("country:" + c.normalized["country"])
    return named, broad


# A block member: (event id, source id, open). Blocks are keyed "specific:<key>" (every two members
# of different sources are candidates) or "broad:<key>" (an open member is a candidate with every
# other member). Both kinds depend only on the set of members, never on their order, so blocks can be
# built anywhere (a dict here, a shuffle by key on a cluster: checker.running.dask_engine) with one result.
BlockMember = tuple[str, str, bool]


def block_entries(event: Event, claims: dict[str, Claim]) -> list[tuple[str, BlockMember]]:
    """The blocks one event belongs to, as (block key, member) pairs: `claims` need only hold its own.

    - a named person or institution: a specific block;
    - a place or country, for an event pinned to exact days: a specific block per day of its window
      (pinned reports of one place meet only within MAX_GAP_WITHOUT_NAMES days);
    - a place finer than a country, with its kind of happening, per day of a window of MAX_GAP_ALIKE days: a
      specific block for a pinned event of a kind the lexicon knows (one report may misdate the
      event by days: `_label` compares such reports when they read alike, see `_misdated`);
    - the same, per ISO week of its dates (and the weeks either side): a broad block, open for an
      event that is dated but not pinned (a bare weekday may be any day of the week);
    - the same, without a date: a broad block, open for an event with no date at all, which is
      compared with every event sharing a place or country;
    - a shingle of a sentence it may share with a copy (`copy_keys`): a broad block, open for an event
      that names no one, which is compared with every event that may hold a copy of its sentence
      (reports that name people meet in their names' blocks).
    """
    named, broad = _named_and_broad(event, claims)
    weeks = _weeks(event, claims)
    days = _day_window(_pinned_days(event, claims))
    member = (event.id, event.source_id)
    entries = [("specific:" + k, (*member, False)) for k in sorted(named)]
    entries += [("broad:" + k, (*member, not named)) for k in sorted(copy_keys(event))]
    entries += [(f"specific:{k}@{d}", (*member, False)) for k in sorted(broad) for d in sorted(days)]
    family = lexicon().action_families.get(event.action)
    if days and family:
        towns = [k for k in sorted(broad) if k.startswith("place:") and not k.startswith("place:country:")]
        week = _day_window(_pinned_days(event, claims), MAX_GAP_ALIKE)
        entries += [(f"specific:{k}#{family}@{d}", (*member, False)) for k in towns for d in sorted(week)]
    entries += [(f"broad:{k}@{w}", (*member, not days)) for k in sorted(broad) for w in sorted(weeks)]
    entries += [("broad:" + k, (*member, not weeks)) for k in sorted(broad)]
    return entries


# A block whose pairs would outnumber REPRESENTATIVES per member (many reports of one story: every
# report names the same two ministers) compares each member with the block's first REPRESENTATIVES
# members instead of with all of them. Star clustering (`stars`) needs each report linked to a centre,
# not to every other report, and a representative linked to nearly the whole block is that centre; so
# the block costs O(n) comparisons, not O(n²), and its reports still end in one cluster. Smaller blocks
# compare every pair, as before.
REPRESENTATIVES = 16


def block_pairs(key: str, members) -> list[tuple[str, str]]:
    """The candidate pairs of one block, as sorted (smaller id, larger id) event-id pairs from two sources.

    The members are sorted first, so the pairs (and the representatives of a big block: the first
    members by event id) depend only on the set of members, never on their order."""
    members = sorted(set(members))
    if key.startswith("specific:"):
        if len(members) <= 2 * REPRESENTATIVES + 1:
            candidates = combinations(members, 2)
        else:
            candidates = ((m, r) for m in members for r in members[:REPRESENTATIVES])
    else:  # an open member is compared with every other member, or with the representatives
        opened = [m for m in members if m[2]]
        others = members if len(opened) <= REPRESENTATIVES else members[:REPRESENTATIVES]
        candidates = ((m, other) for m in opened for other in others)
    return sorted({(min(a[0], b[0]), max(a[0], b[0])) for a, b in candidates if a[1] != b[1] and a[0] != b[0]})


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


def worth_comparing(a: Event, b: Event, copied: bool | None = None) -> bool:
    """False for a candidate pair `_label` calls "different" from the two events alone: another kind
    of happening, or parties that conflict (each names two or more, none shared). Most pairs of a
    crowded place and day are such, and not worth a slot-by-slot comparison. Two reports sharing a
    copied sentence are one story whatever kinds their leads name (a plea in one headline, the killing
    it is about in the other's first words). `copied`: `copied_sentence(a, b)` when already known."""
    one_kind = _same_family(a, b) or (copied_sentence(a, b) if copied is None else copied)
    return one_kind and participant_relation(a, b) != CONFLICT


def _weekly_keys(event: Event, claims: dict[str, Claim]) -> tuple[set[str], set[str], bool]:
    """(names and places per week, places, undated): two events sharing a key of the first set, or
    one of the second when either is undated, are compared at least when in one cluster."""
    named, broad = _named_and_broad(event, claims)
    weeks = _weeks(event, claims)
    return named | {f"{k}@{w}" for k in broad for w in weeks}, broad, not weeks


def within_clusters(events: list[Event], claims: dict[str, Claim], geo: Geography, pairs: list[EventPair],
                    clusters: list[EventCluster], weights: LeadWeights | None = None) -> list[EventPair]:
    """`pairs` plus the comparison of every two members of a cluster, from different sources, that
    share a name, a place in one week, or a place when either is undated, and were not compared yet.

    Day blocks and `worth_comparing` leave such pairs out as "different"; a rule still needs them
    when it weighs all the reports of a cluster against each other (checker.judging.helpers.event_judgement).
    Clusters are small, so this costs little; it changes no cluster. A cluster of more than
    2 × REPRESENTATIVES + 1 reports (one story covered many times) pairs each member with its first
    REPRESENTATIVES members only, as `block_pairs` does, so it costs O(n), not O(n²)."""
    by_id = {e.id: e for e in events}
    compared = {(p.a, p.b) for p in pairs}
    keys: dict[str, tuple[set[str], set[str], bool]] = {}
    extra = []
    for cluster in clusters:
        members = sorted(cluster.event_ids)
        if len(members) <= 2 * REPRESENTATIVES + 1:
            in_cluster = combinations(members, 2)
        else:
            in_cluster = sorted({(min(m, r), max(m, r)) for m in members for r in members[:REPRESENTATIVES] if m != r})
        for a, b in in_cluster:
            ea, eb = by_id[a], by_id[b]
            if ea.source_id == eb.source_id or (a, b) in compared:
                continue
            for e in (ea, eb):
                if e.id not in keys:
                    keys[e.id] = _weekly_keys(e, claims)
            (dated_a, broad_a, undated_a), (dated_b, broad_b, undated_b) = keys[a], keys[b]
            if dated_a & dated_b or ((undated_a or undated_b) and broad_a & broad_b):
                extra.append(compare_events(ea, eb, claims, geo, weights))
                compared.add((a, b))
    return sorted([*pairs, *extra], key=lambda p: (p.a, p.b)) if extra else pairs


def _slot_claims(event: Event, claims: dict[str, Claim], kind: str, *, datelines: bool = False) -> list[Claim]:
    out = [claims[c] for c in event.claim_ids if claims[c].kind == kind]
    if kind == "place" and not datelines:
        out = [c for c in out if not c.normalized.get("dateline")]
    return out


LEAD_SIMILAR = 0.15  # weighted cosine of two leads' words from which they tell one story (see lead_similarity)


@dataclass(frozen=True)
class LeadWeights:
    """Lead word weights of a run (`lead_weights`): per story, and over the whole run."""

    overall: dict[str, float]
    stories: tuple[dict[str, float], ...] = ()
    story_of: dict[str, int] = field(default_factory=dict)  # event id -> index into stories

    def between(self, a: Event, b: Event) -> dict[str, float]:
        """The weights two reports' leads are compared with: their story's when they share one."""
        story = self.story_of.get(a.id)
        return self.stories[story] if story is not None and story == self.story_of.get(b.id) else self.overall


def lead_weights(events: list[Event]) -> LeadWeights:
    """Inverse document frequency of lead words over the reports of each story: a word every report of
    the story uses (the protagonist, "police") says little about which occasion a report describes; a
    rare one says much. A story is a set of reports tied by the names they share (`names`). Counted
    over the whole run instead, a run of many stories would make each story's own words rare, and two
    occasions of one story (a player's two arrests) would read alike that read apart when the story is
    checked alone: a pair's weights are those of its story, so a report is judged the same whatever
    else the run holds. Reports that name no one, and pairs from two stories, weigh words over the run."""
    reported = [e for e in events if e.role == "reported"]
    graph = nx.Graph()
    for e in reported:
        graph.add_node(e.id)
        for n in names(e):
            graph.add_edge(e.id, "name:" + n)
    by_id = {e.id: e for e in reported}
    stories, story_of = [], {}
    for component in nx.connected_components(graph):
        members = [by_id[m] for m in component if m in by_id]
        if len(members) < 2:
            continue  # a report that shares no name: the run's weights
        for m in members:
            story_of[m.id] = len(stories)
        stories.append(_idf(members))
    return LeadWeights(_idf(reported), tuple(stories), story_of)


def _idf(reported: list[Event]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for e in reported:
        for w in e.lead:
            df[w] += 1
    n = len(reported)
    return {w: math.log((1 + n) / (1 + k)) + 1 for w, k in df.items()}


def lead_similarity(a: Event, b: Event, weights: LeadWeights) -> float:
    """Weighted cosine (0-1) of two reports' lead words, with the weights of their story. In the mixed
    folders of ECB+ (development part; measured 2026-12-07) reports of one event reach 0.15 in 36% of
    pairs, reports of two events of one kind in 6%."""
    if not a.lead or not b.lead:
        return 0.0
    of = weights.between(a, b)
    wa, wb = set(a.lead), set(b.lead)
    norm = math.sqrt(sum(of.get(w, 1.0) ** 2 for w in wa) * sum(of.get(w, 1.0) ** 2 for w in wb))
    return sum(of.get(w, 1.0) ** 2 for w in wa & wb) / norm if norm else 0.0


def compare_events(a: Event, b: Event, claims: dict[str, Claim], geo: Geography,
                   weights: LeadWeights | None = None) -> EventPair:
    """Slot by slot: agree, conflict or unknown, then a same-event label. `weights` (lead_weights of the
    run) adds lead similarity as evidence; without them leads are not compared."""
    relations = {
        "participants": participant_relation(a, b),
        "time": time_relation(_slot_claims(a, claims, "time"), _slot_claims(b, claims, "time")),
        "place": place_relation(_slot_claims(a, claims, "place"), _slot_claims(b, claims, "place"), geo),
        "topics": AGREE if topic_matches(_slot_claims(a, claims, "topic"), _slot_claims(b, claims, "topic")) else "unknown",
    }
    if relations["place"] == UNKNOWN and _one_country_wide(a, b, claims):
        relations["place"] = AGREE
        if relations["participants"] == AGREE and not (named_parties(a) & named_parties(b) or names(a) & names(b)):
            # the one country is the election's place and its only party: one fact, not two ties (two
            # parliamentary elections of one country five years apart share it)
            relations["participants"] = UNKNOWN
    agreeing = tuple(k for k, v in relations.items() if v == AGREE)
    disagreeing = tuple(k for k, v in relations.items() if v == CONFLICT)
    score = sum(_SLOT_WEIGHT[k] for k in agreeing) - sum(_SLOT_WEIGHT[k] for k in disagreeing)
    score = round(max(0.0, min(1.0, 0.5 + score)), 4)
    evidence = Evidence(
        gap_days=time_gap_days(_slot_claims(a, claims, "time"), _slot_claims(b, claims, "time")),
        similar_leads=weights is not None and lead_similarity(a, b, weights) >= LEAD_SIMILAR,
        shared_town=relations["place"] == AGREE and _shared_town(a, b, geo),
        copied=copied_sentence(a, b),
        dated_alike=_dated(a, claims) == _dated(b, claims),
        same_final_score=bool(final_scores(a, claims) & final_scores(b, claims)),
        same_sum=bool(exact_sums(a, claims) & exact_sums(b, claims)),
        published_gap=abs((date.fromisoformat(a.published) - date.fromisoformat(b.published)).days)
        if a.published and b.published else None,
        full_name=any(_full_name(n, a, b, geo) for n in names(a) & names(b)),
    )
    if evidence.similar_leads:
        agreeing += ("lead",)
    if evidence.copied:
        agreeing += ("copy",)
    if evidence.same_final_score:
        agreeing += ("final score",)
    if evidence.same_sum:
        agreeing += ("sum",)
    return EventPair(a.id, b.id, score, _label(a, b, relations, evidence), agreeing, disagreeing)


def _countries_named(event: Event, claims: dict[str, Claim]) -> set[str]:
    """The countries a report names for its event, as a party or as (or around) a place."""
    out = {k.split(":", 1)[1] for k in countries(event)}
    return out | {claims[c].normalized["country"] for c in event.claim_ids
                  if claims[c].kind == "place" and claims[c].normalized.get("country")}


def _one_country_wide(a: Event, b: Event, claims: dict[str, Claim]) -> bool:
    """Two reports of a country-wide kind of happening (lexicon `country_wide_families`: a national
    election) that name one country for it: the same place, though the country is the whole of it.
    Only where nothing finer has set their places apart (the caller's place relation is unknown)."""
    families = lexicon().action_families
    family = families.get(a.action)
    if not family or family != families.get(b.action) or family not in lexicon().country_wide_families:
        return False
    return bool(_countries_named(a, claims) & _countries_named(b, claims))


@dataclass(frozen=True)
class Evidence:
    """What `_label` weighs besides the slot relations."""

    gap_days: int | None = None  # days between the two reports' exact dates, when both give one
    similar_leads: bool = False  # lead_similarity reaches LEAD_SIMILAR
    shared_town: bool = False  # both name one town (not a big city, not a region)
    copied: bool = False  # a sentence stating the event's values is one outlet's copy of the other's
    dated_alike: bool = True  # both reports give exact dates, or neither does
    same_final_score: bool = False  # both give one final score against one named opponent
    same_sum: bool = False  # both give one exact sum of money in one currency ("$5.4 billion")
    published_gap: int | None = None  # days between the two reports' publication dates, when both are known
    full_name: bool = False  # both leads give one person's name of three words or more (see _full_name)


def final_scores(event: Event, claims: dict[str, Claim]) -> set[tuple[str, tuple[int, ...]]]:
    """The event's final scores as (opponent, points): "defeated Corwin 65-53" is ("corwin", (65, 53)).
    Two reports giving one score against one opponent tell one game; two games of one pairing rarely end
    alike. A score that differs ties nothing and separates nothing: it is what CC113 is there to flag."""
    return {(c.normalized["opponent"], tuple(c.normalized["points"])) for c in _slot_claims(event, claims, "score")}


def exact_sums(event: Event, claims: dict[str, Claim]) -> set[tuple[str, float]]:
    """The event's sums of money that are not round figures, by currency: "$5.4 billion" and "$21.50"
    but not "$1 million" or "$20". Two reports giving one such price tell one deal, heist or fine;
    round sums recur across happenings of a kind. A sum that differs separates nothing: CC108 flags it."""
    out = set()
    for c in _slot_claims(event, claims, "quantity"):
        unit, value = c.normalized.get("unit") or "", c.normalized.get("value")
        if unit.startswith("money:") and value and _significant_digits(value) >= 2:
            out.add((unit, float(value)))
    return out


def _significant_digits(value: float) -> int:
    return len(Decimal(repr(float(value))).normalize().as_tuple().digits)


def _dated(event: Event, claims: dict[str, Claim]) -> bool:
    return any(c.normalized.get("date") for c in comparable_times(_slot_claims(event, claims, "time")))


COPIED = 85  # rapidfuzz ratio of two blanked sentences from which one is a copy of the other (see copied_sentence)


def copied_sentence(a: Event, b: Event) -> bool:
    """One report states its event's day, place or counts in a sentence the other report also has,
    near word for word once those values are blanked, naming the same names (checker.alignment.events.copy_text): wire copy
    run by two outlets, or one outlet's rewrite of another's. On ECB+ (development part) 3% of the
    pairs of reports of one event share such a sentence, no pair of reports of two events does; the
    disagreeing value inside a copy is the kind of change a fact-checker wants to see."""
    if not a.copy or not b.copy:
        return False
    for text, names in a.copy:
        theirs = [t for t, n in b.copy if n == names]
        if theirs and process.extractOne(text, theirs, scorer=fuzz.ratio, score_cutoff=COPIED):
            return True
    return False


def _shared_town(a: Event, b: Event, geo: Geography) -> bool:
    """One town both reports name: a place the gazetteer does not know or a city under a million
    people. Two happenings of one kind in one town in one story are rare; in one big city, not."""
    for place_id in set(a.places) & set(b.places):
        if place_id.startswith("text:"):
            return True
        place = geo.gazetteer.get(place_id) if place_id.startswith("city:") else None
        if place is not None and place.population < TOWN_POPULATION:
            return True
    return False


def _label(a: Event, b: Event, rel: dict[str, str], evidence: Evidence = Evidence()) -> str:
    """same / likely / uncertain / different, from which slots agree and which conflict.

    Participants decide first: a different set of parties is a different event. Where neither report
    names parties (a flood, an earthquake), an agreeing place or topic has to stand in for them.
    """
    if not worth_comparing(a, b, evidence.copied):  # the same test that keeps such pairs out of the comparison
        return "different"
    named_both = bool(named_parties(a) & named_parties(b))
    gap_days = evidence.gap_days
    # an escaped convict named bare by every report, said to have fled on Monday and on Thursday: one
    # escape, misdated. Not the same name weeks apart (the same man's next arrest, fight or stay), nor
    # in two kinds of happening (a sentencing and a chess title: two people of one name)
    tied_across_days = rel["time"] == CONFLICT and gap_days is not None and gap_days <= MAX_GAP_BY_NAME \
        and _one_known_kind(a, b) and bool(names(a) & names(b))
    tied_across_days = tied_across_days or _misdated(a, b, rel, evidence)
    if rel["time"] == CONFLICT and not (named_both or tied_across_days) and gap_days is not None \
            and gap_days > MAX_GAP_WITHOUT_NAMES:
        return "different"  # two floods in one city a week apart are two floods
    agree = [k for k, v in rel.items() if v == AGREE]
    conflict = [k for k, v in rel.items() if v == CONFLICT]
    anchored = rel["participants"] == AGREE or rel["place"] == AGREE or rel["topics"] == AGREE or evidence.copied
    if not anchored:
        return "different"  # nothing ties them: two reports of a kind of happening are not one happening
    ties = _ties(a, b, rel, evidence)
    if not conflict:
        if named_both and (rel["time"] == AGREE or rel["place"] == AGREE):
            return "same"
        if rel["time"] == AGREE and rel["place"] == AGREE:
            return "same"
        return "likely" if named_both or ties >= 2 else "uncertain"
    if conflict == ["time"] and not evidence.dated_alike and not named_both:
        return "different"  # an undated page's weekday against a dated page's day: perhaps of another year
    if len(conflict) == 1:
        # the same named people and the same day (or place, or topics): one slot is probably misreported
        other_agrees = any(rel[k] == AGREE for k in ("time", "place", "topics") if k not in conflict)
        if (named_both and other_agrees) or len(agree) >= 3:
            return "likely"
        # one person or one place in common against a conflict: the same boxer's two fights, one
        # actress's two stays in rehab, are as likely as one misreported fight
        one_kind = _one_known_kind(a, b)  # two quakes
        return "uncertain" if named_both or tied_across_days or ties + one_kind >= TIES_AGAINST_A_CONFLICT else "different"
    return "uncertain" if named_both and rel["topics"] == AGREE else "different"


def _misdated(a: Event, b: Event, rel: dict[str, str], evidence: Evidence) -> bool:
    """Two reports of one kind of happening in one place, told in like words (similar leads or a
    copied sentence), dated on one day or the next yet dating the happening up to six days apart: one
    of them may have the day wrong ("A refugee camp in Borno state was bombed Thursday" against "...
    was the target of an air strike in Borno state on Saturday", both published on one Thursday).
    Reports of two floods in one city days apart are published days apart, each near its own flood,
    and stay two events: on the synthetic benchmark, where such floods are told in one template,
    allowing pages further apart (up to their days' distance less two) gave 29 findings that set two
    stories against each other."""
    gap, published = evidence.gap_days, evidence.published_gap
    return (rel["time"] == CONFLICT and gap is not None and gap <= MAX_GAP_ALIKE and published is not None
            and published <= MAX_PUBLISHED_APART and (evidence.similar_leads or evidence.copied)
            and _one_known_kind(a, b) and _ties(a, b, rel, evidence) + _one_known_kind(a, b) >= TIES_AGAINST_A_CONFLICT)


def _ties(a: Event, b: Event, rel: dict[str, str], evidence: Evidence) -> float:
    """How much ties two reports to one occasion rather than to one person or place: each name they
    share (two at most), an agreeing place, an agreeing day (half when only weekdays agree: a league
    plays every Saturday), agreeing topics (half), similar leads, one final score against one opponent,
    one exact sum of money;
    a town both name counts twice; one less when each lead names someone the other report does not."""
    parties = 0.0
    if rel["participants"] == AGREE:  # the same parties, by name, office or country (two countries meeting: two)
        parties = 2.0 if len(countries(a) & countries(b)) >= 2 else 1.0
    ties = max(float(min(len(names(a) & names(b)) + evidence.full_name, 2)), parties)
    ties += (2.0 if evidence.shared_town else 1.0) * (rel["place"] == AGREE)
    ties += (1.0 if evidence.gap_days is not None else 0.5) * (rel["time"] == AGREE)
    ties += evidence.similar_leads
    # a copy ties the two reports' telling, not their days: a dated report's copy on an undated page
    # (a company's patch notice, reused every time) may be of another week or year
    ties += 2.0 * (evidence.copied and (rel["time"] != CONFLICT or evidence.dated_alike))
    ties += 0.5 * (rel["topics"] == AGREE)
    ties += evidence.same_final_score
    ties += evidence.same_sum
    return ties - _names_apart(a, b)


BIG_PLACE = 100_000  # people: a city this large in two words of a long name makes it a team's ("San Antonio Stallions")


def _full_name(name: str, a: Event, b: Event, geo: Geography) -> bool:
    """A name of three words or more that both leads give whole ("Lucien Joseph Marchand") in reports of
    happenings that befall or are done by a person (lexicon `person_families`): given, middle and
    family names together are one person's, where a first and last name may be two people's, so it
    counts as two names. Not a name with a word of a title, an office, a body, a building or a feature
    (lexicon `institution_words` and the like), one either report reads as a place, nor one with a
    region or a big city in it (a team's or a body's: "Dunmore Ohio State"); one word may be a
    city and a family name ("Lincoln")."""
    parts = name.split()
    if len(parts) < 3 or not all(p.isalpha() and p in a.lead and p in b.lead for p in parts):
        return False
    lex = lexicon()
    if lex.action_families.get(a.action) not in lex.person_families or lex.action_families.get(b.action) not in lex.person_families:
        return False  # a deal, a launch, a fire: the long names in their leads are companies, products, buildings
    if any(p in lex.stopwords or p in lex.institution_words or p in lex.geographic_words or p in lex.media_words
           or p in lex.occupations or p in lex.titles for p in parts):
        return False  # "Department of Justice", "Police Inspector Neil Marden", "Mount Carrick Bivvy"
    if f"text:{text_place_key(name)}" in set(a.places) | set(b.places):
        return False
    gazetteer = getattr(geo, "gazetteer", None)
    if gazetteer is None:
        return True
    regions = any(p.kind in ("country", "admin1") for w in parts for p in gazetteer.lookup(w.title()))
    cities = any(p.kind in ("country", "admin1") or (p.kind == "city" and p.population >= BIG_PLACE)
                 for i in range(len(parts) - 1) for p in gazetteer.lookup(f"{parts[i]} {parts[i + 1]}".title()))
    return not (regions or cities)


def _names_apart(a: Event, b: Event) -> bool:
    """Each report's lead names someone the other report never names: the same boxer's two opponents,
    the same team's two coaches. Secondary people (a spokesman, a witness) come later than the lead.
    Named in other words is named: a person whose every name the other lead gives (under another key:
    "Nora Castell" where the other report's name for her was not read whole), a natural feature or a
    park whose own words it gives ("Lusk National Park" beside "Mount Lusk"). A hut the other report
    never names ("Carrick Bivvy") still sets the reports apart, as do two clinics of one name ("the
    Halden Center" and "the Halden clinic" may be two stays of one patient)."""
    shared_last = {n.split()[-1] for n in names(a) & names(b)}  # "Fairley" beside "Brent Fairley" is no one else
    only_a = {n for n in names(a) - names(b) if n.split()[-1] in a.lead and n.split()[-1] not in shared_last
              and not _named_in_lead(n, b)}
    only_b = {n for n in names(b) - names(a) if n.split()[-1] in b.lead and n.split()[-1] not in shared_last
              and not _named_in_lead(n, a)}
    return bool(only_a and only_b)


def _named_in_lead(name: str, other: Event) -> bool:
    """The other report's lead gives the name in its own words: every word of a person's name, or every
    word of a feature's or a park's (lexicon `feature_words`, `geographic`) that is its own ("Lusk" of
    "Lusk National Park"). Names of bodies and buildings (lexicon `institution_words`) are not read so."""
    lex = lexicon()
    words = name.split()
    if any(w in lex.institution_words and w not in lex.feature_words for w in words):
        return False
    own = [w for w in words if w not in lex.feature_words and w not in lex.geographic_words and w not in lex.stopwords]
    return bool(own) and all(w in other.lead for w in own)


_SUPPORT_WEIGHT = {"same": 2.0, "likely": 1.0, "uncertain": 0.0, "different": 0.0}


def _best_corroborated(members: list[str], pairs_of: dict[str, list[EventPair]]) -> str:
    """The member event most other reports agree with: its label names the cluster.

    `pairs_of` maps each event to the compared pairs it is in, so a cluster looks only at its own."""
    inside = set(members)
    support = {m: 0.0 for m in members}
    for m in members:
        for p in pairs_of.get(m, ()):
            if (p.b if p.a == m else p.a) in inside:
                support[m] += _SUPPORT_WEIGHT[p.same_event]
    return max(sorted(members), key=lambda m: support[m])


def _one_known_kind(a: Event, b: Event) -> bool:
    """Both reports' happenings are of one kind the lexicon knows (two quakes, two escapes)."""
    families = lexicon().action_families
    return bool(families.get(a.action)) and families.get(a.action) == families.get(b.action)


def _same_family(a: Event, b: Event) -> bool:
    """A flood and a ministers' meeting in one city on one day are two events, however else they agree."""
    families = lexicon().action_families
    fa, fb = families.get(a.action), families.get(b.action)
    return not fa or not fb or fa == fb  # None: no event word; "": a word that fits any kind


_EDGE_WEIGHT = {"same": 2.0, "likely": 1.0, "uncertain": 0.5}


def stars(graph: nx.Graph) -> list[list[str]]:
    """Split a graph of possibly-same events into stars: the best-connected event with its direct
    neighbours, then again on what is left.

    Connected components alone chain different stories together (A~B, B~C, yet A and C have nothing in
    common); a star only holds reports that were each compared with its centre and found alike.

    The best-connected event is the one with the largest summed edge weight to what is left (ties: the
    largest id). Strengths live in a heap and are lowered as neighbours leave, so a big graph costs
    O(E log V) rather than a rescan of every node per star. (Weights are halves and wholes: the sums
    are exact, whatever the order of additions and subtractions.)
    """
    order = sorted(graph.nodes)
    rank = {n: i for i, n in enumerate(order)}
    strength = {n: sum(_EDGE_WEIGHT[d["label"]] for d in graph.adj[n].values()) for n in order}
    heap = [(-strength[n], -rank[n]) for n in order]
    heapq.heapify(heap)
    left = set(order)
    out = []
    while heap:
        negative, negative_rank = heapq.heappop(heap)
        centre = order[-negative_rank]
        if centre not in left or -negative != strength[centre]:
            continue  # taken by an earlier star, or an outdated strength
        members = sorted({centre, *(n for n in graph.adj[centre] if n in left)})
        out.append(members)
        left.difference_update(members)
        for m in members:
            for n, d in graph.adj[m].items():
                if n in left:
                    strength[n] -= _EDGE_WEIGHT[d["label"]]
                    heapq.heappush(heap, (-strength[n], -rank[n]))
    return sorted(out, key=lambda m: m[0])


def _with_strays(star_list: list[list[str]], graph: nx.Graph, pairs: list[EventPair] = ()) -> list[list[str]]:
    """Stars, with each report left alone (its neighbours all taken by earlier stars) joined to the star
    it is most strongly tied to by "same" or "likely" comparisons: a report judged likely one event with
    a member of a star is no story of its own.

    A report with no such tie joins a star when two or more of the star's reports are each tied to it
    but for one slot: "uncertain" comparisons, or "different" ones whose only conflict is the day or
    the place while their leads read alike and something else agrees (`slot_only`). The slot that
    differs may be the misreported fact a rule is there to find; the rules weigh each such comparison
    again (checker.judging.helpers.linked_groups), so joining a star is no verdict. One such tie alone
    leaves the report alone."""
    star_of = {m: i for i, members in enumerate(star_list) for m in members}
    out = [list(members) for members in star_list]
    alone = {members[0]: i for i, members in enumerate(star_list) if len(members) == 1}
    weak: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for p in pairs:
        if p.same_event in ("same", "likely") or not (links(p) or slot_only(p)):
            continue
        for mine, other in ((p.a, p.b), (p.b, p.a)):
            if mine in alone and other in star_of and len(star_list[star_of[other]]) > 1:
                weak[mine][star_of[other]] += 1
    for m, i in alone.items():
        weight: dict[int, float] = defaultdict(float)
        for n, d in graph.adj[m].items():
            if d["label"] in ("same", "likely") and len(star_list[star_of[n]]) > 1:
                weight[star_of[n]] += _EDGE_WEIGHT[d["label"]]
        if not weight:
            weight.update({j: k * _EDGE_WEIGHT["uncertain"] for j, k in weak[m].items() if k >= 2})
        if weight:
            best = max(sorted(weight), key=lambda j: weight[j])
            out[best].append(m)
            out[i] = []
    return sorted((sorted(m) for m in out if m), key=lambda m: m[0])


def slot_only(pair: EventPair) -> bool:
    """The two reports conflict on the day or on the place alone, their leads read alike and something
    else agrees: the conflict may be the very misreport a rule looks for."""
    return len(pair.disagreeing) == 1 and pair.disagreeing[0] in ("time", "place") and worded_alike(pair) \
        and len(pair.agreeing) >= 2


def worded_alike(pair: EventPair) -> bool:
    """The two reports tell their event in like words: similar leads, or a copied sentence."""
    return "lead" in pair.agreeing or "copy" in pair.agreeing


def links(pair: EventPair) -> bool:
    """Does the pair put two reports in one cluster? "same" and "likely" do, and "uncertain" when the
    reports are strongly tied but one slot conflicts (the case a rule should weigh). An "uncertain"
    pair with nothing in conflict has too little in common (one name, one place) to say: the same
    boxer's two fights, one team's two coaching changes. It does not link."""
    if pair.same_event == "different":
        return False
    return pair.same_event != "uncertain" or bool(pair.disagreeing)


def clusters_of(events: list[Event], pairs: list[EventPair]) -> list[EventCluster]:
    """Star clusters of the reported events over the compared pairs that link (see `links`)."""
    graph = nx.Graph()
    graph.add_nodes_from(e.id for e in events if e.role == "reported")
    for p in pairs:
        if links(p):
            graph.add_edge(p.a, p.b, label=p.same_event)
    by_id = {e.id: e for e in events}
    pairs_of: dict[str, list[EventPair]] = defaultdict(list)
    for p in pairs:
        pairs_of[p.a].append(p)
        pairs_of[p.b].append(p)
    clusters = []
    for n, members in enumerate(_with_strays(stars(graph), graph, pairs), 1):
        sources = tuple(sorted({by_id[m].source_id for m in members}))
        label = by_id[_best_corroborated(members, pairs_of)].label
        clusters.append(EventCluster(f"x{n}", tuple(members), sources, label))
    return clusters


def align(events: list[Event], claims: dict[str, Claim], geo: Geography) -> tuple[list[EventPair], list[EventCluster]]:
    reported = [e for e in events if e.role == "reported"]
    weights = lead_weights(reported)
    pairs = [compare_events(a, b, claims, geo, weights) for a, b in candidate_pairs(reported, claims) if worth_comparing(a, b)]
    return clustered(events, claims, geo, pairs, weights)


def clustered(events: list[Event], claims: dict[str, Claim], geo: Geography, pairs: list[EventPair],
              weights: LeadWeights) -> tuple[list[EventPair], list[EventCluster]]:
    """From the compared pairs of reported events to the run's pairs and clusters: star clusters, the
    related happenings that join them (`related_joins`), and the comparisons inside each cluster
    (`within_clusters`). Every engine ends alignment here, however it compared the pairs, so where the
    comparisons ran never changes the clusters (checker.running.dask_engine)."""
    reported = [e for e in events if e.role == "reported"]
    clusters = clusters_of(events, pairs)
    clusters, joined = related_joins(events, clusters, claims, geo)
    clusters, nameless = nameless_joins(events, clusters, claims, geo)
    clusters, recalled = recalled_clusters(events, clusters, claims, geo)
    pairs = pairs + joined + nameless + recalled
    members = {m for c in clusters for m in c.event_ids}
    reported += [e for e in events if e.role == "related" and e.id in members]
    return within_clusters(reported, claims, geo, pairs, clusters, weights), clusters


def related_joins(events: list[Event], clusters: list[EventCluster], claims: dict[str, Claim],
                  geo: Geography) -> tuple[list[EventCluster], list[EventPair]]:
    """A related happening of one report is often the reported happening of another: the shooting a
    vigil report recalls ("where Tyrell Vance was shot by police on Saturday") is what the reports of
    the shooting tell. Such an event joins the cluster of reports of its kind that name someone it names
    (a name, not a place or a kind alone), when a comparison with a member says one event or differs
    only by one slot with the parties agreeing, and none sets their parties apart; the rules then weigh
    its day, place and counts against theirs. Each related event joins one cluster at most, the one
    with most such ties; it is looked up through the names, so this costs what the names share."""
    families = lexicon().action_families
    by_id = {e.id: e for e in events}
    by_name: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.role == "related" and families.get(e.action):
            for n in names(e):
                by_name[n].append(e)
    best: dict[str, tuple[int, int, list[EventPair]]] = {}
    for i, cluster in enumerate(clusters):
        kinds = {families.get(by_id[m].action) for m in cluster.event_ids} - {None, ""}
        candidates = {r.id: r for m in cluster.event_ids for n in names(by_id[m]) for r in by_name.get(n, ())}
        for r in candidates.values():
            if r.source_id in cluster.sources or families.get(r.action) not in kinds:
                continue
            compared = [compare_events(r, by_id[m], claims, geo) for m in cluster.event_ids if names(by_id[m]) & names(r)]
            if any("participants" in p.disagreeing for p in compared):
                continue
            ties = [p for p in compared if p.same_event != "different"
                    or ("participants" in p.agreeing and len(p.disagreeing) == 1)]
            if ties and len(ties) > best.get(r.id, (0, -1, []))[0]:
                best[r.id] = (len(ties), i, ties)
    if not best:
        return clusters, []
    added: dict[int, list[str]] = defaultdict(list)
    for rid, (_, i, _) in sorted(best.items()):
        added[i].append(rid)
    out = [c if i not in added else EventCluster(c.id, c.event_ids + tuple(added[i]),
                                                tuple(sorted(set(c.sources) | {by_id[r].source_id for r in added[i]})), c.label)
           for i, c in enumerate(clusters)]
    return out, [p for _, _, ties in best.values() for p in ties]


def nameless_joins(events: list[Event], clusters: list[EventCluster], claims: dict[str, Claim],
                   geo: Geography) -> tuple[list[EventCluster], list[EventPair]]:
    """A report of an arrest or a court step (lexicon `deathless_families`) is about one crime (or a
    crash, or a fire), and a crime it recalls naming no one ("has confessed to killing a mother of four,
    who died on Sunday", in a report of the arrest of Darnell Price for the shooting of Kendra Mills) is
    that crime, told by the report's own people. It joins the cluster of its kind (lexicon
    `recalled_families`) whose reports name most of the people the report names in its arrest and
    court steps, when one does (of two, the one dated within a week of it); when the report itself is
    clustered with reports of a crime or a disaster, it stays there. Other reports are not read so: in
    a war story a nameless airstrike may be any of many. What ties them is the case, not a slot, so a
    comparison that differs in one slot still joins them, as uncertain; two slots apart leave it out."""
    lex = lexicon()
    families, crimes, steps = lex.action_families, lex.recalled_families, lex.deathless_families
    by_id = {e.id: e for e in events}
    taken = {m for c in clusters for m in c.event_ids}
    own: dict[str, frozenset[str]] = defaultdict(frozenset)
    for e in events:
        if e.role in ("reported", "related") and families.get(e.action) in steps:
            own[e.source_id] |= names(e)  # the arrested and the charged, and whom the charge names
    if not own:
        return clusters, []
    kinds = [{families.get(by_id[m].action) for m in c.event_ids} for c in clusters]
    home = {by_id[m].source_id: i for i, c in enumerate(clusters) for m in c.event_ids if by_id[m].role == "reported"}
    named_in: dict[str, set[int]] = defaultdict(set)  # a name -> the clusters naming it: looked up, not scanned
    for i, c in enumerate(clusters):
        for m in c.event_ids:
            for n in names(by_id[m]):
                named_in[n].add(i)
    added: dict[int, list[str]] = defaultdict(list)
    made: list[EventPair] = []
    for r in events:
        family = families.get(r.action)
        if r.role != "related" or r.id in taken or names(r) or family not in crimes or not own[r.source_id]:
            continue
        mine = home.get(r.source_id)
        if mine is not None and kinds[mine] & lex.recalled_families:
            added[mine].append(r.id)  # the report is told with the crime's own reports: its crime is theirs
            continue
        shared: dict[int, int] = defaultdict(int)
        for n in own[r.source_id]:
            for i in named_in.get(n, ()):
                if r.source_id not in clusters[i].sources and family in kinds[i]:
                    shared[i] += 1
        most = max(shared.values(), default=0)
        fits = [i for i, n in shared.items() if n == most]
        if len(fits) > 1:  # one story told as two clusters of its crime: the one dated within a week of it
            fits = [i for i in fits if _within_a_week(r, [by_id[m] for m in clusters[i].event_ids])]
        if not most or len(fits) != 1:
            continue
        members = [by_id[m] for m in clusters[fits[0]].event_ids if names(by_id[m]) & own[r.source_id]]
        compared = [compare_events(r, m, claims, geo) for m in members[:REPRESENTATIVES]]  # a story told 5,000 times: a few
        if any(p.same_event == "different" and len(p.disagreeing) > 1 for p in compared):
            continue
        added[fits[0]].append(r.id)
        made += [replace(p, same_event="uncertain") if p.same_event == "different" else p for p in compared]
    if not added:
        return clusters, []
    out = [c if i not in added else EventCluster(c.id, c.event_ids + tuple(added[i]),
                                                tuple(sorted(set(c.sources) | {by_id[r].source_id for r in added[i]})), c.label)
           for i, c in enumerate(clusters)]
    return out, made


def _within_a_week(event: Event, others: list[Event]) -> bool:
    """Some day of `event` lies within a week of some day of `others` (exact dates only)."""
    days = [date.fromisoformat(t["date"]) for t in event.times if t.get("date")]
    theirs = [date.fromisoformat(t["date"]) for e in others for t in e.times if t.get("date")]
    return any(abs((a - b).days) <= 7 for a in days for b in theirs)


def recalled_alike(a: Event, b: Event) -> bool:
    """Two happenings recalled by two reports (role "related") that may be one: of one kind that
    happens once in a story (lexicon `recalled_families`: a crime, a quake, not a visit), naming
    someone in common, and neither naming someone the other does not (another victim may mean another
    crime of the same man). Whether their reports tell one event is the caller's to ask."""
    if a.role != "related" or b.role != "related" or a.source_id == b.source_id:
        return False
    families = lexicon().action_families
    if families.get(a.action) not in lexicon().recalled_families or families.get(a.action) != families.get(b.action):
        return False
    na, nb = names(a), names(b)
    return bool(na & nb) and not (na - nb and nb - na)


def recalled_clusters(events: list[Event], clusters: list[EventCluster], claims: dict[str, Claim],
                      geo: Geography) -> tuple[list[EventCluster], list[EventPair]]:
    """Reports of one event often recall one earlier happening: two reports of a trial go back to the
    shooting it is about, two reports of riots to the killing that set them off. When no report tells
    that happening itself (`related_joins` has no cluster to put it in), the recalled happenings of the
    reports of one cluster that are `recalled_alike` form a cluster of their own, and the rules weigh
    their days, places and counts as they weigh a reported event's. Each related event joins one such
    cluster at most (the first cluster, by id, whose reports recall it)."""
    by_source: dict[str, list[Event]] = defaultdict(list)
    taken = {m for c in clusters for m in c.event_ids}
    for e in events:
        if e.role == "related" and e.id not in taken:
            by_source[e.source_id].append(e)
    role = {e.id: (e.role, e.source_id) for e in events}
    out, made = list(clusters), []
    for cluster in clusters:
        sources = sorted({role[m][1] for m in cluster.event_ids if role[m][0] == "reported"})
        recalled = [r for s in sources for r in by_source.get(s, ()) if r.id not in taken]
        graph = nx.Graph()
        for a, b in _sharing_a_name(recalled):
            if recalled_alike(a, b):
                pair = compare_events(a, b, claims, geo)
                made.append(pair)
                graph.add_edge(a.id, b.id, label="uncertain" if pair.same_event == "different" else pair.same_event)
        by_id = {r.id: r for r in recalled}
        for a, b in _nameless_recalled(recalled, graph, by_id):
            pair = compare_events(a, b, claims, geo)
            if pair.same_event == "different" and len(pair.disagreeing) <= 1:
                pair = replace(pair, same_event="uncertain")  # what ties them is the story, not a slot
            made.append(pair)
            graph.add_edge(a.id, b.id, label="uncertain" if pair.same_event == "different" else pair.same_event)
        for members in stars(graph):
            if len(members) < 2:
                continue
            held = tuple(sorted({by_id[m].source_id for m in members}))
            out.append(EventCluster(f"x{len(out) + 1}", tuple(members), held, by_id[members[0]].label))
            taken.update(members)
    return out, made


def _nameless_recalled(recalled: list[Event], graph: nx.Graph, by_id: dict[str, Event]) -> list[tuple[Event, Event]]:
    """Pairs that tie a recalled happening naming no one ("the December 9 killing of a 15-year-old")
    to the one the other reports of the cluster recall by name with the same word ("the Dec. 6 killing
    of Stavros Andrianakis"), when exactly one such happening is named (one connected group of
    `recalled_alike` events, or one event alone) and none of it is the nameless one's own report: it
    occurs once in a story (lexicon `recalled_families`). The word must be the same: the "attacks" of
    rioters are new happenings of the same family as the killing they avenge. Two named ones of one
    word leave it apart: it may be either."""
    families = lexicon().action_families
    once = lexicon().recalled_families
    named = [r for r in recalled if names(r) and families.get(r.action) in once]
    groups = [c for c in nx.connected_components(graph)] + [{r.id} for r in named if r.id not in graph]
    by_action: dict[str, list[set[str]]] = defaultdict(list)
    for group in groups:
        for action in sorted({by_id[m].action for m in group}):
            by_action[action].append(group)
    out = []
    for r in recalled:
        if names(r) or families.get(r.action) not in once or len(by_action.get(r.action, ())) != 1:
            continue
        [group] = by_action[r.action]
        if any(by_id[m].source_id == r.source_id for m in group):
            continue
        out.extend((r, by_id[m]) for m in sorted(group))
    return out


def _sharing_a_name(events: list[Event]) -> list[tuple[Event, Event]]:
    """The pairs of `events` that name someone in common (all `recalled_alike` can accept), found
    through the names, as `block_pairs` finds its pairs: a name many events share (one story told
    thousands of times) pairs each with its first REPRESENTATIVES, so the cost stays linear."""
    by_name: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        for n in names(e):
            by_name[n].append(e)
    pairs: dict[tuple[str, str], tuple[Event, Event]] = {}
    for members in by_name.values():
        members = sorted(members, key=lambda e: e.id)
        if len(members) <= 2 * REPRESENTATIVES + 1:
            candidates = combinations(members, 2)
        else:
            candidates = ((m, r) for m in members for r in members[:REPRESENTATIVES] if m.id != r.id)
        for a, b in candidates:
            a, b = (a, b) if a.id < b.id else (b, a)
            pairs.setdefault((a.id, b.id), (a, b))
    return [pairs[k] for k in sorted(pairs)]
