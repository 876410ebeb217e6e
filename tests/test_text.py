"""Sentence splitting and tokens (checker/extraction/text.py): exact offsets, no downloaded NLTK data."""

from __future__ import annotations

import re
from pathlib import Path

import nltk
import pytest

from checker.extraction.text import load_abbreviations, sentence_tokenizer, split_sentences, tokenize
from checker.model import CleanedSource, Segment, Source

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def line_cleaned(text: str, sid: str = "doc", kinds: dict[int, str] | None = None) -> CleanedSource:
    """Each non-empty line is one segment ("body" unless `kinds` maps its line number otherwise)."""
    segs = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            segs.append(Segment(pos, pos + len(line), (kinds or {}).get(i, "body")))
        pos += len(line) + 1
    return CleanedSource(Source(sid, f"{sid}.txt", text), tuple(segs))


def block_cleaned(text: str, kind: str = "body") -> CleanedSource:
    return CleanedSource(Source("doc", "doc.txt", text), (Segment(0, len(text), kind),))


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(line_cleaned(text))]


def check_offsets(cleaned: CleanedSource) -> None:
    src = cleaned.source.text
    sents = split_sentences(cleaned)
    for i, s in enumerate(sents):
        assert s.index == i
        assert s.text == src[s.start:s.end]
        assert s.text == s.text.strip() and s.text
        assert s.source_id == cleaned.source.id
        tokens = tokenize(s.text, s.start)
        assert tokens, s.text
        prev = s.start
        for t in tokens:
            assert src[t.start:t.end] == t.text, (t, s.text)
            assert s.start <= t.start < t.end <= s.end
            assert t.start >= prev
            prev = t.end
    for a, b in zip(sents, sents[1:]):
        assert a.end <= b.start


# --- abbreviations and the tokenizer object ---------------------------------------------------------


def test_abbreviations_are_punkt_types():
    abbr = load_abbreviations()
    for t in ("u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "jan", "sept", "gen", "lt", "col", "dr", "mr",
              "inc", "corp", "no", "vs", "etc", "e.g", "i.e", "calif"):
        assert t in abbr, t
    assert all(t == t.lower() and not t.endswith(".") for t in abbr)
    # common sentence-final words are deliberately not abbreviations
    for t in ("ill", "mass", "wash", "in", "am", "sat"):
        assert t not in abbr


def test_sentence_tokenizer_is_cached():
    assert sentence_tokenizer() is sentence_tokenizer()


def test_works_without_nltk_data(monkeypatch, tmp_path):
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    sentence_tokenizer.cache_clear()
    try:
        out = texts("The U.S. Navy said so. Then “it” ended.")
        assert out == ["The U.S. Navy said so.", "Then “it” ended."]
        assert [t.text for t in tokenize("Korea’s U.S. deal")] == ["Korea", "’s", "U.S.", "deal"]
    finally:
        sentence_tokenizer.cache_clear()


# --- synthetic sentence splitting -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gen. Smith met Lt. Col. Jones on Jan. 5. They talked.",
         ["Gen. Smith met Lt. Col. Jones on Jan. 5.", "They talked."]),
        ("The U.S. Navy said the ship was safe. It left.", ["The U.S. Navy said the ship was safe.", "It left."]),
        # abbreviation + capitalised frequent sentence starter => break
        ("He lives in the U.S. The next day he left.", ["He lives in the U.S.", "The next day he left."]),
        ("The firm, Acme Inc. The board agreed.", ["The firm, Acme Inc.", "The board agreed."]),
        ("Dr. Kim and Mrs. Lee met at 9 a.m. Friday in Washington, D.C. on Sept. 4.",
         ["Dr. Kim and Mrs. Lee met at 9 a.m. Friday in Washington, D.C. on Sept. 4."]),
        ("Sen. Park, the No. 2 official, spoke vs. the U.K. and the U.N. envoy. Nobody objected.",
         ["Sen. Park, the No. 2 official, spoke vs. the U.K. and the U.N. envoy.", "Nobody objected."]),
        ("He said “It is over.” Then he left.", ["He said “It is over.”", "Then he left."]),
        ('He said "It is over." Then he left.', ['He said "It is over."', "Then he left."]),
        ("They left (for good.) Then she came.", ["They left (for good.)", "Then she came."]),
        ("Was it over? Yes! It was.", ["Was it over?", "Yes!", "It was."]),
        ("He fell ill. Doctors came.", ["He fell ill.", "Doctors came."]),
        ("The e.g. case and i.e. rule apply, etc. and so on.", ["The e.g. case and i.e. rule apply, etc. and so on."]),
    ],
)
def test_split_synthetic(text, expected):
    assert texts(text) == expected
    check_offsets(line_cleaned(text))


def test_known_miss_abbreviation_before_non_starter_is_documented():
    # Punkt without data cannot know that "Critics" starts a sentence after "U.S.": stays one sentence.
    assert texts("Talks ended in the U.S. Critics said so.") == ["Talks ended in the U.S. Critics said so."]


def test_bullet_line_is_one_sentence_without_the_bullet():
    text = "Key Points\n\n  • 1Industry context: Explicit AI language in pacts drives demand. More follows.\n"
    out = texts(text)
    assert out[0] == "Key Points"
    assert out[1] == "1Industry context: Explicit AI language in pacts drives demand."
    assert out[2] == "More follows."
    check_offsets(line_cleaned(text))


def test_long_line_splits_normally():
    sent = "The ministers met in the capital and agreed to expand drills in the region."
    text = " ".join([sent] * 40)
    out = texts(text)
    assert out == [sent] * 40
    check_offsets(line_cleaned(text))


def test_segments_are_hard_boundaries_and_furniture_is_skipped():
    text = "Headline without a period\nBody starts here. It ends here\nShare this article\nNext line."
    cleaned = line_cleaned(text, kinds={0: "title", 2: "furniture"})
    sents = split_sentences(cleaned)
    assert [s.text for s in sents] == ["Headline without a period", "Body starts here.", "It ends here", "Next line."]
    assert [s.segment_kind for s in sents] == ["title", "body", "body", "body"]
    assert [s.index for s in sents] == [0, 1, 2, 3]
    check_offsets(cleaned)


def test_heading_segments_are_included():
    text = "What happened\nThe talks ended."
    sents = split_sentences(line_cleaned(text, kinds={0: "heading"}))
    assert [(s.text, s.segment_kind) for s in sents] == [("What happened", "heading"), ("The talks ended.", "body")]


def test_segments_in_document_order_even_if_given_unsorted():
    text = "First one.\nSecond one."
    c = line_cleaned(text)
    c = CleanedSource(c.source, tuple(reversed(c.segments)))
    assert [s.text for s in split_sentences(c)] == ["First one.", "Second one."]


def test_block_segment_line_breaks():
    # a block segment: heading-like line break is a boundary, blank line is a boundary
    text = "A heading line\nThe body text follows. Another one.\n\nNew paragraph here."
    out = [s.text for s in split_sentences(block_cleaned(text))]
    assert out == ["A heading line", "The body text follows.", "Another one.", "New paragraph here."]
    # a hard-wrapped paragraph is joined across its line breaks
    wrapped = "The ministers met in Seoul and agreed to\nexpand the drills, officials said on\nFriday. Nothing else was said."
    out = [s.text for s in split_sentences(block_cleaned(wrapped))]
    assert out == ["The ministers met in Seoul and agreed to\nexpand the drills, officials said on\nFriday.",
                   "Nothing else was said."]
    check_offsets(block_cleaned(wrapped))


def test_empty_and_punctuation_only():
    assert split_sentences(line_cleaned("")) == ()
    assert texts("|\n•\n   \n— —") == []


# --- tokens -----------------------------------------------------------------------------------------


def test_tokens_keep_compounds_and_numbers():
    s = "Naval search-and-rescue drills with Ahn Gyu-back: the U.S. sent 1,625 sailors on June 28, 2026."
    toks = [t.text for t in tokenize(s)]
    for w in ("search-and-rescue", "Gyu-back", "U.S.", "1,625", "28", "2026"):
        assert w in toks, (w, toks)
    assert toks[-1] == "."


def test_tokens_exact_with_curly_quotes():
    s = "Koizumi said trilateral cooperation is “more important than ever.” South Korea’s ‘new’ plan can’t wait."
    toks = tokenize(s, offset=100)
    for t in toks:
        assert s[t.start - 100:t.end - 100] == t.text
    words = [t.text for t in toks]
    assert "“" in words and "”" in words and "’s" in words and "Korea" in words
    assert "ever" in words


def test_token_final_period_split_unless_abbreviation():
    assert [t.text for t in tokenize("He said. (ok) Then Gen. Smith came at 5 p.m.")] == [
        "He", "said", ".", "(", "ok", ")", "Then", "Gen.", "Smith", "came", "at", "5", "p.m."]
    assert [t.text for t in tokenize("in the U.S.")] == ["in", "the", "U.S."]
    assert tokenize("") == ()


def test_sentence_tokens_have_document_offsets():
    text = "Intro line.\nThe U.S. and Japan met."
    sents = split_sentences(line_cleaned(text))
    t = tokenize(sents[1].text, sents[1].start)[1]
    assert t.text == "U.S." and text[t.start:t.end] == "U.S."


# --- the seeds --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_offsets_exact(path):
    text = path.read_text(encoding="utf-8")
    cleaned = line_cleaned(text, sid=path.stem)
    check_offsets(cleaned)
    sents = split_sentences(cleaned)
    lines = [l for l in text.split("\n") if l.strip() and re.search(r"\w", l)]
    terminals = len(re.findall(r"[.!?]+[\"”’)]*(?:\s|$)", text))
    # sane counts: at least one sentence per content line, at most one per terminal mark plus lines
    assert len(lines) <= len(sents) <= len(lines) + terminals
    # no sentence crosses a line, no sentence is absurdly long
    assert all("\n" not in s.text for s in sents)
    assert max(len(s.text) for s in sents) < 600


def test_seed_sentence_counts():
    counts = [len(split_sentences(line_cleaned(p.read_text(encoding="utf-8")))) for p in SEEDS]
    assert len(counts) == 5
    for c, lo, hi in zip(counts, (30, 140, 28, 10, 40), (45, 180, 42, 18, 55)):
        assert lo <= c <= hi, counts


def _seed(prefix: str) -> str:
    return next(p for p in SEEDS if p.name.startswith(prefix)).read_text(encoding="utf-8")


def test_seed_us_abbreviation_not_split():
    for prefix in ("000", "001", "003"):
        text = _seed(prefix)
        for s in split_sentences(line_cleaned(text)):
            if "U.S." in s.text:
                i = s.text.index("U.S.")
                # "U.S." is never the end of a sentence in these texts: words follow it
                assert i + 4 < len(s.text), s.text
    sents = [s.text for s in split_sentences(line_cleaned(_seed("003")))]
    assert any(s.startswith("They reaffirmed ongoing defence coordination") and s.endswith("allies in Asia.")
               for s in sents)


def test_seed_bullets_and_quotes():
    sents = [s.text for s in split_sentences(line_cleaned(_seed("002")))]
    assert any(s.startswith("1Industry context: Explicit AI language") and s.endswith("interoperable systems.")
               for s in sents)
    assert "1,625 SQL & Python problems across 15 industry datasets — the exact type of data you work with." in sents
    quoted = [s for s in sents if s.startswith("Defense Minister Ahn Gyu-back and Japan's")]
    assert len(quoted) == 1 and quoted[0].endswith('according to the joint press statement reported by Yonhap.')


def test_seed_tokens_include_expected_forms():
    toks = {t.text for p in SEEDS for s in split_sentences(line_cleaned(p.read_text(encoding="utf-8")))
            for t in tokenize(s.text, s.start)}
    for w in ("search-and-rescue", "Gyu-back", "U.S.", "1,625", "28", "2026"):
        assert w in toks
