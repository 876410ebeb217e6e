"""Gate one article against a claim store: extract it, find the stored articles it may touch through
the blocking index, judge it together with them, and say whether it passes.

The verdict depends only on the article and on the set of stored articles, never on the order they
were stored in: each stored article's claims are its own extraction (checker.storage.store), neighbours are
chosen by a deterministic ranking of shared keys, and the neighbourhood is judged sorted by id with the
same stages as `check` (person names unified across it, events rebuilt, alignment, rules, reliability).

What "touch" means: an event of the article and a stored event share a named person (by family name),
an institution, a place, a country or a shingle of a sentence one may have copied from the other, and
are dated within WINDOW_DAYS of each other (by the event's own date or, failing that, the publication
date), or either is undated. Of those, the MAX_NEIGHBOURS
stored articles sharing the most (weighted) keys, nearest in time first, are judged with it — plus a
second step: the articles that share keys with its best neighbours. `check` groups reports of one event
into clusters through a central report, so an article can be in a finding with a report it shares no
key with (it agrees with the centre on the date; the other report, naming no one, disagrees with both).
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterator, Sequence

from checker.alignment.align import MAX_GAP_ALIKE, MAX_GAP_WITHOUT_NAMES, copy_keys
from checker.alignment.events import build_events
from checker.config import Config
from checker.extraction.claims import with_event
from checker.extraction.gazetteer import default_gazetteer
from checker.extraction.people import unify_people
from checker.judging.thresholds import threshold_failures
from checker.model import Claim, Event, Finding, InputError, Report, Source, SourceScore
from checker.reading.clean import clean, with_found_title
from checker.running.documents import analyse_with_keys
from checker.running.guard import Skipped, failure_reason, time_limit, worker_init
from checker.running.pipeline import geography_from_claims, judge
from checker.storage.serialize import dumps, metadata_to_dict
from checker.storage.store import Candidate, ClaimStore, KeyRow, PutResult, StoredArticle

WINDOW_DAYS = 13  # as `check` blocks places per ISO week and the weeks either side: up to 13 days apart
MAX_NEIGHBOURS = 30  # stored articles judged with a newcomer; a story has 2-8 sources, the rest is margin
STRONG_WEIGHT = 2  # a shared person, institution or place (or two countries); one country alone is weak
MAX_WEAK = 5
SECOND_HOP_FROM = 5  # the best neighbours whose own keys are followed one step further,
SECOND_HOP_WINDOW = 2  # to articles dated within this many days of them (as `check` joins reports
SECOND_HOP_MAX = 5  # without shared names: checker.alignment.align.MAX_GAP_WITHOUT_NAMES); at most this many
DEFAULT_FAIL_ON = "high"  # a gate with no thresholds configured still stops high-severity conflicts

_KEY_WEIGHTS = {"family": 3, "org": 3, "copy": 3, "place": 2, "country": 1}
_NAMED = ("family:", "org:")


def content_hash(source: Source) -> str:
    """What makes two versions of an article the same: its text and metadata (not where the file was)."""
    data = dumps({"text": source.text, "metadata": metadata_to_dict(source.metadata)})
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def analyse_article(source: Source, gazetteer=None) -> StoredArticle:
    """The per-article stages (clean, sentences, claims, events) and its blocking keys."""
    gazetteer = gazetteer or default_gazetteer()
    cleaned, analysis = analyse_with_keys(with_found_title(clean(source)), gazetteer)
    # people and containment travel inside the claims; the typed details are not stored, so a fresh
    # article is judged from exactly what it will be judged from once stored
    claims = tuple(replace(c, detail={}) for c in analysis.claims)
    analysis = replace(analysis, claims=claims, people=(), containment=())
    events, event_of = build_events(analysis)
    claims = {c.id: c for c in with_event(analysis.claims, event_of)}
    return StoredArticle(
        source=cleaned.source,
        content_hash=content_hash(source),
        cleaned=cleaned,
        analysis=analysis,
        events=tuple(events),
        keys=index_keys(events, claims, cleaned.source.metadata.published),
    )


def analyse_or_skip(source: Source) -> StoredArticle | Skipped:
    """`analyse_article` within the per-document time limit; a failure is a `Skipped` record, never an
    exception (checker.running.guard)."""
    try:
        with time_limit():
            return analyse_article(source)
    except Exception as exc:  # noqa: BLE001 - one article's failure costs only that article
        return Skipped(source.id, source.path, "analysis", failure_reason(exc))


def analyse_many(sources: Sequence[Source], *, jobs: int = 1, chunksize: int = 16,
                 skipped: list[Skipped] | None = None) -> Iterator[StoredArticle]:
    """`analyse_article` over many sources, in `jobs` processes when that pays; results in input order.

    An article whose analysis fails or runs past the time limit is appended to `skipped` and left out;
    without a `skipped` list it stops the iteration with an InputError naming it. Worker processes
    ignore Ctrl-C (the parent stops the pool) and die with the parent, however it dies."""
    def kept(results) -> Iterator[StoredArticle]:
        for result in results:
            if isinstance(result, Skipped):
                if skipped is None:
                    raise InputError(result.warning())
                skipped.append(result)
            else:
                yield result

    if jobs <= 1 or len(sources) < 2 * chunksize:
        yield from kept(analyse_or_skip(s) for s in sources)
        return
    import multiprocessing

    parent = os.getpid() if multiprocessing.get_start_method() == "fork" else None  # else: the forkserver's
    with ProcessPoolExecutor(max_workers=jobs, initializer=worker_init, initargs=(parent,)) as pool:
        yield from kept(pool.map(analyse_or_skip, sources, chunksize=chunksize))


def index_keys(events: Sequence[Event], claims: dict[str, Claim], published: date | None) -> tuple[KeyRow, ...]:
    """The blocking keys of the article's reported events, each on every day the event is placed on, and
    the names of its related events (a related happening joins the cluster of another report that
    names its people: checker.alignment.align.related_joins).

    People are keyed by family name (the last word of their key), so spelling variants that `check`
    unifies still meet; the days are the event's resolved dates plus the publication date, so two
    reports that disagree about the date still meet when they were published close together.
    """
    rows = []
    for e in events:
        if e.role not in ("reported", "related"):
            continue
        keys = set()
        for p in e.participants:
            kind, _, name = p.partition(":")
            if kind in ("person", "name"):  # titled or not ("Lena Hart"), as `check` blocks on both
                keys.add("family:" + name.split()[-1])
            elif kind in ("org", "country"):
                keys.add(p)
        related = e.role == "related"  # joins another report's cluster through a name it shares (align.related_joins)
        if related:
            keys = {k for k in keys if k.startswith("family:")}
        else:
            keys |= {"place:" + p for p in e.places}
            keys |= copy_keys(e)  # a sentence it may share with a copy, as `check` blocks on them
        event_days = set()
        for cid in e.claim_ids:
            c = claims[cid]
            if c.kind == "place" and c.normalized.get("country") and not related:
                keys.add("country:" + c.normalized["country"])
            if c.kind == "time" and c.role == "reported" and c.normalized.get("date"):
                event_days.add(date.fromisoformat(c.normalized["date"]).toordinal())
        days = {d: True for d in event_days}
        if published and published.toordinal() not in days:
            days[published.toordinal()] = False
        if related:
            days = {}  # a recalled happening may lie years back: the trial report recalls the shooting of 2019
        for key in sorted(keys):
            weight = _KEY_WEIGHTS.get(key.partition(":")[0], 1)
            if not days:
                rows.append(KeyRow(key, None, weight, e.id))
            rows += [KeyRow(key, day, weight, e.id, dated) for day, dated in sorted(days.items())]
    return tuple(rows)


def rank_candidates(candidates: Sequence[Candidate], limit: int = MAX_NEIGHBOURS) -> list[str]:
    """The stored articles to judge with the newcomer: most shared weight, then nearest in time, then id.

    Articles that share only a country (weight 1) are many in a big store and rarely the same event;
    at most MAX_WEAK of them, the nearest in time, are judged.
    """
    far = 10**9

    def order(c: Candidate) -> tuple:
        return (-c.weight, far if c.gap is None else c.gap, c.source_id)

    strong = sorted((c for c in candidates if c.weight >= STRONG_WEIGHT), key=order)[:limit]
    weak = sorted((c for c in candidates if c.weight < STRONG_WEIGHT), key=lambda c: order(c)[1:])
    return [c.source_id for c in strong] + [c.source_id for c in weak[: min(MAX_WEAK, limit - len(strong))]]


def neighbourhood(store: ClaimStore, article: StoredArticle, max_neighbours: int = MAX_NEIGHBOURS) -> list[str]:
    """The ids of the stored articles to judge the newcomer with (see the module docstring)."""
    sid = article.source.id
    candidates = _could_be_same_event(store, article, store.candidates(article.keys, window_days=WINDOW_DAYS, exclude=sid))
    first = rank_candidates(candidates, max_neighbours)
    own = {(k.key, k.day) for k in article.keys}
    followed = first[:SECOND_HOP_FROM]
    further = [k for k in store.keys_of(followed) if (k.key, k.day) not in own]
    if not further:
        return first
    taken = set(first) | {sid}
    second = [c for c in store.candidates(further, window_days=SECOND_HOP_WINDOW) if c.source_id not in taken]
    return first + rank_candidates(second, SECOND_HOP_MAX)


def _could_be_same_event(store: ClaimStore, article: StoredArticle, candidates: list[Candidate]) -> list[Candidate]:
    """Drop the stored articles `check` would judge a different event whatever else they share
    (checker.alignment.align._label), which in a big store are most of those in the same city the same month:

    - it names two or more parties and the newcomer names two or more others (participant conflict);
    - neither names a party the other does, and the dates their texts give are more than
      MAX_GAP_WITHOUT_NAMES days apart (two floods in one city a week apart are two floods), unless
      they share a place and lie within MAX_GAP_ALIKE days: `check` still compares such reports when
      they read alike and were published close together (one may misdate the event), and only
      judging them together tells.
    """
    candidates = [c for c in candidates
                  if c.named or c.event_gap is None or c.event_gap <= MAX_GAP_WITHOUT_NAMES
                  or (c.event_gap <= MAX_GAP_ALIKE and c.weight >= STRONG_WEIGHT)]
    own = {k.key for k in article.keys if k.key.startswith(_NAMED)}
    if len(own) < 2 or not candidates:
        return candidates
    named = store.named_keys([c.source_id for c in candidates])
    return [c for c in candidates if len(named[c.source_id]) < 2 or named[c.source_id] & own]


def judge_articles(articles: Sequence[StoredArticle], config: Config, *,
                   dismissed: frozenset[str] | set[str] = frozenset()) -> Report:
    """Judge stored articles together exactly as `check` judges a corpus: people unified across them,
    events rebuilt from the unified claims, then alignment, rules and reliability. A rule that raises
    is recorded in `Report.rule_errors` (naming its file and line) and the other rules' findings are
    kept, as `check` keeps them."""
    articles = sorted(articles, key=lambda a: a.source.id)
    by_source: dict[str, list[Claim]] = {a.source.id: [] for a in articles}
    for c in unify_people([c for a in articles for c in a.analysis.claims]):
        by_source[c.source_id].append(c)
    claims: list[Claim] = []
    events: list[Event] = []
    for a in articles:
        analysis = replace(a.analysis, claims=tuple(by_source[a.source.id]))
        evs, event_of = build_events(analysis)
        events.extend(evs)
        claims.extend(with_event(analysis.claims, event_of))
    geo = geography_from_claims(claims, default_gazetteer())
    return judge([a.cleaned for a in articles], claims, events, geo, config, dismissed=dismissed, keep_going=True)


@dataclass(frozen=True)
class Verdict:
    """The gate's answer for one article."""

    article: Source
    content_hash: str
    score: SourceScore
    findings: tuple[Finding, ...]  # its findings against stored articles (and within itself)
    dismissed: tuple[Finding, ...]  # findings an editor dismissed: they neither fail it nor lower its score
    neighbours: tuple[str, ...]  # the stored articles it was judged with
    passed: bool
    reasons: tuple[str, ...]  # why it failed, one phrase each
    report: Report  # the article, the sources its findings involve, and those findings: for SARIF/HTML
    ingested: PutResult | None = None  # with ingest_on_pass: what the store did

    @property
    def rule_errors(self) -> tuple[str, ...]:
        """Rules that raised while judging it (bugs: the CLI exits 3); their findings are missing."""
        return self.report.rule_errors


def gate_config(config: Config) -> Config:
    """A gate always has a threshold: the configured ones, or --fail-on high when none is set."""
    from checker.judging.thresholds import with_default_threshold

    return with_default_threshold(config)


def gate(store: ClaimStore, source: Source, config: Config | None = None, *,
         dismissed: frozenset[str] | set[str] = frozenset(), ingest_on_pass: bool = False,
         max_neighbours: int = MAX_NEIGHBOURS, article: StoredArticle | None = None) -> Verdict:
    """Judge `source` against the store with `config`'s thresholds as given (see `gate_config`; no config:
    --fail-on high). With `ingest_on_pass`, a passing article is stored in the same
    write transaction as the judging reads, so two gates cannot both let in articles that contradict
    each other unseen."""
    config = config or gate_config(Config())
    article = article or analyse_article(source)
    if not ingest_on_pass:
        return _verdict(store, article, config, dismissed, max_neighbours)
    with store.write_lock() as conn:
        verdict = _verdict(store, article, config, dismissed, max_neighbours)
        if not verdict.passed or verdict.rule_errors:  # half-judged: a failed rule may have found a conflict
            return verdict
        from checker.render.verdict import verdict_to_dict  # the stored verdict is the printed one

        put = store.put_locked(conn, article, verdict=verdict_to_dict(replace(verdict, ingested=None)))
    return replace(verdict, ingested=put)


def _verdict(store: ClaimStore, article: StoredArticle, config: Config, dismissed, max_neighbours: int) -> Verdict:
    sid = article.source.id
    neighbours = store.load(neighbourhood(store, article, max_neighbours))
    report = judge_articles([article, *neighbours], config, dismissed=dismissed)
    mine = [f for f in report.findings if any(sid in side.sources for side in f.sides)]
    shown = tuple(f for f in mine if f.id not in dismissed)
    hidden = tuple(f for f in mine if f.id in dismissed)
    score = next(s for s in report.scores if s.source_id == sid)
    involved = {sid} | {s for f in mine for side in f.sides for s in side.sources}
    own = replace(
        report,
        sources=tuple(s for s in report.sources if s.id in involved),
        scores=(replace(score, rank=1),),
        claims=tuple(c for c in report.claims if c.source_id in involved),
        events=tuple(e for e in report.events if e.source_id in involved),
        clusters=(), pairs=(),
        findings=shown,
        hidden=hidden,
        cleaned=tuple(c for c in report.cleaned if c.source.id in involved),
    )
    reasons = tuple(threshold_failures(own, config))
    return Verdict(
        article=article.source, content_hash=article.content_hash, score=score, findings=shown, dismissed=hidden,
        neighbours=tuple(a.source.id for a in neighbours), passed=not reasons, reasons=reasons, report=own,
    )
