"""Who takes part: named people with their office and country, unnamed office-holders, and countries.

People are found by the shapes news uses for them, not by a list of names:
"<Country/Nationality> <Portfolio> <Title> <Name>" ("Finnish Interior Minister Anna Virtanen"),
"<Name>, <Country>'s <title>" and "<nationality> counterpart, <Name>". Later mentions by one part of
the name ("Virtanen said") resolve to the person found in the same article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from checker.capitals import Run, runs
from checker.lexicon import lexicon
from checker.nationality import country_from_adjective

_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]+(?:-[^\W\d_][^\W\d_]+)*$")
_COUNT_NOUNS = r"(?:countries|nations|governments|sides|leaders|states|parties|capitals)"
_NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}


def normalize_role(role: str) -> str:
    role = " ".join(role.lower().split())
    return role.replace("defence", "defense")


def person_key(name: str) -> str:
    """Case, hyphens and accents folded: "Tomáš Novák" and "Tomas Novak" are one key."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return " ".join(re.split(r"[\s\-]+", folded.casefold()))


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    role: str | None
    country: str | None


@dataclass(frozen=True)
class Mention:
    """A participant mentioned in a sentence; offsets are into the source text."""

    key: str  # "person:<name key>", "role:<CC>:<role>", "country:<CC>"
    kind: str  # "person" | "role" | "country"
    value: str
    start: int
    end: int
    country: str | None = None
    role: str | None = None
    party: bool = True  # False when the country is only mentioned, not a party to the event


def _title_span(words: list[str]) -> tuple[int, int] | None:
    """Index range of "<portfolio>* <title>" inside a run's lower-cased words, if any."""
    lex = lexicon()
    titles = lex.titles
    for i in range(len(words)):
        for t in titles:
            tw = t.split()
            if words[i : i + len(tw)] == tw:
                start = i
                while start > 0 and words[start - 1] in lex.portfolios:
                    start -= 1
                return start, i + len(tw)
    return None


def _is_name(words: list[str]) -> bool:
    if not 1 <= len(words) <= 3:
        return False
    for w in words:
        if not _NAME_WORD.match(w) or not w[0].isupper() or w.isupper() or w.lower() in _MONTHS or country_from_adjective(w):
            return False
    return True


def _country_of(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    return country_from_adjective(text)


_AFTER_NAME = re.compile(
    r"^\s*,\s*(?:the |his |her |its |their )?(?:(?P<nat>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)(?:['’]s)? )?"
    r"(?P<title>[a-z][a-z ]{2,40}?)(?=\s*(?:,|\.|;|$| and | who | said| told))"
)
_BEFORE_NAME = re.compile(
    r"(?:the |his |her |its |their )?(?:(?P<nat>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)(?:['’]s)? )?"
    r"(?P<title>(?:[a-z]+ ){0,2}[a-z]+)\s*,\s*$"
)


_TITLE_BEFORE = re.compile(
    r"(?P<former>\b(?:[Ff]ormer|[Ee]x-)\s+)?(?:(?P<nat>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)(?:['’]s)?\s+)?"
    r"(?P<title>(?:(?:former|deputy|acting)\s+)?(?:[a-z]+\s+){0,2}[a-z]+)\s+$"
)
# A dateline ("OSLO —", "LONDON (Reuters) -") before the first words does not make them less of a subject.
_DATELINE_PREFIX = re.compile(r"^\s*[A-Z][A-Z .,'’()-]*[A-Za-z)]\s*[—–-]+\s*")


def _is_subject_position(before: str) -> bool:
    before = _DATELINE_PREFIX.sub("", before)
    return not before.strip() or re.fullmatch(r"\s*(?:the|The)\s*", before) is not None


_RANK_WORDS = {"deputy", "acting", "former", "vice", "interim", "assistant", "senior", "chief"}


def _title_ends(words: list[str]) -> bool:
    """True when the words end with a title ("deputy mayor", "foreign minister")."""
    span = _title_span(words)
    return bool(span) and span[1] == len(words)


def find_people(text: str, offset: int = 0) -> list[Person]:
    """Named people defined in `text` by a title next to their name."""
    found: list[Person] = []
    for run in runs(text, offset):
        words = [w.text for w in run.words]
        lower = [w.lower() for w in words]
        span = _title_span(lower)
        if span and span[1] < len(words) and _is_name(words[span[1] :]):
            name = " ".join(words[span[1] :])
            role = normalize_role(" ".join(words[span[0] : span[1]]))
            country = _country_of(" ".join(words[: span[0]]))
            if country is None:
                country = _possessive_country_before(text, run.start - offset)
            found.append(Person(person_key(name), name, role, country))
            continue
        if span is None and _is_name(words) and len(words) >= 2:
            after = _AFTER_NAME.match(text[run.end - offset :])
            if after and _title_span(after.group("title").split()):
                found.append(
                    Person(person_key(run.text), run.text, normalize_role(after.group("title")), _country_of(after.group("nat") or ""))
                )
                continue
            before = _BEFORE_NAME.search(text[: run.start - offset])
            lead = _TITLE_BEFORE.search(text[: run.start - offset])
            if lead and _title_ends(lead.group("title").lower().split()):
                role = normalize_role(lead.group("title"))
                nat = lead.group("nat") or ""
                if nat.lower() in _RANK_WORDS:  # "Deputy mayor X": a capitalised rank, not a nationality
                    role, nat = f"{nat.lower()} {role}", ""
                if lead.group("former") and not role.startswith("former"):
                    role = "former " + role
                found.append(Person(person_key(run.text), run.text, role, _country_of(nat)))
                continue
            if before and _title_span(before.group("title").split()):
                found.append(
                    Person(person_key(run.text), run.text, normalize_role(before.group("title")), _country_of(before.group("nat") or ""))
                )
    return found


def _possessive_country_before(text: str, pos: int) -> str | None:
    m = re.search(r"([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)['’]s\s*$", text[:pos])
    return _country_of(m.group(1)) if m else None


def merge_people(people: list[Person]) -> dict[str, Person]:
    """One record per person key, keeping the first role and country seen."""
    out: dict[str, Person] = {}
    for p in people:
        if p.key in out:
            old = out[p.key]
            out[p.key] = Person(p.key, old.name, old.role or p.role, old.country or p.country)
        else:
            out[p.key] = p
    return out


def _part_index(people: dict[str, Person]) -> dict[str, str]:
    """Name part -> person key, for parts that belong to exactly one person."""
    seen: dict[str, set[str]] = {}
    for p in people.values():
        for part in re.split(r"\s+", p.name):
            if len(part) >= 3:
                seen.setdefault(part, set()).add(p.key)
    return {part: next(iter(keys)) for part, keys in seen.items() if len(keys) == 1}


_ROLE_ONLY = re.compile(r"\b(?:the|its|his|her|their)\s+(?P<nat>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)(?:['’]s)?\s+(?P<title>(?:[a-z]+ ){0,2}[a-z]+)")


def mentions(text: str, offset: int, people: dict[str, Person]) -> list[Mention]:
    """Participants mentioned in one sentence (offsets into the source text)."""
    out: list[Mention] = []
    parts = _part_index(people)
    by_name = {p.name: p for p in people.values()}
    taken: list[tuple[int, int]] = []
    sentence_runs = runs(text, offset)
    for run in sentence_runs:
        words = [w.text for w in run.words]
        # full names, possibly preceded by a title inside the run
        for n in range(len(words), 0, -1):
            for i in range(0, len(words) - n + 1):
                cand = " ".join(words[i : i + n])
                person = by_name.get(cand) if n > 1 else people.get(parts.get(cand, ""), None)
                if person and not any(s <= run.words[i].start < e for s, e in taken):
                    s, e = run.words[i].start, run.words[i + n - 1].end
                    taken.append((s, e))
                    out.append(Mention("person:" + person.key, "person", person.name, s, e, person.country, person.role))
    for m in _ROLE_ONLY.finditer(text):
        cc = _country_of(m.group("nat"))
        span = _title_span(m.group("title").split())
        if cc and span:
            title_words = m.group("title").split()[span[0] : span[1]]
            role = normalize_role(" ".join(title_words))
            s, e = m.start() + offset, m.end() + offset
            if not any(a <= s < b for a, b in taken):
                out.append(Mention(f"role:{cc}:{role}", "role", m.group(0).strip(), s, e, cc, role))
    out.extend(_organisations(text, offset, sentence_runs, taken))
    out.extend(_countries(text, offset, sentence_runs, taken))
    return sorted(out, key=lambda m: (m.start, m.key))


def _organisations(text: str, offset: int, sentence_runs: list[Run], taken) -> list[Mention]:
    """A named institution that is the subject of the sentence ("The European Court of ... ruled")."""
    heads = set(lexicon().institution_heads)
    out = []
    for run in sentence_runs:
        words = [w.text for w in run.words]
        if len(words) < 2 or run.possessive or not any(w.lower() in heads for w in words):
            continue
        if any(s <= run.start < e for s, e in taken):
            continue
        if not _is_subject_position(text[: run.start - offset]):
            continue
        taken.append((run.start, run.end))
        out.append(Mention("org:" + person_key(run.text), "organisation", run.text, run.start, run.end, None, None, True))
    return out


def _countries(text: str, offset: int, sentence_runs: list[Run], taken) -> list[Mention]:
    """Countries in the sentence; `party` is True for subjects, coordinated lists and with-partners."""
    found: list[Mention] = []
    for idx, run in enumerate(sentence_runs):
        if any(s <= run.start < e for s, e in taken):
            continue
        cc, length = _leading_country(run)
        if not cc:
            continue
        words = run.words[:length]
        s, e = words[0].start, words[-1].end
        rel_s, rel_e = s - offset, e - offset
        before = text[:rel_s]
        after = text[rel_e:]
        in_list = bool(re.match(r"^(?:['’]s)?\s*(?:,|and\b)", after)) or bool(re.search(r"(?:,|\band)\s*$", before))
        sentence_subject = _is_subject_position(before)
        with_partner = _partner_of_event(before)
        party = sentence_subject or with_partner or (in_list and _list_neighbour_is_country(before, after))
        found.append(Mention(f"country:{cc}", "country", " ".join(w.text for w in words), s, e, cc, None, party))
    return found


def _partner_of_event(before: str) -> bool:
    """"talks with X", "a pact with X", "met with X": X is a party. "coordination with X" is not."""
    m = re.search(r"((?:\b[a-z]+\s+){1,2})(?:with|between|among)\s+(?:the\s+)?$", before)
    if not m:
        return False
    lex = lexicon()
    framing_words = {t for t, _ in lex.framing_terms if " " not in t}
    return any(w in lex.event_triggers or w in framing_words for w in m.group(1).split())


def _leading_country(run: Run) -> tuple[str | None, int]:
    words = [w.text for w in run.words]
    for n in range(min(4, len(words)), 0, -1):
        cc = country_from_adjective(" ".join(words[:n]))
        if cc:
            return cc, n
    return None, 0


def _list_neighbour_is_country(before: str, after: str) -> bool:
    nxt = re.match(r"^(?:['’]s)?\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?([A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)", after)
    if nxt and country_from_adjective(nxt.group(1)):
        return True
    prev = re.search(r"([A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)(?:['’]s)?\s*(?:,\s*(?:and)?|\band)\s*(?:the\s+)?$", before)
    return bool(prev and country_from_adjective(prev.group(1)))


def party_count(text: str) -> int | None:
    """How many parties the sentence says the event has ("bilateral", "the three governments")."""
    low = text.lower()
    for word, n in sorted(lexicon().party_counts.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(word)}\b", low):
            return n
    m = re.search(rf"\b(?:the\s+)?(two|both|three|four|five)\s+{_COUNT_NOUNS}\b", low)
    return _NUMBER_WORDS[m.group(1)] if m else None
