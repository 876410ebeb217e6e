"""SARIF 2.1.0 output: findings as static-analysis results, for code-scanning dashboards and SARIF viewers.

One run; `tool.driver.rules` holds every rule of the report; one result per finding with one location
per quoted claim. Deterministic like the JSON report: no timestamps, model order for results, rules
sorted by id, artifacts sorted by URI. See docs/machine-output.md for the mapping.

Regions index `Source.text`, the text the checker read: for a plain-text file that is the file itself
(after a byte-order mark is dropped and line ends become LF); for Markdown with front matter, HTML and
JSON/JSON Lines input it is the extracted article text. Offsets, lines and columns count Unicode code
points (`run.columnKind` = "unicodeCodePoints").
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote as _percent_encode

from checker.model import Claim, Finding, Quote, Report, RuleInfo, Source
from checker.render.common import TOOL_NAME, claims_by_id, finding_text, tool_version
from checker.render.jsonreport import _review, jsonable, report_to_dict

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "claimcheckFindingId/v1"

#: finding severity -> SARIF level ("info" is a note too: SARIF's "none" would say it is no problem at all)
LEVELS = {"high": "error", "medium": "warning", "low": "note", "info": "note"}

#: file suffix -> MIME type of the artifact; a fixed table (not `mimetypes`, which reads the machine's files)
MIME_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml",
    ".md": "text/markdown", ".markdown": "text/markdown",
    ".json": "application/json", ".jsonl": "application/x-ndjson", ".ndjson": "application/x-ndjson",
}

_DRIVE = re.compile(r"^[A-Za-z]:[/\\]")


def render_sarif(report: Report) -> str:
    """The report as a SARIF 2.1.0 log: pretty-printed UTF-8 JSON text ending in a newline."""
    return json.dumps(report_to_sarif(report), ensure_ascii=False, indent=2) + "\n"


def report_to_sarif(report: Report) -> dict:
    """The SARIF log as plain JSON-able data."""
    rules = _rule_list(report)
    rule_index = {r.id: i for i, r in enumerate(rules)}
    artifacts = _artifacts(report)
    artifact_index = {a["location"]["uri"]: i for i, a in enumerate(artifacts)}
    claims = claims_by_id(report)
    sources = {s.id: s for s in report.sources}
    results = [_result(f, rule_index, artifact_index, claims, sources) for f in report.findings]
    header = report_to_dict(report)
    driver = {"name": TOOL_NAME, "version": tool_version(), "rules": [_rule(r) for r in rules]}
    run: dict = {
        "tool": {"driver": driver},
        "invocations": [_invocation(report)],
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
        "properties": {
            "schema_version": header["schema_version"],
            "summary": header["summary"],
            "reviews": header["reviews"],
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


# --- paths ------------------------------------------------------------------------------------------


def path_to_uri(path: str) -> str:
    """A source path as a URI reference: relative paths stay relative, absolute ones become `file:` URIs.

    Every character outside RFC 3986's unreserved set (and `/`) is percent-encoded as UTF-8, so spaces,
    `#`, `?`, `%`, `:` (which would otherwise read as a scheme) and non-ASCII letters are safe.
    Backslashes are taken as separators only in Windows drive paths (`C:\\news\\a.txt`).
    """
    if _DRIVE.match(path):
        drive, rest = path[:2], path[2:].replace("\\", "/")
        return "file:///" + drive + _percent_encode(rest, safe="/")
    if path.startswith("/"):
        return "file://" + _percent_encode(path, safe="/")
    return _percent_encode(path, safe="/")


def mime_type(path: str) -> str:
    suffix = path[path.rfind("."):].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return MIME_TYPES.get(suffix, "text/plain")


def _artifacts(report: Report) -> list[dict]:
    """One artifact per distinct source path (a JSON Lines file holds several sources), sorted by URI."""
    by_uri: dict[str, tuple[str, list[str]]] = {}
    for s in report.sources:
        uri = path_to_uri(s.path)
        by_uri.setdefault(uri, (s.path, []))[1].append(s.id)
    return [{"location": {"uri": uri}, "mimeType": mime_type(path), "roles": ["analysisTarget"],
             "properties": {"sources": sorted(ids)}}
            for uri, (path, ids) in sorted(by_uri.items())]


# --- rules ------------------------------------------------------------------------------------------


def _rule_list(report: Report) -> list[RuleInfo]:
    """The report's rules sorted by id, plus any rule a finding names that the report does not list."""
    rules = {r.id: r for r in report.rules}
    for f in report.findings:
        if f.rule not in rules:
            rules[f.rule] = RuleInfo(f.rule, f.name, f.kind, f.severity, f.name)
    return [rules[k] for k in sorted(rules)]


def _rule(r: RuleInfo) -> dict:
    description = r.description or r.name
    return {
        "id": r.id,
        "name": r.name,
        "shortDescription": {"text": _first_sentence(description)},
        "fullDescription": {"text": description},
        "help": {"text": f"{description}\nRun `check explain {r.id}` for what the rule flags, why it "
                         "matters, an example and its fixture cases."},
        "defaultConfiguration": {"level": LEVELS.get(r.severity, "warning")},
        "properties": {"kind": r.kind, "severity": r.severity},
    }


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", text.strip(), re.S)
    return m.group(1) if m else text.strip()


# --- results ----------------------------------------------------------------------------------------


def _result(f: Finding, rule_index: dict[str, int], artifact_index: dict[str, int],
            claims: dict[str, Claim], sources: dict[str, Source]) -> dict:
    locations = []
    for side_no, side in enumerate(f.sides):
        for q in side.quotes:
            locations.append(_location(q, side_no, side.value, artifact_index, claims, sources))
    properties: dict = {
        "finding_id": f.id,
        "kind": f.kind,
        "severity": f.severity,
        "confidence": jsonable(float(f.confidence)),
        "same_event": f.same_event,
        "events": list(f.events),
        "sides": [{"value": s.value, "normalized": jsonable(s.normalized), "sources": list(s.sources)}
                  for s in f.sides],
    }
    if f.review is not None:
        properties["review"] = _review(f.review)
    result: dict = {
        "ruleId": f.rule,
        "ruleIndex": rule_index[f.rule],
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": _message(f, sources)},
        "locations": locations,
        "partialFingerprints": {FINGERPRINT_KEY: f.id},
        "properties": properties,
    }
    if f.review is not None and f.review.state == "dismissed":
        # an editor's "false alarm" is what SARIF calls an accepted external suppression
        suppression: dict = {"kind": "external", "status": "accepted"}
        if f.review.note:
            suppression["justification"] = f.review.note
        result["suppressions"] = [suppression]
    return result


def _message(f: Finding, sources: dict[str, Source]) -> str:
    """Summary and explanation for people: sources by name (their ids are in the locations)."""
    summary = finding_text(f.summary, f, sources).strip()
    if summary and summary[-1] not in ".!?":
        summary += "."
    return f"{summary} {finding_text(f.explanation, f, sources).strip()}".strip() or f.name


def _location(q: Quote, side_no: int, side_value: str, artifact_index: dict[str, int],
              claims: dict[str, Claim], sources: dict[str, Source]) -> dict:
    location: dict = {}
    source = sources.get(q.source)
    if source is not None:  # always so for a pipeline report; a hand-built one may quote an unknown source
        uri = path_to_uri(source.path)
        physical: dict = {"artifactLocation": {"uri": uri, "index": artifact_index[uri]}}
        region = _region(source.text, q.start, q.end)
        if region is not None:
            physical["region"] = region
        claim = claims.get(q.claim)
        context = _context_region(source.text, claim, q) if claim is not None else None
        if context is not None:
            physical["contextRegion"] = context
        location["physicalLocation"] = physical
    location["message"] = {"text": q.sentence}
    location["properties"] = {"source": q.source, "claim": q.claim, "side": side_no, "value": side_value}
    return location


def _region(text: str, start: int, end: int) -> dict | None:
    """Lines, columns, offset and length of [start, end) in `text`, with the covered words as snippet.

    Without the text (or with offsets outside it) only the offset and length are given.
    """
    if not (0 <= start <= end):
        return None
    region: dict = {}
    if text and end <= len(text):
        region.update(_line_columns(text, start, end))
    region["charOffset"] = start
    region["charLength"] = end - start
    if text and end <= len(text):
        region["snippet"] = {"text": text[start:end]}
    return region


def _context_region(text: str, claim: Claim, q: Quote) -> dict | None:
    """The quoted sentence around the claim, when it can be placed and contains the claim's span."""
    start, end = claim.sentence_start, claim.sentence_end
    if end <= start or not (start <= q.start and q.end <= end):
        return None
    if text and (end > len(text) or text[start:end] != q.sentence):
        return None
    region: dict = {}
    if text:
        region.update(_line_columns(text, start, end))
    region["charOffset"] = start
    region["charLength"] = end - start
    region["snippet"] = {"text": q.sentence}
    return region


def _line_columns(text: str, start: int, end: int) -> dict:
    """1-based lines and columns; endColumn is the column just after the last character (SARIF 3.30)."""
    def position(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return line, column

    start_line, start_column = position(start)
    end_line, end_column = position(end)
    return {"startLine": start_line, "startColumn": start_column,
            "endLine": end_line, "endColumn": end_column}


# --- run --------------------------------------------------------------------------------------------


def _invocation(report: Report) -> dict:
    """The run succeeded; warnings (skipped files, bad metadata) become notifications. No times, no paths
    of the machine, so the log stays byte-identical."""
    invocation: dict = {"executionSuccessful": True}
    if report.warnings:
        invocation["toolExecutionNotifications"] = [{"level": "warning", "message": {"text": str(w)}}
                                                    for w in report.warnings]
    return invocation
