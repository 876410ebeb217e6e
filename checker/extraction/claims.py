"""Claims: what each sentence of one article asserts, as typed slots with normalised values.

Each sentence is read by small extractors (participants, places, times, framing, topics, quantities,
attribution). Claims about the article's own event are `reported`; claims in a clause that refers back
to an earlier event ("follows talks in September", "had already resumed") are `background`; periods
and years far from the event are `historical`. Only reported claims are compared across sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import lru_cache

from checker.extraction.ages import ages
from checker.extraction.attachment import governor, is_past_verb
from checker.extraction.attribution import attributions
from checker.extraction.descriptors import (age_descriptors, names_a_noun, noun_descriptors, people_by_age,
                                           people_by_noun)
from checker.extraction.framing import framing_mentions
from checker.extraction.lexicon import lexicon
from checker.extraction.money import DOLLAR_COUNTRIES, money_mentions
from checker.extraction.negation import polarity_of
from checker.extraction.participants import (Person, done_to, find_people, mentions, merge_people, party_count,
                                             people_index, person_key, untitled_names)
from checker.extraction.origins import lead_subject_origin, married, origins
from checker.extraction.places import as_stated_before, place_context, place_mentions
from checker.extraction.quantities import quantities
from checker.extraction.scores import contest, scores
from checker.extraction.stages import might_name_a_stage, stage_of_day, venue_of
from checker.extraction.stoppages import UNIT_PREFIX as STOPPAGE
from checker.extraction.stoppages import stoppages
from checker.extraction.statlines import UNIT_PREFIX as STAT
from checker.extraction.statlines import stat_lines
from checker.extraction.terms import OBLIGATION_CUES, terms
from checker.extraction.timeexpr import find_time_expressions, reference_year_of, weekday_name
from checker.extraction.topics import topics
from checker.extraction.triggers import find_triggers
from checker.extraction.triggers import words as trigger_words
from checker.model import Claim, CleanedSource, Sentence

LEAD_SENTENCES = 2  # a news lead states the main event even without an event verb
_PAST_PERFECT = re.compile(r"\bhad\s+(?:already\s+|previously\s+|earlier\s+)?[a-z]+(?:ed|en|un|ought)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SourceClaims:
    source_id: str
    claims: tuple[Claim, ...]
    event_sentences: frozenset[int]
    actions: tuple[str, ...]
    party_count: int | None
    containment: tuple[tuple[object, object], ...]  # (inner Place, outer Place) stated in the text
    people: tuple[Person, ...]
    sentence_actions: dict[int, tuple[str, ...]] = field(default_factory=dict)  # event words per sentence
    lead: frozenset[int] = frozenset()  # title and first body sentences: they state the main event
    published: str | None = None  # ISO date its days were counted from (metadata, or printed on the page)


_LOWER_WORD = re.compile(r"[a-z]+")
_ASCII_WORD = re.compile(r"[A-Za-z]+")


def _trigger_actions(sentence: str) -> list[str]:
    return [t.action for t in find_triggers(sentence)]


TRIGGER_WINDOW = 12  # words between an event word and a place or time that belongs to it


def _near_trigger(s: Sentence):
    """A test: is this offset within a few words of an event word in the sentence?"""
    words = trigger_words(s.text)
    hits = [t.word_index for t in find_triggers(s.text)]

    def near(pos: int) -> bool:
        rel = pos - s.start
        idx = next((i for i, m in enumerate(words) if m.end() > rel), len(words))
        return any(abs(idx - h) <= TRIGGER_WINDOW for h in hits)

    return near


_SAYING = {"said", "says", "told", "added"}  # complement words that are verbs of saying (see _background_start)
_COMPLEMENT = re.compile(r"\b(?:that|said|says|ruled|found|concluded|argued|added|told)\b", re.IGNORECASE)


def _background_start(sentence: str, opening: bool = False) -> int | None:
    """Offset in the sentence from which a clause refers to an earlier event, if any.

    A past perfect in the main clause ("the two had already resumed drills") makes the whole sentence
    background; inside reported speech ("ruled on May 5 that the state had breached ...") only the
    reported clause is. In the `opening` sentence, a past perfect reported by a verb of saying alone
    ("The government said 90 per cent of voters had participated in the elections Friday") is the
    tense of reported speech, not an earlier event: what was said is the news.
    """
    starts = []
    # a past perfect needs "had" (no letter of it has a case variant outside ASCII)
    perfect = _PAST_PERFECT.search(sentence) if "had" in sentence.lower() else None
    if perfect:
        complements = [m for m in _COMPLEMENT.finditer(sentence, 0, perfect.start())]
        said = opening and complements and complements[-1].group(0).lower() in _SAYING
        said = said or (opening and not complements and _trailing_attribution(sentence, perfect.end()))
        if not said:
            starts.append(complements[-1].start() if complements else 0)
    period = _background_period().search(sentence)
    if period:
        starts.append(period.start())
    if "year" in sentence and _background_year().search(sentence):
        starts.append(0)  # "On April 18 of that year, ...": the whole sentence is in another year
    cues = lexicon().background_cues
    if not cues.isdisjoint(map(str.lower, _ASCII_WORD.findall(sentence))):  # most sentences have no cue
        for m in _ASCII_WORD.finditer(sentence):
            if m.group(0).lower() in cues:
                starts.append(m.start())
                break
    return min(starts) if starts else None


def _background_end(sentence: str, start: int | None) -> int:
    """Where the background that `_background_start` found ends: the sentence's end, except for a
    "following" phrase that opens the sentence ("In a surprising move three weeks following the end of
    their season, the Comets fired O'Leary on Friday"): its comma ends it, and the main clause after it
    is the news. ("Two weeks ago, the company announced ..." stays background whole: "ago" dates the
    main clause.)"""
    if start is None:
        return len(sentence)
    cue = _ASCII_WORD.match(sentence, start)
    comma = sentence.find(",", start)
    if cue and cue.group(0).lower() == "following" and comma > 0 and _opening_phrase(sentence[:start]):
        return comma
    return len(sentence)


def _opening_phrase(before: str) -> bool:
    """The words before a cue open the sentence without a clause of their own: no comma, at most ten
    words, no event word, no verb in the past tense, no auxiliary or relative word ("In a surprising
    move nearly three weeks", not "The starlet avoided jail by checking into a clinic")."""
    found = trigger_words(before)
    if "," in before or len(found) > 10 or find_triggers(before):
        return False
    return not any(is_past_verb(w.group(0)) or w.group(0).lower() in _CLAUSE_WORDS for w in found)


_CLAUSE_WORDS = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "by", "who", "which", "that"}


def _trailing_attribution(sentence: str, after: int) -> bool:
    """Does the sentence end, after `after`, with who said it ("..., her publicist confirmed.", "...,
    police said Tuesday.")? Then its past perfect is the tense of reported speech, as with "said" before."""
    return bool(_trailing_attribution_pattern().search(sentence, after))


@lru_cache(maxsize=1)
def _trailing_attribution_pattern() -> re.Pattern:
    verbs = "|".join(re.escape(v) for v in sorted(lexicon().attribution_after))
    clause = r"(?!(?:which|who|whom|that|where|when|while|as|because|although|though|if)\b)"  # a clause of its own
    verb = r"(?!(?:is|are|was|were|has|have|had|will|would|could|should|may|might)\b)"  # "... said was closed"
    return re.compile(rf",\s+{clause}(?:[\w'’.-]+\s+){{1,5}}(?:{verbs})(?:\s+{verb}[\w'’.-]+){{0,3}}\W*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _background_period() -> re.Pattern:
    """"Early in her campaign", "at the start of his career": lexicon `background_periods` before a
    possessive."""
    phrases = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in lexicon().background_periods)
    return re.compile(rf"\b(?:{phrases})\s+(?:his|her|their|its)\b", re.IGNORECASE)


def _after_schedule_cue(sentence: Sentence, start: int) -> bool:
    """Does a lexicon `schedule_cues` phrase end right before the time ("set for June 17")?"""
    before = " ".join(_LOWER_WORD.findall(sentence.text[max(0, start - sentence.start - 40): start - sentence.start].lower()))
    return any(before.endswith(cue) for cue in lexicon().schedule_cues)


def _event_family_before(sentence: Sentence, start: int) -> str | None:
    """The family of the last event word of a kind before the time ("elections ... planned for"): the
    kind of step a day is set for when no event word governs it."""
    families = lexicon().action_families
    found = [t for t in find_triggers(sentence.text) if t.end <= start - sentence.start and families.get(t.action)]
    return families.get(found[-1].action) if found else None


def _add_age_descriptors(usable: Sequence[Sentence], sentence_mentions: dict[int, list]) -> dict[int, list]:
    """"the 10-year-old" as a mention of the one person the article gives that age (descriptors).
    Returns the ages read for that, by sentence index, for the age claims (empty when the article has
    no "-year-old": then no descriptor can be read, and the ages are read sentence by sentence)."""
    if not any("-year-old" in s.text for s in usable):
        return {}
    found = {s.index: ages(s.text, s.start, _named(sentence_mentions[s.index])) for s in usable}
    named = {m.key: m for ms in sentence_mentions.values() for m in _named(ms)}
    by_age = people_by_age([a for found_here in found.values() for a in found_here], named)
    for s in usable:
        extra = age_descriptors(s.text, s.start, by_age)
        if extra:
            sentence_mentions[s.index] = sorted([*sentence_mentions[s.index], *extra], key=lambda m: (m.start, m.key))
    return found


def _add_noun_descriptors(usable: Sequence[Sentence], sentence_mentions: dict[int, list]) -> None:
    """"the man" as a mention of the one person the article introduces as "The man, <name>," (see
    checker.extraction.descriptors)."""
    defining = [s for s in usable if names_a_noun(s.text)]  # few sentences: read their mentions only
    by_noun = people_by_noun([(s.text, s.start, _named(sentence_mentions[s.index])) for s in defining])
    if not by_noun:
        return
    for s in usable:
        extra = noun_descriptors(s.text, s.start, by_noun, _named(sentence_mentions[s.index]))
        if extra:
            sentence_mentions[s.index] = sorted([*sentence_mentions[s.index], *extra], key=lambda m: (m.start, m.key))


def _named(sentence_mentions) -> list:
    """A sentence's mentions of people and names: the ones a hometown can follow."""
    return [m for m in sentence_mentions if m.kind in ("person", "name")]


@lru_cache(maxsize=1)
def _background_year() -> re.Pattern:
    """Lexicon `background_years`: "that year", "the following year"."""
    phrases = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in lexicon().background_years)
    return re.compile(rf"\b(?:{phrases})\b", re.IGNORECASE)


def _stage_days(sentence: Sentence, published, reference_year) -> dict[int, tuple]:
    """Start offset -> (time expression, stage) for each day the sentence sets for a stage of a
    competition it looks ahead to (checker.extraction.stages); most sentences name none."""
    if not might_name_a_stage(sentence.text):
        return {}
    out = {}
    for te in find_time_expressions(sentence.text, published=published, offset=sentence.start, reference_year=reference_year):
        if te.qualifier != "duration" and te.kind in ("weekday", "date", "month", "relative_day"):
            stage = stage_of_day(sentence.text, te.start - sentence.start, te.end - sentence.start)
            if stage:
                out[te.start] = (_ahead(te, published), stage)
    return out


def _add_stage_claims(builder, s: Sentence, stage_days: dict[int, tuple], role_at, places) -> set[int]:
    """The sentence's days set for a stage (time claims anchored "scheduled", with the stage) and the
    places next to them as the stage's venues ("Sunday's playoff game at Lindmoor": claims of kind
    "venue", never the event's place). `places()` reads the sentence's places when a day is set.
    Returns the start offsets of the venues, which the sentence's place claims leave out."""
    for te, stage in stage_days.values():
        role = "historical" if te.historical else role_at(te.start)
        norm = {**_time_normalized(te), "anchor": "scheduled", "families": [], **_verb_of(s, te.start, te.end),
                "verb_family": "match", "stage": stage}
        builder.add(s, "time", te.text, norm, te.start, te.end, role, detail={"expr": te})
    venues: set[int] = set()
    if stage_days:
        days = [(te.start - s.start, te.end - s.start, stage) for te, stage in stage_days.values()]
        for pm in places():
            if stage := venue_of(s.text, pm.start - s.start, days):
                venues.add(pm.start)
                builder.add(s, "venue", pm.surface, {**_place_normalized(pm.place), "stage": stage}, pm.start, pm.end,
                            role_at(pm.start), detail={"place": pm.place})
    return venues


def _add_stat_lines(builder, s: Sentence, named: list, role_at) -> list[tuple[int, int]]:
    """Players' game totals ("Ardell scored 27 points": quantity claims of unit "stat:<noun>:<person>");
    returns their spans, which the sentence's counts leave out."""
    spans = []
    aside = _in_parentheses(s)
    for sl in stat_lines(s.text, s.start, named):
        norm = {"value": sl.value, "low": sl.value, "high": sl.value, "unit": f"{STAT}{sl.noun}:{sl.person}",
                "unit_label": f"{sl.noun} of {sl.name}", "qualifier": "", "person": sl.person, **_verb_of(s, sl.start, sl.end)}
        builder.add(s, "quantity", sl.surface, norm, sl.start, sl.end, "background" if aside(sl.start) else role_at(sl.start),
                    detail={"stat": sl})
        spans.append((sl.start, sl.end))
    return spans


_PAST_DAY = re.compile(r"(?i)\b(?:last|past|previous|yesterday|ago)\b")


def _ahead(te, published):
    """A weekday of a stage looked ahead to is the next such day: "heading into Saturday's semifinals",
    published on a Friday, is the next day, not the Saturday before (the reading of a past event)."""
    if not (te.relative and te.date and published and te.date < published and te.stated_weekday is not None
            and not _PAST_DAY.search(te.text)):
        return te
    shift = timedelta(days=7 * -(-(published - te.date).days // 7))
    return replace(te, date=te.date + shift, earliest=te.earliest and te.earliest + shift,
                   latest=te.latest and te.latest + shift, year=(te.date + shift).year)


def _time_anchor(sentence: Sentence, start: int, families: Sequence[str] = ()) -> str:
    """What a time dates: the event itself, a phase of it ("began on Friday"), or a statement about it
    ("said on Saturday"). An announcement dates the event when the sentence's happening takes place by
    being announced ("agreed to buy VTX, the companies announced Wednesday": lexicon
    `announced_families`), or when the sentence tells of no other happening than the announcement
    ("announced plans Thursday to resume reviews": the news is that it was announced)."""
    lex = lexicon()
    before = _LOWER_WORD.findall(sentence.text[: start - sentence.start].lower())[-3:]
    if any(w in lex.attribution_after for w in before):
        announced = (not families or lex.announced_families.intersection(families)) and lex.announcing_verbs.intersection(before)
        return "event" if announced else "statement"
    if any(w in lex.phase_cues for w in before):
        return "phase"
    return "event"


def _told_happening(sentence: Sentence, after: int) -> str | None:
    """The kind of happening a statement dated at `after` tells as done ("said Monday the actress
    checked into a rehab facility": admission), so a report can say when it was known at the latest;
    None when what it tells is to come, negated or of no kind ("said Monday he would be arraigned")."""
    families = lexicon().action_families
    for t in find_triggers(sentence.text):
        if t.start >= after - sentence.start and families.get(t.action):
            pol = polarity_of(sentence.text, t.start, t.end)
            return families[t.action] if pol.polarity == "positive" and pol.modality == "asserted" else None
    return None


def _add_term(builder, s: Sentence, t, role: str, **extra) -> None:
    """A term claim. Its polarity is polarity_of the term's words, except that a length someone is held
    to keeps the obligation it is stated with ("must stay in rehab for 90 days"): that term was set
    (checker.extraction.terms.OBLIGATION_CUES)."""
    pol = polarity_of(s.text, t.start - s.start, t.end - s.start)
    if t.held_to and pol.modality == "irrealis" and pol.cue in OBLIGATION_CUES:
        pol = replace(pol, modality="asserted")
    builder.add(s, "term", t.surface, {"family": t.family, "days": t.days, "low": t.low, "high": t.high,
                                       "penalty": t.penalty or None, "qualifier": t.qualifier, **extra},
                t.start, t.end, role, polarity=pol.polarity, modality=pol.modality)


def _add_loose_terms(builder, s: Sentence, role_at, published, reference_year) -> None:
    """Terms in a sentence with no event word ("The challenge now is to keep her there for the 90 days"):
    a term is a fact of the happening that set it wherever the report states it, so it is read here too
    (normalized "loose": checker.alignment.events joins it to a report of the kind that sets such terms).
    A sentence dated in the past makes it history ("In 2010 she was ordered to serve 90 days")."""
    found = terms(s.text, s.start)
    if not found:
        return
    past = any(te.historical for te in find_time_expressions(s.text, published=published, offset=s.start,
                                                             reference_year=reference_year))
    for t in found:
        _add_term(builder, s, t, "historical" if past else role_at(t.start), loose=True)


def _in_parentheses(sentence: Sentence):
    """A test: is this offset inside parentheses? An aside is a record or a reference ("fell to 36-3
    (24 KOs)", "against Houston (10/1/61)"), not a fact of the event."""
    spans = [(m.start() + sentence.start, m.end() + sentence.start) for m in _PARENTHESES.finditer(sentence.text)]
    return lambda pos: any(a < pos < b for a, b in spans)


_PARENTHESES = re.compile(r"\([^()]*\)")


def _verb_of(sentence: Sentence, start: int, end: int) -> dict:
    """The verb a time, place or count belongs to (checker.extraction.attachment) and its kind of happening:
    the family of an event word, "" for a word that fits any kind, None for a verb that is no event
    word ("confirmed on Friday"); both None when no verb is near ("Another day in Nashville")."""
    gov = governor(sentence.text, start - sentence.start, end - sentence.start)
    if gov is None:
        return {"verb": None, "verb_family": None}
    family = lexicon().action_families.get(gov.action) if gov.action else None
    return {"verb": gov.word, "verb_family": family}


def _apart_from_past(verb: dict | None, past_verbs: list[dict]) -> bool:
    """A value's verb (`_verb_of`) is an event word of a kind of happening none of the past dates'
    verbs names, and each past date has a verb: the value tells of another happening than the dated
    one. Without a verb on either side nothing sets them apart."""
    family = (verb or {}).get("verb_family")
    if not family or not past_verbs:
        return False
    return all(p["verb"] and p["verb"] != verb["verb"] and p["verb_family"] != family for p in past_verbs)


def _is_event_word(sentence: Sentence, verb: str | None) -> bool:
    """The verb a value was attached to is itself an event word of the sentence (the last word of one:
    "agreed to buy"), not a verb near one ("Acquisition Headed to $9")."""
    return bool(verb) and any(sentence.text[t.start:t.end].split()[-1] == verb for t in find_triggers(sentence.text))


_IN_BEFORE = re.compile(r"\bin\s+(?:the\s+)?$", re.IGNORECASE)  # "... on Saturday in Lyon" ("a game at Medford" is the game's)


def _lead_verb(sentence: Sentence, start: int) -> dict:
    """For a place in an article's first sentence too far from any verb ("Voronin stopped Ashby
    in the sixth round to keep a comfortable hold on his WBA, IBF and WBO heavyweight title belts on
    Saturday in Lyon"): the sentence's first event word, else its first verb in the past tense, before
    the place. A first sentence tells the story's event, and a place it ends with is that event's."""
    families = lexicon().action_families
    before = sentence.text[: start - sentence.start]
    found = [t for t in find_triggers(before) if families.get(t.action) is not None]
    if found:
        return {"verb": before[found[0].start:found[0].end], "verb_family": families.get(found[0].action)}
    past = next((w for w in trigger_words(before) if is_past_verb(w.group(0))), None)
    if past:
        return {"verb": past.group(0), "verb_family": None}
    # "X set aside Y, stopping him in seven rounds on Saturday in Osaka": the participle that goes on
    # with the main clause's happening (not "..., saying in Washington", a statement)
    participle = _PARTICIPLE.findall(before)
    if participle and participle[-1].lower() not in lexicon().attribution_after | _NOT_PARTICIPLES:
        return {"verb": participle[-1], "verb_family": None}
    return {}


_PARTICIPLE = re.compile(r",\s+([a-z]{3,}ing)\b")
_NOT_PARTICIPLES = {"including", "according", "following", "during", "regarding", "concerning", "saying", "adding",
                    "telling", "noting", "citing", "quoting", "claiming", "insisting", "arguing", "warning"}


def _time_normalized(te) -> dict:
    return {
        "kind": te.kind,
        "date": te.date.isoformat() if te.date else None,
        "weekday": weekday_name(te.weekday) if te.weekday is not None else None,
        "stated_weekday": weekday_name(te.stated_weekday) if te.stated_weekday is not None else None,
        "year": te.year,
        "month": te.month,
        "day": getattr(te, "day", None),
        "earliest": te.earliest.isoformat() if te.earliest else None,
        "latest": te.latest.isoformat() if te.latest else None,
        "historical": te.historical,
    }


def _place_normalized(place) -> dict:
    return {"id": place.id, "name": place.name, "kind": place.kind, "country": place.country}


NEAR_KM = 60  # "near Houston", "outside Paris": anywhere around the town, out to its suburbs and beyond
_NEAR_BEFORE = re.compile(
    r"\b(?:near|outside(?:\s+of)?|close\s+to|not\s+far\s+from|on\s+the\s+outskirts\s+of|in\s+the\s+vicinity\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE)
_DISTANCE_BEFORE = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?)\s*(?:-\s*)?(?P<unit>miles?|mi|kilometres?|kilometers?|km)\s+(?:\([^()]*\)\s+)?"
    r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+)?(?:of|from|outside(?:\s+of)?)\s+(?:the\s+)?$",
    re.IGNORECASE)


def near_reach(before: str) -> float | None:
    """How far from a place its happening may be, in km, when the words `before` it give the place as
    a reference: "near Houston" (NEAR_KM), "about 25 miles east of Houston" (the distance, and a margin
    for rounding). None for a place given as where it happened ("in Houston")."""
    if _NEAR_BEFORE.search(before):
        return float(NEAR_KM)
    m = _DISTANCE_BEFORE.search(before)
    if m is None:
        return None
    km = float(m.group("n")) * (1.609 if m.group("unit").lower().startswith("mi") else 1.0)
    return round(km * 1.25 + 10, 1)


class _Builder:
    """Collects raw claims for one source, then numbers them in document order."""

    def __init__(self, source_id: str):
        self.source_id = source_id
        self.raw: list[dict] = []

    def add(self, s: Sentence, kind: str, value: str, normalized, start: int, end: int, role: str, **extra):
        self.raw.append(dict(kind=kind, value=value, normalized=normalized, start=start, end=end, role=role, sentence=s, **extra))

    def build(self, speakers: dict[int, str]) -> tuple[Claim, ...]:
        order = sorted(self.raw, key=lambda r: (r["start"], r["end"], r["kind"], str(r["value"])))
        claims = []
        for n, r in enumerate(order, 1):
            s: Sentence = r["sentence"]
            claims.append(
                Claim(
                    id=f"{self.source_id}:c{n:03d}",
                    source_id=self.source_id,
                    kind=r["kind"],
                    value=r["value"],
                    normalized=r["normalized"],
                    sentence=s.text,
                    sentence_index=s.index,
                    start=r["start"],
                    end=r["end"],
                    sentence_start=s.start,
                    sentence_end=s.end,
                    polarity=r.get("polarity", "positive"),
                    modality=r.get("modality", "asserted"),
                    role=r["role"],
                    attribution=speakers.get(s.index) if r["kind"] != "attribution" else None,
                    detail=r.get("detail", {}),
                )
            )
        return tuple(claims)


def extract_claims(cleaned: CleanedSource, sentences: tuple[Sentence, ...], gazetteer) -> SourceClaims:
    source = cleaned.source
    published = source.metadata.published
    # without a publication date, the latest year the page states stands in for it ("In 2004, a tsunami
    # killed 230,000" in a page updated in 2013 is history)
    reference_year = None if published else reference_year_of(source.text)
    usable = [s for s in sentences if s.segment_kind in ("body", "title")]
    people = merge_people([p for s in usable for p in find_people(s.text, s.start)])
    body_index = [s.index for s in usable if s.segment_kind == "body"]
    lead = set(body_index[:LEAD_SENTENCES]) | {s.index for s in usable if s.segment_kind == "title"}
    for p in untitled_names(usable, set(body_index[:LEAD_SENTENCES]), lambda name: gazetteer.resolve(name, ()) is not None,
                            lambda name: bool(gazetteer.qualifiers(name))):
        people.setdefault(p.key, p)
    builder = _Builder(source.id)
    event_sentences: set[int] = set()
    actions: list[str] = []
    counts: list[int] = []
    containment: list[tuple[object, object]] = []
    speakers: dict[int, str] = {}
    stat_spans: dict[int, list[tuple[int, int]]] = {}  # players' game totals, read in every sentence, not read again as counts
    index = people_index(people)
    sentence_mentions = {s.index: mentions(s.text, s.start, index) for s in usable}
    ages_read = _add_age_descriptors(usable, sentence_mentions)
    _add_noun_descriptors(usable, sentence_mentions)
    context = _document_countries(sentence_mentions, people)
    # the article's unambiguous places say which of two same-named places the others mean ("CÓRDOBA --"
    # in a story naming Madrid): a first reading of every place adds their countries and US states
    by_index = {s.index: s for s in usable}
    opening = body_index[0] if body_index else None  # "in Nigeria's Borno state" is read there only
    region_subject = opening if opening is not None and not contest(by_index[opening].text) else None
    first_reading = {s.index: place_mentions(s.text, s.start, gazetteer, context, possessive=s.index == opening,
                                             subject=s.index == region_subject)
                     for s in usable if s.index in lead or find_triggers(s.text)}  # the sentences whose places are read
    couple = married((s.text, s.start, _named(sentence_mentions[s.index])) for s in usable)  # whose "their" home
    first_origins = {i: origins(by_index[i].text, by_index[i].start, _named(sentence_mentions[i]), gazetteer, context, couple)
                     for i in first_reading}
    read = place_context([pm.place for found in first_reading.values() for pm in found]
                         + [o.place for found in first_origins.values() for o in found])
    more = [c for c in read if c not in context]
    if more:  # read again, with the countries and states of its places and of its people's hometowns, the
        # sentences a name was left unresolved in, or read as a city abroad ("Waterloo" in a story
        # whose places are in New York: the village's, not Ontario's)
        context = context + more
        several = len({c for c in read if "." not in c}) > 1  # its places lie in more than one country
        first_reading = {i: found for i, found in first_reading.items()
                         if all(pm.place.kind != "unknown" and not (several and pm.place.kind == "city") for pm in found)}

    dollar_countries = DOLLAR_COUNTRIES.intersection(c.split(".")[0] for c in context)  # "$" is no sure US dollar there
    sentence_actions: dict[int, tuple[str, ...]] = {}
    stated_towns: dict[str, object] = {}  # see as_stated_before
    for s in usable:
        acts = _trigger_actions(s.text)
        sentence_actions[s.index] = tuple(acts)
        is_event = bool(acts) or s.index in lead
        bg = _background_start(s.text, opening=s.index == opening)
        bg_end = _background_end(s.text, bg)

        def role_at(pos: int) -> str:
            return "background" if bg is not None and bg <= pos - s.start < bg_end else "reported"

        for a in attributions(s.text, s.start):
            builder.add(s, "attribution", a.speaker, {"speaker": a.speaker, "named": a.named}, a.start, a.end, "reported")
            if a.named or s.index not in speakers:
                speakers[s.index] = a.speaker
        for fm in framing_mentions(s.text):
            builder.add(
                s, "framing", s.text[fm.start : fm.end],
                {"class": fm.cls, "term": fm.term, "formal": fm.formal, "signed": fm.signed, "cue": fm.polarity.cue},
                s.start + fm.start, s.start + fm.end, role_at(s.start + fm.start),
                polarity=fm.polarity.polarity, modality=fm.polarity.modality,
            )
        for m in sentence_mentions[s.index]:
            if m.kind == "country" and not (is_event and m.party):
                continue
            norm = {"key": m.key, "kind": m.kind, "name": m.value if m.kind != "person" else m.value, "role": m.role, "country": m.country}
            if m.kind in ("person", "name") and (action := done_to(s.text[: m.start - s.start])):
                norm["done_to"] = action  # "the Dec. 6 killing of Stavros Andrianakis": the victim of that happening
            builder.add(s, "participant", m.value, norm, m.start, m.end, role_at(m.start))
        found_origins = first_origins.get(s.index) if not more else None  # read with this context already
        if found_origins is None:
            found_origins = origins(s.text, s.start, _named(sentence_mentions[s.index]), gazetteer, context, couple)
        if body_index and s.index == body_index[0]:  # "A Nebraska man was found guilty ...": the lead's subject
            subject = lead_subject_origin(*_after_dateline(s, cleaned), gazetteer, context)
            found_origins = [*found_origins, subject] if subject else found_origins
        for o in found_origins:
            person = o.person_key if o.person_key.startswith("someone:") else o.person_key.split(":", 1)[1]
            norm = {"person": person, **_place_normalized(o.place)}
            builder.add(s, "origin", o.surface, norm, o.start, o.end, "reported", detail={"place": o.place})
        found_ages = ages_read[s.index] if s.index in ages_read else ages(s.text, s.start, _named(sentence_mentions[s.index]))
        for a in found_ages:
            builder.add(s, "age", a.surface, {"person": a.person_key.split(":", 1)[1], "years": a.years}, a.start, a.end, "reported")
        # read in every sentence, event word or not: the next stage's day and venue, players' game totals
        stage_days = _stage_days(s, published, reference_year)
        venues = _add_stage_claims(builder, s, stage_days, role_at, lambda: first_reading[s.index] if s.index in first_reading
                                   else place_mentions(s.text, s.start, gazetteer, context, possessive=s.index == opening,
                                                       subject=s.index == region_subject))
        stat_spans[s.index] = _add_stat_lines(builder, s, _named(sentence_mentions[s.index]), role_at)
        if not is_event:
            _add_loose_terms(builder, s, role_at, published, reference_year)
            continue
        event_sentences.add(s.index)
        if s.index not in lead or acts:
            actions.extend(acts)
        n = party_count(s.text)
        if n and bg is None:
            counts.append(n)
        near = _near_trigger(s) if s.index not in lead else (lambda pos: True)
        times = find_time_expressions(s.text, published=published, offset=s.start, reference_year=reference_year)
        # a sentence anchored in the past ("in 2016, when nearly 300 people died") reports history
        # (a long past span too: "was champion for six months in 2001 after a knockout in X")
        in_history = any(te.historical for te in times)
        families = sorted({lexicon().action_families.get(a, "") for a in acts} - {""})
        aside = _in_parentheses(s)

        past_verbs = [_verb_of(s, te.start, te.end) for te in times if te.historical] if in_history else []

        def value_role(pos: int, verb: dict | None = None) -> str:
            """Of a count, a sum or a score: history, an aside in parentheses, or as `role_at`. A count
            whose own verb names another kind of happening than the past date's is not history: "the
            trial of two men accused of killing her in 2011" dates the killing, not the trial's two men."""
            if in_history and not _apart_from_past(verb, past_verbs):
                return "historical"
            return "background" if aside(pos) else role_at(pos)

        for te in times:
            if te.qualifier == "duration" or not near(te.start) or te.start in stage_days:
                continue
            role = "historical" if te.historical else "background" if aside(te.start) else role_at(te.start)
            norm = {**_time_normalized(te), "anchor": _time_anchor(s, te.start, families), "families": families,
                    **_verb_of(s, te.start, te.end)}
            pol = polarity_of(s.text, te.start - s.start, te.end - s.start)
            if pol.modality == "irrealis" and pol.polarity == "positive" and norm["verb_family"] and norm["anchor"] == "event":
                norm["anchor"] = "scheduled"  # "will be sentenced November 8": the day set for a later happening
            elif norm["anchor"] == "event" and pol.polarity == "positive" and _after_schedule_cue(s, te.start):
                family = norm["verb_family"] or _event_family_before(s, te.start)
                if family:  # "Trial is set for June 17", "elections planned for December 15"
                    norm.update(anchor="scheduled", verb_family=family)
            if norm["anchor"] == "statement" and (told := _told_happening(s, te.end)):
                norm["said_of"] = told
            builder.add(s, "time", te.text, norm, te.start, te.end, role, detail={"expr": te},
                        polarity=pol.polarity, modality=pol.modality)
        found = first_reading[s.index] if s.index in first_reading else place_mentions(s.text, s.start, gazetteer, context,
                                                                                     possessive=s.index == opening,
                                                                                     subject=s.index == region_subject)
        found = as_stated_before(found, stated_towns)
        for pm in found:
            if pm.start in venues or not near(pm.start) or (pm.place.kind == "unknown" and pm.contained_in is None and person_key(pm.surface) in people):
                continue  # "vulnerabilities in Lumen Reader": a participant's name ("at State House in Nairobi" is a venue)
            if pm.contained_in is not None:
                containment.append((pm.place, pm.contained_in))
            norm = {**_place_normalized(pm.place), **_verb_of(s, pm.start, pm.end)}
            if (reach := near_reach(s.text[: pm.start - s.start])) is not None:
                norm["near_km"] = reach
            if pm.contained_in is not None:
                norm["within"] = pm.contained_in.id
                norm["country"] = norm["country"] or pm.contained_in.country  # "Fort Larkin, Oklahoma": in the US
            pol = polarity_of(s.text, pm.start - s.start, pm.end - s.start)
            if (norm["verb"] is None and body_index and s.index == body_index[0] and pol.polarity == "positive"
                    and pol.modality == "asserted" and _IN_BEFORE.search(s.text, 0, pm.start - s.start)):
                norm.update(_lead_verb(s, pm.start))  # the first sentence's main verb: its places are the event's
            role = "historical" if in_history else role_at(pm.start)  # "the tsunami four years ago devastated X"
            builder.add(s, "place", pm.surface, norm, pm.start, pm.end, role, detail={"place": pm.place, "dateline": False},
                        polarity=pol.polarity, modality=pol.modality)
        for t in topics(s.text, s.start):
            builder.add(s, "topic", t.surface, {"stems": list(t.stems), "acronym": t.acronym}, t.start, t.end, role_at(t.start), detail={"topic": t})
        skip = [(te.start, te.end) for te in times]
        for m in money_mentions(s.text, s.start, dollar_countries):
            norm = {"value": m.value, "low": m.low, "high": m.high, "unit": f"money:{m.currency}", "unit_label": m.currency,
                    "qualifier": m.qualifier, "currency": m.currency, "per_unit": m.per_unit, "part": m.part,
                    **_verb_of(s, m.start, m.end)}
            norm["event_word"] = _is_event_word(s, norm["verb"])
            builder.add(s, "quantity", m.surface, norm, m.start, m.end, value_role(m.start, norm), detail={"money": m})
            skip.append((m.start, m.end))
        for sc in scores(s.text, s.start):
            builder.add(s, "score", sc.surface, {"opponent": sc.opponent, "opponent_name": sc.opponent_name,
                                                 "points": list(sc.points)}, sc.start, sc.end, value_role(sc.start))
            skip.append((sc.start, sc.end))
        for t in terms(s.text, s.start):
            _add_term(builder, s, t, value_role(t.start))
            skip.append((t.start, t.end))
        for st in stoppages(s.text, s.start):  # "stopped the fight 44 seconds into the seventh round"
            norm = {"value": st.seconds, "low": st.seconds, "high": st.seconds, "unit": f"{STOPPAGE}round {st.round}",
                    "unit_label": f"time of the stoppage in round {st.round}", "qualifier": "", **_verb_of(s, st.start, st.end)}
            builder.add(s, "quantity", st.surface, norm, st.start, st.end, value_role(st.start), detail={"stoppage": st})
            skip.append((st.start, st.end))
        skip += stat_spans.get(s.index, [])
        for q in quantities(s.text, s.start, skip):
            norm = {"value": q.value, "low": q.low, "high": q.high, "unit": q.unit, "unit_label": q.unit_label, "qualifier": q.qualifier,
                    **_verb_of(s, q.start, q.end)}
            builder.add(s, "quantity", q.surface, norm, q.start, q.end, value_role(q.start, norm), detail={"quantity": q})

    _add_dateline(cleaned, usable, builder, gazetteer, context)
    claims = builder.build(speakers)
    count = max(set(counts), key=counts.count) if counts else None
    return SourceClaims(
        source.id, claims, frozenset(event_sentences), tuple(actions), count, tuple(containment), tuple(people.values()),
        sentence_actions, frozenset(lead), published.isoformat() if published else None,
    )


def _document_countries(sentence_mentions: dict[int, list], people: dict[str, Person]) -> list[str]:
    """Countries the article is about, most mentioned first: context for ambiguous place names."""
    tally: dict[str, int] = {}
    for p in people.values():
        if p.country:
            tally[p.country] = tally.get(p.country, 0) + 2
    for found in sentence_mentions.values():
        for m in found:
            if m.country and m.kind == "country":
                tally[m.country] = tally.get(m.country, 0) + 1
    return [cc for cc, _ in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))]


_DATELINE_END = re.compile(r"[^—–\n]{0,30}?\s[—–-]{1,2}\s*|[^—–\n]{0,30}?[—–]\s*")


def _after_dateline(sentence: Sentence, cleaned: CleanedSource) -> tuple[str, int]:
    """The sentence's text and offset after a dateline it opens with ("KEARNEY, Neb. (AP) — A Nebraska
    man ..." -> "A Nebraska man ..."); the whole sentence when it has none."""
    span = cleaned.dateline_span
    if not span or not sentence.start <= span[0] < span[1] <= sentence.end:
        return sentence.text, sentence.start
    rel = span[1] - sentence.start
    dash = _DATELINE_END.match(sentence.text, rel)
    if dash is None:
        return sentence.text, sentence.start
    return sentence.text[dash.end():], sentence.start + dash.end()


def _add_dateline(cleaned: CleanedSource, sentences: list[Sentence], builder: _Builder, gazetteer, context) -> None:
    """A dateline says where the story was filed: weak evidence of where the event happened."""
    if not cleaned.dateline or not cleaned.dateline_span:
        return
    name, _, qualifier = cleaned.dateline.strip().partition(",")
    name = name.strip()
    name = name.title() if name.isupper() else name
    within = gazetteer.qualifiers(qualifier.strip()) if qualifier.strip() else ()  # "PALO ALTO, Calif. --"
    place = gazetteer.resolve(name, context, within=within)
    if place is None:
        return
    start, end = cleaned.dateline_span
    host = next((s for s in sentences if s.start <= start < s.end or start <= s.start < end), None)
    if host is None:
        host = next((s for s in sentences if s.start >= start), None)
    if host is None:
        return
    norm = _place_normalized(place)
    norm["dateline"] = True
    builder.add(host, "place", cleaned.source.text[start:end], norm, start, end, "reported", detail={"place": place, "dateline": True})


def with_event(claims: tuple[Claim, ...], event_of: dict[str, str]) -> tuple[Claim, ...]:
    return tuple(replace(c, event_id=event_of.get(c.id)) for c in claims)
