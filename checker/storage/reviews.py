"""Editor decisions on findings, kept in a small SQLite file so a decided conflict does not come back.

A decision (`model.Review`) is keyed by the finding's stable id (`Finding.id`, which ignores character
offsets), so a rerun on the same corpus, an edited one or a grown one reattaches it to the same
finding. Each decision also keeps a snapshot of the finding's rule and summary, so one whose finding no
longer appears can still be shown ("stale").

Why SQLite and not a JSON file: several editors (or an editor and a CI job) may write at once, from
different processes; a SQLite transaction is atomic and, in WAL mode, a commit survives `kill -9` of
the writer; and an append-only history table comes for free. See docs/reviews.md.

Concurrency rules (see /work/shared/FIELD-NOTES.md): WAL journal, a busy timeout, and every writer
takes the write lock up front with `BEGIN IMMEDIATE` — a deferred transaction that reads and then
writes can lose rows under contention.

Layout:

    meta(key PRIMARY KEY, value)                       -- schema_version, created_at
    decisions(finding_id PRIMARY KEY, state, note, reviewer, decided_at, rule, summary)
    history(seq INTEGER PRIMARY KEY AUTOINCREMENT, finding_id, state, note, reviewer, decided_at,
            rule, summary)                             -- append-only, one row per decision
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Sequence

from checker.model import REVIEW_STATES, InputError, Report, Review
from checker.storage.sqlitedb import SQLiteStore, StoreError, utc_timestamp

STORE_SCHEMA_VERSION = 1
STORE_FOLDER = ".claimcheck"  # hidden: the loader skips dot-folders, so the store is never read as an article
STORE_NAME = "reviews.sqlite"

_FIELDS = ("finding_id", "state", "note", "reviewer", "decided_at", "rule", "summary")
_COLUMNS = ", ".join(_FIELDS)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
    finding_id TEXT PRIMARY KEY,
    state      TEXT NOT NULL,  -- one of model.REVIEW_STATES, checked by decide()
    note       TEXT NOT NULL DEFAULT '',
    reviewer   TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL,
    rule       TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS history (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    finding_id TEXT NOT NULL,
    state      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    reviewer   TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL,
    rule       TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS history_finding ON history (finding_id, seq);
"""


class ReviewStoreError(StoreError):
    """The review store cannot be used (not a store, newer schema, locked too long): exit code 2."""


def validate_state(state: str) -> str:
    if state not in REVIEW_STATES:
        raise InputError(f"unknown review state {state!r}; expected one of {', '.join(REVIEW_STATES)}")
    return state


class ReviewStore(SQLiteStore):
    """An open review store. Use `ReviewStore.open(path)`; close it (or use `with`) when done."""

    WHAT = "review store"
    ERROR = ReviewStoreError
    TABLES = ("meta", "decisions", "history")
    MIGRATIONS = {STORE_SCHEMA_VERSION: _SCHEMA}

    # --- the API ------------------------------------------------------------------------------------

    def decide(self, finding_id: str, state: str, *, note: str = "", reviewer: str = "", rule: str = "",
               summary: str = "", now: datetime | None = None) -> Review:
        """Record a decision: the current one replaces any earlier one, and history gets a row.

        Both writes are one `BEGIN IMMEDIATE` transaction. An empty `rule`/`summary` keeps the snapshot
        an earlier decision stored (a decision made without a run does not erase it).
        """
        validate_state(state)
        finding_id = (finding_id or "").strip()
        if not finding_id:
            raise InputError("a decision needs a finding id")
        decided_at = utc_timestamp(now)
        with self._write() as conn:
            old = conn.execute("SELECT rule, summary FROM decisions WHERE finding_id = ?", (finding_id,)).fetchone()
            if old is not None:
                rule, summary = rule or old[0], summary or old[1]
            review = Review(finding_id, state, note or "", reviewer or "", decided_at, rule or "", summary or "")
            values = tuple(getattr(review, f) for f in _FIELDS)
            conn.execute(f"INSERT INTO decisions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (finding_id) DO UPDATE SET state = excluded.state, note = excluded.note, "
                         "reviewer = excluded.reviewer, decided_at = excluded.decided_at, "
                         "rule = excluded.rule, summary = excluded.summary", values)
            conn.execute(f"INSERT INTO history ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", values)
        return review

    def get(self, finding_id: str) -> Review | None:
        row = self._execute(f"SELECT {_COLUMNS} FROM decisions WHERE finding_id = ?", (finding_id,)).fetchone()
        return None if row is None else Review(*row)

    def all(self) -> list[Review]:
        """Every current decision, sorted by finding id."""
        return [Review(*row) for row in self._execute(f"SELECT {_COLUMNS} FROM decisions ORDER BY finding_id")]

    def history(self, finding_id: str | None = None) -> list[Review]:
        """Every decision ever recorded (of one finding, or all), oldest first."""
        if finding_id is None:
            rows = self._execute(f"SELECT {_COLUMNS} FROM history ORDER BY seq")
        else:
            rows = self._execute(f"SELECT {_COLUMNS} FROM history WHERE finding_id = ? ORDER BY seq", (finding_id,))
        return [Review(*row) for row in rows]


# --- where the store lives --------------------------------------------------------------------------


def default_reviews_path(paths: Sequence[str | Path]) -> Path:
    """Where decisions about this corpus are kept by default: next to the corpus.

    The first path decides: a folder keeps them in `<folder>/.claimcheck/reviews.sqlite`; a file (or
    a path that does not exist) beside it, in `<parent>/.claimcheck/reviews.sqlite`. So `check
    stories/` and `check stories/*.md` find the same store. The loader skips dot-folders, so the store
    is never read as an article.
    """
    if not paths:
        raise InputError("no paths given to find the review store for")
    first = Path(paths[0])
    folder = first if first.is_dir() else first.parent
    return folder / STORE_FOLDER / STORE_NAME


def read_reviews(path: Path) -> list[Review]:
    """All current decisions of an existing store (never creates one)."""
    with ReviewStore.open(path, create=False) as store:
        return store.all()


# --- attaching decisions to a report ----------------------------------------------------------------


def dismissed_ids(reviews: Sequence[Review] | None) -> set[str]:
    return {r.finding_id for r in reviews or () if r.state == "dismissed"}


def apply_reviews(report: Report, reviews: Sequence[Review], *, show_dismissed: bool,
                  path: str | Path | None = None) -> Report:
    """The report with each decision attached to its finding (`Finding.review`).

    Dismissed findings move to `Report.hidden` unless `show_dismissed`; decisions whose finding is not
    in the report (neither shown nor hidden) become `Report.stale_reviews`, sorted by finding id — they
    are never dropped. Finding order is kept. `path` (where the decisions came from) becomes
    `Report.reviews_path`; when None, an existing `reviews_path` is kept.
    """
    by_id = {r.finding_id: r for r in reviews}
    shown, hidden = [], list(report.hidden)
    for f in report.findings:
        review = by_id.get(f.id, f.review)
        f = replace(f, review=review) if review is not f.review else f
        if review is not None and review.state == "dismissed" and not show_dismissed:
            hidden.append(f)
        else:
            shown.append(f)
    present = {f.id for f in report.findings} | {f.id for f in report.hidden}
    stale = {r.finding_id: r for r in report.stale_reviews}
    stale.update({r.finding_id: r for r in reviews if r.finding_id not in present})
    return replace(report, findings=tuple(shown), hidden=tuple(hidden),
                   stale_reviews=tuple(stale[k] for k in sorted(stale)),
                   reviews_path=str(path) if path is not None else report.reviews_path)
