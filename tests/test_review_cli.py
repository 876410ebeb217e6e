"""CLI tests for editors' decisions: `check --reviews/--show-dismissed/--no-reviews` and `check review ...`.

Most tests stub the pipeline (a two-finding synthetic report that applies decisions like the real
one) so they pin the command-line contract; the last ones run the real pipeline on a copy of the seeds.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker import cli
from checker.judging import kit as rulekit
from checker.storage.reviews import ReviewStore, apply_reviews, default_reviews_path
from conftest import SEEDS
from reportfactory import make_finding, make_report, make_rule

HIGH, MEDIUM = "CC901-aaaaaaaaaaaa", "CC901-bbbbbbbbbbbb"
STALE_LINE = ("check: warning: 1 decision refers to a finding that no longer appears "
              "(see --format json 'reviews.stale')\n")


class ReviewStub:
    """Stands in for checker.running.pipeline.check_corpus, with the real apply_reviews."""

    def __init__(self):
        self.findings = [make_finding(HIGH), make_finding(MEDIUM, severity="medium")]
        self.calls: list[dict] = []

    def check_corpus(self, paths, config, *, reviews=None, show_dismissed=False, reviews_path=None, **run_options):
        self.calls.append({"paths": list(paths), "reviews": reviews, "show_dismissed": show_dismissed,
                           "reviews_path": reviews_path})
        report = make_report(self.findings)
        if reviews is not None:
            report = apply_reviews(report, reviews, show_dismissed=show_dismissed, path=reviews_path)
        return report, []


@pytest.fixture
def stub(monkeypatch, tmp_path) -> ReviewStub:
    s = ReviewStub()
    module = types.ModuleType("checker.running.pipeline")
    module.check_corpus = s.check_corpus
    monkeypatch.setitem(sys.modules, "checker.running.pipeline", module)
    monkeypatch.setattr(rulekit, "load_rules", lambda dirs=(): [make_rule()])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "a.txt").write_text("The ministers met in Lyon on Tuesday.\n")
    for var in ("NO_COLOR", "FORCE_COLOR", "CHECKER_DEBUG", "CHECKER_REVIEWER"):
        monkeypatch.delenv(var, raising=False)
    return s


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli.app_for(args), list(args), prog_name="check", env=env)


STORE = Path("stories/.claimcheck/reviews.sqlite")


def decide(fid: str, state: str, path: Path = STORE, **kw) -> None:
    with ReviewStore.open(path) as store:
        store.decide(fid, state, reviewer=kw.get("reviewer", "alice"), note=kw.get("note", ""))


# --- check PATH... with decisions ---------------------------------------------------------------------


def test_check_without_a_store_runs_without_reviews_and_creates_none(stub, tmp_path):
    result = run("stories", "-f", "json", "--exit-zero")
    assert result.exit_code == 0, result.stderr
    assert stub.calls[-1]["reviews"] is None
    doc = json.loads(result.stdout)
    assert doc["reviews"] == {"path": None, "hidden": [], "stale": []}
    assert not (tmp_path / "stories" / ".claimcheck").exists()


def test_check_finds_the_default_store_and_hides_dismissed(stub):
    decide(HIGH, "dismissed", note="different meeting")
    result = run("stories", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["reviews"]["path"] == str(STORE)
    assert doc["reviews"]["hidden"] == [HIGH]
    assert [f["id"] for f in doc["findings"]] == [MEDIUM]
    assert doc["summary"]["findings"] == 1

    shown = json.loads(run("stories", "-f", "json", "--show-dismissed").stdout)
    assert [f["id"] for f in shown["findings"]] == [HIGH, MEDIUM]
    assert shown["findings"][0]["review"]["state"] == "dismissed"
    assert shown["findings"][0]["review"]["note"] == "different meeting"
    assert shown["reviews"]["hidden"] == []

    ignored = json.loads(run("stories", "-f", "json", "--no-reviews").stdout)
    assert [f["id"] for f in ignored["findings"]] == [HIGH, MEDIUM] and ignored["findings"][0]["review"] is None
    assert ignored["reviews"]["path"] is None


def test_file_paths_find_the_same_store_as_their_folder(stub):
    decide(HIGH, "confirmed")
    doc = json.loads(run("stories/a.txt", "-f", "json").stdout)
    assert doc["findings"][0]["review"]["state"] == "confirmed"


def test_explicit_reviews_path_and_config_key(stub, tmp_path):
    other = tmp_path / "team" / "decisions.sqlite"
    decide(MEDIUM, "follow-up", path=other)
    doc = json.loads(run("stories", "-f", "json", "--reviews", str(other)).stdout)
    assert doc["reviews"]["path"] == str(other)
    assert [f["review"] and f["review"]["state"] for f in doc["findings"]] == [None, "follow-up"]
    (tmp_path / "pyproject.toml").write_text('[tool.checker]\nreviews = "team/decisions.sqlite"\n')
    doc = json.loads(run("stories", "-f", "json").stdout)
    assert doc["findings"][1]["review"]["state"] == "follow-up"
    result = run("stories", "--reviews", "missing.sqlite")  # an explicit store must exist
    assert (result.exit_code, result.stderr) == (2, "check: error: missing.sqlite: no review store (file not found)\n")
    assert not Path("missing.sqlite").exists()
    result = run("stories", "--reviews", str(other), "--no-reviews")
    assert result.exit_code == 2 and "exclude each other" in result.stderr


@pytest.mark.parametrize("args", [("stories", "--reviews", "notes.txt"), ("review", "list", "stories", "--reviews", "notes.txt"),
                                  ("review", "export", "--reviews", "notes.txt"),
                                  ("review", "decide", HIGH, "--state", "confirmed", "--reviews", "notes.txt")])
def test_non_sqlite_file_as_store_exits_2_with_one_line_naming_it(stub, tmp_path, args):
    Path("notes.txt").write_text("CC901-aaaaaaaaaaaa dismissed\n" * 50)
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("check: error: notes.txt: not a review store: ")
    lines = [line for line in result.stderr.splitlines() if not line.startswith("check: warning:")]
    assert len(lines) == 1 and result.stdout == ""
    assert Path("notes.txt").read_text() == "CC901-aaaaaaaaaaaa dismissed\n" * 50


def test_corrupt_default_store_exits_2(stub):
    STORE.parent.mkdir(parents=True)
    STORE.write_bytes(b"\x00garbage" * 100)
    result = run("stories")
    assert result.exit_code == 2 and result.stderr.startswith(f"check: error: {STORE}: not a review store")


def test_dismissed_findings_never_count_for_fail_on(stub):
    assert run("stories", "--fail-on", "high", "-f", "json").exit_code == 1
    decide(HIGH, "dismissed")
    assert run("stories", "--fail-on", "high", "-f", "json").exit_code == 0
    assert run("stories", "--fail-on", "high", "-f", "json", "--show-dismissed").exit_code == 0
    result = run("stories", "--fail-on", "medium", "-f", "json", "--show-dismissed")
    assert (result.exit_code, result.stderr) == (1, "check: failing: 1 finding at or above 'medium'\n")
    assert run("stories", "--fail-on", "high", "-f", "json", "--no-reviews").exit_code == 1
    decide(HIGH, "confirmed")  # a confirmed or follow-up finding still counts
    assert run("stories", "--fail-on", "high", "-f", "json").exit_code == 1
    decide(HIGH, "follow-up")
    assert run("stories", "--fail-on", "high", "-f", "json").exit_code == 1


def test_stale_decisions_warn_once_and_show_in_every_format(stub):
    decide("CC901-gone00000000", "confirmed", note="was real")
    result = run("stories", "-f", "json", "--exit-zero")
    assert result.exit_code == 0
    assert result.stderr == STALE_LINE
    assert [s["finding_id"] for s in json.loads(result.stdout)["reviews"]["stale"]] == ["CC901-gone00000000"]
    for fmt in ("markdown", "text"):
        out = run("stories", "-f", fmt)
        assert "CC901-gone00000000" in out.stdout and "Stale decisions" in out.stdout, fmt
    assert run("stories", "-f", "json", "-q", "--exit-zero").stderr == ""
    decide("CC901-gone11111111", "dismissed")
    assert "2 decisions refer to findings that no longer appear" in run("stories", "-f", "json").stderr


# --- check review decide --------------------------------------------------------------------------------


def test_decide_validates_against_a_run_and_stores_a_snapshot(stub, monkeypatch):
    monkeypatch.setenv("CHECKER_REVIEWER", "Ed Itor")
    result = run("review", "decide", HIGH, "stories", "--state", "dismissed", "--note", "port visit")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{HIGH}: dismissed by Ed Itor at ")
    assert str(STORE) in result.stdout and result.stderr == ""
    with ReviewStore.open(STORE, create=False) as store:
        r = store.get(HIGH)
    assert (r.state, r.note, r.reviewer, r.rule) == ("dismissed", "port visit", "Ed Itor", "CC901")
    assert r.summary.startswith("Sources disagree on where the ministers met")
    # a dismissed (hidden) finding can be decided again
    result = run("review", "decide", HIGH, "stories", "--state", "confirmed", "--reviewer", "bob", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["finding_id"], doc["state"], doc["reviewer"], doc["reviews_path"]) == (HIGH, "confirmed", "bob", str(STORE))


def test_decide_unknown_finding_id_exits_2_and_writes_nothing(stub):
    result = run("review", "decide", "CC901-aaaaaaaaaaab", "stories", "--state", "confirmed")
    assert result.exit_code == 2
    assert result.stderr.startswith("check: error: unknown finding id 'CC901-aaaaaaaaaaab'")
    assert f"did you mean '{HIGH}'?" in result.stderr and result.stderr.count("\n") == 1
    assert not STORE.exists()


@pytest.mark.parametrize("state", ["bogus", "Dismissed", "undecided"])
def test_decide_unknown_state_exits_2(stub, state):
    result = run("review", "decide", HIGH, "stories", "--state", state)
    assert result.exit_code == 2 and not STORE.exists()


def test_decide_with_only_a_store_records_unchecked_with_a_warning(stub, tmp_path):
    store = tmp_path / "elsewhere" / "r.sqlite"
    result = run("review", "decide", "CC777-anything", "--reviews", str(store), "--state", "follow-up")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("check: warning: CC777-anything was not checked against the articles")
    assert not stub.calls  # no run without articles
    with ReviewStore.open(store, create=False) as s:
        assert s.get("CC777-anything").state == "follow-up"
    result = run("review", "decide", "CC777-anything", "--state", "follow-up")  # neither PATHS nor --reviews
    assert result.exit_code == 2 and "PATHS or --reviews" in result.stderr


def test_state_choices_are_the_model_states():
    from checker.model import REVIEW_STATES

    assert tuple(s.value for s in cli.review.ReviewState) == REVIEW_STATES
    assert tuple(s.value for s in cli.review.ListState) == REVIEW_STATES + ("undecided",)


def test_default_reviewer_is_the_user_name(stub, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "osuser")
    assert cli.common.default_reviewer() == "osuser"
    monkeypatch.setenv("CHECKER_REVIEWER", "Named Editor")
    assert cli.common.default_reviewer() == "Named Editor"


# --- check review list ----------------------------------------------------------------------------------


def test_list_shows_every_finding_with_its_state(stub):
    result = run("review", "list", "stories")
    assert result.exit_code == 0, result.stderr
    assert "none yet" in result.stdout and "undecided" in result.stdout
    decide(HIGH, "dismissed", note="false alarm")
    decide("CC901-gone00000000", "confirmed")
    doc = json.loads(run("review", "list", "stories", "-f", "json").stdout)
    assert doc["reviews_path"] == str(STORE)
    assert [(f["id"], f["state"]) for f in doc["findings"]] == [(HIGH, "dismissed"), (MEDIUM, "undecided")]
    assert doc["findings"][0]["review"]["note"] == "false alarm" and doc["findings"][1]["review"] is None
    assert [s["finding_id"] for s in doc["stale"]] == ["CC901-gone00000000"]
    only = json.loads(run("review", "list", "stories", "-f", "json", "--state", "undecided").stdout)
    assert [f["id"] for f in only["findings"]] == [MEDIUM] and only["stale"] == []
    text = run("review", "list", "stories").stdout
    assert f"dismissed  high      {HIGH}  alice" in text and "note: false alarm" in text
    assert "Stale decisions (1)" in text and "CC901-gone00000000" in text
    assert stub.calls[-1]["show_dismissed"] is True


def test_main_dispatches_review(stub, capsys):
    decide(HIGH, "confirmed")
    assert cli.main(["review", "list", "stories", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"][0]["state"] == "confirmed"
    assert cli.main(["review"]) in (0, 2)  # no subcommand: help
    assert cli.main(["./review", "--format", "json", "--exit-zero"]) == 0  # a folder named review is a path
    assert stub.calls[-1]["paths"] == ["./review"]


# --- check review export --------------------------------------------------------------------------------


def test_export_json_and_csv(stub, tmp_path):
    decide(HIGH, "dismissed", note='said "no", then, yes\nsecond line')
    decide(MEDIUM, "follow-up")
    decide(HIGH, "confirmed", note="checked")
    doc = json.loads(run("review", "export", "stories").stdout)
    assert doc["reviews_path"] == str(STORE)
    assert [(d["finding_id"], d["state"]) for d in doc["decisions"]] == [(HIGH, "confirmed"), (MEDIUM, "follow-up")]
    assert set(doc["decisions"][0]) == {"finding_id", "state", "note", "reviewer", "decided_at", "rule", "summary"}

    history = json.loads(run("review", "export", "--reviews", str(STORE), "--history").stdout)["history"]
    assert [(d["finding_id"], d["state"]) for d in history] == [(HIGH, "dismissed"), (MEDIUM, "follow-up"),
                                                                (HIGH, "confirmed")]
    result = run("review", "export", "stories", "--format", "csv", "--history")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert list(rows[0]) == ["finding_id", "state", "note", "reviewer", "decided_at", "rule", "summary"]
    assert [r["state"] for r in rows] == ["dismissed", "follow-up", "confirmed"]
    assert rows[0]["note"] == 'said "no", then, yes\nsecond line'  # quoting survives commas, quotes, newlines

    out = tmp_path / "out" / "decisions.csv"
    out.parent.mkdir()
    result = run("review", "export", "stories", "-f", "csv", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8")))
    assert [r["finding_id"] for r in rows] == [HIGH, MEDIUM]
    assert [p.name for p in out.parent.iterdir()] == ["decisions.csv"]  # atomic: no temp file left


def test_export_without_a_store_exits_2(stub):
    result = run("review", "export", "stories")
    assert result.exit_code == 2 and f"{STORE}: no review store" in result.stderr
    assert not STORE.exists()
    assert run("review", "export", "stories", "-f", "xml").exit_code == 2


# --- end to end on the seeds (real pipeline) ------------------------------------------------------------


def test_seeds_fail_on_high_passes_once_every_high_finding_is_dismissed(tmp_path, monkeypatch):
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHECKER_REVIEWER", "desk")
    before = run("seeds", "--fail-on", "high", "-f", "json")
    assert before.exit_code == 1 and "at or above 'high'" in before.stderr
    highs = [f["id"] for f in json.loads(before.stdout)["findings"] if f["severity"] == "high"]
    assert highs
    for fid in highs:
        result = run("review", "decide", fid, "seeds", "--state", "dismissed", "--note", "separate events")
        assert result.exit_code == 0, result.stderr
    store = default_reviews_path([corpus])
    assert store == corpus / ".claimcheck" / "reviews.sqlite" and store.is_file()

    after = run("seeds", "--fail-on", "high", "-f", "json")
    assert after.exit_code == 0, after.stderr
    doc = json.loads(after.stdout)
    assert doc["reviews"]["hidden"] == highs and doc["reviews"]["path"] == "seeds/.claimcheck/reviews.sqlite"
    assert not any(f["severity"] == "high" for f in doc["findings"])
    assert run("seeds", "--fail-on", "high", "-f", "json", "--show-dismissed").exit_code == 0
    assert run("seeds", "--fail-on", "high", "-f", "json", "--no-reviews").exit_code == 1
    # the store is not read as an article
    assert "claimcheck" not in after.stderr and doc["summary"]["sources"] == 5


def test_csv_export_neutralises_spreadsheet_formulas():
    from checker.cli.review import ExportFormat, export_text
    from checker.model import Review

    text = export_text([Review("CC101-x", "dismissed", note="=HYPERLINK(\"http://evil\")")], ExportFormat.csv, Path("r.sqlite"), False)
    assert "'=HYPERLINK" in text
