"""Who says so: "according to X", "X said", "per X", "citing X". A speaker is *named* when it is a
person or an institution with a name or an official document (a ministry, a joint statement, a court),
*anonymous* when it is only "officials", "observers", "sources"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.extraction.capitals import runs
from checker.extraction.lexicon import lexicon
from checker.extraction.scan import start_of_last_runs


@dataclass(frozen=True)
class Attribution:
    speaker: str
    start: int  # offsets into the source text
    end: int
    named: bool


_NOT_A_SPEAKER = {"what", "they", "it", "he", "she", "we", "i", "you", "which", "who", "this", "that", "these", "those", "there"}
MAX_SPEAKER_WORDS = 14


@dataclass(frozen=True)
class _Patterns:
    """The lexicon's cues as compiled patterns, built once instead of once per sentence."""

    before: tuple[re.Pattern, ...]  # "according to X", one pattern per cue, in lexicon order
    any_before: re.Pattern  # finds a cue wherever one of `before` could match: a cheap first test
    after: re.Pattern  # "X said"
    verbs: tuple[str, ...]  # the verbs `after` ends with: a sentence without one has no match
    verb: re.Pattern  # where `after` can end: one of `verbs` as it ends there
    institution: re.Pattern  # a word of `institution_heads` (lower case) anywhere in a speaker


# "a shooting that claimed the life of a mother", "the quake claimed 300 lives": a toll, not a statement
_NOT_SPEECH = r"(?:(?<=claimed)(?!\s+(?:the\s+)?(?:(?:\w+\s+)?lives|life)\b)|(?<!claimed))"


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lex = lexicon()
    verbs = tuple(sorted(lex.attribution_after, key=len, reverse=True))
    # "90 per cent of eligible voters", "per capita": a rate, whatever follows it
    not_a_rate = rf"(?!(?i:{'|'.join(sorted(lex.rate_words))})s?\b)" if lex.rate_words else ""
    return _Patterns(
        before=tuple(
            re.compile(rf"\b(?i:{re.escape(cue)})\s+{not_a_rate}(?P<s>[^,;.()]{{2,120}}?)(?=[,;.()]|\s+(?:that|which|who|and\s+(?:a|the)\s+[a-z]+\s+said)\b|$)")
            for cue in lex.attribution_before
        ),
        # one plain case-insensitive alternation, bounded as the patterns are ("per" not in "percent")
        any_before=re.compile(r"\b(?:" + "|".join(re.escape(cue) for cue in lex.attribution_before) + r")\s", re.IGNORECASE)
        if lex.attribution_before else re.compile(r"(?!)"),
        after=re.compile(rf"(?P<s>(?:[A-Z][\w.’'-]*\s+|[a-z][\w’'-]*\s+){{1,7}}?)(?:(?:have|has|had)\s*)?(?:,[^,]{{1,30}},\s*)?(?:{'|'.join(verbs)})\b{_NOT_SPEECH}"),
        verbs=verbs,
        verb=re.compile(rf"(?:{'|'.join(verbs)})\b"),
        institution=re.compile(r"\b(?:" + "|".join(re.escape(h) for h in lex.institution_heads) + r")\b"),
    )


@lru_cache(maxsize=8192)
def _classify(speaker: str) -> bool | None:
    """True named, False anonymous, None not a speaker at all (a pronoun, a clause, a list of things)."""
    lex = lexicon()
    low = speaker.lower()
    words_all = low.split()
    if not words_all or words_all[0] in _NOT_A_SPEAKER or len(words_all) > MAX_SPEAKER_WORDS or " such as " in f" {low} ":
        return None
    if lex.institution_heads and _patterns().institution.search(low):
        return True
    words = re.findall(r"[a-z]+", low)
    if words and any(w in lex.anonymous for w in words[-2:]):
        return False
    caps = [r for r in runs(speaker) if r.text not in ("The", "A", "An")]
    return True if caps else None


def _trim(fragment: str, keep_start: bool) -> str:
    fragment = fragment.strip(" ,;:—–-\"“”'")
    return fragment


_CLAUSE_BOUNDARY = re.compile(r"\b(?:that|and|but|while|as|because|when|(?i:according to))\s+")


# The speaker before a verb ("X said") is at most SPEAKER_RUNS words of letters, digits, ".", "'", "-"
# and spaces: up to seven words, "has"/"have"/"had", and optionally ", <up to 30 characters>," before
# the verb (see `_Patterns.after`).
SPEAKER_RUNS = 8
_COMMA_ASIDE = 30


def _speaker_chars_back(text: str, end: int) -> int:
    """The earliest position a speaker ending at `end` can start from: back over at most
    SPEAKER_RUNS runs of word characters (letters, digits, _ . ’ ' -) and the whitespace between them."""
    return start_of_last_runs(text, end, SPEAKER_RUNS, _speaker_char)


def _speaker_char(c: str) -> bool:
    return c.isalnum() or c in "_.’'-"


def _earliest_speaker_start(text: str, verb: int) -> int:
    """A position no match of `_Patterns.after` ending with the verb at `verb` can start before."""
    earliest = _speaker_chars_back(text, verb)
    before = text[:verb].rstrip()
    if before.endswith(","):  # ", <aside>, said": the speaker ends at the aside's first comma
        first = before.rfind(",", max(0, len(before) - 2 - _COMMA_ASIDE), len(before) - 1)
        if first >= 0:
            earliest = min(earliest, _speaker_chars_back(text, first))
    return earliest


def _speaker_matches(text: str) -> list[re.Match]:
    """`_Patterns.after.finditer(text)`, scanning only near the verbs.

    Every match ends with a verb, and its speaker is a few words right before it, so the search for
    the next match starts at the earliest position any remaining verb allows instead of at every
    character of the sentence; after the last verb there is nothing left to find.
    """
    pats = _patterns()
    verbs = []
    v = pats.verb.search(text)
    while v is not None:
        verbs.append(v.start())
        v = pats.verb.search(text, v.start() + 1)
    out: list[re.Match] = []
    pos = 0
    while True:
        remaining = [r for r in verbs if r > pos]
        if not remaining:
            return out
        lo = max(pos, min(_earliest_speaker_start(text, r) for r in remaining))
        m = pats.after.search(text, lo)
        if m is None:
            return out
        out.append(m)
        pos = m.end()


def _verb_speakers(text: str):
    """Matches of "X said" (`_Patterns.after`) in the sentence, left to right."""
    pats = _patterns()
    if not pats.verbs:
        return pats.after.finditer(text)
    if not any(v in text for v in pats.verbs):
        return ()  # every match ends with one of the verbs
    return _speaker_matches(text)


def attributions(text: str, offset: int = 0) -> list[Attribution]:
    pats = _patterns()
    out: list[Attribution] = []
    if pats.any_before.search(text):
        for pattern in pats.before:
            for m in pattern.finditer(text):
                spk = _trim(m.group("s"), True)
                named = _classify(spk)
                if named is not None:
                    out.append(Attribution(spk, m.start("s") + offset, m.start("s") + len(spk) + offset, named))
    for m in _verb_speakers(text):
        spk = _trim(m.group("s"), False)
        # keep only the noun phrase right before the verb: from the last clause boundary on
        spk = _CLAUSE_BOUNDARY.split(spk)[-1].strip()
        named = _classify(spk) if spk else None
        if named is not None:
            start = m.start("s") + m.group("s").find(spk)
            out.append(Attribution(spk, start + offset, start + len(spk) + offset, named))
    seen: set[tuple[int, int]] = set()
    unique = []
    for a in sorted(out, key=lambda a: (a.start, -a.end)):
        if any(s <= a.start < e for s, e in seen):
            continue
        seen.add((a.start, a.end))
        unique.append(a)
    return unique
