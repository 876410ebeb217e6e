"""Where the pipeline's work runs: in this process, in a pool of local processes (`jobs`), or on a Dask
cluster (checker.running.dask_engine). An engine does two things for `checker.running.pipeline`:

- `analyse(sources, progress)`: the per-document stages (clean, sentences, claims) of every source,
  returned in the sources' order whatever order they finished in;
- `align(events, claims, geo)`: blocking, pair comparison and clustering, with `checker.alignment.align.align`'s
  result exactly.

Everything corpus-wide (person unification, events, rules, reliability) stays in `checker.running.pipeline`.
Every stage is order-independent, so an engine changes only where and how fast things run, never the
report: `check --jobs 1`, `--jobs N` and `--engine dask` write byte-identical JSON.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import sys
import threading
from typing import Optional, Sequence

from checker.alignment.align import align
from checker.model import CleanedSource, InputError, Source
from checker.running.documents import MIN_CHUNK, analyse_chunk, analyse_one, chunk_size
from checker.running.guard import worker_init
from checker.running.progress import ProgressCallback, report

ENGINES = ("local", "dask")

def default_jobs() -> int:
    """The CPUs this process may use (the affinity mask, not the machine's count, where known)."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _mp_context():
    """fork where it is safe (POSIX, no other thread): workers inherit the loaded gazetteer and
    lexicons for free. Otherwise forkserver (POSIX) or spawn, where each worker loads them itself."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class LocalEngine:
    """The default engine: per-document stages in `jobs` processes (or in-process when jobs is 1 or the
    corpus is under two chunks), alignment in-process."""

    name = "local"

    def __init__(self, jobs: int = 1):
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.jobs = jobs

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def analyse(self, sources: Sequence[Source],
                progress: Optional[ProgressCallback] = None) -> list[tuple[CleanedSource, object]]:
        n = len(sources)
        size = chunk_size(n, self.jobs)
        workers = min(self.jobs, math.ceil(n / size))
        if workers < 2 or n < 2 * MIN_CHUNK:
            return self._in_process(sources, progress)
        from checker.extraction.gazetteer import default_gazetteer

        default_gazetteer().resolve("Paris")  # load the index before forking, so workers share it
        gc.freeze()  # and leave it out of every process's collector passes (the run unfreezes at its end)
        indexed = list(enumerate(sources))
        chunks = [indexed[i : i + size] for i in range(0, n, size)]
        results: list = [None] * n
        context = _mp_context()
        # a forked worker's parent is this process; forkserver and spawn workers have another one
        parent = os.getpid() if context.get_start_method() == "fork" else None
        with context.Pool(workers, initializer=worker_init, initargs=(parent,)) as pool:
            report(progress, "documents", 0, n)
            done = 0
            for part in pool.imap_unordered(analyse_chunk, chunks):
                for i, cleaned, claims in part:
                    results[i] = (cleaned, claims)
                done += len(part)
                report(progress, "documents", done, n)
        return results

    @staticmethod
    def _in_process(sources, progress) -> list:
        out = []
        report(progress, "documents", 0, len(sources))
        for source in sources:
            out.append(analyse_one(source))
            report(progress, "documents", len(out), len(sources))
        return out

    def align(self, events, claims, geo):
        return align(events, claims, geo)


def require_engine(engine: str) -> None:
    """Refuse an unknown engine, or the dask engine without dask installed (an input error: exit 2)."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if engine == "dask":
        from checker.running.dask_engine import require_dask

        require_dask()


def make_engine(engine: str = "local", *, jobs: int = 1, scheduler: Optional[str] = None):
    """The engine for a run; nothing starts until it is entered (`with make_engine(...) as e:`)."""
    require_engine(engine)
    if engine == "dask":
        from checker.running.dask_engine import DaskEngine

        return DaskEngine(jobs=jobs, scheduler=scheduler)
    if scheduler is not None:
        raise InputError("--scheduler needs --engine dask")
    return LocalEngine(jobs=jobs)
