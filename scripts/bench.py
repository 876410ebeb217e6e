"""Benchmark: build synthetic corpora of story clusters and time `check` on them.

    python scripts/bench.py                 # sizes 100 300 1000
    python scripts/bench.py --sizes 500 2000 --seed 7

Each story has 2-8 sources (wire-style articles of a few paragraphs) about one event: a meeting of two
named ministers, an incident with a death toll, or a signed deal, in a real city, on a real date, with
varied numbers and framing; about one story in five has a planted conflict (another city, day or count).
Prints, per size: articles/s, wall time per stage (load+clean, extract, judge), peak RSS, findings
(and how many set two different stories against each other: false alarms by construction), and the
growth exponent of total time between the smallest and largest size (1.0 = linear).
"""

from __future__ import annotations

import argparse
import math
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.clean import clean  # noqa: E402
from checker.config import Config  # noqa: E402
from checker.gazetteer import default_gazetteer  # noqa: E402
from checker.load import load_corpus  # noqa: E402
from checker.pipeline import _with_found_title, extract, judge  # noqa: E402

CITIES = [("Helsinki", "Finnish", "Finland"), ("Tallinn", "Estonian", "Estonia"), ("Lyon", "French", "France"),
          ("Marseille", "French", "France"), ("Porto", "Portuguese", "Portugal"), ("Lisbon", "Portuguese", "Portugal"),
          ("Nairobi", "Kenyan", "Kenya"), ("Mombasa", "Kenyan", "Kenya"), ("Santiago", "Chilean", "Chile"),
          ("Valparaiso", "Chilean", "Chile"), ("Krakow", "Polish", "Poland"), ("Gdansk", "Polish", "Poland"),
          ("Osaka", "Japanese", "Japan"), ("Busan", "South Korean", "South Korea"), ("Perth", "Australian", "Australia"),
          ("Calgary", "Canadian", "Canada"), ("Munich", "German", "Germany"), ("Hamburg", "German", "Germany")]
FIRST = ["Anna", "Mikko", "Kadri", "Peeter", "Sophie", "Luc", "Rosa", "Diego", "Marta", "Jan", "Amina", "Joseph",
         "Yuki", "Min-jun", "Grace", "Liam", "Clara", "Tomas", "Ines", "Rui"]
LAST = ["Virtanen", "Tamm", "Kask", "Laurent", "Moreau", "Fuentes", "Rojas", "Nowak", "Kowalski", "Otieno",
        "Mwangi", "Sato", "Kim", "Walsh", "Brennan", "Keller", "Weber", "Silva", "Costa", "Novak"]
OFFICES = ["Foreign Minister", "Defence Minister", "Trade Minister", "Interior Minister", "Energy Minister"]
TOPICS = ["joint coast guard patrols", "energy grid links", "customs data sharing", "rail freight corridors",
          "cyber defence exercises", "fisheries quotas", "vaccine procurement", "border water management"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = ("Officials described the talks as constructive. Analysts said the outcome would be watched closely "
          "by neighbouring governments. The two sides have cooperated on regional issues for years, and "
          "diplomats expect further meetings in the coming months. ")


def _syllables(n: int) -> str:
    """A distinct, name-like suffix per story, so people of different stories never merge."""
    out = ""
    while True:
        n, r = divmod(n, 12)
        out += ["ka", "lo", "mi", "ne", "ra", "si", "tu", "va", "en", "ol", "ir", "an"][r]
        if n == 0:
            return out


def _meeting(rng, when, city, nat_a, nat_b, a, b, topic, conflict):
    place = city if not conflict == "place" else rng.choice([c for c, _, _ in CITIES if c != city])
    day = when if conflict != "day" else when - timedelta(days=rng.choice([1, 2, 3]))
    lead = (f"{nat_a} {a[0]} {a[1]} met {nat_b} {b[0]} {b[1]} in {place} on {WEEKDAYS[day.weekday()]}, "
            f"{day.strftime('%B')} {day.day}, {day.year}, and agreed on {topic} and {rng.choice(TOPICS)}.")
    return f"{lead}\n\n{a[1]} said the agreement was a practical step, according to the foreign ministry.\n\n{FILLER * 3}"


def _incident(rng, when, city, toll, conflict):
    toll = toll if conflict != "count" else toll * 3
    return (f"Floods killed {toll} people in {city} on {WEEKDAYS[when.weekday()]}, police said.\n\n"
            f"At least {toll * 10} homes were damaged, and rescue teams worked through the night.\n\n"
            f"The mayor said emergency funds would be released. {FILLER * 3}")


def build_corpus(folder: Path, n_articles: int, seed: int) -> set[str]:
    """Write the corpus; return the story prefixes with a planted conflict."""
    rng = random.Random(seed)
    planted_stories: set[str] = set()
    written = 0
    story = 0
    while written < n_articles:
        story += 1
        city, nat_a, country = rng.choice(CITIES)
        _, nat_b, _ = rng.choice([c for c in CITIES if c[2] != country])
        when = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 600))
        office = rng.choice(OFFICES)
        a = (f"{office} {rng.choice(FIRST)}", rng.choice(LAST) + _syllables(story))
        b = (f"{office} {rng.choice(FIRST)}", rng.choice(LAST) + _syllables(story + 7919))
        topic = rng.choice(TOPICS)
        kind = rng.random()
        toll = rng.randrange(3, 60)
        planted = rng.random() < 0.2
        sources = rng.randint(2, 8)
        for k in range(sources):
            conflict = rng.choice(["place", "day", "count"]) if planted and k == 0 else None
            if conflict and (kind < 0.6) != (conflict == "count") and sources > 1:
                planted_stories.add(f"s{story:06d}")
            text = (_meeting(rng, when, city, nat_a, nat_b, a, b, topic, conflict) if kind < 0.6
                    else _incident(rng, when, city, toll, conflict))
            published = when + timedelta(days=1)
            (folder / f"s{story:06d}_{k}.md").write_text(f"---\npublished: {published.isoformat()}\n---\n{text}\n", encoding="utf-8")
            written += 1
            if written >= n_articles:
                break
    return planted_stories


def run(folder: Path, planted: set[str] = frozenset()) -> dict:
    t0 = time.perf_counter()
    loaded = load_corpus([folder])
    cleaned = [_with_found_title(clean(s)) for s in loaded.sources]
    t1 = time.perf_counter()
    claims, events, geo = extract(cleaned, default_gazetteer())
    t2 = time.perf_counter()
    report = judge(cleaned, claims, events, geo, Config())
    t3 = time.perf_counter()
    stories_of = [{s.split("_")[0] for side in f.sides for s in side.sources} for f in report.findings]
    cross = sum(1 for stories in stories_of if len(stories) > 1)
    found = {next(iter(st)) for st in stories_of if len(st) == 1} & planted
    return {"articles": len(cleaned), "load_clean": t1 - t0, "extract": t2 - t1, "judge": t3 - t2,
            "total": t3 - t0, "findings": len(report.findings), "pairs": len(report.pairs), "cross": cross,
            "planted": len(planted), "found": len(found)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    default_gazetteer().resolve("Paris")  # load the gazetteer once, outside the timings
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            planted = build_corpus(Path(tmp), size, args.seed)
            r = run(Path(tmp), planted)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append(r)
        print(f"{r['articles']:>6} articles  {r['articles'] / r['total']:7.1f} art/s  total {r['total']:6.2f}s  "
              f"load+clean {r['load_clean']:5.2f}s  extract {r['extract']:6.2f}s  judge {r['judge']:6.2f}s  "
              f"pairs {r['pairs']:>7}  findings {r['findings']:>5} (across stories: {r['cross']}; planted conflicts found "
              f"{r['found']}/{r['planted']})  peak RSS {rss:6.0f} MB", flush=True)
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        exponent = math.log(b["total"] / a["total"]) / math.log(b["articles"] / a["articles"])
        print(f"growth exponent {a['articles']}->{b['articles']}: {exponent:.2f} (1.0 = linear)")


if __name__ == "__main__":
    main()
