"""The data model: plain frozen dataclasses that flow between the pipeline stages.

load -> clean -> sentences -> claims -> events/align -> rules -> reliability -> report.
Every stage takes and returns these records and does no I/O, so each can be tested alone.
Offsets (`start`, `end`) are always character offsets into `Source.text`, the original text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

SCHEMA_VERSION = "1.8"  # 1.1: findings carry `review`; top-level `reviews` (editor decisions);
# 1.2: a source's metadata carries `encoding` when its file was not plain UTF-8; 1.3: claim kind `origin`;
# 1.4: claim kinds `age` and `score`; 1.5: claim kind `term`; 1.6: a pair's `agreeing` may hold `final score`;
# 1.7: claim kind `venue`; 1.8: claim kind `copied`, `sum` in a pair's `agreeing`

SEVERITIES = ("info", "low", "medium", "high")
REVIEW_STATES = ("confirmed", "dismissed", "follow-up")
SAME_EVENT = ("same", "likely", "uncertain", "different")


class InputError(Exception):
    """A problem with the user's input that stops the run (exit code 2); the message names the file."""


# --- load -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about an article besides its text; every field is optional."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    dateline: str | None = None
    # how the file was decoded when it was not plain UTF-8 (checker.reading.decode): the codec name,
    # e.g. "cp1252" or "utf-16-le", and the confidence of the guess (1.0 for a byte-order mark)
    encoding: str | None = None
    encoding_confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One article as read from disk. `id` is the file stem (or a record id for JSON Lines)."""

    id: str
    path: str
    text: str
    metadata: Metadata = field(default_factory=Metadata)


@dataclass(frozen=True, slots=True)
class LoadResult:
    sources: tuple[Source, ...]
    warnings: tuple[str, ...] = ()


# --- clean ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A line or block of the original text with what the cleaner decided it is.

    kind: "title" | "heading" | "body" | "furniture"; `reason` says why for furniture.
    """

    start: int
    end: int
    kind: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CleanedSource:
    source: Source
    segments: tuple[Segment, ...]
    dateline: str | None = None  # a dateline found at the start of the body ("LISBON —")
    dateline_span: tuple[int, int] | None = None
    # (start, end, word) of each garbled word of the body (checker.reading.garbled), found where the
    # text is cleaned, in the per-document workers; None when not read (from a store written before)
    garbled: tuple[tuple[int, int, str], ...] | None = None
    # the blocking keys of its sentences that may be copies of another report's (checker.alignment.copies),
    # read in the per-document workers; None when not read (a claim store's documents: read when judged)
    copy_keys: tuple[tuple[int, int, int, str], ...] | None = None

    def body(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.kind == "body")

    def furniture(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.kind == "furniture")


# --- sentences --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence with its offsets into the source text. No word tokens: no stage reads them, and
    tokenising every sentence cost a quarter of the per-document time; `checker.extraction.text.tokenize`
    gives them to whoever needs them."""

    source_id: str
    index: int
    start: int
    end: int
    text: str
    segment_kind: str = "body"  # "title" sentences count as claims with lower weight


# --- claims -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claim:
    """One typed assertion of one sentence, with its value normalised for comparison.

    kind: "place" | "time" | "participant" | "framing" | "quantity" | "topic" | "attribution" | "origin" | "age" | "score" | "term"
    | "venue" | "copied" (origin: where a named person is from, a fact about the person, never the event's
    place; venue: where a stage of a competition the story looks ahead to is set, normalized["stage"];
    copied: a value that another report's copy of the same sentence gives differently, made across
    documents by checker.alignment.copies, never by one document's extraction).
    polarity: "positive" | "negated". modality: "asserted" | "hedged" | "irrealis" (wanted, denied aims,
    conditionals). role: "reported" (the article's own event), "background" (an earlier event it
    refers to) or "historical" (periods, years far from the event); only reported claims are compared.
    """

    id: str
    source_id: str
    kind: str
    value: str
    normalized: Any
    sentence: str
    sentence_index: int
    start: int
    end: int
    sentence_start: int = 0
    sentence_end: int = 0
    polarity: str = "positive"
    modality: str = "asserted"
    role: str = "reported"
    attribution: str | None = None
    event_id: str | None = None
    detail: dict = field(default_factory=dict, compare=False, hash=False)


# --- events and alignment ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    """What one source reports about one happening: its claims grouped, with slot summaries."""

    id: str
    source_id: str
    role: str  # "reported" | "background"
    action: str  # "meeting", "agreement", "visit", ...
    claim_ids: tuple[str, ...]
    participants: tuple[str, ...] = ()  # normalised participant keys
    places: tuple[str, ...] = ()  # place ids
    times: tuple[Any, ...] = ()
    label: str = ""
    party_count: int | None = None  # "bilateral" = 2, "trilateral" = 3, when the text says
    lead: tuple[str, ...] = ()  # the content words of the report's title and lead, for lead similarity
    lead_sentences: frozenset[int] = frozenset()  # the indices of those sentences (the report's own event)
    copy: tuple[tuple[str, str], ...] = ()  # sentences stating the event's values, blanked, with their names: copied text
    published: str | None = None  # ISO date of its report, when known: the day its relative days were counted from


@dataclass(frozen=True, slots=True)
class EventPair:
    """Two events from different sources compared slot by slot."""

    a: str
    b: str
    score: float
    same_event: str  # one of SAME_EVENT
    agreeing: tuple[str, ...]
    disagreeing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventCluster:
    id: str
    event_ids: tuple[str, ...]
    sources: tuple[str, ...]
    label: str


# --- findings ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quote:
    source: str
    claim: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Side:
    value: str
    normalized: Any
    claims: tuple[str, ...]
    sources: tuple[str, ...]
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True, slots=True)
class Review:
    """An editor's decision on a finding, keyed by the finding's stable id so reruns reattach it."""

    finding_id: str
    state: str  # one of REVIEW_STATES
    note: str = ""
    reviewer: str = ""
    decided_at: str = ""  # ISO 8601, UTC
    rule: str = ""  # snapshot of the finding when decided, to show a stale decision
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    rule: str
    name: str
    kind: str
    severity: str
    confidence: float
    same_event: str
    summary: str
    explanation: str
    sides: tuple[Side, ...]
    events: tuple[str, ...] = ()
    review: Review | None = None  # the editor's decision, when one was made


# --- reliability and report -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Component:
    """One readable part of a source's score: its value in [0, 1], its weight, and the evidence."""

    name: str
    value: float
    weight: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceScore:
    source_id: str
    score: float
    rank: int
    components: tuple[Component, ...]
    uncorroborated: tuple[str, ...] = ()
    corroborated: tuple[str, ...] = ()
    contradicted: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    name: str
    kind: str
    severity: str
    description: str


@dataclass(frozen=True, slots=True)
class Report:
    sources: tuple[Source, ...]
    scores: tuple[SourceScore, ...]
    claims: tuple[Claim, ...]
    events: tuple[Event, ...]
    clusters: tuple[EventCluster, ...]
    pairs: tuple[EventPair, ...]
    findings: tuple[Finding, ...]
    rules: tuple[RuleInfo, ...]
    warnings: tuple[str, ...] = ()
    cleaned: tuple[CleanedSource, ...] = ()
    reviews_path: str | None = None  # where decisions were read from
    hidden: tuple[Finding, ...] = ()  # dismissed findings left out of `findings` (shown with --show-dismissed)
    stale_reviews: tuple[Review, ...] = ()  # decisions whose finding no longer appears
    rule_errors: tuple[str, ...] = ()  # rules that failed (a bug in the rule: exit 3); also in `warnings`
