"""Loads the general news lexicons from `data/lexicon.toml` once, as plain frozen data."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    event_triggers: dict[str, str]  # single words; "" marks a word that is no event word
    event_phrases: dict[tuple[str, ...], str]  # phrases of several words, which win over their words
    action_families: dict[str, str]
    party_families: frozenset[str]
    multi_day_families: frozenset[str]
    multi_day_cues: tuple[str, ...]
    announced_families: frozenset[str]
    charging_families: frozenset[str]
    charged_families: frozenset[str]
    deathless_families: frozenset[str]  # a day of a death in their reports is the crime's
    recalled_families: frozenset[str]
    person_families: frozenset[str]  # a long name in both leads is the protagonist's
    charge_words: frozenset[str]
    charge_reach: int
    unmet_objects: frozenset[str]  # "meet Western standards": no meeting
    unmet_reach: int
    unvisited_objects: frozenset[str]  # "visit a malicious Web site": no visit
    term_families: dict[str, frozenset[str]]  # a kind of term -> the families of happenings that set it
    fall_verbs: frozenset[str]  # "fell about 2,000 feet": with a distance after it, a fall
    distance_units: frozenset[str]
    fall_reach: int
    announcing_verbs: frozenset[str]
    placeless_families: frozenset[str]
    country_wide_families: frozenset[str]
    background_cues: frozenset[str]
    background_periods: tuple[str, ...]
    schedule_cues: tuple[str, ...]
    contest_stages: tuple[str, ...]  # longest first
    contest_ahead_cues: tuple[str, ...]
    running_total_cues: tuple[str, ...]
    background_years: tuple[str, ...]
    destination_verbs: frozenset[str]
    phase_cues: frozenset[str]
    framing_terms: tuple[tuple[str, str], ...]  # longest first
    framing_classes: tuple[str, ...]
    binding: frozenset[str]
    treaty_level: frozenset[str]
    formal_modifiers: tuple[str, ...]
    signing_verbs: frozenset[str]
    negation_cues: tuple[str, ...]
    negation_terminators: frozenset[str]
    negation_window: int
    negation_pseudo: tuple[str, ...]
    irrealis: tuple[str, ...]
    hedges: frozenset[str]
    attribution_before: tuple[str, ...]
    rate_words: frozenset[str]  # "per cent", "per day": a rate, not "per <source>"
    attribution_after: frozenset[str]
    anonymous: frozenset[str]
    institution_heads: tuple[str, ...]
    titles: tuple[str, ...]  # longest first
    portfolios: frozenset[str]
    occupations: frozenset[str]
    party_counts: dict[str, int]
    quantity_synonyms: dict[str, str]
    approximators: tuple[str, ...]
    measure_units: frozenset[str]
    compared_units: frozenset[str]
    stopwords: frozenset[str]
    geographic_words: frozenset[str]
    feature_words: frozenset[str]  # "Lusk National Park", "Mueller Glacier": ground, no one
    institution_words: frozenset[str]  # "Mount Carrick Bivvy", "Idaho Department of Corrections": no person
    media_words: frozenset[str]
    generic_topic: frozenset[str]


def _grouped(pairs) -> dict[str, frozenset[str]]:
    """[["stay", "admission"], ["stay", "plea"]] -> {"stay": {"admission", "plea"}}."""
    out: dict[str, set[str]] = {}
    for key, value in pairs:
        out.setdefault(key, set()).add(value)
    return {k: frozenset(v) for k, v in out.items()}


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w.split()), -len(w), w)))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = tomllib.loads(resources.files("checker.extraction.data").joinpath("lexicon.toml").read_text("utf-8"))
    framing = raw["framing"]
    terms = sorted(((t, c) for t, c in framing["terms"]), key=lambda tc: (-len(tc[0]), tc[0]))
    return Lexicon(
        event_triggers={w: a for w, a in raw["events"]["triggers"] if " " not in w},
        event_phrases={tuple(w.split()): a for w, a in raw["events"]["triggers"] if " " in w},
        action_families={a: f for a, f in raw["events"]["families"]},
        party_families=frozenset(raw["events"]["party_families"]),
        multi_day_families=frozenset(raw["events"]["multi_day_families"]),
        multi_day_cues=tuple(raw["events"]["multi_day_cues"]),
        announced_families=frozenset(raw["events"]["announced_families"]),
        announcing_verbs=frozenset(raw["events"]["announcing_verbs"]),
        placeless_families=frozenset(raw["events"]["placeless_families"]),
        country_wide_families=frozenset(raw["events"]["country_wide_families"]),
        charging_families=frozenset(raw["events"]["charging_families"]),
        charged_families=frozenset(raw["events"]["charged_families"]),
        deathless_families=frozenset(raw["events"]["deathless_families"]),
        recalled_families=frozenset(raw["events"]["recalled_families"]),
        person_families=frozenset(raw["events"]["person_families"]),
        charge_words=frozenset(raw["events"]["charge_words"]),
        charge_reach=int(raw["events"]["charge_reach"]),
        unmet_objects=frozenset(raw["events"]["unmet_objects"]),
        unmet_reach=int(raw["events"]["unmet_reach"]),
        unvisited_objects=frozenset(raw["events"]["unvisited_objects"]),
        term_families=_grouped(raw["events"]["term_families"]),
        fall_verbs=frozenset(raw["events"]["fall_verbs"]),
        distance_units=frozenset(raw["events"]["distance_units"]),
        fall_reach=int(raw["events"]["fall_reach"]),
        background_cues=frozenset(raw["events"]["background_cues"]),
        background_periods=tuple(raw["events"]["background_periods"]),
        schedule_cues=tuple(raw["events"]["schedule_cues"]),
        contest_stages=_longest_first(raw["events"]["contest_stages"]),
        contest_ahead_cues=tuple(raw["events"]["contest_ahead_cues"]),
        running_total_cues=tuple(raw["events"]["running_total_cues"]),
        background_years=tuple(raw["events"]["background_years"]),
        destination_verbs=frozenset(raw["events"]["destination_verbs"]),
        phase_cues=frozenset(raw["events"]["phase_cues"]),
        framing_terms=tuple(terms),
        framing_classes=tuple(framing["classes"]),
        binding=frozenset(framing["binding"]),
        treaty_level=frozenset(framing["treaty_level"]),
        formal_modifiers=_longest_first(framing["formal_modifiers"]),
        signing_verbs=frozenset(framing["signing_verbs"]),
        negation_cues=_longest_first(raw["negation"]["pre"]),
        negation_terminators=frozenset(raw["negation"]["terminators"]),
        negation_window=int(raw["negation"]["window"]),
        negation_pseudo=_longest_first(raw["negation"]["pseudo"]),
        irrealis=_longest_first(raw["modality"]["irrealis"]),
        hedges=frozenset(raw["modality"]["hedges"]),
        attribution_before=_longest_first(raw["attribution"]["cues_before"]),
        rate_words=frozenset(raw["attribution"]["rate_words"]),
        attribution_after=frozenset(raw["attribution"]["cues_after"]),
        anonymous=frozenset(raw["attribution"]["anonymous"]),
        institution_heads=_longest_first(raw["attribution"]["institution_heads"]),
        titles=_longest_first(raw["roles"]["titles"]),
        portfolios=frozenset(raw["roles"]["portfolios"]),
        occupations=frozenset(raw["roles"]["occupations"]),
        party_counts={w: int(n) for w, n in raw["counts"]["parties"]},
        quantity_synonyms={w: c for w, c in raw["quantities"]["synonyms"]},
        approximators=_longest_first(raw["quantities"]["approximators"]),
        measure_units=frozenset(raw["quantities"]["measure_units"]),
        compared_units=frozenset(raw["quantities"]["compared_units"]),
        stopwords=frozenset(raw["stopwords"]["words"]),
        geographic_words=frozenset(raw["names"]["geographic"]),
        feature_words=frozenset(raw["names"]["feature_words"]),
        institution_words=frozenset(raw["names"]["institution_words"]),
        media_words=frozenset(raw["names"]["media"]),
        generic_topic=frozenset(raw["stopwords"]["generic_topic"]),
    )
