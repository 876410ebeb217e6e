"""What every `check` command shares: exit codes, one-line errors on stderr, settings from the
configuration and the options, writing output, and the review store's location.

Every command body runs inside `guarded`, which turns exceptions into the documented exit codes, so a
crash never exits 1 (which means "findings") and never prints a traceback unless asked to.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Iterable, Optional, Sequence

import typer

from checker import __version__
from checker.cli import usage
from checker.config import (Config, load_config, resolve_rule_refs, unknown_rule_options, unknown_rule_refs,
                            with_overrides)
from checker.model import SEVERITIES, InputError, Report

PROG = "check"
SUBCOMMANDS = ("explain", "rules", "review", "serve", "ingest", "gate")

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

EXIT_CODES_HELP = """\
Exit codes: 0 nothing reaches the thresholds (or --exit-zero); 1 a finding reaches --fail-on (default
high; confidence at least --min-confidence) or a source scores below --min-score, as a linter exits 1
on findings; 2 usage or input error (missing path, no
readable articles, bad config, bad rules folder, a full disk; with --strict, a skipped article or a
limit hit); 3 internal error (set CHECKER_DEBUG=1 for the
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
    concise = "concise"
    github = "github"


class FailOn(str, Enum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    none = "none"  # switch off a fail-on from the config file


# --- small I/O helpers ------------------------------------------------------------------------------


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def stderr_line(message: str) -> None:
    """One `check: ...` line on stderr; stdout stays clean for the report. Control characters (from file
    names or article text in the message) are escaped, never sent to the terminal raw."""
    from checker.render.common import printable

    typer.echo(f"{PROG}: {printable(one_line(message))}", err=True)


def guarded(action: Callable[[], int]) -> int:
    """Run a command body and map what escapes it to an exit code (see EXIT_CODES_HELP)."""
    try:
        return action()
    except InputError as exc:
        stderr_line(f"error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        stderr_line("interrupted")
        return EXIT_INTERRUPTED
    except OSError as exc:
        if exc.errno not in WRITE_ERRNOS:
            return _internal(exc)
        silence_stdout()  # what is still buffered for stdout would fail again at exit
        stderr_line(f"error: cannot write: {exc.strerror or exc}")
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the whole point is to catch what nobody expected
        return _internal(exc)


# A full disk, a quota, an I/O error, a read-only file system: the user's problem to fix (exit 2), not a bug.
WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EROFS}


def _internal(exc: BaseException) -> int:
    from checker.judging.kit import RuleError

    detail = f": {exc}" if str(exc) else ""
    if isinstance(exc, RuleError):  # a bug in one rule; the message names its file and line
        stderr_line(f"internal error: {exc}")
    elif getattr(exc, "stage", None):  # checker.running.pipeline.StageError: names its stage and articles
        stderr_line(f"internal error: {exc} (please report this)")
    else:
        stderr_line(f"internal error: {type(exc).__name__}{detail} (please report this)")
    if os.environ.get("CHECKER_DEBUG") == "1":
        traceback.print_exc(file=sys.stderr)
    return EXIT_INTERNAL


def version_callback(value: bool) -> None:
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


def config_for(config_file: Optional[Path], **cli_values) -> Config:
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
    rules = load_rules_for(config)
    _refuse_unknown_rules(file_config, cli_values, rules)
    resolved = resolve_rule_refs(file_config, rules, **cli_values)
    bad_options = unknown_rule_options(resolved, rules)
    if bad_options:
        raise InputError(f"{file_config.source}: {'; '.join(bad_options)}")
    return resolved


def _refuse_unknown_rules(file_config: Config, cli_values: dict, rules: list) -> None:
    """Name where each unknown reference came from: the config file or a command-line option."""
    given = Config(select=tuple(cli_values.get("select") or ()), ignore=tuple(cli_values.get("ignore") or ()),
                   severity=cli_values.get("severity") or {})
    problems = [f"{file_config.source}: {u}" for u in unknown_rule_refs(file_config, rules)]
    problems += [f"--{u}" for u in unknown_rule_refs(given, rules)]
    if problems:
        raise InputError(f"unknown rule(s): {'; '.join(problems)} (run 'check rules' to list them)")


def load_rules_for(config: Config) -> list:
    from checker.judging import kit as rulekit

    return rulekit.load_rules(config.rules_dirs)


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


def emit_report(report: Report, fmt: Format, output: Optional[Path], no_color: bool, verbose: bool = False) -> None:
    """Render fully (or into the temporary file) before replacing the output file, so a render error
    leaves the old file intact; on stdout, render fully before writing anything."""
    from checker.render import render

    if is_stdout(output):
        output = None  # `-o -`: standard output, rendered as without -o
    if output is not None and fmt is Format.json:
        from checker.render.jsonreport import iter_json

        from checker.render.common import encodable

        write_output(output, map(encodable, iter_json(report)))  # written as it is encoded
    elif output is not None:
        text = render(report, fmt.value, verbose=verbose)  # text without a console: plain, 120 columns
        write_output(output, text or "")
    elif fmt is Format.text:
        render(report, fmt.value, console=_console(no_color), verbose=verbose)
    else:
        write_stdout(render(report, fmt.value) or "")


def far_date_warnings(sources) -> list[str]:
    """One warning per date written with a year the tool does not read ("March 3, 9999"): the date
    was left out of the claims rather than moved to another year, and the reader should know."""
    from checker.extraction.timeexpr import YEAR_MAX, YEAR_MIN, out_of_range_dates

    def shown(text: str) -> str:
        return text if len(text) <= 40 else text[:39] + "…"

    return [f"{s.path or s.id}: date '{shown(text)}' has a year outside {YEAR_MIN}-{YEAR_MAX}; it was left out, "
            f"not moved to another year" for s in sources for _, _, text in out_of_range_dates(s.text)]


def is_input_problem(warning: str) -> bool:
    """A warning that an article (or part of the input) was left out: a file or record skipped, a
    per-document stage that failed, or a limit hit (what `--strict` fails on)."""
    return ": skipped" in warning or "(the limit)" in warning or "stopped after" in warning


def write_output(output: Path, text: str | Iterable[str]) -> None:
    """Write to the file `output` atomically; `-` is standard output (a terminal or a pipe)."""
    from checker.storage.atomic import write_atomic

    if is_stdout(output):
        write_stdout(text if isinstance(text, str) else "".join(text))
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise InputError(f"{output}: cannot write output: {exc.strerror or exc}") from None


def is_stdout(output: Optional[Path]) -> bool:
    return output is not None and str(output) == "-"


def write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk behind `> file`, /dev/full, an I/O error
        silence_stdout()
        raise InputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def check_output_folder(output: Optional[Path]) -> None:
    """Fail before the (slow) pipeline rather than after it."""
    from checker.storage.atomic import NotARegularFile, refuse_non_regular

    if output is None or is_stdout(output):
        return
    if output.is_dir():
        raise InputError(f"{output}: --output is a folder")
    try:
        refuse_non_regular(output)
    except NotARegularFile as exc:
        raise InputError(f"{output}: cannot write output: {exc} (use '-o -' for standard output)") from None
    if not output.parent.is_dir():
        raise InputError(f"{output}: cannot write output: folder {output.parent} does not exist")


def silence_stdout() -> None:
    """After a broken pipe (`check ... | head`), point stdout at devnull so exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# --- options and the sub-app shared by the subcommands ---------------------------------------------

sub_app = typer.Typer(cls=usage.Group, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                      no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})


RulesOpt = Annotated[Optional[list[Path]], typer.Option("--rules", metavar="DIR", help="Extra rule folder.")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", metavar="FILE", help="Settings file.")]


ReviewsOpt = Annotated[Optional[Path], typer.Option("--reviews", metavar="PATH",
                                                    help="Review store (default: <folder>/.claimcheck/"
                                                         "reviews.sqlite next to the articles).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Do not print warnings.")]
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


def review_store_path(paths: Sequence[str] | None, reviews: Optional[Path], config: Config) -> Path:
    """--reviews, else the config's `reviews`, else the default next to the articles."""
    from checker.storage.reviews import default_reviews_path

    if reviews is not None:
        return reviews
    if config.reviews_path is not None:
        return config.reviews_path
    if not paths:
        raise InputError("give the articles' PATHS or --reviews PATH to say which review store to use")
    return default_reviews_path(paths)


def run_pipeline(paths: Sequence[str], config: Config, quiet: bool, **kwargs) -> Report:
    pipeline = importlib.import_module("checker.running.pipeline")
    report, warnings = pipeline.check_corpus(list(paths), config, **kwargs)
    if not quiet:
        for warning in warnings:
            stderr_line(f"warning: {warning}")
    return report


