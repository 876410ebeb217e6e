"""Where an event happened: place names after a locative preposition ("in X", "at X"), or used as a
modifier of an event noun ("the X summit"), resolved with the gazetteer.

A name is read with what the text says around it:

* a qualifier after a comma, "Round Rock, Texas", "Ithaca, N.Y.", "Rouen, France", picks the
  candidate inside that state, region or country (a town too small to resolve alone included);
* containment stated in the text is returned as a fact, so the comparison stage knows X lies in Y even
  when the gazetteer has never heard of X: "X, a district of Y", "in the X neighborhood of Y" (or "in
  the Y neighborhood of X": the place nobody can locate, or the smaller one, is the inner one), and
  "in X in Y" when Y is a known city and X is unknown (X resolved inside Y when Y is a region or
  country). The outer place of such a fact is not a second place of the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from checker.extraction.capitals import Run, runs
from checker.extraction.nationality import demonym_country, fold, is_caps

_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?"
    r"(?:(?:[A-Za-z-]+\s+){0,3}(?:state|province|region|city|town|village|district|county|capital|port|prefecture)\s+of\s+(?:the\s+)?)?$"
    r"|\bthe\s+(?:[a-z-]+\s+){0,2}(?:province|region|city|town|village|district|county|prefecture)\s+of\s+$"  # "flattened the town of X"
)
# A place as the object of a verb of striking or sweeping over it ("a quake rocked eastern Turkey",
# "riots have overtaken Portugal", "the storm battered the Philippines"): where the happening was. Read
# only when the gazetteer knows the name ("hit Republicans" is no place).
_STRUCK = re.compile(
    r"\b(?:struck|strikes|hit|hits|rocked|rocks|jolted|jolts|shook|shakes|battered|batters|lashed|lashes|"
    r"pounded|pounds|swept|sweeps|engulfed|ravaged|devastated|overtaken|overtook|gripped|grips|paralysed|"
    r"paralyzed|flooded|rattled|rattles)\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|"
    r"eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|remote|coastal|much\s+of|"
    r"parts\s+of|all\s+of)\s+)?(?:the\s+)?$",
    re.IGNORECASE)
# A place that locates one end of a journey ("en route from the Harlan Unit in Larkford, Texas, to the
# Medford Unit in Brackton"; "taken to Memorial Hermann Hospital in Houston"): where someone came from or
# went, not where the happening was.
_ENDPOINT = re.compile(r"\b(?:from|to|towards?)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){1,4}(?:in|at|near)\s+(?:the\s+)?$")
# A destination that the sentence goes on to place something in ("forced them to drive to the Larkford
# area, where Marchand ran away"; "flew to Lima, Peru, where she was arrested"): where that happened.
_TO_BEFORE = re.compile(r"\b(?:to|into)\s+(?:the\s+)?$")
_WHERE_AFTER = re.compile(r"^(?:\s+area)?(?:\s*,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?\s*,?\s+where\b")
_EVENT_NOUN = re.compile(r"^\s+(?:meeting|talks|summit|visit|conference|session|negotiations|ceremony)\b")
_CONTAINED = re.compile(
    r"^\s*,\s*(?:a|an|the)\s+(?:[a-z]+\s+){0,2}?(?P<unit>district|neighbou?rhood|suburb|city|town|village|province|"
    r"region|state|county|borough|ward|area|part|port|capital|prefecture|municipality)\s+(?:of|in|outside|near)\s+(?:the\s+)?"
)
# "in the Harlem neighborhood of Manhattan", "in the Manhattan neighborhood of Harlem"
_UNIT_OF = re.compile(
    r"^\s+(?:neighbou?rhood|district|section|suburb|borough|quarter|ward|township|enclave|area)\s+(?:of|in)\s+(?:the\s+)?"
)
_CITY_OF = re.compile(r"\b(?:city|town)\s+of\s+$")


def _city_named(name: str, region, gazetteer):
    """The largest city of that name in the region's country, when the text calls it a city ("the city
    of Bengkulu", capital of the province of the same name)."""
    return next((p for p in gazetteer.lookup(name) if p.kind == "city" and p.country == region.country), None)


_IN = re.compile(r"^\s+in\s+(?:the\s+)?")  # "in Palo Alto in California"
# A name right before a word for a building or an institution names that place ("at the Harlan prison
# unit", "at the Hillcrest hospital"): often a person's or a founder's name, or a town's that the
# facility only borrows. Read as a venue, which ties reports and contradicts nothing.
_FACILITY_AFTER = re.compile(
    r"^\s+(?:prison|jail|penitentiary|unit|hospital|clinic|school|academy|college|university|stadium|arena|"
    r"church|cathedral|mosque|temple|synagogue|hotel|mall|plant|factory|refinery|mine|base|barracks|facility|"
    r"centre|center|courthouse|station)\b", re.IGNORECASE)
_APPOSITION = re.compile(r"^\s*,\s*")
_CAPITAL_AFTER = re.compile(r"^\s+capital\b")  # "in the Polish capital"


@dataclass(frozen=True)
class PlaceMention:
    surface: str
    start: int  # offsets into the source text
    end: int
    place: object  # gazetteer.Place
    contained_in: object | None = None  # a Place the text says contains it
    attributive: bool = False


def _next_run(text: str, pos: int, offset: int):
    """The capitalised run that starts exactly at `pos` (relative), or None."""
    for r in runs(text[pos:], offset + pos):
        return r if r.start - offset == pos else None
    return None


def _qualifier_surface(text: str, run, offset: int) -> str:
    """The qualifier run with the period that follows it ("Calif" + "."): abbreviations need it."""
    end = run.end - offset
    return run.text + "." if text[end:end + 1] == "." and not run.text.endswith(".") else run.text


def place_mentions(text: str, offset: int, gazetteer, context_countries=(), *, possessive: bool = False,
                   subject: bool = False) -> list[PlaceMention]:
    """Places in one sentence whose position says "this is where it happened". `possessive`: also
    "in Nigeria's Borno state" (see `_possessive_place`). `subject`: also a state or province that
    opens the sentence as its subject (see `_subject_region`)."""
    out: list[PlaceMention] = []
    consumed: set[int] = set()  # starts of runs read as the outer place of a stated containment
    postal = not is_caps(text)  # "Austin, TX"; a sentence in capitals has "IN", "OR" as words
    headline = _title_case(text)
    for run in map(_without_trailing_day, runs(text, offset)):
        if headline:
            run = _known_prefix(run, gazetteer, context_countries)
        run = _place_before_of(run, gazetteer, context_countries)
        rel_s, rel_e = run.start - offset, run.end - offset
        if run.start in consumed:
            continue
        before, after = text[:rel_s], text[rel_e:]
        if run.possessive:
            found = _possessive_place(text, run, offset, gazetteer, context_countries) if possessive and _LOCATIVE.search(before) else None
            if found is not None:
                out.append(found)
                consumed.add(found.start)
            continue
        locative = bool(_LOCATIVE.search(before)) and not _ENDPOINT.search(before) \
            or bool(_TO_BEFORE.search(before)) and bool(_WHERE_AFTER.match(after))
        struck = not locative and bool(_STRUCK.search(before))
        attributive = not (locative or struck) and bool(_EVENT_NOUN.match(after))
        if subject and not (locative or struck or attributive) and not before.strip():
            found = _subject_region(run, after, gazetteer, context_countries)
            if found is not None:
                out.append(found)
            continue
        if not (locative or struck or attributive):
            continue
        code = demonym_country(run.text)
        if code is not None:  # a nationality word is no place ("at Kazakh embassies"); "the Polish capital" is one
            capital = _CAPITAL_AFTER.match(after)
            place = gazetteer.capital_of(code) if capital and not attributive else None
            if place is not None:
                out.append(PlaceMention(text[rel_s : rel_e + capital.end()], run.start, run.end + capital.end(), place))
            continue
        context = list(context_countries)
        outer = None
        quals: tuple = ()
        surface, start, end = run.text, run.start, run.end
        stated_end = None  # where the text that places the town in a region or country ends
        contained = _CONTAINED.match(after)
        unit_of = _UNIT_OF.match(after) if locative else None
        in_next = _IN.match(after) if locative else None
        if contained:
            nxt = _next_run(text, rel_e + contained.end(), offset)
            if nxt is not None:
                outer = _resolve_with_qualifier(text, nxt, offset, gazetteer, context, postal)
                consumed.add(nxt.start)
                stated_end = nxt.end
        elif unit_of:
            nxt = _next_run(text, rel_e + unit_of.end(), offset)
            if nxt is not None and not nxt.possessive:
                a = gazetteer.resolve(run.text, context)
                b = _resolve_with_qualifier(text, nxt, offset, gazetteer, context, postal)
                inner_is_next = a is not None and (b is None or _larger(a, b))
                consumed.add(nxt.start)
                if inner_is_next:  # "the Manhattan neighborhood of Harlem"
                    surface, start, end = nxt.text, nxt.start, nxt.end
                    place = b if b is not None else gazetteer.text_place(nxt.text)
                    if place is not None:
                        fact = a if a.kind == "city" and place.id != a.id else None  # see _x_in_y
                        out.append(PlaceMention(surface, start, end, place, fact))
                    continue
                outer = b if b is not None and b.kind == "city" else None
        elif _APPOSITION.match(after):
            nxt = _next_run(text, rel_e + _APPOSITION.match(after).end(), offset)
            if nxt is not None:
                quals = gazetteer.qualifiers(_qualifier_surface(text, nxt, offset), postal=postal)
                context = [q.country for q in quals if q.country] + context
                stated_end = nxt.end
        elif in_next:
            nxt = _next_run(text, rel_e + in_next.end(), offset)
            if nxt is not None and not nxt.possessive:
                place, outer = _x_in_y(text, run, nxt, offset, gazetteer, context, postal)
                if place is not None:
                    consumed.add(nxt.start)
                    out.append(PlaceMention(surface, start, end, place, outer, attributive))
                    continue
        place = gazetteer.resolve(run.text, context, within=quals)
        if place is not None and place.kind != "city" and _CITY_OF.search(before):
            place = _city_named(run.text, place, gazetteer) or place  # "the city of Bengkulu", not the province
        stated = outer if outer is not None else quals[0] if len(quals) == 1 else None
        if _against_the_text(place, stated, gazetteer):
            if stated_end is not None:  # the claim quotes what it rests on: "Iquitos, the capital of Bahia"
                surface, end = text[start - offset:stated_end - offset], stated_end
            out.append(PlaceMention(surface, start, end, gazetteer.unknown(run.text), stated, attributive))
            continue  # "Conroe, Oklahoma": the report's Conroe is in Oklahoma, whatever Texas's is
        if place is not None and locative and outer is None and not quals and _FACILITY_AFTER.match(after):
            place = gazetteer.text_place(run.text)  # "at the Harlan prison unit": a venue, not a town
        if place is None and struck:
            continue  # an object the gazetteer does not know is no place ("hit Republicans")
        if place is None and locative and outer is None and stated is not None:
            outer = stated  # "near Pecan Hollow, Texas": a town the gazetteer lacks, in the state the text gives
        if place is None and outer is not None:
            place = gazetteer.unknown(run.text)
        elif place is None and locative:
            if not _venue_shaped(run.text, after):
                continue  # "in Week 16", "in the Saints' game": no place to tie reports by
            place = gazetteer.text_place(run.text)  # a venue or small town: ties reports, conflicts with nothing
        if place is None:
            continue
        if attributive and place.kind == "country":
            continue  # "the Canada summit" names a party more often than a venue
        out.append(PlaceMention(surface, start, end, place, outer, attributive))
    if headline:  # "in Shooting of Hero Yonkers Mom", "Dies in Fall": a place nobody can locate is no place there
        out = [m for m in out if m.place.kind != "unknown" or m.contained_in is not None]
    return out


_NUMBERED = re.compile(r"\s*(?:No\.\s*)?\d")  # "Week 16", "Interstate 805", "Public School 298"


def _venue_shaped(name: str, after: str) -> bool:
    """Whether a name the gazetteer does not know, after "in" or "at", may be a venue or a small town
    (which then ties the reports that name it): not a numbered thing, whose number is no part of the
    tie ("in Week 16" and "in Week 3" are two games; "near Interstate 805"), nor a plural's
    possessive, a team's or a group's ("in the Saints' game"). Acronyms stay: "in the NBA" names a
    league, but "in NYC" a city the gazetteer does not know by that name."""
    if _NUMBERED.match(after):
        return False
    return not (name.endswith("s") and after[:1] in ("'", "’"))


def _against_the_text(place, stated, gazetteer) -> bool:
    """The text puts a city inside a region or country (`stated`: "Conroe, Oklahoma", "Iquitos,
    the capital of Bahia") that the gazetteer's city of that name is not in: in another country, or,
    for a city whose region the gazetteer knows (US cities), in another region. The report's place is
    then the one the text states, a town of that name in that region, unknown to the gazetteer; read
    as the gazetteer's city, a wrong state or country would agree with every other report's town."""
    if place is None or stated is None or place.kind != "city" or stated.kind not in ("country", "admin1"):
        return False
    if gazetteer.contains(stated, place):
        return False
    if stated.country != place.country:
        return True
    return stated.kind == "admin1" and any(p.kind == "admin1" for p in gazetteer.parent_chain(place))


_HEADLINE_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def _title_case(text: str) -> bool:
    """A headline in title case ("Teen Arrested in Shooting of Hero Yonkers Mom"): most of its longer
    words capitalised, so a capitalised run is no sign of a name."""
    words = [w for w in _HEADLINE_WORD.findall(text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


LONGEST_PLACE_NAME = 6  # words: "Bosnia and Herzegovina", "Arohi Mount Lusk National Park"; a longer start is no place


def _known_prefix(run, gazetteer, context):
    """In a title-case headline, the longest start of a run the gazetteer knows ("Yonkers" of "Yonkers
    Hit-And-Run"), else the run: capitalised words there may be any words."""
    for n in range(min(len(run.words), LONGEST_PLACE_NAME), 0, -1):
        part = Run(run.words[:n], run.possessive and n == len(run.words))
        if gazetteer.resolve(part.text, list(context)) is not None:
            return part
    return run


_POSSESSIVE = re.compile(r"^['’]s\s+")
_LOWER_NEXT = re.compile(r"^\s+[a-z]")


def _place_before_of(run, gazetteer, context):
    """A run that joins a place and a name through "of" ("in Patras of Stavros Andrianakis", a
    sentence that lost its comma) is the place before "of", when the gazetteer knows that place and
    not the whole run ("Isle of Man", "Republic of Moldova"); "Bank of America" and "University of
    Florida" start with no place and stay whole."""
    words = [w.text for w in run.words]
    if "of" not in words[1:-1]:
        return run
    k = words.index("of", 1)
    if gazetteer.resolve(run.text, list(context)) is not None:
        return run
    head = Run(run.words[:k], False)
    place = gazetteer.resolve(head.text, list(context))
    return head if place is not None and place.kind in ("city", "admin1", "country") else run


def _subject_region(run, after: str, gazetteer, context) -> PlaceMention | None:
    """A state or province opening the sentence as its subject ("Vermont lost part of its history on
    Tuesday, when a blaze ...", "Queensland was hit by floods"): where the happening was. Only a region:
    a country opening a sentence is a party more often than a place ("Canada signed"), and a city its
    government ("Washington imposed")."""
    if not _LOWER_NEXT.match(after):
        return None
    place = gazetteer.resolve(run.text, list(context))
    if place is None or place.kind != "admin1":
        return None
    return PlaceMention(run.text, run.start, run.end, place)


def _possessive_place(text: str, run, offset: int, gazetteer, context) -> PlaceMention | None:
    """"in Nigeria's Borno state", "in Turkey's Van province": the region named after a country's
    (or region's) possessive, resolved inside it; the owner itself when the region is unknown. Read
    only where a capitalised name follows ("in France's election" names no place), and only in an article's
    first sentence (`place_mentions(possessive=True)`): later, such a phrase is as often where people
    fled from or where something else happened ("fleeing bombing in Nigeria's Yobe state")."""
    owner = gazetteer.resolve(run.text, list(context))
    if owner is None or owner.kind not in ("country", "admin1"):
        return None
    rel_e = run.end - offset
    m = _POSSESSIVE.match(text[rel_e:])
    nxt = _next_run(text, rel_e + m.end(), offset) if m else None
    if nxt is None:
        return None
    inner = gazetteer.resolve(nxt.text, [owner.country, *context], within=(owner,))
    if inner is not None and inner.id != owner.id and inner.country == owner.country and inner.kind != "country":
        return PlaceMention(nxt.text, nxt.start, nxt.end, inner)
    return PlaceMention(run.text, run.start, run.end, owner)


_WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


def _without_trailing_day(run):
    """"in Yonkers Friday night" runs "Yonkers Friday" together: the place is the run without its weekday."""
    if len(run.words) > 1 and run.words[-1].text in _WEEKDAYS:
        return Run(run.words[:-1], False)
    return run


def _resolve_with_qualifier(text: str, run, offset: int, gazetteer, context, postal: bool):
    """A run resolved with the qualifier after it, if any ("Brooklyn, New York")."""
    quals: tuple = ()
    after = text[run.end - offset:]
    app = _APPOSITION.match(after)
    if app:
        nxt = _next_run(text, run.end - offset + app.end(), offset)
        if nxt is not None:
            quals = gazetteer.qualifiers(_qualifier_surface(text, nxt, offset), postal=postal)
    return gazetteer.resolve(run.text, [q.country for q in quals if q.country] + list(context), within=quals)


def _larger(a, b) -> bool:
    """`a` is the outer one of two places a text relates: a broader kind, or more people."""
    rank = {"country": 3, "admin1": 2, "city": 1, "unknown": 0}
    return (rank.get(a.kind, 0), a.population) > (rank.get(b.kind, 0), b.population)


def _x_in_y(text: str, run, nxt, offset: int, gazetteer, context, postal: bool):
    """"in X in Y": (X's place, None) when X resolves inside Y ("in Palo Alto in California");
    (X as a text place, Y) when Y is a city and X unknown to the gazetteer ("at the Grand Arena in
    Lyon"); (None, None) otherwise: two places ("in Paris in Lyon"), or a country-level fact."""
    y = _resolve_with_qualifier(text, nxt, offset, gazetteer, context, postal)
    if y is None or y.kind not in ("city", "admin1", "country"):
        return None, None
    quals = gazetteer.qualifiers(nxt.text, postal=postal) if y.kind in ("admin1", "country") else ()
    if not quals and y.kind != "city":
        quals = (y,)
    x = gazetteer.resolve(run.text, ([y.country] if y.country else []) + list(context), within=quals)
    if x is not None:
        return (x, None) if gazetteer.contains(y, x) and x.id != y.id else (None, None)
    if y.kind != "city":
        # "at the Olympia Hall in Germany": a fact at country or region level would set the venue against
        # every city of that country; a venue in a city is as precise as the city
        return None, None
    x = gazetteer.text_place(run.text)
    return (None, None) if x is None else (x, y)


def as_stated_before(found: list[PlaceMention], stated_towns: dict[str, PlaceMention]) -> list[PlaceMention]:
    """A town the text placed in a region or country ("Iquitos, the capital of Bahia", "Conroe,
    Oklahoma") is that town wherever the article names it again bare: one article, one place of that
    name. Read on its own, the bare name is the gazetteer's town of another region, and the article
    would seem to give its event two places. `stated_towns` (folded name -> the stated mention) is
    filled as the article's sentences are read in order."""
    out = []
    for pm in found:
        key = fold(pm.surface)
        if pm.contained_in is not None and pm.place.kind == "unknown":
            stated_towns.setdefault(fold(pm.place.name), pm)  # its surface may go on to the region
        elif pm.contained_in is None and pm.place.kind == "city" and key in stated_towns:
            earlier = stated_towns[key]
            pm = replace(pm, place=earlier.place, contained_in=earlier.contained_in)
        out.append(pm)
    return out


def place_context(places) -> list[str]:
    """Context entries for `Gazetteer.resolve` from places an article already resolved: their countries
    ("ES") and US states ("US.NM"), most frequent first. An article's own places tell an ambiguous
    dateline or name which one it means ("CÓRDOBA --" in a story that names Madrid and Seville):
    resolve the article's unambiguous places first, then read the rest with this context."""
    tally: dict[str, int] = {}
    for p in places:
        if p is None or not getattr(p, "country", None) or p.kind == "unknown":
            continue
        keys = [p.country]
        if p.country == "US" and p.admin1 and p.kind in ("admin1", "city"):
            keys.append(f"US.{p.admin1}")
        for k in keys:
            tally[k] = tally.get(k, 0) + 1
    return [k for k, _ in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))]


def place_at(text: str, pos: int, offset: int, gazetteer, context_countries=()) -> PlaceMention | None:
    """The gazetteer place named by the capitalised run that starts at `pos` of `text` (read with its
    qualifier: "Binghamton, N.Y."), or None. For callers that know from the words before it that a
    name is a place of some kind (a hometown: "Jane Roe of Leeds"), not where the event happened."""
    tail, at = text[pos:], offset + pos  # read from `pos`: "Jane Roe of Leeds" is one capitalised run
    run = next((r for r in runs(tail, at) if r.start == at), None)
    if run is None or run.possessive:
        return None
    place = _resolve_with_qualifier(tail, run, at, gazetteer, list(context_countries), not is_caps(text))
    return None if place is None else PlaceMention(run.text, run.start, run.end, place)
