"""A time limit for work on one document: no input may make a run hang.

Why this module exists: parsers and regular expressions run on text from anywhere, and some inputs make
a library's parser super-linear (CPython's html.parser on a page of unclosed start tags took 34 s for
80 KB). Each document's reading and per-document stages run under `time_limit()`; a document past it
is skipped with a warning. It lives with the reading stage, the lowest layer that needs it, so that
both loading (checker.reading.load) and the per-document stages (checker.running) can use it.

The limit is a POSIX interval timer (SIGALRM): it is enforced in the main thread of a process — this
process and the local engine's worker processes — and not in threads (Dask's workers, the review app's
background rescoring), nor on Windows; there it is a no-op (docs/engines.md).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

DOCUMENT_TIME_LIMIT = 30.0  # seconds for one document's reading, or its per-document stages (typical: ms)


class DocumentTimeout(Exception):
    """A document's work ran past the time limit."""

    def __init__(self, seconds: float = DOCUMENT_TIME_LIMIT):
        super().__init__(f"took longer than {seconds:g} s (the per-document time limit)")
        self.seconds = seconds


def _can_time() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise DocumentTimeout in the body after `seconds` (default DOCUMENT_TIME_LIMIT, read at call time);
    a no-op where no interval timer can be used (not POSIX, not the main thread, a timer running)."""
    seconds = DOCUMENT_TIME_LIMIT if seconds is None else seconds
    if not seconds or not _can_time():
        yield
        return

    def expired(signum, frame):
        raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
