"""The benchmark's corpus and its arithmetic (scripts/bench.py): articles of about the asked length
whose padding adds no claims, story clusters of 2-8 sources, sizes given either way, the growth
exponent and the tokenisation floor. (Timing itself is the benchmark's job, not this test's.)"""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date

import pytest

from checker.extraction.gazetteer import default_gazetteer
from checker.reading.clean import clean, with_found_title
from checker.reading.load import load_corpus
from checker.running.documents import analyse_source


def test_articles_have_about_the_asked_length_in_clusters_of_two_to_eight(bench, tmp_path):
    bench.build_corpus(tmp_path, 120, seed=3, words=600)
    files = sorted(tmp_path.glob("*.md"))
    assert len(files) == 120
    lengths = [len(f.read_text(encoding="utf-8").split("---\n", 2)[2].split()) for f in files]
    assert min(lengths) >= 600 and max(lengths) <= 700
    sizes = Counter(f.name.split("_")[0] for f in files)
    last = max(sizes)  # the last story may be cut short by the corpus size
    assert all(2 <= n <= 8 for story, n in sizes.items() if story != last)


def test_disasters_in_one_city_are_days_apart(bench, tmp_path):
    """Two disasters in one city a day apart would be one disaster with two tolls in their text: a
    finding between them would measure the generator, not the checker."""
    bench.build_corpus(tmp_path, 2000, seed=4, words=60)
    days_by_city: dict[str, set] = {}
    for f in tmp_path.glob("*_0.md"):
        lead = f.read_text(encoding="utf-8").split("---\n", 2)[2]
        m = re.match(r"(?:Floods|A storm|A landslide|Flash floods) killed \d+ people in (\w+) on", lead)
        if m:
            published = f.read_text(encoding="utf-8").split("published: ")[1][:10]
            days_by_city.setdefault(m.group(1), set()).add(date.fromisoformat(published))
    assert sum(len(d) for d in days_by_city.values()) > 100
    for days in days_by_city.values():
        ordered = sorted(days)
        # publication is 0-3 days after the event: events more than DISASTER_GAP_DAYS apart are
        # published more than DISASTER_GAP_DAYS - 3 apart
        assert all((b - a).days > bench.DISASTER_GAP_DAYS - 3 for a, b in zip(ordered, ordered[1:]))


def test_the_padding_adds_length_but_no_claims(bench, tmp_path):
    rng = random.Random(5)
    for clauses in (bench.DIPLOMACY, bench.DISASTER):
        text = bench._pad(rng, [], clauses, 2000)
        (tmp_path / f"pad{len(clauses)}.md").write_text(f"---\npublished: 2025-05-05\n---\n{text}\n", encoding="utf-8")
    for source in load_corpus([tmp_path]).sources:
        claims = analyse_source(with_found_title(clean(source)), default_gazetteer()).claims
        assert len(source.text.split()) >= 2000
        assert [c for c in claims if c.kind != "attribution"] == [], [(c.kind, c.value) for c in claims][:5]


def test_every_city_resolves_to_a_place_in_its_country_without_context(bench):
    # incident leads name no nationality, so the city alone must resolve
    gazetteer = default_gazetteer()
    for city, _, country in bench.CITIES:
        place = gazetteer.resolve(city, ())
        assert place is not None and place.kind in ("city", "admin1"), city
        assert gazetteer.resolve(country, ()).country == place.country, city


def test_sizes_are_read_with_commas_or_spaces(bench):
    assert bench._sizes(["1000,5000", "10000", "20000"]) == [1000, 5000, 10000, 20000]
    with pytest.raises(Exception):
        bench._sizes(["0"])


def test_fitted_exponent_recovers_linear_and_quadratic_growth(bench):
    sizes = [1000, 5000, 10000, 20000]
    assert bench.fitted_exponent(sizes, [n * 0.01 for n in sizes]) == pytest.approx(1.0)
    assert bench.fitted_exponent(sizes, [n * n * 1e-6 for n in sizes]) == pytest.approx(2.0)


def test_the_floor_counts_the_sentences_and_tokens_of_every_file(bench, tmp_path):
    (tmp_path / "a.md").write_text("One sentence here. And a second one, too.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Only one.\n", encoding="utf-8")
    floor = bench.tokenisation_floor(tmp_path)
    assert floor["sentences"] == 3
    assert floor["tokens"] == len(re.findall(r"\w+|[.,]", "One sentence here. And a second one, too. Only one."))
    assert floor["floor"] >= 0 and floor["cpu_floor"] >= 0


def test_findings_of_a_dense_corpus_are_one_story_and_find_planted_articles(bench):
    """A dense corpus is one story; its planted conflicts are articles, not stories."""
    assert bench.story_of("dense00019") == bench.story_of("dense00001") == "dense"
    assert bench.story_of("s000012_3") == "s000012" != bench.story_of("s000013_0")
    assert bench.planted_key("dense00019") == "dense00019" and bench.planted_key("s000012_3") == "s000012"


def test_the_dense_corpus_is_one_meeting_with_planted_conflicts(bench, tmp_path):
    planted = bench.build_dense_corpus(tmp_path, 60, seed=1)
    assert planted == {f"dense{i:05d}" for i in range(19, 60, 20)}
    assert len(list(tmp_path.glob("dense*.md"))) == 60
