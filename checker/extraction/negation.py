"""Polarity and modality of a term inside its sentence, NegEx-style.

A cue ("not", "deny", "stops short of") negates a term that follows it within a window of words,
unless a clause boundary ("but", ";") comes between. This is the classic clinical-text NegEx idea:
cheap, explainable, and good enough for "does not establish a treaty alliance".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.extraction.lexicon import lexicon

_WORD = re.compile(r"n't|[A-Za-z]+(?:[-'’][A-Za-z]+)*|\d+(?:[.,]\d+)*|[;:,.!?()—–]")
_AUX = {"was", "were", "is", "are", "has", "have", "had", "be", "been", "will", "would", "did", "does", "do"}


def words(text: str) -> list[str]:
    """Lower-case words with "n't" split off, so "doesn't" gives ["does", "n't"]."""
    out: list[str] = []
    for m in _WORD.finditer(text):
        w = m.group(0).lower().replace("’", "'")
        if w.endswith("n't") and len(w) > 3:
            out.extend([w[:-3], "n't"])
        else:
            out.append(w)
    return out


@dataclass(frozen=True)
class Polarity:
    polarity: str  # "positive" | "negated"
    modality: str  # "asserted" | "hedged" | "irrealis"
    cue: str = ""  # the word that negated or hedged, for explanations


def _scope_before(before: str) -> list[str]:
    """The words before the term, back to the nearest clause boundary, within the window."""
    lex = lexicon()
    toks = words(before)
    scope: list[str] = []
    for i in range(len(toks) - 1, -1, -1):
        w = toks[i]
        if w in lex.negation_terminators or _opens_relative_clause(toks, i):
            break
        scope.append(w)
        if len(scope) >= lex.negation_window:
            break
    scope.reverse()
    return scope


_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}


def _opens_relative_clause(toks: list[str], i: int) -> bool:
    """"that" after a determiner and a noun ("the court that ordered her to serve 90 days") opens a
    clause of its own, which the negation before it ("has not been sanctioned by the court") does not
    reach; after a verb ("denied that", "did not say that") it opens what the verb negates."""
    return toks[i] == "that" and i >= 2 and toks[i - 2] in _DETERMINERS and toks[i - 1] not in _AUX


def _find_cue(scope: list[str], cues: tuple[str, ...], pseudo: tuple[str, ...] = ()) -> str:
    joined = " " + " ".join(scope) + " "
    for phrase in pseudo:  # "pleaded not guilty on Tuesday": no cue inside these phrases counts
        joined = joined.replace(f" {phrase} ", " _ ")
    for cue in cues:
        if f" {cue} " in joined:
            return cue
    return ""


def polarity_of(sentence: str, start: int, end: int) -> Polarity:
    """Polarity and modality of `sentence[start:end]` (offsets relative to the sentence)."""
    lex = lexicon()
    scope = _scope_before(sentence[:start])
    cue = _find_cue(scope, lex.negation_cues, lex.negation_pseudo)
    after = words(sentence[end:])[:4]
    # "the treaty was not ratified", "the deal has never been signed": a passive negated after the term.
    # "the agreement does not introduce X" negates X, not the agreement, so an active verb does not count.
    if (
        not cue and len(after) >= 3 and after[0] in _AUX and after[1] in ("not", "n't", "never")
        and (after[2] == "been" or after[2].endswith(("ed", "en")))
    ):
        cue = after[1]
    irrealis = _find_cue(scope, lex.irrealis)
    if irrealis and _announced_object(scope, irrealis):
        irrealis = ""
    hedge = next((w for w in scope if w in lex.hedges), "")
    modality = "irrealis" if irrealis else "hedged" if hedge else "asserted"
    return Polarity("negated" if cue else "positive", modality, cue or irrealis or hedge)


_DETERMINERS = {"a", "an", "the", "its", "their", "his", "her", "new"}


def _announced_object(scope: list[str], cue: str) -> bool:
    """"announced plans Thursday to resume ...": the cue is the object of an announcing verb and the
    term follows it before any "to": the term dates the announcement, which did happen."""
    cue_words = cue.split()
    n = len(cue_words)
    for i in range(len(scope) - n, -1, -1):
        if scope[i:i + n] == cue_words:
            k = i - 1
            while k >= 0 and scope[k] in _DETERMINERS:
                k -= 1
            return k >= 0 and scope[k] in lexicon().announcing_verbs and "to" not in scope[i + n:]
    return False
