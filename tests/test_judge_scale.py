"""The corpus-wide stages at scale give what their plain, quadratic forms give.

- day blocks: pinned reports of one place meet only within MAX_GAP_WITHOUT_NAMES days (within
  MAX_GAP_ALIKE days for one place finer than a country and one kind of happening); every pair the
  weekly blocks used to add is one `_label` calls "different", so clusters, findings and scores stay;
  so is every pair `worth_comparing` skips;
- star clustering with a heap picks the same centres as rescanning every node;
- person unification through a word index links the same names as comparing every two names.
"""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest
from rapidfuzz import fuzz, utils

from checker.alignment import align as align_module
from checker.alignment.align import (align, candidate_pairs, clusters_of, compare_events, lead_weights, stars,
                                     worth_comparing)
from checker.extraction.gazetteer import default_gazetteer
from checker.extraction.people import (FAMILY_SIMILARITY, SIMILARITY, _join_family_names, _join_middle_names,
                                      canonical_person_keys)
from checker.reading.load import load_corpus
from checker.running.documents import analyse_cleaned
from checker.running.pipeline import assemble, check_corpus


def write(folder: Path, name: str, published: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f"---\npublished: {published}\n---\n{text}\n", encoding="utf-8")


def pairs_by_source(report) -> dict[tuple[str, str], str]:
    return {(p.a.split(":")[0], p.b.split(":")[0]): p.same_event for p in report.pairs}


# --- day blocks --------------------------------------------------------------------------------------


def test_unnamed_reports_of_one_city_days_apart_are_two_events(tmp_path):
    """Published as far apart as their days: two floods. They meet in the week-long block of one
    place and kind (one report may misdate the event), and `_label` sets them apart."""
    write(tmp_path, "a", "2025-03-04", "Floods killed 12 people in Porto on March 3, 2025.")
    write(tmp_path, "b", "2025-03-08", "Floods killed 30 people in Porto on March 7, 2025.")
    report, _ = check_corpus([tmp_path])
    assert set(pairs_by_source(report).values()) <= {"different"}
    assert report.findings == ()


def test_unnamed_reports_of_one_city_a_week_apart_are_not_compared(tmp_path):
    write(tmp_path, "a", "2025-03-04", "Floods killed 12 people in Porto on March 3, 2025.")
    write(tmp_path, "b", "2025-03-12", "Floods killed 30 people in Porto on March 11, 2025.")
    report, _ = check_corpus([tmp_path])
    assert pairs_by_source(report) == {}
    assert report.findings == ()


def test_reports_published_together_that_date_one_flood_days_apart_are_compared(tmp_path):
    """Published on one day, told in like words, dated four days apart: one may misdate the flood."""
    write(tmp_path, "a", "2025-03-08", "Floods killed 12 people in Porto on March 3, 2025, officials said.")
    write(tmp_path, "b", "2025-03-08", "Floods killed 12 people in Porto on March 7, 2025, officials said.")
    report, _ = check_corpus([tmp_path])
    assert pairs_by_source(report).get(("a", "b")) == "uncertain"
    assert [f.rule for f in report.findings] == ["CC103"]


def test_unnamed_reports_of_one_city_two_days_apart_are_still_compared(tmp_path):
    write(tmp_path, "a", "2025-03-04", "Floods killed 12 people in Porto on March 3, 2025.")
    write(tmp_path, "b", "2025-03-06", "Floods killed 30 people in Porto on March 5, 2025.")
    report, _ = check_corpus([tmp_path])
    assert ("a", "b") in pairs_by_source(report)


def test_named_parties_are_compared_however_far_apart_their_dates(tmp_path):
    write(tmp_path, "a", "2025-06-12", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Helsinki on June 11, 2025.")
    write(tmp_path, "b", "2025-06-30", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Helsinki on June 28, 2025.")
    report, _ = check_corpus([tmp_path])
    assert ("a", "b") in pairs_by_source(report)


def test_a_bare_weekday_still_meets_dated_reports_of_its_week(tmp_path):
    write(tmp_path, "a", "2025-03-04", "Floods killed 12 people in Porto on March 3, 2025.")
    (tmp_path / "b.md").write_text("Floods killed 30 people in Porto on Friday.\n", encoding="utf-8")  # no date
    report, _ = check_corpus([tmp_path])
    assert ("a", "b") in pairs_by_source(report)


def test_members_of_one_cluster_are_compared_with_each_other_even_days_apart(tmp_path):
    """b (day 3) is close to a (day 1) and c (day 5); a and c are 4 days apart, so no day block holds
    both, yet a rule weighing the cluster needs to know they were judged different."""
    write(tmp_path, "a", "2025-03-02", "Floods killed 12 people in Porto on March 1, 2025.")
    write(tmp_path, "b", "2025-03-04", "Floods killed 12 people in Porto on March 3, 2025.")
    write(tmp_path, "c", "2025-03-06", "Floods killed 12 people in Porto on March 5, 2025.")
    report, _ = check_corpus([tmp_path])
    labels = pairs_by_source(report)
    [cluster] = [c for c in report.clusters if len(c.sources) == 3]
    assert labels[("a", "c")] == "different"
    assert labels[("a", "b")] != "different" and labels[("b", "c")] != "different"


def _weekly_candidates(events, claims):
    """The blocking before day blocks: places and countries per ISO week for every dated event."""
    blocks: dict[str, list] = {}
    for e in events:
        named, broad = align_module._named_and_broad(e, claims)
        weeks = align_module._weeks(e, claims)
        for k in named | {f"{b}@{w}" for b in broad for w in weeks}:
            blocks.setdefault("specific:" + k, []).append((e.id, e.source_id, False))
        for k in broad:
            blocks.setdefault("broad:" + k, []).append((e.id, e.source_id, not weeks))
        for k in align_module.copy_keys(e):  # copies meet whatever their days
            blocks.setdefault("broad:" + k, []).append((e.id, e.source_id, not named))
    ids = set()
    for key, members in blocks.items():
        ids.update(align_module.block_pairs(key, members))
    return ids


@pytest.fixture(scope="module")
def dense_corpus(tmp_path_factory, bench):
    """400 short articles in ~48 cities over ~600 days: many stories share a city and a week."""
    folder = tmp_path_factory.mktemp("dense")
    bench.build_corpus(folder, 400, seed=5, words=120)
    gazetteer = default_gazetteer()
    sources = load_corpus([folder]).sources
    claims, events, geo = assemble([analyse_cleaned(s, gazetteer)[1] for s in sources], gazetteer)
    return {c.id: c for c in claims}, events, geo


def test_every_pair_day_blocks_leave_out_is_a_different_event(dense_corpus):
    claims, events, geo = dense_corpus
    reported = [e for e in events if e.role == "reported"]
    now = {(a.id, b.id) for a, b in candidate_pairs(reported, claims)}
    before = _weekly_candidates(reported, claims)
    left_out = before - now
    assert now <= before
    assert len(left_out) > len(now) / 4  # the corpus is dense enough for day blocks to matter
    by_id = {e.id: e for e in reported}
    labels = {compare_events(by_id[a], by_id[b], claims, geo).same_event for a, b in left_out}
    assert labels == {"different"}


def test_pairs_not_worth_comparing_are_different_events(dense_corpus):
    claims, events, geo = dense_corpus
    reported = [e for e in events if e.role == "reported"]
    skipped = [(a, b) for a, b in candidate_pairs(reported, claims) if not worth_comparing(a, b)]
    assert len(skipped) > 50
    assert {compare_events(a, b, claims, geo).same_event for a, b in skipped} == {"different"}


def test_clusters_and_in_cluster_pairs_are_those_of_weekly_blocks(dense_corpus):
    claims, events, geo = dense_corpus
    reported = [e for e in events if e.role == "reported"]
    by_id = {e.id: e for e in reported}
    weights = lead_weights(reported)  # align compares leads with the run's word weights
    weekly = [compare_events(by_id[a], by_id[b], claims, geo, weights) for a, b in sorted(_weekly_candidates(reported, claims))]
    pairs, clusters = align(events, claims, geo)
    assert clusters == clusters_of(events, weekly)
    in_cluster = {(a, b) for c in clusters for a in c.event_ids for b in c.event_ids if a < b}
    assert {p for p in weekly if (p.a, p.b) in in_cluster} == {p for p in pairs if (p.a, p.b) in in_cluster}


# --- stars -------------------------------------------------------------------------------------------


def _stars_by_rescanning(graph: nx.Graph) -> list[list[str]]:
    weight = {"same": 2.0, "likely": 1.0, "uncertain": 0.5}
    remaining = graph.copy()
    out = []
    while remaining.number_of_nodes():
        def strength(node):
            return (sum(weight[d["label"]] for _, _, d in remaining.edges(node, data=True)), node)

        centre = max(sorted(remaining.nodes), key=strength)
        members = sorted({centre, *remaining.neighbors(centre)})
        out.append(members)
        remaining.remove_nodes_from(members)
    return sorted(out, key=lambda m: m[0])


@pytest.mark.parametrize("seed", range(30))
def test_stars_with_a_heap_are_the_stars_of_rescanning(seed):
    rng = random.Random(seed)
    graph = nx.Graph()
    n = rng.randint(1, 60)
    graph.add_nodes_from(f"e{i:03d}" for i in range(n))
    for _ in range(rng.randint(0, 3 * n)):
        a, b = rng.sample(range(n), 2) if n > 1 else (0, 0)
        if a != b:
            graph.add_edge(f"e{a:03d}", f"e{b:03d}", label=rng.choice(["same", "likely", "uncertain"]))
    assert stars(graph) == _stars_by_rescanning(graph)


# --- people ------------------------------------------------------------------------------------------


def _canonical_by_comparing_all(keys: list[str]) -> dict[str, str]:
    keys = sorted(set(keys))
    graph = nx.Graph()
    graph.add_nodes_from(keys)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            pa, pb = a.removeprefix("person:").split(), b.removeprefix("person:").split()
            if not set(pa) & set(pb) or len(pa) != len(pb) or fuzz.ratio(pa[-1], pb[-1]) < FAMILY_SIMILARITY:
                continue
            if fuzz.token_sort_ratio(a, b, processor=utils.default_process) >= SIMILARITY:
                graph.add_edge(a, b)
    # the joins that follow the fuzzy edges are the same in both: only how pairs are found differs
    names = {k: k.removeprefix("person:").split() for k in keys}
    _join_middle_names(names, graph)
    _join_family_names(names, graph)
    return {k: min(group) for group in nx.connected_components(graph) for k in group}


@pytest.mark.parametrize("seed", range(10))
def test_person_unification_through_the_word_index_links_what_comparing_all_links(seed):
    rng = random.Random(seed)
    first = ["anna", "anna-liisa", "anna liisa", "mikko", "kadri", "jan", "elina"]
    family = ["virtanen", "virtanan", "wirtanen", "tamm", "tamme", "koskinen", "koskinnen", "kask"]
    keys = [f"person:{rng.choice(first)} {rng.choice(family)}" for _ in range(80)]
    keys += [f"person:{rng.choice(family)}" for _ in range(10)]
    mapping = canonical_person_keys(keys)
    assert mapping == _canonical_by_comparing_all(keys)
    assert any(k != v for k, v in mapping.items())  # some names were unified


# --- the garbage collector ---------------------------------------------------------------------------


def test_corpus_data_is_frozen_for_the_run_only(tmp_path):
    """While judging, the corpus data is out of the collector's passes (gc.freeze); after the run, even
    one that fails, nothing stays frozen in a long-lived process (the review server reruns checks)."""
    import gc

    write(tmp_path, "a", "2025-03-04", "Floods killed 12 people in Porto on March 3, 2025.")
    write(tmp_path, "b", "2025-03-04", "Floods killed 30 people in Porto on March 3, 2025.")
    frozen_while_judging = []

    def progress(step, done, total):
        if step == "judging":
            frozen_while_judging.append(gc.get_freeze_count())

    threshold = gc.get_threshold()
    young_while_judging = []
    check_corpus([tmp_path], progress=lambda step, done, total: progress(step, done, total)
                 or young_while_judging.append(gc.get_threshold()[0]))
    assert frozen_while_judging and frozen_while_judging[0] > 0
    assert young_while_judging and min(young_while_judging) > threshold[0]  # fewer young passes during the run
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold

    def fail(step, done, total):
        if step == "judging":
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        check_corpus([tmp_path], progress=fail)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold
