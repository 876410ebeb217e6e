"""Slot comparisons shared by alignment and rules: do two sets of claims about place, time,
participants or topics agree, conflict, or say nothing about each other?

Agreement is decided on normalised values, never on surface similarity: "signed" and "not signed"
look alike to a fuzzy matcher. Containment is not conflict: a district agrees with its city.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Iterable

import networkx as nx

from checker.extraction.lexicon import lexicon
from checker.extraction.quantities import Quantity
from checker.extraction.topics import Topic, same_topic
from checker.model import Claim, Event

AGREE, CONFLICT, UNKNOWN = "agree", "conflict", "unknown"
NEAR_KM = 10  # two populated places this close are one place at a news report's grain


class Geography:
    """The gazetteer plus containment stated in this run's texts ("X, a district of Y")."""

    def __init__(self, gazetteer, facts: Iterable[tuple[object, object]] = ()):
        self.gazetteer = gazetteer
        self.places: dict[str, object] = {}
        self.stated = nx.DiGraph()  # inner id -> outer id
        for inner, outer in facts:
            self.places[inner.id] = inner
            self.places[outer.id] = outer
            self.stated.add_edge(inner.id, outer.id)

    def contains(self, outer, inner) -> bool:
        if outer.id == inner.id or self.gazetteer.contains(outer, inner):
            return True
        if inner.id not in self.stated:
            return False
        for above_id in nx.descendants(self.stated, inner.id):
            above = self.places[above_id]
            if above_id == outer.id or self.gazetteer.contains(outer, above):
                return True
        return False

    def nested(self, a, b) -> bool:
        return self.contains(a, b) or self.contains(b, a)

    def located(self, place) -> bool:
        """Known to the gazetteer, or stated by a text to lie in a place that is: only such places can
        be set against each other. A venue or small town known only by its name ("at the Harlow Ridge
        Center", "in Norcia") ties reports that name it, and conflicts with nothing."""
        return place.kind != "unknown" or place.id in self.stated

    def _within_stated(self, town, other) -> bool:
        """`town` is known only from a text that puts it inside a region or country, and `other` lies
        in that region too ("a town the text puts in Oklahoma" and Tulsa): perhaps one place, as far as
        anyone can tell."""
        if town.kind != "unknown" or town.id not in self.stated:
            return False
        return any(self.contains(self.places[o], other) for o in nx.descendants(self.stated, town.id)
                   if self.places[o].kind in ("admin1", "country"))

    def compatible(self, a, b) -> bool:
        """Not known to be disjoint: nested, a place the text names but nobody can locate (or locates
        only in a region the other lies in: `_within_stated`), a region and
        a city of the same country whose region the gazetteer cannot tell (GeoNames links cities to
        regions only for some countries), or two populated places within NEAR_KM of each other (a
        district GeoNames lists as a place of its own beside its city: "Inwood" and "Manhattan")."""
        if self.nested(a, b) or not self.located(a) or not self.located(b):
            return True
        if self._within_stated(a, b) or self._within_stated(b, a):
            return True
        kinds = {a.kind, b.kind}
        if a.country and a.country == b.country and kinds == {"admin1", "city"}:
            city = a if a.kind == "city" else b
            return city.admin1 is None or not any(p.kind == "admin1" for p in self.gazetteer.parent_chain(city))
        if kinds == {"city"} and hasattr(self.gazetteer, "distance_km"):
            km = self.gazetteer.distance_km(a, b)
            return km is not None and km <= NEAR_KM
        return False


# --- typed values of claims -------------------------------------------------------------------------
# Extraction leaves the typed objects in `Claim.detail`; a claim read back from JSON or a store has only
# its `normalized` dict, from which the same objects are rebuilt, so every comparison works on both.


def place_of(claim: Claim):
    place = claim.detail.get("place")
    if place is None:
        from checker.extraction.gazetteer import default_gazetteer

        gaz = default_gazetteer()
        n = claim.normalized
        place = gaz.unknown(n["name"]) if n["id"].startswith("text:") else gaz.get(n["id"]) or gaz.unknown(n["name"])
    return place


def topic_of(claim: Claim) -> Topic:
    topic = claim.detail.get("topic")
    if topic is None:
        n = claim.normalized
        topic = Topic(claim.value, claim.start, claim.end, tuple(n["stems"]), n.get("acronym"))
    return topic


def quantity_of(claim: Claim) -> Quantity:
    quantity = claim.detail.get("quantity")
    if quantity is None:
        n = claim.normalized
        quantity = Quantity(claim.value, claim.start, claim.end, n["value"], n["low"], n["high"], n["unit"], n["qualifier"], n.get("unit_label", ""))
    return quantity


def most_specific(places: list, geo: Geography, *, located_only: bool = False) -> list:
    """Drop places that contain another listed place (keep "district", drop its "city" and "country").
    `located_only` first drops places nobody can locate (Geography.located): what conflict rules want."""
    unique = {p.id: p for p in places if not located_only or geo.located(p)}
    keep = []
    for p in unique.values():
        if not any(q.id != p.id and geo.contains(p, q) for q in unique.values()):
            keep.append(p)
    return sorted(keep, key=lambda p: p.id)


_BROAD_KINDS = ("country", "continent", "admin1")


def places_compatible(a: Claim, b: Claim, geo: Geography) -> bool:
    """`Geography.compatible` for two place claims, where a place given as a reference ("near
    Houston", "25 miles east of Houston": normalized "near_km") also fits any place within that reach
    of it ("in Pearland", 23 km from Houston's centre)."""
    pa, pb = place_of(a), place_of(b)
    return geo.compatible(pa, pb) or _within_reach(a, b, pa, pb, geo) or _one_name(a, b, geo)


def _one_name(a: Claim, b: Claim, geo: Geography) -> bool:
    """Two reports that write the same name ("in Springfield") agree on it, even where the gazetteer
    read two towns of that name (one report says "Springfield, Illinois", the other says no more and
    is read as the largest Springfield): the difference is the reading, not the reports'. Unless both
    say which one ("Springfield, Illinois" / "Springfield, Missouri"), or one puts its town in a country
    the other's reading is not in ("Iquitos, the capital of Bahia" against a report whose Iquitos,
    read among its other places, is Peru's): a town's name does not travel between countries."""
    if a.value.casefold() != b.value.casefold() or (_qualified(a, geo) and _qualified(b, geo)):
        return False
    return not (_stated_abroad(a, b) or _stated_abroad(b, a))


def _stated_abroad(a: Claim, b: Claim) -> bool:
    """`a` is a town its text puts inside a region or country (normalized "within") of another country
    than `b`'s place."""
    country = place_of(b).country
    return bool(a.normalized.get("within")) and bool(country) and a.normalized.get("country") not in (None, country)


QUALIFIER = re.compile(r",\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)")  # ", Texas", ", N.Y.", ", New South Wales"


def _qualified(claim: Claim, geo: Geography) -> bool:
    """The name is followed by the region or country it lies in ("Springfield, Missouri", "Austin,
    Texas"), as the gazetteer's own qualifiers read it (checker.extraction.gazetteer.qualifiers)."""
    m = QUALIFIER.match(claim.sentence, max(0, claim.end - claim.sentence_start))
    gazetteer = getattr(geo, "gazetteer", None)
    return bool(m and gazetteer is not None and gazetteer.qualifiers(m.group(1)))


def _within_reach(a: Claim, b: Claim, pa, pb, geo: Geography) -> bool:
    reach = max(a.normalized.get("near_km") or 0, b.normalized.get("near_km") or 0)
    if not reach or not hasattr(geo.gazetteer, "distance_km"):
        return False
    km = geo.gazetteer.distance_km(pa, pb) if pa.kind == pb.kind == "city" else None
    return km is not None and km <= reach


def place_relation(a: list[Claim], b: list[Claim], geo: Geography) -> str:
    """AGREE only on evidence: the same town (or a town and the district in it), or, when one report
    names no town, the same region. A shared country ties nothing together; neither does a shared
    region when each report names a town and the towns differ. CONFLICT only between places known to
    be disjoint; a place nobody can locate or a city the gazetteer cannot put in a region is UNKNOWN."""
    pa = most_specific([place_of(c) for c in a], geo)
    pb = most_specific([place_of(c) for c in b], geo)
    if not pa or not pb:
        return UNKNOWN
    towns_a = [p for p in pa if p.kind not in _BROAD_KINDS]
    towns_b = [p for p in pb if p.kind not in _BROAD_KINDS]
    if towns_a and towns_b:
        pairs = [(x, y) for x in towns_a for y in towns_b]
    else:
        pairs = [(x, y) for x in pa for y in pb]
    if any(geo.nested(x, y) and "country" not in (x.kind, y.kind) for x, y in pairs):
        return AGREE
    if any(geo.compatible(x, y) for x, y in pairs):
        return UNKNOWN  # one country; a place nobody can locate; a city and a region the gazetteer cannot relate
    if any(_within_reach(x, y, place_of(x), place_of(y), geo) for x in a for y in b):
        return UNKNOWN  # "near Houston" and "in Pearland": perhaps one place
    return CONFLICT


# --- time ---------------------------------------------------------------------------------------------


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _weekday(x: dict, d: date | None) -> str | None:
    """The calendar's weekday for a dated value, else the weekday the text states."""
    if d is not None:
        return _WEEKDAYS[d.weekday()]
    if x.get("kind") in ("date", "weekday", "relative_day"):
        return x.get("stated_weekday") or x.get("weekday")
    return None


def time_pair(x: dict, y: dict) -> str:
    """Relation of two normalised time values (see claims._time_normalized)."""
    dx, dy = _d(x.get("date")), _d(y.get("date"))
    if dx and dy:
        return AGREE if dx == dy else CONFLICT
    wx = _weekday(x, dx)
    wy = _weekday(y, dy)
    mdx = (x.get("month"), x.get("day")) if x.get("day") else None
    mdy = (y.get("month"), y.get("day")) if y.get("day") else None
    if mdx and mdy:
        return AGREE if mdx == mdy else CONFLICT
    if wx and wy:
        return AGREE if wx == wy else CONFLICT
    ex, lx, ey, ly = _d(x.get("earliest")), _d(x.get("latest")), _d(y.get("earliest")), _d(y.get("latest"))
    if dx:
        ex = lx = dx
    if dy:
        ey = ly = dy
    if ex and lx and ey and ly:
        return CONFLICT if lx < ey or ly < ex else UNKNOWN
    return UNKNOWN


def time_key(n: dict) -> str:
    """A short normalised form of a time value: ISO date, "--MM-DD" without a year, or the weekday."""
    if n.get("date"):
        return n["date"]
    if n.get("month") and n.get("day"):
        return f"--{n['month']:02d}-{n['day']:02d}"
    return n.get("weekday") or n.get("stated_weekday") or n.get("kind", "")


def comparable_times(claims: Iterable[Claim]) -> list[Claim]:
    """Times that can pin an event: dates, weekdays, relative days (not periods, years or spans)."""
    return [
        c for c in claims
        if c.kind == "time" and c.role == "reported" and c.normalized.get("kind") in ("date", "weekday", "relative_day", "month")
        and c.normalized.get("anchor", "event") == "event" and (c.normalized.get("kind") != "month" or c.normalized.get("day"))
    ]


def time_gap_days(a: list[Claim], b: list[Claim]) -> int | None:
    """The smallest distance in days between exact dates of two claim sets, when both have one."""
    da = [date.fromisoformat(c.normalized["date"]) for c in comparable_times(a) if c.normalized.get("date")]
    db = [date.fromisoformat(c.normalized["date"]) for c in comparable_times(b) if c.normalized.get("date")]
    if not da or not db:
        return None
    return min(abs((x - y).days) for x in da for y in db)


def time_relation(a: list[Claim], b: list[Claim]) -> str:
    rels = {time_pair(x.normalized, y.normalized) for x in comparable_times(a) for y in comparable_times(b)}
    if AGREE in rels and CONFLICT not in rels:
        return AGREE
    if CONFLICT in rels and AGREE not in rels:
        return CONFLICT
    return UNKNOWN


# --- participants and topics ---------------------------------------------------------------------------


def named_parties(event: Event) -> frozenset[str]:
    """Named participants known by their office: people with a title and named institutions."""
    return _named_parties(event.participants)


def names(event: Event) -> frozenset[str]:
    """Every name the event's report gives its participants, titled or not, as bare name keys: "Nora
    Castell" named bare in one report and "actress Nora Castell" in another are one name."""
    return _names(event.participants)


def countries(event: Event) -> frozenset[str]:
    return _countries(event.participants)


# Read once per set of participants: alignment asks for them for every pair an event is in (350,000
# times at 10,000 articles, 0.6 s as set comprehensions).
@functools.lru_cache(maxsize=65536)
def _named_parties(participants: tuple[str, ...]) -> frozenset[str]:
    return frozenset(k for k in participants if k.startswith(("person:", "org:")))


@functools.lru_cache(maxsize=65536)
def _names(participants: tuple[str, ...]) -> frozenset[str]:
    return frozenset(k.split(":", 1)[1] for k in participants if k.startswith(("person:", "org:", "name:")))


@functools.lru_cache(maxsize=65536)
def _countries(participants: tuple[str, ...]) -> frozenset[str]:
    return frozenset(k for k in participants if k.startswith("country:"))


def participant_relation(a: Event, b: Event) -> str:
    if a.party_count and b.party_count and a.party_count != b.party_count:
        return CONFLICT
    na, nb = named_parties(a), named_parties(b)
    if na & nb or names(a) & names(b):
        return AGREE
    if len(na) >= 2 and len(nb) >= 2:
        return CONFLICT  # each names its parties and not one is shared: two different meetings
    ca, cb = countries(a), countries(b)
    if ca and cb and _countries_are_parties(a, b):
        if ca == cb:
            return AGREE
        if not ca & cb:
            return CONFLICT
        bigger, smaller = (ca, cb) if len(ca) > len(cb) else (cb, ca)
        smaller_count = b.party_count if smaller is cb else a.party_count
        if smaller_count and len(bigger) > smaller_count:
            return CONFLICT
    return UNKNOWN


def _countries_are_parties(a: Event, b: Event) -> bool:
    """Countries are parties of talks and agreements; in a report of a quake or a crime they only say
    where or whose, and two such reports naming one country may be of any two happenings there."""
    lex = lexicon()
    families = {lex.action_families.get(a.action), lex.action_families.get(b.action)} - {None}
    return not families or bool(families & lex.party_families)


def topic_matches(a: list[Claim], b: list[Claim]) -> list[tuple[Claim, Claim]]:
    out = []
    for x in a:
        for y in b:
            if x.kind == y.kind == "topic" and same_topic(topic_of(x), topic_of(y)):
                out.append((x, y))
    return out


SAME_ORDER = {"same": 0, "likely": 1, "uncertain": 2, "different": 3}
SAME_FACTOR = {"same": 1.0, "likely": 0.85, "uncertain": 0.55, "different": 0.2}


def weakest(labels: Iterable[str]) -> str:
    labels = list(labels)
    return max(labels, key=lambda l: SAME_ORDER[l]) if labels else "uncertain"


# --- days that meet at midnight -----------------------------------------------------------------------

# Each end of a time claim's day may be reached (True), kept away from (False) or left open (None) by its
# wording: night runs past midnight, "early Friday" is news English for the small hours, an evening ends
# before midnight, a plain morning may start in the small hours ("2 a.m. Saturday morning").
_PART_EDGES = {"morning": (None, False), "afternoon": (False, False), "midday": (False, False),
               "noon": (False, False), "evening": (False, False), "night": (False, True), "tonight": (False, True)}
_QUALIFIED_EDGES = {("early", None): (True, False), ("early", "morning"): (True, False),
                    ("late", None): (False, True), ("late", "night"): (False, True), ("late", "evening"): (False, True)}
_PART = re.compile(r"(?i)\b(morning|afternoon|evening|night|tonight|midday|noon)\b")
_CLOCK = r"(?P<hour>\d{1,2})(?::\d{2})?\s*(?P<ampm>[ap])\.?m\b\.?"
_BEFORE_DAY = re.compile(
    rf"(?i)(?:(?P<q>(?<!as\s)early|\blate|in\s+the\s+(?:early|small|wee)\s+hours\s+of|before\s+(?:dawn|daybreak))"
    rf"|\b(?P<both>overnight|midnight)|\bthe\s+(?P<part>night|evening|morning|afternoon)\s+of|\b{_CLOCK})"
    r"(?:\s+(?:on|of|into))?\s*,?\s*$")
_AFTER_DAY = re.compile(
    rf"(?i)^\s*,?\s*(?:(?:at|around|about|(?:shortly|just)\s+(?:before|after)|after|before)\s+)?(?:(?P<both>midnight)|{_CLOCK})")


def _midnight_edges(claim: Claim) -> tuple[bool | None, bool | None]:
    """Does the claim's wording reach the midnight that opens its day, and the one that closes it?"""
    rel = max(0, claim.start - claim.sentence_start)
    m = _AFTER_DAY.match(claim.sentence[rel + len(claim.value):]) or _BEFORE_DAY.search(claim.sentence[max(0, rel - 40):rel])
    if m and m.group("both"):
        return True, True
    if m and m.group("hour"):
        hour = int(m.group("hour")) % 12 + (12 if m.group("ampm").lower() == "p" else 0)
        return hour < 5, hour >= 21
    found = _PART.search(claim.value)
    part = (m.groupdict().get("part") if m else None) or (found.group(1).lower() if found else None)
    q = (m.groupdict().get("q") if m else None) or (re.match(r"(?i)(early|late)\b", claim.value) or [None, None])[1]
    if not q:
        return _PART_EDGES.get(part, (None, None))
    q = "late" if q.lower() == "late" else "early"
    return _QUALIFIED_EDGES.get((q, part), (False, False))


def _day_step(x: dict, y: dict) -> int | None:
    """+1 when y is the day after x, -1 when the day before, else None (dates, month-days or weekdays)."""
    dx, dy = _d(x.get("date")), _d(y.get("date"))
    if dx and dy:
        step = (dy - dx).days
    elif x.get("day") and y.get("day") and x.get("month") and y.get("month"):
        step = (date(2000, y["month"], y["day"]) - date(2000, x["month"], x["day"])).days
    else:
        wx, wy = _weekday(x, dx), _weekday(y, dy)
        step = (_WEEKDAYS.index(wy) - _WEEKDAYS.index(wx)) % 7 if wx in _WEEKDAYS and wy in _WEEKDAYS else 0
        step = -1 if step == 6 else step
    return step if step in (1, -1) else None


def compatible_across_midnight(a: Claim, b: Claim) -> bool:
    """Two time claims a day apart that can both be right about one event: the earlier one's wording
    reaches the midnight between them ("Thursday night", "late Thursday") or the later one's does
    ("early Friday", "1:30 a.m. Friday"), and neither keeps away from it ("Thursday afternoon",
    "Friday evening"). Plain "Thursday" against plain "Friday" stays a conflict."""
    step = _day_step(a.normalized, b.normalized)
    if step is None:
        return False
    first, second = (a, b) if step == 1 else (b, a)
    closes, opens = _midnight_edges(first)[1], _midnight_edges(second)[0]
    return closes is not False and opens is not False and bool(closes or opens)
