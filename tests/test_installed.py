"""The installed console script works from any directory and carries the built-in rules and data.

Runs the `check` script installed beside the running interpreter (the README's commands install it);
skipped when the package is not installed, e.g. when tests run straight from a checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS

SCRIPT = Path(sys.executable).with_name("check")


@pytest.mark.skipif(not SCRIPT.exists(), reason="claimcheck-news is not installed in this environment")
def test_installed_check_runs_from_another_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(SCRIPT), str(SEEDS), "--format", "json"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stderr  # the seeds hold high-severity conflicts
    report = json.loads(out.stdout)
    assert {f["rule"] for f in report["findings"]} >= {"CC101", "CC103", "CC105", "CC107"}
    rules = subprocess.run([str(SCRIPT), "rules"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert rules.returncode == 0 and "CC101" in rules.stdout
    where = subprocess.run([str(Path(sys.executable)), "-c", "import checker.rules, checker; print(checker.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert "site-packages" in where.stdout, "the installed package, not the checkout, was tested"


@pytest.mark.skipif(not SCRIPT.exists(), reason="claimcheck-news is not installed in this environment")
def test_installed_explain_lists_fixture_cases(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(SCRIPT), "explain", "CC101"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Fixture cases (" in out.stdout and "fires-two-cities" in out.stdout


@pytest.mark.skipif(not SCRIPT.exists(), reason="claimcheck-news is not installed in this environment")
def test_installed_check_exits_1_on_the_seeds_and_0_with_exit_zero(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(SCRIPT), str(SEEDS)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and out.stderr.strip().endswith("failing: 2 findings at or above 'high'"), out.stderr
    assert out.stdout.startswith("5 sources, ") and "Findings, most severe first" in out.stdout
    again = subprocess.run([str(SCRIPT), str(SEEDS), "--exit-zero", "-q"], cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=120)
    assert again.returncode == 0 and again.stderr == ""


def test_no_top_level_rules_package_is_installed():
    import importlib.util

    spec = importlib.util.find_spec("rules")
    assert spec is None or "site-packages" not in (spec.origin or ""), "a top-level `rules` package must not be installed"
