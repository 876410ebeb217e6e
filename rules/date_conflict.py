"""Sources give the same event different dates or weekdays.

What it flags:
    Reports of one event whose dates cannot all be true: two different calendar dates, or a stated
    weekday that is not the weekday of another source's date ("on Friday" against "June 28, 2026",
    a Sunday). Relative days are resolved against the publication date when it is known. When the
    reports' days taken together show no disagreement (two reports give the day of the killing and
    the day of the charge, a third only a charge day), the days their leads give are compared step by
    step, by the kind of happening their verb names ("Date of the charge differs"). Two
    consecutive days whose wording meets at midnight ("late Saturday" and "early Sunday") are not a
    conflict. Reports of one event that go back to one earlier happening (two reports of a trial
    recalling the shooting it is about, naming the same victim) have that happening's days compared
    too ("Date of the recalled shooting differs"), and so is a day of a death a report of an arrest or
    a court step gives ("has confessed to killing a mother, who died on Sunday"): it dates the crime
    the report's people are named in, not the arrest. A report that dates only a statement telling the
    event as done ("her lawyer said Monday she checked into a clinic") says it had happened by then:
    reports that date it one to seven days later contradict it (exact dates only).

Why it matters:
    When something happened is a core fact. Historical dates, periods ("since 2024", "this week") and
    earlier events an article refers back to are never set against the event's date. A report whose
    only disagreement with another is the day, while its lead reads alike (or it copies a sentence of
    the other) and a name, place or topic ties them, is still compared (as uncertain): the day the rule
    reports cannot also be the proof of two events. Not when exact dates are more than a week apart, or
    only one side has exact dates.

Example:
    A: "The court ruled on March 3, 2025."  B: "The court ruled on Friday, March 7, 2025."
    A: "He will be sentenced November 8."  B: "He is to be sentenced Nov. 5."  (flagged: the day set
    for a later step of the story, compared only with days set for that kind of step)
    A: "heading into Saturday's semifinals"  B: "will meet Carlow Tech in the semifinals Sunday"
    (flagged: the day set for a stage of a competition the story looks ahead to, compared only with
    days set for that stage; not "Friday's second semifinal", one of several)
    A: "A 41-year-old man pleaded not guilty on Tuesday to murder charges in the death of his
    neighbour, ..."  B: the same sentence with "on Wednesday" (flagged: a copy, though neither names
    anyone)
    Not flagged: A: "on Sunday"  B: "on June 28, 2026" (a Sunday); A: "Thursday night"  B: "early
    Friday" (one night across midnight; "Friday evening" against "Saturday morning" is flagged); two
    days of a trial or of a wave of protests, or a day a report calls one of several ("continued for
    the second day on Wednesday"); two days whose sentences are about different people;
    a sentencing "postponed to" a new day (an update); a day set for the sentencing against the
    day of the verdict.
"""

from datetime import date

from checker.rulekit import (Hit, about_other_people, basis_note, cluster_claims, comparable_times,
                             compatible_across_midnight, confidence, conflicting_groups, event_judgement, events_judgement,
                             judged_sides,
                             lexicon, linked_groups, one_of_several, pair_context, people_key, printed_date_basis,
                             recalled_action, same_event_note, side, sources_text, time_key, time_pair, with_basis)

ID = "CC103"
NAME = "date-conflict"
KIND = "date"
SEVERITY = "high"
BASE_CONFIDENCE = 0.85


def _label(claims):
    """The side's day, or both days when the side spans a midnight: "2013-05-02 (Thursday) / Friday"."""
    dated = {c.normalized["date"]: c.normalized["weekday"] for c in claims if c.normalized.get("date")}
    labels = [f"{d} ({w})" for d, w in sorted(dated.items())]
    for c in claims:
        n = c.normalized
        day = n.get("weekday") or c.value
        same_day = any(d.endswith(f"-{n.get('month') or 0:02d}-{n.get('day') or 0:02d}") for d in dated)
        if not n.get("date") and not same_day and day not in dated.values() and day not in labels:
            labels.append(day)
    return " / ".join(labels)


def _across_midnight(groups):
    """Sides that meet at midnight ("Thursday night" and "early Friday") become one side: the values of
    a side agree on their day, so one source's "Thursday night" speaks for another's plain "Thursday"."""
    merged = []
    for g in groups:
        meeting = [m for m in merged if any(compatible_across_midnight(a, b) for a in g for b in m)]
        merged = [m for m in merged if not any(m is x for x in meeting)] + [sorted(sum(meeting, list(g)), key=lambda c: c.id)]
    return merged


def _runs_for_days(ctx, groups) -> bool:
    """Every report on the sides tells of a happening that runs for days (a trial, a wave of protests:
    lexicon `multi_day_families`), or some side's sentence says its day is one of several ("continued
    for the second day on Wednesday": lexicon `multi_day_cues`) or its happening one of several ("the
    latest tremor struck on Monday": `one_of_several`), so two days can both be right."""
    lex = lexicon()
    if any(cue in c.sentence.lower() for g in groups for c in g for cue in lex.multi_day_cues):
        return True
    if one_of_several(c for g in groups for c in g):
        return True  # "the latest tremor struck on Monday": one of a series of quakes
    kinds = {lex.action_families.get(ctx.events[c.event_id].action) for g in groups for c in g if c.event_id}
    return bool(kinds) and kinds <= lex.multi_day_families


def _pins_a_day(claim) -> bool:
    """A relative day of a report with no publication date ("yesterday", "eight days ago") names no
    day: it neither agrees nor conflicts with any value, so it is no day its report gives besides
    another (which would take the other out of the comparison: see `conflicting_groups`)."""
    n = claim.normalized
    return n.get("kind") != "relative_day" or any(n.get(f) for f in ("date", "weekday", "stated_weekday", "earliest", "latest"))


def _of_the_event(ctx, claim) -> bool:
    """A day of a report whose happening has no known kind (action "event") counts only in its lead:
    without a word for the happening, nothing ties a later day to it rather than to something the
    report mentions ("a bill signed by the president on March 11 allows ...")."""
    event = ctx.events.get(claim.event_id) if claim.event_id else None
    return event is None or event.action != "event" or claim.sentence_index in event.lead_sentences


def _relation(ctx, a, b) -> str:
    """time_pair, except for values whose sentences are about different people (two players placed on
    injured reserve on two days): those say nothing about each other."""
    return "unknown" if about_other_people(ctx, a, b) else time_pair(a.normalized, b.normalized)


_TIME_FIELDS = ("kind", "date", "weekday", "stated_weekday", "year", "month", "day", "earliest", "latest")


def _key(ctx, claim):
    """Everything `_relation` reads of a claim: claims with one key relate alike."""
    return tuple(claim.normalized.get(f) for f in _TIME_FIELDS), people_key(ctx, claim)


def _apart(ctx, g, h) -> bool:
    """Some value of one side conflicts with some value of the other, across sources (one comparison
    per two distinct keys: see `_key`)."""
    mine, theirs = _distinct(ctx, g), _distinct(ctx, h)
    return any(_relation(ctx, ma[0], mb[0]) == "conflict" and any(a.source_id != b.source_id for a in ma for b in mb)
               for ma in mine for mb in theirs)


def _distinct(ctx, claims) -> list[list]:
    out: dict = {}
    for c in claims:
        out.setdefault(_key(ctx, c), []).append(c)
    return list(out.values())


# A day set for a later step ("will be sentenced November 8") that a report says was changed is an update.
_RESCHEDULED = ("postpone", "reschedul", "delay", "moved to", "pushed back", "adjourn", "brought forward")
_DAYS = ("date", "weekday", "relative_day", "month")


def _scheduled(cs):
    """Days set for a later step, by the kind of step: its verb's family ("sentence", "trial", ...),
    or the stage of a competition ("semifinal", "playoff"; checker.extraction.stages)."""
    out = {}
    for c in cs:
        n = c.normalized
        if (n.get("anchor") == "scheduled" and n.get("kind") in _DAYS and (n["kind"] != "month" or n.get("day"))
                and not any(cue in c.sentence.lower() for cue in _RESCHEDULED)):
            out.setdefault(n.get("stage") or n["verb_family"], []).append(c)
    return out


def _check_scheduled(ctx, cluster):
    claims = [c for cs in cluster_claims(ctx, cluster, "time").values() for c in cs]
    for family, scheduled in sorted(_scheduled(claims).items()):
        if len({c.source_id for c in scheduled}) < 2:
            continue
        judged = judged_sides(ctx, scheduled, lambda a, b: _relation(ctx, a, b), key=lambda c: _key(ctx, c))
        if judged is None:
            continue
        groups, same = judged
        basis = printed_date_basis(ctx, [c for g in groups for c in g])
        sides = [with_basis(side(_label(g), {"values": sorted({time_key(c.normalized) for c in g}), "scheduled": family}, g), basis)
                 for g in groups]
        summary = f"Date set for the {family} differs: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
        explanation = " ".join(filter(None, [
            "; ".join(f"{sources_text(s.claims)}: " + ", ".join(f'"{c.value}"' for c in s.claims) + f" = {s.value}" for s in sides) + ".",
            basis_note(basis, sides),
            f"These are days set for the {family}, a later step of the story; they cannot all be right unless it was moved.",
            same_event_note(same),
        ]))
        yield Hit(summary, explanation, tuple(sides), confidence(BASE_CONFIDENCE, same), same,
                  events=tuple(sorted({c.event_id for g in groups for c in g})), severity="medium")


STATEMENT_CONFIDENCE = 0.6  # a statement's day bounds the event's only as far as the statement is about it
STATEMENT_REACH_DAYS = 7  # others' days further after the statement may be of another happening of its kind


def _told_before(ctx, cluster, per_source):
    """A report that dates only a statement telling the event as done ("the actress's attorney said
    Monday she checked into a rehab facility") says it had happened by that day; reports of the
    cluster that date it one to seven days later contradict it. Only exact dates (a weekday of an
    undated page may be of any week), only a report that gives no day of the event itself, and only
    a statement of the cluster's kind of happening (`said_of`)."""
    families = lexicon().action_families
    kinds = {families.get(ctx.events[e].action) for e in cluster.event_ids} - {None, ""}
    days = {sid: [c for c in comparable_times(cs) if c.normalized.get("date") and _of_the_event(ctx, c)]
            for sid, cs in per_source.items()}
    if sum(1 for cs in days.values() if cs) < 1:
        return  # no report of the cluster dates the event exactly: nothing a statement's day could contradict
    for sid in sorted(cluster.sources):
        if days.get(sid):
            continue
        own = [e for e in cluster.event_ids if ctx.events[e].source_id == sid and ctx.events[e].role == "reported"]
        sentences = {c.sentence_index for e in own for c in ctx.claims_of(e)}
        told = [c for c in ctx.source_claims(sid) if c.kind == "time" and c.role == "reported" and c.polarity == "positive"
                and c.normalized.get("said_of") in kinds and c.normalized.get("date") and c.sentence_index in sentences]
        for said in told[:1]:
            day = date.fromisoformat(said.normalized["date"])
            later = [c for other, cs in days.items() if other != sid for c in cs]
            gaps = [(date.fromisoformat(c.normalized["date"]) - day).days for c in later]
            if not later or not all(0 < g <= STATEMENT_REACH_DAYS for g in gaps):
                continue
            same = events_judgement(ctx, [set(own), {c.event_id for c in later}])
            if same == "different":
                continue
            sides = [side(f"told by {_label([said])}", {"values": [said.normalized["date"]], "bound": "latest"}, [said]),
                     side(_label(later), {"values": sorted({c.normalized["date"] for c in later})}, later)]
            summary = (f"Date differs: {sources_text([said])} tells it as done on {_label([said])}, "
                       f"{sources_text(later)} date it {_label(later)}")
            explanation = (f'{sources_text([said])}: "{said.value}" dates a statement that tells the {said.normalized["said_of"]} '
                           f"as done, so it had happened by {said.normalized['date']}; {sources_text(later)}: "
                           + ", ".join(f'"{c.value}"' for c in later) + f" = {_label(later)}, after it. " + same_event_note(same))
            yield Hit(summary, explanation, tuple(sides), confidence(STATEMENT_CONFIDENCE, same), same,
                      events=tuple(sorted(set(own) | {c.event_id for c in later})))


def check(ctx):
    for cluster in ctx.clusters:
        yield from _check_scheduled(ctx, cluster)
        per_source = cluster_claims(ctx, cluster, "time")
        yield from _told_before(ctx, cluster, per_source)
        claims = [c for cs in per_source.values() for c in comparable_times(cs) if _pins_a_day(c) and _of_the_event(ctx, c)]
        if len({c.source_id for c in claims}) < 2:
            continue
        found = list(_day_hits(ctx, claims))
        yield from found
        if not found:
            for family, of_step in sorted(_steps_in_leads(ctx, claims).items()):
                yield from _day_hits(ctx, of_step, family)


def _steps_in_leads(ctx, claims):
    """The days the reports' leads give, by the kind of step their verb names ("was charged on Friday":
    charge; "was killed Wednesday night": violence), for the steps at least two sources date. A story's
    reports give the day of the killing and the day of the charge; a source giving both holds neither
    side alone, so the event's days are compared step by step. Only lead sentences: further down, a
    verb of a kind may tell of another happening of that kind (an earlier bombing, another signing)."""
    out = {}
    for c in claims:
        family = c.normalized.get("verb_family")
        event = ctx.events.get(c.event_id) if c.event_id else None
        if family and event is not None and c.sentence_index in event.lead_sentences:
            out.setdefault(family, []).append(c)
    return {f: cs for f, cs in out.items() if len({c.source_id for c in cs}) >= 2}


# how a finding names a step whose family name is no noun for one happening
_STEP_NAMES = {"roster": "roster move", "violence": "attack", "talks": "talks"}


def _day_hits(ctx, claims, family=None):
    """The comparison of one set of days: the cluster's, or those of one step of its story (`family`)."""
    groups = conflicting_groups(claims, lambda a, b: _relation(ctx, a, b), key=lambda c: _key(ctx, c))
    groups = _across_midnight(groups)
    groups = linked_groups(ctx, [g for g in groups if any(_apart(ctx, g, h) for h in groups if h is not g)], slot="time",
                           conflict=lambda g, h: _apart(ctx, g, h))
    if len(groups) < 2 or _runs_for_days(ctx, groups):
        return
    same = event_judgement(ctx, groups, slot="time")
    if same == "different":
        return
    basis = printed_date_basis(ctx, [c for g in groups for c in g])
    sides = [with_basis(side(_label(g), {"values": sorted({time_key(c.normalized) for c in g}), **({"step": family} if family else {})}, g),
                        basis) for g in groups]
    step = _STEP_NAMES.get(family, family)
    recalled = recalled_action(ctx, groups)
    what = f"Date of the {step}" if family else f"Date of the recalled {recalled}" if recalled else "Date"
    summary = f"{what} differs: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
    explanation = " ".join(
        filter(None, [
            "; ".join(f"{sources_text(s.claims)}: " + ", ".join(f'"{c.value}"' for c in s.claims) + f" = {s.value}" for s in sides) + ".",
            basis_note(basis, sides),
            f"These are days the reports' leads give for the {step}, one step of the story; they cannot all be right."
            if family else "These dates cannot all be the day of one event.",
            pair_context(ctx, groups),
            same_event_note(same),
        ])
    )
    yield Hit(summary, explanation, tuple(sides), confidence(BASE_CONFIDENCE, same), same, events=tuple(sorted({c.event_id for g in groups for c in g})))
