"""The `check` command line: the only place that reads settings, prints, and chooses an exit code.

Dispatch: `main()` looks at the first argument. `explain`, `rules`, `review`, `serve`, `ingest` and
`gate` go to a small sub-app (the last two are in checker.cli_store); anything else goes to the check
command, whose positional arguments are article paths. So a folder literally named like a subcommand
is checked as `check ./explain`.
Subcommands must come first (`check rules --config x.toml`, not `check --config x.toml rules`).

Every command body runs inside `_guarded`, which turns exceptions into the documented exit codes, so
a crash never exits 1 (which means "findings") and never prints a traceback unless asked to.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Iterable, Optional, Sequence

import typer

from checker import __version__
from checker.config import (Config, load_config, resolve_rule_refs, rule_enabled, rule_severity, unknown_rule_refs,
                            with_overrides)
from checker.model import SEVERITIES, InputError, Report, Review
from checker.thresholds import severity_rank, threshold_failures

PROG = "check"
SUBCOMMANDS = ("explain", "rules", "review", "serve", "ingest", "gate")

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

EXIT_CODES_HELP = """\
Exit codes: 0 nothing reaches the thresholds; 1 a finding reaches --fail-on (confidence at least
--min-confidence) or a source scores below --min-score; 2 usage or input error (missing path, no
readable articles, bad config, bad rules folder); 3 internal error (set CHECKER_DEBUG=1 for the
traceback); 130 interrupted.

Other commands: 'check explain RULE' prints a rule's documentation; 'check rules' lists the rules;
'check review list|decide|export' records editors' decisions on findings (see docs/reviews.md);
'check serve PATH...' runs the local review app (see docs/serve.md); 'check ingest' and 'check gate'
keep a claim store and gate new articles against it (see docs/pipelines.md). They must come first;
check a folder named like one of them as './explain'.
"""

SUB_EXIT_CODES_HELP = """\
Exit codes: 0 success; 2 usage or input error (unknown rule, bad config, bad rules folder);
3 internal error (set CHECKER_DEBUG=1 for the traceback); 130 interrupted.
"""

REVIEW_EXIT_CODES_HELP = """\
Exit codes: 0 success; 2 usage or input error (unknown state, unknown finding id, a file that is not a
review store, missing path, bad config); 3 internal error (set CHECKER_DEBUG=1 for the traceback);
130 interrupted.
"""


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    jsonl = "jsonl"
    sarif = "sarif"


class FailOn(str, Enum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    none = "none"  # switch off a fail-on from the config file


# --- small I/O helpers ------------------------------------------------------------------------------


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _stderr(message: str) -> None:
    """One `check: ...` line on stderr; stdout stays clean for the report."""
    typer.echo(f"{PROG}: {_one_line(message)}", err=True)


def _guarded(action: Callable[[], int]) -> int:
    """Run a command body and map what escapes it to an exit code (see EXIT_CODES_HELP)."""
    try:
        return action()
    except InputError as exc:
        _stderr(f"error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _stderr("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the whole point is to catch what nobody expected
        detail = f": {exc}" if str(exc) else ""
        _stderr(f"internal error: {type(exc).__name__}{detail} (please report this)")
        if os.environ.get("CHECKER_DEBUG") == "1":
            traceback.print_exc(file=sys.stderr)
        return EXIT_INTERNAL


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} (claimcheck-news) {__version__}")
        raise typer.Exit(EXIT_OK)


# --- settings shared by the commands ----------------------------------------------------------------


def parse_severity_overrides(items: Sequence[str]) -> dict[str, str]:
    """`--severity CC101=medium` pairs; anything else is an input error naming the bad item."""
    out: dict[str, str] = {}
    for item in items:
        rule, sep, severity = item.partition("=")
        rule, severity = rule.strip(), severity.strip().lower()
        if not sep or not rule or severity not in SEVERITIES:
            raise InputError(f"--severity {item!r}: expected RULE=SEVERITY with SEVERITY one of "
                             f"{', '.join(SEVERITIES)}")
        out[rule] = severity
    return out


def _has_rule_refs(config: Config) -> bool:
    return bool(config.select or config.ignore or config.severity or config.rule_options)


def _settings(config_file: Optional[Path], **cli_values) -> Config:
    """Config file (explicit or discovered from the current folder) with the CLI values on top.

    When the settings name rules, the rules are loaded to refuse unknown names (a misspelt id in
    select would silently select nothing) and every reference is spelt as the exact rule id, so
    `cc101` or a rule's name works the same in every consumer.
    """
    cli_values["severity"] = parse_severity_overrides(cli_values.get("severity") or [])
    file_config = load_config(explicit=config_file)
    config = with_overrides(file_config, **cli_values)
    if not _has_rule_refs(config):
        return config
    rules = _load_rules(config)
    _refuse_unknown_rules(file_config, cli_values, rules)
    return resolve_rule_refs(file_config, rules, **cli_values)


def _refuse_unknown_rules(file_config: Config, cli_values: dict, rules: list) -> None:
    """Name where each unknown reference came from: the config file or a command-line option."""
    given = Config(select=tuple(cli_values.get("select") or ()), ignore=tuple(cli_values.get("ignore") or ()),
                   severity=cli_values.get("severity") or {})
    problems = [f"{file_config.source}: {u}" for u in unknown_rule_refs(file_config, rules)]
    problems += [f"--{u}" for u in unknown_rule_refs(given, rules)]
    if problems:
        raise InputError(f"unknown rule(s): {'; '.join(problems)} (run 'check rules' to list them)")


def _load_rules(config: Config) -> list:
    from checker import rulekit

    return rulekit.load_rules(config.rules_dirs)


# --- thresholds -------------------------------------------------------------------------------------


# --- output -----------------------------------------------------------------------------------------


def _console(no_color: bool):
    """A stdout console that detects TTY/NO_COLOR/FORCE_COLOR itself; --no-color or NO_COLOR mean no
    escape codes at all (rich's own NO_COLOR handling still emits bold and underline)."""
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:  # rich would exit 1 here, which means "findings" to us
            self.quiet = True
            raise BrokenPipeError

    if no_color or os.environ.get("NO_COLOR"):
        return PipeConsole(color_system=None, highlight=False)
    return PipeConsole(highlight=False)


def _emit(report: Report, fmt: Format, output: Optional[Path], no_color: bool) -> None:
    """Render fully (or into the temporary file) before replacing the output file, so a render error
    leaves the old file intact; on stdout, render fully before writing anything."""
    from checker.render import render

    if output is not None and fmt is Format.json:
        from checker.render.jsonreport import iter_json

        _write_output(output, iter_json(report))  # a big corpus's report is written as it is encoded
    elif output is not None:
        text = render(report, fmt.value)  # text without a console: plain, 120 columns
        _write_output(output, text or "")
    elif fmt is Format.text:
        render(report, fmt.value, console=_console(no_color))
    else:
        _write_stdout(render(report, fmt.value) or "")


def _write_output(output: Path, text: str | Iterable[str]) -> None:
    from checker.atomic import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise InputError(f"{output}: cannot write output: {exc.strerror or exc}") from None


def _write_stdout(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _check_output_folder(output: Optional[Path]) -> None:
    """Fail before the (slow) pipeline rather than after it."""
    if output is None:
        return
    if output.is_dir():
        raise InputError(f"{output}: --output is a folder")
    if not output.parent.is_dir():
        raise InputError(f"{output}: cannot write output: folder {output.parent} does not exist")


def _silence_stdout() -> None:
    """After a broken pipe (`check ... | head`), point stdout at devnull so exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# --- the check command ------------------------------------------------------------------------------

check_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"]})


def run_check(paths: Sequence[str], config: Config, *, fmt: Format, output: Optional[Path],
              no_color: bool, quiet: bool, reviews: Optional[Path] = None, show_dismissed: bool = False,
              no_reviews: bool = False, jobs: Optional[int] = None, engine: str = "local",
              scheduler: Optional[str] = None, progress: bool = True, progress_console=None) -> int:
    """The body of `check PATH...`: run the pipeline, print warnings and output, apply thresholds.

    `jobs` None = every CPU this process may use. The progress display (checker.progress) goes to
    `progress_console` (default: stderr) and only when that is an interactive terminal; it is gone
    before warnings and the report are printed.
    """
    from checker.engines import default_jobs, require_engine
    from checker.progress import progress_display

    require_engine(engine)  # a missing dask is a usage error before any work (check_corpus checks again)
    _check_output_folder(output)
    store_path, decisions = _reviews_for_check(paths, config, reviews, no_reviews)
    pipeline = importlib.import_module("checker.pipeline")  # lazy: tests inject a stub module here
    kwargs = {} if decisions is None else {"reviews": decisions, "show_dismissed": show_dismissed,
                                           "reviews_path": str(store_path)}
    with progress_display(progress, progress_console) as on_progress:
        run_options = {"jobs": jobs or default_jobs(), "engine": engine, "scheduler": scheduler,
                       "progress": on_progress}
        report, warnings = pipeline.check_corpus(list(paths), config, **kwargs, **run_options)
    if not quiet:
        for warning in warnings:
            _stderr(f"warning: {warning}")
        if report.stale_reviews:
            _stderr(f"warning: {stale_warning(len(report.stale_reviews))}")
    reasons = threshold_failures(report, config)
    try:
        _emit(report, fmt, output, no_color)
    except BrokenPipeError:
        _silence_stdout()
    if reasons:
        _stderr("failing: " + "; ".join(reasons))
        return EXIT_FAIL
    return EXIT_OK


def stale_warning(n: int) -> str:
    if n == 1:
        return "1 decision refers to a finding that no longer appears (see --format json 'reviews.stale')"
    return f"{n} decisions refer to findings that no longer appear (see --format json 'reviews.stale')"


def _reviews_for_check(paths: Sequence[str], config: Config, reviews: Optional[Path],
                       no_reviews: bool) -> tuple[Optional[Path], Optional[list[Review]]]:
    """The review store for `check PATH...` and its decisions; (None, None) means run without reviews.

    An explicit store (--reviews, or `reviews` in the config) must exist; the default one next to the
    corpus is used only when it exists, and is never created by a check.
    """
    from checker.reviews import default_reviews_path, read_reviews

    if no_reviews:
        if reviews is not None:
            raise InputError("--reviews and --no-reviews exclude each other")
        return None, None
    explicit = reviews if reviews is not None else config.reviews_path
    if explicit is not None:
        return explicit, read_reviews(explicit)
    default = default_reviews_path(paths)
    if not default.exists():
        return None, None
    return default, read_reviews(default)


class Engine(str, Enum):
    local = "local"
    dask = "dask"


JobsOpt = Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, metavar="N", show_default=False,
                                                help="Processes for the per-document stages (default: every "
                                                     "CPU; 1 = no worker processes; with --engine dask: "
                                                     "workers of the local cluster).")]
EngineOpt = Annotated[Engine, typer.Option("--engine", help="Where the work runs: 'local' (this machine, "
                                           "--jobs processes) or 'dask' (a Dask cluster; needs the "
                                           "'dask' extra). The report is the same.")]
SchedulerOpt = Annotated[Optional[str], typer.Option("--scheduler", metavar="ADDRESS", show_default=False,
                                                     help="With --engine dask: the scheduler of an existing "
                                                          "cluster, e.g. tcp://10.0.0.5:8786 (default: a "
                                                          "local cluster of --jobs workers).")]
NoProgressOpt = Annotated[bool, typer.Option("--no-progress", help="No progress display (it is shown "
                                             "only on a terminal, for runs over a second).")]


@check_app.command(epilog=EXIT_CODES_HELP)
def check(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", show_default=False,
                                               help="Article files or folders of one story.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", dir_okay=False,
                                                   help="Write the report here (atomically) instead of stdout.")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Exit 1 if a finding has at least this "
                                                      "severity ('none' switches off the config's).")] = None,
    min_score: Annotated[Optional[float], typer.Option("--min-score", min=0.0, max=1.0, metavar="FLOAT",
                                                       help="Exit 1 if a source's reliability score is below this.")] = None,
    min_confidence: Annotated[Optional[float], typer.Option("--min-confidence", min=0.0, max=1.0, metavar="FLOAT",
                                                            help="Findings below this confidence do not count "
                                                                 "for --fail-on.")] = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", metavar="RULE",
                                                        help="Run only these rules (id or name; repeatable).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", metavar="RULE",
                                                        help="Skip these rules (repeatable).")] = None,
    severity: Annotated[Optional[list[str]], typer.Option("--severity", metavar="RULE=SEV",
                                                          help="Override a rule's severity (repeatable).")] = None,
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", metavar="DIR",
                                                        help="Also load rule modules from this folder (repeatable).")] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", metavar="FILE",
                                                        help="Settings file (default: nearest pyproject.toml "
                                                             "with [tool.checker]).")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour or styles in text output.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not print warnings.")] = False,
    reviews: Annotated[Optional[Path], typer.Option("--reviews", metavar="PATH",
                                                    help="Editors' review store (default: "
                                                         "<folder>/.claimcheck/reviews.sqlite next to the "
                                                         "articles, used only if it exists).")] = None,
    show_dismissed: Annotated[bool, typer.Option("--show-dismissed",
                                                 help="Also show findings an editor dismissed (they still "
                                                      "do not count for --fail-on or scores).")] = False,
    no_reviews: Annotated[bool, typer.Option("--no-reviews", help="Ignore editors' decisions.")] = False,
    jobs: JobsOpt = None,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    no_progress: NoProgressOpt = False,
    version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Check news articles about one story for conflicting claims and score each source."""

    def body() -> int:
        config = _settings(config_file, select=select, ignore=ignore, severity=severity, rules_dirs=rules,
                           fail_on=fail_on.value if fail_on else None, min_score=min_score,
                           min_confidence=min_confidence)
        return run_check(paths, config, fmt=fmt, output=output, no_color=no_color, quiet=quiet,
                         reviews=reviews, show_dismissed=show_dismissed, no_reviews=no_reviews,
                         jobs=jobs, engine=engine.value, scheduler=scheduler, progress=not no_progress)

    raise typer.Exit(_guarded(body))


# --- explain and rules ------------------------------------------------------------------------------

sub_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                      no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})


def find_rule(rules: list, ref: str):
    """The rule whose id or name is `ref` (case-insensitive), else an input error with a suggestion."""
    import difflib

    for r in rules:
        if ref.casefold() in (r.id.casefold(), r.name.casefold()):
            return r
    names = [r.id for r in rules] + [r.name for r in rules]
    close = difflib.get_close_matches(ref, names, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise InputError(f"unknown rule {ref!r}; {hint}run 'check rules' to list them")


def fixture_cases(rule) -> list[str]:
    """Names of the case folders under fixtures/<RULE_ID>-<name>/ (or fixtures/<RULE_ID>/), looked for
    beside the rule module and the package and in the source checkout; empty when there are none."""
    import checker

    package = Path(checker.__file__).resolve().parent
    module = Path(rule.path).resolve().parent
    for base in dict.fromkeys((module / "fixtures", module.parent / "fixtures", package / "fixtures",
                               package.parent / "fixtures")):
        for folder in (base / f"{rule.id}-{rule.name}", base / rule.id):
            if folder.is_dir():
                return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    return []


def explain_text(rule, config: Config) -> str:
    lines = [f"{rule.id} {rule.name}", f"kind: {rule.kind}", f"default severity: {rule.severity}"]
    effective = rule_severity(config, rule.id, rule.name, rule.severity)
    if effective != rule.severity:
        lines.append(f"configured severity: {effective}")
    if not rule_enabled(config, rule.id, rule.name):
        lines.append("disabled by the configuration (select/ignore)")
    lines += ["", rule.doc.strip()]
    cases = fixture_cases(rule)
    if cases:
        lines += ["", f"Fixture cases ({len(cases)}): " + ", ".join(cases)]
    return "\n".join(lines) + "\n"


def rules_table(rules: list, config: Config) -> str:
    """One aligned line per rule: id, name, effective severity, on/off, description."""
    rows = [("ID", "NAME", "SEVERITY", "ENABLED", "DESCRIPTION")]
    for r in rules:
        rows.append((r.id, r.name, rule_severity(config, r.id, r.name, r.severity),
                     "yes" if rule_enabled(config, r.id, r.name) else "no", r.description))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "".join("  ".join(c.ljust(w) for c, w in zip(row[:4], widths)) + "  " + row[4] + "\n" for row in rows)


RulesOpt = Annotated[Optional[list[Path]], typer.Option("--rules", metavar="DIR", help="Extra rule folder.")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", metavar="FILE", help="Settings file.")]


@sub_app.command("explain", epilog=SUB_EXIT_CODES_HELP)
def explain(rule: Annotated[str, typer.Argument(metavar="RULE", help="Rule id or name.")],
            rules: RulesOpt = None, config_file: ConfigOpt = None) -> None:
    """Print a rule's id, name, kind, default severity, documentation and fixture cases."""

    def body() -> int:
        config = _settings(config_file, rules_dirs=rules)
        _write_stdout(explain_text(find_rule(_load_rules(config), rule), config))
        return EXIT_OK

    raise typer.Exit(_guarded(body))


@sub_app.command("rules", epilog=SUB_EXIT_CODES_HELP)
def list_rules(
    rules: RulesOpt = None, config_file: ConfigOpt = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", metavar="RULE")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", metavar="RULE")] = None,
    severity: Annotated[Optional[list[str]], typer.Option("--severity", metavar="RULE=SEV")] = None,
) -> None:
    """List all rules with their effective severity and whether the configuration enables them."""

    def body() -> int:
        config = _settings(config_file, select=select, ignore=ignore, severity=severity, rules_dirs=rules)
        _write_stdout(rules_table(_load_rules(config), config))
        return EXIT_OK

    raise typer.Exit(_guarded(body))


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


ReviewsOpt = Annotated[Optional[Path], typer.Option("--reviews", metavar="PATH",
                                                    help="Review store (default: <folder>/.claimcheck/"
                                                         "reviews.sqlite next to the articles).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Do not print warnings.")]
ListFormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]


def default_reviewer() -> str:
    """$CHECKER_REVIEWER, else the OS user name, else empty."""
    name = os.environ.get("CHECKER_REVIEWER", "").strip()
    if name:
        return name
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user entry (some containers): record no name rather than fail
        return ""


def _store_path(paths: Sequence[str] | None, reviews: Optional[Path], config: Config) -> Path:
    """--reviews, else the config's `reviews`, else the default next to the articles."""
    from checker.reviews import default_reviews_path

    if reviews is not None:
        return reviews
    if config.reviews_path is not None:
        return config.reviews_path
    if not paths:
        raise InputError("give the articles' PATHS or --reviews PATH to say which review store to use")
    return default_reviews_path(paths)


def _run_pipeline(paths: Sequence[str], config: Config, quiet: bool, **kwargs) -> Report:
    pipeline = importlib.import_module("checker.pipeline")
    report, warnings = pipeline.check_corpus(list(paths), config, **kwargs)
    if not quiet:
        for warning in warnings:
            _stderr(f"warning: {warning}")
    return report


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
                      _one_line(f.summary)))
        if r is not None and r.note:
            notes[len(table) - 1] = _one_line(r.note)
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
            what = f"{r.rule}: {_one_line(r.summary)}" if r.summary else (r.rule or "")
            lines.append(f"  {r.state:<10} {r.finding_id}  {r.reviewer or '–'}  {r.decided_at}  {what}".rstrip())
            if r.note:
                lines.append(f"  {'':<10} note: {_one_line(r.note)}")
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
        from checker.reviews import default_reviews_path, read_reviews

        config = _settings(config_file, rules_dirs=rules)
        path = _store_path(paths, reviews, config)
        explicit = reviews is not None or config.reviews_path is not None
        store = path if explicit or path.exists() else None
        decisions = read_reviews(path) if store is not None else []
        report = _run_pipeline(paths, config, quiet, reviews=decisions, show_dismissed=True,
                               reviews_path=str(store) if store is not None else None)
        rows, stale = review_rows(report, state.value if state else None)
        if fmt is ListFormat.json:
            doc = {"reviews_path": str(store) if store is not None else None,
                   "findings": [{"id": f.id, "rule": f.rule, "severity": f.severity,
                                 "confidence": round(float(f.confidence), 4), "summary": f.summary,
                                 "state": st, "review": review_dict(f.review, snapshot=False) if f.review else None}
                                for f, st in rows],
                   "stale": [review_dict(r) for r in stale]}
            _write_stdout(json.dumps(doc, ensure_ascii=False, indent=2))
        else:
            _write_stdout(review_list_text(report, rows, stale, store, default_reviews_path(paths)))
        return EXIT_OK

    raise typer.Exit(_guarded(body))


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
        from checker.reviews import ReviewStore

        config = _settings(config_file, rules_dirs=rules)
        path = _store_path(paths, reviews, config)
        if path.exists():  # a file that is not a review store fails before the (slow) run
            ReviewStore.open(path, create=False).close()
        rule = summary = ""
        if paths:
            report = _run_pipeline(paths, config, quiet)
            found = {f.id: f for f in report.findings + report.hidden}
            finding = found.get(finding_id)
            if finding is None:
                raise InputError(_unknown_finding(finding_id, list(found)))
            rule, summary = finding.rule, finding.summary
        who = reviewer if reviewer is not None else default_reviewer()
        with ReviewStore.open(path) as store:  # created (with its folder) on the first decision
            decision = store.decide(finding_id, state.value, note=note, reviewer=who, rule=rule, summary=summary)
        if not paths and not quiet:
            _stderr(f"warning: {finding_id} was not checked against the articles (give PATHS to check it); "
                    "recorded as given")
        if fmt is ListFormat.json:
            _write_stdout(json.dumps({**review_dict(decision), "reviews_path": str(path)}, ensure_ascii=False,
                                     indent=2))
        else:
            by = f" by {decision.reviewer}" if decision.reviewer else ""
            text = f"{decision.finding_id}: {decision.state}{by} at {decision.decided_at}"
            if decision.note:
                text += f" — {_one_line(decision.note)}"
            _write_stdout(f"{text}\n(stored in {path})")
        return EXIT_OK

    raise typer.Exit(_guarded(body))


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
        from checker.reviews import ReviewStore

        _check_output_folder(output)
        config = _settings(config_file)
        path = _store_path(paths, reviews, config)
        with ReviewStore.open(path, create=False) as store:
            decisions = store.history() if history else store.all()
        text = export_text(decisions, fmt, path, history)
        if output is not None:
            _write_output(output, text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
        return EXIT_OK

    raise typer.Exit(_guarded(body))


# --- serve: the local review app -------------------------------------------------------------------

SERVE_EXIT_CODES_HELP = """\
Exit codes: 0 stopped with Ctrl-C or SIGTERM; 2 usage or input error (missing path, no readable
articles, bad config, a file that is not a review store, port not available); 3 internal error
(set CHECKER_DEBUG=1 for the traceback).
"""


@sub_app.command("serve", epilog=SERVE_EXIT_CODES_HELP)
def serve(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", show_default=False,
                                               help="Article files or folders of one story.")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but a loopback "
                                                     "address lets other machines read the articles and "
                                                     "record decisions (there is no login): see "
                                                     "docs/serve.md.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                      help="Port to listen on; 0 picks a free one.")] = 8765,
    reviews: ReviewsOpt = None,
    show_dismissed: Annotated[bool, typer.Option("--show-dismissed", help="Show dismissed findings among the "
                                                                          "others (marked as such).")] = False,
    rules: RulesOpt = None, config_file: ConfigOpt = None, quiet: QuietOpt = False,
) -> None:
    """Serve the HTML report with a decision form per finding on http://127.0.0.1:8765/ (printed on
    stdout) until Ctrl-C. Decisions go to the review store (created on the first one)."""
    import signal
    import threading

    stopping = threading.Event()  # a stop was asked for while starting

    def body() -> int:
        from checker import serve as review_app_module
        from checker.reviews import ReviewStore

        config = _settings(config_file, rules_dirs=rules)
        path = _store_path(paths, reviews, config)
        if path.exists():  # a file that is not a review store fails before the (slow) run
            ReviewStore.open(path, create=False).close()
        report = _run_pipeline(paths, config, quiet)

        def log(message: str) -> None:
            if not quiet or message.startswith("error"):
                _stderr(message)

        session = review_app_module.ReviewSession(paths, config, path, show_dismissed=show_dismissed,
                                                  report=report, default_reviewer=default_reviewer(), log=log)
        return review_app_module.serve(session, host=host, port=port, stopping=stopping)

    def stoppable() -> int:
        """Ctrl-C or SIGTERM while starting (before the server loop handles them) is a clean stop too.

        Both set a flag that `serve` checks before it listens. Ctrl-C also raises KeyboardInterrupt, to
        stop the run at once as usual (the flag covers an exception swallowed inside a `__del__`);
        SIGTERM does not raise, so it never interrupts anything half-way: start-up ends, then it stops."""

        def stop_while_starting(signum, frame):
            stopping.set()
            if signum == signal.SIGINT:
                raise KeyboardInterrupt

        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                previous[sig] = signal.signal(sig, stop_while_starting)
        try:
            return body()
        except KeyboardInterrupt:
            _stderr("stopped")
            return EXIT_OK
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    raise typer.Exit(_guarded(stoppable))


# --- entry point ------------------------------------------------------------------------------------


def app_for(args: Sequence[str]) -> typer.Typer:
    """The sub-app when the first argument names a subcommand, else the check command."""
    return sub_app if args and args[0] in SUBCOMMANDS else check_app


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (the script wrapper passes it to sys.exit)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app_for(args)(args=args, prog_name=PROG)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_USAGE)
    except KeyboardInterrupt:  # during argument parsing, outside any command body
        _stderr("interrupted")
        return EXIT_INTERRUPTED
    return EXIT_OK


from checker import cli_store  # noqa: E402,F401 - registers `ingest` and `gate` on sub_app
