"""Run settings: where they come from, how they are checked, and how the CLI overrides them.

Sources, first found wins: an explicit `--config FILE`; else the nearest `pyproject.toml` with a
`[tool.checker]` table, searching upward from the start folder; else the defaults below. Command-line
values are applied on top with `with_overrides`, so the precedence is CLI > config file > defaults.
Every problem is an `InputError` whose one-line message names the file, so the CLI can exit 2 cleanly.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from checker.model import SEVERITIES, InputError

WEIGHT_NAMES = ("corroboration", "consistency", "attribution", "specificity", "hygiene")
FAIL_ON_OFF = "none"  # `--fail-on none` switches off a fail-on inherited from the config file


@dataclass(frozen=True)
class Config:
    """Everything a run may be told; plain values (no I/O handles) so it can be pickled to workers."""

    select: tuple[str, ...] = ()  # rule ids or names; empty = all rules
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict, hash=False)  # rule id/name -> severity
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, hash=False)
    weights: Mapping[str, float] = field(default_factory=dict, hash=False)  # reliability component weights
    rules_dirs: tuple[Path, ...] = ()
    fail_on: str | None = None
    fail_on_off: bool = False  # fail-on "none" was given: no default threshold either (see judging.thresholds)
    min_score: float | None = None
    min_confidence: float = 0.0
    reviews_path: Path | None = None  # the editors' review store (checker.storage.reviews); None = next to the corpus
    source: Path | None = None  # the file the settings came from, for messages; None = defaults


# --- loading ----------------------------------------------------------------------------------------


def load_config(*, explicit: Path | None = None, start: Path | None = None) -> Config:
    """Read the explicit file, else the nearest pyproject.toml with [tool.checker], else defaults."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise InputError(f"{path}: config file not found")
        return parse_config(_section(path, _read_toml(path)), path)
    found = find_pyproject(Path.cwd() if start is None else Path(start))
    if found is None:
        return Config()
    path, section = found
    return parse_config(section, path)


def find_pyproject(start: Path) -> tuple[Path, dict] | None:
    """The nearest pyproject.toml at or above `start` that has a [tool.checker] table.

    A pyproject.toml without the table is passed over (it belongs to some other project); one that is
    not valid TOML stops the search with an error, because we cannot tell whether it was meant for us.
    """
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            section = _read_toml(path).get("tool", {}).get("checker")
            if isinstance(section, dict):
                return path, section
    return None


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read config: {exc.strerror or exc}") from None


def _section(path: Path, data: dict) -> dict:
    """An explicit file holds the keys at top level, or under [tool.checker] (e.g. a pyproject.toml)."""
    if "tool" not in data:
        return data
    section = data["tool"].get("checker") if isinstance(data["tool"], dict) else None
    if not isinstance(section, dict):
        raise InputError(f"{path}: no [tool.checker] table")
    return section


# --- validation -------------------------------------------------------------------------------------


def _norm_key(key: str) -> str:
    return key.replace("-", "_")


_KEYS = ("select", "ignore", "severity", "rules", "rules_dirs", "weights", "fail_on", "min_score",
         "min_confidence", "reviews")


def parse_config(section: Mapping[str, Any], path: Path) -> Config:
    """Check a [tool.checker] table and turn it into a Config; `path` is named in every error."""
    values: dict[str, Any] = {}
    for raw_key, value in section.items():
        key = _norm_key(raw_key)
        if key not in _KEYS:
            raise InputError(f"{path}: unknown key {raw_key!r}{_suggest(key, _KEYS)}")
        if key in values:
            raise InputError(f"{path}: key {raw_key!r} given twice (dash and underscore spellings)")
        values[key] = value
    base = path.parent
    dirs: list[Path] = []
    options: dict[str, dict[str, Any]] = {}
    if "rules" in values:  # a list of folders, or a table of per-rule option tables
        rules = values["rules"]
        if isinstance(rules, dict):
            options = _rule_options(path, rules)
        else:
            dirs += _dirs(path, base, rules, "rules")
    if "rules_dirs" in values:
        dirs += _dirs(path, base, values["rules_dirs"], "rules-dirs")
    return Config(
        select=_names(path, values.get("select", []), "select"),
        ignore=_names(path, values.get("ignore", []), "ignore"),
        severity=_severities(path, values.get("severity", {})),
        rule_options=options,
        weights=_weights(path, values.get("weights", {})),
        rules_dirs=tuple(dirs),
        fail_on=_fail_on(path, values.get("fail_on")),
        fail_on_off=_is_off(values.get("fail_on")),
        min_score=_unit(path, values.get("min_score"), "min-score"),
        min_confidence=_unit(path, values.get("min_confidence"), "min-confidence") or 0.0,
        reviews_path=_file(path, base, values.get("reviews"), "reviews"),
        source=path,
    )


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0].replace('_', '-')!r}?)" if close else ""


def _names(where: object, value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: {key} must be a list of rule ids or names")
    return tuple(v.strip() for v in value)


def _severity(where: object, value: Any, what: str) -> str:
    if not isinstance(value, str) or value.lower() not in SEVERITIES:
        raise InputError(f"{where}: {what}: severity {value!r} is not one of {', '.join(SEVERITIES)}")
    return value.lower()


def _severities(where: object, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: severity must be a table of rule = severity")
    return {str(rule): _severity(where, sev, f"severity.{rule}") for rule, sev in value.items()}


def _rule_options(where: object, value: dict) -> dict[str, dict[str, Any]]:
    """Per-rule tables; option names are normalised to underscores (`min-ratio` -> `min_ratio`)."""
    out: dict[str, dict[str, Any]] = {}
    for rule, options in value.items():
        if not isinstance(options, dict):
            raise InputError(f"{where}: rules.{rule} must be a table of options "
                             f"(use rules-dirs = [...] for rule folders)")
        out[str(rule)] = {_norm_key(k): v for k, v in options.items()}
    return out


def _dirs(where: Path, base: Path, value: Any, key: str) -> list[Path]:
    """Rule folders, relative ones resolved against the config file's folder; each must exist."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"{where}: {key} must be a list of folder paths")
    out = []
    for raw in value:
        folder = (base / raw).resolve()
        if not folder.is_dir():
            raise InputError(f"{where}: rules folder {raw!r} not found (looked in {folder})")
        out.append(folder)
    return out


def _file(where: Path, base: Path, value: Any, key: str) -> Path | None:
    """A file path relative to the config file's folder; it need not exist yet."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: {key} must be a file path")
    return base / value


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _weights(where: object, value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: weights must be a table of component = number")
    out: dict[str, float] = {}
    for name, weight in value.items():
        if name not in WEIGHT_NAMES:
            raise InputError(f"{where}: unknown weight {name!r}; expected one of {', '.join(WEIGHT_NAMES)}")
        if not _number(weight) or weight < 0:
            raise InputError(f"{where}: weights.{name} must be a number >= 0, got {weight!r}")
        out[name] = float(weight)
    if out and not any(out.values()):
        raise InputError(f"{where}: weights are all zero")
    return out


def _fail_on(where: object, value: Any) -> str | None:
    if value is None or (isinstance(value, str) and value.lower() == FAIL_ON_OFF):
        return None
    return _severity(where, value, "fail-on")


def _is_off(value: Any) -> bool:
    return isinstance(value, str) and value.lower() == FAIL_ON_OFF


def _unit(where: object, value: Any, key: str) -> float | None:
    if value is None:
        return None
    if not _number(value) or not 0.0 <= value <= 1.0:
        raise InputError(f"{where}: {key} must be a number between 0 and 1, got {value!r}")
    return float(value)


# --- command-line overrides -------------------------------------------------------------------------


def with_overrides(config: Config, **cli_values: Any) -> Config:
    """Apply command-line values; None or an empty list means "not given" and keeps the file's value.

    select/ignore replace the file's lists; severity and weights are merged key by key (CLI wins);
    rules_dirs are added after the file's folders (they are extra rule sources, not a setting);
    fail_on="none" switches off a fail-on from the file.
    """
    unknown = set(cli_values) - {"select", "ignore", "severity", "rule_options", "weights", "rules_dirs",
                                 "fail_on", "min_score", "min_confidence"}
    if unknown:
        raise TypeError(f"with_overrides: unknown setting(s) {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if cli_values.get(key):
            changes[key] = _names(f"--{key}", list(cli_values[key]), key)
    if cli_values.get("severity"):
        extra = {str(k): _severity("--severity", v, str(k)) for k, v in cli_values["severity"].items()}
        changes["severity"] = {**config.severity, **extra}
    if cli_values.get("weights"):
        changes["weights"] = _weights("--weights", {**config.weights, **cli_values["weights"]})
    if cli_values.get("rule_options"):
        changes["rule_options"] = {**config.rule_options, **cli_values["rule_options"]}
    if cli_values.get("rules_dirs"):
        changes["rules_dirs"] = config.rules_dirs + tuple(Path(d) for d in cli_values["rules_dirs"])
    if cli_values.get("fail_on") is not None:
        changes["fail_on"] = _fail_on("--fail-on", cli_values["fail_on"])
        changes["fail_on_off"] = _is_off(cli_values["fail_on"])
    for key in ("min_score", "min_confidence"):
        if cli_values.get(key) is not None:
            changes[key] = _unit(f"--{key.replace('_', '-')}", cli_values[key], key.replace("_", "-"))
    return replace(config, **changes)


# --- queries used by the pipeline and the CLI -------------------------------------------------------


ALL = "all"  # `--select ALL`: every rule


def _matches(refs: Iterable[str], rule_id: str, rule_name: str) -> bool:
    """Ids and names match case-insensitively, so `cc101` and `Location-Conflict` both work; `ALL`
    matches every rule and an id prefix (`CC1`) every rule whose id starts with it, as in ruff."""
    wanted = {rule_id.casefold(), rule_name.casefold()}
    folded = rule_id.casefold()
    return any(ref.casefold() in wanted or ref.casefold() == ALL or folded.startswith(ref.casefold())
               for ref in refs)


def rule_enabled(config: Config, rule_id: str, rule_name: str) -> bool:
    """Selected (or nothing selected) and not ignored; ignore wins over select."""
    if config.select and not _matches(config.select, rule_id, rule_name):
        return False
    return not _matches(config.ignore, rule_id, rule_name)


def _lookup(table: Mapping[str, Any], rule_id: str, rule_name: str) -> Any:
    """The entry for the rule's id, else its name, else None (the id is the more specific key)."""
    folded = {k.casefold(): v for k, v in table.items()}
    for key in (rule_id.casefold(), rule_name.casefold()):
        if key in folded:
            return folded[key]
    return None


def rule_severity(config: Config, rule_id: str, rule_name: str, default: str) -> str:
    return _lookup(config.severity, rule_id, rule_name) or default


def rule_options(config: Config, rule_id: str, rule_name: str) -> dict[str, Any]:
    """The rule's option table: entries keyed by name, overlaid by entries keyed by id."""
    folded: dict[str, Any] = {}
    for key in (rule_name.casefold(), rule_id.casefold()):
        for k, v in config.rule_options.items():
            if k.casefold() == key:
                folded.update(v)
    return folded


def unknown_rule_refs(config: Config, rules: Iterable[Any]) -> list[str]:
    """Rule references in the settings that name no loaded rule (a typo would silently select nothing)."""
    known = set()
    for r in rules:
        known |= {r.id.casefold(), r.name.casefold()}
    ids = [r.id.casefold() for r in rules]
    prefixes = {ALL} | {i[:n] for i in ids for n in range(1, len(i) + 1)}
    refs = [("select", x) for x in config.select] + [("ignore", x) for x in config.ignore]
    out = [f"{where}: {ref}" for where, ref in refs if ref.casefold() not in known | prefixes]
    refs = [("severity", x) for x in config.severity] + [("rules", x) for x in config.rule_options]
    return out + [f"{where}: {ref}" for where, ref in refs if ref.casefold() not in known]


def unknown_rule_options(config: Config, rules: Iterable[Any]) -> list[str]:
    """Options in `[rules.<ID>]` tables that the rule does not declare in its `OPTIONS`, each with a
    "did you mean" when a declared one is close; a misspelt option would otherwise be ignored."""
    problems = []
    for r in rules:
        declared = dict(getattr(r, "options", {}) or {})
        for key in rule_options(config, r.id, r.name):
            if key in declared:
                continue
            shown = key.replace("_", "-")
            if not declared:
                problems.append(f"rules.{r.id}: unknown option {shown!r} (rule {r.id} takes no options)")
                continue
            names = ", ".join(k.replace("_", "-") for k in sorted(declared))
            problems.append(f"rules.{r.id}: unknown option {shown!r}{_suggest(key, declared)}; "
                            f"rule {r.id} takes: {names}")
    return problems


def canonical_rule_refs(config: Config, rules: Iterable[Any]) -> Config:
    """The same settings with every rule reference spelt as the rule's exact id.

    Consumers may then match ids exactly, and `cc101` or a rule's name behaves like `CC101`. For
    severity and options, an entry keyed by id beats one keyed by name. Unknown references are kept
    as written (check them first with `unknown_rule_refs`).
    """
    rules = list(rules)
    ids: dict[str, str] = {}
    for r in rules:
        ids[r.name.casefold()] = r.id
    for r in rules:  # ids win over a name that happens to equal another rule's id
        ids[r.id.casefold()] = r.id

    def canon(ref: str) -> str:
        return ids.get(ref.casefold(), ref)

    def is_id(ref: str) -> bool:
        return canon(ref).casefold() == ref.casefold()

    def table(entries: Mapping[str, Any], merge: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for ref, value in sorted(entries.items(), key=lambda kv: is_id(kv[0])):  # names first, ids last
            key = canon(ref)
            out[key] = {**out.get(key, {}), **value} if merge else value
        return out

    return replace(config,
                   select=tuple(dict.fromkeys(canon(r) for r in config.select)),
                   ignore=tuple(dict.fromkeys(canon(r) for r in config.ignore)),
                   severity=table(config.severity, merge=False),
                   rule_options=table(config.rule_options, merge=True))


def resolve_rule_refs(file_config: Config, rules: Iterable[Any], **cli_values: Any) -> Config:
    """`with_overrides(file_config, **cli_values)` with every rule reference spelt as its rule's id.

    Each side is rewritten before the merge, so a command-line entry by name still beats a file entry
    by id (CLI > file comes first; id > name only decides within one source).
    """
    rules = list(rules)
    cli_severity = canonical_rule_refs(Config(severity=cli_values.get("severity") or {}), rules).severity
    merged = with_overrides(canonical_rule_refs(file_config, rules), **{**cli_values, "severity": cli_severity})
    return canonical_rule_refs(merged, rules)
