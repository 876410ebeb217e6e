"""Same-event judgement from slot agreement, on stories other than the seeds'."""

from __future__ import annotations

from pathlib import Path

from checker.running.pipeline import check_corpus


def write(folder: Path, name: str, published: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f"---\npublished: {published}\n---\n{text}\n", encoding="utf-8")


def pair_labels(report):
    return {(p.a.split(":")[0], p.b.split(":")[0]): p.same_event for p in report.pairs}


def test_same_people_place_and_day_are_the_same_event(tmp_path):
    write(tmp_path, "a", "2025-06-12", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Helsinki on Wednesday.")
    write(tmp_path, "b", "2025-06-12", "Kadri Tamm, Estonia's foreign minister, held talks with Elina Koskinen in Helsinki on June 11, 2025.")
    report, _ = check_corpus([tmp_path])
    assert pair_labels(report)[("a", "b")] == "same"
    assert report.findings == ()


def test_bilateral_and_trilateral_meetings_are_different_events(tmp_path):
    write(tmp_path, "a", "2025-06-12", "Chile and Argentina signed a bilateral water agreement in Santiago on Tuesday.")
    write(tmp_path, "b", "2025-06-12", "Chile, Argentina and Peru held a trilateral summit in Lima on Tuesday.")
    report, _ = check_corpus([tmp_path])
    assert pair_labels(report).get(("a", "b"), "different") == "different"  # not even compared slot by slot
    assert not [c for c in report.clusters if len(c.sources) > 1]
    assert not [f for f in report.findings if f.rule == "CC101"]


def test_same_people_different_city_and_day_may_be_two_meetings(tmp_path):
    write(tmp_path, "a", "2025-06-14", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Helsinki on Friday and agreed on joint ferry safety inspections.")
    write(tmp_path, "b", "2025-06-14", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Tallinn on Tuesday and agreed on joint ferry safety inspections.")
    report, _ = check_corpus([tmp_path])
    [location] = [f for f in report.findings if f.rule == "CC101"]
    assert location.same_event == "uncertain" and "different events" in location.explanation


def test_earlier_event_referred_back_to_is_not_compared(tmp_path):
    write(tmp_path, "a", "2025-06-14", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Helsinki on Friday. The meeting follows talks between the pair in March in Vilnius.")
    write(tmp_path, "b", "2025-06-14", "Estonian Foreign Minister Kadri Tamm and Finnish Foreign Minister Elina Koskinen met in Helsinki on Friday.")
    report, _ = check_corpus([tmp_path])
    assert report.findings == ()
    background = [e for e in report.events if e.role == "background"]
    assert background and background[0].source_id == "a"


def test_same_people_different_city_and_day_with_nothing_else_shared_are_different(tmp_path):
    write(tmp_path, "a", "2025-06-14", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Helsinki on Friday.")
    write(tmp_path, "b", "2025-06-14", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Tallinn on Tuesday.")
    report, _ = check_corpus([tmp_path])
    assert pair_labels(report)[("a", "b")] == "different"
    assert report.findings == ()
