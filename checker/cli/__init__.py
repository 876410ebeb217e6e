"""The `check` command line: the only place that reads settings, prints, and chooses an exit code.

Dispatch: `main()` looks at the first argument. `explain` and `rules` (checker.cli.rules), `review`
(checker.cli.review), `serve` (checker.cli.serve), `ingest` and `gate` (checker.cli.store) go to a small
sub-app; anything else goes to the check command (checker.cli.check), whose positional arguments are
article paths. So a folder literally named like a subcommand
is checked as `check ./explain`.
Subcommands must come first (`check rules --config x.toml`, not `check --config x.toml rules`).

What the commands share (exit codes, errors, settings, output) is in checker.cli.common.
"""

from __future__ import annotations

import signal
import sys
from typing import Sequence

import typer

from checker.cli import check, review, rules, serve, store  # noqa: F401 - each registers its commands
from checker.cli.check import check_app
from checker.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, PROG, SUBCOMMANDS, stderr_line, sub_app


def app_for(args: Sequence[str]) -> typer.Typer:
    """The sub-app when the first argument names a subcommand, else the check command."""
    return sub_app if args and args[0] in SUBCOMMANDS else check_app


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (the script wrapper passes it to sys.exit)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app_for(args)(args=args, prog_name=PROG)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_USAGE)
    except KeyboardInterrupt:  # during argument parsing, outside any command body
        stderr_line("interrupted")
        code = EXIT_INTERRUPTED
    else:
        code = EXIT_OK
    if code == EXIT_INTERRUPTED and argv is None:
        # a second Ctrl-C while the interpreter shuts down (joining worker pools) would end the
        # process by the signal instead of exit 130
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return code


