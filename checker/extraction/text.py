"""Sentences and word tokens with exact offsets, using NLTK without any downloaded data.

NLTK's ready-made English Punkt model and tagger live in `nltk_data`, which cannot be downloaded
here nor relied upon on users' machines. So:

* Sentences come from a `PunktSentenceTokenizer` built from hand-made `PunktParameters`: a curated
  abbreviation list (checker/extraction/data/abbreviations.txt) and a short list of frequent sentence starters.
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

from nltk import redos
from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from checker.model import CleanedSource, Sentence, Token

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
    raw = resources.files("checker.extraction.data").joinpath("abbreviations.txt").read_text(encoding="utf-8")
    out = set()
    for line in raw.splitlines():
        item = line.split("#", 1)[0].strip()
        if item:
            out.add(item.lower().rstrip("."))
    return frozenset(out)


class _SentenceSplitter(PunktSentenceTokenizer):
    """Punkt, remembering its decision for each candidate break.

    Punkt decides a break from a short context: the word before the period, the period and the token
    after it ("released. The"). The decision depends on nothing else (the parameters are fixed), and
    the same contexts recur across sentences and articles, so it is cached (bounded).
    """

    def __init__(self, params: PunktParameters) -> None:
        super().__init__(params)
        self._decide = functools.lru_cache(maxsize=8192)(super().text_contains_sentbreak)

    def text_contains_sentbreak(self, text: str) -> bool:
        return self._decide(text)


@functools.lru_cache(maxsize=1)
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """A Punkt sentence splitter that needs no downloaded model (cached)."""
    params = PunktParameters()
    params.abbrev_types = set(load_abbreviations())
    params.sent_starters = set(SENTENCE_STARTERS)
    return _SentenceSplitter(params)


# --- word tokens: NLTK's tokenizer, minus the rules that cannot fire ---------------------------------
#
# NLTK's word tokenizer rewrites each sentence with ~30 regular-expression substitutions, most of which
# cannot match a given sentence (no brackets, dashes, quotes or contractions). Each rule below is keyed
# by NLTK's pattern and paired with a test that holds for every text the rule can match; when the test
# fails the rule would change nothing, so skipping it leaves the output exactly NLTK's. A rule that is
# not listed (a future NLTK) always runs.

# Every whitespace character (str.isspace(); the regex engine's \s is a subset), and the characters
# the final-period rules may find after the period: their closers and whitespace.
_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_AFTER_FINAL_PERIOD = "]})>\"'»”’" + _WHITESPACE


def _holds(*pieces: str):
    """The rule can only match text that contains one of these substrings."""
    if len(pieces) == 1:
        piece = pieces[0]
        return lambda text: piece in text
    return re.compile("|".join(re.escape(p) for p in pieces)).search


def _final_period(text: str) -> bool:
    """The rule matches a period followed only by closing quotes/brackets and space at the end."""
    return text.rstrip(_AFTER_FINAL_PERIOD).endswith(".")


def _rewrite_final_period(regexp, substitution: str, text: str) -> str:
    """A final-period rule matches the character before the last period and what follows it (no
    other period can be followed only by closers and space), so it runs on that tail alone."""
    if not _final_period(text):
        return text
    cut = max(text.rfind(".") - 1, 0)
    return text[:cut] + _rewrite_tail(regexp, substitution, text[cut:])


@functools.lru_cache(maxsize=1024)
def _rewrite_tail(regexp, substitution: str, tail: str) -> str:
    """The same few sentence ends ("d.", "s.", "y.\"") recur: their rewrites are remembered."""
    return regexp.sub(substitution, tail)


def _ends_with_colon_or_comma(text: str) -> bool:
    return text.endswith((":", ",", ":\n", ",\n"))  # "$" also matches before a final newline


_RULE_GATES = {
    r"([«“‘„]|[`]+)": _holds("«", "“", "‘", "„", "`"),
    r"^\"": lambda text: text.startswith('"'),
    r"(``)": _holds("``"),
    r"([ \(\[{<])(\"|\'{2})": _holds('"', "''"),
    r"(?i)(?<!\w)(\')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w)": _holds("'"),
    r"([:,])([^\d])": _holds(":", ","),
    r"([:,])$": _ends_with_colon_or_comma,
    r"\.{2,}": _holds(".."),
    r"[;@#$%&]": _holds(*";@#$%&"),
    r"[\u2012-\u2015]": _holds("\u2012", "\u2013", "\u2014", "\u2015"),
    r"[?!]": _holds("?", "!"),
    r"([^'])' ": _holds("' "),
    r"[*]": _holds("*"),
    r"[\]\[\(\)\{\}\<\>]": _holds(*"[](){}<>"),
    r"--": _holds("--"),
    r"([»”’])": _holds("»", "”", "’"),
    r"''": _holds("''"),
    r'"': _holds('"'),
    r"([^' ])('[sS]|'[mM]|'[dD]|') ": _holds("'"),
    r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ": _holds("'"),
}
# NLTK's two rules that split off a sentence's final period (with the quotes or brackets after it)
_FINAL_PERIOD_RULES = (r'([^\.])(\.)([\]\)}>"\'' "»”’ " r"]*+)\s*$", r'([^\.])(\.)([\]\)}>"\']*)\s*$')
_COLLAPSE_WHITESPACE = r"\s+"  # NLTK's rule that turns every whitespace run into one space
_OTHER_WHITESPACE = redos.compile(r"[^\S ]")  # whitespace other than the plain space, as that rule sees it


def _collapse_whitespace(regexp, substitution: str, text: str) -> str:
    """NLTK's whitespace rule; when the only whitespace is plain spaces, collapsing runs of them with
    str.replace gives the same text without a regex pass over every space. (Every other whitespace
    character is unprintable, so printable text has none.)"""
    if not text.isprintable() and _OTHER_WHITESPACE.search(text):
        return regexp.sub(substitution, text)
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def _any_of(patterns: list[re.Pattern]):
    """One case-insensitive search that finds a match exactly where one of `patterns` would (each is
    "(?i)..." with no other global flag), so a sentence none of them matches is scanned only once."""
    if not patterns or any(not p.pattern.startswith("(?i)") or p.flags & ~(re.I | re.U) for p in patterns):
        return lambda text: True
    return re.compile("|".join(f"(?:{p.pattern[4:]})" for p in patterns), re.I).search


# NLTK's contraction rules, "(?i)\b(can)(?#X)(not)\b" and the like: each needs its two parts, written
# together, in any case. Ignoring case, only these four non-ASCII letters match ASCII ones (İ, ı ~ i;
# ſ ~ s; Kelvin sign ~ k); text without them holds a part only if its lower-case form does.
_CONTRACTION_SHAPE = re.compile(r"\(\?i\)(?:\\b| )\(([\w']+)\)\(\?#X\)\(([\w']+)\)(?:\\b|\(\?=\\s\))")
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def _contraction_gate(patterns: list[re.Pattern]):
    """A test that holds for every text one of the contraction `patterns` can match: first the
    lower-cased parts as plain substrings, then one search for all the patterns (`_any_of`)."""
    exact = _any_of(patterns)
    shapes = [_CONTRACTION_SHAPE.fullmatch(p.pattern) for p in patterns]
    if not patterns or not all(shapes) or not all((m[1] + m[2]).isascii() for m in shapes):
        return exact
    parts = re.compile("|".join(re.escape((m[1] + m[2]).lower()) for m in shapes)).search

    def gate(text: str) -> bool:
        if _FOLDS_TO_ASCII.search(text):
            return bool(exact(text))
        return bool(parts(text.lower())) and bool(exact(text))

    return gate


class _GatedWordTokenizer(NLTKWordTokenizer):
    """NLTK's word tokenizer with identical output, faster: its rewrite rules run in NLTK's order, but
    a rule is skipped when its gate says it cannot match (see `_RULE_GATES`).

    Checked against `NLTKWordTokenizer` itself by tests/test_extract_speed_tokens.py.
    """

    def __init__(self) -> None:
        super().__init__()
        before_padding = (*self.STARTING_QUOTES, *self.PUNCTUATION, self.PARENS_BRACKETS, self.DOUBLE_DASHES)
        self._before_padding = [self._gated(rx, sub) for rx, sub in before_padding]
        self._after_padding = [self._gated(rx, sub) for rx, sub in self.ENDING_QUOTES]
        self._contractions2 = _contraction_gate(self.CONTRACTIONS2)
        self._contractions3 = _contraction_gate(self.CONTRACTIONS3)

    @staticmethod
    def _gated(regexp, substitution: str):
        pattern = regexp.pattern
        if pattern == _COLLAPSE_WHITESPACE:
            return lambda text: _collapse_whitespace(regexp, substitution, text)
        if pattern in _FINAL_PERIOD_RULES:
            return lambda text: _rewrite_final_period(regexp, substitution, text)
        gate = _RULE_GATES.get(pattern)
        if gate is None:
            return lambda text: regexp.sub(substitution, text)
        return lambda text: regexp.sub(substitution, text) if gate(text) else text

    def tokenize(self, text: str, convert_parentheses: bool = False, return_str: bool = False) -> list[str]:
        if convert_parentheses or return_str:
            return super().tokenize(text, convert_parentheses, return_str)
        for rule in self._before_padding:
            text = rule(text)
        text = " " + text + " "
        for rule in self._after_padding:
            text = rule(text)
        if self._contractions2(text):
            for regexp in self.CONTRACTIONS2:
                text = regexp.sub(r" \1 \2 ", text)
        if self._contractions3(text):
            for regexp in self.CONTRACTIONS3:
                text = regexp.sub(r" \1 \2 ", text)
        return text.split()


@functools.lru_cache(maxsize=1)
def _word_tokenizer() -> NLTKWordTokenizer:
    return _GatedWordTokenizer()


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

    Each sentence has exact offsets into `cleaned.source.text` (text == source.text[start:end]) and
    never crosses a segment boundary. Its word tokens, where wanted, are `tokenize(text, start)`.
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
        if norm[e - 1] == ".":  # both repairs below concern a token that ends in a period
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
    return tuple([Token(text[s:e], s + offset, e + offset) for s, e in fixed if e > s])
