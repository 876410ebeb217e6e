"""Shell completion: `check --show-completion` and `--install-completion` work, the first word
completes to the subcommands (and files), and after a subcommand its own commands and options complete."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from checker.cli import main
from conftest import ROOT


def _complete(monkeypatch, capsys, typed: str, shell: str = "bash") -> list[str]:
    """What the shell would offer after `typed` (the word being completed is its last, maybe empty)."""
    monkeypatch.setenv("_CHECK_COMPLETE", f"complete_{shell}")
    if shell == "bash":
        words = typed.split() + ([""] if typed.endswith(" ") else [])
        monkeypatch.setenv("COMP_WORDS", " ".join(words))
        monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    else:
        monkeypatch.delenv("COMP_WORDS", raising=False)
        monkeypatch.setenv("_TYPER_COMPLETE_ARGS", typed)
        monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    main([])
    return capsys.readouterr().out.split()


def test_first_word_completes_to_subcommands_and_files(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "a.md").write_text("x")
    offered = _complete(monkeypatch, capsys, "check ")
    assert {"explain", "rules", "review", "serve", "ingest", "gate", "stories/", "a.md"} <= set(offered)
    assert _complete(monkeypatch, capsys, "check rev") == ["review"]
    assert _complete(monkeypatch, capsys, "check st") == ["stories/"]
    assert "review" not in _complete(monkeypatch, capsys, "check a.md ")  # a path: no subcommand after it


def test_after_a_subcommand_its_commands_and_options_complete(monkeypatch, capsys):
    assert _complete(monkeypatch, capsys, "check review ") == ["list", "decide", "export"]
    assert set(_complete(monkeypatch, capsys, "check gate --st")) == {"--store", "--strict"}
    assert "--statistics" in _complete(monkeypatch, capsys, "check --st")  # the check command's own
    fish = _complete(monkeypatch, capsys, "check review ", shell="fish")
    assert {"list", "decide", "export"} <= set(fish)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_and_install_completion(tmp_path, shell):
    """Typer takes the shell from the process tree (shellingham), not from an argument: the commands run
    under that shell (a second command after them keeps the shell from exec-ing into Python), so the
    test does not depend on whatever started pytest (a terminal's bash, or none in a detached job)."""
    exe = shutil.which(shell)
    if exe is None:
        pytest.skip(f"{shell} is not installed")
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("_CHECK_COMPLETE", None)

    def under_shell(option: str) -> subprocess.CompletedProcess:
        return subprocess.run([exe, "-c", f'"{sys.executable}" -m checker {option}; exit $?' if shell != "fish"
                               else f'"{sys.executable}" -m checker {option}; exit $status'],
                              env=env, capture_output=True, text=True, cwd=tmp_path, timeout=60)

    shown = under_shell("--show-completion")
    assert shown.returncode == 0 and "_CHECK_COMPLETE" in shown.stdout, shown.stderr
    installed = under_shell("--install-completion")
    assert installed.returncode == 0 and "completion installed" in installed.stdout, installed.stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any("_CHECK_COMPLETE" in p.read_text(errors="replace") for p in written)
