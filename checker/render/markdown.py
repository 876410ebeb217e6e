"""Markdown output: a report a fact-checker can read, paste into a ticket, or diff.

Article text is untrusted for Markdown: every string taken from it is put on one line and its
special characters are backslash-escaped, so a pipe cannot split a table cell and a newline cannot
end a blockquote early.
"""

from __future__ import annotations

import json
import re

from checker.model import (REVIEW_STATES, SEVERITIES, Claim, EventCluster, Finding, Report, Review, Side, Source,
                           SourceScore)
from checker.render.common import (claim_span, claims_by_id, group_findings, printable, quote_span,
                                   ranked_sources)
from checker.render.jsonreport import jsonable

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_SPACE = re.compile(r"\s+")  # includes \r, \n, \u2028 and friends
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_text(text: object) -> str:
    """One-line, escaped inline text (safe in table cells, headings and blockquotes)."""
    return _SPECIAL.sub(r"\\\1", printable(_SPACE.sub(" ", str(text))))


def md_line(text: str) -> str:
    """Escape what would turn the start of a line into a heading, list or quote."""
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def md_code(text: object) -> str:
    """An inline code span that survives backticks, pipes and newlines in its content."""
    s = printable(_SPACE.sub(" ", str(text))).replace("|", "\\|")
    fence = "`" * (max((len(r) for r in re.findall(r"`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def render_markdown(report: Report) -> str:
    """The whole report as Markdown text ending in a newline."""
    claims = claims_by_id(report)
    out: list[str] = ["# Claim-consistency report", "", _summary_line(report), ""]
    out += _sources_table(report)
    out += ["## Findings", ""]
    groups = group_findings(report)
    if not groups:
        out += ["_No findings._", ""]
    n = 0
    for kind, key, findings in groups:
        out += _group_heading(report, kind, key)
        for f in findings:
            n += 1
            out += _finding(report, f, n, claims)
    out += _review_section(report)
    out += ["## Source details", ""]
    for src, score in ranked_sources(report):
        out += _source_detail(report, src, score, claims)
    out += ["## Warnings", ""]
    out += [f"- {md_text(w)}" for w in report.warnings] or ["_None._"]
    return "\n".join(out).rstrip("\n") + "\n"


def _summary_line(report: Report) -> str:
    counts = {s: 0 for s in SEVERITIES}
    for f in report.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    sev = ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES))
    hidden = f" · {len(report.hidden)} dismissed (hidden)" if report.hidden else ""
    return (f"{_plural(len(report.sources), 'source')} · {_plural(len(report.claims), 'claim')} · "
            f"{_plural(len(report.findings), 'finding')} ({sev}){hidden}")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _sources_table(report: Report) -> list[str]:
    out = ["## Sources", "", "| Rank | Source | Outlet | Score | Components |", "|---:|---|---|---:|---|"]
    for src, score in ranked_sources(report):
        rank = str(score.rank) if score else "–"
        value = f"{score.score:.2f}" if score else "–"
        comps = "; ".join(f"{md_text(c.name)} {c.value:.2f}×{c.weight:.2f}" for c in score.components) if score else ""
        outlet = md_text(src.metadata.outlet or src.metadata.title or "–")
        out.append(f"| {rank} | {md_text(src.id)} | {outlet} | {value} | {comps or '–'} |")
    return out + [""]


def _group_heading(report: Report, kind: str, key: object) -> list[str]:
    if kind == "cluster":
        c: EventCluster = key  # type: ignore[assignment]
        title = md_text(c.label) if c.label else "Event"
        return [f"### Event: {title} ({md_code(c.id)})", "",
                f"Reported by {_codes(c.sources)}; events {_codes(c.event_ids)}.", ""]
    rule = next((r for r in report.rules if r.id == key), None)
    name = f" — {md_text(rule.name)}" if rule and rule.name else ""
    return [f"### Rule {md_code(key)}{name}", ""]


def _codes(ids) -> str:
    return ", ".join(md_code(i) for i in ids) or "–"


def _finding(report: Report, f: Finding, n: int, claims: dict[str, Claim]) -> list[str]:
    badge = f" [{md_text(f.review.state.upper())}]" if f.review else ""
    out = [f"#### {n}. [{f.severity.upper()}]{badge} {md_code(f.rule)} {md_text(f.name)} ({md_code(f.id)})", "",
           f"- **Severity:** {md_text(f.severity)}",
           f"- **Confidence:** {round(float(f.confidence) * 100)}%",
           f"- **Same event:** {md_text(f.same_event)}",
           f"- **Summary:** {md_text(f.summary)}",
           f"- **Explanation:** {md_text(f.explanation)}"]
    if f.events:
        out.append(f"- **Events:** {_codes(f.events)}")
    if f.review:
        out.append(f"- **Review:** {_decision(f.review)}")
    out.append("")
    for i, side in enumerate(f.sides):
        out += _side(report, side, _side_label(i), claims)
    return out


def _decision(r: Review) -> str:
    """`**dismissed** by alice, 2026-11-22T04:06:11Z — “note”`"""
    text = f"**{md_text(r.state)}**"
    if r.reviewer:
        text += f" by {md_text(r.reviewer)}"
    if r.decided_at:
        text += f", {md_text(r.decided_at)}"
    if r.note:
        text += f" — “{md_text(r.note)}”"
    return text


def _review_section(report: Report) -> list[str]:
    """Where decisions came from, what they hide, and decisions whose finding no longer appears.

    Left out entirely when the run used no review store, so reports without reviews are unchanged.
    """
    if report.reviews_path is None and not report.hidden and not report.stale_reviews:
        return []
    out = ["## Editor review", ""]
    decided = [f.review for f in report.findings + report.hidden if f.review]
    counts = ", ".join(f"{sum(1 for r in decided if r.state == s)} {s}" for s in REVIEW_STATES)
    where = f"Decisions from {md_code(report.reviews_path)}" if report.reviews_path else "Decisions"
    out += [f"{where}: {counts}; {_plural(len(report.stale_reviews), 'stale decision')}.", ""]
    if report.hidden:
        out += [f"Dismissed and hidden ({len(report.hidden)}; `--show-dismissed` shows them; they count neither "
                f"for `--fail-on` nor toward scores):", ""]
        for f in report.hidden:
            decision = f" — {_decision(f.review)}" if f.review else ""
            out.append(f"- {md_code(f.id)} {md_text(f.summary)}{decision}")
        out.append("")
    if report.stale_reviews:
        out += ["### Stale decisions", "",
                "Their findings no longer appear in this run; they are kept and reattach if the finding comes back.",
                ""]
        for r in report.stale_reviews:
            what = f" ({md_code(r.rule)}: {md_text(r.summary)})" if r.summary else ""
            what = what or (f" ({md_code(r.rule)})" if r.rule else "")
            out.append(f"- {md_code(r.finding_id)}{what} — {_decision(r)}")
        out.append("")
    return out


def _side_label(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else str(i + 1)


def _side(report: Report, side: Side, label: str, claims: dict[str, Claim]) -> list[str]:
    norm = json.dumps(jsonable(side.normalized), ensure_ascii=False)
    out = [f"**Side {label}:** “{md_text(side.value)}” (normalised: {md_code(norm)}) — "
           f"sources: {_codes(side.sources)}", ""]
    for q in side.quotes:
        out += [f"> {_highlight(q.sentence, quote_span(report, q, claims))}", ">",
                f"> — {md_code(q.source)}, claim {md_code(q.claim)}, characters {q.start}–{q.end}", ""]
    return out


def _highlight(sentence: str, span: tuple[int, int] | None) -> str:
    """The sentence escaped, with the claim's span in bold when it could be placed."""
    if span is None:
        return md_line(md_text(sentence.strip()))
    s, e = span
    before, mid, after = sentence[:s], sentence[s:e], sentence[e:]
    lead = len(before) - len(before.lstrip())
    before = before[lead:]
    text = f"{md_text(before)}**{md_text(mid.strip())}**{md_text(after.rstrip())}"
    return md_line(text) if before else text


def _source_detail(report: Report, src: Source, score: SourceScore | None, claims: dict[str, Claim]) -> list[str]:
    m = src.metadata
    head = f"### {score.rank}. {md_code(src.id)}" if score else f"### {md_code(src.id)}"
    if m.title:
        head += f" — {md_text(m.title)}"
    facts = [md_text(m.outlet) if m.outlet else None,
             f"published {m.published.isoformat() if hasattr(m.published, 'isoformat') else md_text(m.published)}"
             if m.published else None,
             f"dateline {md_text(m.dateline)}" if m.dateline else None,
             md_code(src.path) if src.path else None]
    out = [head, ""]
    line = " · ".join(x for x in facts if x)
    if line:
        out += [line, ""]
    if score is None:
        return out + ["_Not scored._", ""]
    out += [f"Score **{score.score:.2f}** (rank {score.rank}). Claims: {len(score.corroborated)} corroborated, "
            f"{len(score.contradicted)} contradicted, {len(score.uncorroborated)} uncorroborated.", ""]
    for c in score.components:
        out.append(f"- **{md_text(c.name)}** {c.value:.2f} (weight {c.weight:.2f})")
        out += [f"  - {md_text(e)}" for e in c.evidence]
    if score.components:
        out.append("")
    if score.uncorroborated:
        out += ["Uncorroborated claims:", ""]
        for cid in score.uncorroborated:
            claim = claims.get(cid)
            if claim is None:
                out.append(f"- {md_code(cid)}")
                continue
            sentence = _highlight(claim.sentence, claim_span(report, claim))
            out.append(f"- {md_code(cid)} ({md_text(claim.kind)}, “{md_text(claim.value)}”): “{sentence}”")
        out.append("")
    return out
