"""Plain-JSON forms of what extraction produces, and back: what the claim store keeps of an article.

Storing the per-article analysis (cleaned text, claims, the lead and event words per sentence) lets a
stored article be judged again against newcomers without re-reading or re-extracting it. The typed
objects in `Claim.detail` do not travel; every comparison rebuilds them from `normalized` (see
checker.alignment.compare), which tests/test_store_roundtrip.py holds to: a corpus judged from its JSON form gives
the same findings and scores as a fresh run.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from checker.extraction.claims import SourceClaims
from checker.model import Claim, CleanedSource, Metadata, Segment, Source
from checker.render.jsonreport import jsonable

_CLAIM_FIELDS = ("id", "source_id", "kind", "value", "normalized", "sentence", "sentence_index", "start", "end",
                 "sentence_start", "sentence_end", "polarity", "modality", "role", "attribution")


def dumps(value: Any) -> str:
    """Compact, key-sorted JSON: the same value always gives the same text (content hashes rely on it)."""
    return json.dumps(jsonable(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- sources ----------------------------------------------------------------------------------------


def metadata_to_dict(m: Metadata) -> dict:
    return {"title": m.title, "outlet": m.outlet, "url": m.url,
            "published": m.published.isoformat() if m.published else None, "dateline": m.dateline}


def metadata_from_dict(d: dict) -> Metadata:
    published = d.get("published")
    return Metadata(title=d.get("title"), outlet=d.get("outlet"), url=d.get("url"),
                    published=date.fromisoformat(published) if published else None, dateline=d.get("dateline"))


def cleaned_to_dict(cleaned: CleanedSource) -> dict:
    """The cleaner's verdict on each line; the text itself is stored once, with the source."""
    return {
        "segments": [[s.start, s.end, s.kind, s.reason] for s in cleaned.segments],
        "dateline": cleaned.dateline,
        "dateline_span": list(cleaned.dateline_span) if cleaned.dateline_span else None,
        "garbled": [list(w) for w in cleaned.garbled] if cleaned.garbled is not None else None,
        "copy_keys": [list(k) for k in cleaned.copy_keys] if cleaned.copy_keys is not None else None,
    }


def cleaned_from_dict(source: Source, d: dict) -> CleanedSource:
    span = d.get("dateline_span")
    return CleanedSource(
        source=source,
        segments=tuple(Segment(start, end, kind, reason) for start, end, kind, reason in d["segments"]),
        dateline=d.get("dateline"),
        dateline_span=(span[0], span[1]) if span else None,
        garbled=tuple((start, end, word) for start, end, word in d["garbled"]) if d.get("garbled") is not None else None,
        # stored before copies were compared: None, and the keys are read when the article is judged
        copy_keys=tuple((index, start, end, words) for index, start, end, words in d["copy_keys"])
        if d.get("copy_keys") is not None else None,
    )


# --- claims -----------------------------------------------------------------------------------------


def claim_to_dict(c: Claim) -> dict:
    """Every field but `event_id` (events are rebuilt with the neighbours) and `detail` (not JSON)."""
    return {name: jsonable(getattr(c, name)) for name in _CLAIM_FIELDS}


def claim_from_dict(d: dict) -> Claim:
    return Claim(**{name: d[name] for name in _CLAIM_FIELDS})


def analysis_to_dict(sc: SourceClaims) -> dict:
    """What event building needs besides the claims: which sentences report an event, with which words,
    and which sentences are the lead. Containment facts travel inside the place claims ("within")."""
    return {
        "event_sentences": sorted(sc.event_sentences),
        "actions": list(sc.actions),
        "party_count": sc.party_count,
        "sentence_actions": {str(k): list(v) for k, v in sorted(sc.sentence_actions.items())},
        "lead": sorted(sc.lead),
        "published": sc.published,
    }


def analysis_from_dict(source_id: str, d: dict, claims: tuple[Claim, ...]) -> SourceClaims:
    return SourceClaims(
        source_id=source_id,
        claims=claims,
        event_sentences=frozenset(d["event_sentences"]),
        actions=tuple(d["actions"]),
        party_count=d["party_count"],
        containment=(),
        people=(),
        sentence_actions={int(k): tuple(v) for k, v in d["sentence_actions"].items()},
        lead=frozenset(d["lead"]),
        published=d.get("published"),  # stores written before it was kept: None
    )
