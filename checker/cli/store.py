"""`check ingest` and `check gate`: the claim store on the command line, for ingestion pipelines.

Registered on the sub-app of checker.cli.common. Input is validated before
anything is written: an article that cannot be read stops the command with exit 2 and nothing stored,
unless `--skip-bad` says to warn and go on. See docs/pipelines.md.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from checker.cli.common import (EXIT_FAIL, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, ConfigOpt, FailOn, QuietOpt, RulesOpt,
                                check_output_folder, config_for, far_date_warnings, guarded, is_input_problem,
                                stderr_line, sub_app, write_output, write_stdout)
from checker.model import InputError

GATE_EXIT_CODES_HELP = """\
Exit codes: 0 every article passes; 1 an article fails (a finding at or above --fail-on with at least
--min-confidence, or its score below --min-score; with neither set anywhere, --fail-on high applies);
2 usage or input error (missing or unreadable article, a file that is not a claim store, bad config; with
--strict also a skipped article or a limit hit); 3 internal error, e.g. a rule that raised (named with its
file and line; the other rules' findings are still written; set CHECKER_DEBUG=1 for the traceback);
130 interrupted.
"""

INGEST_EXIT_CODES_HELP = """\
Exit codes: 0 stored (or unchanged); 2 usage or input error (missing or unreadable article — nothing is
stored unless --skip-bad —, a file that is not a claim store; with --strict also an article skipped
by --skip-bad or a limit hit, after the others were stored); 3 internal error (set CHECKER_DEBUG=1
for the traceback); 130 interrupted.
"""


class GateFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"


class IngestFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


StoreOpt = Annotated[Path, typer.Option("--store", metavar="FILE", envvar="CHECKER_STORE",
                                        help="The claim store (SQLite; env CHECKER_STORE).")]
PathsArg = Annotated[list[str], typer.Argument(metavar="PATH", show_default=False,
                                               help="Article files or folders; '-' reads JSON Lines from stdin.")]
SkipBadOpt = Annotated[bool, typer.Option("--skip-bad", help="Warn about unreadable articles and go on "
                                                             "(default: stop with exit 2, nothing stored).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 2, after the output, when an article was skipped "
                                                         "(with --skip-bad) or an input limit was hit: as for "
                                                         "`check --strict`.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", dir_okay=False,
                                                   help="Write the output here (atomically) instead of stdout.")]


def read_articles(paths: list[str], *, skip_bad: bool, quiet: bool, problems: list | None = None) -> list:
    """The articles named by `paths` ('-' = JSON Lines on stdin). A skipped article is an input error
    unless `skip_bad`: a pipeline must not take "nothing found" for "passed". Warnings of skipped
    articles and limits hit are added to `problems`, for --strict."""
    from checker.reading.load import load_corpus, load_jsonl_text

    sources, warnings = [], []
    files = [p for p in paths if p != "-"]
    if files:
        loaded = load_corpus(files)
        sources += loaded.sources
        warnings += loaded.warnings
    if "-" in paths:
        streamed = load_jsonl_text(sys.stdin.read(), "<stdin>")
        sources += streamed.sources
        warnings += streamed.warnings
    warnings += far_date_warnings(sources)
    skipped = [w for w in warnings if "skipped" in w]
    if skipped and not skip_bad:
        more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
        raise InputError(f"{skipped[0]}{more}; nothing was done (--skip-bad to go on without it)")
    if not quiet:
        for w in warnings:
            stderr_line(f"warning: {w}")
    if problems is not None:
        problems += [w for w in warnings if is_input_problem(w)]
    ids = [s.id for s in sources]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})[0]
        raise InputError(f"article id {dup!r} appears more than once in the input")
    return sources


def after_skips(skipped: list, *, skip_bad: bool, quiet: bool, done: str) -> int:
    """Warn about articles whose analysis failed (checker.running.guard.Skipped); they are an input error
    (exit 2) unless --skip-bad, as unreadable articles are. The other articles were {done} already."""
    if not quiet:
        for s in skipped:
            stderr_line(f"warning: {s.warning()}")
    if skipped and not skip_bad:
        n = len(skipped)
        stderr_line(f"error: {n} article{'s' * (n != 1)} could not be analysed and {'were' if n != 1 else 'was'} "
                    f"not {done}; the others were (--skip-bad to accept this)")
        return EXIT_USAGE
    return EXIT_OK


def strict_exit(strict: bool, problems: list, skipped: list) -> bool:
    """--strict: one error line when input was left out (read or analysis skipped, a limit hit); True:
    exit 2. The output was written first, as `check --strict` writes its report."""
    n = len(problems) + len(skipped)
    if strict and n:
        stderr_line(f"error: {n} input problem{'s' * (n != 1)} (skipped articles or limits hit; see the "
                    f"warnings): failing because of --strict")
    return bool(strict and n)


def rule_errors_exit(verdicts) -> bool:
    """As `check` does: each rule that raised on one line naming its file and line (once, however many
    articles it failed on), after the verdicts with the other rules' findings were written. True: exit 3."""
    errors = dict.fromkeys(e for v in verdicts for e in v.rule_errors)
    for error in errors:
        stderr_line(f"internal error: {error}; the verdicts lack this rule's findings")
    return bool(errors)


def emit_report(text: str, output: Optional[Path]) -> None:
    if output is not None:
        write_output(output, text)
    else:
        write_stdout(text)


@sub_app.command("ingest", epilog=INGEST_EXIT_CODES_HELP)
def ingest_command(
    paths: PathsArg,
    store: StoreOpt,
    fmt: Annotated[IngestFormat, typer.Option("--format", "-f", help="Output format.")] = IngestFormat.text,
    output: OutputOpt = None,
    skip_bad: SkipBadOpt = False,
    strict: StrictOpt = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, metavar="N",
                                      help="Extract in N processes (default: every CPU).")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Add articles to a claim store (one transaction each); the same article again changes nothing, a
    new version of one (same id, other content) replaces its claims."""

    def body() -> int:
        from checker.render.verdict import render_ingest
        from checker.running.engines import default_jobs
        from checker.running.gate import analyse_many
        from checker.storage.store import ClaimStore

        check_output_folder(output)
        problems: list[str] = []
        sources = read_articles(paths, skip_bad=skip_bad, quiet=quiet, problems=problems)
        results, skipped = [], []
        with ClaimStore.open(store) as st:
            for article in analyse_many(sources, jobs=jobs or default_jobs(), skipped=skipped):
                results.append(st.put(article))
            totals = {k: sum(r.action == k for r in results) for k in ("added", "updated", "unchanged")}
            totals["stored"] = st.count()
        emit_report(render_ingest(results, fmt.value, store=str(store), totals=totals), output)
        code = after_skips(skipped, skip_bad=skip_bad, quiet=quiet, done="stored")
        return code or (EXIT_USAGE if strict_exit(strict, problems, skipped) else EXIT_OK)

    raise typer.Exit(guarded(body))


@sub_app.command("gate", epilog=GATE_EXIT_CODES_HELP)
def gate_command(
    paths: PathsArg,
    store: StoreOpt,
    fmt: Annotated[GateFormat, typer.Option("--format", "-f", help="Output format.")] = GateFormat.text,
    output: OutputOpt = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Fail an article with a finding of at "
                                                      "least this severity ('none': only --min-score).")] = None,
    min_score: Annotated[Optional[float], typer.Option("--min-score", min=0.0, max=1.0, metavar="FLOAT",
                                                       help="Fail an article whose consistency score is below "
                                                            "this.")] = None,
    min_confidence: Annotated[Optional[float], typer.Option("--min-confidence", min=0.0, max=1.0, metavar="FLOAT",
                                                            help="Findings below this confidence do not fail "
                                                                 "an article.")] = None,
    ingest_on_pass: Annotated[bool, typer.Option("--ingest-on-pass", help="Store each article that passes, in "
                                                                          "the same transaction.")] = False,
    reviews: Annotated[Optional[Path], typer.Option("--reviews", metavar="PATH",
                                                    help="Editors' review store whose dismissed findings do not "
                                                         "count (default: .claimcheck/reviews.sqlite beside the "
                                                         "claim store, if it exists).")] = None,
    no_reviews: Annotated[bool, typer.Option("--no-reviews", help="Ignore editors' decisions.")] = False,
    skip_bad: SkipBadOpt = False,
    strict: StrictOpt = False,
    rules: RulesOpt = None,
    config_file: ConfigOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check new articles against a claim store before letting them in: each gets a verdict with its
    consistency score and its findings against the stored articles it touches."""

    def body() -> int:
        from checker.render.verdict import render_verdicts
        from checker.running.gate import analyse_or_skip, gate, gate_config
        from checker.running.guard import Skipped
        from checker.storage.reviews import default_reviews_path, dismissed_ids, read_reviews
        from checker.storage.store import ClaimStore

        check_output_folder(output)
        config = config_for(config_file, rules_dirs=rules, fail_on=fail_on.value if fail_on else None, min_score=min_score,
                           min_confidence=min_confidence)
        if fail_on is not FailOn.none:
            config = gate_config(config)
        if no_reviews and reviews is not None:
            raise InputError("--reviews and --no-reviews exclude each other")
        decisions = []
        if not no_reviews:
            path = reviews or config.reviews_path or default_reviews_path([store])
            if reviews is not None or config.reviews_path is not None or path.exists():
                decisions = read_reviews(path)
        problems: list[str] = []
        sources = read_articles(paths, skip_bad=skip_bad, quiet=quiet, problems=problems)
        verdicts, skipped = [], []
        with ClaimStore.open(store, create=ingest_on_pass) as st:
            st.check_integrity()  # a damaged store must not pass articles unnoticed
            for source in sources:
                article = analyse_or_skip(source)
                if isinstance(article, Skipped):
                    skipped.append(article)
                    continue
                verdicts.append(gate(st, source, config, dismissed=dismissed_ids(decisions),
                                     ingest_on_pass=ingest_on_pass, article=article))
        emit_report(render_verdicts(verdicts, fmt.value, store=str(store)), output)
        if skipped and after_skips(skipped, skip_bad=skip_bad, quiet=quiet, done="judged"):
            return EXIT_USAGE
        if strict_exit(strict, problems, skipped):
            return EXIT_USAGE
        if rule_errors_exit(verdicts):
            return EXIT_INTERNAL
        failed = [v for v in verdicts if not v.passed]
        if failed and not quiet:
            stderr_line(f"failing: {len(failed)} of {len(verdicts)} article{'s' * (len(verdicts) != 1)}: "
                    + "; ".join(f"{v.article.id}: {', '.join(v.reasons)}" for v in failed[:3]))
        return EXIT_FAIL if failed else EXIT_OK

    raise typer.Exit(guarded(body))
