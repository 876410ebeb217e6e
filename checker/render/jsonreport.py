"""JSON output: the machine-readable contract described by schema/report.schema.json.

Pipelines diff and parse this, so it is deterministic: model order is kept, floats are rounded to
4 places, dates become ISO strings, and nothing depends on the clock or the machine.
"""

from __future__ import annotations

import json
import math
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from typing import Any, Iterator

from checker.model import (SCHEMA_VERSION, SEVERITIES, Claim, Component, Event, EventCluster, EventPair, Finding,
                           Metadata, Quote, Report, Review, RuleInfo, Side, Source, SourceScore)
from checker.render.common import TOOL_NAME, finding_text, ranked_sources, tool_version


def render_json(report: Report) -> str:
    """The report as UTF-8 JSON text ending in a newline (see `iter_json` for the layout)."""
    return "".join(iter_json(report))


def iter_json(report: Report) -> Iterator[str]:
    """The JSON report in pieces: each top-level key on its own line, and each item of a list (a claim,
    an event, a finding) on a line of its own.

    Items are encoded one at a time by json's C encoder, so a corpus of thousands of articles is never
    held as one nested document in memory, and a line-oriented tool (grep, diff) sees one item per line.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    yield "{"
    for i, (key, value, is_list) in enumerate(_sections(report)):
        yield ("," if i else "") + "\n  " + encode(key) + ": "
        if not is_list:
            yield encode(value)
            continue
        empty = True
        for item in value:
            yield ("[\n    " if empty else ",\n    ") + encode(item)
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}\n"


def report_to_dict(report: Report) -> dict:
    """The report as plain JSON-able data in the documented key order."""
    return {key: list(value) if is_list else value for key, value, is_list in _sections(report)}


def _sections(report: Report) -> list[tuple[str, Any, bool]]:
    """(key, value, is a list) in the documented order; lists are lazy iterators of their items."""
    by_severity = {s: 0 for s in SEVERITIES}
    sources = {s.id: s for s in report.sources}
    for f in report.findings:
        by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
    return [
        ("schema_version", SCHEMA_VERSION, False),
        ("tool", {"name": TOOL_NAME, "version": tool_version()}, False),
        ("sources", (source_to_dict(src, score) for src, score in ranked_sources(report)), True),
        ("claims", (_claim(c) for c in report.claims), True),
        ("events", (_event(e) for e in report.events), True),
        ("clusters", (_cluster(c) for c in report.clusters), True),
        ("event_pairs", (_pair(p) for p in report.pairs), True),
        ("findings", (finding_to_dict(f, sources) for f in report.findings), True),
        ("reviews", _reviews(report), False),
        ("rules", (_rule(r) for r in report.rules), True),
        ("warnings", (str(w) for w in report.warnings), True),
        ("summary", {
            "sources": len(report.sources),
            "claims": len(report.claims),
            "findings": len(report.findings),
            "by_severity": by_severity,
        }, False),
    ]


def jsonable(value: Any) -> Any:
    """Coerce a model value to JSON data: dates to ISO, tuples/sets to lists, floats rounded.

    The pipeline promises JSON-able `normalized` values; this is the safety net that keeps output
    valid (NaN/inf become null) and stable (sets are sorted) if one slips through.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round(value, 4) if math.isfinite(value) else None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    return str(value)


def _num(x: float) -> float:
    return jsonable(float(x))


def _metadata(m: Metadata) -> dict:
    published = m.published.isoformat() if isinstance(m.published, (date, datetime)) else m.published
    out = {"title": m.title, "outlet": m.outlet, "url": m.url, "published": published, "dateline": m.dateline}
    if m.encoding:  # only for files that were not plain UTF-8 (schema 1.2)
        out["encoding"] = {"name": m.encoding, "confidence": _num(m.encoding_confidence or 0.0)}
    return out


def _component(c: Component) -> dict:
    return {"name": c.name, "value": _num(c.value), "weight": _num(c.weight),
            "evidence": [str(e) for e in c.evidence]}


def source_to_dict(src: Source, score: SourceScore | None) -> dict:
    return {
        "id": src.id,
        "path": src.path,
        "metadata": _metadata(src.metadata),
        "score": _num(score.score) if score else None,
        "rank": score.rank if score else None,
        "components": [_component(c) for c in score.components] if score else [],
        "uncorroborated": list(score.uncorroborated) if score else [],
        "corroborated": list(score.corroborated) if score else [],
        "contradicted": list(score.contradicted) if score else [],
    }


def _claim(c: Claim) -> dict:
    return {
        "id": c.id, "source": c.source_id, "kind": c.kind, "value": c.value,
        "normalized": jsonable(c.normalized), "sentence": c.sentence, "sentence_index": c.sentence_index,
        "start": c.start, "end": c.end, "sentence_start": c.sentence_start, "sentence_end": c.sentence_end,
        "polarity": c.polarity, "modality": c.modality, "role": c.role, "attribution": c.attribution,
        "event": c.event_id,
    }


def _event(e: Event) -> dict:
    return {"id": e.id, "source": e.source_id, "role": e.role, "action": e.action, "label": e.label,
            "claims": list(e.claim_ids), "participants": list(e.participants), "places": list(e.places),
            "times": jsonable(list(e.times))}


def _cluster(c: EventCluster) -> dict:
    return {"id": c.id, "events": list(c.event_ids), "sources": list(c.sources), "label": c.label}


def _pair(p: EventPair) -> dict:
    return {"a": p.a, "b": p.b, "score": _num(p.score), "same_event": p.same_event,
            "agreeing": list(p.agreeing), "disagreeing": list(p.disagreeing)}


def _quote(q: Quote) -> dict:
    return {"source": q.source, "claim": q.claim, "sentence": q.sentence, "start": q.start, "end": q.end}


def _side(s: Side) -> dict:
    return {"value": s.value, "normalized": jsonable(s.normalized), "claims": list(s.claims),
            "sources": list(s.sources), "quotes": [_quote(q) for q in s.quotes]}


def finding_to_dict(f: Finding, sources: dict[str, Source] | None = None) -> dict:
    """The finding's record. Summary and explanation are for people, so they name `sources` by outlet
    or title; the ids stay in the sides and quotes, for tools."""
    sources = sources or {}
    return {"id": f.id, "rule": f.rule, "name": f.name, "kind": f.kind, "severity": f.severity,
            "confidence": _num(f.confidence), "same_event": f.same_event,
            "summary": finding_text(f.summary, f, sources), "explanation": finding_text(f.explanation, f, sources),
            "events": list(f.events), "sides": [_side(s) for s in f.sides],
            "review": _review(f.review)}


def _review(r: Review | None) -> dict | None:
    """The editor's decision on a finding, or None when undecided."""
    if r is None:
        return None
    return {"state": r.state, "note": r.note, "reviewer": r.reviewer, "decided_at": r.decided_at}


def _reviews(report: Report) -> dict:
    """Where decisions came from, which findings they hide, and those whose finding did not come up."""
    return {
        "path": report.reviews_path,
        "hidden": [f.id for f in report.hidden],
        "stale": [{"finding_id": r.finding_id, "state": r.state, "note": r.note, "reviewer": r.reviewer,
                   "decided_at": r.decided_at, "rule": r.rule, "summary": r.summary} for r in report.stale_reviews],
    }


def _rule(r: RuleInfo) -> dict:
    return {"id": r.id, "name": r.name, "kind": r.kind, "severity": r.severity,
            "description": r.description}
