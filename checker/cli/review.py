"""`check review list|decide|export`: editors' decisions on findings (docs/reviews.md)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from checker.cli.common import (EXIT_OK, REVIEW_EXIT_CODES_HELP, ConfigOpt, QuietOpt, ReviewsOpt, RulesOpt,
                                check_output_folder, config_for, default_reviewer, guarded, one_line, review_store_path,
                                run_pipeline, stderr_line, sub_app, write_output, write_stdout)
from checker.judging.thresholds import severity_rank
from checker.model import InputError, Report, Review

# --- review: editors' decisions on findings ---------------------------------------------------------

review_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                         no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]},
                         help="Record and list editors' decisions on findings: confirmed, dismissed (a false "
                              "alarm) or follow-up. Decisions are kept in a SQLite store next to the articles "
                              "(<folder>/.claimcheck/reviews.sqlite) and reattach to the same finding on "
                              "every later run. See docs/reviews.md.")
sub_app.add_typer(review_app, name="review")


class ReviewState(str, Enum):
    confirmed = "confirmed"
    dismissed = "dismissed"
    follow_up = "follow-up"


class ListState(str, Enum):
    confirmed = "confirmed"
    dismissed = "dismissed"
    follow_up = "follow-up"
    undecided = "undecided"


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"


ListFormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]


def review_dict(r: Review, *, snapshot: bool = True) -> dict:
    """A decision as JSON data; `snapshot` adds the rule and summary stored with it."""
    out = {"finding_id": r.finding_id, "state": r.state, "note": r.note, "reviewer": r.reviewer,
           "decided_at": r.decided_at}
    if snapshot:
        out.update(rule=r.rule, summary=r.summary)
    return out


def review_rows(report: Report, state: Optional[str]) -> tuple[list[tuple], list[Review]]:
    """(finding, state) rows for every finding, shown or hidden, in report order; and stale decisions."""
    findings = sorted(report.findings + report.hidden, key=lambda f: _finding_order(report, f))
    rows = [(f, f.review.state if f.review else "undecided") for f in findings]
    stale = list(report.stale_reviews)
    if state is not None:
        rows = [r for r in rows if r[1] == state]
        stale = [r for r in stale if r.state == state]
    return rows, stale


def _finding_order(report: Report, finding) -> tuple:
    return (-severity_rank(finding.severity), -float(finding.confidence), finding.id)


def review_list_text(report: Report, rows: list[tuple], stale: list[Review], store: Optional[Path],
                     default: Path) -> str:
    head = f"Review store: {store}" if store is not None else f"Review store: none yet ({default} does not exist)"
    lines = [head, ""]
    table = [("STATE", "SEVERITY", "FINDING", "REVIEWER", "DECIDED", "SUMMARY")]
    notes: dict[int, str] = {}
    for f, state in rows:
        r = f.review
        table.append((state, f.severity, f.id, (r.reviewer or "–") if r else "", r.decided_at if r else "",
                      one_line(f.summary)))
        if r is not None and r.note:
            notes[len(table) - 1] = one_line(r.note)
    if len(table) == 1:
        lines.append("No findings." if not rows else "")
    else:
        widths = [max(len(row[i]) for row in table) for i in range(5)]
        for i, row in enumerate(table):
            lines.append("  ".join(c.ljust(w) for c, w in zip(row[:5], widths)) + "  " + row[5])
            if i in notes:
                lines.append(" " * (sum(widths[:2]) + 4) + f"note: {notes[i]}")
    if stale:
        lines += ["", f"Stale decisions ({len(stale)}): their findings no longer appear"]
        for r in stale:
            what = f"{r.rule}: {one_line(r.summary)}" if r.summary else (r.rule or "")
            lines.append(f"  {r.state:<10} {r.finding_id}  {r.reviewer or '–'}  {r.decided_at}  {what}".rstrip())
            if r.note:
                lines.append(f"  {'':<10} note: {one_line(r.note)}")
    return "\n".join(lines).rstrip("\n") + "\n"


@review_app.command("list", epilog=REVIEW_EXIT_CODES_HELP)
def review_list(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", show_default=False,
                                               help="Article files or folders of one story.")],
    reviews: ReviewsOpt = None,
    state: Annotated[Optional[ListState], typer.Option("--state", help="Only findings in this state.")] = None,
    fmt: ListFormatOpt = ListFormat.text,
    rules: RulesOpt = None, config_file: ConfigOpt = None, quiet: QuietOpt = False,
) -> None:
    """Run the check and list every finding with its decision (undecided too), then stale decisions."""

    def body() -> int:
        from checker.storage.reviews import default_reviews_path, read_reviews

        config = config_for(config_file, rules_dirs=rules)
        path = review_store_path(paths, reviews, config)
        explicit = reviews is not None or config.reviews_path is not None
        store = path if explicit or path.exists() else None
        decisions = read_reviews(path) if store is not None else []
        report = run_pipeline(paths, config, quiet, reviews=decisions, show_dismissed=True,
                               reviews_path=str(store) if store is not None else None)
        rows, stale = review_rows(report, state.value if state else None)
        if fmt is ListFormat.json:
            doc = {"reviews_path": str(store) if store is not None else None,
                   "findings": [{"id": f.id, "rule": f.rule, "severity": f.severity,
                                 "confidence": round(float(f.confidence), 4), "summary": f.summary,
                                 "state": st, "review": review_dict(f.review, snapshot=False) if f.review else None}
                                for f, st in rows],
                   "stale": [review_dict(r) for r in stale]}
            write_stdout(json.dumps(doc, ensure_ascii=False, indent=2))
        else:
            write_stdout(review_list_text(report, rows, stale, store, default_reviews_path(paths)))
        return EXIT_OK

    raise typer.Exit(guarded(body))


@review_app.command("decide", epilog=REVIEW_EXIT_CODES_HELP)
def review_decide(
    finding_id: Annotated[str, typer.Argument(metavar="FINDING_ID", help="The finding's id (as in the report).")],
    paths: Annotated[Optional[list[str]], typer.Argument(metavar="PATH", show_default=False,
                                                         help="The articles: the finding id is checked "
                                                              "against a fresh run of them.")] = None,
    state: Annotated[ReviewState, typer.Option("--state", help="The decision.", show_default=False)] = ...,
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="Why (free text).")] = "",
    reviewer: Annotated[Optional[str], typer.Option("--reviewer", metavar="NAME",
                                                    help="Who decides (default: $CHECKER_REVIEWER or the "
                                                         "user name).")] = None,
    reviews: ReviewsOpt = None,
    fmt: ListFormatOpt = ListFormat.text,
    rules: RulesOpt = None, config_file: ConfigOpt = None, quiet: QuietOpt = False,
) -> None:
    """Record a decision on a finding: confirmed, dismissed (a false alarm) or follow-up."""

    def body() -> int:
        from checker.storage.reviews import ReviewStore

        config = config_for(config_file, rules_dirs=rules)
        path = review_store_path(paths, reviews, config)
        if path.exists():  # a file that is not a review store fails before the (slow) run
            ReviewStore.open(path, create=False).close()
        rule = summary = ""
        if paths:
            report = run_pipeline(paths, config, quiet)
            found = {f.id: f for f in report.findings + report.hidden}
            finding = found.get(finding_id)
            if finding is None:
                raise InputError(_unknown_finding(finding_id, list(found)))
            rule, summary = finding.rule, finding.summary
        who = reviewer if reviewer is not None else default_reviewer()
        with ReviewStore.open(path) as store:  # created (with its folder) on the first decision
            decision = store.decide(finding_id, state.value, note=note, reviewer=who, rule=rule, summary=summary)
        if not paths and not quiet:
            stderr_line(f"warning: {finding_id} was not checked against the articles (give PATHS to check it); "
                    "recorded as given")
        if fmt is ListFormat.json:
            write_stdout(json.dumps({**review_dict(decision), "reviews_path": str(path)}, ensure_ascii=False,
                                     indent=2))
        else:
            by = f" by {decision.reviewer}" if decision.reviewer else ""
            text = f"{decision.finding_id}: {decision.state}{by} at {decision.decided_at}"
            if decision.note:
                text += f" — {one_line(decision.note)}"
            write_stdout(f"{text}\n(stored in {path})")
        return EXIT_OK

    raise typer.Exit(guarded(body))


def _unknown_finding(finding_id: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(finding_id, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return (f"unknown finding id {finding_id!r}: not among the {len(known)} findings of this run; {hint}"
            f"run 'check review list PATH...' to list them")


EXPORT_COLUMNS = ("finding_id", "state", "note", "reviewer", "decided_at", "rule", "summary")


def _spreadsheet_safe(cell: str) -> str:
    """A note starting with = + - @ would run as a formula in a spreadsheet; a leading ' keeps it text."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def export_text(decisions: list[Review], fmt: ExportFormat, path: Path, history: bool) -> str:
    if fmt is ExportFormat.csv:
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(EXPORT_COLUMNS)
        for r in decisions:
            writer.writerow([_spreadsheet_safe(str(getattr(r, c))) for c in EXPORT_COLUMNS])
        return buf.getvalue()
    key = "history" if history else "decisions"
    return json.dumps({"reviews_path": str(path), key: [review_dict(r) for r in decisions]},
                      ensure_ascii=False, indent=2) + "\n"


@review_app.command("export", epilog=REVIEW_EXIT_CODES_HELP)
def review_export(
    paths: Annotated[Optional[list[str]], typer.Argument(
        metavar="PATH", show_default=False, help="The articles (only to find the default store).")] = None,
    reviews: ReviewsOpt = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")] = ExportFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE",
                                                   help="Write here (atomically) instead of stdout.")] = None,
    history: Annotated[bool, typer.Option("--history", help="Every decision ever made, oldest first, "
                                                            "instead of the current ones.")] = False,
    config_file: ConfigOpt = None,
) -> None:
    """Write all decisions (or with --history every decision ever made) as JSON or CSV."""

    def body() -> int:
        from checker.storage.reviews import ReviewStore

        check_output_folder(output)
        config = config_for(config_file)
        path = review_store_path(paths, reviews, config)
        with ReviewStore.open(path, create=False) as store:
            decisions = store.history() if history else store.all()
        text = export_text(decisions, fmt, path, history)
        if output is not None:
            write_output(output, text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
        return EXIT_OK

    raise typer.Exit(guarded(body))


