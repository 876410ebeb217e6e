"""Benchmark: build synthetic corpora of story clusters and time `check` on them.

    python scripts/bench.py                              # sizes 1000 5000 10000 20000 (about 5 minutes)
    python scripts/bench.py --sizes 300,1000 --jobs 1
    python scripts/bench.py --sizes 500 2000 --seed 7 --words 600 --keep /tmp/corpora
    python scripts/bench.py --dense --sizes 500 1000 2000 5000   # many short reports of ONE story

`--dense` builds the other hard case: every article is a short report of the same meeting (two named
ministers, one city, one date), differing in wording, outlet, extra detail and, in one report in
twenty, a planted conflict (another city or day) -- as when a story is covered many times. All of them
share every blocking key, so alignment must stay about linear in the number of reports.

Each story has 2-8 sources (wire-style articles of about `--words` words) about one event: a meeting
of two named ministers that ends in a joint statement, a signed agreement or plain talks, or a
disaster with a death toll, in one of many real cities, on a real date, with varied numbers; about
one story in five has a planted conflict (another city, day or count). Disasters in one city are
kept more than five days apart (DISASTER_GAP_DAYS) where the density allows. Beyond the lead, articles are
padded with neutral background sentences built from templates (no names, places, dates or numbers),
so that they have a realistic length without adding claims.

Each size runs in a fresh process (so caches, peak RSS and timings of one size do not leak into the
next; `--in-process` runs them all in this one) and prints: articles/s; wall time per stage (load +
clean, per-document extraction, corpus-wide assembly, judging: alignment, rules, reliability); peak
RSS; findings, how many set two different stories against each other (false alarms by
construction) and how many planted conflicts were found; the tokenisation FLOOR -- reading every
file and running checker.extraction.text's sentence splitter and word tokenizer alone -- and the check time
as a multiple of it. With two sizes or more it prints the growth exponent fitted over all sizes
(1.0 = linear), for the whole run and per stage.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.config import Config  # noqa: E402
from checker.extraction.gazetteer import default_gazetteer  # noqa: E402
from checker.extraction.text import sentence_tokenizer, tokenize  # noqa: E402
from checker.render.jsonreport import iter_json  # noqa: E402
from checker.running import pipeline  # noqa: E402
from checker.storage.atomic import write_atomic  # noqa: E402

# (city, nationality adjective, country): cities of 100,000+ people that the gazetteer resolves
# unambiguously in their country's context.
CITIES = [("Helsinki", "Finnish", "Finland"), ("Tallinn", "Estonian", "Estonia"), ("Lyon", "French", "France"),
          ("Marseille", "French", "France"), ("Porto", "Portuguese", "Portugal"), ("Lisbon", "Portuguese", "Portugal"),
          ("Nairobi", "Kenyan", "Kenya"), ("Mombasa", "Kenyan", "Kenya"), ("Santiago", "Chilean", "Chile"),
          ("Valparaiso", "Chilean", "Chile"), ("Krakow", "Polish", "Poland"), ("Gdansk", "Polish", "Poland"),
          ("Osaka", "Japanese", "Japan"), ("Busan", "South Korean", "South Korea"), ("Perth", "Australian", "Australia"),
          ("Calgary", "Canadian", "Canada"), ("Munich", "German", "Germany"), ("Hamburg", "German", "Germany"),
          ("Turku", "Finnish", "Finland"), ("Riga", "Latvian", "Latvia"), ("Toulouse", "French", "France"),
          ("Braga", "Portuguese", "Portugal"), ("Kisumu", "Kenyan", "Kenya"), ("Antofagasta", "Chilean", "Chile"),
          ("Wroclaw", "Polish", "Poland"), ("Sapporo", "Japanese", "Japan"), ("Daegu", "South Korean", "South Korea"),
          ("Adelaide", "Australian", "Australia"), ("Winnipeg", "Canadian", "Canada"), ("Leipzig", "German", "Germany"),
          ("Bergen", "Norwegian", "Norway"), ("Gothenburg", "Swedish", "Sweden"), ("Odense", "Danish", "Denmark"),
          ("Rotterdam", "Dutch", "Netherlands"), ("Antwerp", "Belgian", "Belgium"), ("Zaragoza", "Spanish", "Spain"),
          ("Bilbao", "Spanish", "Spain"), ("Naples", "Italian", "Italy"), ("Turin", "Italian", "Italy"),
          ("Thessaloniki", "Greek", "Greece"), ("Izmir", "Turkish", "Turkey"), ("Davao", "Filipino", "Philippines"),
          ("Surabaya", "Indonesian", "Indonesia"), ("Pune", "Indian", "India"), ("Durban", "South African", "South Africa"),
          ("Rosario", "Argentine", "Argentina"), ("Curitiba", "Brazilian", "Brazil"), ("Monterrey", "Mexican", "Mexico")]
FIRST = ["Anna", "Mikko", "Kadri", "Peeter", "Sophie", "Luc", "Rosa", "Diego", "Marta", "Jan", "Amina", "Joseph",
         "Yuki", "Min-jun", "Grace", "Liam", "Clara", "Tomas", "Ines", "Rui", "Ingrid", "Lars", "Elena", "Marco",
         "Nadia", "Omar", "Priya", "Ravi", "Lucia", "Pablo"]
LAST = ["Virtanen", "Tamm", "Kask", "Laurent", "Moreau", "Fuentes", "Rojas", "Nowak", "Kowalski", "Otieno",
        "Mwangi", "Sato", "Kim", "Walsh", "Brennan", "Keller", "Weber", "Silva", "Costa", "Novak", "Berg",
        "Lindqvist", "Jansen", "Rossi", "Ferreira", "Mendes", "Haddad", "Nair", "Castillo", "Duarte"]
OFFICES = ["Foreign Minister", "Defence Minister", "Trade Minister", "Interior Minister", "Energy Minister"]
TOPICS = ["joint coast guard patrols", "energy grid links", "customs data sharing", "rail freight corridors",
          "cyber defence exercises", "fisheries quotas", "vaccine procurement", "border water management",
          "port security inspections", "satellite data exchange", "student visa rules", "wildlife trafficking checks"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# How a story's meeting ended: the same in every source of that story (a difference is a conflict).
OUTCOMES = ["The ministers issued a joint statement at the end of the meeting.",
            "The two ministers signed a formal agreement at the end of the meeting.",
            "The ministers described the meeting as an open exchange of views."]
DISASTERS = ["Floods", "A storm", "A landslide", "Flash floods"]
OUTLETS = ["Northern Courier", "Harbour Daily", "Evening Ledger", "Continental Wire", "Morning Dispatch",
           "Coastal Times", "Valley Herald", "Metro Bulletin", "Global Newsroom", "Capital Observer"]

# Neutral background sentences: no names, places, dates, numbers, event words or agreement words,
# so they add length (and tokenisation work) but no claims.
SUBJECTS = ["Analysts", "Observers", "Regional specialists", "Business groups", "Commentators", "Economists",
            "Industry representatives", "Civil society groups", "Local residents", "Academics", "Policy researchers",
            "Several diplomats", "Trade associations", "Community leaders"]
VERBS = ["said", "noted", "argued", "cautioned", "suggested", "stressed", "pointed out"]
MANNER = ["", "", "", "privately ", "publicly ", "repeatedly "]
TAILS = ["", "", "", " in interviews", " in written comments", " on condition of anonymity", " without giving details"]
DIPLOMACY = [
    "the outcome would be watched closely by neighbouring governments",
    "the practical details would take time to settle",
    "the steps reflected a shared interest in stability",
    "implementation would depend on funding and political will",
    "officials faced pressure to show tangible results",
    "the budget implications remained unclear",
    "coordination between agencies needed to improve",
    "public opinion on the relationship remained divided",
    "technical teams would handle most of the detailed work",
    "shipping and logistics firms stood to gain the most",
    "the wording left room for different interpretations",
    "domestic politics would shape how quickly anything changes",
    "the cost of inaction was rising",
    "supply chains and energy prices dominated the private conversations",
    "the results were modest but meaningful",
    "smaller neighbours were watching for signs of a wider shift",
    "both governments wanted to avoid raising expectations too high",
    "the tone was warmer than many had predicted",
]
DISASTER = [
    "the emergency response was slowed by damaged roads",
    "relief supplies were reaching the worst affected neighbourhoods",
    "insurance claims were likely to rise sharply",
    "volunteers worked alongside rescue crews in difficult conditions",
    "schools in the area would remain shut while inspections continue",
    "questions about drainage and building standards were growing louder",
    "power and water services were gradually being restored",
    "hospitals were treating the injured and calling for blood donations",
    "local authorities opened temporary shelters for displaced families",
    "engineers were assessing the safety of bridges and embankments",
    "the disaster exposed gaps in warning systems",
    "the cleanup would be slow and expensive",
]
STANDALONE = [
    "The situation remained fluid, and further details were expected.",
    "Reporters on the ground described a tense but orderly atmosphere.",
    "Officials declined to comment on the cost.",
    "Much remains uncertain, and the picture may change as more information emerges.",
    "Critics questioned whether the response matched the scale of the problem.",
    "Supporters welcomed the news, while sceptics urged patience.",
]


def story_suffix(n: int) -> str:
    """A distinct, name-like suffix per story, so people of different stories never merge."""
    out = ""
    while True:
        n, r = divmod(n, 12)
        out += ["ka", "lo", "mi", "ne", "ra", "si", "tu", "va", "en", "ol", "ir", "an"][r]
        if n == 0:
            return out


def _background(rng: random.Random, clauses: list[str]) -> str:
    """One neutral sentence: "<Subjects> <verb> <clause>." or "<Clause>, <subjects> <verb>."."""
    clause = rng.choice(clauses)
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    if rng.random() < 0.35:
        return rng.choice(STANDALONE)
    if rng.random() < 0.5:
        that = "that " if rng.random() < 0.5 else ""
        return f"{subject} {rng.choice(MANNER)}{verb} {that}{clause}{rng.choice(TAILS)}."
    return f"{clause[0].upper()}{clause[1:]}, {subject[0].lower()}{subject[1:]} {verb}."


def _pad(rng: random.Random, paragraphs: list[str], clauses: list[str], words: int) -> str:
    """The article's own paragraphs, then background paragraphs of 2-4 sentences up to `words` words."""
    count = sum(len(p.split()) for p in paragraphs)
    used: set[str] = set()
    while count < words:
        para = []
        for _ in range(rng.randint(2, 4)):
            sentence = _background(rng, clauses)
            for _retry in range(5):  # an article does not repeat itself
                if sentence not in used:
                    break
                sentence = _background(rng, clauses)
            used.add(sentence)
            para.append(sentence)
        paragraphs.append(" ".join(para))
        count += len(paragraphs[-1].split())
    return "\n\n".join(paragraphs)


def _meeting(rng, when, city, nat_a, nat_b, a, b, topic, outcome, conflict, words):
    place = city if not conflict == "place" else rng.choice([c for c, _, _ in CITIES if c != city])
    day = when if conflict != "day" else when - timedelta(days=rng.choice([1, 2, 3]))
    lead = (f"{nat_a} {a[0]} {a[1]} met {nat_b} {b[0]} {b[1]} in {place} on {WEEKDAYS[day.weekday()]}, "
            f"{day.strftime('%B')} {day.day}, {day.year}, and agreed on {topic} and {rng.choice(TOPICS)}.")
    quote = f"{a[1]} said the agreement was a practical step, according to the foreign ministry."
    return _pad(rng, [lead, quote, outcome], DIPLOMACY, words)


def _incident(rng, when, city, toll, disaster, conflict, words):
    toll = toll if conflict != "count" else toll * 3
    paragraphs = [f"{disaster} killed {toll} people in {city} on {WEEKDAYS[when.weekday()]}, police said.",
                  f"At least {toll * 10} homes were damaged, and rescue teams worked through the night.",
                  "The mayor said emergency funds would be released."]
    return _pad(rng, paragraphs, DISASTER, words)


# Two disasters in one city a day apart are, in their text, one disaster with two death tolls:
# no checker can tell them apart, and a "false alarm" between them would measure the generator. So
# the generator keeps disasters in one city at least this many days apart, as they are in the news,
# as far as the corpus's density allows (see `free_city`).
DISASTER_GAP_DAYS = 5


def free_city(rng: random.Random, city: str, when: date, disasters: dict[str, list[date]], cities: list[str],
              tries: int = 20) -> str:
    """`city`, or another drawn from `cities`, with no disaster within DISASTER_GAP_DAYS of `when`;
    when `tries` draws find none, the city whose nearest disaster is furthest away. The choice is
    recorded in `disasters`."""
    def nearest(c: str) -> int:
        return min((abs((when - day).days) for day in disasters.get(c, ())), default=10**6)

    for _ in range(tries):
        if nearest(city) > DISASTER_GAP_DAYS:
            break
        city = rng.choice(cities)
    else:
        city = max(cities, key=nearest)  # the first of the furthest, in list order
    disasters.setdefault(city, []).append(when)
    return city


def build_corpus(folder: Path, n_articles: int, seed: int, words: int = 600) -> set[str]:
    """Write `n_articles` articles of about `words` words into `folder`; return the story prefixes
    with a planted conflict."""
    rng = random.Random(seed)
    planted_stories: set[str] = set()
    disasters: dict[str, list[date]] = {}
    written = 0
    story = 0
    while written < n_articles:
        story += 1
        city, nat_a, country = rng.choice(CITIES)
        _, nat_b, _ = rng.choice([c for c in CITIES if c[2] != country])
        when = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 600))
        office = rng.choice(OFFICES)
        a = (f"{office} {rng.choice(FIRST)}", rng.choice(LAST) + story_suffix(story))
        b = (f"{office} {rng.choice(FIRST)}", rng.choice(LAST) + story_suffix(story + 7919))
        topic = rng.choice(TOPICS)
        outcome = rng.choice(OUTCOMES)
        disaster = rng.choice(DISASTERS)
        kind = rng.random()
        if kind >= 0.6:  # a disaster: in a city with none within a week (see DISASTER_GAP_DAYS)
            city = free_city(rng, city, when, disasters, [c[0] for c in CITIES])
        toll = rng.randrange(3, 60)
        planted = rng.random() < 0.2
        sources = rng.randint(2, 8)
        for k in range(sources):
            conflict = rng.choice(["place", "day", "count"]) if planted and k == 0 else None
            if conflict and (kind < 0.6) != (conflict == "count") and sources > 1:
                planted_stories.add(f"s{story:06d}")
            text = (_meeting(rng, when, city, nat_a, nat_b, a, b, topic, outcome, conflict, words) if kind < 0.6
                    else _incident(rng, when, city, toll, disaster, conflict, words))
            published = when + timedelta(days=rng.randint(0, 3))
            outlet = rng.choice(OUTLETS)
            (folder / f"s{story:06d}_{k}.md").write_text(
                f"---\npublished: {published.isoformat()}\noutlet: {outlet}\n---\n{text}\n", encoding="utf-8")
            written += 1
            if written >= n_articles:
                break
    return planted_stories


DENSE_OPENINGS = ("{a} and {b} met in {city} on {weekday}, {month} {day}, {year}",
                  "Defence ministers {a} and {b} held talks in {city} on {weekday}",
                  "{b} travelled to {city} to meet {a} on {month} {day}",
                  "In {city} on {weekday}, {a} and {b} met for talks")
DENSE_ENDINGS = ("and agreed to expand joint rescue drills, the ministry said.",
                 "and issued a joint statement on maritime security, officials said.",
                 "and discussed closer defence cooperation, according to a ministry statement.",
                 "in a meeting that lasted about {hours} hours, aides said.")


def build_dense_corpus(folder: Path, n_articles: int, seed: int) -> set[str]:
    """`n_articles` short reports of one meeting (see --dense); returns the ids with a planted conflict."""
    rng = random.Random(seed)
    when = date(2025, 3, 7)
    planted = set()
    for i in range(n_articles):
        city, day = "Seoul", when
        if i % 20 == 19:
            planted.add(f"dense{i:05d}")
            city, day = ("Busan", when) if rng.random() < 0.5 else ("Seoul", when + timedelta(days=2))
        fields = {"a": "South Korean Defence Minister Ahn Gyu-back", "b": "Japanese Defence Minister Gen Nakatani",
                  "city": city, "weekday": day.strftime("%A"), "month": day.strftime("%B"), "day": day.day,
                  "year": day.year, "hours": rng.randint(2, 5)}
        text = (rng.choice(DENSE_OPENINGS) + " " + rng.choice(DENSE_ENDINGS)).format(**fields)
        extra = f"The talks were the {rng.randint(2, 9)}th between the two ministers, report {i} said."
        (folder / f"dense{i:05d}.md").write_text(
            f"---\noutlet: Outlet {i % 97}\npublished: {(when + timedelta(days=1)).isoformat()}\n---\n"
            f"{city.upper()} — {text}\n\n{extra}\n", encoding="utf-8")
    return planted


def tokenisation_floor(folder: Path) -> dict:
    """Read every file and split it into sentences and word tokens with checker.extraction.text alone: the work
    no checker of these articles can skip."""
    clock = _Clock()
    splitter = sentence_tokenizer()
    sentences = tokens = 0
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        for start, end in splitter.span_tokenize(text):
            sentences += 1
            tokens += len(tokenize(text[start:end], start))
    clock.mark()
    return {"floor": clock.since(0, 1), "cpu_floor": clock.since(0, 1, cpu=True), "sentences": sentences, "tokens": tokens}


class _Clock:
    """Wall and CPU time at each mark: the machine may be shared, and CPU time shows how much of a
    slow wall time was waiting for it. CPU time is this process's; `workers_cpu` is that of its
    finished children (the worker processes of `--jobs`, counted once the run's pool has closed)."""

    def __init__(self) -> None:
        self.marks = [self._now()]

    @staticmethod
    def _now() -> tuple[float, float, float]:
        me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime

    def mark(self) -> None:
        self.marks.append(self._now())

    def since(self, i: int, j: int, cpu: bool = False) -> float:
        return self.marks[j][cpu] - self.marks[i][cpu]

    def workers_cpu(self) -> float:
        return self.marks[-1][2] - self.marks[0][2]


class _StageMarks:
    """The run's progress callback, used as a stopwatch: marks when loading ends (the first document
    report), when the last document is analysed, and when judging starts (assembly done)."""

    def __init__(self, clock: _Clock) -> None:
        self.clock = clock
        self.steps: list[str] = []

    def __call__(self, step: str, done: int, total: int | None) -> None:
        if step == "documents" and "loaded" not in self.steps:
            self._mark("loaded")
        if step == "documents" and total is not None and done >= total and "analysed" not in self.steps:
            self._mark("analysed")
        if step == "judging" and "assembled" not in self.steps:
            self._mark("assembled")

    def _mark(self, name: str) -> None:
        self.clock.mark()
        self.steps.append(name)


def story_of(source_id: str) -> str:
    """The story an article belongs to: `s000123` for `s000123_4`; a dense corpus (`dense00019`) is one
    story. (Splitting `dense00019` at "_" kept the whole id, so every finding of a dense corpus counted
    as setting two stories against each other, and no planted conflict was ever found.)"""
    return "dense" if source_id.startswith("dense") else source_id.split("_")[0]


def planted_key(source_id: str) -> str:
    """What `build_corpus` and `build_dense_corpus` record as planted: the story, or the dense article."""
    return source_id if source_id.startswith("dense") else source_id.split("_")[0]


def run(folder: Path, planted: set[str] = frozenset(), jobs: int = 1) -> dict:
    """Run `check`'s pipeline on `folder` (checker.running.pipeline.check_corpus with `jobs` processes, then
    the JSON report, as `check --format json` does); return timings per stage (seconds, wall;
    "cpu_" ones CPU, workers included) and finding counts."""
    clock = _Clock()
    marks = _StageMarks(clock)
    report, _ = pipeline.check_corpus([folder], Config(), jobs=jobs, progress=marks)
    clock.mark()  # judged
    with tempfile.TemporaryDirectory(prefix="bench-report-") as out:
        write_atomic(Path(out) / "report.json", iter_json(report))  # as `check --format json --output FILE`
        report_mb = (Path(out) / "report.json").stat().st_size / 1e6
    clock.mark()  # rendered
    if marks.steps != ["loaded", "analysed", "assembled"]:
        raise SystemExit(f"bench: the run reported its stages as {marks.steps}")
    stories_of = [{story_of(s) for side in f.sides for s in side.sources} for f in report.findings]
    cross = sum(1 for stories in stories_of if len(stories) > 1)
    found = {planted_key(s) for f, st in zip(report.findings, stories_of) if len(st) == 1
             for side in f.sides for s in side.sources} & planted
    times = {}
    for cpu, prefix in ((False, ""), (True, "cpu_")):
        times.update({prefix + "load": clock.since(0, 1, cpu), prefix + "per_document": clock.since(1, 2, cpu),
                      prefix + "assemble": clock.since(2, 3, cpu), prefix + "judge": clock.since(3, 4, cpu),
                      prefix + "render": clock.since(4, 5, cpu), prefix + "total": clock.since(0, 5, cpu)})
    # the workers only run per-document stages
    times["cpu_per_document"] += clock.workers_cpu()
    times["cpu_total"] += clock.workers_cpu()
    return {"articles": len(report.sources), **times, "findings": len(report.findings), "jobs": jobs, "report_mb": report_mb,
            "pairs": len(report.pairs), "cross": cross, "planted": len(planted), "found": len(found)}


def measure(size: int, seed: int, words: int, keep: Path | None, jobs: int = 1, dense: bool = False) -> dict:
    """Build (or reuse) one corpus, then time the floor and the check on it."""
    default_gazetteer().resolve("Paris")  # load the gazetteer once, outside the timings
    tmp = None
    if keep is not None:
        folder = keep / (f"dense{size}-seed{seed}" if dense else f"n{size}-seed{seed}-w{words}")
    else:
        tmp = tempfile.mkdtemp(prefix="bench-")
        folder = Path(tmp)
    try:
        t0 = time.perf_counter()
        marker = folder.with_name(folder.name + ".planted.json")  # beside the corpus: never read as an article
        if marker.exists() and folder.is_dir():
            planted = set(json.loads(marker.read_text()))
        else:
            folder.mkdir(parents=True, exist_ok=True)
            planted = build_dense_corpus(folder, size, seed) if dense else build_corpus(folder, size, seed, words)
        build = time.perf_counter() - t0
        floor = tokenisation_floor(folder)
        result = run(folder, planted, jobs)
        if keep is not None and not marker.exists():
            marker.write_text(json.dumps(sorted(planted)))  # after the run: the checker must not read it
        words_total = sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.md"))
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest worker
    return {**result, **floor, "build": build, "rss_mb": rss, "workers_rss_mb": workers_rss, "words": words_total}


def _measure_in_child(size: int, seed: int, words: int, keep: Path | None, jobs: int = 1, dense: bool = False) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(size), "--seed", str(seed), "--words", str(words),
           "--jobs", str(jobs)] + (["--dense"] if dense else [])
    if keep is not None:
        cmd += ["--keep", str(keep)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench: size {size} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _sizes(values: list[str]) -> list[int]:
    """--sizes 1000,5000 and --sizes 1000 5000 alike."""
    out = []
    for value in values:
        out.extend(int(v) for v in value.replace(",", " ").split())
    if not out or any(n <= 0 for n in out):
        raise argparse.ArgumentTypeError("sizes must be positive integers")
    return out


def fitted_exponent(sizes: list[float], times: list[float]) -> float:
    """Slope of log(time) against log(size), least squares over every size (1.0 = linear)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-9)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")


def _print_row(r: dict) -> None:
    n = r["articles"]
    per_article_ms = 1000 * r["cpu_per_document"] / n
    print(f"{n:>6} articles ({r['words'] / n:.0f} words each, built in {r['build']:.1f}s), --jobs {r['jobs']}: "
          f"{n / r['total']:6.1f} art/s, total {r['total']:.2f}s wall / {r['cpu_total']:.2f}s CPU; peak RSS "
          f"{r['rss_mb']:.0f} MB (largest worker {r['workers_rss_mb']:.0f} MB)", flush=True)
    stages = ", ".join(f"{label} {r[key]:.2f}s ({r['cpu_' + key]:.2f}s CPU)" for label, key in (
        ("load", "load"), ("per-document (clean, sentences, claims)", "per_document"), ("assembly", "assemble"),
        ("judging", "judge"), ("JSON report", "render")))
    print(f"{'':>8}stages: {stages}; per-document {per_article_ms:.1f} ms CPU per article; "
          f"report {r['report_mb']:.0f} MB", flush=True)
    print(f"{'':>8}floor (read + sentence and word tokenisation, one process): {r['floor']:.2f}s ({r['cpu_floor']:.2f}s CPU) "
          f"for {r['sentences']} sentences, {r['tokens']} tokens; check = {r['cpu_total'] / r['cpu_floor']:.1f}x floor "
          f"in CPU, {r['total'] / r['floor']:.1f}x in wall time", flush=True)
    print(f"{'':>8}pairs {r['pairs']}, findings {r['findings']} (across stories: {r['cross']}; "
          f"planted conflicts found {r['found']}/{r['planted']})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1000", "5000", "10000", "20000"],
                        help="corpus sizes in articles, separated by spaces or commas")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, default=600, help="about how many words each article has")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the corpora in this folder and keep them (reused when run again)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes for the per-document stages, as `check --jobs` (default: every CPU)")
    parser.add_argument("--in-process", action="store_true", help="run every size in this process")
    parser.add_argument("--dense", action="store_true", help="a dense single-story corpus: every article a short "
                                                              "report of one meeting")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # a child process: one size, JSON out
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.seed, args.words, args.keep, args.jobs, args.dense)))
        return
    sizes = _sizes(args.sizes)
    print(f"# {os.cpu_count()} CPUs; seed {args.seed}; about {args.words} words per article; "
          f"{'one process' if args.in_process else 'one process per size'}", flush=True)
    rows = []
    for size in sizes:
        r = (measure(size, args.seed, args.words, args.keep, args.jobs, args.dense) if args.in_process
             else _measure_in_child(size, args.seed, args.words, args.keep, args.jobs, args.dense))
        rows.append(r)
        _print_row(r)
    if len(rows) >= 2:
        n = [r["articles"] for r in rows]
        parts = ", ".join(f"{stage} {fitted_exponent(n, [r['cpu_' + stage] for r in rows]):.2f}"
                          for stage in ("load", "per_document", "assemble", "judge", "render", "floor"))
        print(f"growth exponent {n[0]}->{n[-1]} (fitted over {len(rows)} sizes; 1.0 = linear): "
              f"{fitted_exponent(n, [r['total'] for r in rows]):.2f} wall, "
              f"{fitted_exponent(n, [r['cpu_total'] for r in rows]):.2f} CPU; per stage (CPU): {parts}")


if __name__ == "__main__":
    main()
