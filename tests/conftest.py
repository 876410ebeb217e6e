"""Shared fixtures: the seed report is computed once per test session (it takes a couple of seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"


def load_script(name: str):
    """A script of scripts/ as a module (they are not a package): the benchmarks' generators."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bench():
    """scripts/bench.py: the synthetic corpus of `check` at scale."""
    return load_script("bench")


@pytest.fixture(scope="session")
def bench_store():
    """scripts/bench_store.py: the synthetic store of the gate benchmark."""
    return load_script("bench_store")


@pytest.fixture(scope="session")
def seed_report():
    from checker.running.pipeline import check_corpus

    report, _ = check_corpus([SEEDS])
    return report


@pytest.fixture(scope="session")
def seed_json(seed_report):
    from checker.render.jsonreport import report_to_dict

    return report_to_dict(seed_report)


@pytest.fixture(scope="session")
def runs(tmp_path_factory):
    """The seed report with relative paths (`check seeds/` from the checkout), the same files given in
    reversed order, and a copy whose every file starts with two blank lines (all offsets shift by 2):
    what machine formats must render identically or with stable fingerprints."""
    import shutil

    from checker.running.pipeline import check_corpus

    shifted_root = tmp_path_factory.mktemp("shifted")
    shutil.copytree(SEEDS, shifted_root / "seeds")
    for f in sorted((shifted_root / "seeds").glob("*.txt")):
        f.write_text("\n\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        report, _ = check_corpus(["seeds"])
        files = sorted(f"seeds/{p.name}" for p in SEEDS.glob("*.txt"))
        reordered, _ = check_corpus(list(reversed(files)))
        mp.chdir(shifted_root)
        shifted, _ = check_corpus(["seeds"])
    return report, reordered, shifted
