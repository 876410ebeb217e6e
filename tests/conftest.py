"""Shared fixtures: the seed report is computed once per test session (it takes a couple of seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def seed_report():
    from checker.pipeline import check_corpus

    report, _ = check_corpus([SEEDS])
    return report


@pytest.fixture(scope="session")
def seed_json(seed_report):
    from checker.render.jsonreport import report_to_dict

    return report_to_dict(seed_report)
