"""How an article frames an agreement: talks, a joint statement, a signed formal agreement, a pact,
a treaty, an alliance — each with its polarity ("does not establish a treaty alliance" is negated)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.extraction.lexicon import lexicon
from checker.extraction.negation import Polarity, polarity_of


@dataclass(frozen=True)
class FramingMention:
    term: str
    cls: str
    start: int  # relative to the sentence
    end: int
    formal: bool
    signed: bool
    polarity: Polarity


@dataclass(frozen=True)
class _Patterns:
    """The framing lexicon compiled once (it is fixed for the life of the process)."""

    terms: re.Pattern  # any framing term, longest first, ignoring case
    lower_terms: re.Pattern  # the same in lower case, for lower-cased text (see _term_matches)
    classes: dict[str, str]  # term -> class
    formal: re.Pattern | None  # any formal modifier as a word ("legally binding", "signed")
    signed: re.Pattern | None  # any signing verb as a word


def _word_alternation(words) -> re.Pattern | None:
    """One pattern that finds any of `words` as a whole word: it matches exactly where one of
    rf"\b{re.escape(w)}\b" would. None when there are no words."""
    words = list(words)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") if words else None


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lex = lexicon()
    alternatives = "|".join(re.escape(t) for t, _ in lex.framing_terms)
    lower_alternatives = "|".join(re.escape(t.lower()) for t, _ in lex.framing_terms)
    return _Patterns(
        terms=re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE),
        lower_terms=re.compile(rf"\b(?:{lower_alternatives})\b"),
        classes=dict(lex.framing_terms),
        formal=_word_alternation(lex.formal_modifiers),
        signed=_word_alternation(sorted(lex.signing_verbs)),
    )


_CLAUSE_BREAK = re.compile(r"[;:.]|\bbut\b|\bwhile\b")
# Lower-casing keeps a text's length except for "İ", and matching the lower-cased text exactly is
# matching the text ignoring case except for the letters that match an ASCII letter without
# lower-casing to it ("ı", "ſ"; the Kelvin sign does lower-case to "k").
_LOWER_CASE_UNSAFE = re.compile("[\u0130\u0131\u017f]")


def _term_matches(sentence: str):
    """`terms.finditer(sentence)`, run on the lower-cased sentence where that gives the same matches:
    a case-sensitive scan is about three times faster."""
    pats = _patterns()
    if _LOWER_CASE_UNSAFE.search(sentence):
        return pats.terms.finditer(sentence)
    return pats.lower_terms.finditer(sentence.lower())


_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")
_TITLE_AFTER = re.compile(r"^\s+(?:director|chief|head|chairman|chairwoman|president|secretary|spokesman|spokeswoman|"
                          r"spokesperson|member|members|official|officials)\b")


def _inside_a_name(sentence: str, start: int, end: int) -> bool:
    """A capitalised term inside an organisation's name is no framing of the event: "Network Defense
    Alliance director Ana Ruiz", "the Coastal Defence League spokesman". A named pact or
    treaty ("the Northern Waters Pact") still counts, unless someone holds an office in it."""
    if not sentence[start:start + 1].isupper() or not _NAME_BEFORE.search(sentence[:start]):
        return False
    return bool(_TITLE_AFTER.match(sentence[end:]))


def framing_mentions(sentence: str) -> list[FramingMention]:
    """Framing terms in one sentence, longest match first, plural generic uses skipped by the regex."""
    pats = _patterns()
    out: list[FramingMention] = []
    for m in _term_matches(sentence):
        if _inside_a_name(sentence, m.start(), m.end()):
            continue
        term = m.group(0).lower()
        cls = pats.classes[term]
        before = sentence[max(0, m.start() - 80) : m.start()].lower()
        clause = _CLAUSE_BREAK.split(before)[-1]
        near = " ".join(clause.split()[-5:])
        formal = bool(pats.formal and pats.formal.search(near))
        signed = bool(pats.signed and pats.signed.search(clause))
        if cls == "agreement" and (formal or signed):
            cls = "formal_agreement"
        out.append(FramingMention(term, cls, m.start(), m.end(), formal, signed, polarity_of(sentence, m.start(), m.end())))
    return out


def framing_rank(cls: str) -> int:
    return lexicon().framing_classes.index(cls)
