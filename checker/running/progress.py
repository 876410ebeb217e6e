"""A progress display on stderr for long runs: documents analysed out of the total, then a spinner for
judging. The pipeline only calls a plain callback, `progress(step, done, total)`; this module turns
those calls into a rich display, and nothing here changes what a run computes.

The display appears only when stderr is a terminal (a real TTY: FORCE_COLOR does not count) that rich
considers interactive (TERM is not `dumb`, and `TTY_INTERACTIVE` is not `0`), and only once the run
has lasted about `delay` seconds, so quick runs, pipes and CI logs stay silent. It is transient: it is
erased when the run ends, before warnings and the report are printed. `check --no-progress` turns it
off; tests inject a console with `force_terminal=True`.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator, Optional, Protocol

DEFAULT_DELAY = 1.0  # seconds a run must last before the display appears


class ProgressCallback(Protocol):
    def __call__(self, step: str, done: int, total: Optional[int]) -> None:
        """`step` names what is being done ("documents", "judging"); `total` None = no count (a spinner)."""


def report(progress: Optional[ProgressCallback], step: str, done: int = 0, total: Optional[int] = None) -> None:
    """Call `progress` if there is one: lets stage drivers report without checking for None."""
    if progress is not None:
        progress(step, done, total)


def stderr_console():
    """A console on stderr that counts as a terminal only when stderr really is one.

    rich would also treat FORCE_COLOR or TTY_COMPATIBLE as "a terminal"; those ask for colour in
    captured output (CI logs), not for an animation, so they do not switch the display on here.
    """
    from rich.console import Console

    isatty = getattr(sys.stderr, "isatty", None)
    try:
        tty = bool(isatty and isatty())
    except ValueError:  # closed stream
        tty = False
    return Console(stderr=True, force_terminal=tty, highlight=False)


class DelayedProgress:
    """The callback the CLI passes to the pipeline: a transient rich display that appears at the first
    report made `delay` seconds or more after it was created.

    No timer thread: the display starts from a report, so nothing runs beside the pipeline until the
    display is due (the local engine forks its worker processes before its first report). Once
    started, rich refreshes it (and spins the spinner of a step without a count) from its own thread.
    """

    def __init__(self, console, delay: float = DEFAULT_DELAY, clock: Callable[[], float] = time.monotonic):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.text import Text

        class Count(MofNCompleteColumn):
            def render(self, task):  # "300/1000"; nothing for a step without a count (not "0/?")
                return super().render(task) if task.total is not None else Text("")

        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                  Count(), TimeElapsedColumn(), console=console, transient=True)
        self._tasks: dict[str, int] = {}
        self._current: Optional[str] = None
        self._clock = clock
        self._due = clock() + delay
        self._started = self._closed = False

    def __call__(self, step: str, done: int, total: Optional[int]) -> None:
        if self._closed:
            return
        if step != self._current and self._current is not None:
            self._finish(self._current)
        self._current = step
        if step not in self._tasks:
            self._tasks[step] = self._progress.add_task(step, total=total)
        self._progress.update(self._tasks[step], completed=done, total=total)
        if not self._started and self._clock() >= self._due:
            self._started = True
            self._progress.start()

    def _finish(self, step: str) -> None:
        task = self._tasks[step]
        total = self._progress.tasks[task].total
        self._progress.update(task, total=total or 1, completed=total or 1)

    @property
    def shown(self) -> bool:
        return self._started

    def close(self) -> None:
        self._closed = True
        if self._started:
            self._progress.stop()


@contextmanager
def progress_display(enabled: bool = True, console=None,
                     delay: Optional[float] = None) -> Iterator[Optional[Callable[[str, int, Optional[int]], None]]]:
    """A progress callback for one run, or None when no display is wanted (disabled, or the console,
    stderr by default, is not an interactive terminal). The display is gone when the block ends,
    whatever happened inside it. `delay` None = DEFAULT_DELAY."""
    console = console if console is not None else stderr_console()
    if not enabled or not (console.is_terminal and console.is_interactive):
        yield None
        return
    display = DelayedProgress(console, DEFAULT_DELAY if delay is None else delay)
    try:
        yield display
    finally:
        display.close()
