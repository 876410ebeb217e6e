"""The rule author's kit: everything a rule module imports, built-in rules and `--rules DIR` alike.

    from checker.rulekit import Hit, cluster_claims, confidence, event_judgement, side

A rule module declares `ID`, `NAME`, `KIND`, `SEVERITY`, a docstring with "What it flags", "Why it
matters" and "Example", and `check(ctx: RuleContext) -> Iterable[Hit]` (see checker.judging.kit).
This module only re-exports: the stages behind it may move, and rules keep importing from here.
"""

from checker.alignment.compare import (Geography, comparable_times, compatible_across_midnight, most_specific,
                                       place_of, place_relation, places_compatible, quantity_of, time_key, time_pair, topic_of)
from checker.extraction.attachment import is_past_verb
from checker.extraction.lexicon import Lexicon, lexicon
from checker.extraction.quantities import Quantity, compatible, is_event_count, is_measure, quantity_relation
from checker.extraction.topics import stem
from checker.judging.helpers import (about_other_people, cluster_claims, confidence, conflicting_groups,
                                     event_judgement, events_judgement, judged_sides, linked_groups, one_of_several, pair_context, people_key,
                                     person_fact_conflicts, printed_date_basis, basis_note, recalled_action,
                                     same_event_note, sentence_likeness, side, sides_by_agreement, sources_text,
                                     story_judgement, tied_to_event, with_basis)
from checker.judging.kit import Hit, HitSide, RuleContext
from checker.model import Claim, Event, EventCluster, EventPair, Quote, Source

__all__ = [
    # what a rule returns and is given
    "Hit", "HitSide", "RuleContext",
    # the data model it reads
    "Claim", "Event", "EventCluster", "EventPair", "Quote", "Source",
    # sides, which reports they may join, confidence and same-event wording
    "about_other_people", "cluster_claims", "confidence", "conflicting_groups", "event_judgement", "events_judgement", "judged_sides", "linked_groups", "one_of_several", "pair_context", "people_key",
    "person_fact_conflicts", "printed_date_basis", "basis_note", "with_basis", "recalled_action", "same_event_note", "sentence_likeness", "side", "sides_by_agreement", "sources_text", "story_judgement", "tied_to_event",
    # comparing normalised values
    "Geography", "comparable_times", "compatible_across_midnight", "most_specific", "place_of", "place_relation",
    "places_compatible",    "quantity_of", "time_key", "time_pair", "topic_of", "Quantity", "compatible", "is_event_count", "is_measure",
    "quantity_relation",
    # general news lexicons, the stemmer they compare words with, and the spelling test of a past tense
    "Lexicon", "lexicon", "stem", "is_past_verb",
]
