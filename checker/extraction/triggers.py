"""Event words in a sentence: the lexicon's single words and phrases, with what each names.

A phrase wins over the words in it, so "opened fire" names a shooting while "fired" alone names a
dismissal, and a phrase the lexicon maps to "" ("came under fire", "a man named") names nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.extraction.lexicon import lexicon

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@dataclass(frozen=True)
class Trigger:
    action: str
    start: int  # offsets into the text given to find_triggers
    end: int
    word_index: int  # position among the text's words (see `words`)


def words(text: str) -> list[re.Match]:
    """The words find_triggers counts positions in."""
    return list(_WORD.finditer(text))


@lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    groups: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, action in lexicon().event_phrases.items():
        groups.setdefault(phrase[0], []).append((phrase, action))
    return {w: tuple(sorted(g, key=lambda pa: -len(pa[0]))) for w, g in groups.items()}


def find_triggers(text: str, found_words: list[re.Match] | None = None) -> list[Trigger]:
    """Event words of `text` in order, longest phrase first at each position."""
    if found_words is None:
        return list(_cached_triggers(text))
    return _find(found_words)


@lru_cache(maxsize=4096)
def _cached_triggers(text: str) -> tuple[Trigger, ...]:
    """One reading per sentence: claims, attachment and events all ask about the same sentences."""
    return tuple(_find(words(text)))


def _find(found_words: list[re.Match]) -> list[Trigger]:
    lower = [m.group(0).lower() for m in found_words]
    singles, phrases = lexicon().event_triggers, _phrases_by_first_word()
    out: list[Trigger] = []
    i = 0
    while i < len(lower):
        step, action = 1, singles.get(lower[i])
        for phrase, phrase_action in phrases.get(lower[i], ()):
            if tuple(lower[i : i + len(phrase)]) == phrase:
                step, action = len(phrase), phrase_action
                break
        if action:
            out.append(Trigger(action, found_words[i].start(), found_words[i + step - 1].end(), i))
        i += step
    return out
