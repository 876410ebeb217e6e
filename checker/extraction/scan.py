"""Where a pattern anchored just before a position can start, found by walking back.

Extractors look for a few words right before a name or a verb ("Foreign Minister" before "Anna
Virtanen", "the ministry" before "said"). Searched from the start of the sentence, such a pattern is
tried at every character; walking back over the most words it can match tells where to begin.
"""

from __future__ import annotations

from typing import Callable


def start_of_last_runs(text: str, end: int, max_runs: int, in_run: Callable[[str], bool]) -> int:
    """The earliest position from which `text[:end]` ends in at most `max_runs` whitespace-separated
    runs of characters for which `in_run` holds (and the whitespace between them). A match made only
    of such runs, ending at `end`, cannot start before it."""
    i, found, inside = end, 0, False
    while i > 0:
        c = text[i - 1]
        if c.isspace():
            inside = False
        elif in_run(c):
            if not inside:
                found += 1
                if found > max_runs:
                    break
                inside = True
        else:
            break
        i -= 1
    return i
