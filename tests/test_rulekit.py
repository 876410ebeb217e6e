"""Rule modules: identity validated at load time, documentation sections required, user rules loadable."""

from __future__ import annotations

import sys
import textwrap

import pytest

from checker.config import Config
from checker.judging.kit import REQUIRED_SECTIONS, load_rules, load_rules_from
from checker.model import InputError
from checker.running.pipeline import check_corpus
from conftest import SEEDS


def test_builtin_rules_have_unique_ids_and_full_docs():
    rules = load_rules()
    assert len({r.id for r in rules}) == len(rules) >= 10
    for r in rules:
        for section in REQUIRED_SECTIONS:
            assert section in r.doc, (r.id, section)
        assert r.description and r.name and r.kind


USER_RULE = '''
"""Flags every reported event and counts its places.

What it flags:
    Every reported event, with how many places it states.

Why it matters:
    Tests can load user rules.

Example:
    "They met on Monday."
"""
from checker.rulekit import Hit, HitSide

ID = "X900"
NAME = "no-place"
KIND = "location"
SEVERITY = "info"
MIN_SIDES = 1  # one value, no disagreement: the hit says what is missing


def check(ctx):
    for e in sorted(ctx.events.values(), key=lambda e: e.id):
        if e.role == "reported" and e.claim_ids:
            claims = tuple(ctx.claims_of(e.id))[:1]
            yield Hit(f"{e.source_id} states {len(e.places)} places", "places counted", (HitSide("none", None, claims),), 0.5, "same", events=(e.id,))
'''


def test_user_rule_folder_is_loaded_and_runs(tmp_path):
    (tmp_path / "no_place.py").write_text(textwrap.dedent(USER_RULE))
    report, _ = check_corpus([SEEDS], Config(rules_dirs=(tmp_path,)))
    hits = [f for f in report.findings if f.rule == "X900"]
    assert hits and all(f.severity == "info" for f in hits)
    reported = {e.source_id for e in report.events if e.role == "reported" and e.claim_ids}
    assert {f.summary.split()[0] for f in hits} == reported


def test_rule_without_doc_sections_is_rejected(tmp_path):
    (tmp_path / "bad.py").write_text('"""No sections."""\nID="X1"\nNAME="x"\nKIND="k"\nSEVERITY="low"\ndef check(ctx):\n    return []\n')
    with pytest.raises(InputError, match="bad.py"):
        load_rules_from(tmp_path, "user_rules_test")


def test_rule_that_fails_to_import_is_an_input_error(tmp_path):
    (tmp_path / "broken.py").write_text("raise RuntimeError('boom')\n")
    with pytest.raises(InputError, match="broken.py.*boom"):
        load_rules_from(tmp_path, "user_rules_test2")


def test_config_switches_a_rule_off_and_changes_severity():
    report, _ = check_corpus([SEEDS], Config(ignore=("CC101",), severity={"CC103": "low"}))
    assert "CC101" not in {f.rule for f in report.findings}
    assert {f.severity for f in report.findings if f.rule == "CC103"} == {"low"}


OLD_PATH_RULE = USER_RULE.replace("from checker.rulekit import Hit, HitSide", """\
from checker.rulehelpers import side
from checker.compare import place_of
from checker.rulekit import Hit
HitSide = type(side("x", None, []))
""").replace('ID = "X900"', 'ID = "X901"')


def test_a_rule_written_against_the_old_module_paths_still_loads_with_a_deprecation_warning(tmp_path, monkeypatch):
    for old in ("checker.rulehelpers", "checker.compare"):
        monkeypatch.delitem(sys.modules, old, raising=False)  # an earlier import would hide the warning
    (tmp_path / "old_paths.py").write_text(textwrap.dedent(OLD_PATH_RULE))
    with pytest.warns(DeprecationWarning) as warned:
        report, _ = check_corpus([SEEDS], Config(rules_dirs=(tmp_path,)))
    messages = sorted(str(w.message).split(";")[0] for w in warned)
    assert messages == ["checker.compare has moved to checker.alignment.compare",
                        "checker.rulehelpers has moved to checker.judging.helpers"]
    assert all(w.filename.endswith("old_paths.py") for w in warned)  # it points at the rule's import line
    assert [f for f in report.findings if f.rule == "X901"]
    from checker.alignment import compare
    assert sys.modules["checker.compare"] is compare  # one module object under both names
