"""Garbled words: lower-case words no English dictionary knows, that are neither a British spelling
nor a compound of two known words ("non-mkinematic" is garbled; "defence" and "overreliance" are not).

The dictionary is pyspellchecker's English word-frequency list, shipped inside that package.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?:-[a-z]+)*(?![\w'’-])")
_BRITISH = (("our", "or"), ("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"), ("isation", "ization"),
            ("ence", "ense"), ("tre", "ter"), ("lled", "led"), ("lling", "ling"), ("ogue", "og"), ("yse", "yze"), ("ae", "e"))


@lru_cache(maxsize=1)
def _checker():
    from spellchecker import SpellChecker

    return SpellChecker(language="en")


def _known(word: str) -> bool:
    return bool(_checker().known([word]))


def _variant_known(word: str) -> bool:
    for brit, us in _BRITISH:
        if brit in word and _known(word.replace(brit, us)):
            return True
    for suffix in ("s", "es", "ed", "ing", "ly", "er", "ers"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and _known(word[: -len(suffix)]):
            return True
    return False


def _compound(word: str) -> bool:
    """Two known words, or a short pronounceable prefix on a known word ("cyber"+"security")."""
    if any(_known(word[:i]) and (_known(word[i:]) or _variant_known(word[i:])) for i in range(3, len(word) - 2)):
        return True
    return any(
        re.search(r"[aeiouy]", word[:i]) and len(word) - i >= 5 and (_known(word[i:]) or _variant_known(word[i:]))
        for i in range(2, 6)
    )


_ONSETS = frozenset(
    "bl br ch cl cr dr dw fl fr gh gl gn gr kh kl kn kr ph pl pn pr ps qu rh sc sh sk sl sm sn sp sq st sw "
    "th tr ts tw vl wh wr zh".split()
)


def _illegal_onset(word: str) -> bool:
    """English words do not start with two consonants like "mk" or "tp"."""
    head = word[:2]
    return len(head) == 2 and not re.search(r"[aeiouy]", head) and head not in _ONSETS


@lru_cache(maxsize=65536)
def is_garbled(word: str) -> bool:
    """Cached: a corpus repeats its words, and each unknown one costs dozens of dictionary look-ups."""
    word = word.lower()
    if len(word) < 6 or _known(word) or _variant_known(word):
        return False
    return _illegal_onset(word) or not _compound(word)


# Words already judged whole and clean: most of an article is words seen before, and telling them
# apart with one set difference costs far less than a cached call per word. Bounded, for a long stream.
_CLEAN_WORDS: set[str] = set()
CLEAN_WORDS_LIMIT = 500_000


def garbled_words(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, word) for each garbled word part; capitalised words (names) are never judged.

    The text's distinct words are judged first; only a text with a garbled one is scanned again for
    where each occurrence is."""
    unseen = set(_WORD.findall(text)) - _CLEAN_WORDS
    if not unseen:
        return []
    garbled = {part for word in unseen for part in word.split("-") if is_garbled(part)}
    if not garbled:
        if len(_CLEAN_WORDS) < CLEAN_WORDS_LIMIT:
            _CLEAN_WORDS.update(unseen)
        return []
    return _positions(text, offset)


def _positions(text: str, offset: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _WORD.finditer(text):
        pos = m.start()
        for part in m.group(0).split("-"):
            if is_garbled(part):
                out.append((pos + offset, pos + offset + len(part), part))
            pos += len(part) + 1
    return out
