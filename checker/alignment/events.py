"""Group one source's claims into the event it reports and the earlier events it refers to.

An article reports one main event (its lead says which); clauses that look back ("follows talks in
September") describe background events, kept apart so their dates and places are never set against
the main event's. Articles that report several unrelated events are treated as one main event; that
is a known limit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from rapidfuzz import utils

from checker.alignment.compare import QUALIFIER
from checker.extraction.claims import SourceClaims
from checker.extraction.lexicon import lexicon
from checker.extraction.nationality import country_name
from checker.extraction.statlines import UNIT_PREFIX as STAT_UNIT
from checker.model import Claim, Event

SLOT_KINDS = ("participant", "place", "time", "topic", "quantity", "framing", "score", "term", "venue")


def _label(claims: list[Claim], action: str) -> str:
    who = sorted({c.value for c in claims if c.kind == "participant" and c.normalized["kind"] == "person"})
    if not who:
        who = sorted({c.value for c in claims if c.kind == "participant" and c.normalized["kind"] == "name"})
    if not who:
        who = sorted({country_name(c.normalized["country"]) for c in claims if c.kind == "participant" and c.normalized.get("country")})
    where = next((c.normalized["name"] for c in claims if c.kind == "place" and not c.normalized.get("dateline")), "")
    when = next((c.value for c in claims if c.kind == "time" and c.role == "reported" and c.normalized.get("anchor") != "scheduled"), "")
    parts = [action or "event"]
    if who:
        parts.append("of " + ", ".join(who[:4]))
    if where:
        parts.append("in " + where)
    if when:
        parts.append(when)
    return " ".join(parts)


def _participants(claims: list[Claim]) -> tuple[str, ...]:
    keys = set()
    for c in claims:
        if c.kind != "participant":
            continue
        keys.add(c.normalized["key"])
        if c.normalized.get("country"):
            keys.add("country:" + c.normalized["country"])
    return tuple(sorted(keys))


def main_family(sc: SourceClaims) -> str | None:
    """The kind of happening the lead reports: the most frequent family of event words in the lead
    (the earliest on a tie), so one stray word does not redefine the story; None when the lead has
    none and the body names no kind twice (an unknown kind fits any other)."""
    families = lexicon().action_families
    in_lead = [families.get(a) for i in sorted(sc.lead) for a in sc.sentence_actions.get(i, ())]
    pool = [f for f in in_lead if f]
    least = 1
    if not pool:  # a lead without a word for its kind of happening: the body must say it twice
        pool, least = [families.get(a) for a in sc.actions if families.get(a)], 2
    if not pool:
        return None
    counts = Counter(pool)
    best = max(pool, key=lambda f: (counts[f], -pool.index(f)))
    return best if counts[best] >= least else None


def _main_action(sc: SourceClaims, family: str | None) -> str:
    """The lead's first event word of the main family ("quake" -> disaster), not merely the most
    frequent word in the article, which background chatter ("talks", "meetings") can dominate."""
    if family is None:
        return "event"  # no kind of happening is clear: "event" fits any kind (checker.alignment.align._same_family)
    families = lexicon().action_families
    for index in sorted(sc.lead):
        for action in sc.sentence_actions.get(index, ()):
            if families.get(action) == family:
                return action
    in_family = [a for a in sc.actions if families.get(a) == family]
    return Counter(in_family or sc.actions).most_common(1)[0][0] if sc.actions else "event"


def _is_related(sc: SourceClaims, sentence_index: int, family: str | None) -> bool:
    """A sentence whose event words all belong to another family reports a related happening (words
    that fit any kind, "killed", "held", do not count)."""
    if family is None:
        return False
    families = {lexicon().action_families.get(a) for a in sc.sentence_actions.get(sentence_index, ())} - {None, ""}
    return bool(families) and family not in families


def _statement_verb(claim: Claim) -> bool:
    """A time whose verb is one of saying ("said", "confirmed", "told") dates the statement, unless
    extraction found that the announcement is the happening itself (anchor "event" on an announcing
    verb: checker.extraction.claims._time_anchor)."""
    verb = claim.normalized.get("verb")
    if verb and verb.lower() in lexicon().announcing_verbs and claim.normalized.get("anchor") == "event":
        return False
    return bool(verb) and claim.normalized.get("verb_family") is None and verb.lower() in lexicon().attribution_after


def _verb_of_another_kind(sc: SourceClaims, claim: Claim, family: str | None) -> bool:
    """A time whose verb names another kind of happening ("was charged Friday" in a report of a crash)
    belongs to that happening; so does a place, unless its sentence also names the main kind ("police
    in X arrested 12 during a protest": the protest was there too)."""
    if claim.kind == "participant":
        # the one a happening of another kind was done to ("riots over the killing of X"): that happening's
        done = lexicon().action_families.get(claim.normalized.get("done_to") or "")
        return bool(family and done and done != family)
    if claim.kind == "time" and family in lexicon().deathless_families and _dates_a_death(claim) and _crime_in_lead(sc):
        return True  # "confessed to killing a mother, who died on Sunday" in an arrest report: the crime's day
    verb_family = claim.normalized.get("verb_family") if claim.kind in ("place", "time") else None
    if not (family and verb_family and verb_family != family):
        return False
    if claim.kind == "place":
        families = lexicon().action_families
        return family not in {families.get(a) for a in sc.sentence_actions.get(claim.sentence_index, ())}
    return True


def _dates_a_death(claim: Claim) -> bool:
    """A word of death or wounding governs the time ("who died on Monday", "was killed Friday"): these fit
    any kind of happening (lexicon action "casualties"), but an arrest or a court step kills no one."""
    verb = (claim.normalized.get("verb") or "").lower()
    return bool(verb) and lexicon().event_triggers.get(verb) == "casualties"


def _crime_in_lead(sc: SourceClaims) -> str | None:
    """The first word of a crime, a crash, a fire or a disaster (lexicon `recalled_families`) in the
    lead of a report of an arrest or a court step: the happening it is about ("Teen arrested in shooting
    of Westbrook mother"). None when the lead names none ("Driver arrested after woman killed"): the
    report may tell that happening itself, and a day of a death stays with its event."""
    families, once = lexicon().action_families, lexicon().recalled_families
    return next((a for i in sorted(sc.lead) for a in sc.sentence_actions.get(i, ()) if families.get(a) in once), None)


def build_events(sc: SourceClaims) -> tuple[list[Event], dict[str, str]]:
    """The source's reported event, related happenings of another kind, and earlier events."""
    reported: list[Claim] = []
    related: dict[int, list[Claim]] = {}
    background: dict[int, list[Claim]] = {}
    family = main_family(sc)
    for c in sc.claims:
        if c.kind not in SLOT_KINDS:
            continue
        in_event_sentence = c.sentence_index in sc.event_sentences or c.kind == "framing"
        if c.kind == "venue" or (c.kind == "quantity" and str(c.normalized.get("unit", "")).startswith(STAT_UNIT)):
            if c.role == "reported":
                reported.append(c)  # "Sunday's playoff game at Lindmoor", "Ardell scored 27 points": in any sentence
            continue
        if c.kind == "term" and c.normalized.get("loose"):
            if c.role == "reported" and c.polarity == "positive" and family in lexicon().term_families.get(c.normalized["family"], ()):
                reported.append(c)  # "to keep her there for the 90 days" in a report of a stay in rehab: its term
            continue
        if c.kind == "time" and c.normalized.get("anchor") == "scheduled":
            if c.role == "reported" and (in_event_sentence or c.normalized.get("stage")):
                reported.append(c)  # "will be sentenced November 8", "heading into Tuesday's semifinals": the next step
            continue
        if c.kind in ("place", "time") and (c.polarity != "positive" or c.modality == "irrealis"):
            continue  # "did not meet in X", "will be presented in Y next month": not where or when it happened
        if c.kind == "time" and _statement_verb(c):
            continue  # "confirmed to reporters on Friday": the day of a statement about the event
        if c.role == "reported" and in_event_sentence and c.kind != "framing" and (
                _is_related(sc, c.sentence_index, family) or _verb_of_another_kind(sc, c, family)):
            related.setdefault(c.sentence_index, []).append(c)
        elif c.role == "reported" and in_event_sentence:
            reported.append(c)
        elif c.role == "background" and c.sentence_index in sc.event_sentences:
            background.setdefault(c.sentence_index, []).append(c)
    action = _main_action(sc, family)
    groups = [("reported", action, reported, sc.party_count)]
    families = lexicon().action_families
    for index, claims in sorted(related.items()):
        action = next((a for a in sc.sentence_actions[index] if families.get(a) not in (family, "", None)), None)
        if action is None and all(_dates_a_death(c) for c in claims):
            action = _crime_in_lead(sc)  # "who died on Sunday" in "Teen arrested in shooting of ...": the shooting
        groups.append(("related", action or "related event", claims, None))
    groups += [("background", "earlier event", claims, None) for _, claims in sorted(background.items())]
    events: list[Event] = []
    event_of: dict[str, str] = {}
    lead = _lead_words(sc)
    for n, (role, act, claims, count) in enumerate(groups, 1):
        event = _event(f"{sc.source_id}:e{n}", sc.source_id, role, act, claims, count, lead if role == "reported" else ())
        if role == "reported":
            event = replace(event, copy=copy_text(claims), lead_sentences=frozenset(sc.lead), published=sc.published)
        events.append(event)
        event_of.update({c.id: event.id for c in claims})
    return events, event_of


_WORD = re.compile(r"[a-z]+")


def _lead_words(sc: SourceClaims) -> tuple[str, ...]:
    """The content words of the title and lead sentences (as far as claims quote them): what the
    report says happened, in its own words, for checker.alignment.align.lead_similarity."""
    stop = lexicon().stopwords | lexicon().attribution_after
    texts = {c.sentence_index: c.sentence for c in sc.claims if c.sentence_index in sc.lead}
    words = {w for t in texts.values() for w in _WORD.findall(t.lower()) if len(w) > 2 and w not in stop}
    return tuple(sorted(words))


COPY_KINDS = ("time", "place", "quantity")
COPY_MIN_WORDS = 8  # shorter sentences ("Police said the fire started Friday.") are alike by chance;
# twice as many when a sentence names no one and nowhere ("rescue teams worked through the night")
_DIGITS = re.compile(r"[0-9][0-9,.]*")


def copy_text(claims: list[Claim]) -> tuple[str, ...]:
    """The sentences that state the event's day, place or counts, with those values (and every figure)
    blanked, a place with the state or country after it, and the text lower-cased without punctuation
    (rapidfuzz's default_process): one outlet's
    copy of another's sentence reads the same whatever value either gives, so a changed value cannot
    hide the copy (checker.alignment.align.copied_sentence). Each with the capitalised words left
    after its first: a template filled with other names ("struck the province of Ica" / "of Loreto")
    is no copy."""
    spans: dict[int, list[tuple[int, int]]] = {}
    text: dict[int, str] = {}
    for c in claims:
        if c.kind in COPY_KINDS and c.role == "reported":
            text[c.sentence_index] = c.sentence
            start, end = c.start - c.sentence_start, c.end - c.sentence_start
            if c.kind == "place" and (qualifier := QUALIFIER.match(c.sentence, end)):
                end = qualifier.end()  # "Conroe, Oklahoma": the state is part of the value a copy may change
            spans.setdefault(c.sentence_index, []).append((start, end))
    out = []
    for index in sorted(text):
        sentence = text[index]
        for start, end in sorted(spans[index], reverse=True):
            if 0 <= start <= end <= len(sentence):
                sentence = sentence[:start] + " " + sentence[end:]
        blanked = utils.default_process(_DIGITS.sub(" ", sentence))
        names = sorted({w for w in _CAPITALISED.findall(sentence)[1:]})
        if len(blanked.split()) >= (COPY_MIN_WORDS if names else 2 * COPY_MIN_WORDS):
            out.append((blanked, " ".join(names)))
    return tuple(out)


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")


def _event(event_id: str, source_id: str, role: str, action: str, claims: list[Claim], party_count: int | None,
           lead: tuple[str, ...] = ()) -> Event:
    return Event(
        id=event_id,
        source_id=source_id,
        role=role,
        action=action,
        claim_ids=tuple(c.id for c in claims),
        participants=_participants(claims),
        places=tuple(sorted({c.normalized["id"] for c in claims if c.kind == "place"})),
        times=tuple(c.normalized for c in claims if c.kind == "time"),
        label=_label(claims, action),
        party_count=party_count,
        lead=lead,
    )
