"""Renderer tests on a hand-built report (an invented flood story), so they run without the pipeline.

Golden files pin the exact JSON and Markdown; rewrite them with UPDATE_GOLDEN=1 after an intended
change and review the diff.
"""

from __future__ import annotations

import copy
import difflib
import io
import json
import os
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from rich.console import Console

from checker.model import (SCHEMA_VERSION, Claim, Component, Event, EventCluster, EventPair, Finding, Metadata, Quote,
                           Report, RuleInfo, Side, Source, SourceScore)
from checker.render import FORMATS, render
from checker.render.common import evidence_lines
from checker.render.jsonreport import jsonable, render_json, report_to_dict
from checker.render.markdown import md_text, render_markdown
from checker.render.terminal import render_terminal

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
GOLDEN = Path(__file__).resolve().parent / "golden"
ANSI = re.compile(r"\x1b\[")

COURIER = ("HARLOW BEND — The Wend River burst its banks on Tuesday, flooding 40 homes in Harlow Bend. "
           "Mayor Ada Quill said the water rose two metres overnight.")
POST = ("Floodwater reached 120 homes | most of them on Mill Lane |\nin Harlow Bend on Tuesday, officials said. "
        "The town's bridge was closed.")
DIGEST = "Residents of Harlow Bend were evacuated after heavy rain. Emergency crews used [boats] to reach *stranded* families."

TEXTS = {"valley-courier": COURIER, "riverside-post": POST, "wire-digest": DIGEST}
PIPE_SENTENCE = "Floodwater reached 120 homes | most of them on Mill Lane |\nin Harlow Bend on Tuesday, officials said."


def _claim(cid, src, kind, value, sentence, index, normalized, **kw) -> Claim:
    """A claim with offsets computed from the invented text, so they are right by construction."""
    text = TEXTS[src]
    s_start = text.index(sentence)
    start = text.index(value, s_start)
    return Claim(id=cid, source_id=src, kind=kind, value=value, normalized=normalized, sentence=sentence,
                 sentence_index=index, start=start, end=start + len(value), sentence_start=s_start,
                 sentence_end=s_start + len(sentence), **kw)


def _quote(c: Claim) -> Quote:
    return Quote(source=c.source_id, claim=c.id, sentence=c.sentence, start=c.start, end=c.end)


@pytest.fixture
def report() -> Report:
    s1 = "HARLOW BEND — The Wend River burst its banks on Tuesday, flooding 40 homes in Harlow Bend."
    s2 = "Mayor Ada Quill said the water rose two metres overnight."
    s4 = "Residents of Harlow Bend were evacuated after heavy rain."
    s5 = "Emergency crews used [boats] to reach *stranded* families."
    claims = (
        _claim("c1", "valley-courier", "place", "Harlow Bend", s1, 0, "place:harlow-bend", event_id="e1"),
        _claim("c2", "valley-courier", "quantity", "40 homes", s1, 0, {"value": 40, "unit": "home"}, event_id="e1"),
        _claim("c3", "valley-courier", "quantity", "two metres", s2, 1, {"value": 2.0, "unit": "m"},
               attribution="Mayor Ada Quill", event_id="e1"),
        _claim("c4", "riverside-post", "quantity", "120 homes", PIPE_SENTENCE, 0, {"value": 120, "unit": "home"},
               attribution="officials", event_id="e2"),
        _claim("c5", "riverside-post", "time", "Tuesday", PIPE_SENTENCE, 0, "2031-04-08", event_id="e2"),
        _claim("c6", "wire-digest", "place", "Harlow Bend", s4, 0, "place:harlow-bend", event_id="e3"),
        _claim("c7", "wire-digest", "participant", "Emergency crews", s5, 1, "emergency crews",
               modality="hedged", event_id="e3"),
    )
    by = {c.id: c for c in claims}
    sources = (  # deliberately not in rank order
        Source("wire-digest", "stories/wire-digest.txt", DIGEST, Metadata(outlet="Wire Digest")),
        Source("valley-courier", "stories/valley-courier.txt", COURIER,
               Metadata(title="Wend River floods Harlow Bend", outlet="Valley Courier",
                        url="https://courier.example/flood", published=date(2031, 4, 9), dateline="HARLOW BEND")),
        Source("riverside-post", "stories/riverside-post.txt", POST,
               Metadata(title="Homes under water | Mill Lane worst hit", outlet="Riverside Post")),
    )
    scores = (
        SourceScore("valley-courier", 0.8123456, 1,
                    (Component("corroboration", 0.9, 0.5, ("place and time confirmed by 2 sources",)),
                     Component("attribution", 0.6666666, 0.3, ("1 of 3 claims attributed: Mayor Ada Quill",)),
                     Component("contradiction", 0.5, 0.2, ("home count disputed by riverside-post",))),
                    uncorroborated=("c3",), corroborated=("c1",), contradicted=("c2",)),
        SourceScore("riverside-post", 0.6, 2,
                    (Component("corroboration", 0.5, 0.5, ()),
                     Component("attribution", 1.0, 0.3, ("all claims attributed",))),
                    corroborated=("c5",), contradicted=("c4",)),
        SourceScore("wire-digest", 0.41, 3, (Component("corroboration", 0.4, 1.0, ("place confirmed",)),),
                    uncorroborated=("c7",), corroborated=("c6",)),
    )
    events = (
        Event("e1", "valley-courier", "reported", "flood", ("c1", "c2", "c3"), (), ("place:harlow-bend",),
              (date(2031, 4, 8),), "Wend River flood"),
        Event("e2", "riverside-post", "reported", "flood", ("c4", "c5"), ("officials",), (), ("2031-04-08",),
              "homes flooded"),
        Event("e3", "wire-digest", "reported", "evacuation", ("c6", "c7"), ("emergency crews",),
              ("place:harlow-bend",), (), "evacuation"),
    )
    findings = (
        Finding("F2", "A002", "unattributed-figure", "attribution", "low", 0.5, "uncertain",
                "wire-digest gives no source for the evacuation", "No attribution verb near the claim.",
                (Side("Emergency crews", "emergency crews", ("c7",), ("wire-digest",), (_quote(by["c7"]),)),)),
        Finding("F1", "Q001", "quantity-mismatch", "quantity", "high", 0.876543, "likely",
                "Sources disagree on how many homes flooded: 40 vs 120",
                "Both report the same flood (same place and day); 120 is three times 40, beyond rounding.",
                (Side("40 homes", {"value": 40, "unit": "home"}, ("c2",), ("valley-courier",), (_quote(by["c2"]),)),
                 Side("120 homes", {"value": 120, "unit": "home"}, ("c4",), ("riverside-post",),
                      (_quote(by["c4"]),))),
                events=("e1", "e2")),
    )
    return Report(
        sources=sources, scores=scores, claims=claims, events=events,
        clusters=(EventCluster("k1", ("e1", "e2", "e3"), ("valley-courier", "riverside-post", "wire-digest"),
                               "Wend River flood in Harlow Bend"),),
        pairs=(EventPair("e1", "e2", 0.8123456, "likely", ("place", "time"), ("quantity",)),),
        findings=findings,
        rules=(RuleInfo("Q001", "quantity-mismatch", "quantity", "high", "Counts of the same thing differ."),
               RuleInfo("A002", "unattributed-figure", "attribution", "low", "A claim has no named source.")),
        warnings=("wire-digest: no publication date",),
    )


def _errors(doc) -> list[str]:
    return [e.message for e in Draft202012Validator(SCHEMA).iter_errors(doc)]


def _check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        if os.environ.get("UPDATE_GOLDEN") != "1":
            pytest.fail(f"golden file {path} was missing and has been written; review it and re-run")
        return
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", "actual"))
        print(diff)
        pytest.fail(f"{name} differs from golden file (UPDATE_GOLDEN=1 to rewrite):\n{diff}")


def _plain_console(width: int = 120) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, width=width), buf  # a StringIO is not a TTY: rich must drop styles itself


# --- JSON and schema --------------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_json_validates_against_schema(report):
    doc = json.loads(render_json(report))
    assert _errors(doc) == []
    assert doc["summary"] == {"sources": 3, "claims": 7, "findings": 2,
                              "by_severity": {"info": 0, "low": 1, "medium": 0, "high": 1}}


@pytest.mark.parametrize("breakage", [
    lambda d: d["findings"][0].__setitem__("severity", "critical"),
    lambda d: d["claims"][0].pop("sentence_start"),
    lambda d: d.pop("summary"),
    lambda d: d["sources"][0].__setitem__("extra", 1),
    lambda d: d["claims"][0].__setitem__("kind", "opinion"),
    lambda d: d["findings"][1].__setitem__("confidence", 1.5),
    lambda d: d["findings"][1]["sides"][0]["quotes"][0].pop("end"),
], ids=["bad-severity", "missing-claim-field", "missing-top-field", "extra-field", "bad-kind",
        "confidence-range", "missing-quote-field"])
def test_schema_rejects_drift(report, breakage):
    doc = report_to_dict(report)
    breakage(doc)
    assert _errors(doc), "schema accepted a broken report"


def test_json_is_deterministic(report):
    first = render_json(report)
    assert render_json(report) == first
    assert render_json(copy.deepcopy(report)) == first
    assert json.loads(first) == report_to_dict(report)
    lines = first.splitlines()
    # one item per line: every claim, event and finding is a line of its own, ready for grep and diff
    assert sum(line.startswith('    {"id": ') and '"kind": ' in line for line in lines) >= len(report.claims)
    assert len(lines) < 40 + len(report.claims) + len(report.events) + len(report.findings) + len(report.sources)


def test_json_content(report):
    doc = report_to_dict(report)
    assert [s["id"] for s in doc["sources"]] == ["valley-courier", "riverside-post", "wire-digest"]
    assert [s["rank"] for s in doc["sources"]] == [1, 2, 3]
    assert doc["sources"][0]["score"] == 0.8123
    assert doc["sources"][0]["metadata"]["published"] == "2031-04-09"
    assert doc["events"][0]["times"] == ["2031-04-08"]
    assert doc["event_pairs"][0]["score"] == 0.8123
    assert [f["id"] for f in doc["findings"]] == ["F2", "F1"]  # model order is kept in JSON
    assert doc["findings"][1]["confidence"] == 0.8765
    assert doc["tool"]["name"] == "claimcheck-news"
    quote = doc["findings"][1]["sides"][1]["quotes"][0]
    assert POST[quote["start"]:quote["end"]] == "120 homes"


def test_jsonable_safety_net():
    assert jsonable({"d": date(2031, 1, 2), "f": float("nan"), "t": (1, 2.123456), "s": {"b", "a"}}) == \
        {"d": "2031-01-02", "f": None, "t": [1, 2.1235], "s": ["a", "b"]}


def test_unscored_source_and_empty_report_validate(report):
    extra = Source("late-wire", "stories/late-wire.txt", "Nothing here.")
    doc = report_to_dict(replace(report, sources=report.sources + (extra,)))
    assert doc["sources"][-1]["id"] == "late-wire" and doc["sources"][-1]["score"] is None
    assert _errors(doc) == []
    empty = Report((), (), (), (), (), (), (), ())
    assert _errors(report_to_dict(empty)) == []
    assert "No findings" in render_markdown(empty)
    assert "No findings" in render(empty, "text")


def test_golden_json(report):
    doc = report_to_dict(report)
    doc["tool"]["version"] = "<version>"  # keep the golden file stable across version bumps
    _check_golden("report.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


# --- Markdown ---------------------------------------------------------------------------------------


def test_golden_markdown(report):
    _check_golden("report.md", render_markdown(report))


def test_markdown_is_deterministic(report):
    assert render_markdown(report) == render_markdown(copy.deepcopy(report))


def test_markdown_escapes_pipe_and_newline_in_quote(report):
    md = render_markdown(report)
    quote_lines = [line for line in md.splitlines() if "most of them on Mill Lane" in line]
    assert quote_lines, "quoted sentence missing"
    for line in quote_lines:
        assert "\\|" in line and re.search(r"(?<!\\)\|", line) is None
    assert any(line.startswith("> ") and "in Harlow Bend on Tuesday" in line for line in quote_lines)
    # the claim span is bolded inside the quote and the title's pipe cannot split the sources table
    assert "**120 homes**" in md
    table = [line for line in md.splitlines() if line.startswith("| ")]
    assert all(len(re.findall(r"(?<!\\)\|", line)) == 6 for line in table)
    assert md_text("a|b\nc *d* [e]") == "a\\|b c \\*d\\* \\[e\\]"


def test_markdown_puts_findings_first_most_severe_first(report):
    md = render_markdown(report)
    assert md.index("Q001") < md.index("A002")  # high before low
    assert "88%" in md and "very likely describe the same event" in md  # the judgement in words
    assert md.index("## Findings") < md.index("## Sources") < md.index("## Source details") < md.index("## Warnings")
    assert "wire-digest: no publication date" in md


def test_markdown_names_sources_and_folds_machine_details(report):
    """Summaries name sources by outlet or title; ids and normalised values sit in a disclosure."""
    md = render_markdown(report)
    findings = md[md.index("## Findings"):md.index("## Sources")]
    assert "Wire Digest gives no source" in findings and "wire-digest gives" not in findings
    before_details = findings.split("<details>")[0]
    assert "normalised" not in before_details.casefold() and "Normalised:" in findings


# --- terminal ---------------------------------------------------------------------------------------


def test_terminal_output(report):
    console, buf = _plain_console()
    render_terminal(report, console)
    out = buf.getvalue()
    assert not ANSI.search(out)
    flat = " ".join(out.split())
    for src in report.sources:
        assert src.id in flat
    assert "Sources disagree on how many homes flooded: 40 vs 120" in flat
    assert " ".join(PIPE_SENTENCE.split()) in flat
    assert "Uncorroborated" in flat  # the values only; the sentences with --verbose
    assert "place and time confirmed by 2 sources" in flat  # component evidence
    assert flat.index("valley-courier") < flat.index("riverside-post") < flat.index("wire-digest")


def test_terminal_markup_in_article_text_is_literal(report):
    out = render(report, "text")
    assert "[boats]" in out and "*stranded*" in out


def test_terminal_narrow_width(report):
    console, buf = _plain_console(width=60)
    render_terminal(report, console)
    out = buf.getvalue()
    assert max(len(line) for line in out.splitlines()) <= 60
    assert "valley-courier" in out and "1/1/1" in out  # ids and claim counts are not cut


def test_terminal_highlights_claim_span_when_colour_is_on(report):
    buf = io.StringIO()
    render_terminal(report, Console(file=buf, width=200, force_terminal=True, color_system="standard"))
    assert ANSI.search(buf.getvalue())


# --- dispatch ---------------------------------------------------------------------------------------


def test_render_dispatch(report):
    assert FORMATS == ("text", "json", "markdown", "html", "jsonl", "sarif", "concise", "github")
    assert render(report, "json") == render_json(report)
    assert render(report, "markdown") == render_markdown(report)
    text = render(report, "text")
    assert isinstance(text, str) and "valley-courier" in text and not ANSI.search(text)
    console, buf = _plain_console()
    assert render(report, "text", console=console) is None
    assert "valley-courier" in buf.getvalue()
    with pytest.raises(ValueError, match="unknown format"):
        render(report, "yaml")


# --- sources by name, evidence in words -------------------------------------------------------------


def test_json_and_sarif_summaries_name_sources_ids_stay_in_machine_fields(report):
    doc = json.loads(render(report, "json"))
    digest = next(f for f in doc["findings"] if f["rule"] == "A002")
    assert digest["summary"] == "Wire Digest gives no source for the evacuation"
    side = digest["sides"][0]
    assert side["sources"] == ["wire-digest"] and side["quotes"][0]["source"] == "wire-digest"
    sarif = json.loads(render(report, "sarif"))
    texts = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert any(t.startswith("Wire Digest gives no source") for t in texts)
    assert not any("wire-digest gives" in t for t in texts)


def test_evidence_lines_turn_scorer_labels_into_words():
    sources = [Source("a1b2c3", "x/a1b2c3.txt", "", Metadata(outlet="Harbour Daily"))]
    lines = evidence_lines(["named: Japan", "named: The joint statement", "anonymous: Commentators also",
                            "anonymous: observers", "furniture (call_to_action): Get a summary",
                            "furniture (call_to_action): Get a summary", "garbled word: mkinematic",
                            "CC101-57fac499e3f2 (0.49): Location differs: Seoul (a1b2c3) vs Yokosuka",
                            "stated place: Seoul"], sources)
    assert lines == ["CC101 (confidence 0.49): Location differs: Seoul (Harbour Daily) vs Yokosuka",
                     "stated place: Seoul",
                     "named sources: “Japan”, “The joint statement”",
                     "unnamed sources: “Commentators”, “observers”",
                     "page furniture, call to action: “Get a summary”",
                     "garbled words: “mkinematic”"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_reports_show_no_scorer_labels(fmt):
    """The seeds' evidence holds "named: ...", "anonymous: ..." and "furniture (tag_strip): ..."."""
    from checker.config import Config
    from checker.running.pipeline import check_corpus

    seeds, _ = check_corpus([Path(__file__).resolve().parent.parent / "seeds"], Config(), jobs=1)
    raw = [e for s in seeds.scores for c in s.components for e in c.evidence]
    assert any(e.startswith(("named: ", "anonymous: ", "furniture (")) for e in raw)
    out = render(seeds, fmt)
    for label in ("named: ", "anonymous: ", "furniture (", "garbled word: "):
        assert label not in out, label
