"""Runs of capitalised words: the raw material for names of people, places and organisations.

Without a trained tagger (nltk's needs downloaded data), capitalisation is the honest signal left in
English news text. A run is a maximal sequence of capitalised tokens, allowing "of"/"on"/"for"/"the"
inside a name ("Council on Foreign Relations") and stopping at possessives ("Japan's").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:-[^\W\d_]+)*|[’']s\b|\d+|\S")
# Lower-case words that occur inside names ("Rio Grande do Sul", "Bank of England"); prepositions like
# "on" are left out because "Lyon on Tuesday" is a place and a day, not one name.
_INNER = {"of", "the", "de", "del", "da", "do", "dos", "das", "du", "la", "le", "van", "von", "al", "bin", "y"}
_SKIP_START = {"The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "If", "As", "By", "To", "With"}


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() and self.text[:1].isalpha()


@dataclass(frozen=True)
class Run:
    words: tuple[Word, ...]
    possessive: bool  # followed by 's

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


def tokens(text: str, offset: int = 0) -> list[Word]:
    return [Word(m.group(0), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def runs(text: str, offset: int = 0) -> list[Run]:
    """Capitalised runs in `text`; offsets shifted by `offset`."""
    toks = tokens(text, offset)
    out: list[Run] = []
    i = 0
    while i < len(toks):
        if not (toks[i].capitalised and toks[i].text[0].isalpha()):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            t = toks[j]
            if t.capitalised and t.text[0].isalpha():
                j += 1
            elif t.text in _INNER and j + 1 < len(toks) and toks[j + 1].capitalised and toks[j + 1].text[0].isalpha():
                j += 2
            else:
                break
        words = toks[i:j]
        # A sentence-initial function word is not part of a name ("The Japanese ..." -> "Japanese ...").
        while words and words[0].text in _SKIP_START and len(words) > 1:
            words = words[1:]
        if words and not (len(words) == 1 and words[0].text in _SKIP_START):
            poss = j < len(toks) and toks[j].text.lower() in ("'s", "’s")
            out.append(Run(tuple(words), poss))
        i = j
    return out
