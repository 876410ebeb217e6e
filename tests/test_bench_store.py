"""The store benchmark's corpus and a small run of it (scripts/bench_store.py). Timing is the
benchmark's job; here: the generator keeps its promises and the script runs end to end."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent



def _story(source_id: str) -> str:
    return source_id.split("-")[0]


def test_stories_have_two_to_eight_sources_and_the_exact_size(bench_store):
    sources, stories = bench_store.build(3000, seed=2)
    assert len(sources) == 3000 and len({s.id for s in sources}) == 3000
    per_story = Counter(_story(s.id) for s in sources)
    assert max(per_story.values()) <= 8
    assert sorted(per_story.values())[1] >= 2  # only the last story may be cut short
    assert 0.1 < sum(s.planted for s in stories) / len(stories) < 0.3


def test_over_time_the_store_grows_in_date_order_at_a_steady_rate(bench_store):
    sources, stories = bench_store.build(3000, seed=2)
    days = [s.day for s in stories]
    assert days == sorted(days)
    first_tenth = sources[: len(sources) // 10]
    span = (stories[-1].day - stories[0].day).days
    first_span = (max(s.metadata.published for s in first_tenth) - min(s.metadata.published for s in first_tenth)).days
    assert first_span < span / 5  # a tenth of the articles covers about a tenth of the days


def test_a_fixed_span_spreads_every_size_over_the_same_days(bench_store):
    sources, _ = bench_store.build(3000, seed=2, over_time=False)
    first_tenth = sources[: len(sources) // 10]
    first_span = (max(s.metadata.published for s in first_tenth) - min(s.metadata.published for s in first_tenth)).days
    assert first_span > 2 * 365


@pytest.mark.parametrize("over_time", [True, False])
def test_floods_in_one_city_are_days_apart(bench_store, bench, over_time):
    _, stories = bench_store.build(6000, seed=2, over_time=over_time)
    probes = bench_store.new_articles(stories, 40, seed=5, over_time=over_time)
    floods: dict[str, list] = {}
    for s in stories:
        if s.kind == "floods":
            floods.setdefault(s.city, []).append(s.day)
    for source, _ in probes:
        if source.id.startswith("s1") and source.text.startswith("Floods killed"):  # a new story
            city = source.text.split(" in ", 1)[1].split(" on ", 1)[0]
            floods.setdefault(city, []).append(source.metadata.published - timedelta(days=1))
    assert sum(len(d) for d in floods.values()) > 200
    for days in floods.values():
        days.sort()
        assert all((b - a).days > bench.DISASTER_GAP_DAYS for a, b in zip(days, days[1:]))


def test_new_stories_over_time_are_recent_news(bench_store):
    _, stories = bench_store.build(2000, seed=3)
    latest = max(s.day for s in stories)
    probes = bench_store.new_articles(stories, 20, seed=4)
    fresh = [source for source, _ in probes if int(_story(source.id)[1:]) >= 10_000_000]
    assert fresh and all((latest - source.metadata.published).days <= 14 for source in fresh)


def test_a_small_run_prints_every_figure(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_store.py"), "--sizes", "150", "300",
                           "--gates", "8", "--jobs", "1", "--store", str(tmp_path / "claims.sqlite")],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for figure in ("== 150 articles stored ==", "== 300 articles stored ==", "articles/s", "kB/article",
                   "p50", "p95", "neighbours judged", "planted conflicts flagged", "peak RSS", "gate p50 at 300 / at 150"):
        assert figure in out
