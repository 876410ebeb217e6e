"""SEED-EXPECTATIONS.md, entry by entry, asserted on the real `check seeds/` report."""

from __future__ import annotations

import re

import pytest


def sid(report, prefix: str) -> str:
    return next(s.id for s in report.sources if s.id.startswith(prefix + "_"))


def findings(report, rule: str):
    return [f for f in report.findings if f.rule == rule]


def side_sources(finding) -> list[set[str]]:
    return [set(s.sources) for s in finding.sides]


def quoted_sources(finding) -> set[str]:
    return {q.source for s in finding.sides for q in s.quotes}


# --- must find ---------------------------------------------------------------------------------------


def test_location_seoul_against_yokosuka(seed_report):
    s1, s2, s3 = (sid(seed_report, p) for p in ("001", "002", "003"))
    [f] = findings(seed_report, "CC101")
    values = {s.value: set(s.sources) for s in f.sides}
    assert values == {"Seoul": {s1, s2}, "Yokosuka": {s3}}
    assert quoted_sources(f) == {s1, s2, s3}, "every source involved is quoted"
    yongsan = [q for s in f.sides for q in s.quotes if "Yongsan" in q.sentence]
    assert yongsan and all(s.value == "Seoul" for s in f.sides for q in s.quotes if q in yongsan)


def test_meeting_day_friday_against_sunday_may_be_two_meetings(seed_report):
    s2, s3 = sid(seed_report, "002"), sid(seed_report, "003")
    [f] = findings(seed_report, "CC103")
    by_source = {src: s for s in f.sides for src in s.sources}
    assert "Friday" in by_source[s3].value
    assert "2026-06-28" in by_source[s2].value and "Sunday" in by_source[s2].value
    assert f.same_event == "uncertain"
    assert "different events" in f.explanation
    location = findings(seed_report, "CC101")[0]
    assert f.confidence <= location.confidence < 0.9, "confidence reflects that the meetings may differ"


def test_signed_formal_agreement_against_joint_statement(seed_report):
    s0, s1, s2 = (sid(seed_report, p) for p in ("000", "001", "002"))
    [f] = findings(seed_report, "CC105")
    assert side_sources(f) == [{s0}, {s1, s2}]
    formal_quote = f.sides[0].quotes[0].sentence
    assert "signed a formal defence cooperation agreement" in formal_quote
    assert any("joint" in q.sentence and "statement" in q.sentence for q in f.sides[1].quotes)


def test_dateline_is_weak_evidence_reported_below_the_location_conflict(seed_report):
    s0 = sid(seed_report, "000")
    [f] = findings(seed_report, "CC102")
    assert s0 in f.sides[0].sources and f.sides[0].normalized["dateline"] is True
    assert "Seoul" in f.sides[1].value
    location = findings(seed_report, "CC101")[0]
    assert f.confidence < location.confidence
    assert f.severity in ("low", "info")


def test_treaty_framing_inside_the_trilateral_article(seed_report):
    s4 = sid(seed_report, "004")
    [f] = findings(seed_report, "CC107")
    assert side_sources(f) == [{s4}, {s4}]
    positive = {c.split(":")[0] for c in f.sides[0].claims}
    assert positive == {s4}
    asserted_terms = {seed_report_claim(seed_report, c).value.lower() for c in f.sides[0].claims}
    negated_sentences = " ".join(q.sentence for q in f.sides[1].quotes)
    assert {"alliance", "pact"} <= asserted_terms
    assert "does not equate to a formal defense obligation" in negated_sentences
    assert "deny aiming to create a NATO-like alliance" in negated_sentences


def seed_report_claim(report, claim_id):
    return next(c for c in report.claims if c.id == claim_id)


# --- must not find -----------------------------------------------------------------------------------


FURNITURE = ["Relevance Score", "rights & takedowns", "Practice interview problems", "1,625 SQL", "Try 250 free problems",
             "No time to read?", "Get a summary", "Previous Article", "Next Article", "World Cup Highlights", "Kakhovka Dam"]


@pytest.mark.parametrize("text", FURNITURE)
def test_no_claim_comes_from_page_furniture(seed_report, text):
    for claim in seed_report.claims:
        assert text not in claim.sentence, f"{claim.id} quotes furniture: {claim.sentence!r}"


def test_no_claim_overlaps_a_furniture_segment(seed_report):
    furniture = {c.source.id: c.furniture() for c in seed_report.cleaned}
    for claim in seed_report.claims:
        for seg in furniture[claim.source_id]:
            assert not (seg.start <= claim.start < seg.end), claim


CONTAINED = [("Seoul", "Yongsan"), ("South Korea", "Seoul"), ("Japan", "Yokosuka"), ("Japan", "Tokyo")]


@pytest.mark.parametrize("outer,inner", CONTAINED)
def test_containment_is_never_a_conflict(seed_report, outer, inner):
    for f in seed_report.findings:
        values = " | ".join(s.value for s in f.sides)
        assert not (re.search(rf"\b{outer}\b", values) and re.search(rf"\b{inner}\b", values) and f.kind == "location"
                    and not any(outer in s.value and inner in s.value for s in f.sides)), f.summary


def test_trilateral_pact_is_not_the_bilateral_meeting(seed_report):
    s4 = sid(seed_report, "004")
    for pair in seed_report.pairs:
        if s4 in (pair.a.split(":")[0], pair.b.split(":")[0]):
            assert pair.same_event in ("different", "uncertain"), pair
    for f in seed_report.findings:
        sources = {s for side in f.sides for s in side.sources}
        if s4 in sources and len(sources) > 1:
            assert f.same_event in ("different", "uncertain") and f.confidence < 0.5, f.summary


@pytest.mark.parametrize("historical", ["1910", "1945", "2024", "January", "September", "early June", "20th-century"])
def test_historical_dates_are_not_set_against_the_meeting(seed_report, historical):
    for f in seed_report.findings:
        if f.kind != "date":
            continue
        for side in f.sides:
            for cid in side.claims:
                assert historical not in seed_report_claim(seed_report, cid).value
    for c in seed_report.claims:
        if c.kind == "time" and historical in c.value:
            assert c.role in ("historical", "background"), c


def test_no_unexpected_findings(seed_report):
    """Precision: the seeds yield exactly the conflicts a careful reader finds, nothing more."""
    assert sorted(f.rule for f in seed_report.findings) == ["CC101", "CC102", "CC103", "CC105", "CC107"]


# --- reliability -------------------------------------------------------------------------------------


def test_every_source_scored_with_explained_components(seed_report):
    assert len(seed_report.scores) == 5
    for s in seed_report.scores:
        assert 0.0 <= s.score <= 1.0
        names = {c.name for c in s.components}
        assert names == {"corroboration", "consistency", "attribution", "specificity", "hygiene"}
        assert all(c.evidence for c in s.components)


def test_reliability_order(seed_report):
    rank = {s.source_id[:3]: s.rank for s in seed_report.scores}
    assert rank["004"] == 5
    for good in ("001", "002"):
        for weaker in ("000", "003", "004"):
            assert rank[good] < rank[weaker]


def test_hygiene_evidence_names_furniture_and_garbled_word(seed_report):
    s4 = next(s for s in seed_report.scores if s.source_id.startswith("004"))
    hygiene = next(c for c in s4.components if c.name == "hygiene")
    assert any("mkinematic" in e for e in hygiene.evidence)
    assert any("Previous Article" in e for e in hygiene.evidence)


@pytest.mark.parametrize("prefix,phrase", [("000", "information-sharing"), ("000", "joint operations"), ("000", "procurement"), ("003", "unmanned")])
def test_single_source_claims_are_uncorroborated_not_conflicts(seed_report, prefix, phrase):
    score = next(s for s in seed_report.scores if s.source_id.startswith(prefix))
    values = [seed_report_claim(seed_report, c).value for c in score.uncorroborated]
    assert any(phrase in v for v in values), values
    for f in seed_report.findings:
        for side in f.sides:
            for cid in side.claims:
                assert phrase not in seed_report_claim(seed_report, cid).value


def test_attribution_evidence(seed_report):
    s1 = next(s for s in seed_report.scores if s.source_id.startswith("001"))
    s0 = next(s for s in seed_report.scores if s.source_id.startswith("000"))
    attr = lambda s: next(c for c in s.components if c.name == "attribution")
    assert any("Defense Ministry" in e for e in attr(s1).evidence)
    assert attr(s0).value < attr(s1).value


def test_plain_text_headlines_become_titles(seed_report):
    titles = {s.id[:3]: s.metadata.title for s in seed_report.sources}
    assert titles["004"] == "Trilateral Security Pact in Asia-Pacific: USA, Japan, and South Korea"
    assert titles["000"] is None, "a story that opens with its dateline has no headline line"
