"""CLI tests: exit codes, streams, output files and dispatch, with the pipeline and rules stubbed.

The pipeline is injected as a stub module in sys.modules (the CLI imports it lazily), and rule
loading is replaced by synthetic rules, so these tests pin the CLI contract and nothing else.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker import __version__, cli
from checker.judging import kit as rulekit
from checker.model import InputError
from checker.storage import atomic
from reportfactory import make_finding, make_report, make_rule

ANSI = re.compile(r"\x1b\[")
ROOT = Path(__file__).resolve().parent.parent


class Stub:
    """Stands in for checker.running.pipeline: returns a fixed result or raises, and records its calls."""

    def __init__(self):
        self.report = make_report()
        self.warnings: list[str] = []
        self.error: BaseException | None = None
        self.calls: list[tuple[list, object]] = []
        self.stdin: list[str] = []

    def check_corpus(self, paths, config, **run_options):  # jobs, engine, ...: not used by the stub
        self.calls.append((list(paths), config))
        if "stdin" in run_options:
            self.stdin.append(run_options["stdin"])
        if self.error is not None:
            raise self.error
        return self.report, list(self.warnings)


@pytest.fixture
def pipeline(monkeypatch, tmp_path) -> Stub:
    """Stub pipeline and rules; run in an empty folder so no real pyproject.toml is discovered."""
    stub = Stub()
    module = types.ModuleType("checker.running.pipeline")
    module.check_corpus = stub.check_corpus
    monkeypatch.setitem(sys.modules, "checker.running.pipeline", module)
    monkeypatch.setattr(rulekit, "load_rules", lambda dirs=(): [make_rule(), make_rule("CC902", "time-conflict")])
    monkeypatch.chdir(tmp_path)
    for var in ("NO_COLOR", "FORCE_COLOR", "CHECKER_DEBUG", "TTY_COMPATIBLE"):
        monkeypatch.delenv(var, raising=False)
    return stub


def run(*args: str, env: dict | None = None):
    """Invoke the app main() would choose, with stdout and stderr captured separately."""
    return CliRunner().invoke(cli.app_for(args), list(args), prog_name="check", env=env)


# --- exit codes -------------------------------------------------------------------------------------


def test_exit_0_passes_paths_and_config(pipeline):
    result = run("a.txt", "stories/", "--format", "json")
    assert result.exit_code == 0, result.stderr
    paths, config = pipeline.calls[0]
    assert paths == ["a.txt", "stories/"]
    assert config.fail_on is None and config.select == ()
    assert result.stderr == ""


def test_exit_1_by_fail_on_with_summary(pipeline):
    pipeline.report = make_report([make_finding("F1"), make_finding("F2", severity="medium")])
    result = run("x", "--fail-on", "high", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == "check: failing: 1 finding at or above 'high'\n"
    assert run("x", "--fail-on", "medium", "--format", "json").stderr.startswith("check: failing: 2 findings")


def test_fail_on_ignores_low_confidence_and_dismissed_findings(pipeline):
    pipeline.report = make_report([make_finding("F1", confidence=0.4), make_finding("F2", same_event="different")])
    assert run("x", "--fail-on", "low", "--format", "json").exit_code == 1
    assert run("x", "--fail-on", "low", "--min-confidence", "0.5", "--format", "json").exit_code == 0


def test_exit_1_by_min_score(pipeline):
    pipeline.report = make_report(scores={"alpha-news": 0.8, "beta-daily": 0.21})
    result = run("x", "--min-score", "0.3", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == "check: failing: source beta-daily scored 0.21 < 0.30\n"
    assert run("x", "--min-score", "0.2", "--format", "json").exit_code == 0


def test_both_thresholds_in_one_line(pipeline):
    pipeline.report = make_report([make_finding()], scores={"alpha-news": 0.1, "beta-daily": 0.2})
    result = run("x", "--min-score", "0.3", "--fail-on", "high", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == ("check: failing: 1 finding at or above 'high'; source alpha-news scored 0.10 < 0.30; "
                             "source beta-daily scored 0.20 < 0.30\n")


def test_exit_2_input_error_is_one_line(pipeline):
    pipeline.error = InputError("nope.txt: no such file or folder")
    result = run("nope.txt")
    assert result.exit_code == 2
    assert result.stderr == "check: error: nope.txt: no such file or folder\n"
    assert result.stdout == ""


def test_exit_2_bad_config(pipeline, tmp_path):
    (tmp_path / "c.toml").write_text('sellect = ["CC901"]\n')
    result = run("x", "--config", "c.toml")
    assert result.exit_code == 2
    assert result.stderr.startswith("check: error: c.toml: unknown key 'sellect'")
    assert result.stderr.count("\n") == 1 and not pipeline.calls


def test_exit_2_missing_config_file(pipeline):
    result = run("x", "--config", "missing.toml")
    assert (result.exit_code, result.stderr) == (2, "check: error: missing.toml: config file not found\n")


@pytest.mark.parametrize("item", ["CC901", "CC901=", "=high", "CC901=severe"])
def test_exit_2_bad_severity_syntax(pipeline, item):
    result = run("x", "--severity", item)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"check: error: --severity '{item}': expected RULE=SEVERITY")
    assert not pipeline.calls


def test_exit_2_unknown_rule_in_select(pipeline):
    result = run("x", "--select", "CC999")
    assert result.exit_code == 2
    assert result.stderr == "check: error: unknown rule(s): --select: CC999 (run 'check rules' to list them)\n"
    assert not pipeline.calls


def test_exit_2_unknown_rule_in_config_names_the_file(pipeline, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.checker.severity]\nCC99 = "low"\n')
    result = run("rules")
    assert result.exit_code == 2
    assert f"unknown rule(s): {(tmp_path / 'pyproject.toml').resolve()}: severity: CC99" in result.stderr


def test_exit_2_click_usage_errors_kept(pipeline):
    assert run("x", "--format", "yaml").exit_code == 2
    assert run("x", "--min-score", "1.5").exit_code == 2
    assert run().exit_code == 2  # no PATH


def test_exit_3_internal_error_without_traceback(pipeline):
    pipeline.error = RuntimeError("boom")
    result = run("x")
    assert result.exit_code == 3
    assert result.stderr == "check: internal error: RuntimeError: boom (please report this)\n"
    assert "Traceback" not in result.output


def test_exit_3_traceback_with_checker_debug(pipeline):
    pipeline.error = KeyError("k")
    result = run("x", env={"CHECKER_DEBUG": "1"})
    assert result.exit_code == 3
    assert result.stderr.startswith("check: internal error: KeyError: 'k' (please report this)\n")
    assert "Traceback (most recent call last)" in result.stderr


def test_exit_130_on_keyboard_interrupt(pipeline):
    pipeline.error = KeyboardInterrupt()
    result = run("x")
    assert (result.exit_code, result.stderr) == (130, "check: interrupted\n")


def test_help_documents_exit_codes_and_subcommands(pipeline):
    result = run("--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for phrase in ("Exit codes: 0 nothing reaches the thresholds", "1 a finding reaches --fail-on",
                   "2 usage or input error", "3 internal error", "130 interrupted", "check explain RULE",
                   "./explain"):
        assert phrase in text


def test_version(pipeline):
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


# --- output -----------------------------------------------------------------------------------------


def test_json_to_stdout_parses_and_warnings_go_to_stderr(pipeline):
    pipeline.warnings = ["b.txt: no publication date", "c.txt: empty"]
    result = run("x", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] and len(doc["sources"]) == 2
    assert result.stderr == "check: warning: b.txt: no publication date\ncheck: warning: c.txt: empty\n"


def test_quiet_suppresses_warnings_not_failures(pipeline):
    pipeline.warnings = ["b.txt: no publication date"]
    pipeline.report = make_report([make_finding()])
    result = run("x", "--format", "json", "--quiet", "--fail-on", "high")
    assert result.exit_code == 1
    assert result.stderr == "check: failing: 1 finding at or above 'high'\n"


def test_markdown_to_stdout(pipeline):
    result = run("x", "--format", "markdown")
    assert result.exit_code == 0 and result.stdout.startswith("# Claim-consistency report")


def test_output_file_written_atomically(pipeline, tmp_path):
    result = run("x", "--format", "json", "--output", "out.json")
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["schema_version"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temp file left over


def test_text_output_file_has_no_colour(pipeline, tmp_path):
    pipeline.report = make_report([make_finding()])
    result = run("x", "--output", "out.txt", "--exit-zero", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "Lyon" in text and not ANSI.search(text)


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_existing_output_untouched_when_rendering_fails(pipeline, tmp_path, monkeypatch, fmt):
    """JSON is written as it is encoded (into a temporary file), the other formats rendered first:
    either way a renderer failing half-way leaves the previous file."""
    import checker.render
    import checker.render.jsonreport

    target = tmp_path / "out.json"
    target.write_text("previous report\n")

    def broken(*a, **k):
        raise ValueError("renderer bug")

    monkeypatch.setattr(checker.render, "render", broken)
    monkeypatch.setattr(checker.render.jsonreport, "source_to_dict", broken)  # after the first lines
    result = run("x", "--format", fmt, "--output", "out.json")
    assert result.exit_code == 3 and "ValueError: renderer bug" in result.stderr
    assert target.read_text() == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_into_missing_folder_fails_before_pipeline(pipeline):
    result = run("x", "--output", "no/such/dir/out.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("check: error: no/such/dir/out.json: cannot write output")
    assert not pipeline.calls


def test_broken_pipe_keeps_threshold_exit_code(pipeline, monkeypatch):
    pipeline.report = make_report([make_finding()])

    def closed(*a, **k):
        raise BrokenPipeError

    monkeypatch.setattr(cli.check, "emit_report", closed)
    monkeypatch.setattr(cli.check, "silence_stdout", lambda: None)
    result = run("x", "--fail-on", "high")
    assert result.exit_code == 1 and "internal error" not in result.stderr


@pytest.mark.parametrize("args, env, coloured", [
    ((), {"FORCE_COLOR": "1"}, True),  # control: the check below can fail
    (("--no-color",), {"FORCE_COLOR": "1"}, False),
    ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ((), {}, False),  # not a terminal
])
def test_colour(pipeline, args, env, coloured):
    pipeline.report = make_report([make_finding()])
    result = run("x", "--exit-zero", *args, env=env)
    assert result.exit_code == 0
    assert "Lyon" in result.stdout
    assert bool(ANSI.search(result.stdout)) is coloured


# --- atomic writes ----------------------------------------------------------------------------------


def test_write_atomic_replaces_and_keeps_mode(tmp_path):
    target = tmp_path / "r.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    atomic.write_atomic(target, "new ünïcode\n")
    assert target.read_text(encoding="utf-8") == "new ünïcode\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_write_atomic_failure_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "r.txt"
    target.write_text("old")

    def fail(*a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", fail)
    with pytest.raises(OSError):
        atomic.write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_write_atomic_writes_pieces_and_an_error_while_producing_them_leaves_the_old_file(tmp_path):
    target = tmp_path / "r.json"
    atomic.write_atomic(target, iter(["{", '"a": 1', "}\n"]))
    assert target.read_text() == '{"a": 1}\n'

    def pieces():
        yield "{"
        raise ValueError("cannot encode")

    with pytest.raises(ValueError):
        atomic.write_atomic(target, pieces())
    assert target.read_text() == '{"a": 1}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_json_report_written_to_a_file_is_the_one_printed(tmp_path):
    out = tmp_path / "report.json"
    seeds = str(ROOT / "seeds")
    written = subprocess.run([sys.executable, "-m", "checker", seeds, "--format", "json", "--output", str(out)],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
    printed = subprocess.run([sys.executable, "-m", "checker", seeds, "--format", "json"], capture_output=True,
                             text=True, cwd=ROOT, timeout=120)
    assert written.returncode == printed.returncode == 1 and written.stdout == ""  # the seeds have high findings
    assert out.read_text(encoding="utf-8") == printed.stdout


def test_write_atomic_sweeps_only_stale_temp_files(tmp_path):
    stale, fresh, other = tmp_path / ".r.txt.abc.tmp", tmp_path / ".r.txt.def.tmp", tmp_path / ".s.txt.x.tmp"
    for p in (stale, fresh, other):
        p.write_text("junk")
    old = time.time() - 2 * atomic.STALE_AFTER
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    atomic.write_atomic(tmp_path / "r.txt", "x")
    assert not stale.exists() and fresh.exists() and other.exists()


# --- explain and rules ------------------------------------------------------------------------------


def test_explain_prints_doc_and_fixture_cases(pipeline, tmp_path, monkeypatch):
    rule = make_rule(path=tmp_path / "myrules" / "place_conflict.py")
    for case in ("fail-lyon-marseille", "pass-lyon-france"):
        (tmp_path / "fixtures" / "CC901" / case).mkdir(parents=True)
    monkeypatch.setattr(rulekit, "load_rules", lambda dirs=(): [rule])
    result = run("explain", "place-conflict")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("CC901 place-conflict\nkind: location\ndefault severity: high\n")
    assert "Why it matters:" in out and "Example:" in out
    assert "Fixture cases (2): fail-lyon-marseille, pass-lyon-france" in out


def test_explain_unknown_rule_exits_2(pipeline):
    result = run("explain", "CC9O1")
    assert result.exit_code == 2
    assert result.stderr == ("check: error: unknown rule 'CC9O1'; did you mean 'CC901'? "
                             "run 'check rules' to list them\n")


def test_explain_shows_configured_severity(pipeline, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.checker.severity]\nCC901 = "low"\n')
    result = run("explain", "cc901")
    assert "configured severity: low" in result.stdout


def test_rules_lists_and_honours_config(pipeline, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.checker]\nignore = ["time-conflict"]\n'
                                             '[tool.checker.severity]\nCC901 = "medium"\n')
    result = run("rules")
    assert result.exit_code == 0
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[0][:4] == ["ID", "NAME", "SEVERITY", "ENABLED"]
    assert lines[1][:4] == ["CC901", "place-conflict", "medium", "yes"]
    assert lines[2][:4] == ["CC902", "time-conflict", "high", "no"]


def test_rules_bad_rules_folder_is_input_error(pipeline, monkeypatch):
    def missing(dirs=()):
        raise InputError("nowhere: rules folder not found")

    monkeypatch.setattr(rulekit, "load_rules", missing)
    result = run("rules", "--rules", "nowhere")
    assert (result.exit_code, result.stderr) == (2, "check: error: nowhere: rules folder not found\n")


# --- dispatch ---------------------------------------------------------------------------------------


def test_main_dispatches_subcommands_and_paths(pipeline, capsys):
    assert cli.main(["explain", "CC901"]) == 0
    assert capsys.readouterr().out.startswith("CC901 place-conflict")
    assert cli.main(["./explain", "--format", "json"]) == 0  # a folder named explain is a path
    assert pipeline.calls[-1][0] == ["./explain"]
    assert cli.main(["explain"]) == 2  # missing RULE is a usage error
    assert cli.main(["rules", "--help"]) == 0


def test_main_reads_sys_argv(pipeline, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["check", "x", "--format", "json", "--fail-on", "high"])
    pipeline.report = make_report([make_finding()])
    assert cli.main() == 1
    assert json.loads(capsys.readouterr().out)["findings"]


def test_python_dash_m_checker():
    proc = subprocess.run([sys.executable, "-m", "checker", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and __version__ in proc.stdout


# --- precedence -------------------------------------------------------------------------------------


def test_cli_overrides_config_file(pipeline, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.checker]\nselect = ["CC902"]\nfail-on = "high"\n'
                                             'min-score = 0.3\n[tool.checker.severity]\nCC901 = "low"\n')
    pipeline.report = make_report([make_finding()])
    assert run("x", "--format", "json").exit_code == 1  # config's fail-on applies
    result = run("x", "--format", "json", "--fail-on", "none", "--min-score", "0.1", "--select", "CC901",
                 "--severity", "place-conflict=info")
    assert result.exit_code == 0, result.stderr
    config = pipeline.calls[-1][1]
    assert config.select == ("CC901",) and config.fail_on is None and config.min_score == 0.1
    assert config.severity == {"CC901": "info"}  # CLI by name beats file by id; spelt as the id


def test_rule_references_reach_the_pipeline_as_ids(pipeline):
    result = run("x", "--select", "cc901", "--select", "time-conflict", "--ignore", "Place-Conflict",
                 "--severity", "time-conflict=low")
    assert result.exit_code == 0, result.stderr
    config = pipeline.calls[-1][1]
    assert (config.select, config.ignore, dict(config.severity)) == (("CC901", "CC902"), ("CC901",), {"CC902": "low"})


def test_config_discovered_from_nested_folder(pipeline, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.checker]\nfail-on = "medium"\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    pipeline.report = make_report([make_finding(severity="medium")])
    result = run("x", "--format", "json")
    assert result.exit_code == 1
    assert pipeline.calls[-1][1].source == tmp_path / "pyproject.toml"


STUB_SCRIPT = """
import sys, types
from reportfactory import make_finding, make_report
stub = types.ModuleType("checker.running.pipeline")
stub.check_corpus = lambda paths, config, **run_options: (make_report([make_finding()] * 50), [])
sys.modules["checker.running.pipeline"] = stub
from checker.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("args, code", [(["x"], 1), (["x", "--fail-on", "high"], 1), (["x", "-f", "json", "--exit-zero"], 0),
                                        (["x", "--fail-on", "none"], 0)])
def test_closed_stdout_pipe_keeps_exit_code(tmp_path, args, code):
    """`check ... | head`: rich alone would exit 1 on a broken pipe, which reads as "findings"."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    proc = subprocess.Popen([sys.executable, "-c", STUB_SCRIPT, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    proc.stdout.close()  # the reader goes away before the report is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == code, err
    assert "Traceback" not in err and "internal error" not in err
