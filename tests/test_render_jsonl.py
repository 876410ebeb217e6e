"""JSON Lines output: the JSON report's own objects, one per line with a `type`, each valid against its
sub-schema of schema/report.schema.json, in a fixed order and byte-identical across runs."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from checker.model import Review
from checker.render import FORMATS, render
from checker.render.jsonl import HEADER_KEYS, LINE_TYPES, render_jsonl, report_to_lines
from checker.render.jsonreport import report_to_dict
from conftest import ROOT
from reportfactory import make_finding, make_report

REPORT_SCHEMA = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
REGISTRY = Registry().with_resource(REPORT_SCHEMA["$id"], Resource.from_contents(REPORT_SCHEMA))
DEF_OF_TYPE = {"source": "source", "finding": "finding", "stale_review": "stale_review"}


def validator(pointer: str) -> Draft202012Validator:
    """A validator for `{"$ref": "#<pointer>"}` resolved in the report schema (the root document)."""
    return Draft202012Validator({"$ref": f"{REPORT_SCHEMA['$id']}#{pointer}"}, registry=REGISTRY)


def line_errors(obj: dict) -> list[str]:
    """Schema errors of one JSON Lines object once its `type` is removed."""
    body = {k: v for k, v in obj.items() if k != "type"}
    if obj["type"] == "report":
        return [f"{key}: {e.message}" for key, value in body.items()
                for e in validator(f"/properties/{key}").iter_errors(value)] + \
            [f"missing {k}" for k in HEADER_KEYS if k not in body] + \
            [f"unexpected {k}" for k in body if k not in HEADER_KEYS]
    return [e.message for e in validator(f"/$defs/{DEF_OF_TYPE[obj['type']]}").iter_errors(body)]


def parse(text: str) -> list[dict]:
    assert text.endswith("\n") and not text.endswith("\n\n")
    lines = text.split("\n")[:-1]
    assert text.splitlines() == lines  # no stray U+2028 etc. for line splitters to trip on
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def seed(runs):
    return runs[0]


@pytest.fixture(scope="module")
def lines(seed):
    return parse(render_jsonl(seed))


def test_every_line_parses_in_the_documented_order(seed, lines):
    types = [obj["type"] for obj in lines]
    assert types[0] == "report" and types.count("report") == 1
    assert types == ["report"] + ["source"] * len(seed.sources) + ["finding"] * len(seed.findings) \
        + ["stale_review"] * len(seed.stale_reviews)
    assert set(types) <= set(LINE_TYPES)
    assert all(next(iter(obj)) == "type" for obj in lines)  # `type` is always the first key
    assert list(lines[0]) == ["type", *HEADER_KEYS]
    assert lines[0]["summary"]["findings"] == len(seed.findings) > 0


def test_every_line_validates_against_its_sub_schema(lines):
    for obj in lines:
        assert line_errors(obj) == [], obj["type"]


def test_lines_are_the_json_reports_objects(seed, lines):
    doc = report_to_dict(seed)
    strip = lambda objs, kind: [{k: v for k, v in o.items() if k != "type"} for o in objs if o["type"] == kind]  # noqa: E731
    assert strip(lines, "source") == doc["sources"]
    assert strip(lines, "finding") == doc["findings"]
    assert strip(lines, "report") == [{k: doc[k] for k in HEADER_KEYS}]
    assert all(q["sentence"] for f in doc["findings"] for s in f["sides"] for q in s["quotes"])


def test_sub_schema_validation_really_rejects(lines):
    finding = next(o for o in lines if o["type"] == "finding")
    assert line_errors({**finding, "severity": "fatal"})
    assert line_errors({**finding, "confidence": 2})
    assert line_errors({k: v for k, v in finding.items() if k != "sides"})
    source = next(o for o in lines if o["type"] == "source")
    assert line_errors({**source, "rank": 0})
    assert line_errors({**lines[0], "schema_version": "9.9"})
    # the `type` key is not part of the JSON report's objects: left in, the object is rejected
    assert list(validator("/$defs/finding").iter_errors(finding))


def test_jsonl_is_byte_identical_across_runs_and_file_order(runs):
    report, reordered, _ = runs
    assert render_jsonl(report) == render_jsonl(reordered)


def test_finding_ids_survive_shifted_offsets(runs):
    report, _, shifted = runs
    ids = lambda r: [o["id"] for o in parse(render_jsonl(r)) if o["type"] == "finding"]  # noqa: E731
    assert ids(shifted) == ids(report) == [f.id for f in report.findings]


def test_stale_reviews_and_reviews_become_lines():
    stale = Review("CC901-gone", "follow-up", note="call the ministry", reviewer="ed",
                   decided_at="2026-01-02T03:04:05Z", rule="CC901", summary="old summary")
    finding = replace(make_finding(), review=Review("CC901-abc", "confirmed", reviewer="ed"))
    report = replace(make_report([finding], warnings=["stories/x.txt: skipped: empty"]),
                     stale_reviews=(stale,), reviews_path="stories/.claimcheck/reviews.sqlite")
    objs = parse(render_jsonl(report))
    assert [o["type"] for o in objs] == ["report", "source", "source", "finding", "stale_review"]
    for obj in objs:
        assert line_errors(obj) == [], obj["type"]
    assert objs[-1] == {"type": "stale_review", "finding_id": "CC901-gone", "state": "follow-up",
                        "note": "call the ministry", "reviewer": "ed", "decided_at": "2026-01-02T03:04:05Z",
                        "rule": "CC901", "summary": "old summary"}
    assert objs[3]["review"]["state"] == "confirmed"
    assert objs[0]["warnings"] == ["stories/x.txt: skipped: empty"]
    assert objs[0]["reviews"]["path"] == "stories/.claimcheck/reviews.sqlite"


def test_unicode_line_separators_are_escaped():
    report = make_report([make_finding()])
    odd = "The ministers met\u2028in Lyon\u2029on Tuesday\x85— “quoted”."
    report = replace(report, findings=(replace(report.findings[0], summary=odd),))
    text = render_jsonl(report)
    assert "\u2028" not in text and "\u2029" not in text and "\x85" not in text
    assert "“quoted”" in text  # other non-ASCII stays readable UTF-8
    objs = parse(text)
    assert objs[3]["summary"] == odd
    assert [o["type"] for o in objs] == [o["type"] for o in report_to_lines(report)]


def test_render_dispatch_knows_jsonl():
    report = make_report([make_finding()])
    assert "jsonl" in FORMATS
    assert render(report, "jsonl") == render_jsonl(report)
