"""The claim store under several processes at once, and under `kill -9`: nothing lost, nothing half-written.

Articles are analysed once in the test process and handed to the writers pickled, so the tests spend
their time writing, not extracting. Each check reads the store row by row afterwards.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from checker.config import Config
from checker.reading.load import load_corpus
from checker.running.gate import analyse_article, gate
from checker.storage.store import ClaimStore
from conftest import FIXTURES, ROOT

WRITERS = 4
KILL_TRIALS = 15


@pytest.fixture(scope="module")
def articles():
    """~150 short articles from the fixture cases, with ids made unique per case."""
    out = []
    for i, case in enumerate(sorted(p for p in FIXTURES.glob("*/*") if p.is_dir())):
        for s in load_corpus([case]).sources:
            out.append(analyse_article(replace(s, id=f"c{i:02d}-{s.id}")))
    return out


def _expected_rows(conn: sqlite3.Connection, article) -> tuple[int, int, int]:
    sid = article.source.id
    return tuple(conn.execute(f"SELECT COUNT(*) FROM {t} WHERE source_id = ?", (sid,)).fetchone()[0]
                 for t in ("claims", "events", "keys"))


def _assert_complete(path: Path, by_id: dict) -> set[str]:
    """Every stored article has all its rows, and no row belongs to an article that is not stored."""
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in conn.execute("SELECT id FROM sources")}
        for table in ("claims", "events", "keys"):
            orphans = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE source_id NOT IN (SELECT id FROM sources)")
            assert orphans.fetchone()[0] == 0, table
        for sid in stored:
            a = by_id[sid]
            assert _expected_rows(conn, a) == (len(a.analysis.claims), len(a.events), len(a.keys)), sid
    return stored


def _writer(path: str, payload: bytes, barrier) -> None:
    batch = pickle.loads(payload)
    barrier.wait()  # all start together, and race to create the store
    with ClaimStore.open(Path(path)) as store:
        for a in batch:
            store.put(a)


def _gater(path: str, payload: bytes, barrier, results) -> None:
    batch = pickle.loads(payload)
    barrier.wait()
    time.sleep(0.2)  # let the writers create the store first
    with ClaimStore.open(Path(path)) as store:
        for a in batch:
            v = gate(store, a.source, Config(min_score=0.0, fail_on=None), article=a, ingest_on_pass=True)
            results.put((a.source.id, v.passed, v.ingested.action if v.ingested else None))


def test_concurrent_ingest_and_gate_processes_lose_nothing(articles, tmp_path):
    path = tmp_path / "claims.sqlite"
    by_id = {a.source.id: a for a in articles}
    rng = random.Random(11)
    shared = articles[:20]  # every writer ingests these too: one "added", the rest "unchanged"
    own = [articles[20 + i::WRITERS + 1] for i in range(WRITERS + 1)]
    gated = own.pop()  # the last share goes through the gate with --ingest-on-pass
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WRITERS + 1)
    results = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(path), pickle.dumps(rng.sample(shared, len(shared)) + own[w]),
                                               barrier)) for w in range(WRITERS)]
    procs.append(ctx.Process(target=_gater, args=(str(path), pickle.dumps(gated), barrier, results)))
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * (WRITERS + 1)

    gate_results = [results.get(timeout=10) for _ in gated]
    assert all(passed and action == "added" for _, passed, action in gate_results)  # a threshold nothing fails
    stored = _assert_complete(path, by_id)
    assert stored == {a.source.id for a in shared} | {a.source.id for batch in own for a in batch} | \
        {a.source.id for a in gated}
    with ClaimStore.open(path) as store:
        history = store.history()
        assert sorted(h["source_id"] for h in history) == sorted(stored)  # one "added" each, nothing else
        assert {h["action"] for h in history} == {"added"}
        assert store.stats()["verdicts"] == len(gated)


CHILD = """
import pickle, sys
from pathlib import Path
from checker.storage.store import ClaimStore

path, payload = Path(sys.argv[1]), Path(sys.argv[2])
batch = pickle.loads(payload.read_bytes())
store = ClaimStore.open(path)
sys.stdout.write("ready\\n")
sys.stdout.flush()
for a in batch:
    store.put(a)
    sys.stdout.write(a.source.id + "\\n")  # only after put() returned: the transaction is committed
    sys.stdout.flush()
"""


def test_kill_9_mid_ingest_leaves_whole_articles_only(articles, tmp_path):
    """Each trial ingests every article into a fresh store and is killed at a random point of the batch."""
    by_id = {a.source.id: a for a in articles}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    rng = random.Random(20261122)
    per_trial = []
    for trial in range(KILL_TRIALS):
        path = tmp_path / f"claims{trial}.sqlite"
        payload = tmp_path / f"batch{trial}.pickle"
        payload.write_bytes(pickle.dumps(rng.sample(articles, len(articles))))
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(payload)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env)
        assert proc.stdout.readline() == b"ready\n", proc.stderr.read().decode()
        seen = [proc.stdout.readline() for _ in range(rng.randrange(len(articles)))]  # then kill it mid-put
        time.sleep(rng.uniform(0.0, 0.002))
        os.kill(proc.pid, signal.SIGKILL)
        rest = b"".join(seen) + proc.stdout.read()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        reported = set(rest.decode().split("\n")[:-1])  # complete lines only
        per_trial.append(len(reported))
        stored = _assert_complete(path, by_id)
        assert reported <= stored
        # at most one article more than reported: its commit landed, then the kill came before the print
        assert len(stored - reported) <= 1
    print(f"\nkill -9: {KILL_TRIALS} trials of {len(articles)} articles; committed before the kill: {per_trial}")
    assert sum(per_trial) > 0 and sum(0 < n < len(articles) for n in per_trial) >= KILL_TRIALS // 2
