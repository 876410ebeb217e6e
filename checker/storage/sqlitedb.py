"""What the review store and the claim store share: one SQLite file, opened safely, versioned, and
written only in `BEGIN IMMEDIATE` transactions.

Why these rules (see /work/shared/FIELD-NOTES.md): WAL journal so readers never block the writer and a
commit survives `kill -9`; a busy timeout so concurrent writers wait instead of failing; and every
writer takes the write lock up front — a deferred transaction that reads and then writes can lose rows
under contention.

A store subclass declares `WHAT` (its name in messages), `ERROR` (an InputError subclass: exit code 2),
`TABLES` (whose absence means "not a <what>") and `MIGRATIONS`: version -> SQL that brings the schema
from the version before to that one. Opening a store applies the missing migrations in one transaction;
a store newer than the program is refused with a message that says to upgrade.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from checker.model import InputError

BUSY_TIMEOUT_MS = 10_000


class StoreError(InputError):
    """A store file cannot be used (not a store, newer schema, locked too long): exit code 2."""


def utc_timestamp(now: datetime | None = None) -> str:
    """ISO 8601 in UTC to the second, `2026-11-22T04:06:11Z`; a naive `now` is taken as UTC."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _statements(script: str) -> list[str]:
    """A migration script cut into statements; a `;` inside a comment or string does not end one."""
    out, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    if buf.strip(" \n;"):
        out.append(buf.strip())
    return out


def readonly_message(path: Path, what: str) -> str:
    """Why a store cannot be written, in words: its folder or the file itself is read-only."""
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK):
        return (f"{path}: cannot use the {what}: its folder {folder} cannot be written (SQLite needs to "
                f"create {path.name}-wal and {path.name}-shm beside it)")
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path}: cannot use the {what}: the file is read-only"
    return f"{path}: cannot use the {what}: it or its folder {folder} is read-only"


class SQLiteStore:
    """An open store file. Use `open(path)`; close it (or use `with`) when done.

    One connection in autocommit mode (`isolation_level=None`): reads see the last committed state, and
    each write is one explicit `BEGIN IMMEDIATE ... COMMIT` (`with store._write() as conn:`).
    """

    WHAT = "store"
    ERROR: type[StoreError] = StoreError
    TABLES: tuple[str, ...] = ("meta",)
    MIGRATIONS: dict[int, str] = {}
    SYNCHRONOUS = "FULL"  # FULL: on disk when a write returns; NORMAL (WAL): safe from a killed process only

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self._conn: sqlite3.Connection | None = conn

    @classmethod
    def schema_target(cls) -> int:
        return max(cls.MIGRATIONS, default=0)

    # --- opening ------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True):
        """Open the store at `path`, creating it (and its folder) when `create` and it does not exist.

        Anything that is not such a store — a text file, a corrupt file, some other SQLite database — is
        an error naming the path ("<path>: not a <what>: ...").
        """
        path = Path(path)
        if path.is_dir():
            raise cls.ERROR(f"{path}: not a {cls.WHAT}: it is a folder")
        if not path.exists():
            if not create:
                raise cls.ERROR(f"{path}: no {cls.WHAT} (file not found)")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise cls.ERROR(f"{path}: cannot create {cls.WHAT}: {exc.strerror or exc}") from None
        try:
            if create:
                conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            else:  # mode=rw: never create a file as a side effect of reading
                conn = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True,
                                       timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise cls.ERROR(f"{path}: not a {cls.WHAT}: {exc}") from None
        store = cls(path, conn)
        try:
            store._prepare(create)
        except BaseException:
            conn.close()
            raise
        return store

    def _prepare(self, create: bool) -> None:
        conn = self._connection()
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute(f"PRAGMA synchronous = {self.SYNCHRONOUS}")
            # the first real read: a file that is not an SQLite database fails here
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise self.ERROR(self._readonly_message(exc) or f"{self.path}: not a {self.WHAT}: {exc}") from None
        if not tables and create:
            self._ensure_wal()
            self._migrate()
            return
        missing = [t for t in self.TABLES if t not in tables]
        if missing:
            what = "an empty database" if not tables else f"no {missing[0]!r} table"
            raise self.ERROR(f"{self.path}: not a {self.WHAT}: {what}")
        version = self._meta("schema_version")
        if version is None or not version.isdigit():
            raise self.ERROR(f"{self.path}: not a {self.WHAT}: no schema version")
        if int(version) > self.schema_target():
            raise self.ERROR(f"{self.path}: {self.WHAT} has schema version {version}, newer than this "
                             f"program understands ({self.schema_target()}); upgrade claimcheck-news")
        if create:
            self._ensure_wal()
        if int(version) < self.schema_target():
            self._migrate()

    def _migrate(self) -> None:
        """Bring the schema to `schema_target()`; safe when several processes open a new store at once
        (the version is read again inside the write transaction)."""
        with self._write() as conn:
            has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() if has_meta else None
            current = int(row[0]) if row else 0
            for version in sorted(v for v in self.MIGRATIONS if v > current):
                for statement in _statements(self.MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(version),))
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?)", (utc_timestamp(),))

    def _ensure_wal(self) -> None:
        """WAL mode is stored in the file; switching needs a moment alone with it, so retry while busy."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                mode = self._connection().execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    self._connection().execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise self.ERROR(self._readonly_message(exc) or f"{self.path}: cannot open {self.WHAT}: {exc}") from None
                if time.monotonic() > deadline:
                    raise self.ERROR(f"{self.path}: {self.WHAT} is busy: {exc}") from None
                time.sleep(0.05)
            except sqlite3.DatabaseError as exc:
                raise self.ERROR(f"{self.path}: not a {self.WHAT}: {exc}") from None

    def _meta(self, key: str) -> str | None:
        row = self._execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def schema_version(self) -> int:
        return int(self._meta("schema_version") or 0)

    # --- statements and transactions ----------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ValueError(f"{self.path}: {self.WHAT} is closed")
        return self._conn

    def _execute(self, sql: str, params: Sequence = ()) -> sqlite3.Cursor:
        try:
            return self._connection().execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise self.ERROR(self._readonly_message(exc) or f"{self.path}: {self.WHAT} error: {exc}") from None

    def _write(self) -> "Immediate":
        return Immediate(self)

    def integrity_check(self) -> str:
        return str(self._execute("PRAGMA integrity_check").fetchone()[0])

    def check_integrity(self) -> None:
        """Refuse a damaged store (StoreError, exit 2): SQLite's `PRAGMA quick_check`, which reads every
        page once and checks its structure but not that indexes match their tables — cheap enough for
        every gate (about 0.1 s for 100 MB; docs/pipelines.md)."""
        try:
            rows = [str(r[0]) for r in self._connection().execute("PRAGMA quick_check(5)")]
        except sqlite3.DatabaseError as exc:
            rows = [str(exc)]
        if rows != ["ok"]:
            raise self.ERROR(f"{self.path}: the {self.WHAT} is damaged ({'; '.join(rows)[:300]}); restore it "
                             "from a backup or rebuild it with 'check ingest'")

    def _readonly_message(self, exc: Exception) -> str | None:
        """A plain message for SQLite's "attempt to write a readonly database": WAL needs to create
        `<name>-wal` and `<name>-shm` beside the store, so its folder must be writable."""
        if "readonly" not in str(exc).replace("read-only", "readonly"):
            return None
        return readonly_message(self.path, self.WHAT)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Immediate:
    """`with store._write() as conn:` — BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on any exception."""

    def __init__(self, store: SQLiteStore):
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        conn = self.store._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")  # take the write lock now (waits up to the busy timeout)
        except sqlite3.DatabaseError as exc:
            raise self.store.ERROR(self.store._readonly_message(exc)
                                   or f"{self.store.path}: cannot write {self.store.WHAT}: {exc}") from None
        return conn

    def __exit__(self, exc_type, exc, tb) -> None:
        conn = self.store._connection()
        if exc_type is None:
            try:
                conn.execute("COMMIT")
                return
            except sqlite3.DatabaseError as err:
                rollback(conn)
                raise self.store.ERROR(self.store._readonly_message(err)
                                       or f"{self.store.path}: cannot write {self.store.WHAT}: {err}") from None
        rollback(conn)
        if isinstance(exc, sqlite3.DatabaseError):
            raise self.store.ERROR(self.store._readonly_message(exc)
                                   or f"{self.store.path}: cannot write {self.store.WHAT}: {exc}") from None


def rollback(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
