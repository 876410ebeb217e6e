"""JSON Lines output: the JSON report cut into one object per line, for streaming tools (jq, log shippers).

Every object is exactly the JSON report's object (schema/report.schema.json) with a `type` key put
first, so one parser and one schema serve both formats:

    {"type": "report", ...}        schema_version, tool, summary, rules, warnings and reviews of
                                   the report's top level (not sources, claims, events, clusters,
                                   event_pairs, findings)
    {"type": "source", ...}        one per source, in rank order          ($defs/source)
    {"type": "finding", ...}       one per finding, quotes included       ($defs/finding)
    {"type": "stale_review", ...}  one per stale decision, if any         ($defs/stale_review)

Claims, events, clusters and event pairs are in the JSON report only. Lines are compact UTF-8 JSON;
U+0085, U+2028 and U+2029 are escaped too, so any line splitter (Python's `str.splitlines` included)
sees exactly one object per line. The output ends with a newline and is deterministic like the JSON.
"""

from __future__ import annotations

import json

from checker.model import Report
from checker.render.jsonreport import report_to_dict

LINE_TYPES = ("report", "source", "finding", "stale_review")

#: the JSON report's top-level keys kept on the report line, in this order; its arrays of sources and
#: findings become lines of their own, and claims, events, clusters and event_pairs are left out
HEADER_KEYS = ("schema_version", "tool", "summary", "rules", "warnings", "reviews")

# Characters JSON allows raw in strings but that some line splitters treat as line breaks.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def render_jsonl(report: Report) -> str:
    """The report as JSON Lines text: one object per line, each line ending in a newline."""
    return "".join(json_line(obj) + "\n" for obj in report_to_lines(report))


def report_to_lines(report: Report) -> list[dict]:
    """The objects of the JSON Lines output, in order, each with its `type` first."""
    doc = report_to_dict(report)
    header = {"type": "report", **{k: doc[k] for k in HEADER_KEYS}}
    lines = [header]
    lines += [{"type": "source", **s} for s in doc["sources"]]
    lines += [{"type": "finding", **f} for f in doc["findings"]]
    lines += [{"type": "stale_review", **r} for r in doc["reviews"]["stale"]]
    return lines


def json_line(obj: dict) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _LINE_BREAKS.items():
        text = text.replace(raw, escaped)
    return text
