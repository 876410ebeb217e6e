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

import sqlite3
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from checker.model import REVIEW_STATES, InputError, Report, Review

STORE_SCHEMA_VERSION = 1
STORE_FOLDER = ".claimcheck"  # hidden: the loader skips dot-folders, so the store is never read as an article
STORE_NAME = "reviews.sqlite"
BUSY_TIMEOUT_MS = 10_000

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


class ReviewStoreError(InputError):
    """The review store cannot be used (not a store, newer schema, locked too long): exit code 2."""


def utc_timestamp(now: datetime | None = None) -> str:
    """ISO 8601 in UTC to the second, `2026-11-22T04:06:11Z`; a naive `now` is taken as UTC."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def validate_state(state: str) -> str:
    if state not in REVIEW_STATES:
        raise InputError(f"unknown review state {state!r}; expected one of {', '.join(REVIEW_STATES)}")
    return state


class ReviewStore:
    """An open review store. Use `ReviewStore.open(path)`; close it (or use `with`) when done.

    One connection in autocommit mode (`isolation_level=None`): reads see the last committed state,
    and each write is one explicit `BEGIN IMMEDIATE ... COMMIT`.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self._conn: sqlite3.Connection | None = conn

    # --- opening ------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> "ReviewStore":
        """Open the store at `path`, creating it (and its folder) when `create` and it does not exist.

        Anything that is not a review store — a text file, a corrupt file, some other SQLite database —
        is an `InputError` naming the path ("<path>: not a review store: ...").
        """
        path = Path(path)
        if path.is_dir():
            raise ReviewStoreError(f"{path}: not a review store: it is a folder")
        if not path.exists():
            if not create:
                raise ReviewStoreError(f"{path}: no review store (file not found)")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ReviewStoreError(f"{path}: cannot create review store: {exc.strerror or exc}") from None
        try:
            if create:
                conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            else:  # mode=rw: never create a file as a side effect of reading
                conn = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True,
                                       timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise ReviewStoreError(f"{path}: not a review store: {exc}") from None
        store = cls(path, conn)
        try:
            store._prepare(create)
        except BaseException:
            conn.close()
            raise
        return store

    def _prepare(self, create: bool) -> None:
        conn = self._conn
        assert conn is not None
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # FULL: a commit is on disk when decide() returns, not only safe from a killed process
            conn.execute("PRAGMA synchronous = FULL")
            # the first real read: a file that is not an SQLite database fails here
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise ReviewStoreError(f"{self.path}: not a review store: {exc}") from None
        if not tables and create:
            self._initialise()
            return
        missing = [t for t in ("meta", "decisions", "history") if t not in tables]
        if missing:
            what = "an empty database" if not tables else f"no {missing[0]!r} table"
            raise ReviewStoreError(f"{self.path}: not a review store: {what}")
        version = self._meta("schema_version")
        if version is None or not version.isdigit():
            raise ReviewStoreError(f"{self.path}: not a review store: no schema version")
        if int(version) > STORE_SCHEMA_VERSION:
            raise ReviewStoreError(f"{self.path}: review store has schema version {version}, newer than this "
                                   f"program understands ({STORE_SCHEMA_VERSION}); upgrade claimcheck-news")
        if create:
            self._ensure_wal()

    def _initialise(self) -> None:
        """Create the tables; safe when several processes create the same new store at once."""
        self._ensure_wal()
        with self._write():
            for statement in filter(None, (s.strip() for s in _SCHEMA.split(";"))):
                self._conn.execute(statement)
            self._conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                               (str(STORE_SCHEMA_VERSION),))
            self._conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?)",
                               (utc_timestamp(),))

    def _ensure_wal(self) -> None:
        """WAL mode is stored in the file; switching needs a moment alone with it, so retry while busy."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                mode = self._conn.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise ReviewStoreError(f"{self.path}: cannot open review store: {exc}") from None
                if time.monotonic() > deadline:
                    raise ReviewStoreError(f"{self.path}: review store is busy: {exc}") from None
                time.sleep(0.05)
            except sqlite3.DatabaseError as exc:
                raise ReviewStoreError(f"{self.path}: not a review store: {exc}") from None

    def _meta(self, key: str) -> str | None:
        row = self._execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def schema_version(self) -> int:
        return int(self._meta("schema_version") or 0)

    # --- transactions -------------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ValueError(f"{self.path}: review store is closed")
        return self._conn

    def _execute(self, sql: str, params: Sequence = ()) -> sqlite3.Cursor:
        try:
            return self._connection().execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise ReviewStoreError(f"{self.path}: review store error: {exc}") from None

    def _write(self) -> "_Immediate":
        return _Immediate(self)

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

    def integrity_check(self) -> str:
        return str(self._execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> "ReviewStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Immediate:
    """`with store._write() as conn:` — BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on any exception."""

    def __init__(self, store: ReviewStore):
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        conn = self.store._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")  # take the write lock now (waits up to the busy timeout)
        except sqlite3.DatabaseError as exc:
            raise ReviewStoreError(f"{self.store.path}: cannot write review store: {exc}") from None
        return conn

    def __exit__(self, exc_type, exc, tb) -> None:
        conn = self.store._connection()
        if exc_type is None:
            try:
                conn.execute("COMMIT")
                return
            except sqlite3.DatabaseError as err:
                _rollback(conn)
                raise ReviewStoreError(f"{self.store.path}: cannot write review store: {err}") from None
        _rollback(conn)
        if isinstance(exc, sqlite3.DatabaseError):
            raise ReviewStoreError(f"{self.store.path}: cannot write review store: {exc}") from None


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


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
