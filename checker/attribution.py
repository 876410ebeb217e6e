"""Who says so: "according to X", "X said", "per X", "citing X". A speaker is *named* when it is a
person or an institution with a name or an official document (a ministry, a joint statement, a court),
*anonymous* when it is only "officials", "observers", "sources"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.capitals import runs
from checker.lexicon import lexicon


@dataclass(frozen=True)
class Attribution:
    speaker: str
    start: int  # offsets into the source text
    end: int
    named: bool


_NOT_A_SPEAKER = {"what", "they", "it", "he", "she", "we", "i", "you", "which", "who", "this", "that", "these", "those", "there"}
MAX_SPEAKER_WORDS = 14


def _classify(speaker: str) -> bool | None:
    """True named, False anonymous, None not a speaker at all (a pronoun, a clause, a list of things)."""
    lex = lexicon()
    low = speaker.lower()
    words_all = low.split()
    if not words_all or words_all[0] in _NOT_A_SPEAKER or len(words_all) > MAX_SPEAKER_WORDS or " such as " in f" {low} ":
        return None
    if any(re.search(rf"\b{re.escape(h)}\b", low) for h in lex.institution_heads):
        return True
    words = re.findall(r"[a-z]+", low)
    if words and any(w in lex.anonymous for w in words[-2:]):
        return False
    caps = [r for r in runs(speaker) if r.text not in ("The", "A", "An")]
    return True if caps else None


def _trim(fragment: str, keep_start: bool) -> str:
    fragment = fragment.strip(" ,;:—–-\"“”'")
    return fragment


def attributions(text: str, offset: int = 0) -> list[Attribution]:
    lex = lexicon()
    out: list[Attribution] = []
    for cue in lex.attribution_before:
        for m in re.finditer(rf"\b(?i:{re.escape(cue)})\s+(?P<s>[^,;.()]{{2,120}}?)(?=[,;.()]|\s+(?:that|which|who|and\s+(?:a|the)\s+[a-z]+\s+said)\b|$)", text):
            spk = _trim(m.group("s"), True)
            named = _classify(spk)
            if named is not None:
                out.append(Attribution(spk, m.start("s") + offset, m.start("s") + len(spk) + offset, named))
    verbs = "|".join(sorted(lex.attribution_after, key=len, reverse=True))
    for m in re.finditer(rf"(?P<s>(?:[A-Z][\w.’'-]*\s+|[a-z][\w’'-]*\s+){{1,7}}?)(?:(?:have|has|had)\s*)?(?:,[^,]{{1,30}},\s*)?(?:{verbs})\b", text):
        spk = _trim(m.group("s"), False)
        # keep only the noun phrase right before the verb: from the last clause boundary on
        spk = re.split(r"\b(?:that|and|but|while|as|because|when|(?i:according to))\s+", spk)[-1].strip()
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
