"""The Dask engine (`check --engine dask`): the same pipeline as the local engine, as Dask bags.

What runs where:

- client (this process): loading the files (workers need not see them), person unification, events
  and text-stated geography over the gathered claims, star clustering of the compared pairs (and the
  few pairs inside a cluster no block compared: checker.alignment.align.within_clusters), rules, reliability
  and rendering;
- workers: the per-document stages (clean, sentences, claims) as a bag map, and alignment: each
  reported event's blocking keys as a bag map, a shuffle (group-by) by block key, then in each block
  the candidate pairs it owns, compared slot by slot.

A pair of events that shares several blocks is compared once: only the block with the smallest of
their shared keys owns it, which every block can tell from the members' keys alone, so no global
de-duplication step is needed. Blocks are sorted inside, results are sorted on the client, and every
function is the local engine's (checker.alignment.align), so the report is identical to `--engine local`.

Dask is optional (`pip install 'claimcheck-news[dask]'`): this module imports it only when used.
"""

from __future__ import annotations

import logging
import math
import signal
import warnings
from contextlib import ExitStack
from typing import Optional, Sequence

from checker.alignment.align import (block_entries, block_pairs, clustered, clusters_of, compare_events, lead_weights,
                                     worth_comparing)
from checker.model import CleanedSource, InputError, Source
from checker.running.documents import CHUNKS_PER_WORKER, analyse_chunk, chunk_size
from checker.running.progress import ProgressCallback, report

CONNECT_TIMEOUT = "10s"
DASK_EXTRA_HINT = "pip install 'claimcheck-news[dask]'"


def require_dask() -> None:
    """An input error (exit 2) naming the extra to install when dask or distributed is missing."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise InputError(f"--engine dask needs dask and distributed ({exc.name or 'dask'} is not installed): "
                         f"{DASK_EXTRA_HINT}") from None


def dask_setup(worker) -> None:
    """Run in each worker of the local cluster as it starts (the module is its `preload`).

    Ctrl-C in a terminal goes to the whole process group, workers included; this process alone
    handles it (exit 130) and stops the cluster, so the workers ignore it rather than each print a
    KeyboardInterrupt traceback. Importing this module also loads the checker before the first task.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_version() -> str:
    from checker import __version__

    return __version__


# --- alignment on the workers -----------------------------------------------------------------------


def _entries(item) -> list[tuple[str, tuple]]:
    """(block key, (member, all the event's block keys, its open broad keys)) for one reported event."""
    event, claims = item
    entries = block_entries(event, claims)
    keys = frozenset(k for k, _ in entries)
    open_keys = frozenset(k for k, member in entries if member[2])
    return [(key, (member, keys, open_keys)) for key, member in entries]


def _entries_of(event_ids, lookup: dict) -> list[tuple[str, tuple]]:
    return [entry for event_id in event_ids for entry in _entries(lookup[event_id])]


def _owner(a: tuple, b: tuple) -> Optional[str]:
    """The block that compares the events of entries a and b: the smallest block key that makes them
    a candidate pair (a shared specific key, or a shared broad key open for either event)."""
    _, a_keys, a_open = a
    _, b_keys, b_open = b
    shared = {k for k in a_keys & b_keys if k.startswith("specific:") or k in a_open or k in b_open}
    return min(shared) if shared else None


def _compare_blocks(blocks, lookup: dict, geo, weights=None) -> list:
    """Compare the candidate pairs each block owns. `lookup` maps event id -> (event, its claims)."""
    out = []
    for key, entries in blocks:
        members = {value[0][0]: value for _, value in entries}
        for a_id, b_id in block_pairs(key, [value[0] for value in members.values()]):
            if _owner(members[a_id], members[b_id]) != key:
                continue  # another block compares it
            (a, a_claims), (b, b_claims) = lookup[a_id], lookup[b_id]
            if worth_comparing(a, b):
                out.append(compare_events(a, b, {**a_claims, **b_claims}, geo, weights))
    return out


def _block_key(entry) -> str:
    return entry[0]


class DaskEngine:
    """`--engine dask`: a distributed.Client on `scheduler`, or on a LocalCluster of `jobs` worker
    processes (one thread each, no dashboard, quiet logs) started for the run."""

    name = "dask"

    def __init__(self, jobs: int = 1, scheduler: Optional[str] = None):
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.jobs = jobs
        self.scheduler = scheduler
        self.client = None
        self._stack = ExitStack()

    # lifecycle

    def __enter__(self) -> DaskEngine:
        from distributed import Client, LocalCluster

        try:
            if self.scheduler is None:
                with warnings.catch_warnings():
                    # with the dashboard off the scheduler still serves metrics, on 8787 or, if another
                    # cluster holds that port, on a random one after a warning we have no use for
                    warnings.filterwarnings("ignore", message="Port .* is already in use", category=UserWarning)
                    cluster = self._stack.enter_context(LocalCluster(
                        n_workers=self.jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                        silence_logs=logging.ERROR, preload=[__name__]))
                self.client = self._stack.enter_context(Client(cluster))
            else:
                self.client = self._stack.enter_context(self._connect(Client))
                self._check_workers()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()
        self.client = None

    def _connect(self, client_class):
        try:
            return client_class(self.scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"cannot connect to the Dask scheduler at {self.scheduler}: {exc}") from None

    def _check_workers(self) -> None:
        """The scheduler and every worker must run this version of the checker: the scheduler unpickles
        the task graph, whose tasks are the checker's functions on its data classes."""
        from checker import __version__

        hint = DASK_EXTRA_HINT.replace("]'", f"]=={__version__}'", 1)
        try:
            where = "scheduler"
            versions = [self.client.run_on_scheduler(_worker_version)]
            where = "workers"
            workers = self.client.run(_worker_version)  # {worker address: version}
        except Exception as exc:  # noqa: BLE001 - one that cannot import checker fails here, remotely
            raise InputError(f"the Dask {where} at {self.scheduler} cannot run the checker ({exc}); "
                             f"install it on the scheduler and every worker: {hint}") from None
        if not workers:
            raise InputError(f"the Dask scheduler at {self.scheduler} has no workers")
        wrong = sorted({v for v in [*versions, *workers.values()] if v != __version__})
        if wrong:
            raise InputError(f"the Dask cluster at {self.scheduler} runs claimcheck-news {', '.join(wrong)}, "
                             f"this is {__version__}: install the same version everywhere ({hint})")

    @property
    def threads(self) -> int:
        return max(1, sum(self.client.nthreads().values())) if self.client else self.jobs

    # the two stages an engine runs

    def _bag(self, items: list, partitions: int):
        """A bag of `items` in about `partitions` contiguous partitions, scattered to the workers, and
        the futures of the partitions: the data stays on the workers while the caller holds them.

        Not `db.from_sequence`: that tokenizes every item (seconds for a thousand events and their
        claims) and ships the data through the scheduler inside the graph."""
        import dask.bag as db

        size = max(1, math.ceil(len(items) / max(1, partitions)))
        futures = self.client.scatter([items[i : i + size] for i in range(0, len(items), size)], hash=False)
        return db.from_delayed(futures), futures

    def analyse(self, sources: Sequence[Source],
                progress: Optional[ProgressCallback] = None) -> list[tuple[CleanedSource, object]]:
        from distributed import as_completed

        n = len(sources)
        report(progress, "documents", 0, n)
        if not n:
            return []
        parts = math.ceil(n / chunk_size(n, self.threads))
        bag, held = self._bag(list(enumerate(sources)), max(parts, min(n, self.threads)))
        bag = bag.map_partitions(analyse_chunk)
        results: list = [None] * n
        done = 0
        for future in as_completed(self.client.compute(bag.to_delayed())):
            part = future.result()
            for i, cleaned, claims in part:
                results[i] = (cleaned, claims)
            done += len(part)
            report(progress, "documents", done, n)
            future.release()
        return results

    def align(self, events, claims, geo):
        reported = [e for e in events if e.role == "reported"]
        if not reported:
            return [], clusters_of(events, [])
        lookup = {e.id: (e, {cid: claims[cid] for cid in e.claim_ids}) for e in reported}
        # every worker gets the events and their claims once; the bag, the shuffle and the blocks
        # carry only event ids and keys
        weights = lead_weights(reported)
        everywhere = self.client.scatter([lookup, geo, weights], broadcast=True, hash=False)
        ids, held = self._bag([e.id for e in reported], self.threads * CHUNKS_PER_WORKER)
        blocks = ids.map_partitions(_entries_of, everywhere[0]).groupby(_block_key, shuffle="tasks")
        compared = blocks.map_partitions(_compare_blocks, *everywhere)
        pairs = sorted(self.client.compute(compared).result(), key=lambda p: (p.a, p.b))
        return clustered(events, claims, geo, pairs, weights)  # small: on the client
