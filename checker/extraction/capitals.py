"""Runs of capitalised words: the raw material for names of people, places and organisations.

Without a trained tagger (nltk's needs downloaded data), capitalisation is the honest signal left in
English news text. A run is a maximal sequence of capitalised tokens, allowing "of"/"on"/"for"/"the"
inside a name ("Council on Coastal Affairs") and stopping at possessives ("France's").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A hyphen before a function word is a dash typed as a hyphen ("Talia Benford-who was a mother of
# 12-another mom"): the name ends before it. Other hyphenated words stay one token ("Jean-Pierre").
_DASHED = r"(?:who|whom|whose|which|that|another|and|but|or|the|a|an|was|were|is|are|had|has|he|she|they|it)\b"
_TOKEN = re.compile(rf"(?:[A-Z]\.){{2,}}|\d+ers\b|[^\W\d_]+(?:-(?!{_DASHED})[^\W\d_]+|[’'](?!s\b)[^\W\d_]+)*|[’']s\b|\d+|\S")
# Lower-case words that occur inside names ("Rio Grande do Sul", "Bank of England"); prepositions like
# "on" are left out because "Lyon on Tuesday" is a place and a day, not one name.
_INNER = {"of", "the", "de", "del", "da", "do", "dos", "das", "du", "la", "le", "van", "von", "al", "bin", "y"}
_SKIP_START = {"The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "If", "As", "By", "To", "With"}
# Abbreviations that open a place's name and keep their period inside it: "St. Louis", "Ft. Worth",
# "Arohi-Mt. Lusk National Park" (a name that ends with one is hyphenated to it); middle initials
# keep theirs too (`_is_initial`).
_NAME_ABBREVIATIONS = {"St", "Ste", "Mt", "Ft", "Pt", "Mts"}
# A number that names a team after a capitalised word ("Brackton 76ers", "San Francisco 49ers")
# continues the run: without it the run stops at the city and the team is read as a place.
TEAM_NUMBER = re.compile(r"\d+ers")


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


def _is_initial(toks: list[str], k: int, run_start: int) -> bool:
    """A middle initial ("Brent G. Fairley", "George W. Bush"): one capital letter after the run's
    first word. Its period would otherwise end the run and leave two halves of one name."""
    return k > run_start and len(toks[k]) == 1 and toks[k].isupper()


def tokens(text: str, offset: int = 0) -> list[Word]:
    return [Word(m.group(0), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def runs(text: str, offset: int = 0) -> list[Run]:
    """Capitalised runs in `text`; offsets shifted by `offset`."""
    return list(_runs(text, offset))


@lru_cache(maxsize=1024)
def _runs(text: str, offset: int) -> tuple[Run, ...]:
    """The runs of one piece of text, cached: people, participants and places all read the same
    sentence. Runs are frozen, and the key holds everything the result depends on.

    Tokens stay plain strings until one joins a run (most never do), and the scan jumps from one
    capitalised token to the next.
    """
    matches = list(_TOKEN.finditer(text))
    toks = [m.group() for m in matches]
    caps = [t[0].isupper() and t[0].isalpha() for t in toks]
    for x in range(1, len(toks)):
        if caps[x - 1] and toks[x][0].isdigit() and TEAM_NUMBER.fullmatch(toks[x]):
            caps[x] = True
    out: list[Run] = []
    n = len(toks)
    i = 0
    while True:
        try:
            i = caps.index(True, i)
        except ValueError:
            return tuple(out)
        j = i + 1
        periods = set()  # indices of the periods of abbreviations inside the run ("St. Louis")
        while j < n:
            if caps[j]:
                j += 1
            elif toks[j] in _INNER and j + 1 < n and caps[j + 1]:
                j += 2
            elif (toks[j] == "." and (toks[j - 1].rsplit("-", 1)[-1] in _NAME_ABBREVIATIONS or _is_initial(toks, j - 1, i))
                  and j + 1 < n and caps[j + 1] and matches[j].start() == matches[j - 1].end()):
                periods.add(j)
                j += 1
            else:
                break
        k = i
        # A sentence-initial function word is not part of a name ("The French ..." -> "French ...").
        while k < j - 1 and toks[k] in _SKIP_START:
            k += 1
        if not (k == j - 1 and toks[k] in _SKIP_START):
            poss = j < n and toks[j].lower() in ("'s", "’s")
            words = tuple(Word(toks[x] + ("." if x + 1 in periods else ""), matches[x].start() + offset,
                               matches[x + 1 if x + 1 in periods else x].end() + offset)
                          for x in range(k, j) if x not in periods)
            out.append(Run(words, poss))
        i = j
