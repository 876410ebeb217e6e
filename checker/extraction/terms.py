"""How long a term is, as news text states it: a prison sentence ("sentenced to 25 years", "a 10-year
prison sentence", "life in prison", "sentenced to death"), probation ("three years' probation"), a suspension or ban
("banned for two years", "a six-week suspension"), a contract ("a six-year deal", "an eight-year,
$180 million contract") and a court-ordered stay ("a 90-day stint in rehab", "to serve 90 days of treatment",
"must stay in rehab for 90 days").

A term is the outcome a court, a league or a club set, and outlets copy it from one another, so a
wrong one is a routine correction; rules/term_conflict.py compares the terms of one kind across the
reports of one event. Only terms that were set are read: what a defendant "faces" or "could get",
what prosecutors "sought", what someone was "offered", "up to" a maximum, and time already served
or completed ("spent nine months in jail", "after completing a 30-day program") are left out, and so
are plural terms ("three 10-year sentences", "six-year deals"), which count several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from checker.extraction.numbers import word_number
from checker.extraction.quantities import qualified_range

DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
LIFE_DAYS = 100 * 365.25  # "life in prison": longer than any term in years a court sets
DEATH_DAYS = 2 * LIFE_DAYS  # "sentenced to death": beyond any term; compared by its penalty, not its days

# The noun a "90-day" or "eight-year" compound qualifies -> the kind of term. "term" alone may be a term
# of office ("a five-year term" as chairman): only "prison term" and "jail term" are read, by "prison"/"jail".
_NOUNS = {"sentence": "sentence", "prison": "sentence", "jail": "sentence", "imprisonment": "sentence",
          "probation": "probation", "suspension": "suspension", "ban": "suspension",
          "contract": "contract", "deal": "contract", "extension": "contract",
          "stay": "stay", "stint": "stay", "treatment": "stay", "rehab": "stay"}
_PLURALS = {"sentences", "contracts", "deals", "suspensions", "bans", "extensions", "stays", "stints"}
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?|an?)"
_QUALIFIER = r"(?:(?P<q>about|around|nearly|almost|roughly|approximately|more than|at least|over|some)\s+)?"
# "a 10-year prison sentence", "an eight-year, $180 million contract", "a 90-day court-ordered stint": the
# compound, then up to three words to the noun it qualifies (never "33-year-old", "a 10-year-long feud")
_COMPOUND = re.compile(rf"(?<![\w$.,-])(?P<num>{_NUMBER})[- ](?P<unit>day|week|month|year)(?![\w-])", re.IGNORECASE)
_NEXT_WORD = re.compile(r",?\s+(\$?[\d.,]+(?:\s*(?:million|billion|m|bn))?|[A-Za-z]+(?:-[A-Za-z]+)*)")
_STOP = {"of", "for", "in", "at", "with", "to", "by", "on", "into", "and", "or", "but", "that", "which", "who", "as",
         "from", "was", "is", "were", "are", "has", "had", "after", "before", "since", "than"}
MAX_WORDS = 3
# "sentenced to 25 years", "sentenced him to serve 90 days in jail", "sentenced Brent Fairley to 30 years", "jailed for six months", "banned for two years"
_VERBAL = re.compile(rf"\b(?P<verb>sentenced\s+(?:(?:him|her|them|[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){{0,3}})\s+)?to(?:\s+serve)?|jailed\s+for|imprisoned\s+for|banned\s+for|suspended\s+for|"
                     rf"barred\s+for|put\s+on\s+probation\s+for)\s+{_QUALIFIER}(?P<num>{_NUMBER})\s+(?P<unit>day|week|month|year)s?\b",
                     re.IGNORECASE)
# "15 years in prison", "two years behind bars", "three years' probation", "three years of probation",
# "90 days of treatment", "30 days in rehab"
_HELD = re.compile(rf"(?<![\w$.,-]){_QUALIFIER}(?P<num>{_NUMBER})\s+(?P<unit>day|week|month|year)s?(?:'|’)?\s+"
                   rf"(?P<where>in\s+(?:prison|jail|custody)|behind\s+bars|(?:of\s+)?probation|(?:of|in)\s+(?:rehab|treatment))\b",
                   re.IGNORECASE)
# "must stay in rehab for 90 days", "to remain in treatment for 90 days", "to keep her there for the 90 days": a
# stay held to its length. Not "stayed" or "remained" (time spent), nor "stay there" alone (a visit).
_STAY = re.compile(rf"\b(?:(?:stay|remain)\s+(?:in|at)\s+(?:the\s+)?(?:rehab|treatment|facility|clinic|center|centre)|"
                   rf"keep\s+(?:him|her|them)\s+(?:there|in\s+(?:rehab|treatment)))\s+for\s+(?:the\s+)?{_QUALIFIER}"
                   rf"(?P<num>{_NUMBER})\s+(?P<unit>day|week|month)s?\b", re.IGNORECASE)
# "sentenced to life", "life in prison", "a life sentence", "life without parole"
_LIFE = re.compile(r"\b(?:sentenced\s+to\s+life|life\s+(?:in\s+prison|imprisonment|sentence|without\s+(?:the\s+possibility\s+of\s+)?parole))\b",
                   re.IGNORECASE)
# "sentenced to death", "condemned to death". Not the noun "a death sentence": news uses it for what
# was avoided, debated or sought ("saved from a death sentence", "whether to impose a death sentence")
# and in figures of speech ("amounts to a death sentence for the polar bear").
_DEATH = re.compile(r"\b(?:sentenced|condemned)\s+to\s+death\b", re.IGNORECASE)
_TO_LIFE = re.compile(r"\s+to\s+life\b", re.IGNORECASE)  # "sentenced to 25 years to life": a life sentence
_VERB_FAMILY = {"sentenced": "sentence", "jailed": "sentence", "imprisoned": "sentence", "banned": "suspension",
                "suspended": "suspension", "barred": "suspension", "put": "probation"}
# In the clause before a term: a term not set ("faces up to 20 years", "prosecutors sought 15 years",
# "offered a three-year deal") or time already done ("spent nine months in jail", "completing a 30-day program").
_NOT_SET = re.compile(r"\b(?:faces?|facing|faced|could|would|might|may|can|up\s+to|maximum|max|as\s+much\s+as|seeks?|sought|"
                      r"seeking|asked\s+for|asks\s+for|asking\s+for|recommend\w*|request\w*|demand\w*|urg\w+|possible|potential|"
                      r"punishable|carry|carries|carrying|if\s+convicted|called\s+for|calls\s+for|wants?|wanted|propos\w+|offer\w*|"
                      r"complet\w*|finish\w*|remaining|remainder|rest\s+of|spent|spend|spending|served|already)\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[,;:()]|\s[—–-]\s")
_TERM_WORDS = ("sentenc", "prison", "jail", "probation", "suspen", "ban", "contract", "deal", "extension", "stay",
               "stint", "treatment", "rehab", "life", "barred", "imprison", "behind bars", "death", "keep")


@dataclass(frozen=True)
class Term:
    surface: str
    start: int  # offsets into the source text
    end: int
    family: str  # "sentence" | "probation" | "suspension" | "contract" | "stay"
    days: float  # LIFE_DAYS for a life sentence, DEATH_DAYS for a death sentence
    low: float
    high: float | None
    qualifier: str
    penalty: str = ""  # "life" or "death" for such a sentence, else ""
    held_to: bool = False  # a length someone is held to ("must stay in rehab for 90 days"): its modal is the term's


# Cues of obligation that a length someone is held to carries with it ("must stay in rehab for 90 days", "is to
# remain in treatment for 90 days"): such a term was set, though the staying is yet to come. Not "could",
# "would" or "wants to": a term that may or may not be.
OBLIGATION_CUES = frozenset({"must", "has to", "have to", "is to", "are to", "will"})


def terms(text: str, offset: int = 0) -> list[Term]:
    """The terms set in one sentence, in order; overlapping readings keep the first and longest."""
    lower = text.lower()
    if not any(w in lower for w in _TERM_WORDS):
        return []
    found = [*_compounds(text), *_verbals(text), *_held(text), *_stays(text), *_lives(text)]
    found = [t for t in found if not _NOT_SET.search(_clause_before(text, t.start))]
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[Term] = []
    for t in found:
        if not out or t.start >= out[-1].end:
            out.append(t)
    return [replace(t, start=t.start + offset, end=t.end + offset) for t in out]


def _clause_before(text: str, start: int) -> str:
    before = text[:start]
    cuts = list(_CLAUSE_START.finditer(before))
    return before[cuts[-1].end():] if cuts else before


def _amount(num: str, unit: str) -> float | None:
    """Days in "25" or "eight" units; None when the words are no number."""
    num = num.lower()
    value = 1.0 if num in ("a", "an") else float(num.replace(",", "")) if num[0].isdigit() else word_number(num)
    if not value or value <= 0:
        return None
    return value * DAYS[unit.lower()]


def _term(text: str, start: int, end: int, family: str, days: float, qualifier: str = "", penalty: str = "") -> Term:
    low, high = qualified_range(days, qualifier)
    return Term(text[start:end], start, end, family, days, low, high, qualifier, penalty)


def _compounds(text: str) -> list[Term]:
    out = []
    for m in _COMPOUND.finditer(text):
        if text[m.end("num"):m.start("unit")] == " " and not m["num"][0].isdigit():
            continue  # "eight year" unhyphenated in words: too loose ("the first year deal")
        noun = _qualified_noun(text, m.end())
        if noun is None or _count_before(text, m.start()):
            continue
        family, end = noun
        days = _amount(m["num"], m["unit"])
        if days is not None:
            out.append(_term(text, m.start(), end, family, days))
    return out


def _qualified_noun(text: str, pos: int) -> tuple[str, int] | None:
    """The kind of term named by the first term noun within MAX_WORDS words after `pos`, and where
    it ends; None at a preposition, a verb of being or a plural term ("six-year deals")."""
    for _ in range(MAX_WORDS):
        word = _NEXT_WORD.match(text, pos)
        if word is None:
            return None
        w = word.group(1).lower()
        if w in _STOP or w in _PLURALS:
            return None
        if w in _NOUNS:
            after = _NEXT_WORD.match(text, word.end())  # "a 10-year prison sentence", "a five-year jail term"
            more = after is not None and after.group(0)[0] != "," and after.group(1).lower() in ("sentence", "term")
            return _NOUNS[w], after.end() if more else word.end()
        pos = word.end()
    return None


def _count_before(text: str, start: int) -> bool:
    """A number right before the compound counts terms ("three 10-year sentences")."""
    prev = re.search(r"(\S+)\s+$", text[:start])
    return bool(prev and (prev.group(1)[0].isdigit() or word_number(prev.group(1)) is not None))


def _verbals(text: str) -> list[Term]:
    out = []
    for m in _VERBAL.finditer(text):
        days = _amount(m["num"], m["unit"])
        if days is None:
            continue
        family = _VERB_FAMILY[m["verb"].split()[0].lower()]
        rest = text[m.end(): m.end() + 20].lower()
        if family == "sentence" and re.match(r"(?:'|’)?\s+(?:of\s+)?probation\b", rest):
            family = "probation"
        elif family == "sentence" and re.match(r"\s+(?:in|of)\s+(?:rehab|treatment)\b", rest):
            family = "stay"
        if family == "sentence" and (to_life := _TO_LIFE.match(text, m.end())):
            out.append(_term(text, m.start(), to_life.end(), family, LIFE_DAYS, penalty="life"))
            continue
        out.append(_term(text, m.start(), m.end(), family, days, (m["q"] or "").lower()))
    return out


def _held(text: str) -> list[Term]:
    out = []
    for m in _HELD.finditer(text):
        days = _amount(m["num"], m["unit"])
        if days is None:
            continue
        where = m["where"].lower()
        family = "probation" if where.endswith("probation") else "stay" if where.endswith(("rehab", "treatment")) else "sentence"
        out.append(_term(text, m.start(), m.end(), family, days, (m["q"] or "").lower()))
    return out


def _stays(text: str) -> list[Term]:
    out = []
    for m in _STAY.finditer(text):
        days = _amount(m["num"], m["unit"])
        if days is not None:
            out.append(replace(_term(text, m.start(), m.end(), "stay", days, (m["q"] or "").lower()), held_to=True))
    return out


def _lives(text: str) -> list[Term]:
    return [*(_term(text, m.start(), m.end(), "sentence", LIFE_DAYS, penalty="life") for m in _LIFE.finditer(text)),
            *(_term(text, m.start(), m.end(), "sentence", DEATH_DAYS, penalty="death") for m in _DEATH.finditer(text))]
