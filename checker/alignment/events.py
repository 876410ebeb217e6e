"""Group one source's claims into the event it reports and the earlier events it refers to.

An article reports one main event (its lead says which); clauses that look back ("follows talks in
September") describe background events, kept apart so their dates and places are never set against
the main event's. Articles that report several unrelated events are treated as one main event; that
is a known limit.
"""

from __future__ import annotations

from collections import Counter

from checker.extraction.claims import SourceClaims
from checker.extraction.lexicon import lexicon
from checker.extraction.nationality import country_name
from checker.model import Claim, Event

SLOT_KINDS = ("participant", "place", "time", "topic", "quantity", "framing")


def _label(claims: list[Claim], action: str) -> str:
    who = sorted({c.value for c in claims if c.kind == "participant" and c.normalized["kind"] == "person"})
    if not who:
        who = sorted({country_name(c.normalized["country"]) for c in claims if c.kind == "participant" and c.normalized.get("country")})
    where = next((c.normalized["name"] for c in claims if c.kind == "place" and not c.normalized.get("dateline")), "")
    when = next((c.value for c in claims if c.kind == "time" and c.role == "reported"), "")
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
    (the earliest on a tie), so one stray word does not redefine the story."""
    families = lexicon().action_families
    in_lead = [families.get(a) for i in sorted(sc.lead) for a in sc.sentence_actions.get(i, ())]
    pool = [f for f in in_lead if f] or [families.get(a) for a in sc.actions if families.get(a)]
    if not pool:
        return None
    counts = Counter(pool)
    return max(pool, key=lambda f: (counts[f], -pool.index(f)))


def _main_action(sc: SourceClaims, family: str | None) -> str:
    """The lead's first event word of the main family ("killed" -> incident), not merely the most
    frequent word in the article, which background chatter ("talks", "meetings") can dominate."""
    families = lexicon().action_families
    for index in sorted(sc.lead):
        for action in sc.sentence_actions.get(index, ()):
            if families.get(action) == family:
                return action
    in_family = [a for a in sc.actions if families.get(a) == family]
    return Counter(in_family or sc.actions).most_common(1)[0][0] if sc.actions else "event"


def _is_related(sc: SourceClaims, sentence_index: int, family: str | None) -> bool:
    """A sentence whose event words all belong to another family reports a related happening."""
    if family is None:
        return False
    families = {lexicon().action_families.get(a) for a in sc.sentence_actions.get(sentence_index, ())}
    return bool(families) and family not in families


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
        if c.kind in ("place", "time") and (c.polarity != "positive" or c.modality == "irrealis"):
            continue  # "did not meet in X", "will be presented in Y next month": not where or when it happened
        if c.role == "reported" and in_event_sentence and c.kind != "framing" and _is_related(sc, c.sentence_index, family):
            related.setdefault(c.sentence_index, []).append(c)
        elif c.role == "reported" and in_event_sentence:
            reported.append(c)
        elif c.role == "background" and c.sentence_index in sc.event_sentences:
            background.setdefault(c.sentence_index, []).append(c)
    action = _main_action(sc, family)
    groups = [("reported", action, reported, sc.party_count)]
    families = lexicon().action_families
    for index, claims in sorted(related.items()):
        action = next(a for a in sc.sentence_actions[index] if families.get(a) != family)
        groups.append(("related", action, claims, None))
    groups += [("background", "earlier event", claims, None) for _, claims in sorted(background.items())]
    events: list[Event] = []
    event_of: dict[str, str] = {}
    for n, (role, act, claims, count) in enumerate(groups, 1):
        event = _event(f"{sc.source_id}:e{n}", sc.source_id, role, act, claims, count)
        events.append(event)
        event_of.update({c.id: event.id for c in claims})
    return events, event_of


def _event(event_id: str, source_id: str, role: str, action: str, claims: list[Claim], party_count: int | None) -> Event:
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
    )
