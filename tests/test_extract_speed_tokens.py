"""The faster word tokenizer of checker/extraction/text.py must give exactly NLTK's spans.

`_GatedWordTokenizer` skips NLTK rewrite rules that cannot match a sentence; a wrong gate would drop a
split ("can not", "' s", a bracket) somewhere. These tests compare it with NLTK's own tokenizer on the
seed sentences and on many generated strings dense in the characters the rules react to.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from nltk.tokenize import NLTKWordTokenizer

from checker.extraction.text import (_FOLDS_TO_ASCII, _OTHER_WHITESPACE, _WHITESPACE, _GatedWordTokenizer,
                                     _word_tokenizer, tokenize)

ROOT = Path(__file__).resolve().parent.parent

PIECES = [
    "cannot", "CanNot", "gonna", "wanna ", "'tis", "'Twas", "d'ye", "more'n", "gimme", "LEMME", "gotta",
    "don't", "I'm", "we'll", "they're", "it's", "'s", "s'", "'S ", "''", '"', "``", "`", "«", "»", "“", "”",
    "‘", "’", "„", "(", ")", "[", "]", "{", "}", "<", ">", "--", "-", "—", "–", "\u2012", "\u2015", "...",
    "..", ".", ",", ":", ";", "@", "#", "$", "%", "&", "?", "!", "*", " ", "  ", "\t", "\n", "\u00a0",
    "\u2009", "\x1c", "\u0085", "word", "Word", "U.S.", "3.5", "1,000", "12:30", "a", "ı", "K", "ſ", "gımme",
    "GİMME", "wanna\n", "\u2028", "\u3000", "é", "ß", ".\"", ".)", ". ’", "..\n",
]


def _reference(text: str) -> list[tuple[int, int]]:
    return list(NLTKWordTokenizer().span_tokenize(text))


def _generated(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 14))]
        sep = rng.choice(["", " ", " "])
        out.append(sep.join(parts))
    return out


def test_the_shared_tokenizer_is_the_gated_one():
    assert isinstance(_word_tokenizer(), _GatedWordTokenizer)


@pytest.mark.parametrize("seed", range(4))
def test_same_spans_as_nltk_on_generated_strings(seed):
    gated = _GatedWordTokenizer()
    for text in _generated(2500, seed):
        try:
            want = _reference(text)
        except ValueError:  # NLTK cannot align some inputs; the gated tokenizer must fail alike
            with pytest.raises(ValueError):
                list(gated.span_tokenize(text))
            continue
        assert list(gated.span_tokenize(text)) == want, repr(text)


def test_same_spans_as_nltk_on_seed_and_fixture_lines():
    gated = _GatedWordTokenizer()
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "fixtures").glob("*/*/*.md"))
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 200
    for line in lines:
        assert list(gated.span_tokenize(line)) == _reference(line), line


def test_rules_that_need_absent_characters_still_fire_when_present():
    # each of these depends on a rule the gates skip for plain prose
    assert [t.text for t in tokenize("He cannot (or will not) go -- really?")] == [
        "He", "can", "not", "(", "or", "will", "not", ")", "go", "--", "really", "?"]
    assert [t.text for t in tokenize("It's the team's \"best\" year; 50% said so! 'Twas gonna end...")] == [
        "It", "'s", "the", "team", "'s", '"', "best", '"', "year", ";", "50", "%", "said", "so", "!", "'", "Twas",
        "gon", "na", "end", "..."]


ALL_CHARACTERS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_whitespace_other_than_space_is_never_printable():
    # _collapse_whitespace skips NLTK's regex for printable text: that must never hide a tab or the like
    others = [m.group() for m in _OTHER_WHITESPACE.finditer(ALL_CHARACTERS)]
    assert "\t" in others and "\u3000" in others
    assert not any(c.isprintable() for c in others)
    # and the final-period gate strips every such character
    assert set(others) <= set(_WHITESPACE) and set(_WHITESPACE) == {c for c in ALL_CHARACTERS if c.isspace()}


def test_only_four_non_ascii_letters_match_ascii_ones_ignoring_case():
    # the contraction gate lower-cases text to look for "cannot", "gonna" ...; these are the exceptions
    matches = {m.group() for m in re.finditer("[a-z]", ALL_CHARACTERS, re.IGNORECASE)}
    assert {c for c in matches if not c.isascii()} == set(_FOLDS_TO_ASCII.pattern.strip("[]"))


def test_sentence_splitter_matches_plain_punkt_with_the_same_parameters():
    # the splitter caches Punkt's decision per candidate break; it must not change a single span
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from checker.extraction.text import sentence_tokenizer

    ours = sentence_tokenizer()
    plain = PunktSentenceTokenizer(ours._params)
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "fixtures").glob("*/*/*.md"))
    texts = [f.read_text(encoding="utf-8") for f in files] + _generated(300, seed=9)
    for _ in range(2):  # the second pass answers from the cache
        for text in texts:
            assert list(ours.span_tokenize(text)) == list(plain.span_tokenize(text)), text[:80]
