"""Benchmark the claim store and the gate: build a store of N articles, then time gating new ones.

    python scripts/bench_store.py                      # 10,000 then 100,000 articles
    python scripts/bench_store.py --sizes 2000 10000 --gates 100 --jobs 2
    python scripts/bench_store.py --dates fixed-span   # the stress case: a denser store at each size

The corpus is generated from templates: stories of 2-8 sources each (a meeting of two named ministers,
floods with a death toll, a signed deal), with story-specific names, cities from a list of 48 in 24
countries (floods in one city more than five days apart), varied numbers and framing; one story in five
has a planted conflict in one source. Dates:
by default the store grows over time as a pipeline's does (stories arrive in date order over three
years at the largest size, so every size has as many articles per day, and new stories are of the
last two weeks); with `--dates fixed-span` every size spreads over the same three years, so at 100,000
articles each city and week holds ten times the stories it holds at 10,000.

The store is filled in steps (the first size, then up to the next); after each step the same set of
new articles is gated against it, in-process through the Python API (`checker.api.gate`), one at a
time, without storing them: half are further sources of stories already stored (some with a planted
conflict), half are reports of new stories. Printed per size: ingest throughput (extraction in --jobs
processes, one writer), store size on disk, gate latency p50/p95/max, how many neighbours a gate
judged, the verdicts (planted conflicts caught: the new article alone on one side of a place, date or
number finding; clean articles set alone against the others: false alarms; findings whose sides mix
two stories: false alarms by construction), and peak RSS. Last,
the ratio of gate latency between the largest and the smallest size.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import free_city, story_suffix  # noqa: E402  (scripts/bench.py: shared with the corpus of `check`)

from checker.api import gate, ingest, open_store  # noqa: E402
from checker.config import Config  # noqa: E402
from checker.model import Metadata, Source  # noqa: E402

CITIES = [  # (city, adjective of its country, country)
    ("Helsinki", "Finnish", "Finland"), ("Tampere", "Finnish", "Finland"), ("Tallinn", "Estonian", "Estonia"),
    ("Tartu", "Estonian", "Estonia"), ("Lyon", "French", "France"), ("Marseille", "French", "France"),
    ("Porto", "Portuguese", "Portugal"), ("Lisbon", "Portuguese", "Portugal"), ("Nairobi", "Kenyan", "Kenya"),
    ("Mombasa", "Kenyan", "Kenya"), ("Santiago", "Chilean", "Chile"), ("Valparaiso", "Chilean", "Chile"),
    ("Krakow", "Polish", "Poland"), ("Gdansk", "Polish", "Poland"), ("Osaka", "Japanese", "Japan"),
    ("Sapporo", "Japanese", "Japan"), ("Busan", "South Korean", "South Korea"), ("Incheon", "South Korean", "South Korea"),
    ("Perth", "Australian", "Australia"), ("Brisbane", "Australian", "Australia"), ("Calgary", "Canadian", "Canada"),
    ("Winnipeg", "Canadian", "Canada"), ("Munich", "German", "Germany"), ("Hamburg", "German", "Germany"),
    ("Bergen", "Norwegian", "Norway"), ("Trondheim", "Norwegian", "Norway"), ("Gothenburg", "Swedish", "Sweden"),
    ("Malmo", "Swedish", "Sweden"), ("Seville", "Spanish", "Spain"), ("Valencia", "Spanish", "Spain"),
    ("Milan", "Italian", "Italy"), ("Naples", "Italian", "Italy"), ("Rotterdam", "Dutch", "Netherlands"),
    ("Utrecht", "Dutch", "Netherlands"), ("Graz", "Austrian", "Austria"), ("Linz", "Austrian", "Austria"),
    ("Porto Alegre", "Brazilian", "Brazil"), ("Recife", "Brazilian", "Brazil"), ("Cordoba", "Argentine", "Argentina"),
    ("Rosario", "Argentine", "Argentina"), ("Durban", "South African", "South Africa"),
    ("Johannesburg", "South African", "South Africa"), ("Izmir", "Turkish", "Turkey"), ("Ankara", "Turkish", "Turkey"),
    ("Cebu", "Filipino", "Philippines"), ("Davao", "Filipino", "Philippines"), ("Surabaya", "Indonesian", "Indonesia"),
    ("Bandung", "Indonesian", "Indonesia"),
]
FIRST = ["Anna", "Mikko", "Kadri", "Peeter", "Sophie", "Luc", "Rosa", "Diego", "Marta", "Jan", "Amina", "Joseph",
         "Yuki", "Min-jun", "Grace", "Liam", "Clara", "Tomas", "Ines", "Rui", "Ola", "Karin", "Pablo", "Giulia"]
LAST = ["Virtanen", "Tamm", "Kask", "Laurent", "Moreau", "Fuentes", "Rojas", "Nowak", "Kowalski", "Otieno",
        "Mwangi", "Sato", "Kim", "Walsh", "Brennan", "Keller", "Weber", "Silva", "Costa", "Novak", "Berg", "Rossi"]
OFFICES = ["Foreign Minister", "Defence Minister", "Trade Minister", "Interior Minister", "Energy Minister"]
TOPICS = ["joint coast guard patrols", "energy grid links", "customs data sharing", "rail freight corridors",
          "cyber defence exercises", "fisheries quotas", "vaccine procurement", "border water management"]
OUTCOMES = ["signed a formal agreement on", "issued a joint statement on", "agreed to expand cooperation on"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = ["Officials described the talks as constructive.", "Analysts said the outcome would be watched closely.",
          "Diplomats expect further meetings in the coming months.", "The two sides have cooperated for years.",
          "Local businesses welcomed the news.", "Opposition lawmakers asked for more details.",
          "Rescue teams worked through the night.", "The mayor said emergency funds would be released."]
CITY_NAMES = [c[0] for c in CITIES]
SPAN_DAYS = 3 * 365
CONFLICT_RULES = ("CC101", "CC103", "CC104", "CC108")  # place, date, weekday, number


class Story:
    """One event and everything its sources report, with an optional planted conflict."""

    def __init__(self, number: int, rng: random.Random):
        self.number = number
        self.kind = rng.choice(["meeting", "meeting", "deal", "floods"])
        self.city, self.adj_a, self.country = rng.choice(CITIES)
        _, self.adj_b, _ = rng.choice([c for c in CITIES if c[2] != self.country])
        self.day = date(2024, 1, 1) + timedelta(days=rng.randrange(SPAN_DAYS))
        office = rng.choice(OFFICES)
        self.a = f"{office} {rng.choice(FIRST)} {rng.choice(LAST)}{story_suffix(number)}"
        self.b = f"{office} {rng.choice(FIRST)} {rng.choice(LAST)}{story_suffix(number + 7919)}"
        self.topic = rng.choice(TOPICS)
        self.outcome = rng.choice(OUTCOMES)
        self.toll = rng.randrange(3, 80)
        self.planted = False

    def article(self, k: int, rng: random.Random, conflict: str | None = None) -> Source:
        city, day, toll = self.city, self.day, self.toll
        if conflict == "place":
            city = rng.choice([c for c, _, country in CITIES if country != self.country])
        elif conflict == "day":
            day = day - timedelta(days=rng.choice([1, 2]))  # further apart, unnamed reports are two events
        elif conflict == "count":
            toll = toll * 3
        when = f"on {WEEKDAYS[day.weekday()]}, {day.strftime('%B')} {day.day}, {day.year}"
        if self.kind == "floods":
            lead = f"Floods killed {toll} people in {city} {when}, police said."
            body = f"At least {toll * 10} homes were damaged, the regional council said."
        else:
            verb = "met" if self.kind == "meeting" else "signed a deal with"
            lead = (f"{self.adj_a} {self.a} {verb} {self.adj_b} {self.b} in {city} {when}, and the two "
                    f"{self.outcome} {self.topic}.")
            body = f"{self.a.split()[-1]} said the outcome was a practical step, according to the ministry."
        filler = " ".join(rng.sample(FILLER, 4))
        text = f"{lead}\n\n{body}\n\n{filler}\n"
        return Source(f"s{self.number:07d}-{k}", f"<bench>/s{self.number:07d}-{k}", text,
                      Metadata(outlet=f"outlet-{rng.randrange(40)}", published=self.day + timedelta(days=1)))


def build(n_articles: int, seed: int, over_time: bool = True) -> tuple[list[Source], list[Story]]:
    """Stories and their articles, in the order they are stored.

    over_time: the archive grows over time, as a pipeline's store does: stories are dated in the order
    they arrive, so the first 10,000 articles span the first tenth of the three years, and every size
    has the same number of articles per day. Otherwise every story gets a random day in the three years
    whatever the size, so the store gets denser as it grows (a stress case: ten times the articles
    about the same days)."""
    rng = random.Random(seed)
    stories, counts, total = [], [], 0
    while total < n_articles:
        story = Story(len(stories) + 1, rng)
        story.planted = rng.random() < 0.2
        stories.append(story)
        counts.append(min(rng.randint(2, 8), n_articles - total))
        total += counts[-1]
    if over_time:
        days = sorted(rng.randrange(SPAN_DAYS) for _ in stories)
        for story, day in zip(stories, days):
            story.day = date(2024, 1, 1) + timedelta(days=day)
    floods: dict[str, list[date]] = {}
    for story in stories:
        if story.kind == "floods":
            story.city = free_city(rng, story.city, story.day, floods, CITY_NAMES)
    sources = []
    for story, count in zip(stories, counts):
        for k in range(count):
            conflict = rng.choice(["place", "day", "count"]) if story.planted and k == 0 else None
            if conflict == "count" and story.kind != "floods":
                conflict = "place"
            sources.append(story.article(k, rng, conflict))
    return sources, stories


def new_articles(stories: list[Story], n: int, seed: int, over_time: bool = True) -> list[tuple[Source, str | None]]:
    """Gate candidates: further sources of stored stories (a third with a planted conflict, in stories
    whose stored sources agree) and new stories; each with the conflict it carries (None = clean).

    Only conflicts `check` is designed to flag are planted: a place is compared only where named people
    tie two reports together (two floods in two cities are two floods)."""
    rng = random.Random(seed)
    clean_stories = [s for s in stories if not s.planted]
    latest = max(s.day for s in stories)
    floods: dict[str, list[date]] = {}
    for s in stories:
        if s.kind == "floods":
            floods.setdefault(s.city, []).append(s.day)
    out = []
    for i in range(n):
        if i % 2 == 0:
            story = rng.choice(clean_stories)
            conflict = None
            if i % 6 == 0:
                conflict = rng.choice(["count", "day"] if story.kind == "floods" else ["place", "day"])
            out.append((story.article(100 + i, rng, conflict), conflict))
        else:
            story = Story(10_000_000 + i, rng)
            if over_time:
                story.day = latest - timedelta(days=rng.randrange(14))  # news of the last two weeks
            if story.kind == "floods":
                story.city = free_city(rng, story.city, story.day, floods, CITY_NAMES)
            out.append((story.article(0, rng), None))
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _store_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--gates", type=int, default=200, help="new articles gated at each size")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="extraction processes for ingest")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", type=Path, help="store file (default: a temporary folder)")
    parser.add_argument("--dates", choices=["over-time", "fixed-span"], default="over-time",
                        help="over-time: the store grows over time, articles per day stay the same; fixed-span: "
                             "every size spreads over the same three years, so the store gets denser")
    args = parser.parse_args()
    over_time = args.dates == "over-time"

    sources, stories = build(max(args.sizes), args.seed, over_time)
    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    path = args.store or folder / "claims.sqlite"
    config = Config(fail_on="high", min_confidence=0.0)
    latencies = {}
    print(f"store: {path}; {len(sources)} articles in {len(stories)} stories; jobs={args.jobs}; dates: {args.dates}")
    with open_store(path) as store:
        done = 0
        for size in sorted(args.sizes):
            t0 = time.perf_counter()
            results = ingest(store, sources[done:size], jobs=args.jobs)
            ingest_s = time.perf_counter() - t0
            done = size
            stored_stories = [s for s in stories if f"s{s.number:07d}-0" <= sources[size - 1].id]
            probes = new_articles(stored_stories, args.gates, args.seed + size, over_time)
            for source, _ in probes[:5]:  # warm-up: rules imported, caches filled
                gate(store, source, config)
            times, neighbours, caught, planted, accused, clean, cross = [], [], 0, 0, 0, 0, 0
            for source, conflict in probes:
                t = time.perf_counter()
                verdict = gate(store, source, config)
                times.append(time.perf_counter() - t)
                neighbours.append(len(verdict.neighbours))
                alone = [f for f in verdict.findings if f.rule in CONFLICT_RULES
                         and any(side.sources == (source.id,) for side in f.sides)]
                cross += sum(len({sid.split("-")[0] for side in f.sides for sid in side.sources}) > 1
                             for f in verdict.findings)
                if conflict:
                    planted += 1
                    caught += bool(alone)
                else:
                    clean += 1
                    accused += bool(alone)
            times.sort()
            p50, p95 = statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000
            latencies[size] = p50
            added = sum(r.action == "added" for r in results)
            print(f"\n== {size:,} articles stored ==")
            print(f"ingest: {added:,} added in {ingest_s:.1f} s = {added / ingest_s:.0f} articles/s")
            print(f"store on disk: {_store_mb(path):.0f} MB ({_store_mb(path) * 1e3 / size:.1f} kB/article)")
            print(f"gate ({len(times)} new articles, one at a time): p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
                  f"max {times[-1] * 1000:.1f} ms; neighbours judged: median {statistics.median(neighbours):.0f}, "
                  f"max {max(neighbours)}")
            print(f"verdicts: planted conflicts flagged {caught}/{planted}; clean articles set alone against "
                  f"the others {accused}/{clean}; findings pairing two stories {cross}")
            print(f"peak RSS: {_rss_mb():.0f} MB")
    sizes = sorted(latencies)
    if len(sizes) > 1:
        print(f"\ngate p50 at {sizes[-1]:,} / at {sizes[0]:,}: {latencies[sizes[-1]] / latencies[sizes[0]]:.2f}x")


if __name__ == "__main__":
    main()
