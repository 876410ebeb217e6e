"""Terminal output with rich: ranked sources, findings with their quoted evidence, score evidence.

All article text goes in as `rich.text.Text`, never as markup, so brackets or emoji codes in a
story cannot restyle the output. Colour is left to the caller's Console (rich turns it off for
pipes and NO_COLOR). Tables fold long text instead of widening, so narrow terminals still work.
"""

from __future__ import annotations

import json

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from checker.model import REVIEW_STATES, SEVERITIES, Claim, EventCluster, Finding, Report, Review, Side
from checker.render.common import claim_span, claims_by_id, group_findings, quote_span, ranked_sources
from checker.render.jsonreport import jsonable

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}
REVIEW_STYLE = {"confirmed": "bold green", "dismissed": "dim", "follow-up": "bold magenta"}
BAR_WIDTH = 10


def render_terminal(report: Report, console: Console) -> None:
    """Print the report to `console`."""
    claims = claims_by_id(report)
    console.print(Rule(Text("Claim-consistency report", style="bold")))
    console.print(_summary(report))
    console.print()
    console.print(_sources_table(report, BAR_WIDTH if console.width >= 80 else BAR_WIDTH // 2))
    console.print()
    console.print(Rule(Text("Findings", style="bold")))
    groups = group_findings(report)
    if not groups:
        console.print(Text("No findings.", style="dim"))
    n = 0
    for kind, key, findings in groups:
        console.print()
        console.print(_group_title(report, kind, key))
        for f in findings:
            n += 1
            console.print(_finding(report, f, n, claims))
    if report.reviews_path is not None or report.hidden or report.stale_reviews:
        console.print()
        console.print(Rule(Text("Editor review", style="bold")))
        for line in _review_lines(report):
            console.print(line)
    console.print()
    console.print(Rule(Text("Source details", style="bold")))
    for src, score in ranked_sources(report):
        title = Text.assemble((f"{score.rank}. " if score else "", "bold"), (src.id, "bold"))
        if src.metadata.title:
            title.append(f" — {src.metadata.title}")
        if src.metadata.outlet:
            title.append(f" ({src.metadata.outlet})", style="dim")
        console.print(title)
        if score is None:
            console.print(Padding(Text("not scored", style="dim"), (0, 0, 1, 2), expand=False))
            continue
        console.print(Padding(_components_table(score), (0, 0, 0, 2), expand=False))
        if score.uncorroborated:
            console.print(Padding(_uncorroborated(report, score.uncorroborated, claims), (0, 0, 0, 2),
                                  expand=False))
        console.print()
    if report.warnings:
        console.print(Rule(Text("Warnings", style="bold yellow")))
        for w in report.warnings:
            console.print(Text.assemble(("! ", "yellow"), str(w)))


def _summary(report: Report) -> Text:
    counts = {s: 0 for s in SEVERITIES}
    for f in report.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    t = Text(f"{len(report.sources)} sources · {len(report.claims)} claims · {len(report.findings)} findings (")
    for i, s in enumerate(reversed(SEVERITIES)):
        t.append(", " if i else "")
        t.append(f"{counts[s]} {s}", style=SEVERITY_STYLE[s] if counts[s] else "")
    t.append(")")
    if report.hidden:
        t.append(f" · {len(report.hidden)} dismissed (hidden)", style="dim")
    return t


def score_bar(score: float, width: int = BAR_WIDTH) -> Text:
    """A fixed-width bar so scores line up and read at a glance even without colour."""
    filled = max(0, min(width, round(float(score) * width)))
    style = "green" if score >= 0.7 else "yellow" if score >= 0.4 else "red"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"), f" {score:.2f}")


def _sources_table(report: Report, bar_width: int) -> Table:
    table = Table(title="Sources by reliability", box=box.SIMPLE_HEAD, show_edge=False, title_justify="left")
    widest = max((len(s.id) for s in report.sources), default=6)  # ids stay whole when possible
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Source", overflow="fold", min_width=min(24, widest))
    table.add_column("Score", no_wrap=True)
    table.add_column("Outlet / title", overflow="fold")
    table.add_column("Claims", no_wrap=True, justify="right")
    for src, score in ranked_sources(report):
        outlet = src.metadata.outlet or src.metadata.title or "–"
        if score is None:
            table.add_row("–", Text(src.id), Text("not scored", style="dim"), Text(outlet), "")
            continue
        counts = f"{len(score.corroborated)}/{len(score.contradicted)}/{len(score.uncorroborated)}"
        table.add_row(str(score.rank), Text(src.id, style="bold"), score_bar(score.score, bar_width), Text(outlet), counts)
    table.caption = "Claims: corroborated/contradicted/uncorroborated"
    table.caption_justify = "left"
    return table


def _group_title(report: Report, kind: str, key: object) -> Text:
    if kind == "cluster":
        c: EventCluster = key  # type: ignore[assignment]
        t = Text.assemble(("Event ", "bold"), (c.label or c.id, "bold"), (f"  [{c.id}]", "dim"))
        return t.append(f"  sources: {', '.join(c.sources)}", style="dim")
    rule = next((r for r in report.rules if r.id == key), None)
    return Text.assemble(("Rule ", "bold"), (str(key), "bold"), f" {rule.name}" if rule else "")


def _finding(report: Report, f: Finding, n: int, claims: dict[str, Claim]) -> Padding:
    style = SEVERITY_STYLE.get(f.severity, "")
    head = Text.assemble(f"{n}. ", (f.severity.upper(), style), " ", (f.rule, "bold"), f" {f.name}",
                         (f"  [{f.id}]", "dim"))
    if f.review:
        head.append("  ").append(review_badge(f.review.state))
    meta = Text(f"confidence {round(float(f.confidence) * 100)}% · same event: {f.same_event}", style="dim")
    parts = [head, meta]
    if f.review:
        parts.append(decision_text(f.review))
    parts.append(Text(f.summary, style="bold"))
    if f.explanation:
        parts.append(Text(f.explanation, style="italic"))
    for i, side in enumerate(f.sides):
        parts.append(_side(report, side, i, claims))
    return Padding(Group(*parts), (1, 0, 0, 2), expand=False)


def review_badge(state: str) -> Text:
    return Text(f"[{state.upper()}]", style=REVIEW_STYLE.get(state, "bold"))


def decision_text(r: Review) -> Text:
    """`review: dismissed by alice · 2026-11-22T04:06:11Z · note`"""
    t = Text("review: ", style="dim").append(r.state, style=REVIEW_STYLE.get(r.state, "bold"))
    if r.reviewer:
        t.append(f" by {r.reviewer}")
    if r.decided_at:
        t.append(f" · {r.decided_at}", style="dim")
    if r.note:
        t.append(" · ").append(r.note, style="italic")
    return t


def _review_lines(report: Report) -> list:
    decided = [f.review for f in report.findings + report.hidden if f.review]
    counts = ", ".join(f"{sum(1 for r in decided if r.state == s)} {s}" for s in REVIEW_STATES)
    where = f"Decisions from {report.reviews_path}" if report.reviews_path else "Decisions"
    stale = len(report.stale_reviews)
    lines: list = [Text(f"{where}: {counts}; {stale} stale decision{'' if stale == 1 else 's'}.")]
    if report.hidden:
        lines.append(Text(f"Dismissed and hidden ({len(report.hidden)}; --show-dismissed shows them):", style="bold"))
        for f in report.hidden:
            lines.append(Padding(Text.assemble((f.id, "dim"), " ", f.summary), (0, 0, 0, 2), expand=False))
            if f.review:
                lines.append(Padding(decision_text(f.review), (0, 0, 0, 4), expand=False))
    if report.stale_reviews:
        lines.append(Text("Stale decisions (their findings no longer appear; kept in the store):", style="bold"))
        for r in report.stale_reviews:
            what = f" {r.rule}: {r.summary}" if r.summary else (f" {r.rule}" if r.rule else "")
            lines.append(Padding(Text.assemble(review_badge(r.state), " ", (r.finding_id, "bold"), what), (0, 0, 0, 2),
                                 expand=False))
            lines.append(Padding(decision_text(r), (0, 0, 0, 4), expand=False))
    return lines


def _side(report: Report, side: Side, i: int, claims: dict[str, Claim]) -> Group:
    label = chr(ord("A") + i) if i < 26 else str(i + 1)
    norm = json.dumps(jsonable(side.normalized), ensure_ascii=False)
    head = Text.assemble((f"Side {label}: ", "bold"), (side.value, "bold magenta"), (f"  = {norm}", "dim"),
                         f"  ({', '.join(side.sources)})")
    lines = [head]
    for q in side.quotes:
        sentence = quote_text(q.sentence, quote_span(report, q, claims))
        ref = Text(f"— {q.source} · claim {q.claim} · chars {q.start}–{q.end}", style="dim")
        lines.append(Padding(Group(sentence, ref), (0, 0, 0, 4), expand=False))
    return Group(*lines)


def quote_text(sentence: str, span: tuple[int, int] | None) -> Text:
    """The sentence in quotes with the claim's span highlighted (style only: text stays verbatim).

    Line breaks become spaces one for one, so the span offsets still line up.
    """
    body = Text("".join(" " if ch.isspace() else ch for ch in sentence), style="italic")
    if span is not None:
        body.stylize("bold reverse", *span)
    return Text("“", style="italic").append_text(body).append("”", style="italic")


def _components_table(score) -> Table:
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    table.add_column("Component", no_wrap=True)
    table.add_column("Value", no_wrap=True)
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("Evidence", overflow="fold", ratio=1)
    for c in score.components:
        evidence = Text("\n".join(f"• {e}" for e in c.evidence) or "–")
        table.add_row(Text(c.name), score_bar(c.value, 6), f"{c.weight:.2f}", evidence)
    return table


def _uncorroborated(report: Report, ids: tuple[str, ...], claims: dict[str, Claim]) -> Group:
    lines = [Text("Uncorroborated claims:", style="bold")]
    for cid in ids:
        claim = claims.get(cid)
        if claim is None:
            lines.append(Text(f"  {cid}"))
            continue
        lines.append(Text.assemble(f"  {cid} ", (f"({claim.kind}) ", "dim"), (claim.value, "bold")))
        lines.append(Padding(quote_text(claim.sentence, claim_span(report, claim)), (0, 0, 0, 4), expand=False))
    return Group(*lines)
