"""The JSON report is a contract: valid against the schema, byte-identical across runs and input order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema

from checker.render.jsonreport import render_json
from checker.running.pipeline import check_corpus
from conftest import ROOT, SEEDS


def test_seed_report_validates_against_schema(seed_json):
    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(seed_json)


def test_every_claim_quotes_its_sentence_with_exact_offsets(seed_report):
    texts = {s.id: s.text for s in seed_report.sources}
    for c in seed_report.claims:
        text = texts[c.source_id]
        assert text[c.sentence_start : c.sentence_end] == c.sentence
        assert c.sentence_start <= c.start < c.end <= max(c.sentence_end, c.end)
        assert text[c.start : c.end] == c.value or c.kind == "attribution" or c.value in text


def test_json_is_byte_identical_across_runs(seed_report):
    again, _ = check_corpus([SEEDS])
    assert render_json(again) == render_json(seed_report)


def test_json_does_not_depend_on_file_order_or_location(tmp_path: Path, seed_report):
    files = sorted(SEEDS.glob("*.txt"))
    reordered, _ = check_corpus(list(reversed(files)))
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    moved, _ = check_corpus([copy])
    ids = lambda r: [f.id for f in r.findings]
    assert ids(reordered) == ids(seed_report) == ids(moved)
    assert [s.score for s in moved.scores] == [s.score for s in seed_report.scores]


def test_finding_ids_ignore_offsets(tmp_path: Path, seed_report):
    """Prepending a blank paragraph shifts every offset but keeps finding ids (baselines survive edits)."""
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    for f in copy.glob("*.txt"):
        f.write_text("\n\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    shifted, _ = check_corpus([copy])
    assert [f.id for f in shifted.findings] == [f.id for f in seed_report.findings]


def test_every_fixture_report_validates_against_schema():
    from checker.render.jsonreport import report_to_dict
    from conftest import FIXTURES

    validator = jsonschema.Draft202012Validator(json.loads((ROOT / "schema" / "report.schema.json").read_text()))
    cases = sorted(p.parent for p in FIXTURES.glob("*/*/expect.toml"))
    assert cases
    for case in cases:
        report, _ = check_corpus([case])
        validator.validate(report_to_dict(report))
