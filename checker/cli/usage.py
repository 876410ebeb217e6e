"""How the command line speaks about itself: usage errors on one `check: error:` line, help without
type names, shell completion, and making text from articles safe to print.

click prints a usage error as three lines ("Usage: ...", "Try ...", "Error: ..."), and typer's help
adds Python type names (`PATH <list[str]>`). The command and group classes here run click without its
standalone handling and print the one line docs/cli.md promises instead; everything else is click's.
"""

from __future__ import annotations

import sys
from typing import Any

from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import Abort

EXIT_USAGE, EXIT_INTERRUPTED = 2, 130


def _plain_arguments(params: list) -> list:
    """Arguments shown as `PATH...` in help and usage, never with a type name such as `<list[str]>`."""
    for p in params:
        if getattr(p, "param_type_name", "") == "argument" and not getattr(p, "_plain_help", False):
            name = p.metavar or (p.name or "").upper()
            shown = name + ("..." if p.nargs != 1 else "")
            p.display_type_rich = lambda ctx: ""  # type: ignore[method-assign]
            p._usage_display_name = lambda shown=shown, req=p.required: shown if req else f"[{shown}]"  # type: ignore[attr-defined]
            p._rich_display_name = lambda shown=shown: shown  # type: ignore[attr-defined]
            p._plain_help = True  # type: ignore[attr-defined]
    return params


def _plain_tree(cmd) -> None:
    """A command's arguments, and those of its subcommands (`check review list`), shown plainly."""
    if cmd is None:
        return
    _plain_arguments(cmd.params)
    for sub in getattr(cmd, "commands", {}).values():
        _plain_tree(sub)


def stderr_line(message: str) -> None:
    """`check: <message>` on one line of stderr, control characters escaped (as cli.common does)."""
    from checker.render.common import printable

    print(f"check: {printable(' '.join(str(message).split()))}", file=sys.stderr, flush=True)


def _run(command, parent_main, args, prog_name, complete_var, standalone_mode, extra) -> Any:
    try:
        rv = parent_main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False, **extra)
        code = rv if isinstance(rv, int) else 0
    except NoArgsIsHelpError as exc:  # a bare group name (`check review`) shows its help
        exc.show()
        code = exc.exit_code
    except ClickException as exc:
        message = exc.format_message().replace("Value error, ", "")
        stderr_line(f"error: {message}")
        code = exc.exit_code if exc.exit_code else EXIT_USAGE
    except Abort:
        stderr_line("interrupted")
        code = EXIT_INTERRUPTED
    if standalone_mode:
        sys.exit(code)
    return code


class Command(TyperCommand):
    """A typer command whose usage errors are one line and whose help names no Python types."""

    def get_params(self, ctx) -> list:  # noqa: D102
        return _plain_arguments(super().get_params(ctx))

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # noqa: D102
        return _run(self, super().main, args, prog_name, complete_var, standalone_mode, extra)


class Group(TyperGroup):
    """The subcommands' group: the same one-line usage errors, and plain help for each subcommand."""

    def get_command(self, ctx, name: str):  # noqa: D102
        cmd = super().get_command(ctx, name)
        _plain_tree(cmd)
        return cmd

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # noqa: D102
        return _run(self, super().main, args, prog_name, complete_var, standalone_mode, extra)
