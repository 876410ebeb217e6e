"""What was agreed or covered: the items listed after "agreed to", "focus on", "covers", "areas:".

Items are compared across sources by their content-word stems, so "naval search-and-rescue training"
and "joint naval search-and-rescue exercises" can corroborate each other, and an acronym matches its
spelled-out form ("AI" / "artificial intelligence") by initials, with no list of acronyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nltk.stem import PorterStemmer
from rapidfuzz import fuzz

from checker.extraction.lexicon import lexicon

_CUE = re.compile(
    r"\b(?:agreed|agree|agreeing|committed|commit|pledged?|pledging|codif(?:y|ies|ied)|formali[sz]es?|formali[sz]ed|"
    r"covers?|covered|focus(?:ed|es)?\s+on|collaborat\w*\s+on|cooperation\s+(?:in|on)|areas?\s*:|pillars?\s*:)(?![\w-])",
    re.IGNORECASE,
)
# Where the list of items stops: a speaker clause (", officials said"), a source ("according to ..."),
# or a relative clause ("that have ..."). Only where the first of them starts matters; see _stop_tail_start.
_SPEAKER_STOP = re.compile(r",\s*(?:[A-Z][\w’'.-]*\s*){1,6}(?:said|says|reported)\b.*$", re.IGNORECASE)
_SPEAKER_VERB = re.compile(r"(?:said|says|reported)\b", re.IGNORECASE)
_OTHER_STOPS = re.compile(r"\b(?:according to|per)\b.*$|\bthat have\b.*$", re.IGNORECASE)
_STOP_TAIL = re.compile(f"{_SPEAKER_STOP.pattern}|{_OTHER_STOPS.pattern}", re.IGNORECASE)  # the three at once
_SPLIT = re.compile(
    r",|;|:|(?<![\w-])(?:and|or|including|as well as|such as|with|into|from|between|among|as part of|to address|to enhance)(?![\w-])",
    re.IGNORECASE,
)
_TIME_WORD = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|week|month|year)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_stemmer = PorterStemmer()
# An item that opens with a verb, negation or preposition, or holds a relative clause, is not a thing agreed.
_NOT_A_THING = re.compile(
    r"^\s*(?:is|are|was|were|be|been|not|no|on|in|at|for|of|by|than|it|they|this|that)\b|\b(?:where|which|who|whom|whose|that)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Topic:
    surface: str
    start: int  # offsets into the source text
    end: int
    stems: tuple[str, ...]
    acronym: str | None  # "AI" for an all-capitals item


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    return _stemmer.stem(word.lower())


def content_words(text: str) -> list[str]:
    lex = lexicon()
    out = []
    for w in _WORD.findall(text):
        for part in w.replace("’", "'").split("-"):
            low = part.lower().strip("'")
            if len(low) > 1 and low not in lex.stopwords and low not in lex.generic_topic:
                out.append(part)
    return out


def _stop_tail_start(tail: str) -> int | None:
    """Where `_STOP_TAIL.search(tail)` starts, without its cost.

    Searched as one pattern, the speaker clause is tried at every comma and splits the words after it
    in every way up to six pieces: milliseconds on a long list of items. But a speaker clause runs
    from a comma to a speaker verb over words and spaces only, so it can only start at the last comma
    before an occurrence of a verb: the pattern is tried there and nowhere else.
    """
    other = _OTHER_STOPS.search(tail)
    best = other.start() if other else None
    tried: set[int] = set()
    verb = _SPEAKER_VERB.search(tail)
    while verb is not None:
        comma = tail.rfind(",", 0, verb.start())
        if best is not None and comma >= best:
            break  # later verbs have later commas: none can start before `best`
        if comma >= 0 and comma not in tried:
            tried.add(comma)
            if _SPEAKER_STOP.match(tail, comma):
                return comma  # every later candidate starts at or after this comma
        verb = _SPEAKER_VERB.search(tail, verb.start() + 1)
    return best


def topics(text: str, offset: int = 0) -> list[Topic]:
    m = _CUE.search(text)
    if not m:
        return []
    tail_start = m.end()
    lead = re.match(r"\s*(?:on|upon|to)\b", text[tail_start:], re.IGNORECASE)
    if lead:
        tail_start += lead.end()  # "agreed on X": X is the item, "on" is not part of it
    tail = text[tail_start:]
    cut = _stop_tail_start(tail)
    if cut is not None:
        tail = tail[:cut]
    out: list[Topic] = []
    pos = 0
    for piece in _SPLIT.split(tail) + [""]:
        idx = tail.find(piece, pos) if piece else -1
        if idx < 0:
            continue
        pos = idx + len(piece)
        words = [w for w in content_words(piece) if w.lower() not in lexicon().event_triggers]
        if not words or len(words) > 5 or _TIME_WORD.search(piece) or _NOT_A_THING.search(piece):
            continue
        surface = piece.strip(" .,\"“”()")
        s = tail_start + idx + piece.find(surface)
        acronym = words[0] if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6 else None
        out.append(Topic(surface, s + offset, s + len(surface) + offset, tuple(sorted({stem(w) for w in words})), acronym))
    return out[:8]


def _initials(stems_source: str) -> str:
    return "".join(w[0] for w in content_words(stems_source)).lower()


def same_topic(a: Topic, b: Topic) -> bool:
    """Corroboration test: shared content stems, or an acronym against the initials of the other."""
    for x, y in ((a, b), (b, a)):
        if x.acronym and (x.acronym.lower() == _initials(y.surface) or x.acronym.lower() in {s for s in y.stems}):
            return True
    if not a.stems or not b.stems:
        return False
    shared = set(a.stems) & set(b.stems)
    if not shared:
        return False
    if len(shared) >= 2:
        return True
    score = fuzz.token_set_ratio(" ".join(a.stems), " ".join(b.stems))
    return score >= 80 and len(shared) >= min(2, len(a.stems), len(b.stems))
