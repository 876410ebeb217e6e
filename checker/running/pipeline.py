"""The whole run, stage by stage: load -> clean -> sentences -> claims -> events -> align -> rules ->
reliability -> report. Only this module strings the stages together; each stage is a pure function."""

from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence

from checker.alignment.align import align
from checker.alignment.compare import Geography, place_of
from checker.alignment.copies import copied_claims
from checker.alignment.events import build_events
from checker.config import Config, rule_enabled, rule_options, rule_severity
from checker.extraction.claims import SourceClaims, with_event
from checker.extraction.gazetteer import default_gazetteer
from checker.extraction.people import unify_people
from checker.judging.kit import RuleContext, load_rules, rule_failure, to_finding
from checker.model import SEVERITIES, Claim, CleanedSource, Event, InputError, Report, Review
from checker.reading.load import load_corpus
from checker.running.documents import analyse_source
from checker.running.engines import make_engine
from checker.running.guard import Skipped, failure_reason
from checker.running.progress import ProgressCallback
from checker.running.progress import report as report_progress
from checker.scoring.reliability import score_sources
from checker.storage.reviews import apply_reviews, dismissed_ids


def _enabled(config: Config, rule) -> bool:
    return rule_enabled(config, rule.id, rule.name)


def _severity(config: Config, rule, hit_severity: str | None) -> str:
    """A configured severity wins; otherwise a rule may lower its own default for a weak case."""
    configured = rule_severity(config, rule.id, rule.name, "")
    return configured or hit_severity or rule.severity


def check_corpus(paths: Sequence[str | Path], config: Config | None = None, *,
                 reviews: Sequence[Review] | None = None, show_dismissed: bool = False,
                 reviews_path: str | Path | None = None, jobs: int = 1, engine: str = "local",
                 scheduler: str | None = None, progress: ProgressCallback | None = None,
                 stdin: str | None = None) -> tuple[Report, list[str]]:
    """Run every stage on the articles under `paths`.

    `reviews` are editors' decisions (see checker.storage.reviews): a dismissed finding does not count toward
    any source's score, and is moved to `Report.hidden` unless `show_dismissed`; each decision is
    attached to its finding; decisions whose finding did not come up are `Report.stale_reviews`.
    `reviews_path` is only recorded on the report (where the decisions came from).

    `jobs`, `engine` ("local" or "dask") and `scheduler` (a Dask scheduler address; a local cluster
    of `jobs` workers when None) choose where the work runs (checker.running.engines); the report is the same
    for every choice. `progress(step, done, total)` is called as the run advances (checker.running.progress).
    """
    config = config or Config()
    runner = make_engine(engine, jobs=jobs, scheduler=scheduler)  # refuses a missing dask before loading
    loaded = load_corpus(paths, stdin=stdin)  # a path '-' is the text `stdin`
    warnings = list(loaded.warnings)
    gazetteer = default_gazetteer()
    with runner, _collector_skips_corpus_data() as settle:
        analysed = runner.analyse(loaded.sources, progress)
        settle()
        skipped = [sc for c, sc in analysed if c is None]  # a per-document stage failed: a warning
        analysed = [(c, sc) for c, sc in analysed if c is not None]
        claims, events, geo = assemble([sc for _, sc in analysed], gazetteer, skipped=skipped)
        shown = {c.source.id: c.source.path for c, _ in analysed}
        skipped = [s if s.path else replace(s, path=shown.get(s.source_id, "")) for s in skipped]
        dropped = {s.source_id for s in skipped}
        cleaned = [c for c, _ in analysed if c.source.id not in dropped]
        warnings = _with_skips(warnings, skipped)
        if not cleaned:
            raise InputError(f"no readable articles in {', '.join(str(p) for p in paths)} "
                             f"({'; '.join(s.warning() for s in skipped[:3])})")
        settle()
        report_progress(progress, "judging")
        report = judge(cleaned, claims, events, geo, config, warnings=warnings, dismissed=dismissed_ids(reviews),
                       aligner=runner.align, keep_going=True)
    if reviews is not None:
        report = apply_reviews(report, list(reviews), show_dismissed=show_dismissed, path=reviews_path)
    return report, warnings


YOUNG_COLLECTION = 50_000  # allocations between the collector's young passes during a run (Python's default: 700)


@contextmanager
def _collector_skips_corpus_data():
    """Yield `settle()`: after it, the objects built so far are left out of the cyclic garbage
    collector's passes (gc.freeze) until the run ends. What exists on entry (the lexicons, the loaded
    articles) is frozen at once, and the gazetteer index once loaded, before workers are forked
    (checker.running.engines), so neither this process nor a worker walks it again; and the
    collector's young passes come every
    YOUNG_COLLECTION allocations instead of every 700, since a run's objects nearly all live to its end.

    A corpus-wide stage allocates millions of small objects while the corpus data it reads lives on;
    every full collection would walk all of it again, so at 20,000 articles the collector took half
    of the corpus-wide stages' time. At 10,000 bench articles the main process still spent 5.5-6.7 s
    in 6,800 collections; with both it spends about 1 s in 75 (4-5 s less CPU). Frozen objects are
    still freed when their last reference goes; the settings are restored when the run ends."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], YOUNG_COLLECTION), *threshold[1:])
    try:
        yield gc.freeze
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def extract(cleaned: Sequence[CleanedSource], gazetteer) -> tuple[list[Claim], list[Event], Geography]:
    """Per-document stages, then the corpus-wide person unification and event grouping."""
    return assemble([analyse_source(c, gazetteer) for c in cleaned], gazetteer)


def _with_skips(warnings: list[str], skipped: Sequence[Skipped]) -> list[str]:
    """The loader's warnings plus one per skipped document, grouped by file as the loader's are."""
    if not skipped:
        return warnings
    return sorted(warnings + [s.warning() for s in skipped], key=lambda w: w.split(": ", 1)[0])


def assemble(per_source: Sequence[SourceClaims], gazetteer, *,
             skipped: list[Skipped] | None = None) -> tuple[list[Claim], list[Event], Geography]:
    """The corpus-wide part of extraction, over every source's claims in corpus order: one person
    under several names becomes one participant, text-stated containment joins the gazetteer, and each
    source's claims are grouped into events.

    With a `skipped` list, a source whose events cannot be built is left out and recorded there (the
    run goes on without it); without one, the error propagates."""
    by_source: dict[str, list] = {sc.source_id: [] for sc in per_source}
    for c in unify_people([c for sc in per_source for c in sc.claims]):
        by_source[c.source_id].append(c)
    per_source = [replace(sc, claims=tuple(by_source[sc.source_id])) for sc in per_source]
    geo = Geography(gazetteer, [fact for sc in per_source for fact in sc.containment])
    events, claims = [], []
    for sc in per_source:
        try:
            evs, event_of = build_events(sc)
            with_events = with_event(sc.claims, event_of)
        except Exception as exc:  # noqa: BLE001 - one document's failure is a warning when asked
            if skipped is None:
                raise
            skipped.append(Skipped(sc.source_id, "", "events", failure_reason(exc)))
            continue
        events.extend(evs)
        claims.extend(with_events)
    return claims, events, geo


def geography_from_claims(claims: Sequence[Claim], gazetteer) -> Geography:
    """Rebuild text-stated containment from the claims' normalised values ("within")."""
    facts = []
    for c in claims:
        if c.kind == "place" and c.normalized.get("within"):
            outer = gazetteer.get(c.normalized["within"])
            if outer is not None:
                facts.append((place_of(c), outer))
    return Geography(gazetteer, facts)


class StageError(Exception):
    """A bug in a corpus-wide stage (alignment, reliability scoring): exit 3, with a message naming the
    stage and the article(s) it was working on, so the report can say which input triggers it."""

    def __init__(self, message: str, stage: str) -> None:
        super().__init__(message)
        self.stage = stage

    @classmethod
    def of(cls, stage: str, exc: BaseException, sources: Sequence) -> "StageError":
        shown = {s.id: s.path or s.id for s in sources}
        names = [shown.get(i, i) for i in _sources_at_failure(exc)]
        where = f" on {', '.join(names[:3])}{' and others' if len(names) > 3 else ''}" if names else ""
        detail = f": {exc}" if str(exc) else ""
        return cls(f"{stage} failed{where}: {type(exc).__name__}{detail}", stage)


def _sources_at_failure(exc: BaseException) -> list[str]:
    """The source ids of the events or claims held by the innermost frame that holds any (a local
    variable, or one in a short tuple) where `exc` was raised: what the stage was comparing when it
    failed. Empty when none is found (an error raised on another machine, by Dask, keeps no frames)."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        found = []
        for value in frame.f_locals.values():
            for item in (value if isinstance(value, tuple) and len(value) <= 4 else (value,)):
                sid = getattr(item, "source_id", None) if isinstance(item, (Event, Claim)) else None
                if sid is not None and sid not in found:
                    found.append(sid)
        if found:
            return sorted(found)
    return []


def judge(cleaned: Sequence[CleanedSource], claims: list[Claim], events: list[Event], geo: Geography, config: Config,
          *, warnings: Sequence[str] = (), dismissed: frozenset[str] | set[str] = frozenset(),
          aligner: Callable = align, keep_going: bool = False) -> Report:
    """Alignment, rules and reliability over extracted claims: everything after extraction.

    A rule that raises, or yields a malformed Hit, is a bug in that rule: a `RuleError` naming its file
    and line. With `keep_going` the other rules' findings are kept and the error is recorded in
    `Report.rule_errors` (and the warnings) for the caller to exit 3 after writing the report.

    Works on claims fresh from extraction or read back from JSON (their typed values are rebuilt from
    `normalized`), so a stored corpus can be judged without re-reading the articles. `aligner` is
    `checker.alignment.align.align` or an engine's equivalent (same signature, same result).
    """
    sources = tuple(c.source for c in cleaned)
    claim_map = {c.id: c for c in claims}
    try:
        pairs, clusters = aligner(events, claim_map, geo)
        # values two reports' copies of one sentence give differently (checker.alignment.copies)
        copied = copied_claims(cleaned, clusters, geo, {e.source_id: e.published for e in events})
    except Exception as exc:  # noqa: BLE001 - a bug: named by stage and source, then exit 3
        raise StageError.of("alignment", exc, sources) from exc
    claims = [*claims, *copied]
    claim_map.update((c.id, c) for c in copied)

    rules = [r for r in load_rules(config.rules_dirs) if _enabled(config, r)]
    ctx = RuleContext(
        sources={s.id: s for s in sources},
        claims=claim_map,
        events={e.id: e for e in events},
        clusters=tuple(clusters),
        pairs={(p.a, p.b): p for p in pairs},
        geography=geo,
        cleaned={c.source.id: c for c in cleaned},
    )
    findings, rule_errors = [], []
    for rule in rules:
        ctx.rule_options = {**rule.options, **rule_options(config, rule.id, rule.name)}
        try:
            found = [to_finding(rule, hit, _severity(config, rule, getattr(hit, "severity", None)))
                     for hit in rule.check(ctx)]
        except Exception as exc:  # noqa: BLE001 - a rule's bug is reported as that rule's
            error = rule_failure(rule, exc)
            if not keep_going:
                raise error from exc
            rule_errors.append(str(error))
            continue
        findings.extend(found)
    findings = without_restated(_dedupe(findings), {r.id for r in rules if r.yields})
    findings.sort(key=lambda f: (-SEVERITIES.index(f.severity), -f.confidence, f.id))

    scored = [f for f in findings if f.id not in dismissed]  # an editor's "false alarm" lowers no score
    try:
        scores = score_sources(sources, list(cleaned), claims, events, pairs, scored, dict(config.weights), geo)
    except Exception as exc:  # noqa: BLE001 - as for alignment
        raise StageError.of("reliability scoring", exc, sources) from exc
    return Report(
        sources=sources,
        scores=tuple(scores),
        claims=tuple(claims),
        events=tuple(events),
        clusters=tuple(clusters),
        pairs=tuple(pairs),
        findings=tuple(findings),
        rules=tuple(r.info(_severity(config, r, None)) for r in rules),
        warnings=tuple(warnings) + tuple(rule_errors),
        cleaned=tuple(cleaned),
        rule_errors=tuple(rule_errors),
    )


def without_restated(findings, yielding: set[str]):
    """The findings less those of a rule that yields (`YIELDS = True`) which another rule's finding
    restates: some quote of each of two of its sides overlaps a quote of one finding of a rule that
    does not yield. CC115 (copies of one sentence) leaves a day both copies state to CC103."""
    if not yielding:
        return findings
    others = [f for f in findings if f.rule not in yielding]
    spans = defaultdict(list)  # source -> (start, end, index of the other finding)
    for k, f in enumerate(others):
        for s in f.sides:
            for q in s.quotes:
                spans[q.source].append((q.start, q.end, k))

    def restated(f) -> bool:
        by_side = [{k for q in s.quotes for start, end, k in spans.get(q.source, ()) if start < q.end and q.start < end}
                   for s in f.sides]
        return any(len([s for s in by_side if k in s]) >= 2 for k in set().union(*by_side))

    return [f for f in findings if f.rule not in yielding or not restated(f)]


def _dedupe(findings):
    """Two hits with the same identity (same rule, sides and sources) are one finding."""
    seen = {}
    for f in findings:
        if f.id not in seen or f.confidence > seen[f.id].confidence:
            seen[f.id] = f
    return list(seen.values())
