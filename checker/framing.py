"""How an article frames an agreement: talks, a joint statement, a signed formal agreement, a pact,
a treaty, an alliance — each with its polarity ("does not establish a treaty alliance" is negated)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.lexicon import lexicon
from checker.negation import Polarity, polarity_of


@dataclass(frozen=True)
class FramingMention:
    term: str
    cls: str
    start: int  # relative to the sentence
    end: int
    formal: bool
    signed: bool
    polarity: Polarity


def _pattern():
    lex = lexicon()
    alternatives = "|".join(re.escape(t) for t, _ in lex.framing_terms)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


_PATTERN = None


def framing_mentions(sentence: str) -> list[FramingMention]:
    """Framing terms in one sentence, longest match first, plural generic uses skipped by the regex."""
    global _PATTERN
    if _PATTERN is None:
        _PATTERN = _pattern()
    lex = lexicon()
    classes = dict(lex.framing_terms)
    out: list[FramingMention] = []
    for m in _PATTERN.finditer(sentence):
        term = m.group(0).lower()
        cls = classes[term]
        before = sentence[max(0, m.start() - 80) : m.start()].lower()
        clause = re.split(r"[;:.]|\bbut\b|\bwhile\b", before)[-1]
        near = " ".join(clause.split()[-5:])
        formal = any(re.search(rf"\b{re.escape(f)}\b", near) for f in lex.formal_modifiers)
        signed = any(re.search(rf"\b{re.escape(v)}\b", clause) for v in lex.signing_verbs)
        if cls == "agreement" and (formal or signed):
            cls = "formal_agreement"
        out.append(FramingMention(term, cls, m.start(), m.end(), formal, signed, polarity_of(sentence, m.start(), m.end())))
    return out


def framing_rank(cls: str) -> int:
    return lexicon().framing_classes.index(cls)
