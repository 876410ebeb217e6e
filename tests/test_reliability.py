"""Source scores: the majority side of a conflict keeps more trust, weights are configuration."""

from __future__ import annotations

from pathlib import Path

from test_align import write

from checker.config import Config
from checker.running.pipeline import check_corpus
from conftest import SEEDS

STORY = "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in {city} on Friday, the Estonian foreign ministry said."


def scores(report):
    return {s.source_id: s for s in report.scores}


def test_the_lone_dissenting_source_scores_lowest(tmp_path: Path):
    write(tmp_path, "a", "2025-06-14", STORY.format(city="Helsinki"))
    write(tmp_path, "b", "2025-06-14", STORY.format(city="Helsinki"))
    write(tmp_path, "c", "2025-06-14", STORY.format(city="Tallinn"))
    report, _ = check_corpus([tmp_path])
    s = scores(report)
    assert s["c"].rank == 3
    consistency = lambda sid: next(c.value for c in s[sid].components if c.name == "consistency")
    assert consistency("c") < consistency("a") == consistency("b")
    assert any("CC101" in e for e in next(c for c in s["c"].components if c.name == "consistency").evidence)


def test_weights_are_configuration():
    default, _ = check_corpus([SEEDS])
    hygiene_only, _ = check_corpus([SEEDS], Config(weights={"corroboration": 0, "consistency": 0, "attribution": 0, "specificity": 0, "hygiene": 1}))
    for s in hygiene_only.scores:
        hygiene = next(c.value for c in s.components if c.name == "hygiene")
        assert abs(s.score - hygiene) < 1e-3
    assert [s.source_id for s in default.scores] != [s.source_id for s in hygiene_only.scores]


def test_a_source_nobody_confirms_gets_no_corroboration(tmp_path: Path):
    write(tmp_path, "a", "2025-06-14", STORY.format(city="Helsinki"))
    write(tmp_path, "b", "2025-06-14", "Flooding closed three roads in Tartu on Monday, police said.")
    report, _ = check_corpus([tmp_path])
    b = scores(report)["b"]
    assert next(c.value for c in b.components if c.name == "corroboration") == 0.0
    assert b.uncorroborated


def test_a_source_on_every_side_of_a_finding_is_charged_with_contradicting_itself():
    """A self-contradiction that quotes the other reports backing one of its values (CC110) names
    three sources, but only the one on both sides contradicts itself: it carries the penalty in full,
    the reports that back it carry a share no bigger than a lone dissenter's would."""
    from conftest import FIXTURES

    report, _ = check_corpus([FIXTURES / "CC110-self-inconsistency" / "fires-other-reports-back-one-place"])
    s = scores(report)
    consistency = lambda sid: next(c for c in s[sid].components if c.name == "consistency")
    assert any("(self-contradiction)" in e and "CC110" in e for e in consistency("a").evidence)
    assert consistency("a").value < consistency("b").value
    assert s["a"].rank == 3
