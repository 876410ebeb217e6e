"""What a rule module is, how rules are found and loaded, and what they are given.

A rule is a module with module-level `ID`, `NAME`, `KIND`, `SEVERITY`, a docstring with the sections
"What it flags", "Why it matters" and "Example", and a function `check(ctx) -> Iterable[Hit]`.
Rules return `Hit`s; the engine stamps the rule id, name and severity and computes the finding id, so a
rule cannot get its own identity wrong. Built-in rules live in the folder `rules/` (installed as
`checker.rules`); users add their own with `--rules DIR`, loaded the same way. Rule modules import
what they use from `checker.rulekit`.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable

from checker.model import (SAME_EVENT, SEVERITIES, Claim, Event, EventCluster, EventPair, Finding, InputError, Quote,
                           RuleInfo, Side, Source)

REQUIRED_SECTIONS = ("What it flags", "Why it matters", "Example")


@dataclass(frozen=True)
class HitSide:
    """One value in a disagreement, with the claims that assert it."""

    value: str
    normalized: Any
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Hit:
    summary: str
    explanation: str
    sides: tuple[HitSide, ...]
    confidence: float
    same_event: str
    events: tuple[str, ...] = ()
    kind: str = ""  # defaults to the rule's KIND
    severity: str | None = None  # a rule may lower its own default for a weak case


@dataclass
class RuleContext:
    """Everything a rule may look at; built once per run by the pipeline."""

    sources: dict[str, Source]
    claims: dict[str, Claim]
    events: dict[str, Event]
    clusters: tuple[EventCluster, ...]
    pairs: dict[tuple[str, str], EventPair]
    geography: Any = None  # checker.alignment.compare.Geography: gazetteer plus containment stated in the texts
    cleaned: dict[str, Any] = field(default_factory=dict)  # source id -> CleanedSource
    options: dict[str, Any] = field(default_factory=dict)  # per-rule options from configuration
    rule_options: dict[str, Any] = field(default_factory=dict)  # the options of the rule running now

    def pair(self, a: str, b: str) -> EventPair | None:
        return self.pairs.get((a, b)) or self.pairs.get((b, a))

    def claims_of(self, event_id: str) -> list[Claim]:
        return [self.claims[c] for c in self.events[event_id].claim_ids]

    def source_claims(self, source_id: str) -> list[Claim]:
        return sorted((c for c in self.claims.values() if c.source_id == source_id), key=lambda c: c.id)


@dataclass(frozen=True)
class LoadedRule:
    id: str
    name: str
    kind: str
    severity: str
    description: str
    doc: str
    check: Callable[[RuleContext], Iterable[Hit]]
    path: str

    def info(self, severity: str | None = None) -> RuleInfo:
        return RuleInfo(self.id, self.name, self.kind, severity or self.severity, self.description)


def builtin_rules_dir() -> Path:
    """The installed `checker.rules` package, or the source checkout's top-level `rules/`."""
    spec = importlib.util.find_spec("checker.rules")
    if spec and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return Path(__file__).resolve().parents[2] / "rules"


def _validate(module: ModuleType, path: Path) -> LoadedRule:
    missing = [a for a in ("ID", "NAME", "KIND", "SEVERITY", "check") if not hasattr(module, a)]
    if missing:
        raise InputError(f"{path}: rule module lacks {', '.join(missing)}")
    doc = (module.__doc__ or "").strip()
    lacking = [s for s in REQUIRED_SECTIONS if s not in doc]
    if lacking:
        raise InputError(f"{path}: rule {module.ID} docstring lacks section(s): {', '.join(lacking)}")
    if module.SEVERITY not in SEVERITIES:
        raise InputError(f"{path}: rule {module.ID} has unknown severity {module.SEVERITY!r}")
    description = doc.splitlines()[0].strip()
    return LoadedRule(module.ID, module.NAME, module.KIND, module.SEVERITY, description, doc, module.check, str(path))


def load_rules_from(directory: Path, package: str) -> list[LoadedRule]:
    """Import every `*.py` (not starting with `_`) in `directory` as a rule module."""
    if not directory.is_dir():
        raise InputError(f"{directory}: rules folder not found")
    loaded: list[LoadedRule] = []
    for path in sorted(directory.glob("*.py")):
        if path.name.startswith("_"):
            continue
        name = f"{package}.{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise InputError(f"{path}: cannot import rule module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            with warnings.catch_warnings():  # a rule importing a moved module says so on stderr, once
                warnings.simplefilter("default", DeprecationWarning)
                spec.loader.exec_module(module)
        except Exception as exc:  # a broken user rule is an input error, not a crash
            raise InputError(f"{path}: rule module failed to import: {type(exc).__name__}: {exc}") from None
        loaded.append(_validate(module, path))
    return loaded


@functools.lru_cache(maxsize=1)
def _builtin_rules() -> tuple[LoadedRule, ...]:
    """The built-in rules, imported once per process: a gate judges many articles in one process."""
    return tuple(load_rules_from(builtin_rules_dir(), "checker.rules"))


def load_rules(extra_dirs: Iterable[Path] = ()) -> list[LoadedRule]:
    """Built-in rules plus those in `extra_dirs` (imported afresh on each call, so edits take effect)."""
    rules = list(_builtin_rules())
    for i, d in enumerate(extra_dirs):
        rules.extend(load_rules_from(Path(d), f"checker_user_rules_{i}"))
    seen: dict[str, str] = {}
    for r in rules:
        if r.id in seen:
            raise InputError(f"{r.path}: rule id {r.id} already defined in {seen[r.id]}")
        seen[r.id] = r.path
    return sorted(rules, key=lambda r: r.id)


def finding_id(rule_id: str, hit: Hit) -> str:
    """Stable across runs and machines: rule, sources and normalised values, never offsets or order."""
    sides = sorted(
        json.dumps([h.normalized, sorted({c.source_id for c in h.claims})], sort_keys=True, default=str) for h in hit.sides
    )
    digest = hashlib.sha1(json.dumps([rule_id, sides], sort_keys=True).encode("utf-8")).hexdigest()[:12]
    return f"{rule_id}-{digest}"


def to_finding(rule: LoadedRule, hit: Hit, severity: str) -> Finding:
    if hit.same_event not in SAME_EVENT:
        raise ValueError(f"rule {rule.id}: bad same_event {hit.same_event!r}")
    sides = tuple(
        Side(
            value=h.value,
            normalized=h.normalized,
            claims=tuple(c.id for c in h.claims),
            sources=tuple(sorted({c.source_id for c in h.claims})),
            quotes=tuple(Quote(c.source_id, c.id, c.sentence, c.start, c.end) for c in h.claims),
        )
        for h in hit.sides
    )
    return Finding(
        id=finding_id(rule.id, hit),
        rule=rule.id,
        name=rule.name,
        kind=hit.kind or rule.kind,
        severity=severity,
        confidence=round(max(0.0, min(1.0, hit.confidence)), 4),
        same_event=hit.same_event,
        summary=hit.summary,
        explanation=hit.explanation,
        sides=sides,
        events=tuple(sorted(hit.events)),
    )
