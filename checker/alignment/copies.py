"""Values that differ between two outlets' copies of one sentence.

Outlets run one another's copy (wire stories, rewrites), so two reports of one story often share a
sentence near word for word. Where such a sentence gives another day, date, time of day, number or
place, one of the two is wrong (or one outlet ran a later version): "On Friday, 41-year-old guide
Ivar Lunde walked about 12 kilometres to the hut" against "On Thursday, 41-year-old guide Ivar Lunde
walked about 12 kilometres to the hut". The copy itself says the two values are one fact, whether or
not the claim extractors read the sentence as part of the story's event ("who lived in Bergen",
"took him to 1,874 career points").

How a copy is found: sentences are blocked together by their longest words (`copy_keys`, read per
document in the workers), a wording many reports run word for word is looked up once, rapidfuzz's
partial_ratio is a cheap first test, and a copy is a pair whose skeletons (the words lower-cased,
every day, month and number replaced by its class) share a long common subsequence (`similarity`).
difflib then lines up the two sentences' words and says what changed. A copy is one only if every
change of a capitalised word is a place the gazetteer knows: a template filled with other names
("Jane Roe, 34, died on Friday" / "John Doe, 51, died on Monday") tells of other people. Only
sentences of reports one cluster puts together, published within a week of each other, are compared,
so one outlet's template reused for two stories is never set against itself.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from checker.extraction.numbers import word_number
from checker.extraction.nationality import demonym_country
from checker.extraction.places import place_at
from checker.extraction.text import split_sentences
from checker.extraction.timeexpr import WEEKDAYS
from checker.model import Claim, CleanedSource, EventCluster

COPY_MIN_WORDS = 8  # shorter sentences ("Police said the fire started Friday.") are alike by chance
SIMILAR = 85  # per cent of the shorter sentence the longer repeats (see `similarity`): a copy
KEY_WORDS = 10  # a sentence's longest words, its blocking keys: a copy keeps most of them
MIN_SHARED_KEYS = 2
MAX_POSTING = 48  # a key more sentences share is boilerplate (or a template), no sign of a copy
NEAR_KM = 25  # places this close may both be right ("near Houston" and "in Pasadena")
MAX_DAYS_APART = 7  # reports published further apart may tell a later state in one sentence

_TOKEN = re.compile(r"[A-Za-z][\w'’.-]*[\w]|[A-Za-z]|\d[\d,.:]*[A-Za-z-]*")
_DAYS = frozenset(d.lower() for d in WEEKDAYS)
_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "jan.", "feb", "feb.", "mar.", "apr", "apr.", "aug", "aug.", "sept", "sept.", "sep.", "oct",
    "oct.", "nov", "nov.", "dec", "dec.",
})
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)(.*)")


@dataclass(frozen=True)
class Word:
    text: str
    start: int  # offsets into the source text
    end: int
    cls: str  # "day" | "month" | "number" | "cap" (a capitalised word after the first) | "" (any other)


@dataclass(frozen=True)
class CopyLine:
    """A sentence that may be one outlet's copy of another's."""

    source_id: str
    sentence_index: int
    start: int  # offsets of the sentence into the source text
    end: int
    text: str
    words: tuple[Word, ...]
    skeleton: tuple[str, ...]  # the words lower-cased, days, months and numbers as their class


@dataclass(frozen=True)
class Divergence:
    """One value that differs between a sentence and its copy."""

    kind: str  # "day" | "date" | "time" | "number" | "place" | "nationality"
    a: CopyLine
    b: CopyLine
    a_words: tuple[Word, ...]  # the differing words on each side
    b_words: tuple[Word, ...]
    a_value: object  # the values compared: a weekday, a month or a number, "10:30", a gazetteer place id
    b_value: object
    similarity: int  # see `similarity`


def _class(text: str, first: bool) -> str:
    low = text.lower()
    if low in _DAYS:
        return "day"
    if low in _MONTHS and (text[0].isupper() or "." in text):
        return "month"
    if text[0].isdigit() or (word_number(low.split("-")[0]) is not None and low not in ("a", "an")):
        return "number"
    if text[0].isupper() and not first:
        return "cap"
    return ""


def copy_line(source_id: str, sentence_index: int, text: str, start: int) -> CopyLine | None:
    """The sentence as a candidate copy, or None when it is too short or states no value."""
    words = tuple(Word(m.group(0), start + m.start(), start + m.end(), _class(m.group(0), i == 0))
                  for i, m in enumerate(_TOKEN.finditer(text)))
    if len(words) < COPY_MIN_WORDS or not any(w.cls for w in words):
        return None
    skeleton = tuple(w.cls if w.cls in ("day", "month", "number") else w.text.lower() for w in words)
    return CopyLine(source_id, sentence_index, start, start + len(text), text, words, skeleton)


# A sentence's blocking keys: (sentence index, start, end, its KEY_WORDS longest words of six letters
# or more joined by spaces, days and months left out since a copy may change them), read per document
# in the workers (checker.running.documents) so the cross-document stage only looks words up. One
# string per sentence: ten thousand documents' keys held as separate words cost 300 MB.
CopyKey = tuple[int, int, int, str]
_LONG_WORD = re.compile(r"[a-z]{6,}")


def copy_keys(sentences) -> tuple[CopyKey, ...]:
    """The blocking keys of a document's sentences (`checker.model.Sentence`s) long enough to be
    compared as copies: a cheap reading of every sentence, done once per document."""
    out = []
    for s in sentences:
        if s.text.count(" ") < COPY_MIN_WORDS - 1:
            continue
        words = set(_LONG_WORD.findall(s.text.lower())) - _DAYS - _MONTHS
        if len(words) >= MIN_SHARED_KEYS:
            longest = sorted(sorted(words), key=len, reverse=True)  # by length, then alphabetically (a stable sort)
            out.append((s.index, s.start, s.end, " ".join(longest[:KEY_WORDS])))
    return tuple(out)


Member = tuple[str, CopyKey]  # a source id and the key of one of its sentences


def candidate_pairs(keys: dict[str, tuple[CopyKey, ...]],
                    texts: dict[str, str]) -> list[tuple[list[Member], list[Member]]]:
    """Pairs of wordings (each: the sentences that give it word for word, in any source) that share
    at least MIN_SHARED_KEYS keys, none of them boilerplate (in more than MAX_POSTING wordings): a
    sentence many reports run word for word is looked up once. `texts`: source id to its text, which
    the keys' offsets point into."""
    by_text: dict[str, list[Member]] = defaultdict(list)
    for sid in sorted(keys):
        for key in keys[sid]:
            by_text[texts[sid][key[1]:key[2]]].append((sid, key))
    wordings = list(by_text.values())
    postings: dict[str, list[int]] = defaultdict(list)
    for i, members in enumerate(wordings):
        for word in members[0][1][3].split():
            postings[word].append(i)
    shared: Counter = Counter()
    for members in postings.values():
        if 1 < len(members) <= MAX_POSTING:
            shared.update(combinations(members, 2))
    return [(wordings[i], wordings[j]) for (i, j), n in sorted(shared.items()) if n >= MIN_SHARED_KEYS]


def similarity(a: CopyLine, b: CopyLine) -> int:
    """How much of the shorter sentence the longer one repeats in order (their longest common
    subsequence of words, once days, months and numbers are their class), in per cent: a copy may add
    a clause ("Ivar Lunde, originally from Tromso, walked") or drop one."""
    return round(100 * LCSseq.similarity(a.skeleton, b.skeleton) / min(len(a.skeleton), len(b.skeleton)))


def divergences(a: CopyLine, b: CopyLine, geo) -> list[Divergence]:
    """The values that differ between `a` and `b` when one is a copy of the other; [] otherwise. `geo`:
    the run's Geography (the gazetteer and the containment its texts state)."""
    alike = similarity(a, b)
    if alike < SIMILAR:
        return []
    matcher = difflib.SequenceMatcher(None, [w.text.lower() for w in a.words], [w.text.lower() for w in b.words],
                                      autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        mine, theirs = a.words[i1:i2], b.words[j1:j2]
        found = _changed_value(a, b, mine, theirs, i1, j1, geo)
        if found is None:
            if any(w.cls == "cap" for w in mine) and any(w.cls == "cap" for w in theirs):
                return []  # other names: a template told of someone else, no copy
            continue
        if found is not False:
            kind, va, vb = found
            if kind == "place":  # the whole name: "New Jersey" against "New York", not "Jersey"
                mine, theirs = a.words[_run_start(a, i1):i2], b.words[_run_start(b, j1):j2]
            elif kind == "nationality":  # the word itself, not its article
                mine, theirs = tuple(w for w in mine if w.cls == "cap"), tuple(w for w in theirs if w.cls == "cap")
            out.append(Divergence(kind, a, b, mine, theirs, va, vb, alike))
    return out


def _run_start(line: CopyLine, i: int) -> int:
    """The first word of the capitalised run word `i` is in (the sentence's first word included)."""
    while i > 0 and line.words[i - 1].text[0].isupper() and line.words[i - 1].cls in ("cap", ""):
        i -= 1
    return i


def _changed_value(a: CopyLine, b: CopyLine, mine, theirs, i: int, j: int, geo):
    """(kind, value, value) when the words replaced on both sides are values of one class that differ;
    False when they are values that agree ("1,000" and "1000"); None when they are no values of one
    class (an edit of wording, or a name)."""
    classes = {w.cls for w in mine} | {w.cls for w in theirs}
    if classes == {"day"}:
        da, db = tuple(w.text.lower() for w in mine), tuple(w.text.lower() for w in theirs)
        return False if da == db else ("day", " ".join(da), " ".join(db))
    if classes == {"month"}:
        ma, mb = _month(mine), _month(theirs)
        return None if ma is None or mb is None else False if ma == mb else ("date", ma, mb)
    if classes == {"number"}:
        ta, tb = _clock(mine), _clock(theirs)
        if ta is not None and tb is not None:
            return False if ta == tb else ("time", ta, tb)
        va, vb = _number(mine), _number(theirs)
        if va is None or vb is None or va[1] != vb[1]:
            return None  # "600m" against "2,000ft": another unit, not another value
        if va[0] == vb[0]:
            return False
        if _before_meridiem(a, i + len(mine)) and _before_meridiem(b, j + len(theirs)):
            return ("time", va[0], vb[0])  # "at 10 a.m." against "at 11 a.m."
        dated = _after_month(a, i) and _after_month(b, j)
        return ("date" if dated else "number", va[0], vb[0])
    nationalities = _nationalities(mine), _nationalities(theirs)
    if None not in nationalities:  # "an Austrian climber" against "a Canadian climber"
        na, nb = nationalities
        return False if na == nb else ("nationality", f"country:{na}", f"country:{nb}")
    if classes == {"cap"}:
        pa = place_at(a.text, a.words[_run_start(a, i)].start - a.start, a.start, geo.gazetteer)
        pb = place_at(b.text, b.words[_run_start(b, j)].start - b.start, b.start, geo.gazetteer)
        if pa is None or pb is None or pa.place.kind == "unknown" or pb.place.kind == "unknown":
            return None
        if pa.place.id == pb.place.id or not _far_apart(pa.place, pb.place, geo):
            return False
        return ("place", pa.place.id, pb.place.id)
    return None


_ARTICLES = frozenset({"a", "an", "the"})


def _nationalities(words) -> str | None:
    """The country of the one nationality among the words ("an Austrian": AT), None when the words
    are anything else than a nationality and an article."""
    named = [w for w in words if w.text.lower() not in _ARTICLES]
    if len(named) != 1 or named[0].cls != "cap":
        return None
    return demonym_country(named[0].text)


def _number(words) -> tuple[float, str] | None:
    """The value and unit of one number as written ("600m": 600, "m"; "two": 2, ""), or None."""
    if len(words) != 1:
        value = word_number(" ".join(w.text for w in words))
        return None if value is None else (value, "")
    text = words[0].text
    match = _NUMBER.fullmatch(text)
    if match:
        digits, unit = match.groups()
        try:
            return float(digits.replace(",", "").rstrip(".")), unit.lower()
        except ValueError:
            return None
    value = word_number(text.split("-")[0])
    return None if value is None else (value, text.lower().partition("-")[2])


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_MERIDIEM = frozenset({"a.m", "a.m.", "p.m", "p.m.", "am", "pm"})


def _clock(words) -> str | None:
    """A time of day as written ("10:30"), as "10:30"; None for anything else."""
    match = _CLOCK.fullmatch(words[0].text) if len(words) == 1 else None
    return None if match is None else f"{int(match.group(1))}:{match.group(2)}"


def _before_meridiem(line: CopyLine, k: int) -> bool:
    return k < len(line.words) and line.words[k].text.lower() in _MERIDIEM


def _month(words) -> int | None:
    """The month a month name names ("Sept." and "September" are 9)."""
    if len(words) != 1:
        return None
    prefix = words[0].text.lower()[:3]
    return _MONTH_PREFIXES.index(prefix) + 1 if prefix in _MONTH_PREFIXES else None


_MONTH_PREFIXES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _after_month(line: CopyLine, i: int) -> bool:
    return i > 0 and line.words[i - 1].cls == "month"


def _far_apart(pa, pb, geo) -> bool:
    """Two places that cannot both be right: not one inside the other, not possibly one place, and
    (two cities) more than NEAR_KM apart."""
    if geo.nested(pa, pb) or geo.compatible(pa, pb):
        return False
    km = geo.gazetteer.distance_km(pa, pb) if pa.kind == pb.kind == "city" else None
    return km is None or km > NEAR_KM


def copied_claims(cleaned: list[CleanedSource], clusters: list[EventCluster], geo,
                  published: dict[str, str | None] | None = None) -> list[Claim]:
    """A claim of kind "copied" for each side of each value that differs between two reports' copies
    of one sentence (reports one cluster holds, published at most MAX_DAYS_APART apart when both
    dates are known: `published`, source id to ISO date). normalized: {"kind": day | date | time |
    number | place | nationality, "value", "copies": the claim ids of the values its copies give instead, "similarity": the
    best `similarity` of the sentence to those copies}."""
    together = {pair for pair in _co_clustered(clusters) if _near_in_time(pair, published or {})}
    if not together:
        return []
    by_id = {c.source.id: c for c in cleaned}
    keys = {sid: _keys_of(by_id[sid]) for sid in sorted({s for pair in together for s in pair}) if sid in by_id}
    texts = {sid: by_id[sid].source.text for sid in keys}
    partners: dict[str, set[str]] = defaultdict(set)
    for x, y in together:
        partners[x].add(y)
        partners[y].add(x)
    found: list[tuple[Member, Member, Divergence]] = []
    for wording_a, wording_b in candidate_pairs(keys, texts):
        members = _paired_members(wording_a, wording_b, partners)
        if not members:
            continue  # one outlet's template for two stories, or words two stories share
        (sa, ka), (sb, kb) = wording_a[0], wording_b[0]
        text_a, text_b = texts[sa][ka[1]:ka[2]], texts[sb][kb[1]:kb[2]]
        if not fuzz.partial_ratio(text_a, text_b, processor=str.lower, score_cutoff=SIMILAR - 25):
            continue  # two sentences that only share some words: most blocked pairs (a cheap test first)
        a, b = _line(text_a), _line(text_b)
        differ = divergences(a, b, geo) if a is not None and b is not None else []
        found.extend((ma, mb, d) for d in differ for ma, mb in members)
    return _as_claims(found, texts)


def _paired_members(wording_a: list[Member], wording_b: list[Member],
                    partners: dict[str, set[str]]) -> list[tuple[Member, Member]]:
    """The pairs of sentences of the two wordings whose sources one cluster holds, looked up through
    each source's partners: a boilerplate line thousands of reports run costs one pass over them."""
    by_source_b: dict[str, list[Member]] = defaultdict(list)
    for m in wording_b:
        by_source_b[m[0]].append(m)
    return [(ma, mb) for ma in wording_a for sb in partners.get(ma[0], ()) if sb in by_source_b
            for mb in by_source_b[sb]]


@lru_cache(maxsize=4096)
def _line(text: str) -> CopyLine | None:
    """A wording as a candidate copy, offsets within the sentence (a wording may be in many pairs)."""
    return copy_line("", 0, text, 0)


def _near_in_time(pair: tuple[str, str], published: dict[str, str | None]) -> bool:
    """A copy ties two texts of one time: run years later ("Dario Kessler, 37," / "Dario Kessler, 41,"
    four years on), a sentence may give a later age, toll or home, and be right both times."""
    a, b = (published.get(s) for s in pair)
    return not (a and b) or abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= MAX_DAYS_APART


def _co_clustered(clusters: list[EventCluster]) -> set[tuple[str, str]]:
    return {(x, y) for cl in clusters for x, y in combinations(sorted(set(cl.sources)), 2)}


def _keys_of(cleaned: CleanedSource) -> tuple[CopyKey, ...]:
    """Read in the workers; read here for a document that comes without them (from a claim store)."""
    return cleaned.copy_keys if cleaned.copy_keys is not None else copy_keys(split_sentences(cleaned))


def _as_claims(found: list[tuple[Member, Member, Divergence]], texts: dict[str, str]) -> list[Claim]:
    """One claim per value as written (a sentence may be copied by several reports), linked to the
    claims of the values its copies give instead. A divergence's words are at offsets within its
    sentence; each member sentence gives them their place in its source."""
    spans: dict[tuple[str, int, int], tuple[CopyKey, str, object]] = {}
    links: dict[tuple[str, int, int], set[tuple[str, int, int]]] = defaultdict(set)
    best: Counter = Counter()
    for (sa, ka), (sb, kb), d in found:
        key_a = (sa, ka[1] + d.a_words[0].start, ka[1] + d.a_words[-1].end)
        key_b = (sb, kb[1] + d.b_words[0].start, kb[1] + d.b_words[-1].end)
        for key, sentence, value in ((key_a, ka, d.a_value), (key_b, kb, d.b_value)):
            spans.setdefault(key, (sentence, d.kind, value))
            best[key] = max(best[key], d.similarity)
        links[key_a].add(key_b)
        links[key_b].add(key_a)
    ids, numbered = {}, Counter()
    for key in sorted(spans):
        numbered[key[0]] += 1
        ids[key] = f"{key[0]}:k{numbered[key[0]]:03d}"
    out = []
    for key in sorted(spans):
        (index, s_start, s_end, _), kind, value = spans[key]
        sid, start, end = key
        sentence = texts[sid][s_start:s_end]
        out.append(Claim(ids[key], sid, "copied", texts[sid][start:end],
                         {"kind": kind, "value": value, "copies": sorted(ids[k] for k in links[key]),
                          "similarity": best[key]},
                         sentence, index, start, end, s_start, s_end))
    return out
