"""Per-rule fixtures: `fixtures/<RULE_ID>-<rule-name>/<case>/` holds 2-4 short articles and an
`expect.toml` saying whether that rule must fire on the folder. Each case is one test; known bugs
are marked with `xfail = "reason"` in the case's expect.toml and run as strict xfails, so a fix
shows up as an XPASS failure that asks for the marker to be removed.

expect.toml keys:
    description  one line: what the case shows (required)
    rule         the rule id, e.g. "CC101" (required; must match the folder prefix)
    fires        true: at least one finding of that rule; false: none (required)
    sides        optional: source ids on each side of a matching finding, order-free
    same_event   optional: allowed same_event labels of a matching finding
    severity     optional: the severity a matching finding must have
    xfail        optional: why the current code gets this realistic case wrong
"""

from __future__ import annotations

import tomllib
import warnings
from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES

ARTICLE_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".html", ".htm", ".json", ".jsonl"}
KNOWN_KEYS = {"description", "rule", "fires", "sides", "same_event", "severity", "xfail"}


def _cases() -> list[tuple[str, Path, dict]]:
    out = []
    for expect in sorted(FIXTURES.glob("*/*/expect.toml")):
        case_dir = expect.parent
        with expect.open("rb") as fh:
            spec = tomllib.load(fh)
        out.append((f"{case_dir.parent.name}/{case_dir.name}", case_dir, spec))
    return out


CASES = _cases()


def _params():
    params = []
    for case_id, case_dir, spec in CASES:
        marks = [pytest.mark.xfail(reason=spec["xfail"], strict=True)] if spec.get("xfail") else []
        params.append(pytest.param(case_dir, spec, id=case_id, marks=marks))
    return params


def _sides_key(sides) -> Counter:
    """Sides as a multiset of frozensets of source ids: order of sides and of ids does not matter."""
    return Counter(frozenset(s) for s in sides)


def _describe(findings) -> str:
    if not findings:
        return "  (no findings)"
    return "\n".join(
        f"  {f.rule} {f.severity} {f.confidence} {f.same_event} {[list(s.sources) for s in f.sides]} {f.summary}"
        for f in findings
    )


@pytest.mark.parametrize(("case_dir", "spec"), _params())
def test_fixture(case_dir: Path, spec: dict) -> None:
    from checker.running.pipeline import check_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report, _ = check_corpus([case_dir])
    rule = spec["rule"]
    ours = [f for f in report.findings if f.rule == rule]
    context = f"{spec['description']}\nall findings:\n{_describe(report.findings)}"

    if not spec["fires"]:
        assert not ours, f"{rule} must not fire here.\n{context}"
        return

    assert ours, f"{rule} should fire here.\n{context}"
    matching = ours
    if "sides" in spec:
        want = _sides_key(spec["sides"])
        matching = [f for f in matching if _sides_key(s.sources for s in f.sides) == want]
        assert matching, f"no {rule} finding with sides {spec['sides']}.\n{context}"
    if "same_event" in spec:
        allowed = set(spec["same_event"])
        matching = [f for f in matching if f.same_event in allowed]
        assert matching, f"no {rule} finding with same_event in {sorted(allowed)}.\n{context}"
    if "severity" in spec:
        matching = [f for f in matching if f.severity == spec["severity"]]
        assert matching, f"no {rule} finding with severity {spec['severity']}.\n{context}"


@pytest.mark.parametrize(("case_dir", "spec"), [pytest.param(d, s, id=i) for i, d, s in CASES])
def test_fixture_is_well_formed(case_dir: Path, spec: dict) -> None:
    unknown = set(spec) - KNOWN_KEYS
    assert not unknown, f"unknown keys in expect.toml: {sorted(unknown)}"
    for key in ("description", "rule", "fires"):
        assert key in spec, f"expect.toml lacks {key!r}"
    assert isinstance(spec["fires"], bool)
    assert case_dir.parent.name.startswith(spec["rule"] + "-"), "rule id must match the folder prefix"
    articles = sorted(p for p in case_dir.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
    assert 2 <= len(articles) <= 4, f"a case holds 2-4 articles, found {len(articles)}"
    stems = {p.stem for p in articles}
    for side in spec.get("sides", []):
        assert set(side) <= stems, f"sides name unknown source ids: {sorted(set(side) - stems)}"
    if "xfail" in spec:
        assert isinstance(spec["xfail"], str) and spec["xfail"].strip(), "xfail needs a reason"


def test_every_rule_has_passing_firing_and_non_firing_fixtures() -> None:
    from checker.judging.kit import load_rules

    rule_ids = {r.id for r in load_rules()}
    covered = {(spec["rule"], spec["fires"]) for _, _, spec in CASES if not spec.get("xfail")}
    missing = sorted(
        f"{rid} ({'firing' if fires else 'non-firing'})"
        for rid in rule_ids
        for fires in (True, False)
        if (rid, fires) not in covered
    )
    assert not missing, "rules without a non-xfail fixture case: " + ", ".join(missing)
