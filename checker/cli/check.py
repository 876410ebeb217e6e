"""`check PATH...`: the main command, which checks a story's articles and reports."""

from __future__ import annotations

import importlib
import os
from dataclasses import replace
from enum import Enum
from glob import escape as glob_escape
from pathlib import Path
from typing import Annotated, Optional, Sequence

import typer

from checker.cli import usage
from checker.cli.common import (EXIT_CODES_HELP, EXIT_FAIL, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, SUBCOMMANDS, FailOn,
                                Format, check_output_folder, config_for, emit_report, far_date_warnings, guarded,
                                is_input_problem, silence_stdout, stderr_line, version_callback, write_output,
                                write_stdout)
from checker.config import Config
from checker.judging.thresholds import threshold_failures, with_default_threshold
from checker.model import InputError, Review

# --- the check command ------------------------------------------------------------------------------

check_app = typer.Typer(add_completion=True, pretty_exceptions_enable=False, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"]})


def run_check(paths: Sequence[str], config: Config, *, fmt: Format, output: Optional[Path],
              no_color: bool, quiet: bool, reviews: Optional[Path] = None, show_dismissed: bool = False,
              no_reviews: bool = False, jobs: Optional[int] = None, engine: str = "local",
              scheduler: Optional[str] = None, progress: bool = True, progress_console=None,
              exit_zero: bool = False, statistics: bool = False, verbose: bool = False,
              strict: bool = False) -> int:
    """The body of `check PATH...`: run the pipeline, print warnings and output, apply thresholds.

    `jobs` None = every CPU this process may use. The progress display (checker.running.progress) goes to
    `progress_console` (default: stderr) and only when that is an interactive terminal; it is gone
    before warnings and the report are printed. A path '-' reads one article (or JSON Lines) from stdin.
    Exit 1 when a threshold fails (with none configured: a finding at or above 'high'), unless
    `exit_zero`. `statistics` prints counts per rule instead of the report. `strict`: exit 2 (after the
    report) when an article was skipped or a limit was hit. `verbose` also notes files not in UTF-8.
    """
    from checker.running.engines import default_jobs, require_engine
    from checker.running.progress import progress_display

    require_engine(engine)  # a missing dask is a usage error before any work (check_corpus checks again)
    check_output_folder(output)
    store_path, decisions = _reviews_for_check(paths, config, reviews, no_reviews)
    pipeline = importlib.import_module("checker.running.pipeline")  # lazy: tests inject a stub module here
    kwargs = {} if decisions is None else {"reviews": decisions, "show_dismissed": show_dismissed,
                                           "reviews_path": str(store_path)}
    if "-" in paths:
        import sys

        kwargs["stdin"] = sys.stdin.read()
    with progress_display(progress, progress_console) as on_progress:
        run_options = {"jobs": jobs or default_jobs(), "engine": engine, "scheduler": scheduler,
                       "progress": on_progress}
        report, warnings = pipeline.check_corpus(list(paths), config, **kwargs, **run_options)
    far = far_date_warnings(report.sources)
    if far:  # in the report's warnings too, so every format shows them
        warnings = [*warnings, *far]
        report = replace(report, warnings=(*report.warnings, *far))
    if not quiet:
        for warning in warnings:
            stderr_line(f"warning: {warning}")
        if report.stale_reviews:
            stderr_line(f"warning: {stale_warning(len(report.stale_reviews))}")
    if verbose and not quiet:
        for note in encoding_notes(report.sources):
            stderr_line(f"note: {note}")
    reasons = threshold_failures(report, with_default_threshold(config))
    try:
        if statistics:
            text = statistics_text(report, fmt)
            write_output(output, text) if output is not None else write_stdout(text)
        else:
            emit_report(report, fmt, output, no_color, verbose=verbose)
    except BrokenPipeError:
        silence_stdout()
    problems = [w for w in warnings if is_input_problem(w)]
    if strict and problems:
        n = len(problems)
        stderr_line(f"error: {n} input problem{'s' * (n != 1)} (skipped articles or limits hit; see the "
                    f"warnings): failing because of --strict")
        return EXIT_USAGE
    for error in report.rule_errors:  # the other rules' findings are in the report written above
        stderr_line(f"internal error: {error}; the report lacks this rule's findings")
    if report.rule_errors:
        return EXIT_INTERNAL
    if reasons and not exit_zero:
        stderr_line("failing: " + "; ".join(reasons))
        return EXIT_FAIL
    return EXIT_OK


def encoding_notes(sources) -> list[str]:
    """`<file>: decoded as cp1252 (confidence 0.98)` for each article that was not plain UTF-8."""
    return [f"{s.path or s.id}: decoded as {s.metadata.encoding} (confidence {s.metadata.encoding_confidence:.2f})"
            for s in sources if s.metadata.encoding]


def statistics_text(report, fmt: Format) -> str:
    """Findings counted per rule, most first (`--statistics`): aligned text, or JSON with --format json."""
    import json
    from collections import Counter

    counts = Counter(f.rule for f in report.findings)
    rules = {r.id: r for r in report.rules}
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt is Format.json:
        return json.dumps([{"rule": rid, "name": rules[rid].name if rid in rules else "",
                            "severity": rules[rid].severity if rid in rules else "", "count": n}
                           for rid, n in rows], indent=2) + "\n"
    if not rows:
        return "no findings\n"
    width = max(len(str(n)) for _, n in rows)
    return "".join(f"{n:>{width}}  {rid}  {rules[rid].name if rid in rules else ''}"
                   f"  [{rules[rid].severity if rid in rules else ''}]\n" for rid, n in rows)


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
    from checker.storage.reviews import default_reviews_path, read_reviews

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


REPORT_HELP = """\
The text report: a summary line; the findings, most severe first, each with its rule, the values
side by side (A ≠ B), the quoted sentences under each value, and whether the reports describe the same
event; then the sources ranked by reliability. Severity: how much a conflict would matter (high,
medium, low, info). Confidence (0-100%): how sure the rule is, lowered when the reports may be about
different events. Finding ids (CC101-57fac499e3f2) are stable across runs: 'check review decide' takes
them. Claims corroborated/contradicted/uncorroborated: confirmed by another source, set against
another source's, said by this source alone. A score in [0, 1] is a weighted mean of corroboration
(claims other trusted sources confirm), consistency (how little it is contradicted), attribution (named
rather than anonymous sources), specificity (date, people, place, numbers) and hygiene (no page
furniture or garbled words); each line shows the value, the weight (x0.30) and the evidence.
"""


def complete_path(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of the first word: the subcommands, then files and folders (a folder with a
    trailing "/"); later words: files and folders."""
    from glob import glob

    first = not ctx.params.get("paths")
    names = [c for c in SUBCOMMANDS if c.startswith(incomplete)] if first else []
    paths = sorted(p + "/" if os.path.isdir(p) else p for p in glob(glob_escape(incomplete) + "*"))
    return names + paths


@check_app.command(cls=usage.Command, epilog=REPORT_HELP + "\n" + EXIT_CODES_HELP)
def check(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", show_default=False, autocompletion=complete_path,
                                               help="Article files or folders of one story; '-' reads one "
                                                    "article (or JSON Lines) from stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Report format: text (for people), json, "
                                        "markdown, html (one self-contained page), jsonl, sarif, concise "
                                        "(one line per finding), github (workflow annotations).")] = Format.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", dir_okay=False,
                                                   help="Write the report here (atomically) instead of stdout.")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Exit 1 if a finding has at least this "
                                                      "severity (default: high, unless --min-score is set; "
                                                      "'none': never).")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings or scores fail the "
                                            "thresholds (a report only; errors still exit 2 or 3).")] = False,
    min_score: Annotated[Optional[float], typer.Option("--min-score", min=0.0, max=1.0, metavar="FLOAT",
                                                       help="Exit 1 if a source's reliability score is below this.")] = None,
    min_confidence: Annotated[Optional[float], typer.Option("--min-confidence", min=0.0, max=1.0, metavar="FLOAT",
                                                            help="Findings below this confidence do not count "
                                                                 "for --fail-on.")] = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", metavar="RULE",
                                                        help="Run only these rules: id, name, id prefix "
                                                             "(CC1) or ALL; repeatable.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", metavar="RULE",
                                                        help="Skip these rules (id, name, prefix or ALL; "
                                                             "repeatable; beats --select).")] = None,
    severity: Annotated[Optional[list[str]], typer.Option("--severity", metavar="RULE=SEV",
                                                          help="Override a rule's severity (repeatable).")] = None,
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", metavar="DIR",
                                                        help="Also load rule modules from this folder (repeatable).")] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", metavar="FILE",
                                                        help="Settings file (default: nearest pyproject.toml "
                                                             "with [tool.checker]).")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour or styles in text output.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not print warnings.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Text report: also claim ids, character "
                                          "offsets and normalised values; on stderr, how files not in UTF-8 "
                                          "were decoded.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 2 (after the report) when an article was "
                                         "skipped or an input limit was hit.")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Print how many findings each rule "
                                             "reported instead of the report (JSON with --format json).")] = False,
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
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Check news articles about one story for conflicting claims and score each source."""

    def body() -> int:
        config = config_for(config_file, select=select, ignore=ignore, severity=severity, rules_dirs=rules,
                           fail_on=fail_on.value if fail_on else None, min_score=min_score,
                           min_confidence=min_confidence)
        return run_check(paths, config, fmt=fmt, output=output, no_color=no_color, quiet=quiet,
                         reviews=reviews, show_dismissed=show_dismissed, no_reviews=no_reviews,
                         jobs=jobs, engine=engine.value, scheduler=scheduler, progress=not no_progress,
                         exit_zero=exit_zero, statistics=statistics, verbose=verbose, strict=strict)

    raise typer.Exit(guarded(body))


