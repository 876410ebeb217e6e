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
    """The sub-app when the first argument names a subcommand, else the check command. During shell
    completion the words typed so far come from the environment, and decide the same way, so
    `check review <TAB>` completes review's commands and `check gate --<TAB>` gate's options."""
    words = args or completion_words()
    if words and words[0] in SUBCOMMANDS:
        if not args:  # the sub-app has no --install-completion of its own: register the shells here
            from typer.completion import completion_init

            completion_init()
        return sub_app
    return check_app


def completion_words() -> list[str]:
    """The words before the one being completed, when the shell asks for completions (bash's
    COMP_WORDS/COMP_CWORD; typer's _TYPER_COMPLETE_ARGS for zsh, fish and PowerShell); else []."""
    import os

    from click.shell_completion import split_arg_string

    if not os.environ.get(f"_{PROG.upper()}_COMPLETE"):
        return []
    if "COMP_WORDS" in os.environ:
        words = split_arg_string(os.environ["COMP_WORDS"])
        return words[1:int(os.environ.get("COMP_CWORD", len(words)))]
    typed = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = split_arg_string(typed)[1:]
    return words if typed.endswith(" ") else words[:-1]


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


