"""The extractors' shortcuts must find exactly what the plain regular-expression searches find.

Each shortcut (a search started late, a pattern tried only where it can match) is compared with the
plain search on many generated sentences dense in what the patterns react to: names and titles,
commas, speaker verbs, possessives, odd whitespace and letters. A wrong bound would show up here as
a missing or different match.
"""

from __future__ import annotations

import random
import re

import pytest

from checker.extraction import participants
from checker.extraction.attribution import _patterns, _verb_speakers
from checker.extraction.topics import _STOP_TAIL, _stop_tail_start

WORDS = [
    "said", "says", "told", "noted", "reported", "Said", "REPORTED", "ſaid", "has", "have", "had", ",", ", ",
    " ", "  ", "\n", "\t", "Officials", "officials", "the", "The", "his", "Foreign", "Minister", "minister",
    "foreign minister", "deputy", "former", "Former", "Ex-", "acting", "Anna", "Virtanen", "U.S.", "O'Brien",
    "Japan's", "Korea’s", "well-known", "3", "2025", "_x", "é", "Émile", "(", ")", ";", ":", '"', "“", "—", ".",
    "and", "with", "between", "talks", "the", "that", "according to", "per", "that have", "a spokesman", "xsaid",
    "ı", "K", "İ", "aside words here", "with a long aside that goes on", "France", "South Korea", "and the",
]


def _sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(WORDS) + rng.choice(["", " ", " ", " "]) for _ in range(rng.randint(1, 40)))
            for _ in range(n)]


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return a.span() == b.span() and a.groups() == b.groups()


@pytest.mark.parametrize("seed", range(3))
def test_speaker_matches_are_the_plain_finditer(seed):
    after = _patterns().after
    for text in _sentences(3000, seed):
        want = [(m.span(), m.groups()) for m in after.finditer(text)]
        assert [(m.span(), m.groups()) for m in _verb_speakers(text)] == want, repr(text)


@pytest.mark.parametrize("seed", range(3))
def test_topic_tail_stops_where_the_plain_search_does(seed):
    for text in _sentences(3000, seed + 10):
        m = _STOP_TAIL.search(text)
        assert _stop_tail_start(text) == (m.start() if m else None), repr(text)


@pytest.mark.parametrize("name", ["TITLE_BEFORE", "BEFORE_NAME", "POSSESSIVE_BEFORE", "LIST_BEFORE", "PARTNER_BEFORE",
                                  "LIST_NEIGHBOUR_BEFORE"])
def test_searches_anchored_at_the_end_start_late_but_find_the_same(name):
    pattern, shape = getattr(participants, f"_{name}"), getattr(participants, f"_{name}_SHAPE")
    found = 0
    for text in _sentences(4000, 20):
        for cut in (len(text), len(text) // 2):  # the text before a name: any prefix of a sentence
            prefix = text[:cut]
            want = pattern.search(prefix)
            found += want is not None
            assert _same(participants._search_end(pattern, prefix, *shape), want), repr(prefix)
    assert found > 20  # the generated text does exercise the pattern


def test_framing_terms_in_lower_cased_text_are_the_case_insensitive_matches():
    from checker.extraction.framing import _patterns, _term_matches

    pats = _patterns()
    cases = ["Treaty", "TREATY", "treaty", "Joint Statement", "communiqué", "COMMUNIQUÉ", "Pact", "pacts",
             "MoU", "alliance", "defenſe obligation", "ALLİANCE", "allıance", "Mutual Defence", "deal-breaker"]
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(WORDS + cases) + rng.choice(["", " ", " "]) for _ in range(rng.randint(1, 30)))
        want = [m.span() for m in pats.terms.finditer(text)]
        assert [m.span() for m in _term_matches(text)] == want, repr(text)


def test_lower_casing_keeps_offsets_and_case_insensitive_matches_of_framing_letters():
    # the premise of framing._term_matches, checked over every character
    import sys

    from checker.extraction.framing import _LOWER_CASE_UNSAFE, _patterns

    unsafe = set(_LOWER_CASE_UNSAFE.pattern.strip("[]"))
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and chr(c) not in unsafe)
    lowered = chars.lower()
    assert len(lowered) == len(chars)  # offsets survive lower-casing
    for x in sorted({c for c in _patterns().lower_terms.pattern if c.isalpha()}):
        ignoring_case = [m.start() for m in re.finditer(re.escape(x), chars, re.IGNORECASE)]
        in_lower_case = [m.start() for m in re.finditer(re.escape(x), lowered)]
        assert ignoring_case == in_lower_case, x


def test_line_key_lowers_the_joined_words_as_word_by_word_lowering_would():
    from checker.reading.clean import _key, _words

    letters = ["Σ", "σ", "ς", "Ο", "Δ", "İ", "I", "ı", "ß", "ẞ", "K", "’", "'", ".", "-", "A", "a", "Ǆ", "ǅ", "Ω", "ͅ"]
    rng = random.Random(4)
    for _ in range(20000):
        text = " ".join("".join(rng.choice(letters) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 6)))
        assert _key(text) == " ".join(w.lower().replace("’", "'") for w in _words(text)), repr(text)
