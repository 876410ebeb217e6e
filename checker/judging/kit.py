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
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

from checker.extraction.capitals import runs
from checker.extraction.participants import person_key, title_span, untitled_shape
from checker.model import (SAME_EVENT, SEVERITIES, Claim, Event, EventCluster, EventPair, Finding, InputError, Quote,
                           RuleInfo, Side, Source)

REQUIRED_SECTIONS = ("What it flags", "Why it matters", "Example")


@dataclass(frozen=True)
class HitSide:
    """One value in a disagreement, with the claims that assert it.

    value: the value as a reader should see it ("Lyon", "2025-03-04 (Tuesday)").
    normalized: what the rule compared (a gazetteer id, an ISO date, ...); JSON-serialisable; it is part
        of the finding's stable id.
    claims: the claims asserting this value, at least one; their sentences become the side's quotes.
    basis: further quotes of text a value was read against, after the claims' own: the date printed
        under a headline that "today" or "Monday" is counted from (see `helpers.printed_date_basis`).
    """

    value: str
    normalized: Any
    claims: tuple[Claim, ...]
    basis: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Hit:
    """What a rule yields: a disagreement between two or more sides (one for a rule that declares
    `MIN_SIDES = 1`, such as one article contradicting itself). The engine adds the rule's id, name and
    severity and computes the finding's id."""

    summary: str
    explanation: str
    sides: tuple[HitSide, ...]
    confidence: float
    same_event: str
    events: tuple[str, ...] = ()
    kind: str = ""  # defaults to the rule's KIND
    severity: str | None = None  # a rule may lower its own default for a weak case


R = TypeVar("R")


class Records(Generic[R]):
    """Records by id that iterate as records: `for claim in ctx.claims` gives Claims (in id order), as a
    rule author expects, where a dict would give ids. Look one up with `ctx.claims[claim_id]` or
    `.get()`; `.ids()`, `.keys()`, `.values()`, `.items()` and `len()` work as for a dict, and `in`
    takes an id or a record."""

    __slots__ = ("_by_id", "_ordered")

    def __init__(self, by_id: "dict[str, R] | Records[R]") -> None:
        self._by_id: dict[str, R] = dict(by_id._by_id if isinstance(by_id, Records) else by_id)
        self._ordered: list[R] | None = None

    def __getitem__(self, record_id: str) -> R:
        return self._by_id[record_id]

    def get(self, record_id: str, default: R | None = None) -> R | None:
        return self._by_id.get(record_id, default)

    def __iter__(self) -> Iterator[R]:
        if self._ordered is None:
            self._ordered = [self._by_id[k] for k in sorted(self._by_id)]
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, item: object) -> bool:
        key = item if isinstance(item, str) else getattr(item, "id", None)
        return key in self._by_id and (isinstance(item, str) or self._by_id[key] == item)

    def ids(self) -> list[str]:
        return sorted(self._by_id)

    def keys(self):
        return self._by_id.keys()

    def values(self):
        return self._by_id.values()

    def items(self):
        return self._by_id.items()

    def __repr__(self) -> str:
        return f"Records({len(self._by_id)})"


@dataclass
class RuleContext:
    """Everything a rule may look at; built once per run by the pipeline (docs/writing-rules.md).

    sources, claims, events: `Records` by id that iterate as records (`for c in ctx.claims`).
    clusters: events of different sources judged to be about one happening, as `EventCluster`s.
    pairs: (event id, event id) -> the `EventPair` comparing them; use `ctx.pair(a, b)` (either order).
    geography: `Geography`, the gazetteer plus containment the texts state ("X, a district of Y").
    cleaned: source id -> `CleanedSource` (lines labelled body, title, heading, furniture; dateline).
    rule_options: the running rule's options: its `OPTIONS` defaults with the configuration on top.
    """

    sources: Records[Source]
    claims: Records[Claim]
    events: Records[Event]
    clusters: tuple[EventCluster, ...]
    pairs: dict[tuple[str, str], EventPair]
    geography: Any = None  # checker.alignment.compare.Geography: gazetteer plus containment stated in the texts
    cleaned: dict[str, Any] = field(default_factory=dict)  # source id -> CleanedSource
    options: dict[str, Any] = field(default_factory=dict)  # per-rule options from configuration
    rule_options: dict[str, Any] = field(default_factory=dict)  # the options of the rule running now
    _names_by_sentence: dict | None = field(default=None, repr=False, compare=False)
    _pairs_by_event: dict | None = field(default=None, repr=False, compare=False)
    _claims_by_source: dict | None = field(default=None, repr=False, compare=False)
    _events_by_source: dict | None = field(default=None, repr=False, compare=False)
    _values_by_sentence: dict = field(default_factory=dict, repr=False, compare=False)
    _mentioned: dict = field(default_factory=dict, repr=False, compare=False)
    _claims_by_sentence: dict | None = field(default=None, repr=False, compare=False)
    _family_names: dict | None = field(default=None, repr=False, compare=False)
    _clusters_by_event: dict | None = field(default=None, repr=False, compare=False)
    claim_names: dict = field(default_factory=dict, repr=False, compare=False)  # claim id -> its own names (judging.helpers)

    def __post_init__(self) -> None:
        self.sources = Records(self.sources)
        self.claims = Records(self.claims)
        self.events = Records(self.events)

    def pair(self, a: str, b: str) -> EventPair | None:
        return self.pairs.get((a, b)) or self.pairs.get((b, a))

    def claims_of(self, event_id: str) -> list[Claim]:
        return [self.claims[c] for c in self.events[event_id].claim_ids]

    def source_claims_in_sentence(self, source_id: str, sentence_index: int) -> list[Claim]:
        """A sentence's claims, in id order (indexed once per run)."""
        if self._claims_by_sentence is None:
            index: dict[tuple[str, int], list[Claim]] = {}
            for c in self.claims.values():
                index.setdefault((c.source_id, c.sentence_index), []).append(c)
            self._claims_by_sentence = index
        return self._claims_by_sentence.get((source_id, sentence_index), [])

    def source_claims(self, source_id: str) -> list[Claim]:
        """A source's claims in id order (indexed once per run)."""
        if self._claims_by_source is None:
            index: dict[str, list[Claim]] = {}
            for c in self.claims.values():
                index.setdefault(c.source_id, []).append(c)
            self._claims_by_source = {sid: sorted(cs, key=lambda c: c.id) for sid, cs in index.items()}
        return list(self._claims_by_source.get(source_id, ()))

    def reported_events(self, source_id: str) -> list[str]:
        """The ids of a source's reported events, in id order (indexed once per run)."""
        if self._events_by_source is None:
            index: dict[str, list[str]] = {}
            for e in self.events.values():
                if e.role == "reported":
                    index.setdefault(e.source_id, []).append(e.id)
            self._events_by_source = {sid: sorted(ids) for sid, ids in index.items()}
        return list(self._events_by_source.get(source_id, ()))

    def clusters_of(self, event_id: str) -> frozenset[str]:
        """The ids of the clusters an event is in (indexed once per run)."""
        if self._clusters_by_event is None:
            index: dict[str, set[str]] = {}
            for cluster in self.clusters:
                for e in cluster.event_ids:
                    index.setdefault(e, set()).add(cluster.id)
            self._clusters_by_event = {e: frozenset(ids) for e, ids in index.items()}
        return self._clusters_by_event.get(event_id, frozenset())

    def compared_with(self, event_id: str) -> dict[str, EventPair]:
        """The events compared with this one, each with the pair (indexed once): a cluster of
        thousands of reports is judged through each report's few comparisons, not every two reports."""
        if self._pairs_by_event is None:
            index: dict[str, dict[str, EventPair]] = {}
            for (a, b), pair in self.pairs.items():
                index.setdefault(a, {})[b] = pair
                index.setdefault(b, {})[a] = pair
            self._pairs_by_event = index
        return self._pairs_by_event.get(event_id, {})

    def names_in_sentence(self, source_id: str, sentence_index: int) -> list[tuple[int, str]]:
        """(offset, name key) of the people and names a sentence mentions, in order (indexed once)."""
        if self._names_by_sentence is None:
            index: dict[tuple[str, int], list[tuple[int, str]]] = {}
            for c in self.claims:
                if c.kind == "participant" and c.normalized.get("kind") in ("person", "name"):
                    index.setdefault((c.source_id, c.sentence_index), []).append((c.start, c.normalized.get("key")))
            self._names_by_sentence = {k: sorted(v) for k, v in index.items()}
        return self._names_by_sentence.get((source_id, sentence_index), [])

    def names_mentioned(self, claim: Claim) -> list[tuple[int, str]]:
        """`names_in_sentence` plus the names the participant stage did not keep because the article
        names them once ("signed Terrell Haskins on Tuesday"): any run of two to four capitalised words
        of name shape that no place or participant claim of the sentence covers, without a leading
        title ("Coach Hank Brenner"), and a lone family name that one named participant of the run has
        (`family_names`). Enough to tell whom a sentence is about; never an alignment key."""
        at = (claim.source_id, claim.sentence_index)
        found = self._mentioned.get(at)
        if found is None:
            found = self._mentioned[at] = sorted(self.names_in_sentence(*at) + _unkept_names(self, claim))
        return found

    def family_names(self) -> dict[str, str]:
        """Last word of a name -> the name key, for the last words only one named participant of the
        run has ("jackson" -> "name:vincent jackson"); indexed once."""
        if self._family_names is None:
            keys: dict[str, set[str]] = {}
            for c in self.claims:
                if c.kind == "participant" and c.normalized.get("kind") in ("person", "name"):
                    key = c.normalized.get("key") or ""
                    words = key.split(":", 1)[-1].split()
                    if len(words) >= 2:
                        keys.setdefault(words[-1], set()).add(key)
            self._family_names = {w: next(iter(ks)) for w, ks in keys.items() if len(ks) == 1}
        return self._family_names

    def values_in_sentence(self, source_id: str, sentence_index: int, kind: str, sort: Any = None) -> list[tuple[int, int]]:
        """(start, end) of the claims of `kind` a sentence holds, in order; with `sort`, only those whose
        `value_sort` is that (days, not the years beside them; counts of one unit)."""
        index = self._values_by_sentence.get(kind)
        if index is None:
            index = {}
            for c in self.claims:
                if c.kind == kind:
                    index.setdefault((c.source_id, c.sentence_index), set()).add((c.start, c.end, value_sort(c)))
            index = self._values_by_sentence[kind] = {k: sorted(v, key=lambda x: x[:2]) for k, v in index.items()}
        return [(s, e) for s, e, v in index.get((source_id, sentence_index), []) if sort is None or v == sort]

    def claims_of_kind(self, kind: str, *, reported_only: bool = True) -> list[Claim]:
        """Every claim of `kind` ("place", "time", ...) in id order; by default only the articles' own
        events ("reported"), not background or historical ones."""
        return [c for c in self.claims if c.kind == kind and (c.role == "reported" or not reported_only)]


def value_sort(claim: Claim) -> Any:
    """What a value measures, so that a sentence's values of one sort can be told apart: a day (date,
    weekday, relative day), another time kind (a year, a period), a count's unit."""
    n = claim.normalized if isinstance(claim.normalized, dict) else {}
    if claim.kind == "time":
        return "day" if n.get("kind") in ("date", "weekday", "relative_day") or (n.get("kind") == "month" and n.get("day")) else n.get("kind")
    if claim.kind == "quantity":
        return n.get("unit")
    return None


def _unkept_names(ctx: RuleContext, claim: Claim) -> list[tuple[int, str]]:
    """See `RuleContext.names_mentioned`."""
    covered = [(c.start, c.end) for kind in ("place", "participant")
               for c in _claims_in_sentence(ctx, claim.source_id, claim.sentence_index, kind)]
    out = []
    for run in runs(claim.sentence, claim.sentence_start):
        if any(s < run.end and run.start < e for s, e in covered):
            continue
        if len(run.words) == 1:
            key = ctx.family_names().get(run.words[0].text.casefold())
            if key is not None:  # "Tolliver was arrested": the one named person of the corpus called Tolliver
                out.append((run.start, key))
            continue
        words = [w.text for w in run.words]
        title = title_span([w.lower() for w in words])
        if title is not None and title[0] == 0:
            words = words[title[1]:]
        if untitled_shape(words):
            out.append((run.words[len(run.words) - len(words)].start, "name:" + person_key(" ".join(words))))
    return out


def _claims_in_sentence(ctx: RuleContext, source_id: str, sentence_index: int, kind: str) -> list[Claim]:
    return [c for c in ctx.source_claims_in_sentence(source_id, sentence_index) if c.kind == kind]


class RuleError(Exception):
    """A rule failed while running or returned something malformed: a bug in that rule (exit 3).
    The message names the rule, its file and the line."""


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
    min_sides: int = 2  # MIN_SIDES: 1 for a rule about one article contradicting itself
    options: dict[str, Any] = field(default_factory=dict, compare=False)  # OPTIONS: name -> default
    # YIELDS: a finding of this rule is dropped when another rule's finding quotes the same values
    # (checker.running.pipeline.without_restated): a catch-all rule leaves a case to the rule made for it
    yields: bool = False

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
    min_sides = getattr(module, "MIN_SIDES", 2)
    if min_sides not in (1, 2) or isinstance(min_sides, bool):
        raise InputError(f"{path}: rule {module.ID}: MIN_SIDES must be 1 or 2, got {min_sides!r}")
    options = getattr(module, "OPTIONS", {})
    if not isinstance(options, dict) or not all(isinstance(k, str) and k.isidentifier() for k in options):
        raise InputError(f"{path}: rule {module.ID}: OPTIONS must be a dict of option name -> default value")
    yields = getattr(module, "YIELDS", False)
    if not isinstance(yields, bool):
        raise InputError(f"{path}: rule {module.ID}: YIELDS must be True or False, got {yields!r}")
    return LoadedRule(module.ID, module.NAME, module.KIND, module.SEVERITY, description, doc, module.check, str(path),
                      min_sides, dict(options), yields)


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


def rule_where(rule: LoadedRule, exc: BaseException | None = None) -> str:
    """`rules/x.py:12`: the rule's file, and the line in it where `exc` was raised (the innermost frame
    in that file), when there is one."""
    if exc is not None:
        target = Path(rule.path).resolve()
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == target]
        if frames:
            return f"{rule.path}:{frames[-1].lineno}"
    return rule.path


def rule_failure(rule: LoadedRule, exc: BaseException) -> RuleError:
    """The error to report for an exception raised inside `rule`, naming its id, file and line."""
    if isinstance(exc, RuleError):
        return exc
    detail = f": {exc}" if str(exc) else ""
    return RuleError(f"rule {rule.id} ({rule_where(rule, exc)}) failed: {type(exc).__name__}{detail}")


def check_hit(rule: LoadedRule, hit: object) -> Hit:
    """Refuse a malformed hit with a message naming the rule: not a Hit, too few sides (a finding with
    one side is no disagreement unless the rule says MIN_SIDES = 1), a side with no claims (nothing to
    quote or locate), an unknown same-event label."""
    def bad(why: str) -> RuleError:
        return RuleError(f"rule {rule.id} ({rule.path}) returned a bad Hit: {why}")

    if not isinstance(hit, Hit):
        raise bad(f"expected checker.rulekit.Hit, got {type(hit).__name__}")
    sides = tuple(hit.sides)
    if len(sides) < rule.min_sides:
        hint = "" if rule.min_sides == 1 else " (a rule about one article contradicting itself sets MIN_SIDES = 1)"
        raise bad(f"{len(sides)} side{'s' * (len(sides) != 1)}, at least {rule.min_sides} needed{hint}")
    for i, side in enumerate(sides):
        if not isinstance(side, HitSide):
            raise bad(f"side {i + 1} is a {type(side).__name__}, not a checker.rulekit.HitSide")
        if not side.claims or not all(isinstance(c, Claim) for c in side.claims):
            raise bad(f"side {i + 1} ({side.value!r}) has no claims: every side quotes the claims that assert it")
        if not all(isinstance(q, Quote) for q in side.basis):
            raise bad(f"side {i + 1} ({side.value!r}) has a basis that is not checker.rulekit.Quote objects")
    if hit.same_event not in SAME_EVENT:
        raise bad(f"same_event {hit.same_event!r} is not one of {', '.join(SAME_EVENT)}")
    return hit


def to_finding(rule: LoadedRule, hit: Hit, severity: str) -> Finding:
    check_hit(rule, hit)
    sides = tuple(
        Side(
            value=h.value,
            normalized=h.normalized,
            claims=tuple(c.id for c in h.claims),
            sources=tuple(sorted({c.source_id for c in h.claims})),
            quotes=tuple(Quote(c.source_id, c.id, c.sentence, c.start, c.end) for c in h.claims) + h.basis,
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
