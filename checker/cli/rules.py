"""`check explain RULE` and `check rules`: the rules' documentation and their settings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from checker.cli.common import (EXIT_OK, SUB_EXIT_CODES_HELP, ConfigOpt, RulesOpt, config_for, guarded, load_rules_for,
                                sub_app, write_stdout)
from checker.config import Config, rule_enabled, rule_severity
from checker.model import InputError

# --- explain and rules ------------------------------------------------------------------------------

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


@sub_app.command("explain", epilog=SUB_EXIT_CODES_HELP)
def explain(rule: Annotated[str, typer.Argument(metavar="RULE", help="Rule id or name.")],
            rules: RulesOpt = None, config_file: ConfigOpt = None) -> None:
    """Print a rule's id, name, kind, default severity, documentation and fixture cases."""

    def body() -> int:
        config = config_for(config_file, rules_dirs=rules)
        write_stdout(explain_text(find_rule(load_rules_for(config), rule), config))
        return EXIT_OK

    raise typer.Exit(guarded(body))


@sub_app.command("rules", epilog=SUB_EXIT_CODES_HELP)
def list_rules(
    rules: RulesOpt = None, config_file: ConfigOpt = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", metavar="RULE")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", metavar="RULE")] = None,
    severity: Annotated[Optional[list[str]], typer.Option("--severity", metavar="RULE=SEV")] = None,
) -> None:
    """List all rules with their effective severity and whether the configuration enables them."""

    def body() -> int:
        config = config_for(config_file, select=select, ignore=ignore, severity=severity, rules_dirs=rules)
        write_stdout(rules_table(load_rules_for(config), config))
        return EXIT_OK

    raise typer.Exit(guarded(body))


