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
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert {f["rule"] for f in report["findings"]} >= {"CC101", "CC103", "CC105", "CC107"}
    rules = subprocess.run([str(SCRIPT), "rules"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert rules.returncode == 0 and "CC101" in rules.stdout
    where = subprocess.run([str(Path(sys.executable)), "-c", "import checker.rules, checker; print(checker.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert "site-packages" in where.stdout, "the installed package, not the checkout, was tested"


def test_no_top_level_rules_package_is_installed():
    import importlib.util

    spec = importlib.util.find_spec("rules")
    assert spec is None or "site-packages" not in (spec.origin or ""), "a top-level `rules` package must not be installed"
