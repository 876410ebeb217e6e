"""The benchmark's synthetic corpus doubles as a precision/recall check: every story is a distinct
event, so a finding that sets two stories against each other is a false alarm by construction, and
each planted conflict must be found. (Timing is the benchmark's job, not this test's.)"""

from __future__ import annotations


def test_three_hundred_articles_no_cross_story_findings_and_every_planted_conflict(tmp_path, bench):
    planted = bench.build_corpus(tmp_path, 300, seed=1)
    result = bench.run(tmp_path, planted)
    assert result["articles"] == 300
    assert result["cross"] == 0
    assert result["planted"] >= 5 and result["found"] == result["planted"]
