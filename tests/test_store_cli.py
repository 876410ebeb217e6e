"""`check ingest` and `check gate` on the command line: exit codes, machine output validated against the
schemas, stdin, and bad input that must neither crash nor half-write the store."""

from __future__ import annotations

import json
import sqlite3

import pytest
from jsonschema import Draft7Validator, Draft202012Validator
from jsonschema.validators import validator_for
from referencing import Registry, Resource

from checker.cli import main
from conftest import ROOT, SEEDS

REPORT_SCHEMA = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
REGISTRY = Registry().with_resource(REPORT_SCHEMA["$id"], Resource.from_contents(REPORT_SCHEMA))
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
LINE_DEFS = {"source": "source", "finding": "finding", "verdict": "verdict", "ingested": "ingested",
             "ingest_summary": "ingest_summary"}
FIRST = str(SEEDS / "000_9c20335e17cda3a1.txt")
OTHERS = [str(p) for p in sorted(SEEDS.glob("*.txt"))[1:]]


def errors(obj: dict, definition: str) -> list[str]:
    v = Draft202012Validator({"$ref": f"{REPORT_SCHEMA['$id']}#/$defs/{definition}"}, registry=REGISTRY)
    return [e.message for e in v.iter_errors(obj)]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def store(tmp_path, capsys):
    path = tmp_path / "claims.sqlite"
    code, _, _ = run(capsys, "ingest", *OTHERS, "--store", str(path))
    assert code == 0
    return path


def test_ingest_reports_what_it_did_in_every_format(tmp_path, capsys):
    path = str(tmp_path / "claims.sqlite")
    code, out, err = run(capsys, "ingest", OTHERS[0], "--store", path)
    assert (code, err) == (0, "") and out == f"{path}: 1 added, 0 updated, 0 unchanged; 1 articles stored\n"
    code, out, _ = run(capsys, "ingest", *OTHERS[:2], "--store", path, "--format", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(o["type"], o.get("action")) for o in lines] == [("ingested", "unchanged"), ("ingested", "added"),
                                                              ("ingest_summary", None)]
    for o in lines:
        assert errors({k: v for k, v in o.items() if k != "type"}, LINE_DEFS[o["type"]]) == []
    code, out, _ = run(capsys, "ingest", *OTHERS, "--store", path, "--format", "json")
    doc = json.loads(out)
    assert doc["totals"] == {"added": 2, "updated": 0, "unchanged": 2, "stored": 4}
    assert all(errors(a, "ingested") == [] for a in doc["articles"])


def test_gate_fails_a_conflicting_article_with_exit_1_and_passes_one_below_thresholds(store, capsys):
    code, out, err = run(capsys, "gate", FIRST, "--store", str(store))
    assert code == 1 and out.startswith("FAIL 000_9c20335e17cda3a1") and "failing: 1 of 1 article" in err
    code, out, _ = run(capsys, "gate", FIRST, "--store", str(store), "--fail-on", "none", "--min-score", "0.1")
    assert code == 0 and out.startswith("PASS")
    code, _, _ = run(capsys, "gate", FIRST, "--store", str(store), "--fail-on", "high", "--min-confidence", "0.9")
    assert code == 0  # the only high finding is less sure than that


def test_gate_jsonl_lines_validate_and_end_with_the_verdict(store, capsys):
    code, out, _ = run(capsys, "gate", FIRST, OTHERS[-1], "--store", str(store), "--format", "jsonl")
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    for o in lines:
        assert errors({k: v for k, v in o.items() if k != "type"}, LINE_DEFS[o["type"]]) == [], o["type"]
    verdicts = [o for o in lines if o["type"] == "verdict"]
    assert [v["article"] for v in verdicts] == ["000_9c20335e17cda3a1", "004_c0629a4c97f7456d"]
    first_findings = [o["id"] for o in lines[: lines.index(verdicts[0])] if o["type"] == "finding"]
    assert verdicts[0]["findings"] == first_findings and verdicts[0]["passed"] is False


def test_gate_json_validates_and_carries_full_findings(store, capsys):
    code, out, _ = run(capsys, "gate", FIRST, "--store", str(store), "--format", "json")
    (verdict,) = json.loads(out)["verdicts"]
    assert errors(verdict, "verdict") == []
    assert verdict["findings"] and all(f["sides"][0]["quotes"] for f in verdict["findings"])
    assert verdict["source"]["id"] == verdict["article"] and verdict["source"]["components"]


def test_gate_sarif_validates_against_the_official_schema(store, capsys):
    code, out, _ = run(capsys, "gate", FIRST, "--store", str(store), "--format", "sarif")
    log = json.loads(out)
    for cls in (validator_for(SARIF_SCHEMA), Draft7Validator):  # as tests/test_render_sarif.py does
        assert [e.message for e in cls(SARIF_SCHEMA).iter_errors(log)] == []
    results = log["runs"][0]["results"]
    assert results and all(r["partialFingerprints"] for r in results)
    assert {r["ruleId"] for r in results} <= {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}


def test_ingest_on_pass_stores_only_passing_articles(store, capsys):
    code, _, _ = run(capsys, "gate", FIRST, "--store", str(store), "--ingest-on-pass")
    assert code == 1
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 4
    code, out, _ = run(capsys, "gate", FIRST, "--store", str(store), "--ingest-on-pass", "--fail-on", "none",
                       "--format", "jsonl")
    assert code == 0 and json.loads(out.splitlines()[-1])["ingested"] == "added"
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 5
        assert conn.execute("SELECT passed FROM verdicts").fetchall() == [(1,)]


def test_articles_from_stdin_as_json_lines(tmp_path, capsys, monkeypatch):
    import io

    records = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]
    path = str(tmp_path / "claims.sqlite")
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(json.dumps(r) + "\n" for r in records[1:])))
    code, out, _ = run(capsys, "ingest", "-", "--store", path)
    assert code == 0 and "4 added" in out
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(records[0]) + "\n"))
    code, out, _ = run(capsys, "gate", "-", "--store", path, "--format", "jsonl")
    verdict = json.loads(out.splitlines()[-1])
    assert code == 1 and verdict["article"] == records[0]["id"] and verdict["path"] == "<stdin>"


def test_bad_input_is_one_line_exit_2_and_nothing_stored(tmp_path, capsys):
    path = tmp_path / "claims.sqlite"
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = run(capsys, "ingest", OTHERS[0], str(binary), "--store", str(path))
    assert code == 2 and out == "" and err.count("\n") == 1 and "bad.txt: skipped: binary" in err
    assert not path.exists() or sqlite3.connect(path).execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 0
    code, _, err = run(capsys, "ingest", OTHERS[0], str(binary), "--store", str(path), "--skip-bad")
    assert code == 0 and "warning: " in err
    code, _, err = run(capsys, "gate", str(binary), "--store", str(path))
    assert code == 2 and err.count("\n") == 1
    code, _, err = run(capsys, "gate", FIRST, "--store", str(tmp_path / "missing.sqlite"))
    assert (code, err) == (2, f"check: error: {tmp_path / 'missing.sqlite'}: no claim store (file not found)\n")
    code, _, err = run(capsys, "gate", FIRST, "--store", str(binary))
    assert code == 2 and "not a claim store" in err and err.count("\n") == 1


def test_an_internal_error_has_its_own_exit_code(store, capsys, monkeypatch):
    import checker.running.gate

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(checker.running.gate, "judge_articles", broken)
    code, out, err = run(capsys, "gate", FIRST, "--store", str(store))
    assert (code, out) == (3, "") and "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_the_store_can_come_from_the_environment(store, capsys, monkeypatch):
    monkeypatch.setenv("CHECKER_STORE", str(store))
    code, out, _ = run(capsys, "gate", OTHERS[0], "--format", "jsonl")
    assert json.loads(out.splitlines()[-1])["store"] == str(store)


def test_dismissed_findings_next_to_the_store_are_honoured(store, capsys):
    code, out, _ = run(capsys, "gate", FIRST, "--store", str(store), "--format", "json")
    (verdict,) = json.loads(out)["verdicts"]
    high = [f["id"] for f in verdict["findings"] if f["severity"] == "high"]
    assert code == 1 and high
    for fid in high:
        code, _, _ = run(capsys, "review", "decide", fid, "--state", "dismissed", "--reviews",
                         str(store.parent / ".claimcheck" / "reviews.sqlite"))
        assert code == 0
    code, out, _ = run(capsys, "gate", FIRST, "--store", str(store), "--format", "json")
    (verdict,) = json.loads(out)["verdicts"]
    assert code == 0 and verdict["dismissed"] == high
    code, _, _ = run(capsys, "gate", FIRST, "--store", str(store), "--no-reviews")
    assert code == 1
