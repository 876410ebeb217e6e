"""`check` behaves as linters do: exit 1 on findings at or above --fail-on (default high), --exit-zero,
`check -` reads stdin, --select/--ignore take prefixes and ALL, one-line formats (concise, github),
--statistics, completion, one-line usage errors, help without type names, right plurals; and nothing an
article carries (control characters, escape sequences, lone surrogates) reaches the terminal raw or
crashes a format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from checker.cli.common import Format
from checker.config import Config, rule_enabled, unknown_rule_refs
from checker.judging.thresholds import score_text, threshold_failures, with_default_threshold
from checker.model import Metadata, SourceScore
from checker.reading.load import load_corpus
from checker.render import FORMATS, render
from checker.render.common import printable
from reportfactory import make_finding, make_report, make_rule
from test_cli import pipeline, run  # noqa: F401 - the fixture is used by name

ROOT = Path(__file__).resolve().parent.parent


# --- exit codes -------------------------------------------------------------------------------------


def test_high_finding_exits_1_by_default_as_the_gate_does(pipeline):
    pipeline.report = make_report([make_finding()])
    result = run("x", "-f", "json")
    assert result.exit_code == 1
    assert result.stderr.strip() == "check: failing: 1 finding at or above 'high'"


def test_medium_finding_exits_0_by_default(pipeline):
    pipeline.report = make_report([make_finding(severity="medium")])
    assert run("x", "-f", "json").exit_code == 0


@pytest.mark.parametrize("args", [["--exit-zero"], ["--fail-on", "none"], ["--min-score", "0.1"]])
def test_opting_out_of_the_default_threshold(pipeline, args):
    pipeline.report = make_report([make_finding()])
    result = run("x", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    assert "failing" not in result.stderr


def test_fail_on_none_in_the_config_file_switches_the_default_off(pipeline, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.checker]\nfail-on = "none"\n')
    pipeline.report = make_report([make_finding()])
    assert run("x", "-f", "json").exit_code == 0


def test_exit_zero_still_exits_2_on_input_errors(pipeline):
    from checker.model import InputError

    pipeline.error = InputError("x: no such file or directory")
    assert run("x", "--exit-zero").exit_code == 2


def test_default_threshold_keeps_configured_ones():
    assert with_default_threshold(Config()).fail_on == "high"
    assert with_default_threshold(Config(fail_on="low")).fail_on == "low"
    assert with_default_threshold(Config(min_score=0.3)).fail_on is None
    assert with_default_threshold(Config(fail_on_off=True)).fail_on is None


def test_score_that_rounds_to_the_threshold_shows_more_digits():
    assert score_text(0.2989, 0.3) == "0.299 < 0.30"
    assert score_text(0.21, 0.3) == "0.21 < 0.30"
    report = make_report(scores={"alpha-news": 0.2989, "beta-daily": 0.9})
    assert threshold_failures(report, Config(min_score=0.3)) == ["source alpha-news scored 0.299 < 0.30"]


# --- standard input ---------------------------------------------------------------------------------


def test_dash_passes_stdin_to_the_pipeline(pipeline):
    from typer.testing import CliRunner

    from checker import cli

    result = CliRunner().invoke(cli.app_for(["-"]), ["-", "-f", "json"], prog_name="check",
                                input="The ministers met in Lyon.")
    assert result.exit_code == 0, result.stderr
    assert pipeline.calls[0][0] == ["-"] and pipeline.stdin == ["The ministers met in Lyon."]


@pytest.mark.parametrize("text, expect_ids, expect_title", [
    ("The ministers met in Lyon on Tuesday.\n", ["stdin"], None),
    ("---\ntitle: Talks in Lyon\n---\nThe ministers met in Lyon.\n", ["stdin"], "Talks in Lyon"),
    ('{"id": "a1", "title": "T", "text": "Met in Lyon."}\n{"id": "a2", "text": "Met in Nice."}\n', ["a1", "a2"], "T"),
    ("<!doctype html><html><head><title>Page</title></head><body><p>The ministers met in Lyon on Tuesday "
     "and agreed to meet again.</p></body></html>", ["stdin"], "Page"),
])
def test_stdin_formats_are_told_by_content(text, expect_ids, expect_title):
    loaded = load_corpus(["-"], stdin=text)
    assert [s.id for s in loaded.sources] == expect_ids
    assert loaded.sources[0].metadata.title == expect_title
    assert "Lyon" in loaded.sources[0].text


def test_check_dash_reads_an_article_from_stdin_end_to_end():
    text = (ROOT / "seeds").glob("003_*.txt").__next__().read_text(encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "checker", "-", "-f", "json"], input=text, capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert out.returncode in (0, 1), out.stderr
    assert [s["id"] for s in json.loads(out.stdout)["sources"]] == ["stdin"]


# --- rule selection ---------------------------------------------------------------------------------


def test_prefixes_and_all_select_rules():
    rules = [make_rule("CC101", "location-conflict"), make_rule("CC201", "other-thing")]
    assert [r.id for r in rules if rule_enabled(Config(select=("CC1",)), r.id, r.name)] == ["CC101"]
    assert [r.id for r in rules if rule_enabled(Config(select=("ALL",), ignore=("cc2",)), r.id, r.name)] == ["CC101"]
    assert unknown_rule_refs(Config(select=("ALL", "CC1", "cc20")), rules) == []
    assert unknown_rule_refs(Config(select=("CC3",), ignore=("X",)), rules) == ["select: CC3", "ignore: X"]
    assert unknown_rule_refs(Config(severity={"CC1": "low"}), rules) == ["severity: CC1"]  # only ids or names


def test_select_prefix_is_accepted_on_the_command_line(pipeline):
    result = run("x", "--select", "CC9", "--ignore", "CC902", "-f", "json", "--exit-zero")
    assert result.exit_code == 0, result.stderr
    config = pipeline.calls[0][1]
    assert rule_enabled(config, "CC901", "place-conflict") and not rule_enabled(config, "CC902", "time-conflict")


# --- one line per finding ---------------------------------------------------------------------------


def test_concise_is_one_line_per_finding_most_severe_first():
    report = make_report([make_finding("CC901-b", severity="low"), make_finding("CC901-a")])
    lines = render(report, "concise").splitlines()
    assert lines == [
        "alpha-news.txt | beta-daily.txt: CC901 [high] place-conflict: Sources disagree on where the ministers met: "
        "Lyon vs Marseille",
        "alpha-news.txt | beta-daily.txt: CC901 [low] place-conflict: Sources disagree on where the ministers met: "
        "Lyon vs Marseille",
    ]


def test_github_annotations_with_file_line_and_level():
    report = make_report([make_finding(), make_finding("CC901-m", severity="medium")])
    lines = render(report, "github").splitlines()
    assert lines[0].startswith("::error file=stories/alpha-news.txt,line=1,col=22,title=CC901 place-conflict (high)::")
    assert lines[1].startswith("::warning ")
    assert "Lyon vs Marseille" in lines[0]


def test_github_escapes_newlines_percent_and_property_separators():
    finding = replace(make_finding(), summary="50% said:\nmore")
    line = render(make_report([finding]), "github")
    assert line.count("\n") == 1 and "50%25 said:%0Amore" in line


def test_statistics_counts_per_rule(pipeline):
    pipeline.report = make_report([make_finding("CC901-a"), make_finding("CC901-b", severity="low")])
    result = run("x", "--statistics", "--exit-zero")
    assert result.stdout == "2  CC901  place-conflict  [high]\n"
    data = json.loads(run("x", "--statistics", "-f", "json", "--exit-zero").stdout)
    assert data == [{"rule": "CC901", "name": "place-conflict", "severity": "high", "count": 2}]


def test_statistics_keeps_the_exit_code(pipeline):
    pipeline.report = make_report([make_finding()])
    assert run("x", "--statistics").exit_code == 1


# --- usage, help, completion ------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["x", "--format", "yaml"], [], ["x", "--min-score", "2"], ["x", "--nope"],
                                  ["explain"], ["review", "decide"]])
def test_usage_errors_are_one_line(pipeline, args):
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("check: error: "), result.stderr


def test_help_names_no_python_types(pipeline):
    for args in (["--help"], ["explain", "--help"], ["serve", "--help"], ["gate", "--help"], ["ingest", "--help"],
                 ["review", "list", "--help"], ["review", "decide", "--help"], ["review", "export", "--help"]):
        text = run(*args).stdout
        assert "<list[" not in text and "<int" not in text and "<float" not in text and "<str>" not in text, args
        assert "{" not in text.splitlines()[0], text.splitlines()[0]  # usage says PATH..., not {PATH}...


def test_help_explains_the_report_words(pipeline):
    text = " ".join(run("--help").stdout.split())
    for word in ("Severity", "Confidence", "corroborated/contradicted/uncorroborated", "corroboration",
                 "consistency", "attribution", "specificity", "hygiene", "--exit-zero", "Finding ids"):
        assert word in text, word


def test_shell_completion_is_on():
    env = {**os.environ, "_CHECK_COMPLETE": "complete_bash", "COMP_WORDS": "check seeds --format ", "COMP_CWORD": "3"}
    out = subprocess.run([sys.executable, "-m", "checker"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0 and "concise" in out.stdout.split(), out.stderr
    script = subprocess.run([sys.executable, "-m", "checker"], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "_CHECK_COMPLETE": "source_bash"})
    assert "complete" in script.stdout


# --- plurals and escaping ---------------------------------------------------------------------------


def test_plurals_in_every_summary():
    report = make_report([make_finding()], scores={"alpha-news": 0.5})
    one = replace(report, sources=report.sources[:1], claims=report.claims[:1])
    text = render(one, "text")
    assert "1 source, 1 claim, 1 finding" in text and "1 sources" not in text
    assert "1 sources" not in render(one, "markdown")


ESC_TITLE = "Evil \x1b[2J\x1b]0;pwned\x07 title \u202e and \x9b31m"


def _hostile_report():
    report = make_report([make_finding()])
    src = report.sources[0]
    bad = replace(src, path="stories/a\x1b[31mlpha.txt", metadata=Metadata(title=ESC_TITLE, outlet="Out\rlet"))
    finding = replace(make_finding(), summary="Sources disagree \x1b[5m on \ud800 Lyon", explanation="x\x1b[0m\udcff")
    return replace(report, sources=(bad,) + report.sources[1:], findings=(finding,), warnings=("w \x1b[1m",))


@pytest.mark.parametrize("fmt", ["text", "markdown", "concise", "github"])
def test_control_characters_are_escaped_in_what_people_read(fmt):
    out = render(_hostile_report(), fmt)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x9b" not in out and "\r" not in out
    out.encode("utf-8")  # no lone surrogate left


@pytest.mark.parametrize("fmt", FORMATS)
def test_lone_surrogates_do_not_crash_any_format(fmt):
    out = render(_hostile_report(), fmt)
    assert out.encode("utf-8")
    if fmt in ("json", "sarif"):
        json.loads(out)  # the surrogate became a standard \\ud800 escape


def test_text_to_a_terminal_console_is_escaped():
    import io

    from rich.console import Console

    from checker.render.terminal import render_terminal

    buf = io.StringIO()
    render_terminal(_hostile_report(), Console(file=buf, width=100, force_terminal=True, color_system="standard"),
                    verbose=True)
    raw = buf.getvalue()
    assert "\x1b[2J" not in raw and "\x1b]0;" not in raw and "\\x1b[2J" in raw


def test_stderr_lines_escape_file_names(pipeline):
    pipeline.warnings = ["stories/\x1b[31mred.txt: skipped: empty"]
    result = run("x", "-f", "json", "--exit-zero")
    assert "\x1b" not in result.stderr and "\\x1b[31mred.txt" in result.stderr


def test_printable_keeps_ordinary_text():
    assert printable("Café — “quoted” 東京\tok") == "Café — “quoted” 東京\tok"
    assert printable("a\nb") == "a\\nb" and printable("a\nb", newlines=True) == "a\nb"


def test_format_enum_matches_renderers():
    assert tuple(f.value for f in Format) == FORMATS


# --- README and pyproject -----------------------------------------------------------------------------


def test_readme_starts_with_what_the_tool_is_then_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# claimcheck-news"
    statement = [ln for ln in lines[1:5] if ln.strip()][0]
    assert statement.startswith("Checks news articles") and len(statement) < 140
    commands = [ln.strip() for ln in lines if ln.startswith("    python3 -m venv")]
    assert commands[0].endswith(".venv/bin/check seeds/") and commands[1].endswith("-m pytest -q")
    assert lines.index("    " + commands[0]) < 8


def test_pyproject_points_to_the_configuration_section_that_exists():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'docs/cli.md, section "Configuration"' in pyproject
    assert "\n## Configuration\n" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
