"""Sentences and word tokens with exact offsets, using NLTK without any downloaded data.

NLTK's ready-made English Punkt model and tagger live in `nltk_data`, which cannot be downloaded
here nor relied upon on users' machines. So:

* Sentences come from a `PunktSentenceTokenizer` built from hand-made `PunktParameters`: a curated
  abbreviation list (checker/data/abbreviations.txt) and a short list of frequent sentence starters.
  Punkt stores abbreviation types lowercased and without their final period ("u.s", "jan"), and it
  matches multi-period abbreviations such as "U.S." as one token.
  Behaviour after an abbreviation: the sentence continues ("The U.S. Navy said", "Gen. Smith met
  Lt. Col. Jones on Jan. 5.") unless the next word is a capitalised frequent sentence starter
  (`SENTENCE_STARTERS`: "The", "He", "But", "It", ...), so "... in the U.S. The next day ..."
  splits, while "... in the U.S. Critics said ..." stays one sentence (a known, accepted miss:
  Punkt has no data telling it that "Officials" rarely follows "U.S.").
  A number followed by a period ("on Jan. 5. They talked.") ends a sentence unless the next word
  is lowercase.
* Sentences never cross segment boundaries, blank lines, or the start of a bullet line; a single
  line break inside a block is a boundary unless the block looks hard-wrapped (see `_blocks`).
* Word tokens come from `nltk.tokenize.NLTKWordTokenizer.span_tokenize` run on a copy of the text
  whose curly quotes are replaced one-for-one by straight ones (so offsets stay exact and
  "Canada’s" gives "Canada" + "’s"); a word's final period is split off unless the word is a known
  abbreviation or an initialism ("U.S.", "a.m.").
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from .model import CleanedSource, Sentence, Token

SENTENCE_KINDS = ("title", "heading", "body")

# Capitalised, these words almost always begin a sentence; after an abbreviation they force a break.
# Single letters ("A", "I") are left out: they collide with initials ("Gen. A. Smith").
SENTENCE_STARTERS = frozenset(
    """
    the he she it they we you his her its their our this that these those there here
    but and yet so however meanwhile still also then now after before when while although though
    if as in on at for from by with without during since until under over about according
    officials some many most both each all one two three no not neither nor nothing
    what why how where who which whose earlier later last next today yesterday tomorrow
    instead indeed moreover furthermore nevertheless nonetheless thus therefore hence
    """.split()
)

_BULLET_RE = re.compile(r"[ \t]*(?:[•·▪◦●○■□►▸‣⁃➢➤✓✔]|[-*–—](?=\s))[ \t]*")
_QUOTE_MAP = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                            "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'"})
_INITIALISM_RE = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]\.?$")
_PERIOD_WORD_RE = re.compile(r"^(?:[^\W\d_]{2,}|\d+)\.$")
_FALLBACK_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-'’.,]\w+)*|[^\w\s]")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_ALNUM_RE = re.compile(r"\w")


@functools.lru_cache(maxsize=1)
def load_abbreviations() -> frozenset[str]:
    """The curated abbreviations as Punkt types: lowercase, final period dropped ("u.s", "jan")."""
    raw = resources.files("checker.data").joinpath("abbreviations.txt").read_text(encoding="utf-8")
    out = set()
    for line in raw.splitlines():
        item = line.split("#", 1)[0].strip()
        if item:
            out.add(item.lower().rstrip("."))
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """A Punkt sentence splitter that needs no downloaded model (cached)."""
    params = PunktParameters()
    params.abbrev_types = set(load_abbreviations())
    params.sent_starters = set(SENTENCE_STARTERS)
    return PunktSentenceTokenizer(params)


@functools.lru_cache(maxsize=1)
def _word_tokenizer() -> NLTKWordTokenizer:
    return NLTKWordTokenizer()


# --- blocks inside a segment -----------------------------------------------------------------------

_CONTINUES_RE = re.compile(r"(?:[,;:(\[/&+–—-]|\b(?:and|or|but|the|a|an|of|to|in|on|at|for|with|by|from|as|that|which)) *$")


def _starts_bullet(line: str) -> bool:
    return bool(_BULLET_RE.match(line)) and bool(line.strip())


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut text[start:end] into blocks that no sentence may cross.

    Hard cuts: blank lines, and a line that starts with a bullet. A single line break is also a cut
    (headlines, bylines and list items are usually one per line) unless the line after it starts in
    lowercase, the line before ends in a comma/conjunction/article, or the block is hard-wrapped
    (at least half of its line breaks look like continuations), in which case Punkt decides.
    """
    out: list[tuple[int, int]] = []
    pos = start
    pieces: list[tuple[int, int]] = []
    for m in _BLANK_LINE_RE.finditer(text, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    for ps, pe in pieces:
        lines: list[tuple[int, int]] = []
        ls = ps
        while True:
            nl = text.find("\n", ls, pe)
            if nl < 0:
                lines.append((ls, pe))
                break
            lines.append((ls, nl))
            ls = nl + 1
        if len(lines) == 1:
            out.append((ps, pe))
            continue
        cont = []
        for (a1, b1), (a2, b2) in zip(lines, lines[1:]):
            prev, nxt = text[a1:b1].rstrip(), text[a2:b2].lstrip()
            c = bool(nxt) and not _starts_bullet(text[a2:b2]) and (
                nxt[0].islower() or bool(_CONTINUES_RE.search(prev)))
            cont.append(c)
        wrapped = sum(cont) * 2 >= len(cont)
        bs = lines[0][0]
        for i, c in enumerate(cont):
            a2, b2 = lines[i + 1]
            bullet = _starts_bullet(text[a2:b2])
            if bullet or not (c or wrapped):
                out.append((bs, lines[i][1]))
                bs = a2
        out.append((bs, pe))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    m = _BULLET_RE.match(text, s, e)
    if m and m.end() > s:
        s = m.end()
    return s, e


def split_sentences(cleaned: CleanedSource) -> tuple[Sentence, ...]:
    """Sentences of the title, heading and body segments (never furniture), in document order.

    Each sentence has exact offsets into `cleaned.source.text` (text == source.text[start:end]),
    never crosses a segment boundary, and carries its word tokens.
    """
    text = cleaned.source.text
    tok = sentence_tokenizer()
    out: list[Sentence] = []
    for seg in sorted(cleaned.segments, key=lambda s: (s.start, s.end)):
        if seg.kind not in SENTENCE_KINDS:
            continue
        for bs, be in _blocks(text, seg.start, seg.end):
            chunk = text[bs:be]
            if not chunk.strip():
                continue
            for s, e in tok.span_tokenize(chunk):
                s, e = _trim(chunk, s, e)
                if s >= e or not _ALNUM_RE.search(chunk, s, e):
                    continue
                start, end = bs + s, bs + e
                out.append(
                    Sentence(
                        source_id=cleaned.source.id,
                        index=len(out),
                        start=start,
                        end=end,
                        text=text[start:end],
                        tokens=tokenize(text[start:end], start),
                        segment_kind=seg.kind,
                    )
                )
    return tuple(out)


# --- tokens ----------------------------------------------------------------------------------------


def _spans(norm: str) -> list[tuple[int, int]]:
    try:
        return list(_word_tokenizer().span_tokenize(norm))
    except (ValueError, IndexError, StopIteration):  # alignment failure: fall back to a plain regex
        return [m.span() for m in _FALLBACK_TOKEN_RE.finditer(norm)]


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Word tokens of `text`; offsets are into text, shifted by `offset`.

    Keeps hyphenated words ("search-and-rescue"), initialisms ("U.S."), numbers with separators
    ("1,625", "3.88") together; splits clitics ("Canada’s" -> "Canada", "’s") and punctuation.
    """
    if not text:
        return ()
    norm = text.translate(_QUOTE_MAP)
    spans = _spans(norm)
    abbrevs = load_abbreviations()
    fixed: list[tuple[int, int]] = []
    for s, e in spans:
        w = norm[s:e]
        # NLTK splits the final period off the last word: glue it back to an initialism ("U.S.").
        if w == "." and fixed and fixed[-1][1] == s and _INITIALISM_RE.match(norm[fixed[-1][0]:s] + "."):
            fixed[-1] = (fixed[-1][0], e)
            continue
        # A period left on an ordinary word or number mid-text ("said. (ok)") is punctuation.
        if _PERIOD_WORD_RE.match(w) and w[:-1].lower() not in abbrevs:
            fixed.append((s, e - 1))
            fixed.append((e - 1, e))
            continue
        fixed.append((s, e))
    return tuple(Token(text[s:e], s + offset, e + offset) for s, e in fixed if e > s)
