"""What a rule author relies on (docs/writing-rules.md): the page's example rule loads with --rules and
works; `ctx` iterates as records; malformed hits and exceptions name the rule, its file and line and exit
3 without losing the other rules' findings; rule options are declared, defaulted and checked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker import cli
from checker.config import Config, unknown_rule_options
from checker.judging.kit import Records, RuleContext, load_rules
from checker.model import Claim

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "writing-rules.md"

A = """---
title: Floods in Lyon
outlet: Valley Courier
published: 2025-03-14
---
Floods killed 12 people in Lyon on Tuesday, officials said.

Later the floods killed 30 people in Lyon, the prefecture said.
"""
B = """---
title: Lyon floods
outlet: Wire Digest
published: 2025-03-14
---
Floods killed 12 people in Lyon on Tuesday, the prefecture said.
"""


def example_rule() -> str:
    """The Python block under "A complete example" in the docs page, verbatim."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## A complete example", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.fixture
def story(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story").mkdir()
    (tmp_path / "story" / "a.md").write_text(A, encoding="utf-8")
    (tmp_path / "story" / "b.md").write_text(B, encoding="utf-8")
    (tmp_path / "my_rules").mkdir()
    (tmp_path / "my_rules" / "count_self_contradiction.py").write_text(example_rule(), encoding="utf-8")
    return tmp_path


def check(*args: str):
    return CliRunner().invoke(cli.app_for(args), list(args), prog_name="check")


def test_the_documented_example_rule_fires(story):
    result = check("story", "--rules", "my_rules", "--select", "EX", "-f", "json", "--exit-zero")
    assert result.exit_code == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings] == ["EX101"]
    assert [s["value"] for s in findings[0]["sides"]] == ["12 people", "30 people"]
    assert findings[0]["name"] == "count-self-contradiction" and findings[0]["severity"] == "medium"


def test_the_documented_example_rule_is_silent_when_counts_agree(story):
    (story / "story" / "a.md").write_text(A.replace("30 people", "12 people"), encoding="utf-8")
    result = check("story", "--rules", "my_rules", "--select", "EX101", "-f", "json", "--exit-zero")
    assert json.loads(result.stdout)["findings"] == []


def test_the_documented_option_is_read_and_a_misspelt_one_refused(story):
    (story / "pyproject.toml").write_text('[tool.checker]\n[tool.checker.rules.EX101]\nmin-difference = 100\n')
    result = check("story", "--rules", "my_rules", "--select", "EX", "-f", "json", "--exit-zero")
    assert result.exit_code == 0 and json.loads(result.stdout)["findings"] == []
    (story / "pyproject.toml").write_text('[tool.checker]\n[tool.checker.rules.EX101]\nmin-diference = 100\n')
    result = check("story", "--rules", "my_rules", "-f", "json")
    assert result.exit_code == 2
    assert "unknown option 'min-diference' (did you mean 'min-difference'?)" in result.stderr
    assert str(story / "pyproject.toml") in result.stderr


def test_an_option_for_a_rule_without_options_is_refused():
    config = Config(rule_options={"CC101": {"min_ratio": 0.2}})
    assert unknown_rule_options(config, load_rules()) == [
        "rules.CC101: unknown option 'min-ratio' (rule CC101 takes no options)"]


def test_explain_shows_the_documented_rule(story):
    result = check("explain", "EX101", "--rules", "my_rules")
    assert result.exit_code == 0 and "What it flags" in result.stdout and "count-self-contradiction" in result.stdout


# --- ctx ----------------------------------------------------------------------------------------------


def _claim(cid: str) -> Claim:
    return Claim(cid, "s", "place", "Lyon", {}, "In Lyon.", 0, 3, 7)


def test_ctx_iterates_records_not_ids():
    ctx = RuleContext(sources={}, claims={"s:c2": _claim("s:c2"), "s:c1": _claim("s:c1")}, events={}, clusters=(),
                      pairs={})
    assert [c.id for c in ctx.claims] == ["s:c1", "s:c2"]  # records, in id order
    assert all(isinstance(c, Claim) for c in ctx.claims)
    assert ctx.claims["s:c1"].id == "s:c1" and ctx.claims.get("nope") is None
    assert "s:c1" in ctx.claims and _claim("s:c1") in ctx.claims and len(ctx.claims) == 2
    assert sorted(ctx.claims.keys()) == ctx.claims.ids() == ["s:c1", "s:c2"]
    assert isinstance(ctx.sources, Records)
    assert ctx.claims_of_kind("place") == list(ctx.claims)


# --- broken rules ---------------------------------------------------------------------------------


RULE = '''"""{doc}

What it flags:
    x
Why it matters:
    x
Example:
    x
"""
from checker.rulekit import Hit, HitSide, side

ID = "{id}"
NAME = "{name}"
KIND = "intra-source"
SEVERITY = "medium"
{extra}

def check(ctx):
{body}
'''

ONE_SIDE = """    for c in ctx.claims_of_kind("quantity"):
        yield Hit("one side", "x", (side(c.value, {"n": c.value}, [c]),), 0.5, "same")
        return"""


def _write_rule(folder: Path, file: str, rule_id: str, body: str, extra: str = "") -> Path:
    path = folder / file
    path.write_text(RULE.format(doc="A test rule.", id=rule_id, name=file[:-3].replace("_", "-"), extra=extra,
                                body=body), encoding="utf-8")
    return path


def test_an_exception_in_a_user_rule_names_file_and_line_and_keeps_other_findings(story):
    path = _write_rule(story / "my_rules", "broken.py", "EX201", "    return [1 / 0]")
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "1 / 0" in text)
    result = check("story", "--rules", "my_rules", "-f", "json")
    assert result.exit_code == 3
    assert f"rule EX201 (my_rules/broken.py:{line}) failed: ZeroDivisionError: division by zero" in result.stderr
    assert "please report" not in result.stderr
    report = json.loads(result.stdout)  # the report is written, with the other rules' findings
    assert "EX101" in {f["rule"] for f in report["findings"]}
    assert any("EX201" in w for w in report["warnings"])


def test_a_hit_with_one_side_is_refused_naming_the_rule(story):
    _write_rule(story / "my_rules", "lonely.py", "EX301", ONE_SIDE)
    result = check("story", "--rules", "my_rules", "-f", "json")
    assert result.exit_code == 3
    assert "rule EX301" in result.stderr and "lonely.py" in result.stderr
    assert "1 side, at least 2 needed" in result.stderr and "MIN_SIDES = 1" in result.stderr


def test_min_sides_1_allows_a_one_sided_hit(story):
    _write_rule(story / "my_rules", "lonely.py", "EX301", ONE_SIDE, extra="MIN_SIDES = 1")
    result = check("story", "--rules", "my_rules", "--select", "EX301", "-f", "json", "--exit-zero")
    assert result.exit_code == 0, result.stderr
    assert [len(f["sides"]) for f in json.loads(result.stdout)["findings"]] == [1]


@pytest.mark.parametrize("body, message", [
    ("    yield 'oops'", "expected checker.rulekit.Hit, got str"),
    ("    yield Hit('s', 'x', (), 0.5, 'same')", "0 sides, at least 2 needed"),
    ("    c = next(iter(ctx.claims))\n    yield Hit('s', 'x', (side('a', 1, [c]), side('b', 2, [])), 0.5, 'same')",
     "side 2 ('b') has no claims"),
    ("    c = next(iter(ctx.claims))\n    yield Hit('s', 'x', (side('a', 1, [c]), side('b', 2, [c])), 0.5, 'maybe')",
     "same_event 'maybe' is not one of"),
    ("    c = next(iter(ctx.claims))\n    yield Hit('s', 'x', (HitSide('a', 1, (c,), ('line',)), side('b', 2, [c])), 0.5, 'same')",
     "side 1 ('a') has a basis that is not checker.rulekit.Quote objects"),
])
def test_malformed_hits_are_refused(story, body, message):
    _write_rule(story / "my_rules", "bad.py", "EX401", body)
    result = check("story", "--rules", "my_rules", "-f", "json")
    assert result.exit_code == 3
    assert "rule EX401" in result.stderr and message in result.stderr, result.stderr


def test_bad_min_sides_or_options_declarations_are_input_errors(story):
    _write_rule(story / "my_rules", "bad.py", "EX501", "    return []", extra="MIN_SIDES = 0")
    result = check("story", "--rules", "my_rules")
    assert result.exit_code == 2 and "MIN_SIDES must be 1 or 2" in result.stderr
    _write_rule(story / "my_rules", "bad.py", "EX501", "    return []", extra="OPTIONS = ['x']")
    assert "OPTIONS must be a dict" in check("story", "--rules", "my_rules").stderr
    _write_rule(story / "my_rules", "bad.py", "EX501", "    return []", extra="YIELDS = 'yes'")
    assert "YIELDS must be True or False" in check("story", "--rules", "my_rules").stderr


def test_a_yielding_finding_goes_when_another_rule_quotes_the_same_values():
    """CC115's finding on two copies of one sentence goes when CC103 sets the same two days against
    each other; one quoting other sentences (or one side only) stays."""
    from checker.model import Finding, Quote, Side
    from checker.running.pipeline import without_restated

    def finding(rule: str, *quotes: tuple[str, int, int]) -> Finding:
        sides = tuple(Side(str(i), i, (f"{src}:c",), (src,), (Quote(src, f"{src}:c", "s", start, end),))
                      for i, (src, start, end) in enumerate(quotes))
        return Finding(f"{rule}-{quotes}", rule, "r", "date", "medium", 0.5, "same", "s", "e", sides)

    copy = finding("CC115", ("a", 10, 16), ("b", 10, 18))
    date = finding("CC103", ("a", 12, 16), ("b", 10, 18))
    elsewhere = finding("CC103", ("a", 40, 46), ("b", 10, 18))
    assert without_restated([copy, date], {"CC115"}) == [date]
    assert without_restated([copy, elsewhere], {"CC115"}) == [copy, elsewhere]
    assert without_restated([copy, date], set()) == [copy, date]
