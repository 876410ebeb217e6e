"""`--strict` on `check ingest` and `check gate` means what it means for `check`: the good articles are
handled and the output written, then a skipped article (or a limit hit) makes the exit code 2."""

from __future__ import annotations

import json
import shutil

import pytest

from checker.cli import main
from conftest import SEEDS

GOOD = sorted(SEEDS.glob("*.txt"))[:2]


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def folder(tmp_path):
    """Two good articles and a binary file that is skipped when read."""
    folder = tmp_path / "in"
    folder.mkdir()
    for p in GOOD:
        shutil.copy(p, folder / p.name)
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    return folder


@pytest.mark.parametrize("strict, expected", [(False, 0), (True, 2)])
def test_ingest_strict_fails_on_a_skipped_article_after_storing_the_others(folder, tmp_path, capsys, strict, expected):
    store = tmp_path / "claims.sqlite"
    code, out, err = _run(capsys, "ingest", str(folder), "--store", str(store), "--skip-bad", "-f", "json",
                          *(["--strict"] if strict else []))
    assert code == expected, err
    assert json.loads(out)["totals"]["stored"] == 2
    assert "zz_binary.txt" in err and "Traceback" not in err
    assert ("failing because of --strict" in err) == strict


@pytest.mark.parametrize("strict, expected", [(False, 0), (True, 2)])
def test_gate_strict_fails_on_a_skipped_article_after_the_verdicts(folder, tmp_path, capsys, strict, expected):
    store = tmp_path / "claims.sqlite"
    assert _run(capsys, "ingest", str(GOOD[0]), "--store", str(store))[0] == 0
    code, out, err = _run(capsys, "gate", str(folder / GOOD[1].name), str(folder / "zz_binary.txt"),
                          "--store", str(store), "--skip-bad", "--fail-on", "none", "-f", "json",
                          *(["--strict"] if strict else []))
    assert code == expected, err
    assert [v["article"] for v in json.loads(out)["verdicts"]] == [GOOD[1].stem]
    assert ("failing because of --strict" in err) == strict
    assert [line for line in err.splitlines() if "error" in line] == (
        ["check: error: 1 input problem (skipped articles or limits hit; see the warnings): "
         "failing because of --strict"]
        if strict else [])


def test_strict_is_in_the_help_of_ingest_and_gate(capsys):
    for command in ("ingest", "gate"):
        assert main([command, "--help"]) == 0
        assert "--strict" in capsys.readouterr().out
