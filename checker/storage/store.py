"""The claim store: what an ingestion pipeline keeps of every accepted article, in one SQLite file.

A gate checks a new article against the stored ones it may be about. To do that without re-reading or
re-extracting the corpus, the store keeps each article's text, metadata, cleaned segments, claims and
the per-article analysis events are built from (checker.storage.serialize), plus a blocking index: the keys of
its reported events (named people by family name, institutions, places, countries), each with the
days it is dated to. `candidates()` reads that index — never the whole corpus — to find the articles a
newcomer shares keys with, nearest in time first.

Layout (schema version 2; `MIGRATIONS` builds it from nothing or from version 1):

    meta(key PRIMARY KEY, value)            schema_version, created_at
    sources(id PRIMARY KEY, content_hash, version, path, title, outlet, url, published, dateline,
            text, cleaned, analysis, extractor, ingested_at, updated_at)
    claims(source_id, seq, id, kind, value, role, data)       one row per claim, data = its JSON
    events(id PRIMARY KEY, source_id, role, action, label, data)   the article's own events
    keys(key, day, weight, source_id, event_id)               the blocking index
    history(seq, source_id, action, content_hash, version, at)    added / updated / removed
    verdicts(source_id PRIMARY KEY, content_hash, score, passed, findings, data, judged_at)
                                            the gate's verdict when an article was let in (v2)

Writes are one `BEGIN IMMEDIATE` transaction per article: a process killed mid-ingest leaves the store
as it was before that article. The journal is WAL with `synchronous = NORMAL`: a commit survives a
killed process; only a power cut can lose the last commits (never corrupt the file).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Sequence

from checker import __version__
from checker.model import Claim, Event, Source
from checker.storage.serialize import (analysis_from_dict, analysis_to_dict, claim_from_dict, claim_to_dict,
                                       cleaned_from_dict, cleaned_to_dict, dumps, metadata_from_dict, metadata_to_dict)
from checker.storage.sqlitedb import SQLiteStore, StoreError, utc_timestamp

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE sources (
    id           TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,     -- sha256 of text and metadata: re-ingesting the same is a no-op
    version      INTEGER NOT NULL,  -- 1, then +1 for each update of the article
    path         TEXT NOT NULL,
    title        TEXT,
    outlet       TEXT,
    url          TEXT,
    published    TEXT,              -- ISO date
    dateline     TEXT,
    text         TEXT NOT NULL,
    cleaned      TEXT NOT NULL,     -- JSON: segments and dateline (checker.storage.serialize)
    analysis     TEXT NOT NULL,     -- JSON: lead, event sentences and words (checker.storage.serialize)
    extractor    TEXT NOT NULL,     -- the claimcheck-news version that extracted the claims
    ingested_at  TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE TABLE claims (
    source_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    id        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    value     TEXT NOT NULL,
    role      TEXT NOT NULL,
    data      TEXT NOT NULL,        -- JSON of the whole claim
    PRIMARY KEY (source_id, seq)
);
CREATE INDEX claims_kind ON claims (kind, value);
CREATE TABLE events (
    id        TEXT PRIMARY KEY,
    source_id TEXT NOT NULL,
    role      TEXT NOT NULL,
    action    TEXT NOT NULL,
    label     TEXT NOT NULL,
    data      TEXT NOT NULL         -- JSON: claim ids, participants, places, times
);
CREATE INDEX events_source ON events (source_id);
CREATE TABLE keys (
    key       TEXT NOT NULL,
    day       INTEGER,              -- proleptic ordinal of a date the event is placed on; NULL: undated
    dated     INTEGER NOT NULL,     -- 1: the event's own date; 0: the publication date
    weight    INTEGER NOT NULL,
    source_id TEXT NOT NULL,
    event_id  TEXT NOT NULL
);
CREATE INDEX keys_lookup ON keys (key, day, source_id, weight);
CREATE INDEX keys_source ON keys (source_id);
CREATE TABLE history (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id    TEXT NOT NULL,
    action       TEXT NOT NULL,     -- added | updated | removed
    content_hash TEXT NOT NULL,
    version      INTEGER NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX history_source ON history (source_id, seq)
"""

_V2 = """
CREATE TABLE verdicts (
    source_id    TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    score        REAL NOT NULL,
    passed       INTEGER NOT NULL,
    findings     INTEGER NOT NULL,
    data         TEXT NOT NULL,     -- JSON: the verdict as `check gate --format json` prints it
    judged_at    TEXT NOT NULL
)
"""

MAX_ROWS_PER_KEY = 2_000  # a key shared by more stored events than this is read nearest-in-time first


class ClaimStoreError(StoreError):
    """The claim store cannot be used (not a store, newer schema, locked too long): exit code 2."""


@dataclass(frozen=True)
class KeyRow:
    """One entry of the blocking index: an event of an article can be found by `key` around `day`."""

    key: str
    day: int | None
    weight: int
    event_id: str
    dated: bool = False  # `day` is a date the text gives the event (not only the publication date)


@dataclass(frozen=True)
class StoredArticle:
    """Everything judging needs of one article, as extracted from it alone (see checker.running.gate)."""

    source: Source
    content_hash: str
    cleaned: object  # CleanedSource
    analysis: object  # SourceClaims, with the article's own (not yet cross-source unified) person keys
    events: tuple[Event, ...] = ()
    keys: tuple[KeyRow, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A stored article that shares blocking keys with a newcomer."""

    source_id: str
    weight: int  # the summed weights of the distinct keys shared
    gap: int | None  # days between the nearest days of shared keys, None when either side is undated
    event_gap: int | None = None  # days between the nearest event dates the texts give, None if unknown
    named: bool = False  # shares a named person (by family name) or institution


@dataclass(frozen=True)
class PutResult:
    source_id: str
    action: str  # "added" | "updated" | "unchanged"
    version: int
    content_hash: str


class ClaimStore(SQLiteStore):
    WHAT = "claim store"
    ERROR = ClaimStoreError
    TABLES = ("meta", "sources", "claims", "events", "keys", "history")
    MIGRATIONS = {1: _V1, 2: _V2}
    SYNCHRONOUS = "NORMAL"

    # --- writing ------------------------------------------------------------------------------------

    def put(self, article: StoredArticle, *, verdict: dict | None = None) -> PutResult:
        """Add an article, or replace an older version of it (same id, other content), in one transaction.

        The same content again changes nothing. With `verdict`, the gate's verdict is recorded in the
        same transaction (`check gate --ingest-on-pass`).
        """
        with self.write_lock() as conn:
            return self.put_locked(conn, article, verdict=verdict)

    def write_lock(self):
        """`with store.write_lock() as conn:` one BEGIN IMMEDIATE transaction; reads through this store
        inside it see (and hold) the state the writes will be based on."""
        return self._write()

    def put_locked(self, conn, article: StoredArticle, *, verdict: dict | None = None) -> PutResult:
        """`put` inside a transaction the caller holds (see `write_lock`)."""
        result = self._put(conn, article)
        if verdict is not None and result.action != "unchanged":
            self._record_verdict(conn, article, verdict)
        return result

    def _put(self, conn, article: StoredArticle) -> PutResult:
        src = article.source
        row = conn.execute("SELECT content_hash, version, ingested_at FROM sources WHERE id = ?", (src.id,)).fetchone()
        if row is not None and row[0] == article.content_hash:
            return PutResult(src.id, "unchanged", row[1], row[0])
        now = utc_timestamp()
        version, action, ingested_at = (1, "added", now) if row is None else (row[1] + 1, "updated", row[2])
        if row is not None:
            self._delete_rows(conn, src.id)
        meta = metadata_to_dict(src.metadata)
        conn.execute(
            "INSERT INTO sources (id, content_hash, version, path, title, outlet, url, published, dateline, text, "
            "cleaned, analysis, extractor, ingested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (src.id, article.content_hash, version, src.path, meta["title"], meta["outlet"], meta["url"],
             meta["published"], meta["dateline"], src.text, dumps(cleaned_to_dict(article.cleaned)),
             dumps(analysis_to_dict(article.analysis)), __version__, ingested_at, now))
        conn.executemany(
            "INSERT INTO claims (source_id, seq, id, kind, value, role, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(src.id, n, c.id, c.kind, c.value, c.role, dumps(claim_to_dict(c)))
             for n, c in enumerate(article.analysis.claims)])
        conn.executemany(
            "INSERT INTO events (id, source_id, role, action, label, data) VALUES (?, ?, ?, ?, ?, ?)",
            [(e.id, src.id, e.role, e.action, e.label, dumps({"claims": e.claim_ids, "participants": e.participants,
                                                               "places": e.places, "party_count": e.party_count}))
             for e in article.events])
        conn.executemany("INSERT INTO keys (key, day, dated, weight, source_id, event_id) VALUES (?, ?, ?, ?, ?, ?)",
                         [(k.key, k.day, int(k.dated), k.weight, src.id, k.event_id) for k in article.keys])
        conn.execute("INSERT INTO history (source_id, action, content_hash, version, at) VALUES (?, ?, ?, ?, ?)",
                     (src.id, action, article.content_hash, version, now))
        return PutResult(src.id, action, version, article.content_hash)

    def _delete_rows(self, conn, source_id: str) -> None:
        for table, column in (("claims", "source_id"), ("events", "source_id"), ("keys", "source_id"),
                              ("verdicts", "source_id"), ("sources", "id")):
            conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (source_id,))

    def _record_verdict(self, conn, article: StoredArticle, verdict: dict) -> None:
        conn.execute(
            "INSERT INTO verdicts (source_id, content_hash, score, passed, findings, data, judged_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET content_hash = excluded.content_hash, "
            "score = excluded.score, passed = excluded.passed, findings = excluded.findings, data = excluded.data, "
            "judged_at = excluded.judged_at",
            (article.source.id, article.content_hash, float(verdict["score"]), int(bool(verdict["passed"])),
             len(verdict.get("findings", ())), dumps(verdict), utc_timestamp()))

    def remove(self, source_id: str) -> bool:
        """Take an article out of the store (a retraction); False when it was not there."""
        with self._write() as conn:
            row = conn.execute("SELECT content_hash, version FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                return False
            self._delete_rows(conn, source_id)
            conn.execute("INSERT INTO history (source_id, action, content_hash, version, at) VALUES (?, ?, ?, ?, ?)",
                         (source_id, "removed", row[0], row[1], utc_timestamp()))
        return True

    # --- reading ------------------------------------------------------------------------------------

    def content_hash(self, source_id: str) -> str | None:
        row = self._execute("SELECT content_hash FROM sources WHERE id = ?", (source_id,)).fetchone()
        return None if row is None else row[0]

    def count(self) -> int:
        return int(self._execute("SELECT COUNT(*) FROM sources").fetchone()[0])

    def source_ids(self) -> list[str]:
        return [row[0] for row in self._execute("SELECT id FROM sources ORDER BY id")]

    def history(self, source_id: str | None = None) -> list[dict]:
        sql = "SELECT seq, source_id, action, content_hash, version, at FROM history"
        rows = self._execute(sql + " ORDER BY seq") if source_id is None else \
            self._execute(sql + " WHERE source_id = ? ORDER BY seq", (source_id,))
        return [dict(zip(("seq", "source_id", "action", "content_hash", "version", "at"), r)) for r in rows]

    def verdict(self, source_id: str) -> dict | None:
        row = self._execute("SELECT data FROM verdicts WHERE source_id = ?", (source_id,)).fetchone()
        return None if row is None else json.loads(row[0])

    def stats(self) -> dict:
        """Counts for `check ingest` summaries and the benchmark."""
        def n(table: str) -> int:
            return int(self._execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

        return {"sources": n("sources"), "claims": n("claims"), "events": n("events"), "keys": n("keys"),
                "verdicts": n("verdicts"), "schema_version": self.schema_version}

    def load(self, source_ids: Iterable[str]) -> list[StoredArticle]:
        """The stored articles with these ids (those that exist), sorted by id, ready to be judged."""
        ids = sorted(set(source_ids))
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        claims: dict[str, list[Claim]] = {i: [] for i in ids}
        for sid, data in self._execute(f"SELECT source_id, data FROM claims WHERE source_id IN ({marks}) "
                                       "ORDER BY source_id, seq", ids):
            claims[sid].append(claim_from_dict(json.loads(data)))
        out = []
        for row in self._execute(f"SELECT id, content_hash, path, title, outlet, url, published, dateline, text, "
                                 f"cleaned, analysis FROM sources WHERE id IN ({marks}) ORDER BY id", ids):
            sid, content_hash, path, title, outlet, url, published, dateline, text, cleaned, analysis = row
            meta = metadata_from_dict({"title": title, "outlet": outlet, "url": url, "published": published,
                                       "dateline": dateline})
            source = Source(sid, path, text, meta)
            out.append(StoredArticle(
                source=source,
                content_hash=content_hash,
                cleaned=cleaned_from_dict(source, json.loads(cleaned)),
                analysis=analysis_from_dict(sid, json.loads(analysis), tuple(claims[sid])),
            ))
        return out

    def keys_of(self, source_ids: Sequence[str]) -> list[KeyRow]:
        """The blocking keys stored for these articles."""
        ids = sorted(set(source_ids))
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return [KeyRow(*row) for row in self._execute(
            f"SELECT key, day, weight, event_id, dated FROM keys WHERE source_id IN ({marks}) "
            "ORDER BY key, day, event_id", ids)]

    def named_keys(self, source_ids: Sequence[str]) -> dict[str, set[str]]:
        """The people (by family name) and institutions each of these articles names in its events."""
        ids = sorted(set(source_ids))
        out: dict[str, set[str]] = {i: set() for i in ids}
        for start in range(0, len(ids), 500):  # SQLite caps the number of parameters
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for sid, key in self._execute(f"SELECT DISTINCT source_id, key FROM keys WHERE source_id IN ({marks}) "
                                          "AND (key LIKE 'family:%' OR key LIKE 'org:%')", chunk):
                out[sid].add(key)
        return out

    def candidates(self, keys: Sequence[KeyRow], *, window_days: int, exclude: str | None = None) -> list[Candidate]:
        """Stored articles sharing a blocking key with `keys`, dated within `window_days` of one of the
        key's days (or undated on either side), with the summed weight of the distinct keys shared.

        Reads only the index rows of those keys: the cost grows with how crowded the keys are, not with
        the size of the store. A key with more than MAX_ROWS_PER_KEY rows in range is read nearest-day
        first (ties by source id), so the result never depends on the order articles were stored in.
        """
        wanted: dict[str, tuple[int, set[int], set[int]]] = {}  # key -> weight, days, event-dated days
        undated: set[str] = set()  # keys some event of the newcomer holds without a day (a recalled happening)
        for k in keys:
            weight, days, event_days = wanted.setdefault(k.key, (k.weight, set(), set()))
            if k.day is not None:
                days.add(k.day)
                if k.dated:
                    event_days.add(k.day)
            else:
                undated.add(k.key)
        shared: dict[str, dict[str, int]] = {}  # source id -> key -> weight
        gaps: dict[str, int] = {}
        event_gaps: dict[str, int] = {}
        for key, (weight, days, event_days) in sorted(wanted.items()):
            for sid, day, dated in self._key_rows(key, [] if key in undated else sorted(days), window_days):
                if sid == exclude:
                    continue
                shared.setdefault(sid, {})[key] = weight
                if day is not None and days:
                    gap = min(abs(day - d) for d in days)
                    gaps[sid] = min(gap, gaps.get(sid, gap))
                if day is not None and dated and event_days:
                    gap = min(abs(day - d) for d in event_days)
                    event_gaps[sid] = min(gap, event_gaps.get(sid, gap))
        return [Candidate(sid, sum(ws.values()), gaps.get(sid), event_gaps.get(sid),
                          any(k.startswith(("family:", "org:")) for k in ws)) for sid, ws in shared.items()]

    def _key_rows(self, key: str, days: list[int], window: int) -> list[tuple[str, int | None, int]]:
        if not days:  # an undated event: every stored event with this key, the latest-dated first
            sql = ("SELECT source_id, day, dated FROM keys WHERE key = ? "
                   "ORDER BY day IS NULL, day DESC, source_id LIMIT ?")
            return list(self._execute(sql, (key, MAX_ROWS_PER_KEY)))
        rows: dict[tuple[str, int | None, int], None] = {}
        for row in self._execute("SELECT source_id, day, dated FROM keys WHERE key = ? AND day IS NULL "
                                 "ORDER BY source_id LIMIT ?", (key, MAX_ROWS_PER_KEY)):
            rows[row] = None
        for d in days:
            for row in self._execute("SELECT source_id, day, dated FROM keys WHERE key = ? AND day BETWEEN ? AND ? "
                                     "ORDER BY abs(day - ?), source_id LIMIT ?",
                                     (key, d - window, d + window, d, MAX_ROWS_PER_KEY)):
                rows[row] = None
        return list(rows)
