"""Markdown output: a report a fact-checker can read, paste into a ticket, or diff.

Article text is untrusted for Markdown: every string taken from it is put on one line and its
special characters are backslash-escaped, so a pipe cannot split a table cell and a newline cannot
end a blockquote early.
"""

from __future__ import annotations

import json
import re

from checker.model import REVIEW_STATES, SEVERITIES, Claim, Finding, Report, Review, Side, Source, SourceScore
from checker.render.common import (claim_span, claims_by_id, evidence_lines, finding_sort_key, finding_text, printable,
                                   quote_span, ranked_sources, same_event_words, source_label)
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
    """The whole report as Markdown text ending in a newline: the summary, the findings most severe
    first (as the text and HTML reports), then the sources ranked, their details, and the warnings."""
    claims = claims_by_id(report)
    sources = {s.id: s for s in report.sources}
    out: list[str] = ["# Claim-consistency report", "", _summary_line(report), ""]
    out += ["## Findings, most severe first", ""]
    findings = sorted(report.findings, key=finding_sort_key)
    if not findings:
        out += ["_No findings._", ""]
    for n, f in enumerate(findings, 1):
        out += _finding(report, f, n, claims, sources)
    out += _review_section(report)
    out += _sources_table(report)
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
    out = ["## Sources by reliability", "", "| Rank | Source (outlet or title, then file) | Id | Score | Components |",
           "|---:|---|---|---:|---|"]
    for src, score in ranked_sources(report):
        rank = str(score.rank) if score else "–"
        value = f"{score.score:.2f}" if score else "–"
        comps = "; ".join(f"{md_text(c.name)} {c.value:.2f}×{c.weight:.2f}" for c in score.components) if score else ""
        out.append(f"| {rank} | {md_text(source_label(src))} | {md_code(src.id)} | {value} | {comps or '–'} |")
    return out + [""]


def _codes(ids) -> str:
    return ", ".join(md_code(i) for i in ids) or "–"


def _finding(report: Report, f: Finding, n: int, claims: dict[str, Claim], sources: dict[str, Source]) -> list[str]:
    badge = f" [{md_text(f.review.state.upper())}]" if f.review else ""
    out = [f"#### {n}. [{f.severity.upper()}]{badge} {md_code(f.rule)} {md_text(f.name)} ({md_code(f.id)})", "",
           f"- **Severity:** {md_text(f.severity)}",
           f"- **Confidence:** {round(float(f.confidence) * 100)}%",
           f"- **Same event:** {md_text(same_event_words(f.same_event))}",
           f"- **Summary:** {md_text(finding_text(f.summary, f, sources))}",
           f"- **Explanation:** {md_text(finding_text(f.explanation, f, sources))}"]
    if f.events:
        out.append(f"- **Events:** {_codes(f.events)}")
    if f.review:
        out.append(f"- **Review:** {_decision(f.review)}")
    out.append("")
    for i, side in enumerate(f.sides):
        out += _side(report, side, _side_label(i), claims, sources)
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


def _side(report: Report, side: Side, label: str, claims: dict[str, Claim], sources: dict[str, Source]) -> list[str]:
    """The value, the sources asserting it by name, their quoted sentences; the normalised value and
    the claim ids folded into a disclosure for those who need them."""
    names = "; ".join(md_text(_label(sources, s)) for s in side.sources) or "–"
    out = [f"**Side {label}:** “{md_text(side.value)}” — in {names}", ""]
    for q in side.quotes:
        out += [f"> {_highlight(q.sentence, quote_span(report, q, claims))}", ">",
                f"> — {md_text(_label(sources, q.source))}", ""]
    norm = json.dumps(jsonable(side.normalized), ensure_ascii=False)
    ids = ", ".join(f"{md_code(q.claim)} ({md_code(q.source)}, characters {q.start}–{q.end})" for q in side.quotes)
    out += [f"<details><summary>Side {label} in detail</summary>", "",
            f"Normalised: {md_code(norm)}. Claims: {ids or '–'}.", "", "</details>", ""]
    return out


def _label(sources: dict[str, Source], source_id: str) -> str:
    src = sources.get(source_id)
    return source_label(src) if src else source_id


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
    name = md_text(source_label(src, 80))
    head = f"### {score.rank}. {name}" if score else f"### {name}"
    if m.title and m.outlet:
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
        out += [f"  - {md_text(e)}" for e in evidence_lines(c.evidence, report.sources)]
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
