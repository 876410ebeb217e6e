"""Output of `check gate` and `check ingest`: verdicts and ingest results as text, JSON, JSON Lines or SARIF.

The objects reuse the report's shapes (schema/report.schema.json): a verdict's `source` is `$defs/source`
and its findings are `$defs/finding`; the verdict itself is `$defs/verdict`, an ingest result
`$defs/ingested`. In JSON Lines, each gated article gives its `source` line, one `finding` line per
finding, then its `verdict` line (with the finding ids), so a consumer can act on the verdict line alone.
"""

from __future__ import annotations

import json
from typing import Sequence

from checker.model import SCHEMA_VERSION
from checker.render.common import TOOL_NAME, tool_version
from checker.render.jsonl import json_line
from checker.render.jsonreport import finding_to_dict, jsonable, source_to_dict

VERDICT_FORMATS = ("text", "json", "jsonl", "sarif")
INGEST_FORMATS = ("text", "json", "jsonl")


def verdict_to_dict(v, *, store: str | None = None) -> dict:
    """The `$defs/verdict` object: what a pipeline acts on."""
    return {
        "article": v.article.id,
        "path": v.article.path,
        "content_hash": v.content_hash,
        "passed": v.passed,
        "score": jsonable(float(v.score.score)),
        "reasons": list(v.reasons),
        "findings": [f.id for f in v.findings],
        "dismissed": [f.id for f in v.dismissed],
        "neighbours": list(v.neighbours),
        "ingested": v.ingested.action if v.ingested else None,
        "store": store,
    }


def _sources(v) -> dict:
    """The sources a verdict's findings may name: the article and the stored ones it was judged with."""
    return {s.id: s for s in v.report.sources}


def _header() -> dict:
    return {"schema_version": SCHEMA_VERSION, "tool": {"name": TOOL_NAME, "version": tool_version()}}


def render_verdicts(verdicts: Sequence, fmt: str, *, store: str | None = None) -> str:
    if fmt == "json":
        doc = {**_header(), "verdicts": [
            {**verdict_to_dict(v, store=store), "source": source_to_dict(v.article, v.score),
             "findings": [finding_to_dict(f, _sources(v)) for f in v.findings]} for v in verdicts]}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        lines = []
        for v in verdicts:
            lines.append({"type": "source", **source_to_dict(v.article, v.score)})
            lines += [{"type": "finding", **finding_to_dict(f, _sources(v))} for f in v.findings]
            lines.append({"type": "verdict", **verdict_to_dict(v, store=store)})
        return "".join(json_line(obj) + "\n" for obj in lines)
    if fmt == "sarif":
        from checker.render.sarif import report_to_sarif

        logs = [report_to_sarif(v.report) for v in verdicts]
        merged = {**logs[0], "runs": [run for log in logs for run in log["runs"]]} if logs else {}
        return json.dumps(merged, ensure_ascii=False, indent=2) + "\n"
    return "".join(_verdict_text(v) for v in verdicts)


def _verdict_text(v) -> str:
    state = "PASS" if v.passed else "FAIL"
    out = [f"{state} {v.article.id}  score {v.score.score:.2f}  "
           f"({len(v.findings)} finding{'s' * (len(v.findings) != 1)} against {len(v.neighbours)} stored "
           f"article{'s' * (len(v.neighbours) != 1)})"]
    out += [f"  failing: {r}" for r in v.reasons]
    for f in v.findings:
        out.append(f"  {f.severity:<6} {f.confidence:.2f} {f.rule} {f.name}: {f.summary}  [{f.id}]")
        for side in f.sides:
            quote = side.quotes[0].sentence if side.quotes else ""
            out.append(f"      {', '.join(side.sources)}: {side.value!s} — \"{quote}\"")
    if v.dismissed:
        out.append(f"  {len(v.dismissed)} dismissed by an editor: {', '.join(f.id for f in v.dismissed)}")
    if v.ingested:
        out.append(f"  stored: {v.ingested.action} (version {v.ingested.version})")
    return "\n".join(out) + "\n"


def ingest_to_dict(r) -> dict:
    """The `$defs/ingested` object: what the store did with one article."""
    return {"article": r.source_id, "action": r.action, "version": r.version, "content_hash": r.content_hash}


def render_ingest(results: Sequence, fmt: str, *, store: str, totals: dict) -> str:
    if fmt == "json":
        doc = {**_header(), "store": store, "articles": [ingest_to_dict(r) for r in results], "totals": totals}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        lines = [{"type": "ingested", **ingest_to_dict(r)} for r in results]
        lines.append({"type": "ingest_summary", "store": store, **totals})
        return "".join(json_line(obj) + "\n" for obj in lines)
    counts = ", ".join(f"{totals[k]} {k}" for k in ("added", "updated", "unchanged"))
    return f"{store}: {counts}; {totals['stored']} articles stored\n"
