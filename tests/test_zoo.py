"""The input zoo (tests/zoo.py) against `check` in every output format, `check ingest` and `check gate`:
no internal error, no traceback, a bounded time, every bad file named in a warning, articles in odd
encodings read, the good articles' findings unchanged, valid machine output, nothing stored from a bad
article and a store that passes `PRAGMA integrity_check`.

The commands run as `python -m checker` from the checkout, in a new process each, as a user runs them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import zoo
from conftest import ROOT

FORMATS = ("json", "text", "markdown", "html", "jsonl", "sarif", "concise", "github")
BOUND = 240.0  # seconds for a whole run over the zoo: generous on a shared 2-core machine
HEAVY = {"many-files"}  # its own test: 5,000 more sources would slow every format's run


def run(*args: str, timeout: float = BOUND, stdin: str | None = None) -> tuple[subprocess.CompletedProcess, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    env.pop("CHECKER_DEBUG", None)
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, env=env, capture_output=True,
                         timeout=timeout, input=stdin.encode() if stdin is not None else None)
    return out, time.monotonic() - start


def healthy(out: subprocess.CompletedProcess, elapsed: float, codes=(0, 1)) -> str:
    err = out.stderr.decode("utf-8", "replace")
    assert out.returncode in codes, f"exit {out.returncode}: {err[-2000:]}"
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    assert elapsed < BOUND
    assert "\x1b" not in err and "\x07" not in err, "a control character reached the terminal raw"
    return err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("zoo") / "corpus"
    root.mkdir()
    zoo.build(root, [c for c in zoo.CASES if c.name not in HEAVY])
    yield root
    zoo.remove_deep_folder(root)


@pytest.fixture(scope="module")
def good_findings(tmp_path_factory) -> set[str]:
    root = tmp_path_factory.mktemp("good")
    zoo.write_good(root)
    out, elapsed = run(str(root), "-f", "json", "--no-reviews")
    healthy(out, elapsed)
    return {f["id"] for f in json.loads(out.stdout)["findings"]}


@pytest.fixture(scope="module")
def zoo_json(corpus) -> tuple[dict, str]:
    out, elapsed = run(str(corpus), "-f", "json", "--no-reviews", "--verbose")
    err = healthy(out, elapsed)
    return json.loads(out.stdout), err


def warned(err: str, token: str) -> bool:
    return any(token in line for line in err.splitlines() if line.startswith("check: warning:"))


@pytest.mark.parametrize("case", [c for c in zoo.CASES if c.name not in HEAVY and c.expect == "skip"],
                         ids=lambda c: c.name)
def test_every_bad_file_is_named_in_a_warning_and_left_out(zoo_json, case):
    report, err = zoo_json
    assert warned(err, case.token), f"no warning names {case.token!r}:\n{err}"
    assert not any(case.token in s["path"] for s in report["sources"])


@pytest.mark.parametrize("case", [c for c in zoo.CASES if c.name not in HEAVY and c.expect == "read"],
                         ids=lambda c: c.name)
def test_odd_but_readable_articles_are_read(zoo_json, case, corpus):
    report, _ = zoo_json
    if case.token:
        assert any(case.token in s["path"] for s in report["sources"]), case.name


def test_a_date_with_a_year_out_of_range_is_a_warning_never_another_year(zoo_json):
    """"March 3, 9999" with a publication date in 2025 once became 2025-03-03, silently."""
    report, err = zoo_json
    lines = [line for line in err.splitlines() if line.startswith("check: warning:") and "year-9999-text.txt" in line]
    assert any("'March 3, 9999'" in line and "outside 1000-2199" in line for line in lines), err
    assert any("March 3, 9999" in w for w in report["warnings"])  # in the report too
    source = next(s["id"] for s in report["sources"] if s["path"].endswith("year-9999-text.txt"))
    times = [c for c in report["claims"] if c["source"] == source and c["kind"] == "time"]
    assert not [c for c in times if "March" in c["value"] or c["normalized"].get("date")], times


def test_warnings_and_sources_escape_what_would_reach_a_terminal(zoo_json):
    report, err = zoo_json
    assert any(s["path"].endswith("zoo-badname-\\xff\\xfe.txt") for s in report["sources"])  # bytes shown
    assert "\\x1b" in err or "zoo-esc" not in err  # a file name's escape sequence is shown escaped


def test_encodings_are_noted_in_the_report_and_with_verbose(zoo_json):
    report, err = zoo_json
    by_file = {Path(s["path"]).name: s["metadata"].get("encoding") for s in report["sources"]}
    assert by_file["latin1.txt"]["name"] == "cp1252" and by_file["latin1.txt"]["confidence"] >= 0.8
    assert by_file["cp1252.txt"]["name"] == "cp1252"
    assert by_file["utf16le.txt"] == {"name": "utf-16-le", "confidence": 1.0}
    assert by_file["utf16be.md"] == {"name": "utf-16-be", "confidence": 1.0}
    assert by_file["good-a.txt"] is None and by_file["utf8bom.txt"] is None
    assert "note: " in err and "latin1.txt: decoded as cp1252" in err


def test_good_articles_findings_are_unchanged(zoo_json, good_findings):
    report, _ = zoo_json
    assert good_findings, "the two good articles should disagree (Seoul vs Tokyo, statement vs treaty)"
    assert good_findings <= {f["id"] for f in report["findings"]}


def test_limits_are_warned_about(zoo_json):
    _, err = zoo_json
    assert "levels below" in err and "(the limit)" in err  # folder depth
    assert "nested deeper than 64 levels" in err  # JSON
    assert "digits in JSON" in err
    assert "nested deeper than 256 levels" in err  # HTML
    assert "publication date 9999-12-31 is outside the years" in err
    assert "publication date 0001-01-01 is outside the years" in err


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_survives_the_zoo(corpus, fmt, good_findings):
    out, elapsed = run(str(corpus), "-f", fmt, "--no-reviews")
    healthy(out, elapsed)
    text = out.stdout.decode("utf-8")  # strict: the output is valid UTF-8 whatever the input
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "jsonl":
        for line in text.splitlines():
            json.loads(line)
    if fmt in ("text", "markdown", "concise", "github"):
        assert "\x1b" not in text and "\x07" not in text, f"{fmt}: a control character reached the output raw"


def test_strict_turns_skips_into_exit_2_after_the_report(corpus):
    out, elapsed = run(str(corpus), "-f", "json", "--no-reviews", "--strict", "-q")
    assert out.returncode == 2, out.stderr.decode()
    json.loads(out.stdout)  # the report is still written
    assert "--strict" in out.stderr.decode()


def test_many_tiny_files_finish_in_bounded_time(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    zoo.build(root, [zoo.CASES_BY_NAME["many-files"]])
    out, elapsed = run(str(root), "-f", "json", "--no-reviews", "-q", "--jobs", "2")
    healthy(out, elapsed)
    assert len(json.loads(out.stdout)["sources"]) == 5002
    assert elapsed < 180


# --- the claim store ------------------------------------------------------------------------------------


def stored_ids(store: Path) -> set[str]:
    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        table = next(t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                     if t in ("articles", "sources"))
        return {r[0] for r in conn.execute(f"SELECT id FROM {table}")}


def test_ingest_without_skip_bad_stores_nothing(corpus, tmp_path):
    store = tmp_path / "claims.sqlite"
    out, elapsed = run("ingest", str(corpus), "--store", str(store))
    err = healthy(out, elapsed, codes=(2,))
    assert "nothing was done" in err
    assert not store.exists() or stored_ids(store) == set()


def test_ingest_and_gate_over_the_zoo(corpus, tmp_path, zoo_json):
    report, _ = zoo_json
    store = tmp_path / "claims.sqlite"
    out, elapsed = run("ingest", str(corpus), "--store", str(store), "--skip-bad", "-f", "json")
    err = healthy(out, elapsed, codes=(0,))
    ids = stored_ids(store)
    assert ids == {s["id"] for s in report["sources"]}  # what check read, and nothing else
    for case in zoo.CASES:
        if case.expect == "skip" and case.token and case.name not in HEAVY:
            assert warned(err, case.token), case.name
    out, elapsed = run("gate", str(corpus), "--store", str(store), "--skip-bad", "-f", "jsonl",
                       "--fail-on", "none", "--min-score", "0")
    healthy(out, elapsed, codes=(0, 1))
    lines = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]
    assert lines
    assert stored_ids(store) == ids  # a gate without --ingest-on-pass stores nothing
