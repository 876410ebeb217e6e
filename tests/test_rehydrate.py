"""Claims read back from their JSON form judge exactly like fresh ones: what a claim store and a
distributed engine need, since the typed objects in Claim.detail do not travel."""

from __future__ import annotations

from dataclasses import replace

import pytest

from checker.config import Config
from checker.extraction.gazetteer import default_gazetteer
from checker.running.pipeline import geography_from_claims, judge
from conftest import FIXTURES, SEEDS


def _round_trip(report):
    claims = [replace(c, detail={}) for c in report.claims]
    geo = geography_from_claims(claims, default_gazetteer())
    return judge(report.cleaned, claims, list(report.events), geo, Config())


@pytest.mark.parametrize("corpus", [SEEDS, FIXTURES / "CC108-number-conflict" / "fires-death-toll-12-vs-30",
                                    FIXTURES / "CC101-location-conflict" / "near-miss-district-in-city"])
def test_judging_claims_without_typed_details_gives_the_same_findings_and_scores(corpus):
    from checker.running.pipeline import check_corpus

    fresh, _ = check_corpus([corpus])
    again = _round_trip(fresh)
    assert [f.id for f in again.findings] == [f.id for f in fresh.findings]
    assert [f.confidence for f in again.findings] == [f.confidence for f in fresh.findings]
    assert [(s.source_id, s.score) for s in again.scores] == [(s.source_id, s.score) for s in fresh.scores]
