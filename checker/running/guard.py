"""What keeps one bad document from costing a run: a time limit per document, the record of a document
skipped because a per-document stage failed, and the set-up of worker processes so that they die with
the run that started them.

Why this module exists: the per-document stages (cleaning, sentences, claims) run on text from anywhere.
A bug or a pathological input in one of them must become a warning naming the file and what went
wrong, never an internal error that loses every other article; and no input may make a run hang, so
each document gets DOCUMENT_TIME_LIMIT seconds (checker.reading.limits.time_limit).
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass

from checker.reading.limits import DOCUMENT_TIME_LIMIT, DocumentTimeout, time_limit  # noqa: F401 - re-exported

@dataclass(frozen=True)
class Skipped:
    """A source left out of the run because one of its per-document stages failed."""

    source_id: str
    path: str
    stage: str  # "cleaning", "sentences", "claims", "events"
    reason: str  # "took longer than 30 s (the limit)" or "OverflowError: date value out of range"

    def warning(self) -> str:
        """`<file>: skipped: <stage> failed: <reason>`; the id too when it is a record of a file."""
        where = self.path or self.source_id
        if self.path and os.path.basename(self.path).rsplit(".", 1)[0] != self.source_id:
            where = f"{self.path} (id {self.source_id})"
        return f"{where}: skipped: {self.stage} failed: {self.reason}"


def failure_reason(exc: BaseException) -> str:
    """What went wrong, in one line: the time limit in words, else the exception's type and message."""
    if isinstance(exc, DocumentTimeout):
        return str(exc)
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:200] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- worker processes ----------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask Linux to kill this process when the process that started it dies, however it dies (SIGKILL
    included): a worker must never outlive its run, holding the caller's pipes and the store's files.
    Elsewhere a no-op. If the parent (`parent_pid`, when given) is already gone, exit now."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl
        return
    if parent_pid is not None and os.getppid() != parent_pid:  # it died before prctl took effect
        os._exit(1)


def worker_init(parent_pid: int | None = None) -> None:
    """Initializer of every worker process: Ctrl-C is the parent's to handle (it stops the pool, one
    message, no worker tracebacks), and the worker dies with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent_pid)
