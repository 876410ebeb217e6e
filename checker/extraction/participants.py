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
from functools import lru_cache
from string import ascii_letters, digits, ascii_lowercase

from checker.extraction.capitals import TEAM_NUMBER, Run, runs
from checker.extraction.lexicon import lexicon
from checker.extraction.nationality import country_from_adjective
from checker.extraction.scan import start_of_last_runs

_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]+(?:-[^\W\d_][^\W\d_]+)*$|^[^\W\d_]{1,2}['’][^\W\d_]{2,}$")  # "O'Leary", "Ja'Nae"
_COUNT_NOUNS = r"(?:countries|nations|governments|sides|leaders|states|parties|capitals)"
_NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}


def normalize_role(role: str) -> str:
    role = " ".join(role.lower().split())
    return role.replace("defence", "defense")


# Abbreviations a name may open with, written out: "Mt Lusk" and "Mount Lusk" are one name.
_ABBREVIATED = {"mt": "mount", "mt.": "mount", "mts": "mountains", "mts.": "mountains", "ft": "fort", "ft.": "fort",
                "pt": "point", "pt.": "point"}


def person_key(name: str) -> str:
    """Case, hyphens and accents folded, and an abbreviation the name opens with written out: "Tomáš
    Novák" and "Tomas Novak" are one key, as are "Mt. Lusk" and "Mount Lusk"."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    words = re.split(r"[\s\-]+", folded.casefold().replace("’", "'"))
    if len(words) > 1 and words[0] in _ABBREVIATED:
        words[0] = _ABBREVIATED[words[0]]
    return " ".join(words)


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


@lru_cache(maxsize=1)
def _titles_by_first_word() -> dict[str, tuple[list[str], ...]]:
    """The lexicon's titles as word lists, grouped by first word, each group longest first."""
    groups: dict[str, list[list[str]]] = {}
    for t in lexicon().titles:
        tw = t.split()
        if tw:
            groups.setdefault(tw[0], []).append(tw)
    return {w: tuple(g) for w, g in groups.items()}


def title_span(words: list[str]) -> tuple[int, int] | None:
    """Index range of "<portfolio>* <title>" inside a run's lower-cased words, if any: the first
    position where a title starts, the longest title there."""
    portfolios = lexicon().portfolios
    by_first = _titles_by_first_word()
    for i, word in enumerate(words):
        for tw in by_first.get(word, ()):
            if words[i : i + len(tw)] == tw:
                start = i
                while start > 0 and words[start - 1] in portfolios:
                    start -= 1
                return start, i + len(tw)
    return None


_INITIAL = re.compile(r"[A-Z]\.")


def _is_name(words: list[str]) -> bool:
    if not 1 <= len(words) <= 3:
        return False
    for i, w in enumerate(words):
        if 0 < i < len(words) - 1 and _INITIAL.fullmatch(w):
            continue  # "Walter G. Pennington"
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


def _search_end(pattern: re.Pattern, text: str, max_runs: int, chars: str) -> re.Match | None:
    """`pattern.search(text)` for a pattern anchored at the end of `text` ("...$") whose matches are
    at most `max_runs` whitespace-separated runs of `chars`: the search starts where such a match can."""
    return pattern.search(text, start_of_last_runs(text, len(text), max_runs, chars.__contains__))


_TITLE_BEFORE = re.compile(
    r"(?P<former>\b(?:[Ff]ormer|[Ee]x-)\s+)?(?:(?P<nat>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)(?:['’]s)?\s+)?"
    r"(?P<title>(?:(?:former|deputy|acting)\s+)?(?:[a-z]+\s+){0,2}[a-z]+)\s+$"
)
# What _BEFORE_NAME and _TITLE_BEFORE can match: (runs of words, their characters); see _search_end.
_BEFORE_NAME_SHAPE = (7, ascii_letters + ".'’,")  # the|his.. + nationality (2 words) + title (3) + ","
_TITLE_BEFORE_SHAPE = (7, ascii_letters + ".'’-")  # former|ex- + nationality (2) + title (4)
# A dateline ("OSLO —", "LONDON (Reuters) -") before the first words does not make them less of a subject.
_DATELINE_PREFIX = re.compile(r"^\s*[A-Z][A-Z .,'’()-]*[A-Za-z)]\s*[—–-]+\s*")


def _is_subject_position(before: str) -> bool:
    before = _DATELINE_PREFIX.sub("", before)
    return not before.strip() or re.fullmatch(r"\s*(?:the|The)\s*", before) is not None


_RANK_WORDS = {"deputy", "acting", "former", "vice", "interim", "assistant", "senior", "chief"}


def _title_ends(words: list[str]) -> bool:
    """True when the words end with a title ("deputy mayor", "foreign minister")."""
    span = title_span(words)
    return bool(span) and span[1] == len(words)


_LOWER_WORDS = re.compile(r"[a-z]+")


def find_people(text: str, offset: int = 0) -> list[Person]:
    """Named people defined in `text` by a title next to their name."""
    found: list[Person] = []
    if _titles_by_first_word().keys().isdisjoint(_LOWER_WORDS.findall(text.lower())):
        return found  # every shape below needs a title, so a title's first word: most sentences have none
    for run in runs(text, offset):
        words = [w.text for w in run.words]
        lower = [w.lower() for w in words]
        span = title_span(lower)
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
            if after and title_span(after.group("title").split()):
                found.append(
                    Person(person_key(run.text), run.text, normalize_role(after.group("title")), _country_of(after.group("nat") or ""))
                )
                continue
            lead = _search_end(_TITLE_BEFORE, text[: run.start - offset], *_TITLE_BEFORE_SHAPE)
            if lead and _title_ends(lead.group("title").lower().split()):
                role = normalize_role(lead.group("title"))
                nat = lead.group("nat") or ""
                if nat.lower() in _RANK_WORDS:  # "Deputy mayor X": a capitalised rank, not a nationality
                    role, nat = f"{nat.lower()} {role}", ""
                if lead.group("former") and not role.startswith("former"):
                    role = "former " + role
                found.append(Person(person_key(run.text), run.text, role, _country_of(nat)))
                continue
            before = _search_end(_BEFORE_NAME, text[: run.start - offset], *_BEFORE_NAME_SHAPE)
            if before and title_span(before.group("title").split()):
                found.append(
                    Person(person_key(run.text), run.text, normalize_role(before.group("title")), _country_of(before.group("nat") or ""))
                )
    return found


_NAME_INNER = {"of", "the", "de", "del", "da", "van", "von", "al", "bin", "la", "le"}
_MEDIUM_BEFORE = re.compile(r"(?:\btold|\baccording to|\bconfirmed to|\bciting|\breported by|\binterview with|\bsaid to)\s+(?:the\s+)?$", re.I)
_MEDIUM_BEFORE_SHAPE = (4, ascii_letters)
# A happening done to a person, named right before them ("the Dec. 6 killing of Stavros
# Andrianakis", "the death of Talia Benford"): whoever a report names there is the one it happened
# to, a person the story is about even when the report names them once, further down.
# "the killing of X", and with the day and place between: "a police shooting Dec. 6 in Patras of X"
_DONE_TO_BEFORE = re.compile(r"\b(?:killing|shooting|death|murder|slaying|stabbing|beating|kidnapping|abduction|"
                             r"disappearance|rape|assault|funeral)(?:\s+(?:on\s+|in\s+)?(?-i:[A-Z0-9])[\w.,]*){0,3}\s+of\s+$", re.I)
_DONE_TO_BEFORE_SHAPE = (7, ascii_letters + digits + ".,")


def done_to(text_before: str) -> str | None:
    """The word for the happening a name right after `text_before` was done to ("the Dec. 6 killing
    of", "a police shooting Dec. 6 in Patras of"), as the lexicon's action ("killing", "shooting");
    None when no such word precedes the name."""
    m = _search_end(_DONE_TO_BEFORE, text_before, *_DONE_TO_BEFORE_SHAPE)
    if m is None:
        return None
    noun = m.group(0).split()[0].lower()
    lex = lexicon()
    return lex.event_phrases.get((noun, "of")) or lex.event_triggers.get(noun)


_ACRONYM = re.compile(r"[A-Z]{2,5}")
# The last word of a company's name that makes a leading acronym part of it ("VTX Technologies", "KLR
# Arena" is a venue and stays out): without it an all-capital word is a dateline or a shouted headline.
_COMPANY_HEADS = frozenset({"technologies", "technology", "group", "holdings", "systems", "motors", "airlines",
                            "airways", "pharmaceuticals", "electronics", "networks", "communications", "industries",
                            "semiconductor", "software", "labs", "laboratories", "energy", "telecom", "entertainment"})


def untitled_shape(words: list[str]) -> bool:
    """Two to four capitalised words ("Nora Castell", "Lakeside Recovery Center", "Bank of Nova
    Scotia"), none a month, weekday, country or nationality, title or common word, none written in
    capitals only; no generic institution ("the Defense Ministry", "Superior Court"), which many
    stories share; no region or natural feature ("Western Europe"), no news medium ("Lakeshore Times")."""
    lex = lexicon()
    lower = [w.lower() for w in words]
    if not 2 <= len(words) <= 4 or lower[-1] in _NAME_INNER or lower[0] in lex.stopwords:
        return False
    if lower[-1] in lex.media_words or title_span(lower) is not None:
        return False
    if any(w in _institution_heads() or w in lex.geographic_words for w in lower):
        return False
    for w in words:
        if w.lower() in _NAME_INNER and w != words[0]:
            continue
        if w != words[0] and TEAM_NUMBER.fullmatch(w):
            continue  # "Brackton 76ers"
        if w == words[0] and _ACRONYM.fullmatch(w) and lower[-1] in _COMPANY_HEADS:
            continue  # "VTX Technologies", "BMW Group"
        if w != words[0] and w != words[-1] and _INITIAL.fullmatch(w):
            continue  # "Brent G. Fairley"
        if not _NAME_WORD.match(w) or not w[0].isupper() or w.isupper() or w.lower() in _MONTHS:
            return False
    parts = [p for w in words for p in w.split("-")]  # "South Africa-Namibia"
    return not any(country_from_adjective(" ".join(parts[i:j]))
                   for i in range(len(parts)) for j in range(i + 1, min(i + 3, len(parts)) + 1))


_LOWER_WORD = re.compile(r"\b[a-z]+\b")
# One word with a capital inside after small letters: "CloudVane", "YouTube", "MacBook", "PayPal". No common
# word is written so, so it is a name wherever it stands; "KOs", "MPs" (plural acronyms) are not of this shape.
_CAMEL_CASE = re.compile(r"[A-Z][a-z]+[A-Z][A-Za-z]*")


def _one_word_name(word: str) -> bool:
    """A name of one word the lead may give an organisation or product: written in camel case (see
    _CAMEL_CASE). Other single capitalised words ("Police", "Oracle", "NFL", "BBC") are left out: too
    many are common words opening a sentence, or leagues, agencies and media that every story of a
    kind names, which would tie reports of two happenings together."""
    return _CAMEL_CASE.fullmatch(word) is not None


def _name_words(run, sentence_start: int, capitalised_inside: set[str], lower_case: set[str]) -> list[str]:
    """The run's words, without a first word that is capitalised only because it opens the sentence
    ("When Lisbon", "Closer ties"): a common word, which the article also writes in lower case
    and never capitalised inside a sentence."""
    words = [w.text for w in run.words]
    if run.start == sentence_start and words and words[0] not in capitalised_inside and words[0].lower() in lower_case:
        words = words[1:]
    return words


def _without_event_word(words: list[str]) -> list[str]:
    """"Comets Fire O'Leary, Hire Vernon Tillman", "Named Vernon Tillman coach": a word for a happening
    before a name of two or more words is the verb a headline or sentence opens with, no part of it."""
    if len(words) >= 3 and words[0].lower() in lexicon().event_triggers:
        return words[1:]
    return words


_HONORIFICS = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "sir", "dame", "rev", "miss", "mme", "mlle"})


def _without_honorific(words: list[str]) -> list[str]:
    """"Dr Anton Severin", "Mr Andreou" (British style, no period, so one run with the name): the
    courtesy word is no part of the name; "Anton Severin" is the name other outlets give."""
    if words and words[0].lower().rstrip(".") in _HONORIFICS:
        return words[1:]
    return words


def _without_occupation(words: list[str]) -> list[str]:
    """"Actress Lena Hart", "City Councilman Dorian Maitland": the words up to a word for what someone
    does (lexicon `occupations`) before a name of two words or more are no part of it, nor is such a
    word after a team ("Larkford Comets Coach"): other outlets write the bare name, and one person
    under two keys ties no reports together."""
    occupations = lexicon().occupations
    lower = [w.lower() for w in words]
    last = max((i for i, w in enumerate(lower) if w in occupations), default=None)
    if last is None:
        return words
    if len(words) - last - 1 >= 2:
        return words[last + 1:]
    if last == len(words) - 1 and len(words) >= 3:
        return words[:-1]
    return words


def _without_nationality(words: list[str]) -> list[str]:
    """"the American Lamar Maddox": a nationality before a name is no part of it."""
    if len(words) >= 3 and country_from_adjective(words[0]) and not country_from_adjective(words[1]):
        return words[1:]
    return words


def _hometown_dropped(words: list[str], is_place) -> list[str]:
    """"Nathaniel Reece Hollins of Fort Larkin" runs as one capitalised run: the name is the part
    of two or three words before "of" when the part after is a place, known or not ("Fort Larkin", a
    village of 400); "Bank of Nova Scotia", "University of Florida" have one word before it. A known
    place of one word before "of" and another place after ("Iquitos of Loreto") is a town placed in
    its region, no name at all; a known place of one word before "of" and a name of two or three
    words after it ("Patras of Stavros Andrianakis") is that name."""
    if "of" not in words:
        return words
    i = words.index("of")
    head, tail = words[:i], words[i + 1:]
    if 2 <= len(head) <= 3 and 1 <= len(tail) <= 3 and all(w[:1].isupper() for w in head):
        return head
    if len(head) == 1 and 1 <= len(tail) <= 3 and is_place(head[0]) and is_place(" ".join(tail)):
        return []
    if len(head) == 1 and 2 <= len(tail) <= 3 and is_place(head[0]) and all(w[:1].isupper() for w in tail):
        return tail  # "in Patras of Stavros Andrianakis, 15": a place, then the name its comma lost
    return words


_MONTH_ABBREVIATIONS = frozenset({"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
_DAY_NUMBER_AFTER = re.compile(r"\.?\s*\d{1,2}\b")


def _without_date_after(words: list[str], text: str, end: int) -> list[str]:
    """"struck west of Arequipa Jan. 4": a month's abbreviation that ends the run before a day's
    number is the date's, no part of a name ("Arequipa Jan")."""
    if len(words) >= 2 and words[-1].lower() in _MONTH_ABBREVIATIONS and text[:end].endswith(words[-1]) \
            and _DAY_NUMBER_AFTER.match(text, end):
        return words[:-1]
    return words


_QUALIFIED_AFTER = re.compile(r",\s+(?P<q>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s*(?:[,.;:]|$)")


def _qualified_place(text: str, end: int, is_region) -> bool:
    """The run ending at `end` is followed by a state or country, as a town is: "near Pecan Hollow,
    Texas". `is_region` says whether a name is one."""
    m = _QUALIFIED_AFTER.match(text, end)
    return bool(m and is_region is not None and is_region(m.group("q")))


def untitled_names(sentences, lead: set[int], is_place, is_region=None) -> list[Person]:
    """People and organisations named without a title, who the article is about: a name of two to four
    capitalised words that is no place (`is_place`, or followed by a state or country as a town is:
    `is_region`), not the medium a statement was given to ("told
    People magazine"), and either in the lead or named again later (in full or by its last word); or a
    camel-case name of one word ("NDS to acquire CloudVane") in the lead and named again; or the one a
    happening was done to ("the killing of Stavros Andrianakis"), named once.

    Titles are no help here: most people in the news (an actress, a suspect, a coach) and most
    organisations (a clinic, a team, an arena) are named bare."""
    body = [s for s in sentences if s.segment_kind != "title"]  # a title-case headline runs every word together
    sentence_runs = [(s, runs(s.text, s.start)) for s in body]
    inside = {w.text for s, rs in sentence_runs for r in rs for w in r.words if w.start > s.start}
    lower_case = set(_LOWER_WORD.findall(" ".join(s.text for s in body)))
    words_seen: dict[str, int] = {}
    found: dict[str, tuple[str, bool]] = {}  # key -> (name, seen in a lead sentence)
    one_word: set[str] = set()
    for s, rs in sentence_runs:
        for run in rs:
            for w in run.words:
                words_seen[w.text] = words_seen.get(w.text, 0) + 1
            words = _name_words(run, s.start, inside, lower_case)
            words = _without_occupation(_without_nationality(_without_event_word(_without_honorific(words))))
            words = _hometown_dropped(words, is_place)
            words = _without_date_after(words, s.text, run.end - s.start)
            if len(words) == 1 and s.index in lead and _one_word_name(words[0]):
                one_word.add(words[0])
                continue
            if not untitled_shape(words):
                continue
            name = " ".join(words)
            whole = name == run.text  # not "Ja'Nae Pryor" of "Ja'Nae Pryor of Little Rock, Ark.", whose state is Little Rock's
            if (_search_end(_MEDIUM_BEFORE, s.text[: run.start - s.start], *_MEDIUM_BEFORE_SHAPE) or is_place(name)
                    or (whole and _qualified_place(s.text, run.end - s.start, is_region))):
                continue
            key = person_key(name)
            first, in_lead = found.get(key, (name, False))
            # the name may be the end of its run ("Patras of Stavros Andrianakis"): look before it
            at = run.words[len(run.words) - len(words)].start if run.text.endswith(" " + name) else run.start
            done_to = bool(_search_end(_DONE_TO_BEFORE, s.text[: at - s.start], *_DONE_TO_BEFORE_SHAPE))
            found[key] = (first, in_lead or s.index in lead or done_to)
    for s in sentences:
        if s.segment_kind == "title":
            for name in _title_names(s.text, words_seen):
                key = person_key(name)
                if not is_place(name):
                    found.setdefault(key, (name, True))
    last_words = {name.split()[-1] for name, _ in found.values()}  # "Marlowe" of "Evan Marlowe"
    for word in sorted(one_word):
        if words_seen.get(word, 0) >= 2 and word not in last_words and not is_place(word):
            found.setdefault(person_key(word), (word, True))
    out = []
    for key, (name, in_lead) in sorted(found.items()):
        if in_lead or words_seen.get(name.split()[-1], 0) >= 2 or _named_again_short(name, words_seen):
            out.append(Person(key, name, None, None))
    return out


def _named_again_short(name: str, words_seen: dict[str, int]) -> bool:
    """An organisation named once in full and then by its initials ("Northfield Data Systems (NYSE:
    NDS)" ... "NDS said") or by the capitals that open its name ("VTX Technologies" ... "VTX")."""
    words = name.split()
    initials = "".join(w[0] for w in words)
    if len(initials) >= 3 and initials.isupper() and words_seen.get(initials, 0) >= 1:
        return True
    first = words[0]
    return len(first) >= 2 and first.isupper() and first.isalpha() and words_seen.get(first, 0) >= 2


_TITLE_PART_END = re.compile(r"\s*(?:[,:;|]|\s[-–—]\s|$)")


def _title_names(title: str, body_words: dict[str, int]) -> list[str]:
    """Names in a title-case headline, where capitalisation says nothing: a run set off by punctuation
    on both sides ("Lucien Joseph Marchand Jr, Prison Inmate, Pulls Gun On Guards") whose last word the
    body names too ("Marchand, 49, took the officers' weapons")."""
    out = []
    for run in runs(title):
        before, after = title[: run.start].rstrip(), title[run.end:]
        if before and before[-1] not in ",:;|-–—":
            continue
        if not _TITLE_PART_END.match(after) or run.possessive:
            continue
        words = _without_event_word([w.text for w in run.words])
        if words[-1] in ("Jr", "Sr") and len(words) > 2:
            words = words[:-1]
        if untitled_shape(words) and body_words.get(words[-1], 0) >= 1:
            out.append(" ".join(words))
    return out


_POSSESSIVE_BEFORE = re.compile(r"([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)['’]s\s*$")
_POSSESSIVE_BEFORE_SHAPE = (2, ascii_letters + ".'’")  # a country of two words and its "'s"


def _possessive_country_before(text: str, pos: int) -> str | None:
    m = _search_end(_POSSESSIVE_BEFORE, text[:pos], *_POSSESSIVE_BEFORE_SHAPE)
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


def _first_name_of_another(words: list[str], i: int, person: Person) -> bool:
    """A first or middle name of the person followed by a capitalised word not in their name: the
    start of another person's name ("Robert Hale" is not "Callum Robert Dunn")."""
    own = person.name.split()
    return words[i] != own[-1] and i + 1 < len(words) and words[i + 1] not in own


def _part_index(people: dict[str, Person]) -> dict[str, str]:
    """Name part -> person key, for parts that belong to exactly one person."""
    seen: dict[str, set[str]] = {}
    for p in people.values():
        for part in re.split(r"\s+", p.name):
            if len(part) >= 3:
                seen.setdefault(part, set()).add(p.key)
    return {part: next(iter(keys)) for part, keys in seen.items() if len(keys) == 1}


_ROLE_ONLY = re.compile(r"\b(?:the|its|his|her|their)\s+(?P<nat>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)(?:['’]s)?\s+(?P<title>(?:[a-z]+ ){0,2}[a-z]+)")


@dataclass(frozen=True)
class PeopleIndex:
    """An article's people by full name and by unambiguous name part: built once per article, then
    used for every sentence (see `people_index`)."""

    people: dict[str, Person]
    parts: dict[str, str]
    by_name: dict[str, Person]
    name_sizes: frozenset[int]  # how many words the full names have: longer word sequences are no name


def people_index(people: dict[str, Person]) -> PeopleIndex:
    by_name = {p.name: p for p in people.values()}
    return PeopleIndex(people, _part_index(people), by_name, frozenset(name.count(" ") + 1 for name in by_name))


def mentions(text: str, offset: int, people: dict[str, Person] | PeopleIndex) -> list[Mention]:
    """Participants mentioned in one sentence (offsets into the source text)."""
    index = people if isinstance(people, PeopleIndex) else people_index(people)
    people, parts, by_name, name_sizes = index.people, index.parts, index.by_name, index.name_sizes
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    sentence_runs = runs(text, offset)
    for run in sentence_runs:
        words = [w.text for w in run.words]
        # full names, possibly preceded by a title inside the run
        for n in range(len(words), 0, -1):
            if n > 1 and n not in name_sizes:
                continue  # no full name has n words
            for i in range(0, len(words) - n + 1):
                cand = " ".join(words[i : i + n])
                person = by_name.get(cand) if n > 1 else people.get(parts.get(cand, ""), None)
                if person and n == 1 and _first_name_of_another(words, i, person):
                    continue
                if person and not any(s <= run.words[i].start < e for s, e in taken):
                    s, e = run.words[i].start, run.words[i + n - 1].end
                    taken.append((s, e))
                    kind = "person" if person.role else "name"  # a name without a title: a person or an organisation
                    out.append(Mention(f"{kind}:{person.key}", kind, person.name, s, e, person.country, person.role))
    for m in _ROLE_ONLY.finditer(text):
        cc = _country_of(m.group("nat"))
        span = title_span(m.group("title").split())
        if cc and span:
            title_words = m.group("title").split()[span[0] : span[1]]
            role = normalize_role(" ".join(title_words))
            s, e = m.start() + offset, m.end() + offset
            if not any(a <= s < b for a, b in taken):
                out.append(Mention(f"role:{cc}:{role}", "role", m.group(0).strip(), s, e, cc, role))
    out.extend(_organisations(text, offset, sentence_runs, taken))
    out.extend(_countries(text, offset, sentence_runs, taken))
    return sorted(out, key=lambda m: (m.start, m.key))


@lru_cache(maxsize=1)
def _institution_heads() -> frozenset[str]:
    return frozenset(lexicon().institution_heads)


def _organisations(text: str, offset: int, sentence_runs: list[Run], taken) -> list[Mention]:
    """A named institution that is the subject of the sentence ("The European Court of ... ruled")."""
    heads = _institution_heads()
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
        in_list = bool(_LIST_AFTER.match(after)) or bool(_search_end(_LIST_BEFORE, before, *_LIST_BEFORE_SHAPE))
        sentence_subject = _is_subject_position(before) or _institution_subject_of(before)
        with_partner = _partner_of_event(before)
        party = sentence_subject or with_partner or (in_list and _list_neighbour_is_country(before, after))
        found.append(Mention(f"country:{cc}", "country", " ".join(w.text for w in words), s, e, cc, None, party))
    return found


_INSTITUTION_OF = re.compile(r"\b([a-z]+(?:\s+[a-z]+)?)\s+of\s+(?:the\s+)?$")
_INSTITUTION_OF_SHAPE = (4, ascii_lowercase)  # one or two words, "of", "the"


def _institution_subject_of(before: str) -> bool:
    """"The government of Kazakhstan said ...", "The foreign ministry of France announced ...": the
    country is the subject's, as in "Kazakhstan's government said": a party."""
    m = _search_end(_INSTITUTION_OF, before, *_INSTITUTION_OF_SHAPE)
    if not m or m.group(1).split()[-1] not in _institution_heads():
        return False
    return _is_subject_position(before[: m.start()])


_LIST_AFTER = re.compile(r"^(?:['’]s)?\s*(?:,|and\b)")
_LIST_BEFORE = re.compile(r"(?:,|\band)\s*$")
_LIST_BEFORE_SHAPE = (1, ",and")
_PARTNER_BEFORE = re.compile(r"((?:\b[a-z]+\s+){1,2})(?:with|between|among)\s+(?:the\s+)?$")
_PARTNER_BEFORE_SHAPE = (4, ascii_lowercase)  # two words, with|between|among, the


def _partner_of_event(before: str) -> bool:
    """"talks with X", "a pact with X", "met with X": X is a party. "coordination with X" is not."""
    m = _search_end(_PARTNER_BEFORE, before, *_PARTNER_BEFORE_SHAPE)
    if not m:
        return False
    triggers = lexicon().event_triggers
    framing_words = _one_word_framing_terms()
    return any(w in triggers or w in framing_words for w in m.group(1).split())


@lru_cache(maxsize=1)
def _one_word_framing_terms() -> frozenset[str]:
    return frozenset(t for t, _ in lexicon().framing_terms if " " not in t)


def _leading_country(run: Run) -> tuple[str | None, int]:
    words = [w.text for w in run.words]
    for n in range(min(4, len(words)), 0, -1):
        cc = country_from_adjective(" ".join(words[:n]))
        if cc:
            return cc, n
    return None, 0


_LIST_NEIGHBOUR_BEFORE = re.compile(
    r"([A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)(?:['’]s)?\s*(?:,\s*(?:and)?|\band)\s*(?:the\s+)?$")
_LIST_NEIGHBOUR_BEFORE_SHAPE = (5, ascii_letters + ".'’,")  # a country (two words), ",", "and", "the"


def _list_neighbour_is_country(before: str, after: str) -> bool:
    nxt = re.match(r"^(?:['’]s)?\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?([A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)", after)
    if nxt and country_from_adjective(nxt.group(1)):
        return True
    prev = _search_end(_LIST_NEIGHBOUR_BEFORE, before, *_LIST_NEIGHBOUR_BEFORE_SHAPE)
    return bool(prev and country_from_adjective(prev.group(1)))


@lru_cache(maxsize=1)
def _party_words() -> tuple[tuple[str, re.Pattern, int], ...]:
    """("bilateral", its pattern, 2), ... longest word first: the order party_count tries them in."""
    items = sorted(lexicon().party_counts.items(), key=lambda kv: -len(kv[0]))
    return tuple((word, re.compile(rf"\b{re.escape(word)}\b"), n) for word, n in items)


_PARTY_NUMBER = re.compile(rf"\b(?:the\s+)?(two|both|three|four|five)\s+{_COUNT_NOUNS}\b")


def party_count(text: str) -> int | None:
    """How many parties the sentence says the event has ("bilateral", "the three governments")."""
    low = text.lower()
    for word, pattern, n in _party_words():
        if word in low and pattern.search(low):
            return n
    m = _PARTY_NUMBER.search(low)
    return _NUMBER_WORDS[m.group(1)] if m else None
