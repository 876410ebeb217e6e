"""A bug in alignment or scoring is an internal error (exit 3) that names the stage and the article it
was working on, on one line, without a traceback."""

from __future__ import annotations

import pytest

from checker.cli import main
from conftest import SEEDS


def test_an_alignment_bug_names_the_stage_and_the_articles(monkeypatch, capsys):
    import checker.alignment.align as align

    def broken(*args, **kwargs):
        raise ValueError("no comparison")

    monkeypatch.setattr(align, "compare_events", broken)
    code = main([str(SEEDS), "--jobs", "1", "-f", "json"])
    out, err = capsys.readouterr()
    assert code == 3 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    line = lines[0]
    assert line.startswith("check: internal error: alignment failed on ") and "ValueError: no comparison" in line
    assert ".txt" in line  # the articles, by file


def test_a_scoring_bug_names_the_stage(monkeypatch, capsys):
    import checker.running.pipeline as pipeline

    def broken(*args, **kwargs):
        raise KeyError("corroboration")

    monkeypatch.setattr(pipeline, "score_sources", broken)
    code = main([str(SEEDS), "--jobs", "1"])
    _, err = capsys.readouterr()
    assert code == 3 and "internal error: reliability scoring failed" in err and "KeyError" in err
    assert err.count("\n") == 1


def test_the_source_is_found_in_the_failing_frame():
    from checker.model import Event
    from checker.running.pipeline import StageError

    def compare(a, b):
        raise ZeroDivisionError("x")

    a = Event("s1:e1", "s1", "reported", "meeting", (), (), ())
    b = Event("s2:e1", "s2", "reported", "meeting", (), (), ())
    with pytest.raises(ZeroDivisionError) as caught:
        compare(a, b)
    error = StageError.of("alignment", caught.value, [])
    assert str(error) == "alignment failed on s1, s2: ZeroDivisionError: x" and error.stage == "alignment"
