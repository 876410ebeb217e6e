"""Sources give incompatible counts of the same thing for one event.

What it flags:
    Counts of the same thing that happened in the event (deaths, injuries, arrests, evacuations, a
    quake's magnitude, hostages, seats...) in reports of one event whose ranges do not overlap, after
    reading qualifiers: "about 100" is 90-110, "at least 12" is 12 or more, "nearly 50" is 43-50.

Why it matters:
    Numbers are the most quoted and most often wrong facts. A count that rises between an earlier
    and a later report is flagged at low severity as a likely update rather than a contradiction.
    Other counts and measures ("deliberated for seven hours", "convicted on two counts", "ran for
    205 yards") are compared only when the same verb governs both, their sentences read alike (one
    outlet rewriting another's copy) and are about the same people, at medium severity: a noun alone
    does not say what is counted ("seven hours" of deliberation or of a standoff). Shares ("32 percent") are never
    compared: two articles' percentages are usually shares of different things. Sums of money
    (checker.extraction.money) are compared when a word of one kind of happening governs each ("agreed
    to buy VTX for $5.4 billion", "stole jewels worth 12 million euros"): the price, the loot, the fine;
    in one currency only, more than a tenth apart beyond their rounding ("$2.4 billion" is 2.35 to 2.45
    billion; "$13.9 billion" and "$13.2 billion" may be one price with and without debt), never a price
    per share or the cash part of a price paid in cash and shares.
    Reports of different stages of one case (a charge, a trial, a verdict: different events) are
    compared on the counts of the case itself when they recall one crime (a cluster of killings,
    shootings or robberies naming the same people): how many it is against ("two men accused"), and
    the crime's dead and wounded as a court step's report recalls them or as a sentence dated on the
    crime's day gives them, at medium severity.

Example:
    A: "At least 12 people were killed."  B: "Eight people died."  (flagged)
    A: "The jury deliberated almost seven hours Thursday."  B: "The jury deliberated almost 21 hours
    Thursday."  (flagged, medium)
    A: "agreed to buy Kestrel Labs for $2.4 billion"  B: "will acquire Kestrel Labs for $1.8 billion"  (flagged)
    Not flagged: A: "about 100 people were evacuated"  B: "103 were evacuated"; A: "Smith grabbed 31
    rebounds"  B: "Jones grabbed 16 rebounds" (other people); A: "deliberated seven hours"  B: "waited
    three hours" (other verbs); A: "won 40 games last season"  B: "won 18 of its next 23 games"
    (sentences unlike); A: "agreed to buy Kestrel Labs for $2.4 billion"  B: "for $2.38 billion", "for
    $41.50 a share" or "for 2 billion euros"; A: "a 7.6 quake"  B: "a 6.1 quake" when C says "since
    7.6 and 7.5 magnitude quakes struck", or calls one quake "the latest tremor" (a series: any report
    may count another of them); A: "86 arrests over Saturday's protests"  B: "more than 400 protesters
    have been detained over the unrest" (a running total holds the day's count; it is flagged only
    when smaller).
    Also flagged: A: "the trial of two men accused of killing Dana Whitcombe"  B: "one of the four men
    accused of killing her was found guilty" (medium; not when B's men are accused of another killing);
    A: "stopped the fight 44 seconds into the seventh round"  B: "after 132 seconds of the
    seventh round" (the moment a bout was stopped, round by round); A: "Ardell scored 27 points"  B:
    "Ardell finished with 21 points" (a named player's total in one game; not "21 points in the first
    half", nor another player's).
"""

from functools import lru_cache

from checker.rulekit import (Hit, about_other_people, cluster_claims, confidence, conflicting_groups, events_judgement,
                             is_event_count, judged_sides, lexicon,
                             one_of_several, people_key, quantity_of, quantity_relation, same_event_note, sentence_likeness, side,
                             sides_by_agreement, sources_text, stem)

ID = "CC108"
NAME = "number-conflict"
KIND = "number"
SEVERITY = "high"
BASE_CONFIDENCE = 0.8
MONEY_CONFIDENCE = 0.7  # a sum the same kind of word governs may still be another (a bid and the price agreed)
BY_VERB_CONFIDENCE = 0.7  # a count keyed by its verb may still count another thing ("ran for 80 yards" on two plays)
SHARES = {"percent", "percentage", "per", "pct"}
ALIKE = 85  # sentence_likeness from which two counts under one verb are taken to count one thing
MONEY = "money:"  # unit prefix of sums of money (checker.extraction.money): "money:USD"
STOPPAGE = "stoppage:"  # unit prefix of the moment a bout was stopped (checker.extraction.stoppages): "stoppage:round 7"
STAT = "stat:"  # unit prefix of a named player's total in a game (checker.extraction.statlines): "stat:points:name:..."
FAMILY = "family:"
UNKNOWN_DOLLAR = "money:$"  # a "$" in a story about a country with a dollar of its own (US, Canadian...)
CASE_UNITS = {"accused"}  # counts of a case, not of one stage of it: the same at its charge, trial and verdict
CRIME_UNITS = {"deaths", "injuries"}  # the crime's dead and wounded, which every stage's report may recall
CASE_CONFIDENCE = 0.6  # one more charged later, or one tried apart, and a later stage's count is another
DOLLAR_SPREAD = 1.5  # two such sums conflict only when further apart than any two dollars' exchange rate
MONEY_SPREAD = 1.1  # other sums: a tenth apart may be one price counted with or without debt, fees or stock


def _fmt(v):
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"


def _by_verb(claim) -> str | None:
    """The verb that governs a count outside the event counts, as a stem ("deliberated" -> "deliber"):
    with the unit, what is counted. None when no verb governs it, or one of saying ("said"), which
    governs any number."""
    verb = (claim.normalized.get("verb") or "").lower()
    if not verb or verb in lexicon().attribution_after or claim.normalized["unit"] in SHARES:
        return None
    return stem(verb)


def _money_relation(a, b) -> str:
    """quantity_relation, with a margin: two sums conflict only when one is more than MONEY_SPREAD
    times the other beyond their rounding ("$13.9 billion" and "$13.2 billion" may be one price with
    and without the debt taken on), and two sums in a dollar of unknown country ("$") only beyond
    DOLLAR_SPREAD (a Canadian outlet's "$6.1 billion" may be the "$5.4 billion" of an American one)."""
    qa, qb = quantity_of(a), quantity_of(b)
    relation = quantity_relation(qa, qb)
    if relation != "conflict":
        return relation
    spread = DOLLAR_SPREAD if a.normalized["unit"] == UNKNOWN_DOLLAR else MONEY_SPREAD
    lo, hi = sorted((qa, qb), key=lambda q: q.low)
    return "conflict" if lo.high is not None and lo.high * spread < hi.low else "unknown"


def _relation(ctx, a, b, by_verb: bool) -> str:
    """quantity_relation; for counts compared by their verb, only when the two sentences read alike
    (one outlet's rewrite of another's copy) and are about the same people: "Smith grabbed 31 rebounds"
    and "Jones grabbed 16 rebounds" count two things. A running total against another count: see
    `_against_total`."""
    if by_verb and (sentence_likeness(a, b) < ALIKE or about_other_people(ctx, a, b)):
        return "unknown"
    total_a, total_b = _running_total(a), _running_total(b)
    if total_a != total_b and not _total_published_later(ctx, *((a, b) if total_a else (b, a))):
        return _against_total(a, b) if total_a else _against_total(b, a)
    return quantity_relation(quantity_of(a), quantity_of(b))


def _total_published_later(ctx, total, other) -> bool:
    """Both reports are dated and the running total is the later one: it updates the other count
    (compared, and flagged at low severity as a likely update, below) rather than holding it as a part."""
    t, o = ctx.sources[total.source_id].metadata.published, ctx.sources[other.source_id].metadata.published
    return bool(t and o and t > o)


TOTAL_WORDS_BEFORE = 6  # "the toll has risen to 46", "In all, 12 people died"
TOTAL_WORDS_AFTER = 8  # "600 civilians have been killed so far"


def _running_total(claim) -> bool:
    """The words around the count call it a running total (lexicon `running_total_cues`: "have been
    detained over the unrest", "killed since the assault began", "the toll has risen to 46"). Only
    near the count: in "Pressure has been mounting, ... while forces on Tuesday killed at least 30
    people", the cue belongs to another clause and the 30 is one attack's toll."""
    at, end = claim.start - claim.sentence_start, claim.end - claim.sentence_start
    if not 0 <= at <= end <= len(claim.sentence):
        at, end = 0, len(claim.sentence)  # offsets not within the sentence: read it whole
    before = claim.sentence[:at].lower().split()[-TOTAL_WORDS_BEFORE:]
    after = claim.sentence[end:].lower().split()[:TOTAL_WORDS_AFTER]
    near = " " + " ".join(before + claim.value.lower().split() + after) + " "
    near = near.replace(",", " ").replace(";", " ")
    return any(f" {cue} " in near for cue in lexicon().running_total_cues)


def _against_total(total, part) -> str:
    """A running total holds every day's and place's count: it contradicts a count only by being
    smaller than it ("86 arrests over Saturday's protests" and "more than 400 detained over the unrest"
    can both be right; "12 killed so far" against "40 killed on Monday" cannot)."""
    t, p = total.normalized, part.normalized
    return "conflict" if t["high"] is not None and t["high"] < p["low"] else "unknown"


def _one_thing(groups) -> bool:
    """No source states values of two sides: an article giving both "85 miles" and "22 miles" under
    one verb shows they measure two things (a distance, a depth), so another article's "85 miles"
    and a third's "22 miles" do not contradict each other either."""
    seen = set()
    for g in groups:
        sources = {c.source_id for c in g}
        if seen & sources:
            return False
        seen |= sources
    return True


def _series(ctx, unit, claims) -> bool:
    """Some source on the sides gives two different counts of the unit in one sentence ("since 7.6 and
    7.5 magnitude quakes struck", "40 died in one town and two in another"): the story has several
    things so counted (a series of quakes, tolls of places), so a lone count in another report may be
    any of them. Counts of an earlier happening the report recalls (a past disaster's toll) do not count."""
    for sid in {c.source_id for c in claims}:
        by_sentence = {}
        for c in ctx.source_claims(sid):
            if c.kind == "quantity" and c.role == "reported" and c.normalized.get("unit") == unit:
                by_sentence.setdefault(c.sentence_index, []).append(quantity_of(c))
        if any(quantity_relation(x, y) == "conflict" for qs in by_sentence.values() for i, x in enumerate(qs) for y in qs[i + 1:]):
            return True
    return False


def _by_family(claim) -> str | None:
    """For a sum of money that a word of a kind of happening governs ("agreed to buy VTX for $5.4
    billion", "jewels worth 85 million euros were stolen", "fined $2 million"): that kind, as the key
    of what the sum is (the price, the loot, the fine). None for other sums: a price per share, one
    part of a price ("$4.2 billion in cash" beside shares), a sum no such word governs."""
    n = claim.normalized
    if not n["unit"].startswith(MONEY) or n.get("per_unit") or n.get("part") or not n.get("verb_family"):
        return None
    if not n.get("event_word"):
        return None  # the verb near it is no word of that kind ("Acquisition Headed to $9": a share price)
    return FAMILY + n["verb_family"]


def _compared_sets(claims):
    """(unit, key, claims): event counts, the moments bouts were stopped and players' game totals by
    unit (key None), sums of money by currency and the kind of happening that governs them (key
    "family:<kind>"), other counts by unit and verb stem."""
    out = {}
    for c in claims:
        unit = c.normalized["unit"]
        if is_event_count(unit) or unit.startswith((STOPPAGE, STAT)):
            out.setdefault((unit, None), []).append(c)
        elif (family := _by_family(c)) is not None:
            out.setdefault((unit, family), []).append(c)
        elif (verb := _by_verb(c)) is not None:
            out.setdefault((unit, verb), []).append(c)
    return sorted(out.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))


def _case_sides(ctx):
    """Counts of a case across its stages. The reports of a charge, a trial and a verdict are of three
    events, but the crime they go back to is one (a cluster of happenings of a charged kind, lexicon
    `charged_families`), and so are
    - the number of people it is against ("the trial of two men accused of killing her", "one of the
      six men accused of murdering her"), and
    - its dead and wounded, wherever a report of the case counts them: in the crime's own events, in a
      court step's report (a court kills no one: "guilty of the murder of Benford and the injury of two
      others"), or in a sentence dated in the past on the crime's day ("accused in killing her in 2011
      and wounding two others"; a past date of another day may be another crime).
    Yields (unit, claims, sides, judgement) for counts of one crime's reports that fall in more than
    one cluster; within one cluster `check` compares them already."""
    families = lexicon().action_families
    charged, charging = lexicon().charged_families, lexicon().charging_families
    for crime in ctx.clusters:
        if not any(families.get(ctx.events[e].action) in charged for e in crime.event_ids) or len(crime.sources) < 2:
            continue
        days = [t for e in crime.event_ids for t in ctx.events[e].times if t.get("date")] + _crime_days(ctx, crime.sources)
        by_unit: dict[str, list] = {}
        for sid in crime.sources:
            for c in ctx.source_claims(sid):
                if c.kind != "quantity" or c.normalized["unit"] not in CASE_UNITS | CRIME_UNITS:
                    continue
                if c.normalized["unit"] in CASE_UNITS:
                    kept = c.role == "reported" and c.event_id is not None
                elif c.role == "historical":
                    kept = _on_crime_day(ctx, c, days)
                else:
                    kept = c.role == "reported" and c.event_id is not None and (
                        c.event_id in crime.event_ids or families.get(ctx.events[c.event_id].action) in charging)
                if kept:
                    by_unit.setdefault(c.normalized["unit"], []).append(c)
        for unit, claims in sorted(by_unit.items()):
            if len({c.source_id for c in claims}) < 2 or one_of_several(claims):
                continue
            groups = conflicting_groups(claims, lambda a, b: _relation(ctx, a, b, False))
            if len(groups) < 2 or not _one_thing(groups):
                continue
            stages = [{x for c in g for x in (ctx.clusters_of(c.event_id) if c.event_id else {c.id})} for g in groups]
            if all(stages[i] & stages[j] for i in range(len(stages)) for j in range(i + 1, len(stages))):
                continue  # every two sides in one cluster: `check` compares them there
            crime_events = [{e for e in crime.event_ids if ctx.events[e].source_id in {c.source_id for c in g}} for g in groups]
            same = events_judgement(ctx, crime_events)
            if same != "different":
                yield unit, claims, groups, same


def _crime_days(ctx, sources) -> list[dict]:
    """The exact past dates the reports give a killing, a shooting or a robbery ("Benford was killed on
    Oct. 21, 2011"): a trial report's own events are dated on the trial's days."""
    lex = lexicon()
    violent = lex.charged_families
    deadly = _deadly_words()
    return [c.normalized for sid in sources for c in ctx.source_claims(sid)
            if c.kind == "time" and c.role == "historical" and c.normalized.get("date")
            and (c.normalized.get("verb_family") in violent or str(c.normalized.get("verb") or "").lower() in deadly)]


@lru_cache(maxsize=1)
def _deadly_words() -> frozenset[str]:
    """The lexicon's words for the dead and wounded ("killed", "died", "wounded"), which date a crime."""
    return frozenset(w for w, action in lexicon().event_triggers.items() if action == "casualties")


def _on_crime_day(ctx, claim, days) -> bool:
    """A count in a sentence dated in the past (role "historical") whose every past date fits a day of
    the crime: "in 2011" or "on Oct. 21, 2011" for a crime of 21 October 2011."""
    past = [t.normalized for t in ctx.source_claims_in_sentence(claim.source_id, claim.sentence_index)
            if t.kind == "time" and t.role == "historical" and t.normalized.get("year")]
    return bool(past and days) and all(any(_fits(t, d) for d in days) for t in past)


def _fits(time, day) -> bool:
    year, month, dom = (int(x) for x in day["date"].split("-"))
    return time["year"] == year and time.get("month") in (None, month) and time.get("day") in (None, dom)


def _case_hits(ctx):
    for unit, claims, groups, same in _case_sides(ctx):
        sides = [side(" / ".join(sorted({c.value for c in g})), {"unit": unit, "values": sorted({c.normalized["value"] for c in g})}, g)
                 for g in groups]
        label = claims[0].normalized.get("unit_label") or unit
        summary = f"Count of {label} differs: " + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
        explanation = (
            "; ".join(f"{sources_text(s.claims)}: " + ", ".join(_fmt(v) for v in s.normalized["values"]) for s in sides)
            + ". The ranges these counts allow do not overlap. The reports tell different stages of one case (they"
            " recall one crime), and " + (
                "the people it is against are the same at each stage, unless one was charged later or tried apart. "
                if unit in CASE_UNITS else
                "the crime's dead and wounded are the same whichever stage a report tells, unless a victim died later. ")
            + same_event_note(same))
        yield Hit(summary, explanation, tuple(sides), confidence(CASE_CONFIDENCE, same), same,
                  events=tuple(sorted({c.event_id for g in groups for c in g} - {None})), severity="medium")


def check(ctx):
    yield from _case_hits(ctx)
    for cluster in ctx.clusters:
        per_source = cluster_claims(ctx, cluster, "quantity")
        for (unit, verb), claims in _compared_sets(c for cs in per_source.values() for c in cs):
            if len({c.source_id for c in claims}) < 2:
                continue
            by_family = verb is not None and verb.startswith(FAMILY)
            by_verb = verb is not None and not by_family
            key = (lambda c: (c.normalized["low"], c.normalized["high"], _running_total(c), people_key(ctx, c))) if by_verb else \
                (lambda c: (c.normalized["low"], c.normalized["high"], _running_total(c)))
            if not by_verb and (_series(ctx, unit, claims) or one_of_several(claims)):
                continue
            if by_verb and not _one_thing(sides_by_agreement(claims, lambda a, b: _relation(ctx, a, b, True) == "agree", key)):
                continue
            if by_family and not _one_thing(sides_by_agreement(claims, lambda a, b: _money_relation(a, b) == "agree", key)):
                continue  # one report gives two sums for the deal (a price and its cash part): sums of two things
            relation = (lambda a, b: _money_relation(a, b)) if by_family else (lambda a, b: _relation(ctx, a, b, by_verb))
            judged = judged_sides(ctx, claims, relation, key=key)
            if judged is None:
                continue
            groups, same = judged
            severity, note = ("medium" if by_verb else None), ""
            published = {sid: ctx.sources[sid].metadata.published for sid in {c.source_id for c in claims}}
            if all(published.values()) and len(groups) == 2:
                lo, hi = sorted(groups, key=lambda g: max(c.normalized["value"] for c in g))
                if max(published[c.source_id] for c in lo) < min(published[c.source_id] for c in hi):
                    severity, note = "low", " The higher count was published later: probably an updated figure, not a contradiction."
            sides = [side(" / ".join(sorted({c.value for c in g})), {"unit": unit, "values": sorted({c.normalized["value"] for c in g})}, g) for g in groups]
            label = claims[0].normalized.get("unit_label") or unit
            what = f"{label} ({claims[0].normalized['verb']})" if by_verb else label
            money = unit[len(MONEY):] + " " if by_family else ""
            governing = " / ".join(sorted({c.normalized["verb"].lower() for c in claims if c.normalized.get("verb")}))
            stopped = unit.startswith(STOPPAGE)
            summary = (f"Sum of money ({governing}) differs: " if by_family else
                       f"Time of the stoppage in {unit[len(STOPPAGE):]} differs: " if stopped else f"Count of {what} differs: ") \
                + " vs ".join(f"{s.value} ({sources_text(s.claims)})" for s in sides)
            explanation = (
                "; ".join(f"{sources_text(s.claims)}: " + ", ".join(money + _fmt(v) for v in s.normalized["values"]) for s in sides)
                + (". The ranges these sums allow, as rounded, do not overlap." if by_family else
                   " seconds into the round. A bout is stopped once." if stopped else ". The ranges these counts allow do not overlap.")
                + (f" Compared because a word of one kind of happening ({verb[len(FAMILY):]}) governs each sum: {governing}." if by_family else "")
                + (f" A bare \"$\" in a story about a country with a dollar of its own may be either dollar: flagged only because the sums are more than {DOLLAR_SPREAD:g} times apart." if unit == UNKNOWN_DOLLAR else "")
                + (f' Compared because one verb ("{claims[0].normalized["verb"]}") governs each count.' if by_verb else "")
                + note + " " + same_event_note(same)
            )
            base = BY_VERB_CONFIDENCE if by_verb else MONEY_CONFIDENCE if by_family else BASE_CONFIDENCE
            yield Hit(summary, explanation, tuple(sides), confidence(base, same), same,
                      events=tuple(sorted({c.event_id for g in groups for c in g})), severity=severity)
