"""SARIF output: valid against the official OASIS SARIF 2.1.0 schema (vendored in tests/data), one result
per finding, deterministic, and fingerprinted by the stable finding id so baselines survive edits."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from jsonschema.validators import validator_for

from checker.model import Review
from checker.render import FORMATS, render
from checker.render.common import finding_text
from checker.render.sarif import FINGERPRINT_KEY, LEVELS, path_to_uri, render_sarif, report_to_sarif
from conftest import ROOT
from reportfactory import make_finding, make_report

SCHEMA_PATH = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
# The file declares draft-04 (`$schema`); Draft7Validator is checked as well, as SARIF tools commonly use it.
VALIDATORS = (validator_for(SCHEMA), jsonschema.Draft7Validator)

# RFC 3986 URI reference made of unreserved characters, "/" and percent-escapes only (what path_to_uri
# emits): no raw space, "#", "?", ":" or non-ASCII; an absolute one is a file: URI.
RELATIVE_URI = re.compile(r"^(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})+$")
FILE_URI = re.compile(r"^file:///(?:[A-Za-z0-9\-._~/:]|%[0-9A-F]{2})+$")


def schema_errors(doc: dict) -> list[str]:
    return sorted({f"{cls.__name__}: {e.message}" for cls in VALIDATORS for e in cls(SCHEMA).iter_errors(doc)})


@pytest.fixture(scope="module")
def seed(runs):
    return runs[0]


@pytest.fixture(scope="module")
def sarif(seed):
    return json.loads(render_sarif(seed))


# --- the schema file --------------------------------------------------------------------------------


def test_vendored_schema_is_the_official_oasis_file_unchanged():
    assert SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    digest = hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()
    assert digest == "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e", "see tests/data/README.md"
    for cls in VALIDATORS:
        cls.check_schema(SCHEMA)


def test_schema_rejects_broken_logs(sarif):
    """The validation below is real: each of these breakages of a valid log is caught by both validators."""
    assert not schema_errors(sarif)

    def broken(change) -> dict:
        doc = copy.deepcopy(sarif)
        change(doc)
        return doc

    run = lambda d: d["runs"][0]  # noqa: E731
    breakages = {
        "version 9.9": lambda d: d.__setitem__("version", "9.9"),
        "level fatal": lambda d: run(d)["results"][0].__setitem__("level", "fatal"),
        "result without message": lambda d: run(d)["results"][0].pop("message"),
        "line 0": lambda d: run(d)["results"][0]["locations"][0]["physicalLocation"]["region"]
        .__setitem__("startLine", 0),
        "unknown result key": lambda d: run(d)["results"][0].__setitem__("severity", "high"),
        "rule without id": lambda d: run(d)["tool"]["driver"]["rules"][0].pop("id"),
        "bad columnKind": lambda d: run(d).__setitem__("columnKind", "bytes"),
    }
    for name, change in breakages.items():
        doc = broken(change)
        for cls in VALIDATORS:
            assert list(cls(SCHEMA).iter_errors(doc)), f"{cls.__name__} accepted a log with {name}"


# --- the seed report --------------------------------------------------------------------------------


def test_seed_sarif_validates_against_the_official_schema(sarif):
    assert schema_errors(sarif) == []
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"]) == 1
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "claimcheck-news" and driver["version"]
    assert "informationUri" not in driver


def test_sarif_is_byte_identical_across_runs_and_file_order(runs):
    report, reordered, _ = runs
    assert render_sarif(report) == render_sarif(reordered)
    assert render_sarif(report) == render_sarif(report)


def test_no_timestamps(sarif):
    def keys(node):
        if isinstance(node, dict):
            for k, v in node.items():
                yield k
                yield from keys(v)
        elif isinstance(node, list):
            for v in node:
                yield from keys(v)

    assert not [k for k in keys(sarif) if k.endswith("TimeUtc")]
    assert sarif["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_one_result_per_finding_each_naming_a_listed_rule(seed, sarif):
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r.id for r in seed.rules)
    assert len(run["results"]) == len(seed.findings) > 0
    for result, finding in zip(run["results"], seed.findings):
        assert result["ruleId"] == finding.rule
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == LEVELS[finding.severity]
        named = {s.id: s for s in seed.sources}
        assert result["message"]["text"].startswith(finding_text(finding.summary, finding, named))
        assert finding_text(finding.explanation, finding, named) in result["message"]["text"]
        props = result["properties"]
        assert props["confidence"] == finding.confidence and props["same_event"] == finding.same_event
        assert [s["value"] for s in props["sides"]] == [s.value for s in finding.sides]
        assert [s["sources"] for s in props["sides"]] == [list(s.sources) for s in finding.sides]
        assert "review" not in props and "suppressions" not in result


def test_rules_carry_descriptions_levels_kind_and_severity(seed, sarif):
    by_id = {r.id: r for r in seed.rules}
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]:
        info = by_id[rule["id"]]
        assert rule["name"] == info.name
        assert rule["fullDescription"]["text"] == info.description
        assert rule["shortDescription"]["text"] and info.description.startswith(rule["shortDescription"]["text"])
        assert rule["defaultConfiguration"]["level"] == LEVELS[info.severity]
        assert rule["properties"] == {"kind": info.kind, "severity": info.severity}
    assert LEVELS == {"high": "error", "medium": "warning", "low": "note", "info": "note"}


def test_every_quote_is_a_location_with_exact_regions(seed, sarif):
    run = sarif["runs"][0]
    sources = {s.id: s for s in seed.sources}
    claims = {c.id: c for c in seed.claims}
    for result, finding in zip(run["results"], seed.findings):
        quotes = [q for side in finding.sides for q in side.quotes]
        assert len(result["locations"]) == len(quotes)
        for loc, q in zip(result["locations"], quotes):
            src = sources[q.source]
            phys = loc["physicalLocation"]
            art = phys["artifactLocation"]
            assert unquote(art["uri"]) == src.path
            assert run["artifacts"][art["index"]]["location"]["uri"] == art["uri"]
            region = phys["region"]
            assert (region["charOffset"], region["charLength"]) == (q.start, q.end - q.start)
            assert region["snippet"]["text"] == src.text[q.start:q.end]
            lines = src.text.split("\n")
            assert lines[region["startLine"] - 1][region["startColumn"] - 1:].startswith(region["snippet"]["text"])
            context = phys["contextRegion"]
            assert context["snippet"]["text"] == q.sentence == loc["message"]["text"]
            assert context["charOffset"] == claims[q.claim].sentence_start
            assert src.text[context["charOffset"]:context["charOffset"] + context["charLength"]] == q.sentence
            assert context["charOffset"] <= region["charOffset"]
            assert region["charOffset"] + region["charLength"] <= context["charOffset"] + context["charLength"]
            assert loc["properties"]["source"] == q.source and loc["properties"]["claim"] == q.claim


def test_fingerprints_are_finding_ids_and_ignore_offsets(runs):
    report, _, shifted = runs
    base, moved = report_to_sarif(report)["runs"][0], report_to_sarif(shifted)["runs"][0]
    assert [r["partialFingerprints"] for r in base["results"]] == \
        [{FINGERPRINT_KEY: f.id} for f in report.findings]
    assert [r["partialFingerprints"] for r in moved["results"]] == \
        [r["partialFingerprints"] for r in base["results"]]
    # ... while the regions did move: two more characters and two more lines before every quote
    for a, b in zip(base["results"], moved["results"]):
        for la, lb in zip(a["locations"], b["locations"]):
            ra, rb = la["physicalLocation"]["region"], lb["physicalLocation"]["region"]
            assert rb["charOffset"] == ra["charOffset"] + 2 and rb["startLine"] == ra["startLine"] + 2
            assert rb["snippet"] == ra["snippet"]


def test_artifacts_list_every_source_path(seed, sarif):
    artifacts = sarif["runs"][0]["artifacts"]
    uris = [a["location"]["uri"] for a in artifacts]
    assert uris == sorted(uris) == sorted(path_to_uri(s.path) for s in seed.sources)
    assert all(RELATIVE_URI.match(u) for u in uris)
    for a in artifacts:
        assert a["mimeType"] == "text/plain" and "sourceLanguage" not in a
        assert [unquote(a["location"]["uri"])] == [s.path for s in seed.sources if s.id in a["properties"]["sources"]]


# --- paths and hand-built reports -------------------------------------------------------------------


@pytest.mark.parametrize("path, uri", [
    ("seeds/a.txt", "seeds/a.txt"),
    ("stories/my file #1?.txt", "stories/my%20file%20%231%3F.txt"),
    ("100%/a.txt", "100%25/a.txt"),
    ("a:b.txt", "a%3Ab.txt"),  # would otherwise read as a URI with scheme "a"
    ("../news/Zürich.md", "../news/Z%C3%BCrich.md"),
    ("/tmp/x y.txt", "file:///tmp/x%20y.txt"),
    ("C:\\news\\a b.txt", "file:///C:/news/a%20b.txt"),
])
def test_paths_become_percent_encoded_uri_references(path, uri):
    assert path_to_uri(path) == uri
    assert RELATIVE_URI.match(uri) or FILE_URI.match(uri)
    if RELATIVE_URI.match(uri):
        assert unquote(uri) == path


def test_odd_paths_and_formats_stay_valid():
    report = make_report([make_finding()])
    report = replace(report, sources=tuple(replace(s, path=p) for s, p in
                                           zip(report.sources, ["in box/a #1.html", "/abs/ü.jsonl"])))
    doc = report_to_sarif(report)
    assert schema_errors(doc) == []
    artifacts = {a["location"]["uri"]: a["mimeType"] for a in doc["runs"][0]["artifacts"]}
    assert artifacts == {"in%20box/a%20%231.html": "text/html", "file:///abs/%C3%BC.jsonl": "application/x-ndjson"}


def test_review_state_is_a_property_and_a_dismissal_a_suppression():
    confirmed = replace(make_finding("CC901-aaa"), review=Review("CC901-aaa", "confirmed", note="checked", reviewer="ed",
                                                                 decided_at="2026-01-02T03:04:05Z"))
    dismissed = replace(make_finding("CC901-bbb", severity="low"),
                        review=Review("CC901-bbb", "dismissed", note="different meetings", reviewer="ed"))
    doc = report_to_sarif(make_report([confirmed, dismissed]))
    assert schema_errors(doc) == []
    first, second = doc["runs"][0]["results"]
    assert first["properties"]["review"] == {"state": "confirmed", "note": "checked", "reviewer": "ed",
                                             "decided_at": "2026-01-02T03:04:05Z"}
    assert "suppressions" not in first
    assert second["properties"]["review"]["state"] == "dismissed"
    assert second["suppressions"] == [{"kind": "external", "status": "accepted", "justification": "different meetings"}]
    assert second["level"] == "note"


def test_rule_missing_from_report_is_added_and_warnings_are_notifications():
    report = make_report([make_finding(rule="CC999")], warnings=["stories/x.txt: skipped: empty"])
    doc = report_to_sarif(report)
    assert schema_errors(doc) == []
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["CC901", "CC999"]
    assert run["results"][0]["ruleIndex"] == 1
    assert run["invocations"][0]["toolExecutionNotifications"] == [
        {"level": "warning", "message": {"text": "stories/x.txt: skipped: empty"}}]


def test_render_dispatch_knows_sarif():
    report = make_report([make_finding()])
    assert "sarif" in FORMATS
    assert render(report, "sarif") == render_sarif(report)
    assert render_sarif(report).endswith("}\n")


def test_cli_writes_sarif_and_jsonl(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    for fmt in ("sarif", "jsonl"):
        out = tmp_path / f"report.{fmt}"
        run = subprocess.run([sys.executable, "-m", "checker", str(root / "seeds"), "--format", fmt, "--output", str(out), "--exit-zero"],
                             cwd=root, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        text = out.read_text(encoding="utf-8")
        if fmt == "sarif":
            assert json.loads(text)["version"] == "2.1.0"
        else:
            assert [json.loads(line)["type"] for line in text.splitlines()][0] == "report"
