"""Terminal output with rich: a summary line, the findings most severe first, then the sources ranked
with one line of evidence per score component.

A finding shows its rule, the values side by side, the same-event judgement in words, and under each
value the quoted sentences with the sources named as a person would (outlet or title, then the file).
Claim ids, character offsets and normalised values are noise to a reader and appear only with
`verbose`. Every word the report uses is explained in it or in `check --help`.

All article text goes in as `rich.text.Text`, never as markup, so brackets or emoji codes in a story
cannot restyle the output, and it passes through `printable` first, so control characters and escape
sequences from articles, titles and file names are shown escaped and never reach the terminal.
Colour is left to the caller's Console (rich turns it off for pipes and NO_COLOR).
"""

from __future__ import annotations

import json

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from checker.model import REVIEW_STATES, SEVERITIES, Claim, Finding, Report, Review, Side, Source, SourceScore
from checker.render.common import (claim_span, claims_by_id, evidence_lines, file_name, finding_sort_key,
                                   name_sources, plural,
                                   printable, quote_span, ranked_sources, same_event_words, short_name,
                                   source_label)
from checker.render.jsonreport import jsonable

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}
REVIEW_STYLE = {"confirmed": "bold green", "dismissed": "dim", "follow-up": "bold magenta"}
BAR_WIDTH = 10
NAME_WIDTH = 32  # a source's outlet or title, shortened, where a finding names it
LEGEND = ("Severity: how much a conflict would matter if true (high, medium, low, info). Confidence: how sure "
          "the rule is, lowered when the reports may be about different events. Claims: corroborated by "
          "another source / contradicted / uncorroborated (only this source says it). Score components: "
          "see 'check --help'.")


def render_terminal(report: Report, console: Console, *, verbose: bool = False) -> None:
    """Print the report to `console`; `verbose` adds claim ids, offsets and normalised values."""
    claims = claims_by_id(report)
    sources = {s.id: s for s in report.sources}
    console.print(_summary(report))
    console.print()
    findings = sorted(report.findings, key=finding_sort_key)
    if findings:
        console.print(Text("Findings, most severe first", style="bold underline"))
    else:
        console.print(Text("No findings.", style="dim"))
        console.print()
    for n, f in enumerate(findings, 1):
        console.print(_finding(report, f, n, claims, sources, verbose))
        console.print()
    if report.reviews_path is not None or report.hidden or report.stale_reviews:
        console.print(Text("Editor review", style="bold underline"))
        for line in _review_lines(report, sources):
            console.print(line)
        console.print()
    console.print(Text("Sources by reliability", style="bold underline"))
    console.print(_sources_table(report, BAR_WIDTH if console.width >= 80 else BAR_WIDTH // 2))
    for src, score in ranked_sources(report):
        console.print(_source_detail(report, src, score, claims, sources, verbose))
    if report.warnings:
        console.print(Text("Warnings", style="bold underline yellow"))
        for w in report.warnings:
            console.print(Text.assemble(("! ", "yellow"), printable(w)))
        console.print()
    console.print(Text(LEGEND, style="dim"))


def _summary(report: Report) -> Text:
    counts = {s: 0 for s in SEVERITIES}
    for f in report.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    t = Text(f"{plural(len(report.sources), 'source')}, {plural(len(report.claims), 'claim')}, ", style="bold")
    t.append(plural(len(report.findings), "finding"), style="bold")
    shown = [s for s in reversed(SEVERITIES) if counts[s]]
    if shown:
        t.append(" (")
        for i, s in enumerate(shown):
            t.append(", " if i else "")
            t.append(f"{counts[s]} {s}", style=SEVERITY_STYLE[s])
        t.append(")")
    if report.hidden:
        t.append(f"; {len(report.hidden)} dismissed by an editor and hidden", style="dim")
    return t


def score_bar(score: float, width: int = BAR_WIDTH) -> Text:
    """A fixed-width bar so scores line up and read at a glance even without colour."""
    filled = max(0, min(width, round(float(score) * width)))
    style = "green" if score >= 0.7 else "yellow" if score >= 0.4 else "red"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"), f" {score:.2f}")


# --- findings ---------------------------------------------------------------------------------------


def _finding(report: Report, f: Finding, n: int, claims: dict[str, Claim], sources: dict[str, Source],
             verbose: bool) -> Padding:
    style = SEVERITY_STYLE.get(f.severity, "")
    head = Text.assemble(f"{n}. ", (f.severity.upper(), style), " ", (f.rule, "bold"), f" {f.name}",
                         (f"  {f.id}", "dim"))
    if f.review:
        head.append("  ").append(review_badge(f.review.state))
    summary = Text(printable(name_sources(f.summary, report.sources, NAME_WIDTH)), style="bold")
    meta = Text(f"confidence {round(float(f.confidence) * 100)}%; {same_event_words(f.same_event)}", style="dim")
    parts: list = [head, Padding(summary, (0, 0, 0, 3)), Padding(meta, (0, 0, 0, 3))]
    if f.review:
        parts.append(Padding(decision_text(f.review), (0, 0, 0, 3)))
    parts.append(Padding(_values_line(f.sides), (0, 0, 0, 3)))
    for i, side in enumerate(f.sides):
        parts.append(Padding(_side(report, side, i, claims, sources, verbose), (0, 0, 0, 3)))
    if f.explanation:
        parts.append(Padding(Text(printable(name_sources(f.explanation, report.sources, NAME_WIDTH)),
                                  style="italic"),
                             (0, 0, 0, 3)))
    return Padding(Group(*parts), (0, 0, 0, 0), expand=False)


def _side_label(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else str(i + 1)


def _values_line(sides: tuple[Side, ...]) -> Text:
    """The values side by side: `A Lyon  ≠  B Marseille`."""
    t = Text()
    for i, side in enumerate(sides):
        if i:
            t.append("  ≠  ", style="bold")
        t.append(f"{_side_label(i)} ", style="dim").append(printable(side.value), style="bold magenta")
    return t


def _side(report: Report, side: Side, i: int, claims: dict[str, Claim], sources: dict[str, Source],
          verbose: bool) -> Group:
    names = "; ".join(printable(source_label(sources[s], NAME_WIDTH)) if s in sources else printable(s)
                      for s in side.sources)
    head = Text.assemble((f"{_side_label(i)} ", "bold"), (printable(side.value), "bold magenta"), f" in {names}")
    lines: list = [head]
    if verbose:
        norm = json.dumps(jsonable(side.normalized), ensure_ascii=False)
        lines.append(Padding(Text(f"normalised: {printable(norm)}", style="dim"), (0, 0, 0, 2)))
    # One sentence asserting several claims of a side ("June 28", "June 28, 2026") is quoted once,
    # with every span marked.
    by_sentence: dict[tuple[str, str], list] = {}
    for q in side.quotes:
        by_sentence.setdefault((q.source, q.sentence), []).append(q)
    for (source_id, sentence), quotes in by_sentence.items():
        spans = [s for s in (quote_span(report, q, claims) for q in quotes) if s]
        src = sources.get(source_id)
        ref = Text("— " + printable(short_name(src, NAME_WIDTH) if src else source_id), style="dim")
        if verbose:
            ref.append("".join(f" · claim {q.claim} chars {q.start}–{q.end}" for q in quotes), style="dim")
        lines.append(Padding(Group(quote_text(sentence, spans), ref), (0, 0, 0, 2), expand=False))
    return Group(*lines)


def quote_text(sentence: str, spans) -> Text:
    """The sentence in quotes with the claims' spans highlighted (style only: words stay verbatim).

    `spans` is one (start, end) or a list of them, relative to the sentence. Line breaks become spaces;
    control characters are escaped piece by piece, so the marks stay on the right words.
    """
    if isinstance(spans, tuple):
        spans = [spans]
    spans = sorted({s for s in (spans or []) if s})
    body = Text(style="italic")
    pos = 0
    flat = "".join(" " if ch in "\n\r\t\u2028\u2029" else ch for ch in sentence)
    for start, end in spans:
        if start < pos:
            continue
        body.append(printable(flat[pos:start]))
        body.append(printable(flat[start:end]), style="bold reverse")
        pos = end
    body.append(printable(flat[pos:]))
    return Text("“", style="italic").append_text(body).append("”", style="italic")


def review_badge(state: str) -> Text:
    return Text(f"[{state.upper()}]", style=REVIEW_STYLE.get(state, "bold"))


def decision_text(r: Review) -> Text:
    """`review: dismissed by alice · 2026-11-22T04:06:11Z · note`"""
    t = Text("review: ", style="dim").append(r.state, style=REVIEW_STYLE.get(r.state, "bold"))
    if r.reviewer:
        t.append(f" by {printable(r.reviewer)}")
    if r.decided_at:
        t.append(f" · {printable(r.decided_at)}", style="dim")
    if r.note:
        t.append(" · ").append(printable(r.note), style="italic")
    return t


def _review_lines(report: Report, sources: dict[str, Source]) -> list:
    decided = [f.review for f in report.findings + report.hidden if f.review]
    counts = ", ".join(f"{sum(1 for r in decided if r.state == s)} {s}" for s in REVIEW_STATES)
    where = f"Decisions from {printable(report.reviews_path)}" if report.reviews_path else "Decisions"
    stale = len(report.stale_reviews)
    lines: list = [Text(f"{where}: {counts}; {plural(stale, 'stale decision')}.")]
    if report.hidden:
        lines.append(Text(f"Dismissed and hidden ({len(report.hidden)}; --show-dismissed shows them):", style="bold"))
        for f in report.hidden:
            summary = printable(name_sources(f.summary, report.sources))
            lines.append(Padding(Text.assemble((f.id, "dim"), " ", summary), (0, 0, 0, 2), expand=False))
            if f.review:
                lines.append(Padding(decision_text(f.review), (0, 0, 0, 4), expand=False))
    if report.stale_reviews:
        lines.append(Text("Stale decisions (their findings no longer appear; kept in the store):", style="bold"))
        for r in report.stale_reviews:
            what = f" {r.rule}: {r.summary}" if r.summary else (f" {r.rule}" if r.rule else "")
            lines.append(Padding(Text.assemble(review_badge(r.state), " ", (printable(r.finding_id), "bold"),
                                               printable(what)), (0, 0, 0, 2), expand=False))
            lines.append(Padding(decision_text(r), (0, 0, 0, 4), expand=False))
    return lines


# --- sources ----------------------------------------------------------------------------------------


def _sources_table(report: Report, bar_width: int) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Score", no_wrap=True)
    table.add_column("Source (outlet or title, then file)", overflow="fold", ratio=1)
    table.add_column("Claims", no_wrap=True, justify="right")
    for src, score in ranked_sources(report):
        name = Text(printable(source_label(src, 60)))
        if score is None:
            table.add_row("–", Text("not scored", style="dim"), name, "")
            continue
        counts = f"{len(score.corroborated)}/{len(score.contradicted)}/{len(score.uncorroborated)}"
        table.add_row(str(score.rank), score_bar(score.score, bar_width), name, counts)
    table.caption = "Claims: corroborated/contradicted/uncorroborated"
    table.caption_justify = "left"
    return table


def _source_detail(report: Report, src: Source, score: SourceScore | None, claims: dict[str, Claim],
                   sources: dict[str, Source], verbose: bool) -> Group:
    title = Text.assemble((f"{score.rank}. " if score else "", "bold"), (printable(source_label(src, 80)), "bold"))
    if src.metadata.title and src.metadata.outlet:
        title.append(f" — {printable(' '.join(src.metadata.title.split()))}")
    parts: list = [title]
    if score is None:
        return Group(title, Padding(Text("not scored", style="dim"), (0, 0, 1, 3), expand=False))
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    table.add_column("Component", no_wrap=True, min_width=13)
    table.add_column("Value", no_wrap=True, min_width=11)
    table.add_column("Weight", no_wrap=True, style="dim", min_width=5)
    table.add_column("Evidence", ratio=1, no_wrap=not verbose, overflow="ellipsis" if not verbose else "fold")
    for c in score.components:
        items = [printable(e) for e in evidence_lines(c.evidence, report.sources)]
        evidence = ("\n" if verbose else "; ").join(items) or "–"
        table.add_row(c.name, score_bar(c.value, 6), f"×{c.weight:.2f}", Text(evidence))
    parts.append(Padding(table, (0, 0, 0, 3)))
    if score.uncorroborated:
        parts.append(Padding(_uncorroborated(report, score.uncorroborated, claims, verbose), (0, 0, 0, 3)))
    parts.append(Text())
    return Group(*parts)


def _uncorroborated(report: Report, ids: tuple[str, ...], claims: dict[str, Claim], verbose: bool) -> Group:
    """Each uncorroborated value once; with `verbose`, each sentence once with all its claims marked."""
    found = [claims[c] for c in ids if c in claims]
    values: dict[str, str] = {}
    for c in found:
        values.setdefault(" ".join(c.value.split()).casefold(), f"{' '.join(c.value.split())} ({c.kind})")
    line = Text("Uncorroborated (only this source says it): ", style="bold")
    line.append(printable("; ".join(values.values())))
    missing = [c for c in ids if c not in claims]
    if missing:
        line.append(printable("; ".join(missing)))
    if not verbose:
        return Group(line)
    parts: list = [line]
    by_sentence: dict[str, list[Claim]] = {}
    for c in found:
        by_sentence.setdefault(c.sentence, []).append(c)
    for sentence, items in by_sentence.items():
        spans = [s for s in (claim_span(report, c) for c in items) if s]
        ref = Text("— " + ", ".join(f"claim {c.id} ({c.kind}) chars {c.start}–{c.end}" for c in items), style="dim")
        parts.append(Padding(Group(quote_text(sentence, spans), ref), (0, 0, 0, 2), expand=False))
    return Group(*parts)


__all__ = ["render_terminal", "score_bar", "quote_text", "review_badge", "decision_text", "file_name"]
