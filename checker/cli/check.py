"""`check PATH...`: the main command, which checks a story's articles and reports."""

from __future__ import annotations

import importlib
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional, Sequence

import typer

from checker.cli.common import (EXIT_CODES_HELP, EXIT_FAIL, EXIT_OK, FailOn, Format, check_output_folder, config_for,
                                emit_report, guarded, silence_stdout, stderr_line, version_callback)
from checker.config import Config
from checker.judging.thresholds import threshold_failures
from checker.model import InputError, Review

# --- the check command ------------------------------------------------------------------------------

check_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"]})


def run_check(paths: Sequence[str], config: Config, *, fmt: Format, output: Optional[Path],
              no_color: bool, quiet: bool, reviews: Optional[Path] = None, show_dismissed: bool = False,
              no_reviews: bool = False, jobs: Optional[int] = None, engine: str = "local",
              scheduler: Optional[str] = None, progress: bool = True, progress_console=None) -> int:
    """The body of `check PATH...`: run the pipeline, print warnings and output, apply thresholds.

    `jobs` None = every CPU this process may use. The progress display (checker.running.progress) goes to
    `progress_console` (default: stderr) and only when that is an interactive terminal; it is gone
    before warnings and the report are printed.
    """
    from checker.running.engines import default_jobs, require_engine
    from checker.running.progress import progress_display

    require_engine(engine)  # a missing dask is a usage error before any work (check_corpus checks again)
    check_output_folder(output)
    store_path, decisions = _reviews_for_check(paths, config, reviews, no_reviews)
    pipeline = importlib.import_module("checker.running.pipeline")  # lazy: tests inject a stub module here
    kwargs = {} if decisions is None else {"reviews": decisions, "show_dismissed": show_dismissed,
                                           "reviews_path": str(store_path)}
    with progress_display(progress, progress_console) as on_progress:
        run_options = {"jobs": jobs or default_jobs(), "engine": engine, "scheduler": scheduler,
                       "progress": on_progress}
        report, warnings = pipeline.check_corpus(list(paths), config, **kwargs, **run_options)
    if not quiet:
        for warning in warnings:
            stderr_line(f"warning: {warning}")
        if report.stale_reviews:
            stderr_line(f"warning: {stale_warning(len(report.stale_reviews))}")
    reasons = threshold_failures(report, config)
    try:
        emit_report(report, fmt, output, no_color)
    except BrokenPipeError:
        silence_stdout()
    if reasons:
        stderr_line("failing: " + "; ".join(reasons))
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
                         jobs=jobs, engine=engine.value, scheduler=scheduler, progress=not no_progress)

    raise typer.Exit(guarded(body))


