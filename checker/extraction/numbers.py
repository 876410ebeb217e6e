"""Numbers as written in news text, with their offsets: "46", "3,000", "1.5 million", "forty-six",
"Two hundred", "twenty-five thousand", "one hundred and five".

Number words are read by text2num's English parser, which decides both what is a number word and
what the words add up to; this module only finds the longest run of words the parser accepts. No
table of number words lives here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

_DIGITS = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d,]*\d)")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_JOINERS = {"and"}  # "one hundred and five": inside a run only, never at its start or end
MAX_RUN = 8  # words in one written-out number


@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    value: float
    written: bool  # spelt out in words ("forty-six"), as opposed to digits


@lru_cache(maxsize=4096)
def _word_value(word: str) -> float | None:
    """What text2num makes of one lower-case word or a run of them; None when it is no number.

    Plurals ("thousands", "hundreds") are vague amounts, not numbers, though the parser accepts them."""
    if word.endswith("s") and " " not in word and "-" not in word:
        return None
    try:
        return float(text2num(word, "en"))
    except (ValueError, TypeError):
        return None


def word_number(words: str) -> float | None:
    """The value of one number written in words ("eight", "twenty-five"), as the parser reads it; None
    when the words are no number."""
    return _word_value(words.lower())


def _scale(word: str) -> float | None:
    """The value of a scale word after digits ("1.5 million", "3 thousand"): a round power of ten."""
    value = _word_value(word)
    return value if value is not None and value >= 100 and str(int(value)).strip("0") == "1" else None


def number_spans(text: str) -> list[NumberSpan]:
    """Every number in `text`, in order; spans never overlap."""
    spans = [*_digit_spans(text), *_word_spans(text)]
    spans.sort(key=lambda s: s.start)
    out: list[NumberSpan] = []
    for span in spans:
        if not out or span.start >= out[-1].end:
            out.append(span)
    return out


def _digit_spans(text: str) -> list[NumberSpan]:
    out = []
    for m in _DIGITS.finditer(text):
        value = float(m.group(1).replace(",", ""))
        end = m.end()
        after = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
        scale = _scale(after.group(0).lower()) if after else None
        if scale is not None:
            value, end = value * scale, after.end()
        out.append(NumberSpan(m.start(), end, value, False))
    return out


def _word_spans(text: str) -> list[NumberSpan]:
    words = list(_WORD.finditer(text))
    out = []
    i = 0
    while i < len(words):
        if _word_value(words[i].group(0).lower()) is None:
            i += 1
            continue
        found = _longest_run(text, words, i)
        if found is None:
            i += 1
            continue
        j, value = found
        out.append(NumberSpan(words[i].start(), words[j].end(), value, True))
        i = j + 1
    return out


def _longest_run(text: str, words: list[re.Match], i: int) -> tuple[int, float] | None:
    """The last word index and value of the longest run from word i that the parser reads as one
    number; words in a run are separated by a single space (a comma or other punctuation ends it)."""
    j = i
    while j + 1 < len(words) and j + 1 - i < MAX_RUN and text[words[j].end() : words[j + 1].start()] == " ":
        nxt = words[j + 1].group(0).lower()
        if nxt not in _JOINERS and _word_value(nxt) is None:
            break
        j += 1
    while j >= i:
        if words[j].group(0).lower() not in _JOINERS:
            value = _word_value(text[words[i].start() : words[j].end()].lower())
            if value is not None:
                return j, value
        j -= 1
    return None
