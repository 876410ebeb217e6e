"""Many reports of one story (scripts/bench.py --dense): alignment costs O(n) comparisons, not O(n²),
and still puts every report of the one meeting in one cluster, the same whatever the input order."""

from __future__ import annotations

import random

import pytest

from checker.alignment.align import REPRESENTATIVES, block_pairs


def _members(n: int, open_every: int = 0) -> list[tuple[str, str, bool]]:
    return [(f"s{i:04d}:e1", f"s{i:04d}", bool(open_every) and i % open_every == 0) for i in range(n)]


@pytest.mark.parametrize("n", [2 * REPRESENTATIVES + 1, 2 * REPRESENTATIVES + 2, 300, 1200])
def test_a_big_specific_block_pairs_each_member_with_representatives(n):
    members = _members(n)
    pairs = block_pairs("specific:name:person:ahn", members)
    if n <= 2 * REPRESENTATIVES + 1:
        assert len(pairs) == n * (n - 1) // 2  # small blocks: every pair, as before
        return
    assert len(pairs) <= n * REPRESENTATIVES  # linear, not quadratic
    linked = {e for p in pairs for e in p}
    assert linked == {m[0] for m in members}  # nobody left out
    reps = {m[0] for m in sorted(members)[:REPRESENTATIVES]}
    assert all(a in reps or b in reps for a, b in pairs)


def test_a_big_broad_block_pairs_open_members_with_representatives():
    members = _members(400, open_every=4)  # 100 open members: over REPRESENTATIVES
    pairs = block_pairs("broad:place:seoul@2025-W10", members)
    assert len(pairs) <= 100 * REPRESENTATIVES
    opened = {m[0] for m in members if m[2]}
    assert opened <= {e for p in pairs for e in p}
    few = _members(400, open_every=40)  # 10 open members: each with every other member, as before
    assert len(block_pairs("broad:place:seoul@2025-W10", few)) == sum(400 - 1 for m in few if m[2]) - 45


def test_block_pairs_do_not_depend_on_the_order_of_members():
    members = _members(500, open_every=3)
    shuffled = members[:]
    random.Random(7).shuffle(shuffled)
    for key in ("specific:name:x", "broad:place:x"):
        assert block_pairs(key, members) == block_pairs(key, shuffled + shuffled[:50])  # repeats too


@pytest.fixture(scope="module")
def dense(tmp_path_factory, bench):
    from checker.config import Config
    from checker.running.pipeline import check_corpus

    folder = tmp_path_factory.mktemp("dense")
    planted = bench.build_dense_corpus(folder, 160, seed=1)
    report, _ = check_corpus([folder], Config(), jobs=1)
    return report, planted


def test_a_dense_story_is_one_cluster_with_linearly_many_pairs(dense):
    """Blocks and the comparison inside clusters (within_clusters) both stay linear."""
    report, _ = dense
    reported = [e for e in report.events if e.role == "reported"]
    biggest = max(report.clusters, key=lambda c: len(c.event_ids))
    assert len(biggest.event_ids) >= 0.95 * len(reported)  # same-event recall: one meeting, one cluster
    n = len(reported)
    assert len(report.pairs) <= 2 * REPRESENTATIVES * n < n * (n - 1) // 2


def test_a_dense_story_still_finds_its_planted_place_conflict(dense):
    report, planted = dense
    places = [f for f in report.findings if f.rule == "CC101"]
    assert places and any(set(side.sources) & planted for f in places for side in f.sides)
