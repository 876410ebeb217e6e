"""The day set for a stage of a competition a story looks ahead to (checker.extraction.stages)."""

from __future__ import annotations

from datetime import date

import pytest

from checker.extraction.claims import extract_claims
from checker.extraction.gazetteer import default_gazetteer
from checker.extraction.stages import stage_of_day
from checker.extraction.text import split_sentences
from checker.model import Metadata, Source
from checker.reading.clean import clean


def _stage(sentence: str, day: str) -> str | None:
    at = sentence.index(day)
    return stage_of_day(sentence, at, at + len(day))


@pytest.mark.parametrize("sentence, day, stage", [
    ("Ardell now has 1,904 points heading into Tuesday’s semifinals against Carlow Tech.", "Tuesday", "semifinal"),
    ("The receiver will play in Sunday's AFC divisional playoff game at Lindmoor.", "Sunday", "playoff"),
    ("It made for a long night with a playoff looming on Sunday at Lindmoor.", "Sunday", "playoff"),
    ("Wexford advances to play Saturday in a 1:35 pm semifinal against Carlow Tech.", "Saturday", "semifinal"),
    ("Wexford will meet Carlow Tech in the Semi-Finals Saturday afternoon.", "Saturday", "semifinal"),
])
def test_a_day_set_for_a_stage_ahead(sentence, day, stage):
    assert _stage(sentence, day) == stage


@pytest.mark.parametrize("sentence, day", [
    # no word looks ahead: the report of the stage itself
    ("Wexford beat Carlow Tech in Saturday's semifinal.", "Saturday"),
    # a verb of result just before the day: a game already played
    ("Harbor City won Saturday's playoff game against Rockport, and will play Lindmoor next.", "Saturday"),
    ("Wexford beat Dunmore on Friday in the quarterfinals and will play Saturday in the semifinals.", "Friday"),
    # one of several games of the stage
    ("Wexford will face the winner of Friday's second semifinal.", "Friday"),
    # "final" of time, not the stage
    ("The final minutes on Sunday will decide it.", "Sunday"),
    # another day stands between the day and the stage
    ("Wexford will meet Carlow Tech in the semifinals Saturday after Ennis beat Dunmore 51-50 Friday.", "Friday"),
])
def test_no_stage_for_the_day(sentence, day):
    assert _stage(sentence, day) is None


def _times(text: str, published: date):
    source = Source("a", "a.md", text, Metadata(title="Wexford holds off Dunmore", published=published))
    cleaned = clean(source)
    sc = extract_claims(cleaned, split_sentences(cleaned), default_gazetteer())
    return [c for c in sc.claims if c.kind == "time"]


def test_a_stage_day_is_the_next_such_day_and_no_day_of_the_event():
    text = ("Tomas Ardell scored 27 points as Wexford beat Dunmore 71-64 on Friday in the conference quarterfinals.\n\n"
            "Ardell now has 1,904 career points heading into Saturday's semifinals.\n")
    times = _times(text, date(2025, 3, 7))  # a Friday
    staged = [c for c in times if c.normalized.get("stage")]
    assert [(c.value, c.normalized["date"], c.normalized["anchor"], c.normalized["stage"]) for c in staged] \
        == [("Saturday", "2025-03-08", "scheduled", "semifinal")]  # the next Saturday, not the one before
    event_days = [c.normalized["date"] for c in times if c.normalized["anchor"] == "event"]
    assert event_days == ["2025-03-07"]


def test_a_stage_venue_is_a_venue_claim_and_no_place_of_the_event():
    from checker.alignment.events import build_events

    text = "Receiver Marcus Tell was arrested on suspicion of drunk driving early Tuesday, five days before Sunday's playoff game at Milwaukee.\n"
    source = Source("a", "a.md", text, Metadata(title="Receiver arrested", published=date(2025, 1, 7)))
    cleaned = clean(source)
    sc = extract_claims(cleaned, split_sentences(cleaned), default_gazetteer())
    venues = [c for c in sc.claims if c.kind == "venue"]
    assert [(c.value, c.normalized["stage"]) for c in venues] == [("Milwaukee", "playoff")]
    assert not [c for c in sc.claims if c.kind == "place" and c.value == "Milwaukee"]
    events, _ = build_events(sc)
    reported = next(e for e in events if e.role == "reported")
    assert venues[0].id in reported.claim_ids and not reported.places  # compared as a venue, never as where it happened


def test_a_day_set_off_from_the_stage_is_not_its_day():
    sentence = "Jackson was arrested on Jan. 6, five days before the team's playoff loss at Lindmoor."
    assert _stage(sentence, "Jan. 6") is None


def _quantities(text: str, published: date):
    source = Source("a", "a.md", text, Metadata(title="Trial opens", published=published))
    cleaned = clean(source)
    sc = extract_claims(cleaned, split_sentences(cleaned), default_gazetteer())
    return {c.value: c.role for c in sc.claims if c.kind == "quantity"}


def test_a_past_date_makes_history_only_of_the_counts_of_its_own_happening():
    # "in October 2019" dates the killing and its wounded, not the trial's two accused
    roles = _quantities("The trial of two men accused of killing Dana Whitcombe in October 2019 and wounding two others "
                        "opened on Monday.\n", date(2021, 3, 9))
    assert roles == {"two men accused": "reported", "two others": "historical"}
    # a count with no verb of its own stays with the past date
    roles = _quantities("In 2015, 40 people lost their jobs when the plant closed.\n", date(2021, 3, 9))
    assert set(roles.values()) == {"historical"}


def _place_verbs(text: str):
    source = Source("a", "a.md", text, Metadata(title="Champion keeps his belts", published=date(2008, 12, 15)))
    cleaned = clean(source)
    sc = extract_claims(cleaned, split_sentences(cleaned), default_gazetteer())
    return {c.value: c.normalized.get("verb") for c in sc.claims if c.kind == "place"}


def test_a_lead_place_after_a_participle_of_the_main_clause_is_the_events():
    # no event word and no past verb before the place: the participle that goes on with the happening
    verbs = _place_verbs("Ivo Brandt easily set aside the challenge of Tom Hale, stopping the former champion in "
                         "seven rounds on Saturday in Osaka.\n\nHale had not fought for a year.\n")
    assert verbs["Osaka"] == "stopping"
    # a participle of saying tells where a statement was made
    verbs = _place_verbs("The minister is backing the plan, saying in Osaka that he would stay on.\n\nNo date was set.\n")
    assert verbs.get("Osaka") is None


def test_a_following_phrase_opening_the_sentence_is_background_only_up_to_its_comma():
    def roles(text):
        source = Source("a", "a.md", text, Metadata(title="Coach fired", published=date(2005, 5, 24)))
        cleaned = clean(source)
        sc = extract_claims(cleaned, split_sentences(cleaned), default_gazetteer())
        return {c.value: c.role for c in sc.claims if c.kind == "time"}

    # the main clause after the opening phrase is the news
    assert roles("In a surprising move nearly three weeks following the end of their season, the Sixers fired "
                 "Jim Keller on Monday.\n\nHe had coached one season.\n")["Monday"] == "reported"
    # "following" inside the main clause: what follows it is the earlier happening
    assert roles("The actress avoided jail by checking into a clinic following her exit from another clinic, "
                 "on Thursday.\n\nShe is 26.\n")["Thursday"] == "background"
