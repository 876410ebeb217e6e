"""Helpers rules share: the claims each source reports about a cluster's event, grouping values into
sides of a disagreement, and the same-event judgement and wording for a finding."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

import re
from dataclasses import replace

import networkx as nx
from rapidfuzz import fuzz, utils

from checker.alignment.compare import SAME_FACTOR, SAME_ORDER, comparable_times, time_gap_days, weakest
from checker.alignment.align import worded_alike
from checker.extraction.triggers import find_triggers
from checker.extraction.lexicon import lexicon
from checker.judging.kit import HitSide, RuleContext, value_sort
from checker.model import Claim, Quote


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


def sides_by_agreement(claims: list[Claim], agree: Callable[[Claim, Claim], bool],
                       key: Callable[[Claim], object] | None = None) -> list[list[Claim]]:
    """Connected groups of mutually agreeing values; two or more groups mean a disagreement.

    `key`, when given, says which claims `agree` cannot tell apart (the same normalised value): only
    one claim per key is compared, so a story told by 5,000 sources with a handful of distinct values
    costs a handful of comparisons, not millions."""
    by_key = _by_key(claims, key)
    reps = [members[0] for members in by_key.values()]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(reps)))
    for i, a in enumerate(reps):
        for j in range(i + 1, len(reps)):
            if agree(a, reps[j]):
                graph.add_edge(i, j)
    members = list(by_key.values())
    groups = [sorted((c for i in comp for c in members[i]), key=lambda c: c.id) for comp in nx.connected_components(graph)]
    return sorted(groups, key=lambda g: (-len({c.source_id for c in g}), g[0].id))


def _by_key(claims: list[Claim], key: Callable[[Claim], object] | None) -> dict[object, list[Claim]]:
    """Claims grouped by `key` (each claim its own group without one), in first-seen order."""
    out: dict[object, list[Claim]] = {}
    for c in claims:
        out.setdefault(key(c) if key else c.id, []).append(c)
    return out


def conflicting_groups(claims: list[Claim], relation: Callable[[Claim, Claim], str], *, across_sources: bool = True,
                       key: Callable[[Claim], object] | None = None) -> list[list[Claim]]:
    """Groups of values that positively agree, keeping only groups that conflict with another group
    from a different source (across sources: only groups some source states alone, see
    _with_own_sources). Values that neither agree nor conflict with anything drop out, so an
    unresolvable "June 28" (no year) never glues "Friday" and "Sunday" into one side. `key`: see
    `sides_by_agreement`."""
    groups = sides_by_agreement(claims, lambda a, b: relation(a, b) == "agree", key)
    if across_sources:
        groups = _with_own_sources(groups)
    distinct = [_by_key(g, key) for g in groups]
    keep = []
    for i, g in enumerate(groups):
        if any(
            relation(ma[0], mb[0]) == "conflict" and _across(ma, mb, across_sources)
            for j, h in enumerate(distinct) if i != j for ma in distinct[i].values() for mb in h.values()
        ):
            keep.append(g)
    return keep


def _across(a: list[Claim], b: list[Claim], across_sources: bool) -> bool:
    """Two sets of claims with one value each: some pair from different sources (or any pair within one
    source, for a self-contradiction)."""
    return not across_sources or any(x.source_id != y.source_id for x in a for y in b)


def _with_own_sources(groups: list[list[Claim]]) -> list[list[Claim]]:
    """The groups that some source asserts alone: sources disagree when one says A and not B and
    another says B and not A. A value stated only by sources that also state another ("killing
    170,000 people ... with 35,000 bodies never recovered"; "defeated Corwin on Friday ... plays on
    Saturday") is a relation within those articles, not a disagreement between outlets."""
    sources = [{c.source_id for c in g} for g in groups]
    own = [s - set().union(*(t for j, t in enumerate(sources) if j != i)) for i, s in enumerate(sources)]
    return [g for g, mine in zip(groups, own) if mine]


# Not ordinals, which news uses for firsts in history ("the first summit in seven years", "the second
# visit by a French leader"), nor superlatives ("the deadliest attack since 2008").
_ONE_OF_SEVERAL = re.compile(r"(?i)\b(?:latest|another|earlier|later|previous)((?:\s+[\w.-]+){1,3})")


def one_of_several(claims: Iterable[Claim]) -> bool:
    """Some claim's sentence calls its happening one of several of its kind ("the latest powerful
    tremor", "another blast", "an earlier attack"): the story has a series, so one report's count or
    day may be of another of them than another report's."""
    triggers = lexicon().event_triggers
    return any(triggers.get(word.lower()) for c in claims for m in _ONE_OF_SEVERAL.finditer(c.sentence)
               for word in m.group(1).split())


def tied_to_event(ctx: RuleContext, claim: Claim) -> bool:
    """Can the value be where or when its event happened? Not when no verb governs it ("Another day
    in Nashville", a headline fragment), when a verb of saying does ("told reporters in Boston"), or
    when an event word of another kind of happening does ("was charged in Denver" in a report of a
    crash), or a verb that carries someone elsewhere ("was taken to a hospital in Sioux Falls"). See
    checker.extraction.attachment. A claim read from an older store, which says nothing of its verb,
    counts as tied."""
    n = claim.normalized
    if "verb" not in n:
        return True
    verb, family = n["verb"], n.get("verb_family")
    if verb is None or verb.lower() in lexicon().destination_verbs:
        return False  # "taken to a hospital in X": where someone was carried to
    event = ctx.events.get(claim.event_id) if claim.event_id else None
    own = lexicon().action_families.get(event.action) if event else None
    if own and _in_opening_after_clause(claim, own):
        return False  # "After leaving rehab in Laguna Beach, ... she admitted herself to the Harwell Clinic"
    if family is None:
        return verb.lower() not in lexicon().attribution_after  # another verb: "blasted X in Rotterdam"
    return family == "" or not own or family == own


_OPENING_AFTER = re.compile(r"\s*(?:After|Following)\b[^,;:]*,")


def _in_opening_after_clause(claim: Claim, own: str) -> bool:
    """The value lies in a clause that opens its sentence with "After"/"Following" while the rest of
    the sentence reports a happening of the report's own kind (`own`, a family): "After leaving rehab in
    Laguna Beach, ... Keller admitted herself to the Harwell Clinic" places the step before. When
    the rest only says or reacts ("After checking into a clinic in Ojai, Hart told People ..."), the
    opening clause holds the event itself."""
    opening = _OPENING_AFTER.match(claim.sentence)
    if not opening or claim.start - claim.sentence_start >= opening.end():
        return False
    families = lexicon().action_families
    return any(families.get(t.action) == own for t in find_triggers(claim.sentence[opening.end():]))


def about_other_people(ctx: RuleContext, a: Claim, b: Claim) -> bool:
    """The two values' sentences are about different people, neither named in the other's sentence
    ("Pruitt was placed on injured reserve Wednesday" and "Okafor was placed on injured reserve on
    Tuesday"): they may date two happenings of one kind, not one happening twice."""
    sa, sb = _subject(ctx, a), _subject(ctx, b)
    return bool(sa and sb and not _named_among(sa, _names_in(ctx, b)) and not _named_among(sb, _names_in(ctx, a)))


def _named_among(key: str, keys: set[str]) -> bool:
    """`key` names one of `keys`, as written or as a short form of it (see `_short_form`)."""
    return key in keys or any(_short_form(key, other) or _short_form(other, key) for other in keys)


def _short_form(short: str, full: str) -> bool:
    """One name written shorter: the words of a name of two or more within the other ("Tamarack
    Maid" in "the Tamarack Maid Block Building"), or as many words with the same last word and each
    first word the start of the other's ("Tam Maid", "Tamarack Maid"). A single word is left out: a
    family name alone may stand for two players of it."""
    a, b = short.split(":", 1)[-1].split(), full.split(":", 1)[-1].split()
    if len(a) < 2 or len(a) > len(b):
        return False
    if any(b[i:i + len(a)] == a for i in range(len(b) - len(a) + 1)):
        return True
    return len(a) == len(b) and a[-1] == b[-1] and all(
        min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x)) for x, y in zip(a[:-1], b[:-1]))


_DIGITS = re.compile(r"[0-9][0-9,.]*")


def sentence_likeness(a: Claim, b: Claim) -> float:
    """How alike two claims' sentences read (0-100), numbers left out: rapidfuzz's token-set ratio,
    which one outlet's rewrite of another's copy reaches ("The jury deliberated almost seven hours
    Thursday" / "... twenty-one hours Thursday": 98) and two sentences about two things seldom do."""
    return fuzz.token_set_ratio(_DIGITS.sub(" ", a.sentence), _DIGITS.sub(" ", b.sentence), processor=utils.default_process)


def people_key(ctx: RuleContext, claim: Claim) -> tuple:
    """What `about_other_people` reads of a claim: part of a `key` for `conflicting_groups`."""
    return _subject(ctx, claim), frozenset(_names_in(ctx, claim))


def _names_in(ctx: RuleContext, claim: Claim) -> set[str]:
    return {key for _, key in _own_names(ctx, claim)}


_CLAUSE_END = re.compile(r";|:\s|\s[—–]\s")


def _in_clause(claim: Claim, named: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The names of the value's own clause: "Pruitt is the second player arrested this year: Okafor
    was arrested on Jan. 6" dates Okafor's arrest, not Pruitt's."""
    at = claim.start - claim.sentence_start
    ends = [m for m in _CLAUSE_END.finditer(claim.sentence)]
    low = max((m.end() for m in ends if m.end() <= at), default=0) + claim.sentence_start
    high = min((m.start() for m in ends if m.start() >= at), default=len(claim.sentence)) + claim.sentence_start
    return [(start, key) for start, key in named if low <= start < high]


def _subject(ctx: RuleContext, claim: Claim) -> str | None:
    """The person or name nearest before the value in its part of the sentence (else its first one),
    passing over names after a preposition: "Tolliver was arrested by the Nevada Highway Patrol
    early Tuesday", "Terrell Pellman, the defensive tackle for the Larkford Comets, was arrested
    Sunday" are about Tolliver and Pellman."""
    named = _own_names(ctx, claim)
    before = [(start, key) for start, key in named if start < claim.start]
    heads = [key for start, key in before if not _AFTER_PREPOSITION.search(claim.sentence[: start - claim.sentence_start])]
    if heads:
        return heads[-1]
    return before[-1][1] if before else (named[0][1] if named else None)


_AFTER_PREPOSITION = re.compile(r"\b(?:by|for|of|with|from|at|in|to|on|against|into|near)\s+(?:the\s+)?$", re.IGNORECASE)


def _own_names(ctx: RuleContext, claim: Claim) -> list[tuple[int, str]]:
    """The names of the claim's part of its sentence. A sentence that gives two values of one sort
    ("signed Haskins on Tuesday and Odom on Wednesday") gives each value the names after the value
    before it, up to its own end (names after the last value go to the last): Odom is not dated
    Tuesday. A sentence with one value of the kind gives it every name."""
    cached = ctx.claim_names.get(claim.id)
    if cached is None:
        cached = ctx.claim_names[claim.id] = _own_names_uncached(ctx, claim)
    return cached


def _own_names_uncached(ctx: RuleContext, claim: Claim) -> list[tuple[int, str]]:
    named = _in_clause(claim, ctx.names_mentioned(claim))
    values = ctx.values_in_sentence(claim.source_id, claim.sentence_index, claim.kind, value_sort(claim))
    if len(values) < 2 or not named:
        return named
    index = next((i for i, (start, _) in enumerate(values) if start == claim.start), None)
    if index is None:
        return named
    low = values[index - 1][1] if index else -1
    high = claim.end if index < len(values) - 1 else float("inf")
    return [(start, key) for start, key in named if low <= start < high]


def linked_groups(ctx: RuleContext, groups: Iterable[list[Claim]], slot: str | None = None, *,
                  conflict: Callable[[list[Claim], list[Claim]], bool] | None = None) -> list[list[Claim]]:
    """The sides of a finding without the reports that look like another happening: a report whose
    every comparison with the other sides' reports says "different" leaves its side (a boxer's other
    fight, quoted in the same cluster through a third report). With three sides or more, the sides
    still tied by compared reports to the side most sources take. Fewer than two left: none.

    `conflict(side, other)`, when given, says whether two sides still disagree once those reports
    left: a side that conflicted only through a report that left ("yesterday" of another step beside
    a "Tuesday" that agrees with the other side's date) is no side any more."""
    groups = [list(g) for g in groups]
    events = [_events_of(g) for g in groups]
    pruned = []
    for i, g in enumerate(groups):
        others = set().union(*(e for j, e in enumerate(events) if j != i))
        apart = {e for e in events[i] if _best_label(ctx, {e}, others, slot) == "different"}
        kept = [c for c in g if c.event_id not in apart]
        if kept:
            pruned.append(kept)
    if conflict is not None:
        pruned = [g for g in pruned if any(conflict(g, h) for h in pruned if h is not g)]
    if len(pruned) <= 2:
        return pruned if len(pruned) == 2 else []
    events = [_events_of(g) for g in pruned]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(pruned)))
    for i in range(len(pruned)):
        for j in range(i + 1, len(pruned)):
            if _best_label(ctx, events[i], events[j], slot) not in (None, "different"):
                graph.add_edge(i, j)
    biggest = max(range(len(pruned)), key=lambda i: (len({c.source_id for c in pruned[i]}), -i))
    keep = sorted(nx.node_connected_component(graph, biggest))
    return [pruned[i] for i in keep] if len(keep) >= 2 else []


def _events_of(claims: Iterable[Claim]) -> set[str]:
    return {c.event_id for c in claims} - {None}


def _best_label(ctx: RuleContext, mine: set[str], theirs: set[str], slot: str | None = None) -> str | None:
    """The strongest same-event label between the events of `mine` and those of `theirs`, over
    compared pairs of different sources; None when none was compared. With `slot` (the slot a rule is
    about), a pair judged "different" only because that slot conflicts counts as "uncertain": the
    disagreement the rule reports cannot also be the proof that the reports are of two events."""
    labels = []
    for a in mine:
        source = ctx.events[a].source_id
        for b, pair in ctx.compared_with(a).items():
            if b in theirs and b != a and ctx.events[b].source_id != source:
                label = pair.same_event
                if slot and label == "different" and _apart_only_in(ctx, pair, slot):
                    label = "uncertain"
                labels.append(label)
    return min(labels, key=lambda label: SAME_ORDER[label]) if labels else None


SLOT_GAP_DAYS = 7  # exact dates further apart than this are two occasions, whatever else two reports share


def _apart_only_in(ctx: RuleContext, pair, slot: str) -> bool:
    """The pair was judged two events only because `slot` conflicts, while something else ties them:
    their leads read alike and a name, place or topic agrees, or they are in one cluster (alignment
    judged them one event through the reports around them) and one slot agrees. For the day, also both
    or neither giving exact dates, and those not a week apart (a report of a shooting and one of the
    video released two years later stay apart)."""
    if pair.disagreeing != (slot,) or not pair.agreeing:
        return False
    in_one_cluster = bool(ctx.clusters_of(pair.a) & ctx.clusters_of(pair.b))
    if not in_one_cluster and not (worded_alike(pair) and len(pair.agreeing) >= 2):
        return False
    if slot == "time":
        a, b = ctx.claims_of(pair.a), ctx.claims_of(pair.b)
        dated = [any(c.normalized.get("date") for c in comparable_times(x)) for x in (a, b)]
        if dated[0] != dated[1]:
            return False  # an exact date against a weekday of an undated page, which may be of any year
        gap = time_gap_days(a, b)
        return gap is None or gap <= SLOT_GAP_DAYS
    return True


def event_judgement(ctx: RuleContext, groups: Iterable[list[Claim]], slot: str | None = None) -> str:
    """How surely the sides report one event: for each report, its best-matching report on another
    side; then the weakest of those (the cautious reading).

    Reports never compared with another side (they share no blocking key) are ignored, but two sides
    with no compared pair at all are "different": nothing suggests they report one event. With three
    sides or more, two sides need not have been compared with each other when each was with a third
    (see `linked_groups`).
    """
    return _judgement(ctx, [_events_of(g) for g in groups], slot)


def judged_sides(ctx: RuleContext, claims: list[Claim], relation: Callable[[Claim, Claim], str], *,
                 key: Callable[[Claim], object] | None = None, slot: str | None = None) -> tuple[list[list[Claim]], str] | None:
    """The skeleton most cross-source rules share: `conflicting_groups`, then `linked_groups`, then
    `event_judgement`. The sides of a finding and how surely they report one event; None when fewer
    than two sides remain or the reports are judged two events."""
    def conflict(g: list[Claim], h: list[Claim]) -> bool:
        mine, theirs = _by_key(g, key).values(), _by_key(h, key).values()
        return any(relation(ma[0], mb[0]) == "conflict" and _across(ma, mb, True) for ma in mine for mb in theirs)

    groups = linked_groups(ctx, conflicting_groups(claims, relation, key=key), slot=slot, conflict=conflict)
    if len(groups) < 2:
        return None
    same = event_judgement(ctx, groups, slot=slot)
    return None if same == "different" else (groups, same)


def person_fact_conflicts(ctx: RuleContext, kind: str, relation: Callable[[Claim, Claim], str],
                          key: Callable[[Claim], object]) -> Iterator[tuple[str, list[Claim], list[list[Claim]]]]:
    """For a fact about a named person (a hometown, an age: claims of `kind` keyed by
    normalized["person"]), each person two or more sources give it for, with the conflicting groups
    of their values (`conflicting_groups`), in name order. Such facts belong to no event, so
    linked_groups (which prunes by event comparisons) does not apply: weigh the sides' reports with
    `story_judgement`."""
    by_person: dict[str, list[Claim]] = {}
    for c in ctx.claims_of_kind(kind):
        by_person.setdefault(c.normalized["person"], []).append(c)
    for person, claims in sorted(by_person.items()):
        if len({c.source_id for c in claims}) < 2:
            continue
        groups = conflicting_groups(claims, relation, key=key)
        if len(groups) >= 2:
            yield person, claims, groups


def story_judgement(ctx: RuleContext, groups: Iterable[list[Claim]]) -> str:
    """`event_judgement` for claims that belong to no event (a person's hometown): how surely the
    sides' sources report one story, judged by the comparisons of those sources' reported events."""
    return _judgement(ctx, [{e for c in g for e in ctx.reported_events(c.source_id)} for g in groups])


def events_judgement(ctx: RuleContext, events: list[set[str]]) -> str:
    """`event_judgement` for sides given as sets of event ids rather than claims: how surely the
    events of each side report one happening with the others' (a rule that compares the facts of a
    happening the sides' reports recall weighs those recalled events, not the events the values are in)."""
    return _judgement(ctx, events)


def _judgement(ctx: RuleContext, events: list[set[str]], slot: str | None = None) -> str:
    labels = []
    for i in range(len(events)):
        for j in range(i + 1, len(events)):
            between = [label for one, other in ((events[i], events[j]), (events[j], events[i])) for e in one
                       if (label := _best_label(ctx, {e}, other, slot)) is not None]
            if between or len(events) == 2:
                labels.extend(between or ["different"])
    return weakest(labels) if labels else ("same" if len(events) < 2 else "different")


def confidence(base: float, same_event: str) -> float:
    return round(base * SAME_FACTOR[same_event], 4)


def recalled_action(ctx: RuleContext, groups: Iterable[list[Claim]]) -> str | None:
    """The happening the sides' values are of when every one is of a happening its report recalls
    (role "related": the shooting two reports of a trial go back to), named by its commonest event
    word; None when any is of a report's own event."""
    actions = []
    for g in groups:
        for c in g:
            event = ctx.events.get(c.event_id) if c.event_id else None
            if event is None or event.role != "related":
                return None
            actions.append(event.action)
    return max(sorted(set(actions)), key=actions.count) if actions else None


def pair_context(ctx: RuleContext, groups: Iterable[list[Claim]]) -> str:
    """One sentence on which other slots agree or disagree between the sides' events (and, before it,
    one saying so when the values are of a happening the reports recall: `recalled_action`)."""
    groups = list(groups)
    recalled = recalled_action(ctx, groups)
    lead = f"These values are of the {recalled} the reports recall, not of the event they report. " if recalled else ""
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
    wording = {"lead": "their leads' wording", "copy": "a sentence one copies from the other",
               "final score": "the final score"}
    agree = {wording.get(slot, slot) for slot in agree}
    if agree:
        parts.append("they agree on " + ", ".join(sorted(agree)))
    if disagree:
        parts.append("they differ on " + ", ".join(sorted(disagree)))
    return lead + (("Between these reports, " + "; ".join(parts) + ".") if parts else "")


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


_YEAR = re.compile(r"\b\d{4}\b")


def printed_date_basis(ctx: RuleContext, claims: Iterable[Claim]) -> dict[str, Quote]:
    """Per source, the line of its page that its days were counted from: when a day the source gives
    without a year ("today", "Monday", "May 23") was resolved against a publication date that the
    cleaner took from a date printed in the text ("WEDNESDAY, MAY 25, 2005" under the headline), a
    reader checking the day needs that line as much as the sentence. Quoted for the first such claim
    of each source; sources dated by their metadata have no such line."""
    out: dict[str, Quote] = {}
    for c in sorted(claims, key=lambda c: c.id):
        if c.source_id in out or c.kind != "time" or not c.normalized.get("date") or _YEAR.search(c.value):
            continue
        cleaned = ctx.cleaned.get(c.source_id)
        line = next((s for s in cleaned.segments if s.reason == "publication_date"), None) if cleaned else None
        if line is not None:
            text = cleaned.source.text[line.start:line.end]
            start = line.start + len(text) - len(text.lstrip())
            out[c.source_id] = Quote(c.source_id, c.id, text.strip(), start, start + len(text.strip()))
    return out


def with_basis(hit_side: HitSide, basis: dict[str, Quote]) -> HitSide:
    """The side with the `basis` quotes (see `printed_date_basis`) of its own sources."""
    return replace(hit_side, basis=tuple(basis[s] for s in sorted({c.source_id for c in hit_side.claims}) if s in basis))


def basis_note(basis: dict[str, Quote], sides: Iterable[HitSide]) -> str:
    """One sentence naming the printed dates the sides' days were counted from, or ""."""
    used = sorted({q.source: q for s in sides for q in s.basis}.values(), key=lambda q: q.source)
    if not used:
        return ""
    return "Days without a year are counted from the date printed on the page: " \
        + "; ".join(f'{q.source}: "{q.sentence}"' for q in used) + "."


def sources_text(claims: Iterable[Claim]) -> str:
    return ", ".join(sorted({c.source_id for c in claims}))
