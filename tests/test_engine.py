"""Engines and progress: `--jobs N` and `--engine dask` change where the work runs, never the report.

- the process pool (`jobs=2`) writes byte-identical JSON to `jobs=1`;
- the Dask engine, on a LocalCluster of two workers started once for this module, gives the same
  report as the local engine: compared field by field after sorting every list (and byte for byte);
- the progress display is silent off a terminal and drawn on an (injected) terminal;
- `--engine dask` without dask is a one-line usage error naming the extra.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from checker.config import Config
from checker.render import render
from checker.running import documents, engines
from checker.running.pipeline import check_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
STORIES = sorted(p for p in (ROOT / "tests" / "stories").iterdir() if p.is_dir())
CASES = sorted(p for p in (ROOT / "fixtures").glob("*/*") if p.is_dir())
# one firing case per rule and a few near-misses: enough variety without a minute of runs
FIRST_FIRING = {}
for _case in CASES:
    if _case.name.startswith("fires"):
        FIRST_FIRING.setdefault(_case.parent, _case)
SAMPLE_CASES = list(FIRST_FIRING.values()) + [c for c in CASES if c.name.startswith("near-miss")][::12]
# a case whose finding needs a related happening joined to another report's cluster
# (checker.alignment.align.related_joins): the dask engine once skipped that step and missed it
RELATED_JOIN = ROOT / "fixtures" / "CC103-date-conflict" / "fires-shooting-day-recalled-by-a-protest-report"


def json_report(paths, **options) -> str:
    report, _ = check_corpus([str(p) for p in paths], **options)
    return render(report, "json")


def canonical(value):
    """Every list sorted (by its items' canonical JSON), recursively: order-free comparison."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def differences(a, b, path: str = "$") -> list[str]:
    """Paths where two canonical JSON values differ (the first few are enough to debug with)."""
    if type(a) is not type(b):
        return [f"{path}: {type(a).__name__} vs {type(b).__name__}"]
    if isinstance(a, dict):
        out = [f"{path}.{k}: only on one side" for k in sorted(set(a) ^ set(b))]
        for k in sorted(set(a) & set(b)):
            out += differences(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} vs {b!r}"]


def assert_same_report(expected: str, actual: str) -> None:
    diff = differences(canonical(json.loads(expected)), canonical(json.loads(actual)))
    assert not diff, "\n".join(diff[:20])
    assert actual == expected  # and byte for byte: nothing depends on where or in what order it ran


@pytest.fixture
def pools(monkeypatch) -> list:
    """Let even a two-article corpus go through the pool; the list counts the pools started."""
    started = []
    real = engines._mp_context
    monkeypatch.setattr(engines, "MIN_CHUNK", 1)
    monkeypatch.setattr(documents, "MIN_CHUNK", 1)
    monkeypatch.setattr(engines, "_mp_context", lambda: started.append(1) or real())
    return started


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory) -> Path:
    """The seeds and the sampled fixture articles in one folder (24+ articles): over two chunks, so the
    CLI's own --jobs 2 uses the pool."""
    folder = tmp_path_factory.mktemp("mixed")
    for case in [SEEDS, *SAMPLE_CASES]:
        for f in sorted(case.iterdir()):
            if f.suffix in (".md", ".txt", ".html", ".json", ".jsonl"):
                shutil.copy(f, folder / f"{case.parent.name[:5]}-{case.name}-{f.name}")
    assert len(list(folder.iterdir())) >= 2 * documents.MIN_CHUNK
    return folder


# --- --jobs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", [SEEDS, *SAMPLE_CASES[:4], *STORIES], ids=lambda p: p.name)
def test_jobs_2_writes_the_same_json_as_jobs_1(case, pools):
    expected = json_report([case], jobs=1)
    assert not pools
    assert_same_report(expected, json_report([case], jobs=2))
    assert pools == [1]


def test_workers_started_fresh_give_the_same_json(monkeypatch):
    """Where fork is unavailable or unsafe (macOS, a threaded caller), workers are spawned and load the
    gazetteer and lexicons themselves: same report."""
    import multiprocessing

    expected = json_report([SEEDS], jobs=1)
    monkeypatch.setattr(engines, "MIN_CHUNK", 1)
    monkeypatch.setattr(documents, "MIN_CHUNK", 1)
    monkeypatch.setattr(engines, "_mp_context", lambda: multiprocessing.get_context("spawn"))
    assert_same_report(expected, json_report([SEEDS], jobs=2))


def test_cli_jobs_2_is_byte_identical_to_jobs_1(mixed_corpus):
    def run(jobs: str) -> bytes:
        done = subprocess.run([sys.executable, "-m", "checker", str(mixed_corpus), "-f", "json", "-q", "--jobs", jobs, "--exit-zero"],
                              cwd=ROOT, capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr.decode()
        assert done.stderr == b""  # no progress display on a pipe
        return done.stdout

    assert run("2") == run("1")


def test_small_corpus_does_not_start_a_pool(monkeypatch):
    monkeypatch.setattr(engines, "_mp_context", lambda: pytest.fail("a pool for five articles"))
    report, _ = check_corpus([SEEDS], jobs=2)
    assert len(report.sources) == 5


def test_jobs_must_be_positive():
    with pytest.raises(ValueError):
        check_corpus([SEEDS], jobs=0)


# --- progress ----------------------------------------------------------------------------------------


def forced_terminal():
    import io

    from rich.console import Console

    return Console(file=io.StringIO(), force_terminal=True, width=100, color_system=None)


def test_progress_is_drawn_on_a_terminal_and_erased(capsys):
    from checker.running.progress import progress_display

    console = forced_terminal()
    with progress_display(True, console, delay=0) as progress:
        assert progress is not None
        report, _ = check_corpus([SEEDS], progress=progress)
        assert progress.shown
    drawn = console.file.getvalue()
    assert "documents" in drawn and "5/5" in drawn and "judging" in drawn
    assert capsys.readouterr().out == ""  # nothing on stdout


def test_progress_waits_for_its_delay():
    from checker.running.progress import DelayedProgress

    console = forced_terminal()
    now = [0.0]
    display = DelayedProgress(console, delay=1.0, clock=lambda: now[0])
    display("documents", 0, 10)
    display("documents", 5, 10)
    assert not display.shown
    now[0] = 1.5  # the run has lasted long enough: the next report shows the display
    display("documents", 6, 10)
    assert display.shown
    display.close()
    assert "6/10" in console.file.getvalue()


def test_no_progress_off_a_terminal_or_when_switched_off():
    import io

    from rich.console import Console

    from checker.running.progress import progress_display

    with progress_display(True, Console(file=io.StringIO(), force_terminal=False)) as progress:
        assert progress is None
    with progress_display(False, forced_terminal()) as progress:
        assert progress is None


def test_cli_shows_no_progress_when_stderr_is_not_a_terminal(monkeypatch):
    from typer.testing import CliRunner

    from checker import cli
    from checker.running import progress

    monkeypatch.setattr(progress, "DEFAULT_DELAY", 0.0)
    result = CliRunner().invoke(cli.app_for([str(SEEDS)]), [str(SEEDS), "-f", "json", "-q", "--exit-zero"], prog_name="check",
                                env={"FORCE_COLOR": "1"})  # colour forced, still no animation in a log
    assert result.exit_code == 0
    assert result.stderr == ""
    json.loads(result.stdout)


def test_cli_progress_goes_to_the_terminal_not_stdout(monkeypatch, capsys):
    from checker import cli
    from checker.running import progress

    monkeypatch.setattr(progress, "DEFAULT_DELAY", 0.0)
    console = forced_terminal()
    code = cli.check.run_check([str(SEEDS)], Config(), fmt=cli.common.Format.json, output=None, no_color=True, quiet=True,
                         no_reviews=True, jobs=1, progress_console=console, exit_zero=True)
    assert code == 0
    assert "documents" in console.file.getvalue()
    out = capsys.readouterr()
    json.loads(out.out)
    assert "documents" not in out.err


# --- dask --------------------------------------------------------------------------------------------


def test_dask_engine_missing_is_a_one_line_usage_error():
    script = ("import sys\n"
              "for name in ('dask', 'dask.bag', 'distributed'):\n"
              "    sys.modules[name] = None  # as if not installed\n"
              "from checker.cli import main\n"
              f"sys.exit(main([{str(SEEDS)!r}, '--engine', 'dask']))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("check: error: ")
    assert "pip install 'claimcheck-news[dask]'" in lines[0]


def test_scheduler_without_dask_engine_is_a_usage_error():
    from typer.testing import CliRunner

    from checker import cli

    result = CliRunner().invoke(cli.app_for([str(SEEDS)]), [str(SEEDS), "--scheduler", "tcp://127.0.0.1:1"],
                                prog_name="check")
    assert result.exit_code == 2
    assert "--scheduler needs --engine dask" in result.stderr


def test_block_ownership_compares_every_candidate_pair_once():
    """The Dask engine's alignment without Dask: group the block entries in a dict (what the shuffle
    does), let each block compare the pairs it owns, and get exactly the local engine's candidate pairs."""
    from checker.alignment.align import candidate_pairs, compare_events, worth_comparing
    from checker.extraction.gazetteer import default_gazetteer
    from checker.reading.load import load_corpus
    from checker.running.dask_engine import _compare_blocks, _entries
    from checker.running.documents import analyse_cleaned
    from checker.running.pipeline import assemble

    gazetteer = default_gazetteer()
    opened = 0
    for case in [SEEDS, *CASES, *STORIES]:
        sources = load_corpus([case]).sources
        claims, events, geo = assemble([analyse_cleaned(s, gazetteer)[1] for s in sources], gazetteer)
        claim_map = {c.id: c for c in claims}
        reported = [e for e in events if e.role == "reported"]
        lookup = {e.id: (e, {c: claim_map[c] for c in e.claim_ids}) for e in reported}
        blocks = defaultdict(list)
        for item in lookup.values():
            for entry in _entries(item):
                blocks[entry[0]].append(entry)
                opened += entry[0] in entry[1][2]
        pairs = sorted(_compare_blocks(sorted(blocks.items()), lookup, geo), key=lambda p: (p.a, p.b))
        expected = [compare_events(a, b, claim_map, geo) for a, b in candidate_pairs(reported, claim_map)
                    if worth_comparing(a, b)]
        assert pairs == expected, case.name
    assert opened  # the broad blocks open to every member (undated or unpinned events) were exercised too


@pytest.fixture(scope="module")
def dask_cluster():
    """A LocalCluster of two single-thread worker processes for the whole module; the tests reach it
    through `scheduler=` like an existing cluster would be (which also checks the workers' version)."""
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


@pytest.mark.parametrize("case", [SEEDS, *SAMPLE_CASES, RELATED_JOIN, *STORIES], ids=lambda p: f"{p.parent.name[:5]}-{p.name}")
def test_dask_engine_matches_the_local_engine(case, dask_cluster):
    expected = json_report([case])
    assert_same_report(expected, json_report([case], engine="dask", scheduler=dask_cluster))


def test_dask_engine_on_a_mixed_corpus(mixed_corpus, dask_cluster):
    assert_same_report(json_report([mixed_corpus], jobs=2),
                       json_report([mixed_corpus], engine="dask", scheduler=dask_cluster))


def test_cli_dask_engine_with_its_own_local_cluster():
    """No --scheduler: the run starts (and stops) a LocalCluster of --jobs workers itself."""
    pytest.importorskip("distributed")
    local = subprocess.run([sys.executable, "-m", "checker", str(SEEDS), "-f", "json", "--jobs", "1", "--exit-zero"],
                           cwd=ROOT, capture_output=True, timeout=300)
    dask = subprocess.run([sys.executable, "-m", "checker", str(SEEDS), "-f", "json", "--engine", "dask", "--jobs", "1", "--exit-zero"],
                          cwd=ROOT, capture_output=True, timeout=300, env={**os.environ, "PYTHONWARNINGS": ""})
    assert dask.returncode == local.returncode == 0, dask.stderr.decode()
    assert dask.stderr == b""  # the cluster's logging is silenced
    assert dask.stdout == local.stdout
